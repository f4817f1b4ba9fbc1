"""interpretability: the reference values of issue 31 (computed, not copied), model identities, the precomputed SAE
grid, live widgets at every control extreme and the static twins (the grader in both directions:
tests/test_all_exercises.py; its mutants: tests/test_mutation.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from widgets import interpretability as interp
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes  # noqa: E402
from latency import controls  # noqa: E402  (widget_checks puts benchmarks/ on the path)


# ---------------------------------------------------------------- 1. difference of means and ablation
def test_planted_direction_and_ablation_reference_values():
    data = interp.planted_concept(d=64, n=500, shift=3.0, seed=0)
    before, after, cos = interp.probe_before_after(data)
    assert round(cos, 3) == 0.983 and cos > 0.95
    assert before == 0.938 and after == 0.476  # counts out of 1,000 fresh rows: exact
    d = interp.concept_direction(data["X_neg"], data["X_pos"])
    assert np.linalg.norm(d) == pytest.approx(1.0, abs=1e-14)
    Xa = interp.project_out(data["X_pos"], d)
    np.testing.assert_allclose(Xa @ d, 0.0, atol=1e-12)  # nothing left along d̂
    np.testing.assert_allclose(interp.project_out(Xa, d), Xa, atol=1e-12)  # idempotent


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_difference_of_means_finds_the_planted_direction_for_other_seeds(seed):
    data = interp.planted_concept(seed=seed)
    assert interp.concept_direction(data["X_neg"], data["X_pos"]) @ data["u"] > 0.95


def test_steering_moves_the_readout_and_ablation_undoes_it():
    p0, f0 = interp.steering_view(0.0)
    p6, f6 = interp.steering_view(6.0)
    pn, fn = interp.steering_view(-6.0)
    assert p0.sum() == pytest.approx(1.0) and p6[0] > 0.99 > 0.3 > p0[0] > 0.01 > pn[0]
    assert f0 < 0.1 and f6 == 1.0 and fn == 0.0
    pa, fa = interp.steering_view(6.0, ablate=True)
    pz, _ = interp.steering_view(0.0, ablate=True)
    np.testing.assert_allclose(pa, pz, atol=1e-12)  # after ablation α has no effect at all
    assert fa == 0.0


# ---------------------------------------------------------------- 2. the sparse autoencoder
def test_sae_loss_by_hand():
    from exercises.interpretability import SAE_B, SAE_WD, SAE_WE, SAE_X
    assert interp.sae_loss(SAE_X, SAE_WE, SAE_B, SAE_WD, 0.1) == pytest.approx(0.66875, rel=1e-14)
    X = np.array([[1.0, 2.0]])
    assert interp.sae_loss(X, np.ones((3, 2)), np.full(3, -10.0), np.ones((3, 2)), 5.0) == pytest.approx(5.0)


def test_sae_training_calibration_seeds_0_to_2():
    """≥ 7 of 8 planted features above cosine 0.9 for seeds 0-2 at λ = 0.2 (the issue's λ = 0.1 is less robust
    in this toy: it leaves seed 2 with 6 of 8)."""
    worst = []
    for seed in range(3):
        X, F, _ = interp.sae_data(seed=seed)
        run = interp.sae_train(X, lam=0.2, seed=seed)
        best = interp.feature_match(F, run["W_d"])
        assert int(np.sum(best > 0.9)) >= 7
        np.testing.assert_allclose(np.linalg.norm(run["W_d"], axis=1), 1.0, atol=1e-12)  # renormalised rows
        worst.append(best.min())
    assert [round(float(w), 3) for w in worst] == [0.911, 0.952, 0.884]


def test_precomputed_grid_matches_a_fresh_run():
    g = interp.sae_grid()
    assert tuple(g["lambdas"]) == interp.SAE_LAMBDAS and g["W_d"].shape == (7, 16, 6)
    X, F, _ = interp.sae_data(seed=0)
    np.testing.assert_allclose(g["F"], F, atol=0)
    i = interp.SAE_LAMBDAS.index(0.2)
    run = interp.sae_train(X, lam=0.2, seed=0)
    np.testing.assert_allclose(g["W_d"][i], run["W_d"], atol=1e-8)
    assert g["mse"][i] == pytest.approx(run["mse"], rel=1e-6) and g["l0"][i] == pytest.approx(run["l0"])
    assert np.all(np.diff(g["l0"]) < 0)  # a larger L1 weight: fewer active latents
    assert np.all(np.diff(g["mse"]) > 0)  # ... and a worse reconstruction


# ---------------------------------------------------------------- 3. pressure on the monitor
def test_pressure_reference_values():
    pi, recall = interp.pressure_training(interp.PAYOFF, interp.DETECT, 1.0, rate=1.0, steps=500)
    np.testing.assert_allclose(pi, [0.0035, 0.0010, 0.9955], atol=5e-5)
    assert round(recall, 3) == 0.101
    pi0, recall0 = interp.pressure_training(interp.PAYOFF, interp.DETECT, 0.0)
    assert int(np.argmax(pi0)) == 1 and round(recall0, 3) == 0.894


@pytest.mark.parametrize("lam, best", [(0.0, 1), (0.12, 1), (0.13, 2), (1.0, 2), (2.99, 2), (3.01, 0), (5.0, 0)])
def test_best_response_thresholds(lam, best):
    """Covert beats overt iff λ > 0.125; honest beats covert iff λ > 3 (payoffs 0.6/1.0/0.9, detection 0/0.9/0.1)."""
    r = np.array(interp.PAYOFF) - lam * np.array(interp.DETECT)
    assert int(np.argmax(r)) == best
    pi, _ = interp.pressure_training(interp.PAYOFF, interp.DETECT, lam, steps=3000)
    assert int(np.argmax(pi)) == best


def test_pressure_edges():
    h = interp.pressure_history(interp.PAYOFF, interp.DETECT, 1.0, steps=0)
    np.testing.assert_allclose(h, [[1 / 3] * 3])
    pi, rec = interp.pressure_training(interp.PAYOFF, interp.DETECT, 1.0, steps=0)
    assert rec == pytest.approx(0.5)  # uniform over the two hacks: (0.9 + 0.1)/2
    _, rec3 = interp.pressure_training(interp.PAYOFF, interp.DETECT, 3.0, steps=200)
    assert 0.1 < rec3 < 0.9


# ---------------------------------------------------------------- 4. defence in depth and the launch gate
def test_swiss_cheese_reference_values():
    miss, fa = interp.swiss_cheese([0.9, 0.8, 0.7], [0.01, 0.02, 0.05])
    assert miss == pytest.approx(0.006, rel=1e-12) and fa == pytest.approx(0.07831, rel=1e-12)
    assert interp.swiss_cheese([], []) == (1.0, 0.0)


def test_correlated_layers():
    rec, fpr = [0.9, 0.8, 0.7], [0.01, 0.02, 0.05]
    exact0 = interp.copula_rates(rec, fpr, 0.0)
    assert exact0[0] == pytest.approx(0.006, abs=1e-12) and exact0[1] == pytest.approx(0.07831, abs=1e-12)
    exact = interp.copula_rates(rec, fpr, 0.5)
    sim = interp.copula_miss_simulated(rec, 0.5, n=10**6, seed=0)
    assert round(exact[0], 3) == 0.039 and round(sim, 3) == 0.039
    assert abs(sim - exact[0]) < 3 * math.sqrt(exact[0] / 1e6)
    misses = [interp.copula_rates(rec, fpr, r)[0] for r in (0.0, 0.3, 0.6, 0.9)]
    alarms = [interp.copula_rates(rec, fpr, r)[1] for r in (0.0, 0.3, 0.6, 0.9)]
    assert np.all(np.diff(misses) > 0) and np.all(np.diff(alarms) < 0)
    t = [interp.normal_quantile(r) for r in rec]
    assert [round(v, 4) for v in t] == [1.2816, 0.8416, 0.5244]


def test_clopper_pearson_reference_values():
    assert round(interp.clopper_pearson_upper(0, 300), 6) == 0.009936
    assert interp.clopper_pearson_upper(0, 300) == pytest.approx(1 - 0.05 ** (1 / 300), rel=1e-12)
    assert round(interp.clopper_pearson_upper(2, 500), 6) == 0.012538
    assert interp.binom_cdf(2, 500, interp.clopper_pearson_upper(2, 500)) == pytest.approx(0.05, rel=1e-9)
    assert interp.launch_decision(0, 300) == "ship" and interp.launch_decision(2, 500) == "delay"
    assert interp.clopper_pearson_upper(5, 5) == 1.0
    assert interp.clopper_pearson_upper(0, 1) == pytest.approx(0.95)
    # the smallest clean run that passes a 1 % gate: n > ln 0.05 / ln 0.99 = 298.07, so 299
    assert interp.launch_decision(0, 298) == "delay" and interp.launch_decision(0, 299) == "ship"


# ---------------------------------------------------------------- widgets
LIVE = [interp.sae_live, interp.steering_live, interp.cot_live, interp.swiss_live, interp.gate_live]
STATIC = [interp.sae_static, interp.steering_static, interp.cot_static, interp.swiss_static, interp.gate_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_cot_moves_shares_and_title():
    box = interp.cot_live()
    fig = figure_of(box)
    lam = next(c for c in controls(box) if c.description == "penalty λ")
    lam.value = 0.0
    assert fig.data[1].y[-1] == pytest.approx(interp.pressure_history(interp.PAYOFF, interp.DETECT, 0.0)[-1, 1])
    assert "overt hack" in fig.layout.title.text
    lam.value = 4.0
    assert "honest" in fig.layout.title.text and fig.data[0].y[-1] > 0.9
    assert_finite(fig)


def test_live_swiss_point_follows_rho():
    box = interp.swiss_live()
    fig = figure_of(box)
    rho = next(c for c in controls(box) if c.description == "correlation ρ")
    rho.value = 0.0
    assert fig.data[2].y[0] == pytest.approx(0.006, abs=1e-12)
    rho.value = 0.5
    assert fig.data[2].y[0] == pytest.approx(interp.copula_rates(interp.RECALLS, interp.FPRS, 0.5)[0])


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_steps=12, max_bytes=70_000)


def test_gate_curves_cross_five_percent_at_the_bound():
    for k, n in [(0, 300), (2, 500), (5, 3000)]:
        ub = interp.clopper_pearson_upper(k, n)
        assert interp.binom_cdf_curve(k, n, np.array([ub]))[0] == pytest.approx(0.05, rel=1e-9)
    ps = np.array([0.0, 0.003, 0.02])
    np.testing.assert_allclose(interp.binom_cdf_curve(3, 400, ps), [interp.binom_cdf(3, 400, p) for p in ps], rtol=1e-12)
    fig = interp.gate_static()
    step = fig.layout.sliders[0].steps[interp.GATE_N.index(300)]
    assert step.args[0]["x"][3][0] == pytest.approx(100 * 0.009936, abs=1e-3)  # k = 0 in 300: 0.9936 %
    assert "ship" in step.args[1]["title.text"]


def test_static_states_match_the_model():
    fig = interp.cot_static()
    step = fig.layout.sliders[0].steps[interp.PRESSURE_LAMBDAS.index(1.0)]
    assert step.args[0]["y"][2][-1] == pytest.approx(0.9955, abs=1e-3)
    fig = interp.swiss_static()
    step = fig.layout.sliders[0].steps[interp.RHOS.index(0.5)]
    assert step.args[0]["y"][0][0] == pytest.approx(0.03916, rel=1e-3)
    fig = interp.sae_static()
    g = interp.sae_grid()
    step = fig.layout.sliders[0].steps[interp.SAE_LAMBDAS.index(0.0)]
    assert max(step.args[0]["x"][1]) == pytest.approx(float(interp.feature_match(g["F"], g["W_d"][0]).max()), abs=1e-3)


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((interp.sae_explorer, interp.steering_explorer, interp.cot_pressure, interp.swiss_cheese_explorer, interp.launch_gate), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _cp_natural(k, n, conf=0.95):
    if k == n:
        return 1.0
    lo, hi = 0.0, 1.0
    for _ in range(60):
        p = (lo + hi) / 2
        cdf = sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))
        lo, hi = (p, hi) if cdf > 1 - conf else (lo, p)
    return (lo + hi) / 2


def _pressure_natural(payoff, detect, lam, rate=1.0, steps=500):
    r = np.array(payoff) - lam * np.array(detect)
    theta = np.zeros(len(r))
    for _ in range(steps):
        pi = np.exp(theta) / np.exp(theta).sum()
        theta += rate * pi * (r - pi @ r)
    pi = np.exp(theta) / np.exp(theta).sum()
    return pi, float((pi[1:] * np.array(detect[1:])).sum() / pi[1:].sum())


NATURAL = {
    "concept_direction": lambda A, B: (B.mean(0) - A.mean(0)) / np.linalg.norm(B.mean(0) - A.mean(0)),
    "sae_loss": lambda X, We, b, Wd, lam: np.mean(
        ((X - np.maximum(0, X @ We.T + b) @ Wd) ** 2).sum(1) + lam * np.abs(np.maximum(0, X @ We.T + b)).sum(1)),
    "pressure_training": _pressure_natural,
    "swiss_cheese": lambda r, f: (math.prod(1 - x for x in r), 1 - math.prod(1 - x for x in f)),
    "all_layers_miss": lambda z, t: float(np.mean((z > t).all(axis=1))),
    "clopper_pearson_upper": _cp_natural,
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    from course.grading import grade
    from exercises.interpretability import grader
    for seed in range(8):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"
