"""Learning vs steering: the models of chapter `steering-subsystem` and its three explorables.

Models (pure numpy, parameters in, arrays out; time in discrete steps):
    composite_reward      R(t) = r_innate(t) + Σ_k c_k·p_k(t): an innate term plus weighted learned predictions
    spider_stream         the event stream: the word "spider", a skitter on the skin, the innate flinch
    delta_rule_history    a time-shifted delta rule (LMS): w += η·(y(t+Δ) − w·φ(t))·φ(t), every weight vector
    train_assessor        the final weights of that rule (an exercise's reference)
    probe_responses       the trained assessor's answer to probe inputs (skitter / word / neither)
    rescorla_wagner_history, rescorla_wagner   Rescorla & Wagner (1972): one shared error over the present cues
    grid_mdp, grid_values, greedy_sets          a rows×cols grid with a goal and occupied cells; value iteration
                                                 (widgets/loss_functions.value_iteration) under task + social reward
    detour_threshold      the penalty above which the detour beats the direct path
    description_length    bytes of a reward made of detectors + assessors vs a lookup table over all states
    minimal_drives        an agent with task, curiosity and social-penalty drives walking the grid: visit counts
Explorables: spider_on_your_back(), blocking_lab(), minimal_drives_grid().
"""
from __future__ import annotations

import functools

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.loss_functions import greedy_actions, value_iteration

# ------------------------------------------------------------------ the reward: innate term + thought assessors


def composite_reward(r_innate, c, p):
    """R(t) = r_innate(t) + Σ_k c_k·p_k(t).

    r_innate: (T,) the genome-specified term (e.g. −1 when the flinch detector fires);
    c: (K,) the weight the steering subsystem gives each assessor; p: (T, K) the assessors' predictions.
    Returns R (T,).
    """
    return np.asarray(r_innate, dtype=float) + np.asarray(p, dtype=float) @ np.asarray(c, dtype=float)


# ------------------------------------------------------------------ a thought assessor: time-shifted delta rule

PROBES = {"skitter only": (1.0, 0.0, 1.0), "word only": (0.0, 1.0, 1.0), "neither": (0.0, 0.0, 1.0)}


