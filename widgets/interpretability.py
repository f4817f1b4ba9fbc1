"""Looking inside: features, steering, monitoring: the models of chapter `interpretability` and its explorables.

Models (pure numpy, parameters in, numbers or arrays out; activations are rows of a matrix X, shape (n, d)):
    planted_concept      seeded toy activations: two classes that differ by `shift` along a hidden unit vector u
    concept_direction    difference of class means, normalised: the "concept direction" d̂
    project_out          ablation: remove the component along a unit direction, x − (x·d̂) d̂
    probe_fit, probe_accuracy   a least-squares linear probe (targets ±1, with a bias) and its accuracy
    steer                x′ = x + α·d̂
    readout_probs        softmax of a tiny linear read-out (the toy's "next word")
    sae_data             sparse planted features in fewer dimensions than features (superposition)
    sae_loss             mean over rows of ‖x − W_dᵀf‖² + λ‖f‖₁ with f = ReLU(W_e x + b)
    sae_train            a sparse autoencoder trained by full-batch Adam, decoder rows renormalised every step
    feature_match        for each planted feature, the best cosine with any learned decoder row
    pressure_history     softmax policy ascent on the exact expected reward payoff − λ·P(flagged)
    pressure_training    its last policy and the monitor's recall among hacks
    monitor_recall       P(flagged | the policy hacks)
    swiss_cheese         independent layers: miss = Π(1 − recall_i), false alarm = 1 − Π(1 − FPR_i)
    all_layers_miss      share of rows in which every layer's score z_i is above its threshold (all miss)
    copula_rates         miss and false-alarm rates of layers with Gaussian-copula correlation ρ (exact, 1-D integral)
    copula_miss_simulated  the same miss rate by seeded simulation
    binom_cdf, binom_cdf_curve, clopper_pearson_upper, launch_decision   one-sided upper bound; ship or delay
Explorables: sae_explorer(), steering_explorer(), cot_pressure(), swiss_cheese_explorer(), launch_gate().
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.evals_goodhart import normal_cdf, normal_quantile  # the normal distribution lives once

DATA = Path(__file__).resolve().parents[1] / "data" / "interpretability"

# ------------------------------------------------------------------ 1. a planted concept direction


def planted_concept(d=64, n=500, shift=3.0, seed=0):
    """Seeded toy activations. One generator (seed): a random unit vector u in d dimensions, then n rows of
    class 0 ~ N(0, I) and n rows of class 1 ~ N(shift·u, I), then a fresh sample of each class drawn the same way.
    Returns dict u (d,), X_neg, X_pos (n, d), fresh_neg, fresh_pos (n, d)."""
    rng = np.random.default_rng(seed)
    u = rng.standard_normal(d)
    u = u / np.linalg.norm(u)
    X_neg = rng.standard_normal((n, d))
    X_pos = rng.standard_normal((n, d)) + shift * u
    fresh_neg = rng.standard_normal((n, d))
    fresh_pos = rng.standard_normal((n, d)) + shift * u
    return {"u": u, "X_neg": X_neg, "X_pos": X_pos, "fresh_neg": fresh_neg, "fresh_pos": fresh_pos}


def concept_direction(X_neg, X_pos):
    """Unit vector along mean(X_pos) − mean(X_neg) (class means over rows; the classes may differ in size)."""
    diff = np.mean(X_pos, axis=0) - np.mean(X_neg, axis=0)
    return diff / np.linalg.norm(diff)


def project_out(X, d):
    """Ablate the direction d (a unit vector): X − (X·d) dᵀ, row by row."""
    X = np.asarray(X, dtype=float)
    return X - np.outer(X @ d, d)


def probe_fit(X, y):
    """Least-squares linear probe: weights w (d + 1,) minimising ‖[X, 1] w − (2y − 1)‖² (labels y in {0, 1})."""
    A = np.c_[X, np.ones(len(X))]
    w, *_ = np.linalg.lstsq(A, 2.0 * np.asarray(y, dtype=float) - 1.0, rcond=None)
    return w


def probe_accuracy(w, X, y):
    """Share of rows whose probe score [x, 1]·w has the sign of its label (score > 0 means class 1)."""
    score = np.c_[X, np.ones(len(X))] @ w
    return float(np.mean((score > 0) == (np.asarray(y) == 1)))


def probe_before_after(data):
    """Accuracy on the fresh sample of a probe trained on the training sample, before and after ablating d̂
    (d̂ estimated from the training sample, projected out of both samples). Returns (before, after, cos(d̂, u))."""
    X = np.r_[data["X_neg"], data["X_pos"]]
    Xf = np.r_[data["fresh_neg"], data["fresh_pos"]]
    y = np.r_[np.zeros(len(data["X_neg"])), np.ones(len(data["X_pos"]))]
    yf = np.r_[np.zeros(len(data["fresh_neg"])), np.ones(len(data["fresh_pos"]))]
    d = concept_direction(data["X_neg"], data["X_pos"])
    before = probe_accuracy(probe_fit(X, y), Xf, yf)
    after = probe_accuracy(probe_fit(project_out(X, d), y), project_out(Xf, d), yf)
    return before, after, float(d @ data["u"])


def steer(X, d, alpha):
    """Add α times the direction d to every row: x′ = x + α·d."""
    return np.asarray(X, dtype=float) + alpha * np.asarray(d, dtype=float)


def readout_probs(X, W_out):
    """Softmax over the rows of W_out of the logits W_out x, for every row x of X: shape (n, k)."""
    z = np.asarray(X, dtype=float) @ np.asarray(W_out, dtype=float).T
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


WORDS = ("bridge", "city", "food", "weather")


def toy_readout(u, seed=1):
    """A tiny read-out over the four WORDS from d-dimensional activations: the 'bridge' row is 1.5·u plus a
    little noise, the others are random rows of norm about 1.5 with their u-component removed (seeded)."""
    rng = np.random.default_rng(seed)
    d = len(u)
    W_out = rng.standard_normal((len(WORDS), d)) * 1.5 / math.sqrt(d)
    W_out[1:] = project_out(W_out[1:], u)
    W_out[0] = 1.5 * u + 0.1 * W_out[0]
    return W_out


# ------------------------------------------------------------------ 2. superposition and a sparse autoencoder


def sae_data(n_features=8, d=6, n=2048, p_active=0.1, seed=0):
    """Superposition toy: n_features random unit directions F (n_features, d) in d < n_features dimensions;
    each row activates each feature independently with probability p_active, with a Uniform(0, 1) strength.
    Returns (X = A F of shape (n, d), F, A of shape (n, n_features))."""
    rng = np.random.default_rng(seed)
    F = rng.standard_normal((n_features, d))
    F = F / np.linalg.norm(F, axis=1, keepdims=True)
    A = (rng.random((n, n_features)) < p_active) * rng.random((n, n_features))
    return A @ F, F, A


def sae_loss(X, W_e, b_e, W_d, lam):
    """Sparse-autoencoder loss, averaged over the rows x of X (n, d):
    f = ReLU(W_e x + b_e) (latents, m of them), x̂ = W_dᵀ f (decoder rows W_d[j] are directions in input space),
    loss = mean over rows of ‖x − x̂‖² + λ·Σ_j |f_j| (f ≥ 0, so ‖f‖₁ = Σ f)."""
    f = np.maximum(X @ W_e.T + b_e, 0.0)
    recon = np.sum((X - f @ W_d) ** 2, axis=1)
    return float(np.mean(recon + lam * np.sum(f, axis=1)))


def sae_train(X, n_latents=16, lam=0.2, steps=1500, lr=0.01, seed=0):
    """Train a sparse autoencoder on X by full-batch Adam (β = 0.9, 0.999) on sae_loss, with tied initialisation
    (W_e = W_d = random unit rows, b = 0). After every step the decoder rows are renormalised to unit length:
    otherwise the L1 penalty is dodged by shrinking f and growing W_d. Returns dict W_e, b_e, W_d, loss, mse, l0
    (mean number of active latents per row)."""
    rng = np.random.default_rng(seed)
    n, d = X.shape
    W_d = rng.standard_normal((n_latents, d))
    W_d /= np.linalg.norm(W_d, axis=1, keepdims=True)
    W_e, b_e = W_d.copy(), np.zeros(n_latents)
    params = [W_e, b_e, W_d]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        pre = X @ W_e.T + b_e
        f = np.maximum(pre, 0.0)
        gR = 2.0 * (f @ W_d - X) / n
        df = (gR @ W_d.T + lam / n) * (pre > 0)
        grads = (df.T @ X, df.sum(axis=0), f.T @ gR)
        for p, g, a, v in zip(params, grads, m1, m2):
            a *= 0.9
            a += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= lr * (a / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        W_d /= np.linalg.norm(W_d, axis=1, keepdims=True)
    f = np.maximum(X @ W_e.T + b_e, 0.0)
    return {"W_e": W_e, "b_e": b_e, "W_d": W_d, "loss": sae_loss(X, W_e, b_e, W_d, lam),
            "mse": float(np.mean(np.sum((f @ W_d - X) ** 2, axis=1))), "l0": float(np.mean((f > 0).sum(axis=1)))}


def feature_match(F, W_d):
    """For each planted feature (row of F, unit), the largest cosine with any decoder row (unit rows)."""
    Wn = W_d / np.linalg.norm(W_d, axis=1, keepdims=True)
    return (F @ Wn.T).max(axis=1)


SAE_LAMBDAS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8)


def precompute_sae_grid(path=DATA / "sae_grid.npz", lambdas=SAE_LAMBDAS, seed=0):
    """Train one SAE per λ on sae_data(seed) and save decoders and metrics (run once; ≈ 0.4 s per λ)."""
    X, F, _ = sae_data(seed=seed)
    out = {"lambdas": np.array(lambdas), "F": F}
    runs = [sae_train(X, lam=lam, seed=seed) for lam in lambdas]
    out["W_d"] = np.array([r["W_d"] for r in runs])
    out["mse"] = np.array([r["mse"] for r in runs])
    out["l0"] = np.array([r["l0"] for r in runs])
    out["variance"] = np.array(float(np.mean(np.sum(X**2, axis=1))))
    np.savez(path, **out)
    return out


@lru_cache(maxsize=1)
def sae_grid():
    """The precomputed grid (data/interpretability/sae_grid.npz), as read-only arrays."""
    with np.load(DATA / "sae_grid.npz") as z:
        return {k: z[k] for k in z.files}


# ------------------------------------------------------------------ 3. pressure on a chain-of-thought monitor

BEHAVIOURS = ("honest", "overt hack", "covert hack")
PAYOFF = (0.6, 1.0, 0.9)  # task reward of each behaviour (hypothetical)
DETECT = (0.0, 0.9, 0.1)  # probability that the monitor flags it (hypothetical)


def monitor_recall(pi, detect):
    """P(flagged | hacking): Σ_{i≥1} π_i d_i / Σ_{i≥1} π_i, behaviour 0 being the honest one."""
    pi, detect = np.asarray(pi, dtype=float), np.asarray(detect, dtype=float)
    return float(np.sum(pi[1:] * detect[1:]) / np.sum(pi[1:]))


def pressure_history(payoff, detect, lam, rate=1.0, steps=500):
    """Softmax policy π = softmax(θ), θ₀ = 0, trained by gradient ascent on the exact expected reward
    J = Σ π_i r_i with r_i = payoff_i − λ·detect_i: θ_i ← θ_i + rate·π_i (r_i − J).
    Returns (steps + 1, k) array of the policy before each step and after the last."""
    r = np.asarray(payoff, dtype=float) - lam * np.asarray(detect, dtype=float)
    theta = np.zeros(len(r))
    hist = np.empty((steps + 1, len(r)))
    for t in range(steps + 1):
        e = np.exp(theta - theta.max())
        pi = e / e.sum()
        hist[t] = pi
        theta = theta + rate * pi * (r - pi @ r)
    return hist


def pressure_training(payoff, detect, lam, rate=1.0, steps=500):
    """The policy after `steps` steps of pressure_history, and the monitor's recall among hacks under it."""
    pi = pressure_history(payoff, detect, lam, rate, steps)[-1]
    return pi, monitor_recall(pi, detect)


