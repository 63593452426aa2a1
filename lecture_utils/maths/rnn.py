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

from .. import errors
from ..errors import LectureError


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # The same as 1 / (1 + exp(-x)), without overflow warnings for large |x|.
    return 0.5 * (1.0 + np.tanh(0.5 * x))


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(x, 0.0),
    "sigmoid": _sigmoid,
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
        raise LectureError(
            f"Unknown activation {activation!r}: use one of {names} or a function."
        ) from None


def _shape_error(name: str, expected: str, received: tuple) -> LectureError:
    return LectureError(f"{name} should have shape {expected}, but has shape {received}.")


def as_numbers(value, name: str) -> np.ndarray:
    """``value`` as a float64 array, or a ``LectureError`` saying what ``name`` should be.

    ``errors.as_numbers`` (text, ragged nested lists, None, complex numbers), and one
    mistake of this module: a Keras weight list (``layer.get_weights()``) given as one
    argument.
    """
    if isinstance(value, (list, tuple)) and len(value) in (2, 3) and all(
            isinstance(part, np.ndarray) and part.ndim >= 1 for part in value) \
            and len({part.shape for part in value}) > 1:
        raise LectureError(
            f"{name} is a list of {len(value)} arrays of different shapes, like a Keras "
            "layer's get_weights(): pass the arrays one by one, e.g. "
            "simple_rnn(x, *layer.get_weights()).")
    return errors.as_numbers(value, name)


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
    Raises ``LectureError`` naming the expected and received shapes.
    """
    inputs, kernel, recurrent_kernel, bias = (
        as_numbers(a, name) for a, name in ((inputs, "inputs"), (kernel, "kernel"),
                                            (recurrent_kernel, "recurrent_kernel"),
                                            (bias, "bias")))
    if inputs.ndim != 3:
        raise _shape_error("inputs", "(batch, time, features)", inputs.shape)
    if inputs.shape[1] == 0:
        raise LectureError("inputs has 0 time steps; a sequence needs at least one.")
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
    state = as_numbers(initial_state, name)
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


def _one_sequence(sequence) -> np.ndarray:
    """``sequence`` as a (time, features) array: one sequence, no batch axis."""
    sequence = as_numbers(sequence, "sequence")
    if sequence.ndim != 2:
        raise _shape_error("sequence", "(time, features)", sequence.shape)
    return sequence


def simple_rnn_trace(sequence: np.ndarray, kernel: np.ndarray, recurrent_kernel: np.ndarray,
                     bias: np.ndarray, activation: str | Callable = "tanh",
                     ) -> dict[str, np.ndarray]:
    """Every intermediate quantity of a SimpleRNN over one sequence, (time, features).

    Returns a dict of arrays, one row per time step: ``input`` (time, features),
    ``previous_state`` (time, units), ``input_part`` = input @ kernel,
    ``state_part`` = previous_state @ recurrent_kernel,
    ``pre_activation`` = input_part + state_part + bias, and
    ``output`` = activation(pre_activation), all (time, units).
    """
    sequence = _one_sequence(sequence)
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




def _lstm_initial_state(initial_state, batch: int, units: int):
    if initial_state is None:
        return np.zeros((batch, units)), np.zeros((batch, units))
    if not isinstance(initial_state, (tuple, list)) or len(initial_state) != 2:
        raise LectureError("initial_state of an LSTM should be a pair (h, c), "
                           f"each of shape (batch, units), not {initial_state!r:.40}.")
    h, c = initial_state
    return (_initial_state(h, batch, units, "initial_state h"),
            _initial_state(c, batch, units, "initial_state c"))


def lstm_gates(
    input_t: np.ndarray,
    previous_output: np.ndarray,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray,
) -> dict[str, np.ndarray]:
    """The four parts of one LSTM step, in Keras's gate order i, f, c, o.

    input_t : (batch, features); previous_output : (batch, units).
    Returns ``input_gate``, ``forget_gate``, ``output_gate`` (sigmoid, in (0, 1))
    and ``candidate`` (tanh, in (-1, 1)), each (batch, units).
    """
    units = np.shape(recurrent_kernel)[0]
    z = input_t @ kernel + previous_output @ recurrent_kernel + bias
    i, f, c, o = (z[..., k * units:(k + 1) * units] for k in range(4))
    return {"input_gate": _sigmoid(i), "forget_gate": _sigmoid(f),
            "candidate": np.tanh(c), "output_gate": _sigmoid(o)}


def lstm(
    inputs: np.ndarray,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray,
    initial_state: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Run an LSTM over a batch of sequences (Keras's defaults: tanh, sigmoid gates).

    At every step, with gates computed from the input and the previous output::

        carry  = forget_gate * carry + input_gate * candidate
        output = output_gate * tanh(carry)

    Parameters
    ----------
    inputs : (batch, time, features)
    kernel : (features, 4*units), blocks for the gates i, f, c, o
    recurrent_kernel : (units, 4*units), same blocks
    bias : (4*units,)
    initial_state : a pair (h, c), each (batch, units), or None for zeros

    Returns
    -------
    outputs, carries : both (batch, time, units), the output and the carry after
    every step (Keras's ``return_state`` gives the last of each).
    """
    inputs, kernel, recurrent_kernel, bias, units = check_recurrent_weights(
        inputs, kernel, recurrent_kernel, bias, gates=4
    )
    output, carry = _lstm_initial_state(initial_state, inputs.shape[0], units)
    outputs, carries = [], []
    for t in range(inputs.shape[1]):
        g = lstm_gates(inputs[:, t], output, kernel, recurrent_kernel, bias)
        carry = g["forget_gate"] * carry + g["input_gate"] * g["candidate"]
        output = g["output_gate"] * np.tanh(carry)
        outputs.append(output)
        carries.append(carry)
    return np.stack(outputs, axis=1), np.stack(carries, axis=1)


