"""Band schemes (xếp loại / nhóm): parse, validate, classify, points to the next band.

Thresholds differ by province, year and unit group, and most provinces' threshold
texts could not be verified (README.md, "Unverified facts, kept configurable"), so a scheme is
always data: written as text ("Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"),
stored as rows, and never hard-coded in the scoring.

A band holds every index ``>= min_index`` (inclusive) up to the next band's minimum.
The last band may have no threshold: it then holds everything below. A scheme without
such a floor band leaves lower indices unclassified (NaN), as the national groups do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from .errors import Problem, ValidationError
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
            out.append((i, "min_index", f"ngưỡng {m:g} của '{label}' nằm ngoài 0–100",
                        f"threshold {m:g} of '{label}' is outside 0–100"))
        elif previous is not None and m == previous:
            out.append((i, "min_index", f"ngưỡng {m:g} bị lặp", f"threshold {m:g} appears twice"))
        elif previous is not None and m > previous:
            out.append((i, "min_index", f"ngưỡng phải giảm dần từ loại cao nhất ({previous:g} đứng trước {m:g})",
                        f"thresholds must decrease from the best band ({previous:g} comes before {m:g})"))
        if 0 <= m <= 100:
            previous = m
    return out


@dataclass(frozen=True)
class BandScheme:
    """An ordered list of bands, best first: ``labels[i]`` holds indices >= ``minima[i]``.

    ``minima[-1]`` may be ``None`` (a floor band that holds everything below).
    """

    labels: tuple[str, ...]
    minima: tuple[float | None, ...]
    name: str = "default"

    def __post_init__(self) -> None:
        # NFD labels (typed on macOS) must equal their NFC spelling in colours and comparisons.
        object.__setattr__(self, "labels",
                           tuple(nfc(label) if isinstance(label, str) else label for label in self.labels))
        problems = [Problem(f"band scheme '{self.name}'", None, None, vi, en) for _, _, vi, en in
                    rule_breaks(self.labels, self.minima)]
        if problems:
            raise ValidationError(problems)

    # -- construction -------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, name: str | None = None) -> BandScheme:
        """Parse ``"Label>=min; …; Floor"`` (``≥`` and decimal commas accepted)."""
        if not isinstance(text, str) or not text.strip():
            raise _err("thang xếp loại trống", "the band scheme is empty")
        if len(text) > MAX_TEXT:
            raise _err(
                f"thang xếp loại dài quá {MAX_TEXT} ký tự", f"the band scheme is longer than {MAX_TEXT} characters"
            )
        labels, minima = [], []
        for part in [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]:
            label, sep, threshold = part.replace("≥", ">=").partition(">=")
            label, threshold = nfc(label), threshold.strip().removesuffix("%").strip()
            if not label or any(c in label for c in "<>=≤") or (sep and not _NUMBER.fullmatch(threshold)):
                raise _err(
                    f"không hiểu '{part}': viết 'Tên>=số' (ví dụ 'Tốt>=80')",
                    f"cannot read '{part}': write 'Label>=number' (e.g. 'Tốt>=80')",
                )
            labels.append(label)
            minima.append(float(threshold.replace(",", ".")) if sep else None)
        return cls(tuple(labels), tuple(minima), name or text)

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
        """The scheme as text that :meth:`parse` reads back to an equal scheme."""
        return "; ".join(label if m is None else f"{label}>={m:.10g}" for label, m in zip(self.labels, self.minima))

    def to_frame(self, year: int, group: str) -> pd.DataFrame:
        """Rows as stored in ``Dataset.bands`` for one (year, group)."""
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
        for label, m in reversed(list(zip(self.labels, self.minima))):
            out[~np.isnan(values) if m is None else values + INDEX_TOL >= m] = label
        return out

    def next_band(self, index: float) -> tuple[str | None, float]:
        """The next band up and the index points still needed to reach it (0 if already top, NaN if no index)."""
        if index is None or np.isnan(index):
            return None, float("nan")
        for label, m in reversed(self.thresholds):
            if m is not None and index + INDEX_TOL < m:
                return label, m - index
        return None, 0.0


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