def spider_stream(n_trials=50, period=10, t_word=0, t_skitter=2, q=1.0, seed=0):
    """The event stream of the spider example: n_trials trials of `period` steps (T = n_trials·period).

    A skitter on the skin happens at step t_skitter of every trial; the innate detector makes the body flinch
    at the same step (flinch = skitter: the steering subsystem's own sensor). The word "spider" is heard at
    step t_word of a trial with probability q (q = 1: every trial; drawn with numpy's default_rng(seed)).
    Returns dict phi (T, 3) = (skitter, word, 1) features the assessor reads, flinch (T,), word_trials (n,).
    """
    n_trials, period = int(n_trials), int(period)
    T = n_trials * period
    t = np.arange(T)
    said = np.random.default_rng(seed).random(n_trials) < q if q < 1 else np.ones(n_trials, dtype=bool)
    skitter = (t % period == t_skitter).astype(float)
    word = ((t % period == t_word) & said[t // period]).astype(float)
    return {"phi": np.stack([skitter, word, np.ones(T)], axis=1), "flinch": skitter.copy(), "word_trials": said}


def delta_rule_history(phi, y, delta, eta, w0=None):
    """The time-shifted delta rule. For t = 0 .. T−1−Δ (the target must exist):
        p(t) = w·φ(t),   w ← w + η·(y(t+Δ) − p(t))·φ(t).
    phi: (T, d) features; y: (T,) the signal to predict; delta: the lead Δ ≥ 0 in steps; eta: the step size.
    Returns W (max(T − Δ, 0) + 1, d): the weights before the first update and after each update.
    """
    phi, y = np.asarray(phi, dtype=float), np.asarray(y, dtype=float)
    delta = int(delta)
    n = max(len(y) - delta, 0)
    w = np.zeros(phi.shape[1]) if w0 is None else np.array(w0, dtype=float)
    out = np.empty((n + 1, phi.shape[1]))
    out[0] = w
    for t in range(n):
        w = w + eta * (y[t + delta] - w @ phi[t]) * phi[t]
        out[t + 1] = w
    return out


def train_assessor(phi, y, delta, eta):
    """Final weights of the time-shifted delta rule from w = 0 (see delta_rule_history)."""
    return delta_rule_history(phi, y, delta, eta)[-1]


def probe_responses(w):
    """The assessor's prediction w·φ for the three probes: skitter only, word only, neither (bias only)."""
    return np.array(list(PROBES.values())) @ np.asarray(w, dtype=float)


# ------------------------------------------------------------------ Rescorla–Wagner


def rescorla_wagner_history(cues, lam, ab):
    """Rescorla & Wagner (1972). On each trial every PRESENT cue i moves by the one shared error:
        ΔV_i = αβ·(λ − Σ_{j present} V_j)   (absent cues do not change).
    cues: (n_trials, n_cues) 0/1 presence; lam: (n_trials,) the outcome λ of each trial (0 when not reinforced);
    ab: the learning rate αβ (a number, or one per cue). Returns V (n_trials + 1, n_cues), starting at 0.
    """
    X = np.asarray(cues, dtype=float)
    lam = np.asarray(lam, dtype=float)
    V = np.zeros((len(X) + 1, X.shape[1] if X.ndim == 2 else 0))
    for n, x in enumerate(X):
        V[n + 1] = V[n] + ab * (lam[n] - x @ V[n]) * x
    return V


def rescorla_wagner(cues, lam, ab):
    """Associative strengths after the last trial (see rescorla_wagner_history)."""
    return rescorla_wagner_history(cues, lam, ab)[-1]


def design(phase1, phase2, n1=20, n2=20, cues="AB"):
    """Trials of a two-phase design: n1 reinforced trials (λ = 1) of compound `phase1` (e.g. "A", "" for none),
    then n2 of `phase2` (e.g. "AB"). Returns (cues (n1 + n2, len(cues)), lam)."""
    row = lambda s: [float(c in s) for c in cues]
    X = np.array([row(phase1)] * (n1 if phase1 else 0) + [row(phase2)] * n2).reshape(-1, len(cues))
    return X, np.ones(len(X))


# ------------------------------------------------------------------ minimal drives: a grid with people in it

GRID = dict(rows=3, cols=5, start=(0, 0), goal=(0, 4), occupied=((0, 2), (1, 2)))
ARROWS = ("→", "↓", "←", "↑")


def grid_mdp(rows, cols, goal, occupied, c, task=1.0):
    """A rows×cols grid: state s = row·cols + col; actions 0 → right, 1 ↓ down, 2 ← left, 3 ↑ up; a move into
    the wall stays put. Entering the goal pays `task` and ends the episode; every move that ends in an occupied
    cell costs c (a social penalty). Returns dict next_state (S, 4), reward (S, 4), terminal (S,), occupied (S,).
    """
    s = np.arange(rows * cols)
    r, k = s // cols, s % cols
    moves = ((0, 1), (1, 0), (0, -1), (-1, 0))
    nxt = np.stack([np.clip(r + dr, 0, rows - 1) * cols + np.clip(k + dc, 0, cols - 1) for dr, dc in moves], axis=1)
    g = goal[0] * cols + goal[1]
    nxt[g] = g
    terminal = s == g
    occ = np.zeros(rows * cols, dtype=bool)
    for i, j in occupied:
        occ[i * cols + j] = True
    reward = np.where(terminal[:, None], 0.0, task * (nxt == g) - c * occ[nxt])
    return {"next_state": nxt, "reward": reward, "terminal": terminal, "occupied": occ}


def grid_values(rows, cols, goal, occupied, gamma, c):
    """Optimal state values V (rows, cols) of grid_mdp (+1 on entering the goal, −c per move into an occupied
    cell, the goal terminal with value 0), by value iteration (widgets/loss_functions.value_iteration)."""
    m = grid_mdp(rows, cols, goal, occupied, c)
    return value_iteration(m["next_state"], m["reward"], m["terminal"], gamma).max(axis=1).reshape(rows, cols)


def greedy_sets(Q, tol=1e-9):
    """(S, A) bool: the actions within tol of the best one in each state (a tie keeps all of them)."""
    Q = np.asarray(Q, dtype=float)
    return Q >= Q.max(axis=1, keepdims=True) - tol


def detour_threshold(gamma, n_direct, n_detour, k_penalty):
    """The social penalty c* above which a detour beats the direct path (reward 1 on the goal, discount γ).

    Direct: n_direct moves, the k_penalty-th of them enters an occupied cell: worth γ^(n_direct−1) − c·γ^(k−1).
    Detour: n_detour moves, no penalty: worth γ^(n_detour−1). Equal at c* = (γ^(n_direct−1) − γ^(n_detour−1))
    / γ^(k−1); for the 3×5 grid (4, 8, 2) that is γ² − γ⁶.
    """
    return (gamma ** (n_direct - 1) - gamma ** (n_detour - 1)) / gamma ** (k_penalty - 1)


@functools.lru_cache(maxsize=256)
def minimal_drives(task=1.0, curiosity=0.0, social=0.0, gamma=0.9, n_episodes=12, max_steps=25, sweeps=25):
    """An agent with three drives on the 3×5 grid (GRID): reward per move = task·[enters the goal]
    − social·[enters an occupied cell] + curiosity/√(1 + n(s')) (a novelty bonus that fades with the visits
    n(s') of the cell entered; none on the goal). Each episode it plans `sweeps` Bellman backups
    Q ← r + γ·max Q(s') from its previous Q, then walks greedily (ties to the lowest action index) from the
    start until the goal or max_steps moves. Deterministic. Returns dict counts (rows, cols) of cell visits,
    harm = moves into occupied cells, steps (n_episodes,), reached (n_episodes,) bool, Q (S, 4) at the end.
    Cached: the arrays are read-only.
    """
    g = GRID
    rows, cols = g["rows"], g["cols"]
    m = grid_mdp(rows, cols, g["goal"], g["occupied"], social, task)
    nxt, term, occ = m["next_state"], m["terminal"], m["occupied"]
    start = g["start"][0] * cols + g["start"][1]
    counts = np.zeros(rows * cols)
    Q = np.zeros(nxt.shape)
    steps, reached, harm = np.zeros(n_episodes, dtype=int), np.zeros(n_episodes, dtype=bool), 0
    for e in range(n_episodes):
        bonus = np.where(term, 0.0, curiosity / np.sqrt(1.0 + counts))
        r = np.where(term[:, None], 0.0, m["reward"] + bonus[nxt])
        for _ in range(sweeps):
            V = np.where(term, 0.0, Q.max(axis=1))
            Q = np.where(term[:, None], 0.0, r + gamma * V[nxt])
        a = greedy_actions(Q)
        s = start
        counts[s] += 1
        for k in range(max_steps):
            s = nxt[s, a[s]]
            counts[s] += 1
            harm += int(occ[s])
            if term[s]:
                reached[e] = True
                break
        steps[e] = k + 1
    out = {"counts": counts.reshape(rows, cols), "harm": harm, "steps": steps, "reached": reached, "Q": Q}
    for v in out.values():
        if isinstance(v, np.ndarray):
            v.flags.writeable = False
    return out


def description_length(n_detectors, bytes_per_detector, n_assessors, bytes_per_assessor, n_state_bits,
                       bytes_per_entry):
    """Bytes to write a reward down two ways: (innate detectors + thought assessors, a lookup table with one
    entry per world state, 2^n_state_bits states). Exact integers."""
    compact = int(n_detectors) * int(bytes_per_detector) + int(n_assessors) * int(bytes_per_assessor)
    return compact, 2 ** int(n_state_bits) * int(bytes_per_entry)


# ================================================================== explorables (live + static twins)

_W_COLOURS = (PALETTE["vermillion"], PALETTE["blue"], "#777777")
_W_NAMES = ("w skitter", "w word", "w bias")
_P_NAMES = tuple(PROBES)


def spider_view(q=1.0, eta=0.1, delta=2, n_trials=50, seed=0):
    """Everything the spider figure shows: weights and probe responses at the start of each trial, and the
    reward over the last three trials, R = r_innate + c·p with r_innate = −1 at a flinch and c = 1 (the assessor
    predicts the flinch; the steering subsystem counts the prediction as a cost: −p)."""
    s = spider_stream(n_trials, q=q, seed=seed)
    H = delta_rule_history(s["phi"], s["flinch"], delta, eta)
    idx = np.minimum(np.arange(n_trials + 1) * 10, len(H) - 1)  # weights at the start of each trial and the end
    Wt = H[idx]
    probes = Wt @ np.array(list(PROBES.values())).T
    T = len(s["flinch"])
    k = min(30, T)
    w_t = H[np.minimum(np.arange(T - k, T), len(H) - 1)]  # the weights in use at each of the last k steps
    p = np.einsum("td,td->t", s["phi"][T - k:], w_t)
    r_innate = -s["flinch"][T - k:]
    R = composite_reward(r_innate, [-1.0], p[:, None])
    return {"trial": np.arange(n_trials + 1), "W": Wt, "probes": probes, "t": np.arange(T - k, T),
            "r_innate": r_innate, "assessor": -p, "R": R, "final": probes[-1]}


def _spider_title(q, eta, delta, v):
    sk, wd, ne = v["final"]
    return (f"Spider: q = {q:.2f}, η = {eta:.2f}, Δ = {delta} steps. Final probes: skitter {sk:.2f}, "
            f"word {wd:.2f}, neither {ne:.2f}")


def _spider_figure(height=760):
    fig = make_subplots(rows=3, cols=1, vertical_spacing=0.1,
                        subplot_titles=("assessor weights at the start of each trial", "probe responses w·φ, by trial",
                                        "reward over the last 3 trials: R = r_innate − p"))
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=110, b=120), showlegend=True),
                      meta={"alt": "Three panels: the thought assessor's weights on skitter, word and bias over "
                                   "trials; its responses to a skitter-only, word-only and empty probe; and the "
                                   "reward over the last three trials, innate flinch term plus the assessor's "
                                   "earlier negative prediction. With lead 2 the word weight grows to about 1."})
    for row, name in ((1, "legend"), (2, "legend2"), (3, "legend3")):  # one legend inside each panel, bottom right
        lo, hi = fig.layout[f"yaxis{'' if row == 1 else row}"].domain
        y, anchor = (lo + 0.01, "bottom") if row < 3 else (hi - 0.01, "top")
        fig.layout[name] = dict(orientation="h", x=0.99, xanchor="right", y=y, yanchor=anchor, font=dict(size=11),
                                bgcolor="rgba(255,255,255,0.8)")
    fig.update_xaxes(title_text="time step t (word at t ≡ 0, skitter and flinch at t ≡ 2, mod 10)", row=3, col=1)
    fig.update_yaxes(title_text="weight", range=[-0.6, 1.1], row=1, col=1)
    fig.update_yaxes(title_text="prediction", range=[-0.6, 1.1], row=2, col=1)
    fig.update_yaxes(title_text="reward", range=[-1.15, 0.75], row=3, col=1)
    return fig


