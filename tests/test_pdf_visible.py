"""Text a PDF page carries but does not show is not read.

Spreadsheet exports write a tall cell's whole text on every page the cell spans, each time
clipped to what that page shows. Corpus 052 (WPS 表格) carries the 主要职能 cell in the text
layer of pages 3 and 4; corpus 045 hides three tables below the foot of page 11. The
fixture is the same thing made with LibreOffice Calc: a merged narrative cell that runs
over a page break.
"""

from __future__ import annotations

import pytest

from budgetlens.model import Grid
from budgetlens.readers.pdf import read
from builders import convert, libreoffice_available
from conftest import corpus_file

# 上海市普陀区商务委员会 2025 单位预算 (corpus 052, page 3), the 主要职能 items as printed.
DUTIES = [
    "上海市普陀区商务委员会是主管全区产业经济的区政府工作部门，为正处级，加挂上海市普陀区经济"
    "委员会、上海市普陀区粮食和物资储备局牌子。",
    "1、贯彻执行国家和本市有关工商业、内外贸、粮食流通等方面的方针、政策和法律、法规及规章，"
    "并结合本区实际，制订具体实施意见。",
    "2、根据本区国民经济及社会发展总体规划，依照商贸发展和民生保障的总体要求，制订本区工商业"
    "、内外贸和战略性新兴产业相关发展战略、推进规划和年度计划并组织实施。",
    "3、负责本区工商业、内外贸运行的监测、分析并发布相关信息；建立完善预测预警机制，协调解决"
    "行业运行中的有关问题并提出对策建议。",
    "4、根据国家和本市产业政策导向，负责制定本区工业和生产性服务业园区建设中长期规划，指导特"
    "色园区建设；负责本区产业结构调整，协调相关职能部门加强对产业园区的指导和服务，推动本区工"
    "业、生产性服务业、现代服务业统计、运行和分析；负责工业领域固定资产投资项目备案工作。",
    "5、推进本区生活性服务业发展，制订并组织实施生活性服务业推进措施，协调推进生活性服务业重"
    "点领域发展，加强行业管理。",
    "6、组织协调本区现代市场体系建设，负责本区流通产业结构调整；协调本区商业转型升级和商业网"
    "点布局，指导社区商业和特色街发展；负责商贸业行业管理，提出促进商贸业发展的政策建议；推动"
    "商业企业创新商业模式，探索发展新零售新业态，积极培育引进优质品牌，加强对区内电子商务企业"
    "的指导跟踪。",
    "7、组织推进本区工商业技术进步及技术改造，制定鼓励企业技术创新相关的政策和措施，落实国家"
    "、市、区产业发展专项基金，指导本区相关企业技术创新；引导、推动企业创新技术的引进推广和产"
    "业化；指导相关企业实施国家、市、区产业科技项目，推进产学研结合和科研成果产业化；负责品牌"
    "战略的推进。建立健全中小企业服务体系，指导、促进成长型中小企业发展；推进现代服务业综合发"
    "展。",
    "8、组织协调本区工商业、煤炭、电力、石油日常运行的监控，协调、安排季节性能源调度；负责本"
    "区工商业节能降耗和资源综合利用。",
    "9、组织协调本区商品交易市场规划，承担本区重要消费品市场调控和重要生产资料流通管理；负责"
    "建立健全生活必需品市场供应应急机制，协调重要商品储备和市场调控；负责食用农产品流通管理；"
    "指导食用农产品流通环节追溯管理；负责标准化菜市场的行业规范管理；组织商品市场监控，规范流"
    "通秩序。",
    "10、提供有关境外投资的法律法规、政策等方面的咨询服务；提供外商投资企业政策咨询及其他协"
    "调性服务;按规定负责本区外商投资信息报告工作；指导区内企业经贸外事及相关服务。",
    "11、负责依法管理本区外商投资企业，协调解决企业投诉和商事调解；负责服务贸易中部分业务的"
    "统计和分析工作；推动服务贸易发展；牵头做好本区服务保障中国国际进口博览会工作。",
    "12、负责贯彻执行有关粮食流通和物资储备管理的法律、法规、规章和方针、政策。落实粮食社会"
    "责任储备。承担粮食安全责任制考核日常协调工作。负责本区粮食流通行业管理，牵头负责粮食流通"
    "监督检查；负责本区粮食市场供需和价格情况的监测和应急供应；负责帮困对象粮油供应管理和粮食"
    "流通统计；根据上海市普陀区应急管理局提出的粮食需求，按照程序进行协调采购和配送。",
    "13、完成区委、区政府交办的其他任务。",
]


