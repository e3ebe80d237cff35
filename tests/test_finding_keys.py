"""Finding keys: one per finding, the same however often and beside whatever else it is found,
so that a baseline accepts exactly the findings it lists (and a verdict names one finding).

The corpus-wide half runs ``check`` once over every corpus document and the samples, writing
the SARIF report and a baseline in the same run (as a bureau would), and is shared with
``test_sarif_schema.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pytest
from click.testing import CliRunner

from budgetlens.check import check_path
from budgetlens.cli import cli
from budgetlens.lint_config import Baseline, ConfigError
from budgetlens.model import Finding, Location
from budgetlens.report.sarif import FINGERPRINT
from budgetlens.verdicts import finding_key, finding_key_of, legacy_finding_key
from conftest import SAMPLES, corpus_file

SAMPLE_MD = str(SAMPLES / "demo-county-office-2024-budget.md")  # four C001 at line 1
SAMPLE_FINAL = str(SAMPLES / "demo-finance-bureau-2023-final.txt")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def findings_of(result) -> list[dict]:
    return [f for d in json.loads(result.stdout)["documents"] for f in d["findings"]]


# -- the key itself ---------------------------------------------------------------------------

def _finding(**kw) -> Finding:
    loc = kw.pop("location", Location(path="a.pdf", page=20, bbox=(62.4, 441.16, 533.06, 517.24)))
    return Finding(rule=kw.pop("rule", "L003"), severity="warning", message=kw.pop("message", "m"),
                   location=loc, **kw)


def test_key_names_rule_place_stated_value_and_what_it_is_compared_with():
    f = _finding(rule="A003", location=Location(line=382, table="t3", row="合计", column="基本支出",
                                               cell="r3c2"),
                 actual="[888.405, 888.415]", expected="[880.1, 880.2]")
    assert finding_key(f) == \
        "A003 line=382 table=t3 row=合计 column=基本支出 | [888.405, 888.415] vs [880.1, 880.2]"
    assert finding_key_of(f.to_dict()) == finding_key(f)  # the JSON gives the same key


def test_key_ignores_the_wording_of_the_message():
    f = _finding(actual="100%", expected="不应计算比率（基数为 0）")
    assert finding_key(replace(f, message="reworded")) == finding_key(f)


def test_two_sentences_of_one_pdf_page_are_two_places():
    # 006 p.20: two items, each "增长100%" from a zero base, in two paragraphs of one page
    first = _finding(actual="100%", expected="不应计算比率（基数为 0）")
    second = _finding(actual="100%", expected="不应计算比率（基数为 0）",
                      location=Location(path="a.pdf", page=20, bbox=(62.4, 531.18, 541.06, 607.24)))
    assert finding_key(first) == "L003 page=20 y=441 | 100% vs 不应计算比率（基数为 0）"
    assert finding_key(second) != finding_key(first)


def test_a_missing_table_is_named_by_the_table():
    # demo county sample: four C001 at line 1, one per missing table, all stating "缺"
    a = _finding(rule="C001", location=Location(line=1), actual="缺", expected="收入总表")
    b = _finding(rule="C001", location=Location(line=1), actual="缺", expected="财政拨款收支总表")
    assert finding_key(a) == "C001 line=1 | 缺 vs 收入总表" != finding_key(b)
    c = _finding(rule="C004", location=Location(), actual=None, expected="绩效目标")
    assert finding_key(c) == "C004 | vs 绩效目标"


def test_a_spreadsheet_cell_is_a_place_a_grid_index_is_not():
    sheet = _finding(rule="S007", location=Location(sheet="单位编制说明", cell="A4"), actual="x")
    grid = _finding(rule="A001", location=Location(line=9, cell="r3c0", table="t5"), actual="x")
    assert finding_key(sheet) == "S007 sheet=单位编制说明 cell=A4 | x"
    assert finding_key(grid) == "A001 line=9 table=t5 | x"


# -- every corpus document and sample ----------------------------------------------------------

def test_keys_are_unique_and_a_written_baseline_lists_every_finding(corpus_run):
    """Every finding's key is its own in its document, and the baseline written in the same
    run lists exactly the keys the report shows (the SARIF fingerprints)."""
    assert len(corpus_run.documents) == 34  # 31 corpus documents and 3 samples
    baseline = Baseline.load(str(corpus_run.baseline))
    assert baseline.version == 2
    assert sum(len(keys) for keys in corpus_run.keys.values()) >= 180  # 191 with the 高校 profile
    for path, keys in corpus_run.keys.items():
        repeated = [k for k, n in Counter(keys).items() if n > 1]
        assert not repeated, f"{path}: findings share a key: {repeated}"
        assert baseline.accepted(path) == frozenset(keys), path


def test_keys_are_unique_among_the_linked_corpus_findings():
    """The corpus linked as a whole (split disclosures checked as one, the D rules over series
    and pairs, as tests/test_verdicts.py runs it): every finding's key is its own in the file it
    points to. 042 p.25 states the prior 收入总计 and 支出总计 in one sentence: two D001 keys."""
    from collections import defaultdict

    from budgetlens.check import check_extraction
    from budgetlens.rules.crossdoc import run_cross_rules
    from test_verdicts import _linked_corpus

    corpus_file("042_jiangsu_jianchayuan_2018_yusuan.pdf")  # skips when the corpus is absent
    links = _linked_corpus()
    keys = defaultdict(list)
    for merged in links.disclosures[:len(links.splits)]:
        for f in check_extraction(merged).findings:
            keys[f.location.path or merged.path].append(finding_key(f))
    cross = run_cross_rules(links).findings
    for path, findings in cross.items():
        keys[path] += [finding_key(f) for f in findings]
    assert sum(len(v) for v in cross.values()) >= 5
    for path, ks in keys.items():
        repeated = [k for k, n in Counter(ks).items() if n > 1]
        assert not repeated, f"{path}: findings share a key: {repeated}"


@pytest.mark.parametrize("name", ["original/901_EDGE_shanghai-putuo_blank-template_2026_yusuan-danwei.xls",
                                  "original/006_jiangsu_gaojifayuan_2018_yusuan.pdf",
                                  "original/022_chongqing-beibei_xinandaxue_2021_yusuan.pdf"])
def test_baseline_read_back_accepts_all_and_only_its_findings(name, tmp_path):
    """Documents where version-1 keys collided (S007 sentences of one cell, L003 on one page,
    six C001 and five C004 with no place): leaving one key out of the baseline reports that
    finding and no other."""
    path = str(corpus_file(name.split("/")[-1]))
    findings = check_path(path).findings
    keys = [finding_key(f) for f in findings]
    assert len(set(keys)) == len(keys) > 1
    for left_out in range(len(keys)):
        written = Baseline()
        written.add(path, keys[:left_out] + keys[left_out + 1:])
        file = tmp_path / "accepted.json"
        file.write_text(written.dump(), encoding="utf-8")
        listed = Baseline.load(str(file)).accepts(path, findings)
        assert [i for i, known in enumerate(listed) if not known] == [left_out]


def test_the_command_reports_only_the_finding_left_out_of_the_baseline(tmp_path):
    base = tmp_path / "accepted.json"
    run("check", SAMPLE_MD, "--write-baseline", str(base), "-q")
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["version"] == 2
    (keys,) = data["documents"].values()
    missing = "C001 line=1 | 缺 vs 财政拨款收支总表"
    assert missing in keys
    data["documents"] = {k: [x for x in v if x != missing] for k, v in data["documents"].items()}
    base.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run("check", SAMPLE_MD, "--baseline", str(base), "--format", "json")
    assert [(f["rule"], f["expected"]) for f in findings_of(r)] == [("C001", "财政拨款收支总表")]


# -- older baselines -------------------------------------------------------------------------

@pytest.mark.parametrize("with_version", [True, False])
def test_a_version_1_baseline_still_reads(tmp_path, with_version):
    """A baseline written before keys named what is compared lists version-1 keys (and the
    first ones had no version field): it accepts the findings it listed then."""
    findings = check_path(SAMPLE_FINAL).findings
    old = sorted({legacy_finding_key(f) for f in findings if f.rule != "N002"})
    assert "C001 line=1 | 缺" in old  # one version-1 key for seven missing tables
    data = {"documents": {Baseline.document_key(SAMPLE_FINAL): old}}
    if with_version:
        data = {"version": 1, **data}
    base = tmp_path / "old.json"
    base.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run("check", SAMPLE_FINAL, "--baseline", str(base), "--format", "json")
    assert r.exit_code in (0, 1), r.output
    assert {f["rule"] for f in findings_of(r)} == {"N002"}
    assert len(findings_of(r)) == sum(f.rule == "N002" for f in findings) == 1


def test_a_baseline_of_an_unknown_version_is_refused(tmp_path):
    base = tmp_path / "future.json"
    base.write_text('{"version": 9, "documents": {}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="version 9"):
        Baseline.load(str(base))


def test_sarif_fingerprint_is_the_key():
    r = run("check", SAMPLE_MD, "--format", "sarif")
    results = json.loads(r.stdout)["runs"][0]["results"]
    r = run("check", SAMPLE_MD, "--format", "json")
    assert [res["partialFingerprints"][FINGERPRINT] for res in results] == \
        [finding_key_of(f) for f in findings_of(r)]
