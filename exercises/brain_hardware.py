"""Graded exercises of chapter `brain-hardware`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/brain_hardware.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import brain_hardware as model

K_B = model.K_B

# ------------------------------------------------------------------ 1. energy_per_event


def _energy_example(rng):
    """The chapter's numbers: 20 W (said), 10¹⁴ synapses (outside), 1 Hz and 200 Hz."""
    return [(20.0, 1e14, 1.0), (20.0, 1e14, 200.0), (20.0, 1e14, np.array([1.0, 200.0]))]


def _energy_random(rng):
    cases = []
    for _ in range(6):
        cases.append((float(np.round(10 ** rng.uniform(-1, 3), 3)), float(np.round(10 ** rng.uniform(6, 15), -3)),
                      float(np.round(10 ** rng.uniform(-1, 9), 2))))
    cases.append((float(np.round(rng.uniform(5, 50), 1)), 1e11, np.round(10 ** rng.uniform(-1, 3, 4), 2)))
    return cases


def _energy_edges(rng):
    """One unit at 1 Hz (E = P), a rate below 1 Hz, and N · rate = 1 with neither equal to 1."""
    return [(3.5, 1.0, 1.0), (20.0, 1e14, 0.1), (7.0, 4.0, 0.25), (0.5, 2e3, 5e-4)]


energy_ex = Exercise(
    id="energy_per_event", function="energy_per_event", reference=model.energy_per_event,
    title="energy per synaptic event",
    checks=[
        Check("the shown examples: 20 W, 10¹⁴ synapses, at 1 Hz, at 200 Hz, and both rates as an array",
              _energy_example, hint="Power is energy per second; events per second = N · rate; divide."),
        Check("random budgets, unit counts and rates (some as arrays)", _energy_random, hidden=True),
        Check("one unit, a rate below 1 Hz, N · rate = 1", _energy_edges, hidden=True),
    ],
    mistakes=[
        Mistake("forgot the rate", lambda P, N, r: np.asarray(P, dtype=float) / N * np.ones_like(np.asarray(r, float)),
                hint="Each synapse fires `rate` times per second, so the budget is shared among N · rate events "
                     "per second: E = P / (N · rate). At 1 Hz the rate hides, at 200 Hz it does not."),
        Mistake("multiplied by the rate", lambda P, N, r: np.asarray(P, dtype=float) * np.asarray(r, float) / N,
                hint="A faster rate means MORE events sharing the same watts, so less energy each: divide by the "
                     "rate, E = P / (N · rate)."),
        Mistake("events per joule (upside down)", lambda P, N, r: N * np.asarray(r, dtype=float) / P,
                hint="You computed events per joule. Energy per event is joules per second divided by events per "
                     "second: P / (N · rate)."),
    ],
    rtol=1e-12, atol=0.0,  # energies are ~1e-15 J: no absolute tolerance, or every tiny answer would pass
)

# ------------------------------------------------------------------ 2. power_ratio


def _ratio_example(rng):
    return [(0.5, 0.5, 1.0), (0.1, 0.1, 10.0)]


def _ratio_random(rng):
    return [(float(np.round(rng.uniform(0.05, 2.0), 3)), float(np.round(rng.uniform(0.01, 3.0), 3)),
             float(np.round(10 ** rng.uniform(-1, 3), 2))) for _ in range(6)]


def _ratio_edges(rng):
    """Nothing changes (ratio 1); only V (×2: 4×); only f; only N; V and f moved so v² f = 1; k = 100 slow-and-wide."""
    return [(1.0, 1.0, 1.0), (2.0, 1.0, 1.0), (1.0, 0.3, 1.0), (1.0, 1.0, 7.0), (0.5, 4.0, 3.0), (0.01, 0.01, 100.0)]


