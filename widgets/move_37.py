"""Chapter move-37, "Novelty versus usefulness": the model functions and the explorables.

Names from the math:
    softmax_entropy(logits, T)          p_i = exp(z_i / T) / sum_j exp(z_j / T),  H = -sum p_i ln p_i (nats)
    generate_verify(p, N, tpr, fpr)     N independent samples, each good with probability p, judged by a verifier
                                        that accepts a good one with probability tpr and a bad one with fpr
    first_visit(P, g, c)                PUCT at a root with two moves: a favoured one (prior 1 - P, value g) and a
                                        neglected one (prior P, value 0); the simulations spent before the
                                        neglected move is selected for the first time
    posterior_mean(a, b, s, n)          Beta(a, b) prior, s successes in n trials: (a + s) / (a + b + n)
    thompson_regret(p, a, b, steps, s)  Thompson sampling on a Bernoulli bandit, total pseudo-regret
    unvisited_bonus(P, N, c, eps, ...)  PUCT's exploration bonus of an unvisited move, before and (in expectation)
                                        after mixing the root prior with Dirichlet noise

The search itself is the shared widgets/mcts.py (puct_score, search); first_visit_by_search replays the two-move
root through it to check the closed form.
"""
from __future__ import annotations

import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure
from widgets import mcts

C_PUCT = 1.25  # the exploration constant of the chapter's PUCT examples (AlphaGo Zero's pseudocode uses 1.25)
GO_MOVES = 362  # 19 x 19 points + pass


# ---------------------------------------------------------------- 1. novelty is cheap


def softmax_entropy(logits, T=1.0):
    """Temperature softmax of logits and its entropy: (p, H) with H in nats.

    p_i = exp((z_i - max z) / T) / sum_j exp((z_j - max z) / T); H = -sum over p_i > 0 of p_i ln p_i.
    T > 0; T -> 0 approaches the argmax, large T approaches uniform.
    """
    z = np.asarray(logits, dtype=float) / float(T)
    e = np.exp(z - z.max())
    p = e / e.sum()
    nz = p[p > 0]
    return p, float(-(nz * np.log(nz)).sum())


def log10_sequences(V, L):
    """log10 of the number of distinct sequences of L tokens over a vocabulary of V: L log10 V."""
    return L * math.log10(V)


def top_p(p, top):
    """Nucleus (top-p) truncation: keep the most probable tokens until their mass reaches `top`, renormalise."""
    p = np.asarray(p, dtype=float)
    order = np.argsort(-p, kind="stable")
    keep = np.zeros(p.size, bool)
    mass = np.cumsum(p[order])
    keep[order[: int(np.searchsorted(mass, top - 1e-12)) + 1]] = True
    q = np.where(keep, p, 0.0)
    return q / q.sum()


ZIPF_V = 50  # vocabulary of the temperature explorer


def zipf_logits(V=ZIPF_V):
    """Logits of a Zipf-like next-token distribution (p_k proportional to 1/k at T = 1)."""
    return -np.log(np.arange(1, V + 1, dtype=float))


# ---------------------------------------------------------------- 2. usefulness needs a verifier


def generate_verify(p, N, tpr, fpr):
    """Generate N samples (each good with probability p), keep those the verifier accepts.

    Returns (P(at least one good sample among N), precision of the accepted samples,
    expected number of good samples accepted, expected number of samples accepted).
    precision = p tpr / (p tpr + (1 - p) fpr); 0.0 when nothing can be accepted.
    """
    p_any = 1.0 - (1.0 - p) ** N
    accept = p * tpr + (1.0 - p) * fpr
    precision = p * tpr / accept if accept > 0 else 0.0
    return p_any, precision, N * p * tpr, N * accept


def best_of_n_quality(N, sigma, trials=20000, seed=0):
    """Pick the best of N candidates by a noisy score; the mean TRUE quality of the pick.

    True quality q ~ N(0, 1); the scorer sees s = q + sigma * noise (noise ~ N(0, 1)); the pick is argmax s.
    Returns (simulated mean q of the pick over `trials`, the prediction E[max of N normals] / sqrt(1 + sigma^2),
    with E[max] estimated from the same draws). Since E[q | s] = s / (1 + sigma^2), a noisy judge regresses.
    """
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((trials, N))
    z = rng.standard_normal((trials, N))
    s = q + sigma * z
    pick = q[np.arange(trials), np.argmax(s, axis=1)]
    e_max = float(np.max(rng.standard_normal((trials, N)), axis=1).mean())
    return float(pick.mean()), e_max / math.sqrt(1.0 + sigma * sigma)


