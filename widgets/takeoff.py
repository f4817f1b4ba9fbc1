"""Takeoff or treadmill: the models of chapter `takeoff` and its three explorables.

Models (pure numpy / floats, parameters in, numbers or arrays out):
    steady_growth          g_A = λ·g_S / (1 − φ), the semi-endogenous (Jones 1995) steady growth rate
    idea_rate              dA/dt = α·S^λ·A^φ with research labour S = L(t) + β·A, L(t) = e^(g_L·t)
    rk4_step               one classical Runge-Kutta step
    simulate_takeoff       RK4 of idea_rate from A(0) = 1 until t_max or A reaches a cap
    regime                 "explosive" / "exponential" / "slowdown" from λ + φ (with AI labour, β > 0)
    takeoff_time           time for A to grow 10× in dA/dt = (1 + A)^λ·A^φ, interpolated in the crossing step
    doubling_from_points   doubling time and fold change over a span, from two (year, value) points
    decimal_years          ISO dates -> decimal years (1970 + day number / 365.25, the course's convention)
    compute_trend          Epoch notable models: OLS of log2 FLOP on date -> (n, months per doubling, × per year)
    strassen_2x2           Strassen's seven products for a 2×2 product
    matmul_tensor, strassen_factors, decomposition_ok   the 2×2 matmul tensor and rank-7 decompositions
    multiplication_counts  scalar multiplications of naive and recursive Strassen for n = 2^k
Real data through widgets/exponential_trends.py (data/epoch/, data/metr/, see their SOURCE.md).
Time is in years, growth rates per year, compute in FLOP, horizons in minutes.
Explorables (live in JupyterLab, static in the book): takeoff_simulator, inputs_vs_outputs, strassen_explorer.
"""
from __future__ import annotations

import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, pinned_title, precomputed_slider_figure, round_sig
from widgets import exponential_trends as et

TIE = 1e-9  # |λ + φ − 1| <= TIE counts as exactly 1 (0.7 + 0.3 is 0.9999999999999999 in floating point)


# ---------------------------------------------------------------- the idea production function
def steady_growth(lam, phi, g_S):
    """Steady growth rate of ideas A when research input S grows at rate g_S (per year) and
    dA/dt = α·S^λ·A^φ with φ < 1: g_A = λ·g_S / (1 − φ)."""
    return lam * g_S / (1.0 - phi)


def idea_rate(t, A, lam, phi, beta, g_L, alpha):
    """dA/dt = α·S^λ·A^φ with research labour S = L(t) + β·A, human labour L(t) = e^(g_L·t) (L(0) = 1)."""
    S = math.exp(g_L * t) + beta * A
    return alpha * S ** lam * A ** phi


def rk4_step(f, t, y, dt):
    """One classical Runge-Kutta (RK4) step of dy/dt = f(t, y) from (t, y) over dt."""
    k1 = f(t, y)
    k2 = f(t + dt / 2, y + dt / 2 * k1)
    k3 = f(t + dt / 2, y + dt / 2 * k2)
    k4 = f(t + dt, y + dt * k3)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def simulate_takeoff(lam, phi, beta, g_L, alpha=0.05, t_max=100.0, dt=0.1, A_cap=1e12):
    """RK4 of dA/dt = α·(L(t) + β·A)^λ·A^φ from A(0) = 1 with a fixed step dt (years).

    Stops at t_max or at the first step where A >= A_cap (an explosion: the time A passes the cap is then the
    blow-up time to within a step). Returns (t, A): arrays of the times and values of every step taken."""
    f = lambda t, A: idea_rate(t, A, lam, phi, beta, g_L, alpha)  # noqa: E731
    t, A = 0.0, 1.0
    ts, As = [t], [A]
    while t < t_max - 1e-12 and A < A_cap:
        A = rk4_step(f, t, A, dt)
        t += dt
        if not math.isfinite(A):  # overflow inside the step: the explosion happened within it
            A = math.inf
        ts.append(t)
        As.append(A)
    return np.array(ts), np.array(As)


def crossing_time(t, A, level):
    """First time A reaches `level`, by linear interpolation inside the step that crosses it (NaN if never)."""
    above = np.flatnonzero(A >= level)
    if len(above) == 0:
        return math.nan
    i = int(above[0])
    if i == 0:
        return float(t[0])
    if not math.isfinite(A[i]):
        return float(t[i - 1])
    return float(t[i - 1] + (level - A[i - 1]) / (A[i] - A[i - 1]) * (t[i] - t[i - 1]))


