"""Render plotly figures in the Jupyter Book (myst-nb) offline, from ONE local plotly.min.js.

Two roles, one module:
- a myst-nb mime renderer (entry point `myst_nb.mime_renderers`) that turns the kernel's
  `application/vnd.plotly.v1+json` output into a <div> plus a Plotly.newPlot(...) call
  carrying data, layout and frames (myst-nb 1.x otherwise drops this mime type);
- a Sphinx extension that copies plotly.min.js from the installed plotly package into
  the built site and loads it only on pages that have a figure.
"""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from docutils import nodes

PLOTLY_MIME = "application/vnd.plotly.v1+json"
VENDOR_PATH = "_static/vendor/plotly.min.js"  # relative to the built site's root
MARKER = 'class="course-plotly"'


class PlotlyRenderer:
    """myst-nb mime render plugin for plotly figures."""

    mime_priority_overrides = [("html", PLOTLY_MIME, 5), ("dirhtml", PLOTLY_MIME, 5)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != PLOTLY_MIME or inline:
            return None
        figure = data.content if isinstance(data.content, dict) else json.loads(data.content)
        div_id = f"course-plotly-{data.cell_index}-{data.output_index}"
        layout = figure.get("layout", {})
        alt = (layout.get("meta") or {}).get("alt") if isinstance(layout.get("meta"), dict) else None
        if not alt:
            title = layout.get("title", {})
            alt = title.get("text") if isinstance(title, dict) else title
        alt = alt or "Interactive figure"
        payload = {
            "data": figure.get("data", []),
            "layout": layout,
            "frames": figure.get("frames", []),
            "config": {"responsive": True, "displaylogo": False},
        }
        # </ inside JSON would end the <script> early.
        blob = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
        markup = (
            f'<div id="{div_id}" {MARKER} role="figure" aria-label="{html.escape(alt, quote=True)}"></div>\n'
            f'<script type="application/json" id="{div_id}-json">{blob}</script>\n'
            "<script>(function(){"
            f'var id="{div_id}";'
            "function draw(){var f=JSON.parse(document.getElementById(id+'-json').textContent);"
            "Plotly.newPlot(id,f.data,f.layout,f.config).then(function(gd){"
            "if(f.frames&&f.frames.length){Plotly.addFrames(gd,f.frames);}"
            "if(window.courseFigureReady){window.courseFigureReady(gd);}});}"
            "if(window.Plotly){draw();}else{window.addEventListener('load',draw);}"
            "})();</script>"
        )
        return [nodes.raw(text=markup, format="html", classes=["output", "course-plotly-output"])]


def _add_plotly_script(app, pagename, templatename, context, doctree):
    if MARKER in context.get("body", ""):
        app.add_js_file("vendor/plotly.min.js", priority=200)


def _copy_plotly_js(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    target = Path(app.outdir) / VENDOR_PATH
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def setup(app):
    app.connect("html-page-context", _add_plotly_script)
    app.connect("build-finished", _copy_plotly_js)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
