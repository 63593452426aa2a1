"""lecture_utils.maths.optimizers: each update rule against the matching keras.optimizers class."""

import numpy as np
import pytest

from lecture_utils.errors import LectureError
from lecture_utils.maths import optimizers
from lecture_utils.plots import palette

STEPS = 100

# Keras classes and arguments that match each name, with our defaults.
KERAS = {
    "sgd": ("SGD", {}),
    "momentum": ("SGD", {"momentum": 0.9}),
    "nesterov": ("SGD", {"momentum": 0.9, "nesterov": True}),
    "rmsprop": ("RMSprop", {}),
    "adam": ("Adam", {}),
    "adagrad": ("Adagrad", {}),
    "adadelta": ("Adadelta", {}),
}

# Non-default values for every hyper-parameter, to check that the names mean the same.
# They are exact in float32 too: Keras turns Python-float hyper-parameters into
# float32 tensors before casting them to the variable's dtype, so with 0.999 Keras's
# Adam uses 1 - float32(0.999) = 0.00099998713 in its bias correction, a relative
# difference of 6e-6 in the first steps that has nothing to do with the update rule.
CUSTOM = {
    "sgd": {"learning_rate": 0.0625},
    "momentum": {"learning_rate": 0.03125, "momentum": 0.875},
    "nesterov": {"learning_rate": 0.03125, "momentum": 0.875},
    "rmsprop": {"learning_rate": 0.015625, "rho": 0.875, "epsilon": 2.0**-20},
    "adam": {"learning_rate": 0.03125, "beta_1": 0.875, "beta_2": 1 - 2.0**-10,
             "epsilon": 2.0**-20},
    "adagrad": {"learning_rate": 0.125, "initial_accumulator_value": 0.25, "epsilon": 2.0**-20},
    "adadelta": {"learning_rate": 1.0, "rho": 0.875, "epsilon": 2.0**-20},
}


def make_gradient(dim):
    """The gradient of a curved, non-quadratic loss in ``dim`` parameters."""
    rng = np.random.default_rng(dim)
    A = rng.normal(size=(dim, dim))
    A = A @ A.T / dim + np.eye(dim)          # positive definite: a bowl ...
    centre = rng.normal(size=dim)

    def gradient(w):
        return A @ (w - centre) + 0.5 * np.sin(3 * w)   # ... with ripples
    return gradient, rng.normal(size=dim) * 2


def keras_path(name, gradient, start, steps, settings, dtype="float64"):
    import keras

    class_name, fixed = KERAS[name]
    arguments = {**fixed, **settings}
    optimizer = getattr(keras.optimizers, class_name)(**arguments)
    # float64 by default, so that the comparison checks the update rules, not
    # float32 round-off.
    variable = keras.Variable(np.asarray(start, dtype=dtype), dtype=dtype)
    path = [np.array(variable.numpy())]
    for _ in range(steps):
        grad = gradient(np.array(variable.numpy(), dtype="float64"))
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(grad, dtype=dtype),
                                    variable)])
        path.append(np.array(variable.numpy()))
    return np.array(path)


@pytest.mark.parametrize("dim", [1, 5])
@pytest.mark.parametrize("name", optimizers.NAMES)
def test_matches_keras(name, dim):
    """100 steps on the same gradients agree to 1e-5 (relative; 1e-6 absolute floor)."""
    gradient, start = make_gradient(dim)
    ours = optimizers.run(name, gradient, start, STEPS, **CUSTOM[name])
    theirs = keras_path(name, gradient, start, STEPS, CUSTOM[name])
    assert ours.shape == theirs.shape == (STEPS + 1, dim)
    assert np.abs(ours[-1] - ours[0]).max() > 1e-2, "the optimizer should have moved"
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("dim", [1, 5])
@pytest.mark.parametrize("name", optimizers.NAMES)
def test_matches_keras_defaults_in_float32(name, dim):
    """With Keras's defaults (learning rate included) and float32 variables, as in a
    model, the paths agree to float32 round-off."""
    gradient, start = make_gradient(dim)
    ours = optimizers.run(name, gradient, start, STEPS)
    theirs = keras_path(name, gradient, start, STEPS, {}, dtype="float32")
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


def test_defaults_are_keras_defaults():
    import keras

    for name, (class_name, fixed) in KERAS.items():
        optimizer = getattr(keras.optimizers, class_name)(**fixed)
        for key, value in optimizers.DEFAULTS[name].items():
            keras_value = getattr(optimizer, key)
            if key == "learning_rate":
                keras_value = float(np.asarray(keras_value))
            assert keras_value == pytest.approx(value), (name, key)


def test_path_shape_includes_the_start():
    path = optimizers.run("sgd", lambda w: 2 * w, 3.0, 4, learning_rate=0.25)
    assert path.shape == (5, 1)
    np.testing.assert_allclose(path[:, 0], 3.0 * 0.5 ** np.arange(5))


