"""Grading models against professionals; Goodhart: the models of chapter `evals-goodhart` and its explorables.

Models (pure numpy / math, parameters in, numbers or arrays out; rates are fractions, times in minutes):
    normal_cdf, normal_quantile   Φ(x) via math.erf, and its inverse by bisection (z for a 95 % interval)
    win_rate_wilson      wins + ties ("at least as good as the expert") over all comparisons, Wilson interval
    wald_interval        the textbook p̂ ± z·√(p̂(1 − p̂)/n), for comparison
    interval_coverage    exact coverage of the Wald or Wilson interval (sum over the binomial)
    bradley_terry        Bradley–Terry strengths from a pairwise win matrix, by the MM algorithm
    review_economics     try the model, review, fall back to the human: expected time and speed-up
    eval_precision       standard error, 95 % half-width and the n needed for a target half-width
    expected_max_normal  E[max of N independent standard normals], by numerical integration
    best_of_n            regressional Goodhart: proxy and true value of the best-of-N by the proxy
    best_of_n_simulated  the same, by seeded simulation
    leaderboard_best     the best of k coin-flip-like classifiers on a public set: public vs private accuracy
    leaderboard_simulated  the same, by seeded simulation
    trilemma_mse         bias² and variance of a human-graded and a judge-graded estimate on one budget
    ppi_estimate         a cheap judge on every item, corrected by experts on a few (control variate / PPI)
    ppi_simulation       seeded replicates of it, against expert-only and judge-only estimates
Explorables: goodhart_simulator(), leaderboard_reuse(), eval_trilemma().
"""
from __future__ import annotations

import functools
import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure, round_sig

# ------------------------------------------------------------------ the normal distribution (written once)

_erf = np.vectorize(math.erf, otypes=[float])


def normal_cdf(x):
    """Standard normal CDF Φ(x) = (1 + erf(x/√2))/2, elementwise (math.erf is exact to double precision)."""
    return 0.5 * (1.0 + _erf(np.asarray(x, dtype=float) / math.sqrt(2.0)))


def normal_quantile(q):
    """Φ⁻¹(q) for 0 < q < 1 by bisection on math.erf (to ~1e-15): normal_quantile(0.975) = 1.959964."""
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if 0.5 * (1.0 + math.erf(mid / math.sqrt(2.0))) < q:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    return 0.5 * (lo + hi)


Z95 = normal_quantile(0.975)  # 1.959964 (the "1.96" of a two-sided 95 % interval)

# ------------------------------------------------------------------ pairwise grading: a rate and its interval


def win_rate_wilson(wins, ties, losses, z=Z95):
    """Share of comparisons in which the model was rated at least as good as the expert, (wins + ties)/n,
    with its Wilson score interval at z (z = 1.96 for 95 %). n = wins + ties + losses >= 1.

    Wilson: centre (p̂ + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²).
    Returns (p̂, low, high)."""
    n = wins + ties + losses
    p = (wins + ties) / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return p, centre - half, centre + half


def wald_interval(k, n, z=Z95):
    """The textbook (Wald) interval p̂ ± z·√(p̂(1 − p̂)/n), p̂ = k/n: zero width at k = 0 or n."""
    p = k / n
    h = z * math.sqrt(p * (1 - p) / n)
    return p - h, p + h


def interval_coverage(n, p, method="wilson", z=Z95):
    """Exact probability that the interval computed from k ~ Binomial(n, p) contains p (a sum over k)."""
    total = 0.0
    for k in range(n + 1):
        lo, hi = wald_interval(k, n, z) if method == "wald" else win_rate_wilson(k, 0, n - k, z)[1:]
        if lo <= p <= hi:
            total += math.comb(n, k) * p**k * (1 - p) ** (n - k)
    return total


# ------------------------------------------------------------------ Bradley–Terry


