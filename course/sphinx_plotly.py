"""Render plotly figures in the Jupyter Book (myst-nb) offline, from ONE local plotly.min.js.

Two roles, one module:
- a myst-nb mime renderer (entry point `myst_nb.mime_renderers`) that turns the kernel's
  `application/vnd.plotly.v1+json` output into a <div> plus a Plotly.newPlot(...) call
  carrying data, layout and frames (myst-nb 1.x otherwise drops this mime type);
- a Sphinx extension that copies plotly.min.js from the installed plotly package into
  the built site and loads it only on pages that have a figure, together with a small
  script (course-plotly.js) that gives every plotly slider and button menu a keyboard-
  operable HTML twin (<input type=range>, <button>) driving the same precomputed steps.

Each figure sits on a white card (course-plotly.css), so it stays legible in the theme's
dark mode; layout.meta.alt (or the title) becomes the figure's aria-label.
"""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from docutils import nodes

PLOTLY_MIME = "application/vnd.plotly.v1+json"
VENDOR_DIR = "_static/vendor"  # relative to the built site's root
MARKER = 'class="course-plotly"'

# Keyboard-operable twins of plotly's (SVG, mouse-only) sliders and update menus.
CONTROLS_JS = r"""/* course-plotly.js: keyboard-operable controls for static plotly figures (no kernel). */
(function () {
  "use strict";
  function apply(gd, kind, i, k) {
    var item = gd.layout[kind][i];
    var step = (kind === "sliders" ? item.steps : item.buttons)[k];
    var args = step.args || [];
    var active = {};
    active[kind + "[" + i + "].active"] = k;
    switch (step.method) {
      case "update":
        return Plotly.update(gd, args[0] || {}, Object.assign({}, args[1] || {}, active), args[2]);
      case "restyle":
        return Plotly.restyle(gd, args[0], args[1], args[2]).then(function () { return Plotly.relayout(gd, active); });
      case "relayout":
        return Plotly.relayout(gd, Object.assign({}, args[0] || {}, active));
      case "animate":
        return Plotly.animate(gd, args[0], args[1]).then(function () { return Plotly.relayout(gd, active); });
      default:
        return Plotly.relayout(gd, active);
    }
  }
  function text(s) { return String(s == null ? "" : s).replace(/<[^>]*>/g, "").trim(); }
  function sliderName(s, i) {
    var p = text(s.currentvalue && s.currentvalue.prefix).replace(/[=:]\s*$/, "").trim();
    return p || text(s.name) || "Slider " + (i + 1);
  }
  window.courseFigureReady = function (gd) {
    var lay = gd.layout, box = document.createElement("div"), inputs = [], groups = [];
    box.className = "course-controls";
    (lay.sliders || []).forEach(function (s, i) {
      if (!s.steps || !s.steps.length) { return; }
      var row = document.createElement("label"), name = document.createElement("span");
      var input = document.createElement("input"), out = document.createElement("output");
      row.className = "course-control";
      name.textContent = sliderName(s, i);
      input.type = "range"; input.min = 0; input.max = s.steps.length - 1; input.step = 1;
      input.value = s.active || 0;
      input.className = "course-range";
      input.dataset.kind = "sliders"; input.dataset.index = i;
      function show() {
        var lab = text(s.steps[+input.value].label);
        out.textContent = lab; input.setAttribute("aria-valuetext", name.textContent + " = " + lab);
      }
      input.addEventListener("input", function () { show(); apply(gd, "sliders", i, +input.value); });
      show();
      row.appendChild(name); row.appendChild(input); row.appendChild(out); box.appendChild(row);
      inputs[i] = { input: input, show: show };
    });
    (lay.updatemenus || []).forEach(function (m, i) {
      if (!m.buttons || !m.buttons.length) { return; }
      var name = text(m.name) || "Options " + (i + 1);
      if (m.type === "dropdown" || m.buttons.length > 6) {  // a long menu: one native <select>
        var row = document.createElement("label"), cap = document.createElement("span");
        var sel = document.createElement("select");
        row.className = "course-control course-select"; cap.textContent = name;
        sel.dataset.kind = "updatemenus"; sel.dataset.index = i;
        m.buttons.forEach(function (b, k) {
          var opt = document.createElement("option");
          opt.value = k; opt.textContent = text(b.label) || "Option " + (k + 1);
          sel.appendChild(opt);
        });
        sel.value = m.active || 0;
        sel.addEventListener("change", function () { apply(gd, "updatemenus", i, +sel.value); });
        row.appendChild(cap); row.appendChild(sel); box.appendChild(row);
        groups[i] = function (k) { sel.value = k; };
        return;
      }
      var group = document.createElement("div");
      group.className = "course-control course-buttons"; group.setAttribute("role", "group");
      group.setAttribute("aria-label", name);
      var buttons = m.buttons.map(function (b, k) {
        var btn = document.createElement("button");
        btn.type = "button"; btn.textContent = text(b.label) || "Option " + (k + 1);
        btn.dataset.kind = "updatemenus"; btn.dataset.index = i;
        btn.setAttribute("aria-pressed", String(k === (m.active || 0)));
        btn.addEventListener("click", function () { press(k); apply(gd, "updatemenus", i, k); });
        group.appendChild(btn);
        return btn;
      });
      function press(k) { buttons.forEach(function (b, j) { b.setAttribute("aria-pressed", String(j === k)); }); }
      box.appendChild(group);
      groups[i] = press;
    });
    if (!box.children.length) { return; }
    gd.parentNode.insertBefore(box, gd.nextSibling);
    // Keep the twins in step when the mouse drives plotly's own controls.
    gd.on("plotly_sliderchange", function (e) {
      var i = (gd._fullLayout.sliders || []).indexOf(e.slider);
      if (i < 0 && e.slider) { i = e.slider._index; }
      var t = inputs[i];
      if (t && e.step) { t.input.value = (e.slider.steps || []).indexOf(e.step); t.show(); }
    });
    gd.on("plotly_buttonclicked", function (e) {
      var i = (gd._fullLayout.updatemenus || []).indexOf(e.menu);
      if (i < 0 && e.menu) { i = e.menu._index; }
      if (groups[i]) { groups[i](e.active); }
    });
  };
})();
"""

