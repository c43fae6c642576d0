"""Dataset validation (DESIGN §2, §3): every problem collected and located; NFC names; CSV folders."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd

YEAR = 2023
G = "Sở, ban, ngành"
METH_COLUMNS = ["year", "group", "item_id", "parent_id", "level", "name_vi", "max_points", "kind"]
SCORE_COLUMNS = ["year", "unit_id", "item_id", "self_score", "score", "applicable"]


def methodology(criterion_max: float = 40.0) -> pd.DataFrame:
    """Area 1 (40) → criterion 1.1 (criterion_max) → leaves 15 + 25; area 2 (60) → 2.1 → 16 + 44."""
    rows = [
        (YEAR, G, "1", None, "area", "Công tác chỉ đạo, điều hành", 40.0, "assessed"),
        (YEAR, G, "1.1", "1", "criterion", "Kế hoạch CCHC", criterion_max, "assessed"),
        (YEAR, G, "1.1.1", "1.1", "item", "Ban hành đúng hạn", 15.0, "assessed"),
        (YEAR, G, "1.1.2", "1.1", "item", "Mức độ hoàn thành", 25.0, "assessed"),
        (YEAR, G, "2", None, "area", "Cải cách thủ tục hành chính", 60.0, "assessed"),
        (YEAR, G, "2.1", "2", "criterion", "Công khai TTHC", 60.0, "assessed"),
        (YEAR, G, "2.1.1", "2.1", "item", "Ban hành đúng hạn", 16.0, "assessed"),
        (YEAR, G, "2.1.2", "2.1", "item", "Mức độ hoàn thành", 44.0, "assessed"),
    ]
    return pd.DataFrame(rows, columns=METH_COLUMNS)


def units(ids=("U1", "U2")) -> pd.DataFrame:
    return pd.DataFrame({"unit_id": list(ids), "unit_name": [f"Đơn vị {u}" for u in ids], "group": G})


def good_scores() -> pd.DataFrame:
    rows = [(YEAR, u, leaf, np.nan, s, True)
            for u in ("U1", "U2")
            for leaf, s in (("1.1.1", 10.0), ("1.1.2", 20.0), ("2.1.1", 12.0), ("2.1.2", 30.0))]
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def located(problems: list[cd.Problem]) -> set[tuple]:
    return {(p.source, p.row, p.column) for p in problems}


def raised(**frames) -> list[cd.Problem]:
    kw = {"methodology": methodology(), "units": units(), "scores": good_scores(), **frames}
    with pytest.raises(cd.ValidationError) as err:
        cd.Dataset(**kw)
    # The exception's text starts with the number of problems it carries (what a caller prints).
    assert str(err.value).startswith(f"{len(err.value.problems)} lỗi dữ liệu / data problem(s):")
    return err.value.problems


def test_clean_dataset_builds():
    """The hand-made frames used below are valid on their own (so each problem is the one injected)."""
    ds = cd.Dataset(methodology=methodology(), units=units(), scores=good_scores())
    assert len(ds.scores) == 8
    assert ds.years == [YEAR]


def test_every_score_problem_is_collected():
    """Above max, negative, text, duplicate row, unknown unit, unknown item, missing leaf: all reported at once."""
    rows = [
        (YEAR, "U1", "1.1.1", np.nan, 20.0, True),    # 0: above its max (15)
        (YEAR, "U1", "1.1.2", np.nan, -1.0, True),    # 1: negative
        (YEAR, "U1", "2.1.1", np.nan, "tám", True),   # 2: text where a number belongs
        (YEAR, "U1", "2.1.2", np.nan, 30.0, True),    # 3
        (YEAR, "U1", "2.1.2", np.nan, 30.0, True),    # 4: duplicate of row 3
        (YEAR, "U9", "1.1.1", np.nan, 5.0, True),     # 5: unknown unit
        (YEAR, "U2", "9.9.9", np.nan, 1.0, True),     # 6: unknown item
        (YEAR, "U2", "1.1.1", np.nan, 10.0, True),    # 7
        (YEAR, "U2", "1.1.2", np.nan, 20.0, True),    # 8
        (YEAR, "U2", "2.1.1", np.nan, 12.0, True),    # 9  (U2 has no row for 2.1.2)
    ]
    problems = raised(scores=pd.DataFrame(rows, columns=SCORE_COLUMNS))
    assert located(problems) == {
        ("scores", 0, "score"),
        ("scores", 1, "score"),
        ("scores", 2, "score"),
        ("scores", 4, "item_id"),       # duplicate (year, unit_id, item_id)
        ("scores", 5, "unit_id"),
        ("scores", 6, "item_id"),       # unknown 9.9.9: most likely U2's missing 2.1.2
    }
    # One message per problem: U2's missing 2.1.2 is not said again, since row 6 (U2, an unknown
    # item) is most likely it, and the clerk who fixes row 6 fixes both.
    assert [p for p in problems if "no score row" in p.message_en] == []
    assert len(problems) == 6


def test_text_score_is_one_problem_quoting_the_value():
    """Text where a number belongs is one problem that quotes the value (the cell is not blank)."""
    sc = good_scores().astype({"score": object})
    sc.loc[3, "score"] = "tám"
    problems = raised(scores=sc)
    assert [(p.row, p.column) for p in problems] == [(3, "score")]
    assert "tám" in problems[0].message_vi and "tám" in problems[0].message_en


def test_decimal_comma_in_a_score_is_a_number():
    """"12,5" typed with a Vietnamese decimal comma reads as 12.5, not as text."""
    sc = good_scores().astype({"score": object})
    sc.loc[0, "score"] = "12,5"
    ds = cd.Dataset(methodology=methodology(), units=units(), scores=sc)
    assert ds.scores.loc[0, "score"] == 12.5


def test_score_is_never_clipped():
    """A score above its max is an error, not silently set to the max."""
    sc = good_scores()
    sc.loc[0, "score"] = 15.5          # leaf 1.1.1 max is 15
    problems = raised(scores=sc)
    assert [(p.row, p.column) for p in problems] == [(0, "score")]
    assert "15" in problems[0].message_en


def test_self_score_outside_range_is_reported():
    """The self-assessed score is checked against [0, max] too."""
    sc = good_scores()
    sc.loc[1, "self_score"] = 26.0     # leaf 1.1.2 max is 25
    problems = raised(scores=sc)
    assert [(p.row, p.column) for p in problems] == [(1, "self_score")]


def test_blank_score_on_applicable_leaf_is_reported_but_allowed_when_not_applicable():
    """A blank appraised score is an error unless the leaf is not applicable."""
    sc = good_scores()
    sc.loc[2, "score"] = np.nan
    problems = raised(scores=sc)
    assert [(p.row, p.column) for p in problems] == [(2, "score")]
    sc.loc[2, "applicable"] = False
    cd.Dataset(methodology=methodology(), units=units(), scores=sc)


def test_methodology_and_unit_problems_are_collected_together():
    """Parent maxima ≠ sum of children and a duplicate unit id are both reported."""
    uu = pd.concat([units(), units(["U1"])], ignore_index=True)  # row 2 repeats U1
    problems = raised(methodology=methodology(criterion_max=35.0), units=uu)
    where = located(problems)
    assert ("methodology", 1, "max_points") in where   # 1.1 says 35, its leaves add up to 40
    assert ("units", 2, "unit_id") in where
    parent = next(p for p in problems if p.source == "methodology")
    assert "35" in parent.message_en and "40" in parent.message_en


def test_missing_columns_are_named():
    """A missing column is named in the frame it is missing from; other frames are still checked."""
    meth = methodology().drop(columns=["max_points"])
    uu = pd.concat([units(), units(["U2"])], ignore_index=True)
    problems = raised(methodology=meth, units=uu)
    where = located(problems)
    assert ("methodology", None, "max_points") in where
    assert ("units", 2, "unit_id") in where


def test_missing_score_column_is_named():
    """scores without a score column: the problem names that column."""
    problems = raised(scores=good_scores().drop(columns=["score"]))
    assert located(problems) == {("scores", None, "score")}


def test_structure_problems_do_not_hide_score_problems():
    """Every problem at once: a parent-maximum mismatch and a duplicate unit do not hide bad scores.

    Leaf maxima are still known (only the criterion total is wrong) and the duplicate unit is
    in the same group, so the scores can be checked in the same pass.
    """
    sc = good_scores().astype({"score": object})
    sc.loc[0, "score"] = 20.0      # above 15
    sc.loc[5, "score"] = "tám"
    uu = pd.concat([units(), units(["U2"])], ignore_index=True)
    problems = raised(methodology=methodology(criterion_max=35.0), units=uu, scores=sc)
    where = located(problems)
    assert ("methodology", 1, "max_points") in where
    assert ("units", 2, "unit_id") in where
    assert ("scores", 0, "score") in where
    assert ("scores", 5, "score") in where


def test_every_problem_has_place_and_both_languages():
    """Each Problem carries source, row, column and a Vietnamese and an English message."""
    sc = good_scores().astype({"score": object})
    sc.loc[0, "score"] = 99.0
    sc.loc[1, "score"] = "tám"
    sc.loc[2, "self_score"] = -2.0
    problems = raised(scores=sc)
    assert {(p.row, p.column) for p in problems} == {(0, "score"), (1, "score"), (2, "self_score")}
    for p in problems:
        assert p.source == "scores"
        assert isinstance(p.row, int)
        assert p.message_vi.strip() and p.message_en.strip()
        assert p.message_vi != p.message_en
        assert f"{p.row}" in str(p) and p.column in str(p)


def test_nfd_names_come_out_nfc():
    """Names typed in NFD (as macOS often sends them) are stored in NFC."""
    name_nfc = "Sở Tư pháp"
    name_nfd = unicodedata.normalize("NFD", name_nfc)
    group_nfd = unicodedata.normalize("NFD", G)
    assert name_nfd != name_nfc and group_nfd != G   # the input really is decomposed
    uu = pd.DataFrame({"unit_id": ["U1", "U2"], "unit_name": [name_nfd, "Sở Nội vụ"], "group": [group_nfd, G]})
    ds = cd.Dataset(methodology=methodology(), units=uu, scores=good_scores())
    assert ds.units.loc[0, "unit_name"] == name_nfc
    assert ds.units.loc[0, "group"] == G
    assert ds.groups == [G]
    res = cd.compute(ds)
    assert name_nfc in set(res["unit_name"])


# -- CSV folders -----------------------------------------------------------------------

def write_folder(folder: Path, scores_csv: str, units_csv: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    methodology().to_csv(folder / "methodology.csv", index=False)
    (folder / "units.csv").write_text(units_csv or ("unit_id,unit_name,group\n"
                                                    f'U1,Sở Tư pháp,"{G}"\nU2,Sở Nội vụ,"{G}"\n'), encoding="utf-8")
    (folder / "scores.csv").write_text(scores_csv, encoding="utf-8")
    return folder


GOOD_SCORES_CSV = """year,unit_id,item_id,self_score,score,applicable
2023,U1,1.1.1,,10,True
2023,U1,1.1.2,,20,True
2023,U1,2.1.1,,12,True
2023,U1,2.1.2,,30,True
2023,U2,1.1.1,,10,True
2023,U2,1.1.2,,20,True
2023,U2,2.1.1,,,False
2023,U2,2.1.2,,30,True
"""


def test_read_csv_folder_reads_a_clean_folder(tmp_path):
    """A clean CSV folder loads; a blank score on a non-applicable leaf is fine."""
    ds = cd.read_csv_folder(write_folder(tmp_path / "ok", GOOD_SCORES_CSV))
    assert len(ds.scores) == 8
    assert ds.scores["applicable"].sum() == 7
    assert set(ds.units["unit_name"]) == {"Sở Tư pháp", "Sở Nội vụ"}


def test_read_csv_folder_names_file_and_line(tmp_path):
    """Problems name the CSV file and its line number (header = line 1)."""
    lines = GOOD_SCORES_CSV.splitlines()
    lines[3] = "2023,U1,2.1.1,,17,True"       # line 4: above 16
    lines[5] = "2023,U2,1.1.1,,mười,True"     # line 6: text
    with pytest.raises(cd.ValidationError) as err:
        cd.read_csv_folder(write_folder(tmp_path / "bad", "\n".join(lines) + "\n"))
    problems = err.value.problems
    assert located(problems) == {("scores.csv", 4, "score"), ("scores.csv", 6, "score")}


def test_read_csv_folder_names_units_file_and_line(tmp_path):
    """A duplicate unit id on line 3 of units.csv is reported there."""
    units_csv = f'unit_id,unit_name,group\nU1,Sở Tư pháp,"{G}"\nU1,Sở Tư pháp (bản sao),"{G}"\nU2,Sở Nội vụ,"{G}"\n'
    with pytest.raises(cd.ValidationError) as err:
        cd.read_csv_folder(write_folder(tmp_path / "dup", GOOD_SCORES_CSV, units_csv))
    assert ("units.csv", 3, "unit_id") in located(err.value.problems)


def test_frames_left_out_are_empty_with_their_columns_and_leaves_name_their_area():
    """Built without bands or SIPAS, those frames exist with their columns (a reader may select them);
    ``leaves()`` lists the four sub-criteria, each with the area it sits two steps under."""
    ds = cd.Dataset(methodology=methodology(), units=units(), scores=good_scores())
    assert list(ds.bands.columns) == ["scheme", "year", "group", "label", "min_index", "order"] and ds.bands.empty
    assert list(ds.sipas_questions.columns) == ["year", "question_id", "component", "text"]
    assert list(ds.sipas_answers.columns) == ["year", "unit_id", "respondent_id", "question_id", "answer"]
    assert ds.sipas_answers.empty and ds.sipas_questions.empty
    leaves = ds.leaves()
    assert leaves[["item_id", "area_id", "area_name"]].values.tolist() == [
        ["1.1.1", "1", "Công tác chỉ đạo, điều hành"], ["1.1.2", "1", "Công tác chỉ đạo, điều hành"],
        ["2.1.1", "2", "Cải cách thủ tục hành chính"], ["2.1.2", "2", "Cải cách thủ tục hành chính"]]


# -- a dataset cannot go stale ---------------------------------------------------------------------
# five_units (tests/handmade.py): U1 91, U2 80, U3 70.5, U4 100, U5 68.32/84 = 81.33; leaf 2.1.2
# (max 44) holds U1 40 and U2 34.

def _indices(ds: cd.Dataset) -> dict[str, tuple[float, int]]:
    res = cd.compute(ds)
    return {u: (round(i, 6), int(r)) for u, i, r in zip(res["unit_id"], res["index"], res["rank"])}


def test_a_dataset_is_frozen(five_units):
    """Putting a frame back is refused: scoring reuses the codes validation found in the old one."""
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        five_units.scores = five_units.scores.copy()
    with pytest.raises(dataclasses.FrozenInstanceError):
        five_units.name = "khác"


def test_two_rows_swapped_between_units_give_the_swapped_indices(five_units):
    """The (U1, 2.1.2) and (U2, 2.1.2) rows trade units: U1 91 − 40 + 34 = 85, U2 80 − 34 + 40 = 86,
    so U2 passes U1; the dataset it came from still gives U1 91 and U2 80."""
    s = five_units.scores.copy()
    a = s.index[(s["unit_id"] == "U1") & (s["item_id"] == "2.1.2")][0]
    b = s.index[(s["unit_id"] == "U2") & (s["item_id"] == "2.1.2")][0]
    s.loc[[a, b], "unit_id"] = ["U2", "U1"]
    swapped = five_units.replace(scores=s)
    assert _indices(swapped) == {"U4": (100.0, 1), "U2": (86.0, 2), "U1": (85.0, 3),
                                 "U5": (round(68.32 / 84 * 100, 6), 4), "U3": (70.5, 5)}
    assert _indices(five_units)["U1"] == (91.0, 2) and _indices(five_units)["U2"] == (80.0, 4)


def test_every_row_shuffled_gives_the_same_results(five_units):
    """Row order carries no meaning: the 20 rows in a shuffled order score exactly as before."""
    shuffled = five_units.replace(scores=five_units.scores.sample(frac=1, random_state=7).reset_index(drop=True))
    assert not shuffled.scores["unit_id"].equals(five_units.scores["unit_id"])
    assert _indices(shuffled) == {"U4": (100.0, 1), "U1": (91.0, 2), "U5": (round(68.32 / 84 * 100, 6), 3),
                                  "U2": (80.0, 4), "U3": (70.5, 5)}


def test_a_replaced_frame_of_the_same_length_is_scored_on_its_own_values(five_units):
    """U3 given U4's full marks (same rows, other values): U3 and U4 tie first at 100, U1 third."""
    s = five_units.scores.copy()
    full = {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": 44.0}
    u3 = s["unit_id"] == "U3"
    s.loc[u3, "score"] = s.loc[u3, "item_id"].map(full)
    got = _indices(five_units.replace(scores=s))
    assert got["U3"] == (100.0, 1) and got["U4"] == (100.0, 1) and got["U1"] == (91.0, 3)


def test_a_bad_replacement_is_refused_and_the_dataset_kept(five_units):
    """A score above its maximum in the new frame is a located problem; the old dataset still scores."""
    s = five_units.scores.copy()
    s.loc[(s["unit_id"] == "U2") & (s["item_id"] == "1.1.1"), "score"] = 30.0  # max 15
    with pytest.raises(cd.ValidationError) as err:
        five_units.replace(scores=s)
    assert [(p.source, p.column) for p in err.value.problems] == [("scores", "score")]
    assert _indices(five_units)["U2"] == (80.0, 4)


def test_a_new_name_shares_the_validated_frames(five_units):
    """Only the name or source changed: nothing is validated again, the frames are the same objects."""
    renamed = five_units.replace(name="Tỉnh khác", source="khac.xlsx")
    assert (renamed.name, renamed.source, five_units.name) == ("Tỉnh khác", "khac.xlsx", "dataset")
    assert renamed.scores is five_units.scores and renamed.score_keys is five_units.score_keys
    with pytest.raises(TypeError, match="no field colour"):
        five_units.replace(colour="red")


# -- no unit leaves a ranking unsaid ----------------------------------------------------------------
# units(): U1, U2 in the units sheet's rows 0 and 1; good_scores(): both scored in 2023 on all four leaves.

def test_a_unit_without_scores_in_a_year_it_exists_is_refused_at_its_row():
    """U2's 2023 rows all deleted: not "one unit fewer in the ranking" but a problem at U2's unit row."""
    s = good_scores()
    problems = raised(scores=s[s["unit_id"] != "U2"])
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in problems] == [
        ("units", 1, "unit_id",
         "đơn vị 'U2' (Đơn vị U2) không có điểm năm 2023 dù đang hoạt động năm đó: nhập điểm của đơn vị, "
         "hoặc ghi đơn vị vào danh sách không đánh giá kèm lý do",
         "unit 'U2' (Đơn vị U2) has no scores in 2023 although it exists that year: enter its scores, "
         "or list it as not assessed with the reason")]


