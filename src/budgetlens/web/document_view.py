"""The document page's model: the findings kept by the filters, the choices of each filter, and
the document itself — PDF pages with their boxes placed in points (the same boxes as
``budgetlens show``: ``render.finding_boxes``), or the flagged lines of any other document with
their context. Box ``box-N`` links to finding ``finding-N`` and back."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document_data import Filters, FindingView

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(slots=True)
class PageBox:
    id: str  # the element's id: box-N for a finding's first box, box-N-K for the others
    finding: int
    rule: str
    severity: str
    primary: bool
    x: float
    y: float
    width: float
    height: float


@dataclass(slots=True)
class PageView:
    number: int
    width: float  # points
    height: float
    boxes: list[PageBox] = field(default_factory=list)


@dataclass(slots=True)
class Excerpt:
    id: str
    finding: int
    rule: str
    severity: str
    title: str
    lines: list  # [label, text, flagged]


def document_view(doc: dict, every: list[FindingView], filters: Filters) -> dict:
    kept = [f for f in every if filters.keep(f)]
    choices = {
        "severities": sorted({f.severity for f in every}, key=lambda s: SEVERITY_ORDER.get(s, 9)),
        "families": sorted({f.family for f in every}),
        "rules": sorted({f.rule for f in every}),
    }
    pages: list[PageView] = []
    excerpts: list[Excerpt] = []
    marked: set[int] = set()
    if doc["format"] == "pdf":
        pages = pdf_pages(doc["path"], kept)
        marked = {b.finding for p in pages for b in p.boxes}
    else:
        excerpts = text_excerpts(kept)
        marked = {e.finding for e in excerpts}
    return {"document": doc, "findings": kept, "every": len(every), "choices": choices,
            "pages": pages, "excerpts": excerpts, "marked": marked}


def pdf_pages(path: str, kept: list[FindingView]) -> list[PageView]:
    """The pages the kept findings touch, in page order, each with its boxes."""
    from .pages import page_sizes

    try:
        sizes = page_sizes(path)
    except Exception:  # the original is gone or unreadable: the findings still show
        return []
    by_page: dict[int, PageView] = {}
    for f in kept:
        for k, b in enumerate(f.boxes()):
            if not 1 <= b.page <= len(sizes):
                continue
            width, height = sizes[b.page - 1]
            page = by_page.setdefault(b.page, PageView(b.page, width, height))
            x0, top, x1, bottom = b.bbox
            page.boxes.append(PageBox(
                f"box-{f.id}" if k == 0 else f"box-{f.id}-{k}", f.id, f.rule, f.severity,
                b.primary, round(x0, 2), round(top, 2), round(max(x1 - x0, 1.0), 2),
                round(max(bottom - top, 1.0), 2)))
    return [by_page[n] for n in sorted(by_page)]


def text_excerpts(kept: list[FindingView]) -> list[Excerpt]:
    out = []
    for f in kept:
        for k, (title, lines) in enumerate(f.context):
            if lines:
                out.append(Excerpt(f"box-{f.id}" if k == 0 else f"box-{f.id}-{k}", f.id,
                                   f.rule, f.severity, title, lines))
    return out
