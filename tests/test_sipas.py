"""SIPAS rates, components, index and Wilson intervals (cchc_dash/sipas.py) against hand computation.

The frames are typed below; every expected number is worked out by hand in the comments
(and the Wilson bounds by an independent few lines of ``math``), never taken from the package.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.sipas import break_years, likert_shares, par_vs_sipas, versus_group, wilson

A, B = "Tiếp cận dịch vụ", "Công chức"
QUESTIONS = pd.DataFrame({"year": [2023, 2023, 2023], "question_id": ["Q1", "Q2", "Q3"], "component": [A, A, B],
                          "text": ["Chỗ ngồi", "Biển chỉ dẫn", "Thái độ"]})
# U1: four respondents; U2: one respondent who answered Q1 only (Q2, Q3: n = 0).
ROWS = [("U1", "r1", "Q1", 5), ("U1", "r1", "Q2", 4), ("U1", "r1", "Q3", 2),
        ("U1", "r2", "Q1", 3), ("U1", "r2", "Q2", None), ("U1", "r2", "Q3", 4),
        ("U1", "r3", "Q1", 4), ("U1", "r3", "Q2", 5), ("U1", "r3", "Q3", None),
        ("U1", "r4", "Q1", 4), ("U1", "r4", "Q2", 1), ("U1", "r4", "Q3", None),
        ("U2", "r1", "Q1", 5), ("U2", "r1", "Q2", None), ("U2", "r1", "Q3", None)]


def answers(rows: list[tuple] = ROWS, year: int = 2023) -> pd.DataFrame:
    return pd.DataFrame([(year, *r) for r in rows], columns=["year", "unit_id", "respondent_id", "question_id", "answer"])


def by_hand_wilson(k: float, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson: centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1−p)/n + z²/4n²), in %."""
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def row(sip: pd.DataFrame, unit: str, key: str) -> pd.Series:
    hit = sip[(sip["unit_id"] == unit) & (sip["key"] == key)]
    assert len(hit) == 1
    return hit.iloc[0]


@pytest.fixture
def sip() -> pd.DataFrame:
    return cd.sipas_index(answers(), QUESTIONS)


def test_columns_and_levels(sip):
    assert list(sip.columns) == ["year", "unit_id", "level", "key", "rate", "n", "low", "high", "break"]
    u1 = sip[sip["unit_id"] == "U1"]
    assert list(zip(u1["level"], u1["key"])) == [("index", "index"), ("component", A), ("component", B),
                                                 ("question", "Q1"), ("question", "Q2"), ("question", "Q3")]


def test_question_rates_count_4_and_5_over_valid_answers(sip):
    # Q1: 5, 3, 4, 4 → 3 satisfied of 4 valid = 75.0. Q2: 4, blank, 5, 1 → 2 of 3 = 66.67 (blank left out).
    # Q3: 2, 4, blank, blank → 1 of 2 = 50.0. A rule counting 3 as satisfied gives 100, 66.67, 50.
    assert row(sip, "U1", "Q1")[["rate", "n"]].tolist() == [75.0, 4]
    assert row(sip, "U1", "Q2")["rate"] == pytest.approx(200 / 3) and row(sip, "U1", "Q2")["n"] == 3
    assert row(sip, "U1", "Q3")[["rate", "n"]].tolist() == [50.0, 2]


def test_wilson_interval_of_three_out_of_four(sip):
    # p = 0.75, n = 4, z² = 3.8415: centre = (0.75 + 0.4802) / 1.9604 = 0.6275,
    # half = 0.9998 × √(0.046875 + 0.060023) = 0.3269 → 30.06 … 95.44 (the textbook values).
    q1 = row(sip, "U1", "Q1")
    assert (q1["low"], q1["high"]) == pytest.approx((30.06, 95.44), abs=0.01)
    assert (q1["low"], q1["high"]) == pytest.approx(by_hand_wilson(3, 4))
    q3 = row(sip, "U1", "Q3")
    assert (q3["low"], q3["high"]) == pytest.approx(by_hand_wilson(1, 2))


def test_components_and_index_are_means_with_respondent_counts(sip):
    # A = (75 + 66.667) / 2 = 70.833, n = 4 respondents with a valid answer in A (r1, r2 via Q1, r3, r4).
    # B = Q3 = 50.0, n = 2 (r1, r2). Index = (70.833 + 50) / 2 = 60.417, n = 4.
    a, b, index = row(sip, "U1", A), row(sip, "U1", B), row(sip, "U1", "index")
    assert a["rate"] == pytest.approx(425 / 6) and a["n"] == 4
    assert b["rate"] == 50.0 and b["n"] == 2
    assert index["rate"] == pytest.approx(725 / 12) and index["n"] == 4
    # The interval is Wilson's at the component's rate with n respondents: 70.833 % of 4 = 2.8333 "successes".
    assert (a["low"], a["high"]) == pytest.approx(by_hand_wilson(425 / 6 / 100 * 4, 4))
    assert (index["low"], index["high"]) == pytest.approx(by_hand_wilson(725 / 12 / 100 * 4, 4))


