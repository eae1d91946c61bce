"""ROC curves of the checkers (out-of-fold scores)."""

from __future__ import annotations

import numpy as np

from research.figures import png_bytes

import matplotlib.pyplot as plt  # noqa: E402  (research.figures selects the Agg backend first)


def roc_figure(curves: dict[str, tuple[np.ndarray, np.ndarray, float]]) -> bytes:
    figure, ax = plt.subplots(figsize=(6, 5))
    for name, (fpr, tpr, auc) in curves.items():
        ax.plot(fpr, tpr, label=f"{name} (AUC {auc:.3f})", drawstyle="steps-post")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("false positive rate (unsupported passed)")
    ax.set_ylabel("true positive rate (supported passed)")
    ax.set_title("Faithfulness checkers: ROC, leave-one-article-out")
    ax.legend(loc="lower right", fontsize=8)
    return png_bytes(figure)
