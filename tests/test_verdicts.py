"""Every error finding on every corpus document carries a verdict read against the page.

The ledger (``tests/verdicts/<document>.yaml``) records, for each error-severity finding,
whether the slip is really in the document (``verdict: true`` and the arithmetic) or is a false
alarm (``verdict: false`` and its cause); warnings may carry a verdict too, or ``verdict:
unverifiable`` when the page cannot settle them. This test fails when

- an error finding has no true or false verdict: read it against the page, then record one (or,
  when it cannot be verified, make the finding a warning);
- a finding with a ``false`` verdict still fires, at any severity: a false alarm never lands,
  not even demoted;
- a finding with a ``true`` verdict no longer fires: a verified slip has been lost (a miss).

``bench/precision.py`` prints the ledger's counts (precision of errors, and of warnings per rule).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.check import check_path
from budgetlens.verdicts import Ledger, across_documents, compare
from conftest import CORPUS

VERDICTS = Path(__file__).parent / "verdicts"


def corpus_documents() -> list[str]:
    if not CORPUS.exists():
        return []
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
                  if p.is_file() and p.name != "README.md")


def ledger_for(name: str) -> Ledger:
    path = VERDICTS / (Path(name).name + ".yaml")
    return Ledger.load(path) if path.exists() else Ledger(Path(name).name)


@pytest.mark.parametrize("name", corpus_documents() or ["<corpus absent>"], ids=lambda n: Path(n).stem[:40])
def test_every_error_finding_has_a_true_verdict(name):
    if name == "<corpus absent>":
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    result = check_path(str(CORPUS / name))
    c = compare(result.findings, ledger_for(name))
    problems = []
    if c.unverified:
        problems.append("error findings without a verdict (read each against the page):\n  "
                        + "\n  ".join(c.unverified))
    if c.false_alarms:
        problems.append("known false alarms still reported as errors:\n  " + "\n  ".join(c.false_alarms))
    if c.false_warnings:
        problems.append("known false alarms still reported as warnings:\n  "
                        + "\n  ".join(c.false_warnings))
    if missed := [k for k in c.missed if not across_documents(k)]:
        problems.append("verified slips no longer found:\n  " + "\n  ".join(missed))
    assert not problems, "\n".join(problems)


def test_every_ledger_names_a_corpus_document():
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    names = {Path(n).name for n in corpus_documents()}
    for path in VERDICTS.glob("*.yaml"):
        ledger = Ledger.load(path)  # raises on an entry without verdict or why
        assert path.stem in names, f"{path.name} names no corpus document"
        assert ledger.document == path.stem


def _linked_corpus():
    from budgetlens.link import link
    from budgetlens.pipeline import extract

    docs = []
    for name in corpus_documents():
        try:
            docs.append(extract(str(CORPUS / name)))
        except Exception:  # an unreadable file is the readers' tests' business
            continue
    return link(docs)


def _unrecorded(findings_by_path) -> list[str]:
    problems = []
    for path, findings in findings_by_path.items():
        c = compare(findings, ledger_for(path))
        problems += [f"{Path(path).name}: no verdict: {k}" for k in c.unverified]
        problems += [f"{Path(path).name}: false alarm: {k}" for k in c.false_alarms + c.false_warnings]
    return problems


def test_every_error_finding_of_linked_documents_has_a_verdict():
    """The corpus linked as a whole: each split disclosure (说明 + 附表) checked as one and the
    D rules over series and pairs. Every error lands in the ledger of the file it points to,
    like any finding (a verified slip need not recur here, the single check keeps it, but one of
    the D family must: it is found only here)."""
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    from collections import defaultdict

    from budgetlens.check import check_extraction
    from budgetlens.rules.crossdoc import run_cross_rules

    links = _linked_corpus()
    assert len(links.splits) == 4  # 043+044, 046+051, 047+048, 049+050
    by_path = defaultdict(list)
    for merged in links.disclosures[:len(links.splits)]:
        for f in check_extraction(merged).findings:
            by_path[f.location.path or merged.path].append(f)
    for path, findings in run_cross_rules(links).findings.items():
        by_path[path] += findings
    problems = _unrecorded(by_path)
    by_name = {Path(path).name: findings for path, findings in by_path.items()}
    for ledger_path in sorted(VERDICTS.glob("*.yaml")):
        c = compare(by_name.get(ledger_path.stem, []), Ledger.load(ledger_path))
        problems += [f"{ledger_path.stem}: verified slip no longer found: {k}"
                     for k in c.missed if across_documents(k)]
    assert not problems, "\n".join(problems)


# -- the ledger itself (no corpus needed) -------------------------------------------------------

def _ledger(tmp_path, body: str) -> Ledger:
    path = tmp_path / "a.pdf.yaml"
    path.write_text("document: a.pdf\nfindings:\n" + body, encoding="utf-8")
    return Ledger.load(path)


def _warning(rule: str, actual: str, severity: str = "warning"):
    from budgetlens.model import Finding, Location
    return Finding(rule=rule, severity=severity, message="m", location=Location(path="a.pdf", page=3),
                   actual=actual)


def test_a_rekey_moves_each_verdict_and_a_shared_key_gives_it_to_both(tmp_path):
    from budgetlens.verdicts import key_changes
    ledger = _ledger(tmp_path, "  'D001 page=25 y=575 | [1, 2] vs [3, 3]': {verdict: true, why: p.25 read}\n"
                               "  'P001 page=3 | 9%': {verdict: false, why: rounding}\n")
    loc = {"path": "a.pdf", "page": 25, "bbox": [1, 575, 2, 600]}
    before = [{"rule": "D001", "location": loc, "message": m, "actual": "[1, 2]", "expected": "[3, 3]"}
              for m in ("收入总计…", "支出总计…")]
    after = [dict(before[0], expected="收入总计（财政拨款） [3, 3]"),
             dict(before[1], expected="支出总计（财政拨款） [3, 3]")]
    assert ledger.rekey(key_changes(before, after)) == [
        "D001 page=25 y=575 | [1, 2] vs 支出总计（财政拨款） [3, 3]",
        "D001 page=25 y=575 | [1, 2] vs 收入总计（财政拨款） [3, 3]"]
    assert sorted(ledger.verdicts) == ["D001 page=25 y=575 | [1, 2] vs 支出总计（财政拨款） [3, 3]",
                                       "D001 page=25 y=575 | [1, 2] vs 收入总计（财政拨款） [3, 3]",
                                       "P001 page=3 | 9%"]
    assert all(v.why == "p.25 read" for k, v in ledger.verdicts.items() if k.startswith("D001"))


def test_a_warning_may_be_read_unverifiable_and_the_ledger_keeps_it(tmp_path):
    ledger = _ledger(tmp_path, "  C001 page=3 | 缺:\n    verdict: unverifiable\n    why: the rule's year is not known\n")
    assert ledger.verdicts["C001 page=3 | 缺"].holds is None
    ledger.dump(tmp_path / "b.yaml")
    assert "verdict: unverifiable" in (tmp_path / "b.yaml").read_text(encoding="utf-8")


def test_an_unverifiable_error_counts_as_unverified(tmp_path):
    ledger = _ledger(tmp_path, "  C001 page=3 | 缺:\n    verdict: unverifiable\n    why: cannot tell\n")
    c = compare([_warning("C001", "缺", severity="error")], ledger)
    assert c.unverified == ["C001 page=3 | 缺"] and not c.confirmed


def test_a_false_verdict_fails_at_warning_level_and_warnings_count_per_rule(tmp_path):
    ledger = _ledger(tmp_path, "  C005 page=3 | 未单列:\n    verdict: false\n    why: stated as 购置预算支出\n"
                               "  P001 page=3 | 9.55%:\n    verdict: true\n    why: 29.42 / 307.82 = 9.56%\n")
    findings = [_warning("C005", "未单列"), _warning("P001", "9.55%"), _warning("P001", "1%")]
    c = compare(findings, ledger)
    assert c.false_warnings == ["C005 page=3 | 未单列"] and c.errors == 0
    assert c.warning_counts() == {
        "C005": dict(warnings=1, true=0, false=1, unverifiable=0),
        "P001": dict(warnings=2, true=1, false=0, unverifiable=0),
    }


def test_a_true_warning_no_longer_found_is_a_miss(tmp_path):
    ledger = _ledger(tmp_path, "  P001 page=3 | 9.55%:\n    verdict: true\n    why: 29.42 / 307.82 = 9.56%\n")
    assert compare([], ledger).missed == ["P001 page=3 | 9.55%"]
    assert not compare([_warning("P001", "9.55%", severity="error")], ledger).missed
