"""Optional OCR for PDFs without a text layer (the ``budgetlens[ocr]`` extra).

RapidOCR ships its ONNX models inside its wheel and runs offline. OCR misreads digits
("210 99" read as "210 66" on our corpus), so every page read this way is named in the
document's warnings: its figures must not be trusted as exact.
"""

from __future__ import annotations

import importlib.util

from ..model import Document, Location, Paragraph

RENDER_DPI = 200


def available() -> bool:
    """Whether the OCR extra (rapidocr with onnxruntime) is installed."""
    return (
        importlib.util.find_spec("rapidocr") is not None
        and importlib.util.find_spec("onnxruntime") is not None
    )


def read_scanned(path: str, doc: Document) -> Document:
    """Add the text of each text-less page, read by OCR, as paragraphs (one per line)."""
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
                image = page.render(scale=scale).to_numpy()
            finally:
                page.close()
            result = engine(image)
            blocks.extend(b for b in doc.blocks if b.location.page == page_no)
            for box, line in _lines(result, scale):
                blocks.append(Paragraph(line, Location(path=path, page=page_no, bbox=box)))
            doc.warnings.append(f"第{page_no}页文字由OCR识别，其中的数字可能有误，不作精确核对依据")
    finally:
        pdf.close()
    doc.blocks = blocks
    return doc


def _lines(result, scale: float):
    """OCR lines top to bottom as (bbox in PDF points, text)."""
    boxes = getattr(result, "boxes", None)
    texts = getattr(result, "txts", None)
    if boxes is None or texts is None:
        return []
    lines = []
    for quad, line in zip(boxes, texts, strict=False):
        xs = [float(p[0]) / scale for p in quad]
        ys = [float(p[1]) / scale for p in quad]
        box = (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))
        if str(line).strip():
            lines.append((box, str(line).strip()))
    lines.sort(key=lambda item: (round(item[0][1] / 5), item[0][0]))
    return lines
