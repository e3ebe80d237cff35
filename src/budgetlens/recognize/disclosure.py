"""What a document says about its own content, recognised once (``Disclosure``).

The C rules check a disclosure against its requirements; they do not read the text
themselves. Here the text is read: the tables it refers to ("详见附表", an 附表 list, a 目录),
where it gives each required explanation (the matchers of taxonomy/requirements.yaml), how
much prose it has, whether it reads as a 事业单位's, what it says about 三公 spending and
about tables without money.
"""

from __future__ import annotations

import re

from ..model import (
    Disclosure,
    Document,
    DocumentInfo,
    Location,
    Paragraph,
    Section,
    Table,
    TableReference,
)
from ..taxonomy.requirements import requirements
from ..taxonomy.table_kinds import registry
from .table_kinds import kind_from_title


def read_disclosure(doc: Document, info: DocumentInfo, tables: list[Table]) -> Disclosure:
    paragraphs = doc.paragraphs()
    items = requirements()["explanations"]
    sangong = _sangong_text(doc, info, paragraphs)
    return Disclosure(
        references=table_references(paragraphs),
        explained={i["id"]: loc for i in items
                   if (loc := _matches(doc, info, i["matchers"], paragraphs))},
        expected_place={i["id"]: loc for i in items if (loc := _expected_place(doc, info, i.get("locate")))},
        prose_paragraphs=sum(1 for p in paragraphs if len(p.text) >= 40 and _PROSE.search(p.text)),
        institution_like=_looks_like_institution(info, paragraphs),
        skipped_parts=_skipped_parts(info),
        sangong_text=sangong,
        sangong_location=_first_sangong_location(info, paragraphs),
        no_sangong=bool(_NO_SANGONG.search(sangong)),
        vehicle_text="\n".join(p.text for p in paragraphs if _VEHICLES.search(p.text)),
        stated_empty=_stated_empty(paragraphs),
        empty_noted_tables={t.id for t in tables if any(_NO_MONEY.search(n) for n in t.notes)},
    )


# ---------------------------------------------------------------------------
# Tables the text refers to
# ---------------------------------------------------------------------------

_GENERIC_REF = re.compile(r"详见附[表件]|见附[表件]|报表详见|附[表件]\s*[:：]|以附[表件]|另行公开|单独公开")
_LIST_MARK = re.compile(r"^[\s\-*•·]*(?:附表\s*[:：]?\s*)?(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*)?")
_TABLE_NO = re.compile(r"[（(]\s*表\s*[\d一二三四五六七八九十]+\s*[）)]\s*$")
_CONTEXT_WORDS = re.compile(r"附表|附件|目\s*录|报表")


def _listing_kind(text: str) -> str | None:
    t = _LIST_MARK.sub("", text.strip())
    t = _TABLE_NO.sub("", t).strip()
    if not t.endswith("表") or len(t) > 60:
        return None
    kind = kind_from_title(t)
    return None if kind == "other" else kind


def table_references(paragraphs: list[Paragraph]) -> list[TableReference]:
    """Tables the text refers to: generic ("详见附表") and listed (an 附表 list, a 目录).

    A paragraph counts as a listed table when it reads as a table title and either sits next
    to another such line or follows within three paragraphs a line mentioning 附表/附件/目录/报表;
    a narrative heading that happens to end in 表 does not count on its own.
    """
    refs: list[TableReference] = []
    kinds = [_listing_kind(p.text) for p in paragraphs]
    # a title broken over two lines ("…整体绩" + "效目标表")
    for i in range(len(paragraphs) - 1):
        if kinds[i] is None and kinds[i + 1] is None and len(paragraphs[i + 1].text.strip()) < 12:
            joined = paragraphs[i].text.strip() + paragraphs[i + 1].text.strip()
            kinds[i] = _listing_kind(joined)
    for i, p in enumerate(paragraphs):
        if _GENERIC_REF.search(p.text):
            refs.append(TableReference(None, p.text.strip(), p.location))
        kind = kinds[i]
        if kind is None:
            continue
        neighbour = (i > 0 and kinds[i - 1]) or (i + 1 < len(kinds) and kinds[i + 1])
        context = any(_CONTEXT_WORDS.search(paragraphs[j].text) for j in range(max(0, i - 3), i + 1))
        if neighbour or context:
            refs.append(TableReference(kind, p.text.strip(), p.location))
    return refs


# ---------------------------------------------------------------------------
# Required explanations
# ---------------------------------------------------------------------------


def section_text(doc: Document, s: Section) -> str:
    """The paragraphs under a section heading, one a line."""
    blocks = doc.blocks[s.block_start + 1:s.block_end]
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph))


def _section_has_body(doc: Document, s: Section) -> bool:
    first = doc.blocks[s.block_start] if s.block_start < len(doc.blocks) else None
    own = first.text if isinstance(first, Paragraph) else ""
    body = section_text(doc, s)
    return len(re.sub(r"\s", "", body)) >= 15 or len(re.sub(r"\s", "", own)) >= 30


