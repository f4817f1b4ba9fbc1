"""jobs-abundance: the reference values of issue 33 (computed, not copied), model identities, live widgets at
every control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import jobs_abundance as ja
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_static_twin, assert_finite, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402

CLAUDE, HUMAN = (8, 4), (1, 2)
Y = np.array([10.0, 20.0, 30.0, 40.0, 100.0])


# ---------------------------------------------------------------- reference values (issue 33)
def test_ricardo_human_vs_claude():
    assert ja.opportunity_cost(CLAUDE) == 0.5 and ja.opportunity_cost(HUMAN) == 2.0
    assert ja.specialise(CLAUDE, HUMAN) == "a" and ja.specialise(HUMAN, CLAUDE) == "b"
    assert ja.output(CLAUDE, HUMAN, 4, 4) == (36, 24)  # even split
    assert ja.output(CLAUDE, HUMAN, 6, 0) == (48, 24)  # human all research, Claude 2 h research
    assert ja.max_front_end(CLAUDE, HUMAN, 24) == 48 and ja.max_front_end(CLAUDE, HUMAN, 8) == 68
    assert ja.max_front_end(CLAUDE, HUMAN, 0) == 72 and ja.max_front_end(CLAUDE, HUMAN, 48) == 0


def test_absolute_advantage_does_not_decide():
    # Claude faster at both, but relatively better at research above 16 research units an hour
    assert ja.specialise((8, 20), HUMAN) == "b"
    assert ja.specialise((8, 16), HUMAN) == "neither"  # equal opportunity costs: the joint frontier is straight
    r, f = ja.joint_frontier((8, 16), HUMAN)
    even = ja.output((8, 16), HUMAN, 4, 4)
    assert ja.max_front_end((8, 16), HUMAN, even[1]) == pytest.approx(even[0])
    assert np.allclose(np.diff(f) / np.diff(r), -0.5)


def test_joint_frontier_dominates_every_split():
    rng = np.random.default_rng(0)
    for _ in range(200):
        a, b = tuple(rng.integers(1, 20, 2).astype(float)), tuple(rng.integers(1, 20, 2).astype(float))
        ha, hb = rng.uniform(0, 8, 2)
        front, research = ja.output(a, b, ha, hb)
        assert ja.max_front_end(a, b, research) >= front - 1e-9


def test_task_continuum_values():
    i, cost, per = ja.task_economy(0.1)
    assert (round(i, 5), round(cost, 5), round(per, 5)) == (0.57565, 0.64935, 1.53999)
    assert i == pytest.approx(math.log(10) / 4, rel=1e-15)
    i, cost, per = ja.task_economy(0.5)
    assert (round(i, 5), round(per, 5)) == (0.17329, 1.05074)
    assert ja.task_economy(1.0) == (0.0, 1.0, 1.0)  # AI exactly as dear on task 0: nothing automated
    assert ja.task_economy(2.0, 4.0, 1.5) == (0.0, 1.5, 1 / 1.5)
    i, cost, _ = ja.task_economy(0.001, 2.0, 0.5)  # cheaper everywhere
    assert i == 1.0 and cost == pytest.approx(0.001 * math.expm1(2.0) / 2.0, rel=1e-14)
    # the integral, checked by quadrature
    x = np.linspace(0, ja.task_cutoff(0.1), 200_001)
    quad = np.trapezoid(0.1 * np.exp(4 * x), x) + 1 - x[-1]
    assert ja.task_economy(0.1)[1] == pytest.approx(quad, rel=1e-9)


def test_gini_values():
    assert ja.gini([1, 1, 1, 1]) == 0 and ja.gini([0, 0, 0, 1]) == 0.75 and ja.gini([1, 2, 3, 4]) == 0.25
    assert ja.gini(Y) == pytest.approx(0.40, abs=1e-15)
    assert ja.gini(np.maximum(Y, 25)) == pytest.approx(0.30, abs=1e-15)
    s = np.array([0, 0.25, 0.5, 0.75, 1])
    assert round(ja.gini(Y * (1 + s)), 5) == 0.48571 and ja.gini(Y * (1 + s)) == pytest.approx(17 / 35)
    assert ja.gini(ja.tax_rebate(Y, 0.3)) == pytest.approx(0.28, abs=1e-15)
    np.testing.assert_allclose(ja.ai_incomes(Y, 0.0, 1.0), Y * (1 + s))
    np.testing.assert_allclose(ja.ai_incomes(Y[::-1], 0.0, 1.0), (Y * (1 + s))[::-1])  # ranks, not positions
    assert ja.gini([7.0]) == 0 and ja.gini([0.0, 2.0]) == 0.5


def test_tax_rebate_scales_gini_and_keeps_the_mean():
    y = ja.base_incomes()
    for t in (0.1, 0.3, 0.77):
        z = ja.tax_rebate(y, t)
        assert ja.gini(z) == pytest.approx((1 - t) * ja.gini(y), rel=1e-12)
        assert z.mean() == pytest.approx(y.mean(), rel=1e-14)


def test_lorenz_area_and_base_incomes():
    y = ja.base_incomes()
    assert y.mean() == pytest.approx(1.0) and np.all(np.diff(y) > 0)
    p, L = ja.lorenz(y)
    assert p[0] == L[0] == 0 and p[-1] == 1 and L[-1] == pytest.approx(1, rel=1e-14)
    area = np.trapezoid(p - L, p)  # discrete Lorenz: G = 1 - sum (L_k + L_{k-1})/n
    assert 2 * area == pytest.approx(ja.gini(y), rel=1e-9)
    # lognormal sigma = 0.6: continuous Gini 2*Phi(sigma/sqrt 2) - 1 = 0.3286
    assert ja.gini(y) == pytest.approx(math.erf(0.3), abs=3e-3)


def test_abundance_arithmetic():
    assert round(100 * ja.required_rate(10, 5), 3) == 58.489
    assert round(ja.years_to_grow(0.02, 10), 2) == 116.28 and round(ja.years_to_grow(0.02, 2), 2) == 35.00
    assert (1 + ja.required_rate(10, 5)) ** 5 == pytest.approx(10, rel=1e-14)
    assert ja.years_to_grow(0.3, 1.0) == 0


def test_amdahl_values():
    assert round(ja.amdahl_speedup(0.5, 10), 4) == 1.8182 and round(ja.amdahl_speedup(0.9, 10), 4) == 5.2632
    assert ja.amdahl_speedup(0.5, 1e12) == pytest.approx(2.0, rel=1e-11)  # the ceiling 1/(1 - f)
    assert round(ja.share_needed(10, 100), 6) == 0.909091 and ja.share_needed(10, 100) == pytest.approx(10 / 11)
    assert ja.amdahl_speedup(ja.share_needed(10, 100), 100) == pytest.approx(10, rel=1e-13)
    assert ja.amdahl_speedup(0.0, 50) == 1 and ja.amdahl_speedup(1.0, 50) == 50
    assert ja.share_needed(1.0, 30) == 0 and ja.share_needed(30, 30) == pytest.approx(1.0)


# ---------------------------------------------------------------- widgets
LIVE = [ja.ricardo_live, ja.continuum_live, ja.countries_live, ja.bottleneck_live]
STATIC = [ja.ricardo_static, ja.continuum_static, ja.countries_static, ja.bottleneck_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_ricardo_moves_points_and_title():
    box = ja.ricardo_live()
    fig = figure_of(box)
    controls = {c.description: c for c in latency.controls(box)}
    assert fig.data[4].y[0] == 48 and "Claude makes front-end" in fig.layout.title.text
    controls["Claude research/hour"].value = 20
    assert "the human makes front-end" in fig.layout.title.text
    controls["Claude research/hour"].value = 16
    assert "no gain" in fig.layout.title.text and fig.data[4].y[0] == pytest.approx(fig.data[3].y[0])
    controls["hours each (h)"].value = 16
    assert fig.layout.xaxis.range[1] == pytest.approx(1.05 * (16 + 2) * 16)


def test_live_continuum_and_bottleneck_follow_the_model():
    box = ja.continuum_live()
    fig = figure_of(box)
    a0 = next(c for c in latency.controls(box) if c.description.startswith("AI cost"))
    a0.value = 10 ** -1.0
    assert fig.data[3].x[0] == pytest.approx(ja.task_cutoff(0.1)) and "1.540×" in fig.layout.title.text
    box = ja.bottleneck_live()
    fig = figure_of(box)
    ctr = {c.description: c for c in latency.controls(box)}
    ctr["automated share f"].value = 0.9
    assert fig.data[2].y[0] == pytest.approx(ja.amdahl_speedup(0.9, 10)) and "ceiling 10×" in fig.layout.title.text
    ctr["automated share f"].value = 1.0
    assert "ceiling none" in fig.layout.title.text
    assert_finite(fig)


def test_live_countries_two_taxes():
    box = ja.countries_live()
    fig = figure_of(box)
    ctr = {c.description: c for c in latency.controls(box)}
    ctr["country A tax rate"].value = 0.3
    ctr["country B tax rate"].value = 0.3
    assert list(fig.data[2].y) == list(fig.data[5].y)  # same AI, same tax: same Lorenz curve


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_steps=12, max_bytes=60_000)


def test_static_states_match_the_model():
    fig = ja.ricardo_static()
    step = fig.layout.sliders[0].steps[ja.CLAUDE_RESEARCH.index(20.0)]
    assert "the human makes front-end" in step.args[1]["title.text"]
    assert step.args[1]["xaxis.range"][1] == pytest.approx(1.05 * 22 * 8)
    fig = ja.continuum_static()
    step = fig.layout.sliders[0].steps[ja.A0_GRID.index(0.5)]
    assert step.args[0]["x"][3][0] == pytest.approx(ja.task_cutoff(0.5), rel=1e-3)
    fig = ja.countries_static()
    step = fig.layout.sliders[0].steps[ja.TOP_GRID.index(0.0)]
    v = ja.countries_view(ja.STATIC_FLOOR, 0.0, ja.TAX_A, ja.TAX_B)
    assert f"{v['gini_b']:.3f}" in step.args[1]["title.text"]
    fig = ja.bottleneck_static()
    step = fig.layout.sliders[0].steps[ja.F_GRID.index(0.9)]
    assert step.args[0]["y"][2][0] == pytest.approx(ja.amdahl_speedup(0.9, 10), rel=1e-3)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((ja.human_vs_claude, ja.task_continuum, ja.gini_lorenz, ja.bottleneck), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _front_natural(a, b, research, hours=8.0):
    if a[0] / a[1] > b[0] / b[1]:
        a, b = b, a
    h = min(research / a[1], hours)
    return a[0] * (hours - h) + b[0] * (hours - (research - h * a[1]) / b[1])


def _economy_natural(a0, b=4.0, w=1.0):
    i = min(max(np.log(w / a0) / b, 0), 1)
    cost = a0 * (np.exp(b * i) - 1) / b + w * (1 - i)
    return (i, cost, 1 / cost)


def _gini_sorted(x):
    x = np.sort(x)
    n = len(x)
    return float(2 * np.sum(np.arange(1, n + 1) * x) / (n * x.sum()) - (n + 1) / n)


NATURAL = {  # what a learner typically writes: other formulas that are right, numpy scalars, lists for tuples
    "specialise": lambda a, b: "neither" if a[1] / a[0] == b[1] / b[0] else ("a" if a[1] / a[0] < b[1] / b[0]
                                                                              else "b"),
    "max_front_end": _front_natural,
    "task_economy": _economy_natural,
    "gini": _gini_sorted,
    "required_rate": lambda factor, years: np.exp(np.log(factor) / years) - 1,
    "years_to_grow": lambda rate, factor: np.log(factor) / np.log(1 + rate),
    "amdahl_speedup": lambda f, s: s / (s * (1 - f) + f),
    "share_needed": lambda target, s: (1 - 1 / target) * s / (s - 1),
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    from course.grading import grade
    from exercises.jobs_abundance import grader
    for seed in range(25):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"
