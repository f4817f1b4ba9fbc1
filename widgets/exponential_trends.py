"""Failing to understand the exponential: growth arithmetic, log-linear fits, METR horizons, cost curves.

Model (pure numpy, parameters in, numbers or arrays out):
    exponential, doubling_time, annual_factor, months_to_reach, fold_change_rates, apparent_knee,
    fit_log2_line, fit_doubling_time, bootstrap_lines, heldout_log_error, logistic,
    metr_doubling_days, reproduce_metr, arrival_day, horizon_fit, largest_fold_drop
Real data (shipped in data/, see each SOURCE.md): load_metr, load_metr_published, load_nhgri, load_epoch,
    load_epoch_all.
Dates are day numbers (days since 1970-01-01) or decimal years; horizons are in minutes unless named hours.
Explorables (live in JupyterLab, static in the book):
    linear_vs_log, where_is_the_knee, horizon_extrapolator, cost_curves
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure, round_sig

DATA = Path(__file__).resolve().parents[1] / "data"
LN2 = float(np.log(2))
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12  # 30.4375 days
EPOCH = np.datetime64("1970-01-01", "D")  # day numbers below count days since this date
TARGETS_HOURS = (8.0, 40.0, 167.0)  # a work day, a work week, a work month of human-expert time


# ---------------------------------------------------------------- growth arithmetic
def exponential(t, x0, T):
    """x(t) = x0 * 2**(t / T): the value at time t of something doubling every T (t, T in one unit)."""
    return x0 * 2.0 ** (np.asarray(t, dtype=float) / T)


def doubling_time(k):
    """Doubling time T = ln 2 / k of x0 * e**(k t), in the inverse unit of the rate k (k per year -> years)."""
    return np.log(2) / k


def annual_factor(T_months):
    """Growth factor per year, 2**(12 / T), of something doubling every T_months months."""
    return 2.0 ** (12.0 / T_months)


def months_to_reach(x0, target, T):
    """Months for x0 to grow to target when doubling every T months: T * log2(target / x0)."""
    return T * np.log2(target / x0)


def fold_change_rates(fold, years):
    """A fold-change over `years` as (k per year, factor per year, halving or doubling time in years)."""
    k = np.log(fold) / years  # continuous rate: fold = e**(k * years)
    return k, np.exp(k), np.log(2) / k


def apparent_knee(t_start, t_end, T):
    """Where the 'knee' appears when x = 2**(t/T) is drawn on linear axes over [t_start, t_end].

    Both axes are scaled to the window (time to [0, 1], value to [0, 1]); the knee is the point
    where the curve's slope in those units is 1 (a 45-degree tangent). Returns its time (t's unit).
    """
    n = (t_end - t_start) / T  # doublings inside the window
    u = np.log2((2.0 ** n - 1.0) / (n * np.log(2))) / n  # solves n ln2 2**(u n) / (2**n - 1) = 1
    return t_start + u * (t_end - t_start)


def logistic(t, L, k, t0):
    """Logistic curve L / (1 + e**(-k (t - t0))): exponential at first, saturating at L."""
    return L / (1.0 + np.exp(-k * (np.asarray(t, dtype=float) - t0)))


# ---------------------------------------------------------------- fitting
def fit_log2_line(t, y):
    """Least squares line through (t, log2 y): returns (slope in doublings per unit of t, intercept)."""
    t = np.asarray(t, dtype=float)
    z = np.log2(np.asarray(y, dtype=float))
    dt = t - t.mean()
    slope = float(dt @ (z - z.mean()) / (dt @ dt))
    return slope, float(z.mean() - slope * t.mean())


def fit_doubling_time(t, y):
    """Doubling time (unit of t) of a least-squares exponential fit: ln 2 / k, k the slope of ln y on t."""
    t = np.asarray(t, dtype=float)
    log_y = np.log(np.asarray(y, dtype=float))
    k = np.polyfit(t, log_y, 1)[0]
    return float(np.log(2) / k)


def bootstrap_lines(t, y, n_boot=2000, seed=0):
    """Refit the log2 line on n_boot resamples of the points (with replacement), all at once.

    Returns (slopes, intercepts), arrays of length n_boot; a resample whose times are all equal
    (no slope defined) gives NaN. Seeded: the same seed gives the same interval.
    """
    t = np.asarray(t, dtype=float)
    z = np.log2(np.asarray(y, dtype=float))
    idx = np.random.default_rng(seed).integers(0, len(t), size=(n_boot, len(t)))
    tb, zb = t[idx], z[idx]  # (n_boot, n)
    dt = tb - tb.mean(axis=1, keepdims=True)
    sxx = (dt * dt).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        slopes = np.where(sxx > 0, (dt * (zb - zb.mean(axis=1, keepdims=True))).sum(axis=1) / sxx, np.nan)
    return slopes, zb.mean(axis=1) - slopes * tb.mean(axis=1)


def heldout_log_error(t, y, n_test):
    """Fit an exponential to all but the last n_test points; RMS error of its predictions of the
    last n_test points, in orders of magnitude (log10 units)."""
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    slope, intercept = fit_log2_line(t[:-n_test], y[:-n_test])
    predicted = (slope * t[-n_test:] + intercept) * np.log10(2)  # log2 -> log10
    return float(np.sqrt(np.mean((predicted - np.log10(y[-n_test:])) ** 2)))


# ---------------------------------------------------------------- METR time horizons
def _read(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def day_number(iso_dates) -> np.ndarray:
    """Days since 1970-01-01 of ISO dates ('2023-03-14')."""
    return (np.asarray(iso_dates, dtype="datetime64[D]") - EPOCH).astype(float)


def to_date(days) -> np.ndarray:
    """ISO date strings of day numbers (days since 1970-01-01), for plot axes and tables."""
    return (EPOCH + np.round(np.asarray(days, dtype=float)).astype("timedelta64[D]")).astype(str)


def year_day(year: float) -> float:
    """Day number of a decimal year (2023.0 -> 2023-01-01)."""
    whole = int(np.floor(year))
    start = float(day_number(f"{whole}-01-01"))
    return start + (year - whole) * (float(day_number(f"{whole + 1}-01-01")) - start)


def load_metr(suite: str = "TH1.1") -> dict[str, np.ndarray]:
    """METR 50% time horizons per model: name, day (release, days since 1970), p50 (minutes),
    ci_low / ci_high (minutes, 95% bootstrap) and sota (METR's is_sota_p50 frontier flag).

    suite "TH1.1" (current), "TH1.0" (current re-publication) or "TH1.0-2026-01" (the Jan 2026
    snapshot of TH1.0, the numbers of the March 2025 paper's models).
    """
    files = {"TH1.1": "metr_time_horizons_th1_1.csv", "TH1.0": "metr_time_horizons_th1_0.csv",
             "TH1.0-2026-01": "metr_th1_0_snapshot_2026-01-30.csv"}
    rows = _read(DATA / "metr" / files[suite])
    flag = "is_sota_p50" if "is_sota_p50" in rows[0] else "is_sota"
    return {
        "name": np.array([r.get("model_name") or r["model_key"] for r in rows]),
        "day": day_number([r["release_date"] for r in rows]),
        "p50": np.array([float(r["p50_minutes"]) for r in rows]),
        "ci_low": np.array([float(r["p50_ci_low_minutes"]) for r in rows]),
        "ci_high": np.array([float(r["p50_ci_high_minutes"]) for r in rows]),
        "sota": np.array([r[flag] == "True" for r in rows]),
        # 80% horizons (minutes) and whether the model was measured on this suite's own tasks
        # (TH1.1 carries 3 pre-2023 models over from TH1.0); NaN / True where a file has no such column
        "p80": np.array([float(r.get("p80_minutes") or "nan") for r in rows]),
        "native": np.array([r.get("measured_with", "").replace("METR-Horizon-v", "TH") in ("", suite)
                            for r in rows]),
    }


def load_metr_runs() -> dict[str, np.ndarray]:
    """METR's raw runs sample: 173 runs of Claude 3.7 Sonnet on 42 TH1.1 tasks (a partial, clustered
    sample, see data/metr/SOURCE.md). Keys: task (id), family, source (HCAST / SWAA), minutes (human
    expert time), success (0/1 float), weight (METR's invsqrt_task_weight; NaN where it was cut off)."""
    rows = _read(DATA / "metr" / "metr_runs_sample_claude37sonnet_th11.csv")
    return {"task": np.array([r["task_id"] for r in rows]), "family": np.array([r["task_family"] for r in rows]),
            "source": np.array([r["task_source"] for r in rows]),
            "minutes": np.array([float(r["human_minutes"]) for r in rows]),
            "success": np.array([float(r["score_binarized"]) for r in rows]),
            "weight": np.array([float(r["invsqrt_task_weight"] or "nan") for r in rows])}


def load_metr_published() -> list[dict]:
    """METR's published doubling times (days, 95% CI where given): rows of metr_doubling_times.csv."""
    return _read(DATA / "metr" / "metr_doubling_times.csv")


def metr_doubling_days(days, p50_minutes, is_sota, start_day=-np.inf, end_day=np.inf):
    """Doubling time (days) of METR's trend: least squares of log2(p50) on release day over the
    frontier (is_sota) models released in [start_day, end_day]."""
    days = np.asarray(days, dtype=float)
    keep = np.asarray(is_sota, dtype=bool) & (days >= start_day) & (days <= end_day)
    slope, _ = fit_log2_line(days[keep], np.asarray(p50_minutes, dtype=float)[keep])
    return 1.0 / slope  # days per doubling


METR_FITS = [  # (label, suite, first release day, last release day, key of the published value)
    ("TH1.1, 2023 on", "TH1.1", "2023-01-01", "2100-01-01", ("TH1.1", "from_2023_on")),
    ("TH1.1, 2019 on (stitched)", "TH1.1", "2019-01-01", "2100-01-01", ("TH1.1", "all_time_stitched")),
    ("TH1.0, 2019 on", "TH1.0", "2019-01-01", "2100-01-01", ("TH1.0", "all_time")),
    ("TH1.0, 2023 on", "TH1.0", "2023-01-01", "2100-01-01", ("TH1.0", "from_2023_on")),
    ("paper: TH1.0 (Jan 2026) to 2025-02-24", "TH1.0-2026-01", "2019-01-01", "2025-02-24", ("TH1.0 (paper)", "2019-2025")),
]


def reproduce_metr() -> list[dict]:
    """Refit each of METR's published doubling times from the per-model data (METR_FITS).

    Returns one dict per fit: label, n (frontier models used), ours and published (days), ci (text)."""
    published = {(r["suite"], r["fit_window"]): r for r in load_metr_published()
                 if "c59c78b" in r["source"] or r["suite"] == "TH1.0 (paper)"}
    rows = []
    for label, suite, first, last, key in METR_FITS:
        m, p = load_metr(suite), published[key]
        lo, hi = day_number(first), day_number(last)
        n = int((m["sota"] & (m["day"] >= lo) & (m["day"] <= hi)).sum())
        ci = f"{float(p['ci_low_days']):.1f}-{float(p['ci_high_days']):.1f}" if p["ci_low_days"] else "-"
        rows.append({"label": label, "n": n, "ours": metr_doubling_days(m["day"], m["p50"], m["sota"], lo, hi),
                     "published": float(p["point_estimate_days"]), "ci": ci})
    return rows


def arrival_day(day0, h0_minutes, target_minutes, T_days):
    """Day a horizon of h0_minutes on day0 reaches target_minutes when doubling every T_days."""
    return day0 + T_days * np.log2(target_minutes / h0_minutes)


def horizon_fit(start_year=2023.0, end_year=2100.0, suite="TH1.1", n_boot=2000, seed=0,
                to_year=2030.0, n_grid=50) -> dict:
    """Fit METR's frontier trend over release dates in [start_year, end_year] and extrapolate.

    Returns the fitted doubling time T (days) with a 95% bootstrap interval over models, the trend
    line and its 95% band on a grid of days up to to_year (horizons in minutes), and for each target
    in TARGETS_HOURS the arrival day with its 95% interval.
    """
    m = load_metr(suite)
    keep = m["sota"] & (m["day"] >= year_day(start_year)) & (m["day"] <= year_day(min(end_year, 2100.0)))
    day, p50 = m["day"][keep], m["p50"][keep]
    slope, intercept = fit_log2_line(day, p50)
    slopes, intercepts = bootstrap_lines(day, p50, n_boot, seed)
    ok = slopes > 0  # resamples that still grow (a flat or falling resample never arrives)
    grid = np.linspace(day.min(), year_day(to_year), n_grid)
    boot = slopes[ok, None] * grid[None, :] + intercepts[ok, None]  # log2 minutes, (boots, grid)
    targets = 60.0 * np.asarray(TARGETS_HOURS)
    arrive = (np.log2(targets) - intercept) / slope
    arrive_boot = (np.log2(targets)[None, :] - intercepts[ok, None]) / slopes[ok, None]
    return {
        "n": int(keep.sum()), "keep": keep, "T_days": 1.0 / slope,
        "T_ci": tuple(np.percentile(1.0 / slopes[ok], [2.5, 97.5])),
        "grid": grid, "line": 2.0 ** (slope * grid + intercept),
        "band": 2.0 ** np.percentile(boot, [2.5, 97.5], axis=0),
        "arrive": arrive, "arrive_ci": np.percentile(arrive_boot, [2.5, 97.5], axis=0),
        "day_last": float(day.max()), "h_last": float(2.0 ** (slope * day.max() + intercept)),
    }


# ---------------------------------------------------------------- cost curves
def load_nhgri() -> dict[str, np.ndarray]:
    """NHGRI sequencing costs: year (decimal), genome (USD per human-sized genome), mb (USD per megabase)."""
    rows = _read(DATA / "nhgri" / "nhgri_sequencing_costs_2001_2022.csv")
    return {"year": np.array([float(r["decimal_year"]) for r in rows]),
            "genome": np.array([float(r["cost_per_genome_usd"]) for r in rows]),
            "mb": np.array([float(r["cost_per_mb_usd"]) for r in rows])}


def load_epoch() -> dict[str, np.ndarray]:
    """Epoch AI notable models: model name, year (decimal, publication) and training compute (FLOP)."""
    rows = _read(DATA / "epoch" / "epoch_notable_models_compute_2025-08.csv")
    day = day_number([r["publication_date"] for r in rows])
    return {"model": np.array([r["model"] for r in rows]), "year": 1970.0 + day / DAYS_PER_YEAR,
            "flop": np.array([float(r["training_compute_flop"]) for r in rows])}


def _num(text: str) -> float:
    return float(text) if text.strip() else np.nan


def load_epoch_all() -> dict[str, np.ndarray]:
    """All 988 Epoch AI models with known training compute (the untrimmed file, see data/epoch/SOURCE.md).

    Returns model, date (ISO string), year (decimal, publication), domain, flop, params and datapoints
    (NaN where Epoch lists none; datapoints are NOT always tokens), and notable (bool: in Epoch's
    notable subset, i.e. a non-blank notability_criteria; these are exactly the rows of load_epoch).
    """
    rows = _read(DATA / "epoch" / "epoch_ai_models_with_compute_2025-08.csv")
    day = day_number([r["publication_date"] for r in rows])
    return {"model": np.array([r["model"] for r in rows]), "date": np.array([r["publication_date"] for r in rows]),
            "year": 1970.0 + day / DAYS_PER_YEAR, "domain": np.array([r["domain"] for r in rows]),
            "flop": np.array([float(r["training_compute_flop"]) for r in rows]),
            "params": np.array([_num(r["parameters"]) for r in rows]),
            "datapoints": np.array([_num(r["training_dataset_size_datapoints"]) for r in rows]),
            "notable": np.array([bool(r["notability_criteria"].strip()) for r in rows])}


def largest_fold_drop(year, cost, window_years):
    """Largest fall cost[i] / cost[j] over pairs of points at most window_years apart (j after i).

    Returns (fold, year_i, year_j)."""
    year, cost = np.asarray(year, dtype=float), np.asarray(cost, dtype=float)
    gap = year[None, :] - year[:, None]
    fold = np.where((gap > 0) & (gap <= window_years + 1e-9), cost[:, None] / cost[None, :], 0.0)
    i, j = np.unravel_index(np.argmax(fold), fold.shape)
    return float(fold[i, j]), float(year[i]), float(year[j])


# ================================================================ explorables
# ---------------------------------------------------------------- 1. linear vs log
LINEAR_LOG_T = [2.0, 3.0, 4.0, 5.0, 7.0, 9.0, 12.0]  # static grid of doubling times (months)


def _linear_log_state(T, x0=1.0, H=167.0, months=48.0):
    t = np.linspace(0.0, months, 121)
    x = exponential(t, x0, T)
    t_cross = float(months_to_reach(x0, H, T))
    title = (f"T = {T:.1f} months, from {x0:g} h: {H:g} h after {t_cross:.1f} months"
             + ("" if t_cross <= months else " (off the chart)"))
    return t, x, t_cross, title


def linear_vs_log_figure(T=4.0, x0=1.0, H=167.0, log_y=False, widget=False):
    t, x, t_cross, title = _linear_log_state(T, x0, H)
    fig = (go.FigureWidget if widget else go.Figure)(layout=layout(title, height=440))
    fig.add_scatter(x=t, y=x, name="x(t) = x₀·2^(t/T)", line=dict(color=PALETTE["blue"], width=3))
    fig.add_scatter(x=[0, t[-1]], y=[H, H], name="threshold H (a task length)", mode="lines",
                    line=dict(color=PALETTE["vermillion"], dash="dash"))
    fig.add_scatter(x=[t_cross], y=[H], name="crossing", mode="markers",
                    marker=dict(color=PALETTE["vermillion"], size=11, symbol="x"))
    fig.update_layout(xaxis_title="months from now", yaxis_title="task length x (hours)",
                      yaxis_type="log" if log_y else "linear", xaxis_range=[0, t[-1]],
                      meta={"alt": "One exponential curve and a horizontal threshold line (a task length); on "
                                   "linear axes the curve hugs zero then shoots past the line, on log axes it is "
                                   "straight."})
    return fig


def linear_vs_log_static() -> go.Figure:
    fig = linear_vs_log_figure(T=4.0)

    def states(T):
        t, x, t_cross, _ = _linear_log_state(T)
        return {"y": [x, [167.0, 167.0], [167.0]], "x": [t, [0, t[-1]], [t_cross]]}

    fig = precomputed_slider_figure(fig, "T (months)", LINEAR_LOG_T, states, [0, 1, 2],
                                    active=LINEAR_LOG_T.index(4.0), fmt="{:g}".format,
                                    title=lambda T: _linear_log_state(T)[3])
    fig.update_layout(updatemenus=[dict(type="buttons", direction="down", x=1.02, xanchor="left", y=0.55,
                                        buttons=[dict(label="linear y", method="relayout",
                                                      args=[{"yaxis.type": "linear", "yaxis.autorange": True}]),
                                                 dict(label="log y", method="relayout",
                                                      args=[{"yaxis.type": "log", "yaxis.autorange": True}])])])
    return fig


def linear_vs_log_live():
    import ipywidgets as w

    T = w.FloatSlider(value=4.0, min=1.0, max=24.0, step=0.5, description="T (months)", readout_format=".1f")
    x0 = w.Dropdown(options=[("x₀ = 0.25 h", 0.25), ("x₀ = 1 h", 1.0), ("x₀ = 4 h", 4.0)], value=1.0,
                    description="start")
    H = w.Dropdown(options=[("H = 8 h (a day)", 8.0), ("H = 40 h (a week)", 40.0), ("H = 167 h (a month)", 167.0)],
                   value=167.0, description="threshold")
    log_y = w.Checkbox(value=False, description="log y-axis")
    fig = linear_vs_log_figure(widget=True)

    def update(_=None):
        t, x, t_cross, title = _linear_log_state(T.value, x0.value, H.value)
        with fig.batch_update():
            fig.data[0].y = x
            fig.data[1].y = [H.value, H.value]
            fig.data[2].x, fig.data[2].y = [t_cross], [H.value]
            fig.layout.yaxis.type = "log" if log_y.value else "linear"
            fig.layout.title.text = title

    for c in (T, x0, H, log_y):
        c.observe(update, names="value")
    return w.VBox([w.HBox([T, log_y]), w.HBox([x0, H]), fig])


def linear_vs_log() -> Explorable:
    return Explorable("Linear ⇄ log", live=linear_vs_log_live, static=linear_vs_log_static)


# ---------------------------------------------------------------- 2. where is the knee?
KNEE_T = 4.0  # months per doubling of the curve in this widget
KNEE_ENDS = [24, 36, 48, 60, 72, 84, 96, 108, 120]  # static grid: where the window ends (months)


def _knee_state(end, width=24.0, T=KNEE_T):
    start = max(end - width, 0.0)
    tw = np.linspace(start, end, 61)
    knee = float(apparent_knee(start, end, T))
    top = exponential(end, 1.0, T)
    title = f"Window {start:.0f}–{end:.0f} months: 'knee' at month {knee:.1f}, {end - knee:.1f} before the end"
    return {"tw": tw, "xw": exponential(tw, 1.0, T), "knee": knee, "xk": exponential(knee, 1.0, T),
            "box_t": [start, end, end, start, start], "box_x": [1.0, 1.0, top, top, 1.0], "title": title}


def knee_figure(end=60.0, width=24.0, T=KNEE_T, widget=False):
    s = _knee_state(end, width, T)
    t = np.linspace(0, 120, 121)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55], horizontal_spacing=0.1,
                        subplot_titles=("the whole curve (log y)", "the window (linear y)"))
    fig = go.FigureWidget(fig) if widget else fig
    fig.add_scatter(x=t, y=exponential(t, 1.0, T), name="x = 2^(t/4)", line=dict(color=PALETTE["blue"]),
                    row=1, col=1)
    fig.add_scatter(x=s["box_t"], y=s["box_x"], fill="toself", mode="lines", name="window",
                    line=dict(color=PALETTE["orange"]), fillcolor="rgba(230,159,0,0.25)", row=1, col=1)
    fig.add_scatter(x=s["tw"], y=s["xw"], name="seen through the window", line=dict(color=PALETTE["blue"], width=3),
                    row=1, col=2)
    fig.add_scatter(x=[s["knee"]], y=[s["xk"]], mode="markers", name="apparent knee",
                    marker=dict(color=PALETTE["vermillion"], size=12, symbol="x"), row=1, col=2)
    fig.update_layout(**layout(s["title"], height=420))
    fig.update_layout(showlegend=False, meta={"alt": "Left: one exponential on a log axis with a shaded window. "
                                              "Right: the window on linear axes; its apparent knee always sits "
                                              "the same distance before the window's end."})
    fig.update_yaxes(type="log", title_text="x", row=1, col=1)
    fig.update_yaxes(title_text="x (linear)", row=1, col=2)
    fig.update_xaxes(title_text="months", row=1, col=1)
    fig.update_xaxes(title_text="months", row=1, col=2)
    return fig


