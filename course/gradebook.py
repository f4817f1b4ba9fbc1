"""Grade a folder of submitted workbooks: `course grade SUBMISSIONS_DIR --out grades.csv [--jobs N]`.

Each submission runs headless in its own kernel, in its own scratch copy and working directory,
with a scrubbed environment and per-notebook limits (wall time, memory, CPU), N at a time; every
exercise is graded by id with the same grader and the same verdicts a student sees
(course/headless.py). Nothing a submission does stops the batch: a hanging cell is interrupted,
a kernel that dies is replaced, a malformed file, a workbook of another chapter or of an older
course version becomes rows that say so. Every submission gives one row per exercise.

Outputs, next to --out (say grades.csv):
    grades.csv             one row per student x exercise
    grades-summary.csv     per exercise: pass rate, and the most common known mistake (its hint)
    grades.html            that summary as a picture (offline: plotly.js inlined) and a table
    grades-feedback/       one HTML page per submission with the verdicts the student would see
    grades-cache/          one JSON per graded submission, keyed by a content hash: re-running on
                           the same folder reuses them, so only new or changed submissions run.

Who a submission belongs to: a notebook directly in SUBMISSIONS_DIR is named after its student
(`alice.ipynb`, `alice_td-learning.ipynb`: a chapter slug in the name is dropped); a notebook in a
subfolder belongs to that folder's student (`alice/td-learning.ipynb`). The chapter comes from the
notebook's metadata (written by `course copy`), else from a slug in its file name; --chapter says
which chapter was assigned, and a workbook of another chapter is then reported, not graded.

Student code runs with the privileges of whoever runs this command. The limits stop accidents
(endless loops, memory bombs, crashes), not an attacker: run it inside the hub image (README).
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from course import chapters

ROOT = chapters.ROOT
COLUMNS = ["student", "chapter", "exercise", "status", "checks_passed", "checks_total", "seconds",
           "mistake", "reason", "notebook_seconds", "file", "note"]
# statuses of a whole submission that could not be graded (besides the verdict statuses
# passed | failed | not attempted | missing | error | not graded)
UNREADABLE, WRONG_CHAPTER, UNKNOWN_CHAPTER, CRASHED = "unreadable", "wrong chapter", "unknown chapter", "crashed"
CACHE_FORMAT = 1


@dataclass(frozen=True)
class Limits:
    time: float = 300.0  # seconds of wall time per notebook (all cells, restarts and grading)
    cell: float = 60.0  # seconds one cell may run before it is interrupted
    memory_mb: int = 2048  # address space of the kernel process (RLIMIT_AS)
    call: float | None = None  # seconds per call of a graded function (default: the exercise's)

    def prologue(self) -> str:
        """Code run first in every kernel: the memory, CPU-time and file-size limits."""
        mem = int(self.memory_mb) * 2**20
        cpu = int(self.time) + 5
        return ("import resource as _course_r\n"
                f"_course_r.setrlimit(_course_r.RLIMIT_AS, ({mem}, {mem}))\n"
                f"_course_r.setrlimit(_course_r.RLIMIT_CPU, ({cpu}, {cpu + 5}))\n"
                f"_course_r.setrlimit(_course_r.RLIMIT_FSIZE, ({256 * 2**20}, {256 * 2**20}))\n"
                "del _course_r")


# ---------------------------------------------------------------- finding submissions
def find_submissions(folder: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    out = []
    for path in sorted(Path(folder).rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or any(path.is_relative_to(s) for s in skip):
            continue
        out.append(path)
    return out


def _slug_in(name: str) -> str | None:
    """The longest chapter slug (or its underscored module name) contained in a file name."""
    found = [ch.slug for ch in chapters.CHAPTERS if ch.slug in name or ch.module in name]
    return max(found, key=len) if found else None


def student_id(path: Path, folder: Path) -> str:
    rel = Path(path).relative_to(folder)
    if len(rel.parts) > 1:
        return rel.parts[0]
    stem = rel.stem
    slug = _slug_in(stem)
    if slug:
        for form in (slug, slug.replace("-", "_")):
            stem = re.sub(rf"[-_ .]*{re.escape(form)}[-_ .]*", "_", stem).strip("_")
    return stem or rel.stem


def workbook_stamp(nb) -> str:
    """A short hash of a workbook's cells as the course ships them (stored in copies by `course copy`)."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        digest.update(cell.cell_type.encode() + b"\0" + cell.source.encode() + b"\0")
    return digest.hexdigest()[:16]


