"""Graded exercises of chapter `connectomics`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/connectomics.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import connectomics as model
from widgets import exponential_trends as et

HALVING = float(et.fold_change_rates(1e6, 10.0)[2])  # a million-fold in 10 years: 0.5017 years per halving

# ------------------------------------------------------------------ 1. cost_plan


def _plan_wrong(kind):
    def cost_plan(start_cost, end_cost, scale, halving_years):
        fold = start_cost / end_cost
        years = halving_years * np.log2(fold)
        scaled = scale * end_cost
        if kind == "inverted":
            fold = end_cost / start_cost
            years = halving_years * np.log2(fold)
        elif kind == "log10":
            years = halving_years * np.log10(fold)
        elif kind == "ln":
            years = halving_years * np.log(fold)
        elif kind == "linear":
            years = halving_years * fold / 2
        elif kind == "scale_start":
            scaled = scale * start_cost
        return float(fold), float(scaled), float(years)
    return cost_plan


def _plan_example(rng):
    return [(3e9, 20e6, 1000.0, HALVING), (3e9, 10e6, 1000.0, HALVING), (3e9, 30e6, 1000.0, HALVING)]


def _plan_random(rng):
    return [(float(10 ** rng.uniform(8, 10.5)), float(10 ** rng.uniform(5, 8)), float(np.round(rng.uniform(2, 3000), 1)),
             float(np.round(rng.uniform(0.2, 3.0), 3))) for _ in range(6)]


def _plan_edges(rng):
    """No fall at all (fold 1, 0 years), a cost that rises (fold < 1, negative years), scale 1, halving 1 year."""
    return [(5e7, 5e7, 7.0, 0.8), (2e7, 8e7, 3.0, 1.5), (6.4e9, 1e8, 1.0, 1.0)]


cost_plan_ex = Exercise(
    id="cost_plan", function="cost_plan", reference=model.cost_plan,
    title="fold, naive scale-up and time on a halving curve",
    checks=[
        Check("the shown examples: $3B → $20M, $10M and $30M, ×1000, halving every 0.5017 years", _plan_example,
              hint="fold = start / end; scaled = scale × end; years = halving_years × log₂(fold)."),
        Check("random costs, scales and halving times", _plan_random, hidden=True),
        Check("no fall (fold 1), a rising cost, scale 1, an exact power of two", _plan_edges, hidden=True),
    ],
    mistakes=[
        Mistake("fold upside down", _plan_wrong("inverted"),
                hint="The fall is start / end (a number above 1 when the cost drops), not end / start."),
        Mistake("log10 instead of log2", _plan_wrong("log10"),
                hint="Each halving divides the cost by 2, so a fall by `fold` takes log₂(fold) halvings, not "
                     "log₁₀(fold)."),
        Mistake("natural log", _plan_wrong("ln"),
                hint="Count halvings with log₂: ln(fold) counts factors of e, not of 2."),
        Mistake("linear in the fold", _plan_wrong("linear"),
                hint="A 150× fall is not 75 halvings: halvings multiply, so their number is log₂(150) ≈ 7.23."),
        Mistake("scaled the start cost", _plan_wrong("scale_start"),
                hint="The naive scale-up uses the NEW price: scale × end_cost (a bigger job at today's cost)."),
    ],
    rtol=1e-9,
)

# ------------------------------------------------------------------ 2. voxels_and_bytes


def _vox_wrong(kind):
    def voxels_and_bytes(volume_mm3, voxel_nm, bytes_per_voxel):
        x, y, z = voxel_nm
        per_mm3 = {"um": 1e9, "mm_linear": 1e6}.get(kind, 1e18)
        cell = x * x * x if kind == "cube" else (x + y + z if kind == "sum" else x * y * z)
        voxels = volume_mm3 * per_mm3 / cell
        return float(voxels), float(voxels if kind == "no_bytes" else voxels * bytes_per_voxel)
    return voxels_and_bytes


def _vox_example(rng):
    return [(500.0, (4.0, 4.0, 40.0), 1.0)]


def _vox_random(rng):
    return [(float(np.round(10 ** rng.uniform(-3, 6), 3)), tuple(float(v) for v in rng.integers(2, 60, 3)),
             float(rng.choice([1.0, 2.0, 0.5, 4.0]))) for _ in range(6)]


def _vox_edges(rng):
    """A cubic voxel, 2 bytes per voxel, a volume below 1 mm³, an anisotropic voxel with x ≠ y, and a 100 nm cube
    of tissue (10⁻¹² mm³) holding a fractional number of voxels (no rounding: it is an average)."""
    return [(1.0, (10.0, 10.0, 10.0), 2.0), (0.001, (8.0, 8.0, 30.0), 1.0), (1.2e6, (5.0, 7.0, 40.0), 0.5),
            (1e-12, (7.0, 7.0, 30.0), 1.0)]


voxels_ex = Exercise(
    id="voxels_and_bytes", function="voxels_and_bytes", reference=model.voxels_and_bytes,
    title="voxels and bytes of a brain",
    checks=[
        Check("the shown example: 500 mm³ at 4 × 4 × 40 nm, 1 byte per voxel", _vox_example,
              hint="1 mm = 10⁶ nm, so 1 mm³ = 10¹⁸ nm³; voxels = volume in nm³ / (x·y·z); bytes = voxels × "
                   "bytes_per_voxel."),
        Check("random volumes, voxel shapes and bytes per voxel", _vox_random, hidden=True),
        Check("a cubic voxel, 2 bytes per voxel, under 1 mm³, x ≠ y, a fractional voxel count", _vox_edges, hidden=True),
    ],
    mistakes=[
        Mistake("1 mm³ = 10⁹ nm³", _vox_wrong("um"),
                hint="1 mm = 10⁶ nm, and a volume takes the factor three times: 1 mm³ = (10⁶)³ = 10¹⁸ nm³."),
        Mistake("1 mm³ = 10⁶ nm³", _vox_wrong("mm_linear"),
                hint="Cube the length conversion: 1 mm³ = (10⁶ nm)³ = 10¹⁸ nm³, not 10⁶."),
        Mistake("voxel volume as x³", _vox_wrong("cube"),
                hint="A voxel is a box x × y × z; EM voxels are anisotropic (40 nm sections, 4 nm pixels)."),
        Mistake("voxel volume as x + y + z", _vox_wrong("sum"),
                hint="A voxel's volume is the product x·y·z, not the sum."),
        Mistake("bytes_per_voxel ignored", _vox_wrong("no_bytes"),
                hint="bytes = voxels × bytes_per_voxel (a 16-bit image has 2 bytes per voxel)."),
    ],
    rtol=1e-12,
)

# ------------------------------------------------------------------ 3. reciprocity

EXAMPLE_A = np.array([[0, 1, 1, 0], [1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 0]])


def _rec_wrong(kind):
    def reciprocity(A):
        A = np.asarray(A)
        n = A.shape[0]
        E = A != 0
        if kind != "diag":
            E = E & ~np.eye(n, dtype=bool)
        m = int(E.sum())
        mutual = int((E & E.T).sum())
        if kind == "pairs":
            mutual //= 2
        if kind == "weighted":
            Ad = np.where(np.eye(n, dtype=bool), 0.0, A.astype(float))
            m, mutual = float(Ad.sum()), float((Ad * (Ad.T != 0)).sum())
        density = m / (n * n if kind == "n2" else n * (n - 1)) if n > 1 else 0.0
        return float(mutual / m if m else 0.0), float(density)
    return reciprocity


def _rec_example(rng):
    return [(EXAMPLE_A.copy(),)]


def _rec_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(3, 12))
        A = (rng.random((n, n)) < rng.uniform(0.2, 0.7)).astype(int)
        np.fill_diagonal(A, 0)
        cases.append((A,))
    return cases


def _rec_edges(rng):
    """Self-loops on the diagonal, an empty graph (defined as (0.0, 0.0)), one node, a fully reciprocal
    graph, and weights other than 1 (an edge is any nonzero entry)."""
    loops = EXAMPLE_A.copy()
    np.fill_diagonal(loops, 1)
    W = np.array([[0.0, 2.5, 0.0], [0.4, 0.0, 3.0], [0.0, 0.0, 0.0]])
    return [(loops,), (np.zeros((4, 4), dtype=int),), (np.array([[1]]),), (np.ones((3, 3), dtype=int),), (W,)]


reciprocity_ex = Exercise(
    id="reciprocity", function="reciprocity", reference=model.reciprocity,
    title="reciprocity and density of a connectome",
    checks=[
        Check("the shown 4-neuron example", _rec_example,
              hint="Count directed edges i → j with i ≠ j; reciprocity = those whose reverse j → i also exists / "
                   "all edges; density = edges / (n(n − 1))."),
        Check("random directed graphs", _rec_random, hidden=True),
        Check("self-loops, an empty graph, one neuron, all pairs linked, weighted entries", _rec_edges, hidden=True,
              hint="Ignore the diagonal; an edge is any nonzero entry; with no edges return (0.0, 0.0)."),
    ],
    mistakes=[
        Mistake("self-loops counted", _rec_wrong("diag"),
                hint="A self-loop i → i is its own reverse: it would count as reciprocated. Skip the diagonal."),
        Mistake("counted pairs, not edges", _rec_wrong("pairs"),
                hint="A mutual pair i ⇄ j contributes TWO reciprocated edges (i → j and j → i): divide "
                     "reciprocated edges by edges, both counted as directed edges."),
        Mistake("density over n²", _rec_wrong("n2"),
                hint="Without self-loops a graph of n nodes has n(n − 1) possible directed edges, not n²."),
        Mistake("weights summed", _rec_wrong("weighted"),
                hint="Count edges, don't add weights: treat every nonzero entry as one edge (A != 0)."),
    ],
    rtol=1e-12,
)

# ------------------------------------------------------------------ 4. alignment


def _align_wrong(kind):
    def alignment(B, W):
        B, W = np.asarray(B, dtype=float), np.asarray(W, dtype=float)
        Wt = W if kind == "no_transpose" else W.T
        dot = float(np.sum(B * Wt))
        norm = np.linalg.norm(B) * np.linalg.norm(Wt)
        cos = dot if kind == "no_norm" else (dot / norm if norm > 0 else 0.0)
        angle = np.arccos(np.clip(cos, -1, 1))
        return float(cos), float(angle if kind == "radians" else np.degrees(angle))
    return alignment


def _align_example(rng):
    return [(np.eye(2), np.array([[1.0, 0.0], [1.0, 1.0]]))]


def _align_random(rng):
    cases = []
    for _ in range(6):
        n, m = int(rng.integers(2, 6)), int(rng.integers(2, 6))
        cases.append((np.round(rng.normal(size=(m, n)), 3), np.round(rng.normal(size=(n, m)), 3)))
    return cases


def _align_edges(rng):
    """B = Wᵀ (0°), B = −Wᵀ (180°), orthogonal (90°), a zero feedback matrix (defined (0.0, 90.0)), a
    non-square W (B has Wᵀ's shape) and a non-symmetric B away from the identity."""
    W = np.array([[1.0, 2.0], [0.0, -1.0]])
    W32 = np.array([[1.0, 0.5], [-2.0, 1.0], [0.0, 3.0]])
    return [(W.T.copy(), W), (-W.T, W), (np.array([[0.0, 1.0], [0.0, 0.0]]), np.eye(2)), (np.zeros((2, 2)), W),
            (np.array([[1.0, 0.0, 2.0], [0.5, 1.0, 1.0]]), W32), (np.array([[2.0, 1.0], [0.0, 3.0]]), W)]


alignment_ex = Exercise(
    id="alignment", function="alignment", reference=model.alignment,
    title="how far is feedback from backprop's Wᵀ?",
    checks=[
        Check("the shown example: B = I, W = ((1, 0), (1, 1))", _align_example,
              hint="cos = Σ B·Wᵀ / (‖B‖ ‖Wᵀ‖) (Frobenius); angle = arccos(cos) in degrees."),
        Check("random feedback and forward matrices, square and not", _align_random, hidden=True),
        Check("0°, 180°, 90°, a zero B, a non-square W, B away from the identity", _align_edges, hidden=True,
              hint="If either matrix is all zeros return (0.0, 90.0) (do not divide by a zero norm); clip the cosine to "
                   "[−1, 1] before np.arccos (rounding can give 1.0000000000000002 when B = Wᵀ); compare B with W.T."),
    ],
    mistakes=[
        Mistake("W not transposed", _align_wrong("no_transpose"),
                hint="Backprop sends errors back through Wᵀ: compare B with W.T, not W (with B = I the two give "
                     "the same cosine, which is why the example cannot tell them apart)."),
        Mistake("angle in radians", _align_wrong("radians"),
                hint="Return the angle in degrees: np.degrees(np.arccos(cos))."),
        Mistake("not normalised", _align_wrong("no_norm"),
                hint="A cosine divides the inner product by both norms: Σ B·Wᵀ / (‖B‖ ‖Wᵀ‖)."),
    ],
    rtol=1e-9, atol=1e-9,
)

# ------------------------------------------------------------------ 5. best_window_drop


def _drop_wrong(kind):
    def best_window_drop(year_month, cost, window_months):
        months = model.month_index(year_month)
        cost = np.asarray(cost, dtype=float)
        best = (-1.0, 0, 0)
        for i in range(len(cost)):
            for j in range(i + 1, len(cost)):
                gap = (j - i) if kind == "rows" else months[j] - months[i]
                ok = gap < window_months if kind == "strict" else gap <= window_months
                fold = cost[j] / cost[i] if kind == "inverted" else cost[i] / cost[j]
                if ok and fold > best[0]:
                    best = (fold, i, j)
                if kind == "years" and int(year_month[j][:4]) - int(year_month[i][:4]) <= window_months // 12 \
                        and fold > best[0]:
                    best = (fold, i, j)
        return float(best[0]), str(year_month[best[1]]), str(year_month[best[2]])
    return best_window_drop


def _drop_example(rng):
    d = model.load_nhgri_months()
    return [(list(d["year_month"]), d["genome"].copy(), 120),
            (["2001-01", "2001-07", "2002-01", "2002-03"], np.array([100.0, 60.0, 4.0, 3.0]), 12)]


def _series(rng, n):
    months = np.sort(rng.choice(np.arange(24000, 24300), n, replace=False))
    labels = [f"{m // 12}-{m % 12 + 1:02d}" for m in months]
    return labels, np.round(10 ** rng.uniform(1, 6, n), 2)


def _drop_random(rng):
    return [(*_series(rng, int(rng.integers(5, 25))), int(rng.integers(6, 60))) for _ in range(6)]


def _drop_edges(rng):
    """The best pair exactly window_months apart (and a better one just outside), uneven gaps where rows are not
    months, a cost that only rises (fold < 1), a tie (earliest start wins), and the per-megabase column."""
    d = model.load_nhgri_months()
    exact = (["2001-01", "2001-07", "2002-01", "2002-03"], np.array([100.0, 60.0, 4.0, 3.0]), 12)
    uneven = (["2001-01", "2001-02", "2004-01", "2004-02"], np.array([90.0, 80.0, 30.0, 1.0]), 6)
    rising = (["2010-03", "2010-09", "2011-03"], np.array([1.0, 2.0, 8.0]), 12)
    tie = (["2000-01", "2000-02", "2000-03", "2000-04"], np.array([8.0, 2.0, 4.0, 1.0]), 1)
    return [exact, uneven, rising, tie, (list(d["year_month"]), d["mb"].copy(), 120),
            (list(d["year_month"]), d["genome"].copy(), 60)]


drop_ex = Exercise(
    id="best_window_drop", function="best_window_drop", reference=model.best_window_drop,
    title="test \"a million-fold in 10 years\" against the NHGRI table",
    checks=[
        Check("the NHGRI cost per genome in 120-month windows, and the shown 4-date example", _drop_example,
              hint="Try every pair i < j whose dates are at most window_months apart (counted in months from the "
                   "\"YYYY-MM\" labels, not in rows); keep the largest cost[i] / cost[j]."),
        Check("random dated series and windows", _drop_random, hidden=True),
        Check("a pair exactly window_months apart, uneven spacing, a rising cost, a tie, other columns",
              _drop_edges, hidden=True),
    ],
    mistakes=[
        Mistake("window counted in rows", _drop_wrong("rows"),
                hint="The table is not monthly (semi-annual before 2008, then quarterly): count the window in months "
                     "between the dates, 12·year + month, not in rows."),
        Mistake("window end excluded", _drop_wrong("strict"),
                hint="\"At most window_months apart\" includes a gap of exactly window_months (Jul 2005 → Jul 2015 "
                     "is exactly 120 months)."),
        Mistake("largest rise instead of fall", _drop_wrong("inverted"),
                hint="A fall is earlier cost / later cost: cost[i] / cost[j] with i before j."),
        Mistake("calendar years instead of months", _drop_wrong("years"),
                hint="Compare whole months (12·year + month), not calendar years: Jan 2005 → Dec 2015 is 131 months "
                     "even though the years differ by 10."),
    ],
    rtol=1e-12,
)

grader = Grader("connectomics", [cost_plan_ex, voxels_ex, reciprocity_ex, alignment_ex, drop_ex])
