"""Ruling edges and image boxes from a page's objects (paths, images, form XObjects).

A page of a ruled table carries tens of thousands of path segments and, beside them, a text
object per run of text, which is skipped here: this walk is a hot loop of the reader, so
pdfium is called through ``pdfium_calls`` and every value comes back through out-buffers
allocated once per page rather than once per call.
"""

from __future__ import annotations

import pypdfium2.raw as raw

from . import pdfium_calls as pc

# Path objects with more segments than this are drawings (charts, logos), not rulings; their
# straight pieces are still read, but a runaway path cannot make a page take unbounded time.
MAX_SEGMENTS_PER_PATH = 20000
MAX_OBJECT_DEPTH = 8

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_PATH = raw.FPDF_PAGEOBJ_PATH
_IMAGE = raw.FPDF_PAGEOBJ_IMAGE
_FORM = raw.FPDF_PAGEOBJ_FORM
_MOVETO = raw.FPDF_SEGMENT_MOVETO
_LINETO = raw.FPDF_SEGMENT_LINETO

_object_type = pc.object_type
_get_segment = pc.get_segment
_get_point = pc.segment_point
_get_type = pc.segment_type
_get_close = pc.segment_close


class DrawingReader:
    """Collects the ruling edges and image boxes of one page (y measured from its top).

    ``edge`` builds an edge from (orientation, x0, top, x1, bottom), so that this module
    does not depend on the page module's types.
    """

    def __init__(self, page_height: float, edge) -> None:
        self.page_height = page_height
        self.edge = edge
        self.edges: list = []
        self.images: list[tuple[float, float, float, float]] = []
        new = pc.ffi.new
        self._floats = new("float[6]")
        self._f = [self._floats + k for k in range(6)]
        self._colour = new("unsigned int[4]")
        self._c = [self._colour + k for k in range(4)]
        self._modes = new("int[2]")  # fill mode, stroke

    def read_page(self, page, max_objects: int) -> bool:
        """Read the top-level objects (at most ``max_objects``) of ``page`` (a
        ``pdfium_calls.handle``); True when there were more."""
        count = pc.count_objects(page)
        get_object = pc.page_object
        object_type = _object_type
        for i in range(min(count, max_objects)):
            obj = get_object(page, i)
            kind = object_type(obj)
            if kind == _PATH or kind == _IMAGE or kind == _FORM:
                self._object(obj, kind, IDENTITY, 0)
        return count > max_objects

    def _object(self, obj, kind: int, outer: Matrix, depth: int) -> None:
        if kind == _PATH:
            if self._visible(obj):
                self._path_edges(obj, _compose(self._matrix(obj), outer))
        elif kind == _IMAGE:
            box = self._bounds(obj)
            if box is not None:
                if depth:
                    box = _transform_box(box, outer)
                x0, y0, x1, y1 = box
                h = self.page_height
                self.images.append((x0, h - y1, x1, h - y0))
        elif kind == _FORM and depth < MAX_OBJECT_DEPTH:
            inner = _compose(self._matrix(obj), outer)
            for j in range(pc.form_count(obj)):
                child = pc.form_object(obj, j)
                self._object(child, _object_type(child), inner, depth + 1)

    def _matrix(self, obj) -> Matrix:
        f = self._floats
        if not pc.object_matrix(obj, f):
            return IDENTITY
        return (f[0], f[1], f[2], f[3], f[4], f[5])

    def _bounds(self, obj) -> tuple[float, float, float, float] | None:
        f, at = self._floats, self._f
        if not pc.object_bounds(obj, at[0], at[1], at[2], at[3]):
            return None
        return (f[0], f[1], f[2], f[3])

    def _visible(self, obj) -> bool:
        """Whether a path shows: stroked, or filled with a colour other than white.

        pdfplumber counts every path; here invisible ones are skipped, because word
        processors paint each table cell's white background inset from its borders (corpus
        006), which would add a narrow empty column beside every real one. A filled thin
        rectangle, the way many publishers draw a ruling line, still counts.
        """
        modes = self._modes
        if not pc.draw_mode(obj, modes, modes + 1):
            return True
        fill_mode, stroke = modes[0], modes[1]
        c, at = self._colour, self._c
        if stroke:
            ok = pc.stroke_color(obj, at[0], at[1], at[2], at[3])
            if not ok or _shows(c[0], c[1], c[2], c[3]):
                return True
        if fill_mode:
            ok = pc.fill_color(obj, at[0], at[1], at[2], at[3])
            if not ok or _shows(c[0], c[1], c[2], c[3]):
                return True
        return False

    def _path_edges(self, obj, matrix: Matrix) -> None:
        """The straight, axis-aligned pieces of a path as edges (rect sides included)."""
        n = pc.count_segments(obj)
        if n <= 1:
            return
        n = min(n, MAX_SEGMENTS_PER_PATH)
        a, b, c, d, e, f = matrix
        floats = self._floats
        px, py = self._f[0], self._f[1]
        get_segment, get_point, get_type, get_close = _get_segment, _get_point, _get_type, _get_close
        add = self._add_edge
        started = False  # a MOVETO was met: (sx, sy) is where the subpath starts
        sx = sy = qx = qy = 0.0  # (qx, qy): the previous point, once there is one
        have_prev = False
        for i in range(n):
            seg = get_segment(obj, i)
            if not get_point(seg, px, py):
                continue
            x, y = floats[0], floats[1]
            tx = a * x + c * y + e
            ty = b * x + d * y + f
            kind = get_type(seg)
            if kind == _MOVETO:
                sx, sy = qx, qy = tx, ty
                started = have_prev = True
                continue
            if kind == _LINETO and have_prev:
                add(qx, qy, tx, ty)
            qx, qy, have_prev = tx, ty, True
            if started and get_close(seg):
                add(tx, ty, sx, sy)
                qx, qy = sx, sy

    def _add_edge(self, xa: float, ya: float, xb: float, yb: float) -> None:
        if abs(ya - yb) < 1e-3:
            x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
            y = self.page_height - ya
            self.edges.append(self.edge("h", x0, y, x1, y))
        elif abs(xa - xb) < 1e-3:
            h = self.page_height
            self.edges.append(self.edge("v", xa, h - max(ya, yb), xa, h - min(ya, yb)))


def _shows(r: int, g: int, b: int, a: int) -> bool:
    """A colour that is not transparent and darker than near-white."""
    return a > 0 and min(r, g, b) < 250


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
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


def _transform_box(box, m: Matrix):
    x0, y0, x1, y1 = box
    pts = [_apply(m, x, y) for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)
