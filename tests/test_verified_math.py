"""verified-math: the reference values of issue 22 (computed, not copied), model identities, the proof checker in
both directions, live widgets at every control extreme and the static twins (the grader in both directions:
tests/test_all_exercises.py)."""
from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import verified_math as vm
from widgets.verified_math import imp
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import latency  # noqa: E402

CORPUS = [list("abcdabce"), list("abcf"), list("gabcabc")]


# ---------------------------------------------------------------- pass@k
def test_pass_at_k_reference_values():
    assert round(vm.pass_at_k(20, 3, 5), 5) == 0.60088
    assert vm.pass_at_k(20, 3, 5) == pytest.approx(1 - math.comb(17, 5) / math.comb(20, 5), rel=1e-14)
    assert round(float(vm.pass_at_k_true(3 / 20, 5)), 5) == 0.55629  # the biased plug-in of the hint
    assert vm.pass_at_k(20, 0, 5) == 0.0 and vm.pass_at_k(20, 16, 5) == 1.0 and vm.pass_at_k(20, 15, 5) < 1.0
    assert vm.pass_at_k(20, 3, 1) == pytest.approx(3 / 20, rel=1e-14)


@pytest.mark.parametrize("n, k, p", [(20, 5, 0.15), (10, 3, 0.6), (7, 7, 0.05)])
def test_pass_at_k_is_unbiased(n, k, p):
    """E over c ~ Binomial(n, p) of the estimator equals 1 − (1 − p)^k exactly; the plug-in is below it."""
    w = [math.comb(n, c) * p**c * (1 - p) ** (n - c) for c in range(n + 1)]
    est = sum(wc * vm.pass_at_k(n, c, k) for c, wc in enumerate(w))
    plug = sum(wc * float(vm.pass_at_k_true(c / n, k)) for c, wc in enumerate(w))
    assert est == pytest.approx(float(vm.pass_at_k_true(p, k)), abs=1e-12)
    assert plug < est


def test_pass_at_k_by_enumerating_subsets():
    samples = [1, 0, 0, 1, 0, 0, 0]
    for k in range(1, 8):
        subsets = list(itertools.combinations(samples, k))
        assert vm.pass_at_k(7, 2, k) == pytest.approx(sum(any(s) for s in subsets) / len(subsets), abs=1e-14)


# ---------------------------------------------------------------- the Hilbert checker
def test_identity_proof_is_five_lines_and_checks_for_any_formula():
    for a in ("p", imp("p", "q"), imp(imp("p", "q"), imp("r", "p"))):
        proof = vm.prove_identity(a)
        assert len(proof) == 5
        ok, kind, _ = vm.check_proof(proof, imp(a, a))
        assert ok and kind == "ok"
        assert vm.conclusions(proof)[-1] == imp(a, a)


def test_checker_rejects_what_it_should():
    a = "p"
    good = vm.prove_identity(a)
    assert vm.check_proof(good, imp("q", "q"))[1] == "goal"
    assert vm.check_proof([], imp(a, a))[1] == "empty"
    assert vm.check_proof([("AX", imp(a, a))], imp(a, a))[1] == "rule@1"
    assert vm.check_proof([("K", "p")], imp(a, a))[1] == "malformed@1"
    assert vm.check_proof([("K", "p", "q"), ("MP", 1, 2)], "q")[1] == "line@2"  # cites itself
    swapped = good[:2] + [("MP", 1, 2)] + good[3:]
    assert vm.check_proof(swapped, imp(a, a))[1] == "mp-order@3"
    wrong_s = [("S", a, a, a)] + good[1:]
    assert vm.check_proof(wrong_s, imp(a, a))[1] == "mp-mismatch@3"
    assert vm.check_proof([("K", "p", "q"), ("MP", True, 1)], "q")[1] == "malformed@2"
    # lists are accepted where tuples are (a learner may build formulas as lists)
    assert vm.check_proof([["K", ["->", "p", "q"], "r"]], imp(imp("p", "q"), imp("r", imp("p", "q"))))[0]


def test_the_checker_is_sound_on_truth_tables():
    """Every formula the checker accepts from random proofs is a tautology (K and S are; MP preserves truth)."""
    def value(f, env):
        return env[f] if isinstance(f, str) else (not value(f[1], env)) or value(f[2], env)

    rng = np.random.default_rng(0)
    atoms = ["p", "q"]

    def formula(depth):
        if depth == 0 or rng.random() < 0.4:
            return atoms[int(rng.integers(2))]
        return imp(formula(depth - 1), formula(depth - 1))

    proved = 0
    for _ in range(300):
        steps = []
        for n in range(1, 7):
            if n > 2 and rng.random() < 0.5:
                steps.append(("MP", int(rng.integers(1, n)), int(rng.integers(1, n))))
            elif rng.random() < 0.5:
                steps.append(("K", formula(2), formula(2)))
            else:
                steps.append(("S", formula(1), formula(1), formula(1)))
        lines = vm.conclusions(steps)
        for f in lines:
            proved += 1
            assert all(value(f, dict(zip(atoms, bits))) for bits in itertools.product([False, True], repeat=2))
    assert proved > 300


