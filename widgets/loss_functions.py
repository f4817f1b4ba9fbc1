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
    X, y, Xa, T = data["X"], data["y"], data["X_aux"], data["T"]
    W1, w2 = np.array(data["W1"], dtype=float), np.array(data["w2"], dtype=float)
    w_main, w_aux = np.asarray(w_main, dtype=float), np.asarray(w_aux, dtype=float)
    val, train = [], []
    for t in range(len(w_main) + 1):
        H = X @ W1.T
        e = H @ w2 - y
        val.append(float(np.mean((data["X_val"] @ W1.T @ w2 - data["y_val"]) ** 2)))
        train.append(float(np.mean(e ** 2)))
        if t == len(w_main):
            break
        g_w2 = w_main[t] * 2 * H.T @ e / len(y)
        g_W1 = w_main[t] * 2 * np.outer(w2, X.T @ e) / len(y) + w_aux[t] * 2 * (Xa @ W1.T - T).T @ Xa / len(T)
        W1, w2 = W1 - lr * g_W1, w2 - lr * g_w2
    return {"val": np.array(val), "train": np.array(train), "W1": W1, "w2": w2}


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
    data = two_module_data(seed=seed)
    t = np.arange(steps)
    w_main, w_aux = schedule(kind, t, t_on_main, width), lam * schedule(kind, t, t_on_aux, width)
    cur = train_two_module(data, w_main, w_aux, lr)
    e2e = _end_to_end(steps, lr, seed)
    return {"t": np.arange(steps + 1), "curriculum": cur["val"], "end_to_end": e2e, "w_main": w_main, "w_aux": w_aux}


@functools.lru_cache(maxsize=8)
def _end_to_end(steps, lr, seed):
    data = two_module_data(seed=seed)
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


def gridworld(n=5):
    """An n×n grid, start top-left (state 0), goal bottom-right (state n²−1, terminal, +1 on entry).
    State s = row·n + col; actions 0 → right, 1 ↓ down, 2 ← left, 3 ↑ up; moving into a wall stays put."""
    s = np.arange(n * n)
    r, c = s // n, s % n
    moves = ((0, 1), (1, 0), (0, -1), (-1, 0))
    nxt = np.stack([np.clip(r + dr, 0, n - 1) * n + np.clip(c + dc, 0, n - 1) for dr, dc in moves], axis=1)
    goal = n * n - 1
    nxt[goal] = goal
    terminal = s == goal
    reward = ((nxt == goal) & ~terminal[:, None]).astype(float)
    return {"next_state": nxt, "reward": reward, "terminal": terminal, "start": 0,
            "dist": (n - 1 - r) + (n - 1 - c), "actions": ("→", "↓", "←", "↑"), "shape": (n, n)}


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
    Q = [[0.0] * n_actions for _ in nxt]
    steps = []
    for _ in range(int(n_episodes)):
        s, k = start, 0
        while not term[s] and k < max_steps:
            q = Q[s]
            if rnd.random() < epsilon:
                a = rnd.randrange(n_actions)
            else:
                best = max(q)
                ties = [i for i in range(n_actions) if q[i] == best]
                a = ties[0] if len(ties) == 1 else ties[rnd.randrange(len(ties))]
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
