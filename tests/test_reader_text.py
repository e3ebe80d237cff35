"""Text/markdown reader on the converted corpus documents (line numbers read in the files)."""

from __future__ import annotations

import random
import sys
import types

import pytest

from budgetlens.errors import ReadError
from budgetlens.model import Grid, Paragraph
from budgetlens.readers import read as read_any
from budgetlens.readers.text import read, read_text_lines
from conftest import corpus_file

MD = "liuzhou-gov-office-2024-budget.md"
FINAL_2017 = "liujiang-gov-office-2017-final.txt"


def shape(doc) -> list[tuple]:
    """Everything a block says, without the file path (copies live under other names)."""
    out = []
    for b in doc.blocks:
        if isinstance(b, Grid):
            cells = tuple((c.row, c.col, c.text, c.location.line) for row in b.rows for c in row)
            out.append(("grid", b.location.line, b.location.end_line, b.n_cols, cells))
        else:
            out.append(("p", b.location.line, b.location.end_line, b.heading_level, b.text))
    return out


def block_at(doc, line: int):
    return next(b for b in doc.blocks if b.location.line == line)


@pytest.fixture(scope="module")
def md():
    return read(corpus_file(MD))


# --- markdown prose ----------------------------------------------------------------------


def test_markdown_document_format_and_encoding(md):
    assert md.format == "markdown"
    assert md.encoding == "utf-8"


def test_markdown_heading_level_and_markup_stripped(md):
    # line 3: "# 103柳州市人民政府办公室2024年部门预算公开说明"
    first = md.blocks[0]
    assert isinstance(first, Paragraph)
    assert (first.text, first.heading_level, first.location.line) == (
        "103柳州市人民政府办公室2024年部门预算公开说明",
        1,
        3,
    )
    # line 9: "- 一、主要职责" (list bullet); line 171: "## **八、政府性基金预算支出情况说明**"
    assert block_at(md, 9).text == "一、主要职责"
    eight = block_at(md, 171)
    assert (eight.text, eight.heading_level) == ("八、政府性基金预算支出情况说明", 2)
    # line 232: "**一、财政拨款收入：**指本级财政部门当年拨付的资金。"
    assert block_at(md, 232).text == "一、财政拨款收入：指本级财政部门当年拨付的资金。"


def test_bold_span_broken_over_two_lines_is_one_paragraph(md):
    # lines 28-29: "**第三部分 103柳州市人民政府办公室2024年部门预算报  " / "表**"
    p = block_at(md, 28)
    assert p.location.end_line == 29
    assert p.text == "第三部分 103柳州市人民政府办公室2024年部门预算报表"


def test_table_notes_are_paragraphs_with_their_line(md):
    assert block_at(md, 250).text == "表1"
    assert block_at(md, 254).text == "部门名称：103柳州市人民政府办公室"
    assert block_at(md, 256).text == "单位：万元"
    assert block_at(md, 290).text == "注：本套报表金额单位转换时可能存在四舍五入尾数误差。"
    assert block_at(md, 537).text == "财政拨款三公两费支出情况表"  # 表7 title, no markup


# --- tab-separated grids -----------------------------------------------------------------


def test_md_has_one_grid_per_page_segment(md):
    grids = md.grids()
    # 12 tables; 表3, 表5 and 表10 run over 3 segments, 表6 and 表7 over 2, 表12 over 4.
    assert len(grids) == 23
    starts = [g.location.line for g in grids]
    assert starts[:6] == [258, 298, 316, 341, 371, 384]
    assert starts[-4:] == [663, 676, 690, 699]


def test_table1_income_row_cells_and_lines(md):
    t1 = md.grids()[0]
    assert (t1.location.line, t1.location.end_line, t1.n_cols, len(t1.rows)) == (258, 288, 4, 31)
    # line 260: "一、一般公共预算拨款\t4,555.35\t一、一般公共服务支出\t3,487.74"
    row = t1.rows[2]
    assert [(c.col, c.text) for c in row] == [
        (0, "一、一般公共预算拨款"),
        (1, "4,555.35"),
        (2, "一、一般公共服务支出"),
        (3, "3,487.74"),
    ]
    assert {c.location.line for c in row} == {260}
    assert all(c.row == 2 and c.placement == "exact" for c in row)
    # line 258: "收入\t\t支出\t" — empty fields are not cells, columns stay exact
    assert [(c.col, c.text) for c in t1.rows[0]] == [(0, "收入"), (2, "支出")]


