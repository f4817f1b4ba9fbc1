"""The `course` command: copy never overwrites, check grades a notebook headless, progress draws a picture."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from course import chapters, cli, progress

ROOT = Path(__file__).resolve().parents[1]
WITH_WORKBOOK = [ch for ch in chapters.available() if (ROOT / "exercises" / f"{ch.slug}.ipynb").exists()]


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))


def test_list(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    for ch in chapters.available():
        assert ch.slug in out
    assert cli.main(["list", "--all"]) == 0
    assert "two-sigma" in capsys.readouterr().out


@pytest.mark.skipif(not WITH_WORKBOOK, reason="no chapter has a workbook yet")
def test_copy_then_refuse_to_overwrite(tmp_path, capsys):
    slug = WITH_WORKBOOK[0].slug
    assert cli.main(["copy", slug]) == 0
    target = tmp_path / "workspace" / f"{slug}.ipynb"
    nb = nbformat.read(target, as_version=4)
    assert nb.metadata["course"]["chapter"] == slug  # plus the course version and workbook stamp (course grade)
    assert set(nb.metadata["course"]) == {"chapter", "version", "workbook"}
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    target.write_text(target.read_text().replace("NotImplementedError", "NotImplementedError  # my work"))
    mine = target.read_text()
    capsys.readouterr()
    assert cli.main(["copy", slug]) == 1
    err = capsys.readouterr().err
    assert "already exists, so nothing was copied" in err and f"--to" in err
    assert f".venv/bin/course copy {slug} --to " in err and err.rstrip().endswith(f"{slug}-2.ipynb")
    assert target.read_text() == mine  # untouched
    assert cli.main(["copy", slug.replace("-", "_"), "--to", str(tmp_path / "workspace" / "again.ipynb")]) == 0
    assert cli.main(["copy", slug, "--to", str(tmp_path / "workspace" / f"{slug}-2.ipynb")]) == 0
    capsys.readouterr()
    assert cli.main(["copy", slug]) == 1
    assert capsys.readouterr().err.rstrip().endswith(f"{slug}-3.ipynb")  # the suggested name is free


def test_copy_unknown_chapter_or_missing_workbook(capsys, tmp_path, monkeypatch):
    assert cli.main(["copy", "no-such-chapter"]) == 2
    assert "no chapter 'no-such-chapter'" in capsys.readouterr().err
    # Every chapter of the plan has its workbook now: a checkout without exercises/ stands in for a planned one.
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    assert cli.main(["copy", chapters.CHAPTERS[0].slug]) == 2
    assert "has no workbook yet" in capsys.readouterr().err


def test_workspace_is_not_tracked():
    assert "workspace/" in (ROOT / ".gitignore").read_text().splitlines()


TOY = '''
import numpy as np
from course.grading import Check, Exercise, Grader, Mistake

def double(x):
    return 2 * np.asarray(x, dtype=float)

def square(x):
    return np.asarray(x, dtype=float) ** 2

cases = lambda rng: [(np.arange(3.0),), (rng.normal(size=4),)]
grader = Grader("toy-cli", [
    Exercise("toy_double", "double", double, [Check("doubles every entry", cases)],
             [Mistake("adds", lambda x: np.asarray(x) + 2, "Multiply, do not add.")]),
    Exercise("toy_square", "square", square, [Check("squares every entry", cases)]),
    Exercise("toy_negate", "negate", np.negative, [Check("negates every entry", cases)]),
])
'''


def notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    nb.cells = [nbformat.v4.new_code_cell(textwrap.dedent(c)) for c in cells]
    nbformat.write(nb, path)
    return path


def test_check_runs_headless_grades_by_id_and_records_once(tmp_path, monkeypatch, capsys):
    (tmp_path / "toy_cli_exercises.py").write_text(TOY)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the kernel inherits it
    good = notebook(tmp_path / "good.ipynb",
                    "from toy_cli_exercises import grader\nimport numpy as np",
                    "def double(x):\n    return 2 * np.asarray(x, dtype=float)",
                    "grader.check('toy_double')",
                    "def square(x):\n    return np.asarray(x, dtype=float) ** 2",  # its check cell was deleted
                    "def negate(x):\n    return -np.asarray(x, dtype=float)")
    assert cli.main(["check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "✔ toy_double: 1 of 1 checks passed." in out and "✔ toy_square: 1 of 1 checks passed." in out
    assert "3 of 3 exercises passed. Recorded" in out
    rows = progress.history()
    assert [(r["exercise"], r["status"]) for r in rows] == [
        ("toy_double", "passed"), ("toy_square", "passed"), ("toy_negate", "passed")]

    bad = notebook(tmp_path / "bad.ipynb",
                   "from toy_cli_exercises import grader\nimport numpy as np",
                   "def double(x):\n    return np.asarray(x) + 2",
                   "1 / 0",  # a broken cell does not stop the grading
                   "grader.check('toy_double')",
                   "def helper(x):\n    return x[99]\n\ndef negate(x):\n    return helper(x)",
                   "def square(x):\n    while True:\n        pass")
    assert cli.main(["check", str(bad), "--no-record", "--timeout", "0.5"]) == 1
    out = capsys.readouterr().out
    assert "✘ toy_double: 0 of 1 checks passed." in out and "Hint: Multiply, do not add." in out
    # a real ipykernel cell: its traceback is trimmed to the learner's code, with stable names
    assert "your cell, line 5, in negate" in out and "your cell, line 2, in helper" in out
    assert "IndexError: index 99 is out of bounds" in out and "ipykernel_" not in out
    assert "did not return within 0.5 s" in out  # the kernel's SIGALRM timeout, and the kernel lived on
    assert "ZeroDivisionError" in out and "0 of 3 exercises passed." in out
    assert len(progress.history()) == 3  # --no-record: nothing added


def test_check_interrupts_a_hanging_cell_and_still_grades_everything(tmp_path, monkeypatch, capsys):
    (tmp_path / "toy_cli_exercises.py").write_text(TOY)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    nb = notebook(tmp_path / "hang.ipynb",
                  "from toy_cli_exercises import grader\nimport numpy as np",
                  "def double(x):\n    return 2 * np.asarray(x, dtype=float)",
                  "while True:\n    pass",  # an endless loop at cell level: interrupted
                  "import time\nwhile True:\n    try:\n        time.sleep(10)\n    except KeyboardInterrupt:\n        pass",
                  "def square(x):\n    return np.asarray(x, dtype=float) ** 2")
    start = time.monotonic()
    assert cli.main(["check", str(nb), "--no-record", "--cell-timeout", "1.5"]) == 1
    seconds = time.monotonic() - start
    out = capsys.readouterr().out
    assert "✔ toy_double" in out and "✔ toy_square" in out and "○ toy_negate: nothing to grade yet" in out
    assert "cell 3 (while True:): did not finish within 1.5 s, so it was interrupted" in out
    # ignores the interrupt: the kernel is stopped, the notebook re-run without it (the cell after it counts)
    assert "cell 4 (import time): did not finish within 1.5 s and did not stop when interrupted" in out
    assert "--cell-timeout S" in out and "2 of 3 exercises passed." in out
    assert "Traceback" not in out and "zmq" not in out
    assert seconds < 60


def test_check_survives_code_that_kills_the_kernel(tmp_path, monkeypatch, capsys):
    (tmp_path / "toy_cli_exercises.py").write_text(TOY)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    nb = notebook(tmp_path / "exit.ipynb",
                  "from toy_cli_exercises import grader\nimport numpy as np, os",
                  "def double(x):\n    os._exit(0)",  # kills the kernel when graded
                  "def square(x):\n    return np.asarray(x, dtype=float) ** 2",
                  "os._exit(3)",  # kills the kernel at cell level
                  "def negate(x):\n    return -np.asarray(x, dtype=float)")
    assert cli.main(["check", str(nb), "--no-record"]) == 1
    captured = capsys.readouterr()
    out = captured.out
    assert "cell 4 (os._exit(3)): ended the Python process" in out
    assert "✘ toy_double: 0 of 1 checks passed." in out and "Grading `double` ended the Python process" in out
    assert "✔ toy_square" in out and "✔ toy_negate" in out and "2 of 3 exercises passed." in out
    assert "DeadKernelError" not in out + captured.err


def test_check_says_how_to_change_the_call_time_limit(tmp_path, monkeypatch, capsys):
    (tmp_path / "toy_cli_exercises.py").write_text(TOY)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    nb = notebook(tmp_path / "slow.ipynb", "from toy_cli_exercises import grader\nimport time",
                  "def double(x):\n    time.sleep(5)")
    assert cli.main(["check", str(nb), "--no-record", "--timeout", "0.3"]) == 1
    out = capsys.readouterr().out
    assert "did not return within 0.3 s" in out and "check --timeout S" in out and "COURSE_CHECK_TIMEOUT" in out
    assert "running over TCP" not in out


def test_check_grades_like_check_all(tmp_path, capsys):
    """course check (one exercise per cell) refuses what Grader.check_all refuses: the reference doing the work."""
    import inspect

    from course import grading
    if "own_work" not in inspect.signature(grading.grade).parameters:
        pytest.skip("this grader has no integrity checks yet")
    nb = notebook(tmp_path / "td-learning.ipynb",
                  "from widgets import td_learning as td\nfrom exercises.td_learning import grader",
                  "def td_update(V, s, r, s_next, alpha, gamma, terminal):\n"
                  "    return td.td_update(V, s, r, s_next, alpha, gamma, terminal)")
    assert cli.main(["check", str(nb), "--no-record"]) == 1
    out = capsys.readouterr().out
    assert "✘ td_update" in out and "Not graded" in out and "reference" in out


def test_check_missing_notebook(capsys):
    assert cli.main(["check", "no/such.ipynb"]) == 2


def test_progress_prints_and_draws(tmp_path, capsys):
    assert cli.main(["progress", "--html", str(tmp_path / "p.html")]) == 0
    out = capsys.readouterr().out
    assert "all chapters" in out and str(tmp_path / "p.html") in out and "progress.sqlite3" in out
    assert (tmp_path / "p.html").stat().st_size > 1_000_000  # plotly.js inlined
    assert type(progress.show()).__name__ == "Figure"


def test_lab_without_course_lab_says_what_to_do(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "course.lab", None)  # as if course/lab.py were missing
    assert cli.main(["lab"]) == 1
    assert "jupyter lab" in capsys.readouterr().err


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("course")
    if not exe.exists():
        pytest.skip("console script not installed (pip install -e .)")
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "copy" in out.stdout and "check" in out.stdout
