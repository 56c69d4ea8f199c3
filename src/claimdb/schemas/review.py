"""Reviewer notes and flags."""

from __future__ import annotations

from datetime import datetime

from claimdb.enums import FlagReason, NoteKind
from claimdb.schemas.common import Bounded, NonEmptyStr, OutSchema


class NoteIn(Bounded):
    claim_id: int
    body: NonEmptyStr
    kind: NoteKind = NoteKind.COMMENT
    reply_to: int | None = None


class NoteOut(OutSchema):
    id: int
    claim_id: int
    parent_id: int | None
    kind: NoteKind
    body: str
    author: str
    created_at: datetime


class FlagIn(Bounded):
    claim_id: int
    reason: FlagReason
    note: str | None = None


class FlagOut(OutSchema):
    id: int
    claim_id: int
    reason: FlagReason
    note: str | None
    raised_by: str
    raised_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None
    resolution: str | None
