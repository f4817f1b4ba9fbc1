"""Cars are robots: the models of chapter `robots` (transfer, go-to-market, platforms, control) and its explorables.

Models (pure numpy, parameters in, numbers or arrays out):
    pd_poles               closed-loop poles of the PD-controlled inverted pendulum, and whether it is stable
    simulate               the pendulum under PD control, explicit Euler (θ(t) in rad)
    place_poles            the gains that put the poles at −a ± iw (pole placement)
    gains_problem          why a pair of gains fails to balance it in 2 s (None if it does)
    peak_decay_rate        slope of ln|θ| through the peaks of a simulated swing (1/s)
    robots_per_supervisor  robots one human can supervise: task_s / ((1 − p) · fix_s)
    platform_costs         total cost of k specialized platforms vs one general platform
    break_even_tasks       the smallest whole number of tasks at which the general platform is no dearer
    expected_liability     incident rate × exposure × severity, the rate halving every year
    b2c_year               the first whole year whose expected liability is at most a cap
    ridge_fit, transfer_errors   a frozen "pretrained" feature extractor with a new head vs training from scratch
Explorables: balance(), supervisors(), platforms(), transfer().  A plain figure: go_to_market_figure().
Every dollar figure, rate and duration in this module is hypothetical unless its docstring says otherwise.
"""
from __future__ import annotations

import functools
import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.demo_vs_product import break_even_fleet  # two cost lines F + c·N crossing: written once, there

G = 9.81  # m/s², gravity
L = 1.0  # m, pendulum length (a point mass on a massless rod)
DT = 0.01  # s, Euler step
THETA0 = 0.2  # rad, the initial tilt (about 11.5°)
T_CHECK = 2.0  # s, when |θ| must be below TOL
TOL = 0.05  # rad

# ================================================================== control: the inverted pendulum


def pd_poles(kp, kd, g=G, l=L):
    """Closed-loop poles of θ̈ = (g/l)·θ + u with u = −kp·θ − kd·θ̇ (the pendulum linearized about upright).

    The characteristic equation is s² + kd·s + (kp − g/l) = 0. Returns (poles, stable): the two roots as a
    complex array sorted by real part then imaginary part, and whether every root has a negative real part,
    which for this quadratic is exactly kd > 0 and kp > g/l (Routh–Hurwitz). Gains in 1/s² and 1/s.
    """
    c = kp - g / l
    disc = np.sqrt(complex(kd * kd - 4 * c))
    poles = np.sort_complex(np.array([(-kd - disc) / 2, (-kd + disc) / 2]))
    return poles, bool(kd > 0 and c > 0)


def simulate(kp, kd, t_end=T_CHECK, dt=DT, theta0=THETA0, g=G, l=L):
    """The inverted pendulum θ̈ = (g/l)·sin θ + u under PD control u = −kp·θ − kd·ω, from rest at θ₀ (rad).

    Explicit Euler: both updates use the OLD state,
        θ[i+1] = θ[i] + dt·ω[i],   ω[i+1] = ω[i] + dt·((g/l)·sin θ[i] − kp·θ[i] − kd·ω[i]).
    Returns θ at t = 0, dt, ..., t_end: an array of round(t_end/dt) + 1 angles in rad.
    """
    n = int(round(t_end / dt))
    theta = np.empty(n + 1)
    theta[0], omega = theta0, 0.0
    for i in range(n):
        th = theta[i]
        theta[i + 1] = th + dt * omega
        omega = omega + dt * (g / l * math.sin(th) - kp * th - kd * omega)
    return theta


def place_poles(a, w, g=G, l=L):
    """Gains (kp, kd) that put the closed-loop poles at −a ± i·w (a decay rate a and a frequency w, in 1/s):
    s² + kd·s + (kp − g/l) must equal (s + a)² + w² = s² + 2a·s + (a² + w²), so kd = 2a, kp = g/l + a² + w²."""
    return g / l + a * a + w * w, 2 * a


def gains_problem(kp, kd):
    """Why gains (kp, kd) fail the balance test (None if |θ(2 s)| < 0.05 rad from θ₀ = 0.2 rad)."""
    theta = simulate(kp, kd)
    end = float(theta[-1])
    if math.isfinite(end) and abs(end) < TOL:
        return None
    poles, stable = pd_poles(kp, kd)
    where = f"|θ(2 s)| = {abs(end):.3g} rad" if math.isfinite(end) else "θ(2 s) is not finite"
    if not stable and kp <= G / L:
        why = (f"kp = {kp:g} is not above g/l = {G / L:g}: the controller is weaker than gravity, so the pendulum "
               "falls. Raise kp.")
    elif not stable:
        why = "kd = 0 gives no damping: the pendulum swings forever. Add some kd (a few units)."
    else:
        rate = f"{poles.real.max():.3g}".replace("-", "−")
        why = (f"the poles' real part is {rate}/s, so the swing shrinks like e^({rate}·t): too slowly (or Euler's "
               "step overshoots). Aim for a real part near −2.5/s: kd around 5, kp around 20.")
    return f"{where}, not below {TOL}: {why}"


