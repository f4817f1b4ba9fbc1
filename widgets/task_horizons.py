"""Measuring autonomy: the models of chapter `task-horizons` and its three explorables.

Model (pure numpy, parameters in, numbers or arrays out; task lengths in minutes of human-expert time):
    fit_logistic           METR's per-model fit: P(success) = σ(β0 + β1·log2 minutes), by Newton's method (IRLS)
    horizon_minutes        t_q = 2**((logit q − β0) / β1), the length at which success falls to q
    weighted_horizon       t_q of the fit with METR's per-run weights
    bootstrap_t50          t50 refitted on resamples of the tasks (all runs of a drawn task together)
    success_curve          σ(β0 + β1·log2 t)
    per_minute_success     1 − ε(1 − r): a step that fails with probability ε, of which a share r is caught
    chain_success          p**t = e**(−λt), λ = −ln p: the constant-hazard ("chain of steps") model
    horizon_from_hazard    t_q = ln q / ln p of that model
    agents_per_supervisor  how many agents one person can keep running
    trend_arrival          doubling time and arrival day of a target, from a least-squares log2 trend
    months_to_horizon      months for a horizon to reach a target, doubling every T days
METR loaders and the log2 line fit are imported from widgets/exponential_trends.py.
Explorables (live in JupyterLab, static in the book): success_curve_explorable, chain_of_steps, horizon_trend
"""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure, round_sig
from widgets import exponential_trends as et

DAYS_PER_MONTH = et.DAYS_PER_MONTH  # 30.4375 days


# ---------------------------------------------------------------- the success curve
def success_curve(minutes, beta0, beta1):
    """P(success) = σ(β0 + β1·log2 minutes) for task lengths in minutes."""
    z = beta0 + beta1 * np.log2(np.asarray(minutes, dtype=float))
    return 1.0 / (1.0 + np.exp(-z))


def fit_logistic(minutes, success, weights=None):
    """Maximum-likelihood logistic regression of success (0/1) on log2(minutes), no penalty.

    Newton's method (iteratively reweighted least squares) from β = 0; `weights` multiply each run's
    log-likelihood term (METR's invsqrt_task_weight). Returns np.array([β0, β1]).
    """
    x = np.log2(np.asarray(minutes, dtype=float))
    y = np.asarray(success, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    X = np.column_stack([np.ones_like(x), x])
    beta = np.zeros(2)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(X @ beta)))
        gradient = X.T @ (w * (y - p))
        hessian = (X * (w * p * (1.0 - p))[:, None]).T @ X
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.abs(step).max() < 1e-12:
            break
    return beta


def horizon_minutes(beta0, beta1, q=0.5):
    """Task length (minutes) at which σ(β0 + β1·log2 t) = q: t_q = 2**((logit q − β0) / β1)."""
    return 2.0 ** ((np.log(q / (1.0 - q)) - beta0) / beta1)


def weighted_horizon(minutes, success, weights, q):
    """t_q (minutes) of the logistic fit whose log-likelihood terms are weighted by `weights`."""
    beta0, beta1 = fit_logistic(minutes, success, weights)
    return float(horizon_minutes(beta0, beta1, q))


def sample_fits() -> dict:
    """The chapter's fits of METR's runs sample: unweighted (173 runs) and weighted (172 runs with a weight)."""
    runs = et.load_metr_runs()
    has_w = np.isfinite(runs["weight"])
    b = fit_logistic(runs["minutes"], runs["success"])
    bw = fit_logistic(runs["minutes"][has_w], runs["success"][has_w], runs["weight"][has_w])
    return {"runs": runs, "has_weight": has_w, "beta": b, "beta_w": bw,
            "t50": float(horizon_minutes(*b, 0.5)), "t80": float(horizon_minutes(*b, 0.8)),
            "t50_w": float(horizon_minutes(*bw, 0.5)), "t80_w": float(horizon_minutes(*bw, 0.8))}


