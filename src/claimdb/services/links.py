"""Sources that stay checkable: link checks, archived copies, quoted passages re-found.

- :func:`check_sources` (`claimdb source check`): fetch each selected source's
  URL (``claimdb.net``), store every check in ``link_checks`` and derive the
  source's ``link_status`` from that history (``analysis/links.py``) in the
  same transaction; with ``quotes``, look for each citation's quoted passage
  in the page's text and flag the claim (``quote-not-found``) when it is gone.
- :func:`archive_sources` (`claimdb source archive`): record the latest copy
  in the Wayback Machine (or ask it to take one).

The network is slow and the database is shared, so neither holds a write
transaction while it waits: each reads what to fetch in one unit of work,
fetches with none open, and writes the results in a second.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from claimdb.analysis import links as judge
from claimdb.db import link_queries
from claimdb.db.models import LinkCheck, Person, Source
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind, FlagReason, LinkStatus
from claimdb.errors import InvalidInput, NotFound
from claimdb.schemas.links import (
    ArchiveOut,
    LinkCheckOut,
    LinkCheckReport,
    LinkSelection,
    QuoteCheckOut,
)
from claimdb.schemas.review import FlagIn
from claimdb.services import events, open_uow
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission

if TYPE_CHECKING:
    from claimdb.net.fetch import FetchResult

ENV_ARCHIVE_URL = "CLAIMDB_ARCHIVE_URL"
"""The archive's base URL (default https://archive.org): ``{base}/wayback/available``."""

ENV_ARCHIVE_SAVE_URL = "CLAIMDB_ARCHIVE_SAVE_URL"
"""Where ``--save`` asks for a capture (``{base}/save/URL``); default web.archive.org for
archive.org, else the archive's own base URL."""

LINK_CHECKED = "link_checked"
"""The event action when a check changes a source's link status."""

ARCHIVED = "archived"
"""The event action when `source archive` records a copy."""

_READABLE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "text/markdown": "md",
}


@dataclass(frozen=True)
class CheckOptions:
    """How `source check` fetches: see ``claimdb.net.fetch.FetchOptions`` for each."""

    concurrency: int = 16
    per_host: int = 4
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    max_bytes: int = 5 * 1024 * 1024
    quotes: bool = False


@dataclass
class _Reading:
    """What was made of a page while its body was at hand."""

    soft_404: str | None = None
    quotes: list[QuoteCheckOut] = field(default_factory=list)


def _targets(
    uow: UnitOfWork, selection: LinkSelection, *, for_archive: bool = False
) -> list[tuple[int, str | None]]:
    chosen = [
        selection.all,
        bool(selection.ids),
        selection.stale_days is not None,
        selection.document is not None,
        selection.dead,
        selection.missing,
    ]
    if not any(chosen):
        sets = "--dead or --missing" if for_archive else "--all, --stale DAYS or --doc SLUG"
        raise InvalidInput("which sources?", hint=f"give source ids, or {sets}")
    document_id = None
    if selection.document is not None:
        document_id = link_queries.document_id(uow.session, selection.document)
        if document_id is None:
            raise NotFound(
                f"no document {selection.document!r}", hint="see them with `claimdb doc list`"
            )
    stale_before = (
        datetime.now(UTC) - timedelta(days=selection.stale_days)
        if selection.stale_days is not None
        else None
    )
    rows: list[tuple[int, str | None]] = [
        (row[0], row[1])
        for row in uow.session.execute(
            link_queries.select_targets(
                ids=selection.ids,
                all_=selection.all,
                stale_before=stale_before,
                document_id=document_id,
                dead=selection.dead,
                missing=selection.missing,
            )
        )
    ]
    missing = sorted(set(selection.ids) - {sid for sid, _ in rows})
    if missing and not (selection.dead or selection.missing or selection.stale_days is not None):
        raise NotFound(f"no source {missing[0]}", hint="find sources with `claimdb source list`")
    return rows


