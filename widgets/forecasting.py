"""Forecasting honestly: prediction intervals, backtests, proper scores, and killing an idea fast.

Model (pure numpy, parameters in, numbers or arrays out):
    t_cdf, t_quantile (Student's t without scipy), ols (a straight line with its standard errors),
    doubling_ci (delta method), prediction_interval, backtest_z, inside, brier_log,
    posterior, entropy_bits, gain_per_cost, best_experiment, trend_check, calibration_questions
Real data: METR TH1.1 through widgets/exponential_trends.py (data/metr/, see its SOURCE.md).
Lines are fitted to log2(minutes) against release dates in decimal years (day number / 365.25);
doubling times are in days, horizons in minutes.
Explorables (live in JupyterLab, static in the book): forecast_card, calibration_game, kill_your_idea
"""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure, round_sig
from widgets import exponential_trends as et

DAYS_PER_YEAR = et.DAYS_PER_YEAR  # 365.25: a release date in decimal years is 1970 + day number / 365.25
MILESTONES_HOURS = et.TARGETS_HOURS  # 8, 40, 167 hours: a work day, week, month


# ---------------------------------------------------------------- Student's t (no scipy)
def _betacf(a, b, x):
    """Continued fraction of the regularized incomplete beta (modified Lentz, Numerical Recipes 6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a, b, x):
    """Regularized incomplete beta I_x(a, b) for 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t, df):
    """P(T <= t) for Student's t with df degrees of freedom (df > 0, need not be whole)."""
    t = float(t)
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))  # P(T > |t|)
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p, df):
    """The t with P(T <= t) = p (0 < p < 1), Student's t with df degrees of freedom; by bisection on t_cdf.
    t_quantile(0.975, 12) = 2.1788; as df grows it tends to the normal quantile (1.9600)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be strictly between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if t_cdf(mid, df) < p else (lo, mid)
    return 0.5 * (lo + hi)


def two_sided(level, df):
    """The multiplier of a central `level` interval: t_quantile((1 + level) / 2, df)."""
    return t_quantile(0.5 + level / 2.0, df)


# ---------------------------------------------------------------- a line with honest error bars
def ols(x, y):
    """Least squares y = a + b x with the usual standard errors.

    Returns dict: slope, intercept, s (residual sd with n − 2), se_slope = s/√Sxx, n, xbar, sxx, df = n − 2."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    xbar = x.mean()
    dx = x - xbar
    sxx = float(dx @ dx)
    slope = float(dx @ y / sxx)  # = Σ dx·(y − ȳ) / Sxx, since Σ dx = 0
    intercept = float(y.mean() - slope * xbar)
    resid = y - intercept - slope * x
    s = math.sqrt(float(resid @ resid) / (n - 2))
    return {"slope": slope, "intercept": intercept, "s": s, "se_slope": s / math.sqrt(sxx), "n": n,
            "xbar": float(xbar), "sxx": sxx, "df": n - 2}


def doubling_ci(years, minutes, level=0.95):
    """Doubling time (days) of the least-squares line of log2(minutes) on years, with the delta-method
    interval T ± t·se(T), se(T) = T·se(b)/b, t the Student-t quantile with n − 2 degrees of freedom.
    Returns (T_days, low_days, high_days)."""
    fit = ols(years, np.log2(np.asarray(minutes, dtype=float)))
    T = DAYS_PER_YEAR / fit["slope"]
    half = two_sided(level, fit["df"]) * T * fit["se_slope"] / fit["slope"]
    return T, T - half, T + half


def _pred_sd(fit, x0):
    x0 = np.asarray(x0, dtype=float)
    return fit["s"] * np.sqrt(1.0 + 1.0 / fit["n"] + (x0 - fit["xbar"]) ** 2 / fit["sxx"])


def prediction_interval(years, minutes, year0, level=0.8):
    """Prediction interval for ONE new model's horizon released at year0: the fitted line in log2 space
    ± t·s·√(1 + 1/n + (x0 − x̄)²/Sxx), back in minutes. Returns (center, low, high) in minutes."""
    fit = ols(years, np.log2(np.asarray(minutes, dtype=float)))
    center = fit["intercept"] + fit["slope"] * year0
    half = two_sided(level, fit["df"]) * float(_pred_sd(fit, year0))
    return 2.0 ** center, 2.0 ** (center - half), 2.0 ** (center + half)


