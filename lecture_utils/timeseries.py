"""Time series plumbing for forecasting: loading a table, cleaning it, windows.

The lecture's ideas (chronological split, training-only statistics, baselines,
models) are written in the notebook; this module only loads and checks data and
cuts it into windows, for the built-in dataset and for a student's own CSV.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import datasets
from .errors import LectureError


class DataProblem(LectureError):
    """The table cannot be used as given; the message says why and what to do."""


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataProblem(
            f"No such file: {path}. Set DATA to a dataset name "
            f"({', '.join(datasets.DATASETS)}) or to the path of a CSV file.")
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DataProblem(f"Cannot read {path.name} as CSV ({first}). Check that it is a "
                          "comma-separated text file with one header row.") from None
    if frame.empty or len(frame.columns) < 2:
        raise DataProblem(f"{path.name} has no data rows or fewer than two columns.")
    return frame


def load_table(data: str, time_column: str = "time") -> pd.DataFrame:
    """A table of observations indexed by time, oldest first.

    data : "beijing-pm25" (hourly Beijing weather, via the dataset cache/mirror) or
        the path of a CSV file with a header row.
    time_column : the column holding each row's time. For "beijing-pm25" it is built
        from the year, month, day and hour columns and called "time".
    """
    if data == "beijing-pm25":
        frame = pd.read_csv(datasets.fetch("beijing-pm25")["pollution.csv"])
        frame["time"] = pd.to_datetime(frame[["year", "month", "day", "hour"]])
        frame = frame.drop(columns=["No", "year", "month", "day", "hour"])
        time_column = "time"
    else:
        frame = _read_csv(Path(data).expanduser())
    if time_column not in frame.columns:
        raise DataProblem(f"No column {time_column!r} for TIME_COLUMN; the columns are: "
                          f"{', '.join(map(str, frame.columns))}.")
    times = pd.to_datetime(frame[time_column], errors="coerce", format="mixed")
    bad = times.isna()
    if bad.any():
        example = frame.loc[bad, time_column].iloc[0]
        raise DataProblem(
            f"{bad.sum()} of {len(frame)} values in {time_column!r} are not dates or times "
            f"(for example {example!r}). Use a format like 2014-12-31 23:00.")
    frame = frame.drop(columns=[time_column]).set_index(times.rename("time"))
    if frame.index.has_duplicates:
        raise DataProblem(f"{int(frame.index.duplicated().sum())} rows repeat an earlier time "
                          f"in {time_column!r}; keep one row per time step.")
    return frame.sort_index()


def clean(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, list[str]]:
    """Make every column a number with no gaps, and say what was done.

    - text columns become one 0/1 column per value ("one-hot");
    - gaps in numeric columns are filled by linear interpolation in time (and the
      nearest value at the ends);
    - columns with no numbers at all are dropped.

    Returns the cleaned table (float32) and a list of sentences describing each step.
    Raises ``DataProblem`` if the target is missing or not numeric.
    """
    if target not in frame.columns:
        raise DataProblem(f"No column {target!r} for TARGET; the columns are: "
                          f"{', '.join(map(str, frame.columns))}.")
    if not pd.api.types.is_numeric_dtype(frame[target]):
        raise DataProblem(f"TARGET column {target!r} is not numeric (for example "
                          f"{frame[target].dropna().iloc[0]!r}); choose a numeric column.")
    if frame[target].notna().sum() < 2:
        raise DataProblem(f"TARGET column {target!r} has fewer than two values.")
    notes = []
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    for column in text:
        values = sorted(frame[column].dropna().astype(str).unique())
        notes.append(f"text column {column!r} ({len(values)} values: {', '.join(values[:6])}"
                     f"{', ...' if len(values) > 6 else ''}) -> one 0/1 column per value")
    frame = pd.get_dummies(frame, columns=text, dtype=float)
    empty = [c for c in frame.columns if frame[c].notna().sum() == 0]
    if empty:
        notes.append(f"dropped columns with no values: {', '.join(map(str, empty))}")
        frame = frame.drop(columns=empty)
    for column in frame.columns:
        missing = int(frame[column].isna().sum())
        if missing:
            notes.append(f"{column!r}: {missing} missing values "
                         f"({missing / len(frame):.1%}) filled by linear interpolation in time")
    frame = frame.interpolate(method="time", limit_direction="both")
    if not notes:
        notes.append("nothing to clean: all columns numeric, no missing values")
    return frame.astype("float32"), notes


def split_points(rows: int, train: float = 0.5, validation: float = 0.25) -> tuple[int, int]:
    """Row indices where validation and test begin (chronological split)."""
    return int(rows * train), int(rows * (train + validation))


def window_ends(start: int, stop: int, window: int, horizon: int, stride: int = 1) -> np.ndarray:
    """Rows ``t`` at which a window may end: the window ``t-window+1 .. t`` lies in
    ``[start, stop)`` and so does the target row ``t+horizon``."""
    return np.arange(start + window - 1, stop - horizon, stride)


def make_windows(values: np.ndarray, ends: np.ndarray, window: int, sampling: int = 1
                 ) -> np.ndarray:
    """Cut windows out of a (time, features) array.

    Each window holds the rows ``end-window+1 .. end``, every ``sampling``-th row,
    ending exactly at ``end``. Returns (len(ends), ceil(window / sampling), features).
    """
    if window < 1 or sampling < 1:
        raise DataProblem(f"WINDOW and SAMPLING must be at least 1, got {window} and {sampling}.")
    offsets = np.arange(-(window - 1), 1)[::-1][::sampling][::-1]
    return values[ends[:, None] + offsets[None, :]]


def check_enough_rows(rows: int, window: int, horizon: int, minimum_windows: int = 50) -> None:
    """Refuse a table too short to give training, validation and test windows."""
    if horizon < 1:
        raise DataProblem(f"HORIZON must be at least 1 step, got {horizon}.")
    smallest_part = rows // 4  # the validation and test parts each get a quarter
    if smallest_part - window - horizon + 1 < minimum_windows:
        needed = 4 * (window + horizon - 1 + minimum_windows)
        raise DataProblem(
            f"Too few rows ({rows}) for WINDOW={window} and HORIZON={horizon}: each of the "
            f"validation and test quarters needs at least {minimum_windows} windows, so at "
            f"least {needed} rows. Use a shorter WINDOW or HORIZON, or more data.")


def noisy_cycle(steps: int, period: int = 64, noise: float = 0.8, seed: int = 0) -> np.ndarray:
    """A sine (amplitude 1) with a long period plus Gaussian noise of standard deviation
    ``noise``: what comes next depends on where in the cycle we are, which only a long
    look back reveals through the noise."""
    rng = np.random.default_rng(seed)
    return np.sin(2 * np.pi * np.arange(steps) / period) + rng.normal(0, noise, steps)


def local_wiggle(steps: int, noise: float = 1.0, seed: int = 0) -> np.ndarray:
    """An AR(2) series, x[t] = 1.2 x[t-1] - 0.6 x[t-2] + Gaussian noise of standard
    deviation ``noise``: what comes next depends only on the last two values (local
    structure, nothing far back)."""
    rng = np.random.default_rng(seed)
    shocks = rng.normal(0, noise, steps)
    x = np.zeros(steps)
    for t in range(2, steps):
        x[t] = 1.2 * x[t - 1] - 0.6 * x[t - 2] + shocks[t]
    return x


def climbing_cycle(steps: int, period: int = 24, climb: float = 8.0, wander: float = 0.02,
                   seed: int = 0) -> np.ndarray:
    """A daily cycle (amplitude 1) on a level that climbs steadily by ``climb`` over the
    series and wanders a little (a random walk whose steps have standard deviation
    ``wander``): a series that drifts, so that its later part lies above everything its
    first half reached."""
    rng = np.random.default_rng(seed)
    t = np.arange(steps)
    return (np.sin(2 * np.pi * t / period) + climb * t / steps
            + np.cumsum(rng.normal(0, wander, steps)))


def duration(index: pd.DatetimeIndex, steps: int) -> str:
    """How long ``steps`` rows of a regular time index last, in the unit of one row:
    "24 hours" for hourly rows, "7 days" for daily ones, "90 minutes" for 10-minute ones."""
    step = pd.Series(index).diff().median().total_seconds()
    for unit, seconds in (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1)):
        if step >= seconds and step % seconds == 0:
            count = steps * step / seconds
            return f"{count:g} {unit}{'' if count == 1 else 's'}"
    return f"{steps} rows"
