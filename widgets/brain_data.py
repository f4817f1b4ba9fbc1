"""Borrowing the brain's representations: the models of chapter `brain-data` and its three explorables.

Models (pure numpy, parameters in, arrays out):
    bits_per_example       bits in a K-way label vs a noisy neural vector (Gaussian channel per recording channel)
    distill_kl             distillation loss KL(p_T‖p_S) at temperature τ, and τ²·KL (cognitive_core.distill)
    rdm, ranks, spearman, rsa   representational dissimilarity matrices and their Spearman comparison
    noise_ceiling          split-half reliability of a measured RDM (Spearman–Brown corrected)
    ridge_predictivity     held-out R² of a ridge map from model features to each recorded channel
    aux_loss_grad          cross-entropy + λ·‖g(h) − b‖² for a linear encoder with two linear heads, and its gradients
    brain_world, train_brain_augmented, classifier_scores   the brain-augmented classifier experiment
    gabor, grating, orientation_tuning                      a fixed V1-like front end (VOneNet's building block)
    layer_features, layer_rsa                               which layer of a random-feature net looks like the "brain"
Explorables: brain_augmented_classifier(), bits_per_label(), which_layer().
Units: bits (log base 2) for information, nats (natural log) for the distillation KL, radians for angles,
pixels for lengths.
"""
from __future__ import annotations

import math
from functools import lru_cache

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets import cognitive_core as cc  # distillation lives in chapter `cognitive-core`
from widgets.transformers import softmax  # one softmax for the course (chapter `transformers`)

# ------------------------------------------------------------------ bits per example


def bits_per_example(K, snr):
    """Information one training example can carry, in bits.

    label: a label drawn uniformly from K classes carries log2 K bits (Shannon).
    neural: a vector of independent Gaussian channels, channel d with signal-to-noise ratio snr[d]
    (signal variance / noise variance), carries at most Σ_d ½·log2(1 + snr[d]) bits (Shannon's Gaussian
    channel capacity per real-valued sample). snr: a 1-D array (one entry per recorded channel).
    Returns (label_bits, neural_bits) as floats.
    """
    snr = np.asarray(snr, dtype=float)
    return float(math.log2(K)), float(0.5 * np.sum(np.log2(1.0 + snr)))


# ------------------------------------------------------------------ distillation


def distill_kl(teacher_logits, student_logits, tau):
    """Distillation loss at temperature τ (Hinton, Vinyals & Dean 2015), from chapter `cognitive-core`'s model.

    p_T = softmax(teacher/τ), p_S = softmax(student/τ); KL(p_T‖p_S) = Σ p_T (ln p_T − ln p_S) in nats.
    Returns (kl, tau**2 * kl): the τ² factor keeps the soft-target gradients on the scale of a τ = 1 loss.
    """
    terms = cc.distill(teacher_logits, student_logits, tau, 1.0, 0)  # α = 1: the soft term only
    return terms["kl"], terms["t2kl"]


# ------------------------------------------------------------------ comparing representations


def rdm(R):
    """Representational dissimilarity matrix: 1 − Pearson correlation between the rows of R
    (one row per stimulus / condition, one column per channel or unit). Shape (n, n), zero diagonal."""
    R = np.asarray(R, dtype=float)
    Z = R - R.mean(axis=1, keepdims=True)
    Z = Z / np.sqrt(np.sum(Z * Z, axis=1, keepdims=True))
    D = 1.0 - Z @ Z.T
    np.fill_diagonal(D, 0.0)
    return D


def ranks(x):
    """Ranks 1..n of the entries of a 1-D array; tied entries share the mean of their ranks."""
    x = np.asarray(x, dtype=float)
    order = np.argsort(x, kind="stable")
    xs = x[order]
    new = np.concatenate(([True], xs[1:] != xs[:-1]))  # True where a run of equal values starts
    first = np.flatnonzero(new)  # 0-based start of each run
    count = np.diff(np.append(first, len(x)))
    r = np.empty(len(x))
    r[order] = np.repeat(first + (count + 1) / 2.0, count)  # mean of the ranks first+1 .. first+count
    return r


def spearman(a, b):
    """Spearman's rank correlation: the Pearson correlation of the (tie-averaged) ranks."""
    ra, rb = ranks(a), ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    return float(ra @ rb / math.sqrt((ra @ ra) * (rb @ rb)))


