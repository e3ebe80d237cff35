"""Subject binding of narrative figures: which concept a figure of the prose belongs to.

Each sentence is copied from a corpus page (document and page named); the values and the
concepts are those read on the rendered page.
"""

from __future__ import annotations

from budgetlens.model import Claim, Document, DocumentInfo, Location, Paragraph
from budgetlens.recognize.claims import extract_claims


def _read(paragraphs: list[str], year: int, kind: str = "budget", **info) -> list[Claim]:
    blocks = [Paragraph(text=t, location=Location(path="x.pdf", line=i + 1))
              for i, t in enumerate(paragraphs)]
    return extract_claims(Document("x.pdf", "pdf", blocks), DocumentInfo(year=year, kind=kind, **info), [])


def _got(claims: list[Claim]) -> list[tuple]:
    return [(c.kind, c.value.text, c.concept, c.direction) for c in claims]


def test_reason_names_the_part_before_what_changed_in_it():
    # 006 江苏省高级人民法院 2018 p.17: the part (基本支出, 项目经费支出, 单位预留机动经费) comes
    # before 增加/减少, the words after it say what in the part changed; 1447.63 − 200 + 3075.14
    # = 4322.77, the total's change
    claims = _read(["一般公共预算收入预算 33172.15 万元，与上年相比增加4322.77 万元，增长 14.98%。主要原因是"
                    "基本支出增加机关事业单位养老保险、职业年金缴费等 1447.63 万元、项目经费支出安排减少江苏法"
                    "院云平台租赁费 200 万元、单位预留机动经费增加 3075.14 万元。"], 2018)
    assert _got(claims)[3:] == [
        ("change", "1447.63万元", "expenditure.basic", 1),
        ("change", "200万元", "expenditure.project", -1),
        ("change", "3075.14万元", "expenditure.reserve", 1),
    ]
    # the same page, the direction word right before the figure
    claims = _read(["江苏省高级人民法院 2018 年度收入、支出预算总计 33172.15 万元，与上年相比收、支预算总计各增加"
                    " 4322.77 万元，增长 14.98%。主要原因是基本支出增加 1447.63 万元、项目支出安排减少 200 万元、"
                    "单位预留机动经费增加 3075.14 万元。"], 2018)
    assert [g for g in _got(claims) if g[1] in ("1447.63万元", "200万元")] == [
        ("change", "1447.63万元", "expenditure.basic", 1), ("change", "200万元", "expenditure.project", -1)]


def test_a_change_without_a_part_before_it_stays_unbound():
    # 046 江苏省人大常委会办公厅 2019 p.12: "增加综合管理费209万元" names no part of the budget
    claims = _read(["一般行政管理事务（项）支出2464.02万元，与上年相比增加123.67万元，增长5.28%。主要原因是相关运"
                    "转类经费压减10%，增加综合管理费209万元用于办公用房租赁，增加外事经费200万元，增减相抵后增加"
                    "123.67万元。"], 2019)
    assert [(c.value.text, c.concept) for c in claims if c.value.text in ("209万元", "200万元")] == [
        ("209万元", None), ("200万元", None)]


def test_a_comparison_opening_a_sentence_speaks_of_the_figure_before():
    # 045 江苏省人大常委会办公厅 2017 p.23: a sentence without a figure stands between
    claims = _read(["（一）收入预算总计13649.07万元。全部由省财政拨款。与上年相比增加844.15万元，增长6.59%。"], 2017)
    assert _got(claims) == [("amount", "13649.07万元", "revenue.total", None),
                            ("change", "844.15万元", "revenue.total", 1),
                            ("growth", "6.59%", "revenue.total", 1)]
    # 043 江苏省委办公厅 2019 p.8: what the money is used for, after a comma, is not the subject
    claims = _read(["3．住房保障（类）支出3894.09万元，主要用于按照国家政策规定，为职工缴纳的住房公积金和发放的提租"
                    "补贴。与上年相比增加878.93万元，增长30%。",
                    "单位预留机动经费预算数为2938.21万元，主要是用于弥补人员经费不足和不可预见事项。与上年相比增加"
                    "964.35万元，增长48.86%。"], 2019)
    assert [(c.kind, c.concept) for c in claims] == [
        ("amount", "expenditure.function.221"), ("change", "expenditure.function.221"),
        ("growth", "expenditure.function.221"), ("amount", "expenditure.reserve"),
        ("change", "expenditure.reserve"), ("growth", "expenditure.reserve")]
    # 047 江苏省政协办公厅 2017 p.13: "与上年相比，" is only the comparison
    claims = _read(["2017 年度一般公共预算财政拨款支出预算 9,066.79 万元，占本年支出合计的 99.13%。与上年相比，增加"
                    " 498.72万元，增长 5.82%。"], 2017)
    assert [(c.kind, c.concept) for c in claims if c.kind in ("change", "growth")] == [
        ("change", "expenditure.current"), ("growth", "expenditure.current")]


