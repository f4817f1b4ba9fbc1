"""TD learning and dopamine: the models of chapter `td-learning` and its three explorables.

Models (pure numpy, parameters in, arrays out; time is counted in discrete steps):
    td_update            one tabular TD(0) update
    dopamine_trials      cue -> reward trials with a tapped-delay-line (CSC) value function
    dopamine_probe       n rewarded trials, then one omission probe (an exercise's reference)
    asymptotic_deltas    closed-form asymptotic prediction errors at cue, reward and omission
    random_walk_*        Sutton & Barto's Example 6.2: TD(0) vs constant-alpha Monte Carlo
    token_chain          credit assignment in a token chain: outcome REINFORCE vs TD errors
Explorables: dopamine_neuron(), random_walk(), credit_assignment().
"""
from __future__ import annotations

import base64

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import DIVERGING, PALETTE, layout, pinned_layout, pinned_title, precomputed_slider_figure, round_sig

# ------------------------------------------------------------------ TD(0)


def td_update(V, s, r, s_next, alpha, gamma, terminal):
    """One tabular TD(0) update; returns a new value array (V is not changed).

    V: state values (1-D array); s, s_next: state indices; r: reward of the transition;
    alpha: step size; gamma: discount; terminal: True if s_next ends the episode (its value is 0).
    """
    V = np.array(V, dtype=float)
    bootstrap = 0.0 if terminal else gamma * V[s_next]
    delta = r + bootstrap - V[s]
    V[s] += alpha * delta
    return V


# ------------------------------------------------------------------ a dopamine neuron (CSC TD model)


def dopamine_trials(n_trials=300, T=20, t_cue=5, t_reward=15, alpha=0.1, gamma=0.98, p_reward=1.0,
                    omit_last=False, seed=0):
    """TD(0) over cue -> reward trials with a complete-serial-compound (tapped delay line) stimulus.

    A trial has T time steps t = 0..T-1 (one step ~ a fixed slice of time, e.g. 100 ms). The cue at
    t_cue starts a delay line: feature i is active at time t_cue + i, so V(t) = w[t - t_cue] after the
    cue and V(t) = 0 before it. Reward r = 1 arrives at t_reward with probability p_reward
    (if omit_last, the final trial is a probe whose reward is omitted). The prediction error is
        delta(t) = r(t) + gamma V(t) - V(t-1),     and  w[feature active at t-1] += alpha delta(t).
    Each feature is active once per trial, so every delta of a trial depends only on the weights at
    the start of the trial: one vector operation per trial, exactly equal to the step-by-step loop.

    Returns dict: delta (n_trials, T), value (n_trials, T) = V(t) at the start of each trial,
    rewarded (n_trials,) bool, w (T - t_cue,) final weights.
    """
    n_trials, T, t_cue, t_reward = int(n_trials), int(T), int(t_cue), int(t_reward)
    assert 0 <= t_cue < t_reward < T, "need 0 <= t_cue < t_reward < T"
    rng = np.random.default_rng(seed)
    rewarded = rng.random(n_trials) < p_reward
    if omit_last and n_trials:
        rewarded[-1] = False
    r = np.zeros((n_trials, T))
    r[:, t_reward] = rewarded
    V = np.zeros(T + 1)  # V[t + 1] = V(t) = w[t - t_cue] after the cue; V[0] = V(-1) = 0; 0 before the cue
    w = V[t_cue + 1:]  # a view: the delay-line weights
    delta = np.empty((n_trials, T))
    value = np.empty((n_trials, T))
    for n in range(n_trials):
        value[n] = V[1:]
        d = r[n] + gamma * V[1:] - V[:-1]  # delta(t) for t = 0..T-1, all from the weights at trial start
        w[:-1] += alpha * d[t_cue + 1:]  # feature i (active at t_cue+i) learns from delta(t_cue+i+1);
        # the last feature (active at T-1) would learn from the step after the trial: it stays 0
        delta[n] = d
    return {"delta": delta, "value": value, "rewarded": rewarded, "w": w.copy()}


def dopamine_trials_loop(n_trials=300, T=20, t_cue=5, t_reward=15, alpha=0.1, gamma=0.98, p_reward=1.0,
                         omit_last=False, seed=0):
    """The same model as dopamine_trials, written as the plain online loop over time steps
    (td_update on the delay-line weights). Slow; kept to prove the vectorised version exact."""
    rng = np.random.default_rng(seed)
    rewarded = rng.random(n_trials) < p_reward
    if omit_last and n_trials:
        rewarded[-1] = False
    w = np.zeros(T - t_cue)
    delta = np.zeros((n_trials, T))
    for n in range(n_trials):
        def V(t):
            return w[t - t_cue] if t >= t_cue else 0.0
        for t in range(T):
            r = float(rewarded[n]) if t == t_reward else 0.0
            d = r + gamma * V(t) - (V(t - 1) if t >= 1 else 0.0)
            delta[n, t] = d
            if t - 1 >= t_cue:
                w[t - 1 - t_cue] += alpha * d
    return {"delta": delta, "rewarded": rewarded, "w": w}


