"""The noise in mini-batch gradients, with a batch-size slider (lecture 7): a view over
``maths.minibatch``, drawn by ``plots.minibatch``."""

from __future__ import annotations

import numpy as np

from ..errors import require_int
from ..maths import minibatch
from ..plots import minibatch as minibatch_plots
from ..plots.style import FastCanvas, legend_below
from . import scaffold


def gradient_noise(batch_size: int = 1, updates: int = 40):
    """A batch-size slider over a two-parameter model (a line fitted to 256 points).

    Left: every example's gradient (grey), the gradients of random mini-batches of
    the chosen size (coloured) and the full gradient (star); the dashed circle's
    radius is their typical distance to the full gradient. Right: ``updates`` steps
    of mini-batch gradient descent with that batch size, over the loss contours.
    Both come from ``minibatch.gradient_noise_view`` and ``minibatch.line_descent_path``,
    which check ``batch_size`` and ``updates`` the same way. The slider offers the
    powers of two up to all 256 examples, and ``batch_size`` if it is none of them.
    Returns an ``ipywidgets.VBox`` with handles ``batch_size``, ``cloud``, ``path``.
    """
    import ipywidgets as widgets

    # The slider's sizes: the powers of two, and the size asked for (as the view takes it).
    batch_size = minibatch.check_batch_size(batch_size)
    updates = require_int(updates, "updates", 0, minibatch.MAX_UPDATES)
    sizes = sorted({2**k for k in range(int(np.log2(minibatch.LINE_SIZE)) + 1)} | {batch_size})
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
    cloud_canvas = FastCanvas(*minibatch_plots.GRADIENT_PICTURE_SIZE, margins)
    path_canvas = FastCanvas(*minibatch_plots.GRADIENT_PICTURE_SIZE, margins)

    def redraw(change=None):
        view = minibatch.gradient_noise_view(slider.value)
        cloud.value = cloud_canvas.render(
            "cloud", lambda ax: minibatch_plots.draw_gradient_cloud_still(view, ax),
            lambda ax: minibatch_plots.draw_gradient_cloud_moving(view, ax),
            f"spread {view['spread']:.2f} (one example: {view['spread_one']:.2f})")
        steps = minibatch.line_descent_path(slider.value, updates)
        final = float(minibatch.line_loss(steps[-1], *minibatch.line_data()))

        def moving(ax):
            artists = minibatch_plots.draw_line_path(steps, slider.value, ax)
            return [*artists, legend_below(ax)]

        path.value = path_canvas.render("path", minibatch_plots.draw_line_contours, moving,
                                        f"{updates} updates: loss {final:.3f}")

    def follow_play(change):
        slider.value = sizes[change["new"]]

    slider.observe(redraw, names="value")
    play.observe(follow_play, names="value")
    redraw()
    return scaffold.view([widgets.HBox([play, slider]),
                 widgets.HBox([cloud, path], layout={"width": "100%"})],
                "mini-batch gradient noise with a batch-size slider",
                batch_size=slider, play=play, cloud=cloud, path=path)
