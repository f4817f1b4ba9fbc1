"""Sphinx extension for the course book: offline math, and a course map that cannot drift.

- Copies the MathJax 3 engine from the installed PyPI package `django-static-mathjax`
  into the built site (_build/html/_static/vendor/mathjax), where `mathjax_path` points.
  It goes there at build end, not into a source `_static/` folder (Jupyter Book would add
  every .js found there to every page).
- Loads MathJax only on pages that have math themselves (`mathjax_only_with_math`).
- Removes the theme's CSS rules no page can match (see `purge_css`): the pydata theme ships all
  of Bootstrap and ~2000 Font Awesome icon rules, 0.4 MB on a reader's first visit. The dozen
  icons the pages use are drawn from their SVG paths (a CSS mask) instead of the 157 KB icon font.
- The `{course-map}` directive renders the 33 chapters of `course/chapters.py` in their
  three parts, linking the chapters that are built. A chapter notebook that exists but is
  missing from book/_toc.yml is a build error, so the map, the toc and the files agree.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

MATHJAX_TARGET = "_static/vendor/mathjax"
# The combined single-file components and the SVG output are not needed: the page loads
# startup.js, which fetches what book/_config.yml names (input/tex-base, [tex]/ams, output/chtml
# with its woff fonts, a11y/assistive-mml). Pages without math do not load MathJax at all.
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


# Stylesheets to purge (relative to _static; a glob) and scripts whose words do not count
# as class names (plotly styles its own figures; MathJax injects its own CSS; fontawesome.js
# is never loaded, see layout.html).
PURGE_CSS = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css", "mystnb.*.css", "basic.css")
PURGE_MARK = "/* course_book: rules matching no class/id of this site removed */\n"
TOKEN_SKIP = ("vendor/mathjax/", "vendor/plotly.min.js", "scripts/fontawesome.js")
KEEP_FUNCTIONS = {"is", "where", "has", "matches", "-webkit-any", "-moz-any"}  # alternatives: keep


WORD = re.compile(r"[A-Za-z_][\w-]*")


def site_tokens(outdir: Path) -> set[str]:
    """A superset of the class names and ids that can ever be in a page's DOM: the words of every
    class and id attribute and inline script of every page, and every word of every script file
    (scripts add classes by name, e.g. Bootstrap's "show")."""
    words: set[str] = set()
    skip = tuple("_static/" + t for t in TOKEN_SKIP)
    for f in outdir.rglob("*"):
        rel = f.relative_to(outdir).as_posix()
        if f.suffix not in (".html", ".js") or rel.startswith(skip):
            continue
        text = f.read_text(encoding="utf-8", errors="ignore")
        if f.suffix == ".html":
            parts = re.findall(r'\b(?:class|id)="([^"]*)"', text)
            parts += re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S)
            text = "\n".join(parts)
        words.update(WORD.findall(text))
    return words


def _selector_used(tokens, used: set[str]) -> bool:
    """Can this one selector (a token list) match? Only if all its classes and ids are used."""
    prev = None
    for tok in tokens:
        if tok.type == "function":
            if tok.lower_name in KEEP_FUNCTIONS:
                return True  # could match through another alternative
            # :not(.x) / :nth-child(...) never make a selector need a class
        elif tok.type == "ident" and prev is not None and prev.type == "literal" and prev.value == ".":
            if tok.value not in used:
                return False
        elif tok.type == "hash" and tok.is_identifier and tok.value not in used:
            return False
        prev = tok
    return True


def _purge_rules(rules, used: set[str]) -> list:
    import tinycss2

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors, current = [], []
            for tok in rule.prelude:
                if tok.type == "literal" and tok.value == ",":
                    selectors.append(current)
                    current = []
                else:
                    current.append(tok)
            selectors.append(current)
            alive = [sel for sel in selectors if _selector_used(sel, used)]
            if alive:
                prelude = ",".join(tinycss2.serialize(sel).strip() for sel in alive)
                kept.append(f"{prelude}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer", "container") \
                and rule.content is not None:
            inner = _purge_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                                 used)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def solid_icons(fontawesome_js: str) -> dict[str, tuple[int, int, str]]:
    """Font Awesome's solid icons, {name or alias: (width, height, SVG path)}, read from the
    theme's (unused) scripts/fontawesome.js, which defines the pack as `var p={name:[w,h,[aliases],
    unicode,path],...}` just before `d("fa-solid",p)`."""
    end = fontawesome_js.find('d("fa-solid",p)')
    start = fontawesome_js.rfind("var p={", 0, end)
    if end < 0 or start < 0:
        return {}
    icons = {}
    entry = re.compile(r'(?:"([\w-]+)"|(\w+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","([^"]+)"\]')
    for m in entry.finditer(fontawesome_js, start, end):
        name = m.group(1) or m.group(2)
        icon = (int(m.group(3)), int(m.group(4)), m.group(6))
        icons[name] = icon
        for alias in re.findall(r'"([\w-]+)"', m.group(5)):
            icons.setdefault(alias, icon)
    return icons


