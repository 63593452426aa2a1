"""The committed notebooks: executed top to bottom, set up the same way, quick to start.

nbval (enabled in pyproject.toml) re-executes every notebook and compares outputs;
these tests check what nbval does not.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SETUP_CALL = re.compile(r"(^|\n)import lecture_utils as lu\n\s*lu\.setup\(seed=SEED\)$")
SEED_LINE = re.compile(r"^SEED = 0\b", re.MULTILINE)


def code_cells(path):
    notebook = nbformat.read(path, as_version=4)
    return [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2
    assert all(re.match(r"\d\d_[a-z0-9_]+\.ipynb$", p.name) for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_top_to_bottom(path):
    counts = [cell.execution_count for cell in code_cells(path)]
    assert None not in counts, f"{path.name}: {counts.count(None)} code cell(s) never executed"
    assert counts == list(range(1, len(counts) + 1)), \
        f"{path.name}: execution counts {counts} are not 1, 2, 3, ... (not run top to bottom)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_with_a_seed_then_the_setup_call(path):
    # papermill injects its values right after the cell tagged "parameters", so SEED (and
    # lectures 4 and 5's data parameters) must be set there, before lu.setup uses it.
    # The Colab install in the setup cell is checked in test_launch.py.
    parameters, setup = code_cells(path)[:2]
    assert "parameters" in parameters.metadata.get("tags", [])
    assert SEED_LINE.search(parameters.source)
    assert SETUP_CALL.search(setup.source.strip())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_or_tensorflow_logs_stored(path):
    for cell in code_cells(path):
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name}: stored error {output.get('ename')}"
            text = json.dumps(output.get("text", "")) + json.dumps(output.get("data", {}))
            assert "E0000" not in text and "oneDNN" not in text and "absl::" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_timing_metadata_stored(path):
    assert all("execution" not in cell.metadata for cell in code_cells(path))


def test_lecture_2_imports_no_tensorflow_before_the_keras_comparison():
    from nbclient import NotebookClient

    path = next(p for p in NOTEBOOKS if p.name.startswith("02_"))
    notebook = nbformat.read(path, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    first_keras = next(i for i, c in enumerate(cells) if "import keras" in c.source)
    assert first_keras >= 5, "the Keras comparison should come after the NumPy sections"
    probe = nbformat.v4.new_code_cell(
        "import sys\nprint(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    notebook.cells = [*cells[:first_keras], probe]
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    assert notebook.cells[-1].outputs[0]["text"].strip() == "[]"


# --- measured claims: checked where they are made, compared by nbval ------------------------

IGNORED = {"nbval-ignore-output", "nbval-skip"}
MINIMUM_CLAIMS = {"01": 3, "03": 5, "04": 3, "05": 3, "07": 3}


def claim_cells(path):
    return [c for c in code_cells(path) if "lu.claim(" in c.source]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_claim_lines_are_compared_by_nbval(path):
    # The measured digits may sit in ignored cells; the ✓ lines drawn from them may not.
    for cell in claim_cells(path):
        assert not IGNORED & set(cell.metadata.get("tags", [])), cell.source[:80]
        assert "NBVAL_IGNORE_OUTPUT" not in cell.source and "NBVAL_SKIP" not in cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_claims_hold_and_are_stored(path):
    stored = [line for cell in code_cells(path) for output in cell.outputs
              for line in output.get("text", "").splitlines()]
    failed = [line for line in stored if line.startswith("✗")]
    assert not failed, f"{path.name} stores failed claims: {failed}"
    held = [line for line in stored if line.startswith("✓")]
    calls = sum(cell.source.count("lu.claim(") for cell in claim_cells(path))
    assert len(held) >= calls, f"{path.name}: {calls} claims in the code, {len(held)} ✓ stored"
    assert len(held) >= MINIMUM_CLAIMS.get(path.name[:2], 0)