def regime(lam, phi):
    """Long-run regime of idea growth when AI labour feeds back (β > 0): λ + φ > 1 "explosive" (finite-time
    blow-up), = 1 "exponential", < 1 "slowdown" (growth rate falls); |λ + φ − 1| <= TIE counts as 1."""
    r = lam + phi - 1.0
    if abs(r) <= TIE:
        return "exponential"
    return "explosive" if r > 0 else "slowdown"


def takeoff_time(lam, phi, dt):
    """Time for ideas to grow 10× in dA/dt = (1 + A)^λ·A^φ, A(0) = 1 (α = 1, L = 1, β = 1, g_L = 0), by RK4
    with step dt and linear interpolation inside the crossing step. Returns (time, regime(λ, φ))."""
    t, A = simulate_takeoff(lam, phi, beta=1.0, g_L=0.0, alpha=1.0, t_max=math.inf, dt=dt, A_cap=10.0)
    return crossing_time(t, A, 10.0), regime(lam, phi)


# ---------------------------------------------------------------- doubling times from data
def doubling_from_points(y1, c1, y2, c2, span):
    """Doubling time (years) of something going from c1 at year y1 to c2 at y2, and its fold change over
    `span` years at that rate: ((y2 − y1) / log2(c2 / c1), (c2 / c1)^(span / (y2 − y1))). A falling series has a
    negative doubling time (minus its halving time) and a fold change below 1."""
    ratio = c2 / c1
    return (y2 - y1) / math.log2(ratio), ratio ** (span / (y2 - y1))


def decimal_years(dates):
    """Decimal years of ISO dates: 1970 + day number / 365.25 ('2023-03-15' -> 2023.1992)."""
    return 1970.0 + et.day_number(dates) / et.DAYS_PER_YEAR


def compute_trend(dates, flop, notable, start_year):
    """Epoch's trend: least squares of log2(training FLOP) on the publication date (decimal years) over the
    notable models published on or after start_year. Returns (n models, months per doubling, growth × per year)."""
    years = decimal_years(dates)
    keep = np.asarray(notable, dtype=bool) & (years >= start_year)
    slope, _ = et.fit_log2_line(years[keep], np.asarray(flop, dtype=float)[keep])
    return int(keep.sum()), 12.0 / slope, 2.0 ** slope


# ---------------------------------------------------------------- Strassen and the matmul tensor
def strassen_2x2(A, B):
    """A·B for 2×2 matrices with Strassen's seven multiplications (1969).

    With A = [[a, b], [c, d]] and B = [[e, f], [g, h]]: m1 = (a + d)(e + h), m2 = (c + d)e, m3 = a(f − h),
    m4 = d(g − e), m5 = (a + b)h, m6 = (c − a)(e + f), m7 = (b − d)(g + h); then
    C = [[m1 + m4 − m5 + m7, m3 + m5], [m2 + m4, m1 − m2 + m3 + m6]]. Returns (C 2×2, m of length 7)."""
    (a, b), (c, d) = np.asarray(A)
    (e, f), (g, h) = np.asarray(B)
    m = np.array([(a + d) * (e + h), (c + d) * e, a * (f - h), d * (g - e), (a + b) * h, (c - a) * (e + f),
                  (b - d) * (g + h)])
    C = np.array([[m[0] + m[3] - m[4] + m[6], m[2] + m[4]], [m[1] + m[3], m[0] - m[1] + m[2] + m[5]]])
    return C, m


def matmul_tensor(n=2):
    """The n×n matrix multiplication tensor T (n², n², n²): T[i, j, k] = 1 when entry i of A (row-major) times
    entry j of B contributes to entry k of C = A·B."""
    T = np.zeros((n * n, n * n, n * n), dtype=int)
    for r in range(n):
        for s in range(n):
            for c in range(n):
                T[r * n + s, s * n + c, r * n + c] = 1
    return T


def strassen_factors():
    """Strassen's algorithm as a rank-7 decomposition (U, V, W), each 4×7, entries in A = (a, b, c, d) etc.
    row-major: product m_r = (U[:, r]·vec A)(V[:, r]·vec B), and vec C = W·m."""
    U = np.array([[1, 0, 1, 0, 1, -1, 0], [0, 0, 0, 0, 1, 0, 1], [0, 1, 0, 0, 0, 1, 0], [1, 1, 0, 1, 0, 0, -1]])
    V = np.array([[1, 1, 0, -1, 0, 1, 0], [0, 0, 1, 0, 0, 1, 0], [0, 0, 0, 1, 0, 0, 1], [1, 0, -1, 0, 1, 0, 1]])
    W = np.array([[1, 0, 0, 1, -1, 0, 1], [0, 0, 1, 0, 1, 0, 0], [0, 1, 0, 1, 0, 0, 0], [1, -1, 1, 0, 0, 1, 0]])
    return U, V, W


