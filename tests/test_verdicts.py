"""Every error finding on every corpus document carries a verdict read against the page.

The ledger (``tests/verdicts/<document>.yaml``) records, for each error-severity finding,
whether the slip is really in the document (``verdict: true`` and the arithmetic) or is a false
alarm (``verdict: false`` and its cause). This test fails when

- an error finding has no verdict: read it against the page, then record one (or, when it
  cannot be verified, make the finding a warning);
- a finding with a ``false`` verdict still fires at error level: a false alarm never lands;
- a finding with a ``true`` verdict no longer fires: a verified slip has been lost (a miss).

``bench/precision.py`` prints the ledger's counts (precision of error findings).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.check import check_path
from budgetlens.verdicts import Ledger, compare
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
    if c.missed:
        problems.append("verified slips no longer found:\n  " + "\n  ".join(c.missed))
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
        problems += [f"{Path(path).name}: false alarm: {k}" for k in c.false_alarms]
    return problems


def test_every_error_finding_of_linked_documents_has_a_verdict():
    """The corpus linked as a whole: each split disclosure (说明 + 附表) checked as one and the
    D rules over series and pairs. Every error lands in the ledger of the file it points to,
    like any finding (a verified slip need not recur here: the single check keeps it)."""
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
    assert not problems, "\n".join(problems)
