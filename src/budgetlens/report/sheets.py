"""Findings as a spreadsheet a bureau can file: CSV (UTF-8 with BOM, so Excel reads the
Chinese) and XLSX (one sheet, filters on the header, header frozen)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from io import StringIO

from .rows import COLUMNS, rows

#: What a spreadsheet program opening a CSV takes for the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: str) -> str:
    """A field that would start a formula (a row label "=HYPERLINK(…)" in a hostile document,
    a stated "-5.2%") gets a leading apostrophe, so Excel shows it as text, as written."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(documents: Iterable[dict]) -> str:
    buf = StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([header for _, header in COLUMNS])
    for r in rows(documents):
        w.writerow([_as_text(v) for v in r.values()])
    return "\ufeff" + buf.getvalue()


_WIDTHS = {"document": 28, "part": 24, "table": 10, "row": 18, "column": 14, "problem": 80,
           "expected": 18, "stated": 18, "rule": 7, "severity": 9, "place": 14, "key": 40}


def write_xlsx(documents: Iterable[dict], path: str) -> None:
    """One sheet '审核发现' with an autofilter over every column and the header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "审核发现"
    ws.append([header for _, header in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows(documents):
        ws.append(r.values())
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # text as written: '=…' in a cell is not a formula
                cell.data_type = "s"
    for i, (key, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(key, 14)
    for cell in ws[get_column_letter(COLUMNS.index(("problem", "问题 problem")) + 1)][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    wb.save(path)