# ---------------------------------------------------------------- MIU
def test_miu_reference_values():
    r = vm.miu_reachable("MI", 3)
    assert len(r) == 11 and "MUI" in r and "MI" in r
    assert "MUI" not in vm.miu_reachable("MI", 2)
    res = vm.miu_search("MI", "MUI", 100, "bfs")
    assert res["found"] and len(res["path"]) - 1 == 3
    assert vm.miu_successors("MIIII") == ["MIIIIU", "MIIIIIIII", "MUI", "MIU"]
    assert vm.miu_successors("MUUU") == ["MUUUUUU", "MU"]  # UU deleted at two positions, one result


def test_mu_is_never_derived_the_invariant():
    for s in vm.miu_reachable("MI", 6):
        assert s.count("I") % 3 != 0
    assert not vm.miu_search("MI", "MU", 3000, "bfs")["found"]
    assert not vm.miu_search("MI", "MU", 3000, "best")["found"]


def test_search_paths_are_valid_derivations_and_bfs_is_shortest():
    for target in ("MIUUIU", "MIIUUU", "MUIIU"):
        lengths = {}
        for strategy in ("bfs", "best"):
            res = vm.miu_search("MI", target, 500, strategy)
            assert res["found"] and res["path"][0] == "MI" and res["path"][-1] == target
            for a, b in zip(res["path"], res["path"][1:]):
                assert b in vm.miu_successors(a)
            lengths[strategy] = len(res["path"]) - 1
        assert lengths["bfs"] <= lengths["best"]
        depth = next(d for d in range(10) if target in vm.miu_reachable("MI", d))
        assert lengths["bfs"] == depth
    assert len(vm.miu_search("MI", "MIUUIU", 500, "best")["expanded"]) < len(vm.miu_search("MI", "MIUUIU", 500, "bfs")["expanded"])
    assert vm.miu_search("MI", "MI", 5)["found"] and vm.miu_search("MI", "MI", 5)["path"] == ["MI"]


# ---------------------------------------------------------------- policy gradient
def test_policy_gradient_reference_value():
    pi = vm.policy_gradient([0, 0, 1, 0], 1.0, 50)
    assert round(pi[2], 5) == 0.98227 and pi.sum() == pytest.approx(1, abs=1e-15)
    np.testing.assert_allclose(pi[[0, 1, 3]], pi[0])  # the rejected tactics stay tied
    np.testing.assert_allclose(vm.policy_gradient([0, 0, 1, 0], 1.0, 0), 0.25)


def test_policy_gradient_matches_finite_differences():
    r = np.array([0.2, 0.9, 0.5, 0.1])
    theta = np.array([0.3, -0.2, 0.1, 0.4])
    pi = vm.softmax(theta)
    grad = pi * (r - pi @ r)
    h = 1e-6
    for j in range(4):
        e = np.eye(4)[j] * h
        fd = (vm.softmax(theta + e) @ r - vm.softmax(theta - e) @ r) / (2 * h)
        assert grad[j] == pytest.approx(fd, abs=1e-9)
    path = vm.policy_gradient_path(r, 0.5, 3, theta)
    assert path.shape == (4, 4) and np.all(np.diff(path @ r) > 0)  # J increases


def test_reinforce_is_seeded_and_learns():
    a = vm.reinforce_path([0, 0, 1, 0], 1.0, 80, batch=16, seed=3)
    b = vm.reinforce_path([0, 0, 1, 0], 1.0, 80, batch=16, seed=3)
    np.testing.assert_array_equal(a, b)
    assert a[-1, 2] > 0.8
    assert vm.softmax(vm.theta_for_success(0.05))[2] == pytest.approx(0.05, rel=1e-12)


# ---------------------------------------------------------------- compression
def test_description_length_reference_values():
    assert sum(map(len, CORPUS)) == 19
    assert vm.description_length(CORPUS, list("abc")) == 12
    assert vm.description_length(CORPUS, list("ab")) == 16
    assert vm.description_length([list("aaa")], list("aa")) == 2 + 2  # "L a" plus the lemma
    assert vm.description_length([[]], list("ab")) == 2
    assert vm.rewrite(list("aaaa"), list("aa"), "X") == ["X", "X"]


