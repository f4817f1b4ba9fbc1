"""Zero: learning by self-play. The models of chapter `self-play` and its two explorables.

The games are widgets/tictactoe.py and widgets/connect3.py (one interface); the search is widgets/mcts.py
(PUCT, with root Dirichlet noise). AlphaZero-lite replaces AlphaGo Zero's network by two tables, a policy
P[s] (a distribution over actions) and a value V[s] (for the side to move), trained on self-play games
toward the search's visit distribution and the final result. Pure python/numpy.

Models:
    agz_loss            (z - v)^2 - pi . log p + c ||theta||^2         (AlphaGo Zero's loss, natural log)
    visits_to_policy    pi proportional to N^(1/tau); tau = 0: one-hot on the first most-visited move
    expected_mixed_prior, mixed_prior    (1 - eps) P + eps Dir(alpha), its expectation and one sample
    value_targets       z for every position of a finished game, from the side to move there
    table_update        one step of the tables toward (pi, z) with learning rate lr
    solve               exact value of a position of any game with the interface (memoised negamax)
    train               AlphaZero-lite: self-play games, table updates, evaluations at checkpoints
    match               W/D/L of a table agent against the random or a perfect player
Explorables: self_play_dashboard() (precomputed training curves, data/self_play/), temperature_and_noise().
Regenerate the shipped curves: .venv/bin/python -m widgets.self_play   (about a minute per configuration)
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure, slider
from widgets import mcts
from widgets import tictactoe as ttt

DATA = Path(__file__).resolve().parents[1] / "data" / "self_play"

# ------------------------------------------------------------------ targets and loss


def agz_loss(z, v, pi, p, c, theta_sq):
    """AlphaGo Zero's loss for one position: (z - v)^2 - sum_a pi_a ln p_a + c ||theta||^2.

    z: game result for the side to move (+1, 0, -1); v: predicted value; pi: search policy (target);
    p: predicted policy (positive where pi > 0); c: L2 weight; theta_sq: ||theta||^2. Terms with pi_a = 0 add 0.
    """
    pi, p = np.asarray(pi, dtype=float), np.asarray(p, dtype=float)
    m = pi > 0
    return float((z - v) ** 2 - np.sum(pi[m] * np.log(p[m])) + c * theta_sq)


def visits_to_policy(N, tau):
    """The move distribution pi(a) proportional to N(a)^(1/tau). tau = 0: all mass on the first most-visited move.

    N: visit counts (non-negative, not all 0); tau >= 0. Computed as (N / max N)^(1/tau) so that small tau
    does not overflow.
    """
    N = np.asarray(N, dtype=float)
    if tau == 0:
        pi = np.zeros_like(N)
        pi[int(np.argmax(N))] = 1.0
        return pi
    pi = (N / N.max()) ** (1.0 / tau)
    return pi / pi.sum()


def expected_mixed_prior(P, epsilon):
    """E[(1 - eps) P + eps eta] for eta ~ Dir(alpha, ..., alpha) over the len(P) moves: E[eta] is uniform, 1/K."""
    P = np.asarray(P, dtype=float)
    return (1.0 - epsilon) * P + epsilon / len(P)


def mixed_prior(P, epsilon, alpha, seed=0):
    """One draw of the noisy root prior (1 - eps) P + eps eta, eta ~ Dir(alpha) (what mcts.add_root_noise does)."""
    P = np.asarray(P, dtype=float)
    eta = np.random.default_rng(seed).dirichlet([float(alpha)] * len(P))
    return (1.0 - epsilon) * P + epsilon * eta, eta


def value_targets(moves, game=ttt):
    """z_t for each position s_t of a finished game given by its moves: the result for the side to move at s_t.

    +1 at the winner's positions, -1 at the loser's, 0 everywhere in a draw.
    """
    states = [game.initial()]
    for a in moves:
        states.append(game.play(states[-1], a))
    final = states[-1]
    w = game.winner(final)  # +1 X, -1 O, 0 draw
    return np.array([float(w * game.to_move(s)) for s in states[:-1]])


def table_update(p, v, pi, z, lr):
    """One step of the tables toward the targets: p + lr (pi - p), v + lr (z - v).

    (The gradient steps of (z - v)^2 / 2 and of the squared distance to pi; the step keeps p a distribution.)
    """
    p, pi = np.asarray(p, dtype=float), np.asarray(pi, dtype=float)
    return p + lr * (pi - p), float(v + lr * (z - v))


@lru_cache(maxsize=None)
def _solve(game, s):
    if game.is_terminal(s):
        return game.terminal_value(s)
    return max(-_solve(game, game.play(s, a)) for a in game.legal_moves(s))


def solve(game, s):
    """Exact value of s for the side to move (+1 / 0 / -1) in any game with the interface (memoised negamax)."""
    return _solve(game, s)


def best_moves(game, s):
    """The moves that keep the exact value of s."""
    v = solve(game, s)
    return [a for a in game.legal_moves(s) if -solve(game, game.play(s, a)) == v]


def reachable(game):
    """The number of positions reachable from the start (the start included)."""
    seen, stack = {game.initial()}, [game.initial()]
    while stack:
        s = stack.pop()
        for a in game.legal_moves(s):
            t = game.play(s, a)
            if t not in seen:
                seen.add(t)
                stack.append(t)
    return len(seen)


# Connect-3 positions (top row first) where exactly one move is right: an immediate win or the only block.
# UCT with 200 random-rollout simulations finds each for seeds 0-4 (tests/test_self_play.py).
C3_TACTICS = (
    ("....|....|XO..|XO..", 0, "X wins up column 0"),
    ("....|....|XOO.|OXX.", 3, "X wins along the second row"),
    ("....|....|.O..|XX..", 2, "O blocks the bottom row"),
    ("....|X...|OO..|XXO.", 2, "X blocks O's second row"),
)


def c3_tactics():
    """The shipped Connect-3 positions as (board, the one right move, description)."""
    from widgets import connect3
    return [(connect3.parse(t), a, why) for t, a, why in C3_TACTICS]


# ------------------------------------------------------------------ AlphaZero-lite


CALIBRATION = dict(games=1000, sims=25, c=1.5, alpha=0.5, epsilon=0.25, sampled_moves=2, lr=0.2, seed=0)


def table_evaluator(P, V, game=ttt):
    """A PUCT leaf evaluator reading the tables (uniform prior and value 0 for a position never trained on)."""
    def fn(s):
        p = P.get(s)
        return (mcts.uniform_priors(game, s) if p is None else p), V.get(s, 0.0)
    return mcts.prior_value_evaluator(fn)


def agent_move(P, V, s, sims, c, game=ttt):
    """The trained agent's move: PUCT over the tables, no noise, the most-visited move (first on ties)."""
    root = mcts.search(s, sims, c, "puct", table_evaluator(P, V, game), seed=0, game=game)
    N, _ = mcts.root_stats(root, game)
    return int(np.argmax(N))