def bradley_terry(W, tol=1e-12, max_iter=100_000):
    """Bradley–Terry strengths (summing to 1) from W[i][j] = times i beat j, by Hunter's MM algorithm:
    p_i ← W_i / Σ_{j≠i} n_ij/(p_i + p_j), with W_i = i's total wins and n_ij = W[i][j] + W[j][i];
    renormalised to sum 1 after every sweep. P(i beats j) = p_i/(p_i + p_j). Needs every player to win
    and lose at least once against a connected set of opponents (otherwise the MLE does not exist)."""
    W = np.asarray(W, dtype=float)
    n = W + W.T
    wins = W.sum(axis=1)
    p = np.full(len(W), 1.0 / len(W))
    for _ in range(max_iter):
        denom = (n / (p[:, None] + p[None, :])).sum(axis=1)
        new = wins / denom
        new = new / new.sum()
        if np.abs(new - p).max() < tol:
            return new
        p = new
    return p


# ------------------------------------------------------------------ review economics


def review_economics(t_model, t_review, t_human, w):
    """Try the model, review its output, redo the task yourself when it is not good enough.

    Every task costs t_model + t_review; with probability 1 − w (w = rate at which the output is usable)
    the human also does it (t_human). Returns (expected minutes per task, speed-up t_human / E[time])."""
    e = t_model + t_review + (1 - w) * t_human
    return e, t_human / e


# ------------------------------------------------------------------ how precise is an eval?


def eval_precision(p, n, half_width, z=Z95):
    """Standard error √(p(1 − p)/n) of a rate p measured on n items, the interval's half-width z·SE,
    and the smallest whole n whose half-width is at most `half_width`: ceil(z² p(1 − p)/half_width²).
    (The 1e-9 guards the ceiling against round-off when the ratio is a whole number.)
    Returns (se, half-width, n_needed)."""
    se = math.sqrt(p * (1 - p) / n)
    need = math.ceil(z * z * p * (1 - p) / half_width**2 - 1e-9)
    return se, z * se, need


# ------------------------------------------------------------------ regressional Goodhart

_GRID = np.linspace(-12.0, 12.0, 9601)  # integration grid for E[max of N normals] (step 0.0025)
_PHI = normal_cdf(_GRID)
_DENSITY = np.exp(-0.5 * _GRID**2) / math.sqrt(2 * math.pi)


def expected_max_normal(N):
    """E[max of N independent standard normals] = ∫ x · N φ(x) Φ(x)^(N−1) dx (trapezoid rule on
    [−12, 12], step 0.0025; error < 1e-9 for N up to 10⁶). N = 1 gives 0, N = 2 gives 1/√π."""
    N = int(N)
    f = _GRID * N * _DENSITY * _PHI ** (N - 1)
    return float(np.sum((f[1:] + f[:-1]) * 0.5 * np.diff(_GRID)))


def best_of_n(N, sigma_t=1.0, sigma_n=1.0):
    """N candidates with true values ~ N(0, σt²); we see proxy = true + noise, noise ~ N(0, σn²).
    Pick the one with the highest proxy. Its expected proxy is s·E[max of N standard normals],
    s = √(σt² + σn²); its expected true value is that times σt²/s² (E[true | proxy] = proxy·σt²/s²).
    Returns (E[proxy of the winner], E[true value of the winner])."""
    s2 = sigma_t**2 + sigma_n**2
    proxy = math.sqrt(s2) * expected_max_normal(N)
    return proxy, proxy * sigma_t**2 / s2


def best_of_n_simulated(N, sigma_t=1.0, sigma_n=1.0, reps=2000, seed=0):
    """Seeded simulation of best_of_n: returns (mean proxy, mean true value) of the winners over reps."""
    rng = np.random.default_rng(seed)
    true = sigma_t * rng.standard_normal((reps, int(N)))
    proxy = true + sigma_n * rng.standard_normal((reps, int(N)))
    win = proxy.argmax(axis=1)
    rows = np.arange(reps)
    return float(proxy[rows, win].mean()), float(true[rows, win].mean())


