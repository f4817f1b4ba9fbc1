"""Execute notebooks in place so their committed outputs are fresh: python tools/run_notebooks.py [NOTEBOOK ...]

Without arguments, runs every notebook in chapters/ and exercises/. Outputs are what nbval
compares, so run this after changing a chapter, a widget or a grader, and commit the result.
Saved widget state, timing metadata and machine-specific metadata are stripped.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes run to run or bloats the file: widget state, timings, kernel details."""
    # one kernelspec for all, and nothing machine-specific (language_info carries the local Python version)
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def run(path: Path, timeout: int = 300) -> None:
    nb = nbformat.read(path, as_version=4)
    os.environ["COURSE_DATA_DIR"] = tempfile.mkdtemp(prefix="course-run-")  # keep real progress clean
    from course.headless import QuietKernelManager  # IPC sockets: no "running over TCP without encryption" warning

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", kernel_manager_class=QuietKernelManager,
                            resources={"metadata": {"path": str(path.parent)}}, store_widget_state=False)
    client.execute()
    nbformat.write(clean(nb), path)
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT)}: {size / 1024:.0f} KB")


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(
        p for d in ("chapters", "exercises") for p in (ROOT / d).glob("*.ipynb"))
    for p in paths:
        run(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
