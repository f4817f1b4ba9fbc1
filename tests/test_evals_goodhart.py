"""evals-goodhart: the reference values of issue 25 (computed, not copied), model identities, simulations against
the analytic curves, live widgets at every control extreme and the static twins (the grader in both directions:
tests/test_all_exercises.py)."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import evals_goodhart as ev
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_static_twin, assert_finite, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402

SHOWN_W = [[0, 7, 8, 9], [3, 0, 6, 8], [2, 4, 0, 6], [1, 2, 4, 0]]


# ---------------------------------------------------------------- the normal distribution
def test_normal_cdf_and_quantile():
    assert ev.Z95 == pytest.approx(1.959963984540054, abs=1e-12)
    assert float(ev.normal_cdf(0.0)) == 0.5 and float(ev.normal_cdf(1.96)) == pytest.approx(0.9750021048517795, abs=1e-14)
    for q in (0.001, 0.05, 0.5, 0.8, 0.995):
        assert float(ev.normal_cdf(ev.normal_quantile(q))) == pytest.approx(q, abs=1e-14)
    assert ev.normal_quantile(0.995) == pytest.approx(2.5758293035489, abs=1e-10)


# ---------------------------------------------------------------- reference values
def test_wilson_reference_and_boundaries():
    p, lo, hi = ev.win_rate_wilson(80, 25, 115)
    assert (round(p, 4), round(lo, 4), round(hi, 4)) == (0.4773, 0.4122, 0.5431)
    p, lo, hi = ev.win_rate_wilson(80, 25, 115, 1.96)
    assert (round(lo, 4), round(hi, 4)) == (0.4122, 0.5431)
    # ties count as wins ("at least as good"); as half a win the rate would be 0.4205
    assert ev.win_rate_wilson(80, 25, 115)[0] != pytest.approx((80 + 12.5) / 220)
    p, lo, hi = ev.win_rate_wilson(0, 0, 12)  # p̂ = 0: the interval still has width z²/(n + z²)
    assert p == 0 and lo == pytest.approx(0, abs=1e-15) and hi == pytest.approx(ev.Z95**2 / (12 + ev.Z95**2), rel=1e-12)
    p, lo, hi = ev.win_rate_wilson(9, 3, 0)
    assert p == 1 and hi == pytest.approx(1, abs=1e-15) and lo == pytest.approx(12 / (12 + ev.Z95**2), rel=1e-12)
    # the Wilson interval is the set of p with |p̂ − p| <= z √(p(1 − p)/n): check its ends solve that equation
    for w, t, l, z in [(80, 25, 115, 1.96), (3, 0, 17, 2.5758), (50, 10, 1, 1.2)]:
        n, (ph, lo, hi) = w + t + l, ev.win_rate_wilson(w, t, l, z)
        for end in (lo, hi):
            assert abs(ph - end) == pytest.approx(z * math.sqrt(end * (1 - end) / n), rel=1e-10)


def test_interval_coverage_reproduced():
    assert round(ev.interval_coverage(20, 0.05, "wald"), 3) == 0.639
    assert round(ev.interval_coverage(20, 0.05, "wilson"), 3) == 0.925
    assert 0.95**20 == pytest.approx(0.3585, abs=1e-4)  # the k = 0 outcome Wald's interval misses


def test_bradley_terry_reference():
    pi = ev.bradley_terry(SHOWN_W)
    np.testing.assert_allclose(pi, [0.5607, 0.2348, 0.1325, 0.0719], atol=5e-5)
    assert pi.sum() == pytest.approx(1.0, abs=1e-14)
    assert round(pi[0] / (pi[0] + pi[3]), 4) == 0.8863
    # the MLE's score equations: each player's expected wins equal its actual wins
    W = np.array(SHOWN_W, dtype=float)
    n = W + W.T
    expected = (n * pi[:, None] / (pi[:, None] + pi[None, :])).sum(axis=1)
    np.testing.assert_allclose(expected, W.sum(axis=1), rtol=1e-9)
    np.testing.assert_allclose(ev.bradley_terry([[0, 3], [7, 0]]), [0.3, 0.7], rtol=1e-10)


def test_review_economics_reference_and_edges():
    assert ev.review_economics(10, 100, 400, 0.5) == (310.0, pytest.approx(400 / 310))
    assert round(ev.review_economics(10, 100, 400, 0.5)[1], 3) == 1.290
    assert ev.review_economics(10, 100, 400, 0.0)[0] == 510 and ev.review_economics(10, 100, 400, 1.0)[0] == 110
    assert ev.review_economics(10, 100, 400, 0.0)[1] < 1  # a useless model slows you down


def test_eval_precision_reference_and_rounding():
    se, half, need = ev.eval_precision(0.476, 220, 0.02, 1.96)
    assert round(100 * se, 2) == 3.37 and round(100 * half, 2) == 6.60 and need == 2396
    assert ev.eval_precision(0.476, 220, 0.02)[2] == 2396  # the exact z gives the same n
    # whole-number ratios are not rounded up once more (round-off guarded)
    assert ev.eval_precision(0.5, 10, 0.05, 2.0)[2] == 400 and ev.eval_precision(0.5, 10, 0.25, 1.0)[2] == 4
    assert ev.eval_precision(0.2, 10, 0.04, 2.0)[2] == 400  # 400.00000000000006 in floating point
    n = ev.eval_precision(0.3, 10, 0.017, 1.7)[2]  # the smallest n: n works, n − 1 does not
    assert 1.7 * math.sqrt(0.21 / n) <= 0.017 < 1.7 * math.sqrt(0.21 / (n - 1))


def test_expected_max_normal_identities():
    assert ev.expected_max_normal(1) == pytest.approx(0, abs=1e-12)
    assert ev.expected_max_normal(2) == pytest.approx(1 / math.sqrt(math.pi), rel=1e-12)
    assert ev.expected_max_normal(3) == pytest.approx(1.5 / math.sqrt(math.pi), rel=1e-12)
    # against an independent route: E[max] = ∫_0^∞ (1 − Φ^N) dx − ∫_{−∞}^0 Φ^N dx on a finer grid
    x = np.linspace(0, 12, 24001)  # the integrand jumps at 0: integrate the two halves separately
    F, G = ev.normal_cdf(x), ev.normal_cdf(-x)
    for N in (10, 100, 1000):
        alt = np.trapezoid(1 - F**N, x) - np.trapezoid(G**N, x)
        assert ev.expected_max_normal(N) == pytest.approx(alt, abs=1e-8)


def test_best_of_n_reference_values():
    want = {10: (2.176, 1.088), 100: (3.546, 1.773), 1000: (4.584, 2.292)}
    for N, (p, t) in want.items():
        proxy, true = ev.best_of_n(N, 1.0, 1.0)
        assert (round(proxy, 3), round(true, 3)) == (p, t)
        assert true == pytest.approx(proxy / 2, rel=1e-15)  # E[true | proxy] = proxy/2 when σt = σn
    proxy, true = ev.best_of_n(50, 2.0, 0.5)
    assert true == pytest.approx(proxy * 4 / 4.25, rel=1e-14)
    assert ev.best_of_n(30, 1.3, 0.0)[0] == ev.best_of_n(30, 1.3, 0.0)[1]  # no noise: no gap


@pytest.mark.parametrize("N, st, sn", [(10, 1.0, 1.0), (100, 1.0, 1.0), (1000, 1.0, 1.0), (30, 2.0, 0.7)])
def test_best_of_n_simulation_matches_integration(N, st, sn):
    """Seeded simulation within 2 % (loose on purpose: 4,000 replicates have ~1 % sampling error)."""
    proxy, true = ev.best_of_n(N, st, sn)
    sp, s_t = ev.best_of_n_simulated(N, st, sn, reps=4000, seed=1)
    assert sp == pytest.approx(proxy, rel=0.02) and s_t == pytest.approx(true, rel=0.03)


def test_leaderboard_reference_and_simulation():
    pub, priv = ev.leaderboard_best(100, 1000)
    assert round(pub, 4) == 0.5396 and priv == 0.5
    assert ev.leaderboard_best(1, 1000, 0.7) == (pytest.approx(0.7, abs=1e-12), 0.7)
    sp, sq = ev.leaderboard_simulated(100, 1000, reps=2000, seed=2)
    assert sp == pytest.approx(pub, abs=0.005) and sq == pytest.approx(0.5, abs=0.005)  # seeded: ±0.005 as issued


def test_trilemma_mse():
    m = ev.trilemma_mse(1000.0, 100.0, 0.1, 0.02, 0.2, p=0.5)
    assert m["human"] == (0.0, pytest.approx(0.25 / 10))
    assert m["judge"][0] == pytest.approx(4e-4) and m["judge"][1] == pytest.approx(0.29 / 10_000)


def test_goodhart_view_simulation_on_the_curves():
    for r in (0.0, 1.0, 3.0):
        v = ev.goodhart_view(r)
        for key in ("sim_proxy", "sim_true"):
            curve = np.interp(ev.N_SIM, ev.N_CURVE, v[key.replace("sim_", "")])
            # 200 seeded selections: within 0.35 standard units (the spread of a mean of 200 maxima is ~0.1·s)
            np.testing.assert_allclose(v[key][1:], curve[1:], atol=0.35 * math.sqrt(1 + r * r))
    assert ev.goodhart_view(0.0)["proxy"] == pytest.approx(ev.goodhart_view(0.0)["true"])


def test_leaderboard_view_private_stays_at_half():
    for n in (100, 1000, 10000):
        v = ev.leaderboard_view(n)
        assert np.all(np.abs(v["sim_private"] - 0.5) < 4 * math.sqrt(0.25 / n / ev.LB_REPS) + 1e-12)
        assert v["public"][-1] > v["public"][0]


# ---------------------------------------------------------------- widgets
LIVE = [ev.goodhart_live, ev.leaderboard_live, ev.trilemma_live]
STATIC = [ev.goodhart_static, ev.leaderboard_static, ev.trilemma_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_goodhart_moves_curves_and_title():
    box = ev.goodhart_live()
    fig = figure_of(box)
    controls = {c.description: c for c in latency.controls(box)}
    controls["noise ratio σn/σt"].value = 0.0
    np.testing.assert_allclose(fig.data[0].y, fig.data[1].y)
    controls["noise ratio σn/σt"].value = 2.0
    controls["N in the title"].value = 10
    i = list(ev.N_CURVE).index(10)
    assert fig.data[0].y[i] == pytest.approx(ev.best_of_n(10, 1.0, 2.0)[0], rel=1e-12)
    assert "best of 10" in fig.layout.title.text


def test_live_leaderboard_and_trilemma_move():
    box = ev.leaderboard_live()
    fig = figure_of(box)
    size = next(c for c in latency.controls(box) if c.description == "public set size")
    size.value = 100
    assert fig.data[0].y[-1] == pytest.approx(ev.leaderboard_best(1000, 100)[0], rel=1e-12)
    box = ev.trilemma_live()
    fig = figure_of(box)
    before = list(fig.data[1].y)
    next(c for c in latency.controls(box) if c.description == "judge bias (rate)").value = 0.1
    assert list(fig.data[1].y) != before and assert_finite(fig) is None


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    fig = make()
    assert_static_twin(fig, max_steps=13, max_bytes=60_000)


def test_static_states_match_the_model():
    fig = ev.goodhart_static()
    step = fig.layout.sliders[0].steps[ev.RATIOS.index(2.0)]
    i = list(ev.N_CURVE).index(100)
    assert step.args[0]["y"][0][i] == pytest.approx(ev.best_of_n(100, 1.0, 2.0)[0], rel=1e-3)  # 4 significant digits
    fig = ev.leaderboard_static()
    step = fig.layout.sliders[0].steps[ev.N_PUBLIC.index(1000)]
    i = list(ev.K_CURVE).index(100)
    assert step.args[0]["y"][0][i] == pytest.approx(0.5396, abs=1e-4)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((ev.goodhart_simulator, ev.leaderboard_reuse, ev.eval_trilemma), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _wilson(wins, ties, losses, z):
    n = wins + ties + losses
    p = (wins + ties) / n
    c = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    h = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return p, c - h, c + h


def _bt(W):
    W = np.array(W, dtype=float)
    p = np.ones(len(W)) / len(W)
    while True:
        new = np.array([W[i].sum() / sum((W[i, j] + W[j, i]) / (p[i] + p[j]) for j in range(len(W)) if j != i)
                        for i in range(len(W))])
        new /= new.sum()
        if np.max(np.abs(new - p)) < 1e-12:
            return new
        p = new


def _emax(N):
    x = np.linspace(-10, 10, 4001)
    Phi = np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x])
    phi = np.exp(-x**2 / 2) / math.sqrt(2 * math.pi)
    return np.trapezoid(x * N * phi * Phi ** (N - 1), x)


def _bon(N, sigma_t, sigma_n):
    s2 = sigma_t**2 + sigma_n**2
    proxy = math.sqrt(s2) * _emax(N)
    return proxy, proxy * sigma_t**2 / s2


NATURAL = {  # what a learner typically writes: plain Python, loops, lists, their own integration grid
    "win_rate_wilson": _wilson,
    "bradley_terry": _bt,
    "review_economics": lambda t_model, t_review, t_human, w: (
        t_model + t_review + (1 - w) * t_human, t_human / (t_model + t_review + (1 - w) * t_human)),
    "eval_precision": lambda p, n, h, z: (math.sqrt(p * (1 - p) / n), z * math.sqrt(p * (1 - p) / n),
                                          math.ceil(z**2 * p * (1 - p) / h**2)),
    "best_of_n": _bon,
    "leaderboard_best": lambda k, n, a: (a + math.sqrt(a * (1 - a) / n) * _emax(k), a),
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    """Tolerances are tight but not unfair: a plain loop, an unguarded ceil and a coarser grid pass."""
    from course.grading import grade
    from exercises.evals_goodhart import grader
    for seed in range(8):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"


def test_a_simulation_does_not_pass_the_integration_exercise():
    from course.grading import grade
    from exercises.evals_goodhart import grader
    verdict = grade(grader["best_of_n"], lambda N, st, sn: ev.best_of_n_simulated(N, st, sn, reps=500))
    assert not verdict.passed


def test_ppi_is_unbiased_over_seeded_replicates():
    assert ev.ppi_estimate([1, 0, 1, 1], [1, 0], [1, 1]) == pytest.approx(0.75 + 0.5)
    sim = ev.ppi_simulation(n_labelled=100, n_items=2000, p=0.476, flip_up=0.15, flip_down=0.05, reps=1000, seed=0)
    se = sim["ppi"].std() / math.sqrt(1000)
    assert abs(sim["ppi"].mean() - 0.476) < 3 * se  # unbiased: within 3 standard errors of the replicates' mean
    assert abs(sim["judge"].mean() - 0.476 - sim["bias"]) < 3 * sim["judge"].std() / math.sqrt(1000)
    assert sim["ppi"].std() < 0.75 * sim["experts"].std()  # the judge buys precision
    # the estimator function and the vectorised replicates agree on one replicate
    rng = np.random.default_rng(5)
    H = rng.random(50) < 0.4
    J = np.where(rng.random(50) < 0.8, H, ~H)
    assert ev.ppi_estimate(J, J[:10], H[:10]) == pytest.approx(J.mean() + (H[:10].astype(float) - J[:10]).mean())
