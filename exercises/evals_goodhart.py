"""Graded exercises of chapter `evals-goodhart`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/evals_goodhart.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import evals_goodhart as model

Z = model.Z95


def _z(rng):
    return float(np.round(rng.uniform(1.0, 3.0), 4))


# ------------------------------------------------------------------ 1. win + tie rate with a Wilson interval


def _wilson_naive(w, t, l, z=Z, ties=1.0, wilson=True):
    n = w + t + l
    p = (w + ties * t) / n
    if not wilson:
        h = z * math.sqrt(p * (1 - p) / n)
        return p, p - h, p + h
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return p, c - h, c + h


def _wilson_random(rng):
    cases = []
    for _ in range(6):
        w, t, l = (int(v) for v in rng.integers(0, 300, size=3))
        cases.append((w, t + 1, l + 1, _z(rng)))  # ties and losses >= 1: every mistake is visible
    return cases


wilson_ex = Exercise(
    id="win_rate_wilson", function="win_rate_wilson", reference=model.win_rate_wilson,
    title="a win + tie rate and its Wilson interval",
    checks=[
        Check("the shown example: 80 wins, 25 ties, 115 losses at z = 1.96",
              lambda rng: [(80, 25, 115, 1.96)],
              hint="p̂ = (wins + ties)/n; Wilson: centre (p̂ + z²/2n)/(1 + z²/n), "
                   "half-width z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²)."),
        Check("random tallies and z values", _wilson_random, hidden=True),
        Check("boundaries: never at least as good, always at least as good, one comparison, no ties",
              lambda rng: [(0, 0, 12, 1.96), (9, 3, 0, 2.5758), (1, 0, 0, 1.96), (0, 1, 0, 1.6449),
                           (0, 0, 1, 1.2), (30, 0, 20, 1.96), (0, 40, 10, 1.96)], hidden=True,
              hint="At p̂ = 0 the Wilson interval still has width: [0, z²/(n + z²)]. Do not special-case it."),
    ],
    mistakes=[
        Mistake("ties counted as half a win", lambda w, t, l, z=Z: _wilson_naive(w, t, l, z, ties=0.5),
                hint="GDPval's headline counts a tie as \"at least as good as the expert\": (wins + ties)/n, "
                     "not (wins + ties/2)/n."),
        Mistake("ties dropped", lambda w, t, l, z=Z: _wilson_naive(w, 0, l, z) if w + l else (math.nan,) * 3,
                hint="Ties are comparisons too: they count in the numerator (at least as good) and in n."),
        Mistake("ties counted as losses", lambda w, t, l, z=Z: _wilson_naive(w, t, l, z, ties=0.0),
                hint="A tie means the model was rated at least as good as the expert: count it with the wins."),
        Mistake("Wald interval", lambda w, t, l, z=Z: _wilson_naive(w, t, l, z, wilson=False),
                hint="p̂ ± z√(p̂(1 − p̂)/n) is the Wald interval (zero width at p̂ = 0 or 1, poor coverage). "
                     "Wilson's centre is pulled toward 1/2: (p̂ + z²/2n)/(1 + z²/n)."),
        Mistake("Wilson half-width around p̂", lambda w, t, l, z=Z: (lambda p, lo, hi: (
            p, p - (hi - lo) / 2, p + (hi - lo) / 2))(*_wilson_naive(w, t, l, z)),
            hint="The Wilson interval is not centred on p̂: its centre is (p̂ + z²/2n)/(1 + z²/n)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 2. Bradley–Terry by MM

SHOWN_W = [[0, 7, 8, 9], [3, 0, 6, 8], [2, 4, 0, 6], [1, 2, 4, 0]]


def _mm(W, sweeps=100_000, normalise=True, transpose=False, start=None):
    W = np.asarray(W, dtype=float)
    W = W.T if transpose else W
    n, wins = W + W.T, W.sum(axis=1)
    p = np.full(len(W), 1.0 / len(W)) if start is None else np.asarray(start, dtype=float)
    for _ in range(sweeps):
        new = wins / (n / (p[:, None] + p[None, :])).sum(axis=1)
        new = new / new.sum() if normalise else new
        if np.abs(new - p).max() < 1e-13:
            return new
        p = new
    return p


def _bt_random(rng):
    cases = []
    for m in (3, 4, 5, 6):
        W = rng.integers(1, 15, size=(m, m)) * (1 - np.eye(m, dtype=int))
        cases.append((W.tolist(),))
    return cases


bt_ex = Exercise(
    id="bradley_terry", function="bradley_terry", reference=model.bradley_terry,
    title="Bradley–Terry strengths by the MM algorithm",
    checks=[
        Check("the shown 4-player matrix", lambda rng: [(SHOWN_W,)],
              hint="Repeat p_i ← W_i / Σ_{j≠i} (W[i][j] + W[j][i])/(p_i + p_j) for every i, divide by the sum, until "
                   "nothing changes (1e-12)."),
        Check("two players: the strengths are the win shares", lambda rng: [([[0, 3], [7, 0]],), ([[0, 5], [5, 0]],)],
              hidden=True),
        Check("random win matrices with 3 to 6 players", _bt_random, hidden=True),
        Check("a pair that never met, a player who never beat the best",
              lambda rng: [([[0, 4, 0], [2, 0, 5], [0, 3, 0]],), ([[0, 7, 8, 9], [3, 0, 6, 8], [2, 4, 0, 6], [0, 2, 4, 0]],)],
              hidden=True),
    ],
    mistakes=[
        Mistake("not normalised to sum 1", lambda W: _mm(W, normalise=False, start=np.ones(len(W)), sweeps=1000),
                hint="Bradley–Terry fixes strengths only up to a common factor: divide by their sum (each sweep "
                     "or at the end) so they sum to 1."),
        Mistake("columns read as wins (W transposed)", lambda W: _mm(W, transpose=True),
                hint="W[i][j] is how often row i beat column j: player i's wins are the ROW sum."),
        Mistake("win shares, no model", lambda W: (lambda W: (W.sum(1) / (W + W.T).sum(1)) / (W.sum(1) / (W + W.T).sum(1)).sum())(
            np.asarray(W, dtype=float)),
            hint="Raw win shares (which is also what ONE MM sweep from equal strengths gives) ignore whom each player "
                 "met. Repeat the MM sweep until the strengths stop changing."),
    ],
    rtol=1e-7, atol=1e-9,  # an MM loop stopped at a change of 1e-10 is within this; a partial fit is far outside
)

# ------------------------------------------------------------------ 3. review economics


def _review_random(rng):
    return [(float(np.round(rng.uniform(0.5, 60), 1)), float(np.round(rng.uniform(5, 200), 1)),
             float(np.round(rng.uniform(60, 2000), 1)), float(np.round(rng.uniform(0.01, 0.99), 3)))
            for _ in range(6)]


review_ex = Exercise(
    id="review_economics", function="review_economics", reference=model.review_economics,
    title="try the model, review, fall back to the human",
    checks=[
        Check("the shown example: 10, 100 and 400 minutes, w = 0.5", lambda rng: [(10.0, 100.0, 400.0, 0.5)],
              hint="Every task pays t_model + t_review; the human's t_human is paid only when the output is not "
                   "usable (probability 1 − w). Return (expected minutes, t_human / expected minutes)."),
        Check("random times and win rates", _review_random, hidden=True),
        Check("boundaries: the model never usable, always usable, free review",
              lambda rng: [(10.0, 100.0, 400.0, 0.0), (10.0, 100.0, 400.0, 1.0), (3.0, 0.0, 250.0, 0.6),
                           (0.0, 30.0, 90.0, 0.25)], hidden=True),
    ],
    mistakes=[
        Mistake("review paid only on failures", lambda tm, tr, th, w: (
            lambda e: (e, th / e))(tm + (1 - w) * (tr + th)),
            hint="Review is paid on EVERY task: you only know whether the output is usable after reading it."),
        Mistake("w and 1 − w swapped", lambda tm, tr, th, w: (lambda e: (e, th / e))(tm + tr + w * th),
                hint="The human redoes the task when the model's output is NOT usable: probability 1 − w."),
        Mistake("naive speed-up t_human / t_model", lambda tm, tr, th, w: (tm + tr + (1 - w) * th, th / tm if tm else math.inf),
                hint="Comparing t_human with t_model alone (40× here) forgets the review and the fallback: divide "
                     "t_human by the expected time per task."),
        Mistake("model time forgotten", lambda tm, tr, th, w: (lambda e: (e, th / e))(tr + (1 - w) * th),
                hint="The model's own running time t_model is paid on every task too."),
    ],
    rtol=1e-12, atol=1e-12,
)

# ------------------------------------------------------------------ 4. how precise is an eval?


def _precision_random(rng):
    return [(float(np.round(rng.uniform(0.03, 0.97), 3)), int(rng.integers(20, 5000)),
             float(np.round(rng.uniform(0.005, 0.08), 4)), _z(rng)) for _ in range(6)]


precision_ex = Exercise(
    id="eval_precision", function="eval_precision", reference=model.eval_precision,
    title="standard error, half-width and the n you need",
    checks=[
        Check("the shown example: p = 0.476 on 220 tasks, ±2 points wanted, z = 1.96",
              lambda rng: [(0.476, 220, 0.02, 1.96)],
              hint="SE = √(p(1 − p)/n); half-width = z·SE; n needed = the smallest whole n with "
                   "z√(p(1 − p)/n) <= target, i.e. z²p(1 − p)/target² rounded UP."),
        Check("random rates, sizes, targets and z", _precision_random, hidden=True),
        Check("targets that need an exact whole number of items",
              lambda rng: [(0.5, 100, 0.05, 2.0), (0.5, 10, 0.25, 1.0), (0.5, 20, 0.1, 2.0), (0.5, 7, 0.5, 3.0)],
              hidden=True,
              hint="When z²p(1 − p)/target² is already a whole number, that many items is enough: round up with "
                   "math.ceil, which leaves whole numbers alone."),
        Check("boundaries: one item, a rate near 0", lambda rng: [(0.3, 1, 0.5, 1.96), (0.01, 400, 0.01, 1.96)],
              hidden=True),
    ],
    mistakes=[
        Mistake("n rounded to nearest", lambda p, n, h, z=Z: (
            math.sqrt(p * (1 - p) / n), z * math.sqrt(p * (1 - p) / n), round(z * z * p * (1 - p) / h**2)),
            hint="Round n UP: rounding down leaves the half-width just above the target."),
        Mistake("int(n) + 1", lambda p, n, h, z=Z: (
            math.sqrt(p * (1 - p) / n), z * math.sqrt(p * (1 - p) / n), int(z * z * p * (1 - p) / h**2 + 1e-9) + 1),
            hint="int(x) + 1 overshoots when x is already whole: math.ceil(x) is the smallest whole n >= x."),
        Mistake("n not rounded", lambda p, n, h, z=Z: (
            math.sqrt(p * (1 - p) / n), z * math.sqrt(p * (1 - p) / n), z * z * p * (1 - p) / h**2),
            hint="Items come in whole numbers: return the smallest whole n (math.ceil)."),
        Mistake("variance, not SE", lambda p, n, h, z=Z: (
            p * (1 - p) / n, z * p * (1 - p) / n, math.ceil(z * z * p * (1 - p) / h**2 - 1e-9)),
            hint="The standard error is the square root of the variance p(1 − p)/n."),
        Mistake("z not squared in n", lambda p, n, h, z=Z: (
            math.sqrt(p * (1 - p) / n), z * math.sqrt(p * (1 - p) / n), math.ceil(z * p * (1 - p) / h**2 - 1e-9)),
            hint="From z√(p(1 − p)/n) = target: n = z²·p(1 − p)/target² (square both sides, z too)."),
        Mistake("z fixed at 1.96", lambda p, n, h, z=Z: (
            math.sqrt(p * (1 - p) / n), 1.96 * math.sqrt(p * (1 - p) / n), math.ceil(1.96**2 * p * (1 - p) / h**2)),
            hint="Use the z you are given (1.96 for 95 %, 2.576 for 99 %, ...)."),
    ],
    rtol=1e-12, atol=1e-15,
)

# ------------------------------------------------------------------ 5. best of N: regressional Goodhart


def _bon_random(rng):
    return [(int(rng.integers(2, 3000)), float(np.round(rng.uniform(0.3, 3.0), 3)),
             float(np.round(rng.uniform(0.1, 3.0), 3))) for _ in range(6)]


def _bon(N, st, sn, proxy_scale=True, shrink=2):
    e = model.expected_max_normal(N)
    s = math.sqrt(st**2 + sn**2)
    proxy = s * e if proxy_scale else e
    if shrink == 2:
        return proxy, proxy * st**2 / s**2
    if shrink == 1:
        return proxy, proxy * st / s
    if shrink == 0:
        return proxy, proxy
    return proxy, proxy * st**2 / sn**2 if sn else proxy


bon_ex = Exercise(
    id="best_of_n", function="best_of_n", reference=model.best_of_n,
    title="best of N under a noisy proxy",
    checks=[
        Check("the shown examples: N = 50 with σt = 2, σn = 0.5; N = 10, 100, 1,000 with σt = σn = 1",
              lambda rng: [(50, 2.0, 0.5), (10, 1.0, 1.0), (100, 1.0, 1.0), (1000, 1.0, 1.0)],
              hint="E[proxy of the winner] = √(σt² + σn²)·E[max of N standard normals], the expectation by "
                   "integrating x·N·φ(x)·Φ(x)^(N−1); E[true | proxy] = proxy·σt²/(σt² + σn²)."),
        Check("σt and σn away from 1 and from each other", lambda rng: [(20, 0.7, 1.6), (7, 3.0, 2.2)], hidden=True),
        Check("random N, σt and σn", _bon_random, hidden=True),
        Check("boundaries: one candidate, two candidates, a noiseless proxy",
              lambda rng: [(1, 1.5, 0.8), (2, 2.0, 1.0), (30, 1.3, 0.0)], hidden=True,
              hint="With N = 1 there is no selection: both expectations are 0. With σn = 0 the proxy is the truth."),
    ],
    mistakes=[
        Mistake("no shrinkage: true = proxy", lambda N, st=1.0, sn=1.0: _bon(N, st, sn, shrink=0),
                hint="The winner was picked BECAUSE its noise was high: E[true | proxy] = proxy·σt²/(σt² + σn²) "
                     "(half the proxy when σt = σn)."),
        Mistake("shrink by σt/s", lambda N, st=1.0, sn=1.0: _bon(N, st, sn, shrink=1),
                hint="The regression slope of true on proxy is Cov/Var = σt²/(σt² + σn²): squared σ's, no root."),
        Mistake("proxy not scaled", lambda N, st=1.0, sn=1.0: _bon(N, st, sn, proxy_scale=False),
                hint="The proxy has standard deviation √(σt² + σn²): multiply E[max of N standard normals] by it."),
        Mistake("shrink by σt²/σn²", lambda N, st=1.0, sn=1.0: _bon(N, st, sn, shrink=3),
                hint="Divide by the proxy's variance σt² + σn², not by the noise variance alone."),
    ],
    rtol=1e-6, atol=1e-8,  # your own integration grid is fine (a step of 0.01 on [−10, 10] is ~1e-9 off); a simulation is not
)

# ------------------------------------------------------------------ 6. leaderboard reuse


def _lb_random(rng):
    return [(int(rng.integers(2, 2000)), int(rng.integers(50, 20_000)), float(np.round(rng.uniform(0.3, 0.95), 3)))
            for _ in range(6)]


def _lb(k, n, a, se=True, emax=None):
    s = math.sqrt(a * (1 - a) / n) if se else a * (1 - a) / n
    e = model.expected_max_normal(k) if emax is None else emax
    return a + s * e, a


leaderboard_ex = Exercise(
    id="leaderboard_best", function="leaderboard_best", reference=model.leaderboard_best,
    title="the best of k submissions: public vs private",
    checks=[
        Check("the shown example: 100 coin-flip classifiers, 1,000 public items", lambda rng: [(100, 1000, 0.5)],
              hint="Each public score ≈ accuracy + √(accuracy(1 − accuracy)/n)·Z; the best of k is that with "
                   "E[max of k standard normals] for Z. The private score is the true accuracy."),
        Check("classifiers better than a coin, other set sizes", lambda rng: [(30, 500, 0.8), (5, 200, 0.65)],
              hidden=True),
        Check("random k, set sizes and accuracies", _lb_random, hidden=True),
        Check("boundaries: a single submission, a huge public set", lambda rng: [(1, 1000, 0.7), (100, 10**8, 0.5)],
              hidden=True, hint="With k = 1 nothing is selected: both scores are the true accuracy."),
    ],
    mistakes=[
        Mistake("private score = public score", lambda k, n, a=0.5: (lambda p: (p, p))(_lb(k, n, a)[0]),
                hint="The private set never saw the selection: the winner's private score is its true accuracy."),
        Mistake("variance, not SE", lambda k, n, a=0.5: _lb(k, n, a, se=False),
                hint="The noise of a score on n items is the standard error √(a(1 − a)/n), the root of the variance."),
        Mistake("√(2 ln k) for the expected maximum", lambda k, n, a=0.5: _lb(k, n, a, emax=math.sqrt(2 * math.log(k))),
                hint="√(2 ln k) is only the leading term of E[max of k normals] (3.03 vs 2.51 at k = 100): use the "
                     "exact expectation (ev.expected_max_normal(k))."),
        Mistake("no selection effect", lambda k, n, a=0.5: (a, a),
                hint="Picking the best of k public scores picks lucky noise: the public score is inflated by "
                     "SE·E[max of k standard normals]."),
    ],
    rtol=1e-6, atol=1e-9,  # your own integration of E[max] is fine
)

grader = Grader("evals-goodhart", [wilson_ex, bt_ex, review_ex, precision_ex, bon_ex, leaderboard_ex])
