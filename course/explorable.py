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
from typing import Callable, Iterator

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PLOTLY = "application/vnd.plotly.v1+json"


def static_only() -> bool:
    return os.environ.get("COURSE_RENDER", "") == "static"


class Explorable:
    def __init__(self, title: str, live: Callable, static: Callable):
        self.title, self._live, self._static = title, live, static
        if not static_only():
            _patch_plotly_figurewidget()
            _load_figurewidget_bundle_lazily()
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
            for fig in _figure_widgets(self.widget):
                _sync_figure_state(fig)
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


# ---------------------------------------------------------------- live figures that are never blank
# Why a live figure could render empty (0 traces, default axes, no title) and ignore its sliders:
# anywidget 0.11.0 gives each model 2 s (from its creation in the browser) to load its ESM and run
# `initialize`; past that, the model's `runtime.ready` promise is rejected for good and every later
# comm message to the model is dropped (AnyModel._handle_comm_msg awaits it). plotly's FigureWidget
# ESM is its whole 5 MB plotly.js bundle, sent and imported afresh for every figure, so on a busy
# machine, or with several figures created at once by Run All, this can outlast the 2 s. The view still
# renders, from the state in the model's comm_open: the traces and layout sent just after (and every
# slider update) never arrive. With the bundle sent once (below), a model starts in milliseconds; a
# main-thread stall of > 2 s at that moment (a heavily overloaded machine) can still hit the limit:
# the one remaining fix would be to re-create such a model (or a newer anywidget without the limit).

_LAZY_ESM = """\
// plotly's FigureWidget, with its 5 MB bundle sent to the page once (in model %(bundle_model)s) and
// imported once, off anywidget's 2 s model clock (course/explorable.py: _load_figurewidget_bundle_lazily).
const KEY = Symbol.for(%(key)s);
function bundle(model) {
  globalThis[KEY] ??= model.widget_manager.get_model(%(bundle_model)s).then((m) => {
    const url = URL.createObjectURL(new Blob([m.get("source")], { type: "text/javascript" }));
    return import(url).finally(() => URL.revokeObjectURL(url));
  }).catch((e) => { delete globalThis[KEY]; throw e; });
  return globalThis[KEY];
}
export default () => {
  let widget;  // plotly's own {initialize, render}, one per model
  const plotly = (model) => (widget ??= bundle(model).then((mod) => mod.default()));
  return {
    initialize(ctx) {  // returns at once; plotly's initialize runs when the bundle is in
      plotly(ctx.model).then((w) => w.initialize(ctx)).catch((e) => console.error("[course] plotly FigureWidget", e));
    },
    async render(ctx) {  // after initialize (promise callbacks run in order)
      return (await plotly(ctx.model)).render(ctx);
    },
  };
};
"""
_bundle_widget = None  # the one model that carries plotly's widget bundle to the page


def _load_figurewidget_bundle_lazily() -> None:
    """Give every plotly FigureWidget a 1 kB ESM that returns to anywidget at once.

    plotly's bundle travels once per kernel, as a plain ipywidgets model (no 2 s clock); the small
    module imports it once per page and hands plotly's `initialize` and `render` the model when it
    is in. Traces and layout changed before plotly's `initialize` listens are re-sent at display
    time (`_sync_figure_state`).
    """
    global _bundle_widget
    import hashlib
    import json
    from pathlib import Path

    import ipywidgets
    import plotly.basewidget as bw
    import traitlets

    if _bundle_widget is not None and _bundle_widget.comm is not None:
        return
    cls = bw.BaseFigureWidget
    original = cls.__dict__.get("_course_plotly_esm") or cls.__dict__["_esm"]
    source = original.read_text() if isinstance(original, Path) else str(original)
    cls._course_plotly_esm = source

    class PlotlyWidgetBundle(ipywidgets.Widget):
        source = traitlets.Unicode().tag(sync=True)

    _bundle_widget = PlotlyWidgetBundle(source=source)
    key = "course.plotly-figurewidget." + hashlib.sha256(source.encode()).hexdigest()[:16]
    cls._esm = _LAZY_ESM % {"key": json.dumps(key), "bundle_model": json.dumps(_bundle_widget.model_id)}


def _figure_widgets(widget) -> Iterator:
    """The plotly FigureWidgets in an ipywidgets tree (the widget itself or any nested child)."""
    from plotly.basewidget import BaseFigureWidget

    stack, seen = [widget], set()
    while stack:
        w = stack.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        if isinstance(w, BaseFigureWidget):
            yield w
        stack.extend(getattr(w, "children", None) or ())


def _sync_figure_state(fig) -> None:
    """Send the figure's current traces and layout as model state, as plotly does on display.

    A view draws from the model's `_widget_data` / `_widget_layout`, which the browser keeps current
    by applying plotly's one-off `_py2js_*` messages, but only once plotly's `initialize` listens.
    FigureWidget._repr_mimebundle_ re-sends both; nested in a VBox it is never called, so we do it.
    """
    from copy import deepcopy

    fig._widget_layout = deepcopy(fig._layout_obj._props)
    fig._widget_data = deepcopy(fig._data)