def test_leading_tabs_keep_exact_columns(md):
    t1 = md.grids()[0]
    # line 278: "\t\t十九、住房保障支出\t219.59"
    assert [(c.col, c.text) for c in t1.rows[20]] == [(2, "十九、住房保障支出"), (3, "219.59")]
    t3 = md.grids()[2]
    # line 317: "\t\t合计\t4,555.35\t3,830.34\t725.01\t0.00"
    r = t3.rows[1]
    assert r[0].location.line == 317
    assert [(c.col, c.text) for c in r[:2]] == [(2, "合计"), (3, "4,555.35")]
    assert t3.n_cols == 7


def test_widest_row_sets_grid_width(md):
    grids = md.grids()
    assert grids[1].n_cols == 15  # 表2 收入总体情况表, line 298 header with trailing tabs
    assert grids[11].n_cols == 13  # 表7 三公 table, line 543
    assert grids[15].n_cols == 19  # 表10 政府采购预算表, line 594


def test_header_repeated_after_page_break_is_kept_as_own_grid(md):
    grids = md.grids()
    first, cont = grids[2], grids[3]  # 表3 from line 316, continued at line 341
    assert [c.text for c in cont.rows[0]] == [c.text for c in first.rows[0]]
    assert cont.rows[0][0].location.line == 341
    # line 342: "2080501\t\t行政单位离退休\t3.00\t3.00\t0.00\t0.00"
    assert [(c.col, c.text) for c in cont.rows[1][:3]] == [
        (0, "2080501"),
        (2, "行政单位离退休"),
        (3, "3.00"),
    ]


def test_registry_dispatches_markdown_to_text_reader():
    doc = read_any(str(corpus_file(MD)))
    assert doc.format == "markdown" and len(doc.grids()) == 23


# --- plain text --------------------------------------------------------------------------


def test_plain_text_one_paragraph_per_line():
    doc = read(corpus_file("liuzhou-gov-office-2019-budget.txt"))
    assert doc.format == "text" and doc.grids() == []
    first = doc.blocks[0]
    # line 1: " 第一部分：柳州市人民政府办公室概况" (leading space dropped)
    assert (first.text, first.location.line) == ("第一部分：柳州市人民政府办公室概况", 1)
    # lines 7-8 are consecutive lines: two paragraphs
    assert block_at(doc, 7).text.startswith("（一）负责办理自治区人民政府")
    assert block_at(doc, 8).text.startswith("（二）协助人民政府领导同志")


def test_converter_bookmark_residue_removed():
    doc = read(corpus_file("dianjiang-gov-office-2024-budget.txt"))
    # line 67: "[bookmark: _GoBack]（一）机关运行经费。2024年一般公共预算…"
    assert block_at(doc, 67).text.startswith("（一）机关运行经费。2024年")


# --- flattened tables (one cell per line) ------------------------------------------------


@pytest.fixture
def captured_regions(monkeypatch):
    calls: list[list[tuple[int, str]]] = []
    fake = types.ModuleType("budgetlens.readers.flattened")

    def rebuild(lines, path):
        calls.append(lines)
        return []

    fake.rebuild = rebuild
    monkeypatch.setitem(sys.modules, "budgetlens.readers.flattened", fake)
    return calls


