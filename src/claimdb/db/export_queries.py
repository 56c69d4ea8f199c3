"""The rows an export writes: claims matching a filter, with tags, verdict and citations.

Streamed in bounded batches: one SELECT over the claims (in the filter's
order) read ``batch`` rows at a time, and for each batch one query each for
tags, quantities and citations with their sources. Enum and date columns are
read as text, not converted to Python objects: an export writes text anyway,
and at a million rows the conversions cost more than the query.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from claimdb.db.claim_queries import conditions, order_and_page
from claimdb.db.models import (
    Claim,
    Document,
    DocumentVersion,
    Person,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)
from claimdb.schemas.filters import ClaimFilter


def _text(column: Any, name: str) -> Any:
    return type_coerce(column, String).label(name)


def _claims_select(f: ClaimFilter, dialect: str) -> Any:
    mapped = aliased(RatingLabel)
    stmt = (
        select(
            Claim.id,
            Claim.external_id,
            Claim.text,
            _text(Claim.claim_type, "claim_type"),
            Claim.checkable,
            Claim.speaker,
            Claim.speaker_description,
            _text(Claim.claimed_on, "claimed_on"),
            Claim.appearance_url,
            Claim.context,
            Claim.priority,
            _text(Claim.status, "status"),
            Document.slug.label("document"),
            Document.title.label("document_title"),
            Claim.start_offset,
            Claim.end_offset,
            Claim.quote_exact,
            RatingScale.name.label("verdict_scale"),
            RatingLabel.label.label("verdict"),
            RatingLabel.title.label("verdict_title"),
            RatingLabel.value.label("verdict_value"),
            RatingScale.worst_value.label("verdict_worst"),
            RatingScale.best_value.label("verdict_best"),
            _text(RatingLabel.verdict_class, "verdict_class"),
            _text(mapped.verdict_class, "mapped_class"),
            Verdict.rationale.label("verdict_rationale"),
            _text(Verdict.created_at, "verdict_at"),
            Verdict.review_url,
            Verdict.forced.label("verdict_forced"),
            Verdict.force_reason,
            Person.name.label("reviewer"),
        )
        .select_from(Claim)
        .outerjoin(DocumentVersion, Claim.version_id == DocumentVersion.id)
        .outerjoin(Document, DocumentVersion.document_id == Document.id)
        .outerjoin(Verdict, Claim.current_verdict_id == Verdict.id)
        .outerjoin(RatingLabel, Verdict.label_id == RatingLabel.id)
        .outerjoin(mapped, RatingLabel.maps_to_id == mapped.id)
        .outerjoin(RatingScale, RatingLabel.scale_id == RatingScale.id)
        .outerjoin(Person, Verdict.reviewer_id == Person.id)
        .where(*conditions(f, dialect))
    )
    return order_and_page(stmt, f)


SOURCE_COLUMNS = (
    "id",
    "csl_type",
    "title",
    "authors",
    "container_title",
    "publisher",
    "issued",
    "url",
    "doi",
    "accessed",
    "archive_url",
    "archive_hash",
    "reliability",
    "link_status",
    "note",
    "external_id",
)


def _source_select() -> Any:
    return select(
        *(
            _text(getattr(Source, c), c)
            if c in ("accessed", "reliability", "link_status")
            else getattr(Source, c)
            for c in SOURCE_COLUMNS
        )
    )


_SOURCE_TEXT = ("accessed", "reliability", "link_status")


def _related_sql(dialect: str, count: int) -> tuple[str, str, str]:
    """The three per-batch queries as driver SQL (SQLAlchemy would compile a new
    IN list for every batch, which costs more than the queries at a million rows)."""
    mark = "?" if dialect == "sqlite" else "%s"
    ids = ", ".join([mark] * count)
    sources = ", ".join(f"s.{c}" for c in SOURCE_COLUMNS)
    return (
        f"SELECT claim_id, tag FROM claim_tags WHERE claim_id IN ({ids}) ORDER BY claim_id, tag",
        "SELECT claim_id, value, unit, measure, period, place, qualifier, as_written "
        f"FROM quantities WHERE claim_id IN ({ids}) ORDER BY claim_id, ordinal",
        f"SELECT c.claim_id, c.kind, c.stance, c.quote, c.locator, {sources} "
        f"FROM citations c JOIN sources s ON c.source_id = s.id WHERE c.claim_id IN ({ids}) "
        "ORDER BY c.claim_id, c.id",
    )


_QUANTITY_KEYS = ("value", "unit", "measure", "period", "place", "qualifier", "as_written")
_CITATION_KEYS = ("kind", "stance", "quote", "locator", *(f"source_{c}" for c in SOURCE_COLUMNS))


def _related(session: Session, ids: Sequence[int]) -> tuple[dict[int, Any], ...]:
    conn = session.connection()
    tags_sql, quantities_sql, citations_sql = _related_sql(conn.dialect.name, len(ids))
    params = tuple(ids)
    tags: dict[int, list[str]] = {}
    for cid, tag in conn.exec_driver_sql(tags_sql, params):
        tags.setdefault(cid, []).append(tag)
    quantities: dict[int, list[dict[str, Any]]] = {}
    for cid, *values in conn.exec_driver_sql(quantities_sql, params):
        quantities.setdefault(cid, []).append(dict(zip(_QUANTITY_KEYS, values, strict=True)))
    cited: dict[int, list[dict[str, Any]]] = {}
    for cid, *values in conn.exec_driver_sql(citations_sql, params):
        row = dict(zip(_CITATION_KEYS, values, strict=True))
        if isinstance(row["source_authors"], str):  # JSON comes back as text on SQLite
            row["source_authors"] = json.loads(row["source_authors"])
        cited.setdefault(cid, []).append(row)
    return tags, quantities, cited


def iter_export_batches(
    session: Session, f: ClaimFilter, dialect: str, batch: int = 1000
) -> Iterator[list[dict[str, Any]]]:
    """Lists of at most ``batch`` claim rows (dicts) with tags, quantities and citations."""
    result = session.execute(_claims_select(f, dialect).execution_options(yield_per=batch))
    keys = list(result.keys())
    for partition in result.partitions(batch):
        rows = [dict(zip(keys, r, strict=True)) for r in partition]
        tags, quantities, cited = _related(session, [r["id"] for r in rows])
        for r in rows:
            r["tags"] = tags.get(r["id"], [])
            r["quantities"] = quantities.get(r["id"], [])
            r["citations"] = cited.get(r["id"], [])
        yield rows


def sources_by_id(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Sources with these ids, in id order."""
    if not ids:
        return []
    return [
        r._asdict()
        for r in session.execute(_source_select().where(Source.id.in_(ids)).order_by(Source.id))
    ]
