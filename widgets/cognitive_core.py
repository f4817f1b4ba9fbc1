"""The cognitive core: distillation and small models. The models of chapter `cognitive-core` and its explorables.

Models (pure numpy, parameters in, numbers or arrays out; logs are natural (nats) unless a name says bits;
GB = 10⁹ bytes):
    soft_targets         softmax(z / T), the softened distribution of a teacher or student (transformers.softmax)
    distill              every term of the distillation loss: KL(p_t‖p_s) at T, T²·KL, CE at T = 1, the loss
    kd_loss              L = α·T²·KL(p_t‖p_s) + (1 − α)·CE(y, softmax(z_s))  (Hinton, Vinyals & Dean 2015)
    kd_grad              ∂L/∂z_s, showing why the soft term is scaled by T²
    footprint_gb         bytes of the weights: N · bits / 8, in GB
    tokens_per_s         memory-bound decoding speed: bandwidth / bytes of the weights
    decode_flops         ≈ 2N FLOPs per generated token (a multiply and an add per weight)
    looks_like_hash      a SHA-1 / SHA-256 hex digest detector (40 or 64 hex digits)
    store, recall        a linear associative memory W = Σ x_{t+1} x_tᵀ written in one update; W x_t
    complete             run the memory from a first item: x_{t+1} = W x_t (or its sign, for ±1 items)
    recall_accuracy      bit accuracy and exact-recall rate of a ±1 sequence stored in one update
    crosstalk_theory     Φ(√(d/(n−1))) bit accuracy and its d-th power for n stored pairs in d dimensions
    memory_run           a seeded ±1 sequence of n pairs in d dimensions: store, recall, score
Explorables: distillation_explorer(), will_it_fit(), one_shot_memory().
"""
from __future__ import annotations

import functools
import math
import string

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.evals_goodhart import normal_cdf
from widgets.transformers import softmax

# ------------------------------------------------------------------ distillation (Hinton, Vinyals & Dean 2015)


def soft_targets(logits, T):
    """softmax(z / T): the distribution of a model with logits z at temperature T > 0 (T = 1: the model itself,
    T > 1: softer, the small probabilities of the wrong classes become visible)."""
    return softmax(logits, temperature=T)


def distill(teacher, student, T, alpha, y):
    """All the terms of the distillation loss for one example (natural logs, nats).

    p_t = softmax(z_t / T), p_s = softmax(z_s / T): teacher and student softened at temperature T;
    KL = Σ p_t log(p_t / p_s) at T; CE = −log softmax(z_s)[y] at T = 1 with the hard label y;
    loss = α·T²·KL + (1 − α)·CE. Returns a dict of floats and the two softened distributions.
    """
    p_t, p_s = soft_targets(teacher, T), soft_targets(student, T)
    kl = float(np.sum(p_t * (np.log(p_t) - np.log(p_s))))
    ce = float(-np.log(soft_targets(student, 1.0)[int(y)]))
    return {"p_t": p_t, "p_s": p_s, "kl": kl, "t2kl": T * T * kl, "ce": ce,
            "loss": alpha * T * T * kl + (1 - alpha) * ce}


def kd_loss(teacher, student, T, alpha, y):
    """The distillation loss α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1 − α)·CE(y, softmax(z_s)), in nats.

    teacher, student: logit vectors of the same length; T > 0 the temperature; 0 <= alpha <= 1; y the index of
    the hard label. Example: teacher [4, 1, 0.5], student [2, 1.5, 0.2], T = 2, α = 0.5, y = 0 gives 0.57025.
    """
    p_t = softmax(teacher, temperature=T)
    log_p_s = np.log(softmax(student, temperature=T))
    kl = np.sum(p_t * (np.log(p_t) - log_p_s))
    ce = -np.log(softmax(student)[y])
    return float(alpha * T**2 * kl + (1 - alpha) * ce)


def kd_grad(teacher, student, T, alpha, y):
    """∂loss/∂z_s of kd_loss: α·T·(p_s − p_t) + (1 − α)·(softmax(z_s) − onehot(y)).

    The soft term's gradient is T²·(p_s − p_t)/T: without the T² it would shrink like 1/T (and like 1/T² for
    large T, where p_s − p_t ≈ (z_s − z_t − mean)/(K·T)), so changing T would silently change the weight α.
    """
    z_s = np.asarray(student, dtype=float)
    onehot = np.zeros(z_s.shape)
    onehot[int(y)] = 1.0
    soft = T * (soft_targets(z_s, T) - soft_targets(teacher, T))
    return alpha * soft + (1 - alpha) * (soft_targets(z_s, 1.0) - onehot)


