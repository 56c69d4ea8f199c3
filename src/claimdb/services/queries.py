"""Reading claims: the filtered list behind `claim list` and `export`, and `search`."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from claimdb.analysis import search_query
from claimdb.db import read_queries
from claimdb.db.read_queries import MARK_END, MARK_START
from claimdb.enums import ClaimStatus, ClaimType, Qualifier
from claimdb.errors import InvalidInput
from claimdb.schemas.listing import AnchorRow, ClaimQuery, ClaimRow, QuantityRow
from claimdb.schemas.plain import SearchHit, check_text
from claimdb.services.reading import ReadSource, reader_of

if TYPE_CHECKING:
    from claimdb.db.uow import UnitOfWork
    from claimdb.schemas.claims import ClaimOut
    from claimdb.schemas.filters import ClaimFilter


def _dialect(uow: UnitOfWork) -> str:
    return uow.session.get_bind().dialect.name


def find_claims(uow: UnitOfWork, *, where: ClaimFilter) -> list[ClaimOut]:
    """Claims matching ``where``, in its order, paged by its limit and offset."""
    from claimdb.db import claim_queries
    from claimdb.services.claims import to_out

    stmt = claim_queries.select_claims(where, _dialect(uow))
    found = [to_out(c) for c in uow.session.scalars(stmt).unique()]
    originals = read_queries.originals_of(uow.reader(), [c.id for c in found])
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


def list_claims(source: ReadSource, *, where: ClaimQuery) -> list[ClaimRow]:
    """Claims matching ``where``, in its order, paged by its limit and offset: `claim list`.

    The same claims as :func:`find_claims` gives for the same filter
    (:meth:`ClaimQuery.of <claimdb.schemas.listing.ClaimQuery.of>`), read as
    SQL text over ``source`` (a reader, or a unit of work), as plain records
    that every output format writes as it writes :func:`find_claims`' ones.
    """
    from claimdb.db import list_reads
    from claimdb.db.light import timestamp

    reader = reader_of(source)
    rows = list_reads.claim_page(reader, where)
    ids = [int(r[0]) for r in rows]
    tags = list_reads.tags_of(reader, ids)
    numbers = list_reads.quantities_of(reader, ids)
    originals = read_queries.originals_of(reader, ids)
    found = []
    for r in rows:
        claim_id = int(r[0])
        version_id, start, end = r[18], r[19], r[20]
        anchor = None
        if version_id is not None and start is not None:
            anchor = AnchorRow(
                version_id=int(version_id),
                document_slug=r[24],
                section=r[25],
                exact=r[21],
                prefix=r[22],
                suffix=r[23],
                start=int(start),
                end=int(end) if end is not None else int(start),
            )
        claimed_on = r[6]
        original = originals.get(claim_id)
        found.append(
            ClaimRow(
                id=claim_id,
                text=r[1],
                claim_type=ClaimType(r[2]),
                checkable=bool(r[3]),
                speaker=r[4],
                speaker_description=r[5],
                claimed_on=date.fromisoformat(claimed_on)
                if isinstance(claimed_on, str)
                else claimed_on,
                appearance_url=r[7],
                context=r[8],
                priority=int(r[9]),
                status=ClaimStatus(r[10]),
                verdict=r[11],
                verdict_scale=r[12],
                tags=tags.get(claim_id, []),
                quantities=[
                    QuantityRow(
                        value=float(value),
                        unit=unit,
                        measure=measure,
                        period=period,
                        place=place,
                        qualifier=Qualifier(qualifier),
                        as_written=as_written,
                    )
                    for value, unit, measure, period, place, qualifier, as_written in numbers.get(
                        claim_id, []
                    )
                ],
                anchor=anchor,
                archived_at=timestamp(r[13]),
                external_id=r[14],
                created_at=timestamp(r[15]),  # type: ignore[arg-type]
                updated_at=timestamp(r[16]),  # type: ignore[arg-type]
                version=int(r[17]),
                same_as=original["claim_id"] if original else None,
                same_as_verdict=original["verdict"] if original else None,
            )
        )
    return found


def count_claims(uow: UnitOfWork, *, where: ClaimFilter) -> int:
    """How many claims match ``where`` (limit and offset ignored)."""
    from claimdb.db import claim_queries

    return int(uow.session.scalar(claim_queries.count_claims(where, _dialect(uow))) or 0)


def search_claims(
    source: ReadSource, *, query: str, limit: int = 20, include_archived: bool = False
) -> list[SearchHit]:
    """The ``limit`` claims that best match ``query`` (the language of docs/search.md), best first.

    ``source``: a reader (:func:`~claimdb.services.reading.open_reader`) or a
    unit of work. Raises InvalidInput when the query cannot mean anything (an
    unclosed quote, a lone operator), rather than finding nothing.
    """
    try:
        check_text(query)
    except ValueError as exc:
        raise InvalidInput(f"the search {exc}") from None
    reader = reader_of(source)
    hits = read_queries.search_hits(
        reader, search_query.parse(query), limit=limit, include_archived=include_archived
    )
    claims = read_queries.claim_briefs(reader, [h[0] for h in hits])
    found = []
    for rank, (claim_id, marked) in enumerate(hits, start=1):
        claim = claims[claim_id]
        snippet, highlights = _unmark(marked or "")
        found.append(
            SearchHit(
                rank=rank,
                id=claim_id,
                snippet=snippet,
                highlights=highlights,
                status=ClaimStatus(claim.status),
                claim_type=ClaimType(claim.claim_type),
                verdict=claim.verdict,
                speaker=claim.speaker,
                text=claim.text,
            )
        )
    return found


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """A snippet without the engine's match markers, and where the marked words were."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for piece in re.split(f"([{MARK_START}{MARK_END}])", marked):
        if piece == MARK_START:
            start = length
        elif piece == MARK_END:
            if start is not None and start < length:
                spans.append((start, length))
            start = None
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), spans
