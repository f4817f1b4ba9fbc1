"""self-play: the Connect-3 engine, the root-noise hook of widgets/mcts.py, the chapter's reference values,
AlphaZero-lite's shipped curves (reproduced from the code), live widgets at every control extreme and the static
twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from exercises import self_play as ex
from widgets import connect3 as c3
from widgets import game_tree_search as gts
from widgets import mcts
from widgets import self_play as sp
from widgets import tictactoe as ttt
from widget_checks import sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- Connect-3
def test_connect3_engine():
    s = c3.initial()
    assert c3.N_ACTIONS == 4 and len(c3.LINES) == 24 and c3.legal_moves(s) == (0, 1, 2, 3)
    s = c3.play(c3.play(s, 1), 1)  # gravity: the second mark lands on top of the first
    assert s[1] == c3.X and s[5] == c3.O and c3.render(s, "|") == "....|....|.O..|.X.."
    assert c3.parse(c3.render(s, "|")) == s and c3.to_move(s) == c3.X
    full = c3.initial()
    for _ in range(4):
        full = c3.play(full, 0)
    assert 0 not in c3.legal_moves(full)
    with pytest.raises(AssertionError):
        c3.play(full, 0)
    won = c3.parse("....|....|XO..|XO..")
    won = c3.play(won, 0)
    assert c3.winner(won) == c3.X and c3.is_terminal(won) and c3.legal_moves(won) == () and c3.terminal_value(won) == -1


def test_connect3_reference_values():
    """41,750 reachable positions (the issue's number, recomputed); the first player wins with every first move."""
    assert sp.reachable(c3) == 41_750
    assert sp.solve(c3, c3.initial()) == 1
    assert [-sp.solve(c3, c3.play(c3.initial(), a)) for a in range(4)] == [1, 1, 1, 1]
    assert sp.reachable(ttt) == 5478 and sp.solve(ttt, ttt.initial()) == 0


def test_same_mcts_on_both_games():
    for b, a, _ in gts.tactics()[:4]:
        assert sp.best_moves(ttt, b) == [a]
        assert all(mcts.choose_move(b, 400, 1.4, "uct", mcts.rollout_evaluator, seed, ttt) == a for seed in range(3))
    for b, a, _ in sp.c3_tactics():
        assert sp.best_moves(c3, b) == [a]
        assert all(mcts.choose_move(b, 200, 1.4, "uct", mcts.rollout_evaluator, seed, c3) == a for seed in range(5))


# ---------------------------------------------------------------- the root-noise hook
def test_noise_hook_is_backward_compatible_and_mixes_priors():
    b = ttt.parse("XX.|.O.|...")
    ev = mcts.prior_value_evaluator(lambda s: (mcts.uniform_priors(ttt, s), 0.0))
    plain = mcts.root_stats(mcts.search(b, 60, 1.5, "puct", ev, seed=3))
    zero = mcts.root_stats(mcts.search(b, 60, 1.5, "puct", ev, seed=3, noise_epsilon=0.0, noise_alpha=0.03))
    assert all(np.array_equal(x, y) for x, y in zip(plain, zero))
    # the noise: (1 - eps) P + eps eta with eta ~ Dir(alpha) drawn from the search's generator
    for eps in (0.25, 1.0):
        rng = np.random.default_rng(5)
        root = mcts.search(b, 0, 1.5, "puct", ev, noise_epsilon=eps, noise_alpha=0.3, rng=rng)
        eta = np.random.default_rng(5).dirichlet([0.3] * 6)
        P = np.array([ch.P for ch in root.children])
        assert np.allclose(P, (1 - eps) / 6 + eps * eta, atol=1e-12) and abs(P.sum() - 1) < 1e-12
    # UCT ignores the prior, so the noise changes nothing there but is still drawn only when asked
    root = mcts.search(ttt.initial(), 0, noise_epsilon=0.0)
    assert all(ch.P == pytest.approx(1 / 9) for ch in root.children)


# ---------------------------------------------------------------- reference values of the issue
def test_agz_loss_reference():
    v = sp.agz_loss(1, 0.6, [0.7, 0.2, 0.1], [0.5, 0.3, 0.2], 1e-4, 10)
    assert round(v, 6) == 1.047941
    ce = -(0.7 * np.log(0.5) + 0.2 * np.log(0.3) + 0.1 * np.log(0.2))
    assert round(ce, 6) == 0.886941 and v == pytest.approx(0.16 + ce + 0.001, abs=1e-15)
    assert np.isfinite(sp.agz_loss(1, 1, [1, 0], [1, 0], 0, 0))  # masked illegal move: 0 ln 0 adds nothing


def test_visits_to_policy_reference():
    N = [10, 30, 60]
    assert np.allclose(sp.visits_to_policy(N, 1), [0.1, 0.3, 0.6])
    assert np.allclose(sp.visits_to_policy(N, 0.5), [0.021739, 0.195652, 0.782609], atol=5e-7)
    assert np.allclose(sp.visits_to_policy(N, 2), [0.192993, 0.334273, 0.472734], atol=5e-7)
    assert list(sp.visits_to_policy(N, 0)) == [0, 0, 1]
    assert list(sp.visits_to_policy([5, 9, 9, 2], 0)) == [0, 1, 0, 0]  # ties: the first maximum
    assert np.all(np.isfinite(sp.visits_to_policy([400, 399, 1], 0.01)))  # no overflow at a small tau


def test_mixed_prior_reference():
    assert np.allclose(sp.expected_mixed_prior([0.7, 0.2, 0.1, 0], 0.25), [0.5875, 0.2125, 0.1375, 0.0625])
    # the sample average of (1 - eps) P + eps Dir(alpha) tends to the expectation (E[Dir] is uniform)
    rng = np.random.default_rng(0)
    eta = rng.dirichlet([0.3] * 4, size=20_000).mean(axis=0)
    assert np.allclose(0.75 * np.array([0.7, 0.2, 0.1, 0]) + 0.25 * eta, [0.5875, 0.2125, 0.1375, 0.0625], atol=3e-3)
    m, e = sp.mixed_prior([0.7, 0.2, 0.1, 0], 0.25, 0.3, seed=1)
    assert abs(m.sum() - 1) < 1e-12 and abs(e.sum() - 1) < 1e-12


def test_value_targets_on_shipped_games():
    draw, xwin, owin, ninth = ex.SHIPPED_GAMES
    assert list(sp.value_targets(draw)) == [0.0] * 9
    assert list(sp.value_targets(xwin)) == [1, -1, 1, -1, 1]
    assert list(sp.value_targets(owin)) == [-1, 1, -1, 1, -1, 1, -1, 1]
    assert list(sp.value_targets(ninth)) == [1, -1] * 4 + [1]
    assert list(sp.value_targets([0, 4, 1, 5, 2], c3)) == [1, -1, 1, -1, 1]  # any game: X's bottom row


def test_table_update():
    p, v = sp.table_update([1 / 3] * 3, 0.0, [0.7, 0.2, 0.1], 1, 0.2)
    assert np.allclose(p, [1 / 3 + 0.2 * (0.7 - 1 / 3), 1 / 3 + 0.2 * (0.2 - 1 / 3), 1 / 3 + 0.2 * (0.1 - 1 / 3)])
    assert v == pytest.approx(0.2) and abs(p.sum() - 1) < 1e-12


# ---------------------------------------------------------------- AlphaZero-lite
def test_shipped_curves_reproduce_from_the_code():
    """The first 200 games of the calibration run, recomputed, equal the shipped checkpoints 0, 100, 200."""
    shipped = sp.load_curves()
    cal = shipped["calibration"]
    assert cal["config"] == sp.CALIBRATION and list(shipped) == list(sp.CONFIGS)
    again = sp.train(**{**sp.CALIBRATION, "games": 200}, every=100)
    for k, values in again.items():
        assert cal[k][:3] == json.loads(json.dumps(values)), k


def test_training_beats_the_untrained_baseline():
    """Shipped checkpoints: after 1,000 games fewer losses to random play and more draws against perfect play
    than the untrained search (checkpoint 0, which is the same search with uniform priors and zero values)."""
    for name in ("calibration", "slow learning (rate 0.05)"):
        run = sp.load_curves()[name]
        assert run["random_l"][-1] < run["random_l"][0] and run["perfect_d"][-1] > run["perfect_d"][0]
        assert run["random_w"][0] + run["random_d"][0] + run["random_l"][0] == 50
    assert (sp.load_curves()["calibration"]["random_l"][0], sp.load_curves()["calibration"]["perfect_d"][0]) == (4, 12)


def test_self_play_game_is_legal_and_noise_only_at_the_root():
    rng = np.random.default_rng(0)
    record, moves = sp.self_play_game({}, {}, 10, 1.5, 0.5, 0.25, 2, rng, c3)
    s = c3.initial()
    for (state, pi), a in zip(record, moves):
        assert state == s and abs(pi.sum() - 1) < 1e-12 and a in c3.legal_moves(s)
        s = c3.play(s, a)
    assert c3.is_terminal(s)


# ---------------------------------------------------------------- explorables
@pytest.mark.parametrize("live", [sp.dashboard_live, sp.noise_live])
def test_live_widgets_at_every_extreme(live):
    sweep_extremes(live())


@pytest.mark.parametrize("static", [sp.dashboard_static, sp.noise_static])
def test_static_twins(static):
    fig = static()
    assert fig.layout.meta["alt"]
    assert all(len(s.steps) <= 12 for s in fig.layout.sliders)
    assert all(m.name for m in fig.layout.updatemenus)
    assert len(fig.to_json()) < 150_000
