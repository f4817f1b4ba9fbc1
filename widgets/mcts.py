"""Monte Carlo tree search (UCT and PUCT) over any game with the interface of widgets/tictactoe.py.

Shared by the search chapters (game-tree-search, self-play, move-37, muzero); later chapters plug a
network in as the leaf evaluator. Pure python + numpy; names from the math:

    N(s, a)   visit count of the edge (child) a,        N(s) = sum over a of N(s, a)
    W(s, a)   total value backed up through the edge,   Q(s, a) = W / N, from the point of view of the
              player who chose a (the side to move at s)
    P(s, a)   prior probability of a (PUCT only)

One simulation:
    1. selection   from the root, repeatedly take the child with the largest score
                   UCT:  Q + c * sqrt(ln N(s) / N(s, a))         (unvisited children first, in action order)
                   PUCT: Q + c * P(s, a) * sqrt(N(s)) / (1 + N(s, a))   (unvisited children have Q = 0)
    2. expansion   the selected leaf gets its children (and, for PUCT, their priors from `evaluate`)
    3. evaluation  v = value of the leaf for the side to move there: exact for a finished game, otherwise
                   from `evaluate` (a random rollout, an exact value, or a network)
    4. backup      walk back to the root; each edge adds the value for the player who chose it, so the sign
                   flips at every ply: the edge into the leaf gets -v, its parent's edge +v, and so on.
The move played is the most-visited child of the root.

An evaluator is a function evaluate(game, s, rng) -> (priors, v): priors an array over game.N_ACTIONS (or None
for UCT), v in [-1, 1] for the side to move at s. Provided: rollout_evaluator (random playout),
value_evaluator(value_fn) (an exact value or a value net), and prior_value_evaluator(fn) (a policy-value net).
Self-play (chapter self-play) adds root Dirichlet noise: search(..., noise_epsilon=0.25, noise_alpha=0.5).
"""
from __future__ import annotations

import math

import numpy as np

from widgets import tictactoe


class Node:
    """One position in the search tree. N, W are the statistics of the edge INTO this node, seen by the player
    who made that move (the parent's side to move). P is that edge's prior."""

    __slots__ = ("state", "move", "parent", "P", "N", "W", "children")

    def __init__(self, state, move=None, parent=None, P=1.0):
        self.state, self.move, self.parent, self.P = state, move, parent, P
        self.N, self.W = 0, 0.0
        self.children = None  # None: not expanded yet; [] for a finished game

    @property
    def Q(self):
        """Mean backed-up value of the edge into this node, for the player who chose it (0 before any visit)."""
        return self.W / self.N if self.N else 0.0


# ---------------------------------------------------------------- selection scores


def uct_score(Q, n, N, c):
    """UCT (Kocsis & Szepesvari 2006, UCB1 on trees): Q + c sqrt(ln N / n); +inf for an unvisited child."""
    if n == 0:
        return math.inf
    return Q + c * math.sqrt(math.log(N) / n)


def puct_score(Q, P, n, N, c):
    """PUCT as in AlphaGo Zero: Q + c P sqrt(N) / (1 + n)."""
    return Q + c * P * math.sqrt(N) / (1 + n)


def select_child(node, c, rule="uct"):
    """The child with the largest score; ties go to the first in action order."""
    best, best_score = None, -math.inf
    N = node.N
    for child in node.children:
        if rule == "uct":
            score = uct_score(child.Q, child.N, N, c)
        else:
            score = puct_score(child.Q, child.P, child.N, N, c)
        if score > best_score:
            best, best_score = child, score
    return best


# ---------------------------------------------------------------- leaf evaluators


def rollout(game, s, rng):
    """Play uniformly random moves to the end; the result for the side to move at s (+1 win, 0 draw, -1 loss)."""
    sign = 1
    while not game.is_terminal(s):
        moves = game.legal_moves(s)
        s = game.play(s, moves[int(rng.integers(len(moves)))])
        sign = -sign
    return sign * game.terminal_value(s)


def rollout_evaluator(game, s, rng):
    """Leaf evaluation by one random rollout (no priors: UCT)."""
    return None, float(rollout(game, s, rng))


def value_evaluator(value_fn):
    """Leaf evaluation by a value function value_fn(s) -> v for the side to move (exact values or a value net)."""
    def evaluate(game, s, rng):
        return None, float(value_fn(s))
    return evaluate


def prior_value_evaluator(fn):
    """Leaf evaluation by a policy-value function fn(s) -> (priors over actions, v) (PUCT with a net)."""
    def evaluate(game, s, rng):
        priors, v = fn(s)
        return np.asarray(priors, dtype=float), float(v)
    return evaluate


