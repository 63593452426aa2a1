"""Time series plumbing: a student's own CSV gets handled or a clear error, never garbage."""

import numpy as np
import pandas as pd
import pytest

from lecture_utils import timeseries
from lecture_utils.errors import LectureError
from lecture_utils.timeseries import DataProblem


def write_csv(tmp_path, frame, name="mine.csv"):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return str(path)


def hourly(rows=400, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "when": pd.date_range("2024-01-01", periods=rows, freq="h").astype(str),
        "temp": rng.normal(10, 3, rows).round(2),
        "wind": rng.choice(["N", "S", "calm"], rows),
        "rain": rng.random(rows).round(3),
    })


def test_own_csv_loads_indexed_by_time_and_sorted(tmp_path):
    frame = hourly().sample(frac=1, random_state=1)   # shuffled rows
    table = timeseries.load_table(write_csv(tmp_path, frame), "when")
    assert table.index.is_monotonic_increasing and table.index.name == "time"
    assert list(table.columns) == ["temp", "wind", "rain"]


def test_missing_values_and_text_are_handled_and_reported(tmp_path):
    frame = hourly()
    frame.loc[[0, 5, 6, 399], "rain"] = np.nan
    table = timeseries.load_table(write_csv(tmp_path, frame), "when")
    cleaned, notes = timeseries.clean(table, "temp")
    assert not cleaned.isna().any().any()
    assert cleaned.dtypes.eq("float32").all()
    assert {"wind_N", "wind_S", "wind_calm"} <= set(cleaned.columns)
    assert any("'wind'" in n and "one 0/1 column" in n for n in notes)
    assert any("'rain': 4 missing values" in n for n in notes)
    # interpolation in time: the value between two known neighbours is their mean
    assert cleaned["rain"].iloc[5] == pytest.approx(
        cleaned["rain"].iloc[4] + (cleaned["rain"].iloc[7] - cleaned["rain"].iloc[4]) / 3, rel=1e-5)


def test_missing_target_column_names_the_columns(tmp_path):
    table = timeseries.load_table(write_csv(tmp_path, hourly()), "when")
    with pytest.raises(DataProblem, match=r"No column 'TEMP' for TARGET; the columns are: temp"):
        timeseries.clean(table, "TEMP")


def test_text_target_is_refused(tmp_path):
    table = timeseries.load_table(write_csv(tmp_path, hourly()), "when")
    with pytest.raises(DataProblem, match="not numeric"):
        timeseries.clean(table, "wind")


def test_missing_time_column(tmp_path):
    with pytest.raises(DataProblem, match="No column 'time' for TIME_COLUMN"):
        timeseries.load_table(write_csv(tmp_path, hourly()), "time")


def test_unparseable_times_are_refused_with_an_example(tmp_path):
    frame = hourly()
    frame.loc[3, "when"] = "yesterday-ish"
    with pytest.raises(DataProblem, match=r"1 of 400 values in 'when' are not.*yesterday-ish"):
        timeseries.load_table(write_csv(tmp_path, frame), "when")


def test_repeated_times_are_refused(tmp_path):
    frame = hourly()
    frame.loc[10, "when"] = frame.loc[9, "when"]
    with pytest.raises(DataProblem, match="repeat an earlier time"):
        timeseries.load_table(write_csv(tmp_path, frame), "when")


def test_malformed_csv_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('when,temp\n2024-01-01,"unclosed\n2024-01-02,3,4,5\n')
    with pytest.raises(DataProblem, match=r"Cannot read broken\.csv as CSV"):
        timeseries.load_table(str(path), "when")
    path.write_bytes(b"")
    with pytest.raises(DataProblem):
        timeseries.load_table(str(path), "when")


def test_missing_file_says_what_data_may_be(tmp_path):
    with pytest.raises(DataProblem, match=r"No such file.*beijing-pm25"):
        timeseries.load_table(str(tmp_path / "nope.csv"))


def test_too_few_rows_says_how_many_are_needed():
    with pytest.raises(DataProblem, match=r"Too few rows \(300\).*at least 772 rows"):
        timeseries.check_enough_rows(300, window=120, horizon=24)
    timeseries.check_enough_rows(772, window=120, horizon=24)
    with pytest.raises(DataProblem, match="HORIZON must be at least 1"):
        timeseries.check_enough_rows(10_000, window=10, horizon=0)