def check_sources(
    db: str | None,
    *,
    actor: str | None,
    selection: LinkSelection,
    options: CheckOptions = CheckOptions(),
    progress: Callable[[int, int], None] | None = None,
) -> LinkCheckReport:
    """Check the selected sources' links (and quoted passages); store and return each check."""
    from claimdb.net import FetchOptions, fetch_all

    with open_uow(db, write=False) as uow:
        resolve_actor(uow, actor, Permission.WRITE_SOURCES)
        rows = _targets(uow, selection)
        targets = [(sid, url) for sid, url in rows if url]
        skipped = [sid for sid, url in rows if not url]
        quoted = (
            link_queries.quoted_citations(uow.session, [sid for sid, _ in targets])
            if options.quotes
            else {}
        )

    readings: dict[int, _Reading] = {}
    done = 0

    def on_result(result: FetchResult) -> None:
        nonlocal done
        readings[result.key] = _read(result, quoted.get(result.key, []))
        done += 1
        if progress is not None:
            progress(done, len(targets))

    fetched = fetch_all(
        targets,
        FetchOptions(
            concurrency=options.concurrency,
            per_host=options.per_host,
            timeout=options.timeout,
            retries=options.retries,
            backoff=options.backoff,
            max_bytes=options.max_bytes,
            keep_body=True,
        ),
        on_result=on_result,
    )

    with open_uow(db) as uow:
        by = resolve_actor(uow, actor, Permission.WRITE_SOURCES)
        history = link_queries.recent_outcomes(
            uow.session, [r.key for r in fetched], judge.FAILURES_FOR_DEAD - 1
        )
        flagged = link_queries.open_quote_flags(
            uow.session, [q.citation_id for r in readings.values() for q in r.quotes]
        )
        sources = link_queries.sources_by_id(uow.session, [r.key for r in fetched])
        stored = [
            _store(
                uow,
                by=by,
                source=sources[result.key],
                result=result,
                reading=readings[result.key],
                earlier=history.get(result.key, []),
            )
            for result in fetched
        ]
        uow.flush()  # one flush for every check: their ids, for the events and the output
        checks = [_report(uow, by=by, stored=one, flagged=flagged) for one in stored]
    return LinkCheckReport(checks=checks, skipped=skipped)


def _read(result: FetchResult, citations: list[tuple[int, int, str]]) -> _Reading:
    """The soft-404 verdict and the quotes, from a fetched body (dropped after this)."""
    reading = _Reading()
    body = result.body or b""
    kind = _READABLE.get(result.media_type or "")
    if kind is None and body.startswith(b"%PDF-"):
        kind = "pdf"
    answered = result.status_code is not None and 200 <= result.status_code < 300
    if answered and result.error_kind is None:
        title, text = "", None
        if kind == "html":
            title, text = judge.html_title_and_text(body.decode("utf-8", "replace"))
        reading.soft_404 = judge.soft_404(
            url=result.url, final_url=result.final_url, title=title, text=text
        )
    if not citations:
        return reading
    # A page that is gone or unreadable says nothing about the passage: the link's status
    # (dead, no archived copy) is what the editor hears about, not a lost quote.
    page: str | None = None
    if result.error_kind is not None:
        why = f"not fetched: {result.error}"
    elif not answered or reading.soft_404:
        why = f"the page is gone (HTTP {result.status_code})"
    elif kind is None:
        why = f"cannot read {result.media_type or 'a page without a content type'} as text"
    elif result.truncated:
        why = f"the page is longer than the {result.bytes_read:,}-byte cap"
    else:
        page, why = _page_text(body, kind)
    for citation_id, claim_id, quote in citations:
        if page is None:
            reading.quotes.append(
                QuoteCheckOut(
                    citation_id=citation_id,
                    claim_id=claim_id,
                    match="unreadable",
                    score=0.0,
                    closest=why,
                )
            )
            continue
        found = judge.quote_match(page, quote)
        reading.quotes.append(
            QuoteCheckOut(
                citation_id=citation_id,
                claim_id=claim_id,
                match=found.match.value,
                score=found.score,
                closest=found.closest,
            )
        )
    return reading


