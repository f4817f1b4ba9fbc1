"""Clamp anything: the models of chapter `omnidirectional-inference` and its three explorables.

Models (pure numpy, parameters in, arrays out; probabilities are plain floats in [0, 1]):
    conditional          p(x_A | x_B = e) from a full joint table over binary variables
    ar_joint, ar_infill  a 3-variable autoregressive model, and the infill query p(x2 | x1, x3)
    infill_scorings      |V|^k: candidate completions an autoregressive model must score for k blanks
    query_patterns       3^n - 2^n: (query, evidence) patterns over n variables
    boltzmann_query      Z and p(x_i = 1 | x_j = 1) of a small Boltzmann machine, by enumeration
    gibbs_marginals      Gibbs estimates of p(x_i = 1 | clamped units) on a given uniform stream
    pad_machine          the 4x4 Boltzmann machine of the clamp-anything pad (three stored patterns)
    fit_infiller         a least-squares infiller trained for one mask (the amortized answer)
The Boltzmann machine and the Gibbs sampler themselves live in widgets/gibbs.py (shared with other chapters).
Explorables: clamp_pad(), trained_blank(), infill_cost().
"""
from __future__ import annotations

import ipywidgets as Wd
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, precomputed_slider_figure, round_sig
from widgets import gibbs

# ------------------------------------------------------------------ joints and conditionals


def conditional(joint, query, evidence):
    """p(x_query | x_evidence) from a joint table over n binary variables.

    joint: array of shape (2,) * n summing to 1 (axis k is variable k); query: tuple of variable indices
    (the result's axes follow this order); evidence: dict {variable index: observed value 0 or 1}, disjoint
    from query. Variables in neither are summed out. Returns an array of shape (2,) * len(query).
    """
    p = np.asarray(joint, dtype=float)
    index = tuple(evidence.get(k, slice(None)) for k in range(p.ndim))  # slice the evidence
    rest = [k for k in range(p.ndim) if k not in evidence]  # axes left after slicing, in order
    sub = p[index]
    drop = tuple(i for i, k in enumerate(rest) if k not in query)
    marg = sub.sum(axis=drop)  # sum out the unused variables
    kept = [k for k in rest if k in query]
    marg = np.transpose(marg, [kept.index(k) for k in query])  # axes in the order of `query`
    return marg / marg.sum()  # normalise over the evidence slice: p(x_B = e) cancels


def ar_joint(p1, p2, p3):
    """The joint p(x1, x2, x3) (shape (2, 2, 2)) of an autoregressive model over three binary variables:
    p1 = p(x1 = 1), p2[a] = p(x2 = 1 | x1 = a), p3[a][v] = p(x3 = 1 | x1 = a, x2 = v)."""
    p2, p3 = np.asarray(p2, dtype=float), np.asarray(p3, dtype=float)
    px1 = np.array([1 - p1, p1])
    px2 = np.stack([1 - p2, p2], axis=1)  # [a, v]
    px3 = np.stack([1 - p3, p3], axis=2)  # [a, v, c]
    return px1[:, None, None] * px2[:, :, None] * px3


def ar_infill(p1, p2, p3, a, c):
    """p(x2 = 1 | x1 = a, x3 = c) for the autoregressive model of ar_joint: the blank in the middle.

    Bayes over the blank: p(x2 = v | a, c) is proportional to p(x2 = v | a) p(x3 = c | a, v); p(x1 = a) cancels.
    """
    p2, p3 = np.asarray(p2, dtype=float), np.asarray(p3, dtype=float)
    like = p3[a] if c == 1 else 1 - p3[a]  # p(x3 = c | x1 = a, x2 = v) for v = 0, 1
    prior = np.array([1 - p2[a], p2[a]])  # p(x2 = v | x1 = a)
    post = prior * like
    return float(post[1] / post.sum())


def infill_scorings(vocab, k):
    """|V|^k: how many complete sequences an autoregressive model scores to fill k blanks exactly (int)."""
    return int(vocab) ** int(k)


