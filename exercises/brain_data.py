"""Graded exercises of chapter `brain-data`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/brain_data.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import brain_data as model
from widgets.transformers import softmax

# ------------------------------------------------------------------ 1. bits_per_example


def _bits_wrong(kind):
    def bits_per_example(K, snr):
        snr = np.asarray(snr, dtype=float)
        label, neural = math.log2(K), 0.5 * np.sum(np.log2(1 + snr))
        if kind == "ln":
            label, neural = math.log(K), 0.5 * np.sum(np.log(1 + snr))
        elif kind == "no_half":
            neural = np.sum(np.log2(1 + snr))
        elif kind == "no_one":
            neural = 0.5 * np.sum(np.log2(snr))
        elif kind == "mean":
            neural = 0.5 * np.mean(np.log2(1 + snr))
        elif kind == "k_minus_1":
            label = math.log2(K - 1) if K > 1 else 0.0
        return float(label), float(neural)
    return bits_per_example


def _bits_example(rng):
    return [(2, np.full(100, 0.1)), (1000, np.full(100, 1.0))]


def _bits_random(rng):
    return [(int(rng.integers(2, 5000)), np.round(10 ** rng.uniform(-2, 1.5, int(rng.integers(1, 300))), 4))
            for _ in range(6)]


def _bits_edges(rng):
    """One class (0 bits), one channel, SNR 0 (no information), SNR exactly 1 and 3 (1 and 2 bits per channel
    before the ½), and unequal channels."""
    return [(1, np.array([0.0])), (3, np.array([1.0])), (2, np.array([3.0, 0.0, 15.0])), (7, np.array([0.5, 2.5]))]


bits_ex = Exercise(
    id="brain_bits_per_example", function="bits_per_example", reference=model.bits_per_example,
    title="bits in a label vs a noisy neural vector",
    checks=[
        Check("the shown examples: K = 2 and K = 1000, 100 channels at SNR 0.1 and 1", _bits_example,
              hint="label: log₂K; neural: Σ over channels of ½·log₂(1 + SNR)."),
        Check("random class counts and channel SNRs", _bits_random, hidden=True),
        Check("one class, one channel, SNR 0 and exact powers of two", _bits_edges, hidden=True),
    ],
    mistakes=[
        Mistake("natural log", _bits_wrong("ln"),
                hint="Bits are base-2 logarithms: use np.log2 (np.log gives nats, 1.44 times smaller)."),
        Mistake("no ½ on the channel capacity", _bits_wrong("no_half"),
                hint="A real-valued Gaussian channel carries ½·log₂(1 + SNR) bits per sample, not log₂(1 + SNR)."),
        Mistake("log₂(SNR) without the 1", _bits_wrong("no_one"),
                hint="The capacity is ½·log₂(1 + SNR): at SNR 0 a channel carries 0 bits, not −∞."),
        Mistake("mean over channels instead of the sum", _bits_wrong("mean"),
                hint="Independent channels add up: sum the per-channel bits over all channels."),
        Mistake("log₂(K − 1)", _bits_wrong("k_minus_1"),
                hint="A uniform K-way label has K equally likely values: log₂K bits (2 classes give 1 bit)."),
    ],
)

# ------------------------------------------------------------------ 2. distill_kl


def _kl_wrong(kind):
    def distill_kl(teacher_logits, student_logits, tau):
        t_ = tau if kind != "no_tau" else 1.0
        p = softmax(teacher_logits, temperature=t_)
        q = softmax(student_logits, temperature=t_)
        if kind == "reversed":
            p, q = q, p
        kl = float(np.sum(p * (np.log(p) - np.log(q))))
        if kind == "bits":
            kl = kl / math.log(2)
        scale = tau ** 2
        if kind == "tau1":
            scale = tau
        elif kind == "divide":
            scale = 1 / tau ** 2
        return kl, scale * kl
    return distill_kl


def _kl_example(rng):
    return [(np.array([2.0, 1.0, 0.0]), np.array([1.0, 1.0, 0.0]), 1.0),
            (np.array([2.0, 1.0, 0.0]), np.array([1.0, 1.0, 0.0]), 2.0)]


def _kl_random(rng):
    cases = []
    for _ in range(6):
        k = int(rng.integers(2, 12))
        cases.append((np.round(rng.normal(0, 3, k), 2), np.round(rng.normal(0, 3, k), 2),
                      float(np.round(rng.uniform(0.3, 8.0), 2))))
    return cases


def _kl_edges(rng):
    """Identical logits (KL 0), logits shifted by a constant (the same distribution), large logits, logits near
    1000 that overflow a naive exp at τ = 1, two classes, τ below 1."""
    return [(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0]), 3.0),
            (np.array([1.0, 2.0, 3.0]), np.array([11.0, 12.0, 13.0]), 1.5),
            (np.array([900.0, 0.0, 850.0]), np.array([880.0, 10.0, 890.0]), 20.0),
            (np.array([0.0, 1.0]), np.array([1.0, 0.0]), 0.5),
            (np.array([1000.0, 998.0, 995.0]), np.array([1001.0, 1000.0, 990.0]), 1.0)]


distill_ex = Exercise(
    id="brain_distill_kl", function="distill_kl", reference=model.distill_kl,
    title="the distillation loss at temperature τ",
    checks=[
        Check("the shown example: teacher (2, 1, 0), student (1, 1, 0), τ = 1 and τ = 2", _kl_example,
              hint="p_T = softmax(teacher/τ), p_S = softmax(student/τ); KL = Σ p_T·(ln p_T − ln p_S); "
                   "return (KL, τ²·KL)."),
        Check("random logits and temperatures", _kl_random, hidden=True),
        Check("identical and shifted logits, huge logits, two classes, τ < 1", _kl_edges, hidden=True,
              hint="Subtract the largest logit before exp (softmax does not change), or the exp overflows."),
    ],
    mistakes=[
        Mistake("KL(p_S‖p_T): the arguments swapped", _kl_wrong("reversed"),
                hint="Distillation measures the student against the teacher: KL(p_T‖p_S) = Σ p_T·ln(p_T/p_S), "
                     "weighted by the TEACHER's probabilities. KL is not symmetric."),
        Mistake("temperature ignored", _kl_wrong("no_tau"),
                hint="Divide both sets of logits by τ before the softmax: a higher τ softens both distributions."),
        Mistake("τ instead of τ²", _kl_wrong("tau1"),
                hint="The soft-target gradients scale like 1/τ², so the loss is multiplied by τ² (not τ) to keep "
                     "its size comparable across temperatures."),
        Mistake("divides by τ² instead of multiplying", _kl_wrong("divide"),
                hint="Multiply the KL by τ²: at τ = 2 the scaled loss is 4·KL."),
        Mistake("in bits", _kl_wrong("bits"),
                hint="Use natural logarithms (nats) here, as cross-entropy losses do: np.log, not np.log2."),
    ],
)

# ------------------------------------------------------------------ 3. rsa


R_EXAMPLE = np.array([(1, 0, 0), (.9, .1, 0), (0, 1, .2), (0, .8, 1)])
M_EXAMPLE = np.array([(1, .2, .1), (.7, .5, 0), (.1, .9, .6), (.2, .3, 1)])


def _rsa_wrong(kind):
    def rsa(R, M):
        def one(A):
            A = np.asarray(A, dtype=float)
            if kind == "columns":
                A = A.T
            D = 1 - np.corrcoef(A)
            if kind == "similarity":
                D = np.corrcoef(A)
            np.fill_diagonal(D, 1.0 if kind == "similarity" else 0.0)
            return D
        dR, dM = one(R), one(M)
        if kind == "full":
            a, b = np.round(dR.ravel(), 12), np.round(dM.ravel(), 12)
        else:
            iu = np.triu_indices(len(dR), 1)
            a, b = np.round(dR[iu], 12), np.round(dM[iu], 12)
        if kind == "pearson":
            rho = float(np.corrcoef(a, b)[0, 1])
        elif kind == "ordinal":
            ra, rb = np.argsort(np.argsort(a, kind="stable"), kind="stable"), np.argsort(np.argsort(b, kind="stable"),
                                                                                          kind="stable")
            rho = float(np.corrcoef(ra, rb)[0, 1])
        else:
            rho = model.spearman(a, b)
        return dR, dM, rho
    return rsa


def _rsa_example(rng):
    return [(R_EXAMPLE, M_EXAMPLE)]


def _rsa_random(rng):
    cases = []
    for _ in range(5):
        n, c = int(rng.integers(4, 10)), int(rng.integers(3, 12))
        R = np.round(rng.normal(0, 1, (n, c)), 3)
        cases.append((R, np.round(R @ rng.normal(0, 1, (c, c)) + rng.normal(0, 1, (n, c)), 3)))
    return cases


def _rsa_ties(rng):
    """Tied dissimilarities (stimuli that are exact copies or scaled copies of each other) and three stimuli
    (three pairs)."""
    R = np.array([[1.0, 0, 0, 0], [2.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 3.0, 0, 0], [0, 0, 1.0, 0]])
    M = np.array([[1.0, 0.5, 0, 0], [0.5, 1, 0, 0], [0, 0, 1, 0.5], [0, 0.1, 1, 0], [1, 1, 0, 0.2]])
    return [(R, M), (np.array([[1.0, 2, 3], [3, 1, 2], [1, 3, 2.5]]), np.array([[0.0, 1, 0], [1, 0, 1], [2, 2, 0]]))]


rsa_ex = Exercise(
    id="brain_rsa", function="rsa", reference=model.rsa,
    title="RDMs and their Spearman comparison",
    checks=[
        Check("the shown example: four stimuli, three channels", _rsa_example,
              hint="RDM = 1 − np.corrcoef(rows); ρ = Spearman correlation of the two RDMs' upper triangles "
                   "(k = 1: no diagonal)."),
        Check("random response matrices", _rsa_random, hidden=True),
        Check("tied dissimilarities, three stimuli", _rsa_ties, hidden=True,
              hint="Tied values share the average of their ranks (ranks 2 and 3 tied → both 2.5). Round the two "
                   "triangles to 12 decimals before ranking: 0 and 2e-16 are the same dissimilarity."),
    ],
    mistakes=[
        Mistake("the whole matrix, not the upper triangle", _rsa_wrong("full"),
                hint="Use each pair of stimuli once: the upper triangle above the diagonal (np.triu_indices(n, 1)). "
                     "The full matrix counts every pair twice and adds the zero diagonal, which inflates ρ."),
        Mistake("Pearson instead of Spearman", _rsa_wrong("pearson"),
                hint="RSA compares the ORDER of dissimilarities: correlate their ranks (Spearman), not the values."),
        Mistake("ties ranked in order of appearance", _rsa_wrong("ordinal"),
                hint="argsort(argsort(x)) gives tied values different ranks; tied values must share the mean of "
                     "their ranks."),
        Mistake("correlations between channels (columns)", _rsa_wrong("columns"),
                hint="Rows are stimuli: the RDM is stimuli × stimuli, so correlate the rows (np.corrcoef(R), not R.T)."),
        Mistake("similarity (correlation) instead of dissimilarity", _rsa_wrong("similarity"),
                hint="An RDM holds DISsimilarities: 1 − correlation, with zeros on the diagonal."),
    ],
)

# ------------------------------------------------------------------ 4. aux_loss_grad


def _aux_wrong(kind):
    def aux_loss_grad(E, C, G, X, y, B, lam):
        X, B, y = np.asarray(X, float), np.asarray(B, float), np.asarray(y)
        n = len(y)
        h = X @ E
        P = softmax(h @ C)
        rows = np.arange(n)
        resid = h @ G - B
        mse = np.sum(resid ** 2) / n
        if kind == "mean_channels":
            mse = np.mean(resid ** 2)
        L = -np.mean(np.log(P[rows, y])) + lam * mse
        dZ = P.copy()
        dZ[rows, y] -= 1.0
        dZ /= n
        dPb = (2.0 if kind != "no_two" else 1.0) * lam * resid / n
        if kind == "mean_channels":
            dPb = dPb / B.shape[1]
        dh = dZ @ C.T + (dPb @ G.T if kind != "no_aux_path" else 0.0)
        dE = X.T @ dh
        if kind == "no_n":
            dZ = dZ * n
            dE = X.T @ (dZ @ C.T + dPb @ G.T)
        return float(L), dE, h.T @ dZ, h.T @ dPb
    return aux_loss_grad


def _aux_case(rng, n, D, r, K, m, lam):
    return (np.round(rng.normal(0, 0.5, (D, r)), 3), np.round(rng.normal(0, 0.5, (r, K)), 3),
            np.round(rng.normal(0, 0.5, (r, m)), 3), np.round(rng.normal(0, 1, (n, D)), 3),
            rng.integers(0, K, n), np.round(rng.normal(0, 1, (n, m)), 3), lam)


AUX_EXAMPLE = (np.array([[0.5, -0.2], [0.1, 0.3]]), np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]]),
               np.array([[0.2], [-0.4]]), np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([0, 2]),
               np.array([[0.3], [-0.1]]), 0.5)


def _aux_example(rng):
    return [AUX_EXAMPLE, _aux_case(np.random.default_rng(0), 5, 3, 2, 3, 4, 0.5)]


def _aux_random(rng):
    return [_aux_case(rng, int(rng.integers(2, 30)), int(rng.integers(1, 8)), int(rng.integers(1, 5)),
                      int(rng.integers(2, 6)), int(rng.integers(1, 8)), float(np.round(rng.uniform(0.05, 3), 2)))
            for _ in range(5)]


def _aux_edges(rng):
    """λ = 0 (the brain head gets no gradient), one example, one channel, a large λ."""
    r = np.random.default_rng(7)
    return [_aux_case(r, 4, 3, 2, 3, 2, 0.0), _aux_case(r, 1, 2, 2, 2, 3, 1.3), _aux_case(r, 6, 4, 3, 4, 1, 10.0)]


aux_ex = Exercise(
    id="brain_aux_loss_grad", function="aux_loss_grad", reference=model.aux_loss_grad,
    title="the brain-augmented loss and its gradient",
    checks=[
        Check("the shown example (n = 2, D = 2, r = 2, K = 3, m = 1, λ = 0.5) and a larger one", _aux_example,
              hint="L = mean cross-entropy + λ·(1/n)·Σᵢ‖hᵢG − bᵢ‖²; dZ = (P − onehot)/n, dPb = 2λ(hG − B)/n, "
                   "dh = dZ Cᵀ + dPb Gᵀ, dE = Xᵀdh, dC = hᵀdZ, dG = hᵀdPb."),
        Check("random shapes, weights and λ", _aux_random, hidden=True),
        Check("λ = 0, one example, one channel, a large λ", _aux_edges, hidden=True),
    ],
    mistakes=[
        Mistake("the 2 of the squared error dropped", _aux_wrong("no_two"),
                hint="d/dp of (p − b)² is 2(p − b): the brain head's gradient is 2λ(hG − B)/n."),
        Mistake("the encoder ignores the brain loss", _aux_wrong("no_aux_path"),
                hint="h feeds BOTH heads, so its gradient has two terms: dh = dZ·Cᵀ + dPb·Gᵀ. The second term is "
                     "how the brain data shape the representation."),
        Mistake("squared error averaged over channels too", _aux_wrong("mean_channels"),
                hint="‖hᵢG − bᵢ‖² is SUMMED over the m channels and averaged over the n examples only."),
        Mistake("cross-entropy gradient not divided by n", _aux_wrong("no_n"),
                hint="The loss averages over the n examples, so every gradient carries a 1/n: dZ = (P − onehot)/n."),
    ],
    rtol=1e-7, atol=1e-10,
)

# ------------------------------------------------------------------ 5. gabor


def _gabor_wrong(kind):
    def gabor(size, sigma, theta, wavelength, psi=0.0, gamma=0.5):
        c = np.arange(size) - (size - 1) / 2.0
        if kind == "floor_centre":
            c = np.arange(size) - size // 2
        x, y = np.meshgrid(c, c)
        if kind == "swap_xy":
            x, y = y, x
        s = -1.0 if kind == "rot_sign" else 1.0
        xr = x * np.cos(theta) + s * y * np.sin(theta)
        yr = -s * x * np.sin(theta) + y * np.cos(theta)
        two = 2.0 if kind != "no_two" else 1.0
        env = np.exp(-(xr ** 2 + gamma ** 2 * yr ** 2) / (two * sigma ** 2))
        if kind == "gamma_x":
            env = np.exp(-(gamma ** 2 * xr ** 2 + yr ** 2) / (2 * sigma ** 2))
        carrier = np.cos(2 * np.pi * xr / wavelength + psi)
        if kind == "no_2pi":
            carrier = np.cos(xr / wavelength + psi)
        return env * carrier
    return gabor


def _gabor_example(rng):
    return [(5, 2.0, 0.0, 4.0, 0.0, 0.5), (7, 2.0, math.pi / 4, 5.0, 0.0, 0.5)]


def _gabor_random(rng):
    return [(int(rng.integers(3, 16)), float(np.round(rng.uniform(1, 5), 2)), float(np.round(rng.uniform(0, np.pi), 3)),
             float(np.round(rng.uniform(2, 10), 2)), float(np.round(rng.uniform(-np.pi, np.pi), 3)),
             float(np.round(rng.uniform(0.3, 1.5), 2))) for _ in range(6)]


def _gabor_edges(rng):
    """Even sizes (the centre falls between pixels), a 1 × 1 kernel, θ = π/2 and π/3, an odd phase ψ = π/2."""
    return [(6, 1.5, 1.0, 3.0, 0.3, 0.7), (1, 1.0, 0.5, 4.0, 0.0, 0.5), (8, 2.5, math.pi / 2, 4.0, math.pi / 2, 1.0),
            (9, 3.0, math.pi / 3, 6.0, 0.0, 0.5)]


gabor_ex = Exercise(
    id="brain_gabor", function="gabor", reference=model.gabor,
    title="a Gabor kernel",
    checks=[
        Check("the shown examples: 5 × 5 at θ = 0, 7 × 7 at θ = π/4", _gabor_example,
              hint="Pixel coordinates x = column − (size−1)/2, y = row − (size−1)/2 (np.meshgrid(c, c)); rotate; "
                   "exp(−(x'² + γ²y'²)/(2σ²))·cos(2πx'/λ + ψ)."),
        Check("random sizes, widths, angles, wavelengths, phases and aspect ratios", _gabor_random, hidden=True),
        Check("even sizes, a 1 × 1 kernel, θ = π/2 and π/3, ψ = π/2", _gabor_edges, hidden=True),
    ],
    mistakes=[
        Mistake("rotation the other way", _gabor_wrong("rot_sign"),
                hint="x' = x·cos θ + y·sin θ and y' = −x·sin θ + y·cos θ (with y growing down the rows)."),
        Mistake("rows and columns swapped", _gabor_wrong("swap_xy"),
                hint="np.meshgrid(c, c) returns (x, y) with x varying along the columns: use them in that order."),
        Mistake("2σ² written as σ²", _gabor_wrong("no_two"),
                hint="The Gaussian envelope is exp(−(x'² + γ²y'²) / (2σ²))."),
        Mistake("γ on the wrong axis", _gabor_wrong("gamma_x"),
                hint="The aspect ratio γ squeezes the envelope ALONG the stripes: it multiplies y', not x'."),
        Mistake("no 2π in the carrier", _gabor_wrong("no_2pi"),
                hint="λ is a wavelength in pixels: the carrier is cos(2π·x'/λ + ψ)."),
        Mistake("centre at size // 2", _gabor_wrong("floor_centre"),
                hint="For an even size the centre falls between two pixels: subtract (size − 1)/2, not size // 2."),
    ],
    rtol=1e-8, atol=1e-8,
)

# ------------------------------------------------------------------ 6. ridge_predictivity


def _ridge_wrong(kind):
    def ridge_predictivity(X_train, Y_train, X_test, Y_test, alpha):
        Xtr, Ytr = np.asarray(X_train, float), np.asarray(Y_train, float)
        Xte, Yte = np.asarray(X_test, float), np.asarray(Y_test, float)
        xm, ym = Xtr.mean(axis=0), Ytr.mean(axis=0)
        if kind == "no_centre":
            xm, ym = np.zeros_like(xm), np.zeros_like(ym)
        Xc = Xtr - xm
        a = 0.0 if kind == "no_alpha" else alpha
        W = np.linalg.lstsq(Xc.T @ Xc + a * np.eye(Xc.shape[1]), Xc.T @ (Ytr - ym), rcond=None)[0]
        pred = (Xte - xm) @ W + ym
        sse = np.sum((Yte - pred) ** 2, axis=0)
        base = ym if kind == "train_mean" else Yte.mean(axis=0)
        sst = np.sum((Yte - base) ** 2, axis=0)
        if kind == "r_squared":
            pc, yc = pred - pred.mean(axis=0), Yte - Yte.mean(axis=0)
            return np.sum(pc * yc, axis=0) ** 2 / (np.sum(pc ** 2, axis=0) * np.sum(yc ** 2, axis=0))
        if kind == "pooled":
            return np.full(Yte.shape[1], 1 - sse.sum() / sst.sum())
        return 1 - sse / sst
    return ridge_predictivity


def _ridge_case(rng, n_tr, n_te, p, c, alpha, offset=0.0):
    Wt = rng.normal(0, 1, (p, c))
    Xtr, Xte = rng.normal(offset, 1, (n_tr, p)), rng.normal(offset, 1, (n_te, p))
    noise = rng.uniform(0.3, 2.0, c)
    Ytr = Xtr @ Wt + 3.0 + noise * rng.normal(0, 1, (n_tr, c))
    Yte = Xte @ Wt + 3.0 + noise * rng.normal(0, 1, (n_te, c))
    return tuple(np.round(a, 3) for a in (Xtr, Ytr, Xte, Yte)) + (alpha,)


def _ridge_example(rng):
    Xtr = np.array([[0.0], [1.0], [2.0], [3.0]])
    Ytr = np.array([[1.0, 0.0], [3.0, 1.0], [5.0, 0.0], [7.0, 1.0]])
    Xte = np.array([[1.5], [4.0], [-1.0]])
    Yte = np.array([[4.0, 2.0], [9.0, 0.0], [-1.5, 1.0]])
    return [(Xtr, Ytr, Xte, Yte, 1.0)]


def _ridge_random(rng):
    return [_ridge_case(rng, int(rng.integers(15, 60)), int(rng.integers(5, 30)), int(rng.integers(1, 8)),
                        int(rng.integers(1, 6)), float(np.round(10 ** rng.uniform(-2, 2), 3)), offset=1.0)
            for _ in range(5)]


def _ridge_edges(rng):
    """α = 0 with more stimuli than features (ordinary least squares), a huge α (predict the training mean: R² ≤ 0),
    more features than training stimuli with α > 0."""
    r = np.random.default_rng(11)
    return [_ridge_case(r, 20, 8, 3, 2, 0.0, offset=0.5), _ridge_case(r, 12, 6, 2, 3, 1e6, offset=2.0),
            _ridge_case(r, 6, 5, 10, 2, 0.7)]


ridge_ex = Exercise(
    id="brain_ridge_predictivity", function="ridge_predictivity", reference=model.ridge_predictivity,
    title="linear predictivity: held-out R² of a ridge map",
    checks=[
        Check("the shown example: one feature, two channels, α = 1", _ridge_example,
              hint="Centre X and Y by their training means, W = solve(XcᵀXc + αI, XcᵀYc), predict "
                   "(X_test − x̄)W + ȳ, R² = 1 − SSE/SST per channel with SST around the TEST mean."),
        Check("random features, channels and α (inputs not centred)", _ridge_random, hidden=True),
        Check("α = 0, a huge α, more features than training stimuli", _ridge_edges, hidden=True),
    ],
    mistakes=[
        Mistake("no centring", _ridge_wrong("no_centre"),
                hint="Without centring the ridge penalty also shrinks the offset: subtract the training means of X "
                     "and Y, fit, and add ȳ back to the predictions."),
        Mistake("α ignored", _ridge_wrong("no_alpha"),
                hint="Ridge adds α to the diagonal: W = (XcᵀXc + αI)⁻¹XcᵀYc."),
        Mistake("SST around the training mean", _ridge_wrong("train_mean"),
                hint="Held-out R² compares with the best constant for the TEST data: SST = Σ(y − mean of test y)²."),
        Mistake("squared correlation instead of R²", _ridge_wrong("r_squared"),
                hint="corr² ignores offsets and scale errors of the prediction; R² = 1 − SSE/SST does not (and can be "
                     "negative)."),
        Mistake("one R² pooled over channels", _ridge_wrong("pooled"),
                hint="Return one R² per channel: sum the squared errors over stimuli (axis=0) only."),
    ],
    rtol=1e-7, atol=1e-9,
)

grader = Grader("brain-data", [bits_ex, distill_ex, rsa_ex, aux_ex, gabor_ex, ridge_ex])
