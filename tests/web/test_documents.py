"""Upload, the document page and its JSON twin, filters, verdicts and precision, on the real 2017
final account (柳江区人民政府办公室 2017 部门决算, text) and corpus 019 (PDF)."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml
from fastapi.testclient import TestClient

from budgetlens.web.app import Settings, create_app
from conftest import ROOT, corpus_file

FINAL_2017 = "liujiang-gov-office-2017-final.txt"
PDF_019 = "019_shanghai-putuo_caizhengju_2024_juesuan.pdf"
# The 表四 finding as recorded in the verdict ledger (read on the page: 163.26 over its parts
# 156.26 + 10.00 = 166.26).
CARRYOVER_KEY = ("A005 line=719 table=t4 row=年初财政拨款结转和结余 column=金额 | "
                 "[163.255, 163.265] vs [166.250, 166.270]")


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def upload(client, path, name=None, **kw):
    with open(path, "rb") as f:
        return client.post("/upload", files=[("files", (name or path.name, f))],
                           follow_redirects=False, **kw)


@pytest.fixture(scope="module")
def final_2017(tmp_path_factory):
    """A client whose store holds the 2017 final account, uploaded once for the module."""
    path = corpus_file(FINAL_2017)
    base = tmp_path_factory.mktemp("web-docs")
    settings = Settings(db=str(base / "store.duckdb"), upload_dir=base / "uploads")
    with TestClient(create_app(settings)) as c:
        r = upload(c, path)
        assert r.status_code == 303, r.text
        c.digest = sha256(path)
        c.location = r.headers["location"]
        c.settings = settings
        yield c


def finding_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="finding-(\d+)"', html)]


def carryover(client) -> dict:
    found = client.get(f"/api/documents/{client.digest}", params={"rule": "A005"}).json()
    return next(f for f in found["findings"] if f["key"] == CARRYOVER_KEY)


def test_an_upload_is_kept_by_its_content_hash_and_leads_to_its_page(final_2017):
    c = final_2017
    assert c.location == f"/documents/{c.digest}"
    kept = sorted(p.name for p in c.settings.upload_dir.iterdir() if p.is_file())
    assert kept == [f"{c.digest}.txt"]
    page = c.get(c.location)
    assert page.status_code == 200
    assert "柳江区人民政府办公室" in page.text and "2017" in page.text


def test_the_carryover_finding_is_explained_and_its_line_marked(final_2017):
    c = final_2017
    f = carryover(c)
    assert f["severity"] == "error" and f["expected"] and f["actual"] == "[163.255, 163.265]"
    assert f["places"][0]["line"] == 719 and f["places"][0]["table"] == "t4"
    html = c.get(c.location).text
    item = html[html.index(f'<li id="finding-{f["id"]}"'):]
    item = item[: item.index("</li>\n")]
    assert "年初财政拨款结转和结余 163.26" in item
    assert "<dd>[163.255, 163.265]</dd>" in item and f'href="#box-{f["id"]}"' in item
    # the document's own lines, the flagged one marked, linked back to the finding
    box = html[html.index(f'id="box-{f["id"]}"'):]
    box = box[: box.index("</div>")]
    assert f'href="#finding-{f["id"]}"' in box
    flagged = re.findall(r'<tr class="flagged"><td class="line-no">(\d+)</td>'
                         r'<td class="line-text"><mark>([^<]*)</mark>', box)
    assert flagged == [("719", "年初财政拨款结转和结余  13  163.26  年末结转和结余  30  239.83")]


def test_the_stored_key_is_the_verdict_ledgers_key(final_2017):
    ledger = yaml.safe_load((ROOT / "tests" / "verdicts" / f"{FINAL_2017}.yaml").read_text())
    assert ledger["findings"][CARRYOVER_KEY]["verdict"] is True
    assert carryover(final_2017)["key"] == CARRYOVER_KEY


def test_the_same_content_again_is_not_stored_twice(final_2017):
    c = final_2017
    with open(corpus_file(FINAL_2017), "rb") as f:
        r = c.post("/api/documents", files=[("files", ("again.txt", f))])
    assert r.status_code == 200
    assert r.json()["outcomes"] == [{"name": "again.txt", "status": "skipped", "hash": c.digest,
                                     "problem": None, "url": c.location}]
    assert [d["hash"] for d in c.get("/api/documents").json()["documents"]] == [c.digest]


def test_filters_by_severity_family_and_rule_work_without_script(final_2017):
    c = final_2017
    every = c.get(f"/api/documents/{c.digest}").json()["findings"]
    assert len(every) == len(finding_ids(c.get(c.location).text)) > 10
    for params, keep in (({"severity": "error"}, lambda f: f["severity"] == "error"),
                         ({"family": "K"}, lambda f: f["rule"].startswith("K")),
                         ({"rule": "A005"}, lambda f: f["rule"] == "A005"),
                         ({"severity": "warning", "family": "A"},
                          lambda f: f["severity"] == "warning" and f["rule"].startswith("A"))):
        expected = [f["id"] for f in every if keep(f)]
        assert [f["id"] for f in c.get(f"/api/documents/{c.digest}", params=params)
                .json()["findings"]] == expected, params
        assert finding_ids(c.get(c.location, params=params).text) == expected, params
    assert any(f["rule"] == "A005" for f in every) and any(f["rule"].startswith("K") for f in every)
    html = c.get(c.location, params={"rule": "A005"}).text
    assert '<option value="A005" selected>' in html and '<form class="filters" method="get"' in html


def test_the_home_page_lists_the_document(final_2017):
    c = final_2017
    html = c.get("/").text
    assert f'href="/documents/{c.digest}"' in html and FINAL_2017 in html
    listed = c.get("/api/documents").json()["documents"][0]
    assert (listed["department"], listed["year"], listed["kind"]) == ("柳江区人民政府办公室", 2017,
                                                                        "final")
    assert listed["errors"] + listed["warnings"] + listed["infos"] == listed["findings"] > 0
    later = c.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    assert later["total"] == 1 and later["documents"] == []


def test_verdicts_are_kept_with_who_and_when_and_give_the_precision(final_2017):
    c = final_2017
    f = carryover(c)
    r = c.post(f"/documents/{c.digest}/findings/{f['id']}/verdict", follow_redirects=False,
               data={"verdict": "accepted", "reviewer": "张审核", "note": "163.26 ≠ 166.26"})
    assert r.status_code == 303 and r.headers["location"].endswith(f"#finding-{f['id']}")
    other = next(g for g in c.get(f"/api/documents/{c.digest}").json()["findings"]
                 if g["rule"] != "A005")
    r = c.post(f"/api/documents/{c.digest}/findings/{other['id']}/verdict",
               json={"verdict": "false_alarm", "reviewer": "李复核"})
    assert r.status_code == 201 and r.json()["verdict"] == "false_alarm" and r.json()["at"]
    html = c.get(c.location).text
    assert "属实 accepted</strong> — 张审核" in html and "163.26 ≠ 166.26" in html
    assert carryover(c)["review"]["reviewer"] == "张审核"
    p = c.get("/api/precision").json()
    assert p["all"] == {"true": 1, "false": 1, "judged": 2, "precision": 0.5}
    assert p["rules"]["A005"]["precision"] == 1.0 and p["rules"][other["rule"]]["precision"] == 0.0
    # the latest verdict of a finding counts: fixed is still true, false alarm becomes fixed
    c.post(f"/api/documents/{c.digest}/findings/{other['id']}/verdict",
           json={"verdict": "fixed", "reviewer": "李复核"})
    assert c.get("/api/precision").json()["all"] == {"true": 2, "false": 0, "judged": 2,
                                                      "precision": 1.0}
    assert "100.0%" in c.get("/precision").text


def test_a_verdict_on_a_missing_finding_or_document_is_404(final_2017):
    c = final_2017
    body = {"verdict": "accepted", "reviewer": "x"}
    assert c.post(f"/api/documents/{c.digest}/findings/99999/verdict", json=body).status_code == 404
    assert c.post(f"/api/documents/{'0' * 64}/findings/0/verdict", json=body).status_code == 404
    assert c.post(f"/api/documents/{c.digest}/findings/0/verdict",
                  json={"verdict": "maybe", "reviewer": "x"}).status_code == 422
    assert c.get("/documents/../../etc/passwd").status_code == 404
    assert c.get("/documents/not-a-hash").status_code == 422


def test_a_text_document_has_no_page_images(final_2017):
    c = final_2017
    assert c.get(f"/documents/{c.digest}/pages/1.png").status_code == 404


def test_write_operations_need_the_token_when_one_is_set(tmp_path):
    path = ROOT / "samples" / "demo-finance-bureau-2023-final.txt"
    settings = Settings(db=str(tmp_path / "s.duckdb"), upload_dir=tmp_path / "up", token="s3cret")
    with TestClient(create_app(settings)) as c:
        assert 'name="token"' in c.get("/").text
        assert upload(c, path).status_code == 401
        assert upload(c, path, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert not any((tmp_path / "up").glob("*.txt"))
        r = c.post("/api/documents", files=[("files", (path.name, path.read_bytes()))],
                   headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 200 and r.json()["outcomes"][0]["status"] == "stored"
        digest = r.json()["outcomes"][0]["hash"]
        assert c.get(f"/documents/{digest}").status_code == 200  # reading needs nothing
        body = {"verdict": "accepted", "reviewer": "x"}
        assert c.post(f"/api/documents/{digest}/findings/0/verdict", json=body).status_code == 401
        # the form's token field is accepted and kept in a cookie for the next form
        r = c.post(f"/documents/{digest}/findings/0/verdict", follow_redirects=False,
                   data={**body, "token": "s3cret"})
        assert r.status_code == 303 and "budgetlens_token" in r.headers["set-cookie"]
        r = c.post(f"/documents/{digest}/findings/1/verdict", follow_redirects=False, data=body)
        assert r.status_code == 303
        c.cookies.clear()
        r = c.post(f"/documents/{digest}/findings/1/verdict", follow_redirects=False, data=body)
        assert r.status_code == 401


def test_a_pdf_page_is_served_as_an_image_with_its_boxes_over_it(client, settings):
    path = corpus_file(PDF_019)
    r = upload(client, path)
    assert r.status_code == 303
    digest = sha256(path)
    found = client.get(f"/api/documents/{digest}", params={"rule": "N001"}).json()["findings"]
    n001 = found[0]
    assert n001["actual"] == "[0.25, 0.35]" and n001["places"][0]["page"] == 21
    related = {p["row"]: p for p in n001["places"][1:]}
    assert related["本年支出合计"]["page"] == 13 and related["总计"]["page"] == 13
    html = client.get(f"/documents/{digest}").text
    assert f'<image href="/documents/{digest}/pages/13.png"' in html
    assert 'viewBox="0 0 842.0 595.0"' in html  # page 13 is landscape A4
    x0, top, x1, bottom = related["本年支出合计"]["bbox"]
    assert (f'<rect x="{round(x0, 2)}" y="{round(top, 2)}" width="{round(x1 - x0, 2)}" '
            f'height="{round(bottom - top, 2)}"/>') in html
    assert f'id="box-{n001["id"]}"' in html
    png = client.get(f"/documents/{digest}/pages/13.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png.content[16:20]), int.from_bytes(png.content[20:24])
    # 842 x 595 points at 1.5 px per point
    assert abs(width - 842 * 1.5) <= 1 and abs(height - 595 * 1.5) <= 1
    assert client.get(f"/documents/{digest}/pages/999.png").status_code == 404
    assert client.get(f"/documents/{digest}/pages/0.png").status_code == 422
    cached = list((settings.upload_dir / "pages" / digest).iterdir())
    assert [p.name for p in cached] == ["13.png"]
