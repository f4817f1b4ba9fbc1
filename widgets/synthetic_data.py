"""Silent collapse: entropy and synthetic data. The models of chapter `synthetic-data` and its explorables.

Models (pure numpy, parameters in, arrays out; entropies in bits unless a name says nats):
    entropy_bits, effective_count       Shannon entropy H = Σ p log2(1/p) and the effective number 2^H
    apply_temperature, top_p_filter     the two sampling knobs of a language model
    zipf_probs, top_share, zipf_for_share   a Zipf prior over jokes, calibrated to a top-k share
    joke_distribution, joke_draws       the joke machine: personas × temperature × top-p, then draws
    gini_simpson, gini_simpson_after    diversity 1 − Σp² and its expected decay under refitting
    wright_fisher, wright_fisher_expected   recursive categorical refitting (with optional fresh data)
    gaussian_refit, refit_variance      recursive Gaussian MLE refitting and its variance decay
    persona_entropy                     H(Y|P), H(Y), I(Y;P) of a persona mixture
    kl_bits, mixture, best_mix          KL(p*‖q) and the synthetic/web mixture weight that minimises it
Explorables: joke_machine(), ouroboros(), mixture_explorer().
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, pinned_layout, pinned_title, precomputed_slider_figure, round_sig

# ------------------------------------------------------------------ entropy


def entropy_bits(weights):
    """Shannon entropy in bits of the distribution proportional to `weights` (probabilities or counts).

    H = Σ p log2(1/p) over the categories with p > 0 (0 · log 0 = 0). weights: 1-D, nonnegative, sum > 0.
    """
    w = np.asarray(weights, dtype=float)
    p = w / w.sum()
    p = p[p > 0]
    return float(np.sum(p * np.log2(1.0 / p)))


def effective_count(weights):
    """The effective number of categories 2^H (H in bits): K for a uniform distribution over K."""
    return 2.0 ** entropy_bits(weights)


# ------------------------------------------------------------------ sampling knobs


def apply_temperature(p, T):
    """Sampling at temperature T > 0: p_i^(1/T), renormalised (= softmax(z / T) for logits z = log p).

    Divides by the largest probability before the power, so T near 0 cannot underflow to 0/0.
    """
    p = np.asarray(p, dtype=float)
    w = (p / p.max()) ** (1.0 / T)
    return w / w.sum()


def top_p_filter(p, top_p):
    """Nucleus (top-p) sampling: keep the most probable categories until their total reaches top_p, renormalise.

    The kept set is the k most probable categories, k the smallest count whose total is >= top_p (a total
    exactly equal to top_p is enough); every category tied with the k-th is kept too, so the result does
    not depend on the order of the categories. p: probabilities (sum 1); 0 < top_p <= 1.
    """
    p = np.asarray(p, dtype=float)
    ranked = np.sort(p)[::-1]
    k = min(int(np.searchsorted(np.cumsum(ranked), top_p)), p.size - 1)  # 0-based rank reaching top_p
    kept = np.where(p >= ranked[k], p, 0.0)
    return kept / kept.sum()


# ------------------------------------------------------------------ a Zipf prior over jokes

N_JOKES, N_DRAWS, TOP = 50, 1008, 25  # the joke machine: 50 jokes; 1,008 draws and the top 25 as in
# Jentzsch & Kersting (2023), who found that over 90 % of 1,008 generated jokes were the same 25 jokes


def zipf_probs(K, s):
    """p_i ∝ i^(−s) for ranks i = 1..K (s = 0: uniform)."""
    w = np.arange(1, int(K) + 1, dtype=float) ** (-float(s))
    return w / w.sum()


def top_share(weights, top):
    """The share of the `top` largest weights in the total (weights: probabilities or counts)."""
    w = np.sort(np.asarray(weights, dtype=float))[::-1]
    return float(w[: int(top)].sum() / w.sum())


def zipf_for_share(share, top, K):
    """The Zipf exponent s >= 0 at which the `top` most probable of K categories hold `share` of the mass.

    top_share(zipf_probs(K, s), top) rises from top/K (s = 0) towards 1, so bisection finds s;
    share = top/K gives 0. Needs top/K <= share < 1.
    """
    lo, hi = 0.0, 1.0
    while top_share(zipf_probs(K, hi), top) < share:  # bracket the root
        hi *= 2.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if top_share(zipf_probs(K, mid), top) < share:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def persona_prior(K, s, personas):
    """Each of `personas` personas shifts which jokes it favours: persona m gives joke j the Zipf weight of
    rank 1 + (j − offset_m) mod K, with offsets spread evenly over the K jokes. Returns (personas, K)."""
    M = int(personas)
    base = zipf_probs(K, s)
    offsets = np.floor(np.arange(M) * K / M).astype(int)
    j = np.arange(int(K))
    return base[(j[None, :] - offsets[:, None]) % int(K)]


def joke_distribution(T=1.0, top_p=1.0, personas=1, K=N_JOKES, s=None):
    """The joke machine's output distribution: a persona drawn uniformly, then its Zipf prior sampled at
    temperature T with nucleus top_p. s defaults to the exponent at which the top 25 of 50 jokes hold 90 %.
    Returns (q (K,), conditionals (personas, K))."""
    s = zipf_for_share(0.9, TOP, K) if s is None else s
    cond = np.stack([top_p_filter(apply_temperature(row, T), top_p) for row in persona_prior(K, s, personas)])
    return cond.mean(axis=0), cond


def joke_draws(q, n=N_DRAWS, seed=0):
    """Counts of n independent draws from q (seeded)."""
    return np.random.default_rng(seed).multinomial(int(n), np.asarray(q, dtype=float) / np.sum(q))


# ------------------------------------------------------------------ recursive refitting (Wright–Fisher drift)


def gini_simpson(weights):
    """Gini–Simpson diversity 1 − Σ p²: the chance that two independent draws differ."""
    w = np.asarray(weights, dtype=float)
    p = w / w.sum(axis=-1, keepdims=True)
    return 1.0 - np.sum(p * p, axis=-1)


def gini_simpson_after(p, n, t):
    """E[1 − Σ p̂_t²] after t generations of refitting a categorical model to n samples of the previous one:
    each generation multiplies it by (1 − 1/n) (Wright–Fisher drift), from 1 − Σ p² at t = 0."""
    return float(gini_simpson(p) * (1.0 - 1.0 / n) ** t)


def wright_fisher(p0, n, generations, runs=200, fresh=0.0, seed=0):
    """Recursive refitting, simulated: generation t+1 is the empirical distribution of n samples, of which
    round(fresh · n) are fresh draws from p0 and the rest are drawn from generation t.

    Returns dict: p (runs, generations+1, K), gs (runs, generations+1) = 1 − Σp², alive (runs, generations+1)
    the number of categories with p > 0.
    """
    rng = np.random.default_rng(seed)
    p0 = np.asarray(p0, dtype=float) / np.sum(p0)
    n = int(n)
    k = int(round(fresh * n))
    P = np.empty((runs, int(generations) + 1, p0.size))
    P[:, 0] = p0
    for t in range(int(generations)):
        counts = rng.multinomial(n - k, P[:, t]) + (rng.multinomial(k, p0, size=runs) if k else 0)
        P[:, t + 1] = counts / n
    return {"p": P, "gs": gini_simpson(P), "alive": (P > 0).sum(axis=-1)}


def wright_fisher_expected(p0, n, generations, fresh=0.0):
    """E[1 − Σp²] of wright_fisher per generation, exactly, by the recursion on S = E[Σp²]:
    with m = n − k model draws and k fresh ones, S' = (m/n)²((1 − 1/m)S + 1/m) + 2mk/n² S0 + (k/n)²((1 − 1/k)S0 + 1/k)
    (E[p_t] = p0 at every t). Without fresh data this is (1 − Σp0²)(1 − 1/n)^t."""
    p0 = np.asarray(p0, dtype=float) / np.sum(p0)
    n = int(n)
    k = int(round(fresh * n))
    m = n - k
    S0 = float(np.sum(p0 ** 2))
    S, out = S0, [1.0 - S0]
    for _ in range(int(generations)):
        own = (m / n) ** 2 * ((1 - 1 / m) * S + 1 / m) if m else 0.0
        new = (k / n) ** 2 * ((1 - 1 / k) * S0 + 1 / k) if k else 0.0
        S = own + 2 * m * k / n ** 2 * S0 + new
        out.append(1.0 - S)
    return np.array(out)


def gaussian_refit(n, generations, runs=200, fresh=0.0, seed=0, var0=1.0):
    """Recursive Gaussian refitting: each generation draws n samples (k = round(fresh · n) of them from the
    original N(0, var0), the rest from the current fit N(μ, σ²)) and refits mean and variance by maximum
    likelihood (the variance with ddof = 0). Returns dict: mean, var, each (runs, generations+1).

    Drawn through the sufficient statistics, exactly as distributed as the n samples would make them: a group
    of m draws from N(μ, σ²) has mean μ + σZ/√m and sum of squares about it σ²χ²(m−1), independent; pooling
    two groups adds m·k/n (mean difference)² to the sums of squares.
    """
    rng = np.random.default_rng(seed)
    n = int(n)
    k = int(round(fresh * n))
    m = n - k
    mu, var = np.zeros(runs), np.full(runs, float(var0))
    means, variances = [mu], [var]
    for _ in range(int(generations)):
        mean_m = mu + np.sqrt(var / m) * rng.standard_normal(runs)
        ss = var * 2.0 * rng.standard_gamma((m - 1) / 2.0, runs)  # σ²·χ²(m − 1)
        if k:
            mean_k = np.sqrt(var0 / k) * rng.standard_normal(runs)
            ss = ss + var0 * 2.0 * rng.standard_gamma((k - 1) / 2.0, runs) + m * k / n * (mean_m - mean_k) ** 2
            mu = (m * mean_m + k * mean_k) / n
        else:
            mu = mean_m
        var = ss / n
        means.append(mu)
        variances.append(var)
    return {"mean": np.stack(means, axis=1), "var": np.stack(variances, axis=1)}


def gaussian_refit_samples(n, generations, runs=200, fresh=0.0, seed=0, var0=1.0):
    """The same process with every sample drawn and refitted explicitly (slow; kept to test gaussian_refit)."""
    rng = np.random.default_rng(seed)
    n = int(n)
    k = int(round(fresh * n))
    mu, var = np.zeros(runs), np.full(runs, float(var0))
    variances = [var]
    for _ in range(int(generations)):
        x = mu[:, None] + np.sqrt(var)[:, None] * rng.standard_normal((runs, n))
        x[:, n - k:] = np.sqrt(var0) * rng.standard_normal((runs, k))
        mu, var = x.mean(axis=1), x.var(axis=1)
        variances.append(var)
    return {"var": np.stack(variances, axis=1)}


def refit_variance(n, t, var0):
    """E[σ²_t] after t generations of MLE refitting to n samples: var0 · ((n − 1)/n)^t
    (each MLE variance is unbiased-variance · (n − 1)/n, and the generations multiply)."""
    return var0 * ((n - 1) / n) ** t


# ------------------------------------------------------------------ personas and mixtures


def persona_entropy(weights, conditionals):
    """Entropy bookkeeping of a persona mixture, in bits.

    weights: (M,) probabilities of the personas; conditionals: (M, J) rows p(y | persona m).
    Returns (H(Y|P), H(Y), I(Y;P)) with H(Y|P) = Σ_m w_m H(p(·|m)), H(Y) the entropy of the mixture
    Σ_m w_m p(·|m), and I = H(Y) − H(Y|P).
    """
    w = np.asarray(weights, dtype=float)
    C = np.asarray(conditionals, dtype=float)
    h_cond = float(sum(wm * entropy_bits(row) for wm, row in zip(w, C)))
    h_mix = entropy_bits(w @ C)
    return h_cond, h_mix, h_mix - h_cond


def kl_bits(p, q):
    """KL(p‖q) = Σ p log2(p/q) in bits (terms with p = 0 count 0; inf if q = 0 where p > 0)."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    s = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[s] * np.log2(p[s] / q[s])))


