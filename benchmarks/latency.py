"""Shared measurement: how long a live widget takes to react to a slider move.

measure(widget) finds every slider/toggle in an ipywidgets tree, sets random values many
times (which runs the observe callbacks: model compute + in-place FigureWidget update) and
returns the per-move latencies in milliseconds.
"""
from __future__ import annotations

import time

import numpy as np


def controls(widget) -> list:
    """All value-carrying controls (sliders, checkboxes, toggles, dropdowns) in a widget tree."""
    found, stack = [], [widget]
    while stack:
        w = stack.pop()
        stack.extend(getattr(w, "children", ()) or ())
        if hasattr(w, "value") and (hasattr(w, "min") or hasattr(w, "options") or isinstance(getattr(w, "value"), bool)):
            found.append(w)
    return found


def random_value(c, rng):
    if hasattr(c, "options") and c.options:
        options = list(c.options)
        choice = options[int(rng.integers(len(options)))]
        return choice[1] if isinstance(choice, tuple) else choice
    if isinstance(c.value, bool):
        return not c.value
    lo, hi = c.min, c.max
    step = getattr(c, "step", None) or (1 if isinstance(c.value, int) else (hi - lo) / 100)
    n = int(round((hi - lo) / step))
    v = lo + step * int(rng.integers(n + 1))
    return int(v) if isinstance(c.value, int) else float(min(max(v, lo), hi))


def measure(widget, moves: int = 200, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    cs = controls(widget)
    assert cs, "no controls found in the widget"
    times = []
    for _ in range(moves):
        c = cs[int(rng.integers(len(cs)))]
        v = random_value(c, rng)
        if v == c.value:
            continue
        t0 = time.perf_counter()
        c.value = v
        times.append((time.perf_counter() - t0) * 1e3)
    return np.asarray(times)


P50_TARGET_MS, P95_TARGET_MS = 16.0, 50.0


def run_widgets(chapter: str, live: dict, moves: int = 200) -> dict:
    """Build each live widget, time `moves` random control moves, print one line each."""
    results = {}
    for name, make in live.items():
        t0 = time.perf_counter()
        widget = make()
        build = time.perf_counter() - t0
        ms = measure(widget, moves=moves, seed=0)
        ok = np.percentile(ms, 50) <= P50_TARGET_MS and np.percentile(ms, 95) <= P95_TARGET_MS
        print(summary(f"{chapter}: {name}", ms) + f"  (built in {build:.2f} s)  {'OK' if ok else 'SLOW'}")
        results[name] = ms
    return results


def summary(name: str, ms: np.ndarray) -> str:
    return (f"{name:<40} moves={len(ms):4d}  p50={np.percentile(ms, 50):7.2f} ms  "
            f"p95={np.percentile(ms, 95):7.2f} ms  max={ms.max():7.2f} ms")