def backtest_z(train_years, train_minutes, test_years, test_minutes):
    """Standardized prediction errors of held-out models: (log2 observed − line at each model's own date)
    divided by s·√(1 + 1/n + (x − x̄)²/Sxx) of the training fit. An array, one z per test model."""
    fit = ols(train_years, np.log2(np.asarray(train_minutes, dtype=float)))
    x = np.asarray(test_years, dtype=float)
    resid = np.log2(np.asarray(test_minutes, dtype=float)) - (fit["intercept"] + fit["slope"] * x)
    return resid / _pred_sd(fit, x)


def inside(z, df, level):
    """Which standardized errors fall inside the central `level` prediction interval: |z| <= t (edge counts)."""
    return np.abs(np.asarray(z, dtype=float)) <= two_sided(level, df)


def decimal_year(day):
    """Decimal year of a day number: 1970 + day / 365.25 (2023-03-14 -> 2023.198)."""
    return 1970.0 + np.asarray(day, dtype=float) / DAYS_PER_YEAR


def year_to_date(year) -> str:
    """ISO date of a decimal year (inverse of decimal_year, to the day)."""
    return str(et.to_date((float(year) - 1970.0) * DAYS_PER_YEAR))


def sota_years(start_year=2023.0, end_year=2100.0, suite="TH1.1"):
    """Release dates (decimal years), p50 horizons (minutes) and names of METR's frontier models released in
    [start_year, end_year)."""
    m = et.load_metr(suite)
    years = decimal_year(m["day"])
    keep = m["sota"] & (years >= start_year) & (years < end_year)
    return years[keep], m["p50"][keep], m["name"][keep]


# ---------------------------------------------------------------- scoring forecasts
def brier_log(f, o):
    """Mean Brier score (f − o)² and mean log score ln(probability given to what happened) of forecasts f
    (probabilities of 'yes') for outcomes o (1 yes, 0 no). Returns (brier, log). Lower Brier is better;
    higher (closer to 0) log score is better; a certain forecast that was wrong scores −inf."""
    f = np.asarray(f, dtype=float)
    o = np.asarray(o, dtype=float)
    p_happened = np.where(o == 1, f, 1.0 - f)
    with np.errstate(divide="ignore"):
        return float(np.mean((f - o) ** 2)), float(np.mean(np.log(p_happened)))


def reliability(f, o, edges=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0)):
    """Calibration table: per probability bin (last bin closed), mean forecast, observed frequency, count."""
    f = np.asarray(f, dtype=float)
    o = np.asarray(o, dtype=float)
    k = np.clip(np.searchsorted(edges, f, side="right") - 1, 0, len(edges) - 2)
    rows = [(f[k == i].mean(), o[k == i].mean(), int((k == i).sum())) for i in range(len(edges) - 1) if (k == i).any()]
    return np.array(rows).reshape(-1, 3)


# ---------------------------------------------------------------- killing an idea fast
def posterior(prior, sensitivity, specificity, results):
    """P(the idea is good) after a sequence of experiment results (True = positive), each posterior the next
    prior. sensitivity = P(+ | good), specificity = P(− | bad)."""
    p = float(prior)
    for positive in results:
        if positive:
            good, bad = p * sensitivity, (1.0 - p) * (1.0 - specificity)
        else:
            good, bad = p * (1.0 - sensitivity), (1.0 - p) * specificity
        p = good / (good + bad)
    return p


