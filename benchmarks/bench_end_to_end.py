"""end-to-end speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The supervision budget is arithmetic; the privileged playground fits its 49
(camera noise, LiDAR fraction) curves when it is built (a refit per move was 14-28 ms p50 on the loaded
machine), so a move is a lookup plus the figure update; the stack slider reads the sixteen trained toy stacks
from a cache filled when the widget is built.
Run: .venv/bin/python benchmarks/run.py bench_end_to_end
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import end_to_end as e2e  # noqa: E402

LIVE = {"supervision budget": e2e.budget_live, "privileged playground": e2e.playground_live,
        "stack slider": e2e.stack_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("end-to-end", LIVE, moves)


if __name__ == "__main__":
    run()
