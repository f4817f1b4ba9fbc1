"""`course grade`: hostile submissions each become clear rows, nothing is lost, re-runs reuse the cache;
the hub configuration (binder/) stays in sync with requirements.lock."""
from __future__ import annotations

import csv
import importlib.util
import os
import re
import stat
from pathlib import Path

import nbformat
import pytest

from course import cli, gradebook

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("bench_grade", ROOT / "benchmarks" / "bench_grade.py")
bench_grade = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_grade)

CHAPTER = bench_grade.CHAPTER
HAS_WORKBOOKS = all((ROOT / "exercises" / f"{s}.ipynb").exists() for s in (CHAPTER, "genome-compression"))
needs_workbooks = pytest.mark.skipif(not HAS_WORKBOOKS, reason="the td-learning / genome-compression workbooks are missing")


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One class, every hostile kind once plus right, wrong and untouched workbooks, graded through the CLI."""
    work = tmp_path_factory.mktemp("class")
    mp = pytest.MonkeyPatch()
    mp.setenv("COURSE_DATA_DIR", str(work / "data"))
    mp.setenv("COURSE_WORKSPACE", str(work / "workspace"))
    mp.setenv("COURSE_TEACHER_SECRET", "do-not-leak")
    # teammates edit the grader while this runs: keep the cache key's source part fixed here
    # (test_cache_key_follows_the_chapter_sources checks that part)
    mp.setattr(gradebook, "sources_hash", lambda chapter: "fixed sources")
    kinds = bench_grade.make_class(work / "subs", n=len(bench_grade.HOSTILE) + 4, per_kind=1)
    kinds[bench_grade.submission("right", work / "subs", "zoe_" + CHAPTER).stem] = "right"
    probe = nbformat.read(work / "subs" / f"zoe_{CHAPTER}.ipynb", as_version=4)
    probe.cells.insert(2, nbformat.v4.new_code_cell(  # what a submission can see of the teacher's machine
        "import os\nopen('left-behind.txt', 'w').write('x')\n"
        "assert 'COURSE_TEACHER_SECRET' not in os.environ, 'the environment leaked'\n"
        f"assert os.getcwd() != {str(work / 'subs')!r}, 'runs in the submissions folder'\n"
        "raise ValueError('a visible cell error')"))
    nbformat.write(probe, work / "subs" / f"zoe_{CHAPTER}.ipynb")
    (work / "subs" / "empty.ipynb").write_text("")  # an empty upload
    kinds["empty"] = "empty"
    before = {p: p.read_bytes() for p in (work / "subs").iterdir()}
    out = work / "out" / "grades.csv"
    argv = ["grade", str(work / "subs"), "--out", str(out), "--jobs", "2", "--chapter", CHAPTER,
            "--cell-timeout", "4"]
    import io
    from contextlib import redirect_stdout
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = cli.main(argv)
    yield {"work": work, "kinds": kinds, "out": out, "argv": argv, "code": code, "stdout": buf.getvalue(),
           "before": before, "rows": read_csv(out)}
    mp.undo()


def by_student(rows):
    out = {}
    for row in rows:
        out.setdefault(row["student"], {})[row["exercise"]] = row
    return out


@needs_workbooks
def test_every_submission_gives_a_row_per_exercise(graded):
    ids = [s["id"] for s in gradebook.exercise_specs(CHAPTER)]
    rows = graded["rows"]
    assert graded["code"] == 0
    assert list(rows[0]) == gradebook.COLUMNS
    students = by_student(rows)
    expected = {name.split("_")[0] for name in graded["kinds"]}
    assert set(students) == expected  # nothing lost
    for student, exercises in students.items():
        assert list(exercises) == ids, student  # every exercise, in the grader's order
    assert "16 submissions" not in graded["stdout"] and f"{len(expected)} submissions" in graded["stdout"]


@needs_workbooks
def test_hostile_submissions_are_clear_rows(graded):
    students = by_student(graded["rows"])
    kind_of = {name.split("_")[0]: kind for name, kind in graded["kinds"].items()}
    seen = set()
    for student, kind in kind_of.items():
        rows = students[student]
        statuses = {r["status"] for r in rows.values()}
        td = rows.get("td_update", {})
        seen.add(kind)
        if kind in ("right", "hang", "crash", "memory"):
            assert statuses == {"passed"}, (kind, rows)  # the rest of the notebook still counts
        if kind == "wrong":
            assert td["status"] == "failed" and td["mistake"] == "no discount on the bootstrap"
            assert td["checks_passed"] < td["checks_total"] and td["reason"].startswith("Check failed")
        if kind == "stubs":
            assert statuses == {"not attempted"}
        if kind == "loop_fn":
            assert td["status"] == "failed" and "did not return within 3 s" in td["reason"]
            assert {r["status"] for k, r in rows.items() if k != "td_update"} == {"passed"}
        if kind == "exit_fn":
            assert td["status"] == "failed" and "ended the Python process" in td["reason"]
            assert {r["status"] for k, r in rows.items() if k != "td_update"} == {"passed"}
        if kind in ("malformed", "empty"):
            assert statuses == {"unreadable"} and "not a readable notebook" in td["reason"]
        if kind == "other_chapter":
            assert statuses == {"wrong chapter"} and "workbook of chapter genome-compression" in td["reason"]
        if kind == "old_version":
            assert td["status"] == "missing" and "older version of the workbook" in td["note"]
            assert {r["status"] for k, r in rows.items() if k != "td_update"} == {"passed"}
        if kind != "empty":
            assert all(float(r["notebook_seconds"]) >= 0 and float(r["seconds"]) >= 0 for r in rows.values())
    assert seen >= set(bench_grade.HOSTILE) | {"right", "wrong", "stubs"}
    # the cell-level problems are in the student's feedback page
    feedback = graded["out"].parent / "grades-feedback"
    pages = {p.name: p.read_text() for p in feedback.glob("*.html")}
    assert len(pages) == len(kind_of)
    hang = next(s for s, k in kind_of.items() if k == "hang")
    assert "did not finish within 4 s, so it was interrupted" in pages[f"{hang}-{CHAPTER}.html"]
    crash = next(s for s, k in kind_of.items() if k == "crash")
    assert "ended the Python process" in pages[f"{crash}-{CHAPTER}.html"]
    memory = next(s for s, k in kind_of.items() if k == "memory")
    assert re.search(r"cell \d+ \(hoard = \[\]\): (MemoryError|did not finish)", pages[f"{memory}-{CHAPTER}.html"])


@needs_workbooks
def test_student_code_is_contained(graded):
    work = graded["work"]
    page = (graded["out"].parent / "grades-feedback" / f"zoe-{CHAPTER}.html").read_text()
    assert "ValueError: a visible cell error" in page  # the probe cell ran to its last line...
    assert "leaked" not in page and "runs in the submissions folder" not in page  # ...past both asserts
    assert {p: p.read_bytes() for p in (work / "subs").iterdir()} == graded["before"]  # originals untouched
    assert not list(work.rglob("left-behind.txt"))  # written in a scratch folder that is gone


@needs_workbooks
def test_feedback_has_the_verdicts_the_student_sees(graded):
    from course.grading import grade
    from exercises.td_learning import grader

    page = (graded["out"].parent / "grades-feedback" / f"zoe-{CHAPTER}.html").read_text()
    right = grade(grader["td_update"], grader["td_update"].reference)
    assert right._repr_html_() in page  # the same box JupyterLab shows
    wrong = next(n.split("_")[0] for n, k in graded["kinds"].items() if k == "wrong")
    page = (graded["out"].parent / "grades-feedback" / f"{wrong}-{CHAPTER}.html").read_text()
    assert "The next state&#x27;s value is discounted" in page and "✘ td_update" in page


@needs_workbooks
def test_summary_and_its_picture(graded):
    summary = read_csv(graded["out"].parent / "grades-summary.csv")
    td = next(s for s in summary if s["exercise"] == "td_update")
    assert td["most_common_mistake"] == "no discount on the bootstrap" and td["students_with_it"] == "1"
    assert "discounted" in td["its_hint"]
    assert int(td["submissions"]) == len(graded["kinds"])
    assert "no discount on the bootstrap (1)" in graded["stdout"]
    page = (graded["out"].parent / "grades.html").read_text()
    assert "Plotly.newPlot" in page and not re.search(r"<script[^>]*src=[\"']?https?:", page)
    assert len(page) > 1_000_000  # plotly.js inlined: works offline
    assert "Submissions with problems" in page and "not a readable notebook" in page


@needs_workbooks
def test_rerun_is_idempotent_and_only_changed_submissions_run(graded, capsys):
    out = graded["out"]
    files = ["grades.csv", "grades-summary.csv", "grades.html"]
    before = {f: (out.parent / f).read_bytes() for f in files}
    assert cli.main(graded["argv"]) == 0
    assert f"0 graded now, {len(graded['kinds'])} unchanged" in capsys.readouterr().out
    assert {f: (out.parent / f).read_bytes() for f in files} == before
    late = graded["work"] / "subs" / f"late_{CHAPTER}.ipynb"
    bench_grade.submission("wrong", graded["work"] / "subs", late.stem)
    report = gradebook.grade_folder(graded["work"] / "subs", out, jobs=2, assigned=CHAPTER,
                                    limits=gradebook.Limits(cell=4))
    assert report["graded"] == 1 and report["cached"] == len(graded["kinds"])
    assert {r["student"] for r in read_csv(out)} >= {"late"}
    late.unlink()
    gradebook.grade_folder(graded["work"] / "subs", out, jobs=2, assigned=CHAPTER, limits=gradebook.Limits(cell=4))
    assert (out.parent / "grades.csv").read_bytes() == before["grades.csv"]
    assert not (out.parent / "grades-feedback" / f"late-{CHAPTER}.html").exists()


@needs_workbooks
def test_the_notebook_time_limit_ends_a_slow_submission(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_WORKSPACE", str(tmp_path / "ws"))
    path = bench_grade.submission("hang", tmp_path / "subs", f"slow_{CHAPTER}")
    result = gradebook.grade_submission(path, tmp_path / "subs", CHAPTER, gradebook.Limits(time=5, cell=60))
    assert {r["status"] for r in result["rows"]} == {"not graded"}
    assert "time limit (5 s) ran out" in result["note"] and len(result["rows"]) == len(gradebook.exercise_specs(CHAPTER))
    assert result["seconds"] < 20


def test_a_notebook_of_no_known_chapter_is_one_row(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(nb, tmp_path / "notes.ipynb")
    result = gradebook.grade_submission(tmp_path / "notes.ipynb", tmp_path, None, gradebook.Limits())
    assert [(r["student"], r["exercise"], r["status"]) for r in result["rows"]] == [("notes", "", "unknown chapter")]
    assert "--chapter" in result["rows"][0]["reason"]


def test_cache_key_follows_the_chapter_sources(tmp_path):
    path = tmp_path / "a.ipynb"
    path.write_text("{}")
    key = lambda sources, limits=gradebook.Limits(): gradebook.cache_key(path, tmp_path, CHAPTER, limits,
                                                                          lambda ch: sources)
    assert key("x") == key("x") != key("y")
    assert key("x", gradebook.Limits(cell=4)) == key("x", gradebook.Limits(cell=4.0)) != key("x")
    closure = set()
    todo = [ROOT / "exercises" / "td_learning.py"]
    while todo:
        f = todo.pop()
        if f not in closure:
            closure.add(f)
            todo += gradebook._local_imports(f)
    assert ROOT / "widgets" / "td_learning.py" in closure and ROOT / "course" / "grading.py" in closure
    assert ROOT / "widgets" / "genome_compression.py" not in closure  # other chapters do not re-grade this one


def test_student_ids_and_chapters_from_names(tmp_path):
    folder = tmp_path
    assert gradebook.student_id(folder / "alice_td-learning.ipynb", folder) == "alice"
    assert gradebook.student_id(folder / "td_learning-bob.ipynb", folder) == "bob"
    assert gradebook.student_id(folder / "carol" / "td-learning.ipynb", folder) == "carol"
    assert gradebook.student_id(folder / "dave.ipynb", folder) == "dave"
    assert gradebook._slug_in("x_genome-compression_y") == "genome-compression"
    assert gradebook._slug_in("notes") is None


def test_course_copy_stamps_the_workbook_version(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_WORKSPACE", str(tmp_path))
    slug = next((s for s in (CHAPTER, "genome-compression") if (ROOT / "exercises" / f"{s}.ipynb").exists()), None)
    if slug is None:
        pytest.skip("no workbook")
    path = cli.copy_workbook(slug)
    meta = nbformat.read(path, as_version=4).metadata["course"]
    assert meta["chapter"] == slug and meta["workbook"] == gradebook.current_workbook_stamp(slug)


# ---------------------------------------------------------------- the hub image (repo2docker)
def test_binder_requirements_identical_to_the_lock():
    assert (ROOT / "binder" / "requirements.txt").read_bytes() == (ROOT / "requirements.lock").read_bytes(), \
        "binder/requirements.txt must be a copy of requirements.lock: cp requirements.lock binder/requirements.txt"


def test_binder_runtime_and_scripts():
    import tomllib

    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    major_minor = re.fullmatch(r"python-(\d+\.\d+)", runtime).group(1)
    assert f">={major_minor}" in requires and f"<3.{int(major_minor.split('.')[1]) + 1}" in requires
    for script in ("postBuild", "start"):
        path = ROOT / "binder" / script
        assert path.read_text().startswith("#!/bin/bash") and path.stat().st_mode & stat.S_IXUSR, script
    post = (ROOT / "binder" / "postBuild").read_text()
    assert re.search(r"pip install .*--no-deps -e \.\n", post)  # the course itself, with nothing unpinned
    start = (ROOT / "binder" / "start").read_text()
    assert "JUPYTER_CONFIG_PATH" in start and 'exec "$@"' in start
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("jupyter_server_config.py", path=str(ROOT / "binder")).load_config()
    url = config.ServerApp.default_url
    assert url == config.LabApp.default_url == config.JupyterNotebookApp.default_url
    from course import chapters
    first = chapters.available()[0]  # the hub opens on the first chapter of the course map
    assert url == f"/lab/tree/chapters/{first.slug}.ipynb" and first.notebook.exists()


def test_repo2docker_picks_the_binder_folder():
    """repo2docker's own detection, when installed (pip install jupyter-repo2docker); needs no Docker."""
    pytest.importorskip("repo2docker")
    from repo2docker.buildpacks import PythonBuildPack

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        bp = PythonBuildPack(base_image="docker.io/library/buildpack-deps:jammy")
        assert bp.detect() and bp.python_version == "3.11"
        assert bp.binder_dir == "binder"
        script = "\n".join(cmd for _, cmd in bp.get_preassemble_scripts() + bp.get_assemble_scripts())
        assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in script
        assert bp.get_post_build_scripts() == ["binder/postBuild"]
        assert bp.get_start_script() == "${REPO_DIR}/binder/start"
    finally:
        os.chdir(cwd)
