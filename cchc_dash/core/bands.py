"""Band schemes (xếp loại / nhóm): parse, validate, classify, points to the next band.

Thresholds differ by province, year and unit group, and most provinces' threshold
texts could not be verified (README.md, "Unverified facts, kept configurable"), so a scheme is
always data: written as text ("Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"),
stored as rows, and never hard-coded in the scoring.

A band holds every index ``>= min_index`` (inclusive) up to the next band's minimum.
The last band may have no threshold: it then holds everything below. A scheme without
such a floor band leaves lower indices unclassified (NaN), as the national groups do.

Decisions word their schemes ("Xuất sắc: từ 90 điểm trở lên; Tốt: từ 80 điểm đến dưới 90 điểm;
…; Yếu: dưới 50 điểm", "đạt từ 90% trở lên", "Tốt (trên 80 điểm)"); :meth:`BandScheme.parse`
reads that wording too. "trên 80" is *strictly* above 80: the band keeps the minimum 80 with
its flag in ``strict`` (an index equal to 80 up to ``INDEX_TOL`` is not in it), never an
epsilon added to the minimum, so that charts and messages still say 80. The upper bounds a
decision states ("đến dưới 90", "dưới 50") are checked against the band above when parsing:
a gap (an index in no band) or an overlap (an index in two) is refused with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from .errors import Problem, ValidationError, number
from .parsing import nfc
from .years import YearRange

#: Indices equal in exact arithmetic must land in the same band (85.00 is in ">= 85").
INDEX_TOL = 1e-9

#: Presets offered in the dashboards. Which province uses which is *not verified*: each name
#: ends in [V] (verified) or [U] (unverified), see README.md; users can always type their own.
PRESETS: dict[str, str] = {
    "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu": "Xuất sắc / Tốt / Khá / Trung bình / Yếu [U]",
    "Tốt>=85; Khá>=75; Trung bình>=60; Yếu": "Tốt / Khá / Trung bình / Yếu [U]",
    "A>=90; B>=80; C>=70": "Nhóm A/B/C toàn quốc (≥90, 80–<90, 70–<80) [V]",
}

_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
#: Scheme texts come from a dashboard text box (untrusted input): parsing is linear and bounded.
MAX_TEXT = 500

_VALUE = r"[0-9]+(?:[.,][0-9]+)?"
_UNIT = r"\s*(?:%|điểm)?"
#: A band as a decision words it, at the end of its part: "từ 80 điểm đến dưới 90 điểm", "từ 90% trở
#: lên", "90 điểm trở lên", "trên 80%", "trên 80 đến 90", "dưới 50 điểm", "từ 50 điểm trở xuống",
#: optionally after "đạt" / "chỉ số", optionally closing a bracket ("Tốt (trên 80 điểm)").
_WORDING = re.compile(
    rf"(?<!\w)(?:(?:có\s+)?chỉ\s+số\s+)?(?:đạt\s+)?(?:"
    rf"(?P<lo_op>từ|trên)\s+(?P<lo>{_VALUE}){_UNIT}"
    rf"(?:\s+trở\s+lên|\s+đến\s+(?P<up_below>dưới\s+)?(?P<up>{_VALUE}){_UNIT})?"
    rf"|(?P<plain>{_VALUE}){_UNIT}\s+trở\s+lên"
    rf"|dưới\s+(?P<below>{_VALUE}){_UNIT}"
    rf"|(?:từ\s+)?(?P<down>{_VALUE}){_UNIT}\s+trở\s+xuống"
    rf")\s*\)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Band:
    """One part of a scheme text as read: label, minimum (strict or not) and the upper bound the
    text states, if any (value, inclusive), which only serves to check the band above."""

    label: str
    minimum: float | None
    strict: bool = False
    upper: tuple[float, bool] | None = None


def _err(vi: str, en: str, source: str = "band scheme") -> ValidationError:
    return ValidationError([Problem(source, None, None, vi, en)])


def rule_breaks(labels: Sequence[object], minima: Sequence[float | None]) -> list[tuple[int, str, str, str]]:
    """Every broken rule of a scheme as (position, column, Vietnamese, English), best band first.

    Labels filled in and distinct; thresholds within 0–100 and decreasing; only the last band
    may lack a threshold. A position lets a table of bands name the row (``label`` or
    ``min_index`` column); :class:`BandScheme` reports the same messages for the whole scheme.
    """
    out: list[tuple[int, str, str, str]] = []
    if not labels:
        out.append((0, "label", "thang xếp loại trống", "the band scheme is empty"))
    if len(labels) != len(minima):
        out.append((0, "label", "số nhãn và số ngưỡng khác nhau", "labels and thresholds differ in number"))
    seen: set[object] = set()
    previous: float | None = None
    for i, (label, m) in enumerate(zip(labels, minima)):
        if label is None or not str(label).strip():
            out.append((i, "label", "có nhãn xếp loại trống", "a band label is empty"))
        elif label in seen:
            out.append((i, "label", f"nhãn '{label}' bị lặp", f"label '{label}' appears twice"))
        seen.add(label)
        if m is None:
            if i != len(minima) - 1:
                out.append((i, "min_index", f"chỉ loại cuối cùng được phép không có ngưỡng ('{label}' thiếu ngưỡng)",
                            f"only the last band may lack a threshold ('{label}' has none)"))
            continue
        if not 0 <= m <= 100:
            out.append((i, "min_index", f"ngưỡng {number(m, 'vi')} của '{label}' nằm ngoài 0–100",
                        f"threshold {m:g} of '{label}' is outside 0–100"))
        elif previous is not None and m == previous:
            out.append((i, "min_index", f"ngưỡng {number(m, 'vi')} bị lặp", f"threshold {m:g} appears twice"))
        elif previous is not None and m > previous:
            out.append((i, "min_index", "ngưỡng phải giảm dần từ loại cao nhất "
                        f"({number(previous, 'vi')} đứng trước {number(m, 'vi')})",
                        f"thresholds must decrease from the best band ({previous:g} comes before {m:g})"))
        if 0 <= m <= 100:
            previous = m
    return out


@dataclass(frozen=True)
class BandScheme:
    """An ordered list of bands, best first: ``labels[i]`` holds indices >= ``minima[i]``, or
    indices > ``minima[i]`` where ``strict[i]`` ("trên 80": strictly above).

    ``minima[-1]`` may be ``None`` (a floor band that holds everything below). ``strict``
    left empty means no band is strict, so ``BandScheme(labels, minima)`` is as before.
    """

    labels: tuple[str, ...]
    minima: tuple[float | None, ...]
    name: str = "default"
    strict: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        # NFD labels (typed on macOS) must equal their NFC spelling in colours and comparisons.
        object.__setattr__(self, "labels",
                           tuple(nfc(label) if isinstance(label, str) else label for label in self.labels))
        object.__setattr__(self, "strict", tuple(bool(s) for s in self.strict) or (False,) * len(self.minima))
        breaks = [(vi, en) for _, _, vi, en in rule_breaks(self.labels, self.minima)]
        if len(self.strict) != len(self.minima):
            breaks.append(("số ngưỡng và số cờ 'trên' (strict) khác nhau",
                           "thresholds and strict flags differ in number"))
        breaks += [(f"loại '{label}' không có ngưỡng nên không thể là 'trên' một ngưỡng",
                    f"band '{label}' has no threshold, so it cannot be strictly above one")
                   for label, m, s in zip(self.labels, self.minima, self.strict) if s and m is None]
        if breaks:
            raise ValidationError([Problem(f"band scheme '{self.name}'", None, None, vi, en) for vi, en in breaks])

    # -- construction -------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, name: str | None = None) -> BandScheme:
        """Parse ``"Label>=min; …; Floor"`` (``≥``, ``%`` and decimal commas accepted), or the
        scheme as a decision words it, part by part (the two may be mixed):

        - "Xuất sắc: từ 90 điểm trở lên", "Xuất sắc: đạt từ 90% trở lên", "Xuất sắc 90 điểm trở lên"
          → minimum 90;
        - "Tốt: trên 80%", "Tốt (trên 80 điểm)" → minimum 80, strict (80 itself is not Tốt);
        - "Tốt: từ 80 điểm đến dưới 90 điểm", "Khá: trên 65 đến 80" → minimum 80 (65 strict), and an
          upper bound (below 90, up to 80 inclusive) that must meet the band above;
        - "Yếu: dưới 50 điểm", "Yếu: từ 50 điểm trở xuống" → the floor band, below (up to) 50.

        A stated upper bound that leaves a gap under the band above ("Khá: từ 65 đến dưới 79" under
        "Tốt: từ 80"), or overlaps it ("đến 80" under "từ 80"), is refused with the indices concerned.
        """
        if not isinstance(text, str) or not text.strip():
            raise _err("thang xếp loại trống", "the band scheme is empty")
        if len(text) > MAX_TEXT:
            raise _err(
                f"thang xếp loại dài quá {MAX_TEXT} ký tự", f"the band scheme is longer than {MAX_TEXT} characters"
            )
        bands = [_read_band(part) for part in (p.strip() for p in re.split(r"[;\n]", text)) if part]
        scheme = cls(tuple(b.label for b in bands), tuple(b.minimum for b in bands), name or text,
                     tuple(b.strict for b in bands))
        problems = [Problem(f"band scheme '{scheme.name}'", None, None, vi, en) for vi, en in _coverage(bands)]
        if problems:
            raise ValidationError(problems)
        return scheme

    @overload
    @classmethod
    def coerce(cls, scheme: BandScheme | str) -> BandScheme: ...
    @overload
    @classmethod
    def coerce(cls, scheme: BandScheme | str | None) -> BandScheme | None: ...
    @classmethod
    def coerce(cls, scheme: BandScheme | str | None) -> BandScheme | None:
        """A scheme given as a :class:`BandScheme` or its text (None stays None); anything else
        (a number, a list) is refused with :class:`ValidationError`, not an AttributeError later."""
        if scheme is None or isinstance(scheme, cls):
            return scheme
        if isinstance(scheme, str):
            return cls.parse(scheme)
        raise _err(
            f"thang xếp loại phải là văn bản như 'Tốt>=80; Khá', không phải {type(scheme).__name__}",
            f"a band scheme is text like 'Tốt>=80; Khá', not {type(scheme).__name__}",
        )

    @classmethod
    def from_frame(cls, rows: pd.DataFrame) -> BandScheme:
        """From rows with label, min_index and (optional) order, as stored in ``Dataset.bands``."""
        rows = rows.sort_values("order") if "order" in rows.columns else rows
        minima = tuple(None if pd.isna(v) else float(v) for v in rows["min_index"])
        name = str(rows["scheme"].iloc[0]) if "scheme" in rows.columns and len(rows) else "default"
        return cls(tuple(nfc(str(v)) for v in rows["label"]), minima, name)

    def to_text(self) -> str:
        """The scheme as text that :meth:`parse` reads back to an equal scheme (a strict band as
        "Tốt: trên 80", the only way the text says "strictly above")."""
        return "; ".join(
            label if m is None else f"{label}: trên {m:.10g}" if s else f"{label}>={m:.10g}"
            for label, m, s in zip(self.labels, self.minima, self.strict)
        )

    def to_frame(self, year: int, group: str) -> pd.DataFrame:
        """Rows as stored in ``Dataset.bands`` for one (year, group).

        Stored rows hold inclusive minima only, so a scheme with a strict band ("trên 80") is
        refused rather than stored as "từ 80" (it would band an index of exactly 80 otherwise).
        """
        if any(self.strict):
            label = self.labels[self.strict.index(True)]
            raise _err(
                f"loại '{label}' là 'trên' ngưỡng của nó: bảng xếp loại chỉ lưu ngưỡng 'từ … trở lên'",
                f"band '{label}' is strictly above its threshold: stored band rows hold inclusive minima only",
                f"band scheme '{self.name}'",
            )
        return pd.DataFrame(
            {
                "scheme": self.name,
                "year": year,
                "group": group,
                "label": list(self.labels),
                "min_index": [np.nan if m is None else m for m in self.minima],
                "order": range(1, len(self.labels) + 1),
            }
        )

    # -- use ----------------------------------------------------------------------
    @property
    def thresholds(self) -> list[tuple[str, float]]:
        """(label, min_index) for bands with a threshold, best first: the rules on charts."""
        return [(label, m) for label, m in zip(self.labels, self.minima) if m is not None]

    def classify(self, index: pd.Series | np.ndarray | float) -> pd.Series:
        """Band label of each index; NaN index or below every threshold (no floor) → NaN."""
        values = pd.Series(index, dtype=float) if not isinstance(index, pd.Series) else index.astype(float)
        return pd.Series(self.labels_of(values.to_numpy()), index=values.index, dtype=object)

    def labels_of(self, values: np.ndarray) -> np.ndarray:
        """:meth:`classify` on a float array, as an object array (NaN where unbanded)."""
        values = np.asarray(values, dtype=float)
        out = np.full(len(values), np.nan, dtype=object)
        # Walk from the lowest band up so that higher bands overwrite.
        for label, m, strict in reversed(list(zip(self.labels, self.minima, self.strict))):
            if m is None:
                out[~np.isnan(values)] = label
            else:
                out[values > m + INDEX_TOL if strict else values + INDEX_TOL >= m] = label
        return out

    def next_band(self, index: float) -> tuple[str | None, float]:
        """The next band up and the index points still needed to reach it (0 if already top, NaN if no index).

        For a strict band ("trên 80") the points are those to its threshold, which the index must
        then exceed: 0 for an index of exactly 80.
        """
        if index is None or np.isnan(index):
            return None, float("nan")
        for label, m, strict in reversed(list(zip(self.labels, self.minima, self.strict))):
            if m is not None and (index <= m + INDEX_TOL if strict else index + INDEX_TOL < m):
                return label, max(m - index, 0.0)
        return None, 0.0


def _read_band(part: str) -> _Band:
    """One part of a scheme text: "Label>=min", a decision's wording (see :meth:`BandScheme.parse`),
    or a label alone (the floor band). Anything else is refused, never read as a label."""
    part = nfc(part)  # the wording's words as typed on macOS (NFD) are the same words
    if ">=" not in part and "≥" not in part:
        found = _WORDING.search(part)
        label = part[: found.start()].rstrip(":(-–— ").strip() if found else ""
        if found and label and not any(c in label for c in "<>=≤"):
            value = {key: float(v.replace(",", ".")) for key, v in found.groupdict().items()
                     if v is not None and key in ("lo", "up", "plain", "below", "down")}
            if "lo" in value:
                upper = (value["up"], not found["up_below"]) if "up" in value else None
                return _Band(label, value["lo"], found["lo_op"].lower() == "trên", upper)
            if "plain" in value:
                return _Band(label, value["plain"])
            return _Band(label, None, upper=(value["below"], False) if "below" in value else (value["down"], True))
        if found or (":" in part and any(c.isdigit() for c in part.partition(":")[2])):
            raise _err(
                f"không hiểu '{part}': viết như quyết định (ví dụ 'Tốt: từ 80 điểm đến dưới 90 điểm', "
                f"'Xuất sắc: từ 90 điểm trở lên', 'Yếu: dưới 50 điểm') hoặc 'Tên>=số'",
                f"cannot read '{part}': word it as a decision does (e.g. 'Tốt: từ 80 điểm đến dưới 90 điểm', "
                f"'Xuất sắc: từ 90 điểm trở lên', 'Yếu: dưới 50 điểm') or write 'Label>=number'",
            )
    label, sep, threshold = part.replace("≥", ">=").partition(">=")
    label, threshold = nfc(label), threshold.strip().removesuffix("%").strip()
    if not label or any(c in label for c in "<>=≤") or (sep and not _NUMBER.fullmatch(threshold)):
        raise _err(
            f"không hiểu '{part}': viết 'Tên>=số' (ví dụ 'Tốt>=80')",
            f"cannot read '{part}': write 'Label>=number' (e.g. 'Tốt>=80')",
        )
    return _Band(label, float(threshold.replace(",", ".")) if sep else None)


def _coverage(bands: list[_Band]) -> list[tuple[str, str]]:
    """Every gap and overlap the stated upper bounds make, as (Vietnamese, English): a band's upper
    bound must meet the minimum of the band above it (below 80 under "từ 80", up to 80 under
    "trên 80"), the best band's must reach 100, and no band may be empty. Called on a scheme whose
    minima already decrease, so that each band's neighbour above is the one it must meet."""
    out: list[tuple[str, str]] = []
    above: _Band | None = None
    for band in bands:
        if band.upper is not None:
            top, inclusive = band.upper
            low, strict = band.minimum, band.strict
            if low is not None and (top < low or (top == low and (strict or not inclusive))):
                out.append((f"loại '{band.label}' không chứa chỉ số nào ({_bounds(band, 'vi')})",
                            f"band '{band.label}' holds no index ({_bounds(band, 'en')})"))
            elif above is None:
                if top < 100 or not inclusive:
                    out.append((f"chỉ số {_interval(top, not inclusive, 100, True, 'vi')} không thuộc loại nào "
                                f"(loại cao nhất '{band.label}' {_bounds(band, 'vi')})",
                                f"an index {_interval(top, not inclusive, 100, True, 'en')} falls in no band "
                                f"(the best band '{band.label}' is {_bounds(band, 'en')})"))
            else:
                out += _meeting(above, band, top, inclusive)
        above = band
    return out


