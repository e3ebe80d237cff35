"""Sections and metadata of the five converted corpus documents, as read by hand."""

from __future__ import annotations

import pytest

from budgetlens.model import Document, Grid, Location, Paragraph
from budgetlens.readers.text import read
from budgetlens.structure import analyze, level_of
from conftest import corpus_file

MD = "liuzhou-gov-office-2024-budget.md"
DOC_2019 = "liuzhou-gov-office-2019-budget.txt"
DOC_2022 = "liujiang-gov-service-center-2022-budget.txt"
FINAL_2017 = "liujiang-gov-office-2017-final.txt"
DIANJIANG = "dianjiang-gov-office-2024-budget.txt"


def load(name: str):
    doc = read(corpus_file(name))
    return doc, analyze(doc)


def real(info, level: int):
    return [s for s in info.sections if s.level == level and not s.toc]


# --- metadata ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "department", "code", "year", "kind", "scope", "level"),
    [
        # line 3: "# 103柳州市人民政府办公室2024年部门预算公开说明"
        (MD, "柳州市人民政府办公室", "103", 2024, "budget", "department", "市"),
        # line 119: "第三部分：柳州市人民政府办公室2019年部门预算情况说明" (no title line)
        (DOC_2019, "柳州市人民政府办公室", None, 2019, "budget", "department", "市"),
        # line 24: "2022年，柳江区政务服务中心…"; line 35: "第二部分：单位预算公开表"
        (DOC_2022, "柳江区政务服务中心", None, 2022, "budget", "unit", "区"),
        # line 31: "第二部分：柳江区人民政府办公室2017年部门决算报表"
        (FINAL_2017, "柳江区人民政府办公室", None, 2017, "final", "department", "区"),
        # lines 1-2: "垫江县人民政府办公室" / "2024年部门预算情况说明"
        (DIANJIANG, "垫江县人民政府办公室", None, 2024, "budget", "department", "县"),
    ],
)
def test_metadata(name, department, code, year, kind, scope, level):
    _, info = load(name)
    assert (info.department, info.department_code, info.year) == (department, code, year)
    assert (info.kind, info.scope, info.level) == (kind, scope, level)


def test_titles():
    assert load(MD)[1].title == "103柳州市人民政府办公室2024年部门预算公开说明"
    assert load(DIANJIANG)[1].title == "垫江县人民政府办公室2024年部门预算情况说明"
    assert load(DOC_2019)[1].title is None  # the file starts at 第一部分


def test_units_from_table_rows_in_md():
    _, info = load(MD)
    # 表2 部门收入总体情况表, lines 303-308
    assert [(u.code, u.name) for u in info.units] == [
        ("103001", "柳州市人民政府办公室"),
        ("103002", "广西壮族自治区柳州市人民政府驻北京联络处"),
        ("103003", "广西壮族自治区柳州市人民政府驻上海联络处"),
        ("103004", "广西壮族自治区柳州市人民政府驻广州深圳办事处"),
        ("103006", "广西壮族自治区柳州市人民政府驻南宁办事处"),
        ("103007", "柳州市12345政务服务热线管理中心"),
    ]


def test_units_from_narrative_list_2017():
    _, info = load(FINAL_2017)
    # line 29: "5个单位分别为：柳江区人民政府办公室本级，柳江区人民政府接待办，…"
    assert [(u.code, u.name) for u in info.units] == [
        (None, "柳江区人民政府办公室本级"),
        (None, "柳江区人民政府接待办"),
        (None, "柳江区人民政府法制办"),
        (None, "柳江区人民政府调解处理土地山林水利纠纷办公室"),
        (None, "柳江区信息中心"),
    ]


def test_units_listed_one_per_line_2019():
    _, info = load(DOC_2019)
    # lines 26-41: "（一）行政单位7个，分别是：" then "1.…" to "7.…"; "（二）…事业单位1个，是…"
    assert [u.name for u in info.units] == [
        "柳州市人民政府办公室机关本级",
        "柳州市人民政府驻北京联络处",
        "柳州市人民政府驻上海联络处",
        "柳州市人民政府驻广州办事处",
        "柳州市人民政府驻深圳办事处",
        "柳州市人民政府驻南宁办事处",
        "柳州市人民政府机关后勤服务中心",
        "柳州市政府热线“12345”",
    ]


