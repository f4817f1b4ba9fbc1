"""game-tree-search: the shared engine (widgets/tictactoe.py) and search (widgets/mcts.py), the chapter's
reference values, live widgets at every control extreme and static twins (the grader: tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from exercises import game_tree_search as ex
from widgets import game_tree_search as gts
from widgets import mcts
from widgets import tictactoe as ttt
from widget_checks import assert_book_gets_static_twin, assert_static_twin, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402

EMPTY = ttt.initial()


def _all_positions():
    seen, stack = {EMPTY}, [EMPTY]
    while stack:
        s = stack.pop()
        for a in ttt.legal_moves(s):
            t = ttt.play(s, a)
            if t not in seen:
                seen.add(t)
                stack.append(t)
    return sorted(seen)


ALL = _all_positions()


# ---------------------------------------------------------------- the engine
def test_engine_basics():
    s = ttt.play(ttt.play(EMPTY, 4), 0)
    assert s == ttt.parse("O..|.X.|...") and ttt.to_move(s) == ttt.X and ttt.to_move(EMPTY) == ttt.X
    assert ttt.legal_moves(s) == (1, 2, 3, 5, 6, 7, 8)
    won = ttt.parse("XXX|OO.|...")
    assert ttt.winner(won) == 1 and ttt.is_terminal(won) and ttt.legal_moves(won) == () and ttt.terminal_value(won) == -1
    draw = ttt.parse("XOX|XOO|OXX")
    assert ttt.winner(draw) == 0 and ttt.is_terminal(draw) and ttt.terminal_value(draw) == 0
    assert ttt.parse(ttt.render(won)) == won and ttt.render(won, "|") == "XXX|OO.|..."
    assert ttt.as_array(won).shape == (3, 3)
    with pytest.raises(AssertionError):
        ttt.play(s, 4)


def test_symmetries_form_the_dihedral_group():
    perms = set(ttt.SYMMETRIES)
    assert len(perms) == 8 and tuple(range(9)) in perms
    compose = lambda p, q: tuple(p[q[i]] for i in range(9))
    assert all(compose(p, q) in perms for p in perms for q in perms)  # closed under composition
    s = ttt.parse("XO.|..X|...")
    assert len(set(ttt.symmetries(s))) == 8 and all(ttt.canonical(t) == ttt.canonical(s) for t in ttt.symmetries(s))
    assert len(set(ttt.symmetries(EMPTY))) == 1
    for s in ALL[::37]:  # wins survive every symmetry; lines map to lines
        assert {ttt.winner(t) for t in ttt.symmetries(s)} == {ttt.winner(s)}


def test_compact_key_round_trips_and_is_injective():
    keys = {ttt.key(s) for s in ALL}
    assert len(keys) == len(ALL) and max(keys) < 3 ** 9
    assert all(ttt.from_key(ttt.key(s)) == s for s in ALL[::11])


# ---------------------------------------------------------------- reference values of the chapter
def test_reachable_positions():
    c = gts.count_positions(EMPTY)
    assert c == {"positions": 5478, "terminal": 958, "x_wins": 626, "o_wins": 316, "draws": 16, "classes": 765}
    assert c["positions"] == len(ALL)


def test_negamax_values():
    assert gts.negamax(EMPTY) == 0 and gts.negamax_memo(EMPTY) == 0
    assert [gts.negamax_memo(ttt.play(EMPTY, a)) for a in range(9)] == [0] * 9
    for s in ALL[::7]:
        assert gts.negamax_memo(s) == gts.alphabeta(s)[0] == gts.alphabeta_ordered(s)[0]
    for s in ALL[::97]:
        assert gts.negamax(s) == gts.negamax_memo(s)


def test_tree_size_counts_plain_negamax_calls():
    assert gts.tree_size(EMPTY) == (549946, 255168)
    calls = [0]

    def plain(s):  # instrumented plain negamax
        calls[0] += 1
        if ttt.is_terminal(s):
            return ttt.terminal_value(s)
        return max(-plain(ttt.play(s, a)) for a in ttt.legal_moves(s))

    for s in (ttt.parse("X........"), ttt.parse("XO.|.X.|..."), ttt.parse("XXX|OO.|...")):
        calls[0] = 0
        plain(s)
        assert gts.tree_size(s)[0] == calls[0]


def test_alphabeta_calls_and_saving():
    v, calls = gts.alphabeta(EMPTY)
    assert (v, calls) == (0, 18297)
    cost = gts.search_cost(EMPTY)
    assert cost == {"plain": 549946, "games": 255168, "memo": 5478, "alphabeta": 18297}
    assert round(cost["plain"] / cost["alphabeta"]) == 30
    assert gts.alphabeta_ordered(EMPTY)[1] < calls


def test_alphabeta_is_fail_soft():
    """v <= alpha: the true value is <= v; v >= beta: true >= v; inside the window: exact."""
    rng = np.random.default_rng(0)
    windows = (-math.inf, -1, -0.5, 0, 0.5, 1, math.inf)
    for s in [ALL[i] for i in rng.choice(len(ALL), 60, replace=False)]:
        true = gts.negamax_memo(s)
        for i in range(len(windows)):
            for j in range(i + 1, len(windows)):
                a, b = windows[i], windows[j]
                v, _ = gts.alphabeta(s, a, b)
                if v <= a:
                    assert true <= v
                elif v >= b:
                    assert true >= v
                else:
                    assert v == true


def test_exhaustive_tree_sizes():
    assert round(gts.exhaustive_log10(250, 150), 1) == 359.7
    assert round(gts.exhaustive_log10(35, 80), 1) == 123.5


def test_elo_and_matches():
    assert [round(gts.match_win(p, 5), 5) for p in (0.6, 0.7, 0.8)] == [0.68256, 0.83692, 0.94208]
    assert round(gts.elo_delta(0.6), 2) == 70.44 and gts.elo_p(gts.elo_delta(0.6)) == pytest.approx(0.6)
    assert gts.elo_p(0) == 0.5 and gts.elo_p(400) == pytest.approx(10 / 11)
    assert [round(gts.knife_edge(100, 25, m, 5), 3) for m in (0, 3, 6)] == [0.749, 0.567, 0.368]
    for n in (1, 3, 5, 7, 9):
        assert gts.match_win(0.5, n) == pytest.approx(0.5)
        assert gts.match_win(0.3, n) == pytest.approx(1 - gts.match_win(0.7, n))
    assert gts.match_win(0.6, 1) == pytest.approx(0.6)
    assert gts.match_win(0.5, 4) == pytest.approx(5 / 16)  # a 2-2 tie is not a win


# ---------------------------------------------------------------- MCTS
def test_tactics_are_unique_best_moves():
    for board, a, why in gts.tactics():
        assert gts.best_moves(board) == [a], why
    for text, a in ex.UCT_POOL:
        assert gts.best_moves(ttt.parse(text)) == [a], text


@pytest.mark.parametrize("seed", range(5))
def test_uct_finds_the_ten_shipped_moves(seed):
    for board, a, why in gts.tactics():
        assert gts.uct_move(board, 400, 1.4, seed) == a, (why, seed)


def test_uct_finds_the_hidden_pool_moves():
    for text, a in ex.UCT_POOL:
        for c in (1.0, 1.4):
            for seed in range(5):
                assert gts.uct_move(ttt.parse(text), 400, c, seed) == a, (text, c, seed)


def test_search_statistics_and_backup_signs():
    root = mcts.search(EMPTY, 300, 1.4, "uct", gts.exact_evaluator, seed=0)
    N, Q = mcts.root_stats(root)
    assert root.N == 300 and N.sum() == 300 and np.all(N >= 1)
    assert np.all(np.abs(Q) <= 1)  # averages over explored lines (not minimax values: the opponent explores too)
    root = mcts.search(EMPTY, 9, 1.4, "uct", gts.exact_evaluator, seed=0)
    N, Q = mcts.root_stats(root)  # 9 simulations: each opening once, valued exactly (a draw)
    assert np.array_equal(N, np.ones(9)) and np.array_equal(Q, np.zeros(9))
    pi = mcts.policy(root)
    assert pi.sum() == pytest.approx(1) and mcts.policy(root, temperature=0).max() > 0
    # a win in one: its edge converges to Q = +1 for the player who chose it
    root = mcts.search(ttt.parse("XX.|OO.|..."), 200, 1.4, "uct", gts.exact_evaluator, seed=0)
    best = max(root.children, key=lambda ch: ch.N)
    assert best.move == 2 and best.Q == 1.0
    path = [mcts.Node(EMPTY), mcts.Node(EMPTY), mcts.Node(EMPTY)]
    mcts.backup(path, 1.0)
    assert [n.W for n in path] == [-1.0, 1.0, -1.0]  # the leaf's edge gets -v, then the sign alternates
    assert [n.N for n in path] == [1, 1, 1]


def test_puct_with_a_prior_value_function():
    fn = lambda s: (mcts.uniform_priors(ttt, s), gts.negamax_memo(s))
    for board, a, _ in gts.tactics():
        assert mcts.choose_move(board, 100, 1.5, "puct", mcts.prior_value_evaluator(fn), 0) == a
    # a prior that points at the right move makes PUCT find it with very few simulations
    board, a, _ = gts.tactics()[0]
    sharp = lambda s: (np.eye(9)[a] * 0.9 + 0.1 / 9, 0.0)
    assert mcts.choose_move(board, 5, 1.5, "puct", mcts.prior_value_evaluator(sharp), 0) == a
    assert mcts.puct_score(0.5, 0.2, 3, 16, 2.0) == pytest.approx(0.5 + 2.0 * 0.2 * 4 / 4)
    assert mcts.uct_score(0.5, 4, 16, 1.0) == pytest.approx(0.5 + math.sqrt(math.log(16) / 4))
    assert mcts.uct_score(0.0, 0, 16, 1.0) == math.inf


class Nim:
    """A second game with the same interface (a pile of stones; take 1-3; who takes the last stone wins)."""

    N_ACTIONS = 3

    @staticmethod
    def initial():
        return (10, 1)

    @staticmethod
    def to_move(s):
        return s[1]

    @staticmethod
    def legal_moves(s):
        return tuple(a for a in range(3) if a + 1 <= s[0])

    @staticmethod
    def play(s, a):
        return (s[0] - (a + 1), -s[1])

    @staticmethod
    def is_terminal(s):
        return s[0] == 0

    @staticmethod
    def terminal_value(s):
        return -1  # the opponent took the last stone


def test_mcts_runs_on_another_game():
    """The search only uses the game interface: on Nim it leaves the opponent a multiple of 4."""
    for pile in (5, 6, 7, 9, 10, 11):
        move = mcts.choose_move((pile, 1), 2000, 1.4, "uct", mcts.rollout_evaluator, 0, game=Nim)
        assert (pile - (move + 1)) % 4 == 0, pile


def test_mcts_on_a_finished_game():
    root = mcts.search(ttt.parse("XXX|OO.|..."), 10)
    assert root.children is None and mcts.search(ttt.parse("XXX|OO.|..."), 10, record=True)[1] == []
    root, history = mcts.search(EMPTY, 20, record=True)
    assert len(history) == 20 and history[-1][0].sum() == 20


# ---------------------------------------------------------------- widgets
LIVE = [gts.mcts_live, gts.cost_live, gts.knife_live]
STATIC = [gts.mcts_static, gts.cost_static, gts.knife_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_slider_extreme(make):
    sweep_extremes(make())


def test_live_mcts_moves_the_figure_and_reports_negamax():
    box = gts.mcts_live()
    fig = box.children[-1]
    controls = {c.description: c for c in latency.controls(box)}
    controls["position"].value = "O must block the top row"
    controls["simulations"].value = 400
    assert "plays 2 (most visits), which agrees with negamax" in fig.layout.title.text
    assert list(fig.data[1].x) == [2.33] and list(fig.data[1].y) == [-0.33]  # negamax's best: cell 2 (a star)
    controls["simulations"].value = 1
    assert np.nansum(np.asarray(fig.data[0].z, dtype=float)) == pytest.approx(1.0)
    controls["leaf evaluation"].value = "exact value"
    assert "exact values" in fig.layout.title.text


def test_live_cost_accepts_a_typed_board_and_rejects_nonsense():
    box = gts.cost_live()
    fig = box.children[-1]
    text = next(w for w in box.children[0].children if w.description == "your board")
    text.value = "XO.|.X.|..."
    assert list(fig.data[0].y) == list(gts._cost_values(ttt.parse("XO.|.X.|...")))
    text.value = "XXX"
    assert "type 9 cells" in fig.layout.title.text
    text.value = "XXX|...|..."
    assert "not a legal position" in fig.layout.title.text


def test_live_knife_edge_reports_the_reference_values():
    box = gts.knife_live()
    assert "win chance 0.749; 3 months earlier 0.567; 6 months earlier 0.368" in box.children[-1].layout.title.text


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_and_labels(make):
    fig = make()
    assert_static_twin(fig)


def test_static_mcts_steps_agree_with_the_model():
    fig = gts.mcts_static()
    board = ttt.parse(gts.STEP_POSITIONS["O to move: X holds two corners"])
    last = fig.layout.sliders[0].steps[-1]
    N, _ = mcts.root_stats(mcts.search(board, 400, 1.4, "uct", mcts.rollout_evaluator, 0))
    z = np.array([[np.nan if v is None else v for v in row] for row in last.args[0]["z"][0]], dtype=float)
    np.testing.assert_allclose(np.nan_to_num(z).ravel(), N / 400, atol=1e-3)
    assert f"plays {int(N.argmax())}" in last.args[1]["title.text"]


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_steps_never_reset_what_a_trace_shows(make):
    """A None in a slider step resets the attribute in plotly.js: only allowed where the trace has no such value."""
    fig = make()
    for step in fig.layout.sliders[0].steps:
        data, traces = step.args[0], step.args[2]
        for attr, per_trace in data.items():
            for value, k in zip(per_trace, traces):
                if value is None:
                    obj = fig.data[k]
                    for part in attr.split("."):
                        obj = getattr(obj, part, None)
                    assert obj is None or (hasattr(obj, "__len__") and len(obj) == 0), (make.__name__, attr, k)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((gts.mcts_step_through, gts.search_cost_explorer, gts.knife_edge_match), monkeypatch)
