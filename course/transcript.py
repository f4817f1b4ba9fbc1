"""Approximate times of passages in the Marblestone transcript, from its chapter markers.

The Marblestone conversation (`001_…`: Dwarkesh Podcast, "Adam Marblestone — AI is missing something
fundamental about the brain", 2025-12-30, 1:49:53) is an automatic transcript with no timestamps: only the
episode's seven official chapter markers, each printed as a heading line in the text. The course places a
passage in time by its position in the text: the character offset of the start of its transcript line,
interpolated linearly between the heading that opens its chapter and the next heading (the last chapter
runs to the end of the text at 1:49:53). Speech rate varies, so a time is good to about ±2 minutes;
`approx_time` rounds to 10 seconds to avoid suggesting more.

Every "≈" time with a transcript-line reference in a chapter or in the appendix (`book/conversations.md`)
is this function of that line; tests/test_transcript.py checks them all, so the pages cannot drift apart.

The transcript itself is not shipped (and nothing may read it at build, test or run time). What is shipped
is the little needed to place a line: the markers below and the length of every line of the transcript
body, measured once from the file whose SHA-256 is `TRANSCRIPT_SHA256` (`python -m course.transcript
PATH` prints both tables again from a copy of that file).
"""
from __future__ import annotations

import hashlib
import sys

TRANSCRIPT = "001_60d23416195039dd.txt"
TRANSCRIPT_SHA256 = "0956646978165c8bcabfe49285c90da37ae5e26b21352dcc11feac7f807704e3"

# (line of the heading in the transcript file, chapter start in seconds, chapter title); 1-based lines
MARKERS = (
    (72, 0, "The brain's secret sauce is the reward functions, not the architecture"),
    (202, 22 * 60 + 20, "Amortized inference and what the genome actually stores"),
    (318, 42 * 60 + 42, "Model-based vs model-free RL in the brain"),
    (364, 50 * 60 + 31, "Is biological hardware a limitation or an advantage?"),
    (446, 3600 + 3 * 60 + 59, "Why a map of the human brain is important"),
    (570, 3600 + 23 * 60 + 28, "What value will automating math have?"),
    (654, 3600 + 38 * 60 + 18, "Architecture of the brain"),
)
END_LINE, END_SECONDS = 720, 3600 + 49 * 60 + 53  # the line after the spoken text; the episode's length

# Characters in each line FIRST_LINE .. END_LINE - 1 of the transcript (0 for blank lines).
FIRST_LINE = MARKERS[0][0]
_LINE_LENGTHS = """
70 0 321 0 276 0 383 0 446 0 411 0 313 0 259 0 289 0 328 0 479 0 323 0 444 0 400 0 433 0 403 0
203 0 317 0 308 0 412 0 433 0 348 0 410 0 319 0 343 0 471 0 368 0 362 0 375 0 285 0 238 0 352 0
471 0 405 0 255 0 277 0 437 0 421 0 468 0 496 0 251 0 320 0 262 0 357 0 312 0 403 0 469 0 474 0
489 0 349 0 270 0 449 0 492 0 389 0 280 0 497 0 281 0 390 0 288 0 241 0 477 0 295 0 293 0 454 0
360 0 55 0 491 0 469 0 279 0 258 0 253 0 435 0 316 0 443 0 397 0 482 0 246 0 349 0 321 0 480 0
327 0 478 0 452 0 270 0 484 0 290 0 292 0 468 0 233 0 330 0 446 0 390 0 451 0 367 0 490 0 443 0
234 0 495 0 348 0 347 0 159 0 499 0 184 0 336 0 342 0 432 0 367 0 241 0 446 0 304 0 246 0 256 0
314 0 411 0 295 0 481 0 478 0 487 0 368 0 407 0 406 0 448 0 473 0 41 0 450 0 289 0 272 0 276 0
499 0 478 0 431 0 241 0 357 0 496 0 292 0 427 0 442 0 371 0 193 0 350 0 371 0 282 0 382 0 416 0
310 0 421 0 52 0 395 0 405 0 272 0 310 0 443 0 444 0 210 0 413 0 420 0 456 0 97 0 474 0 436 0
241 0 272 0 316 0 238 0 481 0 420 0 447 0 370 0 457 0 483 0 318 0 378 0 312 0 446 0 458 0 347 0
453 0 251 0 289 0 252 0 259 0 319 0 437 0 342 0 173 0 452 0 258 0 41 0 422 0 470 0 352 0 411 0
336 0 346 0 353 0 212 0 487 0 360 0 405 0 437 0 443 0 353 0 214 0 445 0 191 0 309 0 403 0 324 0
378 0 267 0 483 0 221 0 291 0 360 0 412 0 475 0 245 0 416 0 475 0 442 0 240 0 289 0 255 0 257 0
411 0 448 0 450 0 398 0 399 0 246 0 275 0 406 0 307 0 325 0 382 0 193 0 387 0 158 0 417 0 411 0
194 0 496 0 480 0 250 0 293 0 260 0 341 0 297 0 219 0 37 0 383 0 442 0 443 0 372 0 459 0 187 0
451 0 304 0 430 0 357 0 306 0 218 0 409 0 468 0 424 0 388 0 431 0 344 0 326 0 485 0 365 0 355 0
253 0 320 0 268 0 417 0 320 0 256 0 363 0 190 0 462 0 358 0 298 0 449 0 359 0 478 0 417 0 430 0
497 0 481 0 251 0 25 0 276 0 497 0 362 0 280 0 251 0 457 0 461 0 307 0 468 0 415 0 499 0 441 0
400 0 419 0 265 0 460 0 407 0 424 0 430 0 305 0 325 0 451 0 234 0 318 0 449 0 411 0 469 0 315 0
419 0 449 0 297 0 313 0
"""
LINE_LENGTHS = tuple(int(n) for n in _LINE_LENGTHS.split())


