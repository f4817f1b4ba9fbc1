"""Planning with a learned model: the models of chapter `muzero` and its explorables.

Models (pure numpy, parameters in, arrays out):
    nstep_targets        MuZero's value targets z_t = sum_{i<n} γ^i r_{t+i} + γ^n v_{t+n} (no bootstrap past the end)
    grid_mdp             the 3×4 gridworld with slip: tables P[s, a, s'], R[s, a] (reward on entry), terminal[s]
    value_iteration      V*(s) = max_a R(s, a) + γ Σ_s' P(s, a, s') V*(s'), terminal V = 0
    q_values, greedy_policy, policy_evaluation   Q from V, the greedy plan, and a plan's true value V^π
    sample_transitions   k random (s, a) pairs of the true model, each with one sampled s' and its reward
    learned_model        counts -> P̂, R̂ (unseen pairs: a self-loop with reward 0)
    learned_plan_return  plan on the learned model, score the plan on the true model (V^π(start))
    distractor_mdp       the gridworld times b random "pixel" bits that planning does not need
    table_sizes          entries of a full-state transition table vs a value-equivalent one
    puct_c, muzero_puct  MuZero's exploration coefficient c1 + ln((N + c2 + 1)/c2) and pUCT scores
                         (the score is widgets/mcts.puct_score with that coefficient)
Explorables: learned_model_planner(), what_to_predict(), puct_explorer().
"""
from __future__ import annotations

import functools
import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets import mcts

# ================================================================== n-step targets


def nstep_targets(r, v, gamma, n):
    """MuZero's value targets for one episode of T steps.

    r[t]: the reward received after the action at step t; v[t]: the search value of the state at step t.
    z_t = r_t + γ r_{t+1} + … + γ^(n−1) r_{t+n−1} + γ^n v_{t+n}; rewards past the end count 0 and there is no
    bootstrap term when t + n ≥ T (the episode is over). Returns an array of T floats.
    """
    r, v = np.asarray(r, dtype=float), np.asarray(v, dtype=float)
    T = len(r)
    z = np.zeros(T)
    for t in range(T):
        for i in range(n):
            if t + i < T:
                z[t] += gamma ** i * r[t + i]
        if t + n < T:
            z[t] += gamma ** n * v[t + n]
    return z


# ================================================================== the 3×4 gridworld with slip

ROWS, COLS = 3, 4
WALL, GOAL, TRAP, START = (1, 1), (0, 3), (1, 3), (2, 0)
ACTIONS = ("↑", "→", "↓", "←")
_MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))
CELLS = tuple((r, c) for r in range(ROWS) for c in range(COLS) if (r, c) != WALL)  # 11 states, row by row


def _step(cell, move):
    r, c = cell[0] + move[0], cell[1] + move[1]
    if not (0 <= r < ROWS and 0 <= c < COLS) or (r, c) == WALL:
        return cell
    return (r, c)


@functools.lru_cache(maxsize=16)
def _grid(slip):
    index = {cell: i for i, cell in enumerate(CELLS)}
    S, A = len(CELLS), len(ACTIONS)
    entry = np.array([1.0 if cell == GOAL else -1.0 if cell == TRAP else 0.0 for cell in CELLS])
    P = np.zeros((S, A, S))
    for s, cell in enumerate(CELLS):
        for a in range(A):
            for move, p in ((a, 1 - slip), ((a + 1) % 4, slip / 2), ((a + 3) % 4, slip / 2)):
                if p > 0:
                    P[s, a, index[_step(cell, _MOVES[move])]] += p
    terminal = np.array([cell in (GOAL, TRAP) for cell in CELLS])
    R = P @ entry
    for x in (P, R, terminal, entry):
        x.flags.writeable = False
    return P, R, terminal, entry, index[START]


def grid_mdp(slip=0.2):
    """The 3×4 gridworld: goal +1 top right, trap −1 below it, a wall at row 1 col 1, start bottom left.

    Actions 0 ↑, 1 →, 2 ↓, 3 ← move as intended with probability 1 − slip and slip/2 to each side (at right
    angles); a move into the edge or the wall stays put. The reward is paid on ENTERING the goal (+1) or the trap
    (−1), both terminal. States are the 11 free cells, row by row (CELLS). Returns dict P (11, 4, 11),
    R (11, 4) = expected reward on entry, terminal (11,) bool, entry (11,) reward for entering each cell, start.
    (A terminal state's row is a self-loop that would pay its entry reward again: planners must give it V = 0.)
    """
    P, R, terminal, entry, start = _grid(float(slip))
    return {"P": P, "R": R, "terminal": terminal, "entry": entry, "start": start}


