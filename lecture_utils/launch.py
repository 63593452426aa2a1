"""One-click environments: the "Open in Colab" and "Binder" badges and the setup cell.

Every notebook starts with a line of two badges under its title and with the same setup
cell. On Colab the setup cell installs this package from the repository first (Colab has
TensorFlow, Keras, NumPy, pandas, scikit-learn and ipywidgets already); everywhere else
the package is installed with the requirements, and the cell only imports it.

The repository's address is written once, here (and in ``pyproject.toml``'s
``[project.urls]``, which a test keeps equal). After moving the repository, change
``REPOSITORY`` and run ``python -m lecture_utils badges``: it rewrites the badges and the
setup cell of every notebook (a test fails until that is done).
"""

from __future__ import annotations

import re

REPOSITORY = "rnn-lecture-series/rnn-time-series-lectures"
BRANCH = "main"

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"

SETUP_TEMPLATE = """\
import importlib.util
import sys

# On Colab, install the course's helpers from the repository (once per session).
if "google.colab" in sys.modules and importlib.util.find_spec("lecture_utils") is None:
    %pip install --quiet "{requirement}"

import lecture_utils as lu

lu.setup(seed=SEED)"""

_BADGE_LINE = re.compile(r"^\[!\[Open in Colab\].*$", re.MULTILINE)
_SETUP_CALL = re.compile(r"^lu\.setup\(", re.MULTILINE)


def repository_url(repository: str = REPOSITORY) -> str:
    return f"https://github.com/{repository}"


def install_requirement(repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """What ``pip install`` gets on Colab: this package, straight from the repository."""
    return f"lecture-utils @ git+{repository_url(repository)}.git@{branch}"


def colab_url(notebook: str, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """Colab opens a notebook from GitHub by its path in the repository."""
    return f"https://colab.research.google.com/github/{repository}/blob/{branch}/{notebook}"


def binder_url(notebook: str, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """mybinder.org builds the repository (``.binder/``) and opens the notebook in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{repository}/{branch}?urlpath=lab/tree/{notebook}"


def badge_line(notebook: str, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """Markdown for the two badges of one notebook (``notebook``: its path in the repository)."""
    return (f"[![Open in Colab]({COLAB_BADGE})]({colab_url(notebook, repository, branch)}) "
            f"[![Binder]({BINDER_BADGE})]({binder_url(notebook, repository, branch)})")


def setup_source(repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """The setup cell of every notebook (``SEED`` comes from the parameters cell above it)."""
    return SETUP_TEMPLATE.format(requirement=install_requirement(repository, branch))


def _text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def mark_launch(notebook, path_in_repository: str, repository: str = REPOSITORY,
                branch: str = BRANCH) -> bool:
    """Put the badge line under the title (first cell) and rewrite the setup cell (the
    first code cell that calls ``lu.setup``). Returns True if anything changed."""
    if not notebook.cells:
        raise ValueError("the notebook has no cells; it should start with a markdown title")
    title = notebook.cells[0]
    if title.cell_type != "markdown":
        raise ValueError("the first cell should be the notebook's markdown title")
    wanted = badge_line(path_in_repository, repository, branch)
    text = _text(title)
    if _BADGE_LINE.search(text):
        marked = _BADGE_LINE.sub(lambda _: wanted, text, count=1)
    else:
        heading, _, rest = text.partition("\n")
        marked = f"{heading}\n\n{wanted}\n" + (f"\n{rest.lstrip(chr(10))}" if rest else "")
    changed = marked != text
    title.source = marked

    setup = next((c for c in notebook.cells
                  if c.cell_type == "code" and _SETUP_CALL.search(_text(c))), None)
    if setup is None:
        raise ValueError("no setup cell: one code cell should call lu.setup(seed=SEED)")
    wanted_setup = setup_source(repository, branch)
    if _text(setup) != wanted_setup:
        setup.source = wanted_setup
        changed = True
    return changed
