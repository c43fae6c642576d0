"""tables.py: HTML tables and notes from small hand-made frames, expected cell texts written out."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cchc_dash.analyses.standings import Kpis
from cchc_dash.core.bands import BandScheme
from cchc_dash.render.html_tables import (
    changes_html,
    counts_html,
    kpi_html,
    no_schemes_html,
    notes_html,
    ranking_html,
    sipas_unit_html,
)

from .htmltable import table

TOT = "#5cb85c"
GREY = "#b0b7bf"  # theme.UNBANDED_COLOR


# --- ranking_html ----------------------------------------------------------------------

def ranking_frame() -> pd.DataFrame:
    """Two units: one ranked and banded, one with no rank and no band (and a name to escape)."""
    frame = pd.DataFrame({"unit_name": ["Sở Tư pháp", "Sở <Mới>"], "score": [1234.5, 40.0], "index": [86.8, 50.125],
                          "rank": [1, None], "rank_of": [20, 20], "band": ["Tốt", np.nan]})
    return frame.astype({"rank": "Int64"})


def test_ranking_cells_in_vietnamese():
    head, body = table(ranking_html(ranking_frame(), {"Tốt": TOT}, "vi"))
    assert head == [["STT", "Đơn vị", "Điểm", "Chỉ số (%)", "Xếp hạng", "Xếp loại"]]
    assert body == [["1", "Sở Tư pháp", "1.234,50", "86,80", "1/20", "Tốt"],
                    ["2", "Sở <Mới>", "40,00", "50,12", "–", "Chưa xếp loại"]]


def test_ranking_cells_in_english():
    """English: the band label in English (the unit keeps its Vietnamese name), coloured as in Vietnamese."""
    markup = ranking_html(ranking_frame(), {"Tốt": TOT}, "en")
    head, body = table(markup)
    assert head == [["No.", "Unit", "Score", "Index (%)", "Rank", "Band"]]
    assert f"background:{TOT};" in markup
    assert body == [["1", "Sở Tư pháp", "1,234.50", "86.80", "1/20", "Good"],
                    ["2", "Sở <Mới>", "40.00", "50.12", "–", "Not banded"]]


def test_ranking_rows_coloured_by_band_and_names_escaped():
    markup = ranking_html(ranking_frame(), {"Tốt": TOT}, "vi")
    assert re.findall(r'class="cchc-pill" style="background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})"', markup) == \
        [(TOT, "#1f1f1f"), (GREY, "#1f1f1f")]  # dark text reads on light green and grey
    assert re.findall(r'<tr style="background:(#[0-9a-f]{8})"', markup) == [TOT + "1a", GREY + "1a"]
    assert "Sở &lt;Mới&gt;" in markup and "<Mới>" not in markup


# --- kpi_html --------------------------------------------------------------------------

def kpis(has_previous: bool = True) -> Kpis:
    return Kpis(n=4, mean=84.0, best_name="Sở Xây dựng", best_index=88.0, worst_name="Sở Y tế", worst_index=78.0,
                up=pd.DataFrame({"unit_name": ["Sở Y tế", "Sở Tư pháp"], "index": [78.0, 86.0], "change": [8.0, 6.0]}),
                down=pd.DataFrame({"unit_name": ["Sở Nội vụ"], "index": [84.0], "change": [-1.0]}),
                has_previous=has_previous)


def cards(markup: str) -> list[tuple[str, str, str]]:
    """(label, value, sub-text) of each card, tags dropped."""
    found = re.findall(r'<div class="l">(.*?)</div><div class="v">(.*?)</div><div class="s">(.*?)</div>', markup)
    return [tuple(re.sub(r"<br>", " | ", re.sub(r"<(?!br)[^>]+>", "", x)) for x in card) for card in found]


def test_kpi_cards_and_national_reference():
    markup = kpi_html(kpis(), (88.37, "https://example.gov.vn/par-index-2024"), 2024, "vi")
    assert cards(markup) == [
        ("Chỉ số bình quân", "84,00", "4 đơn vị được xếp hạng"),
        ("Cao nhất", "88,00", "Sở Xây dựng"),
        ("Thấp nhất", "78,00", "Sở Y tế"),
        ("Thay đổi lớn nhất so với năm trước", "", "+8,00 Sở Y tế | +6,00 Sở Tư pháp | -1,00 Sở Nội vụ"),
    ]
    assert ("Tham chiếu toàn quốc: PAR INDEX bình quân các tỉnh năm 2024 là 88,37% (nguồn đã công bố): "
            in markup)
    assert 'href="https://example.gov.vn/par-index-2024"' in markup


def test_kpi_without_previous_year_or_reference_in_english():
    markup = kpi_html(kpis(has_previous=False), None, 2019, "en")
    assert cards(markup) == [
        ("Mean index", "84.00", "4 units ranked"),
        ("Best", "88.00", "Sở Xây dựng"),
        ("Lowest", "78.00", "Sở Y tế"),
        ("Biggest moves since last year", "–", "No previous year to compare with"),
    ]
    assert "cchc-note" not in markup


# --- changes_html ----------------------------------------------------------------------

def changes_frame() -> pd.DataFrame:
    """A unit with its own years and a merged unit whose "from" values are its predecessors'."""
    return pd.DataFrame([
        dict(series_id="S03", unit_name="Sở Tư pháp", from_year=2021, to_year=2023, from_name="Sở Tư pháp",
             from_predecessor=False, from_index=80.0, to_index=91.0, from_rank="5/20", to_rank="1/20",
             from_band="Tốt", to_band="Xuất sắc", breaks=1, change=11.0),
        dict(series_id="S21", unit_name="Sở NN&MT", from_year=2024, to_year=2025, from_name="Sở NN&PTNT; Sở TN&MT",
             from_predecessor=True, from_index=np.nan, to_index=86.0, from_rank="–", to_rank="6/17",
             from_band="Khá; Tốt", to_band="Tốt", breaks=0, change=np.nan),
    ])


