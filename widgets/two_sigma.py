"""The 2-sigma problem, and how this course teaches: the models of chapter `two-sigma` and its explorables.

Models (pure numpy / math, parameters in, numbers or arrays out; effect sizes in units of the control's σ):
    effect_stats         U3 = Φ(d), overlap 2Φ(−|d|/2), superiority Φ(d/√2), share above the control's 80th percentile
    share_above          share of N(μ, σ²) above a threshold τ: 1 − Φ((τ − μ)/σ)
    cohens_d             (mean(b) − mean(a)) / pooled SD (ddof = 1)
    bkt_update           one Bayesian-knowledge-tracing step: posterior after an answer, then the learning step
    bkt_trace            P(mastery) over a sequence of answers
    h_index              the largest h with h papers of at least h citations
    tokenize, tfidf_index, tfidf_scores, tfidf_rank   TF-IDF retrieval (smooth idf, L2 rows, cosine)
    invalid_citations    the cited section ids that the answer may not cite
    book_sections, load_sections, Lookup   the course's own sections as a lookup that only cites them
    read_only_history, skill_histories      the learner's recorded checks, from a private copy of the progress file
Explorables: two_normals(), your_progress(), grounded_lookup().

The normal CDF and quantile are imported from `widgets.evals_goodhart` (written once there); the course map and
the progress database from `course.chapters` and `course.progress`.
"""
from __future__ import annotations

import collections
import functools
import json
import math
import re
import shutil
import tempfile
from pathlib import Path

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course import chapters as course_chapters
from course import progress
from course.explorable import Explorable
from course.figures import PALETTE, pinned_layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.evals_goodhart import normal_cdf, normal_quantile

ROOT = Path(__file__).resolve().parents[1]
SECTIONS_FILE = ROOT / "data" / "book_sections" / "sections.json"

# ------------------------------------------------------------------ effect sizes


def effect_stats(d):
    """Four readings of a standardized mean difference d between two equal-variance normal groups.

    Returns (U3, overlap, superiority, above_p80), floats:
      U3 = Φ(d), the share of the treated group above the control's mean (Cohen's U3);
      overlap = 2Φ(−|d|/2), the area shared by the two densities (OVL);
      superiority = Φ(d/√2), P(a random treated person beats a random control person);
      above_p80 = 1 − Φ(z₀.₈ − d), the treated share above the control's 80th percentile (z₀.₈ = Φ⁻¹(0.8)).
    """
    d = float(d)
    u3 = float(normal_cdf(d))
    overlap = 2.0 * float(normal_cdf(-abs(d) / 2.0))
    superiority = float(normal_cdf(d / math.sqrt(2.0)))
    above_p80 = 1.0 - float(normal_cdf(normal_quantile(0.8) - d))
    return u3, overlap, superiority, above_p80


def share_above(mu, sigma, tau):
    """Share of a normal population N(mu, sigma²) above the threshold tau: 1 − Φ((tau − mu)/sigma)."""
    return 1.0 - float(normal_cdf((tau - mu) / sigma))


