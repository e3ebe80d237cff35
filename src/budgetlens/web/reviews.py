"""Reviewers' verdicts on findings (accepted / false alarm / fixed), kept with who and when, and
the precision they give: true = accepted or fixed, false = false alarm, per rule and in all.

A verdict is stored under the finding's verdict key (``verdicts.finding_key``: rule, place,
stated value), so it survives a recheck that renumbers the findings; the latest verdict of a
finding is its current one.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..store.schema import reviews

VERDICTS = {"accepted": "属实 accepted", "false_alarm": "误报 false alarm", "fixed": "已更正 fixed"}
HOLDS = {"accepted": True, "fixed": True, "false_alarm": False}
MAX_REVIEWER = 100
MAX_NOTE = 2000


def add_review(engine: Engine, document: str, key: str, rule: str, verdict: str,
               reviewer: str, note: str | None) -> dict:
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
    row = {"id": uuid.uuid4().hex, "document": document, "finding_key": key, "rule": rule,
           "verdict": verdict, "reviewer": reviewer[:MAX_REVIEWER],
           "note": (note or "")[:MAX_NOTE] or None,
           "reviewed_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")}
    with engine.begin() as conn:
        conn.execute(reviews.insert(), [row])
    return _public(row)


def _public(row) -> dict:
    return {"verdict": row["verdict"], "label": VERDICTS.get(row["verdict"], row["verdict"]),
            "reviewer": row["reviewer"], "note": row["note"], "at": row["reviewed_at"],
            "rule": row["rule"], "key": row["finding_key"], "document": row["document"]}


def _latest(engine: Engine, document: str | None = None) -> dict[tuple[str, str], dict]:
    q = select(reviews).order_by(reviews.c.reviewed_at, reviews.c.id)
    if document is not None:
        q = q.where(reviews.c.document == document)
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    return {(r["document"], r["finding_key"]): _public(r) for r in rows}


def latest_reviews(engine: Engine, document: str) -> dict[str, dict]:
    """Finding key -> its latest verdict, for one document."""
    return {key: r for (_, key), r in _latest(engine, document).items()}


def precision(engine: Engine) -> dict:
    """Precision of the findings reviewers judged, per rule and in all."""
    per_rule: dict[str, list[int]] = {}
    for r in _latest(engine).values():
        counts = per_rule.setdefault(r["rule"], [0, 0])
        counts[0 if HOLDS[r["verdict"]] else 1] += 1
    total = [sum(c[0] for c in per_rule.values()), sum(c[1] for c in per_rule.values())]
    return {"all": _figures(*total),
            "rules": {rule: _figures(*c) for rule, c in sorted(per_rule.items())}}


def _figures(true: int, false: int) -> dict:
    judged = true + false
    return {"true": true, "false": false, "judged": judged,
            "precision": round(true / judged, 4) if judged else None}