def where_is_the_knee_static() -> go.Figure:
    fig = knee_figure(end=60.0)

    def states(end):
        s = _knee_state(end)
        return {"x": [s["box_t"], s["tw"], [s["knee"]]], "y": [s["box_x"], s["xw"], [s["xk"]]]}

    return precomputed_slider_figure(fig, "window ends at month", KNEE_ENDS, states, [1, 2, 3],
                                     active=KNEE_ENDS.index(60), fmt="{:g}".format,
                                     title=lambda end: _knee_state(end)["title"])


def where_is_the_knee_live():
    import ipywidgets as w

    end = w.FloatSlider(value=60.0, min=6.0, max=120.0, step=1.0, description="end (months)", readout_format=".0f")
    width = w.FloatSlider(value=24.0, min=6.0, max=60.0, step=1.0, description="width (months)",
                          readout_format=".0f")
    fig = knee_figure(widget=True)

    def update(_=None):
        s = _knee_state(end.value, width.value)
        with fig.batch_update():
            fig.data[1].x, fig.data[1].y = s["box_t"], s["box_x"]
            fig.data[2].x, fig.data[2].y = s["tw"], s["xw"]
            fig.data[3].x, fig.data[3].y = [s["knee"]], [s["xk"]]
            fig.layout.title.text = s["title"]

    for c in (end, width):
        c.observe(update, names="value")
    return w.VBox([w.HBox([end, width]), fig])


