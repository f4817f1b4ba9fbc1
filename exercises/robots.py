"""Graded exercises of chapter `robots`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/robots.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake, describe_difference
from widgets import robots as model

G = model.G

# ------------------------------------------------------------------ 1. pd_poles


def _poles_compare(expected, got):
    """Poles in any order: sort the learner's two poles like the reference before comparing."""
    if isinstance(got, (tuple, list)) and len(got) == 2:
        try:
            poles = np.asarray(got[0])
            if poles.shape == (2,) and poles.dtype.kind in "iufc":
                got = (np.sort_complex(poles.astype(complex)), got[1])
        except Exception:
            pass
    elif not isinstance(got, tuple):
        return (f"expected a tuple (poles, stable), got {type(got).__name__}: return two things, "
                "e.g. `return poles, stable`")
    # atol 1e-6: np.roots (an eigenvalue solver) splits a double root by ~sqrt(machine eps)·|s|, 4e-8 at s = −3;
    # every Mistake is off by more than 0.1
    return describe_difference(expected, got, 1e-9, 1e-6)


def _quadratic(b, c):
    d = np.sqrt(complex(b * b - 4 * c))
    return np.sort_complex(np.array([(-b - d) / 2, (-b + d) / 2]))


def _poles_random(rng):
    cases = []
    for _ in range(6):
        g = float(rng.choice([9.81, 3.71, 1.62]))  # Earth, Mars, the Moon
        l = float(rng.choice([0.5, 1.0, 1.5, 2.0]))
        cases.append((float(np.round(rng.uniform(0, 60), 2)), float(np.round(rng.uniform(0, 12), 2)), g, l))
    return cases


pd_poles_ex = Exercise(
    id="pd_poles", function="pd_poles", reference=model.pd_poles, title="the closed-loop poles of a balancing robot",
    checks=[
        Check("the shown examples: (15, 3), (5, 1) and (12, 0) with g = 9.81, l = 1",
              lambda rng: [(15.0, 3.0), (5.0, 1.0), (12.0, 0.0)],
              hint="The poles are the roots of s² + kd·s + (kp − g/l) = 0 (complex when kd² < 4(kp − g/l): use "
                   "np.sqrt(complex(x)) or np.emath.sqrt); stable means both real parts are strictly negative."),
        Check("a pendulum of another length and gravity (l = 0.5, 2; g of Mars)",
              lambda rng: [(15.0, 3.0, 9.81, 0.5), (8.0, 2.0, 9.81, 2.0), (4.0, 1.0, 3.71, 1.5)], hidden=True,
              hint="Gravity tips the pendulum with (g/l)·θ: a longer pendulum falls more slowly."),
        Check("boundaries: kp exactly g/l, a double pole, no gains at all",
              lambda rng: [(9.81, 2.0), (13.0, 6.0, 8.0, 2.0), (0.0, 0.0), (19.62, 0.0, 9.81, 0.5)], hidden=True,
              hint="At kp = g/l one pole sits at s = 0: the pendulum neither falls nor returns, so it is not "
                   "(asymptotically) stable. With kd = 0 the poles are on the imaginary axis: not stable either."),
        Check("random gains, lengths and gravities", _poles_random, hidden=True),
    ],
    mistakes=[
        Mistake("a hanging pendulum (+g/l)", lambda kp, kd, g=G, l=1.0: (_quadratic(kd, kp + g / l), kd > 0),
                hint="Upright, gravity pushes the pendulum further from vertical: θ̈ = +(g/l)θ + u. With u = −kp·θ − "
                     "kd·θ̇ the polynomial is s² + kd·s + (kp − g/l): gravity SUBTRACTS from kp."),
        Mistake("zero real part counted as stable",
                lambda kp, kd, g=G, l=1.0: (_quadratic(kd, kp - g / l), bool(_quadratic(kd, kp - g / l).real.max() <= 0)),
                hint="Damping: with kd = 0 the poles are ±i·√(kp − g/l), real part 0, and the pendulum swings "
                     "forever without settling. Stable needs every real part strictly below 0 (kd > 0 and kp > g/l)."),
        Mistake("g·l instead of g/l", lambda kp, kd, g=G, l=1.0: (_quadratic(kd, kp - g * l), kd > 0 and kp > g * l),
                hint="The pendulum's own rate is g/l (in 1/s²): a longer pendulum tips more slowly. g·l has units m²/s²."),
        Mistake("quadratic formula without the 4",
                lambda kp, kd, g=G, l=1.0: (np.sort_complex(np.array([(-kd - np.sqrt(complex(kd * kd - (kp - g / l)))) / 2,
                                                                       (-kd + np.sqrt(complex(kd * kd - (kp - g / l)))) / 2])),
                                            kd > 0 and kp > g / l),
                hint="The roots of s² + b·s + c are (−b ± √(b² − 4c))/2: the discriminant has 4c."),
        Mistake("damping with the wrong sign (s² − kd·s + …)",
                lambda kp, kd, g=G, l=1.0: (_quadratic(-kd, kp - g / l), bool(_quadratic(-kd, kp - g / l).real.max() < 0)),
                hint="u = −kd·θ̇ brings +kd·s into the polynomial s² + kd·s + (kp − g/l), so damping pulls the poles "
                     "LEFT, to real part −kd/2."),
    ],
    compare=_poles_compare,
)

