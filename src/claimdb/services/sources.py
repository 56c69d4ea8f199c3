"""Sources: adding them without duplicates, reading and editing them."""

from __future__ import annotations

from claimdb.db import repo, source_queries
from claimdb.db.models import Person, Source
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind
from claimdb.errors import AlreadyExists, InvalidInput, NotFound
from claimdb.schemas.common import check_http_url, normalise_doi, normalise_url
from claimdb.schemas.sources import SourceIn, SourceListItem, SourceOut, SourcePatch, SourceQuery
from claimdb.services import events
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission

_LOGGED = ("csl_type", "title", "url", "doi", "archive_url", "reliability", "link_status")
CREATED_FIELDS = _LOGGED
"""The fields a source's ``created`` event records (the import's batched path writes them too)."""


def get_source(uow: UnitOfWork, source_id: int) -> Source:
    source = uow.get_for_update(Source, source_id)
    if source is None:
        raise NotFound(f"no source {source_id}", hint="find sources with `claimdb source list`")
    return source


def find_duplicate(uow: UnitOfWork, *, url: str | None, doi: str | None) -> Source | None:
    """The stored source with the same normalised URL or DOI, if any."""
    return repo.source_by_identity(
        uow.session, url_normalized=normalise_url(url) if url else None, doi=doi
    )


def add_source(uow: UnitOfWork, *, actor: str | None, data: SourceIn) -> SourceOut:
    """Add a source; an existing one with the same URL or DOI is offered instead."""
    by = resolve_actor(uow, actor, Permission.WRITE_SOURCES)
    # One lock per key: an import's many sources rely on the unique index instead
    # (a race there is an AlreadyExists from the unit of work), not on the lock table.
    _lock_identity(uow, url=data.url, doi=data.doi)
    return SourceOut.model_validate(create_source(uow, by=by, data=data))


def _lock_identity(uow: UnitOfWork, *, url: str | None, doi: str | None) -> None:
    """Make a concurrent writer of the same URL or DOI wait (it then sees this one's source)."""
    if url:
        uow.lock_key("source-url", normalise_url(url))
    if doi:
        uow.lock_key("source-doi", doi)


def create_source(uow: UnitOfWork, *, by: Person, data: SourceIn) -> Source:
    existing = find_duplicate(uow, url=data.url, doi=data.doi)
    if existing is not None:
        same = "DOI" if data.doi and existing.doi == data.doi else "URL"
        raise AlreadyExists(
            f"source {existing.id} ({existing.title!r}) has the same {same}",
            existing_id=existing.id,
            hint=f"cite the existing source: `claimdb cite CLAIM {existing.id} ...`",
        )
    if data.external_id and repo.source_by_external_id(uow.session, data.external_id):
        raise AlreadyExists(f"a source with external id {data.external_id!r} already exists")
    return create_sources(uow, by=by, data=[data])[0]


def create_sources(uow: UnitOfWork, *, by: Person, data: list[SourceIn]) -> list[Source]:
    """Store new sources in one flush, each with its ``created`` event.

    The caller has made sure that none of them is stored yet and that no two share
    a URL, DOI or external id (:func:`create_source` checks one; an import checks its
    batch), so the unique indexes have nothing to refuse.
    """
    made: list[Source] = []
    for d in data:
        values = d.model_dump()
        values["authors"] = [a.model_dump(exclude_none=True) for a in d.authors]
        source = Source(**values, url_normalized=normalise_url(d.url) if d.url else None)
        source.created_by_id = by.id
        made.append(source)
    uow.session.add_all(made)
    uow.flush()
    for source in made:
        events.record(
            uow,
            actor=by,
            entity=EntityKind.SOURCE,
            entity_id=source.id,
            action="created",
            after=events.snapshot(source, _LOGGED),
        )
    return made


def edit_source(
    uow: UnitOfWork, *, actor: str | None, source_id: int, patch: SourcePatch
) -> SourceOut:
    """Change a source's fields; a URL or DOI that another source has is refused."""
    by = resolve_actor(uow, actor, Permission.WRITE_SOURCES)
    source = get_source(uow, source_id)
    changes = patch.changes
    if "url" in changes or "doi" in changes:
        _lock_identity(uow, url=changes.get("url"), doi=changes.get("doi"))
        other = find_duplicate(uow, url=changes.get("url"), doi=changes.get("doi"))
        if other is not None and other.id != source.id:
            raise AlreadyExists(
                f"source {other.id} ({other.title!r}) already has that URL or DOI",
                existing_id=other.id,
            )
    before = events.snapshot(source, changes)
    for name, value in changes.items():
        setattr(source, name, value)
    if "url" in changes:
        source.url_normalized = normalise_url(source.url) if source.url else None
    before, after = events.changed(before, events.snapshot(source, changes))
    if after:
        events.record(
            uow,
            actor=by,
            entity=EntityKind.SOURCE,
            entity_id=source.id,
            action="edited",
            before=before,
            after=after,
        )
    return SourceOut.model_validate(source)


def find_sources(uow: UnitOfWork, *, query: SourceQuery) -> list[SourceListItem]:
    """Sources matching ``query``, by id, each with its number of citations."""
    return [
        SourceListItem(**SourceOut.model_validate(source).model_dump(), citations=int(n))
        for source, n in uow.session.execute(source_queries.select_sources(query))
    ]


def source_id(uow: UnitOfWork, *, ref: str) -> int:
    """The id of the source ``ref`` names: an id, an http(s) URL (normalised) or a DOI.

    A URL or DOI no stored source has is NotFound, with how to add it. An id
    is returned as it is: the use case it is for checks it, after checking
    who is acting, like any other id.
    """
    ref = ref.strip()
    if ref.isdigit():
        return int(ref)
    add_hint = "add it with `claimdb source add --title TITLE --url URL` (or --doi)"
    if ref.lower().startswith(("http://", "https://")) and "doi.org/" not in ref.lower():
        try:
            url = check_http_url(ref)
        except ValueError as exc:
            raise InvalidInput(str(exc), hint="give a source id, an http(s) URL or a DOI") from None
        found = find_duplicate(uow, url=url, doi=None)
        if found is None:
            raise NotFound(f"no source with the URL {ref}", hint=add_hint)
        return found.id
    try:
        doi = normalise_doi(ref)
    except ValueError:
        raise InvalidInput(
            f"{ref!r} is not a source id, an http(s) URL or a DOI",
            hint="find sources with `claimdb source list -q WORDS`",
        ) from None
    found = find_duplicate(uow, url=None, doi=doi)
    if found is None:
        raise NotFound(f"no source with the DOI {doi}", hint=add_hint)
    return found.id
