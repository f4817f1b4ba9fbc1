"""Companies of LLMs and owning your exocortex: the models of chapter `llm-companies` and its explorables.

Models (pure numpy, parameters in, numbers or arrays out). A "job" is one unit of work whose time on a
single worker is 1; a cascade routes items (questions, tasks) to a cheap small model first and escalates
some of them to a large one; costs are in arbitrary units per item (the small model's call = c_s).
    amdahl                speed-up of n workers when a share p of the job parallelises: 1/((1 − p) + p/n)
                          (the same law as the jobs-abundance chapter's amdahl_speedup, imported)
    reduction_depth       levels of a hierarchy that combines n results b at a time: ⌈log_b n⌉, in integers
    org_speedup           Amdahl plus r job-times of coordination per level of the hierarchy
    cascade_data          synthetic, calibrated confidences of a small model and who gets each item right
    cascade               (accuracy, mean cost per item) when items with confidence < τ are escalated
    cascade_curve         the same for every threshold τ taken from the confidences (the frontier)
    best_tau              the τ that maximises accuracy − λ·cost under a mean-cost budget
    availability          uptime with an independent fallback: 1 − (1 − a_c)(1 − a_o)
    downtime_minutes      minutes per (365-day) year a service with availability A is down
    expected_quality      mean quality per request: closed when up, else open when up, else 0
    fallback              (availability, downtime minutes per year, expected quality)
    minutes_for           minutes to get `words` words through a channel of `wpm` words per minute
    bits_per_second       a channel's rate in bits per second: wpm × bits per word / 60
Explorables: cascade_router(), org_chart(), fallback_router().
"""
from __future__ import annotations

import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.jobs_abundance import amdahl_speedup  # Amdahl's law lives once, in the jobs-abundance chapter

# ------------------------------------------------------------------ 1. parallel work and hierarchies

amdahl = amdahl_speedup  # S(n) = 1/((1 − p) + p/n): a share p of the job spread over n workers


def reduction_depth(n, b):
    """Levels of a tree that combines the results of n workers b at a time (each manager reduces b reports
    to one) until one result is left: the smallest d with b^d >= n, i.e. ⌈log_b n⌉, computed in integers
    (math.log(125, 5) is 3.0000000000000004 in floating point). n >= 1 workers, branching factor b >= 2."""
    depth, reach = 0, 1
    while reach < n:
        reach *= b
        depth += 1
    return depth


def org_speedup(p, n, b, r):
    """Speed-up of an organisation of n workers: Amdahl's 1/((1 − p) + p/n) with r job-times of
    coordination added for every level of the reporting hierarchy (branching factor b). r = 0 is Amdahl."""
    return 1.0 / ((1.0 - p) + p / n + r * reduction_depth(n, b))


# ------------------------------------------------------------------ 2. escalation as a cascade


def cascade_data(n=1000, seed=0):
    """A synthetic benchmark of n items for a small and a large model (hypothetical, for the widget).

    The small model's confidence c ~ Beta(4, 1.6) is calibrated: it is right with probability c. The large
    model fails on the same items more rarely, right with probability 1 − 0.3·(1 − c) (hard items stay hard).
    Returns dict: conf (n,) float, small_ok (n,) bool, large_ok (n,) bool.
    """
    rng = np.random.default_rng(seed)
    conf = rng.beta(4.0, 1.6, int(n))
    small_ok = rng.random(int(n)) < conf
    large_ok = rng.random(int(n)) < 1.0 - 0.3 * (1.0 - conf)
    return {"conf": conf, "small_ok": small_ok, "large_ok": large_ok}


def cascade(conf, small_ok, large_ok, tau, c_s, c_L):
    """Run a two-model cascade over items. Every item goes to the small model (cost c_s); an item whose
    small-model confidence is below tau (strictly: conf < tau) is escalated to the large model (cost c_L more),
    whose answer is used instead. small_ok, large_ok: whether each model gets each item right.
    Returns (accuracy, mean cost per item) = (share of items answered right, c_s + P(escalate)·c_L)."""
    escalate = np.asarray(conf, dtype=float) < tau
    right = np.where(escalate, large_ok, small_ok)
    return float(np.mean(right)), c_s + float(np.mean(escalate)) * c_L


