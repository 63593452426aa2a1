"""Time series plumbing for forecasting: loading a table, cleaning it, windows.

The lecture's ideas (chronological split, training-only statistics, baselines,
models) are written in the notebook; this module only loads and checks data and
cuts it into windows, for the built-in dataset and for a student's own CSV.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import require_int
from . import datasets
from .student_csv import DataProblem, first_line, read_csv, require_columns

BEIJING = "beijing-pm25"  # hourly weather and PM2.5 in Beijing, 2010-2014 (the lecture's data)

_SLASH_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")
_TIME_ONLY = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?\s*$")
_OFFSET = re.compile(r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)\s*$")
_EPOCH_UNITS = {"s": "seconds", "ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds"}


def _epoch_times(numbers: pd.Series, name: str) -> tuple[pd.Series, list[str]]:
    """Numbers read as Unix time (seconds since 1970, or milli-, micro-, nanoseconds),
    choosing the unit that puts every value between 1980 and 2100; else refused."""
    low, high = numbers.min(), numbers.max()
    for power, (unit, words) in enumerate(_EPOCH_UNITS.items()):
        if 315_532_800 * 1000**power <= low and high <= 4_102_444_800 * 1000**power:
            return (pd.to_datetime(numbers, unit=unit),
                    [f"{name!r} read as Unix time ({words} since 1970)"])
    raise DataProblem(
        f"{name!r} holds numbers ({low:g} to {high:g}), not dates: as Unix time in seconds they "
        "would not lie between 1980 and 2100. Give dates like 2014-12-31 23:00, or set "
        "TIME_FORMAT (for example '%Y%m%d' for 20141231).")


def _day_first(text: pd.Series, name: str) -> bool | None:
    """For dates like 13/01/2014: True if day first, False if month first, None if the
    column has no such dates; refused when the values cannot tell."""
    parts = text.str.extract(_SLASH_DATE).dropna().astype(int)
    if parts.empty:
        return None
    first, second = parts[0], parts[1]
    if first.max() > 12 and second.max() > 12:
        raise DataProblem(f"{name!r} has dates with a day above 12 in the first place (for "
                          f"example {text[first.idxmax()]!r}) and in the second "
                          f"({text[second.idxmax()]!r}); use one date format throughout.")
    if first.max() > 12:
        return True
    if second.max() > 12 or (first == second).all():
        return False
    raise DataProblem(
        f"Dates in {name!r} like {text[parts.index[0]]!r} could be day/month or month/day; "
        "set TIME_FORMAT, for example '%d/%m/%Y %H:%M' (day first) or '%m/%d/%Y %H:%M'.")


def _parse_times(column: pd.Series, name: str, time_format: str | None
                 ) -> tuple[pd.Series, list[str]]:
    """The column as times (naive; zone-aware ones converted to UTC), and notes on that."""
    empty = column.isna()
    if empty.any():
        line = int(empty.to_numpy().argmax()) + 2   # after the header, counting from 1
        raise DataProblem(f"{int(empty.sum())} rows have no value in {name!r} (the first on "
                          f"line {line} of the file); every row needs its time.")
    if time_format is None and pd.api.types.is_numeric_dtype(column) \
            and not pd.api.types.is_bool_dtype(column):
        return _epoch_times(column, name)
    text = column.astype("string").str.strip()
    if time_format is not None:
        try:
            times = pd.to_datetime(text, format=time_format, errors="coerce", utc=True)
        except ValueError as error:
            raise DataProblem(f"TIME_FORMAT {time_format!r} is not a date format ({error}); "
                              "write it like '%d/%m/%Y %H:%M'.") from None
        aware = "%z" in time_format or "%Z" in time_format
    else:
        only_time = text.str.fullmatch(_TIME_ONLY).fillna(False)
        if only_time.any():
            raise DataProblem(f"{int(only_time.sum())} values in {name!r} are a time of day "
                              f"with no date (for example {text[only_time].iloc[0]!r}); "
                              "give full dates like 2014-12-31 23:00.")
        with_zone = text.str.contains(_OFFSET).fillna(False)
        if with_zone.any() and not with_zone.all():
            raise DataProblem(
                f"{int(with_zone.sum())} of {len(text)} times in {name!r} carry a time zone "
                f"(for example {text[with_zone].iloc[0]!r}) and the others do not (for example "
                f"{text[~with_zone].iloc[0]!r}); give every time with its zone, or none.")
        aware = bool(with_zone.all())
        day_first = _day_first(text, name)
        try:
            times = pd.to_datetime(text, errors="coerce", format="mixed", utc=aware)
            if day_first:   # only where the day comes first: 2014-01-05 stays 5 January
                slashed = text.str.extract(_SLASH_DATE)[0].notna()
                times[slashed] = pd.to_datetime(text[slashed], errors="coerce", format="mixed",
                                                utc=aware, dayfirst=True)
        except (ValueError, OverflowError) as error:
            raise DataProblem(f"Cannot read the times in {name!r} ({first_line(error)}); "
                              "use a format like 2014-12-31 23:00.") from None
    bad = times.isna()
    if bad.any():
        raise DataProblem(
            f"{bad.sum()} of {len(column)} values in {name!r} are not dates or times "
            f"(for example {text[bad].iloc[0]!r}). Use a format like 2014-12-31 23:00"
            + (f", or fix TIME_FORMAT {time_format!r}." if time_format else "."))
    notes = []
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
        if aware:
            notes.append(f"{name!r}: times with a time zone, converted to UTC")
    return times, notes


def load_table(data: str, time_column: str = "time", time_format: str | None = None
               ) -> pd.DataFrame:
    """A table of observations indexed by time, oldest first.

    data : "beijing-pm25" (hourly Beijing weather, via the dataset cache/mirror) or
        the path of a CSV file with a header row.
    time_column : the column holding each row's time. For "beijing-pm25" it is built
        from the year, month, day and hour columns and called "time".
    time_format : how the times are written, e.g. "%d/%m/%Y %H:%M" (strftime codes);
        None reads ISO dates, tells day/month from month/day by a value above 12 (or
        refuses), and reads a column of numbers as Unix time (seconds since 1970, or
        milli-, micro- or nanoseconds, whichever puts the times between 1980 and 2100).

    What was assumed while reading (a time zone converted, Unix time) is kept in
    ``frame.attrs["notes"]``, which ``clean`` reports.
    """
    if not isinstance(data, (str, Path)) or not str(data).strip():
        raise DataProblem(f"DATA must be '{BEIJING}' (the lecture's data) or the path of a CSV "
                          f"file, got {data!r}.")
    if not isinstance(time_column, str):
        raise DataProblem(f"TIME_COLUMN must be a column name in quotes, got {time_column!r}.")
    if time_format is not None and not isinstance(time_format, str):
        raise DataProblem(f"TIME_FORMAT must be None or a format like '%d/%m/%Y %H:%M', "
                          f"got {time_format!r}.")
    if data == BEIJING:
        frame = pd.read_csv(datasets.fetch(BEIJING)["pollution.csv"])
        frame["time"] = pd.to_datetime(frame[["year", "month", "day", "hour"]])
        frame = frame.drop(columns=["No", "year", "month", "day", "hour"])
        time_column, time_format = "time", None
    else:
        frame = read_csv(data, "DATA", f"'{BEIJING}' (the lecture's data)")
        if len(frame.columns) < 2:
            raise DataProblem(f"{Path(data).name} has one column; a forecast needs a time "
                              "column and at least one column of values.")
    require_columns(frame, {"TIME_COLUMN": time_column}, Path(str(data)).name)
    if pd.api.types.is_datetime64_any_dtype(frame[time_column]):
        times, notes = frame[time_column], []
    else:
        times, notes = _parse_times(frame[time_column], time_column, time_format)
    frame = frame.drop(columns=[time_column]).set_index(pd.DatetimeIndex(times, name="time"))
    if frame.index.has_duplicates:
        raise DataProblem(f"{int(frame.index.duplicated().sum())} rows repeat an earlier time "
                          f"in {time_column!r}; keep one row per time step.")
    frame = frame.sort_index()
    frame.attrs["notes"] = notes
    return frame


MAX_CATEGORIES = 20   # a text column with more values is not encoded (one 0/1 column each)


def _not_numbers(column: pd.Series) -> pd.Series:
    """The distinct non-empty values of ``column`` that are not numbers."""
    present = column.dropna()
    return pd.Series(present[pd.to_numeric(present, errors="coerce").isna()].unique())


def _calendar_steps(index: pd.DatetimeIndex) -> bool:
    """Whether the times follow a calendar step with no gap (every month start, ...)."""
    with warnings.catch_warnings():   # pandas 3 announces a new type for the same answer
        warnings.simplefilter("ignore")
        return index.inferred_freq is not None


def _regular_steps(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The table on a regular time grid (the median step), missing steps inserted as empty
    rows, with a note on the gaps; refused if the times are not on such a grid."""
    index = frame.index
    steps = pd.Series(index[1:] - index[:-1])
    if len(index) < 3 or steps.nunique() == 1 or _calendar_steps(index):
        return frame, []
    step = steps.median()
    step_text = duration(index, 1)
    off_grid = (index - index[0]) % step != pd.Timedelta(0)
    if off_grid.any():
        raise DataProblem(
            f"The times are not evenly spaced: the usual step is {step_text}, but "
            f"{int(off_grid.sum())} times fall between steps (for example {index[off_grid][0]}). "
            "Resample your data to a regular step first (pandas: frame.resample(...).mean()).")
    total = (index[-1] - index[0]) // step + 1
    missing = total - len(index)
    if missing > len(index):
        raise DataProblem(
            f"The times span {total:,} steps of {step_text} but only {len(index):,} rows are "
            "there: more than half would be invented. Check the times (a wrong year?) or "
            "use a longer step.")
    widest = int(steps.to_numpy().argmax())
    frame = frame.reindex(pd.date_range(index[0], index[-1], freq=step, name=index.name))
    return frame, [f"{missing} missing time steps of {step_text} inserted as empty rows (the "
                   f"biggest gap: {steps.iloc[widest] // step - 1} steps, from {index[widest]} "
                   f"to {index[widest + 1]}), so that one row is always one step"]


