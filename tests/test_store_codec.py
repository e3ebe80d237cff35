"""The stored extraction is data, never code: JSON read back by the model's annotations, the
old pickles converted by an unpickler that knows only the model, hostile payloads refused."""

from __future__ import annotations

import os
import pickle
import zlib

import pytest
from sqlalchemy import select

import store_backends
from budgetlens.check import check_extraction
from budgetlens.isolate import Limits
from budgetlens.pipeline import extract
from budgetlens.store.codec import DamagedExtraction, decode, encode
from budgetlens.store.db import open_store
from budgetlens.store.ingest import ingest
from budgetlens.store.legacy import read_legacy
from budgetlens.store.recheck import recheck
from budgetlens.store.schema import SCHEMA_VERSION, documents, schema_version
from conftest import SAMPLES, corpus_file

postgres_server = store_backends.postgres_server  # fixtures
store_db = store_backends.store_db

LIMITS = Limits(60, 2048)
SAMPLE_MD = str(SAMPLES / "demo-county-office-2024-budget.md")
SAMPLE_TXT = str(SAMPLES / "demo-finance-bureau-2023-final.txt")


def _findings(x) -> list[dict]:
    return [f.to_dict() for f in check_extraction(x).findings]


def _legacy_blob(obj) -> bytes:
    """How schema version 2 stored an extraction: a compressed pickle behind byte 1."""
    return bytes([1]) + zlib.compress(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL), 6)


@pytest.mark.parametrize("name", [
    "014_shanghai-putuo_wanlijiedao_2023_yusuan.pdf",  # PDF: pages, boxes, grids over pages
    "027_chongqing_jiaotongweiyuanhui_2018_yusuan.html",
    "901_EDGE_shanghai-putuo_blank-template_2026_yusuan-danwei.xls",  # placeholders, sheets
])
def test_a_corpus_extraction_comes_back_equal_and_checks_the_same(name):
    x = extract(str(corpus_file(name)))
    blob = encode(x)
    assert blob[0] == 2 and b"pickle" not in blob
    back = decode(blob)
    assert back == x  # every field, Decimals with their written precision, tuples as tuples
    assert _findings(back) == _findings(x)


def test_written_precision_survives_the_store():
    x = extract(SAMPLE_MD)
    back = decode(encode(x))
    texts = [(str(f.value.value), str(f.value.precision)) for f in back.facts]
    assert texts == [(str(f.value.value), str(f.value.precision)) for f in x.facts]
    assert any(p == "0.01" for _, p in texts)  # '1,185.00' stays stated to the cent


def _json_blob(text: str) -> bytes:
    return bytes([2]) + zlib.compress(text.encode("utf-8"))


@pytest.mark.parametrize("payload", [
    # a block naming a class that is no part of the model
    '{"document":{"path":"x","format":"text","blocks":[{"@":"Popen","args":["id"]}]},'
    '"info":{}}',
    # a field the model does not have
    '{"document":{"path":"x","format":"text","blocks":[]},"info":{"__class__":"os"}}',
    # a figure as a binary float instead of its text
    '{"document":{"path":"x","format":"text","blocks":[]},"info":{},"facts":[{"concept":"a",'
    '"context":{},"value":{"value":1.5,"precision":"0.1"},"location":{}}]}',
    # a value outside its Literal
    '{"document":{"path":"x","format":"text","blocks":[]},"info":{"kind":"exec"}}',
    "[1, 2, 3]",
    "not json",
])
def test_a_hostile_or_damaged_json_payload_is_refused(payload):
    with pytest.raises(DamagedExtraction):
        decode(_json_blob(payload))


def test_a_blob_that_inflates_beyond_the_bound_is_refused(monkeypatch):
    from budgetlens.store import codec

    monkeypatch.setattr(codec, "MAX_DECODED_BYTES", 1000)
    with pytest.raises(DamagedExtraction, match="too large"):
        decode(_json_blob('"' + "x" * 5000 + '"'))


class _Plant:
    """What a hostile store would hold: a pickle that runs a function when loaded."""

    def __init__(self, target: str):
        self.target = target

    def __reduce__(self):
        return (os.makedirs, (self.target,))


