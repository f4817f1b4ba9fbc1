"""Sphinx extension for the course book: offline math, and a course map that cannot drift.

- Copies the MathJax 3 engine from the installed PyPI package `django-static-mathjax`
  into the built site (_build/html/_static/vendor/mathjax), where `mathjax_path` points.
  It goes there at build end, not into a source `_static/` folder (Jupyter Book would add
  every .js found there to every page).
- The `{course-map}` directive renders the 33 chapters of `course/chapters.py` in their
  three parts, linking the chapters that are built. A chapter notebook that exists but is
  missing from book/_toc.yml is a build error, so the map, the toc and the files agree.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

MATHJAX_TARGET = "_static/vendor/mathjax"
# The combined single-file components and the SVG output are not needed: the page loads
# startup.js, which fetches input/tex, output/chtml (+ its woff fonts) and a11y/assistive-mml.
MATHJAX_SKIP = ("tex-", "mml-", "node-main", "latest")
MATHJAX_SKIP_DIRS = ("output/svg", "sre")


def mathjax_source() -> Path:
    import mathjax  # django-static-mathjax

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def copy_mathjax(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / MATHJAX_TARGET
    stamp = target / ".version"
    version = f"{source}:{(source / 'startup.js').stat().st_size}"
    if stamp.exists() and stamp.read_text() == version:
        return  # already copied (keeps no-change rebuilds fast)
    if target.exists():
        shutil.rmtree(target)
    for path in source.rglob("*"):
        rel = path.relative_to(source)
        if path.is_dir() or rel.as_posix().startswith(MATHJAX_SKIP_DIRS):
            continue
        if len(rel.parts) == 1 and rel.name.startswith(MATHJAX_SKIP):
            continue
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out)
    stamp.write_text(version)


class CourseMap(SphinxDirective):
    """The course map: every planned chapter in its part, available ones linked."""

    has_content = False

    def run(self):
        from course import chapters as course_chapters

        self.env.note_dependency(course_chapters.__file__)
        lines: list[str] = []
        n_available = 0
        for key, caption in course_chapters.PARTS.items():
            lines += [f"**{caption}**", "", "| # | Chapter | Concepts | Status |", "|---:|---|---|---|"]
            for ch in course_chapters.CHAPTERS:
                if ch.part != key:
                    continue
                docname = f"chapters/{ch.slug}"
                if ch.available and docname not in self.env.found_docs:
                    logger.warning(f"chapter notebook {ch.notebook.name} exists but is not in book/_toc.yml",
                                   location=(self.env.docname, self.lineno))
                if ch.available and docname in self.env.found_docs:
                    n_available += 1
                    title = f"{{doc}}`{ch.title} </{docname}>`"
                    status = "**available**"
                else:
                    title, status = ch.title, "planned"
                lines.append(f"| {ch.number} | {title} | {ch.concepts} | {status} |")
            lines.append("")
        total = len(course_chapters.CHAPTERS)
        lines.insert(0, f"{n_available} of {total} chapters are available; the others are planned.")
        lines.insert(1, "")
        container = nodes.container(classes=["course-map"])
        self.state.nested_parse(StringList(lines, source="course/chapters.py"), self.content_offset, container)
        return [container]


def always_refresh_landing(app, env, added, changed, removed):
    # Which chapters exist can change without the landing page changing: re-read it (cheap).
    root = app.config.root_doc
    return [root] if root in env.found_docs else []


def declare_parallel_safe(app) -> None:
    # sphinx_external_toc always loads sphinx_multitoc_numbering, which does not declare itself
    # parallel-safe, so Sphinx refuses -j (a warning, i.e. an error under -W). It only patches
    # section numbering, which runs in the main process after reading: safe to read in parallel.
    ext = app.extensions.get("sphinx_multitoc_numbering")
    if ext is not None and ext.parallel_read_safe is None:
        ext.parallel_read_safe = True
        ext.parallel_write_safe = True


def serial_write_on_two_cores(app, env) -> None:
    # -j 2 reads (= executes) two notebooks at once; but parallel *writing* forks a single worker
    # and polls it, slower than writing the few pages in the main process.
    if app.parallel <= 2:
        app.builder.parallel_ok = False


def theme_defaults(app, config) -> None:
    # With no stored mode, an empty default makes pydata-sphinx-theme log a console error
    # ("Got invalid theme mode") on a reader's first page. "auto" follows the system setting.
    config.html_context.setdefault("default_mode", "auto")


def setup(app):
    declare_parallel_safe(app)
    app.connect("config-inited", theme_defaults)
    app.connect("env-updated", serial_write_on_two_cores)
    app.add_directive("course-map", CourseMap)
    app.connect("env-get-outdated", always_refresh_landing)
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