def query_patterns(n):
    """3^n - 2^n: ways to mark each of n variables as query, evidence or unused, with at least one query."""
    return 3 ** int(n) - 2 ** int(n)


# ------------------------------------------------------------------ a small Boltzmann machine, exactly


def boltzmann_query(W, b, i, j):
    """Partition function Z and p(x_i = 1 | x_j = 1) of the Boltzmann machine E = -1/2 x^T W x - b^T x
    (T = 1), by enumerating all 2^n states. Returns (Z, conditional)."""
    X = gibbs.all_states(np.shape(W)[0])
    w = np.exp(-gibbs.energy(X, W, b))  # unnormalised probabilities e^-E
    on = X[:, j] == 1
    return float(w.sum()), float(w[on & (X[:, i] == 1)].sum() / w[on].sum())


def gibbs_marginals(x0, W, b, clamp, U, burn_in):
    """Gibbs estimate of p(x_i = 1 | clamped units): run len(U) sweeps of gibbs.gibbs_step from x0, sweep t
    using the uniforms U[t] (shape (n,)), discard the first burn_in sweeps and average the states after the
    remaining ones. Clamped units keep their values in x0. Returns an array (n,)."""
    x = np.asarray(x0, dtype=float)
    total = np.zeros(x.shape)
    for t, u in enumerate(U):
        x = gibbs.gibbs_step(x, W, b, clamp, u)
        if t >= burn_in:
            total += x
    return total / (len(U) - burn_in)


# ------------------------------------------------------------------ the 4x4 pad

SIDE = 4
N_UNITS = SIDE * SIDE
PATTERNS = {  # 0/1 images, row by row; each (and its inverse) is a low-energy state of the pad
    "left half": [1, 1, 0, 0] * 4,
    "top half": [1] * 8 + [0] * 8,
    "checkerboard": [1, 0, 1, 0, 0, 1, 0, 1] * 2,
}
STRENGTH = 2.0  # Hebbian strength: at T = 1 the stored patterns dominate but chains still mix


def pad_machine(strength=STRENGTH):
    """(W, b) of the 4x4 pad: gibbs.hebbian over the three PATTERNS."""
    return gibbs.hebbian(np.array(list(PATTERNS.values()), dtype=float), strength)


def pad_table(W, b):
    """(all 2^16 states, their energies): computed once per machine, reused by every exact query."""
    X = gibbs.all_states(N_UNITS)
    return X, gibbs.energy(X, W, b)


def pad_run(W, b, x, clamp, T, sweeps, chains=32, seed=0, table=None):
    """Everything the pad shows for one clamping: exact marginals, Gibbs running marginals after every
    sweep (chains started from random states; clamped units from x), and the marginal KL after each sweep.

    Returns dict: exact (16,), running (sweeps, 16), kl (sweeps,) = sum over FREE units of
    KL(Gibbs estimate || exact) in nats.
    """
    clamp = np.asarray(clamp, dtype=bool)
    exact = gibbs.clamped_marginals(W, b, x, clamp, T, table)
    rng = np.random.default_rng([seed, 1])
    x0 = np.where(clamp, np.asarray(x, dtype=float), (rng.random((chains, N_UNITS)) < 0.5).astype(float))
    samples = gibbs.gibbs_chain(W, b, x0, clamp, sweeps, seed=seed, T=T, chains=chains)
    running = gibbs.running_marginals(samples)
    kl = gibbs.bernoulli_kl(running[:, ~clamp], exact[~clamp])
    return {"exact": exact, "running": running, "kl": kl}


# ------------------------------------------------------------------ trained blank vs inference

MASKS = {  # hidden pixels (row-major indices) of each query pattern
    "centre 2×2 (trained)": [5, 6, 9, 10],
    "left column": [0, 4, 8, 12],
    "top row": [0, 1, 2, 3],
    "right half": [2, 3, 6, 7, 10, 11, 14, 15],
    "four corners": [0, 3, 12, 15],
}
CENTRE_NAME = "centre 2×2 (trained)"
CENTRE = MASKS[CENTRE_NAME]


