"""Number formats of spreadsheet cells, which calamine does not expose.

``CellFormats.for_sheet(name)`` maps absolute (row, col) to a format code for numeric cells
that have a non-General format. XLSX formats come from styles.xml and the sheet parts (read
with lxml, no entity expansion); XLS formats from the BIFF8 FORMAT/XF and cell records (xlrd
only opens the OLE container). Sheets are read on first use. ODS has none here: General
rendering applies, so a trailing written zero ("1480.30") is lost there.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from collections.abc import Callable

from lxml import etree

from .office_numfmt import BUILTIN_FORMATS, GENERAL
from .office_zip import read_member

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

SheetFormats = dict[tuple[int, int], str]


def safe_xml_parser() -> etree.XMLParser:
    """An lxml parser for untrusted XML: no entities, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


class CellFormats:
    """Lazy, per-sheet lookup of number format codes."""

    def __init__(self, loader: Callable[[str, int | None], SheetFormats]):
        self._loader = loader
        self._cache: dict[str, SheetFormats] = {}

    def for_sheet(self, name: str, last_row: int | None = None) -> SheetFormats:
        """Formats of the sheet's numeric cells; rows past ``last_row`` may be left out."""
        if name not in self._cache:
            try:
                self._cache[name] = self._loader(name, last_row)
            except Exception:  # formats only refine precision; values still read without them
                self._cache[name] = {}
        return self._cache[name]


def cell_formats(path: str, fmt: str) -> CellFormats:
    if fmt == "xlsx":
        return CellFormats(_XlsxFormats(path).sheet)
    if fmt == "xls":
        return CellFormats(_XlsFormats(path).sheet)
    return CellFormats(lambda _name, _last_row: {})


class _XlsxFormats:
    def __init__(self, path: str):
        self.path = path
        self._parts: dict[str, str] | None = None
        self._xf_codes: list[str] = []

    def _load_workbook(self, z: zipfile.ZipFile) -> None:
        parser = safe_xml_parser()
        names = set(z.namelist())
        codes = dict(BUILTIN_FORMATS)
        if "xl/styles.xml" in names:
            styles = etree.fromstring(read_member(self.path, z, "xl/styles.xml"), parser)
            for nf in styles.iter(f"{_MAIN}numFmt"):
                codes[int(nf.get("numFmtId", "0"))] = nf.get("formatCode", GENERAL)
            xfs = styles.find(f"{_MAIN}cellXfs")
            if xfs is not None:
                self._xf_codes = [
                    codes.get(int(xf.get("numFmtId", "0")), GENERAL)
                    for xf in xfs.iter(f"{_MAIN}xf")
                ]
        rels = etree.fromstring(read_member(self.path, z, "xl/_rels/workbook.xml.rels"), parser)
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
        book = etree.fromstring(read_member(self.path, z, "xl/workbook.xml"), parser)
        self._parts = {}
        for sh in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sh.get(f"{_REL}id"), "")
            part = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            self._parts[sh.get("name", "")] = part

    def sheet(self, name: str, _last_row: int | None = None) -> SheetFormats:
        with zipfile.ZipFile(self.path) as z:
            if self._parts is None:
                self._load_workbook(z)
            part = (self._parts or {}).get(name)
            if not part or not self._xf_codes:
                return {}
            data = read_member(self.path, z, part)
        return _xlsx_sheet_formats(data, self._xf_codes)


def _xlsx_sheet_formats(data: bytes, xf_codes: list[str]) -> SheetFormats:
    out: SheetFormats = {}
    row_index, col_index = -1, -1
    for _event, el in etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=(f"{_MAIN}c", f"{_MAIN}row"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    ):
        if el.tag == f"{_MAIN}row":
            el.clear()
            continue
        ref = el.get("r")
        if ref:
            row_index, col_index = _parse_ref(ref)
        else:  # writers may omit r: cells then follow one another
            col_index += 1
        s = el.get("s")
        if s and el.get("t") in (None, "n"):
            xf = int(s)
            if 0 <= xf < len(xf_codes) and xf_codes[xf] != GENERAL:
                out[(row_index, col_index)] = xf_codes[xf]
        el.clear()
    return out


def _parse_ref(ref: str) -> tuple[int, int]:
    col = 0
    i = 0
    while i < len(ref) and ref[i].isalpha():
        col = col * 26 + (ord(ref[i].upper()) - 64)
        i += 1
    return int(ref[i:]) - 1, col - 1


