"""Graded exercises of chapter `self-play`: grader.check("<id>") in the notebook.

Every reference is a model function of widgets/self_play.py (the code that trains AlphaZero-lite and draws the
figures), on the shared engines widgets/tictactoe.py and widgets/connect3.py. Every Mistake is a real wrong
answer written as code, with the hint that fixes it. All checks run in well under a second.
"""
from __future__ import annotations

import importlib

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import connect3 as c3
from widgets import self_play as model
from widgets import tictactoe as ttt

# ------------------------------------------------------------------ 1. agz_loss


def _loss_wrong(kind):
    def agz_loss(z, v, pi, p, c, theta_sq):
        pi, p = np.asarray(pi, dtype=float), np.asarray(p, dtype=float)
        m = pi > 0
        log = np.log10 if kind == "log10" else np.log
        ce = -np.sum(pi[m] * log(p[m]))
        value = abs(z - v) if kind == "abs" else (z - v) ** 2
        if kind == "plus":
            ce = -ce
        reg = 0.0 if kind == "no_reg" else c * theta_sq
        if kind == "sqrt_reg":
            reg = c * np.sqrt(theta_sq)
        return float(value + ce + reg)
    return agz_loss


def _dist(rng, n, zeros=0):
    x = rng.dirichlet(np.ones(n))
    if zeros:
        x[rng.choice(n, zeros, replace=False)] = 0.0
        x = x / x.sum()
    return np.round(x / x.sum(), 6) if not zeros else x


def _loss_example(rng):
    return [(1, 0.6, np.array([0.7, 0.2, 0.1]), np.array([0.5, 0.3, 0.2]), 1e-4, 10.0)]


def _loss_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(2, 10))
        cases.append((int(rng.choice([-1, 0, 1])), float(np.round(rng.uniform(-0.95, 0.95), 3)),
                      rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n)) * 0.98 + 0.02 / n,
                      float(rng.choice([1e-4, 1e-3, 0.05])), float(np.round(rng.uniform(0.5, 40), 2))))
    return cases


def _loss_boundary(rng):
    """A one-hot target, a draw (z = 0), c = 0, and masked illegal moves (pi = p = 0 there)."""
    return [(-1, 0.3, np.array([0.0, 1.0, 0.0]), np.array([0.25, 0.5, 0.25]), 0.0, 3.0),
            (0, -0.4, np.array([0.5, 0.5]), np.array([0.9, 0.1]), 1e-3, 2.0),
            (1, 1.0, np.array([0.6, 0.0, 0.4, 0.0]), np.array([0.5, 0.0, 0.5, 0.0]), 0.01, 4.0)]


agz_loss_ex = Exercise(
    id="agz_loss", function="agz_loss", reference=model.agz_loss, title="AlphaGo Zero's loss",
    checks=[
        Check("the shown example", _loss_example,
              hint="(z − v)² − Σ_a π_a ln p_a + c·‖θ‖²: squared value error, cross-entropy with the natural "
                   "log, and the L2 term."),
        Check("random targets, predictions and weights", _loss_random, hidden=True),
        Check("a one-hot target, a draw, c = 0, masked illegal moves (π = p = 0 there)", _loss_boundary,
              hidden=True,
              hint="A move with π_a = 0 adds nothing to the cross-entropy, even where p_a = 0 (an illegal move): "
                   "sum only over the moves with π_a > 0, so 0·ln 0 never becomes nan."),
    ],
    mistakes=[
        Mistake("log base 10", _loss_wrong("log10"),
                hint="Use the natural log (np.log), not np.log10: the cross-entropy is −Σ π_a ln p_a."),
        Mistake("plus sign on πᵀ log p", _loss_wrong("plus"),
                hint="The policy term is −πᵀ log p: log p is negative, so the minus sign makes the loss "
                     "larger when p misses the target."),
        Mistake("no regularisation term", _loss_wrong("no_reg"), hint="Add c·‖θ‖² (c times theta_sq)."),
        Mistake("absolute value error", _loss_wrong("abs"), hint="The value error is squared: (z − v)²."),
        Mistake("c·‖θ‖ instead of c·‖θ‖²", _loss_wrong("sqrt_reg"),
                hint="theta_sq is already ‖θ‖²: add c * theta_sq, no square root."),
    ],
)

