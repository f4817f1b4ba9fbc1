"""Loss functions, curricula and shaping: the models of chapter `loss-functions` and its explorables.

Models (pure numpy, parameters in, arrays out):
    learning_curve        L(D) = A·D^(−α) + L∞, loss after D training samples
    samples_to_threshold  D*(ε) = (A / (ε − L∞))^(1/α); inf when ε ≤ L∞
    fit_power_law         A, α of L − L∞ = A·D^(−α) by least squares on log–log axes (L∞ given)
    fit_learning_curve    A, α, L∞ together (profile least squares over L∞)
    schedule              a loss weight w(t): "step", "ramp" or "sigmoid" switched on at t_on
    two_module_data       seeded data for a two-module linear net ("sensory" W1, "association" w2)
    train_two_module      gradient descent on w_main(t)·L_main + w_aux(t)·L_aux
    select_aux_weight     the outer loop: pick the auxiliary-loss weight λ by validation error
    corridor, gridworld   small deterministic MDPs (tables next_state[s, a], reward[s, a], terminal[s])
    value_iteration       optimal action values Q*(s, a) of a deterministic MDP
    greedy_actions        argmax of Q with ties broken toward the first action
    shaping_rewards       F_t = γΦ(s_{t+1}) − Φ(s_t) along a trajectory (Φ = 0 at a terminal state)
    loop_threshold        the bonus b* above which a corridor state prefers a bonus loop to the goal
    q_learning            tabular ε-greedy Q-learning, steps to the goal in every episode
Explorables: curriculum_scheduler(), shaping_playground(), learning_curve_fitter().
"""
from __future__ import annotations

import functools
import math
import random

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure, round_sig

# ================================================================== learning curves


def learning_curve(D, A, alpha, L_inf):
    """Loss after D training samples on a power-law learning curve: A·D^(−α) + L∞ (D > 0)."""
    return A * np.asarray(D, dtype=float) ** (-alpha) + L_inf


def samples_to_threshold(A, alpha, L_inf, eps):
    """Samples D* at which A·D^(−α) + L∞ falls to the target loss ε: D* = (A / (ε − L∞))^(1/α).

    A curve that levels off at L∞ never reaches a target ε ≤ L∞: then D* = inf.
    """
    if eps <= L_inf:
        return math.inf
    return (A / (eps - L_inf)) ** (1 / alpha)


def fit_power_law(D, L, L_inf):
    """A and α of L − L∞ = A·D^(−α): a straight line log(L − L∞) = log A − α·log D, least squares.

    D, L: 1-D arrays (at least 2 distinct D, every L > L∞). Returns (A, alpha) as floats.
    """
    x, y = np.log(np.asarray(D, dtype=float)), np.log(np.asarray(L, dtype=float) - L_inf)
    slope, intercept = np.polyfit(x, y, 1)
    return float(np.exp(intercept)), float(-slope)


def fit_learning_curve(D, L, n_grid=60):
    """A, α and L∞ together: for each candidate L∞ in [0, min L) fit A, α on log–log axes, keep the
    L∞ whose curve has the smallest squared error in log L; refine once on a finer grid around it.
    Returns (A, alpha, L_inf)."""
    D, L = np.asarray(D, dtype=float), np.asarray(L, dtype=float)
    lo, hi = 0.0, float(L.min()) * (1 - 1e-6)

    def sse(L_inf):
        A, alpha = fit_power_law(D, L, L_inf)
        return float(np.sum((np.log(learning_curve(D, A, alpha, L_inf)) - np.log(L)) ** 2))

    best = lo
    for _ in range(2):
        grid = np.linspace(lo, hi, n_grid)
        errs = [sse(c) for c in grid]
        i = int(np.argmin(errs))
        best = float(grid[i])
        step = grid[1] - grid[0]
        lo, hi = max(0.0, best - step), min(hi, best + step)
    A, alpha = fit_power_law(D, L, best)
    return A, alpha, best


def noisy_learning_curve(A=2.0, alpha=0.5, L_inf=0.05, noise=0.08, n_points=14, D_min=10, D_max=1e5, seed=0):
    """Synthetic measurements: D on a log grid, L = (A·D^(−α) + L∞)·exp(noise·N(0, 1)) (multiplicative noise,
    as run-to-run spread looks on log axes). Returns (D, L)."""
    rng = np.random.default_rng(seed)
    D = np.unique(np.round(np.geomspace(D_min, D_max, n_points)))
    return D, learning_curve(D, A, alpha, L_inf) * np.exp(noise * rng.normal(size=D.size))


# ================================================================== loss schedules and the two-module net

KINDS = ("step", "ramp", "sigmoid")


def schedule(kind, t, t_on, width):
    """The weight w(t) of one loss term, switched on at time t_on (t: array of times, width > 0).

    step:    1 from t_on on (t ≥ t_on), else 0
    ramp:    rises linearly from 0 at t_on to 1 at t_on + width, clipped to [0, 1]
    sigmoid: logistic 1 / (1 + exp(−(t − t_on) / width)), exactly 1/2 at t_on
    """
    t = np.asarray(t, dtype=float)
    if kind == "step":
        return (t >= t_on).astype(float)
    if kind == "ramp":
        return np.clip((t - t_on) / width, 0.0, 1.0)
    if kind == "sigmoid":
        return 0.5 * (1.0 + np.tanh((t - t_on) / (2.0 * width)))  # = logistic, without overflow
    raise ValueError(f"unknown schedule kind {kind!r}: use one of {KINDS}")