def entropy_bits(p):
    """Binary entropy H(p) in bits, with 0·log 0 = 0."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log2(np.where(p > 0, p, 1.0)), 0.0)
        rest = np.where(p < 1, -(1 - p) * np.log2(np.where(p < 1, 1 - p, 1.0)), 0.0)
    return terms + rest


def gain_per_cost(prior, cost, sensitivity, specificity):
    """Expected information gain (bits) about 'the idea is good' from one experiment, per unit of cost:
    [H(prior) − P(+)·H(post+) − P(−)·H(post−)] / cost."""
    p_pos = prior * sensitivity + (1.0 - prior) * (1.0 - specificity)
    after = 0.0
    if p_pos > 0:
        after += p_pos * float(entropy_bits(prior * sensitivity / p_pos))
    if p_pos < 1:
        after += (1.0 - p_pos) * float(entropy_bits(prior * (1.0 - sensitivity) / (1.0 - p_pos)))
    return (float(entropy_bits(prior)) - after) / cost


EXPERIMENTS = [  # (name, cost in units of a toy run, sensitivity, specificity): the three options
    ("toy", 1.0, 0.7, 0.7), ("small run", 4.0, 0.9, 0.9), ("full run", 20.0, 0.99, 0.99)]


def best_experiment(prior, experiments=EXPERIMENTS):
    """Index of the experiment with the most bits per unit cost (the first one on a tie)."""
    return int(np.argmax([gain_per_cost(prior, c, se, sp) for _, c, se, sp in experiments]))


# ---------------------------------------------------------------- do runs match expectations?
def trend_check(compute, loss, loss_inf, compute_new, k=2.0):
    """Power law L = L∞ + A·C^slope on small runs: least squares of log10(L − L∞) on log10 C; predict the loss
    at compute_new with a ±k·s band (s the residual sd with n − 2, in log10 space).
    Returns (slope, predicted loss, band low, band high)."""
    fit = ols(np.log10(np.asarray(compute, dtype=float)), np.log10(np.asarray(loss, dtype=float) - loss_inf))
    c = fit["intercept"] + fit["slope"] * math.log10(compute_new)
    return (fit["slope"], loss_inf + 10.0 ** c, loss_inf + 10.0 ** (c - k * fit["s"]),
            loss_inf + 10.0 ** (c + k * fit["s"]))


# ---------------------------------------------------------------- resolved questions, from the shipped data
def calibration_questions(start_year=2023.0, min_train=4, factor=1.5):
    """Resolved yes/no questions built from METR TH1.1 (data/metr/): for each frontier model released from
    start_year, after the first min_train, "will its 50% horizon exceed `factor` × the previous frontier
    model's?". The statistical forecast is P(yes) from the prediction interval of the log2 line fitted to
    the earlier frontier models (Student t, n − 2). Returns dict: text, name, threshold (minutes),
    z (threshold in prediction-sd units), df, model (the line's probability), outcome (1/0)."""
    years, p50, names = sota_years(start_year)
    rows = {"text": [], "name": [], "threshold": [], "z": [], "df": [], "model": [], "outcome": []}
    for i in range(min_train, len(years)):
        fit = ols(years[:i], np.log2(p50[:i]))
        thr = factor * p50[i - 1]
        z = (math.log2(thr) - (fit["intercept"] + fit["slope"] * years[i])) / float(_pred_sd(fit, years[i]))
        rows["text"].append(f"Will {names[i]} ({year_to_date(years[i])[:7]}) have a 50% "
                            f"horizon above {thr:.0f} min ({factor:g} × {names[i - 1]})?")
        rows["name"].append(str(names[i]))
        rows["threshold"].append(thr)
        rows["z"].append(z)
        rows["df"].append(fit["df"])
        rows["model"].append(1.0 - t_cdf(z, fit["df"]))
        rows["outcome"].append(float(p50[i] > thr))
    return {k: np.array(v) for k, v in rows.items()}


def tempered(z, df, k):
    """The statistical forecast made over- (k > 1) or under-confident (k < 1): P(yes) = 1 − F_t(k·z)."""
    return np.array([1.0 - t_cdf(k * zi, d) for zi, d in zip(np.asarray(z, float), np.asarray(df))])


# ================================================================ explorables
def _year_label(x) -> str:
    return year_to_date(x)[:7]


CARD_ENDS = [2024.5, 2025.0, 2025.5, 2026.0, 2026.5]  # static grid: the fit uses frontier models released before
CARD_LEVELS = (0.8, 0.95)
CARD_TO = 2029.0


def card_view(start=2023.0, end=2025.0, level=0.8, milestone_hours=8.0, n_boot=400, seed=0) -> dict:
    """The forecast card: the log2 line fitted to METR's frontier models released in [start, end), its
    `level` prediction band up to CARD_TO, the arrival date of `milestone_hours` on the line with a bootstrap
    interval (2.5–97.5 % of n_boot resampled fits, seeded), and the backtest z of every later frontier model."""
    years, p50, names = sota_years(2019.0)
    train = (years >= start) & (years < end)
    if train.sum() < 3:  # too few models for a line with an error bar: widen the window to the first three
        train = np.zeros_like(train)
        train[np.flatnonzero(years >= start)[:3] if (years >= start).sum() >= 3 else np.arange(3)] = True
    fit = ols(years[train], np.log2(p50[train]))
    grid = np.linspace(years[train].min(), CARD_TO, 40)
    center = fit["intercept"] + fit["slope"] * grid
    half = two_sided(level, fit["df"]) * _pred_sd(fit, grid)
    slopes, intercepts = et.bootstrap_lines(years[train], p50[train], n_boot, seed)
    target = math.log2(60.0 * milestone_hours)
    ok = slopes > 0
    arrive_boot = (target - intercepts[ok]) / slopes[ok]
    test = years >= end
    z = backtest_z(years[train], p50[train], years[test], p50[test]) if test.any() else np.array([])
    return {"fit": fit, "train": train, "test": test, "grid": grid, "line": 2.0 ** center,
            "low": 2.0 ** (center - half), "high": 2.0 ** (center + half),
            "arrive": (target - fit["intercept"]) / fit["slope"] if fit["slope"] > 0 else np.inf,
            "arrive_ci": np.percentile(arrive_boot, [2.5, 97.5]) if ok.sum() > 10 else np.array([np.inf, np.inf]),
            "z": z, "inside": inside(z, fit["df"], level), "years": years, "p50": p50, "names": names}


def _dates(years) -> np.ndarray:
    """ISO dates of decimal years, for plot axes (a float year would lose its month to round_sig)."""
    return et.to_date((np.asarray(years, dtype=float) - 1970.0) * DAYS_PER_YEAR)


def _when(x) -> str:
    return _year_label(x) if np.isfinite(x) and 2000 < x < 2100 else "never on this fit"


def _card_title(v, level, milestone_hours) -> str:
    f = v["fit"]
    T = DAYS_PER_YEAR / f["slope"] if f["slope"] > 0 else np.inf
    head = (f"fit {_year_label(v['years'][v['train']].min())} to {_year_label(v['years'][v['train']].max())} "
            f"(n = {f['n']}): doubling {T:.0f} days<br><sup>{milestone_hours:g} h on the line {_when(v['arrive'])} "
            f"(bootstrap 95%: {_when(v['arrive_ci'][0])} to {_when(v['arrive_ci'][1])})<br>")
    if len(v["z"]):
        tail = (f"backtest: {int(v['inside'].sum())} of {len(v['z'])} later frontier models inside the "
                f"{level:.0%} band (largest |z| = {np.abs(v['z']).max():.2f})")
    else:
        tail = "backtest: no later models yet (the fit uses them all)"
    return head + tail + "</sup>"


def card_figure(start=2023.0, end=2025.0, level=0.8, milestone_hours=8.0, widget=False):
    v = card_view(start, end, level, milestone_hours)
    fig = (go.FigureWidget if widget else go.Figure)(layout=layout(_card_title(v, level, milestone_hours), height=560))
    x, y = v["years"], v["p50"] / 60.0
    fig.add_scatter(x=_dates(np.concatenate([v["grid"], v["grid"][::-1]])),
                    y=round_sig(np.concatenate([v["high"], v["low"][::-1]]) / 60.0), fill="toself",
                    fillcolor="rgba(230,159,0,0.22)", line=dict(width=0), name=f"{level:.0%} prediction band",
                    hoverinfo="skip")
    fig.add_scatter(x=_dates(v["grid"]), y=round_sig(v["line"] / 60.0), mode="lines", name="least-squares line",
                    line=dict(color=PALETTE["orange"], width=3))
    fig.add_scatter(x=_dates(x[v["train"]]), y=round_sig(y[v["train"]]), mode="markers", name="in the fit",
                    text=v["names"][v["train"]], hovertemplate="%{text}: %{y:.3g} h<extra></extra>",
                    marker=dict(size=9, color=PALETTE["blue"]))
    fig.add_scatter(x=_dates(x[v["test"]]), y=round_sig(y[v["test"]]), mode="markers",
                    name="held out (the backtest)", text=v["names"][v["test"]],
                    hovertemplate="%{text}: %{y:.3g} h<extra></extra>",
                    marker=dict(size=11, symbol="diamond", color=PALETTE["vermillion"]))
    fig.add_scatter(x=list(_dates([2019.0, CARD_TO])), y=[milestone_hours] * 2, mode="lines", name="milestone",
                    line=dict(color=PALETTE["black"], dash="dot", width=1.5))
    fig.update_layout(yaxis=dict(type="log", range=[-2.5, 3.0], title="50% time horizon (hours)"),
                      xaxis=dict(range=list(_dates([2019.0, CARD_TO])), title="release date"),
                      margin=dict(t=120), legend=dict(x=0.01, y=0.99, font=dict(size=11)),
                      meta={"alt": "METR's frontier 50% time horizons against release year on a log axis, a "
                                   "least-squares line over a fit window with its prediction band, held-out later "
                                   "models as diamonds, and a dotted milestone line."})
    return fig


def forecast_card_static() -> go.Figure:
    """Slider: the end of the fit window (the backtest: later models are held out); buttons: 80 % or 95 % band."""
    fig = card_figure(2023.0, 2025.0, 0.8, 8.0)
    d = fig.data[0].to_plotly_json()
    d.pop("uid", None)
    d.update(name="95% prediction band", fillcolor="rgba(230,159,0,0.12)", visible=False)
    fig.add_trace(go.Scatter(d))  # trace 5: the 95 % band

    def states(end):
        v8, v95 = card_view(2023.0, end, 0.8), card_view(2023.0, end, 0.95)
        band = [np.concatenate([g, g[::-1]]) for g in (v8["grid"], v95["grid"])]
        x, y = v8["years"], v8["p50"] / 60.0
        return {"x": [_dates(band[0]), _dates(v8["grid"]), _dates(x[v8["train"]]), _dates(x[v8["test"]]),
                      _dates(band[1])],
                "y": [np.concatenate([v8["high"], v8["low"][::-1]]) / 60.0, v8["line"] / 60.0, y[v8["train"]],
                      y[v8["test"]], np.concatenate([v95["high"], v95["low"][::-1]]) / 60.0],
                "text": [None, None, v8["names"][v8["train"]], v8["names"][v8["test"]], None]}

    def title(end):
        v8, v95 = card_view(2023.0, end, 0.8), card_view(2023.0, end, 0.95)
        t = _card_title(v8, 0.8, 8.0)
        if len(v95["z"]):
            t = t[: -len("</sup>")] + f"; {int(v95['inside'].sum())} of {len(v95['z'])} inside the 95% band</sup>"
        return t

    fig = precomputed_slider_figure(fig, "fit frontier models from 2023 released before", CARD_ENDS, states,
                                    [0, 1, 2, 3, 5], active=CARD_ENDS.index(2025.0), fmt="{:g}".format, title=title)
    fig.update_layout(title_text=title(2025.0), margin=dict(t=120, b=130), height=620, updatemenus=[dict(
        type="buttons", direction="right", x=1.0, y=1.0, xanchor="right", yanchor="bottom", name="prediction band",
        pad=dict(b=6), buttons=[dict(label="80% band", method="restyle", args=[{"visible": [True, False]}, [0, 5]]),
                                dict(label="95% band", method="restyle", args=[{"visible": [False, True]}, [0, 5]])])])
    fig.layout.sliders[0].y = -0.14
    return fig


def forecast_card_live():
    import ipywidgets as w

    style = {"description_width": "120px"}
    start = w.FloatSlider(value=2023.0, min=2019.0, max=2025.0, step=0.25, description="fit from (year)",
                          readout_format=".2f", style=style)
    end = w.FloatSlider(value=2025.0, min=2024.0, max=2026.5, step=0.25, description="fit before (year)",
                        readout_format=".2f", style=style)
    level = w.Dropdown(options=[("50%", 0.5), ("80%", 0.8), ("95%", 0.95)], value=0.8, description="band")
    milestone = w.Dropdown(options=[(f"{h:g} h", h) for h in MILESTONES_HOURS], value=8.0, description="milestone")
    fig = card_figure(widget=True)

    def update(_=None):
        v = card_view(start.value, end.value, level.value, milestone.value)
        x, y = v["years"], v["p50"] / 60.0
        with fig.batch_update():
            fig.data[0].x = _dates(np.concatenate([v["grid"], v["grid"][::-1]]))
            fig.data[0].y = np.concatenate([v["high"], v["low"][::-1]]) / 60.0
            fig.data[0].name = f"{level.value:.0%} prediction band"
            fig.data[1].x, fig.data[1].y = _dates(v["grid"]), v["line"] / 60.0
            fig.data[2].x, fig.data[2].y, fig.data[2].text = _dates(x[v["train"]]), y[v["train"]], v["names"][v["train"]]
            fig.data[3].x, fig.data[3].y, fig.data[3].text = _dates(x[v["test"]]), y[v["test"]], v["names"][v["test"]]
            fig.data[4].y = [milestone.value] * 2
            fig.layout.title.text = _card_title(v, level.value, milestone.value)

    for c in (start, end, level, milestone):
        c.observe(update, names="value")
    update()
    return w.VBox([w.HBox([start, end]), w.HBox([level, milestone]), fig])


def forecast_card() -> Explorable:
    return Explorable("The forecast card", live=forecast_card_live, static=forecast_card_static)


# ---------------------------------------------------------------- the calibration game
GAME_K = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]  # static grid: confidence multiplier of the line's forecast


