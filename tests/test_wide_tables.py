"""read_wide: one wide file per year plus a codebook → Dataset (expectations worked by hand).

The panel: items 1.1 (max 10) and 1.2 (max 5) in area 1; 2.1 (max 10, blank means not
applicable) in area 2; 2.2 (max 5, area 2) appears only from 2020. In 2019 Sở C's row is
entirely blank and Sở B leaves 2.1 blank.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses.trends import trends
from cchc_dash.io.wide_tables import read_wide

CODEBOOK = pd.DataFrame({
    "item_id": ["1.1", "1.2", "2.1", "2.2"],
    "area_id": ["1", "1", "2", "2"],
    "area_name": ["Công tác chỉ đạo, điều hành", "Công tác chỉ đạo, điều hành", "Cải cách TTHC", "Cải cách TTHC"],
    "max_points": [10, 5, 10, 5],
    "blank_means_na": [False, False, True, False],
})


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def panel(tmp_path: Path) -> list[Path]:
    return [
        write(tmp_path / "2019.csv", "Đơn vị,1.1,1.2,2.1\nSở A,8,4,9\nSở B,\"6,5\",4.5,\nSở C,,,\n"),
        write(tmp_path / "2020.csv", "Đơn vị,1.1,1.2,2.1,2.2\nSở A,9,5,10,4\nSở B,7,3,8,5\nSở C,5,2,6,1\n"),
    ]


def read_panel(panel: list[Path]) -> cd.Dataset:
    with pytest.warns(UserWarning, match=r"2019\.csv.*'Sở C' \(4\)"):
        return read_wide(panel, CODEBOOK, unit_column="Đơn vị", group="Sở, ban, ngành")


def test_panel_scores(panel):
    res = cd.compute(read_panel(panel)).set_index(["year", "unit_id"])
    # 2019: A 21/25; B (6.5 + 4.5)/15, 2.1 not applicable; C left out. 2020: out of 30.
    assert res["index"].to_dict() == pytest.approx({
        (2019, "Sở A"): 84.0, (2019, "Sở B"): 1100 / 15,
        (2020, "Sở A"): 28 / 30 * 100, (2020, "Sở B"): 23 / 30 * 100, (2020, "Sở C"): 14 / 30 * 100})
    assert res.loc[(2019, "Sở B"), "max_points"] == 15
    assert res.loc[(2019, "Sở A"), "rank_of"] == 2
    assert res.loc[(2020, "Sở C"), ["rank", "rank_of"]].tolist() == [3, 3]
    assert pd.isna(res.loc[(2019, "Sở B"), "area_2"])
    assert res.loc[(2020, "Sở A"), "area_2"] == pytest.approx(14 / 15 * 100)
    assert (res.reset_index()["unit_id"] == res.reset_index()["unit_name"]).all()
    assert set(res["group"]) == {"Sở, ban, ngành"}


def test_a_blank_row_is_a_unit_not_assessed_that_year_with_its_reason(panel, tmp_path):
    """Sở C's 2019 row is blank: listed as not assessed in 2019 ("dòng trống trong 2019.csv"), existing
    2019–2020; a unit absent from a year's file between two it is named in is listed too."""
    ds = read_panel(panel)
    assert ds.not_assessed.to_dict("records") == [
        {"year": 2019, "unit_id": "Sở C", "reason": "dòng trống trong 2019.csv"}]
    assert ds.units.set_index("unit_id").loc["Sở C", ["valid_from", "valid_to"]].tolist() == [2019, 2020]
    gap = tmp_path / "gap"
    gap.mkdir()
    files = [write(gap / "2019.csv", "Đơn vị,1.1,1.2,2.1\nSở A,8,4,9\nSở B,6,4,9\n"),
             write(gap / "2020.csv", "Đơn vị,1.1,1.2,2.1,2.2\nSở A,9,5,10,4\n"),
             write(gap / "2021.csv", "Đơn vị,1.1,1.2,2.1,2.2\nSở A,9,5,10,4\nSở B,5,2,6,1\n")]
    ds = read_wide(files, CODEBOOK, unit_column="Đơn vị", group="Sở, ban, ngành")
    assert ds.not_assessed.values.tolist() == [[2020, "Sở B", "không có trong 2020.csv"]]
    assert cd.compute(ds).query("year == 2020")["unit_id"].tolist() == ["Sở A"]


