"""Band schemes (DESIGN §3, §5): parse, classify, points to the next band, rejections."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.core.bands import threshold_steps
from cchc_dash.core.years import YearRange

FIVE = "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"


# -- parse ---------------------------------------------------------------------------

def test_parse_five_band_scheme():
    """Labels best first, inclusive minima, and a floor band without threshold."""
    s = cd.BandScheme.parse(FIVE)
    assert s.labels == ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu")
    assert s.minima == (90.0, 80.0, 65.0, 50.0, None)


def test_parse_accepts_unicode_ge_and_decimal_comma():
    """"≥" works like ">=" and "85,5" is 85.5 (Vietnamese decimal comma)."""
    s = cd.BandScheme.parse("Tốt ≥ 85,5; Khá≥70; Yếu")
    assert s.labels == ("Tốt", "Khá", "Yếu")
    assert s.minima == (85.5, 70.0, None)


def test_parse_national_groups_without_floor():
    """"A>=90; B>=80; C>=70" has no floor band: below 70 is unclassified (NaN)."""
    s = cd.BandScheme.parse("A>=90; B>=80; C>=70")
    assert s.labels == ("A", "B", "C")
    assert s.minima == (90.0, 80.0, 70.0)
    got = s.classify(pd.Series([95.0, 90.0, 89.99, 80.0, 70.0, 69.99, 10.0]))
    assert got.iloc[:5].tolist() == ["A", "A", "B", "B", "C"]
    assert got.iloc[5:].isna().all()


# -- classify ------------------------------------------------------------------------

def test_classify_highest_band_whose_minimum_is_reached():
    """Each index gets the highest band with min_index ≤ index; edges are inclusive."""
    s = cd.BandScheme.parse(FIVE)
    values = [100.0, 90.0, 89.999, 80.0, 79.99, 65.0, 64.99, 50.0, 49.99, 0.0]
    expected = ["Xuất sắc", "Xuất sắc", "Tốt", "Tốt", "Khá", "Khá", "Trung bình", "Trung bình", "Yếu", "Yếu"]
    assert s.classify(pd.Series(values)).tolist() == expected


def test_classify_keeps_index_and_accepts_arrays():
    """classify returns labels aligned with the input's index; a NaN index has no band."""
    s = cd.BandScheme.parse(FIVE)
    got = s.classify(pd.Series([91.0, np.nan, 55.0], index=[10, 20, 30]))
    assert list(got.index) == [10, 20, 30]
    assert got[10] == "Xuất sắc" and got[30] == "Trung bình"
    assert pd.isna(got[20])
    assert s.classify(np.array([66.0, 12.0])).tolist() == ["Khá", "Yếu"]


# -- next band -----------------------------------------------------------------------

@pytest.mark.parametrize("index, label, points", [
    (86.8, "Xuất sắc", 3.2),
    (80.0, "Xuất sắc", 10.0),      # already Tốt: the next band up is Xuất sắc
    (79.5, "Tốt", 0.5),
    (62.0, "Khá", 3.0),
    (40.0, "Trung bình", 10.0),
])
def test_next_band_points_needed(index, label, points):
    """next_band gives the next band up and the index points still missing to reach it."""
    got_label, got_points = cd.BandScheme.parse(FIVE).next_band(index)
    assert got_label == label
    assert got_points == pytest.approx(points)


def test_next_band_at_the_top():
    """In the best band there is no next band and nothing is missing."""
    assert cd.BandScheme.parse(FIVE).next_band(95.0) == (None, 0.0)
    assert cd.BandScheme.parse(FIVE).next_band(90.0) == (None, 0.0)


# -- rejections ----------------------------------------------------------------------

REJECTED = {
    # case: (scheme text, words the English message must contain)
    "unsorted thresholds": ("Tốt>=80; Xuất sắc>=90; Yếu", "decrease"),
    "duplicate threshold": ("Xuất sắc>=90; Tốt>=80; Khá>=80; Yếu", "threshold 80 appears twice"),
    "duplicate label": ("Tốt>=90; Tốt>=80; Yếu", "label 'Tốt' appears twice"),
    "threshold above 100": ("Xuất sắc>=101; Tốt>=80; Yếu", "0–100"),
    "band without threshold not last": ("Xuất sắc>=90; Tốt; Khá>=65; Yếu", "only the last band"),
    "empty text": ("   ", "empty"),
    "garbage text": ("Tốt>80; Khá", "cannot read"),
}


