"""Graded exercises of the amortized-inference chapter. References are the chapter's model functions."""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import amortized_inference as model


# ---------------------------------------------------------------- 1. the exact Gaussian posterior
def _posterior_cases(rng, k=6):
    return [(float(rng.uniform(-4, 4)), float(rng.uniform(0.2, 3)), float(rng.uniform(0.1, 3))) for _ in range(k)]


gaussian_posterior = Exercise(
    id="ai_gaussian_posterior", function="gaussian_posterior", reference=model.gaussian_posterior,
    title="the exact Gaussian posterior",
    checks=[Check("x = 2, σ0 = σ = 1 gives mean 1 and variance 0.5", lambda rng: [(2.0, 1.0, 1.0)]),
            Check("trusts the observation when the noise σ is small, the prior when σ is large",
                  lambda rng: [(3.0, 1.0, 0.1), (3.0, 1.0, 10.0), (-1.5, 2.0, 0.5)]),
            Check("random x, σ0, σ", _posterior_cases, hidden=True),
            Check("x = 0, equal prior and noise widths away from 1, a very wide prior",
                  lambda rng: [(0.0, 1.7, 0.6), (1.2, 0.4, 0.4), (-2.5, 2.5, 2.5), (0.9, 30.0, 0.3)], hidden=True)],
    mistakes=[Mistake("variances swapped in the mean", lambda x, s0, s: (s**2 * x / (s0**2 + s**2),
                                                                          s0**2 * s**2 / (s0**2 + s**2)),
                      hint="The mean is σ0²·x/(σ0² + σ²): the PRIOR variance σ0² goes on top. When the noise σ "
                           "is small the posterior mean should be close to x."),
              Mistake("standard deviation instead of variance",
                      lambda x, s0, s: (s0**2 * x / (s0**2 + s**2), math.sqrt(s0**2 * s**2 / (s0**2 + s**2))),
                      hint="Return the variance σ0²σ²/(σ0² + σ²), not its square root."),
              Mistake("variances added", lambda x, s0, s: (s0**2 * x / (s0**2 + s**2), s0**2 + s**2),
                      hint="σ0² + σ² is the variance of x (the evidence), not of z given x. Precisions add: "
                           "1/var = 1/σ0² + 1/σ², so the posterior is narrower than both prior and likelihood."),
              Mistake("no squares", lambda x, s0, s: (s0 * x / (s0 + s), s0 * s / (s0 + s)),
                      hint="The formula uses the variances σ0² and σ², not the standard deviations.")])


# ---------------------------------------------------------------- 2. rejection sampling
def _stream(rng, n=None, sigma0=None):
    n = int(rng.integers(40, 300)) if n is None else n
    sigma0 = float(rng.uniform(0.5, 2)) if sigma0 is None else sigma0
    return sigma0 * rng.standard_normal(n), rng.random(n)


def _rejection_cases(rng, k=5):
    cases = []
    while len(cases) < k:
        z, u = _stream(rng)
        x, sigma = float(rng.uniform(-1.5, 1.5)), float(rng.uniform(0.15, 1.5))
        if (u < np.exp(-0.5 * ((x - z) / sigma) ** 2)).sum() >= 2:  # the mean needs accepted draws
            cases.append((x, sigma, z, u))
    return cases


def _rejection_edges(rng):
    """u = 0 keeps every draw (the rate is 1, the mean is the mean of z); u = 1 except at two draws; a draw
    exactly at x with u = 1 (1 < 1 is False: not kept)."""
    z = np.array([-1.2, 0.3, 0.8, 2.1, -0.4])
    two = np.ones(5)
    two[[1, 3]] = 0.0
    tie = np.array([1.0, 0.0, 1.0, 0.0, 1.0])  # x == z[0], so its acceptance probability is exactly 1 = u[0]
    return [(0.5, 0.7, z, np.zeros(5)), (0.5, 0.7, z, two), (-1.2, 0.7, z, tie)]


def _visible_stream():
    rng = np.random.default_rng(2021)
    return rng.standard_normal(8).round(2), rng.random(8).round(2)


