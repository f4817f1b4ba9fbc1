"""Comparative advantage, bottlenecks, abundance: the models of chapter `jobs-abundance` and its explorables.

Models (pure numpy, parameters in, numbers or arrays out). A party's `rates` is a pair
(front-end units per hour, research units per hour); every party works `hours` hours.
    opportunity_cost      research given up per front-end unit: research rate / front-end rate
    specialise            who should make front-end: the lower opportunity cost ("a", "b" or "neither")
    output                (front-end, research) the pair makes for given hours on front-end
    max_front_end         the joint frontier: most front-end units while making `research` research units
    joint_frontier        the whole joint frontier (its corner points), for the figure
    task_cutoff           last task the AI does when its unit cost a0·e^(b·i) meets the human's w
    task_economy          (cutoff, unit cost of the task bundle, output per unit cost)
    gini                  Σ|xᵢ − xⱼ| / (2 n² μ) over all ordered pairs
    lorenz                cumulative population and income shares
    ai_incomes            incomes after AI: amplified top, raised floor
    tax_rebate            a flat tax t with an equal rebate: (1 − t)·y + t·mean(y)
    required_rate         yearly growth rate that multiplies by `factor` in `years`
    years_to_grow         years to multiply by `factor` at a yearly rate
    amdahl_speedup        aggregate speed-up 1/((1 − f) + f/s) when a share f is sped up s times
    share_needed          the share f that a target speed-up needs at a given s
Explorables: human_vs_claude(), task_continuum(), gini_lorenz(), bottleneck().
"""
from __future__ import annotations

import math

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, pinned_title, precomputed_slider_figure, round_sig
from widgets.evals_goodhart import normal_quantile  # the normal quantile lives once, in the evals chapter

# ------------------------------------------------------------------ 1. Ricardo: two parties, two tasks


def opportunity_cost(rates):
    """Research units given up per front-end unit made: research rate / front-end rate.
    `rates` = (front-end units per hour, research units per hour), both > 0."""
    front, research = rates
    return research / front


def specialise(a, b):
    """Which party should make the front-end: "a" if a's opportunity cost of front-end (research given up per
    front-end unit) is lower than b's, "b" if it is higher, "neither" if they are equal (no gain from trade).
    Absolute advantage (who is faster) does not enter."""
    ca, cb = opportunity_cost(a), opportunity_cost(b)
    if ca == cb:
        return "neither"
    return "a" if ca < cb else "b"


def output(a, b, a_front_hours, b_front_hours, hours=8.0):
    """(front-end units, research units) when a works a_front_hours on front-end and the rest of `hours`
    on research, and b likewise."""
    front = a[0] * a_front_hours + b[0] * b_front_hours
    research = a[1] * (hours - a_front_hours) + b[1] * (hours - b_front_hours)
    return front, research


def max_front_end(a, b, research, hours=8.0):
    """The joint production frontier: the most front-end units a and b can make in `hours` hours each while
    also making `research` research units (0 <= research <= (a[1] + b[1]) · hours).

    The research is made first by the party that gives up less front-end per research unit (lower
    front/research ratio); the other party makes the rest, if any. Everyone else's hours go to front-end."""
    first, second = (a, b) if a[0] / a[1] <= b[0] / b[1] else (b, a)
    h1 = min(research / first[1], hours)  # hours the cheaper researcher spends on research
    h2 = (research - h1 * first[1]) / second[1]
    return first[0] * (hours - h1) + second[0] * (hours - h2)


def joint_frontier(a, b, hours=8.0):
    """Corner points of the joint frontier, (research array, front-end array), from all-front-end to
    all-research: three points (the kink is where the cheaper researcher is fully on research)."""
    first = a if a[0] / a[1] <= b[0] / b[1] else b
    research = np.array([0.0, first[1] * hours, (a[1] + b[1]) * hours])
    return research, np.array([max_front_end(a, b, r, hours) for r in research])


# ------------------------------------------------------------------ 2. the task continuum


def task_cutoff(a0, b=4.0, w=1.0):
    """Tasks i in [0, 1] cost a0·e^(b·i) per unit with AI and w per unit by a human. The AI is cheaper up to the
    task where the costs meet: i* = ln(w/a0)/b, clipped to [0, 1] (0 when a0 >= w: nothing is automated)."""
    return float(np.clip(math.log(w / a0) / b, 0.0, 1.0))


