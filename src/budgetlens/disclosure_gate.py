"""Whether what was read is a budget or final-account disclosure at all.

A README, a letter or a notice read as text yields no year, no table, no grid and no stated
amount; checking it would report missing tables as if a department had left them out. Such a
file is refused with one line (``FILE: not a budget or final-account disclosure …``, exit 2).
A scan (pages as pictures) or a blank template is still a disclosure: the rules say what is
wrong with it.
"""

from __future__ import annotations

from .pipeline import Extraction

MONEY_UNITS = ("元", "万元", "亿元")
NOT_A_DISCLOSURE = ("not a budget or final-account disclosure "
                    "(不是部门预算或决算公开文件: no year, no table and no amount of money found)")


def not_a_disclosure(x: Extraction) -> str | None:
    """The problem to report, or None when ``x`` reads as a disclosure."""
    doc = x.document
    if x.info.year is not None or x.tables or x.facts or doc.grids():
        return None
    if any(getattr(c.value, "unit", None) in MONEY_UNITS for c in x.claims):
        return None
    if doc.placeholder_only or doc.warnings:  # a blank template, or pages that are pictures
        return None
    return NOT_A_DISCLOSURE


def extract_disclosure(path: str):
    """``pipeline.extract``, refusing a file that is not a disclosure (``ReadError``)."""
    from .errors import ReadError
    from .pipeline import extract

    x = extract(path)
    problem = not_a_disclosure(x)
    if problem:
        raise ReadError(path, problem)
    return x
