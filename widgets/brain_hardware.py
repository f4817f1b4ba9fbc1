"""20 W at 200 Hz: the models of chapter `brain-hardware` and its three explorables.

Models (pure numpy, parameters in, numbers or arrays out; SI units: watts, joules, hertz, volts, farads, kelvin):
    energy_per_event    P / (N · rate): joules per event when N units share a power budget P
    dynamic_power       CMOS switching power α · C · V² · f · N
    power_ratio         P_new / P_old when V, f and the number of units are scaled (α, C fixed)
    landauer            the Landauer floor k_B · T · ln 2, and energies as multiples of it
    copy_costs          learn-once-copy-many vs learn-in-every-individual
    noise_run           stochastic sigmoid units at temperature T (a Gibbs sampler, widgets/gibbs.py):
                        running histogram of sampled states vs exact Boltzmann probabilities, KL vs sweeps
    normalize           multiplicative synaptic normalisation: each neuron's weights rescaled to a total
    hebb, oja           expected Hebbian updates, with or without normalisation, and Oja's local rule
    temporal_basis      a delay line (σ = 0) or Gaussian bumps over the time since the flash
    eyeblink            delta-rule learning of the eyeblink response on a temporal basis
    eyeblink_responses  the same responses after several trial counts, in closed form (the widget's fast path)
Explorables: power_calculator(), noise_as_resource(), timing_learner().
The stochastic units are the Boltzmann machine of widgets/gibbs.py (imported, never copied); the KL is
widgets/synthetic_data.kl_bits.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, precomputed_slider_figure, round_sig
from widgets import gibbs
from widgets.synthetic_data import kl_bits

# ------------------------------------------------------------------ anchors (each tagged where it comes from)
K_B = 1.380649e-23      # outside: Boltzmann constant, J/K (exact in the SI since 2019)
BODY_T = 310.0          # outside: body temperature ≈ 37 °C = 310 K
BRAIN_W = 20.0          # said: Dwarkesh Patel, "has to like run on 20 watts" (l. 368)
BRAIN_HZ = 200.0        # said: Dwarkesh Patel, "the brain runs at 200 hertz" (l. 368)
N_SYNAPSES = 1e14       # outside: order of magnitude of human synapses (Tang et al. 2001: ≈1.5·10¹⁴ in neocortex)
MEAN_RATE_HZ = 1.0      # outside: mean cortical firing rates are of order 1 Hz or below (Lennie 2003)
GPU_W = 700.0           # outside: NVIDIA H100 SXM board power, 700 W (datasheet)
GPU_FLOPS = 1e15        # outside: its ≈989 TFLOP/s dense BF16, rounded to 10¹⁵ FLOP/s


# ------------------------------------------------------------------ energy


def energy_per_event(power_w, n_units, rate_hz):
    """Joules per event when n_units each produce rate_hz events per second on a budget of power_w watts.

    E = P / (N · rate). Arrays broadcast (e.g. a vector of rates)."""
    return np.asarray(power_w, dtype=float) / (np.asarray(n_units, dtype=float) * np.asarray(rate_hz, dtype=float))


def dynamic_power(activity, capacitance_f, voltage_v, freq_hz, n_units=1.0):
    """CMOS dynamic (switching) power in watts: P = α · C · V² · f · N.

    activity α: fraction of units whose output switches per clock cycle; capacitance_f: switched capacitance per
    unit (F); voltage_v: supply voltage (V); freq_hz: clock (Hz); n_units: number of units. Each switching event
    draws C·V² from the supply, so the energy per unit per cycle is α·C·V² = P / (N · f)."""
    return activity * capacitance_f * np.asarray(voltage_v, dtype=float) ** 2 * freq_hz * n_units


def power_ratio(v_scale, f_scale, n_scale):
    """P_new / P_old of dynamic power when the supply voltage, the clock and the number of units are multiplied
    by v_scale, f_scale and n_scale (activity and capacitance per unit unchanged): n · v² · f."""
    return n_scale * v_scale**2 * f_scale


def landauer(T_kelvin, energies_j):
    """The Landauer floor at temperature T_kelvin, k_B · T · ln 2 joules (the least heat needed to erase one bit),
    and the given energies (J, an array) as multiples of it. Returns (floor, ratios)."""
    floor = K_B * float(T_kelvin) * np.log(2.0)
    return floor, np.asarray(energies_j, dtype=float) / floor


def copy_costs(learn_cost, copy_cost, n_copies):
    """Total cost of n_copies competent individuals: (learn in every one, learn once and copy the rest).

    Biological: n · learn_cost. Digital: learn_cost + (n − 1) · copy_cost (the first one is the original)."""
    n = np.asarray(n_copies, dtype=float)
    return n * learn_cost, learn_cost + (n - 1) * copy_cost


# ------------------------------------------------------------------ noise as a resource


def noise_machine(strength=2.0, bias=0.25):
    """A 4-unit Boltzmann machine with two favourite states, 1100 and 0011 (a Hopfield memory of 1100 via
    gibbs.hebbian), plus a small bias toward unit 3 so the two are not exact twins: (W, b)."""
    W, b = gibbs.hebbian(np.array([[1.0, 1.0, 0.0, 0.0]]), strength)
    return W, b + np.array([0.0, 0.0, 0.0, bias])


def noise_run(W, b, T, n_sweeps, chains=64, seed=0, x0=(1.0, 1.0, 0.0, 0.0)):
    """Stochastic sigmoid units at temperature T, every unit free, all chains started at x0.

    Each unit fires with probability σ((W x + b)_i / T): that is a Gibbs sweep (gibbs.gibbs_chain).
    Returns dict: states (2^n, n), p (2^n,) exact Boltzmann probabilities at T, freq (n_sweeps, 2^n) the
    fraction of samples in each state over sweeps 1..t and all chains, kl (n_sweeps,) KL(freq_t ‖ p) in bits."""
    W = np.asarray(W, dtype=float)
    n = W.shape[0]
    X, p, _ = gibbs.boltzmann(W, b, T)
    samples = gibbs.gibbs_chain(W, b, np.asarray(x0, dtype=float), np.zeros(n, bool), int(n_sweeps), seed, T,
                                int(chains))
    idx = gibbs.state_index(samples)  # (sweeps, chains)
    counts = np.zeros((int(n_sweeps), 2**n))
    np.add.at(counts, (np.repeat(np.arange(int(n_sweeps)), int(chains)), idx.ravel()), 1.0)
    freq = np.cumsum(counts, axis=0)
    freq /= freq.sum(axis=1, keepdims=True)
    kl = np.array([kl_bits(f, p) for f in freq])
    return {"states": X, "p": p, "freq": freq, "kl": kl}


# ------------------------------------------------------------------ cellular bookkeeping


def normalize(w, total=1.0):
    """Multiplicative normalisation: scale each neuron's weights so they sum to `total`.

    w: (n,) one neuron's weights, or (neurons, n) one row per neuron (each row normalised on its own); the sums
    must be nonzero. Returns w · total / Σ w, a new array. The sum runs over ALL of the neuron's synapses: a
    non-local quantity that no single synapse knows."""
    w = np.asarray(w, dtype=float)
    return w * (total / w.sum(axis=-1, keepdims=True))


def hebb(C, w0, eta, steps, total=None):
    """Expected Hebbian learning w ← w + η C w (C: input covariance, y = w·x so E[y x] = C w), `steps` times.

    With total set, each step is followed by normalize(w, total) (the cell's bookkeeping).
    Returns the trajectory, shape (steps + 1, n), row 0 = w0."""
    C, w = np.asarray(C, dtype=float), np.array(w0, dtype=float)
    out = [w.copy()]
    for _ in range(int(steps)):
        w = w + eta * C @ w
        if total is not None:
            w = normalize(w, total)
        out.append(w)
    return np.array(out)


def oja(C, w0, eta, steps):
    """Oja's rule in expectation: w ← w + η (C w − (wᵀ C w) w), `steps` times (C: input covariance).

    Hebbian growth y·x minus a decay y²·w that each synapse can compute from its own weight and the
    neuron's output y: local. w converges to the unit-norm top eigenvector of C (for small η).
    Returns the trajectory, shape (steps + 1, n), row 0 = w0."""
    C, w = np.asarray(C, dtype=float), np.array(w0, dtype=float)
    out = [w.copy()]
    for _ in range(int(steps)):
        Cw = C @ w
        w = w + eta * (Cw - (w @ Cw) * w)
        out.append(w)
    return np.array(out)


# ------------------------------------------------------------------ timing: eyeblink conditioning


def temporal_basis(T, centres, sigma):
    """Features of the time since the flash, shape (T, K): row t is the feature vector at step t.

    sigma = 0: a delay line (feature k is 1 exactly at step centres[k], else 0).
    sigma > 0: Gaussian bumps exp(−(t − c_k)² / (2σ²)), peak 1 at step c_k."""
    t = np.arange(int(T), dtype=float)[:, None]
    c = np.asarray(centres, dtype=float)[None, :]
    if sigma == 0:
        return (t == c).astype(float)
    return np.exp(-((t - c) ** 2) / (2.0 * sigma**2))


def eyeblink(puff, centres, sigma, eta, n_trials, T=30):
    """Delta-rule learning of a conditioned eyelid response on a temporal basis.

    Every trial: a flash at step 0, an air puff at step `puff` (target y(t) = 1 at the puff, 0 elsewhere).
    The response is r(t) = Φ(t) · w with Φ = temporal_basis(T, centres, sigma), w starting at 0. After each
    trial, with the weights the trial started with: w ← w + η Σ_t (y(t) − r(t)) Φ(t).
    Returns (w (K,), response Φ w (T,)) after n_trials trials."""
    Phi = temporal_basis(T, centres, sigma)
    y = np.zeros(int(T))
    y[int(puff)] = 1.0
    w = np.zeros(Phi.shape[1])
    for _ in range(int(n_trials)):
        w = w + eta * Phi.T @ (y - Phi @ w)
    return w, Phi @ w


def eyeblink_responses(puff, centres, sigma, eta, trials, T=30):
    """The responses of eyeblink after each trial count in `trials`, in closed form (the widget's fast path;
    tests check it equals the loop). The update is linear in w: with A = ΦᵀΦ = Q diag(λ) Qᵀ and b = Qᵀ Φᵀ y,
    the k-th component of Qᵀ w after n trials is b_k (1 − (1 − ηλ_k)^n) / λ_k (η n b_k when λ_k = 0).
    Returns shape (len(trials), T)."""
    Phi = temporal_basis(T, centres, sigma)
    y = np.zeros(int(T))
    y[int(puff)] = 1.0
    lam, Q = np.linalg.eigh(Phi.T @ Phi)
    b = Q.T @ (Phi.T @ y)
    n = np.asarray(trials, dtype=float)[:, None]
    pos = lam > 1e-12
    with np.errstate(over="ignore", invalid="ignore"):
        g = np.where(pos, (1.0 - (1.0 - eta * lam) ** n) / np.where(pos, lam, 1.0), eta * n)
    return (g * b) @ Q.T @ Phi.T


# ================================================================== figures and explorables (live + static twins)
# ------------------------------------------------------------------ 0. Hebb with and without bookkeeping (a plain figure)

HEBB_C = np.array([[3.0, 1.0], [1.0, 2.0]])  # the input covariance of the chapter's example and exercise


def hebb_runs(C=HEBB_C, w0=(1.0, 0.0), eta=0.05, steps=200):
    """Plain Hebb, Hebb + sum normalisation, and Oja from the same start: {name: trajectory (steps + 1, n)}."""
    return {"plain Hebb (runaway)": hebb(C, w0, eta, steps),
            "Hebb + normalise to sum 1 (needs the nucleus)": hebb(C, w0, eta, steps, total=1.0),
            "Oja (local decay)": oja(C, w0, eta, steps)}


def hebb_figure(height=420):
    """Weight norm (log axis) and angle to C's top eigenvector over steps, for the three rules of hebb_runs."""
    runs = hebb_runs()
    top = np.linalg.eigh(HEBB_C)[1][:, -1]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=("weight length |w|", "angle to the top eigenvector (degrees)"))
    steps = np.arange(next(iter(runs.values())).shape[0])
    for (name, traj), colour in zip(runs.items(), (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"])):
        norm = np.linalg.norm(traj, axis=1)
        angle = np.degrees(np.arccos(np.clip(np.abs(traj @ top) / norm, 0.0, 1.0)))
        fig.add_scatter(x=steps, y=round_sig(norm), mode="lines", name=name, line=dict(color=colour, width=3),
                        legendgroup=name, row=1, col=1)
        fig.add_scatter(x=steps, y=round_sig(angle), mode="lines", name=name, line=dict(color=colour, width=3),
                        legendgroup=name, showlegend=False, row=1, col=2)
    fig.update_layout(**pinned_layout(height, "Hebbian learning on C = ((3, 1), (1, 2)), η = 0.05, from w = (1, 0)",
                                      size=14, margin=dict(l=70, r=30, t=120, b=60),
                                      legend=dict(orientation="h", x=0, y=1.1, yanchor="bottom")), meta={
        "alt": "Two panels over 200 learning steps: the length of the weight vector grows without bound under "
               "plain Hebbian learning but stays bounded with sum normalisation and with Oja's rule; all three "
               "turn toward the covariance's top eigenvector."})
    fig.update_yaxes(type="log", exponentformat="power", row=1, col=1)
    fig.update_xaxes(title_text="step")
    return fig


# ------------------------------------------------------------------ explorables
# ------------------------------------------------------------------ 1. power calculator

DESIGN = dict(activity=0.1, capacitance_f=1e-16, voltage_v=0.8, freq_hz=2e9, n_units=1e10)  # illustrative chip
POWER_LABELS = ["this design", "brain: 20 W (said)", "H100-class GPU: 700 W"]
ENERGY_LABELS = ["this design, per unit-cycle", "GPU, per FLOP", "synapse event at 1 Hz",
                 "synapse event at 200 Hz", "Landauer floor, 310 K"]
F_PRESETS = (2e9, 2e8, 200.0)  # the static twin's clock menu


def _fmt_hz(f):
    return (f"{f / 1e9:.3g} GHz" if f >= 1e9 else f"{f / 1e6:.3g} MHz" if f >= 1e6 else f"{f / 1e3:.3g} kHz"
            if f >= 1e3 else f"{f:.3g} Hz")


def _fmt_sci(x):
    """1.3e-18 style, without a '+' or leading zeros in the exponent."""
    m, e = f"{x:.2g}".split("e") if "e" in f"{x:.2g}" else (f"{x:.2g}", None)
    return m if e is None else f"{m}e{int(e)}"


def _fmt_ratio(r):
    return f"{r:,.0f}" if r >= 10 else f"{r:.2g}"


def power_state(activity, capacitance_f, voltage_v, freq_hz, n_units):
    """Numbers of the power calculator: the design's power and energy per unit per cycle, and the title."""
    P = float(dynamic_power(activity, capacitance_f, voltage_v, freq_hz, n_units))
    E = P / (n_units * freq_hz)
    floor = landauer(BODY_T, [])[0]
    title = (f"V = {voltage_v:.2f} V, f = {_fmt_hz(freq_hz)}, N = {_fmt_sci(n_units)}: P = {P:.3g} W "
             f"({P / BRAIN_W:.2g}× 20 W)<br>energy per unit-cycle {_fmt_sci(E)} J = {_fmt_ratio(E / floor)}× Landauer")
    return {"P": P, "E": E, "title": title}


def _reference_energies():
    return [GPU_W / GPU_FLOPS, float(energy_per_event(BRAIN_W, N_SYNAPSES, MEAN_RATE_HZ)),
            float(energy_per_event(BRAIN_W, N_SYNAPSES, BRAIN_HZ)), landauer(BODY_T, [])[0]]


POWER_TOP, POWER_HEIGHT = 135, 580  # px: two-line title 32-70, the static twin's buttons 85-115


def _power_figure(widget=False, height=POWER_HEIGHT):
    s = power_state(**DESIGN)
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.22, row_heights=[0.38, 0.62])
    if widget:
        fig = go.FigureWidget(fig)
    fig.add_bar(y=POWER_LABELS[1:], x=[BRAIN_W, GPU_W], orientation="h", name="reference power",
                marker_color=[PALETTE["green"], PALETTE["black"]], showlegend=False, row=1, col=1)
    fig.add_bar(y=ENERGY_LABELS[1:], x=_reference_energies(), orientation="h", name="reference energy",
                marker_color=[PALETTE["black"], PALETTE["green"], PALETTE["green"], PALETTE["vermillion"]],
                showlegend=False, row=2, col=1)
    fig.add_bar(y=POWER_LABELS[:1], x=[s["P"]], orientation="h", name="this design", marker_color=PALETTE["blue"],
                showlegend=False, row=1, col=1)
    fig.add_bar(y=ENERGY_LABELS[:1], x=[s["E"]], orientation="h", name="this design (energy)",
                marker_color=PALETTE["blue"], showlegend=False, row=2, col=1)
    fig.update_layout(**pinned_layout(height, s["title"], size=13, margin=dict(l=205, r=30, t=POWER_TOP, b=60)),
                      barmode="overlay", meta={
        "alt": "Two log-axis bar charts: the power of a chip design set by voltage, clock, capacitance, activity "
               "and unit count against the brain's 20 W and a 700 W GPU, and its energy per unit per cycle "
               "against a GPU's energy per FLOP, the energy per synaptic event at 1 Hz and 200 Hz, and the "
               "Landauer floor at 310 K."})
    fig.update_xaxes(type="log", exponentformat="power", range=[-4, 6], dtick=2, title_text="power (watts)",
                     row=1, col=1)
    fig.update_xaxes(type="log", exponentformat="power", range=[-22, -10], dtick=2,
                     title_text="energy per event (joules)", row=2, col=1)
    fig.update_yaxes(categoryorder="array", categoryarray=POWER_LABELS[::-1], row=1, col=1)
    fig.update_yaxes(categoryorder="array", categoryarray=ENERGY_LABELS[::-1], row=2, col=1)
    return fig


V_GRID = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]  # volts: the static twin's slider


