"""Reading HTML tables in tests: the text of each cell, row by row, as a reader sees it."""

from __future__ import annotations

from html.parser import HTMLParser


class _Table(HTMLParser):
    """Collects the text of <th>/<td> cells per <tr>, split into head and body rows.

    A ``<br>`` inside a cell reads as a space; runs of white space collapse to one.
    """

    def __init__(self) -> None:
        super().__init__()
        self.head: list[list[str]] = []
        self.body: list[list[str]] = []
        self._in_head = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self.head if self._in_head else self.body).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table(markup: str) -> tuple[list[list[str]], list[list[str]]]:
    """(head rows, body rows) of every table in ``markup``, cell texts unescaped."""
    parser = _Table()
    parser.feed(markup)
    return parser.head, parser.body
