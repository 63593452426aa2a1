"""Dataset files: known by canonical address and SHA-256, cached, mirror-friendly.

``fetch("beijing-pm25")`` returns local paths of the dataset's files. Each file is
looked for, in order, in

1. the cache (``$LECTURE_DATA_CACHE``, default ``~/.cache/lecture_utils``),
2. a local mirror folder named by ``$LECTURE_DATA_MIRROR`` (a USB stick or shared
   drive in a classroom without internet; the test suite points it at a copy of the
   files), laid out as ``<mirror>/<dataset>/<file>``,
3. its canonical address on the internet.

The SHA-256 is checked on every path, cache hits included. A file enters the
cache through ``pooch.retrieve``, only after its hash has been checked, so a failed,
partial or corrupted download never leaves a bad file there and never replaces a
good one. Without network or mirror the error is one short message that names the
file, its address and how to provide it.
"""

from __future__ import annotations

import http.client
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pooch

from ..errors import LectureError

MIRROR_VARIABLE = "LECTURE_DATA_MIRROR"
CACHE_VARIABLE = "LECTURE_DATA_CACHE"
DOWNLOAD_TIMEOUT_S = 5.0    # for the connection and for each read
DOWNLOAD_DEADLINE_S = 120.0  # for a whole file: a server that trickles is given up on
CHUNK = 1 << 16


@dataclass(frozen=True)
class DataFile:
    path: str  # "<dataset>/<file>", also its place in the cache and in a mirror
    url: str
    sha256: str
    size: int


DATASETS: dict[str, tuple[DataFile, ...]] = {
    "beijing-pm25": (
        DataFile(
            "beijing-pm25/pollution.csv",
            "https://raw.githubusercontent.com/jbrownlee/Datasets/"
            "d20fcb6402ae34e653d4513b00f39257bb37ed7f/pollution.csv",
            "892e9559205d16d32623135c127a3951c12e46ea1e0b3093e107ce89a9fd60e2",
            2_010_492,
        ),
    ),
    "rt-polarity": (
        DataFile(
            "rt-polarity/rt-polarity.pos",
            "https://raw.githubusercontent.com/yoonkim/CNN_sentence/"
            "23e0e1f7355705bb083043fda05c031b15acb38c/rt-polarity.pos",
            "2da124ec187a9d5a29c9f04e91c540e02baed5af8868f550a26bd6fd4dbf8bf0",
            626_139,
        ),
        DataFile(
            "rt-polarity/rt-polarity.neg",
            "https://raw.githubusercontent.com/yoonkim/CNN_sentence/"
            "23e0e1f7355705bb083043fda05c031b15acb38c/rt-polarity.neg",
            "4ace77d558c3714723843f1d65b60c01e3417b208180f0728808d76ad0eeeaca",
            612_256,
        ),
    ),
}


class DatasetUnavailable(LectureError):
    """A dataset file could not be found in the cache or mirror, nor downloaded."""


class _DownloadFailed(Exception):
    """The network part of a download failed; the message says how (for the user)."""