@pytest.mark.parametrize("text, words", list(REJECTED.values()), ids=list(REJECTED))
def test_parse_rejects(text, words):
    """Each kind of bad scheme raises cd.ValidationError with a message in vi and en."""
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse(text)
    problems = err.value.problems
    assert len(problems) == 1
    assert words in problems[0].message_en
    assert problems[0].message_vi and problems[0].message_vi != problems[0].message_en


def test_rejection_messages_are_distinct():
    """The different mistakes are told apart: no two rejections share a message."""
    messages = []
    for text, _ in REJECTED.values():
        with pytest.raises(cd.ValidationError) as err:
            cd.BandScheme.parse(text)
        messages.append(err.value.problems[0].message_en)
    assert len(set(messages)) == len(messages)


def test_negative_threshold_rejected_by_constructor():
    """A threshold below 0 is out of range."""
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme(("Tốt", "Khá"), (80.0, -5.0))
    assert "0–100" in err.value.problems[0].message_en


def test_parse_rejects_negative_threshold_as_out_of_range():
    """"Khá>=-5" is a threshold below 0: the message says so (not that the band lacks a threshold)."""
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse("Tốt>=80; Khá>=-5; Yếu")
    assert any("0–100" in p.message_en for p in err.value.problems)


@pytest.mark.parametrize("text", [
    pytest.param("Tốt>=80; Khá>=-5", id="negative threshold on the last band"),
    pytest.param("Tốt>=80; Khá>=abc", id="not a number after >="),
    pytest.param("Tốt>=80>=70; Khá", id="two thresholds in one part"),
    pytest.param("", id="empty"),
    pytest.param(";;", id="only separators"),
    pytest.param("Tốt=>80; Khá", id="wrong operator"),
])
def test_parse_never_turns_a_malformed_threshold_into_a_label(text):
    """Text with ">=" that is not "Label>=number" is rejected, never read as a band label."""
    with pytest.raises(cd.ValidationError):
        cd.BandScheme.parse(text)


def test_rejections_are_value_errors():
    """A rising scheme is refused as a ValueError (what callers outside the package catch) that
    names the scheme and says which threshold comes before which, in both languages."""
    with pytest.raises(ValueError) as err:
        cd.BandScheme.parse("A>=50; B>=60")
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems] == [
        ("band scheme 'A>=50; B>=60'", None, None, "ngưỡng phải giảm dần từ loại cao nhất (50 đứng trước 60)",
         "thresholds must decrease from the best band (50 comes before 60)")]


# -- untrusted text from the dashboard's scheme box --------------------------------------

def test_parse_is_fast_on_hostile_text():
    """Parsing is linear: a long crafted string is rejected at once (it used to take seconds)."""
    import time

    start = time.perf_counter()
    with pytest.raises(cd.ValidationError):
        cd.BandScheme.parse("a" + " " * 450 + "b>=x")
    with pytest.raises(cd.ValidationError, match="500"):
        cd.BandScheme.parse("Tốt>=80; " * 100)
    assert time.perf_counter() - start < 1.0


