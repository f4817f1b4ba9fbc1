"""verified-math speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The search trees are computed once per target and strategy (cached) and a
budget shows a prefix of them; the RLVR paths are cached per (p, η). Run:
.venv/bin/python benchmarks/run.py bench_verified_math
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import verified_math as vm  # noqa: E402

LIVE = {"proof search": vm.proof_search_live, "pass@k and RLVR": vm.rlvr_live, "lemma value meter": vm.lemma_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("verified-math", LIVE, moves)


if __name__ == "__main__":
    run()