# ---------------------------------------------------------------- 3. priors steer search


def _neglected_wins(P, g, c, N):
    """True when, after N simulations all spent on the favoured move, PUCT selects the neglected one.

    Scores: favoured g + c (1 - P) sqrt(N) / (1 + N); neglected 0 + c P sqrt(N) / (1 + 0). A tie goes to the
    favoured move (first in action order, as in mcts.select_child).
    """
    return mcts.puct_score(0.0, P, 0, N, c) > mcts.puct_score(g, 1.0 - P, N, N, c)


def first_visit(P, g, c=C_PUCT):
    """Simulations PUCT spends on the favoured move before it first selects the neglected one.

    Two moves at the root: the favoured one has prior 1 - P and value g >= 0 (every visit returns g); the
    neglected one has prior P (0 < P < 1) and value 0. The first simulation (N = 0) goes to the favoured move
    (all scores are 0; ties go to the first move). The answer is the smallest N >= 1 with
    c P sqrt(N) > g + c (1 - P) sqrt(N) / (1 + N). For N >= 1 the left side minus the right side increases
    with N, so we bisect. Upper end: x^2 with x = (g + sqrt(g^2 + 4 c^2 P (1 - P))) / (2 c P), the root of
    c P x = g + c (1 - P) / x, already wins (sqrt(N) / (1 + N) < 1 / sqrt(N)); x^2 is also the large-N estimate.
    """
    x = (g + math.sqrt(g * g + 4.0 * c * c * P * (1.0 - P))) / (2.0 * c * P)
    lo, hi = 1, int(x * x) + 2
    for _ in range(2000):  # bisection: log2 of any float-sized count is < 1100 steps
        if lo >= hi:
            break
        mid = (lo + hi) // 2
        if _neglected_wins(P, g, c, mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


class _TwoMoves:
    """A one-move 'game' for widgets/mcts.py: from the root, move 0 (favoured) or move 1 (neglected) ends it.

    terminal_value is for the side to move at the leaf, so the edge into it gets -terminal_value: the
    favoured move is worth g to the player who chose it, the neglected move 0.
    """

    N_ACTIONS = 2

    def __init__(self, g):
        self.g = g

    def legal_moves(self, s):
        return (0, 1) if s == "root" else ()

    def play(self, s, a):
        return ("favoured", "neglected")[a]

    def is_terminal(self, s):
        return s != "root"

    def terminal_value(self, s):
        return -self.g if s == "favoured" else 0.0


def first_visit_by_search(P, g, c=C_PUCT, max_simulations=5000):
    """The same count read off the shared search: run mcts.search (rule="puct") on the two-move root and return
    the number of simulations before the neglected move's first visit (None if not within max_simulations)."""
    game = _TwoMoves(g)
    evaluate = mcts.prior_value_evaluator(lambda s: (np.array([1.0 - P, P]), 0.0))
    _, history = mcts.search("root", max_simulations, c, "puct", evaluate, seed=0, game=game, record=True)
    for k, (N, _) in enumerate(history):
        if N[1] > 0:
            return k
    return None


def unvisited_bonus(P, N, c=C_PUCT, eps=0.25, alpha=0.03, n_moves=GO_MOVES):
    """PUCT's exploration bonus c P sqrt(N) / (1 + n) of an unvisited move (n = 0) after N parent visits.

    Returns (bonus with the prior P, expected bonus after AlphaZero's root noise P' = (1 - eps) P + eps eta,
    eta ~ Dirichlet(alpha, ..., alpha) over n_moves moves). E[eta_a] = 1 / n_moves whatever alpha is, and the
    bonus is linear in P, so E[bonus] = c ((1 - eps) P + eps / n_moves) sqrt(N).
    """
    mixed = (1.0 - eps) * P + eps / n_moves
    return c * P * math.sqrt(N), c * mixed * math.sqrt(N)


def noisy_first_visits(P, g, c=C_PUCT, eps=0.25, alpha=0.03, n_moves=GO_MOVES, draws=2000, seed=0):
    """first_visit of the neglected move when the root prior is mixed with Dirichlet noise, one draw per search.

    Only the neglected move's mixed prior P' = (1 - eps) P + eps eta matters here (the favoured move keeps
    1 - P'); eta is one component of Dirichlet(alpha, ..., alpha) over n_moves moves, i.e. Beta(alpha,
    (n_moves - 1) alpha). Returns an array of simulation counts (inf where P' = 0)."""
    rng = np.random.default_rng(seed)
    eta = rng.beta(alpha, (n_moves - 1) * alpha, size=draws)
    mixed = (1.0 - eps) * P + eps * eta
    return np.array([first_visit(q, g, c) if 0 < q < 1 else math.inf for q in mixed], dtype=float)


# ---------------------------------------------------------------- priors as pseudo-counts: the gazelle bandit


def posterior_mean(a, b, successes, trials):
    """Mean of the Beta(a + successes, b + trials - successes) posterior: (a + s) / (a + b + n)."""
    return (a + successes) / (a + b + trials)


def thompson_run(p, a, b, steps, seed):
    """Thompson sampling on a Bernoulli bandit; the cumulative pseudo-regret after each step (array of `steps`).

    rng = np.random.default_rng(seed); each step: theta = rng.beta(a, b) (one draw per arm, in arm order),
    pull arm = argmax theta (ties: the first), reward = rng.random() < p[arm]; only the pulled arm's counts
    change (a += reward, b += 1 - reward); the step's pseudo-regret is max(p) - p[arm].
    """
    rng = np.random.default_rng(seed)
    beta, rand = rng.beta, rng.random  # scalar draws: the same stream as rng.beta(a, b) on the arrays
    p = [float(x) for x in p]
    a, b = [float(x) for x in a], [float(x) for x in b]
    arms, best, total, regret = range(len(p)), max(p), 0.0, []
    for _ in range(int(steps)):
        theta = [beta(a[k], b[k]) for k in arms]
        arm = theta.index(max(theta))
        r = rand() < p[arm]
        a[arm] += r
        b[arm] += 1 - r
        total += best - p[arm]
        regret.append(total)
    return np.array(regret, dtype=float)


def thompson_regret(p, a, b, steps, seed):
    """Total pseudo-regret of one Thompson-sampling run (thompson_run's last value; 0.0 for 0 steps)."""
    r = thompson_run(p, a, b, steps, seed)
    return float(r[-1]) if r.size else 0.0


GAZELLE_P = (0.4, 0.6)  # arm 0: run towards the lion (worse), arm 1: run away (better)
GAZELLE_PRIORS = {  # name -> (a per arm, b per arm)
    "informative: Beta(4, 6), Beta(6, 4)": ((4, 6), (6, 4)),
    "flat: Beta(1, 1) for both": ((1, 1), (1, 1)),
    "misleading: Beta(30, 1), Beta(1, 30)": ((30, 1), (1, 30)),
}


def prior_ab(mean, strength):
    """Beta pseudo-counts with the given mean and strength a + b."""
    return mean * strength, (1.0 - mean) * strength


def thompson_mean_curve(p, a, b, steps, seeds):
    """Mean cumulative pseudo-regret over many runs at once (vectorised over runs, one generator: the same
    algorithm as thompson_run, not the same random numbers). a, b: pseudo-counts per arm."""
    rng = np.random.default_rng(seeds)
    p = np.asarray(p, dtype=float)
    k = p.size
    AB = np.tile(np.concatenate([np.asarray(a, dtype=float), np.asarray(b, dtype=float)]), (seeds, 1))
    rows = np.arange(seeds)
    u = rng.random((steps, seeds))  # the reward draws, all at once
    arms = np.empty((steps, seeds), dtype=int)
    for t in range(steps):
        g = rng.standard_gamma(AB)  # Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b): one call per step
        arm = (g[:, :k] / (g[:, :k] + g[:, k:])).argmax(axis=1)
        r = u[t] < p[arm]
        AB[rows, arm] += r
        AB[rows, arm + k] += ~r
        arms[t] = arm
    return np.cumsum((p.max() - p[arms]).mean(axis=1))


# ================================================================ explorables


def _title(text):
    return dict(text=text, x=0.02, xanchor="left", font=dict(size=14))


# ---------------------------------------------------------------- temperature


T_STEPS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0)
SEQ_LEN = 20


