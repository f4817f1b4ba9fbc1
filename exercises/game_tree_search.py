"""Graded exercises of chapter `game-tree-search`: grader.check("<id>") in the notebook.

Every reference is a model function of widgets/game_tree_search.py (the code that draws the figures),
on the shared engine widgets/tictactoe.py and the shared search widgets/mcts.py. Every Mistake is a
real wrong answer written as code, with the hint that fixes it. Node-count exercises are graded on
positions a few moves into the game (the empty board is the chapter's worked example), so a plain
recursive answer is graded in well under a second.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import game_tree_search as model
from widgets import mcts
from widgets import tictactoe as ttt

INF = math.inf


def _random_position(rng, n_moves, allow_terminal=False):
    """A position after n_moves uniformly random legal moves (stops early at the end of a game)."""
    while True:
        s = ttt.initial()
        for _ in range(n_moves):
            moves = ttt.legal_moves(s)
            if not moves:
                break
            s = ttt.play(s, moves[int(rng.integers(len(moves)))])
        if allow_terminal or not ttt.is_terminal(s):
            return s


def _finished_boards():
    """Boundary cases: X won on the last move, O won, a full board that X completes with a line, a full draw."""
    return [ttt.parse("XXX|OO.|..."), ttt.parse("OOO|XX.|X.."), ttt.parse("XOX|OXO|OXX"), ttt.parse("XOX|XOO|OXX")]


# ------------------------------------------------------------------ 1. count_positions


def _empty_cells(s):
    return [i for i, v in enumerate(s) if v == 0]


def _count_wrong(kind):
    @lru_cache(maxsize=64)  # deterministic: the empty board is walked once per variant, not once per grade
    def count_positions(board):
        if kind == "paths":  # every move sequence, not every board
            @lru_cache(maxsize=None)
            def walk(s):
                if ttt.is_terminal(s):
                    w = ttt.winner(s)
                    return (1, 1, int(w == 1), int(w == -1), int(w == 0))
                tot = (1, 0, 0, 0, 0)
                for a in ttt.legal_moves(s):
                    tot = tuple(x + y for x, y in zip(tot, walk(ttt.play(s, a))))
                return tot
            n, t, xw, ow, d = walk(board)
            return {"positions": n, "terminal": t, "x_wins": xw, "o_wins": ow, "draws": d,
                    "classes": model.count_positions(board)["classes"]}
        seen, stack = {board}, [board]
        while stack:
            s = stack.pop()
            moves = _empty_cells(s) if kind == "past_wins" else ttt.legal_moves(s)
            for a in moves:
                t = ttt.play(s, a)
                if t not in seen:
                    seen.add(t)
                    stack.append(t)
        if kind == "past_wins":  # the positions after a win are counted too, and classified as usual
            terminal = [s for s in seen if ttt.is_terminal(s)]
            results = [ttt.winner(s) for s in terminal]
        elif kind == "full_first":  # a full board is called a draw before looking for a line
            terminal = [s for s in seen if ttt.is_terminal(s)]
            results = [0 if not _empty_cells(s) else ttt.winner(s) for s in terminal]
        else:
            terminal = [s for s in seen if ttt.is_terminal(s)]
            results = [ttt.winner(s) for s in terminal]
        if kind == "rotations":
            classes = len({min(tuple(s[i] for i in p) for p in ttt.SYMMETRIES[:4]) for s in seen})
        else:
            classes = len({ttt.canonical(s) for s in seen})
        return {"positions": len(seen), "terminal": len(results), "x_wins": results.count(1),
                "o_wins": results.count(-1), "draws": results.count(0), "classes": classes}
    return count_positions


def _count_example(rng):
    return [(ttt.parse("XO.|...|..."),)]


def _count_empty(rng):
    return [(ttt.initial(),)]


def _count_random(rng):
    return [(_random_position(rng, int(rng.integers(2, 7))),) for _ in range(5)]


count_positions_ex = Exercise(
    id="count_positions", function="count_positions", reference=model.count_positions,
    title="positions reachable from a board",
    checks=[
        Check("the shown example: after X in a corner and O next to it", _count_example,
              hint="Walk the game from the board with a set of positions already seen (a board reached by "
                   "two move orders counts once); a game ends at a win or a full board."),
        Check("the empty board", _count_empty),
        Check("random positions 2 to 6 moves into the game", _count_random, hidden=True),
        Check("finished boards: wins for X and O, a full board with a line, a draw",
              lambda rng: [(b,) for b in _finished_boards()], hidden=True,
              hint="A finished board reaches only itself: 1 position, 1 terminal one, counted by its result."),
    ],
    mistakes=[
        Mistake("plays on after a win", _count_wrong("past_wins"),
                hint="Stop at a win: a board with three in a row is terminal even if cells are empty "
                     "(ttt.legal_moves returns () there). Filling the board after a win counts boards no game reaches."),
        Mistake("counts move sequences, not boards", _count_wrong("paths"),
                hint="Count boards, not paths: keep a set of positions seen, so a board reached by different "
                     "move orders (a transposition) is counted once."),
        Mistake("a full board with a line counted as a draw", _count_wrong("full_first"),
                hint="Look for a line before calling a full board a draw: X's fifth mark can fill the board AND "
                     "complete a line (ttt.winner first, then the full-board test)."),
        Mistake("symmetry classes under rotations only", _count_wrong("rotations"),
                hint="The square has 8 symmetries: 4 rotations and 4 reflections. ttt.canonical(s) picks one "
                     "representative of all 8 images."),
    ],
)

# ------------------------------------------------------------------ 2. negamax


def _negamax_wrong(kind):
    @lru_cache(maxsize=None)
    def negamax(board):
        if ttt.is_terminal(board):
            if kind == "winner_sign":  # +1 when there is a line, as if the side to move had made it
                return 1 if ttt.winner(board) else 0
            if kind == "x_view":
                return ttt.winner(board)
            return ttt.terminal_value(board)
        children = [negamax(ttt.play(board, a)) for a in ttt.legal_moves(board)]
        if kind == "no_flip":
            return max(children)
        if kind == "x_view":  # minimax from X's point of view: X maximises, O minimises
            return max(children) if ttt.to_move(board) == 1 else min(children)
        return max(-v for v in children)
    return negamax


def _negamax_example(rng):
    return [(ttt.parse("OOO|XX.|X.."),), (ttt.parse("XX.|OO.|..."),), (ttt.parse("XX.|.O.|..."),),
            (ttt.parse("X..|.O.|..X"),)]


def _negamax_random(rng):
    return [(_random_position(rng, int(rng.integers(3, 8))),) for _ in range(6)]


def _negamax_opening(rng):
    return [(ttt.parse(("X........", ".X.......", "....X....")[int(rng.integers(3))]),)]


negamax_ex = Exercise(
    id="negamax", function="negamax", reference=model.negamax,
    title="exact value by negamax",
    checks=[
        Check("the shown examples (a finished game; X to move and wins; O to move)", _negamax_example,
              hint="negamax(s) = max over moves a of −negamax(play(s, a)); a finished game is worth "
                   "ttt.terminal_value(s) (−1 if the opponent just won, 0 for a draw)."),
        Check("finished boards", lambda rng: [(b,) for b in _finished_boards()], hidden=True,
              hint="A finished board is scored for the side to move there, who did not make the last move: "
                   "−1 if the board has a line, 0 for a draw."),
        Check("random positions 3 to 7 moves into the game", _negamax_random, hidden=True),
        Check("one opening move (X in a corner, on an edge or in the centre)", _negamax_opening, hidden=True),
    ],
    mistakes=[
        Mistake("scores from X's side (minimax), not the side to move", _negamax_wrong("x_view"),
                hint="Score from the side to move: +1 means the player about to move wins. That is why the "
                     "recursion negates: the child's value is for the opponent."),
        Mistake("no sign flip", _negamax_wrong("no_flip"),
                hint="The child is scored for the opponent, so its value counts against you: take the max of "
                     "−negamax(child), not of negamax(child)."),
        Mistake("a line counts as a win for the side to move", _negamax_wrong("winner_sign"),
                hint="At a finished board the side to move is the one who did NOT make the last move: if there "
                     "is a line, they have lost (−1)."),
    ],
)

# ------------------------------------------------------------------ 3. tree_size


def _tree_wrong(kind):
    @lru_cache(maxsize=None)
    def tree_size(board):
        if kind == "positions":
            c = model.count_positions(board)
            return c["positions"], c["terminal"]
        moves = _empty_cells(board) if kind == "past_wins" else ttt.legal_moves(board)
        if not moves:
            return (0 if kind == "no_leaves" else 1), 1
        nodes, games = 1, 0
        for a in moves:
            n, g = tree_size(ttt.play(board, a))
            nodes, games = nodes + n, games + g
        return nodes, games
    return tree_size


def _tree_example(rng):
    return [(ttt.parse("XO.|.X.|..."),), (ttt.parse("X........"),)]


def _tree_random(rng):
    return [(_random_position(rng, int(rng.integers(2, 7))),) for _ in range(6)]


tree_size_ex = Exercise(
    id="tree_size", function="tree_size", reference=model.tree_size,
    title="the size of the game tree",
    checks=[
        Check("the shown examples: three moves in, and X in a corner", _tree_example,
              hint="Count every call of a plain recursion: 1 for the position itself plus the nodes below each "
                   "move; a finished game is 1 node and 1 game."),
        Check("random positions 2 to 6 moves into the game", _tree_random, hidden=True),
        Check("finished boards: one node, one game", lambda rng: [(b,) for b in _finished_boards()], hidden=True),
    ],
    mistakes=[
        Mistake("leaves not counted as nodes", _tree_wrong("no_leaves"),
                hint="Count every call, leaves included: a finished game is a node of the tree (1 node, 1 game)."),
        Mistake("plays on after a win", _tree_wrong("past_wins"),
                hint="A game stops at a win: a board with three in a row is a leaf even if cells are empty "
                     "(use ttt.is_terminal / ttt.legal_moves)."),
        Mistake("counts distinct boards, not tree nodes", _tree_wrong("positions"),
                hint="The tree has one node per move SEQUENCE: the same board reached by two move orders is two "
                     "nodes. Do not skip positions you have seen (that is the memoised search)."),
    ],
)

# ------------------------------------------------------------------ 4. alphabeta


def _ab_wrong(kind):
    def alphabeta(board, alpha, beta):
        if ttt.is_terminal(board):
            v = ttt.terminal_value(board)
            if kind == "hard":
                v = min(max(v, alpha), beta)
            return v, (0 if kind == "no_leaf_calls" else 1)
        best, calls = -INF, 1
        for a in ttt.legal_moves(board):
            lo = alpha if kind == "no_raise" else max(alpha, best)
            v, n = alphabeta(ttt.play(board, a), -beta, -lo)
            calls += n
            best = max(best, -v)
            if (best > beta) if kind == "strict" else (best >= beta):
                break
        if kind == "hard":
            best = min(max(best, alpha), beta)
        return best, calls
    return alphabeta


def _ab_example(rng):
    return [(ttt.parse("XO.|.X.|..."), -INF, INF)]


def _ab_small(rng):
    b = ttt.parse("XO.|.X.|...")
    return [(ttt.parse("X..|.O.|..."), -INF, INF), (b, 0, 1), (b, -1, 0), (ttt.parse("X..|.O.|..."), -1, 0)]


_WINDOWS = (-INF, -1, -0.5, 0, 0.5, 1, INF)


def _ab_random(rng):
    return [(_random_position(rng, int(rng.integers(2, 7))), -INF, INF) for _ in range(4)]


def _ab_windows(rng):
    cases = []
    for _ in range(6):
        i, j = sorted(rng.choice(len(_WINDOWS), 2, replace=False))
        cases.append((_random_position(rng, int(rng.integers(2, 7))), _WINDOWS[i], _WINDOWS[j]))
    return cases


alphabeta_ex = Exercise(
    id="alphabeta", function="alphabeta", reference=model.alphabeta,
    title="alpha-beta: the same value, far fewer nodes",
    checks=[
        Check("the shown example: three moves in, full window", _ab_example,
              hint="Return (value, calls). Search the children in index order with the window (−β, −max(α, best)); "
                   "stop as soon as best ≥ β; calls = 1 + the calls of the children searched."),
        Check("two moves in with the full window; narrow windows", _ab_small),
        Check("random positions, full window (value = negamax)", _ab_random, hidden=True),
        Check("random positions and windows, values on the window's edges included", _ab_windows, hidden=True),
        Check("finished boards", lambda rng: [(b, -INF, INF) for b in _finished_boards()], hidden=True),
    ],
    mistakes=[
        Mistake("cuts only when best > β", _ab_wrong("strict"),
                hint="Cut off when best ≥ β, equality included: a value equal to β is already as good as the "
                     "opponent will allow, so searching on cannot change the result."),
        Mistake("α never raised by the best value found", _ab_wrong("no_raise"),
                hint="Pass the window (−β, −max(α, best)): once a move worth `best` is found, the other children "
                     "only need to be searched to see whether they beat it."),
        Mistake("leaves not counted as calls", _ab_wrong("no_leaf_calls"),
                hint="Count every call, leaves included: a finished board is one call."),
        Mistake("fail-hard (value clamped to the window)", _ab_wrong("hard"),
                hint="Fail-soft returns the best value found even when it lies outside (α, β); do not clamp it."),
    ],
)

# ------------------------------------------------------------------ 5. uct_move


def _uct_wrong(kind):
    def uct_move(board, n_simulations, c, seed):
        rng = np.random.default_rng(seed)
        root = mcts.Node(board)
        mcts.expand(root, ttt)
        for _ in range(n_simulations):
            node, path = root, [root]
            while node.children:
                node = mcts.select_child(node, c)
                path.append(node)
            if ttt.is_terminal(node.state):
                node.children = []
                v = float(ttt.terminal_value(node.state))
            else:
                v = float(mcts.rollout(ttt, node.state, rng))
                mcts.expand(node, ttt)
            if kind == "leaf_sign":  # value for the player who moved INTO the leaf, then flipped as usual
                v = -v
            for k, n in enumerate(reversed(path)):
                n.N += 1
                n.W += (-v if kind == "no_flip" else (-v if k % 2 == 0 else v))
        if kind == "fewest":
            return min(root.children, key=lambda ch: ch.N).move
        return mcts.best_move(root)
    return uct_move


# Positions with one right move (an immediate win, or the only block), at most 4 marks on the board:
# UCT with 400 random-rollout simulations, c = 1.0 or 1.4, seeds 0-4 plays it (tests/test_game_tree_search.py).
UCT_POOL = (
    (".OO|.X.|..X", 0), (".XO|...|.XO", 4), ("...|.XO|X.O", 2), (".OX|.OX|...", 8), ("X..|.OO|X..", 3),
    ("OO.|..X|..X", 2), ("O.O|X.X|...", 4), ("O..|.O.|XX.", 8), ("...|OX.|O.X", 0), ("O.O|...|X.X", 7),
    ("XX.|.O.|...", 2), ("O..|XX.|...", 5), ("OX.|.X.|...", 7), ("O.X|.X.|...", 6), ("X..|XO.|O..", 2),
    ("XOX|.O.|...", 7), ("XO.|XO.|...", 6), ("XX.|OO.|...", 2), (".X.|.X.|O..", 7), ("..X|.O.|..X", 5),
)


def _uct_example(rng):
    return [(b, 400, 1.4, 0) for b, _, _ in model.tactics()[:3]]


def _uct_hidden(rng):
    idx = rng.choice(len(UCT_POOL), 4, replace=False)
    return [(ttt.parse(UCT_POOL[i][0]), 400, float(rng.choice([1.0, 1.4])), int(rng.integers(0, 5))) for i in idx]


def _uct_blocks(rng):
    blocks = [b for b, _, why in model.tactics() if "block" in why]
    return [(blocks[i], 400, 1.4, int(rng.integers(0, 5))) for i in rng.choice(len(blocks), 3, replace=False)]


uct_move_ex = Exercise(
    id="uct_move", function="uct_move", reference=model.uct_move,
    title="UCT with random rollouts finds wins and blocks",
    checks=[
        Check("the shown examples: three positions with one winning move, 400 simulations", _uct_example,
              hint="Four steps per simulation: select by Q + c·√(ln N / n) (unvisited children first), expand, "
                   "roll out at random, back up with the sign flipped at every ply. Play the most-visited move."),
        Check("positions where the only good move is a block", _uct_blocks, hidden=True),
        Check("random positions with one right move, other seeds and c", _uct_hidden, hidden=True),
    ],
    mistakes=[
        Mistake("no sign flip in the backup", _uct_wrong("no_flip"),
                hint="Flip the sign at each ply of the backup: a node's W is for the player who chose it, so "
                     "the edge into the leaf gets −v, its parent's edge +v, and so on."),
        Mistake("leaf value from the wrong side", _uct_wrong("leaf_sign"),
                hint="The rollout's result v is for the side to move AT THE LEAF; the edge into the leaf was "
                     "chosen by the other player, so it gets −v (and the root's moves then prefer good outcomes "
                     "for the root player)."),
        Mistake("plays the least-visited move", _uct_wrong("fewest"),
                hint="Play the MOST visited root move: UCT spends its visits on the moves that look best."),
    ],
    timeout=5.0,  # 400 simulations in plain python: a few ms each for the reference; room for slower code
)

# ------------------------------------------------------------------ 6. elo_p


elo_p_ex = Exercise(
    id="elo_p", function="elo_p", reference=model.elo_p,
    title="Elo: rating gap to expected score",
    checks=[
        Check("the shown examples: equal ratings, +70.44, −200", lambda rng: [(0.0,), (70.44,), (-200.0,)],
              hint="p = 1 / (1 + 10^(−Δ/400))."),
        Check("random gaps from −800 to +800", lambda rng: [(float(np.round(rng.uniform(-800, 800), 1)),)
                                                            for _ in range(6)], hidden=True),
    ],
    mistakes=[
        Mistake("sign of Δ flipped", lambda d: 1.0 / (1.0 + 10.0 ** (d / 400.0)),
                hint="A higher rating must give p > 0.5: p = 1 / (1 + 10^(−Δ/400)), with the minus sign."),
        Mistake("natural exponent instead of 10", lambda d: 1.0 / (1.0 + math.exp(-d / 400.0)),
                hint="Elo's scale is base 10: 400 points is a factor 10 in the odds, p/(1−p) = 10^(Δ/400)."),
        Mistake("scale 200 instead of 400", lambda d: 1.0 / (1.0 + 10.0 ** (-d / 200.0)),
                hint="The Elo scale divides by 400: p = 1 / (1 + 10^(−Δ/400))."),
    ],
    rtol=1e-9,
)

# ------------------------------------------------------------------ 7. match_win


def _match_wrong(kind):
    def match_win(p, n):
        if kind == "ties_win":
            need = (n + 1) // 2
        elif kind == "half":
            need = n // 2
        else:
            need = n // 2 + 1
        if kind == "exact":
            return math.comb(n, need) * p ** need * (1 - p) ** (n - need)
        if kind == "no_comb":
            return sum(p ** k * (1 - p) ** (n - k) for k in range(need, n + 1))
        return sum(math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(need, n + 1))
    return match_win


def _match_random(rng):
    return [(float(np.round(rng.uniform(0.01, 0.99), 3)), int(rng.integers(1, 12))) for _ in range(8)]


match_win_ex = Exercise(
    id="match_win", function="match_win", reference=model.match_win,
    title="winning a match of n games",
    checks=[
        Check("the shown examples: best of 5 at p = 0.6, 0.7, 0.8", lambda rng: [(0.6, 5), (0.7, 5), (0.8, 5)],
              hint="P(more than half of n games) = Σ over k > n/2 of C(n, k) p^k (1 − p)^(n−k)."),
        Check("boundaries: one game, an even coin, p = 0 and 1, even n (a tie is not a win)",
              lambda rng: [(0.65, 1), (0.5, 5), (0.5, 7), (0.0, 3), (1.0, 3), (0.6, 4), (0.5, 2)], hidden=True),
        Check("random p and n, odd and even", _match_random, hidden=True),
    ],
    mistakes=[
        Mistake("no binomial coefficient", _match_wrong("no_comb"),
                hint="Each number of wins k can happen in C(n, k) orders: multiply p^k (1 − p)^(n−k) by math.comb(n, k)."),
        Mistake("exactly the minimum number of wins", _match_wrong("exact"),
                hint="At least a majority, not exactly: sum the binomial terms for k = ⌊n/2⌋+1 up to n."),
        Mistake("a tie counts as a win (even n)", _match_wrong("ties_win"),
                hint="With an even number of games, n/2 wins is a tie, not a win: k ≥ n/2 + 1 (use n // 2 + 1)."),
        Mistake("one win short: k ≥ ⌊n/2⌋", _match_wrong("half"),
                hint="Winning needs MORE than half the games: k ≥ ⌊n/2⌋ + 1 (3 of 5, 4 of 7)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 8. knife_edge


def _knife_random(rng):
    return [(float(rng.integers(-100, 301)), float(rng.integers(0, 61)), float(rng.integers(-6, 13)),
             int(rng.choice([1, 3, 5, 7]))) for _ in range(6)]


knife_edge_ex = Exercise(
    id="knife_edge", function="knife_edge", reference=model.knife_edge,
    title="a few months earlier: the knife edge",
    checks=[
        Check("the shown examples: +100 Elo at the match, +25 per month, 0, 3 and 6 months earlier",
              lambda rng: [(100.0, 25.0, 0.0, 5), (100.0, 25.0, 3.0, 5), (100.0, 25.0, 6.0, 5)],
              hint="Shift the gap back in time (gap − per_month · months_earlier), then p = elo_p(gap), then "
                   "match_win(p, n)."),
        Check("boundaries: an even match, no progress, a later match, a single game",
              lambda rng: [(0.0, 25.0, 0.0, 5), (150.0, 0.0, 6.0, 3), (100.0, 25.0, -2.0, 7), (60.0, 20.0, 3.0, 1)],
              hidden=True),
        Check("random gaps, rates, dates and match lengths", _knife_random, hidden=True),
    ],
    mistakes=[
        Mistake("the gap grows going back in time", lambda g, r, m, n: model.match_win(model.elo_p(g + r * m), n),
                hint="Earlier means less improved: the gap then was gap − per_month · months_earlier."),
        Mistake("per-game chance, not the match", lambda g, r, m, n: model.elo_p(g - r * m),
                hint="The question is the match: feed the per-game p into match_win(p, n)."),
        Mistake("months not scaled by the rate", lambda g, r, m, n: model.match_win(model.elo_p(g - m), n),
                hint="Each month is worth per_month Elo points: subtract per_month · months_earlier."),
    ],
    rtol=1e-9, atol=1e-12,
)

grader = Grader("game-tree-search", [count_positions_ex, negamax_ex, tree_size_ex, alphabeta_ex, uct_move_ex,
                                     elo_p_ex, match_win_ex, knife_edge_ex])