def cohens_d(a, b):
    """Cohen's d of group b over group a: (mean(b) − mean(a)) / s_pooled, with
    s_pooled² = ((n_a − 1)s_a² + (n_b − 1)s_b²)/(n_a + n_b − 2) and sample variances (ddof = 1)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    na, nb = len(a), len(b)
    pooled = ((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2)
    return float((b.mean() - a.mean()) / math.sqrt(pooled))


# ------------------------------------------------------------------ Bayesian knowledge tracing


def bkt_update(p_known, correct, T, S, G):
    """One BKT step (Corbett & Anderson 1995) for one skill.

    p_known: P(L), the probability the skill is known before the answer; correct: the answer was right;
    T: P(learn) at each practice opportunity; S: P(slip), wrong although known; G: P(guess), right although unknown.
    Returns (posterior, next): P(L | answer) by Bayes' rule, then P(L') = posterior + (1 − posterior)·T.
    """
    if correct:
        posterior = p_known * (1 - S) / (p_known * (1 - S) + (1 - p_known) * G)
    else:
        posterior = p_known * S / (p_known * S + (1 - p_known) * (1 - G))
    return posterior, posterior + (1 - posterior) * T


def bkt_trace(answers, p0, T, S, G):
    """P(mastery) before the first answer and after each one: array of len(answers) + 1 (the 'next' values)."""
    out = [float(p0)]
    for correct in answers:
        out.append(float(bkt_update(out[-1], bool(correct), T, S, G)[1]))
    return np.array(out)


MASTERY = 0.95  # the conventional BKT mastery threshold (Corbett & Anderson 1995)

# ------------------------------------------------------------------ the h-index


def h_index(citations):
    """The largest h such that h of the papers have at least h citations each (0 for no papers)."""
    ranked = sorted(citations, reverse=True)
    h = 0
    for i, c in enumerate(ranked, start=1):
        if c >= i:
            h = i
        else:
            break
    return h


# ------------------------------------------------------------------ TF-IDF retrieval


def tokenize(text):
    """Lower-case runs of letters and digits: 'Bloom's 2-sigma' -> ['bloom', 's', '2', 'sigma']."""
    return re.findall(r"[a-z0-9]+", str(text).lower())


def tfidf_index(docs):
    """A TF-IDF index of a list of documents (strings).

    tf = raw count of a token in a document; idf(t) = ln((1 + N)/(1 + df(t))) + 1 (N documents, df(t) of them
    contain t); each document vector tf·idf is scaled to length 1 (an empty one stays 0).
    Returns (vocab: dict token -> column, idf: array, matrix: (N, V) array).
    """
    counts = [collections.Counter(tokenize(d)) for d in docs]
    vocab = {t: j for j, t in enumerate(sorted(set().union(*counts)))}
    df = np.zeros(len(vocab))
    matrix = np.zeros((len(docs), len(vocab)))
    for i, c in enumerate(counts):
        for t, n in c.items():
            matrix[i, vocab[t]] = n
            df[vocab[t]] += 1
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return vocab, idf, matrix


def tfidf_scores(query, index):
    """Cosine similarity of the query (tf·idf over the index's vocabulary, length 1) with every document."""
    vocab, idf, matrix = index
    q = collections.Counter(t for t in tokenize(query) if t in vocab)
    if not q:
        return np.zeros(matrix.shape[0])
    cols = np.array([vocab[t] for t in q])
    weights = np.array([q[t] for t in q], dtype=float) * idf[cols]
    weights /= np.linalg.norm(weights)
    return matrix[:, cols] @ weights


def tfidf_rank(query, docs, k=3):
    """Indices of the k documents most similar to the query, best first; ties go to the lower index."""
    scores = tfidf_scores(query, tfidf_index(docs))
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


CITATION = re.compile(r"\[([a-z0-9-]+#\d+)\]")  # a citation is one section id in brackets: [td-learning#3]


def invalid_citations(answer, allowed):
    """The set of section ids cited in `answer` (as [slug#n]) that are not in `allowed`."""
    return set(CITATION.findall(answer)) - set(allowed)


# ------------------------------------------------------------------ the book as a lookup


SKIPPED = ("sources", "stretch", "reflection")


def book_sections(chapter_list=None):
    """Every '## ' section of the available chapters' markdown that teaches something: the text before the first
    heading (title, objectives: a summary of the whole chapter), stretch problems, reflections and Sources lists are
    left out, so a question lands where its topic is taught.

    id = '<slug>#<n>', n = 1, 2, ... the '## ' headings in order (their own numbering may differ).
    Returns a list of dicts {id, chapter, title, text}.
    """
    import nbformat

    out = []
    for ch in chapter_list if chapter_list is not None else course_chapters.available():
        nb = nbformat.read(ch.notebook, as_version=4)
        md = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        parts = re.split(r"(?m)^## ", md)
        for n, part in enumerate(parts):
            head, _, body = part.partition("\n")
            title = ch.title if n == 0 else head.strip()
            if n == 0 or re.sub(r"^\d+\.\s*", "", title).lower().startswith(SKIPPED):
                continue
            text = re.sub(r"\(https?://[^)\s]*\)", "", part if n == 0 else body)
            out.append({"id": f"{ch.slug}#{n}", "chapter": ch.slug, "title": title, "text": text.strip()})
    return out