def current_workbook_stamp(chapter: str) -> str | None:
    import nbformat

    path = ROOT / "exercises" / f"{chapter}.ipynb"
    try:
        return workbook_stamp(nbformat.read(path, as_version=4))
    except Exception:
        return None


def exercise_specs(chapter: str) -> list[dict]:
    """The exercises of a chapter's grader, as course.headless expects them ([] if it has none)."""
    import importlib

    try:
        grader = importlib.import_module(f"exercises.{chapter.replace('-', '_')}").grader
    except Exception:
        return []
    return [{"chapter": grader.chapter, "id": ex.id, "title": ex.title, "function": ex.function,
             "checks": [[c.tests, c.hidden] for c in ex.checks]} for ex in grader.exercises.values()]


def _local_imports(path: Path) -> set[Path]:
    """The course's own modules (course/, widgets/, exercises/) a module imports, found in its source."""
    import ast

    found = set()
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return found
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            if name.split(".")[0] in ("course", "widgets", "exercises"):
                f = ROOT.joinpath(*name.split(".")).with_suffix(".py")
                if f.is_file():
                    found.add(f)
    return found


def sources_hash(chapter: str) -> str:
    """What a chapter's grades depend on besides the submission: its grader, every course module that
    grader imports (followed through imports), the grading machinery, and data/. Other chapters'
    modules are left out, so editing them does not re-grade this chapter's submissions."""
    todo = [ROOT / "exercises" / f"{chapter.replace('-', '_')}.py",
            *(ROOT / "course" / f for f in ("grading.py", "headless.py", "gradebook.py", "progress.py"))]
    files: set[Path] = set()
    while todo:
        f = todo.pop()
        if f in files or not f.is_file():
            continue
        files.add(f)
        todo += _local_imports(f)
    files |= {f for f in (ROOT / "data").glob("**/*") if f.is_file()}
    digest = hashlib.sha256()
    for f in sorted(files):
        digest.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------- grading one submission