@pytest.fixture(scope="module")
def overflowing_cell_pdf(tmp_path_factory):
    """A sheet whose merged narrative cell (A2:D80) is taller than the page; the cell's
    text overflows the first page and the sheet goes on to a second page (A81)."""
    openpyxl = pytest.importorskip("openpyxl")
    if not libreoffice_available():
        pytest.skip("LibreOffice (soffice) is not installed")
    from openpyxl.styles import Alignment

    out = tmp_path_factory.mktemp("visible")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要职能"
    ws["A1"] = "上海市普陀区商务委员会主要职能"
    ws["A2"] = "\n".join(DUTIES)
    ws.merge_cells("A2:D80")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws["A81"] = "单位：万元"
    for col in "ABCD":
        ws.column_dimensions[col].width = 12
    for row in range(2, 81):
        ws.row_dimensions[row].height = 18
    path = out / "duties.xlsx"
    wb.save(path)
    return convert(path, "pdf", out)


def _page_text(doc, page: int) -> str:
    """The prose read on one page (the parts of paragraphs broken by a page break included)."""
    out = []
    for p in doc.paragraphs():
        starts = [(0, p.location), *p.continued]
        for k, (start, loc) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(p.text)
            if loc.page == page:
                out.append(p.text[start:end])
    return "".join(out)


def test_overflowing_cell_is_read_only_where_it_shows(overflowing_cell_pdf):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(overflowing_cell_pdf))
    layer = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    assert len(layer) == 2
    # the trait under test: both pages' text layers hold the whole cell, page 1 below its
    # printed area, page 2 above its top; page 2 shows only "单位：万元"
    assert all("完成区委、区政府交办的其他任务" in text for text in layer)
    assert all("贯彻执行国家和本市有关工商业" in text for text in layer)

    doc = read(str(overflowing_cell_pdf))
    assert _page_text(doc, 2) == "单位：万元"
    first = _page_text(doc, 1)
    assert first.startswith("上海市普陀区商务委员会主要职能上海市普陀区商务委员会是主管全区产业经济")
    shown = "".join(p.text for p in doc.paragraphs())
    for item in DUTIES[:5]:  # printed on page 1: read there, once
        assert shown.count(item) == 1, item
    for item in DUTIES:  # no item is ever read twice
        assert shown.count(item[:20]) <= 1, item
    # the last items are clipped away on page 1 and not printed on page 2: not read at all
    assert "完成区委、区政府交办的其他任务" not in shown


def test_overflow_at_a_page_foot_is_read_on_the_next_page_only():
    """052 p.3 ends with 9、…生活必需品市场供应 and clips the rest of the cell; p.4 shows
    "应急机制，…" and items 10–13, which page 3 also carries (below its foot)."""
    doc = read(str(corpus_file("052_shanghai-putuo_shangwuweiyuanhui_2025_yusuan-danwei.pdf")))
    third, fourth = _page_text(doc, 3), _page_text(doc, 4)
    assert third.endswith("负责建立健全生活必需品市场供应")
    assert "应急机制" not in third and "10、提供有关境外投资" not in third
    assert fourth.startswith("应急机制，协调重要商品储备和市场调控")
    assert "13、完成区委、区政府交办的其他任务。" in fourth
    assert "上海市普陀区商务委员会是主管全区产业经济" not in fourth  # p.4 carries it above its top
    texts = [p.text for p in doc.paragraphs()]
    assert sum("10、提供有关境外投资的法律法规" in t for t in texts) == 1
    assert sum("应急机制，协调重要商品储备" in t for t in texts) == 1


def test_tables_below_the_page_foot_are_not_read():
    """045 p.11 shows 财政拨款支出预算表 only; the text layer also holds the next three tables
    far below the page (y 841–2690), which are printed on pages 12–13."""
    doc = read(str(corpus_file("045_jiangsu_rendachangweihui_2017_yusuan.pdf")))
    on_11 = [b for b in doc.blocks if b.location.page == 11]
    assert [b.text for b in on_11 if not isinstance(b, Grid)] == [
        "财政拨款支出预算表", "部门：", "江苏省人大常委会办公厅", "单位：万元",
    ]
    assert all(b.location.bbox[3] <= 842 for b in on_11)