def test_labels_are_nfc():
    """An NFD label equals its NFC spelling, so colours and comparisons match."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Tốt>=80; Khá")
    assert cd.BandScheme.parse(nfd).labels == ("Tốt", "Khá")
    with pytest.raises(cd.ValidationError, match="twice"):
        cd.BandScheme((unicodedata.normalize("NFD", "Tốt"), "Tốt"), (80.0, None))


def test_to_text_round_trips_and_next_band_of_nan():
    scheme = cd.BandScheme.parse("Tốt>=66.66666667; Khá")
    assert cd.BandScheme.parse(scheme.to_text()) == cd.BandScheme(scheme.labels, scheme.minima, scheme.to_text())
    label, points = scheme.next_band(float("nan"))
    assert label is None and math.isnan(points)


# -- thresholds across years ---------------------------------------------------------------

def test_threshold_steps_follow_each_years_scheme():
    ds = cd.load_sample()
    steps = threshold_steps(ds.bands, "Sở, ban, ngành", YearRange(2021, 2022))
    kha = steps[steps["label"] == "Khá"].set_index("year")["min_index"]
    assert kha.to_dict() == {2021: 65.0, 2022: 70.0}  # the demo province tightened Khá in 2022


def test_threshold_steps_without_a_stored_scheme_is_empty():
    steps = threshold_steps(cd.load_sample().bands, "Sở, ban, ngành", YearRange(2010, 2010))
    assert steps.empty and list(steps.columns) == ["year", "label", "min_index"]


# -- written to kill the mutants that survived `./run mutants bands` (docs/testing.md) -----------

def where_and_what(err: pytest.ExceptionInfo) -> list[tuple]:
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_scheme_text_is_named_as_the_band_scheme(text):
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse(text)
    assert where_and_what(err) == [("band scheme", None, None, "thang xếp loại trống", "the band scheme is empty")]


def test_a_scheme_that_is_not_text_says_what_it_is():
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.coerce(80)
    assert where_and_what(err) == [("band scheme", None, None,
                                    "thang xếp loại phải là văn bản như 'Tốt>=80; Khá', không phải int",
                                    "a band scheme is text like 'Tốt>=80; Khá', not int")]
    with pytest.raises(cd.ValidationError):
        cd.BandScheme.parse(80)


def test_the_length_limit_is_500_characters_inclusive():
    ok = "A>=90; " + "B" * (500 - len("A>=90; "))
    assert len(ok) == 500 and cd.BandScheme.parse(ok).labels == ("A", "B" * 493)
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse(ok + "B")
    assert where_and_what(err) == [("band scheme", None, None, "thang xếp loại dài quá 500 ký tự",
                                    "the band scheme is longer than 500 characters")]


def test_a_percent_sign_after_a_threshold_is_read():
    assert cd.BandScheme.parse("Tốt>=80%; Khá>= 65 %; Yếu").minima == (80.0, 65.0, None)


def test_rule_breaks_of_an_empty_or_uneven_scheme():
    """The scheme-wide rules are named at position 0, column label (a table of bands has no better place)."""
    from cchc_dash.core.bands import rule_breaks
    assert rule_breaks([], []) == [(0, "label", "thang xếp loại trống", "the band scheme is empty")]
    assert rule_breaks(["A", "B"], [50.0]) == [
        (0, "label", "số nhãn và số ngưỡng khác nhau", "labels and thresholds differ in number")]
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme(("A", "B"), (50.0,), name="T")
    assert where_and_what(err) == [("band scheme 'T'", None, None, "số nhãn và số ngưỡng khác nhau",
                                    "labels and thresholds differ in number")]


def test_from_frame_follows_the_order_column_and_names_the_scheme():
    rows = pd.DataFrame({"scheme": ["Tỉnh X", "Tỉnh X", "Tỉnh X"], "label": ["Yếu", "Tốt", "Khá"],
                         "min_index": [np.nan, 80.0, 65.0], "order": [3, 1, 2]})
    scheme = cd.BandScheme.from_frame(rows)
    assert (scheme.labels, scheme.minima, scheme.name) == (("Tốt", "Khá", "Yếu"), (80.0, 65.0, None), "Tỉnh X")
    bare = cd.BandScheme.from_frame(pd.DataFrame({"label": ["Tốt", "Khá"], "min_index": [80.0, 65.0]}))
    assert (bare.labels, bare.name) == (("Tốt", "Khá"), "default")  # no order column: the rows' own order


def test_to_frame_is_the_stored_rows_of_one_year_and_group():
    frame = cd.BandScheme.parse("Tốt>=80; Khá>=65; Yếu", name="T").to_frame(2023, "Sở")
    assert list(frame.columns) == ["scheme", "year", "group", "label", "min_index", "order"]
    assert frame.drop(columns="min_index").values.tolist() == [
        ["T", 2023, "Sở", "Tốt", 1], ["T", 2023, "Sở", "Khá", 2], ["T", 2023, "Sở", "Yếu", 3]]
    assert frame["min_index"].tolist()[:2] == [80.0, 65.0] and math.isnan(frame["min_index"].iloc[2])


def test_stored_scheme_picks_the_year_group_and_scheme_asked_for():
    a = cd.BandScheme.parse("Tốt>=80", name="A")  # one band, so that the next row is another scheme's
    b = cd.BandScheme.parse("Tốt>=85; Yếu", name="B")
    c = cd.BandScheme.parse("Tốt>=70; Yếu", name="C")
    bands = pd.concat([c.to_frame(2023, "Xã"), a.to_frame(2023, "Sở"), b.to_frame(2023, "Sở")], ignore_index=True)
    from cchc_dash.core.bands import stored_scheme
    assert stored_scheme(bands, 2023, "Sở").minima == (80.0,)          # the first listed for that group
    assert stored_scheme(bands, 2023, "Sở", "B").minima == (85.0, None)
    assert stored_scheme(bands, 2023, "Xã").minima == (70.0, None)
    assert stored_scheme(bands, 2023, "Sở", "C") is None and stored_scheme(bands, 2024, "Sở") is None


def test_unbanded_values_are_float_nan_and_labels_are_objects():
    scheme = cd.BandScheme.parse("A>=90; B>=70")  # no floor band
    out = scheme.classify([50.0, 95.0])
    assert out.dtype == object and isinstance(out.iloc[0], float) and math.isnan(out.iloc[0]) and out.iloc[1] == "A"
    below = scheme.classify([10.0, 20.0])
    assert below.dtype == object
    assert scheme.labels_of(np.array([None, 91], dtype=object)).tolist()[1] == "A"
    assert math.isnan(scheme.labels_of(np.array([None, 91], dtype=object))[0])
    assert scheme.classify(pd.Series([71, 95], index=[7, 9])).to_dict() == {7: "B", 9: "A"}


def test_a_blank_label_and_a_repeated_zero_threshold_are_refused():
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme(("Tốt", " "), (80.0, None), name="T")
    assert where_and_what(err) == [("band scheme 'T'", None, None, "có nhãn xếp loại trống", "a band label is empty")]
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse("A>=0; B>=0")
    assert [p.message_en for p in err.value.problems] == ["threshold 0 appears twice"]


def test_thresholds_0_and_100_are_allowed_and_every_break_is_listed():
    assert cd.BandScheme.parse("A>=100; B>=0.5; C>=0").minima == (100.0, 0.5, 0.0)
    for text, repeated in (("A>=100; B>=100", "100"), ("A>=0.5; B>=0.5", "0.5")):
        with pytest.raises(cd.ValidationError) as err:
            cd.BandScheme.parse(text)
        assert [p.message_en for p in err.value.problems] == [f"threshold {repeated} appears twice"]
    with pytest.raises(cd.ValidationError) as err:  # a band without a threshold does not hide the ones after it
        cd.BandScheme(("A", "B", "C"), (None, 120.0, None), name="T")
    assert [p.message_en for p in err.value.problems] == [
        "only the last band may lack a threshold ('A' has none)", "threshold 120 of 'B' is outside 0–100"]


# -- schemes as decisions word them (issue 24, part 4) ----------------------------------------------

DECISION = ("Xuất sắc: từ 90 điểm trở lên; Tốt: từ 80 điểm đến dưới 90 điểm; Khá: từ 65 đến dưới 80 điểm; "
            "Trung bình: từ 50 đến dưới 65 điểm; Yếu: dưới 50 điểm")


def test_a_decisions_wording_is_the_five_band_scheme():
    s = cd.BandScheme.parse(DECISION)
    assert (s.labels, s.minima, s.strict) == (("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"),
                                              (90.0, 80.0, 65.0, 50.0, None), (False,) * 5)
    assert s.classify([90.0, 89.99, 65.0, 49.99]).tolist() == ["Xuất sắc", "Tốt", "Khá", "Yếu"]
    assert s.to_text() == FIVE


@pytest.mark.parametrize("part, band", [
    ("Xuất sắc: đạt từ 90% trở lên", ("Xuất sắc", 90.0, False)),
    ("Xuất sắc 90 điểm trở lên", ("Xuất sắc", 90.0, False)),
    ("Xuất sắc: chỉ số đạt từ 90,5% trở lên", ("Xuất sắc", 90.5, False)),
    ("Tốt: trên 80%", ("Tốt", 80.0, True)),
    ("Tốt (trên 80 điểm)", ("Tốt", 80.0, True)),
    ("TỐT: TỪ 80 ĐIỂM", ("TỐT", 80.0, False)),
    ("Khá – trên 65 điểm", ("Khá", 65.0, True)),
])
def test_each_wording_of_a_threshold(part, band):
    """"từ" (from, inclusive) and "trên" (strictly above), with or without "đạt", "chỉ số", "%", "điểm"."""
    s = cd.BandScheme.parse(part)
    assert (s.labels[0], s.minima[0], s.strict[0]) == band


@pytest.mark.parametrize("text", ["Tốt: từ 80; Yếu: dưới 80 điểm", "Tốt: trên 80; Yếu: từ 80 điểm trở xuống",
                                  "Tốt: trên 80; Yếu: 80 điểm trở xuống"])
def test_a_floor_band_worded_below_or_up_to(text):
    s = cd.BandScheme.parse(text)
    assert (s.labels, s.minima) == (("Tốt", "Yếu"), (80.0, None))


def test_strictly_above_keeps_the_threshold_and_its_flag():
    """"trên 80" is kept as the minimum 80, strict: exactly 80 (up to 1e-9) is not in the band,
    and the points to it are those to 80, which the index must then pass."""
    s = cd.BandScheme.parse("Tốt: trên 80%; Khá: từ 65 đến 80 điểm; Yếu: dưới 65 điểm")
    assert (s.minima, s.strict) == ((80.0, 65.0, None), (True, False, False))
    assert s.classify([80.0, 80.0 + 1e-10, 80.01, 65.0, 64.99]).tolist() == ["Khá", "Khá", "Tốt", "Khá", "Yếu"]
    assert s.next_band(80.0) == ("Tốt", 0.0)
    assert s.next_band(79.0) == ("Tốt", 1.0)
    assert s.thresholds == [("Tốt", 80.0), ("Khá", 65.0)]
    assert s.to_text() == "Tốt: trên 80; Khá>=65; Yếu"
    assert cd.BandScheme.parse(s.to_text(), name=s.name) == s


def test_wording_typed_in_nfd_is_read():
    import unicodedata

    s = cd.BandScheme.parse(unicodedata.normalize("NFD", "Tốt: trên 80 điểm; Khá: từ 65 đến 80 điểm; Yếu"))
    assert (s.labels, s.minima, s.strict) == (("Tốt", "Khá", "Yếu"), (80.0, 65.0, None), (True, False, False))


def test_the_old_syntax_and_the_wording_mix_and_labels_stay_labels():
    s = cd.BandScheme.parse("Xuất sắc>=90; Tốt: từ 80 đến dưới 90; Dưới trung bình")
    assert (s.labels, s.minima) == (("Xuất sắc", "Tốt", "Dưới trung bình"), (90.0, 80.0, None))
    assert cd.BandScheme.parse("A>=50; Nhóm 1").labels == ("A", "Nhóm 1")
    assert cd.BandScheme(("A", "B"), (50.0, None)).strict == (False, False)


GAPS = {
    "gap with decimal thresholds, each language its decimal mark": (
        "Tốt: từ 80,5 trở lên; Khá: từ 65 đến dưới 79,5; Yếu",
        "khoảng trống giữa 'Tốt' (từ 80,5) và 'Khá' (từ 65 đến dưới 79,5): chỉ số từ 79,5 đến dưới 80,5 không "
        "thuộc loại nào",
        "gap between 'Tốt' (from 80.5) and 'Khá' (from 65 to below 79.5): an index from 79.5 to below 80.5 falls in "
        "no band"),
    "gap below a band": (
        "Tốt: từ 80 trở lên; Khá: từ 65 đến dưới 79; Yếu",
        "khoảng trống giữa 'Tốt' (từ 80) và 'Khá' (từ 65 đến dưới 79): chỉ số từ 79 đến dưới 80 không thuộc "
        "loại nào",
        "gap between 'Tốt' (from 80) and 'Khá' (from 65 to below 79): an index from 79 to below 80 falls in no band"),
    "gap at exactly the threshold": (
        "Tốt: trên 80%; Khá: từ 65 đến dưới 80; Yếu",
        "khoảng trống giữa 'Tốt' (trên 80) và 'Khá' (từ 65 đến dưới 80): chỉ số đúng bằng 80 không thuộc loại nào",
        "gap between 'Tốt' (above 80) and 'Khá' (from 65 to below 80): an index of exactly 80 falls in no band"),
    "overlap": (
        "Tốt: từ 80 trở lên; Khá: từ 65 đến dưới 85; Yếu",
        "'Tốt' (từ 80) và 'Khá' (từ 65 đến dưới 85) chồng lên nhau: chỉ số từ 80 đến dưới 85 thuộc cả hai loại",
        "'Tốt' (from 80) and 'Khá' (from 65 to below 85) overlap: an index from 80 to below 85 is in both bands"),
    "overlap at exactly the threshold": (
        "Tốt: từ 80; Yếu: từ 80 điểm trở xuống",
        "'Tốt' (từ 80) và 'Yếu' (từ 80 trở xuống) chồng lên nhau: chỉ số đúng bằng 80 thuộc cả hai loại",
        "'Tốt' (from 80) and 'Yếu' (up to 80) overlap: an index of exactly 80 is in both bands"),
    "the best band stops short of 100": (
        "Tốt: từ 80 đến dưới 95; Yếu",
        "chỉ số từ 95 đến 100 không thuộc loại nào (loại cao nhất 'Tốt' từ 80 đến dưới 95)",
        "an index from 95 to 100 falls in no band (the best band 'Tốt' is from 80 to below 95)"),
    "an empty band": (
        "A: từ 90 đến dưới 80",
        "loại 'A' không chứa chỉ số nào (từ 90 đến dưới 80)",
        "band 'A' holds no index (from 90 to below 80)"),
}


@pytest.mark.parametrize("text, vi, en", list(GAPS.values()), ids=list(GAPS))
def test_a_gap_or_an_overlap_is_refused_with_the_indices_concerned(text, vi, en):
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse(text)
    assert where_and_what(err) == [(f"band scheme '{text}'", None, None, vi, en)]


def test_bands_that_meet_are_accepted():
    """"đến 80" under "trên 80", "dưới 80" under "từ 80", and a best band up to 100 inclusive."""
    s = cd.BandScheme.parse("Tốt: từ 80 đến 100; Khá: trên 70 đến dưới 80; TB: từ 50 đến 70; Yếu: dưới 50")
    assert (s.minima, s.strict) == ((80.0, 70.0, 50.0, None), (False, True, False, False))


def test_wording_that_cannot_be_read_is_refused():
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse("Tốt: từ tám mươi đến 90")
    assert where_and_what(err) == [(
        "band scheme", None, None,
        "không hiểu 'Tốt: từ tám mươi đến 90': viết như quyết định (ví dụ 'Tốt: từ 80 điểm đến dưới 90 điểm', "
        "'Xuất sắc: từ 90 điểm trở lên', 'Yếu: dưới 50 điểm') hoặc 'Tên>=số'",
        "cannot read 'Tốt: từ tám mươi đến 90': word it as a decision does (e.g. 'Tốt: từ 80 điểm đến dưới 90 "
        "điểm', 'Xuất sắc: từ 90 điểm trở lên', 'Yếu: dưới 50 điểm') or write 'Label>=number'")]
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse("dưới 50 điểm")
    assert where_and_what(err)[0][3].startswith("không hiểu 'dưới 50 điểm'")


def test_strict_flags_are_checked_and_not_stored_as_rows():
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme(("A", "B"), (80.0, None), "T", (False,))
    assert where_and_what(err) == [("band scheme 'T'", None, None, "số ngưỡng và số cờ 'trên' (strict) khác nhau",
                                    "thresholds and strict flags differ in number")]
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme(("A", "B"), (80.0, None), "T", (False, True))
    assert where_and_what(err) == [("band scheme 'T'", None, None,
                                    "loại 'B' không có ngưỡng nên không thể là 'trên' một ngưỡng",
                                    "band 'B' has no threshold, so it cannot be strictly above one")]
    with pytest.raises(cd.ValidationError) as err:
        cd.BandScheme.parse("Tốt: trên 80; Khá", name="TN").to_frame(2022, "Sở")
    assert where_and_what(err) == [("band scheme 'TN'", None, None,
                                    "loại 'Tốt' là 'trên' ngưỡng của nó: bảng xếp loại chỉ lưu ngưỡng 'từ … trở lên'",
                                    "band 'Tốt' is strictly above its threshold: stored band rows hold inclusive "
                                    "minima only")]


def test_thresholds_in_messages_take_each_languages_decimal_mark():
    """Vietnamese writes 79,5; English 79.5 (a clerk reads "79.5" as seven hundred and ninety-five)."""
    from cchc_dash.core.bands import rule_breaks

    assert rule_breaks(["A", "B", "C"], [79.5, 79.5, None]) == [
        (1, "min_index", "ngưỡng 79,5 bị lặp", "threshold 79.5 appears twice")]
    assert rule_breaks(["A", "B", "C"], [62.5, 79.5, None]) == [
        (1, "min_index", "ngưỡng phải giảm dần từ loại cao nhất (62,5 đứng trước 79,5)",
         "thresholds must decrease from the best band (62.5 comes before 79.5)")]
