"""Graded exercises of chapter `continual-learning`. The references are the chapter's model functions
(widgets/continual_learning.py): the code that draws the figures is the code that grades."""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import continual_learning as model

_HA, _A, _HB, _B = model.H_A, model.A_OPT, model.H_B, model.B_OPT


def _rand_spd(rng, d, diag=False):
    if diag:
        return np.diag(np.round(rng.uniform(0.05, 1.2, d), 3))
    Q = rng.normal(size=(d, d))
    return np.round(Q @ Q.T / d + 0.1 * np.eye(d), 4)


# ------------------------------------------------------------------ 1. forgetting


def _forget_wrong(kind):
    def forgetting(H_A, a, H_B, b, eta, steps):
        H_A, H_B = np.asarray(H_A, float), np.asarray(H_B, float)
        a, b = np.asarray(a, float), np.asarray(b, float)
        w = np.zeros(len(a))
        for _ in range(int(steps)):
            w = w - eta * (w - a) if kind == "no_H" else w - eta * H_A @ (w - a)
        before = model.quad_loss(w, H_A, a)
        for _ in range(int(steps)):
            w = w - eta * (w - b) if kind == "no_H" else w - eta * H_B @ (w - b)
        after = model.quad_loss(w, H_A, a)
        if kind == "no_half":
            return float(2 * (after - before))
        if kind == "after_only":
            return float(after)
        if kind == "loss_B":
            return float(model.quad_loss(w, H_B, b) - before)
        return float(after - before)
    return forgetting


def _forget_example(rng):
    return [(_HA, _A, _HB, _B, 0.5, 100)]


def _forget_random(rng):
    cases = []
    for _ in range(5):
        d = int(rng.integers(2, 5))
        cases.append((_rand_spd(rng, d), np.round(rng.normal(0, 1, d), 2), _rand_spd(rng, d),
                      np.round(rng.normal(0, 1, d), 2), float(np.round(rng.uniform(0.1, 0.8), 2)),
                      int(rng.integers(3, 40))))
    return cases


def _forget_edges(rng):
    """Few steps (task A not yet learned: L_A after A is far from 0), one step, zero steps (nothing to forget),
    identical tasks (no forgetting), a full non-diagonal H."""
    H = np.array([[1.0, 0.4], [0.4, 0.5]])
    return [(_HA, _A, _HB, _B, 0.5, 5), (_HA, _A, _HB, _B, 0.3, 1), (_HA, _A, _HB, _B, 0.5, 0),
            (_HA, _A, _HA, _A, 0.5, 10), (H, np.array([0.5, -1.0]), _HB, _B, 0.4, 20)]