def cache_folder() -> Path:
    """Where verified files are kept: ``$LECTURE_DATA_CACHE`` or ``~/.cache/lecture_utils``."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lecture_utils"


def mirror_folder() -> Path | None:
    """The local mirror folder named by ``$LECTURE_DATA_MIRROR``, if set."""
    configured = os.environ.get(MIRROR_VARIABLE)
    return Path(configured).expanduser() if configured else None


def sha256_of(path: Path) -> str:
    return pooch.file_hash(str(path), alg="sha256")


def _is_good(path: Path, file: DataFile) -> bool:
    return path.is_file() and path.stat().st_size == file.size and sha256_of(path) == file.sha256


Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


def _copy_verified(read_chunks, file: DataFile, target: Path, progress: Progress | None) -> str:
    """Put the bytes of ``read_chunks`` at ``target`` through ``pooch.retrieve``: pooch
    streams them into a temporary file next to ``target``, checks the SHA-256 and only
    then moves the file into place (a failed or damaged copy is deleted, never moved).
    Returns "" on success, else why it failed."""
    pooch.get_logger().setLevel("WARNING")  # no "Downloading ..." lines in a cell's output

    def write(url: str, output_file: str, pooch_instance) -> None:
        done = 0
        with open(output_file, "wb") as stream:
            for chunk in read_chunks:
                stream.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, file.size)
        if done != file.size:
            raise _DownloadFailed(f"got {done:,} bytes, expected {file.size:,} (incomplete)")

    try:
        pooch.retrieve(file.url, known_hash=f"sha256:{file.sha256}", fname=target.name,
                       path=target.parent, downloader=write)
    except _DownloadFailed as failure:
        return str(failure)
    except ValueError:  # pooch: the hash of what arrived is not the known one
        return "its SHA-256 does not match (corrupted or a different version)"
    return ""


def _chunks_of_file(path: Path):
    with open(path, "rb") as stream:
        yield from iter(lambda: stream.read(CHUNK), b"")


def _chunks_of_url(url: str, timeout: float, deadline: float):
    """The bytes at ``url`` as they arrive. Every failure of the network part is a
    ``_DownloadFailed`` that says which: no connection, an HTTP status, no answer, or a
    download slower than ``deadline`` seconds in all."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            while chunk := response.read1(CHUNK):  # what has arrived, not a full CHUNK
                yield chunk
                if time.monotonic() - started > deadline:
                    raise _DownloadFailed(f"still downloading after {deadline:.0f} s (the "
                                          "connection is too slow)")
    except urllib.error.HTTPError as error:
        raise _DownloadFailed(f"the server answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _DownloadFailed(f"no answer within {timeout:.0f} s") from None
        raise _DownloadFailed(f"no connection ({error.reason})") from None
    except TimeoutError:
        raise _DownloadFailed(f"the server stopped sending for {timeout:.0f} s") from None
    except (ConnectionError, http.client.HTTPException) as error:
        raise _DownloadFailed(f"the connection broke ({type(error).__name__})") from None


def _cache_problem(cached: Path) -> str:
    """Why ``cached`` cannot be written into the cache ("" when it can)."""
    folder = cache_folder()
    if cached.is_dir():
        return f"{cached} is a folder where the data file should be: remove that folder"
    existing = cached.parent
    while not existing.exists() and existing != folder.parent and existing.parent != existing:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        return (f"the cache cannot be created, because {existing} is a file: remove it, or set "
                f"{CACHE_VARIABLE} to a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        return (f"the cache {folder} is read-only: set {CACHE_VARIABLE} to a folder you can "
                "write to")
    return ""


def fetch_file(file: DataFile, progress: Progress | None = None,
               timeout: float = DOWNLOAD_TIMEOUT_S, deadline: float = DOWNLOAD_DEADLINE_S,
               ) -> Path:
    """Local path of one verified dataset file (cache, then mirror, then download).

    A download draws a progress bar (``text_progress``) unless ``progress`` is given.
    When the cache cannot be written, a verified file in the mirror is used where it is.
    """
    cached = cache_folder() / file.path
    if _is_good(cached, file):
        return cached
    problems = []
    cache_problem = _cache_problem(cached)
    if cached.is_file():
        problems.append(f"the cached copy {cached} is damaged (it will be replaced)")
    mirror = mirror_folder()
    if mirror is not None:
        mirrored = mirror / file.path
        if not mirrored.is_file():
            problems.append(f"not in the mirror ({mirrored} does not exist)")
        elif cache_problem:
            if _is_good(mirrored, file):
                return mirrored  # verified: used in place, since it cannot be cached
            problems.append(f"the mirror's copy {mirrored} is damaged or a different version")
        else:
            why = _copy_verified(_chunks_of_file(mirrored), file, cached, progress)
            if not why:
                return cached
            problems.append(f"the mirror's copy {mirrored} is unusable: {why}")
    if cache_problem:
        raise DatasetUnavailable(f"Cannot get the data file {file.path}: {cache_problem}"
                                 + "".join(f"; {p}" for p in problems) + ".")
    try:
        why = _copy_verified(_chunks_of_url(file.url, timeout, deadline), file, cached,
                             progress or text_progress(file.path))
    except _DownloadFailed as failure:
        why = str(failure)
    if not why:
        return cached
    problems.append(f"download from {file.url} failed: {why}")
    raise DatasetUnavailable(
        f"Cannot get the data file {file.path}: " + "; ".join(problems) + ".\n"
        f"To provide it: download {file.url} on a machine with internet and either copy it "
        f"to {cached}, or put it in a folder as <folder>/{file.path} and set "
        f"{MIRROR_VARIABLE}=<folder> before starting Jupyter."
    )


def fetch(name: str, progress: Progress | None = None) -> dict[str, Path]:
    """Verified local paths of all files of dataset ``name``, by file name.

    ``name`` is one of ``DATASETS`` ("beijing-pm25", "rt-polarity").
    """
    if name not in DATASETS:
        known = ", ".join(sorted(DATASETS))
        raise DatasetUnavailable(f"Unknown dataset {name!r}; known datasets: {known}.")
    return {Path(f.path).name: fetch_file(f, progress) for f in DATASETS[name]}


def text_progress(label: str, stream=None, width: int = 30) -> Progress:
    """A progress callback drawing ``label [#####-----]  45%  0.9 / 2.0 MB`` on one line."""
    stream = stream or sys.stdout
    drawn = {"filled": -1}

    def show(done: int, total: int) -> None:
        share = min(1.0, done / total) if total else 1.0
        filled = round(share * width)
        if filled == drawn["filled"] and done < total:
            return  # redraw only when the bar grows
        drawn["filled"] = filled
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        stream.write(f"\r{label:<32} [{bar}] {share:4.0%}  {done / 1e6:.1f} / {total / 1e6:.1f} MB"
                     + end)
        stream.flush()

    return show


def prefetch(names: list[str] | None = None, stream=None) -> list[str]:
    """Fetch every file of the named datasets (default: all), with a progress bar.

    Returns the problems as short messages (empty when everything is in the cache).
    """
    stream = stream or sys.stdout
    problems = []
    for name in names or sorted(DATASETS):
        if name not in DATASETS:
            problems.append(f"Unknown dataset {name!r}; known datasets: {', '.join(DATASETS)}.")
            continue
        for file in DATASETS[name]:
            try:
                path = fetch_file(file, text_progress(file.path, stream))
            except DatasetUnavailable as error:
                stream.write(f"{file.path:<32} FAILED\n")
                problems.append(str(error))
                continue
            stream.write(f"{file.path:<32} ok, in {path}\n")
    return problems
