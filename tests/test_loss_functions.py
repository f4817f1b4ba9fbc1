"""loss-functions: the issue's reference values, the shaping theorem and the loop threshold reproduced
numerically, model properties, live widgets at every control extreme, static twins
(the graders in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from widgets import loss_functions as lf
from widget_checks import assert_book_gets_static_twin, assert_static_twin, sweep_extremes


# ---------------------------------------------------------------- learning curves
def test_samples_to_threshold_reference_values():
    assert lf.samples_to_threshold(5, 0.5, 0.1, 0.2) == pytest.approx(2500, rel=1e-12)
    slow, fast = lf.samples_to_threshold(2, 0.3, 0.05, 0.1), lf.samples_to_threshold(2, 0.5, 0.05, 0.1)
    assert round(slow) == 218_877 and fast == pytest.approx(1600, rel=1e-12)
    assert slow / fast == pytest.approx(136.8, abs=0.05)
    assert lf.samples_to_threshold(2, 0.5, 0.1, 0.1) == math.inf  # at the floor: never
    assert lf.samples_to_threshold(2, 0.5, 0.1, 0.05) == math.inf
    d = lf.samples_to_threshold(3.0, 0.4, 0.2, 0.2001)
    assert math.isfinite(d) and lf.learning_curve(d, 3.0, 0.4, 0.2) == pytest.approx(0.2001, rel=1e-12)


def test_fit_power_law_is_exact_on_exact_points_and_profile_fit_recovers_the_truth():
    D = np.array([10.0, 100.0, 1000.0, 10000.0])
    A, alpha = lf.fit_power_law(D, lf.learning_curve(D, 2.0, 0.5, 0.05), 0.05)
    assert A == pytest.approx(2.0, rel=1e-12) and alpha == pytest.approx(0.5, rel=1e-12)
    D, L = lf.noisy_learning_curve(A=3.0, alpha=0.4, L_inf=0.1, noise=0.0, D_max=1e6)
    A, alpha, floor = lf.fit_learning_curve(D, L)
    assert A == pytest.approx(3.0, rel=0.02) and alpha == pytest.approx(0.4, rel=0.02) and floor == pytest.approx(0.1, abs=0.003)
    D, L = lf.noisy_learning_curve(**lf.FIT_DATA)
    assert L.min() > max((0.0, 0.01, 0.02, 0.03, 0.04, 0.045, 0.05))  # every floor the static slider assumes is below the data


# ---------------------------------------------------------------- schedules and the two-module net
def test_schedules_at_their_boundaries():
    t = np.arange(0, 11)
    assert lf.schedule("step", t, 4, 4).tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    np.testing.assert_allclose(lf.schedule("ramp", t, 4, 4), [0, 0, 0, 0, 0, .25, .5, .75, 1, 1, 1], atol=1e-15)
    sig = lf.schedule("sigmoid", t, 4, 4)
    assert sig[4] == 0.5 and sig[8] == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-14)
    assert np.all(np.diff(sig) > 0) and np.isfinite(lf.schedule("sigmoid", [-1e6, 1e6], 0, 0.01)).all()
    with pytest.raises(ValueError):
        lf.schedule("cosine", t, 4, 4)


def test_train_two_module_gradients_match_finite_differences():
    data = lf.two_module_data(n=6, n_aux=9, n_val=5, d=4, k=2, init=0.3, seed=3)
    lam, lr = 0.7, 1e-6

    def loss(W1, w2):
        return (np.mean((data["X"] @ W1.T @ w2 - data["y"]) ** 2)
                + lam * np.mean(np.sum((data["X_aux"] @ W1.T - data["T"]) ** 2, axis=1)))

    out = lf.train_two_module(data, [1.0], [lam], lr)
    g_W1, g_w2 = (data["W1"] - out["W1"]) / lr, (data["w2"] - out["w2"]) / lr
    h = 1e-6
    for idx in np.ndindex(data["W1"].shape):
        E = np.zeros_like(data["W1"])
        E[idx] = h
        num = (loss(data["W1"] + E, data["w2"]) - loss(data["W1"] - E, data["w2"])) / (2 * h)
        assert g_W1[idx] == pytest.approx(num, rel=1e-5, abs=1e-8)
    for i in range(len(data["w2"])):
        e = np.zeros_like(data["w2"])
        e[i] = h
        num = (loss(data["W1"], data["w2"] + e) - loss(data["W1"], data["w2"] - e)) / (2 * h)
        assert g_w2[i] == pytest.approx(num, rel=1e-5, abs=1e-8)


def test_outer_loop_reference_and_no_mutation():
    data = lf.two_module_data(seed=0)
    before = {k: v.copy() for k, v in data.items()}
    best, errors = lf.select_aux_weight(data, [0.0, 0.1, 0.3, 1.0, 3.0], 100, 0.1)
    assert best == 3.0
    np.testing.assert_allclose(errors, [0.6852, 0.6270, 0.5806, 0.5059, 0.4359], atol=5e-5)  # the prompt's example
    assert all(np.array_equal(before[k], data[k]) for k in data)
    assert lf.select_aux_weight(data, [1.0, 0.0], 0, 0.1)[0] == 1.0  # zero steps: a tie, the first λ wins


def test_auxiliary_loss_beats_end_to_end_at_the_end():
    run = lf.curriculum_run(t_on_aux=0, t_on_main=40, kind="ramp", width=20, lam=1.0)
    e2e = run["end_to_end"]
    assert run["curriculum"][-1] < 0.7 * e2e[-1]  # 0.553 vs 0.980
    assert e2e.argmin() < 100 and e2e[-1] > 1.5 * e2e.min()  # end-to-end overfits after an early best
    assert not e2e.flags.writeable  # the cached curve cannot be corrupted by a caller


# ---------------------------------------------------------------- MDPs and shaping
def test_corridor_values_and_potential_shaping_shift_q_by_minus_phi():
    env = lf.corridor(6)
    nxt, r, term = env["next_state"], env["reward"], env["terminal"]
    Q = lf.value_iteration(nxt, r, term, 0.9)
    np.testing.assert_allclose(Q.max(axis=1), [0.6561, 0.729, 0.81, 0.9, 1, 0], atol=1e-12)
    phi = np.array([0, 1, 2, 3, 4, 0.0])
    for gamma in (0.9, 0.6):
        Q = lf.value_iteration(nxt, r, term, gamma)
        Qs = lf.value_iteration(nxt, r + lf.shaping_table(nxt, term, phi, gamma), term, gamma)
        np.testing.assert_allclose(Qs - Q, np.broadcast_to(-phi[:, None], Q.shape), atol=1e-12)
        assert np.array_equal(lf.greedy_actions(Qs), lf.greedy_actions(Q))
    grid = lf.gridworld(5)
    rng = np.random.default_rng(1)
    phi = np.where(grid["terminal"], 0.0, rng.normal(0, 3, 25))
    Q = lf.value_iteration(grid["next_state"], grid["reward"], grid["terminal"], 0.8)
    Qs = lf.value_iteration(grid["next_state"], grid["reward"] + lf.shaping_table(grid["next_state"], grid["terminal"],
                                                                                     phi, 0.8), grid["terminal"], 0.8)
    np.testing.assert_allclose(Qs - Q, np.broadcast_to(-phi[:, None], Q.shape), atol=1e-11)


def test_shaping_rewards_telescope():
    rng = np.random.default_rng(0)
    for _ in range(20):
        states, phi, gamma = rng.integers(0, 7, int(rng.integers(2, 15))), rng.normal(0, 2, 7), rng.uniform(0.3, 0.99)
        for terminal in (True, False):
            F = lf.shaping_rewards(states, phi, gamma, terminal)
            end = 0.0 if terminal else phi[states[-1]]
            assert np.sum(gamma ** np.arange(len(F)) * F) == pytest.approx(gamma ** len(F) * end - phi[states[0]], abs=1e-12)
    np.testing.assert_allclose(lf.shaping_rewards([0, 1, 2, 3, 4, 5], np.arange(6.0), 0.9, True), [.9, .8, .7, .6, -4], atol=1e-12)
    assert lf.shaping_rewards([3], np.arange(6.0), 0.9, True).shape == (0,)


def _loops(b, gamma, n, k):
    env = lf.corridor(n)
    nxt, term = env["next_state"], env["terminal"]
    Q = lf.value_iteration(nxt, env["reward"] + lf.bonus_table(nxt, term, k, b), term, gamma)
    return not lf.greedy_reaches_goal(nxt, term, lf.greedy_actions(Q, 1e-12), k)


@pytest.mark.parametrize("gamma, n, k", [(0.9, 6, 1), (0.8, 9, 3), (0.95, 7, 5), (0.6, 4, 1)])
def test_bisected_loop_threshold_matches_the_closed_form(gamma, n, k):
    lo, hi = 0.0, 5.0
    for _ in range(45):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if _loops(mid, gamma, n, k) else (mid, hi)
    assert hi == pytest.approx(lf.loop_threshold(gamma, n, k), abs=1e-9)


def test_bonus_of_0_2_flips_the_corridor_into_a_loop():
    env = lf.corridor(6)
    nxt, term = env["next_state"], env["terminal"]
    assert lf.loop_threshold(0.9, 6, 1) == pytest.approx(0.1539, abs=1e-12)
    Q = lf.value_iteration(nxt, env["reward"] + lf.bonus_table(nxt, term, 1, 0.2), term, 0.9)
    V = Q.max(axis=1)
    assert V[0] == pytest.approx(0.2 / (1 - 0.81), abs=1e-10) and V[0] == pytest.approx(1.0526, abs=1e-4)
    pol = lf.greedy_actions(Q)
    assert pol.tolist()[:5] == [0, 0, 1, 1, 0]  # states 2, 3 turn left; state 1 ties between its two neighbours
    assert Q[1, 0] == pytest.approx(Q[1, 1], abs=1e-10)
    assert [s for s in range(5) if lf.greedy_reaches_goal(nxt, term, pol, s)] == [4]
    assert lf.policy_return(env, pol, 0.9).tolist() == [0, 0, 0, 0, 1, 0]


def test_q_learning_finds_the_optimal_corridor_policy_and_is_seeded():
    env = lf.corridor(6)
    a = lf.q_learning(env["next_state"], env["reward"], env["terminal"], 0, n_episodes=200, seed=4)
    b = lf.q_learning(env["next_state"], env["reward"], env["terminal"], 0, n_episodes=200, seed=4)
    assert np.array_equal(a["steps"], b["steps"]) and a["steps"][-20:].mean() < 7
    assert np.all(lf.greedy_actions(a["Q"])[:5] == 0)


def test_value_potential_is_the_optimal_value():
    for env in (lf.corridor(6), lf.gridworld(5)):
        Q = lf.value_iteration(env["next_state"], env["reward"], env["terminal"], 0.9)
        np.testing.assert_allclose(lf.value_potential(env, 0.9), Q.max(axis=1), atol=1e-12)


# ---------------------------------------------------------------- widgets
LIVE = [lf.curriculum_live, lf.shaping_live, lf.fitter_live]
STATIC = [lf.curriculum_static, lf.shaping_static, lf.fitter_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_slider_extreme(make):
    sweep_extremes(make())


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_is_small_labelled_and_complete(make):
    fig = make()
    assert_static_twin(fig)
    for menu in fig.layout.updatemenus:
        for button in menu.buttons:
            assert len(button.args[0]["visible"]) == len(fig.data)
    assert len(fig.to_json()) < 150_000


def test_live_shaping_bonus_shows_the_loop():
    box = lf.shaping_live()
    fig = box.children[-1]
    controls = {c.description: c for c in __import__("latency").controls(box)}
    controls["shaping"].value = "bonus"
    controls["β (shaping weight)"].value = 0.5
    assert "LOOPS" in fig.layout.title.text
    controls["shaping"].value = "potential"
    assert "reaches the goal" in fig.layout.title.text


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((lf.curriculum_scheduler, lf.shaping_playground, lf.learning_curve_fitter), monkeypatch)
