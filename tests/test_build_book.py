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


# ---------------------------------------------------------------- the book's CSS purge (book/_ext/course_book.py)
def _course_book():
    spec = importlib.util.spec_from_file_location("course_book", ROOT / "book" / "_ext" / "course_book.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_css_purge_keeps_what_can_match_and_drops_the_rest():
    cb = _course_book()
    css = ('@charset "UTF-8";.used{a:1}.unused{b:2}.used .unused,.used>p{c:3}#nav{d:4}#gone{e:5}'
           '.used:not(.unused){f:6}:is(.unused,.used){g:7}p{h:8}[class*=col-]{i:9}'
           '@media (min-width:1px){.unused{j:10}}@media print{.used{k:11}}@keyframes spin{to{l:12}}')
    out = cb.purge_css_text(css, {"used", "nav"})
    for kept in (".used{a:1}", ".used>p{c:3}", "#nav{d:4}", ".used:not(.unused){f:6}", ":is(.unused,.used){g:7}",
                 "p{h:8}", "[class*=col-]{i:9}", "@media print{.used{k:11}}", "@keyframes spin"):
        assert kept in out, kept
    for dropped in (".unused{b:2}", ".used .unused", "#gone", "min-width"):
        assert dropped not in out, dropped
    assert out.startswith('@charset "UTF-8";')


def test_icons_replace_the_icon_font():
    cb = _course_book()
    js = ('var p={"magnifying-glass":[512,512,[128269,"search"],"f002","M0 0L512 512z"],'
          'sun:[512,512,[],"f185","M1 1z"]};d("fas",p),d("fa-solid",p)')
    icons = cb.solid_icons(js)
    assert icons["magnifying-glass"] == icons["search"] == (512, 512, "M0 0L512 512z")
    css = ('@font-face{font-display:block;font-family:Font Awesome\\ 6 Free;src:url(fa-solid-900.woff2)}'
           '.fa-search:before{content:"\\f002"}.fa-sun:before{content:"\\f185"}')
    out = cb.purge_css_text(css, {"fa-search"}, icons)
    assert "@font-face" not in out and "woff2" not in out  # the font is never fetched
    assert ".fa-search:before{--course-icon:url(" in out and "mask:var(--course-icon)" in out
    assert "fa-sun" not in out  # unused icon: neither its font rule nor a mask
