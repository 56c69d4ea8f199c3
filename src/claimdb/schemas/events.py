"""The event log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field, model_validator

from claimdb.enums import EntityKind
from claimdb.schemas.common import OutSchema, Schema


class EventOut(OutSchema):
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


class EventQuery(Schema):
    """Which events `claimdb log` shows; every condition is optional."""

    actor: str | None = Field(None, description="the acting person's name")
    entity: EntityKind | None = Field(None, description="what the event is about")
    action: str | None = Field(None, description="created, edited, status_changed, ...")
    claim_id: int | None = None
    since: date | None = Field(None, description="on or after this day (UTC)")
    until: date | None = Field(None, description="on or before this day (UTC)")
    limit: int | None = Field(None, ge=1)
    newest_first: bool = True

    @model_validator(mode="after")
    def _range(self) -> EventQuery:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        return self
