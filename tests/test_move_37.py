"""move-37: the chapter's reference values (issue 28), the closed forms against brute force and against the shared
search widgets/mcts.py, live widgets at every control extreme and the static twins (the grader, both directions:
tests/test_all_exercises.py; its mutants: tests/test_mutation.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from exercises import move_37 as ex
from widgets import move_37 as m37
from widget_checks import assert_book_gets_static_twin, assert_static_twin, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402


# ---------------------------------------------------------------- reference values of the issue
def test_softmax_entropies():
    H = [m37.softmax_entropy(np.array([2.0, 1.0, 0.0, -1.0]), T)[1] for T in (0.5, 1.0, 2.0)]
    assert [round(h, 5) for h in H] == [0.45543, 0.94754, 1.24505]
    p, h = m37.softmax_entropy(np.array([1000.0, 1000.0]), 1.0)  # ties, huge logits
    assert np.allclose(p, 0.5) and h == pytest.approx(math.log(2), rel=1e-12)
    p, h = m37.softmax_entropy(np.array([0.0, -800.0]), 1.0)  # an underflowing probability: 0 ln 0 = 0
    assert p[1] == 0.0 and h == 0.0
    assert m37.softmax_entropy(np.arange(5.0), 1e6)[1] == pytest.approx(math.log(5), rel=1e-6)


def test_generate_verify_values():
    p_any, precision, good, accepted = m37.generate_verify(0.01, 100, 0.9, 0.05)
    assert (round(p_any, 5), round(precision, 5)) == (0.63397, 0.15385)
    assert good == pytest.approx(0.9, rel=1e-12) and accepted == pytest.approx(5.85, rel=1e-12)
    assert m37.generate_verify(0.01, 100, 0.9, 0.0)[1] == 1.0  # FPR = 0: everything accepted is good
    assert m37.generate_verify(0.0, 10, 0.0, 0.0) == (0.0, 0.0, 0.0, 0.0)  # nothing accepted: precision 0.0


def test_first_visit_values_and_limit():
    got = [m37.first_visit(P, g, 1.25) for P, g in ((1e-2, 0.1), (1e-2, 0.55), (1e-4, 0.1), (1e-4, 0.55))]
    assert got == [217, 2130, 659_847, 19_379_993]
    assert [round((g / (1.25 * P)) ** 2) for P, g in ((1e-2, 0.1), (1e-2, 0.55))] == [64, 1936]  # the limit only
    assert m37.first_visit(0.75, 1.25, 2.0) == 2  # an exact tie at N = 1 goes to the favoured move


def test_first_visit_equals_stepping_and_the_shared_search():
    rng = np.random.default_rng(0)
    for _ in range(300):
        P, g, c = 10 ** rng.uniform(-3, -0.05), rng.uniform(0, 1.5), rng.uniform(0.3, 4)
        N = 1
        while not m37._neglected_wins(P, g, c, N):
            N += 1
        assert m37.first_visit(P, g, c) == N, (P, g, c)
    for P, g, c in ((1e-2, 0.1, 1.25), (0.05, 0.3, 1.0), (0.2, 0.0, 2.0), (0.75, 1.25, 2.0)):
        assert m37.first_visit_by_search(P, g, c, 1000) == m37.first_visit(P, g, c)


def test_bonus_of_a_zero_prior_and_the_mixed_prior():
    assert all(m37.unvisited_bonus(0.0, N)[0] == 0.0 for N in (0, 1, 10**6, 10**12))
    assert m37.unvisited_bonus(0.0, 1, 1.0, 0.25, 0.03, 362)[1] == pytest.approx(6.906e-4, rel=1e-3)
    w = m37.noisy_first_visits(0.0, 0.1, draws=200, seed=1)
    assert np.all(w >= 1) and 0 < np.mean(w <= 800) < 0.2


def test_beta_and_thompson():
    assert m37.posterior_mean(2, 8, 7, 10) == pytest.approx(0.45, rel=1e-12)
    means = {name: np.mean([m37.thompson_regret(m37.GAZELLE_P, a, b, 500, s) for s in range(200)])
             for name, (a, b) in m37.GAZELLE_PRIORS.items()}
    assert [round(v, 2) for v in means.values()] == [4.90, 7.00, 100.0]
    run = m37.thompson_run((0.4, 0.6), (4, 6), (6, 4), 500, 0)
    assert run.shape == (500,) and np.all(np.diff(run) >= -1e-12) and m37.thompson_regret((0.4, 0.6), (1, 1), (1, 1), 0, 0) == 0.0
    # one vectorised draw per step gives the same stream as one scalar draw per arm (the protocol says either)
    rng1, rng2 = np.random.default_rng(3), np.random.default_rng(3)
    assert np.array_equal(rng1.beta([4.0, 6.0], [6.0, 4.0]), [rng2.beta(4.0, 6.0), rng2.beta(6.0, 4.0)])


def test_best_of_n_regresses_to_the_mean():
    sim0, pred0 = m37.best_of_n_quality(100, 0.0, trials=4000, seed=0)
    sim1, pred1 = m37.best_of_n_quality(100, 1.0, trials=4000, seed=0)
    assert abs(sim0 - pred0) < 0.05 and abs(sim1 - pred1) < 0.05 and sim1 / sim0 == pytest.approx(2 ** -0.5, abs=0.03)


def test_grader_reference_values_are_the_model():
    assert ex.grader.exercises["first_visit"].reference is m37.first_visit
    assert ex.grader.exercises["thompson_regret"].reference is m37.thompson_regret


# ---------------------------------------------------------------- widgets
LIVE = [m37.temperature_live, m37.generate_verify_live, m37.move37_live, m37.bandit_live]
STATIC = [m37.temperature_static, m37.generate_verify_static, m37.move37_static, m37.bandit_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_slider_extreme(make):
    sweep_extremes(make())


def test_live_move37_reports_the_first_visit():
    box = m37.move37_live()
    fig = box.children[-1]
    assert "first tried after 19,379,993 simulations" in fig.layout.title.text
    controls = {c.description: c for c in latency.controls(box)}
    controls["log10 prior P"].value = -2.0
    assert "first tried after 2,130 simulations" in fig.layout.title.text and list(fig.data[2].y) == [2130]


def test_live_generate_verify_reports_the_example():
    fig = m37.generate_verify_live().children[-1]
    assert "P(≥ 1 good) = 0.634" in fig.layout.title.text and "precision 0.154" in fig.layout.title.text


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_and_labels(make):
    fig = make()
    assert_static_twin(fig, allow_none=False)


def test_static_move37_steps_agree_with_the_model():
    fig = m37.move37_static()
    step = fig.layout.sliders[0].steps[m37.C_STEPS.index(2.0)]
    k = m37.GAPS.index(0.55)
    assert step.args[0]["y"][k][0] == pytest.approx(m37.first_visit(float(m37.P_GRID[0]), 0.55, 2.0), rel=1e-3)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((m37.temperature_explorer, m37.generate_and_verify, m37.finding_move_37, m37.gazelle_bandit), monkeypatch)
