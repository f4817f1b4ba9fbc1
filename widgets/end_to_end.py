"""Eating the stack: privileged sensors and supervision bits. The models of chapter `end-to-end` and its explorables.

Models (pure numpy, parameters in, numbers or arrays out):
    control_bits          bits of supervision in control labels: rate × 3600 × hours × channels × bits
    frame_bits            upper bound on the bits in one dense label frame: width × height × log2(classes)
    label_budget          total bits of each label type over some hours, against a parameter count
    pinhole_data          seeded (image size s, depth d) pairs from the pinhole law d = f·S/s with noise
    fit_depth             slope and intercept of ln d on ln s (least squares, via loss_functions.fit_power_law)
    driving_frames        a toy world: camera columns (ln size, ln height below the horizon) and a LiDAR column
    heuristic_log_depth   the hand-coded rule ln d = ln(f·S0) − ln s (every object is S0 metres long)
    train_student         least squares from camera columns to the teacher's (LiDAR) labels, intercept first
    privileged_curves     test error of heuristic, camera-only student and LiDAR oracle against training-set size
    numeric_grad          central-difference derivative (f(x + h) − f(x − h)) / 2h
    step, sigmoid         a hard threshold (zero gradient almost everywhere) and its smooth stand-in
    stack_data            50-dimensional "pixels", a 3-dimensional intermediate target, few control labels
    two_stage_vs_direct   test MSE of pixels → intermediate → control against pixels → control directly
    stack_run             a three-stage toy driving stack, each stage hand-coded or learned, trained end to end
Explorables: supervision_budget(), privileged_playground(), stack_slider().
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
from course.figures import short_number as _sci
from widgets.loss_functions import fit_power_law  # the log-log line fit lives once, in the loss-functions chapter

# ================================================================== 1. supervision bits


def control_bits(hz, channels, bits, hours):
    """Bits of supervision in control labels: `channels` numbers (steering, acceleration, ...) of `bits` bits
    each, recorded `hz` times a second for `hours` hours: hz · 3600 · hours · channels · bits."""
    return float(hz * 3600 * hours * channels * bits)


def frame_bits(width, height, classes):
    """An upper bound on the bits in one dense label frame (a class for every pixel, `classes` classes):
    width · height · log2(classes). Real label maps are redundant (neighbouring pixels agree), so the
    information is smaller; the bound is what the format could carry."""
    return float(width * height * math.log2(classes))


# Label types of the supervision budget: bits per labelled frame (upper bounds of the label format).
# Control: 2 channels × 8 bits (hypothetical quantization). Boxes: 20 objects, 7 numbers of 8 bits plus a class
# among 10 (hypothetical). Depth: 100,000 LiDAR returns of 8 bits (hypothetical). Segmentation: 1280 × 960, 20 classes.
LABELS = {
    "control (2 × 8 bits)": 2 * 8,
    "3D boxes (20 × 7 × 8 bits + class)": 20 * (7 * 8 + math.log2(10)),
    "LiDAR depth (1e5 points × 8 bits)": 1e5 * 8,
    "segmentation (1280 × 960, 20 classes)": frame_bits(1280, 960, 20),
}


def label_budget(hours, hz=10, labels=None):
    """Total bits of each label type in `labels` (name → bits per frame; default LABELS) when `hz` frames a
    second are labelled for `hours` hours. Returns dict name → bits."""
    labels = LABELS if labels is None else labels
    return {name: float(b * hz * 3600 * hours) for name, b in labels.items()}


# ================================================================== 2. privileged information

FOCAL_PX, CAR_LENGTH_M, CAMERA_HEIGHT_M = 1000.0, 4.5, 1.5  # a hypothetical camera and a typical car length


def pinhole_data(n=200, f=FOCAL_PX, S=CAR_LENGTH_M, noise=0.05, seed=0, d_min=5.0, d_max=80.0):
    """n objects of true size S metres at depths uniform in [d_min, d_max] metres, seen by a pinhole camera of
    focal length f pixels (image size s = f·S/d, in pixels) and ranged by a sensor with multiplicative noise:
    the measured depth is d · exp(noise · ε), ε ~ N(0, 1). Returns (s in pixels, measured depth in metres)."""
    rng = np.random.default_rng(seed)
    d = rng.uniform(d_min, d_max, n)
    return f * S / d, d * np.exp(noise * rng.standard_normal(n))


def fit_depth(s, d):
    """Least-squares line ln d = slope · ln s + intercept. Returns (slope, intercept) as floats.
    The pinhole law d = f·S/s predicts slope −1 and intercept ln(f·S)."""
    A, alpha = fit_power_law(s, d, 0.0)  # ln d = ln A − α ln s
    return -alpha, math.log(A)


CAMERA = [0, 1]  # the camera columns of driving_frames: ln image size, ln height of the contact point below the horizon
LIDAR = 2  # the privileged column: ln of the LiDAR range


def driving_frames(n, noise=0.05, seed=0, size_spread=0.25, lidar_noise=0.01):
    """A toy world of n objects in front of a camera (f = FOCAL_PX, mounted CAMERA_HEIGHT_M above a flat road).

    Depth d: log-uniform in [5, 80] m. True length S: CAR_LENGTH_M · exp(size_spread · ε) (cars, vans, trucks).
    Camera columns (both with multiplicative noise exp(noise · ε)): ln s, the image size f·S/d, and ln y, the
    height of the object's contact point below the horizon f·H/d. Privileged column: ln of the LiDAR range
    d · exp(lidar_noise · ε). Returns (X of shape (n, 3) with columns CAMERA + [LIDAR], ln d of shape (n,))."""
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((4, n))
    log_d = rng.uniform(math.log(5.0), math.log(80.0), n)
    log_S = math.log(CAR_LENGTH_M) + size_spread * e[0]
    X = np.column_stack([math.log(FOCAL_PX) + log_S - log_d + noise * e[1],
                         math.log(FOCAL_PX * CAMERA_HEIGHT_M) - log_d + noise * e[2],
                         log_d + lidar_noise * e[3]])
    return X, log_d


def heuristic_log_depth(X_cam, S0=CAR_LENGTH_M):
    """The hand-coded rule: every object is S0 metres long, so ln d = ln(f · S0) − ln s (column 0 of X_cam)."""
    return math.log(FOCAL_PX * S0) - np.asarray(X_cam)[:, 0]


def train_student(X_cam, y_teacher):
    """The camera-only student: least squares from the camera columns X_cam (n, k) to the teacher's labels
    y_teacher (n,), with an intercept. Returns the weights (k + 1,), intercept first. It never sees LiDAR."""
    A = np.column_stack([np.ones(len(X_cam)), X_cam])
    return np.linalg.lstsq(A, y_teacher, rcond=None)[0]


def predict(w, X_cam):
    """The student's predictions w[0] + X_cam @ w[1:]."""
    return w[0] + np.asarray(X_cam) @ w[1:]