def where_is_the_knee() -> Explorable:
    return Explorable("Where is the knee?", live=where_is_the_knee_live, static=where_is_the_knee_static)


# ---------------------------------------------------------------- 3. horizon extrapolator
FIT_STARTS = [2019.0, 2020.0, 2021.0, 2022.0, 2023.0, 2024.0, 2024.5, 2025.0]  # static grid (year)
SCENARIOS_MONTHS = (3.5, 7.0)  # Schrittwieser's "three, four months" (midpoint) and METR's paper "~7 months"


def _horizon_state(start, end=2100.0, n_boot=500):
    f = horizon_fit(start, end, n_boot=n_boot, n_grid=30)
    m = load_metr("TH1.1")
    arrivals = ", ".join(f"{h:g} h {to_date(d)[:7]}" for h, d in zip(TARGETS_HOURS, f["arrive"]))
    lo, hi = f["T_ci"]
    title = (f"Frontier models from {start:g} (n = {f['n']}): T = {f['T_days']:.0f} days "
             f"({f['T_days'] / DAYS_PER_MONTH:.1f} months; 95% CI {lo:.0f}–{hi:.0f} days)<br>"
             f"<sup>on this trend: {arrivals}</sup>")
    grid_dates = to_date(f["grid"])
    band_x = np.concatenate([grid_dates, grid_dates[::-1]])
    band_y = np.concatenate([f["band"][1], f["band"][0][::-1]]) / 60.0
    scen_days = np.linspace(f["day_last"], year_day(2030.0), 30)
    scen = [exponential(scen_days - f["day_last"], f["h_last"] / 60.0, T * DAYS_PER_MONTH) for T in SCENARIOS_MONTHS]
    used = f["keep"]
    return {"title": title, "band_x": band_x, "band_y": band_y, "line_x": grid_dates, "line_y": f["line"] / 60.0,
            "in_x": to_date(m["day"][used]), "in_y": m["p50"][used] / 60.0, "in_name": m["name"][used],
            "scen_x": to_date(scen_days), "scen_y": scen}


