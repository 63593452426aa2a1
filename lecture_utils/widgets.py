"""Interactive views. Each widget is a thin shell over a pure function that the
tests call directly; the widget only turns slider values into pictures.

Pictures are rendered to PNG and shown in an ``ipywidgets.Image``, so a widget
writes nothing into the cell's own outputs (which nbval compares) and redraws
without flicker.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import plotting
from .errors import LectureError, require_choice, require_int

RNN_TRACE_KEYS = ("input", "output", "input_part", "state_part", "pre_activation")
LSTM_TRACE_KEYS = ("input", "input_gate", "forget_gate", "output_gate", "carry", "output")


def _checked_trace(trace, keys: tuple, made_by: str) -> int:
    """The number of time steps of ``trace``, or a ``LectureError`` if it is not a dict
    that ``made_by`` returns (a SimpleRNN trace given to the LSTM stepper, say)."""
    if not isinstance(trace, Mapping):
        raise LectureError(f"trace should be the dict that {made_by}(sequence, kernel, "
                           f"recurrent_kernel, bias) returns, got {type(trace).__name__}.")
    missing = [key for key in keys if key not in trace]
    if missing:
        raise LectureError(f"trace has no {', '.join(missing)}: give the dict that "
                           f"{made_by} returns.")
    if np.ndim(trace["output"]) != 2 or len(trace["output"]) == 0:
        raise LectureError(f"trace['output'] should have shape (time, units), one row per "
                           f"step, but has shape {np.shape(trace['output'])}.")
    return len(trace["output"])


def _colour_limit(*arrays) -> float:
    """The largest finite |value| in ``arrays``: one colour scale for a whole sequence,
    which a NaN or infinity (a run that overflowed) neither collapses nor blows up."""
    values = np.abs(np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays]))
    values = values[np.isfinite(values)]
    return max(1e-9, float(values.max())) if values.size else 1.0


def _checked_step(step, steps: int) -> int:
    """``step`` as an int in ``0 .. steps-1``, or a ``LectureError`` saying what is allowed."""
    return require_int(step, "step", 0, steps - 1)


def rnn_step_view(trace: dict, step: int) -> dict:
    """What the SimpleRNN stepper shows at ``step``.

    trace : a dict from ``rnn.simple_rnn_trace`` (arrays with one row per time step)
    step : 0 <= step < time

    Returns a dict with ``step``; ``input`` (time, features) and ``output``
    (time, units) where steps after ``step`` are NaN (not read yet);
    ``value_limit``, one colour scale for the whole sequence; ``title``, the
    update rule with the numbers of the first unit filled in.
    """
    steps = _checked_trace(trace, RNN_TRACE_KEYS, "rnn.simple_rnn_trace")
    step = _checked_step(step, steps)
    shown = {}
    for name in ("input", "output"):
        values = np.array(trace[name], dtype=float)
        values[step + 1:] = np.nan
        shown[name] = values
    limit = _colour_limit(trace["input"], trace["output"])
    input_part, state_part = trace["input_part"][step, 0], trace["state_part"][step, 0]
    bias = trace["pre_activation"][step, 0] - input_part - state_part
    title = (f"step {step}: state[0] = f({input_part:+.2f} (W·input) {state_part:+.2f} (U·state)"
             f" {bias:+.2f} (b)) = {trace['output'][step, 0]:+.2f}")
    return {"step": step, "input": shown["input"], "output": shown["output"],
            "value_limit": limit, "title": title}


def rnn_stepper(trace: dict, step: int = 0):
    """A slider (and play button) that scrubs through the steps of a SimpleRNN trace.

    Returns an ``ipywidgets.VBox``; display it, or let it be a cell's last value.
    """
    from matplotlib.figure import Figure

    rnn_step_view(trace, step)  # fails early, in the caller's cell: the slider would clamp
    steps = len(trace["output"])

    def render(t):
        view = rnn_step_view(trace, t)
        # A figure pyplot does not know: a notebook never shows it by itself.
        figure = plotting.draw_rnn_step(view, Figure(figsize=(9, 5.2)))
        return plotting.figure_to_png(figure, caption=view["title"])

    return _time_stepper(steps, render, f"SimpleRNN stepper over {steps} time steps",
                         step=step, interval_ms=700)


class Redraw:
    """A widget's redraw that never queues up behind itself.

    Each move of a slider (a student dragging it, a play button ticking) reaches the
    kernel as one message, and the kernel handles them one after another. A picture
    drawn for every message lags behind the slider whenever drawing takes longer than
    the moves come in: when the slider stops, the kernel is still drawing the steps it
    passed. So a message only asks for a redraw: ``redraw()`` (or ``redraw(change)``,
    as an observer) marks the picture as stale and, inside a running event loop (a
    kernel), leaves the drawing for ``delay_s`` later, by which time the messages
    already waiting have been read. ``draw()`` then runs once and draws the widget's
    values as they are then: intermediate values are dropped, and the last picture
    always shows the slider's last value. With no event loop running (a script, a
    test) ``draw()`` runs at once.
    """

    def __init__(self, draw, delay_s: float = 0.02):
        self.draw, self.delay_s = draw, delay_s
        self.stale = False

    def __call__(self, change=None) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.draw()
            return
        if not self.stale:
            self.stale = True
            loop.call_later(self.delay_s, self.draw_if_stale)

    def draw_if_stale(self) -> None:
        if self.stale:
            self.stale = False
            self.draw()


def _time_stepper(steps: int, render, summary: str, step: int = 0, interval_ms: int = 500):
    """A play button and a slider over ``steps`` time steps, above the picture;
    ``render(t)`` returns the PNG bytes of the picture for step ``t`` (with its title,
    which names the step, in the PNG's "Title" text: a browser test reads it back).
    """
    import ipywidgets as widgets

    slider = widgets.IntSlider(value=step, min=0, max=steps - 1, description="time step",
                               continuous_update=True,
                               layout=widgets.Layout(width="60%"),
                               style={"description_width": "initial"})
    play = widgets.Play(value=step, min=0, max=steps - 1, interval=interval_ms,
                        description="play")
    widgets.jslink((play, "value"), (slider, "value"))
    image = _picture()

    def draw():
        image.value = render(slider.value)

    redraw = Redraw(draw)
    slider.observe(redraw, names="value")
    draw()  # now, not later: the cell's output shows the picture from the start
    stepper = _plain_text_widget(widgets.VBox)([widgets.HBox([play, slider]), image])
    stepper.slider, stepper.image = slider, image  # handles for tests and the browser check
    stepper.redraw = redraw
    stepper.summary = summary
    return stepper


LSTM_STEP_PARTS = ("input", "input_gate", "forget_gate", "carry", "output")


def lstm_step_view(trace: dict, step: int, units=None, input_labels=None) -> dict:
    """What the LSTM stepper shows at ``step``.

    trace : a dict from ``rnn.lstm_trace`` (arrays with one row per time step)
    step : 0 <= step < time
    units : indices of the units to show (default: all)
    input_labels : one name per input feature, for the input panel's rows (default: none)

    Returns a dict with ``step``; ``panels``, the input (time, features) and the
    input gate, forget gate, carry and output (time, shown units), where steps
    after ``step`` are NaN (not read yet); ``rows``, each panel's row names ("unit 7"
    for the units, ``input_labels`` or None for the input); ``limits``, one fixed
    colour range per panel for the whole sequence (gates 0 to 1); ``title``, the mean
    gate values at this step.
    """
    steps = _checked_trace(trace, LSTM_TRACE_KEYS, "rnn.lstm_trace")
    step = _checked_step(step, steps)
    total_units = np.shape(trace["output"])[1]
    shown_units = np.arange(total_units) if units is None else _checked_units(units, total_units)
    features = np.shape(trace["input"])[1]
    if input_labels is not None and (isinstance(input_labels, str) or np.ndim(input_labels) != 1
                                     or len(input_labels) != features):
        got = (f"{len(input_labels)} name(s)" if np.ndim(input_labels) == 1
               and not isinstance(input_labels, str) else repr(input_labels)[:40])
        raise LectureError(f"input_labels must name each of the {features} input features "
                           f"(a list of {features} names), got {got}.")
    unit_names = [f"unit {unit}" for unit in shown_units]
    rows = {name: unit_names for name in LSTM_STEP_PARTS}
    rows["input"] = None if input_labels is None else [str(label) for label in input_labels]
    panels, limits = {}, {}
    for name in LSTM_STEP_PARTS:
        values = np.array(trace[name], dtype=float)
        if name != "input":
            values = values[:, shown_units]
        if name.endswith("_gate"):
            limits[name] = (0.0, 1.0)
        else:
            limit = _colour_limit(values)
            limits[name] = (-limit, limit)
        values[step + 1:] = np.nan
        panels[name] = values
    gates = {name: float(trace[name][step, shown_units].mean())
             for name in ("input_gate", "forget_gate", "output_gate")}
    title = (f"step {step}: mean input gate {gates['input_gate']:.2f}, "
             f"forget gate {gates['forget_gate']:.2f}, output gate {gates['output_gate']:.2f}")
    return {"step": step, "panels": panels, "rows": rows, "limits": limits, "title": title}


def _checked_units(units, total: int) -> np.ndarray:
    """``units`` as an array of unit indices, or a ``LectureError`` (not 0.7 taken for 0)."""
    try:
        if not isinstance(units, (str, bytes)) and np.ndim(units) == 1 and len(units):
            return np.array([require_int(unit, "unit", 0, total - 1) for unit in units])
    except ValueError:  # a unit that is not an index (LectureError), or ragged rows
        pass
    raise LectureError(f"units must be a list of unit indices, whole numbers from 0 to "
                       f"{total - 1} such as [0, {total - 1}], got {units!r:.60}.")


def lstm_stepper(trace: dict, step: int = 0, units=None, input_labels=None):
    """A slider (and play button) that scrubs through the steps of an LSTM trace,
    showing its gates, carry and output (see ``lstm_step_view``).

    Returns an ``ipywidgets.VBox``; display it, or let it be a cell's last value.
    """
    first = lstm_step_view(trace, step, units, input_labels)  # fails early, in the caller's cell
    steps = len(trace["output"])
    # The panels' frames and colour scales stay put: drawn once, only the values move.
    canvas = plotting.FastCanvas(*plotting.LSTM_STEP_SIZE,
                                 make_axes=lambda figure: plotting.lstm_step_axes(figure, first))

    def render(t):
        view = lstm_step_view(trace, t, units, input_labels)
        return canvas.render("panels", lambda axes: plotting.draw_lstm_step_frame(axes, view),
                             lambda axes: plotting.draw_lstm_step_values(axes, view),
                             caption=view["title"])

    return _time_stepper(steps, render, f"LSTM stepper over {steps} time steps", step=step,
                         interval_ms=500)


def _picture():
    """An ``ipywidgets.Image`` for a PNG, shown at its own size (narrower if the notebook
    is): a box's children are stretched to its width by default, so on a wide screen a
    picture drawn 840 px wide would be blown up past the screen's height."""
    import ipywidgets as widgets

    return widgets.Image(format="png", layout={"align_self": "flex-start",
                                               "max_width": "100%", "height": "auto"})