def mixture(w, p_syn, p_web):
    """The training distribution w · p_syn + (1 − w) · p_web."""
    return w * np.asarray(p_syn, dtype=float) + (1 - w) * np.asarray(p_web, dtype=float)


def best_mix(p_star, p_syn, p_web):
    """The weight w in [0, 1] minimising KL(p*‖w·p_syn + (1 − w)·p_web), and that KL in bits.

    KL is convex in w; its derivative −Σ p*_i (syn_i − web_i) / m_i(w) rises with w, so bisection on its
    sign finds w* (an end point if the derivative never changes sign).
    """
    p_star, p_syn, p_web = (np.asarray(a, dtype=float) for a in (p_star, p_syn, p_web))
    s = p_star > 0
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        slope = -np.sum(p_star[s] * (p_syn[s] - p_web[s]) / mixture(mid, p_syn[s], p_web[s]))
        if slope < 0:
            lo = mid
        else:
            hi = mid
    w = 0.5 * (lo + hi)
    return w, kl_bits(p_star, mixture(w, p_syn, p_web))


# ================================================================== explorables (live + static twins)

S_JOKES = zipf_for_share(0.9, TOP, N_JOKES)  # ≈ 1.204: the top 25 of 50 jokes hold 90 % of the prior
def _title(text, height):
    return pinned_title(text, height, size=15)


