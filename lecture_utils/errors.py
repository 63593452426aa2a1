"""Errors a student can fix, and how a notebook shows them: one short message.

Anything in ``lecture_utils`` that is caused by the student's input or setup (a
missing data file, a malformed CSV, a column that is not there) raises a
``LectureError``. ``setup()`` asks IPython to show these as their message alone,
without a traceback through library code; other exceptions keep their tracebacks.
"""

from __future__ import annotations


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
