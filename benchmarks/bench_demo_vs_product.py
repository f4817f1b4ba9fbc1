"""demo-vs-product speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The models are closed forms on a few hundred points, so the cost is
plotly's in-place update. Run: .venv/bin/python benchmarks/run.py bench_demo_vs_product
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import demo_vs_product as dvp  # noqa: E402

LIVE = {"demo vs product": dvp.demo_live, "the nines ladder": dvp.ladder_live,
        "tutor reliability": dvp.tutor_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("demo-vs-product", LIVE, moves)


if __name__ == "__main__":
    run()
