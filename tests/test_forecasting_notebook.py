"""Lecture 4 runs on a student's own CSV: the papermill parameters cell is honoured, and a
series that drifts between training and test does not throw the forecast."""

import contextlib
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest

from lecture_utils.data import synthetic

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_forecasting_time_series.ipynb"
EPOCHS = 5   # few, to keep the test short


def run_lecture_4(output: Path, **parameters):
    """Run lecture 4 with papermill, the way the README tells students to run it on their
    own data; returns the executed notebook, also when a cell stopped with an error."""
    # on an error the caller looks at it in the output notebook
    with contextlib.suppress(papermill.PapermillExecutionError):
        papermill.execute_notebook(str(NOTEBOOK), str(output), parameters=parameters,
                                   kernel_name="python3", progress_bar=False,
                                   cwd=str(NOTEBOOK.parent), execution_timeout=600)
    return nbformat.read(output, as_version=4)


def test_parameters_cell_names_what_the_issue_promises():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    for name in ("DATA", "TARGET", "UNIT", "TIME_COLUMN", "TIME_FORMAT", "HORIZON", "WINDOW",
                 "PREDICT", "EPOCHS"):
        assert f"\n{name} = " in "\n" + cell.source, name


def test_runs_on_a_small_drifting_csv_with_gaps_and_text(tmp_path):
    rng = np.random.default_rng(0)
    rows = 2_000
    frame = pd.DataFrame({
        # day first (13/03/2023 ...): read as such, not as month first
        "timestamp": pd.date_range("2023-03-01", periods=rows, freq="h").strftime("%d/%m/%Y %H:%M"),
        # a daily cycle on a level that climbs: the test quarter lies above the training half
        "level": synthetic.climbing_cycle(rows, period=24, climb=8.0, seed=0).round(3),
        "pump": rng.choice(["on", "off"], rows),
        "rain": rng.random(rows).round(3),
        "remark": [f"checked by {i}" for i in range(rows)],   # free text: not one-hot encoded
    })
    frame.loc[rng.choice(rows, 50, replace=False), "rain"] = np.nan
    frame.loc[700, "rain"] = np.inf
    frame = frame.drop(index=range(300, 312))     # 12 hours missing
    rain_missing = int(frame["rain"].isna().sum()) + 12 + 1
    csv = tmp_path / "river.csv"
    frame.to_csv(csv, index=False)

    notebook = run_lecture_4(tmp_path / "out.ipynb", DATA=str(csv), TARGET="level", UNIT="m",
                             TIME_COLUMN="timestamp", HORIZON=6, WINDOW=48, SAMPLING=2,
                             EPOCHS=EPOCHS)
    assert not [o for c in notebook.cells for o in c.get("outputs", [])
                if o.output_type == "error"]
    text = "\n".join(out.get("text", "") for c in notebook.cells if c.cell_type == "code"
                     for out in c.outputs)
    assert f"{rows - 12:,} rows from 2023-03-01 00:00:00 to 2023-05-23 07:00:00" in text
    assert "12 missing time steps of 1 hour inserted" in text
    assert "text column 'pump'" in text
    assert "text column 'remark' dropped: 1988 different values" in text
    assert "'rain': 1 infinite values treated as missing" in text
    assert f"'rain': {rain_missing} missing values" in text
    assert "beat persistence on the test years" in text
    results = notebook.cells[-1].outputs[0]["data"]["application/json"]
    assert set(results) == {"persistence", "seasonal naive", "climatology", "dense", "cnn", "lstm",
                            "gru", "gru_level"}
    assert all(np.isfinite(r["test_mae"]) for r in results.values())
    # at a 6-step horizon the two baselines are different forecasts
    assert results["persistence"]["test_mae"] != results["seasonal naive"]["test_mae"]
    assert "forecast 6 hours ahead from the last 48 hours" in text
    # forecasting the change (the default), the model chosen on validation ends close to
    # persistence on the drifted test quarter, not far above it
    best = min(("lstm", "gru"), key=lambda name: results[name]["validation_mae"])
    assert results[best]["test_mae"] <= 1.1 * results["persistence"]["test_mae"], results


@pytest.mark.parametrize("when, parameters, message", [
    (["2024-01-01", "not a date"], {}, "not dates or times"),
    (["10:00", "11:00"], {}, "a time of day with no date"),
    (list(pd.date_range("2024-01-01", periods=2_000, freq="h").astype(str)), {"WINDOW": 2.5},
     "WINDOW must be a whole number"),
    (["2024-01-01"] * 2, {"DATA": None}, "DATA must be 'beijing-pm25'"),
])
def test_a_bad_csv_stops_with_one_short_message(tmp_path, when, parameters, message):
    csv = tmp_path / "bad.csv"
    pd.DataFrame({"when": when, "x": np.arange(len(when)) % 7}).to_csv(csv, index=False)
    notebook = run_lecture_4(tmp_path / "out.ipynb", **{"DATA": str(csv), "TARGET": "x",
                                                        "TIME_COLUMN": "when", **parameters})
    errors = [out for c in notebook.cells if c.cell_type == "code" for out in c.outputs
              if out.output_type == "error"]
    assert errors, "the notebook should stop at the bad CSV"
    assert errors[0]["ename"] in ("DataProblem", "LectureError")
    assert len(errors[0]["traceback"]) == 1   # one line, no traceback wall
    assert message in errors[0]["traceback"][0]
