"""Do the rows say what the log says? Claims, verdicts, notes, citations and flags against events.

The hash chain (:mod:`claimdb.services.chain`) shows that the log was not
rewritten; it says nothing of a row changed behind claimdb's back
(``UPDATE claims SET text = ...``), which leaves the log alone. Every change
claimdb makes is logged with the values it wrote, so replaying a claim's events
gives what its row must hold now. :func:`check_claims` replays a sample of
claims (random, plus the ones changed last) and reports each field whose row
differs from the last event that wrote it:

- the claim: its own fields (``created``, ``edited``), ``status``
  (``status_changed``), ``tags`` (``tagged``/``untagged``), whether it is
  archived, and which verdict is current;
- each verdict (``recorded``: label, rationale, forced), note (``created``:
  kind, body, reply), citation (``created``/``deleted``: source, kind, stance,
  quote, locator) and flag (``raised``/``resolved``) of the claim; one that
  is gone with no event removing it, and, for a claim whose creation is logged,
  one that no event added.

What it cannot see: a field no event recorded (a claim from a batched import
has one event per batch, without its fields, until it is edited), and a claim
outside the sample: run with a larger ``--sample`` to check more.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from claimdb.db import agreement_queries as q
from claimdb.db.uow import UnitOfWork
from claimdb.schemas.claims import CLAIM_FIELDS
from claimdb.services.events import jsonable

RECENT = 50
"""How many of the claims changed last (and of the newest claims) are always checked."""

SHOWN = 20
"""How many disagreements a report names; the rest are counted."""

_NOTE = ("kind", "body", "parent_id")
_CITATION = ("claim_id", "source_id", "kind", "stance", "quote", "locator")
_VERDICT = ("verdict", "rationale", "forced")


class Said(NamedTuple):
    """A value as an event wrote it: the value, and which event (a tuple: made per field)."""

    value: Any
    event_id: int
    action: str


@dataclass(frozen=True)
class Disagreement:
    """A row (or one of its fields) that is not what its last event says."""

    claim_id: int
    what: str
    row: str
    said: Said | None

    def __str__(self) -> str:
        if self.said is None:
            return f"claim {self.claim_id}: {self.what} {self.row}"
        return (
            f"claim {self.claim_id}: {self.what} is {self.row}, but event "
            f"{self.said.event_id} ({self.said.action}) says {_show(self.said.value)}"
        )


@dataclass(frozen=True)
class AgreementReport:
    """How many claims were compared with their events, of how many, and what disagreed."""

    checked: int
    total: int
    problems: list[Disagreement]

    @property
    def ok(self) -> bool:
        return not self.problems


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass
class _Replay:
    """What a claim's events say its rows hold now."""

    created: bool = False
    fields: dict[str, Said] = field(default_factory=dict)
    current_verdict: Said | None = None
    verdicts: dict[int, Said] = field(default_factory=dict)
    notes: dict[int, Said] = field(default_factory=dict)
    citations: dict[int, Said] = field(default_factory=dict)
    """A citation's ``created`` payload, or None once a ``deleted`` event removed it."""
    flags: dict[int, Said] = field(default_factory=dict)

    def apply(self, event_id: int, entity: str, entity_id: int, action: str, after: Any) -> None:
        after = after if isinstance(after, dict) else {}
        said = partial(Said, event_id=event_id, action=action)
        if entity == "claim":
            self._claim(action, after, said)
        elif entity == "verdict" and action == "recorded":
            self.verdicts[entity_id] = said({k: after.get(k) for k in _VERDICT})
            self.current_verdict = said(entity_id)
        elif entity == "note" and action == "created":
            self.notes[entity_id] = said({k: after.get(k) for k in _NOTE})
        elif entity == "citation" and action == "created":
            self.citations[entity_id] = said({k: after.get(k) for k in _CITATION})
        elif entity == "citation" and action == "deleted":
            self.citations[entity_id] = said(None)
        elif entity == "flag" and action == "raised":
            payload = {"reason": after.get("reason"), "note": after.get("note")}
            self.flags[entity_id] = said({**payload, "resolved": False, "resolution": None})
        elif entity == "flag" and action == "resolved" and entity_id in self.flags:
            resolved = {"resolved": True, "resolution": after.get("resolution")}
            self.flags[entity_id] = said({**self.flags[entity_id].value, **resolved})

    def _claim(self, action: str, after: dict[str, Any], said: Any) -> None:
        if action == "created":
            # A new claim is not archived and has no verdict until an event says otherwise.
            self.created = True
            self.fields["archived"] = said(False)
            self.current_verdict = said(None)
        if action in ("created", "edited"):
            for name in (*CLAIM_FIELDS, "status", "tags"):
                if name in after:
                    value = sorted(after[name]) if name == "tags" else after[name]
                    self.fields[name] = said(value)
        elif action in ("tagged", "untagged"):
            self.fields["tags"] = said(sorted(after.get("tags") or []))
        elif action == "status_changed":
            self.fields["status"] = said(after.get("status"))
        elif action in ("archived", "restored"):
            self.fields["archived"] = said(after.get("archived_at") is not None)


