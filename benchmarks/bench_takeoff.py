"""takeoff speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The takeoff simulator runs ~1,000 RK4 steps in plain Python per move;
inputs vs outputs refits two least-squares lines (cached per window); the Strassen explorer is arithmetic.
Run: .venv/bin/python benchmarks/run.py bench_takeoff
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import takeoff as tk  # noqa: E402

LIVE = {"takeoff simulator": tk.takeoff_live, "inputs vs outputs": tk.inputs_outputs_live,
        "Strassen explorer": tk.strassen_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("takeoff", LIVE, moves)


if __name__ == "__main__":
    run()
