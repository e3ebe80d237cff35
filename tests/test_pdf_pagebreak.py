"""A sentence broken by a page break is read as one, on the real corpus and on small PDFs
that isolate each condition (page number between, table after the break, indent)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetlens.model import Grid, Paragraph
from budgetlens.pipeline import extract
from budgetlens.readers.pdf import read
from budgetlens.readers.pdf_pagebreak import is_page_number
from conftest import corpus_file
from test_reader_pdf import build_pdf, ruled_grid, text, write


def _claims(name: str):
    return extract(str(corpus_file(name))).claims


def test_change_and_unit_split_by_a_page_number():
    """041 p.17 ends "一般公共预算收入预算37188.34万元，与上年相比增加4016.19", the page
    number "17" follows, and p.18 goes on "万元，增长 12.11%。"."""
    got = [(c.kind, c.value.value, c.value.unit, c.direction, c.location.page)
           for c in _claims("041_jiangsu_gaojifayuan_2019_yusuan.pdf")
           if c.subject == "一般公共预算收入预算"]
    assert got == [
        ("amount", D("37188.34"), "万元", None, 17),
        ("change", D("4016.19"), "万元", 1, 17),
        ("growth", D("12.11"), "%", 1, 18),
    ]


def test_admin_operating_cost_split_inside_its_unit():
    """006 p.23 ends "…机关运行经费预算支出 3407.38 万" and p.24 starts "元，与上年相比减少
    5786.02 万元，减少 62.94%。"."""
    got = [(c.kind, c.value.value, c.value.unit, c.direction, c.location.page)
           for c in _claims("006_jiangsu_gaojifayuan_2018_yusuan.pdf")
           if c.concept == "admin_operating" and c.location.page in (23, 24)]
    assert got == [
        ("amount", D("3407.38"), "万元", None, 23),
        ("change", D("5786.02"), "万元", -1, 24),
        ("growth", D("62.94"), "%", -1, 24),
    ]


def test_page_number_stays_out_of_the_sentence():
    """046 p.10 ends "…江苏省第十三届人", the footer "─ 8 ─" follows, p.11 starts "代会二次会议…"."""
    doc = read(str(corpus_file("046_jiangsu_rendachangweihui_2019_yusuan.pdf")))
    (p,) = [p for p in doc.paragraphs() if "第十三届人代会二次会议经费专项增加200万元" in p.text]
    assert p.location.page == 10 and [loc.page for _, loc in p.continued] == [11]
    assert "─" not in p.text
    assert any(q.text == "─ 8 ─" and q.location.page == 10 for q in doc.paragraphs())


# ---------------------------------------------------------------------------
# Synthetic pages: Helvetica prose lines that run to the right margin (x 72 .. ~520)
# ---------------------------------------------------------------------------



def line(k: int) -> str:
    """A line of prose as wide as every other (Helvetica digits share one width)."""
    return f"line {k} of the budget of the department is shown in the tables below and"


def _prose(top: float, lines: list[str], indent_first: bool = False) -> bytes:
    out = b""
    for k, s in enumerate(lines):
        out += text(96 if (indent_first and k == 0) else 72, top - 14 * k, s)
    return out


def _page_one(footer: str = "1") -> bytes:
    return (_prose(760, [line(1), line(2), line(3)], indent_first=True)
            + _prose(700, [line(4), line(5), line(6)], indent_first=True)
            + text(290, 40, footer))  # the page number


def test_paragraph_runs_on_past_the_page_number(tmp_path):
    page_two = _prose(800, [line(7), "which ends here."]) + _prose(760, [line(8), "another."], True)
    doc = read(write(tmp_path, "run-on.pdf", build_pdf([_page_one(), page_two])))
    texts = [p.text for p in doc.paragraphs()]
    first_part = " ".join(line(k) for k in (4, 5, 6))
    assert texts[1] == first_part + " " + line(7) + " which ends here."
    joined = doc.paragraphs()[1]
    assert joined.location.page == 1
    assert [(k, loc.page) for k, loc in joined.continued] == [(len(first_part) + 1, 2)]
    assert texts[2:] == ["1", line(8) + " another."]


def test_no_join_across_a_table(tmp_path):
    table = ruled_grid([72.0, 300.0, 500.0], [800.0, 780.0, 760.0])
    table += text(80, 785, "Item") + text(310, 785, "Amount")
    table += text(80, 765, "Total") + text(310, 765, "12.50")
    page_two = table + _prose(700, ["which is not the end of the sentence above."])
    doc = read(write(tmp_path, "table.pdf", build_pdf([_page_one(), page_two])))
    assert not any(p.continued for p in doc.paragraphs())
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Paragraph, Paragraph, Paragraph, Grid, Paragraph]


def test_no_join_into_an_indented_paragraph(tmp_path):
    page_two = _prose(800, [line(7), "a new paragraph."], indent_first=True)
    doc = read(write(tmp_path, "indent.pdf", build_pdf([_page_one(), page_two])))
    assert not any(p.continued for p in doc.paragraphs())


def test_no_join_after_a_sentence_end(tmp_path):
    page_one = _prose(760, [line(1), line(2) + "."]) + text(290, 40, "- 1 -")
    page_two = _prose(800, [line(3), "a new sentence."])
    doc = read(write(tmp_path, "full-stop.pdf", build_pdf([page_one, page_two])))
    assert not any(p.continued for p in doc.paragraphs())