def dopamine_probe(n_trials, T, t_cue, t_reward, alpha, gamma):
    """n_trials rewarded cue -> reward trials, then one probe trial with the reward omitted.

    Returns (delta of trial 1, delta of trial n_trials, delta of the omission probe), each shape (T,).
    """
    out = dopamine_trials(n_trials + 1, T, t_cue, t_reward, alpha, gamma, p_reward=1.0, omit_last=True)
    d = out["delta"]
    return d[0], d[n_trials - 1], d[n_trials]


def asymptotic_deltas(gamma, k, p):
    """Prediction errors after learning has converged (CSC model, cue-reward delay k steps,
    reward probability p): (delta at the cue, delta at a delivered reward, delta at an omitted reward).
    V just before the reward is p, and V(t_cue) = p gamma^(k-1); so delta(cue) = gamma V(t_cue)."""
    return gamma**k * p, 1.0 - p, -p


# ------------------------------------------------------------------ random walk (Sutton & Barto Example 6.2)

N_STATES = 5  # non-terminal states A..E; 0 and 6 are terminal; start in C; reward 1 on the right exit
TD_ALPHAS = (0.05, 0.1, 0.15)
MC_ALPHAS = (0.01, 0.02, 0.03, 0.04)


def random_walk_true_values(n_states=N_STATES):
    """True values of the random walk's non-terminal states: v(s) = s / (n+1), s = 1..n."""
    return np.arange(1, n_states + 1) / (n_states + 1)


def rms_error(V):
    """Root-mean-square error over the 5 states (last axis) against the true values 1/6..5/6
    (or s/(n+1) for a walk with n = V.shape[-1] states)."""
    V = np.asarray(V, dtype=float)
    return np.sqrt(np.mean((V - random_walk_true_values(V.shape[-1])) ** 2, axis=-1))


def random_walk_episodes(n_runs, n_episodes, seed=0, n_states=N_STATES):
    """Pre-generated trajectories (episodes depend on the policy only, not on the learner).

    Returns S (n_episodes, L, n_runs) int: state visited at step j (0 and n+1 are the terminals),
    padded after termination with the terminal state; L = the longest episode + 1.
    """
    rng = np.random.default_rng(seed)
    start = (n_states + 1) // 2
    pos = np.full((n_episodes, n_runs), start)
    path = [pos.copy()]
    alive = np.ones_like(pos, dtype=bool)
    while alive.any():
        step = np.where(rng.random(pos.shape) < 0.5, -1, 1)
        pos = np.where(alive, pos + step, pos)
        alive = (pos > 0) & (pos < n_states + 1)
        path.append(pos.copy())
    walks = np.stack(path, axis=1)  # (n_episodes, L, n_runs)
    return walks


