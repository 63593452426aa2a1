"""Gradient descent, interactively (lecture 6): a skier on a 1-D loss, and every
optimizer racing on a 2-D loss. Views over ``maths.landscapes``, drawn by
``plots.descent``."""

from __future__ import annotations

from ..errors import require_choice, require_int
from ..maths import landscapes, optimizers
from ..plots import descent as descent_plots
from ..plots.palette import OPTIMIZER_LABELS
from ..plots.style import FastCanvas
from . import scaffold


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

    require_choice(preset, "preset", landscapes.PRESETS_1D)
    max_steps = require_int(max_steps, "max_steps", 1, landscapes.MAX_STEPS)
    one_d = [name for name, land in landscapes.LANDSCAPES.items() if land.dim == 1]
    wide = {"width": "48%"}
    style = {"description_width": "initial"}
    preset_box = widgets.Dropdown(options=list(landscapes.PRESETS_1D), value=preset,
                                  description="preset", style=style)
    landscape_box = widgets.Dropdown(options=one_d, description="landscape", style=style)
    optimizer_box = widgets.Dropdown(options=[(OPTIMIZER_LABELS[n], n) for n in optimizers.NAMES],
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
    image = scaffold.picture()
    holding = [False]
    canvas = FastCanvas(9.0, 4.8, {"left": 0.1, "right": 0.97, "top": 0.88,
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

    return scaffold.view([widgets.HBox([preset_box, landscape_box, optimizer_box]),
                 widgets.HBox([rate, start]),
                 widgets.HBox([play, step, step_button, reset_button, show]),
                 image],
                "gradient-descent skier on a 1-D loss",
                preset=preset_box, landscape=landscape_box, optimizer=optimizer_box,
                learning_rate=rate, start=start, step=step, step_button=step_button,
                reset_button=reset_button, show_landscape=show, image=image)


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
    image = scaffold.picture()
    holding = [False]
    # Seven paths and their outcomes per redraw: 85 dpi keeps an update quick.
    canvas = FastCanvas(10.0, 4.8, {"left": 0.08, "right": 0.62, "top": 0.9,
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

    return scaffold.view([widgets.HBox([preset_box, rates]), widgets.HBox([rate, steps]),
                 widgets.HBox([start_w1, start_w2]), image],
                "seven optimizers on a 2-D loss",
                preset=preset_box, rates=rates, learning_rate=rate, steps=steps,
                start_w1=start_w1, start_w2=start_w2, image=image)
