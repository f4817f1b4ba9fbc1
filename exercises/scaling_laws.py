"""Graded exercises of chapter `scaling-laws`: grader.check("<id>") in the notebook.

Every reference is the model function in widgets/scaling_laws.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import exponential_trends as et
from widgets import scaling_laws as model

# ------------------------------------------------------------------ 1. train_flops


def _flops_example(rng):
    return [(1e9, 2e10), (7e10, 1.4e12)]


def _flops_random(rng):
    return [(float(10 ** rng.uniform(6, 12)), float(10 ** rng.uniform(9, 14))) for _ in range(6)]


def _flops_arrays(rng):
    return [(np.array([1.25e8, 3.5e9, 4.05e11]), np.array([2.5e9, 7.0e10, 1.56e13]))]


train_flops_ex = Exercise(
    id="train_flops", function="train_flops", reference=model.train_flops, title="training compute C ≈ 6ND",
    checks=[
        Check("1B parameters on 20B tokens, and 70B on 1.4T tokens", _flops_example,
              hint="C = 6·N·D: 2 FLOP per parameter per token in the forward pass, 4 in the backward pass."),
        Check("random model and data sizes", _flops_random, hidden=True),
        Check("arrays of N and D (elementwise)", _flops_arrays, hidden=True,
              hint="Use arithmetic that works elementwise on numpy arrays (no math.prod over a list)."),
    ],
    mistakes=[
        Mistake("2ND (forward pass only)", lambda N, D: 2.0 * N * D,
                hint="2·N·D counts only the forward pass. Training also runs the backward pass, about twice the "
                     "forward cost: 6·N·D in total."),
        Mistake("N·D without the factor", lambda N, D: N * D,
                hint="Each parameter costs FLOP per token: a multiply and an add forward (2), twice that "
                     "backward (4): C = 6·N·D, not N·D."),
        Mistake("N + D", lambda N, D: 6.0 * (N + D),
                hint="Every token passes through every parameter: the cost is a product, 6·N·D."),
    ],
)

# ------------------------------------------------------------------ 2. fit_alpha


def _alpha_example(rng):
    N = np.array([1e7, 1e8, 1e9, 1e10])
    return [(N, 1.69 + 406.4 / N ** 0.34, 1.69)]


def _alpha_noisy(rng):
    """Noisy curves (multiplicative noise on L − E): least squares differs from any two-point rule."""
    cases = []
    for _ in range(4):
        n = int(rng.integers(5, 12))
        N = np.sort(10 ** rng.uniform(6, 11, n))
        E, A, a = float(rng.uniform(0.5, 2.5)), float(10 ** rng.uniform(1, 3)), float(rng.uniform(0.1, 0.7))
        L = E + A * N ** (-a) * np.exp(rng.normal(0, 0.05, n))
        cases.append((N, L, E))
    return cases


def _alpha_two(rng):
    """Two points (the line through them), and an unsorted input."""
    N = np.array([3e9, 2e7, 5e8, 1e10, 8e7])
    L = 2.1 + 120.0 * N ** -0.42 * np.array([1.02, 0.97, 1.01, 0.99, 1.03])
    return [(np.array([1e6, 1e9]), np.array([4.0, 2.0]), 1.5), (N, L, 2.1)]


def _alpha_wrong(kind):
    def fit_alpha(N, L, E):
        N, L = np.asarray(N, float), np.asarray(L, float)
        if kind == "no_E":
            s, c = np.polyfit(np.log(N), np.log(L), 1)
            return float(np.exp(c)), float(-s)
        if kind == "log10_exp":
            s, c = np.polyfit(np.log10(N), np.log10(L - E), 1)
            return float(np.exp(c)), float(-s)
        if kind == "sign":
            s, c = np.polyfit(np.log(N), np.log(L - E), 1)
            return float(np.exp(c)), float(s)
        if kind == "endpoints":
            i, j = np.argmin(N), np.argmax(N)
            s = (np.log(L[j] - E) - np.log(L[i] - E)) / (np.log(N[j]) - np.log(N[i]))
            return float((L[i] - E) * N[i] ** -s), float(-s)
        if kind == "swapped":
            s, c = np.polyfit(np.log(N), np.log(L - E), 1)
            return float(-s), float(np.exp(c))
    return fit_alpha


fit_alpha_ex = Exercise(
    id="fit_alpha", function="fit_alpha", reference=model.fit_alpha, title="fit a power law on log–log axes",
    checks=[
        Check("the noise-free curve L = 1.69 + 406.4/N^0.34 at N = 1e7 … 1e10", _alpha_example,
              hint="Subtract E first: ln(L − E) = ln A − α·ln N is a straight line; fit it by least squares "
                   "(np.polyfit) and return (A, α) = (e^intercept, −slope)."),
        Check("noisy curves with other E, A and α", _alpha_noisy, hidden=True,
              hint="Use all the points (least squares), not only the first and last."),
        Check("two points, and points given out of order", _alpha_two, hidden=True),
    ],
    mistakes=[
        Mistake("forgot the irreducible term E", _alpha_wrong("no_E"),
                hint="You fitted ln L on ln N. L levels off at E, so L itself is not a power law of N: subtract the "
                     "irreducible loss first and fit ln(L − E). (Without it the example gives α ≈ 0.0867.)"),
        Mistake("log10 fit, natural exponential", _alpha_wrong("log10_exp"),
                hint="Mixed log bases: the slope is the same in any base, but an intercept fitted on log10 axes "
                     "gives A = 10**intercept, not e**intercept (or fit with np.log throughout)."),
        Mistake("returned the slope, not α", _alpha_wrong("sign"),
                hint="The fitted slope is −α (loss falls as N grows). Return α = −slope, a positive number."),
        Mistake("two-point slope", _alpha_wrong("endpoints"),
                hint="A line through the first and last points ignores the rest: fit all points by least squares."),
        Mistake("(α, A) order", _alpha_wrong("swapped"),
                hint="Return the pair in the order (A, α)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. optimum


def _opt_example(rng):
    return [(1e21, model.HOFFMANN), (5.76e23, model.HOFFMANN), (5.76e23, model.REFIT)]


def _opt_random(rng):
    cases = []
    for _ in range(6):
        a, b = rng.uniform(0.2, 0.6, 2)
        consts = (float(rng.uniform(1, 2.5)), float(10 ** rng.uniform(2, 3.5)), float(10 ** rng.uniform(2, 3.5)),
                  float(a), float(b))
        cases.append((float(10 ** rng.uniform(18, 26)), consts))
    return cases


def _opt_edges(rng):
    """The smallest and largest budgets of the explorer, a law with α ≠ β, A ≠ B far from the paper's, and a
    tiny budget (D* ≈ 7.3e5 tokens: not a whole number)."""
    return [(1e18, model.HOFFMANN), (1e26, model.REFIT), (3e22, (0.0, 50.0, 5000.0, 0.5, 0.25)),
            (1e10, (1.0, 300.0, 800.0, 0.45, 0.3))]


def _opt_wrong(kind):
    def optimum(C, consts):
        E, A, B, a, b = consts
        G = (a * A / (b * B)) ** (1 / (a + b)) if kind != "G_inverted" else (b * B / (a * A)) ** (1 / (a + b))
        expo = a / (a + b) if kind == "exponent" else b / (a + b)
        base = C if kind == "no_six" else C / 6
        N = G * base ** expo
        D = C / (2 * N) if kind == "2ND" else C / (6 * N)
        return float(N), float(D)
    return optimum


optimum_ex = Exercise(
    id="optimum", function="optimum", reference=model.optimum, title="the compute-optimal N* and D*",
    checks=[
        Check("Hoffmann's constants at 1e21 and 5.76e23 FLOP; the refit at 5.76e23", _opt_example,
              hint="N* = G·(C/6)^(β/(α+β)) with G = (αA/(βB))^(1/(α+β)); then D* = C/(6N*)."),
        Check("random constant sets and budgets", _opt_random, hidden=True),
        Check("budgets 1e18 and 1e26, a law far from the paper's, a tiny budget", _opt_edges, hidden=True),
    ],
    mistakes=[
        Mistake("exponent α/(α+β)", _opt_wrong("exponent"),
                hint="N* grows as (C/6)^(β/(α+β)): the exponent of N carries β, the data exponent (set the "
                     "derivative of A·N^(−α) + B·(C/6N)^(−β) to zero)."),
        Mistake("G upside down", _opt_wrong("G_inverted"),
                hint="G = (αA/(βB))^(1/(α+β)): α and A on top."),
        Mistake("D* from 2ND", _opt_wrong("2ND"),
                hint="The budget is C = 6·N·D, so D* = C/(6N*), not C/(2N*)."),
        Mistake("C instead of C/6", _opt_wrong("no_six"),
                hint="Along the IsoFLOP curve D = C/(6N): the formula uses (C/6)^(β/(α+β)), not C^(β/(α+β))."),
    ],
    rtol=1e-9, atol=0.0,
)

# ------------------------------------------------------------------ 4. compute_trend


def _trend_example(rng):
    ep = et.load_epoch()
    return [(ep["year"], ep["flop"], 2010.0)]


def _trend_boundary(rng):
    """Points exactly on the window start (they count), given out of order."""
    year = np.array([2019.0, 2021.0, 2018.5, 2020.0, 2022.0, 2020.0, 2023.5])
    flop = np.array([3e21, 9e22, 1e20, 5e22, 2e24, 8e21, 1e25])
    return [(year, flop, 2020.0)]


def _trend_random(rng):
    cases = []
    for _ in range(4):
        n = int(rng.integers(15, 60))
        year = np.round(rng.uniform(1995, 2025, n), 3)
        flop = 10 ** (rng.uniform(0.3, 0.8) * (year - 1995) + 15 + rng.normal(0, 0.6, n))
        start = float(np.round(rng.uniform(2000, 2015), 1))
        cases.append((year, flop, start))
    return cases


def _trend_wrong(kind):
    def compute_trend(year, flop, start):
        year, flop = np.asarray(year, float), np.asarray(flop, float)
        keep = year > start if kind == "strict" else year >= start
        x = year[keep]
        if kind == "rows":
            x = np.arange(keep.sum(), dtype=float)
        if kind == "sorted":
            first = int(np.argmax(year >= start))
            keep = np.arange(year.size) >= first
            x = year[keep]
        y = np.log(flop[keep]) if kind == "ln" else np.log10(flop[keep])
        s = float(np.polyfit(x, y, 1)[0])
        months = 12.0 / s if kind == "no_log2" else 12.0 * np.log10(2.0) / s
        return s, float(10.0 ** s), float(months)
    return compute_trend


compute_trend_ex = Exercise(
    id="compute_trend", function="compute_trend", reference=model.compute_trend,
    title="the compute trend of notable models",
    checks=[
        Check("Epoch's 484 notable models, window from 2010.0", _trend_example,
              hint="Keep rows with year >= start; slope = np.polyfit(year, np.log10(flop), 1)[0]; factor = "
                   "10**slope; doubling time = 12·log10(2)/slope months."),
        Check("points exactly on the window start, rows out of date order", _trend_boundary, hidden=True),
        Check("random synthetic trends and windows", _trend_random, hidden=True),
    ],
    mistakes=[
        Mistake("window excludes its start", _trend_wrong("strict"),
                hint="A model published exactly on the start date is inside the window: keep year >= start."),
        Mistake("natural log instead of log10", _trend_wrong("ln"),
                hint="The slope is asked in dex (orders of magnitude, log10) per year: fit np.log10(flop). With "
                     "np.log the slope is ln 10 ≈ 2.30 times too large."),
        Mistake("doubling time 12/slope", _trend_wrong("no_log2"),
                hint="A doubling is log10(2) ≈ 0.301 dex, so it takes log10(2)/slope years = 12·log10(2)/slope "
                     "months."),
        Mistake("row numbers as time", _trend_wrong("rows"),
                hint="Regress on the publication year, not on the row number: rows are not evenly spaced in time."),
        Mistake("rows assumed sorted by date", _trend_wrong("sorted"),
                hint="Select rows by their date (a boolean mask year >= start), not by position from the first "
                     "row in the window: rows need not be in date order."),
    ],
    rtol=1e-9, atol=0.0,
)

# ------------------------------------------------------------------ 5. flops_ratio


def _ratio_example(rng):
    return [(3.14e23, 1.75e11, 3.74e11), (5.76e23, 7e10, 1.05e12), (3.8e25, 4.05e11, 1.56e13)]


def _ratio_random(rng):
    cases = []
    for _ in range(6):
        N, D = float(10 ** rng.uniform(7, 12)), float(10 ** rng.uniform(9, 13.5))
        cases.append((float(6 * N * D * 10 ** rng.uniform(-0.6, 0.6)), N, D))
    return cases


def _ratio_edges(rng):
    """C exactly 6ND; D = N (one token per parameter); a fine-tune that lists only a small D."""
    return [(6 * 2e9 * 4e10, 2e9, 4e10), (6e20, 1e10, 1e10), (1.2e24, 6.5e10, 1e8)]


flops_ratio_ex = Exercise(
    id="flops_ratio", function="flops_ratio", reference=model.flops_ratio, title="C/(6ND): a units check on Epoch rows",
    checks=[
        Check("GPT-3 175B, Chinchilla and Llama 3.1-405B as Epoch lists them", _ratio_example,
              hint="Return (C / (6·N·D), D / N)."),
        Check("random rows", _ratio_random, hidden=True),
        Check("C exactly 6ND, D = N, a fine-tune's small D", _ratio_edges, hidden=True),
    ],
    mistakes=[
        Mistake("C/(2ND)", lambda C, N, D: (C / (2 * N * D), D / N),
                hint="Compare with the training estimate 6·N·D (forward and backward), not 2·N·D."),
        Mistake("N/D instead of D/N", lambda C, N, D: (C / (6 * N * D), N / D),
                hint="Tokens per parameter is D/N (Chinchilla's rule of thumb is about 20)."),
        Mistake("6ND/C", lambda C, N, D: (6 * N * D / C, D / N),
                hint="The ratio is listed compute over the 6ND estimate: C / (6·N·D)."),
    ],
    rtol=1e-9, atol=0.0,
)

grader = Grader("scaling-laws", [train_flops_ex, fit_alpha_ex, optimum_ex, compute_trend_ex, flops_ratio_ex])
