"""Memory that keeps learning: the models of chapter `continual-learning` and its explorables.

Models (pure numpy, parameters in, arrays out):
    quad_loss            L(w) = ½(w − c)ᵀH(w − c) for a diagonal or full H, over the last axis of w
    train_path           gradient descent on task A, then on task B (optionally with replay, an EWC penalty or a
                         fast/slow weight split), then a rest phase; the weight path and L_A, L_B over time
    forgetting           L_A(after B) − L_A(after A) for plain sequential gradient descent from w = 0
    replay_optimum       the minimum of L_B + ρ·L_A: (H_B + ρH_A)⁻¹(H_B b + ρH_A a)
    ewc_optimum          the minimum of L_B + (λ/2)Σ F_i(w_i − anchor_i)²
    fast_slow_step, fast_slow   one shared error, a slow weight and a decaying fast weight
    fast_weight_readout  W = Σ v_i k_iᵀ, read out at q (a fast-weight memory)
    linear_attention, softmax_attention   attention over stored keys and values
    retrieval_curve, retrieval_accuracy   fraction of stored keys whose readout is nearest to its own value
                         (linear vs softmax), against the number of stored pairs
    hopfield_recall      one synchronous update of a Hopfield network with Hebbian weights
    ring_walk, grid_walk, successor_representation   random-walk transitions and M = (I − γT)⁻¹
    hrr_vectors, bind, unbind   holographic reduced representations (circular convolution / correlation)
Explorables: forgetting_lab(), fast_weight_memory(), successor_map().
"""
from __future__ import annotations

import functools

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig

# ------------------------------------------------------------------ two quadratic tasks

H_A, A_OPT = np.diag([1.0, 0.1]), np.array([1.0, 1.0])
H_B, B_OPT = np.diag([0.1, 1.0]), np.array([-1.0, -1.0])


def quad_loss(w, H, c):
    """L(w) = ½(w − c)ᵀH(w − c); w may carry leading axes (…, d), one loss per row."""
    d = np.asarray(w, dtype=float) - np.asarray(c, dtype=float)
    return 0.5 * np.einsum("...i,ij,...j->...", d, np.asarray(H, dtype=float), d)


def fast_slow_step(w_slow, w_fast, err, eta_slow, eta_fast, decay):
    """One step of a fast/slow weight pair driven by ONE shared error signal `err` (a prediction error, or
    minus a gradient): the slow weight adds η_slow·err; the fast weight first decays, then adds η_fast·err:
    w_fast ← decay·w_fast + η_fast·err. Returns the new (w_slow, w_fast)."""
    return w_slow + eta_slow * err, decay * w_fast + eta_fast * err


def fast_slow(targets, eta_slow, eta_fast, decay):
    """Fast and slow weights tracking a sequence of scalar targets y_1 … y_T, both starting at 0.

    The prediction is the sum w = w_slow + w_fast. For each target: the shared error e = y_t − (w_slow + w_fast)
    (computed before either weight changes), then fast_slow_step. Returns an array (T + 1, 2): (w_slow, w_fast)
    before the first target and after each update."""
    ws, wf = 0.0, 0.0
    out = [(ws, wf)]
    for y in np.asarray(targets, dtype=float):
        ws, wf = fast_slow_step(ws, wf, y - (ws + wf), eta_slow, eta_fast, decay)
        out.append((ws, wf))
    return np.array(out, dtype=float)