def test_n_zero_has_no_rate_and_no_interval(sip):
    # U2 answered Q1 (5) only: Q2 and Q3 have n = 0 → NaN; B has no question with an answer → NaN, n = 0;
    # A = Q1 = 100, the index = the mean of the components with a rate = 100, n = 1.
    q2, b = row(sip, "U2", "Q2"), row(sip, "U2", B)
    assert q2["n"] == 0 and np.isnan(q2["rate"]) and np.isnan(q2["low"]) and np.isnan(q2["high"])
    assert b["n"] == 0 and np.isnan(b["rate"]) and np.isnan(b["low"])
    assert row(sip, "U2", A)["rate"] == 100.0
    assert row(sip, "U2", "index")[["rate", "n"]].tolist() == [100.0, 1]
    low, high = by_hand_wilson(1, 1)  # 1 of 1: 20.65 … 100
    assert (row(sip, "U2", "Q1")["low"], row(sip, "U2", "Q1")["high"]) == pytest.approx((low, high))
    assert low == pytest.approx(20.65, abs=0.01)


def test_component_weights():
    # {A: 3, B: 1}: (3 × 70.833 + 50) / 4 = 65.625. A zero weight drops a component: B alone = 50.
    sip = cd.sipas_index(answers(), QUESTIONS, weights={A: 3, B: 1})
    assert row(sip, "U1", "index")["rate"] == pytest.approx(65.625)
    assert row(cd.sipas_index(answers(), QUESTIONS, weights={A: 0, B: 1}), "U1", "index")["rate"] == 50.0


def test_respondent_level_mean():
    # Shares per respondent — A: r1 2/2, r2 0/1, r3 2/2, r4 1/2 → mean 0.625 = 62.5; B: r1 0/1, r2 1/1 → 50.0.
    # All questions: r1 2/3, r2 1/2, r3 2/2, r4 1/2 → (0.6667 + 0.5 + 1 + 0.5) / 4 = 66.667.
    sip = cd.sipas_index(answers(), QUESTIONS, method="respondents")
    assert row(sip, "U1", A)["rate"] == pytest.approx(62.5)
    assert row(sip, "U1", B)["rate"] == pytest.approx(50.0)
    assert row(sip, "U1", "index")["rate"] == pytest.approx(200 / 3)
    assert row(sip, "U1", "Q1")["rate"] == 75.0  # question rates do not depend on the method


def test_a_dataset_is_accepted_in_place_of_both_frames(five_units):
    ds = cd.Dataset(methodology=five_units.methodology, units=five_units.units, scores=five_units.scores,
                    sipas_questions=QUESTIONS, sipas_answers=answers([r for r in ROWS if r[0] == "U1"]))
    assert row(cd.sipas_index(ds), "U1", "index")["rate"] == pytest.approx(725 / 12)


def test_wilson_edges():
    low, high = wilson(np.array([0.0, 5.0, 0.0]), np.array([5, 5, 0]))
    assert low[0] == 0.0 and high[1] == 100.0 and np.isnan(low[2]) and np.isnan(high[2])
    assert (low[0], high[0]) == pytest.approx(by_hand_wilson(0, 5))


def test_the_2022_questionnaire_change_is_a_break():
    qs = pd.concat([QUESTIONS.assign(year=y) for y in (2020, 2021)] +
                   [pd.DataFrame({"year": y, "question_id": ["Q15", "Q16"], "component": [A, B], "text": ""})
                    for y in (2022, 2023)], ignore_index=True)
    assert break_years(qs) == [2022]
    rows = pd.concat([answers([("U1", "r1", "Q1", 5)], y) for y in (2020, 2021)]
                     + [answers([("U1", "r1", "Q15", 5)], y) for y in (2022, 2023)])
    sip = cd.sipas_index(rows, qs)
    idx = sip[sip["level"] == "index"]
    assert dict(zip(idx["year"], idx["break"])) == {2020: False, 2021: False, 2022: True, 2023: False}
    # Same questionnaire throughout, but 2022 is the national method change: still a break.
    same = pd.concat([QUESTIONS.assign(year=y) for y in (2021, 2022)])
    assert break_years(same) == [2022] and break_years(QUESTIONS.assign(year=2022)) == []


def test_not_distinguishable_when_the_interval_holds_the_group_mean():
    # Three units of one group on Q1: 1/1 (100), 3/4 (75), 0/1 (0) → group mean 58.33.
    # U1 3/4: 30.06 … 95.44 holds 58.33 → not distinguishable. U3 0/1: 0 … 79.35 → holds it too.
    rows = [("U1", f"r{i}", "Q1", a) for i, a in enumerate([5, 3, 4, 4])] + [("U2", "r1", "Q1", 5), ("U3", "r1", "Q1", 1)]
    rows += [(u, "r1", "Q2", 5) for u in ("U1", "U2", "U3")] + [(u, "r1", "Q3", 5) for u in ("U1", "U2", "U3")]
    sip = cd.sipas_index(answers(rows), QUESTIONS)
    units = pd.DataFrame({"unit_id": ["U1", "U2", "U3"], "group": "G"})
    q1 = versus_group(sip, units).query("key == 'Q1'").set_index("unit_id")
    assert q1["group_mean"].iloc[0] == pytest.approx(175 / 3)
    assert not q1.loc["U1", "distinguishable"] and not q1.loc["U3", "distinguishable"]
    # With 200 respondents at 75 % against a group at 58.33 the interval (68.6 … 80.5) excludes it.
    many = [("U1", f"r{i}", "Q1", 5 if i % 4 else 2) for i in range(200)]
    big = cd.sipas_index(answers(many + rows[4:]), QUESTIONS)
    q1 = versus_group(big, units).query("key == 'Q1'").set_index("unit_id")
    assert q1.loc["U1", "rate"] == 75.0 and q1.loc["U1", "distinguishable"]