def bootstrap_t50(minutes, success, tasks, n_boot, seed):
    """Task-level bootstrap of t50: number the distinct tasks in sorted order (np.unique), then n_boot times
    draw that many task numbers with replacement (rng.integers, rng = np.random.default_rng(seed)), refit the
    logistic curve on all runs of the drawn tasks and record t50: NaN when those runs are separable (no finite
    fit). Returns the n_boot t50 values (minutes)."""
    minutes, success = np.asarray(minutes, dtype=float), np.asarray(success, dtype=float)
    names, which = np.unique(tasks, return_inverse=True)
    rows = [np.flatnonzero(which == k) for k in range(len(names))]
    rng = np.random.default_rng(seed)
    t50 = np.empty(n_boot)
    for b in range(n_boot):
        draw = rng.integers(0, len(names), len(names))
        idx = np.concatenate([rows[k] for k in draw])
        if separable(minutes[idx], success[idx]):
            t50[b] = np.nan
        else:
            beta0, beta1 = fit_logistic(minutes[idx], success[idx])
            t50[b] = horizon_minutes(beta0, beta1, 0.5)
    return t50


def separable(minutes, success):
    """True if a threshold on task length splits successes from failures (ties included; also when all runs
    succeed or all fail): then the likelihood has no finite maximum."""
    x, y = np.log2(np.asarray(minutes, dtype=float)), np.asarray(success) == 1
    if y.all() or not y.any():
        return True
    return bool(x[y].max() <= x[~y].min() or x[~y].max() <= x[y].min())


def log_likelihood(minutes, success, beta0, beta1):
    """Σ [y ln p + (1 − y) ln(1 − p)] of the runs under σ(β0 + β1·log2 t) (natural log)."""
    z = beta0 + beta1 * np.log2(np.asarray(minutes, dtype=float))
    y = np.asarray(success, dtype=float)
    return float(np.sum(y * z - np.logaddexp(0.0, z)))


# ---------------------------------------------------------------- a chain of steps (constant hazard)
def per_minute_success(error_per_minute, caught):
    """Probability that a minute of work goes through: an error (probability ε) sinks the task
    unless it is caught (share r): 1 − ε(1 − r)."""
    return 1.0 - error_per_minute * (1.0 - caught)


def chain_success(minutes, p_minute):
    """P(a task of `minutes` succeeds) = p**t = e**(−λt) with hazard λ = −ln p per minute."""
    return np.exp(np.log(p_minute) * np.asarray(minutes, dtype=float))


def horizon_from_hazard(p_minute, q):
    """Task length (minutes) at which p**t falls to q: t_q = ln q / ln p = ln(1/q) / λ."""
    return np.log(q) / np.log(p_minute)


def agents_per_supervisor(run_minutes, checkin_minutes):
    """Agents one supervisor keeps running: each runs `run_minutes` on its own between check-ins that take
    `checkin_minutes` of the supervisor's time, so n·checkin ≤ run; whole agents, and always at least one."""
    return max(1, math.floor(run_minutes / checkin_minutes))


# ---------------------------------------------------------------- the trend
def trend_arrival(days, p50_minutes, target_minutes):
    """Least-squares line of log2(p50) on release day: (doubling time in days, the day number on which the
    fitted line reaches target_minutes)."""
    slope, intercept = et.fit_log2_line(days, p50_minutes)
    return 1.0 / slope, (np.log2(target_minutes) - intercept) / slope


def months_to_horizon(h0_minutes, target_hours, T_days):
    """Months for a horizon of h0_minutes to reach target_hours when it doubles every T_days days."""
    return T_days * np.log2(60.0 * target_hours / h0_minutes) / DAYS_PER_MONTH


def p80_over_p50(suite="TH1.1") -> dict:
    """p80 / p50 of every model measured on the suite's own tasks (TH1.1: 22 models)."""
    m = et.load_metr(suite)
    keep = m["native"] & np.isfinite(m["p80"])
    return {"name": m["name"][keep], "ratio": m["p80"][keep] / m["p50"][keep]}


