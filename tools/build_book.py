"""Build the HTML book offline: python tools/build_book.py [--clean] [--out DIR]

Notebooks are executed through Jupyter Book's execution cache (book/_build/.jupyter_cache),
so an unchanged chapter is not re-run. Warnings are errors. --out DIR builds into
DIR/_build instead of book/_build (for parallel or throwaway builds).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(clean: bool = False, out_parent: Path = ROOT / "book") -> int:
    OUT = out_parent / "_build"
    if clean and OUT.exists():
        shutil.rmtree(OUT)
    env = dict(os.environ)
    env["COURSE_RENDER"] = "static"  # explorables skip their live widget when the book is built
    env["COURSE_DATA_DIR"] = tempfile.mkdtemp(prefix="course-book-")  # never touch a learner's progress
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "--config", str(ROOT / "book" / "_config.yml"),
           "--toc", str(ROOT / "book" / "_toc.yml"), "--path-output", str(out_parent),
           "--builder", "html", "--warningiserror", "--keep-going", "--quiet"]
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    index = OUT / "html" / "index.html"
    if result.returncode == 0 and index.exists():
        print(f"\nThe book is built: {index}")
        print("Open that file in a browser, or serve it with:")
        print(f"    python -m http.server --bind 127.0.0.1 --directory {index.parent} 8000")
        print("and visit http://127.0.0.1:8000/")
    else:
        print("\nThe book build failed (see the messages above).", file=sys.stderr)
        reports = OUT / "html" / "reports"
        if reports.exists():
            for log in sorted(reports.glob("**/*.err.log")):
                print(f"--- {log}", file=sys.stderr)
                print(log.read_text()[-4000:], file=sys.stderr)
    return result.returncode or (0 if index.exists() else 1)


if __name__ == "__main__":
    args = sys.argv[1:]
    out = Path(args[args.index("--out") + 1]).resolve() if "--out" in args else ROOT / "book"
    sys.exit(build(clean="--clean" in args, out_parent=out))
