"""brain-data: the issue's reference values, model properties (gradient, ranks, ceiling, tuning, the recomputed
λ claim), live widgets at every control extreme and static twins (the grader: tests/test_all_exercises.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from widgets import brain_data as bd
from widgets.synthetic_data import entropy_bits
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes
from exercises import brain_data as ex


# ---------------------------------------------------------------- bits
def test_bits_reference_values():
    assert bd.bits_per_example(2, [0.0])[0] == 1.0
    assert bd.bits_per_example(1000, [0.0])[0] == pytest.approx(9.965784, abs=1e-6)
    assert bd.bits_per_example(2, np.full(100, 0.1))[1] == pytest.approx(6.875176, abs=1e-6)
    assert bd.bits_per_example(2, np.full(100, 1.0))[1] == pytest.approx(50.0, abs=1e-12)
    for K in (1, 2, 6, 1000):  # the label bits are the entropy of a uniform distribution (chapter synthetic-data)
        assert bd.bits_per_example(K, [0.0])[0] == pytest.approx(entropy_bits(np.ones(K)), abs=1e-12)


def test_gaussian_bits_equals_the_sum_for_independent_channels_and_is_smaller_for_redundant_ones():
    snr = np.array([0.5, 2.0, 7.0])
    assert bd.gaussian_bits(np.diag(snr * 0.3), 0.3) == pytest.approx(bd.bits_per_example(2, snr)[1], abs=1e-12)
    P, Bm = bd.world_matrices()
    cov = Bm.T @ (P.T @ P) @ Bm
    exact, naive = bd.gaussian_bits(cov, 0.25), bd.bits_per_example(2, np.diag(cov) / 0.25)[1]
    assert exact < naive / 3 and exact > math.log2(bd.WORLD["K"])


# ---------------------------------------------------------------- distillation
def test_distillation_reference_values():
    t, s = np.array([2.0, 1.0, 0.0]), np.array([1.0, 1.0, 0.0])
    kl1, sc1 = bd.distill_kl(t, s, 1.0)
    kl2, sc2 = bd.distill_kl(t, s, 2.0)
    assert kl1 == pytest.approx(0.11963, abs=5e-6) and sc1 == kl1
    assert kl2 == pytest.approx(0.03099, abs=5e-6) and sc2 == pytest.approx(4 * kl2)
    assert sc2 == pytest.approx(0.12, abs=0.005)
    assert bd.distill_kl(t, t + 5.0, 3.0)[0] == pytest.approx(0.0, abs=1e-15)
    assert np.isfinite(bd.distill_kl(np.array([900.0, 0.0, 850.0]), np.array([880.0, 10.0, 890.0]), 20.0)[0])


# ---------------------------------------------------------------- RSA, ceiling, ridge
def test_rsa_reference_value_33_over_35():
    dR, dM, rho = bd.rsa(ex.R_EXAMPLE, ex.M_EXAMPLE)
    assert rho == pytest.approx(33 / 35, abs=1e-12)
    assert np.allclose(np.diag(dR), 0) and np.allclose(dR, dR.T) and np.allclose(dM, dM.T)
    np.testing.assert_allclose(dR, 1 - np.corrcoef(ex.R_EXAMPLE), atol=1e-12)


def test_ranks_average_ties_and_spearman_bounds():
    np.testing.assert_array_equal(bd.ranks(np.array([3.0, 1.0, 3.0, 2.0])), [3.5, 1.0, 3.5, 2.0])
    x = np.array([0.3, 0.1, 0.9, 0.5])
    assert bd.spearman(x, x ** 3) == pytest.approx(1.0) and bd.spearman(x, -x) == pytest.approx(-1.0)


def test_noise_ceiling_falls_with_noise_and_layer_3_wins_when_the_data_are_good():
    ceilings = [bd.layer_rsa(n)["ceiling"] for n in bd.LAYER_NOISE]
    assert ceilings[0] == pytest.approx(1.0) and all(a >= b for a, b in zip(ceilings, ceilings[1:]))
    for noise in (0.0, 0.5, 1.0, 2.0):
        out = bd.layer_rsa(noise)
        assert int(np.argmax(out["rho"])) == bd.LAYERS["brain_layer"]
        assert out["rho"].max() <= out["ceiling"] + 1e-12


def test_ridge_predictivity_reference_and_limits():
    r2 = bd.ridge_predictivity(*ex._ridge_example(None)[0])
    np.testing.assert_allclose(r2, [0.9551863, -0.9652778], atol=1e-7)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    Y = X @ rng.normal(size=(3, 2)) + 1.0
    np.testing.assert_allclose(bd.ridge_predictivity(X[:30], Y[:30], X[30:], Y[30:], 0.0), 1.0, atol=1e-12)


# ---------------------------------------------------------------- the auxiliary loss
def test_aux_example_values_and_finite_differences():
    L, dE, dC, dG = bd.aux_loss_grad(*ex.AUX_EXAMPLE)
    assert L == pytest.approx(0.7921706779518, abs=1e-12)
    np.testing.assert_allclose(dG, [[-0.08275], [-0.08675]], atol=1e-12)
    rng = np.random.default_rng(4)
    w = bd.brain_world(9, 0.5, seed=2)
    params = [rng.normal(0, 0.3, s) for s in ((20, 4), (4, 6), (4, 30))]
    _, *grads = bd.aux_loss_grad(*params, w["X"], w["y"], w["B"], 0.7)
    eps = 1e-6
    for p, g in zip(params, grads):
        for idx in [(0, 0), (2, 1), (3, 3)]:
            p[idx] += eps
            up = bd.aux_loss_grad(*params, w["X"], w["y"], w["B"], 0.7)[0]
            p[idx] -= 2 * eps
            down = bd.aux_loss_grad(*params, w["X"], w["y"], w["B"], 0.7)[0]
            p[idx] += eps
            assert (up - down) / (2 * eps) == pytest.approx(g[idx], abs=1e-6)


def test_brain_world_labels_are_sectors_of_the_meaning():
    w = bd.brain_world(500, 0.0, seed=1)
    angle = np.arctan2(w["z"][:, 1], w["z"][:, 0]) % (2 * np.pi)
    np.testing.assert_array_equal(w["y"], (angle // (2 * np.pi / 6)).astype(int))
    P, Bm = bd.world_matrices()
    np.testing.assert_allclose(w["B"], w["X"] @ P @ Bm, atol=1e-12)  # no neural noise: b = z Bm exactly


def test_brain_loss_beats_labels_only_at_20_labels_on_the_shipped_seed():
    """The issue's claim, recomputed: λ > 0 beats λ = 0 at 20 labels (seed 0, neural noise 0.5)."""
    base = bd.classifier_scores(20, 0.0, 0.5, seed=0)["acc"]
    for lam in (0.1, 0.3, 1.0):
        assert bd.classifier_scores(20, lam, 0.5, seed=0)["acc"] > base + 0.05
    grid = bd.classifier_grid(0.5)  # and on the mean of three seeds, at every label budget, for λ = 1
    assert np.all(grid["acc"][bd.LAMBDAS.index(1.0)] > grid["acc"][0])


