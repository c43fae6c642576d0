"""Dashboard 3 (Mô phỏng) in a real browser: edit an item's score, the rank and band follow.

The new index is worked out here from the bundled CSV files with plain pandas (points over
applicable maximum), independently of the package; rank and band are those ``cd.simulate``
gives for the same change (the engine itself is checked against hand computation in
tests/test_whatif.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import cchc_dash as cd

from .helpers import assert_no_code, open_dashboard, select_labels

NOTEBOOK = "03_mo_phong.ipynb"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
OUT = Path(__file__).resolve().parents[2] / "out"
YEAR, UNIT, ITEM = 2025, "S03", "1.1.1"  # Sở Tư pháp; 1.1.1 is in the first area, open on arrival


def hand_index(new_score: float) -> float:
    scores = pd.read_csv(SAMPLE / "scores.csv", dtype={"item_id": str})
    meth = pd.read_csv(SAMPLE / "methodology.csv", dtype={"item_id": str})
    mine = scores[(scores["year"] == YEAR) & (scores["unit_id"] == UNIT)].copy()
    mine.loc[mine["item_id"] == ITEM, "score"] = new_score
    leaves = meth[(meth["year"] == YEAR) & (meth["level"] == "item")].drop_duplicates("item_id")
    mine = mine.merge(leaves[["item_id", "max_points"]], on="item_id")
    applicable = mine["applicable"].astype(str).str.lower().isin(["true", "1"])
    return mine.loc[applicable, "score"].sum() / mine.loc[applicable, "max_points"].sum() * 100


def headline_after(page) -> dict[str, str]:
    box = ".cchc-headline .cchc-after"
    return {f: page.inner_text(f"{box} [data-field={f}]").strip() for f in ("index", "rank", "band")}


def test_editing_an_item_moves_rank_and_band_as_simulate_says(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    page.wait_for_selector(".cchc-headline .cchc-after")
    select_labels(page, ".cchc-unit select", ["Sở Tư pháp"])
    page.wait_for_function("() => document.querySelector('.cchc-headline h3').innerText.includes('Sở Tư pháp')")
    before = headline_after(page)

    page.fill(f".cchc-item-{ITEM.replace('.', '-')} input", "0")
    page.keyboard.press("Enter")
    page.wait_for_function("b => document.querySelector('.cchc-headline .cchc-after [data-field=index]').innerText.trim() !== b",
                           arg=before["index"])
    shown = headline_after(page)

    sim = cd.simulate(cd.load_sample(), cd.Scenario("t", [cd.ScoreChange(YEAR, UNIT, ITEM, 0.0)]))
    row = sim.results[(sim.results["year"] == YEAR) & (sim.results["unit_id"] == UNIT)].iloc[0]
    assert shown["index"] == f"{hand_index(0.0):.2f}".replace(".", ",")
    assert shown["rank"] == f"{int(row['rank'])}/{int(row['rank_of'])}"
    assert shown["band"] == row["band"]
    moved = page.eval_on_selector_all(".cchc-whatif-ranking tr.cchc-moved", "rs => rs.map(r => r.dataset.unit)")
    assert set(moved) == set(sim.diff.loc[sim.diff["year"] == YEAR, "unit_id"])
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "mo_phong_1400.png"), full_page=True)
    assert_no_code(page)
    assert not page.errors, page.errors


def test_out_of_range_input_is_refused(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    page.wait_for_selector(".cchc-headline .cchc-after")
    before = headline_after(page)
    first = page.query_selector(".cchc-item-input input")
    first.fill("1000")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    assert headline_after(page)["band"] == before["band"]
    assert not page.errors, page.errors