def _spider_traces(fig, v, visible=True):
    for i in range(3):
        fig.add_trace(go.Scatter(x=v["trial"], y=round_sig(v["W"][:, i]), name=_W_NAMES[i], mode="lines",
                                 line=dict(color=_W_COLOURS[i]), visible=visible, legend="legend"), row=1, col=1)
    for i in range(3):
        fig.add_trace(go.Scatter(x=v["trial"], y=round_sig(v["probes"][:, i]), name=_P_NAMES[i], mode="lines",
                                 line=dict(color=_W_COLOURS[i], dash="dot"), visible=visible, legend="legend2"),
                      row=2, col=1)
    for key, name, col in (("r_innate", "innate: −flinch", PALETTE["vermillion"]),
                           ("assessor", "assessor: −p", PALETTE["blue"]), ("R", "total R", "#222222")):
        total = key == "R"
        fig.add_trace(go.Scatter(x=v["t"], y=round_sig(v[key]), name=name, mode="lines+markers",
                                 marker=dict(size=4 if total else 8), visible=visible, legend="legend3",
                                 line=dict(color=col, width=1.5 if total else 2.5, dash="dot" if total else "solid")),
                      row=3, col=1)


SPIDER_DELTAS = (0, 1, 2, 3, 4)
SPIDER_QS = (1.0, 0.5)


