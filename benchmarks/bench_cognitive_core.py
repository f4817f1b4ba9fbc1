"""Latency of the cognitive-core live widgets: ~200 random control moves each.

Target: p50 <= 16 ms, p95 <= 50 ms per move (model compute + in-place FigureWidget update).
Run: .venv/bin/python benchmarks/run.py bench_cognitive_core
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import cognitive_core as cc  # noqa: E402

LIVE = {"distillation temperature": cc.distillation_live, "will it fit?": cc.will_it_fit_live,
        "one-shot memory": cc.one_shot_memory_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("cognitive-core", LIVE, moves)


if __name__ == "__main__":
    run()
