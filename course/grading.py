"""Grade a learner's function, check by check, and never crash while doing it.

An exercise is a reference function plus *checks*. A check names one property
("bootstraps from the next state with gamma") and generates the argument tuples
that test it: a few visible ones the learner can read, and hidden randomized ones
so that hard-coding the shown example fails. For each case the learner's output
is compared with the reference's. Known mistakes are deliberately wrong variants
of the reference: if the learner's output matches one of them on the failing case,
the verdict gives that mistake's targeted hint.

    grader = Grader("td-learning", [Exercise(...), ...])
    grader.check("td_update")          # finds td_update among the caller's globals
    grader.check("td_update", my_fn)   # or grade a function you pass in

Checks are keyed by exercise id, never by cell metadata, so deleting, moving or
duplicating notebook cells cannot break grading.
"""
from __future__ import annotations

import copy
import hashlib
import html
import inspect
import io
import math
import signal
import sys
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

DEFAULT_TIMEOUT = 3.0  # seconds one call of the learner's function may take
MAX_PRINTED = 2_000  # characters of the learner's printed output we keep


# ---------------------------------------------------------------- definitions
@dataclass
class Check:
    """One property of the answer, tested on visible and hidden cases."""

    tests: str  # what the check tests, shown in the verdict
    cases: Callable[[np.random.Generator], Sequence[tuple]]  # rng -> argument tuples
    hint: str = ""  # shown when this check fails and no known mistake matches
    hidden: bool = False  # hidden cases: inputs are randomized and not shown up front


@dataclass
class Mistake:
    """A common wrong answer, written as code, with the hint that addresses it."""

    name: str
    variant: Callable  # a deliberately wrong implementation
    hint: str


@dataclass
class Exercise:
    id: str  # key used by grader.check(id); unique within the course
    function: str  # name of the function the learner writes
    reference: Callable
    checks: list[Check]
    mistakes: list[Mistake] = field(default_factory=list)
    title: str = ""
    rtol: float = 1e-6
    atol: float = 1e-9
    timeout: float = DEFAULT_TIMEOUT
    compare: Callable[[Any, Any], str | None] | None = None  # custom: (expected, got) -> problem

    def seed(self) -> int:
        """A fixed seed per exercise: the same verdict after a kernel restart."""
        return int.from_bytes(hashlib.sha256(self.id.encode()).digest()[:4], "little")

    def differences(self, expected, got) -> str | None:
        if self.compare is not None:
            return self.compare(expected, got)
        return describe_difference(expected, got, self.rtol, self.atol)


# ---------------------------------------------------------------- comparing
def _fmt(value, limit: int = 400) -> str:
    """A short, readable rendering of a value for verdicts."""
    with np.printoptions(precision=6, suppress=True, threshold=40, edgeitems=4):
        if isinstance(value, np.ndarray):
            text = np.array2string(value, separator=", ")
            if value.ndim and value.size > 1:
                text += f"  (shape {value.shape}, dtype {value.dtype})"
        elif isinstance(value, (float, np.floating)):
            text = f"{float(value):.6g}"
        elif isinstance(value, tuple):
            text = "(" + ", ".join(_fmt(v, limit) for v in value) + ("," if len(value) == 1 else "") + ")"
        elif isinstance(value, dict):
            text = "{" + ", ".join(f"{k!r}: {_fmt(v, limit)}" for k, v in value.items()) + "}"
        elif isinstance(value, list):
            text = "[" + ", ".join(_fmt(v, limit) for v in value) + "]"
        elif callable(value):
            text = getattr(value, "__name__", "a function")
        else:
            text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_number(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))