def horizon_figure(start=2023.0, end=2100.0, widget=False):
    s = _horizon_state(start, end)
    m = load_metr("TH1.1")
    fig = (go.FigureWidget if widget else go.Figure)(layout=layout(s["title"], height=520))
    fig.add_scatter(x=s["band_x"], y=s["band_y"], fill="toself", mode="lines", line=dict(width=0),
                    fillcolor="rgba(0,114,178,0.18)", name="95% band (bootstrap over models)", hoverinfo="skip")
    fig.add_scatter(x=s["line_x"], y=s["line_y"], mode="lines", name="fitted trend",
                    line=dict(color=PALETTE["blue"], width=2))
    fig.add_scatter(x=to_date(m["day"][~m["sota"]]), y=m["p50"][~m["sota"]] / 60.0, mode="markers",
                    name="not frontier at release", marker=dict(color="#999999", size=7),
                    text=m["name"][~m["sota"]], hovertemplate="%{text}: %{y:.2f} h<extra></extra>")
    fig.add_scatter(x=to_date(m["day"][m["sota"]]), y=m["p50"][m["sota"]] / 60.0, mode="markers",
                    name="frontier, outside the fit window", marker=dict(color=PALETTE["sky"], size=8),
                    text=m["name"][m["sota"]], hovertemplate="%{text}: %{y:.2f} h<extra></extra>")
    fig.add_scatter(x=s["in_x"], y=s["in_y"], mode="markers", name="frontier, in the fit window",
                    marker=dict(color=PALETTE["blue"], size=10), text=s["in_name"],
                    hovertemplate="%{text}: %{y:.2f} h<extra></extra>")
    for T, y, c in zip(SCENARIOS_MONTHS, s["scen_y"], (PALETTE["vermillion"], PALETTE["orange"])):
        fig.add_scatter(x=s["scen_x"], y=y, mode="lines", name=f"doubling every {T:g} months",
                        line=dict(color=c, dash="dot"))
    fig.add_scatter(x=["2019-01-01", "2030-01-01", None] * 3, y=[v for h in TARGETS_HOURS for v in (h, h, None)],
                    mode="lines", line=dict(color="#555555", width=1, dash="dash"), showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=["2019-02-01"] * 3, y=list(TARGETS_HOURS), mode="text", showlegend=False, hoverinfo="skip",
                    text=["8 h: a work day", "40 h: a week", "167 h: a month"], textposition="top right",
                    textfont=dict(size=11, color="#555555"))
    fig.update_layout(yaxis_type="log", yaxis_title="50% time horizon (hours of expert work)",
                      xaxis_title="model release date", xaxis_range=["2019-01-01", "2030-01-01"],
                      yaxis_range=[-3.3, 3.6], margin=dict(t=90), height=640,
                      legend=dict(orientation="h", x=0, y=-0.16, yanchor="top", font=dict(size=11)),
                      meta={"alt": "METR 50% time horizons of models by release date on a log axis, a fitted "
                                   "exponential trend with its bootstrap band over a chosen window, and "
                                   "extrapolations to 8, 40 and 167 hours."})
    return fig


