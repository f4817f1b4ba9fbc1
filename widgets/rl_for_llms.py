"""Pretraining, priors, reward hacking, verifiable rewards: the models of chapter `rl-for-llms` and its explorables.

Models (pure numpy, parameters in, numbers or arrays out):
    tilt              the KL-regularised optimum π*(y) ∝ π_ref(y)·e^(R(y)/β), normalised in log space
    kl_nats           KL(p‖q) in nats (the course's kl_bits times ln 2)
    tilt_point        (E_π*[R], KL(π*‖π_ref)) at one β: a point on the reward–KL frontier
    tilt_frontier     the frontier over many β
    pass_at_k         unbiased pass@k from n samples with c correct (Chen et al. 2021): 1 − C(n−c, k)/C(n, k)
    pass_at_k_biased  the plug-in 1 − (1 − c/n)^k (biased low)
    group_advantages  GRPO-style advantages (r − mean)/std within one group of samples (population std)
    p_no_signal       probability that a group of G binary rewards is all-equal (no learning signal)
    hack_corridor     the six-cell corridor with a +10 goal and no / naive / potential-based shaping at cell 2
    corridor_values   V*(s) of that corridor by value iteration
    greedy_path       the greedy walk from cell 0 (stops at the goal, or when it starts to repeat)
    corridor_learning seeded tabular Q-learning on the shaped corridor: steps per episode
    gamed             which candidate programs pass every visible test but fail a hidden one
The corridor reuses the MDP tools of chapter loss-functions (widgets/loss_functions.py).
Explorables: kl_tilt(), hacking_corridor(), pass_at_k_explorer().
"""
from __future__ import annotations

import functools
import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, precomputed_slider_figure, round_sig
from widgets import loss_functions as lf  # corridor, value iteration, shaping tables, Q-learning live there
from widgets.synthetic_data import kl_bits  # KL lives once, in bits

# ================================================================== 1. the KL-regularised optimum

PI_REF = np.array([0.5, 0.3, 0.15, 0.05])  # a hypothetical pretrained policy over four answers
REWARDS = np.array([0.0, 1.0, 2.0, 5.0])  # their (hypothetical) rewards
ANSWERS = ("A", "B", "C", "D")


def tilt(pi_ref, R, beta):
    """The maximiser of E_π[R] − β·KL(π‖π_ref): π*(y) = π_ref(y)·e^(R(y)/β) / Z.

    pi_ref: probabilities (sum 1; zeros allowed, they stay zero); R: rewards; beta > 0.
    Computed in log space (log π_ref + R/β, minus its maximum) so that a small β does not overflow.
    """
    pi_ref, R = np.asarray(pi_ref, dtype=float), np.asarray(R, dtype=float)
    with np.errstate(divide="ignore"):
        logits = np.log(pi_ref) + R / beta
    w = np.exp(logits - logits.max())
    return w / w.sum()


def kl_nats(p, q):
    """KL(p‖q) = Σ p ln(p/q) in nats (terms with p = 0 count 0)."""
    return kl_bits(p, q) * math.log(2)


def tilt_point(pi_ref, R, beta):
    """One point of the reward–KL frontier: (E_π*[R], KL(π*‖π_ref)) in nats, π* = tilt(pi_ref, R, beta)."""
    pi = tilt(pi_ref, R, beta)
    return float(pi @ np.asarray(R, dtype=float)), kl_nats(pi, pi_ref)


def tilt_frontier(pi_ref, R, betas):
    """The frontier over many β: arrays (E[R], KL) with one entry per β."""
    pts = np.array([tilt_point(pi_ref, R, b) for b in np.atleast_1d(betas)])
    return pts[:, 0], pts[:, 1]


# ================================================================== 2. verifiable rewards: pass@k, group advantages


def pass_at_k(n, c, k):
    """Unbiased pass@k (Chen et al. 2021): of n sampled programs c pass the tests; the probability that a
    random subset of k of them (without replacement) contains at least one that passes,
    1 − C(n−c, k)/C(n, k), computed as 1 − Π_{i=n−c+1..n} (1 − k/i). Exactly 1 when n − c < k."""
    if n - c < k:
        return 1.0
    return 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def pass_at_k_biased(n, c, k):
    """The plug-in estimate 1 − (1 − c/n)^k: samples k times WITH replacement from the n; biased low."""
    return 1.0 - (1.0 - c / n) ** k


