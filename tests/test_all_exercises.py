"""Every graded exercise of every available chapter, in both directions.

For each chapter with exercises/<module>.py defining `grader`:
- the reference passes every check;
- the untouched stub (the workbook cell exercises/<slug>.ipynb that defines `def <function>(`)
  is "not attempted" (not "wrong", not "passed");
- every known Mistake variant fails, and the verdict shows that mistake's targeted hint.
Each exercise (and each mistake) is its own test id, e.g. td-learning/td_update/mistake[sign of δ flipped].
Chapters land in parallel: whatever exists when the tests run is what is tested.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course import chapters
from course.grading import Exercise, grade

ROOT = Path(__file__).resolve().parents[1]


def _graded_chapters():
    """(chapter, grader or the import error) for every available chapter that has an exercise module."""
    found = []
    for ch in chapters.available():
        if not (ROOT / "exercises" / f"{ch.module}.py").exists():
            continue
        try:
            module = importlib.import_module(f"exercises.{ch.module}")
        except Exception as exc:  # a broken module must fail loudly, not vanish from the suite
            found.append((ch, exc))
            continue
        if getattr(module, "grader", None) is not None:
            found.append((ch, module))
    return found


def _cases():
    ref, stub, wrong = [], [], []
    for ch, module in _graded_chapters():
        if isinstance(module, Exception):
            p = pytest.param(ch, module, None, id=f"{ch.slug}/import-error")
            ref.append(p)
            continue
        for ex in module.grader.exercises.values():
            ref.append(pytest.param(ch, module, ex, id=f"{ch.slug}/{ex.id}"))
            stub.append(pytest.param(ch, module, ex, id=f"{ch.slug}/{ex.id}"))
            for m in ex.mistakes:
                wrong.append(pytest.param(ch, ex, m, id=f"{ch.slug}/{ex.id}/mistake[{m.name}]"))
    empty = [pytest.param(None, None, None, marks=pytest.mark.skip(reason="no chapter has a grader yet"))]
    return ref or empty, stub or empty, wrong or empty


REFERENCE_CASES, STUB_CASES, MISTAKE_CASES = _cases()


@pytest.mark.parametrize("chapter, module, ex", REFERENCE_CASES)
def test_reference_passes_every_check(chapter, module, ex: Exercise):
    if isinstance(module, Exception):
        pytest.fail(f"exercises/{chapter.module}.py does not import: {module!r}")
    verdict = grade(ex, ex.reference)
    k, n = verdict.score
    assert verdict.passed and k == n == len(ex.checks) and n > 0, str(verdict)
    assert any(c.hidden for c in ex.checks) and any(not c.hidden for c in ex.checks), \
        "every exercise has a visible example and hidden randomized cases"


def _python(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def workbook_cells(slug: str, function: str) -> tuple[str, str]:
    """(the workbook's first code cell: its setup imports, the cell that defines `def <function>(`)."""
    path = ROOT / "exercises" / f"{slug}.ipynb"
    if not path.exists():
        pytest.skip(f"no workbook exercises/{slug}.ipynb yet (tools/make_workbooks.py)")
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    pattern = re.compile(rf"^\s*def {re.escape(function)}\(", re.M)
    for cell in code:
        if pattern.search(cell.source):
            return _python(code[0].source), _python(cell.source)
    pytest.fail(f"exercises/{slug}.ipynb has no cell defining `def {function}(`")


@pytest.mark.parametrize("chapter, module, ex", STUB_CASES)
def test_untouched_stub_is_not_attempted(chapter, module, ex: Exercise):
    setup, stub = workbook_cells(chapter.slug, ex.function)
    namespace = {"np": np, "numpy": np, **{k: v for k, v in vars(module).items() if not k.startswith("__")}}
    namespace["__name__"] = "__main__"
    try:
        exec(compile(stub, f"<{chapter.slug} workbook>", "exec"), namespace)
    except NameError:  # the stub uses a name from the workbook's setup cell (e.g. in an annotation)
        exec(compile(setup, f"<{chapter.slug} workbook setup>", "exec"), namespace)
        exec(compile(stub, f"<{chapter.slug} workbook>", "exec"), namespace)
    verdict = grade(ex, namespace[ex.function])
    assert verdict.status == "not attempted", str(verdict)
    assert verdict.score == (0, len(ex.checks)) and "not attempted yet" in verdict.headline()
    assert grade(ex, None).status == "missing"


@pytest.mark.parametrize("chapter, ex, mistake", MISTAKE_CASES)
def test_mistake_fails_with_its_hint(chapter, ex: Exercise, mistake):
    verdict = grade(ex, mistake.variant)
    assert verdict.status == "failed", f"the mistake {mistake.name!r} is not caught:\n{verdict}"
    assert verdict.hint == mistake.hint, (f"the mistake {mistake.name!r} fails but shows another hint "
                                          f"(make the variants distinguishable):\n{verdict}")
    assert f"Hint: {mistake.hint}" in str(verdict)
    assert verdict.case.get("call") and verdict.case.get("expected") and verdict.case.get("got")


@pytest.mark.parametrize("chapter, module, ex", REFERENCE_CASES)
def test_hard_coding_the_shown_example_fails(chapter, module, ex: Exercise):
    """Returning the visible example's answer for every input fails a hidden check."""
    canned = ex.reference(*ex.checks[0].cases(np.random.default_rng(ex.seed()))[0])
    verdict = grade(ex, lambda *a: canned)
    assert verdict.status == "failed" and not all(r.passed for r in verdict.results if r.hidden), str(verdict)


@pytest.mark.parametrize("chapter, module, ex", REFERENCE_CASES)
def test_grader_never_raises_on_junk(chapter, module, ex: Exercise):
    assert grade(ex, lambda *a: "nonsense").status == "failed"
    assert grade(ex, lambda *a: None).hint.startswith("Your function returned None")
    assert grade(ex, lambda *a: 1 / 0).status == "failed"


def test_every_exercise_has_two_known_mistakes():
    thin = [f"{ch.slug}/{ex.id}" for ch, module in _graded_chapters() if not isinstance(module, Exception)
            for ex in module.grader.exercises.values() if len(ex.mistakes) < 2]
    assert not thin, f"exercises with fewer than 2 targeted Mistake variants: {thin}"


# ---------------------------------------------------------------- workbook prompts stand alone
_POINTS_ELSEWHERE = re.compile(r"\bsection\s+\d+|§\s*\d|\b(?:table|figure|plot|chart|cell|code|output)s?\s+above\b"
                               r"|\bsee above\b|\bas above\b|\bearlier in (?:this|the) chapter\b", re.I)


def test_workbook_prompts_do_not_point_at_chapter_cells():
    """Prompts (markdown cells tagged `exercise`) go into the workbook alone: 'section 3' or 'the table above'
    point at cells the workbook does not have."""
    bad = []
    for ch in chapters.available():
        for k, cell in enumerate(nbformat.read(ch.notebook, as_version=4).cells):
            if cell.cell_type == "markdown" and "exercise" in cell.metadata.get("tags", []):
                bad += [f"{ch.slug} cell {k}: {m.group(0)!r}" for m in _POINTS_ELSEWHERE.finditer(cell.source)]
    assert not bad, "workbook prompts that point at chapter cells:\n" + "\n".join(bad)


# ---------------------------------------------------------------- the false passes of issue 11
def _exercise(module: str, ex_id: str) -> Exercise:
    return importlib.import_module(f"exercises.{module}").grader[ex_id]


def _fails_with(ex: Exercise, fn, words: str):
    from course.grading import Grader
    verdict = Grader(f"issue-11-{ex.id}", [ex]).check(ex.id, fn, record=False)
    assert verdict.status == "failed", str(verdict)
    assert words in verdict.hint + " " + verdict.message, str(verdict)
    return verdict


def test_rounding_to_nearest_is_not_rounding_down():
    import math
    ex = _exercise("genome_compression", "gc_rules_that_fit")
    _fails_with(ex, lambda L, f, r: round(L * 2 / 8 * f / r), "NEAREST whole number")
    _fails_with(ex, lambda L, f, r: int(L * 2 / 8 * f / r + 0.5), "NEAREST whole number")
    _fails_with(ex, lambda L, f, r: math.ceil(L * 2 / 8 * f / r), "rounds UP")


def test_other_doubling_time_estimates_are_not_the_least_squares_fit():
    ex = _exercise("exponential_trends", "et_fit_doubling_time")
    ln2 = np.log(2)
    _fails_with(ex, lambda t, y: (t[-1] - t[0]) * ln2 / np.log(y[-1] / y[0]), "first and last points only")
    _fails_with(ex, lambda t, y: ln2 * np.polyfit(np.log(y), t, 1)[0], "x and y swapped")

    def theil_sen(t, y):
        i, j = np.triu_indices(len(t), 1)
        z = np.log(y)
        return ln2 / np.median((z[j] - z[i]) / (t[j] - t[i]))
    _fails_with(ex, theil_sen, "median of pairwise slopes")
    assert ex.rtol <= 1e-6


def test_on_or_after_includes_the_start_day():
    ex = _exercise("exponential_trends", "et_metr_doubling_days")

    def strictly_after(days, p50, sota, start):
        keep = np.asarray(sota, bool) & (np.asarray(days) > start)
        return 1 / np.polyfit(np.asarray(days)[keep], np.log2(np.asarray(p50)[keep]), 1)[0]
    _fails_with(ex, strictly_after, "ON OR AFTER")


def test_lock_and_key_wants_a_boolean_array():
    ex = _exercise("genome_compression", "gc_lock_and_key")
    _fails_with(ex, lambda L, R, t: (L.astype(int) @ R.astype(int).T >= t).astype(int), "right 0/1 pattern")
    _fails_with(ex, lambda L, R, t: (L.astype(int) @ R.astype(int).T >= t).tolist(), "its values are right")


def test_tampering_and_calling_the_reference_never_pass():
    from widgets import td_learning as td
    ex = _exercise("td_learning", "td_update")

    def do_nothing(V, s, r, s_next, alpha, gamma, terminal):
        return np.array(V, dtype=float)
    saved = np.isclose
    try:
        np.isclose = lambda *a, **k: np.ones(np.broadcast(*a[:2]).shape, bool)
        _fails_with(ex, do_nothing, "`numpy.isclose` was replaced")
    finally:
        np.isclose = saved

    def calls_reference(V, s, r, s_next, alpha, gamma, terminal):
        return td.td_update(V, s, r, s_next, alpha, gamma, terminal)
    _fails_with(ex, calls_reference, "calls `td.td_update`, the chapter's reference function")
