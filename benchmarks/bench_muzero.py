"""muzero speed: live widget latency and one grading of every exercise.

Targets: widget update p50 <= 16 ms, p95 <= 50 ms per control move (model + in-place FigureWidget update).
Run: .venv/bin/python benchmarks/run.py bench_muzero
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from course.grading import grade  # noqa: E402
from exercises.muzero import grader  # noqa: E402
from widgets import muzero as mz  # noqa: E402

LIVE = {"learned-model planner": mz.planner_live, "what must the model predict": mz.predict_live,
        "pUCT explorer": mz.puct_live}


def run(moves: int = 200) -> dict:
    results = latency.run_widgets("muzero", LIVE, moves)
    times = {}
    for ex in grader.exercises.values():
        t0 = time.perf_counter()
        verdict = grade(ex, ex.reference)
        times[ex.id] = time.perf_counter() - t0
        assert verdict.passed, ex.id
    print("muzero: grading each exercise (reference):", ", ".join(f"{k} {v * 1e3:.0f} ms" for k, v in times.items()))
    results["muzero_grading_s"] = times
    return results


if __name__ == "__main__":
    run()
