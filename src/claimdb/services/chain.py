"""The events' hash chain: each event stores the hash of its content and of the one before.

Where events are written (:func:`claimdb.services.events.record` and the
import's bulk event rows), :func:`link` gives each one its place (``seq``),
the previous hash and its own, in order, within the writer's transaction;
the chain's length and head hash are kept in the one-row ``event_chain``
table, which a writer locks (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite
has one writer at a time) so that two writers never fork the chain. On
PostgreSQL ``occurred_at`` is the server's clock, not the client's.

:func:`verify` walks the chain and reports the first break: an event whose
content no longer matches its hash (altered), a link that does not point at
the event before it (deleted, inserted or reordered), or a chain shorter or
with another head than ``event_chain`` records (truncated). What it cannot
see: someone who holds the database and rewrites every hash and the head.
Publishing the head (`claimdb db check` prints it) anchors the log against
that too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from claimdb.db import repo
from claimdb.db.uow import UnitOfWork

GENESIS = "0" * 64
"""The ``prev_hash`` of the first link (schema hc01 stores it as the empty chain's head)."""

HASHED = (
    "seq",
    "occurred_at",
    "actor_id",
    "entity",
    "entity_id",
    "claim_id",
    "action",
    "before",
    "after",
    "reason",
    "prev_hash",
)

EXPECTED_TRIGGERS = {
    "sqlite": {"events_no_update", "events_no_delete"},
    "postgresql": {"events_append_only", "events_no_truncate"},
}


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def digest(values: dict[str, Any]) -> str:
    """The SHA-256 (hex) of an event's canonical content: sorted-key compact JSON of HASHED."""
    content = {name: _value(values.get(name)) for name in HASHED}
    data = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass
class _Tail:
    """What a unit of work knows of the chain while it appends."""

    head: Any
    now: datetime | None
    links: list[str] = field(default_factory=list)


def _tail(uow: UnitOfWork) -> _Tail:
    tail = getattr(uow, "_chain_tail", None)
    if tail is None:
        session = uow.session
        tail = _Tail(repo.chain_head(session, lock=uow.locks_rows), repo.server_now(session))
        uow._chain_tail = tail  # type: ignore[attr-defined]  # one per unit of work
    return tail


def link(uow: UnitOfWork, values: dict[str, Any]) -> dict[str, Any]:
    """Make ``values`` (an event's columns) the next link of the chain; returns them.

    Sets ``seq``, ``prev_hash`` and ``hash``, and on PostgreSQL ``occurred_at``
    from the server's clock; moves the chain's head.
    """
    tail = _tail(uow)
    head = tail.head
    if tail.now is not None:
        values["occurred_at"] = tail.now
    elif values.get("occurred_at") is None:
        values["occurred_at"] = datetime.now(UTC)
    values["seq"] = int(head.length) + 1
    values["prev_hash"] = head.head
    values["hash"] = digest(values)
    head.length = values["seq"]
    head.head = values["hash"]
    return values


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify` found: the chain's length and head, and the first break, if any."""

    length: int
    head: str
    before_chain: int
    problem: str | None
    triggers_missing: list[str]

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.triggers_missing


def _break(event: Any, seq: int, prev: str) -> str | None:
    """Why ``event`` is not the link after link ``seq`` (hash ``prev``), or None."""
    if event.seq != seq + 1:
        return (
            f"link {seq + 1} is missing: after link {seq} comes link {event.seq} "
            f"(event {event.id}); events were deleted or reordered"
        )
    if event.prev_hash != prev:
        return (
            f"link {event.seq} (event {event.id}) does not follow link {seq}: "
            "an event before it was changed, deleted, inserted or reordered"
        )
    if digest({name: getattr(event, name) for name in HASHED}) != event.hash:
        return (
            f"link {event.seq} (event {event.id}) was altered: its content does not match its hash"
        )
    return None


def verify(uow: UnitOfWork) -> ChainReport:
    """Walk the whole log in chain order; the first break, and which guard triggers are missing."""
    session = uow.session
    dialect = session.get_bind().dialect.name
    missing = sorted(EXPECTED_TRIGGERS.get(dialect, set()) - repo.event_triggers(session))
    try:
        stored = repo.chain_head(session, lock=False)
    except LookupError as exc:
        return ChainReport(0, GENESIS, 0, str(exc), missing)
    prev, seq, problem = GENESIS, 0, None
    before_chain, late = repo.unchained_events(session)
    if late is not None:
        problem = f"event {late} has no place in the chain: it was inserted outside claimdb"
    events = repo.chained_events(session)
    try:
        for event in events if problem is None else ():
            problem = _break(event, seq, prev)
            if problem is not None:
                break
            prev, seq = str(event.hash), int(event.seq or 0)
    finally:
        events.close()
    if problem is None and (seq, prev) != (stored.length, stored.head):
        problem = (
            f"the log ends at link {seq}, but the chain's head records {stored.length} links "
            f"ending in {stored.head[:16]}...: events were removed from the end, the log was "
            "truncated, or events were added outside claimdb"
        )
    return ChainReport(int(stored.length), str(stored.head), before_chain, problem, missing)
