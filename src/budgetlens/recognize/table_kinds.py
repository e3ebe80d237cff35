"""Which standard table a grid is, from its title or, failing that, from its header.

The titles and header signatures are the kinds' own (taxonomy/table_kinds.yaml); of all
that match, the one with the highest priority wins, so a narrower title ('财政拨款收支总表'
also names 收支) outranks a wider one whatever the order of the file.
"""

from __future__ import annotations

import re

from ..taxonomy.table_kinds import OTHER, registry

_SPACE = re.compile(r"\s+")


def kind_from_title(title: str) -> str | None:
    """The kind a title names; 'other' for a known non-standard table, None when unsure."""
    t = _SPACE.sub("", title)
    for rule in registry().titles:
        if rule.pattern.search(t):
            return rule.kind
    return None


def kind_from_header(labels: list[str], two_sided: bool, has_economic_codes: bool) -> str:
    """Best guess from the header labels when no title names the table."""
    text = "|".join(labels)
    for signature in registry().headers:
        if signature.matches(text, two_sided, has_economic_codes):
            return signature.kind
    return OTHER
