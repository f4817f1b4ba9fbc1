"""synthetic-data: the models against the issue's reference values and closed forms, simulations against
theory, live widgets at every control extreme, and the static twins (the grader: tests/test_all_exercises.py)."""
from __future__ import annotations

import numpy as np
import pytest

from widgets import synthetic_data as sd
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_static_twin, figure_of, sweep_extremes

LOGITS = np.array([3, 2.5, 2, 1, 0.5, 0.0])


# ---------------------------------------------------------------- entropy and the sampling knobs
@pytest.mark.parametrize("T, bits, effective", [(0.25, 0.6407, 1.559), (1.0, 1.9989, 3.997), (2.0, 2.3953, 5.261)])
def test_entropy_of_tempered_logits(T, bits, effective):
    p = np.exp(LOGITS) / np.exp(LOGITS).sum()
    q = sd.apply_temperature(p, T)
    softmax = np.exp(LOGITS / T) / np.exp(LOGITS / T).sum()
    np.testing.assert_allclose(q, softmax, rtol=1e-12)  # p^(1/T) renormalised = softmax(z / T)
    assert sd.entropy_bits(q) == pytest.approx(bits, abs=5e-5)
    assert sd.effective_count(q) == pytest.approx(effective, abs=5e-4)


def test_entropy_boundaries():
    assert sd.entropy_bits([1.0]) == 0 and sd.effective_count([0.0, 5.0]) == 1
    assert sd.entropy_bits([0.5, 0.0, 0.5]) == 1.0  # 0 log 0 = 0
    assert sd.entropy_bits(np.ones(8)) == pytest.approx(3.0, abs=1e-15)
    assert sd.entropy_bits([2, 1, 1]) == sd.entropy_bits([0.5, 0.25, 0.25]) == 1.5  # counts are normalised
    assert sd.effective_count(np.ones(50)) == pytest.approx(50)


def test_temperature_limits():
    p = np.array([0.6, 0.0, 0.4])
    np.testing.assert_allclose(sd.apply_temperature(p, 1.0), p, rtol=1e-15)
    assert sd.apply_temperature(p, 0.5)[1] == 0
    np.testing.assert_allclose(sd.apply_temperature([0.3, 0.3, 0.25, 0.15], 0.001), [0.5, 0.5, 0, 0], atol=1e-60)
    np.testing.assert_allclose(sd.apply_temperature(np.full(5, 0.2), 0.3), 0.2)
    assert np.all(np.isfinite(sd.apply_temperature([0.9, 0.1], 1e-6)))


def test_top_p_threshold_ties_and_ends():
    q = np.array([0.5, 0.25, 0.125, 0.125])
    np.testing.assert_array_equal(sd.top_p_filter(q, 0.75), [2 / 3, 1 / 3, 0, 0])  # exactly at the boundary
    np.testing.assert_array_equal(sd.top_p_filter(q, 0.750001), q)  # just past it: the tied pair joins
    np.testing.assert_array_equal(sd.top_p_filter(np.array([0.2, 0.4, 0.2, 0.2]), 0.5), [0.2, 0.4, 0.2, 0.2])
    np.testing.assert_array_equal(sd.top_p_filter(np.array([0.6, 0.3, 0.1]), 1e-9), [1, 0, 0])
    np.testing.assert_array_equal(sd.top_p_filter(np.array([0.7, 0.0, 0.3]), 1.0), [0.7, 0, 0.3])
    np.testing.assert_array_equal(sd.top_p_filter(np.array([1.0]), 0.3), [1.0])
    rng = np.random.default_rng(0)
    for _ in range(50):  # permuting the input permutes the output (ties never depend on order)
        p = rng.multinomial(32, np.ones(6) / 6) / 32
        perm = rng.permutation(6)
        top_p = float(rng.choice(np.cumsum(np.sort(p)[::-1])))
        np.testing.assert_array_equal(sd.top_p_filter(p, top_p)[perm], sd.top_p_filter(p[perm], top_p))
        assert sd.entropy_bits(sd.top_p_filter(p, top_p)) <= sd.entropy_bits(p) + 1e-12