power_ratio_ex = Exercise(
    id="power_ratio", function="power_ratio", reference=model.power_ratio,
    title="slower, lower-voltage, wider: the dynamic-power ratio",
    checks=[
        Check("the shown examples: V and f halved; k = 10 slower units at V/10", _ratio_example,
              hint="P = α C V² f N, so P_new / P_old = n_scale · v_scale² · f_scale."),
        Check("random scalings of V, f and N", _ratio_random, hidden=True,
              hint="Each factor enters the power once, except V, which enters squared: n_scale · v_scale² · f_scale. "
                   "Do not build V ∝ f into the function: the caller passes v_scale and f_scale separately."),
        Check("one factor at a time, and factors that cancel", _ratio_edges, hidden=True),
    ],
    mistakes=[
        Mistake("V not squared", lambda v, f, n: n * v * f,
                hint="V enters squared: each switching event draws C·V² from the supply. Halving V alone cuts the "
                     "power to 1/4, so halving V and f gives 1/8."),
        Mistake("forgot the number of units", lambda v, f, n: v**2 * f,
                hint="Power adds up over units: k slower units each at V/k and f/k use k · (1/k)² · (1/k) = 1/k² "
                     "of the original power, not 1/k³."),
        Mistake("divided by the number of units", lambda v, f, n: v**2 * f / n,
                hint="More units burn more power (P ∝ N): multiply by n_scale. The saving comes from V² f, not from "
                     "the number of units."),
        Mistake("f squared too", lambda v, f, n: n * v**2 * f**2,
                hint="Only V is squared: P = α C V² f N is linear in the clock f."),
    ],
    rtol=1e-12,
)

# ------------------------------------------------------------------ 3. landauer


def _landauer_wrong(kind):
    def landauer(T_kelvin, energies_j):
        T = float(T_kelvin)
        if kind == "celsius":
            T = T + 273.15
        factor = {"ln2": np.log(2.0), "none": 1.0, "log10": np.log10(2.0), "celsius": np.log(2.0),
                  "inverted": np.log(2.0)}[kind]
        floor = K_B * T * factor
        e = np.asarray(energies_j, dtype=float)
        return floor, (floor / e if kind == "inverted" else e / floor)
    return landauer


def _landauer_example(rng):
    return [(310.0, np.array([1e-15, 0.7e-12]))]


def _landauer_random(rng):
    return [(float(np.round(rng.uniform(1, 600), 1)), np.round(10 ** rng.uniform(-21, -9, int(rng.integers(1, 6))), 25))
            for _ in range(5)]


def _landauer_edges(rng):
    """An energy exactly at the floor (ratio 1), room temperature, 4 K, and a single energy."""
    return [(300.0, np.array([K_B * 300.0 * np.log(2.0), 1e-18])), (4.0, np.array([1e-21])),
            (77.0, np.array([2e-19, 5e-20, 1e-12]))]


landauer_ex = Exercise(
    id="landauer", function="landauer", reference=model.landauer,
    title="the Landauer floor and how far above it we compute",
    checks=[
        Check("the shown example: 310 K; 1 fJ and 0.7 pJ", _landauer_example,
              hint="floor = k_B · T · ln 2 with k_B = 1.380649e-23 J/K and T in kelvin; ratios = energies / floor."),
        Check("random temperatures and energies", _landauer_random, hidden=True),
        Check("an energy exactly at the floor, 4 K and 77 K", _landauer_edges, hidden=True),
    ],
    mistakes=[
        Mistake("forgot ln 2", _landauer_wrong("none"),
                hint="Erasing one bit costs at least k_B · T · ln 2: the ln 2 is the entropy of one bit in nats "
                     "(log of 2 states), about 0.693."),
        Mistake("log10 instead of ln", _landauer_wrong("log10"),
                hint="Use the natural logarithm: ln 2 ≈ 0.693 (np.log(2)), not log₁₀ 2 ≈ 0.301."),
        Mistake("converted kelvin again", _landauer_wrong("celsius"),
                hint="T is already in kelvin (310 K is body temperature): do not add 273.15 again."),
        Mistake("ratios upside down", _landauer_wrong("inverted"),
                hint="The ratio says how many times above the floor an energy is: energies / floor (a big "
                     "number, ~3.4·10⁵ for 1 fJ at 310 K)."),
    ],
    rtol=1e-9, atol=0.0,  # the floor is ~3e-21 J: an absolute tolerance would accept anything
)

# ------------------------------------------------------------------ 4. normalize


