"""check --format csv / xlsx / sarif / github: the same findings as the JSON, in each format."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from budgetlens.cli import cli
from budgetlens.report.rows import COLUMNS
from conftest import SAMPLES, corpus_file

SAMPLE_MD = str(SAMPLES / "demo-county-office-2024-budget.md")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def json_findings(*files: str) -> list[tuple[str, str, str, str, str]]:
    r = run("check", *files, "--format", "json")
    assert r.exit_code in (0, 1), r.output
    return [(d["path"], f["rule"], f["severity"], f["message"], f["actual"] or "")
            for d in json.loads(r.output)["documents"] for f in d["findings"]]


def test_xlsx_reads_back_with_the_findings_of_the_json(tmp_path):
    files = [str(corpus_file("019_shanghai-putuo_caizhengju_2024_juesuan.pdf")),
             str(corpus_file("liuzhou-gov-office-2019-budget.txt"))]
    expected = json_findings(*files)
    assert any(sev == "error" for _, _, sev, _, _ in expected)  # a report worth filing
    out = tmp_path / "findings.xlsx"
    r = run("check", *files, "--format", "xlsx", "-o", str(out))
    assert r.exit_code == 1, r.output  # an error finding, like the JSON run
    wb = CalamineWorkbook.from_path(str(out))
    assert wb.sheet_names == ["审核发现"]
    header, *body = wb.get_sheet_by_name("审核发现").to_python()
    assert header == [h for _, h in COLUMNS]
    col = {k: i for i, (k, _) in enumerate(COLUMNS)}
    got = [(row[col["document"]], row[col["rule"]], row[col["severity"]],
            row[col["problem"]], row[col["stated"]]) for row in body]
    assert got == expected


def test_xlsx_has_filters_and_a_frozen_header(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "f.xlsx"
    run("check", str(corpus_file("liuzhou-gov-office-2019-budget.txt")), "--format", "xlsx", "-o", str(out))
    ws = load_workbook(out).active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:L")


def test_xlsx_needs_an_output_file():
    r = run("check", SAMPLE_MD, "--format", "xlsx")
    assert r.exit_code == 2 and "-o FILE" in r.output


def test_csv_rows_match_the_json():
    doc = str(corpus_file("liuzhou-gov-office-2019-budget.txt"))
    expected = json_findings(doc)
    r = run("check", doc, "--format", "csv")
    assert r.output.startswith("\ufeff")  # Excel reads the Chinese as UTF-8
    header, *body = list(csv.reader(io.StringIO(r.output.lstrip("\ufeff"))))
    col = {h: i for i, h in enumerate(header)}
    got = [(row[col["文件 document"]], row[col["规则 rule"]], row[col["级别 severity"]],
            row[col["问题 problem"]], row[col["列示 stated"]]) for row in body]
    assert got == expected
    # the K004 finding on line 131 sits in 第三部分 of this document
    k004 = next(row for row in body if row[col["规则 rule"]] == "K004")
    assert k004[col["位置 place"]] == "line 131"
    assert k004[col["应为 expected"]] == "社会保险基金支出"


def test_sarif_results_are_the_findings():
    doc = str(corpus_file("liuzhou-gov-office-2019-budget.txt"))
    expected = json_findings(doc)
    r = run("check", doc, "--format", "sarif")
    sarif = json.loads(r.output)
    assert sarif["version"] == "2.1.0"
    (run_,) = sarif["runs"]
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    assert [(res["ruleId"], res["message"]["text"]) for res in results] == [
        (rule, msg) for _, rule, _, msg, _ in expected]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert [res["level"] for res in results] == [levels[sev] for _, _, sev, _, _ in expected]
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["partialFingerprints"]["budgetlensKey/v2"].startswith(res["ruleId"])
    k004 = next(res for res in results if res["ruleId"] == "K004")
    assert k004["locations"][0]["physicalLocation"]["region"]["startLine"] == 131


def test_github_annotations_one_line_per_finding():
    doc = str(corpus_file("liuzhou-gov-office-2019-budget.txt"))
    expected = json_findings(doc)
    r = run("check", doc, "--format", "github")
    lines = r.output.splitlines()
    assert len(lines) == len(expected)
    assert f"::error file={doc},line=131,endLine=131,title=K004::说明中科目209" in r.output
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_github_escapes_a_message_that_spans_lines():
    from budgetlens.report.github import render

    doc = {"path": "a,b:c.txt", "findings": [
        {"rule": "X001", "severity": "info", "message": "50% of\nit", "location": {"line": 3}}]}
    assert render([doc]) == "::notice file=a%2Cb%3Ac.txt,line=3,title=X001::50%25 of%0Ait\n"


def _csv_rows(*files: str) -> list[dict]:
    r = run("check", *files, "--format", "csv")
    header, *body = list(csv.reader(io.StringIO(r.output.lstrip("\ufeff"))))
    keys = [k for k, _ in COLUMNS]
    assert header == [h for _, h in COLUMNS]
    return [dict(zip(keys, row, strict=True)) for row in body]


def test_a_pdf_finding_is_placed_in_its_part_by_page_and_height():
    """019 p.21 (第三部分 决算情况说明): the 0.3万元 total stands under 四、财政拨款收入支出决算
    总体情况说明, the 占71.73% share under 五、一般公共预算财政拨款支出决算情况说明."""
    rows = _csv_rows(str(corpus_file("019_shanghai-putuo_caizhengju_2024_juesuan.pdf")))
    got = {(r["rule"], r["place"], r["part"]) for r in rows}
    assert ("N001", "p.21", "四、财政拨款收入支出决算总体情况说明") in got
    assert ("P001", "p.21", "五、一般公共预算财政拨款支出决算情况说明") in got


def test_a_spreadsheet_finding_is_placed_in_its_sheet_and_annotated_with_its_cell():
    """The blank 普陀区 template: cell A3 of sheet 其他相关情况说明 holds the whole note with
    headings 一、 to 五、 inside it; the part is the sheet's own heading (六、其他相关情况说明
    in the 目录), and the 封面 sheet has no heading at all."""
    path = str(corpus_file("901_EDGE_shanghai-putuo_blank-template_2026_yusuan-danwei.xls"))
    rows = _csv_rows(path)
    parts = {(r["place"], r["part"]) for r in rows}
    assert ("其他相关情况说明!A3", "六、其他相关情况说明") in parts
    assert ("单位编制说明!A4", "四、2026年单位预算编制说明") in parts
    assert ("封面!A9", "封面") in parts
    assert all(r["part"] for r in rows)
    r = run("check", path, "--format", "github")
    assert "title=S007 其他相关情况说明!A3::" in r.output
    assert len(r.output.splitlines()) == len(rows)


def test_csv_fields_never_start_a_formula():
    """Document text reaches the CSV (row labels, stated wording): a field Excel would run as a
    formula is written as text."""
    from budgetlens.report.sheets import render_csv

    doc = {"path": "a.txt", "findings": [
        {"rule": "A001", "severity": "error", "message": "=HYPERLINK(\"http://x\",\"看\")",
         "location": {"line": 3, "table": "t1", "row": "@SUM(A1:A2)", "column": "+1"},
         "expected": "[1, 2]", "actual": "-5.2%"}]}
    _, row = list(csv.reader(io.StringIO(render_csv([doc]).lstrip("\ufeff"))))
    col = {k: i for i, (k, _) in enumerate(COLUMNS)}
    assert row[col["problem"]] == "'=HYPERLINK(\"http://x\",\"看\")"
    assert (row[col["row"]], row[col["column"]], row[col["stated"]]) == \
        ("'@SUM(A1:A2)", "'+1", "'-5.2%")
    assert row[col["expected"]] == "[1, 2]"