def _layout(height, **kw):
    return pinned_layout(height, size=15, **kw)


# ------------------------------------------------------------------ the joke machine

def _joke_view(T, top_p, personas, seed=0):
    """Everything the joke figure shows for one setting."""
    q, _ = joke_distribution(T, top_p, personas, s=S_JOKES)
    counts = joke_draws(q, N_DRAWS, seed)
    one = int(np.random.default_rng([seed, 1]).choice(N_JOKES, p=q)) + 1
    h = entropy_bits(counts)
    stats = (f"H = {h:.2f} bits, 2^H = {2 ** h:.1f} jokes, top 25 hold {100 * top_share(counts, TOP):.0f} %, "
             f"{int(np.count_nonzero(counts))} of {N_JOKES} jokes seen")
    return {"q": q * N_DRAWS, "counts": counts, "one": one, "stats": stats}


JOKE_H, JOKE_T, JOKE_B = 560, 100, 140  # px: height, top margin (title 32-52, buttons 62-92), bottom margin


def _joke_figure():
    fig = go.Figure()
    fig.update_xaxes(title_text="joke (numbered by the prior's rank: joke 1 is the model's favourite)",
                     range=[0.5, N_JOKES + 0.5])
    fig.update_yaxes(title_text=f"times drawn in {N_DRAWS:,} draws", rangemode="tozero")
    fig.update_layout(**_layout(JOKE_H, margin=dict(l=70, r=30, t=JOKE_T, b=JOKE_B), bargap=0.1,
                                legend=dict(x=0.99, y=0.98, xanchor="right", yanchor="top",
                                            bgcolor="rgba(255,255,255,0.85)")),
                      meta={"alt": "Histogram of 1,008 jokes drawn from a toy language model over 50 jokes, with "
                                   "its expected counts: at low temperature and with one persona a few jokes take "
                                   "almost every draw; higher temperature and more personas spread the draws."})
    return fig


