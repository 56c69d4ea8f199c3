"""People on the desk."""

from __future__ import annotations

from datetime import datetime

from claimdb.enums import Role
from claimdb.schemas.common import Name, OutSchema, Schema


class PersonIn(Schema):
    name: Name
    role: Role
    email: str | None = None


class PersonOut(OutSchema):
    id: int
    name: str
    role: Role
    email: str | None
    active: bool
    created_at: datetime