# ------------------------------------------------------------------ 2. visits_to_policy


def _vtp_wrong(kind):
    def visits_to_policy(N, tau):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return _vtp(np.asarray(N, dtype=float), tau)

    def _vtp(N, tau):
        if kind == "divide":
            pi = N / tau
        elif kind == "power_tau":
            pi = N ** tau
        elif kind == "softmax":
            e = np.exp((N - N.max()) / tau)
            pi = e
        elif tau == 0:
            top = N == N.max()
            if kind == "ties_uniform":
                pi = top.astype(float)
            else:  # last maximum
                pi = np.zeros_like(N)
                pi[len(N) - 1 - int(np.argmax(N[::-1]))] = 1.0
        else:
            pi = N ** (1.0 / tau)
        return pi / pi.sum()
    return visits_to_policy


def _vtp_example(rng):
    N = np.array([10, 30, 60])
    return [(N, 1.0), (N, 0.5), (N, 2.0), (N, 0)]


def _vtp_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(2, 10))
        N = rng.integers(0, 60, n)
        N[int(rng.integers(n))] += 1
        cases.append((N, float(np.round(rng.uniform(0.2, 3.0), 2))))
    return cases


def _vtp_ties(rng):
    """τ = 0 with ties (the first maximum wins), including a tie at the first and the last cell, a single move,
    and a small τ (0.1)."""
    return [(np.array([5, 9, 9, 2]), 0), (np.array([7, 1, 7]), 0), (np.array([0, 3, 0, 3, 3]), 0.0),
            (np.array([12]), 0), (np.array([12]), 0.7), (np.array([4, 5, 6, 0]), 0.1)]


visits_to_policy_ex = Exercise(
    id="visits_to_policy", function="visits_to_policy", reference=model.visits_to_policy,
    title="visits → move distribution",
    checks=[
        Check("the shown examples: τ = 1, 0.5, 2 and 0", _vtp_example,
              hint="π_a = N_a^(1/τ) / Σ_b N_b^(1/τ) for τ > 0; for τ = 0 a one-hot vector on the most-visited move."),
        Check("random visit counts and temperatures", _vtp_random, hidden=True),
        Check("τ = 0 with tied maxima, one move, a small τ", _vtp_ties, hidden=True,
              hint="τ = 0 means: all probability on ONE move, the first of the most-visited ones (np.argmax)."),
    ],
    mistakes=[
        Mistake("N / τ instead of N^(1/τ)", _vtp_wrong("divide"),
                hint="Temperature is an exponent, not a divisor: N/τ normalises back to N/ΣN for every τ. Use "
                     "N ** (1 / tau), and never divide by τ = 0: handle τ = 0 first."),
        Mistake("N^τ instead of N^(1/τ)", _vtp_wrong("power_tau"),
                hint="The exponent is 1/τ: a small τ must sharpen the distribution (τ = 0.5 squares the counts)."),
        Mistake("softmax of N / τ", _vtp_wrong("softmax"),
                hint="AlphaGo Zero raises the counts to the power 1/τ; it does not exponentiate them (no softmax)."),
        Mistake("τ = 0 splits the mass over tied moves", _vtp_wrong("ties_uniform"),
                hint="At τ = 0 pick ONE move: the first of the tied most-visited moves (np.argmax), not all of them."),
        Mistake("τ = 0 picks the last maximum", _vtp_wrong("last_max"),
                hint="Ties go to the FIRST most-visited move (np.argmax returns the first)."),
    ],
)

# ------------------------------------------------------------------ 3. expected_mixed_prior


def _mix_wrong(kind):
    def expected_mixed_prior(P, epsilon):
        P = np.asarray(P, dtype=float)
        if kind == "swapped":
            return epsilon * P + (1 - epsilon) / len(P)
        if kind == "no_keep":
            return P + epsilon / len(P)
        if kind == "support":  # uniform over the moves with P > 0 only
            k = np.count_nonzero(P)
            return (1 - epsilon) * P + epsilon * (P > 0) / k
        return (1 - epsilon) * P
    return expected_mixed_prior


