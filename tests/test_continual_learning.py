"""continual-learning: the reference values of issue 21 (computed, not copied), model identities, live widgets at
every control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import numpy as np
import pytest

from widgets import continual_learning as cl
from widget_checks import assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes  # noqa: E402

HA, A, HB, B = cl.H_A, cl.A_OPT, cl.H_B, cl.B_OPT


# ---------------------------------------------------------------- reference values (issue 21)
def test_forgetting_of_the_two_quadratic_tasks():
    f = cl.forgetting(HA, A, HB, B, 0.5, 100)
    assert round(f, 4) == 2.1764
    # closed form: per direction the error shrinks by (1 − η h) per step
    wA = A * (1 - (1 - 0.5 * np.diag(HA)) ** 100)
    wB = B + (wA - B) * (1 - 0.5 * np.diag(HB)) ** 100
    assert f == pytest.approx(cl.quad_loss(wB, HA, A) - cl.quad_loss(wA, HA, A), rel=1e-12)
    assert cl.forgetting(HA, A, HB, B, 0.5, 0) == 0.0
    assert -0.02 < cl.forgetting(HA, A, HA, A, 0.5, 10) < 0  # the same task twice: more training, no forgetting


def test_replay_and_ewc_meet_at_the_same_point():
    w = cl.replay_optimum(HA, A, HB, B, 1.0)
    np.testing.assert_allclose(w, [9 / 11, -9 / 11], rtol=1e-14)
    assert cl.quad_loss(w, HA, A) == pytest.approx(2 / 11, rel=1e-14)
    assert cl.quad_loss(w, HB, B) == pytest.approx(2 / 11, rel=1e-14)
    np.testing.assert_allclose(cl.ewc_optimum(HB, B, np.diag(HA), A, 1.0), w, rtol=1e-14)
    for rho in (0.3, 2.5):  # the same identity for any ρ = λ
        np.testing.assert_allclose(cl.ewc_optimum(HB, B, np.diag(HA), A, rho), cl.replay_optimum(HA, A, HB, B, rho))
    np.testing.assert_allclose(cl.replay_optimum(HA, A, HB, B, 0.0), B)
    np.testing.assert_allclose(cl.replay_optimum(HA, A, HB, B, 1e9), A, atol=1e-8)
    run = cl.train_path(0.5, 400, rho=1.0)  # gradient descent with replay converges to the same point
    np.testing.assert_allclose(run["path"][-1], w, atol=1e-9)


def test_fast_slow_weights():
    out = cl.fast_slow([1, 1, 1, 0, 0], 0.1, 0.5, 0.8)
    np.testing.assert_allclose(out[:4], [[0, 0], [0.1, 0.5], [0.14, 0.6], [0.166, 0.61]], rtol=1e-12)
    assert out.shape == (6, 2) and cl.fast_slow([], 0.1, 0.5, 0.8).tolist() == [[0.0, 0.0]]
    # decay 1 and no slow weight: plain LMS with rate η_fast
    np.testing.assert_allclose(cl.fast_slow([2.0, 2.0], 0.0, 0.5, 1.0)[:, 1], [0, 1, 1.5])
    # after the targets return to 0 the fast weight lets go; the slow weight keeps most of what it learned
    long = cl.fast_slow([1.0] * 30 + [0.0] * 10, 0.05, 0.5, 0.8)
    assert abs(long[-1, 1]) < abs(long[30, 1]) and long[-1, 0] > 0.5 * long[30, 0]


def test_linear_attention_is_a_fast_weight_readout():
    rng = np.random.default_rng(0)
    for n, dk, dv in ((1, 3, 2), (8, 16, 5), (40, 8, 8)):
        K, V, q = rng.normal(size=(n, dk)), rng.normal(size=(n, dv)), rng.normal(size=dk)
        np.testing.assert_allclose(cl.fast_weight_readout(K, V, q), cl.linear_attention(K, V, q), rtol=0, atol=1e-12)
    K, V = np.eye(3), np.arange(6.0).reshape(3, 2)
    np.testing.assert_allclose(cl.softmax_attention(K, V, K[1], beta=1e4), V[1])  # sharp softmax: a lookup
    acc8, acc128 = cl.retrieval_accuracy(32, 8), cl.retrieval_accuracy(32, 128)
    assert acc128[0] == 1.0 and acc8[0] < 0.5 and acc8[1] > acc8[0]  # interference when n > d; softmax resists


def test_hopfield_recall_fixes_one_flipped_bit():
    X = np.array([[1, 1, 1, 1, -1, -1, -1, -1], [1, -1, 1, -1, 1, -1, 1, -1]])
    for k in range(2):
        for i in range(8):
            probe = X[k].copy()
            probe[i] *= -1
            assert cl.hopfield_recall(X, probe).tolist() == X[k].tolist()
    assert cl.hopfield_recall([[1, 1, 1]], [1, -1, -1]).tolist() == [-1, -1, -1]  # fields 0: units keep −1
    assert cl.hopfield_recall(X, X[0]).dtype.kind == "i"


def test_successor_representation_of_the_ring():
    M = cl.successor_representation(cl.ring_walk(5), 0.9)
    assert np.round(M[0], 4).tolist() == [2.7856, 1.9840, 1.6232, 1.6232, 1.9840]
    np.testing.assert_allclose(M.sum(axis=1), 10.0, rtol=1e-12)
    T = cl.ring_walk(5)
    np.testing.assert_allclose(M, np.eye(5) + 0.9 * T @ M, atol=1e-12)  # M = I + γTM
    np.testing.assert_allclose(cl.successor_representation(T, 0.0), np.eye(5))
    for wall in (False, True):
        G = cl.grid_walk(7, wall)
        np.testing.assert_allclose(G.sum(axis=1), 1.0)
        np.testing.assert_allclose(G, G.T)  # symmetric moves: the random walk is reversible with uniform π
    # the wall blocks (row 0, col 2) -> (row 0, col 3) but the door row is open
    G = cl.grid_walk(7, True)
    assert G[2, 3] == 0 and G[6 * 7 + 2, 6 * 7 + 3] == 0.25
    left, right = cl.sr_row(0.9, True), cl.sr_row(0.9, False)
    assert left[:6, 3:].sum() < right[:6, 3:].sum()  # the wall hides the far side (except via the door)


def test_hrr_unbinding_ranks_the_right_filler_first():
    R, F = cl.hrr_vectors(3, 512, seed=0), cl.hrr_vectors(3, 512, seed=1)
    memory = sum(cl.bind(r, f) for r, f in zip(R, F))
    for i in range(3):
        sims = cl.cosine(cl.unbind(memory, R[i]), F)
        assert int(np.argmax(sims)) == i and sims[i] > 0.4
    a, b = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])
    direct = [sum(a[k] * b[(j - k) % 3] for k in range(3)) for j in range(3)]
    np.testing.assert_allclose(cl.bind(a, b), direct, atol=1e-12)
    corr = [sum(b[k] * a[(j + k) % 3] for k in range(3)) for j in range(3)]
    np.testing.assert_allclose(cl.unbind(a, b), corr, atol=1e-12)


# ---------------------------------------------------------------- the lab
def test_forgetting_lab_runs():
    plain = cl.train_path(0.5, cl.STEPS, rest=cl.REST)
    replay = cl.train_path(0.5, cl.STEPS, rho=1.0, rest=cl.REST)
    ewc = cl.train_path(0.5, cl.STEPS, lam=1.0, rest=cl.REST)
    t = 2 * cl.STEPS
    assert replay["loss_A"][t] < 0.25 * plain["loss_A"][t] and ewc["loss_A"][t] < 0.25 * plain["loss_A"][t]
    assert plain["loss_A"][-1] == plain["loss_A"][t]  # resting changes nothing without fast weights
    fast = cl.train_path(0.5, cl.STEPS, decay=0.9, rest=cl.REST)
    assert fast["loss_A"][-1] < fast["loss_A"][t]  # the fast weights decay during the rest: A partly returns


# ---------------------------------------------------------------- widgets
LIVE = [cl.forgetting_live, cl.memory_live, cl.successor_live]
STATIC = [cl.forgetting_static, cl.memory_static, cl.successor_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_controls_move_the_figures():
    box = cl.forgetting_live()
    fig = figure_of(box)
    before = list(fig.data[4].y)
    box.children[0].children[0].children[1].value = 1.0  # ρ
    assert list(fig.data[4].y) != before
    box = cl.successor_live()
    fig = figure_of(box)
    before = np.array(fig.data[0].z)
    box.children[0].children[0].value = 0.5
    assert not np.allclose(np.array(fig.data[0].z), before)


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twins(make):
    fig = make()
    assert_static_twin(fig, max_steps=12, max_bytes=90_000)
    assert_finite(fig)


def test_static_states_match_the_model():
    fig = cl.successor_static()
    step = fig.layout.sliders[0].steps[cl.SR_GAMMAS.index(0.5)]
    assert np.allclose(step.args[0]["z"][1], cl.sr_row(0.5, True), rtol=1e-3)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((cl.forgetting_lab, cl.fast_weight_memory, cl.successor_map), monkeypatch)
