"""Presenting check: lectures 2 and 6 presented with jupyterlab-slideshow, widgets live.

For each lecture, in headless Chromium at 1280x720 (a projector) and from a fresh kernel:
run all cells in JupyterLab, select the title cell and start the deck with the notebook
toolbar's deck button (command ``deck:toggle``; the palette's "Start Deck" is
``deck:start``), then press Space (the deck's "next fragment, sub-slide or slide") until the
cell with the lecture's slider widget is the active cell. There the widget's picture must be
a real picture (an ``<img>`` with a blob URL, not a placeholder), wholly on screen, and a
slider moved by key presses must redraw it while the deck stays on that slide. Further
Spaces reach a code cell with output; Ctrl+Enter runs it inside the deck and its output must
be replaced by a new one. Escape stops the deck; no traceback may reach the Log Console and
no uncaught error the page.

Uses the fixtures and helpers of ``test_browser.py`` (this module gets a JupyterLab server of
its own, on a temporary copy of ``notebooks/``). Screenshots go to
``tests/browser_screenshots/present-*.png``. Skipped without Chromium at ``/usr/bin/chromium``
or without the playwright package, as the browser tests are.
"""

import json
import re
import urllib.request

import pytest
import test_browser
from test_browser import (
    CHROMIUM,
    WIDGET_MS,
    _click_menu,
    _move_slider,
    _picture,
    _shot,
    _wait_for_new_picture,
    open_and_run_all,
    sync_api,
)

# The browser tests' fixtures, here for this module: its own JupyterLab server and Chromium.
lab, browser = test_browser.lab, test_browser.browser

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser check needs Chromium at {CHROMIUM} (apt-get install -y chromium)",
)

VIEWPORT = test_browser.PROJECTOR   # a projector, 1280x720
STEP_MS = 5_000      # the deck moves to the next cell after a key press
DECK_SETTINGS = "jupyterlab-slideshow:plugin"

