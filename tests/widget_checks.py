"""Checks every chapter runs on its live widgets: finite output at every control extreme, in place."""
from __future__ import annotations

import math
import re
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


def figure_texts(fig) -> list[str]:
    """Every text a reader sees on a figure: title, annotations, axis titles, trace names, menu and slider
    labels, and the titles the slider steps set."""
    lay = fig.layout
    out = [lay.title.text] + [a.text for a in lay.annotations]
    out += [ax.title.text for ax in (getattr(lay, k) for k in lay if k.startswith(("xaxis", "yaxis")))]
    out += [tr.colorbar.title.text for tr in fig.data if getattr(tr, "colorbar", None) is not None]
    out += [tr.name for tr in fig.data]
    out += [b.label for m in lay.updatemenus for b in m.buttons] + [m.name for m in lay.updatemenus]
    out += [st.label for s in lay.sliders for st in s.steps]
    out += [st.args[1].get("title.text") for s in lay.sliders for st in s.steps if len(st.args) > 1]
    return [t for t in out if t]


def assert_labelled(fig) -> None:
    """A figure (or a live widget's figure) the book can show: alt text ending in a full stop, named menus,
    and no raw TeX ("$") or NaN in any text a reader sees."""
    fig = figure_of(fig) if hasattr(fig, "children") else fig
    assert fig.layout.meta["alt"].strip().endswith("."), "alt text is a sentence"
    assert all(m.name for m in fig.layout.updatemenus), "every menu needs a name (the book's keyboard mirror)"
    bad = [t for t in figure_texts(fig) if "$" in t or re.search(r"\bnan\b", t, re.I)]
    assert not bad, f"raw TeX or NaN in {bad}"


def assert_book_gets_static_twin(makers, monkeypatch) -> None:
    """Built for the book (COURSE_RENDER=static), each explorable is a plotly figure with no live widget."""
    monkeypatch.setenv("COURSE_RENDER", "static")
    for make in makers:
        bundle = make()._repr_mimebundle_()
        assert "application/vnd.plotly.v1+json" in bundle, make.__name__
        assert "application/vnd.jupyter.widget-view+json" not in bundle, make.__name__
