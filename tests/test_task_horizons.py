"""task-horizons: the issue's reference values, model properties, live widgets at every control extreme and
the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from course.grading import grade
from exercises import task_horizons as ex
from widget_checks import assert_book_gets_static_twin, assert_finite, figure_of, sweep_extremes  # noqa: E402
from widgets import exponential_trends as et
from widgets import task_horizons as th

LIVE = [th.success_curve_live, th.chain_live, th.trend_live]
STATIC = [th.success_curve_static, th.chain_static, th.trend_static]


# ---------------------------------------------------------------- reference values (issue 23), recomputed
def test_logistic_fit_of_the_runs_sample():
    r = et.load_metr_runs()
    assert len(r["task"]) == 173 and len(set(r["task"])) == 42 and np.isnan(r["weight"]).sum() == 1
    b0, b1 = th.fit_logistic(r["minutes"], r["success"])
    assert (b0, b1) == pytest.approx((3.1594, -0.58172), abs=5e-5)
    assert th.horizon_minutes(b0, b1, 0.5) == pytest.approx(43.15, abs=0.005)
    assert th.horizon_minutes(b0, b1, 0.8) == pytest.approx(8.27, abs=0.005)
    ok = np.isfinite(r["weight"])
    assert th.weighted_horizon(r["minutes"][ok], r["success"][ok], r["weight"][ok], 0.5) == pytest.approx(50.94, abs=0.005)


def test_newton_reaches_the_maximum():
    """Zero gradient at the fit, and every nearby β has a lower log-likelihood (the fit is the MLE)."""
    r = et.load_metr_runs()
    b = th.fit_logistic(r["minutes"], r["success"])
    x = np.log2(r["minutes"])
    p = th.success_curve(r["minutes"], *b)
    np.testing.assert_allclose(np.column_stack([np.ones_like(x), x]).T @ (r["success"] - p), 0, atol=1e-9)
    best = th.log_likelihood(r["minutes"], r["success"], *b)
    for d in ([1e-3, 0], [0, 1e-3], [-1e-3, 5e-4], [2e-3, -1e-3]):
        assert th.log_likelihood(r["minutes"], r["success"], *(b + np.array(d))) < best
    # weights that are all equal (any size) leave the fit unchanged; integer weights = repeated runs
    np.testing.assert_allclose(th.fit_logistic(r["minutes"], r["success"], np.full(173, 0.01)), b, rtol=1e-10)
    w = np.where(np.arange(173) % 3 == 0, 2.0, 1.0)
    twice = np.concatenate([r["minutes"], r["minutes"][w == 2]]), np.concatenate([r["success"], r["success"][w == 2]])
    np.testing.assert_allclose(th.fit_logistic(r["minutes"], r["success"], w), th.fit_logistic(*twice), rtol=1e-10)


def test_horizons_from_coefficients():
    assert th.horizon_minutes(math.log(3), -math.log(3), 0.5) == pytest.approx(2.0)
    # t80 < t50 for β1 < 0, and t80/t50 = 2**(ln 4 / β1) depends on the slope only
    for b0, b1 in ((3.0, -0.6), (-1.0, -1.7)):
        r = th.horizon_minutes(b0, b1, 0.8) / th.horizon_minutes(b0, b1, 0.5)
        assert r == pytest.approx(2 ** (math.log(4) / b1)) and r < 1


def test_constant_hazard():
    got = [th.horizon_from_hazard(p, 0.5) for p in (0.99, 0.995, 0.999)]
    assert got == pytest.approx([68.97, 138.28, 692.80], abs=0.005)
    for p in (0.9, 0.99, 0.9999):
        assert th.horizon_from_hazard(math.sqrt(p), 0.5) == pytest.approx(2 * th.horizon_from_hazard(p, 0.5))
        assert th.horizon_from_hazard(p, 0.8) / th.horizon_from_hazard(p, 0.5) == pytest.approx(0.32193, abs=1e-5)
    assert th.horizon_from_hazard(0.5, 0.5) == pytest.approx(1.0)
    assert th.chain_success(th.horizon_from_hazard(0.97, 0.5), 0.97) == pytest.approx(0.5)
    assert th.per_minute_success(0.01, 0.5) == pytest.approx(0.995)
    ratios = th.p80_over_p50("TH1.1")
    assert len(ratios["ratio"]) == 22 and np.median(ratios["ratio"]) == pytest.approx(0.191, abs=5e-4)


def test_agents_per_supervisor_edges():
    f = th.agents_per_supervisor
    assert [f(240, 10), f(239, 10), f(234, 10), f(10, 10), f(9.99, 10), f(7, 10), f(90, 7.5)] == [24, 23, 23, 1, 1, 1, 12]
    assert isinstance(f(240, 10), int)


def test_doubling_times_match_metr():
    m = et.load_metr("TH1.1")
    published = {r["fit_window"]: float(r["point_estimate_days"]) for r in et.load_metr_published()
                 if r["suite"] == "TH1.1" and "c59c78b" in r["source"]}
    for start, key, n, T_ref in (("2023-01-01", "from_2023_on", 14, 128.74), ("2019-01-01", "all_time_stitched", 17, 187.78)):
        keep = m["sota"] & (m["day"] >= et.day_number(start))
        T, _ = th.trend_arrival(m["day"][keep], m["p50"][keep], 480.0)
        assert keep.sum() == n and T == pytest.approx(T_ref, abs=0.005) and T == pytest.approx(published[key], abs=1e-3)
        assert T == pytest.approx(et.metr_doubling_days(m["day"], m["p50"], m["sota"], et.day_number(start)))
    assert T_ref / th.DAYS_PER_MONTH == pytest.approx(6.17, abs=0.005)
    assert 128.74 / th.DAYS_PER_MONTH == pytest.approx(4.23, abs=0.005)


def test_exact_exponential_arrives_on_the_release_day():
    days = np.array([19000.0, 19100.0, 19300.0, 19500.0])
    p50 = 3.0 * 2.0 ** ((days - 19000.0) / 150.0)
    T, day = th.trend_arrival(days, p50, p50[2])
    assert T == pytest.approx(150.0, rel=1e-12) and day == pytest.approx(19300.0, abs=1e-8)


def test_gpt5_to_a_working_day():
    m = et.load_metr("TH1.1")
    g = m["p50"][list(m["name"]).index("GPT-5")]
    assert round(g, 1) == 203.0 and np.log2(480 / g) == pytest.approx(1.2415, abs=5e-5)  # 203.0126 min unrounded
    assert th.months_to_horizon(203.0, 8, 128.74) == pytest.approx(5.25, abs=0.005)
    assert th.months_to_horizon(203.0, 8, 7 * th.DAYS_PER_MONTH) == pytest.approx(8.69, abs=0.005)
    assert th.months_to_horizon(480.0, 8, 150.0) == 0.0
    m0 = et.load_metr("TH1.0")
    assert round(float(m0["p50"][list(m0["name"]).index("GPT-5")]), 1) == 130.8  # the TH1.0 number, never mixed


def test_metr_loader_additions():
    m = et.load_metr("TH1.1")
    assert m["native"].sum() == 22 and np.isfinite(m["p80"]).all() and (m["p80"] < m["p50"]).all()
    assert et.load_metr("TH1.0")["native"].all() and np.isnan(et.load_metr("TH1.0-2026-01")["p80"]).all()


# ---------------------------------------------------------------- grader: chapter-specific checks
def test_alternative_estimators_fail_the_trend_exercise():
    """Reverse regression, end points and Theil–Sen differ from least squares by more than the tolerance."""
    trend = ex.grader["th_trend_arrival"]
    for m in trend.mistakes[:3]:
        v = grade(trend, m.variant)
        assert v.status == "failed" and v.results[0].passed is False


def test_penalised_fit_is_not_within_tolerance():
    r = et.load_metr_runs()
    exact = th.fit_logistic(r["minutes"], r["success"])
    ridge = ex._newton(ex._design(np.log2(r["minutes"])), r["success"], ridge=1.0)
    assert not np.allclose(ridge, exact, rtol=ex.fit_logistic_ex.rtol, atol=ex.fit_logistic_ex.atol)


def test_synthetic_runs_are_never_separable():
    rng = np.random.default_rng(1)
    for _ in range(50):
        minutes, y = ex.synthetic_runs(rng)
        b = th.fit_logistic(minutes, y)
        assert np.isfinite(b).all() and b[1] < 0.5


# ---------------------------------------------------------------- widgets
@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_success_curve_fit_button_and_weights():
    box = th.success_curve_live()
    fig = figure_of(box)
    sliders = {c.description: c for c in box.children[0].children[0].children}
    weighted, button = box.children[0].children[1].children
    sliders["β₁"].value = -1.5
    assert "β₁ = -1.50" in fig.layout.title.text
    weighted.value = True
    assert fig.data[3].visible and not fig.data[2].visible
    button.click()
    fits = th.sample_fits()
    assert sliders["β₀"].value == pytest.approx(fits["beta_w"][0], abs=0.03)
    assert sliders["β₁"].value == pytest.approx(fits["beta_w"][1], abs=0.01)
    sliders["β₁"].value = 0.3  # success growing with length: no horizons, finite figure
    assert_finite(fig) and len(fig.data[5].x) == 0


def test_live_trend_switches_measure():
    box = th.trend_live()
    fig = figure_of(box)
    start, frontier, measure = box.children[0].children
    measure.value = "p80"
    assert fig.layout.yaxis.title.text.startswith("p80")
    frontier.value = False
    assert "all models" in fig.layout.title.text


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin(make):
    fig = make()
    assert fig.layout.meta["alt"].strip().endswith(".")
    steps = fig.layout.sliders[0].steps
    assert 3 <= len(steps) <= 12
    for step in steps:
        assert "title.text" in step.args[1] and "nan" not in step.args[1]["title.text"].lower()
        for per_trace in step.args[0].values():
            assert len(per_trace) == len(step.args[2])
    assert all(m.name for m in fig.layout.updatemenus)
    for m in fig.layout.updatemenus:  # buttons touch visibility only (never what the slider sets)
        for b in m.buttons:
            assert set(b.args[0]) == {"visible"}
    texts = [fig.layout.title.text] + [t.name for t in fig.data if t.name]
    texts += [s.args[1]["title.text"] for s in steps] + [b.label for m in fig.layout.updatemenus for b in m.buttons]
    assert not [t for t in texts if "$" in t]
    assert len(fig.to_json()) < 120_000  # the three twins together stay far below the page budget


def test_static_slider_states_are_the_model():
    fig = th.chain_static()
    step = fig.layout.sliders[0].steps[th.ERRORS.index(0.02)]
    y = np.asarray(step.args[0]["y"][1], dtype=float)
    np.testing.assert_allclose(y, th.chain_success(th.CHAIN_T, th.per_minute_success(0.02, 0.5)), rtol=1e-3)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((th.success_curve_explorable, th.chain_of_steps, th.horizon_trend), monkeypatch)
