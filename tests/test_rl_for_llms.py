"""rl-for-llms: the reference values of issue 30 (computed, not copied), model identities, live widgets at every
control extreme and the static twins (the grader in both directions: tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import loss_functions as lf
from widgets import rl_for_llms as rl
from widget_checks import assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402

PI, R = [0.5, 0.3, 0.15, 0.05], [0.0, 1.0, 2.0, 5.0]


# ---------------------------------------------------------------- reference values of the issue
def test_tilt_reference_values():
    np.testing.assert_allclose(rl.tilt(PI, R, 1.0), [0.05079, 0.082837, 0.112587, 0.753787], atol=5e-7)
    er, kl = rl.tilt_point(PI, R, 1.0)
    assert round(er, 6) == 4.076945 and round(kl, 6) == 1.790032


@pytest.mark.parametrize("beta,er,kl", [(0.5, 4.96769, 2.921258), (2.0, 2.165429, 0.383842), (10.0, 1.011807, 0.008421)])
def test_frontier_reference_values(beta, er, kl):
    e, k = rl.tilt_point(PI, R, beta)
    assert e == pytest.approx(er, abs=5e-7) and k == pytest.approx(kl, abs=5e-7)


def test_tilt_identities():
    for beta in (0.3, 1.0, 7.0):  # E[R] − β·KL = β·ln Z, the optimum value
        e, k = rl.tilt_point(PI, R, beta)
        assert e - beta * k == pytest.approx(beta * math.log(np.sum(np.array(PI) * np.exp(np.array(R) / beta))),
                                             rel=1e-12)
    e, k = rl.tilt_point(PI, R, 1.0)  # dJ*/dβ = ln Z − E[R]/β = −KL (stretch A)
    h = 1e-5
    J = lambda b: b * math.log(np.sum(np.array(PI) * np.exp(np.array(R) / b)))
    assert (J(1 + h) - J(1 - h)) / (2 * h) == pytest.approx(-k, rel=1e-6)
    np.testing.assert_allclose(rl.tilt(PI, R, 1e6), PI, atol=1e-5)  # a huge β keeps the prior
    assert rl.tilt(PI, R, 1e-3)[3] == pytest.approx(1.0)  # no overflow at a tiny β
    assert np.all(np.isfinite(rl.tilt(PI, R, 1e-4)))
    p = rl.tilt([0.5, 0.3, 0.2, 0.0], R, 0.01)  # support is inherited
    assert p[3] == 0.0 and p @ R == pytest.approx(2.0)
    er, kl = rl.tilt_frontier(PI, R, [100, 10, 1, 0.1])
    assert np.all(np.diff(er) > 0) and np.all(np.diff(kl) > 0)  # smaller β: more reward, more KL


def test_pass_at_k_reference_values():
    assert rl.pass_at_k(10, 3, 1) == pytest.approx(0.3, abs=1e-12)
    assert round(rl.pass_at_k(10, 3, 5), 6) == 0.916667
    assert round(rl.pass_at_k(20, 2, 5), 6) == 0.447368
    assert rl.pass_at_k(10, 3, 10) == 1.0
    assert round(rl.pass_at_k_biased(10, 3, 5), 5) == 0.83193
    for n, c, k in [(10, 5, 5), (30, 7, 12), (200, 7, 50), (9, 0, 3)]:  # product form = binomial form
        assert rl.pass_at_k(n, c, k) == pytest.approx(1 - math.comb(n - c, k) / math.comb(n, k), rel=1e-12, abs=1e-15)
    for n, c in [(20, 3), (50, 10)]:  # biased estimate is below the unbiased one for k >= 2
        for k in range(2, n - c + 1):
            assert rl.pass_at_k_biased(n, c, k) < rl.pass_at_k(n, c, k)


def test_group_advantages_reference_values():
    a = rl.group_advantages([1, 0, 0, 1, 1, 0, 0, 0])
    assert set(np.round(a, 6)) == {1.290994, -0.774597}
    assert abs(a.sum()) < 1e-12 and np.std(a) == pytest.approx(1.0)
    for g in ([1, 1, 1], [0, 0], [0.5], [0.1, 0.1, 0.1]):
        assert np.array_equal(rl.group_advantages(g), np.zeros(len(g)))
    assert rl.p_no_signal(0.5, 8) == pytest.approx(2 / 256)


def test_corridor_reference_values():
    V = rl.corridor_values("none", 2.0, 0.9)
    np.testing.assert_allclose(V, [6.561, 7.29, 8.1, 9.0, 10.0, 0.0], rtol=1e-12)
    assert round(rl.corridor_values("naive", 2.0, 0.9)[0], 4) == 9.4737
    assert rl.corridor_values("naive", 2.0, 0.9)[1] == pytest.approx(2 / (1 - 0.81), rel=1e-10)
    assert rl.corridor_values("potential", 2.0, 0.9)[0] == pytest.approx(6.561, rel=1e-12)
    assert rl.greedy_path("none", 2.0, 0.9) == ([0, 1, 2, 3, 4, 5], True)
    cells, reaches = rl.greedy_path("naive", 2.0, 0.9)
    assert not reaches and cells[-1] in cells[:-1]  # loops (2↔3 by the tie-break; 1↔2 is worth the same)


@pytest.mark.parametrize("gamma", [0.5, 0.8, 0.9, 0.95])
@pytest.mark.parametrize("bonus", [0.0, 1.0, 3.0, 5.0])
def test_potential_shaping_keeps_the_policy(bonus, gamma):
    """Ng, Harada & Russell: Q*_shaped = Q* − Φ(s), so the greedy policy is the unshaped one."""
    plain, shaped = rl.hack_corridor("none", bonus, gamma), rl.hack_corridor("potential", bonus, gamma)
    Q0 = lf.value_iteration(plain["next_state"], plain["reward"], plain["terminal"], gamma)
    Q1 = lf.value_iteration(shaped["next_state"], shaped["reward"], shaped["terminal"], gamma)
    phi = bonus * (np.arange(6) == 2)
    np.testing.assert_allclose(Q1, np.where(plain["terminal"][:, None], 0, Q0 - phi[:, None]), atol=1e-9)
    assert np.array_equal(lf.greedy_actions(Q0), lf.greedy_actions(Q1))
    assert rl.greedy_path("potential", bonus, gamma)[1]


def test_loop_threshold_matches_value_iteration():
    b_star = 10 * lf.loop_threshold(0.9, 6, 2)
    assert b_star == pytest.approx(1.71)
    assert rl.greedy_path("naive", b_star - 1e-6, 0.9)[1] and not rl.greedy_path("naive", b_star + 1e-6, 0.9)[1]


def test_q_learning_loops_under_the_naive_bonus():
    naive = rl.corridor_learning("naive", 3.0, 0.9, **rl.LEARN)
    plain = rl.corridor_learning("none", 3.0, 0.9, **rl.LEARN)
    pot = rl.corridor_learning("potential", 3.0, 0.9, **rl.LEARN)
    assert (naive[:, -10:] == rl.LEARN["max_steps"]).mean() > 0.7  # most late episodes never reach the goal
    assert plain[:, -10:].mean() < 10 and pot[:, -10:].mean() < 10
    assert np.array_equal(naive, rl.corridor_learning("naive", 3.0, 0.9, **rl.LEARN))  # seeded


def test_weak_tests_count():
    assert rl.gamed(rl.CANDIDATES, rl.VISIBLE_TESTS, rl.HIDDEN_TESTS) == [1, 2, 4, 6, 7]
    for prog in (rl.CANDIDATES[0], rl.CANDIDATES[9]):  # the two correct programs agree with a sieve to 500
        assert all(prog(n) == (n >= 2 and all(n % d for d in range(2, n))) for n in range(-5, 500))
    assert rl.gamed(rl.CANDIDATES, [], rl.HIDDEN_TESTS) == [1, 2, 3, 4, 5, 6, 7]
    assert rl.gamed(rl.CANDIDATES, rl.VISIBLE_TESTS, []) == [] and rl.gamed([], rl.VISIBLE_TESTS, []) == []
    assert len(rl.CANDIDATES) == len(rl.CANDIDATE_NAMES)


# ---------------------------------------------------------------- widgets
LIVE = [rl.tilt_live, rl.corridor_live, rl.pass_live]
STATIC = [rl.tilt_static, rl.corridor_static, rl.pass_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_tilt_moves_bars_and_marker():
    box = rl.tilt_live()
    fig = figure_of(box)
    beta = latency.controls(box)[0]
    beta.value = 0.5
    np.testing.assert_allclose(fig.data[1].y, rl.tilt(PI, R, 0.5))
    assert fig.data[3].y[0] == pytest.approx(rl.tilt_point(PI, R, 0.5)[0]) and "β = 0.5" in fig.layout.title.text


def test_live_corridor_follows_controls():
    box = rl.corridor_live()
    fig = figure_of(box)
    c = {w.description: w for w in latency.controls(box)}
    c["shaping"].value = "potential"
    c["bonus b at cell 2"].value = 3.0
    c["γ (discount)"].value = 0.8
    np.testing.assert_allclose(fig.data[1].y, rl.corridor_values("potential", 3.0, 0.8))
    assert "(goal)" in fig.layout.title.text
    c["shaping"].value = "naive"
    assert "loops" in fig.layout.title.text
    assert_finite(fig)


def test_live_pass_keeps_c_at_most_n():
    box = rl.pass_live()
    fig = figure_of(box)
    c = {w.description: w for w in latency.controls(box)}
    c["c (that pass)"].value = 90
    c["n (samples)"].value = 10
    assert c["c (that pass)"].value <= 10 and len(fig.data[0].y) == 10
    assert_finite(fig)


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_steps=12, max_bytes=90_000)


def test_static_states_match_the_model():
    fig = rl.tilt_static()
    step = fig.layout.sliders[0].steps[rl.BETA_GRID.index(2.0)]
    np.testing.assert_allclose(step.args[0]["y"][0], rl.tilt(PI, R, 2.0), rtol=1e-3)
    fig = rl.corridor_static()
    step = fig.layout.sliders[0].steps[rl.BONUS_GRID.index(2.0)]
    naive = rl.SHAPINGS.index("naive")
    np.testing.assert_allclose(step.args[0]["y"][2 * naive], rl.corridor_values("naive", 2.0, 0.9), rtol=1e-3)
    menu = fig.layout.updatemenus[0]
    assert menu.name and len(menu.buttons) == 3
    vis = menu.buttons[naive].args[0]["visible"]
    assert vis[0] and sum(vis) == 3 and vis[1 + 2 * naive] and vis[2 + 2 * naive]
    fig = rl.pass_static()
    step = fig.layout.sliders[0].steps[rl.C_GRID.index(2)]
    assert step.args[0]["y"][0][4] == pytest.approx(rl.pass_at_k(20, 2, 5), rel=1e-3)


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((rl.kl_tilt, rl.hacking_corridor, rl.pass_at_k_explorer), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _natural_tilt(pi_ref, R, beta):
    with np.errstate(divide="ignore"):
        logw = np.log(np.asarray(pi_ref, dtype=float)) + np.asarray(R, dtype=float) / beta
    w = np.exp(logw - logw.max())
    return w / w.sum()


def _natural_corridor(shaping, bonus, gamma):
    V = [0.0] * 6
    while True:
        new = V[:]
        for s in range(5):
            options = []
            for s2 in (s + 1, max(s - 1, 0)):
                r = 10.0 if s2 == 5 else 0.0
                if shaping == "naive" and s2 == 2 and s != 2:
                    r += bonus
                if shaping == "potential":
                    r += gamma * (bonus if s2 == 2 else 0.0) - (bonus if s == 2 else 0.0)
                options.append(r + gamma * V[s2])
            new[s] = max(options)
        if max(abs(a - b) for a, b in zip(new, V)) < 1e-12:
            return np.array(new)
        V = new


def _natural_gamed(programs, visible, hidden):
    def ok(p, tests):
        try:
            return all(p(x) == y for x, y in tests)
        except Exception:
            return False
    return [i for i, p in enumerate(programs) if ok(p, visible) and not ok(p, hidden)]


NATURAL = {
    "tilt": _natural_tilt,
    "tilt_point": lambda p, r, b: (float(_natural_tilt(p, r, b) @ np.asarray(r, dtype=float)),
                                   float(sum(q * math.log(q / pr) for q, pr in zip(_natural_tilt(p, r, b), p) if q > 0))),
    "pass_at_k": lambda n, c, k: 1.0 if n - c < k else 1 - math.comb(n - c, k) / math.comb(n, k),
    "group_advantages": lambda r: (np.zeros(len(r)) if np.std(r) == 0 else (np.array(r) - np.mean(r)) / np.std(r)),
    "corridor_values": _natural_corridor,
    "gamed": _natural_gamed,
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    from course.grading import grade
    from exercises.rl_for_llms import grader
    for seed in range(10):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"


def test_overflowing_tilt_fails_only_at_tiny_beta_with_its_hint():
    from course.grading import grade
    from exercises.rl_for_llms import grader

    def naive(pi_ref, R, beta):
        w = np.asarray(pi_ref) * np.exp(np.asarray(R, dtype=float) / beta)
        return w / w.sum()

    with np.errstate(all="ignore"):
        verdict = grade(grader["tilt"], naive)
    assert [res.passed for res in verdict.results] == [True, True, True, True, False]
    assert "log space" in verdict.hint
