"""HTML pages through lxml: body text as Paragraphs, <table> as Grids, pictures as ImageBlocks.

Disclosure pages are often published with their tables as pictures or as attachment links
(.xls, .pdf); neither can be read from the page, so each is reported (an ImageBlock and a
warning) instead of being silently missing. Pages are untrusted: nothing is fetched, no
entity or DTD is loaded, huge trees are refused. The charset comes from a BOM or the <meta>
declaration (GBK/GB2312 are read as GB18030, their superset), else it is detected.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import ReadError
from ..model import Block, Cell, Document, Grid, ImageBlock, Location, Paragraph
from ..numbers import is_placeholder

_SKIP_TAGS = frozenset(
    {"head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
     "form", "iframe", "select", "button", "object", "embed", "svg", "map", "audio", "video"}
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
     "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption",
     "hr", "body", "html", "caption", "tr", "td", "th", "tbody", "thead", "tfoot"}
)  # fmt: skip
_BOILERPLATE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|breadcrumbs?|crumbs?|sidebar|share|toolbar|copyright)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_ATTACHMENT = re.compile(r"\.(?:xlsx?|et|pdf|docx?|wps|zip|rar|7z)(?:$|[?#])", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u2002\u2003\u2009]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
MIN_CONTENT_IMAGE_PX = 100  # smaller pictures are icons and spacers
MAX_SPAN = 1000


def read(path: str) -> Document:
    """Read an HTML page; raises ReadError naming the file when it cannot."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise ReadError(path, f"cannot open file ({e.strerror or e})") from None
    text, encoding = decode_html(raw)
    root, limits = _parse(path, text)
    walker = _Walker(path)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    doc = Document(path=path, format="html", blocks=walker.blocks, encoding=encoding)
    doc.warnings.extend(limits)
    _report_missing_tables(doc, walker)
    if not doc.blocks:
        raise ReadError(path, "HTML page without any text, table or picture in its body")
    return doc


# ---------------------------------------------------------------------------
# Bytes to a tree
# ---------------------------------------------------------------------------


def decode_html(raw: bytes) -> tuple[str, str]:
    """Text and the encoding used: BOM, then <meta charset>, then detection."""
    for bom, name in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace"), name
    declared = _META_CHARSET.search(raw[:8192])
    if declared:
        name = _canonical_charset(declared.group(1).decode("ascii", "ignore"))
        try:
            return raw.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding:
        name = _canonical_charset(best.encoding)
        return raw.decode(name, errors="replace"), name
    return raw.decode("gb18030", errors="replace"), "gb18030"


def _canonical_charset(name: str) -> str:
    lowered = name.strip().lower().replace("_", "-")
    if lowered in ("gb2312", "gbk", "gb-2312", "cp936", "x-gbk", "gb18030", "euc-cn"):
        return "gb18030"
    return lowered


def _parse(path: str, text: str):
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.ParserError as e:
        raise ReadError(path, f"cannot parse HTML ({e})") from None
    if root is None:
        raise ReadError(path, "empty HTML document")
    return root, _limits_hit(parser)


def _limits_hit(parser) -> list[str]:
    """What the parser's safety limits left out (content nested deeper than libxml2 allows
    without huge_tree is dropped): said in a warning, never lost without a word."""
    out = []
    for e in parser.error_log:
        if e.type_name != "ERR_RESOURCE_LIMIT":
            continue
        depth = re.search(r"depth in document: (\d+)", e.message)
        if depth:
            out.append(
                f"页面标签嵌套超过{depth.group(1)}层（第{e.line}行起），更深处的内容未读取"
            )
        else:
            out.append(f"页面超出解析限制（第{e.line}行起：{e.message.strip()}），其后内容未读取")
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------------------
# Tree to blocks
# ---------------------------------------------------------------------------


