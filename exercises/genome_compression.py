"""Graded exercises of the genome-compression chapter. References are the chapter's model functions."""
from __future__ import annotations

import math
import zlib

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import genome_compression as model

GRCH38 = 3_099_734_149  # bp, GRC/NCBI (data/genome_facts)


# ---------------------------------------------------------------- case generators
def _lengths(rng, k=6):
    return [(int(rng.integers(10**6, 10**10)),) for _ in range(k)]


def _dna(rng, n, p=None):
    p = rng.dirichlet(np.ones(4)) if p is None else p
    return "".join(rng.choice(list("ACGT"), size=n, p=p))


def _fasta(rng, n):
    """A FASTA text: a header with letters and digits, then the sequence in lines of 60, 70 or 80."""
    width = int(rng.choice([60, 70, 80]))
    seq = _dna(rng, n)
    if rng.random() < 0.5:  # a repeated stretch, so compression matters
        seq = seq[: n // 2] + seq[: n - n // 2]
    header = f">seq{int(rng.integers(1000))}.1 synthetic test record, {n} bp, GC-rich? maybe"
    return header + "\n" + "\n".join(seq[i:i + width] for i in range(0, n, width)) + "\n"


def _codes(rng, k, b):
    return ((rng.random((k, b)) < 0.5).astype(np.uint8), (rng.random((k, b)) < 0.5).astype(np.uint8))


# ---------------------------------------------------------------- 1. capacity
capacity = Exercise(
    id="gc_capacity_megabytes", function="capacity_megabytes", reference=model.capacity_megabytes,
    title="maximum information of a genome",
    checks=[Check("3.1 billion bases hold at most 775 MB", lambda rng: [(3.1e9,), (GRCH38,)]),
            Check("random lengths", _lengths, hidden=True),
            Check("tiny sequences: 1, 3 and 4 bases, and none", lambda rng: [(1,), (3,), (4,), (0,)], hidden=True)],
    mistakes=[Mistake("one byte per base", lambda L: L / 1e6,
                      hint="A base is one of 4 letters, so it carries log2(4) = 2 bits, not a byte. Reading the "
                           "genome as one byte per base is exactly the '3 gigabytes' overstatement."),
              Mistake("4 bits per base", lambda L: L * 4 / 8 / 1e6,
                      hint="4 is the number of letters, not the number of bits: one of 4 equally likely letters "
                           "needs log2(4) = 2 bits."),
              Mistake("megabits, not megabytes", lambda L: L * 2 / 1e6,
                      hint="You returned megabits. Divide the bits by 8 to get bytes."),
              Mistake("MiB instead of MB", lambda L: L * 2 / 8 / 2**20,
                      hint="Use decimal megabytes, 10^6 bytes, not 2^20 (MiB).")])


# ---------------------------------------------------------------- 2. entropy
def _entropy_cases(rng):
    return [(_dna(rng, int(rng.integers(20, 400))),) for _ in range(5)] + [("GGGGGGGG",), ("ACGTN" * 7 + "AAA",)]


def _entropy_edges(rng):
    """One letter, two letters equally common (exactly 1 bit), a 3:1 split, and five equally common letters."""
    return [("A",), ("CG",), ("TTTA",), ("ACGTN",)]


entropy = Exercise(
    id="gc_empirical_entropy", function="empirical_entropy", reference=model.empirical_entropy,
    title="empirical entropy of a sequence",
    checks=[Check("the shown examples: 'AACG', 'ACGT' and 'AAAA'", lambda rng: [("AACG",), ("ACGT",), ("AAAA",)]),
            Check("random sequences, a constant one, and one with an extra letter N", _entropy_cases, hidden=True),
            Check("one letter, two letters, a 3:1 split, five equally common letters", _entropy_edges, hidden=True)],
    mistakes=[Mistake("natural log", lambda s: model.empirical_entropy(s) * math.log(2),
                      hint="You computed nats (natural log). Use np.log2 so the answer is in bits."),
              Mistake("log10", lambda s: model.empirical_entropy(s) * math.log10(2),
                      hint="Use log base 2 (np.log2): bits, not decimal digits."),
              Mistake("log2 of the alphabet size", lambda s: math.log2(len(set(s))),
                      hint="log2(number of distinct letters) is the entropy only if all letters are equally "
                           "common. Weight each letter by its frequency: H = -Σ p log2 p."),
              Mistake("missing minus sign", lambda s: -model.empirical_entropy(s),
                      hint="log2 p is negative for p < 1, so H = -Σ p log2 p needs the minus sign.")])


# ---------------------------------------------------------------- 3. compressed bits per base
def _fasta_cases(rng):
    methods = ["zlib", "bz2", "lzma"]
    return [(_fasta(rng, int(rng.integers(300, 3000))), methods[k % 3]) for k in range(6)]


def _whole_file(text, method):
    return 8 * len(model.compress(text.encode("ascii"), method)) / len(model.read_fasta(text)[1])


def _with_newlines(text, method):
    body = "\n".join(line for line in text.strip().splitlines() if not line.startswith(">"))
    return 8 * len(model.compress(body.encode("ascii"), method)) / len(model.read_fasta(text)[1])


compressed = Exercise(
    id="gc_compressed_bits_per_base", function="compressed_bits_per_base",
    reference=model.compressed_bits_per_base, title="compressed bits per base of a FASTA record",
    checks=[Check("the shipped human mtDNA with zlib and lzma (recomputed here)",
                  lambda rng: [(model.load_fasta_text(), "zlib"), (model.load_fasta_text(), "lzma")]),
            Check("synthetic FASTA records with other headers, line widths and all three compressors",
                  _fasta_cases, hidden=True),
            Check("a one-line record without a final newline, and a one-base record",
                  lambda rng: [(">tiny record\nACGTTGCAAC", "zlib"), (">one\nG\n", "bz2"), (">r 2\nACCA\nGT\n", "lzma")],
                  hidden=True)],
    mistakes=[Mistake("bytes instead of bits", lambda t, m: model.compressed_bits_per_base(t, m) / 8,
                      hint="len(compressed) counts bytes; multiply by 8 to get bits before dividing by the number "
                           "of bases."),
              Mistake("compressed the whole file", _whole_file,
                      hint="Compress only the sequence: drop the '>' header line (it is not DNA) and the line "
                           "breaks, then divide by the number of bases."),
              Mistake("kept the line breaks", _with_newlines,
                      hint="Join the sequence lines without '\\n': line breaks are layout, not information about "
                           "the genome."),
              Mistake("divided by the file length", lambda t, m: 8 * len(model.compress(
                  model.read_fasta(t)[1].encode("ascii"), m)) / len(t),
                      hint="Divide by the number of bases, not by the number of characters in the file.")])


# ---------------------------------------------------------------- 4. bottleneck ratio
def _bottleneck_cases(rng):
    return [(float(10 ** rng.uniform(11, 15.5)), float(rng.choice([1, 2, 4, 8, 16])), int(rng.integers(10**8, 10**10)))
            for _ in range(6)]


bottleneck = Exercise(
    id="gc_bottleneck_ratio", function="bottleneck_ratio", reference=model.bottleneck_ratio,
    title="synapse-weight bits versus genome capacity",
    checks=[Check("1.5e14 synapses at 1 bit versus 3.1e9 bases, and at 8 bits versus GRCh38", lambda rng: [(1.5e14, 1.0, 3.1e9), (1.5e14, 8.0, GRCH38)]),
            Check("other synapse counts, weight precisions and genome lengths", _bottleneck_cases, hidden=True)],
    mistakes=[Mistake("genome at 8 bits per base", lambda S, b, L: S * b / (8 * L),
                      hint="The genome's capacity is 2 bits per base (log2 4), not a byte per base."),
              Mistake("genome capacity in bytes", lambda S, b, L: S * b / (2 * L / 8),
                      hint="Compare bits with bits: the weights are in bits, so keep the genome's 2L in bits "
                           "(do not divide by 8)."),
              Mistake("ratio upside down", lambda S, b, L: 2 * L / (S * b),
                      hint="The question is how many genomes the weights would fill: weight bits ÷ genome bits."),
              Mistake("ignored bits per synapse", lambda S, b, L: S / (2 * L),
                      hint="Each synapse needs bits_per_synapse bits: multiply the count by it.")])


# ---------------------------------------------------------------- 5. rules that fit
def _rules_cases(rng):
    return [(int(rng.integers(10**7, 10**10)), float(rng.choice([0.001, 0.01, 0.05, 0.1, 0.5])),
             int(rng.integers(7, 500))) for _ in range(6)]


def _rules_fractions(rng):
    """L·2/8·f/r exactly n + .5, .75, .875 (f = 1/2, r = 1 byte: L/8) and n + 0: round and int(x + .5) fail."""
    n = int(rng.integers(10**5, 10**8))
    return [(8 * n + 4, 0.5, 1), (8 * n + 6, 0.5, 1), (8 * n + 7, 0.5, 1), (8 * n, 0.5, 1),
            (32 * n + 16, 0.25, 2)]


rules = Exercise(
    id="gc_rules_that_fit", function="rules_that_fit", reference=model.rules_that_fit,
    title="how many 60-byte rules fit in 1 % of the genome",
    checks=[Check("3e9 bases, 1 %, 60-byte rules → 125,000 rules", lambda rng: [(3e9, 0.01, 60)]),
            Check("other lengths, fractions and rule sizes (whole rules only)", _rules_cases, hidden=True),
            Check("rule counts with fractional parts .5, .75 and .875 (still rounded down) and exact ones",
                  _rules_fractions, hidden=True)],
    mistakes=[Mistake("one byte per base", lambda L, f, r: math.floor(L * f / r),
                      hint="A base carries 2 bits, so L bases are 2L/8 = L/4 bytes, not L bytes."),
              Mistake("bits divided by bytes", lambda L, f, r: math.floor(2 * L * f / r),
                      hint="You divided a capacity in bits by a rule size in bytes: convert one of them "
                           "(8 bits per byte)."),
              Mistake("forgot the fraction", lambda L, f, r: math.floor(L * 2 / 8 / r),
                      hint="Only `fraction` of the genome is available for rules: multiply the capacity by it."),
              Mistake("rounded to the nearest whole rule", lambda L, f, r: round(L * 2 / 8 * f / r),
                      hint="round() (and int(x + 0.5)) rounds to the NEAREST whole number, so 2.75 rules become 3; "
                           "but a rule either fits or it does not: 2.75 rules is 2 whole rules. Round down "
                           "with math.floor (or //)."),
              Mistake("rounded up", lambda L, f, r: math.ceil(L * 2 / 8 * f / r),
                      hint="math.ceil rounds UP: the last, partial rule does not fit. Round down with math.floor."),
              Mistake("did not round down", lambda L, f, r: L * 2 / 8 * f / r,
                      hint="A rule either fits or it does not: return the whole number of rules (math.floor).")])


# ---------------------------------------------------------------- 6. lock-and-key adjacency
def _lock_edges(rng):
    """One type; a threshold equal to the code length (all bits shared); a threshold of 0 (every pair binds)."""
    L, R = _codes(rng, 4, 6)
    L[0], R[2] = 1, 1  # at least one pair shares all 6 bits
    return [(np.array([[1, 0, 1]], dtype=np.uint8), np.array([[1, 1, 1]], dtype=np.uint8), 2), (L, R, 6), (L, R, 0)]


def _lock_cases(rng):
    cases = []
    for _ in range(6):
        k, b = int(rng.integers(2, 12)), int(rng.integers(2, 16))
        cases.append((*_codes(rng, k, b), int(rng.integers(1, b + 1))))
    return cases


_L = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]], dtype=np.uint8)
_R = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 0]], dtype=np.uint8)


