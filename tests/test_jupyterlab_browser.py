"""The chapters live in JupyterLab, proven in a real browser (headless Chromium via selenium).

One JupyterLab server, started exactly as the README says (`python -m course.lab`, i.e.
`course lab`) but with a token and throwaway config/settings/workspace/data directories, and one
browser serve every available chapter (the pilot first). For each chapter the test opens the
notebook, runs all cells (Run > Run All Cells), waits for the kernel, and asserts:

- every code cell ran, with no error output and nothing on stderr;
- every explorable renders as the LIVE widget (ipywidgets renderer), not its static plotly twin,
  with its controls and its figure on the page;
- moving a slider (click the handle, then arrow keys) changes the figure on screen, in place: the
  number of plots in the widget stays the same; the slider's extremes (End / Home) raise nothing;
- check cells show their verdict as rich HTML (div.course-verdict), solutions as a <details> toggle;
- nothing went to the notebook's log console (where errors of widget callbacks land);
- JupyterLab never saved the chapter (autosave is off in the throwaway settings);
- for the pilot: Restart Kernel + Run All gives the same figures and verdicts (seeded).

A screenshot of each chapter with a moved slider goes to tests/artifacts/ (gitignored).
The server and the browser are always shut down, also when a test fails.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from course.chapters import ROOT, available

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "tests" / "artifacts"
PILOT = "td-learning"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CONTROLS = (".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio, .widget-checkbox, "
            ".widget-button, .widget-text, .widget-play, .widget-select, .widget-hbox .widget-toggle-button")
RUN_TIMEOUT = 300  # s for Run All on a loaded 2-core machine (a chapter takes ~10-30 s)
MOVE_TIMEOUT = 15  # s for a slider move to reach the figure


def chapters_pilot_first():
    return sorted(available(), key=lambda ch: ch.slug != PILOT)


# ---------------------------------------------------------------- server and browser
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """SIGINT twice = Jupyter's own clean shutdown (kernels included); then force."""
    if proc.poll() is None:
        for sig in (signal.SIGINT, signal.SIGINT):
            proc.send_signal(sig)
            time.sleep(0.3)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


