"""The review queue's reads as SQL text, for a :class:`~claimdb.db.light.Reader`.

No SQLAlchemy here: `claimdb review` runs these over the driver (stdlib
sqlite3, or psycopg), so it starts without importing the ORM. The queue streams
the candidate claims in queue order and computes their evidence and flag counts
a batch at a time (one grouped SELECT per batch, driven by the
``citations (claim_id, kind, stance)`` and ``flags (claim_id, resolved_at)``
indexes), stopping as soon as it has ``limit`` entries. No query scans the
claims table, and none depends on the planner's statistics being fresh (a join
to whole-table aggregates could be planned as a nested loop right after a bulk
import, before ANALYZE).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from claimdb.db.light import Reader, Row, timestamp
from claimdb.enums import (
    FINAL_STATUSES,
    CitationKind,
    ClaimStatus,
    FlagReason,
    LinkStatus,
    ReviewReason,
    Stance,
)

BATCH = 1000
"""Candidate claims read per SELECT, and whose counts are computed per grouped SELECT."""

PRIORITIES = range(1, 6)


@dataclass(frozen=True)
class Counts:
    """A claim's evidence and flags, as the reasons need them."""

    n_evidence: int = 0
    n_support: int = 0
    n_negative: int = 0
    n_sources: int = 0
    n_dead: int = 0
    n_open_flags: int = 0
    n_quotes_lost: int = 0  # open quote-not-found flags (`source check --quotes`)


@dataclass(frozen=True)
class QueueRow:
    """One claim in the queue, the numbers its reasons come from, and the reasons."""

    claim_id: int
    priority: int
    status: str
    claim_type: str
    text: str
    speaker: str | None
    document: str | None
    start: int | None
    verdict: str | None
    verdict_at: datetime | None
    counts: Counts
    reasons: tuple[ReviewReason, ...]


def reasons_for(
    status: ClaimStatus, counts: Counts, verdict_at: datetime | None, stale_before: datetime
) -> tuple[ReviewReason, ...]:
    """Every reason a claim is in the queue, in :class:`ReviewReason` order.

    A decided claim (verified, disputed, unsupported) keeps only the reasons
    that can arise after the decision: open flags, a stale verdict, and its
    evidence having gone dead. Its evidence shape (no support, only refuting,
    one source) is what the editor weighed when deciding.
    """
    undecided = status not in FINAL_STATUSES
    c = counts
    found: list[ReviewReason] = []
    if undecided and c.n_support == 0:
        found.append(ReviewReason.NO_SUPPORT)
    if undecided and c.n_evidence > 0 and c.n_negative == c.n_evidence:
        found.append(ReviewReason.ONLY_REFUTING)
    if c.n_evidence > 0 and c.n_dead == c.n_evidence:
        found.append(ReviewReason.DEAD_SOURCES)
    if undecided and c.n_sources == 1:
        found.append(ReviewReason.SINGLE_SOURCE)
    if c.n_open_flags > 0:
        found.append(ReviewReason.OPEN_FLAGS)
    if verdict_at is not None and verdict_at < stale_before:
        found.append(ReviewReason.STALE_VERDICT)
    if c.n_quotes_lost > 0:
        found.append(ReviewReason.QUOTE_NOT_FOUND)
    return tuple(found)


def _among(column: str, ids: Sequence[int], dialect: str) -> tuple[str, Any]:
    """``column`` is one of ``ids``, sent as one parameter (an array, or JSON on SQLite).

    An IN list of a thousand bound parameters costs more to parse than the
    query costs to run.
    """
    if dialect == "postgresql":
        return f"{column} = ANY(?)", list(ids)
    return f"{column} IN (SELECT value FROM json_each(?))", json.dumps(list(ids))


def _true(dialect: str) -> str:
    return "true" if dialect == "postgresql" else "1"


_CANDIDATE = """
SELECT claims.id, claims.priority, claims.status, claims.claim_type, claims.text,
       claims.speaker, {slug}, claims.start_offset, rating_labels.label, verdicts.created_at
FROM claims
LEFT OUTER JOIN verdicts ON verdicts.id = claims.current_verdict_id
LEFT OUTER JOIN rating_labels ON rating_labels.id = verdicts.label_id
{join}
WHERE claims.priority = {priority} AND {where}
  AND claims.checkable IS {true} AND claims.archived_at IS NULL
"""