# The index of the active cell of the (only) open notebook.
_ACTIVE_INDEX = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-Cell')]
    .findIndex(cell => cell.classList.contains('jp-mod-active'))"""
_PRESENTING = "body[data-jp-deck-mode='presenting']"


@pytest.fixture
def page(browser):
    with test_browser.new_page(browser, VIEWPORT) as page:
        yield page


def _deck_off(lab) -> None:
    """Save the deck's ``active`` setting as false: the extension stores "presenting" in the
    user settings, and a page opened while it is true starts presenting (menus hidden)."""
    base, token = lab
    request = urllib.request.Request(
        f"{base}/lab/api/settings/{DECK_SETTINGS}", method="PUT",
        data=json.dumps({"raw": json.dumps({"active": False})}).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30):
        pass


def _active_index(page) -> int:
    return page.evaluate(_ACTIVE_INDEX)


def _press_until(page, found, what: str, tag: str, limit: int) -> None:
    """Press Space (the deck's next fragment, sub-slide or slide) until ``found()`` holds;
    fail when the deck stops moving (its end) or after ``limit`` presses."""
    seen = [_active_index(page)]
    for _ in range(limit):
        if found():
            return
        before = seen[-1]
        page.keyboard.press("Space")
        try:
            page.wait_for_function(f"() => ({_ACTIVE_INDEX})() !== {before}",
                                   timeout=STEP_MS, polling=100)
        except sync_api.Error:
            break                                  # the deck did not move: its last cell
        seen.append(_active_index(page))
    if found():
        return
    _shot(page, f"present-{tag}-not-found")
    shown = page.evaluate("""() => [...document.querySelectorAll(
        '.jp-NotebookPanel .jp-Cell')].filter(cell => cell.classList.contains(
        'jp-deck-mod-onscreen')).length""")
    pytest.fail(f"pressing Space through the deck (active cells {seen}) never showed "
                f"{what}; cells on screen at the end: {shown}. Check the cells' slideshow "
                f"metadata: jupyterlab-slideshow continues the slide above with a cell "
                f"whose slide_type is '' or missing (JupyterLab's cell inspector writes '' "
                f"for '-'), and never shows a cell whose slide_type is '-' (nbconvert's "
                f"spelling, which it does not know).")


def _inside_screen(box: dict, what: str) -> None:
    width, height = VIEWPORT["width"], VIEWPORT["height"]
    assert box["x"] >= -0.5 and box["y"] >= -0.5, f"{what} starts off screen: {box}"
    assert box["x"] + box["width"] <= width + 0.5, f"{what} is cut off at the right: {box}"
    assert box["y"] + box["height"] <= height + 0.5, (
        f"{what} is cut off at the bottom of the {width}x{height} screen: {box}")


# The box, in the page's pixels, of what a picture draws: its pixels that are not white (or
# transparent), so that a figure's white margin may reach past the screen's edge.
_DRAWN_BOX = """img => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const {data} = context.getImageData(0, 0, canvas.width, canvas.height);
    let top = Infinity, left = Infinity, bottom = -1, right = -1;
    for (let y = 0; y < canvas.height; y++) {
        for (let x = 0; x < canvas.width; x++) {
            const i = 4 * (y * canvas.width + x);
            if (data[i + 3] > 16 && Math.min(data[i], data[i + 1], data[i + 2]) < 240) {
                top = Math.min(top, y); bottom = Math.max(bottom, y);
                left = Math.min(left, x); right = Math.max(right, x);
            }
        }
    }
    if (bottom < 0) return null;
    const r = img.getBoundingClientRect();
    const sx = r.width / canvas.width, sy = r.height / canvas.height;
    return {x: r.x + left * sx, y: r.y + top * sy,
            width: (right + 1 - left) * sx, height: (bottom + 1 - top) * sy};
}"""


def _widget_on_screen(page, cell, image, what: str) -> dict:
    """Every control of the widget in ``cell`` and everything its picture draws lie inside
    the 1280x720 screen, and nothing covers the middle of the picture. Returns the box of
    the widget's output."""
    output = cell.locator(".jp-OutputArea-output").filter(
        has=page.locator(".jupyter-widgets")).first
    controls = output.locator(".jupyter-widgets:not(.widget-container):not(.widget-image)")
    assert controls.count() > 0, f"{what} shows no controls"
    for control in controls.all():
        if control.is_visible():
            _inside_screen(control.bounding_box(), f"{what}: control {control.inner_text()!r}")
    drawn = image.evaluate(_DRAWN_BOX)
    assert drawn is not None, f"{what}: the picture is blank"
    _inside_screen(drawn, f"{what}: the drawing in its picture")
    on_top = image.evaluate("""img => {
        const r = img.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return top === img;
    }""")
    assert on_top, f"something covers the middle of {what}'s picture"
    return output.bounding_box()


