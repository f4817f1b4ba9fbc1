"""Generate each chapter's exercise workbook from the chapter: python tools/make_workbooks.py

The chapter notebook is the single source: its cells tagged "exercise" (the setup
imports, each exercise's prompt, stub and check cell) are copied, in order, into
exercises/<slug>.ipynb under a short header. Solutions stay in the chapter (behind a
toggle). tests/test_workbooks.py fails if a workbook is out of date.
Then run tools/run_notebooks.py on the workbook to refresh its outputs.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TAG = "exercise"


def chapter_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Exercises"


def workbook_cells(chapter: Path) -> list:
    nb = nbformat.read(chapter, as_version=4)
    slug = chapter.stem
    header = nbformat.v4.new_markdown_cell(
        f"# Exercises: {chapter_title(nb)}\n\n"
        f"The graded exercises of the chapter [`{slug}`](../chapters/{slug}.ipynb), in one workbook.\n"
        "Work in your own copy, made from the repository root with `.venv/bin/course copy " + slug + "` "
        "(it lands in `workspace/`, which course updates never touch). For each exercise: read the prompt, "
        "replace `raise NotImplementedError` in the stub with your code, run the cell, then run the check "
        "cell under it. `.venv/bin/course check workspace/" + slug + ".ipynb` grades the whole workbook.\n"
        "The checks rerun your function on the shown example and on hidden randomized cases; "
        "each verdict says what it tested."
    )
    header.metadata["tags"] = ["workbook-header"]
    cells = [header]
    for cell in nb.cells:
        if TAG in cell.get("metadata", {}).get("tags", []):
            new = (nbformat.v4.new_code_cell(cell.source) if cell.cell_type == "code"
                   else nbformat.v4.new_markdown_cell(cell.source))
            new.metadata["tags"] = list(cell.metadata.get("tags", []))
            cells.append(new)
    return cells


def sources(cells) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in cells]


def target(chapter: Path) -> Path:
    return ROOT / "exercises" / f"{chapter.stem}.ipynb"


def is_current(chapter: Path) -> bool:
    path = target(chapter)
    if not path.exists():
        return False
    existing = nbformat.read(path, as_version=4)
    return sources(existing.cells) == sources(workbook_cells(chapter))


def write(chapter: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    nb.cells = workbook_cells(chapter)
    path = target(chapter)
    nbformat.write(nb, path)
    return path


def main(argv: list[str]) -> int:
    chapters = [Path(a).resolve() for a in argv] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for chapter in chapters:
        if is_current(chapter):
            print(f"{target(chapter).relative_to(ROOT)}: up to date")
        else:
            print(f"{write(chapter).relative_to(ROOT)}: written (now run tools/run_notebooks.py on it)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