def self_play_game(P, V, sims, c, alpha, epsilon, sampled_moves, rng, game=ttt):
    """One self-play game: [(s_t, pi_t)] and the moves. pi_t = visits_to_policy(N, 1) at the noisy root; the first
    sampled_moves moves are sampled from pi_t, the rest are the most-visited move."""
    s, record, moves = game.initial(), [], []
    evaluate = table_evaluator(P, V, game)
    while not game.is_terminal(s):
        root = mcts.search(s, sims, c, "puct", evaluate, game=game, noise_epsilon=epsilon, noise_alpha=alpha, rng=rng)
        N, _ = mcts.root_stats(root, game)
        pi = visits_to_policy(N, 1.0)
        a = int(rng.choice(game.N_ACTIONS, p=pi)) if len(moves) < sampled_moves else int(np.argmax(N))
        record.append((s, pi))
        moves.append(a)
        s = game.play(s, a)
    return record, moves


def train_games(P, V, first, last, sims, c, alpha, epsilon, sampled_moves, lr, seed, game=ttt):
    """Self-play games first..last-1 (game g uses rng default_rng([seed, g])), each followed by its table updates."""
    for g in range(first, last):
        rng = np.random.default_rng([seed, g])
        record, moves = self_play_game(P, V, sims, c, alpha, epsilon, sampled_moves, rng, game)
        for (s, pi), z in zip(record, value_targets(moves, game)):
            p0 = P.get(s)
            p0 = mcts.uniform_priors(game, s) if p0 is None else p0
            P[s], V[s] = table_update(p0, V.get(s, 0.0), pi, z, lr)


