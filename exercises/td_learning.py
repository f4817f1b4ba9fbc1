"""Graded exercises of chapter `td-learning`: grader.check("<id>") in the notebook.

Every reference is the model function in widgets/td_learning.py (the code that draws the
figures). Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import td_learning as model

# ------------------------------------------------------------------ 1. td_update


def _td_wrong(sign=1.0, use_gamma=True, terminal_aware=True, use_alpha=True):
    def td_update(V, s, r, s_next, alpha, gamma, terminal):
        V = np.array(V, dtype=float)
        g = gamma if use_gamma else 1.0
        bootstrap = 0.0 if (terminal and terminal_aware) else g * V[s_next]
        delta = sign * (r + bootstrap - V[s])
        V[s] = r + bootstrap if not use_alpha else V[s] + alpha * delta
        return V
    return td_update


def _td_cases_example(rng):
    return [(np.array([0.0, 0.5, 1.0, 0.0]), 1, 0.0, 2, 0.1, 0.9, False)]


def _td_cases_random(rng, terminal=False):
    cases = []
    for _ in range(6):
        n = int(rng.integers(3, 9))
        V = np.round(rng.normal(0, 1, n), 3)
        s, s2 = rng.choice(n, 2, replace=False)
        cases.append((V, int(s), float(np.round(rng.normal(), 2)), int(s2), float(rng.uniform(0.05, 0.9)),
                      float(rng.uniform(0.5, 0.99)), terminal))
    return cases


def _td_boundary(rng):
    """A self-loop (s_next == s), the first and last states, γ = 0 (no bootstrap at all), a negative reward,
    and a terminal step from a state whose successor has a large value."""
    V = np.array([0.25, -0.5, 0.75, 1.5, 0.0])
    return [(V, 2, 1.0, 2, 0.3, 0.8, False), (V, 0, -1.0, 4, 0.5, 0.9, False), (V, 4, 0.5, 0, 0.2, 0.7, False),
            (V, 1, 2.0, 3, 0.4, 0.0, False), (V, 2, 0.5, 3, 0.6, 0.95, True)]


td_update_ex = Exercise(
    id="td_update", function="td_update", reference=model.td_update, title="one TD(0) update",
    checks=[
        Check("the shown example: V(s) moves by α·δ toward r + γV(s')", _td_cases_example,
              hint="δ = r + γ·V[s_next] − V[s]; then V[s] += α·δ. Return a new array."),
        Check("random tables, rewards, step sizes and discounts", _td_cases_random, hidden=True),
        Check("a terminal next state", lambda rng: _td_cases_random(rng, terminal=True), hidden=True,
              hint="When terminal is True the episode ends: the target is just r."),
        Check("edge cases: s_next == s, the first and last states, γ = 0, a negative reward", _td_boundary,
              hidden=True),
    ],
    mistakes=[
        Mistake("sign of δ flipped", _td_wrong(sign=-1.0),
                hint="Your update moves V(s) away from the target: δ = r + γV(s') − V(s) (target minus estimate), "
                     "and V(s) += α·δ."),
        Mistake("no discount on the bootstrap", _td_wrong(use_gamma=False),
                hint="The next state's value is discounted: the target is r + γ·V(s'), not r + V(s')."),
        Mistake("bootstraps from a terminal state", _td_wrong(terminal_aware=False),
                hint="A terminal state has no future: when terminal is True use the target r (value 0 after the end)."),
        Mistake("replaces V(s) by the target", _td_wrong(use_alpha=False),
                hint="TD moves only a fraction α of the way: V(s) += α·(target − V(s)); "
                     "it does not set V(s) = target."),
    ],
)

# ------------------------------------------------------------------ 2. dopamine_probe


def _probe_wrong(sign=1.0, use_gamma=True, feature_lag=0, update_current=False, last_is_probe=False):
    """The probe experiment as a plain loop, with one of the common slips switched on."""
    def dopamine_probe(n_trials, T, t_cue, t_reward, alpha, gamma):
        g = gamma if use_gamma else 1.0
        w = np.zeros(T + 1)
        deltas = []
        for n in range(n_trials + 1):
            r_size = 0.0 if n == n_trials else 1.0

            def V(t):
                i = t - t_cue - feature_lag
                return w[i] if 0 <= i and t >= 0 else 0.0

            d = np.zeros(T)
            for t in range(T):
                r = r_size if t == t_reward else 0.0
                d[t] = sign * (r + g * V(t) - V(t - 1))
                i = (t if update_current else t - 1) - t_cue - feature_lag
                if 0 <= i and (t if update_current else t - 1) >= t_cue + feature_lag:
                    w[i] += alpha * d[t]
            deltas.append(d)
        return deltas[0], deltas[n_trials] if last_is_probe else deltas[n_trials - 1], deltas[n_trials]
    return dopamine_probe


def _probe_example(rng):
    return [(300, 20, 5, 15, 0.1, 0.98)]


def _probe_small(rng):
    return [(3, 6, 1, 4, 0.5, 0.9), (1, 5, 0, 4, 0.3, 0.8)]


def _probe_edges(rng):
    """Reward on the last time step, reward one step after the cue, cue at 0 with reward at T-1."""
    return [(4, 7, 2, 6, 0.4, 0.85), (5, 6, 2, 3, 0.5, 0.7), (2, 4, 0, 3, 0.6, 0.9)]


def _probe_random(rng):
    cases = []
    for _ in range(5):
        T = int(rng.integers(6, 26))
        t_cue = int(rng.integers(0, T - 2))
        t_reward = int(rng.integers(t_cue + 1, T))
        cases.append((int(rng.integers(1, 120)), T, t_cue, t_reward, float(np.round(rng.uniform(0.05, 0.6), 2)),
                      float(np.round(rng.uniform(0.7, 1.0), 2))))
    return cases


dopamine_probe_ex = Exercise(
    id="dopamine_probe", function="dopamine_probe", reference=model.dopamine_probe,
    title="TD over cue → reward trials, then an omission probe",
    checks=[
        Check("the chapter's experiment: T=20, cue at 5, reward at 15, α=0.1, γ=0.98, 300 trials", _probe_example,
              hint="Return (δ of trial 1, δ of trial n_trials, δ of the extra probe trial with no reward)."),
        Check("small worked cases, including a cue at t=0 and a single training trial", _probe_small),
        Check("random trial layouts, step sizes and discounts", _probe_random, hidden=True),
        Check("reward on the last time step, or one step after the cue", _probe_edges, hidden=True),
    ],
    mistakes=[
        Mistake("sign of δ flipped", _probe_wrong(sign=-1.0),
                hint="δ(t) = r(t) + γV(t) − V(t−1): the reward and the new prediction count positive, the old "
                     "prediction negative. With the sign flipped the weights grow without bound."),
        Mistake("no γ on V(t)", _probe_wrong(use_gamma=False),
                hint="Discount the new prediction: δ(t) = r(t) + γ·V(t) − V(t−1). Without γ the cue response "
                     "converges to 1 instead of γ^k."),
        Mistake("delay line starts one step late", _probe_wrong(feature_lag=1),
                hint="Off by one in the delay line: the first feature is active AT the cue time, so "
                     "V(t_cue) = w[0] (V(t) = w[t − t_cue] for t ≥ t_cue)."),
        Mistake("updates the feature active now instead of the one before", _probe_wrong(update_current=True),
                hint="δ(t) judges the prediction made at t−1: update the weight of the feature active at t−1, "
                     "w[t−1−t_cue] += α·δ(t)."),
        Mistake("returns the probe as the last trial", _probe_wrong(last_is_probe=True),
                hint="The second array is the last REWARDED trial (trial n_trials); the probe is an extra trial "
                     "after it."),
    ],
    rtol=1e-7, atol=1e-10,
)

# ------------------------------------------------------------------ 3. asymptotic_deltas


def _asym_example(rng):
    return [(0.98, 10, 1.0), (0.9, 4, 0.5)]


def _asym_edges(rng):
    """A one-step delay, a reward that never comes (p = 0), and a sure one with γ < 1."""
    return [(0.9, 1, 0.7), (0.8, 3, 0.0), (0.95, 12, 1.0)]


def _asym_random(rng):
    return [(float(np.round(rng.uniform(0.6, 1.0), 3)), int(rng.integers(1, 30)),
             float(np.round(rng.uniform(0.05, 1.0), 2))) for _ in range(6)]


asymptotic_ex = Exercise(
    id="asymptotic_deltas", function="asymptotic_deltas", reference=model.asymptotic_deltas,
    title="closed-form prediction errors after learning",
    checks=[
        Check("the shown examples (a sure reward, and p = 0.5)", _asym_example),
        Check("random discounts, delays and reward probabilities", _asym_random, hidden=True),
        Check("a one-step delay, p = 0 and p = 1", _asym_edges, hidden=True),
    ],
    mistakes=[
        Mistake("γ^(k−1) at the cue", lambda g, k, p: (g ** (k - 1) * p, 1 - p, -p),
                hint="Count the discounts: V just before the reward is p, V(t_cue) = p·γ^(k−1), and the cue "
                     "response is γ·V(t_cue) = p·γ^k."),
        Mistake("forgot the reward probability", lambda g, k, p: (g ** k, 0.0, -1.0),
                hint="With reward probability p the learned value is an expectation: the cue response is p·γ^k, a "
                     "delivered reward still surprises by 1 − p and an omission by −p."),
        Mistake("omission dip with the wrong sign", lambda g, k, p: (g ** k * p, 1 - p, p),
                hint="At an omitted reward δ = 0 + γ·0 − V = −p: a dip below baseline, not a burst."),
    ],
)

# ------------------------------------------------------------------ 4. rms_error


def _rms_example(rng):
    return [(np.full(5, 0.5),), (np.zeros(5),)]


def _rms_edges(rng):
    """One state (true value 1/2), one run as a (1, 5) batch, errors that do not average to zero."""
    return [(np.array([0.2]),), (np.array([[0.1, 0.3, 0.5, 0.7, 0.9]]),), (np.array([0.9, 0.8, 0.9, 1.0, 1.0]),)]


def _rms_batch(rng):
    return [(np.round(rng.uniform(0, 1, (int(rng.integers(2, 6)), 5)), 3),) for _ in range(3)]


def _rms_other_n(rng):
    return [(np.round(rng.uniform(0, 1, n), 3),) for n in (3, 7, 19)]


def _sq_err(V):
    V = np.asarray(V, dtype=float)
    return (V - model.random_walk_true_values(V.shape[-1])) ** 2


def _true_wrong(V, denom_shift):
    V = np.asarray(V, dtype=float)
    n = V.shape[-1]
    return np.arange(1, n + 1) / (n + denom_shift)


rms_ex = Exercise(
    id="rms_error", function="rms_error", reference=model.rms_error,
    title="random-walk true values and the RMS error",
    checks=[
        Check("the shown examples: np.full(5, 0.5) and np.zeros(5)", _rms_example,
              hint="true = (1, 2, 3, 4, 5) / 6; RMS = sqrt(mean((V − true)²)) over the states."),
        Check("a batch of runs (2-D input): one RMS per row", _rms_batch, hidden=True,
              hint="This check passes a 2-D array, one run per row, and expects one RMS per row (shape (runs,))."),
        Check("walks with 3, 7 and 19 states: true values s/(n+1)", _rms_other_n, hidden=True,
              hint="For n states the true values are s/(n+1), s = 1..n (solve v(s) = ½v(s−1) + ½v(s+1), "
                   "v(0) = 0, v(n+1) = 1)."),
        Check("one state, a batch of one run, errors with a nonzero mean", _rms_edges, hidden=True),
    ],
    mistakes=[
        Mistake("true values s/n", lambda V: np.sqrt(np.mean((np.asarray(V, float) - _true_wrong(V, 0)) ** 2, axis=-1)),
                hint="The true values are s/(n+1), not s/n: with 5 states they are 1/6 … 5/6 (the terminals 0 and 6 "
                     "count in the denominator)."),
        Mistake("mean squared error, no square root",
                lambda V: np.mean(_sq_err(V), axis=-1),
                hint="RMS is the square ROOT of the mean squared error."),
        Mistake("np.std of the errors", lambda V: np.std(np.asarray(V, float) - model.random_walk_true_values(
                    np.shape(V)[-1]), axis=-1),
                hint="np.std subtracts the MEAN error before squaring: it measures how spread out the errors are, "
                     "not how big they are (an estimate off by +0.1 everywhere has std 0). RMS = "
                     "sqrt(mean((V − true)²)), with nothing subtracted."),
        Mistake("one error per state (no mean)", lambda V: np.sqrt(_sq_err(V)),
                hint="You returned one error per state. The RMS averages the squared errors over the states (the "
                     "last axis) first, then takes one square root: a single number per run."),
        Mistake("one number for the whole batch",
                lambda V: np.sqrt(np.mean(_sq_err(V))),
                hint="Average over the states only (axis=-1): each run keeps its own error."),
    ],
)

# ------------------------------------------------------------------ 5. token_advantages


def _adv_wrong(kind):
    def token_advantages(values, R, b):
        v = np.asarray(values, dtype=float)
        reinforce = np.full(v.shape, R - b)
        nxt = np.append(v[1:], 0.0)
        r = np.zeros(v.shape)
        r[-1] = R
        td = r + nxt - v
        if kind == "sign":
            td = -td
        elif kind == "wrap":  # np.roll: the last token bootstraps from V(s_0)
            td = r + np.roll(v, -1) - v
        elif kind == "no_reward":
            td = nxt - v
        elif kind == "no_baseline":
            reinforce = np.full(v.shape, float(R))
        elif kind == "shift":
            td = v - np.append(0.0, v[:-1])
        return reinforce, td
    return token_advantages


def _adv_example(rng):
    return [(np.array([0.5, 0.5, 0.9, 0.9]), 1.0, 0.5), (np.array([0.5, 0.5, 0.1, 0.1]), 0.0, 0.5)]


def _adv_random(rng):
    cases = []
    for _ in range(5):
        T = int(rng.integers(2, 15))
        values, R, b = np.round(rng.uniform(0, 1, T), 3), float(rng.integers(0, 2)), float(np.round(rng.uniform(0, 1), 2))
        cases.append((values, R, b))
    return cases


advantages_ex = Exercise(
    id="token_advantages", function="token_advantages", reference=model.token_advantages,
    title="per-token advantages: outcome REINFORCE vs TD errors",
    checks=[
        Check("the shown examples (a right and a wrong pivot)", _adv_example,
              hint="reinforce: every token gets R − b. td: δ_t = V(s_{t+1}) − V(s_t), and the last token "
                   "gets R − V(s_{T−1}) (terminal value 0)."),
        Check("random critics, outcomes and baselines", _adv_random, hidden=True),
        Check("a single-token sequence", lambda rng: [(np.array([0.3]), 1.0, 0.2), (np.array([0.8]), 0.0, 0.5)],
              hidden=True),
        Check("a baseline equal to the outcome, and a critic already right at every token",
              lambda rng: [(np.array([0.2, 0.7, 0.4]), 1.0, 1.0), (np.array([1.0, 1.0, 1.0]), 1.0, 0.25)],
              hidden=True),
    ],
    mistakes=[
        Mistake("sign of δ flipped", _adv_wrong("sign"),
                hint="δ_t = (r + V(s_{t+1})) − V(s_t): what happened minus what was expected."),
        Mistake("last token bootstraps from the first (np.roll)", _adv_wrong("wrap"),
                hint="Bootstrapping from a terminal state: after the last token the episode is over (value 0). "
                     "np.roll wraps V(s_0) around to the end; append 0 instead."),
        Mistake("reward forgotten at the last token", _adv_wrong("no_reward"),
                hint="The outcome R arrives after the last token: δ_{T−1} = R + 0 − V(s_{T−1})."),
        Mistake("REINFORCE without the baseline", _adv_wrong("no_baseline"),
                hint="Subtract the baseline: every token's REINFORCE advantage is R − b."),
        Mistake("off by one: δ_t = V(s_t) − V(s_{t−1})", _adv_wrong("shift"),
                hint="Token t is judged by the state it leads to: δ_t = r_{t+1} + V(s_{t+1}) − V(s_t)."),
    ],
)

grader = Grader("td-learning", [td_update_ex, dopamine_probe_ex, asymptotic_ex, rms_ex, advantages_ex])