def _plain_text_widget(base):
    """A widget class whose plain-text form is one short line.

    A notebook stores that text next to the widget (GitHub and nbval show it); the
    default text would spell out every child, PNG bytes included.
    """

    class Widget(base):
        summary = "interactive view"

        def __repr__(self):
            return f"<{self.summary}: run the notebook to use it>"

    Widget.__name__ = Widget.__qualname__ = f"Plain{base.__name__}"
    return Widget


# ---- Gradient descent (lecture 6): a skier on a 1-D loss, optimizers on a 2-D loss ----

def skier(preset: str = "just right", max_steps: int = 60):
    """Gradient descent on a 1-D loss: a skier, the tangent at its feet, and the steps.

    Controls: a preset for each of the lecture's moments (``landscapes.PRESETS_1D``),
    the landscape, the optimizer, the learning rate and the start; a step slider
    with play, "step" and "reset" buttons; a switch that hides the landscape
    (leaving only what the skier has learnt). Returns an ``ipywidgets.VBox`` whose
    handles (``preset``, ``landscape``, ``optimizer``, ``learning_rate``, ``start``,
    ``step``, ``step_button``, ``reset_button``, ``show_landscape``, ``image``) let
    code drive it like a student would. ``max_steps``, the step slider's end, is at
    most ``landscapes.MAX_STEPS``.
    """
    import ipywidgets as widgets

    from . import descent_plots, landscapes, optimizers

    require_choice(preset, "preset", landscapes.PRESETS_1D)
    max_steps = require_int(max_steps, "max_steps", 1, landscapes.MAX_STEPS)
    one_d = [name for name, land in landscapes.LANDSCAPES.items() if land.dim == 1]
    wide = {"width": "48%"}
    style = {"description_width": "initial"}
    preset_box = widgets.Dropdown(options=list(landscapes.PRESETS_1D), value=preset,
                                  description="preset", style=style)
    landscape_box = widgets.Dropdown(options=one_d, description="landscape", style=style)
    optimizer_box = widgets.Dropdown(options=[(optimizers.LABELS[n], n) for n in optimizers.NAMES],
                                     value="sgd", description="optimizer", style=style)
    rate = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=0.5, step=0.01,
                                  description="learning rate", readout_format=".3g",
                                  style=style, layout=wide)
    start = widgets.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.05, description="start w",
                                style=style, layout=wide)
    step = widgets.IntSlider(value=0, min=0, max=max_steps, description="step", style=style,
                             layout={"width": "48%"})
    play = widgets.Play(value=0, min=0, max=max_steps, interval=400, description="play")
    widgets.jslink((play, "value"), (step, "value"))
    step_button = widgets.Button(description="step", tooltip="one more gradient step")
    reset_button = widgets.Button(description="reset", tooltip="back to the start")
    show = widgets.Checkbox(value=True, description="show the landscape", style=style)
    image = _picture()
    holding = [False]
    canvas = plotting.FastCanvas(9.0, 4.8, {"left": 0.1, "right": 0.97, "top": 0.88,
                                            "bottom": 0.27})

    def redraw(change=None):
        if holding[0]:
            return
        view = landscapes.descent_1d_view(landscape_box.value, rate.value, start.value,
                                          step.value, optimizer_box.value)
        image.value = canvas.render(
            (view["landscape"].name, show.value),
            lambda ax: descent_plots.draw_landscape_1d(view["landscape"], ax, show.value,
                                                       mark_minima=show.value),
            lambda ax: descent_plots.draw_skier(view, ax, show.value), view["title"])

    def set_landscape(name, start_value):
        (low, high), = landscapes.LANDSCAPES[name].window
        landscape_box.value = name
        # Widen first, so that neither bound clamps the other or the value.
        start.min, start.max = min(start.min, low), max(start.max, high)
        start.value = min(max(start_value, low), high)
        start.min, start.max = low, high

    def apply_preset(change=None):
        settings = landscapes.PRESETS_1D[preset_box.value]
        holding[0] = True
        try:
            set_landscape(settings["landscape"], settings["start"])
            optimizer_box.value = "sgd"
            rate.value = settings["learning_rate"]
            step.value = min(settings["steps"], max_steps)
        finally:
            holding[0] = False
        redraw()

    def change_landscape(change):
        if holding[0]:
            return
        holding[0] = True
        try:
            set_landscape(change["new"], start.value)
            step.value = 0
        finally:
            holding[0] = False
        redraw()

    def one_more_step(_button):
        step.value = min(step.value + 1, step.max)

    def reset(_button):
        step.value = 0

    preset_box.observe(apply_preset, names="value")
    landscape_box.observe(change_landscape, names="value")
    for control in (optimizer_box, rate, start, step, show):
        control.observe(redraw, names="value")
    step_button.on_click(one_more_step)
    reset_button.on_click(reset)
    apply_preset()

    _Skier = _plain_text_widget(widgets.VBox)
    view = _Skier([
        widgets.HBox([preset_box, landscape_box, optimizer_box]),
        widgets.HBox([rate, start]),
        widgets.HBox([play, step, step_button, reset_button, show]),
        image,
    ])
    view.preset, view.landscape, view.optimizer = preset_box, landscape_box, optimizer_box
    view.learning_rate, view.start, view.step = rate, start, step
    view.step_button, view.reset_button, view.show_landscape = step_button, reset_button, show
    view.image = image
    view.summary = "gradient-descent skier on a 1-D loss"
    return view


