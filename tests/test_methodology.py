"""methodology.py: leaves with their area, area names, fingerprints and sizes of a tree."""

from __future__ import annotations

import pandas as pd

from cchc_dash.core.methodology import area_names, leaf_counts, leaves_with_area, methodology_ids

G = "Sở, ban, ngành"


def tree() -> pd.DataFrame:
    """2021: two areas, three leaves. 2022: a third area with one more leaf (a break).

    Text columns are object columns with None for "no parent", as ``Dataset`` normalises them.
    """
    rows = []
    for year in (2021, 2022):
        rows += [
            (year, G, "1", None, "area", "Chỉ đạo", 4.0, ""),
            (year, G, "1.1", "1", "item", "Kế hoạch", 2.0, "assessed"),
            (year, G, "1.2", "1", "item", "Báo cáo", 2.0, "assessed"),
            (year, G, "2", None, "area", "Thể chế", 3.0, ""),
            (year, G, "2.1", "2", "item", "Văn bản", 3.0, "assessed"),
        ]
    rows += [
        (2022, G, "3", None, "area", "Số hóa", 1.0, ""),
        (2022, G, "3.1", "3", "item", "Dịch vụ công", 1.0, "survey"),
    ]
    frame = pd.DataFrame(
        rows, columns=["year", "group", "item_id", "parent_id", "level", "name_vi", "max_points", "kind"], dtype=object
    )
    return frame.astype({"year": "int64", "max_points": "float64"})


def test_leaves_carry_their_area():
    leaves = leaves_with_area(tree())
    assert list(leaves.columns) == [*tree().columns, "area_id", "area_name"]
    assert leaves.index.tolist() == list(range(7))  # numbered afresh: 3 leaves of 2021, 4 of 2022
    got = leaves[leaves["year"] == 2022].set_index("item_id")[["area_id", "area_name"]]
    assert got.to_dict("index") == {
        "1.1": {"area_id": "1", "area_name": "Chỉ đạo"},
        "1.2": {"area_id": "1", "area_name": "Chỉ đạo"},
        "2.1": {"area_id": "2", "area_name": "Thể chế"},
        "3.1": {"area_id": "3", "area_name": "Số hóa"},
    }


def test_area_names_of_one_year():
    assert area_names(tree(), 2021, G) == {"1": "Chỉ đạo", "2": "Thể chế"}
    assert area_names(tree(), 2022, G) == {"1": "Chỉ đạo", "2": "Thể chế", "3": "Số hóa"}
    assert area_names(tree(), 2019, G) == {}


def test_leaf_counts_say_what_a_break_changed():
    counts = leaf_counts(tree(), G, [2021, 2022])
    assert counts.to_dict("records") == [{"year": 2021, "areas": 2, "items": 3}, {"year": 2022, "areas": 3, "items": 4}]
    assert leaf_counts(tree(), G, [2022]).to_dict("records") == [
        {"year": 2022, "areas": 3, "items": 4}
    ]  # 2021 left out
    assert leaf_counts(tree(), "UBND cấp xã", [2022]).empty  # another group's tree


def test_fingerprints_differ_across_the_break():
    ids = methodology_ids(tree()).set_index("year")["methodology"]
    assert ids[2021] != ids[2022] and len(ids[2021]) == 10


def test_a_leaf_two_steps_below_its_area_finds_it():
    """2021's area 1 gets a criterion 1.9 between it and a new leaf 1.9.1 (area → criterion → item)."""
    rows = tree()
    extra = pd.DataFrame(
        [
            (2021, G, "1.9", "1", "criterion", "Kiểm tra", 1.0, ""),
            (2021, G, "1.9.1", "1.9", "item", "Tự kiểm tra", 1.0, "assessed"),
        ],
        columns=rows.columns,
    )
    leaves = leaves_with_area(pd.concat([rows, extra], ignore_index=True)).set_index(["year", "item_id"])
    assert leaves.loc[(2021, "1.9.1"), ["area_id", "area_name"]].tolist() == ["1", "Chỉ đạo"]
    assert (2021, "1.9") not in leaves.index  # a criterion is not a leaf


def test_fingerprints_follow_leaves_and_maxima_only_and_come_sorted():
    """Rows in any order give the same fingerprints, sorted by (year, group); names and areas' own rows do not count."""
    base = methodology_ids(tree())
    assert base[["year", "group"]].values.tolist() == [[2021, G], [2022, G]]
    shuffled = methodology_ids(tree().iloc[::-1])
    assert shuffled.values.tolist() == base.values.tolist()
    renamed = tree().assign(name_vi="khác")
    assert methodology_ids(renamed)["methodology"].tolist() == base["methodology"].tolist()
    heavier = tree()
    heavier.loc[(heavier["year"] == 2021) & (heavier["item_id"] == "1.1"), "max_points"] = 2.5
    changed = methodology_ids(heavier).set_index("year")["methodology"]
    assert changed[2021] != base.set_index("year")["methodology"][2021]
    assert changed[2022] == base.set_index("year")["methodology"][2022]
    survey = tree()
    survey.loc[survey["item_id"] == "2.1", "kind"] = "survey"
    assert methodology_ids(survey)["methodology"].tolist()[0] != base["methodology"].tolist()[0]
