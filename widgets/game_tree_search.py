"""From minimax to Monte Carlo tree search: the models of chapter `game-tree-search` and its three explorables.

The game is widgets/tictactoe.py and the tree search is widgets/mcts.py (both shared with later chapters).
Models (pure python/numpy; a position is a tuple of 9 ints, values are for the side to move: +1 win, 0 draw, -1 loss):
    count_positions   the positions reachable from a position (terminal ones by result, classes up to symmetry)
    negamax           the exact value of a position, by plain recursion
    negamax_memo      the same, with a transposition table (each position searched once)
    tree_size         nodes and finished games of the full game tree below a position
    alphabeta         fail-soft alpha-beta negamax: (value, number of calls)
    search_cost       plain vs memoised negamax vs alpha-beta node counts
    uct_move          the move UCT with random rollouts plays (widgets/mcts.py)
    elo_p, elo_delta, match_win, knife_edge    Elo ratings, per-game win chance and best-of-n matches
Explorables: mcts_step_through(), search_cost_explorer(), knife_edge_match().
"""
from __future__ import annotations

import math
from functools import lru_cache

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import DIVERGING, PALETTE, layout, pinned_title, precomputed_slider_figure
from widgets import mcts
from widgets import tictactoe as ttt

# ------------------------------------------------------------------ positions


def count_positions(board):
    """Every position reachable from board by legal play (board included; play stops at a win or a full board).

    Returns dict: positions, terminal, x_wins, o_wins, draws (terminal positions by result) and classes
    (the number of those positions that are different up to the 8 symmetries of the board).
    """
    seen, stack = {board}, [board]
    while stack:
        s = stack.pop()
        for a in ttt.legal_moves(s):
            t = ttt.play(s, a)
            if t not in seen:
                seen.add(t)
                stack.append(t)
    results = [ttt.winner(s) for s in seen if ttt.is_terminal(s)]
    return {"positions": len(seen), "terminal": len(results), "x_wins": results.count(1),
            "o_wins": results.count(-1), "draws": results.count(0),
            "classes": len({ttt.canonical(s) for s in seen})}


# ------------------------------------------------------------------ exact search


def negamax(board):
    """Exact value of board for the side to move (+1 win, 0 draw, -1 loss): the max over moves of minus the
    child's value (the child is scored for the opponent)."""
    if ttt.is_terminal(board):
        return ttt.terminal_value(board)
    return max(-negamax(ttt.play(board, a)) for a in ttt.legal_moves(board))


@lru_cache(maxsize=None)
def negamax_memo(board):
    """negamax with a transposition table: a position reached by different move orders is searched once."""
    if ttt.is_terminal(board):
        return ttt.terminal_value(board)
    return max(-negamax_memo(ttt.play(board, a)) for a in ttt.legal_moves(board))


def tree_size(board):
    """(nodes, games) of the full game tree below board: nodes = calls of plain negamax from board (every
    position along every move sequence, leaves included); games = leaves (finished games).

    The size of the subtree below a position depends only on the position, so each one is computed once
    (memo); the result is the same as counting the calls of plain negamax, in milliseconds instead of seconds.
    """
    memo = {}

    def size(s):
        if s not in memo:
            if ttt.is_terminal(s):
                memo[s] = (1, 1)
            else:
                nodes, games = 1, 0
                for a in ttt.legal_moves(s):
                    n, g = size(ttt.play(s, a))
                    nodes, games = nodes + n, games + g
                memo[s] = (nodes, games)
        return memo[s]

    return size(board)


def alphabeta(board, alpha=-math.inf, beta=math.inf):
    """Fail-soft alpha-beta negamax, children in index order. Returns (value, calls), calls counting this one.

    Stop searching the children as soon as a value >= beta is found (the opponent will avoid this line);
    the value returned is the best found (it may lie outside (alpha, beta): fail-soft). With the full window
    (-inf, inf) the value equals negamax(board).
    """
    if ttt.is_terminal(board):
        return ttt.terminal_value(board), 1
    best, calls = -math.inf, 1
    for a in ttt.legal_moves(board):
        v, n = alphabeta(ttt.play(board, a), -beta, -max(alpha, best))
        calls += n
        best = max(best, -v)
        if best >= beta:
            break
    return best, calls