# ------------------------------------------------------------------ 2. simulate


def _simulate_random(rng):
    cases = []
    for _ in range(4):
        cases.append((float(np.round(rng.uniform(10, 50), 1)), float(np.round(rng.uniform(0.5, 10), 1)),
                      float(np.round(rng.uniform(0.5, 3), 2)), float(rng.choice([0.005, 0.01, 0.02])),
                      float(np.round(rng.uniform(-0.4, 0.4), 3)), 9.81, float(rng.choice([0.5, 1.0, 2.0]))))
    return cases


def _semi_implicit(kp, kd, t_end=2.0, dt=0.01, theta0=0.2, g=G, l=1.0):
    n = int(round(t_end / dt))
    th, w, out = theta0, 0.0, [theta0]
    for _ in range(n):
        w = w + dt * (g / l * math.sin(th) - kp * th - kd * w)
        th = th + dt * w
        out.append(th)
    return np.array(out)


def _linear(kp, kd, t_end=2.0, dt=0.01, theta0=0.2, g=G, l=1.0):
    n = int(round(t_end / dt))
    th, w, out = theta0, 0.0, [theta0]
    for _ in range(n):
        th, w = th + dt * w, w + dt * (g / l * th - kp * th - kd * w)
        out.append(th)
    return np.array(out)


def _int_steps(kp, kd, t_end=2.0, dt=0.01, theta0=0.2, g=G, l=1.0):
    n = int(t_end / dt)
    return model.simulate(kp, kd, n * dt, dt, theta0, g, l) if n else np.array([theta0])


simulate_ex = Exercise(
    id="simulate", function="simulate", reference=model.simulate, title="simulate the balancing robot (explicit Euler)",
    checks=[
        Check("the shown examples: gains (20, 5) and (5, 1), 2 s from θ₀ = 0.2 rad",
              lambda rng: [(20.0, 5.0), (5.0, 1.0)],
              hint="n = round(t_end/dt) steps; each step updates θ with the OLD ω and ω with the old θ and ω; return "
                   "all n + 1 angles, θ₀ first."),
        Check("other steps, durations, starting tilts and lengths (incl. t_end = 0.57 s, and 1 s at dt = 0.03)",
              lambda rng: [(20.0, 5.0, 0.57, 0.01), (15.0, 3.0, 1.0, 0.03, -0.1), (30.0, 8.0, 1.5, 0.005, 0.3, 9.81, 2.0),
                           (12.0, 0.0, 1.0, 0.01, 0.05)], hidden=True,
              hint="The number of steps is round(t_end/dt): 0.57/0.01 is 56.99999999999999 in floating point."),
        Check("no time at all: t_end = 0 returns [θ₀]", lambda rng: [(20.0, 5.0, 0.0, 0.01, 0.2)], hidden=True),
        Check("random gains, steps and lengths", _simulate_random, hidden=True),
    ],
    mistakes=[
        Mistake("θ updated with the new ω", _semi_implicit,
                hint="Update θ with the OLD ω: θ[i+1] = θ[i] + dt·ω[i]. Using the ω you just updated is the "
                     "semi-implicit (symplectic) Euler method, a different (often better) integrator."),
        Mistake("sin θ replaced by θ", _linear,
                hint="Simulate the pendulum itself, θ̈ = (g/l)·sin θ + u; θ in place of sin θ is the linearization "
                     "the poles use, off by 0.7 % at 0.2 rad."),
        Mistake("θ₀ left out", lambda *a: model.simulate(*a)[1:],
                hint="Return θ at t = 0, dt, …, t_end: n + 1 values, the starting tilt θ₀ first."),
        Mistake("int(t_end/dt) steps", _int_steps,
                hint="int() truncates: 0.57/0.01 is 56.99999999999999 in floating point, so int gives 56 steps. "
                     "Use round(t_end/dt)."),
    ],
    rtol=1e-9, atol=1e-12,  # the same arithmetic in another order differs by ~1e-15; sin θ ≈ θ by ~1e-3
)

