"""The complete list of error-severity findings on each converted-text corpus document.

Each finding below was verified by reading the document; the comment says what is wrong.
A change that adds an error (a false alarm until verified) or loses one (a miss) fails
here, so every change in what a reviewer would be told shows up in review.
Keys: (rule, line, table, row, column) of the finding's location.
"""

from __future__ import annotations

from collections import Counter

import pytest

from budgetlens.check import check_path
from conftest import corpus_file

EXPECTED_ERRORS = {
    "liuzhou-gov-office-2019-budget.txt": [
        # l.131 "209类卫生健康支出": 卫生健康支出 is 类 210; 209 is 社会保险基金支出
        ("K004", 131, None, None, None),
        # l.133 "219类住房保障支出": 住房保障支出 is 类 221; 219 is 援助其他地区支出
        ("K004", 133, None, None, None),
        # l.142 印刷费 5.85万元, 同比增加0.57万元, 增长1.1%: 0.57 / 5.28 = 10.8%
        ("P002", 142, None, None, None),
        # l.201 集中采购 77.80万元 占政府采购预算 280.09万元 27.5%: it is 27.78%
        ("P001", 201, None, None, None),
    ],
    "liuzhou-gov-office-2024-budget.md": [
        # 表10 政府采购预算表 (lines 598-636): the department row and five unit rows print
        # 0.00 under 政府采购项目类型/合计 while their 集中采购 + 分散采购 小计 are not zero
        # (103 row: 52.25 + 26.20); the 合计 row prints 78.45 there. As printed, the column
        # total and the row totals contradict each other. Every other rounding-level
        # difference of this document (4,555.34 vs 4,555.35; 463.33 vs 463.30 …) passes.
        ("A003", 598, "t10", "合计", "政府采购项目类型"),
        ("A001", 599, "t10", "柳州市人民政府办公室", "政府采购项目类型"),
        ("A001", 600, "t10", "103001", "政府采购项目类型"),
        ("A001", 623, "t10", "103002", "政府采购项目类型"),
        ("A001", 631, "t10", "103004", "政府采购项目类型"),
        ("A001", 634, "t10", "103006", "政府采购项目类型"),
        ("A001", 636, "t10", "103007", "政府采购项目类型"),
    ],
    "liujiang-gov-service-center-2022-budget.txt": [
        # l.52 "同比减少134.6元" with 下降20%: only 134.6万元 gives 20%; the unit is a slip
        ("U002", 52, None, None, None),
        # l.102 公务用车购置费及运行费 0万元, yet l.104 its 运行维护费 is 1.8万元 (and the
        # 三公 total 3.39 at l.96 only adds up with 1.8)
        ("N003", 102, None, None, None),
        ("L002", 104, None, None, None),
    ],
    "liujiang-gov-office-2017-final.txt": [
        # 表三 合计 基本支出 888.41 vs 类 rows 682.64 + 87.62 + 53.71 with 212/221 blank
        # (l.561-579: 住房保障 64.44 printed without its 基本/项目 split)
        ("A003", 382, "t3", "合计", "基本支出"),
        # 表四 年初财政拨款结转和结余 163.26 over parts 156.26 + 10.00 = 166.26
        ("A005", 719, "t4", "年初财政拨款结转和结余", "金额"),
        # 表五 合计 1295.76 with 基本支出 888.41 and 项目支出 blank (l.775-778)
        ("A001", 775, "t5", "合计", "合计"),
        # 表五 201 and 20103 print 1089.00 while 682.64 + 407.35 = 1089.99 (text l.1186: 1089.99)
        ("A001", 780, "t5", "201", "合计"),
        ("A001", 786, "t5", "20103", "合计"),
        # 表五 20103 基本支出 682.64 vs its 项 rows, which repeat the 合计 in 基本支出
        ("A002", 786, "t5", "20103", "基本支出"),
        # 表五 rows printing one figure in all three columns (l.798-820): 308.08 | 308.08 | 308.08 …
        ("A001", 798, "t5", "2010302", "合计"),
        ("A001", 804, "t5", "2010306", "合计"),
        # 表五 法制建设 45.03 | 45.03 | 38.31; 表三 (l.435) gives 45.03 = 6.72 + 38.31
        ("A001", 810, "t5", "2010307", "合计"),
        ("L002", 810, "t5", "2010307", "基本支出"),
        ("A001", 816, "t5", "2010399", "合计"),
        # 表六 30301 named 生活补助 (30301 is 离休费), 30302 named 住房公积金 (30302 is 退休费)
        ("K001", 974, "t6", "30301", None),
        ("K001", 981, "t6", "30302", None),
        # 表六 人员经费合计 888.41 while 301 703.29 + 303 76.78 = 780.07 (text l.1216: 780.07)
        ("A003", 1002, "t6", "人员经费合计", "人员经费"),
        # 表六 公用经费合计 108.34 while 302 is 108.38
        ("A003", 1004, "t6", "公用经费合计", "公用经费"),
        # 表八 code 201208 has six digits (the name is that of 款 21208)
        ("K003", 1133, "t8", "201208", None),
        # l.1178 收、支 各减113.97、76.78, 下降了7.13%、51.85%: 7.15% and 5.18%
        ("P002", 1178, None, None, None),
        ("P002", 1178, None, None, None),
        # l.1186 一般公共服务 1089.99 vs 表五 row 201 1089.00
        ("N001", 1186, None, None, None),
        # l.1190 一般公共预算财政拨款 支出决算 1382.33 vs 表五 合计 1295.76 (and l.1183)
        ("N001", 1190, None, None, None),
        # l.1216 人员经费 780.07 vs 表六 人员经费合计 888.41 (the table cell is the wrong one)
        ("N001", 1216, None, None, None),
        # l.1224 三公 预算 472.49 vs 表七 预算数 合计 463.90; completion 149.84 / 472.49 = 31.71%, not 31.73%
        ("N001", 1224, None, None, None),
        ("P005", 1224, None, None, None),
        # l.1226 三公 减少342.20 while the items give +3.5 - 13.90 - 331.61 = -342.01;
        # 下降69.57% while 342.20 / 492.04 = 69.55%
        ("N002", 1226, None, None, None),
        ("P002", 1226, None, None, None),
        # l.1261 授予中小企业合同金额0万元, 其中 小微企业 142.59万元
        ("N003", 1261, None, None, None),
    ],
    # narrative only, every figure consistent (三公 115.4 = 2.5 + 26.9 + 86 + 0 …)
    "dianjiang-gov-office-2024-budget.txt": [],
}


def _key(f):
    loc = f.location
    return (f.rule, loc.line, loc.table, loc.row, loc.column)


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_error_findings_are_exactly_the_verified_ones(name):
    result = check_path(str(corpus_file(name)))
    actual = Counter(_key(f) for f in result.findings if f.severity == "error")
    expected = Counter(EXPECTED_ERRORS[name])
    assert actual == expected, (
        f"\nnew (verify by reading the document): {sorted((actual - expected).elements(), key=str)}"
        f"\nlost: {sorted((expected - actual).elements(), key=str)}"
    )