rejection = Exercise(
    id="ai_rejection_estimate", function="rejection_estimate", reference=model.rejection_estimate,
    title="rejection sampling on a given stream",
    checks=[Check("the 8-draw example of the prompt", lambda rng: [(1.0, 0.5, *_visible_stream())]),
            Check("small noise σ < 0.4 (few draws explain x)",
                  lambda rng: [(0.8, 0.2, *_stream(rng, 400, 1.0)), (0.0, 0.3, *_stream(rng, 400, 1.0))]),
            Check("random streams, observations and noise levels", _rejection_cases, hidden=True),
            Check("every draw kept (u = 0), exactly two kept, and u equal to the acceptance probability",
                  _rejection_edges, hidden=True)],
    mistakes=[Mistake("normalised density as acceptance probability",
                      lambda x, s, z, u: model.rejection_estimate(x, s, z, u * s * math.sqrt(2 * math.pi)),
                      hint="Accept with probability p(x|z) / max p(x|z) = exp(-(x − z)²/(2σ²)), which is at most "
                           "1. The normalised density N(x; z, σ²) exceeds 1 when σ < 0.4, and then every draw "
                           "near x is accepted with 'probability' above 1."),
              Mistake("mean of all draws", lambda x, s, z, u: (model.rejection_estimate(x, s, z, u)[0],
                                                                 float(np.mean(z))),
                      hint="The posterior mean is the mean of the ACCEPTED draws only; the mean of all draws "
                           "estimates the prior mean."),
              Mistake("keeps the rejected draws", lambda x, s, z, u: model.rejection_estimate(x, s, z, 1 - u),
                      hint="Keep z when u < exp(-(x − z)²/(2σ²)) (u below the acceptance probability), not when "
                           "u is above it: draws that explain x well must be kept more often."),
              Mistake("missing factor 1/2", lambda x, s, z, u: model.rejection_estimate(x, s / math.sqrt(2), z, u),
                      hint="The Gaussian exponent is −(x − z)²/(2σ²): you dropped the 2.")])


# ---------------------------------------------------------------- 3. self-normalised importance sampling
def _is_cases(rng, k=5):
    return [(float(rng.uniform(-2, 2)), float(rng.uniform(0.2, 2)), float(rng.uniform(0.5, 2)) *
             rng.standard_normal(int(rng.integers(20, 500)))) for _ in range(k)]


def _raw_weights(x, s, z):
    return np.exp(-0.5 * ((x - z) / s) ** 2)


importance = Exercise(
    id="ai_importance_estimate", function="importance_estimate", reference=model.importance_estimate,
    title="self-normalised importance sampling and its effective sample size",
    checks=[Check("the 4-draw example: z = [-1, 0, 1, 2], x = 1, σ = 1",
                  lambda rng: [(1.0, 1.0, np.array([-1.0, 0.0, 1.0, 2.0]))]),
            Check("random draws, observations and noise levels", _is_cases, hidden=True),
            Check("a single draw (ESS 1) and identical draws (ESS N)",
                  lambda rng: [(0.7, 0.9, np.array([1.3])), (-0.5, 1.4, np.full(6, 0.25))], hidden=True),
            Check("stays finite when every raw weight underflows to 0 (x = 40, σ = 0.5)",
                  lambda rng: [(40.0, 0.5, rng.standard_normal(200)), (-30.0, 0.3, 2 * rng.standard_normal(50))],
                  hint="exp(-(40 − z)²/(2·0.25)) is 0.0 in floating point for every draw, so Σw = 0 and you "
                       "divide 0 by 0. Work with log-weights and subtract their maximum before exponentiating: "
                       "self-normalisation cancels the constant.")],
    mistakes=[Mistake("not self-normalised",
                      lambda x, s, z: (float(np.mean(_raw_weights(x, s, z) * z)), model.importance_estimate(x, s, z)[1]),
                      hint="Divide by the sum of the weights, Σ w_i z_i / Σ w_i. Averaging w_i z_i over N only "
                           "works if the weights are p(z|x)/p(z) exactly, which needs the unknown evidence p(x)."),
              Mistake("ESS = N", lambda x, s, z: (model.importance_estimate(x, s, z)[0], float(len(z))),
                      hint="The effective sample size is (Σw)²/Σw², not the number of draws: a few heavy weights "
                           "make most draws worthless."),
              Mistake("ESS from unnormalised weights", lambda x, s, z: (
                  model.importance_estimate(x, s, z)[0],
                  float(1 / np.sum(np.exp(-0.5 * ((x - z) / s) ** 2 + 0.5 * np.min(((x - z) / s) ** 2)) ** 2))),
                      hint="1/Σw² is the ESS only when the weights sum to 1. Normalise first, or use (Σw)²/Σw²."),
              Mistake("unweighted mean", lambda x, s, z: (float(np.mean(z)), model.importance_estimate(x, s, z)[1]),
                      hint="The estimate is the WEIGHTED mean Σ w_i z_i / Σ w_i with w_i ∝ p(x | z_i); the plain mean "
                           "of prior draws estimates the prior mean.")])


