"""lecture_utils.maths.rnn against Keras, on random weights."""

import keras
import numpy as np
import pytest

from lecture_utils.maths.rnn import get_activation, simple_rnn, simple_rnn_trace

SHAPES = [  # batch, time, features, units
    (1, 1, 1, 1),
    (1, 7, 3, 4),
    (4, 1, 5, 2),
    (3, 12, 2, 8),
    (2, 300, 4, 16),  # long sequence
]


def random_weights(rng, features, units, scale=0.5, recurrent_gain=0.9):
    """Random weights; ``recurrent_gain`` is about the spectral radius of U (Keras's
    orthogonal initialiser gives 1). Far above 1 the dynamics turn chaotic and any
    float32 round-off grows without bound, so no two implementations agree."""
    return (rng.normal(0, scale, (features, units)).astype("float32"),
            rng.normal(0, recurrent_gain / np.sqrt(units), (units, units)).astype("float32"),
            rng.normal(0, scale, (units,)).astype("float32"))


def keras_simple_rnn(inputs, weights, activation, initial_state=None):
    layer = keras.layers.SimpleRNN(weights[1].shape[0], activation=activation,
                                   return_sequences=True)
    layer.build(inputs.shape)
    layer.set_weights(list(weights))
    kwargs = {} if initial_state is None else {"initial_state": [initial_state]}
    return np.asarray(layer(inputs, **kwargs))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize(("batch", "time", "features", "units"), SHAPES)
@pytest.mark.parametrize("with_initial_state", [False, True])
def test_simple_rnn_matches_keras(batch, time, features, units, activation, with_initial_state):
    rng = np.random.default_rng(batch * 1000 + time * 10 + units)
    inputs = rng.normal(size=(batch, time, features)).astype("float32")
    # Keep ReLU from exploding over 300 steps so the comparison stays meaningful.
    weights = random_weights(rng, features, units,
                             recurrent_gain=0.9 if activation == "tanh" else 0.5)
    initial = rng.normal(size=(batch, units)).astype("float32") if with_initial_state else None
    expected = keras_simple_rnn(inputs, weights, activation, initial)
    got = simple_rnn(inputs, *weights, activation=activation, initial_state=initial)
    assert got.shape == (batch, time, units)
    assert np.abs(got - expected).max() <= 1e-5


def test_initial_state_changes_the_outputs():
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(2, 3, 2))
    weights = random_weights(rng, 2, 3)
    assert not np.allclose(simple_rnn(inputs, *weights),
                           simple_rnn(inputs, *weights, initial_state=np.ones((2, 3))))


def test_callable_activation_is_used():
    rng = np.random.default_rng(1)
    inputs = rng.normal(size=(2, 4, 3))
    weights = random_weights(rng, 3, 5)
    np.testing.assert_allclose(simple_rnn(inputs, *weights, activation=np.tanh),
                               simple_rnn(inputs, *weights, activation="tanh"))
    linear = simple_rnn(inputs, *weights, activation=lambda x: x)
    assert np.abs(linear).max() > 1  # not squashed


def test_output_is_the_loop_written_out():
    rng = np.random.default_rng(2)
    W, U, b = random_weights(rng, 2, 3)
    sequence = rng.normal(size=(5, 2))
    state = np.zeros(3)
    for t, x in enumerate(sequence):
        state = np.tanh(x @ W + state @ U + b)
        np.testing.assert_allclose(simple_rnn(sequence[None], W, U, b)[0, t], state, atol=1e-12)


