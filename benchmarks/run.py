"""Run every benchmark and print one table: .venv/bin/python benchmarks/run.py

Each benchmarks/bench_<chapter>.py has a run() that prints its own lines; targets:
widget update p50 <= 16 ms, p95 <= 50 ms (compute + in-place figure update).
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

if __name__ == "__main__":
    names = sys.argv[1:] or sorted(p.stem for p in HERE.glob("bench_*.py"))
    for name in names:
        print(f"== {name}")
        importlib.import_module(name).run()