def _offsets() -> list[int]:
    """Character offset of the start of each line FIRST_LINE .. END_LINE (newlines count 1)."""
    out = [0]
    for n in LINE_LENGTHS:
        out.append(out[-1] + n + 1)
    return out


_OFFSET = _offsets()


def seconds(line: int) -> float:
    """Estimated time, in seconds into the recording, at the start of transcript line `line` (1-based)."""
    if not FIRST_LINE <= line < END_LINE:
        raise ValueError(f"line {line} is outside the transcript body (lines {FIRST_LINE}–{END_LINE - 1})")
    bounds = [(ln, t) for ln, t, _ in MARKERS] + [(END_LINE, END_SECONDS)]
    for (a, ta), (b, tb) in zip(bounds, bounds[1:]):
        if a <= line < b:
            ca, cb, c = (_OFFSET[x - FIRST_LINE] for x in (a, b, line))
            return ta + (c - ca) / (cb - ca) * (tb - ta)
    raise AssertionError("unreachable")


def format_time(s: float) -> str:
    """`m:ss` under an hour, `h:mm:ss` from one hour on."""
    s = int(s)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def approx_time(line: int) -> str:
    """Transcript line -> "≈m:ss" (or "≈h:mm:ss"): where line `line` of the Marblestone transcript starts,
    interpolated between the chapter markers and rounded to the nearest 10 s (halves round up)."""
    return "≈" + format_time(10 * int(seconds(line) / 10 + 0.5))


def chapter_of(line: int) -> tuple[str, str]:
    """(marker time "hh:mm:ss", title) of the chapter that line `line` belongs to."""
    seconds(line)  # validates the line
    ln, t, title = max((m for m in MARKERS if m[0] <= line), key=lambda m: m[0])
    h, rest = divmod(t, 3600)
    return f"{h:02d}:{rest // 60:02d}:{rest % 60:02d}", title


def tables_from(path: str) -> str:
    """Re-measure the shipped tables from a copy of the transcript (a maintainer's tool; never run by
    the course). Checks the file is the one the tables were made from and that the headings are where
    MARKERS says."""
    raw = open(path, "rb").read()
    if hashlib.sha256(raw).hexdigest() != TRANSCRIPT_SHA256:
        raise SystemExit(f"{path} is not the transcript the tables were measured from")
    lines = raw.decode("utf-8").split("\n")
    for ln, _, title in MARKERS:
        assert lines[ln - 1].strip() == title, (ln, lines[ln - 1])
    return " ".join(str(len(x)) for x in lines[FIRST_LINE - 1:END_LINE - 1])


if __name__ == "__main__":  # python -m course.transcript /path/to/001_60d23416195039dd.txt
    measured = tables_from(sys.argv[1])
    print("line lengths match" if tuple(map(int, measured.split())) == LINE_LENGTHS else measured)
