"""Graded exercises of chapter `interpretability`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/interpretability.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import interpretability as model

# ------------------------------------------------------------------ 1. concept_direction

X_NEG_SHOWN = np.array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]])
X_POS_SHOWN = np.array([[4.0, 2.0, 1.0], [4.0, 0.0, 1.0], [4.0, 1.0, 1.0]])


def _direction_random(rng):
    cases = []
    for _ in range(5):
        d = int(rng.integers(2, 9))
        n0, n1 = int(rng.integers(2, 12)), int(rng.integers(2, 12))
        while n1 == n0:
            n1 = int(rng.integers(2, 12))
        u = rng.standard_normal(d)
        cases.append((rng.standard_normal((n0, d)) + rng.uniform(-2, 2, d),
                      rng.standard_normal((n1, d)) + 1.5 * u + rng.uniform(-2, 2, d)))
    return cases


def _direction_edges(rng):
    return [(np.array([[1.0], [3.0]]), np.array([[-2.0], [-4.0], [-9.0]])),  # one dimension, pointing down
            (np.array([[1.0, 2.0]]), np.array([[4.0, 6.0]])),  # one row per class: 3-4-5
            (np.array([[1.0, 1.0], [3.0, 3.0]]), np.array([[5.0, 2.0], [5.0, 2.0], [5.0, 2.0], [5.0, 2.0]]))]


direction_ex = Exercise(
    id="concept_direction", function="concept_direction", reference=model.concept_direction,
    title="a concept direction by difference of means",
    checks=[
        Check("the shown example (2 rows without the concept, 3 with it)", lambda rng: [(X_NEG_SHOWN, X_POS_SHOWN)],
              hint="Average each class over its rows (axis=0), subtract (with-concept minus without), then divide by "
                   "the length of the difference."),
        Check("random classes of different sizes and dimensions", _direction_random, hidden=True),
        Check("edge cases: one dimension, one row per class, a mean difference along a diagonal", _direction_edges,
              hidden=True),
    ],
    mistakes=[
        Mistake("not normalised", lambda A, B: np.mean(B, axis=0) - np.mean(A, axis=0),
                hint="A direction is a unit vector: divide the difference of means by its length, "
                     "d̂ = Δ/‖Δ‖ (np.linalg.norm)."),
        Mistake("sign flipped", lambda A, B: model.concept_direction(B, A),
                hint="The direction points from the rows without the concept to the rows with it: "
                     "mean(X_pos) − mean(X_neg)."),
        Mistake("sums instead of means", lambda A, B: (lambda s: s / np.linalg.norm(s))(
            np.sum(B, axis=0) - np.sum(A, axis=0)),
            hint="With classes of different sizes, sums are not comparable: average each class over its rows "
                 "(np.mean(..., axis=0)), then subtract."),
        Mistake("means over the wrong axis", lambda A, B: np.mean(B, axis=1).mean() - np.mean(A, axis=1).mean(),
                hint="Rows are examples and columns are dimensions: the class mean is over the rows, axis=0, "
                     "giving one number per dimension."),
        Mistake("each class mean normalised first", lambda A, B: (lambda s: s / np.linalg.norm(s))(
            np.mean(B, axis=0) / np.linalg.norm(np.mean(B, axis=0)) - np.mean(A, axis=0) / np.linalg.norm(np.mean(A, axis=0))),
            hint="Subtract the raw class means and normalise once, at the end: normalising each mean first changes "
                 "the direction whenever the two means have different lengths."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 2. sae_loss

SAE_X = np.array([[1.0, 0.0], [0.5, 0.5]])
SAE_WE = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
SAE_B = np.array([0.0, -0.25, 0.0])
SAE_WD = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, -0.8]])


def _sae_random(rng):
    cases = []
    for _ in range(5):
        n, d, m = int(rng.integers(2, 9)), int(rng.integers(2, 6)), int(rng.integers(2, 10))
        cases.append((rng.standard_normal((n, d)), rng.standard_normal((m, d)), rng.normal(0, 0.5, m),
                      rng.standard_normal((m, d)), float(np.round(rng.uniform(0.05, 2.0), 3))))
    return cases


def _sae_edges(rng):
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]])
    We = np.array([[1.0, 1.0], [2.0, -1.0]])
    Wd = np.array([[0.5, 0.5], [1.0, -1.0]])
    return [(X, We, np.array([-10.0, -10.0]), Wd, 0.7),  # every latent off: loss = mean ‖x‖²
            (X, We, np.array([0.3, -0.2]), Wd, 0.0),  # no sparsity penalty
            (X[:1], We, np.array([0.3, -0.2]), Wd, 1.3),  # a single row
            (X, We, np.array([0.3, -0.2]), 3.0 * Wd, 0.25)]  # decoder rows far from unit length


sae_loss_ex = Exercise(
    id="sae_loss", function="sae_loss", reference=model.sae_loss, title="the sparse-autoencoder loss",
    checks=[
        Check("the shown example (2 rows, 3 latents, λ = 0.1)", lambda rng: [(SAE_X, SAE_WE, SAE_B, SAE_WD, 0.1)],
              hint="f = ReLU(X W_eᵀ + b_e) row by row, x̂ = f W_d; per row ‖x − x̂‖² + λ·Σ|f|; then average over rows."),
        Check("random shapes, weights and λ", _sae_random, hidden=True),
        Check("edge cases: all latents off, λ = 0, one row, long decoder rows", _sae_edges, hidden=True),
    ],
    mistakes=[
        Mistake("no ReLU", lambda X, We, b, Wd, lam: float(np.mean(
            np.sum((X - (X @ We.T + b) @ Wd) ** 2, axis=1) + lam * np.sum(np.abs(X @ We.T + b), axis=1))),
            hint="The latents are f = ReLU(W_e x + b_e) = np.maximum(..., 0): negative pre-activations are set to 0 "
                 "before decoding and before the penalty."),
        Mistake("squared (L2) penalty", lambda X, We, b, Wd, lam: float(np.mean(
            np.sum((X - np.maximum(X @ We.T + b, 0) @ Wd) ** 2, axis=1)
            + lam * np.sum(np.maximum(X @ We.T + b, 0) ** 2, axis=1))),
            hint="The sparsity penalty is the L1 norm λ·Σ|f_j|, not Σf_j²: L1 pushes small latents to exactly 0."),
        Mistake("summed over rows", lambda X, We, b, Wd, lam: float(np.sum(
            np.sum((X - np.maximum(X @ We.T + b, 0) @ Wd) ** 2, axis=1)
            + lam * np.sum(np.maximum(X @ We.T + b, 0), axis=1))),
            hint="Average the per-row loss over the rows (np.mean), so the loss does not grow with the batch size."),
        Mistake("error not squared", lambda X, We, b, Wd, lam: float(np.mean(
            np.linalg.norm(X - np.maximum(X @ We.T + b, 0) @ Wd, axis=1)
            + lam * np.sum(np.maximum(X @ We.T + b, 0), axis=1))),
            hint="The reconstruction term is the SQUARED error ‖x − x̂‖² = Σ(x − x̂)², not the norm ‖x − x̂‖."),
        Mistake("mean over every entry", lambda X, We, b, Wd, lam: float(
            np.mean((X - np.maximum(X @ We.T + b, 0) @ Wd) ** 2) + lam * np.mean(np.maximum(X @ We.T + b, 0))),
            hint="Sum the squared error over the dimensions and the penalty over the latents within each row; "
                 "only then average over the rows (np.mean of an (n,) vector)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. pressure_training

PAYOFF, DETECT = model.PAYOFF, model.DETECT


def _pressure_random(rng):
    cases = []
    for _ in range(4):
        k = int(rng.integers(3, 6))
        payoff = tuple(float(v) for v in np.round(rng.uniform(0.2, 1.0, k), 2))
        detect = (0.0,) + tuple(float(v) for v in np.round(rng.uniform(0.05, 0.95, k - 1), 2))
        cases.append((payoff, detect, float(np.round(rng.uniform(0.1, 3.0), 2)),
                      float(np.round(rng.uniform(0.3, 2.5), 2)), int(rng.integers(5, 120))))
    return cases


def _pressure_edges(rng):
    return [(PAYOFF, DETECT, 1.0, 1.0, 0),  # no training: uniform policy, recall = mean detection of the hacks
            (PAYOFF, DETECT, 1.0, 1.0, 1),  # one step
            (PAYOFF, DETECT, 3.0, 1.0, 60),  # honest and covert tie at λ = 3
            (PAYOFF, DETECT, 0.125, 0.7, 40),  # overt and covert tie at λ = 0.125
            (PAYOFF, DETECT, 4.0, 2.5, 30)]  # honest wins


pressure_ex = Exercise(
    id="pressure_training", function="pressure_training", reference=model.pressure_training,
    title="train against the monitor",
    checks=[
        Check("the shown examples: λ = 0 and λ = 1, rate 1, 500 steps",
              lambda rng: [(PAYOFF, DETECT, 0.0, 1.0, 500), (PAYOFF, DETECT, 1.0, 1.0, 500)],
              hint="Return a tuple (π after the last step, recall). Each step: π = softmax(θ), J = Σ π_i r_i, "
                   "θ_i += rate·π_i·(r_i − J), with r_i = payoff_i − λ·detect_i."),
        Check("edge cases: no step, one step, ties between behaviours, a large penalty", _pressure_edges, hidden=True),
        Check("random payoffs, detection rates, penalties, rates and step counts", _pressure_random, hidden=True),
    ],
    mistakes=[
        Mistake("recall over all behaviours", lambda pay, det, lam, rate=1.0, steps=500: (
            model.pressure_training(pay, det, lam, rate, steps)[0],
            float(np.sum(model.pressure_training(pay, det, lam, rate, steps)[0] * np.asarray(det)))),
            hint="Recall is measured among the hacks: P(flagged | hack) = Σ_{i≥1} π_i d_i / Σ_{i≥1} π_i. Without the "
                 "division, a policy that is mostly honest looks like a monitor that misses everything."),
        Mistake("no baseline (π_i r_i)", lambda pay, det, lam, rate=1.0, steps=500: _variant_step(
            pay, det, lam, rate, steps, lambda pi, r: pi * r),
            hint="The gradient of J = Σ π_j r_j with respect to θ_i is π_i (r_i − J): subtract the average reward J."),
        Mistake("one step short", lambda pay, det, lam, rate=1.0, steps=500: model.pressure_training(
            pay, det, lam, rate, max(steps - 1, 0)),
            hint="Take exactly `steps` gradient steps and return the policy AFTER the last one: with steps = 0 the "
                 "policy is still uniform, with steps = 1 it has moved once."),
        Mistake("penalty added", lambda pay, det, lam, rate=1.0, steps=500: _variant_step(
            pay, det, -lam, rate, steps, lambda pi, r: pi * (r - pi @ r), det),
            hint="Flagged behaviour is punished: r_i = payoff_i − λ·detect_i (minus, not plus)."),
    ],
    rtol=1e-7, atol=1e-10,
)


def _variant_step(payoff, detect, lam, rate, steps, grad, recall_detect=None):
    r = np.asarray(payoff, dtype=float) - lam * np.asarray(detect, dtype=float)
    theta = np.zeros(len(r))
    for _ in range(steps):
        e = np.exp(theta - theta.max())
        pi = e / e.sum()
        theta = theta + rate * grad(pi, r)
    e = np.exp(theta - theta.max())
    pi = e / e.sum()
    return pi, model.monitor_recall(pi, detect if recall_detect is None else recall_detect)


# ------------------------------------------------------------------ 4. swiss_cheese


def _swiss_random(rng):
    cases = []
    for _ in range(6):
        k = int(rng.integers(1, 6))
        cases.append((list(np.round(rng.uniform(0.3, 0.99, k), 3)), list(np.round(rng.uniform(0.001, 0.2, k), 4))))
    return cases


swiss_ex = Exercise(
    id="swiss_cheese", function="swiss_cheese", reference=model.swiss_cheese,
    title="defence in depth with independent layers",
    checks=[
        Check("the shown example: recalls 0.9, 0.8, 0.7 and FPRs 0.01, 0.02, 0.05",
              lambda rng: [([0.9, 0.8, 0.7], [0.01, 0.02, 0.05])],
              hint="Return (miss, false_alarm): an attack gets through only if EVERY layer misses it; a benign request "
                   "is flagged if ANY layer flags it."),
        Check("edge cases: one layer, a perfect layer, no layers, a useless layer",
              lambda rng: [([0.75], [0.04]), ([1.0, 0.5], [0.0, 0.1]), ([], []), ([0.0, 0.6], [0.5, 0.25])],
              hidden=True),
        Check("random layer counts, recalls and false-positive rates", _swiss_random, hidden=True),
    ],
    mistakes=[
        Mistake("product of recalls", lambda r, f: (float(np.prod(r)), float(1 - np.prod(1 - np.asarray(f, float)))),
                hint="An attack gets through when every layer MISSES it, and layer i misses with probability "
                     "1 − recall_i: the miss rate is Π(1 − recall_i)."),
        Mistake("false alarms added up", lambda r, f: (float(np.prod(1 - np.asarray(r, float))), float(np.sum(f))),
                hint="Adding the FPRs counts a request flagged by two layers twice (a union bound). P(at least one "
                     "flag) = 1 − Π(1 − FPR_i)."),
        Mistake("false alarms multiplied", lambda r, f: (float(np.prod(1 - np.asarray(r, float))), float(np.prod(f))),
                hint="Π FPR_i is the chance that EVERY layer flags a benign request. It is refused if ANY layer flags "
                     "it: 1 − Π(1 − FPR_i)."),
        Mistake("miss = 1 − Π recall", lambda r, f: (float(1 - np.prod(r)), float(1 - np.prod(1 - np.asarray(f, float)))),
                hint="1 − Π recall_i is the chance that at least one layer misses. The attack gets through only if ALL "
                     "miss: Π(1 − recall_i)."),
    ],
    rtol=1e-10, atol=1e-13,
)

# ------------------------------------------------------------------ 5. all_layers_miss

Z_SHOWN = np.array([[1.5, 0.9, 0.6], [1.2, 0.5, 0.9], [2.0, 1.0, 1.0], [-0.3, 1.2, 0.7]])
T_SHOWN = np.array([1.2816, 0.8416, 0.5244])


def _miss_random(rng):
    cases = []
    for _ in range(5):
        n, k = int(rng.integers(5, 40)), int(rng.integers(1, 5))
        rho = float(rng.uniform(0, 0.9))
        z = math.sqrt(rho) * rng.standard_normal((n, 1)) + math.sqrt(1 - rho) * rng.standard_normal((n, k))
        cases.append((z, rng.uniform(-0.5, 1.0, k)))
    return cases


def _miss_ties(rng):
    """Scores on a half-integer grid and thresholds on it: ties (z equal to the threshold) are not misses."""
    cases = []
    for _ in range(3):
        n, k = int(rng.integers(6, 20)), int(rng.integers(2, 4))
        cases.append((rng.integers(-2, 5, (n, k)) / 2.0, rng.integers(-1, 3, k) / 2.0))
    return cases + [(np.array([[0.5, 1.0]]), np.array([0.5, 0.5])), (np.array([[0.6, 1.0]]), np.array([0.5, 0.5]))]


miss_ex = Exercise(
    id="all_layers_miss", function="all_layers_miss", reference=model.all_layers_miss,
    title="correlated layers: who gets through all of them",
    checks=[
        Check("the shown example (4 attacks, 3 layers)", lambda rng: [(Z_SHOWN, T_SHOWN)],
              hint="A row gets through when z_i > threshold_i in EVERY column; return the share of such rows."),
        Check("scores equal to a threshold (ties), single rows", _miss_ties, hidden=True,
              hint="A layer misses only when z is strictly above its threshold (z > t): a tie is caught."),
        Check("random correlated scores and thresholds", _miss_random, hidden=True),
    ],
    mistakes=[
        Mistake("any layer instead of all", lambda z, t: float(np.mean(np.any(np.asarray(z) > t, axis=1))),
                hint="An attack gets through only if it passes every layer: np.all(..., axis=1), not np.any."),
        Mistake("independence: product of per-layer rates", lambda z, t: float(np.prod(np.mean(np.asarray(z) > t, axis=0))),
                hint="Multiplying each layer's miss rate assumes independence, which is exactly what correlated scores "
                     "break. Count the rows in which all layers miss at once."),
        Mistake("a tie counted as a miss", lambda z, t: float(np.mean(np.all(np.asarray(z) >= t, axis=1))),
                hint="Layer i misses when z_i is strictly greater than its threshold (z > t); at z = t it still "
                     "catches the attack."),
        Mistake("below the threshold", lambda z, t: float(np.mean(np.all(np.asarray(z) < t, axis=1))),
                hint="z is the attack's stealth against a layer: the layer misses when z is ABOVE the threshold "
                     "Φ⁻¹(recall), which happens with probability 1 − recall."),
    ],
    rtol=1e-12, atol=1e-15,
)

# ------------------------------------------------------------------ 6. clopper_pearson_upper


def _cp_random(rng):
    cases = []
    for _ in range(5):
        n = int(rng.integers(20, 3000))
        cases.append((int(rng.integers(0, min(n, 12))), n, float(rng.choice([0.9, 0.95, 0.99]))))
    return cases


cp_ex = Exercise(
    id="clopper_pearson_upper", function="clopper_pearson_upper", reference=model.clopper_pearson_upper,
    title="a launch gate: the upper bound on a failure rate",
    checks=[
        Check("the shown examples: 0 failures in 300 trials, 2 in 500 (95 %)", lambda rng: [(0, 300), (2, 500)],
              hint="Find p with P(X ≤ k) = 1 − conf for X ~ Binomial(n, p), by bisection on [0, 1]: P(X ≤ k) falls "
                   "as p grows."),
        Check("edge cases: every trial failed, one trial, several failures, other confidence levels",
              lambda rng: [(7, 7), (0, 1), (1, 1), (0, 10, 0.9), (5, 40), (3, 1000, 0.99), (1, 2)], hidden=True),
        Check("random failure counts, trial counts and confidence levels", _cp_random, hidden=True),
    ],
    mistakes=[
        Mistake("rule of three 3/n", lambda k, n, conf=0.95: 3 / n,
                hint="3/n is the rule of three, an approximation for k = 0 at 95 %. Solve P(X ≤ k) = 1 − conf "
                     "exactly (for k = 0: 1 − (1 − conf)^(1/n))."),
        Mistake("two-sided level", lambda k, n, conf=0.95: model.clopper_pearson_upper(k, n, 1 - (1 - conf) / 2),
                hint="A launch gate needs a ONE-sided bound: P(X ≤ k) = 1 − conf (0.05 at 95 %), not (1 − conf)/2."),
        Mistake("P(X < k) instead of P(X ≤ k)", lambda k, n, conf=0.95: (
            model.clopper_pearson_upper(k - 1, n, conf) if k > 0 else 0.0),
            hint="Solve P(X ≤ k) = 1 − conf: the bound is the largest p under which seeing k or FEWER failures still "
                 "has probability 1 − conf."),
        Mistake("normal approximation", lambda k, n, conf=0.95: k / n + 1.6448536269514722 * math.sqrt(k / n * (1 - k / n) / n),
                hint="The normal approximation p̂ + z·√(p̂(1 − p̂)/n) collapses to 0 when k = 0. Use the exact "
                     "binomial: solve P(X ≤ k) = 1 − conf for p."),
        Mistake("the k = 0 formula for every k", lambda k, n, conf=0.95: 1 - (1 - conf) ** (1 / n),
                hint="1 − (1 − conf)^(1/n) solves (1 − p)^n = 1 − conf, which is P(X ≤ k) only for k = 0. With k ≥ 1 "
                     "failures, sum the binomial probabilities of 0..k failures and solve by bisection."),
        Mistake("P(X ≤ k) = conf", lambda k, n, conf=0.95: model.clopper_pearson_upper(k, n, 1 - conf),
                hint="The upper bound is where seeing k or fewer failures becomes unlikely: P(X ≤ k) = 1 − conf "
                     "(0.05), not conf."),
    ],
    rtol=1e-6, atol=1e-10,  # 1e-6: a bisection of 30 halvings (error 1e-9) passes; 3/n and P(X < k) are far off
)

grader = Grader("interpretability", [direction_ex, sae_loss_ex, pressure_ex, swiss_ex, miss_ex, cp_ex])