def leaderboard_best(k, n_public, accuracy=0.5):
    """k classifiers of the same true accuracy are scored on n_public public items and the best is kept.
    Normal approximation: each public score is accuracy + SE·Z, SE = √(a(1 − a)/n_public), so the kept one
    scores accuracy + SE·E[max of k standard normals] in public. A private set never saw the selection:
    there it scores its true accuracy. Returns (expected public accuracy, expected private accuracy)."""
    se = math.sqrt(accuracy * (1 - accuracy) / n_public)
    return accuracy + se * expected_max_normal(k), accuracy


def leaderboard_simulated(k, n_public, n_private=None, accuracy=0.5, reps=2000, seed=0):
    """Seeded simulation of leaderboard_best with binomial scores. Returns (mean public, mean private)."""
    n_private = n_public if n_private is None else n_private
    rng = np.random.default_rng(seed)
    public = rng.binomial(int(n_public), accuracy, size=(reps, int(k))) / n_public
    private = rng.binomial(int(n_private), accuracy, size=reps) / n_private  # the kept one's, on fresh items
    return float(public.max(axis=1).mean()), float(private.mean())


# ------------------------------------------------------------------ the trilemma: cheap, reliable, accurate


def trilemma_mse(budget, cost_human, cost_judge, bias, judge_sd, p=0.5):
    """Estimating a win rate p with a fixed budget: human labels (unbiased; variance p(1 − p) per label) or
    judge labels (bias `bias`, extra noise sd `judge_sd` per label). n = budget / cost labels each.
    Returns dict human=(bias², variance), judge=(bias², variance); MSE = bias² + variance."""
    n_h, n_j = budget / cost_human, budget / cost_judge
    return {"human": (0.0, p * (1 - p) / n_h), "judge": (bias**2, (p * (1 - p) + judge_sd**2) / n_j)}


# ------------------------------------------------------------------ a cheap judge corrected by a few experts


def ppi_estimate(judge_all, judge_labelled, human_labelled):
    """Prediction-powered (control-variate) estimate of the expert rate: the judge's mean on every item plus the
    mean correction human − judge on the items that also have an expert label. Unbiased for the expert rate
    whatever the judge's bias, when the labelled items are a random subset."""
    correction = np.mean(np.asarray(human_labelled, dtype=float) - np.asarray(judge_labelled, dtype=float))
    return float(np.mean(judge_all)) + float(correction)


def ppi_simulation(n_labelled=100, n_items=2000, p=0.476, flip_up=0.15, flip_down=0.05, reps=1000, seed=0):
    """Seeded replicates: expert verdicts H ~ Bernoulli(p) on n_items; a judge copies H but turns a 0 into a 1
    with probability flip_up and a 1 into a 0 with probability flip_down (bias (1 − p)·flip_up − p·flip_down).
    The first n_labelled items also have the expert's verdict. Returns dict of arrays (reps,): ppi, experts
    (expert labels only), judge (judge only), and the judge's bias."""
    rng = np.random.default_rng(seed)
    H = rng.random((reps, n_items)) < p
    u = rng.random((reps, n_items))
    J = np.where(H, u >= flip_down, u < flip_up)
    Hl, Jl = H[:, :n_labelled], J[:, :n_labelled]
    ppi = J.mean(axis=1) + (Hl.astype(float) - Jl).mean(axis=1)
    return {"ppi": ppi, "experts": Hl.mean(axis=1), "judge": J.mean(axis=1),
            "bias": (1 - p) * flip_up - p * flip_down}


# ================================================================== explorables (live + static twins)

TITLE_TOP = 32


def _title(text, height):
    return dict(text=text, x=0.02, xanchor="left", yref="container", y=1.0 - TITLE_TOP / height, yanchor="top",
                font=dict(size=15))


