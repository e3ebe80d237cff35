"""HTML reader: the corpus page whose tables are pictures, and pages written here."""

from __future__ import annotations

import pytest

from budgetlens.errors import ReadError
from budgetlens.model import Grid, ImageBlock
from budgetlens.readers import detect_format, read
from conftest import corpus_file

CQJT = "027_chongqing_jiaotongweiyuanhui_2018_yusuan.html"


@pytest.fixture(scope="module")
def cqjt():
    return read(str(corpus_file(CQJT)))


def test_cqjt_narrative_paragraphs(cqjt):
    texts = [p.text for p in cqjt.paragraphs()]
    # <h2> on line 13 of the page
    assert cqjt.paragraphs()[0].heading_level == 2
    assert texts[0] == "重庆市交通委员会2018年部门预算情况说明"
    # the body is one <p> on line 18 split by <br>; &nbsp; indents removed
    assert "一、单位基本情况" in texts
    assert "（一）职能职责。" in texts
    assert "二、部门预算情况说明" in texts
    budget = next(t for t in texts if t.startswith("2018年一般公共预算财政拨款收入"))
    assert budget.startswith(
        "2018年一般公共预算财政拨款收入324970.32万元，一般公共预算财政拨款支出324970.32万元"
    )
    assert (
        "２.政府采购情况。所属各预算单位政府采购预算总额6060.41万元，其中：政府采购货物预算4728.6万元、"
        "政府采购工程预算0万元、政府采购服务预算1331.81万元。"
    ) in texts
    assert all(p.location.line in (13, 15, 18) for p in cqjt.paragraphs())


def test_cqjt_tables_published_as_images(cqjt):
    assert cqjt.grids() == []
    images = [b for b in cqjt.blocks if isinstance(b, ImageBlock)]
    assert len(images) == 8  # eight remote GIFs after the narrative
    assert "93721520404823043.gif" in images[0].description
    assert "750×843" in images[0].description
    assert any("8张图片" in w for w in cqjt.warnings)
    assert cqjt.encoding == "utf-8"


def test_table_spans_and_gbk_charset(tmp_path):
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<script>document.write('广告')</script><style>p{color:red}</style></head>
<body><div class="nav">首页 &gt; 政务公开</div>
<h3>表8 “三公”经费预算表</h3><p>单位：万元</p>
<table><caption>三公经费</caption>
<tr><td rowspan="2">合计</td><td rowspan="2">因公出国（境）费</td><td colspan="2">公务用车购置及运行费</td><td rowspan="2">公务接待费</td></tr>
<tr><td>购置费</td><td>运行费</td></tr>
<tr><td>10.68</td><td>0.00</td><td>0.00</td><td>6.00</td><td>4.68</td></tr>
</table><footer>版权所有</footer></body></html>"""
    path = tmp_path / "sangong.htm"
    path.write_bytes(page.encode("gbk"))
    doc = read(str(path))
    assert doc.encoding == "gb18030"
    assert [(p.text, p.heading_level) for p in doc.paragraphs()] == [
        ("表8 “三公”经费预算表", 3),
        ("单位：万元", None),
    ]
    grid = doc.grids()[0]
    assert isinstance(grid, Grid) and grid.n_cols == 5 and grid.caption == "三公经费"
    assert [(c.text, c.col, c.rowspan, c.colspan) for c in grid.rows[0]] == [
        ("合计", 0, 2, 1),
        ("因公出国（境）费", 1, 2, 1),
        ("公务用车购置及运行费", 2, 1, 2),
        ("公务接待费", 4, 2, 1),
    ]
    # row 2's cells land after the two rowspans, in columns 2 and 3
    assert [(c.text, c.col) for c in grid.rows[1]] == [("购置费", 2), ("运行费", 3)]
    assert grid.text_matrix()[2] == ["10.68", "0.00", "0.00", "6.00", "4.68"]
    assert grid.rows[2][0].location.cell == "r3c1" and grid.rows[2][0].location.table == "t1"


def test_attachment_only_page_is_reported(tmp_path):
    page = """<html><body><p>2024年部门预算公开</p>
<p>附件：<a href="/files/2024yusuan.xls">2024年部门预算表.xls</a>
<a href="/files/shuoming.pdf">情况说明</a><img src="/images/icon_xls.gif" width="16" height="16"></p>
</body></html>"""
    path = tmp_path / "links.html"
    path.write_text(page, encoding="utf-8")
    doc = read(str(path))
    images = [b.description for b in doc.blocks if isinstance(b, ImageBlock)]
    assert images == [
        "附件：2024年部门预算表.xls（/files/2024yusuan.xls，未读取）",
        "附件：情况说明（/files/shuoming.pdf，未读取）",
    ]  # the 16×16 icon is not content
    assert doc.warnings == [
        "页面没有表格：表格在附件中（2024年部门预算表.xls、情况说明），附件未读取"
    ]


def test_layout_table_is_walked_not_gridded(tmp_path):
    page = """<html><body><table><tr><td>
<p>一、部门预算情况说明</p>
<table><tr><th>项目</th><th>预算数</th></tr><tr><td>合计</td><td>1,234.50</td></tr></table>
</td></tr></table></body></html>"""
    path = tmp_path / "layout.html"
    path.write_text(page, encoding="utf-8")
    doc = read(str(path))
    assert [b.kind for b in doc.blocks] == ["paragraph", "grid"]
    assert doc.grids()[0].text_matrix() == [["项目", "预算数"], ["合计", "1,234.50"]]


def test_external_entities_are_not_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    page = f"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>
<html><body><p>收入&xxe;合计</p></body></html>"""
    path = tmp_path / "xxe.html"
    path.write_text(page, encoding="utf-8")
    assert detect_format(str(path)) == "html"
    doc = read(str(path))
    assert all("TOP-SECRET" not in p.text for p in doc.paragraphs())


def test_empty_body_is_a_read_error(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>x</title></head><body> </body></html>", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read(str(path))
    assert "blank.html" in str(err.value)