def uniform_priors(game, s):
    """Equal prior on every legal move."""
    p = np.zeros(game.N_ACTIONS)
    moves = game.legal_moves(s)
    p[list(moves)] = 1.0 / len(moves)
    return p


# ---------------------------------------------------------------- the search


def expand(node, game, priors=None):
    """Create the children of node (one per legal move), with their priors (uniform if none given)."""
    moves = game.legal_moves(node.state)
    if priors is None:
        P = [1.0 / len(moves)] * len(moves) if moves else []
    else:
        total = sum(float(priors[a]) for a in moves)
        P = [float(priors[a]) / total if total > 0 else 1.0 / len(moves) for a in moves]
    node.children = [Node(game.play(node.state, a), a, node, p) for a, p in zip(moves, P)]


def backup(path, v):
    """Back up v (the value of the last node of path for ITS side to move) to every edge on the path.

    The edge into the last node was chosen by the opponent of that side: it gets -v; the sign flips at every ply.
    The root (path[0]) counts visits only.
    """
    for node in reversed(path):
        v = -v
        node.N += 1
        node.W += v


def simulate(root, game, c, rule, evaluate, rng):
    """One simulation: selection, expansion, evaluation, backup. Returns the path from the root to the leaf."""
    node, path = root, [root]
    while node.children:  # selection (stops at an unexpanded node or a finished game)
        node = select_child(node, c, rule)
        path.append(node)
    if game.is_terminal(node.state):
        node.children = []
        v = float(game.terminal_value(node.state))
    else:
        priors, v = evaluate(game, node.state, rng)
        expand(node, game, priors)
    backup(path, v)
    return path


def add_root_noise(root, epsilon, alpha, rng):
    """AlphaZero's exploration noise: the root priors become (1 - epsilon) P + epsilon eta, eta ~ Dir(alpha)
    over the root's children (the legal moves). Only the root gets noise; the tree below keeps P."""
    eta = rng.dirichlet([float(alpha)] * len(root.children))
    for child, e in zip(root.children, eta):
        child.P = (1.0 - epsilon) * child.P + epsilon * float(e)
    return eta


def search(state, n_simulations=400, c=1.4, rule="uct", evaluate=rollout_evaluator, seed=0, game=tictactoe,
           record=False, noise_epsilon=0.0, noise_alpha=0.3, rng=None):
    """Run n_simulations of MCTS from state; returns the root Node (its children hold N, W, Q, P per move).

    c: exploration constant; rule: "uct" or "puct"; evaluate: a leaf evaluator (see the module docstring);
    seed: for the random rollouts. With record=True returns (root, history) where history[k] = (N, Q) arrays
    over game.N_ACTIONS after k+1 simulations (the step-through widget).
    noise_epsilon, noise_alpha: root Dirichlet noise (add_root_noise; PUCT only; the default 0 adds none and
    draws nothing from the generator). rng: a numpy Generator to use instead of default_rng(seed).
    """
    rng = np.random.default_rng(seed) if rng is None else rng
    root = Node(state)
    if game.is_terminal(state):
        return (root, []) if record else root
    priors, _ = evaluate(game, state, rng) if rule == "puct" else (None, 0.0)
    expand(root, game, priors)
    if noise_epsilon > 0 and root.children:
        add_root_noise(root, noise_epsilon, noise_alpha, rng)
    root.N = 0
    history = []
    for _ in range(int(n_simulations)):
        simulate(root, game, c, rule, evaluate, rng)
        if record:
            history.append(root_stats(root, game))
    return (root, history) if record else root


def root_stats(root, game=tictactoe):
    """(N, Q) over all game.N_ACTIONS actions: visits and mean value of each root move (0 where illegal)."""
    N, Q = np.zeros(game.N_ACTIONS), np.zeros(game.N_ACTIONS)
    for ch in root.children or ():
        N[ch.move], Q[ch.move] = ch.N, ch.Q
    return N, Q


def best_move(root):
    """The most-visited root move (ties: the larger Q, then the first in action order)."""
    best = None
    for ch in root.children:
        if best is None or (ch.N, ch.Q) > (best.N, best.Q):
            best = ch
    return best.move


def choose_move(state, n_simulations=400, c=1.4, rule="uct", evaluate=rollout_evaluator, seed=0, game=tictactoe):
    """The move MCTS plays from state: the most-visited root child after n_simulations."""
    return best_move(search(state, n_simulations, c, rule, evaluate, seed, game))


def policy(root, game=tictactoe, temperature=1.0):
    """The search policy pi(a) proportional to N(s, a)^(1/temperature) (AlphaZero's training target)."""
    N, _ = root_stats(root, game)
    if temperature == 0:
        pi = (N == N.max()).astype(float)
    else:
        pi = N ** (1.0 / temperature)
    return pi / pi.sum()