def match(P, V, opponent, n_games, sims, c, seed, game=ttt):
    """(wins, draws, losses) of the table agent in n_games, X in even games and O in odd ones.
    opponent: "random" (uniform legal move) or "perfect" (a uniformly random move among the exact best ones)."""
    rng = np.random.default_rng([seed, 7919])
    w = d = l = 0
    for g in range(n_games):
        me = 1 if g % 2 == 0 else -1
        s = game.initial()
        while not game.is_terminal(s):
            if game.to_move(s) == me:
                a = agent_move(P, V, s, sims, c, game)
            else:
                options = game.legal_moves(s) if opponent == "random" else best_moves(game, s)
                a = options[int(rng.integers(len(options)))]
            s = game.play(s, a)
        result = game.winner(s) * me
        w, d, l = w + (result > 0), d + (result == 0), l + (result < 0)
    return w, d, l


def train(games=1000, sims=25, c=1.5, alpha=0.5, epsilon=0.25, sampled_moves=2, lr=0.2, seed=0, every=100,
          n_random=50, n_perfect=20, game=ttt):
    """AlphaZero-lite: self-play, table updates, and at every checkpoint (0, every, 2 every, ..., games) a match of
    n_random games against random play and n_perfect against a perfect player. Returns a dict of lists:
    games, random_w/d/l, perfect_w/d/l, prior (the empty board's P), value (its V). Deterministic given seed;
    a shorter run gives a prefix of a longer one."""
    P, V = {}, {}
    out = {k: [] for k in ("games", "random_w", "random_d", "random_l", "perfect_w", "perfect_d", "perfect_l",
                           "prior", "value")}
    start = game.initial()
    for k in range(0, games + 1, every):
        if k:
            train_games(P, V, k - every, k, sims, c, alpha, epsilon, sampled_moves, lr, seed, game)
        out["games"].append(k)
        for name, n in (("random", n_random), ("perfect", n_perfect)):
            w, d, l = match(P, V, name, n, sims, c, seed, game)
            out[f"{name}_w"].append(w); out[f"{name}_d"].append(d); out[f"{name}_l"].append(l)
        p = P.get(start)
        out["prior"].append([round(float(x), 4) for x in (mcts.uniform_priors(game, start) if p is None else p)])
        out["value"].append(round(float(V.get(start, 0.0)), 4))
    return out


# Configurations of the shipped training curves (data/self_play/curves.json); the first is the calibration.
CONFIGS = {
    "calibration": {},
    "no root noise (ε = 0)": {"epsilon": 0.0},
    "slow learning (rate 0.05)": {"lr": 0.05},
}


def generate(path=DATA / "curves.json", games=1000, every=100):
    """Train every configuration of CONFIGS and write the curves (the shipped data/self_play/curves.json)."""
    runs = {name: {**CALIBRATION, **change, "games": games} for name, change in CONFIGS.items()}
    out = {name: {"config": cfg, **train(**{k: v for k, v in cfg.items()}, every=every)} for name, cfg in runs.items()}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n")
    return out


def load_curves(path=DATA / "curves.json"):
    """The shipped training curves: {configuration: {config, games, random_w, ..., prior, value}}."""
    return json.loads(Path(path).read_text())



# ------------------------------------------------------------------ explorables

CURVES = (("random_w", "wins vs random (of 50)", "green", 50), ("random_l", "losses vs random (of 50)", "vermillion", 50),
          ("perfect_d", "draws vs perfect (of 20)", "blue", 20))
CELLS = [str(i) for i in range(9)]


def _dash_title(name, run, i):
    k = run["games"][i]
    return (f"{name}, after {k:,} self-play games:<br>vs random W–D–L {run['random_w'][i]}–{run['random_d'][i]}–"
            f"{run['random_l'][i]} of 50; vs perfect {run['perfect_d'][i]} draws of 20;<br>"
            f"empty board V = {run['value'][i]:+.2f}")


