"""Reports: JSON shape for programs, text with the quoted line for people."""

from __future__ import annotations

import io
import json

from rich.console import Console

from budgetlens.check import check_extraction, check_path
from budgetlens.report import json as json_report
from budgetlens.report import text as text_report
from budgetlens.serialize import dumps
from conftest import corpus_file
from rule_kit import col, extraction, table, trow


def _bad():
    # liujiang-gov-office-2017-final.txt line 798: 308.08 | 308.08 | 308.08
    t = table(
        "general_budget_expenditure",
        [col("合计"), col("基本支出"), col("项目支出")],
        [
            trow(
                "一般行政管理事务",
                {"合计": "308.08", "基本支出": "308.08", "项目支出": "308.08"},
                code="2010302",
                line=798,
            )
        ],
        id="t5",
        number="表五",
    )
    return check_extraction(extraction([t], kind="final", year=2017), select=["A001"])


def test_json_shape():
    doc = json.loads(dumps(json_report.render([_bad()])))
    (d,) = doc["documents"]
    assert d["path"] == "hand-built.md" and d["document"]["year"] == 2017
    assert d["checks"] == {"pass": 0, "fail": 1, "not_applicable": 0, "insufficient_data": 0}
    (f,) = d["findings"]
    assert f["rule"] == "A001" and f["severity"] == "error"
    assert f["location"] == {
        "line": 798,
        "end_line": None,
        "table": "t5",
        "row": "2010302",
        "column": "合计",
    }
    assert [r["column"] for r in f["related"]] == ["基本支出", "项目支出"]
    assert f["expected"] == "[616.150, 616.170]" and f["actual"] == "[308.075, 308.085]"
    assert d["rules"]["A001"]["status"] == "fail"


def test_text_report_without_colour():
    buf = io.StringIO()
    text_report.render([_bad()], Console(file=buf, width=200, color_system=None, soft_wrap=True))
    out = buf.getvalue()
    assert "hand-built.md:798 [t5 2010302 合计]  A001 error" in out
    assert "[308.075, 308.085] vs [616.150, 616.170]" in out  # intervals survive (no markup)
    assert "1 error, 0 warning" in out and "\x1b[" not in out


def test_text_report_quotes_the_source_line():
    r = check_path(str(corpus_file("liujiang-gov-service-center-2022-budget.txt")), select=["U002"])
    buf = io.StringIO()
    text_report.render([r], Console(file=buf, width=300, color_system=None, soft_wrap=True))
    assert (
        "│ （1）一般公共服务类科目支出预算540.59万元，占支出总预算80%，同比减少134.6元"
        in buf.getvalue()
    )