def lstm_trace(
    sequence: np.ndarray,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray,
) -> dict[str, np.ndarray]:
    """Every intermediate quantity of an LSTM over one sequence.

    sequence : (time, features), one sequence (no batch axis)

    Returns a dict of arrays, one row per time step: ``input`` (time, features), and
    ``input_gate``, ``forget_gate``, ``candidate``, ``output_gate``, ``carry``
    (after the step), ``output`` (after the step), all (time, units).
    """
    sequence = _one_sequence(sequence)
    outputs, carries = lstm(sequence[None], kernel, recurrent_kernel, bias)
    outputs, carries = outputs[0], carries[0]
    previous = np.vstack([np.zeros((1, outputs.shape[1])), outputs[:-1]])
    gates = lstm_gates(sequence, previous, np.asarray(kernel, dtype=np.float64),
                       np.asarray(recurrent_kernel, dtype=np.float64),
                       np.asarray(bias, dtype=np.float64))
    return {"input": sequence, **gates, "carry": carries, "output": outputs}


def gru(
    inputs: np.ndarray,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray,
    initial_state: np.ndarray | None = None,
) -> np.ndarray:
    """Run a GRU over a batch of sequences (Keras's defaults, ``reset_after=True``).

    No separate carry: one gate ``z`` mixes the old output with a candidate::

        z = sigmoid(input @ W_z + b0_z + output @ U_z + b1_z)          update gate
        r = sigmoid(input @ W_r + b0_r + output @ U_r + b1_r)          reset gate
        candidate = tanh(input @ W_h + b0_h + r * (output @ U_h + b1_h))
        output = z * output + (1 - z) * candidate

    Parameters
    ----------
    inputs : (batch, time, features)
    kernel : (features, 3*units), blocks for z, r, h
    recurrent_kernel : (units, 3*units), same blocks
    bias : (2, 3*units): row 0 is added to the input part, row 1 to the recurrent part
    initial_state : (batch, units) or None for zeros

    Returns
    -------
    outputs : (batch, time, units), the output (= state) after every step.
    """
    inputs, kernel, recurrent_kernel, bias, units = check_recurrent_weights(
        inputs, kernel, recurrent_kernel, bias, gates=3, bias_rows=2
    )
    output = _initial_state(initial_state, inputs.shape[0], units)
    outputs = []
    for t in range(inputs.shape[1]):
        x_part = inputs[:, t] @ kernel + bias[0]
        h_part = output @ recurrent_kernel + bias[1]
        z = _sigmoid(x_part[:, :units] + h_part[:, :units])
        r = _sigmoid(x_part[:, units:2 * units] + h_part[:, units:2 * units])
        candidate = np.tanh(x_part[:, 2 * units:] + r * h_part[:, 2 * units:])
        output = z * output + (1 - z) * candidate
        outputs.append(output)
    return np.stack(outputs, axis=1)
