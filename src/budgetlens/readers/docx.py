"""DOCX through python-docx: paragraphs and tables in body order, merges kept as spans.

Word stores a horizontal merge as one ``w:tc`` with ``w:gridSpan`` and a vertical merge as a
column of cells marked ``w:vMerge`` (restart, then continue). python-docx's ``row.cells``
repeats a spanning cell in every slot it covers, so the grid is rebuilt from the ``w:tc``
elements instead, and each merged cell appears once, at its top-left slot.

Paragraphs have no source line: their Location carries ``cell="p12"`` (12th body paragraph);
table cells carry ``table="t2"`` and ``cell="r3c2"`` (1-based row and grid column).
"""

from __future__ import annotations

import re
import zipfile

from ..errors import ReadError
from ..model import Block, Cell, Document, Grid, ImageBlock, Location, Paragraph
from ..numbers import is_placeholder
from .office_zip import check_office_zip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


def read(path: str) -> Document:
    """Read a .docx file; raises ReadError naming the file when it cannot."""
    return read_docx(path, source_path=path, fmt="docx")


def read_docx(path: str, source_path: str, fmt: str) -> Document:
    """Read ``path`` but name ``source_path`` in every location (a converted .doc)."""
    check_office_zip(path)
    document = _open(path, source_path)
    reader = _BodyReader(source_path, document)
    blocks = reader.run()
    if not blocks:
        raise ReadError(source_path, "empty Word document: no paragraph or table in its body")
    doc = Document(path=source_path, format=fmt, blocks=blocks)
    if reader.images and not reader.table_count:
        doc.warnings.append(
            f"文档没有表格：{reader.images}张图片可能是以图片插入的表格，其中的数字无法读取"
        )
    return doc


def _open(path: str, source_path: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as e:
        raise ReadError(source_path, f"damaged or incomplete Word document ({e})") from None
    except ValueError as e:  # e.g. a workbook or other package renamed to .docx
        raise ReadError(source_path, f"not a Word document ({e})") from None
    except Exception as e:  # lxml syntax errors in a truncated part
        if type(e).__name__ == "XMLSyntaxError":
            raise ReadError(source_path, f"damaged Word document XML ({e})") from None
        raise


class _BodyReader:
    def __init__(self, path: str, document):
        self.path = path
        self.document = document
        self.paragraph_count = 0
        self.table_count = 0
        self.images = 0
        self.blocks: list[Block] = []
        self.style_levels = _style_levels(document)

    def run(self) -> list[Block]:
        self._walk(self.document.element.body)
        return self.blocks

    def _walk(self, parent) -> None:
        for el in parent.iterchildren():
            if el.tag == f"{_W}p":
                self._paragraph(el)
            elif el.tag == f"{_W}tbl":
                self._table(el)
            elif el.tag == f"{_W}sdt":  # content control wrapping body content
                content = el.find(f"{_W}sdtContent")
                if content is not None:
                    self._walk(content)

    def _paragraph(self, p) -> None:
        from docx.text.paragraph import Paragraph as DocxParagraph

        self.paragraph_count += 1
        para = DocxParagraph(p, self.document)
        text = para.text.strip()
        location = Location(path=self.path, cell=f"p{self.paragraph_count}")
        if text:
            self.blocks.append(
                Paragraph(
                    text=text,
                    location=location,
                    heading_level=_heading_level(p, self.style_levels),
                )
            )
        for _ in p.iter(f"{_W}drawing", f"{_W}pict"):
            self.images += 1
            self.blocks.append(
                ImageBlock(
                    description=f"图片{self.images}（第{self.paragraph_count}段，未读取）",
                    location=location,
                )
            )

    def _table(self, tbl) -> None:
        self.table_count += 1
        table_id = f"t{self.table_count}"
        grid = table_grid(tbl, self.path, table_id)
        if grid is not None:
            self.blocks.append(grid)


def table_grid(tbl, path: str, table_id: str) -> Grid | None:
    """Rebuild a ``w:tbl`` as a Grid with rowspan/colspan from gridSpan and vMerge.

    Spans and skipped columns are capped at the table's real width (its ``w:gridCol``
    count, or its widest row of cells): a damaged gridSpan of 99999999 must not become a
    grid of a hundred million columns.
    """
    rows: list[list[Cell]] = []
    open_vertical: dict[int, Cell] = {}  # grid column -> cell a vMerge continues
    n_cols = 0
    trs = tbl.findall(f"{_W}tr")
    width = _grid_width(tbl, trs)
    for r, tr in enumerate(trs):
        col = min(_int_val(tr, f"{_W}trPr/{_W}gridBefore"), width - 1)
        row_cells: list[Cell] = []
        for tc in tr.findall(f"{_W}tc"):
            span = max(1, min(_int_val(tc, f"{_W}tcPr/{_W}gridSpan") or 1, width - col))
            merge = _vmerge(tc)
            if merge == "continue" and col in open_vertical:
                open_vertical[col].rowspan += 1
            else:
                text = _cell_text(tc)
                cell = Cell(
                    text=text,
                    row=r,
                    col=col,
                    colspan=span,
                    location=Location(path=path, table=table_id, cell=f"r{r + 1}c{col + 1}"),
                    placeholder=is_placeholder(text),
                )
                row_cells.append(cell)
                if merge == "restart":
                    open_vertical[col] = cell
                else:
                    open_vertical.pop(col, None)
            col += span
        n_cols = max(n_cols, min(col + _int_val(tr, f"{_W}trPr/{_W}gridAfter"), width), col)
        rows.append(row_cells)
    if not rows or n_cols == 0:
        return None
    return Grid(rows=rows, n_cols=n_cols, location=Location(path=path, table=table_id))


def _grid_width(tbl, trs) -> int:
    """Columns of the table: the declared grid, widened to its widest row of cells."""
    declared = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
    widest = max((len(tr.findall(f"{_W}tc")) for tr in trs), default=0)
    return max(declared, widest, 1)


def _int_val(el, path: str) -> int:
    found = el.find(path)
    if found is None:
        return 0
    try:
        return max(int(found.get(f"{_W}val", "0")), 0)
    except ValueError:
        return 0


def _vmerge(tc) -> str | None:
    """'restart', 'continue' or None; a bare <w:vMerge/> means continue."""
    found = tc.find(f"{_W}tcPr/{_W}vMerge")
    if found is None:
        return None
    return found.get(f"{_W}val") or "continue"


def _cell_text(tc) -> str:
    lines = []
    for p in tc.iter(f"{_W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{_W}t", f"{_W}tab"))
        lines.append(text.strip())
    return "\n".join(line for line in lines if line)


