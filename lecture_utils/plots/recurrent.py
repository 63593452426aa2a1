"""Drawing recurrent cells: the unrolled RNN (and its carry), one SimpleRNN step, the
LSTM's gates, carry and output over time (what the steppers show)."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..errors import require_int
from .palette import COLORS


def _box(ax, x, y, text, color, width=1.0, height=0.7):
    ax.add_patch(FancyBboxPatch(
        (x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.05",
        facecolor="white", edgecolor=color, linewidth=3,
    ))
    ax.text(x, y, text, ha="center", va="center", fontsize=14)


def _arrow(ax, start, end, color, label=None, label_offset=(0, 0), **text_kw):
    ax.add_patch(FancyArrowPatch(
        start, end, arrowstyle="-|>", mutation_scale=18, color=color, linewidth=3,
        shrinkA=0, shrinkB=0,
    ))
    if label:
        x = (start[0] + end[0]) / 2 + label_offset[0]
        y = (start[1] + end[1]) / 2 + label_offset[1]
        ax.text(x, y, label, color=color, ha="center", va="center", fontsize=14, **text_kw)


def draw_unrolled_rnn(steps: int = 4, carry: bool = False, cell: str = "f", ax=None):
    """Draw a recurrent layer unrolled over ``steps`` time steps.

    Inputs come in from below (blue), outputs leave at the top (vermillion), the
    state is handed from one step to the next (orange). With ``carry=True`` a carry
    track (green) runs alongside the state through every cell, as in an LSTM: each
    cell scales the carry by its forget gate and adds new information to it.
    Returns the axes.
    """
    steps = require_int(steps, "steps", 1, 12)
    if ax is None:
        _, ax = plt.subplots(figsize=(2.4 * steps + 1.5, 4.4 if carry else 3.6))
    spacing = 2.2
    # With a carry the cells are taller: the carry track runs through their upper part.
    carry_y, top = (0.85, 1.25) if carry else (None, 0.4)
    for t in range(steps):
        x = spacing * (t + 1)
        if carry:
            _box(ax, x, (top - 0.4) / 2, "", COLORS["state"], height=top + 0.4)
            ax.text(x, 0.2, cell, ha="center", va="center", fontsize=14)
            ax.plot([x - 0.5, x + 0.5], [carry_y, carry_y], color=COLORS["carry"],
                    linewidth=3, solid_capstyle="butt")
            ax.text(x, carry_y + 0.1, "×f  +i·g", color=COLORS["carry"], ha="center",
                    va="bottom", fontsize=12)
        else:
            _box(ax, x, 0, cell, COLORS["state"])
        _arrow(ax, (x, -1.35), (x, -0.4), COLORS["input"])
        ax.text(x, -1.6, f"input$_{t}$", color=COLORS["input"], ha="center", va="top")
        _arrow(ax, (x, top), (x, top + 0.8), COLORS["output"])
        ax.text(x, top + 0.9, f"output$_{t}$", color=COLORS["output"], ha="center",
                va="bottom")
        start = x - spacing + 0.55 if t else x - spacing + 0.9
        _arrow(ax, (start, 0), (x - 0.55, 0), COLORS["state"])
        if carry:
            _arrow(ax, (start, carry_y), (x - 0.55, carry_y), COLORS["carry"])
    ax.text(spacing * 0.45, 0.25 if not carry else -0.3, "state = 0", color=COLORS["state"],
            ha="center", va="bottom" if not carry else "top", fontsize=13)
    right = spacing * (steps + 1)
    _arrow(ax, (spacing * steps + 0.55, 0), (right - 0.6, 0), COLORS["state"])
    ax.text(right - 0.5, 0, "state", color=COLORS["state"], va="center")
    if carry:
        _arrow(ax, (spacing * steps + 0.55, carry_y), (right - 0.6, carry_y), COLORS["carry"])
        ax.text(spacing * 0.45, carry_y + 0.15, "carry = 0", color=COLORS["carry"],
                ha="center", va="bottom", fontsize=13)
        ax.text(right - 0.5, carry_y, "carry", color=COLORS["carry"], va="center")
    ax.set_xlim(0, right + 0.6)
    ax.set_ylim(-2.3, top + 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def draw_rnn_step(view: dict, fig=None):
    """Draw one frame of the SimpleRNN stepper (see ``widgets.recurrent.rnn_step_view``).

    Two heat maps share the time axis: the input sequence (features x time, blue
    frame) and the state the layer outputs (units x time, orange frame). Steps not
    yet read are blank; the current step is outlined. Returns the figure.
    """
    if fig is None:
        fig = plt.figure(figsize=(9, 5.2))
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [
        view["input"].shape[1], view["output"].shape[1]]})
    limit = view["value_limit"]
    for ax, values, name, color in (
        (top, view["input"], "input", COLORS["input"]),
        (bottom, view["output"], "state = output", COLORS["state"]),
    ):
        image = ax.imshow(values.T, aspect="auto", cmap="RdBu_r", vmin=-limit, vmax=limit,
                          interpolation="nearest")
        ax.grid(False)
        ax.set_ylabel(name, color=color)
        ax.set_yticks(range(values.shape[1]))
        ax.add_patch(mpl.patches.Rectangle(
            (view["step"] - 0.5, -0.5), 1, values.shape[1], fill=False,
            edgecolor=color, linewidth=4,
        ))
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_edgecolor(color)
    bottom.set_xlabel("time step")
    fig.colorbar(image, ax=[top, bottom], label="value", shrink=0.9)
    top.set_title(view["title"], fontsize=15)
    return fig


LSTM_PANELS = {  # what the LSTM stepper shows, top to bottom: (label, colour)
    "input": ("input", COLORS["input"]),
    "input_gate": ("input gate i", COLORS["gate"]),
    "forget_gate": ("forget gate f", COLORS["gate"]),
    "carry": ("carry", COLORS["carry"]),
    "output": ("output", COLORS["output"]),
}


# 840 x 470 px at 100 dpi: shown unscaled beside JupyterLab's file browser at 1280x720, and
# with the stepper's controls above it, on one screen (the notebook area is about 600 px tall).
LSTM_STEP_SIZE = (8.4, 4.7)


def draw_lstm_step(view: dict, fig=None):
    """Draw one frame of the LSTM stepper (see ``widgets.recurrent.lstm_step_view``).

    Heat maps share the time axis: the input, the input and forget gates (0 to 1,
    dark = closed, bright = open), the carry and the output (blue negative, red
    positive), each with its colour scale on the right, its rows named ("unit 7", from
    ``view["rows"]``) as far as the names fit. Steps not yet read are
    blank; the current step is outlined. ``fig``: a figure to draw on (default: a
    new one of ``LSTM_STEP_SIZE``, wider than tall, sized for a 1280x720 screen).
    Returns the figure.
    """
    if fig is None:
        fig = plt.figure(figsize=LSTM_STEP_SIZE)
    axes = lstm_step_axes(fig, view)
    draw_lstm_step_frame(axes, view)
    draw_lstm_step_values(axes, view)
    return fig


def lstm_step_axes(fig, view: dict) -> dict:
    """One row per panel of ``view``, sharing the time axis, each with a thin colour-bar
    axes on its right: ``{"panels": [axes, ...], "scales": [axes, ...]}``."""
    panels = view["panels"]
    grid = fig.add_gridspec(
        len(panels), 2, width_ratios=[1, 0.018], wspace=0.015, hspace=0.16,
        # A panel's height follows its rows, between 4 and 7 of them: a few units stay
        # readable, and many units do not squash the input to a strip.
        height_ratios=[min(max(v.shape[1], 4), 7) for v in panels.values()],
        left=0.165, right=0.915, top=0.9, bottom=0.125)
    rows = [fig.add_subplot(grid[row, 0]) for row in range(len(panels))]
    for ax in rows[1:]:
        ax.sharex(rows[0])
    if any(_labelled_rows(ax, view["rows"][name]) for ax, name in zip(rows, panels, strict=True)):
        grid.update(left=0.25)  # room for the row names ("unit 7") beside the panels' names
    return {"panels": rows, "scales": [fig.add_subplot(grid[row, 1])
                                       for row in range(len(panels))]}


#: The smallest row names of the LSTM stepper, in points (readable on a projector).
ROW_LABEL_POINTS = 12


def _labelled_rows(ax, names) -> list:
    """Which rows of a heat map to name, as (row, name): all if their names fit one above
    the other at ``ROW_LABEL_POINTS``, else every second (third, ...) row, first row
    included; none if ``names`` is None."""
    if not names:
        return []
    points_per_row = ax.get_position().height * ax.figure.get_figheight() * 72 / len(names)
    every = int(np.ceil(ROW_LABEL_POINTS * 1.05 / points_per_row))
    return [(row, names[row]) for row in range(0, len(names), every)]


def draw_lstm_step_frame(axes: dict, view: dict) -> None:
    """What stays put while the LSTM stepper moves: the panels' names, frames, limits
    and colour scales, and the time axis (``axes`` from ``lstm_step_axes``)."""
    panels = view["panels"]
    fig = axes["panels"][0].figure
    for ax, scale, (name, values) in zip(axes["panels"], axes["scales"], panels.items(),
                                         strict=True):
        label, color = LSTM_PANELS[name]
        low, high = view["limits"][name]
        ax.set_xlim(-0.5, values.shape[0] - 0.5)
        ax.set_ylim(values.shape[1] - 0.5, -0.5)
        ax.set_autoscale_on(False)
        ax.grid(False)
        labelled = _labelled_rows(ax, view["rows"][name])
        ax.set_yticks([row for row, _ in labelled], [text for _, text in labelled])
        ax.tick_params(axis="y", length=0, pad=3, labelsize=ROW_LABEL_POINTS)
        ax.set_ylabel(label, color=color, rotation=0, ha="right", va="center", fontsize=14,
                      labelpad=8)
        for spine in ax.spines.values():  # the frame is drawn over the values instead
            spine.set_visible(False)
        if ax is not axes["panels"][-1]:
            ax.tick_params(labelbottom=False)
        # Two ticks, the ends of the scale: three would not fit a panel 60 px tall.
        colorbar = fig.colorbar(
            mpl.cm.ScalarMappable(mpl.colors.Normalize(low, high), _lstm_colormap(name)),
            cax=scale, ticks=[low, high])
        bottom_label, top_label = scale.set_yticklabels([_scale_label(low),
                                                         _scale_label(high)])
        bottom_label.set_verticalalignment("bottom")  # inside the bar's own height,
        top_label.set_verticalalignment("top")        # clear of the next panel's labels
        scale.tick_params(labelsize=12, length=3, pad=2)
        colorbar.outline.set_edgecolor(color)
    axes["panels"][-1].tick_params(axis="x", labelsize=13)
    axes["panels"][-1].set_xlabel("time step", fontsize=14, labelpad=2)


def draw_lstm_step_values(axes: dict, view: dict) -> list:
    """What moves: each panel's values up to this step, the outline of the current step,
    and the title. Returns the artists drawn."""
    artists = []
    for ax, (name, values) in zip(axes["panels"], view["panels"].items(), strict=True):
        low, high = view["limits"][name]
        artists.append(ax.imshow(values.T, aspect="auto", interpolation="nearest",
                                 vmin=low, vmax=high, cmap=_lstm_colormap(name)))
        artists.append(ax.add_patch(mpl.patches.Rectangle(
            (view["step"] - 0.5, -0.5), 1, values.shape[1], fill=False, edgecolor="black",
            linewidth=2.5)))
        # The panel's frame, in its colour, over the values (spines would lie beneath
        # them when only the values are redrawn).
        artists.append(ax.add_patch(mpl.patches.Rectangle(
            (0, 0), 1, 1, transform=ax.transAxes, fill=False, clip_on=False, zorder=3,
            edgecolor=LSTM_PANELS[name][1], linewidth=1.2)))
    top = axes["panels"][0]
    # From the figure's left edge: over the axes alone the title would not fit 840 px.
    artists.append(top.text(0.012, 0.975, view["title"], fontsize=15, ha="left", va="top",
                            transform=top.figure.transFigure))
    return artists


def _lstm_colormap(name: str) -> str:
    return "cividis" if name.endswith("_gate") else "RdBu_r"


def _scale_label(value: float) -> str:
    """A colour-scale end as a person would say it: 0, 1, −2.6, 0.75 (a true minus)."""
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.2g}"
    return text.replace("-", "−")
