"""interpretability speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The SAE explorer reads precomputed runs; steering is a 500 x 64 matrix
product; the CoT sandbox reruns two 500-step softmax ascents; Swiss cheese evaluates 21 one-dimensional integrals;
the launch gate sums binomial terms over 121 rates and bisects three bounds.
Run: .venv/bin/python benchmarks/run.py bench_interpretability
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import interpretability as interp  # noqa: E402

LIVE = {"SAE explorer": interp.sae_live, "steering": interp.steering_live,
        "CoT pressure": interp.cot_live, "Swiss cheese": interp.swiss_live, "launch gate": interp.gate_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("interpretability", LIVE, moves)


if __name__ == "__main__":
    run()
