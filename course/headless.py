"""Run a notebook headless in a fresh kernel, grade every exercise, and survive whatever its cells do.

Used by `course check` (one learner, their own notebook) and `course grade` (a teacher, a folder of
submissions). The driver (this process) never runs the notebook's code: a Jupyter kernel does.

    result = run_notebook(path, chapter=None, cell_timeout=60)
    result.verdicts      # one dict per exercise: Verdict.to_dict() + "text" (what the learner sees) + ...
    result.cell_problems # cells that raised, hung (interrupted) or killed the kernel

What a notebook can do, and what happens:
- a cell raises: reported (cell number, first line, exception), the next cells still run;
- a cell runs longer than `cell_timeout`: the kernel is interrupted (KeyboardInterrupt, like the
  stop button), the cell is reported like a raising cell, the rest still runs. If the interrupt does
  not stop it (code that catches KeyboardInterrupt, a long C call) the kernel is killed and handled
  as below;
- a cell kills the kernel (os._exit, a segfault, the memory limit): reported, then a fresh kernel
  re-runs the notebook without that cell;
- grading one exercise kills or hangs the kernel (the learner's function calls os._exit, ...): that
  exercise gets a failed verdict saying so, and the remaining exercises are graded in a fresh kernel
  that re-ran the notebook.
Each exercise is graded in its own cell, so its time is measured and one bad function cannot take
the others' verdicts with it. Every restart removes one cell or one exercise, so this always ends;
`total_timeout` bounds the whole run (remaining exercises then become "not graded" verdicts).

Kernels talk over Unix sockets in a private directory (IPC transport), not TCP on localhost: no
other local user can connect, and ipykernel's "Kernel is running over TCP without encryption"
warning never appears. `QuietKernelManager` is the same for nbclient users (tools/).
"""
from __future__ import annotations

import inspect
import json
import os
import queue
import shutil
import sys
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client import KernelManager
from jupyter_core.utils import run_sync
from traitlets import CaselessStrEnum

MARK = "@@course-check@@"  # prefixes the JSON a grading cell prints
INTERRUPT_GRACE = 5.0  # seconds a cell gets to stop after an interrupt before its kernel is killed
KEEP_OUTPUT = 20_000  # characters of a cell's printed output kept (the report line is always kept)


# ---------------------------------------------------------------- kernels
class QuietKernelManager(KernelManager):
    """A KernelManager on IPC transport (Unix sockets in a private temporary directory) on POSIX.

    nbclient: NotebookClient(nb, kernel_manager_class=QuietKernelManager, ...)."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc" if os.name == "posix" else "tcp",
                                config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._sockets = None
        if self.transport == "ipc" and not os.path.isabs(self.ip):
            # an absolute prefix: the kernel and this process may have different working directories
            self._sockets = tempfile.mkdtemp(prefix="course-kernel-")
            weakref.finalize(self, shutil.rmtree, self._sockets, True)
            self.ip = os.path.join(self._sockets, "k")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._sockets:  # at shutdown, not only at exit (pool workers skip atexit)
            shutil.rmtree(self._sockets, ignore_errors=True)

    cleanup_resources = run_sync(_async_cleanup_resources)


@dataclass
class Run:
    """What one cell did."""
    status: str  # ok | error | timeout (interrupted, kernel alive) | hung (kernel had to be killed) | died
    ename: str = ""
    evalue: str = ""
    stdout: str = ""
    seconds: float = 0.0


class Kernel:
    """One python3 kernel, its output in `log` (never on our terminal)."""

    def __init__(self, cwd: str | Path | None = None, env: dict | None = None, log=None):
        self.km = QuietKernelManager(kernel_name="python3")
        sink = log if log is not None else open(os.devnull, "w")
        extra = {"cwd": str(cwd)} if cwd else {}
        self.km.start_kernel(env=dict(os.environ if env is None else env), stdout=sink, stderr=sink, **extra)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=120)
        except BaseException:
            self.shutdown()
            raise

    def alive(self) -> bool:
        try:
            return bool(self.km.is_alive())
        except Exception:
            return False

    def run(self, code: str, timeout: float) -> Run:
        start = time.monotonic()
        msg_id = self.kc.execute(code, store_history=False, allow_stdin=False, stop_on_error=False)
        out: list[str] = []
        kept, marked = 0, False
        run = Run("ok")
        deadline, interrupted, last_poll = start + max(timeout, 0.1), False, 0.0
        while True:
            now = time.monotonic()
            if now - last_poll > 0.25:
                last_poll = now
                if not self.alive():
                    run.status = "died"
                    break
            if now > deadline:
                if interrupted:
                    run.status = "hung"
                    break
                try:
                    self.km.interrupt_kernel()
                except Exception:
                    run.status = "hung"
                    break
                interrupted, deadline = True, now + INTERRUPT_GRACE
            try:
                msg = self.kc.get_iopub_msg(timeout=0.1)
            except queue.Empty:
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                text = content.get("text", "")
                if marked:  # the report may arrive in several stream messages
                    out.append(text)
                elif MARK in text:
                    marked = True
                    out = [text[text.index(MARK):]]
                elif kept < KEEP_OUTPUT:
                    out.append(text[: KEEP_OUTPUT - kept])
                    kept += len(out[-1])
            elif kind == "error":
                run.status, run.ename, run.evalue = "error", content.get("ename", ""), content.get("evalue", "")
            elif kind == "status" and content.get("execution_state") == "idle":
                break
        if interrupted and run.status in ("ok", "error"):
            run.status = "timeout"
        run.stdout = "".join(out)
        run.seconds = time.monotonic() - start
        return run

    def shutdown(self) -> None:
        try:
            self.kc.stop_channels()
        except Exception:
            pass
        try:
            self.km.shutdown_kernel(now=True)
        except Exception:
            pass


# ---------------------------------------------------------------- the kernel side
def _graders(chapter: str | None) -> list:
    import importlib

    from course import grading

    if chapter:
        try:
            module = importlib.import_module(f"exercises.{chapter.replace('-', '_')}")
            if getattr(module, "grader", None) is not None:
                return [module.grader]
        except Exception:
            pass
    return list(grading._GRADERS.values())  # whatever graders the notebook itself imported


def _report(obj) -> None:
    sys.stdout.write(MARK + json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def list_exercises(chapter: str | None) -> None:
    """(In the kernel.) Print the exercises to grade: the chapter's, else those the notebook imported."""
    _report([{"chapter": g.chapter, "id": ex.id, "title": ex.title, "function": ex.function,
              "checks": [[c.tests, c.hidden] for c in ex.checks]}
             for g in _graders(chapter) for ex in g.exercises.values()])


