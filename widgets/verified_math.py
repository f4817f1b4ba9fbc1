"""Lean, verifiable rewards, and the value of a conjecture: the models of chapter `verified-math` and its explorables.

Models (pure Python / numpy, parameters in, numbers or lists out):
    pass_at_k            unbiased pass@k from n samples with c correct (imported from widgets/rl_for_llms.py)
    pass_at_k_true       pass@k of a sampler whose single-try success rate is p: 1 − (1 − p)^k
    imp, show, axiom_K, axiom_S, check_proof, prove_identity
                         a Hilbert-style propositional calculus (axioms K and S, modus ponens) and its
                         proof checker: a toy stand-in for Lean, written here (Lean itself is not installed)
    miu_successors, miu_reachable, miu_search
                         Hofstadter's MIU system: rules, every string within d steps, BFS / best-first search
    softmax, policy_gradient_path, policy_gradient, reinforce_path
                         a softmax policy over tactics learning from a verifier: exact gradient and sampled
    rewrite, description_length, repair_round
                         a lemma as a macro: proof lengths with and without it; one round of Re-Pair
    Impl, clamp_spec, bounded_check, noninterference_violations
                         specifications checked exhaustively on a small domain
    gap_map_cost, gap_map_simulated
                         the Gap Map Fermi estimate: n projects with lognormal costs
Explorables: proof_search(), rlvr_explorer(), lemma_meter().
"""
from __future__ import annotations

import functools
import heapq
import math
from collections import deque

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from widgets.transformers import softmax  # π = exp(θ − max θ)/Σ exp(θ − max θ)
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.rl_for_llms import pass_at_k  # noqa: F401  (unbiased pass@k, Chen et al. 2021; re-exported)

# ------------------------------------------------------------------ pass@k: a checker as the reward


# pass_at_k(n, c, k): the unbiased estimator 1 − C(n − c, k)/C(n, k) lives once, in chapter rl-for-llms's module


def pass_at_k_true(p, k):
    """pass@k of a sampler whose single try passes with probability p: 1 − (1 − p)^k (elementwise)."""
    return 1.0 - (1.0 - np.asarray(p, dtype=float)) ** np.asarray(k, dtype=float)


# ------------------------------------------------------------------ a Hilbert system and its checker
# A formula is an atom (a string such as "p") or an implication ("->", A, B), built with imp(A, B).


def imp(a, b):
    """The implication a → b."""
    return ("->", a, b)


def show(f):
    """A formula as text: p, (p → q), ((p → q) → p)."""
    if isinstance(f, str):
        return f
    return f"({show(f[1])} → {show(f[2])})"


def axiom_K(a, b):
    """Axiom K: a → (b → a)."""
    return imp(a, imp(b, a))


def axiom_S(a, b, c):
    """Axiom S: (a → (b → c)) → ((a → b) → (a → c))."""
    return imp(imp(a, imp(b, c)), imp(imp(a, b), imp(a, c)))


def _is_formula(f):
    if isinstance(f, str):
        return len(f) > 0
    return isinstance(f, (tuple, list)) and len(f) == 3 and f[0] == "->" and _is_formula(f[1]) and _is_formula(f[2])


def _norm(f):
    return f if isinstance(f, str) else ("->", _norm(f[1]), _norm(f[2]))


