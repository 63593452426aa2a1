"""Time series plumbing: a student's own CSV gets handled or a clear error, never garbage."""

import numpy as np
import pandas as pd
import pytest

from lecture_utils.data import datasets, synthetic, timeseries
from lecture_utils.data.timeseries import DataProblem
from lecture_utils.errors import LectureError


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
    expected = r"no column 'TEMP' \(TARGET\); its columns are 'temp', 'wind'"
    with pytest.raises(DataProblem, match=expected):
        timeseries.clean(table, "TEMP")


def test_text_target_is_refused(tmp_path):
    table = timeseries.load_table(write_csv(tmp_path, hourly()), "when")
    with pytest.raises(DataProblem, match="not numeric"):
        timeseries.clean(table, "wind")


def test_missing_time_column(tmp_path):
    with pytest.raises(DataProblem, match=r"mine.csv has no column 'time' \(TIME_COLUMN\)"):
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
    with pytest.raises(DataProblem, match=r"No CSV file at .*nope\.csv\. Set DATA to 'beijing"):
        timeseries.load_table(str(tmp_path / "nope.csv"))


def test_too_few_rows_says_how_many_are_needed():
    with pytest.raises(DataProblem, match=r"Too few rows \(300\).*at least 772 rows"):
        timeseries.check_enough_rows(300, window=120, horizon=24)
    timeseries.check_enough_rows(772, window=120, horizon=24)
    with pytest.raises(LectureError, match="HORIZON must be a whole number of at least 1"):
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
    np.testing.assert_array_equal(synthetic.noisy_cycle(100, seed=3),
                                  synthetic.noisy_cycle(100, seed=3))
    assert not np.array_equal(synthetic.local_wiggle(100, seed=1),
                              synthetic.local_wiggle(100, seed=2))
    # the wiggle really is AR(2): regressing on two lags recovers 1.2 and -0.6
    x = synthetic.local_wiggle(20_000, seed=0)
    coefficients, *_ = np.linalg.lstsq(np.column_stack([x[1:-1], x[:-2]]), x[2:], rcond=None)
    np.testing.assert_allclose(coefficients, [1.2, -0.6], atol=0.02)


def test_the_noise_level_scales_the_wiggle():
    # the AR(2) recursion is linear and starts at 0: twice the noise, twice the series
    np.testing.assert_allclose(synthetic.local_wiggle(500, noise=2.0, seed=4),
                               2 * synthetic.local_wiggle(500, noise=1.0, seed=4))
    np.testing.assert_array_equal(synthetic.local_wiggle(500, seed=4),
                                  synthetic.local_wiggle(500, noise=1.0, seed=4))


def test_climbing_cycle_drifts_out_of_its_first_half():
    x = synthetic.climbing_cycle(4_000, period=24, climb=8.0, wander=0.02, seed=[1, 3])
    np.testing.assert_array_equal(x, synthetic.climbing_cycle(4_000, seed=[1, 3]))
    assert not np.array_equal(x, synthetic.climbing_cycle(4_000, seed=[2, 3]))
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


    mirror = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not mirror.is_dir():
        pytest.skip("no shared mirror next to the repository")
    monkeypatch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
    monkeypatch.setenv(datasets.CACHE_VARIABLE, str(tmp_path))
    table = timeseries.load_table("beijing-pm25")
    assert len(table) == 43_824 and table["pm2.5"].isna().sum() == 2_067
    assert str(table.index[0]) == "2010-01-01 00:00:00"


# ---- issue 15: a student's CSV is read right or refused with one line, never silently wrong


def timed(times, **columns):
    rows = len(times)
    rng = np.random.default_rng(0)
    return pd.DataFrame({"when": times, "temp": rng.normal(10, 3, rows).round(2), **columns})


def hourly_steps(index):
    return (np.diff(index) == np.timedelta64(1, "h")).all()


def day_first_text(rows=3_000):
    return pd.date_range("2014-01-01", periods=rows, freq="h").strftime("%d/%m/%Y %H:%M")


def test_day_first_dates_are_read_day_first(tmp_path):
    table = timeseries.load_table(write_csv(tmp_path, timed(day_first_text())), "when")
    assert table.index[0] == pd.Timestamp("2014-01-01 00:00")
    assert table.index[-1] == pd.Timestamp("2014-01-01") + pd.Timedelta(hours=2_999)
    assert hourly_steps(table.index)   # not scrambled between day and month


