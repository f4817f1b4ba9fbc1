"""jobs-abundance speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The models are closed forms; the Gini/Lorenz widget sorts and sums 200
incomes (pairwise differences, 40,000 terms) for three countries' states per move.
Run: .venv/bin/python benchmarks/run.py bench_jobs_abundance
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import jobs_abundance as ja  # noqa: E402

LIVE = {"human vs Claude": ja.ricardo_live, "task continuum": ja.continuum_live,
        "Gini and Lorenz": ja.countries_live, "bottleneck and compounding": ja.bottleneck_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("jobs-abundance", LIVE, moves)


if __name__ == "__main__":
    run()
