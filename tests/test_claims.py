"""Narrative claims read from the five converted corpus documents, checked by hand.

Every expected value below was read from the document at the cited line.
"""

from __future__ import annotations

from decimal import Decimal as D
from functools import cache

import pytest

from budgetlens.model import Claim, Document, DocumentInfo, Location, Paragraph
from budgetlens.readers import read
from budgetlens.recognize.claims import extract_claims, split_respectively
from budgetlens.recognize.tables import recognize_tables
from budgetlens.structure import analyze
from conftest import corpus_file

L2019 = "liuzhou-gov-office-2019-budget.txt"
L2024 = "liuzhou-gov-office-2024-budget.md"
LJ2022 = "liujiang-gov-service-center-2022-budget.txt"
LJ2017 = "liujiang-gov-office-2017-final.txt"
DJ2024 = "dianjiang-gov-office-2024-budget.txt"


@cache
def _claims(name: str) -> tuple[Claim, ...]:
    doc = read(str(corpus_file(name)))
    info = analyze(doc)
    return tuple(extract_claims(doc, info, recognize_tables(doc, info)))


def claims_of(name: str) -> tuple[Claim, ...]:
    corpus_file(name)  # skips when the corpus is absent
    return _claims(name)


def find(name: str, line: int, kind: str, text: str, subject: str | None = None) -> Claim:
    hits = [c for c in claims_of(name) if c.location.line == line and c.kind == kind
            and c.value.text.replace(" ", "") == text and subject in (None, c.subject)]
    assert hits, f"no {kind} claim {text} ({subject}) on line {line} of {name}"
    return hits[0]