# ------------------------------------------------------------------ 4. defence in depth


def swiss_cheese(recalls, fprs):
    """Independent layers: harmful requests missed by every layer Π(1 − recall_i), and benign requests flagged
    by at least one layer 1 − Π(1 − FPR_i). Returns (miss, false_alarm)."""
    return float(np.prod(1 - np.asarray(recalls, dtype=float))), float(1 - np.prod(1 - np.asarray(fprs, dtype=float)))


def all_layers_miss(z, thresholds):
    """z (n, k): each row one harmful request, z_i the latent 'stealth' of it for layer i. Layer i misses when
    z_i > thresholds[i] (threshold Φ⁻¹(recall_i) makes its recall exactly recall_i). Share of rows missed by all."""
    return float(np.mean(np.all(np.asarray(z) > np.asarray(thresholds), axis=1)))


def correlated_normals(n, k, rho, seed=0):
    """n rows of k standard normals with pairwise correlation ρ ≥ 0 (one shared factor): √ρ·c + √(1 − ρ)·e_i."""
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((n, 1))
    return math.sqrt(rho) * c + math.sqrt(1 - rho) * rng.standard_normal((n, k))


def copula_miss_simulated(recalls, rho, n=10**6, seed=0):
    """Miss-by-all rate of layers with these recalls and correlation ρ, by seeded simulation."""
    t = [normal_quantile(r) for r in recalls]
    return all_layers_miss(correlated_normals(n, len(recalls), rho, seed), t)


