"""Graded exercises of chapter `verified-math`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/verified_math.py (the code that draws the figures and checks
the proofs). Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import verified_math as model

# ------------------------------------------------------------------ 1. unbiased pass@k


def _pass_random(rng):
    cases = []
    for _ in range(8):
        n = int(rng.integers(2, 200))
        c = int(rng.integers(0, n + 1))
        k = int(rng.integers(1, n + 1))
        cases.append((n, c, k))
    return cases


pass_ex = Exercise(
    id="unbiased_pass_at_k", function="pass_at_k", reference=model.pass_at_k, title="the unbiased pass@k estimator",
    checks=[
        Check("the shown example: n = 20 samples, c = 3 passed, k = 5", lambda rng: [(20, 3, 5)],
              hint="pass@k is the chance that k samples drawn WITHOUT replacement from your n include a passing one: "
                   "1 − C(n − c, k)/C(n, k) (math.comb)."),
        Check("other sample counts", lambda rng: [(100, 7, 10), (50, 25, 2), (10, 1, 3)], hidden=True),
        Check("random n, c and k", _pass_random, hidden=True),
        Check("boundaries: nothing passed, everything passed, k = 1, k = n, fewer than k failures",
              lambda rng: [(20, 0, 5), (20, 20, 5), (20, 3, 1), (20, 3, 20), (20, 17, 4), (20, 16, 4), (1, 1, 1),
                           (1, 0, 1)], hidden=True,
              hint="If fewer than k samples failed (n − c < k), every draw of k contains a pass: 1. With k = 1 the "
                   "estimate is c/n."),
    ],
    mistakes=[
        Mistake("plug-in estimate 1 − (1 − c/n)^k", lambda n, c, k: 1 - (1 - c / n) ** k,
                hint="1 − (1 − c/n)^k plugs the estimate c/n into the formula for k independent tries: it is biased "
                     "(0.5563 instead of 0.6009 for n = 20, c = 3, k = 5). Draw the k from your n samples without "
                     "replacement: 1 − C(n − c, k)/C(n, k)."),
        Mistake("the chance that all k fail", lambda n, c, k: math.comb(n - c, k) / math.comb(n, k),
                hint="C(n − c, k)/C(n, k) is the chance that all k samples FAIL; pass@k is one minus that."),
        Mistake("k times pass@1", lambda n, c, k: min(1.0, k * c / n),
                hint="Tries overlap: the chance of at least one pass is not k times the chance of one. Count the "
                     "k-subsets with no pass: 1 − C(n − c, k)/C(n, k)."),
    ],
    rtol=1e-12, atol=1e-14,
)

# ------------------------------------------------------------------ 2. a proof the checker accepts

imp = model.imp


def _proof_verdict(steps):
    """(kind, formula proved or None, message) for a proof of anything."""
    try:
        ok, kind, msg = model.check_proof(steps, "⊥")
        if kind == "goal":
            return "ok", model.conclusions(steps)[-1], msg
        return kind, None, msg
    except Exception as exc:  # a malformed proof must not crash the grader
        return "malformed", None, f"the checker could not read the proof ({type(exc).__name__})"


def _proof_compare(expected, got):
    """A proof is right when the checker accepts it and it proves what the reference proves (any valid proof
    passes). A mistake's output (an invalid proof) matches a learner's answer with the same first error."""
    ke, fe, _ = _proof_verdict(expected)
    kg, fg, msg = _proof_verdict(got)
    if ke != "ok":
        return None if kg == ke else f"a different problem ({kg})"
    if kg != "ok":
        return f"the checker rejects it: {msg}"
    if fg != fe:
        return f"every line checks, but it proves {model.show(fg)}, not {model.show(fe)}"
    return None


def _steps(a, mp_swapped=False, s_middle=None, drop_last=False, axiom=False):
    aa = imp(a, a)
    if axiom:
        return [("AX", aa)]
    first = (2, 1) if not mp_swapped else (1, 2)
    second = (4, 3) if not mp_swapped else (3, 4)
    proof = [("S", a, aa if s_middle is None else s_middle, a), ("K", a, aa), ("MP", *first), ("K", a, a),
             ("MP", *second)]
    return proof[:4] if drop_last else proof


proof_ex = Exercise(
    id="prove_identity", function="prove_identity", reference=model.prove_identity,
    title="a five-line proof of a → a", compare=_proof_compare,
    checks=[
        Check("the shown goal: p → p", lambda rng: [("p",)],
              hint="Line 1: S with A = a, B = (a → a), C = a. Line 2: K with A = a, B = (a → a). Line 3: MP 2, 1. "
                   "Line 4: K with A = a, B = a. Line 5: MP 4, 3. Try vm.check_proof(your_steps, imp(a, a))."),
        Check("a → a for compound formulas a", lambda rng: [(imp("p", "q"),), (imp(imp("p", "q"), "r"),), ("q",)],
              hidden=True,
              hint="Build every line from the argument a (with imp), not from the letter 'p': the same five lines "
                   "prove a → a for any formula a."),
    ],
    mistakes=[
        Mistake("modus ponens premises swapped", lambda a: _steps(a, mp_swapped=True),
                hint="('MP', i, j) needs line i to prove X and line j to prove X → Y. You cited the implication "
                     "first: write ('MP', 2, 1), not ('MP', 1, 2)."),
        Mistake("S instantiated with B = a", lambda a: _steps(a, s_middle=a),
                hint="For line 3 to follow from lines 1 and 2 by modus ponens, line 1 must begin with exactly line 2, "
                     "a → ((a → a) → a): take S with A = a, B = (a → a), C = a."),
        Mistake("the last modus ponens left out", lambda a: _steps(a, drop_last=True),
                hint="Every line checks, but the proof must END with a → a: finish with ('MP', 4, 3)."),
        Mistake("a → a written as an axiom", lambda a: _steps(a, axiom=True),
                hint="The only rules are the axiom schemes K and S and modus ponens: a → a is not an axiom, it has "
                     "to be derived (that is the point of the exercise)."),
    ],
)

# ------------------------------------------------------------------ 3. MIU: everything within d steps


def _miu(start, depth, rule1_any=False, r3_first=False, r2_whole=False, with_start=True, layer_only=False,
         r4_first=False):
    def succ(s):
        out = []
        if (("I" in s) if rule1_any else s.endswith("I")):
            out.append(s + "U")
        if s.startswith("M"):
            out.append(s + s if r2_whole else s + s[1:])
        idx = [i for i in range(len(s) - 2) if s[i:i + 3] == "III"]
        for i in idx[:1] if r3_first else idx:
            out.append(s[:i] + "U" + s[i + 3:])
        idx = [i for i in range(len(s) - 1) if s[i:i + 2] == "UU"]
        for i in idx[:1] if r4_first else idx:
            out.append(s[:i] + s[i + 2:])
        return out

    seen, layer = {start}, {start}
    for _ in range(depth):
        layer = {t for s in layer for t in succ(s)} - seen
        seen |= layer
    out = layer if layer_only else (seen if with_start else seen - {start})
    return sorted(out)


def _miu_random(rng):
    cases = []
    for _ in range(5):
        body = "".join(rng.choice(["I", "U"], size=int(rng.integers(1, 5))))
        cases.append(("M" + body, int(rng.integers(1, 4))))
    return cases


miu_ex = Exercise(
    id="miu_reachable", function="miu_reachable", reference=model.miu_reachable,
    title="every MIU string within d steps",
    checks=[
        Check("the shown example: from MI within 3 steps", lambda rng: [("MI", 3)],
              hint="Keep a set of strings seen (start included) and a layer; d times, apply all four rules to every "
                   "string of the layer (rule III and IV at EVERY position) and keep the new ones. Return sorted."),
        Check("other starts and depths", lambda rng: [("MIII", 2), ("MUIIIU", 2), ("MIIUU", 3), ("MIU", 2)],
              hidden=True,
              hint="Check each rule on its own: I only when the string ends in I; II doubles what follows the M; III "
                   "and IV at EVERY position where III or UU occurs (str.find finds only the first)."),
        Check("random starts and depths", _miu_random, hidden=True),
        Check("boundaries: zero steps, a string without M, two III's", lambda rng: [("MI", 0), ("UIIIU", 2),
                                                                                      ("MIIIIII", 1), ("MUU", 1)],
              hidden=True, hint="Zero steps reach only the start itself: return [start]."),
    ],
    mistakes=[
        Mistake("rule III at the first III only", lambda s, d: _miu(s, d, r3_first=True),
                hint="III → U may be applied at ANY position where III occurs: MIIII gives both MUI and MIU."),
        Mistake("rules III and IV at the first occurrence only", lambda s, d: _miu(s, d, r3_first=True, r4_first=True),
                hint="str.find gives only the FIRST III or UU: rules III and IV apply at every position (loop over i "
                     "and test s[i:i + 3] == 'III', s[i:i + 2] == 'UU')."),
        Mistake("rule IV at the first UU only", lambda s, d: _miu(s, d, r4_first=True),
                hint="UU → '' may be applied at ANY position where UU occurs: MUUIUU gives both MIUU and MUUI."),
        Mistake("rule I when the string contains I", lambda s, d: _miu(s, d, rule1_any=True),
                hint="Rule I is xI → xIU: it applies only when the string ENDS with I (MIU does not give MIUU)."),
        Mistake("rule II doubles the M too", lambda s, d: _miu(s, d, r2_whole=True),
                hint="Rule II is Mx → Mxx: double what follows the M (MIU → MIUIU), not the whole string."),
        Mistake("start left out", lambda s, d: _miu(s, d, with_start=False),
                hint="\"Within d steps\" includes zero steps: the start string belongs to the answer."),
        Mistake("only the strings exactly d steps away", lambda s, d: _miu(s, d, layer_only=True),
                hint="Return every string reachable in AT MOST d steps (all layers), not just the last layer."),
    ],
)

# ------------------------------------------------------------------ 4. exact policy gradient with a verifier


def _pg(rewards, eta, steps, kind="exact", extra=0, logits=False):
    r = np.asarray(rewards, dtype=float)
    theta = np.zeros(len(r))
    for _ in range(steps + extra):
        pi = model.softmax(theta)
        if kind == "exact":
            theta = theta + eta * pi * (r - pi @ r)
        elif kind == "no-baseline":
            theta = theta + eta * pi * r
        elif kind == "r-minus-pi":
            theta = theta + eta * (r - pi)
    return theta if logits else model.softmax(theta)


def _pg_random(rng):
    cases = []
    for _ in range(5):
        K = int(rng.integers(3, 7))
        cases.append((np.round(rng.uniform(0, 1, K), 3).tolist(), float(np.round(rng.uniform(0.3, 3.0), 2)),
                      int(rng.integers(1, 80))))
    return cases


pg_ex = Exercise(
    id="policy_gradient", function="policy_gradient", reference=model.policy_gradient,
    title="exact policy gradient with a verifier",
    checks=[
        Check("the shown example: 4 tactics, only tactic 2 accepted, η = 1, 50 steps",
              lambda rng: [([0.0, 0.0, 1.0, 0.0], 1.0, 50)],
              hint="π = softmax(θ); J = Σ π_i r_i; θ ← θ + η·π ⊙ (r − J), starting from θ = 0; return softmax(θ) "
                   "after the last update."),
        Check("verifiers that accept several tactics, partly", lambda rng: [([0.2, 0.9, 0.5], 2.0, 30),
                                                                             ([1.0, 0.0, 1.0, 0.0, 0.3], 0.5, 40)],
              hidden=True),
        Check("random reward vectors, learning rates and step counts", _pg_random, hidden=True),
        Check("boundaries: no steps, all tactics equally good, one step",
              lambda rng: [([0.0, 0.0, 1.0, 0.0], 1.0, 0), ([0.7, 0.7, 0.7], 2.5, 20), ([0.0, 1.0], 1.5, 1)],
              hidden=True, hint="With no steps the policy is uniform; when every tactic earns the same reward the "
                                "gradient is zero and the policy stays uniform."),
    ],
    mistakes=[
        Mistake("no baseline: θ += η π ⊙ r", lambda r, eta, steps: _pg(r, eta, steps, "no-baseline"),
                hint="∂(Σ π_i r_i)/∂θ_j = π_j (r_j − J), with J = Σ π_i r_i: subtract the expected reward J."),
        Mistake("θ += η (r − π)", lambda r, eta, steps: _pg(r, eta, steps, "r-minus-pi"),
                hint="r − π is the gradient of a cross-entropy toward r, not of the expected reward. Use "
                     "π ⊙ (r − J), J = Σ π_i r_i."),
        Mistake("returned the logits θ", lambda r, eta, steps: _pg(r, eta, steps, logits=True),
                hint="Return the policy π = softmax(θ), not the logits θ."),
        Mistake("one update too many", lambda r, eta, steps: _pg(r, eta, steps, extra=1),
                hint="`steps` updates, starting from θ = 0: for steps = 0 the answer is the uniform policy."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 5. description length with a lemma

SHOWN_CORPUS = [["a", "b", "c", "d", "a", "b", "c", "e"], ["a", "b", "c", "f"], ["g", "a", "b", "c", "a", "b", "c"]]


def _dl(corpus, lemma, lemma_cost=True, overlapping=False, placeholder=True):
    m = len(lemma)
    total = 0
    for p in corpus:
        if overlapping:
            occ = sum(1 for i in range(len(p) - m + 1) if list(p[i:i + m]) == list(lemma))
            total += len(p) - occ * (m - 1)
        else:
            total += len(model.rewrite(p, lemma, "L")) - (0 if placeholder else
                                                         model.rewrite(p, lemma, "L").count("L"))
    return total + (m if lemma_cost else 0)


def _dl_random(rng):
    cases = []
    for _ in range(5):
        corpus = [rng.choice(list("abc"), size=int(rng.integers(0, 12))).tolist() for _ in range(int(rng.integers(1, 4)))]
        lemma = rng.choice(list("abc"), size=int(rng.integers(2, 4))).tolist()
        cases.append((corpus, lemma))
    return cases


dl_ex = Exercise(
    id="description_length", function="description_length", reference=model.description_length,
    title="the description length of a corpus with a lemma",
    checks=[
        Check("the shown corpus with the lemma a b c, and with a b",
              lambda rng: [(SHOWN_CORPUS, ["a", "b", "c"]), (SHOWN_CORPUS, ["a", "b"])],
              hint="Replace each occurrence of the lemma by ONE token, scanning left to right without overlap; add "
                   "up the lengths of the rewritten proofs, plus the lemma's own length (stating it costs tokens)."),
        Check("overlapping occurrences, a lemma that never occurs, an empty proof",
              lambda rng: [([["a", "a", "a"], ["a", "a", "a", "a"]], ["a", "a"]), ([["a", "b"], []], ["b", "a"]),
                           ([["a", "b", "a", "b", "a"]], ["a", "b", "a"])], hidden=True,
              hint="Occurrences may not overlap: in a a a the lemma a a occurs once (a a | a), so it becomes L a."),
        Check("random corpora and lemmas", _dl_random, hidden=True),
    ],
    mistakes=[
        Mistake("the lemma's own length forgotten", lambda c, l: _dl(c, l, lemma_cost=False),
                hint="Stating the lemma costs its length: without that, every lemma would look free (9 instead of 12 "
                     "for a b c)."),
        Mistake("overlapping occurrences counted", lambda c, l: _dl(c, l, overlapping=True),
                hint="Two occurrences cannot share tokens: scan left to right and jump past each one you replace."),
        Mistake("occurrences deleted, not replaced", lambda c, l: _dl(c, l, placeholder=False),
                hint="A use of the lemma still costs one token (its name): an occurrence of length m becomes 1 token, "
                     "saving m − 1."),
    ],
    rtol=0, atol=0,
)

# ------------------------------------------------------------------ 6. one round of Re-Pair


def _repair(tokens, symbol, overlapping=False, last_tie=False, min_two=True, first_only=False):
    t = list(tokens)
    if overlapping:
        counts = Counter(zip(t, t[1:]))
    else:
        counts, end = Counter(), {}
        for i in range(len(t) - 1):
            pair = (t[i], t[i + 1])
            if end.get(pair, -1) <= i:
                counts[pair] += 1
                end[pair] = i + 2
    if not counts or (min_two and max(counts.values()) < 2):
        return t
    order = list(dict.fromkeys(zip(t, t[1:])))
    # min/max return the first of equals: the first pair in order, or (reversed) the last
    best = max(order[::-1], key=lambda p: counts[p]) if last_tie else min(order, key=lambda p: -counts[p])
    if first_only:
        i = next(i for i in range(len(t) - 1) if (t[i], t[i + 1]) == best)
        return t[:i] + [symbol] + t[i + 2:]
    return model.rewrite(t, list(best), symbol)


def _repair_random(rng):
    return [(rng.choice(list("abc"), size=int(rng.integers(2, 14))).tolist(), "X") for _ in range(6)]


repair_ex = Exercise(
    id="repair_round", function="repair_round", reference=model.repair_round, title="one round of Re-Pair",
    checks=[
        Check("the shown example: a b c a b d a b", lambda rng: [("a b c a b d a b".split(), "X")],
              hint="Count every adjacent pair (without overlap), take the most frequent (a tie goes to the pair that "
                   "appears first), replace its occurrences left to right by the new symbol."),
        Check("ties, overlaps and nothing repeated",
              lambda rng: [("x y z x y z".split(), "N"), ("a a a a b c b c b c".split(), "Z"),
                           ("a b c d".split(), "X"), ("a a a".split(), "X"), (["a"], "X"), ([], "X"),
                           ("a c c c b a b b b a".split(), "X")], hidden=True,
              hint="Re-Pair stops when no pair occurs twice: then return the tokens unchanged."),
        Check("random token lists", _repair_random, hidden=True),
    ],
    mistakes=[
        Mistake("overlapping occurrences counted", lambda t, s: _repair(t, s, overlapping=True),
                hint="In a a a a the pair a a occurs twice, not three times: occurrences may not share a token "
                     "(only non-overlapping ones can be replaced)."),
        Mistake("a tie goes to the last pair", lambda t, s: _repair(t, s, last_tie=True),
                hint="When two pairs are equally frequent, take the one that appears first in the sequence."),
        Mistake("replaced although no pair repeats", lambda t, s: _repair(t, s, min_two=False),
                hint="A pair that occurs once saves nothing (the rule costs two symbols): Re-Pair stops, return the "
                     "tokens unchanged."),
        Mistake("only the first occurrence replaced", lambda t, s: _repair(t, s, first_only=True),
                hint="Replace EVERY non-overlapping occurrence of the chosen pair, left to right."),
    ],
)

# ------------------------------------------------------------------ 7. a bounded exhaustive spec check

BUGGY = model.Impl("max(lo, min(x, hi - 1))")
IMPLS = [model.Impl(e) for e in ("max(lo, min(x, hi - 1))", "max(lo, min(x, hi))", "min(x, hi)",
                                 "lo if x < lo else x", "max(lo, min(x, hi)) if lo < hi else x",
                                 "min(hi, max(x + 1, lo))", "max(lo + 1, min(x, hi))")]


def _bc(impl, x_min, x_max, b_min, b_max, precondition=True, inclusive=True, last=False, weak=False):
    end = 1 if inclusive else 0
    cases = []
    for x in range(x_min, x_max + end):
        for lo in range(b_min, b_max + end):
            for hi in range(lo if precondition else b_min, b_max + end):
                cases.append((x, lo, hi))
    first, fails = None, 0
    for x, lo, hi in cases:
        r = impl(x, lo, hi)
        ok = (lo <= r <= hi) if weak else r == min(max(x, lo), hi)
        if not ok:
            fails += 1
            first = (x, lo, hi) if first is None or last else first
    return first, fails, len(cases)


def _bc_random(rng):
    cases = []
    for _ in range(6):
        x_min = int(rng.integers(-5, 1))
        b_min = int(rng.integers(-4, 1))
        cases.append((IMPLS[int(rng.integers(len(IMPLS)))], x_min, x_min + int(rng.integers(0, 7)), b_min,
                      b_min + int(rng.integers(0, 5))))
    return cases


spec_ex = Exercise(
    id="bounded_check", function="bounded_check", reference=model.bounded_check,
    title="a bounded exhaustive check of clamp",
    checks=[
        Check("the shown example: max(lo, min(x, hi − 1)) on x in [−3, 3], −2 <= lo <= hi <= 2",
              lambda rng: [(BUGGY, -3, 3, -2, 2)],
              hint="Three nested loops x, lo, hi (hi from lo: the precondition lo <= hi), ranges INCLUDING both ends; "
                   "a case fails when impl(x, lo, hi) != min(max(x, lo), hi). Return (first failing (x, lo, hi) or "
                   "None, number failing, number of cases)."),
        Check("other implementations, among them correct ones",
              lambda rng: [(IMPLS[1], -3, 3, -2, 2), (IMPLS[4], -3, 3, -2, 2), (IMPLS[2], -1, 2, -1, 1),
                           (IMPLS[5], -2, 2, -2, 2), (IMPLS[6], -2, 2, -2, 2)], hidden=True,
              hint="A correct implementation has no counterexample: return (None, 0, number of cases)."),
        Check("random implementations and domains", _bc_random, hidden=True),
        Check("boundaries: one x, one bound value", lambda rng: [(BUGGY, 0, 0, 0, 0), (IMPLS[3], 2, 2, -1, 1)],
              hidden=True),
    ],
    mistakes=[
        Mistake("precondition lo <= hi ignored", lambda *a: _bc(*a, precondition=False),
                hint="clamp is only specified for lo <= hi (its precondition): let hi start at lo. Checking inputs "
                     "outside the precondition reports failures that are not bugs (175 cases instead of 105)."),
        Mistake("upper ends excluded", lambda *a: _bc(*a, inclusive=False),
                hint="x runs from x_min to x_max INCLUSIVE: range(x_min, x_max + 1), and the same for lo and hi."),
        Mistake("weak postcondition lo <= result <= hi", lambda *a: _bc(*a, weak=True),
                hint="\"The result lies in [lo, hi]\" is too weak a spec: max(lo, min(x, hi − 1)) satisfies it "
                     "everywhere. The spec of clamp pins the value: min(max(x, lo), hi)."),
        Mistake("the last counterexample reported", lambda *a: _bc(*a, last=True),
                hint="Keep the FIRST failing (x, lo, hi): set it only while it is still None (here you overwrite it "
                     "at every failure and end with the last)."),
    ],
    rtol=0, atol=0,
)

# ------------------------------------------------------------------ 8. the Gap Map Fermi estimate


def _gap_random(rng):
    return [(int(rng.integers(50, 1000)), float(np.round(rng.uniform(1e6, 1e8), -4)),
             float(np.round(rng.uniform(0.2, 2.5), 3))) for _ in range(6)]


gap_ex = Exercise(
    id="gap_map_cost", function="gap_map_cost", reference=model.gap_map_cost,
    title="the Gap Map: a lognormal Fermi estimate",
    checks=[
        Check("the shown example: 300 projects, median 10 million dollars, σ = 1",
              lambda rng: [(300, 1e7, 1.0)],
              hint="The mean of a lognormal with median m and log-space σ is m·exp(σ²/2); the expected total of n "
                   "projects is n times that. Return (mean each, total)."),
        Check("σ away from 1", lambda rng: [(300, 1e7, 0.5), (200, 3e7, 2.0), (1000, 5e6, 1.5)], hidden=True),
        Check("random counts, medians and σ", _gap_random, hidden=True),
        Check("boundaries: no spread, one project", lambda rng: [(300, 1e7, 0.0), (1, 2e7, 1.2)], hidden=True,
              hint="With σ = 0 every project costs the median."),
    ],
    mistakes=[
        Mistake("median used as the mean", lambda n, m, s: (m, n * m),
                hint="A lognormal is skewed: its mean m·exp(σ²/2) is above its median m (1.65× at σ = 1)."),
        Mistake("exp(σ²) instead of exp(σ²/2)", lambda n, m, s: (m * math.exp(s**2), n * m * math.exp(s**2)),
                hint="E[exp(σZ)] = exp(σ²/2) for a standard normal Z: halve σ²."),
        Mistake("exp(σ/2) instead of exp(σ²/2)", lambda n, m, s: (m * math.exp(s / 2), n * m * math.exp(s / 2)),
                hint="The factor is exp(σ²/2), σ SQUARED (at σ = 1 the two agree, which hides the slip)."),
    ],
    rtol=1e-12, atol=1e-6,
)

grader = Grader("verified-math", [pass_ex, proof_ex, miu_ex, pg_ex, dl_ex, repair_ex, spec_ex, gap_ex])
