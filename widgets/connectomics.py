"""Mapping the brain: connectome statistics, weight transport, data volumes and cost curves.

Model (pure numpy, parameters in, numbers or arrays out):
    cost_plan, years_to_target, cost_trajectory, voxels_and_bytes, programme,
    reciprocity, alignment, best_window_drop, month_index
Real data: the NHGRI cost table, loaded and searched with widgets/exponential_trends.py
(load_nhgri, largest_fold_drop, fold_change_rates): imported, never copied.
Units: dollars (USD, not inflation-adjusted), years, mm³ for brain volumes, nm for voxel edges, bytes.
Explorables (live in JupyterLab, static in the book): cost_curve_explorer, programme_planner
"""
from __future__ import annotations

import csv

import numpy as np
import plotly.graph_objects as go

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, precomputed_slider_figure, round_sig
from widgets import exponential_trends as et

# ---------------------------------------------------------------- anchors (tagged where they are used)
HGP_COST = 3e9          # said: Marblestone relaying George Church, "three billion or something" (l. 514)
HGP_YEAR = 2003.29      # outside: the Human Genome Project was declared complete on 14 April 2003 (NHGRI)
MILLION_FOLD_YEARS = 10.0  # said: "dropped like a million-fold in 10 years" (l. 516)
WELLCOME_COST = 3e9     # said "several billion dollars" (l. 498); 3 is our reading of "several" (an assumption)
MOUSE_TARGET = (10e6, 30e6)  # said: "10 million or 20 million, 30 million" (l. 500)
HUMAN_SCALE = 1000.0    # said: "a human brain is about a thousand times bigger" (l. 500)
BAND = (1e8, 3e9)       # said "hundreds of millions to low billions" (l. 502); low billions read as ≤ $3B
MOUSE_MM3 = 500.0       # outside: round figure for an adult mouse brain (≈0.4–0.5 g, ≈1 g/cm³)
HUMAN_MM3 = 1.2e6       # outside: ≈1,200 cm³ (Cosgrove, Mazure & Staley 2007: ≈1,130 women, ≈1,260 men)
EM_VOXEL = (4.0, 4.0, 40.0)  # nm; the serial-section EM voxel (4 × 4 nm in plane, 40 nm sections)


# ---------------------------------------------------------------- cost arithmetic
def cost_plan(start_cost, end_cost, scale, halving_years):
    """(fold, scaled, years): the fall start_cost / end_cost; scale * end_cost (the naive cost of a
    `scale`-times bigger job at the new price); the years the fall takes when the cost halves every
    halving_years (halving_years * log2(fold); negative when end_cost > start_cost)."""
    fold = start_cost / end_cost
    return float(fold), float(scale * end_cost), float(halving_years * np.log2(fold))


def years_to_target(start_cost, target_cost, yearly_factor):
    """Years for start_cost to fall to target_cost when it falls by yearly_factor (> 1) each year."""
    return float(np.log(start_cost / target_cost) / np.log(yearly_factor))


def cost_trajectory(years, start_year, start_cost, yearly_factor):
    """Cost at each of `years` of something costing start_cost in start_year, falling ×yearly_factor a year."""
    return start_cost * yearly_factor ** (-(np.asarray(years, dtype=float) - start_year))


# ---------------------------------------------------------------- data volume
def voxels_and_bytes(volume_mm3, voxel_nm, bytes_per_voxel):
    """(voxels, bytes) to image volume_mm3 of tissue with voxels of voxel_nm = (x, y, z) nm
    (1 mm = 10⁶ nm, so 1 mm³ = 10¹⁸ nm³) at bytes_per_voxel bytes each."""
    x, y, z = voxel_nm
    voxels = volume_mm3 * 1e18 / (x * y * z)
    return float(voxels), float(voxels * bytes_per_voxel)


