"""Latency of the scaling-laws live widgets: ~200 random control moves each.

Target: p50 <= 16 ms, p95 <= 50 ms per move (model compute + in-place FigureWidget update).
Run: .venv/bin/python benchmarks/run.py bench_scaling_laws
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import scaling_laws as sl  # noqa: E402

LIVE = {"scaling explorer": sl.scaling_explorer_live, "compute over time": sl.compute_over_time_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("scaling-laws", LIVE, moves)


if __name__ == "__main__":
    run()