def rsa(R, M):
    """Representational similarity analysis of a brain response matrix R and a model's M (same stimuli, rows).

    Returns (rdm(R), rdm(M), ρ) with ρ the Spearman correlation of the two RDMs' upper triangles
    (each pair of stimuli once; the diagonal, 0 by construction, left out). The triangles are rounded to
    12 decimals before ranking, so dissimilarities that differ only by floating-point noise count as tied."""
    dR, dM = rdm(R), rdm(M)
    iu = np.triu_indices(len(dR), 1)
    return dR, dM, spearman(np.round(dR[iu], 12), np.round(dM[iu], 12))


def noise_ceiling(rep1, rep2):
    """How well any model could match a brain RDM measured with noise: the Spearman correlation between
    the RDMs of two independent repeats (split halves), stepped up to the full data by Spearman–Brown,
    r = 2ρ/(1 + ρ), the reliability of the RDM of the averaged data. A perfect model correlates with that
    measured RDM at most √r (0 when the halves do not agree at all, ρ ≤ 0).
    rep1, rep2: (stimuli, channels) responses of the two halves."""
    _, _, rho = rsa(rep1, rep2)
    return math.sqrt(2 * rho / (1 + rho)) if rho > 0 else 0.0


def ridge_predictivity(X_train, Y_train, X_test, Y_test, alpha):
    """Linear predictivity: fit Y ≈ (X − x̄)W + ȳ by ridge regression on the training stimuli
    (W = (XcᵀXc + αI)⁻¹ XcᵀYc, with X and Y centred by their TRAINING means), predict the test stimuli,
    and return the held-out R² of each channel, 1 − Σ(y − ŷ)² / Σ(y − mean of test y)²  (shape (channels,))."""
    X_train, Y_train = np.asarray(X_train, dtype=float), np.asarray(Y_train, dtype=float)
    X_test, Y_test = np.asarray(X_test, dtype=float), np.asarray(Y_test, dtype=float)
    xm, ym = X_train.mean(axis=0), Y_train.mean(axis=0)
    Xc = X_train - xm
    Wr = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(Xc.shape[1]), Xc.T @ (Y_train - ym))
    pred = (X_test - xm) @ Wr + ym
    sse = np.sum((Y_test - pred) ** 2, axis=0)
    sst = np.sum((Y_test - Y_test.mean(axis=0)) ** 2, axis=0)
    return 1.0 - sse / sst


# ------------------------------------------------------------------ the auxiliary loss


def aux_loss_grad(E, C, G, X, y, B, lam):
    """The brain-augmented objective for a linear encoder h = X E with a label head and a brain head.

    logits Z = h C, class probabilities P = softmax(Z); brain prediction g(h) = h G.
    L = (1/n) Σ_i −ln P[i, y_i]  +  λ · (1/n) Σ_i ‖h_i G − b_i‖²   (squared error summed over the m channels).
    X (n, D) inputs, y (n,) integer labels, B (n, m) recorded brain vectors; E (D, r), C (r, K), G (r, m).
    Returns (L, dL/dE, dL/dC, dL/dG).
    """
    X, B = np.asarray(X, dtype=float), np.asarray(B, dtype=float)
    y = np.asarray(y)
    n = len(y)
    h = X @ E
    P = softmax(h @ C)
    rows = np.arange(n)
    resid = h @ G - B
    L = -np.mean(np.log(P[rows, y])) + lam * np.sum(resid ** 2) / n
    dZ = P.copy()
    dZ[rows, y] -= 1.0
    dZ /= n
    dPb = 2.0 * lam * resid / n
    dh = dZ @ C.T + dPb @ G.T
    return float(L), X.T @ dh, h.T @ dZ, h.T @ dPb


WORLD = dict(K=6, k=2, D=20, m=30, r=4)  # classes, latent dims, input dims, brain channels, encoder width


def world_matrices(world_seed=0):
    """The fixed parts of the synthetic world: P (D × 2) maps an input to its meaning z = x P, and the brain's
    tuning Bm (2 × m) maps the meaning to the noise-free brain vector z Bm."""
    rng = np.random.default_rng([world_seed, 7])
    P = rng.normal(0, 1, (WORLD["D"], WORLD["k"])) / math.sqrt(WORLD["D"])
    Bm = rng.normal(0, 1, (WORLD["k"], WORLD["m"])) / math.sqrt(WORLD["k"])
    return P, Bm


def gaussian_bits(signal_cov, noise_var):
    """Bits a noisy Gaussian vector b = s + noise carries about its signal s: ½·log2 det(I + Σ_s / σ²)
    (Σ_s the signal covariance, independent noise of variance σ² per channel). Equals bits_per_example's
    neural bits when the channels are independent (Σ_s diagonal); smaller when they are redundant."""
    ev = np.linalg.eigvalsh(np.asarray(signal_cov, dtype=float) / noise_var)
    return float(0.5 * np.sum(np.log2(1.0 + np.clip(ev, 0.0, None))))


