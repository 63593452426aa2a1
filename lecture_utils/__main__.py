"""``python -m lecture_utils <command>``: the project's commands (``tools.cli``)."""

import sys

from .tools.cli import main

sys.exit(main())