def power_calculator_static() -> go.Figure:
    """Slider over V; a menu picks the clock (one power bar per clock, shown one at a time)."""
    fig = _power_figure()
    fig.data[2].name = f"this design at {_fmt_hz(F_PRESETS[0])}"
    for f in F_PRESETS[1:]:  # traces 4, 5: the power bar at the other clocks, hidden
        fig.add_bar(y=POWER_LABELS[:1], x=[power_state(**{**DESIGN, "freq_hz": f})["P"]], orientation="h",
                    name=f"this design at {_fmt_hz(f)}", marker_color=PALETTE["blue"], showlegend=False,
                    visible=False, row=1, col=1)
    power_idx = [2, 4, 5]

    def states(v):
        P = [[power_state(**{**DESIGN, "voltage_v": v, "freq_hz": f})["P"]] for f in F_PRESETS]
        return {"x": P + [[power_state(**{**DESIGN, "voltage_v": v})["E"]]]}

    def title(v):
        s = power_state(**{**DESIGN, "voltage_v": v})
        return (f"V = {v:.1f} V: energy per unit-cycle {_fmt_sci(s['E'])} J = "
                f"{_fmt_ratio(s['E'] / landauer(BODY_T, [])[0])}× Landauer<br>power ∝ V²·f; the buttons set the clock f")

    precomputed_slider_figure(fig, "supply voltage V (volts)", V_GRID, states, power_idx + [3],
                              active=V_GRID.index(DESIGN["voltage_v"]), fmt="{:.1f}".format, title=title)
    buttons = [dict(label=f"f = {_fmt_hz(f)}", method="restyle",
                    args=[{"visible": [k == i for k in range(3)]}, power_idx]) for i, f in enumerate(F_PRESETS)]
    plot_h = POWER_HEIGHT - POWER_TOP - 60
    fig.update_layout(updatemenus=[dict(type="buttons", direction="right", name="clock frequency", buttons=buttons,
                                        x=0.0, xanchor="left", y=1 + 20 / plot_h, yanchor="bottom", showactive=True,
                                        pad=dict(t=0, b=0))])
    fig.layout.title.text = title(DESIGN["voltage_v"])
    return fig


