"""Dashboard 3 (Mô phỏng) in a real browser: edit an item's score, the rank and band follow.

The index, rank and band of every department before and after the change are worked out here
from the bundled CSV files with plain pandas (tests/browser/helpers.py: points over applicable
maximum, competition ranks, the 2025 floors of bands.csv), independently of the package.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .helpers import assert_no_code, hand_slice, open_dashboard, select_labels, table_cells, vn

NOTEBOOK = "03_mo_phong.ipynb"
OUT = Path(__file__).resolve().parents[2] / "out"
YEAR, UNIT, ITEM = 2025, "S03", "1.1.1"  # Sở Tư pháp; 1.1.1 is in the first area, open on arrival


def expected_table(new_score: float) -> list[list[str]]:
    """The what-if ranking after S03's item 1.1.1 is set to ``new_score``, by hand: every unit
    whose index, rank or band moved (and S03) shows its old index, Δ, old rank and old band."""
    before = hand_slice(YEAR).set_index("unit_id")
    after = hand_slice(YEAR, changes={(UNIT, ITEM): new_score})
    out = []
    for i, r in enumerate(after.itertuples(), start=1):
        old = before.loc[r.unit_id]
        moved = (
            r.unit_id == UNIT or abs(old["index"] - r.index) > 1e-9 or old["rank"] != r.rank or old["band"] != r.band
        )
        band = r.band + (f" ← {old['band']}" if old["band"] != r.band else "")
        out.append(
            [
                str(i),
                r.unit_name,
                vn(old["index"]),
                vn(r.index),
                f"{r.index - old['index']:+.2f}".replace(".", ",") if moved else "",
                f"{old['rank']}/{r.rank_of}",
                f"{r.rank}/{r.rank_of}",
                band,
            ]
        )
    return out


def headline_after(page) -> dict[str, str]:
    box = ".cchc-headline .cchc-after"
    return {f: page.inner_text(f"{box} [data-field={f}]").strip() for f in ("index", "rank", "band")}


def test_editing_an_item_moves_rank_band_and_table_as_worked_by_hand(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    page.wait_for_selector(".cchc-headline .cchc-after")
    select_labels(page, ".cchc-unit select", ["Sở Tư pháp"])
    page.wait_for_function("() => document.querySelector('.cchc-headline h3').innerText.includes('Sở Tư pháp')")
    before = headline_after(page)

    page.fill(f".cchc-item-{ITEM.replace('.', '-')} input", "0")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "b => document.querySelector('.cchc-headline .cchc-after [data-field=index]').innerText.trim() !== b",
        arg=before["index"],
    )
    shown = headline_after(page)

    row = hand_slice(YEAR, changes={(UNIT, ITEM): 0.0}).set_index("unit_id").loc[UNIT]
    assert shown == {"index": vn(row["index"]), "rank": f"{row['rank']}/{row['rank_of']}", "band": row["band"]}
    assert table_cells(page, ".cchc-whatif-ranking") == expected_table(0.0)
    moved = page.eval_on_selector_all(".cchc-whatif-ranking tr.cchc-moved", "rs => rs.map(r => r.dataset.unit)")
    assert UNIT in moved
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "mo_phong_1400.png"), full_page=True)
    assert_no_code(page)


def test_out_of_range_input_is_refused(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    page.wait_for_selector(".cchc-headline .cchc-after")
    before = headline_after(page)
    first = page.query_selector(".cchc-item-input input")
    first.fill("1000")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    assert headline_after(page)["band"] == before["band"]


INSIDE = """() => Array.from(document.querySelectorAll('.cchc-items .cchc-item-grid')).filter(g => g.offsetParent)
  .flatMap(g => { const box = g.getBoundingClientRect();
    return Array.from(g.querySelectorAll('.cchc-item-input input, .cchc-item-label')).map(el => {
      const r = el.getBoundingClientRect();
      return [el.tagName, Math.round(r.left - box.left), Math.round(box.right - r.right),
              Math.round(r.width)]; }); })"""


def test_on_a_phone_every_score_box_and_name_lies_inside_its_section(voila_url, phone_page):
    """At 390 px the open section's grid (name | box) fits the screen: no box runs past the section's
    edge, where the accordion would cut it, and every box is wide enough for "12,75"."""
    open_dashboard(phone_page, voila_url, NOTEBOOK)
    phone_page.wait_for_selector(".cchc-items .cchc-item-input input")
    cells = phone_page.evaluate(INSIDE)
    assert len(cells) == 2 * 9  # area 1 of the demo: 9 sub-criteria, a name and a box each
    assert all(left >= 0 and right >= 0 for _, left, right, _ in cells), cells
    assert all(width >= 80 for tag, _, _, width in cells if tag == "INPUT"), cells


def test_a_closed_section_opens_with_the_units_scores_and_they_count(voila_url, page):
    """Area 2's inputs are built when its section is first opened: they show Sở Tư pháp's 2025
    scores from scores.csv, and a score typed there moves the index as worked by hand."""
    open_dashboard(page, voila_url, NOTEBOOK)
    select_labels(page, ".cchc-unit select", ["Sở Tư pháp"])
    page.wait_for_function("() => document.querySelector('.cchc-headline h3').innerText.includes('Sở Tư pháp')")
    assert page.query_selector(".cchc-item-2-1-1") is None  # not built while its section is closed
    page.click(".cchc-items .jupyter-widget-Collapse-header >> nth=1")
    page.wait_for_selector(".cchc-item-2-1-1 input")
    scores = pd.read_csv(Path(__file__).resolve().parents[2] / "data/sample/scores.csv", dtype={"item_id": str})
    mine = scores[(scores["year"] == YEAR) & (scores["unit_id"] == UNIT)].set_index("item_id")["score"]
    area2 = sorted(i for i in mine.index if i.startswith("2."))
    shown = {i: page.input_value(f".cchc-item-{i.replace('.', '-')} input") for i in area2}
    assert shown == {i: vn(mine[i]) for i in area2}
    before = headline_after(page)["index"]
    page.fill(".cchc-item-2-1-1 input", "0")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "b => document.querySelector('.cchc-headline .cchc-after [data-field=index]').innerText.trim() !== b",
        arg=before,
    )
    row = hand_slice(YEAR, changes={(UNIT, "2.1.1"): 0.0}).set_index("unit_id").loc[UNIT]
    assert headline_after(page)["index"] == vn(row["index"])
