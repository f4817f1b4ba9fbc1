"""An explorable emits one output with the live widget view and the static plotly twin."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from course import explorable
from course.explorable import PLOTLY, WIDGET_VIEW, Explorable
from course.figures import layout, precomputed_slider_figure, round_sig


def static():
    x = np.linspace(0, 1, 5)
    fig = go.Figure(go.Scatter(x=x, y=x), layout=layout("power law"))
    return precomputed_slider_figure(fig, "k", [1, 2, 3], lambda k: {"y": [x ** k]}, [0],
                                     title=lambda k: f"y = x^{k}")


def live():
    import ipywidgets

    fig = go.FigureWidget(static())
    k = ipywidgets.IntSlider(1, min=1, max=3, description="k")
    return ipywidgets.VBox([k, fig])


def test_bundle_carries_live_view_and_static_twin(monkeypatch):
    monkeypatch.delenv("COURSE_RENDER", raising=False)
    bundle = Explorable("demo", live, static)._repr_mimebundle_()
    assert WIDGET_VIEW in bundle and PLOTLY in bundle and "text/plain" in bundle
    steps = bundle[PLOTLY]["layout"]["sliders"][0]["steps"]
    assert [s["label"] for s in steps] == ["1", "2", "3"]
    assert steps[1]["args"][0]["y"][0] == pytest.approx([0, 0.0625, 0.25, 0.5625, 1])
    assert steps[2]["args"][1] == {"title.text": "y = x^3"}


def test_book_build_skips_the_live_widget(monkeypatch):
    monkeypatch.setenv("COURSE_RENDER", "static")
    assert explorable.static_only()
    e = Explorable("demo", live=lambda: pytest.fail("live widget built for the book"), static=static)
    bundle = e._repr_mimebundle_()
    assert WIDGET_VIEW not in bundle and PLOTLY in bundle


def test_round_sig_keeps_four_significant_digits_and_non_finite_values():
    out = round_sig(np.array([123456.0, 0.000123456, 0.0, -2.71828, np.inf, np.nan]))
    assert out[0] == 123500.0 and out[1] == pytest.approx(0.0001235) and out[2] == 0.0
    assert out[3] == pytest.approx(-2.718) and np.isinf(out[4]) and np.isnan(out[5])


def test_book_renderer_stores_float64_arrays_as_float32():
    import base64
    import json

    import plotly

    from course.sphinx_plotly import _to_float32

    z = np.random.default_rng(0).random((6, 5))
    fig = json.loads(json.dumps(go.Figure(go.Heatmap(z=z)).to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder))
    small = _to_float32(fig)["data"][0]["z"]
    assert small["dtype"] == "f4" and small["shape"] == fig["data"][0]["z"]["shape"]
    back = np.frombuffer(base64.b64decode(small["bdata"]), "<f4").reshape(6, 5)
    assert np.allclose(back, z, rtol=1e-6)
    assert len(small["bdata"]) < 0.55 * len(fig["data"][0]["z"]["bdata"])
