"""A readable summary of what was extracted from one document, for a person at a terminal.

Every piece of document text goes in as plain ``Text``, never as markup (see ``plain``).
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..pipeline import Extraction
from .plain import one_line, visible

_KIND_LABELS = {"budget": "预算", "final": "决算", "department": "部门", "unit": "单位"}


def _where(loc) -> str:
    """Place of a table without the file name: 'lines 253-290', 'p.4', 'Sheet1'."""
    if loc is None:
        return ""
    if loc.line is not None:
        return f"lines {loc.line}-{loc.end_line}" if loc.end_line and loc.end_line != loc.line else f"line {loc.line}"
    if loc.page is not None:
        return f"p.{loc.page}"
    return loc.sheet or ""


def _labelled(label: str, style: str, value: str) -> Text:
    t = Text("  ")
    t.append(label, style=style)
    t.append(f" {visible(value)}")
    return t


def render_extraction(x: Extraction, console: Console) -> None:
    info, doc = x.info, x.document
    console.rule(Text(one_line(doc.path), style="bold"))
    meta = [
        ("标题 title", info.title),
        ("部门 department", f"{info.department_code or ''} {info.department or ''}".strip()),
        ("年度 year", info.year),
        ("类型 kind", " ".join(_KIND_LABELS.get(v, v) for v in (info.scope, info.kind) if v)),
        ("层级 level", info.level),
        ("格式 format", f"{doc.format}" + (f" ({doc.encoding})" if doc.encoding else "")
         + (f", {doc.pages} pages" if doc.pages else "")),
        ("单位 units", ", ".join(f"{u.code or '-'} {u.name}" for u in info.units) or None),
    ]
    for label, value in meta:
        if value:
            console.print(_labelled(f"{label}:", "dim", str(value)))
    for w in doc.warnings:
        console.print(_labelled("note:", "yellow", w))

    if x.tables:
        t = RichTable(title=f"{len(x.tables)} tables", show_lines=False, title_justify="left")
        for col in ("#", "kind", "title", "unit", "rows", "where"):
            t.add_column(col)
        for tb in x.tables:
            where = _where(tb.location)
            rows = "empty (无数据)" if tb.empty else str(len(tb.rows))
            cells = (tb.number or tb.id, tb.kind, tb.title, tb.money_unit or "", rows, where)
            t.add_row(*(Text(visible(c or "")) for c in cells))
        console.print(t)
    else:
        console.print("  no tables found")

    if x.claims:
        kinds = Counter(c.kind for c in x.claims)
        console.print(
            f"  {len(x.claims)} claims in the text: "
            + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
        )
        for c in x.claims[:5]:
            sign = {1: "+", -1: "-", 0: "±"}.get(c.direction, "") if c.kind in ("change", "growth") else ""
            console.print(
                _labelled(
                    f"  {_where(c.location)}:",
                    "dim",
                    f"{c.subject} {c.kind} {sign}{c.value.text}"
                    + (f"{c.value.unit}" if c.value.unit and c.value.unit not in c.value.text else "")
                    + (f"  → {c.concept}" if c.concept else ""),
                )
            )
    console.print(f"  {len(x.facts)} facts")
