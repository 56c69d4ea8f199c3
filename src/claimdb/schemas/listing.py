"""`claim list` on the light read path: the claim filter and the listed claim as dataclasses.

:class:`ClaimQuery` holds what :class:`~claimdb.schemas.filters.ClaimFilter`
holds, field for field, without pydantic: the CLI builds it from the filter
options at no start-up cost, and falls back on the pydantic filter (for its
checks and messages) only when a value needs them (:func:`claim_query`).
:class:`ClaimRow` is :class:`~claimdb.schemas.claims.ClaimOut` as a plain
record: the same fields in the same order, dumped to the same JSON.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from claimdb.enums import ClaimStatus, ClaimType
from claimdb.schemas.dossier import AnchorRecord, ClaimRecord, QuantityRecord
from claimdb.schemas.plain import check_text
from claimdb.schemas.tags import slug_tag


class ClaimSort(StrEnum):
    """Orderings for claim lists; every one ends with the claim id, so order is stable."""

    PRIORITY = "priority"
    ID = "id"
    POSITION = "position"  # document order: document, then offset in the text
    CREATED = "created"
    UPDATED = "updated"
    STATUS = "status"
    TYPE = "type"


@dataclasses.dataclass(frozen=True)
class ClaimQuery:
    """Which claims, in which order: :class:`~claimdb.schemas.filters.ClaimFilter`'s fields.

    Build it with :func:`claim_query` (checked as the pydantic filter checks)
    or :meth:`of` (from a pydantic filter); the fields mean what they mean there.
    """

    document: str | None = None
    section: str | None = None
    claim_types: list[ClaimType] = dataclasses.field(default_factory=list)
    statuses: list[ClaimStatus] = dataclasses.field(default_factory=list)
    verdicts: list[str] = dataclasses.field(default_factory=list)
    verdict_unmapped: bool = False
    flagged: bool | None = None
    unsupported: bool | None = None
    speaker: str | None = None
    tags: list[str] = dataclasses.field(default_factory=list)
    checkable: bool | None = None
    priority: int | None = None
    max_priority: int | None = None
    text: str | None = None
    has_number: bool | None = None
    units: list[str] = dataclasses.field(default_factory=list)
    year: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    updated_from: date | None = None
    updated_to: date | None = None
    include_archived: bool = False
    sort: ClaimSort = ClaimSort.PRIORITY
    descending: bool = False
    limit: int | None = None
    offset: int = 0

    @classmethod
    def of(cls, where: Any) -> ClaimQuery:
        """The same query as a pydantic ``ClaimFilter`` (already checked)."""
        values = {f.name: getattr(where, f.name) for f in dataclasses.fields(cls)}
        for name in ("claim_types", "statuses", "verdicts", "tags", "units"):
            values[name] = list(values[name])
        values["sort"] = ClaimSort(values["sort"])
        return cls(**values)


class _NeedsChecking(Exception):
    """A value the pydantic filter may refuse or change: let it decide."""


def _plain_text(value: str | None) -> str | None:
    """``value`` when the pydantic filter would keep it as it is (no white space to strip,
    nothing :func:`check_text` refuses); :class:`_NeedsChecking` otherwise."""
    if value is None:
        return None
    # str.isspace() covers every character pydantic strips (Unicode White_Space) and more.
    if value[:1].isspace() or value[-1:].isspace():
        raise _NeedsChecking
    try:
        return check_text(value)
    except ValueError:
        raise _NeedsChecking from None


def _plain_texts(values: Sequence[str] | None) -> list[str]:
    return [_plain_text(v) or "" for v in values or ()]


def _plain_tag(value: str) -> str:
    if value[:1].isspace() or value[-1:].isspace():
        raise _NeedsChecking
    try:
        return check_text(slug_tag(value))
    except ValueError:
        raise _NeedsChecking from None


def claim_query(
    checked: Callable[[], Any],
    *,
    document: str | None = None,
    section: str | None = None,
    claim_types: Sequence[ClaimType] | None = None,
    statuses: Sequence[ClaimStatus] | None = None,
    verdicts: Sequence[str] | None = None,
    verdict_unmapped: bool = False,
    flagged: bool | None = None,
    unsupported: bool | None = None,
    speaker: str | None = None,
    tags: Sequence[str] | None = None,
    checkable: bool | None = None,
    priority: int | None = None,
    max_priority: int | None = None,
    text: str | None = None,
    has_number: bool | None = None,
    units: Sequence[str] | None = None,
    year: int | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    updated_from: date | None = None,
    updated_to: date | None = None,
    include_archived: bool = False,
    sort: str = "priority",
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> ClaimQuery:
    """A :class:`ClaimQuery` of these values, as the pydantic filter would make it.

    Values it would take as they are (most of them, most of the time) make the
    query here; any other (white space to strip, a tag to normalise that
    :func:`~claimdb.schemas.tags.slug_tag` refuses, a bad range, an unknown
    sort) goes through ``checked()``, which builds the pydantic ``ClaimFilter``:
    its errors and its normalised values are the ones given.
    """
    try:
        if sort not in ClaimSort._value2member_map_:
            raise _NeedsChecking
        for low, high in ((created_from, created_to), (updated_from, updated_to)):
            if low and high and low > high:
                raise _NeedsChecking
        if has_number is False and (units or year is not None):
            raise _NeedsChecking
        if (priority is not None and not 1 <= priority <= 5) or (
            max_priority is not None and not 1 <= max_priority <= 5
        ):
            raise _NeedsChecking
        if (year is not None and not 1000 <= year <= 9999) or (limit is not None and limit < 1):
            raise _NeedsChecking
        if offset < 0:
            raise _NeedsChecking
        return ClaimQuery(
            document=_plain_text(document),
            section=_plain_text(section),
            claim_types=[ClaimType(t) for t in claim_types or ()],
            statuses=[ClaimStatus(s) for s in statuses or ()],
            verdicts=_plain_texts(verdicts),
            verdict_unmapped=verdict_unmapped,
            flagged=flagged,
            unsupported=unsupported,
            speaker=_plain_text(speaker),
            tags=[_plain_tag(t) for t in tags or ()],
            checkable=checkable,
            priority=priority,
            max_priority=max_priority,
            text=_plain_text(text),
            has_number=has_number,
            units=_plain_texts(units),
            year=year,
            created_from=created_from,
            created_to=created_to,
            updated_from=updated_from,
            updated_to=updated_to,
            include_archived=include_archived,
            sort=ClaimSort(sort),
            descending=descending,
            limit=limit,
            offset=offset,
        )
    except _NeedsChecking:
        return ClaimQuery.of(checked())


QuantityRow = QuantityRecord
""":class:`~claimdb.schemas.claims.QuantityOut` as a plain record (the dossier's own)."""
AnchorRow = AnchorRecord
""":class:`~claimdb.schemas.claims.AnchorOut` as a plain record (the dossier's own)."""


@dataclasses.dataclass(frozen=True)
class ClaimRow(ClaimRecord):
    """A claim as `claim list` shows it: :class:`~claimdb.schemas.claims.ClaimOut`'s fields,
    in its order, so that every output format writes the same bytes (the dossier's claim and
    the original's verdict)."""

    same_as_verdict: str | None = None
