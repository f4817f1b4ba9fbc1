"""Sampling versus amortized inference: a 1-D perception problem, solved five ways.

Generative model (all quantities dimensionless; the latent z is "the cause", x "the observation"):

    z ~ prior            Gaussian N(0, sigma0^2), or a bimodal mixture 0.5 N(-sigma0, (sigma0/3)^2) + 0.5 N(+sigma0, ...)
    x | z ~ N(z, sigma^2)

The exact posterior p(z | x) is a Gaussian mixture (closed form), so every estimator can be
scored against the truth. Estimators of the posterior mean E[z | x]:

- rejection sampling: draw z from the prior, keep it with probability exp(-(x - z)^2 / (2 sigma^2));
- self-normalised importance sampling with the prior as proposal (weights = likelihood);
- random-walk Metropolis-Hastings;
- amortized: a recognition model trained ONCE on simulated (z, x) pairs answers every query with one
  forward pass (a least-squares line, or a small numpy MLP).

Compute is counted in *model evaluations per query*: one likelihood evaluation per sample, one
forward pass for an amortized model. Every function here is pure (parameters in, arrays out);
training is memoised on its hashable parameters with functools.lru_cache.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure, round_sig

PRIORS = ("gaussian", "bimodal")
METHODS = ("rejection", "importance", "mcmc", "amortized linear", "amortized MLP")
SAMPLERS = METHODS[:3]
N_GRID = (10, 20, 50, 100, 200, 500, 1000)  # sample budgets shown in the widgets
SIGMAS = (0.1, 0.3, 0.5, 1.0)  # observation-noise settings of the live widget
X_STATIC = (-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0)  # observations of the static twin
Z_GRID = np.linspace(-5.0, 5.0, 201)  # where densities are drawn
ERROR_FLOOR = 1e-4  # errors below this are drawn at the floor (log axes cannot show 0)


# ---------------------------------------------------------------- the generative model
def prior_mixture(prior: str = "gaussian", sigma0: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The prior as a Gaussian mixture: (weights, means, standard deviations), each shape (K,)."""
    if prior == "gaussian":
        return np.array([1.0]), np.array([0.0]), np.array([sigma0])
    if prior == "bimodal":
        return np.array([0.5, 0.5]), np.array([-sigma0, sigma0]), np.array([sigma0, sigma0]) / 3
    raise ValueError(f"prior must be one of {PRIORS}, got {prior!r}")


def log_prior(z, prior: str = "gaussian", sigma0: float = 1.0) -> np.ndarray:
    """log p(z) for an array of latents z."""
    w, m, s = prior_mixture(prior, sigma0)
    z = np.asarray(z, dtype=float)[..., None]
    comp = np.log(w) - 0.5 * ((z - m) / s) ** 2 - np.log(s * math.sqrt(2 * math.pi))
    return np.logaddexp.reduce(comp, axis=-1)


def log_likelihood(x: float, z, sigma: float) -> np.ndarray:
    """log p(x | z) = log N(x; z, sigma^2), elementwise over z."""
    z = np.asarray(z, dtype=float)
    return -0.5 * ((x - z) / sigma) ** 2 - math.log(sigma * math.sqrt(2 * math.pi))


def gaussian_posterior(x: float, sigma0: float, sigma: float) -> tuple[float, float]:
    """Exact posterior of z ~ N(0, sigma0^2), x | z ~ N(z, sigma^2): returns (mean, variance)."""
    shrink = sigma0**2 / (sigma0**2 + sigma**2)  # how much of x to believe
    return shrink * x, shrink * sigma**2


