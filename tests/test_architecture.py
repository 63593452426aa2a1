"""The package's layout keeps its promises (README, "lecture_utils"): maths imports no
plotting or widgets, data draws nothing, plots know no widget, no lecture needs the
tools, and every colour is defined once, in plots/palette.py."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lecture_utils"


def modules(folder):
    return sorted(f"lecture_utils.{folder}.{path.stem}" for path in (PACKAGE / folder).glob("*.py")
                  if path.stem != "__init__")


def loaded_after_import(module):
    """The top-level packages in sys.modules after importing ``module`` in a fresh Python."""
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    # every module loads the package face, which names COLORS from the palette (pure data)
    return set(result.stdout.split()) - {"lecture_utils.plots", "lecture_utils.plots.palette"}


@pytest.mark.parametrize("module", ["lecture_utils", *modules("maths")])
def test_maths_and_the_package_face_import_no_plotting_and_no_widgets(module):
    loaded = loaded_after_import(module)
    assert not {"matplotlib", "ipywidgets", "keras", "tensorflow"} & loaded
    assert not {name for name in loaded if name.startswith(("lecture_utils.plots",
                                                            "lecture_utils.widgets",
                                                            "lecture_utils.tools",
                                                            "lecture_utils.data"))}


@pytest.mark.parametrize("module", modules("data"))
def test_data_draws_nothing(module):
    loaded = loaded_after_import(module)
    assert not {"matplotlib", "ipywidgets"} & loaded
    assert not {name for name in loaded
                if name.startswith(("lecture_utils.plots", "lecture_utils.widgets",
                                    "lecture_utils.tools"))}


@pytest.mark.parametrize("module", modules("plots"))
def test_plots_know_no_widget(module):
    loaded = loaded_after_import(module)
    assert "ipywidgets" not in loaded
    assert not {name for name in loaded
                if name.startswith(("lecture_utils.widgets", "lecture_utils.tools"))}


def imports_of(path):
    """The lecture_utils modules a file imports, as dotted names (relative ones resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            found |= {f"{module}.{alias.name}" for alias in node.names} | {module}
    return {name for name in found if name.startswith("lecture_utils")}


def test_nothing_outside_tools_imports_the_tools():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        if "tools" in path.relative_to(PACKAGE).parts or path.name == "__main__.py":
            continue
        tools = {name for name in imports_of(path) if name.startswith("lecture_utils.tools")}
        if tools:
            offenders[str(path.relative_to(PACKAGE))] = tools
    assert offenders == {}


def test_widgets_are_imported_by_nothing_but_widgets():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if path.parent.name != "widgets"
                 and any(name.startswith("lecture_utils.widgets") for name in imports_of(path))]
    assert offenders == []


COLOUR = re.compile(r"""["']#[0-9A-Fa-f]{6}["']""")


def test_every_colour_is_defined_once_in_the_palette():
    elsewhere = {str(path.relative_to(PACKAGE)): COLOUR.findall(path.read_text(encoding="utf-8"))
                 for path in PACKAGE.rglob("*.py") if path.name != "palette.py"}
    assert {path: found for path, found in elsewhere.items() if found} == {}
    from lecture_utils.plots import palette

    hexes = [value for name, value in vars(palette).items() if name.isupper()
             and isinstance(value, str) and value.startswith("#")]
    assert len(set(hexes)) == 9  # the eight Okabe-Ito colours and one grey


def test_palette_names_every_optimizer_and_method_once():
    from lecture_utils.maths import optimizers
    from lecture_utils.plots import palette

    assert set(palette.OPTIMIZER_COLORS) == set(optimizers.NAMES) == set(palette.OPTIMIZER_LABELS)
    assert len(set(palette.OPTIMIZER_COLORS.values())) == len(optimizers.NAMES)
    assert set(palette.METHOD_COLORS) == {"full batch", "SGD", "mini-batch"}
    known = set(palette.OKABE_ITO) | {palette.GREY}
    for colours in (palette.COLORS, palette.OPTIMIZER_COLORS, palette.METHOD_COLORS,
                    palette.SENTIMENT_COLORS):
        assert set(colours.values()) <= known
