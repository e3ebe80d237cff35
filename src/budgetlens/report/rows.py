"""Findings as flat rows in a finance bureau's checklist columns, from the check JSON.

The file reports (CSV, XLSX, SARIF, GitHub annotations) are written in the parent process from
the same per-document JSON the workers send back, so every format states the same findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..verdicts import finding_key_of

#: Column keys and their headers (the checklist a reviewer files: 文件、部分、表、行、列…).
COLUMNS = (
    ("document", "文件 document"),
    ("part", "部分 part"),
    ("table", "表 table"),
    ("row", "行 row"),
    ("column", "列 column"),
    ("problem", "问题 problem"),
    ("expected", "应为 expected"),
    ("stated", "列示 stated"),
    ("rule", "规则 rule"),
    ("severity", "级别 severity"),
    ("place", "位置 place"),
    ("key", "标识 key"),
)


@dataclass(frozen=True, slots=True)
class FindingRow:
    document: str
    part: str
    table: str
    row: str
    column: str
    problem: str
    expected: str
    stated: str
    rule: str
    severity: str
    place: str
    key: str

    def values(self) -> list[str]:
        return [getattr(self, k) for k, _ in COLUMNS]


def place_of(loc: dict) -> str:
    """Where to look, as a reviewer says it: 'line 131', 'p.4', 'Sheet1!B7'."""
    parts = []
    if loc.get("line") is not None:
        end = loc.get("end_line")
        parts.append(f"line {loc['line']}" + (f"-{end}" if end and end != loc["line"] else ""))
    if loc.get("page") is not None:
        parts.append(f"p.{loc['page']}")
    if loc.get("sheet") is not None:
        parts.append(loc["sheet"] + (f"!{loc['cell']}" if loc.get("cell") else ""))
    return " ".join(parts)


def _cell_row(cell: str | None) -> int:
    """The row number of a spreadsheet cell reference ("A12" -> 12; 0 when there is none)."""
    digits = "".join(ch for ch in cell or "" if ch.isdigit())
    return int(digits) if digits else 0


def _position(loc: dict) -> tuple | None:
    """Where a place stands in reading order: (page, top) in a PDF, (sheet, row) in a
    spreadsheet, (0, line) in text; None for a place that is the whole document."""
    if loc.get("line") is not None:
        return (0, loc["line"])
    if loc.get("page") is not None:
        return (loc["page"], float(loc["bbox"][1]) if loc.get("bbox") else 0.0)
    if loc.get("sheet") is not None:
        return (loc["sheet"], _cell_row(loc.get("cell")))
    return None


def part_of(document: dict, loc: dict) -> str:
    """The top-level part (第一部分 / 一、…) that holds the finding's place, if the document has
    one: by line in text, by page and height in a PDF, by sheet and row in a spreadsheet."""
    at = _position(loc)
    if at is None:
        return ""
    sections = (document.get("document") or {}).get("sections") or []
    if isinstance(at[0], str):
        return sheet_part(sections, loc["sheet"], loc.get("cell"))
    top = min((s.get("level") or 9 for s in sections), default=9)
    best = ""
    for s in sections:
        start = _position(s)
        if ((s.get("level") or 9) <= top + 1 and start is not None
                and not isinstance(start[0], str) and start <= at):
            best = _title(s)
    return best


def sheet_part(sections: list[dict], sheet: str, cell: str | None) -> str:
    """The highest heading of the finding's sheet at or above its row (the last one above it
    when one cell holds several), else the sheet's name: a sheet is a part of a spreadsheet
    disclosure. Sheets are not ordered, so headings of other sheets never count."""
    row = _cell_row(cell)
    mine = [(s, _cell_row(s.get("cell"))) for s in sections if s.get("sheet") == sheet]
    mine = [(s, r) for s, r in mine if r <= row]
    if not mine:
        return sheet
    top = min(s.get("level") or 9 for s, _ in mine)
    highest = [(s, r) for s, r in mine if (s.get("level") or 9) == top]
    above = [s for s, r in highest if r < row]
    return _title(above[-1] if above else highest[0][0])


def _title(section: dict) -> str:
    return f"{section.get('number') or ''}{section.get('title') or ''}"


def _text(v) -> str:
    return "" if v is None else str(v)


def rows(documents: Iterable[dict]) -> list[FindingRow]:
    """One row per finding, documents in order, findings in their reported order."""
    out = []
    for doc in documents:
        for f in doc.get("findings") or []:
            loc = f.get("location") or {}
            out.append(FindingRow(
                document=_text(doc.get("path")),
                part=part_of(doc, loc),
                table=_text(loc.get("table")),
                row=_text(loc.get("row")),
                column=_text(loc.get("column")),
                problem=_text(f.get("message")),
                expected=_text(f.get("expected")),
                stated=_text(f.get("actual")),
                rule=_text(f.get("rule")),
                severity=_text(f.get("severity")),
                place=place_of(loc),
                key=finding_key_of(f),
            ))
    return out