def test_items_absent_in_a_year_are_not_in_its_methodology(panel):
    ds = read_panel(panel)
    leaves = ds.methodology[ds.methodology["level"] == "item"].groupby("year")["item_id"].apply(list).to_dict()
    assert leaves == {2019: ["1.1", "1.2", "2.1"], 2020: ["1.1", "1.2", "2.1", "2.2"]}
    areas = ds.methodology[ds.methodology["level"] == "area"].set_index(["year", "item_id"])["max_points"]
    assert areas.to_dict() == {(2019, "1"): 15, (2019, "2"): 10, (2020, "1"): 15, (2020, "2"): 15}
    t = trends(cd.compute(ds))
    assert t.groupby("year")["break"].any().to_dict() == {2019: False, 2020: True}
    assert t[(t["unit_id"] == "Sở A") & (t["year"] == 2020)]["change"].item() == pytest.approx(28 / 30 * 100 - 84)


def test_codebook_file_and_xlsx_years(tmp_path):
    book = write(tmp_path / "codebook.csv", "item_id,area_id,area_name,max_points,item_name\n"
                                            "1.1,1,Chỉ đạo,10,Kế hoạch CCHC\n1.2,1,Chỉ đạo,5,\n")
    wb = openpyxl.Workbook()
    wb.active.title = "Điểm"
    for r in (["unit", "1.1", "1.2"], ["Sở A", 7, 2.5]):
        wb.active.append(r)
    wb.save(tmp_path / "cchc_2021.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no row is blank: no warning
        ds = read_wide([tmp_path / "cchc_2021.xlsx"], book)
    names = ds.methodology.set_index("item_id")["name_vi"]
    assert names["1.1"] == "Kế hoạch CCHC" and names["1.2"] == "1.2" and names["1"] == "Chỉ đạo"
    assert cd.compute(ds)["index"].item() == pytest.approx(9.5 / 15 * 100)


def where(err: cd.ValidationError) -> set[tuple]:
    return {(p.source, p.sheet, p.row, p.column) for p in err.problems}


def test_errors_name_file_row_and_column(tmp_path):
    files = [
        # row 2: blank cell in 1.2 (blanks are not "not applicable" there); row 3: text;
        # row 4: 1.1 above its maximum; row 5: blank unit; row 6: Sở A again.
        write(tmp_path / "2019.csv", "unit,1.1,1.2,9.9\nSở A,8,,1\nSở B,x,4,1\nSở C,11,4,1\n,1,1,1\nSở A,1,1,1\n"),
        write(tmp_path / "2020.csv", "1.1,1.2\n5,4\n"),   # no unit column
        write(tmp_path / "scores.csv", "unit,1.1\nSở A,1\n"),  # no year in the name
    ]
    with pytest.raises(cd.ValidationError) as exc:
        read_wide(files, CODEBOOK)
    assert where(exc.value) == {
        ("2019.csv", None, 1, "9.9"),    # not in the codebook
        ("2019.csv", None, 2, "1.2"),
        ("2019.csv", None, 3, "1.1"),
        ("2019.csv", None, 4, "1.1"),
        ("2019.csv", None, 5, "unit"),
        ("2019.csv", None, 6, "unit"),
        ("2020.csv", None, 1, "unit"),
        ("scores.csv", None, None, None),
    }
    text = str(exc.value)
    assert "2019.csv, dòng/row 3, cột/column '1.1'" in text and "'x' is not a number" in text
    assert "score 11 is outside [0, 10]" in text


def test_xlsx_errors_name_the_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Năm 2022"
    for r in (["unit", "1.1", "1.2"], ["Sở A", 7, 2.5], [], ["Sở B", 3, " "]):
        wb.active.append(r)
    wb.save(tmp_path / "2022.xlsx")
    with pytest.raises(cd.ValidationError) as exc:
        read_wide([tmp_path / "2022.xlsx"], CODEBOOK)
    assert where(exc.value) == {("2022.xlsx", "Năm 2022", 4, "1.2")}  # a space is a blank; row 3 is empty


def test_codebook_problems(tmp_path):
    book = write(tmp_path / "codebook.csv", "item_id,area_id,area_name,max_points,blank_means_na\n"
                                            "1.1,1,Chỉ đạo,10,có\n1.1,1,Chỉ đạo,-1,không\n"
                                            "1.2,1,Khác,x,maybe\n1,1,Chỉ đạo,1,\n")
    files = [write(tmp_path / "2019.csv", "unit,1.1\nSở A,1\n")]
    with pytest.raises(cd.ValidationError) as exc:
        read_wide(files, book)
    assert where(exc.value) == {
        ("codebook.csv", None, 3, "item_id"),
        ("codebook.csv", None, 3, "max_points"),
        ("codebook.csv", None, 4, "max_points"),
        ("codebook.csv", None, 4, "blank_means_na"),
        ("codebook.csv", None, 4, "area_name"),
        ("codebook.csv", None, 5, "item_id"),
    }
    with pytest.raises(cd.ValidationError, match="missing column 'max_points'"):
        read_wide(files, CODEBOOK.drop(columns="max_points"))


def test_two_files_of_one_year(tmp_path):
    files = [
        write(tmp_path / "2019.csv", "unit,1.1\nSở A,1\n"),
        write(tmp_path / "cchc_2019.csv", "unit,1.1\nSở A,1\n"),
    ]
    with pytest.raises(cd.ValidationError, match="year 2019 is already given by 2019.csv"):
        read_wide(files, CODEBOOK)


# -- files as provinces save them (issue 24, part 5) ------------------------------------------------

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """``text`` as Excel on a Vietnamese Windows saves a CSV: Windows-1258, tone marks combining."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in TONES))
            out += letter.encode("cp1258") + "".join(m for m in marks if m in TONES).encode("cp1258")
    return out


#: 2019 with a title, TT and total columns, a Roman numeral section, a numbered section, a summary row.
SECTIONED_2019 = ("BẢNG ĐIỂM CHỈ SỐ CCHC NĂM 2019;;;;;\r\n;;;;;\r\nTT;Đơn vị;1.1;1.2;2.1;Tổng điểm\r\n"
                  "I;Khối sở, ban, ngành;;;;\r\n1;Sở A;8;4;9;21\r\n2;Sở B;6,5;4,5;8;19\r\n"
                  "II. UBND cấp huyện;;;;;\r\n1;Huyện X;7;3;5;15\r\n;Tổng cộng;;;;55\r\n")
#: 2020 with a group column, in UTF-16 with tabs.
GROUPED_2020 = ("Khối\tĐơn vị\t1.1\t1.2\t2.1\t2.2\tTổng\nKhối sở, ban, ngành\tSở A\t9\t5\t10\t4\t28\n"
                "Khối sở, ban, ngành\tSở B\t7\t3\t8\t5\t23\nUBND cấp huyện\tHuyện X\t5\t2\t6\t1\t14\n")


def test_sections_a_group_column_totals_and_encodings(tmp_path):
    """A Windows-1258 file with titles, TT, total, sections and a summary row, and a UTF-16 file with
    a group column: units in their groups, each group ranked apart, totals checked and passed over."""
    (tmp_path / "2019.csv").write_bytes(cp1258(SECTIONED_2019))
    (tmp_path / "2020.txt").write_text(GROUPED_2020, encoding="utf-16")
    ds = read_wide([tmp_path / "2019.csv", tmp_path / "2020.txt"], CODEBOOK, unit_column="Đơn vị")
    assert ds.units.set_index("unit_id")["group"].to_dict() == {
        "Sở A": "Khối sở, ban, ngành", "Sở B": "Khối sở, ban, ngành", "Huyện X": "UBND cấp huyện"}
    res = cd.compute(ds).set_index(["year", "unit_id"])
    # 2019: out of 25 (1.1 + 1.2 + 2.1); 2020: out of 30 (2.2 added)
    assert res["index"].to_dict() == pytest.approx({
        (2019, "Sở A"): 84.0, (2019, "Sở B"): 76.0, (2019, "Huyện X"): 60.0,
        (2020, "Sở A"): 28 / 30 * 100, (2020, "Sở B"): 23 / 30 * 100, (2020, "Huyện X"): 14 / 30 * 100})
    assert res[["rank", "rank_of"]].astype(int).values.tolist() == [[1, 2], [2, 2], [1, 1], [1, 2], [2, 2], [1, 1]]
    assert sorted(set(zip(ds.methodology["year"], ds.methodology["group"]))) == [
        (2019, "Khối sở, ban, ngành"), (2019, "UBND cấp huyện"), (2020, "Khối sở, ban, ngành"),
        (2020, "UBND cấp huyện")]


def test_an_xlsx_with_a_merged_title_and_merged_sections(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Điểm 2021"
    for row in (["ĐIỂM CHỈ SỐ CCHC NĂM 2021"], ["STT", "Đơn vị", "1.1", "1.2", "Tổng điểm"], ["KHỐI SỞ"],
                [1, "Sở A", 7, 2.5, 9.5], ["KHỐI HUYỆN"], [1, "Huyện X", 5, 5, 10]):
        ws.append(row)
    for cells in ("A1:E1", "A3:E3", "A5:E5"):
        ws.merge_cells(cells)
    wb.save(tmp_path / "2021.xlsx")
    ds = read_wide([tmp_path / "2021.xlsx"], CODEBOOK, unit_column="Đơn vị")
    res = cd.compute(ds).set_index("unit_id")
    assert res["group"].to_dict() == {"Sở A": "KHỐI SỞ", "Huyện X": "KHỐI HUYỆN"}
    assert res["index"].to_dict() == pytest.approx({"Sở A": 9.5 / 15 * 100, "Huyện X": 10 / 15 * 100})


def test_a_total_that_is_not_the_sum_of_its_items_is_named(tmp_path):
    (tmp_path / "2019.csv").write_bytes(cp1258(SECTIONED_2019.replace("2;Sở B;6,5;4,5;8;19", "2;Sở B;6,5;4,5;8;20")))
    with pytest.raises(cd.ValidationError) as exc:
        read_wide([tmp_path / "2019.csv"], CODEBOOK, unit_column="Đơn vị")
    assert [(p.source, p.sheet, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("2019.csv", None, 6, "Tổng điểm", "tổng 20 khác tổng điểm các tiêu chí (19)",
         "total 20 differs from the sum of the items (19)")]


def test_a_unit_in_two_groups_is_refused(tmp_path):
    (tmp_path / "2019.csv").write_bytes(cp1258(SECTIONED_2019))
    (tmp_path / "2020.txt").write_text(GROUPED_2020.replace("UBND cấp huyện\tHuyện X", "Khối sở, ban, ngành\tHuyện X"),
                                       encoding="utf-16")
    with pytest.raises(cd.ValidationError) as exc:
        read_wide([tmp_path / "2019.csv", tmp_path / "2020.txt"], CODEBOOK, unit_column="Đơn vị")
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("2020.txt", None, "Đơn vị",
         "đơn vị 'Huyện X' thuộc khối 'Khối sở, ban, ngành' năm 2020 nhưng khối 'UBND cấp huyện' năm 2019: mỗi "
         "đơn vị thuộc một khối",
         "unit 'Huyện X' is in group 'Khối sở, ban, ngành' in 2020 but in 'UBND cấp huyện' in 2019: a unit has one "
         "group")]


def test_missing_files_are_validation_errors(tmp_path):
    """A missing year file and a missing codebook are problems like any other, never FileNotFoundError."""
    files = [tmp_path / "2019.csv", write(tmp_path / "2020.csv", "unit,1.1\nSở A,1\n")]
    with pytest.raises(cd.ValidationError) as exc:
        read_wide(files, CODEBOOK)
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("2019.csv", None, None, "không tìm thấy tệp", "the file does not exist")]
    with pytest.raises(cd.ValidationError) as exc:
        read_wide(files[1:], tmp_path / "codebook.csv")
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("codebook.csv", None, None, "không tìm thấy tệp", "the file does not exist")]


def test_a_codebook_under_a_title_is_located_by_its_own_rows(tmp_path):
    book = write(tmp_path / "codebook.csv", "BẢNG MÃ TIÊU CHÍ,,,\n,,,\nitem_id,area_id,area_name,max_points\n"
                                            "1.1,1,Chỉ đạo,10\n1.2,1,Chỉ đạo,x\n")
    with pytest.raises(cd.ValidationError) as exc:
        read_wide([write(tmp_path / "2019.csv", "unit,1.1\nSở A,1\n")], book)
    assert [(p.source, p.row, p.column, p.message_en) for p in exc.value.problems] == [
        ("codebook.csv", 5, "max_points", "'x' is not a number")]


def test_the_unit_column_is_looked_for_in_the_first_20_rows(tmp_path):
    rows = "".join(f"ghi chú {k},\n" for k in range(20))
    with pytest.raises(cd.ValidationError) as exc:
        read_wide([write(tmp_path / "2019.csv", rows + "unit,1.1\nSở A,1\n")], CODEBOOK)
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("2019.csv", 1, "unit", "thiếu cột đơn vị 'unit' (trong 20 dòng đầu)",
         "missing unit column 'unit' (in the first 20 rows)")]
    ds = read_wide([write(tmp_path / "2019.csv", rows[-22:] + "unit,1.1\nSở A,1\n")], CODEBOOK)
    assert ds.scores["score"].tolist() == [1.0]
