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

What the learner sees for each kind of bad answer (one paragraph, never a crash,
never "passed"): the untouched stub is "not attempted yet"; an exception shows their
own traceback, trimmed to their code; a wrong signature names the expected one; a
call that does not return within the timeout (Exercise.timeout, overridden by the
environment variable COURSE_CHECK_TIMEOUT, in seconds) is stopped; wrong type, shape,
dtype, NaN/inf, generators or lists where an array is expected are named; a changed
input argument fails the check; printing more than FLOOD_LIMIT characters in one call
fails the check (small prints are allowed and swallowed); answers that only fit the
shown example fail the hidden randomized cases.

Types follow one rule: an array where an array is expected (a list fails, saying its values
are right), booleans where booleans are expected (0/1 fails, and the reverse), integer results
exactly, floats to rtol/atol; a difference is printed with as many digits as it takes to see
it, and arrays name the first differing index. grader.check refuses to grade (and says why)
when numpy/math functions were rebound in the kernel (the comparisons use copies captured at
import: `np.isclose = ...` cannot make an answer pass) or when the answer calls the exercise's
own reference. When the function is missing or stale, the verdict names the cell to blame: a
syntax error or exception in the cell that defines it, a function defined under another name,
a later cell that redefined it. course/mutation.py checks every grader against mutants of its
reference (tests/test_mutation.py).
"""
from __future__ import annotations

import copy as _copy_module
import hashlib
import html
import inspect as _inspect_module
import io
import math as _math_module
import os
import re
import signal
import sys
import sysconfig
import threading
import traceback
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as _numpy_module


class _Frozen:
    """A module's attributes as they were when the course was imported. The grader uses these, so a
    learner's `np.isclose = lambda *a, **k: True` (or any rebinding of numpy, math, copy, inspect) cannot
    change how answers are compared; tampered() says what was rebound since."""

    def __init__(self, module):
        self.__dict__.update({k: v for k, v in vars(module).items() if not k.startswith("__")})
        object.__setattr__(self, "_module", module)

    def __setattr__(self, name, value):
        raise AttributeError("read-only")

    def tampered(self) -> list[str]:
        now = vars(self._module)
        name = self._module.__name__
        return [f"{name}.{k}" for k, v in self.__dict__.items() if k != "_module" and now.get(k, _MISSING) is not v]


_MISSING = object()
np = _Frozen(_numpy_module)
math = _Frozen(_math_module)
copy = _Frozen(_copy_module)
inspect = _Frozen(_inspect_module)
_FROZEN = (np, math, copy, inspect)
_default_rng = _numpy_module.random.default_rng


def tampered() -> list[str]:
    """Names of numpy/math/copy/inspect, and of this module's own functions, rebound since import."""
    own = [f"course.grading.{k}" for k, v in _OWN.items() if globals().get(k) is not v]
    return [name for frozen in _FROZEN for name in frozen.tampered()] + own


DEFAULT_TIMEOUT = 3.0  # seconds one call of the learner's function may take
TIMEOUT_ENV = "COURSE_CHECK_TIMEOUT"  # seconds; overrides every exercise's timeout when set
MAX_PRINTED = 2_000  # characters of the learner's printed output we keep
FLOOD_LIMIT = 100_000  # characters printed in ONE call above which the check fails
_ROOT = Path(__file__).resolve().parents[1]


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
    timeout: float = DEFAULT_TIMEOUT  # seconds per call; COURSE_CHECK_TIMEOUT overrides it
    compare: Callable[[Any, Any], str | None] | None = None  # custom: (expected, got) -> problem

    def seed(self) -> int:
        """A fixed seed per exercise: the same verdict after a kernel restart."""
        return int.from_bytes(hashlib.sha256(self.id.encode()).digest()[:4], "little")

    def differences(self, expected, got) -> str | None:
        if self.compare is not None:
            return self.compare(expected, got)
        return describe_difference(expected, got, self.rtol, self.atol)

    def effective_timeout(self) -> float:
        """Seconds one call may take: $COURSE_CHECK_TIMEOUT if set to a positive number, else self.timeout."""
        env = os.environ.get(TIMEOUT_ENV, "").strip()
        if env:
            try:
                value = float(env)
                if value > 0 and math.isfinite(value):
                    return value
            except ValueError:
                pass
        return float(self.timeout)


# ---------------------------------------------------------------- comparing
def _fmt(value, limit: int = 400, precision: int = 6) -> str:
    """A short, readable rendering of a value for verdicts (deterministic: no memory addresses).
    Containers are never cut as a whole (each item is shortened), so the wrong item is always shown."""
    try:
        text = _fmt_inner(value, limit, precision)
    except Exception:
        text = f"<a {type(value).__name__} that cannot be shown>"
    if isinstance(value, (tuple, list, dict)):
        return text
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fmt_pair(expected, got) -> tuple[str, str]:
    """expected and got, with more digits when 6 significant digits make them look the same."""
    if isinstance(expected, (float, np.floating)) and _is_number(got) and not isinstance(got, (int, np.integer)):
        try:
            return _distinct(expected, got)  # 0.817070 vs 0.817072, never 0.81707 vs 0.817072
        except (TypeError, ValueError, OverflowError):
            pass
    e, g = _fmt(expected), _fmt(got)
    for precision in (10, 17):
        if e != g:
            break
        e, g = _fmt(expected, precision=precision), _fmt(got, precision=precision)
    return e, g


