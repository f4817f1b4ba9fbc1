"""genome-compression: model functions, widgets at every slider extreme (the grader: tests/test_all_exercises.py)."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest

from widgets import genome_compression as gc
from widget_checks import assert_book_gets_static_twin, assert_finite as _finite, sweep_extremes  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import latency  # noqa: E402


# ---------------------------------------------------------------- data
def test_shipped_sequence_is_the_rcrs():
    header, seq = gc.read_fasta(gc.load_fasta_text())
    assert header.startswith("NC_012920.1")
    assert len(seq) == 16_569 and seq.count("N") == 1 and set(seq) == set("ACGTN")
    assert hashlib.md5(seq.encode()).hexdigest() == "c68f52674c9fb33aef52dcf399755519"
    assert gc.MTDNA_FASTA.is_relative_to(Path(gc.__file__).resolve().parents[1] / "data")


def test_genome_facts_table():
    assert gc.grch38_length_bp() == 3_099_734_149
    assert int(gc.load_genome_facts()["Human mitochondrial genome (rCRS) length"]["value"]) == len(gc.load_mtdna())


# ---------------------------------------------------------------- counting bits
def test_capacity_and_entropy():
    assert gc.capacity_megabytes(3.1e9) == pytest.approx(775.0)
    assert gc.capacity_megabytes(3e9) == pytest.approx(750.0)
    assert gc.empirical_entropy("AACG") == pytest.approx(1.5)
    assert gc.empirical_entropy("ACGT" * 5) == pytest.approx(2.0)
    assert gc.empirical_entropy("AAAA") == 0
    assert gc.effective_number([5, 5, 5, 5, 0]) == pytest.approx(4.0)
    assert gc.entropy_of_counts([3, 1]) == pytest.approx(gc.empirical_entropy("AAAC"))


def test_conditional_entropy_drops_below_order_zero():
    seq = gc.load_mtdna()
    h = [gc.conditional_entropy(seq, k) for k in range(4)]
    assert h[0] == pytest.approx(gc.empirical_entropy(seq))
    assert all(a >= b for a, b in zip(h, h[1:])) and h[3] < 1.95


def test_compressors_rank_random_real_repetitive():
    seq = gc.load_mtdna()
    rnd, rep = gc.random_sequence(len(seq), 0), gc.repetitive_sequence(len(seq))
    for m in gc.METHODS:
        real = gc.sequence_bits_per_base(seq, m)
        assert gc.sequence_bits_per_base(rep, m) < 0.1 < real < gc.sequence_bits_per_base(rnd, m) < 2.6
    assert len(gc.pack_2bit("ACGTACGT")) == 2
    fasta = gc.load_fasta_text()
    assert gc.compressed_bits_per_base(fasta, "zlib") == pytest.approx(gc.sequence_bits_per_base(seq, "zlib"))
    with pytest.raises(ValueError):
        gc.compress(b"ACGT", "gzip")


def test_description_length_flat_in_layers_linear_in_rules():
    loop = gc.description_curve("looped", [1, 8, 64], "lzma")
    assert loop.max() - loop.min() <= 4
    unrolled_raw = gc.description_curve("unrolled", [8, 64], None)
    unrolled = gc.description_curve("unrolled", [8, 64], "lzma")
    assert unrolled_raw[1] / unrolled_raw[0] > 5 and unrolled[1] / unrolled[0] < 2
    rules = gc.description_curve("bespoke", [250, 500, 1000], "lzma")
    per_rule = np.diff(rules) / np.diff([250, 500, 1000])
    assert 5 < per_rule.min() and per_rule.max() / per_rule.min() < 1.2
    assert gc.bespoke_rules_source(5) in gc.bespoke_rules_source(5) and \
        gc.bespoke_rules_source(10).startswith(gc.bespoke_rules_source(5).rsplit("    return", 1)[0])
    compile(gc.bespoke_rules_source(20), "rules", "exec")
    compile(gc.unrolled_network_source(3), "net", "exec")


def test_bottleneck_and_budget():
    assert gc.bottleneck_ratio(1.5e14, 1, 3.1e9) == pytest.approx(1.5e14 / 6.2e9)
    assert gc.rules_that_fit(3e9, 0.01, 60) == 125_000
    b = gc.budget()
    assert b["capacity"] == pytest.approx(6.2e9) and b["synapses"] == pytest.approx(1.5e14)
    assert b["brain"] < b["functional"] < b["capacity"]


def test_lock_and_key_and_wiring_bits():
    L = np.array([[1, 1, 0], [0, 0, 1]])
    R = np.array([[1, 0, 0], [0, 1, 1]])
    assert gc.lock_and_key_adjacency(L, R, 1).tolist() == [[True, True], [False, True]]
    assert gc.lock_and_key_adjacency(L, R, 0).all() and not gc.lock_and_key_adjacency(L, R, 4).any()
    assert gc.wiring_bits(10_000, 50, 16) == (61_600, 100_000_000)
    assert gc.wiring_bits(10, 1, 4) == (8, 100)
    lig, rec = gc.random_codes(12, 8)
    lig2, _ = gc.random_codes(20, 10)
    assert lig.shape == (12, 8) and np.array_equal(lig2[:12, :8], lig)  # sliders keep the other codes


def test_synthetic_atlas_diversity():
    cortex = gc.synthetic_atlas(30, 20_000, 1.0, seed=1)
    hypo = gc.synthetic_atlas(300, 20_000, 0.6, seed=2)
    assert cortex.sum() == hypo.sum() == 20_000
    assert gc.effective_number(hypo) > 3 * gc.effective_number(cortex)


# ---------------------------------------------------------------- widgets
LIVE = [gc.genome_budget_live, gc.loop_vs_bespoke_live, gc.lock_and_key_live]
STATIC = [gc.genome_budget_static, gc.loop_vs_bespoke_static, gc.lock_and_key_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_slider_extreme(make):
    sweep_extremes(make())


def test_live_widget_moves_the_figure():
    box = gc.lock_and_key_live()
    fig = box.children[-1]
    threshold = next(c for c in latency.controls(box) if c.description.startswith("match"))
    threshold.value = 0
    assert np.asarray(fig.data[0].z).all()
    threshold.value = 32
    assert not np.asarray(fig.data[0].z).any()


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    fig = make()
    steps = fig.layout.sliders[0].steps
    assert 3 <= len(steps) <= 12
    assert fig.layout.meta["alt"]
    for step in steps:
        assert "title.text" in step.args[1]
    assert len(fig.to_json()) < 60_000


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((gc.genome_budget, gc.loop_vs_bespoke, gc.lock_and_key), monkeypatch)
