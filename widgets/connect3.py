"""Connect-3 on a 4x4 gravity board: a second game with the interface of widgets/tictactoe.py.

A position is a tuple of 16 ints, cell 4*r + c for row r (0 = bottom) and column c:

    12 13 14 15      top row
     8  9 10 11
     4  5  6  7
     0  1  2  3      bottom row       +1 = X (moves first), -1 = O, 0 = empty

An action is a column 0..3: the mark drops to the lowest empty cell of that column. Three in a row
(horizontal, vertical or diagonal) wins; a full board without a line is a draw. The same MCTS
(widgets/mcts.py) and the same AlphaZero-lite (widgets/self_play.py) run on it unchanged: every
game constant lives here.

The game interface (as in widgets/tictactoe.py):
    N_ACTIONS, initial(), to_move(s), legal_moves(s), play(s, a), winner(s), is_terminal(s), terminal_value(s)
Extras: parse(text), render(s), LINES.
"""
from __future__ import annotations

from widgets.tictactoe import EMPTY, O, X, line_winner, to_move  # noqa: F401  (to_move: same rule, part of the interface)

N_ACTIONS = 4
ROWS = COLS = 4


def _lines():
    out = []
    for r in range(ROWS):
        for c in range(COLS):
            for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
                cells = [(r + k * dr, c + k * dc) for k in range(3)]
                if all(0 <= rr < ROWS and 0 <= cc < COLS for rr, cc in cells):
                    out.append(tuple(4 * rr + cc for rr, cc in cells))
    return tuple(out)


LINES = _lines()  # the 24 lines of three cells


def initial():
    """The empty board."""
    return (EMPTY,) * 16


def winner(s):
    """+1 if X has three in a row, -1 if O has, 0 if neither."""
    return line_winner(s, LINES)


def is_terminal(s):
    """Someone has three in a row, or the board is full."""
    return winner(s) != 0 or EMPTY not in s


def terminal_value(s):
    """Result of a finished game for the side to move: -1 if the opponent just completed a line, 0 for a draw."""
    return -1 if winner(s) != 0 else 0


def legal_moves(s):
    """The columns with room left (top cell empty), in index order; none once the game is over."""
    if winner(s) != 0:
        return ()
    return tuple(c for c in range(COLS) if s[12 + c] == EMPTY)


def play(s, a):
    """The position after the side to move drops a mark into column a."""
    for r in range(ROWS):
        i = 4 * r + a
        if s[i] == EMPTY:
            return s[:i] + (to_move(s),) + s[i + 1:]
    raise AssertionError(f"column {a} is full")


def parse(text):
    """A position from 16 characters X, O and . given TOP row first, rows separated by | (as printed)."""
    rows = [r for r in text.upper().replace(" ", "").split("|")]
    assert len(rows) == 4 and all(len(r) == 4 for r in rows), f"need 4 rows of 4: {text!r}"
    cells = [ch for r in reversed(rows) for ch in r]
    return tuple({"X": X, "O": O}.get(ch, EMPTY) for ch in cells)


def render(s, sep="\n"):
    """The board as four rows of X, O and ., top row first (joined by sep)."""
    return sep.join("".join(".XO"[v] for v in s[4 * r:4 * r + 4]) for r in reversed(range(ROWS)))