def programme(steering_fraction=0.01, k_mammals=3, mammal_mm3=5000.0, usd_per_mm3=4e4, voxel_nm=EM_VOXEL,
              bytes_per_voxel=1.0, mouse_mm3=MOUSE_MM3, human_mm3=HUMAN_MM3):
    """A connectome programme: one mouse brain, a human steering subsystem (steering_fraction of a human
    brain's volume) and k_mammals other brains of mammal_mm3 each, imaged at usd_per_mm3 dollars per mm³.

    Returns a dict: names, volume (mm³), cost (USD) and bytes per part, and their totals."""
    names = ["mouse brain", "human steering subsystem", f"{int(k_mammals)} other mammals"]
    volume = np.array([mouse_mm3, steering_fraction * human_mm3, k_mammals * mammal_mm3], dtype=float)
    data = np.array([voxels_and_bytes(v, voxel_nm, bytes_per_voxel)[1] for v in volume])
    cost = volume * usd_per_mm3
    return {"names": names, "volume": volume, "cost": cost, "bytes": data,
            "total_cost": float(cost.sum()), "total_bytes": float(data.sum()), "total_volume": float(volume.sum())}


# ---------------------------------------------------------------- connectome statistics
def reciprocity(A):
    """(reciprocity, density) of a directed graph with adjacency A (A[i, j] != 0: an edge i → j).

    Self-loops (the diagonal) are ignored. reciprocity = edges i → j whose reverse j → i exists / edges;
    density = edges / (n (n − 1)). Defined as 0.0 when there are no edges (or n < 2)."""
    E = np.asarray(A) != 0
    n = E.shape[0]
    E = E & ~np.eye(n, dtype=bool)
    m = int(E.sum())
    mutual = int((E & E.T).sum())
    r = mutual / m if m else 0.0
    density = m / (n * (n - 1)) if n > 1 else 0.0
    return float(r), float(density)


def alignment(B, W):
    """(cosine, degrees) between the feedback matrix B and Wᵀ, the feedback backprop would need
    (Frobenius inner product; the weight-transport problem). Defined as (0.0, 90.0) if either is all zero."""
    B, Wt = np.asarray(B, dtype=float), np.asarray(W, dtype=float).T
    norm = np.linalg.norm(B) * np.linalg.norm(Wt)
    cos = float(np.sum(B * Wt) / norm) if norm > 0 else 0.0
    return cos, float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


# ---------------------------------------------------------------- testing a quote against the data
def month_index(year_month):
    """Months since year 0 of "YYYY-MM" strings: 12 * year + month − 1 (equal gaps = equal months)."""
    return np.array([12 * int(s[:4]) + int(s[5:7]) - 1 for s in year_month])


def best_window_drop(year_month, cost, window_months):
    """The largest fall cost[i] / cost[j] between two dates at most window_months apart (j after i),
    dates "YYYY-MM" sorted and distinct. Returns (fold, start "YYYY-MM", end "YYYY-MM"); among equal
    folds, the earliest start, then the earliest end. Uses exponential_trends.largest_fold_drop in
    whole months (months / 12 as years)."""
    months = month_index(year_month)
    fold, y0, y1 = et.largest_fold_drop(months / 12.0, cost, window_months / 12.0)
    i, j = int(np.argmin(np.abs(months / 12.0 - y0))), int(np.argmin(np.abs(months / 12.0 - y1)))
    return fold, str(year_month[i]), str(year_month[j])


def load_nhgri_months() -> dict:
    """The shipped NHGRI table with its "YYYY-MM" labels (the rest via exponential_trends.load_nhgri)."""
    with open(et.DATA / "nhgri" / "nhgri_sequencing_costs_2001_2022.csv", newline="") as f:
        labels = [r["year_month"] for r in csv.DictReader(f)]
    return {"year_month": labels, **et.load_nhgri()}


# ================================================================ explorables
# ---------------------------------------------------------------- 1. cost-curve explorer
FACTORS = [1.25, 1.5, 2.0, 3.0, 3.98, 6.0, 10.0]  # static grid: yearly cost-fall factor (3.98 ≈ 10⁶ in 10 yr)
START_YEAR = 2025.0


