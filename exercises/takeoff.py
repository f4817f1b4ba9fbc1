"""Graded exercises of chapter `takeoff`. The references are the model functions in widgets/takeoff.py."""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import exponential_trends as et
from widgets import takeoff as model

# ------------------------------------------------------------------ 1. steady_growth


def _sg_example(rng):
    return [(1.0, 0.5, 0.04), (0.5, -1.0, 0.04)]


def _sg_random(rng):
    return [(float(np.round(rng.uniform(0.2, 1.5), 3)), float(np.round(rng.uniform(-2.0, 0.9), 3)),
             float(np.round(rng.uniform(0.005, 0.08), 4))) for _ in range(6)]


def _sg_edges(rng):
    """φ = 0 (no fishing out, no standing on shoulders), λ = 0, a shrinking research input, φ close to 1."""
    return [(0.7, 0.0, 0.03), (0.0, 0.4, 0.05), (0.8, 0.25, -0.02), (0.3, 0.95, 0.01)]


steady_growth_ex = Exercise(
    id="tk_steady_growth", function="steady_growth", reference=model.steady_growth,
    title="the steady growth rate of ideas",
    checks=[
        Check("the shown examples", _sg_example, hint="g_A = λ·g_S / (1 − φ)."),
        Check("random λ, φ < 1 and research growth rates", _sg_random, hidden=True),
        Check("φ = 0, λ = 0, a shrinking research input, φ close to 1", _sg_edges, hidden=True),
    ],
    mistakes=[
        Mistake("forgot λ", lambda lam, phi, g: g / (1 - phi),
                hint="Research input enters as S^λ, so its growth counts λ times: g_A = λ·g_S / (1 − φ)."),
        Mistake("multiplied by 1 − φ", lambda lam, phi, g: lam * g * (1 - phi),
                hint="Divide by 1 − φ: in steady state g_A = λ·g_S + φ·g_A, so g_A·(1 − φ) = λ·g_S."),
        Mistake("divided by 1 + φ", lambda lam, phi, g: lam * g / (1 + phi) if phi != -1 else math.inf,
                hint="Divide by 1 − φ, not 1 + φ: the A^φ term adds φ·g_A to the growth rate of dA/dt."),
    ],
    rtol=1e-12, atol=1e-15,
)

# ------------------------------------------------------------------ 2. takeoff_time


def _tt_example(rng):
    return [(1.0, -0.5, 1e-3), (1.0, 0.0, 1e-3), (1.0, 0.5, 1e-3)]


def _tt_random(rng):
    cases = []
    for _ in range(4):
        lam = float(np.round(rng.uniform(0.5, 1.5), 2))
        phi = float(np.round(rng.uniform(-0.6, 0.6), 2))
        cases.append((lam, phi, float(rng.choice([1e-3, 2e-3]))))
    return cases


def _tt_edges(rng):
    """λ + φ = 1 written in decimals (1.4 + (−0.4) is 0.9999999999999999), just above and just below 1,
    λ away from 1 with λ + φ on either side."""
    return [(1.4, -0.4, 1e-3), (1.0, 1e-6, 1e-3), (1.0, -1e-6, 1e-3), (0.6, 0.2, 1e-3), (1.3, -0.1, 1e-3)]


def _tt_wrong(method="rk4", interpolate=True, label="sum"):
    def takeoff_time(lam, phi, dt):
        f = lambda A: (1 + A) ** lam * A ** phi  # noqa: E731
        t, A = 0.0, 1.0
        while True:
            if method == "euler":
                A2 = A + dt * f(A)
            else:
                k1 = f(A)
                k2 = f(A + dt / 2 * k1)
                k3 = f(A + dt / 2 * k2)
                k4 = f(A + dt * k3)
                A2 = A + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            if A2 >= 10:
                tc = t + dt * (10 - A) / (A2 - A) if interpolate else t + dt
                break
            t, A = t + dt, A2
        r = (lam + phi if label == "sum" else 1 + phi) - 1
        if label == "exact":
            kind = "exponential" if lam + phi == 1 else ("explosive" if lam + phi > 1 else "slowdown")
        else:
            kind = "exponential" if abs(r) <= 1e-9 else ("explosive" if r > 0 else "slowdown")
        return tc, kind
    return takeoff_time