# (document, line, kind, figure as written, subject, concept, value, period, direction)
CASES = [
    # liuzhou 2019 l.142: 印刷费5.85万元，同比增加0.57万元，同比增长1.1% (经济分类 30202 印刷费,
    # a name only that 款 carries in 2019)
    (L2019, 142, "amount", "5.85万元", "印刷费", "expenditure.economic.30202", "5.85", "current", None),
    (L2019, 142, "change", "0.57万元", "印刷费", "expenditure.economic.30202", "0.57", "current", 1),
    (L2019, 142, "growth", "1.1%", "印刷费", "expenditure.economic.30202", "1.1", "current", 1),
    # l.140: 基本工资450.40万元，同比减少20.99万元，同比下降4.5%
    (L2019, 140, "change", "20.99万元", "基本工资", "expenditure.economic.30101", "20.99", "current", -1),
    # l.145: “三公”经费支出预算110.76万元，比2018年预算48.45万元
    (L2019, 145, "amount", "48.45万元", None, "sangong.total", "48.45", "prior", None),
    (L2019, 145, "amount", "110.76万元", None, "sangong.total", "110.76", "current", None),
    # l.128: （一）201类一般公共服务支出3066.74万元
    (L2019, 128, "amount", "3066.74万元", "201类一般公共服务支出", "expenditure.function.201",
     "3066.74", "current", None),
    # l.171: 行政运行（政府办公厅（室）及相关机构事务）: no tables in the file; the 款 in brackets
    # names one code of the 2019 catalogue (20103), and 行政运行 one 项 under it
    (L2019, 171, "amount", "1311.21万元", "行政运行（政府办公厅（室）及相关机构事务）",
     "expenditure.function.2010301",
     "1311.21", "current", None),
    # l.211: 机关运行经费财政拨款预算483.69万元，同比减少299.41万元
    (L2019, 211, "change", "299.41万元", None, "admin_operating", "299.41", "current", -1),
    # l.215: 实有车辆22辆
    (L2019, 215, "count", "22辆", "实有车辆", "count.vehicles", "22", "current", None),
    # liuzhou 2024 l.91: 2024年部门收支总预算4,555.35万元，同比增加182.38万元
    (L2024, 91, "amount", "4,555.35万元", "部门收支总预算", "expenditure.total", "4555.35", "current", None),
    (L2024, 91, "change", "182.38万元", "部门收支总预算", "expenditure.total", "182.38", "current", 1),
    # l.131: …行政运行（项）支出2,154.41万元，其中：基本支出预算1,960.81万元
    (L2024, 131, "amount", "2,154.41万元", None, "expenditure.function.2010301", "2154.41", "current", None),
    (L2024, 131, "amount", "1,960.81万元", "基本支出预算", None, "1960.81", "current", None),
    # l.159: 27.02万元，比2023年预算33.71万元，同比减少6.69万元，同比下降19.85%
    (L2024, 159, "amount", "33.71万元", None, "sangong.total", "33.71", "prior", None),
    (L2024, 159, "growth", "19.85%", None, "sangong.total", "19.85", "current", -1),
    # l.207: 行政运行经费预算463.30万元，同比减少6.04万元
    (L2024, 207, "amount", "463.30万元", "行政运行经费预算", "admin_operating", "463.30", "current", None),
    # liujiang 2022 l.52: 同比减少134.6元 (unit kept as written)
    (LJ2022, 52, "change", "134.6元", "一般公共服务类科目支出预算", "expenditure.function.201",
     "134.6", "current", -1),
    # l.102: 公务用车购置费及运行费0万元; l.104: 公务用车运行维护费1.8万元，同比增长100%
    (LJ2022, 102, "amount", "0万元", "公务用车购置费及运行费", "sangong.vehicle", "0", "current", None),
    (LJ2022, 104, "amount", "1.8万元", "公务用车运行维护费", "sangong.vehicle.operation", "1.8",
     "current", None),
    (LJ2022, 104, "growth", "100%", "公务用车运行维护费", "sangong.vehicle.operation", "100", "current", 1),
    # l.46: 同比增长（下降）0%: the template gives no direction
    (LJ2022, 46, "growth", "0%", None, "revenue.gov_fund", "0", "current", None),
    # liujiang 2017 l.1178: 财政拨款收、支总决算1480.66万元、1404.09万元 … 下降了7.13%、51.85%
    (LJ2017, 1178, "amount", "1480.66万元", "财政拨款收入总决算", "revenue.fiscal", "1480.66", "current", None),
    (LJ2017, 1178, "amount", "1404.09万元", "财政拨款支出总决算", "expenditure.current", "1404.09",
     "current", None),
    (LJ2017, 1178, "growth", "51.85%", "财政拨款支出总计", "expenditure.total", "51.85", "current", -1),
    # l.1190: 年初预算为1391.91万元，支出决算为1382.33万元
    (LJ2017, 1190, "amount", "1391.91万元", None, "expenditure.current", "1391.91", "budget", None),
    (LJ2017, 1190, "amount", "1382.33万元", None, "expenditure.current", "1382.33", "current", None),
    # l.1192: 行政运行（项）。年初预算为512.70万元 (code from the document's own tables)
    (LJ2017, 1192, "amount", "512.70万元", None, "expenditure.function.2010301", "512.70", "budget", None),
    # l.1224: 全年实际支出比预算有所节约322.65万元 (the 三公 total, against the budget)
    (LJ2017, 1224, "change", "322.65万元", None, "sangong.total", "322.65", "current", -1),
    # l.1234: 因公出国（境）团组1个
    (LJ2017, 1234, "count", "1个", None, "count.delegations", "1", "current", None),
    # dianjiang 2024 l.65: “三公”经费预算115.4万元，比2023年增加23.7万元
    (DJ2024, 65, "amount", "115.4万元", "“三公”经费预算", "sangong.total", "115.4", "current", None),
    (DJ2024, 65, "change", "23.7万元", "“三公”经费预算", "sangong.total", "23.7", "current", 1),
    # l.59: 上年结余1.31万元
    (DJ2024, 59, "amount", "1.31万元", "上年结余", "revenue.carryover", "1.31", "current", None),
    # l.62: 基本支出2317.42万元
    (DJ2024, 62, "amount", "2317.42万元", "基本支出", "expenditure.basic", "2317.42", "current", None),
]


@pytest.mark.parametrize("name, line, kind, text, subject, concept, value, period, direction", CASES)
def test_claim_read_by_hand(name, line, kind, text, subject, concept, value, period, direction):
    c = find(name, line, kind, text, subject)
    assert c.concept == concept
    assert c.value.value == D(value)
    assert c.period == period
    assert c.direction == direction


