"""continual-learning speed: live widget latency (model + in-place FigureWidget update per control move).

Targets: p50 <= 16 ms, p95 <= 50 ms. The forgetting lab reruns 150 gradient steps per move; the fast-weight
memory's curves are cached per (d, β) after the first request; the successor map inverts a 49 × 49 matrix
(cached per γ and wall).
Run: .venv/bin/python benchmarks/run.py bench_continual_learning
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import continual_learning as cl  # noqa: E402

LIVE = {"forgetting lab": cl.forgetting_live, "fast-weight memory": cl.memory_live, "successor map": cl.successor_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("continual-learning", LIVE, moves)


if __name__ == "__main__":
    run()
