"""Link checks and archived copies: what `claimdb source check` and `source archive` report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from claimdb.enums import LinkStatus
from claimdb.schemas.common import OutSchema, Schema


class LinkSelection(Schema):
    """Which sources a check or an archive run takes; ids, or one of the sets."""

    ids: list[int] = Field(default_factory=list)
    all: bool = False
    stale_days: int | None = Field(None, ge=0, description="not checked for this many days")
    document: str | None = Field(None, description="sources cited by this document's claims")
    dead: bool = False  # `source archive --dead`
    missing: bool = False  # `source archive --missing`: no archived copy yet


class QuoteCheckOut(OutSchema):
    """One citation's quoted passage, looked for in the page it cites."""

    citation_id: int
    claim_id: int
    match: str  # exact, normalised, fuzzy, missing; unreadable when the page has no text
    score: float
    closest: str | None = None
    flag_id: int | None = None  # the quote-not-found flag raised by this check


class LinkCheckRow(OutSchema):
    """A stored check, as `source show` lists it."""

    id: int
    checked_at: datetime
    outcome: LinkStatus
    status_code: int | None
    final_url: str | None
    content_type: str | None
    bytes_read: int
    body_sha256: str | None
    soft_404: str | None
    error: str | None


class LinkCheckOut(OutSchema):
    """One check of one source's URL, and the source's link status it leaves."""

    id: int
    source_id: int
    url: str
    checked_at: datetime
    status: LinkStatus  # the source's status, derived from its history with this check
    previous: LinkStatus
    outcome: LinkStatus  # what this check alone says
    status_code: int | None
    final_url: str | None
    redirects: list[dict[str, Any]]
    permanent_redirect: bool
    content_type: str | None
    content_length: int | None
    bytes_read: int
    truncated: bool
    body_sha256: str | None
    soft_404: str | None
    error: str | None
    elapsed_ms: int | None
    archived: bool = False  # the source has an archived copy
    quotes: list[QuoteCheckOut] = Field(default_factory=list)


class LinkCheckReport(OutSchema):
    checks: list[LinkCheckOut]
    skipped: list[int] = Field(default_factory=list)  # selected sources without a URL


class ArchiveOut(OutSchema):
    """What the archive said about one source, and what was recorded."""

    source_id: int
    url: str
    archive_url: str | None
    captured_at: datetime | None
    saved: bool = False  # a capture was asked for (--save) and made
    changed: bool = False  # the source's archive_url or capture time changed
    error: str | None = None
