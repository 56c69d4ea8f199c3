"""Finding a claim by id, for every use case that acts on one.

A module of its own so that claim matching, which `claims` uses, can find
claims without an import cycle.
"""

from __future__ import annotations

from claimdb.db.models import Claim
from claimdb.db.uow import UnitOfWork
from claimdb.errors import no_claim


def get_claim(uow: UnitOfWork, claim_id: int) -> Claim:
    """The claim with this id (locked for the transaction on PostgreSQL), or NotFound."""
    claim = uow.get_for_update(Claim, claim_id)
    if claim is None:
        raise no_claim(claim_id)
    return claim