def value_iteration(P, R, terminal, gamma, tol=1e-12):
    """Optimal state values: repeat V(s) ← max_a [R(s, a) + γ Σ_s' P(s, a, s') V(s')], with V = 0 at terminal
    states, until no value changes by more than tol. P (S, A, S), R (S, A), terminal (S,) bool, 0 ≤ γ < 1."""
    R = np.asarray(R, dtype=float)
    P2 = np.asarray(P, dtype=float).reshape(R.size, -1)  # (S·A, S): one matrix-vector product per sweep
    live = ~np.asarray(terminal, dtype=bool)
    V = np.zeros(len(live))
    while True:
        new = np.where(live, (R + gamma * (P2 @ V).reshape(R.shape)).max(axis=1), 0.0)
        if np.max(np.abs(new - V)) <= tol:
            return new
        V = new


def q_values(P, R, terminal, gamma, V):
    """Q(s, a) = R(s, a) + γ Σ_s' P(s, a, s') V(s'); 0 at terminal states."""
    Q = np.asarray(R, dtype=float) + gamma * np.asarray(P, dtype=float) @ np.asarray(V, dtype=float)
    return np.where(np.asarray(terminal)[:, None], 0.0, Q)


def greedy_policy(P, R, terminal, gamma, V, tol=1e-9):
    """The greedy action per state (ties within tol go to the lowest action index)."""
    Q = q_values(P, R, terminal, gamma, V)
    return np.argmax(Q >= Q.max(axis=1, keepdims=True) - tol, axis=1)


def policy_evaluation(P, R, terminal, gamma, policy, tol=1e-13):
    """V^π on a model: iterate V ← R_π + γ P_π V (V = 0 at terminal states) until no value changes by more than
    tol; the fixed point solves the Bellman equation V = R_π + γ P_π V. (Iteration, not a linear solve: a small
    dense solve is slower than these sweeps on a busy machine.)"""
    s = np.arange(len(policy))
    Ppi, Rpi = np.asarray(P, dtype=float)[s, policy], np.asarray(R, dtype=float)[s, policy]
    live = ~np.asarray(terminal, dtype=bool)
    V = np.zeros(len(live))
    while True:
        new = np.where(live, Rpi + gamma * (Ppi @ V), 0.0)
        if np.max(np.abs(new - V)) <= tol:
            return new
        V = new


# ================================================================== learning the model from k transitions


def sample_transitions(mdp, k, seed=0):
    """k transitions of the true model: (s, a) uniform over the non-terminal states × actions, s' ~ P(s, a, ·),
    r = the entry reward of s'. Returns int arrays s, a, s2 and a float array r (each of length k)."""
    rng = np.random.default_rng(seed)
    P = mdp["P"]
    live = np.flatnonzero(~mdp["terminal"])
    s = live[rng.integers(len(live), size=k)]
    a = rng.integers(P.shape[1], size=k)
    cdf = np.cumsum(P[s, a], axis=1)
    s2 = np.minimum((cdf < rng.random(k)[:, None]).sum(axis=1), P.shape[2] - 1)
    return s, a, s2, mdp["entry"][s2]


def learned_model(s, a, s2, r, n_states, n_actions):
    """Tabular maximum-likelihood model from transitions: P̂(s, a, s') = count(s, a, s') / count(s, a) and
    R̂(s, a) = mean reward of the pair. A pair never seen gets a self-loop (P̂(s, a, s) = 1) with reward 0.
    Returns P̂ (S, A, S), R̂ (S, A), counts (S, A)."""
    counts = np.zeros((n_states, n_actions))
    C = np.zeros((n_states, n_actions, n_states))
    Rsum = np.zeros((n_states, n_actions))
    np.add.at(counts, (s, a), 1.0)
    np.add.at(C, (s, a, s2), 1.0)
    np.add.at(Rsum, (s, a), r)
    seen = counts > 0
    P = np.where(seen[:, :, None], C / np.maximum(counts, 1.0)[:, :, None], 0.0)
    idx = np.arange(n_states)
    P[idx[:, None], np.arange(n_actions)[None, :], idx[:, None]] += ~seen
    return P, np.where(seen, Rsum / np.maximum(counts, 1.0), 0.0), counts