# ------------------------------------------------------------------ footprint and speed

GB = 1e9  # bytes


def footprint_gb(N, bits):
    """Memory of the weights of a model with N parameters stored at `bits` bits each: N · bits / 8 bytes, in GB
    (10⁹ bytes). 1B parameters: 4, 2, 1, 0.5 GB at 32, 16, 8, 4 bits. Weights only (no KV cache, no activations)."""
    return N * bits / 8 / 1e9


def tokens_per_s(N, bits, GBps):
    """Memory-bound decoding speed: every weight is read once per generated token, so at a memory bandwidth of
    GBps GB/s the speed is at most GBps / footprint_gb(N, bits) tokens per second (batch size 1)."""
    return GBps * 1e9 / (N * bits / 8)


def decode_flops(N):
    """≈ 2N FLOPs per generated token: a multiply and an add for each weight (attention over the context aside)."""
    return 2.0 * N


# ------------------------------------------------------------------ knowledge: hashes

HEX = set(string.hexdigits)  # 0-9, a-f, A-F


def looks_like_hash(s):
    """True if s is a SHA-1 or SHA-256 digest written in hex: exactly 40 or 64 characters, each one of
    0-9, a-f or A-F (nothing else: no spaces, no 0x prefix)."""
    return len(s) in (40, 64) and all(c in HEX for c in s)


def random_hex(n, rng, upper=False):
    """A string of n random hex digits (a stand-in for a digest: a SHA output looks uniformly random)."""
    s = "".join(rng.choice(list("0123456789abcdef"), size=int(n)))
    return s.upper() if upper else s


# ------------------------------------------------------------------ one-shot memory


def store(X):
    """Store the sequence x_0, x_1, ..., x_n (the rows of X, shape (n+1, d)) in ONE update of a linear memory:
    W = Σ_{t=0}^{n−1} x_{t+1} x_tᵀ (d × d). This is one gradient step of size 1 from W = 0 on
    ½ Σ ‖W x_t − x_{t+1}‖². A sequence of one item stores nothing (W = 0)."""
    X = np.asarray(X, dtype=float)
    return X[1:].T @ X[:-1]


def recall(W, x):
    """The memory's answer to the cue x: W x (= x_{t+1} exactly when the stored x_t are orthonormal)."""
    return np.asarray(W, dtype=float) @ np.asarray(x, dtype=float)


def complete(W, x0, steps, binary=False):
    """Run the memory from a first item: x_{t+1} = W x_t, or sign(W x_t) for ±1 items (binary=True).
    Returns the completed sequence, shape (steps + 1, d), starting with x0."""
    out = [np.asarray(x0, dtype=float)]
    for _ in range(int(steps)):
        h = recall(W, out[-1])
        out.append(np.sign(h) if binary else h)
    return np.array(out)


def recall_accuracy(X):
    """Store the ±1 sequence X (rows x_0..x_n) in one update, cue every x_t (t < n) with the TRUE item and
    read sign(W x_t). A bit is right when it equals the bit of x_{t+1}; a tie (W x_t = 0 there, np.sign
    gives 0) counts as wrong. Returns (fraction of the n·d bits right, fraction of the n transitions recalled
    with every bit right)."""
    X = np.asarray(X, dtype=float)
    right = np.sign(X[:-1] @ store(X).T) == X[1:]
    return float(right.mean()), float(right.all(axis=1).mean())


def crosstalk_theory(n, d):
    """Predicted (bit accuracy, exact-recall rate) of n pairs of random ±1 items in d dimensions.

    Cueing with x_t gives W x_t = d·x_{t+1} + Σ_{s≠t} x_{s+1}(x_s·x_t): a signal d plus n − 1 crosstalk terms,
    each of variance d, so a bit is right with probability Φ(d/√((n−1)d)) = Φ(√(d/(n−1))); all d bits of a
    transition (treated as independent) with probability Φ(...)^d. n = 1: no crosstalk, both are 1."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore"):
        z = np.sqrt(d / np.maximum(n - 1, 0.0))
    bit = np.where(n <= 1, 1.0, normal_cdf(np.where(np.isfinite(z), z, 0.0)))
    return bit, bit ** d


def random_pm1(n_items, d, seed=0):
    """n_items random ±1 rows of length d from np.random.default_rng(seed)."""
    return np.random.default_rng(seed).choice([-1.0, 1.0], size=(int(n_items), int(d)))


def memory_run(n, d, seed=0):
    """A seeded sequence of n + 1 random ±1 items (n stored pairs) in d dimensions: store it in one update,
    cue each x_t with the true item. Returns dict: X, recalled sign(W x_t) (n, d), right (n, d) booleans,
    bit, exact (the measured accuracies) and the theory's (bit_theory, exact_theory)."""
    X = random_pm1(n + 1, d, seed)
    X32 = X.astype(np.float32)  # ±1 sums are small integers: exact in float32, and twice as fast
    rec = np.sign(X32[:-1] @ (X32[1:].T @ X32[:-1]).T).astype(float)
    right = rec == X[1:]
    bit_t, exact_t = crosstalk_theory(n, d)
    return {"X": X, "recalled": rec, "right": right, "bit": float(right.mean()),
            "exact": float(right.all(axis=1).mean()), "bit_theory": float(bit_t), "exact_theory": float(exact_t)}