def task_economy(a0, b=4.0, w=1.0):
    """(cutoff i*, cost of one unit of every task, output per unit cost) in the task continuum.

    Each task in [0, 1] goes to the cheaper producer: tasks below i* to the AI, the rest to humans. The cost of
    the bundle (one unit of each task) is ∫₀^{i*} a0·e^(b·i) di + w·(1 − i*) = a0·(e^(b·i*) − 1)/b + w·(1 − i*),
    and output per unit cost is its inverse."""
    i = task_cutoff(a0, b, w)
    cost = a0 * math.expm1(b * i) / b + w * (1.0 - i)
    return i, cost, 1.0 / cost


# ------------------------------------------------------------------ 3. inequality: Gini and Lorenz


def gini(x):
    """Gini coefficient of incomes x (>= 0, not all 0): the mean absolute difference over all ordered pairs
    (i, j), both orders and i = j included, divided by twice the mean: Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ).
    0 = everyone equal; (n − 1)/n = one person has everything."""
    x = np.asarray(x, dtype=float)
    n = x.size
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean()))


def lorenz(x):
    """The Lorenz curve: (population share, income share) arrays from (0, 0) to (1, 1), poorest first."""
    x = np.sort(np.asarray(x, dtype=float))
    return np.arange(x.size + 1) / x.size, np.concatenate([[0.0], np.cumsum(x) / x.sum()])


def base_incomes(n=200, sigma=0.6):
    """A deterministic lognormal income distribution with mean 1: the n quantiles at (k − 1/2)/n, poorest first
    (a hypothetical country, not data)."""
    z = np.array([normal_quantile((k + 0.5) / n) for k in range(n)])
    y = np.exp(sigma * z)
    return y / y.mean()


def ai_incomes(y, floor=0.0, top=0.0):
    """Incomes after AI (hypothetical): each person's income grows by (1 + top·s), where s in [0, 1] is their
    rank from the poorest (s = 0) to the richest (s = 1), then nobody is below `floor`:
    max(y·(1 + top·s), floor). `top` amplifies the most productive; `floor` raises the bottom."""
    y = np.asarray(y, dtype=float)
    order = np.argsort(y, kind="stable")
    s = np.empty(y.size)
    s[order] = np.arange(y.size) / max(y.size - 1, 1)
    return np.maximum(y * (1.0 + top * s), floor)


def tax_rebate(y, t):
    """A flat tax at rate t whose revenue is paid back equally to everyone: (1 − t)·y + t·mean(y).
    Total income is unchanged, and the Gini is multiplied by (1 − t) exactly."""
    y = np.asarray(y, dtype=float)
    return (1.0 - t) * y + t * y.mean()


# ------------------------------------------------------------------ 4. abundance arithmetic


def required_rate(factor, years):
    """Yearly growth rate r with (1 + r)^years = factor: factor^(1/years) − 1 (0.1 = 10 % a year)."""
    return factor ** (1.0 / years) - 1.0


def years_to_grow(rate, factor):
    """Years for (1 + rate)^t to reach `factor`: ln(factor) / ln(1 + rate) (rate > 0; log1p keeps small rates exact)."""
    return math.log(factor) / math.log1p(rate)


def amdahl_speedup(f, s):
    """Aggregate speed-up when a share f of the work (0 <= f <= 1) is done s times faster and the rest is not:
    1 / ((1 − f) + f/s). As s → ∞ it tends to the ceiling 1/(1 − f) (Amdahl 1967; Baumol's cost disease)."""
    return 1.0 / ((1.0 - f) + f / s)


def share_needed(target, s):
    """The share f that must be sped up s times (s > 1) for an aggregate speed-up `target` (1 <= target <= s):
    solve 1/((1 − f) + f/s) = target, f = (1 − 1/target) / (1 − 1/s)."""
    return (1.0 - 1.0 / target) / (1.0 - 1.0 / s)


# ================================================================== explorables (live + static twins)

def _title(text, height):
    return pinned_title(text, height, size=15)


def _grid(fig):
    """The course's axis style (course.figures.layout) on every subplot's axes, not only the first."""
    style = dict(showgrid=True, gridcolor="#e5e5e5", zeroline=False, linecolor="#444", ticks="outside")
    fig.update_xaxes(**style)
    fig.update_yaxes(**style)


def _who(a, b, names=("Claude", "the human")):
    side = specialise(a, b)
    if side == "neither":
        return "equal opportunity costs: no gain from specialising"
    return f"{names[0] if side == 'a' else names[1]} makes front-end"