def _cost_state(factor, start=WELLCOME_COST, target=20e6):
    years = np.linspace(START_YEAR, START_YEAR + 20, 41)
    y = cost_trajectory(years, START_YEAR, start, factor)
    t = years_to_target(start, target, factor)
    halving = np.log(2) / np.log(factor)
    title = (f"Falling ×{factor:.2f} a year (halving every {halving:.2f} yr): "
             f"${start / 1e9:.1f}B → ${target / 1e6:.0f}M takes {t:.1f} years")
    return {"years": years, "y": np.maximum(y, 1.0), "t": t, "title": title, "target": target}


def cost_figure(factor=3.98, start=WELLCOME_COST, target=20e6, widget=False):
    nh, s = et.load_nhgri(), _cost_state(factor, start, target)
    fig = go.FigureWidget() if widget else go.Figure()
    fig.add_scatter(x=round_sig(nh["year"]), y=round_sig(nh["genome"]), mode="lines+markers", name="NHGRI: $ per genome",
                    marker=dict(size=4), line=dict(color=PALETTE["blue"]))
    fig.add_scatter(x=[HGP_YEAR], y=[HGP_COST], mode="markers", name="HGP, \"three billion\" (said)",
                    marker=dict(size=11, symbol="star", color=PALETTE["orange"]))
    fig.add_scatter(x=[HGP_YEAR, HGP_YEAR + MILLION_FOLD_YEARS], y=[HGP_COST, HGP_COST / 1e6], mode="lines",
                    name="\"a million-fold in 10 years\" (said)", line=dict(color=PALETTE["orange"], dash="dot"))
    fig.add_scatter(x=s["years"], y=round_sig(s["y"]), mode="lines", name="connectome projection",
                    line=dict(color=PALETTE["vermillion"], width=3))
    fig.add_scatter(x=[2001, START_YEAR + 20], y=[s["target"]] * 2, mode="lines", name="target",
                    line=dict(color=PALETTE["green"], dash="dash"))
    fig.update_layout(**pinned_layout(540, s["title"], size=14), meta={
        "alt": "Log-axis cost curves: NHGRI cost per human genome 2001-2022, the quoted three-billion-dollar first "
               "genome with a million-fold-in-ten-years line, and a projected mouse-connectome cost falling from "
               "several billion dollars toward a tens-of-millions target."})
    fig.update_layout(margin=dict(t=125), legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    fig.update_yaxes(type="log", exponentformat="power", title_text="USD (not inflation-adjusted)", range=[1.5, 10.5])
    fig.update_xaxes(title_text="year", range=[2000, START_YEAR + 20.5])
    return fig


def cost_curve_static() -> go.Figure:
    fig = cost_figure(3.98)

    def states(f):
        return {"y": [round_sig(_cost_state(f)["y"])]}

    return precomputed_slider_figure(fig, "yearly fall factor", FACTORS, states, [3], active=FACTORS.index(3.98),
                                     fmt="×{:g}".format, title=lambda f: _cost_state(f)["title"])


def cost_curve_live():
    import ipywidgets as w

    style = {"description_width": "initial"}
    start = w.FloatSlider(value=WELLCOME_COST / 1e9, min=0.1, max=10.0, step=0.1, description="start cost ($B)",
                          readout_format=".1f", style=style)
    factor = w.FloatSlider(value=3.98, min=1.1, max=10.0, step=0.01, description="fall per year (×)",
                           readout_format=".2f", style=style)
    target = w.FloatSlider(value=20.0, min=1.0, max=100.0, step=1.0, description="target ($M)",
                           readout_format=".0f", style=style)
    fig = cost_figure(widget=True)

    def update(_=None):
        s = _cost_state(factor.value, start.value * 1e9, target.value * 1e6)
        with fig.batch_update():
            fig.data[3].y = s["y"]
            fig.data[4].y = [s["target"]] * 2
            fig.layout.title.text = s["title"]

    for c in (start, factor, target):
        c.observe(update, names="value")
    return w.VBox([w.HBox([start, factor, target]), fig])


def cost_curve_explorer() -> Explorable:
    return Explorable("Cost-curve explorer", live=cost_curve_live, static=cost_curve_static)


# ---------------------------------------------------------------- 2. programme planner
USD_PER_MM3 = [2e3, 5e3, 1e4, 2e4, 4e4, 6e4, 1e5, 2e5, 5e5]  # static grid ($ per mm³)


def _plan_state(usd_per_mm3, steering_fraction=0.01, k_mammals=3, mammal_mm3=5000.0, lateral_nm=4.0):
    p = programme(steering_fraction, k_mammals, mammal_mm3, usd_per_mm3, (lateral_nm, lateral_nm, 40.0))
    inside = BAND[0] <= p["total_cost"] <= BAND[1]
    title = (f"${usd_per_mm3:,.0f}/mm³: total ${p['total_cost'] / 1e9:.2f}B for {p['total_volume']:,.0f} mm³, "
             f"{p['total_bytes'] / 1e18:.1f} EB at 1 B/voxel ({'inside' if inside else 'outside'} the band)")
    return {"x": p["names"] + ["total"], "y": np.append(p["cost"], p["total_cost"]), "title": title}


def plan_figure(usd_per_mm3=4e4, widget=False, **kw):
    s = _plan_state(usd_per_mm3, **kw)
    fig = go.FigureWidget() if widget else go.Figure()
    fig.add_bar(x=s["x"], y=s["y"], name="cost", marker_color=[PALETTE["blue"]] * 3 + [PALETTE["black"]])
    fig.add_scatter(x=[s["x"][0], s["x"][-1]], y=[BAND[0]] * 2, mode="lines", name="\"hundreds of millions\"",
                    line=dict(color=PALETTE["green"], dash="dash"))
    fig.add_scatter(x=[s["x"][0], s["x"][-1]], y=[BAND[1]] * 2, mode="lines", name="\"low billions\" (≤ $3B)",
                    line=dict(color=PALETTE["vermillion"], dash="dash"))
    fig.update_layout(**pinned_layout(460, s["title"], size=13), meta={
        "alt": "Log-axis bars: cost of imaging a mouse brain, a human steering subsystem, other mammal brains and "
               "the total, against the said band of hundreds of millions to low billions of dollars."})
    fig.update_layout(margin=dict(t=80), legend=dict(orientation="h", y=-0.25, x=0))
    fig.update_yaxes(type="log", exponentformat="power", title_text="USD", range=[5, 11])
    return fig


def programme_static() -> go.Figure:
    fig = plan_figure(4e4)
    return precomputed_slider_figure(fig, "$ per mm³", USD_PER_MM3, lambda u: {"y": [round_sig(_plan_state(u)["y"])]},
                                     [0], active=USD_PER_MM3.index(4e4), fmt="{:,.0f}".format,
                                     title=lambda u: _plan_state(u)["title"])


def programme_live():
    import ipywidgets as w

    style = {"description_width": "initial"}
    usd = w.FloatSlider(value=40.0, min=1.0, max=1000.0, step=1.0, description="$ thousands per mm³",
                        readout_format=".0f", style=style)
    frac = w.FloatSlider(value=0.01, min=0.001, max=0.1, step=0.001, description="steering fraction of human",
                         readout_format=".3f", style=style)
    k = w.IntSlider(value=3, min=0, max=10, description="other mammals k", style=style)
    size = w.FloatSlider(value=5000.0, min=100.0, max=100000.0, step=100.0, description="each (mm³)",
                         readout_format=",.0f", style=style)
    lateral = w.FloatSlider(value=4.0, min=4.0, max=50.0, step=1.0, description="voxel x = y (nm), z = 40 nm",
                            readout_format=".0f", style=style)
    fig = plan_figure(widget=True)

    def update(_=None):
        s = _plan_state(usd.value * 1e3, frac.value, k.value, size.value, lateral.value)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = s["x"], s["y"]
            fig.layout.title.text = s["title"]

    for c in (usd, frac, k, size, lateral):
        c.observe(update, names="value")
    return w.VBox([w.HBox([usd, frac, k]), w.HBox([size, lateral]), fig])


def programme_planner() -> Explorable:
    return Explorable("Programme planner", live=programme_live, static=programme_static)
