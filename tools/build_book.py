"""Build the HTML book offline: python tools/build_book.py [--clean] [--out DIR] [-j N]

Notebooks are executed through Jupyter Book's execution cache (<out>/_build/.jupyter_cache),
so an unchanged chapter is not re-run. Warnings are errors. --out DIR builds into
DIR/_build instead of book/_build (for parallel or throwaway builds). -j N reads (and so
executes) N notebooks in parallel (default: 2 when there are 2+ cores).

Where the time goes, and what this script does about it:
- `jsonschema` (used by Jupyter Book to validate _config.yml, and by nbformat) imports
  `rfc3987_syntax` when it is installed (jupyter-events pulls it in), which compiles 39 lark
  grammars: ~6 s of every build. The book needs no IRI validation, so the import is blocked here.
- Jupyter Book's CLI passes the toc as an absolute path, which Sphinx sees as a changed config
  on every run (a full re-read); we pass it relative to the source root, as it is pickled.
- The execution cache keys on a notebook's code cells only, so editing a module a chapter imports
  (widgets/, exercises/, course/) or its data (data/) would leave stale outputs in the book. A hash
  of those sources is stored next to the cache (<out>/_build/.jupyter_cache.sources); when it differs,
  the cache and the doctrees are cleared, so every notebook is re-executed and every page re-read.
- Notebook execution (kernel start + imports + the chapter's own computing) dominates the rest.
  Sphinx's parallel read would batch the chapters unevenly (7 pages, -j 2: one worker gets three
  notebooks), so the notebooks of the toc are first executed into the same execution cache by a
  pool of N processes, one notebook per task, exactly as myst-nb would (same cache keys); Sphinx
  then only reads cached outputs.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What executed notebooks depend on besides their own code cells (globs relative to the root).
CACHE_SOURCES = ("widgets/**/*.py", "exercises/**/*.py", "course/**/*.py", "data/**/*")


def sources_hash(root: Path = ROOT, patterns: tuple[str, ...] = CACHE_SOURCES) -> str:
    """sha256 over the path and bytes of every file the patterns match (caches skipped)."""
    digest = hashlib.sha256()
    files = {f for pattern in patterns for f in root.glob(pattern)
             if f.is_file() and "__pycache__" not in f.parts and ".ipynb_checkpoints" not in f.parts}
    for f in sorted(files):
        digest.update(f.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()


def invalidate_stale_cache(out: Path, current: str) -> bool:
    """Clear the execution cache and doctrees under `out` (a _build dir) if they were made from
    other sources than `current` (a sources_hash); True when cleared. The new hash is stored
    first: whatever is cached from now on was executed with these sources."""
    stamp = out / ".jupyter_cache.sources"
    cache, doctrees = out / ".jupyter_cache", out / ".doctrees"
    if stamp.exists() and stamp.read_text().strip() == current:
        return False
    cleared = cache.exists() or doctrees.exists()
    for path in (cache, doctrees):  # no doctrees: Sphinx re-reads every page and takes the new outputs
        if path.exists():
            shutil.rmtree(path)
    out.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return cleared


def toc_notebooks() -> list[Path]:
    """The .ipynb files book/_toc.yml lists, in order."""
    import yaml

    found: list[Path] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                path = ROOT / (node["file"] + ".ipynb")
                if path.exists():
                    found.append(path)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((ROOT / "book" / "_toc.yml").read_text()))
    return found


def _execute_one(args: tuple[str, str, int]) -> str:
    """Execute one notebook into the cache as myst-nb does; '' or the error text."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution

    path, cache_path, timeout = args
    cache = get_cache(cache_path)
    nb = nbformat.read(path, as_version=4)
    stage = cache.add_nb_to_project(path)
    from course.headless import QuietKernelManager  # IPC sockets: no "running over TCP without encryption" warning

    result = single_nb_execution(nb, cwd=str(Path(path).parent), allow_errors=False, timeout=timeout,
                                 meta_override=True, kernel_manager_class=QuietKernelManager)
    if result.err is not None:
        return f"{Path(path).relative_to(ROOT)}: executing the notebook failed\n{result.exc_string}"
    cache.cache_notebook_bundle(CacheBundleIn(nb, stage.uri, data={"execution_seconds": result.time}),
                                check_validity=False, overwrite=True)
    print(f"executed {Path(path).relative_to(ROOT)} in {result.time:.1f} s", flush=True)
    return ""


