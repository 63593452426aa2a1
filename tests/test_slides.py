"""Every notebook is a slide deck: marked for RISE / reveal.js, and each deck builds."""

import copy
from pathlib import Path

import nbformat
import pytest

from lecture_utils.slides import build_deck, mark_slides, slide_type

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_headings_start_slides():
    md = nbformat.v4.new_markdown_cell
    assert slide_type(md("anything"), first=True) == "slide"
    assert slide_type(md("## Models\ntext"), first=False) == "slide"
    assert slide_type(md("### Windows"), first=False) == "subslide"
    assert slide_type(md("plain prose"), first=False) == "-"
    assert slide_type(nbformat.v4.new_code_cell("## not a heading"), first=False) == "-"


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
