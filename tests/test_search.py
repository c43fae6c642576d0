"""search.py: accent-free unit search and the units a picker opens with."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash import search

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