CONTROLS_CSS = """/* course-plotly.css: figures are white cards, legible in light and dark themes. */
.course-figure { background: #ffffff; color: #222222; border: 1px solid #d0d7de; border-radius: 8px;
  padding: 6px 6px 2px; margin: 0.75rem 0; overflow-x: auto; }
html[data-theme="dark"] .course-figure { border-color: #57606a; }
.course-plotly { min-height: 120px; }
.course-controls { display: flex; flex-wrap: wrap; gap: 0.4rem 1.5rem; padding: 0.3rem 0.6rem 0.5rem;
  border-top: 1px solid #e5e5e5; font-size: 0.85rem; color: #222222; }
.course-control { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.5rem; margin: 0; max-width: 100%; }
.course-select select { max-width: 100%; font-size: 0.85rem; color: #222222; background: #ffffff;
  border: 1px solid #8c959f; border-radius: 4px; padding: 0.1rem 0.3rem; }
.course-control input[type=range] { width: 12rem; accent-color: #0072B2; }
.course-control output { min-width: 3.5rem; font-variant-numeric: tabular-nums; }
.course-buttons button { background: #f6f8fa; color: #222222; border: 1px solid #8c959f; border-radius: 4px;
  padding: 0.1rem 0.6rem; font-size: 0.85rem; }
.course-buttons button[aria-pressed="true"] { background: #0072B2; border-color: #0072B2; color: #ffffff; }
.course-controls :focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
"""


def _to_float32(obj):
    """Halve the page weight of plotly's typed arrays: float64 ({"dtype": "f8", "bdata": ...}) -> float32.

    Seven significant digits are more than a figure can show.
    """
    if isinstance(obj, dict):
        if obj.get("dtype") == "f8" and isinstance(obj.get("bdata"), str):
            import base64

            import numpy as np

            values = np.frombuffer(base64.b64decode(obj["bdata"]), dtype="<f8").astype("<f4")
            return {**obj, "dtype": "f4", "bdata": base64.b64encode(values.tobytes()).decode("ascii")}
        return {k: _to_float32(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_to_float32(v) for v in obj]
    return obj


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
            "data": _to_float32(figure.get("data", [])),
            "layout": _to_float32(layout),
            "frames": _to_float32(figure.get("frames", [])),
            "config": {"responsive": True, "displaylogo": False},
        }
        # </ inside JSON would end the <script> early.
        blob = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
        markup = (
            '<div class="course-figure">'
            f'<div id="{div_id}" {MARKER} role="figure" aria-label="{html.escape(alt, quote=True)}"></div>'
            "</div>\n"
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
        app.add_js_file("vendor/course-plotly.js", priority=201)
        app.add_css_file("vendor/course-plotly.css")


def _write_if_changed(target: Path, text: str) -> None:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _copy_plotly_js(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    vendor = Path(app.outdir) / VENDOR_DIR
    target = vendor / "plotly.min.js"
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    _write_if_changed(vendor / "course-plotly.js", CONTROLS_JS)
    _write_if_changed(vendor / "course-plotly.css", CONTROLS_CSS)


def setup(app):
    app.connect("html-page-context", _add_plotly_script)
    app.connect("build-finished", _copy_plotly_js)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
