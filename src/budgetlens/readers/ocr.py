"""Optional OCR for PDFs without a text layer (the ``budgetlens[ocr]`` extra).

RapidOCR ships its ONNX models inside its wheel and runs offline. Each text-less page is
rendered; ruling lines are found in the image (long runs of dark pixels) and handed to the
same table finder as digital pages, so a scanned table still becomes a Grid whose cells
hold the OCR text whose box centre falls inside them. OCR misreads digits ("210 99" read as
"210 66" on our corpus), so every page read this way is named in the document's warnings:
its figures must not be trusted as exact.
"""

from __future__ import annotations

import importlib.util

from ..model import Cell, Document, Grid, Location, Paragraph
from .pdf_geometry import TableBox, find_tables
from .pdf_page import Edge
from .pdf_text import join_pieces

RENDER_DPI = 200
DARK = 128  # grey level below which a pixel is ink
MIN_LINE_PT = 15.0  # a ruling line is at least this long; text strokes are shorter


def available() -> bool:
    """Whether the OCR extra (rapidocr with onnxruntime) is installed."""
    return (
        importlib.util.find_spec("rapidocr") is not None
        and importlib.util.find_spec("onnxruntime") is not None
    )


def read_scanned(path: str, doc: Document) -> Document:
    """Replace each text-less page's blocks by what OCR reads on it: grids for ruled tables,
    paragraphs (one per OCR line) for the rest, all in reading order."""
    import pypdfium2 as pdfium
    from rapidocr import RapidOCR

    engine = RapidOCR()
    scale = RENDER_DPI / 72
    blocks = []
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page_no = index + 1
            page = pdf[index]
            try:
                image = page.render(scale=scale, grayscale=True).to_numpy()
            finally:
                page.close()
            if image.ndim == 3:
                image = image[:, :, 0]
            lines = ocr_lines(engine(image), scale)
            tables = find_tables(ruling_edges(image, scale))
            blocks.extend(b for b in doc.blocks if b.location.page == page_no)
            blocks.extend(page_blocks(path, page_no, lines, tables))
            doc.warnings.append(f"第{page_no}页文字由OCR识别，其中的数字可能有误，不作精确核对依据")
    finally:
        pdf.close()
    doc.blocks = blocks
    return doc


def ocr_lines(result, scale: float) -> list[tuple[tuple[float, float, float, float], str]]:
    """OCR text lines as (bbox in PDF points, top-left origin; text)."""
    boxes = getattr(result, "boxes", None)
    texts = getattr(result, "txts", None)
    if boxes is None or texts is None:
        return []
    lines = []
    for quad, line in zip(boxes, texts, strict=False):
        xs = [float(p[0]) / scale for p in quad]
        ys = [float(p[1]) / scale for p in quad]
        if str(line).strip():
            lines.append(((min(xs), min(ys), max(xs), max(ys)), str(line).strip()))
    return lines


def ruling_edges(image, scale: float) -> list[Edge]:
    """Horizontal and vertical ruling lines of a rendered page: runs of dark pixels at
    least MIN_LINE_PT long, one edge per pixel row or column (the table finder snaps a
    line's rows together)."""
    import numpy as np

    ink = np.asarray(image) < DARK
    min_px = int(MIN_LINE_PT * scale)
    edges: list[Edge] = []
    for y, x0, x1 in _runs(ink, min_px):
        edges.append(Edge("h", x0 / scale, y / scale, x1 / scale, y / scale))
    for x, y0, y1 in _runs(ink.T, min_px):
        edges.append(Edge("v", x / scale, y0 / scale, x / scale, y1 / scale))
    return edges


def _runs(ink, min_px: int):
    """(row, start, end) of every run of True at least ``min_px`` long, row by row."""
    import numpy as np

    rows = np.nonzero(ink.sum(axis=1) >= min_px)[0]
    for r in rows:
        padded = np.concatenate(([False], ink[r], [False])).astype(np.int8)
        change = np.diff(padded)
        starts = np.nonzero(change == 1)[0]
        ends = np.nonzero(change == -1)[0]
        for s, e in zip(starts, ends, strict=True):
            if e - s >= min_px:
                yield int(r), int(s), int(e)


def page_blocks(path: str, page_no: int, lines, tables: list[TableBox]):
    """Grids for the tables (cell text from the OCR lines centred in each cell) and
    paragraphs for the lines outside them, ordered top to bottom."""
    placed = []
    free = list(lines)
    for table in tables:
        x0, top, x1, bottom = table.bbox
        inside = [ln for ln in free if _centre_in(ln[0], table.bbox)]
        free = [ln for ln in free if not _centre_in(ln[0], table.bbox)]
        rows: list[list[Cell]] = [[] for _ in range(table.n_rows)]
        for box in table.cells:
            mine = sorted(
                (ln for ln in inside if _centre_in(ln[0], box.bbox)),
                key=lambda ln: (round(ln[0][1] / 4), ln[0][0]),
            )
            rows[box.row].append(
                Cell(
                    text=_join(t for _, t in mine),
                    row=box.row,
                    col=box.col,
                    rowspan=box.rowspan,
                    colspan=box.colspan,
                    location=Location(path=path, page=page_no, bbox=_round(box.bbox)),
                )
            )
        grid = Grid(rows, table.n_cols, Location(path=path, page=page_no, bbox=_round(table.bbox)))
        placed.append(((top, x0), grid))
    for box, text in free:
        placed.append(
            ((box[1], box[0]), Paragraph(text, Location(path=path, page=page_no, bbox=_round(box))))
        )
    placed.sort(key=lambda item: (round(item[0][0] / 4), item[0][1]))
    return [b for _, b in placed]


def _join(texts) -> str:
    out = ""
    for t in texts:
        out = join_pieces(out, t)
    return out


def _centre_in(box, bbox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return bbox[0] <= cx < bbox[2] and bbox[1] <= cy < bbox[3]


def _round(b) -> tuple[float, float, float, float]:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))
