"""takeoff: the issue's reference values, closed forms of the takeoff ODE, the Epoch fit, Strassen as a tensor
decomposition, live widgets at every control extreme and the static twins (grader both ways:
tests/test_all_exercises.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from widgets import exponential_trends as et
from widgets import takeoff as tk
from widget_checks import assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes  # noqa: E402


# ---------------------------------------------------------------- idea production
def test_steady_growth_reference_values():
    assert tk.steady_growth(1.0, 0.5, 0.04) == pytest.approx(0.08, rel=1e-12)
    assert tk.steady_growth(0.5, -1.0, 0.04) == pytest.approx(0.01, rel=1e-12)
    assert tk.steady_growth(0.7, 0.0, 0.03) == pytest.approx(0.021, rel=1e-12)


def test_simulator_without_ai_converges_to_the_steady_growth_rate():
    """β = 0: the growth rate of A tends to λ g_L / (1 − φ) (Jones 1995)."""
    for lam, phi, g_L in [(1.0, 0.5, 0.02), (0.6, -1.0, 0.03)]:
        t, A = tk.simulate_takeoff(lam, phi, 0.0, g_L, alpha=0.05, t_max=600.0, dt=0.1, A_cap=1e300)
        g = np.diff(np.log(A)) / np.diff(t)
        assert g[-1] == pytest.approx(tk.steady_growth(lam, phi, g_L), rel=2e-2)


# ---------------------------------------------------------------- RK4, time to 10x, regimes
CLOSED = {-0.5: 2 * (math.sqrt(10) - 1 - math.atan(math.sqrt(10)) + math.pi / 4),
          0.0: math.log(5.5), 0.5: 2 * (math.atan(math.sqrt(10)) - math.pi / 4)}


@pytest.mark.parametrize("phi, expected, kind", [(-0.5, 3.36631, "slowdown"), (0.0, 1.70475, "exponential"),
                                                 (0.5, 0.95824, "explosive")])
def test_takeoff_time_reference_values_and_closed_forms(phi, expected, kind):
    t10, label = tk.takeoff_time(1.0, phi, 1e-3)
    assert label == kind
    assert t10 == pytest.approx(expected, abs=1e-5)
    assert t10 == pytest.approx(CLOSED[phi], abs=1e-6)


def test_rk4_is_fourth_order():
    """Halving the step cuts the error of the integrated value by ~16 (no interpolation involved)."""
    exact = 2.0 * math.exp(1.0) - 1.0  # dA/dt = 1 + A, A(0) = 1: A(1) = 2e − 1
    errs = []
    for dt in (0.1, 0.05):
        t, A = tk.simulate_takeoff(1.0, 0.0, 1.0, 0.0, alpha=1.0, t_max=1.0, dt=dt, A_cap=1e12)
        errs.append(abs(A[-1] - exact))
    assert 12 < errs[0] / errs[1] < 20


def test_blow_up_near_pi_over_two():
    t, A = tk.simulate_takeoff(1.0, 0.5, 1.0, 0.0, alpha=1.0, t_max=3.0, dt=1e-4, A_cap=1e12)
    assert A[-1] >= 1e12 and t[-1] == pytest.approx(math.pi / 2, abs=1e-3) and t[-1] < math.pi / 2 + 2e-4


def test_regime_ties_and_floating_point_sums():
    assert 1.4 + (-0.4) != 1.0 and tk.regime(1.4, -0.4) == "exponential"
    assert tk.regime(1.0, 1e-6) == "explosive" and tk.regime(1.0, -1e-6) == "slowdown"
    assert tk.regime(0.5, 0.5) == "exponential"


def test_crossing_time_interpolates_and_handles_edges():
    t, A = np.array([0.0, 1.0, 2.0]), np.array([1.0, 5.0, 13.0])
    assert tk.crossing_time(t, A, 10.0) == pytest.approx(1.625)
    assert tk.crossing_time(t, A, 1.0) == 0.0
    assert math.isnan(tk.crossing_time(t, A, 20.0))
    assert tk.crossing_time(t, np.array([1.0, 5.0, math.inf]), 10.0) == 1.0


def test_regimes_in_the_simulator_match_the_sum():
    """With AI labour (g_L = 0): above λ + φ = 1 the growth rate rises without bound, at 1 it settles at
    α·β^λ (5 % a year here), below 1 it keeps falling."""
    up = tk.takeoff_state(1.0, 0.2, 1.0, 0.0)["growth"]
    assert up[-2] > 100 > 10 > up[50]
    flat = tk.takeoff_state(1.0, 0.0, 1.0, 0.0)["growth"]
    assert flat[-1] == pytest.approx(100 * tk.ALPHA, abs=0.05)
    down = tk.takeoff_state(1.0, -0.3, 1.0, 0.0)["growth"]
    assert down[-1] < 2.0 and np.all(np.diff(down[1:-1]) < 0)


# ---------------------------------------------------------------- Eroom, Epoch, METR
def test_eroom_2212_per_century_and_points():
    T, fold = tk.doubling_from_points(1950.0, 1.0, 1959.0, 2.0, 100.0)
    assert T == pytest.approx(9.0) and fold == pytest.approx(2 ** (100 / 9)) and round(fold) == 2212
    T, fold = tk.doubling_from_points(2001.0, 9.5e7, 2015.0, 1.2e3, 10.0)
    assert T == pytest.approx(-0.86034, rel=1e-4) and fold == pytest.approx((1.2e3 / 9.5e7) ** (10 / 14))


def test_epoch_reference_values():
    e = et.load_epoch_all()
    n, months, factor = tk.compute_trend(e["date"], e["flop"], e["notable"], 2010.0)
    assert n == 428 and months == pytest.approx(5.39, abs=5e-3) and factor == pytest.approx(4.68, abs=5e-3)
    n23, months23, _ = tk.compute_trend(e["date"], e["flop"], e["notable"], 2023.0)
    assert n23 == 122 and months23 == pytest.approx(2.31, abs=5e-3)
    # the same fit as exponential-trends' loader of the trimmed notable file (one source of truth)
    ep = et.load_epoch()
    keep = ep["year"] >= 2010
    assert 12.0 / et.fit_log2_line(ep["year"][keep], ep["flop"][keep])[0] == pytest.approx(months, rel=1e-12)


def test_decimal_years_convention():
    assert tk.decimal_years(["2018-01-01"])[0] == 2018.0
    assert tk.decimal_years(["2023-03-15"])[0] == pytest.approx(2023.1992, abs=1e-4)


def test_inputs_outputs_state_uses_metr_fits():
    s = tk.inputs_outputs_state(2023.0)
    assert s["metr"]["n"] == 14
    assert s["metr"]["months"] * et.DAYS_PER_MONTH == pytest.approx(
        et.metr_doubling_days(*(et.load_metr("TH1.1")[k] for k in ("day", "p50", "sota")),
                              start_day=et.year_day(2023.0)), rel=1e-3)
    assert s["notable"]["per_horizon"] == pytest.approx(s["metr"]["months"] / s["notable"]["months"])


# ---------------------------------------------------------------- Strassen
def test_strassen_matches_numpy_on_seeded_integers():
    rng = np.random.default_rng(0)
    for _ in range(50):
        A, B = rng.integers(-99, 100, (2, 2)), rng.integers(-99, 100, (2, 2))
        C, m = tk.strassen_2x2(A, B)
        assert np.array_equal(C, A @ B) and m.shape == (7,)
        U, V, W = tk.strassen_factors()
        assert np.array_equal((U.T @ A.ravel()) * (V.T @ B.ravel()), m)
        assert np.array_equal(W @ m, (A @ B).ravel())


def test_decompositions():
    U, V, W = tk.strassen_factors()
    assert tk.decomposition_ok(U, V, W) and U.shape == (4, 7)
    assert not tk.decomposition_ok(V, U, W)
    for M in range(3):
        for i in range(4):
            for j in range(7):
                F = [U.copy(), V.copy(), W.copy()]
                F[M][i, j] += 1
                assert not tk.decomposition_ok(*F)
    assert tk.matmul_tensor(2).sum() == 8 and tk.matmul_tensor(3).sum() == 27


@pytest.mark.parametrize("n, naive, fast", [(1, 1, 1), (2, 8, 7), (4, 64, 49), (4096, 68719476736, 13841287201)])
def test_multiplication_counts(n, naive, fast):
    assert tk.multiplication_counts(n) == (naive, fast)
    assert isinstance(tk.multiplication_counts(n)[1], int)


def test_ratio_at_4096_and_cutoff():
    naive, fast = tk.multiplication_counts(4096)
    assert fast / naive == pytest.approx(0.2014, abs=5e-5)
    assert tk.strassen_cutoff_counts(4096, 1) == fast and tk.strassen_cutoff_counts(4096, 4096) == naive


# ---------------------------------------------------------------- the grader accepts natural right answers
def _natural_takeoff(lam, phi, dt):
    f = lambda A: (1 + A) ** lam * A ** phi  # noqa: E731
    t, A = 0.0, 1.0
    while True:
        k1 = f(A)
        k2 = f(A + dt * k1 / 2)
        k3 = f(A + dt * k2 / 2)
        k4 = f(A + dt * k3)
        new = A + dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6
        if new >= 10:
            t10 = t + dt * (10 - A) / (new - A)
            break
        t, A = t + dt, new
    s = lam + phi
    return t10, "exponential" if abs(s - 1) <= 1e-9 else "explosive" if s > 1 else "slowdown"


def _natural_trend(dates, flop, notable, start_year):
    days = (np.array(dates, dtype="datetime64[D]") - np.datetime64("1970-01-01", "D")).astype(float)
    years = 1970 + days / 365.25
    keep = notable & (years >= start_year)
    b, a = np.polyfit(years[keep], np.log2(flop[keep]), 1)
    return int(keep.sum()), 12 / b, 2 ** b


def _natural_strassen(A, B):
    a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
    e, f, g, h = B[0, 0], B[0, 1], B[1, 0], B[1, 1]
    m = [(a + d) * (e + h), (c + d) * e, a * (f - h), d * (g - e), (a + b) * h, (c - a) * (e + f), (b - d) * (g + h)]
    return np.array([[m[0] + m[3] - m[4] + m[6], m[2] + m[4]], [m[1] + m[3], m[0] - m[1] + m[2] + m[5]]]), np.array(m)


def _natural_decomposition(U, V, W):
    T = np.zeros((4, 4, 4))
    for r in range(2):
        for s in range(2):
            for c in range(2):
                T[2 * r + s, 2 * s + c, 2 * r + c] = 1
    R = sum(np.multiply.outer(np.multiply.outer(U[:, i], V[:, i]), W[:, i]) for i in range(U.shape[1]))
    return bool((R == T).all())


NATURAL = {
    "tk_steady_growth": lambda lam, phi, g: lam * g / (1 - phi),
    "tk_takeoff_time": _natural_takeoff,
    "tk_doubling_from_points": lambda y1, c1, y2, c2, s: ((y2 - y1) / math.log2(c2 / c1),
                                                          2 ** (s * math.log2(c2 / c1) / (y2 - y1))),
    "tk_compute_trend": _natural_trend,
    "tk_strassen_2x2": _natural_strassen,
    "tk_decomposition_ok": _natural_decomposition,
    "tk_multiplication_counts": lambda n: (n ** 3, 7 ** round(math.log2(n))),
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_several_seeds(ex_id):
    from course.grading import grade
    from exercises.takeoff import grader
    for seed in range(4):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"


def test_no_interpolation_fails_with_the_interpolation_hint():
    from course.grading import grade
    from exercises.takeoff import grader

    def late(lam, phi, dt):
        t10, kind = _natural_takeoff(lam, phi, dt)
        return math.ceil(t10 / dt) * dt, kind

    verdict = grade(grader["tk_takeoff_time"], late)
    assert not verdict.passed and "interpolate" in verdict.hint


# ---------------------------------------------------------------- widgets
LIVE = [tk.takeoff_live, tk.inputs_outputs_live, tk.strassen_live]
STATIC = [tk.takeoff_static, tk.inputs_outputs_static, tk.strassen_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_takeoff_recolours_by_regime():
    box = tk.takeoff_live()
    fig = figure_of(box)
    phi = next(c for c in box.children if getattr(c, "description", "").startswith("φ"))
    phi.value = 0.5
    assert fig.data[0].line.color == tk.REGIME_COLOURS["explosive"] and "explosive" in fig.layout.title.text
    phi.value = -0.5
    assert fig.data[0].line.color == tk.REGIME_COLOURS["slowdown"]
    assert_finite(fig)


def test_live_inputs_outputs_selection_toggles_points():
    box = tk.inputs_outputs_live()
    fig = figure_of(box)
    sel = box.children[1]
    sel.value = "all"
    assert fig.data[0].visible is True and "all models" in fig.layout.title.text
    sel.value = "notable"
    assert fig.data[0].visible is False


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twins(make):
    fig = make()
    assert_static_twin(fig, max_steps=12, max_bytes=120_000)
    assert fig.layout.meta["alt"].strip().endswith(".")


def test_static_takeoff_states_match_the_model():
    fig = tk.takeoff_static()
    step = fig.layout.sliders[0].steps[tk.STATIC_PHI.index(0.5)]
    s = tk.takeoff_state(1.0, 0.5, 1.0, tk.STATIC_GL)
    i = 2 * tk.STATIC_BETA.index(1.0)
    assert step.args[0]["line.color"][i] == s["colour"] == tk.REGIME_COLOURS["explosive"]
    assert step.args[0]["y"][i][-1] == pytest.approx(s["logA"][-1], rel=1e-3)
    assert "10¹² at" in step.args[1]["title.text"]
    menu = fig.layout.updatemenus[0]
    assert len(menu.buttons) == 3 and all(len(b.args[0]["visible"]) == len(fig.data) for b in menu.buttons)


def test_static_inputs_outputs_buttons_and_titles():
    fig = tk.inputs_outputs_static()
    assert [len(b.args[0]["visible"]) for b in fig.layout.updatemenus[0].buttons] == [len(fig.data)] * 2
    titles = [s.args[1]["title.text"] for s in fig.layout.sliders[0].steps]
    assert titles[0].startswith("From 2010: compute ×2 every 5.4 months") and len(set(titles)) == len(titles)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((tk.takeoff_simulator, tk.inputs_vs_outputs, tk.strassen_explorer), monkeypatch)
