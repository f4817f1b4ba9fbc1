"""Graded exercises of chapter `transformers`. Every reference is a model function of widgets/transformers.py."""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import transformers as model

# ------------------------------------------------------------------ 1. tanh_chain_grad


def _chain_wrong(no_w=False, no_identity=False, at_h=False):
    """The chain rule through h <- tanh(w h + b) (or h + tanh(w h + b)) with one slip switched on."""
    def tanh_chain_grad(L, residual=False, w=1.5, b=0.3, h0=0.5):
        h, grad = float(h0), 1.0
        for _ in range(int(L)):
            t = np.tanh(w * h + b)
            local = (1.0 if no_w else w) * (1.0 - (np.tanh(h) if at_h else t) ** 2)
            grad *= (1.0 + local) if residual and not no_identity else local
            h = h + t if residual else t
        return float(grad)
    return tanh_chain_grad


def _chain_example(rng):
    return [(1, False), (10, False), (50, False), (10, True), (50, True)]


def _chain_random(rng):
    cases = []
    for _ in range(8):
        cases.append((int(rng.integers(1, 40)), bool(rng.integers(0, 2)), float(np.round(rng.uniform(0.4, 2.5), 2)),
                      float(np.round(rng.uniform(-1, 1), 2)), float(np.round(rng.uniform(-1.5, 1.5), 2))))
    return cases


def _chain_edges(rng):
    """L = 0 (no layer: the gradient is 1), a chain through 0 with w = 1 and b = 0 (tanh'(0) = 1, so the plain
    product is exactly 1 while the residual doubles each layer), a negative weight (the sign alternates)."""
    return [(0, False), (0, True), (5, False, 1.0, 0.0, 0.0), (5, True, 1.0, 0.0, 0.0), (7, False, -0.8, 0.1, 0.2),
            (3, True, -1.2, 0.5, -0.4)]


tanh_chain_ex = Exercise(
    id="tanh_chain_grad", function="tanh_chain_grad", reference=model.tanh_chain_grad,
    title="the gradient through a deep tanh chain",
    checks=[
        Check("the shown examples: L = 1, 10, 50 plain, L = 10, 50 residual", _chain_example,
              hint="Walk forward through the layers, multiplying the local derivative w·(1 − tanh²(w·h + b)) "
                   "(plus 1 with the residual) into the gradient, and updating h as you go."),
        Check("random depths, weights, biases and starting points", _chain_random, hidden=True),
        Check("no layers, a chain through 0 with w = 1, a negative weight", _chain_edges, hidden=True,
              hint="With L = 0 there is nothing to differentiate: ∂h_0/∂h_0 = 1."),
    ],
    mistakes=[
        Mistake("the factor w forgotten", _chain_wrong(no_w=True),
                hint="The inner function is w·h + b, so the chain rule brings a factor w: the local derivative is "
                     "w·(1 − tanh²(w·h + b)), with w = 1.5 in the example, not 1 − tanh²(·)."),
        Mistake("the residual's identity forgotten", _chain_wrong(no_identity=True),
                hint="With the residual, h_{l+1} = h_l + tanh(w·h_l + b), so ∂h_{l+1}/∂h_l = 1 + w·(1 − tanh²(·)): "
                     "the 1 from the skip path is what keeps the gradient alive."),
        Mistake("tanh' taken at h instead of at w·h + b", _chain_wrong(at_h=True),
                hint="tanh' is evaluated at its own input, the pre-activation w·h + b: "
                     "1 − tanh²(w·h + b), not 1 − tanh²(h)."),
    ],
    rtol=1e-9, atol=0.0,  # atol 0: the values reach 1e-36, and any absolute tolerance would accept 0 for them
)

# ------------------------------------------------------------------ 2. causal_attention


def _att_wrong(scale="sqrt", mask="before", axis=-1):
    def causal_attention(Q, K, V):
        Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
        d = Q.shape[-1]
        s = Q @ K.T / {"sqrt": np.sqrt(d), "none": 1.0, "d": float(d)}[scale]
        T = s.shape[0]
        allowed = np.triu(np.ones((T, T), bool)) if mask == "transposed" else np.tril(np.ones((T, T), bool))
        if mask in ("before", "transposed"):
            s = np.where(allowed, s, -np.inf)
        w = np.exp(s - s.max(axis=axis, keepdims=True))
        w = w / w.sum(axis=axis, keepdims=True)
        if mask == "after":
            w = np.where(allowed, w, 0.0)
        return w @ V, w
    return causal_attention


