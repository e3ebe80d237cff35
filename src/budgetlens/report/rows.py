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


def part_of(document: dict, loc: dict) -> str:
    """The top-level part (第一部分 / 一、…) that holds the finding's line, if the text has one."""
    line = loc.get("line")
    if line is None:
        return ""
    sections = (document.get("document") or {}).get("sections") or []
    top = min((s.get("level") or 9 for s in sections), default=9)
    best = ""
    for s in sections:
        if (s.get("level") or 9) <= top + 1 and s.get("line") is not None and s["line"] <= line:
            best = f"{s.get('number') or ''}{s.get('title') or ''}"
    return best


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
