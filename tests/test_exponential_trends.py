"""exponential-trends: model values, METR reproduction, widget extremes, grader in both directions."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from benchmarks.latency import controls
from course.grading import grade
from exercises.exponential_trends import grader
from widgets import exponential_trends as et
from widget_checks import assert_finite as _finite_traces, figure_of as _figure_of, sweep_extremes  # noqa: E402

EXPLORABLES = [et.linear_vs_log, et.where_is_the_knee, et.horizon_extrapolator, et.cost_curves]
LIVE = [et.linear_vs_log_live, et.where_is_the_knee_live, et.horizon_extrapolator_live, et.cost_curves_live]
STATIC = [et.linear_vs_log_static, et.where_is_the_knee_static, et.horizon_extrapolator_static,
          et.cost_curves_static]


# ---------------------------------------------------------------- model
def test_growth_arithmetic():
    assert et.doubling_time(np.log(2)) == pytest.approx(1.0)
    assert et.doubling_time(0.01) == pytest.approx(69.31, abs=0.01)  # rule of 70
    assert [et.annual_factor(T) for T in (3, 4, 12)] == pytest.approx([16.0, 8.0, 2.0])
    assert et.annual_factor(7) == pytest.approx(3.2813, abs=1e-4)
    assert et.months_to_reach(1, 1000, 4) == pytest.approx(39.863, abs=1e-3)
    assert et.months_to_reach(3, 3 * 2 ** 5, 2) == pytest.approx(10.0)
    k, factor, halving = et.fold_change_rates(1e6, 10)
    assert (k, factor, halving) == pytest.approx((1.38155, 3.98107, 0.50172), abs=1e-4)
    assert et.exponential(np.array([0, 4, 8]), 3.0, 4.0) == pytest.approx([3, 6, 12])


def test_knee_is_set_by_the_window_not_the_curve():
    # scale invariance: the same window width gives the same distance from the knee to the window's end
    gaps = [end - et.apparent_knee(end - 24, end, 4.0) for end in (24, 60, 120, 500)]
    assert np.allclose(gaps, gaps[0])
    assert 0 < gaps[0] < 24
    assert et.apparent_knee(0, 1e-6, 1.0) == pytest.approx(0.5e-6, rel=1e-3)  # a tiny window: no bend, mid-point


def test_fits_recover_the_truth_and_bootstrap_is_seeded():
    t = np.linspace(0, 30, 16)
    y = 5 * 2 ** (t / 3.0)
    assert et.fit_doubling_time(t, y) == pytest.approx(3.0)
    slope, intercept = et.fit_log2_line(t, y)
    assert (1 / slope, 2 ** intercept) == pytest.approx((3.0, 5.0))
    rng = np.random.default_rng(0)
    y_noisy = y * np.exp(rng.normal(0, 0.2, t.size))
    a, _ = et.bootstrap_lines(t, y_noisy, n_boot=500, seed=4)
    b, _ = et.bootstrap_lines(t, y_noisy, n_boot=500, seed=4)
    assert a.shape == (500,) and np.array_equal(a, b)
    lo, hi = np.percentile(1 / a, [2.5, 97.5])
    assert lo < et.fit_doubling_time(t, y_noisy) < hi
    # degenerate resample (all times equal) gives NaN, not an exception
    s, _ = et.bootstrap_lines([1.0, 1.0], [2.0, 3.0], n_boot=3, seed=0)
    assert np.isnan(s).all()


def test_heldout_error_separates_exponential_from_logistic():
    t = np.arange(20.0)
    assert et.heldout_log_error(t, 2 ** (t / 3), 5) == pytest.approx(0.0, abs=1e-9)
    assert et.heldout_log_error(t, et.logistic(t, 1000, 0.6, 11), 5) > 0.5


def test_data_ship_with_the_repository():
    assert et.DATA == et.Path(et.__file__).resolve().parents[1] / "data"
    for sub in ("metr", "nhgri", "epoch"):
        assert (et.DATA / sub / "SOURCE.md").exists()
    nh, ep = et.load_nhgri(), et.load_epoch()
    assert nh["year"].size == 78 and np.all(nh["genome"] > 0)
    assert ep["year"].size == 484 and np.all(ep["flop"] > 0)
    fold, y0, y1 = et.largest_fold_drop(nh["year"], nh["genome"], 10.0)
    assert fold == pytest.approx(11_869, rel=1e-3) and y1 - y0 <= 10.0  # SOURCE.md: ≈11,900×


def test_load_epoch_all_extends_the_notable_subset():
    ep, full = et.load_epoch(), et.load_epoch_all()
    assert full["year"].size == 988 and full["notable"].sum() == 484
    np.testing.assert_array_equal(full["model"][full["notable"]], ep["model"])
    np.testing.assert_array_equal(full["flop"][full["notable"]], ep["flop"])
    np.testing.assert_allclose(full["year"][full["notable"]], ep["year"], rtol=0, atol=0)
    i = int(np.flatnonzero(full["model"] == "Chinchilla")[0])
    assert (full["params"][i], full["datapoints"][i], full["flop"][i]) == (7e10, 1.05e12, 5.76e23)
    assert np.isnan(full["params"]).any() and np.all(full["flop"] > 0)


# ---------------------------------------------------------------- METR reproduction
PUBLISHED = {(r["suite"], r["fit_window"]): float(r["point_estimate_days"])
             for r in et.load_metr_published() if "c59c78b" in r["source"]}


@pytest.mark.parametrize("suite, window, start, n", [
    ("TH1.1", "from_2023_on", "2023-01-01", 14), ("TH1.1", "all_time_stitched", "2019-01-01", 17),
    ("TH1.0", "all_time", "2019-01-01", 17), ("TH1.0", "from_2023_on", "2023-01-01", 14)])
def test_metr_published_doubling_times_are_reproduced(suite, window, start, n):
    m = et.load_metr(suite)
    assert (m["sota"] & (m["day"] >= et.day_number(start))).sum() == n
    ours = et.metr_doubling_days(m["day"], m["p50"], m["sota"], et.day_number(start))
    assert ours == pytest.approx(PUBLISHED[suite, window], abs=0.01)


def test_metr_headline_values():
    assert PUBLISHED["TH1.1", "from_2023_on"] == pytest.approx(128.744)
    fit = et.horizon_fit(2023.0, n_boot=2000, seed=0)
    assert fit["n"] == 14 and fit["T_days"] == pytest.approx(128.744, abs=0.01)
    lo, hi = fit["T_ci"]
    assert lo < 128.7 < hi and 80 < lo and hi < 200  # model-level bootstrap, near METR's 104.4-158.0
    # the March 2025 paper: 11 frontier models, GPT-2 .. Claude 3.7 Sonnet, ~7 months (212 days)
    p = et.load_metr("TH1.0-2026-01")
    last = et.day_number("2025-02-24")
    assert (p["sota"] & (p["day"] <= last)).sum() == 11
    paper = et.metr_doubling_days(p["day"], p["p50"], p["sota"], end_day=last)
    assert paper == pytest.approx(212, abs=1) and paper / et.DAYS_PER_MONTH == pytest.approx(7, abs=0.1)
    # Schrittwieser's "three, four months" is the recent window, the paper's seven the whole one
    assert 3 < PUBLISHED["TH1.1", "from_2023_on"] / et.DAYS_PER_MONTH < 4.5


# ---------------------------------------------------------------- widgets
@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_finite_states(make):
    fig = make()
    assert fig.layout.sliders and len(fig.layout.sliders[0].steps) <= 12
    assert fig.layout.meta["alt"]
    for step in fig.layout.sliders[0].steps:
        data = step.args[0]
        for key in ("x", "y"):
            for per_trace in data.get(key, []):
                arr = np.asarray(per_trace)
                if arr.dtype.kind in "fiu":
                    assert np.isfinite(arr).all()
    _finite_traces(fig)
    assert len(fig.to_json()) < 150_000


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_slider_extreme(make):
    sweep_extremes(make())


def test_live_controls_combined_extremes():
    box = et.horizon_extrapolator_live()
    by_name = {c.description: c for c in controls(box)}
    start, end = by_name["from (year)"], by_name["to (year)"]
    for s, e in [(start.min, end.min), (start.max, end.max), (start.max, end.min), (start.min, end.max)]:
        start.value, end.value = s, e
        _finite_traces(_figure_of(box))


@pytest.mark.parametrize("make", EXPLORABLES, ids=lambda f: f.__name__)
def test_explorable_bundle_has_both_views(make):
    bundle = make()._repr_mimebundle_()
    assert "application/vnd.plotly.v1+json" in bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_logistic_trap_figure():
    _finite_traces(et.logistic_trap_figure(cut=9))
    _finite_traces(et.logistic_trap_figure(cut=2))


# ---------------------------------------------------------------- grader: chapter-specific checks
# (both directions, hard-coding and junk answers: tests/test_all_exercises.py, for every chapter)


def test_hidden_cases_catch_hard_coding():
    ex = grader["et_metr_doubling_days"]
    verdict = grade(ex, lambda days, p50, sota, start: 128.74380265077997 if start > 19000 else 187.77754378812736)
    assert verdict.status == "failed" and verdict.results[-1].hidden and not verdict.results[-1].passed


def test_reproduction_table_shown_in_the_chapter():
    rows = et.reproduce_metr()
    assert len(rows) == 5
    for r in rows[:4]:
        assert r["ours"] == pytest.approx(r["published"], abs=0.01), r
    assert rows[4]["ours"] == pytest.approx(rows[4]["published"], abs=1.0) and rows[4]["n"] == 11