def check_proof(steps, goal):
    """Check a proof line by line, like a (very small) Lean. A proof is a list of steps, each one of
        ("K", A, B)       the axiom A → (B → A)
        ("S", A, B, C)    the axiom (A → (B → C)) → ((A → B) → (A → C))
        ("MP", i, j)      modus ponens: line i proves X and line j proves X → Y, so this line proves Y
    with 1-based line numbers i, j of EARLIER lines. Returns (ok, kind, message): ok is True when every line
    is justified and the last line is `goal`; otherwise kind names the first problem ("malformed", "rule",
    "line", "mp-order", "mp-mismatch", "goal", "empty") with its line number, and message explains it."""
    proved = []
    if not isinstance(steps, (list, tuple)) or len(steps) == 0:
        return False, "empty", "the proof has no lines"
    for n, step in enumerate(steps, start=1):
        if not isinstance(step, (list, tuple)) or len(step) == 0:
            return False, f"malformed@{n}", f"line {n} is not a step like ('K', A, B): {step!r}"
        rule, args = step[0], list(step[1:])
        if rule in ("K", "S"):
            need = 2 if rule == "K" else 3
            if len(args) != need or not all(_is_formula(a) for a in args):
                return False, f"malformed@{n}", f"line {n}: axiom {rule} needs {need} formulas"
            args = [_norm(a) for a in args]
            proved.append(axiom_K(*args) if rule == "K" else axiom_S(*args))
        elif rule == "MP":
            if len(args) != 2 or not all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in args):
                return False, f"malformed@{n}", f"line {n}: MP needs two line numbers"
            i, j = int(args[0]), int(args[1])
            if not (1 <= i < n and 1 <= j < n):
                return False, f"line@{n}", f"line {n}: MP may only cite earlier lines (1 to {n - 1}), not {i} and {j}"
            x, xy = proved[i - 1], proved[j - 1]
            if isinstance(xy, tuple) and xy[1] == x:
                proved.append(xy[2])
            elif isinstance(x, tuple) and x[1] == xy:
                return False, f"mp-order@{n}", (f"line {n}: MP {i}, {j} needs line {j} to be (line {i} → ...); "
                                                f"here line {i} is the implication: the premises are swapped")
            else:
                return False, f"mp-mismatch@{n}", (f"line {n}: line {j}, {show(xy)}, is not "
                                                   f"({show(x)} → ...), so modus ponens does not apply")
        else:
            return False, f"rule@{n}", f"line {n}: unknown rule {rule!r} (only K, S and MP)"
    if proved[-1] != _norm(goal):
        return False, "goal", f"every line is justified, but the proof ends with {show(proved[-1])}, not {show(goal)}"
    return True, "ok", f"proved {show(goal)} in {len(steps)} line{'s' if len(steps) > 1 else ''}"


def conclusions(steps):
    """The formula each line of a proof proves (stops at the first line that does not check)."""
    out = []
    for n in range(1, len(steps) + 1):
        ok, kind, _ = check_proof(steps[:n], "?")
        if kind != "goal":
            break
        line = steps[n - 1]
        if line[0] == "K":
            out.append(axiom_K(*map(_norm, line[1:])))
        elif line[0] == "S":
            out.append(axiom_S(*map(_norm, line[1:])))
        else:
            out.append(out[line[2] - 1][2])
    return out


def prove_identity(a):
    """The classic five-line proof of a → a from K, S and modus ponens."""
    aa = imp(a, a)
    return [("S", a, aa, a),    # 1. (a → ((a → a) → a)) → ((a → (a → a)) → (a → a))
            ("K", a, aa),       # 2. a → ((a → a) → a)
            ("MP", 2, 1),       # 3. (a → (a → a)) → (a → a)
            ("K", a, a),        # 4. a → (a → a)
            ("MP", 4, 3)]       # 5. a → a


# ------------------------------------------------------------------ the MIU system (Hofstadter)


def miu_successors(s):
    """Every string one MIU rule away from s (each distinct result once, in rule order):
    I. xI → xIU   II. Mx → Mxx   III. III → U (at any position)   IV. UU → '' (at any position)."""
    out = []
    if s.endswith("I"):
        out.append(s + "U")
    if s.startswith("M"):
        out.append(s + s[1:])
    for i in range(len(s) - 2):
        if s[i:i + 3] == "III":
            out.append(s[:i] + "U" + s[i + 3:])
    for i in range(len(s) - 1):
        if s[i:i + 2] == "UU":
            out.append(s[:i] + s[i + 2:])
    seen = set()
    return [t for t in out if not (t in seen or seen.add(t))]


def miu_reachable(start, depth):
    """Every string derivable from `start` in at most `depth` rule applications (start included), sorted."""
    seen, layer = {start}, [start]
    for _ in range(depth):
        nxt = []
        for s in layer:
            for t in miu_successors(s):
                if t not in seen:
                    seen.add(t)
                    nxt.append(t)
        layer = nxt
    return sorted(seen)


def miu_heuristic(s, target):
    """Best-first's guess of how far s is from target: the length difference plus the difference in U's."""
    return abs(len(s) - len(target)) + abs(s.count("U") - target.count("U"))


