"""The rows an export writes: claims matching a filter, with tags, verdict and citations.

Streamed in bounded batches: one SELECT over the claims (in the filter's
order) read ``batch`` rows at a time, and for each batch one query each for
tags, quantities and citations with their sources. Enum and date columns are
read as text, not converted to Python objects: an export writes text anyway,
and at a million rows the conversions cost more than the query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from claimdb.db.claim_queries import conditions, order_and_page
from claimdb.db.models import (
    Citation,
    Claim,
    ClaimTag,
    Document,
    DocumentVersion,
    Person,
    Quantity,
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


def _related(session: Session, ids: Sequence[int]) -> tuple[dict[int, Any], ...]:
    tags: dict[int, list[str]] = {}
    for cid, tag in session.execute(
        select(ClaimTag.claim_id, ClaimTag.tag)
        .where(ClaimTag.claim_id.in_(ids))
        .order_by(ClaimTag.claim_id, ClaimTag.tag)
    ):
        tags.setdefault(cid, []).append(tag)
    quantities: dict[int, list[dict[str, Any]]] = {}
    for q in session.execute(
        select(
            Quantity.claim_id,
            Quantity.value,
            Quantity.unit,
            Quantity.measure,
            Quantity.period,
            Quantity.place,
            _text(Quantity.qualifier, "qualifier"),
            Quantity.as_written,
        )
        .where(Quantity.claim_id.in_(ids))
        .order_by(Quantity.claim_id, Quantity.ordinal)
    ):
        row = q._asdict()
        quantities.setdefault(row.pop("claim_id"), []).append(row)
    cited: dict[int, list[dict[str, Any]]] = {}
    for c in session.execute(
        select(
            Citation.claim_id,
            _text(Citation.kind, "kind"),
            _text(Citation.stance, "stance"),
            Citation.quote,
            Citation.locator,
            *(
                _text(getattr(Source, c), f"source_{c}")
                if c in ("accessed", "reliability", "link_status")
                else getattr(Source, c).label(f"source_{c}")
                for c in SOURCE_COLUMNS
            ),
        )
        .join(Source, Citation.source_id == Source.id)
        .where(Citation.claim_id.in_(ids))
        .order_by(Citation.claim_id, Citation.id)
    ):
        row = c._asdict()
        cited.setdefault(row.pop("claim_id"), []).append(row)
    return tags, quantities, cited


def iter_export_batches(
    session: Session, f: ClaimFilter, dialect: str, batch: int = 1000
) -> Iterator[list[dict[str, Any]]]:
    """Lists of at most ``batch`` claim rows (dicts) with tags, quantities and citations."""
    result = session.execute(_claims_select(f, dialect).execution_options(yield_per=batch))
    for partition in result.partitions(batch):
        rows = [r._asdict() for r in partition]
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