def learned_plan_return(samples, mdp, gamma):
    """Plan on the model learned from samples = (s, a, s2, r), then score the plan on the true model.

    Learn P̂, R̂ (unseen pairs: self-loop, reward 0); value iteration on (P̂, R̂) with the true terminal flags;
    the greedy policy on the learned model; return its TRUE value V^π(start) (policy_evaluation on mdp["P"]).
    """
    S, A = mdp["R"].shape
    Ph, Rh, _ = learned_model(*samples, S, A)
    Vh = value_iteration(Ph, Rh, mdp["terminal"], gamma)
    pi = greedy_policy(Ph, Rh, mdp["terminal"], gamma, Vh)
    return float(policy_evaluation(mdp["P"], mdp["R"], mdp["terminal"], gamma, pi)[mdp["start"]])


def planner_view(slip, k, seed=0, gamma=0.9):
    """Everything the learned-model planner draws: counts per cell, the planned policy, true and optimal values."""
    mdp = grid_mdp(slip)
    S, A = mdp["R"].shape
    samples = sample_transitions(mdp, k, seed)
    Ph, Rh, counts = learned_model(*samples, S, A)
    Vh = value_iteration(Ph, Rh, mdp["terminal"], gamma)
    pi = greedy_policy(Ph, Rh, mdp["terminal"], gamma, Vh)
    V_true = policy_evaluation(mdp["P"], mdp["R"], mdp["terminal"], gamma, pi)
    V_star = value_iteration(mdp["P"], mdp["R"], mdp["terminal"], gamma)
    return {"counts": counts, "policy": pi, "V_learned": Vh, "V_pi": V_true, "V_star": V_star,
            "ret": float(V_true[mdp["start"]]), "opt": float(V_star[mdp["start"]])}


# ================================================================== distractor bits and value equivalence


def distractor_mdp(slip=0.2, b=2):
    """The gridworld times b irrelevant bits (a cartoon of pixels planning does not need): every step the bits
    are redrawn uniformly at random, whatever the action. State = cell * 2^b + bits; 11 · 2^b states.
    Returns the same dict as grid_mdp (start: the start cell with bits 0)."""
    g = grid_mdp(slip)
    m = 2 ** b
    P = np.kron(g["P"].reshape(len(CELLS) * 4, len(CELLS)), np.full((1, m), 1.0 / m)).reshape(len(CELLS), 4, -1)
    P = np.repeat(P, m, axis=0)
    return {"P": P, "R": np.repeat(g["R"], m, axis=0), "terminal": np.repeat(g["terminal"], m),
            "entry": np.repeat(g["entry"], m), "start": g["start"] * m}


def table_sizes(n_cells, n_bits, n_actions):
    """(entries of a full-state transition table, entries of a value-equivalent one).

    The full state is a cell and n_bits binary distractors: n_cells · 2^n_bits states, and a table P(s' | s, a)
    has states² · actions entries. A model that predicts only what planning needs keeps the cells:
    n_cells² · actions entries. Returns two Python ints."""
    states = n_cells * 2 ** n_bits
    return states * states * n_actions, n_cells * n_cells * n_actions


def coupon_samples(n_pairs):
    """Expected number of uniform random draws until every one of n_pairs (s, a) pairs is seen: n · H_n."""
    return float(n_pairs * np.sum(1.0 / np.arange(1, n_pairs + 1))) if n_pairs > 0 else 0.0


# ================================================================== MuZero's pUCT

C1, C2 = 1.25, 19_652  # outside: Schrittwieser et al. 2020 (Methods and pseudocode)


def puct_c(N, c1=C1, c2=C2):
    """MuZero's exploration coefficient c1 + ln((N + c2 + 1) / c2) for a parent with N visits (natural log)."""
    return c1 + math.log((N + c2 + 1) / c2)