def _fmt_inner(value, limit: int, precision: int = 6) -> str:
    with np.printoptions(precision=precision, suppress=_fixed_point(value, precision), threshold=40, edgeitems=4):
        if isinstance(value, np.ndarray):
            text = np.array2string(value, separator=", ")
            if value.ndim and value.size > 1:
                text += f"  (shape {value.shape}, dtype {value.dtype})"
        elif isinstance(value, (float, np.floating)):
            text = f"{float(value):.{precision}g}"
        elif isinstance(value, tuple):
            items = [_fmt(v, limit, precision) for v in value[:20]] + (["..."] if len(value) > 20 else [])
            text = "(" + ", ".join(items) + ("," if len(value) == 1 else "") + ")"
        elif isinstance(value, dict):
            items = [f"{k!r}: {_fmt(v, limit, precision)}" for k, v in list(value.items())[:20]]
            text = "{" + ", ".join(items + (["..."] if len(value) > 20 else [])) + "}"
        elif isinstance(value, list):
            items = [_fmt(v, limit, precision) for v in value[:20]] + (["..."] if len(value) > 20 else [])
            text = "[" + ", ".join(items) + "]"
        elif isinstance(value, (types.GeneratorType, map, filter, zip, range)):
            text = f"a {type(value).__name__} object"
        elif callable(value):
            text = getattr(value, "__name__", "a function")
        else:
            text = repr(value)
            if re.search(r" at 0x[0-9a-fA-F]+>", text):  # default object repr: address varies run to run
                text = f"a {type(value).__name__} object"
    return text


