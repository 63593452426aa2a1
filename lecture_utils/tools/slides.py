"""Slides from the lecture notebooks: presented live in JupyterLab (jupyterlab-slideshow,
widgets working) or as offline reveal.js decks built from the stored outputs.

The slideshow metadata of every cell is generated (``python -m lecture_utils slides --mark``)
and checked by the tests:

- the title cell and every ``##`` heading start a new slide;
- a ``###`` heading starts a sub-slide (reveal.js: down the column);
- a cell that would push the slide past a 1280x720 projector starts a sub-slide of its own
  (the slide goes on below), judged by :func:`cell_height`, an estimate calibrated against
  the decks measured in Chromium (``tests/test_decks.py`` measures every slide);
- a cell tagged ``speaker-notes`` is a note for the presenter (the speaker view, not the
  slide), and a cell tagged ``maintainer`` (timings, results files) is skipped;
- every other cell continues the slide above it (slide type "", see ``CONTINUE``).

``python -m lecture_utils slides`` builds one HTML deck per notebook into ``build/slides/``,
with the reveal.js and MathJax files it loads copied from installed packages into
``build/slides/assets/``: the folder works with no network.
"""

from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

#: The slide type of a cell that goes on the slide above. Not "-" (the classic notebook's
#: spelling): jupyterlab-slideshow never shows a cell marked "-", while "" is what
#: JupyterLab's own cell inspector writes, and nbconvert reads both as "continue".
CONTINUE = ""

#: Cell tags with a role in the slides.
NOTES_TAG, MAINTAINER_TAG = "speaker-notes", "maintainer"

#: The deck's canvas: a 1280x720 projector (reveal.js scales it to other screens).
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
#: How tall a slide's cells may add up to, in deck pixels, by :func:`cell_height`'s estimate
#: (below SLIDE_HEIGHT: the estimate is a little low for some cells).
SLIDE_BUDGET = 580
#: The tallest a figure is shown in a deck (the deck's CSS, templates/lecture_deck).
FIGURE_MAX_HEIGHT = 340

_LINE = 20.5          # one line of code or of text output (17 px monospace)
_TEXT_LINE = 26       # one line of prose (20 px)
_TEXT_WIDTH = 1220    # the width of the slide's content
_CHAR = 10.0          # an average character of prose
_OUTPUT_WIDTH = 112   # characters of text output on one line (longer lines wrap)


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def slide_type(cell: dict, first: bool) -> str:
    """The cell's own role: "slide", "subslide", "notes", "skip" or CONTINUE (it goes on the
    slide above). :func:`mark_slides` may also start a sub-slide where a slide gets too tall."""
    if NOTES_TAG in _tags(cell):
        return "notes"
    if MAINTAINER_TAG in _tags(cell):
        return "skip"
    if first:
        return "slide"
    if cell.get("cell_type") == "markdown":
        heading = _source(cell).lstrip().split("\n", 1)[0]
        if heading.startswith("## ") or heading.startswith("# "):
            return "slide"
        if heading.startswith("### "):
            return "subslide"
    return CONTINUE


def _png_size(data: str) -> tuple[int, int]:
    header = base64.b64decode(data[:32])
    return struct.unpack(">II", header[16:24])


