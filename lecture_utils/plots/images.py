"""Drawing images in a grid: the frames of a clip (lecture 1), handwritten digits
(lecture 7)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..errors import LectureError, as_numbers
from .palette import COLORS


def draw_digits(images, labels, image_shape, predicted=None, columns: int = 10, axes=None):
    """A grid of digit images with their labels (and predictions: red when wrong).

    images : (n, pixels) or (n, height, width). Returns the axes.
    """
    images = np.asarray(images).reshape(-1, *image_shape)
    rows = int(np.ceil(len(images) / columns))
    if axes is None:
        _, axes = plt.subplots(rows, columns, figsize=(1.25 * columns, 1.55 * rows))
    axes = np.atleast_1d(axes).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i >= len(images):
            continue
        ax.imshow(images[i], cmap="Greys", vmin=0, vmax=1)
        title, color = f"{labels[i]}", "black"
        if predicted is not None:
            wrong = predicted[i] != labels[i]
            title = f"{labels[i]} → {predicted[i]}"
            color = COLORS["output"] if wrong else "black"
        ax.set_title(title, fontsize=15, color=color)
    return axes


def show_frames(frames: np.ndarray, title: str | None = None, axes=None):
    """Draw the frames of one clip side by side.

    frames : (time, height, width) grey images. Returns the axes.
    """
    frames = as_numbers(frames, "frames")
    if frames.ndim != 3 or not len(frames):
        raise LectureError(f"frames should have shape (time, height, width), one grey image per "
                           f"time step, but has shape {frames.shape}.")
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