takeoff_time_ex = Exercise(
    id="tk_takeoff_time", function="takeoff_time", reference=model.takeoff_time,
    title="RK4: time to 10× and the regime",
    checks=[
        Check("the shown examples: λ = 1 and φ = −0.5, 0, 0.5", _tt_example,
              hint="Step A with RK4 until A >= 10, then interpolate linearly inside that last step: "
                   "t = t_before + dt·(10 − A_before)/(A_after − A_before)."),
        Check("random λ and φ, steps of 0.001 and 0.002", _tt_random, hidden=True),
        Check("λ + φ equal to 1 in decimals, just above and just below 1, λ away from 1", _tt_edges, hidden=True,
              hint="The regime is decided by λ + φ against 1, with |λ + φ − 1| <= 1e-9 counted as exactly 1."),
    ],
    mistakes=[
        Mistake("no interpolation in the crossing step", _tt_wrong(interpolate=False),
                hint="Returning the end of the step that crosses 10 is off by up to one step (0.001): interpolate "
                     "the crossing step, t = t_before + dt·(10 − A_before)/(A_after − A_before)."),
        Mistake("Euler instead of RK4", _tt_wrong(method="euler"),
                hint="An Euler step A + dt·f(A) is only first-order accurate: with dt = 0.001 it is off by about "
                     "1e-3. Use the four RK4 slopes k1..k4 and A + dt/6·(k1 + 2k2 + 2k3 + k4)."),
        Mistake("regime from φ alone", _tt_wrong(label="phi"),
                hint="The regime depends on λ + φ, the total returns to (researchers + ideas), not on φ alone: "
                     "with S = L + A, dA/dt grows like A^(λ+φ) once the AI term dominates."),
        Mistake("regime with exact equality", _tt_wrong(label="exact"),
                hint="1.4 + (−0.4) is 0.9999999999999999 in floating point: test |λ + φ − 1| <= 1e-9 for "
                     "\"exponential\", not λ + φ == 1."),
    ],
    rtol=0.0, atol=1e-4,  # the prompt's tolerance: the time to within 1e-4 (RK4 + linear interpolation is ~1e-7)
    timeout=10.0,
)

# ------------------------------------------------------------------ 3. doubling_from_points


def _dp_example(rng):
    return [(1950.0, 1.0, 1959.0, 2.0, 100.0), (2001.0, 9.5e7, 2015.0, 1.2e3, 10.0)]


def _dp_random(rng):
    cases = []
    for _ in range(6):
        y1 = float(rng.integers(1900, 2010))
        y2 = y1 + float(rng.integers(2, 40))
        c1 = float(f"{10 ** rng.uniform(-2, 6):.4g}")
        c2 = float(f"{c1 * 10 ** rng.uniform(-4, 4):.4g}")
        if c2 == c1:
            c2 = 3.7 * c1
        cases.append((y1, c1, y2, c2, float(rng.integers(1, 200))))
    return cases


def _dp_edges(rng):
    """span equal to the gap (fold = c2/c1), span 0 (fold 1), fractional years, a fall by exactly half."""
    return [(2000.0, 3.0, 2012.0, 48.0, 12.0), (1990.0, 5.0, 1997.0, 0.2, 0.0), (2010.5, 7.0, 2013.25, 21.0, 100.0),
            (1960.0, 8.0, 1969.0, 4.0, 90.0)]