def power_calculator_live():
    import ipywidgets as w

    style, layout = {"description_width": "initial"}, w.Layout(width="330px")
    V = w.FloatSlider(value=0.8, min=0.05, max=1.2, step=0.05, description="V (volts)", readout_format=".2f",
                      style=style, layout=layout)
    f = w.FloatLogSlider(value=2e9, base=10, min=0, max=10, step=0.1, description="f (Hz)", readout_format=".2g",
                         style=style, layout=layout)
    C = w.FloatLogSlider(value=1e-16, base=10, min=-18, max=-12, step=0.1, description="C per unit (F)",
                         readout_format=".2g", style=style, layout=layout)
    a = w.FloatSlider(value=0.1, min=0.01, max=1.0, step=0.01, description="activity α", readout_format=".2f",
                      style=style, layout=layout)
    N = w.FloatLogSlider(value=1e10, base=10, min=3, max=17, step=0.1, description="units N", readout_format=".2g",
                         style=style, layout=layout)
    fig = _power_figure(widget=True)
    fig.layout.margin.t = 90  # no menu above the plot in the live widget

    def update(_=None):
        s = power_state(a.value, C.value, V.value, f.value, N.value)
        with fig.batch_update():
            fig.data[2].x = [s["P"]]
            fig.data[3].x = [s["E"]]
            fig.layout.title.text = s["title"]

    for c in (V, f, C, a, N):
        c.observe(update, names="value")
    return w.VBox([w.HBox([V, f, C]), w.HBox([a, N]), fig])