def _fixed_point(value, precision: int) -> bool:
    """Print an array in fixed point (numpy's suppress=True), unless that would show every nonzero entry as 0
    (energies in joules, 1e-15): then numpy's scientific notation, so a call or an expected value stays readable."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "fc" or not value.size:
        return True
    a = np.abs(value[np.isfinite(value)])
    return not (a.size and a.max() > 0 and a.max() < 0.5 * 10.0 ** -precision)


def _fmt_num(x) -> str:
    """A number with enough digits to be read back (an int as is, a float as its shortest repr)."""
    if isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_)):
        return str(int(x))
    try:
        return repr(float(x))
    except Exception:
        return _fmt(x)


def _distinct(a: float, b: float) -> tuple[str, str]:
    """a and b with as few significant digits (at least 6) as make them look different."""
    a, b = float(a), float(b)
    for p in range(6, 18):
        ha, hb = f"{a:#.{p}g}", f"{b:#.{p}g}"  # trailing zeros kept: 0.817070 vs 0.817072
        if ha != hb:
            sa, sb = f"{a:.{p}g}", f"{b:.{p}g}"
            looks_cut = sa != sb and (sb.startswith(sa) or sa.startswith(sb))  # 0.81707 vs 0.817072
            return (ha, hb) if looks_cut else (sa, sb)
    return repr(a), repr(b)


def _index(i: tuple):
    return i if len(i) > 1 else (i[0] if i else "()")


def _is_number(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))


_NAN_NOTE = " (NaN or infinity usually comes from dividing by zero, log(0), an overflow, or np.empty left unfilled)"


def describe_difference(expected, got, rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """None if `got` matches `expected`, else one sentence saying how it differs."""
    if isinstance(expected, np.ndarray):
        if isinstance(got, (types.GeneratorType, map, filter, zip)):
            return (f"expected a numpy array of shape {expected.shape}, got a {type(got).__name__} "
                    "(a lazy sequence with no values yet): build the array, e.g. np.array([... for ...])")
        if not isinstance(got, (np.ndarray, list, tuple)) or isinstance(got, tuple) and not got:
            return f"expected a numpy array of shape {expected.shape}, got {type(got).__name__}"
        try:
            got_arr = np.asarray(got)
        except Exception:  # ragged lists
            return f"expected a numpy array of shape {expected.shape}; could not turn your value into one"
        if not isinstance(got, np.ndarray):
            inner = describe_difference(expected, got_arr, rtol, atol) if got_arr.dtype != object else "x"
            if inner is None:
                return (f"expected a numpy array, got a {type(got).__name__} (its values are right): "
                        "return np.array(...) so that arithmetic on the result works elementwise")
            return f"expected a numpy array of shape {expected.shape}, got a {type(got).__name__}"
        if got_arr.shape != expected.shape:
            return f"expected shape {expected.shape}, got shape {got_arr.shape}"
        # The rule (README, "What a verdict means"): an array where an array is expected (a list fails,
        # above); True/False where True/False is expected (0/1 integers fail) and numbers where numbers
        # are expected (True/False fail); integer results exactly, floats to rtol/atol.
        if expected.dtype.kind == "b":
            if got_arr.dtype.kind != "b":
                same = got_arr.dtype.kind in "iuf" and np.array_equal(got_arr, expected.astype(got_arr.dtype))
                return (f"expected a boolean array (True/False), got dtype {got_arr.dtype}"
                        + (" with the right 0/1 pattern: return the comparison itself (e.g. `a >= b`), "
                           "not numbers" if same else ""))
            diff = got_arr != expected
            if diff.any():
                i = tuple(int(k) for k in np.argwhere(diff)[0])
                return (f"{int(diff.sum())} of {diff.size} entries differ; first at index {_index(i)}: "
                        f"expected {bool(expected[i])}, got {bool(got_arr[i])}")
            return None
        if expected.dtype.kind in "fciu":
            if got_arr.dtype.kind == "b":
                return (f"expected numbers (dtype {expected.dtype}), got a boolean array (True/False): "
                        "convert with .astype(float) only if the numbers are really 0 and 1")
            if got_arr.dtype.kind not in "fciu":
                return f"expected numbers (dtype {expected.dtype}), got dtype {got_arr.dtype}"
            got_f = got_arr.astype(complex if got_arr.dtype.kind == "c" or expected.dtype.kind == "c" else float)
            exp_f = expected.astype(got_f.dtype)
            bad_got = ~np.isfinite(got_f) & np.isfinite(exp_f)
            if bad_got.any():
                i = tuple(int(k) for k in np.argwhere(bad_got)[0])
                return (f"your array contains {got_f[i]} at index {_index(i)} where a finite number was expected"
                        + _NAN_NOTE)
            if expected.dtype.kind in "iu":  # counts: exact
                close = (got_arr == expected) if got_arr.dtype.kind in "iu" else (got_f == exp_f)
            else:
                close = np.isclose(got_f, exp_f, rtol=rtol, atol=atol, equal_nan=True)
            if not close.all():
                i = tuple(int(k) for k in np.argwhere(~close)[0])
                e, g = _distinct(exp_f[i], got_f[i]) if exp_f.dtype.kind == "f" else (_fmt(exp_f[i]), _fmt(got_f[i]))
                return (f"{int((~close).sum())} of {close.size} entries differ; first at index {_index(i)}: "
                        f"expected {e}, got {g}")
            return None
        return None if np.array_equal(expected, got_arr) else "the values differ"
    if _is_number(expected) or isinstance(expected, (bool, np.bool_)):
        if isinstance(expected, (bool, np.bool_)):
            if not isinstance(got, (bool, np.bool_)):
                return f"expected True or False, got {type(got).__name__}"
            return None if bool(got) == bool(expected) else f"expected {bool(expected)}, got {bool(got)}"
        if isinstance(got, np.ndarray) and got.ndim == 0:
            got = got.item()
        if isinstance(got, np.ndarray):
            return f"expected a single number, got a numpy array of shape {got.shape}"
        if not _is_number(got):
            return f"expected a number, got {type(got).__name__}"
        if not math.isfinite(float(got)) and math.isfinite(float(expected)):
            return f"expected a finite number, got {float(got)}" + _NAN_NOTE
        if isinstance(expected, (int, np.integer)):  # a count: exact, whatever its size (no relative tolerance)
            if isinstance(got, (float, np.floating)) and not float(got).is_integer():
                return f"expected the whole number {int(expected)}, got {_fmt_num(got)}"
            if int(got) != int(expected):
                return f"expected {int(expected)}, got {_fmt_num(got)}"
            return None
        if not math.isclose(float(got), float(expected), rel_tol=rtol, abs_tol=atol):
            e, g = _distinct(expected, got)
            return f"expected {e}, got {g}"
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
            return f"expected keys {sorted(expected, key=str)}, got {sorted(got, key=str)}"
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
        s = str(s)
        if self.total < MAX_PRINTED:
            self.kept.append(s[: MAX_PRINTED - self.total])
        self.total += len(s)
        return len(s)

    def flush(self):
        pass

    def text(self):
        return "".join(self.kept)


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None  # the learner's exception
    error_text: str = ""  # their traceback, trimmed to their own code
    timed_out: bool = False
    printed: int = 0  # characters printed during the call
    printed_text: str = ""  # the first MAX_PRINTED of them
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


_LIBRARY_DIRS = tuple(str(Path(p).resolve()) for p in {sysconfig.get_paths()[k] for k in ("stdlib", "purelib", "platlib")})


def _is_learner_file(filename: str) -> bool:
    """Frames of the learner's code: notebook cells and files outside the grader and installed libraries."""
    if filename == __file__ or filename.startswith("<frozen"):
        return False
    if _is_cell(filename):
        return True
    try:
        resolved = str(Path(filename).resolve())
    except Exception:
        return True
    if resolved == str(Path(__file__).resolve()):
        return False
    return not resolved.startswith(_LIBRARY_DIRS) and "site-packages" not in resolved


def _is_cell(filename: str) -> bool:
    return (filename.startswith("<") or "ipython-input" in filename
            or re.search(r"ipykernel_\d+[/\\]", filename) is not None)


def _where(filename: str) -> str:
    """Deterministic location: notebook cells have run-specific file names (/tmp/ipykernel_<pid>/<hash>.py)."""
    if _is_cell(filename):
        return "your cell"
    try:
        return f'File "{Path(filename).resolve().relative_to(_ROOT)}"'
    except ValueError:
        return f'File "{Path(filename).name}"'