def train_path(eta=0.5, steps=100, rho=0.0, lam=0.0, decay=None, rest=0, slow_share=0.1,
               HA=H_A, a=A_OPT, HB=H_B, b=B_OPT):
    """Gradient descent from w = 0: `steps` steps on task A, then `steps` on task B, then `rest` steps with no
    gradient. During B the gradient is that of L_B + ρ·L_A (replay ratio ρ: each B step also replays A's
    gradient, weighted ρ) + (λ/2)Σ F_i(w_i − w_A,i)² (EWC: F = diag(H_A), anchored at the weights after A).
    decay=None: plain weights, w ← w − η·g. Otherwise w = w_slow + w_fast with fast_slow_step(err = −g,
    η_slow = slow_share·η, η_fast = η, decay): quick, transient learning on top of slow consolidation.
    Returns dict path (2·steps + rest + 1, 2), loss_A and loss_B along it, w_A (weights after A)."""
    HA, HB = np.asarray(HA, float), np.asarray(HB, float)
    a, b = np.asarray(a, float), np.asarray(b, float)
    F = np.diag(HA)
    ws, wf = np.zeros(2), np.zeros(2)
    path = [ws + wf]
    w_A = None
    for t in range(2 * steps + rest):
        w = ws + wf
        if t < steps:
            g = HA @ (w - a)
        elif t < 2 * steps:
            if w_A is None:
                w_A = w.copy()
            g = HB @ (w - b) + rho * HA @ (w - a) + lam * F * (w - w_A)
        else:
            g = np.zeros(2)
        if decay is None:
            ws = ws - eta * g
        else:
            ws, wf = fast_slow_step(ws, wf, -g, slow_share * eta, eta, decay)
        path.append(ws + wf)
    path = np.array(path)
    if w_A is None:
        w_A = path[min(steps, len(path) - 1)]
    return {"path": path, "loss_A": quad_loss(path, HA, a), "loss_B": quad_loss(path, HB, b), "w_A": w_A}


def forgetting(H_A, a, H_B, b, eta, steps):
    """Plain sequential gradient descent from w = 0: `steps` steps on L_A (w ← w − η·H_A(w − a)), then `steps`
    on L_B. Returns L_A(after B) − L_A(after A), the rise in task A's loss caused by training on B."""
    H_A, H_B = np.asarray(H_A, float), np.asarray(H_B, float)
    a, b = np.asarray(a, float), np.asarray(b, float)
    w = np.zeros(len(a))
    for _ in range(int(steps)):
        w = w - eta * H_A @ (w - a)
    before = quad_loss(w, H_A, a)
    for _ in range(int(steps)):
        w = w - eta * H_B @ (w - b)
    return float(quad_loss(w, H_A, a) - before)


def replay_optimum(H_A, a, H_B, b, rho):
    """The minimum of L_B + ρ·L_A (training on B while replaying A at ratio ρ, to convergence):
    w* = (H_B + ρH_A)⁻¹(H_B b + ρH_A a)."""
    H_A, H_B = np.asarray(H_A, float), np.asarray(H_B, float)
    return np.linalg.solve(H_B + rho * H_A, H_B @ np.asarray(b, float) + rho * H_A @ np.asarray(a, float))


def ewc_optimum(H_B, b, F, anchor, lam):
    """The minimum of L_B + (λ/2)Σ_i F_i(w_i − anchor_i)² (elastic weight consolidation with a diagonal
    Fisher F): w* = (H_B + λ·diag F)⁻¹(H_B b + λ·F∘anchor)."""
    H_B, F = np.asarray(H_B, float), np.asarray(F, float)
    return np.linalg.solve(H_B + lam * np.diag(F), H_B @ np.asarray(b, float) + lam * F * np.asarray(anchor, float))


# ------------------------------------------------------------------ fast-weight memory and attention


def fast_weight_readout(K, V, q):
    """A fast-weight memory: store n key–value pairs as W = Σ_i v_i k_iᵀ (K: (n, d_k) keys, V: (n, d_v)
    values), read out at a query q (d_k,): returns W q, shape (d_v,)."""
    K, V = np.asarray(K, float), np.asarray(V, float)
    W_fast = np.zeros((V.shape[1], K.shape[1]))
    for k, v in zip(K, V):
        W_fast += np.outer(v, k)
    return W_fast @ np.asarray(q, float)


def linear_attention(K, V, q):
    """Unnormalised linear attention: Σ_i (k_i·q) v_i, computed as Vᵀ(Kq) (never forming W)."""
    return np.asarray(V, float).T @ (np.asarray(K, float) @ np.asarray(q, float))


def softmax_attention(K, V, q, beta=1.0):
    """Softmax attention: Σ_i softmax_i(β k_i·q) v_i (stable: the largest score is subtracted first)."""
    s = beta * (np.asarray(K, float) @ np.asarray(q, float))
    p = np.exp(s - s.max())
    return np.asarray(V, float).T @ (p / p.sum())