class Lab:
    def __init__(self, port: int, token: str, log: Path):
        self.base, self.token, self.log = f"http://127.0.0.1:{port}", token, log

    def url(self, path: str) -> str:
        return f"{self.base}/lab/tree/{path}?reset&token={self.token}"

    def log_tail(self, n: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        pytest.skip(f"JupyterLab browser test needs Debian's chromium and chromium-driver "
                    f"({', '.join(missing)} missing): apt-get install -y chromium chromium-driver")
    tmp = tmp_path_factory.mktemp("jupyterlab")
    dirs = {name: tmp / name for name in ("config", "data", "runtime", "settings", "workspaces", "course-data")}
    for d in dirs.values():
        d.mkdir()
    # Autosave off: the test runs the real chapter files and must never write them back.
    docmanager = dirs["settings"] / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    env = {**os.environ,
           "JUPYTER_CONFIG_DIR": str(dirs["config"]), "JUPYTER_DATA_DIR": str(dirs["data"]),
           "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]), "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
           "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]), "COURSE_DATA_DIR": str(dirs["course-data"]),
           "PYTHONUNBUFFERED": "1"}
    env.pop("JUPYTER_CONFIG_PATH", None)
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "course.lab", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = Lab(port, token, log)
    try:
        deadline = time.time() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n{server.log_tail()}")
            try:
                with urllib.request.urlopen(f"{server.base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail(f"JupyterLab did not answer within 90 s:\n{server.log_tail()}")
            time.sleep(0.5)
        yield server
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def browser(lab, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1400",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(flag)
    opts.set_capability("unhandledPromptBehavior", "accept")  # a "leave page?" prompt must not hang us
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the page's console, for failure reports
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        driver.set_script_timeout(RUN_TIMEOUT)
        yield driver
    finally:
        driver.quit()


# ---------------------------------------------------------------- page helpers (JavaScript)
PANEL_FN = """
function findPanel(path) {
  const app = window.jupyterapp;
  if (!app) return null;
  return Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path) || null;
}
"""
PANEL_JS = PANEL_FN + "return !!findPanel(arguments[0]);"
FIND_PANEL = PANEL_FN + "const panel = findPanel(arguments[0]);"

CELLS_JS = FIND_PANEL + """
return panel.content.widgets.map((cell, index) => {
  const m = cell.model;
  const outputs = m.type === 'code' ? m.outputs.toJSON() : [];
  return {index, type: m.type, source: m.sharedModel.getSource().slice(0, 160),
          count: m.type === 'code' ? m.executionCount : null,
          tags: m.getMetadata('tags') || [],
          outputs: outputs.map(o => ({type: o.output_type, name: o.name || '',
                                     mimes: Object.keys(o.data || {}),
                                     text: (o.text || o.evalue || '').toString().slice(0, 400),
                                     ename: o.ename || ''}))};
});
"""

WIDGET_NODES_JS = FIND_PANEL + """
const mime = arguments[1], nodes = [];
for (const cell of panel.content.widgets) {
  if (cell.model.type !== 'code') continue;
  const outs = cell.model.outputs.toJSON();
  cell.outputArea.widgets.forEach((child, k) => {
    if (outs[k] && outs[k].data && outs[k].data[mime]) {
      nodes.push(child.node.querySelector('.jp-OutputArea-output') || child.node);
    }
  });
}
return nodes;
"""

# One number that changes when anything drawn in the widget's plots changes.
FIGURE_HASH_JS = """
const root = arguments[0];
let text = '';
for (const gd of root.querySelectorAll('.js-plotly-plot')) {
  const skip = (key, value) => key === 'uid' ? undefined : value;  // trace ids are random
  try { text += JSON.stringify(gd.data, skip) + JSON.stringify(gd.layout, skip); } catch (e) {}
  for (const el of gd.querySelectorAll('path, image, text')) {
    text += (el.getAttribute('d') || '') + (el.getAttribute('href') || '') + (el.textContent || '');
  }
}
let h = 0;
for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
return [h, text.length];
"""

LOG_JS = r"""
const path = arguments[0];
const panels = Array.from(window.jupyterapp.shell.widgets('down')).concat(Array.from(window.jupyterapp.shell.widgets('main')));
const out = [];
for (const w of panels) {
  const logger = w.content && w.content.logger;
  if (!logger || w.content.source !== path) continue;
  for (let i = 0; i < logger.length; i++) {
    const m = logger.outputAreaModel.get(i);
    const o = m.toJSON();
    const where = (o.traceback || []).slice(-4, -1).map(t => t.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0]);
    out.push([m.level, o.ename ? `${o.ename}: ${o.evalue} (${where.join(' <- ')})` : JSON.stringify(o.text || o.data || o).slice(0, 600)]);
  }
}
return out;
"""

CLEANUP_JS = """
const done = arguments[arguments.length - 1];
const app = window.jupyterapp;
if (!app) { done('no app'); return; }
for (const w of app.shell.widgets('main')) { if (w.context && w.context.model) w.context.model.dirty = false; }
app.serviceManager.sessions.shutdownAll().then(() => done('ok'), e => done(String(e)));
"""


def wait_for(predicate, timeout: float, what: str, interval: float = 0.25):
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


RUN_STATE_JS = FIND_PANEL + """
const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
const code = panel.content.widgets.filter(c => c.model.type === 'code');
const errored = code.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
const finished = code.every(c => c.model.executionCount !== null) || errored;
return !!(k && k.status === 'idle' && finished && code.every(c => c.model.executionState !== 'running'));
"""


def run_all(driver, path: str) -> None:
    """Run > Run All Cells, then wait until every cell ran (or one failed) and the kernel is idle."""
    result = driver.execute_async_script("""
const done = arguments[arguments.length - 1];
window.jupyterapp.commands.execute('notebook:run-all-cells')
  .then(r => done(['ok', r]), e => done(['error', String(e)]));""")
    assert result[0] == "ok", f"Run All failed in the page: {result[1]}"
    # Settled = finished on two polls in a row (the kernel is briefly idle between queued cells).
    wait_for(lambda: driver.execute_script(RUN_STATE_JS, path) and (time.sleep(0.5) or True)
             and driver.execute_script(RUN_STATE_JS, path), RUN_TIMEOUT, "Run All to finish (kernel idle)")


def figure_hash(driver, node):
    return tuple(driver.execute_script(FIGURE_HASH_JS, node))


PLOTS_JS = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
  const fl = gd._fullLayout || {};
  const cell = gd.closest('.jp-Cell');
  return `plot in ${cell ? 'cell ' + Array.from(cell.parentNode.children).indexOf(cell) : '?'}: ` +
    `${gd.data ? gd.data.length : 'no'} traces, width ${fl.width}, x range ${JSON.stringify((fl.xaxis || {}).range)}, ` +
    `${gd.classList.contains('jp-RenderedPlotly') ? 'static twin' : 'live'}`;
});
"""


EMPTY_PLOTS_JS = """
const out = [];
arguments[0].forEach((node, k) => node.querySelectorAll('.js-plotly-plot').forEach(gd => {
  if (!gd.data || gd.data.length === 0) {
    const t = gd._fullLayout && gd._fullLayout.title;
    out.push(`widget ${k + 1}: 0 traces, x range ${JSON.stringify(((gd._fullLayout || {}).xaxis || {}).range)}, ` +
             `title ${JSON.stringify(t && t.text || '')}`);
  }
}));
return out;
"""


def diagnosis(driver, path: str) -> str:
    """What the page knew when a check failed: the log console, the plots, the browser console."""
    lines = []
    for what, get in (("log console", lambda: driver.execute_script(
                          "window.jupyterapp.commands.execute('logconsole:open', {source: arguments[0], activate: false});"
                          "return null;", path) or time.sleep(1) or driver.execute_script(LOG_JS, path)),
                      ("plots", lambda: driver.execute_script(PLOTS_JS)),
                      ("browser console", lambda: [f"{e['level']} {e['message'][:300]}" for e in driver.get_log("browser")
                                                   if e["level"] in ("SEVERE", "WARNING")])):
        try:
            lines += [f"{what}:"] + [f"  {entry}" for entry in get()]
        except Exception as exc:  # diagnosis must never hide the failure itself
            lines.append(f"{what}: unavailable ({exc.__class__.__name__})")
    return "\n".join(lines)


DATA_HASH_JS = """
const root = arguments[0];
let text = '';
for (const gd of root.querySelectorAll('.js-plotly-plot')) {
  const skip = (key, value) => key === 'uid' ? undefined : value;  // trace ids are random
  const title = ((gd.layout || {}).title || {}).text || '';
  try { text += JSON.stringify(gd.data, skip) + title; } catch (e) {}
}
let h = 0;
for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
return [h, text.length];
"""


def look(driver, path: str, widgets) -> tuple:
    """What a learner sees after Run All: each widget's figure data and title, and the verdict texts.

    Data, not pixels: the drawn SVG also depends on layout passes (autosize, scrollbars) that
    may land at slightly different moments.
    """
    verdicts = driver.execute_script(
        FIND_PANEL + "return Array.from(panel.content.node.querySelectorAll('.course-verdict')).map(e => e.textContent);",
        path)
    return tuple(tuple(driver.execute_script(DATA_HASH_JS, node)) for node in widgets), tuple(verdicts)


# ---------------------------------------------------------------- the test
@pytest.mark.parametrize("chapter", chapters_pilot_first(), ids=lambda ch: ch.slug)
def test_chapter_runs_live_in_jupyterlab(lab, browser, chapter):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    path = chapter.notebook.relative_to(ROOT).as_posix()
    try:
        driver.get(lab.url(path))
        wait_for(lambda: driver.execute_script(PANEL_JS, path), 120, f"JupyterLab to open {path}")
        status = driver.execute_async_script(FIND_PANEL + """
const done = arguments[arguments.length - 1];
panel.sessionContext.ready.then(() => done(panel.sessionContext.session ? 'ready' : 'no kernel'),
                                e => done(String(e)));""", path)
        assert status == "ready", f"no kernel for {path}: {status}\n{lab.log_tail()}"
        # No prompt may ask to fetch news from the internet (the course's shipped settings turn it off).
        assert "official Jupyter news" not in driver.find_element(By.TAG_NAME, "body").text

        t0 = time.time()
        run_all(driver, path)
        run_seconds = time.time() - t0

        # Every code cell ran; no errors, nothing on stderr.
        cells = driver.execute_script(CELLS_JS, path)
        code = [c for c in cells if c["type"] == "code"]
        problems = [f"cell {c['index']} ({c['source'][:60]!r}): {o['type']} {o['ename']} {o['text']}"
                    for c in code for o in c["outputs"]
                    if o["type"] == "error" or (o["type"] == "stream" and o["name"] == "stderr")]
        assert not problems, "error or stderr output after Run All:\n" + "\n".join(problems)
        not_run = [f"cell {c['index']}: {c['source'][:80]!r}" for c in code if c["count"] is None]
        assert not not_run, "cells that did not run (an earlier cell failed?):\n" + "\n".join(not_run)
        assert not driver.find_elements(
            By.CSS_SELECTOR, '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')

        # Every explorable shows its live widget (the ipywidgets renderer), never the static twin.
        n_widgets = sum(WIDGET_VIEW in o["mimes"] for c in code for o in c["outputs"])
        assert n_widgets >= 1, f"{path} shows no live widget"

        def rendered():
            try:  # JupyterLab re-renders cells as they scroll: a node found a moment ago may be gone
                nodes = driver.execute_script(WIDGET_NODES_JS, path, WIDGET_VIEW)
                return nodes if len(nodes) == n_widgets and all(
                    driver.execute_script("return !!arguments[0].querySelector('.jupyter-widgets .js-plotly-plot .main-svg')", n)
                    for n in nodes) else None
            except StaleElementReferenceException:
                return None

        for k in range(n_widgets):  # scroll each widget into view (found afresh: earlier nodes may be stale)
            try:
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                                      driver.execute_script(WIDGET_NODES_JS, path, WIDGET_VIEW)[k])
            except (StaleElementReferenceException, IndexError):
                pass
            time.sleep(0.2)  # let the notebook render cells scrolled into view
        widgets = wait_for(rendered, 60, f"{n_widgets} live widgets with a plotly figure to render")
        # A learner must never meet a blank live figure (0 traces, default axes): what anywidget shows
        # when a model missed its initial state (see course/explorable.py, _load_figurewidget_bundle_lazily).
        try:
            wait_for(lambda: not driver.execute_script(EMPTY_PLOTS_JS, widgets), 15, "every live figure to have traces")
        except AssertionError:
            raise AssertionError("live figures rendered EMPTY (0 traces, default axes), a learner sees a blank "
                                 "figure whose sliders do nothing: " + "; ".join(
                                     driver.execute_script(EMPTY_PLOTS_JS, widgets))) from None

        first_look = look(driver, path, widgets)

        moved, latencies = 0, []
        for k, node in enumerate(widgets):
            label = f"widget {k + 1} of {n_widgets}"
            assert not node.find_elements(By.CSS_SELECTOR, ".jp-RenderedPlotly"), \
                f"{label}: JupyterLab rendered the static plotly twin instead of the live widget"
            assert "Error displaying widget" not in node.text, f"{label}: {node.text[:300]}"
            assert node.find_elements(By.CSS_SELECTOR, CONTROLS), f"{label} has no controls"
            n_plots = len(node.find_elements(By.CSS_SELECTOR, ".js-plotly-plot"))
            handles = node.find_elements(By.CSS_SELECTOR, ".widget-slider .noUi-handle")
            if not handles:
                continue
            handle = handles[0]
            slider = node.find_elements(By.CSS_SELECTOR, ".widget-slider")[0]
            readout = slider.find_element(By.CSS_SELECTOR, ".widget-readout")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
            before, value_before = figure_hash(driver, node), readout.text
            ActionChains(driver).click(handle).perform()
            key = Keys.ARROW_LEFT if handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax") \
                else Keys.ARROW_RIGHT
            t_move = time.time()
            for _ in range(3):
                handle.send_keys(key)
            wait_for(lambda: figure_hash(driver, node) != before, MOVE_TIMEOUT,
                     f"{label}: the figure to change after moving the slider "
                     f"{slider.text.splitlines()[0] if slider.text else ''} from {value_before}")
            latencies.append(time.time() - t_move)
            assert readout.text != value_before
            assert len(node.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")) == n_plots, \
                f"{label}: moving the slider stacked a new figure instead of updating the one in place"
            moved += 1
            if k == 0:
                time.sleep(0.5)
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
                driver.save_screenshot(str(ARTIFACTS / f"jupyterlab-{chapter.slug}.png"))
            # The extremes: End and Home must update the figure without raising (checked in the log below).
            for extreme in (Keys.END, Keys.HOME):
                previous = readout.text
                handle.send_keys(extreme)
                wait_for(lambda: readout.text != previous or handle.get_attribute("aria-valuenow") in (
                    handle.get_attribute("aria-valuemin"), handle.get_attribute("aria-valuemax")),
                    MOVE_TIMEOUT, f"{label}: the slider to reach its extreme")
            wait_for(lambda: driver.execute_script(
                FIND_PANEL + "const k = panel.sessionContext.session.kernel; return k && k.status === 'idle';", path),
                30, "the kernel to finish the slider callbacks")
            time.sleep(0.5)
            assert len(node.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")) == n_plots, \
                f"{label}: the slider's extremes stacked a new figure"
        assert moved >= 1, f"{path}: no live widget has a slider to move"

        # Verdicts and solutions render as rich HTML, not a raw repr.
        for c in code:
            src = c["source"]
            if ".check(" not in src and ".solution(" not in src:
                continue
            selector = ".course-verdict" if ".check(" in src else "details.course-solution"
            found = driver.execute_script(FIND_PANEL + """
const cell = panel.content.widgets[arguments[1]];
return cell.outputArea.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="text/html"] ' + arguments[2]).length;""",
                                          path, c["index"], selector)
            assert found >= 1, (f"cell {c['index']} ({src[:60]!r}) does not show {selector} as HTML; "
                                f"outputs: {c['outputs']}")

        # Errors raised in widget callbacks do not reach a cell: they land in the log console.
        driver.execute_script("window.jupyterapp.commands.execute('logconsole:open', {source: arguments[0], activate: false})", path)
        time.sleep(1)
        log = driver.execute_script(LOG_JS, path)
        assert not [entry for entry in log if entry[0] in ("error", "critical", "warning")], \
            "the notebook's log console has errors (from widget callbacks?):\n" + "\n".join(map(str, log))
        if chapter.slug == PILOT:  # a restart gives the same figures and verdicts (everything is seeded)
            restarted = driver.execute_async_script(FIND_PANEL + """
const done = arguments[arguments.length - 1];
panel.sessionContext.restartKernel().then(() => done('ok'), e => done(String(e)));""", path)
            assert restarted == "ok", f"kernel restart failed: {restarted}"
            run_all(driver, path)
            wait_for(rendered, 60, "the live widgets to render again after a restart")

            def same_as_first():  # figures fill in asynchronously: give them a moment to settle
                try:
                    again = rendered()
                    return bool(again) and look(driver, path, again) == first_look
                except StaleElementReferenceException:
                    return False

            try:
                wait_for(same_as_first, 30, "the same figures and verdicts after a restart")
            except AssertionError:
                again = wait_for(rendered, 10, "the live widgets after a restart")
                assert look(driver, path, again) == first_look, \
                    "Restart Kernel + Run All gave different figures or verdicts (unseeded randomness?)"
        print(f"{chapter.slug}: Run All {run_seconds:.1f} s; {n_widgets} live widgets, {moved} sliders moved; "
              f"slider -> figure {', '.join(f'{t * 1000:.0f}' for t in latencies)} ms")
    except Exception as exc:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / f"jupyterlab-{chapter.slug}-failure.png"))
        raise AssertionError(f"{exc}\n\n{diagnosis(driver, path)}") from exc
    finally:
        try:
            driver.execute_async_script(CLEANUP_JS)
        except Exception:
            pass
    saved = [line for line in lab.log.read_text(errors="replace").splitlines() if "Saving file at" in line]
    assert not saved, f"JupyterLab wrote a notebook during the test (autosave should be off): {saved}"