# ------------------------------------------------------------------ 1. Human vs Claude

CLAUDE, HUMAN, HOURS = (8.0, 4.0), (1.0, 2.0), 8.0  # units per hour (front-end, research): the issue's example
CLAUDE_RESEARCH = (1.0, 2.0, 4.0, 6.0, 8.0, 12.0, 16.0, 20.0, 24.0)  # the static slider: Claude's research rate


def ricardo_view(a=CLAUDE, b=HUMAN, hours=HOURS):
    """Everything the Human-vs-Claude figure shows: each party's own frontier, the joint frontier, the even split
    (each spends half the hours on each task) and the specialised point (the same research, most front-end)."""
    even = output(a, b, hours / 2, hours / 2, hours)
    spec = (max_front_end(a, b, even[1], hours), even[1])
    jr, jf = joint_frontier(a, b, hours)
    return {"a_line": ([0.0, a[1] * hours], [a[0] * hours, 0.0]), "b_line": ([0.0, b[1] * hours], [b[0] * hours, 0.0]),
            "joint": (jr, jf), "even": even, "spec": spec,
            "costs": (opportunity_cost(a), opportunity_cost(b)), "xmax": (a[1] + b[1]) * hours,
            "ymax": (a[0] + b[0]) * hours}


def _ricardo_title(v, a, b):
    ca, cb = v["costs"]
    (fe, re_), (fs, rs) = v["even"], v["spec"]
    return (f"Claude gives up {ca:.2f} research per front-end unit,<br>the human {cb:.2f}: {_who(a, b)}<br>"
            f"even split {fe:.4g} + {re_:.4g}, specialised {fs:.4g} + {rs:.4g} (front-end + research)")


def _ricardo_figure(height):
    fig = go.Figure()
    fig.update_layout(**layout(height=height, margin=dict(l=80, r=30, t=160, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.02, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Production frontiers in research units (x) and front-end units (y): Claude's "
                                   "and the human's own straight lines, their joint kinked frontier, and two points, "
                                   "output with an even split of hours and output with specialisation, which lies "
                                   "above it whenever the opportunity costs differ."})
    fig.update_xaxes(title_text="research units in the day")
    fig.update_yaxes(title_text="front-end units in the day")
    specs = [("Claude alone", PALETTE["orange"], "dash"), ("human alone", PALETTE["sky"], "dash"),
             ("together (joint frontier)", PALETTE["blue"], "solid")]
    for name, colour, dash in specs:
        fig.add_trace(go.Scatter(mode="lines", name=name, line=dict(color=colour, dash=dash, width=2.5),
                                 hovertemplate="research %{x:.3g}, front-end %{y:.3g}<extra></extra>"))
    fig.add_trace(go.Scatter(mode="markers+text", name="even split of hours", textposition="bottom left",
                             marker=dict(size=12, color=PALETTE["vermillion"], symbol="circle"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(mode="markers+text", name="specialised", textposition="top right",
                             marker=dict(size=13, color=PALETTE["green"], symbol="star"), hoverinfo="skip"))
    return fig


def _ricardo_states(v):
    (fe, re_), (fs, rs) = v["even"], v["spec"]
    return {"x": [v["a_line"][0], v["b_line"][0], v["joint"][0], [re_], [rs]],
            "y": [v["a_line"][1], v["b_line"][1], v["joint"][1], [fe], [fs]],
            "text": [None, None, None, [f"{fe:.4g} + {re_:.4g}"], [f"{fs:.4g} + {rs:.4g}"]]}


def ricardo_static(research_rates=CLAUDE_RESEARCH):
    """The book's twin: slider over Claude's research units per hour (front-end 8/h, human 1/h and 2/h, 8 h)."""
    height = 560
    fig = _ricardo_figure(height)
    r0 = CLAUDE[1]
    views = {r: ricardo_view((CLAUDE[0], r), HUMAN) for r in research_rates}
    for i, (k, val) in enumerate(_ricardo_states(views[r0]).items()):
        for tr, item in zip(fig.data, val):
            tr[k] = item
    precomputed_slider_figure(fig, "Claude's research units per hour", research_rates,
                              lambda r: _ricardo_states(views[r]), [0, 1, 2, 3, 4],
                              active=research_rates.index(r0), fmt="{:g}".format,
                              title=lambda r: _ricardo_title(views[r], (CLAUDE[0], r), HUMAN))
    steps = fig.layout.sliders[0].steps
    for step, r in zip(steps, research_rates):  # each state gets axes that fit it
        args = list(step.args)
        args[1] = {**args[1], "xaxis.range": [0, 1.05 * views[r]["xmax"]], "yaxis.range": [0, 1.1 * views[r]["ymax"]]}
        step.args = args
    v = views[r0]
    fig.update_xaxes(range=[0, 1.05 * v["xmax"]])
    fig.update_yaxes(range=[0, 1.1 * v["ymax"]])
    return fig.update_layout(title=_title(_ricardo_title(v, CLAUDE, HUMAN), height))


def ricardo_live():
    """Human vs Claude in JupyterLab: both parties' rates in both tasks, and the hours in the day."""
    height = 560
    fig = _ricardo_figure(height)
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "150px"}
    lay = W.Layout(width="345px")
    sliders = [W.FloatSlider(val, min=0.5, max=24, step=0.5, description=desc, style=style, layout=lay)
               for val, desc in ((CLAUDE[0], "Claude front-end/hour"), (CLAUDE[1], "Claude research/hour"),
                                 (HUMAN[0], "human front-end/hour"), (HUMAN[1], "human research/hour"))]
    hours = W.FloatSlider(HOURS, min=1, max=16, step=0.5, description="hours each (h)", style=style, layout=lay)

    def update(*_):
        a, b = (sliders[0].value, sliders[1].value), (sliders[2].value, sliders[3].value)
        v = ricardo_view(a, b, hours.value)
        st = _ricardo_states(v)
        with fw.batch_update():
            for i, tr in enumerate(fw.data):
                tr.x, tr.y = st["x"][i], st["y"][i]
                if st["text"][i] is not None:
                    tr.text = st["text"][i]
            fw.layout.xaxis.range = [0, 1.05 * v["xmax"]]
            fw.layout.yaxis.range = [0, 1.1 * v["ymax"]]
            fw.layout.title.text = _ricardo_title(v, a, b)

    for c in sliders + [hours]:
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox(sliders[:2]), W.VBox(sliders[2:])]), hours, fw])