def horizon_extrapolator_static() -> go.Figure:
    fig = horizon_figure(2023.0)

    def states(start):
        s = _horizon_state(start)
        return {"x": [s["band_x"], s["line_x"], s["in_x"], s["scen_x"], s["scen_x"]],
                "y": [s["band_y"], s["line_y"], s["in_y"], s["scen_y"][0], s["scen_y"][1]],
                "text": [None, None, s["in_name"], None, None]}

    fig = precomputed_slider_figure(fig, "fit frontier models released from", FIT_STARTS, states, [0, 1, 4, 5, 6],
                                    active=FIT_STARTS.index(2023.0), fmt="{:g}".format,
                                    title=lambda start: _horizon_state(start)["title"])
    fig.layout.sliders[0].y = -0.32  # below the legend
    return fig


def horizon_extrapolator_live():
    import ipywidgets as w

    start = w.FloatSlider(value=2023.0, min=2019.0, max=2025.0, step=0.25, description="from (year)",
                          readout_format=".2f")
    end = w.FloatSlider(value=2026.5, min=2021.0, max=2026.5, step=0.25, description="to (year)",
                        readout_format=".2f")
    fig = horizon_figure(widget=True)
    note = w.HTML()

    def update(_=None):
        lo, hi = sorted((start.value, end.value))
        m = load_metr("TH1.1")
        inside = m["sota"] & (m["day"] >= year_day(lo)) & (m["day"] <= year_day(hi))
        if inside.sum() < 3:  # a line through fewer than 3 points has no honest uncertainty
            note.value = "<em>Fewer than 3 frontier models in this window: widen it.</em>"
            return
        note.value = ""
        s = _horizon_state(lo, hi)
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = s["band_x"], s["band_y"]
            fig.data[1].x, fig.data[1].y = s["line_x"], s["line_y"]
            fig.data[4].x, fig.data[4].y, fig.data[4].text = s["in_x"], s["in_y"], s["in_name"]
            fig.data[5].x, fig.data[5].y = s["scen_x"], s["scen_y"][0]
            fig.data[6].x, fig.data[6].y = s["scen_x"], s["scen_y"][1]
            fig.layout.title.text = s["title"].replace(f"from {lo:g}", f"{lo:g}–{hi:g}")

    for c in (start, end):
        c.observe(update, names="value")
    return w.VBox([w.HBox([start, end]), note, fig])