def _norm_example(rng):
    return [(np.array([0.2, 0.5, 0.3, 1.0]), 1.0), (np.array([0.2, 0.5, 0.3, 1.0]), 3.0)]


def _norm_random(rng):
    cases = []
    for _ in range(4):
        n = int(rng.integers(2, 9))
        cases.append((np.round(rng.uniform(0.01, 2.0, n), 3), float(np.round(rng.uniform(0.5, 5.0), 2))))
    for _ in range(2):  # several neurons: one row each
        cases.append((np.round(rng.uniform(0.01, 2.0, (int(rng.integers(2, 5)), int(rng.integers(2, 7)))), 3),
                      float(np.round(rng.uniform(0.5, 5.0), 2))))
    return cases


def _norm_edges(rng):
    """Equal weights (a tie), one synapse, weights already summing to the total, and rows with different sums."""
    return [(np.full(5, 0.7), 2.0), (np.array([4.0]), 1.5), (np.array([0.25, 0.25, 0.5]), 1.0),
            (np.array([[1.0, 3.0], [0.5, 0.5], [2.0, 6.0]]), 4.0)]


def _norm_wrong(kind):
    def normalize(w, total=1.0):
        w = np.asarray(w, dtype=float)
        if kind == "max":
            return w * total / w.max(axis=-1, keepdims=True)
        if kind == "l2":
            return w * total / np.linalg.norm(w, axis=-1, keepdims=True)
        if kind == "subtractive":
            return w - (w.sum(axis=-1, keepdims=True) - total) / w.shape[-1]
        if kind == "global":
            return w * total / w.sum()
        if kind == "no_total":
            return w / w.sum(axis=-1, keepdims=True)
        raise ValueError(kind)
    return normalize


normalize_ex = Exercise(
    id="normalize", function="normalize", reference=model.normalize,
    title="multiplicative synaptic normalisation",
    checks=[
        Check("the shown examples: (0.2, 0.5, 0.3, 1.0) to sum 1 and to sum 3", _norm_example,
              hint="Multiply every weight by total / (sum of the neuron's weights)."),
        Check("random neurons, and several neurons at once (one per row)", _norm_random, hidden=True,
              hint="With a 2-D array each ROW is one neuron: sum along the last axis (keepdims=True) so that "
                   "each row is scaled by its own sum."),
        Check("equal weights, one synapse, already normalised, rows with different sums", _norm_edges, hidden=True),
    ],
    mistakes=[
        Mistake("divided by the largest weight", _norm_wrong("max"),
                hint="Normalise by the SUM of the weights (the neuron's total synaptic strength), not by the "
                     "largest one."),
        Mistake("divided by the Euclidean norm", _norm_wrong("l2"),
                hint="This normalisation fixes the sum Σw, not the length √(Σw²): divide by w.sum()."),
        Mistake("subtractive normalisation", _norm_wrong("subtractive"),
                hint="You subtracted the same amount from every synapse (subtractive normalisation, a real "
                     "alternative that changes the ratios between weights). Here it is multiplicative: scale every "
                     "weight by the same factor total / Σw, so the ratios stay."),
        Mistake("one sum over every neuron", _norm_wrong("global"),
                hint="Each neuron (row) is normalised by its own sum: w.sum(axis=-1, keepdims=True), not one sum "
                     "over the whole array."),
        Mistake("ignored the total", _norm_wrong("no_total"),
                hint="The weights must sum to `total`, not to 1: multiply by total after dividing by the sum."),
    ],
    rtol=1e-12, atol=1e-15,
)

# ------------------------------------------------------------------ 5. oja

C_ISSUE = np.array([[3.0, 1.0], [1.0, 2.0]])


def _oja_wrong(kind):
    def oja(C, w0, eta, steps):
        C, w = np.asarray(C, dtype=float), np.array(w0, dtype=float)
        out = [w.copy()]
        for _ in range(int(steps)):
            Cw = C @ w
            if kind == "hebb":
                w = w + eta * Cw
            elif kind == "norm_decay":
                w = w + eta * (Cw - (w @ w) * w)
            elif kind == "explicit":
                w = w + eta * Cw
                w = w / np.linalg.norm(w)
            elif kind == "decay_sign":
                w = w + eta * (Cw + (w @ Cw) * w)
            out.append(w)
        out = np.array(out)
        return out[1:] if kind == "no_start" else out
    return oja


