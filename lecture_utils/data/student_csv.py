"""A student's own CSV file: one reader and one error style for every lecture.

Lecture 4 (a time series) and lecture 5 (labelled texts) both take the path of a
CSV file in their parameters cell. ``read_csv`` reads it and ``require_columns``
checks the columns the parameters name; every mistake a student can fix raises
``DataProblem``, one short message that names the file and the parameter to change.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import LectureError


class DataProblem(LectureError):
    """The student's data cannot be used as given; the message says why and what to do."""


def first_line(error: BaseException) -> str:
    """The first line of an error's message (or its type's name), for a short message."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def read_csv(path, parameter: str, alternatives: str, **options) -> pd.DataFrame:
    """The table in the CSV file at ``path`` (header row first), with at least one row.

    parameter : the notebook parameter that holds the path ("DATA", "DATASET");
    alternatives : what else it may be set to, for the message ("'rt-polarity' or 'imdb'");
    options : passed on to ``pandas.read_csv`` (``dtype=str``, ...).
    Raises ``DataProblem`` for a missing file, a file that is not CSV text, or no rows.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise DataProblem(f"No CSV file at {path}. Set {parameter} to {alternatives}, or to "
                          "the path of a CSV file with a header row.")
    try:
        table = pd.read_csv(path, **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise DataProblem(f"Cannot read {path.name} as CSV ({first_line(error)}). Save it as a "
                          "UTF-8, comma-separated text file with one header row.") from None
    if table.empty:
        raise DataProblem(f"{path.name} has a header row but no data rows.")
    return table


def require_columns(table: pd.DataFrame, columns: dict[str, str], source: str) -> None:
    """Raise ``DataProblem`` unless ``table`` has every column named in ``columns``
    (parameter → column name); ``source`` names the table in the message."""
    present = [str(column) for column in table.columns]
    missing = {parameter: name for parameter, name in columns.items() if name not in present}
    if missing:
        asked = " or ".join(f"{name!r} ({parameter})" for parameter, name in missing.items())
        raise DataProblem(f"{source} has no column {asked}; its columns are "
                          f"{', '.join(map(repr, present))}. Set {' and '.join(missing)} to "
                          f"{'one' if len(missing) == 1 else 'two'} of them.")