def game_state(forecasts, outcomes) -> dict:
    """Scores and reliability table of a set of forecasts of the resolved questions."""
    b, lg = brier_log(forecasts, outcomes)
    return {"brier": b, "log": lg, "table": reliability(forecasts, outcomes)}


def _game_title(label, s, base) -> str:
    return (f"{label}: Brier {s['brier']:.3f}, log score {s['log']:.3f}<br><sup>always 50%: Brier "
            f"{base['brier']:.3f}, log {base['log']:.3f} (lower Brier, higher log score is better)</sup>")


def game_figure(forecasts=None, label="the statistical line", widget=False):
    q = calibration_questions()
    f = q["model"] if forecasts is None else np.asarray(forecasts, float)
    s, base = game_state(f, q["outcome"]), game_state(np.full(len(f), 0.5), q["outcome"])
    fig = make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55], horizontal_spacing=0.1,
                        subplot_titles=("reliability (dashed: perfect calibration)",
                                        "each question (blue: it happened, red: it did not)"))
    fig = go.FigureWidget(fig) if widget else go.Figure(fig)
    fig.update_layout(**layout(_game_title(label, s, base), height=520))
    fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect calibration",
                    line=dict(color="#999999", dash="dash"), row=1, col=1)
    t = s["table"]
    fig.add_scatter(x=round_sig(t[:, 0]), y=round_sig(t[:, 1]), mode="markers+lines", name="forecasts (binned)",
                    marker=dict(size=8 + 4 * t[:, 2], color=PALETTE["blue"]), text=[f"{int(c)} questions" for c in t[:, 2]],
                    hovertemplate="forecast %{x:.2f}, happened %{y:.2f} (%{text})<extra></extra>", row=1, col=1)
    idx = np.arange(1, len(f) + 1)
    colours = [PALETTE["blue"] if o else PALETTE["vermillion"] for o in q["outcome"]]
    fig.add_bar(x=idx, y=round_sig(f), marker_color=colours, name="P(yes) you gave (blue: yes, red: no)",
                text=q["text"], textposition="none", hovertemplate="%{text}<br>P(yes) = %{y:.2f}<extra></extra>",
                row=1, col=2)
    fig.update_xaxes(title_text="forecast probability", range=[-0.02, 1.02], row=1, col=1)
    fig.update_yaxes(title_text="fraction that happened", range=[-0.02, 1.02], row=1, col=1)
    fig.update_xaxes(title_text="question (model, in release order)", tickvals=idx, row=1, col=2)
    fig.update_yaxes(title_text="P(yes)", range=[0, 1], row=1, col=2)
    fig.update_layout(showlegend=False, margin=dict(t=100, b=90),
                      meta={"alt": "Left: a reliability diagram of forecasts of ten resolved questions about METR "
                                   "horizons against the fraction that came true; right: the probability given to "
                                   "each question, coloured by its outcome."})
    return fig


