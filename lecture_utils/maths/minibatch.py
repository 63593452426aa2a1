"""Mini-batches, in NumPy (lecture 7): when a training run measures its loss, and a
two-parameter model whose per-example gradients can be drawn.

- ``record_points``: when a training run measures its loss, for the plots;
- a straight line fitted by least squares, y ≈ w₁·x + w₂: ``line_data``,
  ``line_loss``, ``best_line``, ``per_example_gradients``, ``minibatch_gradients``,
  ``expected_spread``, ``gradient_noise_view`` (what ``widgets.minibatch.gradient_noise``
  shows) and ``line_descent_path``.

The notebook writes the lecture's own code (back-propagation, the SGD and
mini-batch loops); this module only samples and measures.
"""

from __future__ import annotations

import numpy as np

from ..errors import LectureError, as_numbers, require_int, require_number


def record_points(updates_per_epoch: int, epochs: int, per_epoch: int = 5,
                  early: int = 30) -> set:
    """When to measure the training loss during a run (update counts): the first ten
    updates, ``early`` more spaced evenly on a log scale, and ``per_epoch`` times in
    every epoch, so that curves are drawn right against epochs and against updates
    (log scale) alike."""
    updates_per_epoch, epochs, per_epoch, early = (
        require_int(value, label, 1) for value, label in (
            (updates_per_epoch, "updates_per_epoch"), (epochs, "epochs"),
            (per_epoch, "per_epoch"), (early, "early")))
    total = updates_per_epoch * epochs
    log_spaced = np.geomspace(1, total, early).round().astype(int)
    regular = np.arange(0, total + 1, max(1, updates_per_epoch // per_epoch))[1:]
    return {int(u) for u in (*range(1, min(total, 10) + 1), *log_spaced, *regular, total)}


# ---- A two-parameter model: a straight line, y ≈ w₁·x + w₂ ----

LINE_START = (3.0, -1.0)     # where the gradients are taken, and where descent starts
LINE_SIZE = 256              # examples
# The data, the mini-batch samples and the descent's shuffles draw from separate
# random streams: with one seed for all, the first sampled batch would be chosen by
# the very numbers that placed the points, and be anything but random.
SAMPLING_STREAM, DESCENT_STREAM = 101, 102


def line_data(n: int = LINE_SIZE, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points around the line y = 0.5·x + 1: x (n,) and y (n,)."""
    rng = np.random.default_rng(require_int(seed, "seed", 0))
    n = require_int(n, "n", 2)
    x = rng.uniform(-2, 2, size=n)
    y = 0.5 * x + 1 + rng.normal(0, 0.5, size=n)
    return x, y


def line_loss(w, x, y) -> np.ndarray:
    """Mean squared error of the line ``w = (w₁, w₂)``; ``w`` may be (..., 2)."""
    w = _line_parameters(w, batched=True)
    residual = w[..., :1] * x + w[..., 1:] - y           # (..., n)
    return np.mean(residual**2, axis=-1)


def best_line(x=None, y=None) -> np.ndarray:
    """The (w₁, w₂) with the smallest ``line_loss`` (least squares), by default on
    ``line_data()``."""
    if x is None or y is None:
        x, y = line_data()
    return np.linalg.lstsq(np.stack([x, np.ones_like(x)], axis=1), y, rcond=None)[0]


def per_example_gradients(w, x, y) -> np.ndarray:
    """Gradient of each example's loss (w₁·x + w₂ − y)² with respect to (w₁, w₂).

    Returns (n, 2); their mean is the gradient of ``line_loss``.
    """
    w = _line_parameters(w)
    residual = w[0] * x + w[1] - y
    return np.stack([2 * residual * x, 2 * residual], axis=1)


def _line_parameters(w, batched: bool = False) -> np.ndarray:
    """``w`` as the line's (w₁, w₂), shape (2,) (or (..., 2) if ``batched``)."""
    w = as_numbers(w, "w")
    if w.shape[-1:] != (2,) or (w.ndim != 1 and not batched):
        raise LectureError(f"w should be the line's two parameters (w₁, w₂), shape "
                           f"{'(..., 2)' if batched else '(2,)'}, but has shape {w.shape}.")
    return w


def check_batch_size(batch_size, n: int = LINE_SIZE) -> int:
    """``batch_size`` as an int from 1 to ``n`` (all examples), or a ``LectureError``."""
    return require_int(batch_size, "batch_size", 1, n, why=f"a batch holds 1 to all {n} examples")


def minibatch_gradients(gradients: np.ndarray, batch_size: int, samples: int = 300,
                        seed: int = 0) -> np.ndarray:
    """Means of ``samples`` random mini-batches (drawn without replacement) of
    per-example ``gradients`` (n, 2). Returns (samples, 2)."""
    gradients = as_numbers(gradients, "gradients")
    if gradients.ndim != 2 or len(gradients) == 0:
        raise LectureError(f"gradients should have shape (examples, parameters), one row per "
                           f"example, but has shape {gradients.shape}.")
    batch_size = check_batch_size(batch_size, len(gradients))
    samples = require_int(samples, "samples", 1, 100_000)
    rng = np.random.default_rng([require_int(seed, "seed", 0), SAMPLING_STREAM])
    # One random ordering per sample; its first batch_size examples form the batch.
    batches = np.argsort(rng.random((samples, len(gradients))), axis=1)[:, :batch_size]
    return gradients[batches].mean(axis=1)


def expected_spread(spread_one: float, batch_size: int, n: int) -> float:
    """Root-mean-square distance between the mean of a random mini-batch (drawn
    without replacement from n examples) and the full gradient, given that distance
    for single examples: ``spread_one / √batch_size``, times ``√((n − B) / (n − 1))``
    because a batch cannot repeat an example (0 for the full batch)."""
    n = require_int(n, "n", 2)
    batch_size = check_batch_size(batch_size, n)
    spread_one = require_number(spread_one, "spread_one", 0.0)
    return float(spread_one / np.sqrt(batch_size) * np.sqrt((n - batch_size) / (n - 1)))


def gradient_noise_view(batch_size: int, samples: int = 300, seed: int = 0,
                        w=LINE_START) -> dict:
    """What the gradient-noise widget shows for one batch size.

    Returns a dict: ``per_example`` (n, 2) gradients of single examples at ``w``;
    ``full`` (2,), their mean, the full gradient; ``batch_means`` (samples, 2), the
    gradients of random mini-batches; ``spread_one``, the root-mean-square distance of
    the per-example gradients from the full gradient; ``spread``, the expected such
    distance for the mini-batches (``expected_spread``); ``batch_size``, ``n`` and a
    ``title``.
    """
    x, y = line_data()
    batch_size = check_batch_size(batch_size, len(x))
    per_example = per_example_gradients(w, x, y)
    full = per_example.mean(axis=0)
    means = minibatch_gradients(per_example, batch_size, samples, seed)
    spread_one = float(np.sqrt(np.mean(np.sum((per_example - full) ** 2, axis=1))))
    spread = expected_spread(spread_one, batch_size, len(x))
    title = (f"batch size {batch_size}: typical distance to the full gradient {spread:.2f}"
             f" (one example: {spread_one:.2f})")
    return {"per_example": per_example, "full": full, "batch_means": means, "spread": spread,
            "spread_one": spread_one, "batch_size": batch_size, "n": len(x), "title": title}


MAX_UPDATES = 10_000


def line_descent_path(batch_size: int, updates: int = 40, learning_rate: float = 0.1,
                      seed: int = 0, start=LINE_START) -> np.ndarray:
    """Mini-batch gradient descent on the line's loss. Returns (updates + 1, 2): every
    (w₁, w₂) visited, the start included. A new shuffle at every epoch.
    ``updates`` is 0 to ``MAX_UPDATES``."""
    x, y = line_data()
    batch_size = check_batch_size(batch_size, len(x))
    updates = require_int(updates, "updates", 0, MAX_UPDATES)
    learning_rate = require_number(learning_rate, "learning_rate", 0.0,
                                   why="a negative rate steps uphill")
    rng = np.random.default_rng([require_int(seed, "seed", 0), DESCENT_STREAM])
    w = _line_parameters(start)
    path, order = [w], np.array([], dtype=int)
    while len(path) <= updates:
        if len(order) < batch_size:
            order = rng.permutation(len(x))
        batch, order = order[:batch_size], order[batch_size:]
        w = w - learning_rate * per_example_gradients(w, x[batch], y[batch]).mean(axis=0)
        path.append(w)
    return np.array(path)


def method_name(batch_size: int, n: int) -> str:
    """The method's name: "SGD" for batch size 1, "full batch" for all n examples,
    else "mini-batch"."""
    return "SGD" if batch_size == 1 else "full batch" if batch_size >= n else "mini-batch"