def random_walk_experiment(n_runs=100, n_episodes=100, td_alphas=TD_ALPHAS, mc_alphas=MC_ALPHAS, seed=0,
                           v0=0.5):
    """Example 6.2, vectorised across runs and step sizes.

    TD(0) (online, gamma = 1) and constant-alpha every-visit Monte Carlo, values initialised to v0.
    Both methods see the same pre-generated episodes. MC's update with terminal-only reward G
    applied once per visit has a closed form: V(s) <- G + (1-alpha)^m (V(s) - G) for m visits.

    Returns dict: alphas (n_a,), method (n_a,) "TD"/"MC", V (n_a, n_runs, n_episodes+1, 5) values
    after each episode, rms (n_a, n_runs, n_episodes+1).
    """
    n = N_STATES
    S = random_walk_episodes(n_runs, n_episodes, seed)  # (E, L, runs)
    alphas = np.array(list(td_alphas) + list(mc_alphas), dtype=float)
    method = np.array(["TD"] * len(td_alphas) + ["MC"] * len(mc_alphas))
    n_td, n_mc = len(td_alphas), len(mc_alphas)
    out = np.zeros((len(alphas), n_runs, n_episodes + 1, n))
    out[:, :, 0] = v0
    runs = np.arange(n_runs)

    # MC: one closed-form update per episode, all runs and step sizes at once
    a_mc = np.asarray(mc_alphas, dtype=float)[:, None, None]
    visits = np.stack([(S == i).sum(axis=1) for i in range(1, n + 1)], axis=-1)  # (E, runs, n)
    G = (S[:, -1] == n + 1).astype(float)[..., None]  # (E, runs, 1) return of each episode
    Vmc = np.full((n_mc, n_runs, n), v0)
    for e in range(n_episodes):
        Vmc = G[e] + (1 - a_mc) ** visits[e] * (Vmc - G[e])
        out[n_td:, :, e + 1] = Vmc

    # TD: each run's transitions of all episodes back to back; step j updates every run at once
    W = np.ascontiguousarray(np.moveaxis(S, 2, 0))  # (runs, E, L)
    run, e, j = np.nonzero((W[:, :, :-1] > 0) & (W[:, :, :-1] < n + 1))  # live transitions, run-major
    counts = np.bincount(run, minlength=n_runs)
    rank = np.arange(run.size) - np.repeat(np.cumsum(counts) - counts, counts)  # step number within run
    steps = int(counts.max())
    # flat index run*(n+2) + state; padding steps go from state 0 to state 0, so their delta is exactly 0
    fs = np.zeros((steps, n_runs), dtype=np.intp) + np.arange(n_runs) * (n + 2)
    fs2 = fs.copy()
    fs[rank, run] = run * (n + 2) + W[run, e, j]
    fs2[rank, run] = run * (n + 2) + W[run, e, j + 1]
    reward = (fs2 % (n + 2) == n + 1).astype(float)
    Vtd = np.zeros((n_td, n_runs * (n + 2)))  # terminal entries stay 0
    Vtd.reshape(n_td, n_runs, n + 2)[:, :, 1:-1] = v0
    a_td = np.asarray(td_alphas, dtype=float)[:, None]
    history = np.empty((steps, n_td, n_runs * (n + 2)))
    for k in range(steps):
        delta = reward[k] + Vtd[:, fs2[k]] - Vtd[:, fs[k]]  # (n_td, runs); V(terminal) = 0
        Vtd[:, fs[k]] += a_td * delta
        history[k] = Vtd
    end = np.flatnonzero(np.isin(W[run, e, j + 1], (0, n + 1)))  # last transition of each episode
    H = history.reshape(steps, n_td, n_runs, n + 2)[rank[end], :, run[end], 1:-1]  # (n_end, n_td, n)
    out[:n_td, run[end], e[end] + 1] = np.moveaxis(H, 1, 0)
    return {"alphas": alphas, "method": method, "V": out, "rms": rms_error(out)}


def random_walk_loop(n_runs=100, n_episodes=100, td_alphas=TD_ALPHAS, mc_alphas=MC_ALPHAS, seed=1, v0=0.5):
    """The same experiment as a straightforward per-run Python loop (the benchmark's baseline).
    Each (step size, run) draws its own episodes. Returns rms (n_a, n_runs, n_episodes+1)."""
    rng = np.random.default_rng(seed)
    n = N_STATES
    true = random_walk_true_values()
    settings = [("TD", a) for a in td_alphas] + [("MC", a) for a in mc_alphas]
    rms = np.zeros((len(settings), n_runs, n_episodes + 1))
    for i, (kind, alpha) in enumerate(settings):
        for run in range(n_runs):
            V = np.zeros(n + 2)
            V[1:-1] = v0
            rms[i, run, 0] = np.sqrt(np.mean((V[1:-1] - true) ** 2))
            for e in range(n_episodes):
                s, visited = (n + 1) // 2, []
                while 0 < s < n + 1:
                    s2 = s + (1 if rng.random() < 0.5 else -1)
                    if kind == "TD":  # V[0] = V[n+1] = 0: terminal states bootstrap to 0
                        r = 1.0 if s2 == n + 1 else 0.0
                        V[s] += alpha * (r + V[s2] - V[s])
                    visited.append(s)
                    s = s2
                if kind == "MC":
                    G = 1.0 if s == n + 1 else 0.0
                    for v in visited:
                        V[v] += alpha * (G - V[v])
                rms[i, run, e + 1] = np.sqrt(np.mean((V[1:-1] - true) ** 2))
    return {"rms": rms}


# ------------------------------------------------------------------ credit assignment in a token chain


def token_advantages(values, R, b):
    """Per-token advantages of one sampled sequence with an outcome-only reward R (gamma = 1).

    values: V(s_0) .. V(s_{T-1}), the critic's value of each prefix before token t is emitted;
    the state after the last token is terminal (value 0) and the reward R arrives there.
    Returns (reinforce, td): REINFORCE with baseline b gives every token R - b;
    TD errors delta_t = r_{t+1} + V(s_{t+1}) - V(s_t) localise the credit.
    """
    values = np.asarray(values, dtype=float)
    reinforce = np.full(values.shape, R - b, dtype=float)
    nxt = np.append(values[1:], 0.0)  # V(s_{t+1}); terminal -> 0
    r = np.zeros(values.shape)
    r[-1] = R
    return reinforce, r + nxt - values


