"""robots: the reference values of issue 40 (computed, not copied), model identities, live widgets at every
control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import robots as rb
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402


# ---------------------------------------------------------------- control
def test_pd_poles_issue_values():
    poles, stable = rb.pd_poles(15, 3)
    np.testing.assert_allclose(poles, [-1.5 - 1.7146428j, -1.5 + 1.7146428j], atol=1e-6)
    assert stable is True
    poles, stable = rb.pd_poles(5, 1)
    np.testing.assert_allclose(poles.real, [-2.7494444, 1.7494444], atol=1e-6)
    assert not np.any(poles.imag) and stable is False
    poles, stable = rb.pd_poles(12, 0)
    np.testing.assert_allclose(poles, [-1.4798649j, 1.4798649j], atol=1e-6)
    assert stable is False  # on the imaginary axis: not asymptotically stable


def test_pd_poles_are_the_roots_and_stability_matches_them():
    rng = np.random.default_rng(1)
    for _ in range(200):
        kp, kd, l = rng.uniform(0, 60), rng.uniform(0, 12), rng.choice([0.5, 1.0, 2.0])
        poles, stable = rb.pd_poles(kp, kd, 9.81, l)
        np.testing.assert_allclose(np.sort_complex(np.roots([1, kd, kp - 9.81 / l])), poles, atol=1e-9)
        assert stable == bool(poles.real.max() < 0)
    assert rb.pd_poles(9.81, 2.0)[1] is False  # a pole at exactly 0
    poles, stable = rb.pd_poles(13.0, 6.0, 8.0, 2.0)  # critically damped: a double pole at −3
    np.testing.assert_allclose(poles, [-3, -3]) and stable


def test_simulate_issue_value_and_euler_form():
    theta = rb.simulate(20, 5)
    assert theta.shape == (201,) and theta[0] == 0.2 and theta[1] == 0.2  # ω₀ = 0: the first step keeps θ
    assert round(float(theta[-1]), 5) == -0.00211
    assert round(float(rb.simulate(5, 1)[-1]), 5) == 2.25028
    assert rb.simulate(20, 5, t_end=0.57).shape == (58,)  # round, not int: 0.57/0.01 = 56.99999999999999
    assert rb.simulate(20, 5, t_end=0.0).tolist() == [0.2]
    # one explicit step by hand
    dt, th, g = 0.01, 0.3, 9.81
    t2 = rb.simulate(10, 2, t_end=0.02, dt=dt, theta0=th)
    w1 = dt * (g * math.sin(th) - 10 * th)
    assert t2[2] == pytest.approx(th + dt * w1, rel=1e-14)


def test_reproduced_peak_decay_rate():
    """Issue: the peaks decay at the poles' rate, −kd/2 = −2.500 for (20, 5). Careful computation: the fit at
    dt = 0.01 gives −2.513 (Euler's discrete pole has modulus e^(−2.511 dt)); at dt = 0.001 it gives −2.502."""
    assert rb.pd_poles(20, 5)[0].real[0] == -2.5
    slope = rb.peak_decay_rate(rb.simulate(20, 5, t_end=6.0))
    assert round(slope, 3) == -2.513
    fine = rb.peak_decay_rate(rb.simulate(20, 5, t_end=6.0, dt=0.001), dt=0.001)
    assert abs(fine + 2.5) < 0.005
    A = np.array([[1, 0.01], [0.01 * (9.81 - 20), 1 - 0.05]])
    assert np.log(abs(np.linalg.eigvals(A)[0])) / 0.01 == pytest.approx(-2.511, abs=5e-4)
    assert math.isnan(rb.peak_decay_rate(np.linspace(0.2, 0.0, 10)))


def test_place_poles_and_gains_problem():
    kp, kd = rb.place_poles(2.5, 2.0)
    assert (kp, kd) == pytest.approx((20.06, 5.0), rel=1e-12)
    np.testing.assert_allclose(rb.pd_poles(kp, kd)[0], [-2.5 - 2j, -2.5 + 2j], atol=1e-12)
    assert round(float(rb.simulate(kp, kd)[-1]), 5) == -0.0021 and rb.gains_problem(kp, kd) is None
    np.testing.assert_allclose(rb.pd_poles(*rb.place_poles(1.5, 1.7146428), 9.81, 1.0)[0].imag, [-1.7146428, 1.7146428])
    rng = np.random.default_rng(3)
    for _ in range(50):  # placement round-trips through pd_poles for any length and gravity
        a, w, g, l = rng.uniform(0.1, 5), rng.uniform(0, 6), rng.choice([9.81, 1.62]), rng.choice([0.5, 2.0])
        np.testing.assert_allclose(rb.pd_poles(*rb.place_poles(a, w, g, l), g, l)[0], [-a - 1j * w, -a + 1j * w],
                                   atol=1e-6)
    assert "weaker than gravity" in rb.gains_problem(5, 1)
    assert "no damping" in rb.gains_problem(12, 0)
    assert "not above g/l" in rb.gains_problem(9.81, 5)
    assert "too slowly" in rb.gains_problem(12, 0.5)


# ---------------------------------------------------------------- supervision, platforms, liability
def test_robots_per_supervisor():
    assert rb.robots_per_supervisor(0.95, 60, 30) == pytest.approx(40, rel=1e-12)
    assert rb.robots_per_supervisor(0.99, 60, 30) == pytest.approx(200, rel=1e-12)
    assert rb.robots_per_supervisor(0.99, 60, 30) != 200  # 1 − 0.99 is not 0.01 in floating point
    assert int(rb.robots_per_supervisor(0.95, 60, 30)) == 39  # why the chapter says: never int()
    assert rb.robots_per_supervisor(1.0, 60, 30) == math.inf
    assert rb.robots_per_supervisor(0.0, 60, 30) == 2.0


def test_break_even_tasks_issue_value():
    assert rb.break_even_tasks(50e6, 20e3, 1e9, 30e3, 1000) == 25
    spec, gen = rb.platform_costs(50e6, 20e3, 1e9, 30e3, 1000, np.array([24, 25, 26]))
    assert gen[0] > spec[0] and gen[1] == spec[1] == 1.75e9 and gen[2] < spec[2]
    assert rb.break_even_tasks(50e6, 25e3, 1e9, 30e3, 1000) == 23  # 22.2 rounded up
    assert rb.break_even_tasks(50e6, 20e3, 1e9, 70e3, 1000) == math.inf  # equal per-task cost
    assert rb.break_even_tasks(50e6, 20e3, 1e9, 80e3, 1000) == math.inf  # the general unit is dearer


def test_b2c_year_issue_values():
    assert rb.b2c_year(1e-3, 1e6, 1e5, 1e6) == 7
    np.testing.assert_array_equal(rb.expected_liability(1e-3, 1e6, 1e5, np.array([6, 7])), [1_562_500, 781_250])
    assert rb.b2c_year(1e-3, 1e6, 1e5, 1.5625e6) == 6  # equal to the cap counts
    assert rb.b2c_year(1e-3, 1e4, 1e4, 1e6) == 0
    assert [rb.b2c_year(rb.RATE0, h, c, rb.CAP0) for _, h, c, _ in rb.STAGES] == [0, 2, 7]


# ---------------------------------------------------------------- transfer
def test_ridge_fit_examples_and_batch():
    X, y = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(rb.ridge_fit(X, y, 0.5), [20 / 17, 18 / 17], rtol=1e-12)
    np.testing.assert_allclose(rb.ridge_fit(X, y, 0.5, np.array([1.0, 1.0])), [23 / 17, 19 / 17], rtol=1e-12)
    np.testing.assert_allclose(rb.ridge_fit(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12)
    rng = np.random.default_rng(0)
    Xs, ys, w0 = rng.normal(size=(4, 9, 3)), rng.normal(size=(4, 9)), rng.normal(size=(4, 3))
    batch = rb.ridge_fit(Xs, ys, 0.7, w0)
    for r in range(4):
        np.testing.assert_allclose(batch[r], rb.ridge_fit(Xs[r], ys[r], 0.7, w0[r]), rtol=1e-12)


def test_transfer_head_beats_scratch_at_50():
    """Issue: a fixed numpy feature extractor with a new head beats training from scratch at n = 50."""
    for seed in range(10):
        e = rb.transfer_errors((50,), 0.0, seed=seed)
        assert e["head"][0] < 0.7 * e["scratch"][0]
    e = rb.transfer_curves(0.0)
    assert e["head"][rb.N50] < 0.5 * e["scratch"][rb.N50]
    assert rb.transfer_errors((50,), 0.0)["head"][0] == e["head"][rb.N50]  # the same draws whatever ns is
    far = rb.transfer_curves(1.0)  # nothing in common with the car: the frozen head is useless
    assert far["head"][-1] > 0.95 and far["scratch"][-1] < 0.1 and far["finetune"][-1] < 0.1


# ---------------------------------------------------------------- widgets
LIVE = [rb.balance_live, rb.supervisors_live, rb.platforms_live, rb.transfer_live]
STATIC = [rb.balance_static, rb.supervisors_static, rb.platforms_static, rb.transfer_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_balance_moves_pendulum_and_colours_poles():
    box = rb.balance_live()
    fig = figure_of(box)
    controls = {c.description: c for c in latency.controls(box)}
    controls["kp (1/s²)"].value = 5.0
    controls["kd (1/s)"].value = 1.0
    assert fig.data[4].marker.color == rb.PALETTE["vermillion"] and "UNSTABLE" in fig.layout.title.text
    assert max(fig.data[4].x) == pytest.approx(1.7494444, abs=1e-6)
    assert abs(fig.data[3].y[-1]) == pytest.approx(math.pi / 2)  # fell over: lies on the floor
    controls["kp (1/s²)"].value = 20.0
    controls["kd (1/s)"].value = 5.0
    assert fig.data[4].marker.color == rb.PALETTE["green"] and "-0.00211" not in fig.layout.title.text
    assert "0.00211 rad" in fig.layout.title.text


def test_live_supervisors_and_platforms_follow_the_model():
    box = rb.supervisors_live()
    fig = figure_of(box)
    c = {w.description: w for w in latency.controls(box)}
    c["success rate p"].value = 0.99
    assert fig.data[1].y[0] == pytest.approx(200)
    box = rb.platforms_live()
    fig = figure_of(box)
    c = {w.description: w for w in latency.controls(box)}
    assert list(fig.data[2].x) == [25] and "25 tasks" in fig.layout.title.text
    c["general unit cost ($k)"].value = 80
    assert len(fig.data[2].x) == 0 and "never" in fig.layout.title.text


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_steps=12, max_bytes=70_000)


def test_static_balance_states_and_buttons():
    fig = rb.balance_static()
    first = 3
    step = fig.layout.sliders[0].steps[rb.KP_GRID.index(5.0)]
    i = rb.KD_GRID.index(1.0)
    np.testing.assert_allclose(step.args[0]["x"][2 * i + 1], rb.pd_poles(5.0, 1.0)[0].real, rtol=1e-3)
    assert step.args[0]["marker.color"][2 * i + 1] == rb.PALETTE["vermillion"]
    assert list(step.args[2]) == list(range(first, first + 2 * len(rb.KD_GRID)))
    menu = fig.layout.updatemenus[0]
    assert menu.name and len(menu.buttons) == len(rb.KD_GRID)
    vis = menu.buttons[i].args[0]["visible"]
    assert list(vis[:first]) == [True] * first and sum(vis) == first + 2 and vis[first + 2 * i] and vis[first + 2 * i + 1]


@pytest.mark.parametrize("make", STATIC + LIVE + [rb.go_to_market_figure], ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((rb.balance, rb.supervisors, rb.platforms, rb.transfer), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _natural_simulate(kp, kd, t_end=2.0, dt=0.01, theta0=0.2, g=9.81, l=1.0):
    th, w = theta0, 0.0
    out = [th]
    for _ in range(round(t_end / dt)):
        th, w = th + dt * w, w + dt * (g / l * math.sin(th) - kp * th - kd * w)
        out.append(th)
    return np.array(out)


def _natural_b2c(rate, hours, cost, cap):
    n = 0
    while rate * hours * cost / 2 ** n > cap:
        n += 1
    return n


NATURAL = {  # what a learner typically writes: np.roots in its own order, a tuple-swap Euler, closed forms
    "pd_poles": lambda kp, kd, g=9.81, l=1.0: (np.roots([1, kd, kp - g / l]).astype(complex),
                                               bool(np.all(np.roots([1, kd, kp - g / l]).real < 0))),
    "simulate": _natural_simulate,
    "place_poles": lambda a, w, g=9.81, l=1.0: (g / l + a ** 2 + w ** 2, 2 * a),
    "robots_per_supervisor": lambda p, t, f: math.inf if p == 1 else t / ((1 - p) * f),
    "break_even_tasks": lambda Fs, cs, Fg, cg, u: (
        math.inf if Fs + cs * u <= cg * u else math.ceil(Fg / (Fs + cs * u - cg * u))),
    "b2c_year": _natural_b2c,
    "ridge_fit": lambda X, y, lam, w0=None: np.linalg.inv(X.T @ X + lam * np.eye(X.shape[1])) @ (
        X.T @ y + (lam * w0 if w0 is not None else 0)),
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    from course.grading import grade
    from exercises.robots import grader
    for seed in range(15):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"


def test_pd_poles_accepts_any_order_and_names_a_missing_tuple():
    from course.grading import grade
    from exercises.robots import grader
    flipped = lambda kp, kd, g=9.81, l=1.0: (rb.pd_poles(kp, kd, g, l)[0][::-1], rb.pd_poles(kp, kd, g, l)[1])
    assert grade(grader["pd_poles"], flipped).passed
    v = grade(grader["pd_poles"], lambda kp, kd, g=9.81, l=1.0: rb.pd_poles(kp, kd, g, l)[0])
    assert not v.passed and "tuple" in v.message