_C = np.linspace(-8.0, 8.0, 401)  # the shared factor's grid (step 0.04; the sum of a smooth Gaussian integrand
_W_C = np.exp(-0.5 * _C**2) / math.sqrt(2 * math.pi) * 0.04  # on an even grid is accurate to far below 1e-9)


def copula_rates(recalls, fprs, rho):
    """Exact (to ~1e-9) miss and false-alarm rates for layers whose scores share a Gaussian factor (correlation
    ρ in [0, 1)): conditionally on the factor c the layers are independent, so
    P(all miss) = ∫ φ(c) Π_i [1 − Φ((Φ⁻¹(r_i) − √ρ c)/√(1 − ρ))] dc, and on benign traffic (a flag when the score
    exceeds Φ⁻¹(1 − FPR_i)) P(any flag) = 1 − ∫ φ(c) Π_i Φ((Φ⁻¹(1 − FPR_i) − √ρ c)/√(1 − ρ)) dc.
    Returns (miss, false_alarm)."""
    s, q = math.sqrt(rho), math.sqrt(1 - rho)
    miss = np.ones_like(_C)
    for r in recalls:
        miss = miss * (1 - normal_cdf((normal_quantile(r) - s * _C) / q))
    quiet = np.ones_like(_C)
    for f in fprs:
        quiet = quiet * normal_cdf((normal_quantile(1 - f) - s * _C) / q)
    return float(np.sum(miss * _W_C)), float(1 - np.sum(quiet * _W_C))


# ------------------------------------------------------------------ 5. the launch gate


