"""robots speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. Balance runs a 400-step Euler loop per move; the transfer widget reads a
cached curve per shift (11 values); the others are closed forms. Run: .venv/bin/python benchmarks/run.py bench_robots
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import robots as rb  # noqa: E402

LIVE = {"balance": rb.balance_live, "supervisors": rb.supervisors_live, "platforms": rb.platforms_live,
        "transfer": rb.transfer_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("robots", LIVE, moves)


if __name__ == "__main__":
    run()