# ---------------------------------------------------------------- 4. one Metropolis-Hastings step
def _mh_cases(rng, k=8):
    return [(float(rng.normal(0, 1.5)), float(rng.uniform(-2, 2)), float(rng.uniform(0.5, 2)),
             float(rng.uniform(0.2, 1.5)), float(rng.standard_normal()), float(rng.uniform(0.01, 0.99)),
             float(rng.uniform(0.2, 2))) for _ in range(k)]


def _log_target(v, x, s0, s):
    return -0.5 * (v / s0) ** 2 - 0.5 * ((x - v) / s) ** 2


def _mh_boundary(rng, k=5):
    """u just below and just above the acceptance ratio (0.1 % either side), with σ0, σ, step away from 1:
    any slip in the ratio (a missing σ0, log10, // ...) flips one of the two decisions."""
    cases = []
    while len(cases) < 2 * k:
        z, x = float(rng.normal(0, 1.5)), float(rng.uniform(-2, 2))
        s0, s, e, st = float(rng.uniform(0.5, 2)), float(rng.uniform(0.2, 1.5)), float(rng.standard_normal()), \
            float(rng.uniform(0.2, 2))
        ratio = math.exp(_log_target(z + st * e, x, s0, s) - _log_target(z, x, s0, s))
        if 0.05 < ratio < 0.95:
            cases += [(z, x, s0, s, e, ratio * 0.999, st), (z, x, s0, s, e, ratio * 1.001, st)]
    return cases


mh = Exercise(
    id="ai_mh_step", function="mh_step", reference=model.mh_step,
    title="one Metropolis-Hastings step on a given random stream",
    checks=[Check("the prompt's example: z = 0, x = 1.5, σ0 = 1, σ = 0.5, eps = 0.8, u = 0.3, step = 1",
                  lambda rng: [(0.0, 1.5, 1.0, 0.5, 0.8, 0.3, 1.0)]),
            Check("accepts uphill moves, stays at z when u exceeds the ratio, and weighs in the prior",
                  lambda rng: [(0.5, 1.0, 1.0, 0.5, 0.1, 0.5, 1.0), (2.0, 2.0, 1.0, 0.5, -1.0, 0.99, 1.0),
                               (1.5, 3.0, 1.0, 1.0, 1.0, 0.5, 1.0), (-1.0, 1.0, 2.0, 1.0, 1.5, 0.6, 1.0)]),
            Check("random states, observations, noise levels and streams", _mh_cases, hidden=True),
            Check("u just below and just above the acceptance ratio", _mh_boundary, hidden=True)],
    mistakes=[Mistake("forgot the prior", lambda z, x, s0, s, e, u, st: model.mh_step(z, x, 1e9, s, e, u, st),
                      hint="The target is the posterior, ∝ p(z) p(x|z): include the prior term −z²/(2σ0²) in "
                           "both log densities, not just the likelihood."),
              Mistake("prior without σ0", lambda z, x, s0, s, e, u, st: model.mh_step(z, x, 1.0, s, e, u, st),
                      hint="Your prior term ignores σ0: the log prior is −z²/(2σ0²), not −z²/2 (the two agree "
                           "only when σ0 = 1)."),
              Mistake("always moves", lambda z, x, s0, s, e, u, st: z + st * e,
                      hint="When the proposal is rejected the chain stays where it was: return z, not the "
                           "proposal."),
              Mistake("ratio upside down", lambda z, x, s0, s, e, u, st: (
                  z + st * e if math.log(u) < _log_target(z, x, s0, s) - _log_target(z + st * e, x, s0, s) else z),
                      hint="Accept when u < p(proposal)/p(current): the NEW state's density goes on top, so "
                           "moves toward higher posterior density are always accepted."),
              Mistake("u compared with a log ratio", lambda z, x, s0, s, e, u, st: (
                  z + st * e if u < _log_target(z + st * e, x, s0, s) - _log_target(z, x, s0, s) else z),
                      hint="You compared u with a difference of LOG densities. Compare log(u) with the log "
                           "difference, or u with exp of it.")])


# ---------------------------------------------------------------- 5. amortized recognition model
def _pairs_cases(rng, k=4):
    cases = []
    for _ in range(k):
        s0, s = float(rng.uniform(0.5, 2)), float(rng.uniform(0.2, 2))
        z, x = model.simulate_pairs(int(rng.integers(200, 3000)), s, "gaussian", s0, int(rng.integers(10**6)))
        shift = float(rng.uniform(-3, 3))  # a prior mean away from 0, so the intercept matters
        cases.append((z + shift, x + shift))
    return cases


