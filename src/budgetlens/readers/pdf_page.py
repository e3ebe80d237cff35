"""Raw page primitives from pdfium: characters with boxes, ruling edges, image boxes.

Everything is returned in PDF points with a top-left origin (``x0, top, x1, bottom``), the
convention pdfplumber uses, so that the table finder in ``pdf_geometry`` can follow its
algorithm and be compared with it cell for cell. pdfium's C API is called directly through
ctypes because the object wrappers allocate per call, and chars are the hot loop.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from . import pdfium_calls as pc
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


# Path objects with more segments than this are drawings (charts, logos), not rulings; their
# straight pieces are still read, but a runaway path cannot make a page take unbounded time.
MAX_SEGMENTS_PER_PATH = 20000
MAX_OBJECT_DEPTH = 8


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
    edges: list[Edge] = []
    images: list[tuple[float, float, float, float]] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    count = raw.FPDFPage_CountObjects(page.raw)
    for i in range(min(count, max_objects)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        _collect(obj, identity, top, edges, images, 0)
    if overflow:  # rulings and pictures drawn off the page too (045 p.11: three tables)
        edges = _inside_edges(edges, left, right, top - bottom)
    images = [
        (max(x0, left), max(t, 0.0), min(x1, right), min(b, top - bottom))
        for x0, t, x1, b in images
        if x1 > left and x0 < right and b > 0.0 and t < top - bottom
    ]
    prims = PagePrimitives(
        right - left, top - bottom, chars, edges, images, truncated=count > max_objects
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


def _chars(textpage: pdfium.PdfTextPage, box: Box) -> tuple[list[Char], bool]:
    """Printed characters with their loose (font) boxes, and whether any lay outside the
    page's visible ``box`` (those are dropped). Whitespace is not kept as chars: a written
    space marks the next char (``space_before``), other gaps come from positions."""
    tp = pc.address(textpage.raw)
    n = pc.count_chars(tp)
    if n <= 0:
        return [], False
    box_left, box_bottom, box_right, page_height = box
    x_min, x_max, y_min, y_max = 2 * box_left, 2 * box_right, 2 * box_bottom, 2 * page_height
    overflow = False
    text = textpage.get_text_range(0, n)
    aligned = len(text) == n  # one UTF-16 unit per char: index i is char i
    rect = raw.FS_RECTF()
    rect_ref = ctypes.addressof(rect)
    get_box = pc.loose_char_box
    get_origin = pc.char_origin
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_ref, oy_ref = ctypes.addressof(ox), ctypes.addressof(oy)
    out: list[Char] = []
    append = out.append
    is_generated = pc.char_is_generated
    unicode_of = pc.char_unicode
    pending_space = False
    for i in range(n):
        ch = text[i] if aligned else chr(unicode_of(tp, i))
        if ch.isspace() or ch == "\x00" or ch == "\ufffe":
            # pdfium adds spaces and line breaks of its own; only written ones count
            if ch in " \u3000\xa0" and is_generated(tp, i) == 0:
                pending_space = True
            continue
        if "\ud800" <= ch <= "\udfff":  # half of a pair a broken text map left alone
            ch = "\ufffd"
        if not get_box(tp, i, rect_ref):
            continue
        left, right, r_top, r_bottom = rect.left, rect.right, rect.top, rect.bottom
        # the centre, doubled, inside the doubled visible box; outside it is never shown
        if not (x_min <= left + right <= x_max and y_min <= r_top + r_bottom <= y_max):
            overflow = True
            continue
        top = page_height - r_top
        bottom = page_height - r_bottom
        if bottom <= top:
            continue
        baseline = page_height - oy.value if get_origin(tp, i, ox_ref, oy_ref) else bottom
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


def _matrix(obj) -> tuple[float, float, float, float, float, float]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner, outer):
    """Matrix product ``inner × outer`` in PDF's row-vector convention."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _collect(obj, outer, page_height, edges, images, depth) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_PATH:
        _path_edges(obj, _compose(_matrix(obj), outer), page_height, edges)
    elif kind == raw.FPDF_PAGEOBJ_IMAGE:
        box = _bounds(obj)
        if box is not None:
            if depth:
                box = _transform_box(box, outer)
            x0, y0, x1, y1 = box
            images.append((x0, page_height - y1, x1, page_height - y0))
    elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_OBJECT_DEPTH:
        inner = _compose(_matrix(obj), outer)
        for j in range(raw.FPDFFormObj_CountObjects(obj)):
            _collect(
                raw.FPDFFormObj_GetObject(obj, j), inner, page_height, edges, images, depth + 1
            )


def _bounds(obj) -> tuple[float, float, float, float] | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    ok = raw.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    )
    return (left.value, bottom.value, right.value, top.value) if ok else None


def _transform_box(box, m):
    x0, y0, x1, y1 = box
    pts = [_apply(m, x, y) for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _visible(obj) -> bool:
    """Whether a path shows: stroked, or filled with a colour other than white.

    pdfplumber counts every path; here invisible ones are skipped, because word processors
    paint each table cell's white background inset from its borders (corpus 006), which
    would add a narrow empty column beside every real one. A filled thin rectangle, the
    way many publishers draw a ruling line, still counts.
    """
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return True
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if stroke.value:
        ok = raw.FPDFPageObj_GetStrokeColor(
            obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)
        )
        if not ok or (a.value > 0 and min(r.value, g.value, b.value) < 250):
            return True
    if fill_mode.value:
        ok = raw.FPDFPageObj_GetFillColor(
            obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)
        )
        if not ok or (a.value > 0 and min(r.value, g.value, b.value) < 250):
            return True
    return False


_get_segment = pc.get_segment
_get_point = pc.segment_point
_get_type = pc.segment_type
_get_close = pc.segment_close
_MOVETO = raw.FPDF_SEGMENT_MOVETO
_LINETO = raw.FPDF_SEGMENT_LINETO


def _path_edges(obj, matrix, page_height: float, edges: list[Edge]) -> None:
    """Turn the straight, axis-aligned pieces of a visible path into edges (rect sides
    included). This is the hot loop of table finding: pdfium is called directly."""
    if not _visible(obj):
        return
    n = raw.FPDFPath_CountSegments(obj)
    if n <= 1:
        return
    n = min(n, MAX_SEGMENTS_PER_PATH)
    a, b, c, d, e, f = matrix
    fx, fy = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.addressof(fx), ctypes.addressof(fy)
    start = prev = None
    for i in range(n):
        seg = _get_segment(obj, i)
        if not _get_point(seg, px, py):
            continue
        x, y = fx.value, fy.value
        pt = (a * x + c * y + e, b * x + d * y + f)
        kind = _get_type(seg)
        if kind == _MOVETO:
            start = prev = pt
            continue
        if kind == _LINETO and prev is not None:
            _add_edge(prev, pt, page_height, edges)
        prev = pt
        if _get_close(seg) and start is not None:
            _add_edge(pt, start, page_height, edges)
            prev = start


def _add_edge(p0, p1, page_height: float, edges: list[Edge]) -> None:
    (xa, ya), (xb, yb) = p0, p1
    if abs(ya - yb) < 1e-3:
        x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
        y = page_height - ya
        edges.append(Edge("h", x0, y, x1, y))
    elif abs(xa - xb) < 1e-3:
        top, bottom = page_height - max(ya, yb), page_height - min(ya, yb)
        edges.append(Edge("v", xa, top, xa, bottom))