def binom_cdf(k, n, p):
    """P(X ≤ k) for X ~ Binomial(n, p), summed in log space (lgamma), exact to double precision."""
    if p <= 0:
        return 1.0
    if p >= 1:
        return 1.0 if k >= n else 0.0
    lp, lq = math.log(p), math.log1p(-p)
    total = 0.0
    for i in range(int(k) + 1):
        total += math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)
    return min(total, 1.0)


def clopper_pearson_upper(k, n, conf=0.95):
    """One-sided Clopper–Pearson upper bound on a failure rate after k failures in n trials: the p at which
    P(X ≤ k) = 1 − conf, found by bisection (P(X ≤ k) falls as p grows). k = n gives 1."""
    if k >= n:
        return 1.0
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if binom_cdf(k, n, mid) > 1 - conf:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def launch_decision(k, n, threshold=0.01, conf=0.95):
    """'ship' if the upper bound on the failure rate is below the threshold, else 'delay'."""
    return "ship" if clopper_pearson_upper(k, n, conf) < threshold else "delay"


# ================================================================== explorables (live + static twins)


def _heat_title(i, g):
    good = int(np.sum(feature_match(g["F"], g["W_d"][i]) > 0.9))
    return (f"λ = {g['lambdas'][i]:g}: {good} of {len(g['F'])} planted features found (cos > 0.9), "
            f"{g['l0'][i]:.2f} latents on per input, error {100 * g['mse'][i] / g['variance']:.1f} % of variance")


def _sae_figure(height=540):
    g = sae_grid()
    fig = make_subplots(rows=1, cols=2, column_widths=[0.68, 0.32], horizontal_spacing=0.1,
                        subplot_titles=("cos(planted feature, learned decoder row)", "best match per feature"))
    fig.add_trace(go.Heatmap(z=np.zeros((8, 16)), zmin=-1, zmax=1, colorscale=[[0, PALETTE["vermillion"]],
                             [0.5, "#ffffff"], [1, PALETTE["blue"]]], showscale=False, x=list(range(16)),
                             y=[f"feature {i}" for i in range(8)],
                             hovertemplate="feature %{y}, latent %{x}: cos %{z:.2f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(orientation="h", y=[f"feature {i}" for i in range(8)], x=np.zeros(8), showlegend=False,
                         marker_color=PALETTE["blue"], hovertemplate="%{y}: best cos %{x:.3f}<extra></extra>"),
                  row=1, col=2)
    fig.add_trace(go.Scatter(x=[0.9, 0.9], y=["feature 0", "feature 7"], mode="lines", showlegend=False,
                             line=dict(color="#444", dash="dot"), hoverinfo="skip"), row=1, col=2)
    fig.update_layout(**pinned_layout(height, margin=dict(l=90, r=30, t=110, b=60), size=14), showlegend=False,
                      meta={"alt": "Cosine similarity between 8 planted feature directions and the 16 decoder rows of a "
                                   "sparse autoencoder trained at the chosen L1 weight λ, and each planted feature's "
                                   "best match: with λ = 0 the matches are blurred, at moderate λ most features get "
                                   "their own latent, and a large λ kills latents."})
    fig.update_xaxes(title_text="learned latent j", row=1, col=1)
    fig.update_xaxes(title_text="max cos over latents", range=[0, 1.02], row=1, col=2)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_yaxes(autorange="reversed", showticklabels=False, row=1, col=2)
    return fig


def _sae_state(i):
    g = sae_grid()
    C = g["F"] @ g["W_d"][i].T
    return C, C.max(axis=1)


def sae_static():
    """The book's twin: slider over the L1 weight λ (precomputed SAEs)."""
    g, height = sae_grid(), 540
    fig = _sae_figure(height)
    i0 = list(g["lambdas"]).index(0.2)
    C, best = _sae_state(i0)
    fig.data[0].z, fig.data[1].x = np.round(C, 2), round_sig(best, 3)
    idx = list(range(len(g["lambdas"])))
    precomputed_slider_figure(fig, "L1 weight λ", idx, lambda i: {"z": [np.round(_sae_state(i)[0], 2).tolist(), None],
                                                                   "x": [None, round_sig(_sae_state(i)[1], 3)]},
                              [0, 1], active=i0, fmt=lambda i: f"{g['lambdas'][i]:g}",
                              title=lambda i: _heat_title(i, g))
    return fig.update_layout(title=pinned_title(_heat_title(i0, g), height, 14))


def sae_live():
    """The SAE explorer in JupyterLab: the L1 weight λ over the precomputed runs."""
    g, height = sae_grid(), 540
    fw = go.FigureWidget(_sae_figure(height))
    lam = W.SelectionSlider(options=[(f"{v:g}", i) for i, v in enumerate(g["lambdas"])],
                            value=list(g["lambdas"]).index(0.2), description="L1 weight λ",
                            style={"description_width": "120px"}, layout=W.Layout(width="460px"))

    def update(*_):
        C, best = _sae_state(lam.value)
        with fw.batch_update():
            fw.data[0].z = C
            fw.data[1].x = best
            fw.layout.title.text = _heat_title(lam.value, g)

    lam.observe(update, "value")
    update()
    return W.VBox([lam, fw])


