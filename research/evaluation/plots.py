"""Figures of the summarization report, as deterministic PNG bytes (research.figures)."""

from __future__ import annotations

import numpy as np

from research.evaluation.rouge import ROUGE_TYPES, SHORT_NAMES
from research.stats import Interval
from research.figures import new_figure, png_bytes

MARKERS = "osD^v<>pPX*h"


def rouge_bars(systems: list[str], intervals: list[dict[str, Interval]], title: str) -> bytes:
    """Grouped bars: one group per system, one bar per ROUGE type (F1 x 100) with its 95% interval."""
    figure, axes = new_figure(max(6.0, 1.1 * len(systems) + 2), 4.5)
    width = 0.8 / len(ROUGE_TYPES)
    x = np.arange(len(systems))
    for k, kind in enumerate(ROUGE_TYPES):
        means = np.array([100 * i[kind].mean for i in intervals])
        low = means - np.array([100 * i[kind].low for i in intervals])
        high = np.array([100 * i[kind].high for i in intervals]) - means
        axes.bar(x + (k - (len(ROUGE_TYPES) - 1) / 2) * width, means, width, yerr=[low, high], capsize=2,
                 label=SHORT_NAMES[kind])
    axes.set_xticks(x, systems, rotation=30, ha="right")
    axes.set_ylabel("F1 x 100 (95% bootstrap CI)")
    axes.set_title(title)
    axes.legend(ncols=len(ROUGE_TYPES), fontsize="small", loc="upper right")
    axes.set_ylim(0, 115)  # room for the legend above a bar at 100
    axes.set_yticks(range(0, 101, 20))
    return png_bytes(figure)


def coverage_density(systems: list[str], per_article: list[list[dict]], title: str) -> bytes:
    """Extractive fragment coverage (x) against density (y, log) per article; large markers are system means."""
    figure, axes = new_figure(7.0, 5.0)
    for index, (name, rows) in enumerate(zip(systems, per_article)):
        marker, colour = MARKERS[index % len(MARKERS)], f"C{index % 10}"
        coverage = [r["coverage"] for r in rows]
        density = [max(r["density"], 0.1) for r in rows]  # log axis: a summary sharing nothing sits at the floor
        axes.scatter(coverage, density, marker=marker, color=colour, alpha=0.45, s=22)
        axes.scatter([np.mean(coverage)], [np.mean(density)], marker=marker, color=colour, s=90,
                     edgecolors="black", label=name)
    axes.set_yscale("log")
    lowest = min(r["coverage"] for rows in per_article for r in rows)
    axes.set_xlim(max(0.0, np.floor(10 * lowest - 0.5) / 10), 1.01)  # zoom on the occupied range
    axes.set_xlabel("extractive fragment coverage")
    axes.set_ylabel("extractive fragment density (log)")
    axes.set_title(title)
    axes.legend(fontsize="x-small", loc="upper left")
    return png_bytes(figure)
