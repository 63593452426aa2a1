"""Shared test configuration."""

import os

from lecture_utils.session import TENSORFLOW_QUIET

# Keep TensorFlow quiet in the test process too (the notebooks' kernels get the
# same from lecture_utils.setup()).
for name, value in TENSORFLOW_QUIET.items():
    os.environ.setdefault(name, value)
