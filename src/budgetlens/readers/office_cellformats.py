"""Number formats of spreadsheet cells, which calamine does not expose.

``CellFormats.for_sheet(name)`` maps absolute (row, col) to a format code for numeric cells
that have a non-General format. XLSX formats come from styles.xml and the sheet parts (read
with lxml, no entity expansion); XLS formats from xlrd's XF records, loaded one sheet at a
time; ODS has none here (General rendering applies).
"""

from __future__ import annotations

import io
import posixpath
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

    def __init__(self, loader: Callable[[str], SheetFormats]):
        self._loader = loader
        self._cache: dict[str, SheetFormats] = {}

    def for_sheet(self, name: str) -> SheetFormats:
        if name not in self._cache:
            try:
                self._cache[name] = self._loader(name)
            except Exception:  # formats only refine precision; values still read without them
                self._cache[name] = {}
        return self._cache[name]


def cell_formats(path: str, fmt: str) -> CellFormats:
    if fmt == "xlsx":
        return CellFormats(_XlsxFormats(path).sheet)
    if fmt == "xls":
        return CellFormats(_XlsFormats(path).sheet)
    return CellFormats(lambda _name: {})


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

    def sheet(self, name: str) -> SheetFormats:
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
    def __init__(self, path: str):
        self.path = path
        self._book = None

    def sheet(self, name: str) -> SheetFormats:
        try:
            import xlrd
        except ImportError:  # optional: General rendering is used instead
            return {}
        if self._book is None:
            self._book = xlrd.open_workbook(
                self.path, formatting_info=True, on_demand=True, logfile=_Silent()
            )
        book = self._book
        sh = book.sheet_by_name(name)
        out: SheetFormats = {}
        for r in range(sh.nrows):
            for c in range(sh.row_len(r)):
                if sh.cell_type(r, c) != xlrd.XL_CELL_NUMBER:
                    continue
                xf = book.xf_list[sh.cell_xf_index(r, c)]
                fmt = book.format_map.get(xf.format_key)
                if fmt is not None and fmt.format_str not in (GENERAL, "general"):
                    out[(r, c)] = fmt.format_str
        book.unload_sheet(name)
        return out


class _Silent:
    def write(self, _text: str) -> None:
        pass