def sae_explorer() -> Explorable:
    return Explorable("Superposition and a sparse autoencoder", live=sae_live, static=sae_static)


# ------------------------------------------------------------------ steering


@lru_cache(maxsize=1)
def _steer_setup():
    data = planted_concept()
    d = concept_direction(data["X_neg"], data["X_pos"])
    W_out = toy_readout(data["u"])
    X = np.r_[data["X_neg"], data["X_pos"]]
    y = np.r_[np.zeros(len(data["X_neg"])), np.ones(len(data["X_pos"]))]
    return data, d, W_out, probe_fit(X, y)


ALPHAS = (-6.0, -4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)


def steering_view(alpha, ablate=False):
    """Mean read-out probabilities of the four WORDS over the fresh class-0 inputs ('not about bridges') after
    steering by α·d̂ (and, if ablate, projecting d̂ out afterwards), and the probe's share flagged 'bridge'."""
    data, d, W_out, w = _steer_setup()
    X = steer(data["fresh_neg"], d, alpha)
    if ablate:
        X = project_out(X, d)
    probs = readout_probs(X, W_out).mean(axis=0)
    flagged = probe_accuracy(w, X, np.ones(len(X)))
    return probs, flagged


def _steer_title(alpha, ablate=False):
    p, fl = steering_view(alpha, ablate)
    return (f"α = {alpha:g}{' (d̂ ablated)' if ablate else ''}: P('bridge') = {p[0]:.2f}, "
            f"probe says 'bridge' for {100 * fl:.0f} % of inputs")


def _steer_figure(height=460):
    fig = go.Figure(go.Bar(x=list(WORDS) + ["probe: 'bridge'"], y=np.zeros(5),
                           marker_color=[PALETTE["blue"]] + [PALETTE["sky"]] * 3 + [PALETTE["orange"]],
                           text=[""] * 5, textposition="outside", hovertemplate="%{x}: %{y:.3f}<extra></extra>"))
    fig.update_layout(**pinned_layout(height, margin=dict(l=70, r=30, t=90, b=60), size=14), showlegend=False,
                      meta={"alt": "Average next-word probabilities of a tiny read-out over inputs that are not about "
                                   "bridges, and the share a linear probe labels 'bridge', as the concept direction is "
                                   "added with strength α: positive α makes 'bridge' dominate, negative α suppresses it."})
    fig.update_yaxes(title_text="mean probability / share", range=[0, 1.12])
    return fig


def _steer_bars(alpha, ablate=False):
    p, fl = steering_view(alpha, ablate)
    y = np.r_[p, fl]
    return y, [f"{v:.2f}" for v in y]


def steering_static(alphas=ALPHAS):
    """The book's twin: slider over α."""
    height = 460
    fig = _steer_figure(height)
    y, text = _steer_bars(0.0)
    fig.data[0].y, fig.data[0].text = round_sig(y, 3), text
    precomputed_slider_figure(fig, "steering strength α", alphas,
                              lambda a: {"y": [round_sig(_steer_bars(a)[0], 3)], "text": [_steer_bars(a)[1]]}, [0],
                              active=alphas.index(0.0), title=_steer_title)
    return fig.update_layout(title=pinned_title(_steer_title(0.0), height, 14))


def steering_live():
    """Steering in JupyterLab: α and an ablation switch."""
    height = 460
    fw = go.FigureWidget(_steer_figure(height))
    alpha = W.FloatSlider(0.0, min=-8.0, max=8.0, step=0.25, description="steering strength α", readout_format=".2f",
                          style={"description_width": "140px"}, layout=W.Layout(width="440px"))
    ablate = W.Checkbox(False, description="ablate d̂ after steering")

    def update(*_):
        y, text = _steer_bars(alpha.value, ablate.value)
        with fw.batch_update():
            fw.data[0].y, fw.data[0].text = y, text
            fw.layout.title.text = _steer_title(round(alpha.value, 2), ablate.value)

    for c in (alpha, ablate):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([alpha, ablate]), fw])


def steering_explorer() -> Explorable:
    return Explorable("Steering a tiny read-out", live=steering_live, static=steering_static)


# ------------------------------------------------------------------ CoT pressure

PRESSURE_LAMBDAS = (0.0, 0.1, 0.125, 0.2, 0.5, 1.0, 2.0, 3.0, 3.5, 5.0)
STEPS_SHOWN = np.unique(np.round(np.linspace(0, 500, 126)).astype(int))


def pressure_view(lam, payoff=PAYOFF, detect=DETECT, rate=1.0, steps=500):
    """Behaviour shares and recall among hacks over training at penalty λ, and the 'monitor only' recall (λ = 0)."""
    h = pressure_history(payoff, detect, lam, rate, steps)[STEPS_SHOWN]
    recall = np.sum(h[:, 1:] * np.asarray(detect)[1:], axis=1) / np.sum(h[:, 1:], axis=1)
    h0 = pressure_history(payoff, detect, 0.0, rate, steps)[STEPS_SHOWN]
    recall0 = np.sum(h0[:, 1:] * np.asarray(detect)[1:], axis=1) / np.sum(h0[:, 1:], axis=1)
    return {"shares": h.T, "recall": recall, "recall0": recall0}


