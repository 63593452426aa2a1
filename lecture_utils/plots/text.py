"""Drawing sentiment classification (lecture 5): a model's verdict after each word."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .palette import COLORS, CONTEXT_COLOR, OKABE_ITO, SENTIMENT_COLORS
from .style import plain_text


def draw_prefix_predictions(view: dict, ax=None, title: str | None = None):
    """The model's probability of each class after each word, from
    ``data.text.prefix_predictions``. Two classes: one line, P(class 1), around 0.5.
    Returns the axes (None-safe: a view with no words draws its message)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.2))
    words, probabilities = view["words"], np.asarray(view["probabilities"])
    if not words or view["label"] is None:
        ax.text(0.5, 0.5, view["message"] or "nothing to read", ha="center", va="center",
                wrap=True, transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    steps = np.arange(1, len(words) + 1)
    # class names are the student's (price tiers "$", "$$"): never read as maths
    names = [plain_text(name) for name in
             view.get("class_names") or ("negative", "positive")]
    if probabilities.shape[1] == 2:
        positive = probabilities[:, 1]
        ax.axhline(0.5, color=CONTEXT_COLOR, linewidth=1.5, linestyle="--")
        ax.fill_between(steps, 0.5, positive, where=positive >= 0.5, interpolate=True,
                        alpha=0.3, color=SENTIMENT_COLORS["positive"])
        ax.fill_between(steps, 0.5, positive, where=positive < 0.5, interpolate=True,
                        alpha=0.3, color=SENTIMENT_COLORS["negative"])
        ax.plot(steps, positive, marker="o", color=COLORS["output"])
        ax.set_ylabel(f"P({names[1]})")
    else:
        for k, name in enumerate(names):
            ax.plot(steps, probabilities[:, k], marker="o", label=name,
                    color=OKABE_ITO[k % len(OKABE_ITO)])
        ax.legend(loc="upper left", fontsize=11)
        ax.set_ylabel("probability")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(0.5, len(words) + 0.5)
    ax.set_xticks(steps)
    small = 13 if len(words) <= 12 else 11 if len(words) <= 25 else 8
    ax.set_xticklabels(words, rotation=50, ha="right", fontsize=small)
    ax.set_xlabel("after reading the words up to ...")
    verdict = f"{plain_text(view['label'])} ({view['probability'].max():.0%})"
    ax.set_title(title or f"The model reads word by word: {verdict}")
    return ax
