"""widgets/gibbs.py: the Boltzmann machine and its Gibbs sampler, against exact enumeration."""
from __future__ import annotations

import numpy as np
import pytest

from widgets import gibbs

W3 = np.array([[0.0, 2.0, -1.0], [2.0, 0.0, 1.0], [-1.0, 1.0, 0.0]])
B3 = np.array([-1.0, -0.5, 0.5])


def _machine(seed, n):
    rng = np.random.default_rng(seed)
    A = np.triu(rng.normal(0, 1, (n, n)), 1)
    return A + A.T, rng.normal(0, 0.7, n)


def test_energy_and_states():
    X = gibbs.all_states(3)
    assert X.shape == (8, 3) and X[5].tolist() == [1, 0, 1] and len({tuple(r) for r in X}) == 8
    x = np.array([1.0, 1.0, 0.0])
    assert gibbs.energy(x, W3, B3) == pytest.approx(-(2.0) - (-1.5))  # -1/2 x^T W x = -2; -b.x = 1.5
    np.testing.assert_allclose(gibbs.energy(X, W3, B3), [gibbs.energy(r, W3, B3) for r in X])
    assert gibbs.all_states(0).shape == (1, 0)


def test_partition_function_of_the_chapter_machine():
    X, p, Z = gibbs.boltzmann(W3, B3)
    assert Z == pytest.approx(10.9315, abs=5e-5) and p.sum() == pytest.approx(1)
    assert Z == pytest.approx(np.exp(-gibbs.energy(X, W3, B3)).sum(), rel=1e-12)
    # temperature: T -> large flattens, T small concentrates on the minimum
    assert gibbs.boltzmann(W3, B3, T=1e3)[1].max() < 0.13
    assert np.sort(gibbs.boltzmann(W3, B3, T=0.05)[1])[-2:].sum() > 0.99  # two states tie for the minimum


def test_conditionals_are_sigmoids_and_z_cancels():
    W, b = _machine(1, 5)
    X, p, _ = gibbs.boltzmann(W, b)
    x = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    for i in range(5):
        on, off = x.copy(), x.copy()
        on[i], off[i] = 1, 0
        ratio = p[int("".join(str(int(v)) for v in on), 2)] / (p[int("".join(str(int(v)) for v in on), 2)]
                                                                 + p[int("".join(str(int(v)) for v in off), 2)])
        assert gibbs.conditionals(x, W, b)[i] == pytest.approx(ratio, rel=1e-12)


def test_sigmoid_is_stable():
    s = gibbs.sigmoid(np.array([-1000.0, -2.0, 0.0, 2.0, 1000.0]))
    assert np.all(np.isfinite(s)) and s[0] == 0 and s[-1] == 1 and s[2] == 0.5
    assert s[1] + s[3] == pytest.approx(1)


def test_clamped_marginals_match_brute_force_conditioning():
    W, b = _machine(2, 6)
    X, p, _ = gibbs.boltzmann(W, b, T=1.5)
    x = np.array([1.0, 0, 0, 1.0, 0, 0])
    clamp = np.array([True, False, False, True, False, True])
    ok = np.all(X[:, clamp] == x[clamp], axis=1)
    want = p[ok] @ X[ok] / p[ok].sum()
    got = gibbs.clamped_marginals(W, b, x, clamp, T=1.5)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    np.testing.assert_array_equal(got[clamp], x[clamp])
    np.testing.assert_allclose(gibbs.clamped_marginals(W, b, x, clamp, 1.5, (X, gibbs.energy(X, W, b))), want)
    # nothing clamped: the plain marginals
    np.testing.assert_allclose(gibbs.clamped_marginals(W, b, x, np.zeros(6, bool)), gibbs.boltzmann(W, b)[1] @ X)