def random_memory(n, d, seed=0):
    """n random unit-norm keys and n random ±1 values, both of dimension d (seeded)."""
    rng = np.random.default_rng(seed)
    K = rng.normal(size=(n, d))
    K /= np.linalg.norm(K, axis=1, keepdims=True)
    V = rng.choice([-1.0, 1.0], size=(n, d))
    return K, V


def retrieval_curve(ns, d, beta=8.0, seeds=4):
    """Retrieval accuracy of a memory holding the first n pairs of a seeded random memory (random_memory with
    max(ns) pairs, dimension d), for each n in ns. Each stored key is used as a query; a retrieval is correct when
    the readout's best-matching stored value (largest dot product) is the key's own value. Returns an array
    (len(ns), 2): (linear = fast-weight readout, softmax with inverse temperature β), averaged over `seeds`
    seeded memories (seeds 0 … seeds − 1)."""
    ns = [int(n) for n in ns]
    acc = np.zeros((len(ns), 2))
    for seed in range(seeds):
        K, V = random_memory(max(ns), int(d), seed)
        S, VV = K @ K.T, V @ V.T  # all key-key scores and value-value matches at once
        for j, n in enumerate(ns):
            s, vv = S[:n, :n], VV[:n, :n]
            P = np.exp(beta * (s - s.max(axis=1, keepdims=True)))
            idx = np.arange(n)
            # (S V) V^T = S (V V^T): the readout's match with every stored value, without forming the readout
            acc[j] += [np.mean(np.argmax(s @ vv, axis=1) == idx),
                       np.mean(np.argmax((P / P.sum(axis=1, keepdims=True)) @ vv, axis=1) == idx)]
    return acc / seeds


def retrieval_accuracy(n, d, beta=8.0, seeds=4):
    """(linear, softmax β) retrieval accuracy of a memory of n random pairs in dimension d (retrieval_curve)."""
    return retrieval_curve([n], d, beta, seeds)[0]


def hopfield_recall(patterns, probe):
    """One synchronous update of a Hopfield network storing ±1 `patterns` (p, N) with Hebbian weights
    W = (1/N)Σ_μ ξ_μ ξ_μᵀ, diagonal set to 0. Each unit takes the sign of its field h = W·probe; a unit whose
    field is exactly 0 keeps its probe value. Returns an int array of ±1, shape (N,)."""
    X = np.asarray(patterns, dtype=float)
    s = np.asarray(probe, dtype=float)
    W_h = X.T @ X / X.shape[1]
    np.fill_diagonal(W_h, 0.0)
    h = W_h @ s
    return np.where(h > 0, 1, np.where(h < 0, -1, s)).astype(int)


# ------------------------------------------------------------------ maps: the successor representation


def ring_walk(n):
    """Random walk on a ring of n states: one step left or right with probability ½ each."""
    T = np.zeros((n, n))
    i = np.arange(n)
    T[i, (i + 1) % n] += 0.5
    T[i, (i - 1) % n] += 0.5
    return T


def grid_walk(n=7, wall=False):
    """Random walk on an n×n grid (state = row·n + column): each of the 4 moves with probability ¼; a move into
    the border or the wall leaves the walker where it is. wall=True: a wall between columns n//2 − 1 and n//2
    in every row except the bottom one (a door)."""
    T = np.zeros((n * n, n * n))
    c = n // 2
    for r in range(n):
        for col in range(n):
            s = r * n + col
            for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                r2, c2 = r + dr, col + dc
                blocked = not (0 <= r2 < n and 0 <= c2 < n)
                if wall and dr == 0 and r != n - 1 and {col, c2} == {c - 1, c}:
                    blocked = True
                T[s, s if blocked else r2 * n + c2] += 0.25
    return T


def successor_representation(T, gamma):
    """M = Σ_t γ^t T^t = (I − γT)⁻¹: M[s, s'] is the expected discounted number of future visits to s'
    starting from s (the visit at t = 0 counts). Each row of a stochastic T sums to 1/(1 − γ)."""
    T = np.asarray(T, dtype=float)
    return np.linalg.inv(np.eye(len(T)) - gamma * T)


# ------------------------------------------------------------------ binding: holographic reduced representations


