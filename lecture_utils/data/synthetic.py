"""Seeded synthetic data for controlled experiments: clips of moving dots and changing
shapes (lecture 1), symbol sequences to recall (lecture 3), and time series with known
structure (lecture 4): a noisy cycle, a local wiggle, a climbing cycle."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DIRECTIONS = ("left", "right")
SHAPE_CHANGES = ("same shape", "shape changes")
# Two 3x3 shapes with the same five pixels in different arrangements: only the spatial
# pattern tells them apart, not how many pixels are lit.
SHAPES = {
    "plus": np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=np.float32),
    "cross": np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float32),
}


def moving_dot_clips(
    count: int,
    frames: int = 8,
    height: int = 6,
    width: int = 8,
    noise: float = 0.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Tiny "videos" of a dot moving one pixel per frame to the left or right.

    The dot starts at a random pixel and wraps around the edges (leaving on the
    right it comes back on the left), so in both classes every position is equally
    likely in every frame: no single frame tells the direction, only the order of
    frames does.

    Returns
    -------
    clips : float32 array (count, frames, height, width), pixel values in [0, 1]
    labels : int array (count,), 0 = left, 1 = right (see ``DIRECTIONS``)
    """
    for name, value, low in (("count", count, 1), ("frames", frames, 2),
                             ("height", height, 1), ("width", width, 2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}.")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be between 0 and 1, got {noise!r}.")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=count)
    rows = rng.integers(0, height, size=count)
    starts = rng.integers(0, width, size=count)
    velocity = np.where(labels == 1, 1, -1)
    columns = (starts[:, None] + velocity[:, None] * np.arange(frames)) % width
    clips = np.zeros((count, frames, height, width), dtype=np.float32)
    clip_index = np.repeat(np.arange(count), frames)
    frame_index = np.tile(np.arange(frames), count)
    clips[clip_index, frame_index, np.repeat(rows, frames), columns.ravel()] = 1.0
    if noise:
        clips = np.clip(clips + rng.normal(0.0, noise, clips.shape), 0.0, 1.0).astype(np.float32)
    return clips, labels


def first_symbol_recall(
    count: int,
    steps: int,
    symbols: int = 8,
    seed: int | Sequence[int] = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Sequences of random symbols in which only the first one matters.

    Every step shows one of ``symbols`` symbols, one-hot. The first step also
    carries a marker ("remember this one"), an extra input that is 1 only there;
    the later steps are distractors drawn from the same symbols. The task: name
    the first symbol. Asked at step t, the answer lies t steps back.

    ``seed`` is anything ``numpy.random.default_rng`` takes, e.g. ``[SEED, T, part]`` for
    one independent stream per seed, distance and part (train/test).

    Returns
    -------
    sequences : float32 array (count, steps, symbols + 1); the last feature is the marker
    first_symbols : int array (count,), the symbol shown at step 0
    """
    for name, value, low in (("count", count, 1), ("steps", steps, 1),
                             ("symbols", symbols, 2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}.")
    rng = np.random.default_rng(seed)
    tokens = rng.integers(0, symbols, size=(count, steps))
    sequences = np.zeros((count, steps, symbols + 1), dtype=np.float32)
    sequences[np.arange(count)[:, None], np.arange(steps), tokens] = 1.0
    sequences[:, 0, symbols] = 1.0
    return sequences, tokens[:, 0]


def changing_shape_clips(
    count: int,
    frames: int = 8,
    size: int = 10,
    seed: int | Sequence[int] = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Tiny "videos" in which a plus or a cross appears at a new random place in every frame.

    In half of the clips (label 0) every frame shows the same shape; in the other half
    (label 1) the shape switches once, plus to cross or cross to plus, after a random
    number of frames. Each frame shows a plus or a cross with equal odds in both
    classes, so no single frame tells the label: a model must recognise the shape
    wherever it is (``SHAPES``) and compare frames.

    ``seed`` is anything ``numpy.random.default_rng`` takes, e.g. ``[SEED, part]``.

    Returns
    -------
    clips : float32 array (count, frames, size, size), pixel values 0 or 1
    labels : int array (count,), 0 = the same shape throughout, 1 = it changes
        (see ``SHAPE_CHANGES``)
    """
    for name, value, low in (("count", count, 1), ("frames", frames, 2), ("size", size, 3)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}.")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=count)
    first_shape = rng.integers(0, 2, size=count)
    switch = np.where(labels == 1, rng.integers(1, frames, size=count), frames)
    shape_index = (first_shape[:, None] + (np.arange(frames) >= switch[:, None])) % 2
    patterns = np.stack(list(SHAPES.values()))[shape_index]  # (count, frames, 3, 3)
    side = patterns.shape[-1]
    rows = rng.integers(0, size - side + 1, size=(count, frames))
    columns = rng.integers(0, size - side + 1, size=(count, frames))
    clips = np.zeros((count, frames, size, size), dtype=np.float32)
    clip_index, frame_index = np.arange(count)[:, None], np.arange(frames)
    for dr in range(side):
        for dc in range(side):
            clips[clip_index, frame_index, rows + dr, columns + dc] = patterns[..., dr, dc]
    return clips, labels


def noisy_cycle(steps: int, period: int = 64, noise: float = 0.8, seed: int = 0) -> np.ndarray:
    """A sine (amplitude 1) with a long period plus Gaussian noise of standard deviation
    ``noise``: what comes next depends on where in the cycle we are, which only a long
    look back reveals through the noise."""
    rng = np.random.default_rng(seed)
    return np.sin(2 * np.pi * np.arange(steps) / period) + rng.normal(0, noise, steps)


def local_wiggle(steps: int, noise: float = 1.0, seed: int = 0) -> np.ndarray:
    """An AR(2) series, x[t] = 1.2 x[t-1] - 0.6 x[t-2] + Gaussian noise of standard
    deviation ``noise``: what comes next depends only on the last two values (local
    structure, nothing far back)."""
    rng = np.random.default_rng(seed)
    shocks = rng.normal(0, noise, steps)
    x = np.zeros(steps)
    for t in range(2, steps):
        x[t] = 1.2 * x[t - 1] - 0.6 * x[t - 2] + shocks[t]
    return x


def climbing_cycle(steps: int, period: int = 24, climb: float = 8.0, wander: float = 0.02,
                   seed: int = 0) -> np.ndarray:
    """A daily cycle (amplitude 1) on a level that climbs steadily by ``climb`` over the
    series and wanders a little (a random walk whose steps have standard deviation
    ``wander``): a series that drifts, so that its later part lies above everything its
    first half reached."""
    rng = np.random.default_rng(seed)
    t = np.arange(steps)
    return (np.sin(2 * np.pi * t / period) + climb * t / steps
            + np.cumsum(rng.normal(0, wander, steps)))