class _Walker:
    def __init__(self, path: str):
        self.path = path
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.buffer_line: int | None = None
        self.heading: int | None = None
        self.tables = 0
        self.images = 0
        self.attachments: list[str] = []

    def walk(self, el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or _skipped(el, tag):
            self._tail(el)
            return
        if tag == "br":
            self.flush()
        elif tag == "table" and not _layout_table(el):
            self.flush()
            self.tables += 1
            grid = table_grid(el, self.path, f"t{self.tables}")
            if grid is not None:
                self.blocks.append(grid)
        elif tag == "img":
            self._image(el)
        else:
            if tag == "a":
                self._link(el)
            block = tag in _BLOCK_TAGS
            if block:
                self.flush()
            level = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else None
            if level:
                self.heading = level
            self._text(el.text, el.sourceline)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
            if level:
                self.heading = None
        self._tail(el)

    def _tail(self, el) -> None:
        self._text(el.tail, el.sourceline)

    def _text(self, text: str | None, line: int | None) -> None:
        if text:
            if self.buffer_line is None and text.strip():
                self.buffer_line = line
            self.buffer.append(text)

    def flush(self) -> None:
        text = clean_text("".join(self.buffer))
        if text:
            self.blocks.append(
                Paragraph(
                    text=text,
                    location=Location(path=self.path, line=self.buffer_line),
                    heading_level=self.heading,
                )
            )
        self.buffer, self.buffer_line = [], None

    def _image(self, el) -> None:
        width, height = _px(el.get("width")), _px(el.get("height"))
        if (width is not None and width < MIN_CONTENT_IMAGE_PX) or (
            height is not None and height < MIN_CONTENT_IMAGE_PX
        ):
            return
        src = (el.get("src") or "").strip()
        if not src and width is None and height is None:
            return  # an empty <img> tag holds nothing
        self.flush()
        self.images += 1
        size = f"，{width}×{height}像素" if width and height else ""
        shown = src if len(src) <= 200 else src[:200] + "…"
        alt = clean_text(el.get("alt") or el.get("title") or "")
        self.blocks.append(
            ImageBlock(
                description=f"图片{self.images}：{alt + '，' if alt else ''}{shown}{size}（未读取）",
                location=Location(path=self.path, line=el.sourceline),
            )
        )

    def _link(self, el) -> None:
        href = (el.get("href") or "").strip()
        if _ATTACHMENT.search(href):
            label = clean_text("".join(el.itertext())) or href.rsplit("/", 1)[-1]
            self.attachments.append(label)
            self.blocks.append(
                ImageBlock(
                    description=f"附件：{label}（{href}，未读取）",
                    location=Location(path=self.path, line=el.sourceline),
                )
            )


def _skipped(el, tag: str) -> bool:
    if tag in _SKIP_TAGS:
        return True
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    marker = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(_BOILERPLATE_CLASS.search(marker)) and tag not in ("body", "html", "table")


def _layout_table(table) -> bool:
    """A table used for page layout: it wraps other tables or a single cell."""
    if any(True for _ in table.iterdescendants("table")):
        return True
    cells = [c for c in table.iterdescendants("td", "th")]
    return len(cells) <= 1


def _px(value: str | None) -> int | None:
    if not value:
        return None
    m = re.match(r"\s*(\d+)", value)
    return int(m.group(1)) if m else None


def clean_text(text: str) -> str:
    """Collapse HTML whitespace (&nbsp; indents, line breaks in source) to single spaces."""
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip(" \u3000")


def table_grid(table, path: str, table_id: str) -> Grid | None:
    """A <table> as a Grid, rowspan/colspan expanded over the columns each row leaves free.

    Spans are capped at the real grid: rowspan at the rows left, colspan at the table's
    width (the widest row, each of its cells spanning at most as many columns as the row
    with most cells has), so a colspan of two billion costs nothing. Occupancy is one
    "held until row" mark per column, not a set of every covered slot: work is linear in
    rows × columns.
    """
    rows = [
        [td for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]
        for tr in table.iter("tr")
        if _owner_table(tr) is table
    ]
    widest = _table_width(rows)
    busy_until: list[int] = []  # grid column -> last row a rowspan from above holds
    grid_rows: list[list[Cell]] = []
    n_cols = 0
    for r, tds in enumerate(rows):
        col = 0
        row_cells: list[Cell] = []
        for td in tds:
            while col < len(busy_until) and busy_until[col] >= r:
                col += 1
            rowspan = _span(td.get("rowspan"), len(rows) - r)
            colspan = min(_span(td.get("colspan"), MAX_SPAN), widest)
            if rowspan > 1:
                busy_until.extend([-1] * (col + colspan - len(busy_until)))
                for cc in range(col, col + colspan):
                    busy_until[cc] = r + rowspan - 1
            text = _cell_text(td)
            row_cells.append(
                Cell(
                    text=text,
                    row=r,
                    col=col,
                    rowspan=rowspan,
                    colspan=colspan,
                    location=Location(
                        path=path, line=td.sourceline, table=table_id, cell=f"r{r + 1}c{col + 1}"
                    ),
                    placeholder=is_placeholder(text),
                )
            )
            col += colspan
        held = max((c + 1 for c in range(col, len(busy_until)) if busy_until[c] >= r), default=0)
        n_cols = max(n_cols, col, held)
        grid_rows.append(row_cells)
    if not grid_rows or n_cols == 0:
        return None
    caption_el = table.find("caption")
    caption = clean_text("".join(caption_el.itertext())) if caption_el is not None else None
    return Grid(
        rows=grid_rows,
        n_cols=n_cols,
        location=Location(path=path, line=table.sourceline, table=table_id),
        caption=caption or None,
    )


def _table_width(rows: list[list]) -> int:
    """Columns of the table: the widest row, each cell's colspan capped at the largest
    number of cells any row has, at least the cells themselves."""
    most_cells = max((len(tds) for tds in rows), default=0)
    widest = 0
    for tds in rows:
        widest = max(widest, sum(min(_span(td.get("colspan"), MAX_SPAN), most_cells) for td in tds))
    return max(widest, most_cells)


def _owner_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None, limit: int) -> int:
    """A span attribute, clamped to the table; rowspan="0" reaches the last row."""
    n = _px(value)
    if n is None:
        return 1
    if n == 0:
        return max(1, limit) if limit < MAX_SPAN else 1
    return max(1, min(n, limit))


def _cell_text(td) -> str:
    parts: list[str] = []
    _collect_text(td, parts)
    lines = [clean_text(line) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _collect_text(el, parts: list[str]) -> None:
    """Text in document order; <br>, <p> and <div> start a new line."""
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in ("br", "p", "div", "li"):
            parts.append("\n")
        if tag and tag not in ("script", "style"):
            _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)


# ---------------------------------------------------------------------------
# What the page does not contain
# ---------------------------------------------------------------------------


def _report_missing_tables(doc: Document, walker: _Walker) -> None:
    if doc.grids():
        return
    if walker.images:
        doc.warnings.append(
            f"页面没有表格：{walker.images}张图片可能是以图片发布的表格，其中的数字无法读取"
        )
    if walker.attachments:
        names = "、".join(walker.attachments[:10])
        doc.warnings.append(f"页面没有表格：表格在附件中（{names}），附件未读取")