def spider_static(deltas=SPIDER_DELTAS, qs=SPIDER_QS, eta=0.1, n_trials=50):
    """Slider over the lead Δ; buttons for the co-occurrence q (each q has its own 9 traces)."""
    fig = _spider_figure()
    active = deltas.index(2)
    for i, q in enumerate(qs):
        _spider_traces(fig, spider_view(q, eta, deltas[active], n_trials), visible=i == 0)
    title = lambda d: f"Spider: lead Δ = {d} steps, η = {eta:.2f}, {n_trials} trials"

    def states(d):
        y = []
        for q in qs:
            v = spider_view(q, eta, d, n_trials)
            y += [v["W"][:, i] for i in range(3)] + [v["probes"][:, i] for i in range(3)]
            y += [v["r_innate"], v["assessor"], v["R"]]
        return {"y": y}

    precomputed_slider_figure(fig, "lead Δ (steps)", deltas, states, list(range(9 * len(qs))), active=active,
                              fmt="{:d}".format, title=title)
    fig.update_layout(title=pinned_title(title(deltas[active]), 760), updatemenus=[dict(
        name="word co-occurs with the skitter", type="buttons", direction="right", x=0.0, y=1.13, xanchor="left",
        yanchor="top", active=0, showactive=True, pad=dict(r=4, t=0),
        buttons=[dict(label=f"word in {q:.0%} of trials", method="restyle",
                      args=[{"visible": [j // 9 == i for j in range(9 * len(qs))]}]) for i, q in enumerate(qs)])])
    return fig


def spider_live():
    """The spider stream in JupyterLab: co-occurrence q, step size η, lead Δ, number of trials."""
    fig = _spider_figure(height=720)
    _spider_traces(fig, spider_view())
    fw = go.FigureWidget(fig)
    style = {"description_width": "190px"}
    q = W.FloatSlider(1.0, min=0.0, max=1.0, step=0.05, description="q (word co-occurs)", style=style,
                      readout_format=".2f")
    eta = W.FloatSlider(0.1, min=0.01, max=0.5, step=0.01, description="η (step size)", style=style,
                        readout_format=".2f")
    delta = W.IntSlider(2, min=0, max=6, description="Δ (lead, steps)", style=style)
    n = W.IntSlider(50, min=3, max=150, step=1, description="trials", style=style)

    def update(*_):
        v = spider_view(q.value, eta.value, delta.value, n.value)
        ys = [v["W"][:, i] for i in range(3)] + [v["probes"][:, i] for i in range(3)]
        with fw.batch_update():
            for i, y in enumerate(ys):
                fw.data[i].x, fw.data[i].y = v["trial"], y
            for i, key in enumerate(("r_innate", "assessor", "R")):
                fw.data[6 + i].x, fw.data[6 + i].y = v["t"], v[key]
            fw.layout.title.text = _spider_title(q.value, eta.value, delta.value, v)

    for c in (q, eta, delta, n):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([q, eta]), W.VBox([delta, n])]), fw])


def spider_on_your_back() -> Explorable:
    return Explorable("There's a spider on your back", live=spider_live, static=spider_static)


# ------------------------------------------------------------------ blocking lab

BLOCKING_DESIGNS = {"blocking: A+ then AB+": ("A", "AB"), "control: AB+ only": ("", "AB"),
                    "B pretrained: B+ then AB+": ("B", "AB"), "A+ then A+": ("A", "A")}
BLOCKING_ABS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0)


def blocking_view(phase1, phase2, ab, n1=20, n2=20):
    """V_A and V_B per trial for a two-phase design (phase 1 runs first; an empty phase-1 compound skips it)."""
    X, lam = design(phase1, phase2, n1, n2)
    V = rescorla_wagner_history(X, lam, ab)
    return {"trial": np.arange(len(V)), "VA": V[:, 0], "VB": V[:, 1], "n1": n1 if phase1 else 0}


def _blocking_figure(height=480):
    fig = go.Figure()
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=110, b=120),
                                      legend=dict(x=1.0, y=0.5, xanchor="right", yanchor="middle")),
                      meta={"alt": "Associative strengths of cues A and B over trials under Rescorla–Wagner: after "
                                   "A alone is trained, adding B to the compound teaches B almost nothing "
                                   "(blocking); without pretraining A and B share the outcome."})
    fig.update_xaxes(title_text="trial (phase 1, then phase 2)")
    fig.update_yaxes(title_text="associative strength V", range=[-0.05, 1.1])
    return fig


