"""Graded exercises of chapter `demo-vs-product`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/demo_vs_product.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import demo_vs_product as model


def _log_uniform(rng, lo, hi):
    return float(10.0 ** rng.uniform(np.log10(lo), np.log10(hi)))


# ------------------------------------------------------------------ 1. p_flawless


def _flawless_random(rng):
    cases = []
    for _ in range(6):
        r = _log_uniform(rng, 1e-5, 0.3)  # m <= 5e5: (1 - r)**m is then accurate to ~1e-10, inside rtol
        m = float(np.round(rng.uniform(0.02, 5.0) / r))  # r·m between 0.02 and 5: visibly below 1
        cases.append((r, m))
    r = _log_uniform(rng, 1e-4, 1e-2)
    cases.append((r, float(np.round(rng.uniform(1, 300), 1))))  # fractional miles
    return cases


p_flawless_ex = Exercise(
    id="p_flawless", function="p_flawless", reference=model.p_flawless, title="a flawless demo: (1 − r)^m",
    checks=[
        Check("a 10-mile demo at three failure rates", lambda rng: [(1e-2, 10), (1e-3, 10), (1e-4, 10)],
              hint="Every one of the m miles must go right, each with probability 1 − r, independently."),
        Check("boundaries: no risk, no miles, a single mile, a rate far from 0",
              lambda rng: [(0.0, 25), (0.3, 0), (0.3, 1), (0.5, 7), (0.999, 3)], hidden=True),
        Check("random rates and demo lengths, fractional miles included", _flawless_random, hidden=True),
    ],
    mistakes=[
        Mistake("Poisson approximation e^(−rm)", lambda r, m: math.exp(-r * m),
                hint="e^(−r·m) is the approximation for small r; the exact probability is (1 − r)^m "
                     "(they differ by a factor of about e^(−m·r²/2))."),
        Mistake("linear 1 − r·m", lambda r, m: 1 - r * m,
                hint="1 − r·m subtracts the chances of failing on each mile as if they could not overlap (a union "
                     "bound); multiply the chances of success instead: (1 − r)^m."),
        Mistake("1 − r^m", lambda r, m: 1 - r ** m,
                hint="r^m is the chance that EVERY mile fails. The chance that none fails is (1 − r)^m."),
        Mistake("(1 − r)·m", lambda r, m: (1 - r) * m,
                hint="Independent chances multiply: (1 − r) to the power m, not (1 − r) times m."),
    ],
    rtol=1e-9, atol=1e-12,  # (1 − r)**m and exp(m·log1p(−r)) agree to ~1e-11 here; e^(−rm) differs by >= 1e-7
)

# ------------------------------------------------------------------ 2. validation_miles


def _validation_random(rng):
    cases = [(_log_uniform(rng, 1e-9, 0.5), float(np.round(rng.uniform(0.5, 0.999), 3))) for _ in range(6)]
    return cases + [(_log_uniform(rng, 1e-6, 1e-2), c) for c in (0.9, 0.99)]


validation_ex = Exercise(
    id="validation_miles", function="validation_miles", reference=model.validation_miles,
    title="how many failure-free miles validate a rate",
    checks=[
        Check("the shown examples: r = 1e-2 (default confidence) and 1e-7 at 95 %", lambda rng: [(1e-2,), (1e-7, 0.95)],
              hint="Solve (1 − r)^n = 1 − confidence for n: n = ln(1 − confidence) / ln(1 − r)."),
        Check("random rates and confidence levels", _validation_random, hidden=True),
        Check("large rates, where the rule of three is far off", lambda rng: [(0.5, 0.95), (0.9, 0.99), (0.2, 0.5)],
              hidden=True),
        Check("rates below 1e-11 (floating-point precision matters)",
              lambda rng: [(1e-12, 0.95), (3e-15, 0.99), (1e-17, 0.95)], hidden=True,
              hint="For tiny r, 1 − r rounds to (nearly) 1 in floating point: compute ln(1 − r) as np.log1p(-r)."),
    ],
    mistakes=[
        Mistake("rule of three 3/r", lambda r, c=0.95: 3 / r,
                hint="3/r is the rule of three, a rule of thumb for 95 %. The exact count solves (1 − r)^n = 1 − c: "
                     "n = ln(1 − c) / ln(1 − r)."),
        Mistake("first order −ln(1 − c)/r", lambda r, c=0.95: -math.log(1 - c) / r,
                hint="You replaced ln(1 − r) by −r. That is the first-order approximation; the exact bound keeps "
                     "ln(1 − r), which matters when r is not tiny."),
        Mistake("c in place of 1 − c", lambda r, c=0.95: math.log(c) / math.log1p(-r),
                hint="Zero failures in n miles has probability (1 − r)^n; the claim holds at confidence c when that "
                     "probability is 1 − c (5 % for 95 %), not c."),
        Mistake("ln over log10", lambda r, c=0.95: math.log10(1 - c) / math.log1p(-r),
                hint="Numerator and denominator need the same logarithm (ln and ln, or log10 and log10): "
                     "a ratio of two logs is the same in every base only when both use that base."),
        Mistake("log(1 − r) loses tiny r", lambda r, c=0.95: np.log(1 - c) / np.log(1 - r),
                hint="1 − r rounds in floating point (1 − 1e-17 is exactly 1.0), so log(1 − r) is 0 or inaccurate for "
                     "tiny r. np.log1p(-r) computes ln(1 − r) without forming 1 − r."),
    ],
    rtol=1e-6,  # loose enough to accept log(1 − r) where it is accurate (r >= 1e-10); the tiny-r check still fails it
)

# ------------------------------------------------------------------ 3. fleet_incidents


def _fleet_random(rng):
    cases = []
    for _ in range(6):  # up to 1e7 miles: (1 - r)**miles is then accurate to ~1e-9, inside rtol
        miles = float(np.round(10.0 ** rng.uniform(2, 7)))
        r = _log_uniform(rng, max(1e-8, 0.05 / miles), min(1e-3, 60.0 / miles))  # 0.05 <= r·miles <= 60
        cases.append((r, miles))
    return cases


fleet_ex = Exercise(
    id="fleet_incidents", function="fleet_incidents", reference=model.fleet_incidents,
    title="a fleet's day vs a demo",
    checks=[
        Check("the shown examples: a 2-million-mile fleet day and a 30-mile demo at r = 1e-5",
              lambda rng: [(1e-5, 2e6), (1e-5, 30)],
              hint="Return a tuple (expected failures, probability of none)."),
        Check("random rates and exposures", _fleet_random, hidden=True),
        Check("boundaries: a perfect car, no miles, a single mile", lambda rng: [(0.0, 1e6), (1e-4, 0), (0.2, 1)],
              hidden=True),
    ],
    mistakes=[
        Mistake("P(none) = e^(−rm)", lambda r, m: (r * m, math.exp(-r * m)),
                hint="e^(−r·m) is the Poisson approximation. With independent miles the exact probability of no "
                     "failure is (1 − r)^m; for the fleet they differ by about m·r²/2 = 1e-4 relative."),
        Mistake("P(none) = 1 − rm", lambda r, m: (r * m, 1 - r * m),
                hint="1 − r·m can be negative (20 failures expected gives −19): it is not a probability. "
                     "No failure on any mile: (1 − r)^m."),
        Mistake("expected failures = miles / r", lambda r, m: (m / r, (1 - r) ** m),
                hint="Each mile adds r expected failures, so m miles give r·m (1/r is the miles between failures)."),
        Mistake("P(at least one) instead of P(none)", lambda r, m: (r * m, 1 - (1 - r) ** m),
                hint="The second number is the probability of NO failure, (1 − r)^m, not of at least one."),
    ],
    rtol=1e-8, atol=0.0,  # atol 0: a P(none) of 2e-9 must be right in its digits, not just "close to 0"
)

# ------------------------------------------------------------------ 4. p_conversation


def _conv_random(rng):
    return [(float(np.round(rng.uniform(0.8, 0.9999), 4)), int(rng.integers(2, 500))) for _ in range(6)]


conversation_ex = Exercise(
    id="p_conversation", function="p_conversation", reference=model.p_conversation,
    title="a flawless tutoring dialogue",
    checks=[
        Check("the shown examples: 50 turns at p = 0.98, 0.99, 0.999", lambda rng: [(0.98, 50), (0.99, 50), (0.999, 50)],
              hint="Each of the k turns must be good, independently, each with probability p."),
        Check("random per-turn reliabilities and dialogue lengths", _conv_random, hidden=True),
        Check("boundaries: a perfect tutor, an empty dialogue, a single turn, a useless tutor",
              lambda rng: [(1.0, 40), (0.93, 0), (0.93, 1), (0.0, 3), (0.6, 2)], hidden=True),
    ],
    mistakes=[
        Mistake("1 − k(1 − p)", lambda p, k: 1 - k * (1 - p),
                hint="1 − k(1 − p) adds up the per-turn failure chances (a union bound, negative for long dialogues). "
                     "Multiply the success chances: p^k."),
        Mistake("p^(k − 1)", lambda p, k: p ** (k - 1),
                hint="Off by one: there are k turns, each of which can go wrong, so the exponent is k."),
        Mistake("1 − (1 − p)^k", lambda p, k: 1 - (1 - p) ** k,
                hint="1 − (1 − p)^k is the chance that at least one turn is good. All k good: p^k."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 5. turn_reliability_needed


def _needed_random(rng):
    return [(float(np.round(rng.uniform(0.5, 0.999), 3)), int(rng.integers(2, 1000))) for _ in range(6)]


needed_ex = Exercise(
    id="turn_reliability_needed", function="turn_reliability_needed", reference=model.turn_reliability_needed,
    title="the per-turn reliability a product needs",
    checks=[
        Check("the shown example: 95 % of 50-turn dialogues flawless", lambda rng: [(0.95, 50)],
              hint="Solve p^k = target for p."),
        Check("random targets and dialogue lengths", _needed_random, hidden=True),
        Check("boundaries: one turn, a certain target, two turns", lambda rng: [(0.9, 1), (1.0, 30), (0.81, 2)],
              hidden=True),
    ],
    mistakes=[
        Mistake("target / k", lambda t, k: t / k,
                hint="p^k = target is solved by a k-th root, target^(1/k), not by dividing by k."),
        Mistake("1 − (1 − target)/k", lambda t, k: 1 - (1 - t) / k,
                hint="Splitting the allowed failure 1 − target evenly over k turns is a first-order approximation. "
                     "The exact answer is the k-th root target^(1/k)."),
        Mistake("log10 inside exp", lambda t, k: math.exp(math.log10(t) / k),
                hint="exp undoes ln, not log10: target^(1/k) = exp(ln(target)/k) (or 10^(log10(target)/k))."),
        Mistake("target^k", lambda t, k: t ** k,
                hint="target^k is the chance of k flawless dialogues in a row. Per turn you need target^(1/k)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 6. break_even_fleet


def _break_even_exact(rng):
    """Crossings at a whole number of cars, in both argument orders."""
    cases = []
    for _ in range(4):
        n, F_b = int(rng.integers(1, 500_000)), float(rng.integers(1, 1000)) * 1e6
        c_a, dc = float(rng.integers(100, 5000)), float(rng.integers(1, 20_000))
        F_a = F_b + n * dc
        cases.append((F_a, c_a, F_b, c_a + dc) if rng.random() < 0.5 else (F_b, c_a + dc, F_a, c_a))
    return cases


def _break_even_random(rng):
    cases = []
    for _ in range(6):
        F_a, F_b = float(rng.integers(1, 5000)) * 1e6 + float(rng.integers(0, 1000)), float(rng.integers(1, 5000)) * 1e6
        c_a, c_b = float(rng.integers(100, 20_000)), float(rng.integers(100, 20_000))
        cases.append((F_a, c_a, F_b, c_b))
    return cases


break_even_ex = Exercise(
    id="break_even_fleet", function="break_even_fleet", reference=model.break_even_fleet,
    title="software problem vs hardware problem: the break-even fleet",
    checks=[
        Check("the shown examples (hypothetical costs)", lambda rng: [(2e9, 400.0, 5e8, 10_400.0),
                                                                     (1.2e9, 500.0, 3e8, 7_500.0)],
              hint="Set F_a + c_a·N = F_b + c_b·N, solve for N, and round UP to whole cars."),
        Check("the same strategies passed in the other order", lambda rng: [(5e8, 10_400.0, 2e9, 400.0),
                                                                           (3e8, 7_500.0, 1.2e9, 500.0)], hidden=True),
        Check("crossings at an exact whole number of cars", _break_even_exact, hidden=True),
        Check("random costs: crossings, ties and misses", _break_even_random, hidden=True),
        Check("lines that never meet at a fleet of 0 or more cars",
              lambda rng: [(5e8, 400.0, 2e9, 10_400.0), (2e9, 10_400.0, 5e8, 400.0), (1e9, 700.0, 4e8, 700.0),
                           (1e9, 700.0, 1e9, 700.0), (999_997_000.0, 400.0, 1e9, 10_400.0)], hidden=True,
              hint="When one strategy is cheaper at every fleet size, or the per-car costs are equal, return math.inf."),
        Check("equal fixed costs", lambda rng: [(7e8, 300.0, 7e8, 9_000.0)], hidden=True),
    ],
    mistakes=[
        Mistake("int(N*) + 1 instead of rounding up", lambda Fa, ca, Fb, cb: (
            math.inf if ca == cb or (Fa - Fb) / (cb - ca) < 0 else float(int((Fa - Fb) / (cb - ca)) + 1)),
            hint="When N* is already a whole number (150,000 here) the costs tie exactly there: that fleet counts. "
                 "Round up with math.ceil, which leaves whole numbers alone; int(N*) + 1 does not."),
        Mistake("rounded to the nearest car", lambda Fa, ca, Fb, cb: (
            math.inf if ca == cb or (Fa - Fb) / (cb - ca) < 0 else float(round((Fa - Fb) / (cb - ca)))),
            hint="Round UP (math.ceil): below the crossing the strategies have not swapped yet, so a fleet of "
                 "floor(N*) or round(N*) cars can be too small."),
        Mistake("N* not rounded", lambda Fa, ca, Fb, cb: (
            math.inf if ca == cb or (Fa - Fb) / (cb - ca) < 0 else (Fa - Fb) / (cb - ca)),
            hint="Fleets come in whole cars: return the smallest whole N at or above N* (math.ceil)."),
        Mistake("one difference in the wrong order", lambda Fa, ca, Fb, cb: (
            math.inf if ca == cb or (Fa - Fb) / (ca - cb) < 0 else float(math.ceil((Fa - Fb) / (ca - cb)))),
            hint="From F_a + c_a·N = F_b + c_b·N: (F_a − F_b) = (c_b − c_a)·N. Flipping one of the two differences "
                 "flips the sign of N*."),
        Mistake("rounded up before the sign test", lambda Fa, ca, Fb, cb: (
            math.inf if ca == cb or math.ceil((Fa - Fb) / (cb - ca)) < 0 else float(math.ceil((Fa - Fb) / (cb - ca)))),
            hint="Test the sign of N* before rounding: math.ceil(−0.3) is 0, but a crossing at −0.3 cars never "
                 "happens, so the answer is math.inf."),
        Mistake("a negative crossing returned", lambda Fa, ca, Fb, cb: (
            math.inf if ca == cb else float(math.ceil((Fa - Fb) / (cb - ca)))),
            hint="A crossing at a negative fleet size never happens: one strategy is cheaper for every fleet. "
                 "Return math.inf."),
    ],
    rtol=1e-12, atol=0.0,  # whole numbers of cars: an off-by-one car must fail
)

# ------------------------------------------------------------------ 7. diffusion_years


def _diffusion_random(rng):
    return [(float(np.round(rng.uniform(0.05, 2.0), 3)), float(np.round(rng.uniform(0.001, 0.999), 3)),
             float(np.round(rng.uniform(0.001, 0.999), 3))) for _ in range(6)]


diffusion_ex = Exercise(
    id="diffusion_years", function="diffusion_years", reference=model.diffusion_years,
    title="globalization as a logistic S-curve",
    checks=[
        Check("the shown examples: g = 0.5 per year, from 1 % to 50 % and to 99 %",
              lambda rng: [(0.5, 0.01, 0.5), (0.5, 0.01, 0.99)],
              hint="On a logistic curve the log-odds ln(f/(1 − f)) grow linearly at rate g."),
        Check("random growth rates and fractions (either order)", _diffusion_random, hidden=True),
        Check("boundaries: the same fraction, going backwards, a symmetric pair",
              lambda rng: [(0.3, 0.25, 0.25), (1.2, 0.9, 0.1), (0.7, 0.2, 0.8)], hidden=True),
    ],
    mistakes=[
        Mistake("exponential, not logistic", lambda g, lo, hi: math.log(hi / lo) / g,
                hint="ln(hi/lo)/g is the time for pure exponential growth; a logistic curve slows as it nears the "
                     "ceiling. Use the log-odds: (ln(hi/(1 − hi)) − ln(lo/(1 − lo)))/g."),
        Mistake("log10 log-odds", lambda g, lo, hi: (math.log10(hi / (1 - hi)) - math.log10(lo / (1 - lo))) / g,
                hint="The logistic's log-odds use the natural log: ln(f/(1 − f)) = g·(t − t₀); log10 is smaller by "
                     "a factor ln 10."),
        Mistake("times g", lambda g, lo, hi: (math.log(hi / (1 - hi)) - math.log(lo / (1 - lo))) * g,
                hint="The log-odds change by g per year, so the years are the change in log-odds DIVIDED by g."),
        Mistake("log-odds of the end only", lambda g, lo, hi: math.log(hi / (1 - hi)) / g,
                hint="Measure from the start: subtract the log-odds of lo (the midpoint t₀ is where f = 1/2)."),
    ],
    rtol=1e-9, atol=1e-12,
)

grader = Grader("demo-vs-product", [p_flawless_ex, validation_ex, fleet_ex, conversation_ex, needed_ex,
                                    break_even_ex, diffusion_ex])
