"""task-horizons speed: live widget latency (targets p50 <= 16 ms, p95 <= 50 ms per control move), and the
Newton fit of the runs sample. Run: .venv/bin/python benchmarks/run.py bench_task_horizons
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import exponential_trends as et  # noqa: E402
from widgets import task_horizons as th  # noqa: E402

LIVE = {"the success curve": th.success_curve_live, "a chain of steps": th.chain_live,
        "the horizon trend": th.trend_live}


def run(moves: int = 200) -> dict:
    results = latency.run_widgets("task-horizons", LIVE, moves)
    r = et.load_metr_runs()
    times = []
    for _ in range(50):
        t0 = time.perf_counter()
        th.fit_logistic(r["minutes"], r["success"])
        times.append(time.perf_counter() - t0)
    best = min(times) * 1e3
    print(f"task-horizons: Newton fit of 173 runs: {best:.2f} ms (best of 50)")
    results["fit_ms"] = best
    return results


if __name__ == "__main__":
    run()