def game_static() -> go.Figure:
    """Slider: the statistical line's forecasts made less (k < 1) or more (k > 1) confident."""
    q = calibration_questions()
    fig = game_figure(tempered(q["z"], q["df"], 1.0), "the line, k = 1")
    base = game_state(np.full(len(q["z"]), 0.5), q["outcome"])

    def states(k):
        f = tempered(q["z"], q["df"], k)
        t = game_state(f, q["outcome"])["table"]
        return {"x": [t[:, 0]], "y": [t[:, 1]]} | {"marker.size": [(8 + 4 * t[:, 2])]} | \
            {"text": [[f"{int(c)} questions" for c in t[:, 2]]]}

    def states_all(k):
        f = tempered(q["z"], q["df"], k)
        t = game_state(f, q["outcome"])["table"]
        return {"x": [t[:, 0], np.arange(1, len(f) + 1)], "y": [t[:, 1], f],
                "marker.size": [8 + 4 * t[:, 2], 10 * np.ones(len(f))]}

    def title(k):
        return _game_title(f"the line's forecasts × confidence k = {k:g}",
                           game_state(tempered(q["z"], q["df"], k), q["outcome"]), base)

    fig = precomputed_slider_figure(fig, "confidence k (0: always 50%, 1: the line, > 1: overconfident)", GAME_K,
                                    states_all, [1, 2], active=GAME_K.index(1.0), fmt="{:g}".format, title=title)
    fig.update_layout(height=580, margin=dict(b=150))
    fig.layout.sliders[0].y = -0.2
    return fig


