"""The built book works offline in a real browser (headless Chromium via selenium).

The book is the one `python3.11 tools/setup.py` built (book/_build/html) when it is newer than
every source it is built from; otherwise it is built into a temporary folder first (in a
subprocess: the build sets COURSE_RENDER=static, which must not leak into other tests).
It is served on 127.0.0.1 (a free port) and one browser opens EVERY page, asserting:

- 0 requests to any other host (Chrome's network log) and 0 console errors (404s included);
- every plotly figure rendered (its div holds a .main-svg), math typeset by the local MathJax
  (every math element, no TeX error: the book loads only MathJax's base and AMS TeX macros);
- the theme's icons are drawn (book/_ext/course_book.py draws them from SVG paths, no icon font);
- every static slider moves the figure: by keyboard (its <input type=range> twin, arrow keys)
  and by mouse (a click on plotly's own slider rail); every button or menu twin changes the figure;
- no page shows a traceback or NotImplementedError in an output;
- every chapter page opens with objectives / estimated time / prerequisites and ends with Sources.

A full-page screenshot of each chapter (and a dark-mode one at its first figure) goes to
tests/artifacts/ (gitignored). Skips with a message when chromium/chromedriver are absent.
COURSE_BOOK_HTML=<dir> tests an already built site instead.
"""
from __future__ import annotations

import functools
import json
import re
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from base64 import b64decode
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from course.chapters import ROOT, available

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "tests" / "artifacts"
BUILT = ROOT / "book" / "_build" / "html"
PAGE_TIMEOUT = 30  # s for a page's figures and math on a loaded 2-core machine
MOVE_TIMEOUT = 10  # s for a slider move to reach the figure
# What the book is built from: if any is newer than the built index, rebuild.
SOURCES = ["book", "chapters", "course", "widgets", "exercises", "data", "tools/build_book.py", "pyproject.toml"]
# A learner-facing verdict may *name* NotImplementedError ("still raises ..."); an exception shows as
# "Traceback ..." or a line starting with the exception's name, or as an error/stderr output.
OUTPUT_ERRORS = re.compile(r"Traceback \(most recent call last\)|^\s*\w*(Error|Exception)\b.*:", re.M)

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason=f"browser test of the book needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}): "
           "apt-get install -y chromium chromium-driver",
)


def chapter_pages() -> list[str]:
    return [f"chapters/{ch.slug}.html" for ch in available()]


def all_pages(html: Path) -> list[str]:
    """Every HTML page of the site (not the theme's assets)."""
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if not p.relative_to(html).parts[0].startswith(("_", "reports")))


# ---------------------------------------------------------------- the built site
def _newest_source_mtime() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for f in files:
            if f.is_file() and "_build" not in f.parts and "__pycache__" not in f.parts:
                newest = max(newest, f.stat().st_mtime)
    return newest


