"""Steppers through a recurrent network's time steps: a SimpleRNN's state (lecture 2),
an LSTM's gates, carry and output (lecture 3).

``rnn_step_view`` and ``lstm_step_view`` are the pure functions the tests call; the
steppers only turn a slider's value into their picture.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..errors import LectureError, require_int
from ..plots import recurrent as recurrent_plots
from ..plots.style import FastCanvas, figure_to_png
from . import scaffold

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
    step = scaffold.checked_step(step, steps)
    shown = {}
    for name in ("input", "output"):
        values = np.array(trace[name], dtype=float)
        values[step + 1:] = np.nan
        shown[name] = values
    limit = scaffold.colour_limit(trace["input"], trace["output"])
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
        figure = recurrent_plots.draw_rnn_step(view, Figure(figsize=(9, 5.2)))
        return figure_to_png(figure, caption=view["title"])

    return scaffold.time_stepper(steps, render, f"SimpleRNN stepper over {steps} time steps",
                         step=step, interval_ms=700)


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
    step = scaffold.checked_step(step, steps)
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
            limit = scaffold.colour_limit(values)
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
    canvas = FastCanvas(
        *recurrent_plots.LSTM_STEP_SIZE,
        make_axes=lambda figure: recurrent_plots.lstm_step_axes(figure, first))

    def render(t):
        view = lstm_step_view(trace, t, units, input_labels)
        return canvas.render("panels",
                             lambda axes: recurrent_plots.draw_lstm_step_frame(axes, view),
                             lambda axes: recurrent_plots.draw_lstm_step_values(axes, view),
                             caption=view["title"])

    return scaffold.time_stepper(steps, render, f"LSTM stepper over {steps} time steps", step=step,
                         interval_ms=500)


# ---- Gradient descent (lecture 6): a skier on a 1-D loss, optimizers on a 2-D loss ----


# ---- How a deep net learns (lecture 7): the noise in mini-batch gradients ----


# ---- Sentiment (lecture 5): type a review, watch the LSTM read it word by word ----


