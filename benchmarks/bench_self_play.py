"""self-play speed: live widget latency, one grading of every exercise, and AlphaZero-lite training.

Targets: widget update p50 <= 16 ms, p95 <= 50 ms per control move (model + in-place FigureWidget update).
Also prints the time of grading each exercise with its reference (the learner's check cell), of 100 self-play
games (training only) and of one evaluation checkpoint (50 games vs random + 20 vs perfect).
Run: .venv/bin/python benchmarks/run.py bench_self_play
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from course.grading import grade  # noqa: E402
from exercises.self_play import grader  # noqa: E402
from widgets import self_play as sp  # noqa: E402

LIVE = {"self-play dashboard": sp.dashboard_live, "temperature and noise": sp.noise_live}


def run(moves: int = 200) -> dict:
    results = latency.run_widgets("self-play", LIVE, moves)
    times = {}
    for ex in grader.exercises.values():
        t0 = time.perf_counter()
        verdict = grade(ex, ex.reference)
        times[ex.id] = time.perf_counter() - t0
        assert verdict.passed, ex.id
    print("self-play: grading each exercise (reference):",
          ", ".join(f"{k} {v * 1e3:.0f} ms" for k, v in times.items()))
    cfg = {k: v for k, v in sp.CALIBRATION.items() if k != "games"}
    P, V = {}, {}
    t0 = time.perf_counter()
    sp.train_games(P, V, 0, 100, cfg["sims"], cfg["c"], cfg["alpha"], cfg["epsilon"], cfg["sampled_moves"],
                   cfg["lr"], cfg["seed"])
    t_train = time.perf_counter() - t0
    t0 = time.perf_counter()
    sp.match(P, V, "random", 50, cfg["sims"], cfg["c"], 0)
    sp.match(P, V, "perfect", 20, cfg["sims"], cfg["c"], 0)
    t_eval = time.perf_counter() - t0
    print(f"  AlphaZero-lite: 100 self-play games {t_train:.2f} s (1,000 games about {10 * t_train:.0f} s); "
          f"one checkpoint (70 evaluation games) {t_eval:.2f} s")
    results["self_play"] = {"grading_s": times, "train_100_s": t_train, "checkpoint_s": t_eval}
    return results


if __name__ == "__main__":
    run()
