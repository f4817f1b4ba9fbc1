"""move-37 speed: live widget latency, and the cost of the chapter's computations.

Targets: widget update p50 <= 16 ms, p95 <= 50 ms per control move (model + in-place FigureWidget update).
Also prints the time of first_visit (bisection, answers up to ~10^7), and of the 200-seed Thompson averages the
chapter prints (3 priors x 200 seeds x 500 steps).
Run: .venv/bin/python benchmarks/run.py bench_move_37
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import move_37 as m37  # noqa: E402

LIVE = {"temperature": m37.temperature_live, "generate and verify": m37.generate_verify_live,
        "finding move 37": m37.move37_live, "gazelle bandit": m37.bandit_live}


def run(moves: int = 200) -> dict:
    results = latency.run_widgets("move-37", LIVE, moves)
    t0 = time.perf_counter()
    for _ in range(100):
        m37.first_visit(1e-4, 0.55, 1.25)
    t_fv = (time.perf_counter() - t0) / 100
    t0 = time.perf_counter()
    means = [sum(m37.thompson_regret(m37.GAZELLE_P, a, b, 500, s) for s in range(200)) / 200
             for a, b in m37.GAZELLE_PRIORS.values()]
    t_ts = time.perf_counter() - t0
    print(f"move-37: first_visit(1e-4, 0.55) in {t_fv * 1e6:.0f} µs; Thompson, 3 priors x 200 seeds x 500 steps in "
          f"{t_ts:.2f} s (means {', '.join(f'{v:.2f}' for v in means)})")
    results["model"] = {"first_visit_s": t_fv, "thompson_s": t_ts}
    return results


if __name__ == "__main__":
    run()
