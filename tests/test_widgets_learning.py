"""The lecture-7 widget (gradient noise and batch size), driven like a student would."""

from pathlib import Path

import nbformat
import pytest

from lecture_utils.errors import LectureError
from lecture_utils.maths import minibatch
from lecture_utils.widgets.minibatch import gradient_noise

NOTEBOOK = next((Path(__file__).resolve().parents[1] / "notebooks").glob("07_*.ipynb"))


def test_both_pictures_redraw_when_the_batch_size_moves():
    view = gradient_noise()
    cloud, path = bytes(view.cloud.value), bytes(view.path.value)
    assert cloud.startswith(b"\x89PNG") and path.startswith(b"\x89PNG")
    view.batch_size.value = 16
    assert bytes(view.cloud.value) != cloud and bytes(view.path.value) != path


def test_every_batch_size_draws():
    view = gradient_noise(batch_size=256)
    assert view.batch_size.options[0] == 1 and view.batch_size.options[-1] == 256
    for size in view.batch_size.options:
        view.batch_size.value = size
        assert bytes(view.cloud.value).startswith(b"\x89PNG")
        assert bytes(view.path.value).startswith(b"\x89PNG")


def test_play_button_moves_the_slider():
    view = gradient_noise()
    view.play.value = 3
    assert view.batch_size.value == 8


@pytest.mark.parametrize("batch_size", [0, 257, 512, 2.5, "16", None, True])
def test_the_widget_and_its_view_refuse_a_batch_size_with_the_same_line(batch_size):
    """One mistake, one LectureError, whichever function it reaches (issue 15)."""
    with pytest.raises(LectureError) as widget_error:
        gradient_noise(batch_size=batch_size)
    with pytest.raises(LectureError) as view_error:
        minibatch.gradient_noise_view(batch_size)
    assert str(widget_error.value) == str(view_error.value)
    assert str(widget_error.value).startswith("batch_size must be a whole number from 1 to 256")


def test_a_batch_size_off_the_powers_of_two_joins_the_slider():
    """gradient_noise_view(3) draws batches of 3; so does the widget."""
    view = gradient_noise(batch_size=3)
    assert view.batch_size.value == 3
    assert view.batch_size.options == (1, 2, 3, 4, 8, 16, 32, 64, 128, 256)
    view.play.value = 3
    assert view.batch_size.value == 4


@pytest.mark.parametrize("updates", [-1, 2.5, 10**9])
def test_a_number_of_updates_that_cannot_be_drawn_is_refused(updates):
    """-1 used to draw "-1 updates"."""
    with pytest.raises(LectureError, match="updates must be a whole number from 0 to 10,000"):
        gradient_noise(1, updates=updates)


def test_plain_text_is_one_short_line():
    text = repr(gradient_noise())
    assert "\n" not in text and len(text) < 100


def test_the_widget_is_followed_by_a_static_figure():
    cells = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
    widget_cells = [i for i, c in enumerate(cells[:-1])
                    if c.source.strip().startswith("gradient_noise(")]
    assert len(widget_cells) == 1
    later = cells[widget_cells[0] + 1]
    assert any("image/png" in out.get("data", {}) for out in later.outputs)


def test_update_time_is_reported_by_the_last_cell():
    last = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"][-1]
    assert last.source.startswith("# NBVAL_IGNORE_OUTPUT")
    (output,) = last.outputs
    assert output["data"]["application/json"]["median_update_ms"] > 0