def _temp_title(T, top=1.0):
    p = top_p(softmax_entropy(zipf_logits(), T)[0], top)
    nz = p[p > 0]
    H = float(-(nz * np.log(nz)).sum())
    return (f"T = {T:.3g}, top-p = {top:.2f}: entropy H = {H:.2f} nats (max ln {ZIPF_V} = {math.log(ZIPF_V):.2f}); "
            f"e^H = {math.exp(H):.1f} effective tokens;<br>about 10^{SEQ_LEN * H / math.log(10):.0f} "
            f"typical {SEQ_LEN}-token sequences, of 10^{log10_sequences(ZIPF_V, SEQ_LEN):.0f} possible")


def _temp_figure():
    fig = go.Figure()
    fig.update_layout(**{**layout(height=430, margin=dict(l=70, r=30, t=80, b=110)), "title": _title("")},
                      meta={"alt": "Bar chart of the probabilities of 50 tokens under a Zipf-like next-token "
                                   "distribution at a chosen temperature; the title gives the entropy and the number "
                                   "of typical 20-token sequences."})
    fig.update_xaxes(title_text="token rank (1 = most probable at T = 1)")
    fig.update_yaxes(title_text="probability", range=[0, 1])
    return fig


def temperature_static():
    """Temperature in the book: a slider over T (top-p = 1)."""
    fig = _temp_figure()
    ranks = np.arange(1, ZIPF_V + 1)
    default = T_STEPS.index(1.0)
    fig.add_trace(go.Bar(x=ranks, y=softmax_entropy(zipf_logits(), 1.0)[0], name="p(token)",
                         marker_color=PALETTE["blue"]))
    precomputed_slider_figure(fig, "temperature T", T_STEPS, lambda T: {"y": [softmax_entropy(zipf_logits(), T)[0]]},
                              [0], active=default, title=_temp_title)
    fig.update_layout(title_text=_temp_title(1.0))
    return fig


