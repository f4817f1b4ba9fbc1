"""The pipeline's promises: two-command setup, exact pins, clean notebooks, chapters complete."""
from __future__ import annotations

import importlib
import importlib.metadata as md
import re
import sys
from pathlib import Path

import nbformat
import pytest

from course.chapters import CHAPTERS, available

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_workbooks  # noqa: E402

NOTEBOOKS = sorted(p for d in ("chapters", "exercises") for p in (ROOT / d).glob("*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the Quick start holds exactly one code block"
    return [line.strip() for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]


def test_quick_start_is_two_commands_and_ci_runs_them():
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text()
    for command in commands:
        assert command in ci, f".ci/run must run the README's command: {command}"


def test_dependencies_are_pinned_exactly_and_installed():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert deps and all("==" in d for d in deps), deps
    lock = [l for l in (ROOT / "requirements.lock").read_text().splitlines() if l and not l.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^\s;]+", l) for l in lock), "requirements.lock pins with =="
    pins = {re.split(r"==", l)[0].lower().replace("_", "-"): l.split("==")[1] for l in lock}
    for dep in deps:
        name, version = dep.split("==")
        assert pins.get(name.lower()) == version, f"{name} is pinned differently in pyproject and the lock"
        assert md.version(name) == version, f"{name} {md.version(name)} installed, {version} pinned"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_committed_notebook_is_clean(path):
    size = path.stat().st_size
    assert size < 1_000_000, f"{path.name} is {size / 1e6:.1f} MB: shrink the static figures"
    text = path.read_text()
    assert WIDGET_STATE not in text, "saved widget state: run tools/run_notebooks.py (it strips it)"
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    if code:
        assert all(c.execution_count is not None for c in code), \
            "committed without outputs: nbval would compare nothing (run tools/run_notebooks.py)"
        for c in code:
            for out in c.outputs:
                assert out.output_type != "error", f"an error output is committed in {path.name}"
                assert not (out.output_type == "stream" and out.name == "stderr"), \
                    f"stderr output committed in {path.name}: {out.text[:200]}"


@pytest.mark.parametrize("chapter", available(), ids=lambda c: c.slug)
def test_workbook_is_generated_from_the_chapter(chapter):
    assert make_workbooks.is_current(chapter.notebook), \
        f"exercises/{chapter.slug}.ipynb is stale: run tools/make_workbooks.py and tools/run_notebooks.py"


@pytest.mark.parametrize("chapter", available(), ids=lambda c: c.slug)
def test_chapter_has_all_its_parts(chapter):
    widgets = importlib.import_module(f"widgets.{chapter.module}")
    exercises = importlib.import_module(f"exercises.{chapter.module}")
    grader = exercises.grader
    assert grader.chapter == chapter.slug
    assert len(grader.exercises) >= 5, "at least 5 graded exercises"
    for ex in grader.exercises.values():
        assert len(ex.mistakes) >= 2, f"{ex.id}: at least two known mistakes with targeted hints"
    assert (ROOT / "tests" / f"test_{chapter.module}.py").exists()
    assert f"chapters/{chapter.slug}" in (ROOT / "book" / "_toc.yml").read_text()
    explorables = [n for n in dir(widgets) if not n.startswith("_")]
    assert explorables

    nb = nbformat.read(chapter.notebook, as_version=4)
    first, last = nb.cells[0], nb.cells[-1]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for part in ("**Learning objectives**", "**Estimated time:**", "**Prerequisites:**"):
        assert part in first.source, f"the first cell states {part}"
    assert last.cell_type == "markdown" and last.source.startswith("## Sources")
    sources = "\n".join(c.source for c in nb.cells)
    assert "grader.solution(" in sources, "solutions are shown behind a toggle"
    assert "Explorable" in Path(widgets.__file__).read_text(), "the chapter has explorables (live + static)"


def test_course_map_matches_the_plan():
    assert len(CHAPTERS) == 33
    assert [c.number for c in CHAPTERS] == list(range(1, 34))
    assert {c.part for c in CHAPTERS} == {"I", "II", "III"}
    assert len({c.slug for c in CHAPTERS}) == 33
