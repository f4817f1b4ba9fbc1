"""The demo is near, the product is far: the models of chapter `demo-vs-product` and its explorables.

Models (pure numpy, parameters in, numbers or arrays out). A "trial" is one independent chance to
fail: a mile driven, a turn of a tutoring dialogue; r is the probability that one trial fails.
    p_flawless               P(m trials without a failure) = (1 − r)^m
    fleet_incidents          expected failures over an exposure, and P(none)
    validation_miles         failure-free trials needed to bound r at a confidence (exact bound)
    rule_of_three_miles      the rule of three 3/r (and its first-order form −ln(1 − c)/r)
    p_conversation           P(a k-turn dialogue without a bad turn) = p^k
    turn_reliability_needed  per-turn p needed for a target over k turns: target^(1/k)
    break_even_fleet         fleet size at which fixed-plus-per-car cost lines cross (whole cars)
    diffusion_years          years a logistic S-curve takes from one fraction of its ceiling to another
Explorables: demo_vs_product(), nines_ladder(), tutor_reliability().
"""
from __future__ import annotations

import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, pinned_title, precomputed_slider_figure, round_sig
from course.figures import short_number as _sci
from widgets.exponential_trends import logistic  # the S-curve lives once, in the exponentials chapter

# ------------------------------------------------------------------ reliability compounds


def p_flawless(r, m):
    """Probability that m independent trials (miles) all succeed when each fails with probability r:
    (1 − r)^m, computed as exp(m · log1p(−r)) so that tiny r keeps its digits. 0 <= r < 1, m >= 0."""
    return np.exp(m * np.log1p(-np.asarray(r, dtype=float)))


def fleet_incidents(r, miles):
    """Failures over an exposure of `miles` independent miles, each failing with probability r.

    Returns (expected number of failures r · miles, probability of none (1 − r)^miles). For small r the
    count is close to Poisson with mean r · miles, and P(none) close to exp(−r · miles).
    """
    return r * miles, p_flawless(r, miles)


def validation_miles(r, confidence=0.95):
    """Failure-free miles n after which a failure rate r is excluded at `confidence`:
    the n with (1 − r)^n = 1 − confidence, n = ln(1 − confidence) / ln(1 − r) (log1p keeps tiny r exact)."""
    return np.log1p(-confidence) / np.log1p(-np.asarray(r, dtype=float))


def rule_of_three_miles(r, confidence=0.95):
    """First-order form of validation_miles: −ln(1 − confidence) / r, which is ln 20 / r ≈ 3 / r at 95 %
    (the rule of three). Slightly more than the exact bound, because −ln(1 − r) > r."""
    return -np.log1p(-confidence) / np.asarray(r, dtype=float)


# ------------------------------------------------------------------ the same law for a tutor


def p_conversation(p, k):
    """Probability that all k turns of a dialogue are good when each turn is good with probability p: p^k."""
    return np.asarray(p, dtype=float) ** k


def turn_reliability_needed(target, k):
    """Per-turn reliability p with p^k = target: the k-th root target^(1/k)."""
    return np.asarray(target, dtype=float) ** (1.0 / k)


# ------------------------------------------------------------------ software vs hardware, globalization


def break_even_fleet(F_a, c_a, F_b, c_b):
    """Whole fleet size at which two cost lines F + c·N (fixed cost F, cost c per car) meet.

    The lines cross at N* = (F_a − F_b) / (c_b − c_a). Returns the smallest whole number of cars
    N >= N*, i.e. ceil(N*): from there on the strategy with the cheaper cars is no dearer in total.
    Returns math.inf when the lines never meet at N >= 0 (equal per-car costs, or N* < 0).
    """
    if c_a == c_b:
        return math.inf
    n = (F_a - F_b) / (c_b - c_a)
    return float(math.ceil(n)) if n >= 0 else math.inf


def diffusion_years(g, lo, hi):
    """Years a logistic S-curve f(t) = 1 / (1 + e^(−g (t − t0))) takes to go from the fraction lo of its
    ceiling to the fraction hi (growth rate g per year; 0 < lo, hi < 1; negative if hi < lo).
    The logit ln(f / (1 − f)) = g (t − t0) grows linearly, so the answer is (logit(hi) − logit(lo)) / g."""
    return (np.log(hi / (1 - hi)) - np.log(lo / (1 - lo))) / g


# ================================================================== explorables (live + static twins)

def _title(text, height):
    return pinned_title(text, height, size=15)