def group_advantages(rewards):
    """GRPO-style advantages of one group of G samples for the same prompt: (r − mean) / std with the
    population std (ddof 0). A group whose rewards are all equal carries no signal: zeros, not NaN."""
    r = np.asarray(rewards, dtype=float)
    if r.max() == r.min():
        return np.zeros_like(r)
    return (r - r.mean()) / r.std()


def p_no_signal(p, G):
    """Probability that G independent binary rewards, each 1 with probability p, are all equal: p^G + (1 − p)^G.
    Such a group gets advantages of zero, so the prompt teaches nothing."""
    return np.asarray(p, dtype=float) ** G + (1 - np.asarray(p, dtype=float)) ** G


# ================================================================== 3. reward hacking in a corridor

CORRIDOR = dict(n=6, goal_reward=10.0, bonus_cell=2)  # cells 0..5; entering 5 pays +10 and ends
SHAPINGS = ("none", "naive", "potential")


def hack_corridor(shaping="none", bonus=2.0, gamma=0.9, n=6, goal_reward=10.0, bonus_cell=2):
    """The corridor of chapter loss-functions (cells 0..n−1, actions 0 = right, 1 = left, the left wall at 0)
    with goal_reward for entering the last cell, plus a shaping term:
    "none": nothing; "naive": +bonus on every step that enters `bonus_cell`;
    "potential": F = γΦ(s′) − Φ(s) with Φ = bonus·[s = bonus_cell] (Φ = 0 at the terminal goal).
    Returns the loss-functions corridor dict with its reward table replaced."""
    env = lf.corridor(n)
    nxt, term = env["next_state"], env["terminal"]
    reward = goal_reward * env["reward"]
    if shaping == "naive":
        reward = reward + lf.bonus_table(nxt, term, bonus_cell, bonus)
    elif shaping == "potential":
        phi = bonus * (np.arange(n) == bonus_cell)
        reward = reward + lf.shaping_table(nxt, term, phi, gamma)
    return {**env, "reward": reward}


def corridor_values(shaping, bonus, gamma):
    """V*(s) = max_a Q*(s, a) for the six-cell corridor of hack_corridor (value iteration; the goal's V is 0)."""
    env = hack_corridor(shaping, bonus, gamma)
    return lf.value_iteration(env["next_state"], env["reward"], env["terminal"], gamma).max(axis=1)


def greedy_path(shaping, bonus, gamma, max_len=12):
    """The greedy walk from cell 0 under the optimal shaped Q: the cells visited, up to the goal or to the
    first repeated (cell, action) pair, which for a deterministic policy means a loop forever.
    Returns (cells, reaches_goal)."""
    env = hack_corridor(shaping, bonus, gamma)
    Q = lf.value_iteration(env["next_state"], env["reward"], env["terminal"], gamma)
    policy = lf.greedy_actions(Q)
    cells, s = [0], 0
    while not env["terminal"][s] and len(cells) < max_len:
        s = int(env["next_state"][s][policy[s]])
        if s in cells:
            return cells + [s], False
        cells.append(s)
    return cells, bool(env["terminal"][s])


def corridor_learning(shaping, bonus, gamma, runs=5, n_episodes=40, max_steps=60, seed=0):
    """Seeded ε-greedy Q-learning (loss_functions.q_learning, α = 0.5, ε = 0.1) on the shaped corridor.
    Returns steps (runs, n_episodes): steps per episode, max_steps when the agent never reached the goal."""
    return _corridor_learning(shaping, round(float(bonus), 6), round(float(gamma), 6), int(runs), int(n_episodes),
                              int(max_steps), int(seed))


@functools.lru_cache(maxsize=512)
def _corridor_learning(shaping, bonus, gamma, runs, n_episodes, max_steps, seed):
    env = hack_corridor(shaping, bonus, gamma)
    out = np.array([lf.q_learning(env["next_state"], env["reward"], env["terminal"], 0, gamma, n_episodes=n_episodes,
                                  max_steps=max_steps, seed=seed * 1000 + r)["steps"] for r in range(runs)])
    out.flags.writeable = False
    return out


# ================================================================== 4. weak tests are gamed


def passes(program, tests):
    """True if program(x) == expected for every (x, expected) in tests; an exception is a failed test."""
    for x, expected in tests:
        try:
            if program(x) != expected:
                return False
        except Exception:
            return False
    return True


