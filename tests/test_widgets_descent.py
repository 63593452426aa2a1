"""The lecture-6 widgets driven like a student would, and the lecture-6 notebook's promises."""

from pathlib import Path

import nbformat
import numpy as np
import pytest

from lecture_utils.errors import LectureError
from lecture_utils.maths import landscapes
from lecture_utils.widgets.descent import optimizer_race, skier

NOTEBOOK = next((Path(__file__).resolve().parents[1] / "notebooks").glob("06_*.ipynb"))


def test_skier_redraws_when_a_slider_moves():
    view = skier()
    first = view.image.value
    assert bytes(first).startswith(b"\x89PNG")
    view.learning_rate.value = 0.9
    assert view.image.value != first


def test_skier_step_and_reset_buttons():
    view = skier(preset="oscillating")
    view.reset_button.click()
    assert view.step.value == 0
    before = view.image.value
    view.step_button.click()
    view.step_button.click()
    assert view.step.value == 2 and view.image.value != before
    view.step.value = view.step.max
    view.step_button.click()                      # already at the end: stays there
    assert view.step.value == view.step.max


@pytest.mark.parametrize("preset", list(landscapes.PRESETS_1D))
def test_skier_presets_set_the_sliders(preset):
    view = skier()
    view.preset.value = preset
    settings = landscapes.PRESETS_1D[preset]
    assert view.landscape.value == settings["landscape"]
    assert view.learning_rate.value == pytest.approx(settings["learning_rate"], rel=0.03)
    assert view.start.value == pytest.approx(settings["start"])
    assert view.step.value == settings["steps"]
    assert view.optimizer.value == "sgd"


def test_skier_keeps_the_start_inside_a_new_landscape():
    view = skier(preset="too small")               # bowl, start 4.5
    view.landscape.value = "hill"
    (low, high), = landscapes.LANDSCAPES["hill"].window
    assert (view.start.min, view.start.max) == (low, high)
    assert low <= view.start.value <= high
    view.landscape.value = "bowl"
    assert view.start.max == landscapes.LANDSCAPES["bowl"].window[0][1]


def test_no_skier_slider_value_raises():
    view = skier()
    for landscape in ("bowl", "hill"):
        view.landscape.value = landscape
        for optimizer in ("sgd", "adam"):   # all optimizers: test_landscapes.py
            view.optimizer.value = optimizer
            for rate in (view.learning_rate.min, view.learning_rate.max):
                view.learning_rate.value = 10**rate
                for start in (view.start.min, view.start.max):
                    view.start.value = start
                    view.step.value = view.step.max
                    view.show_landscape.value = not view.show_landscape.value
                    assert bytes(view.image.value).startswith(b"\x89PNG")


def test_race_presets_set_the_sliders_and_redraw():
    view = optimizer_race()
    first = view.image.value
    view.preset.value = "banana"
    settings = landscapes.PRESETS_2D["banana"]
    assert (view.start_w1.value, view.start_w2.value) == pytest.approx(settings["start"])
    assert view.steps.value == settings["steps"]
    assert view.image.value != first


def test_race_rates_are_each_optimizers_own_until_one_for_all_is_chosen():
    view = optimizer_race(preset="banana")
    assert view.rates.value == "tuned" and view.learning_rate.disabled
    tuned = view.image.value
    view.learning_rate.value = 0.2            # no effect while each has its own rate
    assert view.image.value == tuned
    view.rates.value = "shared"
    assert not view.learning_rate.disabled and view.image.value != tuned
    shared = view.image.value
    view.learning_rate.value = 0.01
    assert view.image.value != shared
    view.rates.value = "tuned"
    assert view.learning_rate.disabled and view.image.value == tuned


@pytest.mark.parametrize("rates", ["tuned", "shared"])
def test_no_race_slider_value_raises(rates):
    view = optimizer_race()
    view.rates.value = rates
    for preset in landscapes.PRESETS_2D:
        view.preset.value = preset
        for rate in (view.learning_rate.min, view.learning_rate.max):
            view.learning_rate.value = 10**rate
            for w1, w2 in ((view.start_w1.min, view.start_w2.min),
                           (view.start_w1.max, view.start_w2.max)):
                view.start_w1.value, view.start_w2.value = w1, w2
                view.steps.value = view.steps.max
                assert bytes(view.image.value).startswith(b"\x89PNG")


def test_widgets_plain_text_is_one_short_line():
    for widget in (skier(), optimizer_race()):
        text = repr(widget)
        assert "\n" not in text and len(text) < 100


