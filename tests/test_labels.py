"""Display formatting and labels (DESIGN §3: round only for display, 2 decimals as published)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from cchc_dash.render import labels as i18n
from cchc_dash.render.labels import fmt_num, term


@pytest.mark.parametrize("value, lang, text", [
    (86.8, "vi", "86,80"),
    (86.8, "en", "86.80"),
    (1234.5, "vi", "1.234,50"),
    (1234.5, "en", "1,234.50"),
    (1234567.891, "vi", "1.234.567,89"),
    (81.33333, "vi", "81,33"),
    (84.996, "vi", "85,00"),
    (0.0, "vi", "0,00"),
    (-3.5, "vi", "-3,50"),
])
def test_fmt_num(value, lang, text):
    """Two decimals; decimal comma and dot for thousands in Vietnamese, the reverse in English."""
    assert fmt_num(value, lang=lang) == text


def test_fmt_num_defaults_to_vietnamese():
    """Vietnamese is the default language."""
    assert fmt_num(86.8) == "86,80"


@pytest.mark.parametrize("value", [float("nan"), np.nan, np.float64("nan"), None])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_fmt_num_missing_is_a_dash(value, lang):
    """A missing number shows as "–" in both languages."""
    assert fmt_num(value, lang=lang) == "–"


@pytest.mark.parametrize("value, lang, text", [
    (3.2, "vi", "+3,20"),
    (-1.5, "vi", "-1,50"),
    (3.2, "en", "+3.20"),
    (1500.0, "vi", "+1.500,00"),
])
def test_fmt_num_sign(value, lang, text):
    """sign=True always shows the sign (changes since last year)."""
    assert fmt_num(value, lang=lang, sign=True) == text


def test_fmt_num_decimals():
    """decimals= sets the number of decimals."""
    assert fmt_num(86.8, decimals=1) == "86,8"
    assert fmt_num(86.8, decimals=0, lang="en") == "87"


def test_labels_in_both_languages():
    """Every label has a Vietnamese and an English text; vi is the default."""
    assert i18n.t("unit") == "Đơn vị"
    assert i18n.t("unit", "en") == "Unit"
    for key, (vi, en) in i18n.LABELS.items():
        assert vi.strip() and en.strip(), key
    assert "2024" in i18n.t("national_ref", "en", year=2024, value="86,80")


@pytest.mark.parametrize("vi, en", [
    ("Sở, ban, ngành", "Departments"),
    ("UBND cấp huyện", "District People's Committees"),
    ("UBND cấp xã", "Commune People's Committees"),
    ("Xuất sắc", "Excellent"),
    ("Tốt", "Good"),
    ("Khá", "Fair"),
    ("Trung bình", "Average"),
    ("Yếu", "Weak"),
    ("Cải cách thủ tục hành chính", "Administrative procedure reform"),
    ("SIPAS toàn quốc", "National SIPAS"),
])
def test_term_gives_the_english_form(vi, en):
    """The usual group, band, area and series names have an English form, shown only in English."""
    assert i18n.term(vi, "en") == en
    assert i18n.term(vi, "vi") == vi
    assert i18n.term(vi) == vi


def test_term_leaves_unknown_names_and_units_as_written():
    """A name not in the table (a unit, a province's own band) is shown as written."""
    assert i18n.term("Sở Tư pháp", "en") == "Sở Tư pháp"
    assert i18n.term("Loại A", "en") == "Loại A"
    assert i18n.term("", "en") == ""


def test_term_matches_nfd_and_padded_names():
    """A name typed in NFD (macOS) or with stray spaces finds its English form."""
    assert i18n.term(" " + unicodedata.normalize("NFD", "Trung bình") + " ", "en") == "Average"


def test_a_province_extends_the_table(monkeypatch):
    """A province adds its own names to DATA_TERMS."""
    monkeypatch.setitem(i18n.DATA_TERMS, "Khối Đảng", "Party bodies")
    assert i18n.term("Khối Đảng", "en") == "Party bodies"


def test_preset_names_in_plain_words():
    """"[U]"/"[V]" markers are said in words: "(chưa xác minh)" / "(đã xác minh)"; English from DATA_TERMS."""
    from cchc_dash.ui.controls import preset_name
    assert preset_name("Tốt / Khá / Trung bình / Yếu [U]", "vi") == "Tốt / Khá / Trung bình / Yếu (chưa xác minh)"
    assert (
        preset_name("Nhóm A/B/C toàn quốc (≥90, 80–<90, 70–<80) [V]", "vi")
        == "Nhóm A/B/C toàn quốc (≥90, 80–<90, 70–<80) (đã xác minh)"
    )
    assert preset_name("Tốt / Khá / Trung bình / Yếu [U]", "en") == "Good / Fair / Average / Weak (not verified)"


def test_sipas_components_of_the_demo_have_english_names():
    """The demo's five SIPAS components are translated in English mode, and stay as written in Vietnamese."""
    assert term("Tiếp cận dịch vụ", "en") == "Access to services" and term("Công chức", "en") == "Civil servants"
    assert term("Tiếp cận dịch vụ", "vi") == "Tiếp cận dịch vụ"