def game_live():
    import ipywidgets as w

    q = calibration_questions()
    sliders = [w.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description=f"Q{i + 1}", readout_format=".2f",
                             layout=w.Layout(width="230px"), style={"description_width": "40px"})
               for i in range(len(q["z"]))]
    reveal = w.ToggleButton(value=False, description="show the line's forecasts", layout=w.Layout(width="230px"))
    fig = game_figure(np.full(len(q["z"]), 0.5), "your forecasts", widget=True)
    texts = w.HTML("<ol>" + "".join(f"<li>{t}</li>" for t in q["text"]) + "</ol>")
    base = game_state(np.full(len(q["z"]), 0.5), q["outcome"])

    def update(_=None):
        f = q["model"] if reveal.value else np.array([s.value for s in sliders])
        st = game_state(f, q["outcome"])
        t = st["table"]
        with fig.batch_update():
            fig.data[1].x, fig.data[1].y = t[:, 0], t[:, 1]
            fig.data[1].marker.size = 8 + 4 * t[:, 2]
            fig.data[1].text = [f"{int(c)} questions" for c in t[:, 2]]
            fig.data[2].y = f
            fig.layout.title.text = _game_title("the statistical line" if reveal.value else "your forecasts", st, base)

    for c in sliders + [reveal]:
        c.observe(update, names="value")
    update()
    return w.VBox([texts, w.GridBox(sliders + [reveal], layout=w.Layout(grid_template_columns="repeat(4, 240px)")), fig])


