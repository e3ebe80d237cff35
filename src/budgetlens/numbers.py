"""Read numbers exactly as written: value, written precision, nothing rounded away.

Every reader and recognizer parses figures through here, so that "4,555.35", "４５５５．３５",
"-12.00", "18%" and "1,480.66" all become the same kind of ``Amount`` and a year or a
classification code is never mistaken for an amount by accident of parsing.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .model import Amount

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％（）",
    "0123456789.,-+%()",
)

# A plain figure: optional sign, digits with optional thousands separators, optional fraction.
_NUMBER_RE = re.compile(
    r"^(?P<sign>[-+−–])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?(?P<pct>%)?$"
)

# "0.39万" and "209万用于…" are money written without 元; "187万平方米", "5万余人" and "4万人"
# are not. A bare 万/亿 after a figure is money only when what follows cannot be a measure
# word: the end, punctuation, or a word a clause goes on with after an amount.
BARE_MONEY_FOLLOWERS = (
    r"(?=$|[\s，,。；;、：:！!？?（(）)]|比|同比|较|占|主要|用于|其中|与|增|减|下降|上升|左右)"
)

# Dashes and marks that publishers put in a cell to mean "nothing here".
EMPTY_MARKS = frozenset({"", "-", "--", "—", "——", "－", "/", "　", "\\", "…", "―"})

# Template residue that must never be read as a figure.
_PLACEHOLDER_RE = re.compile(r"^(?:[xX×]{1,3}(?:[,，][xX×]{3})*(?:\.[xX×]+)?|XX+|待填写|填写.*|\*+)$")


def normalize(text: str) -> str:
    """Fold full-width digits and punctuation and strip spaces that break figures."""
    t = text.translate(_FULLWIDTH).strip()
    return t.replace("\u3000", "").replace("\xa0", "").replace(" ", "")


def is_empty_mark(text: str) -> bool:
    return normalize(text) in EMPTY_MARKS or text.strip() in EMPTY_MARKS


def is_placeholder(text: str) -> bool:
    """True for template residue such as 'XX', 'x,xxx', 'xx.xx', '待填写'."""
    t = normalize(text)
    return bool(t) and bool(_PLACEHOLDER_RE.match(t))


def parse_number(text: str, unit: str | None = None) -> Amount | None:
    """Parse a figure as written; None when the text is not a single plain number.

    Precision is the place value of the last written digit: '4,555.35' -> 0.01,
    '1480.66' -> 0.01, '18' -> 1, '10.8%' -> 0.1 (unit '%').
    """
    t = normalize(text)
    if not t:
        return None
    neg = False
    if t.startswith("(") and t.endswith(")"):  # accounting negative
        neg, t = True, t[1:-1]
    m = _NUMBER_RE.match(t)
    if not m:
        return None
    digits = m.group("int").replace(",", "")
    frac = m.group("frac") or ""
    try:
        value = Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    if m.group("sign") in ("-", "−", "–") or neg:
        value = -value
    precision = Decimal(1).scaleb(-len(frac))
    if m.group("pct"):
        unit = "%"
    return Amount(value=value, precision=precision, text=text.strip(), unit=unit)


def looks_like_code(text: str) -> bool:
    """A classification or unit code: 3-9 digits with no separators or fraction."""
    t = normalize(text)
    return t.isdigit() and 3 <= len(t) <= 9 and not t.startswith("0")


def looks_like_year(text: str) -> bool:
    t = normalize(text).removesuffix("年")
    return t.isdigit() and len(t) == 4 and 1990 <= int(t) <= 2100
