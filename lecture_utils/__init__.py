"""Helpers for the lecture series "Recurrent neural networks for time series, and
roughly how a deep net learns".

The notebooks show the lectures' ideas in code; this package hides the plumbing,
organised by topic:

- ``session``: ``setup()``, the one call at the top of every notebook
- ``errors``: ``LectureError``, mistakes a student can fix, shown as one short line
- ``rnn``: SimpleRNN, LSTM and GRU in NumPy, with Keras's weight layout
- ``synthetic``: seeded synthetic data for controlled experiments
- ``datasets``: dataset files by address and SHA-256; cache, local mirror, download
- ``timeseries``: loading, cleaning and windowing tables for forecasting
- ``text``: sentiment data, splits and the word-by-word prediction view
- ``optimizers``, ``landscapes``, ``descent_plots``: gradient descent and its variants
- ``learning``: digits, back-propagation and mini-batch helpers
- ``plotting``: the plot style, concept colours and diagrams
- ``widgets``: interactive views over pure functions
- ``checks``: one-line checks for the "Try it" exercises, and ``claim`` for the
  lectures' measured claims (``✓``/``✗`` lines)

``python -m lecture_utils --help`` lists the project's commands.
"""

from .checks import check, claim
from .plotting import COLORS
from .session import setup

__all__ = ["COLORS", "check", "claim", "setup"]
__version__ = "0.1.0"
