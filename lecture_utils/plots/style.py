"""The plot style of every lecture (large fonts, thick lines, the palette's colours),
and what every figure needs: PNG bytes, a legend below the axes, text shown as written,
and a canvas that redraws only what moves."""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from .palette import OKABE_ITO


def plain_text(text) -> str:
    """``text`` shown as written in a figure: a ``$`` is not the start of maths."""
    return str(text).replace("$", r"\$")


LECTURE_STYLE = {
    "figure.figsize": (9.0, 4.5),
    "figure.dpi": 100,
    "font.size": 15,
    "axes.titlesize": 17,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "lines.linewidth": 3.0,
    "lines.markersize": 8,
    "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "image.cmap": "cividis",
}


def use_lecture_style() -> None:
    """Apply the series' plot style (large fonts, thick lines, Okabe-Ito colours)."""
    mpl.rcParams.update(LECTURE_STYLE)


def figure_to_png(fig, caption: str | None = None) -> bytes:
    """Render a figure to PNG bytes and close it (for ``ipywidgets.Image``).

    ``caption``: what the picture shows, kept in the PNG's "Title" text (a browser
    test reads it back from the picture on screen)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight",
                metadata={"Title": caption} if caption else None)
    plt.close(fig)
    return buffer.getvalue()


def legend_below(ax, handles=None, ncol: int = 1, gap_pt: float = 44, **options):
    """A legend under ``ax``, below its tick labels and x label: off the data, whatever
    the data. ``gap_pt``: how far below the axes it starts, in points (room for tick
    labels and an x label of the lecture style). Returns the legend."""
    from matplotlib.transforms import offset_copy

    options = {"fontsize": 12, "frameon": False, "columnspacing": 1.2, "handlelength": 1.8,
               "borderaxespad": 0, **options}
    if handles is not None:
        options["handles"] = handles
    return ax.legend(loc="upper center", ncol=ncol, bbox_to_anchor=(0.5, 0),
                     bbox_transform=offset_copy(ax.transAxes, fig=ax.figure, y=-gap_pt,
                                                units="points"), **options)


class FastCanvas:
    """A figure for a widget that redraws often: what stays put is drawn once and
    kept as pixels; each update draws only the moving artists on top of it and
    encodes the result as PNG (about ten times faster than drawing it all again).

    ``render(key, draw_still, draw_moving, title, layout)``: ``draw_still(ax)`` runs
    when ``key`` changes (it must fix the axes' limits), on a figure of ``layout``
    ((width, height), margins) if given; ``draw_moving(ax)`` returns the artists it
    added, which are drawn, encoded, and removed again; ``title`` (if any) is drawn
    above the axes. ``make_axes(figure)``, if given, makes what ``draw_still`` and
    ``draw_moving`` receive instead of one axes (several panels, say); the margins are
    then its business, and a title is drawn by ``draw_moving``.

    One render at a time: widget messages can arrive while a redraw is still running
    (a slider dragged fast, a preset switched right after the kernel starts), and two
    redraws of one shared figure at once break it ("'NoneType' object has no attribute
    'dpi'", a legend with half its entries). A lock makes the second wait. It does not
    drop the waiting one: that redraws stop queueing up behind a slider is
    ``widgets.scaffold.Redraw``'s job.
    """

    def __init__(self, width: float, height: float, margins: dict | None = None,
                 dpi: int = 100, make_axes=None):
        import threading

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self._lock = threading.RLock()
        self.figure = Figure(figsize=(width, height), dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.size, self.margins, self.make_axes = (width, height), margins, make_axes
        self.key, self.background, self.ax = None, None, None

    def render(self, key, draw_still, draw_moving, title: str = "", layout=None,
               caption: str | None = None) -> bytes:
        """The PNG bytes of the picture (``caption``: kept in the PNG's "Title" text,
        as in ``figure_to_png``)."""
        with self._lock:
            return self._render(key, draw_still, draw_moving, title, layout, caption)

    def _render(self, key, draw_still, draw_moving, title, layout, caption) -> bytes:
        from PIL import Image, PngImagePlugin

        if key != self.key or self.background is None:
            self.figure.clear()
            size, margins = layout if layout is not None else (self.size, self.margins)
            self.figure.set_size_inches(*size)
            if self.make_axes is not None:
                self.ax = self.make_axes(self.figure)
            else:
                self.figure.subplots_adjust(**margins)
                self.ax = self.figure.subplots()
            draw_still(self.ax)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.figure.bbox)
            self.key = key
        self.canvas.restore_region(self.background)
        moving = list(draw_moving(self.ax))
        if title:
            moving.append(self.ax.text(0.5, 1.03, title, transform=self.ax.transAxes,
                                       ha="center", va="bottom", fontsize=15))
        renderer = self.canvas.get_renderer()
        for artist in moving:
            artist.draw(renderer)
        pixels = np.asarray(self.canvas.buffer_rgba())[..., :3]
        for artist in moving:
            artist.remove()
        buffer = io.BytesIO()
        text = PngImagePlugin.PngInfo()
        if caption:
            text.add_text("Title", caption)
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1, pnginfo=text)
        return buffer.getvalue()