doubling_points_ex = Exercise(
    id="tk_doubling_from_points", function="doubling_from_points", reference=model.doubling_from_points,
    title="a doubling time from two points, and its fold change",
    checks=[
        Check("the shown examples: Eroom's 9 years, and a falling cost", _dp_example,
              hint="T = (y2 − y1) / log2(c2 / c1); fold over span = (c2 / c1)^(span / (y2 − y1)) = 2^(span / T)."),
        Check("random pairs of points (rising and falling)", _dp_random, hidden=True),
        Check("span equal to the gap, span 0, fractional years, a fall by half", _dp_edges, hidden=True),
    ],
    mistakes=[
        Mistake("ratio instead of log ratio", lambda y1, c1, y2, c2, s: ((y2 - y1) / (c2 / c1),
                                                                            (c2 / c1) ** (s / (y2 - y1))),
                hint="Count doublings with a logarithm: going from c1 to c2 is log2(c2 / c1) doublings, so "
                     "T = (y2 − y1) / log2(c2 / c1). The plain ratio c2/c1 is a fold change, not a count."),
        Mistake("natural log instead of log2", lambda y1, c1, y2, c2, s: ((y2 - y1) / math.log(c2 / c1),
                                                                             (c2 / c1) ** (s / (y2 - y1))),
                hint="ln(c2/c1) counts e-foldings; doublings are log2(c2/c1) (= ln(c2/c1) / ln 2)."),
        Mistake("fold change as span / T", lambda y1, c1, y2, c2, s: ((y2 - y1) / math.log2(c2 / c1),
                                                                         s * math.log2(c2 / c1) / (y2 - y1)),
                hint="span / T is the NUMBER of doublings in the span; the fold change is 2 to that power."),
        Mistake("doublings per year instead of years per doubling",
                lambda y1, c1, y2, c2, s: (math.log2(c2 / c1) / (y2 - y1), (c2 / c1) ** (s / (y2 - y1))),
                hint="A doubling TIME is years per doubling: (y2 − y1) / log2(c2/c1), not its inverse."),
    ],
    rtol=1e-10, atol=1e-12,
)

# ------------------------------------------------------------------ 4. compute_trend


def _iso(years):
    """ISO dates of decimal years (1970 + day number / 365.25), rounded to the day."""
    return et.to_date((np.asarray(years, dtype=float) - 1970.0) * et.DAYS_PER_YEAR)


def _ct_example(rng):
    e = et.load_epoch_all()
    return [(e["date"], e["flop"], e["notable"], 2010.0)]


def _ct_synthetic(rng, n=60, start=2015.0):
    years = np.sort(rng.uniform(2005.0, 2025.5, n))
    dates = _iso(years)
    y = 1970.0 + et.day_number(dates) / et.DAYS_PER_YEAR
    flop = 10.0 ** (20.0 + rng.uniform(0.2, 0.8) * (y - 2005.0) + rng.normal(0.0, 0.6, n))
    notable = rng.random(n) < 0.6
    notable[-4:] = True  # at least a few notable models late in the window
    return dates, flop, notable, start


def _ct_random(rng):
    return [_ct_synthetic(rng, int(rng.integers(20, 80)), float(rng.choice([2008.0, 2012.5, 2016.0])))
            for _ in range(4)]


def _ct_edges(rng):
    """A notable model dated exactly at the start (2018-01-01 is decimal year 2018.0: it counts), a start late in
    the window, and the real data from 2023."""
    dates, flop, notable, _ = _ct_synthetic(rng, 40)
    dates = np.concatenate([dates, ["2018-01-01", "2018-01-01"]])
    flop = np.concatenate([flop, [3e25, 1e26]])
    notable = np.concatenate([notable, [True, True]])
    e = et.load_epoch_all()
    return [(dates, flop, notable, 2018.0), (e["date"], e["flop"], e["notable"], 2023.0)]


def _ct_wrong(kind):
    def compute_trend(dates, flop, notable, start_year):
        days = (np.asarray(dates, dtype="datetime64[D]") - np.datetime64("1970-01-01", "D")).astype(float)
        years = 1970.0 + days / 365.25
        if kind == "int_years":
            years = np.array([float(d[:4]) for d in dates])
        keep = years > start_year if kind == "strict" else years >= start_year
        if kind != "all_models":
            keep = keep & np.asarray(notable, dtype=bool)
        y = np.log(flop[keep]) if kind == "ln" else np.log2(flop[keep])
        slope = np.polyfit(years[keep], y, 1)[0]
        if kind == "factor":
            return int(keep.sum()), 12.0 / slope, 2.0 ** (1.0 / slope)
        return int(keep.sum()), 12.0 / slope, 2.0 ** slope if kind != "ln" else math.exp(slope)
    return compute_trend