def muzero_puct(P, n, Q, N, c1=C1, c2=C2):
    """MuZero's pUCT score of each child: Q + P · √N / (1 + n) · (c1 + ln((N + c2 + 1) / c2)).

    P priors, n visit counts, Q values already normalised to [0, 1], N the parent's visits. This is
    widgets/mcts.puct_score (AlphaGo Zero's rule) with MuZero's growing coefficient. Returns an array."""
    c = puct_c(N, c1, c2)
    return np.array([mcts.puct_score(q, p, k, N, c) for p, k, q in zip(P, n, Q)], dtype=float)


def puct_ranking(scores):
    """Children ordered from the highest score to the lowest (ties: the first child first)."""
    return [int(i) for i in np.argsort(-np.asarray(scores, dtype=float), kind="stable")]


CHILDREN = {"names": ("a", "b", "c", "d"), "P": (0.5, 0.3, 0.15, 0.05), "n": (60, 30, 9, 1),
            "Q": (0.55, 0.60, 0.40, 0.70)}  # the chapter's example node, N = 100


def puct_view(c1=C1, c2=C2, N=100):
    """The pUCT explorer's numbers: the example children with visits scaled to N (shares 60/30/9/1 %)."""
    share = np.array(CHILDREN["n"], dtype=float) / 100.0
    n = share * N
    Q = np.array(CHILDREN["Q"])
    total = muzero_puct(CHILDREN["P"], n, Q, N, c1, c2)
    return {"n": n, "Q": Q, "explore": total - Q, "score": total, "c": puct_c(N, c1, c2),
            "ranking": puct_ranking(total)}


# ================================================================== explorables

GAMMA = 0.9
KS = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
SLIPS = (0.2, 0.0)
SEEDS = (0, 1, 2, 3, 4)


@functools.lru_cache(maxsize=8)
def return_curve(slip, ks=KS, seeds=SEEDS):
    """Mean true return V^π(start) over seeds of the plan made on a model learned from k transitions, per k."""
    out = np.array([np.mean([planner_view(slip, k, s)["ret"] for s in seeds]) for k in ks])
    out.flags.writeable = False
    return out


def _grid_z(values):
    """Values per cell as a 3×4 nested list (None at the wall: JSON has no NaN)."""
    z = [[None] * COLS for _ in range(ROWS)]
    for v, (r, c) in zip(values, CELLS):
        z[r][c] = float(v)
    return z


def _grid_text(policy):
    t = np.full((ROWS, COLS), "", dtype=object)
    for a, (r, c) in zip(policy, CELLS):
        t[r, c] = "+1" if (r, c) == GOAL else "−1" if (r, c) == TRAP else ACTIONS[a]
    t[WALL] = "wall"
    return t.tolist()


def _planner_figure(height=580):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55], horizontal_spacing=0.12,
                        subplot_titles=("transitions seen per cell; planned moves", "true return V^π(start) vs k"))
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=60, r=30, t=170, b=110),
                                      legend=dict(x=1.0, y=0.02, xanchor="right", yanchor="bottom")),
                      meta={"alt": "Left: the 3 by 4 gridworld coloured by how many sampled transitions start in each "
                                   "cell, with the move the learned-model planner chooses in each cell. Right: the "
                                   "true return of that plan from the start cell as the number of transitions k grows, "
                                   "approaching the optimum."},
                      shapes=[dict(type="line", xref="x2", yref="y2", x0=math.log10(200), x1=math.log10(200),
                                   y0=-0.7, y1=0.75, line=dict(color=PALETTE["vermillion"], width=2, dash="dash"))])
    fig.update_xaxes(showgrid=False, showticklabels=False, row=1, col=1, range=[-0.5, 3.5])
    fig.update_yaxes(showgrid=False, showticklabels=False, row=1, col=1, range=[2.5, -0.5])
    fig.update_xaxes(title_text="k, random transitions seen (log scale)", row=1, col=2,
                     tickvals=[math.log10(k) for k in KS], ticktext=[f"{k:,}" for k in KS])
    fig.update_yaxes(title_text="V^π(start), γ = 0.9", range=[-0.7, 0.75], row=1, col=2)
    return fig


