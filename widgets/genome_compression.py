"""How much can a genome say? Model functions and explorables of the genome-compression chapter.

Everything is counted in bits. A DNA base is one of 4 letters, so at most log2(4) = 2 bits;
a genome of L base pairs holds at most 2L bits. Compressors (zlib, bz2, lzma from the
standard library) give upper bounds on how much of that is really needed. The same
bookkeeping compares a looped network definition with bespoke reward rules, the genome with
the synapse weights it would have to list, and type-level wiring rules with an explicit
adjacency matrix.

Model functions are pure (parameters in, numbers or arrays out). The three explorables,
genome_budget(), loop_vs_bespoke() and lock_and_key(), are built on them.
"""
from __future__ import annotations

import bz2
import csv
import lzma
import math
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from course.explorable import Explorable
from course.figures import PALETTE, layout, precomputed_slider_figure

DATA = Path(__file__).resolve().parents[1] / "data"
MTDNA_FASTA = DATA / "dna" / "human_mtDNA_rCRS_NC_012920.1.fasta"
GENOME_FACTS = DATA / "genome_facts" / "human_genome_facts.csv"
METHODS = ("zlib", "bz2", "lzma")
BASES = "ACGT"

# Outside sources (see the chapter's Sources): neocortical synapses, Pakkenberg et al. 2003.
SYNAPSES_NEOCORTEX = 1.5e14
# Share of the human genome under purifying selection, Rands et al. 2014 (8.2 %).
CONSTRAINED_FRACTION = 0.082


# ---------------------------------------------------------------- data
def read_fasta(text: str) -> tuple[str, str]:
    """(header, sequence) of a one-record FASTA text: header without '>', sequence upper-case, no whitespace."""
    lines = text.strip().splitlines()
    header = lines[0][1:].strip() if lines and lines[0].startswith(">") else ""
    body = lines[1:] if lines and lines[0].startswith(">") else lines
    return header, "".join("".join(line.split()) for line in body).upper()


def load_fasta_text(path: Path = MTDNA_FASTA) -> str:
    """The shipped FASTA file as text (default: human mitochondrial DNA, rCRS, 16,569 bp)."""
    return Path(path).read_text()


def load_mtdna() -> str:
    """The human mitochondrial genome (NC_012920.1) as a string over A, C, G, T (and one N)."""
    return read_fasta(load_fasta_text())[1]


def load_genome_facts() -> dict[str, dict]:
    """Rows of data/genome_facts/human_genome_facts.csv keyed by their 'fact' column."""
    with open(GENOME_FACTS, newline="") as f:
        return {row["fact"]: row for row in csv.DictReader(f)}


def grch38_length_bp() -> int:
    """GRCh38 total sequence length in base pairs (GRC/NCBI), read from the shipped facts table."""
    facts = load_genome_facts()
    return int(facts["GRCh38 total sequence length (primary assembly incl. gaps)"]["value"])


# ---------------------------------------------------------------- counting bits
def capacity_bits(length_bp: float, bits_per_base: float = 2.0) -> float:
    """Most information (bits) a sequence of length_bp bases can carry at bits_per_base."""
    return float(length_bp) * bits_per_base


def capacity_megabytes(length_bp: float) -> float:
    """Maximum information of a DNA sequence in megabytes (10^6 bytes): 2 bits per base, 8 bits per byte."""
    return length_bp * math.log2(4) / 8 / 1e6


def empirical_entropy(seq: str) -> float:
    """Order-0 Shannon entropy of the symbols of seq, in bits per symbol: H = -sum p log2 p."""
    _, counts = np.unique(list(seq), return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log2(p)).sum())


def block_entropy(seq: str, k: int) -> float:
    """Empirical entropy (bits) of the overlapping k-letter words of seq (0 for k = 0)."""
    if k == 0:
        return 0.0
    _, counts = np.unique([seq[i:i + k] for i in range(len(seq) - k + 1)], return_counts=True)
    return entropy_of_counts(counts)