def test_repair_reference_and_edges():
    assert vm.repair_round("a b c a b d a b".split(), "X") == ["X", "c", "X", "d", "X"]
    assert vm.repair_round("a b c d".split(), "X") == list("abcd")
    assert vm.repair_round("x y z x y z".split(), "N") == ["N", "z", "N", "z"]  # tie: the first pair
    assert vm.repair_round("a a a a b c b c b c".split(), "Z") == ["a", "a", "a", "a", "Z", "Z", "Z"]
    assert vm.repair_round([], "X") == [] and vm.repair_round(["a"], "X") == ["a"]
    tokens = list("abab")
    vm.repair_round(tokens, "X")
    assert tokens == list("abab")  # input untouched


# ---------------------------------------------------------------- specifications
def test_bounded_check_reference_values():
    first, fails, n = vm.bounded_check(vm.Impl("max(lo, min(x, hi - 1))"), -3, 3, -2, 2)
    assert (first, fails, n) == ((-1, -2, -1), 30, 105)
    assert vm.bounded_check(vm.Impl("min(max(x, lo), hi)"), -3, 3, -2, 2) == (None, 0, 105)
    assert vm.bounded_check(vm.Impl("max(lo, min(x, hi))"), -3, 3, -2, 2) == (None, 0, 105)
    # the weak spec lo <= result <= hi accepts the buggy one everywhere
    bug = vm.Impl("max(lo, min(x, hi - 1))")
    assert all(lo <= bug(x, lo, hi) <= hi for x in range(-3, 4) for lo in range(-2, 3) for hi in range(lo, 3))
    assert repr(bug) == "Impl('max(lo, min(x, hi - 1))')" and bug == vm.Impl("max(lo, min(x, hi - 1))")


def test_noninterference():
    assert vm.noninterference_violations(lambda u, s: u * 2) == []
    v = vm.noninterference_violations(lambda u, s: u + (s > 1))
    assert len(v) == 16 and v[0] == ((0, 0), (0, 2))


# ---------------------------------------------------------------- the Gap Map
def test_gap_map_reference_values():
    each, total = vm.gap_map_cost(300, 1e7, 1.0)
    assert round(each / 1e6, 2) == 16.49 and round(total / 1e9, 2) == 4.95
    assert vm.gap_map_cost(300, 1e7, 0.0) == (1e7, 3e9)
    sims = vm.gap_map_simulated(300, 1e7, 1.0, reps=4000, seed=1)
    # seeded: the mean of 4,000 totals within 3 standard errors of the analytic 4.95 B
    assert abs(sims.mean() - total) < 3 * sims.std() / math.sqrt(4000)


# ---------------------------------------------------------------- widgets
LIVE = [vm.proof_search_live, vm.rlvr_live, vm.lemma_live]
STATIC = [vm.proof_search_static, vm.rlvr_static, vm.lemma_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_search_moves_with_budget_and_target():
    box = vm.proof_search_live()
    fig = figure_of(box)
    controls = {c.description: c for c in latency.controls(box)}
    controls["strings expanded"].value = 1
    assert len(fig.data[1].x) == 1
    controls["strings expanded"].value = 60
    assert len(fig.data[2].x) == 7 and len(fig.data[5].x) == 8  # the derivations: 6 and 7 steps
    controls["target theorem"].value = "MU"
    assert "not found after 60" in fig.layout.title.text and len(fig.data[2].x) == 0


def test_live_rlvr_and_lemma_move():
    box = vm.rlvr_live()
    fig = figure_of(box)
    controls = {c.description: c for c in latency.controls(box)}
    controls["single-try success p"].value = 0.3
    assert fig.data[0].y[0] == pytest.approx(0.3) and fig.data[2].y[0] == pytest.approx(0.3)
    before = list(fig.data[2].y)
    controls["learning rate η"].value = 3.0
    assert list(fig.data[2].y) != before and assert_finite(fig) is None
    box = vm.lemma_live()
    fig = figure_of(box)
    pick = latency.controls(box)[0]
    pick.value = ("a", "b")
    assert sum(fig.data[1].y) == 16 and "saves 3" in fig.layout.title.text


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_steps=12, max_bytes=60_000)


