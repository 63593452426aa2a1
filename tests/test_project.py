"""The repository's promises: two README commands, CI runs the test one, environments agree."""

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (requirements.txt installs it there)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:bash|sh)\n(.+?)\n```", section, flags=re.S)


def test_readme_quick_start_has_two_one_line_commands():
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    assert all("\n" not in c for c in commands)
    assert "jupyter lab" in commands[0] and "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quick_start_commands()[1] in ci


def test_tests_use_the_pins_and_students_the_ranges():
    students, tests = quick_start_commands()
    assert "-r requirements-dev.txt -c constraints.txt " in tests
    assert "-r requirements.txt " in students and "constraints" not in students


TEST_TOOLS = {"pytest", "nbval", "ruff", "playwright", "tomli"}


def test_students_get_no_test_tools_and_contributors_get_them_on_top():
    students = (ROOT / "requirements.txt").read_text().splitlines()
    dev = (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert not requirement_names(students) & TEST_TOOLS
    assert "-r requirements.txt" in dev and requirement_names(dev) == TEST_TOOLS
    binder = (ROOT / ".binder" / "requirements.txt").read_text()
    assert "requirements-dev" not in binder


def test_every_package_lecture_utils_or_a_notebook_imports_is_declared():
    import ast

    distribution = {"sklearn": "scikit-learn", "PIL": "pillow", "IPython": "ipython",
                    "tensorflow": "tensorflow-cpu", "sphinx_revealjs": "sphinx-revealjs",
                    "jupyter_server_mathjax": "jupyter-server-mathjax"}
    imported = set()
    for path in (ROOT / "lecture_utils").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    import json

    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                # an IPython magic (%pip ...) becomes `pass`, at its indentation
                code = "\n".join(line[:len(line) - len(line.lstrip())] + "pass"
                                 if line.lstrip().startswith(("%", "!")) else line
                                 for line in source.splitlines())
                for node in ast.walk(ast.parse(code)):
                    if isinstance(node, ast.Import):
                        imported |= {alias.name.split(".")[0] for alias in node.names}
                    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                        imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"lecture_utils", "__future__"}
    declared = requirement_names((ROOT / "requirements.txt").read_text().splitlines())
    missing = {distribution.get(name, name).lower() for name in third_party} - declared
    assert not missing, f"imported by lecture_utils or a notebook, not declared: {missing}"


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_constraints_pin_every_requirement_exactly():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")  # exact pins only, no markers
            pins[normalized(name)] = version
    required = {normalized(name) for file in ("requirements.txt", "requirements-dev.txt")
                for name in requirement_names((ROOT / file).read_text().splitlines())}
    # requested only off Linux x86-64, or only before Python 3.11 (constraints: 3.11, Linux)
    assert required - {"tensorflow", "tomli"} <= set(pins), required - set(pins)
    assert "lecture-utils" not in pins  # the editable install is this folder, never a pin


def requirement_names(lines):
    names = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        names.add(re.split(r"[<>=!;\s\[]", line, maxsplit=1)[0].lower())
    return names


def test_environment_yml_has_the_same_packages_as_requirements():
    from_requirements = requirement_names((ROOT / "requirements.txt").read_text().splitlines())
    env_lines = [re.sub(r"^\s*- ", "", line) for line in
                 (ROOT / "environment.yml").read_text().splitlines()
                 if re.match(r"^\s*- ", line)]
    from_conda = requirement_names(env_lines) - {"python", "pip", "pip:", "conda-forge"}
    assert from_requirements == from_conda


def test_requirements_are_ranges_not_pins():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        requirement = line.split("#")[0].split(";")[0]  # not the platform markers
        assert "==" not in requirement, line


def test_package_installs_lecture_utils_with_its_own_imports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dependencies = requirement_names(project["dependencies"])
    assert {"numpy", "matplotlib", "ipywidgets"} <= dependencies
    assert "tensorflow" not in dependencies  # lecture_utils imports Keras only when asked
    assert "scikit-learn" not in dependencies  # only data.digits, when asked (tests/test_learning)


def test_readme_lecture_map_lists_every_notebook():
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert f"notebooks/{notebook.name}" in README, notebook.name


def test_no_data_files_committed():
    allowed = {"README.md"}
    assert {p.name for p in (ROOT / "data").iterdir()} <= allowed