def token_chain(T=12, pivot=6, q=0.5, critic_episodes=200, batch=16, alpha=0.1, seed=0):
    """A chain of T tokens where only token `pivot` (1-based) matters: it is the right one with
    probability q, and the sequence earns R = 1 iff it was. Filler tokens change nothing.

    The critic V is learned by tabular TD(0) (alpha, gamma = 1, V init 0) from `critic_episodes`
    sampled sequences; states are (position t, whether a wrong pivot was emitted). Each state is
    visited once per sequence, so the update is one vector operation per sequence.
    Then a fresh batch is scored. Returns dict: R (batch,), reinforce (batch, T) = R - mean(R),
    td (batch, T) = TD errors under the learned critic, V (T+1, 2) the critic,
    true_td (batch, T) the TD errors under the true values.
    """
    T, k = int(T), int(pivot) - 1  # k: 0-based index of the pivotal token
    assert 0 <= k < T
    rng_critic, rng_batch = np.random.default_rng([seed, 0]), np.random.default_rng([seed, 1])  # the batch
    t = np.arange(T)  # does not change when only the critic's training changes
    # flat index t*2 + branch of the state before token t (branch 1 once a wrong pivot was emitted),
    # and of the state after it (t = T is terminal: its entries are never updated and stay 0)
    idx = {g: t * 2 + np.where(t > k, 1 - g, 0) for g in (0, 1)}
    nxt = {g: np.append(idx[g][1:], 2 * T) for g in (0, 1)}
    Vf = np.zeros(2 * (T + 1))
    for good in (rng_critic.random(int(critic_episodes)) < q).astype(int):
        i = idx[good]
        delta = Vf[nxt[good]] - Vf[i]
        delta[-1] += good  # the reward R arrives after the last token
        Vf[i] += alpha * delta
    goods = rng_batch.random(int(batch)) < q
    R = goods.astype(float)
    td = np.stack([token_advantages(Vf[idx[int(g)]], float(g), 0.0)[1] for g in goods]).reshape(len(goods), T)
    true_V = np.where(t[None, :] <= k, q, R[:, None])
    true_td = np.stack([token_advantages(true_V[i], R[i], 0.0)[1] for i in range(len(goods))]).reshape(len(goods), T)
    reinforce = np.repeat((R - R.mean())[:, None], T, axis=1) if len(goods) else np.zeros((0, T))
    return {"R": R, "reinforce": reinforce, "td": td, "V": Vf.reshape(T + 1, 2), "true_td": true_td}


# ================================================================== explorables (live + static twins)

DOPAMINE = dict(T=20, t_cue=5, t_reward=15)  # the widget's trial layout (time steps)


def _line_rows(n_trials, omit_last):
    """Rows shown as lines: trial 1, the last trial before the final one, the final trial."""
    n = int(n_trials)
    return 0, max(n - 2, 0) if omit_last else n - 1, n - 1


def _dopamine_view(n_trials, alpha, gamma, p_reward, omit_last, seed=0):
    """Everything the dopamine figure shows, from one model run."""
    out = dopamine_trials(n_trials, alpha=alpha, gamma=gamma, p_reward=p_reward, omit_last=omit_last,
                          seed=seed, **DOPAMINE)
    d = out["delta"]
    first, last, final = _line_rows(n_trials, omit_last)
    return {"z": d, "first": d[first], "last": d[last], "final": d[final] if omit_last else None,
            "names": (f"trial {first + 1}", f"trial {last + 1}", f"trial {final + 1}: reward omitted")}


def _dopamine_figure():
    fig = make_subplots(rows=2, cols=1, row_heights=[0.6, 0.4], vertical_spacing=0.12,
                        subplot_titles=("δ(t) in every trial (trial 1 at the bottom)", "δ(t) in single trials"))
    t = np.arange(DOPAMINE["T"])
    ticks = dict(tickvals=[0, DOPAMINE["t_cue"], 10, DOPAMINE["t_reward"], DOPAMINE["T"] - 1],
                 ticktext=["0", f"{DOPAMINE['t_cue']}<br>cue", "10", f"{DOPAMINE['t_reward']}<br>reward",
                           str(DOPAMINE["T"] - 1)])
    fig.update_xaxes(range=[-0.5, DOPAMINE["T"] - 0.5], **ticks)
    fig.update_xaxes(ticktext=[str(v) for v in ticks["tickvals"]], row=1, col=1)
    fig.update_xaxes(title_text="time in trial t (steps)", row=2, col=1)
    fig.update_yaxes(title_text="trial", row=1, col=1)
    fig.update_yaxes(title_text="prediction error δ", range=[-1.1, 1.1], row=2, col=1)
    return fig, t