def brain_world(n, neural_noise=0.5, seed=0, world_seed=0, input_noise=0.0):
    """A synthetic world where a 2-D latent "meaning" z drives both the label and a brain vector.

    Fixed by world_seed: the projection P (D × 2) from inputs to meaning, and the brain's tuning
    Bm (2 × m). Per example (seed): x ~ N(0, I_D); z = x P; the label is the sector of the circle z falls
    in (K equal sectors: neighbouring classes are similar); the brain vector b = z Bm + neural_noise · ξ.
    input_noise adds N(0, input_noise²) to x AFTER the label and brain vector were made (a corrupted view
    of the same stimulus). Returns dict X (n, D), y (n,), B (n, m), z (n, 2)."""
    K, D, m = WORLD["K"], WORLD["D"], WORLD["m"]
    P, Bm = world_matrices(world_seed)
    r = np.random.default_rng([world_seed, seed])
    X = r.normal(0, 1, (int(n), D))
    z = X @ P
    y = np.floor((np.arctan2(z[:, 1], z[:, 0]) % (2 * np.pi)) / (2 * np.pi / K)).astype(int) % K
    B = z @ Bm + neural_noise * r.normal(0, 1, (int(n), m))
    if input_noise:
        X = X + input_noise * r.normal(0, 1, X.shape)
    return {"X": X, "y": y, "B": B, "z": z}


def train_brain_augmented(X, y, B, lam, steps=100, lr=0.08, weight_decay=1e-3, seed=0):
    """Minimise aux_loss_grad's L (+ weight_decay/2 · ‖params‖²) with full-batch Adam from a seeded small
    random start. Returns the trained (E, C, G)."""
    rng = np.random.default_rng(seed)
    D, m, r, K = X.shape[1], B.shape[1], WORLD["r"], WORLD["K"]
    params = [rng.normal(0, 0.1, (D, r)), rng.normal(0, 0.1, (r, K)), rng.normal(0, 0.1, (r, m))]
    mom = [np.zeros_like(p) for p in params]
    var = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        _, *grads = aux_loss_grad(*params, X, y, B, lam)
        c1, c2 = 1 - 0.9 ** t, 1 - 0.999 ** t
        for p, g, mo, v in zip(params, grads, mom, var):
            g = g + weight_decay * p
            mo *= 0.9
            mo += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= lr * (mo / c1) / (np.sqrt(v / c2) + 1e-8)
    return tuple(params)


N_TEST, N_PROBE = 1500, 24
INPUT_NOISE = (0.0, 0.5, 1.0, 1.5, 2.0)  # std of the noise added to test inputs (input std is 1)


@lru_cache(maxsize=8)
def _test_sets(world_seed=0):
    """A clean test set, one noisy copy per input-noise level, and the probe stimuli for RSA (fixed seeds)."""
    clean = brain_world(N_TEST, 0.0, seed=10_000, world_seed=world_seed)
    noisy = [brain_world(N_TEST, 0.0, seed=10_000, world_seed=world_seed, input_noise=s)["X"] for s in INPUT_NOISE]
    probe = brain_world(N_PROBE, 0.0, seed=20_000, world_seed=world_seed)
    return clean, noisy, probe


def classifier_scores(n_labels, lam, neural_noise=0.5, seed=0, world_seed=0):
    """Train on n_labels examples (each with its brain recording) and score the model.

    Returns dict: acc (clean test accuracy), acc_noise (accuracy at each INPUT_NOISE level, the first is
    acc), rsa (Spearman ρ between the RDM of the encoder's h and the noise-free brain RDM on N_PROBE probe
    stimuli)."""
    train = brain_world(n_labels, neural_noise, seed=seed, world_seed=world_seed)
    E, C, _ = train_brain_augmented(train["X"], train["y"], train["B"], lam, seed=seed)
    clean, noisy, probe = _test_sets(world_seed)
    acc_noise = np.array([np.mean(np.argmax(Xn @ E @ C, axis=1) == clean["y"]) for Xn in noisy])
    _, _, rho = rsa(probe["B"], probe["X"] @ E)
    return {"acc": float(acc_noise[0]), "acc_noise": acc_noise, "rsa": rho}


# ------------------------------------------------------------------ a fixed V1-like front end


