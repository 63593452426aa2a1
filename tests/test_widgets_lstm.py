"""The LSTM stepper: the pure view function, and the widget driven like a student would."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_utils.errors import LectureError
from lecture_utils.maths.rnn import lstm_trace
from lecture_utils.plots.recurrent import draw_lstm_step
from lecture_utils.widgets.recurrent import lstm_step_view, lstm_stepper

PANELS = ["input", "input_gate", "forget_gate", "carry", "output"]


@pytest.fixture
def trace():
    rng = np.random.default_rng(0)
    features, units = 3, 5
    return lstm_trace(rng.normal(size=(7, features)), rng.normal(size=(features, 4 * units)),
                      rng.normal(size=(units, 4 * units)) * 0.5, rng.normal(size=4 * units))


def test_view_hides_steps_not_yet_read(trace):
    view = lstm_step_view(trace, 2)
    assert view["step"] == 2
    assert list(view["panels"]) == PANELS
    for name in PANELS:
        np.testing.assert_array_equal(view["panels"][name][:3], trace[name][:3])
        assert np.isnan(view["panels"][name][3:]).all()
    assert not np.isnan(trace["carry"]).any()  # the trace itself is not modified


def test_gates_use_a_fixed_zero_to_one_scale_and_values_a_fixed_symmetric_one(trace):
    views = [lstm_step_view(trace, t) for t in range(7)]
    assert all(v["limits"] == views[0]["limits"] for v in views)
    assert views[0]["limits"]["forget_gate"] == (0.0, 1.0)
    low, high = views[0]["limits"]["carry"]
    assert low == -high and high >= np.abs(trace["carry"]).max()


def test_title_gives_the_mean_gates_of_this_step(trace):
    view = lstm_step_view(trace, 4)
    assert view["title"].startswith("step 4:")
    assert f"forget gate {trace['forget_gate'][4].mean():.2f}" in view["title"]


def test_a_subset_of_units(trace):
    view = lstm_step_view(trace, 6, units=[4, 1])
    np.testing.assert_array_equal(view["panels"]["carry"], trace["carry"][:, [4, 1]])
    assert view["panels"]["input"].shape == trace["input"].shape
    assert f"forget gate {trace['forget_gate'][6, [4, 1]].mean():.2f}" in view["title"]


@pytest.mark.parametrize("units", [[5], [-1], [], [[0, 1]], [0.7], [True], 1, "01",
                                   [[0], [1, 2]]])
def test_bad_units_get_a_clear_error(trace, units):
    with pytest.raises(LectureError, match="units must be"):
        lstm_step_view(trace, 0, units=units)


@pytest.mark.parametrize("step", [-1, 7, 100, 2.5, "3", None, True])
def test_absurd_steps_get_a_clear_error(trace, step):
    with pytest.raises(LectureError, match="step must"):
        lstm_step_view(trace, step)


def test_an_overflowed_carry_keeps_the_colour_scale_of_the_rest(trace):
    spoilt = {**trace, "carry": trace["carry"].copy()}
    spoilt["carry"][2, 0] = np.nan
    limit = np.abs(np.delete(trace["carry"].ravel(), 2 * trace["carry"].shape[1])).max()
    assert lstm_step_view(spoilt, 6)["limits"]["carry"] == pytest.approx((-limit, limit))


def test_units_may_be_any_sequence_of_indices(trace):
    for units in ((4, 1), range(2), np.array([4, 1]), [np.int64(4), 1.0]):
        rows = lstm_step_view(trace, 0, units=units)["rows"]["output"]
        assert rows == [f"unit {u}" for u in np.asarray(units, dtype=int)]


@pytest.mark.parametrize("labels", ["abc", 3, ["a", "b"]])
def test_input_labels_that_do_not_name_each_feature_are_refused(trace, labels):
    with pytest.raises(LectureError, match="input_labels must name each of the 3"):
        lstm_step_view(trace, 0, input_labels=labels)


def test_a_simple_rnn_trace_is_named_as_the_wrong_trace():
    from lecture_utils.maths.rnn import simple_rnn_trace

    rng = np.random.default_rng(0)
    trace = simple_rnn_trace(rng.normal(size=(4, 3)), rng.normal(size=(3, 2)),
                             rng.normal(size=(2, 2)), np.zeros(2))
    with pytest.raises(LectureError, match=r"trace has no input_gate.*rnn\.lstm_trace"):
        lstm_stepper(trace)


def test_drawing_has_one_panel_per_part(trace):
    fig = draw_lstm_step(lstm_step_view(trace, 3))
    titled = [ax for ax in fig.axes if ax.get_ylabel()]
    assert [ax.get_ylabel() for ax in titled] == ["input", "input gate i", "forget gate f",
                                                  "carry", "output"]
    plt.close(fig)


def test_stepper_redraws_when_the_slider_moves(trace):
    stepper = lstm_stepper(trace)
    first = bytes(stepper.image.value)
    assert first.startswith(b"\x89PNG")
    stepper.slider.value = 6
    assert bytes(stepper.image.value) != first
    assert stepper.slider.max == 6
    stepper.slider.value = 99  # the slider clamps what it is given
    assert stepper.slider.value == 6


def test_stepper_rejects_bad_arguments_at_once(trace):
    with pytest.raises(LectureError, match="units must be"):
        lstm_stepper(trace, units=[9])


def test_stepper_plain_text_is_one_short_line(trace):
    text = repr(lstm_stepper(trace))
    assert "\n" not in text and len(text) < 100 and "LSTM stepper over 7 time steps" in text


def test_the_picture_fits_a_projector_beside_the_file_browser(trace):
    # 840 x 470 px: shown unscaled in JupyterLab's notebook at 1280x720 with the file
    # browser open (about 848 px wide), and with the controls on one 600 px screen.
    from lecture_utils.plots.recurrent import LSTM_STEP_SIZE

    fig = draw_lstm_step(lstm_step_view(trace, 3))
    width, height = fig.get_size_inches() * fig.dpi
    assert (width, height) == (840, 470)
    assert tuple(fig.get_size_inches()) == LSTM_STEP_SIZE
    plt.close(fig)


def test_every_label_is_readable_on_a_projector(trace):
    fig = draw_lstm_step(lstm_step_view(trace, 3))
    fig.canvas.draw()
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and
                                    hasattr(a, "get_text"))
             if t.get_visible() and t.get_text().strip()]
    assert texts and min(t.get_fontsize() for t in texts) >= 12
    plt.close(fig)


@pytest.mark.parametrize(("value", "label"), [(1.0, "1"), (0.0, "0"), (-1.0, "−1"),
                                              (-3.2149, "−3.2"), (0.7712, "0.77")])
def test_colour_scale_ends_are_rounded_as_said(value, label):
    from lecture_utils.plots.recurrent import _scale_label

    assert _scale_label(value) == label


def test_the_stepper_shows_the_static_picture_titled_with_its_step(trace):
    import io

    from matplotlib.figure import Figure
    from PIL import Image

    from lecture_utils.plots.recurrent import LSTM_STEP_SIZE

    stepper = lstm_stepper(trace, units=[4, 1, 2])
    stepper.slider.value = 5
    picture = Image.open(io.BytesIO(bytes(stepper.image.value)))
    assert picture.text["Title"] == lstm_step_view(trace, 5, units=[4, 1, 2])["title"]
    shown = np.asarray(picture.convert("RGB"))
    fig = draw_lstm_step(lstm_step_view(trace, 5, units=[4, 1, 2]), Figure(LSTM_STEP_SIZE))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    static = np.asarray(Image.open(buffer).convert("RGB"))
    assert shown.shape == static.shape == (470, 840, 3)
    # The widget draws the frame once and the values on top: the same picture, up to a
    # few anti-aliased pixels.
    differs = np.abs(shown.astype(int) - static.astype(int)).max(axis=-1) > 40
    assert differs.mean() < 0.005


def test_stepper_redraws_once_for_many_moves_and_ends_on_the_last():
    """In a kernel, slider moves that arrive while a picture is drawn must not queue up:
    only the newest value is drawn (issue 13: during play the picture lagged by 2 steps)."""
    import asyncio

    rng = np.random.default_rng(1)
    trace = lstm_trace(rng.normal(size=(30, 2)), rng.normal(size=(2, 12)),
                       rng.normal(size=(3, 12)), rng.normal(size=12))
    stepper = lstm_stepper(trace)
    drawn = []
    draw = stepper.redraw.draw

    def counted_draw():
        drawn.append(stepper.slider.value)
        draw()

    stepper.redraw.draw = counted_draw

    async def messages():
        for value in range(1, 20):        # 19 moves read before the kernel is free
            stepper.slider.value = value
        await asyncio.sleep(0.2)
        stepper.slider.value = 25
        await asyncio.sleep(0.2)

    asyncio.run(messages())
    assert drawn == [19, 25]
    assert _title_of(stepper.image.value).startswith("step 25:")


def _title_of(png: bytes) -> str:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(bytes(png))).text["Title"]


def test_rows_are_named_after_the_units_shown_and_the_given_input_labels(trace):
    view = lstm_step_view(trace, 2, units=[4, 1], input_labels=["a", "b", "c"])
    assert view["rows"]["carry"] == view["rows"]["forget_gate"] == ["unit 4", "unit 1"]
    assert view["rows"]["input"] == ["a", "b", "c"]
    assert lstm_step_view(trace, 2)["rows"]["input"] is None


def test_input_labels_must_name_every_feature(trace):
    with pytest.raises(LectureError, match="input_labels must name each of the 3"):
        lstm_step_view(trace, 0, input_labels=["a", "b"])


def _row_names(fig):
    """Each panel's row names as drawn, top to bottom (the colour bars have no y label)."""
    fig.canvas.draw()
    return {ax.get_ylabel(): [t.get_text() for t in ax.get_yticklabels()]
            for ax in fig.axes if ax.get_ylabel()}


