"""Vietnamese (default) and English labels, and number formatting for display.

Numbers are computed in full precision and rounded only here, for display: two decimals
as published, with a decimal comma in Vietnamese ("86,80") and a point in English.
"""

from __future__ import annotations

import math
import unicodedata

LANGS = ("vi", "en")

LABELS: dict[str, tuple[str, str]] = {
    "app_overview": ("Tổng quan Chỉ số CCHC", "PAR INDEX overview"),
    "simulated": ("Dữ liệu mô phỏng — không phải số liệu thật của tỉnh nào",
                  "Simulated data — not any province's real figures"),
    "year": ("Năm", "Year"),
    "group": ("Khối", "Group"),
    "language": ("Ngôn ngữ", "Language"),
    "stt": ("STT", "No."),
    "unit": ("Đơn vị", "Unit"),
    "score": ("Điểm", "Score"),
    "max_points": ("Điểm tối đa", "Max. points"),
    "index": ("Chỉ số (%)", "Index (%)"),
    "rank": ("Xếp hạng", "Rank"),
    "band": ("Xếp loại", "Band"),
    "self_gap": ("Tự chấm − thẩm định", "Self − appraised"),
    "mean": ("Chỉ số bình quân", "Mean index"),
    "best": ("Cao nhất", "Best"),
    "worst": ("Thấp nhất", "Lowest"),
    "movers": ("Thay đổi lớn nhất so với năm trước", "Biggest moves since last year"),
    "no_previous": ("Không có số liệu năm trước để so sánh", "No previous year to compare with"),
    "points": ("điểm", "points"),
    "units_ranked": ("đơn vị được xếp hạng", "units ranked"),
    "thresholds": ("Ngưỡng xếp loại", "Band thresholds"),
    "unbanded": ("Chưa xếp loại", "Not banded"),
    "no_scheme": ("Chưa có thang xếp loại cho năm và khối này", "No band scheme for this year and group"),
    "chart_title": ("Chỉ số CCHC theo đơn vị", "PAR INDEX by unit"),
    "national_ref": ("Tham chiếu toàn quốc: PAR INDEX bình quân các tỉnh năm {year} là {value}% (nguồn đã công bố)",
                     "National reference: mean provincial PAR INDEX in {year} was {value}% (published source)"),
    "scheme_note": ("Ngưỡng xếp loại lấy theo cấu hình của tỉnh; các ngưỡng chưa được xác minh từ văn bản gốc",
                    "Band thresholds come from the province's configuration; they are not verified against the source decision"),
    "error": ("Đã xảy ra lỗi khi cập nhật. Vui lòng chọn lại hoặc tải lại trang.",
              "Something went wrong while updating. Please choose again or reload the page."),
    "merged_note": ("Đơn vị sáp nhập năm nay không có so sánh với năm trước", "Units merged this year have no year-on-year change"),
}


def t(key: str, lang: str = "vi", **fmt: object) -> str:
    """The label for ``key`` in ``lang`` (``vi`` or ``en``), formatted with ``fmt``."""
    vi, en = LABELS[key]
    text = en if lang == "en" else vi
    return text.format(**fmt) if fmt else text


def fmt_num(value: float | None, decimals: int = 2, lang: str = "vi", sign: bool = False) -> str:
    """``86.8 → "86,80"`` (vi) or ``"86.80"`` (en); NaN → "–"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:+,.{decimals}f}" if sign else f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def fold(text: str) -> str:
    """Lower-case text without accents, for searching ("Sở Tư pháp" → "so tu phap")."""
    text = unicodedata.normalize("NFD", str(text).replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").casefold()