def _lock_transposed(L, R, t):
    return model.lock_and_key_adjacency(L, R, t).T


def _lock_strict(L, R, t):
    return np.asarray(L, int) @ np.asarray(R, int).T > t


def _lock_or(L, R, t):
    L, R = np.asarray(L, bool), np.asarray(R, bool)
    return (L[:, None, :] | R[None, :, :]).sum(-1) >= t


def _lock_equal(L, R, t):
    L, R = np.asarray(L, int), np.asarray(R, int)
    return (L[:, None, :] == R[None, :, :]).sum(-1) >= t


lock = Exercise(
    id="gc_lock_and_key", function="lock_and_key_adjacency", reference=model.lock_and_key_adjacency,
    title="lock-and-key adjacency from codes",
    checks=[Check("the 3-type example with threshold 1 and 2", lambda rng: [(_L, _R, 1), (_L, _R, 2)]),
            Check("random codes: other numbers of types, code lengths and thresholds", _lock_cases, hidden=True),
            Check("one type, a threshold equal to the code length, a threshold of 0", _lock_edges, hidden=True)],
    mistakes=[Mistake("transposed", _lock_transposed,
                      hint="Row i is the presynaptic type (its ligand), column j the postsynaptic type (its "
                           "receptor): A[i, j] compares ligands[i] with receptors[j]."),
              Mistake("strictly greater", _lock_strict,
                      hint="A pair connects when the number of shared 1-bits is at least the threshold (>=)."),
              Mistake("OR instead of AND", _lock_or,
                      hint="A key fits a lock where BOTH codes have a 1: count positions of ligands[i] & "
                           "receptors[j], not of |."),
              Mistake("counted equal bits", _lock_equal,
                      hint="Count shared 1-bits (both 1), not positions where the codes are equal: two 0s do "
                           "not bind.")])


