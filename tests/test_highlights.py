"""render/highlights.py: the written highlights for hand-built cases, compared word for word.

First tests/handmade.py's two_years:

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


# --- a second hand-built province: every template, sentence by sentence ----------------------------
#
# Two groups, 2022 and 2023, the same four leaves as tests/handmade.py (15 + 25 + 16 + 44 = 100 points);
# a unit's index is its total (`full(t)`: 15 + 25 + 16 + (t − 56)). Bands: Xuất sắc ≥ 90, Tốt ≥ 80,
# Khá ≥ 65, Trung bình ≥ 50, Yếu; the district group has no scheme in 2022.
#
# Sở, ban, ngành  2022: B 92 (1, Xuất sắc), C 87 (2, Tốt), A 78 (3, Khá), D 70 (4, Khá); mean 327/4 = 81.75.
#                 2023: A 91 (1, Xuất sắc), C 86 (2, Tốt), B 84 and D 84 (joint 3, Tốt), N 60 (5, Trung bình,
#                 new in 2023); mean 405/5 = 81.00. A +13 (3 → 1), C −1 (2 → 2), B −8 (1 → 3), D +14 (4 → 3).
# UBND cấp huyện  2022: P 80 (1), R 75 (2), Q 70 (3), not banded; mean 75.00.
#                 2023: V 70/84 = 83.33 (1, Tốt; leaf 2.1.1 not applicable, new), P 80 (2, Tốt; the same
#                 index, 1 → 2), M 70 (3, Khá; Q and R merged into it); W has no applicable leaf: no index,
#                 no rank, no band; mean of the ranked (83.33 + 80 + 70) / 3 = 77.78.

H = "UBND cấp huyện"


def full(total: float) -> dict[str, float]:
    return {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": total - 56.0}


def province() -> cd.Dataset:
    import pandas as pd

    from .handmade import AREAS, methodology, scores

    meth = pd.concat([methodology(AREAS, y, g) for y in (2022, 2023) for g in (G, H)], ignore_index=True)
    units = pd.DataFrame(
        [("A", "Sở A", G, None, None, None), ("B", "Sở B", G, None, None, None), ("C", "Sở C", G, None, None, None),
         ("D", "Sở D", G, None, None, None), ("N", "Sở N", G, 2023, None, None),
         ("P", "UBND P", H, None, None, None), ("Q", "UBND Q", H, None, 2022, "M"), ("R", "UBND R", H, None, 2022, "M"),
         ("M", "UBND M", H, 2023, None, None), ("V", "UBND V", H, 2023, None, None),
         ("W", "UBND W", H, 2023, None, None)],
        columns=["unit_id", "unit_name", "group", "valid_from", "valid_to", "successor_id"])
    t2022 = {"A": full(78), "B": full(92), "C": full(87), "D": full(70), "P": full(80), "Q": full(70), "R": full(75)}
    t2023 = {"A": full(91), "B": full(84), "C": full(86), "D": full(84), "N": full(60), "P": full(80), "M": full(70),
             "V": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": None, "2.1.2": 30.0},
             "W": {"1.1.1": None, "1.1.2": None, "2.1.1": None, "2.1.2": None}}
    return cd.Dataset(
        methodology=meth, units=units,
        scores=pd.concat([scores(t2022, 2022), scores(t2023, 2023)], ignore_index=True),
        bands=pd.concat([SCHEME.to_frame(2022, G), SCHEME.to_frame(2023, G), SCHEME.to_frame(2023, H)],
                        ignore_index=True))


@pytest.fixture(scope="module")
def prov():
    return cd.compute(province())


UNIT_SENTENCES = {
    # a rise in index and rank, band up
    (2023, "A"): (
        "Sở A đạt 91,00 điểm (giá trị trung bình 81,00), xếp thứ 1/5 các sở, ban, ngành, xếp loại Xuất sắc. "
        "So với năm 2022, chỉ số tăng 13,00 điểm, tăng 2 bậc (từ 3/4), chuyển từ loại Khá sang loại Xuất sắc.",
        "Sở A scored 91.00 points (group mean 81.00), ranked 1/5 among Departments, rated Excellent. "
        "Compared with 2022, the index rose 13.00 points, up 2 places (from 3/4), from Fair to Excellent.",
    ),
    # a fall in index and rank, band down, a tie
    (2023, "B"): (
        "Sở B đạt 84,00 điểm (giá trị trung bình 81,00), đồng hạng 3/5 các sở, ban, ngành, xếp loại Tốt. "
        "So với năm 2022, chỉ số giảm 8,00 điểm, giảm 2 bậc (từ 1/4), chuyển từ loại Xuất sắc sang loại Tốt.",
        "Sở B scored 84.00 points (group mean 81.00), ranked joint 3/5 among Departments, rated Good. "
        "Compared with 2022, the index fell 8.00 points, down 2 places (from 1/4), from Excellent to Good.",
    ),
    # a fall of the index at the same rank and band
    (2023, "C"): (
        "Sở C đạt 86,00 điểm (giá trị trung bình 81,00), xếp thứ 2/5 các sở, ban, ngành, xếp loại Tốt. "
        "So với năm 2022, chỉ số giảm 1,00 điểm, giữ nguyên thứ hạng.",
        "Sở C scored 86.00 points (group mean 81.00), ranked 2/5 among Departments, rated Good. "
        "Compared with 2022, the index fell 1.00 points, same rank.",
    ),
    # up one place (one place, not "places"), into a tie, band up
    (2023, "D"): (
        "Sở D đạt 84,00 điểm (giá trị trung bình 81,00), đồng hạng 3/5 các sở, ban, ngành, xếp loại Tốt. "
        "So với năm 2022, chỉ số tăng 14,00 điểm, tăng 1 bậc (từ 4/4), chuyển từ loại Khá sang loại Tốt.",
        "Sở D scored 84.00 points (group mean 81.00), ranked joint 3/5 among Departments, rated Good. "
        "Compared with 2022, the index rose 14.00 points, up 1 place (from 4/4), from Fair to Good.",
    ),
    # a unit without a previous year (new in 2023, no predecessor)
    (2023, "N"): (
        "Sở N đạt 60,00 điểm (giá trị trung bình 81,00), xếp thứ 5/5 các sở, ban, ngành, xếp loại Trung bình. "
        "Chưa có số liệu năm trước để so sánh.",
        "Sở N scored 60.00 points (group mean 81.00), ranked 5/5 among Departments, rated Average. "
        "There is no previous year to compare with.",
    ),
    # the first year of the data
    (2022, "A"): (
        "Sở A đạt 78,00 điểm (giá trị trung bình 81,75), xếp thứ 3/4 các sở, ban, ngành, xếp loại Khá. "
        "Chưa có số liệu năm trước để so sánh.",
        "Sở A scored 78.00 points (group mean 81.75), ranked 3/4 among Departments, rated Fair. "
        "There is no previous year to compare with.",
    ),
    # no band scheme that year; a group whose name keeps its capitals ("các UBND …")
    (2022, "P"): (
        "UBND P đạt 80,00 điểm (giá trị trung bình 75,00), xếp thứ 1/3 các UBND cấp huyện, chưa xếp loại. "
        "Chưa có số liệu năm trước để so sánh.",
        "UBND P scored 80.00 points (group mean 75.00), ranked 1/3 among District People's Committees, not banded. "
        "There is no previous year to compare with.",
    ),
    # the same index, one place down; not banded the year before, so no band move is told
    (2023, "P"): (
        "UBND P đạt 80,00 điểm (giá trị trung bình 73,33), xếp thứ 2/3 các UBND cấp huyện, xếp loại Tốt. "
        "So với năm 2022, chỉ số giữ nguyên, giảm 1 bậc (từ 1/3).",
        "UBND P scored 80.00 points (group mean 73.33), ranked 2/3 among District People's Committees, rated Good. "
        "Compared with 2022, the index stayed the same, down 1 place (from 1/3).",
    ),
    # a merger
    (2023, "M"): (
        "UBND M đạt 70,00 điểm (giá trị trung bình 73,33), xếp thứ 3/3 các UBND cấp huyện, xếp loại Khá. "
        "Năm 2023, đơn vị được hình thành từ UBND Q và UBND R; không so sánh chỉ số với năm trước.",
        "UBND M scored 70.00 points (group mean 73.33), ranked 3/3 among District People's Committees, rated Fair. "
        "In 2023 the unit was formed from UBND Q and UBND R; its index is not compared with the year before.",
    ),
    # a maximum other than 100 (a leaf not applicable): points of the maximum, the index and the mean index
    (2023, "V"): (
        "UBND V đạt 70,00/84,00 điểm, chỉ số 83,33% (giá trị trung bình 77,78%), xếp thứ 1/3 các UBND cấp huyện, "
        "xếp loại Tốt. Chưa có số liệu năm trước để so sánh.",
        "UBND V scored 70.00 of 84.00 points, an index of 83.33% (group mean 77.78%), ranked 1/3 among District "
        "People's Committees, rated Good. There is no previous year to compare with.",
    ),
    # no applicable leaf: no index that year (not "0,00/0,00 điểm, chỉ số –%"), not ranked, not banded
    (2023, "W"): (
        "UBND W không có chỉ số năm 2023, chưa được xếp hạng, chưa xếp loại. "
        "Chưa có số liệu năm trước để so sánh.",
        "UBND W has no index in 2023, not ranked, not banded. "
        "There is no previous year to compare with.",
    ),
}


@pytest.mark.parametrize("year,unit", list(UNIT_SENTENCES))
def test_each_units_sentences_in_both_languages(prov, year, unit):
    vi, en = UNIT_SENTENCES[(year, unit)]
    group = G if unit in "ABCDN" else H
    assert cd.highlights(prov, year, group, unit) == vi
    assert cd.highlights(prov, year, group, unit, lang="en") == en


GROUP_SENTENCES = {
    # a first year; three leaders without a tie; empty bands of the scheme named
    (2022, G): (
        "Năm 2022, 4 đơn vị thuộc khối Sở, ban, ngành được xếp hạng; chỉ số bình quân 81,75%. "
        "Dẫn đầu: Sở B (92,00%), Sở C (87,00%), Sở A (78,00%). "
        "1 đơn vị xếp loại Xuất sắc, 1 Tốt, 2 Khá; không có đơn vị xếp loại Trung bình, Yếu. "
        "Chưa có số liệu năm trước để so sánh.",
        "In 2022, 4 units of Departments were ranked; the mean index was 81.75%. "
        "Leading: Sở B (92.00%), Sở C (87.00%), Sở A (78.00%). "
        "1 unit rated Excellent, 1 Good, 2 Fair; none rated Average, Weak. "
        "There is no previous year to compare with.",
    ),
    # a tie among the leaders (four units in the top three); the biggest rise (D +14, not A +13) and
    # the biggest fall (B −8, not C −1); the new unit N is not a mover
    (2023, G): (
        "Năm 2023, 5 đơn vị thuộc khối Sở, ban, ngành được xếp hạng; chỉ số bình quân 81,00%. "
        "Dẫn đầu: Sở A (91,00%), Sở C (86,00%), Sở B và Sở D đồng hạng 3 (84,00%). "
        "1 đơn vị xếp loại Xuất sắc, 3 Tốt, 1 Trung bình; không có đơn vị xếp loại Khá, Yếu. "
        "Tăng nhiều nhất: Sở D (+14,00 điểm). Giảm nhiều nhất: Sở B (-8,00 điểm).",
        "In 2023, 5 units of Departments were ranked; the mean index was 81.00%. "
        "Leading: Sở A (91.00%), Sở C (86.00%), Sở B and Sở D, joint 3 (84.00%). "
        "1 unit rated Excellent, 3 Good, 1 Average; none rated Fair, Weak. "
        "Biggest rise: Sở D (+14.00 points). Biggest fall: Sở B (-8.00 points).",
    ),
    # no band in the results (no scheme for the year), whatever scheme is passed
    (2022, H): (
        "Năm 2022, 3 đơn vị thuộc khối UBND cấp huyện được xếp hạng; chỉ số bình quân 75,00%. "
        "Dẫn đầu: UBND P (80,00%), UBND R (75,00%), UBND Q (70,00%). Chưa có thang xếp loại. "
        "Chưa có số liệu năm trước để so sánh.",
        "In 2022, 3 units of District People's Committees were ranked; the mean index was 75.00%. "
        "Leading: UBND P (80.00%), UBND R (75.00%), UBND Q (70.00%). There is no band scheme. "
        "There is no previous year to compare with.",
    ),
    # W (no index) is not counted; a previous year but no unit rose or fell (P the same, V and M new):
    # neither a mover sentence nor "no previous year"
    (2023, H): (
        "Năm 2023, 3 đơn vị thuộc khối UBND cấp huyện được xếp hạng; chỉ số bình quân 77,78%. "
        "Dẫn đầu: UBND V (83,33%), UBND P (80,00%), UBND M (70,00%). "
        "2 đơn vị xếp loại Tốt, 1 Khá; không có đơn vị xếp loại Xuất sắc, Trung bình, Yếu.",
        "In 2023, 3 units of District People's Committees were ranked; the mean index was 77.78%. "
        "Leading: UBND V (83.33%), UBND P (80.00%), UBND M (70.00%). "
        "2 units rated Good, 1 Fair; none rated Excellent, Average, Weak.",
    ),
}


@pytest.mark.parametrize("year,group", list(GROUP_SENTENCES))
def test_each_groups_sentences_in_both_languages(prov, year, group):
    vi, en = GROUP_SENTENCES[(year, group)]
    assert cd.highlights(prov, year, group, scheme=SCHEME) == vi
    assert cd.highlights(prov, year, group, scheme=SCHEME, lang="en") == en


def test_the_group_paragraph_does_not_depend_on_the_row_order(prov):
    """Leaders, ties and bands come from ranks and names, not from where a row sits."""
    backwards = prov.iloc[::-1].reset_index(drop=True)
    for (year, group), (vi, en) in GROUP_SENTENCES.items():
        assert cd.highlights(backwards, year, group, scheme=SCHEME) == vi
        assert cd.highlights(backwards, year, group, scheme=SCHEME, lang="en") == en


def test_without_a_scheme_the_bands_present_are_counted_best_first(prov):
    """No scheme: no empty band can be named; the bands present are listed from the best unit's down
    (the order of the row does not matter)."""
    expected = {
        (2023, G, "vi"): "1 đơn vị xếp loại Xuất sắc, 3 Tốt, 1 Trung bình.",
        (2023, G, "en"): "1 unit rated Excellent, 3 Good, 1 Average.",
        (2023, H, "vi"): "2 đơn vị xếp loại Tốt, 1 Khá.",
        (2022, H, "en"): "There is no band scheme.",
    }
    for (year, group, lang), sentence in expected.items():
        for frame in (prov, prov.iloc[::-1]):
            paragraph = cd.highlights(frame, year, group, lang=lang)
            assert f". {sentence} " in paragraph + " ", (year, group, lang, paragraph)


def test_the_satisfaction_index_joins_the_unit_sentence_from_highlights(prov):
    """`highlights(…, sipas=…)` with a SIPAS index frame built by hand: A 2023 75.5 and C 2023 90.25
    (A 2nd of the 2 surveyed departments); the other rows (another year, a component, a district) are
    not A's index in 2023."""
    import pandas as pd

    sip = pd.DataFrame({"year": [2023, 2023, 2022, 2023, 2023], "unit_id": ["A", "C", "A", "A", "P"],
                        "level": ["index", "index", "index", "component", "index"],
                        "key": ["index", "index", "index", "Công chức", "index"],
                        "rate": [75.5, 90.25, 99.0, 10.0, 95.0]})
    assert cd.highlights(prov, 2023, G, "A", sipas=sip) == (
        "Sở A đạt 91,00 điểm (giá trị trung bình 81,00), xếp thứ 1/5 các sở, ban, ngành, xếp loại Xuất sắc; "
        "chỉ số hài lòng 75,50% (2/2). "
        "So với năm 2022, chỉ số tăng 13,00 điểm, tăng 2 bậc (từ 3/4), chuyển từ loại Khá sang loại Xuất sắc.")
    assert cd.highlights(prov, 2023, G, "C", lang="en", sipas=sip).startswith(
        "Sở C scored 86.00 points (group mean 81.00), ranked 2/5 among Departments, rated Good; "
        "satisfaction index 90.25% (1/2). Compared with 2022")
    assert cd.highlights(prov, 2023, G, "B", sipas=sip) == cd.highlights(prov, 2023, G, "B")  # not surveyed


