"""Seeded generator of the demo province "Tỉnh Minh An" (synthetic data, dữ liệu mô phỏng).

The structure follows the national provincial sets (the decisions named below; the published
figures bundled in ``data/reference/`` carry their sources):
2019–2021 use the 8 areas with the 2017 national maxima (2948/QĐ-BNV, [V]); 2022–2025
use the 876/QĐ-BNV area list ([U] names) with 32 survey points ([V]) and maxima invented
for the demo, so 2022 is a methodology break. Departments merge in 2025 as many
provinces' did (KH&ĐT into Tài chính; NN&PTNT + TN&MT into a new Nông nghiệp và Môi
trường; GTVT into Xây dựng); the district level ends with 2024.

Everything is a pure function of the seed; ``data/make_sample.py`` writes the CSVs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

YEARS = list(range(2019, 2026))
GROUP_SO = "Sở, ban, ngành"
GROUP_HUYEN = "UBND cấp huyện"

# (area name, max points, [criterion names], kind of its leaves)
AREAS_2019 = [
    (
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        10.0,
        ["Kế hoạch CCHC năm", "Báo cáo CCHC", "Kiểm tra công tác CCHC", "Công tác tuyên truyền CCHC"],
        "assessed",
    ),
    (
        "Xây dựng và tổ chức thực hiện văn bản QPPL",
        10.0,
        ["Tham mưu xây dựng văn bản QPPL", "Rà soát, hệ thống hóa văn bản", "Tổ chức thực hiện văn bản"],
        "assessed",
    ),
    (
        "Cải cách thủ tục hành chính",
        14.5,
        [
            "Kiểm soát thủ tục hành chính",
            "Công khai thủ tục hành chính",
            "Cơ chế một cửa, một cửa liên thông",
            "Tiếp nhận, xử lý phản ánh, kiến nghị",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
        ],
        "assessed",
    ),
    (
        "Cải cách tổ chức bộ máy hành chính",
        11.0,
        ["Sắp xếp tổ chức bộ máy", "Thực hiện quy định về biên chế", "Phân cấp quản lý", "Quản lý đơn vị sự nghiệp"],
        "assessed",
    ),
    (
        "Xây dựng và nâng cao chất lượng đội ngũ CBCCVC",
        16.0,
        [
            "Vị trí việc làm",
            "Tuyển dụng, bổ nhiệm",
            "Đánh giá, xếp loại công chức",
            "Đào tạo, bồi dưỡng",
            "Kỷ luật, kỷ cương hành chính",
        ],
        "assessed",
    ),
    (
        "Cải cách tài chính công",
        7.0,
        ["Quản lý, sử dụng ngân sách", "Tự chủ tài chính", "Quản lý tài sản công"],
        "assessed",
    ),
    (
        "Hiện đại hóa hành chính",
        16.0,
        [
            "Ứng dụng công nghệ thông tin",
            "Dịch vụ công trực tuyến",
            "Hệ thống quản lý chất lượng ISO",
            "Chữ ký số, văn bản điện tử",
        ],
        "assessed",
    ),
    (
        "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
        15.5,
        [
            "Hài lòng về tiếp cận dịch vụ",
            "Hài lòng về thủ tục hành chính",
            "Hài lòng về công chức",
            "Hài lòng về kết quả dịch vụ",
            "Hài lòng về góp ý, phản ánh",
        ],
        "survey",
    ),
]
AREAS_2022 = [
    (
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        8.0,
        ["Kế hoạch CCHC năm", "Báo cáo CCHC", "Kiểm tra công tác CCHC", "Tuyên truyền, sáng kiến CCHC"],
        "assessed",
    ),
    (
        "Cải cách thể chế",
        8.0,
        ["Xây dựng văn bản QPPL", "Rà soát, hệ thống hóa văn bản", "Theo dõi thi hành pháp luật"],
        "assessed",
    ),
    (
        "Cải cách thủ tục hành chính",
        12.0,
        [
            "Kiểm soát thủ tục hành chính",
            "Công khai thủ tục hành chính",
            "Cơ chế một cửa, một cửa liên thông",
            "Tiếp nhận, xử lý phản ánh, kiến nghị",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
        ],
        "assessed",
    ),
    (
        "Cải cách tổ chức bộ máy hành chính nhà nước",
        6.5,
        ["Sắp xếp tổ chức bộ máy", "Quản lý biên chế", "Quản lý đơn vị sự nghiệp"],
        "assessed",
    ),
    (
        "Cải cách chế độ công vụ",
        8.5,
        [
            "Vị trí việc làm",
            "Tuyển dụng, sử dụng công chức",
            "Đánh giá, xếp loại công chức",
            "Kỷ luật, kỷ cương hành chính",
        ],
        "assessed",
    ),
    (
        "Cải cách tài chính công",
        5.0,
        ["Quản lý, sử dụng ngân sách", "Tự chủ tài chính", "Quản lý tài sản công"],
        "assessed",
    ),
    (
        "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
        13.0,
        [
            "Hạ tầng số, nền tảng số",
            "Dịch vụ công trực tuyến toàn trình",
            "Thanh toán trực tuyến",
            "Số hóa hồ sơ, kết quả giải quyết TTHC",
        ],
        "assessed",
    ),
    (
        "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
        39.0,
        [
            ("Thực hiện chỉ tiêu phát triển KT-XH", "assessed"),
            "Khảo sát: lãnh đạo, quản lý đánh giá",
            "Khảo sát: hài lòng về tiếp cận dịch vụ",
            "Khảo sát: hài lòng về thủ tục hành chính",
            "Khảo sát: hài lòng về công chức",
            "Khảo sát: hài lòng về kết quả dịch vụ",
        ],
        "survey",
    ),
]
LEAF_NAMES = ["Ban hành, triển khai đúng thời hạn", "Mức độ hoàn thành", "Chất lượng thực hiện"]
# Leaves that some units are not assessed on (không áp dụng): legal documents and public service units.
MAY_NOT_APPLY = {"2.1.1", "2.1.2", "4.3.1", "4.3.2", "6.2.1"}

DEPARTMENTS = [
    ("S01", "Văn phòng UBND tỉnh"),
    ("S02", "Sở Nội vụ"),
    ("S03", "Sở Tư pháp"),
    ("S04", "Sở Tài chính"),
    ("S05", "Sở Kế hoạch và Đầu tư"),
    ("S06", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("S07", "Sở Tài nguyên và Môi trường"),
    ("S08", "Sở Giao thông vận tải"),
    ("S09", "Sở Xây dựng"),
    ("S10", "Sở Công Thương"),
    ("S11", "Sở Giáo dục và Đào tạo"),
    ("S12", "Sở Y tế"),
    ("S13", "Sở Lao động - Thương binh và Xã hội"),
    ("S14", "Sở Văn hóa, Thể thao và Du lịch"),
    ("S15", "Sở Khoa học và Công nghệ"),
    ("S16", "Sở Thông tin và Truyền thông"),
    ("S17", "Thanh tra tỉnh"),
    ("S18", "Ban Dân tộc"),
    ("S19", "Ban Quản lý các khu công nghiệp"),
    ("S20", "Sở Ngoại vụ"),
]
NEW_2025 = [("S21", "Sở Nông nghiệp và Môi trường")]
MERGERS_2025 = {"S05": "S04", "S06": "S21", "S07": "S21", "S08": "S09"}
DISTRICTS = [
    ("H01", "UBND thành phố Minh An"),
    ("H02", "UBND thị xã Phú Lâm"),
    ("H03", "UBND huyện An Phú"),
    ("H04", "UBND huyện Bình Sơn"),
    ("H05", "UBND huyện Cẩm Khê"),
    ("H06", "UBND huyện Đồng Lạc"),
    ("H07", "UBND huyện Hương Sơn"),
    ("H08", "UBND huyện Lạc Thủy"),
    ("H09", "UBND huyện Mỹ Hòa"),
    ("H10", "UBND huyện Tân Lập"),
]
BAND_SCHEMES = {  # per period; the demo province tightened "Khá" in 2022
    range(2019, 2022): "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu",
    range(2022, 2026): "Xuất sắc>=90; Tốt>=80; Khá>=70; Trung bình>=50; Yếu",
}


# SIPAS questionnaires: (component, [question texts]). The 2017–2021 form (2640/QĐ-BNV) and the
# redesigned one of 2022 (Q9 block II of the 1001/QĐ-BNV form: items 15–33).
SIPAS_2019 = [
    ("Tiếp cận dịch vụ", ["Nơi ngồi chờ đủ chỗ", "Trang thiết bị phục vụ đầy đủ", "Dễ tìm nơi tiếp nhận hồ sơ"]),
    (
        "Thủ tục hành chính",
        [
            "TTHC được niêm yết công khai",
            "Thành phần hồ sơ đúng quy định",
            "Phí, lệ phí đúng quy định",
            "Thời hạn giải quyết đúng quy định",
        ],
    ),
    (
        "Công chức",
        ["Công chức lịch sự", "Công chức lắng nghe", "Công chức hướng dẫn dễ hiểu", "Công chức không gây phiền hà"],
    ),
    ("Kết quả", ["Kết quả đúng quy định", "Kết quả có thông tin chính xác", "Nhận kết quả đúng hẹn"]),
    ("Tiếp nhận và xử lý góp ý, phản ánh", ["Có nơi tiếp nhận góp ý", "Góp ý được xử lý kịp thời"]),
]
SIPAS_2022 = [
    (
        "Tiếp cận dịch vụ",
        [
            "Biển hiệu, chỉ dẫn rõ ràng",
            "Chỗ ngồi, bàn viết đầy đủ",
            "Trang thiết bị hiện đại",
            "Dịch vụ công trực tuyến dễ sử dụng",
        ],
    ),
    (
        "Thủ tục hành chính",
        [
            "TTHC được công khai đầy đủ",
            "Hồ sơ đơn giản, dễ chuẩn bị",
            "Thời hạn giải quyết hợp lý",
            "Phí, lệ phí hợp lý",
        ],
    ),
    (
        "Công chức",
        [
            "Thái độ lịch sự",
            "Lắng nghe ý kiến",
            "Hướng dẫn tận tình",
            "Giải quyết đúng quy định",
            "Không nhũng nhiễu, gây phiền hà",
        ],
    ),
    ("Kết quả", ["Kết quả đúng quy định", "Kết quả đúng hẹn", "Thông tin trên kết quả chính xác"]),
    (
        "Tiếp nhận và xử lý góp ý, phản ánh",
        ["Dễ dàng góp ý, phản ánh", "Góp ý được tiếp nhận", "Phản hồi kịp thời, thỏa đáng"],
    ),
]
#: Respondents per unit and year: ~200 from the 2022 redesign; fewer before it, to keep the
#: bundled CSV under ~10 MB and load_sample fast (the older years are context, not the focus).
SIPAS_RESPONDENTS = {range(2019, 2022): 60, range(2022, 2026): 200}
#: Likert cut points of the latent satisfaction (1 | 2 | 3 | 4 | 5): most answers fall on 4–5.
SIPAS_CUTS = np.array([-2.3, -1.6, -0.7, 0.55])


def sipas_frames(
    year_units: dict[int, list[str]], quality: dict[str, float], seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The SIPAS questionnaires and answers of the demo: one row per respondent × question.

    A respondent's latent satisfaction = the unit's quality + the question's and the
    respondent's effects + noise, cut into the five answers (skewed towards 4–5); about 3 %
    are blank ("không trả lời"). 2022 brings the redesigned questionnaire and a lower level,
    as nationally (85.48 % in 2020 → 80.08 % in 2022). Its own random stream, so the PAR
    files do not change when it does.
    """
    rng = np.random.default_rng([seed, 5])
    q_rows, parts = [], []
    for year in YEARS:
        form = SIPAS_2019 if year < 2022 else SIPAS_2022
        start = 1 if year < 2022 else 15
        ids, comps = [], []
        for comp, texts in form:
            for text in texts:
                ids.append(f"Q{start + len(ids)}")
                comps.append(comp)
                q_rows.append(dict(year=year, question_id=ids[-1], component=comp, text=text))
        q_effect = rng.normal(0, 0.25, len(ids))
        n_resp = next(n for years, n in SIPAS_RESPONDENTS.items() if year in years)
        level = 0.55 if year < 2022 else 0.25
        for unit in year_units[year]:
            mu = level + (quality[unit] - 0.84) * 5
            latent = mu + q_effect[None, :] + rng.normal(0, 0.6, (n_resp, 1)) + rng.normal(0, 0.9, (n_resp, len(ids)))
            answer = (np.searchsorted(SIPAS_CUTS, latent) + 1).astype(float)
            answer[rng.random(answer.shape) < 0.03] = np.nan
            parts.append(
                pd.DataFrame(
                    {
                        "year": year,
                        "unit_id": unit,
                        "respondent_id": np.repeat(np.arange(1, n_resp + 1), len(ids)),
                        "question_id": np.tile(ids, n_resp),
                        "answer": answer.ravel(),
                    }
                )
            )
    answers = pd.concat(parts, ignore_index=True)
    answers["answer"] = answers["answer"].astype("Int64")
    return pd.DataFrame(q_rows), answers


