"""A student's CSV: lecture 4 (a time series) and lecture 5 (labelled texts) read it
with one reader and answer every mistake in one style (data/student_csv.py)."""

import pytest

from lecture_utils.data import text, timeseries
from lecture_utils.data.student_csv import DataProblem
from lecture_utils.errors import LectureError


def read_as_time_series(path):
    return timeseries.load_table(str(path), "time")


def read_as_texts(path):
    return text.load_dataset(str(path), "text", "label")


READERS = [pytest.param(read_as_time_series, "DATA", id="lecture 4"),
           pytest.param(read_as_texts, "DATASET", id="lecture 5")]


@pytest.mark.parametrize("read, parameter", READERS)
def test_a_missing_file_names_the_parameter_to_change(tmp_path, read, parameter):
    with pytest.raises(DataProblem, match=rf"^No CSV file at .*missing\.csv\. Set {parameter} to "):
        read(tmp_path / "missing.csv")


@pytest.mark.parametrize("read, parameter", READERS)
def test_a_file_that_is_not_csv_text_is_one_message(tmp_path, read, parameter):
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 4)   # not UTF-8
    expected = (r"^Cannot read photo\.csv as CSV \(.+\)\. Save it as a UTF-8, comma-separated "
                r"text file with one header row\.$")
    with pytest.raises(DataProblem, match=expected):
        read(path)


@pytest.mark.parametrize("read, parameter", READERS)
def test_a_header_without_rows_is_one_message(tmp_path, read, parameter):
    path = tmp_path / "empty.csv"
    path.write_text("time,text,label,value\n")
    with pytest.raises(DataProblem, match=r"^empty\.csv has a header row but no data rows\.$"):
        read(path)


@pytest.mark.parametrize("read, parameter", READERS)
def test_a_missing_column_names_the_columns_there_and_the_parameter(tmp_path, read, parameter):
    path = tmp_path / "other.csv"
    path.write_text("when,words,verdict\n" + "".join(f"2024-01-{d:02},w{d},{d % 2}\n"
                                                      for d in range(1, 29)))
    with pytest.raises(DataProblem, match=r"^other\.csv has no column '(time|text)' \((TIME|TEXT)"
                                          r"_COLUMN\).*its columns are 'when', 'words', "
                                          r"'verdict'\. Set "):
        read(path)


def test_a_data_problem_is_a_lecture_error_shown_as_one_line():
    assert issubclass(DataProblem, LectureError)
    assert timeseries.DataProblem is text.DataProblem is DataProblem
