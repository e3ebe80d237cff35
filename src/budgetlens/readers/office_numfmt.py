"""Turn a stored spreadsheet number back into the text the sheet shows.

Spreadsheets store binary floats: a cell showing "4,555.30" holds 4555.3, and a summed cell
showing "4555.35" may hold 4555.349999999999. The written precision is what the interval
checks need (0.01 here), so the value is re-rendered through the cell's number format:
decimals, thousands separator and percent sign. Without a format the shortest repr that
round-trips is used, cleaned of binary noise beyond 15 significant digits.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

GENERAL = "General"

# Excel's built-in number formats that matter for figures (ECMA-376 18.8.30).
BUILTIN_FORMATS: dict[int, str] = {
    0: GENERAL,
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    48: "##0.0E+0",
    49: "@",
}

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


class NumberFormat:
    """The parts of a format code that decide how a figure is written."""

    __slots__ = ("decimals", "thousands", "percent", "general")

    def __init__(self, code: str | None):
        section = _first_section(code or GENERAL)
        bare = _QUOTED.sub("", section)
        self.general = (
            not bare.strip()
            or bare.strip().lower() in ("general", "@")
            or ("E+" in bare.upper() or not any(ch in bare for ch in "0#?"))
        )
        self.percent = "%" in bare
        self.thousands = bool(re.search(r"[0#?],[0#?]", bare))
        frac = re.search(r"\.([0#?]+)", bare)
        self.decimals = len(frac.group(1)) if frac else 0


def _first_section(code: str) -> str:
    """The positive-number section of a format code (sections are split by unquoted ';')."""
    out, quoted = [], False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            break
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=256)
def _number_format(code: str | None) -> NumberFormat:
    return NumberFormat(code)


def format_number(value: float | int, code: str | None = None) -> str:
    """The text a sheet shows for ``value`` under format ``code`` ('0.00', '#,##0.00', '0%' …)."""
    fmt = _number_format(code)
    if fmt.general and isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # the common case, without Decimal
    try:
        exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(int(value))
    except (InvalidOperation, ValueError, OverflowError):
        return str(value)
    if not exact.is_finite():
        return str(value)
    if fmt.general:
        return _general(exact)
    if fmt.percent:
        exact *= 100
    rounded = exact.quantize(Decimal(1).scaleb(-fmt.decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # Excel never shows "-0.00"
    text = f"{rounded:,.{fmt.decimals}f}" if fmt.thousands else f"{rounded:.{fmt.decimals}f}"
    return text + ("%" if fmt.percent else "")


def _general(exact: Decimal) -> str:
    """Shortest plain rendering, with binary noise past 15 significant digits removed."""
    if exact == exact.to_integral_value() and abs(exact) < Decimal("1e15"):
        return str(int(exact))
    digits = len(exact.as_tuple().digits)
    if digits > 15:
        exact = Decimal(format(float(exact), ".15g"))
    text = format(exact, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
