"""Graded exercises of chapter `model-based-rl`. The references are the chapter's model functions
(widgets/model_based_rl.py): the code that draws the figures is the code that grades."""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import model_based_rl as model

# ------------------------------------------------------------------ 1. two_step_mb


def _mb_example(rng):
    return [(0.7, np.array([1.0, 0.0])), (0.7, np.array([0.0, 1.0]))]


def _mb_random(rng):
    return [(float(np.round(rng.uniform(0.5, 1.0), 3)), np.round(rng.uniform(-1, 2, 2), 3)) for _ in range(6)]


def _mb_edges(rng):
    """Deterministic transitions (p = 1), a coin flip (p = 0.5), p = 0, equal stage-2 values (a tie)."""
    return [(1.0, np.array([0.3, 0.9])), (0.5, np.array([0.2, 0.8])), (0.0, np.array([0.25, -0.5])),
            (0.8, np.array([0.4, 0.4]))]


two_step_mb_ex = Exercise(
    id="two_step_mb", function="two_step_mb", reference=model.two_step_mb,
    title="model-based values in the two-step task",
    checks=[
        Check("the shown examples: p = 0.7, stage-2 values (1, 0) and (0, 1)", _mb_example,
              hint="Q_MB(A) = p·q2[0] + (1 − p)·q2[1]; Q_MB(B) = (1 − p)·q2[0] + p·q2[1]. Return an array of 2."),
        Check("random transition probabilities and stage-2 values", _mb_random, hidden=True),
        Check("p = 1, p = 0.5, p = 0 and equal stage-2 values", _mb_edges, hidden=True),
    ],
    mistakes=[
        Mistake("B's transitions mirrored wrongly (same row as A)",
                lambda p, q2: np.array([p * q2[0] + (1 - p) * q2[1]] * 2),
                hint="A and B lead to different states: B reaches s2 with the COMMON probability p, so "
                     "Q_MB(B) = (1 − p)·q2[0] + p·q2[1]."),
        Mistake("common and rare swapped", lambda p, q2: np.array([(1 - p) * q2[0] + p * q2[1],
                                                                    p * q2[0] + (1 - p) * q2[1]]),
                hint="A's common transition goes to s1: Q_MB(A) = p·q2[0] + (1 − p)·q2[1]."),
        Mistake("ignores the rare transition", lambda p, q2: np.array([p * q2[0], p * q2[1]]),
                hint="The rare transition happens too: add (1 − p) times the value of the other state."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 2. td_logged

_LOG = (np.array([0, 0, 1, 0, 1, 0]), np.array([0, 0, 1, 1, 0, 0]), np.array([1.0, 1.0, 0.0, 0.0, 1.0, 1.0]))


def _td_wrong(order="stage1", target="q2", use_gamma=True):
    def td_logged(actions, states, rewards, alpha, gamma):
        Q1, Q2 = np.zeros(2), np.zeros(2)
        g = gamma if use_gamma else 1.0
        for a, s, r in zip(actions, states, rewards):
            a, s = int(a), int(s)
            if order == "stage2":
                Q2[s] += alpha * (r - Q2[s])
            Q1[a] += alpha * ((g * Q2[s] if target == "q2" else r) - Q1[a])
            if order == "stage1":
                Q2[s] += alpha * (r - Q2[s])
        return Q1, Q2
    return td_logged


def _td_example(rng):
    return [(*_LOG, 0.5, 1.0)]


def _td_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(3, 25))
        cases.append((rng.integers(0, 2, n), rng.integers(0, 2, n), rng.integers(0, 2, n).astype(float),
                      float(np.round(rng.uniform(0.1, 0.9), 2)), float(np.round(rng.uniform(0.6, 1.0), 2))))
    return cases


def _td_edges(rng):
    """γ < 1 with α away from 1, α = 1, a single trial, an empty log, graded rewards."""
    return [(*_LOG, 0.3, 0.8), (*_LOG, 1.0, 0.9), (np.array([1]), np.array([0]), np.array([1.0]), 0.5, 0.9),
            (np.array([], dtype=int), np.array([], dtype=int), np.array([]), 0.5, 1.0),
            (np.array([0, 1, 0, 1]), np.array([1, 1, 0, 0]), np.array([0.5, -1.0, 2.0, 0.25]), 0.4, 0.95)]


td_logged_ex = Exercise(
    id="td_logged", function="td_logged", reference=model.td_logged,
    title="model-free TD on logged two-step trials",
    checks=[
        Check("the shown log, α = 0.5, γ = 1", _td_example,
              hint="Each trial: first Q1[a] += α·(γ·Q2[s] − Q1[a]) with the OLD Q2[s], then Q2[s] += α·(r − Q2[s]). "
                   "Return (Q1, Q2)."),
        Check("random logs, step sizes and discounts", _td_random, hidden=True),
        Check("γ < 1, α = 1, one trial, an empty log, rewards other than 0 and 1", _td_edges, hidden=True),
    ],
    mistakes=[
        Mistake("stage 2 updated first", _td_wrong(order="stage2"),
                hint="Update order: stage 1 first. Q1[a] moves toward γ·Q2[s] as it was BEFORE this trial's "
                     "reward; only then does Q2[s] learn from r."),
        Mistake("stage 1 learns from the reward", _td_wrong(target="r"),
                hint="With λ = 0 the stage-1 target is the stage-2 value γ·Q2[s], not the reward r: TD bootstraps "
                     "from the next state's value."),
        Mistake("stage-1 target not discounted", _td_wrong(use_gamma=False),
                hint="Discount the bootstrap: the stage-1 target is γ·Q2[s]."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. plan_posterior

_R3 = model.plans(3).sum(axis=1).astype(float)
_U8 = np.full(8, 1 / 8)


def _post_example(rng):
    return [(_U8, _R3, 1.0), (_U8, _R3, 0.5)]


def _post_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.choice([2, 4, 8, 16]))
        prior = np.round(rng.uniform(0.05, 1.0, n), 3)
        cases.append((prior / prior.sum(), np.round(rng.normal(0, 2, n), 2), float(np.round(rng.uniform(0.2, 3), 2))))
    return cases


def _post_edges(rng):
    """A bonus of +2 on plan 101; an unnormalised prior; a prior of 0 on the best plan; ties in R; one plan;
    a small α with large rewards (exp(R/α) overflows unless the largest term is factored out)."""
    bonus = _R3.copy()
    bonus[5] += 2
    return [(_U8, bonus, 1.0), (np.arange(1.0, 9.0), _R3, 0.7), (np.array([0.5, 0.5, 0.0]), np.array([1.0, 2.0, 9.0]), 1.0),
            (np.array([0.2, 0.3, 0.5]), np.array([1.0, 1.0, 1.0]), 0.3), (np.array([1.0]), np.array([3.0]), 2.0),
            (_U8, 400 * _R3, 0.5)]


plan_posterior_ex = Exercise(
    id="plan_posterior", function="plan_posterior", reference=model.plan_posterior,
    title="clamp the reward: the posterior over plans",
    checks=[
        Check("the shown examples: uniform prior, R = number of 1s, α = 1 and α = 0.5", _post_example,
              hint="posterior ∝ prior·exp(R/α); divide by the sum over ALL plans."),
        Check("random priors, rewards and temperatures", _post_random, hidden=True),
        Check("a reward bonus, an unnormalised prior, prior 0, ties, one plan, huge R/α", _post_edges, hidden=True,
              hint="Work in log space: log w = log prior + R/α, subtract the largest log w before exp. A plan with "
                   "prior 0 gets posterior 0."),
    ],
    mistakes=[
        Mistake("not normalised", lambda prior, R, a: np.asarray(prior) * np.exp(np.asarray(R) / a),
                hint="Normalise: divide prior·exp(R/α) by its sum over all plans, so the posterior sums to 1."),
        Mistake("temperature ignored", lambda prior, R, a: model.plan_posterior(prior, R, 1.0),
                hint="The temperature matters: the weight is exp(R/α), not exp(R)."),
        Mistake("prior ignored", lambda prior, R, a: model.plan_posterior(np.ones(len(R)), R, a),
                hint="Multiply by the prior p(τ): with a non-uniform prior the posterior is not softmax(R/α) alone."),
        Mistake("multiplies by α", lambda prior, R, a: model.plan_posterior(prior, np.asarray(R) * a * a, a),
                hint="Divide the reward by the temperature: exp(R/α), not exp(R·α)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 4. soft_value


def _soft_example(rng):
    return [(np.array([0.7, 0.3]), 0.1), (np.array([0.7, 0.3]), 1.0)]


def _soft_random(rng):
    return [(np.round(rng.normal(0, 1, int(rng.integers(2, 7))), 3), float(np.round(rng.uniform(0.05, 3), 2)))
            for _ in range(6)]


def _soft_edges(rng):
    """A tie (max + α·log 2), one action, a table of states (one value per row), and Q/α ≈ 1000."""
    return [(np.array([0.5, 0.5]), 0.3), (np.array([2.0]), 0.7), (np.array([[0.7, 0.3], [0.0, -1.0], [1.0, 1.0]]), 0.5),
            (np.array([10.0, 9.5, 3.0]), 0.01)]


def _lse(Q, a):
    Q = np.asarray(Q, dtype=float)
    return np.log(np.exp(Q).sum(axis=-1))


soft_value_ex = Exercise(
    id="soft_value", function="soft_value", reference=model.soft_value,
    title="the soft value α·log Σ exp(Q/α)",
    checks=[
        Check("the shown examples: Q = (0.7, 0.3) at α = 0.1 and α = 1", _soft_example,
              hint="V = α·log Σ_a exp(Q_a/α); for stability compute m + α·log Σ exp((Q − m)/α) with m = max Q."),
        Check("random action values and temperatures", _soft_random, hidden=True),
        Check("a tie, one action, a table of states (last axis), Q/α ≈ 1000", _soft_edges, hidden=True,
              hint="Reduce over the LAST axis (a table gives one value per state), and subtract the max before exp "
                   "so exp(1000) never overflows."),
    ],
    mistakes=[
        Mistake("log-sum-exp without α", _lse,
                hint="The temperature enters twice: α·log Σ exp(Q/α). Plain log Σ exp(Q) is the α = 1 case only."),
        Mistake("α outside only", lambda Q, a: a * _lse(Q, a),
                hint="Divide Q by α inside the exponent as well: α·log Σ exp(Q/α)."),
        Mistake("α inside only", lambda Q, a: _lse(np.asarray(Q, float) / a, a),
                hint="Multiply the log-sum-exp by α: without it the value is in units of Q/α."),
        Mistake("log of the mean (log-mean-exp)",
                lambda Q, a: model.soft_value(Q, a) - a * np.log(np.shape(Q)[-1]),
                hint="Sum, not mean: α·log Σ exp(Q/α). With n tied actions the soft value is max + α·log n."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 5. exact_values

_P3 = np.array([[0.5, 0.5, 0.0], [0.25, 0.5, 0.25], [0.0, 0.5, 0.5]])


def _rand_P(rng, n):
    P = rng.uniform(0, 1, (n, n)) * (rng.random((n, n)) < 0.7)
    P[np.arange(n), rng.integers(0, n, n)] += 0.1  # every row has mass
    return np.round(P / P.sum(axis=1, keepdims=True), 6)


def _exact_random(rng):
    cases = []
    for _ in range(5):
        n = int(rng.integers(2, 7))
        P = _rand_P(rng, n)
        cases.append((P / P.sum(axis=1, keepdims=True), np.round(rng.normal(0, 1, n), 2),
                      float(np.round(rng.uniform(0.3, 0.95), 2))))
    return cases


def _exact_edges(rng):
    """γ = 0 (V = r), one state, an absorbing state, a non-symmetric P (P and its transpose differ)."""
    P = np.array([[0.1, 0.9, 0.0], [0.0, 0.2, 0.8], [0.0, 0.0, 1.0]])
    return [(_P3, np.array([0.0, 0.0, 1.0]), 0.0), (np.array([[1.0]]), np.array([2.0]), 0.5),
            (P, np.array([1.0, -1.0, 0.5]), 0.9), (P, np.array([0.0, 0.0, 1.0]), 0.3)]


exact_values_ex = Exercise(
    id="exact_values", function="exact_values", reference=model.exact_values,
    title="exact values by a linear solve",
    checks=[
        Check("the shown example: the 3-state chain with r = (0, 0, 1), γ = 0.9", lambda rng: [(_P3, np.array([0.0, 0.0, 1.0]), 0.9)],
              hint="V = r + γPV, so (I − γP)V = r: np.linalg.solve(np.eye(n) − gamma * P, r)."),
        Check("random chains, rewards and discounts", _exact_random, hidden=True),
        Check("γ = 0, one state, an absorbing state, a non-symmetric P", _exact_edges, hidden=True),
    ],
    mistakes=[
        Mistake("transposed P", lambda P, r, g: model.exact_values(np.asarray(P).T, r, g),
                hint="P[s, s'] is the probability of going FROM s TO s'; V(s) = r(s) + γ Σ_s' P[s, s'] V(s') uses "
                     "row s of P, so solve (I − γP)V = r, not (I − γPᵀ)V = r."),
        Mistake("one step of lookahead only", lambda P, r, g: np.asarray(r, float) + g * np.asarray(P) @ np.asarray(r, float),
                hint="r + γPr counts only one step. The value sums ALL future rewards: V = (I − γP)⁻¹ r."),
        Mistake("sign of γP flipped", lambda P, r, g: np.linalg.solve(np.eye(len(r)) + g * np.asarray(P), np.asarray(r, float)),
                hint="From V = r + γPV, move γPV to the left: (I − γP)V = r, a minus sign."),
        Mistake("each state's own reward forever", lambda P, r, g: np.asarray(r, float) / (1 - g),
                hint="r/(1 − γ) assumes you stay in s forever. The chain moves: V = r + γPV, so V = (I − γP)⁻¹ r."),
    ],
    rtol=1e-8, atol=1e-10,
)

# ------------------------------------------------------------------ 6. mc_estimate


def _mc_example(rng):
    return [(np.array([1.0, 0.0, 2.0, 1.0]),)]


def _mc_random(rng):
    return [(np.round(rng.normal(rng.uniform(-2, 2), rng.uniform(0.1, 3), int(rng.integers(2, 60))), 3),)
            for _ in range(6)]


def _mc_edges(rng):
    """Two returns, all equal (standard error 0), one outlier."""
    return [(np.array([0.0, 1.0]),), (np.array([0.7, 0.7, 0.7]),), (np.array([0.0, 0.0, 0.0, 0.0, 10.0]),)]


def _mc_wrong(ddof=1, root=True):
    def mc_estimate(returns):
        g = np.asarray(returns, dtype=float)
        return float(g.mean()), float(g.std(ddof=ddof) / (np.sqrt(g.size) if root else g.size))
    return mc_estimate


mc_estimate_ex = Exercise(
    id="mc_estimate", function="mc_estimate", reference=model.mc_estimate,
    title="a value as an average of rollouts",
    checks=[
        Check("the shown example: returns (1, 0, 2, 1)", _mc_example,
              hint="Return (mean, sd/√n) with the sample sd (ddof=1), as two floats."),
        Check("random batches of returns", _mc_random, hidden=True),
        Check("two returns, equal returns, an outlier", _mc_edges, hidden=True),
    ],
    mistakes=[
        Mistake("population sd (ddof=0)", _mc_wrong(ddof=0),
                hint="Use the sample standard deviation (ddof=1): the mean was estimated from the same returns."),
        Mistake("sd instead of standard error", lambda g: (float(np.mean(g)), float(np.std(g, ddof=1))),
                hint="The standard error of the mean is sd/√n: it shrinks as you average more rollouts."),
        Mistake("divided by n, not √n", _mc_wrong(root=False),
                hint="Divide the sd by √n, not by n."),
    ],
    rtol=1e-9, atol=1e-12,
)

grader = Grader("model-based-rl", [two_step_mb_ex, td_logged_ex, plan_posterior_ex, soft_value_ex, exact_values_ex,
                                   mc_estimate_ex])
