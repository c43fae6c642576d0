"""io/annual_report.py: the annual report read back with python-docx.

Hand-built data first (tests/handmade.py), every figure written out here:

two_years, 2022: A 88 (1/4, Tốt), B 80 and C 80 (tied 2/4, Tốt), D 70 (4/4, Khá); no year before it.
two_years, 2023: A 100 (1/3, Xuất sắc; +12 since 2022, same rank), B 80 (2/3, Tốt; ±0), E 70.5 (3/3, Khá;
formed from C and D, so no comparison). All maxima 100; scheme Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 65,
Trung bình ≥ 50, Yếu.

Then the bundled demo: every unit of its latest year appears once in its group's table with the
figures of ``cd.compute``, and each group's paragraph is ``cd.highlights`` word for word.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import pandas as pd
import pytest
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph

import cchc_dash as cd
from cchc_dash.io import annual_report as report_module
from cchc_dash.io.annual_report import annual_report, annual_report_docx, decision_words

from . import handmade
from .handmade import G, two_years

HUYEN = "UBND cấp huyện"
SCHEME = cd.BandScheme.parse("Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu")
RANKING_HEAD = ["STT", "Đơn vị", "Điểm", "Điểm tối đa", "Chỉ số (%)", "Xếp hạng", "Xếp loại", "So với năm trước"]


# --- reading the document back ------------------------------------------------------------

def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def groups(document: docx.document.Document) -> dict[str, list[Paragraph | Table]]:
    """What follows each "Heading 1" up to the next one, by heading text."""
    out: dict[str, list[Paragraph | Table]] = {}
    current: list[Paragraph | Table] | None = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.style.name == "Heading 1":
            current = out.setdefault(block.text, [])
        elif current is not None:
            current.append(block)
    return out


def texts(blocks: list[Paragraph | Table]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph) and b.text]


def tables(blocks: list[Paragraph | Table]) -> list[list[list[str]]]:
    return [rows(b) for b in blocks if isinstance(b, Table)]


def vi(value: float) -> str:
    """Two decimals with a decimal comma, as the report writes figures under 1,000."""
    return f"{value:.2f}".replace(".", ",")


@pytest.fixture(scope="module")
def hm() -> tuple[cd.Dataset, pd.DataFrame]:
    ds = two_years()
    return ds, cd.compute(ds)


@pytest.fixture(scope="module")
def hm_2023(hm) -> docx.document.Document:
    ds, res = hm
    return read(annual_report_docx(res, 2023, ds=ds))


@pytest.fixture(scope="module")
def hm_2022(hm) -> docx.document.Document:
    ds, res = hm
    return read(annual_report_docx(res, 2022, ds=ds))


# --- hand-built data ----------------------------------------------------------------------

def test_the_ranking_table_holds_each_unit_once_with_its_figures_and_move(hm_2023):
    ranking, counts, movers = tables(groups(hm_2023)["Sở, ban, ngành"])
    assert ranking == [
        RANKING_HEAD,
        ["1", "Đơn vị A", "100,00", "100,00", "100,00", "1/3", "Xuất sắc", "giữ nguyên · +12,00"],
        ["2", "Đơn vị B", "80,00", "100,00", "80,00", "2/3", "Tốt", "giữ nguyên · +0,00"],
        ["3", "Đơn vị E", "70,50", "100,00", "70,50", "3/3", "Khá", "–"],
    ]
    assert counts == [
        ["Xếp loại", "Năm 2023", "Năm 2022", "Thay đổi"],
        ["Xuất sắc", "1", "0", "+1"],
        ["Tốt", "1", "3", "−2"],
        ["Khá", "1", "1", "0"],
        ["Trung bình", "0", "0", "0"],
        ["Yếu", "0", "0", "0"],
        ["Tổng số", "3", "4", "−1"],
    ]
    assert movers == [["Thay đổi", "Đơn vị", "Chỉ số (%)", "Thay đổi chỉ số"], ["Tăng", "Đơn vị A", "100,00", "+12,00"]]


def test_the_paragraph_is_the_highlights_word_for_word(hm, hm_2023):
    _, res = hm
    first = texts(groups(hm_2023)["Sở, ban, ngành"])[0]
    assert first == cd.highlights(res, 2023, G, scheme=SCHEME)
    assert first.startswith("Năm 2023, 3 đơn vị thuộc khối Sở, ban, ngành được xếp hạng; chỉ số bình quân 83,50%.")


def test_title_source_headings_page_numbers_and_a4(hm_2023):
    paragraphs = [(p.style.name, p.text) for p in hm_2023.paragraphs if p.text]
    assert paragraphs[0] == ("Title", "Báo cáo kết quả xác định Chỉ số cải cách hành chính năm 2023")
    assert paragraphs[1] == ("Normal", "Dữ liệu: dataset — dữ liệu tạo trong bộ nhớ")
    headings = [(s, x) for s, x in paragraphs if s.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Sở, ban, ngành"),
        ("Heading 2", "Bảng xếp hạng năm 2023"),
        ("Heading 2", "Số đơn vị theo xếp loại"),
        ("Heading 2", "Tăng, giảm nhiều nhất so với năm 2022"),
        ("Heading 1", "Ghi chú phương pháp"),
    ]
    assert all(hm_2023.styles[s].builtin for s, _ in headings)
    assert {t.style.name for t in hm_2023.tables} == {"Table Grid"}
    footer = hm_2023.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Trang ") and "<w:instrText" in footer._p.xml
    assert [i.text for i in footer._p.iter() if i.tag.endswith("}instrText")] == [" PAGE ", " NUMPAGES "]
    section = hm_2023.sections[0]
    assert (round(section.page_width / Cm(1), 1), round(section.page_height / Cm(1), 1)) == (21.0, 29.7)


def test_the_charts_are_png_pictures(hm_2023):
    assert len(hm_2023.inline_shapes) == 2  # the index bars and the band distribution
    images = [rel.target_part for rel in hm_2023.part.rels.values() if rel.reltype.endswith("/image")]
    assert [p.content_type for p in images] == ["image/png", "image/png"]
    assert all(p.blob.startswith(b"\x89PNG") for p in images)


def test_the_note_on_method_words_the_scheme_and_the_merger(hm_2023):
    note = texts(groups(hm_2023)["Ghi chú phương pháp"])
    assert note[0].startswith("Chỉ số của đơn vị = tổng điểm đạt ÷ tổng điểm tối đa của các tiêu chí áp dụng")
    assert note[1:] == [
        "Thang xếp loại khối Sở, ban, ngành — Xuất sắc: từ 90% trở lên; Tốt: từ 80% đến dưới 90%; "
        "Khá: từ 65% đến dưới 80%; Trung bình: từ 50% đến dưới 65%; Yếu: dưới 50%.",
        "Bộ tiêu chí của khối Sở, ban, ngành năm 2023 giữ nguyên như năm 2022.",
        "Đơn vị C, Đơn vị D sáp nhập vào Đơn vị E năm 2023.",
        "Cột “So với năm trước” so sánh mỗi đơn vị với chính nó năm trước; đơn vị mới hình thành do sáp nhập "
        "không có số so sánh.",
        "Ngưỡng xếp loại lấy theo cấu hình của tỉnh; các ngưỡng chưa được xác minh từ văn bản gốc.",
    ]


def test_a_year_without_a_previous_one(hm, hm_2022):
    _, res = hm
    part = groups(hm_2022)["Sở, ban, ngành"]
    ranking, counts = tables(part)  # no table of movers: nothing to compare with
    assert ranking[1:] == [
        ["1", "Đơn vị A", "88,00", "100,00", "88,00", "1/4", "Tốt", "–"],
        ["2", "Đơn vị B", "80,00", "100,00", "80,00", "2/4", "Tốt", "–"],
        ["3", "Đơn vị C", "80,00", "100,00", "80,00", "2/4", "Tốt", "–"],
        ["4", "Đơn vị D", "70,00", "100,00", "70,00", "4/4", "Khá", "–"],
    ]
    assert counts[0] == ["Xếp loại", "Năm 2022"] and counts[-1] == ["Tổng số", "4"]
    paragraph = texts(part)[0]
    assert paragraph == cd.highlights(res, 2022, G, scheme=SCHEME)
    assert paragraph.endswith("Chưa có số liệu năm trước để so sánh.")
    assert "Tăng, giảm nhiều nhất so với năm 2021" not in texts(part)
    assert ("Năm 2022 là năm đầu tiên khối Sở, ban, ngành có số liệu, nên không có so sánh với năm trước."
            in texts(groups(hm_2022)["Ghi chú phương pháp"]))


def one_unit_group() -> cd.Dataset:
    """five_units' departments in 2023, and a group of one district (H1: 15 + 20 + 16 + 40 = 91 points)."""
    five = handmade.five_units()
    h1 = handmade.scores({"H1": {"1.1.1": 15.0, "1.1.2": 20.0, "2.1.1": 16.0, "2.1.2": 40.0}})
    return cd.Dataset(
        methodology=pd.concat([five.methodology, handmade.methodology(handmade.AREAS, group=HUYEN)],
                              ignore_index=True),
        units=pd.concat([five.units, handmade.units(["H1"], group=HUYEN)], ignore_index=True),
        scores=pd.concat([five.scores, h1], ignore_index=True),
        bands=pd.concat([five.bands, SCHEME.to_frame(2023, HUYEN)], ignore_index=True),
    )


