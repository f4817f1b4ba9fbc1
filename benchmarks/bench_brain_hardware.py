"""brain-hardware speed: live widget latency (model + in-place FigureWidget update per control move).

Targets: p50 <= 16 ms, p95 <= 50 ms. Run: .venv/bin/python benchmarks/run.py bench_brain_hardware
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import brain_hardware as bh  # noqa: E402

LIVE = {"power calculator": bh.power_calculator_live, "noise as a resource": bh.noise_live,
        "timing learner": bh.timing_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("brain-hardware", LIVE, moves)


if __name__ == "__main__":
    run()