def _dash_static_title(k):
    return (f"AlphaZero-lite on tic-tac-toe: the prior after {k:,} self-play games<br>"
            "(buttons: training run; hover a point for its share of games)")


def _board_z(prior):
    return np.asarray(prior, dtype=float).reshape(3, 3)


def _dash_figure():
    fig = make_subplots(rows=1, cols=2, column_widths=[0.62, 0.38], horizontal_spacing=0.1,
                        subplot_titles=("results at each checkpoint (share of games)", "empty board's prior P"))
    fig.update_layout(**layout(height=600, margin=dict(l=70, r=30, t=170, b=170),
                               legend=dict(orientation="h", x=0, y=-0.25, bgcolor="rgba(255,255,255,0.85)")),
                      meta={"alt": "Line chart of the AlphaZero-lite agent's wins and losses against a random player "
                                   "and draws against a perfect player as training on self-play games proceeds, "
                                   "next to a 3 by 3 heatmap of the policy table's prior on the empty board."})
    fig.update_xaxes(title_text="self-play games", row=1, col=1)
    fig.update_yaxes(title_text="share of games", range=[-0.02, 1.02], row=1, col=1)
    fig.update_xaxes(showticklabels=False, showgrid=False, row=1, col=2)
    fig.update_yaxes(showticklabels=False, showgrid=False, autorange="reversed", scaleanchor="x2", row=1, col=2)
    return fig


def _dash_traces(fig, run, i, visible=True):
    """Add one configuration's 5 traces: 3 curves, the checkpoint marker, the prior heatmap."""
    x = run["games"]
    for key, label, colour, n in CURVES:
        fig.add_trace(go.Scatter(x=x, y=np.asarray(run[key]) / n, name=label, mode="lines+markers", visible=visible,
                                 line=dict(color=PALETTE[colour]), legendgroup=label,
                                 hovertemplate="%{x} games: %{y:.2f}<extra>" + label + "</extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[x[i], x[i]], y=[0, 1], mode="lines", name="checkpoint", visible=visible,
                             line=dict(color="#777", dash="dot"), hoverinfo="skip", showlegend=False), row=1, col=1)
    z = _board_z(run["prior"][i])
    fig.add_trace(go.Heatmap(z=z, zmin=0, zmax=0.5, colorscale="Blues", showscale=False, visible=visible,
                             text=[[f"{v:.2f}" for v in row] for row in z], texttemplate="%{text}",
                             hovertemplate="cell %{x},%{y}: P = %{z:.3f}<extra></extra>", name="prior"), row=1, col=2)


def dashboard_static(curves=None):
    """The dashboard in the book: a slider over checkpoints, buttons over the shipped configurations."""
    curves = load_curves() if curves is None else curves
    names = list(curves)
    fig = _dash_figure()
    last = len(curves[names[0]]["games"]) - 1
    for j, name in enumerate(names):
        _dash_traces(fig, curves[name], last, visible=j == 0)
    per = 5

    def states(i):
        x, z, text = [], [], []
        for name in names:
            run = curves[name]
            x.append([run["games"][i]] * 2)
            zz = _board_z(run["prior"][i])
            z.append(zz)
            text.append([[f"{v:.2f}" for v in row] for row in zz])
        return {"x": x, "z": z, "text": text}

    # one restyle per slider step touching x of the markers and z/text of the heatmaps (other keys stay None)
    args = []
    for i in range(last + 1):
        st = states(i)
        data = {"x": [], "z": [], "text": []}
        idx = []
        for j in range(len(names)):
            idx += [per * j + 3, per * j + 4]
            data["x"] += [st["x"][j], None]
            data["z"] += [None, st["z"][j].tolist()]
            data["text"] += [None, st["text"][j]]
        args.append([data, {"title.text": _dash_static_title(curves[names[0]]["games"][i])}, idx])
    k = curves[names[0]]["games"]
    fig.update_layout(sliders=[slider("self-play games", k, args, active=last, fmt="{:,}".format, y=-0.38)],
                      title_text=_dash_static_title(k[last]))
    fig.update_layout(updatemenus=[dict(
        name="training run", type="buttons", direction="right", x=0, y=1.12, xanchor="left", yanchor="bottom",
        showactive=True, active=0,
        buttons=[dict(label=name, method="restyle",
                      args=[{"visible": [jj == j for jj in range(len(names)) for _ in range(per)]}])
                 for j, name in enumerate(names)])])
    return fig


