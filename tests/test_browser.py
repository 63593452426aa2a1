"""Browser check: the lectures' widgets work in a real JupyterLab, driven like a student would.

Starts JupyterLab on loopback (on a temporary copy of ``notebooks/``, so running the
notebooks never changes the repository), opens lectures 6, 2, 5 and 7 in headless Chromium
through Playwright, runs all cells, moves a slider or types a review (and presses Enter),
and checks that the widget's picture (an ``ipywidgets.Image``, shown as an ``<img>`` with a
blob URL) changes; lecture 7's two pictures must fit a 1280x720 window with the file
browser open; switching lecture 6's presets fast must leave the Log Console free of
tracebacks.
Screenshots of each step go to ``tests/browser_screenshots/`` for a person to look at.

Needs the ``playwright`` Python package and Debian's Chromium at ``/usr/bin/chromium``
(``apt-get install -y chromium``; no ``playwright install``); without them the module is
skipped. Lecture 5 reads its dataset, so set ``LECTURE_DATA_MIRROR`` (or have it cached)
when there is no network.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser check needs Chromium at {CHROMIUM} (apt-get install -y chromium)",
)

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="browser check needs the playwright package (pip install 'playwright>=1.40')",
)

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(__file__).resolve().parent / "browser_screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

SERVER_START_S = 120        # JupyterLab on a loaded 2-core machine
PAGE_LOAD_MS = 90_000       # the notebook page, its kernel and the widget manager
WIDGET_MS = 60_000          # a widget redraws after a slider step or a new review
_IMAGE_URL = re.compile(r"^(blob:|data:image/)")   # how an ipywidgets.Image shows its PNG


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a temporary copy of the notebooks.

    Yields ``(base_url, token)``.
    """
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", root)
    port, token = _free_port(), secrets.token_hex(16)
    # Fresh user settings: no "official Jupyter news?" prompt over the notebook.
    notification = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = dict(os.environ)
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
    command = [
        sys.executable, "-m", "jupyterlab",
        "--allow-root", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        f"--LabApp.user_settings_dir={tmp / 'settings'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log_path = tmp / "jupyterlab.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited ({server.returncode}):\n"
                            f"{log_path.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_START_S} s:\n"
                                f"{log_path.read_text(errors='replace')[-3000:]}")
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


PROJECTOR = {"width": 1280, "height": 720}


@contextlib.contextmanager
def new_page(browser, viewport: dict):
    """A fresh page (its own context: no state from another test) at ``viewport``."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(PAGE_LOAD_MS)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with new_page(browser, {"width": 1400, "height": 1000}) as page:
        yield page


@pytest.fixture
def projector_page(browser):
    """A page the size of a projector, 1280x720."""
    with new_page(browser, PROJECTOR) as page:
        yield page


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _click_menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-content .lm-Menu-item:not(.lm-mod-disabled)").filter(
        has=page.locator(".lm-Menu-itemLabel", has_text=item)).first.click()


# Cells that are done: every code cell shows a number ([3]:), none waits or runs.
_ALL_RUN = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
# Running stopped early: nothing runs or waits, and an error is shown.
_STOPPED = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
    return !prompts.some(p => p.textContent.includes('*')) && document.querySelector(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]') !== null;
}"""


def open_and_run_all(page, lab, notebook: str, timeout_s: float) -> None:
    """Open ``notebook`` in its own JupyterLab workspace, clear its stored outputs, run all
    cells and wait until every code cell has run (fail with the error if one raises)."""
    base, token = lab
    workspace = Path(notebook).stem.replace("_", "-")
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={token}")
    page.locator(".jp-NotebookPanel .jp-CodeCell").first.wait_for()
    # The kernel is up when the toolbar's kernel status says idle.
    page.locator('.jp-NotebookPanel-toolbar [data-status="idle"]').first.wait_for()
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    _click_menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function("""() => [...document.querySelectorAll(
        '.jp-CodeCell .jp-InputArea-prompt')].every(p => !/\\d/.test(p.textContent))""")
    _click_menu(page, "Run", "Run All Cells")
    page.wait_for_function(f"() => ({_ALL_RUN})() || ({_STOPPED})()",
                           timeout=timeout_s * 1000, polling=500)
    errors = page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    if errors.count():
        _shot(page, f"{workspace}-error")
        pytest.fail(f"{notebook} raised:\n{errors.first.inner_text()[-3000:]}")
    page.locator('.jp-NotebookPanel-toolbar [data-status="idle"]').first.wait_for()


def widget_cell(page, label: str):
    """The first code cell whose output has a widget control labelled ``label``."""
    cell = page.locator(".jp-CodeCell").filter(
        has=page.locator(".jupyter-widgets .widget-label", has_text=label)).first
    cell.scroll_into_view_if_needed()
    return cell


def _picture(cell):
    image = cell.locator(".jupyter-widgets img").first
    sync_api.expect(image).to_have_attribute("src", _IMAGE_URL, timeout=WIDGET_MS)
    return image, image.get_attribute("src")


