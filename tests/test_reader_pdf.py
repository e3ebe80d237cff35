"""PDF reader: grids, paragraphs and reading order, on the real corpus and on small PDFs
written here byte by byte (so that each layout trait is tested on its own)."""

from __future__ import annotations

import re
from functools import cache

import pytest

from budgetlens.model import Document, Grid, ImageBlock, Paragraph
from budgetlens.numbers import parse_number
from budgetlens.readers.pdf import read
from conftest import corpus_file

# ---------------------------------------------------------------------------
# A minimal PDF writer for fixtures: Helvetica text and ruling lines, nothing else.
# ---------------------------------------------------------------------------


def build_pdf(
    pages: list[bytes],
    size=(595, 842),
    trailer_extra: bytes = b"",
    extra_objects: list[bytes] = (),
    font_extra: bytes = b"",
) -> bytes:
    """A valid PDF whose pages have the given content streams (one Helvetica font F1)."""
    n_fixed = 3
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica " + font_extra + b">>",
    ]
    kids = []
    for content in pages:
        page_no = len(objects) + 1
        kids.append(b"%d 0 R" % page_no)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (size[0], size[1], page_no + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    objects.extend(extra_objects)
    assert n_fixed == 3
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text(x: float, y: float, s: str, size: int = 10) -> bytes:
    """Show ``s`` with its baseline at (x, y), PDF coordinates (origin bottom left)."""
    return b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET\n" % (size, x, y, s.encode("latin-1"))


def ruled_grid(
    xs: list[float], ys: list[float], skip_v: set[tuple[int, int]] = frozenset()
) -> bytes:
    """Stroke a full grid; ``skip_v`` leaves out the vertical line at column boundary c
    within row r (r, c), which merges two cells."""
    ops = [b"0.5 w\n"]
    for y in ys:
        ops.append(b"%.2f %.2f m %.2f %.2f l S\n" % (xs[0], y, xs[-1], y))
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, c) in skip_v:
                continue
            ops.append(b"%.2f %.2f m %.2f %.2f l S\n" % (x, ys[r], x, ys[r + 1]))
    return b"".join(ops)


