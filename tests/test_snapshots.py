"""Snapshots of every finding on every corpus document, all severities.

A change in what budgetlens reports on a real document — a finding added, lost or moved —
shows up here as a diff to review. After verifying the change by reading the document,
refresh the snapshots with:

    BUDGETLENS_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from budgetlens.check import check_path
from conftest import CORPUS

SNAPSHOTS = Path(__file__).parent / "snapshots"
DOCUMENTS = sorted(
    p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md"
) if CORPUS.exists() else ["<corpus absent>"]


def _place(loc) -> str:
    parts = []
    for key in ("line", "page", "sheet", "cell", "table", "row", "column"):
        v = getattr(loc, key)
        if v is not None:
            parts.append(f"{key}={v}")
    return " ".join(parts)


def findings_snapshot(path: Path) -> list[str]:
    result = check_path(str(path))
    rows = [f"{f.rule} {f.severity} {_place(f.location)} | {f.message}" for f in result.findings]
    return sorted(rows)


def assert_matches_snapshot(actual: list[str], snap: Path) -> None:
    """Compare with the stored rows; write them when asked to (or when the file is missing)."""
    if os.environ.get("BUDGETLENS_UPDATE_SNAPSHOTS") == "1" or not snap.exists():
        snap.parent.mkdir(exist_ok=True)
        snap.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if os.environ.get("BUDGETLENS_UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"snapshot {snap.name} was missing and has been written; review and commit it")
    expected = json.loads(snap.read_text(encoding="utf-8"))
    added = [r for r in actual if r not in expected]
    lost = [r for r in expected if r not in actual]
    assert not added and not lost, "\nadded:\n  " + "\n  ".join(added) + "\nlost:\n  " + "\n  ".join(lost)


@pytest.mark.parametrize("name", DOCUMENTS, ids=lambda n: Path(n).stem[:40])
def test_findings_match_snapshot(name):
    path = CORPUS / name
    if name == "<corpus absent>" or not path.exists():
        pytest.skip(f"corpus document {name} not found under {CORPUS} (the shared corpus is absent)")
    actual = findings_snapshot(path)
    assert_matches_snapshot(actual, SNAPSHOTS / (Path(name).stem + ".json"))



def linked_snapshot() -> list[str]:
    """The corpus checked together: which files link how, every finding of each split
    disclosure checked as one, and every D finding."""
    from budgetlens.check import check_extraction
    from budgetlens.link import link
    from budgetlens.pipeline import extract
    from budgetlens.rules.crossdoc import run_cross_rules

    docs = []
    for name in DOCUMENTS:
        try:
            docs.append(extract(str(CORPUS / name)))
        except Exception:  # an unreadable file is in its own snapshot
            continue
    links = link(docs)

    def short(x) -> str:
        return Path(x.path).name

    rows = [f"split {short(s.narrative)} + {short(s.tables)} by_figures={s.by_figures}" for s in links.splits]
    for kind in ("series", "budget_final", "department_unit", "versions"):
        rows += [f"{kind} {short(a)} -> {short(b)}" for a, b in getattr(links, kind)]
    for merged in links.disclosures[:len(links.splits)]:
        rows += [f"merged {Path(f.location.path or merged.path).name} {f.rule} {f.severity} {_place(f.location)} | "
                 f"{f.message}" for f in check_extraction(merged).findings]
    rows += [f"cross {Path(f.location.path).name} {f.rule} {f.severity} {_place(f.location)} | {f.message}"
             for f in run_cross_rules(links).all_findings()]
    return sorted(rows)


def test_linked_corpus_matches_snapshot():
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    actual = linked_snapshot()
    assert_matches_snapshot(actual, SNAPSHOTS / "linked-corpus.json")
