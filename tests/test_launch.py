"""One-click environments: the badges, Binder's configuration, the Colab install."""

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lecture_utils.errors import LectureError
from lecture_utils.tools import launch

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_no_repository_address_is_invented():
    """Nothing names a repository that the maintainer has not named: no address in the
    package, pyproject or README, and the notebooks' badges (if any) are written by the
    badges command for a repository at a tag or commit."""
    invented = "rnn-lecture" + "-series"  # the name once written here with no repository behind it
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    files = tracked.stdout.split() if tracked.returncode == 0 else []
    for name in files:
        path = ROOT / name
        if path.suffix in (".py", ".toml", ".md", ".txt", ".yml", ".ipynb", ".cfg"):
            assert invented not in path.read_text(encoding="utf-8"), name
    assert "[project.urls]" not in (ROOT / "pyproject.toml").read_text()


def badge_target(path):
    """(repository, ref) of a notebook's badges, or (None, None) when it has none."""
    title = nbformat.read(path, as_version=4).cells[0].source
    found = re.search(r"colab\.research\.google\.com/github/([^/]+/[^/]+)/blob/([^/]+)/", title)
    return (found[1], found[2]) if found else (None, None)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_badges_and_setup_cell_are_what_the_badges_command_writes(path):
    notebook = nbformat.read(path, as_version=4)
    repository, ref = badge_target(path)
    assert not launch.mark_launch(copy.deepcopy(notebook), f"notebooks/{path.name}",
                                  repository, ref), \
        f"run `python -m lecture_utils badges` to update {path.name}"
    if ref is not None:
        assert ref not in ("main", "master"), "badges must point at a tag or a commit"
        launch.check_ref(ref, cwd=ROOT)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_badges_if_any_open_this_notebook(path):
    repository, ref = badge_target(path)
    title = nbformat.read(path, as_version=4).cells[0].source
    if repository is None:
        assert "[![Open in Colab]" not in title and "[![Binder]" not in title
        return
    links = re.findall(r"\]\((https://[^)]+)\)\]\((https://[^)]+)\)", title)
    assert [badge for badge, _ in links] == [launch.COLAB_BADGE, launch.BINDER_BADGE]
    colab, binder = (target for _, target in links)
    assert colab == launch.colab_url(f"notebooks/{path.name}", repository, ref)
    assert binder == launch.binder_url(f"notebooks/{path.name}", repository, ref)


def test_mark_launch_inserts_then_replaces_then_removes_and_leaves_the_parameters_alone():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Lecture 9 · Title\n\nWhat you will learn."),
        nbformat.v4.new_code_cell("SEED = 7"),
        nbformat.v4.new_code_cell("import lecture_utils as lu\n\nlu.setup(seed=SEED)"),
    ])
    assert not launch.mark_launch(notebook, "notebooks/09_x.ipynb")  # nothing named: as is
    assert launch.mark_launch(notebook, "notebooks/09_x.ipynb", "a/b", "v1.0")
    assert notebook.cells[0].source == (
        "# Lecture 9 · Title\n\n" + launch.badge_line("notebooks/09_x.ipynb", "a/b", "v1.0")
        + "\n\nWhat you will learn.")
    assert notebook.cells[2].source == launch.setup_source("a/b", "v1.0")
    assert notebook.cells[1].source == "SEED = 7"
    assert "git+https://github.com/a/b.git@v1.0" in notebook.cells[2].source
    assert not launch.mark_launch(notebook, "notebooks/09_x.ipynb", "a/b", "v1.0")
    # a moved repository: the same badge line and install line are rewritten, not added again
    assert launch.mark_launch(notebook, "notebooks/09_x.ipynb", "c/d", "0123abc")
    assert notebook.cells[0].source.count("[![Open in Colab]") == 1
    assert "a/b" not in notebook.cells[0].source + notebook.cells[2].source
    assert notebook.cells[2].source.endswith("lu.setup(seed=SEED)")
    # no repository: the badges go, and the setup cell installs nothing
    assert launch.mark_launch(notebook, "notebooks/09_x.ipynb")
    assert notebook.cells[0].source == "# Lecture 9 · Title\n\nWhat you will learn."
    assert notebook.cells[2].source == launch.LOCAL_SETUP


@pytest.mark.parametrize("remote, expected", [
    ("https://github.com/owner/name.git", "owner/name"),
    ("https://github.com/owner/name", "owner/name"),
    ("git@github.com:owner/my.repo.git", "owner/my.repo"),
    ("https://gitlab.com/owner/name.git", None), ("/home/me/repo", None), ("", None), (None, None),
])
def test_a_github_remote_names_the_repository(remote, expected):
    assert launch.github_repository(remote) == expected


@pytest.mark.parametrize("ref", ["main", "master", "HEAD", "", "v1 0", "@main"])
def test_a_branch_or_a_malformed_ref_is_refused(ref):
    with pytest.raises(LectureError):
        launch.check_ref(ref)


def test_the_target_comes_from_origin_and_the_commit_checked_out(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "trunk")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
        "--allow-empty", "-m", "first")
    assert launch.launch_target(None, None, cwd=tmp_path) == (None, None)
    git("remote", "add", "origin", "https://github.com/someone/lectures.git")
    repository, ref = launch.launch_target(None, None, cwd=tmp_path)
    assert repository == "someone/lectures" and re.fullmatch(r"[0-9a-f]{40}", ref)
    with pytest.raises(LectureError, match="branch"):
        launch.launch_target(None, "trunk", cwd=tmp_path)
    assert launch.launch_target("other/place", "v2.0", cwd=tmp_path) == ("other/place", "v2.0")