def mse(a, b):
    return float(np.mean((np.asarray(a) - np.asarray(b)) ** 2))


N_GRID = np.unique(np.round(np.logspace(1, 4, 10)).astype(int))  # training-set sizes 10 .. 10,000
N_TEST, REPS = 2000, 3


@functools.lru_cache(maxsize=4)
def _world(reps=REPS, n_max=int(N_GRID[-1])):
    """Noise-free columns and unit noises for `reps` training pools and one test set (read-only arrays)."""
    pools = [_split(*driving_frames(n_max, noise=0.0, seed=100 + r), seed=200 + r) for r in range(reps)]
    test = _split(*driving_frames(N_TEST, noise=0.0, seed=99), seed=98)
    for arr in [a for p in pools + [test] for a in p]:
        arr.setflags(write=False)
    return pools, test


def _split(X, log_d, seed):
    return X, log_d, np.random.default_rng(seed).standard_normal((len(X), 2))


def _noisy(X, eps, noise):
    return X[:, CAMERA] + noise * eps


def privileged_curves(noise=0.05, lidar_fraction=0.1, ns=N_GRID, reps=REPS):
    """Test MSE of ln depth (nats²) against the number of training frames n, for the fixed-size heuristic,
    the camera-only student (trained on the round(lidar_fraction · n) frames that carry a LiDAR label, at least
    one; mean over `reps` seeded pools) and the LiDAR oracle (which reads depth from its own sensor at test time).
    Returns dict ns, heuristic, student (arrays of len(ns)), oracle (float)."""
    pools, (Xt, yt, et) = _world(reps, int(max(ns)))
    Xt_cam = _noisy(Xt, et, noise)
    heuristic = mse(heuristic_log_depth(Xt_cam), yt)
    oracle = mse(Xt[:, LIDAR], yt)
    student = np.zeros(len(ns))
    for X, y, e in pools:
        Xc = _noisy(X, e, noise)
        for i, n in enumerate(ns):
            m = max(1, int(round(lidar_fraction * n)))
            w = train_student(Xc[:m], X[:m, LIDAR])  # the teacher's label: the LiDAR range
            student[i] += mse(predict(w, Xt_cam), yt) / len(pools)
    return {"ns": np.asarray(ns), "heuristic": np.full(len(ns), heuristic), "student": student, "oracle": oracle}


# ================================================================== 3. eating the stack: gradients


