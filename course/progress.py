"""The learner's progress: every check result, kept in a local SQLite file. Nothing leaves the machine.

    from course import progress
    progress.show()            # in a notebook: a plotly figure, one bar per chapter
    progress.summary()         # the same as data: per exercise the best verdict ever and the latest one
    progress.db_path()         # where the file is

`course.grading` calls `record(chapter, verdict)` after each `grader.check(...)`.

Where: $COURSE_DATA_DIR/progress.sqlite3 if that variable is set, else the platform's data
directory: $XDG_DATA_HOME (or ~/.local/share)/minds-machines-exponentials/ on Linux,
~/Library/Application Support/minds-machines-exponentials/ on macOS,
%APPDATA%\\minds-machines-exponentials\\ on Windows.

Robustness: WAL journal + busy timeout + retries (several kernels may write at once);
every write is one transaction (a process killed mid-write loses at most that record);
a file SQLite cannot read is moved aside to progress.sqlite3.corrupt-<UTC time>, a message
says so on stderr, and a fresh database is started: nothing is silently dropped.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable

COURSE_NAME = "minds-machines-exponentials"
DB_NAME = "progress.sqlite3"
BUSY_TIMEOUT_S = 10.0  # how long one statement waits for another writer's lock
RETRIES = 8  # extra attempts when the database stays locked

SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,          -- UTC, ISO 8601
    chapter TEXT NOT NULL,              -- chapter slug, e.g. td-learning
    exercise TEXT NOT NULL,             -- exercise id, e.g. td_update
    status TEXT NOT NULL,               -- passed | failed | not attempted | missing | error
    passed_checks INTEGER NOT NULL,
    total_checks INTEGER NOT NULL,
    detail TEXT NOT NULL                -- the verdict as JSON
);
CREATE INDEX IF NOT EXISTS checks_by_exercise ON checks (chapter, exercise);
"""