def peak_decay_rate(theta, dt=DT):
    """Least-squares slope (1/s) of ln|θ| through the local maxima of |θ| (the peaks of a decaying swing).
    For a damped linear oscillation it estimates the real part of the poles. Needs at least two peaks."""
    a = np.abs(np.asarray(theta, dtype=float))
    i = np.flatnonzero((a[1:-1] >= a[:-2]) & (a[1:-1] > a[2:])) + 1
    if i.size < 2:
        return math.nan
    return float(np.polyfit(i * dt, np.log(a[i]), 1)[0])


# ================================================================== supervision


def robots_per_supervisor(p, task_s, fix_s):
    """Robots one supervisor can keep busy. Each robot finishes a task every task_s seconds and fails it with
    probability 1 − p; each failure takes fix_s seconds of a human. One robot needs (1 − p)·fix_s / task_s
    of a human, so one human covers task_s / ((1 − p)·fix_s) robots (inf when p = 1). Ignores queueing:
    robots wait while a fix is under way."""
    need = (1 - p) * fix_s
    return math.inf if need == 0 else task_s / need


# ================================================================== platforms


def platform_costs(F_spec, c_spec, F_gen, c_gen, units, tasks):
    """Total cost of serving `tasks` tasks (array) with `units` robots per task: one specialized platform
    per task (fixed cost F_spec each, c_spec per unit) vs one general platform (F_gen once, c_gen per unit).
    Returns (specialized, general) as float arrays, in the currency of the inputs."""
    k = np.asarray(tasks, dtype=float)
    return k * (F_spec + c_spec * units), F_gen + k * (c_gen * units)


def break_even_tasks(F_spec, c_spec, F_gen, c_gen, units):
    """Smallest whole number of tasks at which one general platform costs no more than one specialized
    platform per task: the crossing of k·(F_spec + c_spec·units) and F_gen + k·c_gen·units, rounded up.
    math.inf if a task costs no more on its own platform than on the general one (the lines never cross)."""
    return break_even_fleet(F_gen, c_gen * units, 0.0, F_spec + c_spec * units)


# ================================================================== go-to-market as exposure control


def expected_liability(rate, hours, cost, years):
    """Expected incident cost in each of `years` (array of whole years from now): incidents per hour
    `rate`·0.5^year (the rate halves every year) × hours of exposure per year × cost per incident."""
    return rate * 0.5 ** np.asarray(years, dtype=float) * hours * cost


def b2c_year(rate, hours, cost, cap):
    """First whole year n >= 0 whose expected liability rate·0.5^n·hours·cost is AT MOST cap (> 0)."""
    year = 0
    while rate * 0.5 ** year * hours * cost > cap:
        year += 1
    return year


# ================================================================== transfer: a frozen extractor and a new head

D_IN, K_LATENT = 30, 3  # input "pixels", latent factors shared by the two tasks
NOISE_X, NOISE_Y = 1.0, 0.3  # input and label noise (standard deviations)