def icon_css(icons: dict[str, tuple[int, int, str]], used: set[str]) -> str:
    """`.fa-<name>:before` drawn as its SVG path in the text colour, for each used icon name."""
    out = []
    for name, (w, h, path) in sorted(icons.items()):
        if f"fa-{name}" not in used:
            continue
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w} {h}'><path d='{path}'/></svg>"
        url = f'url("data:image/svg+xml,{quote(svg, safe=" =/:,.-")}")'
        out.append(f".fa-{name}:before{{--course-icon:{url};width:{w / h:.4g}em}}")
    if out:  # one shared rule; each icon sets only its path and aspect ratio
        names = ",".join(f".fa-{name}:before" for name in sorted(icons) if f"fa-{name}" in used)
        out.insert(0, f'{names}{{content:"";display:inline-block;height:1em;vertical-align:-.125em;'
                      "background-color:currentColor;-webkit-mask:var(--course-icon) center/contain no-repeat;"
                      "mask:var(--course-icon) center/contain no-repeat}")
    return "".join(out)


def purge_css_text(css: str, used: set[str], icons: dict[str, tuple[int, int, str]] | None = None) -> str:
    """The stylesheet without the rules whose selectors all name a class or id not in `used`.
    With `icons` (see solid_icons), Font Awesome's @font-face rules go too: the used icons are
    drawn from their SVG paths instead, so the browser never fetches the icon font."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    charset = [r for r in rules if r.type == "at-rule" and r.lower_at_keyword == "charset"]
    rules = [r for r in rules if r not in charset]
    icons = icons if "@font-face{font-display:block;font-family:Font Awesome" in css else None
    if icons:
        rules = [r for r in rules if not (r.type == "at-rule" and r.lower_at_keyword == "font-face"
                                          and "Font Awesome" in tinycss2.serialize(r.content or []))]
    kept = "".join(_purge_rules(rules, used))
    if icons:
        kept += icon_css(icons, used)
    return "".join(tinycss2.serialize([r]) for r in charset) + PURGE_MARK + kept


def purge_css(app, exception) -> None:
    """Rewrite the big theme stylesheets in the built site with only the rules it can use.
    Sphinx copies the theme's originals again on every build: they are kept beside the build
    (<out>/_build/.css-originals) with the purged text, keyed by a hash of original + words,
    so a no-change rebuild only copies the purged text back."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    keep = outdir.parent / ".css-originals"
    fontawesome = static / "scripts" / "fontawesome.js"
    used = icons = None
    for css in [f for pattern in PURGE_CSS for f in static.glob(pattern)]:
        rel = css.relative_to(static).as_posix()
        original, purged, stamp = keep / rel, keep / (rel + ".purged"), keep / (rel + ".key")
        text = css.read_text(encoding="utf-8")
        if PURGE_MARK not in text[:200]:  # a fresh copy from the theme
            original.parent.mkdir(parents=True, exist_ok=True)
            if not original.exists() or original.read_text(encoding="utf-8") != text:
                original.write_text(text, encoding="utf-8")
        elif not original.exists():
            continue
        source = original.read_text(encoding="utf-8")
        if used is None:
            used = site_tokens(outdir)
        key = hashlib.sha256(source.encode() + "\0".join(sorted(used)).encode()).hexdigest()
        if stamp.exists() and stamp.read_text() == key and purged.exists():
            result = purged.read_text(encoding="utf-8")
        else:
            if icons is None:
                icons = solid_icons(fontawesome.read_text(encoding="utf-8")) if fontawesome.exists() else {}
            result = purge_css_text(source, used, icons)
            purged.write_text(result, encoding="utf-8")
            stamp.write_text(key)
        if result != text:
            css.write_text(result, encoding="utf-8")


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


def mathjax_only_with_math(app, pagename, templatename, context, doctree) -> None:
    # sphinx.ext.mathjax loads MathJax (~0.85 MB) on a page when it, *or any page in its toctree*,
    # has math: so on the landing page too. Load it only where this very page has math.
    if app.env.get_domain("math").data["has_equations"].get(pagename, False):
        return
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [js for js in scripts if not str(js.filename).endswith(app.config.mathjax_path)
                      and not str(js.attributes.get("body", "")).startswith("window.MathJax")]


def theme_defaults(app, config) -> None:
    # With no stored mode, an empty default makes pydata-sphinx-theme log a console error
    # ("Got invalid theme mode") on a reader's first page. "auto" follows the system setting.
    config.html_context.setdefault("default_mode", "auto")


def setup(app):
    declare_parallel_safe(app)
    app.connect("config-inited", theme_defaults)
    app.connect("env-updated", serial_write_on_two_cores)
    app.connect("html-page-context", mathjax_only_with_math, priority=900)  # after sphinx.ext.mathjax
    app.add_directive("course-map", CourseMap)
    app.connect("env-get-outdated", always_refresh_landing)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", purge_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