def _joke_title(v, T, top_p, personas):
    return (f"Joke machine: T = {T:.2f}, top-p = {top_p:.2f}, {personas} persona{'s' * (personas != 1)}<br>"
            f"<span style='font-size:12px'>{v['stats']}. One draw on its own: joke {v['one']}</span>")


def joke_static(Ts=(0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0), personas=(1, 5, 25), top_p=1.0):
    """The joke machine in the book: slider over temperature T, buttons for the number of personas
    (each has its own bars and expected-count line; the buttons toggle visibility). top-p fixed at 1."""
    fig = _joke_figure()
    x = np.arange(1, N_JOKES + 1)
    default_T, default_m = Ts.index(1.0), 0
    colours = (PALETTE["blue"], PALETTE["green"], PALETTE["purple"], PALETTE["orange"])
    for i, m in enumerate(personas):
        v = _joke_view(Ts[default_T], top_p, m)
        fig.add_trace(go.Bar(x=x, y=v["counts"], name=f"draws, {m} persona{'s' * (m != 1)}",
                             marker_color=colours[i % len(colours)], visible=i == default_m,
                             hovertemplate="joke %{x}: %{y} draws<extra></extra>"))
        fig.add_trace(go.Scatter(x=x, y=round_sig(v["q"]), name="expected count", mode="lines",
                                 line=dict(color=PALETTE["vermillion"], width=2, shape="hvh"),
                                 visible=i == default_m, hovertemplate="joke %{x}: %{y:.1f}<extra></extra>"))

    def states(T):
        views = [_joke_view(T, top_p, m) for m in personas]
        return {"y": [a for v in views for a in (v["counts"], v["q"])],
                "name": [a for v, m in zip(views, personas)
                         for a in (f"draws, {m} persona{'s' * (m != 1)}: {', '.join(v['stats'].split(', ')[:2])}",
                                   "expected count")]}

    precomputed_slider_figure(fig, "temperature T", Ts, states, list(range(2 * len(personas))), active=default_T,
                              fmt="{:.2f}".format, title=lambda T: f"Joke machine: T = {T:.2f}, top-p = {top_p:.2f}")
    for k, v in states(Ts[default_T]).items():
        for tr, val in zip(fig.data, v):
            tr[k] = val
    paper = JOKE_H - JOKE_T - JOKE_B
    fig.layout.sliders[0].y = -60 / paper  # below the x-axis title, inside the bottom margin
    fig.update_layout(title=_title(f"Joke machine: T = {Ts[default_T]:.2f}, top-p = {top_p:.2f}", JOKE_H),
                      updatemenus=[dict(
                          name="personas", type="buttons", direction="right", x=0.0, y=1 + (JOKE_T - 62) / paper,
                          xanchor="left", yanchor="top", showactive=True, active=default_m, pad=dict(r=4, t=0),
                          buttons=[dict(label=f"{m} persona{'s' * (m != 1)}", method="restyle",
                                        args=[{"visible": [j // 2 == i for j in range(2 * len(personas))]}])
                                   for i, m in enumerate(personas)])])
    return fig


def joke_live():
    """The joke machine in JupyterLab: temperature, top-p, personas and the seed of the 1,008 draws."""
    fig = _joke_figure()
    x = np.arange(1, N_JOKES + 1)
    fig.add_trace(go.Bar(x=x, name=f"{N_DRAWS:,} draws", marker_color=PALETTE["blue"],
                         hovertemplate="joke %{x}: %{y} draws<extra></extra>"))
    fig.add_trace(go.Scatter(x=x, name="expected count", mode="lines",
                             line=dict(color=PALETTE["vermillion"], width=2, shape="hvh"),
                             hovertemplate="joke %{x}: %{y:.1f}<extra></extra>"))
    fig.update_layout(margin=dict(l=70, r=30, t=100, b=70), height=JOKE_H - 70)
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    T = W.FloatSlider(1.0, min=0.05, max=3.0, step=0.05, description="T (temperature)", style=style,
                      readout_format=".2f")
    top_p = W.FloatSlider(1.0, min=0.05, max=1.0, step=0.05, description="top-p (nucleus)", style=style,
                          readout_format=".2f")
    personas = W.IntSlider(1, min=1, max=N_JOKES, description="personas", style=style)
    seed = W.IntSlider(0, min=0, max=20, description="seed of the draws", style=style)

    def update(*_):
        v = _joke_view(T.value, top_p.value, personas.value, seed.value)
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = v["counts"], v["q"]
            fw.layout.title.text = _joke_title(v, T.value, top_p.value, personas.value)

    for c in (T, top_p, personas, seed):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([T, top_p]), W.VBox([personas, seed])]), fw])


