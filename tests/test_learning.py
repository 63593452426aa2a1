"""data.digits and maths.minibatch: the digits, the offline MNIST message, the line model."""

import itertools
import re
import sys
import types
import urllib.error
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

from lecture_utils.data import digits
from lecture_utils.errors import LectureError
from lecture_utils.maths import minibatch
from lecture_utils.plots import images
from lecture_utils.plots import minibatch as minibatch_plots

matplotlib.use("Agg")
NOTEBOOK = next((Path(__file__).resolve().parents[1] / "notebooks").glob("07_*.ipynb"))


# ---- data ----

def test_digits_are_split_scaled_and_flattened():
    data = digits.load_handwritten_digits("digits")
    assert data.x_train.shape == (1437, 64) and data.x_test.shape == (360, 64)
    assert data.y_train.shape == (1437,) and data.y_test.shape == (360,)
    assert data.image_shape == (8, 8)
    assert data.x_train.min() == 0.0 and data.x_train.max() == 1.0
    assert set(np.unique(data.y_train)) == set(range(10))
    assert "1,437 training and 360 test images" in repr(data)


def test_digits_split_depends_only_on_the_seed():
    first = digits.load_handwritten_digits(seed=3)
    again = digits.load_handwritten_digits(seed=3)
    other = digits.load_handwritten_digits(seed=4)
    np.testing.assert_array_equal(first.y_test, again.y_test)
    assert not np.array_equal(first.y_test, other.y_test)


@pytest.mark.parametrize("name", ["MNIST", "cifar", ""])
def test_unknown_data_set(name):
    with pytest.raises(LectureError, match='use "digits"'):
        digits.load_handwritten_digits(name)


def test_bad_test_size():
    with pytest.raises(LectureError, match="test_size"):
        digits.load_handwritten_digits(test_size=1797)


def fake_keras(monkeypatch, load_data):
    keras = types.SimpleNamespace(datasets=types.SimpleNamespace(
        mnist=types.SimpleNamespace(load_data=load_data)))
    monkeypatch.setitem(sys.modules, "keras", keras)


def test_mnist_offline_gives_one_clear_message(monkeypatch):
    def offline():
        # What Keras 3 does without a network: a plain Exception from the URLError.
        try:
            raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
        except urllib.error.URLError as error:
            raise Exception("URL fetch failure on https://storage.googleapis.com/"
                            "tensorflow/tf-keras-datasets/mnist.npz: None") from error

    fake_keras(monkeypatch, offline)
    with pytest.raises(LectureError) as caught:
        digits.load_handwritten_digits("mnist")
    message = str(caught.value)
    assert "needs internet" in message and 'DATASET = "digits"' in message
    assert "\n" not in message and len(message) < 250
    assert isinstance(caught.value.__cause__, Exception)   # the cause is kept for debugging


def test_mnist_is_scaled_flattened_and_subsampled(monkeypatch):
    rng = np.random.default_rng(0)

    def load_data():
        images = lambda n: rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)  # noqa: E731
        labels = lambda n: rng.integers(0, 10, size=n, dtype=np.uint8)  # noqa: E731
        return (images(500), labels(500)), (images(100), labels(100))

    fake_keras(monkeypatch, load_data)
    data = digits.load_handwritten_digits("mnist", max_train=300, max_test=50)
    assert data.x_train.shape == (300, 784) and data.x_test.shape == (50, 784)
    assert data.image_shape == (28, 28)
    assert data.x_train.min() >= 0.0 and data.x_train.max() <= 1.0
    assert data.y_train.dtype.kind == "i"


def test_digits_without_scikit_learn(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)    # import fails
    with pytest.raises(LectureError, match="scikit-learn"):
        digits.load_handwritten_digits("digits")


# ---- the two-parameter model ----

def test_per_example_gradients_average_to_the_gradient_of_the_loss():
    x, y = minibatch.line_data()
    w = np.array([0.7, -0.3])
    full = minibatch.per_example_gradients(w, x, y).mean(axis=0)
    epsilon = 1e-6
    loss = lambda w: minibatch.line_loss(w, x, y)  # noqa: E731
    measured = [(loss(w + epsilon * e) - loss(w - epsilon * e)) / (2 * epsilon) for e in np.eye(2)]
    np.testing.assert_allclose(full, measured, rtol=1e-6)


