"""Checks every chapter runs on its live widgets: finite output at every control extreme, in place."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from latency import controls  # noqa: E402  (one definition of "a control" for tests and benchmarks)


def figure_of(box) -> go.FigureWidget:
    """The FigureWidget inside an ipywidgets tree."""
    stack = [box]
    while stack:
        w = stack.pop()
        if isinstance(w, go.FigureWidget):
            return w
        stack.extend(getattr(w, "children", ()) or ())
    raise AssertionError("no FigureWidget in the widget")


def assert_finite(fig) -> None:
    """Every number in every trace's x, y and z is finite (None and text are allowed)."""
    for trace in fig.data:
        for attr in ("x", "y", "z"):
            values = getattr(trace, attr, None)
            if values is None:
                continue
            arr = np.asarray(values, dtype=object).ravel()
            numbers = [float(v) for v in arr if isinstance(v, (int, float, np.number)) and not isinstance(v, bool)]
            assert all(math.isfinite(v) for v in numbers), f"{trace.name}.{attr} is not finite"


def extremes(control) -> list:
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    return [control.min, control.max]


def sweep_extremes(box) -> None:
    """Set every control to each extreme in turn, then back: finite output, the same figure and traces."""
    fig = figure_of(box)
    n_traces = len(fig.data)
    for c in controls(box):
        start = c.value
        for v in extremes(c):
            c.value = v
            assert_finite(fig)
            title = fig.layout.title.text
            assert title is None or "nan" not in title.lower(), title
        c.value = start
    assert figure_of(box) is fig, "the figure is updated in place, never replaced"
    assert len(fig.data) == n_traces, "traces are updated in place, never added"
