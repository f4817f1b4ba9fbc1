"""Graded exercises of the chapter exponential-trends; the references are the model functions."""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import exponential_trends as model

LN2 = np.log(2)


# ---------------------------------------------------------------- shared case builders
def noisy_exponential(rng, n=None, T=None, sigma=0.1):
    """(t in months, y): a seeded noisy exponential doubling every T months (multiplicative noise)."""
    n = int(rng.integers(12, 40)) if n is None else n
    T = float(rng.uniform(2.0, 12.0)) if T is None else T
    t = np.sort(rng.uniform(0.0, 48.0, n))
    y = float(rng.uniform(0.5, 50.0)) * 2.0 ** (t / T) * np.exp(rng.normal(0.0, sigma, n))
    return t.round(3), y.round(6)


def metr_case(suite, start_iso):
    m = model.load_metr(suite)
    return m["day"], m["p50"], m["sota"], float(model.day_number(start_iso))


def metr_hidden(rng):
    """TH1.0 windows, and TH1.1 with its horizons jittered (so memorised numbers fail)."""
    cases = []
    for start in ("2019-01-01", "2022-01-01", "2023-06-01", "2024-01-01"):
        cases.append(metr_case("TH1.0", start))
    m = model.load_metr("TH1.1")
    for _ in range(3):
        p50 = (m["p50"] * np.exp(rng.normal(0.0, 0.3, m["p50"].size))).round(6)
        start = float(model.day_number("2019-01-01") + rng.uniform(0, 5 * 365))
        cases.append((m["day"], p50, m["sota"], round(start, 1)))
    return cases


def metr_on_release_day(rng):
    """Windows that start exactly on a frontier model's release day: "on or after" includes that model."""
    cases = []
    for suite in ("TH1.1", "TH1.0"):
        m = model.load_metr(suite)
        sota_days = np.unique(m["day"][m["sota"]])
        for day in rng.choice(sota_days[2:-4], 2, replace=False):  # leave at least 4 models in the window
            cases.append((m["day"], m["p50"], m["sota"], float(day)))
    return cases


def strictly_after(d, p, s, start):
    d = np.asarray(d, float)
    return model.metr_doubling_days(d, p, np.asarray(s, bool) & (d > start), -np.inf)


def heldout_edges(rng):
    t = np.arange(8.0)
    y = (2.0 * 1.8 ** t * np.exp(rng.normal(0, 0.1, 8))).round(6)
    return [(t, y, 1), (t, y, 6), (t[:5], model.logistic(t[:5], 100.0, 0.9, 3.0).round(6), 2)]


def growth_then_test(rng):
    """An exponential and a logistic series of 20 points: the last n_test are held out."""
    t = np.arange(20.0)
    expo = 3.0 * 2.0 ** (t / float(rng.uniform(2, 5))) * np.exp(rng.normal(0, 0.05, 20))
    logi = model.logistic(t, float(rng.uniform(500, 2000)), float(rng.uniform(0.4, 0.8)), float(rng.uniform(9, 13)))
    n_test = int(rng.integers(3, 7))
    return [(t, expo.round(6), n_test), (t, logi.round(6), n_test)]


def fit_edge_cases(rng):
    """Two points (every line fits exactly), three points, strong noise, and a series that halves."""
    t3 = np.sort(rng.uniform(0, 24, 3)).round(3)
    shrinking = noisy_exponential(rng, n=15, T=5.0)
    return [(np.array([0.0, 6.0]), np.array([3.0, 12.0])),
            (t3, (2.0 ** (t3 / 4.0) * np.exp(rng.normal(0, 0.2, 3))).round(6)),
            noisy_exponential(rng, n=30, sigma=0.6),
            (shrinking[0], shrinking[1][::-1].copy())]


# ---------------------------------------------------------------- mistakes
def two_endpoint_doubling(t, y):
    t, y = np.asarray(t, float), np.asarray(y, float)
    return float((t[-1] - t[0]) * LN2 / np.log(y[-1] / y[0]))