# ---------------------------------------------------------------- Gabor
def test_gabor_example_and_tuning_peaks_at_the_filter_angle():
    k = bd.gabor(5, 2.0, 0.0, 4.0)
    np.testing.assert_allclose(k[2], [-math.exp(-0.5), 0, 1, 0, -math.exp(-0.5)], atol=1e-12)
    assert bd.gabor(7, 2.0, math.pi / 4, 5.0)[3, 4] == pytest.approx(0.5831333450, abs=1e-9)
    angles = np.arange(12) * np.pi / 12
    for i in (0, 2, 5, 6, 9):
        tuning = bd.orientation_tuning(bd.gabor(21, 4.0, angles[i], 8.0), angles, 8.0)
        assert int(np.argmax(tuning)) == i


# ---------------------------------------------------------------- widgets
LIVE = [bd.classifier_live, bd.bits_live, bd.layer_live]
STATIC = [bd.classifier_static, bd.bits_static, bd.layer_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_classifier_moves_its_figure():
    box = bd.classifier_live()
    fig = figure_of(box)
    lam = next(c for c in __import__("latency").controls(box) if c.description.startswith("λ"))
    before = np.array(fig.data[1].y)
    lam.value = 0.0
    np.testing.assert_allclose(fig.data[1].y, fig.data[0].y)
    assert not np.allclose(before, fig.data[1].y)
    assert_finite(fig)


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin(make):
    assert_static_twin(make(), max_bytes=120_000)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_layer_buttons_show_one_model_rdm_each():
    fig = bd.layer_static()
    menu = fig.layout.updatemenus[0]
    assert len(menu.buttons) == len(bd.LAYER_NAMES)
    for i, b in enumerate(menu.buttons):
        vis = b.args[0]["visible"]
        assert vis[:3] == [True, True, True] and vis[3:].count(True) == 1 and vis[3 + i]


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((bd.brain_augmented_classifier, bd.bits_per_label, bd.which_layer), monkeypatch)