fit = Exercise(
    id="ai_fit_recognition", function="fit_recognition", reference=model.fit_recognition,
    title="a least-squares amortized recognition model",
    checks=[Check("the 5-pair example of the prompt",
                  lambda rng: [(np.array([-1.0, 0.0, 0.5, 1.0, 2.0]), np.array([-2.0, 0.5, 0.0, 1.5, 3.0]))]),
            Check("20,000 simulated pairs with σ0 = 1, σ = 0.5 (slope near σ0²/(σ0² + σ²) = 0.8)",
                  lambda rng: [model.simulate_pairs(20_000, 0.5, "gaussian", 1.0, seed=7)]),
            Check("simulated pairs with random σ0, σ and a shifted prior mean (intercept ≠ 0)", _pairs_cases,
                  hidden=True),
            Check("two pairs (the line through them) and three pairs",
                  lambda rng: [(np.array([1.0, 3.0]), np.array([2.0, -1.0])),
                               (np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.0, 4.0]))], hidden=True)],
    mistakes=[Mistake("regressed x on z", lambda z, x: (lambda a: (a, float(x.mean() - a * z.mean())))(
                          float(np.cov(z, x)[0, 1] / np.var(z, ddof=1))),
                      hint="The recognition model predicts the cause from the observation: regress z on x "
                           "(slope cov(x, z)/var(x)), not x on z. Regressing x on z recovers the generative "
                           "model's slope, 1."),
              Mistake("no intercept", lambda z, x: (float(x @ z / (x @ x)), 0.0),
                      hint="Fit an intercept too: centre x and z first (or add a column of ones)."),
              Mistake("(b, a) order", lambda z, x: model.fit_recognition(z, x)[::-1],
                      hint="Return (slope, intercept) in that order. np.polyfit(x, z, 1) already returns "
                           "[slope, intercept].")])


# ---------------------------------------------------------------- 6. break-even query count
def _econ_cases(rng, k=6):
    return [(float(10 ** rng.uniform(3, 12)), float(10 ** rng.uniform(-2, 1)), int(10 ** rng.uniform(1, 4)),
             float(10 ** rng.uniform(-1, 0.5)), int(10 ** rng.uniform(0, 6))) for _ in range(k)]


def _unguarded(C, c, n, f, M):
    return C / (M * (n * c - f))


break_even = Exercise(
    id="ai_break_even_queries", function="break_even_queries", reference=model.break_even_queries,
    title="break-even query count with M copies",
    checks=[Check("C = 1e9, c = 1, N = 1000, forward pass 1, one copy: about 1,001,001 queries",
                  lambda rng: [(1e9, 1.0, 1000, 1.0, 1)]),
            Check("M copies share one training cost", lambda rng: [(1e9, 1.0, 1000, 1.0, 1000), (5e6, 0.1, 100, 2.0, 7)]),
            Check("returns math.inf when sampling is no dearer than a forward pass",
                  lambda rng: [(1e6, 1.0, 1, 5.0, 3), (1e6, 0.5, 10, 5.0, 1)]),
            Check("random costs, budgets and copy counts", _econ_cases, hidden=True)],
    mistakes=[Mistake("copies ignored", lambda C, c, n, f, M: model.break_even_queries(C, c, n, f, 1),
                      hint="The M copies share ONE training cost, so each copy needs to answer only "
                           "C / (M · (N·c − f)) queries: divide by M as well."),
              Mistake("multiplied by copies", lambda C, c, n, f, M: model.break_even_queries(C, c, n, f, 1) * M,
                      hint="Copies make amortizing pay off SOONER (they share the training cost): divide by M, "
                           "do not multiply. Multiplying is the case of brains that each train themselves."),
              Mistake("forward pass free", lambda C, c, n, f, M: model.break_even_queries(C, c, n, 0.0, M),
                      hint="Each query still costs one forward pass f, so the saving per query is N·c − f, "
                           "not N·c."),
              Mistake("no never-pays-off case", _unguarded,
                      hint="When N·c ≤ f, sampling is no dearer than the forward pass and amortizing never pays "
                           "off: return math.inf instead of a negative (or infinite) count.")])


grader = Grader("amortized-inference", [gaussian_posterior, rejection, importance, mh, fit, break_even])