def test_a_group_of_one_unit_and_a_unit_with_an_item_not_applicable():
    ds = one_unit_group()
    res = cd.compute(ds)
    document = read(annual_report_docx(res, 2023, ds=ds))
    parts = groups(document)
    assert list(parts) == ["Sở, ban, ngành", "UBND cấp huyện", "Ghi chú phương pháp"]
    departments = tables(parts["Sở, ban, ngành"])[0]
    assert departments[3] == ["3", "Đơn vị U5", "68,32", "84,00", "81,33", "3/5", "Tốt", "–"]  # 68.32 / 84
    district = parts["UBND cấp huyện"]
    ranking, counts = tables(district)
    assert ranking[1:] == [["1", "Đơn vị H1", "91,00", "100,00", "91,00", "1/1", "Xuất sắc", "–"]]
    assert counts[1] == ["Xuất sắc", "1"] and counts[-1] == ["Tổng số", "1"]
    assert texts(district)[0] == cd.highlights(res, 2023, HUYEN, scheme=SCHEME) == (
        "Năm 2023, 1 đơn vị thuộc khối UBND cấp huyện được xếp hạng; chỉ số bình quân 91,00%. "
        "Dẫn đầu: Đơn vị H1 (91,00%). 1 đơn vị xếp loại Xuất sắc; không có đơn vị xếp loại Tốt, Khá, Trung bình, "
        "Yếu. Chưa có số liệu năm trước để so sánh.")
    assert len(document.inline_shapes) == 4
    assert document.paragraphs[[p.text for p in document.paragraphs].index("UBND cấp huyện")].paragraph_format \
        .page_break_before  # each group after the first starts a page


