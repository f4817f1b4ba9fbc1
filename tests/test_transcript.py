"""Times of the Marblestone transcript: one function places a line in time, and every page agrees with it.

The transcript has no timestamps, only chapter markers, so a "≈" time is an estimate from a passage's
position (course/transcript.py). Pages write it next to the transcript line it was computed from,
"≈44:30, l. 330" or "≈26:10–27:00, ll. 224–230", and this test recomputes every one of them: a time
typed by hand, or one left behind when the function changes, fails here.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course import transcript as tr

ROOT = Path(__file__).resolve().parents[1]

TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
ANY_TIME = re.compile(r"≈\s?(" + TIME + r")(?!\d)")
REFERENCED = re.compile(r"≈(?P<t0>" + TIME + r")(?:–(?P<t1>" + TIME + r"))?, (?P<ll>ll?)\. (?P<l0>\d+)(?:–(?P<l1>\d+))?")


def pages() -> list[str]:
    """Every page a reader sees: chapter notebooks (whatever chapters exist) and the book's own pages."""
    paths = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md"))
    return [str(p.relative_to(ROOT)) for p in paths + [ROOT / "README.md"]]


def page_text(name: str) -> str:
    """The text of a page: every cell of a notebook (prose, and comments in code), or a markdown file."""
    path = ROOT / name
    if path.suffix != ".ipynb":
        return path.read_text()
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in nb.cells)


def time_refs(text: str) -> tuple[list[re.Match], list[str]]:
    """The line-referenced times in `text`, and every "≈" time that has no line reference."""
    refs = list(REFERENCED.finditer(text))
    covered = {m.start() for m in refs}
    bare = [text[max(0, m.start() - 60):m.end() + 20].replace("\n", " ")
            for m in ANY_TIME.finditer(text) if m.start() not in covered]
    return refs, bare


# --- the function -------------------------------------------------------------------------------

def test_chapter_markers_map_to_their_own_times():
    for line, t, _ in tr.MARKERS:
        assert tr.seconds(line) == t
    assert tr.approx_time(202) == "≈22:20" and tr.approx_time(318) == "≈42:40"  # 42:42 rounds to 10 s
    assert tr.approx_time(446) == "≈1:04:00"  # 1:03:59 rounds up to the next 10 s
    assert tr.chapter_of(330) == ("00:42:42", "Model-based vs model-free RL in the brain")
    assert tr.chapter_of(719)[1] == "Architecture of the brain"


def test_times_increase_through_the_transcript_and_stay_inside_the_episode():
    s = [tr.seconds(n) for n in range(tr.FIRST_LINE, tr.END_LINE)]
    assert all(b >= a for a, b in zip(s, s[1:]))
    assert s[0] == 0 and s[-1] < tr.END_SECONDS
    # blank lines take one character: a blank line sits just after the line before it
    assert 0 < tr.seconds(331) - tr.seconds(330) and tr.seconds(332) - tr.seconds(331) < 0.2


def test_interpolation_is_by_characters_between_the_two_markers():
    # line 330 starts 1,839 characters into the 8,133-character chapter 318..364 (42:42 to 50:31)
    assert tr.seconds(330) == pytest.approx(2562 + 469 * 1839 / 8133, abs=1e-6)
    assert tr.approx_time(330) == "≈44:30" and tr.approx_time(336) == "≈45:30"
    assert tr.approx_time(514) == "≈1:15:00"


def test_format_and_rounding():
    assert tr.format_time(59) == "0:59" and tr.format_time(3600) == "1:00:00" and tr.format_time(3599) == "59:59"
    assert tr.format_time(605) == "10:05"


@pytest.mark.parametrize("line", [0, 71, 720, 9999])
def test_lines_outside_the_body_are_refused(line):
    with pytest.raises(ValueError, match="outside the transcript body"):
        tr.approx_time(line)


def test_shipped_table_is_consistent():
    assert len(tr.LINE_LENGTHS) == tr.END_LINE - tr.FIRST_LINE
    heading_lengths = {ln: len(title) for ln, _, title in tr.MARKERS}
    for ln, n in heading_lengths.items():
        assert tr.LINE_LENGTHS[ln - tr.FIRST_LINE] == n, f"heading line {ln} is not its title"


def test_the_regex_reads_single_and_range_references():
    refs, bare = time_refs("a (≈44:30, l. 330) b ≈26:10–27:00, ll. 224–230 c ≈45:00 d ≈ 10 doublings")
    assert [(m["t0"], m["t1"], m["l0"], m["l1"]) for m in refs] == [("44:30", None, "330", None),
                                                                   ("26:10", "27:00", "224", "230")]
    assert len(bare) == 1 and "≈45:00" in bare[0]


# --- every page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", pages())
def test_every_approximate_time_is_computed_from_its_transcript_line(name):
    refs, bare = time_refs(page_text(name))
    assert not bare, (f"{name}: a '≈' time without its transcript line; write it as '≈T, l. N' with "
                      f"T = course.transcript.approx_time(N) (Marblestone transcript, 001_…): {bare}")
    for m in refs:
        l0, l1 = int(m["l0"]), m["l1"] and int(m["l1"])
        assert (m["ll"] == "ll") == bool(m["t1"]) == bool(l1), f"{name}: a range takes 'll.' and two lines: {m[0]}"
        want = tr.approx_time(l0)[1:] + (f"–{tr.approx_time(l1)[1:]}" if l1 else "")
        got = m["t0"] + (f"–{m['t1']}" if m["t1"] else "")
        assert got == want, f"{name}: {m[0]!r} should read ≈{want} (course.transcript.approx_time)"
