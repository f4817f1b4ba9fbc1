"""scaling-laws: the issue's reference values (6ND, the power-law fit, the optimum of both constant sets,
the Epoch compute trend, C/(6ND) of real rows, the data-wall toy), live widgets at every control extreme
and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import numpy as np
import pytest

from exercises.scaling_laws import grader
from course.grading import grade
from widgets import exponential_trends as et
from widgets import scaling_laws as sl
from widget_checks import assert_book_gets_static_twin, assert_static_twin, assert_finite, figure_of, sweep_extremes


# ---------------------------------------------------------------- formulas and the reference values
def test_train_flops():
    assert sl.train_flops(1e9, 20e9) == pytest.approx(1.2e20, rel=1e-12)
    assert sl.train_flops(70e9, 1.4e12) == pytest.approx(5.88e23, rel=1e-12)
    np.testing.assert_allclose(sl.train_flops(np.array([1.0, 2.0]), np.array([3.0, 5.0])), [18.0, 60.0])


def test_fit_alpha_recovers_the_law_and_E_matters():
    N = np.array([1e7, 1e8, 1e9, 1e10])
    L = 1.69 + 406.4 / N ** 0.34
    A, alpha = sl.fit_alpha(N, L, 1.69)
    assert alpha == pytest.approx(0.3400, abs=1e-12) and A == pytest.approx(406.4, rel=1e-10)
    naive = -np.polyfit(np.log(N), np.log(L), 1)[0]  # the irreducible term forgotten
    assert naive == pytest.approx(0.0867, abs=5e-5)


@pytest.mark.parametrize("C, consts, N_star, D_star, ratio", [
    (1e21, sl.HOFFMANN, 1.824e9, 9.14e10, 50.1),
    (5.76e23, sl.HOFFMANN, 3.219e10, 2.982e12, 92.6),
    (1e21, sl.REFIT, 2.781e9, 5.993e10, 21.6),
    (5.76e23, sl.REFIT, 7.231e10, 1.328e12, 18.4),
])
def test_optimum_reference_values(C, consts, N_star, D_star, ratio):
    N, D = sl.optimum(C, consts)
    assert N == pytest.approx(N_star, rel=5e-4) and D == pytest.approx(D_star, rel=5e-4)
    assert D / N == pytest.approx(ratio, abs=0.05)
    assert 6 * N * D == pytest.approx(C, rel=1e-12)


@pytest.mark.parametrize("consts", [sl.HOFFMANN, sl.REFIT, (0.0, 50.0, 5000.0, 0.5, 0.25)])
@pytest.mark.parametrize("C", [1e18, 1e21, 1e26])
def test_closed_form_is_the_minimum_of_the_isoflop_curve(C, consts):
    N, _ = sl.optimum(C, consts)
    Ng, _ = sl.optimum_grid(C, consts)
    step = np.log(C / 6e6 / 1e3) / 4000  # log-spacing of the grid
    assert abs(np.log(Ng / N)) <= step
    L = lambda n: sl.chinchilla_loss(n, C / (6 * n), consts)  # noqa: E731
    assert L(N) < L(N * 1.01) and L(N) < L(N / 1.01)


def test_compute_trend_reproduced_from_the_shipped_csv():
    ep = et.load_epoch()
    assert int((ep["year"] >= 2010.0).sum()) == 428
    slope, factor, months = sl.compute_trend(ep["year"], ep["flop"], 2010.0)
    assert slope == pytest.approx(0.670, abs=5e-4)
    assert factor == pytest.approx(4.68, abs=5e-3)
    assert months == pytest.approx(5.39, abs=5e-3)
    full = sl.epoch_rows()  # the notable rows of the full file give the same fit
    assert sl.compute_trend(full["year"][full["notable"]], full["flop"][full["notable"]], 2010.0) == pytest.approx(
        (slope, factor, months), rel=1e-12)


def test_compute_trend_window_start_is_inclusive():
    year = np.array([2019.0, 2020.0, 2021.0, 2022.0])
    flop = np.array([1.0, 10.0, 1000.0, 1e5])
    slope, _, _ = sl.compute_trend(year, flop, 2020.0)
    assert slope == pytest.approx(np.polyfit([2020.0, 2021, 2022], [1.0, 3, 5], 1)[0])


@pytest.mark.parametrize("name, ratio, dn", [("GPT-3 175B (davinci)", 0.800, 2.137), ("Chinchilla", 1.306, 15.0),
                                             ("Llama 3.1-405B", 1.002, 38.52)])
def test_flops_ratio_of_real_rows(name, ratio, dn):
    rows = sl.epoch_rows()
    i = int(np.flatnonzero(rows["model"] == name)[0])
    r, d = sl.flops_ratio(rows["flop"][i], rows["params"][i], rows["datapoints"][i])
    assert r == pytest.approx(ratio, abs=5e-4) and d == pytest.approx(dn, abs=5e-3)


def test_data_wall_toy():
    C_wall, years = sl.data_wall(1e14, 4.64e26, 4.68)
    assert C_wall == pytest.approx(3e27, rel=1e-12) and years == pytest.approx(1.21, abs=5e-3)
    rows = sl.epoch_rows()
    assert rows["model"][np.argmax(rows["flop"])] == "Grok-3" and rows["flop"].max() == pytest.approx(4.64e26, rel=1e-12)


def test_hidden_cases_catch_hard_coding():
    ex = grader.exercises["compute_trend"]

    def hard(year, flop, start):
        return 0.6701674850815167, 4.67915557500327, 5.390234573269964
    assert not grade(ex, hard).passed


# ---------------------------------------------------------------- widgets
LIVE = [sl.scaling_explorer_live, sl.compute_over_time_live]
STATIC = [sl.scaling_explorer_static, sl.compute_over_time_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_scaling_explorer_moves_the_figure():
    box = sl.scaling_explorer_live()
    fig = figure_of(box)
    logC, which = box.children[0].children
    x0 = float(fig.data[2].x[0])
    logC.value = 25.0
    assert float(fig.data[2].x[0]) > 50 * x0
    assert fig.data[2].x[0] == pytest.approx(sl.optimum(1e25, sl.HOFFMANN)[0], rel=1e-12)
    which.value = "Hoffmann et al. 2022"
    assert fig.data[1].visible is False and fig.data[0].visible is True
    assert "1.0e25" in fig.layout.title.text
    assert_finite(fig)


def test_live_compute_over_time_moves_the_figure():
    box = sl.compute_over_time_live()
    fig = figure_of(box)
    start, notable = box.children[0].children
    y0 = list(fig.data[2].y)
    start.value = 2018.0
    assert list(fig.data[2].y) != y0 and "2018" in fig.layout.title.text
    notable.value = False
    assert fig.data[1].visible is True and fig.data[3].visible is True and fig.data[2].visible is False


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_and_buttons(make):
    fig = make()
    steps = fig.layout.sliders[0].steps
    assert_static_twin(fig)
    for b in fig.layout.updatemenus[0].buttons:
        assert len(b.args[0]["visible"]) == len(fig.data)
    assert len(fig.to_json()) < 150_000
    texts = [fig.layout.title.text] + [t.name for t in fig.data] + [s.args[1]["title.text"] for s in steps]
    assert not [t for t in texts if "$" in t]


def test_static_states_decode_to_the_model():
    fig = sl.scaling_explorer_static()
    step = fig.layout.sliders[0].steps[sl.LOG_C.index(23)]
    N, _ = sl.optimum(1e23, sl.REFIT)
    assert step.args[0]["x"][3][0] == pytest.approx(N, rel=1e-3)  # 4 significant digits
    fig = sl.compute_over_time_static()
    step = fig.layout.sliders[0].steps[sl.FIT_STARTS.index(2010.0)]
    assert "n = 428" in step.args[1]["title.text"] and "×4.68/yr" in step.args[1]["title.text"]


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((sl.scaling_explorer, sl.compute_over_time), monkeypatch)
