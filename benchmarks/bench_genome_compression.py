"""Latency of the genome-compression live widgets: ~200 random slider moves each.

Target: p50 <= 16 ms, p95 <= 50 ms per move (model compute + in-place FigureWidget update).
Run: .venv/bin/python benchmarks/run.py bench_genome_compression
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import genome_compression as gc  # noqa: E402

LIVE = {"genome budget": gc.genome_budget_live, "loop vs bespoke": gc.loop_vs_bespoke_live,
        "lock-and-key wiring": gc.lock_and_key_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("genome-compression", LIVE, moves)


if __name__ == "__main__":
    run()
