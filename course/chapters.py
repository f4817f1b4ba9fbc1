"""The course map: the 33 chapters of the course plan, and which are available.

A chapter is available when its notebook exists in chapters/. The landing page, the
progress view, the CLI and the browser tests all read this one list.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PARTS = {
    "I": "Part I: Learning from the brain (Marblestone)",
    "II": "Part II: Exponentials and search (Schrittwieser)",
    "III": "Part III: Products, robots, data and learning (Karpathy)",
}


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    title: str
    part: str
    concepts: str

    @property
    def module(self) -> str:
        return self.slug.replace("-", "_")

    @property
    def notebook(self) -> Path:
        return ROOT / "chapters" / f"{self.slug}.ipynb"

    @property
    def available(self) -> bool:
        return self.notebook.exists()


CHAPTERS = [
    Chapter(1, "loss-functions", 'The quadrillion-dollar question: ingredients, curricula, shaping', "I", 'M-C1, M-C2'),
    Chapter(2, "omnidirectional-inference", 'Clamp anything: joint distributions and energy-based models', "I", 'M-C3'),
    Chapter(3, "amortized-inference", 'Sampling versus amortized inference; test-time compute; copyable minds', "I", 'M-C7, M-C14'),
    Chapter(4, "steering-subsystem", 'Learning vs steering: thought assessors and the spider', "I", 'M-C4, M-C5, M-C17'),
    Chapter(5, "genome-compression", 'How much can a genome say? Information, compression, cell types', "I", 'M-C8, M-C9, M-C10'),
    Chapter(6, "td-learning", 'TD learning and dopamine; the value function that GRPO-style LLM RL leaves out', "I", 'M-C12, M-C11'),
    Chapter(7, "model-based-rl", 'Model-free, model-based, and RL as inference', "I", 'M-C13, M-C14'),
    Chapter(8, "brain-hardware", '20 W at 200 Hz: energy, noise as a resource, copyability', "I", 'M-C15, M-C16'),
    Chapter(9, "connectomics", 'Mapping the brain: constraints, learning rules, cost curves', "I", 'M-C19, M-C20, M-C21'),
    Chapter(10, "brain-data", "Borrowing the brain's representations", "I", 'M-C22, M-C18, M-C6'),
    Chapter(11, "continual-learning", 'Memory that keeps learning: replay, fast weights, maps', "I", 'M-C27, M-C28, M-C26'),
    Chapter(12, "verified-math", 'Lean, verifiable rewards, and the value of a conjecture', "I", 'M-C23, M-C24, M-C25, M-C29'),
    Chapter(13, "exponential-trends", 'Failing to understand the exponential', "II", 'S-C1, S-C5, M-C20 (cost curves)'),
    Chapter(14, "task-horizons", 'Measuring autonomy: time horizons and delegation', "II", 'S-C2, S-C25'),
    Chapter(15, "forecasting", 'Forecasting honestly: intervals, scores, falsification', "II", 'S-C3, S-C6'),
    Chapter(16, "evals-goodhart", 'Grading models against professionals; Goodhart', "II", 'S-C4, S-C17, S-C18'),
    Chapter(17, "game-tree-search", 'From minimax to Monte Carlo tree search', "II", 'S-C12'),
    Chapter(18, "self-play", 'Zero: learning by self-play', "II", 'S-C13, S-C14'),
    Chapter(19, "move-37", 'Novelty versus usefulness', "II", 'S-C7, S-C11'),
    Chapter(20, "muzero", 'Planning with a learned model', "II", 'S-C15'),
    Chapter(21, "rl-for-llms", 'Pretraining, priors, reward hacking, verifiable rewards', "II", 'S-C10, S-C11, S-C16, S-C25'),
    Chapter(22, "interpretability", 'Looking inside: features, steering, monitoring', "II", 'S-C19, S-C20, S-C21'),
    Chapter(23, "takeoff", 'Takeoff or treadmill: ideas getting harder to find', "II", 'S-C9, S-C8'),
    Chapter(24, "jobs-abundance", 'Comparative advantage, bottlenecks, abundance', "II", 'S-C22, S-C23, S-C24'),
    Chapter(25, "demo-vs-product", 'The demo is near, the product is far: reliability', "III", 'K-C1, K-C2, K-C25 (p^k)'),
    Chapter(26, "synthetic-data", 'Silent collapse: entropy and synthetic data', "III", 'K-C14, K-C13'),
    Chapter(27, "transformers", 'The transformer as a differentiable computer', "III", 'K-C10, K-C11'),
    Chapter(28, "scaling-laws", 'Scaling laws and the data bottleneck', "III", 'K-C12'),
    Chapter(29, "cognitive-core", 'The cognitive core: distillation and small models', "III", 'K-C18, K-C15'),
    Chapter(30, "end-to-end", 'Eating the stack: privileged sensors and supervision bits', "III", 'K-C3, K-C4, K-C5'),
    Chapter(31, "robots", 'Cars are robots: transfer, platforms, control', "III", 'K-C6, K-C7, K-C8, K-C9'),
    Chapter(32, "llm-companies", 'Companies of LLMs and owning your exocortex', "III", 'K-C19, K-C17, K-C16'),
    Chapter(33, "two-sigma", 'The 2-sigma problem, and how this course teaches', "III", 'K-C21, K-C22, K-C24–K-C29'),
]


def by_slug(slug: str) -> Chapter:
    for ch in CHAPTERS:
        if ch.slug == slug:
            return ch
    raise KeyError(f"no chapter {slug!r}; known: {', '.join(c.slug for c in CHAPTERS)}")


def available() -> list[Chapter]:
    return [ch for ch in CHAPTERS if ch.available]