def describe_difference(expected, got, rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """None if `got` matches `expected`, else one sentence saying how it differs."""
    if isinstance(expected, np.ndarray):
        if not isinstance(got, (np.ndarray, list, tuple)) or isinstance(got, tuple) and not got:
            return f"expected a numpy array of shape {expected.shape}, got {type(got).__name__}"
        try:
            got_arr = np.asarray(got)
        except Exception:  # ragged lists
            return f"expected a numpy array of shape {expected.shape}; could not turn your value into one"
        if got_arr.shape != expected.shape:
            return f"expected shape {expected.shape}, got shape {got_arr.shape}"
        if expected.dtype.kind in "fc" and got_arr.dtype.kind not in "fciub":
            return f"expected numbers (dtype {expected.dtype}), got dtype {got_arr.dtype}"
        if expected.dtype.kind in "fciu":
            if got_arr.dtype.kind not in "fciub":
                return f"expected numbers, got dtype {got_arr.dtype}"
            got_f = got_arr.astype(float)
            exp_f = expected.astype(float)
            bad_got = ~np.isfinite(got_f) & np.isfinite(exp_f)
            if bad_got.any():
                i = tuple(int(k) for k in np.argwhere(bad_got)[0])
                return f"your array contains {got_f[i]} at index {i if len(i) > 1 else i[0]} (NaN or infinity) where a finite number was expected"
            close = np.isclose(got_f, exp_f, rtol=rtol, atol=atol, equal_nan=True)
            if not close.all():
                i = tuple(int(k) for k in np.argwhere(~close)[0])
                where = i if len(i) > 1 else (i[0] if i else "()")
                return (f"{int((~close).sum())} of {close.size} entries differ; first at index {where}: "
                        f"expected {exp_f[i]:.6g}, got {got_f[i]:.6g}")
            return None
        return None if np.array_equal(expected, got_arr) else "the values differ"
    if _is_number(expected) or isinstance(expected, (bool, np.bool_)):
        if isinstance(expected, (bool, np.bool_)):
            if not isinstance(got, (bool, np.bool_)):
                return f"expected True or False, got {type(got).__name__}"
            return None if bool(got) == bool(expected) else f"expected {bool(expected)}, got {bool(got)}"
        if isinstance(got, np.ndarray) and got.ndim == 0:
            got = got.item()
        if not _is_number(got):
            return f"expected a number, got {type(got).__name__}"
        if not math.isfinite(float(got)) and math.isfinite(float(expected)):
            return f"expected a finite number, got {float(got)}"
        if not math.isclose(float(got), float(expected), rel_tol=rtol, abs_tol=atol):
            return f"expected {float(expected):.6g}, got {float(got):.6g}"
        return None
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)):
            return f"expected a tuple of {len(expected)} values, got {type(got).__name__}"
        if len(got) != len(expected):
            return f"expected a tuple of {len(expected)} values, got {len(got)}"
        for k, (e, g) in enumerate(zip(expected, got)):
            problem = describe_difference(e, g, rtol, atol)
            if problem:
                return f"item {k} of the tuple: {problem}"
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"expected a dict, got {type(got).__name__}"
        if set(got) != set(expected):
            return f"expected keys {sorted(expected)}, got {sorted(got)}"
        for k in expected:
            problem = describe_difference(expected[k], got[k], rtol, atol)
            if problem:
                return f"key {k!r}: {problem}"
        return None
    try:
        equal = bool(expected == got)
    except Exception:
        equal = False
    return None if equal else f"expected {_fmt(expected)}, got {_fmt(got)}"


# ---------------------------------------------------------------- calling safely
class _Timeout(BaseException):
    """Raised inside the learner's call when it runs too long (BaseException:
    a bare `except Exception` in their code cannot swallow it)."""


class _BoundedText(io.TextIOBase):
    """A stdout stand-in that keeps the first MAX_PRINTED characters and counts the rest."""

    def __init__(self):
        self.kept, self.total = [], 0

    def writable(self):
        return True

    def write(self, s):
        if self.total < MAX_PRINTED:
            self.kept.append(s[: MAX_PRINTED - self.total])
        self.total += len(s)
        return len(s)

    def text(self):
        return "".join(self.kept)


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None  # the learner's exception
    error_text: str = ""  # their traceback, trimmed to their own code
    timed_out: bool = False
    printed: int = 0  # characters printed during the call
    mutated: str = ""  # description of an argument the call changed


def _snapshot(args):
    try:
        return copy.deepcopy(args)
    except Exception:
        return None


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b) or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
    except Exception:
        return True