def training_images(W, b, n=4000, seed=0, table=None):
    """n exact samples of the pad's distribution (T = 1), drawn by enumeration: shape (n, 16)."""
    X, E = table if table is not None else pad_table(W, b)
    p = np.exp(-(E - E.min()))
    return X[np.random.default_rng(seed).choice(len(X), size=n, p=p / p.sum())]


def fit_infiller(images, hidden):
    """A least-squares infiller for one mask: predicts the hidden pixels from the visible ones plus a bias.
    Returns coef (n_visible + 1, n_hidden); the prediction is [visible, 1] @ coef."""
    hidden = np.asarray(hidden)
    visible = np.setdiff1d(np.arange(images.shape[1]), hidden)
    A = np.column_stack([images[:, visible], np.ones(len(images))])
    coef, *_ = np.linalg.lstsq(A, images[:, hidden], rcond=None)
    return coef


def infill(coef, image, hidden, trained_for):
    """The infiller trained for mask `trained_for`, asked about mask `hidden` on `image` (16,).

    Its inputs are the pixels outside `trained_for`; any of those that are hidden now are unknown and are
    fed as 0.5. It answers only for pixels in `trained_for`. Returns (16,) with NaN where it gives no answer
    (pixels that are hidden but not among its outputs, and every visible pixel)."""
    trained_for, hidden = np.asarray(trained_for), np.asarray(hidden)
    inputs = np.setdiff1d(np.arange(N_UNITS), trained_for)
    v = np.asarray(image, dtype=float).copy()
    v[hidden] = 0.5
    pred = np.clip(np.append(v[inputs], 1.0) @ coef, 0.0, 1.0)
    out = np.full(N_UNITS, np.nan)
    answered = np.intersect1d(trained_for, hidden)
    out[answered] = pred[np.searchsorted(trained_for, answered)]
    return out


# ================================================================== explorables

_STATES = ("free", "0", "1")


def _grid(v):
    """(16,) -> (4, 4), row 0 at the top of the heatmap (y axis reversed)."""
    return np.asarray(v, dtype=float).reshape(SIDE, SIDE)


def _clamp_text(x, clamp):
    return [["0" if clamp[r * SIDE + c] and x[r * SIDE + c] == 0 else "1" if clamp[r * SIDE + c] else ""
             for c in range(SIDE)] for r in range(SIDE)]


def _gaps(z):
    """A grid for plotly: NaN (no value: a hidden or unanswered pixel) becomes None, drawn as a gap."""
    z = np.asarray(z, dtype=float)
    return [[None if np.isnan(v) else float(v) for v in row] for row in z]


def _heat(z, text=None, showscale=False, name=""):
    return go.Heatmap(z=_gaps(z), zmin=0, zmax=1, colorscale="Blues", showscale=showscale, name=name,
                      text=text, texttemplate="%{text}" if text is not None else None,
                      textfont=dict(size=16, color=PALETTE["vermillion"]),
                      colorbar=dict(title=dict(text="p(pixel = 1)", side="right"), thickness=12, len=0.5, y=1, yanchor="top"),
                      hovertemplate="row %{y}, col %{x}: p = %{z:.3f}<extra></extra>", xgap=2, ygap=2)


def _square_grid(fig, row, col):
    """A subplot that shows one 4x4 image: fixed ranges (a hidden pixel leaves a grey gap, never a shrunken
    grid), square cells, no ticks or grid lines, a grey backdrop."""
    fig.update_xaxes(range=[-0.5, SIDE - 0.5], showticklabels=False, showgrid=False, zeroline=False, ticks="",
                     showline=False, constrain="domain", row=row, col=col)
    fig.update_yaxes(range=[SIDE - 0.5, -0.5], showticklabels=False, showgrid=False, zeroline=False, ticks="",
                     showline=False, row=row, col=col)
    sub = fig.get_subplot(row, col)
    fig.update_yaxes(scaleanchor=sub.xaxis.plotly_name.replace("axis", ""), row=row, col=col)
    fig.add_shape(type="rect", x0=-0.5, x1=SIDE - 0.5, y0=-0.5, y1=SIDE - 0.5, fillcolor="#e0e0e0", line_width=0,
                  layer="below", row=row, col=col)