def orthonormal_sequence(n_items, d, seed=0):
    """n_items <= d orthonormal rows (the Q of a seeded Gaussian matrix's QR)."""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((int(d), int(n_items))))
    return Q.T


# ================================================================== explorables (live + static twins)

TEACHER = (4.0, 1.0, 0.5)  # the chapter's example logits (the worked example)
STUDENT = (2.0, 1.5, 0.2)
CLASSES = ("class 0 (the label)", "class 1", "class 2")
KD_TS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0)
KD_ALPHAS = (0.1, 0.5, 0.9)
LIVE_TS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0)
T_CURVE = np.geomspace(0.25, 20, 60)
KD_TOP = 150  # px above the plots: title 32-52, α buttons 62-92, subplot titles ~125-150


def _kd_figure(height):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.5, 0.5], horizontal_spacing=0.13,
                        subplot_titles=("softened distributions at T", "loss terms against T"))
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=KD_TOP, b=150), barmode="group",
                                      legend=dict(orientation="h", x=0.0, y=-0.2, xanchor="left", yanchor="top")))
    fig.update_yaxes(title_text="probability", range=[0, 1], row=1, col=1)
    fig.update_xaxes(title_text="temperature T (log scale)", type="log", tickvals=[0.25, 0.5, 1, 2, 5, 10, 20],
                     ticktext=["0.25", "0.5", "1", "2", "5", "10", "20"], row=1, col=2)
    fig.update_yaxes(title_text="nats", rangemode="tozero", row=1, col=2)
    return fig


def _kd_curves(teacher, student, y, alphas):
    parts = [distill(teacher, student, T, 0.5, y) for T in T_CURVE]
    t2kl = np.array([p["t2kl"] for p in parts])
    ce = parts[0]["ce"]
    return t2kl, ce, [a * t2kl + (1 - a) * ce for a in alphas]


def _kd_title(v, T):
    return (f"Distillation at T = {T:g}: KL = {v['kl']:.4f}, T²·KL = {v['t2kl']:.4f}, "
            f"CE = {v['ce']:.4f} nats")


