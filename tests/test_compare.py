"""compare.py: the comparison dashboard's logic, on hand-built frames and the sample."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash import compare

UNITS = pd.DataFrame({"unit_id": ["S03", "S12", "H01"],
                      "unit_name": ["Sở Tư pháp", "Sở Y tế", "UBND thành phố Minh An"]})


@pytest.mark.parametrize("query, expected", [
    ("so tu phap", ["S03"]), ("SỞ TƯ PHÁP", ["S03"]), ("tu", ["S03"]), ("sở", ["S03", "S12"]),
    ("minh an", ["H01"]), ("", ["S03", "S12", "H01"]), ("h01", ["H01"]), ("xyz", []),
    (unicodedata.normalize("NFD", "Sở Y"), ["S12"]),
])
def test_search_ignores_accents_and_case(query, expected):
    assert compare.search_units(UNITS, query) == expected


def trend_frame() -> pd.DataFrame:
    """S21 created in 2025 from S06 and S07; S03 with its own years; a break in 2022."""
    rows = [
        # series, unit, name, year, index, rank, rank_of, band, break, predecessor
        ("S03", "S03", "Sở Tư pháp", 2021, 80.0, 5, 20, "Tốt", False, False),
        ("S03", "S03", "Sở Tư pháp", 2022, 84.0, 4, 20, "Tốt", True, False),
        ("S03", "S03", "Sở Tư pháp", 2023, 91.0, 1, 20, "Xuất sắc", False, False),
        ("S21", "S06", "Sở NN&PTNT", 2024, 70.0, 18, 20, "Khá", False, True),
        ("S21", "S07", "Sở TN&MT", 2024, 80.0, 10, 20, "Tốt", False, True),
        ("S21", "S21", "Sở NN&MT", 2025, 86.0, 6, 17, "Tốt", False, False),
    ]
    return pd.DataFrame(rows, columns=["series_id", "unit_id", "unit_name", "year", "index", "rank", "rank_of",
                                       "band", "break", "predecessor"])


def test_change_table_own_years_and_breaks():
    table = compare.change_table(trend_frame(), 2021, 2025).set_index("series_id")
    s03 = table.loc["S03"]
    assert (s03.from_year, s03.to_year, s03.from_rank, s03.to_rank) == (2021, 2023, "5/20", "1/20")
    assert s03.change == pytest.approx(11.0)
    assert s03.breaks == 1 and not s03.from_predecessor


def test_change_table_merger_starts_from_predecessors():
    s21 = compare.change_table(trend_frame(), 2021, 2025).set_index("series_id").loc["S21"]
    assert s21.from_predecessor and s21.from_name == "Sở NN&PTNT; Sở TN&MT"
    assert np.isnan(s21.from_index) and np.isnan(s21.change)  # no single previous value after a merger
    assert s21.from_rank == "–" and s21.to_rank == "6/17"
    assert s21.from_band == "Khá; Tốt"


def test_reference_series_keeps_gaps_and_marks_the_sipas_break():
    ref = cd.load_reference()["national"]
    rows, missing = compare.reference_series(ref, (2019, 2024))
    par = rows[rows["series"] == "PAR INDEX bình quân các tỉnh"].set_index("year")["value_pct"]
    assert par.to_dict() == {2019: 81.15, 2023: 86.98, 2024: 88.37}
    assert missing["PAR INDEX bình quân các tỉnh"] == [2020, 2021, 2022]
    sipas = rows[rows["series"] == "SIPAS toàn quốc"].set_index("year")
    assert sipas.loc[2022, "value_pct"] == 80.08 and bool(sipas.loc[2022, "break"])
    assert not sipas.drop(2022)["break"].any()
    assert missing["SIPAS toàn quốc"] == [2021]
    assert rows["source"].str.startswith("http").all()


def test_threshold_steps_follow_each_years_scheme():
    ds = cd.load_sample()
    steps = compare.threshold_steps(ds, "Sở, ban, ngành", [2021, 2022])
    kha = steps[steps["label"] == "Khá"].set_index("year")["min_index"]
    assert kha.to_dict() == {2021: 65.0, 2022: 70.0}  # the demo province tightened Khá in 2022


def test_default_units_include_one_with_predecessors():
    ds = cd.load_sample()
    res = cd.compute(ds)
    chosen = compare.default_units(res, "Sở, ban, ngành")
    assert len(chosen) == 3
    successors = set(res["successor_id"].dropna())
    assert sum(u in successors for u in chosen) == 1
    best_2025 = res[(res["year"] == 2025) & (res["group"] == "Sở, ban, ngành")].sort_values("index")["unit_id"].iloc[-1]
    assert chosen[0] == best_2025


def test_group_mean_and_break_years():
    ds = cd.load_sample()
    res = cd.compute(ds)
    means = compare.group_mean(res, "UBND cấp huyện", (2019, 2025))
    assert means["year"].tolist() == list(range(2019, 2025))  # no district level in 2025
    hand = res[(res["group"] == "UBND cấp huyện") & (res["year"] == 2020)]["index"].mean()
    assert means.set_index("year").loc[2020, "value_pct"] == pytest.approx(hand)
    assert compare.break_years(cd.trends(res, units=["S03"])) == [2022]
