"""Latency of the amortized-inference live widgets: ~200 random control moves each.

Target: p50 <= 16 ms, p95 <= 50 ms per move (model compute + in-place FigureWidget update).
Building the perception widget trains the amortized models and tabulates the error curves once
(memoised), so moves only run one query. Run: .venv/bin/python benchmarks/run.py bench_amortized_inference
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import amortized_inference as ai  # noqa: E402

LIVE = {"perception as inference": ai.perception_live, "amortization economics": ai.economics_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("amortized-inference", LIVE, moves)


if __name__ == "__main__":
    run()
