"""Loss landscapes for the gradient-descent lecture, and what its widgets show.

A ``Landscape`` is a loss L(w) over one or two parameters with its gradient and a
window to draw it in. ``descent_1d_view`` and ``descent_2d_view`` are the pure
functions behind the widgets: they run the optimizers and return everything a
picture needs (tests call them directly; ``plots.descent`` draws them).

A run has *diverged at step k* when w at step k is no longer finite (overflow) or
lies more than ``ESCAPE`` window-widths from the window: the loss only grows
from there, and no slider value makes a view raise.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..errors import LectureError, as_numbers, require_choice, require_int, require_number
from . import optimizers

ESCAPE = 10  # window widths


@dataclass(frozen=True)
class Landscape:
    """A loss over ``dim`` parameters.

    loss : w (..., dim) -> L (...), vectorised over leading axes
    gradient : w (dim,) -> dL/dw (dim,)
    window : (low, high) of each parameter, shape (dim, 2): where the pictures look
    loss_limits : (low, high) of the loss axis in 1-D pictures
    minima : the local minima, shape (count, dim), best (lowest loss) first
    """

    name: str
    title: str
    loss: Callable
    gradient: Callable
    window: tuple
    loss_limits: tuple = (0.0, 1.0)
    minima: tuple = field(default=())

    @property
    def dim(self) -> int:
        return len(self.window)

    def contains(self, w) -> bool:
        """Is w inside the escape box (``ESCAPE`` window-widths around the window)?"""
        low, high = np.array(self.window, dtype=float).T
        margin = ESCAPE * (high - low)
        w = np.asarray(w, dtype=float)
        return bool(np.all(np.isfinite(w)) and np.all(w > low - margin)
                    and np.all(w < high + margin))


# ---- 1-D: a bowl, and a landscape with a hill ---------------------------------------

def _bowl_loss(w):
    return (np.asarray(w)[..., 0] - 1.0) ** 2 + 0.5


def _bowl_gradient(w):
    return 2.0 * (w - 1.0)


def _hill_loss(w):
    w = np.asarray(w)[..., 0]
    return 0.05 * w**4 - 0.6 * w**2 + 0.35 * w + 2.5


def _hill_gradient(w):
    return 0.2 * w**3 - 1.2 * w + 0.35


def _roots_of_hill_gradient():
    roots = np.roots([0.2, 0.0, -1.2, 0.35]).real
    minima = [r for r in roots if 0.6 * r**2 - 1.2 > 0]   # L'' > 0
    return tuple(sorted(((m,) for m in minima), key=lambda m: _hill_loss(np.array(m))))


# ---- 2-D: a narrow valley, a saddle, a banana ---------------------------------------

def _valley_loss(w):
    w = np.asarray(w)
    return 0.1 * w[..., 0] ** 2 + 2.0 * w[..., 1] ** 2


def _valley_gradient(w):
    return np.array([0.2 * w[0], 4.0 * w[1]])


def _saddle_loss(w):
    w = np.asarray(w)
    return 0.5 * w[..., 0] ** 2 - 0.5 * w[..., 1] ** 2 + 0.25 * w[..., 1] ** 4 + 0.25


def _saddle_gradient(w):
    return np.array([w[0], -w[1] + w[1] ** 3])


def _banana_loss(w):
    w = np.asarray(w)
    return (1.0 - w[..., 0]) ** 2 + 5.0 * (w[..., 1] - w[..., 0] ** 2) ** 2


def _banana_gradient(w):
    curve = w[1] - w[0] ** 2
    return np.array([-2.0 * (1.0 - w[0]) - 20.0 * w[0] * curve, 10.0 * curve])


LANDSCAPES: dict[str, Landscape] = {
    "bowl": Landscape("bowl", "L(w) = (w − 1)² + 0.5", _bowl_loss, _bowl_gradient,
                      window=((-3.0, 5.0),), loss_limits=(0.0, 17.0), minima=((1.0,),)),
    "hill": Landscape("hill", "L(w) = 0.05w⁴ − 0.6w² + 0.35w + 2.5", _hill_loss,
                      _hill_gradient, window=((-4.5, 4.5),), loss_limits=(-1.0, 6.0),
                      minima=_roots_of_hill_gradient()),
    "narrow valley": Landscape("narrow valley", "L = 0.1·w₁² + 2·w₂²", _valley_loss,
                               _valley_gradient, window=((-5.0, 5.0), (-2.5, 2.5)),
                               minima=((0.0, 0.0),)),
    "saddle": Landscape("saddle", "L = ½w₁² − ½w₂² + ¼w₂⁴ + ¼", _saddle_loss,
                        _saddle_gradient, window=((-3.0, 3.0), (-2.0, 2.0)),
                        minima=((0.0, 1.0), (0.0, -1.0))),
    "banana": Landscape("banana", "L = (1 − w₁)² + 5·(w₂ − w₁²)²", _banana_loss,
                        _banana_gradient, window=((-2.0, 2.0), (-1.0, 3.0)),
                        minima=((1.0, 1.0),)),
}

# The lecture's moments: a landscape, a start, a learning rate and how many steps.
PRESETS_1D: dict[str, dict] = {
    "too small": {"landscape": "bowl", "start": 4.5, "learning_rate": 0.02, "steps": 20},
    "just right": {"landscape": "bowl", "start": 4.5, "learning_rate": 0.3, "steps": 20},
    "oscillating": {"landscape": "bowl", "start": 4.5, "learning_rate": 0.9, "steps": 20},
    "diverging": {"landscape": "bowl", "start": 4.5, "learning_rate": 1.25, "steps": 20},
    "hill": {"landscape": "hill", "start": 4.2, "learning_rate": 0.05, "steps": 40},
}
PRESETS_2D: dict[str, dict] = {
    "narrow valley": {"landscape": "narrow valley", "start": (-4.5, 1.5),
                      "learning_rate": 0.1, "steps": 60},
    "saddle": {"landscape": "saddle", "start": (2.5, 0.01), "learning_rate": 0.05,
               "steps": 60},
    "banana": {"landscape": "banana", "start": (-1.5, 2.5), "learning_rate": 0.05,
               "steps": 150},
}


def get_landscape(landscape) -> Landscape:
    """A ``Landscape``, given one or its name in ``LANDSCAPES``."""
    if isinstance(landscape, Landscape):
        return landscape
    return LANDSCAPES[require_choice(landscape, "landscape", LANDSCAPES)]


def diverged_at(path: np.ndarray, landscape) -> int | None:
    """The first step at which ``path`` (steps + 1, dim) left the escape box or
    overflowed, or None if it never did."""
    landscape = get_landscape(landscape)
    low, high = np.array(landscape.window, dtype=float).T
    margin = ESCAPE * (high - low)
    path = np.asarray(path, dtype=float)
    with np.errstate(invalid="ignore"):
        inside = np.all((path > low - margin) & (path < high + margin), axis=1)
    if inside.all():
        return None
    return int(np.argmin(inside))


MAX_STEPS = 500
MAX_RATE = 1e6


@lru_cache(maxsize=512)
def _cached_run(name, landscape_name, start, steps, learning_rate):
    landscape = LANDSCAPES[landscape_name]
    path = optimizers.run(name, landscape.gradient, start, steps, learning_rate=learning_rate)
    path.flags.writeable = False
    return path


def descent_path(landscape, start, steps: int, learning_rate: float,
                 optimizer: str = "sgd") -> tuple[np.ndarray, int | None]:
    """Run ``optimizer`` on ``landscape``; returns (path, diverged_at).

    path : (steps + 1, dim), cut after the step where the run diverged (that point
    is kept if finite, so a picture shows which way it left); diverged_at : int or None.
    Runs on the named landscapes are cached, so scrubbing through steps is cheap.
    """
    landscape = get_landscape(landscape)
    start = tuple(float(s) for s in as_numbers(start, "start", finite=True).ravel())
    if len(start) != landscape.dim:
        raise LectureError(f"start must have {landscape.dim} number(s) on {landscape.name}, "
                           f"got {len(start)}.")
    steps = require_int(steps, "steps", 0, MAX_STEPS)
    learning_rate = require_number(learning_rate, "learning_rate", 0.0, MAX_RATE)
    require_choice(optimizer, "optimizer", optimizers.NAMES)
    if landscape.name in LANDSCAPES and LANDSCAPES[landscape.name] is landscape:
        path = _cached_run(optimizer, landscape.name, start, steps, learning_rate)
    else:
        path = optimizers.run(optimizer, landscape.gradient, start, steps,
                              learning_rate=learning_rate)
    where = diverged_at(path, landscape)
    if where is not None:
        keep = where + 1 if np.all(np.isfinite(path[where])) else where
        path = path[:keep]
    return path, where


def descent_1d_view(landscape="bowl", learning_rate: float = 0.3, start: float = 4.5,
                    step: int = 0, optimizer: str = "sgd") -> dict:
    """What the 1-D skier widget shows after ``step`` updates.

    Returns a dict: ``landscape``; ``path_w``, ``path_loss`` (k,) the positions visited so far
    (k <= step + 1, fewer if the run diverged); ``w``, ``loss``, ``slope`` at the
    skier (None once diverged); ``tangent_w``, ``tangent_loss`` (2,) the tangent at
    the skier; ``diverged_at`` (int or None); ``step``; ``title``; ``optimizer``.
    """
    landscape = get_landscape(landscape)
    if landscape.dim != 1:
        raise LectureError(f"{landscape.name} has {landscape.dim} parameters; pick a 1-D one.")
    step = require_int(step, "step", 0, MAX_STEPS)
    path, where = descent_path(landscape, start, step, learning_rate, optimizer)
    (low, high), = landscape.window
    view = {
        "landscape": landscape, "optimizer": optimizer, "step": step,
        "learning_rate": float(learning_rate), "diverged_at": where,
        "path_w": path[:, 0], "path_loss": landscape.loss(path),
    }
    if where is None:
        w = float(path[-1, 0])
        loss = float(landscape.loss(path[-1]))
        slope = float(landscape.gradient(path[-1])[0])
        half = 0.08 * (high - low) / math.sqrt(1 + (0.5 * slope) ** 2)
        view.update(w=w, loss=loss, slope=slope,
                    tangent_w=np.array([w - half, w + half]),
                    tangent_loss=np.array([loss - slope * half, loss + slope * half]))
        view["title"] = f"step {step}: w = {w:.3f}, L(w) = {loss:.3f}, slope = {slope:+.3f}"
    else:
        view.update(w=None, loss=None, slope=None, tangent_w=None, tangent_loss=None)
        view["title"] = f"diverged at step {where} (learning rate {learning_rate:.3g})"
    return view


def descent_2d_view(landscape="narrow valley", learning_rate=0.1,
                    start=(-4.5, 1.5), steps: int = 60,
                    names: tuple[str, ...] = optimizers.NAMES) -> dict:
    """What the 2-D widget shows: every optimizer in ``names`` from one start.

    learning_rate : one rate shared by all, or a dict {name: rate} with one per optimizer
    (``tuned_learning_rates`` gives the best of each).
    Returns a dict: ``landscape``; ``paths`` {name: (k, 2)} (cut where a run
    diverged); ``diverged_at`` {name: int or None}; ``final_loss`` {name: float or
    None}; ``learning_rates`` {name: float}; ``shared_rate`` (bool); ``start`` (2,);
    ``steps``; ``title``.
    """
    landscape = get_landscape(landscape)
    if landscape.dim != 2:
        raise LectureError(f"{landscape.name} has {landscape.dim} parameter(s); pick a 2-D one.")
    names = [require_choice(name, "optimizer", optimizers.NAMES)
             for name in ([names] if isinstance(names, str) else names)]
    if not names:
        raise LectureError("names must name at least one optimizer.")
    steps = require_int(steps, "steps", 0, MAX_STEPS)
    shared = not isinstance(learning_rate, dict)
    missing = [] if shared else sorted(set(names) - set(learning_rate))
    if missing:
        raise LectureError(f"learning_rate has no rate for {missing}.")
    rates = {name: learning_rate if shared else learning_rate[name] for name in names}
    paths, where, final = {}, {}, {}
    for name in names:
        paths[name], where[name] = descent_path(landscape, start, steps, rates[name], name)
        final[name] = None if where[name] is not None else float(landscape.loss(paths[name][-1]))
    rate_words = (f"learning rate {learning_rate:.3g}" if shared
                  else "each optimizer its own learning rate")
    return {"landscape": landscape, "paths": paths, "diverged_at": where, "final_loss": final,
            "learning_rates": {name: float(rate) for name, rate in rates.items()},
            "shared_rate": shared, "start": np.array(start, dtype=float), "steps": int(steps),
            "title": f"{landscape.name}: {steps} steps, {rate_words}"}


# Learning rates to try: 1, 2 and 5 in every decade from 0.001 to 1000.
SWEEP_RATES = (*(float(f"{m}e{e}") for e in range(-3, 3) for m in (1, 2, 5)), 1000.0)


def learning_rate_sweep(preset: str, rates: tuple = SWEEP_RATES) -> dict:
    """How well each optimizer does on a 2-D preset (its landscape, start and steps) at
    each learning rate: {name: (len(rates),) mean loss over the run, start included},
    inf where the run diverged. The mean rewards getting down fast and staying down:
    a rate that crawls, or one that throws the run far up a wall, scores badly."""
    require_choice(preset, "preset", PRESETS_2D)
    rates = tuple(require_number(r, "rate", 0.0, MAX_RATE)
                  for r in ([rates] if np.isscalar(rates) else rates))
    if not rates:
        raise LectureError("rates must hold at least one learning rate.")
    return dict(_sweep(preset, rates))


@lru_cache(maxsize=8)
def _sweep(preset: str, rates: tuple) -> dict:
    settings = PRESETS_2D[preset]
    landscape = LANDSCAPES[settings["landscape"]]
    sweep = {}
    for name in optimizers.NAMES:
        means = []
        for rate in rates:
            path = optimizers.run(name, landscape.gradient, settings["start"], settings["steps"],
                                  learning_rate=rate)
            diverged = diverged_at(path, landscape) is not None
            means.append(np.inf if diverged else float(np.mean(landscape.loss(path))))
        sweep[name] = np.array(means)
        sweep[name].flags.writeable = False
    return sweep


def tuned_learning_rates(preset: str) -> dict[str, float]:
    """Each optimizer's own learning rate for a 2-D preset: the rate of
    ``SWEEP_RATES`` with the lowest mean loss in ``learning_rate_sweep``."""
    return {name: SWEEP_RATES[int(np.argmin(means))]
            for name, means in learning_rate_sweep(preset).items()}


@lru_cache(maxsize=16)
def loss_grid(landscape_name: str, samples: int = 120):
    """The loss of a named 2-D landscape on a grid over its window:
    (w1 (samples,), w2 (samples,), loss (samples, samples)), loss[i, j] at (w1[j], w2[i])."""
    landscape = get_landscape(landscape_name)
    (x0, x1), (y0, y1) = landscape.window
    w1, w2 = np.linspace(x0, x1, samples), np.linspace(y0, y1, samples)
    grid = np.stack(np.meshgrid(w1, w2), axis=-1)
    return w1, w2, landscape.loss(grid)