def write_sections(path=SECTIONS_FILE):
    """Refresh the snapshot of the book's sections (data/book_sections/sections.json)."""
    sections = book_sections()
    Path(path).write_text(json.dumps(sections, ensure_ascii=False, indent=0) + "\n")
    return len(sections)


@functools.lru_cache(maxsize=2)
def load_sections(path=str(SECTIONS_FILE)):
    """The snapshot of the book's sections (a tuple of dicts), read once."""
    return tuple(json.loads(Path(path).read_text()))


class Lookup:
    """A question -> the top-k sections of the book by TF-IDF (index built once). It only ever returns ids of
    authored sections; an answer built on it may cite only those (check with invalid_citations)."""

    def __init__(self, sections=None):
        self.sections = list(sections if sections is not None else load_sections())
        self.ids = [s["id"] for s in self.sections]
        self.index = tfidf_index([s["title"] + "\n" + s["text"] for s in self.sections])

    def __call__(self, question, k=3):
        """[(id, title, score), ...] best first (ties to the earlier section)."""
        scores = tfidf_scores(question, self.index)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], self.sections[i]["title"], float(scores[i])) for i in top]


@functools.lru_cache(maxsize=1)
def book_lookup():
    return Lookup()


# Questions a learner might ask, each with the section that answers it (checked by hand against the text).
QUESTIONS = (
    ("How does dopamine signal a reward prediction error?", "td-learning#2"),
    ("Why does a value function bootstrap, the random walk of Sutton and Barto?", "td-learning#5"),
    ("How many failure-free miles prove a failure rate, the rule of three?", "demo-vs-product#4"),
    ("What is the Bradley-Terry model and a win rate against experts with a Wilson interval?", "evals-goodhart#4"),
    ("How does Monte Carlo tree search choose a move with UCT?", "game-tree-search#5"),
    ("What are Chinchilla compute-optimal tokens per parameter?", "scaling-laws#4"),
    ("Why does a model refitted to its own samples lose entropy and collapse?", "synthetic-data#4"),
    ("What is the knowledge distillation loss with temperature T squared?", "cognitive-core#4"),
    ("How does RoPE encode position as a rotation?", "transformers#4"),
    ("What is comparative advantage between Human and Claude?", "jobs-abundance#3"),
    ("How do replay and consolidation prevent catastrophic forgetting?", "continual-learning#3"),
    ("What does the cerebellum do about timing and delay?", "brain-hardware#6"),
)


# ------------------------------------------------------------------ the learner's checks, read only


def read_only_history(path=None):
    """Every recorded check of the learner, oldest first, read from a private copy of the progress database.

    The file at `path` (default: the learner's own, course.progress.db_path()) is only copied, never opened
    by SQLite, so running this cannot change it (nor create it when it does not exist)."""
    src = Path(path) if path is not None else progress.db_path()
    if not src.is_file():
        return []
    with tempfile.TemporaryDirectory(prefix="two-sigma-") as tmp:
        copy = Path(tmp) / progress.DB_NAME
        for suffix in ("", "-wal"):
            f = src.with_name(src.name + suffix)
            if f.is_file():
                shutil.copyfile(f, copy.with_name(copy.name + suffix))
        return progress.history(path=copy)


ANSWERED = {"passed": True, "failed": False, "error": False}  # 'not attempted' / 'missing' are not answers


def skill_histories(rows):
    """{(chapter, exercise): [True/False per graded attempt]} from progress history rows, in the order of the
    course map (then exercise order of first attempt); untouched stubs are skipped."""
    order = {ch.slug: ch.number for ch in course_chapters.CHAPTERS}
    out = {}
    for r in rows:
        if r["status"] in ANSWERED:
            out.setdefault((r["chapter"], r["exercise"]), []).append(ANSWERED[r["status"]])
    return dict(sorted(out.items(), key=lambda kv: order.get(kv[0][0], 99)))