# ================================================================ explorables
X_RANGE = [-2.2, 3.5]  # log10 minutes on the plots: 0.006 min to 53 h


def _jitter(n, seed=0):
    return np.random.default_rng(seed).uniform(-0.045, 0.045, n)


def _curve_state(beta0, beta1, fits):
    t = np.logspace(X_RANGE[0], X_RANGE[1], 80)
    runs = fits["runs"]
    t50, t80 = horizon_minutes(beta0, beta1, 0.5), horizon_minutes(beta0, beta1, 0.8)
    ll = log_likelihood(runs["minutes"], runs["success"], beta0, beta1)
    best = log_likelihood(runs["minutes"], runs["success"], *fits["beta"])
    if beta1 < 0:
        where = f"t50 = {_minutes(t50)}, t80 = {_minutes(t80)}"
    else:
        where = "β₁ ≥ 0: success would grow with task length"
    title = (f"β₀ = {beta0:.2f}, β₁ = {beta1:.2f}: {where}<br><sup>log-likelihood of the 173 runs "
             f"{ll:.1f} (the unweighted fit's maximum: {best:.1f})</sup>")
    marks = ([t50, t80], [0.5, 0.8]) if beta1 < 0 else ([], [])
    return {"t": t, "p": success_curve(t, beta0, beta1), "marks": marks, "title": title}


def _minutes(v) -> str:
    """A task length for titles: seconds, minutes or hours."""
    v = float(v)
    if not np.isfinite(v):
        return "∞"
    if v < 1:
        return f"{60 * v:.0f} s"
    if v < 120:
        return f"{v:.1f} min"
    if v < 60 * 48:
        return f"{v / 60:.1f} h"
    return f"{v / 60:,.0f} h"


def success_curve_figure(beta0=None, beta1=None, widget=False, fits=None):
    fits = fits or sample_fits()
    runs = fits["runs"]
    b0, b1 = fits["beta"] if beta0 is None else (beta0, beta1)
    s = _curve_state(b0, b1, fits)
    fig = (go.FigureWidget if widget else go.Figure)(layout=layout(s["title"], height=480))
    fig.add_scatter(x=round_sig(runs["minutes"]), y=round_sig(runs["success"] + _jitter(len(runs["minutes"]))),
                    mode="markers", name="one run (1 = success, jittered)", text=runs["task"],
                    hovertemplate="%{text}<br>%{x:.3g} min<extra></extra>",
                    marker=dict(size=6, color=PALETTE["black"], opacity=0.35))
    tasks, first, counts = np.unique(runs["task"], return_index=True, return_counts=True)
    rate = np.array([runs["success"][runs["task"] == k].mean() for k in tasks])
    fig.add_scatter(x=round_sig(runs["minutes"][first]), y=round_sig(rate), mode="markers",
                    name="success rate of one task", text=tasks,
                    hovertemplate="%{text}: %{y:.2f}<extra></extra>",
                    marker=dict(size=4 + 2 * counts, color="rgba(0,0,0,0)", line=dict(color=PALETTE["green"], width=2)))
    t = s["t"]
    for beta, name, dash, visible in ((fits["beta"], "maximum-likelihood fit", "dash", True),
                                      (fits["beta_w"], "fit with METR's task weights", "dot", False)):
        fig.add_scatter(x=round_sig(t), y=round_sig(success_curve(t, *beta)), mode="lines", name=name,
                        visible=visible, line=dict(color=PALETTE["orange"], dash=dash, width=2))
    fig.add_scatter(x=t, y=s["p"], mode="lines", name="σ(β₀ + β₁·log₂ t)", line=dict(color=PALETTE["blue"], width=3))
    fig.add_scatter(x=s["marks"][0], y=s["marks"][1], mode="markers+text", name="t50 and t80",
                    text=["t50", "t80"], textposition="middle right",
                    marker=dict(size=12, symbol="x", color=PALETTE["vermillion"]))
    fig.update_layout(xaxis=dict(type="log", range=X_RANGE, title="task length: minutes of human-expert time"),
                      yaxis=dict(range=[-0.08, 1.08], title="P(success)"), margin=dict(t=80),
                      legend=dict(orientation="h", x=0, y=-0.2, yanchor="top", font=dict(size=11)),
                      meta={"alt": "173 runs of Claude 3.7 Sonnet on METR tasks as dots at success 0 or 1 over "
                                   "the task's length on a log axis, per-task success rates, the fitted logistic "
                                   "curve and an adjustable curve with its 50% and 80% horizons marked."})
    return fig