# True once the <img> has kept one src for ``quietMs`` and that picture is decoded: the
# kernel has sent the last redraw a change asked for (a slider moved by three key presses
# redraws three times).
_PICTURE_SETTLED = """([img, quietMs]) => {
    const seen = (window.__lastSrc = window.__lastSrc || new WeakMap());
    const now = performance.now(), last = seen.get(img);
    if (!last || last.src !== img.src) {
        seen.set(img, {src: img.src, since: now});
        return false;
    }
    return img.complete && img.naturalWidth > 0 && now - last.since >= quietMs;
}"""


def _wait_for_new_picture(page, image, before: str) -> None:
    """Wait until ``image`` shows a new picture (another src), the redraws have stopped
    and the last picture is decoded and painted."""
    sync_api.expect(image).not_to_have_attribute("src", before, timeout=WIDGET_MS)
    page.wait_for_function(_PICTURE_SETTLED, arg=[image.element_handle(), 1500],
                           timeout=WIDGET_MS, polling=100)
    image.evaluate("""async img => {
        await img.decode();
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    }""")
    sync_api.expect(image).to_have_attribute("src", _IMAGE_URL)


def _move_slider(page, cell, label: str, key: str, presses: int):
    """Focus the handle of the slider labelled ``label`` in ``cell`` and press ``key``."""
    slider = cell.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text=label)).first
    readout = slider.locator(".widget-readout").first
    before = readout.inner_text()
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(presses):
        handle.press(key)
    sync_api.expect(readout).not_to_have_text(before, timeout=WIDGET_MS)
    return before, readout.inner_text()


@pytest.mark.parametrize("notebook, label, presses, number, shot", [
    ("06_gradient_descent_interactive.ipynb", "learning rate", 5, float, "06-skier"),
    ("02_simple_rnn_under_the_hood.ipynb", "time step", 3, int, "02-stepper"),
], ids=["skier learning rate", "SimpleRNN stepper time step"])
def test_moving_a_slider_redraws_the_picture(page, lab, notebook, label, presses, number, shot):
    open_and_run_all(page, lab, notebook, timeout_s=240)
    cell = widget_cell(page, label)
    image, before = _picture(cell)
    image.scroll_into_view_if_needed()
    _shot(page, f"{shot}-before")
    old_value, new_value = _move_slider(page, cell, label, "ArrowRight", presses)
    _wait_for_new_picture(page, image, before)
    assert number(new_value) > number(old_value)
    image.scroll_into_view_if_needed()
    _shot(page, f"{shot}-after")


def test_review_box_shows_a_new_prediction(page, lab):
    open_and_run_all(page, lab, "05_sentiment_classification.ipynb", timeout_s=300)
    cell = widget_cell(page, "review")
    image, before = _picture(cell)
    message = cell.locator(".jupyter-widgets.widget-html").first
    sync_api.expect(message).to_contain_text("probability", timeout=WIDGET_MS)
    old_message = message.inner_text()
    box = cell.locator(".widget-text input").first
    box.scroll_into_view_if_needed()
    _shot(page, "05-review-before")
    review = "a dull , lifeless and predictable film"
    box.click()
    box.press("ControlOrMeta+a")
    box.press_sequentially(review, delay=10)
    sync_api.expect(box).to_have_value(review)
    # The box has continuous_update=False: the kernel reads it when Enter is pressed.
    box.press("Enter")
    _wait_for_new_picture(page, image, before)
    sync_api.expect(message).not_to_have_text(old_message, timeout=WIDGET_MS)
    sync_api.expect(message).to_contain_text("probability")
    image.scroll_into_view_if_needed()
    _shot(page, "05-review-after")


def test_batch_size_widget_fits_a_projector_with_the_file_browser_open(projector_page, lab):
    """Lecture 7's two pictures, side by side, stay inside the notebook at 1280x720 with
    the file browser open, and still redraw when the batch size moves."""
    page = projector_page
    open_and_run_all(page, lab, "07_how_a_deep_net_learns.ipynb", timeout_s=240)
    sync_api.expect(page.locator(".jp-FileBrowser").first).to_be_visible()
    cell = widget_cell(page, "batch size")
    image, before = _picture(cell)
    image.scroll_into_view_if_needed()
    _shot(page, "07-batch-size-before")
    _move_slider(page, cell, "batch size", "ArrowRight", 2)
    _wait_for_new_picture(page, image, before)
    image.scroll_into_view_if_needed()
    _shot(page, "07-batch-size-after")
    notebook = page.locator(".jp-NotebookPanel .jp-Notebook").first.bounding_box()
    pictures = cell.locator(".jupyter-widgets img")
    assert pictures.count() == 2
    for picture in pictures.all():
        box = picture.bounding_box()
        assert box["x"] >= notebook["x"] and box["width"] > 200
        assert box["x"] + box["width"] <= notebook["x"] + notebook["width"], (box, notebook)


def _dropdown(cell, page, label: str):
    return cell.locator(".widget-dropdown").filter(
        has=page.locator(".widget-label", has_text=label)).locator("select").first