def test_likert_shares_of_one_unit():
    # U1 Q1: 5, 3, 4, 4 → shares of 1…5 = 0, 0, 25, 50, 25; Q2: 4, 5, 1 (one blank) → 33.3 each of 1, 4, 5.
    shares = likert_shares(answers(), QUESTIONS, 2023, "U1").set_index(["question_id", "answer"])
    assert shares.loc["Q1", "share"].tolist() == [0.0, 0.0, 25.0, 50.0, 25.0]
    assert shares.loc["Q2", "share"].tolist() == pytest.approx([100 / 3, 0, 0, 100 / 3, 100 / 3])
    assert shares.loc[("Q2", 1), "blanks"] == 1 and shares.loc[("Q3", 1), "component"] == B


def test_par_vs_sipas_ranks_among_units_with_both():
    results = pd.DataFrame({"year": 2023, "group": "G", "unit_id": ["U1", "U2", "U3"], "unit_name": ["Một", "Hai", "Ba"],
                            "index": [90.0, 80.0, 70.0]})
    sip = pd.DataFrame({"year": 2023, "unit_id": ["U1", "U2", "U3"], "level": "index", "key": "index",
                        "rate": [60.0, 95.0, 80.0], "n": 10, "low": 0.0, "high": 100.0, "break": False})
    out = par_vs_sipas(results, sip, pd.DataFrame({"unit_id": ["U1", "U2", "U3"], "group": "G"}), 2023, "G").set_index("unit_id")
    assert out.loc["U1", ["par_rank", "sipas_rank", "rank_of"]].tolist() == [1, 3, 3]  # "PAR 1/3, SIPAS 3/3"
    assert out.loc["U2", ["par_rank", "sipas_rank"]].tolist() == [2, 1]


def test_bad_input_is_refused_with_row_and_column():
    bad = answers(ROWS + [("U1", "r5", "Q1", 0),      # row 15: below the scale
                          ("U1", "r5", "Q2", 7),      # row 16: above it
                          ("U1", "r5", "Q3", "tốt"),  # row 17: text
                          ("U1", "r6", "Q1", 4.5),    # row 18: not a whole answer
                          ("U1", "r6", "Q9", 4),      # row 19: not in the 2023 questionnaire
                          ("U1", "r1", "Q1", 4),      # row 20: r1 answered Q1 already
                          (None, "r7", "Q1", 4)])     # row 21: no unit
    with pytest.raises(cd.ValidationError) as err:
        cd.sipas_index(bad, QUESTIONS)
    where = {(p.row, p.column) for p in err.value.problems}
    assert where == {(15, "answer"), (16, "answer"), (17, "answer"), (18, "answer"), (19, "question_id"),
                     (20, "question_id"), (21, "unit_id")}


def test_bad_options_are_refused():
    with pytest.raises(cd.ValidationError, match="unknown method"):
        cd.sipas_index(answers(), QUESTIONS, method="median")
    with pytest.raises(cd.ValidationError, match="not in the questionnaire"):
        cd.sipas_index(answers(), QUESTIONS, weights={"Kết quả": 1})
    with pytest.raises(cd.ValidationError, match="non-negative"):
        cd.sipas_index(answers(), QUESTIONS, weights={A: -1})
    with pytest.raises(cd.ValidationError, match="questionnaire is missing"):
        cd.sipas_index(answers())


def test_no_answers_gives_an_empty_frame():
    out = cd.sipas_index(answers([]), QUESTIONS)
    assert out.empty and list(out.columns) == ["year", "unit_id", "level", "key", "rate", "n", "low", "high", "break"]


def test_the_demo_unit_rate_matches_plain_pandas():
    """One demo question by plain pandas on the CSV: 4–5 over non-blank answers."""
    ds = cd.load_sample()
    raw = pd.read_csv(cd.io.sample.SAMPLE_DIR / "sipas_answers.csv")
    part = raw[(raw["year"] == 2024) & (raw["unit_id"] == "S03") & (raw["question_id"] == "Q15")]["answer"].dropna()
    sip = cd.sipas_index(ds)
    got = sip[(sip["year"] == 2024) & (sip["unit_id"] == "S03") & (sip["key"] == "Q15")].iloc[0]
    assert got["rate"] == pytest.approx((part >= 4).sum() / len(part) * 100) and got["n"] == len(part)
    assert 150 < len(part) <= 200