# A made-up learner for the book (no kernel, no progress file): each skill's answers, oldest first.
DEMO_HISTORY = {
    ("td-learning", "td_update"): [False, True, True, True],
    ("demo-vs-product", "p_conversation"): [True, True, True],
    ("demo-vs-product", "validation_miles"): [False, False, True, False, True],
    ("evals-goodhart", "win_rate_wilson"): [True, False, True, True],
    ("game-tree-search", "negamax"): [False, False, False],
    ("scaling-laws", "chinchilla_optimal"): [True],
    ("two-sigma", "effect_stats"): [False, True, True, True, True],
    ("two-sigma", "bkt_update"): [True, False, False, True],
}
BKT_DEFAULTS = {"p0": 0.3, "T": 0.1, "S": 0.1, "G": 0.2}


def mastery(histories, p0, T, S, G, upto=None):
    """P(mastery) of each skill after its first `upto` answers (all if None): array, one per skill."""
    return np.array([bkt_trace(a if upto is None else a[:upto], p0, T, S, G)[-1] for a in histories.values()])


# ================================================================== explorables (live + static twins)

D_MARKS = ((0.4, "0.4 typical"), (0.79, "0.79 tutors"), (1.0, "1.0 mastery"), (2.0, "2.0 Bloom"))
D_GRID = (0.0, 0.2, 0.4, 0.6, 0.79, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
X = np.linspace(-4, 7, 111)
D_CURVE = np.linspace(0, 3, 61)


def _pdf(x, mu):
    return np.exp(-0.5 * (x - mu) ** 2) / math.sqrt(2 * math.pi)


def _normals_title(d):
    u3, ovl, sup, p80 = effect_stats(d)
    return (f"d = {d:.2f}: U3 {u3:.3f} · overlap {ovl:.3f} · superiority {sup:.3f}<br>"
            f"treated above the control's 80th percentile: {p80:.3f}")


def _normals_states(d):
    u3, ovl, sup, p80 = effect_stats(d)
    return {"y": [_pdf(X, d), np.minimum(_pdf(X, 0), _pdf(X, d)), [u3, ovl, sup]],
            "x": [X, X, [d, d, d]]}


def _normals_figure(height=560, bottom=110):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.56, 0.44], horizontal_spacing=0.1,
                        subplot_titles=("two groups, σ = 1", "the three readings of d"))
    z80 = normal_quantile(0.8)
    fig.add_trace(go.Scatter(x=X, y=round_sig(_pdf(X, 0)), name="control N(0, 1)", mode="lines",
                             line=dict(color="#777", width=2), hoverinfo="skip"), 1, 1)
    fig.add_trace(go.Scatter(x=[z80, z80], y=[0, 0.42], name="control's 80th percentile", mode="lines",
                             line=dict(color=PALETTE["black"], dash="dot", width=1.5), hoverinfo="skip"), 1, 1)
    for name, f, colour in (("U3 = Φ(d)", lambda d: normal_cdf(d), PALETTE["blue"]),
                            ("overlap 2Φ(−|d|/2)", lambda d: 2 * normal_cdf(-d / 2), PALETTE["orange"]),
                            ("superiority Φ(d/√2)", lambda d: normal_cdf(d / math.sqrt(2)), PALETTE["green"])):
        fig.add_trace(go.Scatter(x=D_CURVE, y=round_sig(f(D_CURVE)), name=name, mode="lines",
                                 line=dict(color=colour, width=2.5),
                                 hovertemplate="d=%{x:.2f}: %{y:.3f}<extra></extra>"), 1, 2)
    for d, label in D_MARKS:
        fig.add_vline(x=d, line=dict(color="#bbb", width=1, dash="dash"), row=1, col=2)
        fig.add_annotation(x=d, y=0.02, text=label, showarrow=False, textangle=-90,
                           xanchor="right", yanchor="bottom", font=dict(size=10, color="#555"), row=1, col=2)
    # the traces a control moves: 5 treated density, 6 shared area, 7 the three readings at d
    fig.add_trace(go.Scatter(x=X, name="treated N(d, 1)", mode="lines", line=dict(color=PALETTE["blue"], width=3),
                             hoverinfo="skip"), 1, 1)
    fig.add_trace(go.Scatter(x=X, name="shared area (overlap)", mode="lines", fill="tozeroy", line=dict(width=0),
                             fillcolor="rgba(230,159,0,0.35)", hoverinfo="skip"), 1, 1)
    fig.add_trace(go.Scatter(name="your d", mode="markers", showlegend=False,
                             marker=dict(size=11, color=[PALETTE["blue"], PALETTE["orange"], PALETTE["green"]],
                                         line=dict(color="white", width=1.5)),
                             hovertemplate="%{y:.4f}<extra></extra>"), 1, 2)
    fig.update_layout(**pinned_layout(height, margin=dict(l=60, r=25, t=120, b=bottom),
                                      legend=dict(orientation="h", x=0, y=-55 / (height - 120 - bottom),
                                                  xanchor="left", yanchor="top")),
                      meta={"alt": "Left: the control and treated score distributions, one standard deviation wide, "
                                   "their shared area shaded and the control's 80th percentile marked; right: U3, "
                                   "overlap and probability of superiority as functions of the effect size d, with "
                                   "d = 0.4, 0.79, 1.0 and 2.0 marked."})
    fig.update_xaxes(title_text="score (control σ = 1)", range=[-4, 7], row=1, col=1)
    fig.update_yaxes(title_text="density", range=[0, 0.45], row=1, col=1)
    fig.update_xaxes(title_text="effect size d", range=[0, 3], row=1, col=2)
    fig.update_yaxes(title_text="share / probability", range=[0, 1.04], row=1, col=2)
    return fig