def _meeting(above: _Band, band: _Band, top: float, inclusive: bool) -> list[tuple[str, str]]:
    """The gap or overlap between ``band`` (upper bound ``top``) and the band above it, if any."""
    m = above.minimum
    assert m is not None  # only the last band lacks a minimum, and it is below every other
    names_vi = f"'{above.label}' ({_bounds(above, 'vi')}) và '{band.label}' ({_bounds(band, 'vi')})"
    names_en = f"'{above.label}' ({_bounds(above, 'en')}) and '{band.label}' ({_bounds(band, 'en')})"
    if top < m or (top == m and not inclusive and above.strict):
        return [(f"khoảng trống giữa {names_vi}: chỉ số {_interval(top, not inclusive, m, above.strict, 'vi')} "
                 f"không thuộc loại nào",
                 f"gap between {names_en}: an index {_interval(top, not inclusive, m, above.strict, 'en')} "
                 f"falls in no band")]
    if top > m or (inclusive and not above.strict):
        return [(f"{names_vi} chồng lên nhau: chỉ số {_interval(m, not above.strict, top, inclusive, 'vi')} "
                 f"thuộc cả hai loại",
                 f"{names_en} overlap: an index {_interval(m, not above.strict, top, inclusive, 'en')} "
                 f"is in both bands")]
    return []


