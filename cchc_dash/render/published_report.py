"""The disagreements of a published table, said in words (Vietnamese or English) for a command line.

:func:`describe_disagreements` turns the rows of
:func:`cchc_dash.analyses.published_check.check_published` into one line each, e.g.
"2021 · Sở, ban, ngành · Sở Tư pháp: xếp hạng công bố 3, xếp hạng theo điểm công bố: 2" or, in English,
"2021 · Sở, ban, ngành · Sở Tư pháp: printed rank 3, rank of the printed scores: 2". Numbers use
the language's decimal mark and as many decimals as the values need (up to four); groups, units
and bands are quoted as the table prints them, in either language (it is the table being checked).
"""

from __future__ import annotations

import math

import pandas as pd

from .labels import fmt_num

#: What each field's disagreement says: (Vietnamese, English), with {published} and {computed}.
SAYS: dict[str, tuple[str, str]] = {
    "score": ("tổng điểm công bố {published} khác tổng các điểm thành phần công bố ({computed})",
              "printed total {published} differs from the sum of its printed components ({computed})"),
    "index": ("chỉ số công bố {published} khác điểm ÷ điểm tối đa × 100 ({computed})",
              "printed index {published} differs from score ÷ maximum × 100 ({computed})"),
    "rank": ("xếp hạng công bố {published}, xếp hạng theo điểm công bố: {computed}",
             "printed rank {published}, rank of the printed scores: {computed}"),
    "rank_of": ("công bố xếp hạng trên {published} đơn vị, bảng xếp hạng {computed} đơn vị có điểm",
                "printed as ranked out of {published} units, the table ranks {computed} units with a score"),
    "band": ("xếp loại công bố {published}, theo thang xếp loại: {computed}",
             "printed band {published}, the scheme gives: {computed}"),
}
#: A band the scheme does not give to any index (below every threshold, no floor band).
NO_BAND = ("không xếp loại", "no band")


def _value(value: object, lang: str) -> str:
    """A number with the decimals it needs (up to four), a band quoted, a missing value said so."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_BAND[lang == "en"]
    if isinstance(value, str):
        return f"'{value}'"
    number = float(value)
    decimals = next((d for d in range(5) if abs(round(number, d) - number) < 1e-9), 4)
    return fmt_num(number, decimals, lang)


def describe_disagreements(frame: pd.DataFrame, lang: str = "vi") -> list[str]:
    """One line per row of a :func:`~cchc_dash.analyses.published_check.check_published` result, in
    ``lang`` ("vi" or "en"): year · group · unit, then what the table prints and what its own figures
    give. An empty frame (a consistent table) gives no line."""
    lines = []
    for row in frame.itertuples(index=False):
        vi, en = SAYS[str(row.field)]
        text = (en if lang == "en" else vi).format(published=_value(row.published, lang),
                                                   computed=_value(row.computed, lang))
        lines.append(f"{row.year} · {row.group} · {row.unit}: {text}")
    return lines


#: Each field's name in the summary line: (Vietnamese, English).
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "score": ("tổng điểm = tổng các thành phần", "total = sum of components"),
    "index": ("chỉ số", "index"),
    "rank": ("xếp hạng", "rank"),
    "rank_of": ("số đơn vị xếp hạng", "units ranked"),
    "band": ("xếp loại", "band"),
}


def summary_line(source: str, units: int, disagreements: int, fields: list[str], lang: str = "vi") -> str:
    """The line above the disagreements (or alone): the file, its units, what was checked and the
    outcome — "a.csv: 21 đơn vị; đã kiểm tra xếp hạng, xếp loại: 3 chỗ không khớp"."""
    en = lang == "en"
    checked = ", ".join(FIELD_NAMES[f][en] for f in fields)
    if not fields:
        what = ("nothing to check: the table prints no component, index, rank or band (or no scheme was given)"
                if en else "không có gì để kiểm tra: bảng không in điểm thành phần, chỉ số, xếp hạng hay xếp loại "
                "(hoặc chưa có thang xếp loại)")
    elif disagreements:
        what = (f"checked {checked}: {disagreements} disagreement(s)" if en
                else f"đã kiểm tra {checked}: {disagreements} chỗ không khớp")
    else:
        what = f"checked {checked}: consistent" if en else f"đã kiểm tra {checked}: bảng nhất quán"
    return f"{source}: {units} {'units' if en else 'đơn vị'}; {what}"