def test_this_years_figure_against_last_years_budget():
    # 004 江苏省人民检察院 2017 p.23: "本年数小于上年预算数 X" is a change downward by X
    claims = _read(["3．公务接待费预算支出 156.55 万元，本年数小于上年预算数 29.65 万元，主要是省检察院党组严格贯彻"
                    "落实中央“八项规定”和省委省政府厉行节约相关规定作出的选择。",
                    "省检察院 2017 年度一般公共预算拨款安排的培训费预算支出 700 万元，本年数小于上年预算数 220 万元，"
                    "主要原因是将本项目 2016 年因故未完成培训任务的资金结转 2017 年继续使用。"],
                   2017, department="江苏省人民检察院")
    assert _got(claims) == [("amount", "156.55万元", "sangong.reception", None),
                            ("change", "29.65万元", "sangong.reception", -1),
                            ("amount", "700万元", "training", None),
                            ("change", "220万元", "training", -1)]


def test_item_named_after_its_parent_without_the_parents_mark():
    # 045 江苏省人大常委会办公厅 2017 p.26: "人大事务行政运行（项）" is 人大事务（款）行政运行（项）
    claims = _read(["1. 人大事务行政运行（项）支出 10528.33 万元，与上年相比减少 17.89万元，减少 0.17%。"], 2017)
    assert {c.concept for c in claims} == {"expenditure.function.2010101"}


def test_sangong_vehicle_written_without_yong():
    # 014 万里街道 2023 p.29: 公务用车 written 公务车
    claims = _read(["（二）、公务车购置及运行费21.56万元，其中：公务用车购置费0万元，比2022年预算持平，主要原因是"
                    "公务用车购置费保持不变；公务车用车运行费21.56万元，比2022年预算持平。"], 2023)
    assert [(c.value.text, c.concept) for c in claims] == [
        ("21.56万元", "sangong.vehicle"), ("0万元", "sangong.vehicle.purchase"),
        ("21.56万元", "sangong.vehicle.operation")]


def test_a_line_opening_with_a_decimal_goes_on_with_the_sentence():
    # 019 普陀区财政局 2024 决算 p.22: "161.62万元" opens a line; "161." is no item number
    claims = _read(["6、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。"
                    "主要用于：在职人员的基本养老保险支出。年初预算为\n161.62万元，支出决算为160.75万元。决算数小于"
                    "预算数的主要原因：预算按充分保障预估，实际执行基本贴合预期。"], 2024, kind="final")
    assert [(c.value.text, c.concept, c.period) for c in claims] == [
        ("161.62万元", "expenditure.function.2080505", "budget"),
        ("160.75万元", "expenditure.function.2080505", "current")]


def test_a_figure_opening_the_paragraph_under_its_heading():
    # 042 江苏省人民检察院 2018 p.24: the heading names the figure of the line below it
    claims = _read(["（二）支出预算总计", "21,955.35 万元。包括："], 2018)
    assert [(c.value.text, c.concept) for c in claims] == [("21,955.35万元", "expenditure.total")]


def test_a_bare_figure_after_qizhong_is_no_figure_of_the_whole():
    # 004 江苏省人民检察院 2017 p.19: the text layer puts the spaced-out "一 般 公 共 预 算 收 入"
    # after the figure; 17981.68 is a part, not 本年收入 itself
    claims = _read(["省检察院本年收入预算合计 17996.68 万元，其中：17981.68 万元，占一般公共预算收入99.92%；"],
                   2017, department="江苏省人民检察院")
    assert [(c.value.text, c.concept) for c in claims] == [
        ("17996.68万元", "revenue.current"), ("17981.68万元", None), ("99.92%", None)]


def test_an_aside_neither_breaks_the_clause_nor_names_the_subject():
    # 014 万里街道 2023 p.6: the comma inside "（上一年度，下同）" ends no clause
    claims = _read(["2023年，上海市普陀区人民政府万里街道办事处收入预算16497.86万元，其中：财政拨款收入16497.86万元，"
                    "比2022年（上一年度，下同）预算增加1421.25万元；事业收入0万元。"], 2023)
    assert [(c.value.text, c.concept) for c in claims if c.kind == "change"] == [
        ("1421.25万元", "revenue.fiscal")]
    # 047 江苏省政协办公厅 2017 p.6: the figure in the aside is last year's; the change after it
    # speaks of the subject before the aside
    claims = _read(["2017 年度部门支出预算安排与 2016 年度相比（2016 年度部门支出预算安排为8,648.07万元），增加498.72"
                    "万元，增长5.77%。"], 2017)
    assert [(c.kind, c.value.text, c.concept, c.period) for c in claims] == [
        ("amount", "8,648.07万元", "expenditure.total", "prior"),
        ("change", "498.72万元", "expenditure.total", "current"),
        ("growth", "5.77%", "expenditure.total", "current")]


