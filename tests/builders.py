"""Write a Document's paragraphs and grids into XLSX, DOCX, HTML, ODT/DOC and PDF fixtures.

No filled XLSX/DOCX/DOC disclosure is publicly available, so the format readers are tested
by writing a real corpus document into each format and reading it back. Merged cells are
written as the format's own merges (openpyxl merge_cells, Word gridSpan/vMerge, HTML
colspan/rowspan), so the readers must rebuild them.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from budgetlens.model import Document, Grid, Paragraph
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


def write_docx(doc: Document, path: Path) -> Path:
    """Paragraphs and tables in order; merges as gridSpan (horizontal) and vMerge (vertical)."""
    import docx

    out = docx.Document()
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
    rows = ["<table>"]
    for row in grid.rows:
        cells = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
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