def decomposition_ok(U, V, W):
    """True when Σ_r U[:, r] ⊗ V[:, r] ⊗ W[:, r] equals the 2×2 matmul tensor exactly (an algorithm that
    multiplies any 2×2 matrices with U.shape[1] multiplications)."""
    U, V, W = (np.asarray(M) for M in (U, V, W))
    return bool(np.array_equal(np.einsum("ir,jr,kr->ijk", U, V, W), matmul_tensor(2)))


def multiplication_counts(n):
    """Scalar multiplications to multiply two n×n matrices, n = 2^k: (naive n³, recursive Strassen 7^k),
    as Python ints (exact)."""
    k = int(n).bit_length() - 1
    return int(n) ** 3, 7 ** k


# ================================================================ explorables
REGIME_COLOURS = {"explosive": PALETTE["vermillion"], "exponential": PALETTE["blue"], "slowdown": PALETTE["green"]}
T_MAX = 100.0  # years shown by the simulator
ALPHA = 0.05  # the simulator's research productivity: 5 % a year at the start with S = A = 1
LOG_CAP = 12.0  # the plot stops at A = 10^12 (an explosion passes it within a step)
GROWTH_MAX = 30.0  # % per year shown; an explosion's growth rate leaves the panel through the top


def _fmt_years(x):
    return "never (within 100 years)" if not math.isfinite(x) else f"{x:.1f} years"


def takeoff_state(lam, phi, beta, g_L, dt=0.1):
    """Everything the simulator draws: log10 A(t), the growth rate (% per year), the regime, the time to 10×,
    the blow-up time (A passes 10^12), the human-only steady growth λ·g_L/(1 − φ) and the title."""
    t, A = simulate_takeoff(lam, phi, beta, g_L, ALPHA, T_MAX, dt, 10.0 ** LOG_CAP)
    A = np.minimum(A, 10.0 ** LOG_CAP)
    logA = np.log10(A)
    growth = 100.0 * np.gradient(np.log(A), t) if len(t) > 1 else np.zeros_like(t)
    kind = regime(lam, phi) if beta > 0 else "no AI labour"
    t10 = crossing_time(t, A, 10.0)
    blow = t[-1] if A[-1] >= 10.0 ** LOG_CAP else math.inf
    jones = 100.0 * steady_growth(lam, phi, g_L)
    colour = REGIME_COLOURS.get(kind, PALETTE["black"])
    title = (f"λ + φ = {lam + phi:.2f}: {kind}; 10× in {_fmt_years(t10)}; "
             + (f"A passes 10¹² at {blow:.1f} years" if math.isfinite(blow) else "no blow-up in 100 years"))
    return {"t": t, "logA": logA, "growth": growth, "regime": kind, "t10": t10, "blowup": blow,
            "jones": jones, "colour": colour, "title": title}


