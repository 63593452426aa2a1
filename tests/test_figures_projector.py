"""Figures readable from the back of a room at 1280x720 (issue 13): sizes that fit a slide,
labels of at least 12 points, legends off the data."""

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from lecture_utils.errors import LectureError
from lecture_utils.maths import landscapes, minibatch
from lecture_utils.plots import descent as descent_plots
from lecture_utils.plots import images, style
from lecture_utils.plots import minibatch as minibatch_plots
from lecture_utils.plots import recurrent as recurrent_plots

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def lecture_style():
    with matplotlib.rc_context():
        style.use_lecture_style()
        yield
    plt.close("all")


def shown_size(fig) -> tuple[int, int]:
    """The PNG's size as a notebook shows it inline (tight bounding box, 0.1-inch margin)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return Image.open(buffer).size


def smallest_font(fig) -> float:
    fig.canvas.draw()
    texts = [t for t in fig.findobj(matplotlib.text.Text)
             if t.get_visible() and t.get_text().strip()]
    return min(t.get_fontsize() for t in texts)


def _decorations_bottom(ax, renderer) -> float:
    parts = [ax.xaxis.get_tightbbox(renderer), ax.get_window_extent(renderer)]
    return min(part.y0 for part in parts if part is not None)


def moments():
    views, titles = [], []
    for name in ("too small", "just right", "oscillating", "diverging"):
        preset = landscapes.PRESETS_1D[name]
        views.append(landscapes.descent_1d_view(preset["landscape"], preset["learning_rate"],
                                                preset["start"], preset["steps"]))
        titles.append(f"{name}: learning rate {preset['learning_rate']}")
    return views, titles


def hill():
    preset = landscapes.PRESETS_1D["hill"]
    return landscapes.descent_1d_view(preset["landscape"], preset["learning_rate"],
                                      preset["start"], preset["steps"])


@pytest.mark.parametrize(("rows", "size"), [(1, (8.3, 3.6)), (2, (8.3, 4.7)), (5, (8.3, 4.7))])
def test_panels_are_at_most_a_slide_high(rows, size):
    assert descent_plots.panels_size(rows) == pytest.approx(size)


def test_four_moments_fit_a_slide_with_one_legend_below():
    fig = descent_plots.draw_descent_panels(*moments())
    width, height = shown_size(fig)
    assert width <= 850 and height <= 480, (width, height)
    assert smallest_font(fig) >= 12
    assert all(ax.get_legend() is None for ax in fig.axes)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "steps (gradient descent)", "tangent: slope dL/dw", "skier"]
    renderer = fig.canvas.get_renderer()
    assert legend.get_window_extent(renderer).y1 <= min(
        _decorations_bottom(ax, renderer) for ax in fig.axes) + 1
    # axis labels on the outer panels only
    assert [bool(ax.get_xlabel()) for ax in fig.axes] == [False, False, True, True]
    assert [bool(ax.get_ylabel()) for ax in fig.axes] == [True, False, True, False]


def test_what_the_skier_knows_says_so_in_the_legend_not_over_the_curve():
    view = hill()
    fig = descent_plots.draw_descent_panels(
        [view, view], ["what is there", "what the skier knows"],
        show_landscape=[True, False], mark_minima=[True, False])
    width, height = shown_size(fig)
    assert width <= 850 and height <= 480, (width, height)
    assert smallest_font(fig) >= 12
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels.count(descent_plots.HIDDEN_LANDSCAPE_LABEL) == 1
    knows = fig.axes[1]
    assert len(knows.texts) == 0      # no caption inside the axes, where the slopes are


def test_a_better_minimum_is_marked_clear_of_the_curve():
    view = hill()
    single = descent_plots.draw_descent_1d(view, mark_minima=True)
    panel = descent_plots.draw_descent_panels([view], ["what is there"], columns=1,
                                              mark_minima=True).axes[0]
    landscape = landscapes.get_landscape(view["landscape"])
    for ax in (single, panel):
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        (note,) = [t for t in ax.texts if "better" in t.get_text()]
        # the words alone (an annotation's own extent includes its arrow)
        words = matplotlib.text.Text.get_window_extent(note, renderer)
        box = words.transformed(ax.transData.inverted())
        w = np.linspace(box.x0, box.x1, 50)
        assert np.all(landscape.loss(w[:, None]) < box.y0)  # the curve passes below them


@pytest.mark.parametrize("hidden", [False, True])
def test_the_single_skier_picture_keeps_its_legend_below_the_axes(hidden):
    ax = descent_plots.draw_descent_1d(hill(), show_landscape=not hidden)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend()
    assert legend.get_window_extent(renderer).y1 <= ax.get_window_extent(renderer).y0
    labels = [t.get_text() for t in legend.get_texts()]
    assert (descent_plots.HIDDEN_LANDSCAPE_LABEL in labels) == hidden


def test_legend_below_starts_under_the_x_label():
    fig, ax = plt.subplots(figsize=(5, 4), layout="constrained")
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set_xlabel("x")
    legend = style.legend_below(ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert legend.get_window_extent(renderer).y1 <= ax.xaxis.get_tightbbox(renderer).y0 + 1


def test_gradient_pictures_keep_their_legends_off_the_points():
    view = minibatch.gradient_noise_view(16)
    paths = {b: minibatch.line_descent_path(b, updates=40) for b in (1, 16, 256)}
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.3, 4.4), layout="constrained")
    minibatch_plots.draw_gradient_cloud(view, left)
    minibatch_plots.draw_line_paths(paths, right)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in (left, right):
        legend = ax.get_legend()
        assert legend.get_window_extent(renderer).y1 <= ax.xaxis.get_tightbbox(renderer).y0 + 1
    width, height = shown_size(fig)
    assert width <= 850 and height <= 480, (width, height)
    assert smallest_font(fig) >= 12


def test_batch_size_pictures_are_drawn_at_the_size_they_are_shown():
    from lecture_utils.widgets.minibatch import gradient_noise

    widget = gradient_noise(batch_size=16)
    for picture in (widget.cloud, widget.path):
        size = Image.open(io.BytesIO(bytes(picture.value))).size
        # two side by side in the ~848 px beside the file browser: shown at 0.96 or more
        assert size == (440, 420)
        assert picture.layout.max_width == "50%"


@pytest.mark.parametrize(("arguments", "message"), [
    ({"titles": ["one"]}, "one title per view"),
    ({"show_landscape": [True]}, "show_landscape must be"),
    ({"mark_minima": [True, False, True]}, "mark_minima must be"),
    ({"columns": 0}, "columns must be"),
    ({"columns": 1.5}, "columns must be"),
    ({"show_landscape": "no"}, "show_landscape must be True or False"),
    ({"mark_minima": [1, 0]}, "mark_minima must be True or False"),
])
def test_panels_get_clear_errors(arguments, message):
    view = hill()
    call = {"views": [view, view], "titles": ["a", "b"], **arguments}
    with pytest.raises(LectureError, match=message):
        descent_plots.draw_descent_panels(**call)


@pytest.mark.parametrize("call, message", [
    (lambda: recurrent_plots.draw_unrolled_rnn(steps=0), "steps must be a whole number from 1"),
    (lambda: recurrent_plots.draw_unrolled_rnn(steps=2.5), "steps must be a whole number from 1"),
    (lambda: images.show_frames(np.zeros((8, 8))), r"frames should have shape \(time, "),
    (lambda: images.show_frames("frames"), "not the text"),
])
def test_diagram_mistakes_are_one_lecture_error(call, message):
    with pytest.raises(LectureError, match=message):
        call()


def test_three_panels_in_two_columns_leave_the_fourth_empty():
    views, titles = moments()
    fig = descent_plots.draw_descent_panels(views[:3], titles[:3])
    assert [ax.get_visible() for ax in fig.axes] == [True, True, True, False]
    # the top right panel has none below it: it names its own x axis
    assert [bool(ax.get_xlabel()) for ax in fig.axes[:3]] == [False, True, True]


def test_the_lstm_stepper_picture_fits_beside_the_file_browser():
    from lecture_utils.maths.rnn import lstm_trace
    from lecture_utils.widgets.recurrent import lstm_step_view

    rng = np.random.default_rng(0)
    trace = lstm_trace(rng.normal(size=(101, 9)), rng.normal(size=(9, 128)),
                       rng.normal(size=(32, 128)) * 0.1, np.zeros(128))
    fig = recurrent_plots.draw_lstm_step(lstm_step_view(trace, 50, units=np.arange(8)))
    assert str(fig) == "Figure(840x470)"
    assert smallest_font(fig) >= 12


def test_the_race_tells_seven_paths_apart_by_colour_and_dash_and_marks_the_minimum():
    """Issue 14: momentum's and Nesterov's blues were hard to tell apart and the white
    star was hard to see."""
    preset = landscapes.PRESETS_2D["banana"]
    view = landscapes.descent_2d_view("banana", landscapes.tuned_learning_rates("banana"),
                                      preset["start"], preset["steps"])
    ax = descent_plots.draw_descent_2d(view)
    paths = [line for line in ax.lines if len(line.get_xdata()) > 2]
    assert len(paths) == 7
    assert len({line.get_color() for line in paths}) == 7
    styles = descent_plots.OPTIMIZER_STYLES
    assert len({str(style["linestyle"]) for style in styles.values()}) == 7
    ends = [line for line in ax.lines if len(line.get_xdata()) == 1
            and line.get_marker() in {style["marker"] for style in styles.values()}]
    assert len({line.get_marker() for line in ends}) == 7
    stars = [line for line in ax.lines if line.get_marker() == "*"]   # on the map, in the key
    assert len(stars) == 2
    for star in stars:
        assert star.get_markeredgecolor() == "black" and star.get_markersize() >= 24
        assert star.get_markerfacecolor() != "white"
    texts = [t.get_text() for t in ax.texts]
    assert {"gradient descent", "start", "a minimum", "rate", "final loss"} <= set(texts)
    assert smallest_font(ax.figure) >= 12


def test_the_learning_rate_sweep_fits_a_slide():
    sweeps = {name: landscapes.learning_rate_sweep(name) for name in landscapes.PRESETS_2D}
    fig = descent_plots.draw_learning_rate_sweep(sweeps)
    width, height = shown_size(fig)
    assert width <= 850 and height <= 345, (width, height)
    assert smallest_font(fig) >= 12
    (legend,) = fig.legends
    assert len(legend.get_texts()) == 7
    renderer = fig.canvas.get_renderer()
    assert legend.get_window_extent(renderer).y1 <= min(
        _decorations_bottom(ax, renderer) for ax in fig.axes) + 1
