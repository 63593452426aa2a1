"""Executing the lecture notebooks: refresh their stored outputs, and benchmark them.

Plumbing for the project's commands (``python -m lecture_utils execute|benchmark``);
nothing here is used inside a lecture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from ..errors import LectureError

CELL_TIMEOUT_S = 600


def find_notebooks(paths: list[str] | None = None) -> list[Path]:
    """The notebooks named in ``paths`` (files or folders), default ``notebooks/``."""
    found: list[Path] = []
    for entry in map(Path, paths or ["notebooks"]):
        if entry.is_dir():
            found += sorted(p for p in entry.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif entry.suffix == ".ipynb" and entry.is_file():
            found.append(entry)
        else:
            raise LectureError(f"{entry} is neither a notebook nor a folder of notebooks.")
    if not found:
        raise LectureError("no notebooks found; run this from the repository root.")
    return found


def read_notebook(path: Path):
    """The notebook at ``path`` (nbformat 4), or a ``LectureError`` saying why it is not one."""
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except OSError as error:
        raise LectureError(f"cannot read {path}: {error.strerror or error}.") from None
    except Exception as error:  # not JSON, not UTF-8, not a notebook's schema
        raise LectureError(f"{path} is not a Jupyter notebook ({type(error).__name__}: "
                           f"{str(error).splitlines()[0][:80] if str(error) else 'unreadable'}); "
                           "pass a .ipynb file saved by Jupyter.") from None


def write_file(target: Path, write) -> None:
    """Run ``write(target)``, turning a folder that cannot be written into one clear line."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target)
    except (FileExistsError, NotADirectoryError, PermissionError) as error:
        raise LectureError(f"cannot write {target}: {error.strerror or error}; choose a folder "
                           "you can write to.") from None


def _timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def execute_notebook(path: Path, output: Path | None = None) -> dict:
    """Run every cell of ``path`` top to bottom in a fresh kernel and save the result.

    Saves to ``output`` (default: in place). Per-cell timings are measured but not
    stored, so re-running a notebook only changes what its cells print.
    Returns ``{"seconds", "slowest_cell_s", "slowest_cell", "results"}`` where
    ``results`` is the JSON value the last cell displayed (``application/json``),
    if any.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = read_notebook(path)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=True,
        store_widget_state=False,
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started

    slowest, slowest_index, results = 0.0, None, None
    code_index = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        code_index += 1
        timing = cell.metadata.pop("execution", None)
        if timing and "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            spent = (_timestamp(timing["shell.execute_reply"])
                     - _timestamp(timing["iopub.execute_input"])).total_seconds()
            if spent > slowest:
                slowest, slowest_index = spent, code_index
        for out in cell.get("outputs", []):
            if "application/json" in out.get("data", {}):
                results = out["data"]["application/json"]
    write_file(output or path, lambda target: nbformat.write(notebook, target))
    return {"seconds": seconds, "slowest_cell_s": slowest, "slowest_cell": slowest_index,
            "results": results}


def peak_memory_of_children_mb() -> float | None:
    """Peak resident memory of the largest finished child process (the kernel), in MB.

    None where the Unix-only ``resource`` module is missing (Windows): imported here,
    not at the top, so that every other command still runs there.
    """
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure_in_fresh_process(path: Path) -> dict:
    """Execute ``path`` in a new Python process (so its kernel is the only child
    whose memory is counted) and return its measurements."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "lecture_utils", "execute", "--quiet",
                   "--output", str(Path(scratch) / path.name), "--report", str(report), str(path)]
        finished = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
        if finished.returncode != 0:
            tail = "\n".join(finished.stderr.strip().splitlines()[-15:])
            return {"error": tail or f"exit status {finished.returncode}"}
        return json.loads(report.read_text())


def format_table(rows: list[tuple[str, dict]]) -> str:
    """A Markdown table of benchmark measurements (also readable in a terminal)."""
    lines = [
        "| notebook | wall time (s) | slowest cell (s) | peak memory (MB) |",
        "|---|---:|---:|---:|",
    ]
    for name, m in rows:
        if "error" in m:
            lines.append(f"| {name} | failed | | |")
            continue
        peak = m.get("peak_memory_mb")
        memory = "n/a" if peak is None else f"{peak:.0f}"  # n/a: no `resource` (Windows)
        lines.append(
            f"| {name} | {m['seconds']:.1f} | {m['slowest_cell_s']:.1f} (cell {m['slowest_cell']})"
            f" | {memory} |"
        )
    return "\n".join(lines)