def test_units_not_assessed_are_named_under_the_table(five_units):
    s = five_units.scores
    ds = five_units.replace(scores=s[s["unit_id"] != "U3"].reset_index(drop=True),
                            not_assessed=pd.DataFrame({"year": [2023], "unit_id": ["U3"], "reason": ["Mới thành lập"]}))
    part = groups(read(annual_report_docx(cd.compute(ds), 2023, ds=ds)))["Sở, ban, ngành"]
    assert len(tables(part)[0]) == 1 + 4
    assert "Không đánh giá năm 2023 (1 đơn vị): Đơn vị U3 (Mới thành lập)." in texts(part)


def test_data_without_a_band_scheme(five_units):
    ds = five_units.replace(bands=pd.DataFrame())
    document = read(annual_report_docx(cd.compute(ds), 2023, ds=ds))
    ranking = tables(groups(document)["Sở, ban, ngành"])[0]
    assert {row[6] for row in ranking[1:]} == {"Chưa xếp loại"}
    note = texts(groups(document)["Ghi chú phương pháp"])
    assert "Sở, ban, ngành: Chưa có thang xếp loại cho năm và khối này." in note


def test_a_scheme_given_bands_every_unit_as_compute_would(hm):
    ds, res = hm
    document = read(annual_report_docx(res, 2023, bands="Tốt>=85; Khá", ds=ds))
    ranking = tables(groups(document)["Sở, ban, ngành"])[0]
    assert [row[6] for row in ranking[1:]] == ["Tốt", "Khá", "Khá"]  # A 100, B 80, E 70.5
    again = cd.compute(ds, "Tốt>=85; Khá")
    assert texts(groups(document)["Sở, ban, ngành"])[0] == cd.highlights(
        again, 2023, G, scheme=cd.BandScheme.parse("Tốt>=85; Khá"))
    note = texts(groups(document)["Ghi chú phương pháp"])
    assert "Thang xếp loại khối Sở, ban, ngành — Tốt: từ 85% trở lên; Khá: dưới 85%." in note
    assert "Thang xếp loại được chọn khi lập báo cáo, áp dụng cho mọi khối và mọi năm." in note