# ---------------------------------------------------------------- live figures are never blank (no browser)
def test_figure_widgets_load_plotly_off_anywidgets_model_clock(monkeypatch):
    """anywidget drops every message to a model whose ESM took > 2 s to load: plotly's 5 MB bundle
    must load once per page, outside that clock, and display must re-send each nested figure's state."""
    import ipywidgets
    import plotly.basewidget
    import plotly.graph_objects as go

    from course.explorable import Explorable, _figure_widgets

    monkeypatch.delenv("COURSE_RENDER", raising=False)

    def live():
        fig = go.FigureWidget(layout={"title": "t"})
        fig.add_scatter(y=[1, 2, 3])          # sent as a one-off _py2js message, not as model state
        fig.update_layout(xaxis_title="x")
        return ipywidgets.VBox([ipywidgets.IntSlider(), ipywidgets.HBox([fig])])

    e = Explorable("demo", live, lambda: go.Figure())
    [fig] = _figure_widgets(e.widget)
    bundle = (Path(plotly.basewidget.__file__).parent / "package_data" / "widgetbundle.js").read_text()
    from course import explorable
    esm = fig._esm
    assert len(esm) < 3000 and "initialize(ctx) {" in esm and "globalThis[KEY]" in esm
    assert json.dumps(explorable._bundle_widget.model_id) in esm and explorable._bundle_widget.source == bundle
    assert fig._widget_data == []             # built empty: the traces only went out as messages
    e._repr_mimebundle_()
    assert [list(t["y"]) for t in fig._widget_data] == [[1, 2, 3]]
    assert fig._widget_layout["title"]["text"] == "t" and fig._widget_layout["xaxis"]["title"]["text"] == "x"