def gamed(programs, visible, hidden):
    """Indices (ascending) of the programs that pass every visible test but fail at least one hidden test:
    the ones a reward computed from the visible tests alone pays for without their being right."""
    return [i for i, prog in enumerate(programs) if passes(prog, visible) and not passes(prog, hidden)]


# Candidate "is n prime?" programs, the kind a policy optimised against a few unit tests produces.
def _prime_trial_division(n):
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


def _prime_memorised(n):
    return n in (2, 3, 7)  # exactly the visible tests' primes


def _prime_odd(n):
    return n == 2 or n % 2 == 1


def _prime_sqrt_off_by_one(n):
    return n >= 2 and all(n % d for d in range(2, int(n ** 0.5)))


def _prime_one_is_prime(n):
    return n >= 1 and all(n % d for d in range(2, n))


def _prime_always(n):
    return True


def _prime_table(n):
    return n in (2, 3, 5, 7, 11, 13)


def _prime_no_negatives(n):
    root = math.isqrt(n)  # ValueError for n < 0
    return n >= 2 and all(n % d for d in range(2, root + 1))


def _prime_fermat(n):
    return n > 1 and pow(2, n - 1, n) == 1


def _prime_six_k(n):
    if n < 4:
        return n >= 2
    if n % 2 == 0 or n % 3 == 0:
        return False
    return all(n % d and n % (d + 2) for d in range(5, math.isqrt(n) + 1, 6))


CANDIDATES = (_prime_trial_division, _prime_memorised, _prime_odd, _prime_sqrt_off_by_one, _prime_one_is_prime,
              _prime_always, _prime_table, _prime_no_negatives, _prime_fermat, _prime_six_k)
CANDIDATE_NAMES = ("trial division", "memorised the visible primes", "odd numbers (and 2)", "divisors below √n only",
                   "1 counted as prime", "always True", "a table up to 13", "crashes on negative n",
                   "Fermat test base 2", "6k ± 1 trial division")
VISIBLE_TESTS = ((2, True), (3, True), (4, False), (7, True), (10, False))
HIDDEN_TESTS = ((0, False), (1, False), (9, False), (13, True), (25, False), (49, False), (91, False), (97, True),
                (-3, False))


# ================================================================== explorables (live + static twins)


def _fmt(x, d=3):
    return f"{float(x):.{d}f}"


# ------------------------------------------------------------------ 1. KL tilt

BETA_GRID = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0)
FRONTIER_BETAS = np.logspace(-1.5, 2.5, 61)


def _tilt_title(beta, pi_ref=PI_REF, R=REWARDS):
    er, kl = tilt_point(pi_ref, R, beta)
    return f"β = {beta:.3g}: E[R] = {er:.3f} (π_ref: {float(np.asarray(pi_ref) @ R):.3f}), KL(π*‖π_ref) = {kl:.3f} nats"


