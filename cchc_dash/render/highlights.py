"""Written highlights in the words of the provinces' announcements, in Vietnamese and English.

"Sở Khoa học và Công nghệ đạt 86,80 điểm (giá trị trung bình 84,73), xếp thứ 4/20 các sở,
ban, ngành, xếp loại Tốt." Every sentence is a template in :data:`TEMPLATES` (edit the wording
there, nowhere else); numbers have two decimals, with a decimal comma in Vietnamese; equal
ranks are worded as ties ("đồng hạng 2"). Pure functions: results in, text out.
"""

from __future__ import annotations

import pandas as pd

from ..analyses.profile import Profile, profile
from ..analyses.standings import kpis
from ..core.bands import BandScheme
from .labels import fmt_num, term

#: key → (Vietnamese, English). Placeholders are filled by the functions below.
TEMPLATES: dict[str, tuple[str, str]] = {
    "score_100": (
        "{name} đạt {score} điểm (giá trị trung bình {mean_score})",
        "{name} scored {score} points (group mean {mean_score})",
    ),
    "score_mean_index": (
        "{name} đạt {score}/{max} điểm, chỉ số {index}% (chỉ số bình quân của khối: {mean}%)",
        "{name} scored {score} of {max} points, an index of {index}% (the group's mean index: {mean}%)",
    ),
    "score_other": (
        "{name} đạt {score}/{max} điểm, chỉ số {index}% (giá trị trung bình {mean}%)",
        "{name} scored {score} of {max} points, an index of {index}% (group mean {mean}%)",
    ),
    "no_index": ("{name} không có chỉ số năm {year}", "{name} has no index in {year}"),
    "rank": ("xếp thứ {rank}/{rank_of} {group}", "ranked {rank}/{rank_of} {group}"),
    "rank_tied": ("đồng hạng {rank}/{rank_of} {group}", "ranked joint {rank}/{rank_of} {group}"),
    "unranked": ("chưa được xếp hạng", "not ranked"),
    "band": ("xếp loại {band}", "rated {band}"),
    "sipas": ("chỉ số hài lòng {rate}% ({rank}/{rank_of})", "satisfaction index {rate}% ({rank}/{rank_of})"),
    "unbanded": ("chưa xếp loại", "not banded"),
    "group_words": ("các {group}", "among {group}"),
    "no_previous": ("Chưa có số liệu năm trước để so sánh.", "There is no previous year to compare with."),
    "no_index_change": ("Không có chỉ số để so sánh với năm {year}.", "There is no index to compare with {year}."),
    "merged": (
        "Năm {year}, đơn vị được hình thành từ {names}; không so sánh chỉ số với năm trước.",
        "In {year} the unit was formed from {names}; its index is not compared with the year before.",
    ),
    "change": (
        "So với năm {year}, chỉ số {direction} {points} điểm",
        "Compared with {year}, the index {direction} {points} points",
    ),
    "change_same": ("So với năm {year}, chỉ số giữ nguyên", "Compared with {year}, the index stayed the same"),
    "up": ("tăng", "rose"),
    "down": ("giảm", "fell"),
    "places_up": ("tăng {n} bậc (từ {rank}/{rank_of})", "up {n} {places} (from {rank}/{rank_of})"),
    "places_down": ("giảm {n} bậc (từ {rank}/{rank_of})", "down {n} {places} (from {rank}/{rank_of})"),
    "places_same": ("giữ nguyên thứ hạng", "same rank"),
    "band_moved": ("chuyển từ loại {before} sang loại {after}", "from {before} to {after}"),
    "group_intro": (
        "Năm {year}, {n} đơn vị thuộc khối {group} được xếp hạng; chỉ số bình quân {mean}%.",
        "In {year}, {n} units of {group} were ranked; the mean index was {mean}%.",
    ),
    "leaders": ("Dẫn đầu: {leaders}.", "Leading: {leaders}."),
    "leader": ("{name} ({index}%)", "{name} ({index}%)"),
    "leader_tied": ("{names} đồng hạng {rank} ({index}%)", "{names}, joint {rank} ({index}%)"),
    "and": (" và ", " and "),
    "count_first": ("{n} đơn vị xếp loại {band}", "{n} {units} rated {band}"),
    "count_next": ("{n} {band}", "{n} {band}"),
    "none_in": ("không có đơn vị xếp loại {bands}", "none rated {bands}"),
    "no_bands": ("Chưa có thang xếp loại.", "There is no band scheme."),
    "rise": ("Tăng nhiều nhất: {name} ({points} điểm).", "Biggest rise: {name} ({points} points)."),
    "fall": ("Giảm nhiều nhất: {name} ({points} điểm).", "Biggest fall: {name} ({points} points)."),
}