def ridge_fit(X, y, lam, w0=None):
    """Ridge regression without intercept, pulled toward w0 (default 0):
    w = argmin |Xw − y|² + λ|w − w0|² = (XᵀX + λI)⁻¹ (Xᵀy + λ·w0), for X (n, d), y (n,), w0 (d,).
    Also solves a stack of problems at once: X (r, n, d), y (r, n), w0 (r, d) give w (r, d)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    Xt = np.swapaxes(X, -1, -2)
    rhs = Xt @ y[..., None]
    if w0 is not None:
        rhs = rhs + lam * np.asarray(w0, dtype=float)[..., None]
    return np.linalg.solve(Xt @ X + lam * np.eye(X.shape[-1]), rhs)[..., 0]


def _worlds(seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(D_IN, K_LATENT))  # how the latent scene shows up in the car's cameras
    B = rng.normal(size=(D_IN, K_LATENT))
    B -= A @ np.linalg.lstsq(A, B, rcond=None)[0]  # a new sensor's mapping: orthogonal to everything the car saw
    B *= np.linalg.norm(A) / np.linalg.norm(B)  # ... with the same signal power
    w_task = rng.normal(size=K_LATENT)  # the robot's new task: a linear read-out of the scene
    return rng, A, B, w_task


def _domain(rng, shape, mix):
    z = rng.normal(size=shape + (K_LATENT,))
    return z, z @ mix.T + NOISE_X * rng.normal(size=shape + (D_IN,))


@functools.lru_cache(maxsize=4)
def _car_world(seed, n_source):
    """The car's world for a seed: mappings A, B, the robot's task and the extractor pretrained on the car."""
    rng, A, B, w_task = _worlds(seed)
    z, x = _domain(rng, (n_source,), A)
    # the pretrained "network": one ridge read-out per latent factor, (D_IN, K_LATENT), frozen from here on
    extractor = np.stack([ridge_fit(x, z[:, j], 1e-3) for j in range(K_LATENT)], axis=1)
    return A, B, w_task, extractor


@functools.lru_cache(maxsize=64)
def _robot_draws(seed, n, repeats):
    """The robot's n labelled examples, `repeats` times: latent scenes and noises (they do not depend on the
    shift, so every shift sees the same draws and only the camera mapping changes)."""
    draw = np.random.default_rng((seed, n))
    return (draw.normal(size=(repeats, n, K_LATENT)), draw.normal(size=(repeats, n, D_IN)),
            draw.normal(size=(repeats, n)))


def transfer_errors(ns, shift=0.0, repeats=20, n_source=2000, lam_scratch=5.0, lam_tune=10.0, seed=0):
    """Test error on the robot's task, as a fraction of its variance, against the number of labelled robot
    examples n (array `ns`), averaged over `repeats` draws, for three learners:
      head     : a new linear head on a FROZEN extractor pretrained on the car task (predict the 3 latent
                 factors from n_source car examples);
      scratch  : ridge regression on the raw inputs (λ = lam_scratch);
      finetune : ridge on the raw inputs pulled toward the head's solution (λ = lam_tune): a fine-tune.
    `shift` in [0, 1] turns the robot's input mapping away from the car's toward a sensor the car never had
    (0: "the exact same cameras"; 1: nothing in common). The error is exact (in expectation over fresh robot
    data), not estimated on a test sample. Returns dict of arrays keyed by learner. Seeded."""
    A, B, w_task, extractor = _car_world(seed, n_source)
    angle = 0.5 * math.pi * shift
    mix = math.cos(angle) * A + math.sin(angle) * B
    var = float(w_task @ w_task)
    out = {k: np.zeros(len(ns)) for k in ("head", "scratch", "finetune")}
    for j, n in enumerate(ns):
        z, noise_x, noise_y = _robot_draws(seed, int(n), repeats)
        xx = z @ mix.T + NOISE_X * noise_x
        y = z @ w_task + NOISE_Y * noise_y
        head = ridge_fit(xx @ extractor, y, 1e-6) @ extractor.T  # (repeats, D_IN)
        scratch = ridge_fit(xx, y, lam_scratch)
        tune = ridge_fit(xx, y, lam_tune, w0=head)
        for key, w in (("head", head), ("scratch", scratch), ("finetune", tune)):
            # exact test error of x ↦ w·x on fresh robot data (x = mix·z + noise): |mixᵀw − w_task|² + σ²|w|²
            err = np.sum((w @ mix - w_task) ** 2, axis=1) + NOISE_X ** 2 * np.sum(w * w, axis=1)
            out[key][j] = float(np.mean(err)) / var
    return out


# ================================================================== explorables (live + static twins)


def _title(text, height):
    return pinned_title(text, height, size=15)


# ------------------------------------------------------------------ 1. balance

T_SHOW = 4.0  # s of swing shown
SHOW_EVERY = 5  # plot every 5th Euler step (0.05 s)
KP_GRID = (0.0, 5.0, 9.0, 10.5, 12.0, 15.0, 20.0, 30.0, 45.0, 60.0)
KD_GRID = (0.0, 1.0, 3.0, 5.0, 10.0)
KP0, KD0 = 20.0, 5.0
FALLEN = 0.5 * math.pi  # rad: past horizontal it lies on the floor


def swing(kp, kd):
    """(t, θ) for the figures: simulate over T_SHOW seconds, every SHOW_EVERY-th step; once |θ| passes π/2
    the pendulum has hit the floor and stays there (the model itself has no floor)."""
    theta = simulate(kp, kd, t_end=T_SHOW)
    over = np.flatnonzero(np.abs(theta) >= FALLEN)
    if over.size:
        theta[over[0]:] = math.copysign(FALLEN, theta[over[0]])
    return np.arange(theta.size)[::SHOW_EVERY] * DT, theta[::SHOW_EVERY]


def _pole_colour(kp, kd):
    return PALETTE["green"] if pd_poles(kp, kd)[1] else PALETTE["vermillion"]


def _balance_title(kp, kd):
    poles, stable = pd_poles(kp, kd)
    theta = simulate(kp, kd)
    p = " and ".join(_fmt_pole(s) for s in poles) if poles[0] != poles[1] else _fmt_pole(poles[0]) + " (double)"
    state = "stable" if stable else ("no damping: swings forever" if kd == 0 and kp > G / L else "UNSTABLE")
    end = f"|θ(2 s)| = {abs(theta[-1]):.3g} rad" if abs(theta[-1]) < FALLEN else "fell over"
    return f"kp = {kp:g}, kd = {kd:g}: poles {p}, {state}; {end}"


def _balance_static_title(kp):
    """The book's title names only kp (the buttons choose kd): stability for every kd > 0 hinges on kp > g/l."""
    if kp > G / L:
        return f"kp = {kp:g} > g/l = {G / L:g}: stable for every kd > 0 (kd = 0: swings forever)"
    return f"kp = {kp:g} ≤ g/l = {G / L:g}: weaker than gravity, unstable for every kd"


