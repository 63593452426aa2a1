"""lecture_utils.setup(): seeds, quiet TensorFlow, plot style."""

import subprocess
import sys
import textwrap

import matplotlib as mpl
import numpy as np
import pytest

import lecture_utils
from lecture_utils.plots.palette import COLORS, GREY, OKABE_ITO


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_seeds_python_and_numpy():
    import random
    lecture_utils.setup(seed=3)
    first = (random.random(), np.random.rand())
    lecture_utils.setup(seed=3)
    assert (random.random(), np.random.rand()) == first


def test_sets_projector_style():
    mpl.rcdefaults()
    lecture_utils.setup()
    assert mpl.rcParams["font.size"] >= 14
    assert mpl.rcParams["lines.linewidth"] >= 2.5
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == OKABE_ITO
    assert set(COLORS.values()) <= set(OKABE_ITO) | {GREY}


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True, 2**40, None])
def test_rejects_bad_seeds_with_one_line_saying_what_to_write(seed):
    from lecture_utils.errors import LectureError

    with pytest.raises(LectureError, match="SEED must be a whole number from 0 to"):
        lecture_utils.setup(seed=seed)


def test_accepts_a_numpy_integer_seed():
    import numpy as np

    lecture_utils.setup(seed=np.int64(2**32 - 1))
    lecture_utils.setup(seed=0)


KERAS_DRAW = """
    import lecture_utils
    lecture_utils.setup(seed={seed})
    import sys
    assert "tensorflow" not in sys.modules, "setup() imported TensorFlow"
    import keras, os
    layer = keras.layers.Dense(3)
    layer.build((None, 2))
    print(os.environ["TF_CPP_MIN_LOG_LEVEL"], keras.random.uniform((2,)).numpy().tolist(),
          layer.get_weights()[0].ravel().tolist())
"""


def test_seeds_keras_when_imported_after_setup_and_stays_lazy():
    first = run_python(KERAS_DRAW.format(seed=0))
    assert first == run_python(KERAS_DRAW.format(seed=0))
    assert first != run_python(KERAS_DRAW.format(seed=1))
    assert first.startswith("3 ")


def test_seeds_keras_already_imported():
    code = """
        import keras
        import lecture_utils
        lecture_utils.setup(seed=0)
        print(keras.random.uniform((3,)).numpy().tolist())
    """
    assert run_python(code) == run_python(code)


def test_no_tensorflow_log_lines_on_stderr():
    done = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import lecture_utils
        lecture_utils.setup()
        import keras, numpy as np
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        model.compile("adam", "mse")
        x = np.zeros((4, 2))
        model.fit(x, x[:, 0], validation_data=(x, x[:, 0]), verbose=0)
        model.evaluate(x, x[:, 0], verbose=0)
    """)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "oneDNN" not in done.stderr
    assert "E0000" not in done.stderr
