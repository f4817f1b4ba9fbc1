"""Graded exercises of chapter `move-37`: grader.check("<id>") in the notebook.

Every reference is a model function of widgets/move_37.py (the code that draws the chapter's figures). Every
Mistake is a real wrong answer written as code, with the hint that fixes it. The Thompson-sampling exercise is
graded on a few seeds and at most 500 steps per case, so a plain python loop is graded in well under a second.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake, describe_difference
from widgets import move_37 as model

# ------------------------------------------------------------------ 1. softmax_entropy


def _softmax_wrong(kind):
    def softmax_entropy(logits, T):
        z = np.asarray(logits, dtype=float)
        z = z * T if kind == "times_T" else z / T
        if kind != "no_max":
            z = z - z.max()
        with np.errstate(all="ignore"):
            e = np.exp(z)
            p = e / e.sum()
            if kind == "all_terms":  # 0 log 0 evaluated as nan
                return p, float(-(p * np.log(p)).sum())
            nz = p[p > 0]
            logs = np.log2(nz) if kind == "bits" else np.log(nz)
            H = float((nz * logs).sum()) if kind == "sign" else float(-(nz * logs).sum())
        return p, H
    return softmax_entropy


def _softmax_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(2, 9))
        cases.append((np.round(rng.normal(0, 2, n), 2), float(np.round(rng.choice([0.3, 0.7, 1.5, 3.0, 6.0]), 1))))
    return cases


def _softmax_compare(expected, got):
    """The usual comparison; a nan entropy on both sides counts as equal (the reference never returns nan, so
    this only lets the '0 ln 0 = nan' Mistake recognise itself)."""
    def nan_h(v):
        return isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], float) and math.isnan(v[1])
    if nan_h(expected) and nan_h(got):
        expected, got = expected[0], got[0]
    return describe_difference(expected, got, 1e-9, 1e-12)


softmax_ex = Exercise(
    id="softmax_entropy", function="softmax_entropy", reference=model.softmax_entropy,
    title="temperature softmax and its entropy",
    checks=[
        Check("the shown example: logits [2, 1, 0, −1] at T = 0.5, 1, 2",
              lambda rng: [(np.array([2.0, 1.0, 0.0, -1.0]), T) for T in (0.5, 1.0, 2.0)],
              hint="p = exp(z/T) / Σ exp(z/T); H = −Σ p ln p in nats (natural log)."),
        Check("ties and a single logit: equal logits give the uniform distribution, one logit H = 0",
              lambda rng: [(np.array([1.5, 1.5, 1.5]), 0.7), (np.array([3.0]), 2.0), (np.array([0.0, 0.0, -2.0]), 4.0)],
              hidden=True),
        Check("huge logits (subtract the max first) and a probability that underflows to 0 (0 ln 0 = 0)",
              lambda rng: [(np.array([1000.0, 999.0, 998.0]), 1.0), (np.array([0.0, -800.0]), 1.0),
                           (np.array([50.0, 0.0, 49.0]), 0.05)],
              hidden=True,
              hint="Subtract max(z/T) before exp (the same p, no overflow), and leave out the terms with p = 0 "
                   "from the entropy (their limit p ln p → 0)."),
        Check("random logits and temperatures", _softmax_random, hidden=True),
    ],
    mistakes=[
        Mistake("entropy in bits", _softmax_wrong("bits"),
                hint="Use the natural log: entropy in nats, H = −Σ p ln p (np.log, not np.log2)."),
        Mistake("logits multiplied by T", _softmax_wrong("times_T"),
                hint="Divide the logits by the temperature: a high T must flatten the distribution, exp(z / T)."),
        Mistake("entropy without the minus sign", _softmax_wrong("sign"),
                hint="H = −Σ p ln p is ≥ 0: ln p ≤ 0, so the sum needs the minus sign."),
        Mistake("max not subtracted: exp overflows", _softmax_wrong("no_max"),
                hint="Subtract the max: exp(1000) overflows to inf and inf/inf is nan. exp(z − max z) gives the "
                     "same p (the factor cancels) with every exponent ≤ 0."),
        Mistake("0 ln 0 evaluated as nan", _softmax_wrong("all_terms"),
                hint="A probability can underflow to exactly 0; 0 · ln 0 is nan in numpy, but its limit is 0: "
                     "sum only over p > 0 (e.g. p[p > 0])."),
    ],
    rtol=1e-9, atol=1e-12, compare=_softmax_compare,
)

# ------------------------------------------------------------------ 2. generate_verify


def _gv_wrong(kind):
    def generate_verify(p, N, tpr, fpr):
        p_any = min(1.0, N * p) if kind == "union" else 1.0 - (1.0 - p) ** N
        if kind == "any_accepted":
            p_any = 1.0 - (1.0 - p * tpr) ** N
        bad = fpr if kind == "no_1mp" else (1.0 - p) * fpr
        accept = p * tpr + bad
        precision = (p * tpr / accept if accept > 0 else 0.0)
        if kind == "tpr":
            precision = tpr
        good = N * p if kind == "no_tpr" else N * p * tpr
        return p_any, precision, good, N * accept
    return generate_verify


def _gv_random(rng):
    return [(float(np.round(10 ** rng.uniform(-3, -0.5), 4)), int(rng.integers(1, 500)),
             float(np.round(rng.uniform(0.3, 1.0), 2)), float(np.round(rng.uniform(0.001, 0.3), 3)))
            for _ in range(6)]


generate_verify_ex = Exercise(
    id="generate_verify", function="generate_verify", reference=model.generate_verify,
    title="generate N, keep what the verifier accepts",
    checks=[
        Check("the shown example: p = 0.01, N = 100, TPR = 0.9, FPR = 0.05", lambda rng: [(0.01, 100, 0.9, 0.05)],
              hint="P(≥ 1 good) = 1 − (1 − p)^N; accepted per sample: p·TPR + (1 − p)·FPR; precision is the "
                   "good share of the accepted ones."),
        Check("a perfect verifier (FPR = 0), a useless one (TPR = FPR = 1), one sample, no samples",
              lambda rng: [(0.02, 50, 0.8, 0.0), (0.3, 10, 1.0, 1.0), (0.25, 1, 0.6, 0.2), (0.1, 0, 0.9, 0.1)],
              hidden=True),
        Check("no good samples at all (p = 0), and nothing ever accepted (precision 0.0)",
              lambda rng: [(0.0, 20, 0.9, 0.1), (0.0, 20, 0.9, 0.0), (0.5, 4, 0.0, 0.0)], hidden=True),
        Check("random p, N, TPR, FPR", _gv_random, hidden=True),
    ],
    mistakes=[
        Mistake("P(≥ 1 good) by the union bound N·p", _gv_wrong("union"),
                hint="N·p counts overlaps twice (it exceeds 1 for large N). The chance that none of N independent "
                     "samples is good is (1 − p)^N; subtract it from 1."),
        Mistake("chance of a good ACCEPTED sample instead of a good sample", _gv_wrong("any_accepted"),
                hint="The first number is about generation only: at least one good sample among N, 1 − (1 − p)^N, "
                     "before any verifier."),
        Mistake("false positives not weighted by 1 − p", _gv_wrong("no_1mp"),
                hint="Only the bad samples, a share 1 − p, can be false positives: accepted per sample = "
                     "p·TPR + (1 − p)·FPR."),
        Mistake("precision taken to be the TPR", _gv_wrong("tpr"),
                hint="Precision is about accepted items: of everything the verifier accepts, which share is good? "
                     "p·TPR / (p·TPR + (1 − p)·FPR). The TPR is about good items (recall)."),
        Mistake("good samples accepted counted without the TPR", _gv_wrong("no_tpr"),
                hint="The verifier misses some good samples: of the N·p good ones it accepts a share TPR, "
                     "so E[good accepted] = N·p·TPR."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. first_visit


def _fv_wrong(kind):
    def first_visit(P, g, c):
        if kind == "limit":
            return math.ceil((g / (c * P)) ** 2)
        fav_prior = 1.0 if kind == "prior_one" else 1.0 - P

        def wins(N):
            left, right = c * P * math.sqrt(N), g + c * fav_prior * math.sqrt(N) / (1 + N)
            return left >= right if kind == "ties" else left > right

        lo, hi = 1, 1
        while not wins(hi):
            hi *= 2
        while lo < hi:
            mid = (lo + hi) // 2
            if wins(mid):
                hi = mid
            else:
                lo = mid + 1
        return lo + 1 if kind == "plus_one" else lo
    return first_visit


def _fv_random(rng):
    return [(float(10 ** np.round(rng.uniform(-4, -0.7), 2)), float(np.round(rng.uniform(0.0, 1.0), 2)),
             float(np.round(rng.uniform(0.5, 3.0), 2))) for _ in range(6)]


def _fv_large_prior(rng):
    return [(0.186209, 0.14, 2.42)] + [
        (float(np.round(rng.uniform(0.1, 0.6), 3)), float(np.round(rng.uniform(0.0, 1.0), 2)),
         float(np.round(rng.uniform(1.0, 3.0), 2))) for _ in range(5)]


first_visit_ex = Exercise(
    id="first_visit", function="first_visit", reference=model.first_visit,
    title="when PUCT first tries the neglected move",
    checks=[
        Check("the shown examples: P = 10⁻² with g = 0.1 and 0.55, c = 1.25",
              lambda rng: [(0.01, 0.55, 1.25), (0.01, 0.1, 1.25)],
              hint="After N simulations (all on the favoured move, so n = N for it): the neglected move's score is "
                   "c·P·√N, the favoured one's g + c·(1 − P)·√N/(1 + N). Return the smallest N ≥ 1 where the "
                   "neglected score is strictly larger."),
        Check("priors of 1 in 10,000 (answers in the millions: bisect, do not step)",
              lambda rng: [(1e-4, 0.1, 1.25), (1e-4, 0.55, 1.25)], hidden=True),
        Check("exact ties (a tie goes to the favoured move), no value gap, the first simulation",
              lambda rng: [(0.75, 1.25, 2.0), (0.5, 0.25, 1.0), (0.5, 0.0, 1.25), (0.25, 0.0, 1.0)], hidden=True,
              hint="A tie goes to the favoured move: the neglected move needs a strictly larger score."),
        Check("random priors, value gaps and c", _fv_random, hidden=True),
        Check("large priors: the neglected move is tried within a few simulations", _fv_large_prior, hidden=True),
    ],
    mistakes=[
        Mistake("a tie goes to the neglected move", _fv_wrong("ties"),
                hint="The favoured move is first in order and keeps the visit on a tie: the neglected move is "
                     "selected only when its score is strictly larger (>)."),
        Mistake("the large-N limit (g / cP)²", _fv_wrong("limit"),
                hint="(g / cP)² (64 and 1,936 for the shown examples) is only the large-N limit: it drops the "
                     "favoured move's own bonus c·(1 − P)·√N/(1 + N), which still matters at these N."),
        Mistake("the favoured move's prior taken as 1", _fv_wrong("prior_one"),
                hint="The priors sum to 1: the favoured move has prior 1 − P."),
        Mistake("counts the neglected move's own visit", _fv_wrong("plus_one"),
                hint="Return the number of simulations spent BEFORE the neglected move is selected: the N at which "
                     "its score first wins."),
    ],
    rtol=0, atol=0,  # simulation counts: exact
    timeout=3.0,
)

# ------------------------------------------------------------------ 4. posterior_mean


def _pm_random(rng):
    cases = []
    for _ in range(6):
        n = int(rng.integers(0, 40))
        cases.append((float(np.round(rng.uniform(0.5, 30), 1)), float(np.round(rng.uniform(0.5, 30), 1)),
                      int(rng.integers(0, n + 1)), n))
    return cases


posterior_mean_ex = Exercise(
    id="posterior_mean", function="posterior_mean", reference=model.posterior_mean,
    title="a prior as pseudo-counts",
    checks=[
        Check("the shown example: Beta(2, 8), 7 successes in 10 trials", lambda rng: [(2, 8, 7, 10)],
              hint="Add counts: a + successes, b + failures; the mean of Beta(a', b') is a' / (a' + b')."),
        Check("no data (the prior mean), every trial a success, half pseudo-counts",
              lambda rng: [(3, 5, 0, 0), (1, 1, 4, 4), (0.5, 0.5, 1, 3), (30, 1, 0, 6)], hidden=True),
        Check("random priors and data", _pm_random, hidden=True),
    ],
    mistakes=[
        Mistake("the data alone (no prior)", lambda a, b, s, n: s / n if n else 0.0,
                hint="The prior counts too: a and b are pseudo-observations, (a + s) / (a + b + n)."),
        Mistake("failures added to a", lambda a, b, s, n: (a + n - s) / (a + b + n),
                hint="Successes go to a, failures (n − s) to b: the mean is (a + s) / (a + b + n)."),
        Mistake("failures missing from the denominator", lambda a, b, s, n: (a + s) / (a + b + s),
                hint="Every trial adds one count, success or failure: the denominator is a + b + n."),
        Mistake("the posterior mode", lambda a, b, s, n: (a + s - 1) / (a + b + n - 2),
                hint="That is the mode of the Beta; the mean is (a + s) / (a + b + n)."),
    ],
    rtol=1e-12, atol=1e-14,
)

# ------------------------------------------------------------------ 5. thompson_regret


def _ts_wrong(kind):
    def thompson_regret(p, a, b, steps, seed):
        rng = np.random.default_rng(seed)
        p = [float(x) for x in p]
        a, b = [float(x) for x in a], [float(x) for x in b]
        best, total = max(p), 0.0
        for _ in range(steps):
            if kind == "greedy":
                theta = [a[k] / (a[k] + b[k]) for k in range(len(p))]
            else:
                theta = [rng.beta(a[k], b[k]) for k in range(len(p))]
            arm = theta.index(max(theta))
            r = rng.random() < p[arm]
            if kind == "both":
                for k in range(len(p)):
                    a[k] += r
                    b[k] += 1 - r
            elif kind == "swapped":
                a[arm] += 1 - r
                b[arm] += r
            else:
                a[arm] += r
                b[arm] += 1 - r
            total += (best - r) if kind == "realized" else (best - p[arm])
        return float(total)
    return thompson_regret


def _ts_example(rng):
    return [((0.4, 0.6), (4, 6), (6, 4), 500, s) for s in (0, 1)] + [((0.4, 0.6), (1, 1), (1, 1), 500, 0)]


def _ts_random(rng):
    cases = []
    for _ in range(4):
        k = int(rng.integers(2, 4))
        p = tuple(float(x) for x in np.round(rng.uniform(0.1, 0.9, k), 2))
        a = tuple(float(x) for x in np.round(rng.uniform(0.5, 5, k), 1))
        b = tuple(float(x) for x in np.round(rng.uniform(0.5, 5, k), 1))
        cases.append((p, a, b, int(rng.integers(20, 150)), int(rng.integers(0, 1000))))
    return cases


thompson_ex = Exercise(
    id="thompson_regret", function="thompson_regret", reference=model.thompson_regret,
    title="Thompson sampling and its regret",
    checks=[
        Check("the shown examples: p = (0.4, 0.6), informative prior seeds 0 and 1, flat prior seed 0, 500 steps",
              _ts_example,
              hint="Each step: theta = rng.beta(a, b) (one draw per arm, in order), arm = the first argmax, "
                   "reward = rng.random() < p[arm]; update only that arm; add max(p) − p[arm]."),
        Check("zero and one step, a misleading prior that never explores",
              lambda rng: [((0.4, 0.6), (4, 6), (6, 4), 0, 3), ((0.3, 0.7), (2, 1), (1, 2), 1, 5),
                           ((0.4, 0.6), (30, 1), (1, 30), 200, 7)], hidden=True),
        Check("random bandits with 2 or 3 arms, priors, lengths and seeds", _ts_random, hidden=True),
    ],
    mistakes=[
        Mistake("both arms updated", _ts_wrong("both"),
                hint="Update only the pulled arm: the reward says nothing about the arm you did not pull."),
        Mistake("greedy on the posterior mean (no sampling)", _ts_wrong("greedy"),
                hint="Thompson sampling draws theta from each posterior, rng.beta(a, b), and pulls the largest "
                     "draw; acting on the means a/(a + b) never explores."),
        Mistake("success counted as a failure", _ts_wrong("swapped"),
                hint="A reward of 1 adds to a (successes), a reward of 0 to b (failures)."),
        Mistake("realized regret instead of pseudo-regret", _ts_wrong("realized"),
                hint="Pseudo-regret adds max(p) − p[arm], the expected loss of the pull, not max(p) − reward."),
    ],
    rtol=1e-9, atol=1e-9,
    timeout=3.0,
)

# ------------------------------------------------------------------ 6. unvisited_bonus


def _ub_random(rng):
    return [(float(np.round(rng.uniform(0, 0.5), 3)), int(rng.integers(0, 10000)), float(np.round(rng.uniform(0.5, 3), 2)),
             float(np.round(rng.uniform(0.05, 0.5), 2)), float(np.round(rng.uniform(0.01, 1.0), 2)),
             int(rng.integers(2, 400))) for _ in range(6)]


unvisited_bonus_ex = Exercise(
    id="unvisited_bonus", function="unvisited_bonus", reference=model.unvisited_bonus,
    title="a zero prior, and root noise",
    checks=[
        Check("the shown examples: P = 0 over 362 moves, ε = 0.25, α = 0.03, N = 100 and 10,000",
              lambda rng: [(0.0, 100, 1.25, 0.25, 0.03, 362), (0.0, 10000, 1.25, 0.25, 0.03, 362)],
              hint="Without noise U = c·P·√N (n = 0); with noise the expected prior is (1 − ε)·P + ε/n_moves, "
                   "so E[U] = c·((1 − ε)·P + ε/n_moves)·√N."),
        Check("no simulations yet (N = 0), no noise (ε = 0), only noise (ε = 1), another α",
              lambda rng: [(0.0, 0, 1.25, 0.25, 0.03, 362), (0.2, 400, 2.0, 0.0, 0.03, 10),
                           (0.2, 400, 2.0, 1.0, 0.3, 10), (0.01, 900, 1.5, 0.25, 0.5, 82)], hidden=True),
        Check("random priors, visit counts and noise settings", _ub_random, hidden=True),
    ],
    mistakes=[
        Mistake("α taken as the expected noise", lambda P, N, c, eps, alpha, n: (
            c * P * math.sqrt(N), c * ((1 - eps) * P + eps * alpha) * math.sqrt(N)),
                hint="E[Dir(α, …, α)] = 1/n for every component, whatever α is: α sets how spiky the noise is, "
                     "not its mean."),
        Mistake("the weights ε and 1 − ε swapped", lambda P, N, c, eps, alpha, n: (
            c * P * math.sqrt(N), c * (eps * P + (1 - eps) / n) * math.sqrt(N)),
                hint="AlphaZero keeps most of the network's prior: P' = (1 − ε)·P + ε·η, with ε = 0.25."),
        Mistake("N instead of √N", lambda P, N, c, eps, alpha, n: (
            c * P * N, c * ((1 - eps) * P + eps / n) * N),
                hint="PUCT's bonus grows with the square root of the parent's visits: c·P·√N/(1 + n)."),
    ],
    rtol=1e-12, atol=1e-15,
)

grader = Grader("move-37", [softmax_ex, generate_verify_ex, first_visit_ex, posterior_mean_ex, thompson_ex,
                            unvisited_bonus_ex])