compute_trend_ex = Exercise(
    id="tk_compute_trend", function="compute_trend", reference=model.compute_trend,
    title="Epoch's compute trend: a doubling time from a least-squares line",
    checks=[
        Check("Epoch's notable models from 2010", _ct_example,
              hint="Decimal years 1970 + (days since 1970-01-01)/365.25; keep notable models with year >= start; "
                   "least squares of log2(FLOP) on year; months per doubling = 12/slope, × per year = 2^slope."),
        Check("synthetic models and other start years", _ct_random, hidden=True),
        Check("a model dated exactly at the start, and Epoch's notable models from 2023", _ct_edges, hidden=True),
    ],
    mistakes=[
        Mistake("whole years instead of decimal years", _ct_wrong("int_years"),
                hint="Use dates as decimal years: a model of December 2020 is 2020.96, not 2020. With whole years "
                     "every model of a year sits at one x, and the slope changes."),
        Mistake("ignores the notable flag", _ct_wrong("all_models"),
                hint="Keep only the notable models (notable is True) published on or after start_year."),
        Mistake("excludes a model dated exactly at the start", _ct_wrong("strict"),
                hint="\"From start_year\" includes it: keep year >= start_year (2018-01-01 is exactly 2018.0)."),
        Mistake("slope of ln FLOP read as doublings", _ct_wrong("ln"),
                hint="A slope of ln(FLOP) counts e-foldings per year; fit log2(FLOP) (or divide by ln 2) so the "
                     "slope is doublings per year."),
        Mistake("growth factor as 2^(1/slope)", _ct_wrong("factor"),
                hint="The slope is doublings per YEAR, so the factor per year is 2^slope (1/slope is years per "
                     "doubling)."),
    ],
    rtol=1e-7, atol=1e-9,
)

# ------------------------------------------------------------------ 5. strassen_2x2


def _st_example(rng):
    r = np.random.default_rng(0)
    return [(r.integers(-9, 10, (2, 2)), r.integers(-9, 10, (2, 2)))]


def _st_random(rng):
    return [(rng.integers(-50, 51, (2, 2)), rng.integers(-50, 51, (2, 2))) for _ in range(5)] + \
        [(np.round(rng.normal(0, 2, (2, 2)), 3), np.round(rng.normal(0, 2, (2, 2)), 3)) for _ in range(3)]


def _st_edges(rng):
    """Matrices that do not commute (a swapped C12/C21 shows), the identity, a zero matrix, one nonzero entry
    in each position."""
    A = np.array([[1, 2], [3, 4]])
    B = np.array([[5, 7], [11, 13]])
    cases = [(A, B), (B, A), (np.eye(2, dtype=int), A), (A, np.zeros((2, 2), dtype=int))]
    for i in range(4):
        E = np.zeros((2, 2), dtype=int)
        E.flat[i] = 3
        cases.append((E, B))
        cases.append((A, E))
    return cases


def _st_wrong(kind):
    def strassen_2x2(A, B):
        (a, b), (c, d) = np.asarray(A)
        (e, f), (g, h) = np.asarray(B)
        m = [(a + d) * (e + h), (c + d) * e, a * (f - h), d * (g - e), (a + b) * h, (c - a) * (e + f),
             (b - d) * (g + h)]
        if kind == "m4_sign":
            m[3] = d * (e - g)
        m = np.array(m)
        C = np.array([[m[0] + m[3] - m[4] + m[6], m[2] + m[4]], [m[1] + m[3], m[0] - m[1] + m[2] + m[5]]])
        if kind == "swap":
            C = C.T
        if kind == "numpy":
            C = np.asarray(A) @ np.asarray(B)
            m = np.array([a * e, b * g, a * f, b * h, c * e, d * g, c * f])
        return C, m
    return strassen_2x2