def gabor(size, sigma, theta, wavelength, psi=0.0, gamma=0.5):
    """A Gabor kernel, size × size pixels, centred between the middle pixels when size is even.

    Pixel (row i, column j) sits at x = j − (size − 1)/2, y = i − (size − 1)/2. Rotated coordinates
    x' = x cos θ + y sin θ, y' = −x sin θ + y cos θ;
    g = exp(−(x'² + γ² y'²) / (2σ²)) · cos(2π x'/λ + ψ), with λ = wavelength (pixels per cycle).
    The stripes run perpendicular to the x' axis: the kernel prefers gratings whose luminance changes
    along the direction θ."""
    c = np.arange(size) - (size - 1) / 2.0
    x, y = np.meshgrid(c, c)  # x varies along columns, y along rows
    xr = x * np.cos(theta) + y * np.sin(theta)
    yr = -x * np.sin(theta) + y * np.cos(theta)
    return np.exp(-(xr ** 2 + gamma ** 2 * yr ** 2) / (2 * sigma ** 2)) * np.cos(2 * np.pi * xr / wavelength + psi)


def grating(size, theta, wavelength, phase=0.0):
    """A full-contrast sinusoidal grating cos(2π x'/λ + phase), x' along θ (the same pixel grid as gabor)."""
    c = np.arange(size) - (size - 1) / 2.0
    x, y = np.meshgrid(c, c)
    return np.cos(2 * np.pi * (x * np.cos(theta) + y * np.sin(theta)) / wavelength + phase)


def orientation_tuning(kernel, thetas, wavelength, n_phases=8):
    """The response of a filter to gratings at each orientation in thetas: the largest |⟨kernel, grating⟩|
    over n_phases equally spaced grating phases (so the answer does not depend on where the stripes fall)."""
    size = kernel.shape[0]
    phases = np.arange(n_phases) * 2 * np.pi / n_phases
    return np.array([max(abs(float(np.sum(kernel * grating(size, t, wavelength, ph)))) for ph in phases)
                     for t in thetas])


def gabor_figure(size=21, sigma=4.0, wavelength=8.0, thetas_deg=(0, 30, 90, 135), shown_deg=30):
    """A Gabor kernel as a heatmap, and the orientation tuning of kernels at several angles (12 gratings,
    15° apart). Returns (figure, list of (filter angle, angle of the strongest response) in degrees)."""
    angles = np.arange(12) * np.pi / 12
    fig = make_subplots(rows=1, cols=2, column_widths=[0.42, 0.58], horizontal_spacing=0.12,
                        subplot_titles=(f"Gabor kernel, θ = {shown_deg}°", "orientation tuning"))
    fig.add_trace(go.Heatmap(z=round_sig(gabor(size, sigma, np.radians(shown_deg), wavelength)), colorscale="RdBu",
                             zmid=0, showscale=False, hovertemplate="row %{y}, column %{x}: %{z:.3f}<extra></extra>"),
                  row=1, col=1)
    peaks = []
    colours = (PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["vermillion"], PALETTE["purple"])
    for deg, colour in zip(thetas_deg, colours):
        tuning = orientation_tuning(gabor(size, sigma, np.radians(deg), wavelength), angles, wavelength)
        peaks.append((deg, float(np.degrees(angles[np.argmax(tuning)]))))
        fig.add_trace(go.Scatter(x=np.degrees(angles), y=round_sig(tuning / tuning.max()), mode="lines+markers",
                                 name=f"filter θ = {deg}°", line=dict(color=colour)), row=1, col=2)
    fig.update_xaxes(showticklabels=False, showgrid=False, row=1, col=1)
    fig.update_yaxes(showticklabels=False, showgrid=False, autorange="reversed", scaleanchor="x", row=1, col=1)
    fig.update_xaxes(title_text="grating orientation (degrees)", dtick=30, row=1, col=2)
    fig.update_yaxes(title_text="response / peak", range=[0, 1.05], row=1, col=2)
    fig.update_layout(**pinned_layout(height=400, title="A fixed V1-like front end", margin=dict(l=40, r=20, t=90, b=60),
                                      legend=dict(orientation="h", x=1.0, xanchor="right", y=1.12, yanchor="bottom",
                                                  font=dict(size=11))),
                      meta={"alt": "A Gabor kernel at 30 degrees as a heatmap, and the orientation tuning curves of "
                                   "four kernels, each peaking at its own angle."})
    return fig, peaks


# ------------------------------------------------------------------ which layer looks like the brain?

LAYERS = dict(n_layers=5, width=100, n_cats=4, per_cat=6, D=30, brain_layer=3, channels=100)


