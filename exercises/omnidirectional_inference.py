"""Graded exercises of chapter `omnidirectional-inference`: grader.check("<id>") in the notebook.

Every reference is a model function of widgets/omnidirectional_inference.py or widgets/gibbs.py (the code
that draws the chapter's figures). Every Mistake is a real wrong answer written as code, with its hint.
"""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import gibbs
from widgets import omnidirectional_inference as model

AR = (0.6, np.array([0.3, 0.8]), np.array([[0.1, 0.7], [0.4, 0.9]]))  # the chapter's autoregressive tables
W3 = np.array([[0.0, 2.0, -1.0], [2.0, 0.0, 1.0], [-1.0, 1.0, 0.0]])  # the chapter's 3-unit machine
B3 = np.array([-1.0, -0.5, 0.5])


def _random_machine(rng, n):
    A = np.round(rng.normal(0, 1.2, (n, n)), 2)
    W = np.triu(A, 1)
    return W + W.T, np.round(rng.normal(0, 0.8, n), 2)


# ------------------------------------------------------------------ 1. conditional


def _joint(rng, n, zeros=False):
    p = rng.dirichlet(np.ones(2**n))
    if zeros:
        p[rng.choice(2**n, 2**(n - 2), replace=False)] = 0.0  # impossible states (the evidence slice keeps mass)
        p /= p.sum()
    return p.reshape((2,) * n)


def _cond_example(rng):
    j = model.ar_joint(*AR)
    return [(j, (1,), {0: 1, 2: 1}), (j, (2, 1), {0: 0})]


def _cond_random(rng, zeros=False):
    cases = []
    while len(cases) < 8:
        n = int(rng.integers(2, 7))
        order = [int(k) for k in rng.permutation(n)]
        q = int(rng.integers(1, n + 1))
        e = int(rng.integers(0, n - q + 1))
        query, ev = tuple(order[:q]), {k: int(rng.integers(0, 2)) for k in order[q:q + e]}
        joint = _joint(rng, n, zeros)
        with np.errstate(invalid="ignore", divide="ignore"):
            ok = np.isfinite(model.conditional(joint, query, ev)).all()
        if ok:
            cases.append((joint, query, ev))
    return cases


def _cond_edges(rng):
    """No evidence (a plain marginal), a single variable, query in decreasing order, every other variable as
    evidence, and evidence on the last variable only."""
    j4 = _joint(np.random.default_rng(3), 4)
    return [(j4, (0, 1), {}), (np.array([0.25, 0.75]), (0,), {}), (j4, (3, 1, 0), {2: 1}),
            (j4, (2,), {0: 1, 1: 0, 3: 1}), (j4, (1,), {3: 0})]


def _cond_wrong(kind):
    def conditional(joint, query, evidence):
        p = np.asarray(joint, dtype=float)
        if kind == "zero":  # unused variables fixed at 0 instead of summed out
            index = tuple(evidence.get(k, slice(None) if k in query else 0) for k in range(p.ndim))
            sub = p[index]
            kept = [k for k in range(p.ndim) if k in query]
            sub = np.transpose(sub, [kept.index(k) for k in query])
            return sub / sub.sum()
        index = tuple(evidence.get(k, slice(None)) for k in range(p.ndim))
        rest = [k for k in range(p.ndim) if k not in evidence]
        sub = p[index]
        marg = sub.sum(axis=tuple(i for i, k in enumerate(rest) if k not in query))
        kept = [k for k in rest if k in query]
        if kind != "sorted":
            marg = np.transpose(marg, [kept.index(k) for k in query])
        if kind == "unnormalised":
            return marg
        return marg / marg.sum()
    return conditional


conditional_ex = Exercise(
    id="oi_conditional", function="conditional", reference=model.conditional,
    title="any conditional from a joint table",
    checks=[
        Check("the shown examples", _cond_example,
              hint="Slice the evidence (index it), sum out the variables in neither set, put the query axes in "
                   "the order given, then divide by the total of what is left."),
        Check("random joints over 2 to 6 variables, random query and evidence sets", _cond_random, hidden=True),
        Check("joints with impossible (zero-probability) states", lambda rng: _cond_random(rng, zeros=True),
              hidden=True),
        Check("no evidence, one variable, queries listed out of order, all other variables as evidence", _cond_edges,
              hidden=True),
    ],
    mistakes=[
        Mistake("not normalised over the evidence slice", _cond_wrong("unnormalised"),
                hint="You returned p(x_A, x_B = e), the joint of the query with the evidence. Divide by its total, "
                     "p(x_B = e): normalise over the evidence slice so the result sums to 1."),
        Mistake("query axes in sorted order", _cond_wrong("sorted"),
                hint="The result's axes must follow the order of `query`: for query (2, 1), axis 0 is variable 2 and "
                     "axis 1 is variable 1. Transpose after summing out."),
        Mistake("unused variables fixed at 0", _cond_wrong("zero"),
                hint="A variable in neither the query nor the evidence is unknown: sum it out (marginalise), do not "
                     "set it to 0."),
    ],
    rtol=1e-12, atol=1e-12,
)

