"""llm-companies speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The cascade router sweeps every threshold once per λ (cached); the org
chart recomputes its curves only when p, b or r move (cached), so moving n only moves the markers.
Run: .venv/bin/python benchmarks/run.py bench_llm_companies
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import llm_companies as llm  # noqa: E402

LIVE = {"cascade router": llm.router_live, "org chart": llm.org_live, "fallback router": llm.fallback_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("llm-companies", LIVE, moves)


if __name__ == "__main__":
    run()
