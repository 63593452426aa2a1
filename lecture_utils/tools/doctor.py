"""`python -m lecture_utils doctor`: is this machine ready for the series?

Each check returns a ``Finding``: what was looked at, whether it is fine, what was
seen, and how to fix it. ``diagnose()`` runs them all; the command prints them.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
from dataclasses import dataclass

from ..data import datasets
from ..session import TENSORFLOW_QUIET


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


INSTALL = "pip install -r requirements.txt (in the repository folder)"


def check_python() -> Finding:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info >= (3, 10)
    return Finding("Python", ok, version, "" if ok else "install Python 3.10, 3.11 or 3.12")


def check_package(module: str, distribution: str | None = None, required: bool = True
                  ) -> Finding:
    """Is ``module`` importable? Reports the installed version of ``distribution``."""
    try:
        importlib.import_module(module)
    except Exception as error:  # any import failure is the finding
        return Finding(module, False, f"cannot be imported ({type(error).__name__})",
                       INSTALL, required)
    try:
        version = importlib.metadata.version(distribution or module)
    except importlib.metadata.PackageNotFoundError:
        version = "installed"
    return Finding(module, True, version, required=required)


def check_keras() -> Finding:
    found = check_package("keras")
    if not found.ok:
        return found
    major = int(found.detail.split(".")[0]) if found.detail[:1].isdigit() else 0
    if major < 3:
        return Finding("keras", False, f"{found.detail}, but the series needs Keras 3",
                       "pip install 'keras>=3' 'tensorflow>=2.16'")
    return found


def check_widgets_extension() -> Finding:
    """ipywidgets needs its JupyterLab extension (the jupyterlab_widgets package)."""
    try:
        version = importlib.metadata.version("jupyterlab_widgets")
    except importlib.metadata.PackageNotFoundError:
        return Finding("ipywidgets in JupyterLab", False, "jupyterlab_widgets is missing",
                       "pip install 'ipywidgets>=8' (it brings the JupyterLab extension)")
    return Finding("ipywidgets in JupyterLab", True, f"jupyterlab_widgets {version}")


def check_datasets() -> list[Finding]:
    """The cache and mirror that ``datasets.fetch`` will really use, then each file:
    verified in the cache, verified in the mirror, or to be downloaded."""
    findings = []
    cache, mirror = datasets.cache_folder(), datasets.mirror_folder()
    cache_usable = True
    if cache.exists() and not cache.is_dir():
        cache_usable = False
        findings.append(Finding(
            "dataset cache", False, f"{cache} is a file, not a folder",
            f"remove that file, or set {datasets.CACHE_VARIABLE} to a folder you can write to"))
    if mirror is not None and not mirror.is_dir():
        findings.append(Finding(
            "dataset mirror", False,
            f"{datasets.MIRROR_VARIABLE} is {mirror}, but there is no such folder",
            f"point {datasets.MIRROR_VARIABLE} at the folder that holds <dataset>/<file> "
            f"(for example beijing-pm25/pollution.csv), or unset it"))
        mirror = None
    for name, files in datasets.DATASETS.items():
        for file in files:
            cached = cache / file.path
            mirrored = mirror / file.path if mirror is not None else None
            if cache_usable and datasets._is_good(cached, file):
                findings.append(Finding(file.path, True, f"in the cache ({cached})"))
            elif mirrored is not None and mirrored.exists() \
                    and not datasets._is_good(mirrored, file):
                findings.append(Finding(
                    file.path, False,
                    f"the mirror's copy {mirrored} is damaged or a different version "
                    "(its size or SHA-256 does not match)",
                    f"replace it with a fresh download of {file.url}"))
            elif mirrored is not None and mirrored.exists():
                findings.append(Finding(file.path, True, f"in the mirror ({mirrored})"))
            elif not cache_usable or datasets._cache_problem(cached):
                findings.append(Finding(
                    file.path, False, "not in the cache, and the cache cannot take it: "
                    + (datasets._cache_problem(cached) if cache_usable else "it is a file"),
                    f"set {datasets.CACHE_VARIABLE} to a folder you can write to"))
            elif mirrored is not None:
                findings.append(Finding(
                    file.path, False, f"not cached, and not in the mirror ({mirrored}): "
                    "needs internet on first use",
                    f"copy the file to {mirrored}, or run python -m lecture_utils prefetch "
                    f"{name} with internet", required=False))
            else:
                findings.append(Finding(
                    file.path, False, "not cached yet: needs internet on first use",
                    f"python -m lecture_utils prefetch {name} (before class), or set "
                    f"{datasets.MIRROR_VARIABLE} to a folder holding {file.path}",
                    required=False))
    return findings


def check_gpu() -> Finding:
    try:
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
    except Exception as error:
        return Finding("GPU", False, f"TensorFlow could not be asked ({type(error).__name__})",
                       INSTALL, required=False)
    if gpus:
        return Finding("GPU", True, f"{len(gpus)} found: training runs on it", required=False)
    return Finding("GPU", True, "none: every lecture is sized to run on a CPU", required=False)


def diagnose() -> list[Finding]:
    for name, value in TENSORFLOW_QUIET.items():  # no log wall when TensorFlow is imported
        os.environ.setdefault(name, value)
    findings = [check_python()]
    for module, distribution in (("numpy", None), ("matplotlib", None), ("pandas", None),
                                 ("sklearn", "scikit-learn"), ("ipywidgets", None),
                                 ("jupyterlab", None)):
        findings.append(check_package(module, distribution))
    findings.append(check_widgets_extension())
    findings.append(check_package("tensorflow", "tensorflow-cpu")
                    if _installed("tensorflow-cpu") else check_package("tensorflow"))
    findings.append(check_keras())
    for module in ("pytest", "nbval"):
        findings.append(check_package(module, required=False))
    findings += check_datasets()
    findings.append(check_gpu())
    return findings


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.version(distribution)
        return True
    except importlib.metadata.PackageNotFoundError:
        return False


def report(findings: list[Finding]) -> tuple[str, int]:
    """The printed report and the exit status (1 if something required is wrong)."""
    lines = []
    for f in findings:
        mark = "ok " if f.ok else ("!! " if f.required else "-- ")
        lines.append(f"{mark} {f.name:<30} {f.detail}")
        if not f.ok and f.fix:
            lines.append(f"{'':34} fix: {f.fix}")
    broken = [f for f in findings if f.required and not f.ok]
    lines.append("")
    lines.append(f"{len(broken)} problem(s) to fix before class." if broken
                 else "Ready: everything the series needs is here.")
    return "\n".join(lines), 1 if broken else 0
