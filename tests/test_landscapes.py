"""lecture_utils.maths.landscapes: the losses, and the pure views behind the descent widgets."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_utils.errors import LectureError
from lecture_utils.maths import landscapes, optimizers
from lecture_utils.plots import descent as descent_plots

ONE_D = [name for name, land in landscapes.LANDSCAPES.items() if land.dim == 1]
TWO_D = [name for name, land in landscapes.LANDSCAPES.items() if land.dim == 2]


@pytest.mark.parametrize("name", list(landscapes.LANDSCAPES))
def test_gradient_is_the_slope_of_the_loss(name):
    landscape = landscapes.LANDSCAPES[name]
    rng = np.random.default_rng(0)
    low, high = np.array(landscape.window).T
    for w in rng.uniform(low, high, size=(20, landscape.dim)):
        numeric = [(landscape.loss(w + e) - landscape.loss(w - e)) / 2e-6
                   for e in np.eye(landscape.dim) * 1e-6]
        np.testing.assert_allclose(landscape.gradient(w), numeric, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", list(landscapes.LANDSCAPES))
def test_minima_are_flat_and_sorted_best_first(name):
    landscape = landscapes.LANDSCAPES[name]
    losses = [float(landscape.loss(np.array(m))) for m in landscape.minima]
    assert losses == sorted(losses)
    for minimum in landscape.minima:
        np.testing.assert_allclose(landscape.gradient(np.array(minimum, dtype=float)), 0,
                                   atol=1e-9)


def test_diverged_at_finds_escape_and_overflow():
    bowl = landscapes.LANDSCAPES["bowl"]
    assert landscapes.diverged_at(np.array([[4.0], [2.0], [1.0]]), bowl) is None
    assert landscapes.diverged_at(np.array([[4.0], [-50.0], [200.0]]), bowl) == 2
    assert landscapes.diverged_at(np.array([[4.0], [np.nan]]), bowl) == 1
    assert landscapes.diverged_at(np.array([[4.0], [np.inf]]), bowl) == 1


def view_of_preset(name):
    preset = landscapes.PRESETS_1D[name]
    return landscapes.descent_1d_view(preset["landscape"], preset["learning_rate"],
                                      preset["start"], preset["steps"])


def test_presets_show_the_lectures_moments():
    too_small, just_right = view_of_preset("too small"), view_of_preset("just right")
    oscillating, diverging = view_of_preset("oscillating"), view_of_preset("diverging")
    assert too_small["w"] > 2                       # still far up the slope
    assert abs(just_right["w"] - 1) < 1e-3          # at the minimum
    assert np.all(np.diff(too_small["path_w"]) < 0)  # glides in from one side
    sides = np.sign(oscillating["path_w"] - 1)
    assert np.all(sides[1:] != sides[:-1])          # jumps across at every step ...
    assert abs(oscillating["w"] - 1) < 0.1          # ... and still closes in
    assert diverging["diverged_at"] is not None and diverging["w"] is None
    assert diverging["title"].startswith(f"diverged at step {diverging['diverged_at']}")


def test_hill_preset_settles_in_the_nearer_minimum():
    view = view_of_preset("hill")
    better, nearer = landscapes.LANDSCAPES["hill"].minima
    assert abs(view["w"] - nearer[0]) < 0.05
    assert np.all(view["path_w"] > 0)               # never crosses the hill
    assert landscapes.LANDSCAPES["hill"].loss(np.array(better)) < view["loss"] - 1


def test_views_of_later_steps_extend_earlier_ones():
    short = landscapes.descent_1d_view("bowl", 0.9, 4.5, 3)
    long = landscapes.descent_1d_view("bowl", 0.9, 4.5, 10)
    assert len(short["path_w"]) == 4 and len(long["path_w"]) == 11
    np.testing.assert_array_equal(long["path_w"][:4], short["path_w"])


@pytest.mark.parametrize("landscape", ONE_D)
@pytest.mark.parametrize("optimizer", optimizers.NAMES)
def test_no_slider_value_raises_in_1d(landscape, optimizer):
    (low, high), = landscapes.LANDSCAPES[landscape].window
    for learning_rate in (1e-3, 0.1, 1.0, 10**0.5):
        for start in (low, 0.0, high):
            for step in (0, 1, 60):
                view = landscapes.descent_1d_view(landscape, learning_rate, start, step,
                                                  optimizer)
                assert np.all(np.isfinite(view["path_w"]))
                assert len(view["path_w"]) >= 1
                if view["diverged_at"] is None:
                    assert np.isfinite([view["w"], view["loss"], view["slope"]]).all()
                else:
                    assert "diverged at step" in view["title"]


@pytest.mark.parametrize("landscape", TWO_D)
def test_no_slider_value_raises_in_2d(landscape):
    (x0, x1), (y0, y1) = landscapes.LANDSCAPES[landscape].window
    for learning_rate in (1e-3, 0.05, 1.0):
        for start in ((x0, y0), (x1, y1), (0.0, 0.0)):
            view = landscapes.descent_2d_view(landscape, learning_rate, start, 300)
            for name in optimizers.NAMES:
                assert np.all(np.isfinite(view["paths"][name]))
                assert (view["final_loss"][name] is None) == (view["diverged_at"][name] is not None)


def test_banana_preset_throws_the_sgd_family_off_but_not_adam():
    preset = landscapes.PRESETS_2D["banana"]
    view = landscapes.descent_2d_view(preset["landscape"], preset["learning_rate"],
                                      preset["start"], preset["steps"])
    assert all(view["diverged_at"][n] is not None for n in ("sgd", "momentum", "nesterov"))
    assert view["final_loss"]["adam"] < 0.01


def test_saddle_preset_holds_sgd_near_the_saddle():
    preset = landscapes.PRESETS_2D["saddle"]
    view = landscapes.descent_2d_view(preset["landscape"], preset["learning_rate"],
                                      preset["start"], preset["steps"])
    assert view["final_loss"]["sgd"] > 0.2          # the saddle point's loss is 0.25
    assert view["final_loss"]["momentum"] < 0.01


@pytest.mark.parametrize("call, message", [
    (lambda: landscapes.descent_1d_view("moon"), "unknown landscape"),
    (lambda: landscapes.descent_1d_view("banana"), "pick a 1-D one"),
    (lambda: landscapes.descent_2d_view("bowl", start=(1.0,)), "pick a 2-D one"),
    (lambda: landscapes.descent_1d_view("bowl", learning_rate=-0.1), "learning_rate must"),
    (lambda: landscapes.descent_1d_view("bowl", learning_rate=float("nan")),
     "learning_rate must"),
    (lambda: landscapes.descent_1d_view("bowl", step=2.5), "step must"),
    (lambda: landscapes.descent_1d_view("bowl", step=10_000), "step must"),
    (lambda: landscapes.descent_1d_view("bowl", optimizer="adamw"), "unknown optimizer"),
    (lambda: landscapes.descent_2d_view("saddle", start=(1.0, 2.0, 3.0)), "start must"),
    (lambda: landscapes.descent_2d_view("saddle", names=("sgd", "lion")), "unknown optimizer"),
])
def test_mistakes_get_a_clear_error(call, message):
    with pytest.raises(LectureError, match=message):
        call()


@pytest.mark.parametrize("call, message", [
    (lambda: landscapes.descent_1d_view(None), "unknown landscape None"),
    (lambda: landscapes.descent_1d_view("bowl", start=None), "start should be numbers"),
    (lambda: landscapes.descent_1d_view("bowl", start=[1.0, 2.0]), "start must have 1 number"),
    (lambda: landscapes.descent_1d_view("bowl", learning_rate=float("inf")), "finite"),
    (lambda: landscapes.descent_2d_view("saddle", steps=10**6), "steps must be .* 0 to 500"),
    (lambda: landscapes.descent_2d_view("saddle", names=()), "at least one optimizer"),
    (lambda: landscapes.descent_2d_view("saddle", {n: -1 for n in optimizers.NAMES}),
     "learning_rate must"),
    (lambda: landscapes.learning_rate_sweep("saddle", rates=()), "at least one learning rate"),
    (lambda: landscapes.tuned_learning_rates("moon"), "unknown preset 'moon'"),
    (lambda: landscapes.diverged_at(np.zeros((3, 1)), "moon"), "unknown landscape"),
])
def test_every_mistake_is_a_lecture_error(call, message):
    """Not a plain ValueError: shown as one line in a notebook (issue 15)."""
    with pytest.raises(LectureError, match=message):
        call()


def test_one_optimizer_name_is_not_read_letter_by_letter():
    view = landscapes.descent_2d_view("saddle", 0.05, (2.5, 0.01), 10, names="adam")
    assert list(view["paths"]) == ["adam"]


def test_drawings_of_diverged_runs_say_so():
    view = landscapes.descent_1d_view("hill", 3.0, 4.4, 30)
    assert view["diverged_at"] is not None
    for hidden in (False, True):
        ax = descent_plots.draw_descent_1d(view, show_landscape=not hidden)
        assert any(f"diverged at step {view['diverged_at']}" in t.get_text() for t in ax.texts)
        ax.figure.canvas.draw()
        plt.close(ax.figure)
    preset = landscapes.PRESETS_2D["banana"]
    view = landscapes.descent_2d_view("banana", preset["learning_rate"], preset["start"], 150)
    ax = descent_plots.draw_descent_2d(view)
    assert sum("diverged at step" in t.get_text() for t in ax.texts) == 3
    ax.figure.canvas.draw()
    plt.close(ax.figure)


def test_titles_give_the_learning_rate_as_a_person_says_it():
    # a log-scale slider lands on 10 ** 0.5 = 3.16227766...: the title says 3.16, as the
    # slider's readout does, not 3.16228
    race = landscapes.descent_2d_view("narrow valley", 10 ** 0.5, steps=5)
    assert race["title"].endswith("learning rate 3.16")
    diverged = landscapes.descent_1d_view("bowl", 10 ** 0.5, 4.5, 30)
    assert diverged["title"].endswith("(learning rate 3.16)"), diverged["title"]


def test_sweep_marks_diverged_rates_and_tuning_picks_the_lowest_mean():
    sweep = landscapes.learning_rate_sweep("banana")
    rates = np.array(landscapes.SWEEP_RATES)
    assert set(sweep) == set(optimizers.NAMES)
    assert all(len(means) == len(rates) for means in sweep.values())
    # plain gradient descent is thrown off the banana's steep walls at large rates
    assert np.isinf(sweep["sgd"][rates >= 1]).all()
    assert np.isfinite(sweep["sgd"][rates <= 0.01]).all()
    tuned = landscapes.tuned_learning_rates("banana")
    for name, means in sweep.items():
        assert means[landscapes.SWEEP_RATES.index(tuned[name])] == means.min()


@pytest.mark.parametrize("preset", list(landscapes.PRESETS_2D))
def test_with_its_own_rate_no_optimizer_diverges_and_adadelta_moves(preset):
    settings = landscapes.PRESETS_2D[preset]
    tuned = landscapes.tuned_learning_rates(preset)
    view = landscapes.descent_2d_view(settings["landscape"], tuned, settings["start"],
                                      settings["steps"])
    assert all(where is None for where in view["diverged_at"].values())
    assert view["learning_rates"] == tuned and not view["shared_rate"]
    assert view["title"].endswith("each optimizer its own learning rate")
    # AdaDelta's steps start near learning_rate * sqrt(epsilon): it needs a large rate
    assert tuned["adadelta"] >= 100
    moved = np.linalg.norm(view["paths"]["adadelta"][-1] - view["start"])
    assert moved > 1.0


def test_one_shared_rate_is_kept_and_said():
    view = landscapes.descent_2d_view("saddle", 0.05, (2.5, 0.01), 10)
    assert view["shared_rate"] and set(view["learning_rates"].values()) == {0.05}


@pytest.mark.parametrize("call, message", [
    (lambda: landscapes.descent_2d_view("saddle", {"sgd": 0.1}), "no rate for"),
    (lambda: landscapes.learning_rate_sweep("bowl"), "unknown preset"),
    (lambda: landscapes.learning_rate_sweep("saddle", rates=(0.1, -1.0)), "rate must"),
])
def test_rate_mistakes_get_a_clear_error(call, message):
    with pytest.raises(LectureError, match=message):
        call()