def _t(key: str, lang: str, **fmt: object) -> str:
    vi, en = TEMPLATES[key]
    return (en if lang == "en" else vi).format(**fmt)


def _num(value: float, lang: str, sign: bool = False) -> str:
    return fmt_num(value, 2, lang, sign=sign)


def _group_words(group: str, lang: str) -> str:
    """ "Sở, ban, ngành" → "các sở, ban, ngành" (a capital is kept where it belongs: "UBND");
    in English the group's English name ("among Departments")."""
    group = term(group, lang)
    head = (
        group if lang == "en" else group[:1].lower() + group[1:] if len(group) > 1 and group[1:2].islower() else group
    )
    return _t("group_words", lang, group=head)


def _join(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + _t("and", lang) + names[-1]


def unit_paragraph(p: Profile, lang: str = "vi", mean_index: bool = False) -> str:
    """One unit's sentence as announced, then its change since last year (following lineage).

    ``mean_index``: open with the score, the index and the group's mean index, each named (the
    profile's card and Word file show that mean), where the announcement gives the mean of points
    without saying so. A unit without an index that year (no item applied to it) is said to have
    none, with no score out of a maximum of 0 and no change to tell."""
    if pd.isna(p.index):
        first = _t("no_index", lang, name=p.unit_name, year=p.year)
    elif mean_index:
        first = _t("score_mean_index", lang, name=p.unit_name, score=_num(p.score, lang),
                   max=_num(p.max_points, lang), index=_num(p.index, lang), mean=_num(p.group_mean, lang))
    elif abs(p.max_points - 100) < 1e-9:
        first = _t(
            "score_100", lang, name=p.unit_name, score=_num(p.score, lang), mean_score=_num(p.group_mean_score, lang)
        )
    else:
        first = _t(
            "score_other",
            lang,
            name=p.unit_name,
            score=_num(p.score, lang),
            max=_num(p.max_points, lang),
            index=_num(p.index, lang),
            mean=_num(p.group_mean, lang),
        )
    group = _group_words(p.group, lang)
    if p.rank is None:
        rank = _t("unranked", lang)
    else:
        rank = _t("rank_tied" if p.tied else "rank", lang, rank=p.rank, rank_of=p.rank_of, group=group)
    band = _t("band", lang, band=term(p.band, lang)) if isinstance(p.band, str) else _t("unbanded", lang)
    text = f"{first}, {rank}, {band}"
    if p.sipas is not None:
        rate, srank, sof = p.sipas
        text += "; " + _t("sipas", lang, rate=_num(rate, lang), rank="–" if srank is None else srank, rank_of=sof)
    text += "."
    prev = p.previous
    if prev is None:
        return f"{text} {_t('no_previous', lang)}"
    if pd.isna(p.index) and not prev.merged:
        return f"{text} {_t('no_index_change', lang, year=prev.year)}"
    if prev.merged or pd.isna(prev.change):
        return f"{text} {_t('merged', lang, year=p.year, names=_join(list(prev.names), lang))}"
    if abs(prev.change) < 0.005:  # shows as 0,00: say it stayed the same
        parts = [_t("change_same", lang, year=prev.year)]
    else:
        parts = [
            _t(
                "change",
                lang,
                year=prev.year,
                direction=_t("up" if prev.change > 0 else "down", lang),
                points=_num(abs(prev.change), lang),
            )
        ]
    if prev.rank is not None and prev.rank_change is not None:
        key = "places_up" if prev.rank_change > 0 else "places_down" if prev.rank_change < 0 else "places_same"
        n = abs(prev.rank_change)
        parts.append(_t(key, lang, n=n, places="place" if n == 1 else "places", rank=prev.rank, rank_of=prev.rank_of))
    if isinstance(prev.band, str) and isinstance(p.band, str) and prev.band != p.band:
        parts.append(_t("band_moved", lang, before=term(prev.band, lang), after=term(p.band, lang)))
    return f"{text} {', '.join(parts)}."


def _band_counts(part: pd.DataFrame, scheme: BandScheme | None, lang: str) -> str:
    """ "3 đơn vị xếp loại Xuất sắc, 6 Tốt; không có đơn vị xếp loại Trung bình, Yếu"."""
    counts = part["band"].dropna().value_counts()
    order = (
        list(scheme.labels)
        if scheme is not None
        else list(dict.fromkeys(part.sort_values("index", ascending=False)["band"].dropna()))
    )
    present = [b for b in order if counts.get(b, 0) > 0]
    missing = [b for b in order if counts.get(b, 0) == 0]
    if not present:
        return _t("no_bands", lang)
    pieces = []
    for i, b in enumerate(present):
        n = int(counts[b])
        pieces.append(
            _t(
                "count_first" if i == 0 else "count_next",
                lang,
                n=n,
                band=term(b, lang),
                units="unit" if n == 1 else "units",
            )
        )
    text = ", ".join(pieces)
    if missing:
        text += "; " + _t("none_in", lang, bands=", ".join(term(b, lang) for b in missing))
    return text[:1].upper() + text[1:] + "."


def group_paragraph(
    results: pd.DataFrame, year: int, group: str, scheme: BandScheme | None = None, lang: str = "vi"
) -> str:
    """One group in one year: how many were ranked and the mean, the top three (ties worded),
    the counts per band (including empty bands of ``scheme``), and the biggest rise and fall."""
    part = results[(results["year"] == year) & (results["group"] == group) & results["index"].notna()]
    sentences = [
        _t("group_intro", lang, year=year, n=len(part), group=term(group, lang), mean=_num(part["index"].mean(), lang))
    ]
    top = part[part["rank"] <= 3].sort_values(["rank", "unit_name"])
    leaders = []
    for rank, tied in top.groupby("rank", sort=True):
        names = list(tied["unit_name"])
        index = _num(float(tied["index"].iloc[0]), lang)
        leaders.append(
            _t("leader", lang, name=names[0], index=index)
            if len(names) == 1
            else _t("leader_tied", lang, names=_join(names, lang), rank=int(rank), index=index)
        )
    sentences.append(_t("leaders", lang, leaders=", ".join(leaders)))
    sentences.append(_band_counts(part, scheme, lang))
    k = kpis(results, year, group, movers=1)
    if not k.has_previous:
        sentences.append(_t("no_previous", lang))
    else:
        if len(k.up):
            sentences.append(
                _t("rise", lang, name=k.up["unit_name"].iloc[0], points=_num(k.up["change"].iloc[0], lang, sign=True))
            )
        if len(k.down):
            sentences.append(
                _t(
                    "fall",
                    lang,
                    name=k.down["unit_name"].iloc[0],
                    points=_num(k.down["change"].iloc[0], lang, sign=True),
                )
            )
    return " ".join(sentences)


def highlights(
    results: pd.DataFrame,
    year: int,
    group: str,
    unit_id: str | None = None,
    lang: str = "vi",
    scheme: BandScheme | None = None,
    sipas: pd.DataFrame | None = None,
) -> str:
    """The written highlights: the group's paragraph, or one unit's when ``unit_id`` is given
    (with its satisfaction index when ``sipas``, :func:`cchc_dash.sipas_index`'s frame, is given)."""
    if unit_id is not None:
        return unit_paragraph(profile(results, unit_id, year, sipas=sipas), lang)
    return group_paragraph(results, year, group, scheme, lang)
