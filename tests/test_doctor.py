"""`python -m lecture_utils doctor`: says what is wrong and how to fix it."""

import subprocess
import sys
from pathlib import Path

import pytest

from lecture_utils.data import datasets
from lecture_utils.tools import doctor

MIRROR = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_missing_package_is_reported_with_a_fix():
    finding = doctor.check_package("no_such_module_for_the_doctor")
    assert not finding.ok and "cannot be imported" in finding.detail
    assert "requirements.txt" in finding.fix


def test_present_package_reports_its_version():
    import numpy
    finding = doctor.check_package("numpy")
    assert finding.ok and finding.detail == numpy.__version__


def test_datasets_not_cached_are_a_warning_with_the_prefetch_fix(tmp_path, monkeypatch):
    monkeypatch.setenv(datasets.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.delenv(datasets.MIRROR_VARIABLE, raising=False)
    findings = doctor.check_datasets()
    assert findings and all(not f.ok and not f.required for f in findings)
    assert all("prefetch" in f.fix for f in findings)
    _, status = doctor.report(findings)
    assert status == 0  # a warning, not a failure: the lecture downloads on first use


def test_datasets_in_the_mirror_are_fine(tmp_path, monkeypatch):
    if not MIRROR.is_dir():
        pytest.skip("no shared mirror next to the repository")
    monkeypatch.setenv(datasets.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setenv(datasets.MIRROR_VARIABLE, str(MIRROR))
    assert all(f.ok for f in doctor.check_datasets())


def test_report_fails_on_a_required_problem():
    text, status = doctor.report([doctor.Finding("keras", False, "2.15", "pip install keras>=3")])
    assert status == 1 and "fix: pip install keras>=3" in text and "1 problem(s)" in text


def test_command_runs_and_says_ready_here(tmp_path):
    env = {**__import__("os").environ, datasets.CACHE_VARIABLE: str(tmp_path)}
    if MIRROR.is_dir():
        env[datasets.MIRROR_VARIABLE] = str(MIRROR)
    done = subprocess.run([sys.executable, "-m", "lecture_utils", "doctor"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("Python", "tensorflow", "keras", "ipywidgets in JupyterLab", "GPU"):
        assert name in done.stdout
    assert "Ready" in done.stdout


# --- the cache and the mirror that fetch will really use (issue 15) ------------------------

def _data_findings(tmp_path, monkeypatch, cache, mirror):
    monkeypatch.setenv(datasets.CACHE_VARIABLE, str(cache))
    if mirror is None:
        monkeypatch.delenv(datasets.MIRROR_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
    findings = doctor.check_datasets()
    return findings, doctor.report(findings)


def test_a_mirror_folder_that_does_not_exist_is_a_problem(tmp_path, monkeypatch):
    _, (text, status) = _data_findings(tmp_path, monkeypatch, tmp_path / "cache",
                                       tmp_path / "no-such-stick")
    assert status == 1 and "Ready" not in text
    assert "no such folder" in text and "no-such-stick" in text


def test_a_damaged_file_in_the_mirror_is_a_problem(tmp_path, monkeypatch):
    mirror = tmp_path / "stick"
    for files in datasets.DATASETS.values():
        for file in files:
            (mirror / file.path).parent.mkdir(parents=True, exist_ok=True)
            (mirror / file.path).write_bytes(b"not the data")
    findings, (text, status) = _data_findings(tmp_path, monkeypatch, tmp_path / "cache", mirror)
    assert status == 1 and "damaged or a different version" in text
    assert sum(not f.ok and f.required for f in findings) == sum(
        len(files) for files in datasets.DATASETS.values())


def test_a_cache_path_that_is_a_file_is_a_problem(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.write_text("oops")
    _, (text, status) = _data_findings(tmp_path, monkeypatch, cache, None)
    assert status == 1 and "is a file, not a folder" in text


def test_with_a_mirror_set_the_advice_is_not_to_set_it(tmp_path, monkeypatch):
    mirror = tmp_path / "stick"
    mirror.mkdir()
    findings, (text, status) = _data_findings(tmp_path, monkeypatch, tmp_path / "cache", mirror)
    assert status == 0  # files missing from a mirror: internet can still fetch them
    assert f"set {datasets.MIRROR_VARIABLE}" not in text
    assert all(str(mirror) in f.detail for f in findings if not f.ok)


def test_a_read_only_cache_without_the_files_is_a_problem(tmp_path, monkeypatch):
    # Root ignores file permissions, so the folder is made "read-only" where the doctor asks.
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setattr(doctor.os, "access", lambda path, mode: Path(path) != cache)
    _, (text, status) = _data_findings(tmp_path, monkeypatch, cache, None)
    assert status == 1 and "read-only" in text