_DOPAMINE_LEGEND = dict(x=0.01, y=0.0, xanchor="left", yanchor="bottom", bgcolor="rgba(255,255,255,0.85)")


def _title(text="", height=None):
    return pinned_title(text, height)


def _layout(**kw):
    """The course layout with the pinned title (kw must include the figure's height in px)."""
    return pinned_layout(**kw)


def _row_colorbar(fig, title, row=1):
    """A colour bar exactly as tall as subplot `row` (title on its right side): it never reaches
    into the neighbouring subplot, whatever the figure's width."""
    lo, hi = fig.layout[f"yaxis{'' if row == 1 else row}"].domain
    return dict(title=dict(text=title, side="right"), y=(lo + hi) / 2, yanchor="middle", len=hi - lo,
                lenmode="fraction", thickness=14)


def _typed(a):
    """An array as plotly's compact typed-array spec (base64 float32 / int32): static slider states stay
    small in the notebook and the page; plotly.js decodes it in slider updates too."""
    a = np.asarray(a)
    a = a.astype(np.int32) if a.dtype.kind in "iub" else a.astype(np.float32)
    return {"dtype": "i4" if a.dtype.kind == "i" else "f4", "bdata": base64.b64encode(a.tobytes()).decode(),
            "shape": ", ".join(str(n) for n in a.shape)}


def dopamine_static(alphas=(0.05, 0.1, 0.2), ps=(0.25, 0.5, 0.75, 1.0), n_trials=100, gamma=0.98):
    """The dopamine neuron in the book: slider over reward probability p, buttons for the step size α
    (each α has its own traces; the buttons toggle visibility). The final trial omits the reward."""
    fig, t = _dopamine_figure()
    colorbar = _row_colorbar(fig, "prediction error δ")
    per = 4  # traces per alpha: heatmap, trial 1, last rewarded-or-not trial, omission probe
    colours = (PALETTE["sky"], PALETTE["blue"], PALETTE["vermillion"])
    default_a, default_p = len(alphas) - 1, len(ps) - 1
    for i, a in enumerate(alphas):
        v = _dopamine_view(n_trials, a, gamma, ps[default_p], True)
        vis = i == default_a
        fig.add_trace(go.Heatmap(z=v["z"].astype(np.float32), x=t, y=np.arange(1, n_trials + 1), colorscale=DIVERGING,
                                 zmid=0, zmin=-1, zmax=1, visible=vis, colorbar=colorbar,
                                 hovertemplate="t=%{x}, trial %{y}: δ=%{z:.3f}<extra></extra>"), row=1, col=1)
        for key, name, c in zip(("first", "last", "final"), v["names"], colours):
            fig.add_trace(go.Scatter(x=t, y=v[key].astype(np.float32), name=name, mode="lines+markers", visible=vis,
                                     line=dict(color=c), marker=dict(size=5), showlegend=True), row=2, col=1)
    # Pixel plan of the top margin (t = 140): title 32-52 px, α buttons 62-92 px, subplot title ~115-140 px.
    height, top, bottom = 830, 140, 150
    paper = height - top - bottom
    fig.update_layout(**_layout(height=height, legend=_DOPAMINE_LEGEND, margin=dict(l=70, r=30, t=top, b=bottom)),
                      meta={"alt": "Heatmap of the TD prediction error over time in trial and trials, and "
                                   "single-trial traces: the error moves from the reward to the cue; an omitted "
                                   "reward gives a dip; with reward probability p the cue response scales with p."})
    title = lambda p: f"A dopamine neuron: p = {p:.2f}, γ = {gamma:.2f}, last trial omitted"

    def states(p):
        z, y = [], []
        for a in alphas:
            v = _dopamine_view(n_trials, a, gamma, p, True)
            z += [_typed(v["z"]), None, None, None]  # None: the line traces have no z
            y += [_typed(np.arange(1, n_trials + 1))] + [_typed(v[k]) for k in ("first", "last", "final")]
        return {"z": z, "y": y}

    precomputed_slider_figure(fig, "reward probability p", ps, states, list(range(per * len(alphas))),
                              active=default_p, fmt="{:.2f}".format, title=title)
    fig.layout.sliders[0].y = -70 / paper  # below the time axis title, inside the bottom margin
    fig.update_layout(title=_title(title(ps[default_p]), height), updatemenus=[dict(
        name="step size α", type="buttons", direction="right", x=0.0, y=1 + (top - 62) / paper, xanchor="left",
        yanchor="top", showactive=True, active=default_a, pad=dict(r=4, t=0),
        buttons=[dict(label=f"α = {a:g}", method="restyle",
                      args=[{"visible": [j // per == i for j in range(per * len(alphas))]}])
                 for i, a in enumerate(alphas)])])
    return fig


def dopamine_live():
    """The dopamine neuron in JupyterLab: sliders drive one FigureWidget, updated in place."""
    fig, t = _dopamine_figure()
    fig.add_trace(go.Heatmap(x=t, colorscale=DIVERGING, zmid=0, zmin=-1, zmax=1,
                             colorbar=_row_colorbar(fig, "prediction error δ"),
                             hovertemplate="t=%{x}, trial %{y}: δ=%{z:.3f}<extra></extra>"), row=1, col=1)
    for c in (PALETTE["sky"], PALETTE["blue"], PALETTE["vermillion"]):
        fig.add_trace(go.Scatter(x=t, mode="lines+markers", line=dict(color=c), marker=dict(size=5)), row=2, col=1)
    fig.update_layout(**_layout(height=740, legend=_DOPAMINE_LEGEND, margin=dict(l=70, r=30, t=90, b=60)),
                      meta={"alt": "Live heatmap of the TD prediction error over time in trial and trials, and "
                                   "single-trial traces, for the chosen step size, discount, trials and reward "
                                   "probability."})
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    alpha = W.FloatSlider(0.1, min=0.01, max=1.0, step=0.01, description="α (step size)", style=style,
                          readout_format=".2f")
    gamma = W.FloatSlider(0.98, min=0.5, max=1.0, step=0.01, description="γ (discount / step)", style=style,
                          readout_format=".2f")
    trials = W.IntSlider(200, min=1, max=500, description="trials", style=style)
    p = W.FloatSlider(1.0, min=0.0, max=1.0, step=0.05, description="p (reward probability)", style=style,
                      readout_format=".2f")
    omit = W.Checkbox(True, description="omit the reward in the final trial")

    def update(*_):
        v = _dopamine_view(trials.value, alpha.value, gamma.value, p.value, omit.value)
        n = trials.value
        with fw.batch_update():
            fw.data[0].z, fw.data[0].y = v["z"], np.arange(1, n + 1)
            for tr, key, name in zip(fw.data[1:], ("first", "last", "final"), v["names"]):
                tr.y, tr.name = (v[key] if v[key] is not None else np.zeros(0)), name
                tr.visible = v[key] is not None
            fw.layout.title.text = (f"A dopamine neuron: α = {alpha.value:.2f}, γ = {gamma.value:.2f}, "
                                    f"p = {p.value:.2f}, {n} trials")

    for c in (alpha, gamma, trials, p, omit):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([alpha, gamma, trials]), W.VBox([p, omit])]), fw])


