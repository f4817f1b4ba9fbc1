"""Graded exercises of chapter `loss-functions`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/loss_functions.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import loss_functions as model

# ------------------------------------------------------------------ 1. samples_to_threshold


def _d_star_wrong(kind):
    def samples_to_threshold(A, alpha, L_inf, eps):
        if eps <= L_inf and kind != "no_floor":
            return math.inf
        if kind == "no_floor":
            return (A / eps) ** (1 / alpha)
        if kind == "neg_exponent":
            return (A / (eps - L_inf)) ** (-1 / alpha)
        if kind == "alpha_not_inverse":
            return (A / (eps - L_inf)) ** alpha
        return (A / (eps - L_inf)) ** (1 / alpha)
    return samples_to_threshold


def _d_star_example(rng):
    return [(5.0, 0.5, 0.1, 0.2)]


def _d_star_random(rng):
    cases = []
    for _ in range(6):
        L_inf = float(np.round(rng.uniform(0.0, 0.5), 3))
        cases.append((float(np.round(rng.uniform(0.5, 20), 2)), float(np.round(rng.uniform(0.15, 0.9), 3)), L_inf,
                      float(np.round(L_inf + rng.uniform(0.01, 0.5), 3))))
    return cases


def _d_star_floor(rng):
    L_inf = float(np.round(rng.uniform(0.05, 0.4), 3))
    return [(2.0, 0.5, 0.1, 0.1), (3.0, 0.4, L_inf, L_inf), (1.5, 0.7, L_inf, L_inf / 2), (4.0, 0.3, 0.2, 0.2001)]


samples_ex = Exercise(
    id="samples_to_threshold", function="samples_to_threshold", reference=model.samples_to_threshold,
    title="samples to reach a target loss",
    checks=[
        Check("the shown example: A = 5, α = 0.5, L∞ = 0.1, ε = 0.2", _d_star_example,
              hint="Solve A·D^(−α) + L∞ = ε for D: D = (A / (ε − L∞))^(1/α)."),
        Check("random curves and targets above the floor L∞", _d_star_random, hidden=True),
        Check("targets at or below the floor, and just above it", _d_star_floor, hidden=True,
              hint="A curve that levels off at L∞ never gets below L∞: for ε ≤ L∞ (equality included) return "
                   "math.inf. Just above the floor D* is finite but huge."),
    ],
    mistakes=[
        Mistake("floor L∞ dropped", _d_star_wrong("no_floor"),
                hint="The loss approaches L∞, not 0: only the part ε − L∞ above the floor is bought with data, so "
                     "D* = (A / (ε − L∞))^(1/α)."),
        Mistake("exponent sign flipped", _d_star_wrong("neg_exponent"),
                hint="Check the sign of the exponent: from A·D^(−α) = ε − L∞ you get D^α = A / (ε − L∞), so "
                     "D = (A / (ε − L∞))^(+1/α). A smaller target must need MORE samples."),
        Mistake("exponent α instead of 1/α", _d_star_wrong("alpha_not_inverse"),
                hint="D^α = A / (ε − L∞): take the α-th root, i.e. raise to the power 1/α, not α."),
    ],
    rtol=1e-12, atol=0.0,
)

# ------------------------------------------------------------------ 2. fit_power_law


def _fit_wrong(kind):
    def fit_power_law(D, L, L_inf):
        x = np.log(np.asarray(D, dtype=float))
        y = np.log(np.asarray(L, dtype=float) - (0.0 if kind == "no_floor" else L_inf))
        slope, intercept = np.polyfit(x, y, 1)
        if kind == "log_A":
            return float(intercept), float(-slope)
        if kind == "slope_sign":
            return float(np.exp(intercept)), float(slope)
        if kind == "log10_mixed":
            return float(10 ** intercept), float(-slope)
        return float(np.exp(intercept)), float(-slope)
    return fit_power_law


def _fit_example(rng):
    D = np.array([10.0, 100.0, 1000.0, 10000.0])
    return [(D, model.learning_curve(D, 2.0, 0.5, 0.05), 0.05)]


def _fit_noisy(rng):
    cases = []
    for _ in range(4):
        A, alpha, L_inf = rng.uniform(0.5, 8), rng.uniform(0.2, 0.9), float(np.round(rng.uniform(0, 0.4), 3))
        D = np.unique(np.round(np.geomspace(rng.uniform(5, 20), rng.uniform(1e3, 1e6), int(rng.integers(5, 15)))))
        L = model.learning_curve(D, A, alpha, L_inf) * np.exp(0.05 * rng.normal(size=D.size))
        cases.append((D, np.maximum(L, L_inf + 1e-6), L_inf))
    return cases


def _fit_two_points(rng):
    return [(np.array([4.0, 64.0]), np.array([1.3, 0.55]), 0.3), (np.array([30.0, 7.0, 500.0]),
                                                                     model.learning_curve([30.0, 7.0, 500.0], 3.0, 0.8, 0.0), 0.0)]


fit_ex = Exercise(
    id="fit_power_law", function="fit_power_law", reference=model.fit_power_law,
    title="fit a learning curve on log–log axes",
    checks=[
        Check("the shown example: exact points of A = 2, α = 0.5, L∞ = 0.05", _fit_example,
              hint="Subtract L∞, take logs: log(L − L∞) = log A − α·log D is a straight line. Fit it "
                   "(np.polyfit(x, y, 1) returns slope, intercept) and return (exp(intercept), −slope)."),
        Check("noisy curves with random A, α, L∞ and point counts", _fit_noisy, hidden=True),
        Check("two points (an exact line), unsorted D, and L∞ = 0", _fit_two_points, hidden=True),
    ],
    mistakes=[
        Mistake("L∞ not subtracted", _fit_wrong("no_floor"),
                hint="Only L − L∞ is a power law: log(L) against log(D) bends as the curve levels off. Fit "
                     "log(L − L∞) against log D."),
        Mistake("returns log A", _fit_wrong("log_A"),
                hint="The intercept of the line is log A, not A: return np.exp(intercept)."),
        Mistake("slope returned as α", _fit_wrong("slope_sign"),
                hint="The line falls: its slope is −α. Return α = −slope (a positive number for a learning curve)."),
        Mistake("natural log, then 10**intercept", _fit_wrong("log10_mixed"),
                hint="Undo the logarithm you used: with np.log the intercept is ln A and A = np.exp(intercept) "
                     "(10**intercept only if you fitted with np.log10)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. schedule


def _schedule_wrong(kind_of_slip):
    def schedule(kind, t, t_on, width):
        t = np.asarray(t, dtype=float)
        if kind == "step":
            return (t > t_on).astype(float) if kind_of_slip == "strict" else (t >= t_on).astype(float)
        if kind == "ramp":
            w = (t - t_on) / width
            return np.maximum(w, 0.0) if kind_of_slip == "unclipped" else np.clip(w, 0.0, 1.0)
        if kind == "sigmoid":
            if kind_of_slip == "no_width":
                return 1 / (1 + np.exp(-(t - t_on)))
            if kind_of_slip == "reversed":
                return 1 / (1 + np.exp(t - t_on) ** (1 / width))
            if kind_of_slip == "centred_on_ramp":
                return 1 / (1 + np.exp(-(t - t_on - width / 2) / width))
            return 0.5 * (1 + np.tanh((t - t_on) / (2 * width)))
        raise ValueError(kind)
    return schedule


def _sched_example(rng):
    t = np.arange(0, 11)
    return [("step", t, 4, 4), ("ramp", t, 4, 4), ("sigmoid", t, 4, 4)]


def _sched_random(rng):
    cases = []
    for kind in ("step", "ramp", "sigmoid", "ramp", "sigmoid", "step"):
        t_on, width = float(np.round(rng.uniform(2, 40), 1)), float(np.round(rng.uniform(0.5, 15), 1))
        t = np.sort(np.concatenate([np.round(rng.uniform(0, 60, 12), 1), [t_on, t_on + width]]))
        cases.append((kind, t, t_on, width))
    return cases


def _sched_boundaries(rng):
    t = np.array([0.0, 2.5, 3.0, 5.0, 5.5, 9.0, 40.0])
    return [("step", t, 3.0, 2.5), ("ramp", t, 3.0, 2.5), ("sigmoid", t, 3.0, 2.5), ("ramp", np.array([7.0]), 7.0, 0.5),
            ("step", np.array([7.0]), 7.0, 0.5)]


schedule_ex = Exercise(
    id="schedule", function="schedule", reference=model.schedule, title="loss schedules: step, ramp, sigmoid",
    checks=[
        Check("the shown example: t = 0 … 10, switched on at t_on = 4, width 4", _sched_example,
              hint="step: 1 where t ≥ t_on; ramp: (t − t_on)/width clipped to [0, 1]; sigmoid: "
                   "1/(1 + exp(−(t − t_on)/width))."),
        Check("random on-times, widths and time grids (including t = t_on and t = t_on + width)", _sched_random,
              hidden=True),
        Check("exactly at the on-time, at the end of the ramp, far after, and a single time point",
              _sched_boundaries, hidden=True),
    ],
    mistakes=[
        Mistake("step off by one at t_on", _schedule_wrong("strict"),
                hint="At t = t_on the loss is already on: use t >= t_on, not t > t_on."),
        Mistake("ramp not clipped at 1", _schedule_wrong("unclipped"),
                hint="A weight ramps up to 1 and stays there: clip (t − t_on)/width to [0, 1] (np.clip), not only "
                     "at 0."),
        Mistake("sigmoid without the width", _schedule_wrong("no_width"),
                hint="The width sets how fast the sigmoid switches: 1/(1 + exp(−(t − t_on)/width))."),
        Mistake("sigmoid switches off", _schedule_wrong("reversed"),
                hint="Your sigmoid falls from 1 to 0: the exponent is −(t − t_on)/width, so the weight is ~0 well "
                     "before t_on and ~1 well after."),
        Mistake("sigmoid centred on the middle of the ramp", _schedule_wrong("centred_on_ramp"),
                hint="The sigmoid here is centred on t_on itself (exactly 1/2 there), not on t_on + width/2."),
    ],
    rtol=1e-12, atol=1e-12,
)

# ------------------------------------------------------------------ 4. value_iteration


def _vi_wrong(kind):
    def value_iteration(next_state, reward, terminal, gamma):
        nxt, r = np.asarray(next_state), np.asarray(reward, dtype=float)
        term = np.asarray(terminal, dtype=bool)
        Q = np.zeros(r.shape)
        for _ in range(3000):
            if kind == "mean":
                V = Q.mean(axis=1)
            else:
                V = Q.max(axis=1)
            if kind != "through_terminal":
                V = np.where(term, 0.0, V)
            if kind == "gamma_on_reward":
                Q = gamma * (r + V[nxt])
            else:
                Q = r + gamma * V[nxt]
            if kind != "through_terminal":
                Q = np.where(term[:, None], 0.0, Q)
        return Q
    return value_iteration


def _vi_corridor(rng):
    env = model.corridor(6)
    return [(env["next_state"], env["reward"], env["terminal"], 0.9)]


def _random_mdp(rng, S, A):
    nxt = rng.integers(0, S, (S, A))
    term = np.zeros(S, dtype=bool)
    term[rng.choice(S, int(rng.integers(1, 3)), replace=False)] = True
    reward = np.round(rng.normal(0, 1, (S, A)), 2)
    return nxt, reward, term


def _vi_random(rng):
    return [_random_mdp(rng, int(rng.integers(3, 9)), int(rng.integers(2, 4))) + (float(np.round(rng.uniform(0.5, 0.95), 2)),)
            for _ in range(4)]


def _vi_shaped(rng):
    env = model.corridor(6)
    phi = np.array([0, 1, 2, 3, 4, 0.0])
    grid = model.gridworld(4)
    shaped = env["reward"] + model.shaping_table(env["next_state"], env["terminal"], phi, 0.8)
    return [(env["next_state"], shaped, env["terminal"], 0.8),
            (grid["next_state"], grid["reward"], grid["terminal"], 0.7)]


value_iteration_ex = Exercise(
    id="value_iteration", function="value_iteration", reference=model.value_iteration,
    title="value iteration on a deterministic MDP",
    checks=[
        Check("the shown example: the 6-state corridor, γ = 0.9", _vi_corridor,
              hint="Repeat Q[s, a] = reward[s, a] + γ·V[next_state[s, a]] with V(s') = max_a Q(s', a) and 0 for a "
                   "terminal s'; rows of terminal states stay 0. Stop when nothing changes by more than 1e-12."),
        Check("random MDPs (random rewards, loops, one or two terminal states)", _vi_random, hidden=True),
        Check("a shaped corridor (γ = 0.8) and a 4×4 grid world (γ = 0.7)", _vi_shaped, hidden=True),
    ],
    mistakes=[
        Mistake("bootstraps through terminal states", _vi_wrong("through_terminal"),
                hint="A terminal state ends the episode: its value is 0 whatever its row of the tables says. Use "
                     "V = np.where(terminal, 0, Q.max(axis=1)), and keep Q = 0 in terminal rows."),
        Mistake("averages over actions", _vi_wrong("mean"),
                hint="Value iteration backs up the BEST next action: V(s') = max over a' of Q(s', a'), not the mean "
                     "(the mean evaluates a random policy)."),
        Mistake("discounts the immediate reward", _vi_wrong("gamma_on_reward"),
                hint="The reward of this step is not discounted: Q = r + γ·V(s'), not γ·(r + V(s'))."),
    ],
    rtol=1e-9, atol=1e-9,  # the reference stops at changes < 1e-12; learners may stop anywhere below ~1e-10
)

# ------------------------------------------------------------------ 5. shaping_rewards


def _shape_wrong(kind):
    def shaping_rewards(states, phi, gamma, terminal):
        pot = np.asarray(phi, dtype=float)[np.asarray(states, dtype=int)]
        if terminal and kind != "terminal_kept":
            pot[-1] = 0.0
        if kind == "gamma_on_s":
            return pot[1:] - gamma * pot[:-1]
        if kind == "sign":
            return pot[:-1] - gamma * pot[1:]
        if kind == "no_gamma":
            return pot[1:] - pot[:-1]
        return gamma * pot[1:] - pot[:-1]
    return shaping_rewards


def _shape_example(rng):
    return [(np.array([0, 1, 2, 3, 4, 5]), np.array([0.0, 1, 2, 3, 4, 5]), 0.9, True)]


def _shape_random(rng):
    cases = []
    for terminal in (True, False, True, False):
        S = int(rng.integers(3, 10))
        T = int(rng.integers(2, 12))
        cases.append((rng.integers(0, S, T + 1), np.round(rng.normal(0, 2, S), 2),
                      float(np.round(rng.uniform(0.5, 0.99), 2)), terminal))
    return cases


def _shape_edges(rng):
    return [(np.array([3]), np.array([1.0, 2.0, 5.0, 7.0]), 0.9, False),
            (np.array([2, 2, 2]), np.array([0.0, 0.0, 4.0]), 0.5, False),
            (np.array([0, 3]), np.array([1.5, 2.0, 5.0, 7.0]), 0.8, True)]


shaping_ex = Exercise(
    id="shaping_rewards", function="shaping_rewards", reference=model.shaping_rewards,
    title="potential-based shaping along a trajectory",
    checks=[
        Check("the shown example: a corridor walk 0 → 5 with Φ(s) = s, γ = 0.9, ending at the goal", _shape_example,
              hint="F_t = γ·Φ(s_{t+1}) − Φ(s_t), one per transition; the last state is terminal, so its Φ counts as 0."),
        Check("random trajectories, potentials and discounts, with and without a terminal end", _shape_random,
              hidden=True),
        Check("a one-state trajectory (no transitions), standing still, a one-step episode", _shape_edges,
              hidden=True, hint="A trajectory of T + 1 states has T transitions (0 for a single state: an empty "
                                "array). Standing still in s gives γΦ(s) − Φ(s), not 0."),
    ],
    mistakes=[
        Mistake("γ on Φ(s) instead of Φ(s')", _shape_wrong("gamma_on_s"),
                hint="The discount belongs to the NEXT state's potential: F = γ·Φ(s') − Φ(s). Only then does the sum "
                     "of γ^t·F_t telescope."),
        Mistake("terminal potential kept", _shape_wrong("terminal_kept"),
                hint="When the trajectory ends in a terminal state, that state's potential counts as 0 (there is no "
                     "future after it): the last F is γ·0 − Φ(s_{T−1})."),
        Mistake("sign flipped", _shape_wrong("sign"),
                hint="F = γ·Φ(s') − Φ(s): moving to a state of higher potential earns a positive bonus."),
        Mistake("no discount", _shape_wrong("no_gamma"),
                hint="Use the discount: F = γ·Φ(s') − Φ(s). Without γ (for γ < 1) the shaped optimal policy can "
                     "change."),
    ],
    rtol=1e-12, atol=1e-12,
)

# ------------------------------------------------------------------ 6. loop_threshold


def _loop_example(rng):
    return [(0.9, 6, 1)]


def _loop_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(4, 13))
        cases.append((float(np.round(rng.uniform(0.5, 0.98), 3)), n, int(rng.integers(1, n - 1))))
    return cases


def _loop_edges(rng):
    return [(0.8, 6, 4), (0.7, 4, 1), (0.95, 12, 10), (0.6, 10, 1)]


loop_ex = Exercise(
    id="loop_threshold", function="loop_threshold", reference=model.loop_threshold,
    title="when an arbitrary bonus makes a loop",
    checks=[
        Check("the shown example: 6 states, bonus on entering state 1, γ = 0.9", _loop_example,
              hint="Compare heading for the goal (the +1 arrives after n−1−k steps: worth γ^(n−2−k)) with stepping "
                   "out and back in forever (b every second step, the first one step from now)."),
        Check("random corridors, bonus states and discounts", _loop_random, hidden=True),
        Check("the bonus state next to the goal, the shortest corridor, and long ones", _loop_edges, hidden=True),
    ],
    mistakes=[
        Mistake("loop collected from now, not one step ahead", lambda g, n, k: g ** (n - 2 - k) * (1 - g ** 2),
                hint="Standing in k, the first bonus needs a step out and a step back in: the loop is worth "
                     "γb + γ³b + … = γb/(1 − γ²), not b/(1 − γ²)."),
        Mistake("bonus every step", lambda g, n, k: g ** (n - 3 - k) * (1 - g),
                hint="The bonus is paid on ENTERING k, so a loop out and back pays it every second step: the "
                     "geometric series has ratio γ², giving 1/(1 − γ²), not 1/(1 − γ)."),
        Mistake("goal reward not discounted", lambda g, n, k: (1 - g ** 2) / g,
                hint="The +1 arrives only when the goal is entered, n−1−k steps from k: it is worth γ^(n−2−k) from k, "
                     "not 1."),
    ],
    rtol=1e-12, atol=0.0,
)

# ------------------------------------------------------------------ 7. select_aux_weight


def _train_wrong(data, W1, w2, lam, steps, lr, sequential=False, swapped=False, no_two=False):
    X, y, Xa, T = data["X"], data["y"], data["X_aux"], data["T"]
    c = 1.0 if no_two else 2.0
    m, a = (lam, 1.0) if swapped else (1.0, lam)
    for _ in range(steps):
        H = X @ W1.T
        e = H @ w2 - y
        g_W1 = m * c * np.outer(w2, X.T @ e) / len(y) + a * c * (Xa @ W1.T - T).T @ Xa / len(T)
        if sequential:
            W1 = W1 - lr * g_W1
            H = X @ W1.T
            e = H @ w2 - y
            w2 = w2 - lr * m * c * H.T @ e / len(y)
        else:
            W1, w2 = W1 - lr * g_W1, w2 - lr * m * c * H.T @ e / len(y)
    return W1, w2


def _select_wrong(kind):
    def select_aux_weight(data, lambdas, steps, lr):
        W1, w2 = np.array(data["W1"], dtype=float), np.array(data["w2"], dtype=float)
        errors, train = [], []
        for lam in lambdas:
            if kind != "warm_start":
                W1, w2 = np.array(data["W1"], dtype=float), np.array(data["w2"], dtype=float)
            W1, w2 = _train_wrong(data, W1, w2, lam, steps, lr, sequential=kind == "sequential",
                                  swapped=kind == "swapped", no_two=kind == "no_two")
            errors.append(np.mean((data["X_val"] @ W1.T @ w2 - data["y_val"]) ** 2))
            train.append(np.mean((data["X"] @ W1.T @ w2 - data["y"]) ** 2))
        pick = train if kind == "train_error" else errors
        out = train if kind == "train_error" else errors
        return float(lambdas[int(np.argmin(pick))]), np.array(out)
    return select_aux_weight


def _small_data(seed, **kw):
    return model.two_module_data(n_val=200, seed=seed, **kw)


def _select_example(rng):
    return [(model.two_module_data(seed=0), [0.0, 0.1, 0.3, 1.0, 3.0], 100, 0.1)]


def _select_random(rng):
    cases = []
    for _ in range(2):
        seed = int(rng.integers(1, 10_000))
        data = _small_data(seed, d=int(rng.integers(10, 31)), k=int(rng.integers(2, 5)))
        lambdas = sorted(float(x) for x in np.round(rng.choice([0, 0.05, 0.1, 0.3, 0.5, 1, 2, 3], 4, replace=False), 2))
        cases.append((data, lambdas, int(rng.integers(20, 70)), float(np.round(rng.uniform(0.05, 0.12), 3))))
    return cases


def _select_edges(rng):
    data = _small_data(7)
    return [(data, [1.0, 0.0, 0.5], 0, 0.1),  # no steps: every λ ties at the initial error -> the first λ
            (data, [0.3], 50, 0.1)]


select_ex = Exercise(
    id="select_aux_weight", function="select_aux_weight", reference=model.select_aux_weight,
    title="evolution as the outer loop: choose the auxiliary-loss weight",
    checks=[
        Check("the shown example: λ ∈ {0, 0.1, 0.3, 1, 3}, 100 steps, learning rate 0.1, data seed 0", _select_example,
              hint="For each λ: copy the initial W1, w2, run `steps` gradient steps on L_main + λ·L_aux, then "
                   "measure the validation MSE. Return (the λ with the smallest error, the array of errors)."),
        Check("random data sets, widths, λ lists, step counts and learning rates", _select_random, hidden=True),
        Check("zero steps (all λ tie: the first one wins) and a single λ", _select_edges, hidden=True,
              hint="With ties, return the FIRST λ in the list with the smallest error (np.argmin does that)."),
    ],
    mistakes=[
        Mistake("weights not reset for each λ", _select_wrong("warm_start"),
                hint="Each λ must start from the same initial weights: copy data['W1'] and data['w2'] inside the "
                     "loop over λ. Otherwise every later λ continues from the previous one's training."),
        Mistake("chosen by training error", _select_wrong("train_error"),
                hint="The outer loop judges on held-out data: use the validation MSE on X_val, y_val, not the error "
                     "on the training set (which a bigger model always lowers)."),
        Mistake("w2 updated with the new W1", _select_wrong("sequential"),
                hint="Take both gradients at the current weights, then update W1 and w2 together (compute g_W1 and "
                     "g_w2 first, then W1 -= lr·g_W1 and w2 -= lr·g_w2)."),
        Mistake("λ on the main loss", _select_wrong("swapped"),
                hint="λ weights the AUXILIARY loss: L = L_main + λ·L_aux."),
        Mistake("gradient without the factor 2", _select_wrong("no_two"),
                hint="The losses are mean SQUARED errors: their gradients carry a factor 2, e.g. "
                     "∂L_main/∂w2 = 2·Hᵀe / n."),
    ],
    rtol=1e-9, atol=1e-12,
)

grader = Grader("loss-functions", [samples_ex, fit_ex, schedule_ex, value_iteration_ex, shaping_ex, loop_ex, select_ex])