def _pressure_title(lam, payoff=PAYOFF, detect=DETECT):
    pi, rec = pressure_training(payoff, detect, lam)
    top = BEHAVIOURS[int(np.argmax(pi))]
    return f"penalty λ = {lam:g}: after 500 steps mostly {top} ({100 * pi.max():.1f} %); monitor recall {rec:.3f}"


def _pressure_figure(height=600):
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=[0.55, 0.45],
                        subplot_titles=("", "monitor recall among hacks"))
    for name, col in zip(BEHAVIOURS, (PALETTE["green"], PALETTE["vermillion"], PALETTE["purple"])):
        fig.add_trace(go.Scatter(x=STEPS_SHOWN, name=name, mode="lines", line=dict(color=col, width=3),
                                 hovertemplate=f"{name}, step %{{x}}: %{{y:.3f}}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=STEPS_SHOWN, name="recall, training against the monitor", mode="lines",
                             line=dict(color=PALETTE["blue"], width=3),
                             hovertemplate="step %{x}: recall %{y:.3f}<extra></extra>"), row=2, col=1)
    fig.add_trace(go.Scatter(x=STEPS_SHOWN, name="recall, monitor only (λ = 0)", mode="lines",
                             line=dict(color="#666", width=2, dash="dash"),
                             hovertemplate="step %{x}: recall %{y:.3f}<extra></extra>"), row=2, col=1)
    fig.update_layout(**pinned_layout(height, margin=dict(l=70, r=30, t=130, b=60), size=14,
                                      legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", xanchor="left")),
                      meta={"alt": "Shares of honest work, overt hacks and covert hacks over 500 steps of policy "
                                   "gradient, and the monitor's recall among hacks: without a penalty the policy "
                                   "hacks overtly and the monitor catches about 90 %; with a penalty it learns to hack "
                                   "covertly and recall falls to about 10 %, unless the penalty exceeds 3."})
    fig.update_yaxes(title_text="behaviour share π", range=[0, 1.02], row=1, col=1)
    fig.update_yaxes(title_text="recall", range=[0, 1.02], row=2, col=1)
    fig.update_xaxes(title_text="training step", row=2, col=1)
    return fig


def _pressure_traces(v):
    return list(v["shares"]) + [v["recall"], v["recall0"]]


def cot_static(lams=PRESSURE_LAMBDAS):
    """The book's twin: slider over the penalty λ."""
    height = 600
    fig = _pressure_figure(height)
    l0 = 1.0
    for tr, y in zip(fig.data, _pressure_traces(pressure_view(l0))):
        tr.y = round_sig(y, 3)
    precomputed_slider_figure(fig, "penalty λ", lams, lambda lam: {"y": [round_sig(y, 3) for y in
                                                                         _pressure_traces(pressure_view(lam))]},
                              [0, 1, 2, 3, 4], active=lams.index(l0), title=_pressure_title)
    return fig.update_layout(title=pinned_title(_pressure_title(l0), height, 14))


def cot_live():
    """The CoT-pressure sandbox in JupyterLab: penalty λ, the covert hack's detection rate and payoff."""
    height = 600
    fw = go.FigureWidget(_pressure_figure(height))
    style = {"description_width": "170px"}
    lam = W.FloatSlider(1.0, min=0.0, max=5.0, step=0.05, description="penalty λ", readout_format=".2f", style=style,
                        layout=W.Layout(width="420px"))
    det = W.FloatSlider(0.1, min=0.0, max=0.9, step=0.05, description="covert detection rate", readout_format=".2f",
                        style=style, layout=W.Layout(width="420px"))
    pay = W.FloatSlider(0.9, min=0.5, max=1.0, step=0.05, description="covert hack payoff", readout_format=".2f",
                        style=style, layout=W.Layout(width="420px"))

    def update(*_):
        payoff, detect = (PAYOFF[0], PAYOFF[1], pay.value), (DETECT[0], DETECT[1], det.value)
        v = pressure_view(lam.value, payoff, detect)
        with fw.batch_update():
            for tr, y in zip(fw.data, _pressure_traces(v)):
                tr.y = y
            fw.layout.title.text = _pressure_title(round(lam.value, 2), payoff, detect)

    for c in (lam, det, pay):
        c.observe(update, "value")
    update()
    return W.VBox([lam, W.HBox([det, pay]), fw])


def cot_pressure() -> Explorable:
    return Explorable("Pressure on a chain-of-thought monitor", live=cot_live, static=cot_static)


# ------------------------------------------------------------------ Swiss cheese

RECALLS = (0.9, 0.8, 0.7)
FPRS = (0.01, 0.02, 0.05)
RHOS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
RHO_CURVE = np.round(np.linspace(0.0, 0.95, 20), 3)


@lru_cache(maxsize=64)
def _swiss_curves(recalls, fprs):
    curves = np.array([copula_rates(recalls, fprs, r) for r in RHO_CURVE])
    curves.flags.writeable = False
    return curves


def swiss_view(rho, recalls=RECALLS, fprs=FPRS):
    """Miss and false-alarm curves over RHO_CURVE (cached per set of layers: moving ρ alone recomputes only the
    point), and the point at ρ (exact, copula_rates)."""
    recalls, fprs = tuple(float(r) for r in recalls), tuple(float(f) for f in fprs)
    curves = _swiss_curves(recalls, fprs)
    point = copula_rates(recalls, fprs, rho)
    return {"miss": curves[:, 0], "fa": curves[:, 1], "point": point, "indep": swiss_cheese(recalls, fprs)}


@lru_cache(maxsize=1)
def _swiss_default():
    return swiss_view(0.0)


def _swiss_title(rho, recalls=RECALLS, fprs=FPRS):
    miss, fa = copula_rates(recalls, fprs, rho)
    ind = swiss_cheese(recalls, fprs)[0]
    return f"ρ = {rho:g}: all three layers miss {100 * miss:.2f} % of attacks ({miss / ind:.1f}× independent); false alarms {100 * fa:.2f} %"


def _swiss_figure(height=520):
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=RHO_CURVE, name="missed by every layer", mode="lines",
                             line=dict(color=PALETTE["vermillion"], width=3),
                             hovertemplate="ρ=%{x}: miss %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=RHO_CURVE, name="benign requests flagged", mode="lines",
                             line=dict(color=PALETTE["blue"], width=3),
                             hovertemplate="ρ=%{x}: false alarms %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(name="at your ρ", mode="markers", marker=dict(size=12, color="#222"),
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[0, 0.95], name="independence Π(1 − recall)", mode="lines",
                             line=dict(color=PALETTE["vermillion"], dash="dot", width=1.5), hoverinfo="skip"))
    fig.update_layout(**pinned_layout(height, margin=dict(l=70, r=30, t=100, b=60), size=14,
                                      legend=dict(x=0.01, y=0.99, xanchor="left", yanchor="top")),
                      meta={"alt": "Three safety layers with recalls 0.9, 0.8, 0.7: the share of attacks that get "
                                   "past all of them rises from 0.6 % when their failures are independent to several "
                                   "percent as the correlation ρ grows, while false alarms on benign traffic fall."})
    fig.update_xaxes(title_text="correlation between the layers' failures ρ", range=[-0.02, 0.97])
    fig.update_yaxes(title_text="rate", range=[0, 0.2])
    return fig