def normals_static(grid=D_GRID):
    """The book's twin: slider over d."""
    height, bottom = 700, 220
    fig = _normals_figure(height, bottom)
    d0 = 2.0
    for i, (x, y) in zip((5, 6, 7), zip(_normals_states(d0)["x"], _normals_states(d0)["y"])):
        fig.data[i].x, fig.data[i].y = round_sig(x), round_sig(y)
    precomputed_slider_figure(fig, "effect size d", grid, _normals_states, [5, 6, 7], active=grid.index(d0),
                              title=_normals_title)
    fig.layout.sliders[0].y = -125 / (height - 120 - bottom)  # below the legend
    return fig.update_layout(title=pinned_title(_normals_title(d0), height, size=15))


def normals_live():
    """Two normals in JupyterLab: the effect size d."""
    height = 620
    fw = go.FigureWidget(_normals_figure(height, 140).update_layout(title=pinned_title("", height, size=15)))
    d = W.FloatSlider(2.0, min=-1.0, max=3.0, step=0.01, description="effect size d", readout_format=".2f",
                      style={"description_width": "110px"}, layout=W.Layout(width="420px"))

    def update(*_):
        s = _normals_states(d.value)
        with fw.batch_update():
            for i, x, y in zip((5, 6, 7), s["x"], s["y"]):
                fw.data[i].x, fw.data[i].y = x, y
            fw.layout.title.text = _normals_title(d.value)

    d.observe(update, "value")
    update()
    return W.VBox([d, fw])


def two_normals() -> Explorable:
    return Explorable("Two normals", live=normals_live, static=normals_static)


# ------------------------------------------------------------------ 2. your progress through BKT


def _skill_labels(histories):
    return [f"{ch} · {ex}" for ch, ex in histories]


def _progress_states(histories, p0, T, S, G, upto=None):
    m = mastery(histories, p0, T, S, G, upto)
    marks = ["".join("✓" if a else "✗" for a in (h if upto is None else h[:upto])) or "–" for h in histories.values()]
    colours = [PALETTE["green"] if v >= MASTERY else PALETTE["sky"] for v in m]
    return m, [f"{v:.3f}  {s}" for v, s in zip(m, marks)], colours


def _progress_title(histories, m, source):
    n = int(np.sum(np.asarray(m) >= MASTERY))
    return f"{source}: {n} of {len(histories)} skills at P(mastery) ≥ {MASTERY}"


