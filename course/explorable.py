"""An explorable is one widget shown twice: live in JupyterLab, static in the book.

    Explorable("A dopamine neuron", live=dopamine_live, static=dopamine_static)

`live()` returns an ipywidgets container (controls driving a plotly FigureWidget that
is updated in place). `static()` returns a plain plotly Figure whose native sliders
and buttons step through a precomputed grid, so the book needs no kernel. Both
are built from the chapter's one pure model function.

Displayed in a notebook, an explorable emits ONE output carrying both mime types:
JupyterLab renders the live widget; the book's builder drops the widget view and
renders the static twin (see book/_config.yml, nb_mime_priority_overrides).
With COURSE_RENDER=static (set by the book build) the live part is skipped.
"""
from __future__ import annotations

import os
from typing import Callable

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PLOTLY = "application/vnd.plotly.v1+json"


def static_only() -> bool:
    return os.environ.get("COURSE_RENDER", "") == "static"


class Explorable:
    def __init__(self, title: str, live: Callable, static: Callable):
        self.title, self._live, self._static = title, live, static
        if not static_only():
            _patch_plotly_figurewidget()
        self.widget = None if static_only() else live()

    def figure(self):
        """The static twin as a plotly Figure."""
        return self._static()

    def _repr_mimebundle_(self, include=None, exclude=None):
        import plotly.io as pio

        fig = self._static()
        bundle = pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_plotly_json())
        bundle["text/plain"] = (f"{self.title}: a live widget in JupyterLab; in the book, "
                                "a static figure with precomputed sliders.")
        if self.widget is not None:
            live = self.widget._repr_mimebundle_(include=include, exclude=exclude)
            if isinstance(live, tuple):
                live = live[0]
            if WIDGET_VIEW in live:
                bundle[WIDGET_VIEW] = live[WIDGET_VIEW]
        return bundle


def _patch_plotly_figurewidget() -> None:
    """Work around a plotly 7.1.0 FigureWidget bug.

    When the browser reports the defaults of a trace after a restyle, plotly's
    BaseFigureWidget._remove_overlapping_props tests `if not input_val` on the trace's
    numpy array (e.g. `y`), which raises "ValueError: The truth value of an array ... is
    ambiguous" in JupyterLab's log console on slider moves. Same function, with the
    truthiness test limited to dicts and lists.
    """
    import plotly.basewidget as bw
    from plotly.basedatatypes import BaseFigure

    def remove_overlapping_props(input_data, delta_data, prop_path=()):
        removed = []
        if isinstance(input_data, dict):
            for p, delta_val in delta_data.items():
                if isinstance(delta_val, dict) or BaseFigure._is_dict_list(delta_val):
                    if p in input_data:
                        input_val = input_data[p]
                        path = prop_path + (p,)
                        removed.extend(remove_overlapping_props(input_val, delta_val, path))
                        if isinstance(input_val, (dict, list)) and not input_val:
                            input_data.pop(p)
                            removed.append(path)
                elif p in input_data and p != "uid":
                    input_data.pop(p)
                    removed.append(prop_path + (p,))
        elif isinstance(input_data, list) and isinstance(delta_data, list):
            for i, delta_val in enumerate(delta_data[: len(input_data)]):
                if input_data[i] is not None and isinstance(delta_val, dict) or BaseFigure._is_dict_list(delta_val):
                    removed.extend(remove_overlapping_props(input_data[i], delta_val, prop_path + (i,)))
        return removed

    bw.BaseFigureWidget._remove_overlapping_props = staticmethod(remove_overlapping_props)