def _swiss_traces(v):
    return [v["miss"], v["fa"], None, [v["indep"][0]] * 2]


def swiss_static(rhos=RHOS):
    """The book's twin: slider over the correlation ρ (the point moves along the precomputed curves)."""
    height = 520
    fig = _swiss_figure(height)
    v = _swiss_default()
    fig.data[0].y, fig.data[1].y, fig.data[3].y = round_sig(v["miss"]), round_sig(v["fa"]), [v["indep"][0]] * 2
    p = copula_rates(RECALLS, FPRS, 0.5)
    fig.data[2].x, fig.data[2].y = [0.5, 0.5], round_sig(p)

    def states(rho):
        pt = copula_rates(RECALLS, FPRS, rho)
        return {"x": [[rho, rho]], "y": [round_sig(pt).tolist()]}

    precomputed_slider_figure(fig, "correlation ρ", rhos, states, [2], active=rhos.index(0.5), title=_swiss_title)
    return fig.update_layout(title=pinned_title(_swiss_title(0.5), height, 14))


def swiss_live():
    """Swiss cheese in JupyterLab: ρ and each layer's recall (the FPRs stay 0.01, 0.02, 0.05)."""
    height = 520
    fw = go.FigureWidget(_swiss_figure(height))
    style = {"description_width": "150px"}
    rho = W.FloatSlider(0.5, min=0.0, max=0.95, step=0.05, description="correlation ρ", readout_format=".2f",
                        style=style, layout=W.Layout(width="420px"))
    recs = [W.FloatSlider(v, min=0.5, max=0.99, step=0.01, description=f"recall of layer {i + 1}",
                          readout_format=".2f", style=style, layout=W.Layout(width="420px"))
            for i, v in enumerate(RECALLS)]

    def update(*_):
        r = tuple(c.value for c in recs)
        v = swiss_view(rho.value, r)
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = v["miss"], v["fa"]
            fw.data[2].x, fw.data[2].y = [rho.value, rho.value], list(v["point"])
            fw.data[3].y = [v["indep"][0]] * 2
            fw.layout.title.text = _swiss_title(round(rho.value, 2), r)

    for c in [rho] + recs:
        c.observe(update, "value")
    update()
    return W.VBox([rho, W.HBox(recs[:2]), recs[2], fw])


def swiss_cheese_explorer() -> Explorable:
    return Explorable("Swiss cheese: correlated layers", live=swiss_live, static=swiss_static)


# ------------------------------------------------------------------ the launch gate as an explorable

GATE_N = (100, 200, 300, 500, 1000, 2000, 3000)
GATE_K = (0, 1, 2)
GATE_P = np.linspace(0.0, 0.03, 121)


