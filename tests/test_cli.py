"""The command line: output contract, exit status, and bad files in a batch."""

from __future__ import annotations

import json

from click.testing import CliRunner

from budgetlens.cli import cli
from conftest import SAMPLES

SAMPLE_MD = str(SAMPLES / "demo-county-office-2024-budget.md")
SAMPLE_TXT = str(SAMPLES / "demo-finance-bureau-2023-final.txt")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_extract_json_contract():
    r = run("extract", SAMPLE_MD, "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    (doc,) = out["documents"]
    assert doc["path"] == SAMPLE_MD
    assert doc["document"]["year"] == 2024 and doc["document"]["kind"] == "budget"
    assert doc["document"]["department_code"] == "305"
    for key in ("tables", "claims", "facts"):
        assert doc[key], key
    table = next(t for t in doc["tables"] if t["kind"] == "expenditure")
    assert {"kind", "title", "columns", "rows"} <= table.keys()
    row = next(r for r in table["rows"] if r["code"] == "2010301" and r["unit"] == "305002")
    assert {"code", "name", "unit", "values", "location"} <= row.keys()
    assert "200.00" in row["values"].values()  # 行政运行 of 示范县政务服务中心, 200.00 万元
    assert row["location"]["line"] > 0


def test_extract_reads_gb18030_sample():
    r = run("extract", SAMPLE_TXT, "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)["documents"][0]
    assert doc["encoding"] in ("gb18030", "gbk")
    assert doc["document"]["kind"] == "final" and doc["document"]["year"] == 2023


def test_unreadable_file_exits_2_and_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    r = CliRunner().invoke(cli, ["extract", str(empty), SAMPLE_MD, "--format", "json"])
    assert r.exit_code == 2
    assert "empty.pdf" in r.stderr and "zero-byte" in r.stderr
    assert len(json.loads(r.stdout)["documents"]) == 1


def test_extract_text_summary_for_a_person():
    r = run("extract", SAMPLE_MD)
    assert r.exit_code == 0, r.output
    assert "示范县人民政府办公室" in r.output and "expenditure" in r.output


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name


def test_compare_links_and_checks_together():
    from conftest import corpus_file

    narrative = str(corpus_file("049_jiangsu_zhengxiebangongting_2018_yusuan.pdf"))
    tables = str(corpus_file("050_jiangsu_zhengxiebangongting_2018_yusuan-tables.pdf"))
    earlier = str(corpus_file("047_jiangsu_zhengxiebangongting_2017_yusuan.pdf"))
    r = run("compare", narrative, tables, earlier, "--format", "json")
    out = json.loads(r.output)
    assert [s["narrative"][:3] + "+" + s["tables"][:3] for s in out["splits"]] == ["049+050"]
    assert [[a[:3], b[:3]] for a, b in out["series"]] == [["047", "049"]]
    assert set(out["crossdoc"]["outcomes"]) == {"D001", "D002", "D003"}
    assert r.exit_code == (1 if any(f["severity"] == "error" for d in out["documents"] for f in d["findings"])
                           else 0)


def test_compare_versions_lists_changes():
    r = run("compare", "--versions", SAMPLE_MD, SAMPLE_MD)
    assert r.exit_code == 0, r.output
    assert "0 figures changed" in r.output


def test_compare_reports_a_missing_file_and_checks_the_others():
    r = run("compare", SAMPLE_MD, "/nonexistent/report.pdf", "--format", "json")
    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert [d["path"] for d in out["documents"]] == [SAMPLE_MD]
    assert "/nonexistent/report.pdf" in r.stderr and "no such file" in r.stderr