def joke_machine() -> Explorable:
    return Explorable("The joke machine", live=joke_live, static=joke_static)


# ------------------------------------------------------------------ the ouroboros (recursive refitting)

OURO = dict(K=10, runs=100, generations=30)  # 10 equally likely categories, 100 runs, 30 generations


def _ouro_categorical(n, fresh, K=OURO["K"], generations=OURO["generations"], runs=OURO["runs"], seed=0):
    p0 = np.full(int(K), 1.0 / K)
    wf = wright_fisher(p0, n, generations, runs, fresh, seed)
    return {"gs": wf["gs"].mean(axis=0), "gs_theory": wright_fisher_expected(p0, n, generations, fresh),
            "alive": wf["alive"].mean(axis=0)}


def _ouro_gaussian(n, fresh, generations=OURO["generations"], runs=OURO["runs"], seed=0):
    g = gaussian_refit(n, generations, runs, fresh, seed)
    return {"var": g["var"].mean(axis=0), "var_theory": refit_variance(n, np.arange(generations + 1), 1.0)}


def _ouro_view(n, fresh, K=OURO["K"], generations=OURO["generations"], runs=OURO["runs"], seed=0):
    """Everything the ouroboros figure shows: categorical and Gaussian refitting, simulated and in theory."""
    return {**_ouro_categorical(n, fresh, K, generations, runs, seed), **_ouro_gaussian(n, fresh, generations, runs, seed)}