def layer_features(seed=0):
    """Stimuli (n_cats categories × per_cat exemplars: a category prototype plus exemplar variation) passed
    through a random-feature ReLU network; returns the list [input, layer 1, ..., layer n_layers], each
    (stimuli, units). The weights are random and never trained."""
    L = LAYERS
    rng = np.random.default_rng([seed, 3])
    protos = rng.normal(0, 1, (L["n_cats"], L["D"]))
    stim = np.repeat(protos, L["per_cat"], axis=0) + 0.9 * rng.normal(0, 1, (L["n_cats"] * L["per_cat"], L["D"]))
    feats, h = [stim], stim
    for _ in range(L["n_layers"]):
        Wl = rng.normal(0, 1, (h.shape[1], L["width"])) * math.sqrt(2.0 / h.shape[1])
        h = np.maximum(h @ Wl, 0.0)
        feats.append(h)
    return feats


@lru_cache(maxsize=64)
def layer_rsa(noise, seed=0):
    """The synthetic experiment: a "brain" area whose responses are a random linear readout of layer
    LAYERS['brain_layer'], recorded twice with independent noise of std `noise` (relative to the signal's std).

    Returns dict: rho (one Spearman ρ per layer, model RDM vs the RDM of the mean of the two repeats),
    ceiling (noise_ceiling of the repeats), brain_rdm, model_rdms (list)."""
    feats = layer_features(seed)
    rng = np.random.default_rng([seed, 5])
    src = feats[LAYERS["brain_layer"]]
    signal = src @ rng.normal(0, 1, (src.shape[1], LAYERS["channels"]))
    signal = signal / signal.std()
    rep1 = signal + noise * rng.normal(0, 1, signal.shape)
    rep2 = signal + noise * rng.normal(0, 1, signal.shape)
    brain = (rep1 + rep2) / 2
    out = [rsa(brain, f) for f in feats]
    return {"rho": np.array([o[2] for o in out]), "ceiling": noise_ceiling(rep1, rep2), "brain_rdm": out[0][0],
            "model_rdms": [o[1] for o in out]}


# ================================================================== explorables

_STYLE = {"description_width": "170px"}
LAMBDAS = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
N_LABELS = (10, 20, 40, 80, 160)
NEURAL_NOISE = (0.25, 0.5, 1.0, 2.0)
SEEDS = (0, 1, 2)


@lru_cache(maxsize=8)
def classifier_grid(neural_noise=0.5, lambdas=LAMBDAS, n_labels=N_LABELS, seeds=SEEDS):
    """classifier_scores over every (λ, n) of the grid, averaged over the training seeds.
    Returns dict of arrays: acc (λ, n), rsa (λ, n), acc_noise (λ, n, len(INPUT_NOISE))."""
    acc = np.zeros((len(lambdas), len(n_labels)))
    rho = np.zeros_like(acc)
    accn = np.zeros(acc.shape + (len(INPUT_NOISE),))
    for i, lam in enumerate(lambdas):
        for j, n in enumerate(n_labels):
            runs = [classifier_scores(n, lam, neural_noise, seed=s) for s in seeds]
            acc[i, j] = np.mean([r["acc"] for r in runs])
            rho[i, j] = np.mean([r["rsa"] for r in runs])
            accn[i, j] = np.mean([r["acc_noise"] for r in runs], axis=0)
    return {"acc": acc, "rsa": rho, "acc_noise": accn}