def miu_search(start, target, budget, strategy="bfs", max_len=40):
    """Search for a derivation of target, expanding at most `budget` strings (strings longer than max_len are
    not generated). strategy "bfs": breadth first (FIFO); "best": greedy best-first by miu_heuristic (ties in
    order of discovery). Returns dict: expanded (strings in expansion order), parent (string -> parent),
    depth (string -> steps from start), found (bool), path (start .. target, or [])."""
    parent, depth = {start: None}, {start: 0}
    count = 0
    frontier = deque([start]) if strategy == "bfs" else [(miu_heuristic(start, target), 0, start)]
    expanded, found = [], start == target
    while frontier and len(expanded) < budget and not found:
        s = frontier.popleft() if strategy == "bfs" else heapq.heappop(frontier)[2]
        expanded.append(s)
        for t in miu_successors(s):
            if t in parent or len(t) > max_len:
                continue
            parent[t], depth[t] = s, depth[s] + 1
            if t == target:
                found = True
                break
            count += 1
            if strategy == "bfs":
                frontier.append(t)
            else:
                heapq.heappush(frontier, (miu_heuristic(t, target), count, t))
    path = []
    if found:
        s = target
        while s is not None:
            path.append(s)
            s = parent[s]
        path.reverse()
    return {"expanded": expanded, "parent": parent, "depth": depth, "found": found, "path": path}


# ------------------------------------------------------------------ a policy learning from a verifier


def policy_gradient_path(rewards, eta, steps, theta0=None):
    """Exact policy gradient ascent on J(θ) = Σ_i π_i r_i for a softmax policy over tactics, r_i = the chance the
    verifier accepts tactic i. ∂J/∂θ_j = π_j (r_j − J), so θ ← θ + η π ⊙ (r − J). θ starts at theta0 (zeros).
    Returns the policies π after 0, 1, ..., steps updates, an array (steps + 1, number of tactics)."""
    r = np.asarray(rewards, dtype=float)
    theta = np.zeros(len(r)) if theta0 is None else np.array(theta0, dtype=float)
    out = [softmax(theta)]
    for _ in range(steps):
        pi = out[-1]
        theta = theta + eta * pi * (r - pi @ r)
        out.append(softmax(theta))
    return np.array(out)


def policy_gradient(rewards, eta, steps):
    """The policy π after `steps` exact policy-gradient updates from θ = 0 (see policy_gradient_path)."""
    return policy_gradient_path(rewards, eta, steps)[-1]


def reinforce_path(rewards, eta, steps, batch=8, theta0=None, seed=0):
    """REINFORCE with a verifier: each step samples `batch` tactics from π, the verifier accepts tactic a with
    probability r_a (reward 1, else 0), and θ ← θ + η · mean over the batch of (reward − batch mean)·∇log π(a),
    ∇log π(a) = onehot(a) − π. Seeded. Returns π after 0 .. steps updates, (steps + 1, tactics)."""
    rng = np.random.default_rng(seed)
    r = np.asarray(rewards, dtype=float)
    K = len(r)
    theta = np.zeros(K) if theta0 is None else np.array(theta0, dtype=float)
    out = [softmax(theta)]
    for _ in range(steps):
        pi = out[-1]
        a = rng.choice(K, size=batch, p=pi)
        reward = (rng.random(batch) < r[a]).astype(float)
        adv = reward - reward.mean()
        grad = (adv[:, None] * (np.eye(K)[a] - pi)).mean(axis=0)
        theta = theta + eta * grad
        out.append(softmax(theta))
    return np.array(out)


def theta_for_success(p, k=4, good=2):
    """Logits (zeros except the accepted tactic) giving that tactic probability p among k tactics."""
    theta = np.zeros(k)
    theta[good] = math.log(p * (k - 1) / (1 - p))
    return theta


# ------------------------------------------------------------------ a lemma as a macro: description length


def rewrite(tokens, pattern, symbol):
    """Replace the non-overlapping occurrences of `pattern` (a token list) in `tokens`, scanning left to right,
    by the single token `symbol`. Returns a new list."""
    out, i, m = [], 0, len(pattern)
    while i < len(tokens):
        if m and list(tokens[i:i + m]) == list(pattern):
            out.append(symbol)
            i += m
        else:
            out.append(tokens[i])
            i += 1
    return out


