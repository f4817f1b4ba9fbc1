"""synthetic-data speed: live widget latency (model + in-place FigureWidget update per control move).

Targets: p50 <= 16 ms, p95 <= 50 ms per move. Also times the seeded 2,000-run Wright–Fisher simulation
the chapter compares with the closed form. Run: .venv/bin/python benchmarks/run.py bench_synthetic_data
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import synthetic_data as sd  # noqa: E402

LIVE = {"joke machine": sd.joke_live, "ouroboros": sd.ouroboros_live, "mixture": sd.mixture_live}


def run(moves: int = 200) -> dict:
    results = latency.run_widgets("synthetic-data", LIVE, moves)
    t0 = time.perf_counter()
    wf = sd.wright_fisher(np.full(10, 0.1), 20, 30, runs=2000, seed=0)
    dt = time.perf_counter() - t0
    sim = wf["gs"].mean(axis=0)
    theory = sd.wright_fisher_expected(np.full(10, 0.1), 20, 30)
    print(f"synthetic-data: Wright–Fisher K=10, n=20, 2,000 runs x 30 generations: {dt * 1e3:.0f} ms; "
          f"max |simulated − closed form| over t = {np.abs(sim - theory).max():.4f}")
    results["wright_fisher_s"] = dt
    return results


if __name__ == "__main__":
    run()
