"""rl-for-llms speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The tilt and pass@k are closed forms; the corridor runs value iteration and
seeded Q-learning (5 runs x 40 episodes, cached per setting). Run: .venv/bin/python benchmarks/run.py bench_rl_for_llms
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import rl_for_llms as rl  # noqa: E402

LIVE = {"KL tilt": rl.tilt_live, "reward-hacking corridor": rl.corridor_live, "pass@k": rl.pass_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("rl-for-llms", LIVE, moves)


if __name__ == "__main__":
    run()