# ------------------------------------------------------------------ 1. the Goodhart simulator

N_CURVE = np.unique(np.round(np.logspace(0, 3, 40)).astype(int))  # 1 .. 1000
N_SIM = (1, 3, 10, 30, 100, 300, 1000)
RATIOS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0)  # noise σn / σt (σt = 1)
SIM_REPS = 200


def _frozen(a):
    a = np.asarray(a)
    a.flags.writeable = False
    return a


_EMAX_CURVE = _frozen([expected_max_normal(n) for n in N_CURVE])  # computed once: the curves' E[max]
_Z_TRUE, _Z_NOISE = map(_frozen, np.random.default_rng(0).standard_normal((2, SIM_REPS, N_SIM[-1])))


def goodhart_view(ratio):
    """Everything the simulator shows at noise ratio σn/σt (σt = 1): analytic curves over N_CURVE and
    simulated means at N_SIM over SIM_REPS seeded runs (the same draws for every ratio and N: common
    random numbers, so a slider move changes only what the ratio changes)."""
    emax, zt, reps = _EMAX_CURVE, _Z_TRUE, SIM_REPS
    s = math.sqrt(1 + ratio**2)
    proxy = zt + ratio * _Z_NOISE
    sp, st = [], []
    for n in N_SIM:
        win = proxy[:, :n].argmax(axis=1)
        sp.append(proxy[np.arange(reps), win].mean())
        st.append(zt[np.arange(reps), win].mean())
    return {"proxy": s * emax, "true": emax / s, "sim_proxy": np.array(sp), "sim_true": np.array(st)}


def _goodhart_title(ratio, n=100):
    p, t = best_of_n(n, 1.0, ratio)
    return f"σn/σt = {ratio:g}: best of {n} scores {p:.2f} on the proxy, is worth {t:.2f} (gap {p - t:.2f})"


def _curves_and_simulations(x_curve, x_sim, names, hovers):
    """A figure with two analytic curves (vermillion, blue) and their simulated means as open markers; the
    traces are filled in by the caller. names: the four trace names; hovers: the two curves' hovertemplates."""
    fig = go.Figure()
    for name, colour, hover in zip(names[:2], ("vermillion", "blue"), hovers):
        fig.add_trace(go.Scatter(x=x_curve, name=name, mode="lines", line=dict(color=PALETTE[colour], width=3),
                                 hovertemplate=hover))
    for name, colour, symbol in zip(names[2:], ("vermillion", "blue"), ("circle-open", "diamond-open")):
        fig.add_trace(go.Scatter(x=list(x_sim), name=name, mode="markers",
                                 marker=dict(color=PALETTE[colour], size=9, symbol=symbol, line=dict(width=2))))
    return fig


def _goodhart_figure(height):
    fig = _curves_and_simulations(
        N_CURVE, N_SIM, ["proxy of the winner (analytic)", "true value of the winner (analytic)",
                         f"proxy, simulated ({SIM_REPS} runs)", f"true, simulated ({SIM_REPS} runs)"],
        ["N=%{x}: proxy %{y:.3f}<extra></extra>", "N=%{x}: true %{y:.3f}<extra></extra>"])
    fig.update_layout(**{**layout(height=height, margin=dict(l=70, r=30, t=110, b=60),
                                  legend=dict(x=0.01, y=0.99, xanchor="left", yanchor="top",
                                              bgcolor="rgba(255,255,255,0.85)")), "title": _title("", height)},
                      meta={"alt": "The proxy score and the true value of the best of N candidates chosen by a noisy "
                                   "proxy: both grow with N, the proxy faster; the gap widens with the noise ratio, "
                                   "and simulated means sit on the analytic curves."})
    fig.update_xaxes(title_text="candidates compared N (log scale)", type="log")
    fig.update_yaxes(title_text="value of the winner (units of σt)", range=[-0.2, 10.5])
    return fig