def human_vs_claude() -> Explorable:
    return Explorable("Human vs Claude", live=ricardo_live, static=ricardo_static)


# ------------------------------------------------------------------ 2. the task continuum

A0_GRID = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5)  # AI cost level of the easiest task (human = 1)
A0_CURVE = np.logspace(-2.5, 0.5, 61)  # x values of the output-per-cost curve
TASKS = np.linspace(0.0, 1.0, 101)


def continuum_view(a0, b=4.0, w=1.0):
    """The task-continuum figure's data: AI and human unit costs over tasks, the cost actually paid, the cutoff
    and the economy's numbers (cutoff, bundle cost, output per cost), and output per cost against a0."""
    i, cost, per_cost = task_economy(a0, b, w)
    ai = a0 * np.exp(b * TASKS)
    return {"ai": ai, "paid": np.minimum(ai, w), "cutoff": i, "cost": cost, "per_cost": per_cost,
            "curve": np.array([task_economy(a, b, w)[2] for a in A0_CURVE])}


def _continuum_title(a0, v):
    return (f"a₀ = {a0:.3g}: cutoff i* = {v['cutoff']:.3f} ({100 * v['cutoff']:.1f} % automated)<br>"
            f"bundle cost {v['cost']:.3f}, output per unit cost {v['per_cost']:.3f}×")