def _ouro_figure(generations=OURO["generations"]):
    fig = make_subplots(rows=3, cols=1, vertical_spacing=0.1, shared_xaxes=True,
                        subplot_titles=("categorical: diversity 1 − Σp², mean of runs",
                                        "categorical: categories still alive, mean of runs",
                                        "Gaussian: refitted variance σ², mean of runs"))
    fig.update_xaxes(range=[0, generations])
    fig.update_xaxes(title_text="generation t", row=3, col=1)
    fig.update_yaxes(title_text="1 − Σp²", range=[0, 1], row=1, col=1)
    fig.update_yaxes(title_text="categories", range=[0, OURO["K"] + 0.5], row=2, col=1)
    fig.update_yaxes(title_text="σ² (start 1)", range=[0, 1.3], row=3, col=1)
    top1 = fig.layout.yaxis.domain[1]
    fig.update_layout(**_layout(OURO_H, margin=dict(l=70, r=30, t=OURO_T, b=OURO_B),
                                legend=dict(x=0.99, y=top1, xanchor="right", yanchor="top", font=dict(size=11),
                                            bgcolor="rgba(255,255,255,0.85)")),
                      meta={"alt": "Three panels over generations of refitting a model to its own samples: "
                                   "categorical diversity and the simulated mean follow the theory (1 − 1/n)^t "
                                   "down, categories die out and never return, and a Gaussian's variance "
                                   "shrinks as ((n − 1)/n)^t; fresh data holds all three up."})
    return fig


OURO_H, OURO_T, OURO_B = 860, 140, 110  # px: height, top margin (title 32-52, buttons 62-92), bottom
_OURO_TRACES = (("gs", 1, "simulated", "solid"), ("gs_theory", 1, "categorical theory: exact E[1 − Σp²]", "dot"),
                ("alive", 2, "simulated", "solid"), ("var", 3, "simulated", "solid"),
                ("var_theory", 3, "Gaussian theory without fresh data: ((n−1)/n)^t", "dot"))


def _add_ouro_traces(fig, colour, suffix="", visible=True, legend=True):
    t = np.arange(OURO["generations"] + 1)
    for key, row, name, dash in _OURO_TRACES:
        theory = key.endswith("theory")
        fig.add_trace(go.Scatter(x=t, name=(name + suffix) if not theory else name, mode="lines",
                                 line=dict(color="#444" if theory else colour, dash=dash, width=2),
                                 visible=visible, showlegend=legend and key in ("gs", "gs_theory", "var_theory"),
                                 hovertemplate="t=%{x}: %{y:.3f}<extra></extra>"), row=row, col=1)