def test_changes_cells():
    markup = changes_html(changes_frame(), "vi")
    head, body = table(markup)
    assert head == [["Đơn vị", "Từ", "Chỉ số (%)", "Xếp hạng", "Xếp loại", "Đến", "Chỉ số (%)", "Xếp hạng", "Xếp loại",
                     "Thay đổi chỉ số", "Thay đổi hạng", "Đổi phương pháp"]]
    assert body == [
        # 5/20 → 1/20 is four places up; one method change crossed; none for the merged unit
        [
            "Sở Tư pháp",
            "2021",
            "80,00",
            "5/20",
            "Tốt",
            "2023",
            "91,00",
            "1/20",
            "Xuất sắc",
            "+11,00",
            "▲ 4 bậc",
            "có (1 lần)",
        ],
        [
            "Sở NN&MT ← Sở NN&PTNT; Sở TN&MT",
            "2024",
            "–",
            "–",
            "Khá; Tốt",
            "2025",
            "86,00",
            "6/17",
            "Tốt",
            "–",
            "–",
            "không",
        ],
    ]
    assert "<h3>Thay đổi trong giai đoạn</h3>" in markup
    assert "class='num up'>+11,00" in markup and "Sở NN&amp;MT" in markup


def test_changes_in_english_with_a_fall():
    frame = changes_frame().iloc[[0]].assign(to_index=75.5, change=-4.5)
    head, body = table(changes_html(frame, "en"))
    assert head[0][:3] == ["Unit", "From", "Index (%)"]
    assert body[0][6] == "75.50" and body[0][9] == "-4.50"
    assert "class='num down'>-4.50" in changes_html(frame, "en")


# --- counts_html -----------------------------------------------------------------------

A = BandScheme.parse("Tốt>=85; Khá>=75; Yếu")


def compare_frame(band_b: list[object]) -> pd.DataFrame:
    """Four units (92, 86, 78, 60) banded under A (Tốt, Tốt, Khá, Yếu) and under some B."""
    band_a = ["Tốt", "Tốt", "Khá", "Yếu"]
    return pd.DataFrame(
        {
            "index": [92.0, 86.0, 78.0, 60.0],
            "band_a": band_a,
            "band_b": band_b,
            "changed": [a != b for a, b in zip(band_a, band_b)],
        }
    )


def side_counts(markup: str, col: str) -> dict[str, str]:
    block = re.search(rf'data-scheme="{col}">(.*?)</table>', markup, re.DOTALL).group(1)
    return dict(re.findall(r'data-band="([^"]*)">(\d+)<', block))


