"""lecture_utils.maths.rnn's LSTM and GRU against Keras, on random weights."""

import keras
import numpy as np
import pytest

from lecture_utils.maths.rnn import gru, lstm, lstm_gates, lstm_trace

SHAPES = [  # batch, time, features, units
    (1, 1, 1, 1),
    (1, 7, 3, 4),
    (4, 1, 5, 2),
    (3, 12, 2, 8),
    (2, 200, 4, 16),  # long sequence
]


def random_weights(rng, features, units, gates, bias_shape=None):
    """Random weights in Keras's layout, scaled so that the recurrence stays tame."""
    bias_shape = bias_shape or (gates * units,)
    return (rng.normal(0, 0.5, (features, gates * units)).astype("float32"),
            rng.normal(0, 0.9 / np.sqrt(units), (units, gates * units)).astype("float32"),
            rng.normal(0, 0.5, bias_shape).astype("float32"))


def keras_lstm(inputs, weights, initial_state=None):
    layer = keras.layers.LSTM(weights[1].shape[0], return_sequences=True, return_state=True)
    layer.build(inputs.shape)
    layer.set_weights(list(weights))
    kwargs = {} if initial_state is None else {"initial_state": list(initial_state)}
    outputs, last_output, last_carry = layer(inputs, **kwargs)
    return np.asarray(outputs), np.asarray(last_output), np.asarray(last_carry)


def keras_gru(inputs, weights, initial_state=None):
    layer = keras.layers.GRU(weights[1].shape[0], return_sequences=True)
    layer.build(inputs.shape)
    layer.set_weights(list(weights))
    kwargs = {} if initial_state is None else {"initial_state": [initial_state]}
    return np.asarray(layer(inputs, **kwargs))


@pytest.mark.parametrize(("batch", "time", "features", "units"), SHAPES)
@pytest.mark.parametrize("with_initial_state", [False, True])
def test_lstm_matches_keras(batch, time, features, units, with_initial_state):
    rng = np.random.default_rng(batch * 1000 + time * 10 + units)
    inputs = rng.normal(size=(batch, time, features)).astype("float32")
    weights = random_weights(rng, features, units, gates=4)
    initial = (tuple(rng.normal(size=(2, batch, units)).astype("float32"))
               if with_initial_state else None)
    expected, last_output, last_carry = keras_lstm(inputs, weights, initial)
    outputs, carries = lstm(inputs, *weights, initial_state=initial)
    assert outputs.shape == carries.shape == (batch, time, units)
    assert np.abs(outputs - expected).max() <= 1e-5
    assert np.abs(outputs[:, -1] - last_output).max() <= 1e-5
    assert np.abs(carries[:, -1] - last_carry).max() <= 1e-5


@pytest.mark.parametrize(("batch", "time", "features", "units"), SHAPES)
@pytest.mark.parametrize("with_initial_state", [False, True])
def test_gru_matches_keras(batch, time, features, units, with_initial_state):
    rng = np.random.default_rng(batch * 1000 + time * 10 + units + 1)
    inputs = rng.normal(size=(batch, time, features)).astype("float32")
    weights = random_weights(rng, features, units, gates=3, bias_shape=(2, 3 * units))
    initial = rng.normal(size=(batch, units)).astype("float32") if with_initial_state else None
    expected = keras_gru(inputs, weights, initial)
    got = gru(inputs, *weights, initial_state=initial)
    assert got.shape == (batch, time, units)
    assert np.abs(got - expected).max() <= 1e-5


def test_lstm_is_the_carry_equations_written_out():
    rng = np.random.default_rng(4)
    W, U, b = random_weights(rng, 2, 3, gates=4)
    sequence = rng.normal(size=(6, 2))
    outputs, carries = lstm(sequence[None], W, U, b)
    output, carry = np.zeros(3), np.zeros(3)
    sigmoid = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    for t, x in enumerate(sequence):
        z = x @ W + output @ U + b
        i, f, c, o = np.split(z, 4)
        carry = sigmoid(f) * carry + sigmoid(i) * np.tanh(c)
        output = sigmoid(o) * np.tanh(carry)
        np.testing.assert_allclose(outputs[0, t], output, atol=1e-12)
        np.testing.assert_allclose(carries[0, t], carry, atol=1e-12)


def test_forget_gate_one_and_input_gate_zero_keep_the_carry():
    units, big = 3, 50.0
    W = np.zeros((1, 4 * units))
    U = np.zeros((units, 4 * units))
    b = np.concatenate([-big * np.ones(units), big * np.ones(units),  # i = 0, f = 1
                        np.zeros(units), np.zeros(units)])
    carry0 = np.array([[0.5, -0.2, 0.9]])
    _, carries = lstm(np.ones((1, 10, 1)), W, U, b, initial_state=(np.zeros((1, 3)), carry0))
    np.testing.assert_allclose(carries[0], np.repeat(carry0, 10, axis=0), atol=1e-12)


