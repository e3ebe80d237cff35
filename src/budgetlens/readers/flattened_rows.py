"""Cut a one-cell-per-line region into rows of raw cells.

In the flattened text form every table cell sits on its own tab-indented line and a blank
line ends a table row. A line holding only the tab is an empty cell; so is one holding only
"　" (U+3000). A non-indented line right after a cell line is the rest of that cell: header
texts such as "因公出国" / "（境）费" were broken over two lines by the conversion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..numbers import is_empty_mark, normalize, parse_number

CellKind = Literal["empty", "filler", "int", "number", "text"]

_STRIP = " \t\u3000\xa0"
_FILLER_RE = re.compile(r"^[.…·。]+$")
_CJK_END_RE = re.compile(r"[\u3000-\u9fff\uff00-\uffef（）()]$")


@dataclass(slots=True)
class RawCell:
    """One cell as written: its text (continuation lines joined) and its source lines."""

    text: str
    line: int
    end_line: int
    kind: CellKind

    @property
    def is_blank(self) -> bool:
        return self.kind == "empty"


@dataclass(slots=True)
class RawRow:
    """The cells between two blank lines, in writing order."""

    cells: list[RawCell]
    line: int
    end_line: int

    def filled(self) -> list[RawCell]:
        return [c for c in self.cells if not c.is_blank]


def cell_kind(text: str) -> CellKind:
    """What a cell holds; integers are kept apart because codes and 行次 are integers too."""
    t = text.strip(_STRIP)
    if not t or is_empty_mark(t):
        return "empty"
    if _FILLER_RE.match(t):
        return "filler"
    amount = parse_number(t)
    if amount is None:
        return "text"
    plain = normalize(t)
    if "." in plain or "," in plain or "%" in plain:
        return "number"
    return "int"


def _join(head: str, tail: str) -> str:
    """Join a cell broken over lines: no space between CJK pieces or digits, one otherwise."""
    if head[-1:].isdigit() and tail[:1].isdigit():
        return head + tail  # a code or figure cut in two ("20103" / "01")
    if _CJK_END_RE.search(head) or re.match(r"^[\u3000-\u9fff\uff00-\uffef（）()]", tail):
        return head + tail
    return f"{head} {tail}"


def split_rows(lines: list[tuple[int, str]]) -> tuple[list[RawRow], list[tuple[int, str]]]:
    """Rows of cells, plus stray non-indented lines that continue no cell.

    Only a line that is empty or whitespace without a leading tab separates rows: a lone tab
    is an empty cell, not a separator.
    """
    rows: list[RawRow] = []
    stray: list[tuple[int, str]] = []
    current: list[RawCell] = []
    previous_was_cell = False

    def close() -> None:
        nonlocal current
        if current:
            rows.append(RawRow(current, current[0].line, current[-1].end_line))
            current = []

    for number, raw in lines:
        text = raw.rstrip("\r\n")
        if text.startswith("\t"):
            value = text.strip(_STRIP)
            current.append(RawCell(value, number, number, cell_kind(value)))
            previous_was_cell = True
        elif not text.strip(_STRIP):
            close()
            previous_was_cell = False
        elif previous_was_cell and current:
            last = current[-1]
            last.text = _join(last.text, text.strip(_STRIP))
            last.end_line = number
            last.kind = cell_kind(last.text)
        else:
            close()
            stray.append((number, text.strip(_STRIP)))
            previous_was_cell = False
    close()
    return rows, stray