def description_length(corpus, lemma):
    """Total tokens to write a corpus of proofs (token lists) once `lemma` (a token list) is stated and every
    non-overlapping occurrence of it (left to right) is replaced by one token: Σ |rewritten proof| + |lemma|."""
    return sum(len(rewrite(p, lemma, "⟨L⟩")) for p in corpus) + len(lemma)


def repair_round(tokens, symbol):
    """One round of Re-Pair (Larsson & Moffat 2000): find the most frequent adjacent pair (occurrences counted
    without overlap, left to right; a tie goes to the pair that occurs first) and replace its non-overlapping
    occurrences by `symbol`. If no pair occurs twice, return the tokens unchanged (as a new list)."""
    counts, first, last_end = {}, {}, {}
    for i in range(len(tokens) - 1):
        pair = (tokens[i], tokens[i + 1])
        if pair not in first:
            first[pair] = i
        if last_end.get(pair, -1) <= i:
            counts[pair] = counts.get(pair, 0) + 1
            last_end[pair] = i + 2
    if not counts or max(counts.values()) < 2:
        return list(tokens)
    best = min(counts, key=lambda p: (-counts[p], first[p]))
    return rewrite(tokens, list(best), symbol)


# ------------------------------------------------------------------ specifications, checked exhaustively


class Impl:
    """A candidate implementation written as a Python expression in x, lo, hi, e.g. Impl("max(lo, min(x, hi - 1))").
    Call it like a function: impl(x, lo, hi)."""

    def __init__(self, expr):
        self.expr = expr
        self._fn = eval("lambda x, lo, hi: " + expr, {"min": min, "max": max, "abs": abs})  # course-written text only

    def __call__(self, x, lo, hi):
        return self._fn(x, lo, hi)

    def __repr__(self):
        return f"Impl({self.expr!r})"

    def __deepcopy__(self, memo):
        return Impl(self.expr)

    def __eq__(self, other):
        return isinstance(other, Impl) and other.expr == self.expr

    def __hash__(self):
        return hash(self.expr)


def clamp_spec(x, lo, hi, result):
    """The postcondition of clamp(x, lo, hi) (precondition lo <= hi): the result is x if lo <= x <= hi,
    lo if x < lo and hi if x > hi."""
    return result == min(max(x, lo), hi)


def bounded_check(impl, x_min, x_max, b_min, b_max):
    """Bounded exhaustive check of impl against clamp_spec: every integer x in [x_min, x_max] and every pair of
    integers b_min <= lo <= hi <= b_max (the precondition), in lexicographic order of (x, lo, hi).
    Returns (first counterexample (x, lo, hi) or None, number of failing cases, number of cases)."""
    first, fails, n = None, 0, 0
    for x in range(x_min, x_max + 1):
        for lo in range(b_min, b_max + 1):
            for hi in range(lo, b_max + 1):
                n += 1
                if not clamp_spec(x, lo, hi, impl(x, lo, hi)):
                    fails += 1
                    if first is None:
                        first = (x, lo, hi)
    return first, fails, n


def noninterference_violations(program, values=range(4)):
    """Memory with a user cell u and a private cell s; program(u, s) returns what the user can see next.
    Non-interference: the user's view does not depend on s. Returns the pairs ((u, s1), (u, s2)) over all
    u, s1 < s2 in `values` whose views differ (empty list = the property holds on this domain)."""
    vs = list(values)
    return [((u, s1), (u, s2)) for u in vs for i, s1 in enumerate(vs) for s2 in vs[i + 1:]
            if program(u, s1) != program(u, s2)]


# ------------------------------------------------------------------ the Gap Map Fermi estimate


def gap_map_cost(n, median, sigma):
    """n projects whose costs are lognormal with the given median and log-space σ: the mean cost of one,
    median·exp(σ²/2), and the expected total, n times that. Returns (mean each, expected total)."""
    each = median * math.exp(sigma**2 / 2)
    return each, n * each