def hrr_vectors(n, d, seed=0):
    """n random HRR vectors of dimension d, elements N(0, 1/d) (seeded), shape (n, d)."""
    return np.random.default_rng(seed).normal(0.0, 1.0 / np.sqrt(d), size=(n, d))


def bind(a, b):
    """Circular convolution (a ⊛ b)_j = Σ_k a_k b_(j−k mod d), by FFT."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.fft.irfft(np.fft.rfft(a) * np.fft.rfft(b), n=a.shape[-1])


def unbind(memory, role):
    """Circular correlation (role ⊕ memory)_j = Σ_k role_k memory_(j+k mod d): an approximate inverse of bind,
    so unbind(bind(role, filler), role) ≈ filler plus noise."""
    m, r = np.asarray(memory, float), np.asarray(role, float)
    return np.fft.irfft(np.conj(np.fft.rfft(r)) * np.fft.rfft(m), n=m.shape[-1])


def cosine(x, Y):
    """Cosine similarity of x with each row of Y."""
    x, Y = np.asarray(x, float), np.asarray(Y, float)
    return Y @ x / (np.linalg.norm(Y, axis=-1) * np.linalg.norm(x))


# ================================================================== explorables

# ------------------------------------------------------------------ forgetting lab
STEPS, REST = 60, 30
LAB_RHOS = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0)
LAB_DECAYS = (None, 0.9)
_GX = np.linspace(-1.6, 1.6, 33)


def _lab_title(eta, rho, lam, decay, run):
    fw = "off" if decay is None else f"{decay:.2f}"
    return (f"Forgetting lab: η = {eta:.2f}, replay ρ = {rho:.2f}, EWC λ = {lam:.2f}, fast-weight decay {fw}: "
            f"L_A after B = {run['loss_A'][2 * STEPS]:.3f}")


def _lab_figure(height=640, live=False):
    """live=True: no slider or menu to make room for, so tighter margins and the legend right below the axes."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55], horizontal_spacing=0.12,
                        subplot_titles=("weights w over both loss landscapes", "losses during training"))
    X, Y = np.meshgrid(_GX, _GX)
    P = np.stack([X, Y], axis=-1)
    for H, c, name, col in ((H_A, A_OPT, "L_A contours", PALETTE["blue"]), (H_B, B_OPT, "L_B contours", PALETTE["vermillion"])):
        fig.add_trace(go.Contour(x=_GX, y=_GX, z=round_sig(quad_loss(P, H, c)), showscale=False, name=name,
                                 contours=dict(coloring="none", start=0.05, end=1.6, size=0.25),
                                 line=dict(color=col, width=1), hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[1, -1], y=[1, -1], mode="markers+text", text=["a (task A)", "b (task B)"],
                             textposition=["top left", "bottom right"], marker=dict(size=9, color="#444", symbol="x"),
                             showlegend=False, hoverinfo="skip"), row=1, col=1)
    fig.add_vrect(x0=STEPS, x1=2 * STEPS, fillcolor="#eeeeee", line_width=0, layer="below", row=1, col=2)
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=60, r=20, t=90 if live else 150, b=110 if live else 210),
                                      legend=dict(orientation="h", x=0.0, y=-0.3 if live else -0.62, xanchor="left",
                                                  yanchor="top")),
                      meta={"alt": "Left: contours of two quadratic task losses and the weight path of gradient "
                                   "descent trained on task A, then task B, then resting; right: L_A and L_B over "
                                   "time. Replay or an EWC penalty keeps the weights between the two minima."})
    fig.update_xaxes(title_text="w₁", range=[-1.6, 1.6], row=1, col=1)
    fig.update_yaxes(title_text="w₂", range=[-1.6, 1.6], scaleanchor="x", row=1, col=1)
    fig.update_xaxes(title_text="step (A, then B shaded, then rest)", row=1, col=2)
    fig.update_yaxes(title_text="loss", range=[0, 2.3], row=1, col=2)
    return fig


