"""Findings as one self-contained HTML file a reviewer can hand on: inline CSS, no script, no
external asset; findings grouped by table and section, each with its quote, both intervals and,
for PDFs, the page crop with the boxes drawn (PNG as a data: URI).

Every piece of document text is escaped: documents are untrusted, a cell holding ``<script>``
is shown as text.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from html import escape

from ..check import DocumentCheck
from ..model import Finding, Location, Section
from .plain import visible
from .quote import MAX_QUOTE, quote_for

GROUP_LEVEL = 3  # 部分, 一、, （一）: a numbered item (1.) is a finding's place, not its group
MAX_IMAGES = 60  # page crops per document; a long list of findings stays a readable file
IMAGE_SCALE = 1.5

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;max-width:70em}
h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:2px solid #444;padding-bottom:.2em;margin-top:2em}
h3{font-size:1.05em;color:#333;margin:1.5em 0 .5em}
.summary{color:#555}.finding{border:1px solid #ccc;border-left:6px solid #999;padding:.6em .9em;margin:.7em 0}
.finding.error{border-left-color:#d60000}.finding.warning{border-left-color:#e68200}.finding.info{border-left-color:#006edc}
.rule{font-weight:bold;font-family:monospace}.sev{text-transform:uppercase;font-size:.8em;margin-left:.5em}
.where{color:#555;font-size:.9em}.quote{background:#f6f6f6;padding:.3em .6em;margin:.4em 0;white-space:pre-wrap;border-left:3px solid #bbb}
table.iv{border-collapse:collapse;margin:.4em 0}table.iv td,table.iv th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
img{max-width:100%;border:1px solid #ddd;margin-top:.4em}.errors{color:#a00}
"""


def head(title: str = "budgetlens report") -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>\n"
            f"<h1>{_e(title)}</h1>\n")


def tail(errors: Iterable[tuple[str, str]] = ()) -> str:
    errors = list(errors)
    out = ""
    if errors:
        out += '<h2>未能读取的文件</h2><ul class="errors">'
        out += "".join(f"<li>{_e(p)}: {_e(problem)}</li>" for p, problem in errors)
        out += "</ul>\n"
    return out + "</body></html>\n"


def _e(text: object) -> str:
    return escape(visible(str(text)), quote=True)


def document_html(r: DocumentCheck) -> str:
    """One document's section: heading, counts, and its findings grouped by where they are."""
    x = r.extraction
    info = x.info
    kind = {"budget": "预算", "final": "决算"}.get(info.kind or "", "")
    about = " ".join(str(v) for v in (info.department, info.year, kind) if v)
    sev = {s: sum(1 for f in r.findings if f.severity == s) for s in ("error", "warning", "info")}
    c = r.counts
    parts = [f"<section class=\"document\"><h2>{_e(r.path)}</h2>"]
    if about:
        parts.append(f"<p class=\"summary\">{_e(about)}</p>")
    parts.append(
        f"<p class=\"summary\">{sev['error']} error, {sev['warning']} warning, {sev['info']} info"
        f" — checks: {c.get('pass', 0)} pass, {c.get('fail', 0)} fail, "
        f"{c.get('insufficient_data', 0)} insufficient data, "
        f"{c.get('not_applicable', 0)} not applicable</p>")
    images = _PageImages(r.path) if x.document.format == "pdf" else None
    for group, findings in grouped(r):
        parts.append(f"<h3>{_e(group)}</h3>")
        for f in findings:
            parts.append(finding_html(r, f, images))
    parts.append("</section>\n")
    return "".join(parts)


def grouped(r: DocumentCheck) -> list[tuple[str, list[Finding]]]:
    """Findings under the table they are in, else the section they are in, in document order."""
    tables = {t.id: t for t in r.extraction.tables}
    sections = [s for s in r.extraction.info.sections if not s.toc and s.level <= GROUP_LEVEL]
    groups: dict[str, list[Finding]] = {}
    for f in r.findings:
        t = tables.get(f.location.table or "")
        if t is not None:
            name = " ".join(v for v in (t.number, t.title) if v) or t.id
        else:
            s = section_of(sections, f.location)
            name = f"{s.number} {s.title}".strip() if s else _sheet_group(sections, f.location)
        groups.setdefault(name, []).append(f)
    return list(groups.items())