def memo_size(board):
    """Distinct positions that negamax with a transposition table visits from board (each searched once)."""
    return count_positions(board)["positions"]


def search_cost(board):
    """Nodes visited by plain negamax, memoised negamax and alpha-beta from board (dict of ints)."""
    nodes, games = tree_size(board)
    return {"plain": nodes, "games": games, "memo": memo_size(board), "alphabeta": alphabeta(board)[1]}


def exhaustive_log10(b, d):
    """log10 of b^d: the size of a uniform game tree with branching factor b and depth d."""
    return d * math.log10(b)


# ------------------------------------------------------------------ MCTS on tic-tac-toe


def uct_move(board, n_simulations, c, seed):
    """The move UCT with random rollouts plays from board (most visits after n_simulations; widgets/mcts.py)."""
    return mcts.choose_move(board, n_simulations, c, rule="uct", evaluate=mcts.rollout_evaluator, seed=seed)


def exact_evaluator(game, s, rng):
    """MCTS leaf evaluation by the exact value (memoised negamax): a perfect value net."""
    return None, float(negamax_memo(s))


def best_moves(board):
    """The moves negamax says are optimal from board (all that reach the position's value)."""
    v = negamax_memo(board)
    return [a for a in ttt.legal_moves(board) if -negamax_memo(ttt.play(board, a)) == v]


# Ten positions where exactly one move wins at once or blocks an immediate loss (X or O to move);
# UCT with 400 random-rollout simulations finds it for seeds 0-4 (tests/test_game_tree_search.py).
TACTICS = (
    ("XX.|OO.|...", 2, "X wins at once"),
    (".XO|...|.XO", 4, "X wins down the middle column"),
    ("XO.|XO.|...", 6, "X wins down the left column"),
    ("O.X|.X.|...", 6, "O blocks the anti-diagonal"),
    ("XX.|.O.|...", 2, "O blocks the top row"),
    ("O..|XX.|...", 5, "O blocks the middle row"),
    ("OX.|.X.|...", 7, "O blocks the middle column"),
    ("XX.|OO.|X..", 5, "O wins along the middle row"),
    ("XOX|.O.|...", 7, "X blocks the middle column"),
    ("X..|XO.|O..", 2, "X blocks the anti-diagonal"),
)


def tactics():
    """The shipped positions as (board, the one right move, description)."""
    return [(ttt.parse(t), a, why) for t, a, why in TACTICS]


# ------------------------------------------------------------------ Elo and matches


def elo_p(delta):
    """Expected score of a player rated delta Elo points above the opponent: 1 / (1 + 10^(-delta/400))."""
    return 1.0 / (1.0 + 10.0 ** (-delta / 400.0))


def elo_delta(p):
    """The rating gap that gives per-game score p: 400 log10(p / (1 - p)) (inverse of elo_p)."""
    return 400.0 * math.log10(p / (1.0 - p))


def match_win(p, n=5):
    """Chance of winning a best-of-n match (n odd, all n games played, no draws): P(at least (n+1)/2 wins) of
    a binomial(n, p)."""
    need = n // 2 + 1
    return sum(math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(need, n + 1))


def knife_edge(gap, per_month, months_earlier, n=5):
    """Match-win chance if the match had been months_earlier months earlier: the gap shrinks by
    per_month * months_earlier Elo, then per-game p = elo_p(gap), then best of n."""
    return match_win(elo_p(gap - per_month * months_earlier), n)


def alphabeta_ordered(board, alpha=-math.inf, beta=math.inf):
    """alphabeta with perfect move ordering (children sorted by their exact value, best first; an oracle that
    real programs approximate with heuristics or a policy net). Returns (value, calls)."""
    if ttt.is_terminal(board):
        return ttt.terminal_value(board), 1
    best, calls = -math.inf, 1
    children = sorted(ttt.legal_moves(board), key=lambda a: negamax_memo(ttt.play(board, a)))
    for a in children:
        v, n = alphabeta_ordered(ttt.play(board, a), -beta, -max(alpha, best))
        calls += n
        best = max(best, -v)
        if best >= beta:
            break
    return best, calls


# ================================================================== explorables (live + static twins)

LEAF = {"random rollout": mcts.rollout_evaluator, "exact value": exact_evaluator}
def _title(text, height, size=14):
    return pinned_title(text, height, size)
