"""Refuse a workbook whose cell positions would make calamine allocate past any sane size.

calamine stores each sheet as one dense grid from its first to its last non-empty cell, so two
cells at A1 and XFD1048576 in a 5 KB file ask for 17 billion slots; the allocation fails inside
Rust, which aborts the process where Python cannot catch it. Likewise a damaged XLS whose
sector chain loops grows one buffer until the allocator gives up. Both are checked here, on
the file's own structure, before calamine sees it: the positions of the cells that hold a value
(empty styled cells do not count, calamine skips them too) and the OLE2 sector chains.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..errors import ReadError
from .office_zip import ZIP_ERRORS, read_member, zip_problem

# A real disclosure sheet has a few thousand cells; 10 million is a 700,000-row export with 14
# columns, and costs calamine about 320 MB.
MAX_SHEET_CELLS = 10_000_000

_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,7})\$?([0-9]{1,12})$")


@dataclass(slots=True)
class Extent:
    """Rows and columns spanned by the cells that hold a value (0-based, inclusive)."""

    top: int = -1
    left: int = -1
    bottom: int = -1
    right: int = -1

    def add(self, row: int, col: int) -> None:
        if self.top < 0:
            self.top, self.bottom, self.left, self.right = row, row, col, col
            return
        self.top, self.bottom = min(self.top, row), max(self.bottom, row)
        self.left, self.right = min(self.left, col), max(self.right, col)

    @property
    def cells(self) -> int:
        if self.top < 0:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)

    def describe(self) -> str:
        return f"{a1(self.top, self.left)} to {a1(self.bottom, self.right)}"


def a1(row: int, col: int) -> str:
    letters, col = "", col + 1
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def check_sheet_extent(path: str, fmt: str) -> None:
    """Raise ReadError when a sheet of the workbook would span more than MAX_SHEET_CELLS,
    or a part declares more entries than it can hold (calamine reserves room for them)."""
    if fmt == "xlsx":
        _check_shared_strings(path)
        sheets = _xlsx_extents(path)
    elif fmt == "ods":
        sheets = _ods_extents(path)
    elif fmt == "xls":
        sheets = _xls_extents(path)
    else:
        return
    for name, extent in sheets:
        if extent.cells > MAX_SHEET_CELLS:
            raise ReadError(
                path,
                f"sheet {name} has cells from {extent.describe()} ({extent.cells:,} cells; "
                f"the limit is {MAX_SHEET_CELLS:,}): refused as damaged",
            )


def _iterparse(data: bytes, tags: tuple[str, ...], events=("end",)):
    return etree.iterparse(
        io.BytesIO(data),
        events=events,
        tag=tags,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )


# ---------------------------------------------------------------------------
# XLSX: <row r="…"> and <c r="…"> of every worksheet part
# ---------------------------------------------------------------------------


def _xlsx_extents(path: str) -> list[tuple[str, Extent]]:
    try:
        with zipfile.ZipFile(path) as z:
            parts = [n for n in z.namelist() if _may_be_worksheet(n)]
            return [(n, _xlsx_extent(read_member(path, z, n))) for n in parts]
    except (*ZIP_ERRORS, OSError) as e:
        raise ReadError(path, zip_problem(e)) from None
    except etree.XMLSyntaxError as e:
        raise ReadError(path, f"damaged worksheet XML ({e})") from None


def _check_shared_strings(path: str) -> None:
    """calamine reserves room for the count an <sst> declares (2 billion strings: 48 GB); a
    string takes at least five bytes of the part (<si/>), which bounds an honest count."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = [i for i in z.infolist() if i.filename.lower().endswith("sharedstrings.xml")]
            for info in parts:
                with z.open(info) as f:
                    head = f.read(4096)
                for attr in (b"uniqueCount", b"count"):
                    m = re.search(rb"<(?:\w+:)?sst\b[^>]*?\s" + attr + rb'\s*=\s*"(\d+)"', head)
                    if m and int(m.group(1)) > info.file_size // 5 + 1:
                        raise ReadError(
                            path,
                            f"shared strings part {info.filename} declares {int(m.group(1)):,} "
                            f"strings in {info.file_size:,} bytes: refused as damaged",
                        )
    except (*ZIP_ERRORS, OSError) as e:
        raise ReadError(path, zip_problem(e)) from None


_NOT_WORKSHEETS = ("sharedstrings.xml", "styles.xml", "workbook.xml", "[content_types].xml")


def _may_be_worksheet(name: str) -> bool:
    """Any XML part but the few that are surely not a sheet: the workbook's relationships
    may put a worksheet anywhere, and a part without <c> cells costs one quick parse."""
    lowered = name.lower()
    return (
        lowered.endswith(".xml")
        and not lowered.endswith(_NOT_WORKSHEETS)
        and not lowered.startswith(("docprops/", "customxml/"))
        and "/theme/" not in lowered
    )