def test_counts_under_two_schemes_with_the_same_labels():
    b = BandScheme.parse("Tốt>=90; Khá>=75; Yếu")
    shift = pd.DataFrame([[1, 1, 0], [0, 1, 0], [0, 0, 1]], index=["Tốt", "Khá", "Yếu"], columns=["Tốt", "Khá", "Yếu"])
    markup = counts_html(compare_frame(["Tốt", "Khá", "Khá", "Yếu"]), A, b, shift, 2024, "vi")
    assert side_counts(markup, "band_a") == {"Tốt": "2", "Khá": "1", "Yếu": "1"}
    assert side_counts(markup, "band_b") == {"Tốt": "1", "Khá": "2", "Yếu": "1"}
    assert "<b>1/4 đơn vị đổi xếp loại giữa thang A và thang B</b>" in markup
    assert "<h3>Hai thang trên cùng năm 2024</h3>" in markup
    head, body = table(markup[markup.index("cchc-shift") - 30 :])
    assert head == [["Thang A ↓ · Thang B →", "Tốt", "Khá", "Yếu"]]
    assert body == [["Tốt", "1", "1", "0"], ["Khá", "0", "1", "0"], ["Yếu", "0", "0", "1"]]


def test_counts_with_other_labels_and_unbanded_units():
    """B = national A/B/C without a floor band: the 60 is not banded; labels differ, so no "n/total"."""
    b = BandScheme.parse("A>=90; B>=80; C>=70")
    shift = pd.DataFrame(
        [[1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], index=["Tốt", "Khá", "Yếu"], columns=["A", "B", "C", np.nan]
    )
    markup = counts_html(compare_frame(["A", "B", "C", np.nan]), A, b, shift, 2025, "en")
    assert side_counts(markup, "band_b") == {"A": "1", "B": "1", "C": "1", "Not banded": "1"}
    assert "The schemes use different labels: see the cross-table below" in markup
    head, _ = table(markup[markup.index("cchc-shift") - 30 :])
    assert head == [["Scheme A ↓ · Scheme B →", "A", "B", "C", "Not banded"]]


def test_counts_without_a_scheme_list_the_bands_present():
    shift = pd.DataFrame([[2]], index=["Tốt"], columns=["Tốt"])
    frame = pd.DataFrame({"band_a": ["Tốt", "Tốt"], "band_b": ["Tốt", "Tốt"], "changed": [False, False]})
    markup = counts_html(frame, None, None, shift, 2024, "vi")
    assert side_counts(markup, "band_a") == {"Tốt": "2"}
    assert "<small>–</small>" in markup


# --- notes_html ------------------------------------------------------------------------


def test_notes_are_escaped_lines():
    assert notes_html(["a < b", "c"]) == '<div class="cchc-note">a &lt; b</div><div class="cchc-note">c</div>'
    assert notes_html([]) == ""


def test_no_schemes_says_so():
    assert no_schemes_html(2024, "en") == (
        "<h3>Two schemes on the same year 2024</h3><p>No band scheme for this year and group</p>"
    )


# --- what-if: headline and group ranking ------------------------------------------------


def test_whatif_headline_before_after_and_need():
    from cchc_dash.render.html_tables import whatif_headline_html

    before = pd.Series({"unit_name": "Sở Tư pháp", "index": 79.5, "rank": 8, "rank_of": 19, "band": "Khá"})
    after = pd.Series({"unit_name": "Sở Tư pháp", "index": 81.25, "rank": 5, "rank_of": 19, "band": "Tốt"})
    markup = whatif_headline_html(before, after, "Cần thêm 8,75 điểm", {"Tốt": TOT, "Khá": "#f0c419"}, "vi")
    text = " ".join(re.sub(r"<[^>]+>", " ", markup).split())
    assert text == "Sở Tư pháp Hiện tại 79,50 8/19 Khá Sau thay đổi 81,25 5/19 Tốt Δ +1,75 Cần thêm 8,75 điểm"
    assert 'class="v up"' in markup


def test_whatif_ranking_marks_movers_with_their_old_values():
    from cchc_dash.render.html_tables import whatif_ranking_html

    now = pd.DataFrame(
        {
            "unit_id": ["A", "C", "B"],
            "unit_name": ["Sở A", "Sở C", "Sở B"],
            "index": [90.0, 84.5, 80.0],
            "rank": [1, 2, 3],
            "rank_of": [3, 3, 3],
            "band": ["Xuất sắc", "Tốt", "Tốt"],
        }
    ).astype({"rank": "Int64"})
    diff = pd.DataFrame(
        {"unit_id": ["C", "B"], "index_old": [70.5, 80.0], "rank_old": [3, 2], "band_old": ["Khá", "Tốt"]}
    )
    markup = whatif_ranking_html(now, diff, {"Tốt": TOT}, "en")
    head, body = table(markup)
    assert head == [["No.", "Unit", "Index (%) — Before", "Index (%)", "Δ", "Rank — Before", "Rank", "Band"]]
    assert body == [
        ["1", "Sở A", "90.00", "90.00", "", "1/3", "1/3", "Excellent"],
        ["2", "Sở C", "70.50", "84.50", "+14.00", "3/3", "2/3", "Good ← Fair"],
        ["3", "Sở B", "80.00", "80.00", "+0.00", "2/3", "3/3", "Good"],
    ]
    assert re.findall(r'<tr class="([^"]*)" data-unit="(\w)"', markup) == [
        ("", "A"),
        ("cchc-moved", "C"),
        ("cchc-moved", "B"),
    ]


# --- profile (hand-built two_years data: A 2023 = 100, 1/3, Xuất sắc; 2022 = 88, 1/4, Tốt) -------------


def test_profile_headline_cards():
    import cchc_dash as cd
    from cchc_dash.render.html_tables import profile_headline_html

    from .handmade import two_years

    ds = two_years()
    res = cd.compute(ds)
    markup = profile_headline_html(cd.profile(res, "A", 2023, ds), {"Xuất sắc": "#1a7f3c", "Tốt": TOT}, "vi")
    fields = dict(re.findall(r'data-field="(\w+)">(.*?)</div>', markup))
    assert fields["index"] == "100,00" and fields["rank"] == "1/3" and fields["mean"] == "83,50"
    assert "Xuất sắc" in fields["band"] and "+12,00" in fields["change"]
    assert "2022: 1/4" in markup
    merged = profile_headline_html(cd.profile(res, "E", 2023, ds), {}, "en")
    assert "Formed from: Đơn vị C; Đơn vị D" in merged


def test_profile_lists():
    from cchc_dash.render.html_tables import profile_list_html

    cuts = pd.DataFrame(
        {"item_id": ["1.1.1"], "name_vi": ["Ban hành <kế hoạch>"], "self_score": [15.0], "score": [12.0], "cut": [3.0]}
    )
    head, body = table(profile_list_html(cuts, "cuts", "vi"))
    assert head == [["Tiêu chí thành phần", "", "Tự chấm", "Thẩm định", "Bị trừ"]]
    assert body == [["1.1.1", "Ban hành <kế hoạch>", "15,00", "12,00", "3,00"]]
    assert "Không có" in profile_list_html(cuts.iloc[0:0], "cuts", "vi")


def test_sources_are_links_only_for_http_addresses():
    from cchc_dash.render.html_tables import source_link

    assert source_link("https://vietnamnet.vn/a") == (
        '<a href="https://vietnamnet.vn/a" target="_blank" rel="noopener noreferrer">https://vietnamnet.vn/a</a>'
    )
    assert source_link("javascript:alert(1)") == "javascript:alert(1)"
    assert source_link("data:text/html,<script>x</script>") == "data:text/html,&lt;script&gt;x&lt;/script&gt;"
    assert "<a" not in source_link("JaVaScRiPt:alert(1)")


def test_sipas_unit_card_and_components():
    rows = pd.DataFrame(
        {
            "key": ["index", "Công chức", "Kết quả <b>"],
            "rate": [82.346, 90.0, 70.5],
            "low": [76.5, 85.1, 63.0],
            "high": [87.0, 93.7, 77.2],
            "n": [200, 198, 190],
            "group_mean": [80.0, 84.0, 80.25],
            "distinguishable": [False, True, True],
        }
    )
    markup = sipas_unit_html("Sở <Tư pháp>", rows, "4/20", "vi")
    assert '<div class="v" data-field="rate">82,35</div>' in markup  # 82.346 rounded for display only
    assert 'data-field="interval">76,50–87,00<' in markup and 'data-field="rank">4/20<' in markup
    assert "Không phân biệt được với bình quân" in markup and "Sở &lt;Tư pháp&gt;" in markup  # 76.5–87 holds 80
    head, body = table(markup)
    assert head[0] == ["Yếu tố", "Tỷ lệ hài lòng (%)", "Khoảng tin cậy 95%", "n", "Bình quân khối", "So với bình quân"]
    assert body == [
        ["Công chức", "90,00", "85,10–93,70", "198", "84,00", "↑ cao hơn"],
        ["Kết quả <b>", "70,50", "63,00–77,20", "190", "80,25", "↓ thấp hơn"],
    ]
    en = sipas_unit_html("Justice", rows, "4/20", "en")
    assert '<div class="v" data-field="rate">82.35</div>' in en and "Not distinguishable from the mean" in en


def test_pill_text_reads_on_its_band_colour():
    from cchc_dash.render.html_tables import pill_style

    assert pill_style("#1a7f3c") == "background:#1a7f3c;color:#ffffff"  # Xuất sắc, dark green: white
    assert pill_style("#f0c419") == "background:#f0c419;color:#1f1f1f"  # Khá, yellow: dark
    assert pill_style("#d9352b") == "background:#d9352b;color:#ffffff"  # Yếu, red: white


def test_scheme_text_in_both_languages():
    """A scheme in plain words, not code: "từ"/"from", the lowest band "dưới"/"below" the last
    threshold; labels as shown in the language and the page's decimals."""
    from cchc_dash.render.html_tables import scheme_text

    scheme = BandScheme.parse("Xuất sắc>=90; Tốt>=80; Khá>=65,5; Trung bình>=50; Yếu")
    assert scheme_text(scheme, "vi") == "Xuất sắc từ 90, Tốt từ 80, Khá từ 65,50, Trung bình từ 50, Yếu dưới 50"
    assert (
        scheme_text(scheme, "en") == "Excellent from 90, Good from 80, Fair from 65.50, Average from 50, Weak below 50"
    )
    assert scheme_text(BandScheme.parse("Loại A>=85; Loại B"), "en") == "Loại A from 85, Loại B below 85"
    assert scheme_text(BandScheme.parse("A>=90; B>=80; C>=70"), "vi") == "A từ 90, B từ 80, C từ 70"


def test_rank_move_in_words():
    """ "5/20" → "1/20" is four places up; down; the same; a missing rank gives "–"."""
    from cchc_dash.render.html_tables import rank_move

    assert rank_move("5/20", "1/20", "vi") == "▲ 4 bậc"
    assert rank_move("2/20", "3/17", "en") == "▼ down 1"
    assert rank_move("2/20", "2/17", "vi") == "giữ nguyên"
    assert rank_move("–", "2/17", "vi") == "–"


def test_the_ranking_says_every_units_move_since_last_year():
    """Fell from 1st to 3rd losing 3.5 points, rose 3rd → 1st, new this year: each row says so."""
    frame = pd.DataFrame({"unit_name": ["Sở B", "Sở C", "Sở A"], "score": [90.0, 85.0, 80.0],
                          "index": [90.0, 85.0, 80.0], "rank": [1, 2, 3], "rank_of": [3, 3, 3],
                          "band": ["Xuất sắc", "Tốt", "Tốt"], "prev_rank": [3, None, 1], "change": [4.0, None, -3.5]})
    head, body = table(ranking_html(frame, {}, "vi"))
    assert head[0][-1] == "So với năm trước"
    assert [row[-1] for row in body] == ["▲ 2 bậc · +4,00", "–", "▼ 2 bậc · -3,50"]
    _, english = table(ranking_html(frame, {}, "en"))
    assert [row[-1] for row in english] == ["▲ up 2 · +4.00", "–", "▼ down 2 · -3.50"]
    assert "data-col=\"since_last_year\"" in ranking_html(frame, {}, "vi")
    assert len(table(ranking_html(frame.drop(columns=["prev_rank", "change"]), {}, "vi"))[0][0]) == 6