def dashboard_live(curves=None):
    """The dashboard in JupyterLab: pick a training run and a checkpoint."""
    curves = load_curves() if curves is None else curves
    names = list(curves)
    style = {"description_width": "130px"}
    run_w = W.Dropdown(options=names, value=names[0], description="training run", style=style,
                       layout=W.Layout(width="420px"))
    n_check = len(curves[names[0]]["games"])
    step = W.SelectionSlider(options=[(f"{k:,} games", i) for i, k in enumerate(curves[names[0]]["games"])],
                             value=n_check - 1, description="checkpoint", style=style,
                             layout=W.Layout(width="420px"))
    fig = _dash_figure()
    fig.update_layout(height=520, margin=dict(b=90))  # no slider under the live figure
    _dash_traces(fig, curves[names[0]], n_check - 1)
    fw = go.FigureWidget(fig)

    def update(*_):
        run, i = curves[run_w.value], step.value
        z = _board_z(run["prior"][i])
        with fw.batch_update():
            for t, (key, _, _, n) in enumerate(CURVES):
                fw.data[t].x, fw.data[t].y = run["games"], np.asarray(run[key]) / n
            fw.data[3].x = [run["games"][i]] * 2
            fw.data[4].z, fw.data[4].text = z, [[f"{v:.2f}" for v in row] for row in z]
            fw.layout.title.text = _dash_title(run_w.value, run, i)

    for w in (run_w, step):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([run_w, step]), fw])


def self_play_dashboard() -> Explorable:
    return Explorable("Self-play dashboard", live=dashboard_live, static=dashboard_static)


# ---------------------------------------------------------------- temperature and noise

EXAMPLE_VISITS = (4, 2, 6, 3, 40, 5, 9, 1, 30)  # an illustrative root visit count over the 9 cells (100 visits)
TAUS = (2.0, 1.5, 1.0, 0.75, 0.5, 0.25, 0.1, 0.0)
ALPHAS = (0.03, 0.3, 1.0, 10.0)


def _noise_title(tau, alpha, epsilon):
    pi = visits_to_policy(EXAMPLE_VISITS, tau)
    noise = "buttons: α of the noise" if alpha is None else f"α = {alpha:g}"
    return f"τ = {tau:g}: the most-visited move gets π = {pi.max():.2f}<br>root noise ε = {epsilon:.2f}, {noise}"


def _noise_figure():
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("visits → move distribution π ∝ N^(1/τ)",
                                        "prior P, noise η, (1 − ε)P + εη"))
    fig.update_layout(**layout(height=580, margin=dict(l=70, r=30, t=180, b=170),
                               legend=dict(orientation="h", x=0, y=-0.3, bgcolor="rgba(255,255,255,0.85)")),
                      barmode="group",
                      meta={"alt": "Two bar charts over the nine cells: left, the move distribution obtained from "
                                   "fixed visit counts at a temperature tau; right, a prior, one Dirichlet noise "
                                   "sample and their mixture at the root."})
    for col in (1, 2):
        fig.update_xaxes(title_text="move (cell 0–8)", dtick=1, row=1, col=col)
    fig.update_yaxes(title_text="probability", range=[0, 1], row=1, col=1)
    fig.update_yaxes(title_text="probability", range=[0, 1], row=1, col=2)
    return fig


def _noise_bars(alpha, epsilon, seed):
    P = visits_to_policy(EXAMPLE_VISITS, 1.0)
    mixed, eta = mixed_prior(P, epsilon, alpha, seed)
    return P, eta, mixed