def _page_text(body: bytes, kind: str) -> tuple[str | None, str]:
    """The page's text by the document readers (formats/), or None and why there is none."""
    from claimdb.errors import ClaimDBError
    from claimdb.formats.documents import read_document

    try:
        return read_document(body, name=f"page.{kind}", fmt=kind).text, ""
    except ClaimDBError as exc:
        return None, f"cannot read the page: {exc.message}"
    except Exception as exc:  # a broken file is that page's result, not the run's end
        return None, f"cannot read the page: {type(exc).__name__}: {exc}"


@dataclass
class _Stored:
    source: Source
    check: LinkCheck
    result: FetchResult
    reading: _Reading
    previous: LinkStatus


def _store(
    uow: UnitOfWork,
    *,
    by: Person,
    source: Source,
    result: FetchResult,
    reading: _Reading,
    earlier: list[LinkStatus],
) -> _Stored:
    """Add one check and derive the source's status from it and its history (not flushed)."""
    outcome = judge.outcome(
        status_code=result.status_code,
        error_kind=result.error_kind,
        permanent_redirect=result.permanent_redirect,
        soft_404=reading.soft_404,
    )
    now = datetime.now(UTC)
    check = LinkCheck(
        source_id=source.id,
        checked_at=now,
        checked_by_id=by.id,
        url=result.url,
        outcome=outcome,
        status_code=result.status_code,
        final_url=result.final_url,
        redirects=[{"url": h.url, "status": h.status} for h in result.redirects],
        permanent_redirect=result.permanent_redirect,
        content_type=(result.content_type or "")[:255] or None,
        content_length=result.content_length,
        bytes_read=result.bytes_read,
        truncated=result.truncated,
        body_sha256=result.sha256,
        soft_404=reading.soft_404,
        error=result.error,
        elapsed_ms=result.elapsed_ms,
        quotes=[q.model_dump(mode="json") for q in reading.quotes] if reading.quotes else None,
    )
    uow.session.add(check)
    previous = source.link_status
    source.link_status = judge.derive_status([outcome, *earlier])
    source.link_checked_at = now
    return _Stored(source, check, result, reading, previous)


def _report(uow: UnitOfWork, *, by: Person, stored: _Stored, flagged: set[int]) -> LinkCheckOut:
    """The event of a changed status, the flags of lost quotes, and the check as reported."""
    source, check, result, reading = stored.source, stored.check, stored.result, stored.reading
    status = source.link_status
    if status is not stored.previous:
        events.record(
            uow,
            actor=by,
            entity=EntityKind.SOURCE,
            entity_id=source.id,
            action=LINK_CHECKED,
            before={"link_status": stored.previous.value},
            after={"link_status": status.value, "link_check": check.id},
            reason=_why(result, reading, check.outcome),
        )
    quotes = [_flag_if_lost(uow, by, source, q, flagged) for q in reading.quotes]
    return LinkCheckOut(
        id=check.id,
        source_id=source.id,
        url=result.url,
        checked_at=check.checked_at,
        status=status,
        previous=stored.previous,
        outcome=check.outcome,
        status_code=result.status_code,
        final_url=result.final_url,
        redirects=check.redirects,
        permanent_redirect=result.permanent_redirect,
        content_type=result.content_type,
        content_length=result.content_length,
        bytes_read=result.bytes_read,
        truncated=result.truncated,
        body_sha256=result.sha256,
        soft_404=reading.soft_404,
        error=result.error,
        elapsed_ms=result.elapsed_ms,
        archived=source.archive_url is not None,
        quotes=quotes,
    )


def _why(result: FetchResult, reading: _Reading, outcome: LinkStatus) -> str:
    if result.error:
        return result.error
    if reading.soft_404:
        return f"HTTP {result.status_code}, but {reading.soft_404}"
    if result.redirects:
        return f"HTTP {result.status_code} at {result.final_url} ({outcome.value})"
    return f"HTTP {result.status_code}"