forgetting_ex = Exercise(
    id="forgetting", function="forgetting", reference=model.forgetting,
    title="forgetting under sequential training",
    checks=[
        Check("the shown example: H_A = diag(1, 0.1), a = (1, 1), H_B = diag(0.1, 1), b = (−1, −1), η = 0.5, "
              "100 steps each", _forget_example,
              hint="Start at w = 0; repeat w ← w − η·H_A(w − a); record L_A = ½(w − a)ᵀH_A(w − a); then repeat "
                   "w ← w − η·H_B(w − b); return L_A now minus L_A recorded. The answer is dominated by the SLOW "
                   "direction of task B (curvature 0.1 along w₁), which B barely corrects back."),
        Check("random quadratic tasks, step sizes and step counts", _forget_random, hidden=True),
        Check("few steps, one step, zero steps, identical tasks, a non-diagonal H", _forget_edges, hidden=True,
              hint="Subtract L_A measured after the A phase (it is not 0 when A had few steps); with 0 steps "
                   "nothing changes and the forgetting is 0."),
    ],
    mistakes=[
        Mistake("gradient without the curvature H", _forget_wrong("no_H"),
                hint="The gradient of ½(w − a)ᵀH(w − a) is H(w − a), not (w − a): each direction learns at its "
                     "own rate η·h_i. That is why task A's slow direction is learned late and forgotten slowly."),
        Mistake("loss without the ½", _forget_wrong("no_half"),
                hint="L(w) = ½(w − a)ᵀH(w − a): keep the factor ½."),
        Mistake("L_A after B, not the change", _forget_wrong("after_only"),
                hint="Forgetting is a difference: L_A after training on B MINUS L_A after training on A."),
        Mistake("task B's loss instead of A's", _forget_wrong("loss_B"),
                hint="Measure task A's loss both times: forgetting is what happens to the OLD task."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 2. replay_optimum


def _replay_example(rng):
    return [(_HA, _A, _HB, _B, 1.0), (_HA, _A, _HB, _B, 0.25)]


def _replay_random(rng):
    cases = []
    for _ in range(6):
        d = int(rng.integers(2, 5))
        cases.append((_rand_spd(rng, d), np.round(rng.normal(0, 1, d), 2), _rand_spd(rng, d),
                      np.round(rng.normal(0, 1, d), 2), float(np.round(rng.uniform(0.05, 4), 2))))
    return cases


def _replay_edges(rng):
    """ρ = 0 (task B alone), a huge ρ (task A wins), equal curvatures (the midpoint), a non-diagonal H,
    ρ away from 1 with curvatures away from 1."""
    H = np.array([[1.0, 0.4], [0.4, 0.5]])
    I2 = np.eye(2)
    return [(_HA, _A, _HB, _B, 0.0), (_HA, _A, _HB, _B, 1e6), (I2, _A, I2, _B, 1.0),
            (H, np.array([0.5, -1.0]), _HB, _B, 0.7), (3 * _HA, _A, 0.5 * _HB, np.array([2.0, 0.0]), 2.5)]


replay_ex = Exercise(
    id="replay_optimum", function="replay_optimum", reference=model.replay_optimum,
    title="where replay converges",
    checks=[
        Check("the shown examples: the two tasks with ρ = 1 and ρ = 0.25", _replay_example,
              hint="Set the gradient of L_B + ρ·L_A to zero: H_B(w − b) + ρH_A(w − a) = 0, so "
                   "(H_B + ρH_A)w = H_B b + ρH_A a. Use np.linalg.solve."),
        Check("random tasks and replay ratios", _replay_random, hidden=True),
        Check("ρ = 0, a huge ρ, equal curvatures, a non-diagonal H, ρ ≠ 1", _replay_edges, hidden=True),
    ],
    mistakes=[
        Mistake("weighted average of the minima, ignoring curvature",
                lambda HA, a, HB, b, rho: (np.asarray(b, float) + rho * np.asarray(a, float)) / (1 + rho),
                hint="The optimum is not (b + ρa)/(1 + ρ): each direction is weighted by how sharply each task "
                     "cares about it, (H_B + ρH_A)⁻¹(H_B b + ρH_A a)."),
        Mistake("ρ on the wrong task", lambda HA, a, HB, b, rho: model.replay_optimum(HB, b, HA, a, rho),
                hint="ρ weights the REPLAYED old task A: minimise L_B + ρ·L_A, so ρ multiplies H_A (twice)."),
        Mistake("curvature missing on the right-hand side",
                lambda HA, a, HB, b, rho: np.linalg.solve(np.asarray(HB) + rho * np.asarray(HA),
                                                          np.asarray(b, float) + rho * np.asarray(a, float)),
                hint="The right-hand side is H_B b + ρH_A a (from H_B(w − b) + ρH_A(w − a) = 0), not b + ρa."),
    ],
    rtol=1e-9, atol=1e-10,
)

# ------------------------------------------------------------------ 3. fast_slow

_SEQ = np.array([1.0, 1.0, 1.0, 0.0, 0.0])


def _fs_wrong(kind):
    def fast_slow(targets, eta_slow, eta_fast, decay):
        ws, wf = 0.0, 0.0
        out = [(ws, wf)]
        for y in np.asarray(targets, dtype=float):
            e = y - (ws + wf)
            if kind == "decay_after":
                ws, wf = ws + eta_slow * e, decay * (wf + eta_fast * e)
            elif kind == "two_errors":
                ws, wf = ws + eta_slow * (y - ws), decay * wf + eta_fast * (y - wf)
            elif kind == "sequential":
                ws = ws + eta_slow * e
                wf = decay * wf + eta_fast * (y - (ws + wf))
            elif kind == "slow_decays":
                ws, wf = decay * ws + eta_slow * e, decay * wf + eta_fast * e
            out.append((ws, wf))
        return np.array(out, dtype=float)
    return fast_slow


def _fs_example(rng):
    return [(_SEQ, 0.1, 0.5, 0.8)]


def _fs_random(rng):
    return [(np.round(rng.normal(0, 1, int(rng.integers(2, 30))), 2), float(np.round(rng.uniform(0.01, 0.3), 3)),
             float(np.round(rng.uniform(0.2, 0.9), 2)), float(np.round(rng.uniform(0.3, 0.99), 2)))
            for _ in range(6)]


def _fs_edges(rng):
    """decay = 0 (the fast weight holds one step only), decay = 1 (no forgetting), one target, an empty
    sequence, equal rates."""
    return [(_SEQ, 0.1, 0.5, 0.0), (_SEQ, 0.2, 0.3, 1.0), (np.array([2.0]), 0.25, 0.5, 0.7),
            (np.array([]), 0.1, 0.5, 0.8), (np.array([0.5, -1.0, 3.0]), 0.4, 0.4, 0.6)]


fast_slow_ex = Exercise(
    id="fast_slow", function="fast_slow", reference=model.fast_slow,
    title="fast and slow weights on a target sequence",
    checks=[
        Check("the shown example: targets (1, 1, 1, 0, 0), η_slow = 0.1, η_fast = 0.5, decay 0.8", _fs_example,
              hint="Per target: e = y − (w_slow + w_fast) with both weights as they were; then w_slow += η_slow·e "
                   "and w_fast = decay·w_fast + η_fast·e. Return the rows (w_slow, w_fast), starting with (0, 0)."),
        Check("random sequences and rates", _fs_random, hidden=True),
        Check("decay 0, decay 1, one target, no targets, equal rates", _fs_edges, hidden=True,
              hint="An empty sequence returns just the starting row [[0, 0]] (shape (1, 2))."),
    ],
    mistakes=[
        Mistake("decay applied after adding", _fs_wrong("decay_after"),
                hint="Decay before adding: w_fast ← decay·w_fast + η_fast·e. The new error enters at full "
                     "strength and only starts to fade on the next step."),
        Mistake("each weight with its own error", _fs_wrong("two_errors"),
                hint="One shared error: both weights learn from e = y − (w_slow + w_fast), the error of their SUM "
                     "(the prediction), not y − w_slow and y − w_fast separately."),
        Mistake("the fast weight sees the updated slow weight", _fs_wrong("sequential"),
                hint="Compute e once, before either weight changes; then update both with the same e."),
        Mistake("the slow weight decays too", _fs_wrong("slow_decays"),
                hint="Only the fast weight decays; the slow weight keeps what it learned: w_slow += η_slow·e."),
    ],
    rtol=1e-10, atol=1e-12,
)

# ------------------------------------------------------------------ 4. fast_weight_readout


def _kv(rng, n, dk, dv):
    return np.round(rng.normal(0, 1, (n, dk)), 3), np.round(rng.normal(0, 1, (n, dv)), 3), np.round(rng.normal(0, 1, dk), 3)


_K3 = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]])
_V3 = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])