def dopamine_neuron() -> Explorable:
    return Explorable("A dopamine neuron", live=dopamine_live, static=dopamine_static)


# ------------------------------------------------------------------ random walk explorable

STATE_NAMES = ["A", "B", "C", "D", "E"]
_RW_STYLE = {("TD", 0.05): (PALETTE["sky"], "solid"), ("TD", 0.1): (PALETTE["blue"], "solid"),
             ("TD", 0.15): (PALETTE["green"], "solid"), ("MC", 0.01): (PALETTE["orange"], "dash"),
             ("MC", 0.02): (PALETTE["vermillion"], "dash"), ("MC", 0.03): (PALETTE["purple"], "dash"),
             ("MC", 0.04): (PALETTE["black"], "dash")}


def _random_walk_figure(ex, n_runs):
    """Left: values after n episodes (one run) vs the truth. Right: RMS error curves (mean over runs)."""
    fig = make_subplots(rows=2, cols=1, row_heights=[0.36, 0.64], vertical_spacing=0.17,
                        subplot_titles=("estimated values, run 1", f"RMS error, mean of {n_runs} runs"))
    fig.add_trace(go.Scatter(x=STATE_NAMES, y=random_walk_true_values(), name="true values 1/6 … 5/6",
                             mode="lines+markers", line=dict(color="#444", dash="dot")), row=1, col=1)
    fig.add_trace(go.Scatter(x=STATE_NAMES, name="TD(0)", mode="lines+markers", line=dict(color=PALETTE["blue"])),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=STATE_NAMES, name="Monte Carlo", mode="lines+markers",
                             line=dict(color=PALETTE["vermillion"], dash="dash")), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 0], y=[0, 0.25], mode="lines", line=dict(color="#888", width=1),
                             showlegend=False, hoverinfo="skip", legend="legend2"), row=2, col=1)
    episodes = np.arange(ex["rms"].shape[2])
    for kind, a in zip(ex["method"], ex["alphas"]):
        colour, dash = _RW_STYLE.get((str(kind), float(a)), ("#444", "solid"))
        fig.add_trace(go.Scatter(x=episodes, name=f"{kind} α={a:g}", mode="lines", legend="legend2",
                                 line=dict(color=colour, dash=dash, width=1.5)), row=2, col=1)
    fig.update_xaxes(title_text="state", row=1, col=1)
    fig.update_yaxes(title_text="value V(s)", range=[0, 1], row=1, col=1)
    fig.update_xaxes(title_text="episodes", row=2, col=1)
    fig.update_yaxes(title_text="RMS error (5 states)", range=[0, 0.25], row=2, col=1)
    box = dict(bgcolor="rgba(255,255,255,0.85)", font=dict(size=10))
    top1, top2 = fig.layout.yaxis.domain[1], fig.layout.yaxis2.domain[1]
    fig.update_layout(**_layout(height=800, margin=dict(l=70, r=30, t=90, b=60),
                               legend=dict(x=0.01, y=top1, xanchor="left", yanchor="top", **box),  # values: upper left
                               legend2=dict(x=0.99, y=top2, xanchor="right", yanchor="top", **box)),  # RMS: upper right
                      meta={"alt": "Random walk: learned state values approach the true values 1/6 to 5/6; "
                                   "RMS error falls faster for TD(0) than for constant-alpha Monte Carlo."})
    return fig


