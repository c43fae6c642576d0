"""The package's layers (README "Layout"): each folder imports only from the folders below it.

core → analyses → render → io → ui → app, bottom to top. A module may import from its own
layer and any layer below; never from a layer above, and never the package root (the public
API, which imports the layers). Nothing in core or analyses imports widgets, charts or file
formats: they take frames and return frames.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cchc_dash"
LAYERS = ["core", "analyses", "render", "io", "ui", "app"]
#: Third-party packages the pure layers (core, analyses) must not import.
PRESENTATION = {"altair", "ipywidgets", "anywidget", "vl_convert", "openpyxl", "python_calamine", "docx",
                "tornado", "voila", "jupyter_server", "IPython"}


def imports_of(path: Path, package: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in ``path``, relative ones resolved against ``package``."""
    base = list(path.relative_to(package.parent).parent.parts)  # the package a relative import starts at
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = base[: len(base) - node.level + 1] + (node.module.split(".") if node.module else [])
                mod = ".".join(target)
            else:
                mod = node.module or ""
            # `from ..render import charts` imports the module cchc_dash.render.charts (or a package)
            for alias in node.names:
                sub = package.parent / Path(*f"{mod}.{alias.name}".split("."))
                is_module = sub.with_suffix(".py").exists() or (sub / "__init__.py").exists()
                found.append((node.lineno, f"{mod}.{alias.name}" if is_module else mod))
    return found


def layer_violations(package: Path) -> list[str]:
    """Every import in ``package`` that goes up a layer, reaches the root, or (core, analyses)
    imports a presentation or file-format library; "path:line: what" each."""
    name = package.name
    problems = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if len(rel.parts) == 1:
            continue  # the package root: the public API, allowed to import every layer
        layer = rel.parts[0]
        if layer not in LAYERS:
            problems.append(f"{name}/{rel}: not in a layer folder ({', '.join(LAYERS)})")
            continue
        for line, mod in imports_of(path, package):
            top = mod.split(".")
            if top[0] == name:
                if len(top) == 1:
                    problems.append(f"{name}/{rel}:{line}: imports the package root (the public API)")
                elif top[1] in LAYERS and LAYERS.index(top[1]) > LAYERS.index(layer):
                    problems.append(f"{name}/{rel}:{line}: {layer} imports {mod} (layer {top[1]}, above)")
            elif layer in ("core", "analyses") and top[0] in PRESENTATION:
                problems.append(f"{name}/{rel}:{line}: {layer} imports {mod}")
    return problems


def test_no_module_imports_from_a_layer_above_its_own():
    assert layer_violations(PACKAGE) == []


def test_every_layer_exists():
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()) == sorted(LAYERS)


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root / "pkg"


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {"pkg/core/a.py": "from ..render import charts\n", "pkg/render/charts.py": ""},
            ["pkg/core/a.py:1: core imports pkg.render.charts (layer render, above)"],
        ),
        (
            {"pkg/analyses/a.py": "from ..io.loader import load\n"},
            ["pkg/analyses/a.py:1: analyses imports pkg.io.loader (layer io, above)"],
        ),
        (
            {"pkg/render/a.py": "def f():\n    from pkg.ui.shell import Shell\n"},
            ["pkg/render/a.py:2: render imports pkg.ui.shell (layer ui, above)"],
        ),
        ({"pkg/ui/a.py": "from .. import load\n"}, ["pkg/ui/a.py:1: imports the package root (the public API)"]),
        ({"pkg/core/a.py": "import altair as alt\n"}, ["pkg/core/a.py:1: core imports altair"]),
        ({"pkg/analyses/a.py": "from openpyxl import Workbook\n"}, ["pkg/analyses/a.py:1: analyses imports openpyxl"]),
        ({"pkg/helpers.py": ""}, []),  # the root's own modules are the API: allowed
        ({"pkg/misc/a.py": ""}, ["pkg/misc/a.py: not in a layer folder (core, analyses, render, io, ui, app)"]),
        (
            {
                "pkg/app/a.py": "from ..core.years import YearRange\nfrom ..ui import shell\nimport altair\n",
                "pkg/ui/shell.py": "",
            },
            [],
        ),  # downwards, and presentation above analyses: fine
        ({"pkg/analyses/a.py": "from .b import x\nfrom ..core import c\n", "pkg/core/c.py": ""}, []),
    ],
)
def test_the_check_finds_an_upward_import(tmp_path, files, expected):
    """The check itself, on a throwaway package: it names each upward import with its line."""
    assert layer_violations(write(tmp_path, files)) == expected