def _continuum_figure(height):
    fig = make_subplots(rows=1, cols=2, column_widths=[0.58, 0.42], horizontal_spacing=0.12,
                        subplot_titles=("unit cost of each task i", "output per unit cost against a₀"))
    fig.update_layout(**layout(height=height, margin=dict(l=70, r=30, t=150, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.1, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Left: the AI's unit cost rises exponentially across tasks and meets the human's "
                                   "flat cost at the cutoff task; tasks before it are automated and the shaded cost "
                                   "is what the economy pays. Right: output per unit cost rises as the AI cost level "
                                   "a0 falls."})
    fig.update_xaxes(title_text="task i (easy for AI → hard)", range=[0, 1], row=1, col=1)
    fig.update_yaxes(title_text="cost per unit (human = 1)", type="log", range=[-2.3, 1.0], dtick=1, row=1, col=1)
    fig.update_xaxes(title_text="AI cost level a₀", type="log", tickvals=[0.003, 0.01, 0.03, 0.1, 0.3, 1, 3],
                     row=1, col=2)
    fig.update_yaxes(title_text="output per unit cost", rangemode="tozero", row=1, col=2)
    _grid(fig)
    fig.add_trace(go.Scatter(x=TASKS, mode="lines", name="cost paid (cheaper producer)", fill="tozeroy",
                             fillcolor="rgba(0,158,115,0.18)", line=dict(color=PALETTE["green"], width=1),
                             hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=TASKS, mode="lines", name="AI: a₀·e^(b·i)", line=dict(color=PALETTE["blue"], width=2.5),
                             hovertemplate="task %{x:.2f}: %{y:.3g}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1], y=[1, 1], mode="lines", name="human: w = 1",
                             line=dict(color=PALETTE["vermillion"], width=2.5), hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(mode="lines+text", name="cutoff i*", textposition="top right",
                             line=dict(color="#444", dash="dash", width=1.5), hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=A0_CURVE, mode="lines", showlegend=False, line=dict(color=PALETTE["blue"], width=2),
                             hovertemplate="a₀ = %{x:.3g}: %{y:.3g}×<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(mode="markers", showlegend=False, marker=dict(size=11, color=PALETTE["vermillion"]),
                             hoverinfo="skip"), row=1, col=2)
    return fig


def _continuum_states(a0, v):
    i = v["cutoff"]
    return {"y": [v["paid"], v["ai"], [1, 1], [0.005, 10], v["curve"], [v["per_cost"]]],
            "x": [TASKS, TASKS, [0, 1], [i, i], A0_CURVE, [a0]],
            "text": [None, None, None, ["", f"i* = {i:.3f}"], None, None]}


def continuum_static(grid=A0_GRID):
    """The book's twin: slider over the AI cost level a0 (b = 4, human cost 1)."""
    height = 520
    fig = _continuum_figure(height)
    views = {a: continuum_view(a) for a in grid}
    a0 = 0.1
    for k, val in _continuum_states(a0, views[a0]).items():
        for tr, item in zip(fig.data, val):
            if item is not None:
                tr[k] = round_sig(item) if k != "text" else item
    precomputed_slider_figure(fig, "a₀", grid, lambda a: _continuum_states(a, views[a]), list(range(6)),
                              active=grid.index(a0), fmt="{:g}".format,
                              title=lambda a: _continuum_title(a, views[a]))
    return fig.update_layout(title=_title(_continuum_title(a0, views[a0]), height))


def continuum_live():
    """The task continuum in JupyterLab: AI cost level a0 and steepness b (human cost 1)."""
    height = 520
    fig = _continuum_figure(height)
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    style = {"description_width": "200px"}
    a0 = W.FloatLogSlider(0.1, base=10, min=-2.5, max=0.5, step=0.05, description="AI cost level a₀",
                          readout_format=".3g", style=style, layout=W.Layout(width="460px"))
    b = W.FloatSlider(4.0, min=0.5, max=8.0, step=0.5, description="steepness b", style=style,
                      layout=W.Layout(width="460px"))

    def update(*_):
        v = continuum_view(a0.value, b.value)
        st = _continuum_states(a0.value, v)
        with fw.batch_update():
            for i, tr in enumerate(fw.data):
                tr.x, tr.y = st["x"][i], st["y"][i]
                if st["text"][i] is not None:
                    tr.text = st["text"][i]
            fw.layout.title.text = _continuum_title(a0.value, v)

    for c in (a0, b):
        c.observe(update, "value")
    update()
    return W.VBox([a0, b, fw])


def task_continuum() -> Explorable:
    return Explorable("The task continuum", live=continuum_live, static=continuum_static)


# ------------------------------------------------------------------ 3. Gini and Lorenz, two countries

TOP_GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)  # the static slider: how much AI amplifies the most productive
STATIC_FLOOR, TAX_A, TAX_B = 0.4, 0.0, 0.3  # the static twin's floor (in pre-AI mean incomes) and the two tax rates
LORENZ_EVERY = 5  # the figure draws every 5th Lorenz point (41 of 201); the Ginis use every income


def countries_view(floor, top, tax_a, tax_b, y=None):
    """Two hypothetical countries with the same incomes y and the same AI (floor, top), different tax rates.
    Returns the Lorenz curves (before; after AI and tax, per country), the Ginis and the mean income."""
    y = base_incomes() if y is None else y
    after = ai_incomes(y, floor, top)
    out = {"before": lorenz(y), "gini_before": gini(y), "mean_after": float(after.mean())}
    for key, t in (("a", tax_a), ("b", tax_b)):
        z = tax_rebate(after, t)
        out[key], out[f"gini_{key}"] = lorenz(z), gini(z)
    return out


def _countries_title(v, floor, top, tax_a, tax_b):
    return (f"AI: floor {floor:.2g}, top ×(1 + {top:.2g}·rank), mean ×{v['mean_after']:.2f}<br>"
            f"Gini before AI {v['gini_before']:.3f}; after AI, tax and rebate:<br>"
            f"A ({100 * tax_a:.0f} % tax) {v['gini_a']:.3f}, B ({100 * tax_b:.0f} % tax) {v['gini_b']:.3f}")


def _countries_figure(height):
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1, subplot_titles=("country A", "country B"))
    fig.update_layout(**layout(height=height, margin=dict(l=70, r=30, t=170, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.1, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Lorenz curves of two hypothetical countries side by side: the share of income "
                                   "held by the poorest share of people, before AI and after the same AI gains with "
                                   "each country's tax and rebate; the further below the diagonal, the higher the "
                                   "Gini."})
    for col in (1, 2):
        fig.update_xaxes(title_text="share of people (poorest first)", range=[0, 1], row=1, col=col)
        fig.update_yaxes(title_text="share of income" if col == 1 else None, range=[0, 1], row=1, col=col)
        show = col == 1
        fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="equality", showlegend=show,
                                 line=dict(color="#999", width=1), hoverinfo="skip"), row=1, col=col)
        fig.add_trace(go.Scatter(mode="lines", name="before AI", showlegend=show,
                                 line=dict(color="#555", dash="dot", width=2), hoverinfo="skip"), row=1, col=col)
        fig.add_trace(go.Scatter(mode="lines", name="after AI, tax and rebate", showlegend=show, fill="tonexty",
                                 fillcolor="rgba(0,114,178,0.10)",
                                 line=dict(color=PALETTE["blue"] if col == 1 else PALETTE["vermillion"], width=2.5),
                                 hovertemplate="poorest %{x:.0%} hold %{y:.1%}<extra></extra>"), row=1, col=col)
    _grid(fig)
    return fig


