"""two-sigma: the reference values of issue 42 (computed, not copied), model identities, the read-only progress
view, the lookup on the real book, live widgets at every control extreme and the static twins (the grader in both
directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import two_sigma as ts
from widget_checks import assert_book_gets_static_twin, assert_labelled, assert_finite, assert_static_twin, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402


# ---------------------------------------------------------------- reference values (issue 42)
def test_effect_stats_bloom_and_markers():
    u3, ovl, sup, p80 = ts.effect_stats(2.0)
    assert [round(v, 4) for v in (u3, ovl, sup, p80)] == [0.9772, 0.3173, 0.9214, 0.8766]
    assert round(p80, 3) == 0.877  # Bloom's "about 90 %" (outside) vs 0.877 computed at d = 2
    table = {0.4: (0.6554, 0.8415, 0.6114), 0.79: (0.7852, 0.6928, 0.7118), 1.0: (0.8413, 0.6171, 0.7602)}
    for d, want in table.items():
        assert tuple(round(v, 4) for v in ts.effect_stats(d)[:3]) == want
    assert ts.effect_stats(0.0) == pytest.approx((0.5, 1.0, 0.5, 0.2), abs=1e-14)
    assert ts.effect_stats(-0.6)[1] == pytest.approx(ts.effect_stats(0.6)[1], rel=1e-15)  # overlap uses |d|
    assert ts.effect_stats(-1.3)[0] + ts.effect_stats(1.3)[0] == pytest.approx(1.0, rel=1e-14)


def test_share_above():
    assert round(ts.share_above(0, 1, 2), 5) == 0.02275
    assert round(ts.share_above(0.5, 1, 2), 5) == 0.06681
    assert round(ts.share_above(0, 1.25, 2), 5) == 0.05480
    assert ts.share_above(1.3, 0.7, 1.3) == pytest.approx(0.5, abs=1e-15)
    assert ts.share_above(0.0, 1.0, ts.normal_quantile(0.8) - 2.0) == pytest.approx(ts.effect_stats(2.0)[3], rel=1e-12)


def test_cohens_d():
    assert round(ts.cohens_d([70, 75, 80, 85, 90], [80, 85, 90, 95, 100]), 4) == 1.2649
    a, b = [70, 75, 80, 85, 90], [80, 85, 90, 95, 100]
    ddof0 = (np.mean(b) - np.mean(a)) / math.sqrt((np.var(a) + np.var(b)) / 2)
    assert round(ddof0, 4) == 1.4142  # the hint's number
    assert ts.cohens_d(b, a) == -ts.cohens_d(a, b)
    # unequal sizes: pooled by degrees of freedom, not the plain mean of the variances
    x, y = [1.0, 2.0, 4.0], [3.0, 5.0, 6.0, 9.0, 12.0, 7.0]
    sp = math.sqrt((2 * np.var(x, ddof=1) + 5 * np.var(y, ddof=1)) / 7)
    assert ts.cohens_d(x, y) == pytest.approx((np.mean(y) - np.mean(x)) / sp, rel=1e-14)


def test_bkt_values():
    p = dict(T=0.1, S=0.1, G=0.2)
    assert [round(v, 6) for v in ts.bkt_update(0.3, True, **p)] == [0.658537, 0.692683]
    assert [round(v, 6) for v in ts.bkt_update(0.3, False, **p)] == [0.050847, 0.145763]
    assert [round(v, 6) for v in ts.bkt_trace([True, False, True, True], 0.3, **p)[1:]] == \
        [0.692683, 0.297833, 0.690587, 0.918505]
    three = ts.bkt_trace([True, True, True], 0.3, **p)
    assert three[2] < ts.MASTERY <= three[3]  # three straight correct answers cross 0.95, two do not
    assert ts.bkt_update(1.0, False, **p) == (1.0, 1.0) and ts.bkt_update(0.0, True, **p)[0] == 0.0
    assert ts.bkt_update(0.4, True, 0.0, 0.15, 0.25)[0] == ts.bkt_update(0.4, True, 0.0, 0.15, 0.25)[1]


def test_h_index():
    assert [ts.h_index(c) for c in ([10, 8, 5, 4, 3], [25, 8, 5, 3, 3], [0, 0], [])] == [4, 3, 0, 0]
    assert ts.h_index([1]) == 1 and ts.h_index([3, 3, 3]) == 3 and ts.h_index([1, 4, 2, 5, 3]) == 3


def test_tfidf_matches_the_definition_and_sklearn_formula():
    from exercises.two_sigma import TOY
    assert ts.tfidf_rank("reward prediction error", TOY, 3) == [1, 3, 0]
    assert ts.tfidf_rank("tutor", TOY, 2) == [2, 0]
    assert ts.tfidf_rank("zebra", TOY, 2) == [0, 1]  # no known word: all 0, document order
    assert ts.tfidf_rank("tutor", ["a tutor", "x", "a tutor"], 5) == [0, 2, 1]
    vocab, idf, M = ts.tfidf_index(TOY)
    N, df = len(TOY), (M > 0).sum(axis=0)
    np.testing.assert_allclose(idf, np.log((1 + N) / (1 + df)) + 1, rtol=1e-15)
    np.testing.assert_allclose(np.linalg.norm(M, axis=1), 1.0, rtol=1e-14)


def test_invalid_citations():
    allowed = ["two-sigma#2", "td-learning#1", "demo-vs-product#5"]
    text = "Effect sizes are in [two-sigma#2]; TD errors in [td-learning#1] and [muzero#3]."
    assert ts.invalid_citations(text, allowed) == {"muzero#3"}
    assert ts.invalid_citations("[td-learning#1] [td-learning#11] [x] [two-sigma#]", allowed) == {"td-learning#11"}
    assert ts.invalid_citations("none", []) == set()


# ---------------------------------------------------------------- the lookup on the real book
def test_lookup_top1_accuracy_on_the_books_questions():
    lookup = ts.book_lookup()
    top1 = [lookup(q, 3)[0][0] == target for q, target in ts.QUESTIONS]
    assert np.mean(top1) >= 0.8, top1
    ids = set(lookup.ids)
    assert all(target in ids for _, target in ts.QUESTIONS)
    hits = lookup("How many failure-free miles prove a failure rate?", 3)
    assert not ts.invalid_citations(" ".join(f"[{i}]" for i, _, _ in hits), [i for i, _, _ in hits])


def test_lookup_agrees_with_the_exercise_reference():
    sections = ts.load_sections()[:60]
    docs = [s["title"] + "\n" + s["text"] for s in sections]
    lookup = ts.Lookup(sections)
    for q, _ in ts.QUESTIONS:
        assert [sections[i]["id"] for i in ts.tfidf_rank(q, docs, 5)] == [i for i, _, _ in lookup(q, 5)]


def test_section_snapshot_is_the_course():
    from course import chapters
    sections = ts.load_sections()
    slugs = {c.slug for c in chapters.CHAPTERS}
    assert {s["chapter"] for s in sections} <= slugs and len({s["chapter"] for s in sections}) >= 30
    assert len({s["id"] for s in sections}) == len(sections)
    assert not [s for s in sections if s["title"].lower().startswith(("sources", "stretch"))]
    fresh = {s["id"]: s["title"] for s in ts.book_sections([chapters.by_slug("two-sigma")])}
    assert fresh == {s["id"]: s["title"] for s in sections if s["chapter"] == "two-sigma"}


# ---------------------------------------------------------------- progress: read only
def test_progress_view_reads_a_copy_and_never_writes(tmp_path, monkeypatch):
    from course import progress
    from course.grading import grade
    from exercises.two_sigma import grader
    data = tmp_path / "learner"
    monkeypatch.setenv("COURSE_DATA_DIR", str(data))
    assert ts.read_only_history() == [] and not data.exists()  # no file: nothing created
    ex = grader["h_index"]
    progress.record("two-sigma", grade(ex, lambda c: 0))
    progress.record("two-sigma", grade(ex, ex.reference))
    progress.record("td-learning", grade(grader["share_above"], None))  # no function: not an answer
    files = sorted(data.iterdir())
    before = {f.name: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    rows = ts.read_only_history()
    assert [r["status"] for r in rows] == ["failed", "passed", "missing"]
    assert ts.skill_histories(rows) == {("two-sigma", "h_index"): [False, True]}
    box = ts.progress_live()
    fig = figure_of(box)
    assert list(fig.data[0].y) == ["two-sigma · h_index"]
    assert float(fig.data[0].x[0]) == pytest.approx(ts.bkt_trace([False, True], 0.3, 0.1, 0.1, 0.2)[-1])
    after = {f.name: (f.read_bytes(), f.stat().st_mtime_ns) for f in sorted(data.iterdir())}
    assert after == before, "the learner's progress files changed"


def test_running_the_chapter_code_does_not_touch_the_real_progress_file(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    from course import progress
    assert str(progress.db_path()).startswith(str(home))
    ts.read_only_history()
    ts.progress_live()
    assert not progress.db_path().exists() and not progress.data_dir().exists()


def test_mastery_of_the_demo_learner():
    m = ts.mastery(ts.DEMO_HISTORY, **ts.BKT_DEFAULTS)
    assert m.shape == (len(ts.DEMO_HISTORY),) and int(np.sum(m >= ts.MASTERY)) == 3
    assert ts.mastery(ts.DEMO_HISTORY, **ts.BKT_DEFAULTS, upto=0) == pytest.approx(0.3)


# ---------------------------------------------------------------- widgets
LIVE = [ts.normals_live, ts.progress_live, ts.lookup_live]
STATIC = [ts.normals_static, ts.progress_static, ts.lookup_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_normals_moves_with_d():
    box = ts.normals_live()
    fig = figure_of(box)
    d = next(c for c in latency.controls(box) if c.description == "effect size d")
    d.value = 0.79
    assert list(fig.data[7].y) == pytest.approx(list(ts.effect_stats(0.79)[:3]))
    assert "d = 0.79" in fig.layout.title.text and "0.479" in fig.layout.title.text


def test_live_lookup_answers_a_typed_question():
    box = ts.lookup_live()
    fig = figure_of(box)
    text = next(w for w in box.children if getattr(w, "description", "") == "question")
    text.value = "How many failure-free miles prove a failure rate, the rule of three?"
    assert fig.data[0].y[0] == "[demo-vs-product#4]"
    k = next(c for c in latency.controls(box) if c.description == "k sections")
    k.value = 2
    assert len(fig.data[0].y) == 2
    text.value = "zzzz qqqq"  # nothing known: scores 0, still finite
    assert_finite(fig)


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_steps=12, max_bytes=60_000)


def test_static_states_match_the_model():
    fig = ts.normals_static()
    step = fig.layout.sliders[0].steps[ts.D_GRID.index(0.79)]
    assert step.args[0]["y"][2] == pytest.approx(list(ts.effect_stats(0.79)[:3]), rel=1e-3)
    fig = ts.lookup_static()
    step = fig.layout.sliders[0].steps[2]
    assert step.args[0]["y"][0][0] == f"[{ts.QUESTIONS[2][1]}]"
    fig = ts.progress_static()
    last = fig.layout.sliders[0].steps[-1].args[0]["x"][0]
    assert last == pytest.approx(ts.mastery(ts.DEMO_HISTORY, **ts.BKT_DEFAULTS, upto=5), rel=1e-3)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((ts.two_normals, ts.your_progress, ts.grounded_lookup), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _natural_tfidf(query, docs, k=3):
    import collections
    import re
    toks = [collections.Counter(re.findall(r"[a-z0-9]+", d.lower())) for d in docs]
    N = len(docs)
    df = collections.Counter(t for c in toks for t in c)
    idf = {t: math.log((1 + N) / (1 + n)) + 1 for t, n in df.items()}
    q = collections.Counter(t for t in re.findall(r"[a-z0-9]+", query.lower()) if t in idf)
    qn = math.sqrt(sum((n * idf[t]) ** 2 for t, n in q.items()))
    scores = []
    for c in toks:
        dn = math.sqrt(sum((n * idf[t]) ** 2 for t, n in c.items()))
        s = sum(c[t] * idf[t] * n * idf[t] for t, n in q.items())
        scores.append(s / (dn * qn) if dn and qn else 0.0)
    return sorted(range(N), key=lambda i: -scores[i])[:k]


NATURAL = {
    "effect_stats": lambda d: (lambda N: (N.cdf(d), 2 * N.cdf(-abs(d) / 2), N.cdf(d / math.sqrt(2)),
                                          1 - N.cdf(N.inv_cdf(0.8) - d)))(__import__("statistics").NormalDist()),
    "cohens_d": lambda a, b: (np.mean(b) - np.mean(a)) / np.sqrt(
        ((len(a) - 1) * np.var(a, ddof=1) + (len(b) - 1) * np.var(b, ddof=1)) / (len(a) + len(b) - 2)),
    "share_above": lambda mu, sigma, tau: 0.5 * math.erfc((tau - mu) / (sigma * math.sqrt(2))),
    "h_index": lambda c: sum(1 for i, x in enumerate(sorted(c, reverse=True), 1) if x >= i),
    "tfidf_rank": _natural_tfidf,
    "invalid_citations": lambda answer, allowed: set(__import__("re").findall(r"\[([a-z0-9-]+#\d+)\]", answer)) - set(allowed),
    "bkt_update": lambda p, c, T, S, G: (lambda q: (q, q + (1 - q) * T))(
        p * (1 - S) / (p * (1 - S) + (1 - p) * G) if c else p * S / (p * S + (1 - p) * (1 - G))),
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    from course.grading import grade
    from exercises.two_sigma import grader
    for seed in range(10):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"