# ------------------------------------------------------------------ 2. ar_infill


def _ar_example(rng):
    return [AR + (1, 1)]


def _ar_all_evidence(rng):
    return [AR + (a, c) for a in (0, 1) for c in (0, 1)]


def _ar_random(rng):
    cases = []
    for _ in range(8):
        p1 = float(np.round(rng.uniform(0.05, 0.95), 2))
        p2 = np.round(rng.uniform(0.05, 0.95, 2), 2)
        p3 = np.round(rng.uniform(0.05, 0.95, (2, 2)), 2)
        cases.append((p1, p2, p3, int(rng.integers(0, 2)), int(rng.integers(0, 2))))
    return cases


def _ar_edges(rng):
    """x3 independent of x2 (the evidence says nothing), a prior of exactly 1/2, asymmetric tables where
    swapping the two indices of p3 changes the answer."""
    return [(0.3, np.array([0.2, 0.7]), np.array([[0.4, 0.4], [0.6, 0.6]]), 1, 1),
            (0.5, np.array([0.5, 0.5]), np.array([[0.2, 0.9], [0.3, 0.6]]), 0, 0),
            (0.9, np.array([0.25, 0.6]), np.array([[0.05, 0.5], [0.95, 0.15]]), 0, 1)]


def _ar_wrong(kind):
    def ar_infill(p1, p2, p3, a, c):
        p2, p3 = np.asarray(p2, dtype=float), np.asarray(p3, dtype=float)
        if kind == "forward":
            return float(p2[a])
        table = p3.T if kind == "swap" else p3
        like = table[a] if (c == 1 or kind == "ignore_c") else 1 - table[a]
        prior = np.array([1 - p2[a], p2[a]])
        post = prior * like
        if kind == "unnormalised":
            return float(post[1])
        if kind == "p1":
            return float(p1 * post[1] / post.sum())
        return float(post[1] / post.sum())
    return ar_infill


ar_ex = Exercise(
    id="oi_ar_infill", function="ar_infill", reference=model.ar_infill,
    title="filling the middle blank of an autoregressive model",
    checks=[
        Check("the shown example: p(x2 = 1 | x1 = 1, x3 = 1)", _ar_example,
              hint="p(x2 = v | x1 = a, x3 = c) ∝ p(x2 = v | x1 = a) · p(x3 = c | x1 = a, x2 = v); "
                   "compute both v = 0 and v = 1, then normalise."),
        Check("all four evidence values (x1, x3) with the chapter's tables", _ar_all_evidence),
        Check("random tables", _ar_random, hidden=True),
        Check("an uninformative x3, a prior of 1/2, asymmetric tables", _ar_edges, hidden=True),
    ],
    mistakes=[
        Mistake("forward only: ignores x3", _ar_wrong("forward"),
                hint="p(x2 | x1) is what the model predicts going forward; the blank also has x3 after it. Weigh "
                     "each value of x2 by how well it predicts the observed x3, p(x3 = c | x1, x2)."),
        Mistake("not normalised", _ar_wrong("unnormalised"),
                hint="p(x2 = 1 | x1) · p(x3 = c | x1, x2 = 1) is only proportional to the answer: divide by the "
                     "same product summed over x2 = 0 and x2 = 1."),
        Mistake("p(x3 = 1) used when x3 = 0", _ar_wrong("ignore_c"),
                hint="When the evidence is x3 = 0 the likelihood is p(x3 = 0 | x1, x2) = 1 − p3[x1][x2]."),
        Mistake("p3 indexed [x2][x1]", _ar_wrong("swap"),
                hint="p3[a][v] is p(x3 = 1 | x1 = a, x2 = v): the first index is x1, the second x2."),
        Mistake("p(x1) left in", _ar_wrong("p1"),
                hint="p(x1 = a) multiplies both the numerator and the denominator: it cancels. The answer does not "
                     "depend on p1."),
    ],
    rtol=1e-12, atol=1e-12,
)

