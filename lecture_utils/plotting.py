"""Drawing: one plot style and one colour per concept, across every lecture.

Colours are the Okabe-Ito palette (safe for the common forms of colour
blindness). The same concept keeps the same colour in every notebook:
input blue, state orange, carry green, output vermillion, gates purple.
"""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

OKABE_ITO = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]

COLORS = {
    # concepts
    "input": "#0072B2",
    "state": "#E69F00",
    "carry": "#009E73",
    "output": "#D55E00",
    "gate": "#CC79A7",
    "baseline": "#7F7F7F",
    # models, coloured after what they remember
    "feedforward": "#7F7F7F",
    "SimpleRNN": "#E69F00",
    "LSTM": "#009E73",
    "GRU": "#56B4E9",
}

LECTURE_STYLE = {
    "figure.figsize": (9.0, 4.5),
    "figure.dpi": 100,
    "font.size": 15,
    "axes.titlesize": 17,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "lines.linewidth": 3.0,
    "lines.markersize": 8,
    "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "image.cmap": "cividis",
}


def use_lecture_style() -> None:
    """Apply the series' plot style (large fonts, thick lines, Okabe-Ito colours)."""
    mpl.rcParams.update(LECTURE_STYLE)


def figure_to_png(fig) -> bytes:
    """Render a figure to PNG bytes and close it (for ``ipywidgets.Image``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def show_frames(frames: np.ndarray, title: str | None = None, axes=None):
    """Draw the frames of one clip side by side.

    frames : (time, height, width) grey images. Returns the axes.
    """
    frames = np.asarray(frames)
    if frames.ndim != 3:
        raise ValueError(f"frames should have shape (time, height, width), got {frames.shape}.")
    if axes is None:
        _, axes = plt.subplots(1, len(frames), figsize=(1.3 * len(frames), 1.8))
    for t, (ax, frame) in enumerate(zip(np.atleast_1d(axes), frames, strict=True)):
        ax.imshow(frame, cmap="Greys", vmin=0, vmax=1)
        ax.set_title(f"t={t}", fontsize=12)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_edgecolor(COLORS["baseline"])
    if title:
        np.atleast_1d(axes)[0].figure.suptitle(title, y=1.08)
    return axes


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
    if not 1 <= steps <= 12:
        raise ValueError(f"steps should be between 1 and 12, got {steps}.")
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
    """Draw one frame of the SimpleRNN stepper (see ``widgets.rnn_step_view``).

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


def draw_lstm_step(view: dict, fig=None):
    """Draw one frame of the LSTM stepper (see ``widgets.lstm_step_view``).

    Heat maps share the time axis: the input, the input and forget gates (0 to 1,
    dark = closed, bright = open), the carry and the output (blue negative, red
    positive). Steps not yet read are blank; the current step is outlined.
    Returns the figure.
    """
    panels = view["panels"]
    if fig is None:
        fig = plt.figure(figsize=(11, 2.2 + 0.09 * sum(v.shape[1] for v in panels.values())))
    axes = fig.subplots(len(panels), 1, sharex=True, gridspec_kw={
        "height_ratios": [max(v.shape[1], 4) for v in panels.values()], "hspace": 0.15})
    for ax, (name, values) in zip(axes, panels.items(), strict=True):
        label, color = LSTM_PANELS[name]
        low, high = view["limits"][name]
        gate = name.endswith("_gate")
        image = ax.imshow(values.T, aspect="auto", interpolation="nearest", vmin=low, vmax=high,
                          cmap="cividis" if gate else "RdBu_r")
        ax.grid(False)
        ax.set_yticks([])
        ax.set_ylabel(label, color=color, rotation=0, ha="right", va="center")
        ax.add_patch(mpl.patches.Rectangle((view["step"] - 0.5, -0.5), 1, values.shape[1],
                                           fill=False, edgecolor="black", linewidth=3))
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_edgecolor(color)
        colorbar = fig.colorbar(image, ax=ax, pad=0.01, aspect=8, fraction=0.03)
        colorbar.ax.tick_params(labelsize=11)
    axes[-1].set_xlabel("time step")
    axes[0].set_title(view["title"], fontsize=15, loc="left")
    return fig