def conditional_entropy(seq: str, k: int) -> float:
    """Bits per base of the next base given the k before it: H(k+1-words) - H(k-words).

    Estimated from counts, so it is biased low once 4^k contexts approach the sequence length.
    """
    return block_entropy(seq, k + 1) - block_entropy(seq, k)


def entropy_of_counts(counts) -> float:
    """Shannon entropy (bits) of a vector of counts; zero counts contribute nothing."""
    c = np.asarray(counts, dtype=float)
    p = c[c > 0] / c.sum()
    return float(-(p * np.log2(p)).sum())


def effective_number(counts) -> float:
    """Effective number of types 2^H: the number of equally common types with the same entropy."""
    return 2.0 ** entropy_of_counts(counts)


def compress(data: bytes, method: str) -> bytes:
    """data compressed by zlib (level 9), bz2 (level 9) or lzma (default preset, xz container)."""
    if method == "zlib":
        return zlib.compress(data, 9)
    if method == "bz2":
        return bz2.compress(data, 9)
    if method == "lzma":
        return lzma.compress(data)
    raise ValueError(f"method must be one of {METHODS}, not {method!r}")


def compressed_bits_per_base(fasta_text: str, method: str) -> float:
    """Bits per base of the FASTA record's sequence (header and line breaks removed) after compression."""
    lines = fasta_text.strip().splitlines()
    seq = "".join(line.strip() for line in lines if not line.startswith(">")).upper()
    compressed = compress(seq.encode("ascii"), method)
    return 8 * len(compressed) / len(seq)


def sequence_bits_per_base(seq: str, method: str) -> float:
    """Compressed size of a bare sequence in bits per base (ASCII text in, 8 bits per output byte)."""
    return 8 * len(compress(seq.encode("ascii"), method)) / len(seq)


def pack_2bit(seq: str) -> bytes:
    """seq (A, C, G, T only) packed 4 bases per byte: exactly 2 bits per base, the ceiling."""
    codes = np.frombuffer(seq.encode("ascii"), dtype=np.uint8)
    lut = np.zeros(256, dtype=np.uint8)
    lut[[ord(b) for b in BASES]] = np.arange(4, dtype=np.uint8)
    v = lut[codes]
    v = np.concatenate([v, np.zeros((-len(v)) % 4, dtype=np.uint8)]).reshape(-1, 4)
    return (v[:, 0] << 6 | v[:, 1] << 4 | v[:, 2] << 2 | v[:, 3]).astype(np.uint8).tobytes()


def random_sequence(n: int, seed: int = 0, p=(0.25, 0.25, 0.25, 0.25)) -> str:
    """n bases drawn independently with probabilities p over A, C, G, T."""
    rng = np.random.default_rng(seed)
    return "".join(rng.choice(list(BASES), size=n, p=p))