def optimizer_race(preset: str = "narrow valley", max_steps: int = 300):
    """Every optimizer from one start on a 2-D loss, drawn over its contours.

    Controls: a preset landscape (``landscapes.PRESETS_2D``); the learning rates, either
    each optimizer's own (``landscapes.tuned_learning_rates`` for the preset) or one
    for all, set by the learning-rate slider (active in that mode only); the number of
    steps (up to ``max_steps``, at most ``landscapes.MAX_STEPS``) and the start (w₁, w₂).
    Returns an ``ipywidgets.VBox`` with handles ``preset``, ``rates`` ("tuned" or
    "shared"), ``learning_rate``, ``steps``, ``start_w1``, ``start_w2``, ``image``.
    """
    import ipywidgets as widgets

    from . import descent_plots, landscapes

    require_choice(preset, "preset", landscapes.PRESETS_2D)
    max_steps = require_int(max_steps, "max_steps", 1, landscapes.MAX_STEPS)
    style = {"description_width": "initial"}
    preset_box = widgets.Dropdown(options=list(landscapes.PRESETS_2D), value=preset,
                                  description="landscape", style=style)
    rates = widgets.ToggleButtons(options=[("each its own (tuned)", "tuned"),
                                           ("one for all", "shared")],
                                  value="tuned", description="learning rates",
                                  style={**style, "button_width": "auto"})
    rate = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=0, step=0.01,
                                  description="learning rate for all", readout_format=".3g",
                                  style=style, layout={"width": "48%"}, disabled=True)
    steps = widgets.IntSlider(value=60, min=0, max=max_steps, description="steps", style=style,
                              layout={"width": "48%"})
    start_w1 = widgets.FloatSlider(value=0.0, min=-1, max=1, step=0.05, description="start w₁",
                                   style=style, layout={"width": "48%"})
    start_w2 = widgets.FloatSlider(value=0.0, min=-1, max=1, step=0.05, description="start w₂",
                                   style=style, layout={"width": "48%"})
    image = _picture()
    holding = [False]
    # Seven paths and their outcomes per redraw: 85 dpi keeps an update quick.
    canvas = plotting.FastCanvas(10.0, 4.8, {"left": 0.08, "right": 0.62, "top": 0.9,
                                             "bottom": 0.14}, dpi=85)

    def redraw(change=None):
        if holding[0]:
            return
        rate.disabled = rates.value == "tuned"
        learning_rate = (landscapes.tuned_learning_rates(preset_box.value)
                         if rates.value == "tuned" else rate.value)
        view = landscapes.descent_2d_view(preset_box.value, learning_rate,
                                          (start_w1.value, start_w2.value), steps.value)
        image.value = canvas.render(
            view["landscape"].name,
            lambda ax: (descent_plots.draw_loss_contours(view["landscape"], ax),
                        descent_plots.draw_key_2d(ax)),
            lambda ax: (descent_plots.draw_paths_2d(view, ax)
                        + descent_plots.draw_outcomes_2d(view, ax)), view["title"],
            layout=descent_plots.layout_2d(view["landscape"]))

    def apply_preset(change=None):
        settings = landscapes.PRESETS_2D[preset_box.value]
        window = landscapes.LANDSCAPES[settings["landscape"]].window
        holding[0] = True
        try:
            for slider, (low, high), value in zip((start_w1, start_w2), window,
                                                  settings["start"], strict=True):
                slider.min, slider.max = min(slider.min, low), max(slider.max, high)
                slider.value = value
                slider.min, slider.max = low, high
            rate.value = settings["learning_rate"]
            steps.value = min(settings["steps"], max_steps)
        finally:
            holding[0] = False
        redraw()

    preset_box.observe(apply_preset, names="value")
    for control in (rates, rate, steps, start_w1, start_w2):
        control.observe(redraw, names="value")
    apply_preset()

    _Race = _plain_text_widget(widgets.VBox)
    view = _Race([widgets.HBox([preset_box, rates]), widgets.HBox([rate, steps]),
                  widgets.HBox([start_w1, start_w2]), image])
    view.preset, view.rates, view.learning_rate, view.steps = preset_box, rates, rate, steps
    view.start_w1, view.start_w2, view.image = start_w1, start_w2, image
    view.summary = "seven optimizers on a 2-D loss"
    return view