# ------------------------------------------------------------------ 3. boltzmann_query


def _bq_example(rng):
    return [(W3, B3, 0, 2), (W3, B3, 2, 0)]


def _bq_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(2, 7))
        W, b = _random_machine(rng, n)
        i, j = (int(v) for v in rng.choice(n, 2, replace=False))
        cases.append((W, b, i, j))
    return cases


def _bq_edges(rng):
    """No couplings (p = sigma(b_i)), a unit conditioned on itself (p = 1), strong positive and negative
    couplings, two units."""
    W, b = _random_machine(np.random.default_rng(5), 4)
    return [(np.zeros((3, 3)), np.array([0.7, -1.3, 0.2]), 1, 0), (W, b, 2, 2),
            (np.array([[0.0, 4.0], [4.0, 0.0]]), np.array([-2.0, -2.0]), 0, 1),
            (np.array([[0.0, -3.0], [-3.0, 0.0]]), np.array([1.5, 0.5]), 1, 0)]


def _bq_wrong(kind):
    def boltzmann_query(W, b, i, j):
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        X = gibbs.all_states(W.shape[0])
        half = 1.0 if kind == "no_half" else 0.5
        E = -half * np.einsum("ki,ij,kj->k", X, W, X) - X @ b
        w = np.exp(E) if kind == "sign" else np.exp(-E)
        Z = float(w.sum())
        if kind == "joint":
            return Z, float(w[(X[:, i] == 1) & (X[:, j] == 1)].sum() / Z)
        if kind == "reversed":
            i, j = j, i
        on = X[:, j] == 1
        return Z, float(w[on & (X[:, i] == 1)].sum() / w[on].sum())
    return boltzmann_query


boltzmann_ex = Exercise(
    id="oi_boltzmann_query", function="boltzmann_query", reference=model.boltzmann_query,
    title="a Boltzmann machine by enumeration",
    checks=[
        Check("the shown 3-unit machine, both directions", _bq_example,
              hint="Enumerate all 2^n states x, compute E(x) = −½ xᵀWx − bᵀx, weights e^{−E}; Z is their sum; "
                   "the conditional is (sum over x_i = 1 and x_j = 1) / (sum over x_j = 1)."),
        Check("random machines with 2 to 6 units", _bq_random, hidden=True),
        Check("no couplings, a unit given itself, strong couplings of both signs", _bq_edges, hidden=True),
    ],
    mistakes=[
        Mistake("no ½ in the energy", _bq_wrong("no_half"),
                hint="E = −½ xᵀWx − bᵀx: the sum xᵀWx counts each pair (i, j) twice (W is symmetric), the ½ "
                     "counts it once."),
        Mistake("sign of E flipped", _bq_wrong("sign"),
                hint="Low energy means likely: the weight of a state is e^{−E(x)}, not e^{+E(x)}."),
        Mistake("joint instead of conditional", _bq_wrong("joint"),
                hint="p(x_i = 1 | x_j = 1) divides by p(x_j = 1) (the states with x_j = 1), not by Z."),
        Mistake("conditioned the other way", _bq_wrong("reversed"),
                hint="The query is x_i, the evidence x_j: sum over states with x_j = 1 in the denominator."),
    ],
    rtol=1e-10, atol=1e-12,
)

# ------------------------------------------------------------------ 4. gibbs_step


def _gs_example(rng):
    return [(np.array([1.0, 0.0, 1.0]), W3, B3, np.array([False, False, True]), np.array([0.95, 0.6, 0.9]))]


def _gs_random(rng):
    cases = []
    for _ in range(8):
        n = int(rng.integers(2, 9))
        W, b = _random_machine(rng, n)
        x = (rng.random(n) < 0.5).astype(float)
        clamp = rng.random(n) < 0.3
        cases.append((x, W, b, clamp, np.round(rng.random(n), 3)))
    return cases