def _goodhart_traces(v):
    return [v["proxy"], v["true"], v["sim_proxy"], v["sim_true"]]


def goodhart_static(ratios=RATIOS):
    """The book's twin: slider over the noise ratio σn/σt."""
    height = 560
    fig = _goodhart_figure(height)
    r0 = 1.0
    for tr, y in zip(fig.data, _goodhart_traces(goodhart_view(r0))):
        tr.y = round_sig(y)
    precomputed_slider_figure(fig, "noise ratio σn/σt", ratios, lambda r: {"y": _goodhart_traces(goodhart_view(r))},
                              [0, 1, 2, 3], active=ratios.index(r0), title=_goodhart_title)
    return fig.update_layout(title=_title(_goodhart_title(r0), height))


def goodhart_live():
    """The Goodhart simulator in JupyterLab: noise ratio and the N named in the title."""
    height = 560
    fw = go.FigureWidget(_goodhart_figure(height))
    style = {"description_width": "150px"}
    ratio = W.FloatSlider(1.0, min=0.0, max=3.0, step=0.05, description="noise ratio σn/σt", readout_format=".2f",
                          style=style, layout=W.Layout(width="430px"))
    n = W.IntSlider(100, min=1, max=1000, description="N in the title", style=style, layout=W.Layout(width="430px"))

    def update(*_):
        v = goodhart_view(ratio.value)
        with fw.batch_update():
            for tr, y in zip(fw.data, _goodhart_traces(v)):
                tr.y = y
            fw.layout.title.text = _goodhart_title(round(ratio.value, 2), n.value)

    for c in (ratio, n):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([ratio, n]), fw])


def goodhart_simulator() -> Explorable:
    return Explorable("The Goodhart simulator", live=goodhart_live, static=goodhart_static)


# ------------------------------------------------------------------ 2. leaderboard reuse

K_CURVE = N_CURVE
K_SIM = (1, 3, 10, 30, 100, 300, 1000)
N_PUBLIC = (100, 200, 500, 1000, 2000, 5000, 10000)
LB_REPS = 100


@functools.lru_cache(maxsize=32)
def _lb_simulated(n_public, reps=LB_REPS, seed=0):
    """Simulated mean public and private accuracy of the best of k in K_SIM (cached: one draw per size)."""
    rng = np.random.default_rng([seed, int(n_public)])
    scores = rng.binomial(int(n_public), 0.5, size=(reps, K_SIM[-1])) / n_public
    private = rng.binomial(int(n_public), 0.5, size=(reps, K_SIM[-1])) / n_public
    rows, sp, sq = np.arange(reps), [], []
    for k in K_SIM:
        win = scores[:, :k].argmax(axis=1)
        sp.append(float(scores[rows, win].mean()))
        sq.append(float(private[rows, win].mean()))
    return tuple(sp), tuple(sq)


def leaderboard_view(n_public):
    """Public (analytic, simulated) and private accuracy of the best of k coin-flip classifiers
    (k over K_CURVE = N_CURVE, so the curve reuses the precomputed E[max]; LB_REPS seeded runs)."""
    pub = 0.5 + math.sqrt(0.25 / n_public) * _EMAX_CURVE  # = leaderboard_best(k, n_public)[0] for k in K_CURVE
    sp, sq = _lb_simulated(int(n_public))
    return {"public": pub, "private": np.full(len(K_CURVE), 0.5), "sim_public": np.array(sp),
            "sim_private": np.array(sq)}


def _lb_title(n_public, k=100):
    pub = leaderboard_best(k, n_public)[0]
    return f"{n_public:,} public items: the best of {k} coin flips scores {100 * pub:.1f} % in public, 50 % in private"


