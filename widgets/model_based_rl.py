"""Model-free, model-based, and RL as inference: the models of chapter `model-based-rl` and its explorables.

Models (pure numpy or plain Python, parameters in, arrays out):
    two_step_mb          model-based stage-1 values of the two-step task: Q_MB(a) = Σ_s P(s|a) Q2(s)
    two_step_update      one trial of model-free TD learning in the two-step task (vectorised over agents)
    td_logged            model-free TD (λ = 0) over a log of two-step trials, stage 1 updated first
    two_step_stay        simulated hybrid agents: stay probabilities after rewarded/unrewarded, common/rare trials
    plans, plan_posterior, argmax_plan   RL as inference over the 2^n binary plans: p(τ|O=1) ∝ p(τ)·exp(R(τ)/α)
    soft_value           α·log Σ_a exp(Q(s,a)/α), stably
    exact_values         V = (I − γP)⁻¹ r, a linear solve
    mc_estimate          mean and standard error of sampled returns; mc_returns samples them
    dyna_q, moved_reward Q-learning / Dyna-Q (k planning steps) / model-based replanning in a gridworld whose
                         goal moves (the gridworld and value iteration are those of widgets/loss_functions.py)
Explorables: two_step_task(), clamp_the_reward(), moved_reward_gridworld().
"""
from __future__ import annotations

import functools
import random

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.loss_functions import gridworld, value_iteration

# ------------------------------------------------------------------ the two-step task (Daw et al. 2011)


def two_step_mb(p_common, q2):
    """Model-based stage-1 values. Action A (0) leads to state s1 (0) with probability p_common and to s2 (1)
    otherwise; action B (1) leads to s2 with probability p_common. q2: the value of each stage-2 state.
    Returns Q_MB (2,) = (p·q2[0] + (1−p)·q2[1], (1−p)·q2[0] + p·q2[1])."""
    q2 = np.asarray(q2, dtype=float)
    P = np.array([[p_common, 1.0 - p_common], [1.0 - p_common, p_common]])
    return P @ q2


def two_step_update(Q1, Q2, a, s, r, alpha, gamma=1.0, lam=0.0):
    """One trial of model-free learning, in place, for a batch of agents (rows of Q1 and Q2, shape (n, 2)).

    Stage 1 first: δ1 = γ·Q2(s) − Q1(a) uses Q2 BEFORE this trial's reward; then δ2 = r − Q2(s).
    Q1(a) += α(δ1 + λ·δ2) (λ = 0: pure TD; λ = 1: Q1 learns from the reward itself); Q2(s) += α·δ2.
    """
    i = np.arange(Q1.shape[0])
    d1 = gamma * Q2[i, s] - Q1[i, a]
    d2 = r - Q2[i, s]
    Q1[i, a] += alpha * (d1 + lam * d2)
    Q2[i, s] += alpha * d2


def td_logged(actions, states, rewards, alpha, gamma):
    """Model-free TD (λ = 0) over a log of two-step trials, values starting at 0.

    actions[t] ∈ {0 (A), 1 (B)}, states[t] ∈ {0 (s1), 1 (s2)}, rewards[t]: the trial's stage-2 reward.
    Each trial: Q1(a) += α(γ·Q2(s) − Q1(a)) with Q2 as it was before the trial, then Q2(s) += α(r − Q2(s)).
    Returns (Q1, Q2), each of shape (2,).
    """
    Q1, Q2 = np.zeros((1, 2)), np.zeros((1, 2))
    for a, s, r in zip(actions, states, rewards):
        two_step_update(Q1, Q2, int(a), int(s), float(r), alpha, gamma)
    return Q1[0], Q2[0]