PAD_TOP, PAD_HEIGHT, PAD_BOTTOM = 150, 720, 130  # px: title 32-52, buttons 62-92, subplot titles ~125-145


def _pad_figure(height=PAD_HEIGHT, top=PAD_TOP, bottom=PAD_BOTTOM):
    fig = make_subplots(rows=2, cols=2, specs=[[{}, {}], [{"colspan": 2}, None]], row_heights=[0.58, 0.42],
                        vertical_spacing=0.14, horizontal_spacing=0.08,
                        subplot_titles=("Gibbs estimate", "exact (all 65,536 states)", "marginal KL vs sweeps"))
    fig.update_layout(**pinned_layout(height, margin=dict(l=80, r=30, t=top, b=bottom), showlegend=False),
                      meta={"alt": "Clamp-anything pad: a 4 by 4 Boltzmann machine's pixel probabilities "
                                   "estimated by Gibbs sampling beside the exact values from enumerating all "
                                   "65,536 states, and the KL divergence between them falling with sweeps."})
    _square_grid(fig, 1, 1)  # after the course layout, whose first axes have ticks and grid lines
    _square_grid(fig, 1, 2)
    fig.update_xaxes(title_text="sweeps", type="log", dtick=1, row=2, col=1)
    fig.update_yaxes(title_text="KL, free pixels (nats)", type="log", dtick=1, exponentformat="power", row=2, col=1)
    return fig


PAD_PRESETS = {  # name -> {pixel: value}; the first is the book's opening view
    "top row = 1 1 0 0": {0: 1, 1: 1, 2: 0, 3: 0},
    "top-left pixel = 1": {0: 1},
    "two pixels = 1 0": {0: 1, 1: 0},
    "nothing clamped": {},
}


def _preset_arrays(spec):
    x, clamp = np.zeros(N_UNITS), np.zeros(N_UNITS, dtype=bool)
    for k, v in spec.items():
        x[k], clamp[k] = v, True
    return x, clamp


PAD_CHAINS, PAD_SWEEPS = 128, 50  # the pad's chains and its longest run (sweeps): many chains are cheap


