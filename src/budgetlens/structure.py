"""What a disclosure is about and how it is divided, read from its blocks alone.

Works on any ``Document``: the numbered headings (第一部分 / 一、 / （一） / 1. / (1)) are
found in paragraphs whatever format they came from, and the metadata is read in order of
trust: the title first, then the 第X部分 headings, then the other headings, and the body
text only as a last resort, so that a year or a 预算 mentioned in passing ("比2023年预算…")
never decides what the document is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .model import Block, Document, DocumentInfo, Grid, Paragraph, Section, Unit

# ---------------------------------------------------------------------------
# Headings
# ---------------------------------------------------------------------------

_CN = "一二三四五六七八九十"
_HEADING_RES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(第[{_CN}]+部分)[\s：:、.．]*(.*)$", re.S)),
    (2, re.compile(rf"^([{_CN}]{{1,3}}\s*[、．.])\s*(.*)$", re.S)),
    (3, re.compile(rf"^([（(]\s*[{_CN}]{{1,3}}\s*[）)])\s*(.*)$", re.S)),
    (4, re.compile(r"^(\d{1,2}\s*[.．、])(?!\d)\s*(.*)$", re.S)),
    (5, re.compile(r"^([（(]\s*\d{1,2}\s*[）)])\s*(.*)$", re.S)),
)
_TITLE_MAX = 40
_CLAUSE_END_RE = re.compile(r"[。；;：:]")
_COMMA_RE = re.compile(r"[，]|,(?!\d)")
_TOC_RE = re.compile(r"^(?:目\s*录|目\s*次)$")
_NORMALIZE_RE = re.compile(r"[\s\W_]+")
# Dot leaders and the page number ending a contents entry. Matched only from where a run of
# leaders or of digits begins: from inside a run the same match is found later anyway, and
# trying every position of a 20,000-dot line is quadratic.
_TOC_TAIL_RE = re.compile(r"(?<![\s.·…．\-—_])(?!(?<=\d)\d)[\s.·…．\-—_]*\d*$")


def _heading(text: str) -> tuple[int, str, str] | None:
    """(level, number as written, title) when the paragraph starts with a section number."""
    for level, rx in _HEADING_RES:
        m = rx.match(text)
        if m:
            return level, m.group(1).replace(" ", ""), _short_title(m.group(2))
    return None


def _short_title(rest: str) -> str:
    """The heading's own words: a numbered paragraph that runs on is cut at its first clause.

    "财政拨款收入：指本级财政部门…" -> "财政拨款收入"; "单位基本情况。垫江县…" -> "单位基本情况";
    a long run-on sentence is also cut at its first comma (never inside "4,555.35").
    """
    t = rest.strip(" \u3000：:")
    m = _CLAUSE_END_RE.search(t)
    if m and m.start() > 0:
        t = t[: m.start()]
    if len(t) > _TITLE_MAX:
        m = _COMMA_RE.search(t)
        if m and m.start() > 0:
            t = t[: m.start()]
    return t.rstrip("。；;：:，, \u3000")


def _norm(text: str) -> str:
    return _NORMALIZE_RE.sub("", text)


def find_sections(blocks: list[Block]) -> list[Section]:
    """Numbered headings with their block ranges; table-of-contents entries flagged ``toc``.

    A section runs until the next heading of the same or a higher level (smaller number).
    A contents entry whose heading is printed in the body without its number ("第二部分 …
    部门决算表" in 目录, only "…部门决算表" above the tables) gives that body line its number.
    """
    sections: list[Section] = []
    toc_start: int | None = None
    for i, b in enumerate(blocks):
        if not isinstance(b, Paragraph):
            continue
        text = b.text.strip()
        if toc_start is None and _is_toc_marker(blocks, i, text):
            toc_start = i
            continue
        h = _heading(text)
        if h:
            level, number, title = h
            sections.append(Section(number, title, level, b.location, i, len(blocks)))
    toc_end = None
    if toc_start is not None:
        toc_end = _toc_end(blocks, sections, toc_start)
        for s in sections:
            s.toc = toc_start < s.block_start < toc_end
        sections += _headings_named_by_toc(blocks, sections, toc_end)
        sections.sort(key=lambda s: s.block_start)
    open_: list[Section] = []  # sections whose end is not known yet, levels increasing
    for s in sections:
        while open_ and open_[-1].level >= s.level:
            open_.pop().block_end = s.block_start
        open_.append(s)
    for s in open_:
        s.block_end = len(blocks)
    if toc_end is not None:
        for s in sections:
            if s.toc:
                s.block_end = min(s.block_end, toc_end)
    return sections


def _is_toc_marker(blocks: list[Block], i: int, text: str) -> bool:
    """ "目录" on one line, or "目" and "录" printed as two lines (wide letter-spacing in PDFs)."""
    if _TOC_RE.match(text):
        return True
    if text == "目" and i + 1 < len(blocks):
        nxt = blocks[i + 1]
        return isinstance(nxt, Paragraph) and nxt.text.strip() == "录"
    return False


def _headings_named_by_toc(
    blocks: list[Block], sections: list[Section], toc_end: int
) -> list[Section]:
    """Body lines that repeat a contents entry without its number, as that entry's section."""
    real = {(s.level, _norm(s.title)) for s in sections if not s.toc}
    numbered = {s.block_start for s in sections}
    found: list[Section] = []
    pos = toc_end
    # block index -> (text, normalized text) of a line that may be such a heading, else
    # None; each entry searches from ``pos`` on, so a line is read once, not once per entry
    lines: dict[int, tuple[str, str] | None] = {}
    for entry in (s for s in sections if s.toc):
        want = _norm(_TOC_TAIL_RE.sub("", entry.title))
        if len(want) < 4 or (entry.level, want) in real:
            continue
        for i in range(pos, len(blocks)):
            if i in lines:
                line = lines[i]
            else:
                line = lines[i] = _heading_candidate(blocks[i], i in numbered)
            if line is not None and want in line[1]:
                found.append(Section(entry.number, line[0], entry.level, blocks[i].location, i,
                                     len(blocks)))
                pos = i + 1
                break
    return found


def _heading_candidate(b: Block, numbered: bool) -> tuple[str, str] | None:
    """(text, normalized text) of a short unnumbered paragraph, None for any other block."""
    if numbered or not isinstance(b, Paragraph):
        return None
    text = b.text.strip()
    if len(text) > _TITLE_MAX or text.endswith("。"):
        return None
    return text, _norm(text)


def _toc_end(blocks: list[Block], sections: list[Section], toc_start: int) -> int:
    """Index of the first block after the table of contents.

    The contents end where their first entry appears again as a real heading; failing that,
    at the first unnumbered line that repeats it ("上海市财政局（单位）主要职能" for
    "一、单位主要职能"), or at the first block that no contents line looks like (a table,
    a sentence, a long paragraph).
    """
    entries = [s for s in sections if s.block_start > toc_start]
    want = ""
    if entries:
        first = entries[0]
        want = _norm(_TOC_TAIL_RE.sub("", first.title))
        key = (first.number, want)
        for s in entries[1:]:
            if (s.number, _norm(s.title)) == key:
                return s.block_start
    heads = {s.block_start for s in entries}
    start = entries[0].block_start + 1 if entries else toc_start + 1
    for i in range(start, len(blocks)):
        b = blocks[i]
        if isinstance(b, Grid):
            return i
        if i in heads or not isinstance(b, Paragraph):
            continue
        text = b.text.strip()
        if len(want) >= 4 and want in _norm(text):
            return i
        if len(text) > _TITLE_MAX or text.endswith(("。", "；", "：", ":")):
            return i
    return len(blocks)


# ---------------------------------------------------------------------------
# Title, year, kind, scope
# ---------------------------------------------------------------------------

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_KIND_RE = re.compile(r"((?:19|20)\d{2})\s*年度?[^\d，。；：,;:（）()]{0,8}?(预算|决算)")
_SCOPE_RE = re.compile(r"(部门|单位)(?:预算|决算)")
_TITLE_WORDS_RE = re.compile(r"公开|说明|报告|情况|(?:预算|决算)$")
_AMOUNT_RE = re.compile(r"\d\.\d|万元|%|％")
_TITLE_MAX_CHARS = 60


def _is_title(text: str) -> bool:
    return (
        len(text) <= _TITLE_MAX_CHARS
        and _YEAR_RE.search(text) is not None
        and ("预算" in text or "决算" in text)
        and _TITLE_WORDS_RE.search(text) is not None
        and not text.endswith("表")
        and "，" not in text
        and "。" not in text
        and _AMOUNT_RE.search(text) is None
        and _heading(text) is None
    )


def find_title(blocks: list[Block]) -> str | None:
    """The document's title: a short line naming a year and 预算/决算, anywhere in the file.

    A line marked as a top heading wins; otherwise the first one (PDF tables-only files put
    it after the body). A title printed over two lines ("垫江县人民政府办公室" /
    "2024年部门预算情况说明", or "…社会工作部 2024 年度" / "部门决算") is joined.
    """
    first: str | None = None
    for i, b in enumerate(blocks):
        if not isinstance(b, Paragraph):
            continue
        text = b.text.strip()
        if _is_title(text):
            if b.heading_level == 1:
                return text
            first = first or text
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if first is None and isinstance(nxt, Paragraph) and _joinable(text, nxt.text.strip()):
            first = text + nxt.text.strip()
    return first


def _joinable(a: str, b: str) -> bool:
    """Two short lines that only together read as a title."""
    return (
        0 < len(a) <= 30
        and 0 < len(b) <= 30
        and not _TOC_RE.match(a)
        and _heading(a) is None
        and not _is_title(b)
        and a[-1] not in "。；：:，,"
        and _is_title(a + b)
    ) or (_is_org(a) and _YEAR_RE.match(b) is not None and _is_title(b))


def _tiers(title: str | None, sections: list[Section], blocks: list[Block]) -> list[list[str]]:
    """Texts in order of trust: title, 第X部分 headings, other headings, TOC, body."""
    real = [s for s in sections if not s.toc]
    heading_idx = {s.block_start for s in sections}
    body = [
        b.text for i, b in enumerate(blocks) if isinstance(b, Paragraph) and i not in heading_idx
    ]
    return [
        [title] if title else [],
        [blocks[s.block_start].text for s in real if s.level == 1],
        [blocks[s.block_start].text for s in real if s.level > 1],
        [blocks[s.block_start].text for s in sections if s.toc],
        body,
    ]


def _year(tiers: list[list[str]]) -> int | None:
    for texts in tiers:
        years = Counter(int(m.group(1)) for t in texts for m in _YEAR_KIND_RE.finditer(t))
        if years:
            return years.most_common(1)[0][0]
    if tiers[0]:
        m = _YEAR_RE.search(tiers[0][0])
        if m:
            return int(m.group(1))
    return None


def _kind(tiers: list[list[str]]) -> str | None:
    for texts in tiers:
        joined = "\n".join(texts)
        if "决算" in joined:
            return "final"
        if "预算" in joined:
            return "budget"
    return None


def _scope(tiers: list[list[str]]) -> str | None:
    for texts in tiers:
        c = Counter(m.group(1) for t in texts for m in _SCOPE_RE.finditer(t))
        if c:
            return "unit" if c["单位"] > c["部门"] else "department"
    return None


# ---------------------------------------------------------------------------
# Department, code, level
# ---------------------------------------------------------------------------

_ORG_SUFFIX_RE = re.compile(
    r"(?:办公室|办公厅|委员会|中心|局|厅|院|处|所|站|部|委|办|室|会|馆|校|学|队|社|团|署|园|台|"
    r"宫|场|公司|庭|组|联|厂|级)$"
)
_NOT_ORG = frozenset({"单位", "部门", "本部门", "本单位", "我部门", "我单位"})
# The name ends on a non-space and the spaces around it are taken whole (possessive): with
# three ways to split a run of spaces the search was cubic in a line of spaces.
_TITLE_ORG_RE = re.compile(r"^(\d{3,9})?\s*+(.*?\S)\s*+(?:(?:19|20)\d{2}\s*年|概况|基本情况)")
_NAME_LINE_RE = re.compile(r"^(?:部门|单位|预算单位)(?:名称)?[：:]\s*(\d{3,9})?\s*(\S.*)$")
_PLACE = r"(?:(?![本我各该其全市县区省为到在于从向对把被给和与及的是有由将])[\u4e00-\u9fff]){2,6}?(?:自治区|省|市|县|区|旗)"
_ORG_IN_TEXT_RE = re.compile(
    rf"(?:中国共产党|中共)?(?:{_PLACE}){{1,3}}(?:(?![的和及与各等在对为])[\u4e00-\u9fff（）()]){{1,14}}?"
    r"(?:人民政府办公室|办公室|办公厅|委员会|中心|局|厅|院|联络处|办事处)"
)
_REGION_STEP_RE = re.compile(
    r"([\u4e00-\u9fff]{1,7}?)(自治区|自治州|自治县|地区|省|市|县|区|旗|盟)"
)
_NOT_REGION = frozenset(
    {"城市", "社区", "园区", "景区", "市区", "小区", "片区", "辖区", "都市", "城区"}
)
_TIER = {
    "自治区": "省",
    "省": "省",
    "市": "市",
    "自治州": "市",
    "地区": "市",
    "盟": "市",
    "县": "县",
    "自治县": "县",
    "旗": "县",
    "区": "区",
}


def _is_org(name: str) -> bool:
    return (
        2 <= len(name) <= 40
        and name not in _NOT_ORG
        and not name.startswith(("本", "我", "各"))
        and _ORG_SUFFIX_RE.search(name) is not None
        and "，" not in name
        and "。" not in name
    )


def find_department(
    title: str | None, sections: list[Section], blocks: list[Block]
) -> tuple[str | None, str | None]:
    """(name, code): from the title, a 部门名称 line, a 第X部分 heading, or the body."""
    name: str | None = None
    code: str | None = None
    candidates: list[str] = []
    if title:
        candidates.append(title)
    candidates += [s.title for s in sections if s.level == 1 and not s.toc]
    candidates += [s.title for s in sections if s.level == 1 and s.toc]
    for text in candidates:
        m = _TITLE_ORG_RE.match(text)
        if m and _is_org(re.sub(r"\s+", "", m.group(2))):
            code, name = m.group(1), re.sub(r"\s+", "", m.group(2))
            break
    for b in blocks:
        if isinstance(b, Paragraph):
            m = _NAME_LINE_RE.match(b.text.strip())
            if m:
                c, n = m.group(1), re.sub(r"\s+", "", m.group(2))
                if name is None and _is_org(n):
                    name, code = n, c
                elif code is None and c and n == name:
                    code = c
                if name and code:
                    break
    if name is None:
        counts = Counter(
            m.group(0)
            for b in blocks
            if isinstance(b, Paragraph)
            for m in _ORG_IN_TEXT_RE.finditer(b.text)
        )
        if counts:
            name = counts.most_common(1)[0][0]
    if name and code is None:
        code = _code_from_grids(name, blocks)
    return name, code


def _code_from_grids(name: str, blocks: list[Block]) -> str | None:
    """A grid row "103 | 柳州市人民政府办公室" gives the department's code."""
    for b in blocks:
        if isinstance(b, Grid):
            for row in b.rows:
                for a, nxt in zip(row, row[1:], strict=False):
                    if (
                        a.text.isdigit()
                        and 3 <= len(a.text) <= 4
                        and re.sub(r"\s+", "", nxt.text) == name
                    ):
                        return a.text
    return None


def level_of(name: str | None) -> str | None:
    """省/市/县/区 from the places that open a department's name (the lowest one counts).

    "柳州市人民政府办公室" -> 市, "上海市普陀区人民政府办公室" -> 区, "垫江县…" -> 县,
    "中共江苏省委办公厅" -> 省. A name without a place (西南大学) gives None.
    """
    if not name:
        return None
    pos = 5 if name.startswith("中国共产党") else 2 if name.startswith("中共") else 0
    tier = None
    while True:
        m = _REGION_STEP_RE.match(name, pos)
        if not m or (m.group(1)[-1:] + m.group(2)) in _NOT_REGION:
            break
        tier = _TIER[m.group(2)]
        pos = m.end()
    return tier


# A central department's own unit says whose it is ("是教育部直属"), and its 名词解释 says
# whose money 财政拨款 is ("指中央财政当年通过部门预算拨付的资金"). The ministry part holds no
# place and no 委/厅/局, so "县委组织部直属" and "市教育局直属" stay local.
_CENTRAL_RE = re.compile(
    r"(?:是|为|系|属于)(?:(?![省市县区州旗委厅局，。、])[\u4e00-\u9fff]){1,10}部(?:直属|所属)"
    r"|中央(?:部门|国家机关)?(?:直属|所属)(?:高校|高等学校|单位|事业单位)|中央高校"
    r"|财政拨款(?:收入)?[：:]\s*指中央财政"
)
_UNIVERSITY_NAME_RE = re.compile(r"(?:大学|学院|高等专科学校)$")
_NOT_UNIVERSITY_RE = re.compile(r"党校|行政学院|社会主义学院|干部学院")
_UNIVERSITY_TABLE_RE = re.compile(r"(?:表\s*\d+\s*[：:]\s*)?高等学校\S{0,12}(?:决算|预算)?\S{0,6}表")


def central_level(blocks: list[Block]) -> bool:
    """Whether the text places the department at the central level (中央部门 or its unit)."""
    return any(isinstance(b, Paragraph) and _CENTRAL_RE.search(b.text) for b in blocks)


def sector_of(department: str | None, sections: list[Section]) -> str | None:
    """高等学校 when the department is a university (by its name, or by headings that name
    the 高等学校 tables); None for an ordinary 部门. A 党校 or 行政学院 is a 部门."""
    if department and _UNIVERSITY_NAME_RE.search(department) and not _NOT_UNIVERSITY_RE.search(department):
        return "高等学校"
    if any(_UNIVERSITY_TABLE_RE.match(s.title) for s in sections):
        return "高等学校"
    return None


# ---------------------------------------------------------------------------
# Budget units
# ---------------------------------------------------------------------------

_COUNT = rf"(?:\d+|[{_CN}]+)"
# (pattern, whether the match states how many units follow)
_UNIT_LIST_RES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(rf"{_COUNT}个(?:预算|决算)?单位[，,]?(?:分别为|分别是|包括)[：:]"), True),
    (re.compile(rf"单位{_COUNT}个[，,]?(?:分别为|分别是|包括)[：:]"), True),
    (re.compile(r"(?:部门预算|部门决算|预算单位|决算单位)包括[：:]"), False),
    (
        re.compile(
            r"^(?=.*(?:部门预算|部门决算|预算单位|决算单位)).*单位[^。]*具体包括(?:[（(][^）)]*[）)])?[：:]",
            re.S,
        ),
        False,
    ),
)
_UNIT_ONE_RE = re.compile(rf"单位{_COUNT}个[，,]是([^，,。；;]+)")
_LIST_SPLIT_RE = re.compile(r"[、，,；;]")
_LIST_ITEM_RE = re.compile(r"^(?:\d{1,2}\s*[.．、]|[（(]\d{1,2}[）)])\s*(.+)$")


