"""One-click environments: the badges, Binder's configuration, the Colab install."""

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lecture_utils import launch

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_one_repository_address():
    # (no tomllib: the series also runs on Python 3.10)
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.findall(r'^Repository = "(.*)"$', pyproject, re.MULTILINE) == [
        launch.repository_url()]
    assert re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", launch.REPOSITORY)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_current_badges_and_setup_cell(path):
    notebook = nbformat.read(path, as_version=4)
    assert not launch.mark_launch(copy.deepcopy(notebook), f"notebooks/{path.name}"), \
        f"run `python -m lecture_utils badges` to update {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_badges_open_this_notebook(path):
    title = nbformat.read(path, as_version=4).cells[0].source
    links = re.findall(r"\]\((https://[^)]+)\)\]\((https://[^)]+)\)", title)
    assert [badge for badge, _ in links] == [launch.COLAB_BADGE, launch.BINDER_BADGE]
    colab, binder = (target for _, target in links)
    assert colab == (f"https://colab.research.google.com/github/{launch.REPOSITORY}/blob/"
                     f"{launch.BRANCH}/notebooks/{path.name}")
    assert binder.startswith(f"https://mybinder.org/v2/gh/{launch.REPOSITORY}/{launch.BRANCH}?")
    assert binder.endswith(f"lab/tree/notebooks/{path.name}")
    assert title.startswith("# Lecture") and title.count("[![Open in Colab]") == 1


def test_mark_launch_inserts_then_replaces_and_leaves_the_parameters_alone():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Lecture 9 · Title\n\nWhat you will learn."),
        nbformat.v4.new_code_cell("SEED = 7"),
        nbformat.v4.new_code_cell("import lecture_utils as lu\n\nlu.setup(seed=SEED)"),
    ])
    assert launch.mark_launch(notebook, "notebooks/09_x.ipynb", repository="a/b")
    assert notebook.cells[0].source == (
        "# Lecture 9 · Title\n\n" + launch.badge_line("notebooks/09_x.ipynb", "a/b")
        + "\n\nWhat you will learn.")
    assert notebook.cells[2].source == launch.setup_source("a/b")
    assert notebook.cells[1].source == "SEED = 7"
    assert "git+https://github.com/a/b.git@main" in notebook.cells[2].source
    assert not launch.mark_launch(notebook, "notebooks/09_x.ipynb", repository="a/b")
    # a moved repository: the same badge line and install line are rewritten, not added again
    assert launch.mark_launch(notebook, "notebooks/09_x.ipynb", repository="c/d")
    assert notebook.cells[0].source.count("[![Open in Colab]") == 1
    assert "a/b" not in notebook.cells[0].source + notebook.cells[2].source
    assert notebook.cells[2].source.endswith("lu.setup(seed=SEED)")


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
                           launch.setup_source()],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_on_colab_the_setup_cell_installs_lecture_utils_from_the_repository():
    outcome = run_setup_cell("colab")
    assert outcome == {"pip": [f'install --quiet "{launch.install_requirement()}"'],
                       "error": "NoneType", "setup_ran": True}


def test_on_colab_an_installed_lecture_utils_is_not_installed_again():
    outcome = run_setup_cell("colab", package="installed")
    assert outcome == {"pip": [], "error": "NoneType", "setup_ran": True}


def test_elsewhere_the_setup_cell_installs_nothing():
    outcome = run_setup_cell("laptop")
    assert outcome["pip"] == [] and outcome["error"] == "ModuleNotFoundError"


def test_a_git_install_carries_the_whole_package():
    """Colab installs from git, not editable: every module must be in the declared package,
    and every other file (the deck template) must be declared package data, or setuptools
    would leave it out."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["packages"] == ["lecture_utils"]
    data = setuptools.get("package-data", {}).get("lecture_utils", [])
    package = ROOT / "lecture_utils"
    stray = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
             and (p.suffix != ".py" or p.parent != package)
             and not any(p.relative_to(package).match(pattern) for pattern in data)]
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
    command = [sys.executable, "-m", "lecture_utils", "badges", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "updated" in done.stdout, done.stderr
    cells = nbformat.read(path, as_version=4).cells
    assert launch.badge_line("notebooks/09_title.ipynb") in cells[0].source
    assert cells[1].source == launch.setup_source()
    again = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and again.stdout == ""


def test_badges_command_names_a_notebook_it_cannot_mark(tmp_path):
    path = tmp_path / "09_untitled.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), path)
    done = subprocess.run([sys.executable, "-m", "lecture_utils", "badges", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error: {path}: the first cell should be the notebook's markdown title")