STEP_POSITIONS = {
    "O to move: X holds two corners": "X..|.O.|..X",
    "O must block the top row": "XX.|.O.|...",
    "X to move: win or lose": "XX.|OO.|...",
    "X must block the middle column": "XOX|.O.|...",
    "the empty board": "...|...|...",
}
SIM_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 400)  # the static twin's simulation counts


def _cells(moves):
    return ", ".join(str(a) for a in moves)


def _tree_coords(root):
    """Nodes of the first two plies with at least one visit: x, y, marker size, colour (value for the player to
    move at the root), hover text; and the edges as one polyline with None breaks."""
    xs, ys, size, colour, hover, text = [0.0], [0.0], [], [0.0], ["root: N = %d" % root.N], [""]
    ex, ey = [], []
    scale = max(root.N, 1)
    size.append(30.0)
    for ch in root.children or ():
        if ch.N == 0:
            continue
        x1 = float(ch.move)
        xs.append(x1), ys.append(-1.0), size.append(6 + 24 * math.sqrt(ch.N / scale)), colour.append(ch.Q)
        hover.append(f"move {ch.move}: N = {ch.N}, Q = {ch.Q:+.2f}"), text.append(str(ch.move))
        ex += [4.0, x1, None]
        ey += [0.0, -1.0, None]
        for gc in ch.children or ():
            if gc.N == 0:
                continue
            x2 = x1 + (gc.move - 4) * 0.1
            xs.append(x2), ys.append(-2.0), size.append(4 + 24 * math.sqrt(gc.N / scale)), colour.append(-gc.Q)
            hover.append(f"move {ch.move} then {gc.move}: N = {gc.N}, Q for the reply = {gc.Q:+.2f}")
            text.append("")
            ex += [x1, x2, None]
            ey += [-1.0, -2.0, None]
    xs[0] = 4.0
    return {"x": np.array(xs), "y": np.array(ys), "size": np.array(size), "colour": np.array(colour),
            "hover": hover, "text": text, "ex": ex, "ey": ey}


def _mcts_view(board, c, n, leaf, seed=0):
    """Everything the step-through figure shows after n simulations."""
    root = mcts.search(board, n, c, "uct", LEAF[leaf], seed)
    N, Q = mcts.root_stats(root)
    total = max(N.sum(), 1.0)
    z = np.full(9, np.nan)
    text = []
    for a in range(9):
        if board[a] != 0:
            text.append(".XO"[board[a]])
        else:
            z[a] = N[a] / total
            text.append(f"{a}<br>N={int(N[a])}<br>Q={Q[a]:+.2f}")
    best = best_moves(board)
    played = mcts.best_move(root) if root.children else None
    verdict = "agrees with negamax" if played in best else "is NOT one of negamax's"
    title = (f"UCT with {leaf}s, c = {c:.1f}, after {n} simulation{'s' if n != 1 else ''}:<br>"
             f"plays {played} (most visits), which {verdict}: best {_cells(best)}")
    z = [[None if np.isnan(v) else round(float(v), 4) for v in row] for row in z.reshape(3, 3)]  # None: occupied
    return {"z": z, "text": np.array(text, dtype=object).reshape(3, 3), "tree": _tree_coords(root),
            "best": best, "title": title}


MCTS_HEIGHT, MCTS_TOP = 540, 150  # px: title at 32-68, leaf buttons at 80-110, subplot titles below


def _mcts_figure(board):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.36, 0.64], horizontal_spacing=0.08,
                        subplot_titles=("share of root visits per cell", "the search tree (2 plies)"))
    fig.update_xaxes(range=[-0.5, 2.5], showgrid=False, tickvals=[0, 1, 2], title_text="column", row=1, col=1)
    fig.update_yaxes(range=[2.5, -0.5], showgrid=False, tickvals=[0, 1, 2], title_text="row", scaleanchor="x",
                     row=1, col=1)
    fig.update_xaxes(range=[-0.9, 8.9], tickvals=list(range(9)), title_text="move (cell) at ply 1", showgrid=False,
                     row=1, col=2)
    fig.update_yaxes(range=[-2.5, 0.5], tickvals=[0, -1, -2], ticktext=["root", "ply 1", "ply 2"], showgrid=False,
                     row=1, col=2)
    fig.update_layout(**{**layout(height=MCTS_HEIGHT, margin=dict(l=60, r=30, t=MCTS_TOP, b=70), showlegend=False),
                         "title": _title("", MCTS_HEIGHT)},
                      meta={"alt": "A tic-tac-toe board coloured by the share of MCTS visits each move received, "
                                   "with the visit count N and mean value Q per cell, next to the first two plies "
                                   "of the search tree with node size for visits and colour for value; green stars "
                                   "mark negamax's best moves."})
    return fig