@pytest.mark.parametrize("scheme, lang, words", [
    ("A>=90; B>=80; C>=70", "vi", "A: từ 90% trở lên; B: từ 80% đến dưới 90%; C: từ 70% đến dưới 80%; "
                                  "dưới 70%: không xếp loại"),
    ("Tốt>=87,5; Yếu", "en", "Good: 87.50% and above; Weak: below 87.50%"),
    ("Yếu", "vi", "Yếu: mọi mức chỉ số"),
])
def test_a_scheme_in_the_words_of_a_decision(scheme, lang, words):
    assert decision_words(cd.BandScheme.parse(scheme), lang) == words


# --- the file -----------------------------------------------------------------------------

def test_an_existing_file_is_kept_unless_forced(tmp_path, hm, monkeypatch):
    ds, res = hm
    path = tmp_path / "bao_cao_2023.docx"
    path.write_bytes(b"keep")
    with monkeypatch.context() as m:  # refused before the document is built
        m.setattr(report_module, "annual_report_docx", lambda *a, **k: pytest.fail("built for nothing"))
        with pytest.raises(cd.ValidationError) as refused:
            annual_report(res, 2023, path, ds=ds)
    assert path.read_bytes() == b"keep"
    assert refused.value.problems[0].source == str(path) and "tệp đã tồn tại" in refused.value.problems[0].message_vi
    assert annual_report(res, 2023, path, force=True, ds=ds) == path
    assert docx.Document(str(path)).paragraphs[0].text.endswith("năm 2023")
    assert [p.name for p in tmp_path.iterdir()] == ["bao_cao_2023.docx"]  # no temporary file left


def test_a_missing_folder_a_year_without_results_and_other_frames_are_refused(tmp_path, hm):
    ds, res = hm
    with pytest.raises(cd.ValidationError, match="không tồn tại"):
        annual_report(res, 2023, tmp_path / "no" / "r.docx", ds=ds)
    with pytest.raises(cd.ValidationError) as no_year:
        annual_report(res, 2030, tmp_path / "r.docx", ds=ds)
    problem = no_year.value.problems[0]
    assert (problem.column, problem.message_vi, problem.message_en) == (
        "year", "không có kết quả năm 2030", "there are no results for 2030")
    with pytest.raises(cd.ValidationError, match="compute"):
        annual_report_docx(res[["year", "unit_id"]], 2023, ds=ds)
    assert list(tmp_path.iterdir()) == []


# --- the bundled demo -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo() -> tuple[cd.Dataset, pd.DataFrame]:
    ds = cd.load_sample()
    return ds, cd.compute(ds)


