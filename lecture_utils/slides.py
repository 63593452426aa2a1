"""Slides from the lecture notebooks (reveal.js, via ``jupyter nbconvert --to slides``).

Each notebook carries slideshow metadata, so it can be presented from JupyterLab
(RISE for JupyterLab) or exported as a reveal.js deck:

- the title cell and every ``##`` heading start a new slide;
- a ``###`` heading starts a sub-slide (reveal.js: down the column);
- every other cell continues the slide above it.

``python -m lecture_utils slides --mark`` writes this metadata into the notebooks;
``python -m lecture_utils slides`` builds one HTML deck per notebook.
"""

from __future__ import annotations

from pathlib import Path


def slide_type(cell: dict, first: bool) -> str:
    """The reveal.js role of one cell: "slide", "subslide" or "-" (continue)."""
    if first:
        return "slide"
    if cell.get("cell_type") == "markdown":
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        heading = source.lstrip().split("\n", 1)[0]
        if heading.startswith("## ") or heading.startswith("# "):
            return "slide"
        if heading.startswith("### "):
            return "subslide"
    return "-"


def mark_slides(notebook) -> bool:
    """Set each cell's ``metadata.slideshow.slide_type``; True if anything changed."""
    changed = False
    for index, cell in enumerate(notebook.cells):
        wanted = slide_type(cell, index == 0)
        slideshow = cell.metadata.setdefault("slideshow", {})
        if slideshow.get("slide_type") != wanted:
            slideshow["slide_type"] = wanted
            changed = True
    return changed


def build_deck(path: Path, output_folder: Path) -> Path:
    """Write ``<output_folder>/<notebook>.slides.html``, a reveal.js deck with the stored
    outputs (the notebook is not re-executed). Returns the file written."""
    import nbformat
    from nbconvert import SlidesExporter

    notebook = nbformat.read(path, as_version=4)
    mark_slides(notebook)  # decks always have slides, even from an unmarked notebook
    html, _ = SlidesExporter().from_notebook_node(notebook)
    output_folder.mkdir(parents=True, exist_ok=True)
    target = output_folder / f"{path.stem}.slides.html"
    target.write_text(html, encoding="utf-8")
    return target