def power_calculator() -> Explorable:
    return Explorable("Power calculator", live=power_calculator_live, static=power_calculator_static)


# ------------------------------------------------------------------ 2. noise as a resource

NOISE_SWEEPS, NOISE_CHAINS = 200, 64
T_GRID = [0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0]  # the static twin's temperatures


def _state_labels(n=4):
    return ["".join(str(int(v)) for v in row) for row in gibbs.all_states(n)]


def noise_state(T, sweeps=NOISE_SWEEPS, chains=NOISE_CHAINS, run=None):
    """Histogram after `sweeps` sweeps, exact p, the KL curve and a title (run: a cached noise_run to reuse)."""
    if run is None:
        run = noise_run(*noise_machine(), T, NOISE_SWEEPS, chains)
    freq, kl = run["freq"][sweeps - 1], run["kl"]
    title = (f"T = {T:.2f}, {sweeps} sweeps × {chains} chains: KL(samples ‖ exact) = {kl[sweeps - 1]:.3g} bits"
             f"<br>state 0011: sampled {freq[3]:.2f}, exact {run['p'][3]:.2f}; "
             f"state 1100: sampled {freq[12]:.2f}, exact {run['p'][12]:.2f}")
    return {"freq": freq, "p": run["p"], "kl": kl, "title": title}