def _mcts_traces(board, v, visible=True):
    """The four traces of one leaf-evaluation setting: board heatmap, negamax's best cells, tree edges, tree nodes."""
    t = v["tree"]
    best = v["best"]
    return [
        go.Heatmap(z=v["z"], text=v["text"], texttemplate="%{text}", zmin=0, zmax=1, colorscale="Blues",
                   showscale=False, hoverinfo="skip", xgap=3, ygap=3, visible=visible, name="visits",
                   textfont=dict(size=12)),
        go.Scatter(x=[a % 3 + 0.33 for a in best], y=[a // 3 - 0.33 for a in best], mode="markers", visible=visible,
                   marker=dict(symbol="star", size=13, color=PALETTE["green"], line=dict(width=1, color="#333")),
                   hoverinfo="skip", name="negamax's best moves"),
        go.Scatter(x=t["ex"], y=t["ey"], mode="lines", line=dict(color="#bbbbbb", width=1), hoverinfo="skip",
                   visible=visible, name="edges"),
        go.Scatter(x=t["x"], y=t["y"], mode="markers+text", text=t["text"], textposition="top center",
                   hovertext=t["hover"], hoverinfo="text", visible=visible, name="nodes",
                   marker=dict(size=t["size"], color=t["colour"], colorscale=DIVERGING, cmin=-1, cmax=1,
                               line=dict(color="#444", width=0.5),
                               colorbar=dict(title=dict(text="value for the root's player", side="right"),
                                             thickness=12, len=0.9, x=1.02))),
    ]


def mcts_static(position="O to move: X holds two corners", c=1.4, sims=SIM_STEPS, seed=0):
    """The step-through in the book: slider over the number of simulations, buttons for the leaf evaluation."""
    board = ttt.parse(STEP_POSITIONS[position])
    fig = _mcts_figure(board)
    leaves = list(LEAF)
    default = sims.index(100)
    for i, leaf in enumerate(leaves):
        for k, tr in enumerate(_mcts_traces(board, _mcts_view(board, c, sims[default], leaf, seed), i == 0)):
            fig.add_trace(tr, row=1, col=1 if k < 2 else 2)

    def states(n):
        out = {"z": [], "text": [], "x": [], "y": [], "hovertext": [], "marker.size": [], "marker.color": []}
        # A None in a restyle resets that attribute to its default: traces that do not change get their own
        # values again (the stars of negamax's best cells), and None only where the trace never had the attribute.
        stars = _mcts_traces(board, _mcts_view(board, c, 1, leaves[0], seed))[1]
        for leaf in leaves:
            v = _mcts_view(board, c, n, leaf, seed)
            t = v["tree"]
            out["z"] += [v["z"], None, None, None]
            out["text"] += [v["text"].tolist(), None, None, t["text"]]
            out["x"] += [None, list(stars.x), t["ex"], t["x"]]
            out["y"] += [None, list(stars.y), t["ey"], t["y"]]
            out["hovertext"] += [None, None, None, t["hover"]]
            out["marker.size"] += [None, stars.marker.size, None, t["size"]]
            out["marker.color"] += [None, stars.marker.color, None, t["colour"]]
        return {k: [_keep(x) for x in v] for k, v in out.items()}

    traces = list(range(4 * len(leaves)))
    def title(n):
        plays = [mcts.choose_move(board, n, c, "uct", LEAF[leaf], seed) for leaf in leaves]
        return (f"{position}. UCT, c = {c:.1f}, {n} simulation{'s' if n != 1 else ''}:<br>"
                f"with random rollouts it plays {plays[0]}, with exact values {plays[1]}; "
                f"negamax's best: {_cells(best_moves(board))}")
    fig = _precomputed(fig, "simulations", sims, states, traces, default, title)
    fig.update_layout(title_text=title(sims[default]),
                      updatemenus=[dict(name="leaf evaluation", type="buttons", direction="right", x=0.0,
                                        y=1 + 40 / (MCTS_HEIGHT - MCTS_TOP - 70),
                                        xanchor="left", yanchor="bottom", showactive=True, active=0,
                                        pad=dict(r=4, t=0),
                                        buttons=[dict(label=leaf, method="restyle",
                                                      args=[{"visible": [j // 4 == i for j in traces]}])
                                                 for i, leaf in enumerate(leaves)])])
    return fig


def _keep(x):
    """None stays None (a trace the step does not touch); arrays are rounded to keep the page small."""
    if x is None:
        return None
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return [None if not np.isfinite(v) else round(float(v), 3) for v in x.ravel()] if x.ndim == 1 else \
            [[None if not np.isfinite(v) else round(float(v), 3) for v in row] for row in x]
    return x


def _precomputed(fig, label, values, states, traces, active, title):
    """A slider whose step i restyles `traces` with states(values[i]) and sets the title (course.figures.slider)."""
    from course.figures import slider

    args = [[states(v), {"title.text": title(v)}, list(traces)] for v in values]
    fig.update_layout(sliders=[slider(label, values, args, active=active, fmt="{:d}".format)])
    return fig


def mcts_live():
    """The MCTS step-through in JupyterLab: position, c, simulations, leaf evaluation, seed."""
    style = {"description_width": "150px"}
    position = W.Dropdown(options=list(STEP_POSITIONS), value="O to move: X holds two corners",
                          description="position", style=style, layout=W.Layout(width="420px"))
    c = W.FloatSlider(1.4, min=0.0, max=3.0, step=0.1, description="c (exploration)", style=style,
                      readout_format=".1f")
    n = W.IntSlider(100, min=1, max=400, description="simulations", style=style)
    leaf = W.ToggleButtons(options=list(LEAF), value="random rollout", description="leaf evaluation", style=style)
    seed = W.IntSlider(0, min=0, max=9, description="seed", style=style)
    board = ttt.parse(STEP_POSITIONS[position.value])
    fw = go.FigureWidget(_mcts_figure(board))
    for k, tr in enumerate(_mcts_traces(board, _mcts_view(board, c.value, n.value, leaf.value, seed.value))):
        fw.add_trace(tr, row=1, col=1 if k < 2 else 2)

    def update(*_):
        b = ttt.parse(STEP_POSITIONS[position.value])
        v = _mcts_view(b, c.value, n.value, leaf.value, seed.value)
        t = v["tree"]
        with fw.batch_update():
            fw.data[0].z, fw.data[0].text = v["z"], v["text"]
            fw.data[1].x = [a % 3 + 0.33 for a in v["best"]]
            fw.data[1].y = [a // 3 - 0.33 for a in v["best"]]
            fw.data[2].x, fw.data[2].y = t["ex"], t["ey"]
            fw.data[3].update(x=t["x"], y=t["y"], text=t["text"], hovertext=t["hover"])
            fw.data[3].marker.size, fw.data[3].marker.color = t["size"], t["colour"]
            fw.layout.title.text = v["title"]

    for w in (position, c, n, leaf, seed):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([position, leaf]), W.VBox([c, n, seed])]), fw])


def mcts_step_through() -> Explorable:
    return Explorable("MCTS step by step", live=mcts_live, static=mcts_static)


# ---------------------------------------------------------------- search cost

COST_POSITIONS = {
    "the empty board": "...|...|...",
    "X in a corner": "X..|...|...",
    "X on an edge": ".X.|...|...",
    "X in the centre": "...|.X.|...",
    "X corner, O centre": "X..|.O.|...",
    "X corner, O edge": "XO.|...|...",
    "three moves in": "XO.|.X.|...",
    "four moves in": "XO.|.X.|..O",
    "O must block (3 marks)": "XX.|.O.|...",
    "X to win (4 marks)": "XX.|OO.|...",
}
COST_BARS = ("plain negamax<br>(tree nodes)", "finished games<br>(leaves)", "transposition<br>table (positions)",
             "alpha-beta<br>(calls)", "alpha-beta, best<br>move first (calls)")


@lru_cache(maxsize=256)
def _cost_values(board):
    cost = search_cost(board)
    return (cost["plain"], cost["games"], cost["memo"], cost["alphabeta"], alphabeta_ordered(board)[1])


def _cost_title(name, board):
    v = _cost_values(board)
    return (f"{name} ({ttt.render(board, '|')}), value {negamax_memo(board):+d} for the side to move:<br>"
            f"alpha-beta visits {v[0] / v[3]:.0f}× fewer nodes than plain negamax")


def _cost_figure():
    fig = go.Figure(go.Bar(x=list(COST_BARS), y=[1] * 5, texttemplate="%{y:,}", textposition="outside",
                           marker_color=[PALETTE[k] for k in ("vermillion", "orange", "sky", "blue", "green")],
                           hovertemplate="%{x}: %{y:,}<extra></extra>", name="nodes"))
    fig.update_layout(**{**layout(height=480, margin=dict(l=80, r=30, t=90, b=110), showlegend=False),
                         "title": _title("", 480)},
                      meta={"alt": "Bar chart on a log scale of the number of nodes plain negamax, negamax with a "
                                   "transposition table, and alpha-beta search visit from a tic-tac-toe position, "
                                   "with the number of finished games."})
    fig.update_yaxes(type="log", range=[0, 6.3], title_text="nodes searched (log scale)")
    fig.update_xaxes(tickangle=0, tickfont=dict(size=11))
    return fig


def cost_static():
    """Search cost in the book: a slider over positions."""
    names = list(COST_POSITIONS)
    boards = {k: ttt.parse(v) for k, v in COST_POSITIONS.items()}
    fig = _cost_figure()
    fig.data[0].y = list(_cost_values(boards[names[0]]))
    args = [[{"y": [list(_cost_values(boards[k]))]}, {"title.text": _cost_title(k, boards[k])}, [0]] for k in names]
    from course.figures import slider
    fig.update_layout(title_text=_cost_title(names[0], boards[names[0]]),
                      sliders=[slider("position", list(range(1, len(names) + 1)), args, active=0,
                                      fmt="{:d}".format, y=-0.3)])
    return fig


def cost_live():
    """Search cost in JupyterLab: pick a position or type one (9 characters of X, O and .)."""
    style = {"description_width": "120px"}
    position = W.Dropdown(options=list(COST_POSITIONS), value="the empty board", description="position",
                          style=style, layout=W.Layout(width="380px"))
    typed = W.Text(value="", placeholder="or type a board, e.g. XO.|.X.|...", description="your board",
                   style=style, continuous_update=False, layout=W.Layout(width="380px"))
    fw = go.FigureWidget(_cost_figure())
    for b in COST_POSITIONS.values():  # warm the cache: every menu entry then answers in well under a frame
        _cost_values(ttt.parse(b))

    def board_of():
        text = typed.value.strip()
        if text:
            try:
                b = ttt.parse(text)
                if sum(b) in (0, 1):
                    return "your board", b, ""
                return None, None, "not a legal position (X moves first: X has as many marks as O, or one more)"
            except AssertionError:
                return None, None, "type 9 cells of X, O and . (row by row)"
        return position.value, ttt.parse(COST_POSITIONS[position.value]), ""

    def update(*_):
        name, b, problem = board_of()
        with fw.batch_update():
            if problem:
                fw.layout.title.text = f"Your board: {problem}"
                return
            fw.data[0].y = list(_cost_values(b))
            fw.layout.title.text = _cost_title(name, b)

    for w in (position, typed):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([position, typed]), fw])