def ouroboros_static(ns=(2, 5, 10, 20, 50, 100, 200), fresh=(0.0, 0.1, 0.3)):
    """Recursive refitting in the book: slider over samples per generation n, buttons for the fraction
    of fresh data (each fraction has its own traces; the buttons toggle visibility)."""
    fig = _ouro_figure()
    colours = (PALETTE["blue"], PALETTE["green"], PALETTE["orange"])
    per = len(_OURO_TRACES)
    default_n = ns.index(20)
    for i, f in enumerate(fresh):
        _add_ouro_traces(fig, colours[i], f", fresh {100 * f:.0f} %", visible=i == 0)

    def states(n):
        views = [_ouro_view(n, f) for f in fresh]
        return {"y": [v[key] for v in views for key, *_ in _OURO_TRACES]}

    for k, v in states(ns[default_n]).items():
        for tr, val in zip(fig.data, v):
            tr[k] = round_sig(val)
    title = lambda n: f"Ouroboros: each generation refits to n = {n} samples of the previous one"
    precomputed_slider_figure(fig, "samples per generation n", ns, states, list(range(per * len(fresh))),
                              active=default_n, fmt="{:d}".format, title=title)
    paper = OURO_H - OURO_T - OURO_B
    fig.layout.sliders[0].y = -50 / paper
    fig.update_layout(title=_title(title(ns[default_n]), OURO_H), updatemenus=[dict(
        name="fresh data per generation", type="buttons", direction="right", x=0.0, y=1 + (OURO_T - 62) / paper,
        xanchor="left", yanchor="top", showactive=True, active=0, pad=dict(r=4, t=0),
        buttons=[dict(label=f"fresh {100 * f:.0f} %", method="restyle",
                      args=[{"visible": [j // per == i for j in range(per * len(fresh))]}])
                 for i, f in enumerate(fresh)])])
    return fig


def ouroboros_live():
    """Recursive refitting in JupyterLab: samples per generation, fresh fraction, categories, seed."""
    fig = _ouro_figure()
    _add_ouro_traces(fig, PALETTE["blue"])
    fw = go.FigureWidget(fig)
    style = {"description_width": "170px"}
    n = W.IntSlider(20, min=2, max=200, description="n (samples / generation)", style=style)
    fresh = W.FloatSlider(0.0, min=0.0, max=0.5, step=0.05, description="fresh data fraction", style=style,
                          readout_format=".2f")
    K = W.IntSlider(OURO["K"], min=2, max=20, description="K (categories at start)", style=style)
    seed = W.IntSlider(0, min=0, max=20, description="seed", style=style)

    gaussian = {}  # the Gaussian panel does not depend on K: recomputed only when n, fresh or seed move

    def update(*_):
        key = (n.value, fresh.value, seed.value)
        if key not in gaussian:
            gaussian.clear()
            gaussian[key] = _ouro_gaussian(n.value, fresh.value, seed=seed.value)
        v = {**_ouro_categorical(n.value, fresh.value, K.value, seed=seed.value), **gaussian[key]}
        with fw.batch_update():
            for tr, (key, *_rest) in zip(fw.data, _OURO_TRACES):
                tr.y = v[key]
            fw.layout.yaxis2.range = [0, K.value + 0.5]
            k = int(round(fresh.value * n.value))
            fw.layout.title.text = (f"Ouroboros: n = {n.value} samples per generation ({k} fresh), "
                                    f"K = {K.value} categories")

    for c in (n, fresh, K, seed):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([n, fresh]), W.VBox([K, seed])]), fw])


def ouroboros() -> Explorable:
    return Explorable("Ouroboros: a model refitted to its own samples", live=ouroboros_live, static=ouroboros_static)


# ------------------------------------------------------------------ the mixture weight

MIX = dict(p_star=np.array([0.4, 0.3, 0.2, 0.1]), p_syn=np.array([0.7, 0.2, 0.05, 0.05]),
           p_web=np.array([0.1, 0.2, 0.3, 0.4]))  # a toy target, a synthetic and a web distribution
MIX_LABELS = ["type A", "type B", "type C", "type D"]


def _mix_curve(n=201):
    ws = np.linspace(0, 1, n)
    return ws, np.array([kl_bits(MIX["p_star"], mixture(w, MIX["p_syn"], MIX["p_web"])) for w in ws])


def _mix_title(w):
    kl = kl_bits(MIX["p_star"], mixture(w, MIX["p_syn"], MIX["p_web"]))
    return f"Mixture: w = {w:.2f} synthetic, KL(p*‖q) = {kl:.4f} bits"