def execute_notebooks(cache_path: Path, jobs: int, timeout: int = 300) -> list[str]:
    """Run the toc's notebooks whose current code is not in the cache yet; errors as text."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    todo = []
    for path in toc_notebooks():
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            todo.append(str(path))
    if not todo:
        return []
    todo.sort(key=lambda p: -Path(p).stat().st_size)  # biggest first: a rough longest-first schedule
    tasks = [(p, str(cache_path), timeout) for p in todo]
    if jobs <= 1 or len(todo) == 1:
        return [e for e in map(_execute_one, tasks) if e]
    with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=get_context("fork")) as pool:
        return [e for e in pool.map(_execute_one, tasks) if e]


def build(clean: bool = False, out_parent: Path = ROOT / "book", jobs: int | None = None,
          quiet: bool = True) -> int:
    out = out_parent / "_build"
    if clean and out.exists():
        shutil.rmtree(out)
    os.environ["COURSE_RENDER"] = "static"  # explorables skip their live widget when the book is built
    os.environ["COURSE_DATA_DIR"] = tempfile.mkdtemp(prefix="course-book-")  # never touch a learner's progress
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    sys.modules.setdefault("rfc3987_syntax", None)  # jsonschema then skips its slow optional import
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if jobs is None:
        jobs = 2 if (os.cpu_count() or 1) >= 2 else 1

    start = time.perf_counter()
    if invalidate_stale_cache(out, sources_hash()):
        print("widgets/, exercises/, course/ or data/ changed: cleared the execution cache", flush=True)
    errors = execute_notebooks(out / ".jupyter_cache", jobs)
    if errors:
        print("\n\n".join(errors), file=sys.stderr)
        print("\nThe book build failed: a notebook raised (see above).", file=sys.stderr)
        return 1

    from jupyter_book.sphinx import build_sphinx

    html = out / "html"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = build_sphinx(
            str(ROOT), str(html), doctreedir=str(out / ".doctrees"),
            path_config=str(ROOT / "book" / "_config.yml"),
            confoverrides={"external_toc_path": "book/_toc.yml", "latex_individualpages": False},
            noconfig=True, use_external_toc=True, builder="html", warningiserror=True, keep_going=True,
            quiet=quiet, jobs=jobs,
        )
    finally:
        os.chdir(cwd)
    seconds = time.perf_counter() - start
    index = html / "index.html"
    ok = result == 0 and index.exists()
    if ok:
        print(f"\nThe book is built ({seconds:.1f} s): {index}")
        print("Open that file in a browser, or serve it with:")
        print(f"    python -m http.server --bind 127.0.0.1 --directory {index.parent} 8000")
        print("and visit http://127.0.0.1:8000/")
        return 0
    if isinstance(result, BaseException):
        print(f"{type(result).__name__}: {result}", file=sys.stderr)
    print("\nThe book build failed (see the messages above).", file=sys.stderr)
    reports = html / "reports"
    if reports.exists():
        for log in sorted(reports.glob("**/*.err.log")):
            print(f"--- {log}", file=sys.stderr)
            print(log.read_text()[-4000:], file=sys.stderr)
    return result if isinstance(result, int) and result else 1


def main(argv: list[str]) -> int:
    out = Path(argv[argv.index("--out") + 1]).resolve() if "--out" in argv else ROOT / "book"
    jobs = int(argv[argv.index("-j") + 1]) if "-j" in argv else None
    return build(clean="--clean" in argv, out_parent=out, jobs=jobs, quiet="--verbose" not in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