def _present(page, lab, notebook: str, label: str, key: str, presses: int, tag: str) -> None:
    problems = []
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if "Traceback" in message.text else None)
    _deck_off(lab)
    open_and_run_all(page, lab, notebook, timeout_s=240)

    # Start: the title cell selected, then the notebook toolbar's deck button.
    page.locator(".jp-NotebookPanel .jp-Cell").first.locator(".jp-InputPrompt").click()
    assert _active_index(page) == 0
    page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="deck"] button').click()
    page.locator(_PRESENTING).wait_for(state="attached")
    sync_api.expect(page.locator(".jp-Deck-Remote")).to_be_visible()
    title = page.locator(".jp-NotebookPanel .jp-Cell").first
    sync_api.expect(title).to_have_class(re.compile(r"\bjp-deck-mod-onscreen\b"))
    sync_api.expect(page.locator("#jp-menu-panel")).to_be_hidden()     # the lab is out of view
    heading = title.locator(".jp-RenderedMarkdown h1").first
    sync_api.expect(heading).to_be_visible()
    _inside_screen(heading.bounding_box(), "the title")
    _shot(page, f"present-{tag}-start")

    # Forward to the widget: the active cell is the one whose widget has this label.
    active = page.locator(".jp-NotebookPanel .jp-Cell.jp-mod-active")
    widget_label = active.locator(".jupyter-widgets .widget-label", has_text=label)
    _press_until(page, lambda: widget_label.count() > 0, f"a widget labelled {label!r}",
                 tag, limit=120)
    cell = page.locator(".jp-NotebookPanel .jp-CodeCell.jp-deck-mod-onscreen").filter(
        has=page.locator(".jupyter-widgets .widget-label", has_text=label)).first
    index = _active_index(page)
    image, before = _picture(cell)               # a real picture, not a placeholder text
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle(), timeout=WIDGET_MS)
    page.wait_for_timeout(500)                   # the deck's scroll to the active cell
    _shot(page, f"present-{tag}-widget-before")
    box = _widget_on_screen(page, cell, image, f"the {label!r} widget")
    print(f"{notebook}: widget output at {box}")

    # The slider, by key presses on its focused handle, redraws the picture in the deck.
    old_value, new_value = _move_slider(page, cell, label, key, presses)
    _wait_for_new_picture(page, image, before)
    assert float(new_value) != float(old_value)
    assert page.locator(_PRESENTING).count() == 1, "the slider's keys stopped the deck"
    assert _active_index(page) == index, "the slider's keys moved the deck to another cell"
    _widget_on_screen(page, cell, image, f"the {label!r} widget, after the slider moved")
    _shot(page, f"present-{tag}-widget-after")

    # Forward to a code cell with output (no widget), then run it inside the deck.
    code = page.locator(".jp-NotebookPanel .jp-CodeCell.jp-mod-active:not(.jp-mod-noOutputs)"
                        ":not(:has(.jupyter-widgets))")
    active.focus()                               # back from the slider to the deck's keys
    _press_until(page, lambda: code.count() > 0, "a code cell with output", tag, limit=40)
    code = code.first
    prompt = code.locator(".jp-InputArea-prompt").first
    old_count = prompt.text_content()
    assert re.search(r"\[\d+\]", old_count), old_count
    code.locator(".jp-OutputArea-output").evaluate_all(
        "nodes => nodes.forEach(node => node.setAttribute('data-before-run', ''))")
    code.focus()
    page.keyboard.press("ControlOrMeta+Enter")   # notebook:run-cell: runs it, stays on it
    sync_api.expect(prompt).not_to_have_text(old_count, timeout=WIDGET_MS)
    sync_api.expect(prompt).to_have_text(re.compile(r"\[\d+\]"), timeout=WIDGET_MS)
    new_output = code.locator(".jp-OutputArea-output:not([data-before-run])").first
    new_output.wait_for(state="visible", timeout=WIDGET_MS)
    assert code.locator(".jp-OutputArea-output[data-before-run]").count() == 0
    assert code.locator('[data-mime-type="application/vnd.jupyter.error"]').count() == 0, (
        code.inner_text()[-2000:])
    assert page.locator(_PRESENTING).count() == 1
    output_box = new_output.bounding_box()
    assert output_box["y"] < VIEWPORT["height"] and output_box["y"] + output_box["height"] > 0
    page.wait_for_timeout(300)
    _shot(page, f"present-{tag}-code-output")
    print(f"{notebook}: ran cell {_active_index(page)}, {old_count} -> "
          f"{prompt.text_content()}")

    # Escape leaves the deck; then nothing may have reached the Log Console.
    code.focus()
    page.keyboard.press("Escape")
    sync_api.expect(page.locator(_PRESENTING)).to_have_count(0)
    sync_api.expect(page.locator("#jp-menu-panel")).to_be_visible()
    _click_menu(page, "View", "Show Log Console")
    console = page.locator(".jp-LogConsolePanel").first
    console.wait_for()
    page.wait_for_timeout(1000)
    logged = console.inner_text()
    assert "Traceback" not in logged and "Error" not in logged, logged[-3000:]
    assert not problems, problems


def test_lecture_2_stepper_presented_live(page, lab):
    _present(page, lab, "02_simple_rnn_under_the_hood.ipynb", "time step", "ArrowRight", 3,
             tag="02")


def test_lecture_6_skier_presented_live(page, lab):
    _present(page, lab, "06_gradient_descent_interactive.ipynb", "learning rate",
             "ArrowRight", 3, tag="06")