def _oja_example(rng):
    return [(C_ISSUE, np.array([1.0, 0.0]), 0.05, 500), (C_ISSUE, np.array([1.0, 0.0]), 0.05, 3)]


def _spd(rng, n):
    A = rng.normal(0, 1, (n, n))
    return np.round(A @ A.T / n + 0.2 * np.eye(n), 3)


def _oja_random(rng):
    cases = []
    for _ in range(5):
        n = int(rng.integers(2, 5))
        C = _spd(rng, n)
        lam = np.linalg.eigvalsh(C).max()
        w0 = np.round(rng.normal(0, 0.6, n), 3)
        cases.append((C, w0, float(np.round(0.2 / lam, 4)), int(rng.integers(5, 80))))
    return cases


def _oja_edges(rng):
    """No steps (just w0), a tie (C = 2 I: every direction is a top eigenvector, the norm still goes to 1), a start
    longer than 1, and a start on the second eigenvector (it stays there: an unstable fixed point)."""
    v2 = np.array([0.52573111, -0.85065081])
    return [(C_ISSUE, np.array([0.3, 0.4]), 0.05, 0), (2.0 * np.eye(2), np.array([0.3, -0.4]), 0.1, 20),
            (C_ISSUE, np.array([1.5, -1.0]), 0.02, 30), (C_ISSUE, v2, 0.05, 10)]


oja_ex = Exercise(
    id="oja", function="oja", reference=model.oja,
    title="Oja's rule: a local Hebbian rule that normalises itself",
    checks=[
        Check("the shown examples: C = ((3, 1), (1, 2)), η = 0.05, from (1, 0), 500 and 3 steps", _oja_example,
              hint="Each step: Cw = C @ w; w = w + η·(Cw − (w·Cw)·w). Return every w, starting with w0: shape "
                   "(steps + 1, n)."),
        Check("random covariances (2 to 4 inputs), starts, step sizes and step counts", _oja_random, hidden=True),
        Check("zero steps, equal eigenvalues, a long start vector, a start on the second eigenvector", _oja_edges,
              hidden=True),
    ],
    mistakes=[
        Mistake("plain Hebb, no decay term", _oja_wrong("hebb"),
                hint="Without the decay −(w·Cw)·w the weights grow without bound (pure Hebbian runaway). Oja's "
                     "rule subtracts y²·w, whose expectation is (wᵀCw)·w."),
        Mistake("decay by |w|² instead of wᵀCw", _oja_wrong("norm_decay"),
                hint="The decay is y²·w, and E[y²] = wᵀ C w (the output's power), not wᵀw: use w @ C @ w."),
        Mistake("explicit renormalisation", _oja_wrong("explicit"),
                hint="Dividing by |w| after a Hebbian step needs the whole weight vector (non-local); Oja's rule "
                     "instead adds the local decay term: w + η·(Cw − (wᵀCw)·w), no division."),
        Mistake("decay with the wrong sign", _oja_wrong("decay_sign"),
                hint="The decay term is subtracted: w + η·(Cw − (wᵀCw)·w)."),
        Mistake("trajectory without the start", _oja_wrong("no_start"),
                hint="Return steps + 1 rows: row 0 is w0 itself, row k the weights after k steps."),
    ],
    rtol=1e-7, atol=1e-10,
)

# ------------------------------------------------------------------ 6. eyeblink

GAUSS = np.arange(0.0, 30.0, 2.0)