def binom_cdf_curve(k, n, ps):
    """P(X ≤ k) for X ~ Binomial(n, p) at every p of the array ps (0 ≤ p < 1), in log space."""
    ps = np.asarray(ps, dtype=float)
    lp = np.log(np.where(ps > 0, ps, 1.0))
    lq = np.log1p(-ps)
    total = np.zeros_like(ps)
    for i in range(int(k) + 1):
        term = np.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)
        total += np.where(ps > 0, term, 1.0 if i == 0 else 0.0)
    return np.minimum(total, 1.0)


def _gate_title(n, ks=GATE_K, threshold=0.01):
    parts = [f"{100 * clopper_pearson_upper(k, n):.2f} % (k = {k}, {launch_decision(k, n, threshold)})" for k in ks]
    return f"n = {n:,}: 95 % bounds " + ", ".join(parts)


def _gate_name(k):
    return f"P(X ≤ {k}): {k} failure{'' if k == 1 else 's'} seen"


def _gate_figure(height=520, threshold=0.01):
    fig = go.Figure()
    cols = (PALETTE["blue"], PALETTE["orange"], PALETTE["vermillion"])
    for k, col in zip(GATE_K, cols):
        fig.add_trace(go.Scatter(x=GATE_P * 100, name=_gate_name(k), mode="lines",
                                 line=dict(color=col, width=3),
                                 hovertemplate=f"p=%{{x:.2f}} %: P(X ≤ {k}) = %{{y:.3f}}<extra></extra>"))
    for k, col in zip(GATE_K, cols):
        fig.add_trace(go.Scatter(mode="markers", marker=dict(size=11, color=col, symbol="diamond"),
                                 showlegend=False, hovertemplate="bound %{x:.3f} %<extra></extra>"))
    fig.add_trace(go.Scatter(x=[0, 3], y=[0.05, 0.05], mode="lines", name="5 % (one-sided 95 %)",
                             line=dict(color="#444", dash="dot", width=1.5), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[100 * threshold] * 2, y=[0, 1], mode="lines", name="gate: ship below 1 %",
                             line=dict(color="#222", dash="dash", width=1.5), hoverinfo="skip"))
    fig.update_layout(**pinned_layout(height, margin=dict(l=70, r=30, t=100, b=60), size=14,
                                      legend=dict(x=0.99, y=0.99, xanchor="right", yanchor="top")),
                      meta={"alt": "For 0, 1 and 2 failures seen in n red-team trials, the probability of seeing that "
                                   "few failures as a function of the true failure rate; each curve crosses 5 % at the "
                                   "one-sided 95 % upper bound (diamonds), and a model ships only if its bound lies "
                                   "left of the 1 % gate."})
    fig.update_xaxes(title_text="true failure rate p (%)", range=[0, 3])
    fig.update_yaxes(title_text="P(k or fewer failures in n trials)", range=[0, 1.02])
    return fig


def _gate_state(n, ks=GATE_K):
    curves = [binom_cdf_curve(k, n, GATE_P) for k in ks]
    bounds = [clopper_pearson_upper(k, n) for k in ks]
    return curves, bounds


def gate_static(ns=GATE_N):
    """The book's twin: slider over the number of red-team trials n (k = 0, 1, 2 shown together)."""
    height = 520
    fig = _gate_figure(height)
    n0 = 500
    curves, bounds = _gate_state(n0)
    for i, (c, b) in enumerate(zip(curves, bounds)):
        fig.data[i].y = round_sig(c, 3)
        fig.data[3 + i].x, fig.data[3 + i].y = [round(100 * b, 4)], [0.05]

    def states(n):
        cs, bs = _gate_state(n)
        return {"y": [round_sig(c, 3) for c in cs] + [[0.05]] * 3,
                "x": [GATE_P * 100] * 3 + [[round(100 * b, 4)] for b in bs]}

    precomputed_slider_figure(fig, "red-team trials n", ns, states, [0, 1, 2, 3, 4, 5], active=ns.index(n0),
                              fmt="{:,}".format, title=_gate_title)
    return fig.update_layout(title=pinned_title(_gate_title(n0), height, 14))


def gate_live():
    """The launch gate in JupyterLab: trials n, and the failures k of the third curve."""
    height = 520
    fw = go.FigureWidget(_gate_figure(height))
    style = {"description_width": "150px"}
    n = W.IntSlider(500, min=10, max=3000, step=10, description="red-team trials n", style=style,
                    layout=W.Layout(width="440px"))
    k = W.IntSlider(2, min=0, max=10, description="failures k (3rd curve)", style=style,
                    layout=W.Layout(width="440px"))

    def update(*_):
        ks = (0, 1, k.value)
        curves, bounds = _gate_state(n.value, ks)
        with fw.batch_update():
            for i, (c, b) in enumerate(zip(curves, bounds)):
                fw.data[i].y = c
                fw.data[3 + i].x, fw.data[3 + i].y = [100 * b], [0.05]
            fw.data[2].name = _gate_name(k.value)
            fw.layout.title.text = _gate_title(n.value, ks)

    for c in (n, k):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([n, k]), fw])


def launch_gate() -> Explorable:
    return Explorable("The launch gate", live=gate_live, static=gate_static)
