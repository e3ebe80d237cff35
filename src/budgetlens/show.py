"""``budgetlens show``: findings where they stand — a PDF's pages with the boxes drawn, or the
flagged lines of any other document with their context, as an image or in the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from .model import Document, Finding, Location
from .report.plain import one_line, visible
from .report.quote import context_lines, quote_for
from .report.text import finding_text

MAX_DRAWN = 1000  # characters of one block drawn in an excerpt image


class ShowError(Exception):
    """What the person asked for is not there (no such finding, page outside the document)."""


@dataclass(slots=True)
class Excerpt:
    """Lines of a document around a finding: (label, text, flagged) each."""

    title: str
    lines: list[tuple[str, str, bool]]


def show_findings(path: str, number: int | None, page: int | None, output: str | None,
                  select: list[str] | None, console: Console) -> int:
    from .check import check_path

    r = check_path(path, select=select)
    doc = r.extraction.document
    if number is None and page is None:
        if output:
            raise ShowError("say which to draw: --finding N or --page P")
        for i, f in enumerate(r.findings, 1):
            console.print(Text(f"{i:>3}. ").append(finding_text(f)))
        if not r.findings:
            console.print("no findings")
        return 0
    if number is not None:
        if number > len(r.findings):
            raise ShowError(f"finding {number} is not in 1..{len(r.findings)}")
        chosen = [r.findings[number - 1]]
    else:
        if doc.format != "pdf":
            raise ShowError("--page is for PDF documents; use --finding N")
        if doc.pages and page > doc.pages:
            raise ShowError(f"page {page} is not in 1..{doc.pages}")
        chosen = [f for f in r.findings
                  if any(loc.page == page for loc in (f.location, *f.related))]
    if doc.format == "pdf" and output:
        pages = draw_pdf(path, chosen, page, output)
        console.print(Text(f"{one_line(output)}: 第{'、'.join(map(str, pages))}页, "
                           f"{len(chosen)} finding(s)"))
        return 0
    excerpts = [e for f in chosen for e in excerpts_of(doc, f)]
    if output:
        draw_excerpts(excerpts, output)
        console.print(Text(f"{one_line(output)}: {len(chosen)} finding(s)"))
        return 0
    for f in chosen:
        console.print(finding_text(f))
    for e in excerpts:
        console.print(excerpt_text(e))
    if doc.format == "pdf":
        console.print(Text("(add -o FILE.png to see the page with the boxes drawn)", style="dim"))
    return 0


def draw_pdf(path: str, findings: list[Finding], page: int | None, output: str) -> list[int]:
    """The pages of ``findings`` (or only ``page``) stacked into one PNG; returns the pages."""
    from .render import finding_boxes, finding_pages, page_with_boxes, stack

    if page is not None:
        pages = [page_with_boxes(path, page, [b for f in findings for b in finding_boxes(f)])]
    else:
        pages = finding_pages(path, findings)
        if not pages:
            raise ShowError("this finding has no place on a page to draw")
    image, _ = stack(pages)
    image.save(output)
    return [p.page for p in pages]


def excerpts_of(doc: Document, f: Finding) -> list[Excerpt]:
    """The finding's own place and each related one, each with its context, each once."""
    out: list[Excerpt] = []
    seen: set[tuple] = set()
    for loc in (f.location, *f.related):
        key = (loc.line, loc.end_line, loc.page, loc.bbox, loc.sheet, loc.cell)
        if key in seen:
            continue
        seen.add(key)
        excerpt = _excerpt(doc, f, loc)
        if excerpt is not None:
            out.append(excerpt)
    return out


def _excerpt(doc: Document, f: Finding, loc: Location) -> Excerpt | None:
    title = f"{f.rule}  {loc.describe()}"
    if loc.line is not None:
        lines = [(str(n), t, flagged)
                 for n, t, flagged in context_lines(doc, loc, hint=f.message)]
        if lines:
            return Excerpt(title, lines)
    quote = quote_for(doc, loc, f.message)
    if quote:
        label = f"{loc.sheet}!{loc.cell}" if loc.sheet and loc.cell else (
            f"p.{loc.page}" if loc.page else "")
        return Excerpt(title, [(label, quote, True)])
    return None


def excerpt_text(e: Excerpt) -> Text:
    t = Text()
    t.append(one_line(e.title), style="bold magenta")
    width = max((len(label) for label, _, _ in e.lines), default=0)
    for label, text, flagged in e.lines:
        t.append("\n")
        t.append(f"{'>' if flagged else ' '} {label:>{width}} │ ", style="red" if flagged else "dim")
        t.append(visible(text), style="bold" if flagged else "")
    return t


def draw_excerpts(excerpts: list[Excerpt], output: str, size: int = 18, width: int = 1400) -> None:
    """The excerpts as a PNG: flagged lines on a yellow band, line numbers on the left, long
    lines wrapped to the image's width."""
    from .render import label_font, require_pillow

    require_pillow()
    from PIL import Image, ImageDraw

    font = label_font(size)
    text_left = 90
    rows: list[tuple[str, str, str]] = []  # kind, label, text
    for e in excerpts:
        rows.append(("title", "", e.title))
        for label, text, flagged in e.lines:
            pieces = _wrap(visible(text)[:MAX_DRAWN], font, width - text_left - 10) or [""]
            for i, piece in enumerate(pieces):
                rows.append(("flag" if flagged else "line", label if i == 0 else "", piece))
        rows.append(("gap", "", ""))
    line_h = size + 8
    image = Image.new("RGB", (width, line_h * len(rows) + 20), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for i, (kind, label, text) in enumerate(rows):
        y = 10 + i * line_h
        if kind == "title":
            draw.text((10, y), text, fill=(150, 0, 150), font=font)
        elif kind in ("flag", "line"):
            if kind == "flag":
                draw.rectangle([0, y - 2, width, y + line_h - 4], fill=(255, 240, 160))
            draw.text((10, y), label, fill=(120, 120, 120), font=font)
            draw.text((text_left, y), text, fill=(0, 0, 0), font=font)
    image.save(output)


def _wrap(text: str, font, max_width: float) -> list[str]:
    """``text`` on one line per piece, each at most ``max_width`` pixels wide in ``font``."""
    text = text.replace("\t", "  ").replace("\n", " ")
    out, start = [], 0
    while start < len(text):
        end = start + 1
        while end < len(text) and font.getlength(text[start:end + 1]) <= max_width:
            end += 1
        out.append(text[start:end])
        start = end
    return out