def search_cost_explorer() -> Explorable:
    return Explorable("What exhaustive search costs", live=cost_live, static=cost_static)


# ---------------------------------------------------------------- knife-edge match

MONTHS = np.arange(-12.0, 6.25, 0.25)  # match date relative to the real one (months; negative = earlier)
GAMES = (1, 3, 5, 7)


def _knife_curves(gap, per_month, n):
    delta = gap + per_month * MONTHS
    p = elo_p(delta)
    return p, np.array([match_win(float(q), n) for q in p])


def _knife_title(gap, per_month, n):
    now, m3, m6 = (knife_edge(gap, per_month, m, n) for m in (0, 3, 6))
    return (f"+{gap:.0f} Elo at the match, +{per_month:.0f} Elo per month, best of {n}:<br>"
            f"win chance {now:.3f}; 3 months earlier {m3:.3f}; 6 months earlier {m6:.3f}").replace("+-", "−")


def _knife_figure():
    fig = go.Figure()
    fig.add_hline(y=0.5, line=dict(color="#999", dash="dot", width=1))
    fig.add_vline(x=0, line=dict(color="#999", width=1))
    fig.update_layout(**{**layout(height=460, margin=dict(l=70, r=30, t=90, b=110),
                                  legend=dict(x=0.01, y=0.99, bgcolor="rgba(255,255,255,0.85)")),
                         "title": _title("", 460)},
                      meta={"alt": "Chance of winning the match against the date of the match in months relative "
                                   "to the real one, for an illustrative Elo gap that grows by a fixed amount per "
                                   "month, with the single-game chance for comparison."})
    fig.update_xaxes(title_text="match date relative to the real one (months; negative = earlier)",
                     range=[-12, 6], dtick=3)
    fig.update_yaxes(title_text="chance of winning", range=[0, 1])
    return fig