def _progress_figure(labels, height):
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, orientation="h", name="P(mastery)", textposition="outside", showlegend=False,
                         cliponaxis=False, hovertemplate="%{y}: %{x:.3f}<extra></extra>"))
    fig.add_vline(x=MASTERY, line=dict(color=PALETTE["vermillion"], dash="dash", width=2), layer="below")
    fig.add_annotation(x=MASTERY, y=1.0, yref="paper", yanchor="bottom", showarrow=False, text=f"mastery {MASTERY}",
                       font=dict(size=12, color=PALETTE["vermillion"]))
    fig.update_layout(**pinned_layout(height, margin=dict(l=250, r=120, t=90, b=60),
                                      legend=dict(orientation="h", x=1, xanchor="right", y=1.0, yanchor="bottom")),
                      meta={"alt": "One bar per practised skill (exercise): the probability that it is mastered, "
                                   "from the right and wrong checks recorded for it through Bayesian knowledge "
                                   "tracing, against the 0.95 mastery line."})
    fig.update_xaxes(title_text="P(mastery) after the recorded checks", range=[0, 1.0])
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


def progress_static(histories=None, steps=(0, 1, 2, 3, 4, 5)):
    """The book's twin, on the demo learner: slider over the number of answers seen per skill."""
    histories = DEMO_HISTORY if histories is None else histories
    p = BKT_DEFAULTS
    height = 520
    fig = _progress_figure(_skill_labels(histories), height)
    m, text, colours = _progress_states(histories, **p)
    fig.data[0].update(x=round_sig(m), text=text, marker_color=colours)

    def states(k):
        m, text, colours = _progress_states(histories, **p, upto=k)
        return {"x": [m], "text": [text], "marker.color": [colours]}

    def title(k):
        return _progress_title(histories, mastery(histories, **p, upto=k), f"demo learner, first {k} answers per skill")

    precomputed_slider_figure(fig, "answers seen per skill", steps, states, [0], active=len(steps) - 1, title=title)
    return fig.update_layout(title=pinned_title(title(steps[-1]), height, size=15))


def progress_live(path=None):
    """Your progress in JupyterLab: your recorded checks (read from a copy of your progress file) or the demo
    learner, through BKT with adjustable P(L₀), T, S, G."""
    mine = skill_histories(read_only_history(path))
    sources = {"the demo learner": DEMO_HISTORY}
    if mine:
        sources = {"your recorded checks": mine, **sources}
    first = next(iter(sources))
    height = 520
    fw = go.FigureWidget(_progress_figure(_skill_labels(sources[first]), height))
    style, lay = {"description_width": "120px"}, W.Layout(width="330px")
    p0 = W.FloatSlider(0.3, min=0.0, max=0.99, step=0.01, description="P(L₀) prior", style=style, layout=lay)
    T = W.FloatSlider(0.1, min=0.0, max=0.5, step=0.01, description="T learn", style=style, layout=lay)
    S = W.FloatSlider(0.1, min=0.0, max=0.45, step=0.01, description="S slip", style=style, layout=lay)
    G = W.FloatSlider(0.2, min=0.0, max=0.45, step=0.01, description="G guess", style=style, layout=lay)
    which = W.Dropdown(options=list(sources), value=first, description="checks of", style=style,
                       layout=W.Layout(width="330px"))
    note = W.HTML()

    def update(*_):
        h = sources[which.value]
        m, text, colours = _progress_states(h, p0.value, T.value, S.value, G.value)
        with fw.batch_update():
            fw.data[0].update(x=m, y=_skill_labels(h), text=text, marker_color=colours)
            fw.layout.title.text = _progress_title(h, m, which.value)
        note.value = ("" if mine else "<small>No graded check is recorded in your progress file yet: "
                      "showing the demo learner.</small>")

    for c in (p0, T, S, G, which):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([p0, T]), W.HBox([S, G]), W.HBox([which, note]), fw])


def your_progress() -> Explorable:
    return Explorable("Your progress", live=progress_live, static=progress_static)


# ------------------------------------------------------------------ 3. the grounded lookup