def _takeoff_figure(height=620, top=120, bottom=60, legend_px=62, widget=False):
    """Two panels; the top margin holds the pinned title (32 px), the legend at legend_px px from the top (and, in
    the static twin, the β buttons between them)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
                        subplot_titles=("ideas: log₁₀ A(t)", "growth rate of ideas (% per year)"))
    fig = go.FigureWidget(fig) if widget else fig
    legend_y = 1.0 + (top - legend_px) / (height - top - bottom)
    fig.update_layout(**layout(height=height, margin=dict(l=70, r=30, t=top, b=bottom),
                               legend=dict(orientation="h", x=0, y=legend_y, yanchor="top", font=dict(size=12))),
                      meta={"alt": "Two panels over 100 years: the logarithm of the stock of ideas A(t), coloured "
                                   "by regime (explosive, exponential or slowdown), and its growth rate in percent "
                                   "per year with the human-only steady growth rate as a dashed line."})
    fig.update_yaxes(title_text="log₁₀ A", range=[-0.2, LOG_CAP + 0.3], row=1, col=1)
    fig.update_yaxes(title_text="% per year", range=[0, GROWTH_MAX], row=2, col=1)
    fig.update_xaxes(title_text="years", range=[0, T_MAX], row=2, col=1)
    fig.update_xaxes(range=[0, T_MAX], row=1, col=1)
    return fig


def _add_takeoff_traces(fig, s, showlegend=True):
    fig.add_scatter(x=round_sig(s["t"]), y=round_sig(s["logA"]), mode="lines", name="log₁₀ A(t)",
                    line=dict(color=s["colour"], width=3), showlegend=False, row=1, col=1)
    fig.add_scatter(x=round_sig(s["t"]), y=round_sig(s["growth"]), mode="lines", name="growth of A",
                    line=dict(color=s["colour"], width=2), showlegend=False, row=2, col=1)
    fig.add_scatter(x=[0, T_MAX], y=[s["jones"]] * 2, mode="lines", name="human-only steady growth λ·g_L/(1 − φ)",
                    line=dict(color=PALETTE["black"], dash="dash", width=1.5), showlegend=showlegend, row=2, col=1)
    for kind, colour in REGIME_COLOURS.items():  # legend of the colours only
        fig.add_scatter(x=[None], y=[None], mode="lines", name=kind, line=dict(color=colour, width=3),
                        showlegend=showlegend, hoverinfo="skip", row=1, col=1)


STATIC_PHI = [-1.0, -0.6, -0.3, -0.1, 0.0, 0.1, 0.2, 0.3, 0.5, 0.7]  # static grid of φ (λ = 1)
STATIC_BETA = (0.0, 0.1, 1.0)  # the buttons: no AI labour, a little, as much as the humans at the start
STATIC_LAM, STATIC_GL = 1.0, 0.02


def _coarse(s, every=10):
    """Every `every`-th point of a simulator state (and the last one): small static pages."""
    idx = np.unique(np.r_[0:len(s["t"]):every, len(s["t"]) - 1])
    return {**s, "t": s["t"][idx], "logA": s["logA"][idx], "growth": s["growth"][idx]}


def takeoff_static():
    """The book's twin: slider over φ at λ = 1, g_L = 2 %/yr; buttons pick β (visibility of its traces)."""
    height, top, bottom = 820, 175, 150  # title 32-70 px (2 lines), buttons 76-106 px, legend 116-136 px;
    # the bottom margin holds the x-axis title and the slider, so plotly never grows the margins (the px above hold)
    fig = _takeoff_figure(height, top, bottom, legend_px=116)
    states = {b: {phi: _coarse(takeoff_state(STATIC_LAM, phi, b, STATIC_GL)) for phi in STATIC_PHI}
              for b in STATIC_BETA}
    phi0 = 0.0
    for i, b in enumerate(STATIC_BETA):  # traces 2i, 2i+1: curve and growth for β = b
        s = states[b][phi0]
        fig.add_scatter(x=round_sig(s["t"]), y=round_sig(s["logA"]), mode="lines", name=f"log₁₀ A, β = {b:g}",
                        line=dict(color=s["colour"], width=3), showlegend=False, visible=b == 1.0, row=1, col=1)
        fig.add_scatter(x=round_sig(s["t"]), y=round_sig(s["growth"]), mode="lines", name=f"growth, β = {b:g}",
                        line=dict(color=s["colour"], width=2), showlegend=False, visible=b == 1.0, row=2, col=1)
    nb = 2 * len(STATIC_BETA)
    fig.add_scatter(x=[0, T_MAX], y=[states[1.0][phi0]["jones"]] * 2, mode="lines",
                    name="human-only steady growth λ·g_L/(1 − φ)", line=dict(color=PALETTE["black"], dash="dash",
                                                                              width=1.5), row=2, col=1)
    for kind, colour in REGIME_COLOURS.items():
        fig.add_scatter(x=[None], y=[None], mode="lines", name=kind, line=dict(color=colour, width=3),
                        hoverinfo="skip", row=1, col=1)

    def title(phi):
        parts = []
        for b in STATIC_BETA:
            s = states[b][phi]
            ten = f"in {s['t10']:.1f} y" if math.isfinite(s["t10"]) else "not in 100 y"
            parts.append(f"β = {b:g}: 10× {ten}" + (f", 10¹² at {s['blowup']:.1f} y" if math.isfinite(s["blowup"])
                                                    else ""))
        return f"λ = 1, φ = {phi:g} (λ + φ = {1 + phi:g}), g_L = 2 %/yr<br>" + "; ".join(parts)

    def st(phi):
        xs, ys, cols = [], [], []
        for b in STATIC_BETA:
            s = states[b][phi]
            xs += [s["t"], s["t"]]
            ys += [s["logA"], s["growth"]]
            cols += [s["colour"], s["colour"]]
        xs.append(np.array([0.0, T_MAX]))
        ys.append(np.array([states[1.0][phi]["jones"]] * 2))
        return {"x": xs, "y": ys, "line.color": cols + [PALETTE["black"]]}

    precomputed_slider_figure(fig, "φ (returns to the stock of ideas)", STATIC_PHI, st, list(range(nb + 1)),
                              active=STATIC_PHI.index(phi0), title=title)
    fig.update_layout(title=pinned_title(title(phi0), height, size=13), updatemenus=[dict(
        name="AI research labour β", type="buttons", direction="right", x=0.0,
        y=1.0 + (top - 76) / (height - top - bottom), xanchor="left", yanchor="top", pad=dict(t=0, b=0, r=4),
        showactive=True, active=STATIC_BETA.index(1.0),
        buttons=[dict(label=f"β = {b:g}" + (" (humans only)" if b == 0 else ""), method="restyle",
                      args=[{"visible": [j // 2 == i for j in range(nb)] + [True] * 4}])
                 for i, b in enumerate(STATIC_BETA)])])
    return fig


def takeoff_live():
    """The simulator in JupyterLab: λ, φ, β and g_L; one FigureWidget updated in place."""
    fig = _takeoff_figure(600, top=110, legend_px=62, widget=True)
    _add_takeoff_traces(fig, takeoff_state(1.0, 0.0, 1.0, 0.02))
    fig.layout.title = pinned_title("", 600, size=14)
    style = {"description_width": "200px"}
    lay = W.Layout(width="460px")
    lam = W.FloatSlider(value=1.0, min=0.2, max=1.2, step=0.05, description="λ (returns to researchers)",
                        readout_format=".2f", style=style, layout=lay)
    phi = W.FloatSlider(value=0.0, min=-1.0, max=0.9, step=0.05, description="φ (returns to ideas)",
                        readout_format=".2f", style=style, layout=lay)
    beta = W.FloatSlider(value=1.0, min=0.0, max=2.0, step=0.05, description="β (AI labour per idea)",
                         readout_format=".2f", style=style, layout=lay)
    g_L = W.FloatSlider(value=0.02, min=0.0, max=0.05, step=0.005, description="g_L (human labour growth /yr)",
                        readout_format=".3f", style=style, layout=lay)

    def update(*_):
        s = takeoff_state(lam.value, phi.value, beta.value, g_L.value)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = s["t"], s["logA"]
            fig.data[1].x, fig.data[1].y = s["t"], s["growth"]
            fig.data[0].line.color = fig.data[1].line.color = s["colour"]
            fig.data[2].y = [s["jones"]] * 2
            fig.layout.title.text = s["title"]

    for c in (lam, phi, beta, g_L):
        c.observe(update, "value")
    update()
    return W.VBox([lam, phi, beta, g_L, fig])


def takeoff_simulator() -> Explorable:
    return Explorable("Takeoff simulator", live=takeoff_live, static=takeoff_static)


# ---------------------------------------------------------------- 2. inputs vs outputs
IO_STARTS = [2010.0, 2012.0, 2014.0, 2016.0, 2018.0, 2019.0, 2020.0, 2021.0, 2022.0, 2023.0, 2024.0]
IO_END = 2100.0


def _fit(years, values, keep):
    slope, intercept = et.fit_log2_line(years[keep], values[keep])
    return slope, intercept


def inputs_outputs_state(start=2010.0, end=IO_END):
    """Fits over publication / release dates in [start, end]: Epoch training compute (notable models, and all
    models with known compute) and METR TH1.1 50 % horizons (frontier models). Returns lines (log axes),
    doubling times in months, and compute doublings per horizon doubling."""
    ep, m = et.load_epoch_all(), et.load_metr("TH1.1")
    my = 1970.0 + m["day"] / et.DAYS_PER_YEAR
    out = {"start": start, "end": end}
    for key, sel in (("notable", ep["notable"]), ("all", np.ones(len(ep["year"]), dtype=bool))):
        keep = sel & (ep["year"] >= start) & (ep["year"] <= end)
        slope, icpt = _fit(ep["year"], ep["flop"], keep)
        x = np.array([max(start, ep["year"][keep].min()), min(end, ep["year"][keep].max())])
        out[key] = {"n": int(keep.sum()), "months": 12.0 / slope, "x": x, "y": 2.0 ** (slope * x + icpt)}
    keep = m["sota"] & (my >= start) & (my <= end)
    if keep.sum() < 3:  # a window with too few frontier models: use the last three
        keep = m["sota"] & (my >= my[m["sota"]][-3])
    slope, icpt = _fit(my, m["p50"], keep)
    x = np.array([my[keep].min(), my[keep].max()])
    out["metr"] = {"n": int(keep.sum()), "months": 12.0 / slope, "x": x, "y": 2.0 ** (slope * x + icpt)}
    for key in ("notable", "all"):
        out[key]["per_horizon"] = out["metr"]["months"] / out[key]["months"]
    return out


def _io_title(s, key="notable"):
    e, h = s[key], s["metr"]
    return (f"From {s['start']:g}: compute ×2 every {e['months']:.1f} months ({e['n']} {key} models); "
            f"METR horizon ×2 every {h['months']:.1f} months ({h['n']} frontier models)<br>"
            f"{e['per_horizon']:.2f} compute doublings per horizon doubling")


def _io_figure(height=560, top=130, bottom=120, widget=False):
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=("input: training compute (FLOP), Epoch", "output: METR 50 % horizon (minutes)"))
    fig = go.FigureWidget(fig) if widget else fig
    fig.update_layout(**layout(height=height, margin=dict(l=70, r=30, t=top, b=bottom),
                               legend=dict(orientation="h", x=0, y=-0.16, yanchor="top", font=dict(size=12))),
                      meta={"alt": "Two log-axis panels against date: training compute of AI models (Epoch) with "
                                   "a fitted exponential, and METR's 50 percent time horizons of frontier models with "
                                   "a fitted exponential; the title compares the two doubling times."})
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_xaxes(title_text="year")
    return fig


def _io_add_points(fig):
    ep, m = et.load_epoch_all(), et.load_metr("TH1.1")
    my = 1970.0 + m["day"] / et.DAYS_PER_YEAR
    other = ~ep["notable"] & (ep["year"] >= 2000)
    fig.add_scatter(x=round_sig(ep["year"][other]), y=round_sig(ep["flop"][other]), mode="markers",
                    name="other models with known compute", marker=dict(size=3, color="#999", opacity=0.5),
                    hoverinfo="skip", visible=False, row=1, col=1)
    nb = ep["notable"] & (ep["year"] >= 2000)
    fig.add_scatter(x=round_sig(ep["year"][nb]), y=round_sig(ep["flop"][nb]), mode="markers", name="notable models",
                    text=ep["model"][nb], hovertemplate="%{text}<extra></extra>",
                    marker=dict(size=4, color=PALETTE["green"], opacity=0.6), row=1, col=1)
    fig.add_scatter(x=round_sig(my[m["sota"]]), y=round_sig(m["p50"][m["sota"]]), mode="markers",
                    name="METR frontier models", text=m["name"][m["sota"]], hovertemplate="%{text}<extra></extra>",
                    marker=dict(size=7, color=PALETTE["blue"]), row=1, col=2)


def inputs_outputs_static():
    """Slider over the start of the fit window; buttons choose the compute selection (notable / all)."""
    height, top = 720, 150  # title 32-70 px (2 lines), buttons 80-110 px, subplot titles above 150 px
    fig = _io_figure(height, top, bottom=200)
    _io_add_points(fig)  # traces 0 (other), 1 (notable), 2 (METR)
    s0 = inputs_outputs_state(2010.0)
    fig.add_scatter(x=s0["notable"]["x"], y=s0["notable"]["y"], mode="lines", name="fit, notable models",
                    line=dict(color=PALETTE["black"], width=2.5), row=1, col=1)  # 3
    fig.add_scatter(x=s0["all"]["x"], y=s0["all"]["y"], mode="lines", name="fit, all models", visible=False,
                    line=dict(color=PALETTE["vermillion"], width=2.5, dash="dash"), row=1, col=1)  # 4
    fig.add_scatter(x=s0["metr"]["x"], y=s0["metr"]["y"], mode="lines", name="fit, METR frontier",
                    line=dict(color=PALETTE["black"], width=2.5), showlegend=False, row=1, col=2)  # 5
    cache = {s: inputs_outputs_state(s) for s in IO_STARTS}

    def st(start):
        s = cache[start]
        return {"x": [s["notable"]["x"], s["all"]["x"], s["metr"]["x"]],
                "y": [s["notable"]["y"], s["all"]["y"], s["metr"]["y"]]}

    def title(start):
        s = cache[start]
        return (f"From {start:g}: compute ×2 every {s['notable']['months']:.1f} months (notable, n = "
                f"{s['notable']['n']}) or {s['all']['months']:.1f} (all, n = {s['all']['n']})<br>METR horizon ×2 "
                f"every {s['metr']['months']:.1f} months (n = {s['metr']['n']}): {s['notable']['per_horizon']:.2f} "
                f"notable-compute doublings per horizon doubling")

    precomputed_slider_figure(fig, "fit from (year)", IO_STARTS, st, [3, 4, 5], active=0, title=title)
    fig.layout.sliders[0].pad = dict(t=70, b=10)
    fig.update_layout(title=pinned_title(title(2010.0), height, size=13), updatemenus=[dict(
        name="compute selection", type="buttons", direction="right", x=0.0,
        y=1.0 + (top - 80) / (height - top - 200), xanchor="left", yanchor="top", pad=dict(t=0, b=0, r=4),
        showactive=True, active=0,
        buttons=[dict(label="notable models", method="restyle",
                      args=[{"visible": [False, True, True, True, False, True]}]),
                 dict(label="all models with known compute", method="restyle",
                      args=[{"visible": [True, True, True, False, True, True]}])])])
    return fig


def inputs_outputs_live():
    fig = _io_figure(560, top=110, widget=True)
    _io_add_points(fig)
    fig.add_scatter(mode="lines", name="fit, compute", line=dict(color=PALETTE["black"], width=2.5), row=1, col=1)
    fig.add_scatter(mode="lines", name="fit, METR frontier", line=dict(color=PALETTE["black"], width=2.5),
                    showlegend=False, row=1, col=2)
    fig.layout.title = pinned_title("", 560, size=13)
    style = {"description_width": "120px"}
    start = W.FloatSlider(value=2010.0, min=2010.0, max=2024.0, step=0.5, description="fit from (year)",
                          readout_format=".1f", style=style, layout=W.Layout(width="420px"))
    end = W.FloatSlider(value=2026.0, min=2012.0, max=2026.0, step=0.5, description="fit to (year)",
                        readout_format=".1f", style=style, layout=W.Layout(width="420px"))
    sel = W.ToggleButtons(options=[("notable models", "notable"), ("all with known compute", "all")],
                          value="notable", description="compute")
    cache = {}

    def update(*_):
        lo, hi = start.value, max(end.value, start.value + 2.0)
        key = (lo, hi)
        if key not in cache:
            cache[key] = inputs_outputs_state(lo, hi)
        s = cache[key]
        e = s[sel.value]
        with fig.batch_update():
            fig.data[0].visible = sel.value == "all"
            fig.data[3].x, fig.data[3].y = e["x"], e["y"]
            fig.data[4].x, fig.data[4].y = s["metr"]["x"], s["metr"]["y"]
            fig.layout.title.text = _io_title(s, sel.value) + ("" if hi == end.value else f" (window to {hi:g})")

    for c in (start, end, sel):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([start, end]), sel, fig])


def inputs_vs_outputs() -> Explorable:
    return Explorable("Inputs vs outputs", live=inputs_outputs_live, static=inputs_outputs_static)


# ---------------------------------------------------------------- 3. Strassen explorer
KS = list(range(1, 13))  # n = 2, 4, ..., 4096
N_CURVE = 2.0 ** np.arange(1, 13)


def strassen_cutoff_counts(n, leaf):
    """Multiplications of Strassen recursion on n×n (n = 2^k) that switches to the naive product on blocks of
    size `leaf` (a power of 2 <= n): 7^(levels) · leaf³."""
    levels = int(round(math.log2(n / leaf)))
    return 7 ** levels * leaf ** 3


def _strassen_title(k):
    n = 2 ** k
    naive, fast = multiplication_counts(n)
    return (f"n = {n}: naive n³ = {naive:,} multiplications<br>Strassen 7^{k} = {fast:,}: "
            f"{fast / naive:.4f} of naive = (7/8)^{k}")


def _strassen_fractions(leaf):
    """Fraction of the naive count for Strassen down to `leaf`×`leaf` blocks, on N_CURVE."""
    return np.array([strassen_cutoff_counts(n, leaf) / n ** 3 if n >= leaf else 1.0 for n in N_CURVE])


N4 = 4.0 ** np.arange(1, 7)  # sizes where AlphaTensor's 4×4 scheme recurses exactly


def _strassen_figure(height=600, top=110, bottom=190, widget=False):
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=("scalar multiplications", "fraction of the naive count"))
    fig = go.FigureWidget(fig) if widget else fig
    fig.update_layout(**layout(height=height, margin=dict(l=70, r=30, t=top, b=bottom),
                               legend=dict(orientation="h", x=0, y=-0.2, yanchor="top", font=dict(size=12))),
                      meta={"alt": "Two panels against the matrix size n on a log axis: scalar multiplications of "
                                   "the naive method, recursive Strassen, Strassen stopped at 64 by 64 blocks and "
                                   "AlphaTensor's 4 by 4 scheme with 47 multiplications (mod 2 only), and the same "
                                   "counts as a fraction of the naive one, with the chosen size marked."})
    ticks = dict(type="log", tickvals=N_CURVE[1::2], ticktext=[f"{int(v)}" for v in N_CURVE[1::2]],
                 title_text="matrix size n", range=[0.2, 3.75])
    fig.update_xaxes(**ticks)
    fig.update_yaxes(type="log", exponentformat="power", range=[0, 11.6], row=1, col=1)
    fig.update_yaxes(range=[0, 1.05], row=1, col=2)
    styles = [("naive: n³", PALETTE["black"], "solid"), ("Strassen: 7^log₂n", PALETTE["blue"], "solid"),
              ("Strassen to 64×64 blocks, then naive", PALETTE["sky"], "dash"),
              ("AlphaTensor 4×4 in 47 (mod 2 only)", PALETTE["orange"], "dot")]
    counts = [N_CURVE ** 3, 7.0 ** np.arange(1, 13), _strassen_fractions(64) * N_CURVE ** 3, 47.0 ** np.arange(1, 7)]
    fracs = [np.ones(12), (7 / 8) ** np.arange(1, 13), _strassen_fractions(64), (47 / 64) ** np.arange(1, 7)]
    for (name, colour, dash), y, f in zip(styles, counts, fracs):  # traces 0..3 counts, 4..7 fractions
        x = N4 if "AlphaTensor" in name else N_CURVE
        fig.add_scatter(x=x, y=y, mode="lines+markers", name=name, marker=dict(size=4),
                        line=dict(color=colour, dash=dash), legendgroup=name, row=1, col=1)
    for (name, colour, dash), y, f in zip(styles, counts, fracs):
        x = N4 if "AlphaTensor" in name else N_CURVE
        fig.add_scatter(x=x, y=round_sig(f), mode="lines+markers", name=name, marker=dict(size=4),
                        line=dict(color=colour, dash=dash), legendgroup=name, showlegend=False, row=1, col=2)
    return fig


