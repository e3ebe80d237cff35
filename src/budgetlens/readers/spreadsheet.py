"""XLS, XLSX and ODS workbooks through python-calamine.

Each sheet becomes blocks in row order: title rows, "编制单位：… 单位：元" rows and notes as
Paragraphs, table regions as Grids, so the table recognizer sees the title and the money unit
right before the grid as it would in a PDF. Sheets that hold only narrative (one text cell per
row) become Paragraphs. Every cell keeps its sheet and A1 reference, and every number comes
back as the text the sheet shows (see ``office_numfmt``), not as a float.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import ReadError
from ..model import Block, Cell, Document, Grid, Location, Paragraph
from ..numbers import is_placeholder, looks_like_code, parse_number
from .office_cellformats import CellFormats, cell_formats
from .office_numfmt import format_number
from .office_ods import OdsSheet, read_ods_sheets
from .office_zip import check_office_zip
from .sheet_extent import check_sheet_extent

PLACEHOLDER_WARNING = "模板占位符（XX、x,xxx），无实际数据"

# Rows that say who prepared the table and in what unit: paragraphs, never table rows.
_META_RE = re.compile(
    r"^[（(]?\s*(?:编制单位|预算单位|填报单位|单位名称|部门名称|部门|金额单位|计量单位|单位)\s*[:：]"
)
_NOTE_RE = re.compile(r"^[（(]?\s*(?:注|说明|备注|数据来源|填表说明)\s*[0-9一二三四]*\s*[:：）)]")
_TITLE_RE = re.compile(r"表|^第.{1,3}部分|^[一二三四五六七八九十]+、")
_TOTAL_RE = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|收入总计|支出总计)$")
# Template residue inside running text: XX（单位）, x,xxx万元, xx.xx, 待填写.
_PLACEHOLDER_IN_TEXT = re.compile(
    r"(?<![A-Za-z])(?:[xX]{2,}|[xX]{1,3}[,，][xX]{3}|[xX]{1,3}\.[xX]{1,2})(?![A-Za-z])|待填写"
)

SPREADSHEET_FORMATS = ("xls", "xlsx", "ods")


def read(path: str) -> Document:
    """Read a workbook; raises ReadError naming the file when it cannot be read."""
    import python_calamine as pc

    from . import detect_format

    fmt = detect_format(path)
    if fmt not in SPREADSHEET_FORMATS:
        raise ReadError(path, f"not a spreadsheet (content looks like {fmt})")
    if fmt in ("xlsx", "ods"):
        check_office_zip(path)
    if fmt == "xls" and _is_encrypted_ooxml(path):
        raise ReadError(path, "password-protected (encrypted) workbook: cannot be read")
    check_sheet_extent(path, fmt)  # before calamine: its failed allocations abort the process
    workbook = _open(path)
    formats = cell_formats(path, fmt)
    ods = _ods_extras(path) if fmt == "ods" else {}
    doc = Document(path=path, format=fmt, blocks=[])
    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        if meta.visible != pc.SheetVisibleEnum.Visible:
            doc.warnings.append(f"隐藏工作表「{meta.name}」未读取")
            continue
        sheet = workbook.get_sheet_by_index(index)
        doc.blocks.extend(_sheet_blocks(path, sheet, formats, ods.get(meta.name)))
    if not doc.blocks:
        raise ReadError(path, "empty workbook: no sheet holds any content")
    _mark_placeholder_only(doc)
    return doc


def _ods_extras(path: str) -> dict[str, OdsSheet]:
    try:
        return read_ods_sheets(path)
    except ReadError:
        raise
    except Exception:  # merges and shown text refine the reading; values come from calamine
        return {}


def _open(path: str):
    import python_calamine as pc

    try:
        return pc.CalamineWorkbook.from_path(path)
    except pc.PasswordError:
        raise ReadError(path, "password-protected workbook: cannot be read") from None
    except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError, OSError) as e:
        if _is_encrypted_ooxml(path):
            raise ReadError(
                path, "password-protected (encrypted) workbook: cannot be read"
            ) from None
        raise ReadError(path, f"damaged or unsupported workbook ({_short(e)})") from None


def _is_encrypted_ooxml(path: str) -> bool:
    """An encrypted XLSX is an OLE2 file holding an 'EncryptedPackage' stream."""
    with open(path, "rb") as f:
        head = f.read(512 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in head


def _short(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:160]


# ---------------------------------------------------------------------------
# One sheet as absolute-coordinate text
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Sheet:
    """Cell texts and merges in absolute (row, col) coordinates, as merges are given."""

    name: str
    texts: dict[tuple[int, int], str]
    first_row: int
    last_row: int
    spans: dict[tuple[int, int], tuple[int, int]] = field(
        default_factory=dict
    )  # top-left -> rs, cs
    covered: set[tuple[int, int]] = field(default_factory=set)

    def by_row(self) -> dict[int, list[int]]:
        """Row -> columns holding text or the top-left of a merge, sorted."""
        out: dict[int, set[int]] = {}
        for r, c in list(self.texts) + list(self.spans):
            out.setdefault(r, set()).add(c)
        return {r: sorted(cols) for r, cols in out.items()}


def _load_sheet(sheet, formats: CellFormats, ods: OdsSheet | None = None) -> _Sheet | None:
    if sheet.start is None:
        return None
    # to_python() starts at sheet.start (the first non-empty cell); merges are absolute.
    r0, c0 = sheet.start
    data = sheet.to_python()
    numeric_rows = [i for i, row in enumerate(data) if any(map(_is_number, row))]
    fmt_map = formats.for_sheet(sheet.name, r0 + numeric_rows[-1]) if numeric_rows else {}
    shown = ods.shown if ods is not None else {}
    texts: dict[tuple[int, int], str] = {}
    for i, row in enumerate(data):
        for j, value in enumerate(row):
            text = shown.get((r0 + i, c0 + j)) if isinstance(value, float | int) else None
            text = text or _cell_text(value, fmt_map.get((r0 + i, c0 + j)))
            if text:
                texts[(r0 + i, c0 + j)] = text
    if not texts:
        return None
    last_row = r0 + len(data) - 1
    last_col = c0 + max((len(r) for r in data), default=1) - 1
    result = _Sheet(sheet.name, texts, r0, last_row)
    merges = sheet.merged_cell_ranges or (ods.merges if ods is not None else [])
    for (top, left), (bottom, right) in merges:
        if top > last_row or left > last_col:
            continue  # a formatted-but-empty merge below or beside the data
        bottom, right = min(bottom, last_row), min(right, last_col)
        if (bottom, right) == (top, left):
            continue
        result.spans[(top, left)] = (bottom - top + 1, right - left + 1)
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    result.covered.add((r, c))
                    texts.pop((r, c), None)
    return result


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell_text(value, number_format: str | None) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(value, number_format)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


# ---------------------------------------------------------------------------
# Rows into paragraphs and grids
# ---------------------------------------------------------------------------


def _sheet_blocks(
    path: str, sheet, formats: CellFormats, ods: OdsSheet | None = None
) -> list[Block]:
    loaded = _load_sheet(sheet, formats, ods)
    if loaded is None:
        return []
    return _Segmenter(path, loaded).run()


class _Segmenter:
    """Walks the rows once, opening a table at the first multi-cell row and closing it at a
    title, a note, a meta row, or a new header row after blank rows."""

    def __init__(self, path: str, sheet: _Sheet):
        self.path, self.sheet = path, sheet
        self.blocks: list[Block] = []
        self.table_rows: list[int] = []
        self.blank_before = True
        self.slots = sheet.by_row()

    def run(self) -> list[Block]:
        texts = self.sheet.texts
        for r in range(self.sheet.first_row, self.sheet.last_row + 1):
            cells = [(c, texts[(r, c)]) for c in self.slots.get(r, ()) if (r, c) in texts]
            self._row(r, cells)
            self.blank_before = not cells
        self._close_table()
        return self.blocks

    def _row(self, r: int, cells: list[tuple[int, str]]) -> None:
        in_table = bool(self.table_rows)
        if not cells:
            if in_table:
                self.table_rows.append(r)
            return
        texts = [t for _, t in cells]
        if any(_META_RE.match(t) for t in texts) and not _numeric_any(texts):
            self._close_table()
            for c, t in cells:
                self._paragraphs(r, c, t)
            return
        if len(cells) == 1:
            c, t = cells[0]
            if not in_table or self._ends_table(t):
                self._close_table()
                self._paragraphs(r, c, t)
                return
        elif in_table and self.blank_before and _header_like(texts):
            self._close_table()
        self.table_rows.append(r)

    def _ends_table(self, text: str) -> bool:
        if _NOTE_RE.match(text):
            return True
        return self.blank_before and not _TOTAL_RE.match(text) and bool(_TITLE_RE.search(text))

    def _paragraphs(self, r: int, c: int, text: str) -> None:
        loc = Location(path=self.path, sheet=self.sheet.name, cell=_a1(r, c))
        for line in text.splitlines():
            line = line.strip()
            if line:
                self.blocks.append(Paragraph(text=line, location=loc))

    def _close_table(self) -> None:
        rows = self.table_rows
        while rows and rows[-1] not in self.slots:
            rows.pop()
        if rows:
            self.blocks.append(self._grid(rows))
        self.table_rows = []

    def _grid(self, rows: list[int]) -> Grid:
        sheet = self.sheet
        top, bottom = rows[0], rows[-1]
        slots = [(r, c) for r in range(top, bottom + 1) for c in self.slots.get(r, ())]
        left = min(c for _, c in slots)
        right = max(c + sheet.spans.get((r, c), (1, 1))[1] - 1 for r, c in slots)
        grid_rows: list[list[Cell]] = []
        for r in range(top, bottom + 1):
            row_cells: list[Cell] = []
            for c in range(left, right + 1):
                text = sheet.texts.get((r, c), "")
                span = sheet.spans.get((r, c))
                if not text and span is None:
                    continue
                rowspan, colspan = span or (1, 1)
                row_cells.append(
                    Cell(
                        text=text,
                        row=r - top,
                        col=c - left,
                        rowspan=min(rowspan, bottom - r + 1),
                        colspan=min(colspan, right - c + 1),
                        location=Location(path=self.path, sheet=sheet.name, cell=_a1(r, c)),
                        placeholder=_maybe_placeholder(text),
                    )
                )
            grid_rows.append(row_cells)
        return Grid(
            rows=grid_rows,
            n_cols=right - left + 1,
            location=Location(
                path=self.path, sheet=sheet.name, cell=f"{_a1(top, left)}:{_a1(bottom, right)}"
            ),
            caption=sheet.name,
        )


_PLACEHOLDER_CHARS = re.compile(r"[xX×*待填]")


def _maybe_placeholder(text: str) -> bool:
    """is_placeholder, skipped for the many cells that cannot be one."""
    return bool(_PLACEHOLDER_CHARS.search(text)) and is_placeholder(text)


def _numeric_any(texts: list[str]) -> bool:
    return any(parse_number(t) is not None for t in texts)


def _header_like(texts: list[str]) -> bool:
    """A row of labels only: after blank rows it starts a new table."""
    return not _TOTAL_RE.match(texts[0]) and not any(
        parse_number(t) is not None or is_placeholder(t) or t in ("…", "...") for t in texts
    )


def _a1(row: int, col: int) -> str:
    return f"{_column_letters(col)}{row + 1}"


@lru_cache(maxsize=4096)
def _column_letters(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def is_figure(text: str) -> bool:
    """A cell that states an amount or count, not a classification-code fragment."""
    if parse_number(text) is None or looks_like_code(text):
        return False
    return not (text.isdigit() and len(text) <= 2 and text.startswith("0"))


def _mark_placeholder_only(doc: Document) -> None:
    """A template (XX, x,xxx where figures go) with no figure at all is said to be one."""
    has_placeholder = False
    for block in doc.blocks:
        if isinstance(block, Grid):
            for row in block.rows:
                for cell in row:
                    if is_figure(cell.text):
                        return
                    has_placeholder |= cell.placeholder or bool(
                        _PLACEHOLDER_IN_TEXT.search(cell.text)
                    )
        elif isinstance(block, Paragraph):
            has_placeholder |= bool(_PLACEHOLDER_IN_TEXT.search(block.text))
    if has_placeholder:
        doc.placeholder_only = True
        doc.warnings.append(PLACEHOLDER_WARNING)