def test_precision_and_units_as_written():
    c = find(L2024, 91, "amount", "4,555.35万元")
    assert c.value.precision == D("0.01") and c.value.unit == "万元"
    g = find(L2019, 141, "growth", "16%")  # 同比增长16%: stated to whole percent
    assert g.value.precision == D("1") and g.value.unit == "%"
    slip = find(LJ2022, 52, "change", "134.6元")
    assert slip.value.unit == "元"


def test_share_base_resolved():
    s = find(L2019, 201, "share", "27.5%")  # 占政府采购预算的27.5%
    assert s.base == "政府采购预算" and s.base_concept == "procurement.total"
    assert s.concept == "procurement.centralized"
    s = find(L2024, 107, "share", "76.56%")  # 占支出总预算76.56%
    assert s.base == "支出总预算" and s.base_concept == "expenditure.total"


def test_scope_from_section_and_words():
    # 二、一般公共预算支出情况说明 (l.124) -> general; 七、部门支出预算情况说明 (l.166) -> all
    assert find(L2019, 128, "amount", "3066.74万元").scope == "general"
    assert find(L2019, 186, "amount", "2321.15万元").scope == "all"
    # 一、财政拨款收支预算情况说明 (l.120)
    assert find(L2019, 122, "amount", "3797.64万元").scope == "fiscal"
    # （一）2022年部门预算全口径安排的“三公”经费 (l.90) vs （二）一般公共预算资金安排 (l.94)
    assert find(LJ2022, 92, "amount", "3.39万元").scope == "all"
    assert find(LJ2022, 96, "amount", "3.39万元").scope == "general"


def test_four_claims_about_one_subject():
    # l.107: 一般公共服务支出3,487.74万元，占支出总预算76.56%，同比增加89.97万元，同比增长2.65%
    line = [c for c in claims_of(L2024) if c.location.line == 107 and c.kind != "count"]
    assert [c.kind for c in line] == ["amount", "share", "change", "growth"]
    assert {c.concept for c in line} == {"expenditure.function.201"}


def test_no_years_dates_phones_or_item_numbers():
    for name in (L2019, L2024, LJ2022, LJ2017, DJ2024):
        for c in claims_of(name):
            assert not (c.value.value >= 1990 and c.value.value <= 2100 and c.value.precision == 1
                        and c.kind == "amount"), c
    # dianjiang l.78: 联系方式：023-74522003
    assert not [c for c in claims_of(DJ2024) if c.location.line == 78]
    # liuzhou 2024 l.199-201: 设2条数量指标 … counts of 指标 are not claims
    assert not [c for c in claims_of(L2024) if c.location.line in (199, 201)]


def test_sentence_broken_over_lines_is_joined():
    text = "2024年政府采购预算78.45万元，同比增加21.28万元，同比增"
    blocks = [
        Paragraph(text="七、部门支出预算情况说明", location=Location(path="x.txt", line=1)),
        Paragraph(text=text, location=Location(path="x.txt", line=2)),
        Paragraph(text="长37.22%。", location=Location(path="x.txt", line=4)),
    ]
    claims = extract_claims(Document("x.txt", "text", blocks), DocumentInfo(year=2024), [])
    growth = [c for c in claims if c.kind == "growth"]
    assert len(growth) == 1 and growth[0].value.value == D("37.22")
    assert growth[0].location.line == 4 and growth[0].concept == "procurement.total"
    assert claims[0].location.line == 2 and claims[0].location.end_line == 4


def test_split_respectively():
    assert split_respectively("财政拨款收、支总决算") == ["财政拨款收入总决算", "财政拨款支出总决算"]
    assert split_respectively("一般公共服务支出") == ["一般公共服务支出"]


def test_wording_variants():
    lines = ["三、部门支出预算情况说明",
             "2024年部门支出总预算1.2亿元，比上年增长率为4.17%，增幅较上年提高2个百分点。",
             "基本支出3,830.34万元，占比为84.08%，降幅为1.5%。"]
    blocks = [Paragraph(text=t, location=Location(path="x.txt", line=i + 1)) for i, t in enumerate(lines)]
    claims = extract_claims(Document("x.txt", "text", blocks), DocumentInfo(year=2024, kind="budget"), [])
    got = [(c.kind, c.concept, c.value.text, c.direction, c.base) for c in claims]
    assert got == [
        ("amount", "expenditure.total", "1.2亿元", None, None),
        ("growth", "expenditure.total", "4.17%", 1, None),  # 2个百分点 is not a count
        ("amount", "expenditure.basic", "3,830.34万元", None, None),
        ("share", "expenditure.basic", "84.08%", None, None),
        ("growth", "expenditure.basic", "1.5%", -1, None),
    ]
    assert claims[0].value.in_wanyuan().value == D("12000.0")