def _strassen_marks(k):
    """Markers at n = 2^k: the two counts (left panel) and Strassen's fraction (right panel)."""
    n = 2 ** k
    naive, fast = multiplication_counts(n)
    return ([n, n], [naive, fast], [f"{naive:.3g}", f"{fast:.3g}"],
            [n], [fast / naive], [f"{fast / naive:.3f}"])


def _add_strassen_marks(fig, k):
    x, y, text, xf, yf, tf = _strassen_marks(k)
    fig.add_scatter(x=x, y=y, text=text, mode="markers", hovertemplate="%{text}<extra></extra>",
                    name="chosen n", showlegend=False,
                    marker=dict(size=11, color=[PALETTE["black"], PALETTE["blue"]]), row=1, col=1)  # trace 8
    fig.add_scatter(x=xf, y=yf, text=tf, mode="markers+text", textposition="bottom left", name="chosen n, fraction",
                    showlegend=False, hoverinfo="skip", marker=dict(size=11, color=PALETTE["blue"]),
                    row=1, col=2)  # trace 9


def strassen_static():
    height, top = 600, 110
    fig = _strassen_figure(height, top)
    _add_strassen_marks(fig, 12)

    def st(k):
        x, y, text, xf, yf, tf = _strassen_marks(k)
        return {"x": [x, xf], "y": [y, yf], "text": [text, tf]}

    precomputed_slider_figure(fig, "k (n = 2^k)", KS, st, [8, 9], active=KS.index(12), title=_strassen_title)
    fig.layout.sliders[0].pad = dict(t=90, b=10)
    fig.update_layout(title=pinned_title(_strassen_title(12), height, size=14))
    return fig


def strassen_live():
    fig = _strassen_figure(560, bottom=150, widget=True)
    _add_strassen_marks(fig, 12)
    fig.layout.title = pinned_title("", 560, size=14)
    k = W.IntSlider(value=12, min=1, max=12, description="k (n = 2^k)")
    leaf = W.SelectionSlider(options=[1, 2, 4, 8, 16, 32, 64, 128], value=64, description="leaf block")

    def update(*_):
        x, y, text, xf, yf, tf = _strassen_marks(k.value)
        L = leaf.value
        frac = _strassen_fractions(L)
        with fig.batch_update():
            fig.data[8].x, fig.data[8].y, fig.data[8].text = x, y, text
            fig.data[9].x, fig.data[9].y, fig.data[9].text = xf, yf, tf
            fig.data[2].y = frac * N_CURVE ** 3
            fig.data[6].y = frac
            fig.data[2].name = f"Strassen to {L}×{L} blocks, then naive"
            fig.layout.title.text = _strassen_title(k.value)

    for c in (k, leaf):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([k, leaf]), fig])


def strassen_explorer() -> Explorable:
    return Explorable("Strassen explorer", live=strassen_live, static=strassen_static)