def test_units_from_budget_scope_sentence_dianjiang():
    _, info = load(DIANJIANG)
    # line 4: "…2024年部门预算包括：垫江县人民政府办公室（本级）、…、垫江县公共资源交易中心。"
    assert [u.name for u in info.units] == [
        "垫江县人民政府办公室（本级）",
        "垫江县人民政府电子政务中心",
        "垫江县机关后勤服务中心",
        "垫江县群众工作服务中心",
        "垫江县自然灾害预警预防信息中心",
        "垫江县公共资源交易中心",
    ]


def test_single_unit_document_states_no_units():
    assert load(DOC_2022)[1].units == []


# --- sections ----------------------------------------------------------------------------


def test_md_parts_and_table_of_contents():
    doc, info = load(MD)
    parts = real(info, 1)
    assert [s.number for s in parts] == ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分"]
    assert [s.location.line for s in parts] == [35, 87, 213, 230, 248]
    toc = [s for s in info.sections if s.toc]
    assert len(toc) == 20  # lines 7-33 under "# 目 录"
    assert all(s.location.line < 35 for s in toc)
    # a contents entry never reaches into the body
    first_real = parts[0].block_start
    assert all(s.block_end <= first_real for s in toc)
    assert [s.title for s in real(info, 2)][:3] == [
        "主要职责",
        "机构设置情况",
        "部门收支预算情况说明",
    ]


def test_md_section_ranges():
    doc, info = load(MD)
    seven = next(s for s in real(info, 2) if s.number == "七、")
    assert seven.title == "一般公共预算“三公”经费情况说明"
    # line 157 heading; its blocks end with line 169; "八、" starts at line 171
    assert doc.blocks[seven.block_start].location.line == 157
    assert doc.blocks[seven.block_end - 1].location.line == 169
    assert doc.blocks[seven.block_end].location.line == 171
    inner = [s for s in info.sections if seven.block_start < s.block_start < seven.block_end]
    assert [(s.level, s.number) for s in inner] == [
        (3, "（一）"),
        (3, "（二）"),
        (3, "（三）"),
        (4, "1."),
        (4, "2."),
    ]
    annex = real(info, 1)[-1]
    assert annex.title == "附件" and annex.block_end == len(doc.blocks)
    assert sum(isinstance(b, Grid) for b in doc.blocks[annex.block_start : annex.block_end]) == 23


def test_numbered_paragraph_title_is_cut_at_its_first_clause():
    _, info = load(MD)
    # line 97: "（一）一般公共预算拨款收入4,555.35万元，同比增加182.38万元，…"
    s = next(s for s in info.sections if s.location.line == 97)
    assert (s.level, s.number, s.title) == (3, "（一）", "一般公共预算拨款收入4,555.35万元")
    # line 232: "**一、财政拨款收入：**指本级财政部门当年拨付的资金。"
    s = next(s for s in info.sections if s.location.line == 232)
    assert s.title == "财政拨款收入"


def test_2017_sections():
    doc, info = load(FINAL_2017)
    assert [s.title for s in real(info, 1)] == [
        "柳江区人民政府办公室概况",
        "柳江区人民政府办公室2017年部门决算报表",
        "柳江区人民政府办公室2017年度部门决算情况说明",
        "名词解释",
    ]
    explanation = real(info, 1)[2]
    under = [
        s for s in real(info, 2) if explanation.block_start < s.block_start < explanation.block_end
    ]
    assert [s.number for s in under] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
        "七、",
        "八、",
        "九、",
    ]
    # the tables (lines 32-1161) lie inside 第二部分, which ends where 第三部分 starts (line 1163)
    tables = real(info, 1)[1]
    assert doc.blocks[tables.block_end].location.line == 1163
    assert doc.blocks[tables.block_end - 1].location.line == 1161


def test_2022_sections_keep_numbers_as_written():
    _, info = load(DOC_2022)
    assert len(real(info, 1)) == 4
    # "(一）" with mixed brackets (line 25) and the missing （三） before （四） (line 121)
    numbers = {s.location.line: s.number for s in info.sections}
    assert numbers[25] == "(一）"
    assert numbers[121] == "（四）"


