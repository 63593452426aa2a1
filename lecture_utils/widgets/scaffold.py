"""What every widget of the series is built on: a picture that redraws without
queueing up, a time-step slider with a play button, and the box a student sees.

Pictures are rendered to PNG and shown in an ``ipywidgets.Image``, so a widget
writes nothing into the cell's own outputs (which nbval compares) and redraws
without flicker.
"""

from __future__ import annotations

import numpy as np

from ..errors import require_int


def colour_limit(*arrays) -> float:
    """The largest finite |value| in ``arrays``: one colour scale for a whole sequence,
    which a NaN or infinity (a run that overflowed) neither collapses nor blows up."""
    values = np.abs(np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays]))
    values = values[np.isfinite(values)]
    return max(1e-9, float(values.max())) if values.size else 1.0


def checked_step(step, steps: int) -> int:
    """``step`` as an int in ``0 .. steps-1``, or a ``LectureError`` saying what is allowed."""
    return require_int(step, "step", 0, steps - 1)


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


def time_stepper(steps: int, render, summary: str, step: int = 0, interval_ms: int = 500):
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
    image = picture()

    def draw():
        image.value = render(slider.value)

    redraw = Redraw(draw)
    slider.observe(redraw, names="value")
    draw()  # now, not later: the cell's output shows the picture from the start
    return view([widgets.HBox([play, slider]), image], summary, slider=slider, image=image,
                redraw=redraw)


def picture():
    """An ``ipywidgets.Image`` for a PNG, shown at its own size (narrower if the notebook
    is): a box's children are stretched to its width by default, so on a wide screen a
    picture drawn 840 px wide would be blown up past the screen's height."""
    import ipywidgets as widgets

    return widgets.Image(format="png", layout={"align_self": "flex-start",
                                               "max_width": "100%", "height": "auto"})


def view(rows, summary: str, **handles):
    """The widget a student sees: ``rows`` (widgets, one per line) in a box whose
    plain-text form is one short line, "<summary: run the notebook to use it>".

    A notebook stores that text next to the widget (GitHub and nbval show it); the
    default text would spell out every child, PNG bytes included. ``handles`` become
    attributes (``view.slider``, ``view.image``, ...), so that tests and the browser
    check drive the widget the way a student does.
    """
    import ipywidgets as widgets

    class View(widgets.VBox):
        def __repr__(self):
            return f"<{self.summary}: run the notebook to use it>"

    box = View(list(rows))
    box.summary = summary
    for name, handle in handles.items():
        setattr(box, name, handle)
    return box
