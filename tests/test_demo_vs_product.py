"""demo-vs-product: the reference values of issue 34 (computed, not copied), model identities, live widgets at
every control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import demo_vs_product as dvp
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_static_twin, assert_finite, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402


# ---------------------------------------------------------------- reference values
def test_demo_table_and_poisson_gap():
    assert [round(float(dvp.p_flawless(r, 10)), 6) for r in (1e-2, 1e-3, 1e-4)] == [0.904382, 0.990045, 0.999000]
    assert math.exp(-1e-3 * 10) == pytest.approx(0.990050, abs=5e-7)  # the Poisson shortcut the hint names
    for r, m in [(1e-2, 10), (1e-3, 10), (3e-5, 4e4)]:  # relative gap e^(-rm)/(1-r)^m - 1 ≈ m r²/2
        gap = math.exp(-r * m) / dvp.p_flawless(r, m) - 1
        assert gap == pytest.approx(m * r * r / 2, rel=0.01)


def test_p_flawless_edges_and_precision():
    assert dvp.p_flawless(0.0, 1e9) == 1.0 and dvp.p_flawless(0.7, 0) == 1.0
    assert dvp.p_flawless(0.3, 1) == pytest.approx(0.7, rel=1e-15)
    assert dvp.p_flawless(1e-17, 1e9) == pytest.approx(1 - 1e-8, rel=1e-15)  # (1-r)**m would give exactly 1.0
    np.testing.assert_allclose(dvp.p_flawless(np.array([1e-2, 1e-3]), 10), (1 - np.array([1e-2, 1e-3])) ** 10,
                               rtol=1e-13)


def test_validation_bound_exact_vs_rule_of_three():
    assert dvp.validation_miles(1e-2) == pytest.approx(298.0728522, rel=1e-9)
    assert round(float(dvp.validation_miles(1e-2)), 2) == 298.07
    assert float(f"{float(dvp.validation_miles(1e-7)):.5e}") == 2.99573e7
    assert math.log(20) == pytest.approx(2.995732, abs=1e-6)
    for r in (1e-1, 1e-3, 1e-6):  # exact < first order ln20/r < 3/r; by definition (1-r)^n = 0.05
        n = float(dvp.validation_miles(r))
        assert n < float(dvp.rule_of_three_miles(r)) < 3 / r
        assert (1 - r) ** n == pytest.approx(0.05, rel=1e-9)
    # tiny rates: log1p keeps the digits (1 - 1e-17 == 1.0 in floating point)
    assert dvp.validation_miles(1e-17) == pytest.approx(math.log(20) * 1e17, rel=1e-12)
    assert dvp.validation_miles(0.3, 0.5) == pytest.approx(math.log(0.5) / math.log(0.7), rel=1e-14)


def test_kalra_paddock_275_million_miles():
    """RAND (Kalra & Paddock 2016): ~275 million failure-free miles for 1.09 fatalities per 1e8 miles at 95 %."""
    n = float(dvp.validation_miles(1.09e-8))
    assert 2.74e8 < n < 2.76e8
    assert n / (100 * 24 * 365 * 25) == pytest.approx(12.5, abs=0.1)


def test_fleet_day_vs_demo():
    lam, none = dvp.fleet_incidents(1e-5, 2e6)
    assert lam == pytest.approx(20.0, rel=1e-12) and float(f"{none:.3g}") == 2.06e-9
    gap = math.exp(-20) / none - 1  # the Poisson shortcut differs by about m r²/2 = 1e-4
    assert gap == pytest.approx(1e-4, rel=0.01)
    lam, demo = dvp.fleet_incidents(1e-5, 30)
    assert lam == pytest.approx(3e-4) and round(float(demo), 5) == 0.99970


def test_tutor_values():
    assert [round(float(dvp.p_conversation(p, 50)), 6) for p in (0.98, 0.99, 0.999)] == [0.364170, 0.605006, 0.951206]
    need = float(dvp.turn_reliability_needed(0.95, 50))
    assert round(need, 6) == 0.998975 and dvp.p_conversation(need, 50) == pytest.approx(0.95, rel=1e-14)
    assert dvp.p_conversation(0.5, 0) == 1.0 and dvp.turn_reliability_needed(0.42, 1) == pytest.approx(0.42)


def test_break_even_fleet():
    assert dvp.break_even_fleet(2e9, 400, 5e8, 10_400) == 150_000  # exactly a whole number: a tie there
    assert dvp.break_even_fleet(5e8, 10_400, 2e9, 400) == 150_000  # symmetric in the two strategies
    assert dvp.break_even_fleet(1.2e9, 500, 3e8, 7_500) == 128_572  # 128,571.43 rounded up
    assert dvp.break_even_fleet(5e8, 400, 2e9, 10_400) == math.inf  # A cheaper everywhere
    assert dvp.break_even_fleet(1e9, 700, 4e8, 700) == math.inf  # parallel
    assert dvp.break_even_fleet(7e8, 300, 7e8, 9_000) == 0  # tie at zero cars
    F_a, c_a, F_b, c_b = 2e9, 400, 5e8, 10_400
    n = dvp.break_even_fleet(F_a, c_a, F_b, c_b)
    assert F_a + c_a * n == F_b + c_b * n and F_a + c_a * (n - 1) > F_b + c_b * (n - 1)


def test_diffusion_years():
    assert dvp.diffusion_years(0.5, 0.01, 0.5) == pytest.approx(math.log(99) / 0.5, rel=1e-14)
    assert round(float(dvp.diffusion_years(0.5, 0.01, 0.5)), 3) == 9.190
    assert round(float(dvp.diffusion_years(0.5, 0.01, 0.99)), 2) == 18.38
    assert dvp.diffusion_years(0.8, 0.3, 0.3) == 0 and dvp.diffusion_years(0.8, 0.9, 0.1) < 0
    # consistent with the exponential chapter's logistic (imported, one source of truth)
    from widgets.exponential_trends import logistic
    t1 = 3.0 + dvp.diffusion_years(0.7, 0.5, 0.2)
    assert logistic(t1, 1.0, 0.7, 3.0) == pytest.approx(0.2, rel=1e-12)


def test_ladder_rows():
    d = dvp.ladder(6, 0.95)
    assert d["labels"] == ["90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"]
    np.testing.assert_allclose(d["first_order"] * d["r"], math.log(20), rtol=1e-12)
    assert np.all(np.diff(np.log10(d["exact"])) > 0.95)  # about ten times the miles per nine


# ---------------------------------------------------------------- widgets
LIVE = [dvp.demo_live, dvp.ladder_live, dvp.tutor_live]
STATIC = [dvp.demo_static, dvp.ladder_static, dvp.tutor_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_demo_moves_markers_and_title():
    box = dvp.demo_live()
    fig = figure_of(box)
    controls = {c.description: c for c in latency.controls(box)}
    controls["r (failures per mile)"].value = 1e-3
    controls["demo length (miles)"].value = 10
    assert float(fig.data[1].y[0]) == pytest.approx(float(dvp.p_flawless(1e-3, 10)))
    assert "0.990" in fig.data[1].text[0] and "r = 0.001 " in fig.layout.title.text
    controls["fleet miles per day"].value = 2e6
    assert float(fig.data[3].y[0]) == pytest.approx(2000.0)
    for c in controls.values():  # every extreme at once
        c.value = c.options[-1][1] if hasattr(c, "options") else c.max
    assert_finite(fig)


def test_live_ladder_changes_rows():
    box = dvp.ladder_live()
    fig = figure_of(box)
    nines = next(c for c in latency.controls(box) if c.description == "number of nines")
    nines.value = 9
    assert len(fig.data[0].y) == 9 and fig.layout.yaxis.range[1] >= np.log10(fig.data[0].y[-1])
    conf = next(c for c in latency.controls(box) if c.description == "confidence c")
    conf.value = 0.99
    assert "−ln(1 − c)" in fig.data[1].name


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    fig = make()
    assert_static_twin(fig, max_steps=13, max_bytes=60_000)


def test_static_demo_states_match_the_model():
    fig = dvp.demo_static()
    step = fig.layout.sliders[0].steps[dvp.R_GRID.index(1e-3)]
    i30 = dvp.DEMO_MILES.index(30)
    assert step.args[0]["y"][i30][0] == pytest.approx(float(dvp.p_flawless(1e-3, 30)))
    np.testing.assert_allclose(step.args[0]["y"][3], [1e-3 * f for f in dvp.FLEET_MILES])
    menu = fig.layout.updatemenus[0]
    assert menu.name and len(menu.buttons) == len(dvp.DEMO_MILES)
    vis = menu.buttons[i30].args[0]["visible"]
    assert vis[i30] and vis[3 + i30] and sum(vis[:6]) == 2 and all(vis[6:])


@pytest.mark.parametrize("make", STATIC + LIVE + [dvp.diffusion_figure], ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((dvp.demo_vs_product, dvp.nines_ladder, dvp.tutor_reliability), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
NATURAL = {  # what a learner typically writes: plain Python floats, (1 - r)**m, lists for tuples, int from ceil
    "p_flawless": lambda r, m: (1 - r) ** m,
    "validation_miles": lambda r, confidence=0.95: math.log1p(-confidence) / math.log1p(-r),
    "fleet_incidents": lambda r, miles: [r * miles, (1 - r) ** miles],
    "p_conversation": lambda p, k: p ** k,
    "turn_reliability_needed": lambda target, k: target ** (1 / k),
    "break_even_fleet": lambda F_a, c_a, F_b, c_b: (
        math.inf if c_a == c_b or (F_a - F_b) / (c_b - c_a) < 0 else math.ceil((F_a - F_b) / (c_b - c_a))),
    "diffusion_years": lambda g, lo, hi: (math.log(hi / (1 - hi)) - math.log(lo / (1 - lo))) / g,
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    """Tolerances are tight but not unfair: (1 - r)**m instead of log1p passes on every hidden draw."""
    from course.grading import grade
    from exercises.demo_vs_product import grader
    for seed in range(25):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"


def test_naive_log_fails_only_on_tiny_rates_with_its_hint():
    from course.grading import grade
    from exercises.demo_vs_product import grader
    verdict = grade(grader["validation_miles"], lambda r, confidence=0.95: math.log(1 - confidence) / math.log(1 - r))
    assert [res.passed for res in verdict.results] == [True, True, True, False]
    assert "log1p" in verdict.hint
