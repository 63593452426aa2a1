"""The project's commands: ``python -m lecture_utils <command>``.

doctor     check this machine: Python, TensorFlow/Keras, widgets, datasets, GPU
prefetch   download (or copy from $LECTURE_DATA_MIRROR) every dataset, before class
slides     build a reveal.js deck per notebook (--mark: write the slide metadata)
badges     write the Colab/Binder badges and the setup cell, for a repository you name
execute    run notebooks top to bottom in a fresh kernel and store their outputs
benchmark  run each notebook in a fresh kernel; print wall time and peak memory
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path

from ..errors import LectureError
from . import notebooks


def _doctor(args) -> int:
    from . import doctor

    text, status = doctor.report(doctor.diagnose())
    print(text)
    return status


def _prefetch(args) -> int:
    from ..data import datasets

    problems = datasets.prefetch(args.datasets)
    for problem in problems:
        print(f"\n{problem}", file=sys.stderr)
    if not problems:
        print(f"All datasets are in {datasets.cache_folder()}; the series now runs offline.")
    return 1 if problems else 0


def _slides(args) -> int:
    import nbformat

    from . import slides

    for path in notebooks.find_notebooks(args.notebooks):
        if args.mark:
            notebook = notebooks.read_notebook(path)
            if slides.mark_slides(notebook):
                notebooks.write_file(path, partial(nbformat.write, notebook))
                print(f"marked {path}")
        else:
            print(slides.build_deck(path, Path(args.output)))
    return 0


def _badges(args) -> int:
    import nbformat

    from . import launch

    repository, ref = launch.launch_target(args.repository, args.ref)
    if repository is None:
        print("No repository named (--repository owner/name) and no GitHub remote 'origin': "
              "the notebooks get no badges and a setup cell that only imports lecture_utils.")
    for path in notebooks.find_notebooks(args.notebooks):
        notebook = notebooks.read_notebook(path)
        # the notebook's path in the repository, which Colab and Binder open
        in_repository = f"notebooks/{path.name}"
        try:
            changed = launch.mark_launch(notebook, in_repository, repository, ref)
        except LectureError as problem:
            print(f"error: {path}: {problem}", file=sys.stderr)
            return 1
        if changed:
            notebooks.write_file(path, partial(nbformat.write, notebook))
            print(f"updated {path}")
    return 0


def _execute(args) -> int:
    paths = notebooks.find_notebooks(args.notebooks)
    if args.output and len(paths) != 1:
        raise LectureError("--output needs exactly one notebook.")
    for path in paths:
        if not args.quiet:
            print(f"executing {path} ...", flush=True)
        measured = notebooks.execute_notebook(path, Path(args.output) if args.output else None)
        measured["peak_memory_mb"] = notebooks.peak_memory_of_children_mb()
        if args.report:
            Path(args.report).write_text(json.dumps(measured))
        if not args.quiet:
            print(f"  {measured['seconds']:.1f} s, slowest cell {measured['slowest_cell_s']:.1f} s",
                  flush=True)
    return 0


def _benchmark(args) -> int:
    rows = []
    for path in notebooks.find_notebooks(args.notebooks):
        print(f"benchmarking {path} ...", file=sys.stderr, flush=True)
        rows.append((path.name, notebooks.measure_in_fresh_process(path)))
    print(notebooks.format_table(rows))
    for name, measured in rows:
        if measured.get("results") is not None:
            print(f"\n{name} results: {json.dumps(measured['results'])}")
        if "error" in measured:
            print(f"\n{name} failed:\n{measured['error']}")
    if args.json:
        Path(args.json).write_text(json.dumps(dict(rows), indent=2))
    return 1 if any("error" in m for _, m in rows) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lecture_utils", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser(
        "doctor", help="check that this machine has what the series needs, and say how to fix it")
    check.set_defaults(run=_doctor)

    prefetch = commands.add_parser(
        "prefetch", help="fetch every dataset of the series into the cache, before class")
    prefetch.add_argument("datasets", nargs="*", help="dataset names (default: all)")
    prefetch.set_defaults(run=_prefetch)

    deck = commands.add_parser(
        "slides", help="build reveal.js slides from the notebooks' stored outputs")
    deck.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks/)")
    deck.add_argument("--output", default="build/slides", help="folder for the decks")
    deck.add_argument("--mark", action="store_true",
                      help="write slideshow metadata into the notebooks instead")
    deck.set_defaults(run=_slides)

    badges = commands.add_parser(
        "badges", help="write the Colab/Binder badges and the setup cell (tools/launch.py)")
    badges.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks/)")
    badges.add_argument("--repository", help="owner/name on GitHub (default: git remote origin; "
                        "none: no badges)")
    badges.add_argument("--ref", help="the tag or commit Colab installs and Binder builds "
                        "(default: the commit checked out; never a branch)")
    badges.set_defaults(run=_badges)

    execute = commands.add_parser(
        "execute", help="run notebooks top to bottom and store their outputs (in place)")
    execute.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks/)")
    execute.add_argument("--output", help="write the executed notebook here instead")
    execute.add_argument("--report", help="write measurements as JSON to this file")
    execute.add_argument("--quiet", action="store_true")
    execute.set_defaults(run=_execute)

    benchmark = commands.add_parser(
        "benchmark", help="time each notebook in a fresh kernel (outputs are not saved)")
    benchmark.add_argument("notebooks", nargs="*",
                           help="notebooks or folders (default: notebooks/)")
    benchmark.add_argument("--json", help="also write the measurements to this JSON file")
    benchmark.set_defaults(run=_benchmark)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except LectureError as problem:  # the user's mistake: one line, no traceback
        print(f"error: {problem}", file=sys.stderr)
        return 2
