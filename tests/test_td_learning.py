"""td-learning: models (asymptotes, exactness of the vectorised versions), live widgets at every
slider extreme and static twins (the grader: tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import td_learning as td
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_static_twin, assert_finite as _finite, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402


# ---------------------------------------------------------------- TD(0)
def test_td_update_moves_toward_target_and_copies():
    V = np.array([0.0, 0.5, 1.0, 0.0])
    out = td.td_update(V, 1, 0.0, 2, 0.1, 0.9, False)
    assert out[1] == pytest.approx(0.54) and V[1] == 0.5  # input untouched
    assert td.td_update(V, 1, 1.0, 2, 0.5, 0.9, True)[1] == pytest.approx(0.75)  # terminal: target r
    assert np.array_equal(np.delete(out, 1), np.delete(V, 1))


# ---------------------------------------------------------------- dopamine model
@pytest.mark.parametrize("kw", [dict(), dict(p_reward=0.6, omit_last=True, seed=4),
                                dict(T=7, t_cue=0, t_reward=6, alpha=1.0, gamma=0.5, n_trials=40),
                                dict(T=12, t_cue=3, t_reward=4, alpha=0.37, gamma=1.0, p_reward=0.3, n_trials=90)])
def test_vectorised_trials_equal_the_online_loop(kw):
    fast, slow = td.dopamine_trials(**kw), td.dopamine_trials_loop(**kw)
    np.testing.assert_allclose(fast["delta"], slow["delta"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(fast["w"], slow["w"], rtol=0, atol=1e-12)
    assert np.array_equal(fast["rewarded"], slow["rewarded"])


def test_error_migrates_from_reward_to_cue_and_dips_on_omission():
    first, last, probe = td.dopamine_probe(2000, 20, 5, 15, 0.1, 0.98)
    assert first[15] == 1 and np.count_nonzero(first) == 1
    cue, reward, omission = td.asymptotic_deltas(0.98, 10, 1.0)
    assert cue == pytest.approx(0.98 ** 10) and reward == 0 and omission == -1
    assert last[5] == pytest.approx(cue, abs=1e-9) and abs(last[15]) < 1e-9
    assert probe[15] == pytest.approx(-1, abs=1e-9) and probe[5] == pytest.approx(cue, abs=1e-9)
    assert np.abs(np.delete(last, 5)).max() < 1e-9
    # the peak moves earlier, trial by trial
    d = td.dopamine_trials(300)["delta"]
    peaks = d[:, 5:16].argmax(axis=1)
    assert peaks[0] == 10 and peaks[-1] == 0 and np.all(np.diff(peaks) <= 0)


@pytest.mark.parametrize("p", [0.25, 0.5, 0.8])
def test_probabilistic_reward_splits_the_response(p):
    """Cue response ~ p γ^k, delivered reward ~ 1 - p, omitted ~ -p (Fiorillo et al. 2003 pattern)."""
    run = td.dopamine_trials(6000, alpha=0.01, gamma=0.98, p_reward=p, seed=2)
    late, got = run["delta"][-3000:], run["rewarded"][-3000:]
    cue, reward, omission = td.asymptotic_deltas(0.98, 10, p)
    assert late[:, 5].mean() == pytest.approx(cue, abs=0.05)
    assert late[got, 15].mean() == pytest.approx(reward, abs=0.05)
    assert late[~got, 15].mean() == pytest.approx(omission, abs=0.05)


def test_rescorla_wagner_is_the_one_step_case():
    run = td.dopamine_trials(50, T=4, t_cue=1, t_reward=2, alpha=0.2, gamma=0.9, p_reward=0.7, seed=3)
    V, trace = 0.0, []
    for r in run["rewarded"]:
        trace.append(V)
        V += 0.2 * (float(r) - V)
    np.testing.assert_allclose(run["value"][:, 1], trace, atol=1e-12)


# ---------------------------------------------------------------- random walk
def test_random_walk_true_values_solve_the_bellman_equation():
    v = td.random_walk_true_values()
    np.testing.assert_allclose(v, np.arange(1, 6) / 6)
    padded = np.concatenate([[0.0], v, [1.0]])  # terminal "value" 1 on the right stands for the reward
    np.testing.assert_allclose(v, 0.5 * padded[:-2] + 0.5 * padded[2:])
    assert td.rms_error(np.full(5, 0.5)) == pytest.approx(math.sqrt(1 / 18))


def test_random_walk_vectorised_equals_plain_updates_on_the_same_episodes():
    """Replay the pre-generated episodes with scalar updates: identical values after every episode."""
    ex = td.random_walk_experiment(n_runs=4, n_episodes=15, seed=5)
    S = td.random_walk_episodes(4, 15, seed=5)
    for i, (kind, alpha) in enumerate(zip(ex["method"], ex["alphas"])):
        for run in range(4):
            V = np.array([0, .5, .5, .5, .5, .5, 0])
            for e in range(15):
                walk = [int(s) for s in S[e, :, run]]
                end = next(j for j, s in enumerate(walk) if s in (0, 6))
                if kind == "TD":
                    for s, s2 in zip(walk[:end], walk[1:end + 1]):
                        V = td.td_update(V, s, float(s2 == 6), s2, alpha, 1.0, s2 in (0, 6))
                else:
                    G = float(walk[end] == 6)
                    for s in walk[:end]:
                        V[s] += alpha * (G - V[s])
                np.testing.assert_allclose(ex["V"][i, run, e + 1], V[1:-1], atol=1e-12)


def test_random_walk_reproduces_figure_6_2():
    ex = td.random_walk_experiment()
    rms = ex["rms"].mean(axis=1)
    assert rms.shape == (7, 101) and np.allclose(rms[:, 0], math.sqrt(1 / 18))
    td_final, mc_final = rms[ex["method"] == "TD", -1], rms[ex["method"] == "MC", -1]
    assert td_final.max() < mc_final.min()  # TD below MC after 100 episodes
    assert np.all(rms[:, 50:].mean(axis=1) < rms[:, 0])


def test_random_walk_loop_agrees_within_monte_carlo_error():
    fast = td.random_walk_experiment(n_runs=100, n_episodes=30, seed=0)["rms"]
    slow = td.random_walk_loop(n_runs=100, n_episodes=30, seed=1)["rms"]
    diff = fast.mean(axis=1) - slow.mean(axis=1)
    se = np.sqrt(fast.var(axis=1, ddof=1) / 100 + slow.var(axis=1, ddof=1) / 100)
    assert np.all(np.abs(diff)[:, 1:] < 4.5 * se[:, 1:] + 1e-12)


# ---------------------------------------------------------------- token chain
def test_token_advantages_localise_credit():
    reinforce, delta = td.token_advantages(np.array([0.5, 0.5, 0.9, 0.9]), 1.0, 0.5)
    np.testing.assert_allclose(reinforce, 0.5)
    np.testing.assert_allclose(delta, [0, 0.4, 0, 0.1])
    out = td.token_chain(T=12, pivot=4, q=0.3, critic_episodes=0)
    np.testing.assert_allclose(out["td"].sum(axis=1), out["R"])  # V = 0: all credit on the last token
    true = out["true_td"]
    np.testing.assert_allclose(np.delete(true, 3, axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(true[:, 3], out["R"] - 0.3)
    trained = td.token_chain(T=12, pivot=4, q=0.3, critic_episodes=20000, alpha=0.01)
    np.testing.assert_allclose(trained["td"], trained["true_td"], atol=0.05)  # the critic has converged
    A = np.abs(td.token_chain(T=12, pivot=6, q=0.5, critic_episodes=200)["td"])
    assert A[:, 5].sum() / A.sum() > 0.5  # the default widget setting already puts most credit on the pivot
    np.testing.assert_allclose(trained["td"].sum(axis=1), trained["R"] - trained["V"][0, 0])


# ---------------------------------------------------------------- widgets
LIVE = [td.dopamine_live, td.random_walk_live, td.credit_live]
STATIC = [td.dopamine_static, td.random_walk_static, td.credit_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_slider_extreme(make):
    sweep_extremes(make())


def test_all_extremes_together_dopamine():
    box = td.dopamine_live()
    fig = box.children[-1]
    controls = {c.description: c for c in latency.controls(box)}
    for combo in [("min", "min", "min", "min"), ("max", "max", "max", "max"), ("max", "min", "min", "max")]:
        for name, which in zip(("α (step size)", "γ (discount / step)", "trials", "p (reward probability)"), combo):
            c = controls[name]
            c.value = getattr(c, which)
        _finite(fig)
    assert np.asarray(fig.data[0].z).shape[1] == td.DOPAMINE["T"]


def test_live_dopamine_moves_the_figure():
    box = td.dopamine_live()
    fig = box.children[-1]
    trials = next(c for c in latency.controls(box) if c.description == "trials")
    trials.value = 37
    assert np.asarray(fig.data[0].z).shape == (37, td.DOPAMINE["T"])
    omit = next(c for c in latency.controls(box) if isinstance(c.value, bool))
    omit.value = True
    assert fig.data[3].visible and np.asarray(fig.data[3].y)[td.DOPAMINE["t_reward"]] < 0
    omit.value = False
    assert fig.data[3].visible is False


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    fig = make()
    assert_static_twin(fig, max_bytes=250_000)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_dopamine_layout_keeps_buttons_title_and_colour_bar_apart():
    fig = td.dopamine_static()
    lay, paper = fig.layout, fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    title_bottom = (1 - lay.title.y) * lay.height + 22  # px from the top; one line of 16 px text
    menu_top = lay.margin.t - (lay.updatemenus[0].y - 1) * paper
    assert lay.updatemenus[0].yanchor == "top" and menu_top >= title_bottom + 5
    assert menu_top + 32 <= lay.margin.t - 20  # 30 px of buttons, then room for the subplot title
    lo, hi = lay.yaxis.domain
    bar = fig.data[0].colorbar
    assert bar.yanchor == "middle" and bar.y - bar.len / 2 >= lo - 1e-9 and bar.y + bar.len / 2 <= hi + 1e-9


def test_static_dopamine_states_decode_to_the_model():
    fig = td.dopamine_static()
    step = fig.layout.sliders[0].steps[1]  # p = 0.5
    spec = step.args[0]["z"][0]
    z = np.frombuffer(__import__("base64").b64decode(spec["bdata"]), dtype=np.float32).reshape(100, 20)
    expect = td._dopamine_view(100, 0.05, 0.98, 0.5, True)["z"]
    np.testing.assert_allclose(z, expect, atol=1e-6)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((td.dopamine_neuron, td.random_walk, td.credit_assignment), monkeypatch)