def _fw_example(rng):
    return [(_K3, _V3, np.array([1.0, 0.5, 2.0]))]


def _fw_random(rng):
    return [_kv(rng, int(rng.integers(1, 9)), int(rng.integers(2, 6)), int(rng.integers(2, 6))) for _ in range(6)]


def _fw_edges(rng):
    """Square keys and values (d_k = d_v: a transposed W has the right shape), one pair, a query orthogonal to
    every key (readout 0), non-unit keys, equal scores for every key (a softmax would average)."""
    rng2 = np.random.default_rng(3)
    Kq, Vq, q = np.round(rng2.normal(0, 1, (4, 3)), 3), np.round(rng2.normal(0, 1, (4, 3)), 3), np.array([0.5, -1.0, 2.0])
    return [(Kq, Vq, q), (np.array([[2.0, -1.0]]), np.array([[0.5, 3.0, 1.0]]), np.array([1.0, 1.0])),
            (_K3, _V3, np.array([0.0, 0.0, 1.0])), (3 * _K3, _V3, np.array([1.0, 0.5, 2.0])),
            (np.array([[1.0, 0.0], [1.0, 0.0]]), np.array([[1.0, 2.0], [3.0, -4.0]]), np.array([2.0, 7.0]))]


fast_weight_ex = Exercise(
    id="fast_weight_readout", function="fast_weight_readout", reference=model.fast_weight_readout,
    title="a fast-weight memory",
    checks=[
        Check("the shown example: three pairs, keys in 3-D, values in 2-D", _fw_example,
              hint="W = Σ_i v_i k_iᵀ is a (d_v × d_k) matrix: np.outer(v, k) for each pair, summed. Return W @ q."),
        Check("random memories (n, d_k, d_v vary)", _fw_random, hidden=True),
        Check("d_k = d_v, one pair, a query orthogonal to the keys, unnormalised keys, equal scores", _fw_edges,
              hidden=True),
    ],
    mistakes=[
        Mistake("outer product the wrong way round (k vᵀ)",
                lambda K, V, q: np.asarray(K, float).T @ (np.asarray(V, float) @ np.asarray(q, float))
                if np.shape(K)[1] == np.shape(V)[1] else np.zeros(np.shape(V)[1]),
                hint="Store v_i k_iᵀ (values × keys), so that W q = Σ_i v_i (k_iᵀ q): the query is matched "
                     "against the KEYS and the answer is made of VALUES."),
        Mistake("softmax-normalised scores",
                lambda K, V, q: model.softmax_attention(K, V, q, 1.0),
                hint="A fast-weight readout is LINEAR attention: weights k_i·q, no exponential and no "
                     "normalisation. Softmax attention is a different memory."),
        Mistake("averaged instead of summed",
                lambda K, V, q: model.fast_weight_readout(K, V, q) / len(K),
                hint="Sum the outer products, W = Σ_i v_i k_iᵀ; do not divide by the number of pairs."),
    ],
    rtol=1e-10, atol=1e-12,
)