def knife_static(gap=100.0, rates=(0, 10, 20, 25, 30, 40, 60)):
    """The knife edge in the book: slider over Elo gained per month, buttons for the number of games."""
    fig = _knife_figure()
    default = rates.index(25)
    p, _ = _knife_curves(gap, rates[default], 1)
    fig.add_trace(go.Scatter(x=MONTHS, y=p, name="one game", line=dict(color=PALETTE["sky"], dash="dash")))
    for n in GAMES:
        fig.add_trace(go.Scatter(x=MONTHS, y=_knife_curves(gap, rates[default], n)[1], name=f"best-of-{n} match",
                                 line=dict(color=PALETTE["blue"], width=3), visible=n == 5))

    def states(r):
        return {"y": [_knife_curves(gap, r, 1)[0]] + [_knife_curves(gap, r, n)[1] for n in GAMES]}

    precomputed_slider_figure(fig, "Elo gained per month", rates, states, list(range(1 + len(GAMES))),
                              active=default, fmt="{:d}".format,
                              title=lambda r: _knife_title(gap, r, 5) + " (buttons: other match lengths)")
    fig.update_layout(title_text=_knife_title(gap, rates[default], 5) + " (buttons: other match lengths)",
                      updatemenus=[dict(name="games in the match", type="buttons", direction="right", x=1.0,
                                        y=0.02, xanchor="right", yanchor="bottom", showactive=True,
                                        active=GAMES.index(5),
                                        buttons=[dict(label=f"best of {n}", method="restyle",
                                                      args=[{"visible": [True] + [m == n for m in GAMES]}])
                                                 for n in GAMES])])
    fig.layout.sliders[0].y = -0.22
    return fig


