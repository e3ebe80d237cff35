"""Amounts in 万元 as text: exact decimal strings for JSON and data attributes, grouped for people.

The store keeps figures as DECIMAL(38, 10) (``3797.6400000000``, ``0E-10``); a reviewer reads
them as printed, to the cent at least (``3797.64``, ``0.00``), and a figure converted from 元
keeps its further digits (``0.123456``).
"""

from __future__ import annotations

from decimal import Decimal

CENT = Decimal("0.01")


def amount_text(v: Decimal | None) -> str | None:
    """'3797.64', '44.00', '0.00', '0.123456': never an exponent, at least two decimals."""
    if v is None:
        return None
    v = Decimal(v).normalize()
    if v.as_tuple().exponent > -2:
        v = v.quantize(CENT)
    return f"{v:f}"


def amount_label(v: Decimal | None) -> str:
    """'17,996.68' for a page; '—' when the figure is not stated."""
    text = amount_text(v)
    if text is None:
        return "—"
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}" + (f".{fraction}" if fraction else "")