# ---------------------------------------------------------------- the command and its offline settings
def test_course_lab_command_line():
    from course import lab as course_lab

    args = course_lab.lab_argv(["--port", "8899", "--no-browser", "--ServerApp.token=x"])
    assert args[:2] == ["--ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}"]
    assert {"--port=8899", "--no-browser", "--ServerApp.token=x"} <= set(args)
    if available():
        slug = available()[0].slug
        assert course_lab.lab_argv([slug])[-1] == f"--LabApp.default_url=/lab/tree/chapters/{slug}.ipynb"
    with pytest.raises(SystemExit, match="Available chapters"):
        course_lab.lab_argv(["no-such-chapter"])
    paths = course_lab.environment({"JUPYTER_CONFIG_PATH": "/elsewhere"})["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert paths == [str(ROOT / "jupyter"), "/elsewhere"]


def test_served_lab_stays_offline(lab):
    """The shipped settings reach the running server: no news, no update check, no PyPI manager."""
    def get(route):
        with urllib.request.urlopen(f"{lab.base}{route}?token={lab.token}", timeout=10) as r:
            return json.load(r)

    assert get("/lab/api/news") == {"news": []}
    assert get("/lab/api/update") == {"notification": None}
    notification = get("/lab/api/settings/@jupyterlab/apputils-extension:notification")["schema"]["properties"]
    assert notification["fetchNews"]["default"] == "false"
    assert notification["checkForUpdates"]["default"] is False
    with urllib.request.urlopen(f"{lab.base}/lab?token={lab.token}", timeout=10) as r:
        page = r.read().decode()
    assert '"news": {"disabled": true}' in page
    assert '"can_install": false' in page
