"""Plain output records for the read commands: dataclasses, no pydantic.

Building pydantic models costs a read command tens of milliseconds of
start-up; these records cost nothing to define. :meth:`Plain.model_dump`
gives the same JSON-ready dict a pydantic output schema gives
(``model_dump(mode="json")``: enums as values, timestamps as ISO 8601 with
``Z`` for UTC, tuples as lists), so the CLI writes both kinds alike.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from claimdb.enums import ClaimStatus, ClaimType, EntityKind
from claimdb.errors import InvalidInput, Problem


def jsonable(value: Any) -> Any:
    """``value`` as pydantic's JSON mode writes it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        text = value.isoformat()
        if value.utcoffset() is not None and value.utcoffset() == UTC.utcoffset(None):
            text = text[:-6] + "Z"
        return text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, Plain):
        return value.model_dump(mode="json")
    return value


def check_text(value: str) -> str:
    """Refuse what is not text in any database: NUL, and lone surrogates (from JSON escapes).

    PostgreSQL cannot store either in a text column and SQLite stores what
    the other cannot read back, so every input schema refuses them the same way.
    """
    if "\x00" in value:
        raise ValueError(f"contains a NUL character (\\x00) at {value.index(chr(0))}; remove it")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"contains a lone surrogate (U+{ord(value[exc.start]):04X}) at {exc.start}, "
                "which is not text; fix the file's encoding"
            ) from None
    return value


@dataclasses.dataclass(frozen=True)
class Plain:
    """Base of the plain records: fields in order, dumped like a pydantic output schema."""

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        """The fields as a dict; ``mode="json"``: JSON-ready values (as pydantic's)."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if mode == "json":
            return {k: jsonable(v) for k, v in data.items()}
        return data


@dataclasses.dataclass(frozen=True)
class DocumentStatus(Plain):
    """One document's progress (`claimdb status`): counts by status and verdict, evidence, flags.

    ``document`` is the slug (None for claims outside any document);
    ``supported`` and ``decided`` count checkable claims with supporting
    evidence and checkable claims verified, disputed or unsupported; the
    shares are over checkable claims (None when there are none).
    """

    document: str | None
    title: str | None
    claims: int
    checkable: int
    by_status: dict[str, int]
    by_verdict: dict[str, int]
    supported: int
    supported_share: float | None
    open_flags: int
    decided: int
    decided_share: float | None


@dataclasses.dataclass(frozen=True)
class SearchHit(Plain):
    """A claim found by `claimdb search`: where it ranks and the words that matched, in context.

    ``rank`` is 1 for the best match; ``snippet`` the passage of text, speaker
    or quote where the words match; ``highlights`` the (start, end) of each
    matched word in the snippet, end exclusive.
    """

    rank: int
    id: int
    snippet: str
    highlights: list[tuple[int, int]]
    status: ClaimStatus
    claim_type: ClaimType
    verdict: str | None
    speaker: str | None
    text: str


@dataclasses.dataclass(frozen=True)
class EventQuery:
    """Which events `claimdb log` shows; every condition is optional.

    ``actor``: the acting person's name; ``entity``: what the event is about;
    ``action``: created, edited, status_changed, ...; ``since``/``until``: on
    or after / on or before these days (UTC); ``limit``: at most this many.
    """

    actor: str | None = None
    entity: EntityKind | None = None
    action: str | None = None
    claim_id: int | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = None
    newest_first: bool = True

    def __post_init__(self) -> None:
        for name in ("actor", "action"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, check_text(value).strip())
        problems = []
        if self.limit is not None and self.limit < 1:
            problems.append(Problem("Input should be greater than or equal to 1", "limit"))
        if self.since and self.until and self.since > self.until:
            problems.append(Problem(f"since {self.since} is after until {self.until}"))
        if problems:
            raise InvalidInput("invalid input", problems=problems)


@dataclasses.dataclass(frozen=True)
class EventRecord(Plain):
    """One event of the log: who did what to which record, when, and the change."""

    id: int
    occurred_at: datetime
    actor: str
    entity: EntityKind
    entity_id: int
    claim_id: int | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None


MATCH_TEXT_MAX = 1_000_000
"""The longest text `claimdb match` takes, in characters."""


def match_text(text: str) -> str:
    """The text to match, stripped; InvalidInput (field ``text``) when empty or too long."""
    problem = None
    try:
        text = check_text(text).strip()
    except ValueError as exc:
        problem = str(exc)
    else:
        if not text:
            problem = "String should have at least 1 character"
        elif len(text) > MATCH_TEXT_MAX:
            problem = f"String should have at most {MATCH_TEXT_MAX} characters"
    if problem is not None:
        raise InvalidInput("invalid input", problems=[Problem(problem, "text")])
    return text


@dataclasses.dataclass(frozen=True)
class OriginalRef(Plain):
    """The claim a repeat repeats: its id, status and verdict (shown, never copied)."""

    claim_id: int
    status: ClaimStatus
    verdict: str | None = None
    verdict_title: str | None = None


@dataclasses.dataclass(frozen=True)
class MatchHit(Plain):
    """A stored claim ranked against a text (`claimdb match`).

    ``score``: 0 to 1, how surely the two state the same claim; ``shared``:
    the words both share (lower-cased); ``spans``: where they are in ``text``.
    """

    claim_id: int
    score: float
    tier: str
    text: str
    shared: list[str]
    spans: list[tuple[int, int]]
    numbers_query: list[str]
    numbers_claim: list[str]
    status: ClaimStatus
    verdict: str | None = None
    verdict_title: str | None = None
    same_as: OriginalRef | None = None