# ---------------------------------------------------------------- where
def data_dir() -> Path:
    """The directory holding the progress database (created on first write)."""
    env = os.environ.get("COURSE_DATA_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / COURSE_NAME


def db_path() -> Path:
    return data_dir() / DB_NAME


# ---------------------------------------------------------------- opening safely
def _is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _is_corrupt(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(
        w in text for w in ("not a database", "malformed", "corrupt", "integrity check failed"))


def _open(path: Path) -> sqlite3.Connection:
    """Open and verify: raises sqlite3.DatabaseError if the file is not a healthy database."""
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)  # we issue BEGIN ourselves
    try:
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        result = con.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {result}")
        con.executescript(SCHEMA)
        return con
    except BaseException:
        con.close()
        raise


def _move_aside(path: Path, reason: BaseException) -> Path | None:
    """Rename a corrupt database (and its -wal/-shm files) to <name>.corrupt-<UTC time>."""
    try:  # another kernel may already have replaced it with a fresh one: check again first
        _open(path).close()
        return None
    except sqlite3.DatabaseError as exc:
        if not _is_corrupt(exc):
            return None
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        os.replace(path, target)
    except FileNotFoundError:  # moved by another process in the meantime
        return None
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            try:
                os.replace(extra, target.with_name(target.name + suffix))
            except OSError:
                pass
    print(f"Your course progress database {path} could not be read ({reason}). It was moved aside to "
          f"{target} (nothing was deleted) and a fresh progress database was started.", file=sys.stderr)
    return target


def connect(path: Path | None = None) -> sqlite3.Connection:
    """A connection to a healthy progress database, repairing (by moving aside) a corrupt one."""
    path = Path(path) if path is not None else db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    last: BaseException | None = None
    for attempt in range(RETRIES + 1):
        try:
            return _open(path)
        except sqlite3.DatabaseError as exc:
            last = exc
            if _is_corrupt(exc):
                _move_aside(path, exc)
            elif not _is_locked(exc):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise sqlite3.OperationalError(f"progress database {path} stayed locked: {last}")


def _with_retries(path: Path | None, op: Callable[[sqlite3.Connection], Any]) -> Any:
    last: BaseException | None = None
    for attempt in range(RETRIES + 1):
        con = connect(path)
        try:
            return op(con)
        except sqlite3.DatabaseError as exc:
            last = exc
            if _is_corrupt(exc):
                con.close()
                con = None
                _move_aside(Path(path) if path else db_path(), exc)
            elif not _is_locked(exc):
                raise
            time.sleep(0.05 * (attempt + 1))
        finally:
            if con is not None:
                con.close()
    raise sqlite3.OperationalError(f"progress database stayed locked: {last}")


# ---------------------------------------------------------------- writing
def _verdict_row(chapter: str, verdict) -> tuple:
    if hasattr(verdict, "to_dict"):
        detail = verdict.to_dict()
    else:
        detail = {"exercise": getattr(verdict, "exercise", "?"), "status": getattr(verdict, "status", "?")}
    passed, total = getattr(verdict, "score", (0, 0))
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")
    return (now, str(chapter), str(getattr(verdict, "exercise", "?")), str(getattr(verdict, "status", "?")),
            int(passed), int(total), json.dumps(detail, ensure_ascii=False, default=str))


def record(chapter: str, verdict, path: Path | None = None) -> None:
    """Append one check result (one transaction)."""
    row = _verdict_row(chapter, verdict)

    def op(con):
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute("INSERT INTO checks (recorded_at, chapter, exercise, status, passed_checks, "
                        "total_checks, detail) VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise

    _with_retries(path, op)


# ---------------------------------------------------------------- reading
def history(chapter: str | None = None, path: Path | None = None) -> list[dict]:
    """Every recorded check, oldest first."""
    def op(con):
        sql = ("SELECT id, recorded_at, chapter, exercise, status, passed_checks, total_checks FROM checks"
               + (" WHERE chapter = ?" if chapter else "") + " ORDER BY id")
        cols = ("id", "recorded_at", "chapter", "exercise", "status", "passed_checks", "total_checks")
        return [dict(zip(cols, r)) for r in con.execute(sql, (chapter,) if chapter else ())]

    return _with_retries(path, op)


def _exercise_ids(module: str) -> list[str] | None:
    """The exercise ids of a chapter's grader, or None if it has none (yet)."""
    try:
        import importlib
        mod = importlib.import_module(f"exercises.{module}")
    except Exception:
        return None
    grader = getattr(mod, "grader", None)
    return list(getattr(grader, "exercises", {}) or {}) or None


STATES = ("passed", "attempted", "not started")


def summary(path: Path | None = None, chapters: Iterable | None = None,
            exercise_ids: Callable[[str], list[str] | None] = _exercise_ids) -> list[dict]:
    """Per available chapter: each exercise's state (passed ever / attempted / not started) and counts."""
    from course import chapters as course_chapters

    rows = history(path=path)
    chapters = list(course_chapters.available() if chapters is None else chapters)
    out = []
    for ch in chapters:
        ids = exercise_ids(ch.module) or []
        recorded = [r for r in rows if r["chapter"] == ch.slug]
        for r in recorded:
            if r["exercise"] not in ids:
                ids.append(r["exercise"])
        states, latest = {}, {}
        for ex_id in ids:
            mine = [r for r in recorded if r["exercise"] == ex_id]
            if any(r["status"] == "passed" for r in mine):
                states[ex_id] = "passed"
            elif any(r["status"] in ("failed", "error") for r in mine):
                states[ex_id] = "attempted"
            else:
                states[ex_id] = "not started"
            if mine:
                last = mine[-1]
                latest[ex_id] = {k: last[k] for k in ("status", "passed_checks", "total_checks", "recorded_at")}
        counts = {s: sum(v == s for v in states.values()) for s in STATES}
        regressed = [k for k, v in states.items() if v == "passed" and latest[k]["status"] != "passed"]
        out.append({"number": ch.number, "slug": ch.slug, "title": ch.title, "exercises": states,
                    "latest": latest, "regressed": regressed,
                    "checks_run": len(recorded), "last": recorded[-1]["recorded_at"] if recorded else "",
                    **counts, "total": len(states)})
    return out


MARKS = {"passed": "✔", "failed": "✘", "attempted": "✘", "error": "⚠", "not attempted": "○", "missing": "○"}


def text(rows: list[dict] | None = None, width: int = 20, details: bool = True) -> str:
    """A plain-text table of summary(): a bar per chapter, then (details) each exercise's best and latest verdict."""
    rows = summary() if rows is None else rows
    lines = []
    for r in rows:
        n = r["total"]
        if n:
            p = round(width * r["passed"] / n)
            a = round(width * (r["passed"] + r["attempted"]) / n) - p
            bar = "█" * p + "▒" * a + "·" * (width - p - a)
            counts = f"{r['passed']}/{n} passed, {r['attempted']} attempted"
        else:
            bar, counts = " " * width, "no graded exercises yet"
        if r.get("regressed"):
            counts += f"; {len(r['regressed'])} passed before but fail now"
        lines.append(f"{r['number']:>3} {r['slug']:<26} {bar}  {counts}")
        if details:
            for ex_id, last in r.get("latest", {}).items():
                best = r["exercises"][ex_id]
                if best == "not started":  # only untouched stubs checked so far: nothing to compare
                    continue
                now = f"{MARKS.get(last['status'], '·')} {last['status']}, {last['passed_checks']} of " \
                      f"{last['total_checks']} checks ({last['recorded_at'][:16].replace('T', ' ')} UTC)"
                lines.append(f"      {ex_id:<28} best: {MARKS.get(best, '·')} {best:<9} latest: {now}")
    done = sum(r["passed"] for r in rows)
    total = sum(r["total"] for r in rows)
    lines.append(f"    {'all chapters':<26} {done} of {total} exercises passed")
    return "\n".join(lines)


# ---------------------------------------------------------------- the picture
def figure(rows: list[dict] | None = None):
    """A plotly Figure: one horizontal bar per chapter, split into passed / attempted / not started."""
    import plotly.graph_objects as go

    from course.figures import PALETTE, layout

    rows = summary() if rows is None else rows
    labels = [f"{r['number']}. {r['slug']}" for r in rows]
    colours = {"passed": PALETTE["green"], "attempted": PALETTE["orange"], "not started": "#d9d9d9"}
    fig = go.Figure()
    def label(r, k):
        last = r.get("latest", {}).get(k)
        return k + (f" (latest: {last['status']})" if last and last["status"] != r["exercises"][k] else "")

    for state in STATES:
        names = [", ".join(label(r, k) for k, v in r["exercises"].items() if v == state) or "none" for r in rows]
        fig.add_bar(y=labels, x=[r[state] for r in rows], name=state, orientation="h",
                    marker_color=colours[state], customdata=names,
                    hovertemplate="%{y}<br>" + state + ": %{x}<br>%{customdata}<extra></extra>")
    done = sum(r["passed"] for r in rows)
    total = sum(r["total"] for r in rows)
    regressed = sum(len(r.get("regressed", [])) for r in rows)
    title = f"Your progress: {done} of {total} exercises passed" + (
        f" ({regressed} of them fail now)" if regressed else "")
    fig.update_layout(**layout(title,
                               height=max(260, 90 + 34 * len(rows)), legend=dict(orientation="h", traceorder="normal", x=1, xanchor="right",
                                                                   y=1.0, yanchor="bottom")),
                      barmode="stack",
                      meta={"alt": "Exercises per chapter, split into passed, attempted and not started."})
    fig.update_xaxes(title_text="exercises", dtick=1)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    if not rows:
        fig.add_annotation(text="No chapters with exercises yet", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    return fig


def show(path: Path | None = None):
    """The in-notebook view: a plotly Figure of summary() (displayed when it ends a cell)."""
    return figure(summary(path=path))


def write_html(target: Path | None = None, rows: list[dict] | None = None) -> Path:
    """A self-contained HTML page (plotly.js inlined from the installed package, no CDN)."""
    rows = summary() if rows is None else rows
    target = Path(target) if target else data_dir() / "progress.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    figure(rows).write_html(target, include_plotlyjs=True, full_html=True, config={"displaylogo": False})
    return target