def horizon_extrapolator() -> Explorable:
    return Explorable("Horizon extrapolator", live=horizon_extrapolator_live, static=horizon_extrapolator_static)


# ---------------------------------------------------------------- 4. cost curves
MOORE_YEARS = [1.0, 1.5, 2.0, 2.5, 3.0]  # static grid: Moore's-law doubling time (years)
EPOCH_FROM = 2010.0  # Epoch trend fitted to notable models published from this year on


def _moore_state(T_years):
    nh, ep = load_nhgri(), load_epoch()
    years_g = np.linspace(nh["year"][0], 2022.5, 30)
    genome = nh["genome"][0] * 2.0 ** (-(years_g - nh["year"][0]) / T_years)  # halves every T_years
    recent = ep["year"] >= EPOCH_FROM
    slope, intercept = fit_log2_line(ep["year"][recent], ep["flop"][recent])
    years_c = np.linspace(EPOCH_FROM, 2025.5, 30)
    compute = 2.0 ** (slope * EPOCH_FROM + intercept) * 2.0 ** ((years_c - EPOCH_FROM) / T_years)
    title = f"Against Moore's law: ×2 every {T_years:g} years (×{2 ** (1 / T_years):.2f} per year)"
    return {"years_g": years_g, "genome": genome, "years_c": years_c, "compute": compute, "title": title,
            "fit_y": 2.0 ** (slope * years_c + intercept), "fit_T": 12.0 / slope}


