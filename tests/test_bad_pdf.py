"""Bad PDF files: each one a clear ReadError naming the file, never a traceback, in bounded
time and memory. Every fixture is written here, byte by byte or with pypdfium2."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from budgetlens.errors import ReadError
from budgetlens.readers import detect_format
from budgetlens.readers import pdf as pdf_reader
from budgetlens.readers import read as read_any
from budgetlens.readers.pdf import PAGE_LIMIT_ENV, PdfSettings, read
from test_reader_pdf import build_pdf, text, write

GOOD = build_pdf([text(72, 700, "Budget 2024 total 1,234.56")])


def problem(path: str, reader=read) -> str:
    with pytest.raises(ReadError) as info:
        reader(path)
    assert info.value.path == path
    assert str(info.value).startswith(path)
    return info.value.problem


def test_fixture_itself_reads(tmp_path):
    doc = read(write(tmp_path, "good.pdf", GOOD))
    assert [p.text for p in doc.paragraphs()] == ["Budget 2024 total 1,234.56"]


def test_zero_byte(tmp_path):
    path = write(tmp_path, "empty.pdf", b"")
    assert "zero-byte" in problem(path)
    assert "zero-byte" in problem(path, read_any)


def test_truncated(tmp_path):
    path = write(tmp_path, "cut.pdf", GOOD[: len(GOOD) * 2 // 3])
    assert problem(path).startswith("truncated PDF")
    assert problem(path, read_any).startswith("truncated PDF")


def test_damaged_structure(tmp_path):
    path = write(tmp_path, "junk.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 200 + b"\n%%EOF\n")
    assert problem(path).startswith("damaged PDF")


def test_encrypted(tmp_path):
    """Standard security handler, RC4 40-bit, with a user password we do not know: the
    /U entry does not match the empty password, so the file cannot be opened."""
    encrypt = (
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >>"
    )
    file_id = b"<0123456789abcdef0123456789abcdef>"  # objects 1-3 fixed, 4-5 the page
    data = build_pdf(
        [text(72, 700, "secret")],
        trailer_extra=b"/Encrypt 6 0 R /ID [" + file_id + b" " + file_id + b"] ",
        extra_objects=[encrypt],
    )
    path = write(tmp_path, "locked.pdf", data)
    assert problem(path).startswith("encrypted PDF")
    assert problem(path, read_any).startswith("encrypted PDF")


def test_html_renamed_pdf_is_detected_by_content(tmp_path):
    path = write(
        tmp_path, "page.pdf", "<!DOCTYPE html><html><body><p>预算</p></body></html>".encode()
    )
    assert problem(path) == "not a PDF file: its content looks like an HTML page"
    assert detect_format(path) == "html"  # the dispatcher sends it to the HTML reader


def test_other_content_named_pdf(tmp_path):
    path = write(tmp_path, "photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert problem(path) == "not a PDF file: its content looks like an image"


def _blank_pdf(tmp_path, pages: int) -> str:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842).close()
    path = str(tmp_path / f"blank{pages}.pdf")
    pdf.save(path)
    pdf.close()
    return path


def test_ten_thousand_pages_refused_by_page_limit(tmp_path):
    path = _blank_pdf(tmp_path, 10_000)
    message = problem(path)
    assert "10000 pages" in message and "limit of 1000 pages" in message
    assert PAGE_LIMIT_ENV in message


def test_page_limit_can_be_raised_and_pages_stream(tmp_path, monkeypatch):
    """Past the limit the reader streams page by page (each page closed after use); a
    blank document then ends in its own clear error."""
    path = _blank_pdf(tmp_path, 10_000)
    settings = PdfSettings(max_pages=20_000)
    with pytest.raises(ReadError, match="no text on any of its 10000 pages"):
        read(path, settings)
    monkeypatch.setenv(PAGE_LIMIT_ENV, "20000")
    assert "no text on any of its 10000 pages" in problem(path)


def test_page_limit_setting_is_validated():
    with pytest.raises(ValueError):
        PdfSettings(max_pages=0)


def _image_only_pdf(tmp_path, pages: int) -> str:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        page = pdf.new_page(595, 842)
        image = pdfium.PdfImage.new(pdf)
        bitmap = pdfium.PdfBitmap.new_native(30, 40, pdfium.raw.FPDFBitmap_BGR)
        bitmap.fill_rect((200, 200, 200, 255), 0, 0, 30, 40)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(450, 600).translate(70, 120))
        page.insert_obj(image)
        page.gen_content()
        page.close()
    path = str(tmp_path / "scan.pdf")
    pdf.save(path)
    pdf.close()
    return path


def test_scanned_pdf_without_ocr_extra(tmp_path, monkeypatch):
    from budgetlens.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = _image_only_pdf(tmp_path, 3)
    assert problem(path) == (
        "scanned PDF: pages 1–3 have no text layer; OCR is available with the budgetlens[ocr] extra"
    )


def test_scanned_single_page_wording(tmp_path, monkeypatch):
    from budgetlens.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = _image_only_pdf(tmp_path, 1)
    assert problem(path).startswith("scanned PDF: page 1 has no text layer")


def test_reader_bug_surfaces_as_read_error(tmp_path, monkeypatch):
    """Through the dispatcher an unexpected failure still names the file."""

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pdf_reader, "page_primitives", broken)
    path = write(tmp_path, "good.pdf", GOOD)
    assert "RuntimeError" in problem(path, read_any)


def test_scanned_pdf_read_by_ocr_extra(tmp_path):
    """With the OCR extra installed, a scan of 010 p.20 (三公 table) is read and every
    OCR page is flagged; figures are compared with the printed page."""
    pytest.importorskip("rapidocr", reason="the budgetlens[ocr] extra is not installed")
    pytest.importorskip("onnxruntime", reason="the budgetlens[ocr] extra is not installed")
    from conftest import corpus_file

    source = pdfium.PdfDocument(str(corpus_file("010_shanghai_caizhengju_2025_yusuan-danwei.pdf")))
    width, height = source[19].get_size()
    bitmap = source[19].render(scale=150 / 72)
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(width, height)
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()
    path = str(tmp_path / "scan_010_p20.pdf")
    pdf.save(path)
    doc = read(path)
    texts = [p.text for p in doc.paragraphs()]
    assert "单位:万元" in texts
    # the ruled table comes out as a grid, its lines found in the image
    (grid,) = doc.grids()
    matrix = grid.text_matrix()
    assert (len(matrix), grid.n_cols) == (4, 7)
    assert matrix[3][0] == "346.30" and matrix[3][6] == "2,517.78"
    assert matrix[2][4] == "购置费"
    assert any("OCR" in w and "第1页" in w for w in doc.warnings)


def test_damaged_page_is_skipped_with_a_warning(tmp_path, monkeypatch):
    real = pdf_reader.page_primitives
    calls = []

    def second_page_broken(page, *args):
        calls.append(1)
        if len(calls) == 2:
            raise pdfium.PdfiumError("Failed to load page.")
        return real(page, *args)

    monkeypatch.setattr(pdf_reader, "page_primitives", second_page_broken)
    data = build_pdf([text(72, 700, "page one"), text(72, 700, "page two"), text(72, 700, "three")])
    doc = read(write(tmp_path, "three.pdf", data))
    assert [p.text for p in doc.paragraphs()] == ["page one", "three"]
    assert doc.warnings == ["第2页无法读取（PdfiumError: Failed to load page.），已跳过"]


def test_no_readable_page_is_a_damaged_pdf(tmp_path, monkeypatch):
    def broken(*_args):
        raise pdfium.PdfiumError("Failed to load page.")

    monkeypatch.setattr(pdf_reader, "page_primitives", broken)
    path = write(tmp_path, "good.pdf", GOOD)
    assert problem(path) == "damaged PDF: none of its 1 pages can be read"


def test_object_limit_bounds_the_work_on_a_page(tmp_path):
    from test_reader_pdf import TABLE_PAGE

    path = write(tmp_path, "table.pdf", build_pdf([TABLE_PAGE]))
    doc = read(path, PdfSettings(max_objects_per_page=5))
    assert any("图形对象过多" in w for w in doc.warnings)
    assert "Table 1 Title" in [p.text for p in doc.paragraphs()]  # text is still read


def test_text_without_unicode_mapping_is_not_read_as_text(tmp_path, monkeypatch):
    """A font whose ToUnicode map sends every glyph to the private-use area: the page has
    chars, but none is a real character. Reading them would invent text."""
    from budgetlens.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /PUA def 1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <E020> endbfrange\nendcmap CMapName currentdict "
        b"/CMap defineresource pop end end"
    )
    cmap_object = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
    data = build_pdf(
        [text(72, 700, "Total 1,234.56")],
        extra_objects=[cmap_object],
        font_extra=b"/ToUnicode 6 0 R ",
    )
    path = write(tmp_path, "pua.pdf", data)
    assert problem(path) == (
        "undecodable text: page 1 has fonts without a Unicode mapping; "
        "OCR is available with the budgetlens[ocr] extra"
    )
