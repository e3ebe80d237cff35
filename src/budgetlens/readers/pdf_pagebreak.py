"""Paragraphs broken by a page break, read as one.

A sentence at the foot of page N often goes on at the top of page N+1, with the page
number (and sometimes a running header) printed between: "一般公共预算收入预算37188.34万元，
与上年相比增加4016.19" / "17" / "万元，增长12.11%。…" (corpus 041 pp. 17–18). Read apart, the
change loses its unit and the explanation checks see half a sentence each. The two parts
are joined when

- nothing but page furniture (page numbers, running headers) lies between them: never
  across a table or a picture;
- the first part does not end a sentence and its last line runs to the right margin;
- the second part starts at the left margin (no indent), is not a numbered heading or
  item, and is set in the same size.

The joined paragraph keeps each part's page in ``Paragraph.continued``. A part that a
spreadsheet cell printed twice, once at the foot of page N and again at the top of page
N+1, is kept once, where it comes first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..model import Block, Paragraph
from .pdf_text import _STARTS_NEW, TextBlock, join_pieces

_SENTENCE_END = "。；;！!？?：:"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–─‐]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
    r"(?:\s*[-－—–─‐])?\s*$"
)
_MIN_OVERLAP = 8  # a repeated run this long at a page break is one line printed twice
_HEADER_MIN_PAGES = 3
_HEADER_MAX_CHARS = 40


def join_page_breaks(blocks: list[Block], flow: dict[int, TextBlock]) -> list[Block]:
    """``blocks`` of a whole document (in page order) with broken paragraphs joined.

    ``flow`` maps ``id(paragraph)`` to the line geometry the page reader found for it.
    """
    headers = _running_headers(blocks)
    out: list[Block] = []
    i, n = 0, len(blocks)
    while i < n:
        block = blocks[i]
        i += 1
        furniture: list[Block] = []
        while isinstance(block, Paragraph) and not _is_furniture(block, headers):
            # a paragraph may run over several page breaks
            j = i
            while j < n and _is_furniture(blocks[j], headers):
                j += 1
            head = blocks[j] if j < n else None
            last_page = block.continued[-1][1].page if block.continued else block.location.page
            if isinstance(head, Paragraph) and last_page is not None and head.location.page == last_page + 1:
                kept = _without_repeat(block, head)
                if kept is None:  # the whole paragraph was printed at the foot of the page before
                    del blocks[j]
                    n -= 1
                    continue
                if kept is not head:
                    flow[id(kept)] = flow[id(head)]
                    blocks[j] = head = kept
            if (
                not isinstance(head, Paragraph)
                or last_page is None
                or head.location.page != last_page + 1
                or not _joins(block, head, flow)
            ):
                break
            furniture.extend(blocks[i:j])
            joined = _join(block, head)
            flow[id(joined)] = replace(flow[id(head)], indented=flow[id(block)].indented,
                                       size=flow[id(block)].size)
            block = joined
            i = j + 1
        out.append(block)
        out.extend(furniture)  # page numbers and headers stay, after the joined paragraph
    return out


def _joins(tail: Paragraph, head: Paragraph, flow: dict[int, TextBlock]) -> bool:
    t, h = flow.get(id(tail)), flow.get(id(head))
    if t is None or h is None:
        return False
    if _ends_sentence(tail.text):
        return False
    if not t.open_end or h.indented:
        return False
    if abs(t.size - h.size) > 0.15 * t.size:
        return False
    return not _STARTS_NEW.match(head.text.lstrip())


def _join(tail: Paragraph, head: Paragraph) -> Paragraph:
    """One paragraph of both parts; a run printed at the end of one and the start of the
    other (a line a spreadsheet cell showed on both pages) is kept once."""
    head_text = head.text[_overlap(tail.text, head.text):].lstrip()
    text = join_pieces(tail.text, head_text)
    offset = len(text) - len(head_text)
    parts = tail.continued + ((offset, head.location),)
    removed = len(head.text) - len(head_text)
    parts += tuple((offset + k - removed, loc) for k, loc in head.continued)
    return Paragraph(text, tail.location, tail.heading_level, continued=parts)


def _ends_sentence(text: str) -> bool:
    """Ends with 。；！？： (or a full stop that is not the point of a figure cut as '1234.')."""
    text = text.rstrip()
    if not text or text[-1] in _SENTENCE_END:
        return True
    return text[-1] == "." and not text[-2:-1].isdigit()


def _without_repeat(tail: Paragraph, head: Paragraph) -> Paragraph | None:
    """``head`` without the sentences ``tail`` already ended with (a spreadsheet cell cut
    at a page break can show its boundary lines on both pages); None when nothing is left.
    Runs on into the head are handled by the join, which drops the repeat itself."""
    text = tail.text.rstrip()
    if not _ends_sentence(text):
        return head
    size = _overlap(text, head.text)
    if size == 0:
        return head
    rest = head.text[size:].lstrip()
    if not rest:
        return None
    return Paragraph(rest, head.location, head.heading_level, continued=tuple(
        (k - (len(head.text) - len(rest)), loc) for k, loc in head.continued))


def _overlap(left: str, right: str) -> int:
    """Length of the longest end of ``left`` that ``right`` starts with (0 when shorter
    than a line's worth of text)."""
    for size in range(min(len(left), len(right)), _MIN_OVERLAP - 1, -1):
        if left.endswith(right[:size]):
            return size
    return 0


def _is_furniture(block: Block, headers: set[str]) -> bool:
    if not isinstance(block, Paragraph):
        return False
    text = block.text.strip()
    return is_page_number(text) or text in headers


def is_page_number(text: str) -> bool:
    """'8', '- 8 -', '─ 8 ─', '第8页', '第 8 页 共 24 页', '8/24'."""
    return bool(_PAGE_NUMBER.match(text))


def _running_headers(blocks: list[Block]) -> set[str]:
    """Short lines printed first on several pages (a running header)."""
    firsts: Counter[str] = Counter()
    page = None
    for b in blocks:
        if b.location.page != page:
            page = b.location.page
            if isinstance(b, Paragraph):
                text = b.text.strip()
                if len(text) <= _HEADER_MAX_CHARS and text[-1:] not in _SENTENCE_END:
                    firsts[text] += 1
    return {t for t, k in firsts.items() if k >= _HEADER_MIN_PAGES}
