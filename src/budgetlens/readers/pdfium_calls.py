"""The pdfium entry points of the PDF reader's hot loops, called through cffi.

pypdfium2 binds pdfium with ctypes, which spends more on converting each call's arguments
and result than pdfium spends answering the simplest of these questions; the reader asks
them once per character, page object and path segment, hundreds of thousands of times a
document. Through cffi the same native functions cost less to call: the per-char loop over
the corpus PDFs runs about 20% faster, the page-object walk about a third faster. The
functions are taken by address from pypdfium2's own bindings, so they are those of the
library pypdfium2 loaded and initialised; its declarations are left as they are.

Handles are cffi pointers (``handle(page.raw)``); values come back through buffers made
with ``ffi.new`` once per page, never per call.
"""

from __future__ import annotations

import ctypes

import cffi
import pypdfium2.raw as raw

ffi = cffi.FFI()


def _bind(fn, signature: str):
    """The native function behind pypdfium2's ``fn``, callable through cffi."""
    return ffi.cast(signature, ctypes.cast(fn, ctypes.c_void_p).value)


def handle(obj):
    """A pypdfium2 handle (``page.raw``, ``textpage.raw``) as the pointer these take."""
    return ffi.cast("void *", ctypes.cast(obj, ctypes.c_void_p).value or 0)


# paths
get_segment = _bind(raw.FPDFPath_GetPathSegment, "void *(*)(void *, int)")
segment_point = _bind(raw.FPDFPathSegment_GetPoint, "int (*)(void *, float *, float *)")
segment_type = _bind(raw.FPDFPathSegment_GetType, "int (*)(void *)")
segment_close = _bind(raw.FPDFPathSegment_GetClose, "int (*)(void *)")
count_segments = _bind(raw.FPDFPath_CountSegments, "int (*)(void *)")
draw_mode = _bind(raw.FPDFPath_GetDrawMode, "int (*)(void *, int *, int *)")

# page objects
count_objects = _bind(raw.FPDFPage_CountObjects, "int (*)(void *)")
page_object = _bind(raw.FPDFPage_GetObject, "void *(*)(void *, int)")
object_type = _bind(raw.FPDFPageObj_GetType, "int (*)(void *)")
object_matrix = _bind(raw.FPDFPageObj_GetMatrix, "int (*)(void *, float *)")  # FS_MATRIX: a..f
object_bounds = _bind(
    raw.FPDFPageObj_GetBounds, "int (*)(void *, float *, float *, float *, float *)"
)
stroke_color = _bind(
    raw.FPDFPageObj_GetStrokeColor,
    "int (*)(void *, unsigned int *, unsigned int *, unsigned int *, unsigned int *)",
)
fill_color = _bind(
    raw.FPDFPageObj_GetFillColor,
    "int (*)(void *, unsigned int *, unsigned int *, unsigned int *, unsigned int *)",
)
form_count = _bind(raw.FPDFFormObj_CountObjects, "int (*)(void *)")
form_object = _bind(raw.FPDFFormObj_GetObject, "void *(*)(void *, unsigned long)")

# text
count_chars = _bind(raw.FPDFText_CountChars, "int (*)(void *)")
char_unicode = _bind(raw.FPDFText_GetUnicode, "unsigned int (*)(void *, int)")
char_is_generated = _bind(raw.FPDFText_IsGenerated, "int (*)(void *, int)")
loose_char_box = _bind(raw.FPDFText_GetLooseCharBox, "int (*)(void *, int, float *)")  # FS_RECTF
char_origin = _bind(raw.FPDFText_GetCharOrigin, "int (*)(void *, int, double *, double *)")

# clip paths (pages with text that runs off them)
text_object = _bind(raw.FPDFText_GetTextObject, "void *(*)(void *, int)")
clip_path = _bind(raw.FPDFPageObj_GetClipPath, "void *(*)(void *)")
clip_count_paths = _bind(raw.FPDFClipPath_CountPaths, "int (*)(void *)")
clip_count_segments = _bind(raw.FPDFClipPath_CountPathSegments, "int (*)(void *, int)")
clip_segment = _bind(raw.FPDFClipPath_GetPathSegment, "void *(*)(void *, int, int)")