def two_step_stay(p_common=0.7, w=0.5, n_trials=100, n_agents=150, alpha=0.5, beta=5.0, seed=0, exact=False):
    """Simulated hybrid agents in a simplified two-step task (one reward probability per stage-2 state).

    Each agent chooses A or B by a softmax (inverse temperature β) over Q = w·Q_MB + (1 − w)·Q_MF, where
    Q_MB = two_step_mb(p_common, Q2) and Q_MF is learned by two_step_update with λ = 1 (stage 1 learns from
    the reward, the classic model-free signature). Reward probabilities of s1 and s2 drift as Gaussian random
    walks (sd 0.025 per trial) reflected at 0.25 and 0.75, as in Daw et al. (2011).
    Returns dict stay (2, 2): P(repeat the stage-1 choice) after [rewarded, unrewarded] × [common, rare]
    trials; choices, common, rewarded (n_agents, n_trials). exact=True runs two_step_update itself (slower;
    the tests check both give the same choices).
    """
    rng = np.random.default_rng(seed)
    n, n_trials = int(n_agents), int(n_trials)
    Q1, Q2 = np.zeros((n, 2)), np.zeros((n, 2))
    u = rng.random((n_trials, 3, n))
    # reward probabilities: a Gaussian random walk folded into [0.25, 0.75] (reflection at the bounds)
    walk = rng.uniform(0, 1, (1, n, 2)) + np.cumsum(rng.normal(0, 0.05, (n_trials, n, 2)), axis=0)
    prob = 0.25 + 0.5 * (1 - np.abs(np.mod(walk, 2.0) - 1))  # walk in units of the interval's width 0.5
    A = np.zeros((n_trials, n), dtype=int)
    C = np.zeros((n_trials, n), dtype=bool)
    R = np.zeros((n_trials, n), dtype=bool)
    v = np.array([-1.0, 1.0])
    v_mb, v_mf = w * (2 * p_common - 1) * v, (1 - w) * v  # Q_MB(B) − Q_MB(A) = (2p − 1)(Q2(s2) − Q2(s1))
    sides = np.array([False, True])
    for t in range(n_trials):
        diff = Q2 @ v_mb + Q1 @ v_mf  # Q(B) − Q(A) of the hybrid
        b = u[t, 0] * (1.0 + np.exp(-beta * diff)) < 1.0  # chose B, with P(B) = σ(β·diff)
        common = u[t, 1] < p_common
        s2 = b == common  # reached s2: B with a common transition, or A with a rare one
        r = u[t, 2] < np.where(s2, prob[t, :, 1], prob[t, :, 0])
        if exact:
            two_step_update(Q1, Q2, b.astype(int), s2.astype(int), r, alpha, 1.0, 1.0)
        else:  # the same update (λ = 1, γ = 1: Q1(a) += α(r − Q1(a)), Q2(s) += α(r − Q2(s))), as masks
            Q1 += alpha * (b[:, None] == sides) * (r[:, None] - Q1)
            Q2 += alpha * (s2[:, None] == sides) * (r[:, None] - Q2)
        A[t], C[t], R[t] = b, common, r
    A, C, R = A.T, C.T, R.T
    stay = A[:, 1:] == A[:, :-1]
    out = np.zeros((2, 2))
    for j, rew in enumerate((True, False)):
        for k, com in enumerate((True, False)):
            m = (R[:, :-1] == rew) & (C[:, :-1] == com)
            out[j, k] = stay[m].mean() if m.any() else 0.5
    return {"stay": out, "choices": A, "common": C, "rewarded": R}


# ------------------------------------------------------------------ RL as inference over plans


def plans(n_steps=3):
    """All 2^n binary plans, one per row, in counting order: 000, 001, …, 111 (first step = first column)."""
    k = np.arange(2 ** n_steps)
    return (k[:, None] >> np.arange(n_steps - 1, -1, -1)) & 1


