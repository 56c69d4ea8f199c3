"""Citations: linking a claim to a source with a stance and the quoted passage."""

from __future__ import annotations

from claimdb.db.models import Citation, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind
from claimdb.errors import NotFound
from claimdb.schemas.evidence import CitationIn, CitationOut
from claimdb.services import events
from claimdb.services.claims import get_claim
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission
from claimdb.services.sources import get_source

_LOGGED = ("claim_id", "source_id", "kind", "stance", "quote", "locator")


def to_out(citation: Citation) -> CitationOut:
    source = citation.source
    return CitationOut(
        id=citation.id,
        claim_id=citation.claim_id,
        source_id=citation.source_id,
        source_title=source.title,
        source_url=source.url,
        archive_url=source.archive_url,
        link_status=source.link_status.value,
        kind=citation.kind,
        stance=citation.stance,
        quote=citation.quote,
        locator=citation.locator,
        added_by=citation.added_by.name,
        added_at=citation.added_at,
    )


def cite(uow: UnitOfWork, *, actor: str | None, data: CitationIn) -> CitationOut:
    """Link evidence (or record the report's own attribution) for a claim."""
    by = resolve_actor(uow, actor, Permission.CITE)
    return to_out(create_citation(uow, by=by, data=data))


def create_citation(uow: UnitOfWork, *, by: Person, data: CitationIn) -> Citation:
    claim = get_claim(uow, data.claim_id)
    source = get_source(uow, data.source_id)
    citation = Citation(
        claim=claim,
        source=source,
        kind=data.kind,
        stance=data.stance,
        quote=data.quote,
        locator=data.locator,
        added_by=by,
    )
    uow.session.add(citation)
    uow.flush()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.CITATION,
        entity_id=citation.id,
        claim_id=claim.id,
        action="created",
        after=events.snapshot(citation, _LOGGED),
    )
    return citation


def uncite(
    uow: UnitOfWork, *, actor: str | None, citation_id: int, reason: str | None = None
) -> CitationOut:
    """Remove a citation; the event log keeps what it was."""
    by = resolve_actor(uow, actor, Permission.CITE)
    citation = uow.session.get(Citation, citation_id)
    if citation is None:
        raise NotFound(
            f"no citation {citation_id}",
            hint="see a claim's citations with `claimdb claim show ID`",
        )
    out = to_out(citation)
    events.record(
        uow,
        actor=by,
        entity=EntityKind.CITATION,
        entity_id=citation.id,
        claim_id=citation.claim_id,
        action="deleted",
        before=events.snapshot(citation, _LOGGED),
        reason=reason,
    )
    uow.session.delete(citation)
    uow.flush()
    return out
