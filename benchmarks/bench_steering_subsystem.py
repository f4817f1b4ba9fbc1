"""steering-subsystem speed: live widget latency (model + in-place FigureWidget update per control move).

Targets: p50 <= 16 ms, p95 <= 50 ms. The spider widget reruns the delta rule over up to 1,500 steps per move;
the blocking lab reruns Rescorla–Wagner over up to 120 trials; the drives widget simulates 12 episodes
(cached per setting).
Run: .venv/bin/python benchmarks/run.py bench_steering_subsystem
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import steering_subsystem as ss  # noqa: E402

LIVE = {"spider on your back": ss.spider_live, "blocking lab": ss.blocking_live, "minimal drives": ss.drives_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("steering-subsystem", LIVE, moves)


if __name__ == "__main__":
    run()