def test_data_problems_are_lecture_errors():
    assert issubclass(DataProblem, LectureError) and issubclass(DataProblem, ValueError)


def test_windows_end_where_asked_and_never_cross_the_part():
    values = np.arange(100, dtype=float)[:, None]   # value = row number
    ends = timeseries.window_ends(10, 60, window=12, horizon=5)
    assert ends[0] == 21 and ends[-1] == 54          # window starts at 10, target row 59 < 60
    windows = timeseries.make_windows(values, ends, window=12, sampling=3)
    assert windows.shape == (len(ends), 4, 1)
    np.testing.assert_array_equal(windows[0, :, 0], [12, 15, 18, 21])   # ends exactly at 21
    assert windows.min() >= 10


def test_split_points_are_chronological_halves_and_quarters():
    assert timeseries.split_points(43_824) == (21_912, 32_868)


def test_synthetic_series_are_seeded():
    np.testing.assert_array_equal(timeseries.noisy_cycle(100, seed=3),
                                  timeseries.noisy_cycle(100, seed=3))
    assert not np.array_equal(timeseries.local_wiggle(100, seed=1),
                              timeseries.local_wiggle(100, seed=2))
    # the wiggle really is AR(2): regressing on two lags recovers 1.2 and -0.6
    x = timeseries.local_wiggle(20_000, seed=0)
    coefficients, *_ = np.linalg.lstsq(np.column_stack([x[1:-1], x[:-2]]), x[2:], rcond=None)
    np.testing.assert_allclose(coefficients, [1.2, -0.6], atol=0.02)


def test_the_noise_level_scales_the_wiggle():
    # the AR(2) recursion is linear and starts at 0: twice the noise, twice the series
    np.testing.assert_allclose(timeseries.local_wiggle(500, noise=2.0, seed=4),
                               2 * timeseries.local_wiggle(500, noise=1.0, seed=4))
    np.testing.assert_array_equal(timeseries.local_wiggle(500, seed=4),
                                  timeseries.local_wiggle(500, noise=1.0, seed=4))


def test_climbing_cycle_drifts_out_of_its_first_half():
    x = timeseries.climbing_cycle(4_000, period=24, climb=8.0, wander=0.02, seed=[1, 3])
    np.testing.assert_array_equal(x, timeseries.climbing_cycle(4_000, seed=[1, 3]))
    assert not np.array_equal(x, timeseries.climbing_cycle(4_000, seed=[2, 3]))
    assert np.mean(x[3_000:] > x[:2_000].max()) > 0.8     # last quarter: above the first half
    # what is left after the cycle and the climb is a random walk with steps of 0.02
    t = np.arange(4_000)
    walk = x - np.sin(2 * np.pi * t / 24) - 8.0 * t / 4_000
    assert np.std(np.diff(walk)) == pytest.approx(0.02, rel=0.05)
    assert abs(np.mean(np.diff(walk))) < 0.002


def test_duration_names_the_unit_of_one_row():
    hourly = pd.date_range("2024-01-01", periods=50, freq="h")
    assert timeseries.duration(hourly, 24) == "24 hours"
    assert timeseries.duration(hourly, 1) == "1 hour"
    assert timeseries.duration(pd.date_range("2024-01-01", periods=50, freq="D"), 7) == "7 days"
    every_10_minutes = pd.date_range("2024-01-01", periods=50, freq="10min")
    assert timeseries.duration(every_10_minutes, 9) == "90 minutes"
    # a gap does not change the typical step
    assert timeseries.duration(hourly.delete(10), 3) == "3 hours"
    assert timeseries.duration(pd.date_range("2024-01-01", periods=50, freq="500ms"), 4) == "4 rows"


def test_beijing_loads_from_the_mirror(monkeypatch, tmp_path):
    from pathlib import Path

    from lecture_utils import datasets

    mirror = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not mirror.is_dir():
        pytest.skip("no shared mirror next to the repository")
    monkeypatch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
    monkeypatch.setenv(datasets.CACHE_VARIABLE, str(tmp_path))
    table = timeseries.load_table("beijing-pm25")
    assert len(table) == 43_824 and table["pm2.5"].isna().sum() == 2_067
    assert str(table.index[0]) == "2010-01-01 00:00:00"
