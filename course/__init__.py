"""Shared machinery of the course: grading, explorables, figures, the book's plotly renderer."""
