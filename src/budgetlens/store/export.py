"""Export the store as Arrow-typed files, and leaf rows as a Fiscal Data Package.

Amount columns become ``decimal128(38, 10)``: a figure keeps every digit as written.
"""

from __future__ import annotations

import json
import os

from sqlalchemy import Boolean, Float, Integer, LargeBinary, Numeric, select
from sqlalchemy.engine import Engine

from .schema import documents, facts, findings, rows, tables

EXPORTED = (documents, tables, facts, findings)


def _arrow_type(column):
    import pyarrow as pa

    t = column.type
    if isinstance(t, Numeric) and not isinstance(t, Float):
        return pa.decimal128(t.precision, t.scale)
    if isinstance(t, Float):
        return pa.float64()
    if isinstance(t, Boolean):
        return pa.bool_()
    if isinstance(t, Integer):
        return pa.int64()
    return pa.string()


def arrow_table(engine: Engine, table, where=None):
    """A store table (without the encoded extraction) as a pyarrow Table of its own types."""
    import pyarrow as pa

    cols = [c for c in table.columns if not isinstance(c.type, LargeBinary)]
    query = select(*cols).order_by(*table.primary_key.columns)
    if where is not None:
        query = query.where(where)
    with engine.connect() as conn:
        data = conn.execute(query).all()
    schema = pa.schema([pa.field(c.name, _arrow_type(c)) for c in cols])
    return pa.Table.from_arrays(
        [pa.array([r[i] for r in data], type=f.type) for i, f in enumerate(schema)],
        schema=schema)


def export(engine: Engine, out_dir: str, fmt: str = "parquet") -> list[str]:
    """Write documents, tables, facts and findings, plus the leaf-row data package."""
    os.makedirs(out_dir, exist_ok=True)
    written = []
    for table in EXPORTED:
        path = os.path.join(out_dir, f"{table.name}.{fmt}")
        _write(arrow_table(engine, table), path, fmt)
        written.append(path)
    written += export_fiscal_package(engine, out_dir)
    return written


def _write(data, path: str, fmt: str) -> None:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(data, path)
    else:
        import pyarrow.csv as pacsv

        pacsv.write_csv(data, path)


_FDP_FIELDS = [
    ("document", "string", None), ("table_id", "string", None),
    ("row_index", "integer", None), ("column_key", "string", None),
    ("code", "string", None), ("name", "string", None), ("unit", "string", None),
    ("value_wan", "number", "amount in 万元"),
]


def export_fiscal_package(engine: Engine, out_dir: str) -> list[str]:
    """Leaf rows (no totals, no parents of other rows) with a figure, as a Fiscal Data Package:
    leaf-rows.csv described by datapackage.json (its model: the amount and its dimensions)."""
    import pyarrow.csv as pacsv

    data = arrow_table(engine, rows, (rows.c.is_leaf.is_(True)) & rows.c.value_wan.isnot(None))
    data = data.select([name for name, _, _ in _FDP_FIELDS])
    csv_path = os.path.join(out_dir, "leaf-rows.csv")
    pacsv.write_csv(data, csv_path)
    package = {
        "profile": "fiscal-data-package",
        "name": "budgetlens-leaf-rows",
        "title": "部门预算/决算公开 表格末级行",
        "resources": [{
            "name": "leaf-rows",
            "path": "leaf-rows.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [{"name": n, "type": t, **({"description": d} if d else {})}
                           for n, t, d in _FDP_FIELDS],
                "primaryKey": ["document", "table_id", "row_index", "column_key"],
            },
        }],
        "model": {
            "measures": {"amount": {"source": "value_wan", "currency": "CNY", "factor": 10000}},
            "dimensions": {
                "document": {"dimensionType": "other", "primaryKey": "document",
                             "attributes": {"document": {"source": "document"}}},
                "classification": {
                    "dimensionType": "classification", "primaryKey": "code",
                    "attributes": {"code": {"source": "code"},
                                   "name": {"source": "name", "labelfor": "code"}}},
                "column": {"dimensionType": "other", "primaryKey": "column_key",
                           "attributes": {"column_key": {"source": "column_key"}}},
            },
        },
    }
    pkg_path = os.path.join(out_dir, "datapackage.json")
    with open(pkg_path, "w", encoding="utf-8") as f:
        json.dump(package, f, ensure_ascii=False, indent=2)
    return [csv_path, pkg_path]
