"""Every notebook is a slide deck: its slideshow metadata is generated and current, and each
offline deck builds (tests/test_decks.py measures every slide in Chromium)."""

import copy
import re
from pathlib import Path

import nbformat
import pytest

from lecture_utils.tools.slides import (
    CONTINUE,
    MAINTAINER_TAG,
    NOTES_TAG,
    SLIDE_BUDGET,
    build_deck,
    cell_height,
    mark_slides,
    slide_type,
    slide_types,
    without_remote_images,
)

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_headings_start_slides():
    md = nbformat.v4.new_markdown_cell
    assert slide_type(md("anything"), first=True) == "slide"
    assert slide_type(md("## Models\ntext"), first=False) == "slide"
    assert slide_type(md("### Windows"), first=False) == "subslide"
    assert slide_type(md("plain prose"), first=False) == ""
    assert slide_type(nbformat.v4.new_code_cell("## not a heading"), first=False) == ""


def _tagged(cell, tag):
    cell.metadata["tags"] = [tag]
    return cell


def test_notes_and_maintainer_cells():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    assert slide_type(_tagged(md("**Ask:** why?"), NOTES_TAG), first=False) == "notes"
    assert slide_type(_tagged(code("print(timings)"), MAINTAINER_TAG), first=False) == "skip"
    # a heading inside a maintainer section is skipped too
    assert slide_type(_tagged(md("## Timing"), MAINTAINER_TAG), first=False) == "skip"


def test_a_slide_too_tall_goes_on_in_a_sub_slide():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    short = code("x = 1")
    long = code("\n".join(f"line_{i} = {i}" for i in range(20)))
    assert cell_height(long) > 10 * cell_height(short) > 0
    assert cell_height(md("## Title\n\n" + "word " * 400)) > cell_height(md("## Title"))
    assert cell_height(md("step $\\frac{g}{\\sqrt{s}}$")) > cell_height(md("step $g / s$"))
    cells = [md("## Section"), short, long, long, long, short]
    assert sum(cell_height(c) for c in cells) > SLIDE_BUDGET
    types = slide_types(cells)
    assert types[:2] == ["slide", CONTINUE]
    assert "subslide" in types[2:]
    # every run of cells between sub-slide starts fits the budget (no single cell is too tall)
    runs, height = [], 0.0
    for cell, role in zip(cells, types, strict=True):
        if role in ("slide", "subslide"):
            runs.append(height)
            height = 0.0
        height += cell_height(cell)
    assert max([*runs, height]) <= SLIDE_BUDGET
    # short sections are not split
    assert slide_types([md("## A"), short, short, md("### B"), short]) == [
        "slide", "", "", "subslide", ""]


def test_decks_ask_the_network_for_no_image():
    badge = ("[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
             "(https://colab.research.google.com/x.ipynb) ![local](figure.png) "
             "![a sketch](https://example.org/sketch.png)")
    assert without_remote_images(badge) == "![local](figure.png) a sketch"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_carries_slide_metadata(path):
    notebook = nbformat.read(path, as_version=4)
    assert not mark_slides(copy.deepcopy(notebook)), \
        f"run `python -m lecture_utils slides --mark` to mark {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_deck_builds(path, tmp_path):
    deck = build_deck(path, tmp_path)
    html = deck.read_text(encoding="utf-8")
    notebook = nbformat.read(path, as_version=4)
    slides = sum(c.metadata["slideshow"]["slide_type"] == "slide" for c in notebook.cells)
    assert slides >= 4
    assert html.count("<section") >= slides
    assert "reveal" in html.lower()
    assert "data:image/png;base64" in html  # the stored figures travel with the deck
    # offline: scripts, styles and images come from the deck's own assets/ folder
    sources = re.findall(r'(?:src|href)="([^"#][^"]*)"', html)
    loaded = [s for s in sources if not s.startswith("data:")
              and not re.search(r'<a [^>]*href="' + re.escape(s), html)]
    assert loaded and all(s.startswith("assets/") for s in loaded), loaded
    for source in loaded:
        assert (tmp_path / source.split("?")[0]).is_file(), source
