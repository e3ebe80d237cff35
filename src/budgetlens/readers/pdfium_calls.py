"""The pdfium entry points of the PDF reader's hot loops, declared with plain addresses.

pypdfium2 declares handles as typed pointers, so ctypes builds a pointer object for every
handle a call returns and checks the type of every handle passed in. The reader calls a few
functions once per character and once per path segment, hundreds of thousands of times a
document; declared here with ``c_void_p`` (a handle is a plain integer) the same native
functions cost less than half as much to call. Each is a new ctypes function object for
the same symbol, so pypdfium2's own declarations are left as they are.
"""

from __future__ import annotations

import ctypes
from ctypes import c_int, c_uint, c_ulong, c_void_p

import pypdfium2.raw as raw

_P = c_void_p


def _declare(fn, restype, *argtypes):
    """The native function behind pypdfium2's ``fn``, with the given types."""
    own = type(fn)(ctypes.cast(fn, c_void_p).value)
    own.restype = restype
    own.argtypes = argtypes
    return own


def address(handle) -> int | None:
    """A pypdfium2 handle (``page.raw``, ``textpage.raw``) as the integer these take."""
    return ctypes.cast(handle, c_void_p).value


# paths
get_segment = _declare(raw.FPDFPath_GetPathSegment, _P, _P, c_int)
segment_point = _declare(raw.FPDFPathSegment_GetPoint, c_int, _P, _P, _P)
segment_type = _declare(raw.FPDFPathSegment_GetType, c_int, _P)
segment_close = _declare(raw.FPDFPathSegment_GetClose, c_int, _P)

# text
count_chars = _declare(raw.FPDFText_CountChars, c_int, _P)
char_unicode = _declare(raw.FPDFText_GetUnicode, c_uint, _P, c_int)
char_is_generated = _declare(raw.FPDFText_IsGenerated, c_int, _P, c_int)
loose_char_box = _declare(raw.FPDFText_GetLooseCharBox, c_int, _P, c_int, _P)
char_origin = _declare(raw.FPDFText_GetCharOrigin, c_int, _P, c_int, _P, _P)

# page objects
count_objects = _declare(raw.FPDFPage_CountObjects, c_int, _P)
page_object = _declare(raw.FPDFPage_GetObject, _P, _P, c_int)
object_type = _declare(raw.FPDFPageObj_GetType, c_int, _P)
object_matrix = _declare(raw.FPDFPageObj_GetMatrix, c_int, _P, _P)
object_bounds = _declare(raw.FPDFPageObj_GetBounds, c_int, _P, _P, _P, _P, _P)
form_count = _declare(raw.FPDFFormObj_CountObjects, c_int, _P)
form_object = _declare(raw.FPDFFormObj_GetObject, _P, _P, c_ulong)
draw_mode = _declare(raw.FPDFPath_GetDrawMode, c_int, _P, _P, _P)
stroke_color = _declare(raw.FPDFPageObj_GetStrokeColor, c_int, _P, _P, _P, _P, _P)
fill_color = _declare(raw.FPDFPageObj_GetFillColor, c_int, _P, _P, _P, _P, _P)
count_segments = _declare(raw.FPDFPath_CountSegments, c_int, _P)