def _classifier_figure():
    fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.09,
                        subplot_titles=("test accuracy", "RSA ρ to the brain", "accuracy, noisy inputs"))
    names = ("λ = 0 (labels only)", "with the brain loss")
    for col in (1, 2):
        for name, colour, dash in zip(names, (PALETTE["vermillion"], PALETTE["blue"]), ("dash", "solid")):
            fig.add_trace(go.Scatter(x=list(N_LABELS), mode="lines+markers", name=name, showlegend=col == 1,
                                     line=dict(color=colour, dash=dash), legendgroup=name), row=1, col=col)
        fig.update_xaxes(type="log", title_text="labelled examples n", tickvals=list(N_LABELS), row=1, col=col)
    for name, colour, dash in zip(names, (PALETTE["vermillion"], PALETTE["blue"]), ("dash", "solid")):
        fig.add_trace(go.Scatter(x=list(INPUT_NOISE), mode="lines+markers", name=name, showlegend=False,
                                 line=dict(color=colour, dash=dash), legendgroup=name), row=1, col=3)
    fig.add_trace(go.Scatter(x=[INPUT_NOISE[0], INPUT_NOISE[-1]], y=[1 / WORLD["K"]] * 2, mode="lines",
                             name=f"chance 1/{WORLD['K']}", line=dict(color="#888", dash="dot", width=1)), row=1, col=3)
    fig.update_xaxes(title_text="input noise std (n = 40)", row=1, col=3)
    fig.update_yaxes(range=[0, 1], row=1, col=1)
    fig.update_yaxes(range=[-0.2, 1], row=1, col=2)
    fig.update_yaxes(range=[0, 1], row=1, col=3)
    fig.update_layout(**pinned_layout(height=470, margin=dict(l=60, r=20, t=100, b=130),
                                      legend=dict(orientation="h", x=0.0, y=1.16, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Three panels for a classifier trained with and without an auxiliary loss that "
                                   "predicts a synthetic brain vector: test accuracy and RSA to the brain against "
                                   "the number of labelled examples, and accuracy as input noise grows."})
    return fig


def _classifier_state(grid, i_lam, j_n=2):
    """y values of the six data traces for λ index i_lam (index 0 is λ = 0) and n index j_n (noise panel)."""
    return [grid["acc"][0], grid["acc"][i_lam], grid["rsa"][0], grid["rsa"][i_lam],
            grid["acc_noise"][0, j_n], grid["acc_noise"][i_lam, j_n]]


def _classifier_title(grid, lam, i_lam, noise, j_n=2):
    n = N_LABELS[j_n]
    return (f"Brain loss λ = {lam:g}, neural noise σ = {noise:g}: at n = {n} labels, accuracy "
            f"{grid['acc'][0, j_n]:.2f} → {grid['acc'][i_lam, j_n]:.2f}, RSA ρ {grid['rsa'][0, j_n]:.2f} → "
            f"{grid['rsa'][i_lam, j_n]:.2f}")


def classifier_static(neural_noise=0.5):
    """The book's version: a slider over λ; neural noise fixed at 0.5; mean of three training seeds."""
    grid = classifier_grid(neural_noise)
    fig = _classifier_figure()
    active = LAMBDAS.index(1.0)
    for tr, y in zip(fig.data[:6], _classifier_state(grid, active)):
        tr.y = round_sig(y)
    title = lambda lam: _classifier_title(grid, lam, LAMBDAS.index(lam), neural_noise)

    def states(lam):
        return {"y": _classifier_state(grid, LAMBDAS.index(lam))}

    precomputed_slider_figure(fig, "brain-loss weight λ", LAMBDAS, states, list(range(6)), active=active,
                              title=title)
    fig.layout.sliders[0].y = -0.28
    return fig.update_layout(title=pinned_title(title(LAMBDAS[active]), 470, size=13))


def classifier_live():
    """JupyterLab: λ, neural noise and the n used in the noisy-input panel; one grid per noise level
    (computed on first use, then cached), so moves within a noise level only index into it."""
    fw = go.FigureWidget(_classifier_figure())
    fw.layout.title.font.size = 13
    fw.layout.margin.b = 70  # no plotly slider below the plots in JupyterLab
    lam = W.SelectionSlider(options=list(LAMBDAS), value=1.0, description="λ (brain-loss weight)", style=_STYLE)
    noise = W.SelectionSlider(options=list(NEURAL_NOISE), value=0.5, description="neural noise σ", style=_STYLE)
    n_pick = W.SelectionSlider(options=list(N_LABELS), value=40, description="n (noisy-input panel)", style=_STYLE)

    def update(*_):
        grid = classifier_grid(noise.value)
        i, j = LAMBDAS.index(lam.value), N_LABELS.index(n_pick.value)
        with fw.batch_update():
            for tr, y in zip(fw.data[:6], _classifier_state(grid, i, j)):
                tr.y = y
            fw.layout.xaxis3.title.text = f"input noise std (n = {n_pick.value})"
            fw.layout.title.text = _classifier_title(grid, lam.value, i, noise.value, j)

    for c in (lam, noise, n_pick):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([lam, noise]), W.VBox([n_pick])]), fw])


def brain_augmented_classifier() -> Explorable:
    return Explorable("A brain-augmented classifier", live=classifier_live, static=classifier_static)


# ------------------------------------------------------------------ bits per label

CHANNELS = np.unique(np.round(np.logspace(0, 5, 41)).astype(int))
SNRS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
KS = (2, 1000)  # cat vs dog (said); ImageNet's 1,000 classes (outside: Russakovsky et al. 2015)


def _label_name(K):
    bits = math.log2(K)
    return f"a {K}-way label: log₂{K} = {bits:.3g} bit{'' if bits == 1 else 's'}"