def _tilt_figure(height=480):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55], horizontal_spacing=0.12,
                        subplot_titles=("the prior π_ref and the tilted π*", "the reward–KL frontier over β"))
    er, kl = tilt_frontier(PI_REF, REWARDS, FRONTIER_BETAS)
    labels = [f"{a} (R = {r:g})" for a, r in zip(ANSWERS, REWARDS)]
    fig.add_trace(go.Bar(x=labels, y=PI_REF, name="π_ref (pretrained)", marker_color=PALETTE["sky"],
                         hovertemplate="%{x}: %{y:.3f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=labels, y=tilt(PI_REF, REWARDS, 1.0), name="π* (after RL)", marker_color=PALETTE["blue"],
                         hovertemplate="%{x}: %{y:.3f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=round_sig(kl), y=round_sig(er), mode="lines", name="frontier (all β)",
                             line=dict(color="#777", width=2), hovertemplate="KL %{x:.3f}: E[R] %{y:.3f}<extra></extra>"),
                  row=1, col=2)
    e1, k1 = tilt_point(PI_REF, REWARDS, 1.0)
    fig.add_trace(go.Scatter(x=[k1], y=[e1], mode="markers", name="your β",
                             marker=dict(size=13, color=PALETTE["vermillion"]), hoverinfo="skip"), row=1, col=2)
    fig.update_yaxes(title_text="probability", range=[0, 1.02], row=1, col=1)
    fig.update_xaxes(title_text="answer (reward)", row=1, col=1)
    fig.update_xaxes(title_text="KL(π*‖π_ref) (nats)", row=1, col=2)
    fig.update_yaxes(title_text="expected reward E_π*[R]", range=[0, 5.2], row=1, col=2)
    fig.update_layout(**pinned_layout(height, size=14, margin=dict(l=70, r=30, t=110, b=60), barmode="group",
                                      legend=dict(orientation="h", x=0.0, y=1.13, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Left: bars of a pretrained policy over four answers and of the KL-regularised "
                                   "optimum, which moves mass to the high-reward answer as β falls. Right: expected "
                                   "reward against KL divergence from the prior, with the current β marked."})
    return fig


def tilt_static(betas=BETA_GRID):
    """The book's twin: slider over β."""
    height = 500
    fig = _tilt_figure(height)

    def states(b):
        e, k = tilt_point(PI_REF, REWARDS, b)
        return {"y": [tilt(PI_REF, REWARDS, b), [e]], "x": [[f"{a} (R = {r:g})" for a, r in zip(ANSWERS, REWARDS)],
                                                          [k]]}

    precomputed_slider_figure(fig, "β (KL weight)", betas, states, [1, 3], active=betas.index(1.0),
                              fmt="{:g}".format, title=_tilt_title)
    fig.layout.title.text = _tilt_title(1.0)
    return fig


def tilt_live():
    """The KL tilt in JupyterLab: a log slider over β moves the bars and the frontier marker."""
    fw = go.FigureWidget(_tilt_figure())
    beta = W.FloatLogSlider(value=1.0, base=10, min=-1.5, max=2.5, step=0.05, description="β (KL weight)",
                            readout_format=".3g", style={"description_width": "120px"}, layout=W.Layout(width="480px"))

    def update(*_):
        b = beta.value
        e, k = tilt_point(PI_REF, REWARDS, b)
        with fw.batch_update():
            fw.data[1].y = tilt(PI_REF, REWARDS, b)
            fw.data[3].x, fw.data[3].y = [k], [e]
            fw.layout.title.text = _tilt_title(b)

    beta.observe(update, "value")
    update()
    return W.VBox([beta, fw])


def kl_tilt() -> Explorable:
    return Explorable("KL tilt", live=tilt_live, static=tilt_static)


# ------------------------------------------------------------------ 2. the reward-hacking corridor

BONUS_GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0)
GAMMAS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
LEARN = dict(runs=5, n_episodes=40, max_steps=60)
ARROWS = ("→", "←")


def _path_text(cells, reaches):
    walk = "→".join(str(c) for c in cells)
    return f"{walk} (goal)" if reaches else f"{walk}… loops forever"


def corridor_view(shaping, bonus, gamma):
    """Everything the corridor widget draws: V*, greedy arrows, the greedy path and the Q-learning curve."""
    env = hack_corridor(shaping, bonus, gamma)
    Q = lf.value_iteration(env["next_state"], env["reward"], env["terminal"], gamma)
    policy = lf.greedy_actions(Q)
    V = Q.max(axis=1)
    arrows = [("goal" if env["terminal"][s] else ARROWS[policy[s]]) for s in range(len(V))]
    cells, reaches = greedy_path(shaping, bonus, gamma)
    steps = corridor_learning(shaping, bonus, gamma, **LEARN).mean(axis=0)
    return {"V": V, "arrows": arrows, "path": _path_text(cells, reaches), "reaches": reaches, "steps": steps}


def _corridor_title(shaping, bonus, gamma):
    v = corridor_view(shaping, bonus, gamma)
    return f"{shaping} shaping, bonus {bonus:g}, γ = {gamma:g}: V*(0) = {v['V'][0]:.3f}; greedy path {v['path']}"


def _corridor_figure(height=660):
    fig = make_subplots(rows=2, cols=1, row_heights=[0.5, 0.5], vertical_spacing=0.24,
                        subplot_titles=("optimal shaped value V*(s) of each cell, greedy action on the bar",
                                        f"Q-learning: steps per episode (mean of {LEARN['runs']} seeded runs, "
                                        f"capped at {LEARN['max_steps']})"))
    fig.update_xaxes(title_text="cell (5 = goal, +10)", tickvals=list(range(6)), row=1, col=1)
    fig.update_yaxes(title_text="V*(s)", row=1, col=1)
    fig.update_xaxes(title_text="episode", row=2, col=1)
    fig.update_yaxes(title_text="steps in the episode", range=[0, LEARN["max_steps"] + 3], row=2, col=1)
    ep = np.arange(1, LEARN["n_episodes"] + 1)
    fig.add_trace(go.Scatter(x=[1, ep[-1]], y=[5, 5], mode="lines", name="shortest path: 5 steps",
                             line=dict(color="#888", dash="dot", width=1), hoverinfo="skip"), row=2, col=1)
    fig.update_layout(**pinned_layout(height, size=14, margin=dict(l=70, r=30, t=130, b=60),
                                      legend=dict(x=0.99, y=0.2, xanchor="right", yanchor="middle",
                                                  bgcolor="rgba(255,255,255,0.85)", font=dict(size=11))),
                      meta={"alt": "A six-cell corridor: bars of the optimal value of each cell with its greedy "
                                   "action, and Q-learning steps per episode; a naive bonus at cell 2 makes the agent "
                                   "loop, potential-based shaping leaves the policy unchanged."})
    return fig


