"""The event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from claimdb.enums import EntityKind
from claimdb.schemas.common import OutSchema


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
