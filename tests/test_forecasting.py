"""forecasting: the issue's reference values (recomputed), the Student-t routine against printed tables, model
properties at the boundaries, live widgets at every control extreme and the static twins (the grader in both
directions: tests/test_all_exercises.py; its mutants: tests/test_mutation.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from course.grading import grade
from exercises import forecasting as ex
from widget_checks import assert_finite, figure_of, sweep_extremes  # noqa: E402
from widgets import exponential_trends as et
from widgets import forecasting as fc

LIVE = [fc.forecast_card_live, fc.game_live, fc.kill_live]
STATIC = [fc.forecast_card_static, fc.game_static, fc.kill_static]


# ---------------------------------------------------------------- Student's t without scipy
@pytest.mark.parametrize("p, df, table", [
    (0.975, 1, 12.7062), (0.975, 2, 4.3027), (0.975, 5, 2.5706), (0.975, 12, 2.1788), (0.975, 30, 2.0423),
    (0.9, 5, 1.4759), (0.9, 12, 1.3562), (0.95, 10, 1.8125), (0.995, 3, 5.8409), (0.75, 4, 0.7407)])
def test_t_quantile_matches_printed_tables(p, df, table):
    assert fc.t_quantile(p, df) == pytest.approx(table, abs=5e-5)
    assert fc.t_cdf(fc.t_quantile(p, df), df) == pytest.approx(p, abs=1e-12)


def test_t_distribution_properties():
    assert fc.t_cdf(0.0, 7) == 0.5 and fc.t_quantile(0.5, 3) == pytest.approx(0.0, abs=1e-12)
    assert fc.t_quantile(0.1, 6) == pytest.approx(-fc.t_quantile(0.9, 6), rel=1e-12)
    # df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t)/π; df = 2 has F(t) = 1/2 + t/(2√(2 + t²))
    for t in (-3.0, 0.4, 2.5, 40.0):
        assert fc.t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-13)
        assert fc.t_cdf(t, 2) == pytest.approx(0.5 + t / (2 * math.sqrt(2 + t * t)), abs=1e-13)
    # large df tends to the normal quantile 1.959964
    assert fc.t_quantile(0.975, 1e6) == pytest.approx(1.959964, abs=1e-5)
    assert fc.t_cdf(math.inf, 3) == 1.0 and fc.t_cdf(-math.inf, 3) == 0.0
    with pytest.raises(ValueError):
        fc.t_quantile(1.0, 3)


# ---------------------------------------------------------------- reference values (issue 24), recomputed
def test_doubling_time_and_delta_method():
    years, minutes, names = fc.sota_years(2023.0)
    assert len(years) == 14 and names[0] == "GPT-4 (0314)" and names[-1] == "Claude Opus 4.6"
    fit = fc.ols(years, np.log2(minutes))
    assert fit["slope"] == pytest.approx(2.8370, abs=5e-5) and fit["se_slope"] == pytest.approx(0.2182, abs=5e-5)
    T, lo, hi = fc.doubling_ci(years, minutes, 0.95)
    assert T == pytest.approx(128.74, abs=5e-3) and (lo, hi) == pytest.approx((107.2, 150.3), abs=0.05)
    # and METR's own point estimate of the same fit (days since 1970 or decimal years: the same slope)
    assert T == pytest.approx(et.metr_doubling_days(*(lambda m: (m["day"], m["p50"], m["sota"]))(et.load_metr()),
                                                    start_day=et.year_day(2023.0)), rel=1e-9)


def test_prediction_interval_end_of_2026():
    years, minutes, _ = fc.sota_years(2023.0)
    x0 = float(fc.decimal_year(et.day_number("2026-12-31")))
    assert fc.year_to_date(x0) == "2026-12-31"
    c, lo, hi = fc.prediction_interval(years, minutes, x0, 0.8)
    assert (c, lo, hi) == pytest.approx((2451, 1133, 5303), abs=0.6)
    assert fc.two_sided(0.8, 12) == pytest.approx(1.3562, abs=5e-5)
    # the band is symmetric in log space, and wider at 95 %
    assert math.log2(c / lo) == pytest.approx(math.log2(hi / c), rel=1e-12)
    assert fc.prediction_interval(years, minutes, x0, 0.95)[1] < lo


def test_backtest_2023_2024():
    years, minutes, names = fc.sota_years(2023.0)
    train = years < 2025.0
    assert train.sum() == 7 and (~train).sum() == 7
    assert fc.doubling_ci(years[train], minutes[train])[0] == pytest.approx(197.0, abs=0.05)
    z = fc.backtest_z(years[train], minutes[train], years[~train], minutes[~train])
    assert (z > 0).all() and names[~train][-1] == "Claude Opus 4.6" and z[-1] == pytest.approx(2.87, abs=5e-3)
    assert fc.inside(z, 5, 0.8).sum() == 1 and fc.inside(z, 5, 0.95).sum() == 6


def test_inside_counts_the_edge():
    t = fc.two_sided(0.9, 4)
    assert fc.inside([t, -t, np.nextafter(t, 10), 0.0], 4, 0.9).tolist() == [True, True, False, True]


def test_scores():
    assert fc.brier_log([0.9, 0.7, 0.2, 0.5], [1, 0, 0, 1]) == pytest.approx((0.1975, -0.5564), abs=5e-5)
    assert fc.brier_log([1.0, 0.0], [1, 0]) == (0.0, 0.0)  # certain and right
    b, lg = fc.brier_log([1.0, 0.3], [0, 1])  # certain and wrong: −inf, no warning, no nan
    assert b == pytest.approx((1 + 0.49) / 2) and lg == -math.inf
    assert fc.brier_log([0.5] * 3, [1, 0, 1]) == pytest.approx((0.25, math.log(0.5)))
    t = fc.reliability([0.1, 0.15, 0.9, 1.0, 0.5], [0, 1, 1, 1, 0])
    np.testing.assert_allclose(t, [[0.125, 0.5, 2], [0.5, 0.0, 1], [0.95, 1.0, 2]], rtol=1e-12)


def test_bayes():
    got = [fc.posterior(0.1, 0.8, 0.9, r) for r in ([True], [True, False], [True, True])]
    assert got == pytest.approx([0.4706, 0.1649, 0.8767], abs=5e-5)
    assert got[0] == pytest.approx(8 / 17, rel=1e-12)
    assert fc.posterior(0.0, 0.8, 0.9, [True]) == 0.0 and fc.posterior(1.0, 0.8, 0.9, [False]) == 1.0
    assert fc.posterior(0.37, 0.8, 0.9, []) == 0.37
    # order does not matter, and a result and its opposite with sens = spec cancel
    assert fc.posterior(0.2, 0.7, 0.6, [True, False, True]) == pytest.approx(fc.posterior(0.2, 0.7, 0.6, [True, True, False]))
    assert fc.posterior(0.2, 0.75, 0.75, [True, False]) == pytest.approx(0.2)


def test_information_per_cost():
    got = [fc.gain_per_cost(0.1, c, se, sp) for _, c, se, sp in fc.EXPERIMENTS]
    assert got == pytest.approx([0.0435, 0.0528, 0.0207], abs=5e-5)
    assert fc.best_experiment(0.1) == 1
    assert fc.gain_per_cost(0.3, 2.0, 0.5, 0.5) == pytest.approx(0.0, abs=1e-15)  # a coin flip teaches nothing
    assert fc.gain_per_cost(0.3, 2.0, 1.0, 1.0) == pytest.approx(float(fc.entropy_bits(0.3)) / 2.0)
    assert fc.gain_per_cost(0.0, 1.0, 0.9, 0.9) == 0.0 and fc.gain_per_cost(1.0, 1.0, 0.9, 0.9) == 0.0
    assert fc.entropy_bits(0.5) == 1.0 and fc.entropy_bits([0.0, 1.0]).tolist() == [0.0, 0.0]
    # equal costs and tests: a tie goes to the first; equal tests, different costs: the cheaper
    assert fc.best_experiment(0.1, [("a", 2.0, 0.8, 0.8), ("b", 2.0, 0.8, 0.8)]) == 0
    assert fc.best_experiment(0.1, [("a", 3.0, 0.8, 0.8), ("b", 2.0, 0.8, 0.8)]) == 1


def test_power_law_check():
    C = np.array([1e18, 1e19, 1e20, 1e21])
    L = np.array([2.211211, 2.090145, 2.019390, 1.948677])
    b, pred, lo, hi = fc.trend_check(C, L, 1.7, 1e22, 2.0)
    assert b == pytest.approx(-0.1026, abs=5e-5) and pred == pytest.approx(1.8966, abs=5e-5)
    assert (lo, hi) == pytest.approx((1.8887, 1.9047), abs=5e-5)
    assert lo <= 1.90 <= hi and not lo <= 1.95 <= hi
    # k = 0 collapses the band onto the prediction
    assert fc.trend_check(C, L, 1.7, 1e22, 0.0)[2] == pytest.approx(pred, rel=1e-14)


def test_calibration_questions_are_resolved_from_the_data():
    q = fc.calibration_questions()
    assert len(q["text"]) == 10 and q["outcome"].sum() == 6
    assert ((q["model"] > 0) & (q["model"] < 1)).all()
    assert fc.tempered(q["z"], q["df"], 0.0).tolist() == [0.5] * 10
    np.testing.assert_allclose(fc.tempered(q["z"], q["df"], 1.0), q["model"], rtol=1e-12)
    years, minutes, names = fc.sota_years(2023.0)
    i = list(names).index("Claude Opus 4.6")
    assert q["outcome"][-1] == float(minutes[i] > 1.5 * minutes[i - 1])


# ---------------------------------------------------------------- the grader on the shown examples
def test_references_pass_and_mistakes_fail():
    for e in ex.grader.exercises.values():
        assert grade(e, e.reference).passed, e.id
        assert len(e.mistakes) >= 2
        for m in e.mistakes:
            v = grade(e, m.variant)
            assert not v.passed and m.hint in v.hint, (e.id, m.name)


# ---------------------------------------------------------------- widgets
def test_card_view_boundaries():
    v = fc.card_view(2025.0, 2025.25, 0.5, 167.0)  # fewer than three models in the window: widened to three
    assert v["fit"]["n"] == 3 and np.isfinite(v["line"]).all()
    v = fc.card_view(2023.0, 2026.5, 0.95, 40.0)  # every model in the fit: no backtest
    assert len(v["z"]) == 0 and "no later models" in fc._card_title(v, 0.95, 40.0)


@pytest.mark.parametrize("live", LIVE, ids=lambda f: f.__name__)
def test_live_widgets_at_every_extreme(live):
    box = live()
    sweep_extremes(box)
    assert_finite(figure_of(box))


@pytest.mark.parametrize("static", STATIC, ids=lambda f: f.__name__)
def test_static_twins(static):
    fig = static()
    assert fig.layout.meta["alt"] and fig.layout.sliders
    for menu in fig.layout.updatemenus or ():
        assert menu.name
    steps = fig.layout.sliders[0].steps
    assert 4 <= len(steps) <= 12
    assert len({str(s.args[0]) for s in steps}) == len(steps), "every step changes the figure"
    assert len(fig.to_json()) < 150_000
