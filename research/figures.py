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
