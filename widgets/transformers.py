"""The transformer as a differentiable computer: the models of chapter `transformers` and its explorables.

Models (pure numpy, parameters in, arrays out; reusable by later chapters, e.g. cognitive-core):
    softmax              softmax(z / T) along an axis, numerically stable (temperature T > 0)
    causal_mask          boolean (T, T) mask of the allowed (query, key) pairs: key <= query
    attention            scaled dot-product attention softmax(QKᵀ/(√d_k·T))V, optional causal mask
    causal_attention     attention with the causal mask (an exercise's reference): (output, weights)
    layer_norm           normalise the last axis to mean 0, variance 1 (no gain or bias)
    rope_thetas          RoPE frequencies θ_i = base^(−2i/d)
    rope                 rotary position embedding of a vector (or rows) at position m, interleaved pairs
    tanh_chain_grad      ∂h_L/∂h_0 of the scalar chain h <- tanh(w h + b), optionally residual
    gradient_flow        per-layer gradient norms of a deep random network at initialisation
    block_params         weights of a stack of transformer blocks, 12 d² per layer
Explorables: gradient_flow_explorer(), attention_heatmap(), rope_rotator().
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig

# ------------------------------------------------------------------ softmax and attention


def softmax(z, axis=-1, temperature=1.0):
    """softmax(z / temperature) along `axis`: exp, normalised to sum 1. Entries of z equal to −inf get
    weight exactly 0. Subtracting the maximum first keeps exp from overflowing (same result)."""
    z = np.asarray(z, dtype=float) / float(temperature)
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def causal_mask(T):
    """(T, T) booleans: True where query i may look at key j, i.e. j <= i (the lower triangle)."""
    return np.tril(np.ones((int(T), int(T)), dtype=bool))


def attention(Q, K, V, causal=True, temperature=1.0):
    """Scaled dot-product attention. Q (T_q, d_k), K (T_k, d_k), V (T_k, d_v).

    scores = Q Kᵀ / (√d_k · temperature); with causal=True, scores of keys after the query (j > i) are
    set to −inf BEFORE the softmax, so their weights are exactly 0 and each row still sums to 1.
    Returns (output (T_q, d_v) = weights V, weights (T_q, T_k), each row a probability distribution).
    """
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    scores = Q @ K.T / (np.sqrt(Q.shape[-1]) * float(temperature))
    if causal:
        scores = np.where(np.tril(np.ones(scores.shape, dtype=bool)), scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights


def causal_attention(Q, K, V):
    """Causal scaled dot-product attention: (output, weights), weights = softmax(QKᵀ/√d_k, masked)."""
    return attention(Q, K, V, causal=True)


# ------------------------------------------------------------------ LayerNorm


def layer_norm(x, eps=1e-5):
    """(x − mean) / sqrt(var + eps) over the last axis; var is the population variance (ddof = 0).
    A constant row gives zeros (eps keeps it finite). Works on a vector or on rows (..., d)."""
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps)


def _layer_norm_backward(y, g, eps_scale):
    """Gradient through y = layer_norm(x) given dL/dy = g; eps_scale = 1/sqrt(var + eps) of the forward."""
    return eps_scale * (g - g.mean(axis=-1, keepdims=True) - y * (g * y).mean(axis=-1, keepdims=True))


# ------------------------------------------------------------------ RoPE


def rope_thetas(d, base=10000.0):
    """RoPE frequencies θ_i = base^(−2i/d) for the d/2 pairs i = 0 .. d/2 − 1 (d even)."""
    return float(base) ** (-np.arange(0, int(d), 2) / int(d))


def rope(x, m, base=10000.0):
    """Rotary position embedding (Su et al.) of x at position m, pairs interleaved.

    The last axis (even length d) is split into pairs (x[2i], x[2i+1]), i = 0 .. d/2 − 1; pair i is
    rotated by the angle m·θ_i, θ_i = base^(−2i/d), counter-clockwise:
        x[2i]   <- x[2i] cos(mθ_i) − x[2i+1] sin(mθ_i)
        x[2i+1] <- x[2i] sin(mθ_i) + x[2i+1] cos(mθ_i)
    Returns a new array (x is not changed). Then rope(q, m) · rope(k, n) depends only on q, k and m − n.
    """
    x = np.asarray(x, dtype=float)
    angle = float(m) * rope_thetas(x.shape[-1], base)
    c, s = np.cos(angle), np.sin(angle)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * c - odd * s
    out[..., 1::2] = even * s + odd * c
    return out


# ------------------------------------------------------------------ gradients through depth


def tanh_chain_grad(L, residual=False, w=1.5, b=0.3, h0=0.5):
    """∂h_L/∂h_0 for the scalar chain h_{l+1} = tanh(w h_l + b) (or, with residual=True,
    h_{l+1} = h_l + tanh(w h_l + b)), started at h_0. Chain rule: the product over the layers of
    w·(1 − tanh²(w h_l + b)), or of 1 + w·(1 − tanh²(w h_l + b)) with the residual. L = 0 gives 1."""
    h, grad = float(h0), 1.0
    for _ in range(int(L)):
        t = np.tanh(w * h + b)
        local = w * (1.0 - t * t)
        grad *= (1.0 + local) if residual else local
        h = h + t if residual else t
    return float(grad)


GELU_C = np.sqrt(2.0 / np.pi)


def _act(name, a):
    """Activation and its derivative at a (tanh, ReLU, or GELU in its tanh approximation, as in GPT-2)."""
    if name == "tanh":
        t = np.tanh(a)
        return t, 1.0 - t * t
    if name == "relu":
        return np.maximum(a, 0.0), (a > 0).astype(float)
    if name == "gelu":
        u = GELU_C * (a + 0.044715 * a ** 3)
        t = np.tanh(u)
        du = GELU_C * (1.0 + 3 * 0.044715 * a * a)
        return 0.5 * a * (1.0 + t), 0.5 * (1.0 + t) + 0.5 * a * (1.0 - t * t) * du
    raise ValueError(f"unknown activation {name!r}: use 'tanh', 'relu' or 'gelu'")


ACTIVATIONS = {"tanh": "tanh", "relu": "ReLU", "gelu": "GELU"}


def gradient_flow(depth, activation="tanh", residual=False, layernorm=False, width=32, gain=1.0, seed=0):
    """Gradient norms per layer of a deep random network at initialisation (one input, one backward pass).

    Layer l maps h_l to h_{l+1} = φ(W_l u_l) (plain) or h_l + φ(W_l u_l) (residual), where u_l = h_l, or
    u_l = layer_norm(h_l) with layernorm=True (the pre-LN order of modern transformers). W_l has
    N(0, gain²/width) entries (LeCun/Xavier-style scaling; gain = 1), h_0 ~ N(0, 1), and the gradient
    arriving at the top is a fixed random vector g_L ~ N(0, 1/width) (norm ≈ 1). The same seed gives the
    same first layers at every depth.

    Returns dict: log10_norm (depth + 1,) = log10 ‖∂(g_L · h_L)/∂h_l‖ for l = 0 .. depth (l = 0 is the
    input), activations_rms (depth + 1,) the rms of h_l.
    """
    depth, width = int(depth), int(width)
    rng = np.random.default_rng(seed)
    h = rng.standard_normal(width)
    g = rng.standard_normal(width) / np.sqrt(width)
    Ws = rng.standard_normal((depth, width, width)) * (gain / np.sqrt(width))  # layer l: the same at every depth
    cache, rms = [], [np.sqrt(np.mean(h * h))]
    for l in range(depth):
        if layernorm:
            mu = h.mean()
            scale = 1.0 / np.sqrt(((h - mu) ** 2).mean() + 1e-5)
            u = (h - mu) * scale
        else:
            u, scale = h, None
        a = Ws[l] @ u
        z, dz = _act(activation, a)
        cache.append((u, scale, dz))
        h = h + z if residual else z
        rms.append(np.sqrt(np.mean(h * h)))
    norms = np.empty(depth + 1)
    norms[depth] = np.linalg.norm(g)
    for l in range(depth - 1, -1, -1):
        u, scale, dz = cache[l]
        gu = Ws[l].T @ (g * dz)
        if layernorm:
            gu = _layer_norm_backward(u, gu, scale)
        g = g + gu if residual else gu
        norms[l] = np.linalg.norm(g)
    with np.errstate(divide="ignore"):
        log_norm = np.log10(norms)
    return {"log10_norm": np.maximum(log_norm, -300.0), "activations_rms": np.asarray(rms)}


# ------------------------------------------------------------------ parameters


def block_params(d, layers):
    """Weights (biases and LayerNorm gains left out) of `layers` transformer blocks of width d:
    attention Q, K, V and output projections 4·d², MLP d -> 4d -> d 8·d²: 12·d² per block."""
    return 12 * int(d) ** 2 * int(layers)


# ================================================================== explorables (live + static twins)


def _title(text="", height=None):
    return pinned_title(text, height)


FLOW_CONFIGS = [(False, False, "plain"), (True, False, "residual"), (False, True, "LayerNorm"),
                (True, True, "residual + LayerNorm")]
FLOW_COLOURS = (PALETTE["vermillion"], PALETTE["blue"], PALETTE["orange"], PALETTE["green"])
FLOW_DASH = ("solid", "solid", "dash", "dot")
FLOW_RANGE = [-32, 18]  # log10 gradient norm shown (outside values are clipped by the axis)
FLOW_TOP = 112  # px above the plot: title 32-52, activation buttons 58-88


def _flow_figure(height):
    fig = go.Figure()
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=FLOW_TOP, b=130),
                                      legend=dict(x=0.99, y=0.02, xanchor="right", yanchor="bottom",
                                                  bgcolor="rgba(255,255,255,0.85)")))
    fig.update_xaxes(title_text="layer l (0 = input)")
    fig.update_yaxes(title_text="log₁₀ ‖∂loss/∂h_l‖", range=FLOW_RANGE, zeroline=True, zerolinecolor="#999")
    return fig


def _flow_title(depth, act):
    return f"Gradient flow at initialisation: {ACTIVATIONS[act]}, depth {depth}"


def gradient_flow_static(depths=(2, 5, 10, 20, 50, 100), acts=("tanh", "relu", "gelu")):
    """Book twin: slider over depth; buttons pick the activation (each has four traces: plain, residual,
    LayerNorm, both; the buttons toggle visibility)."""
    height = 520
    fig = _flow_figure(height)
    default_d, default_a = len(depths) - 1, 1  # ReLU first: the most telling view
    for i, act in enumerate(acts):
        for (res, ln, name), c, dash in zip(FLOW_CONFIGS, FLOW_COLOURS, FLOW_DASH):
            y = gradient_flow(depths[default_d], act, res, ln)["log10_norm"]
            fig.add_trace(go.Scatter(x=np.arange(len(y)), y=round_sig(y), name=name, mode="lines",
                                     line=dict(color=c, dash=dash, width=2), visible=i == default_a,
                                     hovertemplate="layer %{x}: log₁₀ norm %{y:.2f}<extra>" + name + "</extra>"))
    per = len(FLOW_CONFIGS)

    def states(depth):
        xs, ys = [], []
        for act in acts:
            for res, ln, _ in FLOW_CONFIGS:
                y = gradient_flow(depth, act, res, ln)["log10_norm"]
                xs.append(np.arange(depth + 1))
                ys.append(y)
        return {"x": xs, "y": ys}

    title = lambda depth: f"Gradient flow at initialisation: depth {depth}"
    precomputed_slider_figure(fig, "depth L", depths, states, list(range(per * len(acts))), active=default_d,
                              fmt="{:d}".format, title=title)
    fig.update_layout(
        title=_title(title(depths[default_d]), height),
        meta={"alt": "Log10 of the gradient norm at each layer of a deep random network at initialisation: "
                     "without residual connections it falls steadily with depth (fastest for tanh and ReLU), "
                     "with a residual path it stays near its top value; LayerNorm keeps the residual stack from "
                     "exploding."},
        updatemenus=[dict(name="activation", type="buttons", direction="right", x=0.0,
                          y=1 + (FLOW_TOP - 58) / (height - FLOW_TOP - 130),
                          xanchor="left", yanchor="top", showactive=True, active=default_a, pad=dict(r=4, t=0),
                          buttons=[dict(label=ACTIVATIONS[a], method="restyle",
                                        args=[{"visible": [j // per == i for j in range(per * len(acts))]}])
                                   for i, a in enumerate(acts)])])
    return fig


def gradient_flow_live():
    """Live: depth, activation, residual and LayerNorm toggles, weight gain; one trace per setting
    shown, and the plain network as a dashed reference."""
    fw = go.FigureWidget(_flow_figure(560))
    fw.add_trace(go.Scatter(name="plain (no residual, no LayerNorm)", mode="lines",
                            line=dict(color="#888", dash="dash", width=1.5)))
    fw.add_trace(go.Scatter(name="your setting", mode="lines", line=dict(color=PALETTE["blue"], width=3)))
    fw.update_layout(meta={"alt": "Live plot of log10 of the gradient norm per layer at initialisation for the "
                                  "chosen depth, activation, residual and LayerNorm settings, with the plain "
                                  "network as a dashed reference."})
    style = {"description_width": "130px"}
    depth = W.IntSlider(50, min=1, max=100, description="depth L (layers)", style=style)
    act = W.Dropdown(options=[(v, k) for k, v in ACTIVATIONS.items()], value="relu", description="activation",
                     style=style)
    gain = W.FloatSlider(1.0, min=0.5, max=2.0, step=0.05, description="weight gain σ_w", style=style,
                         readout_format=".2f")
    residual = W.Checkbox(True, description="residual x + F(x)")
    ln = W.Checkbox(True, description="LayerNorm (pre-LN)")

    def update(*_):
        plain = gradient_flow(depth.value, act.value, False, False, gain=gain.value)["log10_norm"]
        mine = gradient_flow(depth.value, act.value, residual.value, ln.value, gain=gain.value)["log10_norm"]
        x = np.arange(depth.value + 1)
        with fw.batch_update():
            fw.data[0].x, fw.data[0].y = x, plain
            fw.data[1].x, fw.data[1].y = x, mine
            fw.layout.title.text = (f"{_flow_title(depth.value, act.value)}, σ_w = {gain.value:.2f}: input gradient "
                                    f"10^{mine[0]:.1f}")

    for c in (depth, act, gain, residual, ln):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([depth, act, gain]), W.VBox([residual, ln])]), fw])


def gradient_flow_explorer() -> Explorable:
    return Explorable("Gradient flow through depth", live=gradient_flow_live, static=gradient_flow_static)


# ------------------------------------------------------------------ attention heatmap

SENTENCE = "the cat sat on the mat because it was tired".split()
EMBED_DIM = 16


def toy_embeddings(tokens=tuple(SENTENCE), d=EMBED_DIM, seed=3):
    """Hand-made toy embeddings (not a trained model): each distinct word gets a seeded random vector of
    norm 2.5 (so a repeated word like "the" matches itself), and "it" is built to resemble "cat"
    (0.8·cat + 0.6·its own direction). Returns X (len(tokens), d); in the widget Q = K = V = X."""
    rng = np.random.default_rng(seed)
    vocab = sorted(set(tokens))
    raw = rng.standard_normal((len(vocab), d))
    vec = {w: 2.5 * r / np.linalg.norm(r) for w, r in zip(vocab, raw)}
    if "it" in vec and "cat" in vec:
        vec["it"] = 0.8 * vec["cat"] + 0.6 * vec["it"]
    return np.array([vec[w] for w in tokens])


def attention_view(temperature=1.0, causal=True):
    """The heatmap's weights for the toy sentence at a temperature, with or without the causal mask."""
    X = toy_embeddings()
    return attention(X, X, X, causal=causal, temperature=temperature)[1]