def find_units(blocks: list[Block], dept_code: str | None) -> list[Unit]:
    """Budget units: coded rows of the tables when there are any, else the narrative lists."""
    units = _units_from_grids(blocks, dept_code)
    return units if units else _units_from_text(blocks)


def _units_from_grids(blocks: list[Block], dept_code: str | None) -> list[Unit]:
    seen: dict[str, Unit] = {}
    for b in blocks:
        if not isinstance(b, Grid):
            continue
        for row in b.rows:
            for a, nxt in zip(row, row[1:], strict=False):
                code = a.text.strip()
                # four to twelve decimal digits (what r"^\d{4,12}$" matches), tested without
                # a regex call: this runs for every cell of every table
                if not (4 <= len(code) <= 12 and code.isdecimal()) or code in seen:
                    continue
                if dept_code:
                    if not (code.startswith(dept_code) and len(code) > len(dept_code)):
                        continue
                elif nxt.col != a.col + 1 or len(code) < 6:
                    continue  # 5-digit 款 codes ("20405 法院") are not budget units
                name = re.sub(r"\s+", "", nxt.text)
                if _is_org(name) and (dept_code or len(name) >= 4):
                    seen[code] = Unit(code=code, name=name)
    return list(seen.values())


def _units_from_text(blocks: list[Block]) -> list[Unit]:
    names: dict[str, None] = {}
    paras = [b for b in blocks if isinstance(b, Paragraph)]
    for k, p in enumerate(paras):
        text = p.text.strip()
        if "单位" not in text and "包括" not in text:
            continue
        for rx, counted in _UNIT_LIST_RES:
            m = rx.search(text)
            if not m:
                continue
            rest = text[m.end() :].strip()
            if rest:
                if "。" in rest:  # a list cut off by a page or line break is not trusted
                    for n in _split_names(rest.split("。")[0]):
                        names.setdefault(n, None)
            else:
                for n in _following_list_items(
                    paras[k + 1 :], _count_in(m.group(0)) if counted else None
                ):
                    names.setdefault(n, None)
            break
        else:
            m = _UNIT_ONE_RE.search(text)
            if m:
                names.setdefault(m.group(1).strip(), None)
    return [Unit(code=None, name=_drop_stop(n)) for n in names]