def scrubbed_env(scratch: Path) -> dict:
    """The kernel's whole environment: nothing of the teacher's but PATH's system part."""
    venv_bin = str(Path(sys.executable).parent)
    return {"PATH": os.pathsep.join([venv_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(scratch), "TMPDIR": str(scratch / "tmp"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "IPYTHONDIR": str(scratch / ".ipython"), "JUPYTER_CONFIG_DIR": str(scratch / ".jupyter"),
            "MPLCONFIGDIR": str(scratch / ".matplotlib"), "MPLBACKEND": "Agg",
            "COURSE_NO_RECORD": "1", "COURSE_DATA_DIR": str(scratch / "course-data"),
            "COURSE_WORKSPACE": str(scratch), "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def _rows_for(specs: list[dict], status: str, reason: str, chapter: str | None) -> list[dict]:
    if not specs:
        return [{"chapter": chapter or "", "exercise": "", "status": status, "checks_passed": 0,
                 "checks_total": 0, "seconds": 0.0, "mistake": "", "reason": reason}]
    return [{"chapter": s["chapter"], "exercise": s["id"], "status": status, "checks_passed": 0,
             "checks_total": len(s["checks"]), "seconds": 0.0, "mistake": "", "reason": reason} for s in specs]


def _reason(verdict: dict) -> str:
    if verdict["status"] == "passed":
        return ""
    first = (verdict.get("message") or "").strip().splitlines()
    return first[0][:300] if first else ""


def grade_submission(path: Path, folder: Path, assigned: str | None, limits: Limits) -> dict:
    """Everything about one submission: its rows, its feedback, its cell problems. Never raises."""
    start = time.monotonic()
    result = {"student": student_id(path, folder), "file": Path(path).relative_to(folder).as_posix(),
              "chapter": assigned or "", "note": "", "rows": [], "verdicts_html": [], "cells": []}
    try:
        return _grade_submission(path, assigned, limits, result, start)
    except Exception as exc:  # a bug here must not lose the submission: one row that says so
        chapter = result["chapter"] or assigned or _slug_in(Path(path).name)
        result["rows"] = _rows_for(exercise_specs(chapter) if chapter else [], CRASHED,
                                   f"could not be graded: {type(exc).__name__}: {str(exc)[:200]}", chapter)
        result["verdicts_html"], result["cells"] = [], []
        return _finish(result, start)


def _grade_submission(path: Path, assigned: str | None, limits: Limits, result: dict, start: float) -> dict:
    import nbformat

    try:
        nb = nbformat.reads(Path(path).read_bytes().decode("utf-8"), as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except Exception as exc:
        chapter = assigned or _slug_in(Path(path).name)
        result["chapter"] = chapter or ""
        detail = f"{type(exc).__name__}: {str(exc)[:160]}".strip()
        result["rows"] = _rows_for(exercise_specs(chapter) if chapter else [], UNREADABLE,
                                   f"the file is not a readable notebook ({detail}); nothing ran", chapter)
        return _finish(result, start)
    meta = nb.metadata.get("course") or {}
    declared = meta.get("chapter") or _slug_in(Path(path).name)
    chapter = assigned or declared
    result["chapter"] = chapter or ""
    if not chapter:
        result["rows"] = _rows_for([], UNKNOWN_CHAPTER, "neither the notebook's metadata nor its file name names "
                                   "a chapter; pass --chapter SLUG", None)
        return _finish(result, start)
    specs = exercise_specs(chapter)
    if declared and assigned and declared != assigned:
        result["rows"] = _rows_for(specs, WRONG_CHAPTER, f"this is a workbook of chapter {declared}, not "
                                   f"{assigned}; it was not graded", chapter)
        return _finish(result, start)
    if not specs:
        result["rows"] = _rows_for([], UNKNOWN_CHAPTER, f"chapter {chapter} has no graded exercises", chapter)
        return _finish(result, start)
    stamp, current = meta.get("workbook"), current_workbook_stamp(chapter)
    if stamp and current and stamp != current:
        result["note"] = ("made from an older version of the workbook (course " + str(meta.get("version", "?"))
                          + "): an exercise it lacks is graded as missing")
    scratch = Path(tempfile.mkdtemp(prefix="course-grade-"))
    try:
        (scratch / "tmp").mkdir()
        shutil.copyfile(path, scratch / Path(path).name)  # its own copy: the original is never touched
        from course import headless

        with open(scratch / "kernel.log", "w") as log:
            run = headless.run_notebook(nb, chapter, record=False, cell_timeout=limits.cell,
                                        total_timeout=limits.time, call_timeout=limits.call,
                                        env=scrubbed_env(scratch), cwd=scratch, prologue=limits.prologue(),
                                        exercises=specs, log=log)
        for v in run.verdicts:
            result["rows"].append({"chapter": chapter, "exercise": v["exercise"], "status": v["status"],
                                   "checks_passed": v["score"][0], "checks_total": v["score"][1],
                                   "seconds": round(float(v.get("seconds") or 0), 3),
                                   "mistake": v.get("mistake", ""), "reason": _reason(v)})
            result["verdicts_html"].append(v["html"])
        result["cells"] = [p.text(limits.cell) for p in run.cell_problems]
        if run.note:
            result["note"] = "; ".join(x for x in (result["note"], run.note) if x)
    except Exception as exc:  # the driver itself failed (no kernel could start, ...): still one row each
        result["rows"] = _rows_for(specs, CRASHED, f"could not be run: {type(exc).__name__}: {str(exc)[:200]}",
                                   chapter)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return _finish(result, start)


def _finish(result: dict, start: float) -> dict:
    result["seconds"] = round(time.monotonic() - start, 2)
    for row in result["rows"]:
        row.update(student=result["student"], file=result["file"], note=result["note"],
                   notebook_seconds=result["seconds"])
    return result


# ---------------------------------------------------------------- the batch
def cache_key(path: Path, folder: Path, assigned: str | None, limits: Limits, sources) -> str:
    """sha256 of the submission's bytes, its place, the assignment, the limits and the course sources
    its chapter's grading depends on (`sources`: chapter -> sources_hash)."""
    data = Path(path).read_bytes()
    chapter = assigned
    if not chapter:
        try:
            chapter = (json.loads(data).get("metadata", {}).get("course") or {}).get("chapter")
        except (ValueError, AttributeError):
            chapter = None
        chapter = chapter or _slug_in(Path(path).name)
    digest = hashlib.sha256(json.dumps([CACHE_FORMAT, Path(path).relative_to(folder).as_posix(), assigned,
                                        {k: None if v is None else float(v) for k, v in limits.__dict__.items()},
                                        sources(chapter) if chapter else ""]).encode())
    digest.update(data)
    return digest.hexdigest()[:32]


def outputs(out: Path) -> dict[str, Path]:
    out = Path(out)
    stem = out.with_suffix("")
    return {"csv": out, "summary": Path(f"{stem}-summary.csv"), "html": stem.with_suffix(".html"),
            "feedback": Path(f"{stem}-feedback"), "cache": Path(f"{stem}-cache")}


def grade_folder(folder: Path, out: Path, jobs: int = 1, assigned: str | None = None,
                 limits: Limits = Limits(), progress=None) -> dict:
    """Grade every submission in `folder`; write the outputs; return counts and the rows."""
    folder, paths_out = Path(folder).resolve(), outputs(Path(out).resolve())
    skip = tuple(p for p in (paths_out["cache"], paths_out["feedback"]) if p.is_relative_to(folder))
    submissions = find_submissions(folder, skip)
    hashes: dict[str, str] = {}

    def sources(chapter: str) -> str:
        if chapter not in hashes:
            hashes[chapter] = sources_hash(chapter)
        return hashes[chapter]

    paths_out["cache"].mkdir(parents=True, exist_ok=True)
    results: dict[Path, dict] = {}
    todo = []
    for path in submissions:
        key = cache_key(path, folder, assigned, limits, sources)
        cached = paths_out["cache"] / f"{key}.json"
        try:
            results[path] = json.loads(cached.read_text())
        except (OSError, ValueError):
            todo.append((path, cached))
    lock = threading.Lock()
    done = [0]

    def work(item):
        path, cached = item
        result = grade_submission(path, folder, assigned, limits)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(result, ensure_ascii=False))
        os.replace(tmp, cached)  # whole or nothing: an interrupted batch leaves no half entry
        with lock:
            done[0] += 1
            if progress:
                progress(f"[{done[0]}/{len(todo)}] {result['file']}: " + _one_line(result))
        return path, result

    with ThreadPoolExecutor(max(1, int(jobs))) as pool:
        for path, result in pool.map(work, todo):
            results[path] = result
    ordered = [results[p] for p in submissions]
    _unique_students(ordered)
    rows = [row for r in ordered for row in r["rows"]]
    write_csv(paths_out["csv"], rows)
    summary = summarize(rows)
    write_csv(paths_out["summary"], summary, list(summary[0]) if summary else ["chapter", "exercise"])
    write_summary_html(paths_out["html"], summary, ordered)
    write_feedback(paths_out["feedback"], ordered)
    return {"submissions": len(submissions), "graded": len(todo), "cached": len(submissions) - len(todo),
            "rows": rows, "summary": summary, "outputs": paths_out, "results": ordered}


def _one_line(result: dict) -> str:
    counts = Counter(r["status"] for r in result["rows"])
    return ", ".join(f"{n} {s}" for s, n in counts.most_common()) + f" ({result['seconds']:.1f} s)"


def _unique_students(results: list[dict]) -> None:
    """Two submissions of one student for one chapter: tell them apart by file."""
    seen = Counter((r["student"], r["chapter"]) for r in results)
    for r in results:
        if seen[(r["student"], r["chapter"])] > 1:
            r["student"] = r["file"][: -len(".ipynb")]
            for row in r["rows"]:
                row["student"] = r["student"]


def write_csv(path: Path, rows: list[dict], columns: list[str] = COLUMNS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def _hints(chapter: str) -> dict[tuple[str, str], str]:
    import importlib

    try:
        grader = importlib.import_module(f"exercises.{chapter.replace('-', '_')}").grader
    except Exception:
        return {}
    return {(ex.id, m.name): m.hint for ex in grader.exercises.values() for m in ex.mistakes}


def summarize(rows: list[dict]) -> list[dict]:
    """Per chapter x exercise: how many passed, and the most common known mistake with its hint."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        if row["exercise"]:
            groups.setdefault((row["chapter"], row["exercise"]), []).append(row)
    hints: dict[str, dict] = {}
    out = []
    for (chapter, exercise), group in groups.items():
        statuses = Counter(r["status"] for r in group)
        mistakes = Counter(r["mistake"] for r in group if r["mistake"])
        top, count = mistakes.most_common(1)[0] if mistakes else ("", 0)
        if chapter not in hints:
            hints[chapter] = _hints(chapter)
        out.append({"chapter": chapter, "exercise": exercise, "submissions": len(group),
                    "passed": statuses["passed"], "pass_rate": round(statuses["passed"] / len(group), 3),
                    "failed": statuses["failed"], "not_attempted": statuses["not attempted"] + statuses["missing"],
                    "not_graded": len(group) - statuses["passed"] - statuses["failed"] - statuses["not attempted"]
                    - statuses["missing"],
                    "most_common_mistake": top, "students_with_it": count,
                    "its_hint": hints[chapter].get((exercise, top), "") if top else ""})
    return out


# ---------------------------------------------------------------- pages
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;
vertical-align:top}}.course-verdict{{margin:1em 0}}pre{{white-space:pre-wrap}}.muted{{color:#666}}</style>
</head><body>{body}</body></html>
"""


def summary_figure(summary: list[dict]):
    import plotly.graph_objects as go

    from course.figures import PALETTE, layout

    labels = [f"{s['chapter']} · {s['exercise']}" for s in summary]
    fig = go.Figure()
    parts = [("passed", "passed", PALETTE["green"]), ("failed", "failed", PALETTE["orange"]),
             ("not_attempted", "not attempted", "#bdbdbd"), ("not_graded", "not graded", "#7f7f7f")]
    for key, name, colour in parts:
        fig.add_bar(y=labels, x=[s[key] for s in summary], name=name, orientation="h", marker_color=colour,
                    customdata=[[s["most_common_mistake"] or "none", s["students_with_it"]] for s in summary],
                    hovertemplate="%{y}<br>" + name + ": %{x}<br>most common mistake: %{customdata[0]} "
                                  "(%{customdata[1]})<extra></extra>")
    n = max((s["submissions"] for s in summary), default=0)
    fig.update_layout(**layout(f"Pass rates per exercise ({n} submissions)", height=max(260, 90 + 30 * len(summary)),
                               legend=dict(orientation="h", x=1, xanchor="right", y=1.0, yanchor="bottom")),
                      barmode="stack", meta={"alt": "Per exercise, how many submissions passed, failed, were not "
                                                    "attempted or could not be graded."})
    fig.update_xaxes(title_text="submissions")
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


def write_summary_html(path: Path, summary: list[dict], results: list[dict]) -> None:
    fig_html = summary_figure(summary).to_html(include_plotlyjs=True, full_html=False, div_id="summary",
                                               config={"displaylogo": False}) if summary else ""  # fixed id: same bytes on a re-run
    head = "".join(f"<th>{h}</th>" for h in ("chapter", "exercise", "passed", "pass rate", "most common mistake",
                                               "students", "its hint"))
    body_rows = "".join(
        f"<tr><td>{html.escape(s['chapter'])}</td><td>{html.escape(s['exercise'])}</td>"
        f"<td>{s['passed']} of {s['submissions']}</td><td>{100 * s['pass_rate']:.0f}%</td>"
        f"<td>{html.escape(s['most_common_mistake'])}</td><td>{s['students_with_it'] or ''}</td>"
        f"<td>{html.escape(s['its_hint'])}</td></tr>" for s in summary)
    problems = "".join(
        f"<li><strong>{html.escape(r['student'])}</strong> ({html.escape(r['file'])}): "
        + html.escape("; ".join(([r["note"]] if r["note"] else []) + r["cells"]
                                + sorted({row['reason'] for row in r['rows'] if row['status'] in
                                          (UNREADABLE, WRONG_CHAPTER, UNKNOWN_CHAPTER, CRASHED)})))
        + "</li>" for r in results if r["note"] or r["cells"] or any(
            row["status"] in (UNREADABLE, WRONG_CHAPTER, UNKNOWN_CHAPTER, CRASHED) for row in r["rows"]))
    body = (f"<h1>Gradebook summary</h1>{fig_html}<table><tr>{head}</tr>{body_rows}</table>"
            + (f"<h2>Submissions with problems</h2><ul>{problems}</ul>" if problems else ""))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(PAGE.format(title="Gradebook summary", body=body), encoding="utf-8")
    os.replace(tmp, path)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "student"


def write_feedback(folder: Path, results: list[dict]) -> None:
    """One page per submission; pages of submissions no longer in the folder are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    written = set()
    for r in results:
        passed = sum(row["status"] == "passed" for row in r["rows"])
        parts = [f"<h1>Feedback: {html.escape(r['student'])}</h1>",
                 f"<p class='muted'>{html.escape(r['file'])} · chapter {html.escape(r['chapter'] or '?')} · "
                 f"{passed} of {len(r['rows'])} exercises passed</p>"]
        if r["note"]:
            parts.append(f"<p><strong>Note:</strong> {html.escape(r['note'])}</p>")
        parts += r["verdicts_html"]
        if not r["verdicts_html"]:
            parts += [f"<p><strong>{html.escape(row['status'])}</strong>: {html.escape(row['reason'])}</p>"
                      for row in r["rows"][:1]]
        if r["cells"]:
            parts.append("<h2>Cells with a problem</h2><ul>"
                         + "".join(f"<li>{html.escape(c)}</li>" for c in r["cells"]) + "</ul>")
        name = _safe(f"{r['student']}-{r['chapter']}" if r["chapter"] else r["student"])
        (folder / f"{name}.html").write_text(PAGE.format(title=f"Feedback: {html.escape(r['student'])}",
                                                         body="".join(parts)), encoding="utf-8")
        written.add(f"{name}.html")
    for page in folder.glob("*.html"):
        if page.name not in written:
            page.unlink()


def text_summary(summary: list[dict]) -> str:
    lines = [f"{'exercise':<34} {'passed':>9}  most common mistake"]
    for s in summary:
        mistake = f"{s['most_common_mistake']} ({s['students_with_it']})" if s["most_common_mistake"] else "-"
        lines.append(f"{(s['chapter'] + ' · ' + s['exercise'])[:34]:<34} {s['passed']:>3} of {s['submissions']:<3}  "
                     f"{mistake}")
    return "\n".join(lines)
