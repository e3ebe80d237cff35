"""Write a Document's paragraphs and grids into XLSX, DOCX, HTML, ODT/DOC and PDF fixtures.

No filled XLSX/DOCX/DOC disclosure is publicly available, so the format readers are tested
by writing a real corpus document into each format and reading it back. Merged cells are
written as the format's own merges (openpyxl merge_cells, Word gridSpan/vMerge, HTML
colspan/rowspan), so the readers must rebuild them.
"""

from __future__ import annotations

import html
import shutil
from dataclasses import replace
from pathlib import Path

from budgetlens.model import Cell, Document, Grid, Paragraph
from budgetlens.numbers import parse_number

# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------


def write_xlsx(doc: Document, path: Path, numbers_as_values: bool = True) -> Path:
    """One sheet per grid, with the paragraphs since the previous grid above it.

    Figures are stored as numbers with a number format that shows them as written
    ("1,234.50" -> 1234.5 with '#,##0.00'), as a spreadsheet author would.
    """
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    pending: list[Paragraph] = []
    sheet_no = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            pending.append(block)
            continue
        if not isinstance(block, Grid):
            continue
        sheet_no += 1
        ws = wb.create_sheet(f"表{sheet_no}")
        row = 1
        for p in pending:
            ws.cell(row=row, column=1, value=p.text)
            row += 1
        pending = []
        _grid_to_sheet(ws, block, row, numbers_as_values)
    if pending:
        ws = wb.create_sheet("说明")
        for i, p in enumerate(pending, start=1):
            ws.cell(row=i, column=1, value=p.text)
    wb.save(path)
    return path


def _grid_to_sheet(ws, grid: Grid, top: int, numbers_as_values: bool) -> None:
    for r, row in enumerate(grid.rows):
        for cell in row:
            target = ws.cell(row=top + r, column=cell.col + 1)
            value, number_format = (
                _sheet_value(cell.text) if numbers_as_values else (cell.text, None)
            )
            target.value = value
            if number_format:
                target.number_format = number_format
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=top + r,
                    start_column=cell.col + 1,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=cell.col + cell.colspan,
                )


def _sheet_value(text: str):
    """A figure as a stored number plus the format that shows it as written."""
    amount = parse_number(text)
    plain = text.strip()
    if amount is None or amount.unit == "%" or plain.startswith("0") and "." not in plain:
        return text, None  # labels, codes with a leading zero, percentages stay text
    decimals = max(0, -amount.precision.as_tuple().exponent)
    thousands = "," in plain
    fmt = ("#,##0" if thousands else "0") + ("." + "0" * decimals if decimals else "")
    value = float(amount.value) if decimals else int(amount.value)
    return value, fmt


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def write_docx(doc: Document, path: Path, print_layout: bool = False) -> Path:
    """Paragraphs and tables in order; merges as gridSpan (horizontal) and vMerge (vertical).

    ``print_layout`` sets A3 landscape pages and 8 pt text, as the published PDFs of wide
    tables are laid out, so that a 15-column table converted to PDF keeps each figure on
    one line.
    """
    import docx

    out = docx.Document()
    if print_layout:
        _print_layout(out)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.heading_level:
                out.add_heading(block.text, level=min(block.heading_level, 9))
            else:
                out.add_paragraph(block.text)
        elif isinstance(block, Grid):
            _grid_to_docx(out, block)
    out.save(path)
    return path


def _print_layout(out) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    section = out.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(420), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        out.styles[name].font.size = Pt(8 if name == "Normal" else 10)