def _corridor_traces(fig, v, colour, visible=True):
    fig.add_trace(go.Bar(x=list(range(6)), y=v["V"], text=v["arrows"], textposition="outside", textfont=dict(size=18),
                         marker_color=colour, showlegend=False, visible=visible,
                         hovertemplate="cell %{x}: V* = %{y:.3f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=np.arange(1, len(v["steps"]) + 1), y=v["steps"], mode="lines+markers",
                             name="Q-learning", line=dict(color=colour, width=2.5), marker=dict(size=4),
                             visible=visible, hovertemplate="episode %{x}: %{y:.1f} steps<extra></extra>"),
                  row=2, col=1)


_KIND_COLOUR = {"none": PALETTE["black"], "naive": PALETTE["vermillion"], "potential": PALETTE["green"]}


def corridor_static(bonuses=BONUS_GRID, gamma=0.9):
    """The book's twin: slider over the bonus size, buttons for the shaping kind (γ = 0.9)."""
    height, top, bottom = 720, 150, 130
    fig = _corridor_figure(height)
    b0 = 2.0
    for k in SHAPINGS:  # traces 1+2i (bars), 2+2i (learning curve)
        _corridor_traces(fig, corridor_view(k, b0, gamma), _KIND_COLOUR[k], visible=k == "naive")

    def states(b):
        ys, texts = [], []
        for k in SHAPINGS:
            v = corridor_view(k, b, gamma)
            ys += [v["V"], v["steps"]]
            texts += [v["arrows"], None]
        return {"y": ys, "text": texts}

    def title(b):
        return "<br>".join(f"{k}: V*(0) = {corridor_view(k, b, gamma)['V'][0]:.3f}, path "
                           f"{corridor_view(k, b, gamma)['path']}" for k in SHAPINGS)

    precomputed_slider_figure(fig, "bonus at cell 2", bonuses, states, list(range(1, 1 + 2 * len(SHAPINGS))),
                              active=bonuses.index(b0), fmt="{:g}".format, title=title)
    fig.layout.sliders[0].pad = dict(t=50, b=10)
    n = len(fig.data)
    fig.update_layout(title_text=title(b0), title_font_size=12, height=height,
                      margin=dict(l=70, r=30, t=top, b=bottom),
                      updatemenus=[dict(name="shaping", type="buttons", direction="right", x=0.0,
                                        y=1 + (top - 84) / (height - top - bottom), xanchor="left", yanchor="top",
                                        showactive=True, active=SHAPINGS.index("naive"), pad=dict(r=4, t=0),
                                        buttons=[dict(label=f"{k} shaping", method="restyle",
                                                      args=[{"visible": [True] + [(j - 1) // 2 == i
                                                                                  for j in range(1, n)]}])
                                                 for i, k in enumerate(SHAPINGS)])])
    return fig


def corridor_live():
    """The reward-hacking corridor in JupyterLab: shaping kind, bonus size and γ."""
    for k in SHAPINGS:  # the default γ's settings computed once (cached): most slider moves only look up
        for b in np.arange(0, 5.01, 0.5):
            corridor_learning(k, b, 0.9, **LEARN)
    fig = _corridor_figure()
    _corridor_traces(fig, corridor_view("naive", 2.0, 0.9), _KIND_COLOUR["naive"])
    fw = go.FigureWidget(fig)
    style = {"description_width": "130px"}
    kind = W.Dropdown(options=[("none", "none"), ("naive bonus", "naive"), ("potential Φ = b·[s = 2]", "potential")],
                      value="naive", description="shaping", style=style)
    bonus = W.FloatSlider(2.0, min=0.0, max=5.0, step=0.5, description="bonus b at cell 2", readout_format=".1f",
                          style=style)
    gamma = W.SelectionSlider(options=[(f"{g:g}", g) for g in GAMMAS], value=0.9, description="γ (discount)",
                              style=style)

    def update(*_):
        v = corridor_view(kind.value, bonus.value, gamma.value)
        colour = _KIND_COLOUR[kind.value]
        with fw.batch_update():
            fw.data[1].y, fw.data[1].text, fw.data[1].marker.color = v["V"], v["arrows"], colour
            fw.data[2].y, fw.data[2].line.color = v["steps"], colour
            fw.layout.title.text = _corridor_title(kind.value, bonus.value, gamma.value)

    for c in (kind, bonus, gamma):
        c.observe(update, "value")
    update()
    return W.VBox([kind, W.HBox([bonus, gamma]), fw])