def _trimmed_traceback(exc: BaseException) -> str:
    """The learner's traceback without the grader's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    lines = traceback.format_list(frames[-6:])
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


def call_safely(fn: Callable, args: tuple, timeout: float = DEFAULT_TIMEOUT) -> Outcome:
    """Call fn(*args) guarding against exceptions, endless loops, floods of
    printing and mutated inputs. Never raises (except KeyboardInterrupt)."""
    out = Outcome()
    before = _snapshot(args)
    buffer = _BoundedText()

    def run():
        old_out, old_err = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = buffer
        try:
            out.value = fn(*args)
        except _Timeout:
            out.timed_out = True
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - anything the learner's code throws
            out.error, out.error_text = exc, _trimmed_traceback(exc)
        finally:
            sys.stdout, sys.stderr = old_out, old_err

    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if use_alarm:
        def on_alarm(signum, frame):
            raise _Timeout()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            run()
        except _Timeout:  # the alarm fired in the gap after fn returned
            out.timed_out = out.timed_out or out.error is None and out.value is None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    else:  # no SIGALRM (Windows, or a worker thread): abandon the call after the timeout
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            out.timed_out = True
    out.printed = buffer.total
    if before is not None and not out.timed_out:
        for k, (a, b) in enumerate(zip(before, args)):
            if not _same(a, b):
                out.mutated = f"argument {k + 1} ({_fmt(a, 120)} before the call, {_fmt(b, 120)} after)"
                break
    return out


# ---------------------------------------------------------------- verdicts
@dataclass
class CheckResult:
    tests: str
    passed: bool
    hidden: bool


@dataclass
class Verdict:
    exercise: str
    title: str
    status: str  # "passed" | "failed" | "not attempted" | "missing"
    results: list[CheckResult] = field(default_factory=list)
    message: str = ""  # the one paragraph that explains a failure
    case: dict[str, str] = field(default_factory=dict)  # inputs / expected / got of the failing case
    hint: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def score(self) -> tuple[int, int]:
        return sum(r.passed for r in self.results), len(self.results)

    def headline(self) -> str:
        k, n = self.score
        name = f"{self.exercise}" + (f" ({self.title})" if self.title else "")
        if self.status == "passed":
            return f"✅ {name}: {k} of {n} checks passed."
        if self.status == "not attempted":
            return f"⬜ {name}: not attempted yet, 0 of {n} checks passed."
        if self.status == "missing":
            return f"⬜ {name}: nothing to grade yet."
        return f"❌ {name}: {k} of {n} checks passed."

    def __str__(self) -> str:
        lines = [self.headline()]
        for r in self.results:
            mark = "✓" if r.passed else "✗"
            lines.append(f"  {mark} {r.tests}" + (" [hidden cases]" if r.hidden else ""))
        if self.message:
            lines.append(self.message)
        for key, value in self.case.items():
            lines.append(f"  {key}: {value}")
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {"passed": "#1b7837", "failed": "#b2182b"}.get(self.status, "#555555")
        rows = "".join(
            f"<li>{'✓' if r.passed else '✗'} {html.escape(r.tests)}{' <em>[hidden cases]</em>' if r.hidden else ''}</li>"
            for r in self.results
        )
        parts = [f'<div class="course-verdict" style="border-left:4px solid {colour};padding:0.3em 0.8em">',
                 f"<strong>{html.escape(self.headline())}</strong>"]
        if rows:
            parts.append(f'<ul style="list-style:none;margin:0.3em 0;padding-left:0.5em">{rows}</ul>')
        if self.message:
            parts.append(f"<p>{html.escape(self.message)}</p>")
        if self.case:
            cells = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                            f"<td><pre style='margin:0;white-space:pre-wrap'>{html.escape(v)}</pre></td></tr>"
                            for k, v in self.case.items())
            parts.append(f"<table>{cells}</table>")
        if self.hint:
            parts.append(f"<p><strong>Hint:</strong> {html.escape(self.hint)}</p>")
        parts.append("</div>")
        return "".join(parts)


def _call_label(fn_name: str, args: tuple) -> str:
    return f"{fn_name}(" + ", ".join(_fmt(a, 200) for a in args) + ")"


def grade(ex: Exercise, fn: Callable | None, seed: int | None = None) -> Verdict:
    """Run every check of `ex` on `fn` and explain the first failure."""
    verdict = Verdict(ex.id, ex.title, "passed")
    if fn is None:
        verdict.status = "missing"
        verdict.message = (f"There is no function named `{ex.function}` yet. Run the cell that defines "
                           f"`def {ex.function}(...)` first, or pass your function: check({ex.id!r}, my_function).")
        verdict.results = [CheckResult(c.tests, False, c.hidden) for c in ex.checks]
        return verdict
    if not callable(fn):
        verdict.status = "failed"
        verdict.message = f"`{ex.function}` should be a function, but it is a {type(fn).__name__}."
        verdict.results = [CheckResult(c.tests, False, c.hidden) for c in ex.checks]
        return verdict
    rng = np.random.default_rng(ex.seed() if seed is None else seed)
    first_failure = None
    for check in ex.checks:
        try:
            cases = list(check.cases(rng))
        except Exception as exc:  # a bug in the course, not the learner's fault: say so
            verdict.status = "failed"
            verdict.message = f"The grader could not build its test cases ({exc!r}). Please report this."
            verdict.results.append(CheckResult(check.tests, False, check.hidden))
            continue
        ok = True
        for args in cases:
            problem = _judge(ex, fn, args)
            if problem is None:
                continue
            ok = False
            if problem.get("stub"):
                verdict.status = "not attempted"
                verdict.message = (f"`{ex.function}` still raises NotImplementedError: replace the "
                                   "`raise NotImplementedError` line with your code, run the cell, then check again.")
                verdict.results = [CheckResult(c.tests, False, c.hidden) for c in ex.checks]
                return verdict
            if first_failure is None:
                first_failure = (check, args, problem)
            break
        verdict.results.append(CheckResult(check.tests, ok, check.hidden))
    if first_failure is not None:
        check, args, problem = first_failure
        verdict.status = "failed"
        verdict.message = f"Check failed: {check.tests}. {problem['message']}"
        verdict.case = {"call": _call_label(ex.function, args)}
        if "expected" in problem:
            verdict.case["expected"] = problem["expected"]
        if "got" in problem:
            verdict.case["got"] = problem["got"]
        verdict.hint = problem.get("hint") or check.hint
    return verdict


def _judge(ex: Exercise, fn: Callable, args: tuple) -> dict | None:
    """None if fn is right on this case; otherwise what went wrong."""
    expected = ex.reference(*_fresh(args))
    out = call_safely(fn, _fresh(args), ex.timeout)
    printed_note = ""
    if out.printed > MAX_PRINTED:
        printed_note = f" (It also printed {out.printed:,} characters; only the first {MAX_PRINTED:,} would be shown.)"
    if out.timed_out:
        return {"message": f"Your function did not return within {ex.timeout:g} s: look for a loop that never ends."
                           + printed_note, "expected": _fmt(expected)}
    if isinstance(out.error, NotImplementedError):
        return {"stub": True}
    if out.error is not None:
        return {"message": "Your function raised an exception:\n" + out.error_text + printed_note,
                "expected": _fmt(expected)}
    if out.mutated:
        return {"message": f"Your function changed its input {out.mutated}. Work on a copy (e.g. `V = V.copy()`)."
                           + printed_note, "expected": _fmt(expected), "got": _fmt(out.value)}
    problem = ex.differences(expected, out.value)
    if problem is None:
        return None
    result = {"message": problem[0].upper() + problem[1:] + "." + printed_note,
              "expected": _fmt(expected), "got": _fmt(out.value)}
    if out.value is None:
        result["hint"] = "Your function returned None: did you forget the `return` statement?"
        return result
    for mistake in ex.mistakes:
        try:
            wrong = mistake.variant(*_fresh(args))
        except Exception:
            continue
        if ex.differences(wrong, out.value) is None:
            result["hint"] = mistake.hint
            break
    return result


def _fresh(args: tuple) -> tuple:
    return copy.deepcopy(args)


# ---------------------------------------------------------------- the grader
class Grader:
    """The exercises of one chapter: grader.check("id") like otter-grader."""

    def __init__(self, chapter: str, exercises: Sequence[Exercise]):
        self.chapter = chapter
        self.exercises = {ex.id: ex for ex in exercises}
        assert len(self.exercises) == len(exercises), "exercise ids must be unique"
        for ex in exercises:
            _REGISTRY[ex.id] = (chapter, ex)

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def check(self, exercise_id: str, fn: Callable | None = None, *, record: bool = True) -> Verdict:
        """Grade the learner's function for `exercise_id` and show the verdict.

        Without `fn`, the function is looked up by name among the caller's globals.
        """
        ex = self.exercises.get(exercise_id)
        if ex is None:
            known = ", ".join(repr(k) for k in self.exercises)
            return Verdict(exercise_id, "", "missing",
                           message=f"There is no exercise {exercise_id!r} in chapter {self.chapter}. Known: {known}.")
        if fn is None:
            fn = sys._getframe(1).f_globals.get(ex.function)
        verdict = grade(ex, fn)
        if record:
            _record(self.chapter, verdict)
        return verdict

    def solution(self, exercise_id: str) -> "Solution":
        """The reference solution's source, folded behind a toggle, with its own verdict."""
        ex = self.exercises[exercise_id]
        return Solution(ex, grade(ex, ex.reference))


def _record(chapter: str, verdict: Verdict) -> None:
    """Keep the verdict in the learner's local progress database; never fail a check over it."""
    try:
        from course import progress
    except ImportError:
        return
    try:
        progress.record(chapter, verdict)
    except Exception as exc:  # progress is a convenience; grading must still work
        print(f"(Progress not saved: {exc})", file=sys.stderr)


_REGISTRY: dict[str, tuple[str, Exercise]] = {}


class Solution:
    """Displays as a <details> toggle in JupyterLab and in the book."""

    def __init__(self, ex: Exercise, verdict: Verdict):
        self.ex, self.verdict = ex, verdict
        self.source = inspect.getsource(ex.reference)

    def __repr__(self) -> str:
        return f"Reference solution for {self.ex.id} ({self.verdict.headline()})\n\n{self.source}"

    def _repr_html_(self) -> str:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        code = highlight(self.source, PythonLexer(), HtmlFormatter(noclasses=True, nobackground=True))
        return (f'<details class="course-solution"><summary>Show the reference solution of '
                f"<code>{html.escape(self.ex.id)}</code></summary>{code}"
                f"<p>Graded against itself: {html.escape(self.verdict.headline())}</p></details>")