@pytest.fixture(scope="module")
def site():
    if os.environ.get("COURSE_BOOK_HTML"):  # an already built site, e.g. from tools/build_book.py --out
        yield Path(os.environ["COURSE_BOOK_HTML"])
        return
    index = BUILT / "index.html"
    if index.exists() and index.stat().st_mtime >= _newest_source_mtime():
        yield BUILT
        return
    out = Path(tempfile.mkdtemp(prefix="course-book-test-"))
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build_book.py"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, f"book build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    yield out / "_build" / "html"
    shutil.rmtree(out, ignore_errors=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="course-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", "--window-size=1280,1400",
                 f"--user-data-dir={profile}",
                 # Any other host fails at once instead of hanging (it is still in the network log).
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(PAGE_TIMEOUT)
    drv.set_script_timeout(PAGE_TIMEOUT)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


# ---------------------------------------------------------------- in the page
# A fingerprint of figure #arguments[0]: its traces' data, title, shapes, annotations, axis types and ranges.
FIGURE_STATE = """
var gd = document.querySelectorAll('.course-plotly')[arguments[0]];
if (!gd) { return null; }
return JSON.stringify([(gd.data || []).map(function (t) {
    return [t.x, t.y, t.z, t.text, t.visible, t.marker && t.marker.color]; }),
  gd.layout && gd.layout.title, gd.layout && gd.layout.shapes, gd.layout && gd.layout.annotations,
  Object.keys(gd._fullLayout || {}).filter(function (k) { return /^[xy]axis\\d*$/.test(k); }).map(function (k) {
    return [k, gd._fullLayout[k].type, gd._fullLayout[k].range]; })]);
"""

WAIT_READY = """
var done = arguments[arguments.length - 1];
var t0 = Date.now();
(function poll() {
  var figs = document.querySelectorAll('.course-plotly');
  var drawn = Array.prototype.filter.call(figs, function (d) { return d.querySelector('.main-svg'); }).length;
  var mj = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
  if (document.readyState === 'complete' && drawn === figs.length && (!window.MathJax || mj)) {
    (mj || Promise.resolve()).then(function () { done({figures: figs.length, drawn: drawn}); },
                                   function (e) { done({figures: figs.length, drawn: drawn, error: String(e)}); });
  } else if (Date.now() - t0 > arguments[0] * 1000) {
    done({figures: figs.length, drawn: drawn, timeout: true});
  } else { setTimeout(poll, 100); }
})();
"""


# Sphinx's math elements, how many MathJax typeset, and the text of any TeX error it shows.
MATH_STATE = """
var els = document.querySelectorAll('.math');
var done = Array.prototype.filter.call(els, function (e) { return e.querySelector('mjx-container'); }).length;
var errs = Array.prototype.map.call(document.querySelectorAll('mjx-merror, [data-mjx-error]'), function (e) {
  return e.getAttribute('data-mjx-error') || e.textContent; });
return [els.length, done, errs];
"""

# Each visible theme icon (<i class="fa-...">) must be drawn: its ::before box has a size and a mask.
ICON_STATE = """
return Array.prototype.filter.call(document.querySelectorAll('i[class*="fa-"]'), function (i) {
  if (!i.offsetParent) { return false; }
  var b = getComputedStyle(i, '::before'), mask = b.webkitMaskImage || b.maskImage || 'none';
  return mask === 'none' || parseFloat(b.width) === 0;
}).map(function (i) { return i.className; });
"""

# The chapter's first markdown cell: what follows the h1 up to the first code cell or subsection;
# its last: the last top-level subsection of the page.
OPENING_AND_CLOSING = """
var a = document.querySelector('article.bd-article') || document.body;
var root = a.querySelector('section'), intro = '', node = root && root.querySelector('h1');
while (node && (node = node.nextElementSibling) && node.tagName !== 'SECTION' && !node.classList.contains('cell')) {
  intro += node.innerText + '\\n';
}
var subs = root ? root.querySelectorAll(':scope > section') : [];
return [intro, subs.length ? subs[subs.length - 1].innerText : ''];
"""


# For a slider rail: the index of its figure, and whether that slider is at its last step.
RAIL_INFO = """
var rail = arguments[0], gd = rail.closest('.course-plotly');
var rails = Array.prototype.slice.call(gd.querySelectorAll('.slider-container .slider-rail-touch-rect'));
var sliders = (gd._fullLayout.sliders || []).filter(function (s) { return s.visible !== false; });
var s = sliders[rails.indexOf(rail)];
return [Array.prototype.indexOf.call(document.querySelectorAll('.course-plotly'), gd),
        s ? s.active === s.steps.length - 1 : false];
"""


def _network_requests(drv) -> list[str]:
    urls = []
    for entry in drv.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def _wait_changed(drv, before: str, index: int) -> bool:
    deadline = time.time() + MOVE_TIMEOUT
    while time.time() < deadline:
        if drv.execute_script(FIGURE_STATE, index) != before:
            return True
        time.sleep(0.1)
    return False


def _figure_index(drv, element) -> int:
    return drv.execute_script(
        "var gd = arguments[0].closest('.course-figure').querySelector('.course-plotly');"
        "return Array.prototype.indexOf.call(document.querySelectorAll('.course-plotly'), gd);", element)


def _screenshot(drv, path: Path, full: bool) -> None:
    """Full page through CDP (height capped), or the current viewport."""
    if full:
        metrics = drv.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": 1280, "height": min(int(size["height"]), 30000), "scale": 1}
        shot = drv.execute_cdp_cmd("Page.captureScreenshot",
                                   {"format": "png", "captureBeyondViewport": True, "clip": clip})
        path.write_bytes(b64decode(shot["data"]))
    else:
        drv.save_screenshot(str(path))


class Report:
    """What one visit of one page found."""

    def __init__(self, page: str):
        self.page = page
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.figures = self.drawn = 0
        self.ready_problem = ""
        self.output_errors: list[str] = []
        self.dead_controls: list[str] = []
        self.n_controls = 0
        self.unlabelled = 0
        self.first_cell = ""
        self.last_section = ""
        self.math_total = self.math_typeset = 0
        self.math_errors: list[str] = []
        self.undrawn_icons: list[str] = []


@pytest.fixture(scope="module")
def visit(driver, server):
    """visit(page) -> Report; each page is opened once and checked for everything."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    cache: dict[str, Report] = {}
    own = urlparse(server).netloc
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    failed: dict[str, BaseException] = {}

    def _visit(page: str) -> Report:
        # A visit that broke half-way must fail every test of its page, not just the first one.
        if page in failed:
            raise AssertionError(f"visiting {page} failed earlier: {failed[page]!r}")
        if page in cache:
            return cache[page]
        try:
            cache[page] = _check(page)
        except Exception as exc:
            failed[page] = exc
            raise
        return cache[page]

    def _check(page: str) -> Report:
        rep = Report(page)
        driver.get_log("browser"), driver.get_log("performance")  # drop what an earlier page left
        driver.get(f"{server}/{page}")
        state = driver.execute_async_script(WAIT_READY, PAGE_TIMEOUT)
        rep.figures, rep.drawn = state["figures"], state["drawn"]
        if state.get("timeout") or state.get("error"):
            rep.ready_problem = json.dumps(state)
        rep.unlabelled = driver.execute_script(
            "return Array.prototype.filter.call(document.querySelectorAll('.course-plotly'), function (d) {"
            " var a = d.getAttribute('aria-label') || ''; return !a.trim() || a === 'Interactive figure'; }).length;")
        rep.output_errors = [t for t in driver.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('.cell_output'),"
            " function (e) { return e.innerText; });") if OUTPUT_ERRORS.search(t)]
        rep.output_errors += driver.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll("
            "'.cell_output .output.traceback, .cell_output .output.error, .cell_output .output.stderr'),"
            " function (e) { return e.className + ': ' + e.innerText; });")
        if "Traceback (most recent call last)" in driver.find_element(By.TAG_NAME, "body").text:
            rep.output_errors.append("a traceback in the page text")
        rep.first_cell, rep.last_section = driver.execute_script(OPENING_AND_CLOSING)
        rep.math_total, rep.math_typeset, rep.math_errors = driver.execute_script(MATH_STATE)
        rep.undrawn_icons = driver.execute_script(ICON_STATE)
        slug = page.replace("/", "_").removesuffix(".html")
        # keyboard: every range twin, one arrow key (towards the side with room)
        ranges = driver.find_elements(By.CSS_SELECTOR, ".course-controls input[type=range]")
        for k, rng in enumerate(ranges):
            rep.n_controls += 1
            idx = _figure_index(driver, rng)
            before = driver.execute_script(FIGURE_STATE, idx)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", rng)
            at_max = rng.get_attribute("value") == rng.get_attribute("max")
            ActionChains(driver).send_keys(Keys.ARROW_LEFT if at_max else Keys.ARROW_RIGHT).perform()
            if not _wait_changed(driver, before, idx):
                rep.dead_controls.append(f"keyboard slider #{k} ({rng.get_attribute('aria-valuetext')})")
        # mouse: click plotly's own slider rail near its far end (or its start, if already at the end)
        rails = driver.find_elements(By.CSS_SELECTOR, ".course-plotly .slider-container .slider-rail-touch-rect")
        for k, rail in enumerate(rails):
            rep.n_controls += 1
            idx, at_end = driver.execute_script(RAIL_INFO, rail)
            before = driver.execute_script(FIGURE_STATE, idx)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", rail)
            half = rail.size["width"] / 2 - 6
            ActionChains(driver).move_to_element_with_offset(rail, int(-half if at_end else half), 0).click().perform()
            if not _wait_changed(driver, before, idx):
                rep.dead_controls.append(f"mouse slider #{k} on figure {idx}")
        # buttons: press every button twin that is not already pressed
        for k, btn in enumerate(driver.find_elements(By.CSS_SELECTOR, ".course-controls button")):
            if btn.get_attribute("aria-pressed") == "true":
                continue
            rep.n_controls += 1
            idx = _figure_index(driver, btn)
            before = driver.execute_script(FIGURE_STATE, idx)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", btn)
            btn.click()
            if not _wait_changed(driver, before, idx):
                rep.dead_controls.append(f"button {btn.text!r}")
        # selects (long menus): pick another option
        for k, sel in enumerate(driver.find_elements(By.CSS_SELECTOR, ".course-controls select")):
            rep.n_controls += 1
            idx = _figure_index(driver, sel)
            before = driver.execute_script(FIGURE_STATE, idx)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", sel)
            ActionChains(driver).send_keys(Keys.ARROW_DOWN if sel.get_attribute("value") == "0" else Keys.ARROW_UP).perform()
            if not _wait_changed(driver, before, idx):
                rep.dead_controls.append(f"menu #{k} ({sel.get_attribute('value')})")
        # dark mode: the first figure must stay a light card on the dark page
        if page.startswith("chapters/") and rep.figures:
            driver.execute_script("document.documentElement.dataset.theme = 'dark';"
                                  "document.querySelector('.course-figure').scrollIntoView({block: 'start'});")
            time.sleep(0.3)
            _screenshot(driver, ARTIFACTS / f"book-{slug}-dark.png", full=False)
            driver.execute_script("document.documentElement.dataset.theme = 'light';")
        if page.startswith("chapters/"):  # last: a full-page capture resizes the page (plotly relayouts)
            _screenshot(driver, ARTIFACTS / f"book-{slug}.png", full=True)
        rep.console_errors = [f"{e['level']}: {e['message']}" for e in driver.get_log("browser")
                              if e["level"] == "SEVERE"]
        rep.foreign = [u for u in _network_requests(driver)
                       if urlparse(u).scheme not in ("data", "blob", "about", "chrome", "devtools")
                       and urlparse(u).netloc != own]
        return rep

    return _visit


# ---------------------------------------------------------------- the tests
UTILITY_PAGES = ["search.html", "genindex.html"]


def _pages():
    # Known before the build: the landing page, the appendix, the chapters in course/chapters.py.
    return ["index.html", "book/intro.html", "book/conversations.html", *chapter_pages()]


def test_every_page_of_the_site_is_covered(site):
    expected, found = set(_pages()) | set(UTILITY_PAGES), set(all_pages(site))
    assert expected <= found, f"pages missing from the built book: {sorted(expected - found)}"
    assert found <= expected, f"pages this test does not open: {sorted(found - expected)}"


@pytest.mark.parametrize("page", UTILITY_PAGES)
def test_utility_pages_offline(visit, page):
    rep = visit(page)
    assert not rep.foreign, f"{page} requested other hosts: {rep.foreign}"
    assert not rep.console_errors, f"{page} console errors: {rep.console_errors}"


@pytest.mark.parametrize("page", _pages())
def test_page_requests_nothing_from_other_hosts(visit, page):
    rep = visit(page)
    assert not rep.foreign, f"{page} requested other hosts: {rep.foreign}"


@pytest.mark.parametrize("page", _pages())
def test_page_has_no_console_errors(visit, page):
    rep = visit(page)
    assert not rep.console_errors, f"{page}: " + "\n".join(rep.console_errors)


@pytest.mark.parametrize("page", _pages())
def test_every_figure_renders(visit, page):
    rep = visit(page)
    assert not rep.ready_problem, f"{page} not ready: {rep.ready_problem}"
    assert rep.drawn == rep.figures, f"{page}: {rep.figures - rep.drawn} of {rep.figures} figures are blank"


@pytest.mark.parametrize("page", _pages())
def test_math_is_typeset_without_tex_errors(visit, page):
    rep = visit(page)
    assert rep.math_typeset == rep.math_total, \
        f"{page}: MathJax typeset {rep.math_typeset} of {rep.math_total} math elements"
    assert not rep.math_errors, (f"{page}: TeX errors {rep.math_errors}; a macro outside MathJax's base and "
                                 "AMS packages needs its package in book/_config.yml (mathjax3_config)")


@pytest.mark.parametrize("page", _pages())
def test_theme_icons_are_drawn(visit, page):
    rep = visit(page)
    assert not rep.undrawn_icons, f"{page}: icons not drawn: {rep.undrawn_icons}"


@pytest.mark.parametrize("page", _pages())
def test_every_figure_has_alt_text(visit, page):
    rep = visit(page)
    assert rep.unlabelled == 0, (f"{page}: {rep.unlabelled} figures have no description; put one sentence in "
                                 "layout.meta = {'alt': ...} (CONTRIBUTING.md)")


@pytest.mark.parametrize("page", _pages())
def test_every_slider_and_button_changes_its_figure(visit, page):
    rep = visit(page)
    assert not rep.dead_controls, f"{page}: controls that did not change their figure: {rep.dead_controls}"


@pytest.mark.parametrize("page", _pages())
def test_no_traceback_or_unsolved_stub_error_shown(visit, page):
    rep = visit(page)
    assert not rep.output_errors, f"{page} shows errors in outputs: {[t[:300] for t in rep.output_errors]}"


@pytest.mark.parametrize("page", chapter_pages())
def test_chapter_opens_with_objectives_and_ends_with_sources(visit, page):
    rep = visit(page)
    for needle in ("Learning objectives", "Estimated time:", "Prerequisites:"):
        assert needle in rep.first_cell, f"{page}: the opening cell lacks {needle!r} (CONTRIBUTING.md, chapter anatomy)"
    assert rep.last_section.lstrip().startswith("Sources"), \
        f"{page}: the last section should be '## Sources', found {rep.last_section[:80]!r}"


@pytest.mark.parametrize("page", [p for p in chapter_pages()])
def test_chapter_has_interactive_figures(visit, page):
    rep = visit(page)
    assert rep.figures >= 1 and rep.n_controls >= 1, f"{page}: {rep.figures} figures, {rep.n_controls} controls"