def plan_posterior(prior, rewards, alpha):
    """Posterior over plans given optimality: p(τ | O = 1) ∝ p(τ)·exp(R(τ)/α), normalised over all plans.

    prior: p(τ) ≥ 0 per plan (need not sum to 1); rewards: R(τ); alpha > 0: temperature. Plans with prior 0
    get posterior 0. Computed in log space (shifted by the largest log-weight), so a small α cannot overflow.
    """
    prior, rewards = np.asarray(prior, dtype=float), np.asarray(rewards, dtype=float)
    ok = prior > 0
    logw = np.full(prior.shape, -np.inf)
    logw[ok] = np.log(prior[ok]) + rewards[ok] / alpha
    w = np.exp(logw - logw[ok].max())
    return w / w.sum()


def argmax_plan(prior, rewards):
    """The argmax planner: the index of the highest-reward plan the prior allows (ties: the lowest index)."""
    rewards = np.where(np.asarray(prior) > 0, np.asarray(rewards, dtype=float), -np.inf)
    return int(np.argmax(rewards))


def soft_value(Q, alpha):
    """Soft (log-sum-exp) value over the last axis: α·log Σ_a exp(Q(s,a)/α), computed stably as
    m + α·log Σ_a exp((Q − m)/α) with m = max_a Q. As α → 0 it tends to max_a Q; with n tied actions it is
    max + α·log n."""
    Q = np.asarray(Q, dtype=float)
    m = Q.max(axis=-1)
    return m + alpha * np.log(np.exp((Q - m[..., None]) / alpha).sum(axis=-1))


# ------------------------------------------------------------------ value: exact vs averaged rollouts


def exact_values(P, r, gamma):
    """State values of a Markov reward process: V = r + γPV, so V = (I − γP)⁻¹ r (a linear solve).
    P (S, S): P[s, s'] transition probabilities (rows sum to 1); r (S,): reward received in s; 0 ≤ γ < 1."""
    P, r = np.asarray(P, dtype=float), np.asarray(r, dtype=float)
    return np.linalg.solve(np.eye(len(r)) - gamma * P, r)


def mc_estimate(returns):
    """Monte Carlo value estimate from sampled returns: (mean, standard error = sample sd (ddof=1) / √n).
    Needs at least 2 returns."""
    g = np.asarray(returns, dtype=float)
    return float(g.mean()), float(g.std(ddof=1) / np.sqrt(g.size))


def mc_returns(P, r, gamma, start, n_rollouts, horizon=200, seed=0):
    """n_rollouts sampled discounted returns Σ_t γ^t r(s_t) from `start`, truncated after `horizon` steps
    (the truncation bias is at most γ^horizon·max|r|/(1 − γ)). Vectorised over rollouts."""
    P, r = np.asarray(P, dtype=float), np.asarray(r, dtype=float)
    rng = np.random.default_rng(seed)
    cum = np.cumsum(P, axis=1)
    s = np.full(int(n_rollouts), int(start))
    G = np.zeros(int(n_rollouts))
    disc = 1.0
    for _ in range(horizon):
        G += disc * r[s]
        s = np.minimum((rng.random(s.size)[:, None] > cum[s]).sum(axis=1), len(r) - 1)
        disc *= gamma
    return G


# ------------------------------------------------------------------ moved reward: Q-learning, Dyna-Q, model-based

GRID = dict(n=5, goals=(24, 4), switch=15, n_episodes=40)  # goal bottom-right, then top-right after episode 15


