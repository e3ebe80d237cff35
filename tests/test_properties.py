"""Properties that hold for any input: readers end in a Document or a ReadError, grids stay
inside themselves, and every figure parse_number accepts reads back as written.

Examples are few and bounded so that the suite stays fast; the fixed database-free profile
makes a failure reproducible from the printed example.
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlens.errors import ReadError
from budgetlens.model import Document
from budgetlens.numbers import parse_number
from budgetlens.readers import html as html_reader
from budgetlens.readers import text as text_reader

BOUNDED = settings(
    max_examples=60,
    deadline=2000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _read_bytes(reader, data: bytes, suffix: str):
    fd, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            return reader(path)
        except ReadError as e:
            assert e.path == path and e.problem
            return None
    finally:
        os.unlink(path)


# -- text reader ----------------------------------------------------------------------------

_TEXTY = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=1500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(
        alphabet=st.sampled_from(list("0123456789,.\t |-#：:（）一二三万元合计支出收入表\n\r")),
        max_size=2000,
    ).map(lambda s: s.encode("gb18030")),
)


@BOUNDED
@given(data=_TEXTY, suffix=st.sampled_from([".txt", ".md"]))
def test_text_reader_gives_a_document_or_a_read_error(data, suffix):
    doc = _read_bytes(text_reader.read, data, suffix)
    if doc is not None:
        assert isinstance(doc, Document)
        for block in doc.blocks:
            text = getattr(block, "text", "")
            assert not any("\ud800" <= ch <= "\udfff" for ch in text)


# -- HTML reader ----------------------------------------------------------------------------

_SPAN = st.one_of(
    st.integers(min_value=0, max_value=6).map(str),
    st.sampled_from(["2000000000", "99999999", "-3", "x", "", "1.5", " 2"]),
)


@st.composite
def _cell(draw):
    attrs = ""
    if draw(st.booleans()):
        attrs += f' rowspan="{draw(_SPAN)}"'
    if draw(st.booleans()):
        attrs += f' colspan="{draw(_SPAN)}"'
    tag = draw(st.sampled_from(["td", "th"]))
    text = draw(st.text(alphabet="合计12,.3<>&[/]x 元", max_size=8))
    return f"<{tag}{attrs}>{text}</{tag}>"


_ROW = st.lists(_cell(), max_size=6).map(lambda cells: "<tr>" + "".join(cells) + "</tr>")
_TABLE = st.lists(_ROW, min_size=1, max_size=8).map(lambda rows: "<table>" + "".join(rows) + "</table>")
_FRAGMENT = st.one_of(
    _TABLE,
    st.text(max_size=60),
    st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<br>", "<h2>一、概况</h2>", "<img src=a.png>",
                     "<a href='x.xls'>附件</a>", "<script>x</script>", "<table>", "</td>"]),
)


@BOUNDED
@given(parts=st.lists(_FRAGMENT, max_size=12), depth=st.integers(min_value=0, max_value=300))
def test_html_reader_gives_a_document_or_a_read_error(parts, depth):
    page = "<html><body>" + "<div>" * depth + "".join(parts) + "</div>" * depth + "</body></html>"
    doc = _read_bytes(html_reader.read, page.encode("utf-8"), ".html")
    if doc is None:
        return
    for grid in doc.grids():
        assert grid.n_cols >= 1
        for r, row in enumerate(grid.rows):
            for cell in row:
                assert cell.row == r
                assert cell.colspan >= 1 and cell.rowspan >= 1
                assert cell.col + cell.colspan <= grid.n_cols
                assert r + cell.rowspan <= len(grid.rows)


# -- numbers --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=500, database=None)
@given(st.text(max_size=40) | st.text(alphabet="0123456789,.-+%()（）－＋％ 　\xa0", max_size=25))
def test_parse_number_never_raises_and_reads_back_what_it_accepts(text):
    a = parse_number(text)
    if a is None:
        return
    again = parse_number(a.text)
    assert again is not None
    assert (again.value, again.precision) == (a.value, a.precision)
    assert a.precision > 0


@settings(max_examples=200, deadline=500, database=None)
@given(
    units=st.integers(min_value=0, max_value=10**12),
    places=st.integers(min_value=0, max_value=4),
    negative=st.booleans(),
    grouped=st.booleans(),
)
def test_written_figures_parse_to_their_value_and_precision(units, places, negative, grouped):
    value = Decimal(units).scaleb(-places)
    written = f"{abs(value):,.{places}f}" if grouped else f"{abs(value):.{places}f}"
    if negative:
        written = "-" + written
    a = parse_number(written)
    assert a is not None, written
    assert a.value == (-abs(value) if negative else abs(value))
    assert a.precision == Decimal(1).scaleb(-places)
    assert a.text == written
