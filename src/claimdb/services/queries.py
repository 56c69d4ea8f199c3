"""Reading claims: the filtered list behind `claim list`, `export` and the API."""

from __future__ import annotations

from claimdb.db import claim_queries, match_queries
from claimdb.db.uow import UnitOfWork
from claimdb.schemas.claims import ClaimOut
from claimdb.schemas.filters import ClaimFilter
from claimdb.services.claims import to_out


def _dialect(uow: UnitOfWork) -> str:
    return uow.session.get_bind().dialect.name


def find_claims(uow: UnitOfWork, *, where: ClaimFilter) -> list[ClaimOut]:
    """Claims matching ``where``, in its order, paged by its limit and offset."""
    stmt = claim_queries.select_claims(where, _dialect(uow))
    found = [to_out(c) for c in uow.session.scalars(stmt).unique()]
    originals = match_queries.originals_of(uow.session, [c.id for c in found])
    if not originals:
        return found
    return [
        c.model_copy(
            update={
                "same_as": originals[c.id]["claim_id"],
                "same_as_verdict": originals[c.id]["verdict"],
            }
        )
        if c.id in originals
        else c
        for c in found
    ]


def count_claims(uow: UnitOfWork, *, where: ClaimFilter) -> int:
    """How many claims match ``where`` (limit and offset ignored)."""
    return int(uow.session.scalar(claim_queries.count_claims(where, _dialect(uow))) or 0)