def distillation_static(Ts=KD_TS, alphas=KD_ALPHAS, teacher=TEACHER, student=STUDENT, y=0):
    """Book twin: slider over T moves the bars and the markers; buttons pick α (one total-loss curve and marker
    per α; the buttons toggle their visibility)."""
    height = 590
    fig = _kd_figure(height)
    default_T, default_a = Ts.index(2.0), alphas.index(0.5)
    v = distill(teacher, student, Ts[default_T], alphas[default_a], y)
    fig.add_trace(go.Bar(x=list(CLASSES), y=round_sig(v["p_t"]), name="teacher p_t", marker_color=PALETTE["blue"]),
                  row=1, col=1)
    fig.add_trace(go.Bar(x=list(CLASSES), y=round_sig(v["p_s"]), name="student p_s",
                         marker_color=PALETTE["orange"]), row=1, col=1)
    t2kl, ce, totals = _kd_curves(teacher, student, y, alphas)
    fig.add_trace(go.Scatter(x=round_sig(T_CURVE), y=round_sig(t2kl), name="T²·KL (soft term)", mode="lines",
                             line=dict(color=PALETTE["blue"], dash="dash")), row=1, col=2)
    fig.add_trace(go.Scatter(x=round_sig(T_CURVE), y=round_sig(np.full(T_CURVE.shape, ce)), name="CE (hard label)",
                             mode="lines", line=dict(color=PALETTE["vermillion"], dash="dot")), row=1, col=2)
    for i, (a, tot) in enumerate(zip(alphas, totals)):
        fig.add_trace(go.Scatter(x=round_sig(T_CURVE), y=round_sig(tot), name=f"loss, α = {a:g}", mode="lines",
                                 line=dict(color=PALETTE["green"], width=3), visible=i == default_a),
                      row=1, col=2)
    n_fixed = 4 + len(alphas)
    for i, a in enumerate(alphas):
        fig.add_trace(go.Scatter(x=[Ts[default_T]], y=[round_sig(v["t2kl"] * a + (1 - a) * v["ce"])],
                                 name=f"loss at T, α = {a:g}", mode="markers", showlegend=False,
                                 marker=dict(color=PALETTE["black"], size=11), visible=i == default_a,
                                 hovertemplate="T = %{x}: loss %{y:.4f}<extra></extra>"), row=1, col=2)

    def states(T):
        w = distill(teacher, student, T, 0.5, y)
        losses = [a * w["t2kl"] + (1 - a) * w["ce"] for a in alphas]
        return {"y": [w["p_t"], w["p_s"]] + [np.array([x]) for x in losses],
                "x": [list(CLASSES), list(CLASSES)] + [np.array([T])] * len(alphas)}

    idx = [0, 1] + list(range(n_fixed, n_fixed + len(alphas)))
    title = lambda T: _kd_title(distill(teacher, student, T, 0.5, y), T)  # noqa: E731
    precomputed_slider_figure(fig, "temperature T", Ts, states, idx, active=default_T, fmt="{:g}".format,
                              title=title)
    paper = height - KD_TOP - 150
    fig.layout.sliders[0].y = -95 / paper
    n = len(fig.data)
    fig.update_layout(
        title=pinned_title(title(Ts[default_T]), height),
        meta={"alt": "Left: bar chart of the teacher's and the student's class probabilities at temperature T; "
                     "a higher T flattens both and reveals the teacher's ranking of the wrong classes. Right: the "
                     "soft term T²·KL, the hard-label cross-entropy and the total distillation loss against T, "
                     "with a marker at the chosen T."},
        updatemenus=[dict(name="weight α of the soft term", type="buttons", direction="right", x=0.55,
                          y=1 + (KD_TOP - 62) / paper, xanchor="left", yanchor="top", showactive=True,
                          active=default_a, pad=dict(r=4, t=0),
                          buttons=[dict(label=f"α = {a:g}", method="restyle",
                                        args=[{"visible": [True] * 4 + [j == i for j in range(len(alphas))] * 2}])
                                   for i, a in enumerate(alphas)])])
    assert n == n_fixed + len(alphas)
    return fig


def distillation_live():
    """Live: teacher and student logits (three sliders each), T (log slider), α and the label y."""
    fig = _kd_figure(600)
    for name, c in (("teacher p_t", PALETTE["blue"]), ("student p_s", PALETTE["orange"])):
        fig.add_trace(go.Bar(x=list(CLASSES), name=name, marker_color=c), row=1, col=1)
    fig.add_trace(go.Scatter(x=T_CURVE, name="T²·KL (soft term)", mode="lines",
                             line=dict(color=PALETTE["blue"], dash="dash")), row=1, col=2)
    fig.add_trace(go.Scatter(x=T_CURVE, name="CE (hard label)", mode="lines",
                             line=dict(color=PALETTE["vermillion"], dash="dot")), row=1, col=2)
    fig.add_trace(go.Scatter(x=T_CURVE, name="loss", mode="lines", line=dict(color=PALETTE["green"], width=3)),
                  row=1, col=2)
    fig.add_trace(go.Scatter(name="loss at T", mode="markers", showlegend=False,
                             marker=dict(color=PALETTE["black"], size=11)), row=1, col=2)
    fig.update_layout(margin=dict(l=70, r=30, t=90, b=110), legend=dict(y=-0.18),
                      meta={"alt": "Live bar chart of the softened teacher and student distributions, and the "
                                   "distillation loss terms against the temperature, for the chosen logits, T, "
                                   "α and label."})
    fw = go.FigureWidget(fig)
    style, box = {"description_width": "95px"}, W.Layout(width="250px")
    zt = [W.FloatSlider(v, min=-5, max=5, step=0.1, description=f"teacher z{i}", style=style, layout=box,
                        readout_format=".1f") for i, v in enumerate(TEACHER)]
    zs = [W.FloatSlider(v, min=-5, max=5, step=0.1, description=f"student z{i}", style=style, layout=box,
                        readout_format=".1f") for i, v in enumerate(STUDENT)]
    temp = W.SelectionSlider(options=LIVE_TS, value=2.0, description="temperature T", style=style, layout=box)
    alpha = W.FloatSlider(0.5, min=0.0, max=1.0, step=0.05, description="α (soft weight)", style=style,
                          layout=box, readout_format=".2f")
    label = W.Dropdown(options=[(c, i) for i, c in enumerate(CLASSES)], value=0, description="label y",
                       style=style, layout=box)

    def update(*_):
        t, s = [c.value for c in zt], [c.value for c in zs]
        v = distill(t, s, temp.value, alpha.value, label.value)
        t2kl, ce, (tot,) = _kd_curves(t, s, label.value, (alpha.value,))
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = v["p_t"], v["p_s"]
            fw.data[2].y, fw.data[3].y, fw.data[4].y = t2kl, np.full(T_CURVE.shape, ce), tot
            fw.data[5].x, fw.data[5].y = [temp.value], [v["loss"]]
            fw.layout.title.text = _kd_title(v, temp.value) + f", loss = {v['loss']:.4f}"

    for c in zt + zs + [temp, alpha, label]:
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox(zt), W.HBox(zs), W.HBox([temp, alpha, label]), fw])


