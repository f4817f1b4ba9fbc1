"""tools/build_book.py clears the execution cache when the sources notebooks import change.

The cache (jupyter-cache) keys on a notebook's code cells only; the build stores a hash of
widgets/, exercises/, course/ and data/ next to it. Fast: no notebook is executed, no book built.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from course.chapters import ROOT

spec = importlib.util.spec_from_file_location("build_book", ROOT / "tools" / "build_book.py")
build_book = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_book)

PATTERNS = ("widgets/**/*.py", "course/**/*.py", "data/**/*")


def _tree(root: Path) -> Path:
    (root / "widgets").mkdir(parents=True)
    (root / "widgets" / "w.py").write_text("A = 1\n")
    (root / "course").mkdir()
    (root / "course" / "c.py").write_text("B = 2\n")
    (root / "data" / "set").mkdir(parents=True)
    (root / "data" / "set" / "x.csv").write_text("t,y\n0,1\n")
    return root


def _fake_build(out: Path) -> None:
    """What a build leaves: a cache with an entry, and Sphinx's doctrees."""
    (out / ".jupyter_cache" / "executed").mkdir(parents=True, exist_ok=True)
    (out / ".jupyter_cache" / "executed" / "nb.ipynb").write_text("{}")
    (out / ".doctrees").mkdir(exist_ok=True)
    (out / ".doctrees" / "environment.pickle").write_text("env")


def test_hash_tracks_content_paths_and_new_files_not_mtimes(tmp_path):
    root = _tree(tmp_path / "repo")
    h0 = build_book.sources_hash(root, PATTERNS)
    assert h0 == build_book.sources_hash(root, PATTERNS)
    f = root / "widgets" / "w.py"
    f.write_text("A = 1\n")  # same bytes, new mtime
    assert build_book.sources_hash(root, PATTERNS) == h0
    f.write_text("A = 2\n")
    h1 = build_book.sources_hash(root, PATTERNS)
    assert h1 != h0
    (root / "data" / "set" / "x.csv").write_text("t,y\n0,2\n")  # data counts too
    h2 = build_book.sources_hash(root, PATTERNS)
    assert h2 != h1
    (root / "data" / "set" / "new.csv").write_text("")  # so does a new (even empty) file
    h3 = build_book.sources_hash(root, PATTERNS)
    assert h3 != h2
    (root / "data" / "set" / "new.csv").rename(root / "data" / "set" / "renamed.csv")
    assert build_book.sources_hash(root, PATTERNS) != h3
    (root / "course" / "__pycache__").mkdir()  # bytecode is not a source
    (root / "course" / "__pycache__" / "c.cpython-311.pyc").write_bytes(b"\0")
    assert build_book.sources_hash(root, PATTERNS) == build_book.sources_hash(root, PATTERNS)


def test_cache_cleared_only_when_the_hash_changes(tmp_path):
    out = tmp_path / "_build"
    _fake_build(out)
    # An old cache without a stored hash may hold stale outputs: cleared once, hash stored.
    assert build_book.invalidate_stale_cache(out, "h1") is True
    assert not (out / ".jupyter_cache").exists() and not (out / ".doctrees").exists()
    assert (out / ".jupyter_cache.sources").read_text().strip() == "h1"
    _fake_build(out)
    # Same sources: the cache and the doctrees are kept (a no-change rebuild stays fast).
    assert build_book.invalidate_stale_cache(out, "h1") is False
    assert (out / ".jupyter_cache" / "executed" / "nb.ipynb").exists()
    assert (out / ".doctrees" / "environment.pickle").exists()
    # Sources changed: both are cleared, so notebooks re-execute and Sphinx re-reads every page.
    assert build_book.invalidate_stale_cache(out, "h2") is True
    assert not (out / ".jupyter_cache").exists() and not (out / ".doctrees").exists()
    assert (out / ".jupyter_cache.sources").read_text().strip() == "h2"


def test_fresh_output_dir(tmp_path):
    out = tmp_path / "new" / "_build"
    assert build_book.invalidate_stale_cache(out, "h") is False  # nothing to clear
    assert (out / ".jupyter_cache.sources").read_text().strip() == "h"


def test_the_repository_sources_are_hashed():
    """The real patterns match the modules chapters import and the data they read."""
    files = {f.relative_to(ROOT).parts[0] for p in build_book.CACHE_SOURCES for f in ROOT.glob(p) if f.is_file()}
    assert {"widgets", "exercises", "course", "data"} <= files
    assert len(build_book.sources_hash()) == 64
