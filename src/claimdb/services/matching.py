"""Checked before? Ranking stored claims against a text, and the links people confirm.

Two stages: the database's full-text index proposes candidates
(:mod:`claimdb.db.match_queries`), the pure re-ranker
(:mod:`claimdb.analysis.matching`) scores them. A score at or above
``SAME_THRESHOLD`` is the tier "same" (`claim add` stops and shows it), at or
above ``SIMILAR_THRESHOLD`` "similar"; two texts whose numbers disagree are
never "same" ("different-number"). Nothing is merged automatically: a person
links two claims (:func:`link_claims`), and a repeat then shows its original's
verdict wherever it is shown, without a copy.
"""

from __future__ import annotations

from collections.abc import Collection

from claimdb.db import match_queries, read_queries
from claimdb.db.models import Claim, ClaimLink, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import LinkKind
from claimdb.errors import AlreadyExists, InvalidInput, NotFound, WorkflowRefused
from claimdb.schemas.matching import LinkIn, LinkOut, MatchOut, MatchQuery, OriginalOut
from claimdb.services import events
from claimdb.services.lookup import get_claim
from claimdb.services.match_reads import match_claims
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission


def find_matches(
    uow: UnitOfWork, *, query: MatchQuery, exclude: Collection[int] = ()
) -> list[MatchOut]:
    """The stored claims most like ``query.text``, best first, with scores and tiers.

    :func:`claimdb.services.match_reads.match_claims` inside this unit of work,
    as output schemas (for `claim add`, imports and extraction, which nest them).
    """
    found = match_claims(uow, text=query.text, limit=query.limit, exclude=exclude)
    return [MatchOut.model_validate(m.model_dump(mode="json")) for m in found]


def similar_claims(uow: UnitOfWork, *, claim_id: int, limit: int = 10) -> list[MatchOut]:
    """The stored claims most like claim ``claim_id``'s text (itself left out)."""
    claim = get_claim(uow, claim_id)
    return find_matches(uow, query=MatchQuery(text=claim.text, limit=limit), exclude={claim.id})


def original_of(uow: UnitOfWork, claim_id: int) -> OriginalOut | None:
    """The claim ``claim_id`` repeats (a confirmed ``same`` link), if any."""
    found = read_queries.originals_of(uow.reader(), [claim_id]).get(claim_id)
    return OriginalOut(**found) if found else None


def link_claims(uow: UnitOfWork, *, actor: str | None, data: LinkIn) -> LinkOut:
    """Record that ``data.claim_id`` repeats ``data.other_id`` (``same``) or is related to it."""
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    return create_link(uow, by=by, data=data)


def create_link(uow: UnitOfWork, *, by: Person, data: LinkIn) -> LinkOut:
    """:func:`link_claims` for an already-resolved person (`claim add --same-as`, imports)."""
    claim, other = get_claim(uow, data.claim_id), get_claim(uow, data.other_id)
    if claim.id == other.id:
        raise InvalidInput("a claim cannot be linked to itself")
    existing = match_queries.link_between(uow.session, claim.id, other.id)
    if existing is not None:
        raise AlreadyExists(
            f"claims {existing.claim_id} and {existing.other_id} are already linked "
            f"({existing.kind.value})",
            existing_id=existing.id,
            hint=f"remove it first with `claimdb claim unlink {claim.id} {other.id}`",
        )
    if data.kind is LinkKind.SAME:
        _check_same(uow, claim, other)
    link = ClaimLink(
        claim_id=claim.id, other_id=other.id, kind=data.kind, note=data.note, created_by=by
    )
    uow.session.add(link)
    uow.flush()
    after = {"other": other.id, "kind": data.kind.value, "note": data.note}
    events.record_on_claim(uow, actor=by, claim=claim, action="linked", after=after)
    return _link_out(link)


def unlink_claims(uow: UnitOfWork, *, actor: str | None, claim_id: int, other_id: int) -> LinkOut:
    """Remove the link between two claims (either direction), on the record."""
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    link = match_queries.link_between(uow.session, claim_id, other_id)
    if link is None:
        raise NotFound(
            f"claims {claim_id} and {other_id} are not linked",
            hint=f"see a claim's links with `claimdb claim show {claim_id}`",
        )
    out = _link_out(link)
    claim = get_claim(uow, link.claim_id)
    before = {"other": link.other_id, "kind": link.kind.value, "note": link.note}
    uow.session.delete(link)
    uow.flush()
    events.record_on_claim(uow, actor=by, claim=claim, action="unlinked", before=before)
    return out


def _check_same(uow: UnitOfWork, claim: Claim, other: Claim) -> None:
    """A repeat has one original, and an original is not itself a repeat."""
    own = match_queries.same_link_from(uow.session, claim.id)
    if own is not None:
        raise WorkflowRefused(
            f"claim {claim.id} already repeats claim {own.other_id}",
            hint=f"unlink it first: `claimdb claim unlink {claim.id} {own.other_id}`",
        )
    theirs = match_queries.same_link_from(uow.session, other.id)
    if theirs is not None:
        raise WorkflowRefused(
            f"claim {other.id} itself repeats claim {theirs.other_id}",
            hint=f"link to the original: `claimdb claim link {claim.id} {theirs.other_id} --same`",
        )
    if match_queries.has_repeats(uow.session, claim.id):
        raise WorkflowRefused(
            f"claim {claim.id} is the original of other claims, so it cannot repeat another",
            hint=f"link the other claims to claim {other.id} instead",
        )


def _link_out(link: ClaimLink) -> LinkOut:
    return LinkOut(
        id=link.id,
        claim_id=link.claim_id,
        other_id=link.other_id,
        kind=link.kind,
        note=link.note,
        created_by=link.created_by.name,
        created_at=link.created_at,
    )
