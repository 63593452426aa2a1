"""Errors a student can fix, and how a notebook shows them: one short message.

Anything in ``lecture_utils`` that is caused by the student's input or setup (a
missing data file, a malformed CSV, a column that is not there) raises a
``LectureError``. ``setup()`` asks IPython to show these as their message alone,
without a traceback through library code; other exceptions keep their tracebacks.
Our own bugs and the machine's failures (a full disk) stay ordinary exceptions.

The validators below (``require_int``, ``require_number``, ``require_choice``,
``as_numbers``) are the one place where an argument is checked and the mistake put
into words.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


class LectureError(ValueError):
    """A problem with the student's input or setup; its message says what to do."""


def _show_short(shell, etype, value, tb, tb_offset=None):
    # The returned lines replace the traceback in the cell's error output.
    lines = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, lines)
    return lines


def show_lecture_errors_briefly() -> bool:
    """In IPython, print ``LectureError`` as one message instead of a traceback.

    Returns True when installed (inside IPython), False otherwise.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((LectureError,), _show_short)
    return True


# ---- One set of validators: a public function checks its arguments with these, so the
# same mistake gets the same ``LectureError`` and the same words everywhere. -------------

def _number_text(value) -> str:
    if isinstance(value, numbers.Integral) or (float(value).is_integer() and abs(value) < 1e15):
        return f"{int(value):,}"
    return f"{value:g}"


def _range_text(low, high, low_open: bool = False, high_open: bool = False) -> str:
    if low is not None and high is not None:
        return (f"{'above' if low_open else 'from'} {_number_text(low)} "
                f"{'up to (not including)' if high_open else 'to'} {_number_text(high)}")
    if low is not None:
        return f"{'above' if low_open else 'of at least'} {_number_text(low)}"
    if high is not None:
        return f"{'below' if high_open else 'of at most'} {_number_text(high)}"
    return ""


def _shown(value) -> str:
    shown = repr(value.item() if isinstance(value, np.generic) else value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _refuse(name: str, what: str, value, why: str) -> LectureError:
    shown = _shown(value)
    return LectureError(f"{name} must be {what}, got {shown}" + (f": {why}." if why else "."))


def require_int(value, name: str, low: int | None = None, high: int | None = None,
                why: str = "") -> int:
    """``value`` as an ``int``, or a ``LectureError`` saying what ``name`` must be.

    Accepts an int, a NumPy integer, or a float that is a whole number (3.0); refuses
    True/False, text, None, 2.5, and anything outside ``low`` .. ``high`` (inclusive;
    None: no bound). ``why``, a reason or what to do, is added when the number is out of
    range.
    """
    what = f"a whole number {_range_text(low, high)}".rstrip()
    is_whole = isinstance(value, numbers.Integral) or (
        isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer())
    if isinstance(value, (bool, np.bool_)) or not is_whole:
        raise _refuse(name, what, value, "")
    whole = int(value)
    if (low is not None and whole < low) or (high is not None and whole > high):
        raise _refuse(name, what, value, why)
    return whole


def require_number(value, name: str, low: float | None = None, high: float | None = None,
                   *, low_open: bool = False, high_open: bool = False,
                   finite: bool = True, why: str = "") -> float:
    """``value`` as a ``float``, or a ``LectureError`` saying what ``name`` must be.

    Accepts an int, a float or a NumPy number; refuses True/False, text, None, complex
    numbers, NaN and infinity (unless ``finite=False``), and anything outside ``low`` ..
    ``high`` (None: no bound; ``low_open``/``high_open`` leave that bound out). ``why``,
    a reason or what to do, is added when the number is out of range.
    """
    what = f"a{' finite' if finite else ''} number {_range_text(low, high, low_open, high_open)}"
    what = what.rstrip()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise _refuse(name, what, value, "")
    number = float(value)
    if math.isnan(number) or (finite and math.isinf(number)):
        raise _refuse(name, what, value, "")
    if (low is not None and (number < low or (low_open and number == low))) \
            or (high is not None and (number > high or (high_open and number == high))):
        raise _refuse(name, what, value, why)
    return number


def require_choice(value, name: str, choices):
    """``value`` if it is one of ``choices``, else a ``LectureError`` naming them all."""
    choices = tuple(choices)
    try:
        known = any(isinstance(value, type(choice)) and value == choice for choice in choices)
    except (TypeError, ValueError):  # an array compared with a name
        known = False
    if not known:
        raise LectureError(f"unknown {name} {_shown(value)}; choose one of "
                           f"{', '.join(str(choice) for choice in choices)}.")
    return value


def as_numbers(value, name: str, finite: bool = False) -> np.ndarray:
    """``value`` as a float64 array, or a ``LectureError`` saying what ``name`` should be.

    Catches what NumPy would fail on deep inside a computation (text, rows of different
    lengths) or turn silently into something else: None (NaN), complex numbers (their
    real part), dates. With ``finite=True``, NaN and infinity are refused too.
    """
    if value is None:
        raise LectureError(f"{name} should be numbers (an array, a list or a number), not None.")
    if isinstance(value, (str, bytes)):
        raise LectureError(f"{name} should be an array of numbers, not the text {value!r:.40}.")
    try:
        raw = np.asarray(value)
        kind = raw.dtype.kind
        first = raw.ravel()[0].item() if raw.size and kind in "cUS" else None
        if kind == "c":
            raise LectureError(f"{name} should be real numbers, not complex ones like "
                               f"{first!r}: their imaginary part would be dropped.")
        if kind in "US":
            raise LectureError(f"{name} should be an array of numbers, not of text like "
                               f"{first!r:.40}.")
        if kind in "Mm":
            raise LectureError(f"{name} should be numbers, not dates or times.")
        if kind == "O" and any(item is None for item in raw.ravel()):
            raise LectureError(f"{name} should be numbers, but holds None.")
        array = np.asarray(raw, dtype=np.float64)
    except LectureError:
        raise
    except (TypeError, ValueError) as error:
        raise LectureError(f"{name} should be an array of numbers with one shape (no text, "
                           f"no rows of different lengths); NumPy says: "
                           f"{str(error).rstrip('.')}.") from None
    if finite and not np.isfinite(array).all():
        raise LectureError(f"{name} should be finite numbers, but holds NaN or infinity.")
    return array
