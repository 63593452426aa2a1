"""Drawing the gradient-descent lecture: a skier on a 1-D loss, optimizers on 2-D contours.

Each function draws one view from ``landscapes.descent_1d_view`` or
``descent_2d_view``; the widgets redraw with the same functions. Every optimizer
has one colour (``OPTIMIZER_COLORS``) in every picture.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import Affine2D, ScaledTranslation

from ..errors import LectureError, require_int
from ..maths import landscapes, optimizers
from .palette import (
    COLORS,
    CONTEXT_COLOR,
    DIVERGED_COLOR,
    MINIMUM_STYLE,
    OPTIMIZER_COLORS,
    OPTIMIZER_LABELS,
    START_STYLE,
)


def new_figure(width: float = 9.0, height: float = 4.5):
    """A (pyplot) figure for one view."""
    return plt.figure(figsize=(width, height))


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
        ax.plot(curve_w, landscape.loss(curve_w[:, None]), color=CONTEXT_COLOR,
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
    color = OPTIMIZER_COLORS[view["optimizer"]]
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
                                   color=CONTEXT_COLOR, linewidth=4, zorder=1, label=label)
                label = None  # one legend entry for all of them
    artists += ax.plot(view["path_w"], view["path_loss"], color=color, linewidth=1.5,
                       alpha=0.6, marker="o", markersize=6, zorder=2,
                       label=f"steps ({OPTIMIZER_LABELS[view['optimizer']]})")
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
    views = [views] if isinstance(views, dict) else list(views)
    titles = [titles] if isinstance(titles, str) else list(titles)
    columns = require_int(columns, "columns", 1)
    if not views or len(titles) != len(views):
        raise LectureError(f"give one title per view: {len(views)} views, {len(titles)} titles.")
    per_view = {}
    for name, value in (("show_landscape", show_landscape), ("mark_minima", mark_minima)):
        values = [value] * len(views) if isinstance(value, (bool, np.bool_)) else value
        if isinstance(values, str) or np.ndim(values) != 1 or len(values) != len(views) \
                or not all(isinstance(v, (bool, np.bool_)) for v in values):
            raise LectureError(f"{name} must be True or False, or a list of one per view "
                               f"({len(views)}), got {value!r:.40}.")
        per_view[name] = list(values)
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


# Seven paths on one map: besides its colour (``OPTIMIZER_COLORS``) each
# optimizer has its own dash pattern and end marker, so that no two are told apart by
# hue alone.
OPTIMIZER_STYLES = {
    "sgd": {"linestyle": "-", "marker": "o"},
    "momentum": {"linestyle": (0, (3, 1.2)), "marker": "s"},
    "nesterov": {"linestyle": (0, (4, 1.2, 1, 1.2)), "marker": "D"},
    "rmsprop": {"linestyle": (0, (0.8, 1.2)), "marker": "^"},
    "adam": {"linestyle": (0, (8, 2)), "marker": "v"},
    "adagrad": {"linestyle": (0, (4, 1.2, 1, 1.2, 1, 1.2)), "marker": "P"},
    "adadelta": {"linestyle": (0, (8, 1.5, 2, 1.5)), "marker": "X"},
}


def draw_loss_contours(landscape, ax) -> None:
    """Filled contours of a 2-D landscape over its window (darker = higher loss), and
    its minima (yellow stars)."""
    landscape = landscapes.get_landscape(landscape)
    w1, w2, loss = landscapes.loss_grid(landscape.name)
    levels = np.unique(np.quantile(loss, np.linspace(0, 1, 13)))
    ax.contourf(w1, w2, loss, levels=levels, cmap="Greys", alpha=0.45)
    ax.contour(w1, w2, loss, levels=levels, colors=CONTEXT_COLOR, linewidths=0.8)
    minima = np.array(landscape.minima)
    # over the paths (zorder 3), under their end markers (4), which often sit right on it
    ax.plot(minima[:, 0], minima[:, 1], zorder=3.5, **MINIMUM_STYLE)
    (x0, x1), (y0, y1) = landscape.window
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_autoscale_on(False)
    ax.set_aspect("equal", adjustable="box")
    ax.grid(False)
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")


def draw_paths_2d(view: dict, ax) -> list:
    """The optimizers' paths of a 2-D view, each in its colour and dash pattern, its
    marker where it ended (none where a run diverged: the key says so), and the start.
    Returns the artists drawn."""
    artists = []
    for name, path in view["paths"].items():
        color, style = OPTIMIZER_COLORS[name], OPTIMIZER_STYLES[name]
        artists.append(ax.add_line(Line2D(path[:, 0], path[:, 1], color=color, linewidth=2.5,
                                          linestyle=style["linestyle"], zorder=3)))
        if view["diverged_at"][name] is None:
            artists.append(ax.add_line(Line2D(
                path[-1:, 0], path[-1:, 1], marker=style["marker"], markersize=10, color=color,
                markeredgecolor="white", linestyle="none", zorder=4)))
    start = view["start"]
    artists.append(ax.add_line(Line2D([start[0]], [start[1]], zorder=6, **START_STYLE)))
    return artists


# The key beside a 2-D map, in inches right of the axes: a sample of each path, its
# name, its learning rate (right-aligned) and how its run ended.
KEY_ROW = 0.28
KEY_SAMPLE, KEY_NAME, KEY_RATE, KEY_OUTCOME = (0.15, 0.7), 0.85, 3.05, 3.2


def _key_position(ax, row: int, rows: int):
    """A transform in inches, with (0, 0) just right of the axes on ``row`` of ``rows``
    (row -1 is the header above them); the rows and the header are centred on the axes."""
    return (Affine2D().translate(0, ((rows - 2) / 2 - row) * KEY_ROW)
            + ax.figure.dpi_scale_trans + ScaledTranslation(1, 0.5, ax.transAxes))


def _key_rows(names) -> int:
    return len(names) + 2          # the optimizers, the start and the minimum


def draw_key_2d(ax, names=optimizers.NAMES) -> list:
    """A key beside the axes: one row per optimizer (a sample of its path and its
    name), then the start and the minimum; above it, the headers of the columns that
    ``draw_outcomes_2d`` fills."""
    artists, rows = [], _key_rows(names)
    for row, name in enumerate(names):
        style = OPTIMIZER_STYLES[name]
        where = _key_position(ax, row, rows)
        artists.append(ax.add_line(Line2D(
            KEY_SAMPLE, (0, 0), color=OPTIMIZER_COLORS[name], linewidth=2.5,
            linestyle=style["linestyle"], clip_on=False, transform=where)))
        artists.append(ax.add_line(Line2D(
            KEY_SAMPLE[1:], (0,), marker=style["marker"], markersize=10, linestyle="none",
            color=OPTIMIZER_COLORS[name], markeredgecolor="white", clip_on=False,
            transform=where)))
        artists.append(ax.text(KEY_NAME, 0, OPTIMIZER_LABELS[name], fontsize=13,
                               va="center", transform=where))
    for row, (label, style) in enumerate([("start", START_STYLE), ("a minimum", MINIMUM_STYLE)],
                                         start=len(names)):
        where = _key_position(ax, row, rows)
        artists.append(ax.add_line(Line2D([np.mean(KEY_SAMPLE)], [0], clip_on=False,
                                          transform=where, **style)))
        artists.append(ax.text(KEY_NAME, 0, label, fontsize=13, va="center", transform=where))
    header = _key_position(ax, -1, rows)
    artists.append(ax.text(KEY_RATE, 0, "rate", fontsize=12, ha="right", va="center",
                           color=CONTEXT_COLOR, transform=header))
    artists.append(ax.text(KEY_OUTCOME, 0, "final loss", fontsize=12, va="center",
                           color=CONTEXT_COLOR, transform=header))
    return artists


def draw_outcomes_2d(view: dict, ax) -> list:
    """In the key, beside each name: its learning rate, and its final loss or the step
    where it diverged."""
    names = list(view["paths"])
    artists = []
    for row, name in enumerate(names):
        where, diverged = _key_position(ax, row, _key_rows(names)), view["diverged_at"][name]
        artists.append(ax.text(KEY_RATE, 0, f"{view['learning_rates'][name]:.3g}", fontsize=13,
                               ha="right", va="center", transform=where))
        text = (f"{view['final_loss'][name]:.2g}" if diverged is None
                else f"diverged at step {diverged}")
        artists.append(ax.text(KEY_OUTCOME, 0, text, fontsize=13, va="center", transform=where,
                               color=DIVERGED_COLOR if diverged is not None else "black"))
    return artists


def layout_2d(landscape) -> tuple[tuple[float, float], dict]:
    """Figure size (inches) and margins that fit a 2-D landscape's window at equal
    scales on both axes, with the key on the right."""
    (x0, x1), (y0, y1) = landscapes.get_landscape(landscape).window
    height = 3.0
    width = height * (x1 - x0) / (y1 - y0)
    if width > 5.6:
        width, height = 5.6, 5.6 * (y1 - y0) / (x1 - x0)
    left, right, bottom, top = 0.9, 5.0, 0.7, 0.5
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


def draw_learning_rate_sweep(sweeps: dict, rates=landscapes.SWEEP_RATES):
    """One panel per landscape: each optimizer's mean loss over its run against the
    learning rate (log scales), its best rate marked; a curve stops where the runs
    start to diverge. One legend below all panels.

    sweeps : {preset: {name: (len(rates),) mean losses}}, from
    ``landscapes.learning_rate_sweep``. Returns the figure.
    """
    fig = plt.figure(figsize=(8.3, 3.2), layout="constrained")
    axes = fig.subplots(1, len(sweeps), sharey=True, squeeze=False)[0]
    rates = np.asarray(rates, dtype=float)
    for ax, (preset, sweep) in zip(axes, sweeps.items(), strict=True):
        for name, means in sweep.items():
            color, style = OPTIMIZER_COLORS[name], OPTIMIZER_STYLES[name]
            shown = np.where(np.isfinite(means), means, np.nan)
            ax.plot(rates, shown, color=color, linewidth=2, linestyle=style["linestyle"],
                    label=OPTIMIZER_LABELS[name])
            best = int(np.argmin(means))
            ax.plot(rates[best], means[best], marker=style["marker"], markersize=10,
                    color=color, markeredgecolor="white", linestyle="none")
        ax.set(xscale="log", yscale="log", title=preset, xlabel="learning rate")
        ax.set_xticks([1e-3, 1e-1, 1e1, 1e3])
    # Far up the walls the means reach thousands; the interesting part is near the bottom.
    axes[0].set_ylim(top=30)
    axes[0].set_ylabel("mean loss over the run")
    handles = [Line2D([], [], color=OPTIMIZER_COLORS[name], linewidth=2,
                      markersize=9, markeredgecolor="white", **OPTIMIZER_STYLES[name])
               for name in next(iter(sweeps.values()))]
    labels = [OPTIMIZER_LABELS[name] for name in next(iter(sweeps.values()))]
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=12,
               frameon=False, columnspacing=1.2, handlelength=2.6)
    return fig
