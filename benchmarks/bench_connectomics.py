"""connectomics speed: live widget latency (model + in-place FigureWidget update per control move).

Targets: p50 <= 16 ms, p95 <= 50 ms. Run: .venv/bin/python benchmarks/run.py bench_connectomics
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import connectomics as cx  # noqa: E402

LIVE = {"cost-curve explorer": cx.cost_curve_live, "programme planner": cx.programme_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("connectomics", LIVE, moves)


if __name__ == "__main__":
    run()
