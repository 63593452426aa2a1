"""The SimpleRNN stepper: the pure view function, and the widget driven like a student would."""

import io

import numpy as np
import pytest
from PIL import Image

from lecture_utils.errors import LectureError
from lecture_utils.maths.rnn import simple_rnn_trace
from lecture_utils.widgets.recurrent import rnn_step_view, rnn_stepper


@pytest.fixture
def trace():
    rng = np.random.default_rng(0)
    return simple_rnn_trace(rng.normal(size=(6, 3)), rng.normal(size=(3, 4)),
                            rng.normal(size=(4, 4)) * 0.5, rng.normal(size=4))


def test_view_hides_steps_not_yet_read(trace):
    view = rnn_step_view(trace, 2)
    assert view["step"] == 2
    np.testing.assert_array_equal(view["input"][:3], trace["input"][:3])
    np.testing.assert_array_equal(view["output"][:3], trace["output"][:3])
    assert np.isnan(view["input"][3:]).all() and np.isnan(view["output"][3:]).all()
    # the trace itself is not modified
    assert not np.isnan(trace["output"]).any()


def test_view_title_spells_out_the_update(trace):
    view = rnn_step_view(trace, 4)
    assert view["title"].startswith("step 4:")
    assert f"{trace['output'][4, 0]:+.2f}" in view["title"]


def test_colour_scale_is_fixed_over_the_sequence(trace):
    limits = {rnn_step_view(trace, t)["value_limit"] for t in range(6)}
    assert len(limits) == 1
    assert limits.pop() >= np.abs(trace["output"]).max()


def test_an_overflowed_step_neither_collapses_nor_blows_up_the_colour_scale(trace):
    finite = rnn_step_view(trace, 5)["value_limit"]
    for bad in (np.nan, np.inf):
        spoilt = {**trace, "output": trace["output"].copy()}
        spoilt["output"][3, 1] = bad
        assert rnn_step_view(spoilt, 5)["value_limit"] == finite


@pytest.mark.parametrize("step", [-1, 6, 100, 2.5, "3", None, True])
def test_absurd_steps_get_a_clear_error(trace, step):
    with pytest.raises(LectureError, match="step must"):
        rnn_step_view(trace, step)


@pytest.mark.parametrize("step", [99, 6, -3, 2.7, "2"])
def test_the_stepper_refuses_a_step_it_cannot_show_like_the_lstm_stepper(trace, step):
    """Not clamped to 5 or 0, not truncated to 2: the slider would hide the mistake."""
    with pytest.raises(LectureError, match=r"step must be a whole number from 0 to 5"):
        rnn_stepper(trace, step=step)


def test_the_stepper_starts_where_asked(trace):
    assert rnn_stepper(trace, step=np.int64(3)).slider.value == 3


@pytest.mark.parametrize("bad, message", [
    (np.zeros((6, 4)), "trace should be the dict that rnn.simple_rnn_trace"),
    (None, "trace should be the dict"),
    ({"input": np.zeros((6, 3)), "output": np.zeros((6, 4))}, "trace has no input_part"),
])
def test_something_else_than_a_trace_is_named(bad, message):
    with pytest.raises(LectureError, match=message):
        rnn_stepper(bad)


def test_stepper_redraws_when_the_slider_moves(trace):
    stepper = rnn_stepper(trace)
    first = bytes(stepper.image.value)
    assert first.startswith(b"\x89PNG")
    stepper.slider.value = 5
    assert bytes(stepper.image.value) != first
    title = Image.open(io.BytesIO(bytes(stepper.image.value))).text["Title"]
    assert title == rnn_step_view(trace, 5)["title"]
    assert stepper.slider.max == 5
    stepper.slider.value = 99  # the slider clamps what it is given
    assert stepper.slider.value == 5


def test_stepper_plain_text_is_one_short_line(trace):
    text = repr(rnn_stepper(trace))
    assert "\n" not in text and len(text) < 100 and "6 time steps" in text