def random_walk_static(n_runs=100, episodes=(0, 1, 2, 5, 10, 20, 50, 100), td_alpha=0.1, mc_alpha=0.02, seed=0):
    """Example 6.2 in the book: slider over the number of episodes n."""
    ex = random_walk_experiment(n_runs=n_runs, seed=seed)
    fig = _random_walk_figure(ex, n_runs)
    rms = ex["rms"].mean(axis=1)
    for i in range(len(ex["alphas"])):
        fig.data[4 + i].y = round_sig(rms[i])
    i_td = int(np.flatnonzero((ex["method"] == "TD") & np.isclose(ex["alphas"], td_alpha))[0])
    i_mc = int(np.flatnonzero((ex["method"] == "MC") & np.isclose(ex["alphas"], mc_alpha))[0])
    fig.data[1].name, fig.data[2].name = f"run 1: TD(0) α={td_alpha:g}", f"run 1: MC α={mc_alpha:g}"
    title = lambda n: f"Random walk (Example 6.2) after {n} episodes"

    def states(n):
        return {"y": [ex["V"][i_td, 0, n], ex["V"][i_mc, 0, n], [0, 0.25]], "x": [STATE_NAMES, STATE_NAMES, [n, n]]}

    for k, v in states(episodes[0]).items():
        for tr, val in zip(fig.data[1:4], v):
            tr[k] = round_sig(val) if k == "y" else val
    return precomputed_slider_figure(fig, "episodes n", episodes, states, [1, 2, 3], active=0,
                                     fmt="{:d}".format, title=title).update_layout(title_text=title(0))


def random_walk_live(n_runs=100, seed=0):
    """Example 6.2 in JupyterLab: episodes, number of runs averaged, and the step sizes whose values are shown."""
    ex = random_walk_experiment(n_runs=n_runs, seed=seed)  # computed once; slider moves only index into it
    fw = go.FigureWidget(_random_walk_figure(ex, n_runs))
    style = {"description_width": "150px"}
    n = W.IntSlider(10, min=0, max=ex["rms"].shape[2] - 1, description="episodes n", style=style)
    runs = W.IntSlider(n_runs, min=1, max=n_runs, description="runs averaged", style=style)
    td_options = [(f"{a:g}", i) for i, a in enumerate(ex["alphas"]) if ex["method"][i] == "TD"]
    mc_options = [(f"{a:g}", i) for i, a in enumerate(ex["alphas"]) if ex["method"][i] == "MC"]
    td_pick = W.Dropdown(options=td_options, value=td_options[1][1], description="values: TD(0) α", style=style)
    mc_pick = W.Dropdown(options=mc_options, value=mc_options[1][1], description="values: MC α", style=style)

    def update(*_):
        rms = ex["rms"][:, : runs.value].mean(axis=1)
        with fw.batch_update():
            for trace, i, kind in ((fw.data[1], td_pick.value, "TD(0)"), (fw.data[2], mc_pick.value, "MC")):
                trace.y, trace.name = ex["V"][i, 0, n.value], f"run 1: {kind} α={ex['alphas'][i]:g}"
            fw.data[3].x = [n.value, n.value]
            for i in range(len(ex["alphas"])):
                fw.data[4 + i].y = rms[i]
                fw.data[4 + i].line.width = 3 if i in (td_pick.value, mc_pick.value) else 1.5
            fw.layout.annotations[1].text = f"RMS error, mean of {runs.value} runs"
            fw.layout.title.text = f"Random walk (Example 6.2) after {n.value} episodes"

    for c in (n, runs, td_pick, mc_pick):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([n, runs]), W.VBox([td_pick, mc_pick])]), fw])