def _sheet_group(sections: list[Section], loc: Location) -> str:
    """A spreadsheet finding's group: its sheet's heading, else the sheet ("全文" elsewhere)."""
    if loc.sheet is None:
        return "全文"
    from .rows import sheet_part

    headings = [dict(s.location.to_dict(), level=s.level, number=s.number, title=s.title)
                for s in sections]
    return sheet_part(headings, loc.sheet, loc.cell)


def _position(loc: Location) -> tuple[float, float] | None:
    if loc.page is not None:
        return (loc.page, loc.bbox[1] if loc.bbox else 0.0)
    if loc.line is not None:
        return (0, loc.line)
    return None


def section_of(sections: list[Section], loc: Location) -> Section | None:
    """The last (deepest) of ``sections`` that starts at or before ``loc``."""
    at = _position(loc)
    if at is None:
        return None
    best = None
    for s in sections:
        start = _position(s.location)
        if start is not None and start <= at:
            if best is None or _position(best.location) <= start:
                best = s
    return best


def finding_html(r: DocumentCheck, f: Finding, images: _PageImages | None) -> str:
    quote = _shortened(f.quote) or quote_for(r.extraction.document, f.location, f.message)
    parts = [f'<div class="finding {_e(f.severity)}">',
             f'<div><span class="rule">{_e(f.rule)}</span><span class="sev">{_e(f.severity)}</span>'
             f' <span class="where">{_e(_where(f.location))}</span></div>',
             f'<p class="message">{_e(f.message)}</p>']
    if quote:
        parts.append(f'<blockquote class="quote">{_e(quote)}</blockquote>')
    if f.expected or f.actual:
        parts.append('<table class="iv"><tr><th>应为 expected</th><th>所列 stated</th></tr>'
                     f"<tr><td>{_e(f.expected or '—')}</td><td>{_e(f.actual or '—')}</td></tr>"
                     "</table>")
    if images is not None:
        for uri, page in images.for_finding(f):
            parts.append(f'<div><img alt="第{page}页" src="{uri}"></div>')
    parts.append("</div>")
    return "".join(parts)


def _shortened(text: str | None) -> str | None:
    if text and len(text) > MAX_QUOTE:
        return text[: MAX_QUOTE - 1] + "…"
    return text


def _where(loc: Location) -> str:
    cell = " ".join(v for v in (loc.row, loc.column) if v)
    return loc.describe() + (f" [{cell}]" if cell else "")


class _PageImages:
    """Page crops for a PDF's findings, each page rendered once."""

    def __init__(self, path: str):
        self.path = path
        self.pages: dict[int, object] = {}
        self.made = 0
        try:
            from ..render import require_pillow

            require_pillow()
            self.available = True
        except RuntimeError:
            self.available = False

    def for_finding(self, f: Finding) -> list[tuple[str, int]]:
        from ..render import PageImage, crop_around, draw_boxes, finding_boxes, pages_of

        if not self.available or self.made >= MAX_IMAGES:
            return []
        self.made += 1
        boxes = finding_boxes(f)
        out = []
        for page in pages_of(boxes):
            image = self._page(page).copy()
            on_page = [b for b in boxes if b.page == page]
            draw_boxes(image, on_page, IMAGE_SCALE)
            crop = crop_around(PageImage(page, image, IMAGE_SCALE, on_page))
            buf = io.BytesIO()
            crop.save(buf, format="PNG", optimize=True)
            out.append(("data:image/png;base64," + base64.b64encode(buf.getvalue()).decode(),
                        page))
        return out

    def _page(self, page: int):
        from ..render import render_page

        if page not in self.pages:
            self.pages[page] = render_page(self.path, page, IMAGE_SCALE)
        return self.pages[page]
