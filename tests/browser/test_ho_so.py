"""Dashboard 6 (Hồ sơ đơn vị) in a real browser: pick a unit; the figures shown and the area
bars drawn are those worked out with plain pandas from the bundled CSV files (tests/browser/helpers.py)."""

from __future__ import annotations

from .helpers import (
    assert_no_code,
    hand_areas,
    hand_slice,
    mark_fields,
    open_dashboard,
    option_texts,
    select_labels,
    settled,
    shown_number,
    vn,
)

NOTEBOOK = "06_ho_so_don_vi.ipynb"


def shown(page) -> dict[str, str]:
    return {
        f: page.inner_text(f".cchc-profile-headline [data-field={f}]").strip()
        for f in ("index", "rank", "band", "mean")
    }


def test_picking_a_unit_shows_its_computed_figures(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    page.wait_for_selector(".cchc-profile-headline [data-field=rank]")
    before = shown(page)
    label = next(o for o in option_texts(page, ".cchc-unit select") if o.startswith("Sở Tư pháp"))
    select_labels(page, ".cchc-unit select", [label])
    page.wait_for_function(
        "b => document.querySelector('.cchc-profile-headline [data-field=index]').innerText.trim() !== b",
        arg=before["index"],
    )
    group = hand_slice(2025)
    row = group.set_index("unit_id").loc["S03"]
    assert shown(page) == {
        "index": vn(row["index"]),
        "rank": f"{row['rank']}/{row['rank_of']}",
        "band": row["band"],
        "mean": vn(group["index"].mean()),
    }
    areas = {label: round(index, 2) for label, index in hand_areas(2025, "S03").items()}

    def drawn() -> dict[str, float]:
        return {m["Lĩnh vực"]: shown_number(m["Chỉ số (%)"]) for m in mark_fields(page, ".cchc-profile-areas", "bar")}

    assert settled(page, drawn, areas) == areas
    assert "Sở Tư pháp đạt" in page.inner_text(".cchc-paragraph")
    page.click(".cchc-word")
    page.wait_for_selector(".cchc-word-link a[download]")
    assert_no_code(page)


#: The area names on the profile's area chart, each label's lines joined by a space.
AXIS_LABELS = """() => [...document.querySelectorAll('.cchc-profile-areas svg .role-axis-label text')]
  .map(t => { const lines = t.querySelectorAll('tspan');
    return (lines.length ? [...lines].map(l => l.textContent) : [t.textContent]).join(' '); })"""


def test_area_names_stand_whole_on_the_area_chart(voila_url, page):
    """1440 px: each of 2025's eight area names (methodology.csv) stands whole beside its bar, area 8's
    ("8. Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH") on two lines, none cut with "…"."""
    import pandas as pd

    from .helpers import SAMPLE

    open_dashboard(page, voila_url, NOTEBOOK)
    page.wait_for_selector(".cchc-profile-areas svg .role-axis-label text")
    meth = pd.read_csv(SAMPLE / "methodology.csv", dtype={"item_id": str})
    areas = meth[(meth["year"] == 2025) & (meth["group"] == "Sở, ban, ngành") & (meth["level"] == "area")]
    names = {f"{a}. {n}" for a, n in zip(areas["item_id"], areas["name_vi"])}
    assert len(names) == 8
    labels = [label for label in page.evaluate(AXIS_LABELS) if not label.isdigit()]  # not the index axis
    assert set(labels) == names and not [label for label in labels if "…" in label]
    lines = page.eval_on_selector_all(".cchc-profile-areas svg .role-axis-label text",
                                      "ts => ts.map(t => t.querySelectorAll('tspan').length)")
    assert max(lines) == 2  # area 8