# ---- How a deep net learns (lecture 7): the noise in mini-batch gradients ----

def gradient_noise(batch_size: int = 1, updates: int = 40):
    """A batch-size slider over a two-parameter model (a line fitted to 256 points).

    Left: every example's gradient (grey), the gradients of random mini-batches of
    the chosen size (coloured) and the full gradient (star); the dashed circle's
    radius is their typical distance to the full gradient. Right: ``updates`` steps
    of mini-batch gradient descent with that batch size, over the loss contours.
    Both come from ``learning.gradient_noise_view`` and ``learning.line_descent_path``,
    which check ``batch_size`` and ``updates`` the same way. The slider offers the
    powers of two up to all 256 examples, and ``batch_size`` if it is none of them.
    Returns an ``ipywidgets.VBox`` with handles ``batch_size``, ``cloud``, ``path``.
    """
    import ipywidgets as widgets

    from . import learning

    # The slider's sizes: the powers of two, and the size asked for (as the view takes it).
    batch_size = learning.check_batch_size(batch_size)
    updates = require_int(updates, "updates", 0, learning.MAX_UPDATES)
    sizes = sorted({2**k for k in range(int(np.log2(learning.LINE_SIZE)) + 1)} | {batch_size})
    slider = widgets.SelectionSlider(options=sizes, value=batch_size, description="batch size",
                                     continuous_update=True, style={"description_width": "initial"},
                                     layout={"width": "60%"})
    play = widgets.Play(value=sizes.index(batch_size), min=0, max=len(sizes) - 1, interval=900,
                        description="play")
    # Side by side at their own size (440 px), each at most half the notebook's width:
    # with the file browser open at 1280x720 the notebook is about 848 px wide.
    cloud, path = (widgets.Image(format="png", layout={"max_width": "50%", "height": "auto"})
                   for _ in range(2))
    # Room below the axes for the tick labels, the x label and a two-row legend.
    margins = {"left": 0.2, "right": 0.96, "top": 0.9, "bottom": 0.34}
    cloud_canvas = plotting.FastCanvas(*learning.GRADIENT_PICTURE_SIZE, margins)
    path_canvas = plotting.FastCanvas(*learning.GRADIENT_PICTURE_SIZE, margins)

    def redraw(change=None):
        view = learning.gradient_noise_view(slider.value)
        cloud.value = cloud_canvas.render(
            "cloud", lambda ax: learning.draw_gradient_cloud_still(view, ax),
            lambda ax: learning.draw_gradient_cloud_moving(view, ax),
            f"spread {view['spread']:.2f} (one example: {view['spread_one']:.2f})")
        steps = learning.line_descent_path(slider.value, updates)
        final = float(learning.line_loss(steps[-1], *learning.line_data()))

        def moving(ax):
            artists = learning.draw_line_path(steps, slider.value, ax)
            return [*artists, plotting.legend_below(ax)]

        path.value = path_canvas.render(
            "path", learning.draw_line_contours, moving, f"{updates} updates: loss {final:.3f}")

    def follow_play(change):
        slider.value = sizes[change["new"]]

    slider.observe(redraw, names="value")
    play.observe(follow_play, names="value")
    redraw()
    _Noise = _plain_text_widget(widgets.VBox)
    view = _Noise([widgets.HBox([play, slider]),
                   widgets.HBox([cloud, path], layout={"width": "100%"})])
    view.batch_size, view.play, view.cloud, view.path = slider, play, cloud, path
    view.summary = "mini-batch gradient noise with a batch-size slider"
    return view