def _lb_figure(height):
    fig = _curves_and_simulations(
        K_CURVE, K_SIM, ["public score of the best (normal approx.)", "private score of the same classifier",
                         f"public, simulated ({LB_REPS} runs)", f"private, simulated ({LB_REPS} runs)"],
        ["k=%{x}: %{y:.4f}<extra></extra>"] * 2)
    fig.update_layout(**{**layout(height=height, margin=dict(l=70, r=30, t=150, b=60),
                                  legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                         "title": _title("", height)},
                      meta={"alt": "Accuracy of the best of k classifiers that guess at random: on the public set "
                                   "used to pick it, the score climbs above 50 % as k grows, more on smaller sets; on "
                                   "a private set it stays at 50 %."})
    fig.update_xaxes(title_text="submissions compared on the public set k (log scale)", type="log")
    fig.update_yaxes(title_text="accuracy", range=[0.45, 0.68], tickformat=".0%")
    return fig


def _lb_traces(v):
    return [v["public"], v["private"], v["sim_public"], v["sim_private"]]


def leaderboard_static(sizes=N_PUBLIC):
    """The book's twin: slider over the public set's size."""
    height = 560
    fig = _lb_figure(height)
    n0 = 1000
    for tr, y in zip(fig.data, _lb_traces(leaderboard_view(n0))):
        tr.y = round_sig(y)
    precomputed_slider_figure(fig, "public set size", sizes, lambda n: {"y": _lb_traces(leaderboard_view(n))},
                              [0, 1, 2, 3], active=sizes.index(n0), fmt="{:,}".format, title=_lb_title)
    return fig.update_layout(title=_title(_lb_title(n0), height))


def leaderboard_live():
    """Leaderboard reuse in JupyterLab: public set size and the k named in the title."""
    height = 560
    fw = go.FigureWidget(_lb_figure(height))
    style = {"description_width": "150px"}
    size = W.SelectionSlider(options=[(f"{n:,}", n) for n in N_PUBLIC], value=1000, description="public set size",
                             style=style, layout=W.Layout(width="430px"))
    k = W.IntSlider(100, min=1, max=1000, description="k in the title", style=style, layout=W.Layout(width="430px"))

    def update(*_):
        v = leaderboard_view(size.value)
        with fw.batch_update():
            for tr, y in zip(fw.data, _lb_traces(v)):
                tr.y = y
            fw.layout.title.text = _lb_title(size.value, k.value)

    for c in (size, k):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([size, k]), fw])


def leaderboard_reuse() -> Explorable:
    return Explorable("Leaderboard reuse", live=leaderboard_live, static=leaderboard_static)


# ------------------------------------------------------------------ 3. the eval trilemma

BUDGETS = np.logspace(2, 5, 31)  # dollars (written "dollars" in figures: a "$" could start plotly LaTeX)
JUDGE_BIAS = (0.0, 0.01, 0.02, 0.05, 0.1)
TRI_COST_H, TRI_COST_J, TRI_SD = 100.0, 0.1, 0.2  # hypothetical: $100 per expert label, $0.10 per judge label


def trilemma_view(bias, cost_human=TRI_COST_H, cost_judge=TRI_COST_J, judge_sd=TRI_SD):
    """RMSE (percentage points) of the human-only and judge-only estimates across BUDGETS, and the judge's
    bias² and variance parts."""
    m = trilemma_mse(BUDGETS, cost_human, cost_judge, bias, judge_sd)
    hb, hv = m["human"]
    jb, jv = m["judge"]
    pp = lambda v: 100 * np.sqrt(v)
    return {"human": pp(hb + hv), "judge": pp(jb + jv), "judge_bias": pp(np.full(len(BUDGETS), jb)),
            "judge_sd": pp(jv)}


def _tri_title(bias, budget=1e4):
    m = trilemma_mse(budget, TRI_COST_H, TRI_COST_J, bias, TRI_SD)
    h, j = (100 * math.sqrt(sum(m[k])) for k in ("human", "judge"))
    return f"judge bias {100 * bias:g} pp: with {budget:,.0f} dollars, experts ±{h:.1f} pp, judge ±{j:.2f} pp (RMSE)"