def temperature_live():
    """Temperature in JupyterLab: T and top-p."""
    style = {"description_width": "120px"}
    T = W.FloatLogSlider(1.0, base=10, min=-1.3, max=0.8, step=0.05, description="temperature T", style=style)
    top = W.FloatSlider(1.0, min=0.05, max=1.0, step=0.05, description="top-p", style=style)
    fw = go.FigureWidget(_temp_figure())
    fw.add_trace(go.Bar(x=np.arange(1, ZIPF_V + 1), name="p(token)", marker_color=PALETTE["blue"]))

    def update(*_):
        p = top_p(softmax_entropy(zipf_logits(), T.value)[0], top.value)
        with fw.batch_update():
            fw.data[0].y = p
            fw.layout.title.text = _temp_title(T.value, top.value)

    for w in (T, top):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([T, top]), fw])


def temperature_explorer() -> Explorable:
    return Explorable("Temperature and entropy", live=temperature_live, static=temperature_static)


# ---------------------------------------------------------------- generate and verify


N_GRID = np.unique(np.round(np.logspace(0, 4, 41)).astype(int))
FPR_STEPS = (0.0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)


def _gv_curves(p, tpr, fpr):
    good = 1.0 - (1.0 - p) ** N_GRID
    good_accepted = 1.0 - (1.0 - p * tpr) ** N_GRID
    bad_accepted = N_GRID * (1.0 - p) * fpr
    return good, good_accepted, bad_accepted


def _gv_title(p, N, tpr, fpr):
    p_any, prec, good, acc = generate_verify(p, N, tpr, fpr)
    return (f"p = {p:g}, N = {N}, TPR = {tpr:.2f}, FPR = {fpr:g}: P(≥ 1 good) = {p_any:.3f};<br>"
            f"accepted {acc:.2f} on average, {good:.2f} of them good: precision {prec:.3f}")