def _countries_states(v):
    k = LORENZ_EVERY
    thin = lambda c: (c[0][::k], c[1][::k])
    b, a, bb = thin(v["before"]), thin(v["a"]), thin(v["b"])
    return {"x": [b[0], a[0], b[0], bb[0]], "y": [b[1], a[1], b[1], bb[1]]}


def countries_static(tops=TOP_GRID):
    """The book's twin: slider over the top multiplier; floor 0.4, country A without tax, country B 30 %."""
    height = 540
    fig = _countries_figure(height)
    y = base_incomes()
    views = {t: countries_view(STATIC_FLOOR, t, TAX_A, TAX_B, y) for t in tops}
    top0 = 1.0
    st = _countries_states(views[top0])
    for j, i in enumerate((1, 2, 4, 5)):
        fig.data[i].x, fig.data[i].y = round_sig(st["x"][j]), round_sig(st["y"][j])
    precomputed_slider_figure(fig, "top multiplier", tops, lambda t: _countries_states(views[t]), [1, 2, 4, 5],
                              active=tops.index(top0), fmt="{:g}".format,
                              title=lambda t: _countries_title(views[t], STATIC_FLOOR, t, TAX_A, TAX_B))
    return fig.update_layout(title=_title(_countries_title(views[top0], STATIC_FLOOR, top0, TAX_A, TAX_B), height))


def countries_live():
    """Gini and Lorenz in JupyterLab: the floor, the top multiplier and each country's tax rate."""
    height = 540
    fig = _countries_figure(height)
    fig.update_layout(title=_title("", height))
    fw = go.FigureWidget(fig)
    y = base_incomes()  # computed once per widget, not per move
    style = {"description_width": "150px"}
    lay = W.Layout(width="345px")
    floor = W.FloatSlider(STATIC_FLOOR, min=0.0, max=1.5, step=0.05, description="floor (× old mean)", style=style,
                          layout=lay)
    top = W.FloatSlider(1.0, min=0.0, max=4.0, step=0.1, description="top multiplier", style=style, layout=lay)
    tax_a = W.FloatSlider(TAX_A, min=0.0, max=0.9, step=0.05, description="country A tax rate", style=style,
                          layout=lay)
    tax_b = W.FloatSlider(TAX_B, min=0.0, max=0.9, step=0.05, description="country B tax rate", style=style,
                          layout=lay)

    def update(*_):
        v = countries_view(floor.value, top.value, tax_a.value, tax_b.value, y)
        st = _countries_states(v)
        with fw.batch_update():
            for j, i in enumerate((1, 2, 4, 5)):
                fw.data[i].x, fw.data[i].y = st["x"][j], st["y"][j]
            fw.layout.title.text = _countries_title(v, floor.value, top.value, tax_a.value, tax_b.value)

    for c in (floor, top, tax_a, tax_b):
        c.observe(update, "value")
    update()
    return W.VBox([W.HBox([W.VBox([floor, top]), W.VBox([tax_a, tax_b])]), fw])


