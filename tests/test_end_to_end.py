"""end-to-end: the reference values of issue 39 (computed, not copied), model identities, live widgets at every
control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import end_to_end as e2e
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402


# ---------------------------------------------------------------- supervision bits
def test_control_and_frame_bits():
    per_hour = e2e.control_bits(10, 2, 8, 1)
    assert per_hour == 576_000
    assert round(1e9 / per_hour, 1) == 1736.1
    frame = e2e.frame_bits(1280, 960, 20)
    assert float(f"{frame:.5g}") == 5.3108e6
    assert round(frame / per_hour, 2) == 9.22
    assert 1280 * 960 * math.log(20) / frame == pytest.approx(math.log(2))  # ln instead of log2: 0.693 times
    assert e2e.frame_bits(640, 480, 2) == 640 * 480 and e2e.frame_bits(5, 5, 1) == 0
    assert e2e.control_bits(10, 2, 8, 0) == 0


def test_label_budget_scales_with_hours_and_rate():
    b = e2e.label_budget(100, 10)
    assert b["control (2 × 8 bits)"] == e2e.control_bits(10, 2, 8, 100)
    assert b["segmentation (1280 × 960, 20 classes)"] == pytest.approx(e2e.frame_bits(1280, 960, 20) * 10 * 3600 * 100)
    b2 = e2e.label_budget(1000, 20)
    assert all(b2[k] == pytest.approx(20 * b[k]) for k in b)
    assert sorted(b, key=b.get) == list(b)  # control < boxes < LiDAR < segmentation


def test_skewed_classes_carry_fewer_bits_than_log2_k():
    from widgets.synthetic_data import entropy_bits
    mix = [0.35, 0.25, 0.10, 0.08, 0.05] + [0.17 / 15] * 15
    assert entropy_bits(mix) < math.log2(20) and entropy_bits(np.ones(20)) == pytest.approx(math.log2(20))


# ---------------------------------------------------------------- privileged information
def test_pinhole_fit_reproduces_the_law():
    slope, intercept = e2e.fit_depth(*e2e.pinhole_data(200, 1000.0, 4.5, 0.05, 0))
    assert round(slope, 3) == -0.995
    assert round(math.log(4500), 4) == 8.4118
    for seed in (0, 1, 2):
        slope, intercept = e2e.fit_depth(*e2e.pinhole_data(seed=seed))
        assert abs(slope + 1) < 0.02 and abs(intercept - math.log(4500)) < 0.05
        assert abs(intercept - math.log10(4500)) > 4  # the log10 mistake gives 3.65
    s = np.array([10.0, 50.0, 400.0])
    assert e2e.fit_depth(s, 4500.0 / s) == pytest.approx((-1.0, math.log(4500)), abs=1e-12)


def test_student_beats_the_rule_without_lidar():
    X, _ = e2e.driving_frames(2000, 0.05, seed=0)
    Xt, yt = e2e.driving_frames(2000, 0.05, seed=1)
    assert e2e.LIDAR not in e2e.CAMERA
    w = e2e.train_student(X[:, e2e.CAMERA], X[:, e2e.LIDAR])
    assert w.shape == (3,)
    rule = e2e.mse(e2e.heuristic_log_depth(Xt[:, e2e.CAMERA]), yt)
    student = e2e.mse(e2e.predict(w, Xt[:, e2e.CAMERA]), yt)
    oracle = e2e.mse(Xt[:, e2e.LIDAR], yt)
    assert oracle < student < rule / 10
    assert rule == pytest.approx(0.25 ** 2 + 0.05 ** 2, rel=0.1)  # the spread of ln S plus the camera noise


def test_grader_never_hands_the_student_the_lidar_column():
    """Checked from its inputs: no camera matrix the grader passes contains the LiDAR column."""
    from exercises.end_to_end import grader
    ex = grader["train_student"]
    rng = np.random.default_rng(0)
    for check in ex.checks:
        for X_cam, y in check.cases(rng):
            assert not any(np.allclose(X_cam[:, j], y) for j in range(X_cam.shape[1]))


def test_privileged_curves():
    c = e2e.privileged_curves(0.05, 1.0)
    assert np.all(c["student"][c["ns"] >= 100] < c["heuristic"][0] / 10)
    assert c["oracle"] < c["student"].min()
    assert np.all(c["heuristic"] == c["heuristic"][0])
    low = e2e.privileged_curves(0.05, 0.01)
    assert low["student"][0] > c["heuristic"][0]  # one labelled frame cannot fit three weights
    noisy = e2e.privileged_curves(0.5, 1.0)
    assert noisy["oracle"] == pytest.approx(c["oracle"])  # the oracle does not use the camera


# ---------------------------------------------------------------- eating the stack
def test_gradients_through_step_and_sigmoid():
    assert e2e.numeric_grad(e2e.step, 0.3) == 0.0
    assert e2e.numeric_grad(e2e.sigmoid, 0.0) == pytest.approx(0.25, abs=1e-10)
    assert e2e.numeric_grad(e2e.step, 0.0) == pytest.approx(1 / 2e-5)
    for rule in (e2e.detect_rule, e2e.plan_rule, e2e.steer_rule):  # the toy's hand-coded stages pass no gradient
        for x in (-1.3, -0.2, 0.37, 0.9, 2.1):
            assert e2e.numeric_grad(lambda v: float(rule(np.float64(v))), x) == 0.0


@pytest.mark.parametrize("learned", list(itertools.product((False, True), repeat=3)), ids=e2e.stack_label)
def test_gradient_stops_at_the_first_rule(learned):
    r = e2e.stack_run(learned, False)
    grad = r["grad"]  # steering, plan, detection, pixels
    assert grad[0] > 0
    for k in range(1, 4):  # the interface below stage 3 - k + 1 gets gradient only if every stage above is learned
        assert (grad[k] > 0) == all(learned[3 - k:]), (k, grad)
    assert r["reaches_pixels"] == all(learned)
    assert math.isfinite(r["test_mse"])


def test_stack_story():
    floor = e2e.toy_floor()
    assert floor == pytest.approx(0.64 * 0.09 / 1.09)
    scratch, pre = e2e.stack_run((True, True, True), False), e2e.stack_run((True, True, True), True)
    assert scratch["train_mse"] < 0.1 * scratch["test_mse"]  # 51 weights from 60 labels: overfits
    assert pre["test_mse"] < 1.1 * floor < scratch["test_mse"]
    stuck = e2e.stack_run((True, False, True), False)  # learned detector below a rule: never moves
    assert stuck["test_mse"] > e2e.stack_run((False, False, False), False)["test_mse"]


def test_two_stage_beats_direct():
    two, direct = e2e.two_stage_vs_direct(0)
    assert round(two, 3) == 0.012 and round(direct, 3) == 0.057
    for seed in (0, 1, 2):
        two, direct = e2e.two_stage_vs_direct(seed)
        assert 0.01 < two < direct / 2


# ---------------------------------------------------------------- widgets
LIVE = [e2e.budget_live, e2e.playground_live, e2e.stack_live]
STATIC = [e2e.budget_static, e2e.playground_static, e2e.stack_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_stack_moves_bars_and_title():
    box = e2e.stack_live()
    fig = figure_of(box)
    controls = {c.description: c for c in latency.controls(box)}
    controls["plan: learned"].value = False
    assert fig.data[0].y[2] == 0 and fig.data[0].y[3] == 0 and "plan rule" in fig.layout.title.text
    controls["pretrain the detector on 2,000 offset labels"].value = True
    assert list(fig.data[1].y) == [e2e.stack_run(c, True)["test_mse"] for c in e2e.CONFIGS]
    assert_finite(fig)


def test_live_budget_total_follows_the_ticks():
    box = e2e.budget_live()
    fig = figure_of(box)
    controls = {c.description: c for c in latency.controls(box)}
    for name in e2e.LABELS:
        controls[name].value = name.startswith("control")
    assert fig.data[0].x[-1] == pytest.approx(e2e.control_bits(10, 2, 8, 100))


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_steps=12, max_bytes=60_000, allow_none=False)


def test_static_menus_toggle_visibility_only():
    for make, n_buttons in ((e2e.budget_static, 3), (e2e.playground_static, 3), (e2e.stack_static, 2)):
        fig = make()
        menu = fig.layout.updatemenus[0]
        assert menu.name and len(menu.buttons) == n_buttons
        for b in menu.buttons:
            assert list(b.args[0]) == ["visible"] and len(b.args[0]["visible"]) == len(fig.data)


def test_static_playground_states_match_the_model():
    fig = e2e.playground_static()
    step = fig.layout.sliders[0].steps[e2e.NOISES.index(0.2)]
    c = e2e.privileged_curves(0.2, 0.1)
    np.testing.assert_allclose(step.args[0]["y"][2], c["student"], rtol=1e-3)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((e2e.supervision_budget, e2e.privileged_playground, e2e.stack_slider), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _normal_equations(X, y):
    A = np.column_stack([np.ones(len(X)), X])
    return np.linalg.solve(A.T @ A, A.T @ y)


def _two_stage_lstsq(seed):
    d = e2e.stack_data(seed)

    def fit(X, Y):
        return np.linalg.lstsq(np.c_[np.ones(len(X)), X], Y, rcond=None)[0]

    W = fit(d["X_mid"], d["Z_mid"])
    head = fit(np.c_[np.ones(60), d["X_ctrl"]] @ W, d["y_ctrl"])
    zt = np.c_[np.ones(len(d["X_test"])), d["X_test"]] @ W
    two = np.mean((np.c_[np.ones(len(zt)), zt] @ head - d["y_test"]) ** 2)
    direct = np.mean((np.c_[np.ones(len(d["X_test"])), d["X_test"]] @ fit(d["X_ctrl"], d["y_ctrl"]) - d["y_test"]) ** 2)
    return two, direct


NATURAL = {  # what a learner typically writes
    "control_bits": lambda hz, channels, bits, hours: hz * hours * 3600 * channels * bits,
    "frame_bits": lambda width, height, classes: width * height * np.log2(classes),
    "fit_depth": lambda s, d: tuple(np.polyfit(np.log(s), np.log(d), 1)),
    "train_student": _normal_equations,
    "numeric_grad": lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / (2 * h),
    "two_stage_vs_direct": _two_stage_lstsq,
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    from course.grading import grade
    from exercises.end_to_end import grader
    for seed in range(2 if ex_id == "two_stage_vs_direct" else 20):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"
