"""DOCX and DOC readers on Word files written here (no public filled DOCX/DOC disclosure)."""

from __future__ import annotations

import pytest

from budgetlens.errors import ReadError
from budgetlens.model import Grid, Paragraph
from budgetlens.readers import read
from builders import libreoffice_available, write_doc

docx = pytest.importorskip("docx")


def _sangong_docx(path):
    """A 三公 table shaped like 柳州 2024 表8: a two-row header with both kinds of merge."""
    d = docx.Document()
    d.add_heading("柳州市人民政府办公室2024年部门预算", level=1)
    d.add_heading("一、部门预算情况说明", level=2)
    d.add_paragraph("2024年“三公”经费预算数为10.68万元。")
    d.add_paragraph("单位：万元")
    t = d.add_table(rows=4, cols=5)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "合计"  # vertical: vMerge restart/continue
    t.cell(0, 1).merge(t.cell(1, 1)).text = "因公出国（境）费"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "公务用车购置及运行费"  # horizontal: gridSpan
    t.cell(0, 4).merge(t.cell(1, 4)).text = "公务接待费"
    t.cell(1, 2).text = "购置费"
    t.cell(1, 3).text = "运行费"
    for c, v in enumerate(["10.68", "0.00", "0.00", "6.00", "4.68"]):
        t.cell(2, c).text = v
    t.cell(3, 0).merge(t.cell(3, 4)).text = "注：本表无政府性基金。"
    d.add_paragraph("以上为2024年预算。")
    d.save(path)
    return path


def test_docx_body_order_and_headings(tmp_path):
    doc = read(str(_sangong_docx(tmp_path / "sangong.docx")))
    assert doc.format == "docx"
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["paragraph"] * 4 + ["grid", "paragraph"]
    heads = [(b.text, b.heading_level) for b in doc.paragraphs()[:3]]
    assert heads == [
        ("柳州市人民政府办公室2024年部门预算", 1),
        ("一、部门预算情况说明", 2),
        ("2024年“三公”经费预算数为10.68万元。", None),
    ]
    # paragraphs are numbered in body order; there is no source line in a Word file
    assert doc.paragraphs()[3].location.cell == "p4" and doc.paragraphs()[3].location.line is None
    assert doc.paragraphs()[-1].location.cell == "p5"


def test_docx_merges_are_spans_not_repeats(tmp_path):
    grid = read(str(_sangong_docx(tmp_path / "sangong.docx"))).grids()[0]
    assert isinstance(grid, Grid) and grid.n_cols == 5
    first = [(c.text, c.col, c.rowspan, c.colspan) for c in grid.rows[0]]
    assert first == [
        ("合计", 0, 2, 1),
        ("因公出国（境）费", 1, 2, 1),
        ("公务用车购置及运行费", 2, 1, 2),
        ("公务接待费", 4, 2, 1),
    ]
    # the covered slots of vertical merges are not repeated as cells of row 2
    assert [(c.text, c.col) for c in grid.rows[1]] == [("购置费", 2), ("运行费", 3)]
    assert grid.text_matrix()[2] == ["10.68", "0.00", "0.00", "6.00", "4.68"]
    assert [(c.text, c.colspan) for c in grid.rows[3]] == [("注：本表无政府性基金。", 5)]
    loc = grid.rows[2][4].location
    assert (loc.table, loc.cell) == ("t1", "r3c5")


def test_docx_grid_before_shifts_columns(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).text = "金额"
    t.cell(1, 1).text = "合计"
    t.cell(1, 2).text = "5.00"
    # drop the first cell of row 2 and declare it as a skipped grid column instead
    tr = t.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr_pr.insert(0, before)
    path = tmp_path / "before.docx"
    d.save(path)
    grid = read(str(path)).grids()[0]
    assert [(c.text, c.col) for c in grid.rows[1]] == [("合计", 1), ("5.00", 2)]


def test_doc_without_libreoffice_names_the_dependency(tmp_path, monkeypatch):
    from budgetlens.readers import doc as doc_reader

    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: None)
    with pytest.raises(ReadError) as err:
        doc_reader.read(str(path))
    assert "old.doc" in str(err.value)
    assert "LibreOffice (soffice)" in str(err.value)


@pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice (soffice) is not installed")
def test_doc_through_libreoffice_keeps_table_and_merges(tmp_path):
    source = _sangong_docx(tmp_path / "sangong.docx")
    doc_path = write_doc(source, tmp_path)
    doc = read(str(doc_path))
    assert doc.format == "doc" and doc.path == str(doc_path)
    assert doc.paragraphs()[0].text == "柳州市人民政府办公室2024年部门预算"
    grid = doc.grids()[0]
    assert [(c.text, c.rowspan, c.colspan) for c in grid.rows[0]] == [
        ("合计", 2, 1),
        ("因公出国（境）费", 2, 1),
        ("公务用车购置及运行费", 1, 2),
        ("公务接待费", 2, 1),
    ]
    assert grid.text_matrix()[2] == ["10.68", "0.00", "0.00", "6.00", "4.68"]
    assert all(isinstance(b, Paragraph | Grid) for b in doc.blocks)


@pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice (soffice) is not installed")
def test_damaged_doc_is_a_read_error(tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"WordDocument" + b"\x00" * 4000)
    with pytest.raises(ReadError) as err:
        read(str(path))
    assert "broken.doc" in str(err.value)


def test_docx_picture_instead_of_table(tmp_path):
    import base64

    # a 1×1 PNG stands for a table pasted as a picture
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    (tmp_path / "t.png").write_bytes(png)
    d = docx.Document()
    d.add_paragraph("表1 部门收支总体情况表")
    d.add_picture(str(tmp_path / "t.png"))
    path = tmp_path / "picture.docx"
    d.save(path)
    doc = read(str(path))
    assert [b.kind for b in doc.blocks] == ["paragraph", "image"]
    assert doc.blocks[1].location.cell == "p2"
    assert doc.warnings == ["文档没有表格：1张图片可能是以图片插入的表格，其中的数字无法读取"]
