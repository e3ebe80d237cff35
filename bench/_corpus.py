"""Where the benchmarks find documents: the shared corpus beside the checkout, else samples/."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("BUDGETLENS_CORPUS", ROOT.parent / "shared" / "corpus"))


def text_documents() -> list[Path]:
    docs = sorted(p for p in CORPUS.glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
    return docs or sorted((ROOT / "samples").glob("*.md")) + sorted((ROOT / "samples").glob("*.txt"))


def pin_to_one_core() -> str:
    """Run on a single CPU so the figures do not depend on idle cores."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "single process (no CPU pinning on this platform)"