# --- unit_paragraph on profiles written out by hand: the branches no data set above reaches ------


def hand_profile(**changes) -> cd.Profile:
    """A department with 100 points of maximum, 2nd of 12, Tốt; 2022: 3rd of 12, Khá, 1.5 points lower."""
    import dataclasses

    import pandas as pd

    from cchc_dash.analyses.profile import Previous

    previous = Previous(year=2022, names=("Sở X",), index=80.0, rank=3, rank_of=12, band="Khá", change=1.5,
                        rank_change=1, merged=False)
    empty = pd.DataFrame()
    base = cd.Profile(year=2023, group=G, unit_id="X", unit_name="Sở X", score=81.5, max_points=100.0, index=81.5,
                      rank=2, rank_of=12, band="Tốt", group_mean=75.0, group_mean_score=75.0, tied=False,
                      previous=previous, areas=empty, strengths=empty, weaknesses=empty, cuts=empty,
                      headroom=empty)
    prev_changes = {k.removeprefix("prev_"): changes.pop(k) for k in list(changes) if k.startswith("prev_")}
    if prev_changes:
        changes["previous"] = dataclasses.replace(previous, **prev_changes)
    return dataclasses.replace(base, **changes)


HEAD_VI = "Sở X đạt 81,50 điểm (giá trị trung bình 75,00), xếp thứ 2/12 các sở, ban, ngành, xếp loại Tốt."
HEAD_EN = "Sở X scored 81.50 points (group mean 75.00), ranked 2/12 among Departments, rated Good."


