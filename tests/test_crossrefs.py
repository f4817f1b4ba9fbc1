"""Cross-references between pages: a link only to a page that exists, and a link to every chapter that does.

Chapters are written one by one against the course plan (course/chapters.py). A page may mention a
planned chapter, as plain text ("a planned chapter, *Learning vs steering*"), but may not link to it
until its notebook exists; once it exists, an italic mention of its title is a link to it. Works
whatever chapters exist: it reads the chapters/ folder, not a fixed list.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.chapters import CHAPTERS, available

ROOT = Path(__file__).resolve().parents[1]

FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
INLINE_CODE = re.compile(r"``.*?``|`[^`\n]*`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
MD_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?(?P<target>[^`>]+)>?`")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#)", re.I)


def pages() -> list[str]:
    paths = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md"))
    return [str(p.relative_to(ROOT)) for p in paths + [ROOT / "README.md"]]


def prose(name: str) -> str:
    """The text a reader sees as prose: markdown cells (or the file), without code and math."""
    path = ROOT / name
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    else:
        text = path.read_text()
    return strip_code(text)


def strip_code(text: str) -> str:
    roles = DOC_ROLE.findall(text)  # {doc} roles live inside backticks: keep them before stripping code
    text = MATH.sub(" ", INLINE_CODE.sub(" ", FENCE.sub(" ", text)))
    return text + "\n" + "\n".join(f"{{doc}}`{r}`" for r in roles)


def link_targets(name: str) -> list[tuple[str, Path]]:
    """(as written, resolved path without anchor) for every internal link on a page."""
    return links_in(prose(name), (ROOT / name).parent)


def links_in(text: str, base: Path) -> list[tuple[str, Path]]:
    out = []
    for m in MD_LINK.finditer(text):
        target = m["target"]
        if not EXTERNAL.match(target):
            out.append((target, (base / target.split("#")[0]).resolve()))
    for m in DOC_ROLE.finditer(text):
        target = m["target"].strip()
        # {doc} paths are relative to the page, or to the book's source root (the repository) with a leading /
        out.append((target, (ROOT / target.lstrip("/")).resolve() if target.startswith("/")
                    else (base / target).resolve()))
    return out


def exists(path: Path) -> bool:
    return any(p.exists() for p in (path, path.with_name(path.name + ".ipynb"), path.with_name(path.name + ".md")))


def h1_title(notebook: Path) -> str:
    first = nbformat.read(notebook, as_version=4).cells[0].source
    return first.splitlines()[0].removeprefix("# ").strip()


# --- the helpers --------------------------------------------------------------------------------

def test_link_parser_sees_markdown_links_and_doc_roles_but_not_code():
    text = ("see [*A*](a.ipynb#sec) and {doc}`the b page <../book/b>` and {doc}`/chapters/c`, "
            "not `[x](y.ipynb)` nor https://e.org nor [web](https://e.org) nor $[0,1](x)$\n"
            "```\n[z](z.ipynb)\n```\n")
    got = {t: p.relative_to(ROOT).as_posix() for t, p in links_in(strip_code(text), ROOT / "chapters")}
    assert got == {"a.ipynb#sec": "chapters/a.ipynb", "../book/b": "book/b", "/chapters/c": "chapters/c"}


# --- every page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", pages())
def test_no_link_to_a_page_that_does_not_exist(name):
    planned = {ch.slug for ch in CHAPTERS if not ch.available}
    for written, path in link_targets(name):
        if path.parent == ROOT / "chapters" and path.stem in planned:
            pytest.fail(f"{name} links to {written!r}, a planned chapter with no notebook yet: mention it as plain "
                        f"text (\"a planned chapter, *Title*\") until chapters/{path.stem}.ipynb exists")
        assert exists(path), f"{name} links to {written!r}, which does not exist"


@pytest.mark.parametrize("name", pages())
def test_a_chapter_that_exists_is_linked_where_its_title_is_named(name):
    text = prose(name)
    linked_texts = " ".join(m["text"] for m in MD_LINK.finditer(text))
    for ch in available():
        if name == f"chapters/{ch.slug}.ipynb":
            continue
        for title in {h1_title(ch.notebook), re.split(r"[:;]", ch.title)[0].strip()}:
            italic = f"*{title}*"
            mentions = text.count(italic) - text.count(f"**{title}**")
            if mentions > linked_texts.count(italic):
                pytest.fail(f"{name} names the chapter {italic} in plain text; it exists now, so link it: "
                            f"[{italic}]({ch.slug}.ipynb) from a chapter, or {{doc}}`/chapters/{ch.slug}` from book/")