def _prob(x):
    """A probability for labels: enough digits to see the nines (0.9997, 0.99999)."""
    x = float(x)
    if x <= 0 or x >= 1 or x < 1e-3:
        return _sci(x)
    nines = int(np.floor(-np.log10(1 - x))) if x > 0.9 else 0
    return f"{x:.{max(3, nines + 2)}f}"


# ------------------------------------------------------------------ 1. demo vs product

R_GRID = tuple(float(f"{v:.0e}") for v in 10.0 ** np.arange(-2, -8.01, -0.5))  # 1e-2, 3e-3, ..., 1e-8
R_CURVE = np.logspace(-8.5, -1.5, 57)  # the curves' x values (log axis)
DEMO_MILES = (10, 30, 100)  # hypothetical demo lengths (a 30-minute city drive is some 10-15 miles)
FLEET_MILES = (1e4, 2e6, 1e8)  # hypothetical fleets, miles per day
DEMO_DEFAULT, R_DEFAULT = 30, 1e-5


def _demo_figure(height=640, top=110):
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=("the demo: P(every mile of the demo is flawless)",
                                        "the product: expected failures per day across the fleet"))
    fig.update_xaxes(type="log", autorange="reversed", exponentformat="power", dtick=1)  # decades only
    fig.update_xaxes(title_text="per-mile failure rate r (more reliable →)", row=2, col=1)
    fig.update_yaxes(title_text="P(flawless demo)", range=[-0.02, 1.05], row=1, col=1)
    fig.update_yaxes(title_text="failures per day", type="log", range=[-6, 7], exponentformat="power",
                     row=2, col=1)
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=top, b=60),
                               legend=dict(x=0.01, y=0.0, xanchor="left", yanchor="bottom",
                                           bgcolor="rgba(255,255,255,0.85)", font=dict(size=11))),
                      meta={"alt": "Two panels against the per-mile failure rate r on a log axis: the probability "
                                   "that a short demo is flawless stays near 1 down to rates where a large fleet "
                                   "still has many failures every day."})
    return fig


def _demo_marks(r, demo_miles, fleets):
    p = float(p_flawless(r, demo_miles))
    lam = [float(fleet_incidents(r, f)[0]) for f in fleets]
    return p, lam


def _demo_title(r):
    return f"r = {_sci(r)} failures per mile (one failure per {_sci(1 / r)} miles)"


def demo_static(r_grid=R_GRID, demos=DEMO_MILES, fleets=FLEET_MILES):
    """The book's twin: slider over r; buttons choose the demo length (visibility of its traces)."""
    height, top, bottom = 700, 140, 60  # top margin: title 32-52 px, buttons 62-92 px, subplot title above 140 px
    fig = _demo_figure(height, top)
    active = r_grid.index(R_DEFAULT)
    r0 = r_grid[active]
    colours = (PALETTE["sky"], PALETTE["blue"], PALETTE["purple"])
    for m, c in zip(demos, colours):  # traces 0..2: the demo curves
        fig.add_trace(go.Scatter(x=R_CURVE, y=round_sig(p_flawless(R_CURVE, m)), mode="lines", name=f"{m}-mile demo",
                                 line=dict(color=c, width=2.5), visible=m == DEMO_DEFAULT, showlegend=False,
                                 hovertemplate="r=%{x:.1e}: P=%{y:.5f}<extra></extra>"), row=1, col=1)
    for m, c in zip(demos, colours):  # traces 3..5: the demo marker at the slider's r
        p, _ = _demo_marks(r0, m, fleets)
        fig.add_trace(go.Scatter(x=[r0], y=[p], text=[f"{m}-mile demo: P = {_prob(p)}"], mode="markers+text",
                                 textposition="bottom left", marker=dict(size=11, color=c), showlegend=False,
                                 visible=m == DEMO_DEFAULT, hoverinfo="skip"), row=1, col=1)
    fleet_colours = (PALETTE["green"], PALETTE["vermillion"], PALETTE["black"])
    for f, c in zip(fleets, fleet_colours):  # traces 6..8: the fleets' expected failures per day
        fig.add_trace(go.Scatter(x=R_CURVE, y=round_sig(R_CURVE * f), mode="lines", name=f"{_sci(f)} miles/day",
                                 line=dict(color=c, width=2), hovertemplate="r=%{x:.1e}: %{y:.3g}/day<extra></extra>"),
                      row=2, col=1)
    _, lam = _demo_marks(r0, DEMO_DEFAULT, fleets)
    fig.add_trace(go.Scatter(x=[r0] * 3, y=lam, text=[f"{_sci(v)}/day" for v in lam], mode="markers+text",
                             textposition="middle left", marker=dict(size=10, color=list(fleet_colours)),
                             showlegend=False, hoverinfo="skip"), row=2, col=1)  # trace 9
    fig.add_trace(go.Scatter(x=[R_CURVE[0], R_CURVE[-1]], y=[1, 1], mode="lines", name="one failure a day",
                             line=dict(color="#888", dash="dot", width=1), hoverinfo="skip"), row=2, col=1)

    def states(r):
        xs, ys, texts = [], [], []
        for m in demos:
            p, _ = _demo_marks(r, m, fleets)
            xs.append([r]), ys.append([p]), texts.append([f"{m}-mile demo: P = {_prob(p)}"])
        _, lam = _demo_marks(r, demos[0], fleets)
        xs.append([r] * 3), ys.append(lam), texts.append([f"{_sci(v)}/day" for v in lam])
        return {"x": xs, "y": ys, "text": texts}

    precomputed_slider_figure(fig, "per-mile failure rate r", r_grid, states, [3, 4, 5, 9], active=active,
                              fmt=_sci, title=_demo_title)
    fig.layout.sliders[0].pad = dict(t=50, b=10)
    n = len(fig.data)
    fig.update_layout(title=_title(_demo_title(r0), height), updatemenus=[dict(
        name="demo length", type="buttons", direction="right", x=0.0, y=1.0 + (top - 62) / (height - top - bottom),
        xanchor="left",
        yanchor="top", showactive=True, active=demos.index(DEMO_DEFAULT), pad=dict(r=4, t=0),
        buttons=[dict(label=f"{m}-mile demo", method="restyle",
                      args=[{"visible": [(j % 3 == i) if j < 6 else True for j in range(n)]}])
                 for i, m in enumerate(demos)])])
    return fig