def _planner_traces(slip, v, visible=True):
    return [
        go.Heatmap(z=_grid_z(v["counts"].sum(axis=1)), text=_grid_text(v["policy"]), texttemplate="%{text}",
                   textfont=dict(size=20), colorscale="Blues", showscale=False, visible=visible, zmin=0,
                   hovertemplate="row %{y}, col %{x}: %{z} transitions<extra></extra>", xgap=3, ygap=3,
                   xaxis="x", yaxis="y"),
        go.Scatter(x=[math.log10(k) for k in KS], y=round_sig(return_curve(slip)), mode="lines+markers",
                   name=f"slip {slip:.1f}: mean over {len(SEEDS)} seeds", line=dict(color=PALETTE["blue"]),
                   visible=visible, xaxis="x2", yaxis="y2", hovertemplate="%{y:.3f}<extra></extra>"),
        go.Scatter(x=[math.log10(KS[0]), math.log10(KS[-1])], y=[round(v["opt"], 6)] * 2, mode="lines",
                   name="optimum V*(start)", line=dict(color="#444", dash="dot"), visible=visible,
                   xaxis="x2", yaxis="y2"),
    ]


def _planner_state(slip, k):
    return planner_view(slip, k, 0, GAMMA)


def planner_static(ks=KS, slips=SLIPS):
    """Slider over k (the heatmaps, their arrows and the dashed k line); buttons for the slip probability."""
    fig = _planner_figure()
    k0 = ks.index(200)
    for i, slip in enumerate(slips):
        for tr in _planner_traces(slip, _planner_state(slip, ks[k0]), visible=i == 0):
            fig.add_trace(tr)

    def states(k):
        vs = [_planner_state(slip, k) for slip in slips]
        return {"z": [_grid_z(v["counts"].sum(axis=1)) for v in vs], "text": [_grid_text(v["policy"]) for v in vs]}

    def title(k):
        return f"k = {k:,} random transitions (seed 0): the plan's true return<br>" + "; ".join(
            f"slip {s:.1f}: {_planner_state(s, k)['ret']:.3f} (optimum {_planner_state(s, k)['opt']:.3f})"
            for s in slips)

    heat = [3 * i for i in range(len(slips))]
    precomputed_slider_figure(fig, "k", ks, states, heat, active=k0, fmt="{:,}".format, title=title)
    for step, k in zip(fig.layout.sliders[0].steps, ks):
        step.args[1].update({"shapes[0].x0": math.log10(k), "shapes[0].x1": math.log10(k)})
    n = 3 * len(slips)
    fig.update_layout(title=pinned_title(title(ks[k0]), 580, size=14),
                      updatemenus=[dict(name="slip probability", type="buttons", direction="right", x=0.0, y=1.27,
                                        xanchor="left", yanchor="top", active=0, showactive=True, pad=dict(r=4, t=0),
                                        buttons=[dict(label=f"slip {s:.1f}", method="restyle",
                                                      args=[{"visible": [j // 3 == i for j in range(n)]}])
                                                 for i, s in enumerate(slips)])])
    return fig


def planner_live():
    """The learned-model planner in JupyterLab: slip, k and the seed of the random transitions."""
    fig = _planner_figure()
    for tr in _planner_traces(0.2, _planner_state(0.2, 200)):
        fig.add_trace(tr)
    fw = go.FigureWidget(fig)
    style = {"description_width": "130px"}
    slip = W.SelectionSlider(options=[("0.0", 0.0), ("0.1", 0.1), ("0.2", 0.2), ("0.3", 0.3)], value=0.2,
                             description="slip probability", style=style)
    k = W.SelectionSlider(options=[(f"{x:,}", x) for x in KS], value=200, description="k (transitions)",
                          style=style)
    seed = W.IntSlider(0, min=0, max=4, description="seed", style=style)

    def update(*_):
        v = planner_view(slip.value, k.value, seed.value, GAMMA)
        with fw.batch_update():
            fw.data[0].z = _grid_z(v["counts"].sum(axis=1))
            fw.data[0].text = _grid_text(v["policy"])
            fw.data[1].y = return_curve(slip.value)
            fw.data[1].name = f"slip {slip.value:.1f}: mean over {len(SEEDS)} seeds"
            fw.data[2].y = [v["opt"]] * 2
            fw.layout.shapes[0].x0 = fw.layout.shapes[0].x1 = math.log10(k.value)
            fw.layout.title.text = (f"Slip {slip.value:.1f}, k = {k.value:,}, seed {seed.value}:<br>the plan's true "
                                    f"return {v['ret']:.3f} (optimum {v['opt']:.3f})")

    for c in (slip, k, seed):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([slip, k, seed]), fw])


def learned_model_planner() -> Explorable:
    return Explorable("A learned-model planner", live=planner_live, static=planner_static)


# ------------------------------------------------------------------ what must the model predict?

BITS = tuple(range(0, 11))


def predict_view(b, n_cells=len(CELLS), n_actions=len(ACTIONS)):
    """Table entries and coupon-collector sample counts for b distractor bits (full state vs cells only)."""
    full, ve = table_sizes(n_cells, b, n_actions)
    return {"full": full, "ve": ve, "full_samples": coupon_samples(n_cells * 2 ** b * n_actions),
            "ve_samples": coupon_samples(n_cells * n_actions)}


def _predict_title(b, v):
    return (f"b = {b} distractor bits: full-state table {v['full']:,} entries vs {v['ve']:,} "
            f"(×{v['full'] / v['ve']:,.0f})")


_PREDICT_X = ["transition-table entries", "samples to see every (s, a) once"]


def _predict_figure(height=480):
    fig = go.Figure()
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=80, r=30, t=90, b=110), barmode="group",
                                      legend=dict(x=0.01, y=1.0, xanchor="left", yanchor="top")),
                      meta={"alt": "Bar chart on a log scale: the number of entries of a transition table and the "
                                   "expected number of random samples needed to see every state-action pair, for a "
                                   "model of the full state with b distractor bits versus a value-equivalent model "
                                   "of the 11 cells; the full-state bars grow by 4 times per bit."})
    fig.update_yaxes(type="log", title_text="count (log scale)", range=[0, 16])
    return fig