def _drop_stop(name: str) -> str:
    return name.rstrip("。；;，, ")


def _count_in(text: str) -> int | None:
    m = re.search(r"\d+", text)
    if m:
        return int(m.group(0))
    m = re.search(rf"[{_CN}]+", text)
    if m and len(m.group(0)) == 1:
        return _CN.index(m.group(0)) + 1
    return None


def _split_names(text: str) -> list[str]:
    out: list[str] = []
    for item in _LIST_SPLIT_RE.split(text):
        item = item.strip().rstrip("等").strip()
        parts = item.split("和")
        if len(parts) == 2 and all(len(x) >= 4 and _is_org(x) for x in parts):
            out += parts
        elif len(item) >= 4:
            out.append(item)
    return out


def _following_list_items(paras: Iterable[Paragraph], count: int | None) -> list[str]:
    """Names listed one per paragraph after "…分别是：" ("1.柳州市人民政府驻北京联络处")."""
    out: list[str] = []
    for p in paras:
        m = _LIST_ITEM_RE.match(p.text.strip())
        if not m:
            break
        name = m.group(1).strip().rstrip("；;。")
        if len(name) > 30 or "，" in name:
            break
        out.append(name)
        if count is not None and len(out) >= count:
            break
    return out


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def analyze(doc: Document) -> DocumentInfo:
    """Sections and metadata of ``doc``; fields that the content does not tell stay None."""
    blocks = doc.blocks
    sections = find_sections(blocks)
    title = find_title(blocks)
    tiers = _tiers(title, sections, blocks)
    department, code = find_department(title, sections, blocks)
    level = level_of(department)
    if level is None and central_level(blocks):
        level = "中央"
    return DocumentInfo(
        department=department,
        department_code=code,
        year=_year(tiers),
        kind=_kind(tiers),  # type: ignore[arg-type]
        scope=_scope(tiers),  # type: ignore[arg-type]
        level=level,
        sector=sector_of(department, sections),
        units=find_units(blocks, code),
        sections=sections,
        title=title,
    )