def calibration_game() -> Explorable:
    return Explorable("The calibration game", live=game_live, static=game_static)


# ---------------------------------------------------------------- kill your idea
KILL_PRIORS = [0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7]  # static grid


def kill_view(prior, experiments=EXPERIMENTS) -> dict:
    """Bits per unit cost of each experiment at this prior, and the posterior after a positive or a negative."""
    gains = np.array([gain_per_cost(prior, c, se, sp) for _, c, se, sp in experiments])
    pos = np.array([posterior(prior, se, sp, [True]) for _, c, se, sp in experiments])
    neg = np.array([posterior(prior, se, sp, [False]) for _, c, se, sp in experiments])
    return {"gain": gains, "pos": pos, "neg": neg, "best": best_experiment(prior, experiments)}


def _kill_title(prior, v, experiments) -> str:
    costs = ", ".join(f"{e[0]} costs {e[1]:g} (sens. {e[2]:.2f}, spec. {e[3]:.2f})" for e in experiments)
    return (f"prior {prior:.2f}: most bits per unit cost from the {experiments[v['best']][0]}<br><sup>{costs}</sup>"
            f"<br><sup>posterior if + / if −: " + "; ".join(
                f"{e[0]} {p:.2f} / {n:.2f}" for e, p, n in zip(experiments, v["pos"], v["neg"])) + "</sup>")


