"""Interactive views. Each widget is a thin shell over a pure function that the
tests call directly; the widget only turns slider values into pictures.

Pictures are rendered to PNG and shown in an ``ipywidgets.Image``, so a widget
writes nothing into the cell's own outputs (which nbval compares) and redraws
without flicker.
"""

from __future__ import annotations

import numpy as np

from . import plotting


def rnn_step_view(trace: dict, step: int) -> dict:
    """What the SimpleRNN stepper shows at ``step``.

    trace : a dict from ``rnn.simple_rnn_trace`` (arrays with one row per time step)
    step : 0 <= step < time

    Returns a dict with ``step``; ``input`` (time, features) and ``output``
    (time, units) where steps after ``step`` are NaN (not read yet);
    ``value_limit``, one colour scale for the whole sequence; ``title``, the
    update rule with the numbers of the first unit filled in.
    """
    steps = len(trace["output"])
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
        raise ValueError(f"step must be a whole number, got {step!r}.")
    if not 0 <= step < steps:
        raise ValueError(f"step must be between 0 and {steps - 1}, got {step}.")
    step = int(step)
    shown = {}
    for name in ("input", "output"):
        values = np.array(trace[name], dtype=float)
        values[step + 1:] = np.nan
        shown[name] = values
    limit = max(1e-9, float(np.max(np.abs([trace["input"].max(), trace["input"].min(),
                                           trace["output"].max(), trace["output"].min()]))))
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
    import ipywidgets as widgets

    _Stepper = _plain_text_widget(widgets.VBox)
    steps = len(trace["output"])
    slider = widgets.IntSlider(value=step, min=0, max=steps - 1, description="time step",
                               continuous_update=True,
                               layout=widgets.Layout(width="60%"),
                               style={"description_width": "initial"})
    play = widgets.Play(value=step, min=0, max=steps - 1, interval=700,
                        description="play")
    widgets.jslink((play, "value"), (slider, "value"))
    image = widgets.Image(format="png")

    def redraw(change=None):
        view = rnn_step_view(trace, slider.value)
        image.value = plotting.figure_to_png(plotting.draw_rnn_step(view))

    slider.observe(redraw, names="value")
    redraw()
    stepper = _Stepper([widgets.HBox([play, slider]), image])
    stepper.slider, stepper.image = slider, image  # handles for tests and the browser check
    stepper.summary = f"SimpleRNN stepper over {steps} time steps"
    return stepper


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