def _markdown_height(source: str) -> float:
    height = 0.0
    for block in re.split(r"\n\s*\n", source.strip()):
        lines = block.strip().split("\n")
        if lines[0].startswith("```"):
            height += (len(lines) - 2) * _LINE + 40
            continue
        level = len(lines[0]) - len(lines[0].lstrip("#"))
        if 1 <= level <= 3 and lines[0][level:level + 1] == " ":
            height += {1: 75, 2: 62, 3: 52}[level]
            lines = lines[1:]
        if not lines:
            continue
        if lines[0].lstrip().startswith("|"):
            height += len(lines) * 36
            continue
        for item in re.split(r"\n(?=\s*(?:[-*]|\d+\.)\s)", "\n".join(lines)):
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", item)
            text = re.sub(r"[`*$]", "", text).replace("\n", " ")
            width = _TEXT_WIDTH - (40 if re.match(r"\s*(?:[-*]|\d+\.)\s", item) else 0)
            height += max(1, -(-len(text) * _CHAR // width)) * _TEXT_LINE + 6
            if re.search(r"\\(frac|sqrt|sum|prod)", item):   # a fraction makes its line taller
                height += 24
        height += 14
    return height


def _text_height(text: str) -> float:
    lines = text.rstrip("\n").split("\n")
    return sum(max(1, -(-len(line) // _OUTPUT_WIDTH)) for line in lines) * _LINE + 8


def _output_height(output: dict) -> float:
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return _text_height("".join(output.get("text", "")))
    if output.get("output_type") == "error":
        return len(output.get("traceback", [])) * _LINE + 8
    if "image/png" in data:
        width, height = _png_size(data["image/png"])
        shown = output.get("metadata", {}).get("image/png", {})
        if "width" in shown:
            width, height = shown["width"], shown.get("height", height * shown["width"] / width)
        if width > _TEXT_WIDTH:
            height *= _TEXT_WIDTH / width
        return min(height, FIGURE_MAX_HEIGHT) + 10
    if "text/html" in data:
        return "".join(data["text/html"]).count("<tr") * 30 + 10
    if "text/plain" in data:
        return _text_height("".join(data["text/plain"]))
    return 0.0


def cell_height(cell: dict) -> float:
    """About how tall the cell is in a deck, in pixels of the 1280x720 slide."""
    if cell.get("cell_type") == "markdown":
        return _markdown_height(_source(cell))
    if cell.get("cell_type") != "code":
        return 0.0
    height = len(_source(cell).split("\n")) * _LINE + 22
    return height + sum(_output_height(output) for output in cell.get("outputs", []))


def slide_types(cells: list) -> list[str]:
    """Every cell's role (see :func:`slide_type`), with a sub-slide started wherever the
    cells of one slide would add up to more than ``SLIDE_BUDGET``."""
    types, used = [], 0.0
    for index, cell in enumerate(cells):
        role = slide_type(cell, index == 0)
        if role in ("notes", "skip"):
            types.append(role)
            continue
        height = cell_height(cell)
        if role == CONTINUE and used + height > SLIDE_BUDGET and used > 0:
            role = "subslide"
        used = height if role != CONTINUE else used + height
        types.append(role)
    return types


def mark_slides(notebook) -> bool:
    """Set each cell's ``metadata.slideshow.slide_type``; True if anything changed."""
    changed = False
    for cell, wanted in zip(notebook.cells, slide_types(notebook.cells), strict=True):
        slideshow = cell.metadata.setdefault("slideshow", {})
        if slideshow.get("slide_type") != wanted:
            slideshow["slide_type"] = wanted
            changed = True
    return changed


_TEMPLATES = Path(__file__).parent / "templates"
_MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"  # shipped by jupyter-server-mathjax


def offline_assets() -> dict[str, Path]:
    """The installed folders a deck needs, by the name they get under ``assets/``:
    reveal.js (from sphinx-revealjs's package data) and MathJax 2 (jupyter-server-mathjax)."""
    import jupyter_server_mathjax
    import sphinx_revealjs

    return {
        "reveal": Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs",
        "mathjax": Path(jupyter_server_mathjax.__file__).parent / "static",
    }


def copy_assets(output_folder: Path) -> Path:
    """Copy reveal.js and MathJax into ``<output_folder>/assets`` (once), so that the
    decks there open from a USB stick with no network."""
    import shutil

    assets = output_folder / "assets"
    for name, source in offline_assets().items():
        target = assets / name
        if not (target / ".complete").exists():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.map", "*.esm.js"))
            (target / ".complete").write_text(str(source), encoding="utf-8")
    return assets


def deck_exporter():
    """nbconvert's SlidesExporter with the course's offline template (templates/lecture_deck)."""
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_template_basedirs=[str(_TEMPLATES)],
        template_name="lecture_deck",
        reveal_url_prefix="assets/reveal",
        reveal_theme="white",
        reveal_width=str(SLIDE_WIDTH),
        reveal_height=str(SLIDE_HEIGHT),
        mathjax_url=f"assets/mathjax/MathJax.js?config={_MATHJAX_CONFIG}",
        embed_images=True,
    )


_REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\(https?://[^)]*\)")
_BADGE = re.compile(r"\[!\[[^\]]*\]\(https?://[^)]*\)\]\([^)]*\)[ \t]*")


def without_remote_images(markdown: str) -> str:
    """Markdown with nothing that a deck would fetch from the network: badges (a remote image
    that is a link, like "Open in Colab") are left out, and any other remote image is
    replaced by its alt text."""
    return _REMOTE_IMAGE.sub(r"\1", _BADGE.sub("", markdown))


def build_deck(path: Path, output_folder: Path) -> Path:
    """Write ``<output_folder>/<notebook>.slides.html``, a reveal.js deck with the stored
    outputs (the notebook is not re-executed), and the ``assets/`` it loads. Nothing in it
    comes from the network. Returns the deck's path."""
    from .notebooks import read_notebook, write_file

    notebook = read_notebook(path)
    mark_slides(notebook)  # decks always have slides, even from an unmarked notebook
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = without_remote_images(cell.source)
    html, _ = deck_exporter().from_notebook_node(notebook)
    target = output_folder / f"{path.stem}.slides.html"
    write_file(target, lambda target: (copy_assets(target.parent),
                                       target.write_text(html, encoding="utf-8")))
    return target
