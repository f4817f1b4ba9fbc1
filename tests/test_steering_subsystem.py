"""steering-subsystem: the issue's reference values, model properties and boundaries, live widgets at every
control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import numpy as np
import pytest

from widgets import loss_functions as lf
from widgets import steering_subsystem as m
from widget_checks import assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes


# ---------------------------------------------------------------- reference values (issue 16)
def test_rescorla_wagner_blocking_and_sharing():
    V = m.rescorla_wagner(*m.design("A", "AB"), 0.2)
    np.testing.assert_allclose(V, [0.99424, 0.00576], atol=5e-6)
    np.testing.assert_allclose(V[0], 1 - 0.8 ** 20 + V[1], rtol=1e-12)  # phase 2 adds the same to both
    np.testing.assert_allclose(V[1], 0.2 * 0.8 ** 20 * (1 - 0.6 ** 20) / 0.4, rtol=1e-12)  # closed form
    V = m.rescorla_wagner(*m.design("", "AB"), 0.2)
    np.testing.assert_allclose(V, [0.49998, 0.49998], atol=5e-6)
    np.testing.assert_allclose(V, 0.5 * (1 - 0.6 ** 20), rtol=1e-12)
    X = np.array([[1.0, 0.0], [0.0, 0.0]])  # an absent cue never moves; a trial with no cue changes nothing
    H = m.rescorla_wagner_history(X, [1.0, 1.0], 0.3)
    assert H[:, 1].tolist() == [0, 0, 0] and H[1, 0] == H[2, 0] == pytest.approx(0.3)
    assert m.rescorla_wagner(np.zeros((0, 3)), np.zeros(0), 0.2).tolist() == [0, 0, 0]


def test_time_shifted_delta_rule_learns_the_word():
    s = m.spider_stream(50)
    assert s["phi"].shape == (500, 3) and s["flinch"].sum() == 50
    w = m.train_assessor(s["phi"], s["flinch"], 2, 0.1)
    np.testing.assert_allclose(w, [-0.00618, 0.99126, 0.00137], atol=5e-6)
    assert m.probe_responses(w)[1] == pytest.approx(0.99263, abs=5e-6)
    assert m.probe_responses(w)[1] == pytest.approx(w[1] + w[2], rel=1e-12)
    assert len(m.delta_rule_history(s["phi"], s["flinch"], 2, 0.1)) == 499  # t = 0 … 497: 498 updates


def test_zero_lead_learns_the_skitter_instead():
    s = m.spider_stream(50)
    probes = m.probe_responses(m.train_assessor(s["phi"], s["flinch"], 0, 0.1))
    assert probes[1] == pytest.approx(-0.00256, abs=5e-6) and probes[0] == pytest.approx(0.99223, abs=5e-6)


def test_delta_rule_boundaries():
    phi, y = np.eye(3), np.array([0.0, 1.0, 0.0])
    assert m.train_assessor(phi, y, 3, 0.5).tolist() == [0, 0, 0]  # Δ ≥ T: no update
    assert m.train_assessor(phi, y, 1, 1.0).tolist() == [1, 0, 0]  # η = 1 copies the target in one step
    s = m.spider_stream(40, q=0.5, seed=3)
    assert 0 < s["word_trials"].sum() < 40 and s["phi"][:, 1].sum() == s["word_trials"].sum()


def test_composite_reward():
    R = m.composite_reward([0.0, -1.0], [-1.0, 0.5], [[0.8, 0.2], [0.1, 0.0]])
    np.testing.assert_allclose(R, [-0.7, -1.1], rtol=1e-12)


def test_social_gridworld_values_threshold_and_ties():
    g = m.GRID
    V = m.grid_values(3, 5, g["goal"], g["occupied"], 0.9, 0.0)
    assert V[0, 0] == pytest.approx(0.9 ** 3, rel=1e-12) and V[0, 4] == 0
    c_star = m.detour_threshold(0.9, 4, 8, 2)
    assert c_star == pytest.approx(0.81 - 0.9 ** 6, rel=1e-12) and round(c_star, 5) == 0.27856
    assert m.grid_values(3, 5, g["goal"], g["occupied"], 0.9, 0.5)[0, 0] == pytest.approx(0.9 ** 7, rel=1e-12)
    assert round(0.9 ** 7, 5) == 0.4783
    sets = {}
    for label, c in (("below", c_star - 1e-6), ("at", c_star), ("above", c_star + 1e-6)):
        mdp = m.grid_mdp(3, 5, g["goal"], g["occupied"], c)
        Q = lf.value_iteration(mdp["next_state"], mdp["reward"], mdp["terminal"], 0.9)
        sets[label] = m.greedy_sets(Q)[1]  # state (0, 1): right (through the person) or down (the detour)
    assert sets["below"].tolist() == [True, False, False, False]
    assert sets["at"].tolist() == [True, True, False, False]  # a tie: both routes are optimal
    assert sets["above"].tolist() == [False, True, False, False]


def test_description_length_and_minimal_drives():
    assert m.description_length(20, 60, 50, 16, 30, 1) == (2000, 2 ** 30)
    calm = m.minimal_drives(1.0, 0.0, 0.0)
    assert calm["harm"] == 12 and calm["steps"].tolist() == [4] * 12  # the straight path enters (0, 2) once an episode
    polite = m.minimal_drives(1.0, 0.0, 0.29)
    assert polite["harm"] == 0 and polite["steps"].tolist() == [8] * 12
    curious = m.minimal_drives(1.0, 0.1, 0.0)
    assert (curious["counts"] > 0).sum() > (calm["counts"] > 0).sum()  # curiosity spreads the visits


# ---------------------------------------------------------------- widgets
LIVE = [m.spider_live, m.blocking_live, m.drives_live]
STATIC = [m.spider_static, m.blocking_static, m.drives_static]


@pytest.mark.parametrize("make", LIVE)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_controls_move_the_figures():
    box = m.spider_live()
    fig = figure_of(box)
    before = list(fig.data[1].y)
    box.children[0].children[1].children[0].value = 0  # Δ = 0: the word weight stays near 0
    assert list(fig.data[1].y) != before and abs(fig.data[1].y[-1]) < 0.05
    box = m.blocking_live()
    fig = figure_of(box)
    box.children[0].children[0].children[0].value = ""  # no pretraining: A and B share
    assert fig.data[0].y[-1] == pytest.approx(fig.data[1].y[-1])
    box = m.drives_live()
    fig = figure_of(box)
    before = [list(r) for r in fig.data[0].z]
    box.children[0].children[2].value = 0.5
    assert [list(r) for r in fig.data[0].z] != before


@pytest.mark.parametrize("make", STATIC)
def test_static_twins(make):
    fig = make()
    assert_static_twin(fig)
    assert_finite(fig)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((m.spider_on_your_back, m.blocking_lab, m.minimal_drives_grid), monkeypatch)
