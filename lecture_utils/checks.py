"""One-line checks for the "Try it" exercises.

In a notebook::

    answer = ...            # the student replaces ... with an answer
    check("simple_rnn_parameters", answer)

prints one line: whether the answer is right and, if not, a hint. ``evaluate``
is the pure function behind it (used by the tests).
"""

from __future__ import annotations

import numbers
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .errors import LectureError
from .maths import rnn

TIME_LIMIT_S = 5.0  # a student's function that runs longer is stopped (an endless loop?)


class NotAnswered(Exception):
    """The answer still contains the placeholder ``...``."""


class TimeLimit(Exception):
    """A student's function ran past ``TIME_LIMIT_S``."""


def _within_time_limit(judge: Callable[[object], bool], answer, seconds: float) -> bool:
    """``judge(answer)``, stopped with ``TimeLimit`` once ``seconds`` have passed.

    A trace function checks the clock at every line that Python runs (an endless ``while``
    loop in a student's function included); it works the same on every platform, where a
    signal-based alarm would not (Windows has none).
    """
    deadline = time.monotonic() + seconds

    def tracer(frame, event, arg):
        if time.monotonic() > deadline:
            raise TimeLimit
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        return judge(answer)
    finally:
        sys.settrace(previous)


@dataclass(frozen=True)
class Exercise:
    question: str
    judge: Callable[[object], bool]
    hint: str
    explanation: str


def _is_shape(answer, expected: tuple) -> bool:
    # Only a sized sequence of a few entries is read: an endless iterator never is.
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) > 8:
        return False
    answer = tuple(answer)
    # A batch axis may be written as None (Keras) or left out.
    return answer == expected or answer == expected[1:]


def _is_number(answer) -> bool:
    """A real number (Python's or NumPy's, integer or float), not a bool."""
    return isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_))


def _is_int(answer, expected: int) -> bool:
    """Compared by value: 96, 96.0, np.int64(96) and 9.6e1 are all the answer 96."""
    return _is_number(answer) and float(answer) == expected


def _step_matches_reference(step) -> bool:
    """Is ``step`` a function, ``step(input_t, state, W, U, b)``, that computes one
    SimpleRNN step (tanh)?"""
    if not callable(step):
        return False
    rng = np.random.default_rng(7)
    for batch, features, units in ((1, 3, 4), (5, 2, 6)):
        x = rng.normal(size=(batch, features))
        h = rng.normal(size=(batch, units))
        W = rng.normal(size=(features, units))
        U = rng.normal(size=(units, units))
        b = rng.normal(size=units)
        expected = rnn.simple_rnn(x[:, None], W, U, b, initial_state=h)[:, 0]
        got = step(x, h, W, U, b)
        if got is Ellipsis:
            raise NotAnswered
        got = np.asarray(got, dtype=float)
        if got.shape != expected.shape or not np.allclose(got, expected, atol=1e-6):
            return False
    return True


def _lstm_step_matches_reference(step) -> bool:
    """Does ``step(input_t, state, carry, W, U, b)`` return one LSTM step's (output, carry)?"""
    rng = np.random.default_rng(8)
    for batch, features, units in ((1, 3, 2), (4, 2, 5)):
        x = rng.normal(size=(batch, features))
        h, c = rng.normal(size=(2, batch, units))
        W = rng.normal(size=(features, 4 * units))
        U = rng.normal(size=(units, 4 * units))
        b = rng.normal(size=4 * units)
        outputs, carries = rnn.lstm(x[:, None], W, U, b, initial_state=(h, c))
        got = step(x, h, c, W, U, b)
        if got is Ellipsis or (isinstance(got, tuple) and any(p is Ellipsis for p in got)):
            raise NotAnswered
        output, carry = (np.asarray(a, dtype=float) for a in got)
        for value, expected in ((output, outputs[:, 0]), (carry, carries[:, 0])):
            if value.shape != expected.shape or not np.allclose(value, expected, atol=1e-6):
                return False
    return True


def _is_choice(answer, expected: str) -> bool:
    return isinstance(answer, str) and answer.strip().lower().strip("()") == expected


def _weight_gradient_matches(weight_gradient) -> bool:
    """Does ``weight_gradient(x, d_z)`` give dL/dW for z = x @ W + b (x.T @ d_z)?"""
    rng = np.random.default_rng(9)
    for batch, inputs, units in ((1, 3, 2), (5, 4, 3)):
        x, d_z = rng.normal(size=(batch, inputs)), rng.normal(size=(batch, units))
        got = weight_gradient(x, d_z)
        if got is Ellipsis:
            raise NotAnswered
        got = np.asarray(got, dtype=float)
        if got.shape != (inputs, units) or not np.allclose(got, x.T @ d_z, atol=1e-9):
            return False
    return True


