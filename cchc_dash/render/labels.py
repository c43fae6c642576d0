"""Vietnamese (default) and English labels, and number formatting for display.

Numbers are computed in full precision and rounded only here, for display: two decimals
as published, with a decimal comma in Vietnamese ("86,80") and a point in English.
"""

from __future__ import annotations

import math
import unicodedata

LABELS: dict[str, tuple[str, str]] = {
    "app_overview": ("Tổng quan Chỉ số CCHC", "PAR INDEX overview"),
    "simulated": (
        "Dữ liệu mô phỏng — không phải số liệu thật của tỉnh nào",
        "Simulated data — not any province's real figures",
    ),
    "year": ("Năm", "Year"),
    "printed_on": ("In ngày {date}", "Printed on {date}"),
    "live_view": ("Xem trực tuyến", "Live view"),
    "filters": ("Bộ lọc", "Filters"),
    "copy_link": ("Sao chép liên kết", "Copy link"),
    "link_copied": ("Đã sao chép liên kết", "Link copied"),
    "link_refused": ("Liên kết có giá trị không dùng được ({names}): trang hiển thị giá trị mặc định thay cho chúng.",
                     "The link holds values that cannot be used ({names}): the page shows its defaults instead."),
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
    "no_movers": ("Không đơn vị nào tăng hay giảm chỉ số so với năm trước",
                  "No unit's index rose or fell since last year"),
    "units_ranked": ("đơn vị được xếp hạng", "units ranked"),
    "not_assessed": ("Không đánh giá năm {year} ({n} đơn vị)", "Not assessed in {year} ({n})"),
    "unbanded": ("Chưa xếp loại", "Not banded"),
    "no_scheme": ("Chưa có thang xếp loại cho năm và khối này", "No band scheme for this year and group"),
    "chart_title": ("Chỉ số CCHC theo đơn vị", "PAR INDEX by unit"),
    "national_ref": (
        "Tham chiếu toàn quốc: PAR INDEX bình quân các tỉnh năm {year} là {value}%",
        "National reference: mean provincial PAR INDEX in {year} was {value}%",
    ),
    "national_source": ("nguồn: {link}, công bố số liệu năm {year}", "source: {link}, publishing the {year} figures"),
    "national_not_comparable": (
        "PAR INDEX do Bộ Nội vụ chấm cho các tỉnh theo bộ tiêu chí cấp tỉnh, không so sánh được với chỉ số của "
        "các đơn vị trong bảng này (chấm theo bộ tiêu chí của tỉnh).",
        "The PAR INDEX is the Ministry of Home Affairs' score of provinces on the provincial criteria: it is not "
        "comparable with the indices of the units in this table (scored on the province's own criteria).",
    ),
    "scheme_note": (
        "Ngưỡng xếp loại lấy theo cấu hình của tỉnh; các ngưỡng chưa được xác minh từ văn bản gốc",
        "Band thresholds come from the province's configuration; they are not verified against the source decision",
    ),
    "error": (
        "Đã xảy ra lỗi khi cập nhật. Vui lòng chọn lại hoặc tải lại trang.",
        "Something went wrong while updating. Please choose again or reload the page.",
    ),
    # A callback that hit its kernel's memory ceiling (GuardedKernelManager.kernel_memory_limit, app/serving.py).
    "memory_error": (
        "Thao tác này cần nhiều bộ nhớ hơn mức cho phép cho một trang. Hãy chọn ít dữ liệu hơn "
        "(một tệp nhỏ hơn) hoặc tải lại trang.",
        "This needs more memory than a page is allowed. Choose less data (a smaller file) or reload the page.",
    ),
    "app_compare": ("So sánh qua các năm", "Compare across years"),
    "search": ("Tìm đơn vị", "Find units"),
    "search_hint": ("gõ không dấu cũng được, ví dụ: so tu phap", "accents optional, e.g. so tu phap"),
    "units": ("Đơn vị", "Units"),
    "years": ("Giai đoạn", "Years"),
    "pick_units": ("Chọn ít nhất một đơn vị trong danh sách.", "Pick at least one unit in the list."),
    "units_hint": ("Bấm vào tên đơn vị để chọn hoặc bỏ chọn", "Click a unit to pick or unpick it"),
    "no_unit_found": ("Không tìm thấy đơn vị nào", "No unit found"),
    "method_break": ("Thay đổi phương pháp", "Method change"),
    "sipas_break": ("SIPAS đổi phương pháp", "SIPAS method change"),
    "predecessor": ("Năm của đơn vị tiền thân", "Predecessor's years"),
    "own_years": ("Năm của chính đơn vị", "Unit's own years"),
    "trend_title": (
        "Chỉ số CCHC qua các năm (vạch xám ngắn: ngưỡng xếp loại từng năm)",
        "PAR INDEX by year (short grey marks: each year's band thresholds)",
    ),
    "predecessor_of": ("{name} (tiền thân của {successor})", "{name} (predecessor of {successor})"),
    "band_from": ("{band} từ {value}", "{band} from {value}"),
    "band_below": ("{band} dưới {value}", "{band} below {value}"),
    "threshold": ("Ngưỡng", "Threshold"),
    "to_below": ("Đến dưới", "Up to (not incl.)"),
    "simulated_named": ("{name} (mô phỏng)", "{name} (simulated)"),
    "ref_province": ("Tính từ dữ liệu đang xem", "Computed from the data shown"),
    "source": ("Nguồn", "Source"),
    "bump_title": ("Thứ hạng trong khối qua các năm", "Rank in the group by year"),
    "area": ("Lĩnh vực", "Area"),
    "heatmap_title": ("Chỉ số theo lĩnh vực năm {year}", "Area indices in {year}"),
    "reference_title": ("Tham chiếu toàn quốc (số liệu đã công bố)", "National reference (published figures)"),
    "province_mean": ("{name}: bình quân khối {group}", "{name}: {group} mean"),
    "no_units_in_year": (
        "Các đơn vị đã chọn không còn trong năm {year} (bản đồ nhiệt trống)",
        "The units picked no longer exist in {year} (the heat map is empty)",
    ),
    "ref_missing": ("Không có số liệu công bố cho {series}: {years}", "No published value of {series} for: {years}"),
    "changes": ("Thay đổi trong giai đoạn", "Changes over the period"),
    "from": ("Từ", "From"),
    "to": ("Đến", "To"),
    "change": ("Thay đổi", "Change"),
    "since_last_year": ("So với năm trước", "Since last year"),
    "break_col": ("Đổi phương pháp", "Method changes"),
    "break_note": (
        "Năm {years}: bộ tiêu chí thay đổi ({detail}); so sánh qua mốc này cần thận trọng.",
        "{years}: the criteria set changed ({detail}); read changes across it with care.",
    ),
    "break_detail": ("{items} tiêu chí thành phần từ {year}", "{items} sub-criteria from {year}"),
    "predecessor_note": (
        "Đơn vị sáp nhập: các năm trước là của đơn vị tiền thân (đường nét đứt, tam giác, "
        "có tên riêng trong chú giải).",
        "Merged units: earlier years are their predecessors' (dashed line, triangles, named in the legend).",
    ),
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
    "scheme_help": (
        "Tự nhập: Tốt>=85; Khá>=75; Yếu — rồi nhấn Enter",
        "Type e.g. Good>=85; Fair>=75; Weak — then press Enter",
    ),
    "scheme_help_long": (
        'Tự nhập thang: mỗi loại "Tên>=ngưỡng", cách nhau bằng dấu chấm phẩy, loại thấp nhất không có ngưỡng '
        "(ví dụ: Tốt>=85; Khá>=75; Trung bình>=60; Yếu), rồi nhấn Enter.",
        'Your own scheme: each band as "Label>=threshold", separated by semicolons, the lowest band without '
        "a threshold (e.g. Good>=85; Fair>=75; Average>=60; Weak), then press Enter.",
    ),
    "scheme_in_words": ("Thang đang dùng", "Scheme in force"),
    "cross_title": (
        "Số đơn vị theo xếp loại: thang A (hàng) và thang B (cột)",
        "Units by band: scheme A (rows) against scheme B (columns)",
    ),
    "cross_corner": ("Thang A ↓ · Thang B →", "Scheme A ↓ · Scheme B →"),
    "places_up": ("▲ {n} bậc", "▲ up {n}"),
    "places_down": ("▼ {n} bậc", "▼ down {n}"),
    "places_same": ("giữ nguyên", "no change"),
    "score_vs_rank": (
        "Vì sao cột Điểm không theo thứ tự xếp hạng: xếp hạng theo Chỉ số = điểm đạt ÷ điểm tối đa của các tiêu chí "
        "áp dụng cho đơn vị × 100. Đơn vị có tiêu chí không áp dụng có điểm tối đa thấp hơn 100, nên ít điểm hơn "
        "vẫn có thể có chỉ số cao hơn.",
        "Why the Score column does not follow the ranking: units are ranked by the Index = points scored ÷ the "
        "maximum points of the criteria that apply to the unit × 100. A unit with criteria that do not apply has a "
        "maximum below 100, so fewer points can still mean a higher index.",
    ),
    "breaks_none": ("không", "none"),
    "breaks_some": ("có ({n} lần)", "yes ({n})"),
    "index_change": ("Thay đổi chỉ số", "Index change"),
    "rank_change": ("Thay đổi hạng", "Rank change"),
    "migration_years": ("Năm so sánh chuyển dịch", "Years of the migration"),
    "scheme_invalid": (
        "Thang xếp loại chưa hợp lệ, đang giữ thang trước",
        "The scheme is not valid; keeping the previous one",
    ),
    "year_from": ("Từ năm", "From"),
    "year_to": ("Đến năm", "To"),
    "side_by_side": ("Hai thang trên cùng năm {year}", "Two schemes on the same year {year}"),
    "n_changed": (
        "{n}/{total} đơn vị đổi xếp loại giữa thang A và thang B",
        "{n}/{total} units change band between scheme A and scheme B",
    ),
    "different_labels": (
        "Hai thang có tên loại khác nhau: xem bảng chéo bên dưới",
        "The schemes use different labels: see the cross-table below",
    ),
    "migration_note": (
        "Đơn vị sáp nhập được tính theo từng đơn vị tiền thân; đơn vị giải thể hoặc mới thành lập không được tính.",
        "Merged units count once per predecessor; dissolved and new units are not counted.",
    ),
    "unverified_presets": (
        'Các thang ghi "chưa xác minh" chưa được đối chiếu với văn bản gốc; thang ghi "đã xác minh" đã được đối chiếu.',
        'Schemes marked "not verified" are not checked against a source decision; "verified" ones are.',
    ),
    "years_order": (
        "Chọn năm bắt đầu trước năm kết thúc để xem chuyển dịch xếp loại",
        "Pick a start year before the end year to see the band migration",
    ),
    "no_results": ("Chưa có đơn vị nào được chấm điểm trong dữ liệu này.", "No unit has been scored in this data yet."),
    "dashboards": ("Các bảng điều khiển", "Dashboards"),
    "data_source": ("Dữ liệu", "Data"),
    "bundled_data": ("dữ liệu mẫu đi kèm", "bundled demo data"),
    "memory_data": ("dữ liệu tạo trong bộ nhớ", "data built in memory"),
    "upload": ("Mở tệp Excel", "Open an Excel file"),
    # Also written, word for word, by the page's script (template cchc, index.html.j2), which refuses the
    # file before sending it; the kernel says the same if one arrives all the same.
    "too_large": ("Tệp quá lớn ({size} MB, tối đa {limit} MB)", "File too large ({size} MB, at most {limit} MB)"),
    "upload_bad": (
        "Không mở được tệp {name}: {count} lỗi. Trang vẫn hiển thị dữ liệu trước đó.",
        "The file {name} cannot be opened: {count} problem(s). The page still shows the previous data.",
    ),
    "app_whatif": ("Mô phỏng", "What-if simulation"),
    "whatif_unit": ("Đơn vị", "Unit"),
    "whatif_now": ("Hiện tại", "Now"),
    "whatif_new": ("Sau thay đổi", "After the changes"),
    "whatif_need": (
        "Cần thêm {points} điểm (chỉ số +{index}) để đạt {target}",
        "{points} more points (index +{index}) needed for {target}",
    ),
    "whatif_reached": ("Đã ở loại cao nhất của thang", "Already in the top band"),
    "whatif_no_index": (
        "Đơn vị không có tiêu chí nào áp dụng năm này: không có chỉ số để nâng",
        "No item applies to this unit this year: it has no index to raise",
    ),
    "whatif_items": (
        "Điểm thẩm định theo lĩnh vực (sửa một ô để mô phỏng)",
        "Appraised scores by area (edit a cell to simulate)",
    ),
    "whatif_na": ("không áp dụng", "not applicable"),
    "whatif_reset": ("Đặt lại", "Reset"),
    "whatif_suggest": ("Gợi ý để lên loại", "Suggest for the next band"),
    "whatif_suggested": (
        "Đã điền gợi ý: {n} tiêu chí thành phần có nhiều điểm còn thiếu nhất",
        "Suggestion filled in: the {n} sub-criteria with the most points left",
    ),
    "whatif_suggest_survey": ("Tính cả tiêu chí điều tra, SIPAS", "Include survey and SIPAS items"),
    "whatif_plan_code": ("Mã", "Code"),
    "whatif_plan_item": ("Tiêu chí thành phần", "Sub-criterion"),
    "whatif_plan_from_to": ("Từ → đến", "From → to"),
    "whatif_plan_gain": ("Điểm tăng", "Points gained"),
    "whatif_short": (
        "Chưa đủ để lên loại: nâng mọi tiêu chí được chọn đến điểm tối đa vẫn còn thiếu {points} điểm.",
        "Not enough for the next band: every item chosen at its maximum still leaves {points} points short.",
    ),
    "whatif_plan_note": (
        "Điểm gợi ý theo bước 0,25 của ô nhập, làm tròn lên: đơn vị đạt hoặc vượt ngưỡng.",
        "Suggested scores follow the inputs' 0.25 step, rounded up: the unit reaches or passes the threshold.",
    ),
    "whatif_group_table": (
        "Xếp hạng của khối sau thay đổi (dòng tô đậm: có thay đổi)",
        "The group's ranking after the changes (highlighted: moved)",
    ),
    "whatif_old": ("Trước", "Before"),
    "whatif_changes": ("{n} thay đổi trong kịch bản", "{n} changes in the scenario"),
    "whatif_refused": ("Giá trị không hợp lệ, giữ giá trị cũ", "Value refused; the previous one is kept"),
    "whatif_refused_range": (
        "Điểm của {item} phải là một số từ 0 đến {max} (ví dụ 0,75); giữ giá trị cũ",
        "The points of {item} must be a number from 0 to {max} (e.g. 0.75); the previous value is kept",
    ),
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
    "scheme_choice": ("Ngưỡng xếp loại", "Band thresholds"),
    "scheme_typed": ("Tự nhập", "Typed"),
    "whatif_points": ("Điểm", "Points"),
    "robust_running": ("Đang chạy… {pct}%", "Running… {pct}%"),
    "robust_done": ("Đã chạy {draws} lần thử.", "{draws} draws run."),
    "robust_note": (
        "Mỗi lần thử: mỗi điểm thẩm định lệch ngẫu nhiên trong ± {points} điểm, trọng số lĩnh vực ± {share}%; "
        "đoạn: 5%–95% thứ hạng, chấm: trung vị, vạch: hạng hiện tại. Hạt giống cố định nên kết quả lặp lại được.",
        "Each draw moves every appraised score at random within ± {points} points and area weights by ± {share}%; "
        "bar: 5th–95th percentile rank, dot: median, tick: current rank. The seed is fixed, so results repeat.",
    ),
    "robust_chart": ("Khoảng thứ hạng năm {year}", "Rank intervals in {year}"),
    "rank_axis": ("Thứ hạng (1 = cao nhất)", "Rank (1 = best)"),
    "p_band": ("Xác suất giữ loại {band}", "Chance of staying {band}"),
    "app_profile": ("Hồ sơ đơn vị", "Unit profile"),
    "group_mean": ("Bình quân khối", "Group mean"),
    "group_mean_index": ("Chỉ số bình quân khối (%)", "Group mean index (%)"),
    "profile_change": ("So với năm trước", "Since last year"),
    "profile_merged": ("Hình thành từ: {names}", "Formed from: {names}"),
    "profile_trend": ("Chỉ số qua các năm", "Index by year"),
    "profile_areas": (
        "Chỉ số theo lĩnh vực so với bình quân khối năm {year}",
        "Area indices against the group mean in {year}",
    ),
    "area_side_above": ("Bằng hoặc cao hơn bình quân khối", "At or above the group mean"),
    "area_side_near": ("Thấp hơn bình quân dưới {points} điểm", "Less than {points} points below the mean"),
    "area_side_below": ("Thấp hơn bình quân từ {points} điểm trở lên", "{points} points or more below the mean"),
    "area_mean_tick": ("Vạch đen: chỉ số bình quân khối", "Black tick: the group mean index"),
    "profile_weak": (
        "Tiêu chí thành phần thấp nhất so với bình quân khối",
        "Sub-criteria furthest below the group mean",
    ),
    "profile_cuts": (
        "Thẩm định trừ nhiều điểm nhất (tự chấm − thẩm định)",
        "Where the appraisal cut most (self − appraised)",
    ),
    "profile_room": (
        "Tiêu chí thành phần còn nhiều điểm nhất (tối đa − đạt)",
        "Sub-criteria with the most points left (max − score)",
    ),
    "profile_none": ("Không có", "None"),
    "item": ("Tiêu chí thành phần", "Sub-criterion"),
    "rate": ("Tỷ lệ đạt (%)", "Share of max (%)"),
    "group_rate": ("Bình quân khối (%)", "Group mean (%)"),
    "gap": ("Chênh lệch", "Difference"),
    "self_score": ("Tự chấm", "Self-assessed"),
    "appraised": ("Thẩm định", "Appraised"),
    "cut": ("Bị trừ", "Cut"),
    "headroom": ("Còn thiếu", "Left"),
    "profile_word": ("Tải hồ sơ (Word)", "Download the profile (Word)"),
    "profile_word_ready": ("Hồ sơ đã sẵn sàng: bấm để tải", "The profile is ready: click to download"),
    "profile_paragraph": ("Tóm tắt", "Summary"),
    "profile_sipas": ("Chỉ số hài lòng (SIPAS)", "Satisfaction (SIPAS)"),
    "home_title": ("Chỉ số cải cách hành chính — bảng điều khiển", "Administrative reform index — dashboards"),
    "home_intro": (
        "Chọn một bảng điều khiển. Mọi trang đều xem được bằng tiếng Việt và tiếng Anh.",
        "Pick a dashboard. Every page can be read in Vietnamese and in English.",
    ),
    "desc_app_overview": (
        "Xếp hạng từng khối theo năm, tô màu theo xếp loại; bình quân, cao nhất, thấp nhất và thay đổi lớn nhất.",
        "Each group's ranking by year, coloured by band; the mean, best, lowest and biggest moves.",
    ),
    "desc_app_compare": (
        "Chọn đơn vị và giai đoạn: chỉ số, thứ hạng và lĩnh vực qua các năm, kể cả đơn vị sáp nhập.",
        "Pick units and years: index, rank and areas over time, merged units included.",
    ),
    "desc_app_whatif": (
        "Thay đổi điểm hoặc ngưỡng xếp loại và xem thứ hạng, xếp loại của cả khối thay đổi; điểm cần thêm để lên loại.",
        "Change scores or band thresholds and see the whole group's ranks and bands move; "
        "points needed for the next band.",
    ),
    "desc_app_bands": (
        "Số đơn vị theo xếp loại qua các năm; so sánh hai thang xếp loại trên cùng một năm.",
        "Units per band by year; two band schemes compared on one year.",
    ),
    "desc_app_sipas": (
        "Mức độ hài lòng của người dân theo từng yếu tố, câu hỏi và đơn vị.",
        "Citizens' satisfaction by component, question and unit.",
    ),
    "desc_app_profile": (
        "Một đơn vị: kết quả, đoạn tóm tắt, điểm mạnh và điểm yếu; tải về bản Word.",
        "One unit: results, the written summary, strengths and weaknesses; download as Word.",
    ),
    "app_sipas": ("Chỉ số hài lòng SIPAS", "SIPAS satisfaction"),
    "no_sipas": (
        "Dữ liệu này không có phiếu khảo sát SIPAS, nên chưa có chỉ số hài lòng để hiển thị.",
        "This data holds no SIPAS survey answers, so there is no satisfaction index to show.",
    ),
    "no_sipas_csv": (
        "Thư mục dữ liệu này không có phiếu khảo sát SIPAS (tệp {file}), nên chưa có chỉ số hài lòng để hiển thị.",
        "This data folder holds no SIPAS survey answers (file {file}), so there is no satisfaction index to show.",
    ),
    "no_sipas_workbook": (
        "Tệp Excel này không có phiếu khảo sát SIPAS (trang tính “{sheet}” trống hoặc không có), nên chưa có "
        "chỉ số hài lòng để hiển thị.",
        "This workbook holds no SIPAS survey answers (its “{sheet}” sheet is empty or missing), so there is no "
        "satisfaction index to show.",
    ),
    "sipas_questions_title": ("Các câu hỏi khảo sát năm {year}", "The survey's questions in {year}"),
    "sipas_question_text": ("Nội dung câu hỏi", "Question"),
    "sipas_measure": ("Chỉ tiêu", "Measure"),
    "sipas_index": ("Chỉ số SIPAS", "SIPAS index"),
    "sipas_method": ("Cách tổng hợp", "Aggregation"),
    "sipas_method_components": ("Trung bình các yếu tố", "Mean of components"),
    "sipas_method_respondents": ("Trung bình theo người trả lời", "Mean over respondents"),
    "sipas_formula_note": (
        "Công thức tổng hợp chính thức (QĐ 2640/QĐ-BNV, 1001/QĐ-BNV) chưa được xác minh: tỷ lệ hài lòng của một câu "
        "= số trả lời 4–5 ÷ số trả lời hợp lệ × 100 (bỏ trống không tính); yếu tố = trung bình các câu; chỉ số = "
        "trung bình các yếu tố, hoặc trung bình theo từng người trả lời. Đây là giả định có thể cấu hình.",
        "The official aggregation formula (2640/QĐ-BNV, 1001/QĐ-BNV) is not verified: a question's rate = answers "
        "4–5 ÷ valid answers × 100 (blanks left out); a component = the mean of its questions; the index = the mean "
        "of the components, or a mean over respondents. This is a configurable assumption.",
    ),
    "sipas_interval_note": (
        "Khoảng tin cậy 95% (Wilson); n của yếu tố và chỉ số = số người có ít nhất một câu trả lời hợp lệ. "
        "Màu xám: khoảng chứa bình quân khối, tức là không phân biệt được với bình quân.",
        "95% Wilson intervals; n of a component or the index = respondents with at least one valid answer. "
        "Grey: the interval holds the group mean, so the unit is not distinguishable from it.",
    ),
    "sipas_rate": ("Tỷ lệ hài lòng (%)", "Satisfaction (%)"),
    "sipas_interval": ("Khoảng tin cậy 95%", "95% interval"),
    "sipas_above": ("Cao hơn bình quân khối", "Above the group mean"),
    "sipas_below": ("Thấp hơn bình quân khối", "Below the group mean"),
    "sipas_same": ("Không phân biệt được với bình quân", "Not distinguishable from the mean"),
    "sipas_question": ("Câu hỏi", "Question"),
    "sipas_component": ("Yếu tố", "Component"),
    "sipas_group_mean": ("Bình quân khối", "Group mean"),
    "sipas_intervals_title": (
        "{measure} năm {year}: tỷ lệ và khoảng tin cậy 95%",
        "{measure} in {year}: rates and 95% intervals",
    ),
    "sipas_heatmap_title": ("Tỷ lệ hài lòng theo câu hỏi năm {year}", "Satisfaction by question in {year}"),
    "likert_1": ("1 Rất không hài lòng", "1 Very dissatisfied"),
    "likert_2": ("2 Không hài lòng", "2 Dissatisfied"),
    "likert_3": ("3 Bình thường", "3 Neutral"),
    "likert_4": ("4 Hài lòng", "4 Satisfied"),
    "likert_5": ("5 Rất hài lòng", "5 Very satisfied"),
    "likert_axis": (
        "% câu trả lời hợp lệ (trái: chưa hài lòng, phải: hài lòng)",
        "% of valid answers (left: not satisfied, right: satisfied)",
    ),
    "likert_answer": ("Câu trả lời", "Answer"),
    "likert_blanks": ("Bỏ trống", "Blank"),
    "likert_title": ("Phân bố câu trả lời: {unit}, {year}", "Answers: {unit}, {year}"),
    "par_sipas_ranks": ("PAR {par}, SIPAS {sipas}", "PAR {par}, SIPAS {sipas}"),
    "par_sipas_title": ("Chỉ số CCHC và SIPAS năm {year}", "PAR INDEX and SIPAS in {year}"),
    "sipas_index_axis": ("Chỉ số SIPAS (%)", "SIPAS index (%)"),
    "sipas_national": ("SIPAS toàn quốc (đã công bố, chỉ để tham chiếu)", "National SIPAS (published, reference only)"),
    "sipas_trend_title": ("Chỉ số SIPAS qua các năm", "SIPAS index by year"),
    "sipas_break_note": (
        "Năm {years}: bộ câu hỏi SIPAS thay đổi; không so sánh trực tiếp qua mốc này.",
        "{years}: the SIPAS questionnaire changed; do not compare across it directly.",
    ),
    "sipas_vs_mean": ("So với bình quân", "Against the mean"),
    "sipas_short_above": ("↑ cao hơn", "↑ above"),
    "sipas_short_below": ("↓ thấp hơn", "↓ below"),
    "sipas_short_same": ("≈ không phân biệt được", "≈ not distinguishable"),
    "sipas_no_unit": ("Đơn vị này không có phiếu khảo sát năm {year}.", "This unit has no survey answers in {year}."),
    "sipas_respondents": ("người trả lời", "respondents"),
    # home page, downloads (issue 11, home11)
    "home_link": ("Trang chủ", "Home"),
    "save_png": ("Tải ảnh PNG", "Save as PNG"),
    "save_svg": ("Tải ảnh SVG", "Save as SVG"),
    "chart_menu": ("Tải biểu đồ", "Download the chart"),
    "download_xlsx": ("Tải Excel", "Download Excel"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "table_n": ("bảng {n}", "table {n}"),
    "thumbnail_alt": ("Hình thu nhỏ biểu đồ chính của trang {title}", "Thumbnail of the main chart of {title}"),
    "open_dashboard": ("Mở trang", "Open"),
    # the annual report (issue 22, part 1: io/annual_report.py, the overview's button)
    "report_button": ("Tải báo cáo năm", "Download annual report"),
    "report_building": ("Đang tạo báo cáo năm {year}…", "Building the {year} report…"),
    "report_ready": ("Báo cáo năm {year} đã sẵn sàng: bấm để tải", "The {year} report is ready: click to download"),
    "report_title": (
        "Báo cáo kết quả xác định Chỉ số cải cách hành chính năm {year}",
        "Report on the administrative reform index (PAR INDEX), {year}",
    ),
    "report_page": ("Trang", "Page"),
    "report_ranking": ("Bảng xếp hạng năm {year}", "Ranking in {year}"),
    "report_counts": ("Số đơn vị theo xếp loại", "Units per band"),
    "report_year": ("Năm {year}", "{year}"),
    "report_total": ("Tổng số", "Total"),
    "report_movers": ("Tăng, giảm nhiều nhất so với năm {year}", "Biggest rises and falls since {year}"),
    "report_up": ("Tăng", "Rise"),
    "report_down": ("Giảm", "Fall"),
    "report_no_movers": (
        "Không có đơn vị nào so sánh được với năm trước.",
        "No unit can be compared with the year before.",
    ),
    "report_sipas": ("Chỉ số hài lòng (SIPAS) năm {year}", "Satisfaction (SIPAS) in {year}"),
    "report_methods": ("Ghi chú phương pháp", "Notes on method"),
    "report_index_rule": (
        "Chỉ số của đơn vị = tổng điểm đạt ÷ tổng điểm tối đa của các tiêu chí áp dụng cho đơn vị × 100. Các đơn vị "
        "được xếp hạng trong từng khối theo chỉ số chưa làm tròn; đơn vị có chỉ số bằng nhau thì đồng hạng. Số liệu "
        "trong báo cáo được làm tròn đến hai chữ số thập phân.",
        "A unit's index = the points it scored ÷ the maximum points of the criteria that apply to it × 100. Units "
        "are ranked within their group on the unrounded index; equal indices share a rank. Figures in this report "
        "are rounded to two decimals.",
    ),
    "report_scheme": ("Thang xếp loại khối {group} — {scheme}.", "Band scheme of {group} — {scheme}."),
    "report_band_top": ("{band}: từ {low}% trở lên", "{band}: {low}% and above"),
    "report_band_mid": ("{band}: từ {low}% đến dưới {high}%", "{band}: {low}% to below {high}%"),
    "report_band_low": ("{band}: dưới {high}%", "{band}: below {high}%"),
    "report_band_all": ("{band}: mọi mức chỉ số", "{band}: any index"),
    "report_band_none": ("dưới {high}%: không xếp loại", "below {high}%: not banded"),
    "report_scheme_chosen": (
        "Thang xếp loại được chọn khi lập báo cáo, áp dụng cho mọi khối và mọi năm.",
        "The band scheme was chosen when the report was made; it applies to every group and year.",
    ),
    "report_break": (
        "Năm {year}, bộ tiêu chí của khối {group} thay đổi so với năm {prev} ({detail}); so sánh với năm trước cần "
        "thận trọng.",
        "In {year} the criteria of {group} changed from {prev} ({detail}); read comparisons with the year before "
        "with care.",
    ),
    "report_break_detail": (
        "năm {year}: {areas} lĩnh vực, {items} tiêu chí thành phần",
        "{year}: {areas} areas, {items} sub-criteria",
    ),
    "report_no_break": (
        "Bộ tiêu chí của khối {group} năm {year} giữ nguyên như năm {prev}.",
        "The criteria of {group} in {year} are those of {prev}.",
    ),
    "report_first_year": (
        "Năm {year} là năm đầu tiên khối {group} có số liệu, nên không có so sánh với năm trước.",
        "{year} is the first year with results for {group}, so nothing is compared with the year before.",
    ),
    "report_merged": ("{names} sáp nhập vào {successor} năm {year}.", "{names} merged into {successor} in {year}."),
    "report_merged_note": (
        "Cột “So với năm trước” so sánh mỗi đơn vị với chính nó năm trước; đơn vị mới hình thành do sáp nhập "
        "không có số so sánh.",
        "The “Since last year” column compares each unit with itself the year before; a unit formed by a merger "
        "has no comparison.",
    ),
    "report_group_gone": (
        "Khối {group} có kết quả năm {prev} nhưng không được đánh giá năm {year}.",
        "{group} had results in {prev} but was not assessed in {year}.",
    ),
}


#: English forms of the data's common names (groups, bands, areas, reference series, presets),
#: shown in English mode only; the data keep the Vietnamese. A province extends it with its
#: own names (``DATA_TERMS["Khối Đảng"] = "Party bodies"``); a name not listed is shown as
#: written, and units keep their Vietnamese names.
DATA_TERMS: dict[str, str] = {
    "Tỉnh Minh An (dữ liệu mô phỏng)": "Minh An province (simulated data)",  # the bundled demo's name
    "Sở, ban, ngành": "Departments",
    "UBND cấp huyện": "District People's Committees",
    "UBND cấp xã": "Commune People's Committees",
    "Xuất sắc": "Excellent",
    "Tốt": "Good",
    "Khá": "Fair",
    "Trung bình": "Average",
    "Yếu": "Weak",
    "Công tác chỉ đạo, điều hành cải cách hành chính": "Direction and management of administrative reform",
    "Cải cách thể chế": "Institutional reform",
    "Xây dựng và tổ chức thực hiện văn bản QPPL": "Making and enforcing legal documents",
    "Cải cách thủ tục hành chính": "Administrative procedure reform",
    "Cải cách tổ chức bộ máy hành chính": "Reform of the administrative apparatus",
    "Cải cách tổ chức bộ máy hành chính nhà nước": "Reform of the state administrative apparatus",
    "Cải cách chế độ công vụ": "Civil service reform",
    "Xây dựng và nâng cao chất lượng đội ngũ CBCCVC": "Building the quality of civil servants and public employees",
    "Cải cách tài chính công": "Public finance reform",
    "Hiện đại hóa hành chính": "Modernising the administration",
    "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số": "E-government and digital government",
    "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH": (
        "Impact of the reform on people, organisations and socio-economic development"
    ),
    "PAR INDEX bình quân các tỉnh": "PAR INDEX, mean of the provinces",
    "SIPAS toàn quốc": "National SIPAS",
    "Công chức": "Civil servants",
    "Kết quả": "Results",
    "Thủ tục hành chính": "Administrative procedures",
    "Tiếp cận dịch vụ": "Access to services",
    "Tiếp nhận và xử lý góp ý, phản ánh": "Handling of feedback and complaints",
    "Xuất sắc / Tốt / Khá / Trung bình / Yếu [U]": "Excellent / Good / Fair / Average / Weak (not verified)",
    "Tốt / Khá / Trung bình / Yếu [U]": "Good / Fair / Average / Weak (not verified)",
    "Nhóm A/B/C toàn quốc (≥90, 80–<90, 70–<80) [V]": "National groups A/B/C (≥90, 80–<90, 70–<80) (verified)",
}


def term(text: str, lang: str = "vi") -> str:
    """The English form of a data name (group, band, area…) from :data:`DATA_TERMS` when
    ``lang`` is "en" and the name is listed; otherwise ``text`` unchanged. Names are matched
    after NFC normalisation and trimming ("Tốt " typed in NFD finds "Tốt")."""
    if lang != "en":
        return text
    return DATA_TERMS.get(unicodedata.normalize("NFC", text).strip(), text)


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
