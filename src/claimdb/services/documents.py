"""Documents and their versions: the texts claims are anchored to."""

from __future__ import annotations

import hashlib

from claimdb.db import repo
from claimdb.db.models import Document, DocumentVersion, Person, Section
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind
from claimdb.errors import AlreadyExists, NotFound
from claimdb.schemas.documents import DocumentIn, DocumentOut, DocumentVersionIn
from claimdb.services import events
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission


def content_hash(text: str) -> str:
    """sha256 of the UTF-8 text: what identifies a version's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_out(document: Document, version: DocumentVersion | None = None) -> DocumentOut:
    out = DocumentOut.model_validate(document)
    if version is None:
        return out
    return out.model_copy(
        update={
            "version_id": version.id,
            "version_number": version.number,
            "content_hash": version.content_hash,
        }
    )


def get_document(uow: UnitOfWork, ref: str | int) -> Document:
    """A document by id or slug."""
    doc: Document | None
    if isinstance(ref, int) or str(ref).isdigit():
        doc = uow.session.get(Document, int(ref))
    else:
        doc = repo.document_by_slug(uow.session, str(ref))
    if doc is None:
        raise NotFound(f"no document {ref!r}", hint="list documents with `claimdb doc list`")
    return doc


def add_document(uow: UnitOfWork, *, actor: str | None, data: DocumentIn) -> Document:
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    return create_document(uow, by=by, data=data)


def create_document(uow: UnitOfWork, *, by: Person, data: DocumentIn) -> Document:
    """Create the document row; ``by`` is an already-resolved person."""
    if repo.document_by_slug(uow.session, data.slug) is not None:
        raise AlreadyExists(f"a document with slug {data.slug!r} already exists")
    doc = Document(**data.model_dump())
    uow.session.add(doc)
    uow.flush()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.DOCUMENT,
        entity_id=doc.id,
        action="created",
        after=events.snapshot(doc, ("slug", "title", "author", "publisher", "published", "url")),
    )
    return doc


def add_version(
    uow: UnitOfWork, *, by: Person, document: Document, data: DocumentVersionIn
) -> tuple[DocumentVersion, bool]:
    """Store a text as the document's next version; returns (version, created).

    The same text again (same content hash) is not a new version: the
    existing one is returned with ``created=False``.
    """
    digest = content_hash(data.text)
    for existing in document.versions:
        if existing.content_hash == digest:
            return existing, False
    latest = repo.latest_version(uow.session, document.id)
    version = DocumentVersion(
        document=document,
        number=(latest.number + 1) if latest else 1,
        text=data.text,
        content_hash=digest,
        provenance=data.provenance,
    )
    uow.session.add(version)
    uow.flush()
    _add_sections(uow, version, data)
    events.record(
        uow,
        actor=by,
        entity=EntityKind.DOCUMENT,
        entity_id=document.id,
        action="version_added",
        after={"version": version.number, "content_hash": digest, "sections": len(data.sections)},
    )
    return version, True


def _add_sections(uow: UnitOfWork, version: DocumentVersion, data: DocumentVersionIn) -> None:
    """Store sections with parents and spans.

    A section runs to the next heading of its level or above, else to the end of the text.
    """
    stack: list[Section] = []
    created: list[Section] = []
    for ordinal, item in enumerate(data.sections, 1):
        end = len(data.text)
        for later in data.sections[ordinal:]:
            if later.level <= item.level:
                end = later.start
                break
        while stack and stack[-1].level >= item.level:
            stack.pop()
        section = Section(
            version=version,
            parent=stack[-1] if stack else None,
            ordinal=ordinal,
            level=item.level,
            title=item.title,
            start_offset=item.start,
            end_offset=end,
        )
        uow.session.add(section)
        stack.append(section)
        created.append(section)
    uow.flush()