def gini_lorenz() -> Explorable:
    return Explorable("Gini and Lorenz: two countries", live=countries_live, static=countries_static)


# ------------------------------------------------------------------ 4. the bottleneck and compounding

F_GRID = (0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)  # the static slider: the share AI speeds up
S_CURVE = np.logspace(0, 3, 61)  # speed-up of the automated share, 1 to 1000
S_MARK = 10.0  # the speed-up marked in the book's twin
RATES = (0.02, 0.10)  # hypothetical growth rates drawn next to the rate that gives 10x in 5 years
YEARS = np.linspace(0, 120, 121)


def bottleneck_view(f, s):
    """Aggregate speed-up against s for a share f, its value at s and its ceiling 1/(1 − f) (inf at f = 1)."""
    ceiling = 1.0 / (1.0 - f) if f < 1 else math.inf
    return {"curve": amdahl_speedup(f, S_CURVE), "at_s": amdahl_speedup(f, s), "ceiling": ceiling}


def _bottleneck_title(f, s, v, rate):
    ceiling = "none" if math.isinf(v["ceiling"]) else f"{v['ceiling']:.3g}×"
    return (f"f = {f:.2f} sped up s = {s:.3g}×: aggregate {v['at_s']:.3f}×, ceiling {ceiling}<br>"
            f"growth {100 * rate:.3g} %/year: 10× in {years_to_grow(rate, 10):.3g} years")


def _bottleneck_figure(height):
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=("aggregate speed-up 1/((1 − f) + f/s)", "compounding: (1 + r)ᵗ"))
    fig.update_layout(**layout(height=height, margin=dict(l=70, r=30, t=160, b=60),
                               legend=dict(orientation="h", x=0.0, y=1.1, xanchor="left", yanchor="bottom")),
                      meta={"alt": "Left: the aggregate speed-up as the automated share's speed-up s grows, "
                                   "levelling off at the ceiling 1/(1 − f) set by the untouched share. Right: output "
                                   "growing at constant yearly rates, with the time each takes to reach 10 times."})
    fig.update_xaxes(title_text="speed-up s of the automated share", type="log", row=1, col=1)
    fig.update_yaxes(title_text="aggregate speed-up", type="log", tickvals=[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
                     row=1, col=1)
    fig.update_xaxes(title_text="years", row=1, col=2)
    fig.update_yaxes(title_text="output (today = 1)", type="log", range=[0, 1.3], tickvals=[1, 2, 5, 10, 20],
                     row=1, col=2)
    _grid(fig)
    fig.add_trace(go.Scatter(x=S_CURVE, mode="lines", name="aggregate speed-up", line=dict(color=PALETTE["blue"],
                             width=2.5), hovertemplate="s = %{x:.3g}: %{y:.3g}×<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[1, 1000], mode="lines", name="ceiling 1/(1 − f)",
                             line=dict(color=PALETTE["vermillion"], dash="dash", width=1.5), hoverinfo="skip"),
                  row=1, col=1)
    fig.add_trace(go.Scatter(mode="markers+text", showlegend=False, textposition="bottom right",
                             marker=dict(size=11, color=PALETTE["blue"]), hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 120], y=[10, 10], mode="lines", name="10×", line=dict(color="#888", dash="dot"),
                             hoverinfo="skip"), row=1, col=2)
    return fig


def _bottleneck_states(f, s, v):
    c = v["ceiling"]
    ceiling_y = [c, c] if math.isfinite(c) else [None, None]
    return {"y": [v["curve"], ceiling_y, [v["at_s"]]], "x": [S_CURVE, [1, 1000], [s]],
            "text": [None, None, [f"{v['at_s']:.3g}×"]]}


