"""Published band counts, reproduced wherever the reference rows carry enough to do so.

National groups (``data/reference/par_index_provinces.csv``, rows with level
"province"; scheme "A>=90; B>=80; C>=70", thresholds [V] in
``../shared/domain/methodology.md`` §1.2; published counts in §1.2 and in the ``note``
of the national_summary / national_average rows):

- **Reproduced exactly**: 2021 group A = 3 (Hải Phòng, Quảng Ninh, Đà Nẵng) and
  group C = 1 (Kiên Giang); 2022 group A = 2 (Quảng Ninh, Hải Phòng); 2016 group A = 1
  (Đà Nẵng, "only Đà Nẵng in Group A (>90%)": 90.32 is A whether the rule was > or ≥).
  The CSV holds every province of those groups. The 2022 A count also follows from the
  ranks alone: ranks 1–2 are A and rank 3 (Hà Nội 89.58) is B.
- **Bounded only** (the CSV holds a few provinces of a 63-province table): group B
  in 2021–2024, C in 2022, A in 2023 (5 of 7) and 2024 (1 of 13). Our counts are ≤
  the published ones, and the published A count lies inside what the ranks allow.
- **Classification**: on every row that carries both a value and a ``group``, our
  band equals the CSV's group (which was derived from the same thresholds). Conflicting
  duplicates (Hải Phòng 2023: 91.87 and 91.81) are kept and each is classified. Not
  checked: rows with a group but no value (2024 Bà Rịa - Vũng Tàu, Hà Nội: the group
  came from the source, the value did not), and rows with a value but no group
  (2012, 2017, 2018, and 2016 Hậu Giang), which the CSV left ungrouped.

Provincial bands (``data/reference/provincial_band_counts.csv``): **no published
count can be recounted**, because no province-year has the scores of all its units (the
decisions' annex tables were not readable; methodology.md §2). What is tested:

- the counts of each (province, year, unit type) add up to its ``total_units``, except
  Đà Nẵng 2018, whose source names only the top bands ("remainder good");
- Thừa Thiên Huế 2018, sở: the three known scores (94.5 / 87.9 / 83.6, from
  ``provincial_rankings.csv``) fall in the published bands Xuất sắc / Tốt / Tốt under
  "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu" — a scheme that is **[U]**
  (consistent with the observations, its text was not found) — and the Xuất sắc count
  of 1 is reproduced, because the rank-2 score is already below 90;
- Thái Nguyên 2022: the seven known banded scores agree with the stated "Tốt (trên 80
  điểm)", and each of the two provincial presets contradicts at least one of them, so
  neither preset is Thái Nguyên's rule.
Kiên Giang 2017, Khánh Hòa 2020–2021, Nam Định 2020 and TTH 2021 (communes) have
counts but no unit scores at all.

Scores in points out of 100 are read as the index (% of 100) [U].
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from cchc_dash.analyses.distribution import band_counts, reclassify
from cchc_dash.core.bands import BandScheme

REF = Path(__file__).resolve().parents[1] / "data" / "reference"
NATIONAL = "A>=90; B>=80; C>=70"                                # [V] methodology.md §1.2
FIVE = "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"    # [U] for Thừa Thiên Huế
FOUR = "Tốt>=85; Khá>=75; Trung bình>=60; Yếu"                  # [U], not confirmed anywhere

#: Published national group counts (methodology.md §1.2). 2023 and 2024: "all 63 > 80%", so C = 0.
PUBLISHED = {2021: {"A": 3, "B": 59, "C": 1}, 2022: {"A": 2, "B": 56, "C": 5},
             2023: {"A": 7, "B": 56, "C": 0}, 2024: {"A": 13, "B": 50, "C": 0}}
#: (year, group): counts our rows reproduce exactly, because the CSV holds every such province.
EXACT = {(2021, "A"): 3, (2021, "C"): 1, (2022, "A"): 2, (2016, "A"): 1}


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    return pd.read_csv(REF / "par_index_provinces.csv")


@pytest.fixture(scope="module")
def provinces(national: pd.DataFrame) -> pd.DataFrame:
    """Province rows as results: one unit group "tỉnh", index = the published PAR INDEX."""
    p = national[national["level"] == "province"]
    return pd.DataFrame({"year": p["year"], "group": "tỉnh", "unit_id": p["unit_name"], "unit_name": p["unit_name"],
                         "index": p["par_index_pct"], "rank": p["rank"], "published": p["group"]})


def test_published_counts_are_those_in_the_notes(national: pd.DataFrame):
    """The constants above are the numbers of the CSV notes, and each year has 63 provinces."""
    notes = national[national["level"].isin(["national_summary_provinces", "national_average_provinces"])]
    for year, counts in PUBLISHED.items():
        text = " ".join(notes.loc[notes["year"] == year, "note"].dropna())
        found = {g: int(n) for g, n in re.findall(r"Group ([ABC])(?: \([^)]*\))? (\d+)", text)}
        assert found == {g: n for g, n in counts.items() if n or g in found}, year
        assert sum(counts.values()) == 63
    assert "only Đà Nẵng in Group A" in " ".join(notes.loc[notes["year"] == 2016, "note"].dropna())


def test_national_group_counts_reproduced_where_the_csv_is_complete(provinces: pd.DataFrame):
    counts = band_counts(provinces, NATIONAL).set_index(["year", "band"])["count"]
    for (year, band), expected in EXACT.items():
        assert counts[(year, band)] == expected, (year, band)


def test_national_group_counts_never_exceed_the_published_ones(provinces: pd.DataFrame):
    """Conflicting duplicates are kept and counted as rows; bounded by province, not by row."""
    banded = reclassify(provinces, NATIONAL)
    raw = band_counts(banded).set_index(["year", "band"])["count"]
    assert raw[(2023, "A")] == 6                                   # Hải Phòng twice (91.87, 91.81)
    distinct = band_counts(banded.drop_duplicates(["year", "unit_id", "band"])).set_index(["year", "band"])["count"]
    assert distinct[(2023, "A")] == 5
    for year, published in PUBLISHED.items():
        for band, n in published.items():
            assert distinct.get((year, band), 0) <= n, (year, band)


def test_published_a_count_lies_within_what_the_ranks_allow(provinces: pd.DataFrame):
    """Ranks 1..k all A ⇒ at least k in A; the best-ranked non-A province at rank r ⇒ at most r − 1."""
    banded = reclassify(provinces, NATIONAL)
    for year, published in PUBLISHED.items():
        ranked = banded[(banded["year"] == year) & banded["rank"].notna()].sort_values("rank")
        by_rank = ranked.groupby("rank")["band"].agg(lambda b: set(b.dropna()))
        k = 0
        while k + 1 in by_rank.index and by_rank[k + 1] == {"A"}:
            k += 1
        below = ranked.loc[ranked["band"].isin(["B", "C"]), "rank"].min()
        assert k <= published["A"] <= below - 1, year
        if year == 2022:
            assert k == below - 1 == 2                           # the ranks alone give the count


def test_national_classification_agrees_with_the_csv_group(provinces: pd.DataFrame):
    banded = reclassify(provinces, NATIONAL)
    both = banded[banded["index"].notna() & banded["published"].notna()]
    assert len(both) == 32                                     # every row with a value and a group
    assert (both["band"] == both["published"]).all(), both[both["band"] != both["published"]]
    hai_phong = both[(both["year"] == 2023) & (both["unit_id"] == "Hải Phòng")]
    assert sorted(hai_phong["index"]) == [91.81, 91.87] and set(hai_phong["band"]) == {"A"}


# -- provincial band counts ------------------------------------------------------------

@pytest.fixture(scope="module")
def band_table() -> pd.DataFrame:
    return pd.read_csv(REF / "provincial_band_counts.csv")


@pytest.fixture(scope="module")
def rankings() -> pd.DataFrame:
    return pd.read_csv(REF / "provincial_rankings.csv")


def test_provincial_counts_add_up_to_the_units(band_table: pd.DataFrame):
    keys = ["province", "year", "unit_type"]
    assert (band_table.groupby(keys)["total_units"].nunique() == 1).all()
    sums = band_table.groupby(keys).agg(count=("count", "sum"), total=("total_units", "first"))
    partial = sums.index.get_level_values("province") == "Đà Nẵng"
    assert (sums.loc[~partial, "count"] == sums.loc[~partial, "total"]).all()
    assert (sums.loc[partial, "count"] < sums.loc[partial, "total"]).all()
    assert (~partial).sum() == 10


def test_hue_2018_known_scores_fall_in_the_published_bands(band_table: pd.DataFrame, rankings: pd.DataFrame):
    """94.5 / 87.9 / 83.6 → Xuất sắc / Tốt / Tốt (and Quảng Điền 85.0 → Tốt) under FIVE [U]."""
    hue = rankings[(rankings["province"] == "Thừa Thiên Huế") & (rankings["year"] == 2018)]
    got = BandScheme.parse(FIVE).classify(hue["score_points"])
    assert got.tolist() == hue["band"].tolist() == ["Xuất sắc", "Tốt", "Tốt", "Tốt"]

    depts = hue[hue["unit_type"] == "sở, ban, ngành"]
    assert depts["score_points"].tolist() == [94.5, 87.9, 83.6] and depts["rank"].tolist() == [1, 2, 3]
    ours = band_counts(pd.DataFrame({"year": 2018, "group": "sở", "index": depts["score_points"]}), FIVE)
    ours = ours.set_index("band")["count"]
    published = band_table[(band_table["province"] == "Thừa Thiên Huế") & (band_table["year"] == 2018)]
    published = published.set_index("band")["count"]
    # Rank 2 is below 90, so nobody else reaches Xuất sắc: that count is reproduced exactly.
    assert ours["Xuất sắc"] == published["Xuất sắc"] == 1
    assert ours["Tốt"] == 2 <= published["Tốt"] and ours["Khá"] == 0 <= published["Khá"]


def test_thai_nguyen_2022_fits_the_stated_rule_and_neither_preset(rankings: pd.DataFrame):
    """'Tốt (trên 80 điểm)': Tốt rows above 80, others below. FIVE makes 65.77 Khá (published
    Trung bình); FOUR makes 80.35 Khá (published Tốt): neither preset is this province's rule."""
    tn = rankings[(rankings["province"] == "Thái Nguyên") & (rankings["year"] == 2022)].reset_index(drop=True)
    assert len(tn) == 7
    good = tn["band"] == "Tốt"
    assert (tn.loc[good, "score_points"] > 80).all() and (tn.loc[~good, "score_points"] < 80).all()
    for scheme in (FIVE, FOUR):
        assert (BandScheme.parse(scheme).classify(tn["score_points"]) != tn["band"]).any(), scheme
    assert BandScheme.parse(FIVE).classify(pd.Series([65.77])).item() == "Khá"
    assert BandScheme.parse(FOUR).classify(pd.Series([80.35])).item() == "Khá"
