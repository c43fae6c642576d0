"""Frame validation (cchc_dash/frames.py): SIPAS questionnaires and answers, and the score keys
kept for scoring. Each problem is injected by hand into otherwise valid frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd

from .test_model import YEAR, good_scores, located, methodology, units


def questions() -> pd.DataFrame:
    return pd.DataFrame({"year": [YEAR, YEAR, YEAR], "question_id": ["Q15", "Q16", "Q19"],
                         "component": ["Tiếp cận dịch vụ", "Tiếp cận dịch vụ", "Thủ tục hành chính"],
                         "text": ["Nơi ngồi chờ", "Trang thiết bị", "Thủ tục được niêm yết"]})


def answers(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "unit_id", "respondent_id", "question_id", "answer"])


GOOD = [(YEAR, "U1", "R1", "Q15", 5), (YEAR, "U1", "R1", "Q16", 4), (YEAR, "U1", "R1", "Q19", None),
        (YEAR, "U2", "R2", "Q15", 2)]


def build(qs: pd.DataFrame, ans: pd.DataFrame) -> cd.Dataset:
    return cd.Dataset(methodology=methodology(), units=units(), scores=good_scores(), sipas_questions=qs, sipas_answers=ans)


def test_valid_sipas_frames_are_kept_with_blank_answers():
    ds = build(questions(), answers(GOOD))
    assert list(ds.sipas_answers["answer"].astype("float")[:3].fillna(-1)) == [5, 4, -1]
    assert list(ds.sipas_questions["component"].unique()) == ["Tiếp cận dịch vụ", "Thủ tục hành chính"]


def test_every_sipas_problem_is_collected_and_located():
    bad = GOOD + [
        (YEAR, "U1", "R3", "Q15", 6),        # row 4: off the 1–5 scale
        (YEAR, "U1", "R3", "Q16", 2.5),      # row 5: not a whole answer
        (YEAR, "U1", "R3", "Q19", "tốt"),    # row 6: text
        (YEAR, "U9", "R4", "Q15", 4),        # row 7: unknown unit
        (YEAR, "U2", "R5", "Q99", 4),        # row 8: not in the questionnaire
        (YEAR + 1, "U2", "R5", "Q15", 4),    # row 9: no questionnaire that year
        (YEAR, "U1", "R1", "Q15", 3),        # row 10: R1 answered Q15 already
    ]
    with pytest.raises(cd.ValidationError) as err:
        build(questions(), answers(bad))
    where = located(err.value.problems)
    assert where == {("sipas_answers", 4, "answer"), ("sipas_answers", 5, "answer"), ("sipas_answers", 6, "answer"),
                     ("sipas_answers", 7, "unit_id"), ("sipas_answers", 8, "question_id"),
                     ("sipas_answers", 9, "question_id"), ("sipas_answers", 10, "question_id")}
    text = str(err.value)
    assert "không thuộc thang 1–5" in text and "is not on the 1–5 scale" in text
    assert "'tốt' không phải là số" in text


def test_questionnaire_problems():
    qs = questions()
    qs.loc[1, "question_id"] = "Q15"   # duplicate id in one year
    qs.loc[2, "component"] = None      # no component
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

    from cchc_dash.io.sample import SAMPLE_DIR
    for f in SAMPLE_DIR.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    questions().to_csv(tmp_path / "sipas_questions.csv", index=False)
    answers([(YEAR, "S01", "R1", "Q15", 5), (YEAR, "S01", "R1", "Q16", 7)]).to_csv(tmp_path / "sipas_answers.csv", index=False)
    with pytest.raises(cd.ValidationError) as err:
        cd.load(tmp_path)
    assert located(err.value.problems) == {("sipas_answers.csv", 3, "answer")}
    answers([(YEAR, "S01", "R1", "Q15", 5), (YEAR, "S01", "R1", "Q16", None)]).to_csv(tmp_path / "sipas_answers.csv", index=False)
    ds = cd.load(tmp_path)
    assert len(ds.sipas_answers) == 2 and len(ds.sipas_questions) == 3