def _split(total_quarters: int, parts: int) -> list[int]:
    """Split a number of quarter-points into ``parts`` near-equal integers."""
    base, extra = divmod(total_quarters, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def methodology_tree(areas: list) -> list[dict]:
    """Areas → criteria → 2–3 leaves with maxima in quarter points that add up exactly.

    A criterion is a name, or (name, kind) where it differs from its area's kind.
    """
    rows = []
    for a, (aname, amax, criteria, kind) in enumerate(areas, start=1):
        rows.append(dict(item_id=f"{a}", parent_id=None, level="area", name_vi=aname, max_points=amax, kind=kind))
        for c, (crit, cq) in enumerate(zip(criteria, _split(round(amax * 4), len(criteria))), start=1):
            cname, ckind = crit if isinstance(crit, tuple) else (crit, kind)
            cid = f"{a}.{c}"
            rows.append(
                dict(item_id=cid, parent_id=f"{a}", level="criterion", name_vi=cname, max_points=cq / 4, kind=ckind)
            )
            n_leaves = 3 if (a + c) % 3 == 0 else 2
            for i, lq in enumerate(_split(cq, n_leaves), start=1):
                rows.append(
                    dict(
                        item_id=f"{cid}.{i}",
                        parent_id=cid,
                        level="item",
                        name_vi=LEAF_NAMES[i - 1],
                        max_points=lq / 4,
                        kind=ckind,
                    )
                )
    return rows


def generate(seed: int = 2025) -> dict[str, pd.DataFrame]:
    """All frames of the demo province: methodology, units, scores, bands, SIPAS questions and answers."""
    rng = np.random.default_rng(seed)
    meth = []
    units_by_year = {
        y: [u for u in DEPARTMENTS if not (y == 2025 and u[0] in MERGERS_2025)] + (NEW_2025 if y == 2025 else [])
        for y in YEARS
    }
    for year in YEARS:
        tree = methodology_tree(AREAS_2019 if year < 2022 else AREAS_2022)
        groups = [GROUP_SO] + ([GROUP_HUYEN] if year < 2025 else [])
        meth += [dict(year=year, group=g, **r) for g in groups for r in tree]
    methodology = pd.DataFrame(meth)

    units = [
        dict(
            unit_id=i,
            unit_name=n,
            group=GROUP_SO,
            valid_from=2019,
            valid_to=2024 if i in MERGERS_2025 else None,
            successor_id=MERGERS_2025.get(i),
        )
        for i, n in DEPARTMENTS
    ]
    units += [
        dict(unit_id=i, unit_name=n, group=GROUP_SO, valid_from=2025, valid_to=None, successor_id=None)
        for i, n in NEW_2025
    ]
    units += [
        dict(unit_id=i, unit_name=n, group=GROUP_HUYEN, valid_from=2019, valid_to=2024, successor_id=None)
        for i, n in DISTRICTS
    ]
    units = pd.DataFrame(units)
    units["valid_to"] = units["valid_to"].astype("Int64")

    ids = list(units["unit_id"])
    quality = dict(zip(ids, np.clip(rng.normal(0.84, 0.055, len(ids)), 0.62, 0.96)))
    drift = dict(zip(ids, rng.normal(0.008, 0.007, len(ids))))
    not_applicable = {u: set(rng.choice(sorted(MAY_NOT_APPLY), size=rng.integers(0, 3), replace=False)) for u in ids}
    members = {
        y: [(u, GROUP_SO) for u, _ in units_by_year[y]] + ([(u, GROUP_HUYEN) for u, _ in DISTRICTS] if y < 2025 else [])
        for y in YEARS
    }
    scores = []
    for year in YEARS:
        for unit, group in members[year]:
            leaves = methodology[
                (methodology["year"] == year) & (methodology["group"] == group) & (methodology["level"] == "item")
            ]
            level = quality[unit] + drift[unit] * (year - 2019) + rng.normal(0, 0.015)
            for item, mx, kind in zip(leaves["item_id"], leaves["max_points"], leaves["kind"]):
                if item in not_applicable[unit]:
                    scores.append((year, unit, item, np.nan, np.nan, False))
                    continue
                p = float(np.clip(level + rng.normal(0, 0.09), 0, 1))
                if kind == "survey":
                    score = round(p * mx, 2)
                    self_score = np.nan  # survey points are not self-assessed
                else:
                    score = min(mx, round(p * mx * 4) / 4)
                    self_score = min(mx, score + (0.25 * rng.integers(1, 4) if rng.random() < 0.3 else 0.0))
                scores.append((year, unit, item, self_score, score, True))
    scores = pd.DataFrame(scores, columns=["year", "unit_id", "item_id", "self_score", "score", "applicable"])

    bands = []
    for years, text in BAND_SCHEMES.items():
        for year in years:
            for group in methodology.loc[methodology["year"] == year, "group"].unique():
                for order, part in enumerate(text.split(";"), start=1):
                    label, _, mn = part.strip().partition(">=")
                    bands.append(
                        dict(
                            scheme="Tỉnh Minh An",
                            year=year,
                            group=group,
                            label=label,
                            min_index=float(mn) if mn else None,
                            order=order,
                        )
                    )
    questions, answers = sipas_frames({y: [u for u, _ in members[y]] for y in YEARS}, quality, seed)
    return {
        "methodology": methodology,
        "units": units,
        "scores": scores,
        "bands": pd.DataFrame(bands),
        "sipas_questions": questions,
        "sipas_answers": answers,
    }