SLOPES = [-1.6, -1.2, -0.9, -0.7, None, -0.45, -0.3, -0.2]  # static grid of β1; None = the fit's own slope


def success_curve_static() -> go.Figure:
    fits = sample_fits()
    b0, b1 = fits["beta"]
    t50 = fits["t50"]
    slopes = [b1 if s is None else s for s in SLOPES]

    def beta0_for(s):  # keep t50 where the fit puts it: β0 = −β1·log2 t50
        return -s * np.log2(t50)

    fig = success_curve_figure(widget=False, fits=fits)

    def states(s):
        st = _curve_state(beta0_for(s), s, fits)
        return {"x": [st["t"], st["marks"][0]], "y": [st["p"], st["marks"][1]]}

    def title(s):
        return _curve_state(beta0_for(s), s, fits)["title"]

    fig = precomputed_slider_figure(fig, "β₁ (t50 kept at the fit's)", slopes, states, [4, 5],
                                    active=SLOPES.index(None), fmt=lambda v: f"{v:.2f}", title=title)
    fig.update_layout(
        sliders=[dict(fig.layout.sliders[0].to_plotly_json(), y=-0.42)], margin=dict(b=170), height=600,
        updatemenus=[dict(type="buttons", direction="right", x=0.0, y=1.0, xanchor="left", yanchor="bottom",
                          name="which fit to show", pad=dict(b=6, t=0), showactive=True, buttons=[
                              dict(label="unweighted fit", method="restyle", args=[{"visible": [True, False]}, [2, 3]]),
                              dict(label="weighted fit", method="restyle", args=[{"visible": [False, True]}, [2, 3]]),
                          ])])
    fig.update_layout(margin=dict(t=110))
    return fig


def success_curve_live():
    import ipywidgets as w

    fits = sample_fits()
    b0, b1 = fits["beta"]
    style = {"description_width": "60px"}
    beta0 = w.FloatSlider(value=round(float(b0), 2), min=-2.0, max=8.0, step=0.05, description="β₀",
                          readout_format=".2f", style=style)
    beta1 = w.FloatSlider(value=round(float(b1), 2), min=-2.0, max=0.5, step=0.01, description="β₁",
                          readout_format=".2f", style=style)
    weighted = w.Checkbox(value=False, description="fit with METR's task weights", indent=False,
                          layout=w.Layout(width="260px"))
    fit = w.Button(description="fit the sample", tooltip="set β₀ and β₁ to the maximum-likelihood fit shown")
    fig = success_curve_figure(widget=True, fits=fits)

    def update(_=None):
        s = _curve_state(beta0.value, beta1.value, fits)
        with fig.batch_update():
            fig.data[2].visible, fig.data[3].visible = not weighted.value, weighted.value
            fig.data[4].y = s["p"]
            fig.data[5].x, fig.data[5].y = s["marks"]
            fig.layout.title.text = s["title"]

    def to_fit(_=None):
        b = fits["beta_w"] if weighted.value else fits["beta"]
        with beta0.hold_trait_notifications(), beta1.hold_trait_notifications():
            beta0.value, beta1.value = round(float(b[0]), 2), round(float(b[1]), 2)
        update()

    for c in (beta0, beta1, weighted):
        c.observe(update, names="value")
    fit.on_click(to_fit)
    update()
    return w.VBox([w.HBox([w.VBox([beta0, beta1]), w.VBox([weighted, fit])]), fig])