def _fmt_pole(s):
    re_, im = float(np.real(s)), float(np.imag(s))
    if abs(im) < 1e-12:
        return f"{re_:.3g}"
    return f"{re_:.3g} {'+' if im > 0 else '−'} {abs(im):.3g}i"


def _balance_figure(height):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.6, 0.4], horizontal_spacing=0.12,
                        subplot_titles=("tilt θ(t) from θ₀ = 0.2 rad", "closed-loop poles (complex plane)"))
    fig.update_layout(**layout(height=height, margin=dict(l=70, r=30, t=150, b=60), showlegend=False),
                      meta={"alt": "Left: the tilt of a PD-controlled inverted pendulum over four seconds, decaying "
                                   "to upright for good gains and falling over for weak ones; right: the two "
                                   "closed-loop poles in the complex plane, green when both have a negative real "
                                   "part and red otherwise."})
    fig.update_xaxes(title_text="time t (s)", range=[0, T_SHOW], row=1, col=1)
    fig.update_yaxes(title_text="tilt θ (rad)", range=[-1.7, 1.7], row=1, col=1)
    fig.update_xaxes(title_text="real part (1/s)", range=[-12, 4], zeroline=True, zerolinecolor="#444", row=1, col=2)
    fig.update_yaxes(title_text="imaginary part (1/s)", range=[-8, 8], zeroline=True, zerolinecolor="#aaa",
                     row=1, col=2)
    for y in (TOL, -TOL):  # the target band
        fig.add_trace(go.Scatter(x=[0, T_SHOW], y=[y, y], mode="lines", line=dict(color="#888", dash="dot", width=1),
                                 hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[T_CHECK], y=[0], mode="markers", marker=dict(symbol="line-ns-open", size=22,
                                                                             color="#444"),
                             hovertemplate="the check: |θ(2 s)| < 0.05 rad<extra></extra>"), row=1, col=1)
    return fig


def _swing_trace(colour, visible=True):
    """θ(t) drawn from x0 = 0 in steps dx (no x array: the static twin's states carry only y)."""
    return go.Scatter(mode="lines", x0=0.0, dx=SHOW_EVERY * DT, line=dict(color=colour, width=2.5), visible=visible,
                      hovertemplate="t=%{x:.2f} s: θ=%{y:.3f} rad<extra></extra>")


def _pole_trace(visible=True):
    return go.Scatter(mode="markers", marker=dict(size=13, symbol="x"), visible=visible,
                      hovertemplate="%{x:.3f} %{y:+.3f}i<extra></extra>")