def _trimmed_traceback(exc: BaseException) -> str:
    """The learner's traceback without the grader's or libraries' frames (last 6 of their frames)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_learner_file(f.filename)]
    lines = []
    if len(frames) > 6:
        lines.append(f"  ... {len(frames) - 6} earlier calls not shown ...")
    for f in frames[-6:]:
        lines.append(f"  {_where(f.filename)}, line {f.lineno}, in {f.name}")
        if f.line:
            lines.append(f"    {f.line.strip()}")
    last = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    if len(last) > 600:
        last = last[:597] + "..."
    lines.append(re.sub(r" at 0x[0-9a-fA-F]+", "", last))
    return "\n".join(lines)


def call_safely(fn: Callable, args: tuple, timeout: float = DEFAULT_TIMEOUT) -> Outcome:
    """Call fn(*args) guarding against exceptions, endless loops, floods of
    printing and mutated inputs. Never raises (except KeyboardInterrupt)."""
    out = Outcome()
    before = _snapshot(args)
    buffer = _BoundedText()
    inside = [False]  # True only while the learner's code runs: the alarm interrupts nothing else

    old_out, old_err = sys.stdout, sys.stderr

    def run():
        sys.stdout = sys.stderr = buffer
        try:
            inside[0] = True
            out.value = fn(*args)
            inside[0] = False
        except _Timeout:
            out.timed_out = True
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - anything the learner's code throws
            out.error, out.error_text = exc, _trimmed_traceback(exc)
        finally:
            inside[0] = False
            sys.stdout, sys.stderr = old_out, old_err

    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if use_alarm:
        def on_alarm(signum, frame):
            if inside[0]:
                raise _Timeout()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        # keeps firing every 50 ms, so code that catches the first interrupt is interrupted again
        signal.setitimer(signal.ITIMER_REAL, max(timeout, 1e-3), 0.05)
        try:
            run()
        except _Timeout:  # raised while their own except/finally ran: still a timeout
            out.timed_out = True
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            inside[0] = False
            sys.stdout, sys.stderr = old_out, old_err
    else:  # no SIGALRM (Windows, or a worker thread): abandon the call after the timeout
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():  # it keeps running in the background; give the notebook its output back
            out.timed_out = True
            sys.stdout, sys.stderr = old_out, old_err
    if out.timed_out:
        out.error, out.error_text, out.value = None, "", None
    out.printed = buffer.total
    out.printed_text = buffer.text()
    if before is not None and not out.timed_out:
        for k, (a, b) in enumerate(zip(before, args)):
            if not _same(a, b):
                out.mutated = f"argument {k + 1}: before the call {_fmt(a, 120)}, after it {_fmt(b, 120)}"
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
    status: str  # "passed" | "failed" | "not attempted" | "missing" | "error" (a bug in the grader)
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
            return f"✔ {name}: {k} of {n} checks passed."
        if self.status == "not attempted":
            return f"○ {name}: not attempted yet, 0 of {n} checks passed."
        if self.status == "missing":
            return f"○ {name}: nothing to grade yet."
        if self.status == "error":
            return f"⚠️ {name}: the grader could not finish, {k} of {n} checks passed."
        return f"✘ {name}: {k} of {n} checks passed."

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "title": self.title, "status": self.status,
                "score": list(self.score), "results": [[r.tests, r.passed, r.hidden] for r in self.results],
                "message": self.message, "case": dict(self.case), "hint": self.hint}

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
        colour = {"passed": "#1b7837", "failed": "#b2182b", "error": "#b35806"}.get(self.status, "#555555")
        rows = "".join(
            f"<li>{'✓' if r.passed else '✗'} {html.escape(r.tests)}{' <em>[hidden cases]</em>' if r.hidden else ''}</li>"
            for r in self.results
        )
        parts = [f'<div class="course-verdict" style="border-left:4px solid {colour};padding:0.3em 0.8em">',
                 f"<strong>{html.escape(self.headline())}</strong>"]
        if rows:
            parts.append(f'<ul style="list-style:none;margin:0.3em 0;padding-left:0.5em">{rows}</ul>')
        if self.message:
            first, _, rest = self.message.partition("\n")
            parts.append(f"<p>{html.escape(first)}</p>")
            if rest:  # a traceback: keep its lines
                parts.append(f"<pre style='margin:0;white-space:pre-wrap'>{html.escape(rest)}</pre>")
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


def _all_failed(ex: Exercise) -> list[CheckResult]:
    return [CheckResult(c.tests, False, c.hidden) for c in ex.checks]


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _param_names(fn: Callable) -> list[str] | None:
    try:
        return [p.name for p in inspect.signature(fn).parameters.values()]
    except (TypeError, ValueError):
        return None


def _signature_text(name: str, fn: Callable) -> str:
    try:
        return f"{name}{inspect.signature(fn)}"
    except (TypeError, ValueError):
        return f"{name}(...)"


def _signature_problem(ex: Exercise, fn: Callable, args: tuple) -> str | None:
    """A message if fn cannot be called with these arguments (checked before calling it)."""
    try:
        inspect.signature(fn).bind(*args)
    except TypeError as exc:
        ref_sig = _signature_text(ex.function, ex.reference)
        return (f"Your function cannot be called the way the exercise calls it ({len(args)} arguments): "
                f"TypeError: {exc}. Your signature is {_signature_text(ex.function, fn)}; "
                f"the exercise expects {ref_sig}. Keep the parameters of the stub, in that order.")
    except ValueError:  # no signature available (some builtins): just call it
        return None
    return None


def _reference_use(ex: Exercise, fn: Callable, allow_identity: bool) -> str | None:
    """How `fn` hands the work to the chapter's own reference (`td.td_update`), or None."""
    ref = ex.reference
    if fn is ref or getattr(fn, "__wrapped__", None) is ref:
        return None if allow_identity else f"`{ex.function}` IS the chapter's reference function"
    code = getattr(fn, "__code__", None)
    if code is None:
        return None
    names, stack = set(), [code]
    while stack:  # the function and the functions and lambdas nested in it
        c = stack.pop()
        names.update(c.co_names)
        names.update(c.co_freevars)
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    scope = dict(getattr(fn, "__globals__", {}) or {})
    for name, cell in zip(code.co_freevars, getattr(fn, "__closure__", None) or ()):
        try:
            scope[name] = cell.cell_contents  # names from an enclosing function
        except ValueError:  # an empty cell
            pass
    ref_name = getattr(ref, "__name__", None)
    for name in sorted(names):
        value = scope.get(name)
        if value is ref:
            return f"your `{ex.function}` calls `{name}`, which is the chapter's reference function"
        if isinstance(value, types.ModuleType) and ref_name in names and getattr(value, ref_name, None) is ref:
            return f"your `{ex.function}` calls `{name}.{ref_name}`, the chapter's reference function"
    return None


