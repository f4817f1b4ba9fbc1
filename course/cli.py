"""The `course` command: your own workbook copies, headless checks, progress, JupyterLab, a class's gradebook.

    course list                    chapters, and which have a workbook and a copy of yours
    course copy td-learning        exercises/td-learning.ipynb -> workspace/td-learning.ipynb (never overwrites)
    course check workspace/td-learning.ipynb   run it headless, print every verdict (exit 0 iff all passed)
    course progress                per-chapter progress, and a picture (an offline HTML page)
    course grade SUBMISSIONS_DIR --out grades.csv [--jobs N]   (teachers) a folder of workbooks -> gradebook
    course lab [...]               start JupyterLab for the course (course/lab.py)

The workspace (workspace/ at the repository root, or $COURSE_WORKSPACE) is git-ignored: a
`git pull` of a course update never touches your answers.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from course import chapters

ROOT = chapters.ROOT


# ---------------------------------------------------------------- workspace
def workspace_dir() -> Path:
    env = os.environ.get("COURSE_WORKSPACE", "").strip()
    return Path(env).expanduser() if env else ROOT / "workspace"


def _chapter(name: str) -> chapters.Chapter:
    name = Path(name).stem if name.endswith(".ipynb") else name
    return chapters.by_slug(name.replace("_", "-"))


def copy_workbook(slug: str, to: Path | None = None) -> Path:
    """Copy exercises/<slug>.ipynb (outputs cleared) to the workspace; FileExistsError if a copy exists."""
    import nbformat

    ch = _chapter(slug)
    source = ROOT / "exercises" / f"{ch.slug}.ipynb"
    if not source.exists():
        raise FileNotFoundError(f"chapter {ch.slug!r} has no workbook yet ({source.relative_to(ROOT)} is missing)")
    target = Path(to) if to else workspace_dir() / f"{ch.slug}.ipynb"
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    from course.gradebook import workbook_stamp

    nb.metadata["course"] = {"chapter": ch.slug, "version": _version(), "workbook": workbook_stamp(nb)}
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as f:  # "x": fails if it exists, even in a race
        nbformat.write(nb, f)
    return target


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("minds-machines-exponentials")
    except metadata.PackageNotFoundError:
        return "unknown"


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- checking a notebook
CELL_TIMEOUT = 60  # seconds one cell may run in `course check` before it is interrupted


def notebook_chapter(nb, path: Path) -> str | None:
    """The chapter a notebook belongs to: its metadata (set by `course copy`), else its file name."""
    chapter = (nb.metadata.get("course") or {}).get("chapter")
    if chapter:
        return chapter
    try:
        return _chapter(Path(path).name).slug
    except KeyError:
        return None


def check_notebook(path: Path, record: bool = True, timeout: float | None = None,
                   cell_timeout: float = CELL_TIMEOUT):
    """Run a notebook headless in a fresh kernel of this environment; return (verdicts, cell problems).

    The notebook's own check cells do not record; afterwards every exercise of the chapter is graded
    by id, each in its own cell (so deleted or moved check cells do not matter), and recorded once.
    A hanging cell is interrupted after `cell_timeout` s; a cell or function that kills the kernel is
    reported and the rest still graded (course/headless.py).
    """
    import nbformat

    from course import headless

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    result = headless.run_notebook(nb, notebook_chapter(nb, path), record=record, cell_timeout=cell_timeout,
                                   call_timeout=timeout, cwd=path.resolve().parent)
    return result.verdicts, [p.text(cell_timeout) for p in result.cell_problems]


def command() -> str:
    """How to type the `course` command here, as the user invoked it (e.g. `.venv/bin/course`)."""
    import shutil

    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    script = argv0 if argv0 is not None and argv0.name == "course" else Path(sys.executable).with_name("course")
    if not script.exists():
        return "course"
    on_path = shutil.which("course")
    if on_path and Path(on_path).resolve() == script.resolve():
        return "course"
    rel = _rel(script)
    return rel if os.sep in rel else f".{os.sep}{rel}"


# ---------------------------------------------------------------- commands
def cmd_list(args) -> int:
    ws = workspace_dir()
    print("  #  chapter                     workbook  your copy  title")
    for ch in chapters.CHAPTERS:
        if not ch.available and not args.all:
            continue
        workbook = (ROOT / "exercises" / f"{ch.slug}.ipynb").exists()
        copy = (ws / f"{ch.slug}.ipynb").exists()
        title = ch.title if len(ch.title) <= 60 else ch.title[:57] + "..."
        print(f"{ch.number:>3}  {ch.slug:<26}  {'yes' if workbook else '-':<8}  {'yes' if copy else '-':<9}  {title}")
    available = len(chapters.available())
    print(f"\n{available} of {len(chapters.CHAPTERS)} chapters are available"
          + ("" if args.all else f" ({command()} list --all shows the planned ones too)")
          + f". Your copies live in {_rel(ws)}/.")
    return 0


def cmd_copy(args) -> int:
    try:
        target = copy_workbook(args.slug, Path(args.to) if args.to else None)
    except KeyError as exc:
        print(f"course copy: {exc.args[0]}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"course copy: {exc}", file=sys.stderr)
        return 2
    except FileExistsError as exc:
        existing = Path(exc.filename or args.to or "")
        slug = _chapter(args.slug).slug
        free = free_name(existing.parent, slug)
        print(f"course copy: {_rel(existing)} already exists, so nothing was copied: your work in it is "
              f"untouched. To get a fresh copy next to it, choose another name:\n"
              f"    {command()} copy {slug} --to {_rel(free)}", file=sys.stderr)
        return 1
    print(f"Copied the workbook to {_rel(target)}. Open it in JupyterLab (left sidebar: workspace/), "
          f"solve the exercises, run each check cell; `{command()} check {_rel(target)}` grades it all.")
    return 0


def free_name(folder: Path, slug: str) -> Path:
    """The first of <slug>-2.ipynb, <slug>-3.ipynb, ... in `folder` that does not exist yet."""
    n = 2
    while (folder / f"{slug}-{n}.ipynb").exists():
        n += 1
    return folder / f"{slug}-{n}.ipynb"


def cmd_check(args) -> int:
    path = Path(args.notebook)
    if not path.exists():
        print(f"course check: no such notebook: {args.notebook}", file=sys.stderr)
        return 2
    print(f"Running {_rel(path)} headless (this takes a few seconds)...", flush=True)
    try:
        verdicts, errors = check_notebook(path, record=not args.no_record, timeout=args.timeout,
                                          cell_timeout=args.cell_timeout)
    except Exception as exc:  # the notebook is not valid JSON, no kernel could start, ...
        print(f"course check: could not run {_rel(path)}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    for v in verdicts:
        print()
        print(v["text"])
    if any("did not return within" in v["text"] for v in verdicts):
        print(f"\n(The time limit per call: `{command()} check --timeout S`, or COURSE_CHECK_TIMEOUT=S in the "
              "environment, e.g. when your computer is slow.)")
    if errors:
        print("\nCells with a problem (the checks above still ran):")
        for e in errors:
            print(f"  {e}")
        if any("was interrupted" in e for e in errors):
            print(f"  (The time limit per cell: `{command()} check --cell-timeout S`, now {args.cell_timeout:g} s.)")
    passed = sum(v["status"] == "passed" for v in verdicts)
    print()
    if not verdicts:
        print("No graded exercises found: does the notebook import its chapter's grader "
              "(from exercises.<chapter> import grader)?")
        return 1
    print(f"{passed} of {len(verdicts)} exercises passed."
          + ("" if args.no_record else f" Recorded in your progress ({command()} progress)."))
    return 0 if passed == len(verdicts) else 1


def cmd_grade(args) -> int:
    from course import gradebook

    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"course grade: no such folder: {args.submissions}", file=sys.stderr)
        return 2
    if args.chapter:
        try:
            args.chapter = _chapter(args.chapter).slug
        except KeyError as exc:
            print(f"course grade: {exc.args[0]}", file=sys.stderr)
            return 2
    limits = gradebook.Limits(time=args.time_limit, cell=args.cell_timeout, memory_mb=args.memory_mb,
                              call=args.timeout)
    print(f"Grading the notebooks in {_rel(folder)}, {args.jobs} at a time (each in its own kernel, scratch "
          f"folder and scrubbed environment; limits: {limits.time:g} s and {limits.memory_mb} MB per notebook, "
          f"{limits.cell:g} s per cell)...", flush=True)
    report = gradebook.grade_folder(folder, Path(args.out), jobs=args.jobs, assigned=args.chapter,
                                    limits=limits, progress=lambda line: print("  " + line, flush=True))
    if not report["submissions"]:
        print(f"No .ipynb files found in {_rel(folder)}.")
        return 1
    print(f"\n{report['submissions']} submissions: {report['graded']} graded now, {report['cached']} unchanged "
          f"(reused from {_rel(report['outputs']['cache'])}/).\n")
    print(gradebook.text_summary(report["summary"]))
    out = report["outputs"]
    print(f"\nGrades (one row per student and exercise): {_rel(out['csv'])}\n"
          f"Per exercise: {_rel(out['summary'])}, and as a picture: {_rel(out['html'])}\n"
          f"Feedback for each student (the verdicts they would see): {_rel(out['feedback'])}/")
    return 0


def cmd_progress(args) -> int:
    from course import progress

    rows = progress.summary()
    print(progress.text(rows))
    page = progress.write_html(Path(args.html) if args.html else None, rows)
    print(f"\nPicture: {page}  (open it in a browser; it works offline)")
    print(f"Data: {progress.db_path()} (SQLite, on this machine only)")
    return 0


def cmd_lab(args, rest: list[str]) -> int:
    try:
        lab = importlib.import_module("course.lab")
    except ModuleNotFoundError as exc:
        if exc.name not in ("course.lab", None):
            raise
        print("course lab is not available in this version (course/lab.py is missing). Start JupyterLab "
              "directly instead:\n    .venv/bin/jupyter lab --ip=127.0.0.1", file=sys.stderr)
        return 1
    return int(lab.main(rest) or 0)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="course", description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("list", help="chapters, and which have a workbook and a copy of yours")
    s.add_argument("--all", action="store_true", help="also list the planned chapters")
    s = sub.add_parser("copy", help="copy a chapter's workbook into your workspace (never overwrites)")
    s.add_argument("slug", help="chapter slug, e.g. td-learning")
    s.add_argument("--to", help="target path (default: workspace/<slug>.ipynb)")
    s = sub.add_parser("check", help="run a notebook headless and print every verdict")
    s.add_argument("notebook")
    s.add_argument("--no-record", action="store_true", help="do not record the verdicts in your progress")
    s.add_argument("--timeout", type=float, help="seconds one call of a graded function may take")
    s.add_argument("--cell-timeout", type=float, default=CELL_TIMEOUT,
                   help=f"seconds one cell may run before it is interrupted (default {CELL_TIMEOUT})")
    s = sub.add_parser("grade", help="(teachers) grade a folder of submitted workbooks into a gradebook",
                       description="Grade every .ipynb in SUBMISSIONS_DIR (each in its own kernel and scratch "
                                   "copy) into a CSV gradebook, a summary, a picture and feedback pages. Student "
                                   "code runs with your privileges: see the README.")
    s.add_argument("submissions", metavar="SUBMISSIONS_DIR")
    s.add_argument("--out", default="grades.csv", help="the gradebook CSV; the other outputs go next to it")
    s.add_argument("--jobs", type=int, default=1, help="notebooks graded at once (default 1)")
    s.add_argument("--chapter", help="the assigned chapter: a workbook of another chapter is reported, not graded")
    s.add_argument("--time-limit", type=float, default=300, help="seconds per notebook (default 300)")
    s.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell (default 60)")
    s.add_argument("--memory-mb", type=int, default=2048, help="memory per notebook's kernel (default 2048)")
    s.add_argument("--timeout", type=float, help="seconds one call of a graded function may take")
    s = sub.add_parser("progress", help="your progress per chapter, as text and as a picture")
    s.add_argument("--html", help="where to write the picture (default: next to the database)")
    sub.add_parser("lab", help="start JupyterLab for the course (arguments are passed on)", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["lab"]:
        return cmd_lab(None, argv[1:])
    args = parser().parse_args(argv)
    try:
        return {"list": cmd_list, "copy": cmd_copy, "check": cmd_check, "grade": cmd_grade,
                "progress": cmd_progress}[args.command](args)
    except BrokenPipeError:  # output piped into `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
