"""Graded exercises of chapter `llm-companies`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/llm_companies.py (the code that draws the figures; Amdahl's
law is the jobs-abundance chapter's amdahl_speedup, imported there). Every Mistake is a real wrong answer
written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import llm_companies as model

# the worked example of the chapter (a 10-item benchmark; 1 = the model answers the item right)
CONF = np.array([0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
SMALL = np.array([1, 1, 1, 1, 0, 1, 0, 0, 1, 0])
LARGE = np.array([1, 1, 1, 1, 1, 1, 1, 0, 1, 1])


def _ex(*rest):
    """The example arrays (fresh copies: a learner's function must not change them) and more arguments."""
    return (CONF.copy(), SMALL.copy(), LARGE.copy(), *rest)


# ------------------------------------------------------------------ 1. amdahl


def _amdahl_random(rng):
    cases = [(float(np.round(rng.uniform(0.05, 0.999), 3)), int(rng.integers(2, 5000))) for _ in range(6)]
    return cases + [(float(np.round(rng.uniform(0.3, 0.9), 2)), float(np.round(rng.uniform(1.5, 40), 1)))]


amdahl_ex = Exercise(
    id="amdahl", function="amdahl", reference=model.amdahl, title="Amdahl's law: n workers, a serial share",
    checks=[
        Check("the shown examples: p = 0.9 with 8 and 64 workers, p = 0.95 with 1,000",
              lambda rng: [(0.9, 8), (0.9, 64), (0.95, 1000)],
              hint="Time with n workers = serial part (1 − p) + parallel part p/n; the speed-up is 1 / that time."),
        Check("boundaries: one worker, nothing parallel, everything parallel, a huge team",
              lambda rng: [(0.7, 1), (0.0, 50), (1.0, 12), (0.9, 10 ** 9), (0.25, 3)], hidden=True),
        Check("random parallel shares and team sizes", _amdahl_random, hidden=True),
    ],
    mistakes=[
        Mistake("Gustafson's scaled speed-up (1 − p) + p·n", lambda p, n: (1 - p) + p * n,
                hint="(1 − p) + p·n is Gustafson's law, for a job that grows with the team. Amdahl keeps the job "
                     "fixed: the time is (1 − p) + p/n, and the speed-up is its reciprocal."),
        Mistake("the time, not the speed-up", lambda p, n: (1 - p) + p / n,
                hint="(1 − p) + p/n is the time the job takes (one worker takes 1). The speed-up is 1 divided by it."),
        Mistake("p and 1 − p swapped", lambda p, n: 1 / (p + (1 - p) / n),
                hint="p is the share that runs in parallel, so it is p that gets divided by n; the serial share "
                     "1 − p is not sped up."),
        Mistake("the ceiling 1/(1 − p) only", lambda p, n: 1 / (1 - p) if p < 1 else math.inf,
                hint="1/(1 − p) is the limit for infinitely many workers; with n workers keep the p/n term."),
    ],
    rtol=1e-12, atol=0.0,
)

# ------------------------------------------------------------------ 2. reduction_depth


def _depth_powers(rng):
    """Exact powers b^k (where a floating-point log can land just above k) and one more worker than that."""
    cases = [(125, 5), (243, 3), (1000, 10), (4913, 17), (10 ** 6, 10), (3 ** 13, 3), (6 ** 7, 6)]
    for _ in range(4):
        b, k = int(rng.integers(2, 13)), int(rng.integers(1, 9))
        cases += [(b ** k, b), (b ** k + 1, b)]
    return cases


def _depth_random(rng):
    return [(int(rng.integers(2, 10 ** 6)), int(rng.integers(2, 40))) for _ in range(8)]


depth_ex = Exercise(
    id="reduction_depth", function="reduction_depth", reference=model.reduction_depth,
    title="levels of reports in a hierarchy",
    checks=[
        Check("the shown examples", lambda rng: [(1000, 10), (1024, 2), (125, 5), (1, 7)],
              hint="Count the rounds: each round every manager turns b reports into one, so after d rounds one "
                   "result can summarise b^d workers. Find the smallest d with b^d >= n."),
        Check("exact powers of b, and one worker more", _depth_powers, hidden=True),
        Check("boundaries: a single worker, fewer workers than b, exactly b, one more than b",
              lambda rng: [(1, 2), (1, 50), (3, 10), (10, 10), (11, 10), (2, 2), (3, 2)], hidden=True),
        Check("random team sizes and branching factors", _depth_random, hidden=True),
    ],
    mistakes=[
        Mistake("ceil of a floating-point log", lambda n, b: math.ceil(math.log(n, b)),
                hint="math.log(125, 5) is 3.0000000000000004 in floating point, so its ceiling is 4, not 3. "
                     "Use integers: multiply a reach of 1 by b until it is >= n, counting the steps."),
        Mistake("floor of the log", lambda n, b: math.floor(math.log(n, b) + 1e-9),
                hint="Rounding down leaves some workers unreported when n is not an exact power of b "
                     "(1,001 workers with b = 10 need 4 levels, not 3): round up."),
        Mistake("int(log) + 1", lambda n, b: int(math.log(n, b) + 1e-9) + 1,
                hint="int(log_b n) + 1 is one level too many when n is an exact power (1,000 workers, b = 10: 3 "
                     "levels) and for a single worker (0 levels: nobody to report to)."),
        Mistake("one level for a single worker", lambda n, b: max(1, model.reduction_depth(n, b)),
                hint="A single worker's result is already the final result: 0 levels of reports."),
    ],
)

# ------------------------------------------------------------------ 3. cascade


def _random_bench(rng, n):
    conf = np.round(rng.uniform(0.05, 0.99, n), 2)
    small = (rng.random(n) < conf).astype(int)
    large = np.maximum(small, (rng.random(n) < 0.8).astype(int)) if rng.random() < 0.5 else \
        (rng.random(n) < 0.85).astype(int)
    return conf, small, large


def _cascade_random(rng):
    cases = []
    for _ in range(6):
        conf, small, large = _random_bench(rng, int(rng.integers(5, 40)))
        tau = float(rng.choice(conf)) if rng.random() < 0.5 else float(np.round(rng.uniform(0, 1), 3))
        cases.append((conf, small, large, tau, float(rng.integers(1, 4)), float(rng.integers(5, 40))))
    return cases


cascade_ex = Exercise(
    id="cascade", function="cascade", reference=model.cascade, title="a small model that escalates",
    checks=[
        Check("the shown examples: τ = 0.6 and τ = 0.75, c_s = 1, c_L = 10",
              lambda rng: [_ex(0.6, 1.0, 10.0), _ex(0.75, 1.0, 10.0)],
              hint="Escalate the items with conf < τ; take the large model's answer for those and the small "
                   "model's for the rest. Every item pays c_s; the escalated ones pay c_L on top."),
        Check("τ equal to a confidence (the escalation rule is strict: conf < τ)",
              lambda rng: [_ex(0.8, 1.0, 10.0), _ex(0.2, 2.0, 7.0), _ex(0.95, 1.5, 12.0)], hidden=True),
        Check("boundaries: nothing escalated, everything escalated, one item",
              lambda rng: [_ex(0.0, 1.0, 10.0), _ex(1.0, 1.0, 10.0),
                           (np.array([0.4]), np.array([0]), np.array([1]), 0.5, 2.0, 30.0)], hidden=True),
        Check("random benchmarks, thresholds and costs", _cascade_random, hidden=True),
    ],
    mistakes=[
        Mistake("escalate when conf ≤ τ", lambda conf, s, L, tau, c_s, c_L: (
            float(np.mean(np.where(np.asarray(conf) <= tau, L, s))), c_s + float(np.mean(np.asarray(conf) <= tau)) * c_L),
            hint="The rule is strict: escalate when conf < τ. An item whose confidence equals τ stays with the "
                 "small model (`<`, not `<=`)."),
        Mistake("escalated items skip the small model's cost", lambda conf, s, L, tau, c_s, c_L: (
            float(np.mean(np.where(np.asarray(conf) < tau, L, s))),
            (1 - float(np.mean(np.asarray(conf) < tau))) * c_s + float(np.mean(np.asarray(conf) < tau)) * c_L),
            hint="The small model answers every item first: it is its confidence that decides. So every item "
                 "pays c_s, and the escalated share pays c_L on top: c_s + P(escalate)·c_L."),
        Mistake("cost of the large model only", lambda conf, s, L, tau, c_s, c_L: (
            float(np.mean(np.where(np.asarray(conf) < tau, L, s))), float(np.mean(np.asarray(conf) < tau)) * c_L),
            hint="Every item first costs c_s (the small model's call); add P(escalate)·c_L to it."),
        Mistake("escalated count instead of share", lambda conf, s, L, tau, c_s, c_L: (
            float(np.mean(np.where(np.asarray(conf) < tau, L, s))), c_s + float(np.sum(np.asarray(conf) < tau)) * c_L),
            hint="P(escalate) is the SHARE of items escalated (count / number of items, i.e. np.mean of the mask), "
                 "not their count: the cost asked for is the mean cost per item."),
        Mistake("accuracy of the small model only", lambda conf, s, L, tau, c_s, c_L: (
            float(np.mean(s)), c_s + float(np.mean(np.asarray(conf) < tau)) * c_L),
            hint="An escalated item gets the large model's answer: use large_ok for it, small_ok for the rest."),
        Mistake("escalates the confident items", lambda conf, s, L, tau, c_s, c_L: (
            float(np.mean(np.where(np.asarray(conf) > tau, L, s))), c_s + float(np.mean(np.asarray(conf) > tau)) * c_L),
            hint="Escalate the items the small model is UNSURE about: confidence below τ."),
    ],
    rtol=1e-12, atol=1e-12,
)

# ------------------------------------------------------------------ 4. best_tau


def _tie_bench():
    """8 items where each extra escalation gains exactly one right answer: with c_L = 8 and λ = 1/8 every
    threshold that escalates a wrong-then-right item ties (accuracy − λ·cost is exact in binary)."""
    conf = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    small = np.array([1, 1, 1, 0, 0, 1, 0, 0])
    large = np.array([1, 1, 1, 1, 1, 0, 1, 1])
    return conf, small, large


def _best_dyadic(rng):
    """16 items, integer costs, λ in 64ths, budgets at reachable costs: every sum is exact, so ties are real."""
    cases = []
    for _ in range(6):
        conf, small, large = _random_bench(rng, 16)
        c_s, c_L = float(rng.integers(1, 3)), float(2 ** int(rng.integers(2, 5)))
        if rng.random() < 0.5:
            cases.append((conf, small, large, c_s, c_L, c_s + int(rng.integers(0, 17)) * c_L / 16, 0.0))
        else:
            cases.append((conf, small, large, c_s, c_L, math.inf, int(rng.integers(0, 9)) / 64))
    return cases


def _best_random(rng):
    cases = []
    for _ in range(5):
        conf, small, large = _random_bench(rng, int(rng.integers(5, 30)))
        c_s, c_L = float(np.round(rng.uniform(0.5, 2), 2)), float(np.round(rng.uniform(4, 30), 1))
        cases.append((conf, small, large, c_s, c_L, float(np.round(rng.uniform(c_s, c_s + c_L), 2)),
                      float(np.round(rng.uniform(0, 0.03), 4))))
    return cases


best_ex = Exercise(
    id="best_tau", function="best_tau", reference=model.best_tau, title="the threshold that fits your cost function",
    checks=[
        Check("the shown examples: a budget of 5, λ = 0.01, λ = 0.05",
              lambda rng: [_ex(1.0, 10.0, 5.0), _ex(1.0, 10.0, math.inf, 0.01), _ex(1.0, 10.0, math.inf, 0.05)],
              hint="Try every τ in the confidences; keep those with mean cost <= budget; among them take the "
                   "largest accuracy − λ·cost."),
        Check("a budget met exactly (cost <= budget is allowed)",
              lambda rng: [_ex(1.0, 10.0, 7.0), _ex(1.0, 10.0, 2.0), _ex(2.0, 10.0, 6.0)], hidden=True,
              hint="A threshold whose mean cost equals the budget is within it: cost <= budget."),
        Check("ties in accuracy − λ·cost go to the cheaper (lower) τ",
              lambda rng: [(*_tie_bench(), 1.0, 8.0, math.inf, 1 / 8), (*_tie_bench(), 1.0, 8.0, 4.0, 0.0),
                           (*_tie_bench(), 1.0, 8.0, math.inf, 0.0)], hidden=True,
              hint="When two thresholds score the same, keep the one found first in ascending τ: it escalates "
                   "less and costs less (replace the best only on a strictly larger score)."),
        Check("budgets only the small model fits, and no budget at all",
              lambda rng: [_ex(1.0, 10.0, 1.0), _ex(1.0, 10.0, math.inf), _ex(1.0, 10.0, 1.5, 0.02)], hidden=True),
        Check("random benchmarks with exact arithmetic (budgets at reachable costs, λ in 64ths)", _best_dyadic,
              hidden=True),
        Check("random benchmarks, budgets and λ", _best_random, hidden=True),
    ],
    mistakes=[
        Mistake("cost < budget", lambda conf, s, L, c_s, c_L, budget=math.inf, lam=0.0: model.best_tau(
            conf, s, L, c_s, c_L, np.nextafter(budget, -math.inf), lam),
            hint="The budget allows a mean cost EQUAL to it: keep thresholds with cost <= budget (`<=`, not `<`)."),
        Mistake("ties go to the higher τ", lambda conf, s, L, c_s, c_L, budget=math.inf, lam=0.0: _best_last(
            conf, s, L, c_s, c_L, budget, lam),
            hint="On a tie keep the cheaper threshold, the lower τ: replace the best only when the new score is "
                 "strictly larger (`>`, not `>=`)."),
        Mistake("escalate when conf ≤ τ", lambda conf, s, L, c_s, c_L, budget=math.inf, lam=0.0: _best_le(
            conf, s, L, c_s, c_L, budget, lam),
            hint="The cascade escalates when conf < τ (strict). With `<=` every threshold escalates one more "
                 "item, so costs and accuracies shift by one item."),
        Mistake("λ ignored", lambda conf, s, L, c_s, c_L, budget=math.inf, lam=0.0: model.best_tau(
            conf, s, L, c_s, c_L, budget, 0.0),
            hint="Maximise accuracy − λ·cost, not the accuracy alone: each unit of cost is worth λ of accuracy "
                 "to this user."),
        Mistake("+λ·cost", lambda conf, s, L, c_s, c_L, budget=math.inf, lam=0.0: model.best_tau(
            conf, s, L, c_s, c_L, budget, -lam),
            hint="Cost is bad: subtract it. The score is accuracy − λ·cost."),
    ],
    rtol=1e-12, atol=1e-12,
)


def _best_last(conf, s, L, c_s, c_L, budget, lam):
    best = None
    for tau in np.unique(conf):
        acc, cost = model.cascade(conf, s, L, tau, c_s, c_L)
        if cost <= budget and (best is None or acc - lam * cost >= best[1] - lam * best[2]):
            best = (float(tau), acc, cost)
    return best


def _best_le(conf, s, L, c_s, c_L, budget, lam):
    best = None
    for tau in np.unique(conf):
        esc = np.asarray(conf) <= tau
        acc, cost = float(np.mean(np.where(esc, L, s))), c_s + float(np.mean(esc)) * c_L
        if cost <= budget and (best is None or acc - lam * cost > best[1] - lam * best[2]):
            best = (float(tau), acc, cost)
    return best


# ------------------------------------------------------------------ 5. fallback


def _fallback_random(rng):
    return [tuple(float(np.round(v, 4)) for v in (rng.uniform(0.9, 0.999), rng.uniform(0.5, 0.999),
                                                   rng.uniform(0.3, 1.0), rng.uniform(0.1, 1.0)))
            for _ in range(6)]


fallback_ex = Exercise(
    id="fallback", function="fallback", reference=model.fallback, title="closed by default, open as the fallback",
    checks=[
        Check("the shown example: a_c = 0.995, a_o = 0.99, q_c = 0.9, q_o = 0.8",
              lambda rng: [(0.995, 0.99, 0.9, 0.8)],
              hint="Return a tuple (availability, downtime minutes per year, expected quality)."),
        Check("boundaries: a fallback that is never up, a closed model that never fails, a worthless fallback",
              lambda rng: [(0.98, 0.0, 0.9, 0.8), (1.0, 0.95, 0.7, 0.6), (0.97, 0.96, 0.85, 0.0),
                           (0.5, 0.5, 1.0, 1.0)], hidden=True),
        Check("random availabilities and qualities", _fallback_random, hidden=True),
    ],
    mistakes=[
        Mistake("both must be up: a_c·a_o", lambda a_c, a_o, q_c, q_o: (
            a_c * a_o, (1 - a_c * a_o) * 525_600, a_c * q_c + (1 - a_c) * a_o * q_o),
            hint="With a fallback you are up if EITHER is up; you are down only when both are: "
                 "1 − A = (1 − a_c)(1 − a_o)."),
        Mistake("downtime in hours", lambda a_c, a_o, q_c, q_o: (
            model.availability(a_c, a_o), (1 - a_c) * (1 - a_o) * 8760, model.expected_quality(a_c, a_o, q_c, q_o)),
            hint="Downtime is asked in minutes: a 365-day year has 365 · 24 · 60 = 525,600 minutes."),
        Mistake("a 365.25-day year", lambda a_c, a_o, q_c, q_o: (
            model.availability(a_c, a_o), (1 - a_c) * (1 - a_o) * 525_960, model.expected_quality(a_c, a_o, q_c, q_o)),
            hint="Use a 365-day year, 525,600 minutes (the example: 0.00005 × 525,600 = 26.28)."),
        Mistake("fallback always up in the quality", lambda a_c, a_o, q_c, q_o: (
            model.availability(a_c, a_o), (1 - a_c) * (1 - a_o) * 525_600, a_c * q_c + (1 - a_c) * q_o),
            hint="When the closed model is down, the open one answers only if it is up too: the second term is "
                 "(1 − a_c)·a_o·q_o."),
        Mistake("quality only over the requests that are served", lambda a_c, a_o, q_c, q_o: (
            model.availability(a_c, a_o), (1 - a_c) * (1 - a_o) * 525_600,
            model.expected_quality(a_c, a_o, q_c, q_o) / model.availability(a_c, a_o)),
            hint="Average over ALL requests: one that finds both models down scores 0, so do not divide by "
                 "the availability."),
    ],
    rtol=1e-7, atol=1e-12,  # 1 − A near 1e-6 loses ~1e-10 relative to rounding; a 365.25-day year is 7e-4 off
)

# ------------------------------------------------------------------ 6. minutes_for


def _minutes_random(rng):
    return [(int(rng.integers(1, 20_000)), float(np.round(rng.uniform(5, 400), 1))) for _ in range(6)]


minutes_ex = Exercise(
    id="minutes_for", function="minutes_for", reference=model.minutes_for, title="the IO bottleneck in minutes",
    checks=[
        Check("the shown examples: 1,000 words typed at 40 wpm and spoken at 150 wpm",
              lambda rng: [(1000, 40), (1000, 150)], hint="Words divided by words per minute gives minutes."),
        Check("boundaries: no words, a single word, a rate that does not divide the words",
              lambda rng: [(0, 60), (1, 60), (7, 3), (250, 0.5)], hidden=True),
        Check("random messages and rates", _minutes_random, hidden=True),
    ],
    mistakes=[
        Mistake("wpm / words", lambda words, wpm: wpm / words if words else 0.0,
                hint="A rate is words per minute, so minutes = words / (words per minute)."),
        Mistake("integer division", lambda words, wpm: words // wpm,
                hint="// throws away the remainder: 1,000 words at 150 wpm take 6.667 minutes, not 6. Use /."),
        Mistake("seconds", lambda words, wpm: words / wpm * 60,
                hint="The answer is in minutes: words / wpm (multiplying by 60 gives seconds)."),
        Mistake("hours", lambda words, wpm: words / wpm / 60,
                hint="The answer is in minutes: words / wpm (dividing by 60 gives hours)."),
        Mistake("rounded", lambda words, wpm: round(words / wpm, 3),
                hint="Return the exact quotient words / wpm; the examples are rounded only to print them."),
        Mistake("words × wpm", lambda words, wpm: words * wpm,
                hint="Divide: minutes = words / (words per minute)."),
    ],
    rtol=1e-12, atol=0.0,
)

grader = Grader("llm-companies", [amdahl_ex, depth_ex, cascade_ex, best_ex, fallback_ex, minutes_ex])