def _mix_example(rng):
    return [(np.array([0.7, 0.2, 0.1, 0.0]), 0.25)]


def _mix_random(rng):
    out = []
    for _ in range(6):
        n = int(rng.integers(2, 10))
        P = rng.dirichlet(np.ones(n))
        P[int(rng.integers(n))] = 0.0
        out.append((P / P.sum(), float(np.round(rng.uniform(0.05, 0.6), 2))))
    return out


def _mix_boundary(rng):
    """ε = 0 (no noise), ε = 1 (all noise), ε = 0.5, one move."""
    P = np.array([0.1, 0.0, 0.6, 0.3, 0.0])
    return [(P, 0.0), (P, 1.0), (P, 0.5), (np.array([1.0]), 0.3)]


expected_mixed_prior_ex = Exercise(
    id="expected_mixed_prior", function="expected_mixed_prior", reference=model.expected_mixed_prior,
    title="the expected noisy prior",
    checks=[
        Check("the shown example: P = [0.7, 0.2, 0.1, 0], ε = 0.25", _mix_example,
              hint="E[(1 − ε)P + εη] = (1 − ε)P + ε·E[η], and E[η] for a symmetric Dirichlet over K moves is 1/K each."),
        Check("random priors with a zero entry, random ε", _mix_random, hidden=True),
        Check("ε = 0, ε = 1, ε = 0.5, a single move", _mix_boundary, hidden=True),
    ],
    mistakes=[
        Mistake("weights swapped", _mix_wrong("swapped"),
                hint="ε is the share of the NOISE: keep (1 − ε) of the prior and add ε times the mean noise."),
        Mistake("the prior not scaled by (1 − ε)", _mix_wrong("no_keep"),
                hint="Scale the prior by (1 − ε), otherwise the result sums to 1 + ε."),
        Mistake("noise only on moves with P > 0", _mix_wrong("support"),
                hint="The noise covers every legal move, also those with P = 0 (that is its point: exploration): "
                     "E[η] is 1/K for each of the K = len(P) moves."),
        Mistake("E[η] taken as 0", _mix_wrong("zero_noise"),
                hint="The noise is a distribution (it sums to 1): its mean is uniform, 1/K per move, not 0."),
    ],
)

# ------------------------------------------------------------------ 4. value_targets


def _vt_wrong(kind):
    def value_targets(moves):
        s, movers = ttt.initial(), []
        for a in moves:
            movers.append(ttt.to_move(s))
            s = ttt.play(s, a)
        w = ttt.winner(s)
        if kind == "last_mover":
            return np.array([float(-w * m) for m in movers])
        if kind == "x_view":
            return np.array([float(w) for _ in movers])
        return np.array([float(ttt.terminal_value(s)) for _ in movers])
    return value_targets


SHIPPED_GAMES = (
    (4, 0, 8, 2, 1, 7, 6, 3, 5),   # a draw
    (0, 3, 1, 4, 2),               # X wins along the top row
    (4, 0, 8, 2, 1, 6, 5, 3),      # O wins down the left column
    (0, 1, 2, 3, 7, 5, 4, 6, 8),   # X's ninth mark fills the board and completes a line
)


def _vt_example(rng):
    return [(list(SHIPPED_GAMES[0]),), (list(SHIPPED_GAMES[1]),), (list(SHIPPED_GAMES[2]),)]


def _random_game(rng):
    s, moves = ttt.initial(), []
    while not ttt.is_terminal(s):
        a = ttt.legal_moves(s)[int(rng.integers(len(ttt.legal_moves(s))))]
        moves.append(a)
        s = ttt.play(s, a)
    return moves


def _vt_random(rng):
    return [(_random_game(rng),) for _ in range(8)]