class _XlsFormats:
    """BIFF8 read directly: xlrd only opens the OLE container; the FORMAT and XF records of
    the workbook globals, then each sheet's numeric cell records, are scanned here. This is
    several times faster than xlrd's full parse, which also decodes fonts and colours."""

    def __init__(self, path: str):
        self.path = path
        self._stream: bytes | None = None
        self._xf_codes: list[str] = []
        self._sheets: dict[str, int] = {}

    def sheet(self, name: str, last_row: int | None = None) -> SheetFormats:
        if self._stream is None:
            self._stream = _workbook_stream(self.path)
            self._xf_codes, self._sheets = _biff_globals(self._stream)
        start = self._sheets.get(name)
        if start is None or not self._xf_codes:
            return {}
        return _biff_sheet_formats(self._stream, start, self._xf_codes, last_row)


def _workbook_stream(path: str) -> bytes:
    try:
        from xlrd import compdoc
    except ImportError:  # optional: General rendering is used instead
        return b""
    with open(path, "rb") as f:
        mem = f.read()
    doc = compdoc.CompDoc(mem, logfile=_Silent())
    for name in ("Workbook", "Book"):
        try:
            return bytes(doc.get_named_stream(name) or b"")
        except compdoc.CompDocError:
            continue
    return b""


_BIFF_FORMAT, _BIFF_XF, _BIFF_BOUNDSHEET = 0x041E, 0x00E0, 0x0085


def _biff_globals(mem: bytes) -> tuple[list[str], dict[str, int]]:
    """XF index -> format code, and sheet name -> offset of its substream."""
    formats = dict(BUILTIN_FORMATS)
    xf_format_ids: list[int] = []
    sheets: dict[str, int] = {}
    pos, end = 0, len(mem)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        code, length = unpack("<HH", mem, pos)
        body = pos + 4
        if code == _BIFF_FORMAT and length >= 5:
            ifmt, cch = unpack("<HH", mem, body)
            formats[ifmt] = _biff_string(mem, body + 4, cch)
        elif code == _BIFF_XF and length >= 4:
            xf_format_ids.append(unpack("<H", mem, body + 2)[0])
        elif code == _BIFF_BOUNDSHEET and length >= 8:
            offset = unpack("<I", mem, body)[0]
            cch = mem[body + 6]
            sheets[_biff_string(mem, body + 7, cch)] = offset
        elif code == _BIFF_EOF:
            break
        pos = body + length
    return [formats.get(i, GENERAL) for i in xf_format_ids], sheets


def _biff_string(mem: bytes, pos: int, cch: int) -> str:
    """An XLUnicodeString body: a flags byte, then 8-bit or UTF-16 characters."""
    flags = mem[pos]
    if flags & 0x01:
        return mem[pos + 1 : pos + 1 + 2 * cch].decode("utf-16-le", "replace")
    return mem[pos + 1 : pos + 1 + cch].decode("latin-1")


_BIFF_NUMBER, _BIFF_RK, _BIFF_MULRK, _BIFF_FORMULA, _BIFF_EOF = (
    0x0203,
    0x027E,
    0x00BD,
    0x0006,
    0x000A,
)


_BIFF_NUMERIC = frozenset({_BIFF_NUMBER, _BIFF_RK, _BIFF_MULRK, _BIFF_FORMULA})
# Records that start with their row number; cell records come in ascending row order.
_BIFF_ROW_RECORDS = frozenset({0x0208, 0x0201, 0x00BE, 0x00FD, 0x0204, 0x0205, 0x00D6})


def _biff_sheet_formats(
    mem: bytes, start: int, xf_codes: list[str], last_row: int | None = None
) -> SheetFormats:
    """Walk one sheet substream: (row, col, XF index) of every numeric cell record,
    stopping at the first record past ``last_row``."""
    out: SheetFormats = {}
    pos, end = start, len(mem)
    unpack = struct.unpack_from
    stop_after = last_row if last_row is not None else 1 << 20

    def note(row: int, col: int, xf: int) -> None:
        if xf < len(xf_codes) and xf_codes[xf] not in (GENERAL, "general"):
            out[(row, col)] = xf_codes[xf]

    while pos + 4 <= end:
        code, length = unpack("<HH", mem, pos)
        body = pos + 4
        if code in _BIFF_ROW_RECORDS or code in _BIFF_NUMERIC:
            if length >= 2 and unpack("<H", mem, body)[0] > stop_after:
                break
        if code in (_BIFF_NUMBER, _BIFF_RK, _BIFF_FORMULA) and length >= 6:
            note(*unpack("<HHH", mem, body))
        elif code == _BIFF_MULRK and length >= 6:
            row, first = unpack("<HH", mem, body)
            for k in range((length - 6) // 6):
                note(row, first + k, unpack("<H", mem, body + 4 + 6 * k)[0])
        elif code == _BIFF_EOF:
            break
        pos = body + length
    return out


class _Silent:
    def write(self, _text: str) -> None:
        pass
