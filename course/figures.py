"""Shared look of every figure, and the plotly-native controls of static widgets.

One colorblind-safe palette (Okabe & Ito, "Color Universal Design", 2008) and one
layout are used by every chapter. Figures keep a white card background so they
stay legible when the book is switched to its dark theme.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import plotly.graph_objects as go

# Okabe-Ito: distinguishable under the common forms of colour blindness.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
COLORWAY = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]
# Diverging scale for signed quantities (negative = vermillion, 0 = white, positive = blue).
DIVERGING = [[0.0, "#D55E00"], [0.5, "#FFFFFF"], [1.0, "#0072B2"]]

SIGNIFICANT = 4  # digits kept in static figures: small pages, identical look


def layout(title: str = "", height: int = 420, **kw) -> dict:
    """The course's base layout; keyword arguments override it."""
    base = dict(
        title=dict(text=title, x=0.02, xanchor="left", font=dict(size=16)),
        height=height,
        margin=dict(l=70, r=30, t=60, b=60),
        paper_bgcolor="white",
        plot_bgcolor="white",
        font=dict(family="Helvetica, Arial, sans-serif", size=13, color="#222222"),
        colorway=COLORWAY,
        legend=dict(bgcolor="rgba(255,255,255,0.8)"),
        xaxis=dict(showgrid=True, gridcolor="#e5e5e5", zeroline=False, linecolor="#444", ticks="outside"),
        yaxis=dict(showgrid=True, gridcolor="#e5e5e5", zeroline=False, linecolor="#444", ticks="outside"),
    )
    base.update(kw)
    return base


TITLE_TOP = 32  # px from the figure's top edge to a pinned title: below plotly's mode bar (0-30 px at the right)


def pinned_title(text: str = "", height: int | None = None, size: int = 16) -> dict:
    """A title pinned TITLE_TOP px below the figure's top edge (not the automatic middle of the top margin),
    so the mode bar, controls and subplot titles placed around it never overlap it at any width."""
    y = 1.0 - TITLE_TOP / height if height else 1.0
    return dict(text=text, x=0.02, xanchor="left", yref="container", y=y, yanchor="top", font=dict(size=size))


def pinned_layout(height: int, title: str = "", size: int = 16, **kw) -> dict:
    """The course layout (`layout`) with a pinned title."""
    return {**layout(height=height, **kw), "title": pinned_title(title, height, size)}


def short_number(x) -> str:
    """A short number for labels: 576000 → '5.76e5', 16 → '16', 0.0023 → '0.0023', 99999.99 → '1e5'."""
    x = float(x)
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}"
    mant, exp = f"{x:.2e}".split("e")
    return f"{float(mant):g}e{int(exp)}"


def round_sig(x, digits: int = SIGNIFICANT):
    """Round an array to a few significant digits (keeps static pages small)."""
    a = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        finite = np.where(np.isfinite(a) & (a != 0), a, 1.0)
        scale = 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(finite))))
        return np.where(np.isfinite(a), np.round(a * scale) / scale, a)


def slider(label: str, values: Sequence, steps_args: Sequence[list], active: int = 0,
           fmt: Callable = "{:g}".format, y: float = -0.12) -> dict:
    """A plotly-native slider: step i applies `steps_args[i]` with method "update".

    Each entry of steps_args is [trace_updates, layout_updates, trace_indices].
    """
    steps = [dict(label=fmt(v), method="update", args=list(a)) for v, a in zip(values, steps_args)]
    return dict(active=active, steps=steps, currentvalue=dict(prefix=f"{label} = ", font=dict(size=13)),
                pad=dict(t=45, b=10), x=0.0, len=1.0, y=y, yanchor="top")


def precomputed_slider_figure(fig: go.Figure, label: str, values: Sequence, states: Callable[[float], dict],
                              trace_indices: Sequence[int], active: int = 0, fmt: Callable = "{:g}".format,
                              title: Callable[[float], str] | None = None) -> go.Figure:
    """Add a slider over `values` to `fig`; `states(v)` returns {attr: [value per trace]}.

    Every state is precomputed into the page, so the slider works without a kernel.
    """
    args = []
    for v in values:
        data = {k: [_compact(x) for x in per_trace] for k, per_trace in states(v).items()}
        lay = {"title.text": title(v)} if title else {}
        args.append([data, lay, list(trace_indices)])
    fig.update_layout(sliders=[slider(label, values, args, active=active, fmt=fmt)])
    return fig


def _compact(x):
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return round_sig(x).tolist()
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x
