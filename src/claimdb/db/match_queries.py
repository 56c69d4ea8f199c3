"""Links between claims (repeats and related claims), read and checked by the ORM services.

The first stage of matching and what a match shows are read over the light
path: :mod:`claimdb.db.read_queries`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdb.db.models import ClaimLink
from claimdb.enums import LinkKind


def link_between(session: Session, a: int, b: int) -> ClaimLink | None:
    """The link between two claims, in either direction."""
    stmt = select(ClaimLink).where(
        ((ClaimLink.claim_id == a) & (ClaimLink.other_id == b))
        | ((ClaimLink.claim_id == b) & (ClaimLink.other_id == a))
    )
    return session.scalars(stmt).first()


def same_link_from(session: Session, claim_id: int) -> ClaimLink | None:
    """The claim's ``same`` link as a repeat (to its original), if any."""
    stmt = select(ClaimLink).where(ClaimLink.claim_id == claim_id, ClaimLink.kind == LinkKind.SAME)
    return session.scalars(stmt).first()


def has_repeats(session: Session, claim_id: int) -> bool:
    """Whether some claim is linked as a repeat of this one."""
    stmt = select(ClaimLink.id).where(
        ClaimLink.other_id == claim_id, ClaimLink.kind == LinkKind.SAME
    )
    return session.scalars(stmt.limit(1)).first() is not None
