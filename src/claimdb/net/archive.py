"""The Wayback Machine: the latest archived copy of a URL, and asking for a new capture.

The availability API (``{base}/wayback/available?url=URL``) answers
``{"archived_snapshots": {"closest": {"url", "timestamp", "available", "status"}}}``,
or an empty ``archived_snapshots`` when there is no copy. Save Page Now
(``{save_base}/save/URL``) takes a capture; its answer points at it with a
``Content-Location`` header or a redirect to ``/web/TIMESTAMP/URL``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from claimdb.net.fetch import user_agent

DEFAULT_ARCHIVE = "https://archive.org"
DEFAULT_SAVE = "https://web.archive.org"
_CAPTURE = re.compile(r"/web/(\d{14})/")


@dataclass(frozen=True)
class Snapshot:
    url: str
    captured_at: datetime


@dataclass(frozen=True)
class Answer:
    """What the archive said about one URL: a snapshot, or why there is none."""

    snapshot: Snapshot | None = None
    error: str | None = None


def timestamp(value: str) -> datetime | None:
    """A Wayback timestamp (YYYYMMDDhhmmss, UTC) as an aware datetime, or None."""
    try:
        return datetime.strptime(value[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


class Archive:
    """A client for one archive; use as a context manager."""

    def __init__(
        self,
        base: str = DEFAULT_ARCHIVE,
        *,
        save_base: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base = base.rstrip("/")
        self.save_base = (
            save_base or (DEFAULT_SAVE if self.base == DEFAULT_ARCHIVE else base)
        ).rstrip("/")
        self.client = httpx.Client(
            headers={"User-Agent": user_agent()},
            timeout=timeout,
            follow_redirects=True,
            transport=transport,
        )

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def latest(self, url: str) -> Answer:
        """The closest (latest) available copy of ``url``."""
        try:
            response = self.client.get(f"{self.base}/wayback/available", params={"url": url})
            response.raise_for_status()
            data = response.json()
        except httpx.HTTPStatusError as exc:
            return Answer(error=f"the archive answered {exc.response.status_code}")
        except httpx.HTTPError as exc:
            return Answer(error=f"cannot reach the archive: {exc or type(exc).__name__}")
        except ValueError:
            return Answer(error="the archive's answer is not JSON")
        closest = (
            (data.get("archived_snapshots") or {}).get("closest")
            if isinstance(data, dict)
            else None
        )
        if not isinstance(closest, dict) or not closest.get("available") or not closest.get("url"):
            return Answer()
        if str(closest.get("status", "200"))[:1] not in ("2", "3"):
            return Answer()  # a capture of an error page is no copy of the source
        when = timestamp(str(closest.get("timestamp", "")))
        if when is None:
            return Answer(
                error=f"the archive gave no usable timestamp: {closest.get('timestamp')!r}"
            )
        return Answer(Snapshot(str(closest["url"]), when))

    def save(self, url: str) -> Answer:
        """Ask the archive to capture ``url`` now; the capture, when its answer names one."""
        try:
            response = self.client.get(f"{self.save_base}/save/{url}")
        except httpx.HTTPError as exc:
            return Answer(error=f"cannot reach the archive: {exc or type(exc).__name__}")
        if response.status_code >= 400:
            return Answer(error=f"the archive refused the capture ({response.status_code})")
        for where in (response.headers.get("content-location"), str(response.url)):
            found = _CAPTURE.search(where or "")
            when = timestamp(found.group(1)) if found else None
            if found and when is not None and where:
                full = where if where.startswith("http") else f"{self.save_base}{where}"
                return Answer(Snapshot(full, when))
        return Answer()
