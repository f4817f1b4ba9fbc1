"""Graded exercises of chapter `task-horizons`: grader.check("<id>") in the notebook.

Every reference is a model function of widgets/task_horizons.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import exponential_trends as et
from widgets import task_horizons as model

LN2 = float(np.log(2))


# ---------------------------------------------------------------- shared data and case builders
def _runs():
    r = et.load_metr_runs()
    return r["minutes"], r["success"], r["weight"]


def synthetic_runs(rng, n=None, weighted=False):
    """Seeded runs from σ(β0 + β1·log2 t) with β away from 0 and 1; redrawn until both outcomes overlap
    in length (a separable sample has no finite maximum-likelihood fit)."""
    while True:
        k = int(rng.integers(60, 200)) if n is None else n
        b0, b1 = float(rng.uniform(1.5, 4.5)), float(rng.uniform(-1.3, -0.35))
        minutes = np.round(2.0 ** rng.uniform(-4.0, 11.0, k), 4)
        y = (rng.random(k) < model.success_curve(minutes, b0, b1)).astype(float)
        x = np.log2(minutes)
        if y.min() == 0 and y.max() == 1 and x[y == 0].max() > x[y == 1].min() and x[y == 1].max() > x[y == 0].min():
            if not weighted:
                return minutes, y
            return minutes, y, np.round(np.exp(rng.normal(-7.0, 0.8, k)), 8)


def _newton(X, y, w=None, ridge=0.0):
    """Maximum likelihood (optionally with ridge·β1²/2 subtracted) of a logistic model with design X."""
    w = np.ones(len(y)) if w is None else w
    beta = np.zeros(X.shape[1])
    pen = np.zeros(X.shape[1])
    pen[1:] = ridge
    for _ in range(200):
        p = 1.0 / (1.0 + np.exp(-(X @ beta)))
        grad = X.T @ (w * (y - p)) - pen * beta
        hess = (X * (w * p * (1 - p))[:, None]).T @ X + np.diag(pen)
        step = np.linalg.solve(hess, grad)
        beta = beta + step
        if np.abs(step).max() < 1e-13 * (1 + np.abs(beta).max()):
            break
    return beta


def _design(x):
    x = np.asarray(x, dtype=float)
    return np.column_stack([np.ones_like(x), x])


# ---------------------------------------------------------------- 1. fit_logistic
def _fit_cases_sample(rng):
    minutes, success, _ = _runs()
    return [(minutes, success)]


def _fit_cases_two_lengths(rng):
    # 3 of 4 runs succeed at 1 minute, 1 of 4 at 4 minutes: the fit passes through both rates,
    # β0 = logit(3/4) = ln 3, β1 = (logit(1/4) − logit(3/4)) / log2(4) = −ln 3
    return [(np.array([1.0] * 4 + [4.0] * 4), np.array([1, 1, 1, 0, 1, 0, 0, 0], dtype=float))]


def _fit_cases_random(rng):
    return [synthetic_runs(rng) for _ in range(4)]


def _fit_cases_flat(rng):
    # the same success rate (3/4) at every length: β1 = 0 exactly, β0 = ln 3
    minutes = np.repeat([0.5, 2.0, 30.0, 480.0], 4)
    return [(minutes, np.tile([1.0, 0.0, 1.0, 1.0], 4))]


fit_logistic_ex = Exercise(
    id="th_fit_logistic", function="fit_logistic", reference=model.fit_logistic,
    title="fit the success curve by Newton's method",
    checks=[
        Check("METR's 173 runs of Claude 3.7 Sonnet (shown example)", _fit_cases_sample,
              hint="Newton's method on the log-likelihood with x = log2(minutes): p = σ(Xβ), gradient Xᵀ(y − p), "
                   "Hessian XᵀWX with W = diag(p(1 − p)); β ← β + (XᵀWX)⁻¹Xᵀ(y − p) until the step is tiny."),
        Check("two task lengths: the fit passes through both success rates", _fit_cases_two_lengths),
        Check("random samples of runs from known success curves", _fit_cases_random, hidden=True),
        Check("the same success rate at every length (a flat curve)", _fit_cases_flat, hidden=True),
    ],
    mistakes=[
        Mistake("natural log of the minutes", lambda t, y: _newton(_design(np.log(t)), np.asarray(y, float)),
                hint="The model uses log2 of the minutes, not ln: with ln t, β₁ comes out 1/ln 2 ≈ 1.44 times "
                     "too large in size (β₀ is unchanged)."),
        Mistake("minutes, not log minutes", lambda t, y: _newton(_design(t), np.asarray(y, float)),
                hint="Regress on log2(minutes): task lengths span seconds to days, and METR's curve is a logistic "
                     "in the log of the length."),
        Mistake("models failure instead of success", lambda t, y: _newton(_design(np.log2(t)), 1 - np.asarray(y, float)),
                hint="Model P(success): y = 1 for a success. Both of your coefficients have the wrong sign; "
                     "β₁ should be negative (longer tasks fail more)."),
        Mistake("an L2 penalty (scikit-learn's default C = 1)",
                lambda t, y: _newton(_design(np.log2(t)), np.asarray(y, float), ridge=1.0),
                hint="No penalty: maximise the plain log-likelihood. scikit-learn's LogisticRegression adds an L2 "
                     "penalty by default (C = 1.0), which shrinks β₁ toward 0; use penalty=None or write Newton's "
                     "method yourself."),
        Mistake("least-squares line through the 0/1 outcomes",
                lambda t, y: np.polyfit(np.log2(t), np.asarray(y, float), 1)[::-1],
                hint="A straight line fitted to 0/1 outcomes is not the logistic fit: maximise the log-likelihood "
                     "of σ(β₀ + β₁·log2 t) (Newton's method)."),
    ],
    rtol=1e-5, atol=1e-7,  # Newton converges to ~1e-12; 1e-5 leaves room for a learner's looser stopping rule
)


# ---------------------------------------------------------------- 2. weighted_horizon
def _wh_cases_sample(rng):
    minutes, success, weight = _runs()
    ok = np.isfinite(weight)
    return [(minutes[ok], success[ok], weight[ok], 0.5), (minutes[ok], success[ok], weight[ok], 0.8)]


def _wh_cases_equal(rng):
    minutes, success, _ = _runs()
    return [(minutes, success, np.full(minutes.shape, 0.37), 0.5), (minutes, success, np.full(minutes.shape, 3.0), 0.2)]


def _wh_cases_random(rng):
    cases = []
    for _ in range(4):
        minutes, y, w = synthetic_runs(rng, weighted=True)
        q = float(np.round(rng.choice([rng.uniform(0.1, 0.4), rng.uniform(0.6, 0.95)]), 3))
        cases.append((minutes, y, w, q))
    return cases


def _wh_cases_integer(rng):
    minutes, y = synthetic_runs(rng)
    return [(minutes, y, rng.integers(1, 4, len(y)).astype(float), 0.75)]


def _wh_from(beta, q, base=2.0):
    return float(base ** ((np.log(q / (1 - q)) - beta[0]) / beta[1]))


weighted_horizon_ex = Exercise(
    id="th_weighted_horizon", function="weighted_horizon", reference=model.weighted_horizon,
    title="METR's weighted fit and the q-horizon",
    checks=[
        Check("METR's 172 weighted runs: 50% and 80% horizons (shown example)", _wh_cases_sample,
              hint="Fit with each run's log-likelihood term multiplied by its weight (gradient Xᵀ(w(y − p)), Hessian "
                   "Xᵀ diag(w p(1 − p)) X), then t_q = 2^((logit q − β₀)/β₁)."),
        Check("equal weights (any size) give the unweighted horizon", _wh_cases_equal,
              hint="Multiplying every weight by the same number does not move the maximum: with equal weights the "
                   "fit is the unweighted one."),
        Check("random runs, weights and success levels q", _wh_cases_random, hidden=True),
        Check("whole-number weights (a weight of 2 counts a run twice)", _wh_cases_integer, hidden=True),
    ],
    mistakes=[
        Mistake("weights ignored",
                lambda t, y, w, q: _wh_from(model.fit_logistic(t, y), q),
                hint="Use the weights: each run's term of the log-likelihood is multiplied by its weight, so "
                     "over-represented task families count less."),
        Mistake("weights multiply the features",
                lambda t, y, w, q: _wh_from(_newton(np.asarray(w, float)[:, None] * _design(np.log2(t)),
                                                    np.asarray(y, float)), q),
                hint="Weight the log-likelihood terms, not the features: multiply y − p (and p(1 − p) in the "
                     "Hessian) by w, and leave the columns [1, log2 t] as they are."),
        Mistake("q and 1 − q swapped",
                lambda t, y, w, q: _wh_from(model.fit_logistic(t, y, w), 1 - q),
                hint="t_q is where P(success) = q, so use logit q = ln(q/(1 − q)). Check: t80 must come out "
                     "SHORTER than t50 when β₁ < 0."),
        Mistake("e instead of 2 when undoing the log",
                lambda t, y, w, q: _wh_from(model.fit_logistic(t, y, w), q, base=np.e),
                hint="The fit is in log2 minutes, so undo it with 2^(...), not e^(...)."),
        Mistake("always the 50% horizon",
                lambda t, y, w, q: _wh_from(model.fit_logistic(t, y, w), 0.5),
                hint="Solve σ(β₀ + β₁x) = q for x: x = (logit q − β₀)/β₁. Only for q = 0.5 is logit q = 0."),
    ],
    rtol=1e-5, atol=1e-9,
)


# ---------------------------------------------------------------- 3. horizon_from_hazard
def _hz_cases_example(rng):
    return [(0.99, 0.5), (0.995, 0.5), (0.999, 0.5), (0.99, 0.8)]


def _hz_cases_threshold(rng):
    # a step that succeeds half the time reaches 50 % after exactly one minute; likewise p = q = 0.9
    return [(0.5, 0.5), (0.9, 0.9)]


def _hz_cases_halving(rng):
    cases = []
    for _ in range(3):
        p, q = float(np.round(rng.uniform(0.9, 0.9995), 5)), float(np.round(rng.uniform(0.55, 0.95), 3))
        cases += [(p, q), (math.sqrt(p), q)]  # √p halves the hazard −ln p: the horizon doubles
    return cases


def _hz_cases_random(rng):
    return [(float(np.round(1 - 10 ** rng.uniform(-5, -0.5), 6)), float(np.round(rng.uniform(0.05, 0.95), 3)))
            for _ in range(6)]


horizon_from_hazard_ex = Exercise(
    id="th_horizon_from_hazard", function="horizon_from_hazard", reference=model.horizon_from_hazard,
    title="the horizon of a chain of steps",
    checks=[
        Check("per-minute success 0.99, 0.995, 0.999 (50%) and 0.99 (80%) (shown examples)", _hz_cases_example,
              hint="P(success) = p^t = e^(−λt) with λ = −ln p; solve e^(−λt) = q: t = ln(1/q)/λ."),
        Check("equality at the threshold: p = q gives exactly one minute", _hz_cases_threshold),
        Check("halving the hazard (p → √p) doubles the horizon", _hz_cases_halving, hidden=True),
        Check("random per-minute success and levels q", _hz_cases_random, hidden=True),
    ],
    mistakes=[
        Mistake("1 − p used as the hazard", lambda p, q: np.log(1 / q) / (1 - p),
                hint="The hazard is λ = −ln p, not 1 − p: the two agree only to first order (0.99 gives 69.3 min "
                     "instead of 68.97)."),
        Mistake("mean time to failure", lambda p, q: 1 / -np.log(p),
                hint="1/λ is the mean time to the first failure; the q-horizon solves e^(−λt) = q, so "
                     "t = ln(1/q)/λ (ln 2/λ for q = 0.5)."),
        Mistake("q read as the failure probability", lambda p, q: np.log(1 / (1 - q)) / -np.log(p),
                hint="q is the SUCCESS probability: solve p^t = q. The 80% horizon is shorter than the 50% one."),
    ],
    rtol=1e-9, atol=1e-12,
)


# ---------------------------------------------------------------- 4. agents_per_supervisor
def _ag_cases_example(rng):
    return [(240, 10), (234, 10), (239, 10), (7, 10)]


def _ag_cases_edges(rng):
    # equality at the threshold: a run exactly one or two check-ins long; 7.5 and 90 are exact in binary
    return [(10, 10), (19.5, 10), (20, 10), (480, 20), (90, 7.5)]


def _ag_cases_random(rng):
    return [(int(rng.integers(1, 3000)), int(rng.integers(1, 120))) for _ in range(8)]


agents_ex = Exercise(
    id="th_agents_per_supervisor", function="agents_per_supervisor", reference=model.agents_per_supervisor,
    title="agents per supervisor",
    checks=[
        Check("hours on its own vs a check-in every 10 minutes (shown examples)", _ag_cases_example,
              hint="n agents need n check-ins per run: n · checkin ≤ run, so n = ⌊run / checkin⌋ whole agents, "
                   "and at least 1."),
        Check("runs of exactly one or two check-ins, and exact multiples", _ag_cases_edges),
        Check("random run lengths and check-in times", _ag_cases_random, hidden=True),
    ],
    mistakes=[
        Mistake("a fraction of an agent", lambda run, c: run / c,
                hint="Count whole agents: a supervisor cannot run 23.4 agents. Round down."),
        Mistake("rounded to the nearest", lambda run, c: round(run / c),
                hint="Round DOWN: with 23.9 check-ins' worth of time you cannot serve a 24th agent (n · checkin "
                     "must fit in the run)."),
        Mistake("rounded up", lambda run, c: math.ceil(run / c),
                hint="Round down, not up: 24 agents need 240 minutes of check-ins, more than a 234-minute run."),
        Mistake("zero agents for a short run", lambda run, c: math.floor(run / c),
                hint="A supervisor can always run one agent (it just waits for its check-ins): return at least 1."),
        Mistake("ratio upside down", lambda run, c: max(1, math.floor(c / run)),
                hint="More autonomy means more agents: divide the run time by the check-in time."),
    ],
)


# ---------------------------------------------------------------- 5. trend_arrival
def _metr(suite, start_iso):
    m = et.load_metr(suite)
    keep = m["sota"] & (m["day"] >= et.day_number(start_iso))
    return m["day"][keep], m["p50"][keep]


def _tr_cases_example(rng):
    return [(*_metr("TH1.1", "2023-01-01"), 480.0), (*_metr("TH1.1", "2019-01-01"), 480.0)]


def _tr_cases_exact(rng):
    days = np.array([19000.0, 19100.0, 19300.0, 19500.0])
    p50 = 3.0 * 2.0 ** ((days - 19000.0) / 150.0)
    return [(days, p50, float(p50[2]))]  # the target is reached exactly on the third release day


def _tr_cases_hidden(rng):
    cases = [(*_metr("TH1.0", "2019-01-01"), 2400.0), (*_metr("TH1.0", "2023-01-01"), 480.0)]
    for _ in range(3):
        d, p = _metr("TH1.1", "2022-01-01")
        cases.append((d, np.round(p * np.exp(rng.normal(0, 0.3, p.size)), 6), float(np.round(rng.uniform(60, 1e4), 1))))
    return cases


def _wrong_way(d, p, target):
    d, z = np.asarray(d, float), np.log2(p)
    b, a = np.polyfit(z, d, 1)  # day = a + b·log2(p50)
    return b, a + b * np.log2(target)


def _endpoints(d, p, target):
    d, z = np.asarray(d, float), np.log2(p)
    i, j = np.argmin(d), np.argmax(d)
    s = (z[j] - z[i]) / (d[j] - d[i])
    return 1 / s, d[i] + (np.log2(target) - z[i]) / s


def _theil_sen(d, p, target):
    d, z = np.asarray(d, float), np.log2(p)
    i, j = np.triu_indices(len(d), 1)
    ok = d[j] != d[i]
    s = np.median((z[j] - z[i])[ok] / (d[j] - d[i])[ok])
    b = np.median(z - s * d)
    return 1 / s, (np.log2(target) - b) / s


def _from_last(d, p, target):
    T, _ = model.trend_arrival(d, p, target)
    k = np.argmax(d)
    return T, np.asarray(d, float)[k] + T * np.log2(target / np.asarray(p, float)[k])


trend_arrival_ex = Exercise(
    id="th_trend_arrival", function="trend_arrival", reference=model.trend_arrival,
    title="doubling time and arrival day of the trend",
    checks=[
        Check("TH1.1 frontier models from 2023 and from 2019, target 8 h (shown example)", _tr_cases_example,
              hint="Least squares of log2(p50) on the release day: slope s, intercept b; T = 1/s days and the "
                   "line reaches the target on day (log2(target) − b)/s."),
        Check("an exact exponential: the target is reached on a release day", _tr_cases_exact),
        Check("TH1.0 frontier models and jittered TH1.1 horizons, other targets", _tr_cases_hidden, hidden=True),
    ],
    mistakes=[
        Mistake("regressed the date on log2(p50)", _wrong_way,
                hint="Regress log2(p50) on the date (the date is the x variable). The reverse regression gives a "
                     "different line unless the points lie exactly on one."),
        Mistake("line through the first and last model", _endpoints,
                hint="Use every model: the least-squares line, not the line through the two end points."),
        Mistake("median of pairwise slopes (Theil–Sen)", _theil_sen,
                hint="METR's trend is ordinary least squares of log2(p50) on the date, not a robust (Theil–Sen) "
                     "line: np.polyfit(days, np.log2(p50), 1)."),
        Mistake("natural log for the doubling time",
                lambda d, p, target: (1 / np.polyfit(d, np.log(p), 1)[0], model.trend_arrival(d, p, target)[1]),
                hint="With ln(p50) the slope is k per day and 1/k is the e-folding time; the doubling time is "
                     "1/slope of log2(p50) (= ln 2/k)."),
        Mistake("extrapolated from the last model instead of the fitted line", _from_last,
                hint="The arrival day is where the fitted LINE reaches the target: (log2(target) − b)/s, not a "
                     "doubling count from the last model's own horizon."),
        Mistake("doubling time in months",
                lambda d, p, target: (model.trend_arrival(d, p, target)[0] / et.DAYS_PER_MONTH,
                                      model.trend_arrival(d, p, target)[1]),
                hint="The release dates are day numbers, so 1/slope is in days: do not convert to months."),
    ],
    rtol=1e-6, atol=1e-6,  # tight: alternative lines (reverse regression, end points, Theil–Sen) must fail
)


# ---------------------------------------------------------------- 6. months_to_horizon
def _mo_cases_example(rng):
    return [(203.0, 8.0, 128.74), (203.0, 8.0, 7 * et.DAYS_PER_MONTH)]


def _mo_cases_edges(rng):
    return [(480.0, 8.0, 150.0), (600.0, 8.0, 150.0), (60.0, 40.0, 200.0)]


def _mo_cases_random(rng):
    return [(float(np.round(rng.uniform(5, 900), 1)), float(rng.choice([8.0, 16.0, 40.0, 167.0])),
             float(np.round(rng.uniform(60, 400), 2))) for _ in range(6)]


months_ex = Exercise(
    id="th_months_to_horizon", function="months_to_horizon", reference=model.months_to_horizon,
    title="how long until a working day?",
    checks=[
        Check("GPT-5 (203.0 min) to 8 h, doubling every 128.74 days or 7 months (shown examples)", _mo_cases_example,
              hint="doublings = log2(60 · target_hours / h0_minutes); days = doublings · T_days; months = days / "
                   "30.4375 (365.25 / 12)."),
        Check("a target already reached: zero, or negative (months ago)", _mo_cases_edges),
        Check("random horizons, targets and doubling times", _mo_cases_random, hidden=True),
    ],
    mistakes=[
        Mistake("target left in hours", lambda h0, H, T: T * np.log2(H / h0) / et.DAYS_PER_MONTH,
                hint="Put both horizons in the same unit: the target is in hours and h0 in minutes, so compare "
                     "60 · target_hours with h0_minutes."),
        Mistake("natural log of the ratio", lambda h0, H, T: T * np.log(60 * H / h0) / et.DAYS_PER_MONTH,
                hint="Count doublings with log2 of the ratio: ln gives e-foldings."),
        Mistake("30-day months", lambda h0, H, T: T * np.log2(60 * H / h0) / 30.0,
                hint="A month is 365.25 / 12 = 30.4375 days on average, not 30."),
        Mistake("answer in days", lambda h0, H, T: T * np.log2(60 * H / h0),
                hint="T_days · doublings is in days: divide by 30.4375 to get months."),
        Mistake("forgot the starting horizon", lambda h0, H, T: T * np.log2(60 * H) / et.DAYS_PER_MONTH,
                hint="The number of doublings depends on the gap: log2(target / h0), not log2(target)."),
    ],
    rtol=1e-9, atol=1e-9,
)



# ---------------------------------------------------------------- 7 (stretch). bootstrap_t50
def _bs_cases_sample(rng):
    r = et.load_metr_runs()
    return [(r["minutes"], r["success"], r["task"], 30, 0)]  # resample 24 is separable


def _bs_cases_small(rng):
    # four tasks with tied lengths: 3 of the 20 resamples are separable only through a tie (NaN);
    # three tasks whose failures end where the successes begin (a tie the other way round);
    # two tasks, where some resamples hold only successes
    tasks = np.array(["a"] * 3 + ["b"] * 2 + ["c"] * 3 + ["d"] * 2)
    minutes = np.array([1, 1, 1, 4, 4, 16, 16, 16, 64, 64.0])
    success = np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 0.0])
    reverse = (np.array([1, 1, 4, 4, 16, 16.0]), np.array([0, 0, 0, 1, 1, 1.0]), np.array(list("aabbcc")), 8, 1)
    only = (np.array([2, 2, 8, 8, 8.0]), np.array([1, 1, 1, 0, 0.0]), np.array(list("aabbb")), 8, 3)
    return [(minutes, success, tasks, 20, 5), reverse, only]


def _bs_cases_shuffled(rng):
    """Synthetic tasks (several runs each, a task effect on top of the length) listed in shuffled order."""
    cases = []
    for _ in range(2):
        n_tasks = int(rng.integers(15, 40))
        names = np.array([f"task_{k:02d}" for k in range(n_tasks)])
        lengths = np.round(2.0 ** rng.uniform(-3, 10, n_tasks), 3)
        runs = rng.integers(1, 7, n_tasks)
        task = np.repeat(names, runs)
        minutes = np.repeat(lengths, runs)
        logit = 3.0 - 0.6 * np.log2(minutes) + np.repeat(rng.normal(0, 1.0, n_tasks), runs)
        success = (rng.random(task.size) < 1 / (1 + np.exp(-logit))).astype(float)
        order = rng.permutation(task.size)
        cases.append((minutes[order], success[order], task[order], 20, int(rng.integers(1, 50))))
    return cases


def _bs_cases_seed(rng):
    r = et.load_metr_runs()
    # seed 8 draws a nearly separable resample (number 25) on which Newton's method must run to convergence
    return [(r["minutes"], r["success"], r["task"], 26, 8), (r["minutes"], r["success"], r["task"], 20, int(rng.integers(1, 50)))]


def _bs_wrong(kind):
    def bootstrap_t50(minutes, success, tasks, n_boot, seed):
        minutes, success = np.asarray(minutes, float), np.asarray(success, float)
        if kind == "first_seen":
            names = list(dict.fromkeys(tasks))
            which = np.array([names.index(t) for t in tasks])
        else:
            names, which = np.unique(tasks, return_inverse=True)
        rows = [np.flatnonzero(which == k) for k in range(len(names))]
        rng = np.random.default_rng(seed)
        out = []
        for _ in range(n_boot):
            if kind == "fresh_rng":
                rng = np.random.default_rng(seed)
            if kind == "runs":
                idx = rng.integers(0, len(minutes), len(minutes))
            else:
                draw = rng.integers(0, len(names), len(minutes) if kind == "per_run" else len(names))
                idx = np.concatenate([rows[k] for k in draw])
            if model.separable(minutes[idx], success[idx]):
                if kind != "dropped":
                    out.append(np.nan)
                continue
            out.append(model.horizon_minutes(*model.fit_logistic(minutes[idx], success[idx]), 0.5))
        return np.array(out)
    return bootstrap_t50


bootstrap_ex = Exercise(
    id="th_bootstrap_t50", function="bootstrap_t50", reference=model.bootstrap_t50,
    title="stretch: a task-level bootstrap of t50",
    checks=[
        Check("METR's 173 runs, 30 resamples, seed 0 (shown example)", _bs_cases_sample,
              hint="names, which = np.unique(tasks, return_inverse=True); rng = np.random.default_rng(seed); per "
                   "resample draw = rng.integers(0, len(names), len(names)), take every run of each drawn task, "
                   "NaN if separable, else fit and record t50."),
        Check("four small tasks with tied lengths: separable resamples give NaN", _bs_cases_small,
              hint="A resample is separable when max length of the successes ≤ min length of the failures, or the "
                   "reverse (ties count; so do all-success and all-failure resamples): record NaN for it."),
        Check("synthetic tasks listed in shuffled order", _bs_cases_shuffled, hidden=True),
        Check("METR's runs with other seeds", _bs_cases_seed, hidden=True),
    ],
    mistakes=[
        Mistake("resampled runs, not tasks", _bs_wrong("runs"),
                hint="Resample TASKS: draw task numbers and keep all runs of each drawn task together (runs of one "
                     "task share its difficulty, so they are not independent)."),
        Mistake("a new generator for every resample", _bs_wrong("fresh_rng"),
                hint="Create the generator once, before the loop: re-seeding it every time repeats the same "
                     "resample n_boot times."),
        Mistake("one task drawn per run", _bs_wrong("per_run"),
                hint="Draw as many tasks as there are distinct tasks (len(names)), not one per run."),
        Mistake("separable resamples dropped", _bs_wrong("dropped"),
                hint="Keep one value per resample: record NaN for a separable resample instead of skipping it."),
        Mistake("tasks numbered in order of first appearance", _bs_wrong("first_seen"),
                hint="Number the tasks in sorted order, as np.unique does, so that a draw means the same task "
                     "however the rows are ordered."),
    ],
    rtol=1e-6, atol=1e-9, timeout=10.0,  # 30-50 Newton fits in the learner's code: allow a slow loop
)

grader = Grader("task-horizons", [fit_logistic_ex, weighted_horizon_ex, horizon_from_hazard_ex, agents_ex,
                                  trend_arrival_ex, months_ex, bootstrap_ex])
