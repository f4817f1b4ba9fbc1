"""Graded exercises of chapter `forecasting`: grader.check("<id>") in the notebook.

Every reference is a model function of widgets/forecasting.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import forecasting as model

def _z(level):
    """The normal quantile (1 + level)/2 (1.96 at 95%), for the "z instead of t" mistakes; by bisection."""
    p = 0.5 + level / 2
    lo, hi = -10.0, 10.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if 0.5 * math.erfc(-mid / math.sqrt(2)) < p else (lo, mid)
    return 0.5 * (lo + hi)


# ---------------------------------------------------------------- a free-form least-squares helper for mistakes
def _fit(x, y, ddof=2):
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    n = len(x)
    dx = x - x.mean()
    sxx = dx @ dx
    b = dx @ (y - y.mean()) / sxx
    a = y.mean() - b * x.mean()
    r = y - a - b * x
    s = math.sqrt(r @ r / (n - ddof))
    return a, b, s, n, x.mean(), sxx


def synthetic_trend(rng, n=None, start=2019.0):
    """Seeded release dates (decimal years) and horizons (minutes) around a log2-linear trend whose slope is
    away from 1 (1.2 to 3.5 doublings a year) and whose noise is away from 1 (0.3 to 1.6 doublings)."""
    k = int(rng.integers(5, 16)) if n is None else n
    years = np.round(np.sort(rng.uniform(start, start + rng.uniform(2.5, 6.0), k)), 4)
    b, s = float(rng.uniform(1.2, 3.5)), float(rng.uniform(0.3, 1.6))
    z = 2.0 + b * (years - start) + rng.normal(0, s, k)
    return years, np.round(2.0 ** z, 6)


def _metr():
    years, minutes, _ = model.sota_years(2023.0)
    return years, minutes


# ---------------------------------------------------------------- 1. doubling_ci
def _dc_metr(rng):
    y, m = _metr()
    return [(y, m, 0.95), (y, m, 0.8)]


def _dc_three(rng):
    # n = 3 leaves one degree of freedom: t(0.975, 1) = 12.71, far from 1.96
    return [(np.array([2023.0, 2024.0, 2025.5]), np.array([4.0, 20.0, 60.0]), 0.95)]


def _dc_random(rng):
    return [synthetic_trend(rng) + (float(rng.choice([0.5, 0.8, 0.9, 0.95, 0.99])),) for _ in range(5)]


def _dc_mistake(s_ddof=2, quant="t", invert=False):
    def f(years, minutes, level):
        a, b, s, n, xb, sxx = _fit(years, np.log2(minutes), s_ddof)
        q = model.t_quantile(0.5 + level / 2, n - 2) if quant == "t" else _z(level)
        se = s / math.sqrt(sxx)
        T = 365.25 / b
        if invert:
            return T, 365.25 / (b + q * se), 365.25 / (b - q * se)
        return T, T - q * T * se / b, T + q * T * se / b
    return f


doubling_ci_ex = Exercise(
    id="fc_doubling_ci", function="doubling_ci", reference=model.doubling_ci,
    title="a doubling time with a delta-method interval",
    checks=[
        Check("METR's 14 frontier models from 2023 at 95% and 80% (shown example)", _dc_metr,
              hint="Fit log2(minutes) = a + b·years by least squares; s² = Σ residual² / (n − 2); se(b) = s/√Sxx; "
                   "T = 365.25/b days; se(T) = T·se(b)/b; T ± t·se(T) with t = fc.t_quantile((1 + level)/2, n − 2)."),
        Check("three models (one degree of freedom)", _dc_three),
        Check("random trends, sizes and levels", _dc_random, hidden=True),
    ],
    mistakes=[
        Mistake("s from n, not n − 2", _dc_mistake(s_ddof=0),
                hint="Divide the residual sum of squares by n − 2, not n: the line used up two degrees of freedom "
                     "(slope and intercept), and dividing by n understates the noise."),
        Mistake("normal quantile instead of Student t", _dc_mistake(quant="z"),
                hint="With s estimated from n − 2 degrees of freedom the multiplier is Student's t, "
                     "fc.t_quantile((1 + level)/2, n − 2) (2.1788 for n = 14 at 95%), not the normal 1.96."),
        Mistake("the slope's interval turned upside down", _dc_mistake(invert=True),
                hint="This exercise asks for the delta method: T ± t·se(T) with se(T) = T·se(b)/b (a symmetric "
                     "interval). Inverting b ± t·se(b) is another honest method, but a different answer."),
        Mistake("n − 1 in s", _dc_mistake(s_ddof=1),
                hint="A line has two fitted parameters: divide by n − 2, not n − 1."),
    ],
    rtol=1e-7, atol=1e-9,  # least squares and bisection agree to ~1e-12
)


# ---------------------------------------------------------------- 2. prediction_interval
def _pi_metr(rng):
    y, m = _metr()
    return [(y, m, float(model.decimal_year(model.et.day_number("2026-12-31"))), 0.8)]


def _pi_center(rng):
    # at x0 = x̄ the leverage term vanishes; the "1 +" term still counts
    y, m = synthetic_trend(rng, n=6)
    return [(y, m, float(np.mean(y)), 0.9), (y, m, float(np.mean(y)) + 3.0, 0.5)]


def _pi_random(rng):
    out = []
    for _ in range(5):
        y, m = synthetic_trend(rng)
        out.append((y, m, float(np.round(y.max() + rng.uniform(-1.0, 3.0), 3)),
                    float(rng.choice([0.5, 0.8, 0.9, 0.95, 0.99]))))
    return out


def _pi_mistake(one=1.0, over_n=1.0, lever=1.0, quant="t", s_ddof=2):
    def f(years, minutes, year0, level):
        a, b, s, n, xb, sxx = _fit(years, np.log2(minutes), s_ddof)
        q = model.t_quantile(0.5 + level / 2, n - 2) if quant == "t" else _z(level)
        c = a + b * year0
        h = q * s * math.sqrt(one + over_n / n + lever * (year0 - xb) ** 2 / sxx)
        return 2.0 ** c, 2.0 ** (c - h), 2.0 ** (c + h)
    return f


prediction_interval_ex = Exercise(
    id="fc_prediction_interval", function="prediction_interval", reference=model.prediction_interval,
    title="a prediction interval for one new model",
    checks=[
        Check("METR from 2023, a model released 2026-12-31, 80% (shown example)", _pi_metr,
              hint="In log2 space: center a + b·x0, half-width t·s·√(1 + 1/n + (x0 − x̄)²/Sxx) with "
                   "t = fc.t_quantile((1 + level)/2, n − 2); return 2**center, 2**(center − half), 2**(center + half)."),
        Check("at the mean date the leverage term vanishes", _pi_center),
        Check("random trends, dates and levels", _pi_random, hidden=True),
    ],
    mistakes=[
        Mistake("no '1 +' term (an interval for the line, not for a model)", _pi_mistake(one=0.0),
                hint="A new model scatters around the line by s on its own: the prediction interval needs "
                     "√(1 + 1/n + …); without the '1 +' you get the much narrower interval of the line itself."),
        Mistake("normal quantile instead of Student t", _pi_mistake(quant="z"),
                hint="Use Student's t with n − 2 degrees of freedom (fc.t_quantile((1 + level)/2, n − 2); "
                     "1.3562 for n = 14 at 80%), not the normal 1.2816."),
        Mistake("s from n, not n − 2", _pi_mistake(s_ddof=0),
                hint="s² = Σ residual² / (n − 2): two parameters were fitted."),
        Mistake("no leverage term", _pi_mistake(lever=0.0),
                hint="Far from the data the line itself is less sure: add (x0 − x̄)²/Sxx inside the square root."),
        Mistake("no 1/n term", _pi_mistake(over_n=0.0),
                hint="The intercept is uncertain too: the square root holds 1 + 1/n + (x0 − x̄)²/Sxx."),
    ],
    rtol=1e-7, atol=1e-9,
)


# ---------------------------------------------------------------- 3. backtest_z
def _bt_metr(rng):
    y, m = _metr()
    train = y < 2025.0
    return [(y[train], m[train], y[~train], m[~train])]


def _bt_on_line(rng):
    # training points that lie exactly on 2^(3 + 2(x − 2020)) plus ±1 wiggles; a test point on the line
    x = np.array([2020.0, 2020.5, 2021.0, 2021.5, 2022.0])
    m = 2.0 ** (3 + 2 * (x - 2020) + np.array([0.5, -0.5, 0.0, -0.5, 0.5]))
    return [(x, m, np.array([2023.0, 2022.5, 2024.25]), 2.0 ** (3 + 2 * np.array([3.0, 2.5, 4.25]) + np.array([0, 1.5, -2])))]


def _bt_random(rng):
    out = []
    for _ in range(4):
        y, m = synthetic_trend(rng, n=int(rng.integers(9, 18)))
        k = int(rng.integers(2, 5))
        out.append((y[:-k], m[:-k], y[-k:], m[-k:]))
    return out


def _bt_mistake(at_last=False, one=1.0, s_ddof=2, plain=False):
    def f(train_years, train_minutes, test_years, test_minutes):
        a, b, s, n, xb, sxx = _fit(train_years, np.log2(train_minutes), s_ddof)
        x = np.asarray(test_years, float)
        xp = np.full_like(x, np.max(train_years)) if at_last else x
        r = np.log2(test_minutes) - (a + b * xp)
        if plain:
            return r / s
        return r / (s * np.sqrt(one + 1 / n + (x - xb) ** 2 / sxx))
    return f


backtest_ex = Exercise(
    id="fc_backtest_z", function="backtest_z", reference=model.backtest_z,
    title="a backtest: how far off was each held-out model?",
    checks=[
        Check("fit METR 2023–2024, test the 7 frontier models of 2025–2026 (shown example)", _bt_metr,
              hint="Fit log2(minutes) on the training years; for each test model: (log2 observed − (a + b·x)) / "
                   "(s·√(1 + 1/n + (x − x̄)²/Sxx)), x the test model's own date, n and x̄ from the training set."),
        Check("a test model exactly on the fitted line has z = 0", _bt_on_line),
        Check("random trends split into training and held-out models", _bt_random, hidden=True),
    ],
    mistakes=[
        Mistake("predicted at the last training date", _bt_mistake(at_last=True),
                hint="Predict at each test model's own release date: the line keeps rising after the training "
                     "window ends."),
        Mistake("no '1 +' term", _bt_mistake(one=0.0),
                hint="The scale is the PREDICTION sd, s·√(1 + 1/n + (x − x̄)²/Sxx): one model scatters around "
                     "the line by s even when the line is known."),
        Mistake("divided by s alone", _bt_mistake(plain=True),
                hint="Include the line's own uncertainty: divide by s·√(1 + 1/n + (x − x̄)²/Sxx), not by s."),
        Mistake("s from n, not n − 2", _bt_mistake(s_ddof=0),
                hint="s² = Σ residual² / (n − 2), n the number of TRAINING models."),
    ],
    rtol=1e-7, atol=1e-9,
)


# ---------------------------------------------------------------- 4. brier_log
def _bl_example(rng):
    return [(np.array([0.9, 0.7, 0.2, 0.5]), np.array([1, 0, 0, 1]))]


def _bl_edges(rng):
    # certain and right (f = 1 for a yes, f = 0 for a no) scores log 1 = 0; a single forecast; a 0.5 forecast
    return [(np.array([1.0, 0.0, 0.6]), np.array([1, 0, 0])), (np.array([0.25]), np.array([1])),
            (np.array([0.5, 0.5]), np.array([0, 1]))]


def _bl_random(rng):
    out = []
    for _ in range(5):
        k = int(rng.integers(2, 30))
        f = np.round(rng.uniform(0.01, 0.99, k), 3)
        out.append((f, (rng.random(k) < f).astype(int)))
    return out


def _mean_log(p):
    with np.errstate(divide="ignore"):
        return float(np.mean(np.log(p)))


brier_log_ex = Exercise(
    id="fc_brier_log", function="brier_log", reference=model.brier_log,
    title="Brier and log scores",
    checks=[
        Check("f = [0.9, 0.7, 0.2, 0.5], o = [1, 0, 0, 1] (shown example)", _bl_example,
              hint="Brier: mean of (f − o)². Log: mean of ln(p), p = f where o = 1 and 1 − f where o = 0."),
        Check("certain forecasts that came true, one forecast, and 0.5s", _bl_edges,
              hint="A forecast of 1 for a yes (or 0 for a no) gave probability 1 to what happened: ln 1 = 0. "
                   "Pick the probability with np.where(o == 1, f, 1 − f) before the log: o·ln f + (1 − o)·ln(1 − f) "
                   "evaluates 0·ln 0 = nan."),
        Check("random forecasts and outcomes", _bl_random, hidden=True),
    ],
    mistakes=[
        Mistake("log base 2", lambda f, o: (float(np.mean((f - o) ** 2)),
                                            float(np.mean(np.log2(np.where(o == 1, f, 1 - f))))),
                hint="Use the natural log (np.log): the log score here is in nats. Base 2 gives bits, 1/ln 2 ≈ 1.44 "
                     "times larger in size."),
        Mistake("log of f whatever happened", lambda f, o: (float(np.mean((f - o) ** 2)), _mean_log(f)),
                hint="Score the probability of what HAPPENED: f when o = 1, but 1 − f when o = 0."),
        Mistake("sum instead of mean", lambda f, o: (float(np.sum((f - o) ** 2)),
                                                     float(np.sum(np.log(np.where(o == 1, f, 1 - f))))),
                hint="Average over the questions (np.mean), so that scores of different numbers of questions compare."),
        Mistake("absolute error instead of squared", lambda f, o: (float(np.mean(np.abs(f - o))),
                                                                   float(np.mean(np.log(np.where(o == 1, f, 1 - f))))),
                hint="The Brier score squares the error: (f − o)². The absolute error is not a proper score (it "
                     "rewards pushing forecasts to 0 or 1)."),
    ],
    rtol=1e-9, atol=1e-12,
)


# ---------------------------------------------------------------- 5. posterior
def _po_example(rng):
    return [(0.1, 0.8, 0.9, [True]), (0.1, 0.8, 0.9, [True, False]), (0.1, 0.8, 0.9, [True, True])]


def _po_edges(rng):
    # no results: the prior; a prior of 0 or 1 never moves; a perfectly sensitive test that says no rules out
    return [(0.3, 0.8, 0.9, []), (0.0, 0.8, 0.9, [True, True]), (1.0, 0.8, 0.9, [False]),
            (0.4, 1.0, 0.7, [True, False]), (0.25, 0.6, 0.75, [False, False, True])]


def _po_random(rng):
    out = []
    for _ in range(6):
        k = int(rng.integers(1, 6))
        out.append((float(np.round(rng.uniform(0.02, 0.6), 3)), float(np.round(rng.uniform(0.55, 0.98), 3)),
                    float(np.round(rng.uniform(0.55, 0.98), 3)), [bool(v) for v in rng.random(k) < 0.5]))
    return out


def _po_same_prior(prior, se, sp, results):
    p = prior
    for r in results:
        p = prior * se / (prior * se + (1 - prior) * (1 - sp)) if r else \
            prior * (1 - se) / (prior * (1 - se) + (1 - prior) * sp)
    return p


def _po_no_prior(prior, se, sp, results):
    p = prior
    for r in results:
        p = se / (se + 1 - sp) if r else (1 - se) / (1 - se + sp)
    return p


def _po_neg_swapped(prior, se, sp, results):
    p = prior
    for r in results:
        p = p * se / (p * se + (1 - p) * (1 - sp)) if r else p * (1 - sp) / (p * (1 - sp) + (1 - p) * se)
    return p


posterior_ex = Exercise(
    id="fc_posterior", function="posterior", reference=model.posterior,
    title="Bayes, one experiment after another",
    checks=[
        Check("prior 0.1, sensitivity 0.8, specificity 0.9: +, + −, + + (shown examples)", _po_example,
              hint="For a positive: p ← p·sens / (p·sens + (1 − p)(1 − spec)); for a negative: "
                   "p ← p(1 − sens) / (p(1 − sens) + (1 − p)·spec). Each posterior is the next prior."),
        Check("no results, priors of 0 and 1, a perfectly sensitive test", _po_edges,
              hint="With no results return the prior itself; a prior of 0 or 1 cannot move."),
        Check("random priors, tests and result sequences", _po_random, hidden=True),
    ],
    mistakes=[
        Mistake("every update from the original prior", _po_same_prior,
                hint="Each posterior is the next prior: update p, not the starting prior, for each result."),
        Mistake("the prior left out", _po_no_prior,
                hint="Weigh the likelihoods by the prior: P(good | +) = p·sens / (p·sens + (1 − p)(1 − spec)). "
                     "Dropping p is base-rate neglect."),
        Mistake("a negative result read with the wrong likelihoods", _po_neg_swapped,
                hint="A negative has P(− | good) = 1 − sensitivity and P(− | bad) = specificity."),
    ],
    rtol=1e-9, atol=1e-12,
)


# ---------------------------------------------------------------- 6. gain_per_cost
def _gc_example(rng):
    return [(0.1,) + e[1:] for e in model.EXPERIMENTS]


def _gc_edges(rng):
    # a coin-flip test teaches nothing; a perfect test removes all the uncertainty, H(prior);
    # a prior of 0 has nothing to learn; cost away from 1
    return [(0.3, 2.5, 0.5, 0.5), (0.3, 2.5, 1.0, 1.0), (0.0, 3.0, 0.8, 0.9), (0.5, 0.5, 0.95, 0.6)]


def _gc_random(rng):
    return [(float(np.round(rng.uniform(0.02, 0.7), 3)), float(np.round(rng.uniform(0.5, 30), 2)),
             float(np.round(rng.uniform(0.55, 0.99), 3)), float(np.round(rng.uniform(0.55, 0.99), 3)))
            for _ in range(6)]


def _H(p, log=np.log2):
    return -sum(q * log(q) for q in (p, 1 - p) if q > 0)


def _gc_mistake(log=np.log2, per_cost=True, weighted=True):
    def f(prior, cost, se, sp):
        pp = prior * se + (1 - prior) * (1 - sp)
        hp = _H(prior * se / pp, log) if pp > 0 else 0.0
        hm = _H(prior * (1 - se) / (1 - pp), log) if pp < 1 else 0.0
        after = pp * hp + (1 - pp) * hm if weighted else 0.5 * (hp + hm)
        g = _H(prior, log) - after
        return g / cost if per_cost else g
    return f


gain_per_cost_ex = Exercise(
    id="fc_gain_per_cost", function="gain_per_cost", reference=model.gain_per_cost,
    title="bits per unit cost of an experiment",
    checks=[
        Check("prior 0.1: toy (1, 0.7, 0.7), small run (4, 0.9, 0.9), full run (20, 0.99, 0.99) (shown example)",
              _gc_example,
              hint="H(p) = −p log2 p − (1 − p) log2(1 − p). P(+) = p·sens + (1 − p)(1 − spec); gain = H(prior) − "
                   "P(+)·H(posterior if +) − P(−)·H(posterior if −); divide by the cost."),
        Check("a coin-flip test, a perfect test, a prior of 0, a cost below 1", _gc_edges,
              hint="Treat 0·log 0 as 0: a prior of 0 (or a certain posterior) has entropy 0."),
        Check("random priors, costs and tests", _gc_random, hidden=True),
    ],
    mistakes=[
        Mistake("natural log (nats, not bits)", _gc_mistake(log=np.log),
                hint="Measure information in bits: log2, not ln (nats are ln 2 ≈ 0.693 times as large)."),
        Mistake("not divided by the cost", _gc_mistake(per_cost=False),
                hint="The question is bits per unit of cost: divide the expected gain by the cost."),
        Mistake("posterior entropies averaged 50/50", _gc_mistake(weighted=False),
                hint="Weight each outcome's posterior entropy by how likely that outcome is: P(+) and P(−) = 1 − P(+)."),
    ],
    rtol=1e-9, atol=1e-12,
)


# ---------------------------------------------------------------- 7. trend_check
def _tc_example(rng):
    C = np.array([1e18, 1e19, 1e20, 1e21])
    return [(C, np.array([2.211211, 2.090145, 2.019390, 1.948677]), 1.7, 1e22, 2.0)]


def _tc_exact(rng):
    # points exactly on L = 0.6 + 50·C^(−0.08): slope −0.08, s = 0, a band of zero width
    C = 10.0 ** np.array([17.0, 18.0, 19.5, 20.0, 21.0])
    return [(C, 0.6 + 50.0 * C ** -0.08, 0.6, 1e23, 3.0)]


def _tc_random(rng):
    out = []
    for _ in range(5):
        k = int(rng.integers(4, 9))
        C = 10.0 ** np.sort(rng.uniform(16, 22, k))
        Linf = float(np.round(rng.uniform(0.5, 2.5), 3))
        alpha = float(rng.uniform(0.04, 0.3))
        L = Linf + rng.uniform(5, 80) * C ** -alpha * np.exp(rng.normal(0, 0.02, k))
        out.append((C, L, Linf, float(10.0 ** np.round(rng.uniform(22, 25), 2)), float(rng.choice([1.0, 2.0, 3.0]))))
    return out


def _tc_mistake(minus_inf=True, ddof=2, loss_space=False, ln=False):
    def f(compute, loss, loss_inf, compute_new, k):
        y = np.asarray(loss, float) - (loss_inf if minus_inf else 0.0)
        y = np.log(y) if ln else np.log10(y)
        a, b, s, n, xb, sxx = _fit(np.log10(compute), y, ddof)
        c = a + b * math.log10(compute_new)
        back = (lambda v: np.exp(v)) if ln else (lambda v: 10.0 ** v)
        if not minus_inf:
            return b, back(c), back(c - k * s), back(c + k * s)
        if loss_space:
            mid = loss_inf + back(c)
            return b, mid, mid - k * s, mid + k * s
        return b, loss_inf + back(c), loss_inf + back(c - k * s), loss_inf + back(c + k * s)
    return f


trend_check_ex = Exercise(
    id="fc_trend_check", function="trend_check", reference=model.trend_check,
    title="does the next run match expectations?",
    checks=[
        Check("L∞ = 1.7, four small runs 10^18…10^21 FLOP, predicting 10^22 with a 2σ band (shown example)",
              _tc_example,
              hint="Fit log10(L − L∞) = a + b·log10 C by least squares; s² = Σ residual²/(n − 2); "
                   "c = a + b·log10 C_new; return b, L∞ + 10^c, L∞ + 10^(c − k·s), L∞ + 10^(c + k·s)."),
        Check("runs exactly on a power law: a band of zero width", _tc_exact),
        Check("random power laws, floors L∞, compute and k", _tc_random, hidden=True),
    ],
    mistakes=[
        Mistake("L∞ not subtracted", _tc_mistake(minus_inf=False),
                hint="Only L − L∞ follows a power law: take log10(L − L∞), not log10 L, and add L∞ back."),
        Mistake("s from n, not n − 2", _tc_mistake(ddof=0),
                hint="Four runs and two fitted parameters: s² = Σ residual²/(n − 2)."),
        Mistake("band added in loss units", _tc_mistake(loss_space=True),
                hint="s is in log10(L − L∞) units: form the band there (c ± k·s), then transform back."),
        Mistake("natural log of the loss", _tc_mistake(ln=True),
                hint="Use log10 for both axes, so that the slope is the power-law exponent "
                     "(ln on one axis only scales the slope by ln 10 ≈ 2.30)."),
    ],
    rtol=1e-7, atol=1e-9,
)


grader = Grader("forecasting", [doubling_ci_ex, prediction_interval_ex, backtest_ex, brier_log_ex, posterior_ex,
                                gain_per_cost_ex, trend_check_ex])
