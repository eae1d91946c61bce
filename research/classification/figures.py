"""The report's figures: confusion matrices of the best system and the learning curve."""

from __future__ import annotations

import numpy as np

from research import figures
from research.figures import png_bytes
from research.data.annotations import TOPICS

import matplotlib.pyplot as plt  # noqa: E402  (research.figures selects the Agg backend first)


def confusion_figure(system: str, matrices: dict[str, list[list[int]]]) -> bytes:
    """One panel per evaluation set (rows: reference label, columns: prediction)."""
    figure, axes = plt.subplots(1, len(matrices), figsize=(5.6 * len(matrices), 5.2), layout="constrained")
    axes = np.atleast_1d(axes)
    short = [t.replace("_", " ") for t in TOPICS]
    for ax, (title, matrix) in zip(axes, matrices.items()):
        counts = np.asarray(matrix)
        ax.imshow(counts, cmap="Blues")
        for (row, column), value in np.ndenumerate(counts):
            colour = "white" if value > counts.max() / 2 else "black"
            ax.text(column, row, str(value), ha="center", va="center", color=colour, fontsize=9)
        ax.set_xticks(range(len(TOPICS)), short, fontsize=7, rotation=35, ha="right")
        ax.set_yticks(range(len(TOPICS)), short, fontsize=7)
        ax.set_xlabel("predicted")
        ax.set_ylabel("reference")
        ax.set_title(title, fontsize=10)
    figure.suptitle(f"Confusion matrices: {system}")
    return png_bytes(figure)


def learning_curve_figure(curves: dict[str, dict[int, list[float]]], total: int) -> bytes:
    """Mean challenge macro-F1 per training size, with the min-max range over repeats shaded."""
    figure, ax = plt.subplots(figsize=(7, 4.5))
    for name, curve in curves.items():
        sizes = sorted(curve)
        mean = [float(np.mean(curve[s])) for s in sizes]
        ax.plot(sizes, mean, marker="o", label=name)
        ax.fill_between(sizes, [min(curve[s]) for s in sizes], [max(curve[s]) for s in sizes], alpha=0.15)
    ax.set_xlabel(f"training paragraphs (of {total} seed paragraphs)")
    ax.set_ylabel("challenge macro-F1")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title("Learning curve (random subsets of the seeds; range over repeats shaded)")
    return png_bytes(figure)


def reliability_figure(curves: dict[str, list[dict]], title: str) -> bytes:
    """Accuracy against mean confidence per bin, one line per system (the diagonal is perfect calibration)."""
    return figures.reliability_figure({name: [(r["confidence"], r["accuracy"]) for r in rows]
                                       for name, rows in curves.items()}, title,
                                      "mean confidence (top-label probability) in bin", "accuracy in bin")