def distillation_explorer() -> Explorable:
    return Explorable("Distillation temperature", live=distillation_live, static=distillation_static)


# ------------------------------------------------------------------ will it fit?

BITS = (32, 16, 8, 4)
PRECISION = {32: "fp32", 16: "fp16/bf16", 8: "int8", 4: "int4"}
SIZES_B = (0.1, 0.3, 1.0, 3.0, 8.0, 20.0, 70.0)  # billions of parameters (static slider)
# Illustrative devices (round numbers, not the specification of any product): memory GB, bandwidth GB/s.
DEVICES = (("small device: 8 GB, 50 GB/s", 8.0, 50.0), ("laptop: 32 GB, 200 GB/s", 32.0, 200.0),
           ("accelerator: 80 GB, 2000 GB/s", 80.0, 2000.0))
FIT_TOP = 150  # px above the plots: title 32-52, device buttons 62-92, subplot titles ~125-150


def fit_view(N, mem_gb, GBps, bits=BITS):
    """For each precision: GB of weights, whether it fits in mem_gb, and memory-bound tokens/s (0 if it does
    not fit)."""
    gb = np.array([footprint_gb(N, b) for b in bits])
    fits = gb <= mem_gb
    tps = np.where(fits, [tokens_per_s(N, b, GBps) for b in bits], 0.0)
    return {"gb": gb, "fits": fits, "tps": tps}


def _fit_figure(height):
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=("weights in memory", "decoding speed (memory-bound)"))
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=FIT_TOP, b=140), showlegend=False))
    fig.update_yaxes(title_text="GB (log scale)", type="log", range=[-2, 2.6], row=1, col=1)
    fig.update_yaxes(title_text="tokens per second (log scale)", type="log", range=[-1, 5], row=1, col=2)
    fig.update_xaxes(title_text="precision", row=1, col=1)
    fig.update_xaxes(title_text="precision", row=1, col=2)
    return fig


def _fit_colours(fits):
    return [PALETTE["green"] if f else "#bbbbbb" for f in fits]


def _fit_text(v, what):
    if what == "gb":
        return [f"{g:.3g} GB" for g in v["gb"]]
    return [f"{t:.3g} tok/s" if f else "does not fit" for t, f in zip(v["tps"], v["fits"])]


def _mem_line_text(mem):
    """The device-memory line's label, written above its third point (the int8 bar)."""
    return ["", "", f"device: {mem:g} GB", ""]


def _fit_title(N_b):
    return f"Will it fit? N = {N_b:g}B parameters: {footprint_gb(N_b * 1e9, 16):.3g} GB at 16 bits"


