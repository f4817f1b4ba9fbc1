"""omnidirectional-inference: the issue's reference values, Gibbs against enumeration, the infiller, live
widgets at every control extreme and the static twins (the grader: tests/test_all_exercises.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import gibbs
from widgets import omnidirectional_inference as oi
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402

P1, P2, P3 = 0.6, np.array([0.3, 0.8]), np.array([[0.1, 0.7], [0.4, 0.9]])
W3 = np.array([[0.0, 2.0, -1.0], [2.0, 0.0, 1.0], [-1.0, 1.0, 0.0]])
B3 = np.array([-1.0, -0.5, 0.5])


# ---------------------------------------------------------------- the reference values
def test_autoregressive_infill_values():
    assert oi.ar_infill(P1, P2, P3, 1, 1) == pytest.approx(0.9, abs=1e-12)  # vs forward-only 0.8
    assert P2[1] == 0.8
    joint = oi.ar_joint(P1, P2, P3)
    assert joint.sum() == pytest.approx(1, abs=1e-15)
    for a in (0, 1):
        for c in (0, 1):
            assert oi.conditional(joint, (1,), {0: a, 2: c})[1] == pytest.approx(oi.ar_infill(P1, P2, P3, a, c),
                                                                                 abs=1e-12)
    # p(x1) cancels: any p1 gives the same infill
    assert oi.ar_infill(0.01, P2, P3, 0, 1) == oi.ar_infill(0.99, P2, P3, 0, 1)
    assert oi.infill_scorings(50_000, 2) == 2_500_000_000 and oi.infill_scorings(7, 0) == 1


def test_query_pattern_count():
    assert oi.query_patterns(16) == 42_981_185
    assert [oi.query_patterns(n) for n in range(4)] == [0, 1, 5, 19]
    # brute force for n = 4: every labelling in {query, evidence, unused}^n with a query
    import itertools
    assert sum(1 for lab in itertools.product("qeu", repeat=4) if "q" in lab) == oi.query_patterns(4)


def test_three_unit_boltzmann_machine():
    Z, p13 = oi.boltzmann_query(W3, B3, 0, 2)
    assert Z == pytest.approx(10.9315, abs=5e-5)
    assert p13 == pytest.approx(0.40247, abs=5e-6)
    assert oi.boltzmann_query(W3, B3, 2, 0)[1] == pytest.approx(0.59326, abs=5e-6)
    assert gibbs.boltzmann(W3, B3)[2] == pytest.approx(Z, rel=1e-12)


def test_conditional_against_brute_force():
    rng = np.random.default_rng(0)
    joint = rng.dirichlet(np.ones(32)).reshape((2,) * 5)
    got = oi.conditional(joint, (4, 1), {0: 1, 3: 0})
    want = np.zeros((2, 2))
    for idx in np.ndindex(*joint.shape):
        if idx[0] == 1 and idx[3] == 0:
            want[idx[4], idx[1]] += joint[idx]
    np.testing.assert_allclose(got, want / want.sum(), rtol=1e-12)
    np.testing.assert_allclose(oi.conditional(joint, (2,), {}), joint.sum(axis=(0, 1, 3, 4)), rtol=1e-12)


# ---------------------------------------------------------------- Gibbs converges to enumeration
def test_gibbs_marginals_long_run_within_two_hundredths():
    U = np.random.default_rng(2024).random((2000, 3))
    est = oi.gibbs_marginals(np.array([0.0, 0.0, 1.0]), W3, B3, np.array([False, False, True]), U, 100)
    exact = gibbs.clamped_marginals(W3, B3, np.array([0.0, 0.0, 1.0]), np.array([False, False, True]))
    assert np.abs(est - exact).max() < 0.02 and est[2] == 1
    for seed in range(3):  # other seeded streams too
        U = np.random.default_rng(seed).random((3000, 3))
        est = oi.gibbs_marginals(np.array([1.0, 0.0, 0.0]), W3, B3, np.array([True, False, False]), U, 200)
        exact = gibbs.clamped_marginals(W3, B3, np.array([1.0, 0.0, 0.0]), np.array([True, False, False]))
        assert np.abs(est - exact).max() < 0.02


def test_pad_gibbs_converges_and_kl_falls_with_sweeps():
    W, b = oi.pad_machine()
    table = oi.pad_table(W, b)
    for name, spec in oi.PAD_PRESETS.items():
        x, clamp = oi._preset_arrays(spec)
        r = oi.pad_run(W, b, x, clamp, 1.0, 1000, chains=64, seed=0, table=table)
        assert np.abs(r["running"][-1] - r["exact"]).max() < 0.02, name
        # the unclamped pad starts near its answer (random starts average 0.5): no fall over the first sweeps
        assert r["kl"][-1] < r["kl"][99] < min(r["kl"][0], r["kl"][9]) and r["kl"][-1] < 0.003, name
        np.testing.assert_array_equal(r["running"][:, clamp], np.broadcast_to(x[clamp], r["running"][:, clamp].shape))
    x, clamp = oi._preset_arrays(oi.PAD_PRESETS["nothing clamped"])
    np.testing.assert_allclose(oi.pad_run(W, b, x, clamp, 1.0, 1, table=table)["exact"], 0.5, atol=1e-12)


def test_pad_stores_its_patterns():
    W, b = oi.pad_machine()
    X, p, _ = gibbs.boltzmann(W, b)
    top = {tuple(r) for r in X[np.argsort(p)[-6:]]}
    pats = [np.array(v, dtype=float) for v in oi.PATTERNS.values()]
    assert top == {tuple(v) for v in pats} | {tuple(1 - v) for v in pats}
    x, clamp = oi._preset_arrays(oi.PAD_PRESETS["top row = 1 1 0 0"])
    exact = gibbs.clamped_marginals(W, b, x, clamp)
    assert np.all(exact.reshape(4, 4)[1:, :2] > 0.9) and np.all(exact.reshape(4, 4)[1:, 2:] < 0.1)


# ---------------------------------------------------------------- the trained blank
def test_infiller_answers_only_its_own_blank():
    W, b, table, coefs = oi._blank_setup()
    img = oi.EVIDENCE["top half"]
    centre = np.array(oi.CENTRE)
    out = oi.infill(coefs[oi.CENTRE_NAME], img, centre, centre)
    assert np.all(np.isfinite(out[centre])) and np.all(np.isnan(np.delete(out, centre)))
    left = np.array(oi.MASKS["left column"])
    assert np.all(np.isnan(oi.infill(coefs[oi.CENTRE_NAME], img, left, centre)))  # not in its repertoire
    retrained = oi.infill(coefs["left column"], img, left, left)
    clamp = np.ones(16, dtype=bool)
    clamp[left] = False
    exact = gibbs.clamped_marginals(W, b, img, clamp, 1.0, table)
    assert np.abs(retrained[left] - exact[left]).max() < 0.15  # a linear fit: close, not exact
    v = oi.blank_view("left column", "top half, one pixel flipped", False, W, b, table, coefs)
    assert "answers 0 of 4" in v["title"]
    v = oi.blank_view(oi.CENTRE_NAME, "top half, one pixel flipped", False, W, b, table, coefs)
    assert "answers 4 of 4" in v["title"]


def test_training_images_follow_the_distribution():
    W, b = oi.pad_machine()
    imgs = oi.training_images(W, b, n=4000, seed=1)
    assert imgs.shape == (4000, 16)
    np.testing.assert_allclose(imgs.mean(axis=0), 0.5, atol=0.04)


# ---------------------------------------------------------------- widgets
LIVE = [oi.clamp_pad_live, oi.trained_blank_live, oi.infill_cost_live]
STATIC = [oi.clamp_pad_static, oi.trained_blank_static, oi.infill_cost_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_pad_moves_the_figure():
    box = oi.clamp_pad_live()
    fig = figure_of(box)
    before = np.array(fig.data[1].z, dtype=float)
    pixel = next(c for c in latency.controls(box) if c.description == "r0c0")
    assert pixel.value == "1"  # opens on the book's first clamping, the top row 1 1 0 0
    pixel.value = "0"
    after = np.array(fig.data[1].z, dtype=float)
    assert after[0, 0] == 0 and not np.allclose(before, after)
    assert fig.data[1].text[0][0] == "0" and fig.data[0].text[0][0] == "0"
    T = next(c for c in latency.controls(box) if c.description.startswith("T"))
    T.value = T.min
    assert_finite(fig)
    sweeps = next(c for c in latency.controls(box) if c.description == "sweeps")
    sweeps.value = 1
    assert fig.data[3].x == (1,)


def test_live_blank_retrain_fills_the_mask():
    box = oi.trained_blank_live()
    fig = figure_of(box)
    z = np.array(fig.data[3].z, dtype=float)
    assert np.isnan(z).all()  # left column: the centre-trained infiller has no answer
    retrain = next(c for c in latency.controls(box) if isinstance(c.value, bool))
    retrain.value = True
    z = np.array(fig.data[3].z, dtype=float)
    assert np.isfinite(z[:, 0]).all() and np.isnan(z[:, 1:]).all()


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin(make):
    assert_static_twin(make(), max_bytes=120_000)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_static_pad_slider_states_match_the_model():
    fig = oi.clamp_pad_static()
    steps = fig.layout.sliders[0].steps
    W, b = oi.pad_machine()
    x, clamp = oi._preset_arrays(oi.PAD_PRESETS["top row = 1 1 0 0"])
    r = oi.pad_run(W, b, x, clamp, 1.0, oi.PAD_SWEEPS, chains=oi.PAD_CHAINS)
    i = list(oi.PAD_PRESETS).index("top row = 1 1 0 0")
    last = steps[-1].args[0]["z"][i]  # the longest run, PAD_SWEEPS sweeps
    np.testing.assert_allclose(np.array(last, dtype=float), r["running"][-1].reshape(4, 4), rtol=1e-3)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((oi.clamp_pad, oi.trained_blank, oi.infill_cost), monkeypatch)
