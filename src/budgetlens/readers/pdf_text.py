"""Text from positioned characters: cell text, lines, and paragraphs in reading order.

Order always comes from coordinates, never from the content stream: some publishers write
a table's title after its body (corpus 002), and figures that are printed apart may follow
each other with no space in the text layer (022). Gaps are therefore measured, not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from .pdf_page import Char
from .pdf_underline import Rule, bridges, line_underlines

# Two characters farther apart than this many font sizes belong to different pieces of a
# line (a left-aligned 部门名称 and a right-aligned 单位：万元, two chart labels).
SEGMENT_GAP = 2.0
# Inside a piece, a gap wider than this many font sizes is a word space.
WORD_GAP = 0.25
# Cell text follows pdfplumber: chars within 3 pt vertically are one line, and a gap of more
# than 3 pt separates words.
LINE_TOLERANCE = 3.0
CELL_WORD_GAP = 3.0


def is_cjk(ch: str) -> bool:
    """Han characters and full-width punctuation: no spaces are written between them."""
    o = ord(ch)
    return (
        0x3000 <= o <= 0x303F
        or 0x3400 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x2FFFF
    )


def join_pieces(left: str, right: str, sep: str = " ") -> str:
    """Join two runs of text; Chinese on both sides is joined without a space."""
    if not left:
        return right
    if not right:
        return left
    if is_cjk(left[-1]) and is_cjk(right[0]):
        return left + right
    return left + sep + right


def _words_text(chars: list[Char], word_gap: float) -> str:
    """Chars of one line, left to right, with a space where the gap is wider than
    ``word_gap`` (except between two Chinese characters)."""
    out: list[str] = []
    prev: Char | None = None
    for c in chars:
        if (
            prev is not None
            and (c.x0 - prev.x1 > word_gap or c.space_before)
            and not (is_cjk(prev.text[-1]) and is_cjk(c.text[0]))
        ):
            out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


def cell_text(chars: list[Char]) -> str:
    """Text of one table cell: lines top to bottom, joined (without a space between Chinese
    characters, so a header wrapped as '本年收入合' / '计' reads '本年收入合计')."""
    if not chars:
        return ""
    if len(chars) == 1:  # a one-char cell ('0', '-') has one line of one word
        return chars[0].text
    lines = cluster_lines(chars)
    text = ""
    for line in lines:
        text = join_pieces(text, _words_text(line, CELL_WORD_GAP))
    return text


_BASELINE_X0 = attrgetter("baseline", "x0")
_X0 = attrgetter("x0")


def cluster_lines(chars: list[Char], tolerance: float = LINE_TOLERANCE) -> list[list[Char]]:
    """Group chars into lines by baseline, each line sorted left to right.

    A char joins a line when its baseline lies within ``tolerance`` points of the line's
    first baseline (no chaining, so close lines cannot creep into one).
    """
    ordered = sorted(chars, key=_BASELINE_X0)
    lines: list[list[Char]] = []
    anchor = 0.0
    for c in ordered:
        if lines and c.baseline - anchor <= tolerance:
            lines[-1].append(c)
            continue
        lines.append([c])
        anchor = c.baseline
    for line in lines:
        line.sort(key=_X0)
    if len(lines) > 1:
        lines.sort(key=_line_order)
    return lines


def _line_order(line: list[Char]) -> tuple[float, float]:
    """Lines top to bottom by their highest char, then left to right."""
    return (min([c.top for c in line]), line[0].x0)


@dataclass(slots=True)
class Segment:
    """A run of text on one line, separated from other runs by a wide gap."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    alone: bool  # the only segment on its line


def line_segments(lines: list[list[Char]], rules: list[Rule] | None = None) -> list[Segment]:
    """Split each line where two chars are more than SEGMENT_GAP font sizes apart, unless
    an underline of that line reaches into the gap (a filled-in blank, ``pdf_underline``).
    ``rules`` are the page's horizontal rules outside tables."""
    out: list[Segment] = []
    for line in lines:
        line_size = _median_size(line)
        gap = SEGMENT_GAP * line_size
        underlines: list[Rule] | None = None  # found when a wide gap first asks for them
        piece = [line[0]]
        pieces: list[list[Char]] = [piece]
        prev_x1 = line[0].x1  # the char before: every char joins the last piece
        for i in range(1, len(line)):
            c = line[i]
            if c.x0 - prev_x1 > gap:
                if underlines is None:
                    underlines = line_underlines(line, line_size, rules) if rules else []
                if not bridges(underlines, prev_x1, c.x0, line_size):
                    piece = [c]
                    pieces.append(piece)
                    prev_x1 = c.x1
                    continue
            piece.append(c)
            prev_x1 = c.x1
        alone = len(pieces) == 1
        for piece in pieces:
            size = line_size if alone else _median_size(piece)
            # positional, in field order: text, x0, top, x1, bottom, size, alone
            out.append(
                Segment(
                    _words_text(piece, WORD_GAP * size),
                    piece[0].x0,
                    min([c.top for c in piece]),
                    max([c.x1 for c in piece]),
                    max([c.bottom for c in piece]),
                    size,
                    alone,
                )
            )
    return out