def test_mark_launch_refuses_a_notebook_without_a_setup_call():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(ValueError, match=r"lu\.setup"):
        launch.mark_launch(notebook, "notebooks/x.ipynb")


# Runs the setup cell in an IPython shell (where lecture_utils may be hidden), with a
# stand-in for the %pip magic that records its line and then makes the package findable.
SETUP_CELL_PROBE = r"""
import importlib.util, json, sys, types
from pathlib import Path
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()
saved_path, saved_finders = list(sys.path), list(sys.meta_path)
if sys.argv[2] == "missing":
    sys.path[:] = [p for p in sys.path
                   if not (Path(p or ".").resolve() / "lecture_utils" / "__init__.py").exists()]
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ == "PathFinder"
                        or getattr(f, "find_spec", lambda *a: None)("lecture_utils", None) is None]
    importlib.invalidate_caches()
    assert importlib.util.find_spec("lecture_utils") is None, "could not hide lecture_utils"
pip_lines = []

def fake_pip(line):
    pip_lines.append(line)
    sys.path[:], sys.meta_path[:] = saved_path, saved_finders

shell.register_magic_function(fake_pip, "line", "pip")
if sys.argv[1] == "colab":
    sys.modules["google.colab"] = types.ModuleType("google.colab")
shell.run_cell("SEED = 0")   # the parameters cell above the setup cell
result = shell.run_cell(sys.argv[3])
print(json.dumps({"pip": pip_lines, "error": type(result.error_in_exec).__name__,
                  "setup_ran": "lu" in shell.user_ns}))
"""


def run_setup_cell(where, package="missing"):
    done = subprocess.run([sys.executable, "-c", SETUP_CELL_PROBE, where, package,
                           launch.setup_source("a/b", "v1.0")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_on_colab_the_setup_cell_installs_lecture_utils_from_the_repository():
    outcome = run_setup_cell("colab")
    assert outcome == {"pip": [f'install --quiet "{launch.install_requirement("a/b", "v1.0")}"'],
                       "error": "NoneType", "setup_ran": True}


def test_on_colab_an_installed_lecture_utils_is_not_installed_again():
    outcome = run_setup_cell("colab", package="installed")
    assert outcome == {"pip": [], "error": "NoneType", "setup_ran": True}


def test_elsewhere_the_setup_cell_installs_nothing():
    outcome = run_setup_cell("laptop")
    assert outcome["pip"] == [] and outcome["error"] == "ModuleNotFoundError"


def test_a_git_install_carries_the_whole_package():
    """Colab installs from git, not editable: every module must be in a package that
    setuptools finds, and every other file (the deck template) must be declared package
    data of its package, or setuptools would leave it out."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["packages"] == {"find": {"include": ["lecture_utils*"]}}
    package = ROOT / "lecture_utils"
    # what setuptools' find finds: folders with an __init__.py, under folders that have one
    found = {folder for folder in [package, *package.rglob("*")] if folder.is_dir()
             and all((f / "__init__.py").is_file() for f in [folder, *folder.parents]
                     if f == package or package in f.parents)}
    data = setuptools.get("package-data", {})
    stray = []
    for path in package.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix == ".py":
            if path.parent not in found:
                stray.append(path)
            continue
        owner = next(folder for folder in path.parents if folder in found)
        patterns = data.get(".".join(owner.relative_to(ROOT).parts), [])
        if not any(path.relative_to(owner).match(pattern) for pattern in patterns):
            stray.append(path)
    assert len(found) == 6  # lecture_utils and maths, data, plots, widgets, tools
    assert stray == [], f"not installed from git: {stray}"


def test_binder_installs_the_course_requirements():
    binder = ROOT / ".binder"
    lines = (binder / "requirements.txt").read_text().split("\n")
    assert "-r ../requirements.txt" in lines
    assert "-e ." in (ROOT / "requirements.txt").read_text().split("\n")
    runtime = (binder / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.1[0-2]", runtime), runtime


def test_badges_command_writes_badges_and_setup_cell(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Lecture 9 · Title\n\nProse."),
        nbformat.v4.new_code_cell("import lecture_utils as lu\n\nlu.setup(seed=SEED)"),
    ])
    path = tmp_path / "09_title.ipynb"
    nbformat.write(notebook, path)
    command = [sys.executable, "-m", "lecture_utils", "badges", str(path),
               "--repository", "a/b", "--ref", "v1.0"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0 and "updated" in done.stdout, done.stderr
    cells = nbformat.read(path, as_version=4).cells
    assert launch.badge_line("notebooks/09_title.ipynb", "a/b", "v1.0") in cells[0].source
    assert cells[1].source == launch.setup_source("a/b", "v1.0")
    again = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == ""
    # outside a repository with a GitHub remote, and nothing named: the badges go
    bare = [sys.executable, "-m", "lecture_utils", "badges", str(path)]
    done = subprocess.run(bare, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0 and "No repository named" in done.stdout
    cells = nbformat.read(path, as_version=4).cells
    assert "[![Open in Colab]" not in cells[0].source and cells[1].source == launch.LOCAL_SETUP


def test_badges_command_names_a_notebook_it_cannot_mark(tmp_path):
    path = tmp_path / "09_untitled.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), path)
    done = subprocess.run([sys.executable, "-m", "lecture_utils", "badges", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error: {path}: the first cell should be the notebook's markdown title")
