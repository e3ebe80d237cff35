"""Raw page primitives from pdfium: characters with boxes, ruling edges, image boxes.

Everything is returned in PDF points with a top-left origin (``x0, top, x1, bottom``), the
convention pdfplumber uses, so that the table finder in ``pdf_geometry`` can follow its
algorithm and be compared with it cell for cell. pdfium's C API is called directly (see
``pdfium_calls``) because the object wrappers allocate per call, and chars are the hot loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium

from . import pdfium_calls as pc
from .pdf_drawing import DrawingReader
from .pdf_visible import Box, clipped_chars, visible_box


@dataclass(slots=True)
class Char:
    """One glyph as printed: its loose (advance and font) box and its baseline.

    Lines are found on the baseline: some fonts give punctuation such as '、' a box that
    sits lower than its neighbours', which would otherwise push it onto a line of its own.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    space_before: bool = False  # a space character is written before it in the text layer
    index: int = -1  # its index in pdfium's text page

    @property
    def size(self) -> float:
        """About the font size: a Chinese glyph's advance is one em, others use the box."""
        if "\u3400" <= self.text <= "\u9fff":
            return self.x1 - self.x0
        return self.bottom - self.top

    @property
    def h_mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def v_mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Edge:
    """An axis-aligned ruling segment: 'h' has top == bottom, 'v' has x0 == x1."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PagePrimitives:
    width: float
    height: float
    chars: list[Char]
    edges: list[Edge]
    images: list[tuple[float, float, float, float]]  # image bboxes, top-left origin
    truncated: bool = False  # more page objects than the limit: only the first were read


def page_primitives(page: pdfium.PdfPage, max_objects: int = 200_000) -> PagePrimitives:
    """Read the chars, ruling edges and image boxes of one page, as the page is shown:
    measured from its visible box's top-left corner and turned by its /Rotate. Text the
    page does not show (outside the visible box, or clipped away on a page that carries a
    spreadsheet cell's overflow) is left out; see ``pdf_visible``."""
    left, bottom, right, top = visible_box(page)
    textpage = page.get_textpage()
    try:
        chars, overflow = _chars(textpage, (left, bottom, right, top))
        if overflow:
            chars = _shown(page, textpage, chars, top)
    finally:
        textpage.close()
    drawing = DrawingReader(top, Edge)
    truncated = drawing.read_page(pc.handle(page.raw), max_objects)
    edges, images = drawing.edges, drawing.images
    if overflow:  # rulings and pictures drawn off the page too (045 p.11: three tables)
        edges = _inside_edges(edges, left, right, top - bottom)
    images = [
        (max(x0, left), max(t, 0.0), min(x1, right), min(b, top - bottom))
        for x0, t, x1, b in images
        if x1 > left and x0 < right and b > 0.0 and t < top - bottom
    ]
    prims = PagePrimitives(
        right - left, top - bottom, chars, edges, images, truncated=truncated
    )
    rotation = page.get_rotation() % 360
    if left or rotation:
        prims = _as_shown(prims, left, rotation)
    return prims


def _as_shown(p: PagePrimitives, left: float, rotation: int) -> PagePrimitives:
    """Shift by the crop box's left edge and turn clockwise by ``rotation`` degrees, so
    that reading order by coordinates holds on rotated (landscape) pages too."""
    w, h = p.width, p.height

    def point(x: float, y: float) -> tuple[float, float]:
        x -= left
        if rotation == 90:
            return h - y, x
        if rotation == 180:
            return w - x, h - y
        if rotation == 270:
            return y, w - x
        return x, y

    def box(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = point(x0, top), point(x1, bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    chars = []
    for c in p.chars:
        x0, top, x1, bottom = box(c.x0, c.top, c.x1, c.bottom)
        baseline = c.baseline if rotation == 0 else bottom
        chars.append(Char(c.text, x0, top, x1, bottom, baseline, c.space_before, c.index))
    edges = []
    for e in p.edges:
        x0, top, x1, bottom = box(e.x0, e.top, e.x1, e.bottom)
        edges.append(Edge("h" if top == bottom else "v", x0, top, x1, bottom))
    images = [box(*b) for b in p.images]
    if rotation in (90, 270):
        w, h = h, w
    return PagePrimitives(w, h, chars, edges, images, p.truncated)


# What is no printed char: whitespace (every character ``str.isspace`` knows lies at or
# below U+3000, so the set is built from that range), NUL and the noncharacter U+FFFE.
_NOT_PRINTED = frozenset(
    [ch for ch in map(chr, range(0x3001)) if ch.isspace()] + ["\x00", "\ufffe"]
)
_WRITTEN_SPACES = frozenset(" \u3000\xa0")


def _chars(textpage: pdfium.PdfTextPage, box: Box) -> tuple[list[Char], bool]:
    """Printed characters with their loose (font) boxes, and whether any lay outside the
    page's visible ``box`` (those are dropped). Whitespace is not kept as chars: a written
    space marks the next char (``space_before``), other gaps come from positions."""
    tp = pc.handle(textpage.raw)
    n = pc.count_chars(tp)
    if n <= 0:
        return [], False
    box_left, box_bottom, box_right, page_height = box
    x_min, x_max, y_min, y_max = 2 * box_left, 2 * box_right, 2 * box_bottom, 2 * page_height
    overflow = False
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # not one UTF-16 unit per char: char i is read by its code point
        unicode_of = pc.char_unicode
        text = "".join([chr(unicode_of(tp, i)) for i in range(n)])
    rect = pc.ffi.new("float[4]")  # FS_RECTF: left, top, right, bottom
    origin = pc.ffi.new("double[2]")
    origin_y = origin + 1
    # read back through memoryviews: one list per call instead of four cffi item reads
    rect_values = memoryview(pc.ffi.buffer(rect)).cast("f").tolist
    origin_values = memoryview(pc.ffi.buffer(origin)).cast("d")
    get_box = pc.loose_char_box
    get_origin = pc.char_origin
    is_generated = pc.char_is_generated
    not_printed, written_spaces = _NOT_PRINTED, _WRITTEN_SPACES
    out: list[Char] = []
    append = out.append
    pending_space = False
    for i, ch in enumerate(text):
        if ch in not_printed:
            # pdfium adds spaces and line breaks of its own; only written ones count
            if ch in written_spaces and is_generated(tp, i) == 0:
                pending_space = True
            continue
        if "\ud800" <= ch <= "\udfff":  # half of a pair a broken text map left alone
            ch = "\ufffd"
        if not get_box(tp, i, rect):
            continue
        left, r_top, right, r_bottom = rect_values()
        # the centre, doubled, inside the doubled visible box; outside it is never shown
        if not (x_min <= left + right <= x_max and y_min <= r_top + r_bottom <= y_max):
            overflow = True
            continue
        top = page_height - r_top
        bottom = page_height - r_bottom
        if bottom <= top:
            continue
        baseline = page_height - origin_values[1] if get_origin(tp, i, origin, origin_y) else bottom
        append(Char(ch, left, top, right, bottom, baseline, pending_space, i))
        pending_space = False
    return out, overflow


def _shown(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, chars: list[Char],
           page_top: float) -> list[Char]:
    """The chars not hidden by their text object's clip path (on a page with overflow)."""
    candidates = [(c.index, (c.x0 + c.x1) / 2, page_top - (c.top + c.bottom) / 2) for c in chars]
    hidden = clipped_chars(page, textpage, candidates)
    if not hidden:
        return chars
    return [c for c in chars if c.index not in hidden]


def _inside_edges(edges: list[Edge], left: float, right: float, height: float) -> list[Edge]:
    """Ruling edges cut to the visible box (x still in user space, y from its top); edges
    wholly outside it are dropped, so no table is found where the page shows none."""
    out: list[Edge] = []
    for e in edges:
        x0, x1 = max(e.x0, left), min(e.x1, right)
        top, bottom = max(e.top, 0.0), min(e.bottom, height)
        if x0 > x1 or top > bottom:
            continue
        if (x0, x1, top, bottom) != (e.x0, e.x1, e.top, e.bottom):
            e = Edge(e.orientation, x0, top, x1, bottom)
        out.append(e)
    return out