def two_module_data(n=20, n_aux=200, n_val=500, d=30, k=3, noise=1.5, label_noise=0.1, init=0.01, seed=0):
    """Seeded data for a two-module linear net.

    k latent causes z ~ N(0, I) produce d-dimensional inputs x = (M z + noise·ε) / √d; the task label is
    y = v·z + label_noise·ε'. Few labelled examples (n), many examples with an auxiliary target t = z
    (n_aux: an innate "supervision signal" for the sensory module), a held-out validation set (n_val).
    The net: sensory features h = W1 x (k units), association readout ŷ = w2·h; small random initial weights.
    Returns dict X (n, d), y (n,), X_aux (n_aux, d), T (n_aux, k), X_val, y_val, W1 (k, d), w2 (k,).
    """
    rng = np.random.default_rng(seed)
    M, v = rng.normal(size=(d, k)), rng.normal(size=k)

    def draw(m):
        Z = rng.normal(size=(m, k))
        return (Z @ M.T + noise * rng.normal(size=(m, d))) / np.sqrt(d), Z, Z @ v + label_noise * rng.normal(size=m)

    X, _, y = draw(n)
    X_aux, T, _ = draw(n_aux)
    X_val, _, y_val = draw(n_val)
    return {"X": X, "y": y, "X_aux": X_aux, "T": T, "X_val": X_val, "y_val": y_val,
            "W1": init * rng.normal(size=(k, d)), "w2": init * rng.normal(size=k)}


def train_two_module(data, w_main, w_aux, lr):
    """Full-batch gradient descent on L(t) = w_main[t]·L_main + w_aux[t]·L_aux, one step per entry of the weights.

    L_main = mean over the labelled set of (w2·W1 x − y)²;  L_aux = mean over the auxiliary set of ‖W1 x − t‖².
    Both gradients are taken at the current weights, then W1 and w2 move together. The weights start from
    data["W1"], data["w2"] (copied). Returns dict val (steps + 1,) validation MSE before each step and at the end,
    train (steps + 1,) training MSE, W1, w2 (final).
    """
    W1, w2 = np.array(data["W1"], dtype=float), np.array(data["w2"], dtype=float)
    steps = len(w_main)
    a = 2 * lr * np.asarray(w_main, dtype=float)  # step sizes of the two loss terms, per step
    b = 2 * lr * np.asarray(w_aux, dtype=float)
    # Every term needs only second moments of its data set (n, d ≫ k, so this is the fast way round):
    # with u = W1ᵀw2 and r = XᵀX u / n − Xᵀy / n = Xᵀe / n, the task gradients are Hᵀe/n = W1·r and w2·rᵀ;
    # the auxiliary gradient (Xa W1ᵀ − T)ᵀ Xa / m = W1·G_aux − C_aux; an MSE is uᵀ G u − 2 uᵀ c + mean(y²).
    X, Xa, Xv = data["X"], data["X_aux"], data["X_val"]
    d = X.shape[1]
    G = np.vstack([X.T @ X / len(X), Xv.T @ Xv / len(Xv)])  # (2d, d): training and validation moments
    c = np.concatenate([X.T @ data["y"] / len(X), Xv.T @ data["y_val"] / len(Xv)])
    y2 = np.array([np.mean(data["y"] ** 2), np.mean(data["y_val"] ** 2)])
    G_aux, C_aux = Xa.T @ Xa / len(Xa), data["T"].T @ Xa / len(Xa)
    mse = np.empty((steps + 1, 2))
    for t in range(steps + 1):
        u = W1.T @ w2
        Gu = G @ u
        mse[t] = (Gu - 2 * c).reshape(2, d) @ u
        if t == steps:
            break
        r = Gu[:d] - c[:d]
        W1, w2 = W1 - a[t] * np.outer(w2, r) - b[t] * (W1 @ G_aux - C_aux), w2 - a[t] * (W1 @ r)
    mse += y2
    return {"val": mse[:, 1], "train": mse[:, 0], "W1": W1, "w2": w2}


def select_aux_weight(data, lambdas, steps, lr):
    """Evolution as the outer loop: for each λ train the net from the SAME initial weights for `steps` steps
    on L_main + λ·L_aux, measure the validation MSE, and return (the first λ with the smallest validation
    error, array of the validation errors, one per λ)."""
    errors = np.array([train_two_module(data, np.ones(steps), np.full(steps, lam), lr)["val"][-1]
                       for lam in lambdas])
    return float(lambdas[int(np.argmin(errors))]), errors


def curriculum_run(t_on_aux=0, t_on_main=40, kind="ramp", width=20, lam=1.0, steps=300, lr=0.1, seed=0):
    """The curriculum widget's experiment: the auxiliary (sensory) loss switched on at t_on_aux with weight λ,
    the main (association) loss at t_on_main, both with the schedule `kind`; versus one end-to-end loss from
    t = 0. Returns dict t (steps + 1,), curriculum / end_to_end (validation MSE curves), w_main, w_aux."""
    data = _frozen_data(seed)
    t = np.arange(steps)
    w_main, w_aux = schedule(kind, t, t_on_main, width), lam * schedule(kind, t, t_on_aux, width)
    cur = train_two_module(data, w_main, w_aux, lr)
    e2e = _end_to_end(steps, lr, seed)
    return {"t": np.arange(steps + 1), "curriculum": cur["val"], "end_to_end": e2e, "w_main": w_main, "w_aux": w_aux}