def test_zero_steps_returns_the_start():
    path = optimizers.run("adam", lambda w: w, [1.0, 2.0], 0)
    np.testing.assert_array_equal(path, [[1.0, 2.0]])


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_divergence_leaves_nan_and_raises_nothing(name):
    # The gradient of exp(w**2) / 2 overflows float64 once a large step has thrown
    # w far out (even the adaptive optimizers, whose steps are about learning_rate).
    path = optimizers.run(name, lambda w: w * np.exp(w**2), [3.0], 200, learning_rate=1e6)
    assert path.shape == (201, 1)
    assert np.isnan(path[-1]).all()
    finite = np.isfinite(path[:, 0])
    first_bad = int(np.argmin(finite)) if not finite.all() else len(path)
    assert finite[:first_bad].all() and not finite[first_bad:].any()


@pytest.mark.parametrize("bad, message", [
    ({"name": "adamw"}, "unknown optimizer"),
    ({"learning_rat": 0.1}, "no hyper-parameter"),
    ({"momentum": 0.9}, "no hyper-parameter"),      # plain SGD has no momentum
    ({"learning_rate": "fast"}, "must be a finite number"),
    ({"steps": -1}, "steps must"),
    ({"steps": 2.5}, "steps must"),
])
def test_mistakes_get_a_clear_error(bad, message):
    arguments = {"name": "sgd", "gradient": lambda w: w, "start": [1.0], "steps": 3, **bad}
    with pytest.raises(LectureError, match=message):
        optimizers.run(**arguments)


# --- bad input is one LectureError line, never NaNs that look like divergence (issue 15) ---

@pytest.mark.parametrize("name, settings, message", [
    ("sgd", {"learning_rate": -0.1}, "learning_rate must be .* at least 0, got -0.1: a negative"),
    ("sgd", {"learning_rate": float("nan")}, "learning_rate must be a finite number"),
    ("momentum", {"learning_rate": float("inf")}, "learning_rate must be a finite number"),
    ("adam", {"beta_1": 1}, r"beta_1 must be .* up to \(not including\) 1, got 1"),
    ("adam", {"beta_2": 1.0}, "beta_2 must be"),
    ("adam", {"epsilon": -1e-7}, "epsilon must be a finite number above 0"),
    ("rmsprop", {"epsilon": 0}, "epsilon must be a finite number above 0"),
    ("adagrad", {"initial_accumulator_value": -0.1}, "initial_accumulator_value must be"),
    ("momentum", {"momentum": 1.5}, "momentum must be .* from 0 to 1"),
    ("adadelta", {"rho": -0.5}, "rho must be"),
])
def test_hyperparameters_outside_their_range_are_refused(name, settings, message):
    with pytest.raises(LectureError, match=message):
        optimizers.run(name, lambda w: w, [1.0], 3, **settings)


@pytest.mark.parametrize("start, message", [
    (None, "start should be numbers .* not None"),
    ([np.nan], "start should be finite"),
    ([1 + 1j], "not complex"),
    ("4.5", "not the text"),
    ([], "at least one parameter"),
])
def test_a_start_that_is_not_numbers_is_refused(start, message):
    with pytest.raises(LectureError, match=message):
        optimizers.run("sgd", lambda w: w, start, 3)


@pytest.mark.parametrize("gradient, message", [
    (lambda w: np.ones(3), r"gradient function returned shape \(3,\), but the parameters have "
                           r"shape \(2,\)"),
    (lambda w: None, "gradient function returned None.*return"),
    (lambda w: 1.0, "gradient function returned one number, but the parameters have shape"),
    (lambda w: w * (1 + 1j), "gradient function's result should be real numbers, not complex"),
    (lambda w: "slope", "gradient function's result should be an array of numbers"),
])
def test_a_gradient_function_that_returns_the_wrong_thing_is_named(gradient, message):
    with pytest.raises(LectureError, match=message):
        optimizers.run("sgd", gradient, [1.0, 2.0], 3)


def test_a_gradient_that_is_not_a_function_is_refused():
    with pytest.raises(LectureError, match="gradient must be a function"):
        optimizers.run("sgd", [1.0, 2.0], [1.0, 2.0], 3)


def test_one_number_is_the_gradient_of_one_parameter():
    path = optimizers.run("sgd", lambda w: 2 * w[0], 3.0, 2, learning_rate=0.25)
    np.testing.assert_allclose(path[:, 0], [3.0, 1.5, 0.75])


def test_a_gradient_that_raises_keeps_its_own_error():
    def gradient(w):
        raise ZeroDivisionError("in the student's code")

    with pytest.raises(ZeroDivisionError, match="student's code"):
        optimizers.run("sgd", gradient, [1.0], 3)


def test_steps_are_bounded_before_any_memory_is_taken():
    with pytest.raises(LectureError, match=r"steps must be .* 0 to 100,000, got 1000000000000"):
        optimizers.run("sgd", lambda w: w, [1.0], 10**12)
    assert optimizers.run("sgd", lambda w: w, [1.0], optimizers.MAX_STEPS).shape == (100_001, 1)


def test_the_full_gradient_step_is_called_gradient_descent_not_sgd():
    """Lecture 7 keeps "SGD" for one example or mini-batch at a time (issue 14)."""
    assert palette.OPTIMIZER_LABELS["sgd"] == "gradient descent"
    assert not any("SGD" in label for label in palette.OPTIMIZER_LABELS.values())