_XA = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])


def _att_example(rng):
    return [(_XA.copy(), _XA.copy(), _XA.copy())]


def _att_random(rng):
    cases = []
    for _ in range(6):
        T, dk, dv = int(rng.integers(2, 8)), int(rng.integers(1, 7)), int(rng.integers(1, 5))
        cases.append((np.round(rng.normal(0, 1.5, (T, dk)), 3), np.round(rng.normal(0, 1.5, (T, dk)), 3),
                      np.round(rng.normal(0, 1, (T, dv)), 3)))
    return cases


def _att_edges(rng):
    """One token (it attends to itself with weight 1), identical keys (a tie: equal weights), scores so large
    that exp overflows unless the maximum is subtracted first, and d_v != d_k."""
    big = np.array([[30.0, 40.0], [50.0, -20.0], [45.0, 45.0]])
    tie_k = np.ones((4, 3))
    return [(np.array([[0.3, -1.2]]), np.array([[2.0, 0.5]]), np.array([[1.5, -0.5, 2.0]])),
            (np.array([[1.0, 2.0, 0.0], [0.5, -1.0, 2.0], [0.0, 0.0, 1.0], [3.0, 1.0, 1.0]]), tie_k,
             np.arange(8.0).reshape(4, 2)),
            (big, big.copy(), np.array([[1.0], [2.0], [3.0]])),
            (np.array([[0.5, 1.0], [1.0, -0.5]]), np.array([[1.0, 1.0], [-1.0, 2.0]]),
             np.array([[1.0, 0.0, 2.0, 1.0], [0.0, 3.0, -1.0, 1.0]]))]


causal_attention_ex = Exercise(
    id="causal_attention", function="causal_attention", reference=model.causal_attention,
    title="causal scaled dot-product attention",
    checks=[
        Check("the shown example: Q = K = V = [[1, 0], [0, 1], [1, 1]]", _att_example,
              hint="scores = Q @ K.T / sqrt(d_k); set scores[i, j] = −inf where j > i; softmax each ROW; "
                   "return (weights @ V, weights)."),
        Check("random queries, keys and values (seeded)", _att_random, hidden=True),
        Check("one token, tied keys, very large scores, d_v different from d_k", _att_edges, hidden=True,
              hint="Large scores overflow exp: subtract each row's maximum before exp (the softmax is unchanged)."),
    ],
    mistakes=[
        Mistake("no 1/√d_k scaling", _att_wrong(scale="none"),
                hint="Scale the scores by 1/√d_k (d_k = Q.shape[1]): softmax(Q Kᵀ / √d_k). Without it the "
                     "softmax gets sharper as d_k grows."),
        Mistake("divided by d_k instead of √d_k", _att_wrong(scale="d"),
                hint="The scale is the square root of d_k: a dot product of d_k unit-variance terms has "
                     "standard deviation √d_k."),
        Mistake("mask applied after the softmax", _att_wrong(mask="after"),
                hint="Mask BEFORE the softmax (scores of future keys = −inf): zeroing weights afterwards leaves "
                     "rows that no longer sum to 1."),
        Mistake("softmax over the wrong axis", _att_wrong(axis=0),
                hint="Each query's weights are a distribution over the keys: normalise along each row (axis=-1), "
                     "so every row sums to 1."),
        Mistake("the mask lets queries see the future", _att_wrong(mask="transposed"),
                hint="Query i may look at keys j ≤ i (itself and earlier tokens): keep the LOWER triangle "
                     "(np.tril), mask the upper one."),
    ],
)

# ------------------------------------------------------------------ 3. layer_norm


def _ln_wrong(ddof=0, eps_outside=False, axis=-1, use_eps=True):
    def layer_norm(x, eps=1e-5):
        x = np.asarray(x, dtype=float)
        mu = x.mean(axis=axis, keepdims=True)
        var = x.var(axis=axis, ddof=ddof, keepdims=True)
        if not use_eps:
            with np.errstate(invalid="ignore", divide="ignore"):  # a constant row gives 0/0 = nan here
                return (x - mu) / np.sqrt(var)
        return (x - mu) / (np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps))
    return layer_norm