def _blocking_title(name, ab, v):
    return f"{name}, αβ = {ab:.2f}: V_A = {v['VA'][-1]:.3f}, V_B = {v['VB'][-1]:.3f}"


def blocking_static(abs_=BLOCKING_ABS, designs=BLOCKING_DESIGNS):
    """Slider over αβ; buttons for the design (each design has its own two traces)."""
    fig = _blocking_figure()
    active = abs_.index(0.2)
    for i, (name, (p1, p2)) in enumerate(designs.items()):
        v = blocking_view(p1, p2, abs_[active])
        for key, label, col in (("VA", "V_A", PALETTE["blue"]), ("VB", "V_B", PALETTE["orange"])):
            fig.add_trace(go.Scatter(x=v["trial"], y=round_sig(v[key]), name=label, mode="lines+markers",
                                     marker=dict(size=4), line=dict(color=col), visible=i == 0, showlegend=i == 0,
                                     hovertemplate="trial %{x}: %{y:.4f}<extra></extra>"))

    def states(ab):
        y = []
        for p1, p2 in designs.values():
            v = blocking_view(p1, p2, ab)
            y += [v["VA"], v["VB"]]
        return {"y": y}

    title = lambda ab: f"Rescorla–Wagner, αβ = {ab:.2f}, 20 trials per phase, λ = 1"
    precomputed_slider_figure(fig, "αβ", abs_, states, list(range(2 * len(designs))), active=active,
                              fmt="{:.2f}".format, title=title)
    n = len(designs)
    fig.update_layout(title=pinned_title(title(abs_[active]), 480), updatemenus=[dict(
        name="design", type="buttons", direction="right", x=0.0, y=1.2, xanchor="left", yanchor="top", active=0,
        showactive=True, pad=dict(r=4, t=0),
        buttons=[dict(label=name, method="restyle",
                      args=[{"visible": [j // 2 == i for j in range(2 * n)],
                             "showlegend": [j // 2 == i for j in range(2 * n)]}])
                 for i, name in enumerate(designs)])])
    return fig


def blocking_live():
    """The blocking lab in JupyterLab: phase-1 and phase-2 compounds, αβ, trials per phase."""
    fig = _blocking_figure(height=440)
    v = blocking_view("A", "AB", 0.2)
    for key, label, col in (("VA", "V_A", PALETTE["blue"]), ("VB", "V_B", PALETTE["orange"])):
        fig.add_trace(go.Scatter(x=v["trial"], y=v[key], name=label, mode="lines+markers", marker=dict(size=4),
                                 line=dict(color=col)))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    p1 = W.Dropdown(options=[("none", ""), ("A", "A"), ("B", "B"), ("AB", "AB")], value="A",
                    description="phase 1 compound", style=style)
    p2 = W.Dropdown(options=[("A", "A"), ("B", "B"), ("AB", "AB")], value="AB", description="phase 2 compound",
                    style=style)
    ab = W.FloatSlider(0.2, min=0.01, max=1.0, step=0.01, description="αβ", style=style, readout_format=".2f")
    n = W.IntSlider(20, min=1, max=60, description="trials per phase", style=style)

    def update(*_):
        v = blocking_view(p1.value, p2.value, ab.value, n.value, n.value)
        with fw.batch_update():
            for i, key in enumerate(("VA", "VB")):
                fw.data[i].x, fw.data[i].y = v["trial"], v[key]
            name = f"{p1.value or 'none'}+ then {p2.value}+"
            fw.layout.title.text = _blocking_title(name, ab.value, v)

    for c in (p1, p2, ab, n):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([p1, p2]), W.VBox([ab, n])]), fw])


def blocking_lab() -> Explorable:
    return Explorable("Blocking lab", live=blocking_live, static=blocking_static)


# ------------------------------------------------------------------ minimal drives

DRIVES_SOCIAL = (0.0, 0.1, 0.2, 0.27, 0.29, 0.4, 0.6, 1.0)
DRIVES_CURIOSITY = (0.0, 0.1)


def _arrow_text(Q):
    sets = greedy_sets(Q)
    g = GRID
    text = ["".join(ARROWS[a] for a in range(4) if row[a]) for row in sets]
    text[g["goal"][0] * g["cols"] + g["goal"][1]] = "goal"
    for i, j in g["occupied"]:
        text[i * g["cols"] + j] = "person " + text[i * g["cols"] + j]
    return np.array(text).reshape(g["rows"], g["cols"])


def drives_view(task=1.0, curiosity=0.0, social=0.0):
    """Visit counts, greedy arrows of the agent's final Q, moves into occupied cells, mean steps."""
    out = minimal_drives(float(task), float(curiosity), float(social))
    return {"counts": out["counts"], "text": _arrow_text(out["Q"]), "harm": out["harm"],
            "steps": float(out["steps"].mean()), "reached": int(out["reached"].sum())}


def _drives_title(task, curiosity, social, v):
    return (f"Drives: task {task:.2f}, curiosity {curiosity:.2f}, social {social:.2f}: "
            f"{v['harm']} moves into occupied cells, {v['steps']:.1f} steps/episode, goal {v['reached']}/12")


def _drives_figure(height=460):
    fig = go.Figure()
    g = GRID
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=110, b=110)),
                      meta={"alt": "A 3 by 5 grid: colour shows how often the agent visited each cell over 12 "
                                   "episodes, text shows its greedy actions; two cells in the middle column hold "
                                   "people. A small social penalty leaves the straight path through them; above "
                                   "about 0.28 the agent detours through the bottom row."})
    fig.update_xaxes(title_text="column", tickvals=list(range(g["cols"])), range=[-0.5, g["cols"] - 0.5])
    fig.update_yaxes(title_text="row", tickvals=list(range(g["rows"])), autorange="reversed", scaleanchor="x")
    return fig


