"""brain-hardware: the issue's reference values (recomputed), boundary cases of the models, the Gibbs histogram
against exact Boltzmann probabilities, live widgets at every control extreme, and the static twins
(the grader in both directions: tests/test_all_exercises.py; its mutants: tests/test_mutation.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from widgets import brain_hardware as bh
from widgets import gibbs
from widget_checks import assert_book_gets_static_twin, assert_finite, assert_static_twin, sweep_extremes

C = np.array([[3.0, 1.0], [1.0, 2.0]])


# ---------------------------------------------------------------- energy, power, Landauer
def test_energy_per_event_reference_values():
    assert bh.energy_per_event(20, 1e14, 1) == pytest.approx(2e-13, rel=1e-12)
    assert bh.energy_per_event(20, 1e14, 200) == pytest.approx(1e-15, rel=1e-12)
    np.testing.assert_allclose(bh.energy_per_event(20, 1e14, np.array([1.0, 200.0])), [2e-13, 1e-15], rtol=1e-12)
    assert bh.energy_per_event(bh.GPU_W, bh.GPU_FLOPS, 1.0) == pytest.approx(0.7e-12)  # 0.7 pJ per FLOP


def test_dynamic_power_and_ratios():
    assert bh.dynamic_power(0.1, 1e-16, 0.8, 2e9, 1e10) == pytest.approx(128.0, rel=1e-12)
    assert bh.power_ratio(0.5, 0.5, 1) == pytest.approx(1 / 8, rel=1e-12)
    assert bh.power_ratio(0.5, 1, 1) == pytest.approx(1 / 4, rel=1e-12)  # V enters squared
    for k in (2, 10, 37):  # k slower units at V/k, f/k do the same work for 1/k² of the power
        assert bh.power_ratio(1 / k, 1 / k, k) == pytest.approx(1 / k**2, rel=1e-12)
    assert bh.power_ratio(1, 1, 1) == 1
    # the ratio is the model's own ratio (α and C cancel)
    assert bh.power_ratio(0.7, 0.3, 5) == pytest.approx(
        bh.dynamic_power(0.2, 3e-15, 0.7 * 0.9, 0.3 * 1e8, 5 * 40) / bh.dynamic_power(0.2, 3e-15, 0.9, 1e8, 40))


def test_landauer_reference_values():
    floor, ratios = bh.landauer(310, np.array([1e-15, 0.7e-12]))
    assert floor == pytest.approx(2.9667e-21, rel=2e-5) and floor == pytest.approx(1.380649e-23 * 310 * math.log(2))
    assert ratios[0] == pytest.approx(3.37e5, rel=1e-3) and ratios[1] == pytest.approx(2.36e8, rel=1e-3)
    assert bh.landauer(300, [bh.K_B * 300 * math.log(2)])[1][0] == pytest.approx(1.0, rel=1e-12)
    assert bh.landauer(310, [])[1].shape == (0,)


def test_copy_costs():
    bio, digital = bh.copy_costs(100.0, 1.0, np.array([1, 10, 1000]))
    assert bio.tolist() == [100.0, 1000.0, 100000.0] and digital.tolist() == [100.0, 109.0, 1099.0]


# ---------------------------------------------------------------- normalisation, Hebb, Oja
def test_normalize_reference_and_rows():
    np.testing.assert_allclose(bh.normalize([0.2, 0.5, 0.3, 1.0]), [0.1, 0.25, 0.15, 0.5], rtol=1e-12)
    W = np.array([[1.0, 3.0], [0.5, 0.5]])
    np.testing.assert_allclose(bh.normalize(W, 2.0), [[0.5, 1.5], [1.0, 1.0]])
    w = np.array([0.2, 0.5])
    bh.normalize(w, 3.0)
    assert w.tolist() == [0.2, 0.5]  # input untouched


def test_hebb_runs_away_and_normalised_hebb_is_bounded():
    free = bh.hebb(C, [1.0, 0.0], 0.05, 200)
    bounded = bh.hebb(C, [1.0, 0.0], 0.05, 200, total=1.0)
    assert np.linalg.norm(free[-1]) > 1e12 and np.allclose(bounded[1:].sum(axis=1), 1.0)
    top = np.array([0.85065081, 0.52573111])
    for traj in (free, bounded):  # both point along the top eigenvector
        assert abs(traj[-1] @ top) / np.linalg.norm(traj[-1]) > 0.999999


def test_oja_reference_values():
    traj = bh.oja(C, [1.0, 0.0], 0.05, 500)
    assert traj.shape == (501, 2) and traj[0].tolist() == [1.0, 0.0]
    w = traj[-1]
    np.testing.assert_allclose(w, [0.85065, 0.52573], atol=5e-6)
    evals, evecs = np.linalg.eigh(C)
    assert abs(w @ evecs[:, -1]) / np.linalg.norm(w) > 0.999 and np.linalg.norm(w) == pytest.approx(1, abs=1e-9)
    assert w @ C @ w == pytest.approx((5 + math.sqrt(5)) / 2, rel=1e-9) == evals[-1]
    assert bh.oja(C, [0.3, 0.4], 0.05, 0).tolist() == [[0.3, 0.4]]


# ---------------------------------------------------------------- timing
def test_temporal_basis():
    D = bh.temporal_basis(6, [0, 2, 5], 0.0)
    assert D.shape == (6, 3) and D.sum() == 3 and D[2, 1] == 1 and D[5, 2] == 1
    G = bh.temporal_basis(30, bh.GAUSS_CENTRES, 2.0)
    assert G.shape == (30, 15) and G.max() == 1.0 and G[3, 1] == pytest.approx(math.exp(-1 / 8))


def test_eyeblink_reference_peak_and_delay_line():
    w, r = bh.eyeblink(12, np.arange(0, 30, 2), 2.0, 0.1, 200)
    assert int(np.argmax(r)) == 12 and w.shape == (15,) and r.shape == (30,)
    np.testing.assert_allclose(r[12 - 5:12], r[12 + 5:12:-1], atol=0.02)  # nearly symmetric about the puff
    for puff in (3, 12, 21):  # the delay line learns exactly the puff step: 1 − (1 − η)^n there, 0 elsewhere
        _, r = bh.eyeblink(puff, np.arange(30), 0.0, 0.1, 200)
        assert int(np.argmax(r)) == puff and r[puff] == pytest.approx(1 - 0.9**200) and np.abs(np.delete(r, puff)).max() == 0
    assert not bh.eyeblink(12, np.arange(0, 30, 2), 2.0, 0.1, 0)[1].any()  # no trials: no response
    # the Gaussian basis generalises in time: a response starts before the puff (the delay line cannot)
    _, r = bh.eyeblink(12, np.arange(0, 30, 2), 2.0, 0.1, 200)
    assert r[11] > 0.25 and r[10] > 0.05


def test_gaussian_peak_tracks_the_puff_across_the_grid():
    for puff in bh.PUFF_GRID:
        s = bh.timing_state(puff, "Gaussian")
        assert int(np.argmax(s["final"])) == puff, puff


# ---------------------------------------------------------------- noise as a resource (Gibbs)
def test_gibbs_histogram_matches_exact_boltzmann_probabilities():
    W, b = bh.noise_machine()
    for T in (0.7, 1.0, 2.0):
        run = bh.noise_run(W, b, T, 2000, chains=64, seed=3)
        X, p, _ = gibbs.boltzmann(W, b, T)
        np.testing.assert_allclose(run["p"], p)
        assert np.abs(run["freq"][-1] - p).max() < 0.015, T  # 128,000 samples
        assert run["kl"][-1] < 2e-3 and run["kl"][-1] < run["kl"][9] < run["kl"][0]
        assert np.allclose(run["freq"].sum(axis=1), 1.0)


def test_too_little_noise_gets_stuck():
    W, b = bh.noise_machine()
    cold = bh.noise_run(W, b, 0.2, 200)
    assert cold["freq"][-1][12] == 1.0 and cold["p"][3] > 0.7  # every chain stays at 1100; exact favours 0011
    assert cold["kl"][-1] > 2.0


# ---------------------------------------------------------------- widgets
LIVE = [bh.power_calculator_live, bh.noise_live, bh.timing_live]
STATIC = [bh.power_calculator_static, bh.noise_static, bh.timing_static]


@pytest.mark.parametrize("make", LIVE)
def test_live_widget_finite_at_every_extreme(make):
    sweep_extremes(make())


@pytest.mark.parametrize("make", STATIC)
def test_static_twin(make):
    fig = make()
    assert_static_twin(fig, max_bytes=60_000, allow_none=False)
    assert_finite(fig)
    titles = {s.args[1]["title.text"] for s in fig.layout.sliders[0].steps}
    assert len(titles) == len(fig.layout.sliders[0].steps)  # every step changes the title


@pytest.mark.parametrize("make", [bh.power_calculator_static, bh.timing_static])
def test_static_menus_change_visibility(make):
    fig = make()
    menu = fig.layout.updatemenus[0]
    vis = [tuple(b.args[0]["visible"]) for b in menu.buttons]
    assert len(set(vis)) == len(vis) >= 2


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((bh.power_calculator, bh.noise_as_resource, bh.timing_learner), monkeypatch)


@pytest.mark.parametrize("args", [(12, bh.GAUSS_CENTRES, 2.0, 0.1), (5, bh.DELAY_CENTRES, 0.0, 0.1),
                                  (20, bh.GAUSS_CENTRES, 2.5, 0.1), (3, bh.GAUSS_CENTRES, 0.5, 0.1)])
def test_closed_form_responses_equal_the_trial_loop(args):
    loop = np.array([bh.eyeblink(*args, n)[1] for n in (0, 1, 20, 1000)])
    np.testing.assert_allclose(bh.eyeblink_responses(*args, [0, 1, 20, 1000]), loop, atol=1e-9)