value_targets_ex = Exercise(
    id="value_targets", function="value_targets", reference=model.value_targets,
    title="value targets from the mover's view",
    checks=[
        Check("the shown games: a draw, an X win, an O win", _vt_example,
              hint="z_t = +1 if the player TO MOVE at position t went on to win, −1 if they lost, 0 in a draw."),
        Check("random finished games", _vt_random, hidden=True),
        Check("a win on the ninth move (the board is full AND has a line)", lambda rng: [(list(SHIPPED_GAMES[3]),)],
              hidden=True, hint="Look for a line before calling a full board a draw (ttt.winner)."),
    ],
    mistakes=[
        Mistake("the view of the player who moved last", _vt_wrong("last_mover"),
                hint="Whose turn it WAS at s_t, not who moved into s_t: the target belongs to the side to move."),
        Mistake("X's view everywhere", _vt_wrong("x_view"),
                hint="Alternate the sign: z_t is the result for the side to move at s_t (X at even t, O at odd t)."),
        Mistake("the final position's value everywhere", _vt_wrong("final"),
                hint="ttt.terminal_value(final) is for the side to move at the END (the loser): flip it for the "
                     "winner's positions."),
    ],
)

# ------------------------------------------------------------------ 5. solve (one engine, two games)


def _solve_wrong(kind):
    from functools import lru_cache

    @lru_cache(maxsize=None)
    def run(game, s):
        if game.is_terminal(s):
            if kind == "winner_sign":
                return 1 if game.winner(s) else 0
            return game.terminal_value(s)
        kids = [run(game, game.play(s, a)) for a in game.legal_moves(s)]
        if kind == "no_flip":
            return max(kids)
        if kind == "x_view":
            return max(kids) if game.to_move(s) == 1 else min(kids)
        return max(-v for v in kids)

    def solve(game, s):
        if kind == "ttt_only":
            return model.solve(TTT, s)
        if kind == "x_view":
            return _solve_x(game, s)
        return run(game, s)
    return solve


def _solve_x(game, s):
    from functools import lru_cache

    @lru_cache(maxsize=None)
    def mm(t):
        if game.is_terminal(t):
            return game.winner(t)
        kids = [mm(game.play(t, a)) for a in game.legal_moves(t)]
        return max(kids) if game.to_move(t) == 1 else min(kids)
    return mm(s)


class _Game:
    """A game module passed to the learner's function, by name (the grader copies arguments; modules cannot be)."""

    def __init__(self, name):
        self.name = name

    def __getattr__(self, attr):
        if attr.startswith("__") or attr == "name":
            raise AttributeError(attr)
        return getattr(importlib.import_module(f"widgets.{self.name}"), attr)

    def __reduce__(self):
        return (_Game, (self.name,))

    def __eq__(self, other):
        return isinstance(other, _Game) and other.name == self.name

    def __hash__(self):
        return hash(("game", self.name))

    def __repr__(self):
        return {"tictactoe": "ttt", "connect3": "c3"}[self.name]


TTT, C3 = _Game("tictactoe"), _Game("connect3")


def _random_pos(rng, game, lo, hi):
    while True:
        s = game.initial()
        for _ in range(int(rng.integers(lo, hi + 1))):
            moves = game.legal_moves(s)
            if not moves:
                break
            s = game.play(s, moves[int(rng.integers(len(moves)))])
        if not game.is_terminal(s):
            return s


C3_EXAMPLE = "....|X...|OO..|XXO."  # X to move (top row first): X wins


def _solve_example(rng):
    return [(TTT, ttt.parse("XX.|.O.|...")), (TTT, ttt.parse("XX.|OO.|X..")), (C3, c3.parse(C3_EXAMPLE))]


def _solve_random(rng):
    return ([(TTT, _random_pos(rng, TTT, 3, 6)) for _ in range(3)] +
            [(C3, _random_pos(rng, C3, 7, 10)) for _ in range(4)])


def _solve_finished(rng):
    return [(TTT, ttt.parse("XXX|OO.|...")), (TTT, ttt.parse("XOX|XOO|OXX")),
            (C3, c3.parse("....|....|O...|XXXO")), (C3, c3.parse("....|O...|OX..|OXX."))]


