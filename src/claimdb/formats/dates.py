"""Dates as the file formats write and read them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any


def day(value: Any) -> str | None:
    """A date as ``YYYY-MM-DD``, or None for no date.

    From a date; a date-time (its UTC date when it has a zone); or text that
    starts with an ISO date, as a driver returns a date column or a file
    gives a date-time (``"2024-03-01T10:00:00Z"`` -> ``"2024-03-01"``).
    """
    if not value:
        return None
    if isinstance(value, datetime):
        return (
            value.astimezone(UTC).date().isoformat() if value.tzinfo else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]