def _bits_figure():
    fig = go.Figure()
    for K, colour in zip(KS, (PALETTE["vermillion"], PALETTE["orange"])):
        fig.add_trace(go.Scatter(x=[CHANNELS[0], CHANNELS[-1]], y=[math.log2(K)] * 2, mode="lines",
                                 name=_label_name(K),
                                 line=dict(color=colour, dash="dash")))
    fig.add_trace(go.Scatter(x=CHANNELS, mode="lines", name="a neural vector: n · ½ log₂(1 + SNR)",
                             line=dict(color=PALETTE["blue"], width=3)))
    fig.add_trace(go.Scatter(x=[100], mode="markers", name="100 channels", marker=dict(size=11, color=PALETTE["blue"],
                                                                                       symbol="circle-open")))
    fig.update_xaxes(type="log", title_text="recorded channels n (independent, equal SNR)")
    fig.update_yaxes(type="log", title_text="bits per example", range=[-3.5, 5.5], dtick=1)
    fig.update_layout(**pinned_layout(height=480, margin=dict(l=70, r=30, t=70, b=130),  # legend: the empty corner
                                      legend=dict(x=0.99, y=0.01, xanchor="right", yanchor="bottom", font=dict(size=11))),
                      meta={"alt": "Bits per training example on log axes: flat lines for a 2-way and a 1000-way "
                                   "label, and a rising line for a noisy neural vector as the number of channels "
                                   "grows, at the chosen signal-to-noise ratio."})
    return fig


def _bits_state(snr, n_mark=100):
    curve = np.array([bits_per_example(2, np.full(n, snr))[1] for n in CHANNELS])
    mark = bits_per_example(2, np.full(n_mark, snr))[1]
    return curve, mark


def _bits_title(snr, n_mark=100, K=1000):
    label, neural = bits_per_example(K, np.full(n_mark, snr))
    return (f"SNR {snr:g}: {n_mark} channels carry {neural:.3g} bits, a {K}-way label {label:.3g} "
            f"(ratio {neural / label:.2g})")


def bits_static():
    """The book's version: a slider over the per-channel SNR."""
    fig = _bits_figure()
    active = SNRS.index(0.1)
    curve, mark = _bits_state(SNRS[active])
    fig.data[2].y, fig.data[3].y = round_sig(curve), [mark]

    def states(snr):
        c, mk = _bits_state(snr)
        return {"y": [c, np.array([mk])]}

    precomputed_slider_figure(fig, "SNR per channel", SNRS, states, [2, 3], active=active, title=_bits_title)
    fig.layout.sliders[0].y = -0.2
    return fig.update_layout(title=pinned_title(_bits_title(SNRS[active]), 480, size=14))


def bits_live():
    """JupyterLab: K, number of channels marked, SNR (log slider)."""
    fw = go.FigureWidget(_bits_figure())
    fw.layout.title.font.size = 14
    K = W.IntSlider(1000, min=2, max=100_000, description="K classes", style=_STYLE)
    n = W.IntSlider(100, min=1, max=100_000, description="channels n", style=_STYLE)
    snr = W.FloatLogSlider(0.1, base=10, min=-3, max=2, step=0.1, description="SNR per channel", style=_STYLE,
                           readout_format=".3g")

    def update(*_):
        curve, mark = _bits_state(snr.value, n.value)
        with fw.batch_update():
            fw.data[1].y = [math.log2(K.value)] * 2
            fw.data[1].name = _label_name(K.value)
            fw.data[2].y = curve
            fw.data[3].x, fw.data[3].y, fw.data[3].name = [n.value], [mark], f"{n.value} channels"
            fw.layout.title.text = _bits_title(snr.value, n.value, K.value)

    for c in (K, n, snr):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([K, n]), W.VBox([snr])]), fw])


def bits_per_label() -> Explorable:
    return Explorable("Bits per label", live=bits_live, static=bits_static)


# ------------------------------------------------------------------ which layer looks like the brain?

LAYER_NOISE = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
LAYER_NAMES = ["input"] + [f"layer {i}" for i in range(1, LAYERS["n_layers"] + 1)]
LAYER_TICKS = ["in"] + [f"L{i}" for i in range(1, LAYERS["n_layers"] + 1)]  # short axis labels


