"""The one error policy: shared validators, and a LectureError shown as one line (issue 15)."""

import contextlib
import io

import numpy as np
import pytest

from lecture_utils.errors import (
    LectureError,
    as_numbers,
    require_choice,
    require_int,
    require_number,
)


@pytest.mark.parametrize("value, expected", [(3, 3), (np.int64(3), 3), (3.0, 3), (0, 0)])
def test_require_int_takes_whole_numbers(value, expected):
    result = require_int(value, "step", 0, 5)
    assert result == expected and type(result) is int


@pytest.mark.parametrize("value", [2.7, -1, 6, True, np.bool_(True), "3", None, float("nan"),
                                   float("inf"), 1 + 0j, [3]])
def test_require_int_refuses_with_the_range_in_one_line(value):
    with pytest.raises(LectureError, match=r"^step must be a whole number from 0 to 5, got ") as e:
        require_int(value, "step", 0, 5)
    assert "\n" not in str(e.value)


def test_the_reason_is_given_only_when_the_number_is_out_of_range():
    with pytest.raises(LectureError, match=r"got 10: too many\.$"):
        require_int(10, "steps", 0, 5, why="too many")
    with pytest.raises(LectureError, match=r"got 2\.5\.$"):
        require_int(2.5, "steps", 0, 5, why="too many")


@pytest.mark.parametrize("value, low, high, options, message", [
    (-0.1, 0, None, {}, "of at least 0"),
    (float("nan"), 0, None, {}, "of at least 0"),
    (float("inf"), 0, None, {}, "a finite number"),
    (1.0, 0, 1, {"high_open": True}, r"from 0 up to \(not including\) 1, got 1\.0"),
    (0, 0, None, {"low_open": True}, "above 0"),
    ("0.1", 0, None, {}, "got '0.1'"),
    (0.1j, 0, None, {}, "got 0.1j"),
    (True, 0, None, {}, "got True"),
    (np.array([0.1, 0.2]), 0, None, {}, "got array"),
])
def test_require_number_refuses(value, low, high, options, message):
    with pytest.raises(LectureError, match=message):
        require_number(value, "rate", low, high, **options)


def test_require_number_takes_numpy_numbers_and_infinity_when_asked():
    assert require_number(np.float32(0.5), "rate", 0, 1) == 0.5
    assert require_number(float("inf"), "rate", 0, finite=False) == float("inf")


def test_require_choice_names_every_choice():
    assert require_choice("adam", "optimizer", ("sgd", "adam")) == "adam"
    for value in ("Adam", None, ["adam"], np.array(["adam", "sgd"])):
        with pytest.raises(LectureError, match=r"unknown optimizer .*; choose one of sgd, adam\."):
            require_choice(value, "optimizer", ("sgd", "adam"))


@pytest.mark.parametrize("value, message", [
    (None, "not None"),
    ("1.5", "not the text"),
    (np.array(["1.5", "2"]), "not of text"),
    ([1 + 2j], "not complex"),
    (np.array([1 + 0j]), "not complex"),        # not silently cut to its real part
    ([1.0, None], "holds None"),                # not silently NaN
    ([[1, 2], [3]], "rows of different lengths"),
    (np.array(["2024-01-01"], dtype="M8[D]"), "not dates"),
])
def test_as_numbers_refuses_what_numpy_would_fail_on_or_change(value, message):
    with pytest.raises(LectureError, match=message):
        as_numbers(value, "x")


def test_as_numbers_checks_finiteness_only_when_asked():
    assert np.isnan(as_numbers([1.0, np.nan], "x")[1])
    with pytest.raises(LectureError, match="finite"):
        as_numbers([1.0, np.nan], "x", finite=True)
    np.testing.assert_array_equal(as_numbers([[1, 2], [3, 4]], "x"), [[1.0, 2.0], [3.0, 4.0]])


@pytest.fixture
def ipython():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


def _run(shell, code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        shell.run_cell(code)
    return out.getvalue()


@pytest.mark.parametrize("mistake, words", [
    ("optimizers.run('sgd', lambda w: w, None, 3)", "start should be numbers"),
    ("optimizers.run('adam', lambda w: w, [1.0], 3, beta_1=1)", "beta_1 must be"),
    ("landscapes.descent_1d_view('moon')", "unknown landscape"),
    ("descent.skier(max_steps=10_000)", "max_steps must be"),
])
def test_a_mistake_prints_one_line_in_ipython_after_setup(ipython, mistake, words):
    _run(ipython, "import lecture_utils as lu\n"
                  "from lecture_utils.maths import landscapes, optimizers\n"
                  "from lecture_utils.widgets import descent\nlu.setup()")
    printed = _run(ipython, mistake)
    assert printed.strip().splitlines() == [printed.strip()]
    assert printed.startswith("LectureError: ") and words in printed
    # our own bugs keep their traceback
    assert len(_run(ipython, "1 / 0").strip().splitlines()) > 1