def test_gibbs_step_respects_the_clamp_and_the_stream():
    W, b = _machine(3, 6)
    x = np.array([1.0, 0, 1, 0, 1, 0])
    clamp = np.array([True, False, False, True, False, False])
    u = np.random.default_rng(0).random(6)
    out = gibbs.gibbs_step(x, W, b, clamp, u)
    assert x.tolist() == [1.0, 0, 1, 0, 1, 0]  # input untouched
    np.testing.assert_array_equal(out[clamp], x[clamp])
    y = x.copy()  # the sequential definition, spelled out
    for i in range(6):
        if not clamp[i]:
            y[i] = float(u[i] < 1 / (1 + np.exp(-(y @ W[:, i] + b[i]))))
    np.testing.assert_array_equal(out, y)
    assert np.array_equal(gibbs.gibbs_step(x, W, b, np.ones(6, bool), u), x)
    assert gibbs.gibbs_step(np.zeros(1), np.zeros((1, 1)), np.zeros(1), np.zeros(1, bool), np.array([0.5]))[0] == 0


def test_chain_equals_repeated_steps():
    W, b = _machine(4, 5)
    clamp = np.array([False, True, False, False, True])
    x0 = np.array([0.0, 1, 0, 1, 0])
    out = gibbs.gibbs_chain(W, b, x0, clamp, 30, seed=9, T=0.8, chains=4)
    U = np.random.default_rng(9).random((30, 4, 5))
    x = np.broadcast_to(x0, (4, 5)).copy()
    for t in range(30):
        x = gibbs.gibbs_step(x, W, b, clamp, U[t], T=0.8)
        np.testing.assert_array_equal(out[t], x)


@pytest.mark.parametrize("T", [0.7, 1.0, 2.0])
def test_long_run_marginals_converge_to_enumeration(T):
    W, b = _machine(5, 6)
    x = np.array([0.0, 1, 0, 0, 0, 0])
    clamp = np.array([False, True, False, False, False, False])
    samples = gibbs.gibbs_chain(W, b, x, clamp, 1500, seed=1, T=T, chains=64)
    est = gibbs.running_marginals(samples, burn_in=100)
    exact = gibbs.clamped_marginals(W, b, x, clamp, T)
    assert np.abs(est[-1] - exact).max() < 0.02
    kl = gibbs.bernoulli_kl(est[:, ~clamp], exact[~clamp])
    assert kl[-1] < kl[10] < kl[0] and kl[-1] < 1e-3


def test_running_marginals_and_kl():
    s = np.zeros((4, 2, 3))
    s[1:, :, 0] = 1
    r = gibbs.running_marginals(s)
    np.testing.assert_allclose(r[:, 0], [0, 0.5, 2 / 3, 0.75])
    np.testing.assert_allclose(gibbs.running_marginals(s, burn_in=1)[:, 0], 1)
    assert gibbs.bernoulli_kl(np.array([0.3, 0.6]), np.array([0.3, 0.6])) == pytest.approx(0, abs=1e-15)
    assert np.isfinite(gibbs.bernoulli_kl(np.array([0.0, 1.0]), np.array([1.0, 0.0])))
    assert gibbs.bernoulli_kl(np.array([0.5]), np.array([0.25])) == pytest.approx(
        0.5 * np.log(2) + 0.5 * np.log(0.5 / 0.75))


def test_hebbian_stores_patterns():
    P = np.array([[1, 1, 0, 0] * 4, [1] * 8 + [0] * 8], dtype=float)
    W, b = gibbs.hebbian(P, 2.0)
    assert np.allclose(W, W.T) and np.all(np.diag(W) == 0)
    X, p, _ = gibbs.boltzmann(W, b)
    top = {tuple(r) for r in X[np.argsort(p)[-4:]]}
    assert top == {tuple(P[0]), tuple(1 - P[0]), tuple(P[1]), tuple(1 - P[1])}
    # the 0/1 energy is the spin energy -1/2 s^T J s up to a constant
    S = 2 * X - 1
    J = 2.0 / 16 * (2 * P - 1).T @ (2 * P - 1)
    np.fill_diagonal(J, 0)
    diff = gibbs.energy(X, W, b) - (-0.5 * np.einsum("ki,ij,kj->k", S, J, S))
    assert np.ptp(diff) < 1e-9


def test_state_index_inverts_all_states():
    X = gibbs.all_states(4)
    np.testing.assert_array_equal(gibbs.state_index(X), np.arange(16))
    assert gibbs.state_index(np.array([1.0, 0.0, 1.0])) == 5
    batch = X[[3, 9, 15]].reshape(3, 1, 4)  # any leading shape
    assert gibbs.state_index(batch).tolist() == [[3], [9], [15]]