def _noise_figure(T=1.0, widget=False, height=600):
    s = noise_state(T)
    labels = _state_labels()
    fig = make_subplots(rows=2, cols=1, row_heights=[0.55, 0.45], vertical_spacing=0.26)
    if widget:
        fig = go.FigureWidget(fig)
    fig.add_bar(x=labels, y=s["freq"], name="sampled (stochastic units)", marker_color=PALETTE["sky"], row=1, col=1)
    fig.add_scatter(x=labels, y=s["p"], mode="markers", name="exact p(x) = e^(−E/T) / Z",
                    marker=dict(color=PALETTE["vermillion"], size=10, symbol="line-ew-open", line=dict(width=3)),
                    row=1, col=1)
    fig.add_scatter(x=np.arange(1, NOISE_SWEEPS + 1), y=np.maximum(s["kl"], 1e-6), mode="lines", name="KL (bits)",
                    line=dict(color=PALETTE["blue"]), showlegend=False, row=2, col=1)
    fig.update_layout(**pinned_layout(height, s["title"], size=13, margin=dict(l=80, r=30, t=120, b=60),
                                      legend=dict(orientation="h", x=0, y=1.01, yanchor="bottom")), meta={
        "alt": "Top: a histogram of the 16 states visited by four stochastic sigmoid units at temperature T, "
               "against the exact Boltzmann probabilities; bottom: the KL divergence between them falling as the "
               "number of Gibbs sweeps grows."})
    fig.update_xaxes(title_text="state of units 1–4", type="category", tickangle=-45, row=1, col=1)
    fig.update_yaxes(title_text="probability", range=[0, 1], row=1, col=1)
    fig.update_xaxes(title_text="sweeps (every unit updated once)", type="log", dtick=1, row=2, col=1)
    fig.update_yaxes(title_text="KL (bits)", type="log", range=[-4, 1], dtick=1, exponentformat="power",
                     row=2, col=1)
    return fig