def test_day_first_dates_mixed_with_iso_ones_are_each_read_right(tmp_path):
    times = pd.date_range("2014-01-01", periods=300, freq="h")
    text = [*times[:150].strftime("%Y-%m-%d %H:%M"), *times[150:].strftime("%d/%m/%Y %H:%M")]
    table = timeseries.load_table(write_csv(tmp_path, timed(text)), "when")
    assert table.index.equals(pd.DatetimeIndex(times, name="time"))


def test_month_first_dates_are_read_month_first(tmp_path):
    text = pd.date_range("2014-01-01", periods=3_000, freq="h").strftime("%m/%d/%Y %H:%M")
    table = timeseries.load_table(write_csv(tmp_path, timed(text)), "when")
    assert table.index[-1] == pd.Timestamp("2014-01-01") + pd.Timedelta(hours=2_999)


def test_ambiguous_dates_ask_for_a_time_format(tmp_path):
    text = day_first_text(200)   # 1 to 9 January: day and month are never above 12
    path = write_csv(tmp_path, timed(text))
    with pytest.raises(DataProblem, match=r"could be day/month or month/day; set TIME_FORMAT"):
        timeseries.load_table(path, "when")
    table = timeseries.load_table(path, "when", time_format="%d/%m/%Y %H:%M")
    assert table.index[30] == pd.Timestamp("2014-01-02 06:00")


def test_a_wrong_time_format_says_so(tmp_path):
    path = write_csv(tmp_path, timed(day_first_text(200)))
    with pytest.raises(DataProblem, match=r"200 of 200 values.*fix TIME_FORMAT '%Y-%m-%d'"):
        timeseries.load_table(path, "when", time_format="%Y-%m-%d")


def test_epoch_seconds_are_not_read_as_nanoseconds(tmp_path):
    since_1970 = pd.date_range("2014-01-01", periods=300, freq="h") - pd.Timestamp("1970-01-01")
    seconds = since_1970 // pd.Timedelta("1s")
    assert seconds[0] == 1_388_534_400
    table = timeseries.load_table(write_csv(tmp_path, timed(seconds)), "when")
    assert table.index[0] == pd.Timestamp("2014-01-01") and hourly_steps(table.index)
    assert "Unix time" in table.attrs["notes"][0]
    milliseconds = timeseries.load_table(write_csv(tmp_path, timed(seconds * 1000)), "when")
    assert milliseconds.index.equals(table.index)


def test_small_numbers_are_not_taken_for_times(tmp_path):
    with pytest.raises(DataProblem, match=r"holds numbers \(0 to 299\), not dates"):
        timeseries.load_table(write_csv(tmp_path, timed(np.arange(300))), "when")
    with_a_hole = timed(np.r_[1_388_534_400 + 3_600 * np.arange(299.0), np.nan])
    with pytest.raises(DataProblem,
                       match=r"1 rows have no value in 'when' \(the first on line 301\b"):
        timeseries.load_table(write_csv(tmp_path, with_a_hole), "when")


def test_a_time_of_day_without_a_date_is_refused(tmp_path):
    text = pd.date_range("2014-01-01", periods=300, freq="min").strftime("%H:%M")
    with pytest.raises(DataProblem, match=r"300 values in 'when' are a time of day with no date"):
        timeseries.load_table(write_csv(tmp_path, timed(text)), "when")


def test_times_across_a_daylight_saving_change_are_read_in_utc(tmp_path):
    local = pd.date_range("2014-03-29", periods=72, freq="h", tz="Europe/Berlin")
    text = local.strftime("%Y-%m-%d %H:%M:%S%z").str.replace(r"(\d\d)$", r":\1", regex=True)
    table = timeseries.load_table(write_csv(tmp_path, timed(text)), "when")
    assert table.index[0] == pd.Timestamp("2014-03-28 23:00") and hourly_steps(table.index)
    assert any("converted to UTC" in note for note in table.attrs["notes"])


def test_naive_and_zoned_times_mixed_are_refused(tmp_path):
    text = list(pd.date_range("2014-01-01", periods=100, freq="h").strftime("%Y-%m-%d %H:%M"))
    text[50] += "+01:00"
    with pytest.raises(DataProblem, match=r"1 of 100 times in 'when' carry a time zone"):
        timeseries.load_table(write_csv(tmp_path, timed(text)), "when")