def _integrity_verdict(ex: Exercise, fn: Callable, allow_identity: bool) -> Verdict | None:
    """A verdict when grading `fn` would prove nothing: numpy/math rebound, or the reference doing the work."""
    changed = tampered()
    if changed:
        names = ", ".join(f"`{n}`" for n in changed[:5]) + (" ..." if len(changed) > 5 else "")
        v = Verdict(ex.id, ex.title, "failed", _all_failed(ex))
        v.message = (f"Not graded: {names} {'was' if len(changed) == 1 else 'were'} replaced in this kernel "
                     f"(a line like `np.isclose = ...`). The grader compares with its own copies, but your code and "
                     f"the reference now run on the replaced function, so no check can be trusted. Restart the "
                     f"kernel, remove that line, rerun your cells, then check again.")
        return v
    use = _reference_use(ex, fn, allow_identity)
    if use:
        v = Verdict(ex.id, ex.title, "failed", _all_failed(ex))
        v.message = (f"Not graded: {use}, so checking it would grade the course's code, not yours. Write the "
                     f"computation of `{ex.function}` yourself (you may use numpy and the chapter's other "
                     f"functions), then check again.")
        return v
    return None


def grade(ex: Exercise, fn: Callable | None, seed: int | None = None, *, own_work: bool = False,
          allow_reference: bool = True) -> Verdict:
    """Run every check of `ex` on `fn` and explain the first failure. Never raises
    (except KeyboardInterrupt: the learner pressed stop).

    own_work=True (what grader.check does): refuse to grade when numpy/math functions were rebound in
    the kernel, or when `fn` calls the exercise's own reference; allow_reference=False also refuses fn
    being the reference itself (found by name, e.g. after `td_update = td.td_update`).
    """
    try:
        if own_work and fn is not None and callable(fn):
            verdict = _integrity_verdict(ex, fn, allow_reference)
            if verdict is not None:
                return verdict
        return _grade(ex, fn, seed)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - a bug in the course must not crash the learner's kernel
        verdict = Verdict(getattr(ex, "id", "?"), getattr(ex, "title", ""), "error")
        try:
            verdict.results = _all_failed(ex)
        except Exception:
            pass
        verdict.message = (f"The grader itself failed ({type(exc).__name__}: {_fmt(str(exc), 300)}). "
                           "This is a bug in the course, not in your answer: please report it.")
        return verdict


