"""Rebuild published provincial ranking tables with cd.rank_totals (DESIGN §3, §5).

The figures are a copy of published announcements (data/reference/provincial_rankings.csv,
each row with its source address). Ranks and bands computed from the published scores
must agree with the published ranks and bands.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cchc_dash as cd

RANKINGS = Path(__file__).resolve().parents[1] / "data" / "reference" / "provincial_rankings.csv"
SO = "sở, ban, ngành"
HUYEN = "UBND cấp huyện"


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return pd.read_csv(RANKINGS, encoding="utf-8")


def table(published: pd.DataFrame, province: str, year: int, unit_type: str | None = None) -> pd.DataFrame:
    """Published rows of one announcement that give numeric points, as a rank_totals frame."""
    rows = published[(published["province"] == province) & (published["year"] == year)]
    if unit_type is not None:
        rows = rows[rows["unit_type"] == unit_type]
    points = pd.to_numeric(rows["score_points"], errors="coerce")
    rows = rows[points.notna()].assign(score_points=points[points.notna()])
    assert len(rows) > 0, f"no published rows for {province} {year} {unit_type}"
    return pd.DataFrame({
        "year": rows["year"].to_numpy(),
        "group": rows["unit_type"].to_numpy(),
        "unit": rows["unit_name"].to_numpy(),
        "score": rows["score_points"].to_numpy(dtype=float),
        "published_rank": pd.to_numeric(rows["rank"], errors="coerce").to_numpy(),
        "published_index": rows["index_pct"].to_numpy(dtype=float),
        "published_band": rows["band"].to_numpy(dtype=object),
    })


@pytest.mark.parametrize("unit_type, n", [(SO, 5), (HUYEN, 4)])
def test_thua_thien_hue_2021_ranks_match(published, unit_type, n):
    """Thừa Thiên Huế 2021 (QĐ 24/QĐ-UBND): scores with 3 decimals give the published ranks 1–n."""
    frame = table(published, "Thừa Thiên Huế", 2021, unit_type)
    assert len(frame) == n
    res = cd.rank_totals(frame)
    assert [int(r) for r in res["rank"]] == [int(r) for r in frame["published_rank"]]
    assert sorted(int(r) for r in res["rank"]) == list(range(1, n + 1))


def test_thanh_hoa_2023_districts_top_three_exact(published):
    """Thanh Hóa 2023 (QĐ 600/QĐ-UBND), UBND cấp huyện: published ranks 1, 2, 3 reproduced exactly."""
    frame = table(published, "Thanh Hóa", 2023, HUYEN)
    res = cd.rank_totals(frame).set_index("unit")
    top = frame[frame["published_rank"] <= 3]
    assert len(top) == 3
    for unit, rank in zip(top["unit"], top["published_rank"]):
        assert int(res.loc[unit, "rank"]) == int(rank), unit


def test_thanh_hoa_2023_districts_keep_published_order(published):
    """The published subset (ranks 1, 2, 3 and 27 of 27) keeps its order; rank 27 comes last."""
    frame = table(published, "Thanh Hóa", 2023, HUYEN)
    res = cd.rank_totals(frame)
    by_published = res.sort_values("published_rank")["unit"].tolist()
    by_computed = res.sort_values("rank", kind="stable")["unit"].tolist()
    assert by_computed == by_published
    last = res.loc[res["published_rank"] == 27, "rank"]
    assert int(last.iloc[0]) == len(res)
    assert res["rank"].is_unique


def test_thanh_hoa_2023_ban_dan_toc_index(published):
    """Ban Dân tộc tỉnh: 68.32 points over 84 applicable points → index 81.33 as published.

    84 is inferred (68.32 / 0.8133 ≈ 84.0): the announcement gives points and index only.
    """
    frame = table(published, "Thanh Hóa", 2023, SO)
    ban = frame[frame["unit"] == "Ban Dân tộc tỉnh"]
    assert ban["score"].iloc[0] == 68.32
    frame = frame.assign(max_points=100.0)
    frame.loc[frame["unit"] == "Ban Dân tộc tỉnh", "max_points"] = 84.0
    res = cd.rank_totals(frame).set_index("unit")
    assert round(res.loc["Ban Dân tộc tỉnh", "index"], 2) == 81.33
    assert round(res.loc["Ban Dân tộc tỉnh", "index"], 2) == ban["published_index"].iloc[0]
    # the other departments' points are their index (all criteria applicable): order as published
    assert res.sort_values("rank").index.tolist() == frame.sort_values("published_rank")["unit"].tolist()


def test_thai_nguyen_2022_department_bands(published):
    """Thái Nguyên 2022 (QĐ 474/QĐ-UBND): 89.11/87.86/86.49 are Tốt, 65.77/61.33 Trung bình.

    [U] The scheme is an assumption: the article only says Tốt is "trên 80 điểm"; the
    Khá threshold of 70 (and Trung bình ≥ 50) is not stated in the source.
    """
    frame = table(published, "Thái Nguyên", 2022, SO)
    res = cd.rank_totals(frame, "Tốt>=80; Khá>=70; Trung bình>=50; Yếu").set_index("unit")
    expected = {89.11: "Tốt", 87.86: "Tốt", 86.49: "Tốt", 65.77: "Trung bình", 61.33: "Trung bình"}
    assert dict(zip(res["score"], res["band"])) == expected
    assert res["band"].tolist() == res["published_band"].tolist()
    published_top = frame.dropna(subset=["published_rank"])
    for unit, rank in zip(published_top["unit"], published_top["published_rank"]):
        assert int(res.loc[unit, "rank"]) == int(rank)


def test_thua_thien_hue_2018_bands(published):
    """Thừa Thiên Huế 2018: 94.5 Xuất sắc; 87.9, 85.0, 83.6 Tốt, as published.

    [U] The thresholds "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu" are assumed;
    the source gives the bands, not the scheme.
    """
    frame = table(published, "Thừa Thiên Huế", 2018)
    res = cd.rank_totals(frame, "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu")
    expected = {94.5: "Xuất sắc", 87.9: "Tốt", 85.0: "Tốt", 83.6: "Tốt"}
    assert dict(zip(res["score"], res["band"])) == expected
    assert res["band"].tolist() == res["published_band"].tolist()
    so = res[res["group"] == SO]
    assert [int(r) for r in so["rank"]] == [int(r) for r in so["published_rank"]]
