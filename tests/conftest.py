"""Shared fixtures: the real corpus beside the checkout, skipped with a reason when absent."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("BUDGETLENS_CORPUS", ROOT.parent / "shared" / "corpus"))
ORIGINALS = CORPUS / "original"
SAMPLES = ROOT / "samples"


def corpus_file(name: str) -> Path:
    """Path of a corpus document; skips the test when the corpus is not beside the checkout."""
    for base in (CORPUS, ORIGINALS):
        p = base / name
        if p.exists():
            return p
    pytest.skip(f"corpus document {name} not found under {CORPUS} (the shared corpus is absent)")


@pytest.fixture
def corpus():
    return corpus_file


@dataclass
class CorpusRun:
    """``check`` over every corpus document and sample in one run, as SARIF with a baseline."""

    documents: list[Path]
    sarif: dict
    baseline: Path
    keys: dict[str, list[str]]  # document path -> the SARIF fingerprint of each finding


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory) -> CorpusRun:
    from click.testing import CliRunner

    from budgetlens.cli import cli
    from budgetlens.report.sarif import FINGERPRINT

    if not ORIGINALS.is_dir():
        pytest.skip(f"the shared corpus is absent (looked under {CORPUS})")
    documents = sorted(p for base in (CORPUS, ORIGINALS, SAMPLES) for p in base.iterdir()
                       if p.is_file() and p.name != "README.md")
    out = tmp_path_factory.mktemp("corpus-run")
    r = CliRunner().invoke(cli, ["check", *map(str, documents), "--format", "sarif",
                                 "-o", str(out / "findings.sarif"),
                                 "--write-baseline", str(out / "accepted.json")])
    assert r.exit_code in (0, 1), r.output
    sarif = json.loads((out / "findings.sarif").read_text(encoding="utf-8"))
    by_uri = {p.as_uri(): str(p) for p in documents}
    keys: dict[str, list[str]] = {str(p): [] for p in documents}
    for res in sarif["runs"][0]["results"]:
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        keys[by_uri[uri]].append(res["partialFingerprints"][FINGERPRINT])
    return CorpusRun(documents, sarif, out / "accepted.json", keys)
