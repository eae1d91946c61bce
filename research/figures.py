"""Figures as deterministic PNG bytes (no timestamps or version strings in the file)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

DPI = 100


def png_bytes(figure: Figure) -> bytes:
    """Render and close ``figure``; identical inputs give identical bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def new_figure(width: float = 6.0, height: float = 4.0) -> tuple[Figure, object]:
    plt.rcParams["svg.hashsalt"] = "research"
    figure, axes = plt.subplots(figsize=(width, height))
    return figure, axes


def reliability_figure(curves: dict[str, list[tuple[float, float]]], title: str, x_label: str, y_label: str) -> bytes:
    """Observed against estimated per bin, one line per system (the diagonal is perfect calibration)."""
    figure, ax = plt.subplots(figsize=(6, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
    for name, points in curves.items():
        # rounded to 0.01 (well under a marker's width): model outputs differ in their last digits between CPUs
        # (Intel, AMD), and the figure's bytes must not
        ax.plot([round(x, 2) for x, _ in points], [round(y, 2) for _, y in points], marker="o", label=name)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    ax.set_title(title, fontsize=10)
    return png_bytes(figure)