@pytest.mark.parametrize(
    "changes,vi,en",
    [
        ({}, "So với năm 2022, chỉ số tăng 1,50 điểm, tăng 1 bậc (từ 3/12), chuyển từ loại Khá sang loại Tốt.",
         "Compared with 2022, the index rose 1.50 points, up 1 place (from 3/12), from Fair to Good."),
        # a change under 0.005 shows as 0,00: the index "stayed the same"; at 0.005 or more it moved
        ({"prev_change": 0.004, "prev_band": "Tốt"}, "So với năm 2022, chỉ số giữ nguyên, tăng 1 bậc (từ 3/12).",
         "Compared with 2022, the index stayed the same, up 1 place (from 3/12)."),
        ({"prev_change": -0.004, "prev_band": "Tốt"}, "So với năm 2022, chỉ số giữ nguyên, tăng 1 bậc (từ 3/12).",
         "Compared with 2022, the index stayed the same, up 1 place (from 3/12)."),
        ({"prev_change": 0.005, "prev_band": "Tốt"}, "So với năm 2022, chỉ số tăng 0,01 điểm, tăng 1 bậc (từ 3/12).",
         "Compared with 2022, the index rose 0.01 points, up 1 place (from 3/12)."),
        ({"prev_change": -0.006, "prev_band": "Tốt"},
         "So với năm 2022, chỉ số giảm 0,01 điểm, tăng 1 bậc (từ 3/12).",
         "Compared with 2022, the index fell 0.01 points, up 1 place (from 3/12)."),
        # places: several up, one down, several down, the same
        ({"prev_rank_change": 3, "prev_rank": 5}, "So với năm 2022, chỉ số tăng 1,50 điểm, tăng 3 bậc (từ 5/12), "
         "chuyển từ loại Khá sang loại Tốt.",
         "Compared with 2022, the index rose 1.50 points, up 3 places (from 5/12), from Fair to Good."),
        ({"prev_rank_change": -1, "prev_rank": 1, "prev_band": "Tốt"},
         "So với năm 2022, chỉ số tăng 1,50 điểm, giảm 1 bậc (từ 1/12).",
         "Compared with 2022, the index rose 1.50 points, down 1 place (from 1/12)."),
        ({"prev_rank_change": -4, "prev_rank": 1, "prev_band": "Tốt"},
         "So với năm 2022, chỉ số tăng 1,50 điểm, giảm 4 bậc (từ 1/12).",
         "Compared with 2022, the index rose 1.50 points, down 4 places (from 1/12)."),
        ({"prev_rank_change": 0, "prev_rank": 2, "prev_band": "Tốt"},
         "So với năm 2022, chỉ số tăng 1,50 điểm, giữ nguyên thứ hạng.",
         "Compared with 2022, the index rose 1.50 points, same rank."),
        # not ranked the year before, or no rank change known: nothing about places
        ({"prev_rank": None, "prev_band": "Tốt"}, "So với năm 2022, chỉ số tăng 1,50 điểm.",
         "Compared with 2022, the index rose 1.50 points."),
        ({"prev_rank_change": None, "prev_band": "Tốt"}, "So với năm 2022, chỉ số tăng 1,50 điểm.",
         "Compared with 2022, the index rose 1.50 points."),
        # not banded the year before, or not banded now: no band move
        ({"prev_band": float("nan")}, "So với năm 2022, chỉ số tăng 1,50 điểm, tăng 1 bậc (từ 3/12).",
         "Compared with 2022, the index rose 1.50 points, up 1 place (from 3/12)."),
        # one predecessor without a comparable index: worded as the unit's origin
        ({"prev_change": float("nan")},
         "Năm 2023, đơn vị được hình thành từ Sở X; không so sánh chỉ số với năm trước.",
         "In 2023 the unit was formed from Sở X; its index is not compared with the year before."),
        # three predecessors
        ({"prev_merged": True, "prev_names": ("Sở X1", "Sở X2", "Sở X3")},
         "Năm 2023, đơn vị được hình thành từ Sở X1, Sở X2 và Sở X3; không so sánh chỉ số với năm trước.",
         "In 2023 the unit was formed from Sở X1, Sở X2 and Sở X3; its index is not compared with the year before."),
        ({"previous": None}, "Chưa có số liệu năm trước để so sánh.", "There is no previous year to compare with."),
    ],
)
def test_the_change_since_last_year_in_words(changes, vi, en):
    assert cd.unit_paragraph(hand_profile(**changes)) == f"{HEAD_VI} {vi}"
    assert cd.unit_paragraph(hand_profile(**changes), "en") == f"{HEAD_EN} {en}"