def success_curve_explorable() -> Explorable:
    return Explorable("The success curve", live=success_curve_live, static=success_curve_static)


# ---------------------------------------------------------------- chain of steps
CHAIN_T = np.logspace(0, 4, 60)  # 1 minute to ~7 days of human-expert time
ERRORS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1]  # static grid: ε per minute
CAUGHT = [0.0, 0.5, 0.9]  # static buttons: share of errors caught
CHECKIN = 10.0  # minutes per check-in in the static figure ("talk to it every 10 minutes")


def _chain_state(eps, caught, checkin):
    p = per_minute_success(eps, caught)
    t50, t80 = horizon_from_hazard(p, 0.5), horizon_from_hazard(p, 0.8)
    n = agents_per_supervisor(t50, checkin)
    return {"p": p, "y": chain_success(CHAIN_T, p), "t50": float(t50), "t80": float(t80), "agents": n}


def _chain_title(eps, caught, checkin):
    s = _chain_state(eps, caught, checkin)
    return (f"ε = {100 * eps:.2g}% per minute, {100 * caught:.0f}% caught: t50 = {_minutes(s['t50'])}, "
            f"t80 = {_minutes(s['t80'])}<br><sup>running for t50 between {checkin:g}-minute check-ins, "
            f"one supervisor keeps {s['agents']} agent{'s' if s['agents'] != 1 else ''} busy</sup>")


def chain_figure(eps=0.01, caught=0.0, checkin=CHECKIN, widget=False):
    fig = (go.FigureWidget if widget else go.Figure)(layout=layout(_chain_title(eps, caught, checkin), height=470))
    base = _chain_state(eps, 0.0, checkin)
    fig.add_scatter(x=CHAIN_T, y=base["y"], mode="lines", name="no error caught",
                    line=dict(color="#888888", dash="dash"))
    s = _chain_state(eps, caught, checkin)
    fig.add_scatter(x=CHAIN_T, y=s["y"], mode="lines", name="P(success) = (1 − ε(1 − r))^t",
                    line=dict(color=PALETTE["blue"], width=3))
    fig.add_scatter(x=[s["t50"], s["t80"]], y=[0.5, 0.8], mode="markers+text", text=["t50", "t80"],
                    textposition="middle right", name="t50 and t80",
                    marker=dict(size=12, symbol="x", color=PALETTE["vermillion"]))
    fig.update_layout(xaxis=dict(type="log", range=[0, 4], title="task length t (minutes)"),
                      yaxis=dict(range=[0, 1.02], title="P(success)"), margin=dict(t=80),
                      legend=dict(x=0.01, y=0.02, yanchor="bottom"),
                      meta={"alt": "Probability that a task succeeds against its length on a log axis when every "
                                   "minute of work fails with a fixed probability unless the error is caught; "
                                   "the 50% and 80% horizons are marked."})
    return fig