def test_best_line_has_zero_gradient():
    x, y = minibatch.line_data()
    gradient = minibatch.per_example_gradients(minibatch.best_line(), x, y).mean(axis=0)
    np.testing.assert_allclose(gradient, 0, atol=1e-10)


def test_line_loss_takes_a_grid_of_parameters():
    x, y = minibatch.line_data()
    grid = np.zeros((3, 4, 2))
    assert minibatch.line_loss(grid, x, y).shape == (3, 4)
    assert minibatch.line_loss(grid, x, y)[0, 0] == pytest.approx(np.mean(y**2))


def test_minibatch_gradients_of_one_and_of_all_examples():
    gradients = np.random.default_rng(0).normal(size=(20, 2))
    ones = minibatch.minibatch_gradients(gradients, 1, samples=50)
    assert all(any(np.array_equal(row, g) for g in gradients) for row in ones)
    everything = minibatch.minibatch_gradients(gradients, 20, samples=5)
    np.testing.assert_allclose(everything, np.tile(gradients.mean(axis=0), (5, 1)))


def test_measured_spread_matches_the_formula():
    for batch_size in (1, 4, 16, 64):
        view = minibatch.gradient_noise_view(batch_size, samples=4000)
        measured = np.sqrt(np.mean(np.sum((view["batch_means"] - view["full"]) ** 2, axis=1)))
        assert measured == pytest.approx(view["spread"], rel=0.06)


def test_spread_shrinks_as_the_batch_grows():
    spreads = [minibatch.gradient_noise_view(b)["spread"] for b in (1, 4, 16, 64, 256)]
    assert all(a > b for a, b in itertools.pairwise(spreads))
    assert spreads[-1] == 0.0
    assert spreads[1] == pytest.approx(spreads[0] / 2, rel=0.01)


def test_mini_batches_are_drawn_independently_of_the_data():
    # With one random stream for data and batches, the first batch of 16 sat at the
    # edge of the cloud; now every batch lies near the full gradient.
    view = minibatch.gradient_noise_view(16, samples=300)
    distances = np.linalg.norm(view["batch_means"] - view["full"], axis=1)
    assert distances.max() < 4 * view["spread"]


@pytest.mark.parametrize("batch_size", [0, 257, 2.5, True, "8", None])
def test_absurd_batch_sizes_get_a_clear_error(batch_size):
    with pytest.raises(LectureError, match="batch_size must"):
        minibatch.gradient_noise_view(batch_size)


@pytest.mark.parametrize("call, message", [
    (lambda: minibatch.line_descent_path(4, updates=-1), "updates must be"),
    (lambda: minibatch.line_descent_path(4, updates=10**6), "updates must be .* to 10,000"),
    (lambda: minibatch.line_descent_path(4, learning_rate=-0.1), "learning_rate must"),
    (lambda: minibatch.line_descent_path(4, learning_rate=float("nan")), "learning_rate must"),
    (lambda: minibatch.line_descent_path(4, start=1.0), r"w should be .* shape \(2,\)"),
    (lambda: minibatch.gradient_noise_view(4, w=(1.0, 2.0, 3.0)), "w should be"),
    (lambda: minibatch.gradient_noise_view(4, samples=0), "samples must be"),
    (lambda: minibatch.gradient_noise_view(4, seed=-1), "seed must be"),
    (lambda: minibatch.per_example_gradients([1.0, 2.0, 3.0], *minibatch.line_data()),
     "w should be"),
    (lambda: minibatch.line_loss([1.0, 2.0, 3.0], *minibatch.line_data()), "w should be"),
    (lambda: minibatch.minibatch_gradients(np.zeros(5), 2), "gradients should have shape"),
    (lambda: minibatch.expected_spread(1.0, 300, 256), "batch_size must"),
    (lambda: minibatch.expected_spread(1.0, 1, 1), "n must be"),
    (lambda: minibatch.expected_spread(-1.0, 1, 10), "spread_one must be"),
    (lambda: minibatch.record_points(0, 5), "updates_per_epoch must be"),
    (lambda: minibatch.record_points(10, 2.5), "epochs must be"),
    (lambda: minibatch.line_data(0), "n must be"),
    (lambda: digits.load_handwritten_digits(test_size=2.5), "test_size must be"),
    (lambda: digits.load_handwritten_digits(seed=-1), "seed must be"),
])
def test_mistakes_are_one_lecture_error_not_a_silent_number(call, message):
    with pytest.raises(LectureError, match=message):
        call()