def grade_one(namespace: dict, chapter: str | None, exercise_id: str, record: bool) -> None:
    """(In the kernel.) Grade one exercise with the function `namespace` defines; print the verdict."""
    from course import grading

    start = time.perf_counter()
    grader = next(g for g in _graders(chapter) if exercise_id in g.exercises)
    ex = grader.exercises[exercise_id]
    # the same call Grader.check_all makes for a whole notebook: with the integrity checks (numpy rebound,
    # the chapter's reference doing the work) where this version of the grader has them
    strict = {"own_work": True, "allow_reference": False} if "own_work" in inspect.signature(grading.grade).parameters else {}
    verdict = grading.grade(ex, namespace.get(ex.function), **strict)
    seconds = time.perf_counter() - start
    if record:
        try:
            from course import progress
            progress.record(grader.chapter, verdict)
        except Exception as exc:  # progress is a convenience; the verdict still counts
            print(f"(Progress not saved: {exc})", file=sys.stderr)
    mistake = next((m.name for m in ex.mistakes if verdict.hint and m.hint == verdict.hint), "")
    _report({"chapter": grader.chapter, "text": str(verdict), "html": verdict._repr_html_(),
             "mistake": mistake, "seconds": round(seconds, 3), **verdict.to_dict()})


# ---------------------------------------------------------------- the driver side
@dataclass
class CellProblem:
    cell: int  # 1-based position in the notebook (markdown cells count)
    first_line: str
    kind: str  # error | timeout | died | hung
    ename: str = ""
    evalue: str = ""

    def text(self, cell_timeout: float) -> str:
        where = f"cell {self.cell}" + (f" ({self.first_line})" if self.first_line else "")
        if self.kind == "timeout":
            return (f"{where}: did not finish within {cell_timeout:g} s, so it was interrupted "
                    "(an endless loop, or a very slow cell?)")
        if self.kind == "hung":
            return (f"{where}: did not finish within {cell_timeout:g} s and did not stop when interrupted, "
                    "so its kernel was stopped and the notebook re-run without this cell")
        if self.kind == "died":
            return (f"{where}: ended the Python process (os._exit, a crash, or the memory limit), so the "
                    "notebook was re-run without this cell in a fresh kernel")
        return f"{where}: {self.ename}: {self.evalue[:200]}"


@dataclass
class NotebookResult:
    chapter: str | None
    verdicts: list[dict] = field(default_factory=list)
    cell_problems: list[CellProblem] = field(default_factory=list)
    restarts: int = 0
    seconds: float = 0.0
    note: str = ""  # why grading stopped early, if it did


def code_cells(nb) -> list[tuple[int, str]]:
    """(1-based notebook position, source) of every code cell."""
    return [(i, c.source) for i, c in enumerate(nb.cells, start=1) if c.cell_type == "code"]


def _first_line(source: str) -> str:
    lines = source.strip().splitlines()
    return lines[0][:60] if lines else ""


def _failed_verdict(spec: dict, message: str, status: str = "failed") -> dict:
    from course.grading import CheckResult, Verdict

    v = Verdict(spec["id"], spec.get("title", ""), status,
                [CheckResult(t, False, bool(h)) for t, h in spec.get("checks", [])], message)
    return {"chapter": spec.get("chapter"), "text": str(v), "html": v._repr_html_(), "mistake": "",
            "seconds": 0.0, **v.to_dict()}