def noise_static() -> go.Figure:
    fig = _noise_figure(1.0)

    def states(T):
        s = noise_state(T)
        return {"y": [s["freq"], s["p"], np.maximum(s["kl"], 1e-6)]}

    return precomputed_slider_figure(fig, "temperature T", T_GRID, states, [0, 1, 2], active=T_GRID.index(1.0),
                                     fmt="{:g}".format, title=lambda T: noise_state(T)["title"])


def noise_live():
    import ipywidgets as w

    style = {"description_width": "initial"}
    T = w.FloatLogSlider(value=1.0, base=10, min=-1, max=0.7, step=0.05, description="temperature T",
                         readout_format=".2f", style=style)
    sweeps = w.IntSlider(value=NOISE_SWEEPS, min=1, max=NOISE_SWEEPS, description="sweeps shown", style=style)
    fig = _noise_figure(widget=True)
    cache = {}

    def update(_=None):
        if cache.get("T") != T.value:  # a new temperature re-runs the chains; a sweeps move re-reads them
            cache["T"], cache["run"] = T.value, noise_run(*noise_machine(), T.value, NOISE_SWEEPS, NOISE_CHAINS)
        s = noise_state(T.value, sweeps.value, run=cache["run"])
        with fig.batch_update():
            fig.data[0].y = s["freq"]
            fig.data[1].y = s["p"]
            fig.data[2].y = np.maximum(s["kl"][: sweeps.value], 1e-6)
            fig.data[2].x = np.arange(1, sweeps.value + 1)
            fig.layout.title.text = s["title"]

    T.observe(update, names="value")
    sweeps.observe(update, names="value")
    return w.VBox([w.HBox([T, sweeps]), fig])