def numeric_grad(f, x, h=1e-5):
    """The derivative of a scalar function f at x by central differences: (f(x + h) − f(x − h)) / (2h)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def step(x):
    """A hard threshold, the shape of an `if` in hand-written code: 1 for x >= 0, else 0."""
    return float(x >= 0)


def sigmoid(x):
    """The smooth stand-in for a threshold: 1 / (1 + e^(−x))."""
    return 1.0 / (1.0 + math.exp(-x))


# ================================================================== 4. supervision bits: two stages vs direct

STACK = dict(dim=50, k=3, n_mid=2000, n_ctrl=60, n_test=1000, pixel_noise=0.1, label_noise=0.1)


def stack_data(seed=0, dim=50, k=3, n_mid=2000, n_ctrl=60, n_test=1000, pixel_noise=0.1, label_noise=0.1):
    """A toy perception-and-control world. A scene has k latent quantities z ~ N(0, I) (lane offset, heading,
    curvature of the road ahead); its `dim` "pixels" are x = z M + pixel_noise · ε (a fixed random M); the control
    label is y = z·v + label_noise · ε (noise floor label_noise²). Returns dict of arrays: X_mid, Z_mid (n_mid
    frames with intermediate labels), X_ctrl, y_ctrl (n_ctrl frames with control labels), X_test, y_test.
    Fresh copies of a cached draw: callers may change them."""
    cached = _stack_arrays(seed, dim, k, n_mid, n_ctrl, n_test, pixel_noise, label_noise)
    return {name: arr.copy() for name, arr in cached.items()}


@functools.lru_cache(maxsize=16)
def _stack_arrays(seed, dim, k, n_mid, n_ctrl, n_test, pixel_noise, label_noise):
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((k, dim)) / math.sqrt(k)
    v = rng.standard_normal(k)

    def frames(n):
        Z = rng.standard_normal((n, k))
        return Z, Z @ M + pixel_noise * rng.standard_normal((n, dim)), Z @ v + label_noise * rng.standard_normal(n)

    Z_mid, X_mid, _ = frames(n_mid)
    _, X_ctrl, y_ctrl = frames(n_ctrl)
    _, X_test, y_test = frames(n_test)
    return {"X_mid": X_mid, "Z_mid": Z_mid, "X_ctrl": X_ctrl, "y_ctrl": y_ctrl, "X_test": X_test, "y_test": y_test}


def _fit(X, Y):
    """Least squares with an intercept: weights of [1, X] → Y, by the normal equations (AᵀA) W = AᵀY
    (X has more rows than columns and full column rank here; much faster than an SVD on a busy machine)."""
    A = np.column_stack([np.ones(len(X)), X])
    return np.linalg.solve(A.T @ A, A.T @ Y)


def _apply(W_, X):
    return W_[0] + X @ W_[1:]


def two_stage_vs_direct(seed=0):
    """Test MSE of two ways to learn control from pixels on stack_data(seed), as (two_stage, direct).
    Two stages: fit pixels → intermediate target on the X_mid/Z_mid frames, then intermediate prediction →
    control on the control frames. Direct: fit pixels → control on the control frames alone. Both least
    squares with an intercept."""
    data = stack_data(seed)
    W_mid = _fit(data["X_mid"], data["Z_mid"])
    head = _fit(_apply(W_mid, data["X_ctrl"]), data["y_ctrl"])
    two_stage = mse(_apply(head, _apply(W_mid, data["X_test"])), data["y_test"])
    direct = mse(_apply(_fit(data["X_ctrl"], data["y_ctrl"]), data["X_test"]), data["y_test"])
    return two_stage, direct


# ================================================================== 5. a toy stack, stage by stage

STAGES = ("detect", "plan", "steer")  # l.79: detection on the image … prediction … steering commands
TOY = dict(dim=50, n_ctrl=60, n_mid=2000, n_test=1000, pixel_noise=0.3, label_noise=0.1, gain=-0.8,
           steps=400, lr=0.1, finetune=0.01)  # finetune: the learning-rate factor of a pretrained detector


@functools.lru_cache(maxsize=2)
def _toy_world(seed=0):
    """Scalar lane offsets u ~ N(0, 1) seen as `dim` pixels x = u·w + pixel_noise·ε (w a fixed unit pattern);
    the steering label y = gain·u + label_noise·ε. Control labels on n_ctrl frames, offset labels (the
    intermediate target) on n_mid frames, a clean test set (y = gain·u). Read-only arrays."""
    t = TOY
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(t["dim"])
    w /= np.linalg.norm(w)

    def frames(n):
        u = rng.standard_normal(n)
        return u, np.outer(u, w) + t["pixel_noise"] * rng.standard_normal((n, t["dim"]))

    u_c, X_c = frames(t["n_ctrl"])
    y_c = t["gain"] * u_c + t["label_noise"] * rng.standard_normal(t["n_ctrl"])
    u_m, X_m = frames(t["n_mid"])
    u_t, X_t = frames(t["n_test"])
    a0 = 0.05 * rng.standard_normal(t["dim"])  # a learned detector's random start
    out = (w, X_c, y_c, X_m, u_m, X_t, t["gain"] * u_t, a0)
    for arr in out:
        arr.setflags(write=False)
    return out


def detect_rule(v):
    """Hand-coded detection: left / centre / right, −1, 0 or 1 by thresholds at ±0.5 (zero gradient a.e.)."""
    return np.sign(v) * (np.abs(v) > 0.5)


def plan_rule(z):
    """Hand-coded planning: a correction of gain × offset, rounded to half-metres, capped at ±1.5."""
    return np.clip(np.round(2 * TOY["gain"] * z) / 2, -1.5, 1.5)


def steer_rule(z):
    """Hand-coded control: a lookup table in steps of 0.25."""
    return np.round(4 * z) / 4


def _forward(p, learned, X, w):
    """The stack on pixels X: (detect output, plan output, steering command) for parameters p."""
    z1 = p["a0"] + X @ p["a"] if learned[0] else detect_rule(X @ w)
    z2 = p["b"][0] + p["b"][1] * z1 if learned[1] else plan_rule(z1)
    y = p["c"][0] + p["c"][1] * z2 if learned[2] else steer_rule(z2)
    return z1, z2, y


def _backward(p, learned, X, z1, z2, y, target, sizes=True):
    """Gradients of the control loss mean((y − target)²): per parameter, and the size (RMS over frames) of the
    gradient arriving at each interface: the steering command, the plan, the detection, the pixels."""
    n = len(target)
    g_y = 2 * (y - target) / n
    g = {"a0": 0.0, "a": np.zeros_like(p["a"]), "b": np.zeros(2), "c": np.zeros(2)}
    if learned[2]:
        g["c"] = np.array([g_y.sum(), g_y @ z2])
    g_z2 = g_y * p["c"][1] if learned[2] else np.zeros(n)  # a lookup table passes no gradient
    if learned[1]:
        g["b"] = np.array([g_z2.sum(), g_z2 @ z1])
    g_z1 = g_z2 * p["b"][1] if learned[1] else np.zeros(n)
    if learned[0]:
        g["a0"], g["a"] = g_z1.sum(), X.T @ g_z1
    if not sizes:
        return g, None
    g_x = np.outer(g_z1, p["a"]) if learned[0] else np.zeros_like(X)
    rms = [float(np.sqrt(np.mean(v ** 2)) * n) for v in (g_y, g_z2, g_z1)] + [float(np.sqrt(np.mean(
        np.sum(g_x ** 2, axis=1))) * n)]
    return g, rms


@functools.lru_cache(maxsize=32)
def stack_run(learned=(False, False, False), pretrain=False, seed=0):
    """Train the toy stack end to end. learned[i] says whether stage STAGES[i] is a learned linear module or a
    hand-coded rule (detect_rule, plan_rule, steer_rule). The control loss (60 steering labels) trains every
    learned stage by gradient descent (TOY steps and lr); a rule passes zero gradient, so learning stops at the
    first hand-coded stage below the loss. pretrain: a learned detector first fits the 2,000 offset labels
    (least squares), then is fine-tuned with the rest.
    Returns dict: grad (RMS gradient per frame arriving at steering, plan, detection, pixels at the start of
    training, tuple of 4), reaches_pixels (bool), test_mse (steering error on the clean test set), train_mse."""
    learned = tuple(bool(v) for v in learned)
    w, X_c, y_c, X_m, u_m, X_t, y_t, a0 = _toy_world(seed)
    p = {"a0": 0.0, "a": a0.copy(), "b": np.array([0.0, 1.0]), "c": np.array([0.0, 1.0])}
    if learned[0] and pretrain:
        fit = _fit(X_m, u_m)
        p["a0"], p["a"] = float(fit[0]), fit[1:].copy()
    grad0 = None
    lr_a = TOY["lr"] * (TOY["finetune"] if pretrain else 1.0)
    for _ in range(TOY["steps"]):
        z1, z2, y = _forward(p, learned, X_c, w)
        g, rms = _backward(p, learned, X_c, z1, z2, y, y_c, grad0 is None)
        grad0 = rms if grad0 is None else grad0
        p["a0"] -= lr_a * g["a0"]
        p["a"] = p["a"] - lr_a * g["a"]
        p["b"] = p["b"] - TOY["lr"] * g["b"]
        p["c"] = p["c"] - TOY["lr"] * g["c"]
    return {"grad": tuple(grad0), "reaches_pixels": all(learned),
            "test_mse": mse(_forward(p, learned, X_t, w)[2], y_t),
            "train_mse": mse(_forward(p, learned, X_c, w)[2], y_c)}


def toy_floor():
    """The lowest test MSE any stack can reach on the toy's pixels: the steering gain² times the posterior variance
    of the offset given the pixels, gain² · σ² / (|w|² + σ²) with |w| = 1 (u ~ N(0, 1), pixel noise σ)."""
    s2 = TOY["pixel_noise"] ** 2
    return TOY["gain"] ** 2 * s2 / (1 + s2)


# ================================================================== explorables (live + static twins)

def _title(text, height):
    return pinned_title(text, height, size=15)


# ------------------------------------------------------------------ 1. the supervision budget

HOURS = (1, 10, 100, 1e3, 1e4, 1e5, 1e6)
PARAMS = (1e8, 1e9, 1e10)  # "billions of parameters" (Karpathy, l.83): 1e9 marked, a tenth and ten times either side
BUDGET_HZ = 10
LABEL_COLOURS = (PALETTE["vermillion"], PALETTE["orange"], PALETTE["green"], PALETTE["blue"])


def _budget_title(hours, hz, params):
    ctrl = control_bits(hz, 2, 8, hours)
    return (f"{_sci(hours)} h labelled at {hz} Hz: control labels carry {_sci(ctrl)} bits,<br>"
            f"{_sci(ctrl / params)} bits per parameter of a {_sci(params)}-parameter net")


def _budget_figure(height):
    fig = go.Figure()
    fig.update_layout(**layout(height=height, margin=dict(l=250, r=30, t=150, b=60), showlegend=True,
                               legend=dict(orientation="h", x=1.0, y=1.02, xanchor="right", yanchor="bottom")),
                      meta={"alt": "Horizontal bars on a log axis: the bits of supervision in control labels, 3D boxes, "
                                   "LiDAR depth and segmentation over the chosen hours of driving, against a vertical "
                                   "line at the parameter count of the network; control labels are millions of times "
                                   "smaller than dense labels."})
    fig.update_xaxes(title_text="bits of supervision (upper bound of the label format)", type="log",
                     exponentformat="power", range=[2, 17])
    return fig


def _budget_bars(hours, hz, labels=None):
    bits = label_budget(hours, hz, labels)
    names = list(bits)
    return names, [bits[k] for k in names]


def budget_static(hours_grid=HOURS, params=PARAMS, hz=BUDGET_HZ):
    """The book's twin: slider over hours; buttons choose the parameter count (visibility of its line)."""
    height = 500
    fig = _budget_figure(height)
    names, values = _budget_bars(100, hz)
    fig.add_trace(go.Bar(y=names, x=values, orientation="h", marker_color=list(LABEL_COLOURS), showlegend=False,
                         text=[f"{_sci(v)} bits" for v in values], textposition="inside", insidetextanchor="end",
                         hovertemplate="%{y}: %{x:.3g} bits<extra></extra>"))
    for i, p in enumerate(params):
        fig.add_trace(go.Scatter(x=[p, p], y=[names[0], names[-1]], mode="lines", name=f"{_sci(p)} parameters",
                                 line=dict(color=PALETTE["black"], dash="dash", width=2), visible=p == 1e9,
                                 hoverinfo="skip"))

    def states(h):
        names, values = _budget_bars(h, hz)
        return {"x": [values], "text": [[f"{_sci(v)} bits" for v in values]]}

    precomputed_slider_figure(fig, "hours labelled", hours_grid, states, [0], active=hours_grid.index(100), fmt=_sci,
                              title=lambda h: _budget_title(h, hz, 1e9))
    fig.update_layout(title=_title(_budget_title(100, hz, 1e9), height), updatemenus=[dict(
        name="parameter count", type="buttons", direction="right", x=0.0, xanchor="left", y=1.0, yanchor="bottom",
        showactive=True, active=params.index(1e9), pad=dict(b=40),
        buttons=[dict(label=f"{_sci(p)} parameters", method="restyle",
                      args=[{"visible": [True] + [q == p for q in params]}]) for p in params])])
    return fig


