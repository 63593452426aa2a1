"""Maintainer tooling, apart from what the lectures import: the command line
(``python -m lecture_utils``), the machine check, the launch badges, executing and
benchmarking the notebooks, and the slides.

- ``cli``: ``python -m lecture_utils <command>``
- ``doctor``: is this machine ready for the series?
- ``launch``: the Colab/Binder badges and the setup cell, for a named repository
- ``notebooks``: run notebooks in a fresh kernel; store outputs or benchmark
- ``slides``: slide metadata and offline reveal.js decks (``templates/``)

No lecture and no widget imports this package.
"""