def test_zipf_calibration_to_the_joke_study():
    s = sd.zipf_for_share(0.9, 25, 50)
    assert s == pytest.approx(1.2043, abs=5e-5)
    prior = sd.zipf_probs(50, s)
    assert sd.top_share(prior, 25) == pytest.approx(0.9, abs=1e-12)
    assert sd.entropy_bits(prior) == pytest.approx(4.106, abs=5e-4)
    assert sd.effective_count(prior) == pytest.approx(17.2, abs=0.05)
    assert sd.entropy_bits(np.ones(50)) == pytest.approx(5.644, abs=5e-4)
    assert sd.zipf_for_share(0.5, 25, 50) == pytest.approx(0, abs=1e-12)
    assert sd.S_JOKES == s


# ---------------------------------------------------------------- recursive refitting
def test_gini_simpson_closed_form_matches_a_seeded_simulation():
    p0 = np.full(10, 0.1)
    assert sd.gini_simpson_after(p0, 20, 10) == pytest.approx(0.53886, abs=5e-6)
    wf = sd.wright_fisher(p0, 20, 30, runs=2000, seed=0)
    for t, value in zip((5, 10, 20, 30), (0.6964, 0.5389, 0.3226, 0.1932)):
        closed = sd.gini_simpson_after(p0, 20, t)
        assert closed == pytest.approx(value, abs=5e-5)
        assert wf["gs"][:, t].mean() == pytest.approx(closed, abs=0.01)
    np.testing.assert_allclose(sd.wright_fisher_expected(p0, 20, 30), [sd.gini_simpson_after(p0, 20, t)
                                                                       for t in range(31)], rtol=1e-12)


def test_lost_categories_never_return_without_fresh_data():
    wf = sd.wright_fisher(sd.zipf_probs(12, 1.0), 8, 60, runs=300, seed=3)
    assert np.all(np.diff(wf["alive"], axis=1) <= 0)
    lost = wf["p"][:, :-1] == 0
    assert np.all(wf["p"][:, 1:][lost] == 0)
    assert wf["alive"][:, -1].mean() < 2
    np.testing.assert_allclose(wf["p"].sum(axis=-1), 1.0)


@pytest.mark.parametrize("fresh", [0.1, 0.25, 0.5])
def test_fresh_data_recursion_is_the_exact_expectation(fresh):
    p0 = sd.zipf_probs(6, 0.8)
    wf = sd.wright_fisher(p0, 12, 40, runs=4000, fresh=fresh, seed=5)
    exact = sd.wright_fisher_expected(p0, 12, 40, fresh)
    se = wf["gs"].std(axis=0, ddof=1) / np.sqrt(4000)
    assert np.all(np.abs(wf["gs"].mean(axis=0) - exact) <= 4.5 * se + 1e-12)
    assert exact[-1] > 0.5 * exact[0]  # the brake: diversity settles instead of draining


def test_gaussian_refit_matches_closed_form_and_the_explicit_samples():
    assert sd.refit_variance(10, 10, 1.0) == pytest.approx(0.34868, abs=5e-6)
    assert sd.refit_variance(10, 0, 2.5) == 2.5
    g = sd.gaussian_refit(10, 10, runs=40000, seed=0)
    v = g["var"][:, 10]
    assert abs(v.mean() - sd.refit_variance(10, 10, 1.0)) < 4.5 * v.std() / np.sqrt(v.size)
    for fresh in (0.0, 0.3):  # sufficient statistics vs drawing every sample: same distribution
        a = sd.gaussian_refit(8, 6, runs=20000, fresh=fresh, seed=1)["var"]
        b = sd.gaussian_refit_samples(8, 6, runs=20000, fresh=fresh, seed=2)["var"]
        se = np.sqrt(a.var(axis=0) / 20000 + b.var(axis=0) / 20000)
        assert np.all(np.abs(a.mean(axis=0) - b.mean(axis=0)) <= 4.5 * se + 1e-12)
        assert np.all(np.abs(np.median(a, axis=0) - np.median(b, axis=0)) < 0.03)