def _parse(run: Run):
    if MARK not in run.stdout:
        return None
    line = run.stdout[run.stdout.index(MARK) + len(MARK):].splitlines()[0]
    try:
        return json.loads(line)
    except ValueError:
        return None


def run_notebook(nb, chapter: str | None, *, record: bool = False, cell_timeout: float = 60,
                 total_timeout: float | None = None, call_timeout: float | None = None,
                 env: dict | None = None, cwd: str | Path | None = None, prologue: str = "",
                 exercises: list[dict] | None = None, log=None) -> NotebookResult:
    """Run the code cells of `nb` (a NotebookNode) in a fresh kernel, then grade each exercise.

    env: the kernel's whole environment (default: ours); cwd: its working directory; prologue: code run
    first in every kernel (e.g. resource limits); exercises: what to grade (default: asked from the
    kernel after the notebook ran: its chapter's grader, else every grader the notebook imported).
    """
    start = time.monotonic()
    env = dict(os.environ if env is None else env)
    env["COURSE_NO_RECORD"] = "1"  # the notebook's own check cells never record; grading below decides
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if call_timeout:
        env["COURSE_CHECK_TIMEOUT"] = str(call_timeout)
    cells = code_cells(nb)
    result = NotebookResult(chapter)
    skip: dict[int, CellProblem] = {}  # cells not re-run after a restart (they hung or killed the kernel)
    graded: dict[str, dict] = {}
    specs = list(exercises) if exercises is not None else None

    def left() -> float:
        return float("inf") if total_timeout is None else total_timeout - (time.monotonic() - start)

    while True:
        if left() <= 0:
            result.note = "; ".join(x for x in (result.note, f"the notebook's time limit ({total_timeout:g} s) ran out") if x)
            break
        kernel = Kernel(cwd=cwd, env=env, log=log)
        restart = False
        try:
            problems: list[CellProblem] = []
            if prologue:
                run = kernel.run(prologue, 30)
                if run.status != "ok" and "prologue" not in result.note:
                    result.note = f"the prologue (limits) failed: {run.ename}: {run.evalue[:120]}"
            for index, source in cells:
                if index in skip:
                    continue
                if left() <= 0:
                    break
                run = kernel.run(source, min(cell_timeout, max(left(), 0.1)))
                if run.status in ("error", "timeout"):
                    problems.append(CellProblem(index, _first_line(source), run.status, run.ename, run.evalue))
                    if run.status == "timeout":
                        skip[index] = problems[-1]
                elif run.status in ("died", "hung"):
                    skip[index] = CellProblem(index, _first_line(source), run.status)
                    restart = True
                    break
            if restart:
                continue
            found = {p.cell: p for p in problems}
            found.update(skip)  # cells skipped in this pass were reported in an earlier one
            result.cell_problems = [found[k] for k in sorted(found)]
            if left() <= 0:
                result.note = "; ".join(x for x in (result.note, f"the notebook's time limit ({total_timeout:g} s) ran out") if x)
                break
            if specs is None:
                run = kernel.run("import course.headless as _course_headless\n"
                                 f"_course_headless.list_exercises({chapter!r})", 120)
                specs = (_parse(run) or []) if run.status == "ok" else []
            for spec in specs:
                if spec["id"] in graded:
                    continue
                if left() <= 0:
                    break
                run = kernel.run("import course.headless as _course_headless\n"
                                 f"_course_headless.grade_one(globals(), {spec.get('chapter') or chapter!r}, "
                                 f"{spec['id']!r}, {record!r})", min(max(cell_timeout, 60), max(left(), 0.1)))
                verdict = _parse(run) if run.status == "ok" else None
                if verdict is not None:
                    graded[spec["id"]] = verdict
                    continue
                name = f"`{spec.get('function') or spec['id']}`"
                if run.status in ("died", "hung"):
                    how = ("ended the Python process (os._exit, a crash, or the memory limit)" if run.status == "died"
                           else "never returned, even when interrupted")
                    message = (f"Grading {name} {how}: your function, or something it calls, does that. "
                               "The other exercises were graded in a fresh kernel.")
                    graded[spec["id"]] = _failed_verdict(spec, message)
                    restart = True
                    break
                if run.status == "timeout":
                    message = f"Grading {name} took longer than {max(cell_timeout, 60):g} s in all, so it was stopped."
                else:
                    message = (f"The grading cell failed ({run.ename}: {run.evalue[:200]}): did the notebook "
                               "replace something the grader needs?")
                graded[spec["id"]] = _failed_verdict(spec, message)
            if restart:
                continue
            break
        finally:
            kernel.shutdown()
            result.restarts += 1
    result.restarts -= 1
    if not result.cell_problems and skip:  # stopped by the time limit before a full pass
        result.cell_problems = [skip[k] for k in sorted(skip)]
    for spec in specs or []:
        if spec["id"] not in graded:
            graded[spec["id"]] = _failed_verdict(
                spec, f"Not graded: {result.note or 'the run stopped early'}.", status="not graded")
    result.verdicts = [graded[s["id"]] for s in specs or []]
    result.seconds = time.monotonic() - start
    return result
