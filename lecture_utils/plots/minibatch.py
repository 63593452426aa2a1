"""Drawing how a deep net learns (lecture 7): loss curves against epochs and updates,
the noise in mini-batch gradients, and descent paths on the line's loss.

Each way of computing the gradient has its colour (``palette.METHOD_COLORS``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..maths.minibatch import LINE_SIZE, LINE_START, best_line, line_data, line_loss, method_name
from .palette import CONTEXT_COLOR, METHOD_COLORS, MINIMUM_STYLE, START_STYLE
from .style import legend_below


def draw_loss_curves(histories: dict, updates_per_epoch: dict, axes=None):
    """Training loss against epochs (left) and against updates (right, log scale).

    histories : method name -> (records, 2) array of (updates so far, training loss)
    updates_per_epoch : method name -> updates in one epoch
    Returns the two axes.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(15, 5.2), sharey=True)
    by_epoch, by_update = axes
    for name, history in histories.items():
        history = np.asarray(history, dtype=float)
        color = METHOD_COLORS.get(name)
        by_epoch.plot(history[:, 0] / updates_per_epoch[name], history[:, 1], color=color,
                      label=name)
        after_updates = history[:, 0] > 0                 # a log axis has no 0
        by_update.plot(history[after_updates, 0], history[after_updates, 1], color=color,
                       label=name)
    by_epoch.set(xlabel="epochs (passes over the training data)",
                 ylabel="training loss (cross-entropy)", title="loss against epochs")
    by_update.set(xscale="log", xlabel="updates (gradient steps, log scale)",
                  title="loss against updates")
    by_epoch.legend()
    return axes


# One picture of lecture 7 (the cloud, the paths): 440 x 420 px. Two side by side fit the
# notebook beside JupyterLab's file browser at 1280x720 (about 848 px, so about 0.96 of
# full size: 12-point labels still show at 11.5 points).
GRADIENT_PICTURE_SIZE = (4.4, 4.2)


def gradient_limits(view: dict, margin: float = 0.08) -> tuple[tuple, tuple]:
    """Axis limits that hold every per-example gradient of a view."""
    low, high = view["per_example"].min(axis=0), view["per_example"].max(axis=0)
    pad = margin * (high - low)
    return (low[0] - pad[0], high[0] + pad[0]), (low[1] - pad[1], high[1] + pad[1])


def draw_gradient_cloud_still(view: dict, ax) -> list:
    """What stays put in the gradient picture: one grey dot per example, the full
    gradient (a black star), the axes. Returns the artists drawn."""
    artists = ax.plot(*view["per_example"].T, "o", color=CONTEXT_COLOR, alpha=0.35,
                      markersize=5, label="one example")
    (x0, x1), (y0, y1) = gradient_limits(view)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_autoscale_on(False)
    ax.set_xlabel("gradient component ∂L/∂w₁")
    ax.set_ylabel("∂L/∂w₂")
    return artists


def draw_gradient_cloud_moving(view: dict, ax) -> list:
    """What changes with the batch size: the mini-batch gradients, a circle of radius
    ``spread`` around the full gradient, the full gradient, and a legend below the axes,
    off the points."""
    color = METHOD_COLORS[method_name(view["batch_size"], view["n"])]
    artists = ax.plot(*view["batch_means"].T, "o", color=color, alpha=0.6, markersize=6,
                      label=f"mini-batch of {view['batch_size']}")
    angle = np.linspace(0, 2 * np.pi, 100)
    artists += ax.plot(view["full"][0] + view["spread"] * np.cos(angle),
                       view["full"][1] + view["spread"] * np.sin(angle), color=color,
                       linewidth=2.5, linestyle="--")
    artists += ax.plot(*view["full"], "*", color="black", markersize=22, markeredgecolor="white",
                       label="full gradient")
    handles = [ax.lines[0], *[a for a in artists if a.get_label()[:1] != "_"]]
    artists.append(legend_below(ax, handles, ncol=2))
    return artists


def draw_gradient_cloud(view: dict, ax=None):
    """Per-example gradients (grey), mini-batch gradients (coloured) and the full
    gradient (star) of the line at one point. Returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=GRADIENT_PICTURE_SIZE, layout="constrained")
    draw_gradient_cloud_still(view, ax)
    draw_gradient_cloud_moving(view, ax)
    ax.set_title(f"batch size {view['batch_size']}: spread {view['spread']:.2f} "
                 f"(one example: {view['spread_one']:.2f})", fontsize=13)
    return ax


LINE_WINDOW = ((-0.5, 3.5), (-1.5, 2.0))


def draw_line_contours(ax) -> None:
    """Contours of the line's loss over (w₁, w₂), its minimum (yellow star), the start."""
    x, y = line_data()
    (x0, x1), (y0, y1) = LINE_WINDOW
    w1, w2 = np.meshgrid(np.linspace(x0, x1, 120), np.linspace(y0, y1, 120))
    loss = line_loss(np.stack([w1, w2], axis=-1), x, y)       # (120, 120)
    levels = np.quantile(loss, np.linspace(0, 1, 14) ** 2)
    ax.contourf(w1, w2, loss, levels=levels, cmap="Greys", alpha=0.4)
    ax.contour(w1, w2, loss, levels=levels, colors=CONTEXT_COLOR, linewidths=0.8)
    ax.plot(*best_line(x, y), zorder=5, **MINIMUM_STYLE)
    ax.plot(*LINE_START, zorder=5, **START_STYLE)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_autoscale_on(False)
    ax.grid(False)
    ax.set_xlabel("w₁ (slope)")
    ax.set_ylabel("w₂ (intercept)")


def draw_line_path(path: np.ndarray, batch_size: int, ax) -> list:
    """One descent path over the contours, coloured by its method. Returns the artists."""
    name = method_name(batch_size, LINE_SIZE)
    label = f"{name} (batch size {batch_size})"
    return ax.plot(path[:, 0], path[:, 1], color=METHOD_COLORS[name], linewidth=2.5,
                   marker="o", markersize=4, label=label, zorder=3)


def draw_line_paths(paths: dict, ax=None):
    """Descent paths over the contours of the line's loss.

    paths : batch size -> (steps + 1, 2) array of the (w₁, w₂) visited. The legend
    sits below the axes, off the paths. Returns the axes.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=GRADIENT_PICTURE_SIZE, layout="constrained")
    draw_line_contours(ax)
    for batch_size, path in paths.items():
        draw_line_path(path, batch_size, ax)
    legend_below(ax)
    return ax