# ---------------------------------------------------------------- 7. wiring bits
def _wiring_cases(rng):
    return [(int(rng.integers(100, 10**6)), int(rng.integers(2, 5000)), int(rng.integers(4, 64))) for _ in range(6)]


def _wiring_no_ceil(N, K, b):
    return N * math.log2(K) + 2 * K * b, N ** 2


wiring = Exercise(
    id="gc_wiring_bits", function="wiring_bits", reference=model.wiring_bits,
    title="bits for type-level versus neuron-level wiring",
    checks=[Check("N = 10,000 neurons, K = 50 types, 16-bit codes", lambda rng: [(10_000, 50, 16), (64, 4, 8)]),
            Check("other N, K and code lengths, including K = 1", lambda rng: _wiring_cases(rng) + [(500, 1, 8)],
                  hidden=True),
            Check("K a power of two (64 types need exactly 6 bits) and one more (65 need 7), K = 2, N = 1",
                  lambda rng: [(1000, 64, 12), (1000, 65, 12), (300, 2, 5), (1, 7, 3)], hidden=True)],
    mistakes=[Mistake("one-hot labels", lambda N, K, b: (N * K + 2 * K * b, N ** 2),
                      hint="Naming one of K types takes ceil(log2 K) bits, not K bits."),
              Mistake("no labels", lambda N, K, b: (2 * K * b, N ** 2),
                      hint="Each of the N neurons must also be told its type: add N·ceil(log2 K) bits."),
              Mistake("floor(log2 K) + 1 label bits", lambda N, K, b: (N * (math.floor(math.log2(K)) + 1) + 2 * K * b,
                                                                     N ** 2),
                      hint="floor(log2 K) + 1 is one bit too many when K is a power of two: 64 types need exactly "
                           "6 bits (2^6 = 64 labels). Use math.ceil(math.log2(K)), and 0 bits when K = 1."),
              Mistake("fractional label bits", _wiring_no_ceil,
                      hint="A label is a whole number of bits: use math.ceil(math.log2(K))."),
              Mistake("unordered pairs", lambda N, K, b: (model.wiring_bits(N, K, b)[0], N * (N - 1) // 2),
                      hint="Synapses are directed (i → j differs from j → i) and self-connections count: the "
                           "explicit matrix has N × N entries.")])


grader = Grader("genome-compression", [capacity, entropy, compressed, bottleneck, rules, lock, wiring])
