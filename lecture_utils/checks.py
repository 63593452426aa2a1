"""One-line checks for the "Try it" exercises.

In a notebook::

    answer = ...            # the student replaces ... with an answer
    check("simple_rnn_parameters", answer)

prints one line: whether the answer is right and, if not, a hint. ``evaluate``
is the pure function behind it (used by the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import rnn


class NotAnswered(Exception):
    """The answer still contains the placeholder ``...``."""


@dataclass(frozen=True)
class Exercise:
    question: str
    judge: Callable[[object], bool]
    hint: str
    explanation: str


def _is_shape(answer, expected: tuple) -> bool:
    try:
        answer = tuple(answer)
    except TypeError:
        return False
    # A batch axis may be written as None (Keras) or left out.
    return answer == expected or answer == expected[1:]


def _is_int(answer, expected: int) -> bool:
    return isinstance(answer, (int, np.integer)) and not isinstance(answer, bool) \
        and int(answer) == expected


def _step_matches_reference(step) -> bool:
    """Does ``step(input_t, state, W, U, b)`` compute one SimpleRNN step (tanh)?"""
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
        judge=lambda f: callable(f) and _step_matches_reference(f),
        hint="Keras's layout multiplies from the left: np.tanh(input_t @ W + state @ U + b).",
        explanation="your step matches the reference SimpleRNN on random inputs",
    ),
}


def evaluate(exercise: str, answer) -> tuple[bool | None, str]:
    """Judge ``answer`` to ``exercise``.

    Returns ``(verdict, message)``: verdict is True (right), False (wrong) or None
    (not answered yet: ``answer`` is ``...``).
    """
    if exercise not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise ValueError(f"No exercise called {exercise!r}; known exercises: {known}.")
    task = EXERCISES[exercise]
    unanswered = f"✏️  Replace ... with your answer and run the cell again. Hint: {task.hint}"
    if answer is Ellipsis:
        return None, unanswered
    try:
        right = bool(task.judge(answer))
    except NotAnswered:
        return None, unanswered
    except Exception as error:  # a student's function may raise anything
        return False, f"❌ Your answer raised {type(error).__name__}: {error}. Hint: {task.hint}"
    if right:
        return True, f"✅ Right: {task.explanation}."
    shown = getattr(answer, "__name__", None) if callable(answer) else None
    shown = f"{shown}()" if shown else f"{answer!r:.60}"
    return False, f"❌ Not yet ({shown}). Hint: {task.hint}"


def check(exercise: str, answer) -> None:
    """Print one line saying whether ``answer`` to ``exercise`` is right, with a hint."""
    print(evaluate(exercise, answer)[1])