def _gv_figure():
    fig = go.Figure()
    fig.update_layout(**{**layout(height=450, margin=dict(l=70, r=85, t=80, b=110),
                                  legend=dict(x=0.01, y=0.99, bgcolor="rgba(255,255,255,0.85)")),
                         "title": _title("")},
                      meta={"alt": "Against the number of samples N on a log axis: the chance that at least one "
                                   "sample is good, the chance that at least one good sample is accepted, and (right "
                                   "axis) the expected number of bad samples the verifier accepts."},
                      yaxis2=dict(title=dict(text="bad samples accepted (expected)"), overlaying="y",
                                  side="right", type="log", showgrid=False, dtick=1, exponentformat="power"))
    fig.update_xaxes(title_text="samples generated N", type="log")
    fig.update_layout(yaxis=dict(title=dict(text="probability"), range=[0, 1.02]))
    return fig


def _gv_traces(fig, p, tpr, fpr):
    good, good_acc, bad = _gv_curves(p, tpr, fpr)
    fig.add_trace(go.Scatter(x=N_GRID, y=good, name="P(≥ 1 good generated)", line=dict(color=PALETTE["green"])))
    fig.add_trace(go.Scatter(x=N_GRID, y=good_acc, name="P(≥ 1 good accepted)",
                             line=dict(color=PALETTE["blue"], width=3)))
    fig.add_trace(go.Scatter(x=N_GRID, y=np.maximum(bad, 1e-3), name="bad accepted (right axis)", yaxis="y2",
                             line=dict(color=PALETTE["vermillion"], dash="dash")))


def generate_verify_static(p=0.01, N=100, tpr=0.9):
    """Generate-and-verify in the book: a slider over the false-positive rate."""
    fig = _gv_figure()
    default = FPR_STEPS.index(0.05)
    _gv_traces(fig, p, tpr, FPR_STEPS[default])

    def states(f):
        good, good_acc, bad = _gv_curves(p, tpr, f)
        return {"y": [good, good_acc, np.maximum(bad, 1e-3)]}

    precomputed_slider_figure(fig, "false-positive rate FPR", FPR_STEPS, states, [0, 1, 2], active=default,
                              title=lambda f: _gv_title(p, N, tpr, f))
    fig.update_layout(title_text=_gv_title(p, N, tpr, FPR_STEPS[default]))
    fig.update_layout(yaxis2_range=[-3, 4])
    return fig


def generate_verify_live():
    """Generate-and-verify in JupyterLab: p, N, TPR, FPR."""
    style = {"description_width": "150px"}
    p = W.FloatLogSlider(0.01, base=10, min=-4, max=-0.3, step=0.1, description="p (good share)", style=style)
    N = W.IntSlider(100, min=1, max=10000, step=1, description="N (samples)", style=style)
    tpr = W.FloatSlider(0.9, min=0.0, max=1.0, step=0.05, description="TPR", style=style)
    fpr = W.FloatSlider(0.05, min=0.0, max=0.5, step=0.005, description="FPR", style=style, readout_format=".3f")
    fw = go.FigureWidget(_gv_figure())
    _gv_traces(fw, p.value, tpr.value, fpr.value)
    fw.update_layout(yaxis2_range=[-3, 4])
    fw.add_vline(x=math.log10(N.value), line=dict(color="#777", dash="dot"))

    def update(*_):
        good, good_acc, bad = _gv_curves(p.value, tpr.value, fpr.value)
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y, fw.data[2].y = good, good_acc, np.maximum(bad, 1e-3)
            fw.layout.shapes[0].x0 = fw.layout.shapes[0].x1 = N.value
            fw.layout.title.text = _gv_title(p.value, N.value, tpr.value, fpr.value)

    for w in (p, N, tpr, fpr):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([p, N]), W.VBox([tpr, fpr])]), fw])


def generate_and_verify() -> Explorable:
    return Explorable("Generate and verify", live=generate_verify_live, static=generate_verify_static)


# ---------------------------------------------------------------- finding move 37


P_GRID = np.logspace(-6, -0.5, 23)  # priors of the neglected move
GAPS = (0.05, 0.1, 0.3, 0.55, 1.0)  # value gaps g
C_STEPS = (0.5, 1.0, 1.25, 2.0, 3.0, 5.0)