def test_flattened_regions_handed_over_whole(captured_regions):
    doc = read(corpus_file(FINAL_2017))
    spans = [(r[0][0], r[-1][0]) for r in captured_regions]
    # 表一 … 表八: from the first cell line to the last cell line (empty cells included)
    assert spans == [
        (36, 107),
        (115, 350),
        (357, 586),
        (594, 752),
        (759, 886),
        (894, 1005),
        (1014, 1067),
        (1075, 1158),
    ]
    first = captured_regions[0]
    assert first[0] == (36, "\t收    入")
    assert (38, "") in first  # blank lines inside a region are passed on
    # the unindented halves of broken header cells stay inside 表七 (lines 1018-1019)
    table7 = dict(captured_regions[6])
    assert table7[1018] == "\t因公出国" and table7[1019] == "（境）费"
    assert table7[1022] == "待费"
    # the tab-indented "单位：万元" (line 34) is the table's unit note, a paragraph
    assert block_at(doc, 34).text == "单位：万元"
    assert block_at(doc, 32).text == "表一：收入支出决算总表"
    assert block_at(doc, 110).text.startswith("注：本表反映部门本年度的总收支")


def test_flattened_fallback_without_rebuilder(monkeypatch):
    monkeypatch.setitem(sys.modules, "budgetlens.readers.flattened", None)  # import fails
    doc = read(corpus_file(FINAL_2017))
    # line 44 "\t一、财政拨款", line 45 "\t1480.66": each cell line becomes a paragraph
    assert block_at(doc, 44).text == "一、财政拨款"
    assert block_at(doc, 45).text == "1480.66"
    assert not any(b.location.line == 64 for b in doc.blocks)  # "\t" alone: an empty cell
    assert doc.warnings[0] == "第36-107行的表格（每行一格）未能重建，按段落读取"
    assert len(doc.warnings) == 8


# --- encodings ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def md_text():
    return corpus_file(MD).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("codec", "bom", "reported"),
    [
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),  # no BOM: told by the NUL pattern
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ],
)
def test_reencoded_copy_gives_same_blocks(tmp_path, md, md_text, codec, bom, reported):
    copy = tmp_path / f"copy-{codec}.md"
    copy.write_bytes(bom + md_text.encode(codec))
    doc = read(copy)
    assert doc.encoding == reported
    assert shape(doc) == shape(md)
    assert (
        read_text_lines(copy)[259]
        == "一、一般公共预算拨款\t4,555.35\t一、一般公共服务支出\t3,487.74"
    )


def test_gb18030_only_characters(tmp_path):
    # the 2019 text has no-break spaces, which GBK cannot encode and GB18030 can
    src = corpus_file("liuzhou-gov-office-2019-budget.txt")
    original = read(src)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(src.read_text(encoding="utf-8").encode("gb18030"))
    doc = read(copy)
    assert doc.encoding == "gb18030"
    assert shape(doc) == shape(original)


def test_crlf_line_endings_keep_line_numbers(tmp_path, md, md_text):
    copy = tmp_path / "crlf.md"
    copy.write_bytes(md_text.replace("\n", "\r\n").encode("utf-8"))
    assert shape(read(copy)) == shape(md)


def test_flattened_file_in_gbk(tmp_path, captured_regions):
    src = corpus_file(FINAL_2017)
    copy = tmp_path / "final.txt"
    copy.write_bytes(src.read_text(encoding="utf-8").encode("gbk"))
    doc = read(copy)
    assert doc.encoding == "gb18030"
    assert captured_regions[0][0] == (36, "\t收    入")


def test_statistical_guess_is_the_last_resort(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Budget report for the café, total 1,234.50\n".encode("cp1252") * 20)
    doc = read(p)
    assert doc.encoding not in ("utf-8", "gb18030")
    assert doc.blocks[0].text == "Budget report for the café, total 1,234.50"


# --- bad input ---------------------------------------------------------------------------


def test_zero_byte_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(ReadError, match="zero-byte") as e:
        read(p)
    assert e.value.path == str(p)


def test_whitespace_only_file(tmp_path):
    p = tmp_path / "blank.md"
    p.write_text(" \n\t\n\u3000\n\n", encoding="utf-8")
    with pytest.raises(ReadError, match="empty file"):
        read(p)


def test_binary_junk(tmp_path):
    rng = random.Random(7)
    p = tmp_path / "junk.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000)))
    with pytest.raises(ReadError, match="binary"):
        read(p)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="cannot open"):
        read(tmp_path / "nope.txt")