def cascade_curve(conf, small_ok, large_ok, c_s, c_L):
    """cascade() for every distinct threshold τ taken from the confidences, in one pass (sorting and prefix
    sums). Returns dict: tau (k,) ascending, accuracy (k,), cost (k,). τ = min(conf) escalates nothing."""
    conf = np.asarray(conf, dtype=float)
    order = np.argsort(conf, kind="stable")
    c = conf[order]
    s = np.concatenate([[0], np.cumsum(np.asarray(small_ok)[order])])
    big = np.concatenate([[0], np.cumsum(np.asarray(large_ok)[order])])
    tau = np.unique(c)
    m = np.searchsorted(c, tau, side="left")  # items escalated at each τ (confidence strictly below it)
    n = len(c)
    return {"tau": tau, "accuracy": (s[-1] - s[m] + big[m]) / n, "cost": c_s + m / n * c_L}


def best_tau(conf, small_ok, large_ok, c_s, c_L, budget=math.inf, lam=0.0):
    """The threshold τ, taken from the confidences, that maximises accuracy − lam·cost among those with a
    mean cost <= budget (budget >= c_s, so escalating nothing is always affordable). On a tie the cheaper,
    i.e. lower, τ wins. Returns (tau, accuracy, cost)."""
    best = None
    for tau in np.unique(conf):  # ascending: a later τ must be strictly better to replace the best
        accuracy, cost = cascade(conf, small_ok, large_ok, tau, c_s, c_L)
        if cost <= budget and (best is None or accuracy - lam * cost > best[1] - lam * best[2]):
            best = (float(tau), accuracy, cost)
    return best


# ------------------------------------------------------------------ 3. renting vs owning: a fallback

MINUTES_PER_YEAR = 365 * 24 * 60  # 525,600


def availability(a_c, a_o):
    """Probability that at least one of two independent services is up: 1 − (1 − a_c)(1 − a_o)."""
    return 1.0 - (1.0 - a_c) * (1.0 - a_o)


def downtime_minutes(A):
    """Minutes per 365-day year that a service with availability A is down: (1 − A) · 525,600."""
    return (1.0 - A) * MINUTES_PER_YEAR


def expected_quality(a_c, a_o, q_c, q_o):
    """Mean quality per request when the closed model (quality q_c) is used whenever it is up, the open
    fallback (q_o) when only it is up, and a request that finds both down scores 0: a_c·q_c + (1 − a_c)·a_o·q_o."""
    return a_c * q_c + (1.0 - a_c) * a_o * q_o


def fallback(a_c, a_o, q_c, q_o):
    """Closed by default, open as the fallback: (availability, downtime minutes per year, expected quality)."""
    A = availability(a_c, a_o)
    return A, downtime_minutes(A), expected_quality(a_c, a_o, q_c, q_o)


# ------------------------------------------------------------------ 4. the IO bottleneck


def minutes_for(words, wpm):
    """Minutes to get `words` words through a channel of `wpm` words per minute."""
    return words / wpm


def bits_per_second(wpm, bits_per_word):
    """A channel of `wpm` words per minute carrying `bits_per_word` bits per word, in bits per second."""
    return wpm * bits_per_word / 60.0


# ================================================================== explorables (live + static twins)

def _title(text, height):
    return pinned_title(text, height, size=15)


# ------------------------------------------------------------------ 1. the cascade router

C_S, C_L = 1.0, 10.0  # hypothetical costs per item: a large-model call costs 10 small ones
TAU_GRID = (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)
LAMBDAS = (0.005, 0.02, 0.05)  # three users' prices of one cost unit, in accuracy


