"""Errors that name where the input is wrong: file or frame, sheet, row, column.

Problems are *collected*, never raised one at a time, so that a user fixing a workbook
sees every mistake at once: :class:`ValidationError` carries the full list, each
:class:`Problem` with its place and a message in Vietnamese and in English.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    source: str
    row: int | None
    column: str | None
    message_vi: str
    message_en: str
    sheet: str | None = None

    def where(self, lang: str | None = None) -> str:
        """The place: file, sheet, row, column, in Vietnamese ("vi"), English ("en") or both (None,
        "dòng/row 4") for a reader whose language we do not know."""
        sheet, row, column = _PLACE_WORDS.get(lang or "", _PLACE_WORDS[""])
        parts = [self.source]
        if self.sheet:
            parts.append(f"{sheet} '{self.sheet}'")
        if self.row is not None:
            parts.append(f"{row} {self.row}")
        if self.column:
            parts.append(f"{column} '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message_vi} / {self.message_en}"

    def text(self, lang: str) -> str:
        """The problem in one language ("en", else Vietnamese), place words included, for a user who
        reads only that one."""
        if lang == "en":
            return f"{self.where('en')}: {self.message_en}"
        return f"{self.where('vi')}: {self.message_vi}"


#: The words of a place (sheet, row, column) by language; "" is both, as a reader of either needs.
_PLACE_WORDS = {
    "vi": ("trang tính", "dòng", "cột"),
    "en": ("sheet", "row", "column"),
    "": ("sheet", "dòng/row", "cột/column"),
}


def number(value: float, lang: str) -> str:
    """``value`` as a message prints it: up to six significant digits, with the decimal comma in
    Vietnamese ("1,5") and the point in English ("1.5"), as each reader writes numbers."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "vi" else text


def interval(low: float, high: float, lang: str) -> str:
    """A closed interval: "[0; 1,5]" in Vietnamese (the comma is the decimal mark), "[0, 1.5]" in English."""
    return f"[{number(low, lang)}; {number(high, lang)}]" if lang == "vi" else f"[{low:g}, {high:g}]"


class ValidationError(ValueError):
    """Raised for any rejected user input; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"- {p}" for p in self.problems[:50])
        more = len(self.problems) - 50
        if more > 0:
            shown += f"\n… và {more} lỗi khác / and {more} more"
        super().__init__(f"{len(self.problems)} lỗi dữ liệu / data problem(s):\n{shown}")

    def text(self, lang: str = "vi") -> str:
        """Every problem in one language ("vi" or "en"), one per line, under a count."""
        head = f"{len(self.problems)} data problem(s):" if lang == "en" else f"{len(self.problems)} lỗi dữ liệu:"
        return "\n".join([head] + [f"- {p.text(lang)}" for p in self.problems])


@dataclass
class Located:
    """Where a frame came from, so that problems can name the file, sheet and row.

    ``first_row`` is the row number of the frame's first data row in the source (2 for
    a CSV or sheet with one header line); for an in-memory frame it is 0 and the row
    reported is the position in the frame. ``rows``, when given, is the source row of each
    frame position: a sheet read without its blank rows still names the row Excel shows.
    """

    source: str
    sheet: str | None = None
    first_row: int = 0
    rows: tuple[int, ...] | None = None

    def problem(self, pos: int | np.integer | None, column: str | None, vi: str, en: str) -> Problem:
        if pos is None:
            row = None
        elif self.rows is not None and 0 <= int(pos) < len(self.rows):
            row = self.rows[int(pos)]
        else:
            row = int(pos) + self.first_row
        return Problem(self.source, row, column, vi, en, self.sheet)


#: Problems reported one by one per check; the rest are summarised in one more problem.
LIMIT = 200


def first_hits(hits: np.ndarray, loc: Located, column: str | None, problems: list[Problem]) -> np.ndarray:
    """The first ``LIMIT`` problem positions; more are counted in one summary problem, not dropped."""
    if len(hits) > LIMIT:
        extra = len(hits) - LIMIT
        problems.append(loc.problem(None, column, f"… và {extra} dòng khác có cùng lỗi",
                                    f"… and {extra} more rows with the same problem"))
    return hits[:LIMIT]