def hacking_corridor() -> Explorable:
    return Explorable("Reward-hacking corridor", live=corridor_live, static=corridor_static)


# ------------------------------------------------------------------ 3. pass@k

C_GRID = (0, 1, 2, 3, 5, 8, 12, 16, 19, 20)


def pass_curves(n, c):
    """k = 1..n with the unbiased and the biased pass@k."""
    k = np.arange(1, n + 1)
    return k, np.array([pass_at_k(n, c, kk) for kk in k]), pass_at_k_biased(n, c, k)


def _pass_title(n, c):
    k5 = min(5, n)
    return (f"n = {n} samples, c = {c} pass: pass@1 = {pass_at_k(n, c, 1):.3f}; pass@{k5} = {pass_at_k(n, c, k5):.3f} "
            f"(biased {pass_at_k_biased(n, c, k5):.3f})")


def _pass_figure(n_max, height=460):
    fig = go.Figure()
    fig.add_trace(go.Scatter(mode="lines+markers", name="unbiased 1 − C(n−c, k)/C(n, k)",
                             line=dict(color=PALETTE["blue"], width=3), hovertemplate="k=%{x}: %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(mode="lines+markers", name="biased 1 − (1 − c/n)^k",
                             line=dict(color=PALETTE["orange"], width=2, dash="dash"),
                             hovertemplate="k=%{x}: %{y:.4f}<extra></extra>"))
    fig.update_layout(**pinned_layout(height, size=14, margin=dict(l=70, r=30, t=100, b=60),
                                      legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                      meta={"alt": "pass@k against k for n samples of which c pass: the unbiased estimate reaches 1 "
                                   "once k exceeds n − c, the plug-in estimate 1 − (1 − c/n)^k stays below it."})
    fig.update_xaxes(title_text="k (attempts allowed)", range=[0.5, n_max + 0.5])
    fig.update_yaxes(title_text="pass@k", range=[-0.02, 1.05])
    return fig


def pass_static(n=20, cs=C_GRID):
    """The book's twin: n = 20 samples, slider over the number c that pass."""
    fig = _pass_figure(n)
    c0 = 3
    k, u, b = pass_curves(n, c0)
    fig.data[0].x, fig.data[0].y, fig.data[1].x, fig.data[1].y = k, u, k, b

    def states(c):
        _, u, b = pass_curves(n, c)
        return {"y": [u, b]}

    precomputed_slider_figure(fig, "c (samples that pass)", cs, states, [0, 1], active=cs.index(c0), fmt="{:d}".format,
                              title=lambda c: _pass_title(n, c))
    fig.layout.title.text = _pass_title(n, c0)
    return fig


def pass_live():
    """pass@k in JupyterLab: n samples, c of them correct."""
    fw = go.FigureWidget(_pass_figure(100))
    style = {"description_width": "150px"}
    n = W.IntSlider(20, min=1, max=100, description="n (samples)", style=style)
    c = W.IntSlider(3, min=0, max=100, description="c (that pass)", style=style)

    def update(*_):
        if c.value > n.value:
            c.value = n.value  # re-enters update through observe
            return
        k, u, b = pass_curves(n.value, c.value)
        with fw.batch_update():
            fw.data[0].x, fw.data[0].y, fw.data[1].x, fw.data[1].y = k, u, k, b
            fw.layout.xaxis.range = [0.5, n.value + 0.5]
            fw.layout.title.text = _pass_title(n.value, c.value)

    for w in (n, c):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([n, c]), fw])


def pass_at_k_explorer() -> Explorable:
    return Explorable("pass@k", live=pass_live, static=pass_static)
