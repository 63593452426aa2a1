"""How a deep net learns (lecture 7): handwritten digits, and the noise in SGD's gradients.

- ``load_handwritten_digits``: scikit-learn's 8x8 digits (offline, the default) or
  MNIST through Keras (needs internet the first time), scaled and split;
- ``record_points``: when a training run measures its loss, for the plots;
- a two-parameter model (a straight line fitted by least squares) whose
  per-example gradients can be drawn: ``line_data``, ``line_loss``, ``best_line``,
  ``per_example_gradients``, ``minibatch_gradients``, ``expected_spread``,
  ``gradient_noise_view`` (what ``widgets.gradient_noise`` shows) and
  ``line_descent_path``;
- drawing: ``draw_digits``, ``draw_loss_curves``, ``draw_gradient_cloud``,
  ``draw_line_paths``, in the colours of ``METHOD_COLORS``.

The notebook writes the lecture's own code (back-propagation, the SGD and
mini-batch loops); this module only loads data, samples and draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from .errors import LectureError, as_numbers, require_int, require_number
from .plotting import COLORS, MINIMUM_STYLE, START_STYLE, legend_below

# One colour per way of computing the gradient, in every picture of the lecture.
# Full-batch descent follows the exact gradient, like lecture 6's "gradient descent",
# and keeps its vermillion.
METHOD_COLORS = {
    "full batch": "#D55E00",   # vermillion
    "SGD": "#0072B2",          # blue
    "mini-batch": "#009E73",   # bluish green
}
EXAMPLE_COLOR = COLORS["baseline"]

DATASETS = ("digits", "mnist")
MNIST_OFFLINE = ('MNIST needs internet the first time (Keras downloads it, 11 MB) and the '
                 'download failed. Use DATASET = "digits" (the default), which ships with '
                 'scikit-learn and works offline.')


@dataclass(frozen=True)
class Digits:
    """Handwritten digits, flattened and scaled to [0, 1].

    x_train : (n_train, pixels) floats, y_train : (n_train,) ints 0-9; the same for
    the test set. ``image_shape`` is (8, 8) or (28, 28).
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    image_shape: tuple[int, int]

    def __repr__(self):
        return (f"Digits({self.name!r}: {len(self.x_train):,} training and "
                f"{len(self.x_test):,} test images of {self.image_shape[0]}x"
                f"{self.image_shape[1]} pixels)")


def _load_sklearn_digits():
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:
        raise LectureError('The "digits" data set comes with scikit-learn: '
                           'pip install "scikit-learn>=1.3", then restart the kernel.') from error
    digits = load_digits()
    return digits.images.astype(float) / 16.0, digits.target.astype(int)


def _load_mnist():
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as error:  # Keras raises a plain Exception chained from URLError
        raise LectureError(MNIST_OFFLINE) from error
    return x_train / 255.0, y_train.astype(int), x_test / 255.0, y_test.astype(int)


def load_handwritten_digits(name: str = "digits", test_size: int = 360, seed: int = 0,
                            max_train: int = 10_000, max_test: int = 2_000) -> Digits:
    """Handwritten digits for the lecture.

    name : "digits" (scikit-learn's 1,797 8x8 images, offline; ``test_size`` of them,
        chosen at random with ``seed``, are the test set) or "mnist" (70,000 28x28
        images through ``keras.datasets.mnist``; a random ``max_train`` training and
        ``max_test`` test images are kept, so that NumPy loops stay quick; None keeps
        all).
    Raises ``LectureError`` for an unknown name, or when MNIST cannot be downloaded.
    """
    if name not in DATASETS:
        raise LectureError(f'Unknown data set {name!r}: use "digits" (offline) or "mnist".')
    rng = np.random.default_rng(require_int(seed, "seed", 0))
    max_train, max_test = (None if limit is None else require_int(limit, label, 1)
                           for limit, label in ((max_train, "max_train"), (max_test, "max_test")))
    if name == "digits":
        images, labels = _load_sklearn_digits()
        test_size = require_int(test_size, "test_size", 1, len(images) - 1)
        order = rng.permutation(len(images))
        test, train = order[:test_size], order[test_size:]
        x_train, y_train, x_test, y_test = images[train], labels[train], images[test], labels[test]
    else:
        x_train, y_train, x_test, y_test = _load_mnist()
        keep_train = rng.permutation(len(x_train))[:max_train]
        keep_test = rng.permutation(len(x_test))[:max_test]
        x_train, y_train = x_train[keep_train], y_train[keep_train]
        x_test, y_test = x_test[keep_test], y_test[keep_test]
    shape = tuple(x_train.shape[1:])
    return Digits(name, x_train.reshape(len(x_train), -1), y_train,
                  x_test.reshape(len(x_test), -1), y_test, shape)


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
    artists = ax.plot(*view["per_example"].T, "o", color=EXAMPLE_COLOR, alpha=0.35,
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
    ax.contour(w1, w2, loss, levels=levels, colors=EXAMPLE_COLOR, linewidths=0.8)
    ax.plot(*best_line(x, y), zorder=5, **MINIMUM_STYLE)
    ax.plot(*LINE_START, zorder=5, **START_STYLE)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_autoscale_on(False)
    ax.grid(False)
    ax.set_xlabel("w₁ (slope)")
    ax.set_ylabel("w₂ (intercept)")


def method_name(batch_size: int, n: int) -> str:
    """The method's name: "SGD" for batch size 1, "full batch" for all n examples,
    else "mini-batch"."""
    return "SGD" if batch_size == 1 else "full batch" if batch_size >= n else "mini-batch"


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
