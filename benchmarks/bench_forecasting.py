"""forecasting speed: live widget latency (targets p50 <= 16 ms, p95 <= 50 ms per control move), the Student-t
quantile (bisection on the incomplete beta) and the forecast card's model (a line, its band, a seeded bootstrap of
400 lines). Run: .venv/bin/python benchmarks/run.py bench_forecasting
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import forecasting as fc  # noqa: E402

LIVE = {"the forecast card": fc.forecast_card_live, "the calibration game": fc.game_live,
        "kill your idea": fc.kill_live}


def _best_ms(fn, repeats=30) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1e3


def run(moves: int = 200) -> dict:
    results = latency.run_widgets("forecasting", LIVE, moves)
    results["t_quantile_ms"] = _best_ms(lambda: fc.t_quantile(0.975, 12))
    results["card_view_ms"] = _best_ms(lambda: fc.card_view(2023.0, 2025.0, 0.8, 8.0))
    print(f"forecasting: t_quantile {results['t_quantile_ms']:.3f} ms, card_view {results['card_view_ms']:.2f} ms "
          "(best of 30)")
    return results


if __name__ == "__main__":
    run()