def will_it_fit_static(sizes=SIZES_B, devices=DEVICES):
    """Book twin: slider over model size; buttons pick the (illustrative) device. Per device: the memory line,
    the memory bars (green if they fit) and the tokens/s bars."""
    height = 550
    fig = _fit_figure(height)
    labels = [PRECISION[b] for b in BITS]
    default_n, default_d = sizes.index(1.0), 1
    for i, (name, mem, bw) in enumerate(devices):
        v = fit_view(sizes[default_n] * 1e9, mem, bw)
        vis = i == default_d
        fig.add_trace(go.Bar(x=labels, y=round_sig(v["gb"]), marker_color=_fit_colours(v["fits"]), visible=vis,
                             text=_fit_text(v, "gb"), textposition="outside", name="GB",
                             hovertemplate="%{x}: %{y:.3g} GB<extra></extra>"), row=1, col=1)
        fig.add_trace(go.Scatter(x=labels, y=[mem] * 4, mode="lines+text", text=_mem_line_text(mem),
                                 textposition="top center", line=dict(color=PALETTE["vermillion"], dash="dash"),
                                 textfont=dict(color=PALETTE["vermillion"]), visible=vis,
                                 name=f"device memory {mem:g} GB",
                                 hovertemplate=f"device memory {mem:g} GB<extra></extra>"), row=1, col=1)
        fig.add_trace(go.Bar(x=labels, y=round_sig(v["tps"]),
                             marker_color=PALETTE["blue"], visible=vis, text=_fit_text(v, "tps"),
                             textposition="outside", name="tokens/s",
                             hovertemplate="%{x}: %{y:.3g} tokens/s<extra></extra>"), row=1, col=2)
    per = 3

    def states(N_b):
        ys, colours, texts = [], [], []
        for name, mem, bw in devices:
            v = fit_view(N_b * 1e9, mem, bw)
            ys += [v["gb"], np.array([mem] * 4), v["tps"]]
            colours += [_fit_colours(v["fits"]), PALETTE["vermillion"], PALETTE["blue"]]
            texts += [_fit_text(v, "gb"), _mem_line_text(mem), _fit_text(v, "tps")]
        return {"y": ys, "marker.color": colours, "text": texts}

    precomputed_slider_figure(fig, "parameters N (billions)", sizes, states, list(range(per * len(devices))),
                              active=default_n, fmt="{:g}B".format, title=_fit_title)
    paper = height - FIT_TOP - 140
    fig.layout.sliders[0].y = -70 / paper
    fig.update_layout(
        title=pinned_title(_fit_title(sizes[default_n]), height),
        meta={"alt": "Two bar charts over the precisions fp32, fp16, int8 and int4: the gigabytes of weights "
                     "against a dashed line at the device's memory (green bars fit, grey do not), and the "
                     "memory-bound decoding speed in tokens per second for the precisions that fit."},
        updatemenus=[dict(name="device (illustrative)", type="buttons", direction="right", x=0.0,
                          y=1 + (FIT_TOP - 62) / paper, xanchor="left", yanchor="top", showactive=True,
                          active=default_d, pad=dict(r=4, t=0),
                          buttons=[dict(label=name, method="restyle",
                                        args=[{"visible": [j // per == i for j in range(per * len(devices))]}])
                                   for i, (name, _, _) in enumerate(devices)])])
    return fig


def will_it_fit_live():
    """Live: model size (log slider, 0.1B-70B), device memory, bandwidth; the chosen precision is reported."""
    fig = _fit_figure(520)
    labels = [PRECISION[b] for b in BITS]
    fig.add_trace(go.Bar(x=labels, name="GB", textposition="outside"), row=1, col=1)
    fig.add_trace(go.Scatter(x=labels, mode="lines+text", line=dict(color=PALETTE["vermillion"], dash="dash"),
                             textposition="top center", textfont=dict(color=PALETTE["vermillion"]),
                             name="device memory"), row=1, col=1)
    fig.add_trace(go.Bar(x=labels, name="tokens/s", marker_color=PALETTE["blue"], textposition="outside"),
                  row=1, col=2)
    fig.update_layout(margin=dict(l=70, r=30, t=90, b=60),
                      meta={"alt": "Live bar charts of the gigabytes of weights per precision against the device "
                                   "memory, and the memory-bound tokens per second, for the chosen model size, "
                                   "memory and bandwidth."})
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    size = W.FloatLogSlider(1.0, base=10, min=-1, max=math.log10(70), step=0.01, description="N (billions)",
                            style=style, readout_format=".3g")
    mem = W.FloatSlider(16.0, min=1.0, max=192.0, step=1.0, description="device memory (GB)", style=style,
                        readout_format=".0f")
    bw = W.FloatLogSlider(100.0, base=10, min=1, max=math.log10(4000), step=0.01,
                          description="bandwidth (GB/s)", style=style, readout_format=".3g")
    prec = W.Dropdown(options=[(f"{PRECISION[b]} ({b} bits)", b) for b in BITS], value=16,
                      description="your precision", style=style)

    def update(*_):
        N = size.value * 1e9
        v = fit_view(N, mem.value, bw.value)
        k = BITS.index(prec.value)
        with fw.batch_update():
            fw.data[0].y, fw.data[0].marker.color, fw.data[0].text = v["gb"], _fit_colours(v["fits"]), _fit_text(v, "gb")
            fw.data[1].y, fw.data[1].text = [mem.value] * 4, _mem_line_text(mem.value)
            fw.data[2].y, fw.data[2].text = v["tps"], _fit_text(v, "tps")
            verdict = (f"fits, ≈ {v['tps'][k]:.3g} tokens/s" if v["fits"][k]
                       else f"does not fit ({v['gb'][k]:.3g} GB > {mem.value:.0f} GB)")
            fw.layout.title.text = f"N = {size.value:.3g}B at {prec.value} bits: {verdict}"

    for c in (size, mem, bw, prec):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([size, prec]), W.VBox([mem, bw])]), fw])