def each_group(res: pd.DataFrame, year: int) -> Iterator[tuple[str, pd.DataFrame]]:
    part = res[res["year"] == year]
    yield from part.groupby("group", sort=False)


def test_the_demos_latest_year_every_unit_once_with_the_figures_of_compute(demo):
    ds, res = demo
    year = int(res["year"].max())
    document = read(annual_report_docx(res, year, ds=ds))
    parts = groups(document)
    assert texts(document.paragraphs[:3])[2] == "⚠ Dữ liệu mô phỏng — không phải số liệu thật của tỉnh nào"
    for group, units in each_group(res, year):
        part = parts[group]
        assert texts(part)[0] == cd.highlights(res, year, group, scheme=cd.scheme_for(ds, year, group))
        ranking = tables(part)[0]
        assert ranking[0] == RANKING_HEAD
        shown = {row[1]: row[2:7] for row in ranking[1:]}
        assert len(ranking) - 1 == len(shown) == len(units)  # each unit once
        for r in units.itertuples():
            assert shown[r.unit_name] == [vi(r.score), vi(r.max_points), vi(r.index), f"{r.rank}/{r.rank_of}",
                                          r.band], r.unit_name
    assert len(document.inline_shapes) == 2 * len(parts.keys() - {"Ghi chú phương pháp"})


def test_the_demos_sipas_table_holds_each_surveyed_unit(demo):
    ds, res = demo
    document = read(annual_report_docx(res, 2025, ds=ds))
    sipas = tables(groups(document)["Sở, ban, ngành"])[3]
    assert sipas[0][:3] == ["STT", "Đơn vị", "Tỷ lệ hài lòng (%)"]
    sip = cd.sipas_index(ds)
    rates = sip[(sip["year"] == 2025) & (sip["level"] == "index")].merge(ds.units, on="unit_id")
    assert {row[1]: row[2] for row in sipas[1:]} == {n: vi(r) for n, r in zip(rates["unit_name"], rates["rate"])}
    assert sipas[1][5] == "1/17" and sipas[1][2] == vi(rates["rate"].max())
    note = texts(groups(document)["Ghi chú phương pháp"])
    assert any(x.startswith("Công thức tổng hợp chính thức") for x in note)
    assert "Sở Nông nghiệp và Phát triển nông thôn, Sở Tài nguyên và Môi trường sáp nhập vào " \
           "Sở Nông nghiệp và Môi trường năm 2025." in note
    assert "Khối UBND cấp huyện có kết quả năm 2024 nhưng không được đánh giá năm 2025." in note


def test_the_demo_in_english_names_the_methodology_change_of_2022(demo):
    ds, res = demo
    document = read(annual_report_docx(res, 2022, "en", ds=ds))
    parts = groups(document)
    assert document.paragraphs[0].text == "Report on the administrative reform index (PAR INDEX), 2022"
    assert list(parts) == ["Departments", "District People's Committees", "Notes on method"]
    for group, name in ((G, "Departments"), (HUYEN, "District People's Committees")):
        scheme = cd.scheme_for(ds, 2022, group)
        assert texts(parts[name])[0] == cd.highlights(res, 2022, group, lang="en", scheme=scheme)
        ranking = tables(parts[name])[0]
        assert ranking[0] == ["No.", "Unit", "Score", "Max. points", "Index (%)", "Rank", "Band", "Since last year"]
        assert {row[6] for row in ranking[1:]} <= {"Excellent", "Good", "Fair", "Average", "Weak"}
    leaves = ds.leaves()
    items = {y: int(((leaves["year"] == y) & (leaves["group"] == G)).sum()) for y in (2021, 2022)}
    note = texts(parts["Notes on method"])
    assert (f"In 2022 the criteria of Departments changed from 2021 (2021: 8 areas, {items[2021]} sub-criteria; "
            f"2022: 8 areas, {items[2022]} sub-criteria); read comparisons with the year before with care.") in note
    assert "2022: the SIPAS questionnaire changed; do not compare across it directly." in note