def knife_live():
    """The knife edge in JupyterLab: Elo gap at the match, Elo per month, games in the match."""
    style = {"description_width": "170px"}
    gap = W.IntSlider(100, min=-100, max=400, step=10, description="Elo gap at the match", style=style)
    rate = W.IntSlider(25, min=0, max=80, step=5, description="Elo gained per month", style=style)
    games = W.ToggleButtons(options=list(GAMES), value=5, description="games (best of)", style=style)
    fw = go.FigureWidget(_knife_figure())
    fw.add_trace(go.Scatter(x=MONTHS, name="one game", line=dict(color=PALETTE["sky"], dash="dash")))
    fw.add_trace(go.Scatter(x=MONTHS, name="the match", line=dict(color=PALETTE["blue"], width=3)))
    fw.add_trace(go.Scatter(x=[0, -3, -6], mode="markers+text", textposition="top right", name="0, 3, 6 months earlier",
                            marker=dict(color=PALETTE["vermillion"], size=10)))

    def update(*_):
        p, m = _knife_curves(gap.value, rate.value, games.value)
        marks = [knife_edge(gap.value, rate.value, k, games.value) for k in (0, 3, 6)]
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = p, m
            fw.data[1].name = f"best-of-{games.value} match"
            fw.data[2].y, fw.data[2].text = marks, [f"{v:.3f}" for v in marks]
            fw.layout.title.text = _knife_title(gap.value, rate.value, games.value)

    for w in (gap, rate, games):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([gap, rate]), games]), fw])


def knife_edge_match() -> Explorable:
    return Explorable("The knife-edge match", live=knife_live, static=knife_static)