def _xlsx_extent(data: bytes) -> Extent:
    """Where calamine would place each valued cell: its r attribute, else the next slot."""
    extent = Extent()
    row, col = -1, -1
    for event, el in _iterparse(data, ("{*}row", "{*}c"), events=("start", "end")):
        is_row = el.tag.endswith("row")
        if event == "start":
            if is_row:
                r = el.get("r", "")
                row = int(r) - 1 if r.isdigit() else row + 1
                col = -1
            continue
        if not is_row:
            ref = _CELL_REF.match(el.get("r", ""))
            if ref:
                col = _column_index(ref.group(1))
                row = int(ref.group(2)) - 1
            else:
                col += 1
            if any(_local(child) in ("v", "is") for child in el):
                extent.add(max(row, 0), max(col, 0))
        el.clear()
    return extent


def _column_index(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col - 1


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# ---------------------------------------------------------------------------
# ODS: rows and cells counted with their repeat counts, never expanded
# ---------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _ods_extents(path: str) -> list[tuple[str, Extent]]:
    try:
        with zipfile.ZipFile(path) as z:
            data = read_member(path, z, "content.xml")
    except KeyError:
        return []  # calamine reports the missing part itself
    except (*ZIP_ERRORS, OSError) as e:
        raise ReadError(path, zip_problem(e)) from None
    out = []
    try:
        for _event, table in _iterparse(data, (f"{{{_TABLE}}}table",)):
            out.append((table.get(f"{{{_TABLE}}}name", "?"), _ods_extent(table)))
            table.clear()
    except etree.XMLSyntaxError as e:
        raise ReadError(path, f"damaged spreadsheet XML ({e})") from None
    return out


def _ods_extent(table) -> Extent:
    extent = Extent()
    row = 0
    for tr in table.iter(f"{{{_TABLE}}}table-row"):
        rows = _count(tr.get(f"{{{_TABLE}}}number-rows-repeated"))
        col = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or not cell.tag.endswith("table-cell"):
                continue
            cols = _count(cell.get(f"{{{_TABLE}}}number-columns-repeated"))
            if cell.get(f"{{{_OFFICE}}}value-type") or len(cell):
                extent.add(row, col)
                extent.add(row + rows - 1, col + cols - 1)
            col += cols
        row += rows
    return extent


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


# ---------------------------------------------------------------------------
# XLS: the OLE2 container's sector chains, then the BIFF8 cell records of each sheet
# ---------------------------------------------------------------------------

_BOUNDSHEET, _BOF, _EOF = 0x0085, 0x0809, 0x000A
# Records that put a value in a cell: row, then column, at the start of the record body.
_VALUE_RECORDS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6})
_MULRK = 0x00BD


def _xls_extents(path: str) -> list[tuple[str, Extent]]:
    stream = workbook_stream(path)
    out = []
    for name, offset in _boundsheets(stream):
        out.append((name, _biff_extent(stream, offset)))
    return out


def workbook_stream(path: str) -> bytes:
    """The Workbook stream of an OLE2 file; ReadError when a sector chain loops or is damaged."""
    from xlrd import compdoc

    with open(path, "rb") as f:
        mem = f.read()
    try:
        doc = compdoc.CompDoc(mem, logfile=_Silent())
        for name in ("Workbook", "Book"):
            stream = doc.get_named_stream(name)
            if stream:
                return bytes(stream)
    except (compdoc.CompDocError, IndexError, struct.error, ValueError) as e:
        raise ReadError(path, f"damaged or unsupported workbook (OLE2 container: {e})") from None
    return b""


def _boundsheets(mem: bytes) -> list[tuple[str, int]]:
    sheets, pos, end = [], 0, len(mem)
    while pos + 4 <= end:
        code, length = struct.unpack_from("<HH", mem, pos)
        body = pos + 4
        if code == _BOUNDSHEET and length >= 8 and body + 8 <= end:
            offset = struct.unpack_from("<I", mem, body)[0]
            sheets.append((f"#{len(sheets) + 1}", offset))
        elif code == _EOF:
            break
        pos = body + length
    return sheets


def _biff_extent(mem: bytes, start: int) -> Extent:
    extent = Extent()
    pos, end = start, len(mem)
    unpack = struct.unpack_from
    while pos + 4 <= end:
        code, length = unpack("<HH", mem, pos)
        body = pos + 4
        if body + length > end:
            break
        if code in _VALUE_RECORDS and length >= 4:
            extent.add(*unpack("<HH", mem, body))
        elif code == _MULRK and length >= 6:
            row, first = unpack("<HH", mem, body)
            last = unpack("<H", mem, body + length - 2)[0]
            extent.add(row, first)
            extent.add(row, max(first, last))
        elif code == _EOF:
            break
        pos = body + length
    return extent


class _Silent:
    def write(self, _text: str) -> None:
        pass
