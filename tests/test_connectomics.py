"""connectomics: the issue's reference values (recomputed), boundary cases of the models, the NHGRI month
windows (reusing exponential_trends), live widgets at every control extreme, and the static twins
(the grader in both directions: tests/test_all_exercises.py; its mutants: tests/test_mutation.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from widgets import connectomics as cx
from widgets import exponential_trends as et
from widget_checks import assert_book_gets_static_twin, assert_finite, sweep_extremes


# ---------------------------------------------------------------- the reference values
def test_cost_plan_reference_values():
    halving = et.fold_change_rates(1e6, 10.0)[2]
    assert halving == pytest.approx(0.5017166594399687, rel=1e-12)
    fold, human, years = cx.cost_plan(3e9, 20e6, 1000, halving)
    assert fold == pytest.approx(150.0, rel=1e-12) and human == pytest.approx(2e10, rel=1e-12)
    assert years == pytest.approx(halving * math.log2(150), rel=1e-12) and round(years, 2) == 3.63
    assert cx.cost_plan(3e9, 10e6, 1000, halving)[1] == pytest.approx(1e10)
    assert cx.cost_plan(3e9, 30e6, 1000, halving)[1] == pytest.approx(3e10)


def test_cost_plan_boundaries():
    assert cx.cost_plan(5e7, 5e7, 7.0, 0.8) == (1.0, 3.5e8, 0.0)  # no fall: zero years
    fold, _, years = cx.cost_plan(2e7, 8e7, 3.0, 1.5)  # a rise: fold 1/4, two halvings back
    assert fold == 0.25 and years == pytest.approx(-3.0, rel=1e-12)


def test_voxels_reference_values():
    voxels, nbytes = cx.voxels_and_bytes(500, (4, 4, 40), 1)
    assert voxels == pytest.approx(7.8125e17, rel=1e-12) and nbytes / 1e18 == pytest.approx(0.78125)
    assert cx.voxels_and_bytes(1.0, (10, 10, 10), 2.0) == pytest.approx((1e15, 2e15), rel=1e-12)
    assert cx.voxels_and_bytes(1e-12, (7, 7, 30), 1.0)[0] == pytest.approx(1e6 / 1470, rel=1e-12)  # fractional


def test_reciprocity_reference_and_boundaries():
    A = np.array([[0, 1, 1, 0], [1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 0]])
    assert cx.reciprocity(A) == pytest.approx((4 / 7, 7 / 12), rel=1e-12)
    loops = A.copy()
    np.fill_diagonal(loops, 1)
    assert cx.reciprocity(loops) == cx.reciprocity(A)  # self-loops ignored
    assert cx.reciprocity(np.zeros((4, 4))) == (0.0, 0.0)  # empty graph: defined as 0, 0
    assert cx.reciprocity(np.array([[1]])) == (0.0, 0.0)  # one neuron
    assert cx.reciprocity(np.ones((3, 3))) == (1.0, 1.0)
    assert cx.reciprocity(2.5 * A) == cx.reciprocity(A)  # weights: any nonzero entry is one edge


def test_alignment_reference_and_boundaries():
    cos, deg = cx.alignment(np.eye(2), np.array([[1.0, 0.0], [1.0, 1.0]]))
    assert cos == pytest.approx(2 / math.sqrt(6), rel=1e-12) and deg == pytest.approx(35.26438968, rel=1e-9)
    W = np.array([[1.0, 2.0], [0.0, -1.0]])
    assert cx.alignment(W.T, W) == pytest.approx((1.0, 0.0), abs=1e-6)
    assert cx.alignment(-W.T, W) == pytest.approx((-1.0, 180.0), abs=1e-6)
    assert cx.alignment(np.zeros((2, 2)), W) == (0.0, 90.0)  # defined for a zero matrix
    B = np.array([[2.0, 1.0], [0.0, 3.0]])  # away from the identity: B vs W and B vs Wᵀ differ
    assert cx.alignment(B, W)[0] != pytest.approx(cx.alignment(B, W.T)[0])


# ---------------------------------------------------------------- the NHGRI table, in months
def test_best_120_month_window_per_genome_and_per_mb():
    d = cx.load_nhgri_months()
    assert len(d["year_month"]) == len(d["genome"]) == 78
    fold, start, end = cx.best_window_drop(d["year_month"], d["genome"], 120)
    assert (start, end) == ("2005-07", "2015-07") and round(fold) == 11869
    i, j = d["year_month"].index("2005-07"), d["year_month"].index("2015-07")
    assert d["genome"][i] == pytest.approx(16.18e6, rel=1e-3) and d["genome"][j] == pytest.approx(1363, rel=1e-3)
    fold_mb, s_mb, e_mb = cx.best_window_drop(d["year_month"], d["mb"], 120)
    assert (s_mb, e_mb) == ("2005-07", "2015-07") and round(fold_mb) == 59345
    assert 3e9 / d["genome"][j] == pytest.approx(2.2e6, rel=0.01)  # only from the quoted $3B


def test_window_is_in_months_inclusive_and_exact():
    labels, cost = ["2001-01", "2001-07", "2002-01", "2002-03"], np.array([100.0, 60.0, 4.0, 3.0])
    assert cx.best_window_drop(labels, cost, 12) == (25.0, "2001-01", "2002-01")  # exactly 12 months counts
    assert cx.best_window_drop(labels, cost, 14)[0] == pytest.approx(100 / 3)
    assert cx.best_window_drop(labels, cost, 11) == (20.0, "2001-07", "2002-03")
    tie = cx.best_window_drop(["2000-01", "2000-02", "2000-03", "2000-04"], np.array([8.0, 2.0, 4.0, 1.0]), 1)
    assert tie == (4.0, "2000-01", "2000-02")  # ties: earliest start
    # decimal years of leap-year months drift by a day: whole months do not (2006-07 -> 2016-07 is 120 months)
    assert cx.month_index(["2016-07"])[0] - cx.month_index(["2006-07"])[0] == 120


# ---------------------------------------------------------------- programme
def test_programme_sums_and_band():
    p = cx.programme(steering_fraction=0.01, k_mammals=3, mammal_mm3=5000.0, usd_per_mm3=4e4)
    assert p["volume"].tolist() == [500.0, 12000.0, 15000.0]
    assert p["total_cost"] == pytest.approx(1.1e9) and p["total_bytes"] == pytest.approx(27500 * 1e18 / 640)
    assert cx.programme(k_mammals=0)["volume"][2] == 0.0


# ---------------------------------------------------------------- widgets
LIVE = [cx.cost_curve_live, cx.programme_live]
STATIC = [cx.cost_curve_static, cx.programme_static]


@pytest.mark.parametrize("make", LIVE)
def test_live_widget_finite_at_every_extreme(make):
    sweep_extremes(make())


@pytest.mark.parametrize("make", STATIC)
def test_static_twin_slider_alt_and_size(make):
    fig = make()
    assert fig.layout.meta["alt"] and fig.layout.sliders and len(fig.layout.sliders[0].steps) <= 12
    assert_finite(fig)
    titles = {s.args[1]["title.text"] for s in fig.layout.sliders[0].steps}
    assert len(titles) == len(fig.layout.sliders[0].steps)  # every step changes the figure
    assert len(fig.to_json()) < 60_000


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((cx.cost_curve_explorer, cx.programme_planner), monkeypatch)
