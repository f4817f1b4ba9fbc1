"""Mutation test of every grader: no distinguishable mutant of a reference may pass.

For every exercise of every available chapter (chapters land in parallel: whatever exists
when the tests run is tested), course.mutation makes small deliberate bugs in the reference
function's body and in the module-local helpers it calls (operator and comparison swaps,
off-by-one constants, round/floor/ceil/int, log/log2/log10, mean/median/sum, axis changes,
dropped terms and statements, ...), grades each, and compares every mutant that passes
with the reference on many more inputs from the exercise's own case generators. A mutant
that passes although it differs somewhere is a wrong answer the grader lets through: this
test fails and names it, with the input that tells it apart (add a case like it).

    .venv/bin/python -m pytest tests/test_mutation.py -p no:nbval -q -k genome-compression
    .venv/bin/python -m course.mutation genome-compression      # the same, as a report
"""
from __future__ import annotations

import importlib
import math
from pathlib import Path

import numpy as np
import pytest

from course import chapters, mutation
from course.grading import Check, Exercise

ROOT = Path(__file__).resolve().parents[1]


def _exercises():
    params = []
    for ch in chapters.available():
        if not (ROOT / "exercises" / f"{ch.module}.py").exists():
            continue
        try:
            module = importlib.import_module(f"exercises.{ch.module}")
        except Exception as exc:  # test_all_exercises reports broken modules; keep a visible id here too
            params.append(pytest.param(ch.slug, exc, id=f"{ch.slug}/import-error"))
            continue
        grader = getattr(module, "grader", None)
        if grader is None:
            continue
        for ex in grader.exercises.values():
            params.append(pytest.param(ch.slug, ex, id=f"{ch.slug}/{ex.id}"))
    return params or [pytest.param(None, None, marks=pytest.mark.skip(reason="no chapter has a grader yet"))]


_REPORTS: list = []


@pytest.fixture(scope="module", autouse=True)
def kill_rate_table(request):
    """After the module: the kill rate per exercise and per chapter, printed even when output is captured."""
    yield
    if not _REPORTS:
        return
    lines = ["", "mutation kill rates (killed / distinguishable; equivalent mutants are not counted):"]
    by_chapter: dict[str, list] = {}
    for r in _REPORTS:
        by_chapter.setdefault(r.chapter, []).append(r)
        lines.append("  " + r.summary())
    for chapter, reports in by_chapter.items():
        killed, total = sum(r.killed for r in reports), sum(r.distinguishable for r in reports)
        lines.append(f"  == {chapter}: {killed} of {total} ({100 * killed / max(total, 1):.1f} %)")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print("\n".join(lines))
    else:
        print("\n".join(lines))


@pytest.mark.parametrize("slug, ex", _exercises())
def test_no_distinguishable_mutant_passes(slug, ex):
    if isinstance(ex, Exception):
        pytest.fail(f"exercises of {slug} do not import: {ex!r}")
    report = mutation.mutate_exercise(slug, ex)
    _REPORTS.append(report)
    print(report.summary())
    assert not report.skipped, (f"{report.summary()}: the reference must be a plain `def` (the chapter's model "
                                "function) so that it can be mutation-tested")
    assert report.total > 0
    if report.survivors:
        pytest.fail("wrong answers the grader lets through (each passes every check yet differs from the reference "
                    "on the input shown; add a case like it, or a boundary case, to a check):\n" + report.details(),
                    pytrace=False)


# ---------------------------------------------------------------- the mutator itself
def _whole_thirds(n, k):
    """How many whole groups of k fit in n."""
    return math.floor(n / k)


def test_mutator_makes_the_classic_slips():
    changes = " ".join(m.description for m in mutation.mutants(_whole_thirds))
    assert "floor -> round" in changes and "floor -> ceil" in changes and "`n / k` -> `n // k`" in changes
    assert "`n / k` -> `n * k`" in changes and "first two arguments swapped" not in changes  # math.floor(x): 1 arg
    ex = Exercise(id="toy_thirds", function="whole_thirds", reference=_whole_thirds,
                  checks=[Check("example", lambda rng: [(9, 3)]),
                          Check("more", lambda rng: [(int(rng.integers(1, 200)), int(rng.integers(2, 9)))
                                                     for _ in range(6)], hidden=True)])
    report = mutation.mutate_exercise("toy", ex)
    assert report.total == report.killed + report.equivalent + len(report.survivors) > 0


def _thirds_case(rng):
    """n with remainder 1 or 2 when divided by 3 (round() differs from floor only for remainder 2)."""
    return [(int(3 * rng.integers(1, 50)) + int(rng.integers(1, 3)), 3)]


def test_surviving_mutant_is_named_with_the_input_that_tells_it_apart():
    # pick an exercise id whose grader seed draws remainder 1, so the grader cannot tell round from floor
    for k in range(200):
        ex = Exercise(id=f"toy_thirds_{k}", function="whole_thirds", reference=_whole_thirds,
                      checks=[Check("example", lambda rng: [(9, 3)]), Check("more", _thirds_case, hidden=True)])
        if _thirds_case(np.random.default_rng(ex.seed()))[0][0] % 3 == 1:
            break
    report = mutation.mutate_exercise("toy", ex)
    rounds = [s for s in report.survivors if "floor -> round" in s.mutant.description]
    assert rounds, report.details()
    assert rounds[0].args[0] % 3 == 2 and "tells it apart" in report.details() and "SURVIVES" in report.details()
    assert report.kill_rate < 1


def test_mutants_are_deterministic_and_capped():
    from widgets import td_learning as model
    a = [m.description for m in mutation.mutants(model.dopamine_probe, max_mutants=30)]
    b = [m.description for m in mutation.mutants(model.dopamine_probe, max_mutants=30)]
    assert a == b and len(a) <= 30
    assert any("dopamine_trials" in d for d in a), "helpers called by the reference are mutated too"


def test_lambda_reference_is_reported_not_mutated():
    ex = Exercise(id="toy_lambda", function="f", reference=lambda x: x + 1,
                  checks=[Check("e", lambda rng: [(1,)]), Check("h", lambda rng: [(2,)], hidden=True)])
    assert "is a lambda" in mutation.mutate_exercise("toy", ex).skipped
