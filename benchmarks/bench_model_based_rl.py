"""model-based-rl speed: live widget latency (model + in-place FigureWidget update per control move).

Targets: p50 <= 16 ms, p95 <= 50 ms. The moved-reward widget computes its five Dyna-Q settings when it is
built (cached), so its moves only redraw; the two-step widget simulates 150 agents x 100 trials per move.
Run: .venv/bin/python benchmarks/run.py bench_model_based_rl
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import model_based_rl as mbrl  # noqa: E402

LIVE = {"two-step task": mbrl.two_step_live, "clamp the reward": mbrl.clamp_live,
        "moved reward (Dyna-Q)": mbrl.moved_live}


def run(moves: int = 200) -> dict:
    t0 = time.perf_counter()
    mbrl.moved_live()
    print(f"model-based-rl: building the moved-reward widget (4 Dyna-Q settings x 10 runs, cold cache): "
          f"{(time.perf_counter() - t0) * 1e3:.0f} ms")
    return latency.run_widgets("model-based-rl", LIVE, moves)


if __name__ == "__main__":
    run()