def cost_figure(T_years=2.0, widget=False):
    s = _moore_state(T_years)
    nh, ep = load_nhgri(), load_epoch()
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=("NHGRI: USD per human genome", "Epoch: training FLOP, notable models"))
    fig = go.FigureWidget(fig) if widget else fig
    fig.add_scatter(x=round_sig(nh["year"]), y=round_sig(nh["genome"]), mode="lines+markers", name="cost per genome",
                    marker=dict(size=4), line=dict(color=PALETTE["blue"]), showlegend=False, row=1, col=1)
    fig.add_scatter(x=s["years_g"], y=s["genome"], mode="lines", name="Moore's law",
                    line=dict(color=PALETTE["vermillion"], dash="dash"), row=1, col=1)
    fig.add_scatter(x=round_sig(ep["year"]), y=round_sig(ep["flop"]), mode="markers", name="notable models",
                    text=ep["model"], hovertemplate="%{text}<extra></extra>",
                    marker=dict(size=4, color=PALETTE["green"], opacity=0.6), showlegend=False, row=1, col=2)
    fig.add_scatter(x=s["years_c"], y=s["compute"], mode="lines", name="Moore's law (doubling)",
                    line=dict(color=PALETTE["vermillion"], dash="dash"), showlegend=False, row=1, col=2)
    fig.add_scatter(x=s["years_c"], y=s["fit_y"], mode="lines",
                    name=f"fit {EPOCH_FROM:g}+: doubling every {s['fit_T']:.1f} months",
                    line=dict(color=PALETTE["black"], width=2), row=1, col=2)
    fig.update_layout(**layout(s["title"], height=500))
    fig.update_layout(legend=dict(orientation="h", y=1.09, x=0, yanchor="bottom"), margin=dict(t=110), meta={
        "alt": "Two log-axis panels: NHGRI cost per genome from 2001 to 2022 falling far faster than a Moore's-law "
               "line after 2008, and Epoch training compute of notable models rising faster than Moore's law."})
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_xaxes(title_text="year")
    fig.update_xaxes(range=[1980, 2026], row=1, col=2)
    return fig


