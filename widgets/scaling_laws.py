"""Scaling laws and the data bottleneck: the models of chapter `scaling-laws` and its two explorables.

Models (pure numpy, parameters in, numbers or arrays out; N = parameters, D = training tokens,
C = training compute in FLOP, L = loss in nats per token):
    train_flops        C = 6·N·D, the standard estimate of dense-transformer training compute
    chinchilla_loss    L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, "Approach 3")
    fit_alpha          A and α of L − E = A·N^(−α) by least squares on log–log axes
    optimum            compute-optimal N*, D* of L under C = 6ND (closed form)
    optimum_grid       the same optimum by brute-force search along the IsoFLOP curve (a check)
    compute_trend      OLS of log10 FLOP on decimal year, for models published on or after a start year
    flops_ratio        C / (6·N·D) and D/N of one Epoch row (a units check on the data)
    data_wall          the toy "when does a fixed token stock run out" arithmetic of the stretch problem
Real data: widgets.exponential_trends.load_epoch_all (data/epoch/, CC-BY 4.0, Epoch AI).
Explorables: scaling_explorer(), compute_over_time().
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets import exponential_trends as et
from widgets import loss_functions as lf

# Hoffmann et al. (2022), Chinchilla paper, eq. 10: (E, A, B, α, β) as printed in the paper body.
HOFFMANN = (1.69, 406.4, 410.7, 0.34, 0.28)
# Besiroglu, Erdil, Barnett & You (2024), "Chinchilla scaling: a replication attempt" (Epoch AI):
# their refit of the same law, as given in the course's issue; NOT yet checked against the paper (unverified).
REFIT = (1.82, 482.0, 2085.4, 0.348, 0.366)
CONSTANTS = {"Hoffmann et al. 2022": HOFFMANN, "Epoch refit 2024 (unverified)": REFIT}


# ---------------------------------------------------------------- the formulas
def train_flops(N, D):
    """Training compute C ≈ 6·N·D FLOP (2 per parameter per token forward, 4 backward)."""
    return 6.0 * N * D


def chinchilla_loss(N, D, consts=HOFFMANN):
    """L(N, D) = E + A/N^α + B/D^β, consts = (E, A, B, α, β). Arrays broadcast."""
    E, A, B, a, b = consts
    return E + A / np.asarray(N, dtype=float) ** a + B / np.asarray(D, dtype=float) ** b


def fit_alpha(N, L, E):
    """(A, α) of the power law L − E = A·N^(−α), by least squares of ln(L − E) on ln N.

    Reuses loss_functions.fit_power_law (the same fit as the learning-curve chapter)."""
    return lf.fit_power_law(N, L, E)


def optimum(C, consts):
    """Compute-optimal (N*, D*) of L = E + A/N^α + B/D^β under C = 6ND.

    Minimising A·N^(−α) + B·(C/6N)^(−β) over N: N* = G·(C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)),
    and D* = C/(6N*). E does not move the optimum. Returns floats (N*, D*).
    """
    E, A, B, a, b = consts
    G = (a * A / (b * B)) ** (1.0 / (a + b))
    N = G * (C / 6.0) ** (b / (a + b))
    return float(N), float(C / (6.0 * N))


def optimum_grid(C, consts, n=4001):
    """The optimum found by evaluating L along the IsoFLOP curve D = C/(6N) on a log grid of N (a check)."""
    N = np.geomspace(1e3, C / 6.0 / 1e3, n)
    L = chinchilla_loss(N, C / (6.0 * N), consts)
    i = int(np.argmin(L))
    return float(N[i]), float(C / (6.0 * N[i]))


def compute_trend(year, flop, start):
    """Exponential trend of training compute: OLS of log10(FLOP) on decimal year, rows with year >= start.

    Returns (slope in dex per year, growth factor per year 10**slope, doubling time in months).
    """
    year, flop = np.asarray(year, dtype=float), np.asarray(flop, dtype=float)
    keep = year >= start
    slope = float(np.polyfit(year[keep], np.log10(flop[keep]), 1)[0])
    return slope, float(10.0 ** slope), float(12.0 * np.log10(2.0) / slope)


def flops_ratio(C, N, D):
    """(C / (6·N·D), D / N) of one model: 1 and ~20 for a Chinchilla-style run if D counts tokens."""
    return float(C / (6.0 * N * D)), float(D / N)


def data_wall(stock_tokens, C0, growth_per_year, tokens_per_param=20.0):
    """Toy data wall: with D = k·N (k tokens per parameter), C = 6ND = (6/k)·D², so a stock of S tokens
    is used up by a compute-optimal run of C_wall = (6/k)·S² FLOP. Returns (C_wall, years from C0 to C_wall
    at the given growth factor per year)."""
    C_wall = 6.0 / tokens_per_param * stock_tokens ** 2
    return C_wall, float(np.log(C_wall / C0) / np.log(growth_per_year))


# ---------------------------------------------------------------- data helpers
def epoch_rows():
    """The 988 Epoch models (load_epoch_all) with the C/(6ND) ratio and D/N where both are listed."""
    ep = et.load_epoch_all()
    with np.errstate(invalid="ignore", divide="ignore"):
        ep["ratio"] = ep["flop"] / (6.0 * ep["params"] * ep["datapoints"])
        ep["tokens_per_param"] = ep["datapoints"] / ep["params"]
    return ep


@lru_cache(maxsize=1)
def _epoch():
    """epoch_rows(), read once per process for the widgets (callers must not modify the arrays)."""
    return epoch_rows()


def sci(x, digits=2):
    """1.824e9 -> '1.8e9' (a compact label for titles)."""
    m, e = f"{x:.{digits - 1}e}".split("e")
    return f"{m}e{int(e)}"


# ================================================================ explorables
# ---------------------------------------------------------------- 1. scaling explorer
LOG_C = [18, 19, 20, 21, 22, 23, 24, 25, 26]  # static grid: log10 of the compute budget (FLOP)
_SETS = list(CONSTANTS.items())
_SHORT = {"Hoffmann et al. 2022": "Hoffmann", "Epoch refit 2024 (unverified)": "refit (unverified)"}
_COLORS = (PALETTE["blue"], PALETTE["vermillion"])


def _iso_state(logC, n=60):
    """IsoFLOP curves of both constant sets at C = 10**logC: N grid (three decades either side of the
    two optima), L, optimum and a two-line title."""
    C = 10.0 ** logC
    optima = [optimum(C, consts) for _, consts in _SETS]
    centre = float(np.sqrt(optima[0][0] * optima[1][0]))
    N = np.geomspace(centre / 1e3, centre * 1e3, n)
    out = {"N": N, "L": [], "opt": [], "title": f"C = {sci(C)} FLOP<br>"}
    parts = []
    for (name, consts), (Ns, Ds) in zip(_SETS, optima):
        out["L"].append(chinchilla_loss(N, C / (6.0 * N), consts))
        out["opt"].append((Ns, float(chinchilla_loss(Ns, Ds, consts))))
        parts.append(f"{_SHORT[name]}: N* = {sci(Ns)}, D* = {sci(Ds)}, D/N = {Ds / Ns:.0f}")
    out["title"] += " · ".join(parts)
    return out


def scaling_figure(logC=21.0, widget=False):
    s = _iso_state(logC)
    fig = go.FigureWidget() if widget else go.Figure()
    for i, (name, _) in enumerate(_SETS):
        fig.add_scatter(x=round_sig(s["N"]), y=round_sig(s["L"][i]), mode="lines", name=f"{name}: IsoFLOP curve",
                        line=dict(color=_COLORS[i], dash="solid" if i == 0 else "dash"))
    for i, (name, _) in enumerate(_SETS):
        fig.add_scatter(x=[s["opt"][i][0]], y=[s["opt"][i][1]], mode="markers", name=f"{name}: optimum N*",
                        marker=dict(color=_COLORS[i], size=11, symbol="diamond"))
    fig.update_layout(**pinned_layout(480, s["title"], size=13))
    fig.update_layout(legend=dict(orientation="h", y=-0.22, x=0), margin=dict(t=115, b=120), meta={
        "alt": "Loss against model size N at a fixed compute budget (an IsoFLOP curve) for the Hoffmann et al. "
               "constants and the Epoch refit, each a valley with its compute-optimal model size marked."})
    fig.update_xaxes(type="log", exponentformat="power", title_text="parameters N (tokens D = C / 6N)")
    fig.update_yaxes(title_text="predicted loss L (nats per token)")
    return fig


def scaling_explorer_static() -> go.Figure:
    fig = scaling_figure(21.0)

    def states(logC):
        s = _iso_state(logC)
        return {"x": [s["N"], s["N"], [s["opt"][0][0]], [s["opt"][1][0]]],
                "y": [s["L"][0], s["L"][1], [s["opt"][0][1]], [s["opt"][1][1]]]}

    precomputed_slider_figure(fig, "log10 C (FLOP)", LOG_C, states, [0, 1, 2, 3], active=LOG_C.index(21),
                              fmt="{:g}".format, title=lambda v: _iso_state(v)["title"])
    fig.update_layout(updatemenus=[dict(
        type="buttons", direction="right", x=1.0, xanchor="right", y=1.0, yanchor="bottom", name="constant set",
        buttons=[dict(label="both", method="restyle", args=[{"visible": [True, True, True, True]}]),
                 dict(label="Hoffmann", method="restyle", args=[{"visible": [True, False, True, False]}]),
                 dict(label="refit (unverified)", method="restyle",
                      args=[{"visible": [False, True, False, True]}])])])
    fig.update_layout(sliders=[{**fig.layout.sliders[0].to_plotly_json(), "y": -0.42}], margin=dict(b=190),
                      height=620, title=pinned_title(fig.layout.title.text, 620, 13))
    return fig


def scaling_explorer_live():
    import ipywidgets as w

    logC = w.FloatSlider(value=21.0, min=18.0, max=26.0, step=0.1, description="log10 C (FLOP)",
                         readout_format=".1f", style={"description_width": "initial"})
    which = w.Dropdown(options=["both"] + [n for n, _ in _SETS], value="both", description="constants")
    fig = scaling_figure(21.0, widget=True)

    def update(_=None):
        s = _iso_state(logC.value)
        show = [which.value in ("both", name) for name, _ in _SETS]
        with fig.batch_update():
            for i in range(2):
                fig.data[i].x, fig.data[i].y = s["N"], s["L"][i]
                fig.data[2 + i].x, fig.data[2 + i].y = [s["opt"][i][0]], [s["opt"][i][1]]
                fig.data[i].visible = fig.data[2 + i].visible = show[i]
            fig.layout.title.text = s["title"]

    logC.observe(update, names="value")
    which.observe(update, names="value")
    return w.VBox([w.HBox([logC, which]), fig])


def scaling_explorer() -> Explorable:
    return Explorable("Scaling explorer", live=scaling_explorer_live, static=scaling_explorer_static)


# ---------------------------------------------------------------- 2. compute over time
FIT_STARTS = [1990.0, 2000.0, 2005.0, 2010.0, 2012.0, 2015.0, 2018.0, 2020.0, 2022.0]  # static grid (year)


def _trend_state(start):
    ep = _epoch()
    years = np.array([start, 2025.5])
    out = {"years": years, "fit": [], "text": []}
    for label, mask in (("notable", ep["notable"]), ("all", np.ones(ep["year"].size, bool))):
        slope, factor, months = compute_trend(ep["year"][mask], ep["flop"][mask], start)
        intercept = np.polyfit(ep["year"][mask & (ep["year"] >= start)],
                               np.log10(ep["flop"][mask & (ep["year"] >= start)]), 1)[1]
        out["fit"].append(10.0 ** (slope * years + intercept))
        n = int((mask & (ep["year"] >= start)).sum())
        out["text"].append(f"{label} (n = {n}): ×{factor:.2f}/yr, doubling {months:.1f} months")
    out["title"] = f"Fit from {start:g}<br>" + "; ".join(out["text"])
    return out


def trend_figure(start=2010.0, widget=False):
    ep = _epoch()
    s = _trend_state(start)
    fig = go.FigureWidget() if widget else go.Figure()
    for mask, name, color in ((ep["notable"], "notable models", PALETTE["green"]),
                              (~ep["notable"], "other models", PALETTE["sky"])):
        fig.add_scatter(x=round_sig(ep["year"][mask]), y=round_sig(ep["flop"][mask]), mode="markers", name=name,
                        text=ep["model"][mask], hovertemplate="%{text}<extra></extra>",
                        marker=dict(size=4, color=color, opacity=0.6))
    fig.add_scatter(x=s["years"], y=s["fit"][0], mode="lines", name="fit, notable only",
                    line=dict(color=PALETTE["black"], width=2))
    fig.add_scatter(x=s["years"], y=s["fit"][1], mode="lines", name="fit, all models",
                    line=dict(color=PALETTE["vermillion"], width=2, dash="dash"))
    fig.update_layout(**pinned_layout(500, s["title"], size=13))
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0), margin=dict(t=115, b=110), meta={
        "alt": "Training compute of 988 Epoch AI models against publication year on a log axis, rising by about "
               "ten orders of magnitude since 2000, with straight-line trend fits from a chosen start year."})
    fig.update_yaxes(type="log", exponentformat="power", title_text="training compute (FLOP)")
    fig.update_xaxes(title_text="publication year", range=[1985, 2026])
    return fig


def compute_over_time_static() -> go.Figure:
    fig = trend_figure(2010.0)

    def states(start):
        s = _trend_state(start)
        return {"x": [s["years"], s["years"]], "y": s["fit"]}

    precomputed_slider_figure(fig, "fit window starts (year)", FIT_STARTS, states, [2, 3],
                              active=FIT_STARTS.index(2010.0), fmt="{:g}".format,
                              title=lambda v: _trend_state(v)["title"])
    fig.update_layout(updatemenus=[dict(
        type="buttons", direction="right", x=1.0, xanchor="right", y=1.0, yanchor="bottom", name="rows shown",
        buttons=[dict(label="notable only", method="restyle", args=[{"visible": [True, False, True, False]}]),
                 dict(label="all 988", method="restyle", args=[{"visible": [True, True, False, True]}]),
                 dict(label="both fits", method="restyle", args=[{"visible": [True, True, True, True]}])])])
    fig.update_layout(sliders=[{**fig.layout.sliders[0].to_plotly_json(), "y": -0.36}], margin=dict(b=180),
                      height=630, title=pinned_title(fig.layout.title.text, 630, 13))
    return fig


def compute_over_time_live():
    import ipywidgets as w

    start = w.FloatSlider(value=2010.0, min=1990.0, max=2022.0, step=0.5, description="fit from (year)",
                          readout_format=".1f", style={"description_width": "initial"})
    notable = w.Checkbox(value=True, description="notable models only")
    fig = trend_figure(2010.0, widget=True)

    def update(_=None):
        s = _trend_state(start.value)
        with fig.batch_update():
            fig.data[2].x, fig.data[2].y = s["years"], s["fit"][0]
            fig.data[3].x, fig.data[3].y = s["years"], s["fit"][1]
            fig.data[1].visible = fig.data[3].visible = not notable.value
            fig.data[2].visible = notable.value
            fig.layout.title.text = s["title"]

    start.observe(update, names="value")
    notable.observe(update, names="value")
    update()
    return w.VBox([w.HBox([start, notable]), fig])


def compute_over_time() -> Explorable:
    return Explorable("Compute over time", live=compute_over_time_live, static=compute_over_time_static)