def clean(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, list[str]]:
    """Make every column a number with no gaps, and say what was done.

    - missing time steps (gaps in the times) are inserted as empty rows, so that each
      row is one step of the usual spacing and HORIZON counts time;
    - text columns with at most ``MAX_CATEGORIES`` values become one 0/1 column per
      value ("one-hot"); ones with more (free text) are dropped;
    - infinite values count as missing; gaps in numeric columns are filled by linear
      interpolation in time (and the nearest value at the ends);
    - columns with no numbers at all are dropped.

    Returns the cleaned table (float32) and a list of sentences describing each step.
    Raises ``DataProblem`` if the target is missing or not numeric.
    """
    if not isinstance(frame, pd.DataFrame) or not isinstance(frame.index, pd.DatetimeIndex):
        raise DataProblem("clean needs the table from timeseries.load_table (indexed by time).")
    if not isinstance(target, str):
        raise DataProblem(f"TARGET must be a column name in quotes, got {target!r}.")
    require_columns(frame, {"TARGET": target}, "The table")
    column = frame[target]
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        odd = _not_numbers(frame[target])
        shown = ", ".join(repr(v) for v in odd[:3]) if len(odd) else "True/False"
        raise DataProblem(
            f"TARGET column {target!r} is not numeric: it holds {shown}"
            f"{' and others' if len(odd) > 3 else ''}. Choose a numeric column, or fix those "
            "values (leave a missing value empty; write decimals with a point: 12.5).")
    finite = np.isfinite(frame[target])
    if finite.sum() < 2:
        raise DataProblem(f"TARGET column {target!r} has fewer than two finite values.")
    if frame.loc[finite, target].nunique() < 2:
        raise DataProblem(f"TARGET column {target!r} never changes; choose a column that does.")
    notes = list(frame.attrs.get("notes", []))
    frame, gaps = _regular_steps(frame)
    notes += gaps
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    free_text = []
    for column in text:
        values = sorted(frame[column].dropna().astype(str).unique())
        if len(values) > MAX_CATEGORIES:
            free_text.append(column)
            notes.append(f"text column {column!r} dropped: {len(values)} different values "
                         f"(for example {values[0]!r}), too many for one 0/1 column each "
                         f"(at most {MAX_CATEGORIES})")
            continue
        notes.append(f"text column {column!r} ({len(values)} values: {', '.join(values[:6])}"
                     f"{', ...' if len(values) > 6 else ''}) -> one 0/1 column per value")
    frame = pd.get_dummies(frame.drop(columns=free_text),
                           columns=[c for c in text if c not in free_text], dtype=float)
    frame = frame.astype("float64")
    infinite = np.isinf(frame)
    for column in frame.columns[infinite.any()]:
        notes.append(f"{column!r}: {int(infinite[column].sum())} infinite values "
                     "treated as missing")
    frame = frame.mask(infinite)
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
    huge = [c for c in frame.columns if frame[c].abs().max() > np.finfo("float32").max]
    if huge:
        raise DataProblem(f"Column {huge[0]!r} holds numbers too large for float32 (up to "
                          f"{frame[huge[0]].abs().max():g}); rescale it or drop it.")
    if not notes:
        notes.append("nothing to clean: all columns numeric, no missing values")
    return frame.astype("float32"), notes


