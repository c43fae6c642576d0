"""Finding units: a search that ignores accents and case, a group's units, a sensible default pick.

Used wherever a user picks units by name (the comparison dashboard today, the unit
profile next): "so tu phap" finds "Sở Tư pháp".
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from ..core.years import YearRange


def fold(text: str) -> str:
    """Lower-case text without accents, for searching ("Sở Tư pháp" → "so tu phap")."""
    text = unicodedata.normalize("NFD", str(text).replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").casefold()


#: A search reads this many characters at most: a search box is untrusted input, and a 9.5 MB string
#: typed (or sent) into one stalled its kernel for 9 s. No unit name is this long.
MAX_QUERY = 200


def search_units(units: pd.DataFrame, query: str) -> list[str]:
    """Ids of units whose name (or id) contains every word of ``query``, accents and case ignored.

    "so tu phap" finds "Sở Tư pháp"; an empty query finds every unit.
    """
    words = fold(query[:MAX_QUERY]).split()
    names = [fold(f"{n} {i}") for n, i in zip(units["unit_name"], units["unit_id"])]
    return [u for u, n in zip(units["unit_id"], names) if all(w in n for w in words)]


def units_of_group(results: pd.DataFrame, group: str, years: YearRange | None = None) -> pd.DataFrame:
    """unit_id and unit_name of the units ranked in ``group`` (within ``years``, all if None),
    the units of the latest year first, each year's by index, best first."""
    part = results[results["group"] == group]
    if years is not None:
        part = part[years.contains(part["year"])]
    last = part.sort_values("year").drop_duplicates("unit_id", keep="last")
    return last.sort_values(["year", "index"], ascending=[False, False])[["unit_id", "unit_name"]].reset_index(
        drop=True
    )


def default_units(results: pd.DataFrame, group: str, n: int = 3) -> list[str]:
    """What a unit picker opens with: the group's best units in its last year, plus one
    unit with predecessors (a merger) if the group has one, so that lineage is visible."""
    ranked = units_of_group(results, group)["unit_id"].tolist()
    successors = set(results.loc[results["successor_id"].notna(), "successor_id"])
    with_lineage = [u for u in ranked if u in successors][:1]
    return list(dict.fromkeys(ranked[: n - len(with_lineage)] + with_lineage))
