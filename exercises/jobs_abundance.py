"""Graded exercises of chapter `jobs-abundance`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/jobs_abundance.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import jobs_abundance as model

CLAUDE, HUMAN = (8.0, 4.0), (1.0, 2.0)  # front-end and research units per hour (the chapter's example)


def _rates(rng, lo=1, hi=20):
    """A pair of whole-number rates (front-end, research) per hour."""
    return (float(rng.integers(lo, hi + 1)), float(rng.integers(lo, hi + 1)))


# ------------------------------------------------------------------ 1. specialise


def _specialise_random(rng):
    cases = []
    while len(cases) < 8:
        a, b = _rates(rng), _rates(rng)
        if a[1] * b[0] != b[1] * a[0]:
            cases.append((a, b))
    return cases


def _absolute_vs_comparative(rng):
    """a is faster at BOTH tasks, yet b has the comparative advantage in one of them (either one)."""
    cases = []
    for _ in range(3):
        b = _rates(rng, 1, 5)
        k = float(rng.integers(2, 6))
        cases.append(((k * b[0], k * b[1] + float(rng.integers(1, 4))), b))  # a relatively better at research
        cases.append(((k * b[0] + float(rng.integers(1, 4)), k * b[1]), b))  # a relatively better at front-end
    return cases + [((8.0, 20.0), (1.0, 2.0)), ((1.0, 2.0), (8.0, 20.0))]


_TIE_HINT = ('Equal opportunity costs are a real case: then nobody gains by specialising, so return '
             '"neither".')

specialise_ex = Exercise(
    id="specialise", function="specialise", reference=model.specialise, title="who should make the front-end?",
    checks=[
        Check("the shown example, Claude (8, 4) and the human (1, 2), in both orders",
              lambda rng: [(CLAUDE, HUMAN), (HUMAN, CLAUDE)],
              hint="For each party compute the research it gives up per front-end unit (research rate / front-end "
                   "rate); the lower one makes the front-end."),
        Check("one party is faster at both tasks", _absolute_vs_comparative, hidden=True,
              hint="Being faster at everything (absolute advantage) decides nothing: compare the ratios, "
                   "research given up per front-end unit."),
        Check("random whole-number rates", _specialise_random, hidden=True),
        Check("equal opportunity costs (a tie)", lambda rng: [((6.0, 3.0), (2.0, 1.0)), ((1.0, 2.0), (8.0, 16.0)),
                                                             ((3.0, 3.0), (5.0, 5.0)), ((2.5, 7.5), (1.0, 3.0))],
              hidden=True, hint='When both give up the same research per front-end unit, neither gains by '
                                'specialising: return "neither".'),
    ],
    mistakes=[
        Mistake("absolute advantage", lambda a, b: "a" if a[0] > b[0] else ("b" if a[0] < b[0] else "neither"),
                hint="You gave the front-end to whoever makes more of it per hour (absolute advantage). Compare "
                     "opportunity costs instead: research given up per front-end unit, research rate / front-end "
                     "rate; the lower one makes the front-end."),
        Mistake("ratio upside down", lambda a, b: "a" if a[0] / a[1] < b[0] / b[1] else (
            "b" if a[0] / a[1] > b[0] / b[1] else "neither"),
                hint="Your ratio is upside down: front-end rate / research rate is what a party gives up per "
                     "RESEARCH unit. The cost of one front-end unit is research rate / front-end rate."),
        Mistake("ties not handled", lambda a, b: "a" if a[1] / a[0] <= b[1] / b[0] else "b", hint=_TIE_HINT),
        Mistake("ties not handled (strict)", lambda a, b: "a" if a[1] / a[0] < b[1] / b[0] else "b", hint=_TIE_HINT),
    ],
)

# ------------------------------------------------------------------ 2. max_front_end


def _front_random(rng):
    cases = []
    for _ in range(8):
        a, b = _rates(rng), _rates(rng)
        hours = float(rng.choice([4.0, 6.0, 8.0, 10.0]))
        cap = (a[1] + b[1]) * hours
        cases.append((a, b, float(np.round(rng.uniform(0, cap), 2)), hours))
    return cases


def _front_second_helps(rng):
    """More research than the cheaper researcher can make alone: the other party must help."""
    cases = []
    for _ in range(4):
        a, b = _rates(rng), _rates(rng)
        first = a if a[0] / a[1] <= b[0] / b[1] else b
        lo, hi = first[1] * 8.0, (a[1] + b[1]) * 8.0
        cases.append((a, b, float(np.round(rng.uniform(lo, hi), 2))))
    return cases


max_front_ex = Exercise(
    id="max_front_end", function="max_front_end", reference=model.max_front_end,
    title="the joint frontier: the most front-end for a research target",
    checks=[
        Check("the shown example: Claude (8, 4), the human (1, 2), 8 hours, 24 and 8 research units",
              lambda rng: [(CLAUDE, HUMAN, 24.0), (CLAUDE, HUMAN, 8.0)],
              hint="Give the research to whoever gives up the least front-end per research unit "
                   "(front-end rate / research rate), up to their hours; the other makes the rest."),
        Check("no research, and all the research the pair can make", lambda rng: [
            (CLAUDE, HUMAN, 0.0), (CLAUDE, HUMAN, 48.0), ((3.0, 1.0), (2.0, 5.0), 0.0, 6.0),
            ((3.0, 1.0), (2.0, 5.0), 36.0, 6.0)], hidden=True),
        Check("more research than the cheaper researcher can make alone", _front_second_helps, hidden=True,
              hint="A party has only `hours` hours: once the cheaper researcher is on research all day, the other "
                   "party makes the rest of the research."),
        Check("random rates, research targets and hours", _front_random, hidden=True),
        Check("equal opportunity costs", lambda rng: [((6.0, 3.0), (2.0, 1.0), 10.0), ((2.0, 6.0), (1.0, 3.0), 30.0, 5.0)],
              hidden=True),
    ],
    mistakes=[
        Mistake("research by the faster researcher", lambda a, b, research, hours=8.0: (lambda first, second: (
            first[0] * (hours - min(research / first[1], hours))
            + second[0] * (hours - (research - min(research / first[1], hours) * first[1]) / second[1])))(
            *((a, b) if a[1] >= b[1] else (b, a))),
                hint="You gave the research to whoever makes more of it per hour. What matters is what it costs in "
                     "front-end: the front-end given up per research unit, front-end rate / research rate. "
                     "Compare ratios, not levels."),
        Mistake("hours not capped", lambda a, b, research, hours=8.0: (lambda first, second: (
            first[0] * (hours - research / first[1]) + second[0] * hours))(
            *((a, b) if a[0] / a[1] <= b[0] / b[1] else (b, a))),
                hint="The cheaper researcher has only `hours` hours: cap their research hours there; the other "
                     "party makes the rest of the research (and less front-end)."),
        Mistake("even split of hours", lambda a, b, research, hours=8.0: (a[0] + b[0]) * hours / 2,
                hint="Splitting every party's hours evenly ignores who is relatively better at what. Put each "
                     "hour where it gives up the least."),
    ],
    rtol=1e-9, atol=1e-9,
)

# ------------------------------------------------------------------ 3. task_economy


def _economy_random(rng):
    cases = []
    for _ in range(8):
        b = float(np.round(rng.uniform(0.5, 8.0), 2))
        w = float(np.round(rng.uniform(0.3, 3.0), 2))
        a0 = float(w * np.exp(-b * rng.uniform(0.05, 0.95)))  # an interior cutoff
        cases.append((a0, b, w))
    return cases


economy_ex = Exercise(
    id="task_economy", function="task_economy", reference=model.task_economy,
    title="the task continuum: cutoff, cost, output per cost",
    checks=[
        Check("the shown examples: a₀ = 0.1 and 0.5 (b = 4, w = 1)", lambda rng: [(0.1,), (0.5,)],
              hint="The cutoff solves a₀·e^(b·i) = w. The AI part of the bundle costs the INTEGRAL of a₀·e^(b·i) "
                   "from 0 to the cutoff."),
        Check("random cost levels, steepness and human wages", _economy_random, hidden=True,
              hint="Keep b and w general: i* = ln(w/a₀)/b, cost = a₀·(e^(b·i*) − 1)/b + w·(1 − i*)."),
        Check("boundaries: the AI no cheaper anywhere, cheaper everywhere, exactly equal to the human on task 0",
              lambda rng: [(1.0,), (2.0, 4.0, 1.5), (0.01,), (0.001, 2.0, 0.5), (0.7, 3.0, 0.7), (3.0, 2.0, 0.5)],
              hidden=True,
              hint="The cutoff is a share of tasks: keep it between 0 (nothing automated, when a₀ >= w) and 1 "
                   "(everything automated)."),
    ],
    mistakes=[
        Mistake("AI part not integrated", lambda a0, b=4.0, w=1.0: (lambda i: (i, a0 * i + w * (1 - i),
                                                                               1 / (a0 * i + w * (1 - i))))(
            min(max(math.log(w / a0) / b, 0.0), 1.0)),
                hint="a₀·i* prices every automated task at the cost of task 0, but the AI's cost rises across "
                     "tasks: integrate, ∫₀^{i*} a₀·e^(b·i) di = a₀·(e^(b·i*) − 1)/b."),
        Mistake("cutoff not clipped to [0, 1]", lambda a0, b=4.0, w=1.0: (lambda i: (
            i, a0 * math.expm1(b * i) / b + w * (1 - i), 1 / (a0 * math.expm1(b * i) / b + w * (1 - i))))(
            math.log(w / a0) / b),
                hint="The cutoff is a share of tasks in [0, 1]: when a₀ >= w no task is automated (0); when the AI "
                     "is cheaper even on task 1, all are (1)."),
        Mistake("log10 for the cutoff", lambda a0, b=4.0, w=1.0: (lambda i: (
            i, a0 * math.expm1(b * i) / b + w * (1 - i), 1 / (a0 * math.expm1(b * i) / b + w * (1 - i))))(
            min(max(math.log10(w / a0) / b, 0.0), 1.0)),
                hint="a₀·e^(b·i) = w is undone by the natural log: i* = ln(w/a₀)/b, not log10."),
        Mistake("every task at the cutoff's cost", lambda a0, b=4.0, w=1.0: (
            min(max(math.log(w / a0) / b, 0.0), 1.0), w, 1 / w),
                hint="Only the cutoff task costs w with AI; easier tasks cost less. Integrate a₀·e^(b·i) over the "
                     "automated tasks."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 4. gini

Y = np.array([10.0, 20.0, 30.0, 40.0, 100.0])
SKILL = np.array([0.0, 0.25, 0.5, 0.75, 1.0])


def _gini_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(2, 40))
        cases.append((np.round(rng.lognormal(0.0, float(rng.uniform(0.2, 1.5)), n), 3),))  # unsorted
    return cases


def _gini_transforms(rng):
    return [(np.maximum(Y, 25.0),), (Y * (1 + SKILL),), (model.tax_rebate(Y, 0.3),), (Y[::-1].copy(),),
            (np.array([100.0, 10.0, 40.0, 20.0, 30.0]),)]


gini_ex = Exercise(
    id="gini", function="gini", reference=model.gini, title="the Gini coefficient",
    checks=[
        Check("the shown examples", lambda rng: [(np.array([1.0, 1.0, 1.0, 1.0]),), (np.array([0.0, 0.0, 0.0, 1.0]),),
                                                 (np.array([1.0, 2.0, 3.0, 4.0]),), (Y.copy(),)],
              hint="Sum |xᵢ − xⱼ| over ALL ordered pairs (i, j), both orders and i = j included, and divide by "
                   "2·n²·mean."),
        Check("a raised floor, an amplified top, a tax with rebate, unsorted incomes", _gini_transforms, hidden=True,
              hint="Incomes need not come sorted."),
        Check("one person, two people", lambda rng: [(np.array([5.0]),), (np.array([1.0, 3.0]),),
                                                     (np.array([0.0, 2.0]),)], hidden=True),
        Check("random unsorted incomes of random length", _gini_random, hidden=True),
    ],
    mistakes=[
        Mistake("each pair once", lambda x: float(sum(abs(x[i] - x[j]) for i in range(len(x))
                                                      for j in range(i + 1, len(x))) / (2 * len(x) ** 2 * np.mean(x))),
                hint="Σ|xᵢ − xⱼ| runs over both orders of each pair, (i, j) and (j, i): summing each pair once "
                     "gives half the Gini."),
        Mistake("n(n − 1) in the denominator", lambda x: float(np.abs(np.subtract.outer(x, x)).sum()
                                                               / (2 * len(x) * (len(x) - 1) * np.mean(x)))
                if len(x) > 1 else 0.0,
                hint="Divide by 2·n²·mean: the double sum has n² terms (the n terms with i = j are 0 but count). "
                     "n(n − 1) is a small-sample variant."),
        Mistake("rank formula without sorting", lambda x: float(
            2 * np.sum(np.arange(1, len(x) + 1) * x) / (len(x) * np.sum(x)) - (len(x) + 1) / len(x)),
                hint="The rank formula 2·Σ i·x₍ᵢ₎/(n·Σx) − (n + 1)/n needs the incomes sorted from poorest to richest "
                     "(np.sort) first."),
        Mistake("no factor 2", lambda x: float(np.abs(np.subtract.outer(x, x)).sum() / (len(x) ** 2 * np.mean(x))),
                hint="The mean absolute difference over all pairs is divided by TWICE the mean (so that the Gini is "
                     "at most 1)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 5. required_rate


def _rate_random(rng):
    return [(float(np.round(rng.uniform(1.1, 100.0), 2)), float(np.round(rng.uniform(0.5, 60.0), 1)))
            for _ in range(8)]


required_rate_ex = Exercise(
    id="required_rate", function="required_rate", reference=model.required_rate,
    title="the growth rate that multiplies output",
    checks=[
        Check("the shown example: 10× in 5 years", lambda rng: [(10.0, 5.0)],
              hint="Solve (1 + r)^years = factor for r."),
        Check("random factors and horizons", _rate_random, hidden=True),
        Check("boundaries: no growth, one year, doubling", lambda rng: [(1.0, 7.0), (3.0, 1.0), (2.0, 35.0)],
              hidden=True),
    ],
    mistakes=[
        Mistake("linear: (factor − 1)/years", lambda factor, years: (factor - 1) / years,
                hint="Growth compounds: each year multiplies by (1 + r), so (1 + r)^years = factor; "
                     "(factor − 1)/years is simple interest."),
        Mistake("continuous rate ln(factor)/years", lambda factor, years: math.log(factor) / years,
                hint="ln(factor)/years is the continuously compounded rate. Yearly compounding: "
                     "r = factor^(1/years) − 1."),
        Mistake("forgot the − 1", lambda factor, years: factor ** (1 / years),
                hint="factor^(1/years) is the yearly MULTIPLIER 1 + r; subtract 1 to get the rate."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 6. years_to_grow


def _years_random(rng):
    return [(float(np.round(rng.uniform(0.001, 1.0), 4)), float(np.round(rng.uniform(1.1, 1000.0), 1)))
            for _ in range(8)]


years_ex = Exercise(
    id="years_to_grow", function="years_to_grow", reference=model.years_to_grow,
    title="years to multiply at a steady rate",
    checks=[
        Check("the shown examples: 10× and 2× at 2 % a year", lambda rng: [(0.02, 10.0), (0.02, 2.0)],
              hint="Solve (1 + rate)^t = factor for t: take logarithms."),
        Check("random rates and factors", _years_random, hidden=True),
        Check("boundaries: no growth needed, fast growth", lambda rng: [(0.05, 1.0), (1.0, 8.0), (0.585, 10.0)],
              hidden=True),
    ],
    mistakes=[
        Mistake("continuous approximation ln(factor)/rate", lambda rate, factor: math.log(factor) / rate,
                hint="ln(factor)/rate treats the rate as continuously compounded. Yearly: t = ln(factor)/ln(1 + rate)."),
        Mistake("simple interest (factor − 1)/rate", lambda rate, factor: (factor - 1) / rate,
                hint="(factor − 1)/rate adds the same amount every year. Growth compounds: (1 + rate)^t = factor, "
                     "so t = ln(factor)/ln(1 + rate)."),
        Mistake("mixed logarithms", lambda rate, factor: math.log10(factor) / math.log(1 + rate),
                hint="Use the same logarithm on top and bottom: ln(factor)/ln(1 + rate) (or log10 for both)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 7. amdahl_speedup


def _amdahl_random(rng):
    return [(float(np.round(rng.uniform(0.01, 0.99), 3)), float(np.round(10 ** rng.uniform(0.1, 3.0), 2)))
            for _ in range(8)]


amdahl_ex = Exercise(
    id="amdahl_speedup", function="amdahl_speedup", reference=model.amdahl_speedup,
    title="the bottleneck: aggregate speed-up",
    checks=[
        Check("the shown examples: f = 0.5 and 0.9 at s = 10", lambda rng: [(0.5, 10.0), (0.9, 10.0)],
              hint="Time after = (1 − f) + f/s of the time before; the speed-up is its inverse."),
        Check("random shares and speed-ups", _amdahl_random, hidden=True),
        Check("boundaries: nothing sped up, everything sped up, no speed-up, a huge speed-up",
              lambda rng: [(0.0, 50.0), (1.0, 50.0), (0.7, 1.0), (0.5, 1e9), (0.25, 3.0)], hidden=True),
    ],
    mistakes=[
        Mistake("average of speeds", lambda f, s: (1 - f) + f * s,
                hint="Speeds do not average: times do. The untouched share still takes (1 − f) of the time, the rest "
                     "f/s, and the speed-up is 1/((1 − f) + f/s)."),
        Mistake("shares swapped", lambda f, s: 1 / (f + (1 - f) / s),
                hint="f is the share that is sped up: it takes f/s; the untouched share (1 − f) takes as long as before."),
        Mistake("only the ceiling", lambda f, s: 1 / (1 - f) if f < 1 else math.inf,
                hint="1/(1 − f) is the limit as s → ∞. For a finite s the sped-up share still takes f/s: "
                     "1/((1 − f) + f/s)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 8. share_needed


def _share_random(rng):
    cases = []
    for _ in range(8):
        s = float(np.round(10 ** rng.uniform(0.2, 3.0), 2))
        cases.append((float(np.round(rng.uniform(1.0, s), 3)), s))
    return cases


share_ex = Exercise(
    id="share_needed", function="share_needed", reference=model.share_needed,
    title="how much must be sped up for 10×?",
    checks=[
        Check("the shown example: 10× overall with s = 100", lambda rng: [(10.0, 100.0)],
              hint="Solve 1/((1 − f) + f/s) = target for f."),
        Check("random targets and speed-ups", _share_random, hidden=True),
        Check("boundaries: no speed-up wanted, the target equal to s, s = 2",
              lambda rng: [(1.0, 30.0), (30.0, 30.0), (1.5, 2.0), (4.0, 1e6)], hidden=True),
    ],
    mistakes=[
        Mistake("infinite s", lambda target, s: 1 - 1 / target,
                hint="1 − 1/target is the share needed if the automated part took no time at all. With a finite s "
                     "it still takes f/s: f = (1 − 1/target)/(1 − 1/s)."),
        Mistake("linear in s", lambda target, s: (target - 1) / (s - 1),
                hint="(target − 1)/(s − 1) treats speeds as adding up. Times add: (1 − f) + f/s = 1/target, "
                     "so f = (1 − 1/target)/(1 − 1/s)."),
        Mistake("target over s", lambda target, s: target / s,
                hint="target/s is not the share of the work: set (1 − f) + f/s equal to 1/target and solve for f."),
    ],
    rtol=1e-9, atol=1e-12,
)

grader = Grader("jobs-abundance", [specialise_ex, max_front_ex, economy_ex, gini_ex, required_rate_ex, years_ex,
                                   amdahl_ex, share_ex])
