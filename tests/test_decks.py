"""Browser check: every slide of every deck fits a 1280x720 projector, with no network.

Builds the reveal.js decks (``python -m lecture_utils slides``) from the stored outputs into a
temporary folder, opens each in headless Chromium at 1280x720 with every request that would
leave the machine blocked, and visits every slide with reveal.js's own API. A slide fails
when its content is taller than the slide, or when a code or output line is cut at the
right. The first slide, a slide with maths (rendered by MathJax) and a slide with a figure
must render offline. A screenshot of every slide goes to ``build/deck_screenshots/`` (not
committed: about 150 pictures) for a person to look through.

Needs the ``playwright`` package and Debian's Chromium at ``/usr/bin/chromium``; skipped
without them.
"""

import contextlib
from pathlib import Path

import nbformat
import pytest
import test_browser  # skips this module too when playwright is missing
from test_browser import CHROMIUM, sync_api

from lecture_utils.tools.slides import MAINTAINER_TAG, SLIDE_HEIGHT, SLIDE_WIDTH, build_deck

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"deck check needs Chromium at {CHROMIUM} (apt-get install -y chromium)",
)
# The browser tests' Chromium fixture, here for this module.
browser = test_browser.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = ROOT / "build" / "deck_screenshots"

# Every slide, in order, as (h, v) indices; then per slide what sticks out.
_SLIDES = """() => Reveal.getSlides().map(s => {
    const i = Reveal.getIndices(s);
    return [i.h, i.v || 0];
})"""
_MATHS_SHOWN = """() => [...Reveal.getCurrentSlide().querySelectorAll('.MathJax')]
    .every(m => m.getBoundingClientRect().width >= 2 && m.innerText.trim() !== '')"""
_MEASURE = """() => {
    const slide = Reveal.getCurrentSlide();
    const scale = Reveal.getScale();
    const box = slide.getBoundingClientRect();
    const cut = [];
    const parts = 'pre, .jp-RenderedImage img, table, .MathJax_Display';
    for (const el of slide.querySelectorAll(parts)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue;
        const wide = el.scrollWidth > el.clientWidth + 1 || r.right > window.innerWidth + 1;
        if (!wide) continue;
        const lines = (el.textContent || el.tagName).split('\\n');
        const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
        const widths = `${Math.round(el.scrollWidth)}>${Math.round(el.clientWidth)} px`;
        cut.push(`${widths}: ${longest.trim().slice(0, 70)}`);
    }
    const heading = slide.querySelector('h1, h2, h3');
    return {
        height: Math.round(slide.scrollHeight),           // in slide pixels (unscaled)
        bottom: Math.round(box.bottom), scale: scale, cut: cut,
        title: heading ? heading.textContent.replace('¶', '').trim() : '(continued)',
        images: slide.querySelectorAll('.jp-RenderedImage img').length,
        maths: slide.querySelectorAll('.MathJax').length,
        // typeset maths that shows nothing (a missing font or output file)
        emptyMaths: [...slide.querySelectorAll('.MathJax')].filter(
            m => m.getBoundingClientRect().width < 2 || m.innerText.trim() === '').length,
        // in the prose only: code may hold matplotlib's own $...$ labels, as written
        rawMaths: [...slide.querySelectorAll('.jp-RenderedMarkdown, .jp-MarkdownOutput')].some(
            el => /\\$[^$]+\\$/.test(el.innerText)),
        notes: (Reveal.getSlideNotes(slide) || '').trim(),
        noteOnSlide: slide.innerText.includes("Presenter's note"),
        maintainer: /for maintainers|NBVAL_IGNORE_OUTPUT/.test(slide.innerText),
    };
}"""


