"""Schema version 3: every place of a finding is stored (page and bbox, lines, cell) with its
verdict key and quote, and a version 2 store gets them from its stored extractions."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

import store_backends
from budgetlens.check import check_path
from budgetlens.isolate import Limits
from budgetlens.store import schema
from budgetlens.store.db import open_store
from budgetlens.store.ingest import ingest
from budgetlens.store.schema import finding_places, findings, schema_version
from budgetlens.verdicts import finding_key
from conftest import corpus_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "samples" / "demo-finance-bureau-2023-final.txt")
LIMITS = Limits(60, 2048)
postgres_server = store_backends.postgres_server  # fixtures
store_db = store_backends.store_db


def stored(engine, path_hash=None):
    """(key, quote, [(page, bbox, line, end_line, table, row, column)...]) per finding."""
    with engine.connect() as conn:
        lines = conn.execute(select(findings.c.ordinal, findings.c.finding_key, findings.c.quote)
                             .order_by(findings.c.ordinal)).all()
        places = conn.execute(select(finding_places).order_by(
            finding_places.c.finding, finding_places.c.place)).mappings().all()
    out = []
    for ordinal, key, quote in lines:
        out.append((key, quote, [
            (p["page"], None if p["x0"] is None else (p["x0"], p["top"], p["x1"], p["bottom"]),
             p["line"], p["end_line"], p["table_id"], p["row_label"], p["column_key"])
            for p in places if p["finding"] == ordinal]))
    return out


def expected_places(path: str):
    out = []
    for f in check_path(path).findings:
        out.append((finding_key(f), [
            (loc.page, None if loc.bbox is None else tuple(float(v) for v in loc.bbox),
             loc.line, loc.end_line, loc.table, loc.row, loc.column)
            for loc in (f.location, *f.related)]))
    return out


def test_every_place_of_every_finding_is_stored_with_its_key(store_db):
    engine = open_store(store_db)
    ingest(engine, [SAMPLE], LIMITS)
    got = stored(engine)
    assert [(key, places) for key, _, places in got] == expected_places(SAMPLE)
    by_key = {key: (quote, places) for key, quote, places in got}
    # the 三公 table's 合计 12.60 over 0.00 + 8.00 + 4.50, and the three parts it names
    quote, places = by_key["A005 line=36 table=t2 row=合计 column=决算数 | [12.595, 12.605] vs "
                           "[12.485, 12.515]"]
    assert quote == "合计 | 14.00 | 12.60"
    assert [p[2] for p in places] == [36, 37, 38, 41]  # 合计, 因公出国（境）费, 公务用车…, 公务接待费


def test_a_pdf_findings_boxes_are_stored_in_points(tmp_path):
    path = str(corpus_file("019_shanghai-putuo_caizhengju_2024_juesuan.pdf"))
    engine = open_store(str(tmp_path / "s.duckdb"))
    ingest(engine, [path], LIMITS)
    got = stored(engine)
    assert [(key, places) for key, _, places in got] == expected_places(path)
    key, quote, places = got[0]
    assert key == "N001 page=21 y=401 | [0.25, 0.35] vs [2940.045, 2940.055]"  # as in its ledger
    assert quote.startswith("上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元")
    # its related places: the 本年支出合计 and 总计 rows of the table on page 13
    assert [(p[0], p[5]) for p in places[1:]] == [(13, "本年支出合计"), (13, "总计")]
    assert all(p[1] is not None for p in places)


def test_a_version_2_store_gets_the_places_of_its_findings(store_db):
    engine = open_store(store_db)
    ingest(engine, [SAMPLE], LIMITS)
    expected = stored(engine)
    with engine.begin() as conn:  # back to version 2: no places, keys, reviews or labels
        for table in (schema.finding_places, schema.reviews, schema.uploads):
            table.drop(conn)
        for column in schema.FINDING_DETAIL:
            conn.execute(text(f"ALTER TABLE findings DROP COLUMN {column}"))
        conn.execute(schema_version.delete().where(schema_version.c.version > 2))
    engine = store_backends.migrated_from(engine, store_db, 2)
    assert stored(engine) == expected
    with engine.connect() as conn:
        assert conn.execute(select(schema.reviews)).all() == []