# ---- Sentiment (lecture 5): type a review, watch the LSTM read it word by word ----

def draw_prefix_predictions(view: dict, ax=None, title: str | None = None):
    """The model's probability of each class after each word, from
    ``text.prefix_predictions``. Two classes: one line, P(class 1), around 0.5.
    Returns the axes (None-safe: a view with no words draws its message)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.2))
    words, probabilities = view["words"], np.asarray(view["probabilities"])
    if not words or view["label"] is None:
        ax.text(0.5, 0.5, view["message"] or "nothing to read", ha="center", va="center",
                wrap=True, transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    steps = np.arange(1, len(words) + 1)
    # class names are the student's (price tiers "$", "$$"): never read as maths
    names = [plotting.plain_text(name) for name in
             view.get("class_names") or ("negative", "positive")]
    if probabilities.shape[1] == 2:
        positive = probabilities[:, 1]
        ax.axhline(0.5, color=plotting.COLORS["baseline"], linewidth=1.5, linestyle="--")
        ax.fill_between(steps, 0.5, positive, where=positive >= 0.5, interpolate=True,
                        alpha=0.3, color=_SENTIMENT_COLORS[1])
        ax.fill_between(steps, 0.5, positive, where=positive < 0.5, interpolate=True,
                        alpha=0.3, color=_SENTIMENT_COLORS[0])
        ax.plot(steps, positive, marker="o", color=plotting.COLORS["output"])
        ax.set_ylabel(f"P({names[1]})")
    else:
        for k, name in enumerate(names):
            ax.plot(steps, probabilities[:, k], marker="o", label=name,
                    color=plotting.OKABE_ITO[k % len(plotting.OKABE_ITO)])
        ax.legend(loc="upper left", fontsize=11)
        ax.set_ylabel("probability")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(0.5, len(words) + 0.5)
    ax.set_xticks(steps)
    small = 13 if len(words) <= 12 else 11 if len(words) <= 25 else 8
    ax.set_xticklabels(words, rotation=50, ha="right", fontsize=small)
    ax.set_xlabel("after reading the words up to ...")
    verdict = f"{plotting.plain_text(view['label'])} ({view['probability'].max():.0%})"
    ax.set_title(title or f"The model reads word by word: {verdict}")
    return ax


_SENTIMENT_COLORS = ("#D55E00", "#0072B2")  # negative vermillion, positive blue


def review_reader(model, vectorizer, class_names=("negative", "positive"),
                  text: str = "a thin plot , but the actors are wonderful"):
    """A text box: type a review, press Enter, see the model's verdict and its
    probability after each word (``text.prefix_predictions`` drawn by ``draw_prefix_predictions``).

    model : a Keras classifier on the vectorizer's integer sequences;
    vectorizer : its fitted ``TextVectorization``. Returns an ``ipywidgets.VBox``
    with handles ``text`` (the box), ``message`` (an HTML line) and ``image``.
    """
    import html

    import ipywidgets as widgets

    from . import text as text_data

    vocabulary = vectorizer.get_vocabulary()
    # One line, read when the student presses Enter (or leaves the box): a Textarea
    # would take Enter as a newline and leave the old verdict standing.
    box = widgets.Text(value=text, placeholder="Type a review and press Enter ...",
                       description="review", continuous_update=False,
                       layout=widgets.Layout(width="90%"))
    message = widgets.HTML()
    image = _picture()

    def predict(ids):
        return np.asarray(model.predict_on_batch(ids))

    def redraw(change=None):
        try:
            view = text_data.prefix_predictions(box.value, vectorizer, predict, vocabulary,
                                                class_names)
        except Exception as error:  # a widget must never print a traceback into the cell
            message.value = f"<b>Could not read this text:</b> {html.escape(str(error))}"
            return
        view["class_names"] = list(class_names)
        if view["label"] is None:
            verdict = ""
        else:
            verdict = (f"<b>{html.escape(view['label'])}</b>, probability "
                       f"{view['probability'].max():.2f}. ")
        message.value = verdict + html.escape(view["message"])
        image.value = plotting.figure_to_png(draw_prefix_predictions(view).figure)

    box.observe(redraw, names="value")
    redraw()
    _Reader = _plain_text_widget(widgets.VBox)
    reader = _Reader([box, message, image])
    reader.text, reader.message, reader.image = box, message, image
    reader.summary = "review box: the model's verdict after each word"
    return reader
