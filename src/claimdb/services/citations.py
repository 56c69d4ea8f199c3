"""Citations: linking a claim to a source with a stance and the quoted passage.

Citing moves the claim through the workflow (:mod:`claimdb.services.workflow`):
the first citation on an unreviewed claim starts the work, and new refuting
evidence on a decided claim reopens it. Removing evidence that a decided
claim's verdict rests on (its evidence rule no longer holds) reopens it too,
so that nothing stays decided without the evidence on the record.
"""

from __future__ import annotations

from typing import Any

from claimdb.db.models import Citation, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind, EntityKind, Stance
from claimdb.errors import NotFound
from claimdb.schemas.evidence import CitationIn, CitationOut, SourceDetail
from claimdb.schemas.sources import SourceOut
from claimdb.schemas.workflow import CitationResult, TransitionOut
from claimdb.services import events, verdicts, workflow
from claimdb.services.lookup import get_claim
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


def cite(uow: UnitOfWork, *, actor: str | None, data: CitationIn) -> CitationResult:
    """Link evidence (or record the report's own attribution) for a claim.

    The first citation on an unreviewed claim moves it to ``in_progress``;
    refuting evidence on a decided claim reopens it (see the module doc).
    """
    by = resolve_actor(uow, actor, Permission.CITE)
    citation = create_citation(uow, by=by, data=data)
    claim = citation.claim
    moved: TransitionOut | None = None
    if citation.kind is CitationKind.EVIDENCE and citation.stance is Stance.REFUTES:
        moved = workflow.reopen_if_decided(
            uow, by=by, claim=claim, reason=f"new refuting evidence: citation {citation.id}"
        )
    if moved is None:
        moved = workflow.start_work(
            uow, by=by, claim=claim, reason=f"work started: citation {citation.id}"
        )
    uow.flush()
    return CitationResult(**to_out(citation).model_dump(), transition=moved)


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
        after=created_payload(
            claim_id=claim.id,
            source_id=source.id,
            kind=citation.kind,
            stance=citation.stance,
            quote=citation.quote,
            locator=citation.locator,
        ),
    )
    return citation


def created_payload(
    *,
    claim_id: int,
    source_id: int,
    kind: CitationKind,
    stance: Stance | None,
    quote: str | None,
    locator: str | None,
) -> dict[str, Any]:
    """The ``after`` of a citation's ``created`` event (the per-record and bulk paths alike)."""
    return {
        "claim_id": claim_id,
        "source_id": source_id,
        "kind": kind.value,
        "stance": stance.value if stance else None,
        "quote": quote,
        "locator": locator,
    }


def uncite(
    uow: UnitOfWork, *, actor: str | None, citation_id: int, reason: str | None = None
) -> CitationResult:
    """Remove a citation; the event log keeps what it was.

    A decided claim whose current verdict's evidence rule no longer holds
    without this citation is reopened.
    """
    by = resolve_actor(uow, actor, Permission.CITE)
    citation = uow.get_for_update(Citation, citation_id)
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
    claim = citation.claim
    claim.citations.remove(citation)
    uow.session.delete(citation)
    uow.flush()
    moved = None
    verdict = claim.current_verdict
    if workflow.is_final(claim.status) and verdict is not None and not verdict.forced:
        klass = verdicts.label_class(verdict.label)
        if verdicts.evidence_problem(claim, klass) is not None:
            moved = workflow.reopen_if_decided(
                uow, by=by, claim=claim, reason=f"evidence removed: citation {citation_id}"
            )
            uow.flush()
    return CitationResult(**out.model_dump(), transition=moved)


def show_source(uow: UnitOfWork, *, source_id: int) -> SourceDetail:
    """A source, every citation of it, and its latest link checks."""
    from claimdb.db.link_queries import latest_checks
    from claimdb.schemas.links import LinkCheckRow

    source = get_source(uow, source_id)
    return SourceDetail(
        source=SourceOut.model_validate(source),
        citations=[to_out(c) for c in sorted(source.citations, key=lambda c: c.id)],
        checks=[LinkCheckRow.model_validate(c) for c in latest_checks(uow.session, source.id, 5)],
    )