R_OPTIONS = [(_sci(v), v) for v in R_GRID]
FLEET_OPTIONS = [(_sci(v), v) for v in (1e3, 1e4, 1e5, 1e6, 2e6, 1e7, 1e8)]


def demo_live():
    """Demo vs product in JupyterLab: failure rate r, demo length, fleet miles per day."""
    fig = _demo_figure(600)
    fig.add_trace(go.Scatter(x=R_CURVE, mode="lines", line=dict(color=PALETTE["blue"], width=2.5), showlegend=False,
                             hovertemplate="r=%{x:.1e}: P=%{y:.5f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(mode="markers+text", textposition="bottom left",
                             marker=dict(size=11, color=PALETTE["blue"]),
                             showlegend=False, hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=R_CURVE, mode="lines", line=dict(color=PALETTE["vermillion"], width=2), showlegend=False,
                             hovertemplate="r=%{x:.1e}: %{y:.3g}/day<extra></extra>"), row=2, col=1)
    fig.add_trace(go.Scatter(mode="markers+text", textposition="middle left",
                             marker=dict(size=10, color=PALETTE["vermillion"]), showlegend=False, hoverinfo="skip"),
                  row=2, col=1)
    fig.add_trace(go.Scatter(x=[R_CURVE[0], R_CURVE[-1]], y=[1, 1], mode="lines", name="one failure a day",
                             line=dict(color="#888", dash="dot", width=1), hoverinfo="skip"), row=2, col=1)
    fig.update_layout(title=_title("", 600))
    fw = go.FigureWidget(fig)
    style = {"description_width": "190px"}
    r = W.SelectionSlider(options=R_OPTIONS, value=R_DEFAULT, description="r (failures per mile)", style=style,
                          layout=W.Layout(width="480px"))
    demo = W.IntSlider(DEMO_DEFAULT, min=1, max=300, description="demo length (miles)", style=style,
                       layout=W.Layout(width="480px"))
    fleet = W.SelectionSlider(options=FLEET_OPTIONS, value=2e6, description="fleet miles per day", style=style,
                              layout=W.Layout(width="480px"))

    def update(*_):
        p, lam = _demo_marks(r.value, demo.value, (fleet.value,))
        with fw.batch_update():
            fw.data[0].y = p_flawless(R_CURVE, demo.value)
            fw.data[1].x, fw.data[1].y = [r.value], [p]
            fw.data[1].text = [f"{demo.value}-mile demo: P = {_prob(p)}"]
            fw.data[2].y = R_CURVE * fleet.value
            fw.data[3].x, fw.data[3].y = [r.value], lam
            fw.data[3].text = [f"{_sci(fleet.value)} mi/day: {_sci(lam[0])} failures/day"]
            fw.layout.title.text = _demo_title(r.value)

    for c in (r, demo, fleet):
        c.observe(update, "value")
    update()
    return W.VBox([r, demo, fleet, fw])