# ------------------------------------------------------------------ 5. hopfield_recall

_PAT = np.array([[1, 1, 1, 1, -1, -1, -1, -1], [1, -1, 1, -1, 1, -1, 1, -1]])


def _flip(x, i):
    y = np.array(x, copy=True)
    y[i] = -y[i]
    return y


def _hop_no_zero_diag(patterns, probe):
    X = np.asarray(patterns, float)
    h = X.T @ X / X.shape[1] @ np.asarray(probe, float)
    return np.where(h > 0, 1, np.where(h < 0, -1, probe)).astype(int)


def _hop_ties_plus(patterns, probe):
    X = np.asarray(patterns, float)
    Wh = X.T @ X / X.shape[1]
    np.fill_diagonal(Wh, 0.0)
    return np.where(Wh @ np.asarray(probe, float) >= 0, 1, -1).astype(int)


def _hop_example(rng):
    return [(_PAT, _flip(_PAT[0], 2)), (_PAT, _flip(_PAT[1], 7))]


def _hop_random(rng):
    cases = []
    for _ in range(6):
        N, p = int(rng.integers(8, 40)), int(rng.integers(1, 4))
        X = rng.choice([-1, 1], size=(p, N))
        cases.append((X, _flip(X[int(rng.integers(p))], int(rng.integers(N)))))
    return cases


