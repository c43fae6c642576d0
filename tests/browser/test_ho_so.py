"""Dashboard 6 (Hồ sơ đơn vị) in a real browser: pick a unit; the figures shown equal cd.compute's."""

from __future__ import annotations

import cchc_dash as cd

from .helpers import assert_no_code, open_dashboard, option_texts, select_labels

NOTEBOOK = "06_ho_so_don_vi.ipynb"


def shown(page) -> dict[str, str]:
    return {f: page.inner_text(f".cchc-profile-headline [data-field={f}]").strip() for f in ("index", "rank", "band", "mean")}


def test_picking_a_unit_shows_its_computed_figures(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    page.wait_for_selector(".cchc-profile-headline [data-field=rank]")
    before = shown(page)
    label = next(o for o in option_texts(page, ".cchc-unit select") if o.startswith("Sở Tư pháp"))
    select_labels(page, ".cchc-unit select", [label])
    page.wait_for_function("b => document.querySelector('.cchc-profile-headline [data-field=index]').innerText.trim() !== b",
                           arg=before["index"])
    res = cd.compute(cd.load_sample())
    row = res[(res["year"] == 2025) & (res["unit_id"] == "S03")].iloc[0]
    group = res[(res["year"] == 2025) & (res["group"] == row["group"])]
    assert shown(page) == {"index": f"{row['index']:.2f}".replace(".", ","), "rank": f"{row['rank']}/{row['rank_of']}",
                           "band": row["band"], "mean": f"{group['index'].mean():.2f}".replace(".", ",")}
    assert "Sở Tư pháp đạt" in page.inner_text(".cchc-paragraph")
    page.click(".cchc-word")
    page.wait_for_selector(".cchc-word-link a[download]")
    assert_no_code(page)
    assert not page.errors, page.errors