LOOKUP_K = 3


def _short(question, n=26):
    return question if len(question) <= n else question[: n - 1].rstrip() + "…"


def _lookup_states(question, k=LOOKUP_K):
    hits = book_lookup()(question, k)
    ids = [f"[{i}]" for i, _, _ in hits]
    return ([s for _, _, s in hits], ids, [f"{t[:48]}" for _, t, _ in hits])


def _lookup_title(question):
    return f"“{question}”<br>top {LOOKUP_K} sections of the book; an answer may cite only these ids"


def _lookup_figure(height):
    fig = go.Figure(go.Bar(orientation="h", name="cosine similarity", marker_color=PALETTE["blue"],
                           textposition="inside", insidetextanchor="start", textfont=dict(color="white"),
                           hovertemplate="%{y}: %{x:.3f}<br>%{text}<extra></extra>"))
    fig.update_layout(**pinned_layout(height, margin=dict(l=200, r=30, t=100, b=60)), showlegend=False,
                      uniformtext=dict(minsize=11, mode="show"),
                      meta={"alt": "For a question, the three sections of this book with the highest TF-IDF cosine "
                                   "similarity, labelled by section id and title."})
    fig.update_xaxes(title_text="TF-IDF cosine similarity with the question", range=[0, 0.6])
    fig.update_yaxes(autorange="reversed", showgrid=False, type="category")
    return fig


def lookup_static(questions=QUESTIONS[:10]):
    """The book's twin: slider over preset questions."""
    height = 460
    fig = _lookup_figure(height)
    qs = [q for q, _ in questions]
    x, y, text = _lookup_states(qs[0])
    fig.data[0].update(x=round_sig(x), y=y, text=text)

    def states(i):
        x, y, text = _lookup_states(qs[i])
        return {"x": [np.array(x)], "y": [y], "text": [text]}

    fig = precomputed_slider_figure(fig, "question", list(range(len(qs))), states, [0],
                                    fmt=lambda i: f"Q{i + 1}", title=lambda i: _lookup_title(qs[i]))
    return fig.update_layout(title=pinned_title(_lookup_title(qs[0]), height, size=14))


def lookup_live():
    """The grounded lookup in JupyterLab: type a question (or pick one), see the top-k sections and their ids."""
    height = 460
    fw = go.FigureWidget(_lookup_figure(height).update_layout(title=pinned_title("", height, size=14)))
    k = W.IntSlider(LOOKUP_K, min=1, max=8, description="k sections", style={"description_width": "90px"},
                    layout=W.Layout(width="300px"))
    preset = W.Dropdown(options=[q for q, _ in QUESTIONS], value=QUESTIONS[0][0], description="example",
                        style={"description_width": "70px"}, layout=W.Layout(width="560px"))
    text = W.Text(value=QUESTIONS[0][0], description="question", continuous_update=False,
                  style={"description_width": "70px"}, layout=W.Layout(width="630px"))
    cites = W.HTML()
    lookup = book_lookup()

    def update(*_):
        hits = lookup(text.value, k.value)
        with fw.batch_update():
            fw.data[0].update(x=[s for _, _, s in hits], y=[f"[{i}]" for i, _, _ in hits],
                              text=[t[:48] for _, t, _ in hits])
            fw.layout.xaxis.range = [0, max(0.6, 1.1 * max((s for _, _, s in hits), default=0))]
            fw.layout.title.text = (f"“{_short(text.value, 60)}”<br>top {k.value} sections of the book; "
                                    "an answer may cite only these ids")
        cites.value = "<small>May cite: " + ", ".join(f"<code>[{i}]</code>" for i, _, _ in hits) + "</small>"

    def pick(change):
        text.value = change["new"]

    preset.observe(pick, "value")
    for c in (k, text):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([k, preset]), text, cites, fw])


def grounded_lookup() -> Explorable:
    return Explorable("A grounded lookup", live=lookup_live, static=lookup_static)


if __name__ == "__main__":  # refresh the sections snapshot: python -m widgets.two_sigma
    print(f"{write_sections()} sections written to {SECTIONS_FILE}")