def _labels():
    return [f"{i}:{w}" for i, w in enumerate(SENTENCE)]


def _attention_figure(height):
    fig = go.Figure()
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=110, r=30, t=110, b=150)))
    fig.update_xaxes(title_text="key j (the word looked at)", tickangle=-45, showgrid=False)
    fig.update_yaxes(title_text="query i (the word looking)", autorange="reversed", showgrid=False)
    return fig


def _heat(z, visible=True):
    return go.Heatmap(z=z, x=_labels(), y=_labels(), zmin=0, zmax=1, colorscale="Blues", visible=visible,
                      texttemplate="%{z:.2f}", textfont=dict(size=9),
                      colorbar=dict(title=dict(text="weight", side="right"), thickness=14),
                      hovertemplate="query %{y} → key %{x}: %{z:.3f}<extra></extra>")


TEMPERATURES = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0)


def attention_static(temps=TEMPERATURES):
    """Book twin: slider over temperature; buttons switch the causal mask on and off (two heatmaps)."""
    height = 640
    fig = _attention_figure(height)
    default = temps.index(1.0)
    fig.add_trace(_heat(round_sig(attention_view(temps[default], True)), True))
    fig.add_trace(_heat(round_sig(attention_view(temps[default], False)), False))
    title = lambda T: f"Attention weights of a toy sentence, temperature T = {T:g}"

    def states(T):
        return {"z": [attention_view(T, True), attention_view(T, False)]}

    precomputed_slider_figure(fig, "temperature T", temps, states, [0, 1], active=default, fmt="{:g}".format,
                              title=title)
    fig.update_layout(
        title=_title(title(temps[default]), height),
        meta={"alt": "Heatmap of attention weights, query words against key words, for a toy sentence: with the "
                     "causal mask the upper triangle is zero; a low temperature makes each row pick one word "
                     "(here mostly itself, since queries equal keys), a high one spreads the weight evenly."},
        updatemenus=[dict(name="mask", type="buttons", direction="right", x=0.0, y=1.06, xanchor="left",
                          yanchor="bottom", showactive=True, active=0, pad=dict(r=4, t=0),
                          buttons=[dict(label="causal (GPT)", method="restyle", args=[{"visible": [True, False]}]),
                                   dict(label="no mask (BERT)", method="restyle",
                                        args=[{"visible": [False, True]}])])])
    return fig