def _router_view(tau, lam, d, curve):
    acc, cost = cascade(d["conf"], d["small_ok"], d["large_ok"], tau, C_S, C_L)
    best = best_tau(d["conf"], d["small_ok"], d["large_ok"], C_S, C_L, lam=lam)
    return acc, cost, best


def _router_title(tau, acc, cost):
    return f"τ = {tau:.2f}: accuracy {acc:.3f} at mean cost {cost:.2f} per item (escalate if confidence < τ)"


def _best_line(best, lam):
    """The iso-utility line through the optimum: accuracy = U* + λ·cost, over the cost axis."""
    u = best[1] - lam * best[2]
    x = np.array([0.0, C_S + C_L + 1.0])
    return x, u + lam * x


def _router_figure(d, curve, height):
    fig = go.Figure()
    small = cascade(d["conf"], d["small_ok"], d["large_ok"], -np.inf, C_S, C_L)
    large = (float(np.mean(d["large_ok"])), C_L)  # the large model alone: no small call first
    fig.add_trace(go.Scatter(x=round_sig(curve["cost"]), y=round_sig(curve["accuracy"]), mode="lines",
                             name="cascade, every τ", line=dict(color="#999", width=2),
                             hovertemplate="cost %{x:.2f}: accuracy %{y:.3f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[small[1], large[1]], y=[small[0], large[0]], mode="markers+text",
                             text=[f"always small ({small[0]:.3f})", ""],
                             textposition=["bottom right", "bottom left"], name="one model only",
                             marker=dict(size=11, color=PALETTE["black"], symbol="square"), hoverinfo="skip"))
    fig.add_annotation(x=large[1], y=large[0], text=f"always large ({large[0]:.3f})", showarrow=True, arrowhead=0,
                       ax=0, ay=70, bgcolor="rgba(255,255,255,0.85)")  # below the curve, clear of the lines
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=110, b=60),
                               legend=dict(x=0.99, y=0.02, xanchor="right", yanchor="bottom",
                                           bgcolor="rgba(255,255,255,0.85)")),
                      meta={"alt": "Accuracy against mean cost per item for a small-then-large model cascade: "
                                   "the curve of every threshold runs from the always-small point to near the "
                                   "always-large point, with the chosen threshold and each user's optimum marked."})
    fig.update_xaxes(title_text="mean cost per item (small-model calls)", range=[0, C_S + C_L + 0.5])
    fig.update_yaxes(title_text="accuracy (share of items right)", range=[0.6, 0.95])
    return fig


