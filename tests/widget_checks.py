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


def assert_static_twin(fig, max_steps: int = 12, max_bytes: int = 120_000, allow_none: bool = True) -> None:
    """A static twin the book can run without a kernel: a slider of 3..max_steps precomputed states that
    really change the figure, each state complete (one value per trace it restyles; with allow_none=False no
    None either: in a plotly slider step a None resets that attribute), titles without raw TeX or NaN, alt text, named menus, and
    small enough for the page budget."""
    assert fig.layout.meta and fig.layout.meta["alt"].strip(), "the figure needs layout.meta.alt"
    assert all(m.name for m in fig.layout.updatemenus), "every menu needs a name (the book's keyboard mirror)"
    steps = fig.layout.sliders[0].steps
    assert 3 <= len(steps) <= max_steps, f"{len(steps)} slider steps"
    for step in steps:
        title = step.args[1]["title.text"]
        assert "$" not in title and "nan" not in title.lower(), title
        for attr, per_trace in step.args[0].items():
            assert len(per_trace) == len(step.args[2]), f"{attr}: one value per restyled trace"
            assert allow_none or all(v is not None for v in per_trace), f"{attr}: a None would reset it"
    states = [step.args for step in steps]
    assert any(s != states[0] for s in states[1:]), "the slider changes the figure"
    assert len(fig.to_json()) < max_bytes, f"{len(fig.to_json())} bytes of figure JSON"