def _tri_figure(height):
    fig = go.Figure()
    names = ("experts only: RMSE (no bias, few labels)", "judge only: RMSE", "judge: bias part",
             "judge: noise part (SE)")
    styles = (dict(color=PALETTE["blue"], width=3), dict(color=PALETTE["vermillion"], width=3),
              dict(color=PALETTE["vermillion"], dash="dot", width=2), dict(color=PALETTE["orange"], dash="dash", width=2))
    for name, line in zip(names, styles):
        fig.add_trace(go.Scatter(x=BUDGETS, name=name, mode="lines", line=line,
                                 hovertemplate="%{x:,.0f} dollars: %{y:.2f} pp<extra></extra>"))
    fig.update_layout(**{**layout(height=height, margin=dict(l=70, r=30, t=150, b=60),
                                  legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                         "title": _title("", height)},
                      meta={"alt": "Error of a win-rate estimate against the grading budget: expert labels are "
                                   "unbiased but few, so their error falls slowly; a cheap judge has many labels but "
                                   "its error levels off at its bias."})
    fig.update_xaxes(title_text="grading budget (dollars, log scale; hypothetical costs)", type="log")
    fig.update_yaxes(title_text="error of the estimate (pp)", type="log", range=[-1.5, 2.0])
    return fig


def _tri_traces(v):
    return [v["human"], v["judge"], v["judge_bias"], v["judge_sd"]]


def trilemma_static(biases=JUDGE_BIAS):
    """The book's twin: slider over the judge's bias."""
    height = 560
    fig = _tri_figure(height)
    b0 = 0.02
    for tr, y in zip(fig.data, _tri_traces(trilemma_view(b0))):
        tr.y = round_sig(np.maximum(y, 1e-3))
    precomputed_slider_figure(fig, "judge bias", biases,
                              lambda b: {"y": [np.maximum(y, 1e-3) for y in _tri_traces(trilemma_view(b))]},
                              [0, 1, 2, 3], active=biases.index(b0), fmt=lambda b: f"{100 * b:g} pp", title=_tri_title)
    return fig.update_layout(title=_title(_tri_title(b0), height))


def trilemma_live():
    """The eval trilemma in JupyterLab: judge bias and noise, cost per label of experts and of the judge."""
    height = 560
    fw = go.FigureWidget(_tri_figure(height))
    style = {"description_width": "170px"}
    lay = W.Layout(width="420px")
    bias = W.FloatSlider(0.02, min=0.0, max=0.1, step=0.005, description="judge bias (rate)", readout_format=".3f",
                         style=style, layout=lay)
    sd = W.FloatSlider(TRI_SD, min=0.0, max=0.5, step=0.05, description="judge extra noise (sd)",
                       readout_format=".2f", style=style, layout=lay)
    ch = W.FloatLogSlider(TRI_COST_H, base=10, min=0, max=3, step=0.25, description="dollars per expert label",
                          style=style, layout=lay)
    cj = W.FloatLogSlider(TRI_COST_J, base=10, min=-3, max=0, step=0.25, description="dollars per judge label",
                          style=style, layout=lay)

    def update(*_):
        v = trilemma_view(bias.value, ch.value, cj.value, sd.value)
        with fw.batch_update():
            for tr, y in zip(fw.data, _tri_traces(v)):
                tr.y = np.maximum(y, 1e-3)  # a zero bias is drawn at the axis floor (log scale)
            fw.layout.title.text = (f"judge bias {100 * bias.value:.1f} pp, {ch.value:,.2f} dollars per expert label, "
                                    f"{cj.value:.3f} per judge label")

    for c in (bias, sd, ch, cj):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([bias, sd]), W.HBox([ch, cj]), fw])


def eval_trilemma() -> Explorable:
    return Explorable("The eval trilemma", live=trilemma_live, static=trilemma_static)