def _flag_if_lost(
    uow: UnitOfWork, by: Person, source: Source, quote: QuoteCheckOut, flagged: set[int]
) -> QuoteCheckOut:
    """Raise a quote-not-found flag for a passage that is gone (once per citation)."""
    from claimdb.services.flags import create_flag

    if quote.match != judge.QuoteMatch.MISSING.value or quote.citation_id in flagged:
        return quote
    near = (
        f"; the closest passage ({quote.score:.0f}% alike): {quote.closest!r}"
        if quote.closest and quote.score
        else f"; {quote.closest}"
        if quote.closest
        else ""
    )
    flag = create_flag(
        uow,
        by=by,
        data=FlagIn(
            claim_id=quote.claim_id,
            reason=FlagReason.QUOTE_NOT_FOUND,
            note=f"citation {quote.citation_id}: its quoted passage is no longer in source "
            f"{source.id} ({source.url}){near}",
        ),
    )
    flag.citation_id = quote.citation_id
    flagged.add(quote.citation_id)
    return quote.model_copy(update={"flag_id": flag.id})


def archive_sources(
    db: str | None,
    *,
    actor: str | None,
    selection: LinkSelection,
    save: bool = False,
    archive_url: str | None = None,
    save_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ArchiveOut]:
    """Record each selected source's latest archived copy; ``save`` asks for a new one first."""
    from claimdb.net.archive import DEFAULT_ARCHIVE, Archive

    with open_uow(db, write=False) as uow:
        resolve_actor(uow, actor, Permission.WRITE_SOURCES)
        targets = [(sid, url) for sid, url in _targets(uow, selection, for_archive=True) if url]
    base = archive_url or os.environ.get(ENV_ARCHIVE_URL) or DEFAULT_ARCHIVE
    save_base = save_url or os.environ.get(ENV_ARCHIVE_SAVE_URL) or None
    answers = []
    with Archive(base, save_base=save_base) as archive:
        for n, (sid, url) in enumerate(targets, start=1):
            saved = archive.save(url) if save else None
            latest = archive.latest(url) if saved is None or saved.snapshot is None else saved
            error = latest.error or (saved.error if saved is not None else None)
            answers.append((sid, url, latest.snapshot, saved is not None and saved.snapshot, error))
            if progress is not None:
                progress(n, len(targets))

    out: list[ArchiveOut] = []
    with open_uow(db) as uow:
        by = resolve_actor(uow, actor, Permission.WRITE_SOURCES)
        for sid, url, snapshot, was_saved, problem in answers:
            error = problem
            source = uow.session.get(Source, sid)
            assert source is not None
            changed = False
            if snapshot is not None and (
                snapshot.url != source.archive_url
                or snapshot.captured_at != source.archive_captured_at
            ):
                before = {
                    "archive_url": source.archive_url,
                    "archive_captured_at": _iso(source.archive_captured_at),
                }
                source.archive_url = snapshot.url
                source.archive_captured_at = snapshot.captured_at
                changed = True
                events.record(
                    uow,
                    actor=by,
                    entity=EntityKind.SOURCE,
                    entity_id=sid,
                    action=ARCHIVED,
                    before=before,
                    after={
                        "archive_url": snapshot.url,
                        "archive_captured_at": _iso(snapshot.captured_at),
                    },
                    reason="captured on request (--save)" if was_saved else "latest archived copy",
                )
            if snapshot is None and error is None:
                error = "the archive has no copy" + ("" if was_saved else " (--save asks for one)")
            out.append(
                ArchiveOut(
                    source_id=sid,
                    url=url,
                    archive_url=source.archive_url,
                    captured_at=source.archive_captured_at,
                    saved=bool(was_saved),
                    changed=changed,
                    error=error,
                )
            )
    return out


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def recent_checks(uow: UnitOfWork, *, source_id: int, limit: int = 5) -> list[LinkCheck]:
    """A source's latest checks, newest first (for `source show`)."""
    return link_queries.latest_checks(uow.session, source_id, limit)
