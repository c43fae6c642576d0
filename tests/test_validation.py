"""Frame validation (cchc_dash/core/validation.py): SIPAS questionnaires and answers, and the score keys
kept for scoring. Each problem is injected by hand into otherwise valid frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd

from .test_dataset import YEAR, good_scores, located, methodology, units


def questions() -> pd.DataFrame:
    return pd.DataFrame({"year": [YEAR, YEAR, YEAR], "question_id": ["Q15", "Q16", "Q19"],
                         "component": ["Tiếp cận dịch vụ", "Tiếp cận dịch vụ", "Thủ tục hành chính"],
                         "text": ["Nơi ngồi chờ", "Trang thiết bị", "Thủ tục được niêm yết"]})


def answers(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "unit_id", "respondent_id", "question_id", "answer"])


GOOD = [(YEAR, "U1", "R1", "Q15", 5), (YEAR, "U1", "R1", "Q16", 4), (YEAR, "U1", "R1", "Q19", None),
        (YEAR, "U2", "R2", "Q15", 2)]


def build(qs: pd.DataFrame, ans: pd.DataFrame) -> cd.Dataset:
    return cd.Dataset(
        methodology=methodology(), units=units(), scores=good_scores(), sipas_questions=qs, sipas_answers=ans
    )


def test_valid_sipas_frames_are_kept_with_blank_answers():
    ds = build(questions(), answers(GOOD))
    assert list(ds.sipas_answers["answer"].astype("float")[:3].fillna(-1)) == [5, 4, -1]
    assert list(ds.sipas_questions["component"].unique()) == ["Tiếp cận dịch vụ", "Thủ tục hành chính"]


def test_every_sipas_problem_is_collected_and_located():
    bad = GOOD + [
        (YEAR, "U1", "R3", "Q15", 6),  # row 4: off the 1–5 scale
        (YEAR, "U1", "R3", "Q16", 2.5),  # row 5: not a whole answer
        (YEAR, "U1", "R3", "Q19", "tốt"),  # row 6: text
        (YEAR, "U9", "R4", "Q15", 4),  # row 7: unknown unit
        (YEAR, "U2", "R5", "Q99", 4),  # row 8: not in the questionnaire
        (YEAR + 1, "U2", "R5", "Q15", 4),  # row 9: no questionnaire that year
        (YEAR, "U1", "R1", "Q15", 3),  # row 10: R1 answered Q15 already
    ]
    with pytest.raises(cd.ValidationError) as err:
        build(questions(), answers(bad))
    where = located(err.value.problems)
    assert where == {
        ("sipas_answers", 4, "answer"),
        ("sipas_answers", 5, "answer"),
        ("sipas_answers", 6, "answer"),
        ("sipas_answers", 7, "unit_id"),
        ("sipas_answers", 8, "question_id"),
        ("sipas_answers", 9, "question_id"),
        ("sipas_answers", 10, "question_id"),
    }
    text = str(err.value)
    assert "không thuộc thang 1–5" in text and "is not on the 1–5 scale" in text
    assert "'tốt' không phải là số" in text


def test_questionnaire_problems():
    qs = questions()
    qs.loc[1, "question_id"] = "Q15"  # duplicate id in one year
    qs.loc[2, "component"] = None  # no component
    with pytest.raises(cd.ValidationError) as err:
        build(qs, answers([]))
    assert located(err.value.problems) == {("sipas_questions", 1, "question_id"), ("sipas_questions", 2, "component")}


def test_missing_answer_column_is_named():
    with pytest.raises(cd.ValidationError) as err:
        build(questions(), answers(GOOD).drop(columns="respondent_id"))
    assert ("sipas_answers", None, "respondent_id") in located(err.value.problems)


def test_score_keys_name_each_rows_unit_year_and_leaf():
    """good_scores: U1's four leaves then U2's; pairs (2023, U1) and (2023, U2); leaves in methodology order."""
    ds = cd.Dataset(methodology=methodology(), units=units(), scores=good_scores())
    keys = ds.score_keys
    assert list(keys.pair) == [0, 0, 0, 0, 1, 1, 1, 1]
    assert list(keys.pair_unit) == ["U1", "U2"] and list(keys.pair_year) == [YEAR, YEAR]
    leaf_ids = ds.methodology.loc[ds.methodology["level"] == "item", "item_id"].to_numpy()
    assert list(leaf_ids[keys.leaf]) == list(ds.scores["item_id"])
    assert np.array_equal(keys.leaf[:4], keys.leaf[4:])


def test_a_csv_folder_may_hold_sipas_files_located_by_line(tmp_path):
    """sipas_answers.csv line 3 (the 2nd answer) is off the scale: file, line and column named."""
    import shutil

    from cchc_dash.io.csv_folder import SAMPLE_DIR

    for f in SAMPLE_DIR.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    questions().to_csv(tmp_path / "sipas_questions.csv", index=False)
    answers([(YEAR, "S01", "R1", "Q15", 5), (YEAR, "S01", "R1", "Q16", 7)]).to_csv(
        tmp_path / "sipas_answers.csv", index=False
    )
    with pytest.raises(cd.ValidationError) as err:
        cd.load(tmp_path)
    assert located(err.value.problems) == {("sipas_answers.csv", 3, "answer")}
    answers([(YEAR, "S01", "R1", "Q15", 5), (YEAR, "S01", "R1", "Q16", None)]).to_csv(
        tmp_path / "sipas_answers.csv", index=False
    )
    ds = cd.load(tmp_path)
    assert len(ds.sipas_answers) == 2 and len(ds.sipas_questions) == 3


# -- issue 13 §6–7: what used to pass silently, and band problems at their own rows ---------------------


def units_with(**columns) -> pd.DataFrame:
    uu = units(("U1", "U2", "U3"))
    for k, v in columns.items():
        uu[k] = v
    return uu


def problems_of(**frames) -> list[cd.Problem]:
    kw = {"methodology": methodology(), "units": units(), "scores": good_scores(), **frames}
    with pytest.raises(cd.ValidationError) as err:
        cd.Dataset(**kw)
    return err.value.problems


def test_successor_cycles_are_refused_once_each():
    found = problems_of(units=units_with(successor_id=["U2", "U1", "U3"]))  # U1 → U2 → U1, and U3 → U3
    assert located(found) == {("units", 0, "successor_id"), ("units", 2, "successor_id")}
    assert "U1 → U2 → U1" in found[0].message_vi and "U3 → U3" in found[1].message_en


def test_a_unit_ending_before_it_starts_is_refused():
    found = problems_of(units=units_with(valid_from=[2020, 2020, 2021], valid_to=[2025, 2019, 2022]))
    # one mistake, one problem: U2's 2023 score rows (4–7) are not blamed for its impossible years too
    assert located(found) == {("units", 1, "valid_to")}
    assert [(p.message_vi, p.message_en) for p in found] == [
        ("năm kết thúc 2019 trước năm bắt đầu 2020", "the last year 2019 is before the first year 2020")]


def test_scores_outside_a_units_years_are_refused_on_each_row():
    """U2 existed 2019–2022; its four 2023 rows (rows 4–7) are refused at the year column."""
    uu = units()
    uu["valid_from"], uu["valid_to"] = [2019, 2019], [None, 2022]
    found = problems_of(units=uu)
    assert located(found) == {("scores", r, "year") for r in (4, 5, 6, 7)}
    assert "did not exist in 2023" in found[0].message_en


def test_two_units_named_alike_in_a_group_are_refused_unless_one_succeeds_the_other():
    uu = units(("U1", "U2"))
    uu["unit_name"] = ["Sở Tư pháp", "sở  tư pháp"]
    assert located(problems_of(units=uu)) == {("units", 1, "unit_name")}
    uu["successor_id"] = [None, "U1"]  # a renamed or re-created unit keeps its name: allowed
    uu["valid_to"] = [None, 2023]
    assert cd.Dataset(methodology=methodology(), units=uu, scores=good_scores())


def test_a_header_only_scores_file_is_not_ok():
    found = problems_of(scores=good_scores().iloc[0:0])
    assert [p.message_en for p in found] == ["there are no score rows (only the header)"]


def test_a_methodology_where_every_maximum_is_zero_is_refused():
    meth = methodology()
    meth["max_points"] = 0.0
    found = problems_of(methodology=meth, scores=good_scores().assign(score=0.0))
    assert any("has a maximum of 0" in p.message_en for p in found)


def test_labels_differing_only_by_an_invisible_character_are_one_label():
    uu = units()
    uu.loc[0, "group"] = "Sở,\u200b ban, ngành"
    ds = cd.Dataset(methodology=methodology(), units=uu, scores=good_scores())
    assert ds.groups == ["Sở, ban, ngành"]


def test_band_table_problems_are_named_at_their_own_rows():
    bands = pd.DataFrame(
        {
            "scheme": "T",
            "year": YEAR,
            "group": "Sở, ban, ngành",
            "label": ["Tốt", "Khá", "Khá", "TB", "Yếu", "Kém"],
            "min_index": [80, None, 70, 70, 90, None],
            "order": range(1, 7),
        }
    )
    where = {(p.row, p.column): p.message_en for p in problems_of(bands=bands)}
    assert set(where) == {(1, "min_index"), (2, "label"), (3, "min_index"), (4, "min_index")}
    assert "only the last band" in where[(1, "min_index")] and "appears twice" in where[(2, "label")]
    assert "70 appears twice" in where[(3, "min_index")] and "must decrease" in where[(4, "min_index")]


def test_a_thousands_separator_is_refused_in_a_csv_folder_too(tmp_path):
    """'1,000' could be one thousand or 1.000: refused with a reason; '86,8' (a decimal comma) is read."""
    import shutil

    from cchc_dash.io.csv_folder import SAMPLE_DIR

    for f in SAMPLE_DIR.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    lines = (tmp_path / "scores.csv").read_text(encoding="utf-8").splitlines()
    year, unit, item, self_score, score, applicable = lines[1].split(",")
    lines[1] = ",".join([year, unit, item, '"0,5"', '"1,000"', applicable])
    (tmp_path / "scores.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(cd.ValidationError) as err:
        cd.load(tmp_path)
    assert located(err.value.problems) == {("scores.csv", 2, "score")}
    assert "'1,000' is ambiguous" in err.value.problems[0].message_en


@pytest.mark.parametrize("encoding, readable", [("utf-16", True), ("cp1258", False)])
def test_csv_files_in_other_encodings(tmp_path, encoding, readable):
    """UTF-16 (with its BOM, as Excel writes 'Unicode text') is read; Windows-1258 is named, not guessed."""
    import shutil

    from cchc_dash.io.csv_folder import SAMPLE_DIR

    for f in SAMPLE_DIR.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    text = (tmp_path / "units.csv").read_text(encoding="utf-8")
    (tmp_path / "units.csv").write_bytes(text.encode(encoding, errors="replace"))
    if readable:
        assert "Sở Tư pháp" in set(cd.load(tmp_path).units["unit_name"])
    else:
        with pytest.raises(cd.ValidationError) as err:
            cd.load(tmp_path)
        assert [(p.source, p.row) for p in err.value.problems] == [("units.csv", None)]
        assert "Windows-1258" in err.value.problems[0].message_en
