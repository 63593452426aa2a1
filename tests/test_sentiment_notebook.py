"""Lecture 5 runs on a student's own CSV, whatever its class names (issue 15)."""

import csv
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05_sentiment_classification.ipynb"


def test_runs_on_price_tiers_named_with_dollar_signs(tmp_path):
    """Labels "$", "$$", "$$$" once killed the review box's figure with a maths parse error;
    rt-polarity's own claims (about the words "bad", "start", "moving") must not break it."""
    words = {"$": ["cheap and cheerful", "bargain meal", "budget diner"],
             "$$": ["decent bistro", "fair prices", "reasonable menu"],
             "$$$": ["luxury tasting menu", "lavish fine dining", "expensive wine list"]}
    path = tmp_path / "tiers.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["text", "label"])
        for i in range(40):
            for label, phrases in words.items():
                writer.writerow([f"{phrases[i % 3]} number {i}", label])
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(output), parameters={
        "DATASET": str(path), "EPOCHS": 1}, kernel_name="python3", progress_bar=False,
        cwd=str(NOTEBOOK.parent))
    cells = nbformat.read(output, as_version=4).cells
    assert not [o for c in cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    text = "".join(o.get("text", "") for c in cells for o in c.get("outputs", []))
    assert "3 classes" in text
    assert "CNN-rand" not in text  # a published result on rt-polarity says nothing about these data