def test_a_few_units_are_each_named_readably_and_the_input_is_not_a_strip():
    rng = np.random.default_rng(0)
    trace = lstm_trace(rng.normal(size=(101, 9)), rng.normal(size=(9, 128)),
                       rng.normal(size=(32, 128)) * 0.1, np.zeros(128))
    fig = draw_lstm_step(lstm_step_view(trace, 50, units=[7, 21, 3],
                                        input_labels=[*"01234567", "marker"]))
    names = _row_names(fig)
    assert names["carry"] == names["output"] == ["unit 7", "unit 21", "unit 3"]
    # nine input rows do not fit one name each: every second, from the first
    assert names["input"] == ["0", "2", "4", "6", "marker"]
    renderer = fig.canvas.get_renderer()
    for ax in [ax for ax in fig.axes if ax.get_ylabel()]:
        boxes = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
        assert all(t.get_fontsize() >= 12 for t in ax.get_yticklabels())
        assert all(lower.y1 <= upper.y0 + 1 for upper, lower in itertools.pairwise(boxes)), \
            f"{ax.get_ylabel()}: row names overlap"
        name = ax.yaxis.label.get_window_extent(renderer)
        assert name.x0 >= 0, f"{ax.get_ylabel()} is cut off at the figure's left edge"
        assert all(name.x1 <= box.x0 for box in boxes), f"{ax.get_ylabel()} covers its rows"
    heights = [ax.get_position().height for ax in fig.axes if ax.get_ylabel()]
    assert heights[0] > 1.5 * heights[1]
    plt.close(fig)


def test_many_units_get_every_few_rows_named_and_keep_the_input_panel_as_tall():
    rng = np.random.default_rng(0)
    trace = lstm_trace(rng.normal(size=(20, 9)), rng.normal(size=(9, 128)),
                       rng.normal(size=(32, 128)) * 0.1, np.zeros(128))
    fig = draw_lstm_step(lstm_step_view(trace, 5))
    names = _row_names(fig)
    assert names["input"] == []
    assert 2 <= len(names["carry"]) < 32 and names["carry"][0] == "unit 0"
    heights = [ax.get_position().height for ax in fig.axes if ax.get_ylabel()]
    assert heights[0] == pytest.approx(heights[1])  # 9 input rows and 32 units: same height
    plt.close(fig)