def dyna_q(k=0, agent="dyna", n=5, goals=(24, 4), switch=15, n_episodes=40, alpha=0.5, gamma=0.9, epsilon=0.1,
           max_steps=300, seed=0):
    """One run in an n×n gridworld (widgets/loss_functions.gridworld) whose goal is goals[0] for the first
    `switch` episodes and goals[1] afterwards. Every episode starts at state 0; entering the goal pays +1 and
    ends it; an episode is cut after max_steps steps.

    agent="dyna": ε-greedy Q-learning, Q(s,a) += α(r + γ·max Q(s',·) − Q(s,a)) (0 at a terminal s'), plus k
    planning updates after every real step, each on a previously seen (s, a) drawn uniformly from the learned
    model (the last observed r, s', terminal); k = 0 is plain Q-learning. agent="model": the same learned
    model, but ε-greedy on the Q of full value iteration over it (unseen pairs: stay put, reward 0),
    recomputed whenever the model changes. Greedy ties are broken at random. Seeded by random.Random(seed).
    Returns the number of steps in each episode, shape (n_episodes,).
    """
    rnd = random.Random(seed)
    envs = [gridworld(n, g) for g in goals]
    S, nA = n * n, 4
    Q = [[0.0] * nA for _ in range(S)]
    model, seen = {}, []  # (s, a) -> (r, s2, terminal); seen lists the keys in first-visit order
    m_next = np.repeat(np.arange(S)[:, None], nA, axis=1)
    m_rew, m_term = np.zeros((S, nA)), np.zeros(S, dtype=bool)
    steps = []
    for e in range(int(n_episodes)):
        env = envs[0] if e < switch else envs[1]
        nxt, rew, term = env["next_state"], env["reward"], env["terminal"]
        s, t = 0, 0
        while not term[s] and t < max_steps:
            q = Q[s]
            if rnd.random() < epsilon:
                a = rnd.randrange(nA)
            else:
                best = max(q)
                ties = [i for i in range(nA) if q[i] == best]
                a = ties[rnd.randrange(len(ties))] if len(ties) > 1 else ties[0]
            s2, r, done = int(nxt[s][a]), float(rew[s][a]), bool(term[int(nxt[s][a])])
            changed = model.get((s, a)) != (r, s2, done)
            if (s, a) not in model:
                seen.append((s, a))
            model[(s, a)] = (r, s2, done)
            if agent == "model":
                if changed:
                    m_next[s, a], m_rew[s, a], m_term[s2] = s2, r, done
                    Q = value_iteration(m_next, m_rew, m_term, gamma).tolist()
            else:
                Q[s][a] += alpha * (r + (0.0 if done else gamma * max(Q[s2])) - Q[s][a])
                for _ in range(int(k)):
                    ps, pa = seen[rnd.randrange(len(seen))]
                    pr, ps2, pdone = model[(ps, pa)]
                    Q[ps][pa] += alpha * (pr + (0.0 if pdone else gamma * max(Q[ps2])) - Q[ps][pa])
            s, t = s2, t + 1
        steps.append(t)
    return np.array(steps)


@functools.lru_cache(maxsize=32)
def _mean_steps(agent, k, runs, seed):
    out = np.mean([dyna_q(k=k, agent=agent, seed=seed + i, **GRID) for i in range(runs)], axis=0)
    out.flags.writeable = False
    return out


def moved_reward(k=10, runs=10, seed=0):
    """Mean steps per episode over `runs` seeded runs (seeds seed … seed+runs−1) for Q-learning, Dyna-Q with
    k planning steps, and the model-based agent, in the GRID setting. Returns dict of read-only (n_episodes,)
    arrays (cached: the figures ask for the same settings again)."""
    return {"Q-learning": _mean_steps("dyna", 0, runs, seed), f"Dyna-Q": _mean_steps("dyna", int(k), runs, seed),
            "model-based": _mean_steps("model", 0, runs, seed)}


# ================================================================== explorables (live + static twins)

TWO_STEP_W = (0.0, 0.25, 0.5, 0.75, 1.0)
TWO_STEP_P = (0.6, 0.7, 0.8, 0.9)
_STAY_X = ["rewarded", "unrewarded"]


def _two_step_figure(height=480):
    fig = go.Figure()
    fig.update_layout(**pinned_layout(height=height, barmode="group", margin=dict(l=70, r=30, t=110, b=120),
                                      legend=dict(x=0.99, y=1.0, xanchor="right", yanchor="top")),
                      meta={"alt": "Stay probabilities in the two-step task after rewarded and unrewarded trials "
                                   "with common or rare transitions: a model-free agent (w = 0) repeats rewarded "
                                   "choices whatever the transition; a model-based agent (w = 1) shows a "
                                   "reward × transition interaction."})
    fig.update_xaxes(title_text="outcome of the previous trial")
    fig.update_yaxes(title_text="P(repeat the stage-1 choice)", range=[0, 1])
    return fig


