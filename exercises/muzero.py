"""Graded exercises of chapter `muzero`: grader.check("<id>") in the notebook.

Every reference is a model function of widgets/muzero.py (the code that draws the chapter's figures); MuZero's
pUCT score is widgets/mcts.puct_score with MuZero's coefficient. Every Mistake is a real wrong answer written as
code, with the hint that fixes it. All checks run in well under a second.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import muzero as model

# ------------------------------------------------------------------ 1. nstep_targets


def _nstep_wrong(kind):
    def nstep_targets(r, v, gamma, n):
        r, v = np.asarray(r, dtype=float), np.asarray(v, dtype=float)
        T = len(r)
        z = np.zeros(T)
        for t in range(T):
            for i in range(n):
                if t + i < T:
                    z[t] += (gamma ** (i + 1) if kind == "shift" else gamma ** i) * r[t + i]
            if kind == "clamp":  # bootstraps from the last value when the episode has ended
                z[t] += gamma ** n * v[min(t + n, T - 1)]
            elif t + n < T:
                z[t] += gamma ** (n - 1 if kind == "power" else n) * v[t + n]
        return z
    return nstep_targets


def _nstep_example(rng):
    return [([0, 0, 1, 0, 0, 2], [0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 0.9, 3)]


def _nstep_random(rng):
    cases = []
    for _ in range(6):
        T = int(rng.integers(3, 12))
        cases.append((np.round(rng.uniform(-1, 2, T), 2), np.round(rng.uniform(-1, 1, T), 2),
                      float(np.round(rng.uniform(0.5, 0.99), 2)), int(rng.integers(1, 6))))
    return cases


def _nstep_boundary(rng):
    """n = 1 (one-step TD target), n longer than the episode (pure Monte Carlo return), one step, γ = 1."""
    r, v = [1.0, -0.5, 0.0, 2.0], [0.3, -0.2, 0.8, 0.1]
    return [(r, v, 0.8, 1), (r, v, 0.8, 10), ([2.0], [5.0], 0.9, 3), (r, v, 1.0, 2), (r, v, 0.5, 4)]


nstep_ex = Exercise(
    id="nstep_targets", function="nstep_targets", reference=model.nstep_targets, title="n-step value targets",
    checks=[
        Check("the shown example", _nstep_example,
              hint="z_t = r_t + γ r_{t+1} + … + γ^(n−1) r_{t+n−1} + γ^n v_{t+n}; from t = 3 on, t + n reaches the "
                   "end of the episode and there is no bootstrap term."),
        Check("random episodes, discounts and n", _nstep_random, hidden=True),
        Check("n = 1, n longer than the episode, a one-step episode, γ = 1", _nstep_boundary, hidden=True,
              hint="Rewards past the end count 0, and the bootstrap term γ^n v_{t+n} exists only when t + n < T."),
    ],
    mistakes=[
        Mistake("bootstraps past the episode end", _nstep_wrong("clamp"),
                hint="No bootstrap past the episode end: when t + n ≥ T the episode is over, so z_t is just the "
                     "discounted sum of the remaining rewards (the terminal state is worth 0)."),
        Mistake("discount starts at γ¹", _nstep_wrong("shift"),
                hint="The first reward is not discounted: r_t gets γ⁰ = 1, r_{t+1} gets γ, … r_{t+n−1} gets γ^(n−1)."),
        Mistake("bootstrap discounted by γ^(n−1)", _nstep_wrong("power"),
                hint="The bootstrap value v_{t+n} is n steps away: it gets γ^n, one more power than the last reward."),
    ],
)

# ------------------------------------------------------------------ 2. value_iteration


def _vi_wrong(kind):
    def value_iteration(P, R, terminal, gamma):
        P, R = np.asarray(P, dtype=float), np.asarray(R, dtype=float)
        live = ~np.asarray(terminal, dtype=bool)
        V = np.zeros(len(live))
        for _ in range(5000):
            Q = (gamma * (R + P @ V)) if kind == "gamma_r" else (R + gamma * P @ V)
            new = Q.mean(axis=1) if kind == "mean" else Q.max(axis=1)
            if kind != "no_terminal":
                new = np.where(live, new, 0.0)
            if np.max(np.abs(new - V)) <= 1e-12:
                break
            V = new
        return new
    return value_iteration


def _random_mdp(rng, S, A):
    P = rng.dirichlet(np.ones(S) * 0.5, size=(S, A))
    R = np.round(rng.uniform(-1, 1, (S, A)), 2)
    terminal = np.zeros(S, dtype=bool)
    terminal[rng.choice(S, int(rng.integers(1, max(2, S // 2))), replace=False)] = True
    R[terminal] = np.abs(R[terminal]) + 0.5  # a terminal row that would keep paying if it were not cut off
    return P, R, terminal


def _vi_example(rng):
    return [(g["P"], g["R"], g["terminal"], 0.9) for g in (model.grid_mdp(0.0), model.grid_mdp(0.2))]


def _vi_random(rng):
    return [(*_random_mdp(rng, int(rng.integers(3, 8)), int(rng.integers(2, 5))),
             float(np.round(rng.uniform(0.3, 0.95), 2))) for _ in range(5)]


def _vi_boundary(rng):
    """γ = 0 (one step of reward), γ = 0.99, slip 1/3 (every direction equally likely), one-state MDPs, and a
    cost of 0.04 per step (values that fall below 0 as the sweeps go on)."""
    g = model.grid_mdp(1 / 3)
    one = (np.ones((1, 2, 1)), np.array([[0.5, -0.5]]), np.array([False]), 0.5)
    cost = (np.ones((1, 1, 1)), np.array([[-1.0]]), np.array([False]), 0.5)
    g2 = model.grid_mdp(0.2)
    living = (g2["P"], g2["R"] - 0.04 * ~g2["terminal"][:, None], g2["terminal"], 0.9)
    return [(model.grid_mdp(0.2)["P"], model.grid_mdp(0.2)["R"], model.grid_mdp(0.2)["terminal"], 0.0),
            (g["P"], g["R"], g["terminal"], 0.99), one, cost, living]


vi_ex = Exercise(
    id="value_iteration", function="value_iteration", reference=model.value_iteration,
    title="value iteration on a stochastic gridworld",
    checks=[
        Check("the gridworld with slip 0 and slip 0.2, γ = 0.9", _vi_example,
              hint="V(s) ← max_a [R(s, a) + γ Σ_s' P(s, a, s') V(s')] for every non-terminal s (P @ V does the "
                   "sum), V = 0 at terminal states; repeat until nothing changes by more than 1e-12."),
        Check("random MDPs with several terminal states", _vi_random, hidden=True),
        Check("γ = 0, γ = 0.99, slip 1/3, one-state MDPs, a cost per step", _vi_boundary, hidden=True,
              hint="Stop when the LARGEST CHANGE in absolute value is below 1e-12: values can fall as well as "
                   "rise (a cost per step makes them negative), and a fixed number of sweeps is not enough when "
                   "γ is close to 1 (the error shrinks only by a factor γ per sweep)."),
    ],
    mistakes=[
        Mistake("terminal states keep their value", _vi_wrong("no_terminal"),
                hint="Terminal values are 0: the episode ends there. A terminal row of P is a self-loop whose "
                     "reward would be collected forever if you let V(terminal) grow; set V = 0 at every terminal "
                     "state after each sweep."),
        Mistake("average over actions", _vi_wrong("mean"),
                hint="The Bellman OPTIMALITY equation takes the best action: max over a, not the mean (the mean "
                     "is the value of the uniformly random policy)."),
        Mistake("discounts the immediate reward", _vi_wrong("gamma_r"),
                hint="Only the future is discounted: R(s, a) + γ·Σ P V, not γ·(R + Σ P V)."),
    ],
)

# ------------------------------------------------------------------ 3. learned_plan_return


def _lpr_wrong(kind):
    def learned_plan_return(samples, mdp, gamma):
        s, a, s2, r = (np.asarray(x) for x in samples)
        S, A = mdp["R"].shape
        counts, C, Rsum = np.zeros((S, A)), np.zeros((S, A, S)), np.zeros((S, A))
        np.add.at(counts, (s, a), 1.0)
        np.add.at(C, (s, a, s2), 1.0)
        np.add.at(Rsum, (s, a), np.asarray(r, dtype=float))
        seen = counts > 0
        Ph = C / np.maximum(counts, 1)[:, :, None]
        Rh = Rsum if kind == "sum" else Rsum / np.maximum(counts, 1)
        for i in range(S):
            for j in range(A):
                if not seen[i, j]:
                    if kind == "uniform":
                        Ph[i, j] = 1.0 / S
                    else:
                        Ph[i, j, i] = 1.0
        Vh = model.value_iteration(Ph, Rh, mdp["terminal"], gamma)
        if kind == "learned_v":
            return float(Vh[mdp["start"]])
        pi = model.greedy_policy(Ph, Rh, mdp["terminal"], gamma, Vh)
        return float(model.policy_evaluation(mdp["P"], mdp["R"], mdp["terminal"], gamma, pi)[mdp["start"]])
    return learned_plan_return


def _lpr_case(slip, k, seed, gamma=0.9, b=None):
    mdp = model.grid_mdp(slip) if b is None else model.distractor_mdp(slip, b)
    return (tuple(model.sample_transitions(mdp, k, seed)), mdp, gamma)


def _lpr_example(rng):
    return [_lpr_case(0.2, 2000, s) for s in range(3)] + [_lpr_case(0.2, 20, s) for s in range(3)]


def _lpr_random(rng):
    return [_lpr_case(float(rng.choice([0.0, 0.1, 0.2, 0.3])), int(rng.choice([30, 60, 100, 300])),
                      int(rng.integers(1000)), float(rng.choice([0.8, 0.9, 0.95]))) for _ in range(6)]


def _lpr_boundary(rng):
    """k = 0 (nothing seen: every pair is a self-loop), k = 1, slip 0, a gridworld with 2 distractor bits, and
    small samples where pairs seen once decide the plan, or where the plan walks into the trap (a negative
    return)."""
    return [_lpr_case(0.2, 0, 0), _lpr_case(0.0, 1, 3), _lpr_case(0.0, 40, 5), _lpr_case(0.2, 400, 1, b=2),
            _lpr_case(0.3, 150, 7, gamma=0.7), _lpr_case(0.2, 40, 1), _lpr_case(0.2, 60, 5), _lpr_case(0.2, 100, 5),
            _lpr_case(0.2, 60, 33), _lpr_case(0.3, 40, 17)]


lpr_ex = Exercise(
    id="learned_plan_return", function="learned_plan_return", reference=model.learned_plan_return,
    title="plan on a learned model, score on the true one",
    checks=[
        Check("k = 2,000 and k = 20 transitions, seeds 0–2 (slip 0.2, γ = 0.9)", _lpr_example,
              hint="Count: P̂(s, a, s') = count(s, a, s')/count(s, a), R̂(s, a) = mean reward; an unseen pair "
                   "stays put with reward 0. Plan on (P̂, R̂), then score the greedy policy with "
                   "policy_evaluation on the TRUE P and R, and return its value at mdp['start']."),
        Check("random slips, k, seeds and γ", _lpr_random, hidden=True),
        Check("k = 0, k = 1, slip 0, distractor bits, γ = 0.7", _lpr_boundary, hidden=True,
              hint="With no transitions every pair is unseen: a self-loop with reward 0 (never an all-zero row, "
                   "never a jump to a random state)."),
    ],
    mistakes=[
        Mistake("returns the learned model's own value", _lpr_wrong("learned_v"),
                hint="Evaluate the policy, not the learned V: the learned model's V̂(start) is what the model "
                     "BELIEVES (evaluating its plan on P̂, R̂ gives the same number); what counts is what the greedy "
                     "plan really earns: policy_evaluation on the true mdp['P'] and mdp['R']."),
        Mistake("sums the rewards of a pair", _lpr_wrong("sum"),
                hint="R̂(s, a) is the MEAN reward of the transitions from (s, a): divide the sum by the count."),
        Mistake("unseen pairs jump uniformly", _lpr_wrong("uniform"),
                hint="An unseen pair is a self-loop with reward 0 (P̂(s, a, s) = 1): the model knows nothing, so "
                     "it must not invent transitions to other states."),
    ],
)

# ------------------------------------------------------------------ 4. table_sizes


def _ts_wrong(kind):
    def table_sizes(n_cells, n_bits, n_actions):
        states = n_cells * (2 * n_bits if kind == "times_two" else 2 ** n_bits)
        if kind == "no_next":
            return states * n_actions, n_cells * n_actions
        if kind == "ve_full":
            return states * states * n_actions, n_cells * states * n_actions
        return states * states * n_actions, n_cells * n_cells * n_actions
    return table_sizes


ts_ex = Exercise(
    id="table_sizes", function="table_sizes", reference=model.table_sizes, title="counting what a model must predict",
    checks=[
        Check("11 cells, 8 distractor bits, 4 actions", lambda rng: [(11, 8, 4)],
              hint="A table P(s' | s, a) has one entry per (s, a, s'): states² × actions, with states = "
                   "n_cells · 2^n_bits for the full state and n_cells for the value-equivalent model."),
        Check("random grids, bit counts and action counts", lambda rng: [
            (int(rng.integers(2, 40)), int(rng.integers(1, 16)), int(rng.integers(2, 19))) for _ in range(6)],
            hidden=True),
        Check("no distractor bits, one bit, one action, one cell", lambda rng: [(11, 0, 4), (11, 1, 4), (7, 3, 1),
                                                                                  (1, 5, 2)], hidden=True,
              hint="With b = 0 the full state IS the cell, so both tables have the same size."),
    ],
    mistakes=[
        Mistake("forgets the next state", _ts_wrong("no_next"),
                hint="states² × actions: each (s, a) row of the table has one entry per next state s'."),
        Mistake("2·b instead of 2^b states per cell", _ts_wrong("times_two"),
                hint="b binary bits have 2^b joint values (2 ** n_bits), not 2·b."),
        Mistake("value-equivalent model still predicts the bits", _ts_wrong("ve_full"),
                hint="The value-equivalent model ignores the bits on BOTH sides: n_cells² × actions entries."),
    ],
)

# ------------------------------------------------------------------ 5. puct_c


def _pc_wrong(kind):
    def puct_c(N, c1, c2):
        if kind == "log10":
            return c1 + math.log10((N + c2 + 1) / c2)
        if kind == "no_one":
            return c1 + math.log((N + c2) / c2)
        if kind == "times":
            return c1 * math.log((N + c2 + 1) / c2)
        return c1 + math.log(N / c2) if N > 0 else c1
    return puct_c


pc_ex = Exercise(
    id="puct_c", function="puct_c", reference=model.puct_c, title="MuZero's exploration coefficient",
    checks=[
        Check("N = 100, 19,652 and 100,000 with c1 = 1.25, c2 = 19,652",
              lambda rng: [(100, 1.25, 19_652), (19_652, 1.25, 19_652), (100_000, 1.25, 19_652)],
              hint="c(N) = c1 + ln((N + c2 + 1) / c2): natural log (math.log), c1 ADDED."),
        Check("random N, c1, c2", lambda rng: [(int(rng.integers(0, 10 ** 6)), float(np.round(rng.uniform(0.5, 3), 2)),
                                                int(rng.integers(1, 50_000))) for _ in range(6)], hidden=True),
        Check("N = 0, c2 = 1, c1 = 0", lambda rng: [(0, 1.25, 19_652), (3, 2.0, 1), (0, 0.7, 1), (50, 0.0, 10)],
              hidden=True, hint="At N = 0 the coefficient is c1 + ln((c2 + 1)/c2), slightly above c1."),
    ],
    mistakes=[
        Mistake("log base 10", _pc_wrong("log10"),
                hint="Natural log: math.log (or np.log), not log10."),
        Mistake("without the + 1", _pc_wrong("no_one"),
                hint="The numerator is N + c2 + 1: with c2 = 1 the + 1 matters a lot."),
        Mistake("c1 times the log", _pc_wrong("times"),
                hint="c1 is added, not multiplied: c1 + ln((N + c2 + 1) / c2)."),
        Mistake("ln(N / c2)", _pc_wrong("ratio"),
                hint="ln((N + c2 + 1) / c2), not ln(N / c2): the log term starts near 0 at N = 0 and grows slowly."),
    ],
)

# ------------------------------------------------------------------ 6. muzero_puct


def _mp_wrong(kind):
    def muzero_puct(P, n, Q, N, c1, c2):
        P, n, Q = (np.asarray(x, dtype=float) for x in (P, n, Q))
        c = c1 if kind == "constant" else c1 + math.log((N + c2 + 1) / c2)
        if kind == "normalise":
            span = Q.max() - Q.min()
            Q = (Q - Q.min()) / span if span > 0 else Q
        with np.errstate(divide="ignore"):
            bonus = P * math.sqrt(N) / (n if kind == "no_one" else 1 + n)
        if kind == "sqrt_n":
            bonus = P * math.sqrt(N) / (1 + np.sqrt(n))
        return Q + bonus * c
    return muzero_puct


_CH = model.CHILDREN


def _mp_example(rng):
    return [(_CH["P"], _CH["n"], _CH["Q"], 100, 1.25, 19_652)]


def _mp_random(rng):
    cases = []
    for _ in range(6):
        K = int(rng.integers(2, 8))
        n = rng.integers(1, 50, K)
        cases.append((rng.dirichlet(np.ones(K)), n, np.round(rng.uniform(0, 1, K), 3), int(n.sum()),
                      float(np.round(rng.uniform(0.5, 3), 2)), int(rng.choice([19_652, 500, 5]))))
    return cases


def _mp_boundary(rng):
    """A fresh node (N = 0: scores are Q), unvisited children, tied scores, Q at 0 and 1, one child."""
    return [([0.6, 0.4], [0, 0], [0.5, 0.5], 0, 1.25, 19_652),
            ([0.25, 0.25, 0.5], [0, 2, 1], [0.0, 1.0, 0.4], 3, 1.25, 19_652),
            ([1.0], [5], [0.3], 5, 2.0, 10),
            ([0.5, 0.5], [4, 4], [0.2, 0.9], 8, 1.25, 19_652)]


mp_ex = Exercise(
    id="muzero_puct", function="muzero_puct", reference=model.muzero_puct, title="MuZero's pUCT score",
    checks=[
        Check("the example node: N = 100, four children", _mp_example,
              hint="score = Q + P·√N/(1 + n)·(c1 + ln((N + c2 + 1)/c2)), child by child, as a numpy array."),
        Check("random nodes and constants", _mp_random, hidden=True),
        Check("N = 0, unvisited children, Q at 0 and 1, one child", _mp_boundary, hidden=True,
              hint="1 + n in the denominator keeps an unvisited child finite; at N = 0 the bonus is 0."),
    ],
    mistakes=[
        Mistake("rescales Q", _mp_wrong("normalise"),
                hint="Q is already in [0, 1] (MuZero normalises it over the tree before this step): use it as "
                     "given, do not min–max it across the children."),
        Mistake("AlphaZero's constant coefficient", _mp_wrong("constant"),
                hint="MuZero's coefficient grows with N: c1 + ln((N + c2 + 1)/c2), not c1 alone."),
        Mistake("divides by n instead of 1 + n", _mp_wrong("no_one"),
                hint="Divide by 1 + n(s, a): an unvisited child must get a finite, large bonus, not infinity."),
        Mistake("√n in the denominator", _mp_wrong("sqrt_n"),
                hint="The parent's visits are square-rooted, the child's are not: √N / (1 + n)."),
    ],
)

grader = Grader("muzero", [nstep_ex, vi_ex, lpr_ex, ts_ex, pc_ex, mp_ex])