def _blink_wrong(kind):
    def eyeblink(puff, centres, sigma, eta, n_trials, T=30):
        t = np.arange(T, dtype=float)[:, None]
        c = np.asarray(centres, dtype=float)[None, :]
        if sigma == 0:
            Phi = (t == c).astype(float)
        else:
            Phi = np.exp(-((t - c) ** 2) / (2.0 * sigma**2))
            if kind == "sigma_sq":
                Phi = np.exp(-((t - c) ** 2) / (2.0 * sigma))
        y = np.zeros(T)
        y[puff + 1 if kind == "late" and puff + 1 < T else puff] = 1.0
        w = np.zeros(Phi.shape[1])
        for _ in range(int(n_trials)):
            if kind == "online":
                for k in range(T):
                    w = w + eta * (y[k] - Phi[k] @ w) * Phi[k]
            elif kind == "hebb":
                w = w + eta * Phi.T @ y
            elif kind == "sign":
                w = w - eta * Phi.T @ (y - Phi @ w)
            else:
                w = w + eta * Phi.T @ (y - Phi @ w)
        return w, Phi @ w
    return eyeblink


def _blink_example(rng):
    return [(12, GAUSS, 2.0, 0.1, 200, 30), (5, np.arange(10.0), 0.0, 0.5, 3, 10)]


def _blink_random(rng):
    cases = []
    for _ in range(4):
        T = int(rng.integers(8, 31))
        spacing = int(rng.integers(1, 4))
        sigma = float(np.round(rng.uniform(0.8, 2.5), 2))
        centres = np.arange(0.0, T, spacing)
        eta = float(np.round(0.25 / (sigma * np.sqrt(np.pi) * (1 + 2 * sigma / spacing)), 3))  # stable steps
        cases.append((int(rng.integers(1, T)), centres, sigma, eta, int(rng.integers(1, 60)), T))
    return cases


def _blink_edges(rng):
    """No training (zero response), the puff at the flash (step 0) and at the last step, one feature, and a
    delay line with a tap missing at the puff (it cannot respond there)."""
    return [(7, GAUSS, 2.0, 0.1, 0, 30), (0, np.arange(0.0, 12.0, 2.0), 1.5, 0.1, 20, 12),
            (11, np.arange(12.0), 0.0, 0.3, 4, 12), (4, np.array([4.0]), 1.2, 0.4, 5, 9),
            (5, np.arange(0.0, 12.0, 2.0), 0.0, 0.5, 6, 12)]


eyeblink_ex = Exercise(
    id="eyeblink", function="eyeblink", reference=model.eyeblink,
    title="learning when the puff comes: the delta rule on a temporal basis",
    checks=[
        Check("the shown examples: Gaussian basis, puff at 12; a small delay line", _blink_example,
              hint="Φ[t, k] = exp(−(t − c_k)² / (2σ²)) (σ = 0: 1 where t == c_k); y = 1 at the puff only; "
                   "each trial w = w + η · Φᵀ (y − Φ w); return (w, Φ w)."),
        Check("random trial lengths, bases, widths, step sizes and trial counts", _blink_random, hidden=True),
        Check("no trials, the puff at step 0 or at the last step, one feature, a delay line with a gap",
              _blink_edges, hidden=True,
              hint="With sigma == 0 the basis is a delay line: feature k is exactly 1 at step centres[k] and 0 "
                   "elsewhere (the Gaussian formula would divide by zero)."),
    ],
    mistakes=[
        Mistake("updated after every time step", _blink_wrong("online"),
                hint="Update once per trial, with the weights the trial started with: the error y(t) − r(t) of "
                     "every step uses the same w, then w += η Σ_t (y(t) − r(t)) Φ(t)."),
        Mistake("Hebbian, no error term", _blink_wrong("hebb"),
                hint="The delta rule learns from the ERROR y − r, not from y alone: once the response predicts the "
                     "puff, learning stops (without −r the weights grow forever)."),
        Mistake("sign flipped", _blink_wrong("sign"),
                hint="w moves toward the target: w += η Φᵀ (y − r). With a minus sign the error grows every trial."),
        Mistake("σ not squared", _blink_wrong("sigma_sq"),
                hint="The Gaussian bump is exp(−(t − c)² / (2σ²)): σ is squared."),
        Mistake("puff one step late", _blink_wrong("late"),
                hint="The target is 1 at step `puff` itself (the flash is at step 0)."),
    ],
    rtol=1e-7, atol=1e-10,
)

grader = Grader("brain-hardware", [energy_ex, power_ratio_ex, landauer_ex, normalize_ex, oja_ex, eyeblink_ex])
