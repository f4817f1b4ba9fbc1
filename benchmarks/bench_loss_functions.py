"""loss-functions speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The curriculum scheduler retrains the two-module net (300 gradient
steps) on every move; the shaping playground runs value iteration and 8 Q-learning runs per new setting
(cached per setting); the fitter only evaluates closed forms. Also times the static twins (book build cost).
Run: .venv/bin/python benchmarks/run.py bench_loss_functions
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import loss_functions as lf  # noqa: E402

LIVE = {"curriculum scheduler": lf.curriculum_live, "shaping playground": lf.shaping_live,
        "learning-curve fitter": lf.fitter_live}


def run(moves: int = 200) -> dict:
    results = latency.run_widgets("loss-functions", LIVE, moves)
    for name, make in (("curriculum", lf.curriculum_static), ("shaping", lf.shaping_static),
                       ("fitter", lf.fitter_static)):
        lf._shaping_experiment.cache_clear()
        t0 = time.perf_counter()
        fig = make()
        dt = time.perf_counter() - t0
        print(f"loss-functions: static {name:<11s} built in {dt * 1e3:6.0f} ms, {len(fig.to_json()) / 1e3:5.0f} kB of JSON")
        results[f"static {name}"] = dt
    return results


if __name__ == "__main__":
    run()
