"""brain-data speed: live widget latency (in-place FigureWidget update per control move).

Targets: p50 <= 16 ms, p95 <= 50 ms. The classifier trains 105 small models (7 λ × 5 label budgets × 3 seeds)
the first time a neural-noise level is chosen and caches them; other moves only index into the grid, so a few
moves per run are slow by design (they show in max, not in p95).
Run: .venv/bin/python benchmarks/run.py bench_brain_data
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import brain_data as bd  # noqa: E402

LIVE = {"brain-augmented classifier": bd.classifier_live, "bits per label": bd.bits_live,
        "which layer looks like the brain?": bd.layer_live}


def run(moves: int = 200) -> dict:
    t0 = time.perf_counter()
    bd.classifier_grid.cache_clear()
    bd.classifier_grid(0.5)
    print(f"brain-data: one classifier grid (105 trainings) {time.perf_counter() - t0:.2f} s")
    return latency.run_widgets("brain-data", LIVE, moves)


if __name__ == "__main__":
    run()