def exact_posterior(x: float, sigma: float, prior: str = "gaussian",
                    sigma0: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """p(z | x) as a Gaussian mixture (weights, means, sds): each prior component updated by Bayes' rule."""
    w, m, s = prior_mixture(prior, sigma0)
    evidence_var = s**2 + sigma**2  # x | component k ~ N(m_k, s_k^2 + sigma^2)
    log_w = np.log(w) - 0.5 * (x - m) ** 2 / evidence_var - 0.5 * np.log(evidence_var)
    post_w = np.exp(log_w - np.logaddexp.reduce(log_w))
    post_m = (s**2 * x + sigma**2 * m) / evidence_var
    post_s = np.sqrt(s**2 * sigma**2 / evidence_var)
    return post_w, post_m, post_s


def posterior_mean(x: float, sigma: float, prior: str = "gaussian", sigma0: float = 1.0) -> float:
    """E[z | x], exactly."""
    w, m, _ = exact_posterior(x, sigma, prior, sigma0)
    return float(w @ m)


def mixture_density(z, weights, means, sds) -> np.ndarray:
    """Density of a Gaussian mixture at points z."""
    z = np.asarray(z, dtype=float)[..., None]
    return (weights * np.exp(-0.5 * ((z - means) / sds) ** 2) / (sds * math.sqrt(2 * math.pi))).sum(-1)


def simulate_pairs(n: int, sigma: float, prior: str = "gaussian", sigma0: float = 1.0,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n simulated (cause, observation) pairs from the generative model: arrays z, x of shape (n,)."""
    rng = np.random.default_rng(seed)
    w, m, s = prior_mixture(prior, sigma0)
    k = rng.choice(len(w), size=n, p=w)
    z = m[k] + s[k] * rng.standard_normal(n)
    x = z + sigma * rng.standard_normal(n)
    return z, x


def sample_prior(n, prior: str = "gaussian", sigma0: float = 1.0, rng=None) -> np.ndarray:
    """Draws from the prior; n may be a shape tuple."""
    rng = np.random.default_rng(0) if rng is None else rng
    w, m, s = prior_mixture(prior, sigma0)
    shape = (n,) if np.isscalar(n) else tuple(n)
    k = rng.choice(len(w), size=shape, p=w)
    return m[k] + s[k] * rng.standard_normal(shape)


# ---------------------------------------------------------------- sampling-based inference
def rejection_estimate(x: float, sigma: float, z: np.ndarray, u: np.ndarray) -> tuple[float, float]:
    """Rejection sampler on a given stream: prior draws z, uniforms u (same shape).

    Keep z_i when u_i < exp(-(x - z_i)^2 / (2 sigma^2)) (the likelihood divided by its maximum).
    Returns (acceptance rate, mean of the accepted z); the mean is nan when nothing is accepted.
    """
    accept = u < np.exp(-0.5 * ((x - z) / sigma) ** 2)
    rate = float(accept.mean())
    mean = float(z[accept].mean()) if accept.any() else float("nan")
    return rate, mean


def importance_estimate(x: float, sigma: float, z: np.ndarray) -> tuple[float, float]:
    """Self-normalised importance sampling with prior draws z: returns (posterior-mean estimate, ESS).

    Weights w_i ∝ p(x | z_i), computed from log-weights minus their maximum so they never all
    underflow; ESS = (Σw)² / Σw², between 1 and len(z).
    """
    log_w = -0.5 * ((x - z) / sigma) ** 2
    w = np.exp(log_w - log_w.max())
    w = w / w.sum()
    return float(w @ z), float(1.0 / (w @ w))


def mh_step(z: float, x: float, sigma0: float, sigma: float, eps: float, u: float, step: float) -> float:
    """One random-walk Metropolis-Hastings step for z ~ N(0, sigma0^2), x | z ~ N(z, sigma^2).

    Propose z' = z + step * eps; accept when u < p(z') p(x|z') / (p(z) p(x|z)); return the new state.
    """
    def log_target(v):
        return -0.5 * (v / sigma0) ** 2 - 0.5 * ((x - v) / sigma) ** 2

    proposal = z + step * eps
    return proposal if math.log(u) < log_target(proposal) - log_target(z) else z


def mh_chains(x, sigma: float, prior: str, sigma0: float, z0, eps, log_u, step: float) -> np.ndarray:
    """Random-walk MH chains on a given stream, one per column: the same rule as mh_step, any prior.

    x and z0 have shape (R,) (one observation and one start per chain; a scalar x is shared),
    eps and log_u shape (T, R). Returns the states after each step, shape (T, R).
    """
    w, m, s = prior_mixture(prior, sigma0)
    x = np.broadcast_to(np.asarray(x, dtype=float), np.shape(z0))
    log_c, inv_s, inv_sigma = np.log(w) - np.log(s), 1.0 / s, 1.0 / sigma

    def log_target(v):  # log p(v) + log p(x | v) + const, for each chain
        lik = -0.5 * ((x - v) * inv_sigma) ** 2
        if len(w) == 1:
            return lik - 0.5 * ((v - m[0]) * inv_s[0]) ** 2
        a = log_c[0] - 0.5 * ((v - m[0]) * inv_s[0]) ** 2
        b = log_c[1] - 0.5 * ((v - m[1]) * inv_s[1]) ** 2
        return lik + np.logaddexp(a, b)

    z = np.asarray(z0, dtype=float).copy()
    lp, steps = log_target(z), step * np.asarray(eps, dtype=float)
    if z.size == 1:  # one chain: plain floats are ~20x faster than numpy calls on length-1 arrays
        return _mh_chain_scalar(float(x.flat[0]), float(z[0]), steps[:, 0].tolist(),
                                np.asarray(log_u, dtype=float)[:, 0].tolist(), sigma, w, m, s)[:, None]
    out = np.empty(steps.shape)
    for t in range(len(steps)):
        prop = z + steps[t]
        lp_prop = log_target(prop)
        accept = log_u[t] < lp_prop - lp
        np.copyto(z, prop, where=accept)
        np.copyto(lp, lp_prop, where=accept)
        out[t] = z
    return out


def _mh_chain_scalar(x, z, steps, log_u, sigma, w, m, s) -> np.ndarray:
    """mh_chains for a single chain, in plain Python floats (same target, same stream, same result)."""
    c0, m0, i0 = math.log(w[0]) - math.log(s[0]), float(m[0]), 1.0 / float(s[0])
    c1, m1, i1 = (math.log(w[1]) - math.log(s[1]), float(m[1]), 1.0 / float(s[1])) if len(w) > 1 else (0, 0, 0)
    two, inv_sigma = len(w) > 1, 1.0 / sigma

    def log_target(v):
        a = c0 - 0.5 * ((v - m0) * i0) ** 2
        if two:
            b = c1 - 0.5 * ((v - m1) * i1) ** 2
            a = a + math.log1p(math.exp(b - a)) if a > b else b + math.log1p(math.exp(a - b))
        return a - 0.5 * ((x - v) * inv_sigma) ** 2

    out, lp = [], log_target(z)
    for e, lu in zip(steps, log_u):
        prop = z + e
        lp_prop = log_target(prop)
        if lu < lp_prop - lp:
            z, lp = prop, lp_prop
        out.append(z)
    return np.array(out)


def mh_step_size(sigma: float, prior: str, sigma0: float = 1.0) -> float:
    """Proposal scale: 2.4 times the posterior sd of a Gaussian with the prior's variance."""
    w, m, s = prior_mixture(prior, sigma0)
    var0 = float(w @ (s**2 + m**2) - (w @ m) ** 2)
    return 2.4 * math.sqrt(var0 * sigma**2 / (var0 + sigma**2))


# ---------------------------------------------------------------- amortized inference
def fit_recognition(z: np.ndarray, x: np.ndarray) -> tuple[float, float]:
    """Least-squares recognition line z ≈ a x + b on simulated pairs: returns (a, b)."""
    xc, zc = x - x.mean(), z - z.mean()
    a = float(xc @ zc / (xc @ xc))
    return a, float(z.mean() - a * x.mean())


@lru_cache(maxsize=64)
def train_linear(sigma: float, prior: str = "gaussian", sigma0: float = 1.0, n_train: int = 2000,
                 seed: int = 0) -> tuple[float, float, float]:
    """Amortized linear model q(z|x) = N(a x + b, s^2) fitted on n_train simulated pairs: (a, b, s)."""
    z, x = simulate_pairs(n_train, sigma, prior, sigma0, seed)
    a, b = fit_recognition(z, x)
    return a, b, float(np.std(z - (a * x + b)))


@lru_cache(maxsize=64)
def train_mlp(sigma: float, prior: str = "gaussian", sigma0: float = 1.0, n_train: int = 1000,
              hidden: int = 8, steps: int = 200, lr: float = 0.08, seed: int = 0) -> tuple:
    """Amortized one-hidden-layer tanh MLP z ≈ f(x), trained by full-batch Adam on squared error.

    Squared error makes f approximate E[z | x]. Deterministic given seed. Returns the read-only
    parameters (W1, b1, W2, b2, x_scale, residual sd) for mlp_forward.
    """
    z, x = simulate_pairs(n_train, sigma, prior, sigma0, seed)
    rng = np.random.default_rng(seed + 1)
    scale = float(x.std())
    xs = x / scale
    params = [rng.standard_normal(hidden) * 1.5, rng.standard_normal(hidden) * 0.5,
              rng.standard_normal(hidden) / math.sqrt(hidden), np.zeros(1)]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    beta1, beta2 = 0.9, 0.999
    for t in range(1, steps + 1):
        W1, b1, W2, b2 = params
        h = np.tanh(np.outer(xs, W1) + b1)  # (n, hidden)
        err = h @ W2 + b2[0] - z  # (n,)
        g_out = 2 * err / len(z)
        g_h = np.outer(g_out, W2) * (1 - h**2)
        grads = [xs @ g_h, g_h.sum(0), h.T @ g_out, np.array([g_out.sum()])]
        for p, g, a, v in zip(params, grads, m1, m2):  # Adam
            a *= beta1; a += (1 - beta1) * g
            v *= beta2; v += (1 - beta2) * g * g
            p -= lr * (a / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + 1e-8)
    W1, b1, W2, b2 = params
    residual = float(np.std(np.tanh(np.outer(xs, W1) + b1) @ W2 + b2[0] - z))
    for p in params:
        p.flags.writeable = False
    return W1, b1, W2, b2, scale, residual


def mlp_forward(params: tuple, x) -> np.ndarray:
    """The trained MLP's posterior-mean guess for observations x (one forward pass each)."""
    W1, b1, W2, b2, scale, _ = params
    xs = np.asarray(x, dtype=float)[..., None] / scale
    return np.tanh(xs * W1 + b1) @ W2 + b2[0]


def amortized_estimate(method: str, x: float, sigma: float, prior: str = "gaussian",
                       sigma0: float = 1.0) -> tuple[float, float]:
    """(posterior mean, posterior sd) guessed by an amortized model in one forward pass."""
    if method == "amortized linear":
        a, b, s = train_linear(sigma, prior, sigma0)
        return a * x + b, s
    params = train_mlp(sigma, prior, sigma0)
    return float(mlp_forward(params, x)), params[5]


# ---------------------------------------------------------------- error versus compute
def sampler_estimates(x, sigma: float, prior: str = "gaussian", sigma0: float = 1.0,
                      n_grid: tuple = N_GRID, seed: int = 0) -> dict:
    """Posterior-mean estimates of the three samplers, one run per observation in x, at every budget.

    x has shape (R,); returns {method: array (R, len(n_grid))}. Budgets share one stream (the
    estimate at n uses the first n draws). A rejection run that accepts nothing returns the prior mean.
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    rng = np.random.default_rng(seed)
    R, n_max, idx = len(x), max(n_grid), np.asarray(n_grid) - 1
    w0, m0, _ = prior_mixture(prior, sigma0)
    prior_mean = float(w0 @ m0)
    z = sample_prior((R, n_max), prior, sigma0, rng)
    u = rng.random((R, n_max))
    log_w = -0.5 * ((x[:, None] - z) / sigma) ** 2
    # rejection: running mean of the accepted draws
    acc = u < np.exp(log_w)
    n_acc = np.cumsum(acc, axis=1)[:, idx]
    s_acc = np.cumsum(np.where(acc, z, 0.0), axis=1)[:, idx]
    rej = np.where(n_acc > 0, s_acc / np.maximum(n_acc, 1), prior_mean)
    # importance: running self-normalised mean (weights relative to the run's largest)
    w = np.exp(log_w - log_w.max(axis=1, keepdims=True))
    imp = np.cumsum(w * z, axis=1)[:, idx] / np.cumsum(w, axis=1)[:, idx]
    # mcmc: running mean of the chain's states, started from a prior draw
    chains = mh_chains(x, sigma, prior, sigma0, sample_prior(R, prior, sigma0, rng),
                       rng.standard_normal((n_max, R)), np.log(rng.random((n_max, R))),
                       mh_step_size(sigma, prior, sigma0))
    mcmc = (np.cumsum(chains, axis=0)[idx] / (idx + 1)[:, None]).T
    return {"rejection": rej, "importance": imp, "mcmc": mcmc}


@lru_cache(maxsize=64)
def error_curves(sigma: float, prior: str = "gaussian", sigma0: float = 1.0, n_grid: tuple = N_GRID,
                 queries: int = 24, seed: int = 0) -> dict:
    """Root-mean-square error of each method's posterior mean, over `queries` observations x drawn
    from the model, at each budget in n_grid. {method: read-only array (len(n_grid),)}; the amortized
    methods' error does not depend on the budget (one forward pass)."""
    _, x = simulate_pairs(queries, sigma, prior, sigma0, seed + 100)
    truth = np.array([posterior_mean(xq, sigma, prior, sigma0) for xq in x])
    out = {k: np.sqrt(np.mean((est - truth[:, None]) ** 2, axis=0))
           for k, est in sampler_estimates(x, sigma, prior, sigma0, n_grid, seed).items()}
    for name in METHODS[3:]:
        guess = np.array([amortized_estimate(name, xq, sigma, prior, sigma0)[0] for xq in x])
        out[name] = np.full(len(n_grid), np.sqrt(np.mean((guess - truth) ** 2)))
    for v in out.values():
        v.flags.writeable = False
    return out


def importance_rmse(x: float, sigma: float, n_grid, repeats: int = 400, prior: str = "gaussian",
                    sigma0: float = 1.0, seed: int = 0) -> np.ndarray:
    """RMS error of self-normalised importance sampling at one observation x, over `repeats` runs."""
    xs = np.full(repeats, float(x))
    rng = np.random.default_rng(seed)
    n_max, idx = max(n_grid), np.asarray(n_grid) - 1
    z = sample_prior((repeats, n_max), prior, sigma0, rng)
    log_w = -0.5 * ((xs[:, None] - z) / sigma) ** 2
    w = np.exp(log_w - log_w.max(axis=1, keepdims=True))
    est = np.cumsum(w * z, axis=1)[:, idx] / np.cumsum(w, axis=1)[:, idx]
    return np.sqrt(np.mean((est - posterior_mean(x, sigma, prior, sigma0)) ** 2, axis=0))


def fit_loglog_slope(n, err) -> float:
    """Slope of log(err) against log(n) by least squares (-0.5 means err ∝ n^(-1/2))."""
    return float(np.polyfit(np.log(n), np.log(err), 1)[0])


def one_run(method: str, x: float, sigma: float, n: int, prior: str = "gaussian", sigma0: float = 1.0,
            seed: int = 1) -> dict:
    """What one query with budget n looks like: the estimator's posterior density on Z_GRID and its mean.

    Sampling methods give a histogram-style density (weighted for importance sampling); amortized
    methods a Gaussian q(z|x). Keys: density (len(Z_GRID),), mean (float), note (str).
    """
    rng = np.random.default_rng(seed)
    edges = np.linspace(Z_GRID[0], Z_GRID[-1], 51)
    centers = 0.5 * (edges[1:] + edges[:-1])
    if method in SAMPLERS:
        if method == "mcmc":
            samples = mh_chains(x, sigma, prior, sigma0, sample_prior(1, prior, sigma0, rng),
                                rng.standard_normal((n, 1)), np.log(rng.random((n, 1))),
                                mh_step_size(sigma, prior, sigma0))[:, 0]
            weights, note = np.ones(n), f"MCMC: {n} steps"
        else:
            z = sample_prior(n, prior, sigma0, rng)
            if method == "rejection":
                u = rng.random(n)
                rate, _ = rejection_estimate(x, sigma, z, u)
                accept = u < np.exp(-0.5 * ((x - z) / sigma) ** 2)
                samples, weights = z[accept], np.ones(int(accept.sum()))
                note = f"rejection: {int(accept.sum())} of {n} accepted ({rate:.1%})"
            else:
                samples = z
                log_w = -0.5 * ((x - z) / sigma) ** 2
                weights = np.exp(log_w - log_w.max())
                _, ess = importance_estimate(x, sigma, z)
                note = f"importance: ESS {ess:.1f} of {n}"
        if weights.sum() > 0:
            hist, _ = np.histogram(samples, bins=edges, weights=weights)
            dens = hist / (weights.sum() * (edges[1] - edges[0]))
            mean = float(weights @ samples / weights.sum())
        else:  # nothing accepted: no estimate beyond the prior
            dens, mean = np.zeros(len(centers)), float(prior_mixture(prior, sigma0)[0] @ prior_mixture(prior, sigma0)[1])
            note += " (no estimate: prior mean shown)"
        return {"z": centers, "density": dens, "mean": mean, "note": note, "kind": "hist"}
    mean, sd = amortized_estimate(method, x, sigma, prior, sigma0)
    dens = mixture_density(Z_GRID, np.array([1.0]), np.array([mean]), np.array([sd]))
    return {"z": Z_GRID, "density": dens, "mean": mean, "note": f"{method}: 1 forward pass", "kind": "curve"}



# ---------------------------------------------------------------- the economics of amortization
def break_even_queries(train_cost: float, sample_cost: float, n_samples: int, forward_cost: float,
                       copies: int = 1) -> float:
    """Queries each copy must answer before training once (and copying M times) beats sampling.

    Per query, sampling costs n_samples * sample_cost and the amortized model forward_cost, so each
    query saves the difference; the one training cost is shared by the copies. Costs in any one
    unit (e.g. FLOP). Returns math.inf when amortizing never pays off.
    """
    saving = n_samples * sample_cost - forward_cost
    return train_cost / (copies * saving) if saving > 0 else math.inf


def cumulative_costs(queries, train_cost: float, sample_cost: float, n_samples: int,
                     forward_cost: float, copies: int = 1) -> dict:
    """Total compute for M copies that each answer q queries (q = the array `queries`).

    sampling: every query is answered by n_samples samples; amortized: trained once, copied M times;
    brains: every copy trains itself (cannot be copied). Same unit as the costs.
    """
    q = np.asarray(queries, dtype=float)
    return {"sampling": copies * q * n_samples * sample_cost,
            "amortized": train_cost + copies * q * forward_cost,
            "trained per copy": copies * (train_cost + q * forward_cost)}


# ---------------------------------------------------------------- widget 1: perception as inference
COLORS = dict(zip(METHODS, [PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["vermillion"],
                            PALETTE["purple"]]))
Z_PLOT = Z_GRID[::2]  # 101 points per drawn density


def perception_state(prior: str, method: str, sigma: float, x: float, n: int) -> dict:
    """Everything the perception figure draws for one setting (arrays rounded for display)."""
    w, m, s = exact_posterior(x, sigma, prior)
    post = mixture_density(Z_PLOT, w, m, s)
    run = one_run(method, x, sigma, n, prior)
    truth = float(w @ m)
    top = 1.1 * max(post.max(), run["density"].max(), 0.5)
    return {"prior": mixture_density(Z_PLOT, *prior_mixture(prior)), "likelihood": np.exp(log_likelihood(x, Z_PLOT, sigma)),
            "posterior": post, "truth": truth, "run": run, "top": top,
            "curves": error_curves(sigma, prior), "error": abs(run["mean"] - truth)}


def _perception_figure(height: int = 820) -> go.Figure:
    """Two stacked panels (they fit the book's narrow column): the posterior, then error vs compute."""
    fig = make_subplots(rows=2, cols=1, row_heights=[0.56, 0.44], vertical_spacing=0.16,
                        subplot_titles=("posterior over the cause z, for one observation x",
                                        "error vs compute (RMS over 24 queries from the model)"))
    fig.update_layout(**layout("", height=height, margin=dict(l=65, r=20, t=90, b=190),
                               legend=dict(orientation="h", y=-0.09, yanchor="top", x=0, font=dict(size=11))))
    fig.update_xaxes(title_text="cause z", range=[-5, 5], row=1, col=1)
    fig.update_yaxes(title_text="density", row=1, col=1)
    fig.update_xaxes(title_text="model evaluations per query (samples, or 1 forward pass)", type="log", dtick=1,
                     row=2, col=1)
    fig.update_yaxes(title_text="RMS error of E[z|x]", type="log", dtick=1, exponentformat="power", row=2, col=1)
    return fig


def _left_traces(fig, method_color=PALETTE["orange"], name="estimate", visible=True):
    fig.add_scatter(x=Z_PLOT, y=Z_PLOT * 0, name=name, line=dict(color=method_color, shape="hvh", width=2),
                    fill="tozeroy", opacity=0.6, row=1, col=1, visible=visible)
    fig.add_scatter(x=[0, 0], y=[0, 1], mode="lines", name=f"{name}: mean", showlegend=False,
                    line=dict(color=method_color, width=3), row=1, col=1, visible=visible)


def perception_live():
    """Controls + one FigureWidget: prior, method, noise σ, observation x, budget N."""
    import ipywidgets as W

    prior = W.Dropdown(options=[("Gaussian prior", "gaussian"), ("bimodal prior", "bimodal")], description="prior")
    method = W.Dropdown(options=list(METHODS), value="importance", description="method")
    sigma = W.SelectionSlider(options=[(f"{v:.2f}", v) for v in SIGMAS], value=0.5, description="noise σ")
    x = W.FloatSlider(value=1.0, min=-4.0, max=4.0, step=0.25, description="observed x", readout_format=".2f")
    n = W.SelectionSlider(options=[(f"{v:,}", v) for v in N_GRID], value=100, description="budget N")
    for p in PRIORS:  # train the amortized models and tabulate the error curves once, up front
        for sg in SIGMAS:
            error_curves(sg, p)
    fig = go.FigureWidget(_perception_figure())
    fig.update_layout(height=760, margin=dict(b=110))
    fig.add_scatter(x=Z_PLOT, name="prior p(z)", line=dict(color="#888888", dash="dash"), row=1, col=1)
    fig.add_scatter(x=Z_PLOT, name="likelihood p(x|z)", line=dict(color=PALETTE["sky"], dash="dot"), row=1, col=1)
    fig.add_scatter(x=Z_PLOT, name="exact posterior", line=dict(color="black", width=2), row=1, col=1)
    fig.add_scatter(x=[0, 0], y=[0, 1], mode="lines", name="exact mean", showlegend=False,
                    line=dict(color="black", dash="dash"), row=1, col=1)
    _left_traces(fig)
    for name in METHODS:
        fig.add_scatter(x=list(N_GRID), name=name, mode="lines+markers", line=dict(color=COLORS[name],
                        dash="dash" if name.startswith("amortized") else "solid"), row=2, col=1)
    fig.add_scatter(x=[100], y=[1], mode="markers", name="this run", marker=dict(size=13, symbol="circle-open",
                    line=dict(width=3), color="black"), row=2, col=1)
    fig.layout.meta = {"alt": "Left: prior, likelihood, exact posterior and one estimate of it; right: "
                              "error of each inference method against the number of samples, log-log."}
    box = W.VBox([W.HBox([prior, method]), W.HBox([sigma, x, n]), fig])

    shown = {}  # what each group of traces currently shows: redraw only what changed

    def changed(group, key):
        if shown.get(group) == key:
            return False
        shown[group] = key
        return True

    def redraw(_=None):
        p, meth, sg, xv, nv = prior.value, method.value, sigma.value, round(x.value, 2), n.value
        st = perception_state(p, meth, sg, xv, nv)
        run, amortized = st["run"], meth.startswith("amortized")
        with fig.batch_update():
            if changed("prior", p):
                fig.data[0].y = st["prior"]
            if changed("likelihood", (xv, sg)):
                fig.data[1].y = st["likelihood"]
            if changed("posterior", (p, xv, sg)):
                fig.data[2].y = st["posterior"]
            fig.data[3].x, fig.data[3].y = [st["truth"]] * 2, [0, st["top"]]
            fig.data[4].x, fig.data[4].y = run["z"], run["density"]
            fig.data[5].x, fig.data[5].y = [run["mean"]] * 2, [0, st["top"]]
            if changed("method", meth):
                fig.data[4].line.shape = "spline" if run["kind"] == "curve" else "hvh"
                fig.data[4].line.color = fig.data[5].line.color = COLORS[meth]
                fig.data[4].name = f"one run: {meth}"
                for k, name in enumerate(METHODS):
                    fig.data[6 + k].line.width = 4 if name == meth else 1.5
            if changed("curves", (p, sg)):
                for k, name in enumerate(METHODS):
                    fig.data[6 + k].y = np.maximum(st["curves"][name], ERROR_FLOOR)
            fig.layout.yaxis.range = [0, st["top"]]
            fig.data[11].x = [1 if amortized else nv]
            fig.data[11].y = [max(st["error"], ERROR_FLOOR)]
            fig.layout.title.text = f"{run['note']} · estimate {run['mean']:.3f}, exact {st['truth']:.3f}"

    for c in (prior, method, sigma, x, n):
        c.observe(redraw, names="value")
    redraw()
    return box


CENTERS = Z_GRID[2::4]  # the 50 histogram-bin centres, -4.9 ... 4.9: the static twin's density grid
GRID = dict(x0=float(CENTERS[0]), dx=float(CENTERS[1] - CENTERS[0]))  # densities carry y only (smaller pages)


def perception_static() -> go.Figure:
    """Static twin: σ = 0.5, N = 100; slider over x, menu over prior × method (precomputed)."""
    sigma, n = 0.5, 100
    fig = _perception_figure()
    combos = [(p, m) for p in PRIORS for m in METHODS]
    for p in PRIORS:  # traces 0-5: prior, exact posterior, exact mean per prior
        vis = p == "gaussian"
        fig.add_scatter(**GRID, y=round_sig(mixture_density(CENTERS, *prior_mixture(p))), name="prior p(z)",
                        line=dict(color="#888888", dash="dash"), row=1, col=1, visible=vis)
        fig.add_scatter(**GRID, name="exact posterior", line=dict(color="black", width=2, shape="spline"),
                        row=1, col=1, visible=vis)
        fig.add_scatter(x=[0, 0], y=[0, 1], mode="lines", name="exact mean", showlegend=False,
                        line=dict(color="black", dash="dash"), row=1, col=1, visible=vis)
    fig.add_scatter(**GRID, name="likelihood p(x|z)", line=dict(color=PALETTE["sky"], dash="dot", shape="spline"),
                    row=1, col=1)
    for p, m in combos:  # traces 7-26: estimate density + mean per (prior, method)
        visible = (p, m) == ("gaussian", "importance")
        fig.add_scatter(**GRID, name=f"one run: {m}", fill="tozeroy", opacity=0.6, row=1, col=1, visible=visible,
                        line=dict(color=COLORS[m], width=2, shape="spline" if m.startswith("amortized") else "hvh"))
        fig.add_scatter(x=[0, 0], y=[0, 1], mode="lines", name=f"{m}: mean", showlegend=False,
                        line=dict(color=COLORS[m], width=3), row=1, col=1, visible=visible)
    for p in PRIORS:  # traces 27-36: error curves per prior
        curves = error_curves(sigma, p)
        for m in METHODS:
            fig.add_scatter(x=list(N_GRID), y=round_sig(np.maximum(curves[m], ERROR_FLOOR)), name=m,
                            mode="lines+markers", visible=p == "gaussian", row=2, col=1,
                            line=dict(color=COLORS[m], dash="dash" if m.startswith("amortized") else "solid"))
    n_traces = len(fig.data)

    def states(xv):  # y of every x-dependent trace; x only for the vertical mean lines (None: keep x0/dx)
        ys, xs = {}, {}
        for k, p in enumerate(PRIORS):
            w, m, s = exact_posterior(xv, sigma, p)
            ys[3 * k + 1], xs[3 * k + 1] = mixture_density(CENTERS, w, m, s), None
            ys[3 * k + 2], xs[3 * k + 2] = [0, 2.2], [round(float(w @ m), 3)] * 2
        ys[6], xs[6] = np.exp(log_likelihood(xv, CENTERS, sigma)), None
        for j, (p, m) in enumerate(combos):
            run = one_run(m, xv, sigma, n, p)
            ys[7 + 2 * j] = run["density"] if run["kind"] == "hist" else run["density"][2::4]
            xs[7 + 2 * j] = None
            ys[8 + 2 * j], xs[8 + 2 * j] = [0, 2.2], [round(run["mean"], 3)] * 2
        idx = sorted(ys)
        return {"x": [xs[i] for i in idx], "y": [ys[i] for i in idx]}

    indices = [1, 2, 4, 5, 6] + list(range(7, 27))  # the traces that depend on x
    active = X_STATIC.index(1.0)
    precomputed_slider_figure(fig, "observed x", X_STATIC, states, indices, active=active, fmt="{:.1f}".format)
    first = states(X_STATIC[active])
    for i, xs, ys in zip(indices, first["x"], first["y"]):
        fig.data[i].y = round_sig(ys)
        if xs is not None:
            fig.data[i].x = xs
    buttons = []
    for p, m in combos:
        vis = [False] * n_traces
        base = 3 * PRIORS.index(p)
        for i in (base, base + 1, base + 2, 6):
            vis[i] = True
        j = combos.index((p, m))
        vis[7 + 2 * j] = vis[8 + 2 * j] = True
        for k in range(5):
            vis[27 + 5 * PRIORS.index(p) + k] = True
        buttons.append(dict(label=f"{p} prior · {m}", method="restyle", args=[{"visible": vis}]))
    fig.update_layout(updatemenus=[dict(buttons=buttons, active=1, x=0.0, y=1.09, xanchor="left",
                                        yanchor="bottom", direction="down")],
                      margin=dict(l=65, r=20, t=130, b=190), height=880)
    fig.layout.sliders[0].y = -0.2
    fig.update_yaxes(range=[0, 2.2], row=1, col=1)
    fig.layout.meta = {"alt": "Prior, likelihood, exact posterior and one estimate (N = 100, σ = 0.5); a slider "
                              "moves the observation x, a menu picks prior and method; right: error vs samples, log-log."}
    fig.layout.title.text = "σ = 0.5, N = 100 samples: pick prior · method, slide x"
    fig.layout.title.y = 0.985
    return fig


def perception_as_inference() -> Explorable:
    return Explorable("Perception as inference", live=perception_live, static=perception_static)


# ---------------------------------------------------------------- widget 2: amortization economics
Q_GRID = np.logspace(0, 9, 37)  # queries per copy (4 per decade)
TRAIN_COSTS = tuple(10.0**k for k in range(3, 13))
SAMPLE_COSTS = (0.01, 0.1, 1.0, 10.0)
SAMPLE_COUNTS = (1, 10, 100, 1000, 10_000)
COPIES = tuple(10**k for k in range(0, 7))


def economics_state(train_cost, sample_cost, n_samples, copies, forward_cost=1.0) -> dict:
    """Cumulative cost curves over Q_GRID and the two break-even points (per copy)."""
    costs = cumulative_costs(Q_GRID, train_cost, sample_cost, n_samples, forward_cost, copies)
    shared = break_even_queries(train_cost, sample_cost, n_samples, forward_cost, copies)
    alone = break_even_queries(train_cost, sample_cost, n_samples, forward_cost, 1)
    return {"costs": costs, "shared": shared, "alone": alone,
            "at": lambda q: cumulative_costs([q], train_cost, sample_cost, n_samples, forward_cost, copies)["amortized"][0]}


def _fmt_q(q) -> str:
    return "never" if not math.isfinite(q) else (f"{q:,.0f}" if q >= 10 else f"{q:.2g}")


def _economics_title(st, copies) -> str:
    who = "1 copy" if copies == 1 else f"{copies:,} copies share one training"
    return (f"break-even per copy: {_fmt_q(st['shared'])} queries ({who})"
            f"<br>{_fmt_q(st['alone'])} queries if every copy trains itself")


def _economics_figure() -> go.Figure:
    fig = go.Figure(layout=layout("", height=500, margin=dict(l=70, r=20, t=80, b=150),
                                  legend=dict(orientation="h", y=-0.2, yanchor="top", x=0)))
    fig.update_xaxes(title_text="queries answered per copy", type="log")
    fig.update_yaxes(title_text="total compute (unit: one forward pass)", type="log")
    fig.add_scatter(x=Q_GRID, name="sample at test time", line=dict(color=PALETTE["blue"], width=2))
    fig.add_scatter(x=Q_GRID, name="amortize: train once, copy", line=dict(color=PALETTE["orange"], width=3))
    fig.add_scatter(x=Q_GRID, name="amortize: every copy trains (brains)",
                    line=dict(color=PALETTE["green"], dash="dash"))
    fig.add_scatter(x=[1], y=[1], mode="markers", name="break-even", marker=dict(size=12, color="black", symbol="x"))
    fig.layout.meta = {"alt": "Total compute against queries per copy, log-log: sampling grows linearly, "
                              "amortization starts at the training cost; the crossing is the break-even point."}
    return fig


def _economics_points(st):
    pts = [(q, st["at"](q)) for q in (st["shared"],) if math.isfinite(q) and Q_GRID[0] <= q <= Q_GRID[-1]]
    return [p[0] for p in pts], [p[1] for p in pts]


def economics_live():
    """Controls + one FigureWidget: training cost, per-sample cost, samples per query, copies."""
    import ipywidgets as W

    def sel(label, options, value, fmt):
        return W.SelectionSlider(options=[(fmt(v), v) for v in options], value=value, description=label,
                                 style={"description_width": "initial"})

    train = sel("training cost C", TRAIN_COSTS, 1e9, "{:.0e}".format)
    c_s = sel("cost per sample c", SAMPLE_COSTS, 1.0, "{:g}".format)
    n_s = sel("samples per query N", SAMPLE_COUNTS, 1000, "{:,}".format)
    m = sel("copies M", COPIES, 1, "{:,}".format)
    fig = go.FigureWidget(_economics_figure())
    box = W.VBox([W.HBox([train, c_s]), W.HBox([n_s, m]), fig])

    def redraw(_=None):
        st = economics_state(train.value, c_s.value, n_s.value, m.value)
        with fig.batch_update():
            for k, key in enumerate(("sampling", "amortized", "trained per copy")):
                fig.data[k].y = st["costs"][key]
            fig.data[3].x, fig.data[3].y = _economics_points(st)
            fig.layout.title.text = _economics_title(st, m.value)

    for c in (train, c_s, n_s, m):
        c.observe(redraw, names="value")
    redraw()
    return box


def economics_static() -> go.Figure:
    """Static twin: C = 1e9, c = 1, N = 1000 fixed; slider over the number of copies M."""
    fig = _economics_figure()

    def states(M):
        st = economics_state(1e9, 1.0, 1000, M)
        px, py = _economics_points(st)
        return {"y": [st["costs"]["sampling"], st["costs"]["amortized"], st["costs"]["trained per copy"], np.array(py)],
                "x": [Q_GRID, Q_GRID, Q_GRID, np.array(px)]}

    precomputed_slider_figure(fig, "copies M", COPIES, states, [0, 1, 2, 3], active=0, fmt="{:,}".format,
                              title=lambda M: _economics_title(economics_state(1e9, 1.0, 1000, M), M))
    st = economics_state(1e9, 1.0, 1000, 1)
    for k, key in enumerate(("sampling", "amortized", "trained per copy")):
        fig.data[k].y = round_sig(st["costs"][key])
    fig.data[3].x, fig.data[3].y = _economics_points(st)
    fig.layout.title.text = _economics_title(st, 1)
    fig.update_layout(height=620, margin=dict(l=70, r=20, t=80, b=230))
    fig.layout.sliders[0].y = -0.42
    return fig


def amortization_economics() -> Explorable:
    return Explorable("Amortization economics", live=economics_live, static=economics_static)