def _fv_curve(g, c):
    return np.array([first_visit(float(P), g, c) for P in P_GRID], dtype=float)


def _fv_title(c, P=1e-4, g=0.55):
    return (f"c = {c:g}: a move with prior {P:.0e} and a value gap of {g:g}<br>is first tried after "
            f"{first_visit(P, g, c):,} simulations (two-move model)")


def _fv_figure():
    fig = go.Figure()
    fig.add_vline(x=1e-4, line=dict(color="#777", dash="dot"))
    fig.update_layout(**{**layout(height=460, margin=dict(l=80, r=30, t=80, b=110),
                                  legend=dict(x=0.99, y=0.99, xanchor="right", bgcolor="rgba(255,255,255,0.85)")),
                         "title": _title("")},
                      meta={"alt": "Log-log plot of the number of PUCT simulations before a neglected move is first "
                                   "tried against its prior, one curve per value gap to the favoured move; the dotted "
                                   "line marks a prior of 1 in 10,000."})
    fig.update_xaxes(title_text="prior P of the neglected move", type="log", exponentformat="power")
    fig.update_yaxes(title_text="simulations before its first visit", type="log", exponentformat="power")
    return fig


def move37_static():
    """Finding Move 37 in the book: a slider over c; one curve per value gap."""
    fig = _fv_figure()
    default = C_STEPS.index(1.25)
    colors = [PALETTE[k] for k in ("sky", "blue", "green", "vermillion", "purple")]
    for g, col in zip(GAPS, colors):
        fig.add_trace(go.Scatter(x=P_GRID, y=_fv_curve(g, C_STEPS[default]), name=f"value gap g = {g:g}",
                                 line=dict(color=col, width=3 if g == 0.55 else 2)))
    precomputed_slider_figure(fig, "exploration constant c", C_STEPS,
                              lambda c: {"y": [_fv_curve(g, c) for g in GAPS]}, list(range(len(GAPS))),
                              active=default, title=_fv_title)
    fig.update_layout(title_text=_fv_title(C_STEPS[default]))
    return fig


def move37_live():
    """Finding Move 37 in JupyterLab: c, the value gap and the neglected move's prior."""
    style = {"description_width": "170px"}
    c = W.FloatSlider(1.25, min=0.25, max=5.0, step=0.25, description="c (exploration)", style=style)
    g = W.FloatSlider(0.55, min=0.0, max=1.0, step=0.05, description="value gap g", style=style)
    logP = W.FloatSlider(-4.0, min=-6.0, max=-0.5, step=0.25, description="log10 prior P", style=style)
    fw = go.FigureWidget(_fv_figure())
    fw.add_trace(go.Scatter(x=P_GRID, name="simulations to first visit", line=dict(color=PALETTE["blue"], width=3)))
    fw.add_trace(go.Scatter(x=P_GRID, name="large-N limit (g / cP)²", line=dict(color=PALETTE["orange"], dash="dash")))
    fw.add_trace(go.Scatter(mode="markers", name="your move", marker=dict(color=PALETTE["vermillion"], size=12)))

    def update(*_):
        P = 10.0 ** logP.value
        n = first_visit(P, g.value, c.value)
        with fw.batch_update():
            fw.data[0].y = _fv_curve(g.value, c.value)
            fw.data[1].y = np.maximum((g.value / (c.value * P_GRID)) ** 2, 1.0)
            fw.data[2].x, fw.data[2].y = [P], [n]
            fw.layout.title.text = _fv_title(c.value, P, g.value)

    for w in (c, g, logP):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([c, g]), logP]), fw])


def finding_move_37() -> Explorable:
    return Explorable("Finding Move 37", live=move37_live, static=move37_static)


# ---------------------------------------------------------------- the gazelle bandit


BANDIT_STEPS = 200
BANDIT_RUNS = 40
LIVE_STEPS, LIVE_RUNS = 100, 12  # the live widget recomputes on every move: fewer pulls and runs (latency)
STRENGTHS = (2, 5, 10, 20, 40, 80)