def _pdf_claims(name: str, page: int) -> list[Claim]:
    from budgetlens.pipeline import extract

    return [c for c in extract(str(corpus_file(name))).claims if c.location.page == page]


def test_wan_without_yuan_is_money():
    # 046 p.10: "综合管理费专项增加209万用于办公用房租赁"
    hits = [c for c in _pdf_claims("046_jiangsu_rendachangweihui_2019_yusuan.pdf", 10)
            if c.value.text == "209万"]
    assert [(c.kind, c.subject, c.value.value, c.value.unit, c.direction) for c in hits] == [
        ("change", "综合管理费专项", D("209"), "万元", 1)]
    lines = ["七、“三公”经费预算情况说明",
             "2024年“三公”经费预算0.39 万，比上年减少0.10 万。",
             "其中：公务接待费0.39 万\n元，公务用车购置及运行费0万。"]
    blocks = [Paragraph(text=t, location=Location(path="x.txt", line=i + 1)) for i, t in enumerate(lines)]
    claims = extract_claims(Document("x.txt", "text", blocks), DocumentInfo(year=2024, kind="budget"), [])
    got = [(c.kind, c.concept, c.value.value, c.value.unit, c.value.text) for c in claims]
    assert got == [
        ("amount", "sangong.total", D("0.39"), "万元", "0.39万"),
        ("change", "sangong.total", D("0.10"), "万元", "0.10万"),
        ("amount", "sangong.reception", D("0.39"), "万元", "0.39万元"),
        ("amount", "sangong.vehicle", D("0"), "万元", "0万"),
    ]


def test_wan_before_a_measure_word_is_not_money():
    # 022 p.3 "校舍面积 187 万平方米"; p.4 "现有在校学生 5万余人，其中普通本科生近 4万人"
    # 025 p.3 "校舍面积 199 万平方米"
    for name, page in (("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf", 3),
                       ("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf", 4),
                       ("025_chongqing-beibei_xinandaxue_2023_juesuan.pdf", 3)):
        money = [c for c in _pdf_claims(name, page) if c.value.unit in ("万元", "亿元", "元")]
        assert not [c for c in money if c.value.value in (D("187"), D("199"), D("5"), D("4"))]


def _read_lines(lines: list[str], info: DocumentInfo) -> list[Claim]:
    blocks = [Paragraph(text=t, location=Location(path="x.pdf", line=i + 1)) for i, t in enumerate(lines)]
    return extract_claims(Document("x.pdf", "pdf", blocks), info, [])


def test_subject_named_after_the_department():
    # 006 江苏省高级人民法院 2018 p.17, 042 江苏省人民检察院 2018 p.26: the department names itself
    # (in full or short) before the subject; the subject is still a total of its own money
    claims = _read_lines(
        ["江苏省高级人民法院本年收入预算合计 33172.15万元，其中：一般公共预算收入 33172.15 万元，占 100%；",
         "省检察院2018年财政拨款预算支出 21,940.96 万元，占本年支出合计的 99.94 %。"],
        DocumentInfo(department="江苏省高级人民法院", year=2018, kind="budget"))
    got = [(c.kind, c.concept, c.value.text) for c in claims if c.kind == "amount"]
    assert got == [("amount", "revenue.current", "33172.15万元"),
                   ("amount", "revenue.general_budget", "33172.15万元"),
                   ("amount", "expenditure.current", "21,940.96万元")]


