"""The corpus views on a store of real documents: departments and years, a department over two
years with its figures and charts, findings by rule, completeness, peers, and escaping.

Figures asserted here were read on the pages of the originals: 004 (2017) p.10 收支预算总表,
p.16 "三公"经费、会议费、培训费支出预算表; 042 (2018) pp.13–14 收支预算总表, p.19 公开09表.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from budgetlens.store.schema import documents, figures, findings
from budgetlens.web.app import Settings, create_app

from .corpus_store import PROCURATORATE, build_corpus_store

# (concept, 2017, 2018) in 万元, as printed
HEADLINE = [
    ("expenditure.total", "17996.68", "21955.35"),
    ("expenditure.basic", "12323.48", "13994.31"),
    ("expenditure.project", "5533.00", "5573.00"),
    ("sangong.total", "584.35", "484.30"),  # the 小计 of "三公"经费, not the 合计 with 会议费、培训费
    ("sangong.overseas", "110.00", "100.00"),
    ("sangong.vehicle", "317.80", "267.80"),
    ("sangong.reception", "156.55", "116.50"),
    ("meeting", "168.00", "200.44"),
    ("training", "700.00", "700.00"),
]
# 支出功能分类 类 on 收支预算总表
CLASSES_2017 = {"204": "13656.34", "208": "2021.18", "221": "2319.16"}
CLASSES_2018 = {"204": "16458.75", "208": "1836.22", "221": "3660.38"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_corpus_store(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def corpus_client(store, tmp_path_factory):
    settings = Settings(db=store, upload_dir=tmp_path_factory.mktemp("uploads"))
    with TestClient(create_app(settings)) as c:
        yield c


def _department_url(name: str, api: bool = False) -> str:
    return f"{'/api' if api else ''}/corpus/departments/{quote(name)}"


def test_departments_list_the_series_with_both_years_and_links(corpus_client):
    data = corpus_client.get("/api/corpus/departments").json()
    dept = next(d for d in data["departments"] if d["name"] == PROCURATORATE)
    assert [(y["year"], y["kind"]) for y in dept["years"]] == [(2017, "budget"), (2018, "budget")]
    assert sorted(d["file_name"][:3] for d in dept["documents"]) == ["004", "042"]
    page = corpus_client.get("/corpus")
    assert page.status_code == 200
    assert f'href="{_department_url(PROCURATORATE)}"' in page.text
    for d in dept["documents"]:
        assert f'href="/documents/{d["hash"]}"' in page.text
    assert "2017 预算" in page.text and "2018 预算" in page.text


def test_a_department_over_two_years_has_the_figures_printed(corpus_client):
    r = corpus_client.get(_department_url(PROCURATORATE, api=True))
    assert r.status_code == 200
    years = r.json()["years"]
    assert [y["label"] for y in years] == ["2017 预算", "2018 预算"]
    for concept, v2017, v2018 in HEADLINE:
        got = [next(f["value_wan"] for f in y["figures"] if f["concept"] == concept) for y in years]
        assert got == [v2017, v2018], concept
    assert {c["code"]: c["value_wan"] for c in years[0]["function_classes"]} == CLASSES_2017
    assert {c["code"]: c["value_wan"] for c in years[1]["function_classes"]} == CLASSES_2018
    assert years[0]["function_classes"][0]["name"] == "公共安全支出"
    assert r.json()["budget_vs_final"] == [
        {"year": 2017, "budget_wan": "17996.68", "final_wan": None},
        {"year": 2018, "budget_wan": "21955.35", "final_wan": None}]


def _chart(html: str, key: str) -> str:
    found = re.search(rf'<figure class="chart" id="chart-{key}">(.*?)</figure>', html, re.S)
    assert found, key
    return found.group(1)


def _marks(svg: str) -> set[tuple[str, str, str]]:
    """(series, category, value) of every bar and point."""
    return set(re.findall(r'data-series="([^"]*)" data-category="([^"]*)" data-value="([^"]*)"',
                          svg))


def test_the_department_page_draws_the_figures_in_its_charts(corpus_client):
    page = corpus_client.get(_department_url(PROCURATORATE))
    assert page.status_code == 200
    html = page.text
    classes = _marks(_chart(html, "function-classes"))
    assert ("204 公共安全支出", "2017 预算", "13656.34") in classes
    assert ("221 住房保障支出", "2018 预算", "3660.38") in classes
    assert len(classes) == 6
    sangong = _marks(_chart(html, "sangong"))
    assert {("“三公”经费", "2017 预算", "584.35"), ("“三公”经费", "2018 预算", "484.30"),
            ("因公出国（境）费", "2018 预算", "100.00"),
            ("公务接待费", "2017 预算", "156.55")} <= sangong
    assert _marks(_chart(html, "basic-project")) == {
        ("基本支出", "2017 预算", "12323.48"), ("项目支出", "2017 预算", "5533.00"),
        ("基本支出", "2018 预算", "13994.31"), ("项目支出", "2018 预算", "5573.00")}
    assert _marks(_chart(html, "budget-final")) == {
        ("预算", "2017", "17996.68"), ("预算", "2018", "21955.35")}
    assert "<title>2017 预算 基本支出: 12,323.48 万元</title>" in html
    # the headline table, to the cent
    assert re.search(r'data-concept="expenditure.total" data-year="2017" data-kind="budget">'
                     r'17,996.68<', html)


def test_peers_rank_the_department_among_the_same_year_and_kind(corpus_client):
    peers = corpus_client.get(_department_url(PROCURATORATE, api=True)).json()["peers"]
    sangong = [p for p in peers if p["concept"] == "sangong.total"]
    assert [(p["year"], p["kind"]) for p in sangong] == [(2017, "budget"), (2018, "budget")]
    # the samples are 2023 and 2024 documents: the procuratorate is alone in its years
    assert [[(r["rank"], r["value_wan"], r["is_self"]) for r in p["rows"]] for p in sangong] == [
        [(1, "584.35", True)], [(1, "484.30", True)]]
    operating = [p for p in peers if p["concept"] == "admin_operating"]
    assert [p["rows"][0]["value_wan"] for p in operating][0] == "6032.55"  # 004 p.22


def test_findings_by_rule_count_what_the_store_holds(corpus_client, store):
    data = corpus_client.get("/api/corpus/findings").json()
    engine = corpus_client.app.state.engine
    with engine.connect() as conn:
        stored = {(r, s): n for r, s, n in conn.execute(
            select(findings.c.rule, findings.c.severity, func.count()).group_by(
                findings.c.rule, findings.c.severity))}
    assert {(r["rule"], r["severity"]): r["findings"] for r in data["rules"]} == stored
    assert data["total"] == sum(stored.values()) > 0
    html = corpus_client.get("/corpus/findings").text
    for (rule, severity), n in stored.items():
        assert f'data-rule="{rule}" data-severity="{severity}">{n}<' in html
    # drill down: one rule's findings, each linked to its document
    rule, severity = max(stored, key=stored.get)
    one = corpus_client.get(f"/api/corpus/findings/{rule}", params={"severity": severity}).json()
    assert len(one["findings"]) == stored[(rule, severity)]
    page = corpus_client.get(f"/corpus/findings/{rule}", params={"severity": severity}).text
    assert all(f'href="/documents/{f["document"]}#finding-{f["ordinal"]}"' in page
               for f in one["findings"])


def test_findings_of_one_department(corpus_client):
    data = corpus_client.get("/api/corpus/findings", params={"department": PROCURATORATE}).json()
    engine = corpus_client.app.state.engine
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(findings.join(
            documents, documents.c.hash == findings.c.document)).where(
            documents.c.department == PROCURATORATE)).scalar()
    assert data["total"] == n


def test_completeness_shows_the_score_and_what_is_missing(corpus_client):
    rows = corpus_client.get("/api/corpus/completeness").json()["documents"]
    by_name = {r["document"]["file_name"]: r for r in rows}
    series = [by_name[n] for n in ("004_jiangsu_jianchayuan_2017_yusuan.pdf",
                                   "042_jiangsu_jianchayuan_2018_yusuan.pdf")]
    for r in series:  # both publish every required table (read in their 目录 and pages)
        assert r["document"]["completeness"] == 1.0
        assert r["required"] and r["missing"] == []
    for r in rows:
        score, required, missing = r["document"]["completeness"], r["required"], r["missing"]
        if required:
            assert score == pytest.approx(1 - len(missing) / required, abs=1e-4)
    assert corpus_client.get("/corpus/completeness").status_code == 200


def test_an_unknown_department_is_404(corpus_client):
    assert corpus_client.get(_department_url("没有这个部门")).status_code == 404
    assert corpus_client.get(_department_url("没有这个部门", api=True)).status_code == 404


def test_a_bad_severity_is_refused(corpus_client):
    assert corpus_client.get("/api/corpus/findings/A001", params={"severity": "x"}).status_code == 422


def test_the_openapi_describes_the_corpus_api(corpus_client):
    spec = corpus_client.get("/openapi.json").json()
    for path in ("/api/corpus/departments", "/api/corpus/departments/{name}",
                 "/api/corpus/findings", "/api/corpus/findings/{rule}",
                 "/api/corpus/completeness"):
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"]["$ref"].startswith("#/components/schemas/"), path
    amount = spec["components"]["schemas"]["Figure"]["properties"]["value_wan"]
    assert {"type": "string"} in amount["anyOf"]


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>局'


def _insert_hostile(engine) -> str:
    digest = "f" * 64
    with engine.begin() as conn:
        conn.execute(insert(documents).values(
            hash=digest, path="/tmp/x<b>bold.txt", format="text", pages=None, department=HOSTILE,
            year=2024, kind="budget", scope="department", tables_count=0, facts_count=0,
            claims_count=0, findings_count=1, errors_count=1, completeness=0.5,
            extraction=b"", ingested_at="2024-01-01T00:00:00+00:00"))
        conn.execute(insert(figures).values(document=digest, concept="expenditure.function.201",
                                            value_wan=1))
        conn.execute(insert(figures).values(document=digest, concept="sangong.total",
                                            value_wan=2))
        conn.execute(insert(findings).values(
            document=digest, ordinal=0, rule="A001", severity="error",
            message="<script>alert(2)</script>", expected="<i>1</i>", actual="2"))
    return digest


def test_hostile_names_and_messages_are_escaped_everywhere(client):
    _insert_hostile(client.app.state.engine)
    from budgetlens.link import normalise_department

    name = normalise_department(HOSTILE)
    pages = [client.get("/corpus"), client.get(_department_url(name)),
             client.get("/corpus/findings"), client.get("/corpus/findings/A001"),
             client.get("/corpus/completeness")]
    for page in pages:
        assert page.status_code == 200, page.url
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, page.url
        assert "<b>bold" not in page.text and "<i>1</i>" not in page.text
    assert "&lt;script&gt;alert(" in pages[1].text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in pages[3].text
    api = client.get(_department_url(name, api=True)).json()
    assert api["spellings"] == [HOSTILE]  # JSON carries the text as it is, for a program


def _insert_document(engine, digest: str, department: str, year: int, kind: str,
                     scope: str | None, figures_wan: dict[str, str]) -> None:
    from decimal import Decimal

    with engine.begin() as conn:
        conn.execute(insert(documents).values(
            hash=digest, path=f"/in/{digest[:6]}.pdf", format="pdf", department=department,
            year=year, kind=kind, scope=scope, tables_count=0, facts_count=0, claims_count=0,
            findings_count=0, errors_count=0, extraction=b"", ingested_at="2024-01-01"))
        for concept, v in figures_wan.items():
            conn.execute(insert(figures).values(document=digest, concept=concept,
                                                value_wan=Decimal(v)))


def test_one_department_whatever_spelling_each_document_prints(client):
    engine = client.app.state.engine
    # a split disclosure: narrative (部门) and its table file (scope not printed)
    _insert_document(engine, "a" * 64, "江苏省委办公厅", 2019, "budget", "department",
                     {"expenditure.total": "100.00"})
    _insert_document(engine, "b" * 64, "中共江苏省委办公厅", 2019, "budget", None,
                     {"expenditure.total": "100.00", "expenditure.basic": "60.00"})
    _insert_document(engine, "c" * 64, "中国共产党江苏省委员会办公厅", 2017, "budget", None,
                     {"expenditure.total": "80.00"})
    _insert_document(engine, "d" * 64, "中共江苏省委办公厅", 2019, "final", "unit",
                     {"expenditure.total": "7.00"})
    data = client.get("/api/corpus/departments").json()
    assert [d["name"] for d in data["departments"]] == ["江苏省委办公厅"]
    by_spelling = client.get(_department_url("中国共产党江苏省委员会办公厅", api=True)).json()
    assert by_spelling["name"] == "江苏省委办公厅"
    dept = data["departments"][0]
    assert dept["spellings"] == ["中共江苏省委办公厅", "中国共产党江苏省委员会办公厅", "江苏省委办公厅"]
    assert [(y["label"], y["scopes"]) for y in dept["years"]] == [
        ("2017 预算", []), ("2019 预算", ["department"]), ("2019 决算", ["unit"])]
    assert "2019 决算（单位）" in client.get("/corpus").text
    years = client.get(_department_url("江苏省委办公厅", api=True)).json()["years"]
    figures_2019 = {f["concept"]: f["value_wan"] for f in years[1]["figures"]}
    # the narrative's and the tables' figures of one disclosure are read together
    assert figures_2019["expenditure.total"] == "100.00"
    assert figures_2019["expenditure.basic"] == "60.00"
    bf = client.get(_department_url("江苏省委办公厅", api=True)).json()["budget_vs_final"]
    assert bf == [{"year": 2017, "budget_wan": "80.00", "final_wan": None},
                  {"year": 2019, "budget_wan": "100.00", "final_wan": "7.00"}]


def test_departments_and_completeness_come_in_pages_and_a_name_finds_one(client):
    engine = client.app.state.engine
    for i in range(25):
        _insert_document(engine, f"{i:02d}".ljust(64, "e"), f"示范县第{i:02d}局", 2024, "budget",
                         "department", {"sangong.total": str(100 + i)})
    first = client.get("/api/corpus/departments", params={"limit": 10}).json()
    assert first["total"] == 25 and len(first["departments"]) == 10
    last = client.get("/api/corpus/departments", params={"offset": 20, "limit": 10}).json()
    assert [d["name"] for d in last["departments"]] == [f"示范县第{i:02d}局" for i in range(20, 25)]
    page = client.get("/corpus", params={"limit": 10}).text
    assert 'rel="next" href="/corpus?offset=10&amp;limit=10"' in page
    found = client.get("/api/corpus/departments", params={"q": "第07"}).json()
    assert [d["name"] for d in found["departments"]] == ["示范县第07局"]
    rows = client.get("/api/corpus/completeness", params={"offset": 24, "limit": 5}).json()
    assert rows["total"] == 25 and len(rows["documents"]) == 1
    assert client.get("/api/corpus/departments", params={"limit": 0}).status_code == 422


def test_peers_list_the_first_ones_and_the_department_among_its_neighbours(client):
    engine = client.app.state.engine
    for i in range(30):  # 三公经费 130.00 down to 101.00
        _insert_document(engine, f"{i:02d}".ljust(64, "9"), f"示范县第{i:02d}局", 2024, "budget",
                         "department", {"sangong.total": str(130 - i)})
    ranking = next(p for p in client.get(_department_url("示范县第20局", api=True)).json()["peers"]
                   if p["concept"] == "sangong.total")
    assert ranking["total"] == 30
    assert [r["rank"] for r in ranking["rows"]] == [*range(1, 11), 19, 20, 21, 22, 23]
    assert [r["value_wan"] for r in ranking["rows"] if r["is_self"]] == ["110.00"]
    assert 'class="gap"' in client.get(_department_url("示范县第20局")).text
