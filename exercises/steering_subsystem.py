"""Graded exercises of chapter `steering-subsystem`. The references are the chapter's model functions
(widgets/steering_subsystem.py): the code that draws the figures is the code that grades."""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import steering_subsystem as model

# ------------------------------------------------------------------ 1. rescorla_wagner


def _rw_wrong(shared=True, absent=False, lam_one=False):
    def rescorla_wagner(cues, lam, ab):
        X = np.asarray(cues, dtype=float)
        V = np.zeros(X.shape[1])
        for x, l in zip(X, np.asarray(lam, dtype=float)):
            target = 1.0 if lam_one else l
            err = target - (x @ V if shared else V)
            V = V + ab * err * (np.ones_like(x) if absent else x)
        return V
    return rescorla_wagner


def _rw_example(rng):
    return [(*model.design("A", "AB"), 0.2), (*model.design("", "AB"), 0.2)]


def _rw_random(rng):
    cases = []
    for _ in range(6):
        n, k = int(rng.integers(3, 30)), int(rng.integers(2, 5))
        X = (rng.random((n, k)) < 0.5).astype(float)
        lam = rng.choice([0.0, 1.0, 0.5, 2.0], n)
        cases.append((X, lam, float(np.round(rng.uniform(0.05, 0.6), 2))))
    return cases


def _rw_edges(rng):
    """Extinction (λ = 0 after training), αβ = 1 (one-shot), a trial with no cue, no trials at all,
    B pretrained then AB+ (blocking the other way), three cues with overshadowing."""
    X1, l1 = model.design("A", "A", 10, 10)
    l1 = l1.copy()
    l1[10:] = 0.0
    return [(X1, l1, 0.3), (*model.design("A", "AB", 3, 3), 1.0),
            (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]), np.array([1.0, 1.0, 1.0]), 0.25),
            (np.zeros((0, 2)), np.zeros(0), 0.2), (*model.design("B", "AB", 15, 15), 0.15),
            (np.array([[1.0, 1.0, 1.0]] * 8 + [[1.0, 0.0, 0.0]] * 4), np.ones(12), 0.1)]