def test_period_words_and_comparisons_keep_the_subject():
    # 004 江苏省人民检察院 2017 p.19: "基本支出预算数为" names the period, not the subject; the next
    # sentence's change and growth compare the same subject
    claims = _read_lines(["此外，基本支出预算数为 12323.46 万元。与上年相比增加 1483.8 万元，增长 13.69 %。"],
                         DocumentInfo(year=2017, kind="budget"))
    got = [(c.kind, c.concept, c.value.text) for c in claims]
    assert got == [("amount", "expenditure.basic", "12323.46万元"),
                   ("change", "expenditure.basic", "1483.8万元"),
                   ("growth", "expenditure.basic", "13.69%")]
    # 014 万里街道 2023 p.6: "2022年当年预算执行数" is last year's figure of the item before it
    claims = _read_lines(["4. “一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”100.20万元，主要用于宣传事务一般"
                          "行政管理事务。2022 年当年预算执行数为79.90万元，2023年预算安排100.20万元，比2022年预算执行数增加"
                          "25.41%。"], DocumentInfo(year=2023, kind="budget"))
    executed = next(c for c in claims if c.value.text == "79.90万元")
    assert executed.period == "prior" and executed.concept == "expenditure.function.2013302"
    growth = next(c for c in claims if c.kind == "growth")
    assert growth.concept == "expenditure.function.2013302"


def test_class_names_resolved_through_the_catalogue_of_the_year():
    # 047 江苏省政协办公厅 2017 (narrative only, its tables are in 048): names with their levels
    claims = _read_lines(["1.政协事务（款）行政运行（项）支出 3,233.03万元，与上年相比减少 108.56万元，下降 3.25%。",
                          "（1）基本工资（款）支出 737.94 万元。用于在职人员基本工资。"],
                         DocumentInfo(year=2017, kind="budget"))
    got = [(c.kind, c.concept) for c in claims]
    assert got == [("amount", "expenditure.function.2010201"), ("change", "expenditure.function.2010201"),
                   ("growth", "expenditure.function.2010201"), ("amount", "expenditure.economic.30101")]


def test_more_subjects_bound():
    # 006 江苏省高级人民法院 2018 p.23-24 and 014 万里街道 2023 p.6, sentences as printed
    claims = _read_lines(
        ["2018 年我部门政府采购预算总金额为 4641.62 万元。其中拟购买货物 962.86万元；拟购买工程539 万元；"
         "拟购买服务 3139.76万元。",
         "2018 年本部门共 6 个项目实行绩效目标管理，涉及财政性资金合计 4481.3 万元。",
         "支出预算16497.86万元，其中：财政拨款支出预算16497.86万元，比2022年预算增加1421.25万元。",
         "（6）维修（护）费（款）支出 100万元。用于办公用房维修。"],
        DocumentInfo(year=2018, kind="budget"))
    got = [(c.value.text, c.concept) for c in claims if c.kind == "amount"]
    assert got == [("4641.62万元", "procurement.total"), ("962.86万元", "procurement.goods"),
                   ("539万元", "procurement.works"), ("3139.76万元", "procurement.services"),
                   ("4481.3万元", "performance.amount"), ("16497.86万元", "expenditure.total"),
                   ("16497.86万元", "expenditure.current"), ("100万元", "expenditure.economic.30213")]


def test_completion_rate_wordings():
    # 021 社会工作部 2024 p.18 "完成全年预算数的 98.69%"; liujiang 2017 l.1192 "完 成年初预算的131.84%"
    # (a space the converter left inside 完成)
    claims = _read_lines(["全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算数的 98.69%。",
                          "年初预算为512.70万元，支出决算为675.92万元，完 成年初预算的131.84%。"],
                         DocumentInfo(year=2024, kind="final"))
    assert [c.value.text for c in claims if c.kind == "completion"] == ["98.69%", "131.84%"]


def test_department_short_name_before_a_subject():
    # 042 江苏省人民检察院 2018 p.29: "省检察院…会议费" is the department's own 会议费
    claims = _read_lines(["省检察院一般公共预算拨款安排的会议费预算支出 200.44 万元。"],
                         DocumentInfo(department="江苏省人民检察院", year=2018, kind="budget"))
    assert [(c.value.text, c.concept) for c in claims] == [("200.44万元", "meeting")]
def test_economic_item_is_not_the_departments_whole():
    """047 p.12, under 公用经费: "（8）公务接待费（款）支出 16 万元" is the 经济分类 款 of 基本支出,
    while the 三公 table (048 p.11) gives 公务接待费 443.50 for all spending: only the plain
    name is the 三公 figure."""
    from budgetlens.taxonomy.subjects import resolve

    assert resolve("公务接待费（款）支出").concept is None
    assert resolve("会议费（款）支出").concept is None
    assert resolve("公务接待费").concept == "sangong.reception"
    assert resolve("会议费").concept == "meeting"