def _grade(ex: Exercise, fn: Callable | None, seed: int | None) -> Verdict:
    verdict = Verdict(ex.id, ex.title, "passed")
    if fn is None:
        verdict.status = "missing"
        verdict.message = (f"There is no function named `{ex.function}` yet. Run the cell that defines "
                           f"`def {ex.function}(...)` first, or pass your function: check({ex.id!r}, my_function).")
        verdict.results = _all_failed(ex)
        return verdict
    if not callable(fn):
        verdict.status = "failed"
        verdict.message = (f"`{ex.function}` should be a function, but it is {_a(type(fn).__name__)} "
                           f"({_fmt(fn, 80)}). Did a later cell assign to the name `{ex.function}`? "
                           f"Rerun the cell with `def {ex.function}(...)`, then check again.")
        verdict.results = _all_failed(ex)
        return verdict
    rng = _default_rng(ex.seed() if seed is None else seed)
    timeout = ex.effective_timeout()
    first_failure = None
    failing_cases: list = []
    passed_values: list = []  # what fn returned on cases it got right (to spot hard-coded answers)
    stop = ""  # set when the remaining checks are pointless (timeout, wrong signature)
    for check in ex.checks:
        if stop:
            verdict.results.append(CheckResult(check.tests, False, check.hidden))
            continue
        try:
            cases = list(check.cases(rng))
        except Exception as exc:  # a bug in the course, not the learner's fault: say so
            verdict.status = "error"
            verdict.message = f"The grader could not build its test cases ({exc!r}). Please report this."
            verdict.results.append(CheckResult(check.tests, False, check.hidden))
            continue
        ok = True
        for args in cases:
            args = tuple(args)
            problem = _judge(ex, fn, args, timeout)
            if problem is None:
                continue
            if "value" in problem:
                value = problem.pop("value")
                if not check.hidden:  # answers to the shown examples: a hidden case returning one is hard-coded
                    passed_values.append(value)
                if len(problem) == 0:
                    continue
            ok = False
            if problem.get("stub"):
                if not passed_values and first_failure is None:
                    verdict.status = "not attempted"
                    verdict.message = (f"`{ex.function}` is still the untouched stub: replace its `raise` line with your "
                                       "code, run the cell, then check again.")
                    verdict.results = _all_failed(ex)
                    return verdict
                problem = {"message": "Your function raised NotImplementedError on this case: a branch of it "
                                      "is still unfinished.", "expected": problem.get("expected", "")}
            if problem.get("stop"):
                stop = problem["stop"]
            if first_failure is None:
                first_failure = (check, args, problem)
                failing_cases = cases
            break
        verdict.results.append(CheckResult(check.tests, ok, check.hidden))
    if first_failure is not None:
        check, args, problem = first_failure
        verdict.status = "failed" if verdict.status != "error" else "error"
        verdict.message = f"Check failed: {check.tests}. {problem['message']}"
        if stop:
            verdict.message += f" (The remaining checks were skipped: {stop}.)"
        verdict.case = {"call": _call_label(ex.function, args)}
        for key in ("expected", "got", "printed"):
            if problem.get(key):
                verdict.case[key] = problem[key]
        hint = problem.get("hint") or ""
        if problem.get("mistakes"):  # a known mistake's hint only if the answer is that mistake on every case
            fits = next((m for m in problem["mistakes"] if _fits_every_case(ex, fn, m, failing_cases, timeout)), None)
            hint = fits.hint if fits is not None else ""
        got = problem.get("got_value")
        if not hint and check.hidden and passed_values and not isinstance(got, (bool, np.bool_, int, np.integer, type(None))):
            if any(_matches(ex, earlier, got) for earlier in passed_values):
                hint = ("Your function returned the same answer it gave for a different input (the shown "
                        "example?). It must compute the result from its arguments; the hidden cases change them.")
        verdict.hint = hint or check.hint
    return verdict


def _matches(ex: Exercise, a, b) -> bool:
    try:
        return ex.differences(a, b) is None
    except Exception:
        return False


def _judge(ex: Exercise, fn: Callable, args: tuple, timeout: float | None = None) -> dict | None:
    """None if fn is right on this case (or {"value": ...} with its output); otherwise what went wrong."""
    timeout = ex.effective_timeout() if timeout is None else timeout
    expected = ex.reference(*_fresh(args))
    signature = _signature_problem(ex, fn, args)
    if signature:
        return {"message": signature, "stop": "the signature does not match"}
    out = call_safely(fn, _fresh(args), timeout)
    printed = ""
    if out.printed:
        printed = out.printed_text[:200].rstrip() + (f" ... ({out.printed:,} characters in all)"
                                                      if out.printed > 200 else "")
    if out.timed_out:
        return {"message": f"Your function did not return within {timeout:g} s, so it was stopped: look for a "
                           f"loop that never ends (or a very slow one). The limit is set by the environment "
                           f"variable {TIMEOUT_ENV}.", "printed": printed,
                "stop": "they would time out too"}
    if isinstance(out.error, NotImplementedError):
        return {"stub": True, "expected": _fmt(expected)}
    if out.error is not None:
        return {"message": "Your function raised an exception (your code's part of the traceback):\n"
                           + out.error_text, "expected": _fmt(expected), "printed": printed}
    try:
        problem = ex.differences(expected, out.value)
    except Exception as exc:
        problem = f"your value ({_a(type(out.value).__name__)}) could not be compared with the expected one ({type(exc).__name__})"
    if out.printed > FLOOD_LIMIT:
        verdict_on_value = "Its return value was right on this case." if problem is None else \
            f"Its return value was also wrong: {problem}."
        return {"message": f"Your function printed {out.printed:,} characters in one call (the limit is "
                           f"{FLOOD_LIMIT:,}): that floods the notebook and slows everything down. Remove or "
                           f"shorten its print statements, then check again. {verdict_on_value}",
                "expected": _fmt(expected), "got": _fmt(out.value), "printed": printed}
    if out.mutated:
        names = _param_names(ex.reference) or []
        k = int(re.match(r"argument (\d+)", out.mutated).group(1)) - 1
        name = names[k] if k < len(names) else f"argument {k + 1}"
        change = out.mutated.split(": ", 1)[1]
        return {"message": f"Your function changed its input `{name}` (argument {k + 1}) in place: {change}. "
                           f"The caller's data must stay as it was: work on a copy (e.g. `{name} = {name}.copy()`).",
                "expected": _fmt(expected), "got": _fmt(out.value), "printed": printed}
    if problem is None:
        return {"value": out.value}
    shown_expected, shown_got = _fmt_pair(expected, out.value)
    result = {"message": problem[0].upper() + problem[1:] + ".", "expected": shown_expected,
              "got": shown_got, "got_value": out.value, "printed": printed}
    if out.value is None:
        result["hint"] = "Your function returned None: did you forget the `return` statement?"
        return result
    matching = []
    for mistake in ex.mistakes:
        try:
            with np.errstate(all="ignore"):
                wrong = mistake.variant(*_fresh(args))
        except Exception:
            continue
        if _matches(ex, wrong, out.value):
            matching.append(mistake)
    if matching:
        result["hint"] = matching[0].hint
        result["mistakes"] = matching
    return result


