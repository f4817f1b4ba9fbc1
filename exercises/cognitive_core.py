"""Graded exercises of chapter `cognitive-core`: grader.check("<id>") in the notebook.

Every reference is the model function in widgets/cognitive_core.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import re

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import cognitive_core as model

# ------------------------------------------------------------------ 1. kd_loss


def _sm(z, T=1.0):
    z = np.asarray(z, dtype=float) / T
    e = np.exp(z - z.max())
    return e / e.sum()


def _kd_wrong(kind):
    def kd_loss(teacher, student, T, alpha, y):
        p_t, p_s = _sm(teacher, T), _sm(student, T)
        kl = np.sum(p_t * np.log(p_t / p_s))
        ce = -np.log(_sm(student)[y])
        scale = T**2
        if kind == "no_T2":
            scale = 1.0
        elif kind == "T":
            scale = T
        elif kind == "reversed":
            kl = np.sum(p_s * np.log(p_s / p_t))
        elif kind == "ce_at_T":
            ce = -np.log(p_s[y])
        elif kind == "alpha_swapped":
            return float((1 - alpha) * scale * kl + alpha * ce)
        elif kind == "bits":
            kl, ce = kl / np.log(2), ce / np.log(2)
        return float(alpha * scale * kl + (1 - alpha) * ce)
    return kd_loss


def _kd_example(rng):
    return [(np.array([4.0, 1.0, 0.5]), np.array([2.0, 1.5, 0.2]), 2.0, 0.5, 0)]


def _kd_random(rng):
    cases = []
    for _ in range(6):
        K = int(rng.integers(2, 8))
        t = np.round(rng.normal(0, 2.5, K), 2)
        s = np.round(rng.normal(0, 2.0, K), 2)
        cases.append((t, s, float(np.round(rng.uniform(1.5, 8.0), 2)), float(np.round(rng.uniform(0.1, 0.9), 2)),
                      int(rng.integers(K))))
    return cases


def _kd_edges(rng):
    """α = 0 (hard label only), α = 1 (soft only), a student equal to the teacher (KL = 0), the label last,
    T below 1."""
    t, s = np.array([3.0, -1.0, 0.5, 2.0]), np.array([0.5, 1.0, -2.0, 1.5])
    return [(t, s, 3.0, 0.0, 2), (t, s, 3.0, 1.0, 3), (t, t.copy(), 2.5, 0.7, 1), (t, s, 0.5, 0.3, 3)]


def _kd_large(rng):
    """Logits near 1000: np.exp overflows to inf (and inf/inf is NaN) unless the maximum is subtracted first."""
    return [(np.array([1000.0, 990.0, 980.0]), np.array([1000.0, 1005.0, 990.0]), 0.5, 0.6, 0),
            (np.array([300.0, 310.0, 305.0]), np.array([720.0, 715.0, 700.0]), 1.0, 0.5, 2)]


kd_loss_ex = Exercise(
    id="kd_loss", function="kd_loss", reference=model.kd_loss, title="the distillation loss",
    checks=[
        Check("the worked example: teacher [4, 1, 0.5], student [2, 1.5, 0.2], T = 2, α = 0.5, y = 0", _kd_example,
              hint="p_t = softmax(z_t/T), p_s = softmax(z_s/T); KL = Σ p_t·log(p_t/p_s); CE = −log softmax(z_s)[y] "
                   "at T = 1; loss = α·T²·KL + (1 − α)·CE (natural logs)."),
        Check("random logits, temperatures, weights and labels", _kd_random, hidden=True),
        Check("α = 0 and α = 1, a student equal to its teacher, T < 1", _kd_edges, hidden=True),
        Check("logits near 1000 (numerically stable softmax)", _kd_large, hidden=True,
              hint="np.exp(1000) overflows to inf and inf/inf is NaN. Subtract the largest logit before exp "
                   "(the softmax does not change), or use the course's softmax."),
    ],
    mistakes=[
        Mistake("soft term without T²", _kd_wrong("no_T2"),
                hint="The soft term is multiplied by T²: its gradient with respect to the student's logits is "
                     "(p_s − p_t)/T, so without T² raising T would quietly shrink its weight."),
        Mistake("soft term times T", _kd_wrong("T"),
                hint="The factor is T², not T: one 1/T comes from the softmax's derivative, the other from "
                     "p_s − p_t itself shrinking like 1/T at high temperature."),
        Mistake("KL reversed", _kd_wrong("reversed"),
                hint="KL(p_t‖p_s) = Σ p_t·log(p_t/p_s): the teacher's probabilities weight the sum. KL is not "
                     "symmetric; Σ p_s·log(p_s/p_t) is a different number."),
        Mistake("cross-entropy at temperature T", _kd_wrong("ce_at_T"),
                hint="The hard-label term uses the student's ordinary prediction, softmax(z_s) at T = 1, not the "
                     "softened one: the student is deployed at T = 1."),
        Mistake("α and 1 − α swapped", _kd_wrong("alpha_swapped"),
                hint="α weights the soft (teacher) term and 1 − α the hard-label cross-entropy."),
        Mistake("logs in base 2", _kd_wrong("bits"),
                hint="Use natural logs (np.log): the loss is in nats, like the cross-entropy a network trains on."),
    ],
    rtol=1e-7, atol=1e-10,
)

# ------------------------------------------------------------------ 2. footprint_gb


def _fp_example(rng):
    return [(1e9, 32), (1e9, 16), (1e9, 8), (1e9, 4), (70e9, 16)]


def _fp_random(rng):
    return [(float(np.round(10 ** rng.uniform(8, 11.5), -6)), int(rng.choice([2, 3, 4, 5, 6, 8, 16, 32])))
            for _ in range(8)]


def _fp_edges(rng):
    """1.58-bit ternary weights, 1 bit, 3 bits (not a power of two), a tiny model, no parameters at all."""
    return [(7e9, 1.58), (2e9, 1), (8e9, 3), (1.25e8, 4), (0.0, 16)]


footprint_ex = Exercise(
    id="footprint_gb", function="footprint_gb", reference=model.footprint_gb, title="memory of the weights",
    checks=[
        Check("1B parameters at 32, 16, 8 and 4 bits; 70B at 16 bits", _fp_example,
              hint="bytes = N · bits / 8; GB = bytes / 10⁹. 1B parameters at 32 bits is 4 GB."),
        Check("random model sizes and precisions", _fp_random, hidden=True),
        Check("1, 1.58 and 3 bits per weight, a small model, N = 0", _fp_edges, hidden=True),
    ],
    mistakes=[
        Mistake("bits not converted to bytes", lambda N, bits: N * bits / 1e9,
                hint="A byte is 8 bits: bytes = N · bits / 8 (1B parameters at 32 bits is 4 GB, not 32)."),
        Mistake("GiB (2³⁰) instead of GB (10⁹)", lambda N, bits: N * bits / 8 / 2**30,
                hint="This chapter's GB is 10⁹ bytes (1B parameters at 32 bits is exactly 4 GB); 2³⁰ bytes is a "
                     "GiB, 7 % larger."),
        Mistake("bytes, not GB", lambda N, bits: N * bits / 8,
                hint="Return gigabytes: divide the bytes by 10⁹."),
        Mistake("bits rounded up to whole bytes", lambda N, bits: N * np.ceil(bits / 8) / 1e9,
                hint="Weights are packed: 4-bit weights take half a byte each, 3-bit ones 3/8 of a byte. Do not "
                     "round bits up to whole bytes."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 3. tokens_per_s


def _tps_example(rng):
    return [(1e9, 8, 100.0), (70e9, 4, 100.0)]


def _tps_random(rng):
    return [(float(np.round(10 ** rng.uniform(8, 11.5), -6)), int(rng.choice([3, 4, 8, 16, 32])),
             float(np.round(10 ** rng.uniform(1, 3.5), 1))) for _ in range(8)]


def _tps_edges(rng):
    """Bandwidth exactly equal to the model's bytes per second (1 token/s), a tiny model on a fast bus, a slow
    bus, and bits that are not a multiple of 8."""
    return [(8e9, 8, 8.0), (1e8, 4, 3000.0), (7e9, 16, 0.5), (3e9, 3, 60.0)]


tps_ex = Exercise(
    id="tokens_per_s", function="tokens_per_s", reference=model.tokens_per_s, title="memory-bound decoding speed",
    checks=[
        Check("1B at 8 bits and 70B at 4 bits, both on 100 GB/s", _tps_example,
              hint="Each generated token reads every weight once: tokens/s = bandwidth in bytes/s ÷ bytes of "
                   "weights = GBps · 10⁹ / (N · bits / 8)."),
        Check("random sizes, precisions and bandwidths", _tps_random, hidden=True),
        Check("exactly one token per second, a tiny model, a slow bus, 3-bit weights", _tps_edges, hidden=True),
    ],
    mistakes=[
        Mistake("bits used as bytes", lambda N, bits, GBps: GBps * 1e9 / (N * bits),
                hint="The weights take N · bits / 8 bytes: divide the bits by 8 (the answer is 8× too small)."),
        Mistake("compute-bound 2N instead of memory-bound", lambda N, bits, GBps: GBps * 1e9 / (2 * N),
                hint="Bandwidth is bytes per second, not FLOPs: divide it by the bytes read per token "
                     "(N · bits / 8), not by the 2N FLOPs per token."),
        Mistake("GB/s not converted to bytes/s", lambda N, bits, GBps: GBps / (N * bits / 8),
                hint="Units: GBps is in 10⁹ bytes per second and N · bits / 8 is in bytes; multiply GBps by 10⁹ "
                     "(or divide it by the footprint in GB)."),
        Mistake("seconds per token", lambda N, bits, GBps: (N * bits / 8) / (GBps * 1e9),
                hint="That is seconds per token; tokens per second is its inverse: bandwidth ÷ bytes."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 4. looks_like_hash

_WORDS = ("deadbeef", "cafe", "facade", "decade", "accede", "feed", "baccarat", "sha256", "the", "cognitive")


def _hash_example(rng):
    return [("da39a3ee5e6b4b0d3255bfef95601890afd80709",),
            ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",), ("facade",),
            ("the cognitive core",)]


def _hash_random(rng):
    cases = [(model.random_hex(n, rng),) for n in (40, 64, 40, 64, 32, 39, 41, 63, 65, 128)]
    cases += [(" ".join(rng.choice(_WORDS, size=int(rng.integers(1, 6)))),) for _ in range(4)]
    return cases


def _hash_upper(rng):
    return [(model.random_hex(40, rng, upper=True),), (model.random_hex(64, rng, upper=True),),
            ("Da39A3ee5E6b4b0D3255bfef95601890afd80709",)]


def _hash_near_misses(rng):
    """Hex-like words filling 40 characters, one non-hex letter, a 0x prefix, spaces, a trailing newline, a sign,
    an underscore, and the empty string."""
    h = model.random_hex(40, rng)
    return [("deadbeef" * 5,), ("cafebabe" * 8,), (h[:17] + "g" + h[18:],), ("0x" + h[2:],), ("0x" + h,),
            (" " + h[1:],), (h[:39] + " ",), (h + "\n",), ("+" + h[1:],), (h[:20] + "_" + h[21:],), ("",),
            ("decade facade accede cafe bead beef fa",)]


def _int16(s):
    try:
        int(s, 16)
        return len(s) in (40, 64)
    except ValueError:
        return False


hash_ex = Exercise(
    id="looks_like_hash", function="looks_like_hash", reference=model.looks_like_hash,
    title="flag SHA-1 and SHA-256 hex digests",
    checks=[
        Check("the SHA-1 and SHA-256 digests of the empty input, a hex word, a phrase", _hash_example,
              hint="True exactly when the string has length 40 or 64 and every character is one of 0-9, a-f, A-F."),
        Check("random hex strings of many lengths, and phrases", _hash_random, hidden=True),
        Check("digests written in upper case", _hash_upper, hidden=True),
        Check("hex-like words, a 0x prefix, spaces, a newline, signs, underscores, the empty string",
              _hash_near_misses,
              hidden=True),
    ],
    mistakes=[
        Mistake("lower-case hex only", lambda s: len(s) in (40, 64) and all(c in "0123456789abcdef" for c in s),
                hint="Hex digits come in both cases: 'DA39A3EE…' is the same digest as 'da39a3ee…'. Accept A-F too."),
        Mistake("int(s, 16) as the hex test", _int16,
                hint="int(s, 16) also accepts a '0x' prefix, surrounding spaces, a sign and underscores "
                     "('0x' + 38 hex digits has length 40 but is not a digest). Test every character instead."),
        Mistake("regex ending in $ (accepts a trailing newline)",
                lambda s: re.match(r"^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$", s) is not None,
                hint="In a Python regex, $ also matches just before a final newline, so 40 hex digits + '\\n' "
                     "pass. Use re.fullmatch(...) (or end the pattern with \\Z), or test the length and every "
                     "character yourself."),
        Mistake("any length of 40 or more", lambda s: len(s) >= 40 and all(c in model.HEX for c in s),
                hint="Only the two digest lengths count: 40 hex digits (SHA-1, 160 bits) or 64 (SHA-256, 256 bits)."),
        Mistake("SHA-1 only (length 40)", lambda s: len(s) == 40 and all(c in model.HEX for c in s),
                hint="SHA-256 digests have 64 hex digits: accept length 64 as well as 40."),
        Mistake("no length test", lambda s: len(s) > 0 and all(c in model.HEX for c in s),
                hint="'facade' and 'deadbeef' are made of hex letters but are words: require length 40 or 64."),
        Mistake("letters and digits (isalnum)", lambda s: len(s) in (40, 64) and s.isalnum(),
                hint="isalnum accepts every letter, g to z included: only 0-9 and a-f / A-F are hex digits."),
    ],
)

# ------------------------------------------------------------------ 5. store


def _store_example(rng):
    return [(model.orthonormal_sequence(10, 16, seed=0),)]


def _store_random(rng):
    cases = []
    for _ in range(4):
        n, d = int(rng.integers(3, 20)), int(rng.integers(3, 33))
        cases.append((rng.choice([-1.0, 1.0], size=(n, d)),))
    cases.append((np.round(rng.normal(size=(6, 5)), 3),))
    return cases


def _store_edges(rng):
    """A single item (nothing to store: W = 0), two items, d = 1, and a sequence that repeats an item."""
    x = np.array([1.0, -1.0, 1.0, 1.0])
    y = np.array([-1.0, -1.0, 1.0, -1.0])
    return [(x[None, :],), (np.array([x, y]),), (np.array([[1.0], [-1.0], [1.0]]),), (np.array([x, y, x, y * 0.5]),)]


def _store_wrong(kind):
    def store(X):
        X = np.asarray(X, dtype=float)
        if kind == "transposed":
            return X[:-1].T @ X[1:]
        if kind == "auto":
            return X.T @ X
        if kind == "cyclic":
            return np.roll(X, -1, axis=0).T @ X
        if kind == "mean":
            return X[1:].T @ X[:-1] / max(len(X) - 1, 1)
        return X[1:].T @ X[:-1]
    return store


store_ex = Exercise(
    id="store", function="store", reference=model.store, title="write a sequence in one update",
    checks=[
        Check("10 orthonormal items in d = 16 (the memory then completes them exactly)", _store_example,
              hint="W = Σ_t x_{t+1} x_tᵀ over t = 0..n−1: the outer product of each NEXT item with its cue. "
                   "With rows of X: X[1:].T @ X[:-1]."),
        Check("random ±1 and Gaussian sequences", _store_random, hidden=True),
        Check("one item (W = 0), two items, d = 1, a repeated item", _store_edges, hidden=True),
    ],
    mistakes=[
        Mistake("outer products the wrong way round", _store_wrong("transposed"),
                hint="W x_t must give x_{t+1}, so each term is x_{t+1} x_tᵀ (next item as the column, cue as the "
                     "row): X[1:].T @ X[:-1]. Your W is the transpose: it recalls the PREVIOUS item."),
        Mistake("auto-association Σ x_t x_tᵀ", _store_wrong("auto"),
                hint="Σ x_t x_tᵀ maps each item to itself (a Hopfield-style memory). A sequence memory pairs each "
                     "item with the NEXT one: Σ x_{t+1} x_tᵀ."),
        Mistake("the last item wraps around to the first", _store_wrong("cyclic"),
                hint="The sequence does not loop: there is no pair (x_n → x_0). Sum over t = 0..n−1 only."),
        Mistake("averaged over the pairs", _store_wrong("mean"),
                hint="One update with step size 1 is the plain sum Σ x_{t+1} x_tᵀ; dividing by n breaks exact "
                     "recall of orthonormal items (W x_t would be x_{t+1}/n)."),
    ],
    rtol=1e-9, atol=1e-12,
)

# ------------------------------------------------------------------ 6. recall_accuracy


def _acc_example(rng):
    return [(model.random_pm1(17, 64, seed=0),), (model.random_pm1(129, 64, seed=0),)]


def _acc_random(rng):
    return [(rng.choice([-1.0, 1.0], size=(int(rng.integers(2, 60)), int(rng.integers(4, 40)))),)
            for _ in range(6)]


def _acc_edges(rng):
    """Ties (W x_t = 0 on some bits), a single stored pair (no crosstalk), and a repeated item."""
    tie = np.array([[1.0, -1.0, -1.0, 1.0], [1.0, 1.0, -1.0, -1.0], [-1.0, -1.0, 1.0, 1.0],
                    [1.0, -1.0, 1.0, 1.0]])  # 6 of the 12 recalled bits are exact ties (W x_t = 0 there)
    return [(tie,), (np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]]),),
            (np.array([[1.0, 1.0, -1.0, 1.0], [-1.0, 1.0, 1.0, 1.0], [1.0, 1.0, -1.0, 1.0], [1.0, -1.0, -1.0, -1.0]]),)]


def _acc_wrong(kind):
    def recall_accuracy(X):
        X = np.asarray(X, dtype=float)
        W = X[1:].T @ X[:-1]
        if kind == "chained":  # each cue is the memory's previous answer, not the true item
            cue, rows = X[0], []
            for _ in range(len(X) - 1):
                cue = np.sign(W @ cue)
                rows.append(cue)
            rec = np.array(rows).reshape(len(X) - 1, X.shape[1])
        else:
            rec = np.sign(X[:-1] @ W.T)
        if kind == "ties_right":
            rec = np.where(X[:-1] @ W.T >= 0, 1.0, -1.0)
        target = X[:-1] if kind == "self" else X[1:]
        right = rec == target
        if kind == "exact_mean":
            return float(right.mean()), float(right.mean(axis=1).mean())
        if kind == "exact_any":
            return float(right.mean()), float(right.any(axis=1).mean())
        return float(right.mean()), float(right.all(axis=1).mean())
    return recall_accuracy


acc_ex = Exercise(
    id="recall_accuracy", function="recall_accuracy", reference=model.recall_accuracy,
    title="how much of a one-shot memory comes back",
    checks=[
        Check("16 and 128 stored pairs of random ±1 items, d = 64 (seed 0)", _acc_example,
              hint="W = Σ x_{t+1} x_tᵀ; for each t < n compare np.sign(W @ X[t]) with X[t+1]. Return (mean over "
                   "all bits, mean over transitions of 'every bit right')."),
        Check("random sequences and dimensions", _acc_random, hidden=True),
        Check("ties, a single stored pair, a repeated item", _acc_edges, hidden=True),
    ],
    mistakes=[
        Mistake("cued with the memory's own previous answer", _acc_wrong("chained"),
                hint="Cue every step with the TRUE item x_t, not with what the memory recalled one step earlier "
                     "(chaining lets one wrong bit spoil every later step)."),
        Mistake("a tie counted as right", _acc_wrong("ties_right"),
                hint="Where W x_t is exactly 0 the memory has no answer: np.sign gives 0, which matches neither +1 "
                     "nor −1, so the bit counts as wrong (do not round a tie to +1)."),
        Mistake("compared with the cue instead of the next item", _acc_wrong("self"),
                hint="The memory answers x_t with x_{t+1}: compare sign(W x_t) with X[t+1], not with X[t]."),
        Mistake("exact recall as the mean bit accuracy", _acc_wrong("exact_mean"),
                hint="A transition counts as exactly recalled only if ALL d bits are right (.all(axis=1)), not by "
                     "its fraction of right bits."),
        Mistake("exact recall with any bit right", _acc_wrong("exact_any"),
                hint="Exact recall needs every bit right: .all(axis=1), not .any(axis=1)."),
    ],
    rtol=1e-12, atol=1e-12,
)

grader = Grader("cognitive-core", [kd_loss_ex, footprint_ex, tps_ex, hash_ex, store_ex, acc_ex])