def gap_map_simulated(n, median, sigma, reps=2000, seed=0):
    """Seeded totals of n lognormal project costs (median, σ), an array of length reps."""
    rng = np.random.default_rng(seed)
    return (median * np.exp(sigma * rng.standard_normal((reps, int(n))))).sum(axis=1)


# ================================================================== explorables (live + static twins)

# ------------------------------------------------------------------ 1. proof search in MIU

SEARCH_TARGETS = ("MIUUIU", "MIIUUU", "MUIIU", "MU")  # MU is not derivable: no budget finds it
BUDGETS = (1, 3, 6, 10, 15, 20, 25, 30, 40, 50, 60)
MAX_BUDGET = BUDGETS[-1]


@functools.lru_cache(maxsize=16)
def _tree(target, strategy):
    """The search at the largest budget, with fixed node positions: x = order of discovery within a depth layer
    (centred), y = depth. Expanding fewer strings shows a prefix of the same tree."""
    res = miu_search("MI", target, MAX_BUDGET, strategy)
    order = res["expanded"] + ([target] if res["found"] else [])
    layers, pos = {}, {}
    for s in order:
        d = res["depth"][s]
        layers.setdefault(d, []).append(s)
    for d, nodes in layers.items():
        for i, s in enumerate(nodes):
            pos[s] = (i - (len(nodes) - 1) / 2, d)
    return res, order, pos


def search_view(target, budget, strategy):
    """What the search tree shows after `budget` expansions: node x, y and labels, edge x, y (None-separated),
    the derivation found (x, y) and a title."""
    res, order, pos = _tree(target, strategy)
    shown = res["expanded"][:budget]
    found = res["found"] and len(res["expanded"]) <= budget
    if found:
        shown = shown + [target]
    nx, ny, ex, ey = [], [], [], []
    for s in shown:
        x, y = pos[s]
        nx.append(x)
        ny.append(y)
        p = res["parent"][s]
        if p is not None:
            ex += [pos[p][0], x, None]
            ey += [pos[p][1], y, None]
    px = [pos[s][0] for s in res["path"]] if found else []
    py = [pos[s][1] for s in res["path"]] if found else []
    used = min(budget, len(res["expanded"]))
    name = "breadth-first" if strategy == "bfs" else "best-first"
    status = (f"found in {len(res['path']) - 1} steps after {used} expansions" if found
              else f"not found after {used} expansions")
    return {"x": nx, "y": ny, "text": shown, "ex": ex, "ey": ey, "px": px, "py": py, "status": f"{name}: {status}"}


def _search_title(target, budget):
    b, g = search_view(target, budget, "bfs"), search_view(target, budget, "best")
    return f"MI ⇒ {target}, budget {budget}<br>{b['status']}; {g['status']}"