def _two_step_title(w, p):
    return f"Two-step task: model-based weight w = {w:.2f}, common transition p = {p:.2f}"


def two_step_static(ws=TWO_STEP_W, ps=TWO_STEP_P):
    """Slider over the model-based weight w; buttons for the common-transition probability (visibility)."""
    fig = _two_step_figure()
    default_w, default_p = ws.index(0.5), ps.index(0.7)
    for i, p in enumerate(ps):
        stay = two_step_stay(p, ws[default_w])["stay"]
        for k, (name, c) in enumerate((("common transition", PALETTE["blue"]), ("rare transition", PALETTE["vermillion"]))):
            fig.add_trace(go.Bar(x=_STAY_X, y=round_sig(stay[:, k]), name=name, marker_color=c,
                                 visible=i == default_p, hovertemplate="%{x}, " + name + ": %{y:.3f}<extra></extra>"))

    def states(w):
        return {"y": [two_step_stay(p, w)["stay"][:, k] for p in ps for k in (0, 1)]}

    precomputed_slider_figure(fig, "model-based weight w", ws, states, list(range(2 * len(ps))), active=default_w,
                              fmt="{:.2f}".format, title=lambda w: f"Two-step task: model-based weight w = {w:.2f}")
    fig.update_layout(title=pinned_title(f"Two-step task: model-based weight w = {ws[default_w]:.2f}", 480),
                      updatemenus=[dict(name="common-transition probability p", type="buttons", direction="right",
                                        x=0.0, y=1.2, xanchor="left", yanchor="top", active=default_p,
                                        showactive=True, pad=dict(r=4, t=0),
                                        buttons=[dict(label=f"p = {p:.1f}", method="restyle",
                                                      args=[{"visible": [j // 2 == i for j in range(2 * len(ps))]}])
                                                 for i, p in enumerate(ps)])])
    return fig


def two_step_live():
    """The two-step task in JupyterLab: w, p_common, learning rate, inverse temperature, seed."""
    fig = _two_step_figure(height=440)
    for name, c in (("common transition", PALETTE["blue"]), ("rare transition", PALETTE["vermillion"])):
        fig.add_trace(go.Bar(x=_STAY_X, name=name, marker_color=c))
    fw = go.FigureWidget(fig)
    style = {"description_width": "170px"}
    w = W.FloatSlider(0.5, min=0.0, max=1.0, step=0.05, description="w (model-based weight)", style=style,
                      readout_format=".2f")
    p = W.FloatSlider(0.7, min=0.5, max=1.0, step=0.05, description="p (common transition)", style=style,
                      readout_format=".2f")
    alpha = W.FloatSlider(0.5, min=0.05, max=1.0, step=0.05, description="α (learning rate)", style=style,
                          readout_format=".2f")
    beta = W.FloatSlider(5.0, min=0.0, max=20.0, step=0.5, description="β (inverse temperature)", style=style,
                         readout_format=".1f")
    seed = W.IntSlider(0, min=0, max=20, description="seed", style=style)

    def update(*_):
        stay = two_step_stay(p.value, w.value, alpha=alpha.value, beta=beta.value, seed=seed.value)["stay"]
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = stay[:, 0], stay[:, 1]
            fw.layout.title.text = _two_step_title(w.value, p.value)

    for c in (w, p, alpha, beta, seed):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([w, p, seed]), W.VBox([alpha, beta])]), fw])


def two_step_task() -> Explorable:
    return Explorable("The two-step task", live=two_step_live, static=two_step_static)


# ------------------------------------------------------------------ clamp the reward

CLAMP_ALPHAS = (0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0)
CLAMP_BONUS = (0.0, 2.0)
_PLAN_LABELS = ["".join(map(str, p)) for p in plans(3)]