def clamp_pad_static(sweeps=(1, 2, 3, 5, 10, 20, 30, 50), T=1.0):
    """The pad in the book: slider over sweeps; buttons pick a clamping (each has its own traces)."""
    W, b = pad_machine()
    table = pad_table(W, b)
    fig = _pad_figure()
    runs = {}
    per, names = 4, list(PAD_PRESETS)
    start = 4  # the slider opens at sweeps[4] = 10
    s_all = np.arange(1, max(sweeps) + 1)
    for i, name in enumerate(names):
        x, clamp = _preset_arrays(PAD_PRESETS[name])
        r = pad_run(W, b, x, clamp, T, max(sweeps), chains=PAD_CHAINS, table=table)
        runs[name] = r
        vis = i == 0
        text = _clamp_text(x, clamp)
        s = sweeps[start]
        fig.add_trace(_heat(round_sig(_grid(r["running"][s - 1])), text), row=1, col=1)
        fig.add_trace(_heat(round_sig(_grid(r["exact"])), text, showscale=True), row=1, col=2)
        fig.add_trace(go.Scatter(x=s_all, y=round_sig(r["kl"]), mode="lines", line=dict(color=PALETTE["blue"]),
                                 name="KL"), row=2, col=1)
        fig.add_trace(go.Scatter(x=[s], y=[float(round_sig(r["kl"][s - 1]))], mode="markers", name="now",
                                 marker=dict(color=PALETTE["vermillion"], size=11)), row=2, col=1)
        for tr in fig.data[-per:]:
            tr.visible = vis

    def states(s):
        z, xs, ys = [], [], []
        for name in names:
            r = runs[name]
            z += [_grid(r["running"][s - 1])]
            xs += [[s]]
            ys += [[float(round_sig(r["kl"][s - 1]))]]
        return {"z": z, "x": xs, "y": ys}

    gibbs_idx = [per * i for i in range(len(names))]
    marker_idx = [per * i + 3 for i in range(len(names))]

    def slider_states(s):
        st = states(s)
        # one list per attribute, one entry per restyled trace (heatmaps get z, markers get x and y)
        return {"z": st["z"] + [None] * len(names), "x": [None] * len(names) + st["x"],
                "y": [None] * len(names) + st["y"]}

    title = lambda s: f"Clamp anything: {s} sweeps × {PAD_CHAINS} chains, T = {T:.2f} (pick a clamping above)"
    precomputed_slider_figure(fig, "sweeps", sweeps, slider_states, gibbs_idx + marker_idx, active=start,
                              fmt="{:d}".format, title=title)
    paper = PAD_HEIGHT - PAD_TOP - PAD_BOTTOM
    fig.layout.sliders[0].y = -70 / paper  # below the sweeps axis title, inside the bottom margin
    fig.update_layout(title_text=title(sweeps[start]), updatemenus=[dict(
        name="clamped pixels", type="buttons", direction="right", x=0.0, y=1 + (PAD_TOP - 62) / paper,
        xanchor="left", yanchor="top",
        showactive=True, active=0, pad=dict(r=4, t=0), font=dict(size=11),
        buttons=[dict(label=name, method="restyle",
                      args=[{"visible": [j // per == i for j in range(per * len(names))]}])
                 for i, name in enumerate(names)])])
    return fig


def clamp_pad_live(sweeps_max=PAD_SWEEPS, chains=PAD_CHAINS):
    """The pad in JupyterLab: every pixel free / 0 / 1, temperature, sweeps and seed."""
    W, b = pad_machine()
    table = pad_table(W, b)
    fig = _pad_figure(height=640, top=100, bottom=60)
    fig.add_trace(_heat(np.zeros((SIDE, SIDE))), row=1, col=1)
    fig.add_trace(_heat(np.zeros((SIDE, SIDE)), showscale=True), row=1, col=2)
    fig.add_trace(go.Scatter(x=np.arange(1, sweeps_max + 1), mode="lines", line=dict(color=PALETTE["blue"]),
                             name="KL"), row=2, col=1)
    fig.add_trace(go.Scatter(mode="markers", marker=dict(color=PALETTE["vermillion"], size=11), name="now"),
                  row=2, col=1)
    fw = go.FigureWidget(fig)
    start = next(iter(PAD_PRESETS.values()))  # open on the book's first clamping
    pixels = [Wd.Dropdown(options=list(_STATES), value=str(start[k]) if k in start else "free",
                          description=f"r{k // SIDE}c{k % SIDE}",
                          layout=Wd.Layout(width="120px"), style={"description_width": "38px"})
              for k in range(N_UNITS)]
    style = {"description_width": "110px"}
    T = Wd.FloatSlider(1.0, min=0.5, max=3.0, step=0.05, description="T (temperature)", style=style,
                       readout_format=".2f")
    sweeps = Wd.IntSlider(50, min=1, max=sweeps_max, description="sweeps", style=style)
    seed = Wd.IntSlider(0, min=0, max=20, description="seed", style=style)
    cache = {}

    def run():
        x = np.array([1.0 if p.value == "1" else 0.0 for p in pixels])
        clamp = np.array([p.value != "free" for p in pixels])
        key = (tuple(x), tuple(clamp), T.value, seed.value)
        fresh = cache.get("key") != key
        if fresh:
            cache["key"] = key
            cache["run"] = pad_run(W, b, x, clamp, T.value, sweeps_max, chains=chains, seed=seed.value,
                                   table=table)
            cache["text"] = _clamp_text(x, clamp)
        return cache["run"], cache["text"], fresh

    def update(*_):
        r, text, fresh = run()
        s = sweeps.value
        kl = float(r["kl"][s - 1]) if r["kl"].size else 0.0
        with fw.batch_update():
            fw.data[0].z = _grid(r["running"][s - 1])
            if fresh:  # a new clamping, temperature or seed; a sweeps move only re-reads the run
                fw.data[0].text = fw.data[1].text = text
                fw.data[1].z = _grid(r["exact"])
                fw.data[2].y = np.maximum(r["kl"], 1e-12) if r["kl"].size else np.zeros(sweeps_max)
            fw.data[3].x, fw.data[3].y = [s], [max(kl, 1e-12)]
            n_clamped = sum(p.value != "free" for p in pixels)
            fw.layout.title.text = (f"Clamp anything: {n_clamped} pixels clamped, T = {T.value:.2f}, "
                                    f"{s} sweeps × {chains} chains, KL = {kl:.4f} nats")

    for c in pixels + [T, sweeps, seed]:
        c.observe(update, "value")
    update()
    grid = Wd.GridBox(pixels, layout=Wd.Layout(grid_template_columns="repeat(4, 124px)"))
    return Wd.VBox([Wd.HBox([grid, Wd.VBox([T, sweeps, seed])]), fw])


def clamp_pad() -> Explorable:
    return Explorable("The clamp-anything pad", live=clamp_pad_live, static=clamp_pad_static)


# ------------------------------------------------------------------ trained blank vs inference explorable

EVIDENCE = {  # the image whose visible pixels are the evidence
    "left half": np.array(PATTERNS["left half"], dtype=float),
    "top half": np.array(PATTERNS["top half"], dtype=float),
    "checkerboard": np.array(PATTERNS["checkerboard"], dtype=float),
    "top half, one pixel flipped": np.array(PATTERNS["top half"], dtype=float) * 1 + np.eye(N_UNITS)[13],
}


def blank_view(mask_name, evidence_name, retrain, W, b, table, coefs, seed=0):
    """Everything the trained-blank figure shows for one mask and one evidence image.
    coefs: {mask name: fit_infiller(training images, that mask)} (the centre one is the trained blank)."""
    hidden = np.array(MASKS[mask_name])
    image = EVIDENCE[evidence_name]
    clamp = np.ones(N_UNITS, dtype=bool)
    clamp[hidden] = False
    exact = gibbs.clamped_marginals(W, b, image, clamp, 1.0, table)
    samples = gibbs.gibbs_chain(W, b, image, clamp, 60, seed=seed, chains=32)
    est = gibbs.running_marginals(samples, burn_in=10)[-1]
    if retrain:
        amort = infill(coefs[mask_name], image, hidden, hidden)
    else:
        amort = infill(coefs[CENTRE_NAME], image, hidden, np.array(CENTRE))
    shown = image.copy()
    shown[hidden] = np.nan
    hide = lambda v: np.where(clamp, np.nan, v)
    answered = ~np.isnan(amort[hidden])
    err = lambda v: float(np.mean(np.abs(v[hidden][answered] - exact[hidden][answered]))) if answered.any() else None
    g_err = float(np.mean(np.abs(est[hidden] - exact[hidden])))
    a_err = err(amort)
    title = (f"Hidden: {mask_name}. Gibbs error {g_err:.3f}; infiller answers {int(answered.sum())} of "
             f"{len(hidden)} hidden pixels" + (f", error {a_err:.3f}" if a_err is not None else ""))
    return {"evidence": _grid(shown), "exact": _grid(hide(exact)), "gibbs": _grid(hide(est)),
            "amortized": _grid(amort), "title": title, "amortized_error": a_err}


def _blank_setup():
    W, b = pad_machine()
    table = pad_table(W, b)
    images = training_images(W, b, table=table)
    return W, b, table, {name: fit_infiller(images, hidden) for name, hidden in MASKS.items()}


BLANK_TOP, BLANK_HEIGHT, BLANK_BOTTOM = 150, 720, 110  # px: two-line title 32-72, buttons 80-110


def _blank_figure(height=BLANK_HEIGHT, top=BLANK_TOP, bottom=BLANK_BOTTOM):
    fig = make_subplots(rows=2, cols=2, vertical_spacing=0.1, horizontal_spacing=0.06,
                        subplot_titles=("evidence (grey = hidden)", "exact conditional", "Gibbs (inference)",
                                        "least-squares infiller (grey = no answer)"))
    fig.update_layout(**pinned_layout(height, margin=dict(l=30, r=30, t=top, b=bottom), title_font_size=14),
                      meta={"alt": "Infilling a 4 by 4 image: the evidence with hidden pixels, the exact "
                                   "conditional probabilities, Gibbs estimates, and a least-squares infiller that "
                                   "was trained only for the centre 2 by 2 blank and has no answer elsewhere."})
    for row in (1, 2):
        for col in (1, 2):
            _square_grid(fig, row, col)
    return fig


def trained_blank_static(evidence_name="top half, one pixel flipped"):
    """Trained blank vs inference in the book: slider over the hidden mask; buttons: the centre-trained
    infiller or one retrained for the chosen mask (each has its own trace; the buttons toggle visibility)."""
    W, b, table, coefs = _blank_setup()
    fig = _blank_figure()
    names = list(MASKS)
    views = {(m, r): blank_view(m, evidence_name, r, W, b, table, coefs) for m in names for r in (0, 1)}
    v0 = views[(names[1], 0)]
    fig.add_trace(_heat(round_sig(v0["evidence"])), row=1, col=1)
    fig.add_trace(_heat(round_sig(v0["exact"])), row=1, col=2)
    fig.add_trace(_heat(round_sig(v0["gibbs"]), showscale=True), row=2, col=1)  # always has values: the scale
    fig.add_trace(_heat(round_sig(v0["amortized"])), row=2, col=2)
    fig.add_trace(_heat(round_sig(views[(names[1], 1)]["amortized"])), row=2, col=2)
    fig.data[4].visible = False

    def states(m):
        return {"z": [_gaps(round_sig(views[(m, 0)][k])) for k in ("evidence", "exact", "gibbs", "amortized")]
                + [_gaps(round_sig(views[(m, 1)]["amortized"]))]}

    title = lambda m: views[(m, 0)]["title"] + f"<br>(retrained for this mask: error {views[(m, 1)]['amortized_error']:.3f})"
    precomputed_slider_figure(fig, "hidden", names, states, [0, 1, 2, 3, 4], active=1, fmt=str, title=title)
    fig.layout.sliders[0].update(x=0.1, len=0.85)  # room for the first label, "centre 2×2 (trained)"
    fig.update_layout(title_text=title(names[1]), updatemenus=[dict(
        name="infiller", type="buttons", direction="right", x=0.0,
        y=1 + (BLANK_TOP - 80) / (BLANK_HEIGHT - BLANK_TOP - BLANK_BOTTOM), xanchor="left", yanchor="top",
        showactive=True, active=0, pad=dict(r=4, t=0), font=dict(size=11),
        buttons=[dict(label="trained for the centre only", method="restyle",
                      args=[{"visible": [True, True, True, True, False]}]),
                 dict(label="retrained for this mask", method="restyle",
                      args=[{"visible": [True, True, True, False, True]}])])])
    return fig


def trained_blank_live():
    """Trained blank vs inference in JupyterLab: mask, evidence image, retrain, seed."""
    W, b, table, coefs = _blank_setup()
    fw = go.FigureWidget(_blank_figure(height=640, top=100, bottom=30))
    for col in range(1, 5):
        fw.add_trace(_heat(np.zeros((SIDE, SIDE)), showscale=col == 3), row=(col + 1) // 2, col=2 - col % 2)
    style = {"description_width": "130px"}
    mask = Wd.Dropdown(options=list(MASKS), value="left column", description="hidden pixels", style=style)
    evidence = Wd.Dropdown(options=list(EVIDENCE), value="top half, one pixel flipped", description="evidence image",
                           style=style)
    retrain = Wd.Checkbox(False, description="retrain the infiller for this mask")
    seed = Wd.IntSlider(0, min=0, max=20, description="Gibbs seed", style=style)

    def update(*_):
        v = blank_view(mask.value, evidence.value, retrain.value, W, b, table, coefs, seed.value)
        with fw.batch_update():
            for tr, k in zip(fw.data, ("evidence", "exact", "gibbs", "amortized")):
                tr.z = _gaps(v[k])
            fw.layout.title.text = v["title"]

    for c in (mask, evidence, retrain, seed):
        c.observe(update, "value")
    update()
    return Wd.VBox([Wd.HBox([Wd.VBox([mask, evidence]), Wd.VBox([retrain, seed])]), fw])


def trained_blank() -> Explorable:
    return Explorable("Trained blank vs inference", live=trained_blank_live, static=trained_blank_static)


# ------------------------------------------------------------------ infill cost explorable

VOCABS = (2, 10, 100, 1_000, 10_000, 50_000)
K_MAX = 10


def _cost_figure(height=420):
    fig = go.Figure()
    fig.add_trace(go.Scatter(mode="lines+markers", name="autoregressive, exact: |V|^k scorings",
                             line=dict(color=PALETTE["vermillion"])))
    fig.add_trace(go.Scatter(x=[1, K_MAX], y=[1, 1], mode="lines", name="masked model trained for this blank: 1 pass",
                             line=dict(color=PALETTE["blue"], dash="dash")))
    fig.add_trace(go.Scatter(mode="markers", name="your k", marker=dict(color="black", size=11, symbol="circle-open")))
    fig.update_xaxes(title_text="blanks k", dtick=1, range=[0.5, K_MAX + 0.5])
    fig.update_yaxes(title_text="sequences scored (log)", type="log", exponentformat="power")
    fig.update_layout(**pinned_layout(height, margin=dict(l=80, r=30, t=70, b=60),
                                      legend=dict(x=0.01, y=0.99, xanchor="left", yanchor="top")),
                      meta={"alt": "Cost of filling k blanks: an autoregressive model must score |V| to the k "
                                   "candidate completions, a straight line on a log axis, while a masked model "
                                   "trained for that blank needs one pass."})
    return fig


def _cost_title(V, k):
    return f"|V| = {V:,}, k = {k}: {infill_scorings(V, k):.3g} scorings vs 1 masked pass"


def infill_cost_static(k=2):
    """Infill cost in the book: slider over the vocabulary size |V|, the k = 2 point marked."""
    fig = _cost_figure()
    ks = np.arange(1, K_MAX + 1)
    fig.data[0].x = ks

    def states(V):
        return {"y": [[float(V) ** int(j) for j in ks], [float(V) ** k]], "x": [ks.tolist(), [k]]}

    precomputed_slider_figure(fig, "|V|", VOCABS, states, [0, 2], active=len(VOCABS) - 1, fmt="{:,}".format,
                              title=lambda V: _cost_title(V, k))
    st = states(VOCABS[-1])
    fig.data[0].y, fig.data[2].x, fig.data[2].y = st["y"][0], st["x"][1], st["y"][1]
    return fig.update_layout(title_text=_cost_title(VOCABS[-1], k))


def infill_cost_live():
    """Infill cost in JupyterLab: vocabulary size and number of blanks."""
    fw = go.FigureWidget(_cost_figure())
    style = {"description_width": "120px"}
    V = Wd.SelectionSlider(options=[(f"{v:,}", v) for v in VOCABS], value=50_000, description="|V| (vocabulary)",
                           style=style)
    k = Wd.IntSlider(2, min=1, max=K_MAX, description="k (blanks)", style=style)
    ks = np.arange(1, K_MAX + 1)

    def update(*_):
        with fw.batch_update():
            fw.data[0].x, fw.data[0].y = ks, [float(V.value) ** int(j) for j in ks]
            fw.data[2].x, fw.data[2].y = [k.value], [float(V.value) ** k.value]
            fw.layout.title.text = _cost_title(V.value, k.value)

    for c in (V, k):
        c.observe(update, "value")
    update()
    return Wd.VBox([Wd.HBox([V, k]), fw])


def infill_cost() -> Explorable:
    return Explorable("The cost of filling blanks", live=infill_cost_live, static=infill_cost_static)