def _search_figure(height):
    fig = make_subplots(rows=1, cols=2, subplot_titles=("breadth-first (FIFO)", "best-first (closest length first)"),
                        horizontal_spacing=0.06)
    for col in (1, 2):
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines", line=dict(color="#999999", width=1), hoverinfo="skip",
                                 showlegend=col == 1, name="rule applied"), row=1, col=col)
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", marker=dict(color=PALETTE["blue"], size=9),
                                 text=[], hovertemplate="%{text}<extra></extra>", showlegend=col == 1,
                                 name="string derived (hover: which)"), row=1, col=col)
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines+markers", line=dict(color=PALETTE["vermillion"], width=3),
                                 marker=dict(size=11, color=PALETTE["vermillion"]), showlegend=col == 1,
                                 name="the derivation found", hoverinfo="skip"), row=1, col=col)
    fig.update_layout(**pinned_layout(height, "", 14, margin=dict(l=60, r=20, t=150, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.1, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Two search trees over strings of the MIU system, breadth-first on the left and "
                                   "best-first on the right: each dot is a derived string, each line a rule "
                                   "application, and the derivation of the target is drawn in red once found."})
    fig.update_yaxes(autorange="reversed", title_text="steps from MI", dtick=1, row=1, col=1)
    fig.update_yaxes(autorange="reversed", dtick=1, row=1, col=2)
    fig.update_xaxes(showticklabels=False, title_text="strings at that depth, in order of discovery")
    return fig


def _search_traces(target, budget):
    out = {"x": [], "y": [], "text": []}
    for strategy in ("bfs", "best"):
        v = search_view(target, budget, strategy)
        out["x"] += [v["ex"], v["x"], v["px"]]
        out["y"] += [v["ey"], v["y"], v["py"]]
        out["text"] += [None, v["text"], None]
    return out


def proof_search_static(target="MIUUIU", budgets=BUDGETS):
    """The book's twin: a slider over the search budget for one target."""
    height = 560
    fig = _search_figure(height)
    b0 = 20
    tr = _search_traces(target, b0)
    for i, t in enumerate(fig.data):
        t.x, t.y = tr["x"][i], tr["y"][i]
        if tr["text"][i] is not None:
            t.text = tr["text"][i]

    def state(b):
        s = _search_traces(target, b)
        return {"x": s["x"], "y": s["y"], "text": [t if t is not None else [] for t in s["text"]]}

    precomputed_slider_figure(fig, "strings expanded", budgets, state, list(range(6)), active=budgets.index(b0),
                              title=lambda b: _search_title(target, b))
    return fig.update_layout(title=pinned_title(_search_title(target, b0), height, size=14))


def proof_search_live():
    """Proof search in JupyterLab: target and budget."""
    height = 560
    fw = go.FigureWidget(_search_figure(height))
    style = {"description_width": "130px"}
    target = W.Dropdown(options=list(SEARCH_TARGETS), value="MIUUIU", description="target theorem", style=style)
    budget = W.IntSlider(20, min=1, max=MAX_BUDGET, description="strings expanded", style=style,
                         layout=W.Layout(width="420px"))

    def update(*_):
        tr = _search_traces(target.value, budget.value)
        with fw.batch_update():
            for i, t in enumerate(fw.data):
                t.x, t.y = tr["x"][i], tr["y"][i]
                if tr["text"][i] is not None:
                    t.text = tr["text"][i]
            fw.layout.title.text = _search_title(target.value, budget.value)

    for c in (target, budget):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([target, budget]), fw])


def proof_search() -> Explorable:
    return Explorable("Proof search in the MIU system", live=proof_search_live, static=proof_search_static)


# ------------------------------------------------------------------ 2. pass@k and RLVR

K_GRID = np.unique(np.round(np.logspace(0, 2, 30)).astype(int))  # 1 .. 100
P_VALUES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
RL_STEPS = 60
N_SAMPLES = 200  # samples behind the unbiased estimates


@functools.lru_cache(maxsize=64)
def _rl_paths(p, eta, batch=8, seed=0):
    theta0 = theta_for_success(p)
    r = [0.0, 0.0, 1.0, 0.0]
    return policy_gradient_path(r, eta, RL_STEPS, theta0)[:, 2], reinforce_path(r, eta, RL_STEPS, batch, theta0, seed)[:, 2]


def rlvr_view(p, eta=1.0, k=10, seed=0):
    """pass@k against k for single-try success p (exact, and unbiased estimates from N_SAMPLES seeded samples),
    and a softmax policy over 4 tactics (tactic 2 accepted; π₂ = p at the start) learning from the verifier:
    π₂ = pass@1 over RL_STEPS updates (exact gradient and sampled REINFORCE, batch 8) and the policy's pass@k."""
    c = int(np.random.default_rng([seed, int(round(1e4 * p))]).binomial(N_SAMPLES, p))
    est = np.array([pass_at_k(N_SAMPLES, c, int(kk)) for kk in K_GRID])
    exact, sampled = _rl_paths(round(float(p), 6), round(float(eta), 6), 8, seed)
    return {"curve": pass_at_k_true(p, K_GRID), "estimate": est, "c": c, "exact": exact, "sampled": sampled,
            "exact_k": pass_at_k_true(exact, k)}


def _rlvr_title(p, eta=1.0, k=10):
    v = rlvr_view(p, eta, k)
    return (f"pass@1 = {p:g}: pass@{k} = {float(pass_at_k_true(p, k)):.3f}<br>after {RL_STEPS} verifier-rewarded "
            f"updates (η = {eta:g}) pass@1 = {v['exact'][-1]:.3f}")


