"""Gradient descent and its popular variants, in NumPy, step for step as Keras does them.

``run(name, gradient, start, steps, **hyperparameters)`` follows one optimizer for
``steps`` updates. Each update rule is a few lines, written with Keras's names and
defaults (``keras.optimizers.SGD``, ``RMSprop``, ``Adam``, ``Adagrad``,
``Adadelta``); the tests check each against Keras on the same gradients.

    name       Keras class                          hyper-parameters (defaults)
    sgd        SGD() (gradient descent)             learning_rate=0.01
    momentum   SGD(momentum=0.9)                    learning_rate=0.01, momentum=0.9
    nesterov   SGD(momentum=0.9, nesterov=True)     learning_rate=0.01, momentum=0.9
    rmsprop    RMSprop()                            learning_rate=0.001, rho=0.9, epsilon=1e-7
    adam       Adam()                               learning_rate=0.001, beta_1=0.9,
                                                    beta_2=0.999, epsilon=1e-7
    adagrad    Adagrad()                            learning_rate=0.001, epsilon=1e-7,
                                                    initial_accumulator_value=0.1
    adadelta   Adadelta()                           learning_rate=0.001, rho=0.95, epsilon=1e-7

"sgd" is plain gradient descent, ``w - learning_rate * g``: Keras's ``SGD`` with its
default ``momentum=0.0``. The class is named after *stochastic* gradient descent because
the same step does both: given the gradient over all the training data at each step
(as here) it is full-batch gradient descent; given the gradient of one example or a
mini-batch at a time (as ``model.fit`` does) it is SGD. "momentum" and "nesterov" here
default to 0.9, the value commonly used.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import LectureError, as_numbers, require_choice, require_int, require_number

DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {"learning_rate": 0.01},
    "momentum": {"learning_rate": 0.01, "momentum": 0.9},
    "nesterov": {"learning_rate": 0.01, "momentum": 0.9},
    "rmsprop": {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7},
    "adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "adagrad": {"learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7},
    "adadelta": {"learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-7},
}
NAMES = tuple(DEFAULTS)


# Each rule takes the parameters w, the gradient g at w, a dict of its own running
# quantities (empty at the first step), the step number t = 1, 2, ... and the
# hyper-parameters, and returns the new w.

def _sgd(w, g, state, t, learning_rate):
    return w - learning_rate * g


def _momentum(w, g, state, t, learning_rate, momentum):
    velocity = momentum * state.get("velocity", 0.0) - learning_rate * g
    state["velocity"] = velocity
    return w + velocity


def _nesterov(w, g, state, t, learning_rate, momentum):
    # Keras's form of Nesterov momentum: the gradient is taken at w itself, and
    # the step looks one velocity update ahead.
    velocity = momentum * state.get("velocity", 0.0) - learning_rate * g
    state["velocity"] = velocity
    return w + momentum * velocity - learning_rate * g


def _rmsprop(w, g, state, t, learning_rate, rho, epsilon):
    mean_square = rho * state.get("mean_square", 0.0) + (1 - rho) * g**2
    state["mean_square"] = mean_square
    return w - learning_rate * g / np.sqrt(mean_square + epsilon)


def _adam(w, g, state, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * state.get("m", 0.0) + (1 - beta_1) * g
    v = beta_2 * state.get("v", 0.0) + (1 - beta_2) * g**2
    state["m"], state["v"] = m, v
    # Bias correction folded into the step size, as Keras does it.
    alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - alpha * m / (np.sqrt(v) + epsilon)


def _adagrad(w, g, state, t, learning_rate, initial_accumulator_value, epsilon):
    accumulator = state.get("accumulator", initial_accumulator_value) + g**2
    state["accumulator"] = accumulator
    return w - learning_rate * g / np.sqrt(accumulator + epsilon)


def _adadelta(w, g, state, t, learning_rate, rho, epsilon):
    mean_square_g = rho * state.get("mean_square_g", 0.0) + (1 - rho) * g**2
    mean_square_delta = state.get("mean_square_delta", 0.0)
    delta = -np.sqrt(mean_square_delta + epsilon) / np.sqrt(mean_square_g + epsilon) * g
    state["mean_square_g"] = mean_square_g
    state["mean_square_delta"] = rho * mean_square_delta + (1 - rho) * delta**2
    return w + learning_rate * delta


RULES: dict[str, Callable] = {
    "sgd": _sgd, "momentum": _momentum, "nesterov": _nesterov, "rmsprop": _rmsprop,
    "adam": _adam, "adagrad": _adagrad, "adadelta": _adadelta,
}


# The values each hyper-parameter may take, as (low, high, high_open, why): outside them
# the rule is no longer the optimizer it is named after (Keras's documented ranges).
RANGES: dict[str, tuple] = {
    "learning_rate": (0.0, None, False, "a negative rate steps uphill"),
    "momentum": (0.0, 1.0, False, "the fraction of the last step that is kept"),
    "rho": (0.0, 1.0, False, "the weight of the running average's past"),
    "beta_1": (0.0, 1.0, True, "Adam divides by 1 - beta_1**t"),
    "beta_2": (0.0, 1.0, True, "Adam divides by 1 - beta_2**t"),
    "epsilon": (0.0, None, False, "a small positive number such as 1e-7 keeps the division "
                "safe"),
    "initial_accumulator_value": (0.0, None, False, "a sum of squares starts at 0 or above"),
}
MAX_STEPS = 100_000  # 100,000 steps take a few seconds; a lecture's runs need hundreds


def settings_for(name: str, **overrides) -> dict[str, float]:
    """The hyper-parameters ``run`` uses for optimizer ``name``: Keras's defaults,
    updated with ``overrides``. Raises ``LectureError`` for an unknown name or setting,
    or a value outside its range (``RANGES``): a negative learning rate, ``beta_1=1``,
    ``epsilon <= 0``, NaN or infinity."""
    require_choice(name, "optimizer", NAMES)
    unknown = set(overrides) - set(DEFAULTS[name])
    if unknown:
        raise LectureError(f"{name} has no hyper-parameter {', '.join(sorted(unknown))}; "
                           f"it takes {', '.join(DEFAULTS[name])}.")
    settings = dict(DEFAULTS[name])
    for key, value in overrides.items():
        low, high, high_open, why = RANGES[key]
        settings[key] = require_number(value, key, low, high, high_open=high_open,
                                       low_open=key == "epsilon", why=why)
    return settings


def _checked_gradient(g, w: np.ndarray) -> np.ndarray:
    """What ``gradient(w)`` returned, as a float array shaped like ``w``, or a
    ``LectureError`` that says the gradient function is the problem."""
    if isinstance(g, np.ndarray) and g.shape == w.shape and g.dtype == float:
        return g
    if g is None:
        raise LectureError("the gradient function returned None: it must return dL/dw, "
                           f"one number per parameter ({w.size}); is a `return` missing?")
    g = as_numbers(g, "the gradient function's result")
    if g.shape != w.shape:
        if g.size == w.size == 1:    # one number for one parameter
            return g.reshape(w.shape)
        returned = "one number" if g.ndim == 0 else f"shape {g.shape}"
        raise LectureError(f"the gradient function returned {returned}, but the "
                           f"parameters have shape {w.shape}: it must return dL/dw, one "
                           "number per parameter.")
    return g


def run(name: str, gradient: Callable, start, steps: int, **hyperparameters) -> np.ndarray:
    """Follow optimizer ``name`` downhill for ``steps`` updates.

    name : one of ``NAMES`` ("sgd", "momentum", "nesterov", "rmsprop", "adam",
        "adagrad", "adadelta")
    gradient : function of the parameter vector w, shape (dim,), returning dL/dw, (dim,)
    start : the first parameter values, a number or shape (dim,)
    steps : number of updates, 0 to ``MAX_STEPS``
    hyperparameters : learning_rate, momentum, rho, beta_1, beta_2, epsilon,
        initial_accumulator_value, as ``keras.optimizers`` names them (see ``DEFAULTS``
        and ``RANGES``)

    Returns the parameters visited, shape (steps + 1, dim), the start in row 0.
    Once the parameters or a gradient stop being finite (overflow), the remaining
    rows are NaN: the run has diverged, and nothing is raised. A mistake in the
    arguments, or a gradient function that returns None, text, complex numbers or the
    wrong shape, raises ``LectureError``.
    """
    settings = settings_for(name, **hyperparameters)
    steps = require_int(steps, "steps", 0, MAX_STEPS,
                        why="a longer path takes minutes and fills memory")
    if not callable(gradient):
        raise LectureError(f"gradient must be a function of w that returns dL/dw, "
                           f"got {type(gradient).__name__}.")
    w = as_numbers(start, "start", finite=True).reshape(-1)
    if w.size == 0:
        raise LectureError("start must hold at least one parameter.")
    rule, state = RULES[name], {}
    path = np.full((steps + 1, w.size), np.nan)
    path[0] = w
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, steps + 1):
            w = rule(w, _checked_gradient(gradient(w), w), state, t, **settings)
            if not np.isfinite(w).all():
                break
            path[t] = w
    return path