def write(tmp_path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


# ---------------------------------------------------------------------------
# Synthetic layouts
# ---------------------------------------------------------------------------

# A table at y 700 (top) .. 640 (bottom) in PDF coordinates, three columns, with the
# first row's first two cells merged; a title printed after the table in the content
# stream but above it on the page.
XS = [100.0, 200.0, 300.0, 400.0]
YS = [700.0, 680.0, 660.0, 640.0]
TABLE_PAGE = (
    ruled_grid(XS, YS, skip_v={(0, 1)})
    + text(105, 685, "Header spanning two")
    + text(305, 685, "Amount")
    # two figures written as one run with no space between them (corpus 022's layer):
    # they fall in two cells and must come out split
    + b"BT /F1 10 Tf 105 665 Td (1,234.56) Tj 100 0 Td (7,890.12) Tj ET\n"
    + text(305, 665, "9,124.68")
    + text(105, 645, "Total")
    + text(305, 645, "9,124.68")
    + text(100, 720, "Table 1 Title")  # after the body in the stream, above it on the page
    + text(330, 710, "Unit: yuan")
    + text(100, 400, "Far left 12.50")
    + text(400, 400, "Far right 99.00")
)


@pytest.fixture
def table_doc(tmp_path) -> Document:
    return read(write(tmp_path, "table.pdf", build_pdf([TABLE_PAGE])))


def test_ruled_table_becomes_grid_with_spans(table_doc):
    (grid,) = table_doc.grids()
    assert grid.n_cols == 3 and len(grid.rows) == 3
    first = grid.rows[0][0]
    assert (first.text, first.row, first.col, first.colspan, first.rowspan) == (
        "Header spanning two",
        0,
        0,
        2,
        1,
    )
    assert grid.text_matrix() == [
        ["Header spanning two", "Header spanning two", "Amount"],
        ["1,234.56", "7,890.12", "9,124.68"],
        ["Total", "", "9,124.68"],
    ]


def test_header_cell_without_top_border_keeps_its_text(tmp_path):
    """A continued table whose first header cell lost its top border at the page break
    (corpus 006 p.11): its text still lands in a cell of the first column."""
    lines = [b"0.5 w\n", b"200 700 m 400 700 l S\n"]  # top border only over columns 2-3
    lines += [b"100 %d m 400 %d l S\n" % (y, y) for y in (680, 660, 640)]
    lines += [b"%d 700 m %d 640 l S\n" % (x, x) for x in (100, 200, 300, 400)]
    page = b"".join(lines) + text(105, 685, "Head") + text(205, 685, "B") + text(105, 665, "x")
    page += text(205, 665, "1.00") + text(305, 665, "2.00") + text(305, 645, "3.00")
    doc = read(write(tmp_path, "hole.pdf", build_pdf([page])))
    (grid,) = doc.grids()
    assert grid.text_matrix()[0][:2] == ["Head", "B"]
    assert "Head" not in [p.text for p in doc.paragraphs()]


def test_grid_and_cells_carry_page_and_bbox(table_doc):
    (grid,) = table_doc.grids()
    assert grid.location.page == 1
    x0, top, x1, bottom = grid.location.bbox
    assert (x0, top, x1, bottom) == pytest.approx((100, 842 - 700, 400, 842 - 640), abs=0.5)
    for row in grid.rows:
        for cell in row:
            assert cell.location.page == 1
            cx0, ctop, cx1, cbottom = cell.location.bbox
            assert x0 - 0.5 <= cx0 < cx1 <= x1 + 0.5 and top - 0.5 <= ctop < cbottom <= bottom + 0.5
    # column x-edges are available for aligning continuation pages
    assert [c.location.bbox[0] for c in grid.rows[1]] == pytest.approx(XS[:3], abs=0.5)


def test_title_printed_after_body_comes_first_by_position(table_doc):
    kinds = [(type(b).__name__, getattr(b, "text", "")) for b in table_doc.blocks]
    assert kinds[0] == ("Paragraph", "Table 1 Title")
    assert ("Paragraph", "Unit: yuan") in kinds
    assert kinds.index(("Paragraph", "Unit: yuan")) < kinds.index(("Grid", ""))


def test_text_inside_table_is_not_repeated_as_paragraphs(table_doc):
    texts = [p.text for p in table_doc.paragraphs()]
    assert not any("Total" in t or "Amount" in t or "1,234.56" in t for t in texts)


def test_far_apart_pieces_of_one_line_are_separate_paragraphs(table_doc):
    texts = [p.text for p in table_doc.paragraphs()]
    assert "Far left 12.50" in texts and "Far right 99.00" in texts


def test_rotated_page_reads_as_shown(tmp_path):
    """A landscape sheet turned by /Rotate 90 whose content is drawn turned back: the page
    shows the same layout as TABLE_PAGE, and must read the same."""
    data = build_pdf([b"q 0 1 -1 0 842 0 cm\n" + TABLE_PAGE + b"Q\n"], size=(842, 595))
    data = data.replace(b"/MediaBox [0 0 842 595]", b"/MediaBox [0 0 842 595] /Rotate 90")
    doc = read(write(tmp_path, "rotated.pdf", data))
    (grid,) = doc.grids()
    assert grid.text_matrix()[1] == ["1,234.56", "7,890.12", "9,124.68"]
    assert grid.location.bbox == pytest.approx((100, 142, 400, 202), abs=0.5)
    assert doc.paragraphs()[0].text == "Table 1 Title"


def test_lines_of_a_paragraph_are_joined(tmp_path):
    page = (
        text(72, 700, "This paragraph runs over two lines and then it ends at the right mar")
        + text(72, 686, "gin. Short end.")
        + text(72, 650, "Second paragraph.")
    )
    doc = read(write(tmp_path, "prose.pdf", build_pdf([page])))
    assert [p.text for p in doc.paragraphs()][-1] == "Second paragraph."
    assert doc.paragraphs()[0].text.startswith("This paragraph runs over two lines")
    assert doc.paragraphs()[0].text.endswith("Short end.")


def test_image_page_becomes_image_block_with_warning(tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    page.close()
    img_page = pdf.new_page(595, 842)
    image = pdfium.PdfImage.new(pdf)
    bitmap = pdfium.PdfBitmap.new_native(40, 60, pdfium.raw.FPDFBitmap_BGR)
    bitmap.fill_rect((128, 128, 128, 255), 0, 0, 40, 60)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(400, 600).translate(90, 100))
    img_page.insert_obj(image)
    img_page.gen_content()
    path = str(tmp_path / "with_image.pdf")
    pdf.save(path)
    # page 1 gets text written by hand so that the document has a text layer
    data = build_pdf([text(72, 700, "Cover text")])
    text_path = write(tmp_path, "text.pdf", data)
    merged = pdfium.PdfDocument(text_path)
    merged.import_pages(pdfium.PdfDocument(path), [1])
    out = str(tmp_path / "mixed.pdf")
    merged.save(out)
    doc = read(out)
    assert doc.pages == 2
    images = [b for b in doc.blocks if isinstance(b, ImageBlock)]
    assert len(images) == 1 and images[0].location.page == 2
    assert "第2页为图片，无文本层" in doc.warnings
    assert not [g for g in doc.grids() if g.location.page == 2]


# ---------------------------------------------------------------------------
# The corpus: cells read by hand from the printed pages
# ---------------------------------------------------------------------------


@cache
def corpus_doc(name: str) -> Document:
    return read(str(corpus_file(name)))


def grids_on(doc: Document, page: int) -> list[Grid]:
    return [g for g in doc.grids() if g.location.page == page]


def cell(doc: Document, page: int, index: int, row: int, col: int) -> str:
    """Text at (row, col) of the index-th grid on a page, merged cells repeated."""
    return grids_on(doc, page)[index].text_matrix()[row][col]


F002 = "002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf"
F004 = "004_jiangsu_jianchayuan_2017_yusuan.pdf"
F006 = "006_jiangsu_gaojifayuan_2018_yusuan.pdf"
F010 = "010_shanghai_caizhengju_2025_yusuan-danwei.pdf"
F011 = "011_shanghai-putuo_zhengfubangongshi_2025_yusuan.pdf"
F014 = "014_shanghai-putuo_wanlijiedao_2023_yusuan.pdf"
F019 = "019_shanghai-putuo_caizhengju_2024_juesuan.pdf"
F021 = "021_shanghai-putuo_quweishehuigongzuobu_2024_juesuan.pdf"
F022 = "022_chongqing-beibei_xinandaxue_2021_yusuan.pdf"
F025 = "025_chongqing-beibei_xinandaxue_2023_juesuan.pdf"

# (page, grid index on the page, row, column, text as printed)
HAND_READ = {
    F002: [  # 收支预算总表 p.1, 支出预算表 p.5, 政府采购预算表 pp.12-13
        (1, 0, 0, 0, "收入"),
        (1, 0, 2, 2, "功能科目名称"),
        (1, 0, 3, 0, "一、财政拨款"),
        (1, 0, 3, 1, "20,702.25"),
        (1, 0, 3, 3, "16,992.37"),
        (1, 0, 4, 5, "10,688.66"),
        (1, 0, 5, 4, "三、单位预留机动经费"),
        (1, 0, 6, 1, "147.20"),
        (5, 0, 1, 2, "20,702.25"),
        (5, 0, 3, 1, "党委办公厅（室）及相关机构事务"),
        (5, 0, 5, 0, "2013102"),
        (5, 0, 5, 2, "10,738.18"),
        (12, 0, 1, 5, "1,774.70"),
        (12, 0, 4, 3, "台式计算机（20万以下）"),
        (13, 0, 1, 3, "路由器"),
        (13, 0, 1, 5, "3.00"),
    ],
    F004: [  # 收支预算总表 p.10, 财政拨款支出预算表 and 基本支出 p.12
        (10, 0, 3, 1, "17,981.68"),
        (10, 0, 3, 5, "12,323.48"),
        (10, 0, 4, 5, "5,533.00"),
        (10, 0, 5, 5, "140.20"),
        (10, 0, 6, 3, "13,656.34"),
        (10, 0, 7, 1, "15.00"),
        (12, 1, 2, 0, "204"),
        (12, 1, 2, 2, "13,641.34"),
        (12, 1, 4, 2, "7,968.14"),
        (12, 1, 6, 1, "查办和预防职务犯罪"),
        (12, 2, 1, 2, "12,308.48"),
        (12, 2, 4, 2, "3,090.82"),
    ],
    F006: [  # 收支预算总表 pp.9-10, 收入预算总表 and 支出预算总表 p.10
        (9, 0, 3, 1, "33,172.15"),
        (9, 0, 3, 5, "18,570.82"),
        (9, 0, 4, 5, "11,343.27"),
        (10, 0, 0, 2, "十八、住房保障支出"),  # the row above p.10's first rule
        (10, 0, 0, 3, "4,716.51"),
        (10, 0, 3, 0, "当年收入小计"),
        (10, 0, 5, 5, "33,172.15"),
        (10, 1, 1, 2, "33,172.15"),
        (10, 1, 3, 1, "公共财政拨款(补助)资金"),
        (10, 2, 0, 3, "单位预留机动经费"),
        (10, 2, 1, 1, "18,570.82"),
        (10, 2, 1, 3, "3,258.06"),
        (10, 3, 0, 1, "支出"),
    ],
    F010: [  # 支出预算总表 continued on p.11 (元), 基本支出 p.19, 三公 p.20 (万元)
        (11, 0, 2, 0, "类"),
        (11, 0, 3, 0, "210"),
        (11, 0, 3, 4, "4,668,000"),
        (11, 0, 3, 5, "4,620,000"),
        (11, 0, 3, 6, "48,000"),
        (11, 0, 5, 2, "01"),
        (11, 0, 6, 1, "99"),
        (11, 0, 6, 3, "其他卫生健康支出"),
        (19, 0, 3, 3, "3,514,000"),
        (19, 0, 6, 3, "127,642,039"),
        (19, 0, 6, 4, "102,464,260"),
        (20, 0, 3, 0, "346.30"),
        (20, 0, 3, 1, "288.70"),
        (20, 0, 3, 6, "2,517.78"),
    ],
    F011: [  # 财务收支预算总表 p.8
        (8, 0, 2, 0, "一、财政拨款收入"),
        (8, 0, 2, 1, "91,016,775.35"),
        (8, 0, 2, 3, "82,096,797.42"),
        (8, 0, 3, 3, "4,213,779.28"),
        (8, 0, 4, 3, "1,097,073.43"),
        (8, 0, 5, 3, "3,609,125.22"),
        (8, 0, 3, 0, "1. 一般公共预算资金"),
        (8, 0, 5, 2, "四、住房保障支出"),
        (16, 0, 0, 4, "政府性基金预算支出"),
        (16, 0, 2, 1, "款"),
    ],
    F014: [  # 财务收支预算总表 p.10, 项目绩效目标表 p.31
        (10, 0, 2, 1, "164,978,640"),
        (10, 0, 2, 3, "2,976,800"),
        (10, 0, 3, 3, "1,252,300"),
        (10, 0, 4, 3, "100,000"),
        (10, 0, 5, 3, "200,000"),
        (10, 0, 6, 3, "27,073,236"),
        (31, 0, 1, 2, "新建万里街道社区公共服务中心"),
        (31, 0, 3, 2, "2023-01-01"),
        (31, 0, 4, 4, "4,100,000.00"),
        (31, 0, 6, 7, "0.00"),
    ],
    F019: [  # 财政拨款收支总表 p.6, 一般公共预算财政拨款支出决算表 p.15
        (6, 0, 2, 1, "2,940.05"),
        (6, 0, 2, 3, "2,106.66"),
        (6, 0, 2, 0, "一、一般公共预算财政拨款收入"),
        (15, 0, 4, 0, "201"),
        (15, 0, 4, 4, "2,106.66"),
        (15, 0, 4, 5, "1,503.52"),
        (15, 0, 4, 6, "603.14"),
        (15, 0, 6, 2, "01"),
        (15, 0, 6, 4, "1,511.89"),
        (15, 0, 6, 6, "8.37"),
    ],
    F021: [  # 收入支出决算总表 p.5, 一般公共预算财政拨款基本支出决算表 p.13
        (5, 0, 2, 1, "307.82"),
        (5, 0, 2, 3, "264.87"),
        (13, 0, 1, 2, "95.36"),
        (13, 0, 1, 5, "10.23"),
        (13, 0, 2, 1, "基本工资"),
        (13, 0, 2, 2, "14.12"),
        (13, 0, 3, 2, "39.72"),
        (13, 0, 2, 5, "3.78"),
        (13, 0, 6, 2, "10.16"),
        (13, 0, 6, 3, "30205"),
    ],
    F022: [  # 支出预算表 p.8, 财政拨款支出预算表 p.9: figures that run together in the layer
        (8, 0, 1, 2, "398,593.09"),
        (8, 0, 1, 3, "310,067.63"),
        (8, 0, 1, 4, "88,525.46"),
        (8, 0, 8, 4, "183.17"),
        (8, 0, 20, 2, "415,808.40"),
        (8, 0, 20, 3, "326,582.94"),
        (8, 0, 0, 6, "对下级单位补助支出"),
        (9, 0, 1, 2, "207,796.18"),
        (9, 0, 5, 3, "158,467.66"),
        (9, 0, 17, 0, "2210203"),
        (9, 0, 18, 4, "30,028.23"),
    ],
    F025: [  # 收入支出决算总表 p.8, 收入决算表 p.10
        (8, 0, 3, 1, "243,015.38"),
        (8, 0, 4, 1, "109.50"),
        (8, 0, 6, 1, "136,385.24"),
        (8, 0, 7, 3, "425,287.27"),
        (8, 0, 2, 0, "栏次"),
        (10, 0, 2, 2, "399,693.48"),
        (10, 0, 2, 3, "220,752.34"),
        (10, 0, 2, 6, "73,648.19"),
        (10, 0, 5, 9, "7,070.55"),
        (10, 0, 1, 6, "其中：教育收费"),
    ],
}


@pytest.mark.parametrize("name", sorted(HAND_READ))
def test_cells_read_by_hand(name):
    doc = corpus_doc(name)
    for page, index, row, col, expected in HAND_READ[name]:
        assert cell(doc, page, index, row, col) == expected, (page, index, row, col)


# pages, and pages whose text layer holds no text (image or blank)
EXPECTED_PAGES = {
    F002: 14,
    F004: 25,
    F006: 25,
    F010: 21,
    F011: 22,
    F014: 35,
    F019: 25,
    F021: 24,
    F022: 14,
    F025: 21,
}


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_every_corpus_pdf_extracts(name):
    doc = corpus_doc(name)
    assert doc.format == "pdf" and doc.pages == EXPECTED_PAGES[name]
    assert doc.grids() and doc.paragraphs()
    for g in doc.grids():
        assert g.location.page and g.location.bbox
        assert all(c.location and c.location.bbox for row in g.rows for c in row)
    # text inside a table is not also a paragraph
    for p in doc.paragraphs():
        px = (p.location.bbox[0] + p.location.bbox[2]) / 2
        py = (p.location.bbox[1] + p.location.bbox[3]) / 2
        for g in grids_on(doc, p.location.page):
            x0, top, x1, bottom = g.location.bbox
            assert not (x0 < px < x1 and top < py < bottom), (p.text, p.location)
    # blocks of each page come top to bottom
    for page in range(1, doc.pages + 1):
        tops = [
            b.location.bbox[1]
            for b in doc.blocks
            if b.location.page == page and not isinstance(b, ImageBlock)
        ]
        assert tops == sorted(tops)


def _page_paragraphs(doc: Document, page: int) -> list[str]:
    return [p.text for p in doc.paragraphs() if p.location.page == page]


def test_002_title_after_body_in_stream_comes_before_grid():
    doc = corpus_doc(F002)
    page1 = [b for b in doc.blocks if b.location.page == 1]
    assert isinstance(page1[0], Paragraph) and page1[0].text == "收支预算总表"
    assert "单位：万元" in _page_paragraphs(doc, 1)
    assert isinstance(page1[3], Grid)
    # the title frame does not end up inside the grid
    assert all("预算总表" not in t for row in page1[3].text_matrix() for t in row)


def test_002_landscape_a3_and_continuation_columns_align():
    doc = corpus_doc(F002)
    (p12,) = grids_on(doc, 12)
    (p13,) = grids_on(doc, 13)
    (p14,) = grids_on(doc, 14)
    assert p12.location.bbox[2] > 842  # wider than a portrait page: A3 landscape
    assert p12.n_cols == p13.n_cols == p14.n_cols == 6

    def col_edges(g: Grid) -> list[float]:
        edges = {}
        for row in g.rows:
            for c in row:
                edges.setdefault(c.col, c.location.bbox[0])
        return [edges[k] for k in sorted(edges)]

    assert col_edges(p12) == pytest.approx(col_edges(p13), abs=1.0)
    assert col_edges(p13) == pytest.approx(col_edges(p14), abs=1.0)


def test_unit_lines_are_paragraphs():
    assert "单位：元" in _page_paragraphs(corpus_doc(F010), 10)
    assert "单位:万元" in _page_paragraphs(corpus_doc(F010), 20)  # written with a ':'

    assert "单位：万元" in _page_paragraphs(corpus_doc(F022), 6)
    assert "单位：万元" in _page_paragraphs(corpus_doc(F019), 15)


def test_010_continuation_page_has_no_title_but_same_columns():
    doc = corpus_doc(F010)
    (p8,) = grids_on(doc, 8)
    (p9,) = grids_on(doc, 9)
    assert p8.n_cols == p9.n_cols == 9
    assert not any(t.endswith("预算总表") for t in _page_paragraphs(doc, 9))
    assert [c.location.bbox[0] for c in p8.rows[3]] == pytest.approx(
        [c.location.bbox[0] for c in p9.rows[3]], abs=1.0
    )


def test_022_figures_that_run_together_are_split_by_cells():
    doc = corpus_doc(F022)
    (grid,) = grids_on(doc, 7)[1:]
    for row in grid.text_matrix()[2:]:
        for value in row[2:]:
            assert value == "" or parse_number(value) is not None, row


def test_004_cover_image_is_reported_and_its_text_kept():
    doc = corpus_doc(F004)
    first = [b for b in doc.blocks if b.location.page == 1]
    assert any(isinstance(b, ImageBlock) for b in first)
    assert "江苏省人民检察院" in _page_paragraphs(doc, 1)


def test_019_textless_page_is_warned_not_gridded():
    doc = corpus_doc(F019)
    assert "第14页为空白页，无文字" in doc.warnings
    assert not grids_on(doc, 14)
    assert len(grids_on(doc, 15)) == 1


def test_narrative_paragraph_is_one_block():
    doc = corpus_doc(F022)
    paras = _page_paragraphs(doc, 10)
    assert any(
        p.startswith("我校 2021年收入预算 490,808.40万元") and p.endswith("占总收入的 16.65%。")
        for p in paras
    )


# ---------------------------------------------------------------------------
# pdfplumber as the oracle: the same cells with the same texts
# ---------------------------------------------------------------------------

ORACLE_PAGES = [(F010, 11), (F022, 7), (F019, 15), (F021, 13), (F011, 8), (F025, 10)]


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.mark.parametrize("name,page", ORACLE_PAGES)
def test_same_cells_as_pdfplumber(name, page):
    pdfplumber = pytest.importorskip("pdfplumber")
    doc = corpus_doc(name)
    ours = {}
    for g in grids_on(doc, page):
        for row in g.rows:
            for c in row:
                ours[tuple(round(v) for v in c.location.bbox)] = c.text
    with pdfplumber.open(str(corpus_file(name))) as pdf:
        tables = pdf.pages[page - 1].find_tables()
        assert len(tables) == len(grids_on(doc, page))
        compared = 0
        for table in tables:
            for row, texts in zip(table.rows, table.extract(), strict=True):
                for box, expected in zip(row.cells, texts, strict=True):
                    if box is None:
                        continue
                    key = next(
                        k for k in ours if all(abs(a - b) <= 1 for a, b in zip(k, box, strict=True))
                    )
                    assert _norm(ours[key]) == _norm(expected), (page, box)
                    compared += 1
    assert compared >= 20


# ---------------------------------------------------------------------------
# Through the whole extraction: table kind, row code, unit, column -> value
# ---------------------------------------------------------------------------


@cache
def corpus_extraction(name: str):
    from budgetlens.pipeline import extract

    return extract(str(corpus_file(name)))


def table_of(name: str, kind: str):
    tables = [t for t in corpus_extraction(name).tables if t.kind == kind]
    assert tables, f"no {kind} table in {name}"
    return tables[0]


def narrative_wanyuan(name: str, pattern: str):
    """The figure a narrative paragraph gives, as written, in 万元."""
    for p in corpus_doc(name).paragraphs():
        m = re.search(pattern, p.text)
        if m:
            return parse_number(m.group(1), "万元")
    raise AssertionError(f"{pattern} not found in {name}")


FINAL_TABLES = {
    "income_expenditure_summary",  # 收入支出决算总表
    "income",  # 收入决算表
    "expenditure",  # 支出决算表
    "fiscal_summary",  # 财政拨款收入支出决算总表
    "general_budget_expenditure",  # 一般公共预算财政拨款支出决算表
    "general_budget_basic_expenditure",  # 一般公共预算财政拨款基本支出决算表
    "sangong",  # 财政拨款“三公”经费支出决算表
    "gov_fund_expenditure",  # 政府性基金预算财政拨款收入支出决算表
    "state_capital_expenditure",  # 国有资本经营预算财政拨款收入支出决算表
}


def test_019_all_nine_final_account_tables_recognized():
    x = corpus_extraction(F019)
    assert x.info.kind == "final" and x.info.year == 2024
    by_kind = {t.kind: t for t in x.tables}
    assert FINAL_TABLES <= set(by_kind)
    assert all(by_kind[k].money_unit == "万元" for k in FINAL_TABLES)
    # pp.19-20 print only headers and "注：…无…支出，故本表无数据。"
    assert by_kind["gov_fund_expenditure"].empty and by_kind["state_capital_expenditure"].empty
    assert by_kind["gov_fund_expenditure"].location.page == 19


def test_019_values_by_row_code_and_column():
    general = table_of(F019, "general_budget_expenditure")  # p.15
    row = general.row_by_code("2010601")
    assert row.name == "行政运行" and row.level == "项"
    assert {k: v.text for k, v in row.values.items() if v} == {
        "合计": "1,511.89",
        "基本支出": "1,503.52",
        "项目支出": "8.37",
    }
    assert row.values["合计"].unit == "万元"
    income = table_of(F019, "income")  # p.8: 201 一般公共服务支出 2,112.86 2,106.66 6.20
    row = income.row_by_code("201")
    assert row.values["合计"].text == "2,112.86"
    assert row.values["财政拨款收入"].text == "2,106.66"
    # p.18: only 合计/预算数 and 公务接待费/预算数 are filled, both 0.95
    filled = {k: v.text for k, v in table_of(F019, "sangong").rows[0].values.items() if v}
    assert sorted(filled.values()) == ["0.95", "0.95"]
    assert any("公务接待费" in k for k in filled)
    assert all("决算数" not in k for k in filled)


def test_010_yuan_tables_meet_narrative_wanyuan():
    """010 prints its tables in 元 and its narrative in 万元 (p.6)."""
    from budgetlens.intervals import Interval

    expenditure = table_of(F010, "expenditure")  # p.10
    assert expenditure.money_unit == "元"
    row = expenditure.row_by_code("201")
    assert row.values["合计"].text == "127,886,849" and row.values["合计"].unit == "元"
    stated = narrative_wanyuan(F010, r"“一般公共服务支出”科目([\d,.]+)万元")
    assert stated.text == "12,789"
    assert Interval.of_wanyuan(row.values["合计"]).intersects(Interval.of(stated))
    summary = table_of(F010, "income_expenditure_summary")  # p.7
    fiscal = next(r for r in summary.rows if r.name == "一、财政拨款收入")
    assert fiscal.values["金额"].text == "171,915,169"
    total = narrative_wanyuan(F010, r"收入预算([\d,.]+)万元")
    assert total.text == "17,192"
    assert Interval.of_wanyuan(fiscal.values["金额"]).intersects(Interval.of(total))
    assert table_of(F010, "sangong").money_unit == "万元"  # p.20 单位:万元
    assert table_of(F010, "sangong").rows[0].values["三公经费"].text == "346.30"


def test_011_yuan_tables_meet_narrative_wanyuan():
    from budgetlens.intervals import Interval

    expenditure = table_of(F011, "expenditure")  # p.11
    assert expenditure.money_unit == "元"
    cases = {  # narrative p.6: “…-行政运行”科目1,202.95万元 …
        "2010301": ("12,029,501.84", r"行政运行”科目([\d,.]+)万元", "1,202.95"),
        "2010302": ("46,140,000.00", r"一般行政管理事务”科目([\d,.]+)万元", "4,614"),
        "2010350": ("3,807,295.58", r"事业运行”科目([\d,.]+)万元", "380.73"),
    }
    for code, (yuan, pattern, wanyuan) in cases.items():
        value = expenditure.row_by_code(code).values["合计"]
        assert value.text == yuan and value.unit == "元"
        stated = narrative_wanyuan(F011, pattern)
        assert stated.text == wanyuan
        assert Interval.of_wanyuan(value).intersects(Interval.of(stated)), code
    summary = table_of(F011, "income_expenditure_summary")  # p.8, 收入预算9,101.68万元 (p.6)
    fiscal = next(r for r in summary.rows if r.name == "一、财政拨款收入")
    total = narrative_wanyuan(F011, r"收入预算([\d,.]+)万元")
    assert Interval.of_wanyuan(fiscal.values["金额"]).intersects(Interval.of(total))
    assert table_of(F011, "sangong").rows[0].values["三公经费"].text == "867.50"


def test_debug_picture_of_a_page(tmp_path):
    pil = pytest.importorskip("PIL.Image")
    from budgetlens.readers.pdf_debug import draw_page

    path = write(tmp_path, "table.pdf", build_pdf([TABLE_PAGE]))
    out = draw_page(path, 1, str(tmp_path / "page1.png"), scale=1.0)
    with pil.open(out) as image:
        assert image.size == (595, 842)
        # a cell border of the grid is drawn in the cell colour at the grid's top-left
        assert image.getpixel((100, 842 - 700)) == (0, 70, 220)


def test_column_lines_ending_together_get_their_missing_rule():
    """A row printed at the top of a page without its top rule (corpus 006 p.16): the
    column lines end at one height where no rule is drawn; the row is still a row."""
    from budgetlens.readers.pdf_geometry import find_tables
    from budgetlens.readers.pdf_page import Edge

    xs = [60.0, 200.0, 300.0, 400.0]
    edges = [Edge("v", x, 70.0, x, 130.0) for x in xs]  # from the page top to the last rule
    edges += [Edge("h", 60.0, y, 400.0, y) for y in (100.0, 130.0)]
    (table,) = find_tables(edges)
    assert table.ys == [70.0, 100.0, 130.0] and table.n_rows == 2 and table.n_cols == 3
    # two lines alone are not a table's columns: no rule is made up for them
    assert find_tables([Edge("v", 60.0, 70.0, 60.0, 130.0), Edge("v", 200.0, 70.0, 200.0, 130.0),
                        Edge("h", 60.0, 130.0, 200.0, 130.0)]) == []


def test_a_line_ended_early_by_a_number_too_wide_for_it_continues_below():
    """019 p.21: "…住房保障支出（类）445.69万元，占" ends 32 pt short of the margin because
    "15.16%；" could not be broken, and the font's tall boxes overlap the next line's; both
    lines belong to one sentence (read on the rendered page)."""
    from budgetlens.model import Paragraph
    from budgetlens.readers import read

    doc = read(str(corpus_file("019_shanghai-putuo_caizhengju_2024_juesuan.pdf")))
    texts = ["".join(b.text.split()) for b in doc.blocks
             if isinstance(b, Paragraph) and b.location.page == 21]
    assert any("445.69万元，占15.16%；" in t and t.startswith("一般公共预算财政拨款支出2940.05万元")
               for t in texts)
    assert any("项目支出603.14万元，占20.51%；" in t for t in texts)
    assert "15.16%；" not in texts
