"""The one shape of a range of years: :class:`YearRange`, inclusive at both ends.

Across the package a parameter called ``years`` is always a :class:`YearRange`
(2019–2025 means 2019, 2020, …, 2025). A single year is ``year: int``; any other
collection of years has a name that says what it holds (``break_years``…).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from typing import SupportsInt, cast

import pandas as pd

from .errors import Problem, ValidationError


def _problem(vi: str, en: str) -> Problem:
    return Problem("years", None, None, vi, en)


def _whole(value: object) -> int:
    """``value`` as an int if it is a whole number (2024, 2024.0, numpy ints), else a ValidationError."""
    # typeshed's numbers.Real declares no __int__, but int() takes the ints, floats and numpy numbers met here.
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or value != (whole := int(cast(SupportsInt, value)))
    ):
        raise ValidationError(
            [_problem(f"năm phải là số nguyên, không phải {value!r}", f"a year must be a whole number, not {value!r}")]
        )
    return whole


@dataclass(frozen=True)
class YearRange:
    """The years ``first`` to ``last``, both included; ``first <= last``, whole numbers.

    Built from untrusted values too (a range slider's pair): anything else raises
    :class:`ValidationError` with a message in Vietnamese and English.
    """

    first: int
    last: int

    def __post_init__(self) -> None:
        first, last = _whole(self.first), _whole(self.last)
        if first > last:
            raise ValidationError(
                [
                    _problem(
                        f"năm đầu {first} sau năm cuối {last}", f"the first year {first} is after the last year {last}"
                    )
                ]
            )
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "last", last)

    @classmethod
    def span(cls, years: Iterable[int]) -> YearRange:
        """The smallest range holding every year in ``years`` (e.g. a results frame's ``year`` column)."""
        values = [_whole(y) for y in years]
        if not values:
            raise ValidationError([_problem("không có năm nào", "no years given")])
        return cls(min(values), max(values))

    @property
    def years(self) -> list[int]:
        """Every year of the range, in order."""
        return list(range(self.first, self.last + 1))

    def contains(self, year: pd.Series) -> pd.Series:
        """A boolean mask: which values of a ``year`` column fall inside the range."""
        return year.between(self.first, self.last)

    def clip(self, bounds: YearRange) -> YearRange:
        """This range cut to ``bounds``: a range set from the browser can claim any years,
        and a loop over a million of them would hold the kernel. Disjoint ranges are an error."""
        return YearRange(max(self.first, bounds.first), min(self.last, bounds.last))

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"