def chain_static() -> go.Figure:
    fig = go.Figure(layout=layout(_chain_title(0.01, 0.0, CHECKIN), height=520))
    colours = (PALETTE["vermillion"], PALETTE["orange"], PALETTE["blue"])
    for r, c in zip(CAUGHT, colours):
        s = _chain_state(0.01, r, CHECKIN)
        fig.add_scatter(x=round_sig(CHAIN_T), y=s["y"], mode="lines", name=f"{100 * r:.0f}% of errors caught",
                        line=dict(color=c, width=3))
    for r, c in zip(CAUGHT, colours):
        s = _chain_state(0.01, r, CHECKIN)
        fig.add_scatter(x=[s["t50"]], y=[0.5], mode="markers", name=f"t50, {100 * r:.0f}% caught",
                        showlegend=False, marker=dict(size=12, symbol="x", color=c))
    fig.update_layout(xaxis=dict(type="log", range=[0, 4], title="task length t (minutes)"),
                      yaxis=dict(range=[0, 1.02], title="P(success)"), margin=dict(t=90, b=130),
                      legend=dict(x=0.01, y=0.02, yanchor="bottom"),
                      meta={"alt": "Probability that a task succeeds against its length on a log axis for three "
                                   "shares of caught errors; catching errors moves the 50% horizon to longer tasks."})

    def states(eps):
        ss = [_chain_state(eps, r, CHECKIN) for r in CAUGHT]
        return {"y": [s["y"] for s in ss] + [[0.5]] * 3, "x": [CHAIN_T] * 3 + [[s["t50"]] for s in ss]}

    def title(eps):
        ss = [_chain_state(eps, r, CHECKIN) for r in CAUGHT]
        parts = ", ".join(f"{_minutes(s['t50'])} ({s['agents']} agent{'s' if s['agents'] != 1 else ''})" for s in ss)
        return (f"ε = {100 * eps:.2g}% per minute: t50 = {parts}<br><sup>for 0%, 50%, 90% of errors caught; "
                f"agents one supervisor keeps busy at a {CHECKIN:g}-minute check-in per t50 of work</sup>")

    fig = precomputed_slider_figure(fig, "ε, error probability per minute", ERRORS, states, list(range(6)),
                                    active=ERRORS.index(0.01), fmt=lambda v: f"{100 * v:.2g}%", title=title)
    fig.update_layout(title_text=title(0.01), updatemenus=[dict(
        type="buttons", direction="right", x=1.0, y=1.0, xanchor="right", yanchor="bottom", name="share of errors caught",
        pad=dict(b=6), buttons=[dict(label="all three", method="restyle", args=[{"visible": True}, list(range(6))])]
        + [dict(label=f"{100 * r:.0f}% caught only", method="restyle",
                args=[{"visible": [k == i for k in range(3)] * 2}, list(range(6))]) for i, r in enumerate(CAUGHT)])])
    fig.update_layout(margin=dict(t=110))
    return fig


def chain_live():
    import ipywidgets as w

    style = {"description_width": "190px"}
    layout_ = w.Layout(width="460px")
    eps = w.FloatLogSlider(value=0.01, base=10, min=-3.5, max=-0.7, step=0.05, description="ε: error chance per minute",
                           readout_format=".4f", style=style, layout=layout_)
    caught = w.FloatSlider(value=0.0, min=0.0, max=0.99, step=0.01, description="r: share of errors caught",
                           readout_format=".2f", style=style, layout=layout_)
    checkin = w.FloatSlider(value=CHECKIN, min=1.0, max=60.0, step=1.0, description="check-in (minutes)",
                            readout_format=".0f", style=style, layout=layout_)
    fig = chain_figure(widget=True)

    def update(_=None):
        base = _chain_state(eps.value, 0.0, checkin.value)
        s = _chain_state(eps.value, caught.value, checkin.value)
        with fig.batch_update():
            fig.data[0].y = base["y"]
            fig.data[1].y = s["y"]
            fig.data[2].x = [s["t50"], s["t80"]]
            fig.layout.title.text = _chain_title(eps.value, caught.value, checkin.value)

    for c in (eps, caught, checkin):
        c.observe(update, names="value")
    update()
    return w.VBox([eps, caught, checkin, fig])


def chain_of_steps() -> Explorable:
    return Explorable("A chain of steps", live=chain_live, static=chain_static)


# ---------------------------------------------------------------- horizon trend
TREND_STARTS = [2019.0, 2022.0, 2023.0, 2024.0, 2025.0]  # static grid: first release year of the fit
TREND_TARGETS = (8.0, 40.0)  # hours: a work day, a work week
TREND_END = 2030.0