def router_static(taus=TAU_GRID, lams=LAMBDAS, seed=0):
    """The book's twin: slider over τ (the marker); buttons choose the user's λ (optimum and its line)."""
    height = 600
    d = cascade_data(seed=seed)
    curve = cascade_curve(d["conf"], d["small_ok"], d["large_ok"], C_S, C_L)
    fig = _router_figure(d, curve, height)
    colours = (PALETTE["green"], PALETTE["orange"], PALETTE["vermillion"])
    for i, (lam, col) in enumerate(zip(lams, colours)):  # traces 2.. : per λ an optimum and its line
        best = best_tau(d["conf"], d["small_ok"], d["large_ok"], C_S, C_L, lam=lam)
        x, y = _best_line(best, lam)
        fig.add_trace(go.Scatter(x=x, y=round_sig(y), mode="lines", name=f"equal utility for λ = {lam:g}",
                                 line=dict(color=col, dash="dash", width=1.5), visible=i == 1, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=[best[2]], y=[best[1]], mode="markers+text", visible=i == 1,
                                 text=[f"best for λ = {lam:g}: τ = {best[0]:.2f}"], textposition="top left",
                                 marker=dict(size=13, color=col, symbol="star"), showlegend=False, hoverinfo="skip"))
    t0 = 0.7
    acc, cost, _ = _router_view(t0, lams[1], d, curve)
    fig.add_trace(go.Scatter(x=[cost], y=[acc], mode="markers", name="your τ",
                             marker=dict(size=12, color=PALETTE["blue"]), hoverinfo="skip"))
    n = len(fig.data)

    def states(tau):
        acc, cost = cascade(d["conf"], d["small_ok"], d["large_ok"], tau, C_S, C_L)
        return {"x": [[cost]], "y": [[acc]]}

    precomputed_slider_figure(fig, "threshold τ", taus, states, [n - 1], active=taus.index(t0),
                              fmt="{:.2f}".format,
                              title=lambda t: _router_title(t, *cascade(d["conf"], d["small_ok"], d["large_ok"],
                                                                        t, C_S, C_L)))
    vis = lambda i: [True, True] + [j // 2 == i for j in range(2 * len(lams))] + [True]
    fig.update_layout(title=_title(_router_title(t0, acc, cost), height), updatemenus=[dict(
        name="user's λ", type="buttons", direction="right", x=0.0, y=1.0 + 48 / (height - 170), xanchor="left",
        yanchor="top", showactive=True, active=1, pad=dict(r=4, t=0),
        buttons=[dict(label=f"λ = {lam:g}", method="restyle", args=[{"visible": vis(i)}])
                 for i, lam in enumerate(lams)])])
    return fig


def router_live(seed=0):
    """The cascade router in JupyterLab: threshold τ and the user's λ."""
    height = 600
    d = cascade_data(seed=seed)
    curve = cascade_curve(d["conf"], d["small_ok"], d["large_ok"], C_S, C_L)
    fig = _router_figure(d, curve, height)
    fig.add_trace(go.Scatter(mode="lines", name="equal utility through the optimum",
                             line=dict(color=PALETTE["orange"], dash="dash", width=1.5), hoverinfo="skip"))
    fig.add_trace(go.Scatter(mode="markers+text", textposition="top left", showlegend=False, hoverinfo="skip",
                             marker=dict(size=13, color=PALETTE["orange"], symbol="star")))
    fig.add_trace(go.Scatter(mode="markers", name="your τ", marker=dict(size=12, color=PALETTE["blue"]),
                             hoverinfo="skip"))
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "170px"}
    tau = W.FloatSlider(0.7, min=0.0, max=1.0, step=0.01, description="τ (escalate below)", style=style,
                        layout=W.Layout(width="440px"))
    lam = W.FloatLogSlider(0.02, base=10, min=-3, max=-0.5, step=0.05, description="λ (accuracy per cost unit)",
                           readout_format=".4f", style=style, layout=W.Layout(width="440px"))
    bests = {}  # λ → optimum: the sweep over all thresholds runs once per λ value

    def update(*_):
        acc, cost = cascade(d["conf"], d["small_ok"], d["large_ok"], tau.value, C_S, C_L)
        key = round(lam.value, 6)
        if key not in bests:
            k = int(np.argmax(curve["accuracy"] - key * curve["cost"]))  # first maximum: the cheapest on a tie
            bests[key] = (float(curve["tau"][k]), float(curve["accuracy"][k]), float(curve["cost"][k]))
        best = bests[key]
        x, y = _best_line(best, key)
        with fw.batch_update():
            fw.data[2].x, fw.data[2].y = x, y
            fw.data[3].x, fw.data[3].y = [best[2]], [best[1]]
            fw.data[3].text = [f"best for λ = {key:.3g}: τ = {best[0]:.2f}, accuracy {best[1]:.3f}"]
            fw.data[4].x, fw.data[4].y = [cost], [acc]
            fw.layout.title.text = _router_title(tau.value, acc, cost)

    for c in (tau, lam):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([tau, lam]), fw])


def cascade_router() -> Explorable:
    return Explorable("The cascade router", live=router_live, static=router_static)


# ------------------------------------------------------------------ 2. the org chart

N_CURVE = np.unique(np.concatenate([np.round(2.0 ** np.linspace(0, 14, 113)), 2.0 ** np.arange(15),
                                     10.0 ** np.arange(5)]).astype(int))  # 1 .. 16,384 workers
