"""transformers speed: live widget latency per control move (model + in-place FigureWidget update).

Targets: p50 <= 16 ms, p95 <= 50 ms. The costliest move is the gradient-flow explorer at depth 100 (two
forward and backward passes through 100 random 32x32 layers). Run: .venv/bin/python benchmarks/run.py bench_transformers
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

from widgets import transformers as tf  # noqa: E402

LIVE = {"gradient flow": tf.gradient_flow_live, "attention heatmap": tf.attention_live, "RoPE rotator": tf.rope_live}


def run(moves: int = 200) -> dict:
    return latency.run_widgets("transformers", LIVE, moves)


if __name__ == "__main__":
    run()
