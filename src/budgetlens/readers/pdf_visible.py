"""What a PDF page shows, as opposed to what its text layer holds.

Spreadsheet programs print a tall cell that runs over a page break by writing the cell's
whole text on every page it spans, each time clipped to the part that page shows (corpus
052, exported by WPS 表格: the 主要职能 cell is in the text layer of pages 3 and 4; LibreOffice
Calc does the same). Read naively, every sentence comes twice, once on a page where nobody
can see it. Two tests tell the shown text from the hidden:

- the page's visible box is its CropBox intersected with its MediaBox: a character whose
  centre lies outside it is never shown;
- on a page where text runs outside that box (the signature of such a cell), a character
  whose centre lies outside its text object's clip path is not shown either. Only
  top-level objects are tested: their clip paths are in page space, while those of text
  inside form XObjects are not (a Word cover title sits in a 72-point form box).

The clip test is not applied to every page: reading clip paths costs more than the rest
of the page, and a word clipped by its own table cell ("采购组织形式" losing its last line
to the cell border, corpus 044) is better read whole than dropped.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from . import pdfium_calls as pc

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF user space


def visible_box(page: pdfium.PdfPage) -> Box:
    """The CropBox clipped to the MediaBox: what a viewer shows of the page."""
    cl, cb, cr, ct = page.get_cropbox()
    ml, mb, mr, mt = page.get_mediabox()
    left, bottom = max(cl, ml), max(cb, mb)
    right, top = min(cr, mr), min(ct, mt)
    if right <= left or top <= bottom:  # a degenerate crop box: fall back on the media box
        return ml, mb, mr, mt
    return left, bottom, right, top


def clipped_chars(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    candidates: list[tuple[int, float, float]],
) -> set[int]:
    """Indexes (into the text page) of the candidates hidden by their object's clip path.

    ``candidates`` are (char index, centre x, centre y) in PDF user space. Objects are
    told apart by their pointers (cffi pointers compare and hash by address).
    """
    top_level = _top_level_text_objects(page)
    boxes: dict = {}
    hidden: set[int] = set()
    tp = pc.handle(textpage.raw)
    text_object = pc.text_object
    for index, x, y in candidates:
        obj = text_object(tp, index)
        if not obj or obj not in top_level:
            continue
        box = boxes.get(obj, _UNSEEN)
        if box is _UNSEEN:
            box = boxes[obj] = _clip_box(obj)
        if box is not None and not (box[0] <= x <= box[2] and box[1] <= y <= box[3]):
            hidden.add(index)
    return hidden


_UNSEEN = object()


def _top_level_text_objects(page: pdfium.PdfPage) -> set:
    handle = pc.handle(page.raw)
    objects = (pc.page_object(handle, i) for i in range(pc.count_objects(handle)))
    return {obj for obj in objects if pc.object_type(obj) == raw.FPDF_PAGEOBJ_TEXT}


def _clip_box(obj) -> Box | None:
    """The bounding box of an object's clip path (the intersection of its paths' boxes),
    None when it has none. Curved or odd paths are boxed by their points, which can only
    make the box larger, so nothing shown is ever dropped because of it."""
    clip = pc.clip_path(obj)
    if not clip:
        return None
    n = pc.clip_count_paths(clip)
    if n <= 0:
        return None
    point = pc.ffi.new("float[2]")
    px, py = point, point + 1
    left, bottom, right, top = -1e9, -1e9, 1e9, 1e9
    for k in range(n):
        xs: list[float] = []
        ys: list[float] = []
        for s in range(max(pc.clip_count_segments(clip, k), 0)):
            seg = pc.clip_segment(clip, k, s)
            if seg and pc.segment_point(seg, px, py):
                xs.append(point[0])
                ys.append(point[1])
        if not xs:
            continue
        left, bottom = max(left, min(xs)), max(bottom, min(ys))
        right, top = min(right, max(xs)), min(top, max(ys))
    if left == -1e9:
        return None
    return left, bottom, right, top