def _hop_edges(rng):
    """Exact ties (one 3-unit pattern probed with two bits flipped: two fields are exactly 0, and those units
    keep their −1), the stored pattern itself, one pattern only, a probe far from every pattern."""
    X = np.array([[1, 1, -1, -1], [1, -1, 1, -1]])
    return [(np.array([[1, 1, 1]]), np.array([1, -1, -1])), (np.array([[1, -1, 1, 1, -1]]), np.array([-1, 1, 1, -1, -1])),
            (X, np.array([1, 1, -1, -1])), (_PAT[:1], _flip(_PAT[0], 0)),
            (_PAT, np.array([1, 1, 1, 1, 1, 1, 1, 1])), (X, np.array([-1, 1, 1, 1]))]


hopfield_ex = Exercise(
    id="hopfield_recall", function="hopfield_recall", reference=model.hopfield_recall,
    title="Hopfield recall from a corrupted cue",
    checks=[
        Check("the shown examples: two stored 8-unit patterns, each probed with one bit flipped", _hop_example,
              hint="W = (1/N)·Σ_μ ξ_μ ξ_μᵀ with the diagonal set to 0; h = W·probe; new state = +1 where h > 0, "
                   "−1 where h < 0, the probe's own value where h = 0. Return integers."),
        Check("random patterns with one flipped bit", _hop_random, hidden=True),
        Check("exact ties, an uncorrupted pattern, one pattern, a far probe", _hop_edges, hidden=True,
              hint="Where the field h is exactly 0 the unit keeps its current (probe) value; np.sign would give 0."),
    ],
    mistakes=[
        Mistake("diagonal not zeroed (self-coupling)", _hop_no_zero_diag,
                hint="Set W's diagonal to 0: a unit must not feed back onto itself, or it votes for its own "
                     "(possibly corrupted) value."),
        Mistake("ties go to +1", _hop_ties_plus,
                hint="When h = 0 exactly the unit keeps its probe value; it does not become +1."),
    ],
)

# ------------------------------------------------------------------ 6. successor_representation


def _sr_example(rng):
    return [(model.ring_walk(5), 0.9)]


def _rand_T(rng, n):
    T = rng.uniform(0, 1, (n, n)) * (rng.random((n, n)) < 0.7)
    T[np.arange(n), rng.integers(0, n, n)] += 0.2
    return np.round(T / T.sum(axis=1, keepdims=True), 6)


def _sr_random(rng):
    cases = []
    for _ in range(5):
        T = _rand_T(rng, int(rng.integers(2, 7)))
        cases.append((T / T.sum(axis=1, keepdims=True), float(np.round(rng.uniform(0.3, 0.95), 2))))
    return cases


def _sr_edges(rng):
    """γ = 0 (M = I), one state, an absorbing state, a one-way chain (T and Tᵀ differ), a 7-ring at γ = 0.5."""
    chain = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    return [(model.ring_walk(5), 0.0), (np.array([[1.0]]), 0.6), (chain, 0.8),
            (np.array([[0.2, 0.8, 0.0], [0.1, 0.0, 0.9], [0.5, 0.5, 0.0]]), 0.7), (model.ring_walk(7), 0.5)]