@functools.lru_cache(maxsize=8)
def _frozen_data(seed):
    data = two_module_data(seed=seed)
    for a in data.values():
        a.flags.writeable = False
    return data


@functools.lru_cache(maxsize=8)
def _end_to_end(steps, lr, seed):
    data = _frozen_data(seed)
    out = train_two_module(data, np.ones(steps), np.zeros(steps), lr)["val"]
    out.flags.writeable = False
    return out


# ================================================================== small deterministic MDPs


def corridor(n=6):
    """A corridor of n states 0..n−1; the goal n−1 is terminal, entering it pays +1. Actions 0 = right,
    1 = left (left at state 0 bumps the wall and stays). Returns dict next_state (n, 2) int, reward (n, 2),
    terminal (n,) bool, start 0, dist (n,) steps to the goal, actions ("→", "←")."""
    s = np.arange(n)
    nxt = np.stack([np.minimum(s + 1, n - 1), np.maximum(s - 1, 0)], axis=1)
    nxt[n - 1] = n - 1
    terminal = s == n - 1
    reward = ((nxt == n - 1) & ~terminal[:, None]).astype(float)
    return {"next_state": nxt, "reward": reward, "terminal": terminal, "start": 0, "dist": n - 1 - s,
            "actions": ("→", "←"), "shape": (1, n)}


