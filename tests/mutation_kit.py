"""Hand-made mutations for tests, built on the harness in bench/recall_mutations.py.

The harness is a benchmark (it measures recall on the corpus), not product code, so it lives in
bench/; this module loads it and builds single mutations at a place a test names by source line.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_HARNESS = Path(__file__).resolve().parents[1] / "bench" / "recall_mutations.py"


def harness():
    """The bench/recall_mutations.py module (loaded once)."""
    if "recall_mutations" not in sys.modules:
        spec = importlib.util.spec_from_file_location("recall_mutations", _HARNESS)
        module = importlib.util.module_from_spec(spec)
        sys.modules["recall_mutations"] = module
        spec.loader.exec_module(module)
    return sys.modules["recall_mutations"]


def cell_site(base, kind: str, line: int, text: str, new: str):
    """A mutation of the table cell on source ``line`` that reads ``text``."""
    m = harness()
    index = m._fact_cell_index(base)
    for (bi, ri, ci), fact in index.items():
        cell = base.doc.blocks[bi].rows[ri][ci]
        if cell.location.line == line and cell.text.strip() == text:
            return m.Site(kind, m.CellEdit(bi, ri, ci, new), f"{text} → {new}", [],
                          m._changed_facts(base, fact))
    raise AssertionError(f"no table figure {text} on line {line}")


def code_site(base, line: int, code: str, new: str):
    m = harness()
    for bi, ri, ci, text in m._code_cells(base):
        cell = base.doc.blocks[bi].rows[ri][ci]
        if cell.location.line == line and text == code:
            return m.Site("code_swap", m.CellEdit(bi, ri, ci, new), f"{code} → {new}", [cell.location])
    raise AssertionError(f"no code {code} on line {line}")


def text_site(base, kind: str, line: int, old: str, new: str):
    """A mutation of the prose on source ``line``: the first ``old`` becomes ``new``."""
    m = harness()
    for bi, block in enumerate(base.doc.blocks):
        if isinstance(block, m.Paragraph) and block.location.line == line and old in block.text:
            start = block.text.index(old)
            return m.Site(kind, m.TextEdit(bi, start, start + len(old), new), f"{old} → {new}",
                          [block.location])
    raise AssertionError(f"no {old!r} on line {line}")
