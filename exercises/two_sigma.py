"""Graded exercises of chapter `two-sigma`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/two_sigma.py (the code that draws the figures and runs the lookup).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import collections
import math
import re

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import two_sigma as model
from widgets.evals_goodhart import normal_cdf

Z80 = 0.8416212335729143  # Φ⁻¹(0.8), for the mistakes only (the reference computes it)


def _phi(x):
    return float(normal_cdf(x))


# ------------------------------------------------------------------ 1. effect_stats


def _effect_random(rng):
    return [(float(np.round(rng.uniform(-1.5, 3.5), 3)),) for _ in range(6)]


effect_ex = Exercise(
    id="effect_stats", function="effect_stats", reference=model.effect_stats,
    title="four readings of an effect size",
    checks=[
        Check("Bloom's d = 2 and VanLehn's d = 0.79", lambda rng: [(2.0,), (0.79,)],
              hint="Return (Φ(d), 2Φ(−|d|/2), Φ(d/√2), 1 − Φ(z₀.₈ − d)) with z₀.₈ = Φ⁻¹(0.8) ≈ 0.8416."),
        Check("no effect, a negative effect, a huge one", lambda rng: [(0.0,), (-0.6,), (-2.0,), (5.0,)], hidden=True,
              hint="At d = 0 the groups coincide: (0.5, 1, 0.5, 0.2). The overlap of two densities cannot exceed 1, "
                   "whichever group is ahead."),
        Check("random effect sizes, positive and negative", _effect_random, hidden=True),
    ],
    mistakes=[
        Mistake("overlap without the factor 2", lambda d: (_phi(d), _phi(-abs(d) / 2), _phi(d / math.sqrt(2)),
                                                           1 - _phi(Z80 - d)),
                hint="The shared area has two equal tails, one on each side of the crossing point d/2: "
                     "overlap = 2Φ(−|d|/2)."),
        Mistake("overlap 2Φ(−d/2) for negative d", lambda d: (_phi(d), 2 * _phi(-d / 2), _phi(d / math.sqrt(2)),
                                                              1 - _phi(Z80 - d)),
                hint="For d < 0, 2Φ(−d/2) exceeds 1: the overlap depends on the distance between the means, |d|."),
        Mistake("superiority Φ(d)", lambda d: (_phi(d), 2 * _phi(-abs(d) / 2), _phi(d), 1 - _phi(Z80 - d)),
                hint="The difference of one treated and one control score has variance 1 + 1 = 2, so "
                     "P(treated > control) = Φ(d/√2), not Φ(d)."),
        Mistake("superiority Φ(d·√2)", lambda d: (_phi(d), 2 * _phi(-abs(d) / 2), _phi(d * math.sqrt(2)),
                                                 1 - _phi(Z80 - d)),
                hint="Divide by the standard deviation of the difference, √2: Φ(d/√2)."),
        Mistake("0.8 as the percentile's z", lambda d: (_phi(d), 2 * _phi(-abs(d) / 2), _phi(d / math.sqrt(2)),
                                                       1 - _phi(0.8 - d)),
                hint="The 80th percentile of N(0, 1) is z₀.₈ = Φ⁻¹(0.8) ≈ 0.8416, not 0.8."),
        Mistake("z₀.₈ typed as 0.8416", lambda d: (_phi(d), 2 * _phi(-abs(d) / 2), _phi(d / math.sqrt(2)),
                                                    1 - _phi(0.8416 - d)),
                hint="Compute z₀.₈ = Φ⁻¹(0.8) (statistics.NormalDist().inv_cdf(0.8) or scipy.stats.norm.ppf(0.8)): "
                     "the rounded 0.8416 is off in the fifth digit, and the answer with it."),
        Mistake("share below the percentile", lambda d: (_phi(d), 2 * _phi(-abs(d) / 2), _phi(d / math.sqrt(2)),
                                                        _phi(Z80 - d)),
                hint="Φ(z₀.₈ − d) is the treated share BELOW the control's 80th percentile; above is 1 − Φ(z₀.₈ − d)."),
    ],
    rtol=1e-9, atol=1e-12,  # math.erf, scipy.stats.norm and statistics.NormalDist agree to ~1e-15
)

# ------------------------------------------------------------------ 2. cohens_d


def _groups(rng, na, nb, shift):
    a = np.round(rng.normal(70, 8, na), 1)
    b = np.round(rng.normal(70 + shift, 12, nb), 1)
    return [float(x) for x in a], [float(x) for x in b]


def _cohens_random(rng):
    return [_groups(rng, int(rng.integers(3, 12)), int(rng.integers(3, 12)), float(rng.uniform(-10, 15)))
            for _ in range(5)]


cohens_ex = Exercise(
    id="cohens_d", function="cohens_d", reference=model.cohens_d, title="Cohen's d with a pooled SD",
    checks=[
        Check("the shown example", lambda rng: [([70, 75, 80, 85, 90], [80, 85, 90, 95, 100])],
              hint="d = (mean(b) − mean(a)) / s_pooled with sample variances (ddof = 1)."),
        Check("groups of different sizes and spreads", lambda rng: [([1.0, 2.0, 4.0], [3.0, 5.0, 6.0, 9.0, 12.0, 7.0]),
                                                                    ([50.0, 60.0], [40.0, 41.0, 39.0, 44.0])],
              hidden=True,
              hint="Weight each group's variance by its degrees of freedom: ((n_a − 1)s_a² + (n_b − 1)s_b²)/(n_a + n_b − 2)."),
        Check("random classes (b may score lower: d < 0)", _cohens_random, hidden=True),
    ],
    mistakes=[
        Mistake("population SDs (ddof = 0)", lambda a, b: float((np.mean(b) - np.mean(a)) / math.sqrt(
            (len(a) * np.var(a) + len(b) * np.var(b)) / (len(a) + len(b)))),
                hint="np.var and np.std divide by n by default (ddof = 0). The sample variance divides by n − 1: "
                     "np.var(x, ddof=1). (For the shown example ddof = 0 gives 1.4142 instead of 1.2649.)"),
        Mistake("sign flipped", lambda a, b: -model.cohens_d(a, b),
                hint="The effect of the treatment b over the control a is mean(b) − mean(a): positive when b scores higher."),
        Mistake("unweighted mean of the variances", lambda a, b: float((np.mean(b) - np.mean(a)) / math.sqrt(
            (np.var(a, ddof=1) + np.var(b, ddof=1)) / 2)),
                hint="(s_a² + s_b²)/2 is right only for equal group sizes. Pool with the degrees of freedom: "
                     "((n_a − 1)s_a² + (n_b − 1)s_b²)/(n_a + n_b − 2)."),
        Mistake("SD of both groups together", lambda a, b: float((np.mean(b) - np.mean(a)) / np.std(
            np.concatenate([a, b]), ddof=1)),
                hint="The SD of the two groups thrown together includes the difference between their means; the "
                     "pooled SD averages the spread WITHIN each group."),
        Mistake("control's SD only (Glass's Δ)", lambda a, b: float((np.mean(b) - np.mean(a)) / np.std(a, ddof=1)),
                hint="Dividing by the control's SD alone is Glass's Δ. Cohen's d divides by the pooled SD of both groups."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. bkt_update


def _bkt_random(rng):
    cases = []
    for _ in range(8):
        S, G = float(np.round(rng.uniform(0.02, 0.3), 3)), float(np.round(rng.uniform(0.05, 0.35), 3))
        cases.append((float(np.round(rng.uniform(0.02, 0.98), 3)), bool(rng.integers(2)),
                      float(np.round(rng.uniform(0.02, 0.4), 3)), S, G))
    return cases


bkt_ex = Exercise(
    id="bkt_update", function="bkt_update", reference=model.bkt_update, title="one step of knowledge tracing",
    checks=[
        Check("the shown example: P(L) = 0.3, T = 0.1, S = 0.1, G = 0.2, right and wrong",
              lambda rng: [(0.3, True, 0.1, 0.1, 0.2), (0.3, False, 0.1, 0.1, 0.2)],
              hint="Bayes' rule first (P(L | answer)), then the chance to learn: next = posterior + (1 − posterior)·T."),
        Check("boundaries: no learning, a sure prior, a learner who never slips",
              lambda rng: [(0.4, True, 0.0, 0.15, 0.25), (1.0, False, 0.2, 0.1, 0.2), (0.0, True, 0.3, 0.1, 0.2),
                           (0.5, False, 0.1, 0.0, 0.3), (0.55, True, 0.05, 0.3, 0.05)], hidden=True,
              hint="With T = 0 nothing is learned after the answer; with P(L) = 1 or 0 the answer cannot change it."),
        Check("random skills, answers and parameters", _bkt_random, hidden=True),
    ],
    mistakes=[
        Mistake("no learning step", lambda p, c, T, S, G: (lambda q: (q, q))(
            model.bkt_update(p, c, 0.0, S, G)[0]),
                hint="After the answer the learner may learn the skill: next = posterior + (1 − posterior)·T."),
        Mistake("learning before the answer", lambda p, c, T, S, G: (lambda q: (q, q))(
            model.bkt_update(p + (1 - p) * T, c, 0.0, S, G)[0]),
                hint="The answer is evidence about the state BEFORE this practice step: update by Bayes' rule on P(L), "
                     "then apply T to the posterior."),
        Mistake("slip and guess swapped", lambda p, c, T, S, G: model.bkt_update(p, c, T, G, S),
                hint="A right answer from someone who knows the skill has probability 1 − S (no slip); from someone "
                     "who does not, G (a guess)."),
        Mistake("no normalisation", lambda p, c, T, S, G: (lambda q: (q, q + (1 - q) * T))(
            p * (1 - S) if c else p * S),
                hint="P(L)·(1 − S) is the joint probability of knowing and answering right; divide by P(right) = "
                     "P(L)(1 − S) + (1 − P(L))G to get P(L | right)."),
        Mistake("S in place of 1 − S", lambda p, c, T, S, G: (lambda q: (q, q + (1 - q) * T))(
            p * S / (p * S + (1 - p) * G) if c else p * (1 - S) / (p * (1 - S) + (1 - p) * (1 - G))),
                hint="A right answer is evidence of knowing only if knowers answer right more often: "
                     "P(right | known) = 1 − S, P(wrong | known) = S."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 4. tfidf_rank

TOY = ["the tutor explains the effect size of tutoring",
       "dopamine neurons signal a reward prediction error",
       "a grounded tutor cites the sections it retrieved",
       "reward prediction error in temporal difference learning"]


def _toy_random(rng):
    vocab = ["tutor", "reward", "error", "sigma", "bloom", "value", "search", "tree", "the", "a", "of", "cites"]
    cases, seen = [], set()
    for _ in range(12):
        docs = []
        while len(docs) < int(rng.integers(4, 8)):
            words = list(rng.choice(vocab, size=int(rng.integers(2, 9))))
            key = tuple(sorted(words))
            if key in seen:  # equal token multisets in another order: a float tie in one sum order only
                continue
            seen.add(key)
            docs.append(" ".join(words))
        q = " ".join(rng.choice(vocab, size=int(rng.integers(1, 4))))
        cases.append((q, docs, int(rng.integers(1, 4))))
    return cases


def _book_cases(rng):
    sections = model.load_sections()
    cases = []
    for q, target in model.QUESTIONS[:6]:
        pick = [s for s in sections if s["id"] == target]
        others = [sections[int(i)] for i in rng.choice(len(sections), 25, replace=False) if sections[int(i)]["id"] != target]
        docs = [s["title"] + "\n" + s["text"] for s in (others[:12] + pick + others[12:24])]
        cases.append((q, docs, 3))
    return cases


def _rank_compare(expected, got):
    if isinstance(got, np.ndarray):
        got = got.tolist()
    if not isinstance(got, (list, tuple)) or not all(isinstance(i, (int, np.integer)) and not isinstance(i, bool)
                                                     for i in got):
        return f"expected a list of document indices (whole numbers), got {str(got)[:80]}"
    got = [int(i) for i in got]
    return None if got == list(expected) else f"expected {list(expected)}, got {got}"


def _no_idf(q, docs, k=3):
    vecs = [collections.Counter(re.findall(r"[a-z0-9]+", d.lower())) for d in docs]
    qv = collections.Counter(re.findall(r"[a-z0-9]+", q.lower()))
    def cos(v):
        n = math.sqrt(sum(x * x for x in v.values())) * math.sqrt(sum(x * x for x in qv.values()))
        return sum(v[t] * qv[t] for t in qv) / n if n else 0.0
    s = np.array([cos(v) for v in vecs])
    return [int(i) for i in np.argsort(-s, kind="stable")[:k]]


def _variant(idf_fn=None, normalise=True, order=1):
    def rank(q, docs, k=3):
        counts = [collections.Counter(re.findall(r"[a-z0-9]+", d.lower())) for d in docs]
        N = len(docs)
        df = collections.Counter(t for c in counts for t in c)
        idf = {t: idf_fn(N, n) for t, n in df.items()}
        qc = collections.Counter(t for t in re.findall(r"[a-z0-9]+", q.lower()) if t in idf)
        qv = {t: n * idf[t] for t, n in qc.items()}
        qn = math.sqrt(sum(v * v for v in qv.values())) or 1.0
        scores = []
        for c in counts:
            dv = {t: n * idf[t] for t, n in c.items()}
            dn = math.sqrt(sum(v * v for v in dv.values())) if normalise else 1.0
            scores.append(sum(dv.get(t, 0.0) * v for t, v in qv.items()) / (qn * (dn or 1.0)))
        idx = sorted(range(N), key=lambda i: (-scores[i], order * i))
        return idx[:k]
    return rank


tfidf_ex = Exercise(
    id="tfidf_rank", function="tfidf_rank", reference=model.tfidf_rank, title="TF-IDF retrieval",
    checks=[
        Check("the four-document example", lambda rng: [("reward prediction error", TOY, 3), ("tutor", TOY, 2)],
              hint="tf = raw counts; idf(t) = ln((1 + N)/(1 + df(t))) + 1; scale every document vector and the query "
                   "vector to length 1; rank by the dot product, best first."),
        Check("ties and edge cases: duplicates, a query with no known word, k above N",
              lambda rng: [("tutor", ["a tutor", "the value", "a tutor"], 3), ("zebra", TOY, 2),
                           ("sigma sigma bloom", ["bloom", "sigma", "sigma bloom"], 5), ("tutor", ["tutor"], 1)],
              hidden=True,
              hint="Equal scores keep the order of the documents (lower index first: a stable sort on −score); a "
                   "query with no known word scores 0 everywhere; k larger than N returns all N."),
        Check("random small corpora", _toy_random, hidden=True),
        Check("the idf's exact form decides the order", lambda rng: [
            ("cites reward tree", ["reward tree tutor value reward reward", "bloom reward reward bloom",
                                   "error reward search value the tutor", "tutor a", "error bloom tutor a of cites bloom"], 3),
            ("bloom sigma", ["bloom bloom sigma tutor", "sigma sigma the a", "bloom a of", "sigma tutor tutor"], 4),
            ("error reward tree", ["cites reward bloom value tree search", "error sigma the tutor cites",
                                   "reward the tutor error bloom", "of sigma bloom", "reward the reward of sigma"], 2)],
              hidden=True,
              hint="idf(t) = ln((1 + N)/(1 + df(t))) + 1 exactly: both + 1's inside the log and the + 1 after it."),
        Check("questions about this book against 25 of its sections", _book_cases, hidden=True),
    ],
    mistakes=[
        Mistake("no idf (plain counts)", _no_idf,
                hint="Without idf, common words like 'the' and 'a' decide the ranking. Weight each count by "
                     "idf(t) = ln((1 + N)/(1 + df(t))) + 1."),
        Mistake("idf = ln(N/df)", _variant(lambda N, n: math.log(N / n)),
                hint="Use exactly the smoothed idf ln((1 + N)/(1 + df)) + 1. Other idfs (ln(N/df), or the smoothed "
                     "one without its + 1) weight rare and common words differently, and the ranking changes."),
        Mistake("documents not normalised", _variant(lambda N, n: math.log((1 + N) / (1 + n)) + 1, normalise=False),
                hint="Scale each document's tf·idf vector to length 1, or long documents win just by being long."),
        Mistake("ties to the higher index", _variant(lambda N, n: math.log((1 + N) / (1 + n)) + 1, order=-1),
                hint="When two documents score the same, the lower index comes first (a stable sort on −score)."),
    ],
    compare=_rank_compare, timeout=6.0,
)

# ------------------------------------------------------------------ 5. invalid_citations

ALLOWED = ["two-sigma#2", "td-learning#1", "demo-vs-product#5"]


def _cite_random(rng):
    ids = [f"{s}#{n}" for s in ("td-learning", "two-sigma", "muzero", "robots") for n in (1, 2, 3, 11)]
    cases = []
    for _ in range(4):
        allowed = [ids[int(i)] for i in rng.choice(len(ids), 4, replace=False)]
        cited = [ids[int(i)] for i in rng.choice(len(ids), int(rng.integers(1, 6)))]
        answer = " ".join(f"Point {j} [{c}]." for j, c in enumerate(cited))
        cases.append((answer, allowed))
    return cases


citations_ex = Exercise(
    id="invalid_citations", function="invalid_citations", reference=model.invalid_citations,
    title="citations an answer may not make",
    checks=[
        Check("the shown example", lambda rng: [
            ("Effect sizes are in [two-sigma#2]; TD errors in [td-learning#1] and [muzero#3].", ALLOWED)],
              hint="Find every [slug#n] in the answer and return the set of those not in `allowed`."),
        Check("no citation, repeats, look-alike ids, brackets that are not citations", lambda rng: [
            ("No sources at all.", ALLOWED),
            ("[td-learning#1] and again [td-learning#1], then [td-learning#11] and [two-sigma#2].", ALLOWED),
            ("See [the book] or [x] or [two-sigma#] but cite [two-sigma#20].", ALLOWED),
            ("[robots#4][robots#4]", []),
            ("Cite [td-learning#1] and [two-sigma#1].", ["td-learning#11", "two-sigma#12"])], hidden=True,
              hint="td-learning#11 is not td-learning#1: compare whole ids, not substrings; return a set (each id once)."),
        Check("random answers", _cite_random, hidden=True),
    ],
    mistakes=[
        Mistake("a list, not a set", lambda answer, allowed: [c for c in re.findall(r"\[([a-z0-9-]+#\d+)\]", answer)
                                                              if c not in allowed],
                hint="Return a set: {...}. A citation repeated in the answer is one invalid id."),
        Mistake("substring match", lambda answer, allowed: {c for c in re.findall(r"\[([a-z0-9-]+#\d+)\]", answer)
                                                            if not any(c in a for a in allowed)},
                hint="'td-learning#1' in 'td-learning#11' is True for strings: compare whole ids (c in set(allowed))."),
        Mistake("the valid ones", lambda answer, allowed: {c for c in re.findall(r"\[([a-z0-9-]+#\d+)\]", answer)
                                                           if c in allowed},
                hint="Return the cited ids that are NOT allowed."),
        Mistake("every bracket", lambda answer, allowed: {c for c in re.findall(r"\[([^\]]*)\]", answer)
                                                          if c not in allowed},
                hint="Only [slug#n] (lower-case letters, digits and '-', then '#' and a number) is a citation; "
                     "other brackets are text."),
    ],
)

# ------------------------------------------------------------------ 6. h_index


def _h_random(rng):
    return [([int(x) for x in rng.integers(0, hi, int(rng.integers(1, 15)))],) for hi in (4, 8, 12, 30, 30, 60)]


h_ex = Exercise(
    id="h_index", function="h_index", reference=model.h_index, title="the h-index",
    checks=[
        Check("the shown examples", lambda rng: [([10, 8, 5, 4, 3],), ([25, 8, 5, 3, 3],)],
              hint="Sort the counts from high to low; h is the last rank i (1, 2, ...) whose count is still ≥ i."),
        Check("boundaries: no papers, no citations, one paper, ties at h, unsorted input",
              lambda rng: [([],), ([0, 0],), ([1],), ([100],), ([3, 3, 3],), ([5, 5, 5, 5, 5],), ([1, 4, 2, 5, 3],),
                           ([0, 6, 0, 6],), ([1, 1, 1, 10, 10, 10],), ([2, 9, 0, 7, 1, 8],)], hidden=True,
              hint="Sort the counts from high to low first (the input may be in any order); then h papers with at least "
                   "h citations each: [3, 3, 3] has h = 3 (≥, not >), [] has h = 0."),
        Check("random citation lists", _h_random, hidden=True),
    ],
    mistakes=[
        Mistake("strictly more than h", lambda c: max([i for i, x in enumerate(sorted(c, reverse=True), 1) if x > i],
                                                       default=0),
                hint="The definition is 'at least h citations' (≥): [3, 3, 3] has h-index 3."),
        Mistake("input not sorted", lambda c: next((i - 1 for i, x in enumerate(c, 1) if x < i), len(c)),
                hint="Sort the citation counts from high to low first (sorted(c, reverse=True))."),
        Mistake("number of cited papers", lambda c: sum(1 for x in c if x > 0),
                hint="h is not the number of cited papers: it is the largest h with h papers of ≥ h citations."),
        Mistake("the first rank that fails", lambda c: next((i for i, x in enumerate(sorted(c, reverse=True), 1)
                                                             if x < i), len(c)),
                hint="Off by one: when the paper at rank i has fewer than i citations, h is the rank before it, i − 1."),
    ],
)

# ------------------------------------------------------------------ 7. share_above


def _share_random(rng):
    return [(float(np.round(rng.uniform(-1, 1.5), 2)), float(np.round(rng.uniform(0.5, 2.0), 2)),
             float(np.round(rng.uniform(0.5, 3.0), 2))) for _ in range(6)]


share_ex = Exercise(
    id="share_above", function="share_above", reference=model.share_above, title="the share above a threshold",
    checks=[
        Check("the shown examples: τ = 2 with N(0, 1), μ = 0.5, σ = 1.25",
              lambda rng: [(0.0, 1.0, 2.0), (0.5, 1.0, 2.0), (0.0, 1.25, 2.0)],
              hint="Standardize: z = (τ − μ)/σ; the share above is 1 − Φ(z)."),
        Check("a threshold at the mean, below it, and a narrow spread", lambda rng: [(1.3, 0.7, 1.3), (2.0, 0.5, 1.0),
                                                                                   (0.2, 0.4, 1.0)], hidden=True,
              hint="At τ = μ exactly half is above; below the mean more than half is."),
        Check("random populations and thresholds", _share_random, hidden=True),
    ],
    mistakes=[
        Mistake("share below", lambda mu, s, t: _phi((t - mu) / s),
                hint="Φ(z) is the share BELOW τ; above is 1 − Φ(z)."),
        Mistake("multiplied by σ", lambda mu, s, t: 1 - _phi((t - mu) * s),
                hint="Standardize by dividing by σ: z = (τ − μ)/σ."),
        Mistake("divided by σ²", lambda mu, s, t: 1 - _phi((t - mu) / s ** 2),
                hint="σ is the standard deviation; divide by σ, not by the variance σ²."),
        Mistake("mean sign flipped", lambda mu, s, t: 1 - _phi((t + mu) / s),
                hint="A higher mean moves the population up towards τ: z = (τ − μ)/σ."),
    ],
    rtol=1e-9, atol=1e-12,
)

grader = Grader("two-sigma", [effect_ex, cohens_ex, bkt_ex, tfidf_ex, citations_ex, h_ex, share_ex])
