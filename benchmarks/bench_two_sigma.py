"""two-sigma speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. Two normals: closed forms on 111 points; progress: BKT over a handful of
answers per skill; lookup: one TF-IDF query against the prebuilt index of the book's sections (built once).
Run: .venv/bin/python benchmarks/run.py bench_two_sigma
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import two_sigma as ts  # noqa: E402

LIVE = {"two normals": ts.normals_live, "your progress": ts.progress_live, "grounded lookup": ts.lookup_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("two-sigma", LIVE, moves)


if __name__ == "__main__":
    run()