def _gs_edges(rng):
    """Every unit clamped (nothing moves), none clamped, a tie u = σ = 0.5 (strict <: the unit is 0), u = 0,
    and clamped units whose strong fields pull the other way."""
    W, b = _random_machine(np.random.default_rng(7), 5)
    strong = np.array([[0.0, 6.0, 6.0], [6.0, 0.0, 6.0], [6.0, 6.0, 0.0]])
    return [(np.array([1.0, 0.0, 1.0, 1.0, 0.0]), W, b, np.ones(5, dtype=bool), np.full(5, 0.5)),
            (np.array([0.0, 1.0, 1.0, 0.0, 1.0]), W, b, np.zeros(5, dtype=bool), np.array([0.9, 0.1, 0.5, 0.3, 0.7])),
            (np.array([1.0, 1.0]), np.zeros((2, 2)), np.zeros(2), np.array([False, False]), np.array([0.5, 0.0])),
            (np.array([0.0, 0.0, 1.0]), strong, np.zeros(3), np.array([True, False, False]), np.array([0.0, 0.5, 0.99]))]


def _gs_threshold(rng):
    """σ exactly: independent units (W = 0) with fields b from −4 to 3, and u a hair (1e-9) below or above
    σ(b): the unit must fire just below and stay silent just above."""
    b = np.array([-4.0, -1.5, -0.5, -0.05, 0.3, 1.2, 3.0])
    sig = 1 / (1 + np.exp(-b))
    x, W, clamp = np.zeros(7), np.zeros((7, 7)), np.zeros(7, dtype=bool)
    return [(x, W, b, clamp, sig - 1e-9), (x, W, b, clamp, sig + 1e-9)]


def _gs_wrong(kind):
    def gibbs_step(x, W, b, clamp, u):
        x = np.array(x, dtype=float)
        old = x.copy()
        W, b, u = np.asarray(W, dtype=float), np.asarray(b, dtype=float), np.asarray(u, dtype=float)
        for i in range(len(x)):
            if clamp[i] and kind != "no_clamp":
                continue
            a = (old if kind == "parallel" else x) @ W[:, i] + b[i]
            p = 1 / (1 + np.exp(a if kind == "sign" else -a))
            x[i] = (u[i] > p) if kind == "flipped" else (u[i] < p)
        return x
    return gibbs_step


gibbs_step_ex = Exercise(
    id="oi_gibbs_step", function="gibbs_step", reference=gibbs.gibbs_step,
    title="one Gibbs sweep with a clamp mask",
    checks=[
        Check("the shown 3-unit sweep", _gs_example,
              hint="For i = 0, 1, …, n−1 in turn, skip clamped units; otherwise p = σ((W x + b)_i) with x as it is "
                   "NOW (earlier units already updated), and x_i = 1 if u[i] < p else 0."),
        Check("random machines, states, clamp masks and uniforms", _gs_random, hidden=True),
        Check("the firing probability is exactly σ(field): u just below and just above it", _gs_threshold,
              hidden=True, hint="p = σ(a) = 1 / (1 + e^{−a}) with a = (W x + b)_i, and the unit fires when u < p."),
        Check("everything clamped, nothing clamped, a tie u = p, clamped units against strong fields", _gs_edges,
              hidden=True),
    ],
    mistakes=[
        Mistake("updates all units from the old state", _gs_wrong("parallel"),
                hint="A Gibbs sweep is sequential: unit i sees the NEW values of units 0..i−1. Update x in place "
                     "(on a copy of the input), one unit at a time."),
        Mistake("clamped units updated too", _gs_wrong("no_clamp"),
                hint="Clamped units are evidence: they keep their values. Only units with clamp[i] False are "
                     "resampled."),
        Mistake("fires when u > p", _gs_wrong("flipped"),
                hint="The unit fires with probability p: set it to 1 when u < p (u is uniform on [0, 1))."),
        Mistake("σ of the negative field", _gs_wrong("sign"),
                hint="p(x_i = 1 | rest) = σ(+(W x + b)_i) = 1 / (1 + e^{−(W x + b)_i}): a positive field makes "
                     "firing likely."),
    ],
)

# ------------------------------------------------------------------ 5. gibbs_marginals


def _gm_example(rng):
    U = np.random.default_rng(2024).random((2000, 3))
    return [(np.array([0.0, 0.0, 1.0]), W3, B3, np.array([False, False, True]), U, 100)]


def _gm_random(rng):
    cases = []
    for _ in range(5):
        n = int(rng.integers(2, 6))
        W, b = _random_machine(rng, n)
        clamp = rng.random(n) < 0.3
        steps = int(rng.integers(5, 60))
        cases.append(((rng.random(n) < 0.5).astype(float), W, b, clamp, rng.random((steps, n)),
                      int(rng.integers(1, steps - 1))))
    return cases