def repetitive_sequence(n: int, unit: str = "GATTACA") -> str:
    """unit repeated to length n: almost no information beyond the unit and the length."""
    return (unit * (n // len(unit) + 1))[:n]


def shuffled(seq: str, seed: int = 0) -> str:
    """seq with its letters permuted: same composition (same order-0 entropy), order destroyed."""
    rng = np.random.default_rng(seed)
    return "".join(rng.permutation(list(seq)))


# ---------------------------------------------------------------- description length
def looped_network_source(n_layers: int) -> str:
    """Python source of an n-layer ReLU network written with a loop (n appears once)."""
    return (
        "import numpy as np\n\n"
        "def layer(x, W, b):\n"
        "    return np.maximum(0.0, x @ W + b)\n\n"
        f"def network(x, params, n_layers={int(n_layers)}):\n"
        "    for W, b in params[:n_layers]:\n"
        "        x = layer(x, W, b)\n"
        "    return x\n"
    )


def unrolled_network_source(n_layers: int) -> str:
    """The same network with every layer written out: raw text grows linearly in n."""
    body = "".join(f"    x = layer(x, params[{k}][0], params[{k}][1])\n" for k in range(int(n_layers)))
    return ("import numpy as np\n\n"
            "def layer(x, W, b):\n"
            "    return np.maximum(0.0, x @ W + b)\n\n"
            "def network(x, params):\n" + body + "    return x\n")


_REGIONS = ("superior_colliculus", "hypothalamus", "brainstem", "amygdala", "insula", "olfactory_bulb",
            "gustatory", "skin", "vestibular", "auditory", "retina", "gut")
_FEATURES = ("skitter", "looming", "salt", "sweet", "bitter", "warmth", "pain", "eye_contact", "face",
             "voice", "smell", "height", "itch", "darkness", "crowd", "laughter")
_ACTIONS = ("flinch", "freeze", "salivate", "approach", "laugh", "groom", "cry", "startle", "recoil",
            "orient", "vomit", "huddle")


def bespoke_rules_source(n_rules: int, seed: int = 0) -> str:
    """Python source of n bespoke reward rules ("if the colliculus sees skittering ... flinch").

    Each rule draws its own sensors, thresholds, reward and reflex: nothing repeats, so the
    compressed size grows in proportion to the number of rules. Rule k depends only on (seed, k).
    """
    body = "".join(_bespoke_rule(k, seed) for k in range(int(n_rules)))
    return "def reward(s):\n    r = 0.0\n" + body + "    return r\n"


@lru_cache(maxsize=8192)
def _bespoke_rule(k: int, seed: int) -> str:
    rng = np.random.default_rng((seed, k))
    (r1, r2), (f1, f2) = rng.choice(_REGIONS, 2, replace=False), rng.choice(_FEATURES, 2, replace=False)
    t1, t2, value = rng.integers(1, 100), rng.integers(1, 100), rng.integers(-50, 51) / 10
    action = rng.choice(_ACTIONS)
    return (f"    if s.{r1}.{f1} > 0.{t1:02d} and s.{r2}.{f2} > 0.{t2:02d}:\n"
            f"        r += {value:+.1f}; s.trigger('{action}')\n")


SOURCES = {"looped": looped_network_source, "unrolled": unrolled_network_source, "bespoke": bespoke_rules_source}


@lru_cache(maxsize=4096)
def description_bytes(kind: str, n: int, method: str | None) -> int:
    """Size in bytes of the generated source `kind` ('looped', 'unrolled', 'bespoke') for n layers or
    rules, compressed with `method` (None: the raw text). Cached: the widgets only look values up."""
    data = SOURCES[kind](n).encode("ascii")
    return len(data) if method is None else len(compress(data, method))


def description_curve(kind: str, ns, method: str | None) -> np.ndarray:
    """description_bytes over a grid of n (bytes)."""
    return np.array([description_bytes(kind, int(n), method) for n in ns], dtype=float)


# ---------------------------------------------------------------- the genomic bottleneck
def synapse_weight_bits(n_synapses: float, bits_per_synapse: float) -> float:
    """Bits needed to list one weight of bits_per_synapse bits for every synapse."""
    return float(n_synapses) * bits_per_synapse


def bottleneck_ratio(n_synapses: float, bits_per_synapse: float, length_bp: float) -> float:
    """How many genomes (at 2 bits per base) it would take to list every synapse weight."""
    return n_synapses * bits_per_synapse / (2 * length_bp)


def rules_that_fit(length_bp: float, fraction: float, bytes_per_rule: float) -> int:
    """How many whole rules of bytes_per_rule bytes fit in `fraction` of the genome's 2-bit capacity."""
    return math.floor(length_bp * 2 / 8 * fraction / bytes_per_rule)


def budget(length_gbp: float = 3.1, bits_per_base: float = 2.0, functional_fraction: float = CONSTRAINED_FRACTION,
           brain_fraction: float = 0.3, bytes_per_rule: float = 60, n_rules: int = 1000, n_cell_types: int = 3000,
           bits_per_wiring_rule: float = 256, bits_per_synapse: float = 1.0,
           n_synapses: float = SYNAPSES_NEOCORTEX) -> dict[str, float]:
    """The genome's bit budget (all values in bits).

    capacity = length x bits/base; functional = capacity x functional fraction;
    brain = functional x brain-relevant fraction; rules = n_rules x bytes/rule x 8;
    wiring = cell types x bits per wiring rule; synapses = n_synapses x bits/synapse.
    """
    capacity = length_gbp * 1e9 * bits_per_base
    functional = capacity * functional_fraction
    brain = functional * brain_fraction
    rules = n_rules * bytes_per_rule * 8.0
    wiring = n_cell_types * bits_per_wiring_rule
    return dict(capacity=capacity, functional=functional, brain=brain, rules=rules, wiring=wiring,
                synapses=synapse_weight_bits(n_synapses, bits_per_synapse))


# ---------------------------------------------------------------- cell types and genetic wiring
def random_codes(n_types: int, code_bits: int, density: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(ligands, receptors): one 0/1 code of code_bits bits per cell type, shape (n_types, code_bits).

    Codes are drawn for 64 types x 32 bits and sliced, so changing a slider keeps the other codes.
    """
    rng = np.random.default_rng(seed)
    full = (rng.random((2, max(64, n_types), max(32, code_bits))) < density).astype(np.uint8)
    return full[0, :n_types, :code_bits], full[1, :n_types, :code_bits]


def lock_and_key_adjacency(ligands: np.ndarray, receptors: np.ndarray, threshold: int) -> np.ndarray:
    """A[i, j] = True when type i's ligand code and type j's receptor code share >= threshold 1-bits."""
    shared = np.asarray(ligands, dtype=int) @ np.asarray(receptors, dtype=int).T  # (K, K) popcount(L_i & R_j)
    return shared >= threshold


def wiring_bits(n_neurons: int, n_types: int, code_bits: int) -> tuple[int, int]:
    """(type-level bits, explicit bits) to specify who connects to whom.

    Type level: a type label per neuron (ceil(log2 K) bits each) plus a ligand and a receptor code of
    code_bits per type. Explicit: one bit per ordered pair of neurons, N^2.
    """
    label = math.ceil(math.log2(n_types)) if n_types > 1 else 0
    return n_neurons * label + 2 * n_types * code_bits, n_neurons ** 2


def synthetic_atlas(n_types: int, n_cells: int, zipf: float, seed: int = 0) -> np.ndarray:
    """Cell counts per type of a SYNTHETIC atlas: type k has abundance proportional to k^-zipf."""
    rng = np.random.default_rng(seed)
    p = np.arange(1, n_types + 1, dtype=float) ** -zipf
    return rng.multinomial(n_cells, p / p.sum())


def atlas_figure() -> tuple[go.Figure, dict[str, dict[str, float]]]:
    """Ranked cell counts of two SYNTHETIC atlases (cortex-like: 30 types; hypothalamus-like: 300 rarer
    types; 20,000 cells each) and their diversity: types, entropy H (bits), effective number 2^H."""
    atlases = {"cortex-like (synthetic)": synthetic_atlas(30, 20_000, zipf=1.0, seed=1),
               "hypothalamus-like (synthetic)": synthetic_atlas(300, 20_000, zipf=0.6, seed=2)}
    fig, stats = go.Figure(), {}
    for (name, counts), colour in zip(atlases.items(), (PALETTE["blue"], PALETTE["vermillion"])):
        ranked = np.sort(counts)[::-1]
        ranked = ranked[ranked > 0]
        fig.add_scatter(x=np.arange(1, len(ranked) + 1), y=ranked, mode="lines+markers", name=name,
                        line=dict(color=colour), marker=dict(size=4))
        stats[name] = dict(types=int(np.count_nonzero(counts)), H=entropy_of_counts(counts),
                           effective=effective_number(counts))
    fig.update_layout(**layout("Cells per type, ranked (synthetic atlases, 20,000 cells each)", height=380,
                               legend=dict(x=0.45, y=0.98)),
                      meta={"alt": "Ranked cell counts per type for a synthetic cortex-like atlas with 30 types "
                                   "and a synthetic hypothalamus-like atlas with 300 rarer types, log-log axes."})
    fig.update_xaxes(type="log", title_text="type rank")
    fig.update_yaxes(type="log", title_text="cells")
    return fig, stats


# ================================================================ explorables
def _fmt_bits(bits: float) -> str:
    """A bit count in readable units (bytes with SI prefixes)."""
    b = bits / 8
    for unit, size in (("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if b >= size:
            return f"{b / size:.3g} {unit}"
    return f"{b:.3g} B"


def _set(fig, updates: dict) -> None:
    """Write {attr: [value per trace]} into the figure's traces (None: leave that trace alone)."""
    for attr, values in updates.items():
        for trace, value in zip(fig.data, values):
            if value is not None:
                trace[attr] = value


def _apply(fig, updates: dict, title: str | None = None) -> None:
    """Update a FigureWidget in place, in one batch."""
    with fig.batch_update():
        _set(fig, updates)
        if title is not None:
            fig.layout.title.text = title


def _live(fig: go.Figure, controls: dict, state) -> "object":
    """Controls + ONE FigureWidget; every move recomputes `state(**values)` and updates in place."""
    import ipywidgets as w

    fw = go.FigureWidget(fig)

    def update(_change=None):
        updates, title = state(**{k: c.value for k, c in controls.items()})
        _apply(fw, updates, title)

    for c in controls.values():
        c.observe(update, names="value")
    return w.VBox([w.HBox(list(controls.values())[i:i + 3]) for i in range(0, len(controls), 3)] + [fw])


def _slider(kind: str, desc: str, value, lo, hi, step, fmt: str = ""):
    import ipywidgets as w

    cls = w.IntSlider if kind == "int" else w.FloatSlider
    kw = dict(readout_format=fmt) if fmt else {}
    return cls(value=value, min=lo, max=hi, step=step, description=desc, continuous_update=True,
               style={"description_width": "initial"}, layout=w.Layout(width="330px"), **kw)


# ---------------------------------------------------------------- 1. genome budget
BUDGET_DEFAULTS = dict(length_gbp=3.1, bits_per_base=2.0, functional_fraction=CONSTRAINED_FRACTION,
                       brain_fraction=0.3, bytes_per_rule=60, n_rules=1000, n_cell_types=3000,
                       bits_per_wiring_rule=256, bits_per_synapse=1.0)


def _budget_state(**p):
    b = budget(**p)
    used = b["rules"] + b["wiring"]
    pct = 100 / b["brain"]  # bits -> % of the brain-relevant share
    right = [b["capacity"], b["brain"], max(used, 1.0), b["synapses"]]
    updates = {
        "x": [[b["rules"] * pct], [b["wiring"] * pct], [max(0.0, 100 - used * pct)], np.array(right)],
        "name": [f"reward rules: {_fmt_bits(b['rules'])}", f"cell-type wiring: {_fmt_bits(b['wiring'])}",
                 f"still free: {_fmt_bits(max(0.0, b['brain'] - used))}", None],
        "text": [None, None, None, [_fmt_bits(v) for v in right]],
    }
    share = used * pct
    share_text = f"{share:,.0f}" if share >= 10 else f"{share:.2g}"
    title = (f"Rules + wiring use {share_text} % of the brain's share; "
             f"listing every weight needs {b['synapses'] / b['capacity']:,.0f}× the whole genome")
    return updates, title


def _budget_figure(**p) -> go.Figure:
    fig = make_subplots(rows=2, cols=1, row_heights=[0.28, 0.72], vertical_spacing=0.2)
    for colour in (PALETTE["orange"], PALETTE["green"], PALETTE["sky"]):
        fig.add_trace(go.Bar(y=["brain share"], x=[0], orientation="h", marker_color=colour,
                             hovertemplate="%{x:.3g} %<extra></extra>"), 1, 1)
    fig.add_trace(go.Bar(y=["whole genome", "brain-relevant share", "rules + wiring", "synapse weights (neocortex)"],
                         x=[1, 1, 1, 1], orientation="h", showlegend=False, textposition="auto",
                         marker_color=[PALETTE["blue"], PALETTE["sky"], PALETTE["orange"], PALETTE["vermillion"]],
                         hovertemplate="%{x:.3g} bits<extra></extra>"), 2, 1)
    updates, title = _budget_state(**p)
    _set(fig, updates)
    fig.add_vline(x=100, line_dash="dash", line_color=PALETTE["black"], row=1, col=1)
    fig.update_layout(**layout(title, height=470, barmode="stack", margin=dict(l=150, r=30, t=95, b=70),
                               legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom", traceorder="normal", font=dict(size=12))),
                      meta={"alt": "Top: a stacked bar of the percentage of the brain-relevant share of the genome "
                                   "that reward rules and cell-type wiring take, with 100 % marked. Bottom: on a log "
                                   "scale, the bits of the whole genome, its brain share, the rules and wiring, and "
                                   "the bits to list every synapse weight, which are far larger."})
    fig.update_layout(title_font_size=14)
    fig.update_xaxes(title_text="% of the brain-relevant share (dashed line: 100 %)", row=1, col=1)
    fig.update_xaxes(type="log", title_text="bits (log scale)", row=2, col=1)
    fig.update_yaxes(autorange="reversed", row=2, col=1)
    return fig


def genome_budget_live():
    import ipywidgets as w

    d = BUDGET_DEFAULTS
    controls = {
        "length_gbp": _slider("float", "genome length L (Gbp)", d["length_gbp"], 0.1, 10.0, 0.1, ".1f"),
        "bits_per_base": _slider("float", "bits per base", d["bits_per_base"], 0.5, 2.0, 0.05, ".2f"),
        "functional_fraction": _slider("float", "functional fraction", d["functional_fraction"], 0.01, 1.0, 0.001,
                                       ".3f"),
        "brain_fraction": _slider("float", "brain-relevant fraction", d["brain_fraction"], 0.01, 1.0, 0.01, ".2f"),
        "bytes_per_rule": _slider("int", "bytes per reward rule", d["bytes_per_rule"], 10, 500, 10),
        "n_rules": _slider("int", "reward rules m", d["n_rules"], 0, 1_000_000, 1000),
        "n_cell_types": _slider("int", "cell types K", d["n_cell_types"], 0, 20_000, 100),
        "bits_per_wiring_rule": _slider("int", "bits per wiring rule", d["bits_per_wiring_rule"], 8, 4096, 8),
        "bits_per_synapse": _slider("float", "bits per synapse weight", d["bits_per_synapse"], 0.5, 32.0, 0.5, ".1f"),
    }
    assert isinstance(controls["n_rules"], w.IntSlider)
    return _live(_budget_figure(**d), controls, _budget_state)


GRID_RULES = (0, 1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000, 10_000_000)


def genome_budget_static() -> go.Figure:
    fig = go.Figure(_budget_figure(**BUDGET_DEFAULTS))
    states = {m: _budget_state(**{**BUDGET_DEFAULTS, "n_rules": m}) for m in GRID_RULES}
    fig = precomputed_slider_figure(fig, "reward rules m (60 bytes each)", GRID_RULES, lambda m: states[m][0],
                                    trace_indices=range(4), active=1, fmt="{:,}".format,
                                    title=lambda m: states[m][1])
    fig.layout.sliders[0].y = -0.1
    fig.update_layout(height=540, margin_b=140)
    return fig


def genome_budget() -> Explorable:
    return Explorable("The genome's bit budget", live=genome_budget_live, static=genome_budget_static)


# ---------------------------------------------------------------- 2. loop vs bespoke
LAYER_GRID = tuple(range(1, 65))
RULE_GRID = tuple(range(0, 1001, 25))


def _loop_state(n_layers: int = 8, n_rules: int = 200, method: str = "lzma"):
    n, m = int(n_layers), int(n_rules)
    ys = [description_curve("looped", LAYER_GRID, method), description_curve("unrolled", LAYER_GRID, None),
          description_curve("unrolled", LAYER_GRID, method),
          np.array([description_bytes("looped", n, method)], float),
          description_curve("bespoke", RULE_GRID, None), description_curve("bespoke", RULE_GRID, method),
          np.array([description_bytes("bespoke", m, method)], float)]
    xs = [None, None, None, np.array([n]), None, None, np.array([m])]
    updates = {"y": ys, "x": [LAYER_GRID] * 3 + [xs[3]] + [RULE_GRID] * 2 + [xs[6]]}
    title = (f"{method}: a {n}-layer network as a loop = {ys[3][0]:,.0f} B; "
             f"{m:,} bespoke rules = {ys[6][0]:,.0f} B")
    return updates, title


def _loop_figure(**p) -> go.Figure:
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=("Network of n layers", "m bespoke reward rules"))
    c = PALETTE
    specs = [("loop, compressed", c["blue"], "solid", 1), ("unrolled, raw text", c["sky"], "dot", 1),
             ("unrolled, compressed", c["green"], "dash", 1), ("your n", c["black"], None, 1),
             ("rules, raw text", c["orange"], "dot", 2), ("rules, compressed", c["vermillion"], "solid", 2),
             ("your m", c["black"], None, 2)]
    for name, colour, dash, col in specs:
        if dash is None:
            trace = go.Scatter(x=[0], y=[0], mode="markers", name=name, showlegend=col == 1,
                               legendgroup="you", marker=dict(size=11, color=colour, symbol="diamond"))
        else:
            trace = go.Scatter(x=[0], y=[0], mode="lines", name=name, line=dict(color=colour, dash=dash, width=2.5))
        fig.add_trace(trace, 1, col)
    updates, title = _loop_state(**p)
    _set(fig, updates)
    fig.data[3].name = "your choice"
    fig.update_layout(**layout(title, height=470, legend=dict(orientation="h", y=-0.2, x=0, yanchor="top"),
                               margin=dict(l=70, r=20, t=80, b=120)),
                      meta={"alt": "Compressed size in bytes of generated Python source. Left: a looped n-layer "
                                   "network stays flat as n grows; written out layer by layer the raw text grows "
                                   "linearly but compresses to almost flat. Right: bespoke reward rules grow "
                                   "linearly in the number of rules, raw and compressed."})
    fig.update_layout(title_font_size=14)
    fig.update_xaxes(title_text="layers n", row=1, col=1)
    fig.update_xaxes(title_text="rules m", row=1, col=2)
    fig.update_yaxes(title_text="bytes", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="bytes", rangemode="tozero", row=1, col=2)
    return fig


def loop_vs_bespoke_live():
    import ipywidgets as w

    controls = {
        "n_layers": _slider("int", "layers n", 8, 1, 64, 1),
        "n_rules": _slider("int", "bespoke rules m", 200, 0, 1000, 25),
        "method": w.ToggleButtons(options=list(METHODS), value="lzma", description="compressor",
                                  style={"button_width": "70px"}),
    }
    for method in METHODS:  # warm the cache: slider moves then only look sizes up
        _loop_state(method=method)
    return _live(_loop_figure(), controls, _loop_state)


def loop_vs_bespoke_static() -> go.Figure:
    fig = go.Figure(_loop_figure(n_layers=8, n_rules=1000, method="lzma"))
    states = {m: _loop_state(8, 1000, m) for m in METHODS}
    fig = precomputed_slider_figure(fig, "compressor", METHODS, lambda m: {"y": states[m][0]["y"]},
                                    trace_indices=range(7), active=2, fmt=str, title=lambda m: states[m][1])
    fig.layout.sliders[0].y = -0.42
    fig.update_layout(height=560, margin_b=200)
    return fig


def loop_vs_bespoke() -> Explorable:
    return Explorable("Loop versus bespoke code", live=loop_vs_bespoke_live, static=loop_vs_bespoke_static)


# ---------------------------------------------------------------- 3. lock-and-key wiring
N_NEURONS = 10_000  # neurons whose wiring the bit counts refer to


def _lock_state(code_bits: int = 8, threshold: int = 3, n_types: int = 12):
    ligands, receptors = random_codes(n_types, code_bits)
    adj = lock_and_key_adjacency(ligands, receptors, threshold)
    type_bits, explicit = wiring_bits(N_NEURONS, n_types, code_bits)
    labels = [f"T{k + 1}" for k in range(n_types)]
    updates = {"z": [adj.astype(int), None], "x": [labels, ["type-level rules", "explicit N×N matrix"]],
               "y": [labels, [type_bits, explicit]], "text": [None, [f"{type_bits:,} bits", f"{explicit:,} bits"]]}
    title = (f"b = {code_bits} bits, θ = {threshold}: {adj.mean():.0%} of type pairs connect; "
             f"rules cost {type_bits / explicit:.2%} of the explicit matrix")
    return updates, title


def _lock_figure(**p) -> go.Figure:
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.16,
                        subplot_titles=("Type i → type j forms synapses", f"Bits to wire {N_NEURONS:,} neurons"))
    fig.add_trace(go.Heatmap(z=[[0]], x=["T1"], y=["T1"], zmin=0, zmax=1, showscale=False, xgap=1, ygap=1,
                             colorscale=[[0, "#f2f2f2"], [1, PALETTE["blue"]]],
                             hovertemplate="ligand of %{y} → receptor of %{x}: %{z}<extra></extra>"), 1, 1)
    fig.add_trace(go.Bar(x=["type-level rules", "explicit N×N matrix"], y=[1, 1], textposition="outside",
                         marker_color=[PALETTE["green"], PALETTE["vermillion"]], showlegend=False,
                         hovertemplate="%{y:,} bits<extra></extra>"), 1, 2)
    updates, title = _lock_state(**p)
    _set(fig, updates)
    fig.update_layout(**layout(title, height=450, margin=dict(l=70, r=30, t=80, b=110)),
                      meta={"alt": "Left: a grid of cell types showing which ligand type connects to which "
                                   "receptor type under the lock-and-key rule. Right: on a log scale, the bits "
                                   "for type-level wiring rules versus an explicit adjacency matrix."})
    fig.update_layout(title_font_size=14)
    fig.update_yaxes(autorange="reversed", title_text="presynaptic type (ligand)", row=1, col=1)
    fig.update_xaxes(title_text="postsynaptic type (receptor)", row=1, col=1)
    fig.update_yaxes(type="log", title_text="bits", range=[3, 9.5], row=1, col=2)
    return fig


def lock_and_key_live():
    controls = {"code_bits": _slider("int", "code length b (bits)", 8, 1, 32, 1),
                "threshold": _slider("int", "match threshold θ", 3, 0, 32, 1),
                "n_types": _slider("int", "cell types K", 12, 1, 64, 1)}
    return _live(_lock_figure(), controls, _lock_state)


THRESHOLDS = tuple(range(0, 9))


def lock_and_key_static() -> go.Figure:
    fig = go.Figure(_lock_figure(code_bits=8, threshold=3, n_types=12))
    states = {t: _lock_state(8, t, 12) for t in THRESHOLDS}
    return precomputed_slider_figure(fig, "match threshold θ (b = 8 bits, K = 12 types)", THRESHOLDS,
                                     lambda t: {"z": [states[t][0]["z"][0]]}, trace_indices=[0], active=3,
                                     title=lambda t: states[t][1])


def lock_and_key() -> Explorable:
    return Explorable("Lock-and-key wiring", live=lock_and_key_live, static=lock_and_key_static)