def gridworld(n=5, goal=None):
    """An n×n grid, start top-left (state 0), goal bottom-right (state n²−1, terminal, +1 on entry), or the
    state `goal` if given (the chapter model-based-rl moves it). State s = row·n + col; actions 0 → right,
    1 ↓ down, 2 ← left, 3 ↑ up; moving into a wall stays put."""
    s = np.arange(n * n)
    r, c = s // n, s % n
    moves = ((0, 1), (1, 0), (0, -1), (-1, 0))
    nxt = np.stack([np.clip(r + dr, 0, n - 1) * n + np.clip(c + dc, 0, n - 1) for dr, dc in moves], axis=1)
    goal = n * n - 1 if goal is None else int(goal)
    nxt[goal] = goal
    terminal = s == goal
    reward = ((nxt == goal) & ~terminal[:, None]).astype(float)
    return {"next_state": nxt, "reward": reward, "terminal": terminal, "start": 0,
            "dist": np.abs(goal // n - r) + np.abs(goal % n - c), "actions": ("→", "↓", "←", "↑"), "shape": (n, n)}


def value_iteration(next_state, reward, terminal, gamma):
    """Optimal action values of a deterministic MDP: repeat Q(s, a) ← r(s, a) + γ·max_a' Q(s', a'), where a
    terminal s' contributes 0 and a terminal s has Q = 0, until no entry changes by more than 1e-12.

    next_state (S, A) int, reward (S, A), terminal (S,) bool, 0 ≤ gamma < 1. Returns Q (S, A).
    """
    next_state, reward = np.asarray(next_state), np.asarray(reward, dtype=float)
    terminal = np.asarray(terminal, dtype=bool)
    Q = np.zeros(reward.shape)
    while True:
        V = np.where(terminal, 0.0, Q.max(axis=1))
        new = np.where(terminal[:, None], 0.0, reward + gamma * V[next_state])
        if np.max(np.abs(new - Q)) < 1e-12:
            return new
        Q = new


def greedy_actions(Q, tol=1e-9):
    """Greedy action per state; actions within tol of the best count as ties, broken toward the lowest index."""
    Q = np.asarray(Q, dtype=float)
    return np.argmax(Q >= Q.max(axis=1, keepdims=True) - tol, axis=1)


def shaping_rewards(states, phi, gamma, terminal):
    """Potential-based shaping along one trajectory s_0 … s_T: F_t = γ·Φ(s_{t+1}) − Φ(s_t), t = 0 … T−1.

    phi: potential per state; terminal: True if s_T ends the episode, and then Φ(s_T) counts as 0.
    Returns an array of T shaping rewards (empty for a trajectory of one state).
    """
    states = np.asarray(states, dtype=int)
    pot = np.asarray(phi, dtype=float)[states]
    if terminal:
        pot[-1] = 0.0
    return gamma * pot[1:] - pot[:-1]


def shaping_table(next_state, terminal, phi, gamma):
    """Potential-based shaping for every (s, a) of a deterministic MDP: F = γΦ(s') − Φ(s), Φ(terminal) = 0."""
    phi = np.where(np.asarray(terminal), 0.0, np.asarray(phi, dtype=float))
    return np.where(np.asarray(terminal)[:, None], 0.0, gamma * phi[next_state] - phi[:, None])


def bonus_table(next_state, terminal, state, b):
    """An arbitrary (non-potential) bonus: +b on every transition that enters `state` from another state."""
    s = np.arange(len(terminal))[:, None]
    return np.where((np.asarray(next_state) == state) & (s != state) & ~np.asarray(terminal)[:, None], float(b), 0.0)


def loop_threshold(gamma, n, k):
    """Corridor of n states (goal n−1 terminal, +1 on entry), bonus b on entering state k (1 ≤ k ≤ n−2).

    From k, heading for the goal is worth γ^(n−2−k); stepping out and back in forever collects b every second
    step, worth γb + γ³b + … = γb / (1 − γ²). State k prefers the loop once b > b* = γ^(n−3−k)·(1 − γ²).
    """
    return gamma ** (n - 3 - k) * (1 - gamma ** 2)


def greedy_reaches_goal(next_state, terminal, policy, start):
    """Follow the greedy policy from `start`: True if it reaches a terminal state (a loop never does)."""
    s, seen = int(start), set()
    while not terminal[s]:
        if s in seen:
            return False
        seen.add(s)
        s = int(next_state[s][policy[s]])
    return True


def q_learning(next_state, reward, terminal, start, gamma=0.9, alpha=0.5, epsilon=0.1, n_episodes=40,
               max_steps=100, seed=0):
    """Tabular ε-greedy Q-learning on a deterministic MDP, Q initialised to 0, greedy ties broken at random.

    Each episode starts at `start` and ends at a terminal state or after max_steps steps.
    Update: Q(s, a) += α·(r + γ·max Q(s', ·) − Q(s, a)), with 0 instead of max Q(s', ·) at a terminal s'.
    Returns dict steps (n_episodes,) steps taken in each episode, Q (S, A) at the end.
    """
    rnd = random.Random(seed)
    nxt, rew, term = np.asarray(next_state).tolist(), np.asarray(reward, dtype=float).tolist(), list(map(bool, terminal))
    n_actions = len(nxt[0])
    rand, randrange = rnd.random, rnd.randrange
    Q = [[0.0] * n_actions for _ in nxt]
    steps = []
    for _ in range(int(n_episodes)):
        s, k = start, 0
        while not term[s] and k < max_steps:
            q = Q[s]
            if rand() < epsilon:
                a = randrange(n_actions)
            else:
                best = max(q)
                a = q.index(best) if q.count(best) == 1 else [i for i, v in enumerate(q) if v == best][randrange(q.count(best))]
            s2 = nxt[s][a]
            target = rew[s][a] + (0.0 if term[s2] else gamma * max(Q[s2]))
            q[a] += alpha * (target - q[a])
            s, k = s2, k + 1
        steps.append(k)
    return {"steps": np.array(steps), "Q": np.array(Q)}


def value_potential(env, gamma):
    """A value-like potential: Φ(s) = γ^(d(s) − 1) with d the number of steps to the goal (Φ = 0 at the goal):
    the exact optimal value of these sparse-reward worlds, the potential Ng et al. recommend aiming for."""
    d = np.asarray(env["dist"], dtype=float)
    return np.where(env["terminal"], 0.0, gamma ** (d - 1))


def shaping_experiment(world="corridor", kind="potential", beta=0.5, gamma=0.9, runs=8, n_episodes=40,
                       max_steps=100, seed=0):
    """The shaping playground's experiment. kind "potential": reward + shaping with Φ = β·γ^(d−1); "bonus": reward
    + β on entering state 1 (next to the start). Returns dict Q (value iteration on the shaped rewards), policy
    (greedy actions), V (max Q), steps (runs, n_episodes) of Q-learning, env."""
    return _shaping_experiment(world, kind, round(float(beta), 6), float(gamma), int(runs), int(n_episodes),
                               int(max_steps), int(seed))


@functools.lru_cache(maxsize=256)
def _shaping_experiment(world, kind, beta, gamma, runs, n_episodes, max_steps, seed):
    env = corridor() if world == "corridor" else gridworld()
    nxt, term = env["next_state"], env["terminal"]
    if kind == "potential":
        extra = shaping_table(nxt, term, beta * value_potential(env, gamma), gamma)
    else:
        extra = bonus_table(nxt, term, 1, beta)
    reward = env["reward"] + extra
    Q = value_iteration(nxt, reward, term, gamma)
    steps = np.array([q_learning(nxt, reward, term, env["start"], gamma, n_episodes=n_episodes, max_steps=max_steps,
                                 seed=seed * 1000 + r)["steps"] for r in range(runs)])
    for a in (Q, steps):
        a.flags.writeable = False
    return {"Q": Q, "policy": greedy_actions(Q), "V": Q.max(axis=1), "steps": steps, "env": env}


def policy_return(env, policy, gamma):
    """The true (unshaped) discounted return of following `policy` from each state: γ^(m−1) if it enters the goal
    after m steps, 0 if it loops forever (and 0 at the goal itself)."""
    nxt, term = env["next_state"], env["terminal"]
    out = np.zeros(len(term))
    for s0 in range(len(term)):
        s, m, seen = s0, 0, set()
        while not term[s] and s not in seen:
            seen.add(s)
            s, m = int(nxt[s][policy[s]]), m + 1
        out[s0] = gamma ** (m - 1) if term[s] and m > 0 else 0.0
    return out


# ================================================================== explorables (live + static twins)

from course.figures import pinned_layout as _layout  # noqa: E402  (the course's pinned-title layout)

SCHEDULE_STEPS, SCHEDULE_LR = 300, 0.1
CURRICULUM = dict(t_on_aux=0, width=20, lam=1.0)


def _curriculum_title(run):
    cur, e2e = run["curriculum"], run["end_to_end"]
    return (f"Held-out error after {len(cur) - 1} steps: curriculum {cur[-1]:.3f}, end-to-end {e2e[-1]:.3f} "
            f"(best along the way {cur.min():.3f} vs {e2e.min():.3f})")


def _curriculum_figure(height=620):
    fig = make_subplots(rows=2, cols=1, row_heights=[0.64, 0.36], vertical_spacing=0.14, shared_xaxes=True,
                        subplot_titles=("validation error (mean squared error, held-out set)",
                                        "loss weights w(t)"))
    fig.update_yaxes(title_text="validation MSE", type="log", row=1, col=1)
    fig.update_yaxes(title_text="weight", range=[-0.05, 3.1], row=2, col=1)
    fig.update_xaxes(title_text="gradient step t", row=2, col=1)
    fig.update_layout(**_layout(height=height, margin=dict(l=70, r=30, t=110, b=60),
                                legend=dict(x=0.99, y=0.99, xanchor="right", yanchor="top",
                                            bgcolor="rgba(255,255,255,0.85)", font=dict(size=11))),
                      title_font_size=14,
                      meta={"alt": "Validation error of a two-module linear net over gradient steps, trained with a "
                                   "curriculum (auxiliary sensory loss first, main loss switched on later) and with "
                                   "one end-to-end loss, above the two loss weights over time."})
    return fig


def _curriculum_traces(fig, run, kind, visible=True, stride=1):
    t = run["t"][::stride]
    fig.add_trace(go.Scatter(x=t, y=run["curriculum"][::stride], name=f"curriculum ({kind})", mode="lines",
                             line=dict(color=PALETTE["blue"], width=2.5), visible=visible), row=1, col=1)
    tw = run["t"][:-1][::stride]
    fig.add_trace(go.Scatter(x=tw, y=run["w_aux"][::stride], name="w_aux(t): sensory loss", mode="lines",
                             line=dict(color=PALETTE["orange"]), visible=visible, legend="legend2"), row=2, col=1)
    fig.add_trace(go.Scatter(x=tw, y=run["w_main"][::stride], name="w_main(t): task loss", mode="lines",
                             line=dict(color=PALETTE["blue"]), visible=visible, legend="legend2"), row=2, col=1)


def _legend2(fig):
    lo, hi = fig.layout.yaxis2.domain
    fig.update_layout(legend2=dict(x=0.99, y=hi, xanchor="right", yanchor="top", bgcolor="rgba(255,255,255,0.85)",
                                   font=dict(size=11)))


def curriculum_static(t_ons=(0, 20, 40, 60, 80, 120, 160, 200), stride=5):
    """The curriculum scheduler in the book: slider over the main loss's on-time, buttons for the schedule shape
    (each shape has its own traces; the buttons toggle visibility). Sensory loss on from t = 0 with λ = 1."""
    fig = _curriculum_figure()
    active_t, active_k = t_ons.index(40) if 40 in t_ons else 0, 1  # open on a ramp at t = 40
    runs = {(k, t): curriculum_run(CURRICULUM["t_on_aux"], t, k, CURRICULUM["width"], CURRICULUM["lam"],
                                   SCHEDULE_STEPS, SCHEDULE_LR) for k in KINDS for t in t_ons}
    first = runs[(KINDS[active_k], t_ons[active_t])]
    fig.add_trace(go.Scatter(x=first["t"][::stride], y=round_sig(first["end_to_end"][::stride]),
                             name="one end-to-end loss", mode="lines",
                             line=dict(color=PALETTE["black"], dash="dash")), row=1, col=1)
    for i, k in enumerate(KINDS):
        _curriculum_traces(fig, runs[(k, t_ons[active_t])], k, visible=i == active_k, stride=stride)
    _legend2(fig)

    def states(t_on):
        ys = []
        for k in KINDS:
            r = runs[(k, t_on)]
            ys += [r["curriculum"][::stride], r["w_aux"][::stride], r["w_main"][::stride]]
        return {"y": ys}

    title = lambda t_on: ("Curriculum: task loss on at t = " + f"{t_on}" + "<br>"
                          + _curriculum_title(runs[(KINDS[active_k], t_on)]).replace(" (best", "<br>(best"))
    precomputed_slider_figure(fig, "task-loss on-time t_on (steps)", t_ons, states, list(range(1, 1 + 3 * len(KINDS))),
                              active=active_t, fmt="{:d}".format,
                              title=lambda t_on: f"Curriculum with the task loss switched on at t = {t_on}")
    fig.update_layout(title_text=f"Curriculum with the task loss switched on at t = {t_ons[active_t]}",
                      updatemenus=[dict(name="schedule shape", type="buttons", direction="right", x=0.0,
                                        y=1 + (130 - 62) / (700 - 130 - 130), xanchor="left", yanchor="top", showactive=True, active=active_k,
                                        pad=dict(r=4, t=0),
                                        buttons=[dict(label=k, method="restyle",
                                                      args=[{"visible": [True] + [j // 3 == i for j in range(3 * len(KINDS))]}])
                                                 for i, k in enumerate(KINDS)])])
    fig.layout.sliders[0].pad = dict(t=50, b=10)
    fig.update_layout(height=700, margin=dict(l=70, r=30, t=130, b=130))
    fig.update_yaxes(range=[-0.05, 1.1], row=2, col=1)
    del title
    return fig


def curriculum_live():
    """The curriculum scheduler in JupyterLab: on-times, shape, width and λ drive one FigureWidget."""
    run = curriculum_run(steps=SCHEDULE_STEPS, lr=SCHEDULE_LR, **CURRICULUM)
    fig = _curriculum_figure()
    fig.add_trace(go.Scatter(x=run["t"], y=run["end_to_end"], name="one end-to-end loss", mode="lines",
                             line=dict(color=PALETTE["black"], dash="dash")), row=1, col=1)
    _curriculum_traces(fig, run, "ramp")
    _legend2(fig)
    fw = go.FigureWidget(fig)
    style = {"description_width": "190px"}
    t_main = W.IntSlider(40, min=0, max=250, step=10, description="task loss on at t_on (steps)", style=style)
    t_aux = W.IntSlider(0, min=0, max=250, step=10, description="sensory loss on at (steps)", style=style)
    kind = W.Dropdown(options=list(KINDS), value="ramp", description="schedule shape", style=style)
    width = W.IntSlider(20, min=1, max=100, description="ramp/sigmoid width (steps)", style=style)
    lam = W.FloatSlider(1.0, min=0.0, max=3.0, step=0.1, description="λ (sensory-loss weight)", style=style,
                        readout_format=".1f")

    def update(*_):
        r = curriculum_run(t_aux.value, t_main.value, kind.value, width.value, lam.value, SCHEDULE_STEPS, SCHEDULE_LR)
        with fw.batch_update():
            fw.data[1].y, fw.data[1].name = r["curriculum"], f"curriculum ({kind.value})"
            fw.data[2].y, fw.data[3].y = r["w_aux"], r["w_main"]
            fw.layout.title.text = _curriculum_title(r).replace(" (best", "<br>(best")
            fw.layout.yaxis2.range = [-0.05, max(1.0, lam.value) + 0.1]

    for c in (t_main, t_aux, kind, width, lam):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([t_main, t_aux, kind]), W.VBox([width, lam])]), fw])


def curriculum_scheduler() -> Explorable:
    return Explorable("Curriculum scheduler", live=curriculum_live, static=curriculum_static)


# ------------------------------------------------------------------ shaping playground

WORLDS = ("corridor", "grid")
SHAPINGS = ("potential", "bonus")


def _arrows(env, policy):
    return np.where(env["terminal"], "★", np.array(env["actions"])[policy])


def _shaping_view(world, kind, beta, gamma=0.9):
    ex = shaping_experiment(world, kind, beta, gamma)
    base = shaping_experiment(world, kind, 0.0, gamma)
    env = ex["env"]
    rows, cols = env["shape"]
    ret = policy_return(env, ex["policy"], gamma)
    reaches = greedy_reaches_goal(env["next_state"], env["terminal"], ex["policy"], env["start"])
    return {"z": ret.reshape(rows, cols), "text": _arrows(env, ex["policy"]).reshape(rows, cols),
            "x": np.arange(cols), "y": np.arange(rows), "shaped": ex["steps"].mean(axis=0),
            "plain": base["steps"].mean(axis=0), "reaches": reaches}


def _shaping_title(world, kind, beta, v):
    what = "Φ = β·γ^(d−1) potential" if kind == "potential" else "bonus β on entering the square next to the start"
    goal = "reaches the goal" if v["reaches"] else "LOOPS and never reaches the goal"
    return (f"{world}, {what}, β = {beta:.2f}:<br>the greedy policy from the start {goal}; "
            f"Q-learning, last 10 episodes: {v['shaped'][-10:].mean():.1f} steps (unshaped {v['plain'][-10:].mean():.1f})")


def _shaping_figure(height=720):
    fig = make_subplots(rows=2, cols=1, row_heights=[0.5, 0.5], vertical_spacing=0.16,
                        subplot_titles=("greedy actions of the shaped optimum; colour: true return from each square",
                                        "Q-learning: steps to the goal per episode (mean of 8 runs, capped at 100)"))
    fig.update_xaxes(showticklabels=False, showgrid=False, row=1, col=1)
    fig.update_yaxes(showticklabels=False, showgrid=False, autorange="reversed", scaleanchor="x", row=1, col=1)
    fig.update_xaxes(title_text="episode", row=2, col=1)
    fig.update_yaxes(title_text="steps in the episode", range=[0, 105], row=2, col=1)
    fig.update_layout(**_layout(height=height, margin=dict(l=70, r=30, t=120, b=60),
                                legend=dict(x=0.99, y=0.4, xanchor="right", yanchor="top",
                                            bgcolor="rgba(255,255,255,0.85)", font=dict(size=11))),
                      title_font_size=14,
                      meta={"alt": "Greedy actions of the shaped optimal policy as arrows on a corridor or grid, "
                                   "coloured by the true return, and Q-learning steps per episode with and without "
                                   "shaping: a potential keeps the policy and can speed learning, a bonus creates a loop."})
    return fig


def _shaping_traces(fig, v, visible=True):
    fig.add_trace(go.Heatmap(z=v["z"], x=v["x"], y=v["y"], zmin=0, zmax=1, colorscale="Blues", visible=visible,
                             colorbar=dict(title=dict(text="true return", side="right"), thickness=14, len=0.42,
                                           y=0.79, yanchor="middle"),
                             hovertemplate="true return %{z:.3f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=np.tile(v["x"], len(v["y"])), y=np.repeat(v["y"], len(v["x"])),
                             text=v["text"].ravel(), mode="text", textfont=dict(size=22, color=PALETTE["vermillion"]),
                             hoverinfo="skip", showlegend=False, visible=visible), row=1, col=1)
    ep = np.arange(1, len(v["plain"]) + 1)
    fig.add_trace(go.Scatter(x=ep, y=v["plain"], name="unshaped (β = 0)", mode="lines", visible=visible,
                             line=dict(color=PALETTE["black"], dash="dash")), row=2, col=1)
    fig.add_trace(go.Scatter(x=ep, y=v["shaped"], name="shaped", mode="lines", visible=visible,
                             line=dict(color=PALETTE["vermillion"], width=2.5)), row=2, col=1)


BETAS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.0)  # dense near the loop thresholds 0.112 (grid) and 0.154


def shaping_static(betas=BETAS):
    """The shaping playground in the book: slider over the shaping weight β, buttons for world × shaping kind."""
    fig = _shaping_figure()
    combos = [(w, k) for w in WORLDS for k in SHAPINGS]
    active_b, active_c = betas.index(0.2) if 0.2 in betas else 0, 0
    for i, (w, k) in enumerate(combos):
        _shaping_traces(fig, _shaping_view(w, k, betas[active_b]), visible=i == active_c)

    def states(beta):
        z, text, y = [], [], []
        for w, k in combos:
            v = _shaping_view(w, k, beta)
            z += [v["z"], None, None, None]
            text += [None, v["text"].ravel().tolist(), None, None]
            y += [None, np.repeat(v["y"], len(v["x"])), v["plain"], v["shaped"]]
        return {"z": z, "text": text, "y": y}

    precomputed_slider_figure(fig, "shaping weight β", betas, states, list(range(4 * len(combos))), active=active_b,
                              fmt="{:g}".format, title=lambda b: f"Shaping with weight β = {b:g} (γ = 0.9)")
    fig.update_layout(title_text=f"Shaping with weight β = {betas[active_b]:g} (γ = 0.9)",
                      updatemenus=[dict(name="world and shaping", type="buttons", direction="right", x=0.0,
                                        y=1 + (130 - 62) / (780 - 130 - 130), xanchor="left", yanchor="top", showactive=True, active=active_c,
                                        pad=dict(r=4, t=0),
                                        buttons=[dict(label=f"{w}: {k}", method="restyle",
                                                      args=[{"visible": [j // 4 == i for j in range(4 * len(combos))]}])
                                                 for i, (w, k) in enumerate(combos)])])
    fig.update_layout(height=780, margin=dict(l=70, r=30, t=130, b=130))
    return fig


def shaping_live():
    """The shaping playground in JupyterLab: world, shaping kind and weight β drive one FigureWidget."""
    for w in WORLDS:  # every setting the controls offer, computed once (cached): slider moves only look up
        for k in SHAPINGS:
            for b in BETAS:
                _shaping_view(w, k, b)
    fig = _shaping_figure()
    _shaping_traces(fig, _shaping_view("corridor", "potential", 0.5))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    world = W.Dropdown(options=list(WORLDS), value="corridor", description="world", style=style)
    kind = W.Dropdown(options=[("potential Φ = β·γ^(d−1)", "potential"), ("bonus β next to the start", "bonus")],
                      value="potential", description="shaping", style=style)
    beta = W.SelectionSlider(options=[(f"{b:g}", b) for b in BETAS], value=0.5, description="β (shaping weight)",
                             style=style)

    def update(*_):
        v = _shaping_view(world.value, kind.value, beta.value)
        with fw.batch_update():
            fw.data[0].z, fw.data[0].x, fw.data[0].y = v["z"], v["x"], v["y"]
            fw.data[1].x, fw.data[1].y = np.tile(v["x"], len(v["y"])), np.repeat(v["y"], len(v["x"]))
            fw.data[1].text = v["text"].ravel()
            fw.data[2].y, fw.data[3].y = v["plain"], v["shaped"]
            fw.layout.title.text = _shaping_title(world.value, kind.value, beta.value, v)

    for c in (world, kind, beta):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([world, kind]), beta, fw])


def shaping_playground() -> Explorable:
    return Explorable("Shaping playground", live=shaping_live, static=shaping_static)


# ------------------------------------------------------------------ learning-curve fitter

FIT_DATA = dict(A=2.0, alpha=0.5, L_inf=0.05, noise=0.06, D_max=2e4, seed=0)  # synthetic: the "truth" behind the points
D_GRID = np.geomspace(1, 1e7, 120)


def _fitter_figure(D, L, height=520):
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=D, y=L, mode="markers", name="measured loss (synthetic)",
                             marker=dict(color=PALETTE["black"], size=7)))
    fig.add_trace(go.Scatter(x=D_GRID, mode="lines", name="curve A·D^(−α) + L∞", line=dict(color=PALETTE["blue"], width=2.5)))
    fig.add_trace(go.Scatter(x=[D_GRID[0], D_GRID[-1]], mode="lines", name="floor L∞",
                             line=dict(color=PALETTE["blue"], dash="dot", width=1)))
    fig.add_trace(go.Scatter(x=[D_GRID[0], D_GRID[-1]], mode="lines", name="target ε",
                             line=dict(color=PALETTE["vermillion"], dash="dash", width=1.5)))
    fig.add_trace(go.Scatter(mode="lines+markers", name="D*(ε)", line=dict(color=PALETTE["vermillion"], width=2),
                             marker=dict(size=[0, 10], symbol="diamond")))
    fig.update_xaxes(type="log", title_text="training samples D", range=[0, 7], exponentformat="power")
    fig.update_yaxes(type="log", title_text="loss L", range=[np.log10(0.02), np.log10(3)])
    fig.update_layout(**_layout(height=height, margin=dict(l=70, r=30, t=100, b=60),
                                legend=dict(x=0.99, y=0.99, xanchor="right", yanchor="top",
                                            bgcolor="rgba(255,255,255,0.85)", font=dict(size=11))),
                      title_font_size=14,
                      meta={"alt": "Noisy learning-curve measurements on log–log axes with a power law plus floor "
                                   "through them, the floor and the target loss as horizontal lines, and the samples "
                                   "needed to reach the target marked."})
    return fig


def _fitter_state(D, L, A, alpha, L_inf, eps):
    d_star = samples_to_threshold(A, alpha, L_inf, eps)
    resid = float(np.sqrt(np.mean((np.log(learning_curve(D, A, alpha, L_inf)) - np.log(L)) ** 2)))
    shown = d_star if math.isfinite(d_star) and d_star <= D_GRID[-1] else None
    mark = ([shown, shown], [0.02, eps]) if shown else ([], [])
    star = f"{d_star:,.0f}" if math.isfinite(d_star) else "∞ (ε ≤ L∞: never)"
    title = (f"A = {A:.2f}, α = {alpha:.2f}, L∞ = {L_inf:.3f}: D*(ε = {eps:.3f}) = {star}"
             f"<br>RMS error in log L over the points: {resid:.3f}")
    return {"curve": learning_curve(D_GRID, A, alpha, L_inf), "floor": [max(L_inf, 1e-3)] * 2, "eps": [eps, eps],
            "mark_x": mark[0], "mark_y": mark[1], "title": title}


def fitter_static(floors=(0.0, 0.01, 0.02, 0.03, 0.04, 0.045, 0.05, 0.055), eps=0.055):
    """The fitter in the book: slider over the assumed floor L∞; A and α refitted on log–log axes for each."""
    D, L = noisy_learning_curve(**FIT_DATA)
    fig = _fitter_figure(D, L)

    def state(f):
        A, alpha = fit_power_law(D, L, f)
        return _fitter_state(D, L, A, alpha, f, eps)

    def states(f):
        s = state(f)
        return {"x": [D_GRID, [D_GRID[0], D_GRID[-1]], [D_GRID[0], D_GRID[-1]], s["mark_x"]],
                "y": [s["curve"], s["floor"], s["eps"], s["mark_y"]]}

    active = floors.index(0.05) if 0.05 in floors else 0
    for k, v in states(floors[active]).items():
        for tr, val in zip(fig.data[1:], v):
            tr[k] = round_sig(np.asarray(val, dtype=float)) if k == "y" else val
    title = lambda f: "Assumed floor L∞ = " + f"{f:.3f}" + ", A and α fitted: " + state(f)["title"].split(": ", 1)[1]
    precomputed_slider_figure(fig, "assumed floor L∞", floors, states, [1, 2, 3, 4], active=active,
                              fmt="{:.3f}".format, title=title)
    fig.update_layout(title_text=title(floors[active]), height=560, margin=dict(l=70, r=30, t=100, b=110))
    return fig


def fitter_live():
    """The fitter in JupyterLab: set A, α, L∞ by hand (or start from the least-squares fit) and a target ε."""
    D, L = noisy_learning_curve(**FIT_DATA)
    A0, alpha0, floor0 = fit_learning_curve(D, L)
    fig = _fitter_figure(D, L)
    fig.add_trace(go.Scatter(x=D_GRID, y=learning_curve(D_GRID, A0, alpha0, floor0), mode="lines",
                             name=f"least-squares fit (A = {A0:.2f}, α = {alpha0:.2f}, L∞ = {floor0:.3f})",
                             line=dict(color=PALETTE["green"], dash="dash", width=1.5)))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    A = W.FloatSlider(2.0, min=0.2, max=6.0, step=0.05, description="A (amplitude)", style=style, readout_format=".2f")
    alpha = W.FloatSlider(0.5, min=0.1, max=1.0, step=0.01, description="α (exponent)", style=style,
                          readout_format=".2f")
    floor = W.FloatSlider(0.05, min=0.0, max=0.2, step=0.005, description="L∞ (floor)", style=style,
                          readout_format=".3f")
    eps = W.FloatSlider(0.07, min=0.02, max=1.0, step=0.01, description="ε (target loss)", style=style,
                        readout_format=".2f")

    def update(*_):
        s = _fitter_state(D, L, A.value, alpha.value, floor.value, eps.value)
        with fw.batch_update():
            fw.data[1].y = s["curve"]
            fw.data[2].y, fw.data[3].y = s["floor"], s["eps"]
            fw.data[4].x, fw.data[4].y = s["mark_x"], s["mark_y"]
            fw.layout.title.text = s["title"]

    for c in (A, alpha, floor, eps):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([A, alpha]), W.VBox([floor, eps])]), fw])


def learning_curve_fitter() -> Explorable:
    return Explorable("Learning-curve fitter", live=fitter_live, static=fitter_static)
