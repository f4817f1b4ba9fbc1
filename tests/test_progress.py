"""The progress database survives concurrent kernels, a killed writer and a corrupted file."""
from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from course import progress
from course.chapters import Chapter
from course.grading import CheckResult, Verdict


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def verdict(exercise="td_update", status="passed", k=2, n=2) -> Verdict:
    return Verdict(exercise, "", status, [CheckResult(f"check {i}", i < k, False) for i in range(n)])


def run_python(code: str, data: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "COURSE_DATA_DIR": str(data)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_where_the_data_lives(monkeypatch, tmp_path):
    assert progress.db_path() == tmp_path / "data" / "progress.sqlite3"
    monkeypatch.delenv("COURSE_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert progress.data_dir() == tmp_path / "xdg" / "minds-machines-exponentials"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert progress.data_dir() == Path.home() / "Library" / "Application Support" / "minds-machines-exponentials"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    assert progress.data_dir() == tmp_path / "roaming" / "minds-machines-exponentials"


def test_record_and_history(data_dir):
    progress.record("td-learning", verdict(status="failed", k=1))
    progress.record("td-learning", verdict())
    rows = progress.history()
    assert [(r["chapter"], r["exercise"], r["status"], r["passed_checks"], r["total_checks"]) for r in rows] == [
        ("td-learning", "td_update", "failed", 1, 2), ("td-learning", "td_update", "passed", 2, 2)]
    con = sqlite3.connect(data_dir / "progress.sqlite3")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert '"status": "passed"' in con.execute("SELECT detail FROM checks ORDER BY id DESC").fetchone()[0]


def test_summary_text_and_figure(data_dir):
    ch = Chapter(6, "td-learning", "TD learning", "I", "")
    ids = {"td_learning": ["a", "b", "c"]}
    progress.record("td-learning", verdict("a", "failed", 0))
    progress.record("td-learning", verdict("a", "passed"))
    progress.record("td-learning", verdict("b", "failed", 1))
    progress.record("td-learning", verdict("c", "not attempted", 0))
    rows = progress.summary(chapters=[ch], exercise_ids=ids.get)
    assert rows[0]["exercises"] == {"a": "passed", "b": "attempted", "c": "not started"}
    assert (rows[0]["passed"], rows[0]["attempted"], rows[0]["total"], rows[0]["checks_run"]) == (1, 1, 3, 4)
    assert "1/3 passed, 1 attempted" in progress.text(rows)
    fig = progress.figure(rows)
    assert [t.name for t in fig.data] == ["passed", "attempted", "not started"]
    assert [t.x[0] for t in fig.data] == [1, 1, 1]
    page = progress.write_html(data_dir / "p.html", rows)
    html = page.read_text()
    assert not re.search(r"<script[^>]*src=[\"']?https?:", html) and "Plotly.newPlot" in html  # no CDN
    assert len(html) > 1_000_000  # plotly.js inlined: works offline


def test_latest_verdict_is_shown_beside_the_best(data_dir):
    ch = Chapter(6, "td-learning", "TD learning", "I", "")
    ids = {"td_learning": ["a", "b", "c"]}
    progress.record("td-learning", verdict("a", "passed"))
    progress.record("td-learning", verdict("a", "failed", 1, 2))  # a later regression
    progress.record("td-learning", verdict("b", "failed", 0))
    progress.record("td-learning", verdict("b", "passed"))
    rows = progress.summary(chapters=[ch], exercise_ids=ids.get)
    assert rows[0]["exercises"] == {"a": "passed", "b": "passed", "c": "not started"}  # best ever
    assert {k: v["status"] for k, v in rows[0]["latest"].items()} == {"a": "failed", "b": "passed"}
    assert rows[0]["regressed"] == ["a"]
    out = progress.text(rows)
    assert "2/3 passed, 0 attempted; 1 passed before but fail now" in out
    line_a = next(line for line in out.splitlines() if line.strip().startswith("a "))
    assert "best: ✔ passed" in line_a and "latest: ✘ failed, 1 of 2 checks" in line_a
    assert "latest: ✔ passed, 2 of 2 checks" in out
    assert "c " not in [line.strip()[:2] for line in out.splitlines()]  # never checked: no detail line
    fig = progress.figure(rows)
    assert "a (latest: failed)" in fig.data[0].customdata[0] and "1 of them fail now" in fig.layout.title.text
    assert "latest" not in progress.text(rows, details=False)


def test_two_processes_writing_at_once(data_dir):
    code = """
        from course import progress
        from course.grading import Verdict
        for i in range(60):
            progress.record("td-learning", Verdict("ex%d" % i, "", "passed"))
        print("done")
    """
    writers = [run_python(code, data_dir) for _ in range(2)]
    results = [w.communicate(timeout=60) for w in writers]
    assert all(w.returncode == 0 for w in writers), results
    assert [out for out, _ in results] == ["done\n", "done\n"]
    assert len(progress.history()) == 120


def test_writer_killed_mid_transaction_loses_nothing_committed(data_dir):
    for i in range(5):
        progress.record("td-learning", verdict(f"ex{i}"))
    code = """
        import sys, time
        from course import progress
        con = progress.connect()
        con.execute("BEGIN IMMEDIATE")
        for i in range(2000):
            con.execute("INSERT INTO checks (recorded_at, chapter, exercise, status, passed_checks, "
                        "total_checks, detail) VALUES ('t', 'td-learning', 'half', 'passed', 1, 1, '{}')")
        print("in the middle", flush=True)
        time.sleep(60)
    """
    writer = run_python(code, data_dir)
    assert writer.stdout.readline() == "in the middle\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    rows = progress.history()
    assert [r["exercise"] for r in rows] == [f"ex{i}" for i in range(5)]  # earlier records intact, half-write gone
    con = progress.connect()
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    progress.record("td-learning", verdict("after"))  # the dead writer's lock is gone
    assert progress.history()[-1]["exercise"] == "after"


def test_writer_killed_during_a_stream_of_records(data_dir):
    code = """
        from course import progress
        from course.grading import Verdict
        for i in range(100000):
            progress.record("td-learning", Verdict("ex%d" % i, "", "passed"))
            print(i, flush=True)
    """
    writer = run_python(code, data_dir)
    for _ in range(10):
        done = int(writer.stdout.readline())
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    rows = progress.history()
    assert len(rows) >= done + 1
    assert [r["exercise"] for r in rows] == [f"ex{i}" for i in range(len(rows))]


@pytest.mark.parametrize("damage", ["garbage", "garbled pages"])
def test_corrupted_file_is_moved_aside_never_dropped(data_dir, capsys, damage):
    path = progress.db_path()
    if damage == "garbage":
        path.parent.mkdir(parents=True)
        path.write_bytes(b"this is not a database\x00" * 500)
    else:
        for i in range(80):
            progress.record("td-learning", verdict(f"ex{i}"))
        con = sqlite3.connect(path)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        data = bytearray(path.read_bytes())
        data[1500:9000] = os.urandom(7500)  # keep the header, garble the pages
        path.write_bytes(bytes(data))
    original = path.read_bytes()
    progress.record("td-learning", verdict("fresh"))
    err = capsys.readouterr().err
    moved = sorted(path.parent.glob("progress.sqlite3.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == original  # kept byte for byte
    assert f"could not be read" in err and str(moved[0]) in err and "fresh progress database" in err
    assert [r["exercise"] for r in progress.history()] == ["fresh"]


def test_unwritable_location_does_not_break_grading(monkeypatch, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "file" / "sub"))  # cannot be a directory
    from course.grading import Check, Exercise, Grader
    g = Grader("toy-progress", [Exercise("toy_abs", "f", abs, [Check("abs", lambda rng: [(-1,)])])])
    assert g.check("toy_abs", lambda x: x if x >= 0 else -x).passed  # a learner's own answer (the reference is refused)
    assert "Progress not saved" in capsys.readouterr().err