def kill_figure(prior=0.1, experiments=EXPERIMENTS, widget=False):
    v = kill_view(prior, experiments)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=("information per unit cost (bits)", "P(idea is good) after one result"))
    fig = go.FigureWidget(fig) if widget else go.Figure(fig)
    fig.update_layout(**layout(_kill_title(prior, v, experiments), height=460))
    names = [e[0] for e in experiments]
    fig.add_bar(x=names, y=round_sig(v["gain"]), marker_color=PALETTE["green"], name="bits per unit cost", row=1, col=1)
    fig.add_bar(x=names, y=round_sig(v["pos"]), marker_color=PALETTE["blue"], name="after a positive", row=1, col=2)
    fig.add_bar(x=names, y=round_sig(v["neg"]), marker_color=PALETTE["vermillion"], name="after a negative", row=1, col=2)
    fig.add_scatter(x=names, y=[prior] * len(names), mode="lines+markers", name="prior",
                    line=dict(color=PALETTE["black"], dash="dot"), row=1, col=2)
    fig.update_yaxes(title_text="bits / cost", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="probability", range=[0, 1], row=1, col=2)
    fig.update_layout(legend=dict(orientation="h", y=-0.12), margin=dict(t=125, b=150), height=540,
                      meta={"alt": "Bars of expected information gain per unit cost of a toy experiment, a small run "
                                   "and a full run at the chosen prior, and the probability the idea is good after "
                                   "a positive or a negative result of each."})
    return fig


def kill_static() -> go.Figure:
    fig = kill_figure(0.1)

    def states(prior):
        v = kill_view(prior)
        return {"y": [v["gain"], v["pos"], v["neg"], [prior] * len(EXPERIMENTS)]}

    fig = precomputed_slider_figure(fig, "prior P(idea is good)", KILL_PRIORS, states, [0, 1, 2, 3],
                                    active=KILL_PRIORS.index(0.1), fmt="{:g}".format,
                                    title=lambda p: _kill_title(p, kill_view(p), EXPERIMENTS))
    fig.layout.sliders[0].y = -0.22
    return fig


def kill_live():
    import ipywidgets as w

    style = {"description_width": "150px"}
    prior = w.FloatSlider(value=0.1, min=0.0, max=1.0, step=0.01, description="prior P(good)", style=style)
    cost = w.FloatSlider(value=4.0, min=0.5, max=20.0, step=0.5, description="small run: cost", style=style)
    sens = w.FloatSlider(value=0.9, min=0.5, max=1.0, step=0.01, description="small run: sensitivity", style=style)
    spec = w.FloatSlider(value=0.9, min=0.5, max=1.0, step=0.01, description="small run: specificity", style=style)
    fig = kill_figure(widget=True)

    def update(_=None):
        exps = [EXPERIMENTS[0], ("small run", cost.value, sens.value, spec.value), EXPERIMENTS[2]]
        v = kill_view(prior.value, exps)
        names = [e[0] for e in exps]
        with fig.batch_update():
            for i, key in ((0, "gain"), (1, "pos"), (2, "neg")):
                fig.data[i].x, fig.data[i].y = names, v[key]
            fig.data[3].x, fig.data[3].y = names, [prior.value] * 3
            fig.layout.title.text = _kill_title(prior.value, v, exps)

    for c in (prior, cost, sens, spec):
        c.observe(update, names="value")
    update()
    return w.VBox([w.HBox([prior, cost]), w.HBox([sens, spec]), fig])


def kill_your_idea() -> Explorable:
    return Explorable("Kill your idea", live=kill_live, static=kill_static)