# ---------------------------------------------------------------- personas and mixtures
def test_persona_entropy_reference_and_bounds():
    C = np.zeros((4, 8))
    for m in range(4):
        C[m, 2 * m:2 * m + 2] = (0.7, 0.3)
    h_cond, h_mix, info = sd.persona_entropy(np.full(4, 0.25), C)
    assert (h_cond, h_mix, info) == pytest.approx((0.8813, 2.8813, 2.0), abs=5e-5)
    for M in (1, 3, 10, 50):
        q, cond = sd.joke_distribution(1.0, 1.0, M)
        h_cond, h_mix, info = sd.persona_entropy(np.full(M, 1 / M), cond)
        assert -1e-12 <= info <= np.log2(M) + 1e-12 and h_mix == pytest.approx(sd.entropy_bits(q))
    assert sd.entropy_bits(sd.joke_distribution(1.0, 1.0, 50)[0]) == pytest.approx(np.log2(50))


def test_best_mix_reference_values():
    p_star, p_syn, p_web = [0.4, 0.3, 0.2, 0.1], [0.7, 0.2, 0.05, 0.05], [0.1, 0.2, 0.3, 0.4]
    w, kl = sd.best_mix(p_star, p_syn, p_web)
    assert w == pytest.approx(0.60266, abs=5e-6) and kl == pytest.approx(0.08523, abs=5e-6)
    assert sd.kl_bits(p_star, p_web) * np.log(2) == pytest.approx(0.4564, abs=5e-5)  # nats, as the issue gives
    assert sd.kl_bits(p_star, p_syn) * np.log(2) == pytest.approx(0.2444, abs=5e-5)
    grid = np.linspace(0, 1, 20001)
    kls = [sd.kl_bits(p_star, sd.mixture(x, p_syn, p_web)) for x in grid]
    assert abs(grid[int(np.argmin(kls))] - w) < 1e-4 and kl <= min(kls) + 1e-15
    cross = -np.sum(np.array(p_star) * np.log2(sd.mixture(w, p_syn, p_web)))
    assert cross == pytest.approx(sd.entropy_bits(p_star) + kl, rel=1e-12)  # H(p*, q) = H(p*) + KL


def test_best_mix_at_the_ends():
    web = np.array([0.2, 0.3, 0.5])
    w, kl = sd.best_mix(web, [0.6, 0.2, 0.2], web)
    assert w == pytest.approx(0, abs=1e-12) and kl == pytest.approx(0, abs=1e-15)
    w, kl = sd.best_mix([0.5, 0.5, 0.0], [0.5, 0.5, 0.0], [0.1, 0.1, 0.8])
    assert w == pytest.approx(1, abs=1e-12) and kl == pytest.approx(0, abs=1e-12)


# ---------------------------------------------------------------- widgets
LIVE = [sd.joke_live, sd.ouroboros_live, sd.mixture_live]
STATIC = [sd.joke_static, sd.ouroboros_static, sd.mixture_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_joke_machine_moves_the_figure():
    box = sd.joke_live()
    fig = figure_of(box)
    controls = {c.description: c for c in __import__("latency").controls(box)}
    before = np.asarray(fig.data[0].y).copy()
    controls["T (temperature)"].value = 0.05
    cold = np.asarray(fig.data[0].y)
    assert cold.sum() == sd.N_DRAWS and cold[0] == sd.N_DRAWS and not np.array_equal(before, cold)
    controls["personas"].value = 50
    assert np.count_nonzero(fig.data[0].y) > 40 and "50 personas" in fig.layout.title.text


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    fig = make()
    assert_static_twin(fig)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_static_joke_states_decode_to_the_model():
    fig = sd.joke_static()
    step = fig.layout.sliders[0].steps[0]  # T = 0.25
    counts = step.args[0]["y"][0]
    np.testing.assert_array_equal(counts, sd._joke_view(0.25, 1.0, 1)["counts"])


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((sd.joke_machine, sd.ouroboros, sd.mixture_explorer), monkeypatch)