def balance_static(kps=KP_GRID, kds=KD_GRID):
    """The book's twin: slider over kp; buttons choose kd (visibility of that kd's two traces)."""
    height, top = 560, 150
    fig = _balance_figure(height)
    first = len(fig.data)  # traces first + 2i (swing) and first + 2i + 1 (poles) belong to kds[i]
    for kd in kds:
        _, th = swing(KP0, kd)
        poles, _ = pd_poles(KP0, kd)
        colour = _pole_colour(KP0, kd)
        fig.add_trace(_swing_trace(PALETTE["blue"], kd == KD0).update(y=round_sig(th)), row=1, col=1)
        fig.add_trace(_pole_trace(kd == KD0).update(x=round_sig(poles.real), y=round_sig(poles.imag),
                                                   marker_color=colour), row=1, col=2)

    def states(kp):
        ys, xs, colours = [], [], []
        for kd in kds:
            poles, _ = pd_poles(kp, kd)
            xs += [None, poles.real]
            ys += [swing(kp, kd)[1], poles.imag]
            colours += [PALETTE["blue"], _pole_colour(kp, kd)]
        return {"y": ys, "x": xs, "marker.color": colours}

    idx = list(range(first, first + 2 * len(kds)))
    precomputed_slider_figure(fig, "kp (1/s²)", kps, states, idx, active=kps.index(KP0), fmt="{:g}".format,
                              title=_balance_static_title)
    fig.layout.sliders[0].pad = dict(t=50, b=10)
    n = len(fig.data)
    fig.update_layout(title=_title(_balance_static_title(KP0), height), updatemenus=[dict(
        name="damping kd", type="buttons", direction="right", x=0.0, y=1.0 + (top - 62) / (height - top - 60),
        xanchor="left", yanchor="top", showactive=True, active=kds.index(KD0), pad=dict(r=4, t=0),
        buttons=[dict(label=f"kd = {kd:g}", method="restyle",
                      args=[{"visible": [True if j < first else (j - first) // 2 == i for j in range(n)]}])
                 for i, kd in enumerate(kds)])])
    return fig


def balance_live():
    """Balance in JupyterLab: kp and kd sliders move θ(t) and the poles."""
    height = 520
    fig = _balance_figure(height)
    fig.add_trace(_swing_trace(PALETTE["blue"]), row=1, col=1)
    fig.add_trace(_pole_trace(), row=1, col=2)
    fig.update_layout(title=_title("", height))
    fig.layout.margin.t = 110
    fw = go.FigureWidget(fig)
    style = {"description_width": "120px"}
    kp = W.FloatSlider(KP0, min=0.0, max=60.0, step=0.5, description="kp (1/s²)", readout_format=".1f",
                       style=style, layout=W.Layout(width="420px"))
    kd = W.FloatSlider(KD0, min=0.0, max=12.0, step=0.1, description="kd (1/s)", readout_format=".1f",
                       style=style, layout=W.Layout(width="420px"))

    def update(*_):
        _, th = swing(kp.value, kd.value)
        poles, _ = pd_poles(kp.value, kd.value)
        with fw.batch_update():
            fw.data[3].y = th
            fw.data[4].x, fw.data[4].y = poles.real, poles.imag
            fw.data[4].marker.color = _pole_colour(kp.value, kd.value)
            fw.layout.title.text = _balance_title(round(kp.value, 2), round(kd.value, 2))

    for c in (kp, kd):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([kp, kd]), fw])


def balance() -> Explorable:
    return Explorable("Balance", live=balance_live, static=balance_static)


# ------------------------------------------------------------------ 2. supervisors

P_CURVE = 1 - np.logspace(np.log10(0.2), np.log10(0.001), 60)  # success rates 0.80 .. 0.999
P_GRID = (0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999)
TASK0, FIXES = 60.0, (10.0, 30.0, 120.0)


def _rps(p, task_s, fix_s):
    return np.array([robots_per_supervisor(float(v), task_s, fix_s) for v in np.atleast_1d(p)])


def _supervisor_title(p, task_s=TASK0, fix_s=30.0):
    r = robots_per_supervisor(p, task_s, fix_s)
    return (f"success rate {100 * p:.4g} %, {task_s:g} s tasks, {fix_s:g} s fixes: "
            f"one supervisor per {r:,.4g} robots")


def _supervisor_figure(height):
    fig = go.Figure()
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=120, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Robots per human supervisor against the robots' success rate, on a log scale: "
                                   "it grows like one over the failure rate, tenfold from 99 % to 99.9 %."})
    fig.update_xaxes(title_text="failure rate 1 − p (log scale; more reliable →)", type="log", autorange="reversed",
                     tickvals=[0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001],
                     ticktext=["20 %", "10 %", "5 %", "2 %", "1 %", "0.5 %", "0.2 %", "0.1 %"])
    fig.update_yaxes(title_text="robots per supervisor", type="log", range=[-0.5, 4])
    return fig


def supervisors_static(ps=P_GRID, fixes=FIXES, task_s=TASK0):
    """The book's twin: slider over the success rate p; three fix durations at once."""
    height = 520
    fig = _supervisor_figure(height)
    colours = (PALETTE["sky"], PALETTE["blue"], PALETTE["purple"])
    for f, c in zip(fixes, colours):
        fig.add_trace(go.Scatter(x=round_sig(1 - P_CURVE), y=round_sig(_rps(P_CURVE, task_s, f)), mode="lines",
                                 name=f"{f:g} s per fix", line=dict(color=c, width=2.5),
                                 hovertemplate="1−p=%{x:.3g}: %{y:.4g} robots<extra></extra>"))
    p0 = 0.95

    def marks(p):
        return [robots_per_supervisor(p, task_s, f) for f in fixes]

    fig.add_trace(go.Scatter(x=[1 - p0] * 3, y=marks(p0), text=[f"{v:,.4g}" for v in marks(p0)], mode="markers+text",
                             textposition="middle right", marker=dict(size=11, color=list(colours)),
                             showlegend=False, hoverinfo="skip"))

    def states(p):
        return {"x": [[1 - p] * 3], "y": [marks(p)], "text": [[f"{v:,.4g}" for v in marks(p)]]}

    precomputed_slider_figure(fig, "success rate p", ps, states, [len(fixes)], active=ps.index(p0),
                              fmt="{:g}".format, title=lambda p: _supervisor_title(p, task_s, 30.0))
    fig.layout.sliders[0].pad = dict(t=50, b=10)
    return fig.update_layout(title=_title(_supervisor_title(p0, task_s, 30.0), height))


