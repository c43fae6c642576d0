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
from cchc_dash.analyses.published_check import check_published
from cchc_dash.io.published import read_published

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


# -- the corrected copy (issue 24) and the tables read through read_published ----------------------

def test_the_corrected_rows(published):
    """Ranks are numbers or blank ("last" is now said in the note), names are Vietnamese only, and
    Tuyên Quang's transport department is spelled as its source spells it."""
    assert pd.to_numeric(published["rank"], errors="coerce").notna().sum() == published["rank"].notna().sum()
    bottom = published[published["note"].fillna("").str.startswith("bottom of its group in the source")]
    assert sorted(bottom["unit_name"]) == ["Sở Văn hóa và Thể thao", "Sở Y tế", "UBND Quận 7", "UBND huyện Chiêm Hóa",
                                           "UBND huyện Đồng Hỷ"]
    assert bottom["rank"].isna().all()
    assert not published["unit_name"].str.contains("[\u3040-\u30ff\u4e00-\u9fff]").any()
    assert "UBND quận Bình Tân" in set(published["unit_name"])
    tq = published[(published["province"] == "Tuyên Quang") & (published["year"] == 2022)]
    assert "Sở Giao thông - Vận tải" in set(tq["unit_name"])


def province_annex(tmp_path: Path, province: str) -> Path:
    """One province's rows of the reference file as its own table, under the same header: the
    layout read_published reads (the whole file is several provinces, whose units repeat)."""
    import csv

    with RANKINGS.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    path = tmp_path / f"{province}.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header] + [r for r in rows if r[0] == province])
    return path


@pytest.mark.parametrize("province", ["Tuyên Quang", "Thanh Hóa", "Thái Nguyên", "Thừa Thiên Huế",
                                      "TP. Hồ Chí Minh", "Quảng Ninh"])
def test_each_provinces_table_reads_through_read_published(tmp_path, published, province):
    """Every row that prints a figure is read as written; a row that prints none is listed as skipped."""
    frame = read_published(province_annex(tmp_path, province))
    rows = published[published["province"] == province]
    figures = rows[["score_points", "index_pct", "rank", "rank_of", "band"]].notna().any(axis=1)
    assert frame["unit"].tolist() == rows.loc[figures, "unit_name"].tolist()
    assert frame["group"].tolist() == rows.loc[figures, "unit_type"].tolist()
    assert frame["year"].tolist() == rows.loc[figures, "year"].tolist()
    pd.testing.assert_series_equal(frame["score"], rows.loc[figures, "score_points"].reset_index(drop=True),
                                   check_names=False)
    assert frame["published_rank"].astype("Float64").tolist() == pd.to_numeric(rows.loc[figures, "rank"]).astype(
        "Float64").tolist()
    assert [s["row"] for s in frame.attrs["skipped"]] == [
        rows.index.get_loc(i) + 2 for i in rows.index[~figures.to_numpy()]]
    assert frame.attrs["headers"]["unit"] == "unit_name" and frame.attrs["headers"]["score"] == "score_points"


def test_the_whole_reference_file_is_several_provinces_and_says_so(published):
    """Read as one table, the file repeats units (two provinces' Sở Tư pháp in 2021): refused, named."""
    with pytest.raises(cd.ValidationError) as err:
        read_published(RANKINGS)
    assert ("provincial_rankings.csv", None, 44, "unit_name (D)", "đơn vị 'Sở Tư pháp' bị trùng trong khối",
            "unit 'Sở Tư pháp' appears twice in its group") in [
        (p.source, p.sheet, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


def test_thua_thien_hue_2021_as_read_is_consistent(tmp_path):
    """QĐ 24/QĐ-UBND: "97.685", "87.170" read exactly; the top five and four rank as published."""
    frame = read_published(province_annex(tmp_path, "Thừa Thiên Huế"))
    tth = frame[frame["year"] == 2021]
    assert tth["score"].tolist() == [97.685, 87.187, 85.804, 85.584, 85.234, 87.17, 84.186, 83.847, 83.524]
    assert check_published(tth).empty


def test_thanh_hoa_2023_as_read_disagrees_where_the_copy_is_partial(tmp_path):
    """The copy holds 4 of 20 departments and 4 of 27 districts, and no maximum points: printed
    rank_of, ranks below the third and Ban Dân tộc's index (68.32 of 84 points) are what our
    ranking of these rows cannot give. Nothing else disagrees."""
    found = check_published(read_published(province_annex(tmp_path, "Thanh Hóa")))
    assert [tuple(r) for r in found.itertuples(index=False)] == [
        (2023, SO, "Sở Công Thương", "rank_of", 20, 4),
        (2023, SO, "Sở Giao thông vận tải", "rank_of", 20, 4),
        (2023, SO, "Ban Quản lý Khu kinh tế Nghi Sơn và các KCN", "rank", 6, 3),
        (2023, SO, "Ban Quản lý Khu kinh tế Nghi Sơn và các KCN", "rank_of", 20, 4),
        (2023, SO, "Ban Dân tộc tỉnh", "index", 81.33, 68.32),
        (2023, SO, "Ban Dân tộc tỉnh", "rank", 20, 4),
        (2023, SO, "Ban Dân tộc tỉnh", "rank_of", 20, 4),
        (2023, HUYEN, "UBND huyện Đông Sơn", "rank_of", 27, 4),
        (2023, HUYEN, "UBND huyện Hoằng Hóa", "rank_of", 27, 4),
        (2023, HUYEN, "UBND thành phố Thanh Hóa", "rank_of", 27, 4),
        (2023, HUYEN, "UBND huyện Mường Lát", "rank", 27, 4),
        (2023, HUYEN, "UBND huyện Mường Lát", "rank_of", 27, 4),
    ]


def test_thai_nguyen_2022_bands_under_its_stated_rule_as_worded(tmp_path):
    """"Tốt (trên 80 điểm)" as the decision words it; [U] the rest of the scheme is assumed (Khá from
    70, Trung bình from 50, see test_thai_nguyen_2022_department_bands): every printed band agrees."""
    frame = read_published(province_annex(tmp_path, "Thái Nguyên"))
    found = check_published(frame, "Tốt (trên 80 điểm); Khá: từ 70 đến 80 điểm; Trung bình: từ 50 đến dưới 70 "
                                      "điểm; Yếu: dưới 50 điểm")
    assert found[found["field"] == "band"].empty
    assert set(found["field"]) == {"rank_of"}  # 5 of 19 departments in the copy


def test_rank_totals_takes_the_columns_as_decisions_head_them():
    """Năm, Khối, Tên đơn vị, Tổng điểm, Điểm tối đa: ranked, the columns kept as given; a problem
    names the column as given."""
    frame = pd.DataFrame({"Năm": [2023, 2023], "Khối": [SO, SO], "Tên đơn vị": ["Ban Dân tộc tỉnh", "Sở X"],
                          "Tổng điểm": [68.32, 75.0], "Điểm tối đa": [84.0, 100.0]})
    res = cd.rank_totals(frame).set_index("Tên đơn vị")
    assert list(res.columns) == ["Năm", "Khối", "Tổng điểm", "Điểm tối đa", "index", "rank", "rank_of", "band"]
    assert res["rank"].tolist() == [1, 2] and round(res.loc["Ban Dân tộc tỉnh", "index"], 2) == 81.33
    frame.loc[1, "Tổng điểm"] = 101.0
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(frame)
    assert [(p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems] == [
        (1, "Tổng điểm", "điểm 101 nằm ngoài [0; 100]", "score 101 is outside [0, 100]")]