def test_line_printed_on_both_pages_is_read_once(tmp_path):
    """A spreadsheet cell cut at a page break may show its boundary line on both pages."""
    page_one = _prose(760, [line(1), line(2), line(3)])
    page_two = _prose(800, [line(3), "on at the top of the second page."])
    doc = read(write(tmp_path, "twice.pdf", build_pdf([page_one, page_two])))
    (p,) = doc.paragraphs()
    assert p.text == f"{line(1)} {line(2)} {line(3)} on at the top of the second page."


@pytest.mark.parametrize("footer", ["1", "- 1 -", "-1-", "1/2", "1 / 24"])
def test_page_number_forms(tmp_path, footer):
    page_two = _prose(800, [line(7), "end."])
    doc = read(write(tmp_path, "forms.pdf", build_pdf([_page_one(footer), page_two])))
    assert doc.paragraphs()[1].continued, footer


@pytest.mark.parametrize("footer", ["─ 8 ─", "- 8 -", "8", "第8页", "第 8 页 共 24 页", "8/24"])
def test_page_number_patterns(footer):
    assert is_page_number(footer)


@pytest.mark.parametrize("text_", ["2018年", "单位：万元", "（8）", "8.", "一、8"])
def test_not_page_numbers(text_):
    assert not is_page_number(text_)


# ---------------------------------------------------------------------------
# Through LibreOffice: a 机关运行经费 explanation that a page break cuts in two
# ---------------------------------------------------------------------------

DUTY = ("柳州市人民政府办公室负责处理市政府日常工作，协助市政府领导同志组织起草或审核以市政府、"
        "市政府办公室名义发布的公文，督促检查各部门和各县区对市政府公文和会议决定事项及市政府"
        "领导同志指示的执行落实情况")
ADMIN = ("2024年本部门一般公共预算机关运行经费安排情况：主要用于保障机关正常运转所需的办公费、"
         "印刷费、邮电费、差旅费、会议费、培训费、公务接待费、公务用车运行维护费、维修（护）费、"
         "物业管理费、水电费以及其他日常公用经费支出，按照过紧日子的要求从严从紧安排，"
         "预算数为12.35万，比上年减少0.40万。")


def _budget_docx(path, fillers: int):
    """A Word budget whose 机关运行经费 paragraph follows ``fillers`` paragraphs of duties;
    first lines indented two characters, the page number in the footer."""
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(12)
    normal.paragraph_format.first_line_indent = Pt(24)
    d.add_paragraph("柳州市人民政府办公室2024年部门预算")
    for k in range(fillers):
        d.add_paragraph(f"{DUTY}（{k + 1}）。")
    d.add_paragraph(ADMIN)
    for _ in range(3):
        d.add_paragraph(DUTY + "。")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    d.sections[0].footer.paragraphs[0]._p.append(field)
    d.save(path)
    return path


@pytest.fixture(scope="module")
def admin_cost_over_a_break(tmp_path_factory):
    """The PDF whose page 1 ends inside the 机关运行经费 paragraph (its wording on page 1,
    its figures on page 2); the number of paragraphs before it is found by trying, since
    fonts decide where the page breaks."""
    import pypdfium2

    from builders import convert, libreoffice_available

    if not libreoffice_available():
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("pagebreak")
    for fillers in (10, 9, 11, 8, 12, 7, 13):
        pdf_path = convert(_budget_docx(out / f"budget{fillers}.docx", fillers), "pdf", out)
        pdf = pypdfium2.PdfDocument(str(pdf_path))
        layer = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        pdf.close()
        if "机关运行经费" in layer[0] and "12.35" in layer[1] and "12.35" not in layer[0]:
            return pdf_path
    raise AssertionError("no layout put the page break inside the 机关运行经费 paragraph")


def test_explanation_cut_by_a_page_break_is_found(admin_cost_over_a_break):
    from budgetlens.check import check_path

    result = check_path(str(admin_cost_over_a_break), select=["C004"])
    assert "机关运行经费" not in [f.expected for f in result.findings]
    assert "名词解释" in [f.expected for f in result.findings]  # the rule did run
    claims = extract(str(admin_cost_over_a_break)).claims
    got = [(c.kind, c.value.value, c.value.unit, c.direction, c.location.page) for c in claims]
    assert got == [("amount", D("12.35"), "万元", None, 2), ("change", D("0.40"), "万元", -1, 2)]


def test_sentence_printed_on_both_pages_is_read_once(tmp_path):
    """The line that ends a sentence at the foot of page 1 is printed again at the top of
    page 2 (a cell cut at the break): the sentence is kept where it comes first."""
    page_one = _prose(760, [line(1), "which ends here."], indent_first=True)
    page_two = (_prose(800, ["which ends here."])
                + _prose(770, [line(2), "and a new one."], indent_first=True))
    doc = read(write(tmp_path, "repeat.pdf", build_pdf([page_one, page_two])))
    texts = [(p.location.page, p.text) for p in doc.paragraphs()]
    assert texts == [(1, f"{line(1)} which ends here."), (2, f"{line(2)} and a new one.")]