# ------------------------------------------------------------------ 3. place_poles


def _place_random(rng):
    return [(float(np.round(rng.uniform(0.2, 6), 3)), float(np.round(rng.uniform(0, 8), 3)),
             float(rng.choice([9.81, 3.71, 1.62])), float(rng.choice([0.5, 1.0, 1.5, 2.0]))) for _ in range(6)]


place_ex = Exercise(
    id="place_poles", function="place_poles", reference=model.place_poles, title="choose the gains: pole placement",
    checks=[
        Check("the shown examples: poles at −2.5 ± 2i and at −1.5 ± 1.7i (g = 9.81, l = 1)",
              lambda rng: [(2.5, 2.0), (1.5, 1.7)],
              hint="Expand (s + a)² + w² and match its coefficients with s² + kd·s + (kp − g/l)."),
        Check("another length and gravity (l = 0.5, 2; g of the Moon)",
              lambda rng: [(2.5, 2.0, 9.81, 0.5), (1.0, 3.0, 9.81, 2.0), (0.8, 0.6, 1.62, 1.5)], hidden=True),
        Check("boundaries: a double pole (w = 0), no decay (a = 0)",
              lambda rng: [(3.0, 0.0), (0.0, 2.0), (1.7, 0.0, 3.71, 2.0)], hidden=True),
        Check("random decay rates, frequencies, lengths and gravities", _place_random, hidden=True),
    ],
    mistakes=[
        Mistake("g/l forgotten", lambda a, w, g=G, l=1.0: (a * a + w * w, 2 * a),
                hint="kp must first cancel gravity: the constant term is kp − g/l, so kp = g/l + a² + w²."),
        Mistake("kd = a", lambda a, w, g=G, l=1.0: (g / l + a * a + w * w, a),
                hint="(s + a)² = s² + 2a·s + a²: the s coefficient, kd, is 2a, and the poles' real part is −kd/2."),
        Mistake("minus w²", lambda a, w, g=G, l=1.0: (g / l + a * a - w * w, 2 * a),
                hint="(s + a)² + w² has roots −a ± i·w; (s + a)² − w² would have the real roots −a ± w. So kp = "
                     "g/l + a² + w²."),
        Mistake("g·l instead of g/l", lambda a, w, g=G, l=1.0: (g * l + a * a + w * w, 2 * a),
                hint="The pendulum's own rate is g/l (in 1/s²): a longer pendulum tips more slowly."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 4. robots_per_supervisor


def _supervisor_random(rng):
    return [(float(np.round(rng.uniform(0.8, 0.999), 3)), float(np.round(rng.uniform(10, 600))),
             float(np.round(rng.uniform(5, 600)))) for _ in range(6)]


supervisor_ex = Exercise(
    id="robots_per_supervisor", function="robots_per_supervisor", reference=model.robots_per_supervisor,
    title="human-to-robot ratios",
    checks=[
        Check("the shown examples: 95 % and 99 % success, 60 s tasks, 30 s fixes",
              lambda rng: [(0.95, 60.0, 30.0), (0.99, 60.0, 30.0)],
              hint="One robot needs (1 − p)·fix_s seconds of help per task_s seconds of work."),
        Check("random success rates and durations", _supervisor_random, hidden=True),
        Check("boundaries: a robot that never fails, one that always fails, equal durations",
              lambda rng: [(1.0, 60.0, 30.0), (0.0, 60.0, 30.0), (0.9, 45.0, 45.0), (0.5, 12.0, 3.0)], hidden=True,
              hint="A robot that never fails (p = 1) needs no supervisor: return math.inf instead of dividing by 0."),
    ],
    mistakes=[
        Mistake("rounded down to whole robots", lambda p, t, f: math.inf if p == 1 else float(int(t / ((1 - p) * f))),
                hint="Do not round: in floating point 1 − 0.95 is 0.050000000000000044, so the exact 40 comes out as "
                     "39.99999999999996 and int() makes it 39. Return the ratio; the check compares with a tolerance."),
        Mistake("p in place of 1 − p", lambda p, t, f: t / (p * f),
                hint="Supervision is needed when a task FAILS, which happens with probability 1 − p, not p."),
        Mistake("supervisors per robot", lambda p, t, f: math.inf if p == 1 else (1 - p) * f / t,
                hint="(1 − p)·fix_s/task_s is the fraction of one human that ONE robot needs; one human therefore "
                     "covers the reciprocal, task_s/((1 − p)·fix_s)."),
        Mistake("durations left out", lambda p, t, f: math.inf if p == 1 else 1 / (1 - p),
                hint="1/(1 − p) counts tasks per failure; weigh in the durations: a failure costs fix_s seconds of "
                     "a human per task_s seconds of robot work."),
    ],
    rtol=1e-9, atol=0.0,
)

# ------------------------------------------------------------------ 5. break_even_tasks


def _break_even_exact(rng):
    """Crossings at a whole number of tasks, integer dollars: exact in floating point."""
    cases = []
    for _ in range(4):
        units = int(rng.choice([200, 500, 1000, 2500]))
        c_gen = int(rng.integers(5, 60)) * 1000
        gap = int(rng.integers(1, 40)) * 1_000_000  # per-task saving of the general platform
        k = int(rng.integers(2, 80))
        c_spec = int(rng.integers(5, 60)) * 1000
        F_spec = c_gen * units + gap - c_spec * units
        if F_spec <= 0:
            F_spec += c_spec * units
            gap += c_spec * units
        cases.append((float(F_spec), float(c_spec), float(k * gap), float(c_gen), units))
    return cases


def _break_even_random(rng):
    return [(float(rng.integers(1, 300)) * 1e6 + float(rng.integers(0, 1000)), float(rng.integers(1, 100)) * 1e3,
             float(rng.integers(1, 5000)) * 1e6, float(rng.integers(1, 100)) * 1e3, int(rng.integers(1, 50)) * 100)
            for _ in range(6)]


def _ceil_or_inf(k):
    return math.inf if k < 0 or not math.isfinite(k) else float(math.ceil(k))


def _per_task(F_spec, c_spec, c_gen, units):
    return F_spec + c_spec * units - c_gen * units


break_even_ex = Exercise(
    id="break_even_tasks", function="break_even_tasks", reference=model.break_even_tasks,
    title="one general platform or a special one per task",
    checks=[
        Check("the shown example: 50M + 20k a unit vs 1B + 30k a unit (dollars), 1,000 units a task",
              lambda rng: [(50e6, 20e3, 1e9, 30e3, 1000)],
              hint="k specialized platforms cost k·(F_spec + c_spec·units); the general one F_gen + k·c_gen·units. "
                   "Solve for the k where they are equal and round UP to whole tasks."),
        Check("a crossing between whole numbers of tasks, other fleet sizes",
              lambda rng: [(50e6, 25e3, 1e9, 30e3, 1000), (80e6, 10e3, 2e9, 30e3, 2000), (20e6, 40e3, 3e8, 30e3, 250)],
              hidden=True),
        Check("crossings at an exact whole number of tasks", _break_even_exact, hidden=True),
        Check("never: a task costs no more on its own platform",
              lambda rng: [(50e6, 20e3, 1e9, 80e3, 1000), (50e6, 20e3, 1e9, 70e3, 1000), (10e6, 5e3, 5e8, 30e3, 400)],
              hidden=True,
              hint="When a task costs no more on its own platform than on the general one, the lines never cross: "
                   "return math.inf."),
        Check("random costs", _break_even_random, hidden=True),
    ],
    mistakes=[
        Mistake("not rounded", lambda Fs, cs, Fg, cg, u: (
            math.inf if _per_task(Fs, cs, cg, u) <= 0 else Fg / _per_task(Fs, cs, cg, u)),
                hint="Tasks come whole: return the smallest whole number k at or above the crossing (math.ceil)."),
        Mistake("int(k*) + 1", lambda Fs, cs, Fg, cg, u: (
            math.inf if _per_task(Fs, cs, cg, u) <= 0 else float(int(Fg / _per_task(Fs, cs, cg, u)) + 1)),
                hint="At exactly 25 tasks the two totals are EQUAL, and 'no dearer' includes equal: 25 counts. "
                     "math.ceil leaves whole numbers alone; int(k*) + 1 does not."),
        Mistake("unit costs not multiplied by the units", lambda Fs, cs, Fg, cg, u: (
            math.inf if Fs + cs - cg <= 0 else float(math.ceil(Fg / (Fs + cs - cg)))),
                hint="Each task needs `units` robots: its unit costs are c·units, not c."),
        Mistake("one specialized platform for all tasks", lambda Fs, cs, Fg, cg, u: _ceil_or_inf(
            (Fg - Fs) / (cs * u - cg * u)) if cs != cg else math.inf,
                hint="Each task gets its OWN specialized platform, so the specialized fixed cost is paid k times: "
                     "k·(F_spec + c_spec·units)."),
        Mistake("a negative or zero count instead of inf", lambda Fs, cs, Fg, cg, u: (
            0.0 if _per_task(Fs, cs, cg, u) == 0 else float(math.ceil(Fg / _per_task(Fs, cs, cg, u)))),
                hint="If a task costs no more on its own platform, the general platform never catches up: "
                     "return math.inf, not a negative (or zero) number of tasks."),
    ],
    rtol=1e-12, atol=0.0,  # whole numbers of tasks: one task off must fail
)

# ------------------------------------------------------------------ 6. b2c_year


def _log_uniform(rng, lo, hi):
    return float(10.0 ** rng.uniform(np.log10(lo), np.log10(hi)))


def _b2c_random(rng):
    cases = []
    for _ in range(6):
        cases.append((float(f"{_log_uniform(rng, 1e-5, 1e-2):.3g}"), float(f"{_log_uniform(rng, 1e3, 1e7):.3g}"),
                      float(f"{_log_uniform(rng, 1e3, 1e6):.3g}"), float(f"{_log_uniform(rng, 1e4, 1e7):.3g}")))
    return cases


def _b2c_closed(rate, hours, cost, cap, rounding):
    return int(rounding(math.log2(rate * hours * cost / cap)))


b2c_ex = Exercise(
    id="b2c_year", function="b2c_year", reference=model.b2c_year, title="when B2C becomes tolerable",
    checks=[
        Check("the shown example: 1e-3 incidents/h halving yearly, 1e6 h a year, 1e5 dollars an incident, a cap of 1e6",
              lambda rng: [(1e-3, 1e6, 1e5, 1e6)],
              hint="Year n's expected cost is rate·0.5ⁿ·hours·cost. Start at n = 0 and count up while it is above "
                   "the cap."),
        Check("a year whose expected cost equals the cap exactly",
              lambda rng: [(1e-3, 1e6, 1e5, 1.5625e6), (1e-3, 1e6, 1e5, 1e8), (2e-3, 5e5, 4e4, 5e3)], hidden=True,
              hint="'At most the cap' includes equal: a year whose expected cost equals the cap counts."),
        Check("already tolerable now: year 0", lambda rng: [(1e-3, 1e4, 1e4, 1e6), (0.0, 1e6, 1e5, 1e6)], hidden=True,
              hint="If this year's expected cost is already at most the cap, the answer is year 0."),
        Check("random rates, exposures, severities and caps", _b2c_random, hidden=True),
    ],
    mistakes=[
        Mistake("strictly below the cap", lambda r, h, c, cap: next(n for n in range(10_000) if r * 0.5 ** n * h * c < cap),
                hint="'At most the cap' includes equal: a year whose expected cost equals the cap (1,562,500 dollars in "
                     "year 6 of the example) is already tolerable. Use <=, not <."),
        Mistake("years counted from 1", lambda r, h, c, cap: model.b2c_year(r, h, c, cap) + 1,
                hint="Year 0 is now, at the starting rate; after n years the rate is rate·0.5ⁿ."),
        Mistake("log2 rounded down", lambda r, h, c, cap: max(0, _b2c_closed(r, h, c, cap, math.floor)),
                hint="Solve rate·hours·cost·0.5ⁿ ≤ cap: n ≥ log2(rate·hours·cost/cap). The first whole year at or "
                     "above that is the ceiling, not the floor."),
        Mistake("negative years", lambda r, h, c, cap: _b2c_closed(r, h, c, cap, math.ceil),
                hint="When the expected cost is already at most the cap, the answer is year 0: log2 of a ratio "
                     "below 1 is negative, so clip at 0."),
    ],
)

# ------------------------------------------------------------------ 7. ridge_fit (stretch)


def _ridge_random(rng):
    cases = []
    for n, d, lam, prior in ((40, 5, 0.0, False), (8, 12, 2.0, False), (30, 6, 3.0, True), (5, 9, 0.7, True),
                             (25, 1, 1.5, True)):
        X = np.round(rng.normal(size=(n, d)), 3)
        y = np.round(rng.normal(size=n), 3)
        args = (X, y, lam) + ((np.round(rng.normal(size=d), 3),) if prior else ())
        cases.append(args)
    return cases


ridge_ex = Exercise(
    id="ridge_fit", function="ridge_fit", reference=model.ridge_fit, title="a new head, and a fine-tune, by ridge",
    checks=[
        Check("the shown examples: 3 points, 2 features, λ = 0.5 (without and with w0 = [1, 1])",
              lambda rng: [(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), np.array([1.0, 2.0, 3.0]), 0.5),
                           (np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), np.array([1.0, 2.0, 3.0]), 0.5,
                            np.array([1.0, 1.0]))],
              hint="Set the gradient of |Xw − y|² + λ|w − w0|² to zero: (XᵀX + λI)w = Xᵀy + λ·w0 (w0 = None means "
                   "zeros: add λ·w0 only when w0 is given)."),
        Check("random problems: more rows than features with λ = 0, fewer rows than features, one feature",
              _ridge_random, hidden=True),
        Check("a strong pull: λ = 1e6 returns (almost) w0",
              lambda rng: [(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, -1.0]]), np.array([1.0, 0.0, 2.0]), 1e6,
                            np.array([0.3, -0.7]))], hidden=True),
    ],
    mistakes=[
        Mistake("w0 ignored", lambda X, y, lam, w0=None: model.ridge_fit(X, y, lam),
                hint="The penalty λ|w − w0|² pulls w toward w0: its gradient adds λ·w0 to the right-hand side, "
                     "(XᵀX + λI)w = Xᵀy + λ·w0."),
        Mistake("λ added to every entry", lambda X, y, lam, w0=None: np.linalg.solve(
            X.T @ X + lam, X.T @ y + (0 if w0 is None else lam * np.asarray(w0))),
                hint="λ goes on the diagonal only: XᵀX + λI (np.eye), not XᵀX + λ (which adds λ to every entry)."),
        Mistake("prior with the wrong sign", lambda X, y, lam, w0=None: np.linalg.solve(
            X.T @ X + lam * np.eye(X.shape[1]), X.T @ y - (0 if w0 is None else lam * np.asarray(w0))),
                hint="The gradient of λ|w − w0|² is 2λ(w − w0): moving λ·w0 to the right-hand side makes it +λ·w0."),
        Mistake("λ left out", lambda X, y, lam, w0=None: np.linalg.lstsq(X, y, rcond=None)[0],
                hint="That is plain least squares. Ridge adds λI to XᵀX (and λ·w0 to Xᵀy): "
                     "np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y + lam * w0)."),
    ],
    rtol=1e-8, atol=1e-10,  # solve vs inv vs lstsq agree to ~1e-13 on these well-conditioned problems
)

grader = Grader("robots", [pd_poles_ex, simulate_ex, place_ex, supervisor_ex, break_even_ex, b2c_ex, ridge_ex])
