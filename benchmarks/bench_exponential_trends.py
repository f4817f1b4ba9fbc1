"""Latency of the exponential-trends live widgets: ~200 random slider moves each.

Target: p50 <= 16 ms, p95 <= 50 ms per move (model compute + in-place FigureWidget update).
Run: .venv/bin/python benchmarks/run.py bench_exponential_trends
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import exponential_trends as et  # noqa: E402

LIVE = {"linear vs log": et.linear_vs_log_live, "where is the knee": et.where_is_the_knee_live,
        "horizon extrapolator": et.horizon_extrapolator_live, "cost curves": et.cost_curves_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("exponential-trends", LIVE, moves)


if __name__ == "__main__":
    run()
