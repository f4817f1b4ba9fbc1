"""omnidirectional-inference speed: live widget latency, and exact enumeration vs Gibbs on the 4x4 pad.

Targets: widget update p50 <= 16 ms, p95 <= 50 ms per control move (model + in-place FigureWidget update).
Also reported: the cost of one exact clamped query over the 65,536 states (with the energy table reused),
and of a 200-sweep x 32-chain Gibbs run. Run: .venv/bin/python benchmarks/run.py bench_omnidirectional_inference
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import gibbs  # noqa: E402
from widgets import omnidirectional_inference as oi  # noqa: E402

LIVE = {"clamp-anything pad": oi.clamp_pad_live, "trained blank vs inference": oi.trained_blank_live,
        "infill cost": oi.infill_cost_live}


def _best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(moves: int = 200, repeat: int = 5) -> dict:
    results = latency.run_widgets("omnidirectional-inference", LIVE, moves)
    W, b = oi.pad_machine()
    table = oi.pad_table(W, b)
    x, clamp = oi._preset_arrays(oi.PAD_PRESETS["top row = 1 1 0 0"])
    t_exact = _best_of(lambda: gibbs.clamped_marginals(W, b, x, clamp, 1.0, table), repeat)
    t_gibbs = _best_of(lambda: gibbs.gibbs_chain(W, b, x, clamp, 200, chains=32), repeat)
    err = np.abs(oi.pad_run(W, b, x, clamp, 1.0, 200, table=table)["running"][-1]
                 - gibbs.clamped_marginals(W, b, x, clamp, 1.0, table)).max()
    print(f"omnidirectional-inference: exact clamped query over 65,536 states {t_exact * 1e3:.2f} ms; "
          f"Gibbs 200 sweeps x 32 chains {t_gibbs * 1e3:.2f} ms (max |error| {err:.3f}) (best of {repeat})")
    results["exact_ms"], results["gibbs_ms"] = t_exact * 1e3, t_gibbs * 1e3
    return results


if __name__ == "__main__":
    run()