def _interval(low: float, low_in: bool, high: float, high_in: bool, lang: str) -> str:
    """The indices between two bounds in words: "từ 79 đến dưới 80" / "from 79 to below 80";
    "đúng bằng 80" / "of exactly 80" when the bounds meet."""
    vi = lang != "en"
    low_t, high_t = number(low, "vi" if vi else "en"), number(high, "vi" if vi else "en")
    if low == high:
        return f"đúng bằng {low_t}" if vi else f"of exactly {low_t}"
    start = (f"từ {low_t}" if vi else f"from {low_t}") if low_in else (f"trên {low_t}" if vi else f"above {low_t}")
    end = (f"đến {high_t}" if vi else f"to {high_t}") if high_in else (
        f"đến dưới {high_t}" if vi else f"to below {high_t}")
    return f"{start} {end}"


def _bounds(band: _Band, lang: str) -> str:
    """A band's bounds in words, as the messages quote them: "từ 80 đến dưới 90" / "from 80 to below 90",
    "trên 80" / "above 80", "dưới 50" / "below 50", "từ 50 trở xuống" / "up to 50"."""
    vi = lang != "en"
    parts = []
    if band.minimum is not None:
        word = ("trên" if vi else "above") if band.strict else ("từ" if vi else "from")
        parts.append(f"{word} {number(band.minimum, 'vi' if vi else 'en')}")
    if band.upper is not None:
        top_value, inclusive = band.upper
        top = number(top_value, "vi" if vi else "en")
        if inclusive:
            parts.append((f"đến {top}" if parts else f"từ {top} trở xuống") if vi else f"up to {top}")
        else:
            parts.append((f"đến dưới {top}" if vi else f"to below {top}") if parts else
                         (f"dưới {top}" if vi else f"below {top}"))
    return " ".join(parts) or ("mọi chỉ số" if vi else "any index")


def stored_scheme(bands: pd.DataFrame, year: int, group: str, scheme_name: str | None = None) -> BandScheme | None:
    """The scheme stored in ``bands`` for (year, group): ``scheme_name``'s, else the first listed."""
    rows = bands[(bands["year"] == year) & (bands["group"] == group)]
    if scheme_name is not None:
        rows = rows[rows["scheme"] == scheme_name]
    if rows.empty:
        return None
    return BandScheme.from_frame(rows[rows["scheme"] == rows["scheme"].iloc[0]])


def threshold_steps(bands: pd.DataFrame, group: str, years: YearRange) -> pd.DataFrame:
    """The stored schemes' thresholds per year (year, label, min_index), so that a chart
    across years draws each year's own thresholds (they change: Khá ≥ 65, then ≥ 70)."""
    rows = []
    for year in years.years:
        scheme = stored_scheme(bands, year, group)
        if scheme is not None:
            rows += [{"year": year, "label": label, "min_index": m} for label, m in scheme.thresholds]
    return pd.DataFrame(rows, columns=["year", "label", "min_index"])
