"""The one-line exercise checks."""

import numpy as np
import pytest

from lecture_utils.checks import EXERCISES, check, evaluate

RIGHT_ANSWERS = {
    "return_sequences_shape": (None, 8, 16),
    "last_state_shape": (None, 16),
    "simple_rnn_parameters": 96,
    "simple_rnn_step": lambda x, h, W, U, b: np.tanh(x @ W + h @ U + b),
    "lstm_parameters": 384,
    "lstm_step": lambda x, h, c, W, U, b: _reference_lstm_step(x, h, c, W, U, b),
    "forget_gate_zero": "b",
    "updates_per_epoch": 45,
    "dense_parameters_mnist": 101_770,
    "dense_weight_gradient": lambda x, d_z: x.T @ d_z,
    "minibatch_noise_factor": 10,
    "embedding_parameters": 160_000,
    "lstm_parameters_on_word_vectors": 12_416,
}
WRONG_ANSWERS = {
    "return_sequences_shape": (None, 16),
    "last_state_shape": (None, 8, 16),
    "simple_rnn_parameters": 88,  # forgot the bias
    "simple_rnn_step": lambda x, h, W, U, b: np.tanh(W @ x + U @ h + b),
    "lstm_parameters": 4 * 8 * (3 + 8),  # forgot the biases
    "lstm_step": lambda x, h, c, W, U, b: _reference_lstm_step(x, h, c, W, U, b, forget=False),
    "forget_gate_zero": "a",
    "updates_per_epoch": 44,  # forgot the last, smaller batch
    "dense_parameters_mnist": 101_632,  # forgot the biases
    "dense_weight_gradient": lambda x, d_z: d_z.T @ x,
    "minibatch_noise_factor": 100,  # the work, not the noise
    "embedding_parameters": 160_016,  # an embedding has no bias
    "lstm_parameters_on_word_vectors": 3_104,  # one gate only
}


def _reference_lstm_step(x, h, c, W, U, b, forget=True):
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    i, f, candidate, o = np.split(x @ W + h @ U + b, 4, axis=-1)
    carry = (sigmoid(f) * c if forget else c) + sigmoid(i) * np.tanh(candidate)
    return sigmoid(o) * np.tanh(carry), carry


def test_every_exercise_has_a_right_and_a_wrong_answer_here():
    assert set(RIGHT_ANSWERS) == set(EXERCISES) == set(WRONG_ANSWERS)


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_right_answer(exercise):
    verdict, message = evaluate(exercise, RIGHT_ANSWERS[exercise])
    assert verdict is True
    assert message.startswith("✅")


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_wrong_answer_gets_the_hint(exercise):
    verdict, message = evaluate(exercise, WRONG_ANSWERS[exercise])
    assert verdict is False
    assert EXERCISES[exercise].hint in message


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_placeholder_is_not_judged(exercise):
    verdict, message = evaluate(exercise, ...)
    assert verdict is None
    assert "Replace ..." in message


def test_shapes_may_leave_out_the_batch_axis():
    assert evaluate("return_sequences_shape", [8, 16])[0] is True


def test_bool_is_not_a_count():
    assert evaluate("simple_rnn_parameters", True)[0] is False


def test_unfinished_function_counts_as_unanswered():
    def step(input_t, state, W, U, b):
        return ...
    assert evaluate("simple_rnn_step", step)[0] is None


def test_function_that_raises_gets_a_short_message():
    def step(input_t, state, W, U, b):
        return input_t @ U
    verdict, message = evaluate("simple_rnn_step", step)
    assert verdict is False
    assert "raised ValueError" in message
    assert "\n" not in message


def test_check_prints_one_line(capsys):
    check("simple_rnn_parameters", 96)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("✅")


def test_unfinished_lstm_step_counts_as_unanswered():
    def step(input_t, state, carry, W, U, b):
        return ..., ...
    assert evaluate("lstm_step", step)[0] is None


def test_choice_accepts_small_variations():
    assert evaluate("forget_gate_zero", " (B) ")[0] is True
    assert evaluate("forget_gate_zero", 0)[0] is False


def test_unknown_exercise():
    with pytest.raises(ValueError, match="No exercise called 'nope'"):
        evaluate("nope", 1)


# --- claims -------------------------------------------------------------------------------

from lecture_utils.checks import claim, judge_claim  # noqa: E402


def test_a_claim_that_holds_prints_one_stable_line_without_numbers(capsys):
    assert claim("the LSTM beats the CNN by at least 5%", np.float64(0.61) < 0.95 * 0.66,
                 "LSTM 0.61, CNN 0.66") is None
    assert capsys.readouterr().out == "✓ the LSTM beats the CNN by at least 5%\n"


def test_a_claim_that_fails_prints_its_numbers_and_does_not_raise(capsys):
    assert claim("accuracy falls with distance", np.bool_(False), "1.00 → 0.98") is None
    assert capsys.readouterr().out == "✗ accuracy falls with distance (1.00 → 0.98)\n"


@pytest.mark.parametrize("unjudgeable", [np.array([True, False]), float("nan")])
def test_a_measurement_that_cannot_be_judged_never_passes(unjudgeable):
    verdict, line = judge_claim("gates stay near 1", unjudgeable)
    assert verdict is False and line.startswith("✗ gates stay near 1 (")


def test_a_claim_needs_words():
    with pytest.raises(ValueError, match="statement"):
        judge_claim("  ", True)


# --- answers by value, bounded work, one error type (issue 15) ------------------------------

import itertools  # noqa: E402

from lecture_utils import checks  # noqa: E402
from lecture_utils.errors import LectureError  # noqa: E402


@pytest.mark.parametrize("exercise, answer", [
    ("updates_per_epoch", np.ceil(1437 / 32)),
    ("dense_parameters_mnist", 101770.0),
    ("embedding_parameters", 1.6e5),
    ("simple_rnn_parameters", 96.0),
    ("simple_rnn_parameters", np.int32(96)),
])
def test_a_right_number_is_right_whatever_its_type(exercise, answer):
    assert evaluate(exercise, answer)[0] is True


@pytest.mark.parametrize("exercise, answer", [
    ("simple_rnn_parameters", 96.5), ("simple_rnn_parameters", True),
    ("simple_rnn_parameters", "96"), ("updates_per_epoch", 1437 / 32),
])
def test_a_wrong_number_or_a_non_number_is_wrong(exercise, answer):
    assert evaluate(exercise, answer)[0] is False


def test_a_wrong_numpy_number_is_shown_as_a_plain_number():
    verdict, message = evaluate("updates_per_epoch", np.float64(44.0))
    assert verdict is False and "(44.0)" in message and "np.float64" not in message


def test_an_endless_iterator_as_a_shape_is_wrong_at_once():
    verdict, _ = evaluate("return_sequences_shape", itertools.count())
    assert verdict is False


def test_a_student_function_with_an_endless_loop_is_stopped(monkeypatch):
    monkeypatch.setattr(checks, "TIME_LIMIT_S", 0.5)

    def step(input_t, state, W, U, b):
        while True:
            pass

    verdict, message = evaluate("simple_rnn_step", step)
    assert verdict is False and "still running" in message


def test_an_unknown_exercise_is_a_lecture_error():
    with pytest.raises(LectureError, match="known exercises"):
        evaluate("simple_rnn_param", 96)