def _fits_every_case(ex: Exercise, fn: Callable, mistake: Mistake, cases: list, timeout: float) -> bool:
    """True if fn gives the mistake's answer on every case of the check (one matching case can be chance:
    a yes/no decision, or two slips that agree on one input)."""
    for args in cases:
        out = call_safely(fn, _fresh(tuple(args)), timeout)
        if out.timed_out:
            return False
        try:
            with np.errstate(all="ignore"):
                wrong = mistake.variant(*_fresh(tuple(args)))
        except Exception:  # the mistake raises here: so must the answer
            if out.error is None:
                return False
            continue
        if out.error is not None or not _matches(ex, wrong, out.value):
            return False
    return True


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
        _GRADERS[chapter] = self

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def check(self, exercise_id: str, fn: Callable | None = None, *, record: bool = True) -> Verdict:
        """Grade the learner's function for `exercise_id` and show the verdict.

        Without `fn`, the function is looked up by name among the caller's globals.
        Never raises: any problem becomes the verdict's paragraph.
        """
        ex = self.exercises.get(exercise_id)
        if ex is None:
            known = ", ".join(repr(k) for k in self.exercises)
            return Verdict(exercise_id, "", "missing",
                           message=f"There is no exercise {exercise_id!r} in chapter {self.chapter}. Known: {known}.")
        try:
            namespace = sys._getframe(1).f_globals
        except Exception:
            namespace = {}
        if fn is None:
            fn = namespace.get(ex.function)
        # the chapter's own reference is refused whether found by name or passed in (a recorded pass must be the
        # learner's own work); tests and teachers who want the reference's verdict call grade() directly
        verdict = grade(ex, fn, own_work=True, allow_reference=False)
        _explain_cells(ex, fn, namespace, verdict)
        if record:
            _record(self.chapter, verdict)
        return verdict

    def check_all(self, namespace: dict, *, record: bool = True) -> list[Verdict]:
        """Grade every exercise with the functions found in `namespace` (used by `course check`)."""
        verdicts = []
        for ex in self.exercises.values():
            fn = namespace.get(ex.function)
            verdict = grade(ex, fn, own_work=True, allow_reference=False)
            _explain_cells(ex, fn, namespace, verdict)
            if record:
                _record(self.chapter, verdict)
            verdicts.append(verdict)
        return verdicts

    def solution(self, exercise_id: str) -> "Solution":
        """The reference solution's source, folded behind a toggle, with its own verdict."""
        ex = self.exercises[exercise_id]
        return Solution(ex, grade(ex, ex.reference))


# ---------------------------------------------------------------- which cell defined the function
def _cell_history(namespace: dict) -> list[tuple[str, str]]:
    """(label, source) of the cells run so far in this kernel, oldest first (IPython's `In` list)."""
    history = namespace.get("In", namespace.get("_ih"))
    if not isinstance(history, list):
        return []
    return [(f"In [{k}]", src) for k, src in enumerate(history) if k and isinstance(src, str) and src.strip()]


def _python_only(source: str) -> str:
    """A cell's source without IPython magics and shell lines (which are not Python)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _syntax_problem(source: str) -> str | None:
    try:
        compile(_python_only(source), "<cell>", "exec")
    except SyntaxError as exc:
        text = (exc.text or "").rstrip()
        return f"line {exc.lineno}: {exc.msg}" + (f" (`{text.strip()}`)" if text.strip() else "")
    except Exception:
        return None
    return None


def _source_cell(fn: Callable, cells: list[tuple[str, str]]) -> str | None:
    """The label of the last cell whose source is the cell fn's code came from."""
    code = getattr(fn, "__code__", None)
    if code is None or not _is_cell(code.co_filename):
        return None
    import linecache
    text = "".join(linecache.getlines(code.co_filename)).strip()
    if not text:
        return None
    for label, src in reversed(cells):
        if src.strip() == text:
            return label
    return None