def test_dianjiang_sections_without_parts():
    _, info = load(DIANJIANG)
    assert real(info, 1) == []
    assert [s.title for s in real(info, 2)] == [
        "单位基本情况",
        "部门收支总体情况",
        "部门预算情况说明",
        "“三公”经费情况说明",
        "其他重要事项的情况说明",
        "专业性名词解释",
    ]


def test_2019_sections():
    _, info = load(DOC_2019)
    assert [s.number for s in real(info, 1)] == ["第一部分", "第三部分", "第四部分"]
    third = real(info, 1)[1]
    under = [s for s in real(info, 2) if third.block_start < s.block_start < third.block_end]
    assert len(under) == 12  # 一、 … 十二、 (lines 120-208)


# --- format-free behaviour ---------------------------------------------------------------


def _doc(*texts: str) -> Document:
    blocks = [Paragraph(t, Location(path="x.pdf", page=1 + i // 10)) for i, t in enumerate(texts)]
    return Document(path="x.pdf", format="pdf", blocks=blocks)


def test_title_after_the_body_as_in_pdf_tables():
    info = analyze(
        _doc(
            "一、部门收支总体情况",
            "2016年预算数为1,234.00万元，比2016年预算增加。",
            "中共江苏省委办公厅2017年部门预算",
        )
    )
    assert info.title == "中共江苏省委办公厅2017年部门预算"
    assert (info.department, info.year, info.kind, info.level) == (
        "中共江苏省委办公厅",
        2017,
        "budget",
        "省",
    )


def test_year_from_headings_not_from_years_in_passing():
    info = analyze(
        _doc(
            "第一部分 某某局概况",
            "比2023年预算减少，比2023年预算增加，与2023年预算持平。",
            "第二部分 某某局2024年部门预算情况说明",
            "2023年预算数为5.00万元。",
        )
    )
    assert info.year == 2024


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("柳州市人民政府办公室", "市"),
        ("广西壮族自治区柳州市人民政府驻北京联络处", "市"),
        ("柳江区人民政府办公室", "区"),
        ("垫江县人民政府办公室", "县"),
        ("上海市普陀区人民政府办公室", "区"),
        ("中共江苏省委办公厅", "省"),
        ("江苏省人民检察院", "省"),
        ("柳州市城市管理行政执法局", "市"),
        ("西南大学", None),
        (None, None),
    ],
)
def test_level_of(name, level):
    assert level_of(name) == level


def test_title_over_two_lines_and_toc_marker_over_two_lines():
    # as printed on the cover and contents page of 021_…_2024_juesuan.pdf and 004_….pdf
    info = analyze(
        _doc(
            "中共上海市普陀区委社会工作部 2024 年度",
            "部门决算",
            "目",
            "录",
            "第一部分中共上海市普陀区委社会工作部概况",
            "一、主要职能",
            "第一部分中共上海市普陀区委社会工作部概况",
            "一、主要职能",
            "中共上海市普陀区委社会工作部负责贯彻落实党中央有关方针政策。",
        )
    )
    assert info.title == "中共上海市普陀区委社会工作部 2024 年度部门决算"
    assert (info.department, info.year, info.kind, info.level) == (
        "中共上海市普陀区委社会工作部",
        2024,
        "final",
        "区",
    )
    assert [(s.toc, s.block_start, s.block_end) for s in info.sections] == [
        (True, 4, 6),
        (True, 5, 6),
        (False, 6, 9),
        (False, 7, 9),
    ]


def test_heading_printed_without_its_number_takes_it_from_the_contents():
    # 021_…_2024_juesuan.pdf: 目录 lists "第二部分…部门决算表", the body prints the name only
    doc = _doc(
        "目录",
        "第一部分某某部概况",
        "第二部分某某部 2024 年度部门决算表",
        "一、收入支出决算总表",
        "第一部分某某部概况",
        "某某部负责贯彻落实有关工作要求。",
        "某某部2024 年度部门决算表",
        "收入支出决算总表",
        "单位：万元",
    )
    doc.blocks.append(Grid(rows=[], n_cols=4, location=Location(path="x.pdf", page=5)))
    info = analyze(doc)
    body = [(s.number, s.title, s.block_start, s.block_end) for s in info.sections if not s.toc]
    assert body == [
        ("第一部分", "某某部概况", 4, 6),
        ("第二部分", "某某部2024 年度部门决算表", 6, 10),
        ("一、", "收入支出决算总表", 7, 10),
    ]
