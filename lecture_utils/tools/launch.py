"""One-click environments: the "Open in Colab" and "Binder" badges and the setup cell.

No repository address is written into this package. The badges, and the line with which
the setup cell installs ``lecture_utils`` on Colab, are written only for a repository
that the maintainer names, after publishing it::

    python -m lecture_utils badges --repository owner/name --ref v1.0

Without ``--repository`` the command reads ``git remote get-url origin`` (a GitHub
remote). ``--ref`` is a tag or a commit, never a branch: Colab then installs exactly the
code that was reviewed, and nobody who later pushes to a branch changes what students
run. Its default is the commit checked out. Until a repository is named, the notebooks
carry no badges and the setup cell only imports the package.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ..errors import LectureError

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"

LOCAL_SETUP = """\
import lecture_utils as lu

lu.setup(seed=SEED)"""

COLAB_SETUP = """\
import importlib.util
import sys

# On Colab, install the course's helpers from the repository (once per session).
if "google.colab" in sys.modules and importlib.util.find_spec("lecture_utils") is None:
    %pip install --quiet "{requirement}"

""" + LOCAL_SETUP

_BADGE_LINE = re.compile(r"^\[!\[Open in Colab\].*\n?", re.MULTILINE)
_SETUP_CALL = re.compile(r"^lu\.setup\(", re.MULTILINE)
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_GITHUB_REMOTE = re.compile(
    r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<repository>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$")


def _git(*args: str, cwd: Path | None = None) -> str | None:
    """The output of a git command, or None (no git, not a repository, no such thing)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def github_repository(remote_url: str | None) -> str | None:
    """``owner/name`` of a GitHub remote address, or None for any other address."""
    match = _GITHUB_REMOTE.match((remote_url or "").strip())
    return match["repository"] if match else None


def origin_repository(cwd: Path | None = None) -> str | None:
    """The GitHub repository that ``git remote get-url origin`` names, if any."""
    return github_repository(_git("remote", "get-url", "origin", cwd=cwd))


def check_repository(repository: str) -> str:
    if not isinstance(repository, str) or not _REPOSITORY.fullmatch(repository):
        raise LectureError(f"--repository should look like owner/name, got {repository!r}.")
    return repository


def check_ref(ref: str, cwd: Path | None = None) -> str:
    """A tag or a commit to install from; a branch is refused, since it moves."""
    if not isinstance(ref, str) or not re.fullmatch(r"[A-Za-z0-9_.][A-Za-z0-9_./-]*", ref):
        raise LectureError(f"--ref should be a tag or a commit, got {ref!r}.")
    if ref in ("main", "master", "HEAD") or _git("show-ref", "--verify", "--quiet",
                                                 f"refs/heads/{ref}", cwd=cwd) is not None:
        raise LectureError(f"--ref {ref} is a branch: whoever pushes to it would change what "
                           "students install. Give a tag (git tag v1.0) or a commit.")
    return ref


def install_requirement(repository: str, ref: str) -> str:
    """What ``pip install`` gets on Colab: this package, from the repository at ``ref``."""
    return f"lecture-utils @ git+https://github.com/{repository}.git@{ref}"


def colab_url(notebook: str, repository: str, ref: str) -> str:
    """Colab opens a notebook from GitHub by its path in the repository."""
    return f"https://colab.research.google.com/github/{repository}/blob/{ref}/{notebook}"


def binder_url(notebook: str, repository: str, ref: str) -> str:
    """mybinder.org builds the repository (``.binder/``) and opens the notebook in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{repository}/{ref}?urlpath=lab/tree/{notebook}"


def badge_line(notebook: str, repository: str, ref: str) -> str:
    """Markdown for the two badges of one notebook (``notebook``: its path in the repository)."""
    return (f"[![Open in Colab]({COLAB_BADGE})]({colab_url(notebook, repository, ref)}) "
            f"[![Binder]({BINDER_BADGE})]({binder_url(notebook, repository, ref)})")


def setup_source(repository: str | None = None, ref: str | None = None) -> str:
    """The setup cell of every notebook (``SEED`` comes from the parameters cell above it):
    with a named repository it installs ``lecture_utils`` on Colab first."""
    if repository is None:
        return LOCAL_SETUP
    return COLAB_SETUP.format(requirement=install_requirement(repository, ref))


def _text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def mark_launch(notebook, path_in_repository: str, repository: str | None = None,
                ref: str | None = None) -> bool:
    """Write the badge line under the title (first cell) and the setup cell (the first
    code cell that calls ``lu.setup``) for ``repository`` at ``ref``; with no repository,
    remove the badges and write the plain setup cell. Returns True if anything changed."""
    if (repository is None) != (ref is None):
        raise LectureError("name both the repository and the ref (a tag or a commit), or neither.")
    if not notebook.cells:
        raise LectureError("the notebook has no cells; it should start with a markdown title")
    title = notebook.cells[0]
    if title.cell_type != "markdown":
        raise LectureError("the first cell should be the notebook's markdown title")
    setup = next((c for c in notebook.cells
                  if c.cell_type == "code" and _SETUP_CALL.search(_text(c))), None)
    if setup is None:
        raise LectureError("no setup cell: one code cell should call lu.setup(seed=SEED)")

    text = _text(title)
    heading, _, rest = _BADGE_LINE.sub("", text).partition("\n")
    rest = rest.lstrip("\n")
    if repository is None:
        marked = heading + (f"\n\n{rest}" if rest else "")
    else:
        wanted = badge_line(path_in_repository, repository, ref)
        marked = f"{heading}\n\n{wanted}\n" + (f"\n{rest}" if rest else "")
    changed = marked != text
    title.source = marked
    wanted_setup = setup_source(repository, ref)
    if _text(setup) != wanted_setup:
        setup.source = wanted_setup
        changed = True
    return changed


def launch_target(repository: str | None, ref: str | None,
                  cwd: Path | None = None) -> tuple[str | None, str | None]:
    """The repository and ref that ``badges`` writes: as given, else origin's GitHub
    repository and the commit checked out; (None, None) when no repository is named."""
    repository = check_repository(repository) if repository else origin_repository(cwd)
    if repository is None:
        if ref:
            raise LectureError("--ref needs a repository: give --repository owner/name too "
                               "(no GitHub remote named origin was found).")
        return None, None
    ref = check_ref(ref, cwd) if ref else _git("rev-parse", "HEAD", cwd=cwd)
    if ref is None:
        raise LectureError("no commit to point at: give --ref (a tag or a commit).")
    return repository, ref
