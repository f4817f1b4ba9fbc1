"""Boltzmann machines and Gibbs sampling: stochastic binary units, clamped anywhere (pure numpy).

A Boltzmann machine over n binary units x in {0, 1}^n has the energy
    E(x) = -1/2 x^T W x - b^T x        (W symmetric, zero diagonal)
and the distribution p(x) = exp(-E(x)/T) / Z at temperature T. The partition function Z is a sum over
all 2^n states, but it cancels in every conditional:
    p(x_i = 1 | all other units) = sigma((W x + b)_i / T),   sigma(a) = 1 / (1 + e^-a).
A unit that fires with that probability is a Gibbs sampler. Clamp any subset of units (hold them at
their values) and sample the rest: the chain samples p(free units | clamped units). Any subset given any
other subset: "omnidirectional inference".

Conventions shared by every function:
    x      states, shape (n,) or (..., n), values 0/1 (float arrays)
    W, b   weights (n, n), symmetric with zero diagonal, and biases (n,)
    clamp  boolean mask (n,): True = held at its value in x (the evidence), False = free (sampled)
    u      uniform numbers in [0, 1) that drive the updates (the random stream is an input, so a
           chain is reproducible); a unit is set to 1 when u < its conditional probability
    T      temperature (> 0); T = 1 is the plain model

Used by chapter `omnidirectional-inference` (clamp anything) and meant to be imported by any chapter that
needs stochastic units as samplers (e.g. noise as a resource). Models only; no widgets here.
"""
from __future__ import annotations

import numpy as np


def sigmoid(a):
    """The logistic function 1 / (1 + e^-a), computed without overflow for large |a|."""
    a = np.asarray(a, dtype=float)
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def energy(x, W, b):
    """E(x) = -1/2 x^T W x - b^T x for one state (n,) or a batch (..., n); returns shape (...)."""
    x = np.asarray(x, dtype=float)
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    return -0.5 * np.einsum("...i,ij,...j->...", x, W, x) - x @ b


def all_states(n):
    """Every binary state of n units, shape (2^n, n), float; row k is k in binary, unit 0 the highest bit."""
    n = int(n)
    k = np.arange(2**n)[:, None]
    return ((k >> np.arange(n - 1, -1, -1)) & 1).astype(float)


def state_index(x):
    """The row of all_states(n) that equals each state: x (..., n) of 0/1 -> integers (...), unit 0 the highest bit.

    The inverse of all_states: all_states(n)[state_index(x)] == x. Used to histogram sampled states."""
    x = np.asarray(x)
    n = x.shape[-1]
    return (x.astype(np.int64) << np.arange(n - 1, -1, -1)).sum(axis=-1)


def boltzmann(W, b, T=1.0):
    """Exact enumeration: (states (2^n, n), probabilities (2^n,), Z) of p(x) = exp(-E(x)/T) / Z."""
    W = np.asarray(W, dtype=float)
    X = all_states(W.shape[0])
    logits = -energy(X, W, b) / T
    w = np.exp(logits - logits.max())
    return X, w / w.sum(), float(w.sum() * np.exp(logits.max()))


def clamped_marginals(W, b, x, clamp, T=1.0, table=None):
    """Exact p(x_i = 1 | the clamped units) for every unit, by enumerating the free units' states.

    x gives the clamped values (its free entries are ignored); clamped units come back as their values.
    table: optionally (all_states(n), energy of each of those states) precomputed, to reuse across calls
    (a live widget with fixed W, b); without it both are computed here.
    """
    x = np.asarray(x, dtype=float)
    clamp = np.asarray(clamp, dtype=bool)
    if table is None:
        X = all_states(x.shape[-1])
        E = energy(X, W, b)
    else:
        X, E = table
    n = x.shape[-1]
    place = 1 << np.arange(n - 1, -1, -1)  # row k of all_states is k in binary, unit 0 the highest bit
    mask, value = int(place[clamp].sum()), int(place[clamp & (x == 1)].sum())
    ok = (np.arange(2**n) & mask) == value  # the states that agree with every clamped unit
    logits = np.where(ok, -np.asarray(E, dtype=float) / T, -np.inf)
    w = np.exp(logits - logits.max())
    out = (w @ X) / w.sum()
    out[clamp] = x[clamp]  # exactly the clamped values (the sum above can be off by one rounding step)
    return out


