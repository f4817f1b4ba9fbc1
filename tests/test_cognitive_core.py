"""cognitive-core: the issue's reference values (the distillation loss and its three wrong twins, footprint and
speed arithmetic, the hash filter, one-shot storage and the crosstalk theory), why T², live widgets at every
control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import numpy as np
import pytest

from course.grading import grade
from exercises.cognitive_core import _kd_wrong, grader
from widget_checks import assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes
from widgets import cognitive_core as cc
from widgets import transformers as tf

TEACHER, STUDENT = np.array([4.0, 1.0, 0.5]), np.array([2.0, 1.5, 0.2])


# ---------------------------------------------------------------- distillation
def test_kd_reference_values_of_the_issue():
    v = cc.distill(TEACHER, STUDENT, 2.0, 0.5, 0)
    assert v["kl"] == pytest.approx(0.14212, abs=1e-5)
    assert v["t2kl"] == pytest.approx(0.56849, abs=1e-5)
    assert v["ce"] == pytest.approx(0.57201, abs=1e-5)
    assert v["loss"] == pytest.approx(0.57025, abs=1e-5)
    assert cc.kd_loss(TEACHER, STUDENT, 2.0, 0.5, 0) == pytest.approx(v["loss"], rel=1e-12)


@pytest.mark.parametrize("kind, value", [("no_T2", 0.35707), ("reversed", 0.59815), ("ce_at_T", 0.67514)])
def test_kd_wrong_answers_of_the_issue(kind, value):
    assert _kd_wrong(kind)(TEACHER, STUDENT, 2.0, 0.5, 0) == pytest.approx(value, abs=1e-5)


def test_kd_uses_the_transformers_softmax():
    assert cc.softmax is tf.softmax
    np.testing.assert_allclose(cc.soft_targets(TEACHER, 2.0), tf.softmax(TEACHER / 2.0), rtol=1e-15)


def test_kd_boundaries():
    assert cc.kd_loss(TEACHER, TEACHER, 3.0, 1.0, 0) == pytest.approx(0.0, abs=1e-15)  # student = teacher
    ce = -np.log(tf.softmax(STUDENT)[2])
    assert cc.kd_loss(TEACHER, STUDENT, 3.0, 0.0, 2) == pytest.approx(ce, rel=1e-12)  # α = 0: CE only
    assert np.isfinite(cc.kd_loss(np.array([1000.0, 990.0, 980.0]), np.array([1000.0, 1005.0, 990.0]), 0.5, 0.6, 0))


def test_kd_grad_matches_finite_differences_and_T_squared_keeps_the_scale():
    rng = np.random.default_rng(0)
    for _ in range(5):
        t, s = rng.normal(0, 2, 5), rng.normal(0, 2, 5)
        T, a, y = float(rng.uniform(0.5, 8)), float(rng.uniform(0, 1)), int(rng.integers(5))
        g = cc.kd_grad(t, s, T, a, y)
        h = 1e-6
        num = np.array([(cc.kd_loss(t, s + h * e, T, a, y) - cc.kd_loss(t, s - h * e, T, a, y)) / (2 * h)
                        for e in np.eye(5)])
        np.testing.assert_allclose(g, num, atol=1e-7)
    # soft term only (α = 1): T·(p_s − p_t) tends to the logit-matching gradient ((z_s − z̄_s) − (z_t − z̄_t))/K,
    # whatever T; without the T² it would be that divided by T².
    norms = [np.linalg.norm(cc.kd_grad(TEACHER, STUDENT, T, 1.0, 0)) for T in (10.0, 100.0, 1000.0)]
    limit = np.linalg.norm((STUDENT - STUDENT.mean()) - (TEACHER - TEACHER.mean())) / 3
    assert norms[-1] == pytest.approx(limit, rel=1e-3)


# ---------------------------------------------------------------- footprint and speed
def test_footprint_and_speed_reference_values():
    assert [cc.footprint_gb(1e9, b) for b in (32, 16, 8, 4)] == pytest.approx([4.0, 2.0, 1.0, 0.5], rel=1e-12)
    assert cc.footprint_gb(70e9, 16) == pytest.approx(140.0, rel=1e-12)
    assert cc.tokens_per_s(1e9, 8, 100.0) == pytest.approx(100.0, rel=1e-12)
    assert cc.tokens_per_s(70e9, 4, 100.0) == pytest.approx(2.857, abs=5e-4)
    assert cc.tokens_per_s(8e9, 8, 8.0) == pytest.approx(1.0, rel=1e-12)  # bandwidth = bytes: one token per second
    assert cc.decode_flops(1e9) == 2e9


def test_fit_view_threshold_is_inclusive():
    v = cc.fit_view(1e9, 2.0, 100.0)  # 16 bits: exactly 2 GB in 2 GB of memory fits
    assert v["fits"].tolist() == [False, True, True, True]
    assert v["tps"][0] == 0.0 and v["tps"][1] == pytest.approx(50.0)


# ---------------------------------------------------------------- hashes
def test_looks_like_hash():
    assert cc.looks_like_hash("da39a3ee5e6b4b0d3255bfef95601890afd80709")  # SHA-1 of the empty input
    assert cc.looks_like_hash("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
    for s in ("", "facade", "deadbeef" * 4, "0x" + "a" * 38, " " + "a" * 39, "g" * 40, "a" * 41, "a" * 63):
        assert not cc.looks_like_hash(s), s
    assert cc.looks_like_hash("deadbeef" * 5)  # 40 hex digits: the rule cannot tell (and says so)


# ---------------------------------------------------------------- one-shot memory
def test_orthonormal_sequence_is_completed_exactly_from_its_first_item():
    X = cc.orthonormal_sequence(10, 16, seed=0)
    np.testing.assert_allclose(X @ X.T, np.eye(10), atol=1e-12)
    out = cc.complete(cc.store(X), X[0], 9)
    np.testing.assert_allclose(out, X, atol=1e-12)


def test_store_is_one_gradient_step_from_zero():
    X = np.random.default_rng(1).normal(size=(6, 5))
    grad = -sum(np.outer(X[t + 1], X[t]) for t in range(5))  # ∂/∂W of ½Σ‖W x_t − x_{t+1}‖² at W = 0
    np.testing.assert_allclose(cc.store(X), -grad, atol=1e-12)
    assert not cc.store(X[:1]).any()  # one item stores nothing


@pytest.mark.parametrize("n, theory, measured", [(16, 0.9806, 0.986), (128, 0.7611, 0.760)])
def test_seeded_memory_against_crosstalk_theory(n, theory, measured):
    bit, _ = cc.crosstalk_theory(n, 64)
    assert float(bit) == pytest.approx(theory, abs=5e-5)
    X = cc.random_pm1(n + 1, 64, seed=0)
    acc, _ = cc.recall_accuracy(X)
    assert acc == pytest.approx(measured, abs=5e-4)
    assert abs(acc - theory) <= 0.02
    r = cc.memory_run(n, 64, seed=0)
    assert r["bit"] == acc and r["bit_theory"] == pytest.approx(theory, abs=5e-5)


def test_crosstalk_theory_edges():
    bit, exact = cc.crosstalk_theory(np.array([1, 2, 1000]), 64)
    assert bit[0] == 1.0 and exact[0] == 1.0
    assert bit[1] == pytest.approx(1.0, abs=1e-12)  # Φ(8)
    assert 0.5 < bit[2] < 0.65


def test_recall_accuracy_counts_ties_as_wrong():
    X = np.array([[1.0, -1.0, -1.0, 1.0], [1.0, 1.0, -1.0, -1.0], [-1.0, -1.0, 1.0, 1.0], [1.0, -1.0, 1.0, 1.0]])
    h = X[:-1] @ cc.store(X).T
    assert (h == 0).sum() == 6
    assert cc.recall_accuracy(X) == (0.5, pytest.approx(1 / 3))


def test_hidden_cases_catch_hard_coding():
    ex = grader.exercises["recall_accuracy"]
    assert not grade(ex, lambda X: (0.986328125, 0.5625)).passed
    ex = grader.exercises["kd_loss"]
    assert not grade(ex, lambda teacher, student, T, alpha, y: 0.5702515213885593).passed


# ---------------------------------------------------------------- widgets
LIVE = [cc.distillation_live, cc.will_it_fit_live, cc.one_shot_memory_live]
STATIC = [cc.distillation_static, cc.will_it_fit_static, cc.one_shot_memory_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_distillation_moves_the_figure():
    box = cc.distillation_live()
    fig = figure_of(box)
    controls = {c.description: c for c in box.children[2].children}
    p0 = list(fig.data[0].y)
    controls["temperature T"].value = 10.0
    assert max(fig.data[0].y) < max(p0)  # a hotter teacher is softer
    controls["α (soft weight)"].value = 0.0
    ce = -np.log(tf.softmax(STUDENT)[0])
    assert fig.data[5].y[0] == pytest.approx(ce, rel=1e-12)
    assert "T = 10" in fig.layout.title.text
    assert_finite(fig)


def test_live_will_it_fit_reports_the_verdict():
    box = cc.will_it_fit_live()
    fig = figure_of(box)
    (size, prec), (mem, bw) = (b.children for b in box.children[0].children)
    size.value, mem.value, prec.value = 70.0, 16.0, 4
    assert "does not fit" in fig.layout.title.text and "35 GB" in fig.layout.title.text
    mem.value = 48.0
    bw.value = 100.0
    assert "2.86 tokens/s" in fig.layout.title.text


def test_live_memory_follows_n_and_d():
    box = cc.one_shot_memory_live()
    fig = figure_of(box)
    n, d = box.children[0].children
    n.value = 128
    assert fig.data[4].y[0] == pytest.approx(0.7595, abs=1e-4)
    assert "theory 0.761" in fig.layout.title.text
    d.value = 16
    assert np.asarray(fig.data[5].z).shape == (8, 16)


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin(make):
    fig = make()
    assert_static_twin(fig)
    for b in fig.layout.updatemenus[0].buttons:
        assert len(b.args[0]["visible"]) == len(fig.data)
    texts = [fig.layout.title.text] + [t.name or "" for t in fig.data]
    assert not [t for t in texts if "$" in t]


def test_static_states_decode_to_the_model():
    fig = cc.distillation_static()
    step = fig.layout.sliders[0].steps[cc.KD_TS.index(2.0)]
    assert "KL = 0.1421" in step.args[1]["title.text"] and "CE = 0.5720" in step.args[1]["title.text"]
    np.testing.assert_allclose(step.args[0]["y"][0], cc.soft_targets(TEACHER, 2.0), rtol=1e-3)
    fig = cc.will_it_fit_static()
    step = fig.layout.sliders[0].steps[cc.SIZES_B.index(70.0)]
    assert step.args[0]["y"][0] == pytest.approx([280.0, 140.0, 70.0, 35.0])
    fig = cc.one_shot_memory_static()
    step = fig.layout.sliders[0].steps[cc.MEM_NS.index(128)]
    assert step.args[0]["y"][cc.MEM_DS.index(64)][0] == pytest.approx(0.7595, abs=1e-4)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((cc.distillation_explorer, cc.will_it_fit, cc.one_shot_memory), monkeypatch)