rescorla_wagner_ex = Exercise(
    id="rescorla_wagner", function="rescorla_wagner", reference=model.rescorla_wagner,
    title="Rescorla–Wagner and blocking",
    checks=[
        Check("the shown examples: 20 A+ then 20 AB+, and 20 AB+ alone, αβ = 0.2", _rw_example,
              hint="Each trial: first err = λ − Σ_{present j} V_j, ONE number computed from the strengths before "
                   "this trial; then V_i += αβ·err for every present cue. Return the final V as an array."),
        Check("random designs with 2-4 cues, outcomes λ ∈ {0, 0.5, 1, 2}, random αβ", _rw_random, hidden=True),
        Check("extinction, αβ = 1, a trial with no cue, no trials, B pretrained, three cues", _rw_edges, hidden=True,
              hint="λ is the outcome of THAT trial (0 means not reinforced: the strengths fall); a trial with no "
                   "cue changes nothing; with no trials V stays 0 (one entry per cue)."),
    ],
    mistakes=[
        Mistake("each cue has its own error", _rw_wrong(shared=False),
                hint="The error is shared: err = λ − (sum of V over ALL present cues). With a separate error "
                     "λ − V_i per cue, B would learn as if A were not there, and there would be no blocking."),
        Mistake("absent cues are updated too", _rw_wrong(absent=True),
                hint="Only the cues present on a trial change: multiply the update by the presence vector x."),
        Mistake("λ = 1 on every trial", _rw_wrong(lam_one=True),
                hint="Use each trial's own outcome lam[n]: a non-reinforced trial has λ = 0 and drives V down."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 2. train_assessor


def _ta_wrong(kind):
    def train_assessor(phi, y, delta, eta):
        phi, y = np.asarray(phi, dtype=float), np.asarray(y, dtype=float)
        T, w = len(y), np.zeros(phi.shape[1])
        if kind == "target_now":
            steps, target = range(max(T - delta, 0)), y
        elif kind == "padded":
            steps, target = range(T), np.append(y, np.zeros(delta))
        else:
            steps, target = range(max(T - delta, 0)), None
        for t in steps:
            if kind == "sign":
                w = w + eta * (w @ phi[t] - y[t + delta]) * phi[t]
            else:
                w = w + eta * (target[t if kind == "target_now" else t + delta] - w @ phi[t]) * phi[t]
        return w
    return train_assessor


def _spider(delta):
    s = model.spider_stream(50)
    return (s["phi"], s["flinch"], delta, 0.1)


def _ta_random(rng):
    cases = []
    for _ in range(6):
        T, d = int(rng.integers(8, 60)), int(rng.integers(1, 5))
        phi = np.round(rng.uniform(-1, 1, (T, d)), 2) * (rng.random((T, d)) < 0.6)
        cases.append((phi, np.round(rng.uniform(-1, 1, T), 2), int(rng.integers(0, 5)),
                      float(np.round(rng.uniform(0.05, 0.5), 2))))
    return cases


def _ta_edges(rng):
    """Δ ≥ T (no update: zeros), exactly one update (T = Δ + 1), η = 1, a lead of 5 on the spider stream,
    a stream of 3 trials."""
    phi = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [0.5, 0.5, 1.0]])
    y = np.array([0.0, 1.0, 0.0])
    s = model.spider_stream(3)
    return [(phi, y, 3, 0.1), (phi, y, 5, 0.1), (phi, y, 2, 0.3), (phi, y, 1, 1.0),
            (*_spider(5)[:2], 5, 0.2), (s["phi"], s["flinch"], 2, 0.25)]


train_assessor_ex = Exercise(
    id="train_assessor", function="train_assessor", reference=model.train_assessor,
    title="a thought assessor: the time-shifted delta rule",
    checks=[
        Check("the shown example: the spider stream, Δ = 2, η = 0.1", lambda rng: [_spider(2)],
              hint="For t = 0 … T−1−Δ: p = w·φ(t); w += η·(y[t+Δ] − p)·φ(t), starting from w = 0. Return w."),
        Check("the same stream with Δ = 0", lambda rng: [_spider(0)],
              hint="With Δ = 0 the target is y[t] itself and the loop runs over all T steps."),
        Check("random features, targets, leads and step sizes", _ta_random, hidden=True),
        Check("Δ ≥ T, a single update, η = 1, a longer lead, a short stream", _ta_edges, hidden=True,
              hint="If Δ ≥ T there is no (t, t+Δ) pair inside the stream: return zeros (one per feature)."),
    ],
    mistakes=[
        Mistake("target at t instead of t + Δ", _ta_wrong("target_now"),
                hint="The assessor predicts the FUTURE: the target of the update at t is y[t + Δ], not y[t]. "
                     "With the target at t it learns what is happening now (the skitter), not what is coming."),
        Mistake("runs past the end of the stream", _ta_wrong("padded"),
                hint="Stop at t = T − 1 − Δ: the last Δ steps have no target inside the stream. Padding y with "
                     "zeros (or wrapping it around with np.roll) adds Δ updates toward targets nobody observed."),
        Mistake("error sign flipped", _ta_wrong("sign"),
                hint="The error is target minus prediction, y[t+Δ] − w·φ(t): the weights move toward the target."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. grid_values

_G = model.GRID


def _gv_wrong(kind):
    def grid_values(rows, cols, goal, occupied, gamma, c):
        if kind == "gamma_first":
            return gamma * model.grid_values(rows, cols, goal, occupied, gamma, c)
        if kind == "no_penalty":
            return model.grid_values(rows, cols, goal, occupied, gamma, 0.0)
        m = model.grid_mdp(rows, cols, goal, occupied, c)
        nxt, term, occ = m["next_state"], m["terminal"], m["occupied"]
        g = goal[0] * cols + goal[1]
        if kind == "leaving":
            reward = np.where(term[:, None], 0.0, 1.0 * (nxt == g) - c * occ[:, None])
        else:  # goal not terminal: entering it keeps paying
            reward = 1.0 * (nxt == g) - c * occ[nxt]
            term = np.zeros_like(term)
        Q = model.value_iteration(nxt, reward, term, gamma)
        return Q.max(axis=1).reshape(rows, cols)
    return grid_values


def _gv_example(rng):
    return [(3, 5, _G["goal"], _G["occupied"], 0.9, 0.0), (3, 5, _G["goal"], _G["occupied"], 0.9, 0.5)]


def _gv_random(rng):
    cases = []
    for _ in range(6):
        rows, cols = int(rng.integers(2, 5)), int(rng.integers(2, 6))
        cells = [(i, j) for i in range(rows) for j in range(cols)]
        order = rng.permutation(len(cells))
        goal = cells[order[0]]
        occupied = tuple(cells[k] for k in order[1:1 + int(rng.integers(0, 4))])
        cases.append((rows, cols, goal, occupied, float(np.round(rng.uniform(0.5, 0.95), 2)),
                      float(np.round(rng.uniform(0.0, 1.0), 2))))
    return cases


def _gv_edges(rng):
    """c exactly at the detour threshold (a tie in value), γ = 0, one row, a penalty larger than the reward,
    no occupied cells, the start itself occupied, a corridor of 26 cells (a fixed 20 sweeps is not enough)."""
    c_star = model.detour_threshold(0.9, 4, 8, 2)
    return [(3, 5, _G["goal"], _G["occupied"], 0.9, c_star), (3, 5, _G["goal"], _G["occupied"], 0.0, 0.4),
            (1, 4, (0, 3), ((0, 1),), 0.8, 0.3), (2, 3, (1, 2), ((0, 1), (1, 1)), 0.7, 2.0),
            (2, 2, (0, 0), (), 0.6, 0.5), (3, 3, (2, 2), ((0, 0), (1, 1)), 0.85, 0.2),
            (1, 26, (0, 25), ((0, 12),), 0.95, 0.1)]


grid_values_ex = Exercise(
    id="grid_values", function="grid_values", reference=model.grid_values,
    title="value iteration with a social penalty",
    checks=[
        Check("the shown examples: the 3×5 grid, γ = 0.9, c = 0 and c = 0.5", _gv_example,
              hint="Q(s, a) = r(s, a) + γ·V(s') with r = +1 for entering the goal and −c for a move that ends in "
                   "an occupied cell; V(goal) = 0; repeat V(s) = max_a Q(s, a) until nothing changes. Return "
                   "an array of shape (rows, cols)."),
        Check("random grids, goals, occupied cells, discounts and penalties", _gv_random, hidden=True),
        Check("c at the detour threshold, γ = 0, one row, a huge penalty, nobody there, an occupied start, "
              "a 26-cell corridor", _gv_edges, hidden=True,
              hint="Iterate until the values stop changing (a path of n moves needs at least n sweeps to be "
                   "seen); the goal's value stays 0."),
    ],
    mistakes=[
        Mistake("penalty for leaving, not entering", _gv_wrong("leaving"),
                hint="The cost is paid by the move that ENTERS an occupied cell (r depends on s'), not by the "
                     "move that leaves one."),
        Mistake("the goal is not terminal", _gv_wrong("goal_not_terminal"),
                hint="Entering the goal ends the episode: V(goal) = 0 and nothing is earned after it."),
        Mistake("the first reward is discounted too", _gv_wrong("gamma_first"),
                hint="The reward of the first move is not discounted: Q(s, a) = r(s, a) + γ·V(s'). One step from "
                     "the goal the value is 1, not γ."),
        Mistake("penalty ignored", _gv_wrong("no_penalty"),
                hint="Subtract c for every move that ends in an occupied cell."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 4. detour_threshold


def _dt_random(rng):
    cases = []
    for _ in range(8):
        n = int(rng.integers(2, 8))
        cases.append((float(np.round(rng.uniform(0.5, 0.98), 3)), n, n + int(rng.integers(1, 7)),
                      int(rng.integers(1, n + 1))))
    return cases


def _dt_edges(rng):
    """The penalty on the first move (k = 1), on the last move (k = n_direct), equal lengths (c* = 0),
    a strong discount."""
    return [(0.9, 4, 8, 1), (0.8, 5, 7, 5), (0.7, 3, 3, 2), (0.5, 6, 10, 3)]


detour_threshold_ex = Exercise(
    id="detour_threshold", function="detour_threshold", reference=model.detour_threshold,
    title="when does the agent walk around?",
    checks=[
        Check("the shown example: γ = 0.9, 4 moves direct, 8 around, penalty on move 2", lambda rng: [(0.9, 4, 8, 2)],
              hint="Direct: γ^(n_direct−1) − c·γ^(k−1). Detour: γ^(n_detour−1). Set them equal and solve for c."),
        Check("random discounts and path lengths", _dt_random, hidden=True),
        Check("penalty on the first or the last move, equal lengths, a strong discount", _dt_edges, hidden=True),
    ],
    mistakes=[
        Mistake("penalty not discounted", lambda g, a, b, k: g ** (a - 1) - g ** (b - 1),
                hint="The penalty is paid on move k, so it is worth c·γ^(k−1) today: divide by γ^(k−1)."),
        Mistake("penalty exponent off by one", lambda g, a, b, k: (g ** (a - 1) - g ** (b - 1)) / g ** k,
                hint="What happens on move k is discounted by γ^(k−1) (the first move's by γ⁰ = 1), the penalty "
                     "as much as the goal reward: divide by γ^(k−1), not γ^k."),
        Mistake("multiplied by γ^(k−1) instead of dividing", lambda g, a, b, k: (g ** (a - 1) - g ** (b - 1)) * g ** (k - 1),
                hint="Solve γ^(n_direct−1) − c·γ^(k−1) = γ^(n_detour−1) for c: divide the difference by γ^(k−1)."),
    ],
    rtol=1e-12, atol=1e-15,
)

# ------------------------------------------------------------------ 5. description_length


def _dl_random(rng):
    return [tuple(int(v) for v in (rng.integers(1, 100), rng.integers(1, 200), rng.integers(0, 500),
                                   rng.integers(1, 64), rng.integers(1, 50), rng.integers(1, 9))) for _ in range(6)]


description_length_ex = Exercise(
    id="description_length", function="description_length", reference=model.description_length,
    title="how long is a reward function?",
    checks=[
        Check("the shown example: 20 detectors × 60 B, 50 assessors × 16 B, 2³⁰ states × 1 B",
              lambda rng: [(20, 60, 50, 16, 30, 1)],
              hint="compact = n_detectors·bytes_per_detector + n_assessors·bytes_per_assessor; "
                   "table = 2^n_state_bits · bytes_per_entry. Return two Python ints."),
        Check("random counts and sizes", _dl_random, hidden=True),
        Check("no assessors, one state bit, 8-byte entries", lambda rng: [(3, 7, 0, 16, 1, 8), (1, 1, 1, 1, 2, 3)],
              hidden=True),
    ],
    mistakes=[
        Mistake("the table has n_state_bits entries", lambda a, b, c, d, n, e: (a * b + c * d, n * e),
                hint="n binary features make 2ⁿ distinct states, and a table needs one entry per state: 2**n · bytes."),
        Mistake("the table counted in bits", lambda a, b, c, d, n, e: (a * b + c * d, 2 ** n * e * 8),
                hint="Both answers are in bytes: the table has 2ⁿ entries of bytes_per_entry bytes each."),
        Mistake("counts and sizes summed separately",
                lambda a, b, c, d, n, e: ((a + c) * (b + d), 2 ** n * e),
                hint="Each kind of part costs its own size: n_detectors·bytes_per_detector + "
                     "n_assessors·bytes_per_assessor."),
    ],
)

grader = Grader("steering-subsystem", [rescorla_wagner_ex, train_assessor_ex, grid_values_ex, detour_threshold_ex,
                                       description_length_ex])