NO_INDEX = {"score": 0.0, "max_points": 0.0, "index": float("nan"), "rank": None, "rank_of": None,
            "band": float("nan")}


@pytest.mark.parametrize(
    "changes,vi,en",
    [
        # no previous year
        ({"previous": None},
         "Sở X không có chỉ số năm 2023, chưa được xếp hạng, chưa xếp loại. Chưa có số liệu năm trước để so sánh.",
         "Sở X has no index in 2023, not ranked, not banded. There is no previous year to compare with."),
        # an index the year before (3rd of 12, Khá): nothing to compare it with, no "formed from Sở X"
        ({"prev_change": float("nan"), "prev_rank_change": None},
         "Sở X không có chỉ số năm 2023, chưa được xếp hạng, chưa xếp loại. "
         "Không có chỉ số để so sánh với năm 2022.",
         "Sở X has no index in 2023, not ranked, not banded. There is no index to compare with 2022."),
        # merged from two units: said as for a unit with an index
        ({"prev_merged": True, "prev_names": ("Sở X1", "Sở X2"), "prev_index": float("nan"), "prev_rank": None,
          "prev_rank_of": None, "prev_band": None, "prev_change": float("nan"), "prev_rank_change": None},
         "Sở X không có chỉ số năm 2023, chưa được xếp hạng, chưa xếp loại. "
         "Năm 2023, đơn vị được hình thành từ Sở X1 và Sở X2; không so sánh chỉ số với năm trước.",
         "Sở X has no index in 2023, not ranked, not banded. "
         "In 2023 the unit was formed from Sở X1 and Sở X2; its index is not compared with the year before."),
        # a maximum of 100 does not bring back "đạt … điểm"; a SIPAS index is still told
        ({"max_points": 100.0, "sipas": (75.0, 2, 9), "previous": None},
         "Sở X không có chỉ số năm 2023, chưa được xếp hạng, chưa xếp loại; chỉ số hài lòng 75,00% (2/9). "
         "Chưa có số liệu năm trước để so sánh.",
         "Sở X has no index in 2023, not ranked, not banded; satisfaction index 75.00% (2/9). "
         "There is no previous year to compare with."),
    ],
)
def test_a_unit_without_an_index_is_said_to_have_none(changes, vi, en):
    """No item applied to the unit that year: no score out of 0, no "chỉ số –%", no change."""
    p = hand_profile(**{**NO_INDEX, **changes})
    assert cd.unit_paragraph(p) == vi
    assert cd.unit_paragraph(p, "en") == en


