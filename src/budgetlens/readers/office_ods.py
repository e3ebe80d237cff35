"""What calamine leaves out of ODS: merged ranges and the text a number cell shows.

ODS stores each cell's formatted text next to its value (``<text:p>4,555.30</text:p>`` for
office:value="4555.3"), so the written precision is read from there instead of re-rendering a
number format. Merges are ``table:number-columns-spanned``/``number-rows-spanned``. Runs of
identical rows or cells are stored once with a repeat count (often a million empty rows);
they are counted, never expanded.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from .office_zip import read_member

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_NUMERIC_TYPES = frozenset({"float", "percentage", "currency"})

Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass(slots=True)
class OdsSheet:
    shown: dict[tuple[int, int], str] = field(default_factory=dict)  # numeric cells only
    merges: list[Merge] = field(default_factory=list)


def read_ods_sheets(path: str) -> dict[str, OdsSheet]:
    with zipfile.ZipFile(path) as z:
        data = read_member(path, z, "content.xml")
    sheets: dict[str, OdsSheet] = {}
    for _event, table in etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=f"{{{_TABLE}}}table",
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    ):
        sheets[table.get(f"{{{_TABLE}}}name", "")] = _sheet(table)
        table.clear()
    return sheets


def _sheet(table) -> OdsSheet:
    out = OdsSheet()
    row = 0
    for tr in table.iter(f"{{{_TABLE}}}table-row"):
        repeat = int(tr.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
        col = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or not cell.tag.endswith("table-cell"):
                continue
            cols = int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
            if cell.tag == f"{{{_TABLE}}}table-cell":
                col_span = int(cell.get(f"{{{_TABLE}}}number-columns-spanned", "1"))
                row_span = int(cell.get(f"{{{_TABLE}}}number-rows-spanned", "1"))
                if col_span > 1 or row_span > 1:
                    out.merges.append(((row, col), (row + row_span - 1, col + col_span - 1)))
                if cell.get(f"{{{_OFFICE}}}value-type") in _NUMERIC_TYPES:
                    text = "\n".join(
                        "".join(p.itertext()) for p in cell.iter(f"{{{_TEXT}}}p")
                    ).strip()
                    if text and cols * repeat <= 1024:  # a repeated figure is stored once
                        for r in range(row, row + repeat):
                            for c in range(col, col + cols):
                                out.shown[(r, c)] = text
            col += cols
        row += repeat
    return out
