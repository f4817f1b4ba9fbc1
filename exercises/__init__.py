"""Exercise modules, one per chapter: checks, known mistakes and reference solutions."""