def _predict_traces(v):
    return [go.Bar(x=_PREDICT_X, y=[v["full"], v["full_samples"]], name="full state (cell + b bits)",
                   marker_color=PALETTE["vermillion"], texttemplate="%{y:.3s}", textposition="outside"),
            go.Bar(x=_PREDICT_X, y=[v["ve"], v["ve_samples"]], name="value-equivalent (cell only)",
                   marker_color=PALETTE["blue"], texttemplate="%{y:.3s}", textposition="outside")]


def predict_static(bits=BITS):
    fig = _predict_figure()
    for tr in _predict_traces(predict_view(8)):
        fig.add_trace(tr)

    def states(b):
        v = predict_view(b)
        return {"y": [[v["full"], round(v["full_samples"])], [v["ve"], round(v["ve_samples"])]]}

    precomputed_slider_figure(fig, "distractor bits b", bits, states, [0, 1], active=bits.index(8),
                              title=lambda b: _predict_title(b, predict_view(b)))
    fig.update_layout(title=pinned_title(_predict_title(8, predict_view(8)), 480, size=15))
    return fig


def predict_live():
    fig = _predict_figure(height=460)
    for tr in _predict_traces(predict_view(8)):
        fig.add_trace(tr)
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    b = W.IntSlider(8, min=0, max=12, description="distractor bits b", style=style)
    actions = W.IntSlider(4, min=2, max=18, description="actions", style=style)

    def update(*_):
        v = predict_view(b.value, n_actions=actions.value)
        with fw.batch_update():
            fw.data[0].y = [v["full"], v["full_samples"]]
            fw.data[1].y = [v["ve"], v["ve_samples"]]
            fw.layout.title.text = _predict_title(b.value, v) + f", {actions.value} actions"

    b.observe(update, "value")
    actions.observe(update, "value")
    update()
    return W.VBox([W.HBox([b, actions]), fw])


def what_to_predict() -> Explorable:
    return Explorable("What must the model predict?", live=predict_live, static=predict_static)


# ------------------------------------------------------------------ pUCT explorer

PUCT_N = (1, 10, 100, 1000, 10_000, 19_652, 100_000, 1_000_000)
PUCT_C2 = (19_652, 1_000)


def _puct_title(c1, c2, N, v):
    order = " > ".join(CHILDREN["names"][i] for i in v["ranking"])
    return f"N = {N:,}, c1 = {c1:.2f}, c2 = {c2:,}: c(N) = {v['c']:.3f}; ranking {order}"