def noise_as_resource() -> Explorable:
    return Explorable("Noise as a resource", live=noise_live, static=noise_static)


# ------------------------------------------------------------------ 3. timing learner

T_STEPS = 30
GAUSS_CENTRES = np.arange(0, T_STEPS, 2)  # 0, 2, ..., 28
DELAY_CENTRES = np.arange(T_STEPS)  # a tap at every step
ETA, TRIALS = 0.1, 200
PUFF_GRID = [4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26]  # the static twin's slider (steps)


def timing_state(puff, basis="Gaussian", sigma=2.0, trials=TRIALS, eta=ETA):
    """Responses after trials // 10 and after `trials` trials, and a title."""
    centres, s = (GAUSS_CENTRES, sigma) if basis == "Gaussian" else (DELAY_CENTRES, 0.0)
    early, final = eyeblink_responses(puff, centres, s, eta, [max(trials // 10, 1), trials], T_STEPS)
    peak = int(np.argmax(final))
    title = (f"{basis} basis, puff at step {puff}, {trials} trials:<br>the response peaks at step {peak} "
             f"({final[peak]:.2f} high); one step before the puff it is {final[max(puff - 1, 0)]:.2f}")
    return {"early": early, "final": final, "early_n": max(trials // 10, 1), "title": title}


TIMING_TOP, TIMING_HEIGHT = 150, 470  # px: two-line title 32-70, the static twin's buttons 80-110, legend below


def _timing_figure(puff=12, widget=False, height=TIMING_HEIGHT):
    fig = go.FigureWidget() if widget else go.Figure()
    t = np.arange(T_STEPS)
    for basis, colour in (("delay line", PALETTE["orange"]), ("Gaussian", PALETTE["blue"])):
        s = timing_state(puff, basis)
        fig.add_scatter(x=t, y=s["early"], mode="lines", name=f"{basis}, after {s['early_n']} trials",
                        line=dict(color=colour, dash="dot"))
        fig.add_scatter(x=t, y=s["final"], mode="lines+markers", name=f"{basis}, after {TRIALS} trials",
                        line=dict(color=colour, width=3), marker=dict(size=5))
    fig.add_scatter(x=[puff, puff], y=[0, 1.1], mode="lines", name="air puff", line=dict(color=PALETTE["vermillion"],
                    dash="dash", width=2))
    fig.update_layout(**pinned_layout(height, timing_state(puff, "Gaussian")["title"], size=13,
                                      margin=dict(l=70, r=30, t=TIMING_TOP, b=60),
                                      legend=dict(orientation="h", x=0, y=1.01, yanchor="bottom")), meta={
        "alt": "Learned eyelid response over the steps after a flash, for a delay-line basis and a Gaussian "
               "temporal basis, early and late in training, against the time of the air puff."})
    fig.update_xaxes(title_text="steps after the flash", range=[-0.5, T_STEPS - 0.5])
    fig.update_yaxes(title_text="response r(t)", range=[-0.15, 1.15])
    return fig


def timing_static() -> go.Figure:
    fig = _timing_figure(12)
    fig.data[0].visible = fig.data[1].visible = False  # opens on the Gaussian basis

    def st(puff):  # every restyled trace gets both x and y (a None in a slider step would reset it)
        d, g = timing_state(puff, "delay line"), timing_state(puff, "Gaussian")
        return {"y": [d["early"], d["final"], g["early"], g["final"], [0, 1.1]],
                "x": [np.arange(T_STEPS)] * 4 + [[puff, puff]]}

    precomputed_slider_figure(fig, "air puff at step", PUFF_GRID, st, [0, 1, 2, 3, 4], active=PUFF_GRID.index(12),
                              fmt="{:d}".format, title=lambda p: timing_state(p, "Gaussian")["title"])
    buttons = [dict(label=label, method="restyle", args=[{"visible": vis}, [0, 1, 2, 3]])
               for label, vis in (("Gaussian basis", [False, False, True, True]),
                                  ("delay line", [True, True, False, False]),
                                  ("both", [True, True, True, True]))]
    plot_h = TIMING_HEIGHT - TIMING_TOP - 60
    fig.update_layout(updatemenus=[dict(type="buttons", direction="right", name="temporal basis", buttons=buttons,
                                        x=0.0, xanchor="left", y=1 + 40 / plot_h, yanchor="bottom", showactive=True,
                                        pad=dict(t=0, b=0))])
    return fig


def timing_live():
    import ipywidgets as w

    style = {"description_width": "initial"}
    puff = w.IntSlider(value=12, min=1, max=T_STEPS - 2, description="air puff at step", style=style)
    basis = w.Dropdown(options=["Gaussian", "delay line", "both"], value="both", description="basis", style=style)
    sigma = w.FloatSlider(value=2.0, min=0.5, max=2.5, step=0.25, description="Gaussian σ (steps)",
                          readout_format=".2f", style=style)
    trials = w.IntSlider(value=TRIALS, min=10, max=1000, step=10, description="trials", style=style)
    fig = _timing_figure(widget=True)
    fig.layout.margin.t = 115  # no menu above the legend in the live widget

    def update(_=None):
        d = timing_state(puff.value, "delay line", trials=trials.value)
        g = timing_state(puff.value, "Gaussian", sigma.value, trials.value)
        show_d, show_g = basis.value in ("delay line", "both"), basis.value in ("Gaussian", "both")
        with fig.batch_update():
            for k, s in ((0, d), (2, g)):
                fig.data[k].y, fig.data[k + 1].y = s["early"], s["final"]
                fig.data[k].name = fig.data[k].name.split(",")[0] + f", after {s['early_n']} trials"
                fig.data[k + 1].name = fig.data[k + 1].name.split(",")[0] + f", after {trials.value} trials"
            fig.data[0].visible = fig.data[1].visible = show_d
            fig.data[2].visible = fig.data[3].visible = show_g
            fig.data[4].x = [puff.value, puff.value]
            fig.layout.title.text = (g if show_g else d)["title"]

    for c in (puff, basis, sigma, trials):
        c.observe(update, names="value")
    return w.VBox([w.HBox([puff, basis]), w.HBox([sigma, trials]), fig])


def timing_learner() -> Explorable:
    return Explorable("Timing learner", live=timing_live, static=timing_static)