def cost_curves_static() -> go.Figure:
    fig = cost_figure(2.0)

    def states(T):
        s = _moore_state(T)
        return {"y": [s["genome"], s["compute"]]}

    return precomputed_slider_figure(fig, "Moore's-law doubling time (years)", MOORE_YEARS, states, [1, 3],
                                     active=MOORE_YEARS.index(2.0), fmt="{:g}".format,
                                     title=lambda T: _moore_state(T)["title"])


def cost_curves_live():
    import ipywidgets as w

    T = w.FloatSlider(value=2.0, min=0.5, max=4.0, step=0.1, description="Moore T (years)", readout_format=".1f",
                      style={"description_width": "initial"})
    fig = cost_figure(widget=True)

    def update(_=None):
        s = _moore_state(T.value)
        with fig.batch_update():
            fig.data[1].y = s["genome"]
            fig.data[3].y = s["compute"]
            fig.layout.title.text = s["title"]

    T.observe(update, names="value")
    return w.VBox([T, fig])


def cost_curves() -> Explorable:
    return Explorable("Cost curves", live=cost_curves_live, static=cost_curves_static)


# ---------------------------------------------------------------- the logistic trap (a plain figure)
def logistic_trap_figure(cut=9, L=1000.0, k=0.6, t0=12.0, n=25):
    """A logistic curve observed up to t = cut, the exponential fitted to those points, extrapolated."""
    t = np.arange(float(n))
    y = logistic(t, L, k, t0)
    seen = t <= cut
    slope, intercept = fit_log2_line(t[seen], y[seen])
    fig = go.Figure(layout=layout(f"Fit an exponential to the first {int(seen.sum())} points of a logistic curve",
                                  height=400))
    fig.add_scatter(x=t[seen], y=y[seen], mode="markers", name="observed", marker=dict(color=PALETTE["blue"], size=9))
    fig.add_scatter(x=t[~seen], y=y[~seen], mode="markers", name="what came next (logistic)",
                    marker=dict(color=PALETTE["blue"], size=9, symbol="circle-open"))
    fig.add_scatter(x=t, y=round_sig(2.0 ** (slope * t + intercept)), mode="lines", name="exponential fit, extrapolated",
                    line=dict(color=PALETTE["vermillion"], dash="dash"))
    fig.update_layout(yaxis_type="log", xaxis_title="time (months)", yaxis_title="y",
                      meta={"alt": "Points of a logistic curve: the early ones lie on a straight line on log axes; "
                                   "the exponential fitted to them overshoots the later, saturating points."})
    return fig
