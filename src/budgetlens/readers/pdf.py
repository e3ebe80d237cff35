"""PDF reader: digital PDFs into paragraphs and ruled-table grids, in reading order.

pdfium supplies the primitives (characters with boxes, path segments, image boxes);
``pdf_geometry`` finds ruled tables the way pdfplumber does; ``pdf_text`` turns the
characters outside tables into lines and paragraphs. Blocks on a page are ordered by
position, never by content-stream order. Pages that carry no text are reported, not
guessed at: an image page becomes an ``ImageBlock`` with a warning, and a PDF without any
text layer is refused with a clear message unless the optional OCR extra is installed.

Damaged, encrypted, huge or mislabelled files raise ``ReadError`` naming the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from ..errors import ReadError
from ..gcpause import collector_paused
from ..model import Block, Document, ImageBlock, Location, Paragraph
from .pdf_geometry import TableBox, TableSettings, fill_holes, find_tables
from .pdf_grid import detach_caption_rows, make_grid, round_box, split_inside
from .pdf_page import Char, PagePrimitives, page_primitives
from .pdf_pagebreak import join_page_breaks
from .pdf_text import TextBlock, cluster_lines, line_segments, paragraphs
from .pdf_underline import free_rules

PAGE_LIMIT_ENV = "BUDGETLENS_PDF_MAX_PAGES"


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Limits and tolerances of the PDF reader.

    ``max_pages`` bounds the work on one file: a disclosure runs to tens of pages, rarely a
    few hundred, so a file over the limit is refused with a message rather than read for
    minutes. It can be raised with the ``BUDGETLENS_PDF_MAX_PAGES`` environment variable.
    """

    max_pages: int = 1000
    max_chars_per_page: int = 100_000
    max_edges_per_page: int = 20_000
    max_objects_per_page: int = 200_000  # page objects scanned for ruling lines and images
    min_image_share: float = 0.05  # images smaller than this share of the page are decoration
    tables: TableSettings = field(default_factory=TableSettings)

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ValueError("max_pages must be at least 1")

    @classmethod
    def from_env(cls) -> PdfSettings:
        value = os.environ.get(PAGE_LIMIT_ENV)
        if value and value.strip().isdigit() and int(value) > 0:
            return cls(max_pages=int(value))
        return cls()


def read(path: str, settings: PdfSettings | None = None) -> Document:
    """Read a digital PDF into a Document (format 'pdf')."""
    settings = settings or PdfSettings.from_env()
    path = str(path)
    check_pdf_file(path)
    with collector_paused():
        return _read_pdf(path, settings)


def _read_pdf(path: str, settings: PdfSettings) -> Document:
    pdf = open_pdf(path)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ReadError(path, "PDF has no pages")
        if n_pages > settings.max_pages:
            raise ReadError(
                path,
                f"PDF has {n_pages} pages, more than the limit of {settings.max_pages} pages "
                f"for one document; split the file or raise {PAGE_LIMIT_ENV}",
            )
        doc = Document(path=path, format="pdf", blocks=[], pages=n_pages)
        flow: dict[int, TextBlock] = {}  # line geometry of each paragraph, for page breaks
        textless: list[int] = []
        failed: list[int] = []
        for index in range(n_pages):
            page_no = index + 1
            try:
                blocks, has_text = _read_page(pdf, index, path, settings, doc.warnings, flow)
            except (pdfium.PdfiumError, ValueError, OSError) as e:
                # one damaged page should not cost the rest of the document
                doc.warnings.append(f"第{page_no}页无法读取（{type(e).__name__}: {e}），已跳过")
                failed.append(page_no)
                continue
            if not has_text:
                textless.append(page_no)
            doc.blocks.extend(blocks)
    finally:
        pdf.close()
    doc.blocks = join_page_breaks(doc.blocks, flow)
    if len(failed) == n_pages:
        raise ReadError(path, f"damaged PDF: none of its {n_pages} pages can be read")
    if len(textless) + len(failed) == n_pages:
        return _without_text_layer(path, doc)
    return doc


def _read_page(pdf, index: int, path: str, settings: PdfSettings, warnings: list[str],
               flow: dict[int, TextBlock] | None = None):
    page = pdf[index]
    try:
        prims = page_primitives(page, settings.max_objects_per_page)
    finally:
        page.close()
    if prims.truncated:
        warnings.append(
            f"第{index + 1}页图形对象过多（超过{settings.max_objects_per_page}个），只读取了一部分线条"
        )
    return page_blocks(path, index + 1, prims, settings, warnings, flow)


def check_pdf_file(path: str) -> None:
    """Refuse what is not a whole PDF before pdfium sees it: empty, another format, cut off."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 1024))
            tail = f.read(1024)
    except OSError as e:
        raise ReadError(path, f"cannot open file ({e.strerror or e})") from None
    if size == 0:
        raise ReadError(path, "zero-byte file: nothing to read")
    if b"%PDF-" not in head:
        raise ReadError(path, f"not a PDF file: its content looks like {_sniff(head)}")
    if b"%%EOF" not in tail:
        raise ReadError(
            path,
            "truncated PDF: the file ends without its end-of-file marker (%%EOF); "
            "it was probably cut off while downloading or copying",
        )


def _sniff(head: bytes) -> str:
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if h.startswith((b"<!doctype html", b"<html")) or b"<body" in h or b"<table" in h:
        return "an HTML page"
    if h.startswith(b"pk\x03\x04"):
        return "a ZIP container (an Office document?)"
    if h.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Office document (XLS/DOC)"
    if h.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8")):
        return "an image"
    return "something else (no %PDF- header)"


def open_pdf(path: str) -> pdfium.PdfDocument:
    """Open with pdfium, turning its error codes into messages for the person."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise ReadError(
                path,
                "encrypted PDF: it needs a password to open; ask the publisher for an "
                "unprotected copy",
            ) from None
        if code == pdfium.raw.FPDF_ERR_FORMAT:
            raise ReadError(path, "damaged PDF: its structure cannot be read") from None
        raise ReadError(path, f"PDF cannot be opened ({e})") from None