def budget_live():
    """The supervision budget in JupyterLab: hours, frame rate, parameter count and which labels are collected."""
    height = 480
    fig = _budget_figure(height)
    names = list(LABELS)
    fig.add_trace(go.Bar(y=names + ["total of the ticked labels"], orientation="h", showlegend=False,
                         marker_color=list(LABEL_COLOURS) + ["#555"], textposition="inside", insidetextanchor="end",
                         hovertemplate="%{y}: %{x:.3g} bits<extra></extra>"))
    fig.add_trace(go.Scatter(mode="lines", name="parameters", line=dict(color=PALETTE["black"], dash="dash", width=2),
                             hoverinfo="skip"))
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    hours = W.FloatLogSlider(100, base=10, min=0, max=6, step=0.25, description="hours labelled", style=style,
                             readout_format=".3g", layout=W.Layout(width="440px"))
    hz = W.IntSlider(BUDGET_HZ, min=1, max=36, description="frames per second", style=style,
                     layout=W.Layout(width="440px"))
    params = W.FloatLogSlider(1e9, base=10, min=6, max=11, step=0.5, description="parameters", style=style,
                              readout_format=".2g", layout=W.Layout(width="440px"))
    ticks = [W.Checkbox(True, description=n, indent=False, layout=W.Layout(width="320px")) for n in names]

    def update(*_):
        _, values = _budget_bars(hours.value, hz.value)
        total = sum(v for v, t in zip(values, ticks) if t.value)
        shown = values + [total]
        with fw.batch_update():
            fw.data[0].x = [max(v, 1.0) for v in shown]
            fw.data[0].text = [f"{_sci(v)} bits" for v in shown]
            fw.data[1].x, fw.data[1].y = [params.value] * 2, [names[0], "total of the ticked labels"]
            fw.data[1].name = f"{_sci(params.value)} parameters"
            fw.layout.title.text = _budget_title(hours.value, hz.value, params.value)

    for c in [hours, hz, params] + ticks:
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([hours, hz, params]), W.VBox(ticks)]), fw])