def measure_deck(browser, deck: Path, screenshots: Path | None = None) -> tuple[list, list]:
    """Visit every slide of ``deck`` offline; return (per-slide measurements, blocked URLs)."""
    context = browser.new_context(viewport={"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT})
    blocked = []

    def offline(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
        page.wait_for_function(
            "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0",
            timeout=60_000)
        results = []
        for number, (h, v) in enumerate(page.evaluate(_SLIDES), start=1):
            page.evaluate(f"() => Reveal.slide({h}, {v})")
            page.wait_for_timeout(50)   # MathJax re-renders the maths of the new slide
            page.wait_for_function("() => MathJax.Hub.queue.pending === 0", timeout=30_000)
            # give the re-rendered maths a moment to be laid out; judged below
            with contextlib.suppress(sync_api.TimeoutError):
                page.wait_for_function(_MATHS_SHOWN, timeout=5_000)
            result = page.evaluate(_MEASURE)
            result.update(number=number, h=h, v=v)
            results.append(result)
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshots / f"{deck.name[:2]}-{number:02d}.png"))
        return results, blocked
    finally:
        context.close()


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decks")
    return {path.name: build_deck(path, folder) for path in NOTEBOOKS}


@pytest.mark.parametrize("notebook", [p.name for p in NOTEBOOKS])
def test_every_slide_fits_a_projector_offline(browser, decks, notebook):
    slides, blocked = measure_deck(browser, decks[notebook], SCREENSHOTS)
    assert not blocked, f"the deck asked the network for {blocked[:3]}"
    too_tall = [f"slide {s['number']} ({s['title']}): {s['height']} px"
                for s in slides if s["height"] > SLIDE_HEIGHT]
    cut = [f"slide {s['number']} ({s['title']}): {s['cut']}" for s in slides if s["cut"]]
    assert not too_tall, f"taller than {SLIDE_HEIGHT} px: {too_tall}"
    assert not cut, f"cut at the right: {cut}"
    # The first slide, maths and figures render with no network.
    assert slides[0]["title"].startswith("Lecture"), slides[0]
    assert any(s["images"] for s in slides), "no slide shows a figure"
    assert not any(s["rawMaths"] for s in slides), "maths left as raw $...$ (MathJax failed)"
    empty = [f"slide {s['number']} ({s['title']})" for s in slides if s["emptyMaths"]]
    assert not empty, f"maths typeset as nothing on {empty}"
    # Speaker notes: every section has one, in the speaker view and not on the slide.
    notebook = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    sections = [c.source.split("\n", 1)[0] for c in notebook.cells if c.cell_type == "markdown"
                and c.source.startswith(("# ", "## ")) and MAINTAINER_TAG not in c.metadata.get(
                    "tags", [])]
    with_notes = [s["title"] for s in slides if "Presenter's note" in s["notes"]]
    assert len(with_notes) == len(sections), (with_notes, sections)
    assert not any(s["noteOnSlide"] for s in slides)
    assert not any(s["maintainer"] for s in slides), "a maintainer-only cell is on a slide"


def test_maths_and_figures_render_offline(browser, decks):
    """A slide with maths shows typeset maths, and a figure has loaded pixels, offline."""
    deck = decks["02_simple_rnn_under_the_hood.ipynb"]
    slides, blocked = measure_deck(browser, deck)
    assert not blocked
    assert any(s["maths"] for s in slides), "no typeset maths in lecture 2's deck"
    context = browser.new_context(viewport={"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "data:")) else route.abort())
    page = context.new_page()
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        loaded = page.evaluate("""() => [...document.querySelectorAll('.jp-RenderedImage img')]
            .map(img => img.complete && img.naturalWidth > 0)""")
        assert loaded and all(loaded)
    finally:
        context.close()


def test_speaker_view_shows_the_notes_offline(browser, decks):
    """Pressing S opens reveal.js's speaker view, with the section's note, no network."""
    context = browser.new_context(viewport={"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT})
    asked = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "data:", "about:")) else (asked.append(route.request.url), route.abort()))
    page = context.new_page()
    try:
        page.goto(decks["06_gradient_descent_interactive.ipynb"].as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        page.evaluate("() => Reveal.slide(2, 0)")
        with context.expect_page() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        notes = speaker.locator(".speaker-controls-notes")
        notes.wait_for(timeout=30_000)
        speaker.wait_for_function(
            "() => document.querySelector('.speaker-controls-notes').innerText.includes('Ask:')",
            timeout=30_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        speaker.screenshot(path=str(SCREENSHOTS / "06-speaker-view.png"))
        assert "Point at:" in notes.inner_text()
        assert not asked
    finally:
        context.close()