def test_initial_states_change_the_outputs():
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(2, 3, 2))
    weights = random_weights(rng, 2, 3, gates=4)
    ones = np.ones((2, 3))
    zero_start = lstm(inputs, *weights)[0]
    assert not np.allclose(zero_start, lstm(inputs, *weights, initial_state=(ones, 0 * ones))[0])
    assert not np.allclose(zero_start, lstm(inputs, *weights, initial_state=(0 * ones, ones))[0])
    gru_weights = random_weights(rng, 2, 3, gates=3, bias_shape=(2, 9))
    assert not np.allclose(gru(inputs, *gru_weights), gru(inputs, *gru_weights, initial_state=ones))


def test_trace_is_consistent():
    rng = np.random.default_rng(3)
    W, U, b = random_weights(rng, 3, 4, gates=4)
    sequence = rng.normal(size=(6, 3))
    trace = lstm_trace(sequence, W, U, b)
    outputs, carries = lstm(sequence[None], W, U, b)
    np.testing.assert_allclose(trace["output"], outputs[0])
    np.testing.assert_allclose(trace["carry"], carries[0])
    previous_carry = np.vstack([np.zeros((1, 4)), trace["carry"][:-1]])
    np.testing.assert_allclose(trace["carry"], trace["forget_gate"] * previous_carry
                               + trace["input_gate"] * trace["candidate"], atol=1e-12)
    np.testing.assert_allclose(trace["output"], trace["output_gate"] * np.tanh(trace["carry"]),
                               atol=1e-12)
    for gate in ("input_gate", "forget_gate", "output_gate"):
        assert trace[gate].shape == (6, 4)
        assert ((trace[gate] > 0) & (trace[gate] < 1)).all()
    with pytest.raises(ValueError, match="sequence"):
        lstm_trace(sequence[None], W, U, b)


def test_gates_follow_keras_order_i_f_c_o():
    units = 2
    b = np.repeat([1.0, 2.0, 3.0, 4.0], units)
    gates = lstm_gates(np.zeros((1, 1)), np.zeros((1, units)), np.zeros((1, 4 * units)),
                       np.zeros((units, 4 * units)), b)
    sigmoid = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    np.testing.assert_allclose(gates["input_gate"], sigmoid(1.0))
    np.testing.assert_allclose(gates["forget_gate"], sigmoid(2.0))
    np.testing.assert_allclose(gates["candidate"], np.tanh(3.0))
    np.testing.assert_allclose(gates["output_gate"], sigmoid(4.0))


def test_no_overflow_warning_for_saturated_gates():
    with np.errstate(all="raise"):
        outputs, _ = lstm(np.full((1, 2, 1), 1e4), np.ones((1, 4)), np.zeros((1, 4)), np.zeros(4))
    assert np.isfinite(outputs).all()


@pytest.mark.parametrize(("function", "gates", "bias_shape"), [
    (lstm, 4, (16,)), (gru, 3, (2, 12)),
])
@pytest.mark.parametrize(("name", "shapes", "words"), [
    ("inputs", {"inputs": (5, 3)}, ["inputs", "(batch, time, features)", "(5, 3)"]),
    ("kernel", {"kernel": (3, 4)}, ["kernel", "(3, 4)"]),
    ("recurrent_kernel", {"recurrent_kernel": (4, 4)}, ["recurrent_kernel", "units", "(4, 4)"]),
    ("bias", {"bias": (4,)}, ["bias", "(4,)"]),
])
def test_wrong_shapes_name_expected_and_received(function, gates, bias_shape, name, shapes,
                                                 words):
    units, features = 4, 3
    arrays = {"inputs": (2, 5, features), "kernel": (features, gates * units),
              "recurrent_kernel": (units, gates * units), "bias": bias_shape} | shapes
    expected = {"kernel": str((features, gates * units)), "bias": str(bias_shape)}
    with pytest.raises(ValueError) as error:
        function(*(np.zeros(arrays[k]) for k in ("inputs", "kernel", "recurrent_kernel", "bias")))
    for word in [*words, expected.get(name, "")]:
        assert word in str(error.value)


def test_wrong_initial_states_are_clear():
    units = 4
    args = (np.zeros((2, 5, 3)), np.zeros((3, 4 * units)), np.zeros((units, 4 * units)),
            np.zeros(4 * units))
    with pytest.raises(ValueError, match=r"pair \(h, c\)"):
        lstm(*args, initial_state=np.zeros((2, units)))
    with pytest.raises(ValueError, match=r"initial_state c.*\(2, 4\).*\(4,\)"):
        lstm(*args, initial_state=(np.zeros((2, units)), np.zeros(units)))
    with pytest.raises(ValueError, match=r"initial_state.*\(2, 4\).*\(2, 3\)"):
        gru(np.zeros((2, 5, 3)), np.zeros((3, 12)), np.zeros((4, 12)), np.zeros((2, 12)),
            initial_state=np.zeros((2, 3)))
