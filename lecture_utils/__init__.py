"""Helpers for the lecture series "Recurrent neural networks for time series, and
roughly how a deep net learns".

The notebooks show the lectures' ideas in code; this package hides the plumbing,
organised by topic. Its folders are its architecture:

- ``maths``: the models and algorithms in NumPy (recurrent cells, optimizers, loss
  landscapes, mini-batches); no matplotlib, no widgets
- ``data``: dataset files, a student's CSV, time series, texts, digits, synthetic data;
  draws nothing
- ``plots``: every figure, in one style; ``plots.palette`` holds every colour and label
- ``widgets``: interactive views over ``maths``, ``data`` and ``plots``
- ``tools``: maintainer tooling (``python -m lecture_utils --help``); no lecture needs it

and, for every notebook:

- ``setup()`` (``session``): the one call at the top of every notebook
- ``check`` and ``claim`` (``checks``): one-line checks for the "Try it" exercises, and
  the lectures' measured claims (``✓``/``✗`` lines)
- ``LectureError`` (``errors``): mistakes a student can fix, shown as one short line
"""

from .checks import check, claim
from .plots.palette import COLORS
from .session import setup

__all__ = ["COLORS", "check", "claim", "setup"]
__version__ = "0.1.0"