def test_static_states_match_the_model():
    fig = vm.rlvr_static()
    step = fig.layout.sliders[0].steps[vm.P_VALUES.index(0.5)]
    assert step.args[0]["y"][0][0] == pytest.approx(0.5)
    assert step.args[0]["y"][2][-1] == pytest.approx(vm.rlvr_view(0.5)["exact"][-1], rel=1e-3)
    fig = vm.lemma_static()
    labels = [s.label for s in fig.layout.sliders[0].steps]
    i = labels.index("a b c")
    assert sum(fig.layout.sliders[0].steps[i].args[0]["y"][1]) == 12


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((vm.proof_search, vm.rlvr_explorer, vm.lemma_meter), monkeypatch)


# ---------------------------------------------------------------- the grader accepts natural right answers
def _pass(n, c, k):
    if n - c < k:
        return 1.0
    prob_none = 1.0
    for i in range(k):  # the product form of C(n − c, k)/C(n, k)
        prob_none *= (n - c - i) / (n - i)
    return 1 - prob_none


def _proof(a):  # a different valid proof: K(a, a) first, then the S line
    aa = imp(a, a)
    return [("K", a, a), ("K", a, aa), ("S", a, aa, a), ("MP", 2, 3), ("MP", 1, 4)]


def _miu(start, depth):
    seen = {start}
    frontier = [start]
    for _ in range(depth):
        new = []
        for s in frontier:
            nxt = []
            if s[-1:] == "I":
                nxt.append(s + "U")
            if s[:1] == "M":
                nxt.append("M" + s[1:] * 2)
            nxt += [s[:i] + "U" + s[i + 3:] for i in range(len(s)) if s[i:i + 3] == "III"]
            nxt += [s[:i] + s[i + 2:] for i in range(len(s)) if s[i:i + 2] == "UU"]
            for t in nxt:
                if t not in seen:
                    seen.add(t)
                    new.append(t)
        frontier = new
    return sorted(seen)


def _pg(rewards, eta, steps):
    th = [0.0] * len(rewards)
    for _ in range(steps):
        z = [math.exp(t) for t in th]
        pi = [v / sum(z) for v in z]
        J = sum(p * r for p, r in zip(pi, rewards))
        th = [t + eta * p * (r - J) for t, p, r in zip(th, pi, rewards)]
    z = [math.exp(t) for t in th]
    return np.array([v / sum(z) for v in z])


def _dl(corpus, lemma):
    m, total = len(lemma), len(lemma)
    for p in corpus:
        i = 0
        while i < len(p):
            i += m if p[i:i + m] == lemma else 1
            total += 1
    return total


def _repair(tokens, symbol):
    from collections import Counter
    counts, i = Counter(), 0
    pairs = list(zip(tokens, tokens[1:]))
    used = {}
    for j, pr in enumerate(pairs):
        if used.get(pr, -1) < j:
            counts[pr] += 1
            used[pr] = j + 1
    if not counts or counts.most_common(1)[0][1] < 2:
        return list(tokens)
    best = counts.most_common(1)[0][0]  # Counter keeps first-seen order among ties
    out = []
    while i < len(tokens):
        if tuple(tokens[i:i + 2]) == best:
            out.append(symbol)
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def _bc(impl, x_min, x_max, b_min, b_max):
    fails = [(x, lo, hi) for x in range(x_min, x_max + 1) for lo in range(b_min, b_max + 1)
             for hi in range(lo, b_max + 1) if impl(x, lo, hi) != min(max(x, lo), hi)]
    n = (x_max - x_min + 1) * sum(b_max - lo + 1 for lo in range(b_min, b_max + 1))
    return (fails[0] if fails else None), len(fails), n


NATURAL = {
    "unbiased_pass_at_k": _pass,
    "prove_identity": _proof,
    "miu_reachable": _miu,
    "policy_gradient": _pg,
    "description_length": _dl,
    "repair_round": _repair,
    "bounded_check": _bc,
    "gap_map_cost": lambda n, median, sigma: (median * math.exp(sigma * sigma / 2),
                                              n * median * math.exp(sigma * sigma / 2)),
}


@pytest.mark.parametrize("ex_id", sorted(NATURAL))
def test_natural_right_answers_pass_for_any_seed(ex_id):
    """Plain-Python answers (product forms, loops, a different valid proof) pass on every seed."""
    from course.grading import grade
    from exercises.verified_math import grader
    for seed in range(6):
        verdict = grade(grader[ex_id], NATURAL[ex_id], seed=seed)
        assert verdict.passed, f"seed {seed}: {verdict}"


def test_a_proof_hardcoded_for_p_fails_on_hidden_formulas():
    from course.grading import grade
    from exercises.verified_math import grader
    verdict = grade(grader["prove_identity"], lambda a: vm.prove_identity("p"))
    assert not verdict.passed and "check_proof" not in verdict.message