def test_a_current_band_missing_means_no_band_move():
    p = hand_profile(band=float("nan"))
    assert cd.unit_paragraph(p) == (
        "Sở X đạt 81,50 điểm (giá trị trung bình 75,00), xếp thứ 2/12 các sở, ban, ngành, chưa xếp loại. "
        "So với năm 2022, chỉ số tăng 1,50 điểm, tăng 1 bậc (từ 3/12).")


@pytest.mark.parametrize(
    "group,vi,en",
    [
        ("Khối Đảng", "xếp thứ 2/12 các khối Đảng", "ranked 2/12 among Khối Đảng"),  # first letter lowered in vi only
        ("UBND cấp xã", "xếp thứ 2/12 các UBND cấp xã", "ranked 2/12 among Commune People's Committees"),
        ("X", "xếp thứ 2/12 các X", "ranked 2/12 among X"),  # one letter: kept
        ("Sở", "xếp thứ 2/12 các sở", "ranked 2/12 among Sở"),
    ],
)
def test_the_group_in_the_sentence(group, vi, en):
    p = hand_profile(group=group)
    assert f"{vi}, xếp loại Tốt." in cd.unit_paragraph(p)
    assert f"{en}, rated Good." in cd.unit_paragraph(p, "en")


def test_a_satisfaction_index_without_a_rank_and_a_maximum_near_100():
    """A SIPAS index that could not be ranked shows "–"; a maximum of 100 up to float noise is 100."""
    p = hand_profile(sipas=(66.666, None, 7), max_points=100 + 1e-12, previous=None)
    assert cd.unit_paragraph(p) == (
        "Sở X đạt 81,50 điểm (giá trị trung bình 75,00), xếp thứ 2/12 các sở, ban, ngành, xếp loại Tốt; "
        "chỉ số hài lòng 66,67% (–/7). Chưa có số liệu năm trước để so sánh.")
    assert cd.unit_paragraph(hand_profile(max_points=99.99, index=81.51, group_mean=74.5), "en").startswith(
        "Sở X scored 81.50 of 99.99 points, an index of 81.51% (group mean 74.50%), ranked 2/12")