def noise_static(epsilon=0.25, seed=0):
    """Temperature and noise in the book: a τ slider (left), buttons over α (right)."""
    fig = _noise_figure()
    cells = list(range(9))
    fig.add_trace(go.Bar(x=cells, y=visits_to_policy(EXAMPLE_VISITS, 1.0), name="π (left)",
                         marker_color=PALETTE["blue"]), row=1, col=1)
    P = visits_to_policy(EXAMPLE_VISITS, 1.0)
    fig.add_trace(go.Bar(x=cells, y=P, name="prior P", marker_color=PALETTE["sky"]), row=1, col=2)
    for j, a in enumerate(ALPHAS):
        _, eta, mixed = _noise_bars(a, epsilon, seed)
        vis = a == 0.3
        fig.add_trace(go.Bar(x=cells, y=eta, name=f"noise η (α = {a:g})", marker_color=PALETTE["orange"],
                             visible=vis), row=1, col=2)
        fig.add_trace(go.Bar(x=cells, y=mixed, name=f"mixed (α = {a:g})", marker_color=PALETTE["green"],
                             visible=vis), row=1, col=2)
    active = TAUS.index(1.0)
    precomputed_slider_figure(fig, "temperature τ", TAUS, lambda t: {"y": [visits_to_policy(EXAMPLE_VISITS, t)]},
                              [0], active=active, fmt="{:g}".format,
                              title=lambda t: _noise_title(t, None, epsilon))
    fig.update_layout(title_text=_noise_title(1.0, None, epsilon),
                      updatemenus=[dict(name="Dirichlet α", type="buttons", direction="right", x=0, y=1.15,
                                        xanchor="left", yanchor="bottom", showactive=True, active=1,
                                        buttons=[dict(label=f"α = {a:g}", method="restyle",
                                                      args=[{"visible": [True, True] + [b == a for b in ALPHAS
                                                                                        for _ in range(2)]}])
                                                 for a in ALPHAS])])
    fig.layout.sliders[0].y = -0.42
    return fig


def noise_live():
    """Temperature and noise in JupyterLab: τ, α, ε and the noise sample's seed."""
    style = {"description_width": "120px"}
    tau = W.FloatSlider(1.0, min=0.0, max=2.0, step=0.05, description="temperature τ", style=style)
    alpha = W.SelectionSlider(options=[0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 3.0, 10.0], value=0.3,
                              description="Dirichlet α", style=style)
    eps = W.FloatSlider(0.25, min=0.0, max=1.0, step=0.05, description="noise share ε", style=style)
    seed = W.IntSlider(0, min=0, max=20, description="noise seed", style=style)
    fig = _noise_figure()
    cells = list(range(9))
    fig.add_trace(go.Bar(x=cells, name="π (left)", marker_color=PALETTE["blue"]), row=1, col=1)
    fig.add_trace(go.Bar(x=cells, name="prior P", marker_color=PALETTE["sky"]), row=1, col=2)
    fig.add_trace(go.Bar(x=cells, name="noise η", marker_color=PALETTE["orange"]), row=1, col=2)
    fig.add_trace(go.Bar(x=cells, name="mixed", marker_color=PALETTE["green"]), row=1, col=2)
    fig.update_layout(height=500, margin=dict(t=120, b=100), legend_y=-0.25)  # no slider or buttons in the figure
    fw = go.FigureWidget(fig)

    def update(*_):
        P, eta, mixed = _noise_bars(alpha.value, eps.value, seed.value)
        with fw.batch_update():
            fw.data[0].y = visits_to_policy(EXAMPLE_VISITS, tau.value)
            fw.data[1].y, fw.data[2].y, fw.data[3].y = P, eta, mixed
            fw.layout.title.text = _noise_title(tau.value, alpha.value, eps.value)

    for w in (tau, alpha, eps, seed):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([tau, eps]), W.VBox([alpha, seed])]), fw])


def temperature_and_noise() -> Explorable:
    return Explorable("Temperature and noise", live=noise_live, static=noise_static)


if __name__ == "__main__":
    import time
    t0 = time.perf_counter()
    generate()
    print(f"wrote {DATA / 'curves.json'} in {time.perf_counter() - t0:.0f} s")
