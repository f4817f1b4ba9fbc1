"""Open the course in JupyterLab, offline: `.venv/bin/course lab` or `.venv/bin/python -m course.lab`.

    python -m course.lab                     # JupyterLab at the repository root
    python -m course.lab td-learning         # ... with one chapter open
    python -m course.lab exercises/td-learning.ipynb
    python -m course.lab --port 8899 --no-browser --ServerApp.token=secret

JupyterLab serves on 127.0.0.1 only, rooted at the repository, so the file browser shows
chapters/, exercises/ and the learner's workspace/. The course's Jupyter settings in jupyter/
(put on JUPYTER_CONFIG_PATH, so a learner's own ~/.jupyter settings still win) switch off what
would reach the internet: the "official Jupyter news" prompt and feed, the check for a newer
JupyterLab, and the PyPI extension manager. Options other than --port and --no-browser go to
`jupyter lab` unchanged (write them as --Name=value).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import quote

from course import chapters

ROOT = chapters.ROOT
CONFIG = ROOT / "jupyter"  # the course's shipped Jupyter configuration
WORKSPACE = ROOT / "workspace"  # the learner's own notebooks (gitignored)


def _target(name: str) -> str:
    """A chapter slug or a notebook path -> the path JupyterLab opens, relative to the root."""
    slugs = ", ".join(ch.slug for ch in chapters.available())
    try:
        chapter = chapters.by_slug(name)
    except KeyError:
        chapter = None
    if chapter is not None:
        if not chapter.available:
            raise SystemExit(f"course lab: chapter {name!r} is not written yet. Available: {slugs}.")
        return chapter.notebook.relative_to(ROOT).as_posix()
    path = Path(name).resolve()
    if path.is_file() and path.is_relative_to(ROOT):
        return path.relative_to(ROOT).as_posix()
    raise SystemExit(f"course lab: {name!r} is neither a chapter nor a file in {ROOT}. "
                     f"Available chapters: {slugs}.")


def lab_argv(argv: list[str]) -> list[str]:
    """The `jupyter lab` command line for the course's arguments."""
    parser = argparse.ArgumentParser(
        prog="course lab", allow_abbrev=False,
        description="Open the course in JupyterLab on 127.0.0.1, offline, at the repository root.",
        epilog="Other options go to `jupyter lab` unchanged; write them as --Name=value "
               "(e.g. --allow-root, --ServerApp.token=secret).")
    parser.add_argument("target", nargs="?", help="a chapter slug (e.g. td-learning) or a notebook path")
    parser.add_argument("--port", type=int, help="port to serve on (default 8888, or the next free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    args, extra = parser.parse_known_args(argv)
    out = ["--ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}"]
    if args.port:
        out.append(f"--port={args.port}")
    if args.no_browser:
        out.append("--no-browser")
    out += extra
    if args.target:  # open it right away (and print its address)
        out.append(f"--LabApp.default_url=/lab/tree/{quote(_target(args.target))}")
    return out


def environment(env: dict[str, str]) -> dict[str, str]:
    """`env` with the course's Jupyter configuration first on JUPYTER_CONFIG_PATH."""
    paths = [str(CONFIG)] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    return {**env, "JUPYTER_CONFIG_PATH": os.pathsep.join(dict.fromkeys(paths))}


def main(argv: list[str] | None = None) -> int:
    """Start JupyterLab on the course (blocks until the server is stopped with Ctrl-C)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lab_args = lab_argv(argv)
    os.environ.update(environment(dict(os.environ)))
    WORKSPACE.mkdir(exist_ok=True)
    os.chdir(ROOT)
    from jupyterlab.labapp import LabApp

    LabApp.launch_instance(argv=lab_args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
