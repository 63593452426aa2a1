"""Handwritten digits for lecture 7 (and lecture 6's comparison of minima):
scikit-learn's 8x8 digits, offline (the default), or MNIST through Keras."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import LectureError, require_int

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
