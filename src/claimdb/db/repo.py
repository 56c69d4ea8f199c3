"""Query helpers: every SELECT the services need, and nothing that commits.

Services call these with ``uow.session``; keeping SQL here means the rules
in ``claimdb.services`` read as rules, and the CLI never sees a query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.engine import ScalarResult
from sqlalchemy.orm import Session

from claimdb.db.models import (
    Claim,
    Document,
    DocumentVersion,
    Event,
    EventChain,
    Flag,
    Person,
    RatingLabel,
    RatingScale,
    Section,
    Source,
)


def person_by_name(session: Session, name: str) -> Person | None:
    return session.scalars(select(Person).where(Person.name == name)).first()


def person_names(session: Session) -> list[str]:
    return list(session.scalars(select(Person.name).order_by(Person.name)))


def count_people(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def list_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.name)))


def written_by_others(session: Session, person_id: int) -> bool:
    """Whether anyone but ``person_id`` has added a claim or a source (the desk is in use)."""
    for model in (Claim, Source):
        found = session.scalar(select(model.id).where(model.created_by_id != person_id).limit(1))
        if found is not None:
            return True
    return False


def claim_by_external_id(session: Session, external_id: str) -> Claim | None:
    return session.scalars(select(Claim).where(Claim.external_id == external_id)).first()


def source_by_identity(
    session: Session, *, url_normalized: str | None, doi: str | None
) -> Source | None:
    """The source with this normalised URL or DOI, if any."""
    if doi:
        found = session.scalars(select(Source).where(Source.doi == doi)).first()
        if found is not None:
            return found
    if url_normalized:
        return session.scalars(
            select(Source).where(Source.url_normalized == url_normalized)
        ).first()
    return None


def source_ids_by_identity(
    session: Session, *, urls_normalized: Sequence[str], dois: Sequence[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Stored sources among these normalised URLs and DOIs: (url -> id, doi -> id)."""
    by_url: dict[str, int] = {}
    by_doi: dict[str, int] = {}
    for chunk in _chunks(list(urls_normalized)):
        query = select(Source.url_normalized, Source.id).where(Source.url_normalized.in_(chunk))
        by_url.update((str(u), int(i)) for u, i in session.execute(query))
    for chunk in _chunks(list(dois)):
        query = select(Source.doi, Source.id).where(Source.doi.in_(chunk))
        by_doi.update((str(d), int(i)) for d, i in session.execute(query))
    return by_url, by_doi


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def source_by_external_id(session: Session, external_id: str) -> Source | None:
    return session.scalars(select(Source).where(Source.external_id == external_id)).first()


def sections_containing(session: Session, version_id: int, offset: int) -> list[Section]:
    """Sections of a version whose span holds ``offset``, outermost first."""
    return list(
        session.scalars(
            select(Section)
            .where(
                Section.version_id == version_id,
                Section.start_offset <= offset,
                Section.end_offset > offset,
            )
            .order_by(Section.level, Section.ordinal)
        )
    )


def latest_version(session: Session, document_id: int) -> DocumentVersion | None:
    return session.scalars(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document_id)
        .order_by(DocumentVersion.number.desc())
        .limit(1)
    ).first()


def default_scale(session: Session) -> RatingScale:
    return session.scalars(select(RatingScale).where(RatingScale.is_default.is_(True))).one()


def scale_by_name(session: Session, name: str) -> RatingScale | None:
    return session.scalars(select(RatingScale).where(RatingScale.name == name)).first()


def list_scales(session: Session) -> list[RatingScale]:
    return list(
        session.scalars(
            select(RatingScale).order_by(RatingScale.is_default.desc(), RatingScale.name)
        )
    )


def label_on_scale(session: Session, scale_id: int, label: str) -> RatingLabel | None:
    return session.scalars(
        select(RatingLabel).where(RatingLabel.scale_id == scale_id, RatingLabel.label == label)
    ).first()


def document_by_slug(session: Session, slug: str) -> Document | None:
    return session.scalars(select(Document).where(Document.slug == slug)).first()


def unlinked_source(
    session: Session, *, csl_type: str, title: str, issued: str | None
) -> Source | None:
    """A source without URL or DOI with exactly this type, title and issued date."""
    return session.scalars(
        select(Source)
        .where(
            Source.url.is_(None),
            Source.doi.is_(None),
            Source.csl_type == csl_type,
            Source.title == title,
            Source.issued.is_(None) if issued is None else Source.issued == issued,
        )
        .order_by(Source.id)
        .limit(1)
    ).first()


def list_flags(session: Session, *, open_only: bool, claim_id: int | None) -> list[Flag]:
    """Flags by id, optionally only unresolved ones, optionally on one claim."""
    stmt = select(Flag).order_by(Flag.id)
    if open_only:
        stmt = stmt.where(Flag.resolved_at.is_(None))
    if claim_id is not None:
        stmt = stmt.where(Flag.claim_id == claim_id)
    return list(session.scalars(stmt))


def chain_head(session: Session, *, lock: bool) -> EventChain:
    """The events' hash-chain head (one row), locked until commit when ``lock`` (PostgreSQL)."""
    with session.no_autoflush:
        head = session.get(EventChain, 1, with_for_update=True if lock else None)
    if head is None:  # a database whose head row was deleted: the chain check reports it
        raise LookupError("the event chain's head row is missing")
    return head


def server_now(session: Session) -> datetime | None:
    """The database server's clock (PostgreSQL's transaction time), or None on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    with session.no_autoflush:  # flushing here would surface a conflict at the wrong place
        value = session.scalar(select(func.now()))
    return value if isinstance(value, datetime) else None


def chained_events(session: Session) -> ScalarResult[Event]:
    """The chain's events in order (close the result when stopping early)."""
    query = select(Event).where(Event.seq.is_not(None)).order_by(Event.seq)
    return session.scalars(query.execution_options(yield_per=2000))


def unchained_events(session: Session) -> tuple[int, int | None]:
    """How many events have no place in the chain, and the first one logged after it began."""
    count = session.scalar(select(func.count()).select_from(Event).where(Event.seq.is_(None)))
    start = select(func.min(Event.id)).where(Event.seq.is_not(None)).scalar_subquery()
    late = session.scalar(select(func.min(Event.id)).where(Event.seq.is_(None), Event.id > start))
    return int(count or 0), late


def event_triggers(session: Session) -> set[str]:
    """The names of the (enabled) triggers on ``events``."""
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
        )
    else:
        rows = session.execute(
            text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'events'::regclass "
                "AND NOT tgisinternal AND tgenabled <> 'D'"
            )
        )
    return {str(r[0]) for r in rows}