def test_data_none_and_bad_parameters_are_one_line(tmp_path):
    with pytest.raises(DataProblem, match="DATA must be 'beijing-pm25'"):
        timeseries.load_table(None)
    with pytest.raises(DataProblem, match="TIME_COLUMN must be a column name"):
        timeseries.load_table(write_csv(tmp_path, hourly()), 3)
    with pytest.raises(LectureError, match="WINDOW must be a whole number"):
        timeseries.check_enough_rows(10_000, window=2.5, horizon=24)
    with pytest.raises(LectureError, match="WINDOW must be a whole number"):
        timeseries.make_windows(np.zeros((100, 1)), np.arange(10, 20), window=2.5)
    with pytest.raises(LectureError, match="SAMPLING must be a whole number"):
        timeseries.make_windows(np.zeros((100, 1)), np.arange(10, 20), window=3, sampling=0)


def test_infinite_target_values_are_cleaned_and_said(tmp_path):
    frame = hourly()
    frame.loc[7, "temp"], frame.loc[9, "rain"] = np.inf, -np.inf
    table = timeseries.load_table(write_csv(tmp_path, frame), "when")
    cleaned, notes = timeseries.clean(table, "temp")
    assert np.isfinite(cleaned.to_numpy()).all()
    assert "'temp': 1 infinite values treated as missing" in notes
    assert "'rain': 1 infinite values treated as missing" in notes
    assert not any("nothing to clean" in note for note in notes)
    assert cleaned["temp"].iloc[7] == pytest.approx((frame.temp[6] + frame.temp[8]) / 2, rel=1e-5)


def test_gaps_are_filled_so_that_a_row_is_one_step(tmp_path):
    frame = hourly(3_000).drop(index=range(1_000, 1_150)).drop(index=range(2_000, 2_050))
    table = timeseries.load_table(write_csv(tmp_path, frame), "when")
    cleaned, notes = timeseries.clean(table, "temp")
    assert len(cleaned) == 3_000 and hourly_steps(cleaned.index)
    gap = next(note for note in notes if "missing time steps" in note)
    assert gap.startswith("200 missing time steps of 1 hour")
    assert "biggest gap: 150 steps, from 2024-02-11 15:00:00 to 2024-02-17 22:00:00" in gap
    assert "'temp': 200 missing values" in " ".join(notes)
    assert timeseries.duration(cleaned.index, 24) == "24 hours"   # 24 rows are 24 hours


def test_times_off_the_grid_and_mostly_empty_spans_are_refused(tmp_path):
    times = pd.date_range("2024-01-01", periods=300, freq="h")
    shifted = times.insert(100, times[100] + pd.Timedelta(minutes=30))
    table = timeseries.load_table(write_csv(tmp_path, timed(shifted.astype(str))), "when")
    with pytest.raises(DataProblem, match=r"the usual step is 1 hour, but 1 times fall between"):
        timeseries.clean(table, "temp")
    typo = times.delete(-1).append(pd.DatetimeIndex(["2034-01-01"]))   # a wrong year
    table = timeseries.load_table(write_csv(tmp_path, timed(typo.astype(str))), "when")
    with pytest.raises(DataProblem, match=r"more than half would be invented"):
        timeseries.clean(table, "temp")


def test_calendar_steps_are_regular(tmp_path):
    months = pd.date_range("2000-01-01", periods=300, freq="MS").strftime("%Y-%m-%d")
    cleaned, notes = timeseries.clean(
        timeseries.load_table(write_csv(tmp_path, timed(months)), "when"), "temp")
    assert len(cleaned) == 300 and notes[0].startswith("nothing to clean")


def test_free_text_is_dropped_not_one_hot_encoded(tmp_path):
    frame = hourly(3_000)
    frame["comment"] = [f"note number {i}" for i in range(3_000)]
    table = timeseries.load_table(write_csv(tmp_path, frame), "when")
    cleaned, notes = timeseries.clean(table, "temp")
    assert len(cleaned.columns) == 5   # temp, rain and wind's 3 values
    assert any("'comment' dropped: 3000 different values" in note for note in notes)


def test_a_target_with_words_or_decimal_commas_quotes_them(tmp_path):
    frame = hourly()
    frame["temp"] = frame["temp"].astype(str)
    frame.loc[4, "temp"], frame.loc[8, "temp"] = "missing", "12,5"
    table = timeseries.load_table(write_csv(tmp_path, frame), "when")
    with pytest.raises(DataProblem, match=r"not numeric: it holds 'missing', '12,5'\. "):
        timeseries.clean(table, "temp")


def test_a_constant_target_is_refused(tmp_path):
    frame = hourly().assign(temp=3.0)
    with pytest.raises(DataProblem, match="never changes"):
        timeseries.clean(timeseries.load_table(write_csv(tmp_path, frame), "when"), "temp")