def demo_vs_product() -> Explorable:
    return Explorable("Demo vs product", live=demo_live, static=demo_static)


# ------------------------------------------------------------------ 2. the nines ladder

CONFIDENCES = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
LADDER_DEMO, LADDER_FLEET_YEAR = 30, 2e6 * 365  # reference lines: a 30-mile demo; a year of a 2e6 mi/day fleet


def ladder(n_nines=6, confidence=0.95):
    """The nines ladder: reliability 1 − r for r = 10^-1 .. 10^-n_nines, the exact failure-free miles to
    validate each at `confidence`, and the first-order −ln(1 − c)/r (the rule of three 3/r at 95 %).
    Returns dict: labels (list of str), r, exact, first_order (arrays)."""
    r = 10.0 ** -np.arange(1, int(n_nines) + 1)
    labels = [f"{100 * (1 - v):.{max(0, k - 2)}f}%" for k, v in enumerate(r, start=1)]
    return {"labels": labels, "r": r, "exact": validation_miles(r, confidence),
            "first_order": rule_of_three_miles(r, confidence)}


def _first_order_name(confidence):
    if confidence == 0.95:
        return "rule of three: ln 20 / r ≈ 3/r"
    return f"first order: −ln(1 − c)/r = {-np.log1p(-confidence):.3g}/r"


def _ladder_title(confidence):
    return f"Failure-free miles needed to claim each reliability at {100 * confidence:g} % confidence"


def _ladder_figure(height=520):
    fig = go.Figure()
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=175, b=60), barmode="group",
                               legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Bar chart on a log scale: the failure-free miles needed to validate 90 % up to "
                                   "99.9999 % per-mile reliability grow tenfold with each nine; the exact bound and "
                                   "the rule of three nearly coincide."})
    fig.update_xaxes(title_text="claimed per-mile reliability 1 − r")
    fig.update_yaxes(title_text="failure-free miles needed", type="log", exponentformat="power", range=[0, 10])
    return fig


def _bar_text(values):
    """4 significant digits: enough to see where the exact bound and the first-order rule differ."""
    return [f"{v:.4g}".replace("e+0", "e").replace("e+", "e") for v in np.asarray(values, dtype=float)]


def ladder_static(confidences=CONFIDENCES, n_nines=6):
    """The book's twin: slider over the confidence level."""
    height = 620
    fig = _ladder_figure(height)
    c0 = 0.95
    d = ladder(n_nines, c0)
    fig.add_trace(go.Bar(x=d["labels"], y=d["exact"], text=_bar_text(d["exact"]),
                         textposition="outside", textangle=-90,
                         name="exact: ln(1 − c)/ln(1 − r)", marker_color=PALETTE["blue"],
                         hovertemplate="%{x}: %{y:.4g} miles<extra></extra>"))
    fig.add_trace(go.Bar(x=d["labels"], y=d["first_order"], text=_bar_text(d["first_order"]), textposition="outside",
                         textangle=-90,
                         name=_first_order_name(c0), marker_color=PALETTE["orange"],
                         hovertemplate="%{x}: %{y:.4g} miles<extra></extra>"))
    ends = [d["labels"][0], d["labels"][-1]]
    fig.add_trace(go.Scatter(x=ends, y=[LADDER_DEMO] * 2, mode="lines", name=f"a {LADDER_DEMO}-mile demo",
                             line=dict(color=PALETTE["vermillion"], dash="dash")))
    fig.add_trace(go.Scatter(x=ends, y=[LADDER_FLEET_YEAR] * 2, mode="lines",
                             name="a year of a 2e6-mile/day fleet (hypothetical)", line=dict(color="#444", dash="dot")))

    def states(c):
        d = ladder(n_nines, c)
        return {"y": [d["exact"], d["first_order"]], "text": [_bar_text(d["exact"]), _bar_text(d["first_order"])],
                "name": ["exact: ln(1 − c)/ln(1 − r)", _first_order_name(c)]}

    precomputed_slider_figure(fig, "confidence c", confidences, states, [0, 1], active=confidences.index(c0),
                              fmt="{:g}".format, title=_ladder_title)
    return fig.update_layout(title=_title(_ladder_title(c0), height))


