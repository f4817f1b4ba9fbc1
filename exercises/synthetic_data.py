"""Graded exercises of chapter `synthetic-data`: grader.check("<id>") in the notebook.

Every reference is the model function in widgets/synthetic_data.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import synthetic_data as model


def _p(w):
    w = np.asarray(w, dtype=float)
    return w / w.sum()


def _random_probs(rng, K, zeros=0):
    """A random distribution over K categories (Dirichlet(0.7), 4 decimals, renormalised), `zeros` of them 0."""
    p = rng.dirichlet(np.full(K, 0.7))
    if zeros:
        p[rng.choice(K, zeros, replace=False)] = 0.0
    p = np.round(p / p.sum(), 4)
    if p.sum() == 0:
        p[0] = 1.0
    return p / p.sum()


# ------------------------------------------------------------------ 1. entropy_bits


def _h_wrong(log=np.log2, normalise=True, sign=1.0):
    def entropy_bits(weights):
        w = np.asarray(weights, dtype=float)
        p = w / w.sum() if normalise else w
        p = p[p > 0]
        return float(-sign * np.sum(p * log(p)))
    return entropy_bits


def _h_examples(rng):
    return [(np.array([0.5, 0.25, 0.25]),), (np.array([2, 1, 1]),)]


def _h_boundaries(rng):
    return [(np.array([0.5, 0.0, 0.5]),), (np.array([1.0]),), (np.array([0.0, 7.0, 0.0]),), (np.ones(8),),
            (np.array([0.9, 0.1]),)]


def _h_random(rng):
    cases = [(_random_probs(rng, int(rng.integers(2, 30)), zeros=int(rng.integers(0, 2))),) for _ in range(5)]
    for _ in range(3):
        counts = rng.integers(0, 60, int(rng.integers(3, 20)))
        counts[0] += 1  # a histogram with at least one draw
        cases.append((counts,))
    return cases


entropy_ex = Exercise(
    id="entropy_bits", function="entropy_bits", reference=model.entropy_bits, title="entropy in bits",
    checks=[
        Check("the shown examples: probabilities, and counts that must be normalised", _h_examples,
              hint="Normalise first (p = w / w.sum()), then H = −Σ p·log2(p)."),
        Check("zero probabilities (0·log 0 = 0), a single category, uniform over 8, a coin 0.9/0.1",
              _h_boundaries, hidden=True,
              hint="Leave out the categories with p = 0 (their term is 0: p·log p → 0 as p → 0); "
                   "one category gives 0 bits, K equal ones log2(K)."),
        Check("random distributions and histograms of counts", _h_random, hidden=True),
    ],
    mistakes=[
        Mistake("natural log (nats)", _h_wrong(log=np.log),
                hint="That is the entropy in nats (natural log). Bits use log base 2: np.log2, or divide nats by ln 2."),
        Mistake("log base 10", _h_wrong(log=np.log10),
                hint="log10 gives entropy in 'bans'. Bits use log base 2: np.log2."),
        Mistake("counts not normalised", _h_wrong(normalise=False),
                hint="The input may be counts: divide by their total first, so the p sum to 1."),
        Mistake("sign flipped", _h_wrong(sign=-1.0),
                hint="log2(p) ≤ 0 for p ≤ 1, so H = −Σ p·log2(p) needs the minus sign to be ≥ 0."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 2. effective_count


def _eff_support(weights):
    return float(np.count_nonzero(np.asarray(weights, dtype=float)))


def _eff_simpson(weights):
    p = _p(weights)
    return float(1.0 / np.sum(p * p))


def _eff_e(weights):
    return float(np.exp(model.entropy_bits(weights)))


def _eff_examples(rng):
    z = np.array([3, 2.5, 2, 1, 0.5, 0.0])
    return [(np.round(np.exp(z) / np.exp(z).sum(), 6),), (np.array([0.25, 0.25, 0.25, 0.25]),)]


def _eff_random(rng):
    return [(_random_probs(rng, int(rng.integers(2, 25)), zeros=int(rng.integers(0, 3))),) for _ in range(6)] + \
           [(np.array([0.0, 1.0]),), (np.array([3.0, 1.0]),)]


effective_ex = Exercise(
    id="effective_count", function="effective_count", reference=model.effective_count,
    title="the effective number of outputs 2^H",
    checks=[
        Check("the shown examples: softmax of [3, 2.5, 2, 1, 0.5, 0], and four equal outcomes", _eff_examples,
              hint="Effective number = 2 ** H with H in bits; K equally likely outcomes give exactly K."),
        Check("random distributions with zeros, a certain outcome, counts 3:1", _eff_random, hidden=True),
    ],
    mistakes=[
        Mistake("counted the nonzero categories", _eff_support,
                hint="Counting the outcomes that can occur ignores how unequal they are: a 0.99/0.01 coin is "
                     "'two outcomes' but effectively about one. Use 2 ** H (H in bits)."),
        Mistake("1/Σp² (inverse Simpson)", _eff_simpson,
                hint="1/Σp² is another effective number (Hill's order 2, from collisions). This exercise asks for "
                     "the entropy version, 2 ** H with H in bits (Hill's order 1)."),
        Mistake("e^H with H in bits", _eff_e,
                hint="Bases must match: with H in bits the effective number is 2 ** H (with H in nats, e ** H)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. apply_temperature


def _temp_wrong(kind):
    def apply_temperature(p, T):
        p = np.asarray(p, dtype=float)
        if kind == "times_T":
            w = p ** T
        elif kind == "no_renorm":
            return (p / p.max()) ** (1.0 / T)
        elif kind == "softmax_p":  # treats the probabilities as logits
            w = np.exp(p / T)
        elif kind == "underflow":
            w = p ** (1.0 / T)
        with np.errstate(invalid="ignore"):  # the underflow variant divides 0 by 0: NaN, as a learner's would
            return w / w.sum()
    return apply_temperature


def _temp_examples(rng):
    return [(np.array([0.5, 0.3, 0.2]), 0.5), (np.array([0.5, 0.3, 0.2]), 2.0)]


def _temp_boundaries(rng):
    return [(np.array([0.6, 0.0, 0.4]), 0.7), (np.array([1.0]), 3.0), (np.full(5, 0.2), 0.3),
            (np.array([0.1, 0.2, 0.7]), 1.0)]


def _temp_cold(rng):
    return [(np.array([0.3, 0.3, 0.25, 0.15]), 0.001), (np.array([0.05, 0.9, 0.05]), 0.002)]


def _temp_random(rng):
    return [(_random_probs(rng, int(rng.integers(2, 20)), zeros=int(rng.integers(0, 2))),
             float(np.round(rng.uniform(0.2, 4.0), 2))) for _ in range(6)]


temperature_ex = Exercise(
    id="apply_temperature", function="apply_temperature", reference=model.apply_temperature,
    title="sampling temperature",
    checks=[
        Check("the shown examples: T = 0.5 sharpens, T = 2 flattens", _temp_examples,
              hint="Raise every probability to the power 1/T, then divide by the total."),
        Check("zeros stay zero, one category, uniform stays uniform, T = 1 changes nothing", _temp_boundaries,
              hidden=True, hint="A zero probability must stay exactly 0 at every T (0 ** (1/T) = 0): no small epsilon "
                                "added before a log."),
        Check("near-greedy T (0.001): no underflow, ties at the top share the mass", _temp_cold, hidden=True,
              hint="p ** 1000 underflows to 0 for every p < 0.5, and 0/0 is NaN. Divide by the largest "
                   "probability first: (p / p.max()) ** (1/T) keeps the largest at 1."),
        Check("random distributions and temperatures", _temp_random, hidden=True,
              hint="p ** (1/T) / sum: no epsilon added to p (at T = 4 an epsilon of 1e-12 becomes 1e-3), and "
                   "T divides the log-probabilities, it does not multiply them."),
    ],
    mistakes=[
        Mistake("p ** T instead of p ** (1/T)", _temp_wrong("times_T"),
                hint="Temperature divides the logits: softmax(z / T) ∝ p ** (1/T). With p ** T, T < 1 would "
                     "flatten instead of sharpen (the T·z mistake)."),
        Mistake("forgot to renormalise", _temp_wrong("no_renorm"),
                hint="After the power the numbers no longer sum to 1: divide by their total."),
        Mistake("underflow at small T", _temp_wrong("underflow"),
                hint="p ** (1/T) underflows to 0 for every p when T is tiny (0.3 ** 1000 == 0.0), and 0/0 is NaN. "
                     "Divide by the largest probability first: (p / p.max()) ** (1/T) keeps the largest at 1."),
        Mistake("softmax of the probabilities", _temp_wrong("softmax_p"),
                hint="exp(p / T) treats the probabilities as if they were logits. The logits are log p: "
                     "softmax(log(p) / T) = p ** (1/T) / Σ p ** (1/T)."),
    ],
    rtol=1e-7, atol=1e-12,  # 1e-7: logs and exponentials (softmax(log p / T)) agree with powers to ~1e-13 in floats
)

# ------------------------------------------------------------------ 4. top_p_filter


def _topp_wrong(kind):
    def top_p_filter(p, top_p):
        p = np.asarray(p, dtype=float)
        order = np.argsort(-p, kind="stable")
        if kind == "index_ties_last":  # ties broken the other way: the last-listed category first
            order = (p.size - 1 - np.argsort(-p[::-1], kind="stable"))
        cum = np.cumsum(p[order])
        k = min(int(np.searchsorted(cum, top_p, side="right" if kind == "strict" else "left")), p.size - 1)
        if kind == "before":
            k = max(k - 1, 0)
        keep = np.zeros(p.size, dtype=bool)
        if kind in ("index_ties", "index_ties_last"):
            keep[order[: k + 1]] = True
        else:
            keep = p >= p[order[k]]
        q = np.where(keep, p, 0.0)
        return q if kind == "no_renorm" else q / q.sum()
    return top_p_filter


def _topp_examples(rng):
    return [(np.array([0.1, 0.5, 0.15, 0.25]), 0.7), (np.array([0.1, 0.5, 0.15, 0.25]), 0.85)]


def _topp_threshold(rng):
    return [(np.array([0.5, 0.25, 0.125, 0.125]), 0.75), (np.array([0.25, 0.5, 0.125, 0.125]), 0.5),
            (np.array([0.375, 0.125, 0.5]), 0.875)]


def _topp_ties(rng):
    return [(np.array([0.2, 0.2, 0.4, 0.2]), 0.5), (np.array([0.25, 0.25, 0.25, 0.25]), 0.3),
            (np.array([0.5, 0.125, 0.25, 0.125]), 0.8)]


def _topp_edges(rng):
    return [(np.array([1.0]), 0.9), (np.array([0.7, 0.0, 0.3]), 1.0), (np.array([0.6, 0.3, 0.1]), 0.01),
            (np.array([0.25, 0.5, 0.0625, 0.1875]), 1.0)]  # top_p = 1 needs the rarest category too


def _topp_random(rng):
    cases = []
    for _ in range(6):  # dyadic probabilities: every cumulative sum is exact, thresholds hit them exactly
        K = int(rng.integers(3, 12))
        counts = rng.multinomial(64, rng.dirichlet(np.ones(K)))
        p = counts / 64
        cum = np.cumsum(np.sort(p)[::-1])
        top_p = float(cum[int(rng.integers(0, K))]) if rng.random() < 0.5 else float(np.round(rng.uniform(0.05, 1), 3))
        cases.append((p, max(min(top_p, 1.0), 1 / 64)))
    return cases


top_p_ex = Exercise(
    id="top_p_filter", function="top_p_filter", reference=model.top_p_filter, title="nucleus (top-p) filtering",
    checks=[
        Check("the shown examples", _topp_examples,
              hint="Sort from most to least probable, keep categories until the kept total reaches top_p "
                   "(the one that reaches it is kept), zero the rest, renormalise."),
        Check("a kept total exactly equal to top_p is enough", _topp_threshold, hidden=True,
              hint="'Reaches' means ≥: stop at the first category whose cumulative total is ≥ top_p."),
        Check("categories tied with the last kept one are all kept", _topp_ties, hidden=True,
              hint="Ties: keep every category whose probability equals that of the last one needed, so the "
                   "result does not depend on the order of the categories."),
        Check("one category, top_p = 1 (with and without a zero), a tiny top_p", _topp_edges, hidden=True),
        Check("random dyadic distributions, thresholds on and off the cumulative totals", _topp_random, hidden=True),
    ],
    mistakes=[
        Mistake("strict > at the threshold", _topp_wrong("strict"),
                hint="You keep one category too many when the total hits top_p exactly: the nucleus is the "
                     "smallest set whose total is ≥ top_p, so a total equal to top_p already suffices."),
        Mistake("dropped the category that crosses top_p", _topp_wrong("before"),
                hint="The category that brings the total up to (or past) top_p belongs to the nucleus: keep it."),
        Mistake("ties broken by position", _topp_wrong("index_ties"),
                hint="Two categories with equal probability must be treated alike: keep every category whose "
                     "probability is ≥ that of the last one needed (p >= threshold), not the first k in order."),
        Mistake("ties broken by position (last listed first)", _topp_wrong("index_ties_last"),
                hint="Two categories with equal probability must be treated alike: keep every category whose "
                     "probability is ≥ that of the last one needed (p >= threshold), not the first k in order."),
        Mistake("forgot to renormalise", _topp_wrong("no_renorm"),
                hint="After zeroing the tail, divide by the kept total so the probabilities sum to 1."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 5. zipf_for_share


def _bisect(f, lo=0.0, hi=64.0, steps=100):
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return 0.5 * (lo + hi)


def _zipf_unnormalised(share, top, K):
    return _bisect(lambda s: np.sum(np.arange(1, top + 1, dtype=float) ** -s) - share)


def _zipf_grid(share, top, K):
    grid = np.arange(0, 20, 0.01)
    return float(grid[np.argmin([abs(model.top_share(model.zipf_probs(K, s), top) - share) for s in grid])])


def _zipf_off_by_one(share, top, K):
    return model.zipf_for_share(share, top + 1, K)


def _zipf_examples(rng):
    return [(0.9, 25, 50)]


def _zipf_boundary(rng):
    return [(0.5, 25, 50), (0.2, 2, 10), (0.75, 1, 4)]


def _zipf_random(rng):
    cases = []
    for _ in range(5):
        K = int(rng.integers(3, 80))
        top = int(rng.integers(1, K))
        lo = top / K
        cases.append((float(np.round(lo + (0.97 - lo) * rng.uniform(0.05, 1.0), 4)), top, K))
    return cases


zipf_ex = Exercise(
    id="zipf_for_share", function="zipf_for_share", reference=model.zipf_for_share,
    title="calibrate a Zipf prior to a top-k share",
    checks=[
        Check("the shown example: the top 25 of 50 jokes hold 90 %", _zipf_examples,
              hint="top_share(s) = Σ_{i≤top} i^−s / Σ_{i≤K} i^−s rises with s: bisect on s until the bracket "
                   "is narrower than 1e-10."),
        Check("share = top/K needs no skew at all (s = 0); other small cases", _zipf_boundary, hidden=True,
              hint="At s = 0 every joke is equally likely and the top `top` of K hold exactly top/K: start the "
                   "bracket at lo = 0."),
        Check("random shares, top sizes and numbers of categories", _zipf_random, hidden=True),
    ],
    mistakes=[
        Mistake("share of unnormalised weights", _zipf_unnormalised,
                hint="The weights i^−s are not probabilities until divided by their total over all K: "
                     "compare Σ_{i≤top} i^−s / Σ_{i≤K} i^−s with the share."),
        Mistake("grid search, step 0.01", _zipf_grid,
                hint="A grid of step 0.01 pins s down only to ±0.005. Bisect (or use Newton) until the bracket is "
                     "below 1e-10: the check compares to 7 significant digits."),
        Mistake("one category too many in the top", _zipf_off_by_one,
                hint="Off by one: the top `top` are ranks 1..top, i.e. weights[:top] with 0-based indexing."),
    ],
    rtol=1e-7, atol=1e-9,  # the learner's root finder stops somewhere: 7 digits, not machine precision
)

# ------------------------------------------------------------------ 6. gini_simpson_after


def _gs(p):
    p = _p(p)
    return 1.0 - np.sum(p * p)


def _gs_examples(rng):
    return [(np.full(10, 0.1), 20, 10)]


def _gs_boundaries(rng):
    return [(np.array([0.7, 0.2, 0.1]), 5, 0), (np.array([1.0]), 10, 4), (np.array([0.5, 0.5]), 1, 3),
            (np.array([0.6, 0.3, 0.1, 0.0]), 7, 1)]


def _gs_random(rng):
    return [(_random_probs(rng, int(rng.integers(2, 30))), int(rng.integers(2, 200)), int(rng.integers(1, 60)))
            for _ in range(6)]


gs_ex = Exercise(
    id="gini_simpson_after", function="gini_simpson_after", reference=model.gini_simpson_after,
    title="diversity after t generations of refitting",
    checks=[
        Check("the shown example: 10 equally likely categories, n = 20, t = 10", _gs_examples,
              hint="Start from 1 − Σp² and multiply by (1 − 1/n) once per generation."),
        Check("t = 0, a single category, n = 1, a zero category", _gs_boundaries, hidden=True,
              hint="t = 0 is the starting diversity 1 − Σp²; with n = 1 one sample fixes a single category."),
        Check("random starting distributions, sample sizes and generations", _gs_random, hidden=True),
    ],
    mistakes=[
        Mistake("started from 1", lambda p, n, t: (1 - 1 / n) ** t,
                hint="The decay multiplies the STARTING diversity: 1 − Σp² (for K equal categories 1 − 1/K), "
                     "not 1."),
        Mistake("start value 1 − 1/K for any p", lambda p, n, t: float((1 - 1 / len(p)) * (1 - 1 / n) ** t),
                hint="1 − 1/K is the starting diversity only for K EQUALLY likely categories. In general it is "
                     "1 − Σp² of the starting distribution p."),
        Mistake("diploid 1/(2n)", lambda p, n, t: float(_gs(p) * (1 - 1 / (2 * n)) ** t),
                hint="(1 − 1/2N) is diploid population genetics (2N gene copies). Here each generation is n "
                     "samples: the factor is (1 − 1/n)."),
        Mistake("continuous-time e^(−t/n)", lambda p, n, t: float(_gs(p) * np.exp(-t / n)),
                hint="e^(−t/n) is only the large-n approximation: generations are discrete, so the factor is "
                     "exactly (1 − 1/n)^t."),
        Mistake("one generation too few", lambda p, n, t: float(_gs(p) * (1 - 1 / n) ** max(t - 1, 0)),
                hint="Each of the t generations applies the factor once: (1 − 1/n)^t, and t = 0 leaves 1 − Σp²."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 7. refit_variance


def _rv_examples(rng):
    return [(10, 10, 1.0)]


def _rv_boundaries(rng):
    return [(10, 0, 2.5), (2, 1, 3.0), (7, 3, 0.4)]


def _rv_random(rng):
    return [(int(rng.integers(2, 100)), int(rng.integers(1, 80)), float(np.round(rng.uniform(0.2, 9.0), 3)))
            for _ in range(6)]


refit_ex = Exercise(
    id="refit_variance", function="refit_variance", reference=model.refit_variance,
    title="variance after t Gaussian refits",
    checks=[
        Check("the shown example: n = 10, t = 10, σ₀² = 1", _rv_examples,
              hint="One MLE refit multiplies the expected variance by (n − 1)/n; t refits multiply t times."),
        Check("t = 0, n = 2, a starting variance other than 1", _rv_boundaries, hidden=True),
        Check("random n, t and starting variances", _rv_random, hidden=True),
    ],
    mistakes=[
        Mistake("unbiased refit (ddof = 1)", lambda n, t, var0: var0,
                hint="With the unbiased estimator (ddof=1) the expected variance would stay at σ₀². The model "
                     "refits by maximum likelihood, np.var with ddof=0 (divide by n): each step × (n − 1)/n."),
        Mistake("standard deviation, not variance", lambda n, t, var0: var0 * ((n - 1) / n) ** (t / 2),
                hint="(n − 1)/n is the factor on the VARIANCE σ², per generation: var0 · ((n − 1)/n)^t."),
        Mistake("forgot the starting variance", lambda n, t, var0: ((n - 1) / n) ** t,
                hint="The decay multiplies the starting variance σ₀² (var0)."),
        Mistake("one generation too few", lambda n, t, var0: var0 * ((n - 1) / n) ** max(t - 1, 0),
                hint="Each of the t generations applies (n − 1)/n once: the exponent is t."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 8. persona_entropy


def _pe_wrong(kind):
    def persona_entropy(weights, conditionals):
        w = np.asarray(weights, dtype=float)
        C = np.asarray(conditionals, dtype=float)
        rows = [model.entropy_bits(r) for r in C]
        h_cond = float(np.mean(rows)) if kind == "unweighted" else float(np.dot(w, rows))
        h_mix = model.entropy_bits(w @ C) if kind != "no_mix" else h_cond
        i = model.entropy_bits(w) if kind == "i_is_hp" else h_mix - h_cond
        return h_cond, h_mix, i
    return persona_entropy


def _disjoint(M, J=2, row=(0.7, 0.3)):
    C = np.zeros((M, M * J))
    for m in range(M):
        C[m, m * J:(m + 1) * J] = row
    return C


def _pe_examples(rng):
    return [(np.full(4, 0.25), _disjoint(4))]


def _pe_boundaries(rng):
    same = np.tile([0.5, 0.25, 0.25], (3, 1))
    return [(np.array([1.0]), np.array([[0.6, 0.4]])), (np.array([0.5, 0.3, 0.2]), same),
            (np.array([0.6, 0.4]), np.array([[1.0, 0.0], [0.0, 1.0]]))]


def _pe_random(rng):
    cases = []
    for _ in range(5):
        M, J = int(rng.integers(2, 7)), int(rng.integers(2, 9))
        w = _random_probs(rng, M)
        w[w == 0] = 0.01
        C = np.stack([_random_probs(rng, J) for _ in range(M)])
        cases.append((w / w.sum(), C))
    return cases


persona_ex = Exercise(
    id="persona_entropy", function="persona_entropy", reference=model.persona_entropy,
    title="what personas add: H(Y) = H(Y|P) + I(Y;P)",
    checks=[
        Check("the shown example: 4 personas, each 0.7/0.3 over its own 2 jokes", _pe_examples,
              hint="H(Y|P) = Σ_m w_m·H(row m); H(Y) = H(Σ_m w_m·row m); I = H(Y) − H(Y|P)."),
        Check("one persona, personas that all say the same, personas with one joke each", _pe_boundaries,
              hidden=True,
              hint="Identical personas add no information (I = 0); one deterministic joke per persona gives "
                   "H(Y|P) = 0 and I = H(P)."),
        Check("random persona weights and overlapping joke distributions", _pe_random, hidden=True),
    ],
    mistakes=[
        Mistake("unweighted average over personas", _pe_wrong("unweighted"),
                hint="H(Y|P) weights each persona's entropy by how often the persona is used: Σ_m w_m H(row m)."),
        Mistake("H(Y) as the average entropy", _pe_wrong("no_mix"),
                hint="H(Y) is the entropy of the MIXTURE distribution Σ_m w_m·row m, which is at least the "
                     "average of the entropies (that gap is I(Y;P))."),
        Mistake("I(Y;P) taken as H(P)", _pe_wrong("i_is_hp"),
                hint="I(Y;P) = H(P) only when personas never share a joke. In general I = H(Y) − H(Y|P)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 9. best_mix


def _mix_wrong(kind):
    def best_mix(p_star, p_syn, p_web):
        p_star, p_syn, p_web = (np.asarray(a, dtype=float) for a in (p_star, p_syn, p_web))

        def loss(w):
            q = model.mixture(w, p_syn, p_web)
            if kind == "reverse":
                return model.kl_bits(q, p_star)
            return model.kl_bits(p_star, q)

        if kind == "grid":
            ws = np.linspace(0, 1, 101)
            w = float(ws[np.argmin([loss(x) for x in ws])])
        else:
            lo, hi = 0.0, 1.0
            for _ in range(100):  # ternary search: the loss is convex in w
                a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
                lo, hi = (a, hi) if loss(a) > loss(b) else (lo, b)
            w = 0.5 * (lo + hi)
        kl = model.kl_bits(p_star, model.mixture(w, p_syn, p_web))
        if kind == "nats":
            kl *= np.log(2)
        elif kind == "cross_entropy":
            kl += model.entropy_bits(p_star)
        return w, kl
    return best_mix


def _mix_examples(rng):
    return [(np.array([0.4, 0.3, 0.2, 0.1]), np.array([0.7, 0.2, 0.05, 0.05]), np.array([0.1, 0.2, 0.3, 0.4]))]


def _mix_ends(rng):
    web = np.array([0.2, 0.3, 0.5])
    return [(web, np.array([0.6, 0.2, 0.2]), web),  # the web already is the target: w* = 0
            (np.array([0.5, 0.5, 0.0]), np.array([0.5, 0.5, 0.0]), np.array([0.1, 0.1, 0.8])),  # w* = 1
            (np.array([0.5, 0.3, 0.2]), np.array([0.9, 0.1, 0.0]), np.array([0.2, 0.4, 0.4]))]  # a zero in p_syn


def _mix_random(rng):
    cases = []
    for _ in range(5):
        K = int(rng.integers(2, 9))
        cases.append(tuple(_random_probs(rng, K) for _ in range(3)))
    return [(a, b, np.where(c > 0, c, 0.05) / np.where(c > 0, c, 0.05).sum()) for a, b, c in cases]


mix_ex = Exercise(
    id="best_mix", function="best_mix", reference=model.best_mix, title="the best synthetic/web mixture weight",
    checks=[
        Check("the shown example", _mix_examples,
              hint="Minimise f(w) = KL(p*‖w·p_syn + (1−w)·p_web) over 0 ≤ w ≤ 1 (f is convex: bisect on the sign of "
                   "f'(w) or use a ternary search) and return (w*, f(w*)) in bits. A grid of w values is not precise enough: w* is checked to 6 digits."),
        Check("optimum at an end (w = 0, w = 1) and a synthetic distribution with a zero", _mix_ends, hidden=True,
              hint="Search only inside [0, 1]: when the web (or the synthetic) distribution already equals the "
                   "target, the best weight is the end point and the KL there is 0."),
        Check("random targets and sources", _mix_random, hidden=True),
    ],
    mistakes=[
        Mistake("KL in the reverse direction", _mix_wrong("reverse"),
                hint="The direction matters: training on q to model p* scores KL(p*‖q) = Σ p*·log2(p*/q) "
                     "(the cross-entropy of the target under q, minus H(p*)), not KL(q‖p*)."),
        Mistake("KL in nats", _mix_wrong("nats"), hint="Report KL in bits: use log2 (nats / ln 2)."),
        Mistake("returned the cross-entropy", _mix_wrong("cross_entropy"),
                hint="That is the cross-entropy H(p*, q) = H(p*) + KL(p*‖q): same minimiser, but the value "
                     "asked for is KL = H(p*, q) − H(p*)."),
        Mistake("grid search, step 0.01", _mix_wrong("grid"),
                hint="A grid of step 0.01 finds w* only to ±0.005; KL is convex in w, so bisect on the sign "
                     "of its derivative (or ternary-search) to 1e-10."),
    ],
    # 1e-6: a search that compares KL values (ternary, golden section) can place a minimum only to about
    # √ε ≈ 1e-8 where the curve is flat (an optimum at an end with zero slope); a 0.01 grid is still 5e-3 off
    rtol=1e-6, atol=1e-6,
)

grader = Grader("synthetic-data", [entropy_ex, effective_ex, temperature_ex, top_p_ex, zipf_ex, gs_ex, refit_ex,
                                   persona_ex, mix_ex])