def _lab_traces(fig, run, visible=True, dash="solid", label="", stride=1):
    t = np.arange(len(run["path"]))[::stride]
    fig.add_trace(go.Scatter(x=round_sig(run["path"][::stride, 0]), y=round_sig(run["path"][::stride, 1]), mode="lines",
                             name=f"weight path{label}", visible=visible,
                             line=dict(color=PALETTE["black"] if dash == "solid" else PALETTE["purple"]),
                             hovertemplate="w = (%{x:.3f}, %{y:.3f})<extra></extra>"), row=1, col=1)
    for key, name, col in (("loss_A", "L_A", PALETTE["blue"]), ("loss_B", "L_B", PALETTE["vermillion"])):
        fig.add_trace(go.Scatter(x=t, y=round_sig(run[key][::stride]), mode="lines", name=f"{name}{label}", visible=visible,
                                 line=dict(color=col, dash=dash), hovertemplate="step %{x}: %{y:.4f}<extra></extra>"),
                      row=1, col=2)


def _lab_run(eta, rho, lam, decay):
    return train_path(eta, STEPS, rho, lam, decay, REST)


def forgetting_static(rhos=LAB_RHOS, decays=LAB_DECAYS, eta=0.5, stride=3):
    """Slider over the replay ratio ρ (λ = 0); buttons: plain weights or fast/slow weights (visibility). Every
    `stride`-th step is drawn (the page budget); the steps STEPS and 2·STEPS are on that grid."""
    fig = _lab_figure()
    active = rhos.index(0.0)
    for i, dec in enumerate(decays):
        _lab_traces(fig, _lab_run(eta, rhos[active], 0.0, dec), visible=i == 0, dash="solid" if i == 0 else "dash",
                    label="" if dec is None else f" (fast/slow, decay {dec})", stride=stride)
    idx = list(range(3, 3 + 3 * len(decays)))

    def states(rho):
        xs, ys = [], []
        for dec in decays:
            run = _lab_run(eta, rho, 0.0, dec)
            t = np.arange(len(run["path"]))[::stride]
            xs += [run["path"][::stride, 0], t, t]
            ys += [run["path"][::stride, 1], run["loss_A"][::stride], run["loss_B"][::stride]]
        return {"x": xs, "y": ys}

    def title(rho):
        run = _lab_run(eta, rho, 0.0, None)
        return f"Forgetting lab: replay ratio ρ = {rho:.2f}: L_A after B = {run['loss_A'][2 * STEPS]:.3f} (plain weights)"

    precomputed_slider_figure(fig, "replay ratio ρ", rhos, states, idx, active=active, fmt="{:.2f}".format, title=title)
    n = 3 + 3 * len(decays)
    fig.update_layout(title=pinned_title(title(rhos[active]), 640),
                      updatemenus=[dict(name="weights", type="buttons", direction="right", x=0.0, y=1.3,
                                        xanchor="left", yanchor="top", active=0, showactive=True, pad=dict(r=4, t=0),
                                        buttons=[dict(label="plain weights" if dec is None else f"fast/slow, decay {dec}",
                                                      method="restyle",
                                                      args=[{"visible": [True] * 3 + [(j - 3) // 3 == i for j in range(3, n)]}])
                                                 for i, dec in enumerate(decays)])])
    return fig


def forgetting_live():
    """The forgetting lab in JupyterLab: learning rate, replay ratio, EWC λ and fast-weight decay."""
    fig = _lab_figure(height=500, live=True)
    _lab_traces(fig, _lab_run(0.5, 0.0, 0.0, None))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    eta = W.FloatSlider(0.5, min=0.05, max=1.5, step=0.05, description="η (learning rate)", style=style,
                        readout_format=".2f")
    rho = W.FloatSlider(0.0, min=0.0, max=4.0, step=0.05, description="ρ (replay ratio)", style=style,
                        readout_format=".2f")
    lam = W.FloatSlider(0.0, min=0.0, max=10.0, step=0.5, description="λ (EWC strength)", style=style,
                        readout_format=".1f")
    decay = W.FloatSlider(0.0, min=0.0, max=0.95, step=0.05, description="fast-weight decay", style=style,
                          readout_format=".2f")
    fast = W.Checkbox(False, description="fast/slow weights")

    def update(*_):
        dec = decay.value if fast.value else None
        run = _lab_run(eta.value, rho.value, lam.value, dec)
        t = np.arange(len(run["path"]))
        with fw.batch_update():
            fw.data[3].x, fw.data[3].y = run["path"][:, 0], run["path"][:, 1]
            fw.data[4].x, fw.data[4].y = t, run["loss_A"]
            fw.data[5].x, fw.data[5].y = t, run["loss_B"]
            fw.layout.title.text = _lab_title(eta.value, rho.value, lam.value, dec, run)

    for c in (eta, rho, lam, decay, fast):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([eta, rho, lam]), W.VBox([fast, decay])]), fw])


