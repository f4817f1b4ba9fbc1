"""llm-companies: the reference values of issue 41 (computed, not copied), model identities, live widgets at
every control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import llm_companies as llm
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_static_twin, assert_finite, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402

CONF = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
SMALL = [1, 1, 1, 1, 0, 1, 0, 0, 1, 0]
LARGE = [1, 1, 1, 1, 1, 1, 1, 0, 1, 1]


# ---------------------------------------------------------------- reference values (issue 41)
def test_amdahl_values_and_limit():
    assert round(llm.amdahl(0.9, 8), 4) == 4.7059
    assert round(llm.amdahl(0.9, 64), 4) == 8.7671
    assert round(llm.amdahl(0.95, 1000), 3) == 19.627
    assert llm.amdahl(0.9, 10 ** 12) == pytest.approx(10.0, rel=1e-10)  # the limit 1/(1 − p)
    assert llm.amdahl(0.6, 1) == 1.0 and llm.amdahl(1.0, 16) == 16.0 and llm.amdahl(0.0, 99) == 1.0
    from widgets.jobs_abundance import amdahl_speedup
    assert llm.amdahl is amdahl_speedup  # one source of truth: imported, not copied


def test_reduction_depth_in_integers():
    assert [llm.reduction_depth(n, b) for n, b in [(1000, 10), (1024, 2), (125, 5), (1, 7)]] == [3, 10, 3, 0]
    assert math.ceil(math.log(125, 5)) == 4  # the floating-point trap the hint names
    assert llm.reduction_depth(1001, 10) == 4 and llm.reduction_depth(1025, 2) == 11
    for b in range(2, 12):
        for k in range(0, 9):
            assert llm.reduction_depth(b ** k, b) == k and llm.reduction_depth(b ** k + 1, b) == k + 1


def test_org_speedup_reduces_to_amdahl_and_peaks_at_a_full_tree():
    assert llm.org_speedup(0.9, 64, 4, 0.0) == pytest.approx(llm.amdahl(0.9, 64), rel=1e-15)
    v = llm.org_view(0.95, 10, 0.002)
    assert v["best_n"] == 1000 and v["best"] == pytest.approx(v["org"].max(), rel=1e-12)
    assert 1000 in v["n"] and v["org"][-1] < v["best"]  # more workers past the best size: slower
    assert llm.org_view(0.95, 2, 0.002)["best_n"] == 256


def test_cascade_example():
    assert llm.cascade(CONF, SMALL, LARGE, 0.6, 1, 10) == pytest.approx((0.8, 5.0))
    assert llm.cascade(CONF, SMALL, LARGE, 0.0, 1, 10) == pytest.approx((0.6, 1.0))  # always small
    assert llm.cascade(CONF, SMALL, LARGE, 1.0, 1, 10) == pytest.approx((0.9, 11.0))  # everything escalated
    # strict rule: τ = 0.8 escalates the items below 0.8, not the one at 0.8
    assert llm.cascade(CONF, SMALL, LARGE, 0.8, 1, 10) == pytest.approx((0.9, 7.0))


def test_best_tau_issue_values():
    assert llm.best_tau(CONF, SMALL, LARGE, 1, 10, budget=5) == pytest.approx((0.6, 0.8, 5.0))
    assert llm.best_tau(CONF, SMALL, LARGE, 1, 10, lam=0.01) == pytest.approx((0.8, 0.9, 7.0))
    assert llm.best_tau(CONF, SMALL, LARGE, 1, 10, lam=0.05) == pytest.approx((0.3, 0.7, 2.0))
    assert llm.best_tau(CONF, SMALL, LARGE, 1, 10, budget=4.999) == pytest.approx((0.3, 0.7, 2.0))  # τ=0.3 first
    from exercises.llm_companies import _tie_bench
    conf, s, L = _tie_bench()  # every escalation gains one right answer at exactly λ·c_L: a tie, the lowest τ wins
    assert llm.best_tau(conf, s, L, 1.0, 8.0, lam=1 / 8)[0] == 0.2


def test_cascade_curve_matches_cascade():
    d = llm.cascade_data(200, seed=3)
    curve = llm.cascade_curve(d["conf"], d["small_ok"], d["large_ok"], 1.0, 10.0)
    for k in (0, 17, 99, len(curve["tau"]) - 1):
        acc, cost = llm.cascade(d["conf"], d["small_ok"], d["large_ok"], curve["tau"][k], 1.0, 10.0)
        assert curve["accuracy"][k] == acc and curve["cost"][k] == cost
    lam = 0.02
    k = int(np.argmax(curve["accuracy"] - lam * curve["cost"]))
    best = llm.best_tau(d["conf"], d["small_ok"], d["large_ok"], 1.0, 10.0, lam=lam)
    assert best == (curve["tau"][k], curve["accuracy"][k], curve["cost"][k])


def test_cascade_data_is_calibrated_and_large_is_better():
    d = llm.cascade_data(20_000, seed=1)
    hi = d["conf"] > 0.8
    assert d["small_ok"][hi].mean() == pytest.approx(d["conf"][hi].mean(), abs=0.01)
    assert d["large_ok"].mean() > d["small_ok"].mean() + 0.15


def test_fallback_issue_values():
    assert llm.availability(0.995, 0.99) == pytest.approx(0.99995, rel=1e-12)
    assert llm.downtime_minutes(0.995) == pytest.approx(2628.0, rel=1e-12)
    A, down, q = llm.fallback(0.995, 0.99, 0.9, 0.8)
    assert round(down, 2) == 26.28 and round(q, 5) == 0.89946 and A == pytest.approx(0.99995)
    assert llm.fallback(0.98, 0.0, 0.9, 0.8) == pytest.approx((0.98, 0.02 * 525_600, 0.98 * 0.9))
    assert llm.MINUTES_PER_YEAR == 525_600


def test_minutes_for():
    assert llm.minutes_for(1000, 40) == 25.0 and round(llm.minutes_for(1000, 150), 3) == 6.667
    assert llm.bits_per_second(60, 10) == 10.0


# ---------------------------------------------------------------- widgets
LIVE = [llm.router_live, llm.org_live, llm.fallback_live]
STATIC = [llm.router_static, llm.org_static, llm.fallback_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def _controls(box):
    return {c.description: c for c in latency.controls(box)}


def test_live_router_moves_marker_and_optimum():
    box = llm.router_live()
    fig, c = figure_of(box), _controls(box)
    d = llm.cascade_data()
    c["τ (escalate below)"].value = 0.5
    acc, cost = llm.cascade(d["conf"], d["small_ok"], d["large_ok"], 0.5, llm.C_S, llm.C_L)
    assert (fig.data[4].x[0], fig.data[4].y[0]) == pytest.approx((cost, acc)) and "τ = 0.50" in fig.layout.title.text
    c["λ (accuracy per cost unit)"].value = 0.1
    best = llm.best_tau(d["conf"], d["small_ok"], d["large_ok"], llm.C_S, llm.C_L, lam=0.1)
    assert (fig.data[3].x[0], fig.data[3].y[0]) == pytest.approx((best[2], best[1]))


def test_live_org_moves_marker_and_depth():
    box = llm.org_live()
    fig, c = figure_of(box), _controls(box)
    c["b (reports per manager)"].value = 10
    c["n (workers)"].value = 1000
    c["p (parallel share)"].value = 0.9
    assert fig.data[5].y[0] == 3 and "3 levels of reports" in fig.layout.title.text
    assert fig.data[3].y[0] == pytest.approx(llm.org_speedup(0.9, 1000, 10, 0.002))
    c["n (workers)"].value = 1024
    assert fig.data[5].y[0] == 4


def test_live_fallback_bars():
    box = llm.fallback_live()
    fig, c = figure_of(box), _controls(box)
    c["a_c (closed availability)"].value = 0.995
    c["a_o (open availability)"].value = 0.99
    assert fig.data[0].y[2] == pytest.approx(26.28, rel=1e-6) and fig.data[1].text[2] == "0.89946"


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_steps=12, max_bytes=60_000)


def test_static_states_match_the_model():
    fig = llm.router_static()
    d = llm.cascade_data()
    step = fig.layout.sliders[0].steps[llm.TAU_GRID.index(0.6)]
    acc, cost = llm.cascade(d["conf"], d["small_ok"], d["large_ok"], 0.6, llm.C_S, llm.C_L)
    assert step.args[0]["x"][0][0] == pytest.approx(cost) and step.args[0]["y"][0][0] == pytest.approx(acc)
    menu = fig.layout.updatemenus[0]
    assert menu.name and len(menu.buttons) == len(llm.LAMBDAS)
    fig = llm.org_static()
    step = fig.layout.sliders[0].steps[llm.P_GRID.index(0.9)]
    assert step.args[0]["y"][1][0] == pytest.approx(10.0)  # the ceiling 1/(1 − p)
    assert step.args[0]["x"][5][0] == 1000  # b = 10: the best size is a full tree
    fig = llm.fallback_static()
    step = fig.layout.sliders[0].steps[llm.A_GRID.index(0.995)]
    assert step.args[0]["y"][0][2] == pytest.approx(26.28, rel=1e-3) and step.args[0]["text"][1][2] == "0.89946"


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((llm.cascade_router, llm.org_chart, llm.fallback_router), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _natural_cascade(conf, small_ok, large_ok, tau, c_s, c_L):
    n = len(conf)
    esc = [c < tau for c in conf]
    right = sum(l if e else s for e, s, l in zip(esc, small_ok, large_ok))
    return right / n, c_s + sum(esc) / n * c_L


def _natural_best(conf, small_ok, large_ok, c_s, c_L, budget=math.inf, lam=0.0):
    options = []
    for tau in sorted(set(conf)):
        acc, cost = _natural_cascade(conf, small_ok, large_ok, tau, c_s, c_L)
        if cost <= budget:
            options.append((acc - lam * cost, -cost, tau, acc, cost))
    score, _, tau, acc, cost = max(options, key=lambda o: (o[0], o[1]))  # ties: the cheaper
    return tau, acc, cost


def _natural_depth(n, b):
    d = 0
    while b ** d < n:
        d += 1
    return d


NATURAL = {  # what a learner typically writes: plain Python, lists, sums
    "amdahl": lambda p, n: 1 / ((1 - p) + p / n),
    "reduction_depth": _natural_depth,
    "cascade": _natural_cascade,
    "best_tau": _natural_best,
    "fallback": lambda a_c, a_o, q_c, q_o: ((1 - (1 - a_c) * (1 - a_o)), (1 - a_c) * (1 - a_o) * 365 * 24 * 60,
                                            a_c * q_c + (1 - a_c) * a_o * q_o),
    "minutes_for": lambda words, wpm: words / wpm,
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    from course.grading import grade
    from exercises.llm_companies import grader
    for seed in range(20):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"


def test_float_log_depth_fails_with_its_hint():
    from course.grading import grade
    from exercises.llm_companies import grader
    verdict = grade(grader["reduction_depth"], lambda n, b: math.ceil(math.log(n, b)))
    assert not verdict.passed and "3.0000000000000004" in verdict.hint
