"""Tic-tac-toe: the game engine shared by the search chapters (game-tree-search, self-play, move-37, muzero).

A position is a tuple of 9 ints, cells 0..8 row by row:

     0 | 1 | 2
    ---+---+---
     3 | 4 | 5          +1 = X,  -1 = O,  0 = empty.   X moves first.
    ---+---+---
     6 | 7 | 8

Tuples are immutable and hashable, so a position can key a dict (a transposition table) as it is;
`key(s)` packs it into one base-3 int when something smaller is wanted.

The game interface (another game, e.g. Connect-4, provides the same names and widgets/mcts.py
works on it unchanged):
    N_ACTIONS                  number of action indices (9)
    initial()                  the start position
    to_move(s)                 +1 if X is to move, -1 if O
    legal_moves(s)             tuple of the playable actions (empty cells, in index order); () once the game is over
    play(s, a)                 the position after the side to move plays action a (s is not changed)
    winner(s)                  +1 / -1 if X / O has three in a row, else 0
    is_terminal(s)             a win or a full board
    terminal_value(s)          the result from the point of view of the side to move: -1 (the opponent
                               just won), 0 (draw); only for terminal positions
Tic-tac-toe extras: symmetries(s), canonical(s), key(s), from_key(k), parse(text), render(s).
"""
from __future__ import annotations

import numpy as np

N_ACTIONS = 9
X, O, EMPTY = 1, -1, 0
LINES = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6))


def _perm(f):
    """The cell permutation of a map (row, col) -> (row, col) of the 3x3 grid: image[i] = s[perm[i]]."""
    return tuple(3 * r2 + c2 for r2, c2 in (f(i // 3, i % 3) for i in range(9)))


# The 8 symmetries of the square (the dihedral group D4): 4 rotations, then each followed by a mirror.
SYMMETRIES = tuple(_perm(f) for f in (
    lambda r, c: (r, c), lambda r, c: (2 - c, r), lambda r, c: (2 - r, 2 - c), lambda r, c: (c, 2 - r),
    lambda r, c: (r, 2 - c), lambda r, c: (2 - c, 2 - r), lambda r, c: (2 - r, c), lambda r, c: (c, r)))


def initial():
    """The empty board."""
    return (EMPTY,) * 9


def to_move(s):
    """+1 (X) if both sides have played equally often, else -1 (O)."""
    return X if sum(s) == 0 else O


def line_winner(s, lines):
    """+1 / -1 if X / O fills one of `lines` (triples of cell indices), else 0: the rule of every
    three-in-a-row game here (tic-tac-toe, widgets/connect3.py), each with its own lines. (The hot path
    of full-tree search: unpacked triples, as fast as the inlined loop.)"""
    for a, b, c in lines:
        if s[a] != EMPTY and s[a] == s[b] == s[c]:
            return s[a]
    return 0


def winner(s):
    """+1 if X has three in a row, -1 if O has, 0 if neither (a legal position never has both)."""
    return line_winner(s, LINES)


def is_terminal(s):
    """The game is over: someone has three in a row, or the board is full."""
    return winner(s) != 0 or EMPTY not in s


def terminal_value(s):
    """Result of a finished game for the side to move: -1 if the opponent just completed a line, 0 for a draw."""
    return -1 if winner(s) != 0 else 0


def legal_moves(s):
    """The empty cells in index order; none once the game is over."""
    if winner(s) != 0:
        return ()
    return tuple(i for i, v in enumerate(s) if v == EMPTY)


def play(s, a):
    """The position after the side to move marks cell a."""
    assert s[a] == EMPTY, f"cell {a} is not empty"
    return s[:a] + (to_move(s),) + s[a + 1:]


def symmetries(s):
    """The 8 images of s under rotations and reflections of the board (with repeats for symmetric s)."""
    return [tuple(s[i] for i in p) for p in SYMMETRIES]


def canonical(s):
    """One representative per symmetry class: the smallest of the 8 images (tuple order)."""
    return min(symmetries(s))


def key(s):
    """A compact int for s: the base-3 number with digit i = s[i] mod 3 (empty 0, X 1, O 2)."""
    k = 0
    for v in reversed(s):
        k = 3 * k + v % 3
    return k


def from_key(k):
    """Inverse of key."""
    out = []
    for _ in range(9):
        k, d = divmod(int(k), 3)
        out.append((0, 1, -1)[d])
    return tuple(out)


def parse(text):
    """A position from 9 characters X, O and . (spaces, | and newlines ignored): parse("X.O|.X.|..O")."""
    chars = [ch for ch in text.upper() if ch in "XO.-_"]
    assert len(chars) == 9, f"need 9 cells, got {len(chars)}: {text!r}"
    return tuple({"X": X, "O": O}.get(ch, EMPTY) for ch in chars)


def render(s, sep="\n"):
    """The board as three rows of X, O and . (joined by sep)."""
    rows = ["".join(".XO"[v] for v in s[r:r + 3]) for r in (0, 3, 6)]
    return sep.join(rows)


def as_array(s):
    """The position as a 3x3 numpy array of +1 / -1 / 0 (for plotting and for nets)."""
    return np.array(s, dtype=int).reshape(3, 3)