def forgetting_lab() -> Explorable:
    return Explorable("Forgetting lab", live=forgetting_live, static=forgetting_static)


# ------------------------------------------------------------------ fast-weight memory
MEM_NS = tuple(range(2, 65, 2))
MEM_DS = (4, 8, 16, 32, 64, 128)


@functools.lru_cache(maxsize=64)
def memory_curves(d, beta=8.0, seeds=4):
    """Retrieval accuracy (linear, softmax) against the number of stored pairs MEM_NS, dimension d: (len, 2)."""
    out = retrieval_curve(MEM_NS, d, beta, seeds)
    out.flags.writeable = False
    return out


def _mem_title(d, beta=8.0):
    return f"Fast-weight memory: key dimension d = {d}, softmax β = {beta:.1f}"


def _mem_figure(height=460):
    fig = go.Figure()
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=80, b=120),
                                      legend=dict(x=0.99, y=0.02, xanchor="right", yanchor="bottom")),
                      meta={"alt": "Retrieval accuracy of a key-value memory against the number of stored pairs: "
                                   "the linear (fast-weight) readout degrades once the pairs outnumber the key "
                                   "dimension; softmax attention keeps retrieving far longer."})
    fig.update_xaxes(title_text="stored key–value pairs n")
    fig.update_yaxes(title_text="retrieval accuracy (fraction correct)", range=[0, 1.05])
    return fig


def _mem_traces(fig, acc):
    for j, (name, c) in enumerate((("linear attention = fast weights", PALETTE["blue"]),
                                   ("softmax attention", PALETTE["orange"]))):
        fig.add_trace(go.Scatter(x=list(MEM_NS), y=round_sig(acc[:, j]), mode="lines+markers", name=name,
                                 line=dict(color=c), marker=dict(size=5),
                                 hovertemplate="n = %{x}: %{y:.3f}<extra></extra>"))


def memory_static(ds=MEM_DS):
    """Slider over the key dimension d (softmax β = 8)."""
    fig = _mem_figure()
    active = ds.index(32)
    _mem_traces(fig, memory_curves(ds[active]))
    precomputed_slider_figure(fig, "key dimension d", ds, lambda d: {"y": [memory_curves(d)[:, 0], memory_curves(d)[:, 1]]},
                              [0, 1], active=active, fmt="{:d}".format, title=_mem_title)
    return fig.update_layout(title=pinned_title(_mem_title(ds[active]), 460))


def memory_live():
    """The fast-weight memory in JupyterLab: key dimension and softmax inverse temperature."""
    fig = _mem_figure(height=440)
    _mem_traces(fig, memory_curves(32))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    d = W.SelectionSlider(options=list(MEM_DS), value=32, description="d (key dimension)", style=style)
    beta = W.SelectionSlider(options=[0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0], value=8.0, description="β (softmax)",
                             style=style)

    def update(*_):
        acc = memory_curves(d.value, beta.value)
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = acc[:, 0], acc[:, 1]
            fw.layout.title.text = _mem_title(d.value, beta.value)

    d.observe(update, "value")
    beta.observe(update, "value")
    update()
    return W.VBox([W.HBox([d, beta]), fw])


def fast_weight_memory() -> Explorable:
    return Explorable("Fast-weight memory", live=memory_live, static=memory_static)


# ------------------------------------------------------------------ successor map
GRID_N = 7
SR_GAMMAS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
SR_STATE = 3 * GRID_N + 1  # row 3, column 1: left of the wall


@functools.lru_cache(maxsize=32)
def sr_matrix(gamma, wall):
    """The successor representation of the GRID_N×GRID_N random walk (cached, read-only)."""
    M = successor_representation(grid_walk(GRID_N, wall), gamma)
    M.flags.writeable = False
    return M