def _anchored(reader: Reader, priority: int, document_id: int | None) -> list[Row]:
    """Claims in documents at ``priority``, in queue order (as many as the desk anchored)."""
    where = "claims.version_id IS NOT NULL"
    params: tuple[Any, ...] = ()
    if document_id is not None:
        where += (
            " AND claims.version_id IN (SELECT id FROM document_versions WHERE document_id = ?)"
        )
        params = (document_id,)
    sql = _CANDIDATE.format(
        slug="documents.slug",
        join="JOIN document_versions ON document_versions.id = claims.version_id\n"
        "JOIN documents ON documents.id = document_versions.document_id",
        priority=int(priority),
        where=where,
        true=_true(reader.dialect),
    )
    order = " ORDER BY document_versions.document_id, claims.start_offset ASC NULLS LAST, claims.id"
    return reader.rows(sql + order, params)


def _loose(reader: Reader, priority: int) -> Iterator[Row]:
    """Claims outside any document at ``priority``, in id order, a batch per SELECT.

    start_offset IS NULL holds for every claim outside a document (the anchor
    CHECK); saying so lets the index give them in id order, from the last id read,
    on both engines.
    """
    sql = (
        _CANDIDATE.format(
            slug="NULL AS slug",
            join="",
            priority=int(priority),
            where="claims.version_id IS NULL AND claims.start_offset IS NULL AND claims.id > ?",
            true=_true(reader.dialect),
        )
        # The index's own order: the equalities make it id order, and PostgreSQL walks the
        # index range (with ORDER BY claims.id alone it walked the primary key, filtering).
        + " ORDER BY claims.priority, claims.version_id, claims.start_offset, claims.id"
        + f" LIMIT {BATCH}"
    )
    after = 0
    while True:
        rows = reader.rows(sql, (after,))
        yield from rows
        if len(rows) < BATCH:
            return
        after = int(rows[-1][0])


def _candidates(reader: Reader, document_id: int | None) -> Iterator[Row]:
    """Checkable, unarchived claims in queue order, a priority at a time.

    Queue order is priority, then the claim's document, its position there, its
    id, with claims outside any document after those in one. Sorting a million
    claims by a joined column cannot stop early, so each priority is read in two
    parts from ``ix_claims_priority_version_id_start_offset_id``: the claims in
    documents (sorted: as many as the desk has anchored at that priority), then
    the claims outside any, read in index order (priority, NULL, NULL, id) a
    batch at a time and never sorted. Reading stops when the caller stops asking.
    """
    for priority in PRIORITIES:
        yield from _anchored(reader, priority, document_id)
        if document_id is None:
            yield from _loose(reader, priority)


def _counts(
    reader: Reader, ids: list[int]
) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, int]]]:
    """Evidence counts and open-flag counts for ``ids``, in two grouped SELECTs."""
    among, param = _among("citations.claim_id", ids, reader.dialect)
    evidence = reader.rows(
        "SELECT citations.claim_id, count(*),"
        " sum(CASE WHEN citations.stance = ? THEN 1 ELSE 0 END),"
        " sum(CASE WHEN citations.stance IN (?, ?) THEN 1 ELSE 0 END),"
        " count(DISTINCT citations.source_id),"
        " sum(CASE WHEN sources.link_status = ? AND sources.archive_url IS NULL"
        " THEN 1 ELSE 0 END)"
        " FROM citations JOIN sources ON sources.id = citations.source_id"
        f" WHERE {among} AND citations.kind = ?"
        " GROUP BY citations.claim_id",
        (
            Stance.SUPPORTS.value,
            Stance.REFUTES.value,
            Stance.INSUFFICIENT.value,
            LinkStatus.DEAD.value,
            param,
            CitationKind.EVIDENCE.value,
        ),
    )
    among, param = _among("flags.claim_id", ids, reader.dialect)
    flags = reader.rows(
        "SELECT flags.claim_id, count(*), sum(CASE WHEN flags.reason = ? THEN 1 ELSE 0 END)"
        f" FROM flags WHERE {among} AND flags.resolved_at IS NULL GROUP BY flags.claim_id",
        (FlagReason.QUOTE_NOT_FOUND.value, param),
    )
    return (
        {int(row[0]): tuple(int(v or 0) for v in row[1:]) for row in evidence},
        {int(cid): (int(n), int(lost or 0)) for cid, n, lost in flags},
    )


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(islice(rows, size)):
        yield batch


