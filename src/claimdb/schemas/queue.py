"""The review queue's query and entries (`claimdb review`): plain dataclasses, no pydantic.

The queue is read on the light path (:mod:`claimdb.db.light`); these records
cost nothing to import, and :meth:`~claimdb.schemas.plain.Plain.model_dump`
gives the JSON a pydantic output schema would.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from claimdb.enums import ClaimStatus, ClaimType, ReviewAction, ReviewReason
from claimdb.errors import InvalidInput, Problem
from claimdb.schemas.plain import Plain, check_text

_AT_LEAST = "Input should be greater than or equal to {}"


@dataclasses.dataclass(frozen=True)
class ReviewQuery:
    """Which claims the review queue shows.

    ``document``: a document's slug or id (stripped); ``reasons``: only claims
    with any of these; ``stale_days``: a verdict older than this is stale (>= 1);
    ``limit`` (>= 1, None: all) and ``offset`` (>= 0) page through the queue.
    Bad values raise InvalidInput naming each field, in the words pydantic used.
    """

    document: str | None = None
    reasons: list[ReviewReason] = dataclasses.field(default_factory=list)
    stale_days: int = 180
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if self.document is not None:
            document = self.document.strip()
            try:
                check_text(document)
            except ValueError as exc:
                problems.append(Problem(str(exc), "document"))
            object.__setattr__(self, "document", document)
        object.__setattr__(self, "reasons", [ReviewReason(r) for r in self.reasons])
        for name, least in (("stale_days", 1), ("limit", 1), ("offset", 0)):
            value = getattr(self, name)
            if value is not None and value < least:
                problems.append(Problem(_AT_LEAST.format(least), name))
        if problems:
            raise InvalidInput("invalid input", problems=problems)


@dataclasses.dataclass(frozen=True)
class ReviewEntry(Plain):
    """A claim in the review queue, with every reason it is there.

    ``why``: each reason as a phrase, in the order of ``reasons``; ``actions``:
    what an editor can do with it now.
    """

    claim_id: int
    priority: int
    status: ClaimStatus
    claim_type: ClaimType
    text: str
    speaker: str | None
    document: str | None
    start: int | None
    verdict: str | None
    verdict_at: datetime | None
    reasons: list[ReviewReason]
    why: list[str]
    actions: list[ReviewAction]