def supervisors_live():
    """Supervisors in JupyterLab: success rate, task duration and fix duration."""
    height = 500
    fig = _supervisor_figure(height)
    fig.add_trace(go.Scatter(x=1 - P_CURVE, mode="lines", name="robots per supervisor",
                             line=dict(color=PALETTE["blue"], width=2.5),
                             hovertemplate="1−p=%{x:.3g}: %{y:.4g} robots<extra></extra>"))
    fig.add_trace(go.Scatter(mode="markers+text", textposition="middle right", showlegend=False,
                             marker=dict(size=12, color=PALETTE["vermillion"]), hoverinfo="skip"))
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    p = W.FloatSlider(0.95, min=0.8, max=0.999, step=0.001, description="success rate p", readout_format=".3f",
                      style=style, layout=W.Layout(width="430px"))
    task = W.FloatSlider(TASK0, min=10, max=600, step=10, description="task duration (s)", readout_format=".0f",
                         style=style, layout=W.Layout(width="430px"))
    fix = W.FloatSlider(30.0, min=5, max=600, step=5, description="fix duration (s)", readout_format=".0f",
                        style=style, layout=W.Layout(width="430px"))

    def update(*_):
        r = robots_per_supervisor(p.value, task.value, fix.value)
        with fw.batch_update():
            fw.data[0].y = _rps(P_CURVE, task.value, fix.value)
            fw.data[1].x, fw.data[1].y, fw.data[1].text = [1 - p.value], [r], [f"{r:,.4g}"]
            fw.layout.title.text = _supervisor_title(round(p.value, 3), task.value, fix.value)

    for c in (p, task, fix):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([p, task]), fix, fw])


def supervisors() -> Explorable:
    return Explorable("Supervisors", live=supervisors_live, static=supervisors_static)


# ------------------------------------------------------------------ 3. platforms

TASKS = np.arange(0, 61)
SPEC0 = dict(F_spec=50e6, c_spec=20e3)  # hypothetical: $50M to develop a special-purpose robot, $20k a unit
GEN0 = dict(F_gen=1e9, c_gen=30e3)  # hypothetical: $1B for a general humanoid, $30k a unit (the G1's "30 grand")
UNITS0 = 1000  # hypothetical robots per task
F_GEN_GRID = (0.25e9, 0.5e9, 0.75e9, 1e9, 1.5e9, 2e9, 2.5e9, 3e9)


def _platform_title(F_spec, c_spec, F_gen, c_gen, units):
    k = break_even_tasks(F_spec, c_spec, F_gen, c_gen, units)
    where = "never (a task costs less on its own platform)" if math.isinf(k) else f"{k:.0f} tasks"
    return f"general platform: {F_gen / 1e9:g} billion fixed + {c_gen / 1e3:g}k a unit (dollars): break-even at {where}"


def _platform_figure(height):
    fig = go.Figure()
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=120, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Total cost against the number of tasks: one specialized platform per task "
                                   "costs a straight line through zero, one general platform starts at its large "
                                   "fixed cost and rises more slowly; the lines cross at the break-even task count."})
    fig.update_xaxes(title_text="number of tasks k", range=[0, TASKS[-1]])
    fig.update_yaxes(title_text="total cost (billion dollars)", range=[0, 5])
    return fig


def _break_even_mark(F_spec, c_spec, F_gen, c_gen, units):
    k = break_even_tasks(F_spec, c_spec, F_gen, c_gen, units)
    if math.isinf(k) or k > TASKS[-1]:
        return [], []
    return [k], [float(platform_costs(F_spec, c_spec, F_gen, c_gen, units, k)[1]) / 1e9]


def platforms_static(F_gens=F_GEN_GRID):
    """The book's twin: slider over the general platform's fixed cost (other costs at their defaults)."""
    height = 500
    fig = _platform_figure(height)
    spec, gen = platform_costs(**SPEC0, **GEN0, units=UNITS0, tasks=TASKS)
    fig.add_trace(go.Scatter(x=TASKS, y=round_sig(spec / 1e9), mode="lines", name="a specialized platform per task",
                             line=dict(color=PALETTE["orange"], width=2.5),
                             hovertemplate="k=%{x}: %{y:.3g} billion<extra></extra>"))
    fig.add_trace(go.Scatter(x=TASKS, y=round_sig(gen / 1e9), mode="lines", name="one general platform",
                             line=dict(color=PALETTE["blue"], width=2.5),
                             hovertemplate="k=%{x}: %{y:.3g} billion<extra></extra>"))
    x, y = _break_even_mark(**SPEC0, **GEN0, units=UNITS0)
    fig.add_trace(go.Scatter(x=x, y=y, mode="markers", name="break-even", marker=dict(size=12, color=PALETTE["black"])))

    def states(F_gen):
        _, gen = platform_costs(**SPEC0, F_gen=F_gen, c_gen=GEN0["c_gen"], units=UNITS0, tasks=TASKS)
        x, y = _break_even_mark(**SPEC0, F_gen=F_gen, c_gen=GEN0["c_gen"], units=UNITS0)
        return {"y": [gen / 1e9, y], "x": [TASKS, x]}

    precomputed_slider_figure(fig, "general platform's fixed cost (dollars)", F_gens, states, [1, 2],
                              active=F_gens.index(GEN0["F_gen"]), fmt=lambda v: f"{v / 1e9:g}B",
                              title=lambda F: _platform_title(**SPEC0, F_gen=F, c_gen=GEN0["c_gen"], units=UNITS0))
    fig.layout.sliders[0].pad = dict(t=50, b=10)
    return fig.update_layout(title=_title(_platform_title(**SPEC0, **GEN0, units=UNITS0), height))


