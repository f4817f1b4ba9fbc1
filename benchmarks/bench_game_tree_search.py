"""game-tree-search speed: live widget latency, and the cost of the chapter's searches.

Targets: widget update p50 <= 16 ms, p95 <= 50 ms per control move (model + in-place FigureWidget update).
Also prints the node counts and times of plain negamax, memoised negamax and alpha-beta from the empty
board, and the time of one 400-simulation UCT search (the grader runs several per check).
Run: .venv/bin/python benchmarks/run.py bench_game_tree_search
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import game_tree_search as gts  # noqa: E402
from widgets import tictactoe as ttt  # noqa: E402

LIVE = {"MCTS step-through": gts.mcts_live, "search cost": gts.cost_live, "knife-edge match": gts.knife_live}


def _timed(fn, repeat=1):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def run(moves: int = 200) -> dict:
    results = latency.run_widgets("game-tree-search", LIVE, moves)
    empty = ttt.initial()
    t_plain, v = _timed(lambda: gts.negamax(empty))
    gts.negamax_memo.cache_clear()
    t_memo, _ = _timed(lambda: gts.negamax_memo(empty))
    t_ab, (v_ab, calls) = _timed(lambda: gts.alphabeta(empty), 3)
    nodes, games = gts.tree_size(empty)
    print(f"game-tree-search: empty board, value {v}: plain negamax {nodes:,} nodes ({games:,} games) in "
          f"{t_plain * 1e3:.0f} ms; memoised {gts.count_positions(empty)['positions']:,} positions in "
          f"{t_memo * 1e3:.0f} ms; alpha-beta {calls:,} calls in {t_ab * 1e3:.0f} ms (value {v_ab}), "
          f"{nodes / calls:.0f}x fewer nodes")
    board = gts.tactics()[1][0]
    t_uct, _ = _timed(lambda: gts.uct_move(board, 400, 1.4, 0), 3)
    t_uct_empty, _ = _timed(lambda: gts.uct_move(empty, 400, 1.4, 0), 3)
    print(f"  UCT, 400 simulations with random rollouts: {t_uct * 1e3:.1f} ms (a 4-mark tactic), "
          f"{t_uct_empty * 1e3:.1f} ms (empty board)")
    results["search"] = {"plain_s": t_plain, "memo_s": t_memo, "alphabeta_s": t_ab, "uct_s": t_uct}
    return results


if __name__ == "__main__":
    run()
