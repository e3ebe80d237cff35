"""Shared fixtures: the real corpus beside the checkout, skipped with a reason when absent."""

from __future__ import annotations

import os
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