def attention_live():
    """Live: temperature slider (log scale) and causal mask toggle drive one heatmap."""
    fw = go.FigureWidget(_attention_figure(640))
    fw.add_trace(_heat(attention_view(1.0, True)))
    fw.update_layout(meta={"alt": "Live heatmap of attention weights of a toy sentence for the chosen "
                                  "temperature and mask."})
    temp = W.FloatLogSlider(1.0, base=10, min=-1.5, max=1.5, step=0.05, description="temperature T",
                            style={"description_width": "110px"}, readout_format=".3g")
    causal = W.Checkbox(True, description="causal mask (a word sees only itself and earlier words)")

    def update(*_):
        z = attention_view(temp.value, causal.value)
        with fw.batch_update():
            fw.data[0].z = z
            fw.layout.title.text = (f"Attention weights, T = {temp.value:.3g}, "
                                    f"{'causal' if causal.value else 'no mask'}: 'it' → 'cat' {z[7, 1]:.2f}")

    temp.observe(update, "value")
    causal.observe(update, "value")
    update()
    return W.VBox([W.HBox([temp, causal]), fw])


def attention_heatmap() -> Explorable:
    return Explorable("Attention on a toy sentence", live=attention_live, static=attention_static)


# ------------------------------------------------------------------ RoPE rotator