def supervision_budget() -> Explorable:
    return Explorable("The supervision budget", live=budget_live, static=budget_static)


# ------------------------------------------------------------------ 2. the privileged playground

NOISES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
FRACTIONS = (0.01, 0.1, 1.0)
FRACTION_DASH = ("dot", "dash", "solid")


def _play_title(noise, fraction=None, curves=None):
    c = privileged_curves(noise, 1.0) if curves is None else curves  # the rule and the oracle ignore the fraction
    head = f"camera noise {noise:g}: fixed-size rule {c['heuristic'][0]:.3g}, LiDAR oracle {c['oracle']:.2g}"
    if fraction is None:
        return head
    return head + f", student with LiDAR on {100 * fraction:g} % of frames"


def _play_figure(height):
    fig = go.Figure()
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=150, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Test error of depth against the number of training frames on log axes: the "
                                   "fixed-size rule is flat and high, the camera-only student trained on LiDAR labels "
                                   "falls below it once it has a few labelled frames, and the LiDAR oracle is flat "
                                   "and lowest."})
    fig.update_xaxes(title_text="training frames n", type="log", exponentformat="power")
    fig.update_yaxes(title_text="test MSE of ln depth", type="log", exponentformat="power", range=[-4.5, 1])
    return fig


def playground_static(noises=NOISES, fractions=FRACTIONS):
    """The book's twin: slider over camera noise; buttons choose the fraction of frames with LiDAR."""
    height = 560
    fig = _play_figure(height)
    noise0 = 0.05
    ns = N_GRID
    c0 = privileged_curves(noise0, 1.0)
    fig.add_trace(go.Scatter(x=ns, y=round_sig(c0["heuristic"]), mode="lines", name="fixed-size rule (S = 4.5 m)",
                             line=dict(color=PALETTE["vermillion"], width=2.5)))
    for fr, dash in zip(fractions, FRACTION_DASH):
        c = privileged_curves(noise0, fr)
        fig.add_trace(go.Scatter(x=ns, y=round_sig(c["student"]), mode="lines+markers", visible=fr == 0.1,
                                 name=f"camera-only student, LiDAR on {100 * fr:g} %", line=dict(
                                     color=PALETTE["blue"], width=2.5, dash=dash)))
    fig.add_trace(go.Scatter(x=ns, y=np.full(len(ns), round_sig(c0["oracle"])), mode="lines",
                             name="LiDAR oracle (sensor at test time)", line=dict(color=PALETTE["green"], width=2)))

    def states(noise):
        ys = [privileged_curves(noise, fr)["student"] for fr in fractions]
        c = privileged_curves(noise, 1.0)
        return {"y": [c["heuristic"]] + ys + [np.full(len(ns), c["oracle"])]}

    precomputed_slider_figure(fig, "camera noise σ", noises, states, list(range(len(fractions) + 2)),
                              active=noises.index(noise0), fmt="{:g}".format, title=_play_title)
    n = len(fig.data)
    fig.update_layout(title=_title(_play_title(noise0), height), updatemenus=[dict(
        name="frames with LiDAR", type="buttons", direction="right", x=0.0, xanchor="left", y=1.0, yanchor="bottom",
        pad=dict(b=60), showactive=True, active=fractions.index(0.1),
        buttons=[dict(label=f"LiDAR on {100 * fr:g} % of frames", method="restyle",
                      args=[{"visible": [True] + [g == fr for g in fractions] + [True] * (n - 1 - len(fractions))}])
                 for fr in fractions])])
    return fig


