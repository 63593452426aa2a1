"""Drawing the gradient-descent lecture: a skier on a 1-D loss, optimizers on 2-D contours.

Each function draws one view from ``landscapes.descent_1d_view`` or
``descent_2d_view``; the widgets redraw with the same functions. Every optimizer
has one colour (``optimizers.OPTIMIZER_COLORS``) in every picture.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from . import landscapes, optimizers
from .plotting import COLORS

LANDSCAPE_COLOR = COLORS["baseline"]
DIVERGED_COLOR = "#D55E00"


def new_figure(width: float = 9.0, height: float = 4.5, pyplot: bool = True):
    """A figure for one view. ``pyplot=False`` gives a figure that a notebook will
    not show by itself (for widgets, which render it to PNG)."""
    if pyplot:
        return plt.figure(figsize=(width, height))
    return Figure(figsize=(width, height), dpi=100)


def _diverged_label(ax, text: str):
    return ax.text(0.5, 0.55, text, transform=ax.transAxes, ha="center", va="center",
            fontsize=22, color=DIVERGED_COLOR, fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": DIVERGED_COLOR, "linewidth": 2,
                  "boxstyle": "round,pad=0.4"}, zorder=10)


def draw_landscape_1d(landscape, ax, show_landscape: bool = True,
                      mark_minima: bool = False) -> None:
    """What stays put while the skier moves: the loss curve (if shown), the axes.
    (With the landscape hidden, the legend says so: see ``draw_skier``.)"""
    landscape = landscapes.get_landscape(landscape)
    (low, high), = landscape.window
    if show_landscape:
        curve_w = np.linspace(low, high, 300)
        ax.plot(curve_w, landscape.loss(curve_w[:, None]), color=LANDSCAPE_COLOR,
                linewidth=4, zorder=1)
    if show_landscape and mark_minima and len(landscape.minima) > 1:
        best = landscape.minima[0][0]
        # Two short lines straight above the minimum: inside its valley, off the curve.
        ax.annotate("a better\nminimum", (best, float(landscape.loss(np.array([best])))),
                    xytext=(0, 32), textcoords="offset points", ha="center", va="bottom",
                    fontsize=14, linespacing=1.0, color=COLORS["carry"],
                    arrowprops={"arrowstyle": "-|>", "color": COLORS["carry"],
                                "shrinkA": 1, "shrinkB": 2})
    ax.set_xlim(low, high)
    ax.set_ylim(*landscape.loss_limits)
    ax.set_autoscale_on(False)
    ax.set_xlabel("parameter w")
    ax.set_ylabel("loss L(w)")


HIDDEN_LANDSCAPE_LABEL = "slopes it felt (landscape hidden)"


def draw_skier(view: dict, ax, show_landscape: bool = True, legend: bool = True) -> list:
    """What moves: the steps taken, the skier, the tangent at its feet (or the
    "diverged" label) and, if ``legend``, a legend below the axes, off the data.
    With the landscape hidden, the slope felt at each position is drawn instead,
    and the legend names it (``HIDDEN_LANDSCAPE_LABEL``). Returns the artists drawn."""
    landscape = view["landscape"]
    color = optimizers.OPTIMIZER_COLORS[view["optimizer"]]
    (low, high), = landscape.window
    artists = []
    if not show_landscape:
        half = 0.04 * (high - low)
        slopes = landscape.gradient(view["path_w"]) if len(view["path_w"]) else []
        label = HIDDEN_LANDSCAPE_LABEL
        for w, loss, slope in zip(view["path_w"], view["path_loss"], slopes, strict=True):
            if np.isfinite(w) and np.isfinite(loss) and np.isfinite(slope):
                artists += ax.plot([w - half, w + half],
                                   [loss - slope * half, loss + slope * half],
                                   color=LANDSCAPE_COLOR, linewidth=4, zorder=1, label=label)
                label = None  # one legend entry for all of them
    artists += ax.plot(view["path_w"], view["path_loss"], color=color, linewidth=1.5,
                       alpha=0.6, marker="o", markersize=6, zorder=2,
                       label=f"steps ({optimizers.LABELS[view['optimizer']]})")
    if view["diverged_at"] is None:
        artists += ax.plot(view["tangent_w"], view["tangent_loss"], color="black",
                           linewidth=2.5, linestyle="--", zorder=3, label="tangent: slope dL/dw")
        artists += ax.plot([view["w"]], [view["loss"]], marker="o", markersize=18, color=color,
                           markeredgecolor="white", markeredgewidth=2.5, linestyle="none",
                           zorder=4, label="skier")
    else:
        artists.append(_diverged_label(ax, f"diverged at step {view['diverged_at']}"))
    if legend:
        artists.append(ax.legend(loc="upper center", ncol=4 if not show_landscape else 3,
                                 fontsize=12, frameon=False, bbox_to_anchor=(0.5, -0.2),
                                 columnspacing=1.2, handlelength=1.8))
    return artists


def draw_descent_1d(view: dict, ax=None, show_landscape: bool = True,
                    mark_minima: bool = False, title: str | None = None):
    """The skier on a 1-D loss: the curve, the positions visited, the skier and the
    tangent at its feet. With ``show_landscape=False`` only what the skier has
    learnt is drawn: the tangent at each position it has stood on.
    Returns the axes."""
    if ax is None:
        ax = new_figure().subplots()
    draw_landscape_1d(view["landscape"], ax, show_landscape, mark_minima)
    draw_skier(view, ax, show_landscape)
    ax.set_title(title if title is not None else view["title"], fontsize=15)
    return ax


def panels_size(rows: int) -> tuple[float, float]:
    """Figure size (inches) for ``rows`` rows of 1-D views: 8.3 wide, and as tall as a
    slide allows: 3.6 for one row, never more than 4.7 (480 px shown, with the inline
    0.1-inch margin)."""
    return 8.3, min(4.7, 1.1 + 2.5 * rows)


def draw_descent_panels(views, titles, columns: int = 2, show_landscape=True,
                        mark_minima=False, size: tuple[float, float] | None = None):
    """Several 1-D views side by side (``columns`` per row), as ``draw_descent_1d``
    draws each, sized for a projector: at most 8.3 x 4.7 inches (shown inline with
    its 0.1-inch margin: at most 850 x 480 px, unscaled beside JupyterLab's file
    browser at 1280x720), axis labels on the outer panels only, and one legend for
    all of them below the figure, off the data.

    views : views from ``landscapes.descent_1d_view``; titles : one per view;
    show_landscape, mark_minima : one bool for all views, or one per view;
    size : the figure's (width, height) in inches (default: ``panels_size(rows)``).
    Returns the figure.
    """
    views, titles = list(views), list(titles)
    if isinstance(columns, bool) or not isinstance(columns, int) or columns < 1:
        raise ValueError(f"columns must be a whole number of at least 1, got {columns!r}.")
    if not views or len(titles) != len(views):
        raise ValueError(f"give one title per view: {len(views)} views, {len(titles)} titles.")
    per_view = {}
    for name, value in (("show_landscape", show_landscape), ("mark_minima", mark_minima)):
        values = [value] * len(views) if isinstance(value, bool) else list(value)
        if len(values) != len(views):
            raise ValueError(f"{name} must be one bool, or one per view ({len(views)}).")
        per_view[name] = values
    rows = -(-len(views) // columns)
    fig = plt.figure(figsize=size or panels_size(rows), layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    handles = {}
    for k, (ax, view, title) in enumerate(zip(axes, views, titles, strict=False)):
        shown = per_view["show_landscape"][k]
        draw_landscape_1d(view["landscape"], ax, shown, per_view["mark_minima"][k])
        draw_skier(view, ax, shown, legend=False)
        ax.set_title(title, fontsize=14)
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
        if k + columns < len(views):  # a panel below says it
            ax.set_xlabel("")
        if k % columns:
            ax.set_ylabel("")
    for ax in axes[len(views):]:
        ax.set_visible(False)
    fig.legend(list(handles.values()), list(handles), loc="outside lower center",
               ncol=min(len(handles), 3), fontsize=12, frameon=False, columnspacing=1.2,
               handlelength=1.8)
    return fig


def draw_loss_contours(landscape, ax) -> None:
    """Filled contours of a 2-D landscape over its window (darker = higher loss)."""
    landscape = landscapes.get_landscape(landscape)
    w1, w2, loss = landscapes.loss_grid(landscape.name)
    levels = np.unique(np.quantile(loss, np.linspace(0, 1, 13)))
    ax.contourf(w1, w2, loss, levels=levels, cmap="Greys", alpha=0.45)
    ax.contour(w1, w2, loss, levels=levels, colors=LANDSCAPE_COLOR, linewidths=0.8)
    minima = np.array(landscape.minima)
    ax.plot(minima[:, 0], minima[:, 1], marker="*", markersize=20, color="white",
            markeredgecolor="black", linestyle="none", zorder=5)
    (x0, x1), (y0, y1) = landscape.window
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_autoscale_on(False)
    ax.set_aspect("equal", adjustable="box")
    ax.grid(False)
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")


def draw_paths_2d(view: dict, ax) -> list:
    """The optimizers' paths of a 2-D view (dashed where a run diverged), a dot
    where each ended, and the start. Returns the artists drawn."""
    artists = []
    for name, path in view["paths"].items():
        color = optimizers.OPTIMIZER_COLORS[name]
        diverged = view["diverged_at"][name] is not None
        artists.append(ax.add_line(Line2D(path[:, 0], path[:, 1], color=color, linewidth=2.5,
                                          linestyle="--" if diverged else "-", zorder=3)))
        if not diverged:
            artists.append(ax.add_line(Line2D(
                path[-1:, 0], path[-1:, 1], marker="o", markersize=9, color=color,
                markeredgecolor="white", linestyle="none", zorder=4)))
    start = view["start"]
    artists.append(ax.add_line(Line2D(
        [start[0]], [start[1]], marker="o", markersize=14, color="white",
        markeredgecolor="black", markeredgewidth=2.5, linestyle="none", zorder=6)))
    return artists


KEY_ROW = 0.3  # inches between the rows of the key beside a 2-D plot


def _key_position(ax, row: int, rows: int, x: float):
    """A transform that puts a point ``x`` inches right of the axes, on ``row``."""
    return offset_copy(ax.transAxes, fig=ax.figure, x=x,
                       y=((rows - 1) / 2 - row) * KEY_ROW, units="inches")


def draw_key_2d(ax, names=optimizers.NAMES) -> list:
    """A key beside the axes: one row per optimizer, its colour and its name."""
    artists = []
    for row, name in enumerate(names):
        artists.append(ax.add_line(Line2D(
            [1.0], [0.5], marker="_", markersize=26, markeredgewidth=3.5, linestyle="none",
            color=optimizers.OPTIMIZER_COLORS[name], clip_on=False,
            transform=_key_position(ax, row, len(names), 0.35))))
        artists.append(ax.text(1.0, 0.5, optimizers.LABELS[name], fontsize=13, va="center",
                               transform=_key_position(ax, row, len(names), 0.65)))
    return artists


def draw_outcomes_2d(view: dict, ax) -> list:
    """Beside each name in the key: the final loss, or the step where it diverged."""
    names = list(view["paths"])
    artists = []
    for row, name in enumerate(names):
        where = view["diverged_at"][name]
        text = (f"L = {view['final_loss'][name]:.3g}" if where is None
                else f"diverged at step {where}")
        artists.append(ax.text(1.0, 0.5, text, fontsize=13, va="center",
                               color=DIVERGED_COLOR if where is not None else "black",
                               transform=_key_position(ax, row, len(names), 1.95)))
    return artists


def layout_2d(landscape) -> tuple[tuple[float, float], dict]:
    """Figure size (inches) and margins that fit a 2-D landscape's window at equal
    scales on both axes, with the legend on the right."""
    (x0, x1), (y0, y1) = landscapes.get_landscape(landscape).window
    height = 3.6
    width = height * (x1 - x0) / (y1 - y0)
    if width > 6.4:
        width, height = 6.4, 6.4 * (y1 - y0) / (x1 - x0)
    left, right, bottom, top = 0.9, 3.9, 0.8, 0.55
    size = (left + width + right, bottom + height + top)
    margins = {"left": left / size[0], "right": (left + width) / size[0],
               "bottom": bottom / size[1], "top": (bottom + height) / size[1]}
    return size, margins


def draw_descent_2d(view: dict, ax=None):
    """Contours of L(w₁, w₂) and every optimizer's path from one start. Returns the axes."""
    if ax is None:
        size, margins = layout_2d(view["landscape"])
        fig = new_figure(*size)
        fig.subplots_adjust(**margins)
        ax = fig.subplots()
    draw_loss_contours(view["landscape"], ax)
    draw_key_2d(ax, tuple(view["paths"]))
    draw_paths_2d(view, ax)
    draw_outcomes_2d(view, ax)
    ax.set_title(view["title"], fontsize=15)
    return ax