def platforms_live():
    """Platforms in JupyterLab: fixed and unit costs of both strategies, units per task."""
    height = 500
    fig = _platform_figure(height)
    fig.add_trace(go.Scatter(x=TASKS, mode="lines", name="a specialized platform per task",
                             line=dict(color=PALETTE["orange"], width=2.5),
                             hovertemplate="k=%{x}: %{y:.3g} billion<extra></extra>"))
    fig.add_trace(go.Scatter(x=TASKS, mode="lines", name="one general platform", line=dict(color=PALETTE["blue"], width=2.5),
                             hovertemplate="k=%{x}: %{y:.3g} billion<extra></extra>"))
    fig.add_trace(go.Scatter(mode="markers", name="break-even", marker=dict(size=12, color=PALETTE["black"])))
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "230px"}
    lay = W.Layout(width="470px")
    F_spec = W.FloatSlider(50, min=5, max=300, step=5, description="specialized fixed cost ($M)", style=style,
                           layout=lay)
    c_spec = W.FloatSlider(20, min=1, max=100, step=1, description="specialized unit cost ($k)", style=style, layout=lay)
    F_gen = W.FloatSlider(1.0, min=0.1, max=5.0, step=0.05, description="general fixed cost ($B)", style=style,
                          layout=lay)
    c_gen = W.FloatSlider(30, min=1, max=100, step=1, description="general unit cost ($k)", style=style, layout=lay)
    units = W.IntSlider(UNITS0, min=100, max=10_000, step=100, description="robots per task", style=style, layout=lay)

    def update(*_):
        args = (F_spec.value * 1e6, c_spec.value * 1e3, F_gen.value * 1e9, c_gen.value * 1e3, units.value)
        spec, gen = platform_costs(*args, TASKS)
        x, y = _break_even_mark(*args)
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = spec / 1e9, gen / 1e9
            fw.data[2].x, fw.data[2].y = x, y
            fw.layout.yaxis.range = [0, max(1.0, 1.05 * float(max(spec[-1], gen[-1])) / 1e9)]
            fw.layout.title.text = _platform_title(*args)

    for c in (F_spec, c_spec, F_gen, c_gen, units):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([F_spec, c_spec]), W.HBox([F_gen, c_gen]), units, fw])


def platforms() -> Explorable:
    return Explorable("Platforms", live=platforms_live, static=platforms_static)


# ------------------------------------------------------------------ 4. transfer

NS = (10, 15, 20, 30, 50, 75, 100, 150, 200, 300)
SHIFTS = tuple(round(0.1 * i, 1) for i in range(11))  # 0, 0.1, ..., 1
N50 = NS.index(50)


@functools.lru_cache(maxsize=32)
def transfer_curves(shift):
    """transfer_errors over NS at one shift (20 repeats, seed 0), cached: the figures and titles share it."""
    return transfer_errors(NS, float(shift))
LEARNERS = (("head", "new head on the frozen car features", PALETTE["blue"], "solid"),
            ("finetune", "fine-tuned (ridge pulled toward the head)", PALETTE["green"], "dash"),
            ("scratch", "from scratch (ridge on raw inputs)", PALETTE["vermillion"], "solid"))


def _transfer_title(shift):
    e = transfer_curves(round(shift, 2))
    return (f"input shift {shift:.1f}; error at n = 50: new head {e['head'][N50]:.3f}, "
            f"fine-tuned {e['finetune'][N50]:.3f}, from scratch {e['scratch'][N50]:.3f}")


def _transfer_figure(height):
    fig = go.Figure()
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=140, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Test error on a new robot task against the number of labelled robot examples: a "
                                   "new head on frozen features pretrained on the car task learns from few examples; "
                                   "training from scratch needs many more, and wins once the inputs have shifted far."})
    fig.update_xaxes(title_text="labelled robot examples n (log scale)", type="log", tickvals=list(NS),
                     ticktext=[str(n) for n in NS])
    fig.update_yaxes(title_text="test error / variance of the target", type="log", range=[-1.5, 0.3])
    fig.add_trace(go.Scatter(x=[50, 50], y=[0.025, 2.0], mode="lines", name="n = 50",
                             line=dict(color="#888", dash="dot", width=1), hoverinfo="skip"))
    return fig