def test_the_profiles_opening_names_the_group_mean_index():
    """mean_index=True (the profile's summary): score out of the maximum, the index and the group's
    mean index, each named, even with a maximum of 100 where the announcement gives points only."""
    p = hand_profile(max_points=100.0, index=81.5, group_mean=76.25, previous=None)
    assert cd.unit_paragraph(p, mean_index=True).startswith(
        "Sở X đạt 81,50/100,00 điểm, chỉ số 81,50% (chỉ số bình quân của khối: 76,25%), xếp thứ 2/12")
    assert cd.unit_paragraph(p, "en", mean_index=True).startswith(
        "Sở X scored 81.50 of 100.00 points, an index of 81.50% (the group's mean index: 76.25%), ranked 2/12")


def test_every_template_is_used_by_the_sentences_above():
    """Each wording in TEMPLATES appears in at least one expected sentence of this file, in both languages."""
    import re
    from pathlib import Path

    from cchc_dash.render.highlights import TEMPLATES

    source = Path(__file__).read_text(encoding="utf-8").replace('"\n        "', "").replace('"\n         "', "")
    for key, pair in TEMPLATES.items():
        for text in pair:
            fixed = [part for part in re.split(r"\{[^}]*\}", text) if part.strip(" ,.;")]
            for part in fixed:
                assert part in source, (key, part)
