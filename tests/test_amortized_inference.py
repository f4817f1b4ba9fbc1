"""amortized-inference: model functions, widgets at every control extreme, grader in both directions."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from course.grading import grade
from exercises.amortized_inference import grader
from widgets import amortized_inference as ai
from widget_checks import assert_finite as _finite, sweep_extremes  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import latency  # noqa: E402


# ---------------------------------------------------------------- exact inference
def test_gaussian_posterior_matches_the_mixture_formula_and_numerical_bayes():
    mean, var = ai.gaussian_posterior(2.0, 1.0, 1.0)
    assert (mean, var) == pytest.approx((1.0, 0.5))
    for prior in ai.PRIORS:
        for x, sigma in [(1.0, 0.5), (-2.5, 0.1), (0.3, 1.0)]:
            z = np.linspace(-8, 8, 40_001)
            log_p = ai.log_prior(z, prior) + ai.log_likelihood(x, z, sigma)
            p = np.exp(log_p - log_p.max())
            numeric = float((p * z).sum() / p.sum())
            assert ai.posterior_mean(x, sigma, prior) == pytest.approx(numeric, abs=1e-6)
            w, m, s = ai.exact_posterior(x, sigma, prior)
            dens = ai.mixture_density(z, w, m, s)
            assert dens.sum() * (z[1] - z[0]) == pytest.approx(1.0, abs=1e-6)
    w, m, s = ai.exact_posterior(1.3, 0.7, "gaussian", 1.5)
    assert (float(m[0]), float(s[0]) ** 2) == pytest.approx(ai.gaussian_posterior(1.3, 1.5, 0.7))


def test_simulated_pairs_follow_the_model():
    z, x = ai.simulate_pairs(50_000, 0.5, "gaussian", 2.0, seed=1)
    assert np.std(z) == pytest.approx(2.0, rel=0.02)
    assert np.std(x - z) == pytest.approx(0.5, rel=0.02)
    zb, _ = ai.simulate_pairs(50_000, 0.5, "bimodal", 1.0, seed=1)
    assert np.mean(np.abs(np.abs(zb) - 1) < 2 / 3) == pytest.approx(0.954, abs=0.01)  # bumps at ±1, sd 1/3


# ---------------------------------------------------------------- sampling
def test_samplers_converge_to_the_exact_posterior_mean():
    rng = np.random.default_rng(0)
    for prior in ai.PRIORS:
        x, sigma = 0.7, 0.5
        truth = ai.posterior_mean(x, sigma, prior)
        z = ai.sample_prior(200_000, prior, 1.0, rng)
        rate, mean = ai.rejection_estimate(x, sigma, z, rng.random(len(z)))
        assert 0 < rate < 1 and mean == pytest.approx(truth, abs=0.01)
        mean, ess = ai.importance_estimate(x, sigma, z)
        assert mean == pytest.approx(truth, abs=0.01) and 1 <= ess <= len(z)
        chain = ai.mh_chains(x, sigma, prior, 1.0, np.array([0.0]), rng.standard_normal((50_000, 1)),
                             np.log(rng.random((50_000, 1))), ai.mh_step_size(sigma, prior))
        assert chain[1000:, 0].mean() == pytest.approx(truth, abs=0.03)


def test_importance_sampling_survives_underflow_and_ess_bounds():
    z = np.random.default_rng(1).standard_normal(100)
    mean, ess = ai.importance_estimate(40.0, 0.5, z)
    assert math.isfinite(mean) and mean == pytest.approx(z.max(), abs=0.2) and ess >= 1
    assert ai.importance_estimate(0.0, 1e6, z)[1] == pytest.approx(100)  # flat likelihood: every draw counts


def test_mh_step_is_the_first_step_of_the_chain():
    rng = np.random.default_rng(3)
    for _ in range(50):
        z, x, s0, s = rng.normal(), rng.normal(), rng.uniform(0.5, 2), rng.uniform(0.2, 2)
        eps, u, step = rng.normal(), rng.uniform(0.01, 0.99), rng.uniform(0.2, 2)
        # the chain's Gaussian prior is sigma0 * N(0, 1) = the "gaussian" family scaled by sigma0
        chain = ai.mh_chains(x, s, "gaussian", s0, np.array([z]), np.array([[eps]]), np.log([[u]]), step)
        assert chain[0, 0] == pytest.approx(ai.mh_step(z, x, s0, s, eps, u, step))


def test_scalar_and_vector_chains_agree():
    rng = np.random.default_rng(4)
    eps, log_u = rng.standard_normal((300, 1)), np.log(rng.random((300, 1)))
    for prior in ai.PRIORS:
        one = ai.mh_chains(0.4, 0.3, prior, 1.0, np.array([0.1]), eps, log_u, 0.6)
        two = ai.mh_chains(np.array([0.4, 0.4]), 0.3, prior, 1.0, np.array([0.1, 0.1]),
                           np.hstack([eps, eps]), np.hstack([log_u, log_u]), 0.6)
        np.testing.assert_allclose(one[:, 0], two[:, 1], atol=1e-12)


def test_importance_error_falls_like_one_over_root_n():
    n = np.array([10, 30, 100, 300, 1000, 3000])
    slope = ai.fit_loglog_slope(n, ai.importance_rmse(1.0, 0.5, n, repeats=400))
    assert -0.6 < slope < -0.4


# ---------------------------------------------------------------- amortized
def test_amortized_line_recovers_the_posterior_mean_coefficient():
    for s0, s in [(1.0, 0.5), (2.0, 1.0), (0.7, 0.3)]:
        z, x = ai.simulate_pairs(100_000, s, "gaussian", s0, seed=5)
        a, b = ai.fit_recognition(z, x)
        assert a == pytest.approx(s0**2 / (s0**2 + s**2), abs=0.01) and abs(b) < 0.02
        assert (a, b) == pytest.approx(tuple(np.polyfit(x, z, 1)))


def test_mlp_training_is_deterministic_and_beats_the_line_on_the_bimodal_prior():
    first = ai.train_mlp.__wrapped__(0.5, "bimodal")
    again = ai.train_mlp.__wrapped__(0.5, "bimodal")
    for p, q in zip(first, again):
        np.testing.assert_array_equal(p, q)
    curves = ai.error_curves(0.5, "bimodal")
    assert curves["amortized MLP"][0] < 0.5 * curves["amortized linear"][0]
    assert ai.error_curves(0.5, "gaussian")["amortized linear"][0] < 0.03  # the line is the right form here
    with pytest.raises(ValueError):  # memoised parameters cannot be changed by a caller
        ai.train_mlp(0.5, "bimodal")[0][0] = 1.0


def test_error_curves_fall_with_the_budget_for_every_sampler():
    for prior in ai.PRIORS:
        for sigma in ai.SIGMAS:
            curves = ai.error_curves(sigma, prior)
            for name in ai.SAMPLERS:
                assert np.all(np.isfinite(curves[name])) and curves[name][-1] < curves[name][0]
            assert np.ptp(curves["amortized MLP"]) == 0  # one forward pass whatever the budget


# ---------------------------------------------------------------- economics
def test_break_even_and_cumulative_costs_cross_there():
    q = ai.break_even_queries(1e9, 1.0, 1000, 1.0, 1)
    assert q == pytest.approx(1e9 / 999)
    assert ai.break_even_queries(1e9, 1.0, 1000, 1.0, 1000) == pytest.approx(q / 1000)
    assert ai.break_even_queries(1e6, 1.0, 1, 5.0, 3) == math.inf
    costs = ai.cumulative_costs([q], 1e9, 1.0, 1000, 1.0, 1)
    assert costs["sampling"][0] == pytest.approx(costs["amortized"][0])
    costs = ai.cumulative_costs([10.0], 1e9, 1.0, 1000, 1.0, 7)
    assert costs["trained per copy"][0] == pytest.approx(7 * (1e9 + 10))


# ---------------------------------------------------------------- widgets
LIVE = [ai.perception_live, ai.economics_live]
STATIC = [ai.perception_static, ai.economics_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_perception_widget_at_every_combination_of_extremes():
    box = ai.perception_live()
    fig = box.children[-1]
    c = {w.description: w for w in latency.controls(box)}
    for prior in ai.PRIORS:
        for method in ai.METHODS:
            for sigma in (ai.SIGMAS[0], ai.SIGMAS[-1]):
                for x in (-4.0, 4.0):
                    for n in (ai.N_GRID[0], ai.N_GRID[-1]):
                        c["prior"].value, c["method"].value, c["noise σ"].value = prior, method, sigma
                        c["observed x"].value, c["budget N"].value = x, n
                        _finite(fig)


def test_live_widgets_move_their_figures():
    box = ai.perception_live()
    fig = box.children[-1]
    c = {w.description: w for w in latency.controls(box)}
    c["method"].value = "importance"
    before = np.asarray(fig.data[2].y).copy()
    c["observed x"].value = -2.0
    assert not np.allclose(before, np.asarray(fig.data[2].y))
    assert fig.data[3].x[0] == pytest.approx(ai.posterior_mean(-2.0, c["noise σ"].value, c["prior"].value))
    box = ai.economics_live()
    fig = box.children[-1]
    m = next(w for w in latency.controls(box) if w.description == "copies M")
    m.value = 1
    one = fig.data[3].x[0]
    m.value = 1000
    assert fig.data[3].x[0] == pytest.approx(one / 1000)


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    fig = make()
    steps = fig.layout.sliders[0].steps
    assert 3 <= len(steps) <= 12
    assert fig.layout.meta["alt"]
    for step in steps:
        for attr, values in step.args[0].items():
            for i, v in zip(step.args[2], values):
                if v is None:  # keep the trace's own x0/dx grid
                    assert attr == "x" and fig.data[i].x is None and fig.data[i].dx
                    continue
                assert np.all(np.isfinite(np.asarray(v, dtype=float)))
    assert len(fig.to_json()) < 400_000


def test_static_menu_shows_one_method_at_a_time():
    fig = ai.perception_static()
    menu = fig.layout.updatemenus[0]
    assert len(menu.buttons) == len(ai.PRIORS) * len(ai.METHODS)
    for b in menu.buttons:
        vis = b.args[0]["visible"]
        assert len(vis) == len(fig.data) and sum(vis[7:27]) == 2


# ---------------------------------------------------------------- grader: chapter-specific checks
# (both directions, hard-coding and junk answers: tests/test_all_exercises.py, for every chapter)


def test_naive_importance_weights_fail_the_underflow_check_with_its_hint():
    ex = grader["ai_importance_estimate"]

    def naive(x, sigma, z):
        w = np.exp(-0.5 * ((x - z) / sigma) ** 2)
        with np.errstate(invalid="ignore"):
            w = w / w.sum()
        return float(w @ z), float(1 / (w @ w))

    verdict = grade(ex, naive)
    assert verdict.status == "failed" and "underflow" in verdict.message
    assert "subtract their maximum" in verdict.hint


def test_the_prompts_worked_examples():
    """The numbers typed into the exercise prompts are what the references return."""
    rng = np.random.default_rng(2021)
    z, u = rng.standard_normal(8).round(2), rng.random(8).round(2)
    assert ai.rejection_estimate(1.0, 0.5, z, u) == pytest.approx((0.25, 0.535))
    assert ai.importance_estimate(1.0, 1.0, np.array([-1.0, 0.0, 1.0, 2.0])) == pytest.approx((0.8847, 3.144), abs=5e-4)
    assert ai.fit_recognition(np.array([-1.0, 0.0, 0.5, 1.0, 2.0]),
                              np.array([-2.0, 0.5, 0.0, 1.5, 3.0])) == pytest.approx((0.5839, 0.1496), abs=5e-5)
    assert ai.mh_step(0.0, 1.5, 1.0, 0.5, 0.8, 0.3, 1.0) == 0.8
    assert ai.gaussian_posterior(2.0, 1.0, 1.0) == pytest.approx((1.0, 0.5))
    assert ai.gaussian_posterior(1.0, 1.0, 0.5) == pytest.approx((0.8, 0.2))
    assert ai.break_even_queries(1e9, 1.0, 1000, 1.0, 1) == pytest.approx(1_001_001.0)
    assert ai.break_even_queries(1e9, 1.0, 1000, 1.0, 1000) == pytest.approx(1_001.0, rel=1e-5)