def _layer_figure():
    fig = make_subplots(rows=1, cols=3, column_widths=[0.4, 0.3, 0.3], horizontal_spacing=0.08,
                        subplot_titles=("RSA ρ per layer", "brain RDM (measured)", "model RDM"))
    fig.add_trace(go.Bar(x=LAYER_TICKS, marker_color=PALETTE["blue"], name="ρ (model vs brain RDM)",
                         hovertemplate="%{x}: ρ = %{y:.3f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=LAYER_TICKS, mode="lines", name="noise ceiling",
                             line=dict(color=PALETTE["vermillion"], dash="dash")), row=1, col=1)
    heat = dict(colorscale="Viridis", zmin=0, zmax=2, showscale=False,
                hovertemplate="stimuli %{y}, %{x}: %{z:.2f}<extra></extra>")
    fig.add_trace(go.Heatmap(**heat), row=1, col=2)
    for i in range(len(LAYER_NAMES)):
        fig.add_trace(go.Heatmap(visible=i == LAYERS["brain_layer"], **heat), row=1, col=3)
    fig.update_yaxes(range=[0, 1.05], title_text="Spearman ρ", row=1, col=1)
    fig.update_xaxes(title_text="layer (in = the stimuli)", row=1, col=1)
    for col in (2, 3):
        fig.update_xaxes(showticklabels=False, showgrid=False, title_text="24 stimuli (4 categories)", row=1, col=col)
        fig.update_yaxes(showticklabels=False, showgrid=False, autorange="reversed", row=1, col=col)
    # top margin (px): title 32-52, layer buttons 58-86, subplot titles 104-124
    fig.update_layout(**pinned_layout(height=450, margin=dict(l=60, r=20, t=130, b=120),
                                      legend=dict(orientation="h", x=0.0, y=-0.3, xanchor="left", yanchor="top")),
                      meta={"alt": "Bar chart of the RSA correlation between each layer of a random-feature network "
                                   "and a synthetic brain area, with the noise ceiling as a dashed line, next to "
                                   "the brain's and one layer's dissimilarity matrices."})
    return fig


def _layer_title(noise):
    out = layer_rsa(noise)
    best = int(np.argmax(out["rho"]))
    return (f"Neural noise {noise:g}: best {LAYER_NAMES[best]} (ρ = {out['rho'][best]:.2f}), "
            f"noise ceiling {out['ceiling']:.2f}")


def layer_static():
    """The book's version: a slider over the neural noise (it moves the ceiling), buttons for the model RDM shown."""
    fig = _layer_figure()
    n_models = len(LAYER_NAMES)

    def states(noise):  # the model RDMs do not depend on the noise: the slider restyles traces 0-2 only
        out = layer_rsa(noise)
        return {"y": [out["rho"], np.full(len(LAYER_TICKS), out["ceiling"]), None], "z": [None, None, out["brain_rdm"]]}

    active = LAYER_NOISE.index(1.0)
    for k, v in states(LAYER_NOISE[active]).items():
        for tr, val in zip(fig.data, v):
            if val is not None:
                tr[k] = round_sig(val)
    for tr, z in zip(fig.data[3:], layer_rsa(0.0)["model_rdms"]):
        tr.z = round_sig(z)
    precomputed_slider_figure(fig, "neural noise σ", LAYER_NOISE, states, [0, 1, 2], active=active,
                              title=_layer_title)
    fig.layout.sliders[0].y = -0.42
    fig.layout.sliders[0].pad = dict(t=10, b=10)
    paper = 450 - 130 - 120
    fig.update_layout(title=pinned_title(_layer_title(LAYER_NOISE[active]), 450, size=14), updatemenus=[dict(
        name="model RDM shown", type="buttons", direction="right", x=1.0, xanchor="right", y=1 + (130 - 58) / paper,
        yanchor="top",
        active=LAYERS["brain_layer"], showactive=True, pad=dict(t=0, r=2), font=dict(size=11),
        buttons=[dict(label=name, method="restyle",
                      args=[{"visible": [True, True, True] + [j == i for j in range(n_models)]}])
                 for i, name in enumerate(LAYER_NAMES)])])
    return fig


def layer_live():
    """JupyterLab: neural noise and the layer whose RDM is shown."""
    fw = go.FigureWidget(_layer_figure())
    fw.layout.title.font.size = 14
    noise = W.FloatSlider(1.0, min=0.0, max=4.0, step=0.25, description="neural noise σ", style=_STYLE,
                          readout_format=".2f")
    layer = W.Dropdown(options=[(name, i) for i, name in enumerate(LAYER_NAMES)], value=LAYERS["brain_layer"],
                       description="model RDM shown", style=_STYLE)

    def update(*_):
        out = layer_rsa(round(noise.value, 2))
        with fw.batch_update():
            fw.data[0].y = out["rho"]
            fw.data[1].y = [out["ceiling"]] * len(LAYER_TICKS)
            fw.data[2].z = out["brain_rdm"]
            for i, tr in enumerate(fw.data[3:]):
                tr.visible = i == layer.value
            fw.data[3 + layer.value].z = out["model_rdms"][layer.value]
            fw.layout.title.text = _layer_title(round(noise.value, 2))

    for c in (noise, layer):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([noise, layer]), fw])


def which_layer() -> Explorable:
    return Explorable("Which layer looks like the brain?", live=layer_live, static=layer_static)