strassen_ex = Exercise(
    id="tk_strassen_2x2", function="strassen_2x2", reference=model.strassen_2x2,
    title="Strassen's seven products",
    checks=[
        Check("seeded integer matrices (rng 0)", _st_example,
              hint="Return (C, m): m the seven products m1..m7 in the order given, C built from them as given."),
        Check("random integer and decimal matrices", _st_random, hidden=True),
        Check("non-commuting pairs, the identity, zeros, one nonzero entry at a time", _st_edges, hidden=True),
    ],
    mistakes=[
        Mistake("C12 and C21 swapped", _st_wrong("swap"),
                hint="C12 (top right) = m3 + m5 and C21 (bottom left) = m2 + m4: your C is the transpose."),
        Mistake("m4 with the sign flipped", _st_wrong("m4_sign"),
                hint="m4 = d·(g − e): the entry of B below e minus e, not e − g."),
        Mistake("eight products, not Strassen's seven", _st_wrong("numpy"),
                hint="C is right but m is not Strassen's: compute the seven products exactly as listed "
                     "(m1 = (a + d)(e + h), ..., m7 = (b − d)(g + h)) and build C only from them."),
    ],
    rtol=1e-10, atol=1e-9,
)

# ------------------------------------------------------------------ 6. decomposition_ok


def _naive_factors():
    """The schoolbook algorithm as a rank-8 decomposition: one product per (row, inner index, column)."""
    U, V, W = (np.zeros((4, 8), dtype=int) for _ in range(3))
    r = 0
    for i in range(2):
        for k in range(2):
            for j in range(2):
                U[2 * i + k, r], V[2 * k + j, r], W[2 * i + j, r] = 1, 1, 1
                r += 1
    return U, V, W


def _dk_example(rng):
    U, V, W = model.strassen_factors()
    U2 = U.copy()
    U2[0, 0] = 0  # m1 = d·(e + h) instead of (a + d)(e + h)
    return [(U, V, W), (U2, V, W)]


def _dk_random(rng):
    """Strassen's factors with the products shuffled (still right), and with one random entry changed (wrong)."""
    U, V, W = model.strassen_factors()
    cases = []
    for _ in range(3):
        p = rng.permutation(7)
        cases.append((U[:, p], V[:, p], W[:, p]))
        M = [U.copy(), V.copy(), W.copy()]
        which, i, j = int(rng.integers(3)), int(rng.integers(4)), int(rng.integers(7))
        M[which][i, j] = M[which][i, j] + int(rng.choice([-1, 1]))
        cases.append(tuple(M))
    return cases


def _dk_edges(rng):
    """The schoolbook rank-8 decomposition (right, with 8 columns), U and V swapped (that is B·A: wrong), a
    rescaled product (2·u, v/2: right), a spare product whose W column is 0 (right), and an extra nonzero in a W
    column where the tensor is 0 (wrong)."""
    U, V, W = model.strassen_factors()
    Us = U.astype(float)
    Vs = V.astype(float)
    Us[:, 2] *= 2.0
    Vs[:, 2] /= 2.0
    W2 = W.copy()
    W2[1, 0] = 1  # m1 would also land in C12
    extra = (np.hstack([U, [[1], [0], [0], [0]]]), np.hstack([V, [[0], [1], [0], [0]]]), np.hstack([W, [[0]] * 4]))
    return [_naive_factors(), (V, U, W), (Us, Vs, W), extra, (U, V, W2)]


def _dk_wrong(kind):
    def decomposition_ok(U, V, W):
        U, V, W = (np.asarray(M) for M in (U, V, W))
        if kind == "rank":
            return U.shape[1] <= 7
        T = np.zeros((4, 4, 4), dtype=int)
        for r in range(2):
            for s in range(2):
                for c in range(2):
                    if kind == "col_major":
                        T[r * 2 + s, c * 2 + s, r * 2 + c] = 1
                    else:
                        T[r * 2 + s, s * 2 + c, r * 2 + c] = 1
        R = np.einsum("ir,jr,kr->ijk", U, V, W)
        if kind == "ones_only":
            return bool(np.all(R[T == 1] == 1))
        return bool(np.array_equal(R, T))
    return decomposition_ok


