"""text.py: the written highlights for hand-built cases, compared word for word (tests/handmade.py: two_years).

2022: A 88 (Tốt), B 80 and C 80 (Tốt, tied 2nd), D 70 (Khá); mean 79.5.
2023: A 100 (Xuất sắc), B 80 (Tốt), E 70.5 (Khá, C and D merged); mean 83.5.
"""

from __future__ import annotations

import pytest

import cchc_dash as cd

from .handmade import G, two_years

SCHEME = cd.BandScheme.parse("Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu")


@pytest.fixture(scope="module")
def res():
    return cd.compute(two_years())


def test_unit_that_moved_band(res):
    assert cd.highlights(res, 2023, G, "A") == (
        "Đơn vị A đạt 100,00 điểm (giá trị trung bình 83,50), xếp thứ 1/3 các sở, ban, ngành, xếp loại Xuất sắc. "
        "So với năm 2022, chỉ số tăng 12,00 điểm, giữ nguyên thứ hạng, chuyển từ loại Tốt sang loại Xuất sắc.")
    assert cd.highlights(res, 2023, G, "A", lang="en") == (
        "Đơn vị A scored 100.00 points (group mean 83.50), ranked 1/3 among Departments, rated Excellent. "
        "Compared with 2022, the index rose 12.00 points, same rank, from Good to Excellent.")


def test_a_tie_in_a_first_year(res):
    assert cd.highlights(res, 2022, G, "C") == (
        "Đơn vị C đạt 80,00 điểm (giá trị trung bình 79,50), đồng hạng 2/4 các sở, ban, ngành, xếp loại Tốt. "
        "Chưa có số liệu năm trước để so sánh.")
    assert cd.highlights(res, 2022, G, "C", lang="en").startswith(
        "Đơn vị C scored 80.00 points (group mean 79.50), ranked joint 2/4 among Departments, rated Good.")


def test_a_merged_unit_and_an_unchanged_index(res):
    assert cd.highlights(res, 2023, G, "E").endswith(
        "Năm 2023, đơn vị được hình thành từ Đơn vị C và Đơn vị D; không so sánh chỉ số với năm trước.")
    assert cd.highlights(res, 2023, G, "B").endswith("So với năm 2022, chỉ số giữ nguyên, giữ nguyên thứ hạng.")


def test_group_paragraph_with_a_tie_and_empty_bands_in_a_first_year(res):
    assert cd.highlights(res, 2022, G, scheme=SCHEME) == (
        "Năm 2022, 4 đơn vị thuộc khối Sở, ban, ngành được xếp hạng; chỉ số bình quân 79,50%. "
        "Dẫn đầu: Đơn vị A (88,00%), Đơn vị B và Đơn vị C đồng hạng 2 (80,00%). "
        "3 đơn vị xếp loại Tốt, 1 Khá; không có đơn vị xếp loại Xuất sắc, Trung bình, Yếu. "
        "Chưa có số liệu năm trước để so sánh.")


def test_group_paragraph_with_movers_in_english(res):
    assert cd.highlights(res, 2023, G, scheme=SCHEME, lang="en") == (
        "In 2023, 3 units of Departments were ranked; the mean index was 83.50%. "
        "Leading: Đơn vị A (100.00%), Đơn vị B (80.00%), Đơn vị E (70.50%). "
        "1 unit rated Excellent, 1 Good, 1 Fair; none rated Average, Weak. "
        "Biggest rise: Đơn vị A (+12.00 points).")


def test_without_a_scheme_only_the_bands_present_are_counted(res):
    assert "3 đơn vị xếp loại Tốt, 1 Khá." in cd.highlights(res, 2022, G)


def test_the_satisfaction_index_and_its_rank_join_the_sentence():
    """2023 survey by hand: A — Q1 answers 5, 4, 2 (2 of 3 satisfied: 66.67), Q2 5, 5 (100): index
    (66.67 + 100) / 2 = 83.33, 1st of 2; B — Q1 4 (100), Q2 1 (0): 50.00, 2nd; E not surveyed."""
    import pandas as pd

    base = two_years()
    questions = pd.DataFrame({"year": [2023, 2023], "question_id": ["Q1", "Q2"],
                              "component": ["Tiếp cận dịch vụ", "Thủ tục hành chính"], "text": ["…", "…"]})
    rows = [
        ("A", "r1", "Q1", 5),
        ("A", "r2", "Q1", 4),
        ("A", "r3", "Q1", 2),
        ("A", "r1", "Q2", 5),
        ("A", "r2", "Q2", 5),
        ("B", "r4", "Q1", 4),
        ("B", "r4", "Q2", 1),
    ]
    answers = pd.DataFrame(
        [(2023, *r) for r in rows], columns=["year", "unit_id", "respondent_id", "question_id", "answer"]
    )
    ds = cd.Dataset(
        methodology=base.methodology,
        units=base.units,
        scores=base.scores.drop(columns="group"),
        bands=base.bands,
        sipas_questions=questions,
        sipas_answers=answers,
    )
    res, sip = cd.compute(ds), cd.sipas_index(ds)
    a = cd.profile(res, "A", 2023, ds, sipas=sip)
    assert a.sipas == pytest.approx((250 / 3, 1, 2))
    assert "xếp loại Xuất sắc; chỉ số hài lòng 83,33% (1/2). So với năm 2022" in cd.unit_paragraph(a)
    assert "rated Good; satisfaction index 50.00% (2/2)." in cd.unit_paragraph(
        cd.profile(res, "B", 2023, ds, sipas=sip), "en"
    )
    assert cd.profile(res, "E", 2023, ds, sipas=sip).sipas is None
