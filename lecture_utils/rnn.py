"""Recurrent cells in plain NumPy, with Keras's weight layout.

These are reference implementations: short, readable and checked against
``keras.layers`` in ``tests/``. They take a batch of sequences shaped
``(batch, time, features)`` and weights exactly as a Keras layer stores them,
so weights can be copied between the two in either direction.

Keras multiplies row vectors from the left (``input @ kernel``); the slides write
the same thing with column vectors (``W·input``). ``kernel`` is ``W`` transposed,
``recurrent_kernel`` is ``U`` transposed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(x, 0.0),
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "linear": lambda x: x,
}


def get_activation(activation: str | Callable) -> Callable[[np.ndarray], np.ndarray]:
    """Return the NumPy function for ``activation`` ("tanh", "relu", "sigmoid",
    "linear" or any callable)."""
    if callable(activation):
        return activation
    try:
        return ACTIVATIONS[activation]
    except (KeyError, TypeError):
        names = ", ".join(repr(name) for name in ACTIVATIONS)
        raise ValueError(
            f"Unknown activation {activation!r}: use one of {names} or a function."
        ) from None


def _shape_error(name: str, expected: str, received: tuple) -> ValueError:
    return ValueError(f"{name} should have shape {expected}, but has shape {received}.")


def check_recurrent_weights(
    inputs: np.ndarray,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray,
    gates: int = 1,
    bias_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Validate inputs and Keras-layout weights of a recurrent layer.

    ``gates`` is how many blocks of ``units`` columns the weights hold (1 for
    SimpleRNN, 4 for LSTM, 3 for GRU). ``bias_rows`` is None for a bias of shape
    ``(gates*units,)`` or an int for ``(bias_rows, gates*units)`` (GRU with
    ``reset_after=True``). Returns the arrays as float64 and ``units``.
    Raises ``ValueError`` naming the expected and received shapes.
    """
    inputs, kernel, recurrent_kernel, bias = (
        np.asarray(a, dtype=np.float64) for a in (inputs, kernel, recurrent_kernel, bias)
    )
    if inputs.ndim != 3:
        raise _shape_error("inputs", "(batch, time, features)", inputs.shape)
    if inputs.shape[1] == 0:
        raise ValueError("inputs has 0 time steps; a sequence needs at least one.")
    features = inputs.shape[2]
    if recurrent_kernel.ndim != 2 or recurrent_kernel.shape[1] != gates * recurrent_kernel.shape[0]:
        expected = "(units, units)" if gates == 1 else f"(units, {gates}*units)"
        raise _shape_error("recurrent_kernel", expected, recurrent_kernel.shape)
    units = recurrent_kernel.shape[0]
    if kernel.shape != (features, gates * units):
        raise _shape_error(
            "kernel", f"(features, {'' if gates == 1 else f'{gates}*'}units) = "
            f"{(features, gates * units)}", kernel.shape,
        )
    expected_bias = (gates * units,) if bias_rows is None else (bias_rows, gates * units)
    if bias.shape != expected_bias:
        raise _shape_error("bias", str(expected_bias), bias.shape)
    return inputs, kernel, recurrent_kernel, bias, units


def _initial_state(initial_state, batch: int, units: int, name: str = "initial_state"):
    if initial_state is None:
        return np.zeros((batch, units))
    state = np.asarray(initial_state, dtype=np.float64)
    if state.shape != (batch, units):
        raise _shape_error(name, f"(batch, units) = {(batch, units)}", state.shape)
    return state


def simple_rnn(
    inputs: np.ndarray,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray,
    activation: str | Callable = "tanh",
    initial_state: np.ndarray | None = None,
) -> np.ndarray:
    """Run a SimpleRNN over a batch of sequences.

    ``output_t = activation(input_t @ kernel + state_{t-1} @ recurrent_kernel + bias)``
    and the output is the next state.

    Parameters
    ----------
    inputs : (batch, time, features)
    kernel : (features, units), Keras's ``W`` (transposed)
    recurrent_kernel : (units, units), Keras's ``U`` (transposed)
    bias : (units,)
    activation : "tanh", "relu" or a callable
    initial_state : (batch, units) or None for zeros

    Returns
    -------
    outputs : (batch, time, units), the state after every step.
    """
    inputs, kernel, recurrent_kernel, bias, units = check_recurrent_weights(
        inputs, kernel, recurrent_kernel, bias
    )
    f = get_activation(activation)
    current_state = _initial_state(initial_state, inputs.shape[0], units)
    outputs = []
    for t in range(inputs.shape[1]):
        current_state = f(inputs[:, t] @ kernel + current_state @ recurrent_kernel + bias)
        outputs.append(current_state)
    return np.stack(outputs, axis=1)


def simple_rnn_trace(
    sequence: np.ndarray,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray,
    activation: str | Callable = "tanh",
) -> dict[str, np.ndarray]:
    """Every intermediate quantity of a SimpleRNN over one sequence.

    Parameters
    ----------
    sequence : (time, features), one sequence (no batch axis)

    Returns
    -------
    dict of arrays, one row per time step:
    ``input`` (time, features), ``previous_state`` (time, units),
    ``input_part`` = input @ kernel, ``state_part`` = previous_state @ recurrent_kernel,
    ``pre_activation`` = input_part + state_part + bias, and
    ``output`` = activation(pre_activation), all (time, units).
    """
    sequence = np.asarray(sequence, dtype=np.float64)
    if sequence.ndim != 2:
        raise _shape_error("sequence", "(time, features)", sequence.shape)
    outputs = simple_rnn(sequence[None], kernel, recurrent_kernel, bias, activation)[0]
    kernel = np.asarray(kernel, dtype=np.float64)
    recurrent_kernel = np.asarray(recurrent_kernel, dtype=np.float64)
    previous = np.vstack([np.zeros((1, outputs.shape[1])), outputs[:-1]])
    input_part = sequence @ kernel
    state_part = previous @ recurrent_kernel
    return {
        "input": sequence,
        "previous_state": previous,
        "input_part": input_part,
        "state_part": state_part,
        "pre_activation": input_part + state_part + np.asarray(bias, dtype=np.float64),
        "output": outputs,
    }