def _rlvr_figure(height):
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("pass@k of a fixed sampler", "RLVR: the policy learns from the checker"))
    fig.add_trace(go.Scatter(x=K_GRID, name="pass@k = 1 − (1 − p)^k", mode="lines",
                             line=dict(color=PALETTE["blue"], width=3)), row=1, col=1)
    fig.add_trace(go.Scatter(x=K_GRID, name=f"unbiased estimate ({N_SAMPLES} samples)", mode="markers",
                             marker=dict(color=PALETTE["orange"], size=7, symbol="circle-open", line=dict(width=2))),
                  row=1, col=1)
    steps = np.arange(RL_STEPS + 1)
    fig.add_trace(go.Scatter(x=steps, name="pass@1 = π(accepted), exact gradient", mode="lines",
                             line=dict(color=PALETTE["vermillion"], width=3)), row=1, col=2)
    fig.add_trace(go.Scatter(x=steps, name="pass@1, REINFORCE (batch 8)", mode="lines",
                             line=dict(color=PALETTE["vermillion"], width=1.5, dash="dot")), row=1, col=2)
    fig.add_trace(go.Scatter(x=steps, name="pass@k of the policy", mode="lines",
                             line=dict(color=PALETTE["green"], width=2, dash="dash")), row=1, col=2)
    fig.update_layout(**pinned_layout(height, "", 14, margin=dict(l=60, r=20, t=200, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.1, xanchor="left", yanchor="bottom",
                                           entrywidth=0.5, entrywidthmode="fraction")),
                      meta={"alt": "Left: the chance that at least one of k tries passes the checker rises with k, "
                                   "faster for a larger single-try success rate. Right: a softmax policy over four "
                                   "tactics rewarded by the checker moves its probability onto the accepted tactic."})
    fig.update_xaxes(type="log", title_text="tries k (log scale)", row=1, col=1)
    fig.update_xaxes(title_text="policy updates", row=1, col=2)
    fig.update_yaxes(range=[0, 1.02], title_text="probability of a checked proof", row=1, col=1)
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    return fig


def _rlvr_traces(v):
    return [v["curve"], v["estimate"], v["exact"], v["sampled"], v["exact_k"]]


def rlvr_static(ps=P_VALUES):
    """The book's twin: a slider over the single-try success rate p (η = 1, k = 10)."""
    height = 610
    fig = _rlvr_figure(height)
    p0 = 0.05
    for tr, y in zip(fig.data, _rlvr_traces(rlvr_view(p0))):
        tr.y = round_sig(np.asarray(y, dtype=float))
    precomputed_slider_figure(fig, "single-try success p", ps, lambda p: {"y": _rlvr_traces(rlvr_view(p))},
                              list(range(5)), active=ps.index(p0), title=_rlvr_title)
    return fig.update_layout(title=pinned_title(_rlvr_title(p0), height, size=14))


def rlvr_live():
    """pass@k and RLVR in JupyterLab: p, k and the learning rate η."""
    height = 610
    fw = go.FigureWidget(_rlvr_figure(height))
    style = {"description_width": "150px"}
    lay = W.Layout(width="360px")
    p = W.FloatSlider(0.05, min=0.01, max=0.95, step=0.01, description="single-try success p", readout_format=".2f",
                      style=style, layout=lay)
    k = W.IntSlider(10, min=1, max=100, description="tries k", style=style, layout=lay)
    eta = W.FloatSlider(1.0, min=0.1, max=5.0, step=0.1, description="learning rate η", readout_format=".1f",
                        style=style, layout=lay)

    def update(*_):
        v = rlvr_view(p.value, eta.value, k.value)
        with fw.batch_update():
            for tr, y in zip(fw.data, _rlvr_traces(v)):
                tr.y = y
            fw.layout.title.text = _rlvr_title(round(p.value, 2), round(eta.value, 1), k.value)

    for c in (p, k, eta):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([p, k, eta]), fw])


def rlvr_explorer() -> Explorable:
    return Explorable("pass@k and RLVR", live=rlvr_live, static=rlvr_static)


# ------------------------------------------------------------------ 3. the lemma value meter