ROPE_D = 8
ROPE_TOP = 150  # px above the plots: title 32-52, pair buttons 58-88, legend 94-114, subplot titles


def rope_vectors():
    """The q and k of the chapter: np.random.RandomState(0).randn(2, 8)."""
    q, k = np.random.RandomState(0).randn(2, ROPE_D)
    return q, k


OFFSETS = np.arange(-16, 17)


def rope_view(n, offset, pair):
    """Everything the rotator shows with k at position n and q at m = n + offset:
    the rotated 2-D pair `pair` of q and k, the score q·k for every offset m − n in OFFSETS (computed
    at this n), and the current score."""
    q, k = rope_vectors()
    rk = rope(k, n)
    scores = np.array([rope(q, n + o) @ rk for o in OFFSETS])
    rq = rope(q, n + offset)
    return {"q_pair": rq[2 * pair: 2 * pair + 2], "k_pair": rk[2 * pair: 2 * pair + 2], "scores": scores,
            "score": float(rq @ rk), "m": n + offset}


def _rope_figure(height):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.42, 0.58], horizontal_spacing=0.12,
                        subplot_titles=("one rotated pair (x_2i, x_2i+1)", "q·k against the offset m − n"))
    lim = 2.6
    fig.update_xaxes(range=[-lim, lim], title_text="x_2i", row=1, col=1, zeroline=True, zerolinecolor="#bbb")
    fig.update_yaxes(range=[-lim, lim], title_text="x_2i+1", row=1, col=1, scaleanchor="x", zeroline=True,
                     zerolinecolor="#bbb")
    fig.update_xaxes(title_text="offset m − n (positions)", row=1, col=2)
    fig.update_yaxes(title_text="q·k after RoPE", range=[-9, 9], row=1, col=2)
    paper = height - ROPE_TOP - 140
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=60, r=30, t=ROPE_TOP, b=140),
                                      legend=dict(orientation="h", x=0.0, y=1 + (ROPE_TOP - 94) / paper,
                                                  xanchor="left", yanchor="top")))
    for ann in fig.layout.annotations:
        ann.font = dict(size=13)
    return fig


