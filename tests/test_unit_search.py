"""search.py: accent-free unit search and the units a picker opens with."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses import unit_search as search
from cchc_dash.core.years import YearRange

UNITS = pd.DataFrame({"unit_id": ["S03", "S12", "H01"],
                      "unit_name": ["Sở Tư pháp", "Sở Y tế", "UBND thành phố Minh An"]})


@pytest.mark.parametrize("query, expected", [
    ("so tu phap", ["S03"]), ("SỞ TƯ PHÁP", ["S03"]), ("tu", ["S03"]), ("sở", ["S03", "S12"]),
    ("minh an", ["H01"]), ("", ["S03", "S12", "H01"]), ("h01", ["H01"]), ("xyz", []),
    (unicodedata.normalize("NFD", "Sở Y"), ["S12"]),
])
def test_search_ignores_accents_and_case(query, expected):
    assert search.search_units(UNITS, query) == expected


def test_default_units_include_one_with_predecessors():
    ds = cd.load_sample()
    res = cd.compute(ds)
    chosen = search.default_units(res, "Sở, ban, ngành")
    assert len(chosen) == 3
    successors = set(res["successor_id"].dropna())
    assert sum(u in successors for u in chosen) == 1
    best_2025 = res[(res["year"] == 2025) & (res["group"] == "Sở, ban, ngành")].sort_values("index")["unit_id"].iloc[-1]
    assert chosen[0] == best_2025


def test_units_of_group_latest_year_first_within_years():
    """Each unit once, at its latest year in range; later years first, higher index first."""
    res = pd.DataFrame([(2023, "G", "A", "Sở A", 80.0), (2024, "G", "B", "Sở B", 90.0), (2024, "G", "A", "Sở A", 70.0),
                        (2025, "G", "C", "Sở C", 60.0), (2025, "H", "X", "UBND X", 99.0)],
                       columns=["year", "group", "unit_id", "unit_name", "index"])
    assert search.units_of_group(res, "G")["unit_id"].tolist() == ["C", "B", "A"]
    assert search.units_of_group(res, "G", YearRange(2023, 2024))["unit_id"].tolist() == ["B", "A"]
    assert search.units_of_group(res, "G", YearRange(2023, 2023)).to_dict("records") == [
        {"unit_id": "A", "unit_name": "Sở A"}
    ]


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Sở Tư pháp", "so tu phap"),
        ("UBND huyện Đồng Hỷ", "ubnd huyen dong hy"),
        ("ĐÀ NẴNG", "da nang"),
        ("Thừa Thiên Huế", "thua thien hue"),
    ],
)
def test_fold(text, folded):
    """fold lower-cases and strips accents (đ → d) for searching."""
    assert search.fold(text) == folded


def test_fold_nfd_input_folds_the_same():
    """NFD text (as macOS sends it) folds to the same key as NFC text."""
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert nfd != "Sở Tư pháp"
    assert search.fold(nfd) == "so tu phap"
    assert search.fold(unicodedata.normalize("NFD", "Đồng Hỷ")) == "dong hy"


def test_a_huge_query_is_read_up_to_its_first_200_characters():
    """A search box is untrusted: 9.5 MB ("so tu phap" and spaces; the whole string took 9 s in a kernel)
    is read as its first 200 characters."""
    assert search.search_units(UNITS, "so tu phap" + " " * 9_500_000) == ["S03"]
    assert search.search_units(UNITS, " " * 200 + "y te") == ["S03", "S12", "H01"]  # words past 200 are not read
