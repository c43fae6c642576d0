"""The published national reference (PAR INDEX mean of the provinces, SIPAS) beside a province.

Real figures, each with its source address (``cd.load_reference()["national"]``): shown
as reference only, never mixed with a province's data. Years nobody published stay
gaps, and the 2022 SIPAS method change is a break in the series.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

from ..core.years import YearRange

#: Reference measures drawn against the province: (level, measure prefix) → label.
REFERENCE_MEASURES = {
    ("national_average_provinces", "PAR INDEX"): "PAR INDEX bình quân các tỉnh",
    ("national", "SIPAS overall"): "SIPAS toàn quốc",
}
#: SIPAS changed its questionnaire in 2022 (note in ``data/reference/sipas_provinces.csv``): a break in the series.
SIPAS_BREAK_YEAR = 2022


def reference_series(reference: pd.DataFrame, years: YearRange) -> tuple[pd.DataFrame, dict[str, list[int]]]:
    """The published national PAR INDEX mean and SIPAS by year within ``years``.

    Returns the rows found (year, series, value_pct, source, break) and, per series, the
    years with no published value: charts leave those gaps open and say so, rather
    than drawing a line through years nobody published. A dataset built without the
    reference frame (or with other columns) has every year missing.
    """
    rows = []
    usable = reference is not None and {"level", "measure", "year", "value_pct", "source"} <= set(reference.columns)
    for (level, prefix), label in REFERENCE_MEASURES.items() if usable else ():
        part = reference[(reference["level"] == level) & reference["measure"].astype(str).str.startswith(prefix)
                         & years.contains(reference["year"])].dropna(subset=["value_pct"])
        part = part.drop_duplicates("year")
        for r in part.itertuples():
            rows.append({"year": int(r.year), "series": label, "value_pct": float(r.value_pct), "source": r.source,
                         "break": prefix.startswith("SIPAS") and int(r.year) == SIPAS_BREAK_YEAR})
    found = pd.DataFrame(rows, columns=["year", "series", "value_pct", "source", "break"])
    missing = {label: [y for y in years.years if y not in set(found.loc[found["series"] == label, "year"])]
               for label in REFERENCE_MEASURES.values()}
    return found, missing


@dataclass(frozen=True)
class NationalFigure:
    """A published national figure as a reader should see it cited: what was published, for
    which year, and who published it (the address stays whole for the link)."""

    year: int          #: the year the figure measures
    value: float       #: the mean provincial PAR INDEX, %
    source: str        #: the address it was published at, as stored in ``data/reference``
    publisher: str     #: the publishing site ("baomoi.com"); the address itself when it is not a web address


def publisher(source: str) -> str:
    """The site of a published source, "https://www.vietnamplus.vn/…" → "vietnamplus.vn": the
    reference data name their sources by address only, and a reader recognises the newspaper by
    its site, not by a 90-character address. Anything but an http(s) address is returned as it is."""
    parts = urlsplit(source.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return source
    return parts.hostname.removeprefix("www.")


def national_reference(reference: pd.DataFrame, year: int) -> NationalFigure | None:
    """The published national mean provincial PAR INDEX for ``year`` with its source, if known."""
    if reference is None or reference.empty:
        return None
    rows = reference[(reference["year"] == year) & (reference["level"] == "national_average_provinces")
                     & (reference["measure"] == "PAR INDEX")].dropna(subset=["value_pct"])
    if rows.empty:
        return None
    source = str(rows["source"].iloc[0])
    return NationalFigure(int(year), float(rows["value_pct"].iloc[0]), source, publisher(source))