def _is_number_near(answer, expected: float, tolerance: float) -> bool:
    return _is_number(answer) and abs(float(answer) - expected) <= tolerance


EXERCISES: dict[str, Exercise] = {
    "return_sequences_shape": Exercise(
        question="Shape of LSTM(16, return_sequences=True) on inputs (batch, 8, 64)?",
        judge=lambda a: _is_shape(a, (None, 8, 16)),
        hint="return_sequences=True keeps the time axis; the last axis is the number of units.",
        explanation="one 16-number state for each of the 8 frames",
    ),
    "last_state_shape": Exercise(
        question="Shape of LSTM(16) (return_sequences=False) on inputs (batch, 8, 64)?",
        judge=lambda a: _is_shape(a, (None, 16)),
        hint="Without return_sequences only the state after the last step comes out.",
        explanation="only the final 16-number state, the time axis is gone",
    ),
    "simple_rnn_parameters": Exercise(
        question="Parameters of SimpleRNN(8) reading 3 features per step?",
        judge=lambda a: _is_int(a, 3 * 8 + 8 * 8 + 8),
        hint="Count W (features x units), U (units x units) and b (units) separately.",
        explanation="W: 3*8 = 24, U: 8*8 = 64, b: 8, in total 96",
    ),
    "simple_rnn_step": Exercise(
        question="Write step(input_t, state, W, U, b) returning the next state (tanh).",
        judge=_step_matches_reference,
        hint="The step's equation, in Keras's layout: vectors are rows and multiply the "
             "weights from the left (the slide's W·input is input_t @ W).",
        explanation="your step matches the reference SimpleRNN on random inputs",
    ),
    "lstm_parameters": Exercise(
        question="Parameters of LSTM(8) reading 3 features per step?",
        judge=lambda a: _is_int(a, 4 * 8 * (3 + 8 + 1)),
        hint="Four blocks (i, f, candidate, o), each with its own W, U and b, the sizes "
             "a SimpleRNN of the same units would have.",
        explanation="4 · 8 · (3 + 8 + 1) = 384, four times a SimpleRNN(8)",
    ),
    "lstm_step": Exercise(
        question="Write step(input_t, state, carry, W, U, b) returning (output, carry).",
        judge=lambda f: callable(f) and _lstm_step_matches_reference(f),
        hint="One product with W and one with U give all four blocks side by side, in the "
             "order i, f, c, o (np.split); then follow the table of equations in section 3.",
        explanation="your step matches the reference LSTM on random inputs",
    ),
    "forget_gate_zero": Exercise(
        question="Forget gate 0 and input gate 1 at some step: the new carry is "
                 "(a) the old carry, (b) the candidate alone, (c) zero?",
        judge=lambda a: _is_choice(a, "b"),
        hint="Put the two gate values into the carry's equation (section 3).",
        explanation="0 · carry + 1 · candidate: everything older is wiped out",
    ),
    "updates_per_epoch": Exercise(
        question="Updates in one epoch of mini-batch gradient descent on 1,437 examples, "
                 "batch size 32?",
        judge=lambda a: _is_int(a, 45),
        hint="One update per batch, and the last batch may be smaller than 32: round up "
             "(math.ceil).",
        explanation="1,437 / 32 = 44.9: 44 full batches and a last one of 29, 45 updates",
    ),
    "dense_parameters_mnist": Exercise(
        question="Parameters of a dense network 784 → 128 → 10 (weights and biases)?",
        judge=lambda a: _is_int(a, 784 * 128 + 128 + 128 * 10 + 10),
        hint="Each dense layer has inputs × units weights plus one bias per unit.",
        explanation="784·128 + 128 = 100,480 and 128·10 + 10 = 1,290: 101,770",
    ),
    "dense_weight_gradient": Exercise(
        question="Write weight_gradient(x, d_z) returning dL/dW for z = x @ W + b.",
        judge=lambda f: callable(f) and _weight_gradient_matches(f),
        hint="W[i, j] links input i to unit j, and every example in the batch adds x[:, i] · "
             "d_z[:, j] to it. Which matrix product sums that over the batch and has the "
             "shape (inputs, units)?",
        explanation="x.T @ d_z, as d_W1 and d_W2 in loss_and_gradient",
    ),
    "minibatch_noise_factor": Exercise(
        question="By what factor does mini-batch gradient noise shrink from batch size 1 "
                 "to 100?",
        judge=lambda a: _is_number_near(a, 10, 0.3),
        hint="The spread of an average of B examples is σ/√B.",
        explanation="σ/√100 = σ/10: a hundred times the work for a tenth of the noise",
    ),
    "embedding_parameters": Exercise(
        question="Parameters of Embedding(10000, 16)?",
        judge=lambda a: _is_int(a, 10000 * 16),
        hint="An embedding is a lookup table: one row of 16 numbers per word, no bias.",
        explanation="10,000 words × 16 numbers = 160,000",
    ),
    "lstm_parameters_on_word_vectors": Exercise(
        question="Parameters of LSTM(32) reading 64-number word vectors?",
        judge=lambda a: _is_int(a, 4 * (64 * 32 + 32 * 32 + 32)),
        hint="An LSTM has four blocks (three gates and the candidate), each with its own W, U "
             "and b. What shapes do they have for 64 inputs and 32 units?",
        explanation="4 · (64·32 + 32·32 + 32) = 12,416",
    ),
}