def clamp_view(alpha, bonus=0.0):
    """The clamp-the-reward figure's numbers: R = number of 1s (+ bonus on plan 101), uniform prior."""
    R = plans(3).sum(axis=1).astype(float)
    R[5] += bonus
    prior = np.full(8, 1 / 8)
    post = plan_posterior(prior, R, alpha)
    best = argmax_plan(prior, R)
    return {"R": R, "prior": prior, "post": post, "best": best}


def _clamp_title(alpha, bonus=None):
    b = "" if bonus is None else f", bonus {bonus:+.0f} on plan 101"
    return f"Clamp the reward: α = {alpha:.2f}{b}"


def _clamp_figure(height=480):
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=_PLAN_LABELS, y=[1 / 8] * 8, mode="lines", name="prior p(τ) = 1/8",
                             line=dict(color="#444", dash="dot")))
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=110, b=120),
                                      legend=dict(x=0.01, y=1.0, xanchor="left", yanchor="top")),
                      meta={"alt": "Posterior over the 8 three-step binary plans given a clamped high reward: at "
                                   "small temperature α it concentrates on the argmax plan, at large α it "
                                   "approaches the uniform prior."})
    fig.update_xaxes(title_text="plan τ (three binary choices)")
    fig.update_yaxes(title_text="p(τ | O = 1)", range=[0, 1])
    return fig


def _clamp_traces(v, visible=True):
    colours = [PALETTE["vermillion"] if i == v["best"] else PALETTE["blue"] for i in range(8)]
    return go.Bar(x=_PLAN_LABELS, y=round_sig(v["post"]), name="posterior (argmax plan in vermillion)",
                  marker_color=colours, visible=visible, hovertemplate="plan %{x}: %{y:.4f}<extra></extra>")


def clamp_static(alphas=CLAMP_ALPHAS, bonuses=CLAMP_BONUS):
    """Slider over α; buttons for the bonus on plan 101 (each bonus has its own bar trace)."""
    fig = _clamp_figure()
    default_a = alphas.index(1.0)
    for i, b in enumerate(bonuses):
        fig.add_trace(_clamp_traces(clamp_view(alphas[default_a], b), visible=i == 0))

    def states(a):
        return {"y": [clamp_view(a, b)["post"] for b in bonuses]}

    idx = list(range(1, 1 + len(bonuses)))
    precomputed_slider_figure(fig, "temperature α", alphas, states, idx, active=default_a, fmt="{:.2f}".format,
                              title=_clamp_title)
    fig.update_layout(title=pinned_title(_clamp_title(alphas[default_a]), 480),
                      updatemenus=[dict(name="reward bonus on plan 101", type="buttons", direction="right", x=0.0,
                                        y=1.2, xanchor="left", yanchor="top", active=0, showactive=True,
                                        pad=dict(r=4, t=0),
                                        buttons=[dict(label=f"bonus on 101: {b:+.0f}", method="restyle",
                                                      args=[{"visible": [True] + [j == i for j in range(len(bonuses))]}])
                                                 for i, b in enumerate(bonuses)])])
    return fig


def clamp_live():
    """Clamp the reward in JupyterLab: temperature α and a bonus on plan 101."""
    fig = _clamp_figure(height=440)
    fig.add_trace(_clamp_traces(clamp_view(1.0)))
    fw = go.FigureWidget(fig)
    style = {"description_width": "170px"}
    alpha = W.FloatSlider(1.0, min=0.05, max=5.0, step=0.05, description="α (temperature)", style=style,
                          readout_format=".2f")
    bonus = W.FloatSlider(0.0, min=-3.0, max=3.0, step=0.5, description="bonus on plan 101", style=style,
                          readout_format=".1f")

    def update(*_):
        v = clamp_view(alpha.value, bonus.value)
        with fw.batch_update():
            fw.data[1].y = v["post"]
            fw.data[1].marker.color = [PALETTE["vermillion"] if i == v["best"] else PALETTE["blue"] for i in range(8)]
            fw.layout.title.text = (_clamp_title(alpha.value, bonus.value)
                                    + f": p(argmax plan {_PLAN_LABELS[v['best']]}) = {v['post'][v['best']]:.3f}")

    alpha.observe(update, "value")
    bonus.observe(update, "value")
    update()
    return W.VBox([W.HBox([alpha, bonus]), fw])