def test_net_change_after_its_reasons_is_the_items():
    # 046 江苏省人大常委会办公厅 2019 p.12 (printed 10): "增减相抵后增加123.67万元" is the item's
    # own change again, not a change of the last reason's part
    claims = _read(["2. 人大事务（款）一般行政管理事务（项）支出2464.02万元，与上年相比增加123.67万元，增长5.28%。主要原因"
                    "是相关运转类经费压减10%，增加综合管理费209万元用于办公用房租赁，增加外事经费200万元，增减相抵后"
                    "增加123.67万元。"], 2019)
    net = [c for c in claims if c.value.text == "123.67万元"]
    assert [(c.kind, c.concept) for c in net] == [("change", "expenditure.function.2010102")] * 2


def test_a_clause_never_reaches_back_over_the_figure_before():
    # 047 江苏省政协办公厅 2017 p.12: two lines without a stop between them, each its own item
    claims = _read(["（二）公用经费 1,131.92 万元\n商品和服务支出（类）1,131.92万元"], 2017)
    assert [(c.value.text, c.concept) for c in claims] == [
        ("1,131.92万元", "expenditure.basic.public"), ("1,131.92万元", "expenditure.economic.302")]


def test_summary_table_lines_named_as_printed():
    # 022 西南大学 2021 p.9: "使用非财政拨款结余" is the 收支预算总表 line (p.6: 18,953.78), and it is no
    # 财政拨款 money though the words contain 财政拨款
    claims = _read(["我校 2021 年收支总预算 490,808.40 万元，其中本年收入预算 390,140.45 万元，使用非财政拨款结余"
                    " 18,953.73 万元，上年结转 81,714.17 万元。"], 2021)
    surplus = next(c for c in claims if c.value.text == "18,953.73万元")
    assert (surplus.concept, surplus.scope) == ("revenue.non_fiscal_surplus", "all")
    # liujiang 2017 决算 l.1174: "经营支出0万元，占0%"
    claims = _read(["本年支出合计1405.61万元，其中：基本支出888.41万元，占63.20%；项目支出517.21万元， 占36.80%；经营支出"
                    "0万元，占0%."], 2017, kind="final")
    assert [c.concept for c in claims if "经营支出" in c.subject] == ["expenditure.operating"] * 2


def test_performance_funds_of_the_year():
    # dianjiang 2024 l.70: the funds under 绩效目标管理
    claims = _read(["（三）绩效目标设置情况。2024年项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款2364.62万元。"],
                   2024)
    assert [(c.value.text, c.concept) for c in claims] == [("2364.62万元", "performance.amount")]


def test_a_name_both_schemes_carry_takes_the_scheme_of_its_list():
    # liuzhou 2019 l.181-182: in the list of 支出功能分类 items 住房公积金 is 2210201 …
    claims = _read(["10. 公务员医疗补助86.53万元，占支出总预算2.3%，同比增加86.53万元。主要用于公务员医疗补助支出。",
                    "11. 住房公积金178.13万元，占支出总预算4.7%，同比增加6.72万元，同比增长3.9%。主要用于人员住房公积金"
                    "支出。"], 2019)
    assert {c.concept for c in claims if c.subject == "住房公积金"} == {"expenditure.function.2210201"}
    # … l.140, among the 人员经费 items of 经济分类, it is 30113
    claims = _read(["其他社会保障缴费7.82万元，同比增加0.38万元，同比增长5.1%；住房公积金178.13万元，同比增加6.72万元，"
                    "同比增长3.9%；退休费50.49万元"], 2019)
    assert {c.concept for c in claims if c.subject == "住房公积金"} == {"expenditure.economic.30113"}
    # alone, the name stays unbound
    claims = _read(["住房公积金178.13万元，同比增加6.72万元。"], 2019)
    assert {c.concept for c in claims} == {None}


def test_words_before_a_change_that_name_no_part_leave_the_figure_an_amount():
    # dianjiang 2024 l.59: a unit's name before 增加 is no part of the budget; the figure stays
    # what it was read as (an amount of the clause), as the parts rules expect
    claims = _read(["支出较去年增加338.47万元，主要是基本支出增加105.32万元，项目支出增加233.15万元，主要原因一是垫江县"
                    "人民政府办公室（本级）增加开发OA系统与档案系统协同办公专项和办公设备设施购置及维护145万元。"], 2024)
    assert [(c.kind, c.value.text, c.concept) for c in claims][1:] == [
        ("change", "105.32万元", "expenditure.basic"), ("change", "233.15万元", "expenditure.project"),
        ("amount", "145万元", None)]


def test_a_part_whose_change_is_listed_in_items_is_not_bound_to_one_item():
    # the 006 p.17 reason with the 项目支出 change given as two items (云平台租赁费 and a second
    # one): neither item is the part's change, nor the part's amount
    claims = _read(["主要原因是基本支出增加 1447.63 万元、项目支出减少江苏法院云平台租赁费 300 万元、信息化建设经费"
                    " 100 万元。"], 2018)
    assert [(c.kind, c.value.text, c.concept) for c in claims] == [
        ("change", "1447.63万元", "expenditure.basic"), ("amount", "300万元", None), ("amount", "100万元", None)]
