"""evals-goodhart speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The heavy parts are precomputed once: E[max of N normals] on the curve's
grid and the Goodhart simulator's seeded draws (module constants), the leaderboard's seeded binomial draws
(cached per public-set size). Run: .venv/bin/python benchmarks/run.py bench_evals_goodhart
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import evals_goodhart as ev  # noqa: E402

LIVE = {"Goodhart simulator": ev.goodhart_live, "leaderboard reuse": ev.leaderboard_live,
        "eval trilemma": ev.trilemma_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("evals-goodhart", LIVE, moves)


if __name__ == "__main__":
    run()