def clamp_the_reward() -> Explorable:
    return Explorable("Clamp the reward", live=clamp_live, static=clamp_static)


# ------------------------------------------------------------------ moved reward gridworld

DYNA_KS = (1, 5, 10, 20)
_AGENT_STYLE = {"Q-learning": (PALETTE["orange"], "solid"), "Dyna-Q": (PALETTE["blue"], "solid"),
                "model-based": (PALETTE["green"], "dash")}


def _moved_title(k):
    return f"Moved reward: Dyna-Q with k = {k} planning steps (goal moves after episode {GRID['switch']})"


def _moved_figure(height=480):
    fig = go.Figure()
    fig.add_vrect(x0=GRID["switch"] + 0.5, x1=GRID["n_episodes"] + 0.5, fillcolor="#eeeeee", line_width=0, layer="below")
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=80, b=120),
                                      legend=dict(x=0.99, y=1.0, xanchor="right", yanchor="top")),
                      meta={"alt": "Steps to the goal per episode in a 5 by 5 gridworld whose goal moves after "
                                   "episode 15 (shaded): Q-learning relearns slowly, Dyna-Q faster with more "
                                   "planning steps, the model-based agent replans as soon as its model changes."})
    fig.update_xaxes(title_text="episode", range=[0.5, GRID["n_episodes"] + 0.5])
    fig.update_yaxes(title_text="steps to the goal (mean of 10 runs)", type="log", range=[np.log10(4), np.log10(400)],
                     tickvals=[5, 10, 20, 50, 100, 200], ticktext=["5", "10", "20", "50", "100", "200"])
    return fig


def _moved_traces(fig, v):
    x = np.arange(1, GRID["n_episodes"] + 1)
    for name, y in v.items():
        c, dash = _AGENT_STYLE[name]
        fig.add_trace(go.Scatter(x=x, y=round_sig(y), name=name, mode="lines+markers", marker=dict(size=4),
                                 line=dict(color=c, dash=dash), hovertemplate="episode %{x}: %{y:.1f} steps<extra></extra>"))


def moved_static(ks=DYNA_KS):
    """Slider over Dyna-Q's planning steps k (Q-learning and the model-based agent do not depend on k)."""
    fig = _moved_figure()
    active = ks.index(10) if 10 in ks else 0
    _moved_traces(fig, moved_reward(ks[active]))
    return precomputed_slider_figure(fig, "planning steps k", ks, lambda k: {"y": [moved_reward(k)["Dyna-Q"]]}, [1],
                                     active=active, fmt="{:d}".format, title=_moved_title).update_layout(
        title=pinned_title(_moved_title(ks[active]), 480))


def moved_live(ks=DYNA_KS):
    """The moved-reward gridworld in JupyterLab: a slider over k. The four settings are computed (and cached)
    when the widget is built, so moving the slider only redraws."""
    for k in ks:
        moved_reward(k)
    fig = _moved_figure(height=440)
    _moved_traces(fig, moved_reward(ks[0]))
    fw = go.FigureWidget(fig)
    k = W.SelectionSlider(options=list(ks), value=10 if 10 in ks else ks[0], description="k (planning steps)",
                          style={"description_width": "150px"})

    def update(*_):
        with fw.batch_update():
            fw.data[1].y = moved_reward(k.value)["Dyna-Q"]
            fw.layout.title.text = _moved_title(k.value)

    k.observe(update, "value")
    update()
    return W.VBox([k, fw])


def moved_reward_gridworld() -> Explorable:
    return Explorable("Moved reward: model-free vs model-based", live=moved_live, static=moved_static)