def _last_error(cell_source: str) -> str:
    """The kernel's last exception, if it was raised by code of this cell."""
    exc = getattr(sys, "last_value", None)
    if exc is None:
        return ""
    import linecache
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if _is_cell(name) and "".join(linecache.getlines(name)).strip() == cell_source.strip():
            text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            return text if len(text) <= 300 else text[:297] + "..."
        tb = tb.tb_next
    return ""


def _explain_cells(ex: Exercise, fn, namespace: dict, verdict: Verdict) -> None:
    """Say which cell is to blame when the function is missing or is not the learner's latest version:
    a syntax error or an exception in the cell that defines it, a function with another name, a later
    cell that redefined it. Never raises."""
    try:
        _explain_cells_inner(ex, fn, namespace, verdict)
    except Exception:
        pass


def _explain_cells_inner(ex: Exercise, fn, namespace: dict, verdict: Verdict) -> None:
    name = ex.function
    cells = _cell_history(namespace)
    defines = re.compile(rf"^[ \t]*(?:async[ \t]+)?def[ \t]+{re.escape(name)}[ \t]*\(|^{re.escape(name)}[ \t]*=(?!=)", re.M)
    defining = [(label, src) for label, src in cells if defines.search(src)]
    if fn is None:
        if defining:
            label, src = defining[-1]
            syntax = _syntax_problem(src)
            if syntax:
                verdict.message = (f"The cell that defines `{name}` ({label}) has a syntax error, so `{name}` was "
                                   f"never defined: {syntax}. Fix that line and run the cell again.")
            else:
                error = _last_error(src)
                verdict.message = (f"The cell that defines `{name}` ({label}) stopped with an error before "
                                   f"`{name}` was defined" + (f": {error}" if error else "") +
                                   ". Fix it and run the cell again.")
            return
        others = _similar_functions(ex, namespace)
        if others:
            listed = ", ".join(f"`{o}`" for o in others)
            verdict.message = (f"There is no function named `{name}`, but you defined {listed} with the same "
                               f"parameters. The grader looks for the name `{name}`: rename it to "
                               f"`def {name}(...)` and run the cell, or pass it: check({ex.id!r}, {others[0]}).")
        return
    if not callable(fn) or not defining:
        return
    graded = _source_cell(fn, cells)
    label, src = defining[-1]
    notes = []
    if graded is not None and graded != label:
        syntax = _syntax_problem(src)
        reason = (f"has a syntax error ({syntax}), so it never ran" if syntax else
                  "did not define it (it stopped with an error first?)")
        if _python_only(src).strip() and f"def {name}" in src:
            notes.append(f"Note: your latest cell defining `{name}` ({label}) {reason}; this verdict is for the "
                         f"earlier version from {graded}.")
    distinct = {s.strip() for _, s in defining}
    if not notes and len(distinct) > 1 and not verdict.passed:
        where = ", ".join(lbl for lbl, _ in defining[-4:])
        notes.append(f"Note: `{name}` is defined in more than one cell ({where}); the one run last "
                     f"({graded or label}) is the one graded. Did a later cell redefine it (a rerun stub?)? Run "
                     f"the cell with your answer again, then check.")
    if notes:
        verdict.message = (verdict.message + " " if verdict.message else "") + " ".join(notes)


def _similar_functions(ex: Exercise, namespace: dict) -> list[str]:
    """Functions defined in notebook cells with the reference's parameter names, or a name close to it."""
    import difflib
    wanted = _param_names(ex.reference)
    found = []
    for key, value in list(namespace.items()):
        code = getattr(value, "__code__", None)
        if key.startswith("_") or code is None or not _is_cell(code.co_filename) or key == ex.function:
            continue
        same_params = wanted is not None and _param_names(value) == wanted
        close = bool(difflib.get_close_matches(ex.function, [key], n=1, cutoff=0.75))
        if same_params or close:
            found.append(key)
    return found[:3]


NO_RECORD_ENV = "COURSE_NO_RECORD"  # set to 1: checks are not written to the progress database


def _record(chapter: str, verdict: Verdict) -> None:
    """Keep the verdict in the learner's local progress database; never fail a check over it."""
    if os.environ.get(NO_RECORD_ENV, "") not in ("", "0"):
        return
    try:
        from course import progress
    except ImportError:
        return
    try:
        progress.record(chapter, verdict)
    except Exception as exc:  # progress is a convenience; grading must still work
        print(f"(Progress not saved: {exc})", file=sys.stderr)


_REGISTRY: dict[str, tuple[str, Exercise]] = {}
_GRADERS: dict[str, Grader] = {}


class Solution:
    """Displays as a <details> toggle in JupyterLab and in the book."""

    def __init__(self, ex: Exercise, verdict: Verdict):
        self.ex, self.verdict = ex, verdict
        try:
            self.source = inspect.getsource(ex.reference)
        except (OSError, TypeError):
            self.source = f"# (source of {getattr(ex.reference, '__name__', 'the reference')} not available)\n"

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


_OWN = {k: v for k, v in list(globals().items())  # this module's functions, as imported (see tampered())
        if isinstance(v, types.FunctionType) and v.__module__ == __name__}
