"""Graded exercises of chapter `rl-for-llms`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/rl_for_llms.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import rl_for_llms as model

PI_REF, R = [0.5, 0.3, 0.15, 0.05], [0.0, 1.0, 2.0, 5.0]


def _kl(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    s = p > 0
    return float(np.sum(p[s] * np.log(p[s] / q[s])))


def _quiet(f):
    """Run a wrong answer without numpy's overflow / 0-by-0 warnings (its inf or NaN is the point)."""
    with np.errstate(all="ignore"):
        return f()


def _random_prior(rng, m):
    p = rng.dirichlet(np.full(m, 1.5))
    return np.round(p / p.sum(), 12).tolist()


def _tilt_random(rng):
    cases = []
    for _ in range(6):
        m = int(rng.integers(2, 7))
        cases.append((_random_prior(rng, m), np.round(rng.uniform(-3, 6, m), 2).tolist(),
                      float(np.round(10 ** rng.uniform(-0.7, 1.3), 3))))
    return cases


# ------------------------------------------------------------------ 1. tilt

tilt_ex = Exercise(
    id="tilt", function="tilt", reference=model.tilt, title="the KL-regularised optimum π* ∝ π_ref·e^(R/β)",
    checks=[
        Check("the shown example: four answers, β = 1", lambda rng: [(PI_REF, R, 1.0)],
              hint="π*(y) = π_ref(y)·e^(R(y)/β) / Z, where Z makes the probabilities sum to 1."),
        Check("β away from 1 (0.5, 2, 10): β divides the reward", lambda rng: [(PI_REF, R, 0.5), (PI_REF, R, 2.0),
                                                                            (PI_REF, R, 10.0)], hidden=True),
        Check("random priors, rewards (negative ones too) and β", _tilt_random, hidden=True),
        Check("boundaries: equal rewards (a tie), a zero-probability answer, two answers",
              lambda rng: [([0.2, 0.3, 0.5], [1.5, 1.5, 1.5], 0.7), ([0.6, 0.0, 0.4], [0.0, 9.0, 1.0], 0.5),
                           ([0.9, 0.1], [0.0, 1.0], 3.0)], hidden=True),
        Check("a tiny β, where e^(R/β) overflows a float", lambda rng: [(PI_REF, R, 0.004), ([0.7, 0.3], [4.0, 4.5], 0.002)],
              hidden=True,
              hint="e^(5/0.004) = e^1250 overflows to inf, and inf/inf is NaN. Normalise in log space: compute "
                   "log π_ref + R/β, subtract its maximum, then exponentiate and divide by the sum."),
    ],
    mistakes=[
        Mistake("R·β instead of R/β", lambda p, r, b: (lambda w: w / w.sum())(np.asarray(p) * np.exp(np.asarray(r) * b)),
                hint="The weight is e^(R/β): a large β (a strong KL penalty) must keep π* close to π_ref, "
                     "so β divides the reward."),
        Mistake("the prior left out", lambda p, r, b: model.tilt(np.ones(len(p)) / len(p), r, b),
                hint="Without π_ref you get a softmax of the rewards: the answer that maximises E[R] − β·KL(π‖π_ref) "
                     "multiplies the prior by e^(R/β)."),
        Mistake("not normalised", lambda p, r, b: _quiet(lambda: np.asarray(p) * np.exp(np.asarray(r, dtype=float) / b)),
                hint="π* must be a probability distribution: divide π_ref·e^(R/β) by its sum Z."),
        Mistake("e^(−R/β)", lambda p, r, b: model.tilt(p, -np.asarray(r, dtype=float), b),
                hint="The tilt moves mass TOWARD high reward: multiply by e^(+R/β)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 2. tilt_point (the frontier)

tilt_point_ex = Exercise(
    id="tilt_point", function="tilt_point", reference=model.tilt_point, title="a point on the reward–KL frontier",
    checks=[
        Check("the shown example at β = 1", lambda rng: [(PI_REF, R, 1.0)],
              hint="Return (Σ π*·R, Σ π*·ln(π*/π_ref)) with π* the tilted distribution."),
        Check("the frontier at β = 0.5, 2, 10", lambda rng: [(PI_REF, R, 0.5), (PI_REF, R, 2.0), (PI_REF, R, 10.0)],
              hidden=True),
        Check("random priors, rewards and β", _tilt_random, hidden=True),
        Check("boundaries: a zero-probability answer, equal rewards (KL 0)",
              lambda rng: [([0.6, 0.0, 0.4], [0.0, 9.0, 1.0], 0.5), ([0.25, 0.75], [2.0, 2.0], 1.3)], hidden=True,
              hint="An answer with π_ref = 0 has π* = 0 and contributes 0 to the KL (0·ln 0 counts as 0)."),
    ],
    mistakes=[
        Mistake("KL(π_ref‖π*) reversed", lambda p, r, b: (float(model.tilt(p, r, b) @ np.asarray(r, dtype=float)),
                                                          _kl(p, model.tilt(p, r, b))),
                hint="The penalty is KL(π*‖π_ref) = Σ π*·ln(π*/π_ref): the expectation is under the NEW policy π*, "
                     "not the prior (KL is not symmetric)."),
        Mistake("KL in bits", lambda p, r, b: (float(model.tilt(p, r, b) @ np.asarray(r, dtype=float)),
                                              _kl(model.tilt(p, r, b), p) / math.log(2)),
                hint="Use the natural log: the objective E[R] − β·KL with π* ∝ π_ref·e^(R/β) measures KL in nats."),
        Mistake("E[R] under the prior", lambda p, r, b: (float(np.asarray(p) @ np.asarray(r, dtype=float)),
                                                        _kl(model.tilt(p, r, b), p)),
                hint="The expected reward of the tuned policy is Σ π*(y)·R(y), under π*, not under π_ref."),
        Mistake("the objective E[R] − β·KL instead of E[R]", lambda p, r, b: (
            float(model.tilt(p, r, b) @ np.asarray(r, dtype=float)) - b * _kl(model.tilt(p, r, b), p),
            _kl(model.tilt(p, r, b), p)),
            hint="The first number is the plain expected reward E_π*[R]; the KL cost is reported separately."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. pass_at_k


def _pass_random(rng):
    cases = []
    for _ in range(8):
        n = int(rng.integers(2, 120))
        c = int(rng.integers(0, n + 1))
        cases.append((n, c, int(rng.integers(1, n + 1))))
    return cases


pass_ex = Exercise(
    id="pass_at_k", function="pass_at_k", reference=model.pass_at_k, title="unbiased pass@k",
    checks=[
        Check("the shown examples", lambda rng: [(10, 3, 1), (10, 3, 5), (20, 2, 5)],
              hint="pass@k = 1 − C(n−c, k)/C(n, k): one minus the chance that k samples drawn WITHOUT replacement "
                   "from the n are all failures."),
        Check("thresholds: n − c just below, at and above k",
              lambda rng: [(10, 3, 10), (10, 5, 5), (10, 6, 5), (10, 4, 5), (7, 7, 1), (7, 0, 3), (1, 1, 1), (1, 0, 1)],
              hidden=True,
              hint="When n − c < k every subset of k contains a passing sample: pass@k = 1. When n − c = k exactly one "
                   "subset of k is all failures, so pass@k is 1 − 1/C(n, k), not 1."),
        Check("random n, c, k", _pass_random, hidden=True),
        Check("large n (the binomial coefficients are huge)", lambda rng: [(200, 7, 50), (1000, 3, 100), (500, 250, 2)],
              hidden=True),
    ],
    mistakes=[
        Mistake("biased 1 − (1 − c/n)^k", lambda n, c, k: 1 - (1 - c / n) ** k,
                hint="1 − (1 − c/n)^k draws k samples WITH replacement; pass@k draws k of the n without replacement: "
                     "1 − C(n−c, k)/C(n, k) (0.916667 for n = 10, c = 3, k = 5, not 0.83193)."),
        Mistake("n − c ≤ k treated as certain", lambda n, c, k: 1.0 if n - c <= k else
                1 - math.comb(n - c, k) / math.comb(n, k),
                hint="Only n − c < k guarantees a pass. With n − c = k, one subset of k samples is all failures."),
        Mistake("probability all k pass", lambda n, c, k: math.comb(c, k) / math.comb(n, k),
                hint="pass@k asks for AT LEAST ONE passing sample among k: one minus the chance that all k fail."),
        Mistake("probability all k fail", lambda n, c, k: math.comb(n - c, k) / math.comb(n, k),
                hint="C(n−c, k)/C(n, k) is the chance that all k samples fail; pass@k is one minus that."),
        Mistake("k·c/n", lambda n, c, k: min(1.0, k * c / n),
                hint="Adding k chances of c/n counts overlapping events twice. Use 1 − C(n−c, k)/C(n, k)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 4. group_advantages


def _groups_random(rng):
    cases = []
    for _ in range(5):
        G = int(rng.integers(2, 17))
        cases.append((rng.integers(0, 2, G).astype(float).tolist(),))
    for _ in range(3):
        G = int(rng.integers(3, 12))
        cases.append(((rng.integers(0, 5, G) * 0.25).tolist(),))  # graded rewards 0, 0.25, ..., 1
    return cases


group_ex = Exercise(
    id="group_advantages", function="group_advantages", reference=model.group_advantages,
    title="GRPO-style group-normalised advantages",
    checks=[
        Check("the shown example: 3 of 8 samples pass", lambda rng: [([1, 0, 0, 1, 1, 0, 0, 0],)],
              hint="Subtract the group's mean reward, divide by the group's standard deviation."),
        Check("groups that all pass or all fail, and a group of one",
              lambda rng: [([1, 1, 1, 1],), ([0, 0, 0],), ([0.5],), ([0.75, 0.75],)], hidden=True,
              hint="An all-equal group has standard deviation 0: return zeros (no sample is better than another), "
                   "not 0/0 = NaN."),
        Check("uneven groups: one success among many, one failure among many",
              lambda rng: [([0, 0, 0, 0, 0, 1],), ([1, 1, 1, 0],), ([0, 1],)], hidden=True),
        Check("random binary and graded rewards", _groups_random, hidden=True),
    ],
    mistakes=[
        Mistake("sample std (ddof = 1)", lambda r: (lambda a: np.zeros_like(a) if a.max() == a.min() else
                                                   (a - a.mean()) / a.std(ddof=1))(np.asarray(r, dtype=float)),
                hint="Use the population standard deviation of the group (np.std's default, ddof = 0): "
                     "1.290994 for each pass in [1, 0, 0, 1, 1, 0, 0, 0]."),
        Mistake("mean only, no std", lambda r: np.asarray(r, dtype=float) - np.mean(r),
                hint="Group-normalised means dividing (r − mean) by the group's standard deviation as well."),
        Mistake("all-equal group gives NaN", lambda r: _quiet(lambda: (np.asarray(r, dtype=float) - np.mean(r)) / np.std(r)),
                hint="When every reward in the group is equal the std is 0 and 0/0 is NaN: return zeros instead."),
        Mistake("divided by the mean", lambda r: (lambda a: np.zeros_like(a) if a.max() == a.min() else
                                                 (a - a.mean()) / a.mean())(np.asarray(r, dtype=float)),
                hint="Normalise by the standard deviation of the group, not by its mean."),
    ],
    rtol=1e-9, atol=1e-9,
)

# ------------------------------------------------------------------ 5. corridor_values


def _corridor_random(rng):
    cases = []
    for kind in ("none", "naive", "potential", "naive", "potential"):
        cases.append((kind, float(np.round(rng.uniform(0.2, 5.0), 2)), float(np.round(rng.uniform(0.5, 0.95), 2))))
    return cases


def _always_right(kind, b, g):
    """The values of walking right every step (no max over actions): a wrong answer, as code."""
    V = np.zeros(6)
    for s in (4, 3, 2, 1, 0):
        r = 10.0 if s == 4 else 0.0
        if kind == "naive" and s + 1 == 2:
            r += b
        if kind == "potential":
            r += g * (b if s + 1 == 2 else 0.0) - (b if s == 2 else 0.0)
        V[s] = r + g * V[s + 1]
    return V


def _vi(kind, b, g, shaped):
    """Value iteration with a custom shaping term shaped(s, s2, b, g): the mistakes below differ only there."""
    V = np.zeros(6)
    for _ in range(5000):
        new = np.zeros(6)
        for s in range(5):
            best = -math.inf
            for s2 in (s + 1, max(s - 1, 0)):
                r = (10.0 if s2 == 5 else 0.0) + shaped(s, s2, b, g)
                best = max(best, r + (0.0 if s2 == 5 else g * V[s2]))
            new[s] = best
        if np.max(np.abs(new - V)) < 1e-13:
            return new
        V = new
    return V


def _phi(s, b):
    return b if s == 2 else 0.0


corridor_ex = Exercise(
    id="corridor_values", function="corridor_values", reference=model.corridor_values,
    title="reward hacking: values of a shaped corridor",
    checks=[
        Check("the shown example: bonus 2, γ = 0.9, each kind of shaping",
              lambda rng: [("none", 2.0, 0.9), ("naive", 2.0, 0.9), ("potential", 2.0, 0.9)],
              hint="Value iteration: repeat V(s) ← max over {right, left} of [r(s, s′) + γ·V(s′)] with V(5) = 0, "
                   "until nothing changes by more than 1e-12."),
        Check("γ away from 0.9 and bonuses on both sides of the loop threshold",
              lambda rng: [("naive", 1.5, 0.9), ("naive", 1.8, 0.9), ("potential", 3.0, 0.6), ("naive", 0.7, 0.5),
                           ("none", 4.0, 0.95)], hidden=True),
        Check("no bonus at all", lambda rng: [("naive", 0.0, 0.8), ("potential", 0.0, 0.8)], hidden=True),
        Check("random bonuses, discounts and kinds of shaping", _corridor_random, hidden=True),
    ],
    mistakes=[
        Mistake("potential with the sign flipped", lambda k, b, g: _vi(k, b, g, lambda s, s2, b, g: (
            b if k == "naive" and s2 == 2 and s != 2 else 0.0) + (_phi(s, b) - g * _phi(s2, b) if k == "potential"
                                                                 else 0.0)),
                hint="Potential-based shaping adds F = γ·Φ(s′) − Φ(s): the potential of where you arrive, discounted, "
                     "minus where you left."),
        Mistake("potential without γ", lambda k, b, g: _vi(k, b, g, lambda s, s2, b, g: (
            b if k == "naive" and s2 == 2 and s != 2 else 0.0) + (_phi(s2, b) - _phi(s, b) if k == "potential"
                                                                 else 0.0)),
                hint="F = γ·Φ(s′) − Φ(s), with the discount γ on Φ(s′). Only this form is guaranteed to leave the "
                     "optimal policy unchanged; its values are then the unshaped ones minus Φ(s)."),
        Mistake("bonus for every step out of cell 2", lambda k, b, g: _vi(k, b, g, lambda s, s2, b, g: (
            b if k == "naive" and s == 2 else 0.0) + (g * _phi(s2, b) - _phi(s, b) if k == "potential" else 0.0)),
                hint="The naive bonus is paid on ENTERING cell 2 (from cell 1 or cell 3)."),
        Mistake("walking right only (no max)", _always_right,
                hint="V* takes the best action in every cell: with a big enough bonus, stepping back into cell 2 "
                     "again and again beats walking on to the goal. Take the max over right and left."),
    ],
    rtol=1e-7, atol=1e-9,  # value iteration stopped at 1e-12 differs from the fixed point by < 1e-10 here
)

# ------------------------------------------------------------------ 6. gamed


def _shuffled(rng, items):
    return [items[i] for i in rng.permutation(len(items))]


def _gamed_random(rng):
    cases = []
    for _ in range(5):
        progs = [model.CANDIDATES[i] for i in rng.choice(len(model.CANDIDATES), int(rng.integers(3, 9)), replace=False)]
        vis = _shuffled(rng, list(model.VISIBLE_TESTS))[:int(rng.integers(1, 6))]
        hid = _shuffled(rng, list(model.HIDDEN_TESTS))[:int(rng.integers(2, 10))]
        cases.append((progs, vis, hid))
    return cases


C, VT, HT = model.CANDIDATES, list(model.VISIBLE_TESTS), list(model.HIDDEN_TESTS)

gamed_ex = Exercise(
    id="gamed", function="gamed", reference=model.gamed, title="weak tests are gamed",
    checks=[
        Check("the ten shipped candidates: the visible suite, and a visible suite of two composites",
              lambda rng: [(list(C), VT, HT), (list(C), [(4, False), (10, False)], HT)],
              hint="Run both suites on every candidate, each call inside try/except (a program that raises has "
                   "failed that test): keep the index if it passes ALL visible tests and fails at least one hidden test."),
        Check("a program that raises an exception fails that test",
              lambda rng: [([C[7], C[0]], VT, [(-3, False)]), ([C[0], C[7]], [(-5, False)], HT)], hidden=True,
              hint="Call each program inside try/except: an exception counts as a failed test, not as a pass, "
                   "and must not stop your function."),
        Check("empty suites and an empty list of programs",
              lambda rng: [(list(C), [], HT), (list(C), VT, []), ([], VT, HT)], hidden=True,
              hint="A program passes an empty suite (it fails no test): every program passes no visible tests, and "
                   "none fails an empty hidden suite."),
        Check("random subsets of programs and tests", _gamed_random, hidden=True),
    ],
    mistakes=[
        Mistake("fails hidden, ignoring visible", lambda P, v, h: [i for i, p in enumerate(P) if not model.passes(p, h)],
                hint="A program that already fails a visible test is not gaming the reward: it earns nothing. Count "
                     "only those that pass every visible test and fail a hidden one."),
        Mistake("passes visible only", lambda P, v, h: [i for i, p in enumerate(P) if model.passes(p, v)],
                hint="Passing the visible tests is half of it: the gamed programs also fail at least one hidden test."),
        Mistake("one visible test is enough", lambda P, v, h: [
            i for i, p in enumerate(P) if any(model.passes(p, [t]) for t in v) and not model.passes(p, h)],
                hint="The reward pays only when ALL visible tests pass, not when any one does."),
        Mistake("an exception counted as a pass", lambda P, v, h: [
            i for i, p in enumerate(P) if _passes_ignoring_errors(p, v) and not _passes_ignoring_errors(p, h)],
                hint="A program that raises on a test has failed that test."),
    ],
)


def _passes_ignoring_errors(program, tests):
    for x, expected in tests:
        try:
            if program(x) != expected:
                return False
        except Exception:
            continue
    return True


grader = Grader("rl-for-llms", [tilt_ex, tilt_point_ex, pass_ex, group_ex, corridor_ex, gamed_ex])