def playground_live():
    """The privileged playground in JupyterLab: camera noise, fraction of frames with LiDAR, training frames."""
    height = 520
    fig = _play_figure(height)
    ns = N_GRID
    fig.add_trace(go.Scatter(x=ns, mode="lines", name="fixed-size rule (S = 4.5 m)",
                             line=dict(color=PALETTE["vermillion"], width=2.5)))
    fig.add_trace(go.Scatter(x=ns, mode="lines+markers", name="camera-only student (trained on LiDAR labels)",
                             line=dict(color=PALETTE["blue"], width=2.5)))
    fig.add_trace(go.Scatter(x=ns, mode="lines", name="LiDAR oracle (sensor at test time)",
                             line=dict(color=PALETTE["green"], width=2)))
    fig.add_trace(go.Scatter(mode="markers+text", textposition="top center", showlegend=False, hoverinfo="skip",
                             marker=dict(size=13, color=PALETTE["blue"], symbol="diamond")))
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "170px"}
    fractions = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
    table = {(nz, fr): privileged_curves(nz, fr) for nz in NOISES for fr in fractions}  # 49 fits, ~0.1 s, up front
    noise = W.SelectionSlider(options=[(f"{v:g}", v) for v in NOISES], value=0.05, description="camera noise σ",
                              style=style, layout=W.Layout(width="440px"))
    fraction = W.SelectionSlider(options=[(f"{100 * v:g} %", v) for v in fractions],
                                 value=0.1, description="frames with LiDAR", style=style, layout=W.Layout(width="440px"))
    n_train = W.SelectionSlider(options=[(f"{int(v):,}", int(v)) for v in ns], value=int(ns[5]),
                                description="training frames n", style=style, layout=W.Layout(width="440px"))

    def update(*_):
        c = table[noise.value, fraction.value]
        i = list(ns).index(n_train.value)
        with fw.batch_update():
            fw.data[0].y = c["heuristic"]
            fw.data[1].y = c["student"]
            fw.data[2].y = np.full(len(ns), c["oracle"])
            fw.data[3].x, fw.data[3].y = [n_train.value], [c["student"][i]]
            fw.data[3].text = [f"student: {c['student'][i]:.3g}"]
            fw.layout.title.text = _play_title(noise.value, fraction.value, c)

    for c in (noise, fraction, n_train):
        c.observe(update, "value")
    update()
    return W.VBox([noise, fraction, n_train, fw])