def split_points(rows: int, train: float = 0.5, validation: float = 0.25) -> tuple[int, int]:
    """Row indices where validation and test begin (chronological split)."""
    return int(rows * train), int(rows * (train + validation))


def window_ends(start: int, stop: int, window: int, horizon: int, stride: int = 1) -> np.ndarray:
    """Rows ``t`` at which a window may end: the window ``t-window+1 .. t`` lies in
    ``[start, stop)`` and so does the target row ``t+horizon``."""
    window = require_int(window, "WINDOW", low=1)
    horizon = require_int(horizon, "HORIZON", low=1)
    return np.arange(start + window - 1, stop - horizon, stride)


def make_windows(values: np.ndarray, ends: np.ndarray, window: int, sampling: int = 1
                 ) -> np.ndarray:
    """Cut windows out of a (time, features) array.

    Each window holds the rows ``end-window+1 .. end``, every ``sampling``-th row,
    ending exactly at ``end``. Returns (len(ends), ceil(window / sampling), features).
    """
    window = require_int(window, "WINDOW", low=1)
    sampling = require_int(sampling, "SAMPLING", low=1)
    offsets = np.arange(-(window - 1), 1)[::-1][::sampling][::-1]
    return values[ends[:, None] + offsets[None, :]]


def check_enough_rows(rows: int, window: int, horizon: int, minimum_windows: int = 50) -> None:
    """Refuse a table too short to give training, validation and test windows."""
    window = require_int(window, "WINDOW", low=1)
    horizon = require_int(horizon, "HORIZON", low=1, why="a forecast lies at least one step ahead")
    smallest_part = rows // 4  # the validation and test parts each get a quarter
    if smallest_part - window - horizon + 1 < minimum_windows:
        needed = 4 * (window + horizon - 1 + minimum_windows)
        raise DataProblem(
            f"Too few rows ({rows}) for WINDOW={window} and HORIZON={horizon}: each of the "
            f"validation and test quarters needs at least {minimum_windows} windows, so at "
            f"least {needed} rows. Use a shorter WINDOW or HORIZON, or more data.")


def duration(index: pd.DatetimeIndex, steps: int) -> str:
    """How long ``steps`` rows of a regular time index last, in the unit of one row:
    "24 hours" for hourly rows, "7 days" for daily ones, "90 minutes" for 10-minute ones."""
    step = pd.Series(index).diff().median().total_seconds()
    for unit, seconds in (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1)):
        if step >= seconds and step % seconds == 0:
            count = steps * step / seconds
            return f"{count:g} {unit}{'' if count == 1 else 's'}"
    return f"{steps} rows"