def random_walk() -> Explorable:
    return Explorable("Random walk: TD(0) vs Monte Carlo", live=random_walk_live, static=random_walk_static)


# ------------------------------------------------------------------ credit assignment explorable

TOKENS = dict(T=12, batch=16)


def _credit_view(pivot, q, critic_episodes, seed=0):
    out = token_chain(TOKENS["T"], pivot, q, critic_episodes, TOKENS["batch"], seed=seed)
    share = lambda A: float(np.abs(A[:, pivot - 1]).sum() / max(np.abs(A).sum(), 1e-12))
    title = (f"Share of |advantage| on the pivotal token {pivot}:<br>REINFORCE {100 * share(out['reinforce']):.0f}%, "
             f"TD errors {100 * share(out['td']):.0f}% (critic trained on {critic_episodes} sequences)")
    return out, title


def _credit_figure():
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.14,
                        subplot_titles=("outcome-only REINFORCE: R − mean(R)", "TD errors δₜ = r + V(sₜ₊₁) − V(sₜ)"))
    tokens = np.arange(1, TOKENS["T"] + 1)
    for row in (1, 2):
        fig.add_trace(go.Heatmap(x=tokens, y=np.arange(1, TOKENS["batch"] + 1), colorscale=DIVERGING, zmid=0,
                                 zmin=-1, zmax=1, showscale=row == 1,
                                 colorbar=dict(title=dict(text="advantage", side="right"), thickness=14),
                                 hovertemplate="token %{x}, sequence %{y}: %{z:.2f}<extra></extra>"), row=row, col=1)
        fig.update_xaxes(title_text="token position t" if row == 2 else None, dtick=1, row=row, col=1)
        fig.update_yaxes(title_text="sampled sequence", autorange="reversed", row=row, col=1)
    # top margin: a two-line title (32-72 px), then the first subplot title (~105-130 px)
    fig.update_layout(**_layout(height=760, margin=dict(l=70, r=30, t=130, b=60)),
                      title_font_size=14,
                      meta={"alt": "Per-token advantages for a batch of sampled sequences: REINFORCE spreads the "
                                   "outcome over every token; TD errors from a trained critic concentrate it on the "
                                   "pivotal token."})
    return fig


def credit_static(pivot=6, q=0.5, critic=(0, 10, 20, 50, 100, 200, 500, 1000)):
    """The token chain in the book: slider over the critic's training episodes."""
    fig = _credit_figure()

    def states(n):
        out, _ = _credit_view(pivot, q, n)
        return {"z": [_typed(out["reinforce"]), _typed(out["td"])]}

    active = critic.index(200) if 200 in critic else 0  # open on a trained critic; slide to 0 to see it learn
    out, _ = _credit_view(pivot, q, critic[active])
    fig.data[0].z, fig.data[1].z = out["reinforce"].astype(np.float32), out["td"].astype(np.float32)
    title = lambda n: _credit_view(pivot, q, n)[1]
    precomputed_slider_figure(fig, "critic training episodes", critic, states, [0, 1], active=active,
                              fmt="{:d}".format, title=title)
    return fig.update_layout(title_text=title(critic[active]))


def credit_live():
    """The token chain in JupyterLab: pivot position, probability of the right pivot, critic training."""
    fw = go.FigureWidget(_credit_figure())
    style = {"description_width": "180px"}
    pivot = W.IntSlider(6, min=1, max=TOKENS["T"], description="pivotal token position", style=style)
    q = W.FloatSlider(0.5, min=0.0, max=1.0, step=0.05, description="q = P(right pivot)", style=style,
                      readout_format=".2f")
    n = W.IntSlider(200, min=0, max=1000, step=10, description="critic training episodes", style=style)
    seed = W.IntSlider(0, min=0, max=20, description="seed", style=style)

    def update(*_):
        out, title = _credit_view(pivot.value, q.value, n.value, seed.value)
        with fw.batch_update():
            fw.data[0].z, fw.data[1].z = out["reinforce"], out["td"]
            fw.layout.title.text = title

    for c in (pivot, q, n, seed):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([pivot, q]), W.VBox([n, seed])]), fw])


def credit_assignment() -> Explorable:
    return Explorable("Credit assignment in a token chain", live=credit_live, static=credit_static)