def _matches(doc: Document, info: DocumentInfo, matchers: list[dict],
             paras: list[Paragraph]) -> Location | None:
    """Location of the first match of any matcher, None when nothing matches (``paras``:
    the document's paragraphs)."""
    for m in matchers:
        if "heading" in m:
            rx = re.compile(m["heading"])
            for s in info.sections:
                if rx.search(s.title) and _section_has_body(doc, s):
                    return s.location
        if "paragraph" in m:
            rxs = [re.compile(r) for r in m["paragraph"]]
            for p in paras:
                text = p.text
                for r in rxs:  # all(...) as a loop: it runs for every paragraph
                    if not r.search(text):
                        break
                else:
                    return p.location
        if "section" in m:
            head = re.compile(m["section"]["heading"])
            body = [re.compile(r) for r in m["section"]["body"]]
            none = [re.compile(r) for r in m["section"].get("none", ())]
            for s in info.sections:
                if head.search(s.title):
                    text = section_text(doc, s)
                    if all(r.search(text) for r in body) and not any(r.search(text) for r in none):
                        return s.location
    return None


def _expected_place(doc: Document, info: DocumentInfo, locate: str | None) -> Location | None:
    """The section where a missing explanation belongs (its first match)."""
    if locate:
        rx = re.compile(locate)
        # a numbered section (一、/（一）) before a whole 第X部分 whose title also matches
        for s in sorted(info.sections, key=lambda s: s.level == 1):
            if rx.search(s.title) and _section_has_body(doc, s):
                return s.location
    return None


# ---------------------------------------------------------------------------
# The document as a whole
# ---------------------------------------------------------------------------

_PROSE = re.compile(r"[，。；]")
_INSTITUTION_NAME = re.compile(r"(?:大学|学院|学校|医院|研究院|研究所|科学院)$")
_ADMIN_WORDS = re.compile(r"行政单位|行政机关|参照公务员|参公|国家机关|机关本级")
_PART_ORDER = "一二三四五六七八九十"


def _looks_like_institution(info: DocumentInfo, paragraphs: list[Paragraph]) -> bool:
    """A 事业单位 by its name (大学, 医院 …) whose text never mentions an administrative unit."""
    name = (info.department or info.title or "").strip()
    name = re.sub(r"\d{4}\s*年.*$", "", name).strip()
    if not _INSTITUTION_NAME.search(name):
        return False
    return not any(_ADMIN_WORDS.search(p.text) for p in paragraphs)


def _skipped_parts(info: DocumentInfo) -> list[str]:
    """'第二部分' when the 第X部分 numbering jumps over it (a part dropped from the file)."""
    seen = []
    for s in info.sections:
        m = re.fullmatch(r"第([一二三四五六七八九十])部分", s.number)
        if s.level == 1 and m:
            n = _PART_ORDER.index(m.group(1)) + 1
            if n not in seen:
                seen.append(n)
    return [f"第{_PART_ORDER[n - 1]}部分" for n in range(1, max(seen, default=0)) if n not in seen]


# ---------------------------------------------------------------------------
# 三公 and tables without money
# ---------------------------------------------------------------------------

_NO_SANGONG = re.compile(r"(?:无|没有|未发生|未安排)[^。]{0,12}“?三公”?经费")
_SANGONG_ITEMS = re.compile(r"三公|因公出国|公务用车|公务接待")
_VEHICLES = re.compile(r"车辆|公务用车")
_NO_MONEY = re.compile(r"无(?:数据|此项|该项)|没有.{0,20}(?:预算|支出|收入|决算)|未安排|不涉及|[本此该]表为空|空表"
                       r"|无相关的?(?:收支|收入|支出)")  # "说明：本部门无相关收支项目。" (Jiangsu)


def _sangong_text(doc: Document, info: DocumentInfo, paragraphs: list[Paragraph]) -> str:
    """The 三公 part of the narrative: its sections, or every paragraph naming 三公 items."""
    parts = [section_text(doc, s) + s.title for s in info.sections if "三公" in s.title]
    if not parts:
        parts = [p.text for p in paragraphs if _SANGONG_ITEMS.search(p.text)]
    return "\n".join(parts)


def _first_sangong_location(info: DocumentInfo, paragraphs: list[Paragraph]) -> Location | None:
    for s in info.sections:
        if "三公" in s.title:
            return s.location
    return next((p.location for p in paragraphs if "三公" in p.text), None)


def _stated_empty(paragraphs: list[Paragraph]) -> dict[str, Paragraph]:
    """For each kind that may be empty, the first paragraph saying its fund has no money."""
    out = {}
    for kind in registry().kinds.values():
        topic = kind.empty_topic
        if topic is None:
            continue
        rx = re.compile(rf"(?:无|没有|未安排|不涉及)[^。]{{0,12}}{topic}|"
                        rf"{topic}[^。；]{{0,20}}(?:无数据|为空|空表|为0(?![.\d])|为零|(?<![\d.])0(?:\.0+)?万?元)")
        found = next((p for p in paragraphs if rx.search(p.text)), None)
        if found is not None:
            out[kind.id] = found
    return out