successor_ex = Exercise(
    id="successor_representation", function="successor_representation", reference=model.successor_representation,
    title="the successor representation",
    checks=[
        Check("the shown example: a random walk on a 5-ring, γ = 0.9", _sr_example,
              hint="M = Σ_t γ^t T^t = (I − γT)⁻¹: np.linalg.inv(np.eye(n) − gamma * T). Not (I − T)⁻¹, which "
                   "does not exist for a stochastic T; each row of M must sum to 1/(1 − γ) = 10."),
        Check("random transition matrices and discounts", _sr_random, hidden=True),
        Check("γ = 0, one state, an absorbing state, a non-symmetric T, a 7-ring", _sr_edges, hidden=True),
    ],
    mistakes=[
        Mistake("transposed T", lambda T, g: model.successor_representation(np.asarray(T).T, g),
                hint="T[s, s'] is the probability of moving FROM s TO s'; M = (I − γT)⁻¹ with T as given, not Tᵀ."),
        Mistake("the present visit left out (starts at t = 1)",
                lambda T, g: model.successor_representation(T, g) - np.eye(len(T)),
                hint="The sum starts at t = 0: M = I + γT + γ²T² + … = (I − γT)⁻¹, so M[s, s] ≥ 1."),
        Mistake("normalised by (1 − γ)", lambda T, g: (1 - g) * model.successor_representation(T, g),
                hint="Return M itself, (I − γT)⁻¹: its rows sum to 1/(1 − γ), not to 1."),
        Mistake("only one step ahead", lambda T, g: np.eye(len(T)) + g * np.asarray(T, float),
                hint="I + γT counts one step. M sums ALL future steps, discounted: (I − γT)⁻¹."),
    ],
    rtol=1e-9, atol=1e-10,
)

# ------------------------------------------------------------------ 7. unbind (HRR)


def _hrr_example(rng):
    R, F = model.hrr_vectors(3, 512, seed=0), model.hrr_vectors(3, 512, seed=1)
    memory = sum(model.bind(r, f) for r, f in zip(R, F))
    return [(memory, R[0]), (memory, R[2])]


def _hrr_random(rng):
    cases = []
    for _ in range(5):
        d, k = int(rng.choice([16, 64, 256, 511])), int(rng.integers(1, 5))
        R, F = rng.normal(0, 1 / np.sqrt(d), (k, d)), rng.normal(0, 1 / np.sqrt(d), (k, d))
        cases.append((sum(model.bind(r, f) for r, f in zip(R, F)), R[int(rng.integers(k))]))
    return cases


def _hrr_edges(rng):
    """Odd and even d, d = 1, a one-hot role (unbinding is a pure rotation), an asymmetric role."""
    e1 = np.zeros(7)
    e1[2] = 1.0
    return [(np.arange(1.0, 8.0), e1), (np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.5, -1.0, 0.0, 2.0])),
            (np.array([3.0]), np.array([2.0])), (np.arange(5.0), np.array([1.0, 2.0, 0.0, 0.0, 0.0]))]


def _rev_unbind(memory, role):
    return model.bind(memory, np.asarray(role, float)[::-1])


unbind_ex = Exercise(
    id="unbind", function="unbind", reference=model.unbind,
    title="unbind a role from a holographic memory",
    checks=[
        Check("the shown examples: three role–filler pairs, d = 512, seeded; unbinding roles 0 and 2",
              _hrr_example,
              hint="Circular correlation: y_j = Σ_k role_k·memory_((j + k) mod d). By FFT: "
                   "np.fft.irfft(np.conj(np.fft.rfft(role)) * np.fft.rfft(memory), n=d)."),
        Check("random memories of 1 to 4 pairs, several d", _hrr_random, hidden=True),
        Check("odd and even d, d = 1, a one-hot role, an asymmetric role", _hrr_edges, hidden=True),
    ],
    mistakes=[
        Mistake("convolution again (bind instead of unbind)", lambda m, r: model.bind(m, r),
                hint="Binding is circular convolution; its approximate inverse is circular CORRELATION: "
                     "conjugate the role's Fourier transform (or use its involution r_(−k mod d))."),
        Mistake("role reversed without keeping element 0", _rev_unbind,
                hint="The approximate inverse of r is its involution (r_0, r_(d−1), …, r_1): element 0 stays "
                     "first. Plain r[::-1] shifts everything by one position."),
        Mistake("elementwise product", lambda m, r: np.asarray(m, float) * np.asarray(r, float),
                hint="Unbinding mixes all positions: y_j = Σ_k role_k·memory_((j + k) mod d), not memory·role "
                     "element by element."),
    ],
    rtol=1e-8, atol=1e-10,
)

grader = Grader("continual-learning", [forgetting_ex, replay_ex, fast_slow_ex, fast_weight_ex, hopfield_ex,
                                       successor_ex, unbind_ex])
