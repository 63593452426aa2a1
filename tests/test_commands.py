"""The project's commands: `python -m lecture_utils execute` and `benchmark`."""

import json
import subprocess
import sys

import nbformat
import pytest

from lecture_utils.tools.notebooks import format_table


def tiny_notebook(path, last_cell="print('hello')"):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("x = bytearray(50_000_000)"),
                      nbformat.v4.new_code_cell(last_cell)]
    nbformat.write(notebook, path)
    return path


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "lecture_utils", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_execute_stores_outputs_in_order_without_timings(tmp_path):
    path = tiny_notebook(tmp_path / "00_tiny.ipynb")
    done = run_cli("execute", str(path))
    assert done.returncode == 0, done.stderr
    cells = nbformat.read(path, as_version=4).cells
    assert [c.execution_count for c in cells] == [1, 2]
    assert cells[1].outputs[0]["text"] == "hello\n"
    assert all("execution" not in c.metadata for c in cells)


def test_benchmark_reports_time_memory_and_results(tmp_path):
    path = tiny_notebook(tmp_path / "00_tiny.ipynb",
                         "from IPython.display import JSON\nJSON({'accuracy': 0.5})")
    before = path.read_text()
    report = tmp_path / "bench.json"
    done = run_cli("benchmark", str(path), "--json", str(report))
    assert done.returncode == 0, done.stderr
    assert "| 00_tiny.ipynb |" in done.stdout
    measured = json.loads(report.read_text())["00_tiny.ipynb"]
    assert measured["seconds"] > 0
    assert measured["peak_memory_mb"] > 50  # the 50 MB bytearray is counted
    assert measured["results"] == {"accuracy": 0.5}
    assert path.read_text() == before  # benchmarking does not rewrite the notebook


def test_benchmark_reports_a_failing_notebook(tmp_path):
    path = tiny_notebook(tmp_path / "00_broken.ipynb", "1 / 0")
    done = run_cli("benchmark", str(path))
    assert done.returncode == 1
    assert "failed" in done.stdout and "ZeroDivisionError" in done.stdout


def test_missing_notebook_is_a_short_error(tmp_path):
    done = run_cli("execute", str(tmp_path / "nope.ipynb"))
    assert done.returncode != 0
    assert "neither a notebook nor a folder" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("row", [
    {"seconds": 12.34, "slowest_cell_s": 5.0, "slowest_cell": 3, "peak_memory_mb": 812.4},
])
def test_table(row):
    table = format_table([("01_x.ipynb", row), ("02_y.ipynb", {"error": "boom"})])
    assert "| 01_x.ipynb | 12.3 | 5.0 (cell 3) | 812 |" in table
    assert "| 02_y.ipynb | failed | | |" in table


def test_table_without_peak_memory_says_n_a():
    row = {"seconds": 1.0, "slowest_cell_s": 0.5, "slowest_cell": 1, "peak_memory_mb": None}
    assert "| 01_x.ipynb | 1.0 | 0.5 (cell 1) | n/a |" in format_table([("01_x.ipynb", row)])


def test_peak_memory_is_none_without_resource(monkeypatch):
    from lecture_utils.tools import notebooks

    monkeypatch.setitem(sys.modules, "resource", None)  # `import resource` now fails
    assert notebooks.peak_memory_of_children_mb() is None


# Windows has no `resource` (nor fcntl, termios, pwd, grp): the commands must start anyway.
WITHOUT_UNIX_MODULES = (
    "import runpy, sys\n"
    "for name in ('resource', 'fcntl', 'termios', 'pwd', 'grp'):\n"
    "    sys.modules[name] = None\n"
    "sys.argv = ['lecture_utils', *sys.argv[1:]]\n"
    "runpy.run_module('lecture_utils', run_name='__main__', alter_sys=True)\n"
)


@pytest.mark.parametrize("args", [["--help"], ["doctor", "--help"], ["benchmark", "--help"]])
def test_commands_start_without_unix_only_modules(args):
    done = subprocess.run([sys.executable, "-c", WITHOUT_UNIX_MODULES, *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "usage: python -m lecture_utils" in done.stdout


def test_missing_notebook_is_a_short_error_without_resource(tmp_path):
    done = subprocess.run([sys.executable, "-c", WITHOUT_UNIX_MODULES,
                           "execute", str(tmp_path / "nope.ipynb")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "neither a notebook nor a folder" in done.stderr
    assert "Traceback" not in done.stderr


# --- a user's mistake on the command line is one line, never a traceback (issue 15) ---------

def _one_line_error(done):
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["execute"], ["slides"], ["slides", "--mark"], ["badges"]])
def test_a_file_that_is_not_json_is_one_line(tmp_path, command):
    path = tmp_path / "broken.ipynb"
    path.write_text("this is not a notebook", encoding="utf-8")
    line = _one_line_error(run_cli(*command, str(path)))
    assert "is not a Jupyter notebook" in line and "broken.ipynb" in line


@pytest.mark.parametrize("cells", [[], [nbformat.v4.new_markdown_cell("# Title")]])
def test_badges_on_a_notebook_without_a_title_or_setup_cell_is_one_line(tmp_path, cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    path = tmp_path / "empty.ipynb"
    nbformat.write(notebook, path)
    done = run_cli("badges", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1


def test_slides_into_a_path_that_is_a_file_is_one_line(tmp_path):
    path = tiny_notebook(tmp_path / "00_tiny.ipynb")
    blocker = tmp_path / "taken"
    blocker.write_text("a file where the folder should be")
    line = _one_line_error(run_cli("slides", str(path), "--output", str(blocker)))
    assert "cannot write" in line and "taken" in line


def test_slides_into_a_missing_parent_folder_creates_it(tmp_path):
    path = tiny_notebook(tmp_path / "00_tiny.ipynb")
    done = run_cli("slides", str(path), "--output", str(tmp_path / "new" / "decks"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new" / "decks" / "00_tiny.slides.html").is_file()