@pytest.mark.parametrize("make, max_steps", [(skier, 10_000), (skier, -5), (skier, 0),
                                             (skier, 2.5), (optimizer_race, 1000),
                                             (optimizer_race, "300")])
def test_max_steps_beyond_what_a_view_follows_is_refused_at_once(make, max_steps):
    """Not a TraitError, and no slider that reaches a step its picture cannot follow
    (the observer used to raise at 600 and leave the old picture standing)."""
    with pytest.raises(LectureError, match=r"max_steps must be a whole number from 1 to 500"):
        make(max_steps=max_steps)


def test_the_longest_sliders_draw_their_last_step():
    one_d, also_one_d = skier(max_steps=landscapes.MAX_STEPS), skier(max_steps=500)
    before = one_d.image.value
    one_d.step.value = 600                        # the slider clamps it to its end
    assert one_d.step.value == 500 and one_d.image.value != before
    also_one_d.step.value = 500
    assert one_d.image.value == also_one_d.image.value
    two_d = optimizer_race(max_steps=landscapes.MAX_STEPS)
    before = two_d.image.value
    two_d.steps.value = 600
    assert two_d.steps.value == 500 and two_d.image.value != before


def test_a_small_max_steps_holds_the_preset_within_it():
    assert skier(max_steps=5).step.value == 5
    assert optimizer_race(max_steps=10).steps.value == 10


@pytest.mark.parametrize("make, preset", [(skier, "dunes"), (optimizer_race, "bowl")])
def test_unknown_presets_get_a_clear_error(make, preset):
    with pytest.raises(LectureError, match="unknown preset"):
        make(preset=preset)


def test_each_widget_is_followed_by_a_static_figure():
    """The saved notebook reads on GitHub, without a kernel."""
    cells = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
    widget_cells = [i for i, c in enumerate(cells[:-1])
                    if c.source.strip().startswith(("skier(", "optimizer_race("))]
    assert len(widget_cells) == 2
    for i in widget_cells:
        later = cells[i + 1]
        assert any("image/png" in out.get("data", {}) for out in later.outputs), \
            f"no static figure after {cells[i].source!r}"


def test_lecture_6_never_imports_tensorflow():
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert not any("keras" in c.source or "tensorflow" in c.source for c in cells)
    probe = nbformat.v4.new_code_cell(
        "import sys\nprint(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    notebook.cells = [*cells[:-1], probe]         # the last cell only times the widgets
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    assert notebook.cells[-1].outputs[0]["text"].strip() == "[]"


def test_update_timings_are_reported_by_the_last_cell():
    last = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"][-1]
    assert last.source.startswith("# NBVAL_IGNORE_OUTPUT")
    (output,) = last.outputs
    timings = output["data"]["application/json"]
    assert set(timings) >= {"median_update_ms"}
    assert all(np.isfinite(v) and v > 0 for v in timings.values())


def test_fast_canvas_renders_safely_when_redraws_overlap():
    """Widget messages can arrive while a redraw runs; overlapping renders of one shared
    figure used to fail with "'NoneType' object has no attribute 'dpi'" (issue 13)."""
    import threading

    from lecture_utils.plots.style import FastCanvas

    margins = {"left": 0.1, "right": 0.95, "top": 0.9, "bottom": 0.12}

    def still(k):
        def draw(ax):
            x = np.linspace(0, 1, 2000)
            ax.plot(x, np.sin((k + 1) * 3 * x))
            ax.set(xlim=(0, 1), ylim=(-1, 1))
        return draw

    def moving(ax):
        # One colour, given: from the property cycle, the colour would depend on how many
        # pictures the axes had drawn since the last switch, which threads interleave.
        return ax.plot([0.5], [0.5], "o", color="C0")

    def picture(canvas, k, title):
        return canvas.render(f"landscape {k}", still(k), moving, title)

    # What one student alone sees: the first picture after a switch of landscape (the
    # background freshly drawn) and a repeated one (the background restored) may differ
    # in a few anti-aliased pixels, so both are right.
    alone, expected = FastCanvas(6, 4, margins, dpi=50), {}
    for k in range(3):
        for t in range(4):
            picture(alone, (k + 1) % 3, "switch")
            first = picture(alone, k, f"step {t}")
            expected[k, t] = {first, picture(alone, k, f"step {t}")}
    shared, errors, wrong = FastCanvas(6, 4, margins, dpi=50), [], []

    def student(i):
        try:
            for j in range(24):
                k, t = (i + j) % 3, j % 4
                if picture(shared, k, f"step {t}") not in expected[k, t]:
                    wrong.append((k, t))
        except Exception as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=student, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and wrong == []