def conditionals(x, W, b, T=1.0):
    """p(x_i = 1 | every other unit) = sigma((W x + b)_i / T) for each unit i; x (n,) or (..., n)."""
    x = np.asarray(x, dtype=float)
    return sigmoid((x @ np.asarray(W, dtype=float) + np.asarray(b, dtype=float)) / T)


def gibbs_step(x, W, b, clamp, u, T=1.0):
    """One sequential Gibbs sweep over units 0..n-1; returns the new state (x is not changed).

    Each free unit i in turn is set to 1 if u[..., i] < sigma((W x + b)_i / T), using the CURRENT values of
    the other units (including units already updated in this sweep); clamped units keep their values.
    x and u have shape (n,) or (chains, n): many chains advance at once, one uniform per unit and chain.
    """
    x = np.array(x, dtype=float)
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    u = np.asarray(u, dtype=float)
    for i in np.flatnonzero(~np.asarray(clamp, dtype=bool)):
        p = sigmoid((x @ W[:, i] + b[i]) / T)
        x[..., i] = u[..., i] < p
    return x


def gibbs_chain(W, b, x0, clamp, n_sweeps, seed=0, T=1.0, chains=1):
    """Run `chains` independent Gibbs chains for n_sweeps sweeps from x0 (clamped values taken from x0).

    x0: (n,) shared start, or (chains, n). Returns the states after every sweep, shape (n_sweeps, chains, n).
    Seeded: the uniform stream is U = np.random.default_rng(seed).random((n_sweeps, chains, n)), and sweep t
    is gibbs_step(x, W, b, clamp, U[t], T). The loop compares logit(u) < (W x + b)_i / T, the same test as
    u < sigma((W x + b)_i / T) without an exp per unit (tests/test_gibbs.py checks they agree).
    """
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float)
    n = W.shape[0]
    x = np.broadcast_to(np.asarray(x0, dtype=float), (int(chains), n)).copy()
    U = np.random.default_rng(seed).random((int(n_sweeps), int(chains), n))
    with np.errstate(divide="ignore"):
        L = (np.log(U) - np.log1p(-U)) * T  # u < sigma(a / T)  <=>  T logit(u) < a
    free = np.flatnonzero(~np.asarray(clamp, dtype=bool))
    cols = [np.ascontiguousarray(W[:, i]) for i in range(n)]
    out = np.empty((int(n_sweeps), int(chains), n))
    for t in range(int(n_sweeps)):
        Lt = L[t]
        for i in free:
            x[:, i] = Lt[:, i] < x @ cols[i] + b[i]
        out[t] = x
    return out


def running_marginals(samples, burn_in=0):
    """Estimates of p(x_i = 1) after each sweep: the mean over chains and over sweeps burn_in..t.

    samples: (n_sweeps, chains, n) from gibbs_chain. Returns (n_sweeps - burn_in, n); row k uses the
    sweeps burn_in..burn_in+k.
    """
    s = np.asarray(samples, dtype=float)[int(burn_in):].mean(axis=1)
    return np.cumsum(s, axis=0) / np.arange(1, s.shape[0] + 1)[:, None]


def bernoulli_kl(p_hat, p, eps=1e-12):
    """Sum over units of KL(Bernoulli(p_hat) || Bernoulli(p)) in nats (last axis summed).

    p_hat may be exactly 0 or 1 (0 log 0 = 0); p is clipped to [eps, 1 - eps] so a near-certain exact
    marginal gives a large finite number, never infinity.
    """
    q = np.asarray(p_hat, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), eps, 1 - eps)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(q > 0, q * np.log(q / p), 0.0)
        c = np.where(q < 1, (1 - q) * np.log((1 - q) / (1 - p)), 0.0)
    return (a + c).sum(axis=-1)


def hebbian(patterns, strength=1.0):
    """Weights and biases of a Boltzmann machine on 0/1 units that stores `patterns` (P, n) of 0/1.

    The Hopfield rule on spins s = 2x - 1, J = strength / n * sum_p s_p s_p^T (zero diagonal), with energy
    -1/2 s^T J s, rewritten for 0/1 units: W = 4 J, b = -2 J 1 (the same energy up to a constant).
    Each stored pattern (and its inverse) is a low-energy state.
    """
    S = 2 * np.asarray(patterns, dtype=float) - 1
    n = S.shape[1]
    J = strength / n * S.T @ S
    np.fill_diagonal(J, 0.0)
    return 4 * J, -2 * J.sum(axis=1)