def test_a_pickle_is_never_decoded_and_a_hostile_old_one_runs_nothing(tmp_path):
    target = tmp_path / "ran"
    hostile = _legacy_blob(_Plant(str(target)))
    with pytest.raises(DamagedExtraction):
        decode(hostile)  # recheck reads JSON only
    with pytest.raises(ValueError, match="os.makedirs|posix.makedirs"):
        read_legacy(hostile)  # the migration's reader resolves only the model's classes
    assert not target.exists()
    x = extract(SAMPLE_MD)
    assert read_legacy(_legacy_blob(x)) == x


def test_an_old_store_is_migrated_to_json_and_a_hostile_blob_is_cleared(store_db, tmp_path):
    target = tmp_path / "ran"
    engine = open_store(store_db)
    ingest(engine, [SAMPLE_MD, SAMPLE_TXT], LIMITS)
    with engine.connect() as conn:
        hashes = dict(conn.execute(select(documents.c.path, documents.c.hash)).all())
    good = extract(SAMPLE_MD)
    with engine.begin() as conn:  # back to schema version 2: pickles in the store
        for path, blob in ((SAMPLE_MD, _legacy_blob(good)),
                           (SAMPLE_TXT, _legacy_blob(_Plant(str(target))))):
            conn.execute(documents.update().where(documents.c.hash == hashes[path])
                         .values(extraction=blob))
        conn.execute(schema_version.delete().where(schema_version.c.version > 2))
    engine.dispose()

    engine = open_store(store_db)  # migrates
    assert not target.exists()
    with engine.connect() as conn:
        assert conn.execute(select(schema_version.c.version).order_by(
            schema_version.c.version.desc())).first()[0] == SCHEMA_VERSION
        blobs = dict(conn.execute(select(documents.c.path, documents.c.extraction)).all())
    assert decode(blobs[SAMPLE_MD]) == good
    assert bytes(blobs[SAMPLE_TXT]) == b""
    result = recheck(engine)
    assert result.documents == 1
    assert [p for p, _ in result.unreadable] == [SAMPLE_TXT]
    assert "ingest the file again" in result.unreadable[0][1]
    assert not target.exists()


def test_recheck_names_a_document_it_cannot_read_back_and_goes_on(tmp_path):
    from click.testing import CliRunner

    from budgetlens.cli import cli

    db = str(tmp_path / "s.duckdb")
    engine = open_store(db)
    ingest(engine, [SAMPLE_MD, SAMPLE_TXT], LIMITS)
    with engine.begin() as conn:
        conn.execute(documents.update().where(documents.c.path == SAMPLE_TXT)
                     .values(extraction=_json_blob('{"document": "not one"}')))
    engine.dispose()
    r = CliRunner().invoke(cli, ["recheck", "--db", db])
    assert r.exit_code == 2
    assert r.stdout.startswith("1 documents rechecked")
    assert f"not rechecked: {SAMPLE_TXT}: stored extraction is damaged" in r.stderr


def test_what_a_damaged_file_leaves_in_the_model_is_stored_too():
    import math

    from budgetlens.model import Document, DocumentInfo, Location, Paragraph
    from budgetlens.pipeline import Extraction

    odd = Location(path="x.pdf", page=1, bbox=(math.nan, math.inf, -math.inf, 1.5))
    x = Extraction(Document("x.pdf", "pdf", [Paragraph("收入\udc80合计", odd)]), DocumentInfo())
    back = decode(encode(x))
    paragraph = back.document.blocks[0]
    assert paragraph.text == "收入\udc80合计"  # a lone surrogate, as the reader left it
    box = paragraph.location.bbox
    assert math.isnan(box[0]) and box[1:] == (math.inf, -math.inf, 1.5)


def test_the_migration_leaves_a_json_extraction_as_it_is(tmp_path):
    db = str(tmp_path / "s.duckdb")
    engine = open_store(db)
    ingest(engine, [SAMPLE_MD], LIMITS)
    with engine.begin() as conn:
        before = bytes(conn.execute(select(documents.c.extraction)).scalar())
        conn.execute(schema_version.delete().where(schema_version.c.version == SCHEMA_VERSION))
    engine.dispose()
    engine = open_store(db)  # runs the last step again
    with engine.connect() as conn:
        assert bytes(conn.execute(select(documents.c.extraction)).scalar()) == before