def _growth_trace(rate, colour, show=True):
    r10 = years_to_grow(rate, 10)
    t = YEARS[YEARS <= min(120.0, 1.2 * r10)]
    return go.Scatter(x=t, y=round_sig((1 + rate) ** t), mode="lines", name=f"{100 * rate:.3g} % a year",
                      showlegend=show, line=dict(color=colour, width=2),
                      hovertemplate="year %{x:.0f}: %{y:.3g}×<extra></extra>")


def bottleneck_static(fs=F_GRID):
    """The book's twin: slider over the share f (s marked at 10); three growth rates on the right."""
    height = 540
    fig = _bottleneck_figure(height)
    rates = (required_rate(10, 5),) + RATES
    for rate, colour in zip(rates, (PALETTE["green"], PALETTE["orange"], PALETTE["purple"])):
        fig.add_trace(_growth_trace(rate, colour), row=1, col=2)
        r10 = years_to_grow(rate, 10)
        fig.add_trace(go.Scatter(x=[r10], y=[10], mode="markers+text", text=[f"{r10:.3g} y"],
                                 textposition="top center", showlegend=False, marker=dict(size=9, color=colour),
                                 hoverinfo="skip"), row=1, col=2)
    views = {f: bottleneck_view(f, S_MARK) for f in fs}
    f0 = 0.5
    for k, val in _bottleneck_states(f0, S_MARK, views[f0]).items():
        for tr, item in zip(fig.data, val):
            if item is not None:
                tr[k] = round_sig(item) if k != "text" else item
    title = lambda f: (f"f = {f:.2f} sped up 10×: aggregate {views[f]['at_s']:.3f}×, ceiling "
                       f"{views[f]['ceiling']:.3g}×<br>10× in 5 years needs {100 * rates[0]:.1f} %/year; "
                       f"at 2 %/year it takes {years_to_grow(0.02, 10):.1f} years")
    precomputed_slider_figure(fig, "automated share f", fs, lambda f: _bottleneck_states(f, S_MARK, views[f]),
                              [0, 1, 2], active=fs.index(f0), fmt="{:g}".format, title=title)
    fig.update_yaxes(range=[0, 2.1], row=1, col=1)
    return fig.update_layout(title=_title(title(f0), height))


def bottleneck_live():
    """The bottleneck in JupyterLab: the share f, its speed-up s, and a yearly growth rate."""
    height = 540
    fig = _bottleneck_figure(height)
    fig.add_trace(go.Scatter(mode="lines", name="your rate", line=dict(color=PALETTE["green"], width=2.5),
                             hovertemplate="year %{x:.0f}: %{y:.3g}×<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(mode="markers+text", showlegend=False, textposition="top center",
                             marker=dict(size=10, color=PALETTE["green"]), hoverinfo="skip"), row=1, col=2)
    fig.update_layout(title=_title("", height))
    fig.update_yaxes(range=[0, 3.1], row=1, col=1)
    fw = go.FigureWidget(fig)
    style = {"description_width": "210px"}
    lay = W.Layout(width="460px")
    f = W.FloatSlider(0.5, min=0.0, max=1.0, step=0.01, description="automated share f", style=style, layout=lay)
    s = W.FloatLogSlider(10.0, base=10, min=0, max=3, step=0.05, description="its speed-up s", readout_format=".3g",
                         style=style, layout=lay)
    rate = W.FloatSlider(0.02, min=0.005, max=1.0, step=0.005, description="growth rate r (per year)",
                         readout_format=".3f", style=style, layout=lay)

    def update(*_):
        v = bottleneck_view(f.value, s.value)
        st = _bottleneck_states(f.value, s.value, v)
        r10 = years_to_grow(rate.value, 10)
        t = np.linspace(0, min(120.0, 1.2 * r10), 61)
        with fw.batch_update():
            for i in range(3):
                fw.data[i].x, fw.data[i].y = st["x"][i], st["y"][i]
            fw.data[2].text = st["text"][2]
            fw.data[4].x, fw.data[4].y = t, (1 + rate.value) ** t
            fw.data[5].x, fw.data[5].y, fw.data[5].text = [r10], [10], [f"{r10:.3g} years"]
            fw.layout.xaxis2.range = [0, min(120.0, 1.2 * r10)]
            fw.layout.title.text = _bottleneck_title(f.value, s.value, v, rate.value)

    for c in (f, s, rate):
        c.observe(update, "value")
    update()
    return W.VBox([f, s, rate, fw])


def bottleneck() -> Explorable:
    return Explorable("The bottleneck and compounding", live=bottleneck_live, static=bottleneck_static)
