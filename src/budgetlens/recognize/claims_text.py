"""Prose units for claim extraction: paragraphs rejoined, source lines kept, section scope.

Converted text breaks sentences over lines and blank lines ("…经济文化协" / "作和信息交流…").
A unit is a paragraph joined with the following ones while it ends mid-sentence; every
character keeps the source line it came from, so a claim points at the line of its figure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Document, Grid, ImageBlock, Location, Paragraph
from ..numbers import BARE_MONEY_FOLLOWERS
from ..taxonomy.subjects import scope_from_heading

_SENTENCE_END = "。；;！!？?"
_HEADING_RE = re.compile(
    r"^(?:#+\s*)?(?:\*\*)?\s*(?P<num>第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|"
    r"[（(][一二三四五六七八九十]+[）)])"
)
# A figure with its unit, tried only where a run of digits and separators begins; 万 or 亿
# without 元 counts only before what cannot be a measure word ("0.39万，" yes, "187万平方米" no).
_FIGURE_RE = re.compile(
    r"(?<![\d,.])[,.]*\d[\d,.]*+\s*(?:万\s*元|亿\s*元|元|%|％|(?:万|亿)" + BARE_MONEY_FOLLOWERS + ")"
)
# "3." opens an item; "161.62万元" at the head of a line goes on with the sentence before
_ITEM_START = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]+(?:[)）、．]|\.(?!\s*\d))|第[一二三四五六七八九十]+部分|#)"
)


@dataclass(slots=True)
class Unit:
    """A run of prose (one or more paragraphs joined) with a line for every character."""

    text: str
    starts: list[int] = field(default_factory=list)  # offsets where a new source line begins
    lines: list[int | None] = field(default_factory=list)  # the line at each start
    places: list[Location] = field(default_factory=list)  # the block location at each start
    path: str | None = None
    scope: str | None = None  # from the enclosing section headings
    heading: str | None = None  # innermost heading title

    def line_at(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        return self.lines[max(i, 0)] if self.lines else None

    def place_at(self, offset: int) -> Location | None:
        """The source block's location (page, bbox, sheet …) of the text at ``offset``."""
        i = bisect_right(self.starts, offset) - 1
        return self.places[max(i, 0)] if self.places else None

    @property
    def first_line(self) -> int | None:
        return self.lines[0] if self.lines else None

    @property
    def last_line(self) -> int | None:
        return self.lines[-1] if self.lines else None


MAX_SENTENCE_SIDE = 200  # characters shown on each side of a figure when no sentence end is near


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` around ``offset``, at most MAX_SENTENCE_SIDE characters on
    each side. A claim keeps its whole unit by reference (rules compare units); what is
    written out per claim is only this, so a 5 MB paragraph of figures is not copied once
    for every figure in it."""
    lo = max(offset - MAX_SENTENCE_SIDE, 0)
    start = max((text.rfind(ch, lo, offset) for ch in _SENTENCE_END), default=-1) + 1
    start = max(start, lo)
    hi = min(offset + MAX_SENTENCE_SIDE, len(text))
    ends = [i for ch in _SENTENCE_END if (i := text.find(ch, offset, hi)) >= 0]
    end = min(ends) + 1 if ends else hi
    return text[start:end].strip()


def clean_heading(text: str) -> str:
    return text.strip().lstrip("#").replace("*", "").strip()


def heading_level(p: Paragraph) -> int | None:
    """Level of a section heading (1 部分, 2 一、, 3 （一）), None for running prose."""
    t = clean_heading(p.text)
    m = _HEADING_RE.match(t)
    if not m or len(t) > 60 or _FIGURE_RE.search(t):
        return p.heading_level if p.heading_level and len(t) <= 60 else None
    num = m.group("num")
    if num.startswith("第"):
        return 1
    if num.endswith("、"):
        return 2
    # （一） item lines that carry a sentence are prose, not headings
    if "。" in t[:-1] or "，" in t:
        return None
    return 3


def _is_table_line(text: str) -> bool:
    """A tab-separated row or a lone table cell left in the prose by a converter."""
    if "\t" in text.strip("\n"):
        return True
    s = text.strip()
    if not s:
        return True
    return bool(re.fullmatch(r"[\d,.\-—　 %％]+", s))


def _physical_lines(p: Paragraph) -> list[tuple[str, int | None, Location, bool]]:
    """(text, source line, place, whether it goes on from the piece before) of each line;
    a paragraph broken by a page break gives one piece per page, the later ones going on."""
    if p.continued:
        starts = [(0, p.location), *p.continued]
        return [
            (p.text[start: starts[k + 1][0] if k + 1 < len(starts) else len(p.text)], None, loc, k > 0)
            for k, (start, loc) in enumerate(starts)
        ]
    base = p.location.line
    out = []
    for i, line in enumerate(p.text.split("\n")):
        out.append((line, None if base is None else base + i, p.location, False))
    return out


def prose_units(doc: Document) -> list[Unit]:
    """Paragraph units in document order, each with the scope of its section."""
    units: list[Unit] = []
    headings: dict[int, str] = {}
    current: Unit | None = None
    # The unit's text is gathered as pieces and joined once: adding each line to a string
    # copies the whole unit every time, quadratic in a paragraph of many lines.
    pieces: list[str] = []
    length = 0
    tail = ""  # the unit's last few characters, for _awaits_breakdown

    def flush() -> None:
        nonlocal current, pieces, length, tail
        if current is not None:
            current.text = "".join(pieces)
            if current.text.strip():
                units.append(current)
        current, pieces, length, tail = None, [], 0, ""

    def section_scope() -> tuple[str | None, str | None]:
        inner = None
        for level in sorted(headings, reverse=True):
            title = headings[level]
            inner = inner or title
            if _DEFINITION.search(title):
                continue  # a glossary entry ("（八）机关运行经费：指…一般公共预算…") defines a word
            s = scope_from_heading(title)
            if s is not None:
                return s, inner
        return None, inner

    for block in doc.blocks:
        if isinstance(block, (Grid, ImageBlock)):
            flush()
            continue
        if not isinstance(block, Paragraph):
            continue
        level = heading_level(block)
        if level is not None:
            flush()
            for lv in [k for k in headings if k >= level]:
                del headings[lv]
            headings[level] = clean_heading(block.text)
            continue
        lines = _physical_lines(block)
        for k, (text, line, place, goes_on) in enumerate(lines):
            if _is_table_line(text):
                if text.strip():
                    flush()
                continue
            piece = text.strip()
            if (current is not None and not goes_on and _ITEM_START.match(piece)
                    and not _awaits_breakdown(tail)):
                flush()
            if current is None:
                scope, inner = section_scope()
                current = Unit(text="", path=doc.path, scope=scope, heading=inner)
            current.starts.append(length)
            current.lines.append(line)
            current.places.append(place)
            pieces.append(piece)
            length += len(piece)
            tail = (tail + piece)[-_TAIL:]
            if _ends_sentence(piece) and not (k + 1 < len(lines) and lines[k + 1][3]):
                flush()
    flush()
    return units


_DEFINITION = re.compile(r"[：:]\s*(?:是)?指")


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    if not t:
        return True
    if t.endswith("其中：") or t.endswith("其中:"):
        return False  # the breakdown that follows belongs to this sentence
    return t[-1] in _SENTENCE_END or t[-1] in "：:" or len(t) < 4


_TAIL = 16  # longer than any ending _awaits_breakdown looks for


def _awaits_breakdown(text: str) -> bool:
    return text.rstrip().endswith(("其中：", "其中:"))
