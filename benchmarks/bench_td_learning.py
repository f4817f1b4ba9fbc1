"""td-learning speed: live widget latency, and Example 6.2 vectorised vs a per-run Python loop.

Targets: widget update p50 <= 16 ms, p95 <= 50 ms per slider move (model + in-place FigureWidget
update); the random-walk experiment (7 step sizes x 100 runs x 101 episodes) >= 10x faster than
a straightforward per-run loop measured in the same run, with the same statistics within
Monte Carlo error. Run: .venv/bin/python benchmarks/run.py bench_td_learning
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import td_learning as td  # noqa: E402

LIVE = {"a dopamine neuron": td.dopamine_live, "random walk": td.random_walk_live,
        "credit assignment (token chain)": td.credit_live}


def _best_of(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def run(moves: int = 200, repeat: int = 3) -> dict:
    results = latency.run_widgets("td-learning", LIVE, moves)

    # Example 6.2: 7 step sizes x 100 runs x (0..100 episodes)
    t_vec, fast = _best_of(lambda: td.random_walk_experiment(n_runs=100, n_episodes=100, seed=0), repeat)
    t_loop, slow = _best_of(lambda: td.random_walk_loop(n_runs=100, n_episodes=100, seed=1), 1)
    ratio = t_loop / t_vec
    a, b = fast["rms"], slow["rms"]  # (7, runs, 101)
    diff = a.mean(axis=1) - b.mean(axis=1)
    se = np.sqrt(a.var(axis=1, ddof=1) / a.shape[1] + b.var(axis=1, ddof=1) / b.shape[1])
    z = np.abs(diff[:, 1:]) / se[:, 1:]
    print(f"td-learning: Example 6.2 (7 step sizes x 100 runs x 101 episodes): vectorised {t_vec * 1e3:.0f} ms "
          f"(best of {repeat}), per-run loop {t_loop * 1e3:.0f} ms, speed-up {ratio:.1f}x  "
          f"{'OK' if ratio >= 10 else 'BELOW 10x'}")
    print("  method  alpha  RMS@10 vec / loop    RMS@100 vec / loop   max |diff|/SE over episodes 1..100")
    for i, (kind, alpha) in enumerate(zip(fast["method"], fast["alphas"])):
        print(f"  {kind:6s}  {alpha:.2f}   {a[i, :, 10].mean():.4f} / {b[i, :, 10].mean():.4f}     "
              f"{a[i, :, 100].mean():.4f} / {b[i, :, 100].mean():.4f}      {z[i].max():.2f}")
    frac = float((z < 2).mean())
    print(f"  {100 * frac:.1f}% of the 700 (step size, episode) means differ by < 2 SE "
          f"(expected ~95% if the two agree; independent random episodes)")
    results["example_6_2"] = {"vectorised_s": t_vec, "loop_s": t_loop, "ratio": ratio, "within_2se": frac}
    return results


if __name__ == "__main__":
    run()