decomposition_ex = Exercise(
    id="tk_decomposition_ok", function="decomposition_ok", reference=model.decomposition_ok,
    title="does (U, V, W) rebuild the 2×2 matmul tensor?",
    checks=[
        Check("Strassen's factors (True) and a perturbed copy (False)", _dk_example,
              hint="Build T[i, j, k] = 1 when entry i of A times entry j of B adds to entry k of C (row-major: "
                   "A[r, s]·B[s, c] adds to C[r, c]), and compare Σ_r U[:, r] ⊗ V[:, r] ⊗ W[:, r] with T exactly."),
        Check("shuffled products (True) and random perturbations (False)", _dk_random, hidden=True),
        Check("rank 8, U and V swapped, a rescaled product, a spare product, a stray W entry", _dk_edges,
              hidden=True),
    ],
    mistakes=[
        Mistake("checks the number of products only", _dk_wrong("rank"),
                hint="Seven columns do not make an algorithm: rebuild the tensor Σ_r U[:, r] ⊗ V[:, r] ⊗ W[:, r] "
                     "and compare it with the matmul tensor entry by entry."),
        Mistake("B indexed column-major", _dk_wrong("col_major"),
                hint="All three matrices are flattened row-major: B[s, c] is entry 2·s + c of vec B, so "
                     "T[2r + s, 2s + c, 2r + c] = 1."),
        Mistake("checks only the entries where T is 1", _dk_wrong("ones_only"),
                hint="The rebuilt tensor must also be 0 where T is 0: a stray term (an extra product landing in the "
                     "wrong entry of C) makes the algorithm wrong. Compare the whole tensor."),
    ],
)

# ------------------------------------------------------------------ 7. multiplication_counts


def _mc_example(rng):
    return [(2,), (4096,)]


def _mc_random(rng):
    return [(2 ** int(k),) for k in rng.integers(2, 12, 4)]


def _mc_edges(rng):
    """n = 1 (no recursion), n = 2^20 (7^20 has 17 digits: floats lose it), n = 4 (one level below 2)."""
    return [(1,), (2 ** 20,), (4,), (2 ** 25,)]


multiplication_ex = Exercise(
    id="tk_multiplication_counts", function="multiplication_counts", reference=model.multiplication_counts,
    title="counting multiplications: naive vs Strassen",
    checks=[
        Check("the shown examples: n = 2 and n = 4096", _mc_example,
              hint="n = 2^k: naive n³; Strassen does 7 products per level over k levels, 7^k."),
        Check("random powers of two", _mc_random, hidden=True),
        Check("n = 1, and n = 2^20 and 2^25 (exact integers)", _mc_edges, hidden=True,
              hint="Count exactly with integers: 7**k with k an int. Floats (7.0**k, n**2.807) round numbers "
                   "with more than 15-16 digits."),
    ],
    mistakes=[
        Mistake("8 products per level for Strassen", lambda n: (n ** 3, 8 ** (int(n).bit_length() - 1)),
                hint="Strassen replaces the 8 block products of one level by 7: 7 products per level, 7^k in total "
                     "(8^k = n³ is the naive count)."),
        Mistake("one level too many", lambda n: (n ** 3, 7 ** int(n).bit_length()),
                hint="Off by one level: n = 2^k halves k times before the blocks are 1×1 numbers, so there are k "
                     "levels (n = 2 is one level, 7 products; n = 1 is none, 1 product)."),
        Mistake("floating-point counts", lambda n: (float(n) ** 3, 7.0 ** math.log2(n)),
                hint="Return exact integers: k = n.bit_length() − 1 (or round(math.log2(n))) and 7**k; a float "
                     "count is off for large n and is not an integer."),
    ],
)

grader = Grader("takeoff", [steady_growth_ex, takeoff_time_ex, doubling_points_ex, compute_trend_ex, strassen_ex,
                            decomposition_ex, multiplication_ex])