CORPUS = (("a", "b", "c", "d", "a", "b", "c", "e"), ("a", "b", "c", "f"), ("g", "a", "b", "c", "a", "b", "c"))
# the meter's menu: the three sequences that occur at least twice (candidate_lemmas()), two longer ones that
# occur once or twice, and one that occurs once (a lemma used once costs more than it saves)
LEMMAS = (("a", "b", "c"), ("a", "b"), ("b", "c"), ("a", "b", "c", "d"), ("b", "c", "a", "b"), ("c", "f"))


def candidate_lemmas(corpus=CORPUS, max_len=4):
    """Every token sequence of length 2..max_len that occurs at least twice in the corpus, in order of first
    appearance."""
    seen, counts = [], {}
    for p in corpus:
        for m in range(2, max_len + 1):
            for i in range(len(p) - m + 1):
                g = tuple(p[i:i + m])
                counts[g] = counts.get(g, 0) + 1
                if g not in seen:
                    seen.append(g)
    return [g for g in seen if counts[g] >= 2]


def lemma_view(lemma, corpus=CORPUS):
    """Per-proof lengths before and after stating `lemma`, the lemma's own length, the totals."""
    before = [len(p) for p in corpus]
    after = [len(rewrite(list(p), list(lemma), "L")) for p in corpus]
    return {"before": before + [0], "after": after + [len(lemma)], "total_before": sum(before),
            "total_after": description_length([list(p) for p in corpus], list(lemma))}


LEMMA_CATEGORIES = ["proof 1", "proof 2", "proof 3", "the lemma itself"]


def _lemma_title(lemma):
    v = lemma_view(lemma)
    saved = v["total_before"] - v["total_after"]
    return (f"lemma “{' '.join(lemma)}”: {v['total_before']} → {v['total_after']} tokens "
            f"({'saves' if saved >= 0 else 'costs'} {abs(saved)})")


def _lemma_figure(height):
    fig = go.Figure()
    fig.add_trace(go.Bar(x=LEMMA_CATEGORIES, name="without the lemma", marker_color="#BBBBBB",
                         hovertemplate="%{x}: %{y} tokens<extra></extra>"))
    fig.add_trace(go.Bar(x=LEMMA_CATEGORIES, name="with the lemma", marker_color=PALETTE["blue"],
                         hovertemplate="%{x}: %{y} tokens<extra></extra>"))
    fig.update_layout(**pinned_layout(height, "", 14, margin=dict(l=60, r=20, t=90, b=50), barmode="group",
                               legend=dict(x=0.99, y=0.99, xanchor="right", yanchor="top")),
                      meta={"alt": "Token counts of three toy proofs without and with a chosen lemma, plus the "
                                   "lemma's own length: a lemma that occurs often and is long shortens the corpus."})
    fig.update_yaxes(title_text="tokens", range=[0, 9])
    return fig


def lemma_static():
    """The book's twin: a slider over the candidate lemmas (sequences that occur at least twice)."""
    height = 440
    fig = _lemma_figure(height)
    cands = list(LEMMAS)
    l0 = ("a", "b", "c")
    v = lemma_view(l0)
    fig.data[0].y, fig.data[1].y = v["before"], v["after"]
    precomputed_slider_figure(fig, "lemma", cands, lambda g: {"y": [lemma_view(g)["before"], lemma_view(g)["after"]]},
                              [0, 1], active=cands.index(l0), fmt=lambda g: " ".join(g), title=_lemma_title)
    return fig.update_layout(title=pinned_title(_lemma_title(l0), height, size=14))


def lemma_live():
    """The lemma value meter in JupyterLab: pick a candidate lemma."""
    height = 440
    fw = go.FigureWidget(_lemma_figure(height))
    cands = list(LEMMAS)
    pick = W.Dropdown(options=[(" ".join(g), g) for g in cands], value=("a", "b", "c"), description="lemma",
                      style={"description_width": "60px"})

    def update(*_):
        v = lemma_view(pick.value)
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = v["before"], v["after"]
            fw.layout.title.text = _lemma_title(pick.value)

    pick.observe(update, "value")
    update()
    return W.VBox([pick, fw])


def lemma_meter() -> Explorable:
    return Explorable("The lemma value meter", live=lemma_live, static=lemma_static)