def _gm_edges(rng):
    """No burn-in, a burn-in that leaves a single sweep, every unit clamped."""
    U = np.random.default_rng(11).random((12, 3))
    x0 = np.array([1.0, 0.0, 1.0])
    return [(x0, W3, B3, np.array([False, False, False]), U, 0),
            (x0, W3, B3, np.array([False, True, False]), U, 11),
            (x0, W3, B3, np.array([True, True, True]), U, 4)]


def _gm_wrong(kind):
    def gibbs_marginals(x0, W, b, clamp, U, burn_in):
        x = np.asarray(x0, dtype=float)
        kept = [x] if kind == "with_x0" else []
        for t, u in enumerate(U):
            before = x
            x = gibbs.gibbs_step(x, W, b, clamp, u)
            if kind == "no_burn" or t >= burn_in + (1 if kind == "off_by_one" else 0):
                kept.append(before if kind == "before" else x)
        return np.mean(kept, axis=0) if kept else np.zeros_like(x)
    return gibbs_marginals


gibbs_marginals_ex = Exercise(
    id="oi_gibbs_marginals", function="gibbs_marginals", reference=model.gibbs_marginals,
    title="Gibbs marginals with burn-in",
    checks=[
        Check("the shown long run: 2,000 sweeps, burn-in 100", _gm_example,
              hint="Run a sweep per row of U; after sweep t (t = 0, 1, …) keep the state if t ≥ burn_in; return the "
                   "mean of the kept states."),
        Check("random machines, streams and burn-ins", _gm_random, hidden=True),
        Check("burn-in 0, a single kept sweep, everything clamped", _gm_edges, hidden=True),
    ],
    mistakes=[
        Mistake("no burn-in", _gm_wrong("no_burn"),
                hint="Discard the first burn_in sweeps: the chain starts from an arbitrary x0 and needs time to "
                     "forget it. Average only the states after sweeps burn_in, burn_in + 1, …"),
        Mistake("discards one sweep too many", _gm_wrong("off_by_one"),
                hint="With burn_in = 2, discard the states after sweeps 0 and 1 and keep the one after sweep 2 "
                     "onward: keep sweep t when t >= burn_in."),
        Mistake("counts the start state", _gm_wrong("with_x0"),
                hint="x0 is where the chain starts, not a sample: average only states produced by sweeps."),
        Mistake("keeps the state before each sweep", _gm_wrong("before"),
                hint="Keep the state AFTER the sweep that uses U[t], not the one it started from."),
    ],
    rtol=1e-12, atol=1e-12,
)

# ------------------------------------------------------------------ 6. query_patterns

query_ex = Exercise(
    id="oi_query_patterns", function="query_patterns", reference=model.query_patterns,
    title="how many questions an omnidirectional model answers",
    checks=[
        Check("the shown examples: n = 2 and n = 3", lambda rng: [(2,), (3,)],
              hint="Each variable is query, evidence or unused: 3^n labellings; take away those with no query "
                   "variable at all (each variable evidence or unused: 2^n)."),
        Check("the 4×4 pad (n = 16), random sizes, and n = 40 (beyond a float's 53 exact bits)",
              lambda rng: [(16,)] + [(int(rng.integers(4, 40)),) for _ in range(4)] + [(40,)], hidden=True,
              hint="Return an exact integer: 3**n - 2**n with Python ints (math.pow and floats round above 2^53)."),
        Check("no variables, one variable", lambda rng: [(0,), (1,)], hidden=True),
    ],
    mistakes=[
        Mistake("counts patterns with no query", lambda n: 3 ** n,
                hint="A pattern with no query variable asks nothing: subtract the 2^n labellings that use only "
                     "'evidence' and 'unused'."),
        Mistake("only the all-unused pattern removed", lambda n: 3 ** n - 1,
                hint="Every labelling without a query variable asks nothing, not only the one with every variable "
                     "unused: there are 2^n of them."),
        Mistake("every variable is query or evidence", lambda n: 2 ** n - 1,
                hint="A variable can also be left out entirely (neither asked about nor observed): three roles per "
                     "variable, so 3^n labellings before removing those without a query."),
    ],
)

grader = Grader("omnidirectional-inference", [conditional_ex, ar_ex, boltzmann_ex, gibbs_step_ex,
                                              gibbs_marginals_ex, query_ex])
