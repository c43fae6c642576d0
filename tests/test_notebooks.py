"""Every notebook executes headless without error and draws its dashboard without an error box.

A dashboard's callbacks run inside the shell's guard (cchc_dash/ui/shell.py), which catches an
exception and shows the friendly message instead: the cell then raises nothing. So besides the
cells' error outputs, the test reads the widgets the kernel drew (the widget state nbclient
records from the comm messages) and fails if any HTML widget shows a box of class
``cchc-error`` — the friendly message, a refused upload, a bad scheme or scenario — or if the
status line is not empty. Logic is tested in the package; this is a smoke test.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from cchc_dash.render.labels import t

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
ERROR_BOX = 'class="cchc-error'  # error_html, problems_html and the editors' messages all carry it


def test_there_are_notebooks():
    assert NOTEBOOKS


def widget_models(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """The state of every widget model the executed notebook drew."""
    return [m["state"] for m in nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}).values()]


def shown_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What the executed notebook shows that a working dashboard never shows on its own data:
    cell errors, HTML values with an error box or the friendly message, a non-empty status line."""
    found = [f"{o.ename}: {o.evalue}" for c in nb.cells if c.cell_type == "code" for o in c.outputs
             if o.output_type == "error"]
    friendly = {html.escape(t("error", lang)) for lang in ("vi", "en")}
    for state in widget_models(nb):
        value = state.get("value")
        if not isinstance(value, str):
            continue
        if ERROR_BOX in value or any(f in value for f in friendly):
            found.append(value)
        elif "cchc-status" in state.get("_dom_classes", ()) and value:
            found.append(value)
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path):
    nb = nbformat.read(path, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
    NotebookClient(nb, timeout=180, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    models = widget_models(nb)
    assert any("cchc-app" in m.get("_dom_classes", ()) for m in models), "the dashboard was not drawn"
    assert [m.get("value") for m in models if "cchc-status" in m.get("_dom_classes", ())] == [""]
    assert shown_problems(nb) == []