P_GRID = (0.5, 0.75, 0.9, 0.95, 0.99, 0.999)
BRANCHES = (2, 10)
R_STATIC = 0.002  # hypothetical: one level of reports costs 0.2 % of the one-worker job time


def org_view(p, b, r, n_curve=N_CURVE):
    """Curves over the number of workers n (n_curve plus every full tree b^d in its range): Amdahl's speed-up,
    the organisation's (with r per level), the reduction depth; and the best organisation size in that range
    (the smallest on a tie)."""
    trees = [b ** d for d in range(reduction_depth(int(n_curve[-1]), b) + 1) if b ** d <= n_curve[-1]]
    n_curve = np.union1d(n_curve, trees)
    amd = amdahl(p, n_curve.astype(float))
    org = np.array([org_speedup(p, int(n), b, r) for n in n_curve])
    depth = np.array([reduction_depth(int(n), b) for n in n_curve])
    # within one depth the speed-up grows with n, so the best size is a full tree: n = b^d
    full = [b ** d for d in range(reduction_depth(int(n_curve[-1]), b) + 1) if b ** d <= n_curve[-1]]
    s = [org_speedup(p, n, b, r) for n in full]
    k = int(np.argmax(s))
    return {"n": n_curve, "amdahl": amd, "org": org, "depth": depth, "best_n": int(full[k]), "best": float(s[k])}


def _org_title(p, r=R_STATIC):
    return f"p = {p:g}: ceiling 1/(1 − p) = {1 / (1 - p):.4g}×; dashed: r = {100 * r:g} % of a job per level"


def _org_figure(height):
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=[0.7, 0.3],
                        subplot_titles=("speed-up over one worker", "levels of reports ⌈log_b n⌉"))
    fig.update_xaxes(type="log", dtick=1, exponentformat="power")
    fig.update_xaxes(title_text="workers n", row=2, col=1)
    fig.update_yaxes(title_text="speed-up S(n)", type="log", range=[0, 3.05], exponentformat="power",
                     row=1, col=1)
    fig.update_yaxes(title_text="depth", range=[0, 15], row=2, col=1)
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=130, b=60),
                               legend=dict(x=0.99, y=0.42, xanchor="right", yanchor="bottom",
                                           bgcolor="rgba(255,255,255,0.85)")),
                      meta={"alt": "Speed-up against the number of workers on log axes: Amdahl's curve rises to "
                                   "the ceiling 1/(1 − p), the organisation that pays for each level of reports "
                                   "peaks and falls; below, the reduction depth grows in steps of log_b n."})
    return fig