def page_blocks(
    path: str,
    page_no: int,
    prims: PagePrimitives,
    settings: PdfSettings,
    warnings: list[str],
    flow: dict[int, TextBlock] | None = None,
) -> tuple[list[Block], bool]:
    """Blocks of one page in reading order, and whether the page has a text layer.
    ``flow`` collects each paragraph's line geometry (for joining across page breaks)."""
    chars = prims.chars
    if len(chars) > settings.max_chars_per_page:
        warnings.append(f"第{page_no}页文字过多（{len(chars)}个字符），已跳过")
        return [], True
    page_area = prims.width * prims.height
    images = [
        b
        for b in prims.images
        if (b[2] - b[0]) * (b[3] - b[1]) >= settings.min_image_share * page_area
    ]
    placed: list[tuple[tuple[float, float], Block]] = []
    if chars and undecodable_share(chars) > 0.5:
        # fonts without a Unicode mapping: the text is there but cannot be read as text
        warnings.append(f"第{page_no}页文字无法解码（字体缺少Unicode映射），按图片处理")
        placed.append(
            (
                (0.0, 0.0),
                ImageBlock(
                    f"第{page_no}页文字无法解码（字体缺少Unicode映射），未识别其中的文字和数字",
                    Location(path=path, page=page_no, bbox=(0.0, 0.0, prims.width, prims.height)),
                ),
            )
        )
        return [b for _, b in placed], False
    if not chars:
        if images:
            warnings.append(f"第{page_no}页为图片，无文本层")
            placed.append(
                (
                    (0.0, 0.0),
                    ImageBlock(
                        f"第{page_no}页为图片，无文本层（扫描页或图表），未识别其中的文字和数字",
                        Location(path=path, page=page_no, bbox=_union(images)),
                    ),
                )
            )
        else:
            warnings.append(f"第{page_no}页为空白页，无文字")
        return [b for _, b in placed], False

    tables: list[TableBox] = []
    edges_read = len(prims.edges) <= settings.max_edges_per_page
    if edges_read:
        tables = find_tables(prims.edges, settings.tables)
    else:
        warnings.append(f"第{page_no}页线条过多（{len(prims.edges)}条），未识别表格")

    free = chars
    table_boxes = []
    for table in tables:
        table = detach_caption_rows(table, free)
        inside, free = split_inside(free, table.bbox)  # a detached row's text stays free
        table = fill_holes(table, (((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2) for c in inside))
        table_boxes.append(table.bbox)
        grid = make_grid(path, page_no, table, inside)
        if grid is not None:
            placed.append(((table.bbox[1], table.bbox[0]), grid))
    for box in images:
        placed.append(
            (
                (box[1], box[0]),
                ImageBlock(
                    f"第{page_no}页图片（{box[2] - box[0]:.0f}×{box[3] - box[1]:.0f}pt），未识别其中内容",
                    Location(path=path, page=page_no, bbox=round_box(box)),
                ),
            )
        )
    if free:
        rules = free_rules(prims.edges, table_boxes) if edges_read else []  # underlines
        for p in paragraphs(line_segments(cluster_lines(free), rules)):
            box = (p.x0, p.top, p.x1, p.bottom)
            para = Paragraph(p.text, Location(path=path, page=page_no, bbox=round_box(box)))
            if flow is not None:
                flow[id(para)] = p
            placed.append(((p.top, p.x0), para))
    placed.sort(key=lambda item: item[0])
    return [b for _, b in placed], True


_UNDECODABLE = re.compile("[\x00-\x1f\ue000-\uf8ff\ufffd]")


def undecodable_share(chars: list[Char]) -> float:
    """Share of chars that carry no real character: U+FFFD, private-use code points, or
    control characters, which is what fonts without a ToUnicode map give."""
    firsts = "".join([c.text[0] for c in chars])
    return len(_UNDECODABLE.findall(firsts)) / len(chars)


def _union(boxes) -> tuple[float, float, float, float]:
    return round_box(
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    )


def _without_text_layer(path: str, doc: Document) -> Document:
    """A PDF in which no page has text: OCR it when the extra is installed, else refuse."""
    n = doc.pages or 0
    has_images = any(isinstance(b, ImageBlock) for b in doc.blocks)
    if not has_images:
        raise ReadError(path, f"PDF has no text on any of its {n} pages (blank pages only)")
    try:
        from . import ocr
    except ImportError:
        ocr = None
    if ocr is None or not ocr.available():
        pages = "page 1 has" if n == 1 else f"pages 1–{n} have"
        if any("文字无法解码" in w for w in doc.warnings):
            what = f"undecodable text: {pages} fonts without a Unicode mapping"
        else:
            what = f"scanned PDF: {pages} no text layer"
        raise ReadError(path, f"{what}; OCR is available with the budgetlens[ocr] extra")
    return ocr.read_scanned(path, doc)