def ladder_live():
    """The nines ladder in JupyterLab: confidence level and number of nines."""
    height = 620
    fig = _ladder_figure(height)
    fig.add_trace(go.Bar(name="exact: ln(1 − c)/ln(1 − r)", marker_color=PALETTE["blue"], textposition="outside",
                         textangle=-90,
                         hovertemplate="%{x}: %{y:.4g} miles<extra></extra>"))
    fig.add_trace(go.Bar(marker_color=PALETTE["orange"], textposition="outside", textangle=-90,
                         hovertemplate="%{x}: %{y:.4g} miles<extra></extra>"))
    fig.add_trace(go.Scatter(mode="lines", name=f"a {LADDER_DEMO}-mile demo", line=dict(color=PALETTE["vermillion"],
                                                                                     dash="dash")))
    fig.add_trace(go.Scatter(mode="lines", name="a year of a 2e6-mile/day fleet (hypothetical)",
                             line=dict(color="#444", dash="dot")))
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    conf = W.FloatSlider(0.95, min=0.5, max=0.999, step=0.001, description="confidence c", readout_format=".3f",
                         style=style, layout=W.Layout(width="420px"))
    nines = W.IntSlider(6, min=1, max=9, description="number of nines", style=style, layout=W.Layout(width="420px"))

    def update(*_):
        d = ladder(nines.value, conf.value)
        ends = [d["labels"][0], d["labels"][-1]]
        with fw.batch_update():
            for tr, key in ((fw.data[0], "exact"), (fw.data[1], "first_order")):
                tr.x, tr.y, tr.text = d["labels"], d[key], _bar_text(d[key])
            fw.data[1].name = _first_order_name(round(conf.value, 3))
            fw.data[2].x, fw.data[2].y = ends, [LADDER_DEMO] * 2
            fw.data[3].x, fw.data[3].y = ends, [LADDER_FLEET_YEAR] * 2
            fw.layout.yaxis.range = [0, max(10.0, float(np.log10(d["exact"].max())) + 1)]
            fw.layout.title.text = _ladder_title(round(conf.value, 3))

    for c in (conf, nines):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([conf, nines]), fw])


def nines_ladder() -> Explorable:
    return Explorable("The nines ladder", live=ladder_live, static=ladder_static)


# ------------------------------------------------------------------ 3. tutor reliability

TUTOR_P = (0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9999)
TUTOR_MARKED = (0.98, 0.99, 0.999)  # the per-turn reliabilities marked on every view
TUTOR_K = (10, 50, 200)  # dialogue lengths labelled in the book's twin


def _tutor_title(p, k=50, target=0.95):
    return (f"p = {p:g} per turn: P(flawless {k}-turn dialogue) = {_prob(p_conversation(p, k))}; "
            f"{100 * target:g} % over {k} turns needs p ≥ {float(turn_reliability_needed(target, k)):.6f}")


def _tutor_figure(k_max, height=500):
    fig = go.Figure()
    k = np.arange(k_max + 1)
    dashes = ("dot", "dash", "dashdot")
    for p, dash in zip(TUTOR_MARKED, dashes):
        fig.add_trace(go.Scatter(x=k, y=round_sig(p_conversation(p, k)), mode="lines", name=f"p = {p:g}",
                                 line=dict(color="#777", dash=dash, width=1.5),
                                 hovertemplate="k=%{x}: %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[0, k_max], y=[0.95, 0.95], mode="lines", name="95 % of dialogues flawless",
                             line=dict(color=PALETTE["green"], width=1), hoverinfo="skip"))
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=130, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                      meta={"alt": "The probability that a tutoring dialogue has no bad turn, p to the power k, "
                                   "falls with the number of turns k; per-turn reliabilities 0.98, 0.99 and 0.999 "
                                   "are marked."})
    fig.update_xaxes(title_text="turns in the dialogue k", range=[0, k_max])
    fig.update_yaxes(title_text="P(every turn good) = pᵏ", range=[0, 1.05])
    return fig