def _bandit_curves(strength, runs=BANDIT_RUNS):
    """Mean cumulative regret for a correct, a flat and a misleading prior of the given strength."""
    out = []
    for m0, m1 in ((0.4, 0.6), (0.5, 0.5), (0.9, 0.1)):
        a0, b0 = prior_ab(m0, strength)
        a1, b1 = prior_ab(m1, strength)
        out.append(thompson_mean_curve(GAZELLE_P, (a0, a1), (b0, b1), BANDIT_STEPS, runs))
    return out


def _bandit_title(strength):
    return (f"prior strength a + b = {strength:g} per arm (runs towards the lion 0.4, away 0.6):<br>"
            "correct, flat and misleading prior means, Thompson sampling")


def _bandit_figure():
    fig = go.Figure()
    fig.update_layout(**{**layout(height=450, margin=dict(l=70, r=30, t=80, b=110),
                                  legend=dict(x=0.01, y=0.99, bgcolor="rgba(255,255,255,0.85)")),
                         "title": _title("")},
                      meta={"alt": "Mean cumulative regret of Thompson sampling against the number of pulls for a "
                                   "correct, a flat and a misleading prior of the chosen strength."})
    fig.update_xaxes(title_text="pulls")
    fig.update_yaxes(title_text="cumulative regret (mean)", rangemode="tozero")
    return fig


NAMES = ("correct prior (0.4, 0.6)", "flat prior (0.5, 0.5)", "misleading prior (0.9, 0.1)")
COLORS = ("green", "blue", "vermillion")


def bandit_static():
    """The gazelle bandit in the book: a slider over the prior strength."""
    fig = _bandit_figure()
    default = STRENGTHS.index(10)
    x = np.arange(1, BANDIT_STEPS + 1)
    for name, col, y in zip(NAMES, COLORS, _bandit_curves(STRENGTHS[default])):
        fig.add_trace(go.Scatter(x=x[::5], y=y[::5], name=name, line=dict(color=PALETTE[col], width=2.5)))
    precomputed_slider_figure(fig, "prior strength a + b", STRENGTHS,
                              lambda s: {"y": [y[::5] for y in _bandit_curves(s)]}, [0, 1, 2], active=default,
                              fmt="{:d}".format, title=_bandit_title)
    fig.update_layout(title_text=_bandit_title(STRENGTHS[default]))
    return fig


def bandit_live():
    """The gazelle bandit in JupyterLab: the prior mean of the better arm, and the prior strength."""
    style = {"description_width": "200px"}
    m1 = W.FloatSlider(0.1, min=0.05, max=0.95, step=0.05, description="prior mean, run away (0.6)", style=style)
    s = W.IntSlider(10, min=2, max=100, step=2, description="prior strength a + b", style=style)
    fw = go.FigureWidget(_bandit_figure())
    x = np.arange(1, LIVE_STEPS + 1)[::5]
    fw.add_trace(go.Scatter(x=x, name="flat prior (0.5, 0.5)", line=dict(color=PALETTE["blue"], width=2)))
    fw.add_trace(go.Scatter(x=x, name="your prior", line=dict(color=PALETTE["vermillion"], width=3)))
    flat = thompson_mean_curve(GAZELLE_P, (1, 1), (1, 1), LIVE_STEPS, LIVE_RUNS)[::5]

    def update(*_):
        a1, b1 = prior_ab(m1.value, s.value)
        a0, b0 = prior_ab(1.0 - m1.value, s.value)
        y = thompson_mean_curve(GAZELLE_P, (a0, a1), (b0, b1), LIVE_STEPS, LIVE_RUNS)[::5]
        with fw.batch_update():
            fw.data[0].y, fw.data[1].y = flat, y
            fw.layout.title.text = (f"prior means: towards the lion {1 - m1.value:.2f}, away {m1.value:.2f}; "
                                    f"strength {s.value}:<br>mean regret after {LIVE_STEPS} pulls ({LIVE_RUNS} runs) {y[-1]:.1f} "
                                    f"(flat prior {flat[-1]:.1f})")

    for w in (m1, s):
        w.observe(update, "value")
    update()
    return W.VBox([W.HBox([m1, s]), fw])


def gazelle_bandit() -> Explorable:
    return Explorable("The gazelle bandit", live=bandit_live, static=bandit_static)
