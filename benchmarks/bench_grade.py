"""`course grade` speed: a generated class of td-learning workbooks graded at --jobs 1 and --jobs 2.

The class (make_class): right answers, wrong answers (a known mistake), untouched stubs, and hostile
submissions (a cell-level endless loop, a function that never returns, a memory bomb, a crashing
cell, a function that kills the kernel when graded, a truncated file, another chapter's workbook, an older workbook version).
Prints notebooks per minute at each --jobs, the re-run time with every submission cached, and the
overhead per notebook beyond the kernel start and the notebook's own cells and grading (what the
driver adds: scratch copy, limits, scrubbed environment, parsing, shutdown, cache and outputs).

Run: .venv/bin/python benchmarks/run.py bench_grade   (BENCH_GRADE_N=60 notebooks by default)
"""
from __future__ import annotations

import inspect
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course import cli, gradebook, headless  # noqa: E402

CHAPTER = "td-learning"
WRONG_TD_UPDATE = '''def td_update(V, s, r, s_next, alpha, gamma, terminal):
    V = np.array(V, dtype=float)
    bootstrap = 0.0 if terminal else V[s_next]  # forgot the discount
    V[s] += alpha * (r + bootstrap - V[s])
    return V
'''
# kind -> what the submission does; the hostile kinds are each used twice in a class of 60
HOSTILE = ["hang", "loop_fn", "memory", "crash", "exit_fn", "malformed", "other_chapter", "old_version"]


def _answers() -> dict[str, str]:
    """function name -> source of a right answer (the reference's own source, as a student might write it)."""
    from exercises.td_learning import grader

    return {ex.function: inspect.getsource(ex.reference) for ex in grader.exercises.values()}


def _fill(nb, answers: dict[str, str]):
    for cell in nb.cells:
        if cell.cell_type == "code" and "NotImplementedError" in cell.source:
            for name, source in answers.items():
                if f"def {name}(" in cell.source:
                    cell.source = source
    return nb


def submission(kind: str, workspace: Path, name: str) -> Path:
    """Write one generated submission of the given kind; return its path."""
    import nbformat

    path = workspace / f"{name}.ipynb"
    if kind == "other_chapter":
        cli.copy_workbook("genome-compression", path)
        return path
    cli.copy_workbook(CHAPTER, path)
    nb = nbformat.read(path, as_version=4)
    answers = _answers()
    setup = 1 + next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    star = nbformat.v4.new_code_cell("from widgets.td_learning import *  # the helpers the answers use\n"
                                     f"del {', '.join(_answers())}  # but not the reference solutions")
    if kind == "stubs":
        answers = {}
    elif kind == "wrong":
        answers["td_update"] = WRONG_TD_UPDATE
    elif kind == "loop_fn":
        answers["td_update"] = "def td_update(V, s, r, s_next, alpha, gamma, terminal):\n    while True:\n        pass\n"
    elif kind == "exit_fn":
        answers["td_update"] = "def td_update(V, s, r, s_next, alpha, gamma, terminal):\n    import os\n    os._exit(0)\n"
    elif kind == "old_version":
        answers["td0_update"] = answers.pop("td_update").replace("def td_update(", "def td0_update(")
        nb.metadata["course"].update(version="0.0.9", workbook="0123456789abcdef")
    _fill(nb, answers)
    if kind == "old_version":  # the old workbook named the function differently
        for cell in nb.cells:
            if cell.cell_type == "code" and "NotImplementedError" in cell.source and "def td_update(" in cell.source:
                cell.source = answers["td0_update"]
    extra = {"hang": "while True:\n    pass",
             "memory": "hoard = []\nwhile True:\n    hoard.append(bytearray(50 * 2**20))",
             "crash": "import os\nos._exit(1)"}.get(kind)
    nb.cells[setup:setup] = [star] + ([nbformat.v4.new_code_cell(extra)] if extra else [])
    nbformat.write(nb, path)
    if kind == "malformed":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # truncated mid-upload
    return path


def make_class(folder: Path, n: int = 60, per_kind: int = 2) -> dict[str, str]:
    """n submissions in `folder`: `per_kind` of each hostile kind, the rest right / wrong / stubs (5:4:1)."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = [k for k in HOSTILE for _ in range(per_kind)][: max(0, n - 3)]
    plain = ["right", "wrong", "stubs", "right", "wrong", "right", "wrong", "right", "wrong", "right"]
    kinds += [plain[i % len(plain)] for i in range(n - len(kinds))]
    made = {}
    for i, kind in enumerate(kinds):
        name = f"student{i:03d}_{CHAPTER}"
        submission(kind, folder, name)
        made[name] = kind
    return made


def _overhead(folder: Path, repeat: int = 5) -> tuple[float, float, float]:
    """(seconds per right notebook through grade_submission, kernel start + cells + grading alone, kernel start)."""
    import nbformat

    path = submission("right", folder, "probe")
    specs = gradebook.exercise_specs(CHAPTER)
    limits = gradebook.Limits()
    full, bare, start = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        gradebook.grade_submission(path, folder, CHAPTER, limits)
        full.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        kernel = headless.Kernel(cwd=folder)
        start.append(time.perf_counter() - t0)
        nb = nbformat.read(path, as_version=4)
        for _, source in headless.code_cells(nb):
            kernel.run(source, 60)
        for spec in specs:
            kernel.run("import course.headless as _h\n"
                       f"_h.grade_one(globals(), {CHAPTER!r}, {spec['id']!r}, False)", 60)
        kernel.shutdown()
        bare.append(time.perf_counter() - t0)
    return statistics.median(full), statistics.median(bare), statistics.median(start)


def run(n: int | None = None) -> dict:
    n = int(os.environ.get("BENCH_GRADE_N", 60)) if n is None else n
    work = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    os.environ["COURSE_DATA_DIR"] = str(work / "data")
    results = {}
    try:
        kinds = make_class(work / "class", n)
        limits = gradebook.Limits(cell=10)
        print(f"a class of {n} td-learning workbooks: " + ", ".join(
            f"{sum(v == k for v in kinds.values())} {k}" for k in dict.fromkeys(kinds.values())))
        print("per-cell limit 10 s (the 2 hanging workbooks wait for it), 300 s and 2048 MB per notebook")
        for jobs in (1, 2):
            out = work / f"jobs{jobs}" / "grades.csv"
            t0 = time.perf_counter()
            report = gradebook.grade_folder(work / "class", out, jobs=jobs, assigned=CHAPTER, limits=limits)
            seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = gradebook.grade_folder(work / "class", out, jobs=jobs, assigned=CHAPTER, limits=limits)
            cached = time.perf_counter() - t0
            rate = 60 * n / seconds
            results[jobs] = {"seconds": seconds, "per_minute": rate, "cached_seconds": cached,
                             "rows": len(report["rows"]), "regraded": again["graded"]}
            rerun = (f"re-run, all cached: {cached:.2f} s" if again["graded"] == 0 else
                     f"re-run: {again['graded']} re-graded in {cached:.1f} s (the grader's sources changed meanwhile)")
            print(f"--jobs {jobs}: {seconds:6.1f} s for {n} notebooks = {rate:5.1f} notebooks/min "
                  f"({len(report['rows'])} rows); {rerun}")
        full, bare, start = _overhead(work / "probe")
        results["overhead"] = {"full": full, "bare": bare, "kernel_start": start}
        print(f"one right workbook: {full:.2f} s through course grade; kernel start {start:.2f} s + its cells "
              f"and grading {bare - start:.2f} s = {bare:.2f} s; overhead per notebook {full - bare:+.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else None), indent=1))