def _style_levels(document) -> dict[str, int]:
    """Paragraph style id -> heading level, from the style name or its outline level.

    Built once per document: python-docx resolves ``paragraph.style`` by scanning every
    style on each call, which dominated reading time.
    """
    levels: dict[str, int] = {}
    based_on: dict[str, str] = {}
    try:
        root = document.styles.element
    except (KeyError, AttributeError):
        return levels
    for style in root.iter(f"{_W}style"):
        sid = style.get(f"{_W}styleId")
        if not sid:
            continue
        name = style.find(f"{_W}name")
        m = _HEADING_STYLE.match(name.get(f"{_W}val", "") if name is not None else "")
        outline = _outline_level(style)
        if m:
            levels[sid] = int(m.group(1))
        elif outline is not None:
            levels[sid] = outline
        parent = style.find(f"{_W}basedOn")
        if parent is not None and parent.get(f"{_W}val"):
            based_on[sid] = parent.get(f"{_W}val")
    for sid, parent in based_on.items():
        if sid not in levels and parent in levels:
            levels[sid] = levels[parent]
    return levels


def _outline_level(el) -> int | None:
    """w:pPr/w:outlineLvl is 0-based; 9 means body text."""
    lvl = el.find(f"{_W}pPr/{_W}outlineLvl")
    if lvl is None:
        return None
    try:
        value = int(lvl.get(f"{_W}val", "9"))
    except ValueError:
        return None
    return value + 1 if value < 9 else None


def _heading_level(p, style_levels: dict[str, int]) -> int | None:
    """An explicit outline level on the paragraph, else its style's heading level."""
    direct = _outline_level(p)
    if direct is not None:
        return direct
    style = p.find(f"{_W}pPr/{_W}pStyle")
    if style is None:
        return None
    return style_levels.get(style.get(f"{_W}val", ""))