def sr_row(gamma, wall, state=SR_STATE):
    """Row `state` of M as a GRID_N×GRID_N image, scaled by (1 − γ) (a distribution over future states)."""
    return (1 - gamma) * sr_matrix(gamma, wall)[state].reshape(GRID_N, GRID_N)


def _sr_title(gamma, wall, state=SR_STATE):
    r, c = divmod(state, GRID_N)
    return f"Successor map of state (row {r}, col {c}): γ = {gamma:.2f}, wall {'on' if wall else 'off'}"


def _sr_figure(height=500):
    fig = go.Figure()
    c = GRID_N // 2 - 0.5
    fig.update_layout(**pinned_layout(height=height, margin=dict(l=70, r=30, t=110, b=120)),
                      meta={"alt": "Heatmap of one row of the successor representation of a random walk on a 7 by 7 "
                                   "grid: the discounted expected future occupancy of each cell from the chosen "
                                   "state; it spreads as γ grows, and a wall bends it around the door."})
    fig.update_xaxes(title_text="column", range=[-0.5, GRID_N - 0.5], dtick=1, constrain="domain")
    fig.update_yaxes(title_text="row", range=[GRID_N - 0.5, -0.5], dtick=1, scaleanchor="x", constrain="domain")
    fig.add_shape(type="line", x0=c, x1=c, y0=-0.5, y1=GRID_N - 1.5, line=dict(color="#222", width=4))
    return fig


def _sr_trace(z, wall, visible=True):
    return go.Heatmap(z=round_sig(z), colorscale="Viridis", visible=visible,
                      name="wall on" if wall else "wall off",
                      colorbar=dict(title=dict(text="(1 − γ)·M[s, s′]", side="right")),
                      hovertemplate="row %{y}, col %{x}: %{z:.4f}<extra></extra>")


def successor_static(gammas=SR_GAMMAS):
    """Slider over γ; buttons: wall off / on (each has its own heatmap; the wall line shows in both)."""
    fig = _sr_figure()
    active = gammas.index(0.9)
    for wall in (False, True):
        fig.add_trace(_sr_trace(sr_row(gammas[active], wall), wall, visible=wall))
    precomputed_slider_figure(fig, "discount γ", gammas, lambda g: {"z": [sr_row(g, False), sr_row(g, True)]}, [0, 1],
                              active=active, fmt="{:.2f}".format,
                              title=lambda g: f"Successor map of state (row 3, col 1): γ = {g:.2f}")
    fig.update_layout(title=pinned_title(f"Successor map of state (row 3, col 1): γ = {gammas[active]:.2f}", 500),
                      updatemenus=[dict(name="wall", type="buttons", direction="right", x=0.0, y=1.17,
                                        xanchor="left", yanchor="top", active=1, showactive=True, pad=dict(r=4, t=0),
                                        buttons=[dict(label="no wall", method="update",
                                                      args=[{"visible": [True, False]}, {"shapes[0].visible": False}]),
                                                 dict(label="wall with a door at the bottom", method="update",
                                                      args=[{"visible": [False, True]}, {"shapes[0].visible": True}])])])
    return fig


def successor_live():
    """The successor map in JupyterLab: γ, the wall, and the state whose row is shown."""
    fig = _sr_figure(height=480)
    fig.add_trace(_sr_trace(sr_row(0.9, True), True))
    fw = go.FigureWidget(fig)
    style = {"description_width": "120px"}
    gamma = W.FloatSlider(0.9, min=0.0, max=0.99, step=0.01, description="γ (discount)", style=style,
                          readout_format=".2f")
    wall = W.Checkbox(True, description="wall (door at the bottom)")
    state = W.IntSlider(SR_STATE, min=0, max=GRID_N * GRID_N - 1, description="state s", style=style)

    def update(*_):
        z = sr_row(gamma.value, wall.value, state.value)
        with fw.batch_update():
            fw.data[0].z = z
            fw.layout.shapes[0].visible = wall.value
            fw.layout.title.text = _sr_title(gamma.value, wall.value, state.value)

    for c in (gamma, wall, state):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([gamma, state, wall]), fw])


def successor_map() -> Explorable:
    return Explorable("Successor map", live=successor_live, static=successor_static)