def _ln_example(rng):
    return [(np.array([1.0, 2.0, 3.0, 4.0]),), (np.array([5.0, 5.0, 5.0]),)]


def _ln_random(rng):
    cases = [(np.round(rng.normal(rng.uniform(-3, 3), rng.uniform(0.5, 4), int(rng.integers(2, 10))), 3),)
             for _ in range(4)]
    cases += [(np.round(rng.normal(0, 2, (int(rng.integers(2, 5)), int(rng.integers(2, 7)))), 3),) for _ in range(3)]
    return cases


def _ln_edges(rng):
    """A tiny variance where eps matters (and a larger eps passed in), a single number, a constant row
    inside a batch, and a batch of rows with very different scales."""
    return [(np.array([0.0, 0.1, 0.2]), 0.01), (np.array([7.5]),),
            (np.array([[2.0, 2.0, 2.0, 2.0], [1.0, -1.0, 3.0, 5.0]]),),
            (np.array([[0.001, 0.002, 0.004], [100.0, 300.0, 200.0]]), 1e-6)]


layer_norm_ex = Exercise(
    id="layer_norm", function="layer_norm", reference=model.layer_norm,
    title="LayerNorm over the last axis",
    checks=[
        Check("the shown examples: [1, 2, 3, 4] and a constant row", _ln_example,
              hint="(x − mean) / sqrt(var + eps), with the mean and the population variance (ddof=0) of the last "
                   "axis. A constant row has var = 0: eps inside the square root keeps it finite (zeros)."),
        Check("random vectors and batches of rows (each row normalised on its own)", _ln_random, hidden=True,
              hint="For a 2-D input, normalise each row: mean and variance over axis=-1 with keepdims=True."),
        Check("a small variance where eps matters, one number, a constant row in a batch", _ln_edges, hidden=True),
    ],
    mistakes=[
        Mistake("sample variance (ddof=1)", _ln_wrong(ddof=1),
                hint="LayerNorm uses the population variance (divide by d, np.var's default ddof=0), not the "
                     "sample variance (ddof=1): [1, 2, 3, 4] should give ±1.34164, not ±1.16189."),
        Mistake("eps outside the square root", _ln_wrong(eps_outside=True),
                hint="eps goes inside the root: (x − mean) / sqrt(var + eps), not / (sqrt(var) + eps)."),
        Mistake("eps left out", _ln_wrong(use_eps=False),
                hint="Add eps to the variance inside the square root, (x − mean) / sqrt(var + eps): it changes "
                     "the result slightly (for [1, 2, 3, 4] the first entry is −1.341635, not −1.341641), and "
                     "without it a constant row divides 0 by 0."),
        Mistake("normalised down the columns", _ln_wrong(axis=0),
                hint="LayerNorm normalises each token's vector, i.e. each ROW (axis=-1), not each column "
                     "across the batch (that would be closer to BatchNorm)."),
        Mistake("the whole batch normalised at once", _ln_wrong(axis=None),
                hint="Each row gets its own mean and variance (axis=-1, keepdims=True), not one mean and "
                     "variance for the whole array."),
    ],
)

# ------------------------------------------------------------------ 4. rope