def test_a_unit_outside_its_years_or_listed_as_not_assessed_needs_no_scores():
    """U2 ending in 2022, or listed as not assessed in 2023 with a reason: the dataset builds, U1 alone is ranked."""
    s = good_scores()
    ended = units()
    ended["valid_to"] = [None, 2022]
    cd.Dataset(methodology=methodology(), units=ended, scores=s[s["unit_id"] != "U2"])
    listed = pd.DataFrame({"year": [YEAR], "unit_id": ["U2"], "reason": ["Mới thành lập"]})
    ds = cd.Dataset(methodology=methodology(), units=units(), scores=s[s["unit_id"] != "U2"], not_assessed=listed)
    assert cd.compute(ds)["unit_id"].tolist() == ["U1"]
    assert ds.not_assessed.to_dict("records") == [{"year": YEAR, "unit_id": "U2", "reason": "Mới thành lập"}]


def test_the_not_assessed_list_is_checked_row_by_row():
    """A scored unit listed as not assessed, an unknown unit, a blank reason and a repeated row: each at its row."""
    listed = pd.DataFrame({"year": [YEAR, YEAR, YEAR, YEAR], "unit_id": ["U1", "U9", "U2", "U2"],
                           "reason": ["sáp nhập", "x", None, "y"]})
    problems = raised(not_assessed=listed)
    assert [(p.source, p.row, p.column, p.message_en) for p in problems] == [
        ("not_assessed", 2, "reason", "the reason it is not assessed is needed"),
        ("not_assessed", 1, "unit_id", "unit 'U9' is not in the unit list"),
        ("not_assessed", 3, "unit_id", "duplicate not-assessed unit (year=2023, unit_id=U2)"),
        ("not_assessed", 0, "unit_id", "unit 'U1' is listed as not assessed in 2023 but has scores"),
        ("not_assessed", 2, "unit_id", "unit 'U2' is listed as not assessed in 2023 but has scores"),
        ("not_assessed", 3, "unit_id", "unit 'U2' is listed as not assessed in 2023 but has scores"),
    ]


def test_a_unit_missing_some_items_is_named_at_its_first_row_of_the_year():
    """U2 without 1.1.2 and 2.1.2: two problems, each at U2's first 2023 score row (row 4 of the frame)."""
    s = good_scores()
    s = s[~((s["unit_id"] == "U2") & s["item_id"].isin(["1.1.2", "2.1.2"]))].reset_index(drop=True)
    problems = raised(scores=s)
    assert [(p.source, p.row, p.column, p.message_en) for p in problems] == [
        ("scores", 4, "item_id", "unit 'U2' in 2023 has no score row for item '1.1.2'"),
        ("scores", 4, "item_id", "unit 'U2' in 2023 has no score row for item '2.1.2'"),
    ]
