"""The one call at the top of every notebook: seeds, quiet TensorFlow, plot style."""

from __future__ import annotations

import importlib.abc
import importlib.util
import numbers
import os
import random
import sys

import numpy as np

from .errors import LectureError, show_lecture_errors_briefly

MAX_SEED = 2**32 - 1  # NumPy and Keras take seeds below 2**32

# Read by TensorFlow when it is first imported, so they must be set before that.
# Without them TensorFlow writes timestamped log lines into cell outputs, which
# differ on every run: the oneDNN notice on import (needs TF_ENABLE_ONEDNN_OPTS=0,
# the log level alone does not stop it) and, with Keras 3.15 on TensorFlow 2.21,
# an "E0000 ... use_unbounded_threadpool" line at every validation or evaluate
# call (level "3" hides it; TensorFlow's real errors still arrive as exceptions).
TENSORFLOW_QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def setup(seed: int = 0) -> None:
    """Prepare a notebook session for the lecture.

    - seeds Python's ``random``, NumPy and Keras (Keras and TensorFlow are seeded,
      and TensorFlow's ops made deterministic, as soon as they are imported, so a
      notebook that never uses Keras never pays for importing it);
    - keeps TensorFlow's log lines out of cell outputs;
    - sets the series' plot style: large fonts and thick lines for a projector,
      colour-blind-safe colours;
    - in Jupyter, shows mistakes a student can fix (``LectureError``: a missing data
      file, a malformed CSV) as one short message instead of a traceback.

    Safe to call again: re-running the cell re-seeds everything.
    """
    if not isinstance(seed, numbers.Integral) or isinstance(seed, (bool, np.bool_)) \
            or not 0 <= seed <= MAX_SEED:
        raise LectureError(f"SEED must be a whole number from 0 to {MAX_SEED:,} (NumPy's "
                           f"range), got {seed!r}: for example SEED = 3.")
    seed = int(seed)
    for name, value in TENSORFLOW_QUIET.items():
        os.environ.setdefault(name, value)
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        _seed_keras(seed)
    else:
        _seed_keras_when_imported(seed)
    from .plots.style import use_lecture_style  # matplotlib: only when a notebook starts

    use_lecture_style()
    show_lecture_errors_briefly()


def _seed_keras(seed: int) -> None:
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    # TensorFlow's Python-side warnings ("... triggered tf.function retracing") too.
    tf.get_logger().setLevel("ERROR")


class _SeedKerasOnImport(importlib.abc.MetaPathFinder):
    """Seeds Keras right after the first ``import keras``, then removes itself."""

    def __init__(self, seed: int):
        self.seed = seed

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "keras":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec("keras")
        if spec is None or spec.loader is None:
            return None
        loader, seed = spec.loader, self.seed

        class SeedingLoader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                _seed_keras(seed)

        spec.loader = SeedingLoader()
        return spec


def _seed_keras_when_imported(seed: int) -> None:
    for finder in list(sys.meta_path):
        if isinstance(finder, _SeedKerasOnImport):
            sys.meta_path.remove(finder)
    sys.meta_path.insert(0, _SeedKerasOnImport(seed))
