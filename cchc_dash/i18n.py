"""Vietnamese (default) and English labels, and number formatting for display.

Numbers are computed in full precision and rounded only here, for display: two decimals
as published, with a decimal comma in Vietnamese ("86,80") and a point in English.
"""

from __future__ import annotations

import math
import unicodedata

LABELS: dict[str, tuple[str, str]] = {
    "app_overview": ("Tổng quan Chỉ số CCHC", "PAR INDEX overview"),
    "simulated": ("Dữ liệu mô phỏng — không phải số liệu thật của tỉnh nào",
                  "Simulated data — not any province's real figures"),
    "year": ("Năm", "Year"),
    "group": ("Khối", "Group"),
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
    "units_ranked": ("đơn vị được xếp hạng", "units ranked"),
    "unbanded": ("Chưa xếp loại", "Not banded"),
    "no_scheme": ("Chưa có thang xếp loại cho năm và khối này", "No band scheme for this year and group"),
    "chart_title": ("Chỉ số CCHC theo đơn vị", "PAR INDEX by unit"),
    "national_ref": ("Tham chiếu toàn quốc: PAR INDEX bình quân các tỉnh năm {year} là {value}% (nguồn đã công bố)",
                     "National reference: mean provincial PAR INDEX in {year} was {value}% (published source)"),
    "scheme_note": ("Ngưỡng xếp loại lấy theo cấu hình của tỉnh; các ngưỡng chưa được xác minh từ văn bản gốc",
                    "Band thresholds come from the province's configuration; they are not verified against the source decision"),
    "error": ("Đã xảy ra lỗi khi cập nhật. Vui lòng chọn lại hoặc tải lại trang.",
              "Something went wrong while updating. Please choose again or reload the page."),
    "app_compare": ("So sánh qua các năm", "Compare across years"),
    "search": ("Tìm đơn vị", "Find units"),
    "search_hint": ("gõ không dấu cũng được, ví dụ: so tu phap", "accents optional, e.g. so tu phap"),
    "units": ("Đơn vị", "Units"),
    "years": ("Giai đoạn", "Years"),
    "pick_units": ("Chọn ít nhất một đơn vị (giữ Ctrl để chọn nhiều).", "Pick at least one unit (hold Ctrl for several)."),
    "method_break": ("Thay đổi phương pháp", "Method change"),
    "sipas_break": ("SIPAS đổi phương pháp", "SIPAS method change"),
    "predecessor": ("Năm của đơn vị tiền thân", "Predecessor's years"),
    "own_years": ("Năm của chính đơn vị", "Unit's own years"),
    "trend_title": ("Chỉ số CCHC qua các năm (đường nét đứt: ngưỡng xếp loại từng năm)",
                    "PAR INDEX by year (dotted: each year's band thresholds)"),
    "bump_title": ("Thứ hạng trong khối qua các năm", "Rank in the group by year"),
    "area": ("Lĩnh vực", "Area"),
    "heatmap_title": ("Chỉ số theo lĩnh vực năm {year}", "Area indices in {year}"),
    "reference_title": ("Tham chiếu toàn quốc (số liệu đã công bố)", "National reference (published figures)"),
    "province_mean": ("{name}: bình quân khối {group}", "{name}: {group} mean"),
    "no_units_in_year": ("Các đơn vị đã chọn không còn trong năm {year} (bản đồ nhiệt trống)",
                         "The units picked no longer exist in {year} (the heat map is empty)"),
    "ref_missing": ("Không có số liệu công bố cho {series}: {years}", "No published value of {series} for: {years}"),
    "changes": ("Thay đổi trong giai đoạn", "Changes over the period"),
    "from": ("Từ", "From"),
    "to": ("Đến", "To"),
    "change": ("Thay đổi", "Change"),
    "break_col": ("Đổi phương pháp", "Method changes"),
    "break_note": ("Năm {years}: bộ tiêu chí thay đổi ({detail}); so sánh qua mốc này cần thận trọng.",
                   "{years}: the criteria set changed ({detail}); read changes across it with care."),
    "break_detail": ("{items} tiêu chí thành phần từ {year}", "{items} sub-criteria from {year}"),
    "predecessor_note": ("Đơn vị sáp nhập: các năm trước hiển thị theo đơn vị tiền thân (đường nét đứt).",
                         "Merged units: earlier years are shown for their predecessors (dashed)."),
    "app_bands": ("Phân bố xếp loại", "Band distribution"),
    "units_count": ("Số đơn vị", "Units"),
    "stack_title": ("Số đơn vị theo xếp loại qua các năm", "Units per band by year"),
    "histogram_title": ("Phân bố chỉ số năm {year} và các ngưỡng", "Indices in {year} and the thresholds"),
    "migration_title": ("Chuyển dịch xếp loại {year_from} → {year_to}", "Band migration {year_from} → {year_to}"),
    "from_year": ("Xếp loại năm {year}", "Band in {year}"),
    "to_year": ("Xếp loại năm {year}", "Band in {year}"),
    "scheme_a": ("Thang A", "Scheme A"),
    "scheme_b": ("Thang B", "Scheme B"),
    "stored_scheme": ("Theo cấu hình của tỉnh (từng năm)", "The province's configuration (per year)"),
    "custom_scheme": ("Tùy chỉnh…", "Custom…"),
    "scheme_help": ("Viết: Tên>=ngưỡng; …; loại thấp nhất (ví dụ: Tốt>=85; Khá>=75; Trung bình>=60; Yếu), rồi nhấn Enter",
                    "Write: Label>=threshold; …; lowest band (e.g. Tốt>=85; Khá>=75; Trung bình>=60; Yếu), then press Enter"),
    "scheme_invalid": ("Thang xếp loại chưa hợp lệ, đang giữ thang trước", "The scheme is not valid; keeping the previous one"),
    "year_from": ("Từ năm", "From"),
    "year_to": ("Đến năm", "To"),
    "side_by_side": ("Hai thang trên cùng năm {year}", "Two schemes on the same year {year}"),
    "n_changed": ("{n}/{total} đơn vị đổi xếp loại giữa thang A và thang B", "{n}/{total} units change band between scheme A and scheme B"),
    "different_labels": ("Hai thang có tên loại khác nhau: xem bảng chéo bên dưới", "The schemes use different labels: see the cross-table below"),
    "migration_note": ("Đơn vị sáp nhập được tính theo từng đơn vị tiền thân; đơn vị giải thể hoặc mới thành lập không được tính.",
                       "Merged units count once per predecessor; dissolved and new units are not counted."),
    "unverified_presets": ("Các thang có nhãn [U] chưa được xác minh từ văn bản gốc; [V] đã xác minh.",
                           "Schemes tagged [U] are not verified against a source decision; [V] are."),
    "years_order": ("Chọn năm bắt đầu trước năm kết thúc để xem chuyển dịch xếp loại",
                    "Pick a start year before the end year to see the band migration"),
    "no_results": ("Chưa có đơn vị nào được chấm điểm trong dữ liệu này.", "No unit has been scored in this data yet."),
    "dashboards": ("Các bảng điều khiển", "Dashboards"),
    "data_source": ("Dữ liệu", "Data"),
    "bundled_data": ("dữ liệu mẫu đi kèm", "bundled demo data"),
    "memory_data": ("dữ liệu tạo trong bộ nhớ", "data built in memory"),
    "upload": ("Mở tệp Excel", "Open an Excel file"),
    "upload_bad": ("Không mở được tệp {name}: {count} lỗi. Trang vẫn hiển thị dữ liệu trước đó.",
                   "The file {name} cannot be opened: {count} problem(s). The page still shows the previous data."),
    "app_whatif": ("Mô phỏng", "What-if simulation"),
    "whatif_unit": ("Đơn vị", "Unit"),
    "whatif_now": ("Hiện tại", "Now"),
    "whatif_new": ("Sau thay đổi", "After the changes"),
    "whatif_need": ("Cần thêm {points} điểm (chỉ số +{index}) để đạt {target}",
                    "{points} more points (index +{index}) needed for {target}"),
    "whatif_reached": ("Đã ở loại cao nhất của thang", "Already in the top band"),
    "whatif_items": ("Điểm thẩm định theo lĩnh vực (sửa một ô để mô phỏng)", "Appraised scores by area (edit a cell to simulate)"),
    "whatif_na": ("không áp dụng", "not applicable"),
    "whatif_reset": ("Đặt lại", "Reset"),
    "whatif_suggest": ("Gợi ý để lên loại", "Suggest for the next band"),
    "whatif_suggested": ("Đã điền gợi ý: {n} tiêu chí thành phần có nhiều điểm còn thiếu nhất",
                         "Suggestion filled in: the {n} sub-criteria with the most points left"),
    "whatif_group_table": ("Xếp hạng của khối sau thay đổi (dòng tô đậm: có thay đổi)",
                           "The group's ranking after the changes (highlighted: moved)"),
    "whatif_old": ("Trước", "Before"),
    "whatif_changes": ("{n} thay đổi trong kịch bản", "{n} changes in the scenario"),
    "whatif_refused": ("Giá trị không hợp lệ, giữ giá trị cũ", "Value refused; the previous one is kept"),
    "whatif_scheme": ("Ngưỡng xếp loại cho năm và khối này", "Band thresholds for this year and group"),
    "scenario_name": ("Tên kịch bản", "Scenario name"),
    "scenario_author": ("Người lập", "Author"),
    "scenario_download": ("Tải kịch bản (JSON)", "Download the scenario (JSON)"),
    "scenario_upload": ("Mở kịch bản…", "Open a scenario…"),
    "scenario_loaded": ("Đã mở kịch bản '{name}' ({n} thay đổi)", "Opened scenario '{name}' ({n} changes)"),
    "scenario_bad": ("Không mở được kịch bản", "The scenario could not be opened"),
    "robust_title": ("Độ vững của thứ hạng (Monte Carlo)", "How robust the ranks are (Monte Carlo)"),
    "robust_points": ("± điểm", "± points"),
    "robust_areas": ("± trọng số lĩnh vực", "± area weights"),
    "robust_draws": ("Số lần thử", "Draws"),
    "robust_run": ("Chạy mô phỏng", "Run"),
    "robust_note": ("Mỗi lần thử: mỗi điểm thẩm định lệch ngẫu nhiên trong ± {points} điểm, trọng số lĩnh vực ± {share}%; "
                    "đoạn: 5%–95% thứ hạng, chấm: trung vị, vạch: hạng hiện tại. Hạt giống cố định nên kết quả lặp lại được.",
                    "Each draw moves every appraised score at random within ± {points} points and area weights by ± {share}%; "
                    "bar: 5th–95th percentile rank, dot: median, tick: current rank. The seed is fixed, so results repeat."),
    "robust_chart": ("Khoảng thứ hạng năm {year}", "Rank intervals in {year}"),
    "rank_axis": ("Thứ hạng (1 = cao nhất)", "Rank (1 = best)"),
    "p_band": ("Xác suất giữ loại {band}", "Chance of staying {band}"),
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