def evaluate(exercise: str, answer) -> tuple[bool | None, str]:
    """Judge ``answer`` to ``exercise``.

    Returns ``(verdict, message)``: verdict is True (right), False (wrong) or None
    (not answered yet: ``answer`` is ``...``).
    """
    if exercise not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise LectureError(f"No exercise called {exercise!r}; known exercises: {known}.")
    task = EXERCISES[exercise]
    unanswered = f"✏️  Replace ... with your answer and run the cell again. Hint: {task.hint}"
    if answer is Ellipsis:
        return None, unanswered
    try:
        right = bool(_within_time_limit(task.judge, answer, TIME_LIMIT_S))
    except NotAnswered:
        return None, unanswered
    except TimeLimit:
        return False, (f"❌ Your answer was still running after {TIME_LIMIT_S:.0f} s (an endless "
                       f"loop?). Hint: {task.hint}")
    except Exception as error:  # a student's function may raise anything
        return False, f"❌ Your answer raised {type(error).__name__}: {error}. Hint: {task.hint}"
    if right:
        return True, f"✅ Right: {task.explanation}."
    shown = getattr(answer, "__name__", None) if callable(answer) else None
    if isinstance(answer, np.generic):
        answer = answer.item()  # 45.0, not np.float64(45.0)
    shown = f"{shown}()" if shown else f"{answer!r:.60}"
    return False, f"❌ Not yet ({shown}). Hint: {task.hint}"


def check(exercise: str, answer) -> None:
    """Print one line saying whether ``answer`` to ``exercise`` is right, with a hint."""
    print(evaluate(exercise, answer)[1])


# --- Claims: a measured statement of the lecture, checked where it is made ---------------

def judge_claim(statement: str, holds, numbers: str = "") -> tuple[bool, str]:
    """The verdict and the line that ``claim`` prints (a pure function, for the tests).

    ``holds`` is anything ``bool()`` accepts (a NumPy bool included). A value that cannot
    be judged (an array of several values, NaN, an exception's result) counts as "does
    not hold", so a broken measurement never passes silently.
    """
    if not isinstance(statement, str) or not statement.strip():
        raise LectureError("a claim needs a statement in words, e.g. 'the LSTM beats the CNN'.")
    try:
        judged = not (isinstance(holds, (float, np.floating)) and np.isnan(holds))
        verdict = judged and bool(holds)
    except Exception:  # an array of several values, a broken measurement
        verdict, judged = False, False
    if verdict:
        return True, f"✓ {statement}"
    detail = numbers if judged else f"cannot judge {type(holds).__name__} {holds!r:.40}"
    return False, f"✗ {statement}" + (f" ({detail})" if detail else "")


def claim(statement: str, holds, numbers: str = "") -> None:
    """Print one stable line for a measured claim.

    ``✓ <statement>`` when ``holds`` is true; ``✗ <statement> (<numbers>)`` when it is
    not, with ``numbers`` (the measurements behind it) shown only then. The ✓ line is
    the same on every machine and seed, so the tests compare it exactly, while the
    measured digits, which vary, stay in their own cells. It never raises on a failed
    claim: a student's run goes on, and the ✗ line says what did not hold. It returns
    nothing, so a notebook cell that ends with a claim shows only its line (the verdict
    itself is ``judge_claim``'s, for code that needs it).

    Example::

        claim("the LSTM's accuracy at T = 100 is above 0.8",
              accuracy["LSTM"][100] > 0.8, f"{accuracy['LSTM'][100]:.2f}")
    """
    print(judge_claim(statement, holds, numbers)[1])