def _drives_traces(fig, v, visible=True):
    g = GRID
    fig.add_trace(go.Heatmap(z=v["counts"], x=list(range(g["cols"])), y=list(range(g["rows"])), xgap=2, ygap=2,
                             colorscale=[[0.0, "#ffffff"], [1.0, PALETTE["sky"]]],
                             zmin=0, colorbar=dict(title=dict(text="visits", side="right"), thickness=14),
                             visible=visible, hovertemplate="row %{y}, col %{x}: %{z} visits<extra></extra>"))
    xs, ys = np.meshgrid(np.arange(g["cols"]), np.arange(g["rows"]))
    fig.add_trace(go.Scatter(x=xs.ravel(), y=ys.ravel(), text=v["text"].ravel(), mode="text", showlegend=False,
                             textfont=dict(size=15, color="#222222"), visible=visible, hoverinfo="skip"))


def drives_static(socials=DRIVES_SOCIAL, curiosities=DRIVES_CURIOSITY):
    """Slider over the social weight; buttons for curiosity (each has a heatmap and a text trace)."""
    fig = _drives_figure()
    active = socials.index(0.0)
    for i, cu in enumerate(curiosities):
        _drives_traces(fig, drives_view(1.0, cu, socials[active]), visible=i == 0)

    def states(c):
        z, text = [], []
        for cu in curiosities:
            v = drives_view(1.0, cu, c)
            z += [v["counts"], None]
            text += [None, v["text"].ravel().tolist()]
        return {"z": z, "text": text}

    title = lambda c: f"Minimal drives: task 1, social penalty {c:.2f} per move into a person's cell"
    precomputed_slider_figure(fig, "social weight", socials, states, list(range(2 * len(curiosities))),
                              active=active, fmt="{:.2f}".format, title=title)
    fig.update_layout(title=pinned_title(title(socials[active]), 460), updatemenus=[dict(
        name="curiosity weight", type="buttons", direction="right", x=0.0, y=1.22, xanchor="left", yanchor="top",
        active=0, showactive=True, pad=dict(r=4, t=0),
        buttons=[dict(label=f"curiosity {cu:.1f}", method="restyle",
                      args=[{"visible": [j // 2 == i for j in range(2 * len(curiosities))]}])
                 for i, cu in enumerate(curiosities)])])
    return fig


def drives_live():
    """Minimal drives in JupyterLab: task, curiosity and social weights."""
    fig = _drives_figure(height=440)
    _drives_traces(fig, drives_view())
    fw = go.FigureWidget(fig)
    style = {"description_width": "130px"}
    task = W.FloatSlider(1.0, min=0.0, max=2.0, step=0.1, description="task weight", style=style,
                         readout_format=".1f")
    cur = W.FloatSlider(0.0, min=0.0, max=1.0, step=0.05, description="curiosity weight", style=style,
                        readout_format=".2f")
    soc = W.FloatSlider(0.0, min=0.0, max=1.0, step=0.01, description="social weight", style=style,
                        readout_format=".2f")

    def update(*_):
        v = drives_view(task.value, cur.value, soc.value)
        with fw.batch_update():
            fw.data[0].z = v["counts"]
            fw.data[1].text = v["text"].ravel()
            fw.layout.title.text = _drives_title(task.value, cur.value, soc.value, v)

    for c in (task, cur, soc):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([task, cur, soc]), fw])


def minimal_drives_grid() -> Explorable:
    return Explorable("Minimal drives", live=drives_live, static=drives_static)