def _arrow(xy, name, colour, visible=True, showlegend=True):
    return go.Scatter(x=[0.0, xy[0]], y=[0.0, xy[1]], mode="lines+markers", name=name, visible=visible,
                      showlegend=showlegend, line=dict(color=colour, width=3),
                      marker=dict(size=[0, 10], symbol="circle"), hovertemplate="(%{x:.3f}, %{y:.3f})<extra></extra>")


def _rope_title(n, offset, score):
    return f"RoPE: k at n = {n}, q at m = {n + offset}: q·k = {score:.4f}"


ROPE_SHIFTS = (0, 1, 3, 10, 30, 100, 300, 1000)


def rope_static(shifts=ROPE_SHIFTS, offset=2, pairs=tuple(range(ROPE_D // 2))):
    """Book twin: slider shifts both positions together (k at n, q at n + offset); buttons pick the pair.
    The arrows turn, the score curve and the current score stay the same."""
    height = 600
    fig = _rope_figure(height)
    v0 = rope_view(shifts[0], offset, 0)
    for p in pairs:
        v = rope_view(shifts[0], offset, p)
        fig.add_trace(_arrow(v["q_pair"], "q at m", PALETTE["blue"], p == 0, p == 0), row=1, col=1)
        fig.add_trace(_arrow(v["k_pair"], "k at n", PALETTE["vermillion"], p == 0, p == 0), row=1, col=1)
    fig.add_trace(go.Scatter(x=OFFSETS, y=round_sig(v0["scores"]), mode="lines+markers", name="q·k at this n",
                             line=dict(color=PALETTE["green"]), marker=dict(size=4)), row=1, col=2)
    fig.add_trace(go.Scatter(x=[offset], y=[v0["score"]], mode="markers", name="current m − n",
                             marker=dict(size=12, color=PALETTE["blue"], symbol="diamond")), row=1, col=2)
    npair = len(pairs)

    def states(n):
        xs, ys = [], []
        for p in pairs:
            v = rope_view(n, offset, p)
            for key in ("q_pair", "k_pair"):
                xs.append([0.0, float(v[key][0])])
                ys.append([0.0, float(v[key][1])])
        v = rope_view(n, offset, 0)
        return {"x": xs + [OFFSETS, [offset]], "y": ys + [v["scores"], [v["score"]]]}

    title = lambda n: _rope_title(n, offset, rope_view(n, offset, 0)["score"])
    precomputed_slider_figure(fig, "shift n (k at n, q at n + 2)", shifts, states,
                              list(range(2 * npair + 2)), active=0, fmt="{:d}".format, title=title)
    fig.update_layout(
        title=_title(title(shifts[0]), height),
        meta={"alt": "RoPE rotator: as both positions shift together, the arrows of a rotated pair of q and k "
                     "turn by the same angle, while the dot product q·k, plotted against the offset m − n, "
                     "stays exactly the same."},
        updatemenus=[dict(name="pair i", type="buttons", direction="right", x=0.0,
                          y=1 + (ROPE_TOP - 58) / (height - ROPE_TOP - 140), xanchor="left", yanchor="top", showactive=True, active=0, pad=dict(r=4, t=0),
                          buttons=[dict(label=f"pair i = {p} (θ = {rope_thetas(ROPE_D)[p]:g})", method="restyle",
                                        args=[{"visible": [j // 2 == p for j in range(2 * npair)] + [True, True],
                                               "showlegend": [j // 2 == p for j in range(2 * npair)] + [True, True]}])
                                   for p in pairs])])
    return fig


def rope_live():
    """Live: position of k, offset of q, pair index."""
    fw = go.FigureWidget(_rope_figure(600))
    v = rope_view(0, 2, 0)
    fw.add_trace(_arrow(v["q_pair"], "q at m", PALETTE["blue"]), row=1, col=1)
    fw.add_trace(_arrow(v["k_pair"], "k at n", PALETTE["vermillion"]), row=1, col=1)
    fw.add_trace(go.Scatter(x=OFFSETS, mode="lines+markers", name="q·k at this n", line=dict(color=PALETTE["green"]),
                            marker=dict(size=4)), row=1, col=2)
    fw.add_trace(go.Scatter(x=[2], mode="markers", name="current m − n",
                            marker=dict(size=12, color=PALETTE["blue"], symbol="diamond")), row=1, col=2)
    fw.update_layout(meta={"alt": "Live RoPE rotator: one rotated pair of q and k, and q·k against the offset "
                                  "m − n, for the chosen positions and pair."})
    style = {"description_width": "140px"}
    n = W.IntSlider(0, min=0, max=200, description="k at position n", style=style)
    off = W.IntSlider(2, min=int(OFFSETS[0]), max=int(OFFSETS[-1]), description="offset m − n", style=style)
    pair = W.Dropdown(options=[(f"{p} (θ = {t:g})", p) for p, t in enumerate(rope_thetas(ROPE_D))], value=0,
                      description="pair i", style=style)

    def update(*_):
        v = rope_view(n.value, off.value, pair.value)
        with fw.batch_update():
            fw.data[0].x, fw.data[0].y = [0.0, v["q_pair"][0]], [0.0, v["q_pair"][1]]
            fw.data[1].x, fw.data[1].y = [0.0, v["k_pair"][0]], [0.0, v["k_pair"][1]]
            fw.data[2].y = v["scores"]
            fw.data[3].x, fw.data[3].y = [off.value], [v["score"]]
            fw.layout.title.text = _rope_title(n.value, off.value, v["score"])

    for c in (n, off, pair):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([n, off]), pair]), fw])


def rope_rotator() -> Explorable:
    return Explorable("The RoPE rotator", live=rope_live, static=rope_static)