def transfer_static(shifts=SHIFTS):
    """The book's twin: slider over the input shift."""
    height = 580
    fig = _transfer_figure(height)
    e = transfer_curves(0.0)
    for key, name, colour, dash in LEARNERS:
        fig.add_trace(go.Scatter(x=list(NS), y=round_sig(e[key]), mode="lines+markers", name=name,
                                 line=dict(color=colour, dash=dash, width=2.5),
                                 hovertemplate="n=%{x}: %{y:.3f}<extra></extra>"))

    def states(shift):
        e = transfer_curves(shift)
        return {"y": [e[key] for key, *_ in LEARNERS]}

    precomputed_slider_figure(fig, "input shift", shifts, states, [1, 2, 3], active=0, fmt="{:g}".format,
                              title=_transfer_title)
    fig.layout.sliders[0].pad = dict(t=50, b=10)
    return fig.update_layout(title=_title(_transfer_title(0.0), height))


def transfer_live():
    """Transfer in JupyterLab: the input shift (curves cached per shift)."""
    height = 540
    fig = _transfer_figure(height)
    for key, name, colour, dash in LEARNERS:
        fig.add_trace(go.Scatter(x=list(NS), mode="lines+markers", name=name, line=dict(color=colour, dash=dash, width=2.5),
                                 hovertemplate="n=%{x}: %{y:.3f}<extra></extra>"))
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    for v in SHIFTS:  # the slider's 11 positions, computed once (the book's twin reads the same cache)
        transfer_curves(v)
    shift = W.FloatSlider(0.0, min=0.0, max=1.0, step=0.1, description="input shift", readout_format=".2f",
                          style={"description_width": "100px"}, layout=W.Layout(width="420px"))

    def update(*_):
        v = round(shift.value, 1)
        e = transfer_curves(v)
        with fw.batch_update():
            for tr, (key, *_) in zip(fw.data[1:], LEARNERS):
                tr.y = e[key]
            fw.layout.title.text = _transfer_title(v)

    shift.observe(update, "value")
    update()
    return W.VBox([shift, fw])


def transfer() -> Explorable:
    return Explorable("Transfer", live=transfer_live, static=transfer_static)


# ------------------------------------------------------------------ a plain figure: go-to-market

STAGES = (("own factory", 1e4, 1e4, PALETTE["green"]),  # hypothetical: hours a year, $ per incident
          ("B2B warehouses", 1e5, 3e4, PALETTE["blue"]),
          ("B2C homes", 1e6, 1e5, PALETTE["vermillion"]))
RATE0, CAP0 = 1e-3, 1e6  # hypothetical: incidents per robot-hour now; tolerable expected cost a year ($)


def go_to_market_figure(rate=RATE0, cap=CAP0, years=np.arange(0, 13)):
    """Expected yearly liability of each stage (log scale) with the cap and each stage's entry year."""
    height = 460
    fig = go.Figure()
    for name, hours, cost, colour in STAGES:
        fig.add_trace(go.Scatter(x=years, y=round_sig(expected_liability(rate, hours, cost, years)), mode="lines+markers",
                                 name=f"{name}: {hours:,.0f} h a year, {cost:,.0f} dollars an incident",
                                 line=dict(color=colour, width=2.5), marker=dict(size=6),
                                 hovertemplate="year %{x}: %{y:,.0f} dollars<extra></extra>"))
        n = b2c_year(rate, hours, cost, cap)
        fig.add_annotation(x=n, y=math.log10(float(expected_liability(rate, hours, cost, n))),
                           text=f"{name.split()[0]}: year {n}", showarrow=True, arrowhead=0, ax=35, ay=-30,
                           font=dict(color=colour), bgcolor="rgba(255,255,255,0.85)")
    fig.add_trace(go.Scatter(x=[years[0], years[-1]], y=[cap, cap], mode="lines", name="tolerable: 1 million dollars a year",
                             line=dict(color="#444", dash="dash", width=1.5), hoverinfo="skip"))
    fig.update_layout(**{**layout(height=height, margin=dict(l=80, r=30, t=150, b=60),
                                  legend=dict(orientation="v", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                         "title": _title("Expected incident cost per year, the incident rate halving yearly (hypothetical)",
                                   height)},
                      meta={"alt": "Expected yearly incident cost of three deployment stages on a log scale, each "
                                   "falling by half a year: the own factory is below the tolerable cost at once, "
                                   "B2B warehouses after two years and B2C homes after seven."})
    fig.update_xaxes(title_text="years from now")
    fig.update_yaxes(title_text="expected incident cost per year (dollars)", type="log", exponentformat="power")
    return fig