def privileged_playground() -> Explorable:
    return Explorable("The privileged playground", live=playground_live, static=playground_static)


# ------------------------------------------------------------------ 3. the stack slider

CONFIGS = ((False, False, False), (True, False, False), (True, True, False), (True, True, True),
           (False, False, True), (False, True, True), (False, True, False), (True, False, True))
INTERFACES = ("steering", "plan", "detection", "pixels")


def stack_label(learned):
    """A stack as text, stage by stage from the pixels: "net · rule · rule"."""
    return " · ".join("net" if v else "rule" for v in learned)


def _stack_title(learned):
    where = "reaches the pixels" if all(learned) else f"stops at {_blocked_at(learned)}"
    return f"{stack_label(learned)}: the gradient of the control loss {where}"


def _blocked_at(learned):
    """The first hand-coded stage met going down from the loss."""
    for name, lv in zip(reversed(STAGES), reversed(learned)):
        if not lv:
            return f"the {name} rule"
    return "the pixels"


def _stack_figure(height):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.4, 0.6], horizontal_spacing=0.17,
                        subplot_titles=("gradient arriving at …", "test MSE (detect · plan · steer)"))
    fig.update_layout(**layout(height=height, margin=dict(l=70, r=30, t=150, b=110), showlegend=True,
                               legend=dict(orientation="h", x=0.0, y=1.07, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Left: bars of the gradient of the control loss arriving at the steering command, "
                                   "the plan, the detection and the pixels, zero below the first hand-coded stage. "
                                   "Right: test error of the eight stacks of hand-coded rules and learned nets, the "
                                   "chosen one highlighted."})
    fig.update_yaxes(title_text="RMS gradient per frame", row=1, col=1)
    fig.update_yaxes(title_text="test MSE of steering", type="log", range=[-1.6, 0.6],
                     tickvals=[0.03, 0.1, 0.3, 1, 3], ticktext=["0.03", "0.1", "0.3", "1", "3"], row=1, col=2)
    fig.update_xaxes(tickangle=-35, row=1, col=2)
    return fig


def _stack_state(learned, pretrain):
    r = stack_run(tuple(learned), pretrain)
    colours = [PALETTE["blue"] if c == tuple(learned) else "#bbbbbb" for c in CONFIGS]
    return list(r["grad"]), colours


def _stack_traces(fig, pretrain, visible, learned=(True, True, True)):
    grad, colours = _stack_state(learned, pretrain)
    errs = [stack_run(c, pretrain)["test_mse"] for c in CONFIGS]
    label = "detector pretrained on 2,000 offset labels" if pretrain else "control labels only"
    fig.add_trace(go.Bar(x=list(INTERFACES), y=round_sig(np.array(grad)), name=label, visible=visible,
                         marker_color=PALETTE["orange"], showlegend=False,
                         hovertemplate="%{x}: %{y:.3g}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=[stack_label(c) for c in CONFIGS], y=round_sig(np.array(errs)), name=label, visible=visible,
                         marker_color=colours, showlegend=False, text=[f"{e:.3g}" for e in errs],
                         textposition="outside", hovertemplate="%{x}: %{y:.3g}<extra></extra>"), row=1, col=2)


def _floor_trace(fig):
    fig.add_trace(go.Scatter(x=[stack_label(CONFIGS[0]), stack_label(CONFIGS[-1])], y=[toy_floor()] * 2, mode="lines",
                             name="best possible from these pixels", line=dict(color=PALETTE["green"], dash="dash"),
                             hoverinfo="skip"), row=1, col=2)


def stack_static(configs=CONFIGS):
    """The book's twin: slider over the eight stacks; buttons: detector pretrained on offset labels or not."""
    height = 600
    fig = _stack_figure(height)
    start = configs.index((True, True, True))
    for pretrain in (False, True):
        _stack_traces(fig, pretrain, visible=not pretrain, learned=configs[start])
    _floor_trace(fig)

    errs = [round_sig(np.array([stack_run(c, pre)["test_mse"] for c in configs])) for pre in (False, True)]

    def states(c):
        g0, col0 = _stack_state(c, False)
        g1, col1 = _stack_state(c, True)
        return {"y": [np.array(g0), errs[0], np.array(g1), errs[1]],
                "marker.color": [PALETTE["orange"], col0, PALETTE["orange"], col1]}

    precomputed_slider_figure(fig, "stack", configs, states, [0, 1, 2, 3], active=start, fmt=stack_label,
                              title=_stack_title)
    fig.update_layout(title=_title(_stack_title(configs[start]), height), updatemenus=[dict(
        name="detector training", type="buttons", direction="right", x=0.0, xanchor="left", y=1.0, yanchor="bottom",
        pad=dict(b=50), showactive=True, active=0,
        buttons=[dict(label=lab, method="restyle", args=[{"visible": [not pre, not pre, pre, pre, True]}])
                 for lab, pre in (("control labels only", False), ("detector pretrained on offset labels", True))])])
    return fig


def stack_live():
    """The stack slider in JupyterLab: each stage a hand-coded rule or a learned net; pretrain the detector."""
    height = 560
    for c in CONFIGS:  # train all sixteen stacks now (cached), so no control move waits for training
        stack_run(c, True)
    fig = _stack_figure(height)
    _stack_traces(fig, False, True)
    _floor_trace(fig)
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    boxes = [W.Checkbox(True, description=f"{name}: learned", indent=False, layout=W.Layout(width="150px"))
             for name in STAGES]
    pre = W.Checkbox(False, description="pretrain the detector on 2,000 offset labels", indent=False,
                     layout=W.Layout(width="340px"))

    def update(*_):
        learned = tuple(b.value for b in boxes)
        grad, colours = _stack_state(learned, pre.value)
        with fw.batch_update():
            fw.data[0].y = grad
            fw.data[1].y = [stack_run(c, pre.value)["test_mse"] for c in CONFIGS]
            fw.data[1].text = [f"{y:.3g}" for y in fw.data[1].y]
            fw.data[1].marker.color = colours
            fw.layout.title.text = _stack_title(learned)

    for c in boxes + [pre]:
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox(boxes + [pre]), fw])


def stack_slider() -> Explorable:
    return Explorable("The stack slider", live=stack_live, static=stack_static)