def test_switching_every_preset_fast_leaves_no_traceback(page, lab):
    """Right after a fresh kernel runs lecture 6, switch every skier preset and every race
    landscape, three rounds, as fast as the browser can: overlapping redraws must not
    break a figure (no traceback in the Log Console) and the pictures must come back."""
    open_and_run_all(page, lab, "06_gradient_descent_interactive.ipynb", timeout_s=240)
    skier_cell = widget_cell(page, "start w")
    race_cell = widget_cell(page, "start w₂")
    switches = [(skier_cell, _dropdown(skier_cell, page, "preset")),
                (race_cell, _dropdown(race_cell, page, "landscape"))]
    for _ in range(3):
        for cell, select in switches:
            cell.scroll_into_view_if_needed()
            for index in range(select.locator("option").count()):
                select.select_option(index=index)
    page.locator('.jp-NotebookPanel-toolbar [data-status="idle"]').first.wait_for()
    for cell, _ in switches:
        image, _ = _picture(cell)
        page.wait_for_function(_PICTURE_SETTLED, arg=[image.element_handle(), 1500],
                               timeout=WIDGET_MS, polling=100)
    _click_menu(page, "View", "Show Log Console")
    console = page.locator(".jp-LogConsolePanel").first
    console.wait_for()
    page.wait_for_timeout(1000)
    _shot(page, "06-presets-log-console")
    logged = console.inner_text()
    assert "Traceback" not in logged and "Error" not in logged, logged[-3000:]



def test_lstm_stepper_fits_a_projector_and_shows_the_slider_step(projector_page, lab):
    """Lecture 3's LSTM stepper, controls and picture, fits on a 1280x720 screen with the
    file browser open and closed (at most 600 px tall, inside the notebook); after the
    slider moves by key presses, the picture on screen shows the slider's step; during play
    it keeps up (median lag at most one step), and once paused it shows the step paused at.
    Which step a picture shows is read from the picture itself: the stepper keeps its title
    ("step 7: mean input gate ...") in the PNG's "Title" text."""
    import base64
    import io

    from PIL import Image

    step_in_title = re.compile(r"^step (\d+):")

    def step_shown(image) -> int | None:
        png = base64.b64decode(image.evaluate("""async img => {
            const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
            let text = '';
            for (let i = 0; i < bytes.length; i += 8192) {
                text += String.fromCharCode(...bytes.subarray(i, i + 8192));
            }
            return btoa(text);
        }"""))
        match = step_in_title.search(Image.open(io.BytesIO(png)).text.get("Title", ""))
        return int(match.group(1)) if match else None

    page = projector_page
    open_and_run_all(page, lab, "03_lstm_carry_and_gru.ipynb", timeout_s=420)
    sync_api.expect(page.locator(".jp-FileBrowser").first).to_be_visible()
    cell = widget_cell(page, "time step")
    image, before = _picture(cell)
    stepper = cell.locator(".jp-OutputArea-output .widget-vbox").first
    boxes = {}
    for sidebar in ("file browser open", "file browser closed"):
        if sidebar == "file browser closed":
            page.keyboard.press("ControlOrMeta+b")      # toggle the left sidebar
            sync_api.expect(page.locator(".jp-FileBrowser").first).to_be_hidden()
            page.wait_for_timeout(500)
        stepper.scroll_into_view_if_needed()
        _shot(page, f"03-lstm-stepper-{sidebar.replace(' ', '-')}")
        box = stepper.bounding_box()
        notebook = page.locator(".jp-NotebookPanel .jp-Notebook").first.bounding_box()
        boxes[sidebar] = box
        print(f"LSTM stepper, {sidebar}: {box['width']:.0f} x {box['height']:.0f} px")
        assert box["x"] + box["width"] <= notebook["x"] + notebook["width"], (box, notebook)
    assert all(box["height"] <= 600 for box in boxes.values()), boxes
    readout = cell.locator(".widget-slider .widget-readout").first

    _move_slider(page, cell, "time step", "ArrowRight", 7)
    _wait_for_new_picture(page, image, before)
    assert step_shown(image) == int(readout.inner_text()) == 7

    play_pause = cell.locator(".widget-play button").first
    play_pause.click()                           # play
    lags = []
    for _ in range(8):
        page.wait_for_timeout(700)
        slider_step, shown = int(readout.inner_text()), step_shown(image)
        assert shown is not None
        lags.append(slider_step - shown)
    play_pause.click()                           # pause (the same button)
    stepper.scroll_into_view_if_needed()
    _shot(page, "03-lstm-stepper-paused")
    page.wait_for_function(_PICTURE_SETTLED, arg=[image.element_handle(), 1500],
                           timeout=WIDGET_MS, polling=100)
    stopped_at = int(readout.inner_text())
    print(f"slider minus picture during play: {lags}; paused at {stopped_at}")
    assert stopped_at > 7
    assert step_shown(image) == stopped_at
    assert sorted(lags)[len(lags) // 2] <= 1, lags   # the median: it keeps up