def _median_size(chars: list[Char]) -> float:
    """The font size of a run: measured on its Chinese characters and full-width punctuation
    when it has any (their advance is one em in every font), else on box heights."""
    han = [c for c in chars if "\u3400" <= c.text <= "\u9fff" or "\uff01" <= c.text <= "\uff5e"
           or "\u3001" <= c.text <= "\u3011"]
    # Char.size, written out: a Chinese glyph's advance, else the box height
    sizes = sorted([c.x1 - c.x0 for c in han] if han else [c.bottom - c.top for c in chars])
    return sizes[len(sizes) // 2]


@dataclass(slots=True)
class TextBlock:
    """A paragraph in the making: its text and the box of all its lines."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    last_x0: float
    last_x1: float
    last_bottom: float
    lines: int = 1
    last_top: float = 0.0
    first_x0: float = 0.0  # where the first line starts (an indent opens a paragraph)
    open_end: bool = False  # the last line runs to the right margin: it may go on below
    indented: bool = False  # the first line starts right of the page's left margin


# A numbered heading or list item starts its own paragraph.
_STARTS_NEW = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d)"
    r"|第[一二三四五六七八九十\d]{1,3}[部章节]|注[:：]|单位[:：])"
)


def paragraphs(segments: list[Segment]) -> list[TextBlock]:
    """Merge consecutive full-width lines into paragraphs.

    A line continues the paragraph above when it is close below it, of the same size, not
    indented past it, and the line above ran to the right margin (a short line ends a
    paragraph). Segments that share their line with others stay paragraphs of their own.
    """
    ordered = sorted(segments, key=lambda s: (s.top, s.x0))
    right_margin = _right_margin([s for s in ordered if s.alone])
    out: list[TextBlock] = []
    current: TextBlock | None = None
    for s in ordered:
        if not s.alone:
            out.append(_block(s))
            current = None
            continue
        if current is not None and _continues(current, s, right_margin):
            current.text = join_pieces(current.text, s.text)
            current.x0 = min(current.x0, s.x0)
            current.x1 = max(current.x1, s.x1)
            current.bottom = max(current.bottom, s.bottom)
            current.last_x0, current.last_x1, current.last_bottom = s.x0, s.x1, s.bottom
            current.last_top = s.top
            current.lines += 1
            continue
        current = _block(s)
        out.append(current)
    left_margin = min((s.x0 for s in ordered if s.alone and len(s.text) >= 10), default=0.0)
    for b in out:
        b.open_end = b.last_x1 >= right_margin - 2.5 * b.size
        b.indented = b.first_x0 > left_margin + 1.0 * b.size
    return out


def _right_margin(segments: list[Segment]) -> float:
    """Where full lines of prose end: the most common right end of longer lines (chart
    labels and page numbers stray further right on some pages)."""
    ends: dict[int, int] = {}
    for s in segments:
        if len(s.text) >= 10:
            ends[round(s.x1 / 3)] = ends.get(round(s.x1 / 3), 0) + 1
    if not ends:
        return max((s.x1 for s in segments), default=0.0)
    best = max(ends.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return max(s.x1 for s in segments if round(s.x1 / 3) == best)


def _block(s: Segment) -> TextBlock:
    return TextBlock(s.text, s.x0, s.top, s.x1, s.bottom, s.size, s.x0, s.x1, s.bottom,
                     first_x0=s.x0, last_top=s.top)


def _continues(p: TextBlock, s: Segment, right_margin: float) -> bool:
    size = p.size
    if abs(s.size - size) > 0.15 * size:
        return False
    gap = s.top - p.last_bottom
    if gap > 1.3 * size:  # some publishers double-space their prose
        return False
    # below the line above: by its box, or, where a font's tall boxes overlap the next line's,
    # by nearly one em from its top
    if gap < -0.2 * size and s.top - p.last_top < 0.9 * size:
        return False
    # the line above ended short (Chinese line breaking may leave up to two chars free),
    # unless what ended it is a number too wide for the room left ("…占" / "15.16%；")
    if p.last_x1 < right_margin - 2.5 * size and not _number_wrapped(p, s, right_margin):
        return False
    if s.x0 > p.last_x0 + 1.0 * size:  # indented: a new paragraph
        return False
    return not _STARTS_NEW.match(s.text)


_LEADING_NUMBER = re.compile(r"[\d.,%]+")
_SENTENCE_END = ("。", "；", ";", "：", ":", "！", "？", "!", "?")


def _number_wrapped(p: TextBlock, s: Segment, right_margin: float) -> bool:
    """The line above stops mid-sentence and the line below opens with a number wider than
    the room the line above left: a number is never broken, so it went down whole."""
    if p.text.rstrip().endswith(_SENTENCE_END):
        return False
    m = _LEADING_NUMBER.match(s.text)
    if m is None or not any(ch.isdigit() for ch in m.group()):
        return False
    text = s.text.rstrip()
    width = (s.x1 - s.x0) * len(m.group()) / max(len(text), 1)  # digits are narrower than 汉字
    return right_margin - p.last_x1 < width