solve_ex = Exercise(
    id="solve", function="solve", reference=model.solve, title="one solver, two games",
    checks=[
        Check("the shown examples: two tic-tac-toe boards and a Connect-3 board", _solve_example,
              hint="V(s) = max over game.legal_moves(s) of −V(game.play(s, a)); a finished game is worth "
                   "game.terminal_value(s). Use only the functions of `game`."),
        Check("random positions of both games", _solve_random, hidden=True),
        Check("finished boards of both games", _solve_finished, hidden=True,
              hint="A finished board is scored for the side to move there, who did not make the last move: "
                   "game.terminal_value(s)."),
    ],
    mistakes=[
        Mistake("tic-tac-toe's functions instead of the game's", _solve_wrong("ttt_only"),
                hint="Call game.legal_moves, game.play, game.is_terminal, game.terminal_value: the solver must hold "
                     "no game constants (ttt.* only knows the 3×3 board)."),
        Mistake("no sign flip", _solve_wrong("no_flip"),
                hint="The child's value is for the opponent: take the max of −V(child)."),
        Mistake("X's view (minimax), not the side to move", _solve_wrong("x_view"),
                hint="Score for the side to move: +1 means the player about to move wins."),
        Mistake("a line counts as a win for the side to move", _solve_wrong("winner_sign"),
                hint="At a finished board with a line, the side to move has LOST (−1)."),
    ],
)

# ------------------------------------------------------------------ 6. table_update


def _tu_wrong(kind):
    def table_update(p, v, pi, z, lr):
        p, pi = np.asarray(p, dtype=float), np.asarray(pi, dtype=float)
        if kind == "away":
            return p - lr * (pi - p), float(v - lr * (z - v))
        if kind == "replace":
            return pi.copy(), float(z)
        if kind == "weights":
            return lr * p + (1 - lr) * pi, float(lr * v + (1 - lr) * z)
        if kind == "minus_z":
            return p + lr * (pi - p), float(v + lr * (-z - v))
        return p + lr * (pi - p), float(v)  # value never updated
    return table_update


def _tu_example(rng):
    return [(np.array([1 / 3, 1 / 3, 1 / 3]), 0.0, np.array([0.7, 0.2, 0.1]), 1, 0.2)]


def _tu_random(rng):
    out = []
    for _ in range(6):
        n = int(rng.integers(2, 10))
        out.append((rng.dirichlet(np.ones(n)), float(np.round(rng.uniform(-0.9, 0.9), 3)), rng.dirichlet(np.ones(n)),
                    int(rng.choice([-1, 0, 1])), float(np.round(rng.uniform(0.05, 0.7), 3))))
    return out


def _tu_boundary(rng):
    """lr = 0 (nothing moves), lr = 1 (the tables become the targets), a draw z = 0, a loss z = −1."""
    p, pi = np.array([0.5, 0.25, 0.25]), np.array([0.0, 1.0, 0.0])
    return [(p, 0.4, pi, 1, 0.0), (p, 0.4, pi, -1, 1.0), (p, 0.4, pi, 0, 0.3), (p, -0.2, pi, -1, 0.25)]


table_update_ex = Exercise(
    id="table_update", function="table_update", reference=model.table_update, title="one AlphaZero-lite update",
    checks=[
        Check("the shown example", _tu_example,
              hint="p ← p + lr·(π − p) and v ← v + lr·(z − v); return (new p as an array, new v as a float)."),
        Check("random tables, targets and rates", _tu_random, hidden=True),
        Check("lr = 0, lr = 1, a draw, a loss", _tu_boundary, hidden=True),
    ],
    mistakes=[
        Mistake("steps away from the targets", _tu_wrong("away"),
                hint="Move TOWARD the targets: p + lr·(π − p), v + lr·(z − v)."),
        Mistake("replaces the tables by the targets", _tu_wrong("replace"),
                hint="Take a step of size lr, do not jump: one noisy game must not overwrite everything learnt."),
        Mistake("lr on the old value", _tu_wrong("weights"),
                hint="The new value keeps (1 − lr) of the old one: p + lr·(π − p) = (1 − lr)·p + lr·π."),
        Mistake("z from the other side", _tu_wrong("minus_z"),
                hint="z is already the result for the side to move at this position: use it as it is."),
        Mistake("the value is not updated", _tu_wrong("no_value"),
                hint="Update both heads: the value moves toward z too."),
    ],
)

grader = Grader("self-play", [agz_loss_ex, visits_to_policy_ex, expected_mixed_prior_ex, value_targets_ex, solve_ex,
                              table_update_ex])