def _mix_figure():
    fig = make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55], horizontal_spacing=0.12,
                        subplot_titles=("distributions over four kinds of text", "KL(p*‖w·p_syn + (1−w)·p_web)"))
    for key, name, c in (("p_star", "target p*", PALETTE["black"]), ("p_syn", "synthetic p_syn", PALETTE["orange"]),
                         ("p_web", "web p_web", PALETTE["sky"])):
        fig.add_trace(go.Bar(x=MIX_LABELS, y=MIX[key], name=name, marker_color=c), row=1, col=1)
    fig.add_trace(go.Scatter(x=MIX_LABELS, name="mixture q", mode="lines+markers",
                             line=dict(color=PALETTE["vermillion"], width=3)), row=1, col=1)
    ws, kl = _mix_curve()
    fig.add_trace(go.Scatter(x=ws, y=round_sig(kl), name="KL (bits)", mode="lines", line=dict(color=PALETTE["blue"]),
                             showlegend=False), row=1, col=2)
    w_best, kl_best = best_mix(MIX["p_star"], MIX["p_syn"], MIX["p_web"])
    fig.add_trace(go.Scatter(x=[w_best], y=[kl_best], name=f"minimum: w* = {w_best:.3f}", mode="markers",
                             marker=dict(symbol="star", size=14, color=PALETTE["green"])), row=1, col=2)
    fig.add_trace(go.Scatter(name="your w", mode="markers", marker=dict(size=11, color=PALETTE["vermillion"])),
                  row=1, col=2)
    fig.update_yaxes(title_text="probability", range=[0, 0.75], row=1, col=1)
    fig.update_xaxes(title_text="synthetic weight w", range=[0, 1], row=1, col=2)
    fig.update_yaxes(title_text="KL (bits)", rangemode="tozero", row=1, col=2)
    fig.update_layout(**_layout(470, margin=dict(l=70, r=30, t=90, b=130), barmode="group",
                                legend=dict(orientation="h", x=0, y=-0.18, xanchor="left", yanchor="top")),
                      meta={"alt": "Bars of a target distribution, a synthetic and a web distribution and their "
                                   "mixture; beside them the KL divergence from the target as a function of the "
                                   "synthetic weight w, a convex curve with its minimum marked."})
    return fig


def _mix_state(w):
    q = mixture(w, MIX["p_syn"], MIX["p_web"])
    return q, kl_bits(MIX["p_star"], q)


def mixture_static(ws=tuple(np.round(np.linspace(0, 1, 11), 2))):
    """The mixture in the book: slider over the synthetic weight w."""
    fig = _mix_figure()
    active = 6  # w = 0.6, next to the optimum

    def states(w):
        q, kl = _mix_state(w)
        return {"y": [q, [kl]], "x": [MIX_LABELS, [w]]}

    for k, v in states(ws[active]).items():
        for tr, val in zip((fig.data[3], fig.data[6]), v):
            tr[k] = val
    precomputed_slider_figure(fig, "synthetic weight w", ws, states, [3, 6], active=active, fmt="{:.1f}".format,
                              title=_mix_title)
    fig.layout.sliders[0].y = -0.45
    fig.layout.sliders[0].pad = dict(t=10, b=10)
    return fig.update_layout(title=_title(_mix_title(ws[active]), 470), margin=dict(b=170), height=510)


def mixture_live():
    """The mixture in JupyterLab: the synthetic weight w moves the mixture and its point on the KL curve."""
    fw = go.FigureWidget(_mix_figure())
    w = W.FloatSlider(0.6, min=0.0, max=1.0, step=0.01, description="w (synthetic weight)",
                      style={"description_width": "150px"}, readout_format=".2f")

    def update(*_):
        q, kl = _mix_state(w.value)
        with fw.batch_update():
            fw.data[3].y = q
            fw.data[6].x, fw.data[6].y = [w.value], [kl]
            fw.layout.title.text = _mix_title(w.value)

    w.observe(update, "value")
    update()
    return W.VBox([w, fw])


def mixture_explorer() -> Explorable:
    return Explorable("Mixing synthetic and web data", live=mixture_live, static=mixture_static)