@pytest.mark.parametrize(("inputs_shape", "kernel_shape", "rec_shape", "bias_shape", "words"), [
    ((5, 3), (3, 4), (4, 4), (4,), ["inputs", "(batch, time, features)", "(5, 3)"]),
    ((2, 5, 3), (2, 4), (4, 4), (4,), ["kernel", "(3, 4)", "(2, 4)"]),
    ((2, 5, 3), (3, 4), (4, 3), (4,), ["recurrent_kernel", "(units, units)", "(4, 3)"]),
    ((2, 5, 3), (3, 4), (4, 4), (3,), ["bias", "(4,)", "(3,)"]),
])
def test_wrong_shapes_name_expected_and_received(inputs_shape, kernel_shape, rec_shape,
                                                 bias_shape, words):
    with pytest.raises(ValueError) as error:
        simple_rnn(np.zeros(inputs_shape), np.zeros(kernel_shape), np.zeros(rec_shape),
                   np.zeros(bias_shape))
    for word in words:
        assert word in str(error.value)


def test_wrong_initial_state_shape():
    with pytest.raises(ValueError, match=r"initial_state.*\(2, 4\).*\(4,\)"):
        simple_rnn(np.zeros((2, 5, 3)), np.zeros((3, 4)), np.zeros((4, 4)), np.zeros(4),
                   initial_state=np.zeros(4))


def test_empty_sequence_and_unknown_activation_are_clear():
    with pytest.raises(ValueError, match="0 time steps"):
        simple_rnn(np.zeros((2, 0, 3)), np.zeros((3, 4)), np.zeros((4, 4)), np.zeros(4))
    with pytest.raises(ValueError, match="Unknown activation 'softplus'"):
        get_activation("softplus")


def test_trace_parts_add_up():
    rng = np.random.default_rng(3)
    W, U, b = random_weights(rng, 3, 4)
    sequence = rng.normal(size=(6, 3))
    trace = simple_rnn_trace(sequence, W, U, b)
    np.testing.assert_allclose(trace["output"], simple_rnn(sequence[None], W, U, b)[0])
    np.testing.assert_allclose(trace["pre_activation"],
                               trace["input_part"] + trace["state_part"] + b, atol=1e-12)
    np.testing.assert_allclose(trace["previous_state"][1:], trace["output"][:-1])
    assert not trace["previous_state"][0].any()
    with pytest.raises(ValueError, match="sequence"):
        simple_rnn_trace(sequence[None], W, U, b)


# --- a student's mistake is one LectureError line, never a NumPy error deep inside (issue 15)

from lecture_utils.errors import LectureError  # noqa: E402


def _weights(features=3, units=4, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(features, units)), rng.normal(size=(units, units)),
            rng.normal(size=units))


@pytest.mark.parametrize("inputs, expected", [
    ("a sentence", "not the text"),
    ([[[1.0, 2.0, 3.0]], [[1.0, 2.0]]], "rows of different lengths"),
    ([[["a", "b", "c"]]], "array of numbers"),
])
def test_inputs_that_are_not_numbers_are_one_clear_line(inputs, expected):
    with pytest.raises(LectureError, match=expected):
        simple_rnn(inputs, *_weights())


def test_a_keras_weight_list_given_as_the_kernel_says_to_unpack_it():
    kernel, recurrent_kernel, bias = _weights()
    with pytest.raises(LectureError, match=r"get_weights\(\).*one by one"):
        simple_rnn(np.zeros((1, 2, 3)), [kernel, recurrent_kernel, bias], recurrent_kernel, bias)


def test_an_lstm_initial_state_that_is_not_a_pair_is_one_clear_line():
    from lecture_utils.maths.rnn import lstm

    rng = np.random.default_rng(0)
    W, U, b = rng.normal(size=(3, 16)), rng.normal(size=(4, 16)), rng.normal(size=16)
    with pytest.raises(LectureError, match=r"pair \(h, c\).*not 0"):
        lstm(np.zeros((1, 2, 3)), W, U, b, initial_state=0)


def test_the_sigmoid_activation_does_not_overflow():
    from lecture_utils.maths.rnn import get_activation

    with np.errstate(over="raise"):
        values = get_activation("sigmoid")(np.array([-1000.0, 0.0, 1000.0]))
    assert np.allclose(values, [0.0, 0.5, 1.0])
