"""A published ranking table recomputed from its own printed figures: where does it disagree with itself?

:func:`check_published` takes a table as :func:`cchc_dash.io.published.read_published` gives it
(year, group, unit, score, and what else the table prints) and finds, row by row:

- ``score``: a total that is not the sum of the components printed beside it;
- ``index``: an index that is not score ÷ maximum × 100 (the maximum 100 where none is printed);
- ``rank`` and ``rank_of``: a rank, or a number of units ranked, that our ranking of the printed
  scores does not give (:func:`cchc_dash.core.scoring.rank_totals`: on the index, within year and
  group, values within ``INDEX_TOL`` tied, competition style 1, 2, 2, 4; a unit printed without a
  score is not ranked and not counted);
- ``band``: a band the scheme does not give to the index computed from the printed score.

Printed figures are rounded: a sum or an index agrees when it is within the rounding of the
columns it comes from, half a unit of the most decimals each column prints (a total printed with
two decimals against components with three: 0.005 + 0.0005 + 0.0005), plus ``INDEX_TOL``
(:func:`rounding`). Ranks and bands are compared exactly, as printed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from ..core.bands import INDEX_TOL, BandScheme
from ..core.errors import Located, Problem, ValidationError
from ..core.parsing import nfc, require_columns
from ..core.scoring import rank_totals

#: The columns of the result: one row per disagreement.
COLUMNS = ["year", "group", "unit", "field", "published", "computed"]
#: The fields checked, in the order a unit's disagreements are listed.
FIELDS = ("score", "index", "rank", "rank_of", "band")
#: Decimals looked for in a printed value; a value needing more carries no rounding.
MAX_DECIMALS = 6


def rounding(values: Iterable[float]) -> float:
    """How far a column's printed values may be from what they were rounded from: half a unit of the
    most decimals the column prints (85.19 and 97.685 in one column: 0.0005).

    A column of whole numbers is taken as exact (0), as is one with more than
    :data:`MAX_DECIMALS` decimals (a spreadsheet's full precision): their sums are checked as they
    stand.
    """
    most = 0
    for value in values:
        if math.isnan(value):
            continue
        decimals = next((d for d in range(MAX_DECIMALS + 1)
                         if abs(round(value, d) - value) <= INDEX_TOL * max(1.0, abs(value))), None)
        if decimals is None:
            return 0.0
        most = max(most, decimals)
    return 0.5 * 10.0**-most if most else 0.0


def components_of(frame: pd.DataFrame) -> list[str]:
    """The component columns of a published table (``component_1``, ``component_2``, …), in order."""
    return sorted((c for c in frame.columns if isinstance(c, str) and c.startswith("component_")
                   and c.removeprefix("component_").isdigit()), key=lambda c: int(c.removeprefix("component_")))


def checked_fields(frame: pd.DataFrame, scheme: BandScheme | str | None = None) -> list[str]:
    """The fields of :data:`FIELDS` that :func:`check_published` can check in ``frame``: the total
    where components are printed, the index, rank, rank_of where printed, the band where printed
    and a scheme is given."""
    printed = {"score": bool(components_of(frame)), "index": "published_index" in frame.columns,
               "rank": "published_rank" in frame.columns, "rank_of": "published_rank_of" in frame.columns,
               "band": "published_band" in frame.columns and scheme is not None}
    return [f for f in FIELDS if printed[f]]


def check_published(frame: pd.DataFrame, scheme: BandScheme | str | None = None) -> pd.DataFrame:
    """Every disagreement of a published table with its own printed figures (module docstring).

    ``scheme`` (a :class:`BandScheme` or its text, decision wording included) checks
    ``published_band``; without it bands are not checked. Returns a frame with columns
    :data:`COLUMNS`, one row per disagreement in the table's order (fields in the order of
    :data:`FIELDS`); empty when the table is consistent. ``attrs`` keeps the table's
    ``source`` and ``headers``. Raises :class:`ValidationError` for a missing column, a
    duplicate unit or a score outside [0, max_points].
    """
    if not isinstance(frame, pd.DataFrame):
        kind = type(frame).__name__
        raise ValidationError([Problem("published table", None, None, f"cần một bảng (DataFrame), không phải {kind}",
                                       f"a table (DataFrame) is needed, not {kind}")])
    scheme = BandScheme.coerce(scheme)
    source = str(frame.attrs.get("source", "published table"))
    problems: list[Problem] = []
    if not require_columns(frame, ["year", "group", "unit", "score"], Located(source), problems):
        raise ValidationError(problems)
    table = frame.reset_index(drop=True)
    score = pd.to_numeric(table["score"], errors="coerce").astype(float)
    scored = np.flatnonzero(score.notna().to_numpy())
    keep = ["year", "group", "unit", "score"] + (["max_points"] if "max_points" in table.columns else [])
    try:
        ranked = rank_totals(table.loc[scored, keep].reset_index(drop=True), source=source)
    except ValidationError as exc:  # rows named as in the whole table, not in its scored rows
        raise ValidationError([p if p.row is None else replace(p, row=int(scored[p.row])) for p in exc.problems]) \
            from None
    computed = pd.DataFrame({"index": np.nan, "rank": pd.NA, "rank_of": pd.NA}, index=table.index)
    computed.loc[scored, "index"] = ranked["index"].to_numpy()
    computed.loc[scored, "rank"] = ranked["rank"].to_numpy()
    computed.loc[scored, "rank_of"] = ranked["rank_of"].to_numpy()
    maxima = ranked["max_points"].to_numpy(dtype=float)
    bands = scheme.classify(ranked["index"]).to_numpy() if scheme is not None else None
    parts = components_of(table)
    values = {c: pd.to_numeric(table[c], errors="coerce").astype(float) for c in parts}
    score_rounding = rounding(score)
    sum_slack = score_rounding + sum(rounding(v) for v in values.values()) + INDEX_TOL
    printed_index = (pd.to_numeric(table["published_index"], errors="coerce").astype(float)
                     if "published_index" in table.columns else None)
    index_slack = (rounding(printed_index) if printed_index is not None else 0.0) + INDEX_TOL
    rows: list[dict[str, object]] = []
    for k, i in enumerate(scored):
        row = table.iloc[i]
        found: list[tuple[str, object, object]] = []
        printed = [v[i] for v in values.values() if not math.isnan(v[i])]
        if printed and abs(score[i] - sum(printed)) > sum_slack:
            found.append(("score", float(score[i]), float(sum(printed))))
        index = float(computed.at[i, "index"])
        if printed_index is not None and not math.isnan(printed_index[i]):
            slack = index_slack + score_rounding / maxima[k] * 100
            if abs(printed_index[i] - index) > slack:
                found.append(("index", float(printed_index[i]), index))
        for key in ("rank", "rank_of"):
            column = f"published_{key}"
            if column in table.columns and not pd.isna(row[column]) and int(row[column]) != int(computed.at[i, key]):
                found.append((key, int(row[column]), int(computed.at[i, key])))
        if bands is not None and "published_band" in table.columns and not pd.isna(row["published_band"]):
            published_band, band = nfc(str(row["published_band"])), bands[k]
            if not isinstance(band, str) or published_band.casefold() != nfc(band).casefold():
                found.append(("band", published_band, band if isinstance(band, str) else None))
        rows += [{"year": row["year"], "group": row["group"], "unit": row["unit"], "field": f, "published": p,
                  "computed": c} for f, p, c in found]
    out = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in COLUMNS})
    out["year"] = out["year"].astype("Int64")
    out.attrs = {"source": source, "headers": dict(frame.attrs.get("headers", {}))}
    return out