def org_static(ps=P_GRID, branches=BRANCHES, r=R_STATIC):
    """The book's twin: slider over the parallel share p; buttons choose the branching factor b."""
    height = 700
    fig = _org_figure(height)
    p0 = 0.95
    v = {b: org_view(p0, b, r) for b in branches}
    fig.add_trace(go.Scatter(x=v[branches[0]]["n"], y=round_sig(v[branches[0]]["amdahl"]), mode="lines", name="Amdahl",
                             line=dict(color=PALETTE["blue"], width=3),
                             hovertemplate="n=%{x}: %{y:.3g}×<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[1, N_CURVE[-1]], y=[1 / (1 - p0)] * 2, mode="lines", name="ceiling 1/(1 − p)",
                             line=dict(color="#777", dash="dot", width=1), hoverinfo="skip"), row=1, col=1)
    colours = (PALETTE["vermillion"], PALETTE["green"])
    for i, (b, col) in enumerate(zip(branches, colours)):  # traces 2, 3: the organisation per b
        fig.add_trace(go.Scatter(x=v[b]["n"], y=round_sig(v[b]["org"]), mode="lines", visible=i == 0,
                                 name=f"with reports, b = {b}", line=dict(color=col, width=2.5, dash="dash"),
                                 hovertemplate="n=%{x}: %{y:.3g}×<extra></extra>"), row=1, col=1)
    for i, (b, col) in enumerate(zip(branches, colours)):  # traces 4, 5: the best size per b
        fig.add_trace(go.Scatter(x=[v[b]["best_n"]], y=[v[b]["best"]], mode="markers+text", visible=i == 0,
                                 text=[f"best: n = {v[b]['best_n']:,}, {v[b]['best']:.3g}×"],
                                 textposition="top center", marker=dict(size=11, color=col), showlegend=False,
                                 hoverinfo="skip"), row=1, col=1)
    for i, (b, col) in enumerate(zip(branches, colours)):  # traces 6, 7: depth per b (does not depend on p)
        fig.add_trace(go.Scatter(x=v[b]["n"], y=v[b]["depth"], mode="lines", line=dict(color=col, shape="hv"),
                                 visible=i == 0, showlegend=False, hovertemplate="n=%{x}: depth %{y}<extra></extra>"),
                      row=2, col=1)

    def states(p):
        w = {b: org_view(p, b, r) for b in branches}
        return {"y": [w[branches[0]]["amdahl"], [1 / (1 - p)] * 2] + [w[b]["org"] for b in branches]
                + [[w[b]["best"]] for b in branches],
                "x": [w[branches[0]]["n"], [1, int(N_CURVE[-1])]] + [w[b]["n"] for b in branches]
                + [[w[b]["best_n"]] for b in branches],
                "text": [None, None, None, None] + [[f"best: n = {w[b]['best_n']:,}, {w[b]['best']:.3g}×"]
                                                    for b in branches]}

    precomputed_slider_figure(fig, "parallel share p", ps, states, [0, 1, 2, 3, 4, 5], active=ps.index(p0),
                              fmt="{:g}".format, title=_org_title)
    nb = len(branches)
    vis = lambda i: [True, True] + [j == i for j in range(nb)] * 3
    fig.update_layout(title=_title(_org_title(p0), height), updatemenus=[dict(
        name="branching factor b", type="buttons", direction="right", x=0.0, y=1.0 + 68 / (height - 190),
        xanchor="left", yanchor="top", showactive=True, active=0, pad=dict(r=4, t=0),
        buttons=[dict(label=f"b = {b}", method="restyle", args=[{"visible": vis(i)}])
                 for i, b in enumerate(branches)])])
    return fig


N_OPTIONS = sorted({2 ** k for k in range(13)} | {10, 100, 1000})