def test_glossary_entry_gives_no_scope_to_the_next_section():
    # 052 p.7: the glossary ends "（八）机关运行经费：指…使用一般公共预算财政拨款安排的…", then
    # "2025年，上海市普陀区商务委员会收入预算37,151.47万元" (every fund: the table's 收入总计)
    from budgetlens.pipeline import extract_document

    x = extract_document(read(str(corpus_file("052_shanghai-putuo_shangwuweiyuanhui_2025_yusuan-danwei.pdf"))))
    c = next(c for c in x.claims if c.value.text == "37,151.47万元" and c.kind == "amount")
    assert (c.concept, c.scope) == ("revenue.total", "all")


def test_an_aside_in_brackets_names_its_own_subject():
    # 022 p.10: "我校 2021年收入预算 490,808.40万元（本年预算收入 390,140.45万元），其中：…": the comma
    # of 490,808.40 breaks no clause, and the aside's subject is 本年预算收入 (本年收入合计)
    from budgetlens.pipeline import extract_document

    x = extract_document(read(str(corpus_file("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf"))))
    c = next(c for c in x.claims if c.value.text == "390,140.45万元" and "（本年预算收入" in c.sentence)
    assert (c.subject, c.concept) == ("本年预算收入", "revenue.current")


def test_a_name_before_a_colon_is_the_subject_of_a_bare_amount():
    # 042 p.27: "1.住房公积金(项):支出 1,073.77万元。" is the 项 2210201, not the spending total
    from budgetlens.pipeline import extract_document

    x = extract_document(read(str(corpus_file("042_jiangsu_jianchayuan_2018_yusuan.pdf"))))
    c = next(c for c in x.claims if c.value.text == "1,073.77万元")
    assert c.concept == "expenditure.function.2210201"


def test_subject_before_an_aside_that_states_the_prior_figure():
    # 047 p.6: "2017 年度部门支出预算安排与 2016 年度相比（2016 年度部门支出预算安排为8,648.07万元），增加498.72万元，
    # 增长5.77%。": the change and the rate speak of 部门支出预算安排, whose 2016 figure the aside gives
    claims = _read_lines(["2017 年度部门支出预算安排与 2016 年度相比（2016 年度部门支出预算安排为8,648.07万元），"
                          "增加498.72万元，增长5.77%。"], DocumentInfo(year=2017, kind="budget"))
    got = [(c.kind, c.subject, c.value.text, c.period) for c in claims]
    assert got == [("amount", "部门支出预算安排", "8,648.07万元", "prior"),
                   ("change", "部门支出预算安排", "498.72万元", "current"),
                   ("growth", "部门支出预算安排", "5.77%", "current")]


def test_comparison_opening_a_sentence_keeps_the_subject_of_the_sentence_before():
    # 045 p.23–24: "1．一般公共服务支出 10528.33 万元，主要用于在职人员工资福利支出，保障机关正常运转的商品和服务支出，
    # 单位完成日常和特定工作任务的发展项目支出。与上年相比减少 17.89 万元，减少 0.17%。"
    claims = _read_lines(["1．一般公共服务支出 10528.33 万元，主要用于在职人员工资福利支出，保障机关正常运转的商品和服务支出，"
                          "单位完成日常和特定工作任务的发展项目支出。与上年相比减少 17.89 万元，减少 0.17%。"],
                         DocumentInfo(year=2017, kind="budget"))
    assert {(c.kind, c.concept) for c in claims} == {("amount", "expenditure.function.201"),
                                                    ("change", "expenditure.function.201"),
                                                    ("growth", "expenditure.function.201")}


def test_template_open_direction_marks_a_change_and_a_rate():
    # 046 p.9: "（2）政府性基金收入预算0万元，与上年相比增加（减少） 0万元，增长（减少）0%。"
    claims = _read_lines(["（2）政府性基金收入预算0万元，与上年相比增加（减少） 0万元，增长（减少）0%。"],
                         DocumentInfo(year=2019, kind="budget"))
    assert [(c.kind, c.value.text, c.direction) for c in claims] == [
        ("amount", "0万元", None), ("change", "0万元", None), ("growth", "0%", None)]
