"""The dataset loader: cache, mirror, download, hashes, and failures that leave no damage."""

import functools
import hashlib
import http.server
import io
import threading
import time

import pytest

from lecture_utils.data import datasets
from lecture_utils.data.datasets import DataFile, DatasetUnavailable, fetch_file

CONTENT = b"hour,TEMP\n" + b"".join(b"%d,%d\n" % (h, h % 7) for h in range(5000))


def data_file(url="http://127.0.0.1:9/none.csv", content=CONTENT):
    return DataFile("toy/toy.csv", url, hashlib.sha256(content).hexdigest(), len(content))


@pytest.fixture
def folders(tmp_path, monkeypatch):
    cache, mirror = tmp_path / "cache", tmp_path / "mirror"
    monkeypatch.setenv(datasets.CACHE_VARIABLE, str(cache))
    monkeypatch.delenv(datasets.MIRROR_VARIABLE, raising=False)
    return cache, mirror


@pytest.fixture
def server(tmp_path):
    """A web server on loopback serving files from a folder; counts requests."""
    root = tmp_path / "web"
    root.mkdir()
    hits = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            hits.append(self.path)

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


def test_mirror_hit_is_verified_and_cached(folders):
    cache, mirror = folders
    (mirror / "toy").mkdir(parents=True)
    (mirror / "toy" / "toy.csv").write_bytes(CONTENT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
        path = fetch_file(data_file())
    assert path == cache / "toy" / "toy.csv"
    assert path.read_bytes() == CONTENT


def test_cache_hit_needs_no_mirror_and_no_network(folders):
    cache, _ = folders
    (cache / "toy").mkdir(parents=True)
    (cache / "toy" / "toy.csv").write_bytes(CONTENT)
    assert fetch_file(data_file()).read_bytes() == CONTENT


def test_download_when_not_cached(folders, server):
    cache, _ = folders
    root, base, hits = server
    (root / "toy.csv").write_bytes(CONTENT)
    seen = []
    path = fetch_file(data_file(f"{base}/toy.csv"), progress=lambda d, t: seen.append((d, t)))
    assert path == cache / "toy" / "toy.csv" and path.read_bytes() == CONTENT
    assert seen[-1] == (len(CONTENT), len(CONTENT))
    fetch_file(data_file(f"{base}/toy.csv"))  # second time: from the cache
    assert len(hits) == 1


def test_hash_mismatch_in_mirror_is_refused_and_reported(folders):
    cache, mirror = folders
    (mirror / "toy").mkdir(parents=True)
    tampered = CONTENT.replace(b"3,3", b"3,4")
    (mirror / "toy" / "toy.csv").write_bytes(tampered)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
        with pytest.raises(DatasetUnavailable, match="SHA-256 does not match"):
            fetch_file(data_file())
    assert not (cache / "toy" / "toy.csv").exists()
    assert not list(cache.rglob("*.part"))


def test_corrupted_download_leaves_no_file(folders, server):
    cache, _ = folders
    root, base, _ = server
    (root / "toy.csv").write_bytes(CONTENT.replace(b"1,1", b"1,2"))
    with pytest.raises(DatasetUnavailable, match="SHA-256"):
        fetch_file(data_file(f"{base}/toy.csv"))
    assert not list(cache.rglob("*.csv*"))


def test_truncated_download_leaves_no_file(folders, server):
    cache, _ = folders
    root, base, _ = server
    (root / "toy.csv").write_bytes(CONTENT[: len(CONTENT) // 2])
    with pytest.raises(DatasetUnavailable, match="incomplete"):
        fetch_file(data_file(f"{base}/toy.csv"))
    assert not list(cache.rglob("*.csv*"))


def test_failed_download_never_deletes_a_good_file_elsewhere(folders, server):
    """A good cached file is used without any download; a damaged one is replaced only
    by a verified copy."""
    cache, _ = folders
    root, base, hits = server
    (root / "toy.csv").write_bytes(b"garbage")
    target = cache / "toy" / "toy.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(CONTENT)
    assert fetch_file(data_file(f"{base}/toy.csv")) == target
    assert hits == [] and target.read_bytes() == CONTENT


def test_damaged_cache_is_replaced_from_the_mirror(folders):
    cache, mirror = folders
    target = cache / "toy" / "toy.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(CONTENT[:100])
    (mirror / "toy").mkdir(parents=True)
    (mirror / "toy" / "toy.csv").write_bytes(CONTENT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
        assert fetch_file(data_file()).read_bytes() == CONTENT


def test_no_network_no_mirror_is_one_short_fast_error(folders):
    started = time.perf_counter()
    with pytest.raises(DatasetUnavailable) as error:
        fetch_file(data_file("http://127.0.0.1:9/toy.csv"))  # nothing listens on port 9
    assert time.perf_counter() - started < 5
    message = str(error.value)
    assert "toy/toy.csv" in message and "http://127.0.0.1:9/toy.csv" in message
    assert datasets.MIRROR_VARIABLE in message
    assert len(message.splitlines()) <= 3


def test_unresolvable_host_is_quick(folders):
    started = time.perf_counter()
    with pytest.raises(DatasetUnavailable, match="no connection"):
        fetch_file(data_file("http://no-such-host.invalid/toy.csv"))
    assert time.perf_counter() - started < 10


def test_missing_from_mirror_is_named(folders):
    _, mirror = folders
    mirror.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
        with pytest.raises(DatasetUnavailable, match="not in the mirror"):
            fetch_file(data_file())


def test_unknown_dataset():
    with pytest.raises(DatasetUnavailable, match="known datasets: beijing-pm25, rt-polarity"):
        datasets.fetch("jena")


def test_registry_matches_the_mirror_when_present():
    """Every registered file's size and SHA-256 match the shared mirror (if mounted)."""
    from pathlib import Path

    mirror = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not mirror.is_dir():
        pytest.skip("no shared mirror next to the repository")
    for files in datasets.DATASETS.values():
        for file in files:
            path = mirror / file.path
            assert path.stat().st_size == file.size
            assert datasets.sha256_of(path) == file.sha256


def test_prefetch_draws_a_progress_bar_and_reports_problems(folders):
    _, mirror = folders
    (mirror / "toy").mkdir(parents=True)
    (mirror / "toy" / "toy.csv").write_bytes(CONTENT)
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
        patch.setitem(datasets.DATASETS, "toy", (data_file(),))
        assert datasets.prefetch(["toy"], stream=out) == []
        assert "100%" in out.getvalue() and "ok" in out.getvalue()
        problems = datasets.prefetch(["nope"], stream=out)
    assert problems and "Unknown dataset 'nope'" in problems[0]


# --- a broken cache and the ways a network fails, each said plainly (issue 15) -------------

def _mirror_with_the_file(mirror, content=CONTENT):
    (mirror / "toy").mkdir(parents=True)
    (mirror / "toy" / "toy.csv").write_bytes(content)


def test_a_cache_path_that_is_a_file_is_one_clear_error(folders):
    cache, _ = folders
    cache.write_text("not a folder")
    with pytest.raises(DatasetUnavailable, match="is a file: remove it"):
        fetch_file(data_file())


def test_a_folder_where_the_cached_file_should_be_is_one_clear_error(folders):
    cache, _ = folders
    (cache / "toy" / "toy.csv").mkdir(parents=True)
    with pytest.raises(DatasetUnavailable, match="is a folder where the data file should be"):
        fetch_file(data_file())


def _read_only(monkeypatch, folder):
    # Root ignores permissions, so the cache is made read-only where the loader asks.
    real = datasets.os.access
    monkeypatch.setattr(datasets.os, "access",
                        lambda path, mode: False if str(path).startswith(str(folder))
                        else real(path, mode))


def test_a_read_only_cache_uses_the_verified_mirror_copy_in_place(folders, monkeypatch):
    cache, mirror = folders
    cache.mkdir()
    _mirror_with_the_file(mirror)
    _read_only(monkeypatch, cache)
    monkeypatch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
    assert fetch_file(data_file()) == mirror / "toy" / "toy.csv"
    assert not (cache / "toy").exists()


def test_a_read_only_cache_refuses_a_damaged_mirror_copy(folders, monkeypatch):
    cache, mirror = folders
    cache.mkdir()
    _mirror_with_the_file(mirror, b"damaged")
    _read_only(monkeypatch, cache)
    monkeypatch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
    with pytest.raises(DatasetUnavailable, match=r"read-only.*damaged"):
        fetch_file(data_file())


def test_a_read_only_cache_without_mirror_is_not_called_no_connection(folders, monkeypatch):
    cache, _ = folders
    cache.mkdir()
    _read_only(monkeypatch, cache)
    with pytest.raises(DatasetUnavailable) as error:
        fetch_file(data_file())
    assert "read-only" in str(error.value) and "no connection" not in str(error.value)


def test_an_http_error_is_named_by_its_status(folders, server):
    _, url, _ = server
    with pytest.raises(DatasetUnavailable, match="HTTP 404"):
        fetch_file(data_file(f"{url}/missing.csv"))


@pytest.fixture
def trickle_server():
    """A server that sends its headers, then one byte every 0.2 s."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(CONTENT)))
            self.end_headers()
            try:
                for byte in CONTENT:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/toy.csv"
    httpd.shutdown()


def test_a_trickling_download_stops_at_its_deadline_and_leaves_nothing(folders, trickle_server):
    cache, _ = folders
    started = time.perf_counter()
    with pytest.raises(DatasetUnavailable, match="still downloading after 1 s"):
        fetch_file(data_file(trickle_server), progress=lambda done, total: None, deadline=1.0)
    assert time.perf_counter() - started < 4
    assert not list(cache.rglob("*.csv*"))


def test_a_download_shows_progress_by_default(folders, server, capsys):
    root, url, _ = server
    (root / "toy.csv").write_bytes(CONTENT)
    fetch_file(data_file(f"{url}/toy.csv"))
    assert "100%" in capsys.readouterr().out


def test_a_mirror_copy_prints_nothing(folders, capsys):
    _, mirror = folders
    _mirror_with_the_file(mirror)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(datasets.MIRROR_VARIABLE, str(mirror))
        fetch_file(data_file())
    assert capsys.readouterr().out == ""