def _grid_to_docx(out, grid: Grid) -> None:
    n_rows = len(grid.rows)
    table = out.add_table(rows=n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    for r, row in enumerate(grid.rows):
        for cell in row:
            top_left = table.cell(r, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:
                bottom = min(r + cell.rowspan - 1, n_rows - 1)
                right = min(cell.col + cell.colspan - 1, grid.n_cols - 1)
                top_left = top_left.merge(table.cell(bottom, right))
            top_left.text = cell.text


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def write_html(doc: Document, path: Path, encoding: str = "utf-8") -> Path:
    """A plain page: <p>/<hN> for paragraphs, <table> with colspan/rowspan for grids."""
    parts = [
        "<!DOCTYPE html>",
        f'<html><head><meta charset="{encoding}"><title>{html.escape(_title(doc))}</title>',
        "<style>table{border-collapse:collapse}td{border:1px solid #000}</style>",
        "</head><body>",
        "<nav><a href='/'>首页</a> &gt; <a href='/zwgk'>政务公开</a></nav>",
    ]
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            tag = f"h{min(block.heading_level, 6)}" if block.heading_level else "p"
            parts.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
        elif isinstance(block, Grid):
            parts.append(_grid_to_html(block))
    parts.append("<script>var visits = 1;</script></body></html>")
    path.write_bytes("\n".join(parts).encode(encoding))
    return path


def _title(doc: Document) -> str:
    first = next((b for b in doc.blocks if isinstance(b, Paragraph)), None)
    return first.text if first else ""


def _grid_to_html(grid: Grid) -> str:
    """Rows of <td>, with an empty <td> for every slot no cell or span covers."""
    rows = ["<table>"]
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(grid.rows):
        by_col = {c.col: c for c in row}
        cells = []
        for col in range(grid.n_cols):
            if (r, col) in covered:
                continue
            cell = by_col.get(col)
            if cell is None:
                cells.append("<td></td>")
                continue
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            for rr in range(r, r + cell.rowspan):
                for cc in range(col, col + cell.colspan):
                    covered.add((rr, cc))
            cells.append(f"<td{attrs}>{html.escape(cell.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</table>")
    return "\n".join(rows)


# ---------------------------------------------------------------------------
# Through LibreOffice: DOC and PDF
# ---------------------------------------------------------------------------


def libreoffice_available() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def convert(path: Path, target: str, out_dir: Path) -> Path:
    """Convert with LibreOffice headless (own profile, timeout, output checked)."""
    from budgetlens.readers.doc import convert_with_libreoffice

    work = out_dir / f"lo-{path.stem}-{target.split(':')[0]}"
    work.mkdir(parents=True, exist_ok=True)
    produced = convert_with_libreoffice(str(path), target, str(work))
    final = out_dir / f"{path.stem}.{target.split(':')[0]}"
    shutil.move(produced, final)
    return final


def write_doc(docx_path: Path, out_dir: Path) -> Path:
    """DOCX -> ODT -> Word 97 .doc: going through ODT keeps tables, gridSpan and vMerge."""
    odt = convert(docx_path, "odt", out_dir)
    doc = convert(odt, "doc:MS Word 97", out_dir)
    return doc


# ---------------------------------------------------------------------------
# Merged headers
# ---------------------------------------------------------------------------


def with_header_merges(doc: Document) -> Document:
    """The same document with its header cells merged the way the printed tables are.

    A text export loses merges: "收入 | | 支出 |" is what two merged header cells become,
    and a header such as 合计 that spans three header rows leaves two empty slots under
    it. Writing them back as real merges (colspan over the empty slots to the right that
    stay under the same parent, rowspan over the empty slots below) gives the readers the
    spans a published XLSX/DOCX/HTML table has. Header rows are the rows above the first
    row that holds a figure (the column-number row 1, 2, 3 … counts as one).
    """
    blocks = [_merge_header(b) if isinstance(b, Grid) else b for b in doc.blocks]
    return replace(doc, blocks=blocks)


def _merge_header(grid: Grid) -> Grid:
    n_header = _first_data_row(grid)
    if n_header == 0 or any(c.rowspan > 1 or c.colspan > 1 for row in grid.rows for c in row):
        return grid
    text = [["" for _ in range(grid.n_cols)] for _ in range(n_header)]
    source: dict[tuple[int, int], Cell] = {}
    for r in range(n_header):
        for c in grid.rows[r]:
            text[r][c.col] = c.text.strip()
            source[(r, c.col)] = c
    occupied: set[tuple[int, int]] = set()
    starts: list[set[int]] = [set() for _ in range(n_header)]  # columns where a cell begins
    rows: list[list[Cell]] = [[] for _ in range(n_header)]
    for r in range(n_header):
        for col in range(grid.n_cols):
            if not text[r][col] or (r, col) in occupied:
                continue
            right = col + 1
            while (
                right < grid.n_cols
                and not text[r][right]
                and (r, right) not in occupied
                and (r == 0 or right not in starts[r - 1])
            ):
                right += 1
            bottom = r + 1
            while bottom < n_header and all(
                not text[bottom][c] and (bottom, c) not in occupied for c in range(col, right)
            ):
                bottom += 1
            for rr in range(r, bottom):
                starts[rr].add(col)
                starts[rr].add(right)
                for cc in range(col, right):
                    occupied.add((rr, cc))
            rows[r].append(replace(source[(r, col)], rowspan=bottom - r, colspan=right - col))
    return replace(grid, rows=rows + [list(row) for row in grid.rows[n_header:]])


def _first_data_row(grid: Grid) -> int:
    for r, row in enumerate(grid.rows):
        if any(parse_number(c.text) is not None for c in row):
            return r
    return len(grid.rows)