def trend_view(start_year, frontier_only=True, measure="p50", suite="TH1.1") -> dict:
    """Fit of log2(horizon) on release day over the models released from start_year (frontier only or all).

    Returns n, T_days, the fitted line on a grid of days (hours), and the arrival day of each TREND_TARGETS."""
    m = et.load_metr(suite)
    h = m[measure]
    keep = (m["day"] >= et.year_day(start_year)) & np.isfinite(h) & (m["sota"] if frontier_only else True)
    grid = np.linspace(m["day"][keep].min(), et.year_day(TREND_END), 40)
    T, _ = trend_arrival(m["day"][keep], h[keep], 60.0)
    slope, intercept = et.fit_log2_line(m["day"][keep], h[keep])
    arrive = [trend_arrival(m["day"][keep], h[keep], 60.0 * H)[1] for H in TREND_TARGETS]
    return {"n": int(keep.sum()), "keep": keep, "T_days": float(T), "grid": grid,
            "line": 2.0 ** (slope * grid + intercept) / 60.0, "arrive": np.array(arrive)}


def _when(day) -> str:
    day = float(day)
    if not np.isfinite(day) or day > et.year_day(2100) or day < et.year_day(2000):
        return "never on this fit"
    return str(et.to_date(day))[:7]


def _trend_text(v, label) -> str:
    if v["T_days"] <= 0:
        return f"{label} (n = {v['n']}): no growth in this window"
    arr = ", ".join(f"{H:g} h: {_when(d)}" for H, d in zip(TREND_TARGETS, v["arrive"]))
    return f"{label} (n = {v['n']}): T = {v['T_days']:.0f} days ({v['T_days'] / DAYS_PER_MONTH:.1f} months); {arr}"


def trend_figure(start=2023.0, frontier_only=True, measure="p50", widget=False):
    m = et.load_metr("TH1.1")
    v = trend_view(start, frontier_only, measure)
    fig = (go.FigureWidget if widget else go.Figure)(layout=layout(_trend_text(v, f"fit from {start:g}"), height=560))
    h = m[measure] / 60.0
    for mask, name, colour in ((~m["sota"], "not frontier at release", "#999999"),
                               (m["sota"], "frontier at release (METR's is_sota_p50)", PALETTE["blue"])):
        fig.add_scatter(x=et.to_date(m["day"][mask]), y=round_sig(h[mask]), mode="markers", name=name,
                        text=m["name"][mask], hovertemplate="%{text}: %{y:.3g} h<extra></extra>",
                        marker=dict(size=8, color=colour))
    fig.add_scatter(x=et.to_date(m["day"][v["keep"]]), y=round_sig(h[v["keep"]]), mode="markers",
                    name="in the fit", hoverinfo="skip",
                    marker=dict(size=15, color="rgba(0,0,0,0)", line=dict(color=PALETTE["orange"], width=2)))
    fig.add_scatter(x=et.to_date(v["grid"]), y=round_sig(v["line"]), mode="lines", name="least-squares trend",
                    line=dict(color=PALETTE["orange"], width=3))
    fig.add_scatter(x=et.to_date(np.clip(v["arrive"], et.year_day(2019), et.year_day(TREND_END))),
                    y=list(TREND_TARGETS), mode="markers+text", name="8 h and 40 h on the trend",
                    text=[f"{H:g} h" for H in TREND_TARGETS], textposition="middle left",
                    marker=dict(size=12, symbol="x", color=PALETTE["vermillion"]))
    fig.update_layout(yaxis=dict(type="log", range=[-3.5, 2.5], title=f"{measure} time horizon (hours)"),
                      xaxis=dict(range=["2019-01-01", f"{TREND_END:.0f}-01-01"], title="model release date"),
                      margin=dict(t=80), legend=dict(x=0.01, y=0.99, font=dict(size=11)),
                      meta={"alt": "METR time horizons of 25 models against release date on a log axis, a "
                                   "least-squares exponential trend over the chosen models and window, and the "
                                   "dates it reaches 8 and 40 hours."})
    return fig