def will_it_fit() -> Explorable:
    return Explorable("Will it fit?", live=will_it_fit_live, static=will_it_fit_static)


# ------------------------------------------------------------------ one-shot memory

MEM_NS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)  # stored pairs (static slider)
MEM_DS = (16, 64, 128)
LIVE_DS = (16, 32, 64, 128)
LIVE_NS = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)
MEM_SHOWN = 8  # transitions drawn in the error map
MEM_BOTTOM = 190  # px below the plots: axis title, two legend rows, then the slider
MEM_TOP = 150  # px above the plots: title 32-52, d buttons 62-92, subplot titles ~125-150
N_CURVE = np.unique(np.round(np.geomspace(1, 512, 40)).astype(int))


@functools.lru_cache(maxsize=128)
def _run(n, d):
    """memory_run(n, d, seed=0), cached for the widgets (it is pure; callers must not modify the arrays)."""
    return memory_run(n, d, 0)


@functools.lru_cache(maxsize=16)
def _measured_curve(d, ns=MEM_NS):
    """Measured (bit, exact) accuracies at each n of `ns` for dimension d (seed 0; cached: it is pure)."""
    runs = [_run(n, d) for n in ns]
    return np.array([r["bit"] for r in runs]), np.array([r["exact"] for r in runs])


def _mem_figure(height):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.12,
                        subplot_titles=("accuracy against stored pairs n", f"first {MEM_SHOWN} recalls (red = wrong bit)"))
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=MEM_TOP, b=MEM_BOTTOM),
                                      legend=dict(orientation="h", x=0.0, y=-0.22, xanchor="left", yanchor="top")))
    fig.update_xaxes(title_text="stored pairs n (log scale)", type="log", tickvals=list(MEM_NS),
                     ticktext=[str(n) for n in MEM_NS], row=1, col=1)
    fig.update_yaxes(title_text="fraction right", range=[-0.02, 1.04], row=1, col=1)
    fig.update_xaxes(title_text="bit i", showgrid=False, row=1, col=2)
    fig.update_yaxes(title_text="cue x_t", autorange="reversed", showgrid=False, row=1, col=2)
    return fig


def _err_map(run):
    """(min(n, MEM_SHOWN), d) ints: 1 where a recalled bit is right, 0 where it is wrong."""
    return run["right"][:MEM_SHOWN].astype(np.int8)


_ERR_SCALE = [[0.0, PALETTE["vermillion"]], [0.5, PALETTE["vermillion"]], [0.5, "#d9ecf7"], [1.0, "#d9ecf7"]]


def _mem_title(n, d, r):
    return (f"{n} pairs in d = {d}: bits right {r['bit']:.3f} (theory {r['bit_theory']:.3f}), "
            f"exact recall {r['exact']:.2f} (theory {r['exact_theory']:.2f})")


def _mem_traces(d, visible, legend):
    bit_t, exact_t = crosstalk_theory(N_CURVE, d)
    bit_m, exact_m = _measured_curve(d)
    tr = [go.Scatter(x=N_CURVE, y=round_sig(bit_t), mode="lines", name="bits right, theory Φ(√(d/(n−1)))",
                     line=dict(color=PALETTE["blue"]), visible=visible, showlegend=legend),
          go.Scatter(x=list(MEM_NS), y=round_sig(bit_m), mode="markers", name="bits right, measured",
                     marker=dict(color=PALETTE["blue"], size=9), visible=visible, showlegend=legend),
          go.Scatter(x=N_CURVE, y=round_sig(exact_t), mode="lines", name="exact recall, theory Φ(…)^d",
                     line=dict(color=PALETTE["orange"], dash="dash"), visible=visible, showlegend=legend),
          go.Scatter(x=list(MEM_NS), y=round_sig(exact_m), mode="markers", name="exact recall, measured",
                     marker=dict(color=PALETTE["orange"], size=9, symbol="diamond"), visible=visible,
                     showlegend=legend)]
    return tr