def _rope_wrong(kind):
    def rope(x, m, base=10000.0):
        x = np.asarray(x, dtype=float)
        d = x.shape[-1]
        i = np.arange(d // 2)
        theta = {"one_based": base ** (-2 * (i + 1) / d), "no_two": base ** (-i / d)}.get(kind, base ** (-2 * i / d))
        a = (-m if kind == "clockwise" else m) * theta
        c, s = np.cos(a), np.sin(a)
        if kind == "halves":
            x0, x1 = x[..., : d // 2], x[..., d // 2:]
            return np.concatenate([x0 * c - x1 * s, x0 * s + x1 * c], axis=-1)
        out = np.empty_like(x)
        out[..., 0::2] = x[..., 0::2] * c - x[..., 1::2] * s
        out[..., 1::2] = x[..., 0::2] * s + x[..., 1::2] * c
        return out
    return rope


def _rope_example(rng):
    q, k = np.random.RandomState(0).randn(2, 8)
    return [(q, 5), (k, 3), (q, 12), (k, 10)]


def _rope_random(rng):
    cases = []
    for _ in range(6):
        d = 2 * int(rng.integers(1, 9))
        cases.append((np.round(rng.normal(0, 1, d), 4), int(rng.integers(-50, 500)),
                      float(rng.choice([100.0, 500.0, 10000.0]))))
    cases.append((np.round(rng.normal(0, 1, (3, 6)), 4), int(rng.integers(1, 100))))  # rows: one position for all
    return cases


def _rope_edges(rng):
    """Position 0 (no rotation), a negative and a fractional position, d = 2 (one pair), a base of 1
    (every pair turns at the same rate)."""
    x = np.array([0.5, -1.0, 2.0, 0.25, -0.75, 1.5])
    return [(x, 0), (x, -7), (x, 2.5), (np.array([1.0, 2.0]), 3), (x, 4, 1.0)]


rope_ex = Exercise(
    id="rope", function="rope", reference=model.rope,
    title="rotary position embedding (RoPE)",
    checks=[
        Check("the shown example: q and k at positions 5, 3, 12 and 10", _rope_example,
              hint="Pair i is (x[2i], x[2i+1]); turn it by the angle m·θ_i with θ_i = base^(−2i/d): "
                   "(x0·cos − x1·sin, x0·sin + x1·cos)."),
        Check("random vectors, positions and bases, and a batch of rows", _rope_random, hidden=True),
        Check("position 0, negative and fractional positions, one pair, base 1", _rope_edges, hidden=True),
    ],
    mistakes=[
        Mistake("pairs split in halves", _rope_wrong("halves"),
                hint="This exercise pairs neighbours (interleaved): (x[0], x[1]), (x[2], x[3]), … . Pairing "
                     "x[i] with x[i + d/2] is the other common convention (GPT-NeoX), with the same invariance "
                     "but different numbers."),
        Mistake("rotation the wrong way", _rope_wrong("clockwise"),
                hint="Rotate counter-clockwise by +m·θ_i: x0·cos − x1·sin first, x0·sin + x1·cos second."),
        Mistake("θ_i = base^(−i/d)", _rope_wrong("no_two"),
                hint="The exponent has a 2: θ_i = base^(−2i/d), so for d = 8 the four frequencies are "
                     "1, 0.1, 0.01, 0.001."),
        Mistake("pairs counted from 1", _rope_wrong("one_based"),
                hint="Count pairs from i = 0: the first pair turns with θ_0 = 1, one radian per position."),
    ],
    rtol=1e-9, atol=1e-9,
)

# ------------------------------------------------------------------ 5. block_params


def _params_example(rng):
    return [(768, 12)]


def _params_random(rng):
    return [(int(rng.integers(2, 5000)), int(rng.integers(1, 100))) for _ in range(6)]


def _params_edges(rng):
    return [(1, 1), (64, 0), (4096, 32), (3, 7)]


block_params_ex = Exercise(
    id="block_params", function="block_params", reference=model.block_params,
    title="weights in a stack of transformer blocks",
    checks=[
        Check("the shown example: d = 768, 12 layers", _params_example,
              hint="Per block: 4 d×d matrices in attention (Q, K, V, output) and 2 in the MLP, d×4d and 4d×d; "
                   "then times the number of layers."),
        Check("random widths and depths", _params_random, hidden=True),
        Check("d = 1, no layers, a large model", _params_edges, hidden=True),
    ],
    mistakes=[
        Mistake("MLP of width d", lambda d, layers: 6 * d * d * layers,
                hint="The MLP widens to 4d: two matrices d×4d and 4d×d, 8d² weights, not 2d²."),
        Mistake("no output projection", lambda d, layers: 11 * d * d * layers,
                hint="Attention has four d×d matrices: Q, K, V and the output projection W_O."),
        Mistake("one layer only", lambda d, layers: 12 * d * d,
                hint="Multiply by the number of layers: every block has its own weights."),
    ],
)

grader = Grader("transformers", [tanh_chain_ex, causal_attention_ex, layer_norm_ex, rope_ex, block_params_ex])