def test_line_loss_takes_many_lines_at_once():
    x, y = minibatch.line_data()
    many = minibatch.line_loss(np.array([[0.5, 1.0], [0.0, 0.0]]), x, y)
    assert many.shape == (2,) and many[0] == minibatch.line_loss([0.5, 1.0], x, y)


def test_full_batch_path_is_plain_gradient_descent():
    x, y = minibatch.line_data()
    path = minibatch.line_descent_path(minibatch.LINE_SIZE, updates=5, learning_rate=0.1)
    w = np.array(minibatch.LINE_START)
    for step in range(1, 6):
        w = w - 0.1 * minibatch.per_example_gradients(w, x, y).mean(axis=0)
        np.testing.assert_allclose(path[step], w)


def test_every_path_ends_near_the_best_line():
    x, y = minibatch.line_data()
    best = minibatch.line_loss(minibatch.best_line(), x, y)
    for batch_size in (1, 16, 256):
        path = minibatch.line_descent_path(batch_size, updates=200)
        assert path.shape == (201, 2)
        assert minibatch.line_loss(path[-1], x, y) < best + 0.3


def test_record_points():
    points = minibatch.record_points(updates_per_epoch=45, epochs=10)
    assert set(range(1, 11)) <= points and 450 in points and 0 not in points
    assert {9, 18, 27, 36, 45} <= points                       # five times per epoch
    assert minibatch.record_points(1, 10) == set(range(1, 11))  # full batch: every update


def test_drawings_have_labelled_axes():
    import matplotlib.pyplot as plt

    history = np.array([[0, 2.3], [1, 2.0], [2, 1.5]])
    by_epoch, by_update = minibatch_plots.draw_loss_curves({"SGD": history}, {"SGD": 2})
    assert by_epoch.get_xlabel().startswith("epochs") and by_update.get_xscale() == "log"
    ax = minibatch_plots.draw_gradient_cloud(minibatch.gradient_noise_view(4))
    assert ax.get_xlabel() and ax.get_ylabel()
    ax = minibatch_plots.draw_line_paths({1: minibatch.line_descent_path(1, updates=5)})
    assert ax.get_legend().get_texts()[0].get_text() == "SGD (batch size 1)"
    data = digits.load_handwritten_digits()
    axes = images.draw_digits(data.x_test[:3], data.y_test[:3], data.image_shape,
                                predicted=np.array([data.y_test[0], 99, data.y_test[2]]))
    assert axes[1].get_title().endswith("→ 99")
    plt.close("all")


# ---- the notebook's promises ----

def notebook_code():
    return [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]


def printed(cells):
    return "".join(o.get("text", "") for c in cells for o in c.outputs)


def test_the_loops_and_back_propagation_are_written_in_the_notebook():
    source = "\n".join(c.source for c in notebook_code())
    for written in ("def loss_and_gradient(", "d_z = d_h * (1 - h**2)",
                    "def finite_differences(", "tf.GradientTape()",
                    "for i in rng.permutation(len(x_train)):",
                    "def minibatch_gradient_descent(",
                    "for start in range(0, len(x_train), batch_size):"):
        assert written in source, written


def test_tensorflow_appears_in_one_cell_only():
    cells = [c for c in notebook_code() if "tensorflow" in c.source or "keras" in c.source]
    assert len(cells) == 1 and "import tensorflow as tf" in cells[0].source


def test_the_three_gradients_agree_and_the_digits_are_learnt():
    text = printed(notebook_code())
    assert "✓ the chain rule agrees with finite differences (within 1e-6)" in text
    assert "✓ our NumPy back-propagation agrees with tf.GradientTape (within 1e-12)" in text
    accuracies = dict(re.findall(r"^(\S+(?: batch)?)\s+test accuracy (0\.\d{3})", text, re.M))
    assert set(accuracies) == {"full batch", "SGD", "mini-batch"}
    assert float(accuracies["mini-batch"]) >= 0.93 and float(accuracies["SGD"]) >= 0.93
    assert float(accuracies["full batch"]) < float(accuracies["mini-batch"])


def test_measured_times_are_printed_in_the_masked_form():
    text = printed(notebook_code())
    for line in text.splitlines():
        if re.search(r"\d s\b", line) and ("gradients:" in line or "updates per epoch" in line):
            assert re.search(r"⏱ [0-9]+(\.[0-9]+)? s", line), line