def one_shot_memory_static(ns=MEM_NS, ds=MEM_DS):
    """Book twin: slider over the number of stored pairs n (moves a marker and the error map); buttons pick the
    dimension d (each d has its own curves, marker and error map; the buttons toggle visibility)."""
    height = 630
    fig = _mem_figure(height)
    default_n, default_d = ns.index(16), ds.index(64)
    per = 6
    for i, d in enumerate(ds):
        vis = i == default_d
        for tr in _mem_traces(d, vis, True):  # only the visible d's entries show in the legend
            fig.add_trace(tr, row=1, col=1)
        r = _run(ns[default_n], d)
        fig.add_trace(go.Scatter(x=[ns[default_n]], y=[round_sig(r["bit"])], mode="markers", name="chosen n",
                                 marker=dict(color=PALETTE["black"], size=14, symbol="circle-open", line=dict(width=3)),
                                 visible=vis, showlegend=False), row=1, col=1)
        fig.add_trace(go.Heatmap(z=_err_map(r), zmin=0, zmax=1, colorscale=_ERR_SCALE, showscale=False, visible=vis,
                                 xgap=1, ygap=1, hovertemplate="cue %{y}, bit %{x}: %{z}<extra>1 = right</extra>"),
                      row=1, col=2)

    def states(n):
        """Markers take x and y, error maps take z (each trace gets only its own attributes)."""
        runs = [_run(n, d) for d in ds]
        none = [None] * len(ds)
        return {"x": [np.array([float(n)]) for _ in ds] + none, "y": [np.array([r["bit"]]) for r in runs] + none,
                "z": none + [_err_map(r) for r in runs]}

    idx = [per * i + 4 for i in range(len(ds))] + [per * i + 5 for i in range(len(ds))]
    title = lambda n: f"One-shot memory: n = {n} stored pairs, random ±1 items"  # noqa: E731
    precomputed_slider_figure(fig, "stored pairs n", ns, states, idx, active=default_n,
                              fmt="{:d}".format, title=title)
    paper = height - MEM_TOP - MEM_BOTTOM
    fig.layout.sliders[0].y = -105 / paper
    fig.update_layout(
        title=pinned_title(title(ns[default_n]), height),
        meta={"alt": "Left: the fraction of recalled bits that are right, and the fraction of items recalled "
                     "exactly, against the number of stored pairs n, measured on a seeded random sequence and "
                     "predicted by the crosstalk theory. Right: which bits of the first recalled items are right "
                     "(light) or wrong (vermillion) at the chosen n."},
        updatemenus=[dict(name="dimension d", type="buttons", direction="right", x=0.0,
                          y=1 + (MEM_TOP - 62) / paper, xanchor="left", yanchor="top", showactive=True,
                          active=default_d, pad=dict(r=4, t=0),
                          buttons=[dict(label=f"d = {d}", method="restyle",
                                        args=[{"visible": [j // per == i for j in range(per * len(ds))]}])
                                   for i, d in enumerate(ds)])])
    return fig


def one_shot_memory_live():
    """Live: n stored pairs and the dimension d; the curves follow d, the marker and error map follow n."""
    fig = _mem_figure(560)
    for tr in _mem_traces(64, True, True):
        fig.add_trace(tr, row=1, col=1)
    fig.add_trace(go.Scatter(mode="markers", name="chosen n",
                             marker=dict(color=PALETTE["black"], size=14, symbol="circle-open", line=dict(width=3))),
                  row=1, col=1)
    fig.add_trace(go.Heatmap(zmin=0, zmax=1, colorscale=_ERR_SCALE, showscale=False, xgap=1, ygap=1,
                             hovertemplate="cue %{y}, bit %{x}: %{z}<extra>1 = right</extra>"), row=1, col=2)
    fig.update_layout(margin=dict(l=70, r=30, t=90, b=150),
                      meta={"alt": "Live plot of recall accuracy against the number of stored pairs for the chosen "
                                   "dimension, measured and predicted, and a map of right and wrong recalled bits."})
    fw = go.FigureWidget(fig)
    style = {"description_width": "130px"}
    n = W.SelectionSlider(options=LIVE_NS, value=16, description="stored pairs n", style=style)
    d = W.Dropdown(options=LIVE_DS, value=64, description="dimension d", style=style)
    for dim in LIVE_DS:  # every state up front (72 small runs, ~0.1-0.3 s, cached): each move is then a lookup
        for k in LIVE_NS:
            _run(k, dim)

    def update(*_):
        bit_t, exact_t = crosstalk_theory(N_CURVE, d.value)
        bit_m, exact_m = _measured_curve(d.value)
        r = _run(n.value, d.value)
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y, fw.data[2].y, fw.data[3].y = bit_t, bit_m, exact_t, exact_m
            fw.data[1].x = fw.data[3].x = list(MEM_NS)
            fw.data[4].x, fw.data[4].y = [n.value], [r["bit"]]
            fw.data[5].z = _err_map(r)
            fw.layout.title.text = _mem_title(n.value, d.value, r)

    n.observe(update, "value")
    d.observe(update, "value")
    update()
    return W.VBox([W.HBox([n, d]), fw])


def one_shot_memory() -> Explorable:
    return Explorable("One-shot memory", live=one_shot_memory_live, static=one_shot_memory_static)