def _queued(reader: Reader, rows: Iterator[Row], stale_before: datetime) -> Iterator[QueueRow]:
    """The candidates that have any reason, with their counts, a batch of counts at a time."""
    no_evidence = (0, 0, 0, 0, 0)
    for batch in _batches(rows, BATCH):
        evidence, flags = _counts(reader, [int(row[0]) for row in batch])
        for row in batch:
            cid, pri, status, ctype, text, speaker, slug, start, label, created = row
            verdict_at = timestamp(created)
            n, sup, neg, src, dead = evidence.get(cid, no_evidence)
            n_flags, lost = flags.get(cid, (0, 0))
            counts = Counts(n, sup, neg, src, dead, n_flags, lost)
            found = reasons_for(ClaimStatus(status), counts, verdict_at, stale_before)
            if found:
                yield QueueRow(
                    claim_id=int(cid),
                    priority=int(pri),
                    status=str(status),
                    claim_type=str(ctype),
                    text=text,
                    speaker=speaker,
                    document=slug,
                    start=start,
                    verdict=label,
                    verdict_at=verdict_at,
                    counts=counts,
                    reasons=found,
                )


def review_queue(
    reader: Reader,
    *,
    document_id: int | None,
    reasons: Sequence[ReviewReason],
    stale_before: datetime,
    limit: int | None,
    offset: int,
) -> list[QueueRow]:
    """Checkable, unarchived claims with at least one of ``reasons`` (any reason when empty).

    Ordered by priority, then by position in the document (claims outside any
    document last), then id; ``offset`` entries skipped, at most ``limit`` kept.
    Counting stops at the batch where the last entry wanted is found.
    """
    wanted = set(reasons) or set(ReviewReason)
    matching = (
        row
        for row in _queued(reader, _candidates(reader, document_id), stale_before)
        if wanted.intersection(row.reasons)
    )
    return list(islice(matching, offset, None if limit is None else offset + limit))


def current_verdicts(reader: Reader, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """For the claims ``ids`` that have a current verdict: (forced, the label's class on the
    default scale or None, scale name, label, title)."""
    if not ids:
        return {}
    among, param = _among("claims.id", ids, reader.dialect)
    rows = reader.rows(
        "SELECT claims.id, verdicts.forced,"
        " coalesce(rating_labels.verdict_class, mapped.verdict_class),"
        " rating_scales.name, rating_labels.label, rating_labels.title"
        " FROM claims"
        " JOIN verdicts ON verdicts.id = claims.current_verdict_id"
        " JOIN rating_labels ON rating_labels.id = verdicts.label_id"
        " JOIN rating_scales ON rating_scales.id = rating_labels.scale_id"
        " LEFT OUTER JOIN rating_labels AS mapped ON mapped.id = rating_labels.maps_to_id"
        f" WHERE {among}",
        (param,),
    )
    return {int(r[0]): (bool(r[1]), *r[2:]) for r in rows}


def evidence_stances(reader: Reader, ids: Sequence[int]) -> dict[int, list[str | None]]:
    """The stances of each claim's evidence citations (claims without any left out)."""
    if not ids:
        return {}
    among, param = _among("citations.claim_id", ids, reader.dialect)
    out: dict[int, list[str | None]] = {}
    for cid, stance in reader.rows(
        f"SELECT citations.claim_id, citations.stance FROM citations WHERE {among}"
        " AND citations.kind = ?",
        (param, CitationKind.EVIDENCE.value),
    ):
        out.setdefault(int(cid), []).append(stance)
    return out