def tutor_static(ps=TUTOR_P, ks=TUTOR_K, k_max=200):
    """The book's twin: slider over the per-turn reliability p; labelled points at k = 10, 50, 200."""
    height = 560
    fig = _tutor_figure(k_max, height)
    p0 = 0.99
    k = np.arange(k_max + 1)
    fig.add_trace(go.Scatter(x=k, y=round_sig(p_conversation(p0, k)), mode="lines", name="your p",
                             line=dict(color=PALETTE["blue"], width=3),
                             hovertemplate="k=%{x}: %{y:.4f}<extra></extra>"))
    marks = lambda p: [float(p_conversation(p, kk)) for kk in ks]
    fig.add_trace(go.Scatter(x=list(ks), y=marks(p0), text=[_prob(v) for v in marks(p0)], mode="markers+text",
                             textposition=["top right"] * (len(ks) - 1) + ["top left"],
                             marker=dict(size=10, color=PALETTE["blue"]),
                             showlegend=False, hoverinfo="skip"))

    def states(p):
        return {"y": [p_conversation(p, k), marks(p)], "text": [None, [_prob(v) for v in marks(p)]]}

    precomputed_slider_figure(fig, "per-turn reliability p", ps, states, [4, 5], active=ps.index(p0),
                              fmt="{:g}".format, title=_tutor_title)
    return fig.update_layout(title=_title(_tutor_title(p0), height))


def tutor_live(k_max=500):
    """Tutor reliability in JupyterLab: per-turn reliability p and dialogue length k."""
    height = 560
    fig = _tutor_figure(k_max, height)
    fig.add_trace(go.Scatter(x=np.arange(k_max + 1), mode="lines", name="your p",
                             line=dict(color=PALETTE["blue"], width=3),
                             hovertemplate="k=%{x}: %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(mode="markers+text", textposition="top right", marker=dict(size=11, color=PALETTE["blue"]),
                             showlegend=False, hoverinfo="skip"))
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "170px"}
    p = W.FloatSlider(0.99, min=0.9, max=0.9999, step=0.0001, description="p (per-turn reliability)",
                      readout_format=".4f", style=style, layout=W.Layout(width="460px"))
    k = W.IntSlider(50, min=1, max=k_max, description="k (turns)", style=style, layout=W.Layout(width="460px"))
    ks = np.arange(k_max + 1)

    def update(*_):
        pk = float(p_conversation(p.value, k.value))
        with fw.batch_update():
            fw.data[4].y = p_conversation(p.value, ks)
            fw.data[5].x, fw.data[5].y, fw.data[5].text = [k.value], [pk], [_prob(pk)]
            fw.data[5].textposition = "top left" if k.value > 0.8 * k_max else "top right"
            fw.layout.title.text = _tutor_title(round(p.value, 4), k.value)

    for c in (p, k):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([p, k]), fw])


def tutor_reliability() -> Explorable:
    return Explorable("Tutor reliability", live=tutor_live, static=tutor_static)


# ------------------------------------------------------------------ a plain figure: the S-curve of globalization


def diffusion_figure(g=0.5, t0=0.0, marks=(0.01, 0.5, 0.99)):
    """A logistic adoption curve (fraction of its ceiling) with the times it passes `marks` (hypothetical g)."""
    height = 420
    t = np.linspace(-12, 12, 97)
    fig = go.Figure(go.Scatter(x=t, y=round_sig(logistic(t, 1.0, g, t0)), mode="lines", name="fraction adopted",
                               line=dict(color=PALETTE["blue"], width=3)))
    tm = [float(t0 + diffusion_years(g, 0.5, f)) for f in marks]
    fig.add_trace(go.Scatter(x=tm, y=list(marks), mode="markers", marker=dict(size=10, color=PALETTE["vermillion"]),
                             showlegend=False))
    for f, v in zip(marks, tm):  # label up-right below the midpoint, down-left above it: clear of the curve
        up = f < 0.5
        fig.add_annotation(x=v, y=f, text=f"{100 * f:g} % at t = {v:.2f}", showarrow=True, arrowhead=0,
                           ax=50 if f <= 0.5 else -30, ay=-40 if up else (0 if f == 0.5 else 55),
                           xanchor="left" if f <= 0.5 else "right", bgcolor="rgba(255,255,255,0.85)")
    title = _title(f"A logistic S-curve with growth rate g = {g:g} per year (hypothetical)", height)
    fig.update_layout(**{**layout(height=height, margin=dict(l=70, r=30, t=80, b=60)), "title": title},
                      showlegend=False,
                      meta={"alt": "A logistic S-curve: adoption creeps for years, rises steeply around its midpoint, "
                                   "then saturates; the 1 %, 50 % and 99 % points are marked."})
    fig.update_xaxes(title_text="years from the midpoint t₀")
    fig.update_yaxes(title_text="fraction of the ceiling", range=[0, 1.05])
    return fig