def t_on_log_y_doubling(t, y):
    t, y = np.asarray(t, float), np.asarray(y, float)
    return float(LN2 * np.polyfit(np.log(y), t, 1)[0])


def theil_sen_doubling(t, y):
    t, z = np.asarray(t, float), np.log(np.asarray(y, float))
    i, j = np.triu_indices(len(t), 1)
    return float(LN2 / np.median((z[j] - z[i]) / (t[j] - t[i])))


def _rms(a):
    return float(np.sqrt(np.mean(np.square(a))))


def heldout_fit_on_all(t, y, n_test):
    t, y = np.asarray(t, float), np.asarray(y, float)
    slope, intercept = model.fit_log2_line(t, y)  # the test points leak into the fit
    return _rms((slope * t[-n_test:] + intercept) * np.log10(2) - np.log10(y[-n_test:]))


def heldout_linear_units(t, y, n_test):
    t, y = np.asarray(t, float), np.asarray(y, float)
    slope, intercept = model.fit_log2_line(t[:-n_test], y[:-n_test])
    return _rms(2.0 ** (slope * t[-n_test:] + intercept) - y[-n_test:])


def heldout_natural_log(t, y, n_test):
    return model.heldout_log_error(t, y, n_test) * np.log(10)


# ---------------------------------------------------------------- exercises
grader = Grader("exponential-trends", [
    Exercise(
        id="et_annual_factor", function="annual_factor", reference=model.annual_factor,
        title="growth factor per year",
        checks=[Check("the shown examples: T = 3 and 4 months, and METR's 7 months",
                      lambda rng: [(3.0,), (4.0,), (7.0,)]),
                Check("random doubling times from 0.5 to 36 months",
                      lambda rng: [(float(v),) for v in rng.uniform(0.5, 36.0, 6).round(2)], hidden=True),
                Check("a doubling time of exactly a year, of two years, and of one month",
                      lambda rng: [(12.0,), (24.0,), (1.0,)], hidden=True)],
        mistakes=[Mistake("doublings, not factor", lambda T: 12.0 / T,
                          "12/T is the number of doublings in a year; each doubling multiplies by 2, so the "
                          "factor is 2 raised to that power."),
                  Mistake("inverted exponent", lambda T: 2.0 ** (T / 12.0),
                          "The exponent is doublings per year = 12 / T, not T / 12: a shorter doubling time "
                          "must give a bigger yearly factor."),
                  Mistake("T taken as years", lambda T: 2.0 ** (1.0 / T),
                          "T is in months: a year holds 12 / T doublings, not 1 / T.")]),
    Exercise(
        id="et_months_to_reach", function="months_to_reach", reference=model.months_to_reach,
        title="time to reach a target",
        checks=[Check("1 → 1000 doubling every 4 months (≈ 39.9 months)", lambda rng: [(1.0, 1000.0, 4.0)]),
                Check("starting values other than 1", lambda rng: [(2.0, 1000.0, 4.0), (60.0, 480.0, 7.0)]),
                Check("random start, target and doubling time",
                      lambda rng: [(float(rng.uniform(0.1, 100)), float(rng.uniform(200, 1e6)),
                                    float(rng.uniform(1, 24))) for _ in range(6)], hidden=True),
                Check("already there (target = x0), exactly one doubling, and a target below the start",
                      lambda rng: [(5.0, 5.0, 3.0), (2.5, 5.0, 7.0), (80.0, 10.0, 6.0)], hidden=True)],
        mistakes=[Mistake("log10", lambda x0, target, T: T * np.log10(target / x0),
                          "log10 counts factors of 10, not doublings: the number of doublings is log2(target/x0)."),
                  Mistake("natural log", lambda x0, target, T: T * np.log(target / x0),
                          "ln(target/x0) is the number of e-foldings; with a doubling time you need "
                          "log2(target/x0) = ln(target/x0) / ln 2 doublings."),
                  Mistake("forgot x0", lambda x0, target, T: T * np.log2(target),
                          "Divide by the starting value: the gap to close is the ratio target / x0.")]),
    Exercise(
        id="et_fold_change_rates", function="fold_change_rates", reference=model.fold_change_rates,
        title="a million-fold in 10 years",
        checks=[Check("a million-fold fall in 10 years: k ≈ 1.38 per year, ×3.98 per year, halving ≈ 0.50 years",
                      lambda rng: [(1e6, 10.0)]),
                Check("other folds and spans (Moore's law: ×2 in 2 years)", lambda rng: [(2.0, 2.0), (1000.0, 5.0)]),
                Check("random folds and spans",
                      lambda rng: [(float(10 ** rng.uniform(0.5, 7)), float(rng.uniform(1, 30))) for _ in range(6)],
                      hidden=True),
                Check("a fall (fold < 1: k < 0, and a negative time), e-fold in one year, and a one-year span",
                      lambda rng: [(1e-3, 4.0), (float(np.e), 1.0), (50.0, 1.0)], hidden=True)],
        mistakes=[Mistake("log10 rate", lambda f, y: (np.log10(f) / y, f ** (1 / y), LN2 / (np.log10(f) / y)),
                          "The continuous rate k uses the natural log: fold = e^(k·years), so k = ln(fold) / years "
                          "(log10 gives 0.6 per year for a million-fold in 10 years, not 1.38)."),
                  Mistake("linear factor", lambda f, y: (np.log(f) / y, f / y, LN2 / (np.log(f) / y)),
                          "Growth compounds: the factor per year is fold^(1/years) = e^k, not fold / years."),
                  Mistake("halving time in months", lambda f, y: (np.log(f) / y, f ** (1 / y), 12 * LN2 / (np.log(f) / y)),
                          "k is per year, so ln 2 / k is in years; do not multiply by 12."),
                  Mistake("forgot ln 2", lambda f, y: (np.log(f) / y, f ** (1 / y), y / np.log(f)),
                          "1/k is the e-folding time; the halving (doubling) time is ln 2 / k.")]),
    Exercise(
        id="et_fit_doubling_time", function="fit_doubling_time", reference=model.fit_doubling_time,
        title="fit a doubling time",  # a least-squares fit is deterministic: the default tight tolerance
        checks=[Check("the shown example: t = 0, 1, 2, 3 and y = 1, 2, 4, 8",
                      lambda rng: [(np.arange(4.0), 2.0 ** np.arange(4.0))]),
                Check("a noisy series doubling every 4 months (the least-squares fit of ln y)",
                      lambda rng: [noisy_exponential(np.random.default_rng(7), n=24, T=4.0)]),
                Check("random noisy series, doubling every 2 to 12 months",
                      lambda rng: [noisy_exponential(rng) for _ in range(5)], hidden=True),
                Check("few points (2 and 3), strong noise, and a shrinking series (negative doubling time)",
                      fit_edge_cases, hidden=True)],
        mistakes=[Mistake("fitted y instead of log y", lambda t, y: LN2 / np.polyfit(t, y, 1)[0],
                          "Fit a straight line to log(y), not to y: an exponential is a line only on a log scale."),
                  Mistake("log10 slope used as k", lambda t, y: LN2 / np.polyfit(t, np.log10(y), 1)[0],
                          "The slope of log10(y) is k / ln 10; use the natural log (k = slope of ln y) with "
                          "T = ln 2 / k, or the slope s of log2(y) with T = 1 / s."),
                  Mistake("returned 1/k", lambda t, y: 1.0 / np.polyfit(t, np.log(y), 1)[0],
                          "1/k is the e-folding time; the doubling time is ln 2 / k."),
                  Mistake("two endpoints only", two_endpoint_doubling,
                          "That is the doubling time through the first and last points only; the exercise "
                          "asks for the least-squares line through ALL points (np.polyfit(t, np.log(y), 1))."),
                  Mistake("regressed t on ln y", t_on_log_y_doubling,
                          "You fitted t against ln y (x and y swapped). With noise that is a different line: "
                          "fit ln y against t, np.polyfit(t, np.log(y), 1), then T = ln 2 / slope."),
                  Mistake("Theil-Sen (median of pairwise slopes)", theil_sen_doubling,
                          "A median of pairwise slopes is a robust fit, but not the least-squares one the "
                          "exercise asks for: use np.polyfit(t, np.log(y), 1).")]),
    Exercise(
        id="et_metr_doubling_days", function="metr_doubling_days", reference=model.metr_doubling_days,
        title="METR's doubling time from its data",  # any least-squares route agrees to ~1e-12: default tolerance
        checks=[Check("TH1.1 frontier models released since 2023-01-01 (the shown example)",
                      lambda rng: [metr_case("TH1.1", "2023-01-01")]),
                Check("TH1.1 frontier models since 2019 (METR's all-time window)",
                      lambda rng: [metr_case("TH1.1", "2019-01-01")]),
                Check("TH1.0 windows and jittered horizons", metr_hidden, hidden=True),
                Check("windows that start exactly on a frontier model's release day", metr_on_release_day,
                      hidden=True)],
        mistakes=[Mistake("all models", lambda d, p, s, start: model.metr_doubling_days(d, p, np.ones_like(s), start),
                          "METR fits only the frontier: keep the models with is_sota True (a model that was not "
                          "state of the art when released sits below the trend)."),
                  Mistake("natural log", lambda d, p, s, start: model.metr_doubling_days(d, p, s, start) / LN2,
                          "With ln(p50) the slope is k per day and 1/k is not the doubling time: use log2(p50) "
                          "(then T = 1 / slope) or T = ln 2 / k."),
                  Mistake("months", lambda d, p, s, start: model.metr_doubling_days(d, p, s, start) / model.DAYS_PER_MONTH,
                          "The release dates are in days, so the answer is in days: do not convert to months."),
                  Mistake("fitted minutes", lambda d, p, s, start: LN2 / np.polyfit(
                      np.asarray(d)[np.asarray(s) & (np.asarray(d) >= start)],
                      np.asarray(p)[np.asarray(s) & (np.asarray(d) >= start)], 1)[0],
                          "Fit log2 of the horizon, not the horizon in minutes: the trend is a line on a log scale."),
                  Mistake("strictly after the start", strictly_after,
                          "The window is released ON OR AFTER start_day: a model released on start_day itself "
                          "counts (days >= start_day, not >).")]),
    Exercise(
        id="et_heldout_log_error", function="heldout_log_error", reference=model.heldout_log_error,
        title="exponential or not? held-out error", rtol=1e-6,
        checks=[Check("a noisy exponential (last 3 points held out) and the logistic of the prompt (last 5 held out)",
                      lambda rng: growth_then_test(np.random.default_rng(3))[:1] + [
                          (np.arange(20.0), model.logistic(np.arange(20.0), 1000.0, 0.6, 11.0).round(6), 5)]),
                Check("random exponential and logistic series", lambda rng: growth_then_test(rng)
                      + growth_then_test(rng), hidden=True),
                Check("one held-out point, and a fit on only two points", heldout_edges, hidden=True)],
        mistakes=[Mistake("fitted on all points", heldout_fit_on_all,
                          "Fit only on the points before the held-out ones (t[:-n_test]); fitting on all of them "
                          "lets the test points leak into the fit and hides the bend."),
                  Mistake("error in linear units", heldout_linear_units,
                          "Measure the error in orders of magnitude: compare log10(prediction) with log10(y)."),
                  Mistake("natural log units", heldout_natural_log,
                          "The error is asked in log10 units (orders of magnitude), not natural-log units.")]),
])