def check_claims(
    uow: UnitOfWork, *, sample: int, recent: int = RECENT, rng: random.Random | None = None
) -> AgreementReport:
    """Compare ``sample`` random claims, and the ones changed last, with their events."""
    session = uow.session
    draw = rng or random.Random()
    ids = list(
        dict.fromkeys(
            [*q.recently_changed(session, recent), *q.sample_claims(session, sample, draw)]
        )
    )
    problems: list[Disagreement] = []
    for start in range(0, len(ids), q.CHUNK):
        problems += _check_chunk(uow, ids[start : start + q.CHUNK])
    return AgreementReport(len(ids), q.claim_count(session), problems)


def _group(rows: Sequence[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(int(row.claim_id), []).append(row)
    return grouped


def _check_chunk(uow: UnitOfWork, ids: Sequence[int]) -> list[Disagreement]:
    session = uow.session
    replays: dict[int, _Replay] = {i: _Replay() for i in ids}
    for e in q.events(session, ids):
        replays[int(e.claim_id)].apply(
            int(e.id), jsonable(e.entity), int(e.entity_id), e.action, e.after
        )
    tags = _group(q.tags(session, ids))
    children = {
        "verdict": _group(q.verdicts(session, ids)),
        "note": _group(q.notes(session, ids)),
        "citation": _group(q.citations(session, ids)),
        "flag": _group(q.flags(session, ids)),
    }
    problems: list[Disagreement] = []
    for row in q.claims(session, ids):
        replay = replays[int(row.id)]
        now = {name: jsonable(getattr(row, name)) for name in (*CLAIM_FIELDS, "status")}
        now["tags"] = sorted(t.tag for t in tags.get(int(row.id), []))
        now["archived"] = row.archived_at is not None
        for name, said in replay.fields.items():
            if now[name] != said.value:
                problems.append(Disagreement(row.id, name, _show(now[name]), said))
        current = replay.current_verdict
        if current is not None and row.current_verdict_id != current.value:
            shown = f"verdict {row.current_verdict_id}" if row.current_verdict_id else "none"
            problems.append(Disagreement(row.id, "the current verdict", shown, current))
        rows = {kind: children[kind].get(int(row.id), []) for kind in children}
        problems += _children(row.id, "verdict", rows["verdict"], replay.verdicts, replay)
        problems += _children(row.id, "note", rows["note"], replay.notes, replay)
        problems += _children(row.id, "citation", rows["citation"], replay.citations, replay)
        problems += _children(row.id, "flag", rows["flag"], replay.flags, replay)
    return problems


def _payload(kind: str, row: Any) -> dict[str, Any]:
    """A child row as its event records it."""
    if kind == "flag":
        return {
            "reason": jsonable(row.reason),
            "note": row.note,
            "resolved": row.resolved_at is not None,
            "resolution": row.resolution,
        }
    names = {"verdict": _VERDICT, "note": _NOTE, "citation": _CITATION}[kind]
    return {name: jsonable(getattr(row, name)) for name in names}


def _children(
    claim_id: int, kind: str, rows: list[Any], logged: dict[int, Said], replay: _Replay
) -> list[Disagreement]:
    """Each verdict, note, citation or flag of the claim against its own events."""
    problems: list[Disagreement] = []
    present = {int(r.id) for r in rows}
    for row in rows:
        said = logged.get(int(row.id))
        if said is None:
            if replay.created:
                problems.append(
                    Disagreement(claim_id, f"{kind} {row.id}", "was added by no event", None)
                )
            continue
        if said.value is None:
            problems.append(
                Disagreement(
                    claim_id,
                    f"{kind} {row.id}",
                    f"is there, but event {said.event_id} ({said.action}) removed it",
                    None,
                )
            )
            continue
        now = _payload(kind, row)
        for name, value in said.value.items():
            if now.get(name) != value:
                field_said = Said(value, said.event_id, said.action)
                shown = _show(now.get(name))
                problems.append(
                    Disagreement(claim_id, f"{kind} {row.id} {name}", shown, field_said)
                )
    for entity_id, said in logged.items():
        if entity_id not in present and said.value is not None:
            problems.append(
                Disagreement(
                    claim_id,
                    f"{kind} {entity_id}",
                    f"is gone, but no event removed it (event {said.event_id} added it)",
                    None,
                )
            )
    return problems