def _puct_figure(height=480):
    fig = go.Figure()
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=110, b=110), barmode="stack",
                                      legend=dict(x=1.0, y=1.0, xanchor="right", yanchor="top")),
                      meta={"alt": "Stacked bars of MuZero's pUCT score for four children a to d: the value Q plus "
                                   "the exploration term P·√N/(1+n)·c(N); the ranking changes as the parent's "
                                   "visit count N and the constants c1, c2 change."})
    fig.update_xaxes(title_text="child (prior P, share of visits, Q)")
    fig.update_yaxes(title_text="pUCT score", range=[0, 2.2])
    return fig


_PUCT_X = [f"{nm} (P {p}, {n}%, Q {q})" for nm, p, n, q in zip(CHILDREN["names"], CHILDREN["P"], CHILDREN["n"],
                                                                     CHILDREN["Q"])]


def _puct_traces(v, visible=True):
    return [go.Bar(x=_PUCT_X, y=round_sig(v["Q"]), name="Q (value)", marker_color=PALETTE["blue"], visible=visible),
            go.Bar(x=_PUCT_X, y=round_sig(v["explore"]), name="exploration P·√N/(1+n)·c(N)",
                   marker_color=PALETTE["orange"], visible=visible)]


def puct_static(Ns=PUCT_N, c2s=PUCT_C2):
    fig = _puct_figure()
    n0 = Ns.index(100)
    for i, c2 in enumerate(c2s):
        for tr in _puct_traces(puct_view(C1, c2, Ns[n0]), visible=i == 0):
            fig.add_trace(tr)

    def states(N):
        return {"y": [x for c2 in c2s for x in (puct_view(C1, c2, N)["Q"], puct_view(C1, c2, N)["explore"])]}

    def title(N):
        return "; ".join(_puct_title(C1, c2, N, puct_view(C1, c2, N)).split(": ", 1)[1] if i else
                         _puct_title(C1, c2, N, puct_view(C1, c2, N)) for i, c2 in enumerate(c2s[:1]))

    precomputed_slider_figure(fig, "parent visits N", Ns, states, list(range(2 * len(c2s))), active=n0,
                              fmt="{:,}".format, title=lambda N: _puct_title(C1, c2s[0], N, puct_view(C1, c2s[0], N))
                              + f" | c2 = {c2s[1]:,}: ranking "
                              + " > ".join(CHILDREN["names"][i] for i in puct_view(C1, c2s[1], N)["ranking"]))
    fig.update_layout(title=pinned_title(fig.layout.sliders[0].steps[n0].args[1]["title.text"], 480, size=13),
                      updatemenus=[dict(name="constant c2", type="buttons", direction="right", x=0.0, y=1.16,
                                        xanchor="left", yanchor="top", active=0, showactive=True, pad=dict(r=4, t=0),
                                        buttons=[dict(label=f"c2 = {c2:,}", method="restyle",
                                                      args=[{"visible": [j // 2 == i for j in range(2 * len(c2s))]}])
                                                 for i, c2 in enumerate(c2s)])])
    return fig


def puct_live():
    fig = _puct_figure(height=460)
    for tr in _puct_traces(puct_view()):
        fig.add_trace(tr)
    fw = go.FigureWidget(fig)
    style = {"description_width": "120px"}
    c1 = W.FloatSlider(C1, min=0.0, max=3.0, step=0.05, description="c1", style=style, readout_format=".2f")
    logc2 = W.FloatSlider(math.log10(C2), min=1.0, max=6.0, step=0.1, description="log10 c2", style=style,
                          readout_format=".1f")
    logN = W.FloatSlider(2.0, min=0.0, max=6.0, step=0.1, description="log10 N", style=style, readout_format=".1f")

    def update(*_):
        c2 = C2 if abs(logc2.value - math.log10(C2)) < 1e-9 else round(10 ** logc2.value)
        N = round(10 ** logN.value)
        v = puct_view(c1.value, c2, N)
        with fw.batch_update():
            fw.data[0].y = v["Q"]
            fw.data[1].y = v["explore"]
            fw.layout.title.text = _puct_title(c1.value, c2, N, v)

    for c in (c1, logc2, logN):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([c1, logc2, logN]), fw])


def puct_explorer() -> Explorable:
    return Explorable("MuZero's pUCT explorer", live=puct_live, static=puct_static)