def org_live():
    """The org chart in JupyterLab: parallel share p, workers n, branching factor b, cost r per level."""
    height = 700
    fig = _org_figure(height)
    fig.add_trace(go.Scatter(x=N_CURVE, mode="lines", name="Amdahl", line=dict(color=PALETTE["blue"], width=3),
                             hovertemplate="n=%{x}: %{y:.3g}×<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[1, N_CURVE[-1]], mode="lines", name="ceiling 1/(1 − p)",
                             line=dict(color="#777", dash="dot", width=1), hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=N_CURVE, mode="lines", name="with reports",
                             line=dict(color=PALETTE["vermillion"], width=2.5, dash="dash"),
                             hovertemplate="n=%{x}: %{y:.3g}×<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(mode="markers+text", textposition="top center", showlegend=False, hoverinfo="skip",
                             marker=dict(size=12, color=PALETTE["black"])), row=1, col=1)
    fig.add_trace(go.Scatter(x=N_CURVE, mode="lines", line=dict(color=PALETTE["vermillion"], shape="hv"),
                             showlegend=False, hovertemplate="n=%{x}: depth %{y}<extra></extra>"), row=2, col=1)
    fig.add_trace(go.Scatter(mode="markers", marker=dict(size=10, color=PALETTE["black"]), showlegend=False,
                             hoverinfo="skip"), row=2, col=1)
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "190px"}
    p = W.FloatSlider(0.95, min=0.5, max=0.999, step=0.001, readout_format=".3f", description="p (parallel share)",
                      style=style, layout=W.Layout(width="440px"))
    n = W.SelectionSlider(options=N_OPTIONS, value=64, description="n (workers)", style=style,
                          layout=W.Layout(width="440px"))
    b = W.IntSlider(10, min=2, max=16, description="b (reports per manager)", style=style,
                    layout=W.Layout(width="440px"))
    r = W.FloatSlider(0.002, min=0.0, max=0.02, step=0.0005, readout_format=".4f",
                      description="r (job-time per level)", style=style, layout=W.Layout(width="440px"))
    views = {}  # (p, b, r) → curves: moving n alone only moves the markers

    def update(*_):
        key = (round(p.value, 3), b.value, round(r.value, 4))
        if key not in views:
            views[key] = org_view(*key)
        v = views[key]
        s_org = org_speedup(key[0], n.value, b.value, key[2])
        d = reduction_depth(n.value, b.value)
        with fw.batch_update():
            fw.data[0].x, fw.data[0].y = v["n"], v["amdahl"]
            fw.data[1].y = [1 / (1 - key[0])] * 2
            fw.data[2].x, fw.data[2].y = v["n"], v["org"]
            fw.data[2].name = f"with reports, b = {b.value}"
            fw.data[3].x, fw.data[3].y = [n.value], [s_org]
            fw.data[3].text = [f"n = {n.value:,}: {s_org:.3g}× (Amdahl {amdahl(key[0], n.value):.3g}×)"]
            fw.data[4].x, fw.data[4].y = v["n"], v["depth"]
            fw.data[5].x, fw.data[5].y = [n.value], [d]
            fw.layout.title.text = (f"p = {key[0]:g}: ceiling {1 / (1 - key[0]):.4g}×; n = {n.value:,} workers, "
                                    f"{d} levels of reports; best size n = {v['best_n']:,} ({v['best']:.3g}×)")

    for c in (p, n, b, r):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([p, n]), W.HBox([b, r]), fw])


def org_chart() -> Explorable:
    return Explorable("The org chart", live=org_live, static=org_static)


# ------------------------------------------------------------------ 3. the fallback router

A_GRID = (0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999)
FALLBACK_DEFAULT = dict(a_o=0.99, q_c=0.9, q_o=0.8)  # hypothetical: the open model is self-hosted, a bit worse
STRATEGIES = ("rent: closed only", "own: open only", "closed + open fallback")


def fallback_view(a_c, a_o, q_c, q_o):
    """The three strategies' downtime (minutes per year) and expected quality, in STRATEGIES order."""
    A, down, q = fallback(a_c, a_o, q_c, q_o)
    return {"downtime": [downtime_minutes(a_c), downtime_minutes(a_o), down],
            "quality": [a_c * q_c, a_o * q_o, q], "A": [a_c, a_o, A]}


def _minutes(m):
    m = float(m)
    if m >= 1440:
        return f"{m:,.0f} min<br>({m / 1440:.1f} days)"
    if m >= 60:
        return f"{m:,.0f} min<br>({m / 60:.1f} h)"
    return f"{m:.3g} min"


def _fallback_title(a_c, a_o=0.99):
    A = availability(a_c, a_o)
    return f"closed up {100 * a_c:g} % of the time, open {100 * a_o:g} %: with the fallback up {100 * A:.6g} %"


def _fallback_figure(height):
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=("downtime per year (log scale)", "expected quality per request"))
    fig.update_yaxes(title_text="minutes per year", type="log", range=[-1.3, 5.5], exponentformat="power",
                     row=1, col=1)
    fig.update_yaxes(title_text="quality (0 when both are down)", range=[0, 1.05], row=1, col=2)
    fig.update_xaxes(tickangle=0)
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=110, b=90), showlegend=False),
                      meta={"alt": "Two bar charts for three strategies (closed only, open only, closed with an "
                                   "open fallback): the fallback cuts the yearly downtime by orders of magnitude "
                                   "while its expected quality stays close to the closed model's."})
    return fig


