"""Book budgets: build times and page weight. `.venv/bin/python benchmarks/run.py bench_book`

- clean build (fresh output dir, empty execution cache): target <= 6 s per chapter on 2 cores;
- rebuild with nothing changed: target <= 5 s in total;
- page weight per chapter: everything a first (cold-cache) visit downloads, except the one
  shared plotly.min.js: target <= 1.5 MB. Measured in headless Chromium when it is installed
  (so MathJax's and the theme's on-demand files count), otherwise from the files the HTML names.

`python benchmarks/bench_book.py --site DIR/_build/html` measures only the page weights of an
already built site (e.g. to compare two versions of the book).

Wall time on a shared machine depends on its load, so the CPU time (this process's children:
Sphinx and the kernels) is printed too, with the load average at the start.
"""
from __future__ import annotations

import functools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.chapters import available  # noqa: E402

SHARED_EXCLUDED = "plotly.min.js"
BUDGET_PAGE_MB, BUDGET_CLEAN_S_PER_CHAPTER, BUDGET_REBUILD_S = 1.5, 6.0, 5.0


def _build(out: Path) -> tuple[float, float, list[str]]:
    """(wall s, CPU s of the build process and its kernels, "executed <nb> in <s>" lines)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build_book.py"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"book build failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, [line for line in proc.stdout.splitlines() if line.startswith("executed ")]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _weights_browser(html: Path, pages: list[str]) -> dict[str, dict[str, int]]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    profile = tempfile.mkdtemp(prefix="course-bench-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--window-size=1280,1400", f"--user-data-dir={profile}",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    out = {}
    try:
        drv.execute_cdp_cmd("Network.enable", {})
        drv.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        for page in pages:
            drv.get_log("performance")
            drv.get(f"{base}/{page}")
            time.sleep(3)  # on-demand files: MathJax components and fonts, icon fonts
            urls, sizes = {}, {}
            for entry in drv.get_log("performance"):
                msg = json.loads(entry["message"])["message"]
                p = msg.get("params", {})
                if msg.get("method") == "Network.responseReceived":
                    urls[p["requestId"]] = p["response"]["url"]
                elif msg.get("method") == "Network.loadingFinished":
                    sizes[p["requestId"]] = p.get("encodedDataLength", 0)
            own = excluded = shared = 0
            kinds = dict.fromkeys(("mathjax", "css", "fonts", "js"), 0)
            for rid, n in sizes.items():
                url = urls.get(rid, "")
                if not url.startswith(base):
                    continue  # the browser's own pages (chrome://...), never the book's
                path = url.split("?")[0]
                if SHARED_EXCLUDED in url:
                    excluded += n
                elif path.endswith("/" + page):
                    own += n
                else:
                    shared += n
                    kind = ("mathjax" if "/mathjax/" in path else "fonts" if path.endswith((".woff", ".woff2", ".ttf"))
                            else "css" if path.endswith(".css") else "js")
                    kinds[kind] += n
            out[page] = {"own": own, "other": shared, "plotly": excluded, **kinds}
    finally:
        drv.quit()
        httpd.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    return out


def _weights_static(html: Path, pages: list[str]) -> dict[str, dict[str, int]]:
    out = {}
    for page in pages:
        path = html / page
        text = path.read_text(encoding="utf-8")
        other = plotly = 0
        for ref in set(re.findall(r'(?:src|href)="([^"#?]+\.(?:js|css))', text)):
            f = (path.parent / ref).resolve()
            if f.exists():
                if f.name == SHARED_EXCLUDED:
                    plotly += f.stat().st_size
                else:
                    other += f.stat().st_size
        out[page] = {"own": path.stat().st_size, "other": other, "plotly": plotly}
    return out


def report_weights(html: Path, pages: list[str]) -> None:
    browser = Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()
    weights = (_weights_browser if browser else _weights_static)(html, pages)
    how = "cold-cache visit in headless Chromium" if browser else "files named by the HTML (no browser)"
    print(f"page weight ({how}; budget {BUDGET_PAGE_MB} MB without the shared {SHARED_EXCLUDED}):")
    print("  first visit = the page + every shared asset it loads (theme, MathJax, fonts, search index);")
    print("  a later page costs only its own bytes (the shared assets are cached)")
    for page in pages:
        w = weights[page]
        total = (w["own"] + w["other"]) / 1e6
        first = "OK" if total <= BUDGET_PAGE_MB else "OVER"
        later = "OK" if w["own"] / 1e6 <= BUDGET_PAGE_MB else "OVER"
        print(f"  {page:38s} first visit {total:5.2f} MB {first:4s} | own {w['own'] / 1e6:5.2f} MB {later:4s}"
              f" | shared {w['other'] / 1e6:5.2f} MB (+ plotly.min.js {w['plotly'] / 1e6:.2f})")
        if "mathjax" in w:
            print(f"  {'':38s}   shared = MathJax {w['mathjax'] / 1e6:.2f} + CSS {w['css'] / 1e6:.2f}"
                  f" + fonts {w['fonts'] / 1e6:.2f} + other scripts {w['js'] / 1e6:.2f} MB")


def run() -> None:
    chapters = available()
    pages = [f"chapters/{ch.slug}.html" for ch in chapters]
    if "--site" in sys.argv:
        report_weights(Path(sys.argv[sys.argv.index("--site") + 1]), pages + ["book/intro.html"])
        return
    load = os.getloadavg()[0]
    out = Path(tempfile.mkdtemp(prefix="course-bench-book-"))
    try:
        wall, cpu, executed = _build(out)
        wall2, cpu2, _ = _build(out)
        html = out / "_build" / "html"
        n = max(len(chapters), 1)
        print(f"load average at start: {load:.1f} on {os.cpu_count()} cores; {len(chapters)} chapters")
        verdict = "OK" if wall / n <= BUDGET_CLEAN_S_PER_CHAPTER else "OVER"
        print(f"clean build:        {wall:6.1f} s wall ({wall / n:.1f} s per chapter, budget "
              f"{BUDGET_CLEAN_S_PER_CHAPTER:.0f}) {verdict}; CPU {cpu:.1f} s ({cpu / n:.1f} s per chapter)")
        verdict = "OK" if wall2 <= BUDGET_REBUILD_S else "OVER"
        for line in executed:
            print(f"                    {line} (wall, 2 at a time)")
        print(f"                    idle 2-core estimate: CPU / 2 = {cpu / 2 / n:.1f} s per chapter")
        print(f"no-change rebuild:  {wall2:6.1f} s wall (budget {BUDGET_REBUILD_S:.0f}) {verdict}; CPU {cpu2:.1f} s")
        report_weights(html, pages + ["book/intro.html"])
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    run()