def trend_static() -> go.Figure:
    fig = trend_figure(2023.0, True)
    m = et.load_metr("TH1.1")
    # traces: 0 not frontier, 1 frontier, 2 in-fit (frontier), 3 line (frontier), 4 arrivals (frontier),
    #         5 in-fit (all), 6 line (all), 7 arrivals (all): buttons switch between the two fits
    for t in (2, 3, 4):
        d = fig.data[t].to_plotly_json()
        d.pop("uid", None)
        fig.add_trace(go.Scatter(d, visible=False, line=dict(dash="dash") if t == 3 else None))

    def states(start):
        vs = [trend_view(start, f) for f in (True, False)]
        xs, ys = [], []
        for v in vs:
            xs += [et.to_date(m["day"][v["keep"]]), et.to_date(v["grid"]),
                   et.to_date(np.clip(v["arrive"], et.year_day(2019), et.year_day(TREND_END)))]
            ys += [m["p50"][v["keep"]] / 60.0, v["line"], list(TREND_TARGETS)]
        return {"x": xs, "y": ys}

    def title(start):
        return (_trend_text(trend_view(start, True), f"frontier from {start:g}") + "<br><sup>"
                + _trend_text(trend_view(start, False), f"all models from {start:g}") + "</sup>")

    fig = precomputed_slider_figure(fig, "fit models released from", TREND_STARTS, states, [2, 3, 4, 5, 6, 7],
                                    active=TREND_STARTS.index(2023.0), fmt="{:g}".format, title=title)
    fig.update_layout(title_text=title(2023.0), margin=dict(t=110, b=140), height=600, updatemenus=[dict(
        type="buttons", direction="right", x=1.0, y=1.0, xanchor="right", yanchor="bottom", name="models in the fit",
        pad=dict(b=6), buttons=[dict(label="frontier only", method="restyle",
                                     args=[{"visible": [True] * 3 + [False] * 3}, [2, 3, 4, 5, 6, 7]]),
                                dict(label="all models", method="restyle",
                                     args=[{"visible": [False] * 3 + [True] * 3}, [2, 3, 4, 5, 6, 7]])])])
    fig.layout.sliders[0].y = -0.16
    return fig


def trend_live():
    import ipywidgets as w

    m = et.load_metr("TH1.1")
    start = w.FloatSlider(value=2023.0, min=2019.0, max=2025.5, step=0.25, description="fit from (year)",
                          readout_format=".2f", style={"description_width": "110px"})
    frontier = w.Checkbox(value=True, description="frontier models only")
    measure = w.Dropdown(options=[("50% horizon", "p50"), ("80% horizon", "p80")], value="p50", description="measure")
    fig = trend_figure(widget=True)

    def update(_=None):
        v = trend_view(start.value, frontier.value, measure.value)
        h = m[measure.value] / 60.0
        with fig.batch_update():
            fig.data[0].y, fig.data[1].y = h[~m["sota"]], h[m["sota"]]
            fig.data[2].x, fig.data[2].y = et.to_date(m["day"][v["keep"]]), h[v["keep"]]
            fig.data[3].x, fig.data[3].y = et.to_date(v["grid"]), v["line"]
            fig.data[4].x = et.to_date(np.clip(v["arrive"], et.year_day(2019), et.year_day(TREND_END)))
            fig.layout.yaxis.title.text = f"{measure.value} time horizon (hours)"
            fig.layout.title.text = _trend_text(v, f"{'frontier' if frontier.value else 'all models'} from "
                                                   f"{start.value:g}")

    for c in (start, frontier, measure):
        c.observe(update, names="value")
    update()
    return w.VBox([w.HBox([start, frontier, measure]), fig])


def horizon_trend() -> Explorable:
    return Explorable("The horizon trend", live=trend_live, static=trend_static)