def _bar_labels(v):
    return [_minutes(m) for m in v["downtime"]], [f"{q:.5f}" for q in v["quality"]]


def fallback_static(a_grid=A_GRID, a_o=0.99, q_c=0.9, q_o=0.8):
    """The book's twin: slider over the closed model's availability a_c (open: a_o, quality q_c, q_o fixed)."""
    height = 520
    fig = _fallback_figure(height)
    a0 = 0.995
    v = fallback_view(a0, a_o, q_c, q_o)
    colours = [PALETTE["orange"], PALETTE["green"], PALETTE["blue"]]
    labels = ["rent:<br>closed only", "own:<br>open only", "closed +<br>open fallback"]
    t_down, t_q = _bar_labels(v)
    fig.add_trace(go.Bar(x=labels, y=v["downtime"], text=t_down, textposition="outside", marker_color=colours,
                         cliponaxis=False, hovertemplate="%{x}: %{y:.4g} min/yr<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=labels, y=v["quality"], text=t_q, textposition="outside", marker_color=colours,
                         cliponaxis=False, hovertemplate="%{x}: %{y:.5f}<extra></extra>"), row=1, col=2)

    def states(a_c):
        w = fallback_view(a_c, a_o, q_c, q_o)
        t_down, t_q = _bar_labels(w)
        return {"y": [w["downtime"], w["quality"]], "text": [t_down, t_q]}

    precomputed_slider_figure(fig, "closed availability a_c", a_grid, states, [0, 1], active=a_grid.index(a0),
                              fmt="{:g}".format, title=lambda a: _fallback_title(a, a_o))
    fig.layout.sliders[0].pad = dict(t=70, b=10)
    return fig.update_layout(title=_title(_fallback_title(a0, a_o), height))


def fallback_live():
    """The fallback router in JupyterLab: availability and quality of the closed and the open model."""
    height = 520
    fig = _fallback_figure(height)
    colours = [PALETTE["orange"], PALETTE["green"], PALETTE["blue"]]
    labels = ["rent:<br>closed only", "own:<br>open only", "closed +<br>open fallback"]
    fig.add_trace(go.Bar(x=labels, textposition="outside", marker_color=colours, cliponaxis=False,
                         hovertemplate="%{x}: %{y:.4g} min/yr<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=labels, textposition="outside", marker_color=colours, cliponaxis=False,
                         hovertemplate="%{x}: %{y:.5f}<extra></extra>"), row=1, col=2)
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "170px"}
    mk = lambda v, lo, hi, st, desc, fmt: W.FloatSlider(v, min=lo, max=hi, step=st, readout_format=fmt,
                                                        description=desc, style=style, layout=W.Layout(width="420px"))
    a_c = mk(0.995, 0.9, 0.9999, 0.0001, "a_c (closed availability)", ".4f")
    a_o = mk(0.99, 0.9, 0.9999, 0.0001, "a_o (open availability)", ".4f")
    q_c = mk(0.9, 0.0, 1.0, 0.01, "q_c (closed quality)", ".2f")
    q_o = mk(0.8, 0.0, 1.0, 0.01, "q_o (open quality)", ".2f")

    def update(*_):
        v = fallback_view(a_c.value, a_o.value, q_c.value, q_o.value)
        t_down, t_q = _bar_labels(v)
        with fw.batch_update():
            fw.data[0].y, fw.data[0].text = v["downtime"], t_down
            fw.data[1].y, fw.data[1].text = v["quality"], t_q
            fw.layout.title.text = _fallback_title(a_c.value, a_o.value)

    for c in (a_c, a_o, q_c, q_o):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([a_c, a_o]), W.HBox([q_c, q_o]), fw])


def fallback_router() -> Explorable:
    return Explorable("The fallback router", live=fallback_live, static=fallback_static)
