"""SIPAS rates, components, index and Wilson intervals (cchc_dash/analyses/sipas.py) against hand computation.

The frames are typed below; every expected number is worked out by hand in the comments
(the Wilson bounds from Newcombe's published table or worked out step by step with z = 1.96), never
taken from the package.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses.sipas import (
    aggregate,
    break_years,
    index_ranks,
    likert_shares,
    par_vs_sipas,
    validated,
    versus_group,
    wilson,
)
from cchc_dash.io.csv_folder import SAMPLE_DIR

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
    return pd.DataFrame(
        [(year, *r) for r in rows], columns=["year", "unit_id", "respondent_id", "question_id", "answer"]
    )


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
    assert list(zip(u1["level"], u1["key"])) == [
        ("index", "index"),
        ("component", A),
        ("component", B),
        ("question", "Q1"),
        ("question", "Q2"),
        ("question", "Q3"),
    ]


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
    # 1 of 2: p = 0.5, 1 + z²/n = 2.9207: centre = (0.5 + 0.9604) / 2.9207 = 0.5,
    # half = 0.6711 × √(0.125 + 0.2401) = 0.4055 → 9.45 … 90.55.
    q3 = row(sip, "U1", "Q3")
    assert (q3["low"], q3["high"]) == pytest.approx((9.45, 90.55), abs=0.01)


@pytest.mark.parametrize(
    "k,n,low,high",
    [
        # Newcombe, R. G. (1998), "Two-sided confidence intervals for the single proportion: comparison of
        # seven methods", Statistics in Medicine 17, 857–872, Table II, method 3 (Wilson's score interval,
        # Wilson 1927, without continuity correction): its four worked examples, 95 %.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_intervals_as_published(k, n, low, high):
    lows, highs = wilson(np.array([float(k)]), np.array([n]))
    assert (lows[0], highs[0]) == pytest.approx((100 * low, 100 * high), abs=0.005)


def test_components_and_index_are_means_with_respondent_counts(sip):
    # A = (75 + 66.667) / 2 = 70.833, n = 4 respondents with a valid answer in A (r1, r2 via Q1, r3, r4).
    # B = Q3 = 50.0, n = 2 (r1, r2). Index = (70.833 + 50) / 2 = 60.417, n = 4.
    a, b, index = row(sip, "U1", A), row(sip, "U1", B), row(sip, "U1", "index")
    assert a["rate"] == pytest.approx(425 / 6) and a["n"] == 4
    assert b["rate"] == 50.0 and b["n"] == 2
    assert index["rate"] == pytest.approx(725 / 12) and index["n"] == 4
    # The interval is Wilson's at the component's rate with n respondents (70.833 % of 4 = 2.8333 "successes"):
    # p = 0.70833, 1 + z²/n = 1.9604: centre = (0.70833 + 0.48018) / 1.9604 = 0.6063,
    # half = 0.9998 × √(0.70833 × 0.29167 / 4 + 0.060023) = 0.9998 × √0.111672 = 0.3341 → 27.22 … 94.04.
    assert (a["low"], a["high"]) == pytest.approx((27.22, 94.04), abs=0.01)
    # The index, p = 0.60417: centre = (0.60417 + 0.48018) / 1.9604 = 0.5531,
    # half = 0.9998 × √(0.60417 × 0.39583 / 4 + 0.060023) = 0.9998 × √0.119810 = 0.3461 → 20.71 … 89.92.
    assert (index["low"], index["high"]) == pytest.approx((20.71, 89.92), abs=0.01)


def test_n_zero_has_no_rate_and_no_interval(sip):
    # U2 answered Q1 (5) only: Q2 and Q3 have n = 0 → NaN; B has no question with an answer → NaN, n = 0;
    # A = Q1 = 100, the index = the mean of the components with a rate = 100, n = 1.
    q2, b = row(sip, "U2", "Q2"), row(sip, "U2", B)
    assert q2["n"] == 0 and np.isnan(q2["rate"]) and np.isnan(q2["low"]) and np.isnan(q2["high"])
    assert b["n"] == 0 and np.isnan(b["rate"]) and np.isnan(b["low"])
    assert row(sip, "U2", A)["rate"] == 100.0
    assert row(sip, "U2", "index")[["rate", "n"]].tolist() == [100.0, 1]
    # 1 of 1: 1 + z²/n = 4.8415, centre = (1 + 1.9207) / 4.8415 = 0.6033, half = 0.4048 × √0.9604 = 0.3967
    # → 20.65 … 100.
    assert (row(sip, "U2", "Q1")["low"], row(sip, "U2", "Q1")["high"]) == pytest.approx((20.65, 100.0), abs=0.01)


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
    ds = cd.Dataset(
        methodology=five_units.methodology,
        units=five_units.units,
        scores=five_units.scores,
        sipas_questions=QUESTIONS,
        sipas_answers=answers([r for r in ROWS if r[0] == "U1"]),
    )
    assert row(cd.sipas_index(ds), "U1", "index")["rate"] == pytest.approx(725 / 12)


def test_wilson_edges():
    low, high = wilson(np.array([0.0, 5.0, 0.0]), np.array([5, 5, 0]))
    assert low[0] == 0.0 and high[1] == 100.0 and np.isnan(low[2]) and np.isnan(high[2])
    # 0 of 5: centre = half = (3.8415 / 10) / 1.7683 = 0.2172 → 0 … 43.45.
    assert (low[0], high[0]) == pytest.approx((0.0, 43.45), abs=0.01)


def test_the_2022_questionnaire_change_is_a_break():
    qs = pd.concat(
        [QUESTIONS.assign(year=y) for y in (2020, 2021)]
        + [
            pd.DataFrame({"year": y, "question_id": ["Q15", "Q16"], "component": [A, B], "text": ""})
            for y in (2022, 2023)
        ],
        ignore_index=True,
    )
    assert break_years(qs) == [2022]
    rows = pd.concat(
        [answers([("U1", "r1", "Q1", 5)], y) for y in (2020, 2021)]
        + [answers([("U1", "r1", "Q15", 5)], y) for y in (2022, 2023)]
    )
    sip = cd.sipas_index(rows, qs)
    idx = sip[sip["level"] == "index"]
    assert dict(zip(idx["year"], idx["break"])) == {2020: False, 2021: False, 2022: True, 2023: False}
    # Same questionnaire throughout, but 2022 is the national method change: still a break.
    same = pd.concat([QUESTIONS.assign(year=y) for y in (2021, 2022)])
    assert break_years(same) == [2022] and break_years(QUESTIONS.assign(year=2022)) == []


def test_not_distinguishable_when_the_interval_holds_the_group_mean():
    # Three units of one group on Q1: 1/1 (100), 3/4 (75), 0/1 (0) → group mean 58.33.
    # U1 3/4: 30.06 … 95.44 holds 58.33 → not distinguishable. U3 0/1: 0 … 79.35 → holds it too.
    rows = [("U1", f"r{i}", "Q1", a) for i, a in enumerate([5, 3, 4, 4])] + [
        ("U2", "r1", "Q1", 5),
        ("U3", "r1", "Q1", 1),
    ]
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
    results = pd.DataFrame(
        {
            "year": 2023,
            "group": "G",
            "unit_id": ["U1", "U2", "U3"],
            "unit_name": ["Một", "Hai", "Ba"],
            "index": [90.0, 80.0, 70.0],
        }
    )
    sip = pd.DataFrame(
        {
            "year": 2023,
            "unit_id": ["U1", "U2", "U3"],
            "level": "index",
            "key": "index",
            "rate": [60.0, 95.0, 80.0],
            "n": 10,
            "low": 0.0,
            "high": 100.0,
            "break": False,
        }
    )
    out = par_vs_sipas(results, sip, pd.DataFrame({"unit_id": ["U1", "U2", "U3"], "group": "G"}), 2023, "G").set_index(
        "unit_id"
    )
    assert out.loc["U1", ["par_rank", "sipas_rank", "rank_of"]].tolist() == [1, 3, 3]  # "PAR 1/3, SIPAS 3/3"
    assert out.loc["U2", ["par_rank", "sipas_rank"]].tolist() == [2, 1]


def test_bad_input_is_refused_with_row_and_column():
    bad = answers(
        ROWS
        + [
            ("U1", "r5", "Q1", 0),  # row 15: below the scale
            ("U1", "r5", "Q2", 7),  # row 16: above it
            ("U1", "r5", "Q3", "tốt"),  # row 17: text
            ("U1", "r6", "Q1", 4.5),  # row 18: not a whole answer
            ("U1", "r6", "Q9", 4),  # row 19: not in the 2023 questionnaire
            ("U1", "r1", "Q1", 4),  # row 20: r1 answered Q1 already
            (None, "r7", "Q1", 4),
        ]
    )  # row 21: no unit
    with pytest.raises(cd.ValidationError) as err:
        cd.sipas_index(bad, QUESTIONS)
    where = {(p.row, p.column) for p in err.value.problems}
    assert where == {
        (15, "answer"),
        (16, "answer"),
        (17, "answer"),
        (18, "answer"),
        (19, "question_id"),
        (20, "question_id"),
        (21, "unit_id"),
    }


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
    raw = pd.read_csv(SAMPLE_DIR / "sipas_answers.csv")
    part = raw[(raw["year"] == 2024) & (raw["unit_id"] == "S03") & (raw["question_id"] == "Q15")]["answer"].dropna()
    sip = cd.sipas_index(ds)
    got = sip[(sip["year"] == 2024) & (sip["unit_id"] == "S03") & (sip["key"] == "Q15")].iloc[0]
    assert got["rate"] == pytest.approx((part >= 4).sum() / len(part) * 100) and got["n"] == len(part)
    assert 150 < len(part) <= 200


# A second survey, 2024, built to reach the corners: the answers do not come in questionnaire order
# (Q11 first, and "Q10" < "Q9" as text), U1's r3 left every question blank, and U2 was asked Q9 only
# (no row at all for Q10, Q11, so no component B for U2) and left it blank.
Q24 = pd.DataFrame(
    {"year": 2024, "question_id": ["Q9", "Q10", "Q11"], "component": [A, A, B], "text": ["Thủ tục", "Phí", "Thái độ"]}
)
ROWS24 = [
    ("U1", "r1", "Q11", 5),
    ("U1", "r1", "Q9", 4),
    ("U1", "r1", "Q10", 2),
    ("U1", "r2", "Q11", 3),
    ("U1", "r2", "Q9", 5),
    ("U1", "r2", "Q10", 5),
    ("U1", "r3", "Q11", None),
    ("U1", "r3", "Q9", None),
    ("U1", "r3", "Q10", None),
    ("U1", "r4", "Q11", 4),
    ("U1", "r4", "Q9", 1),
    ("U1", "r4", "Q10", None),
    ("U2", "r1", "Q9", None),
]


def test_rows_follow_the_questionnaire_and_list_only_what_was_asked():
    # Questionnaire order Q9, Q10, Q11 — not the answers' order (Q11, Q9, Q10) nor the text order.
    # U2 was asked Q9 only: no Q10/Q11 rows and no component B row for it.
    sip = cd.sipas_index(answers(ROWS24, 2024), Q24)
    assert list(zip(sip["unit_id"], sip["key"])) == [
        ("U1", "index"),
        ("U1", A),
        ("U1", B),
        ("U1", "Q9"),
        ("U1", "Q10"),
        ("U1", "Q11"),
        ("U2", "index"),
        ("U2", A),
        ("U2", "Q9"),
    ]
    assert sip.index.tolist() == list(range(9))
    assert sip["n"].dtype == np.int64 and sip["rate"].dtype == np.float64 and sip["year"].tolist() == [2024] * 9


def test_a_respondent_who_answered_nothing_is_not_counted():
    # U1 — Q9: 4, 5, blank, 1 → 2 of 3 = 66.667; Q10: 2, 5, blank, blank → 1 of 2 = 50; Q11: 5, 3, blank, 4 → 2 of 3.
    # A = (66.667 + 50) / 2 = 58.333 and B = 66.667, each with n = 3 (r1, r2, r4: r3 answered nothing);
    # index = (58.333 + 66.667) / 2 = 62.5 with n = 3, not 4.
    sip = cd.sipas_index(answers(ROWS24, 2024), Q24)
    assert row(sip, "U1", "Q9")["rate"] == pytest.approx(200 / 3) and row(sip, "U1", "Q9")["n"] == 3
    assert row(sip, "U1", "Q10")[["rate", "n"]].tolist() == [50.0, 2]
    assert row(sip, "U1", A)["rate"] == pytest.approx(175 / 3) and row(sip, "U1", A)["n"] == 3
    assert row(sip, "U1", B)["rate"] == pytest.approx(200 / 3) and row(sip, "U1", B)["n"] == 3
    index = row(sip, "U1", "index")
    assert index["rate"] == pytest.approx(62.5) and index["n"] == 3
    # Wilson at p = 0.625, n = 3: z² = 3.8415, z²/n = 1.2805, 1 + z²/n = 2.2805;
    # centre = (0.625 + 3.8415/6) / 2.2805 = (0.625 + 0.6402) / 2.2805 = 0.5548;
    # half = 1.96/2.2805 × √(0.625 × 0.375/3 + 3.8415/36) = 0.8594 × √(0.078125 + 0.106708) = 0.3695
    # → 18.53 … 92.43.
    assert (index["low"], index["high"]) == pytest.approx((18.53, 92.43), abs=0.01)
    # U2's only respondent left Q9 blank: Q9, A and the index have n = 0 and no rate, no interval.
    for key in ("Q9", A, "index"):
        r = row(sip, "U2", key)
        assert r["n"] == 0 and np.isnan(r["rate"]) and np.isnan(r["low"]) and np.isnan(r["high"])


def test_respondent_level_mean_leaves_out_who_answered_nothing():
    # Shares — A: r1 1/2 (Q9 4, Q10 2), r2 2/2, r4 0/1 (Q9 1) → (0.5 + 1 + 0) / 3 = 50.0;
    # B: r1 1/1, r2 0/1, r4 1/1 → 66.667; all questions: r1 2/3, r2 2/3, r4 1/2 → (11/6) / 3 = 61.111.
    # r3 (nothing answered) is in none of these means, and n = 3 everywhere.
    sip = cd.sipas_index(answers(ROWS24, 2024), Q24, method="respondents")
    assert row(sip, "U1", A)[["rate", "n"]].tolist() == [50.0, 3]
    assert row(sip, "U1", B)["rate"] == pytest.approx(200 / 3)
    assert row(sip, "U1", "index")["rate"] == pytest.approx(1100 / 18) and row(sip, "U1", "index")["n"] == 3
    assert np.isnan(row(sip, "U2", "index")["rate"]) and np.isnan(row(sip, "U2", A)["rate"])
    # Wilson at p = 0.5, n = 3 for A: centre = (0.5 + 0.6402) / 2.2805 = 0.5;
    # half = 0.8594 × √(0.25/3 + 0.106708) = 0.8594 × √0.190041 = 0.3747 → 12.53 … 87.47.
    a = row(sip, "U1", A)
    assert (a["low"], a["high"]) == pytest.approx((12.53, 87.47), abs=0.01)


def test_a_component_left_out_of_the_weights_counts_zero():
    # weights={A: 1}: B has weight 0, so the index is A alone = 58.333 (equal weights would give 62.5).
    sip = cd.sipas_index(answers(ROWS24, 2024), Q24, weights={A: 1})
    assert row(sip, "U1", "index")["rate"] == pytest.approx(175 / 3)


def test_rates_with_no_answer_raise_no_warning():
    # n = 0 gives NaN on purpose; it must not print a RuntimeWarning into a notebook or the CLI's output.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method in ("components", "respondents"):
            cd.sipas_index(answers(ROWS24, 2024), Q24, method=method)
        low, high = wilson(np.array([0.0]), np.array([0.0]))
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_wilson_bounds_stay_inside_0_and_100():
    # All 16 satisfied: centre + half = (1 + z²/2n + z·z/2n) / (1 + z²/n) = 1 exactly, so the high bound
    # is 100 — computed in floats it comes out a hair above 1 for n = 16, and must still read 100.
    # None of 27 satisfied: centre − half = (z²/2n − z·z/2n) / (1 + z²/n) = 0, and must read 0, not −0.0…01.
    low, high = wilson(np.array([16.0, 0.0]), np.array([16, 27]))
    assert high[0] == 100.0 and low[1] == 0.0
    # The other bounds: 16 of 16 → centre = (1 + 0.1201) / 1.2401 = 0.9032, half = 0.0968 → 80.64;
    # 0 of 27 → centre = 0.0712 / 1.1423 = 0.0623 = half → high 12.46.
    assert (low[0], high[1]) == pytest.approx((80.64, 12.46), abs=0.01)


def test_validated_frames_give_the_default_aggregation():
    # validated() then aggregate() with its defaults (components, equal weights) = sipas_index: U1's index 60.417.
    a, q = validated(answers(), QUESTIONS)
    assert len(a) == len(ROWS) and q["question_id"].tolist() == ["Q1", "Q2", "Q3"]
    assert row(aggregate(a, q), "U1", "index")["rate"] == pytest.approx(725 / 12)
    with pytest.raises(cd.ValidationError) as err:
        validated(answers().drop(columns="unit_id"), QUESTIONS)
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems] == [
        ("sipas_answers", None, "unit_id", "thiếu cột 'unit_id'", "missing column 'unit_id'")
    ]


def test_no_answers_gives_typed_empty_columns():
    # Rates and bounds stay numbers and ids stay text, so an empty selection sorts and formats like a full one.
    out = cd.sipas_index(answers([]), QUESTIONS)
    assert [str(out[c].dtype) for c in ("rate", "low", "high", "unit_id", "key")] == ["float64"] * 3 + ["object"] * 2


def problems_of(err: pytest.ExceptionInfo) -> list[tuple]:
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


def test_every_refused_option_is_named_word_for_word():
    with pytest.raises(cd.ValidationError) as err:
        cd.sipas_index(answers(), QUESTIONS, method="median", weights={"Kết quả": 1, A: -1, B: float("nan")})
    assert problems_of(err) == [
        (
            "method",
            None,
            None,
            "phương pháp 'median' không có; chọn một trong ('components', 'respondents')",
            "unknown method 'median'; use one of ('components', 'respondents')",
        ),
        (
            "weights",
            None,
            None,
            "yếu tố 'Kết quả' không có trong bộ câu hỏi",
            "component 'Kết quả' is not in the questionnaire",
        ),
        (
            "weights",
            None,
            None,
            f"trọng số của '{A}' phải là số không âm",
            f"the weight of '{A}' must be a non-negative number",
        ),
        (
            "weights",
            None,
            None,
            f"trọng số của '{B}' phải là số không âm",
            f"the weight of '{B}' must be a non-negative number",
        ),
    ]


def test_bare_frames_are_refused_with_their_source_row_and_column():
    with pytest.raises(cd.ValidationError) as err:
        cd.sipas_index(answers())
    assert problems_of(err) == [
        ("sipas_questions", None, None, "thiếu bộ câu hỏi SIPAS", "the SIPAS questionnaire is missing")
    ]
    # A blank component at position 1 of the questionnaire and an answer 7 at position 2 of the answers
    # (an in-memory frame names the row by its position).
    qs = QUESTIONS.assign(component=[A, None, B])
    bad = answers([("U1", "r1", "Q1", 5), ("U1", "r1", "Q2", 4), ("U1", "r1", "Q3", 7)])
    with pytest.raises(cd.ValidationError) as err:
        cd.sipas_index(bad, qs)
    assert problems_of(err) == [
        ("sipas_questions", 1, "component", "ô Yếu tố trống", "the Yếu tố (component) cell is blank"),
        ("sipas_answers", 2, "answer", "câu trả lời 7 không thuộc thang 1–5", "answer 7 is not on the 1–5 scale"),
    ]


def test_a_question_added_then_one_dropped_then_one_moved_are_three_breaks():
    # 2023 {Q1/A}; 2024 adds Q2 → break; 2025 drops Q1 → break; 2026 moves Q2 to B → break; 2027 as 2026 → none.
    qs = pd.DataFrame(
        [(2023, "Q1", A), (2024, "Q1", A), (2024, "Q2", A), (2025, "Q2", A), (2026, "Q2", B), (2027, "Q2", B)],
        columns=["year", "question_id", "component"],
    )
    assert break_years(qs) == [2024, 2025, 2026]


def index_rows(rates: dict[tuple[int, str], float]) -> pd.DataFrame:
    """A SIPAS frame of index rows typed by hand (the interval does not matter to ranks)."""
    return pd.DataFrame(
        [(y, u, "index", "index", r, 10, 0.0, 100.0, False) for (y, u), r in rates.items()],
        columns=["year", "unit_id", "level", "key", "rate", "n", "low", "high", "break"],
    )


def test_index_ranks_share_ties_and_skip_units_without_a_rate():
    # 2023, group G: U1 80 and U3 80 share rank 1, U2 70 is 3rd, U4 has no rate (n = 0): no rank, and
    # "of 3" counts only the ranked. H: U5 alone, 1 of 1. U6 is not in the unit list: kept, no group,
    # ranked alone. 2024 is ranked apart: U2 95 first, U1 90 second of 2.
    # The frame carries the group column versus_group() added, with stale values: the unit list wins.
    sip = index_rows(
        {
            (2023, "U1"): 80.0,
            (2023, "U2"): 70.0,
            (2023, "U3"): 80.0,
            (2023, "U4"): np.nan,
            (2023, "U5"): 60.0,
            (2023, "U6"): 50.0,
            (2024, "U1"): 90.0,
            (2024, "U2"): 95.0,
        }
    )
    sip = pd.concat([sip.assign(group="cũ"), sip.assign(level="component", key=A, rate=1.0, group="cũ")])
    units = pd.DataFrame({"unit_id": ["U1", "U2", "U3", "U4", "U5"], "group": ["G", "G", "G", "G", "H"]})
    out = index_ranks(sip, units)
    assert list(out.columns) == ["year", "unit_id", "group", "sipas", "sipas_rank", "sipas_rank_of"]
    assert str(out["sipas_rank"].dtype) == "Int64"
    got = {
        (y, u): (g if isinstance(g, str) else None, None if pd.isna(r) else int(r), int(k))
        for y, u, g, r, k in zip(out["year"], out["unit_id"], out["group"], out["sipas_rank"], out["sipas_rank_of"])
    }
    assert got == {
        (2023, "U1"): ("G", 1, 3),
        (2023, "U2"): ("G", 3, 3),
        (2023, "U3"): ("G", 1, 3),
        (2023, "U4"): ("G", None, 3),
        (2023, "U5"): ("H", 1, 1),
        (2023, "U6"): (None, 1, 1),
        (2024, "U1"): ("G", 2, 2),
        (2024, "U2"): ("G", 1, 2),
    }
    assert out.set_index(["year", "unit_id"]).loc[(2023, "U3"), "sipas"] == 80.0


def test_versus_group_interval_touching_the_mean_is_not_distinguishable():
    # G: U1 80 [60, 90] and U2 40 [20, 60] → group mean 60 (U7, n = 0, is left out of the mean).
    # U1's low bound is exactly 60 and U2's high bound is exactly 60: the closed interval holds the mean → not
    # distinguishable. H: U4 90 [85, 95] and U5 50 [45, 55] → mean 70, outside both → distinguishable.
    # U6 is not in the unit list: kept with no group, its "group" is itself (mean 30) → not distinguishable.
    sip = pd.DataFrame(
        [
            ("U1", 80.0, 60.0, 90.0),
            ("U2", 40.0, 20.0, 60.0),
            ("U7", np.nan, np.nan, np.nan),
            ("U4", 90.0, 85.0, 95.0),
            ("U5", 50.0, 45.0, 55.0),
            ("U6", 30.0, 10.0, 50.0),
        ],
        columns=["unit_id", "rate", "low", "high"],
    ).assign(year=2023, level="question", key="Q1", group="cũ")
    units = pd.DataFrame({"unit_id": ["U1", "U2", "U7", "U4", "U5"], "group": ["G", "G", "G", "H", "H"]})
    out = versus_group(sip, units).set_index("unit_id")
    assert out["group_mean"].to_dict() == {"U1": 60.0, "U2": 60.0, "U7": 60.0, "U4": 70.0, "U5": 70.0, "U6": 30.0}
    assert out["distinguishable"].to_dict() == {
        "U1": False,
        "U2": False,
        "U7": False,
        "U4": True,
        "U5": True,
        "U6": False,
    }
    assert out["group"].tolist()[:5] == ["G", "G", "G", "H", "H"] and pd.isna(out.loc["U6", "group"])


def test_par_vs_sipas_keeps_the_year_and_group_and_ranks_as_whole_numbers():
    # (2023, G) units with both figures: U1, U2, U3 (U4 has no SIPAS; U5 is in H; the 2024 row is another year).
    # PAR 90 > 80 > 70 → 1, 2, 3. SIPAS: U2 and U3 tie at 95 → both 1st, U1 (60) 3rd. Of 3 shown.
    results = pd.DataFrame(
        [
            (2023, "G", "U1", "Một", 90.0),
            (2023, "G", "U2", "Hai", 80.0),
            (2023, "G", "U3", "Ba", 70.0),
            (2023, "G", "U4", "Bốn", 75.0),
            (2023, "H", "U5", "Năm", 85.0),
            (2024, "G", "U1", "Một", 60.0),
        ],
        columns=["year", "group", "unit_id", "unit_name", "index"],
    )
    sip = index_rows(
        {(2023, "U1"): 60.0, (2023, "U2"): 95.0, (2023, "U3"): 95.0, (2023, "U5"): 70.0, (2024, "U1"): 50.0}
    ).assign(group="cũ")
    units = pd.DataFrame({"unit_id": ["U1", "U2", "U3", "U4", "U5"], "group": ["G", "G", "G", "G", "H"]})
    expected = pd.DataFrame(
        {
            "unit_id": ["U1", "U2", "U3"],
            "unit_name": ["Một", "Hai", "Ba"],
            "index": [90.0, 80.0, 70.0],
            "sipas": [60.0, 95.0, 95.0],
            "par_rank": np.array([1, 2, 3], dtype=np.int64),
            "sipas_rank": np.array([3, 1, 1], dtype=np.int64),
            "rank_of": np.array([3, 3, 3], dtype=np.int64),
        }
    )
    pd.testing.assert_frame_equal(par_vs_sipas(results, sip, units, 2023, "G"), expected)


def likert_table(shares: pd.DataFrame) -> dict[str, tuple]:
    """question → (component, counts of 1…5, shares of 1…5 rounded, blanks), NaN shares as None."""
    return {
        q: (
            part["component"].iloc[0],
            part["count"].tolist(),
            [None if np.isnan(s) else round(s, 2) for s in part["share"]],
            int(part["blanks"].iloc[0]),
        )
        for q, part in shares.groupby("question_id", sort=False)
    }


def test_likert_shares_list_every_answer_and_question_of_the_year():
    # U2 (2023) answered Q1 with 5 and left Q2, Q3 blank: Q1 is 1 of 1 = 100 % on 5 and 0 on 1–4 (none of
    # which U2 used); Q2 and Q3 have no valid answer: counts 0, shares undefined, one blank each.
    shares = likert_shares(answers(), QUESTIONS, 2023, "U2")
    assert likert_table(shares) == {
        "Q1": (A, [0, 0, 0, 0, 1], [0.0, 0.0, 0.0, 0.0, 100.0], 0),
        "Q2": (A, [0] * 5, [None] * 5, 1),
        "Q3": (B, [0] * 5, [None] * 5, 1),
    }
    assert [str(shares[c].dtype) for c in ("answer", "count", "share", "blanks")] == [
        "int64",
        "int64",
        "float64",
        "int64",
    ]
    # 2024 on validated frames, as the dashboard passes them, in questionnaire order Q9, Q10, Q11.
    # U1 — Q9: 4, 5, 1 (1 blank) → a third each on 1, 4, 5; Q10: 2, 5 (2 blanks) → half each; Q11: 5, 3, 4 (1 blank).
    # U2 was asked Q9 only and left it blank; Q10 and Q11 have no row for it: no answer and no blank.
    a, q = validated(answers(ROWS24, 2024), Q24)
    third = round(100 / 3, 2)
    assert likert_table(likert_shares(a, q, 2024, "U1")) == {
        "Q9": (A, [1, 0, 0, 1, 1], [third, 0.0, 0.0, third, third], 1),
        "Q10": (A, [0, 1, 0, 0, 1], [0.0, 50.0, 0.0, 0.0, 50.0], 2),
        "Q11": (B, [0, 0, 1, 1, 1], [0.0, 0.0, third, third, third], 1),
    }
    assert likert_table(likert_shares(a, q, 2024, "U2")) == {
        "Q9": (A, [0] * 5, [None] * 5, 1),
        "Q10": (A, [0] * 5, [None] * 5, 0),
        "Q11": (B, [0] * 5, [None] * 5, 0),
    }
