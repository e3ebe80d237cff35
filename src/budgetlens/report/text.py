"""Findings for a person at a terminal: grouped by document, each with the line it is about.

Colours come from rich and switch off by themselves when the output is not a terminal
(a pipe, a file, ``NO_COLOR``). Messages, quotes and file names are added as plain text, never
as markup, so the intervals in them ("[4555.345, 4555.355]") print as written, and characters
that cannot be encoded show as U+FFFD (see ``plain``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rich.console import Console
from rich.text import Text

from ..check import DocumentCheck
from ..model import Finding, Location
from .plain import one_line, visible

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def where(loc: Location) -> str:
    """'file.md:253 表1 103001 基本支出' — the place and, for tables, the cell."""
    parts = [loc.describe()]
    cell = " ".join(x for x in (loc.table, loc.row, loc.column) if x)
    if cell:
        parts.append(f"[{cell}]")
    return one_line(" ".join(parts))


def finding_text(f: Finding) -> Text:
    t = Text()
    t.append(where(f.location), style="bold")
    t.append("  ")
    t.append(f.rule, style="magenta")
    t.append(" ")
    t.append(f.severity, style=SEVERITY_STYLES.get(f.severity, ""))
    t.append("  ")
    t.append(visible(f.message))
    if f.quote:
        t.append("\n    │ ", style="dim")
        t.append(visible(f.quote), style="dim")
    # several figures of one sentence share a place: show each place once
    places = list(dict.fromkeys(w for r in f.related if (w := where(r)) != where(f.location)))
    for w in places[:6]:
        t.append("\n    ↳ ", style="dim")
        t.append(w, style="dim")
    if len(places) > 6:
        t.append(f"\n    ↳ … 另 {len(places) - 6} 处", style="dim")
    return t


def document_header(r: DocumentCheck) -> Text:
    info = r.extraction.info
    kind = {"budget": "预算", "final": "决算"}.get(info.kind or "", "")
    about = " ".join(str(x) for x in (info.department, info.year, kind) if x)
    t = Text(one_line(r.path), style="bold underline")
    if about:
        t.append(f"  {visible(about)}", style="dim")
    return t


def summary_text(r: DocumentCheck) -> Text:
    sev = Counter(f.severity for f in r.findings)
    c = r.counts
    t = Text("  ")
    t.append(
        f"{sev.get('error', 0)} error", style=SEVERITY_STYLES["error"] if sev.get("error") else ""
    )
    t.append(f", {sev.get('warning', 0)} warning, {sev.get('info', 0)} info")
    t.append(
        f" — checks: {c.get('pass', 0)} pass, {c.get('fail', 0)} fail, "
        f"{c.get('insufficient_data', 0)} insufficient data, "
        f"{c.get('not_applicable', 0)} not applicable",
        style="dim",
    )
    return t


def render(results: Iterable[DocumentCheck], console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    for r in results:
        console.print(document_header(r))
        for f in r.findings:
            console.print(finding_text(f))
        console.print(summary_text(r))
        console.print()
