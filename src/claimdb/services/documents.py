"""Documents and their versions: the texts claims are anchored to."""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimdb.db import repo
from claimdb.db.models import (
    Claim,
    Document,
    DocumentCitation,
    DocumentVersion,
    Person,
    Section,
    Source,
)
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind
from claimdb.errors import AlreadyExists, InvalidInput, NotFound
from claimdb.schemas.documents import (
    DocumentAddReport,
    DocumentCitationOut,
    DocumentDetail,
    DocumentIn,
    DocumentListItem,
    DocumentMeta,
    DocumentOut,
    DocumentText,
    DocumentVersionIn,
    FindingOut,
    PlacementOut,
    SectionIn,
    SectionOut,
    VersionOut,
)
from claimdb.services import events
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission

if TYPE_CHECKING:
    from claimdb.analysis.reanchor import Placement
    from claimdb.formats.documents import Citation, Finding, ParsedDocument


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


# --- `claimdb doc add`: a report from a file ----------------------------------------------------


def _slugify(words: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug or "document"


def file_provenance(
    *,
    file: str,
    fmt: str,
    sha256: str,
    size: int | None = None,
    repairs: Sequence[str] = (),
    suspects: int = 0,
    via: str = "claimdb doc add",
) -> str:
    """A version's provenance, as JSON: the original file's name, format and sha256, and more.

    Shared by `doc add` and `claimdb seed`, so that every version says where it came from the
    same way (docs/data-model.md).
    """
    return json.dumps(
        {
            "file": file,
            "format": fmt,
            "sha256": sha256,
            "bytes": size,
            "repairs": list(repairs),
            "suspects": suspects,
            "via": via,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _provenance(parsed: ParsedDocument) -> str:
    return file_provenance(
        file=parsed.name,
        fmt=parsed.format.value,
        sha256=parsed.sha256,
        size=parsed.size,
        repairs=[f.detail for f in parsed.repairs],
        suspects=len(parsed.suspects),
    )


def provenance_of(version: DocumentVersion) -> dict[str, object] | str | None:
    """A version's provenance: the JSON `doc add` stores, or the text older versions have."""
    raw = version.provenance
    if raw and raw.startswith("{"):
        try:
            value = json.loads(raw)
        except ValueError:
            return raw
        return value if isinstance(value, dict) else raw
    return raw


def _findings(items: Sequence[Finding]) -> list[FindingOut]:
    return [FindingOut(kind=f.kind, detail=f.detail, offset=f.offset) for f in items]


def add_document_file(
    uow: UnitOfWork,
    *,
    actor: str | None,
    data: bytes,
    name: str,
    fmt: str | None = None,
    encoding: str | None = None,
    meta: DocumentMeta | None = None,
    new_version_of: str | None = None,
    dry_run: bool = False,
) -> DocumentAddReport:
    """Read a report file and store it: a new document, or the next version of one.

    A new version re-anchors every claim of the previous one (exact, moved,
    changed, orphaned: see :mod:`claimdb.analysis.reanchor`). The same text
    again changes nothing. ``dry_run`` reads, re-anchors and reports, and writes
    nothing. Every problem with the file is an InvalidInput naming it, before
    anything is written.
    """
    from claimdb.config import max_document_bytes
    from claimdb.formats.documents import read_document

    meta = meta or DocumentMeta()
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    parsed = read_document(
        data, name=name, fmt=fmt, encoding=encoding, max_bytes=max_document_bytes()
    )
    sections = [SectionIn(title=h.title, level=h.level, start=h.start) for h in parsed.headings]
    version_in = DocumentVersionIn(
        text=parsed.text, provenance=_provenance(parsed), sections=sections
    )
    digest = content_hash(parsed.text)
    document: Document | None
    if new_version_of is not None:
        document = get_document(uow, new_version_of)
    else:
        fields = {**parsed.metadata, **meta.model_dump(exclude_none=True, mode="json")}
        slug = meta.slug or _slugify(str(fields.get("title") or name.rsplit(".", 1)[0]))
        document = repo.document_by_slug(uow.session, slug)
        if document is not None and not any(v.content_hash == digest for v in document.versions):
            raise AlreadyExists(
                f"a document with slug {slug!r} already exists, with another text",
                existing_id=document.id,
                hint=f"add this text as its next version: `claimdb doc add {name} "
                f"--new-version-of {slug}`, or give a new --slug",
            )
    citations = parsed.citations()
    report = DocumentAddReport(
        document=document.slug if document else slug,
        document_id=document.id if document else None,
        version=1,
        status="created",
        file=name,
        format=parsed.format.value,
        sha256=parsed.sha256,
        characters=len(parsed.text),
        sections=len(sections),
        citations=len(citations),
        sources_added=0,
        sources_reused=0,
        repairs=_findings(parsed.repairs),
        suspects=_findings(parsed.suspects),
        dry_run=dry_run,
    )
    if document is not None:
        same = next((v for v in document.versions if v.content_hash == digest), None)
        if same is not None:
            return report.model_copy(update={"version": same.number, "status": "unchanged"})
    previous = repo.latest_version(uow.session, document.id) if document else None
    placements: list[Placement] = []
    if previous is not None:
        from claimdb.analysis.reanchor import Anchor, reanchor
        from claimdb.db import document_queries

        claims = document_queries.claims_on_version(uow.session, previous.id)
        placements = reanchor(
            previous.text,
            parsed.text,
            [
                Anchor(
                    key=c.id,
                    start=c.start_offset or 0,
                    end=c.end_offset or 0,
                    exact=c.quote_exact or previous.text[c.start_offset : c.end_offset],
                    prefix=c.quote_prefix or "",
                    suffix=c.quote_suffix or "",
                )
                for c in claims
            ],
        )
    counts = dict.fromkeys(("exact", "moved", "changed", "orphaned"), 0)
    for p in placements:
        counts[p.outcome.value] += 1
    report = report.model_copy(
        update={
            "version": previous.number + 1 if previous else 1,
            "status": "version added" if previous else "created",
            "reanchored": [_placement_out(p) for p in placements],
            "counts": counts if previous else {},
        }
    )
    if dry_run:
        added, reused = _count_sources(uow, citations)
        return report.model_copy(update={"sources_added": added, "sources_reused": reused})
    if document is None:
        fields = {**parsed.metadata, **meta.model_dump(exclude_none=True, mode="json")}
        fields.pop("slug", None)
        if not fields.get("title"):
            fields["title"] = name
        document = create_document(uow, by=by, data=DocumentIn(slug=report.document, **fields))
    version, _ = add_version(uow, by=by, document=document, data=version_in)
    added, reused = _store_citations(uow, by=by, version=version, citations=citations)
    if previous is not None:
        _apply_placements(uow, by=by, old=previous, new=version, placements=placements)
    return report.model_copy(
        update={
            "document_id": document.id,
            "version": version.number,
            "sources_added": added,
            "sources_reused": reused,
        }
    )


def _placement_out(p: Placement) -> PlacementOut:
    return PlacementOut(
        claim_id=p.key,
        outcome=p.outcome.value,
        old_start=p.old_start,
        old_end=p.old_start + len(p.old),
        new_start=p.start,
        new_end=p.end,
        old_words=p.old,
        new_words=p.new,
        similarity=p.similarity,
    )


def _source_title(note: str | None, url: str | None, words: str) -> str:
    if note:
        before = note.split(url, 1)[0] if url and url in note else note
        before = before.strip().rstrip(",;:").strip()
        if before:
            return before if len(before) <= 300 else before[:299] + "…"
    return words.strip() or url or "untitled"


def _count_sources(uow: UnitOfWork, citations: Sequence[Citation]) -> tuple[int, int]:
    """How many sources storing ``citations`` would add and reuse (--dry-run: writes nothing)."""
    from claimdb.services import sources

    added: set[str] = set()
    reused = 0
    for citation in citations:
        for url in citation.urls or (None,):
            if url is not None and sources.find_duplicate(uow, url=url, doi=None) is not None:
                reused += 1
            elif url is not None or citation.note:
                key = url or f"note:{(citation.note or '').casefold()}"
                if key in added:
                    reused += 1
                added.add(key)
    return len(added), reused


def _store_citations(
    uow: UnitOfWork, *, by: Person, version: DocumentVersion, citations: Sequence[Citation]
) -> tuple[int, int]:
    """A source for each citation (found by URL as `source add` finds it, else created)."""
    from claimdb.schemas.sources import SourceIn
    from claimdb.services import sources

    added = reused = 0
    by_note: dict[str, Source] = {}
    ordinal = 0
    for citation in citations:
        targets: list[str | None] = list(citation.urls) or [None]
        for url in targets:
            source: Source | None = None
            if url is not None:
                source = sources.find_duplicate(uow, url=url, doi=None)
            elif citation.note:
                source = by_note.get(citation.note.casefold())
            if source is not None:
                reused += 1
            else:
                try:
                    data = SourceIn(
                        title=_source_title(citation.note, url, citation.marker),
                        url=url,
                        csl_type="webpage" if url else "document",
                        note=citation.note if citation.note and url else None,
                    )
                    source = sources.create_source(uow, by=by, data=data)
                except (InvalidInput, AlreadyExists, ValueError):
                    continue  # a URL the sources schema refuses: the citation is left out
                added += 1
            if citation.note and url is None:
                by_note[citation.note.casefold()] = source
            ordinal += 1
            uow.session.add(
                DocumentCitation(
                    version_id=version.id,
                    ordinal=ordinal,
                    source_id=source.id,
                    marker=citation.marker,
                    marker_start=citation.marker_start,
                    marker_end=citation.marker_end,
                    sentence_start=citation.sentence_start,
                    sentence_end=citation.sentence_end,
                    note=citation.note,
                    url=url,
                )
            )
    uow.flush()
    if ordinal:
        events.record(
            uow,
            actor=by,
            entity=EntityKind.DOCUMENT,
            entity_id=version.document_id,
            action="citations_read",
            after={"version": version.number, "citations": ordinal, "sources_added": added},
        )
    return added, reused


def _apply_placements(
    uow: UnitOfWork,
    *,
    by: Person,
    old: DocumentVersion,
    new: DocumentVersion,
    placements: Sequence[Placement],
) -> None:
    """Move each claim to the new version, flag the changed and orphaned, log every one."""
    from claimdb.analysis.reanchor import CONTEXT, Outcome
    from claimdb.enums import FlagReason
    from claimdb.schemas.review import FlagIn
    from claimdb.services import flags, workflow

    text = new.text
    # The new version's sections, to find each claim's innermost one without a query per claim
    # (a query would also flush every claim's change one by one).
    sections = sorted(new.sections, key=lambda s: (s.start_offset, s.ordinal))
    section_starts = [s.start_offset for s in sections]
    to_flag: list[FlagIn] = []
    to_reopen: list[Claim] = []
    moved: list[dict[str, object]] = []
    for p in placements:
        claim = uow.session.get(Claim, p.key)
        if claim is None:
            continue
        before = {
            "version": old.number,
            "start": claim.start_offset,
            "end": claim.end_offset,
            "quote": claim.quote_exact,
        }
        if p.outcome is Outcome.ORPHANED or p.start is None or p.end is None:
            events.record_on_claim(
                uow,
                actor=by,
                claim=claim,
                action="reanchored",
                before=before,
                after={"version": new.number, "outcome": p.outcome.value},
                reason=f"its words were not found in version {new.number}; it stays on "
                f"version {old.number}",
            )
            to_flag.append(
                FlagIn(
                    claim_id=claim.id,
                    reason=FlagReason.ANCHOR_ORPHANED,
                    note=f"not found in version {new.number} of {new.document.slug}: "
                    f"{claim.quote_exact!r}",
                )
            )
            continue
        section = _innermost(sections, section_starts, p.start)
        moved.append(
            {
                "id": claim.id,
                "version_id": new.id,
                "section_id": section.id if section else None,
                "start_offset": p.start,
                "end_offset": p.end,
                "quote_prefix": text[max(0, p.start - CONTEXT) : p.start],
                "quote_suffix": text[p.end : p.end + CONTEXT],
            }
        )
        if text[p.start : p.end] != claim.quote_exact:
            moved[-1]["quote_exact"] = text[p.start : p.end]
        events.record_on_claim(
            uow,
            actor=by,
            claim=claim,
            action="reanchored",
            before=before,
            after={
                "version": new.number,
                "start": p.start,
                "end": p.end,
                "quote": text[p.start : p.end],
                "outcome": p.outcome.value,
                "similarity": p.similarity,
            },
        )
        if p.outcome is Outcome.CHANGED:
            to_flag.append(
                FlagIn(
                    claim_id=claim.id,
                    reason=FlagReason.ANCHOR_CHANGED,
                    note=f"version {new.number} changed the words ({p.similarity:g}% alike): "
                    f"was {p.old!r}, now {p.new!r}",
                )
            )
            to_reopen.append(claim)
    # One UPDATE statement run for every claim moved (not one ORM flush each); then the few
    # flags and reopenings, each its own rows.
    from claimdb.db import document_queries

    document_queries.move_anchors(uow.session, moved)
    for flag in to_flag:
        flags.create_flag(uow, by=by, data=flag)
    for claim in to_reopen:
        workflow.reopen_if_decided(
            uow,
            by=by,
            claim=claim,
            reason=f"its words changed in version {new.number} of {new.document.slug}",
        )
    uow.flush()


def _innermost(sections: Sequence[Section], starts: Sequence[int], offset: int) -> Section | None:
    """The innermost section holding ``offset``: the last one starting before it that spans it."""
    i = bisect.bisect_right(starts, offset) - 1
    while i >= 0:
        if sections[i].end_offset > offset:
            return sections[i]
        i -= 1
    return None


# --- reading ------------------------------------------------------------------------------------


def list_documents(uow: UnitOfWork) -> list[DocumentListItem]:
    """Every document, by slug, with its versions and claims counted."""
    from claimdb.db import document_queries

    return [
        DocumentListItem(
            id=d.id,
            slug=d.slug,
            title=d.title,
            author=d.author,
            published=d.published,
            versions=n,
            latest_version=latest,
            claims=claims,
        )
        for d, n, latest, claims in document_queries.list_documents(uow.session)
    ]


def _version(uow: UnitOfWork, document: Document, number: int | None) -> DocumentVersion:
    if not document.versions:
        raise NotFound(f"document {document.slug!r} has no text yet")
    if number is None:
        return document.versions[-1]
    for version in document.versions:
        if version.number == number:
            return version
    raise NotFound(
        f"document {document.slug!r} has no version {number}",
        hint=f"its versions: {', '.join(str(v.number) for v in document.versions)}",
    )


def _citation_out(c: DocumentCitation) -> DocumentCitationOut:
    return DocumentCitationOut(
        ordinal=c.ordinal,
        marker=c.marker,
        marker_start=c.marker_start,
        marker_end=c.marker_end,
        sentence_start=c.sentence_start,
        sentence_end=c.sentence_end,
        note=c.note,
        url=c.url,
        source_id=c.source_id,
        source_title=c.source.title if c.source else None,
    )


def document_versions(uow: UnitOfWork, *, ref: str) -> list[VersionOut]:
    """A document's versions, oldest first, with what each holds."""
    from claimdb.db import document_queries

    document = get_document(uow, ref)
    out = []
    for v in document.versions:
        sections, claims, citations = document_queries.version_counts(uow.session, v.id)
        out.append(
            VersionOut(
                number=v.number,
                content_hash=v.content_hash,
                characters=len(v.text),
                sections=sections,
                claims=claims,
                citations=citations,
                provenance=provenance_of(v),
                created_at=v.created_at,
            )
        )
    return out


def show_document(uow: UnitOfWork, *, ref: str, version: int | None = None) -> DocumentDetail:
    """A document: metadata, versions, the sections and citations of one version, claims."""
    from claimdb.db import document_queries

    document = get_document(uow, ref)
    chosen = _version(uow, document, version) if document.versions else None
    return DocumentDetail(
        document=to_out(document, chosen),
        versions=document_versions(uow, ref=str(document.id)),
        sections=[SectionOut.model_validate(s) for s in chosen.sections] if chosen else [],
        claims_by_status=document_queries.claim_counts_by_status(
            uow.session, [v.id for v in document.versions]
        ),
        citations=[
            _citation_out(c) for c in document_queries.citations_of_version(uow.session, chosen.id)
        ]
        if chosen
        else [],
    )


def document_text(
    uow: UnitOfWork, *, ref: str, version: int | None = None, section: str | None = None
) -> DocumentText:
    """A version's text, or one section's span of it (by title, case ignored, or ordinal)."""
    document = get_document(uow, ref)
    chosen = _version(uow, document, version)
    start, end, title = 0, len(chosen.text), None
    if section is not None:
        wanted = section.strip().casefold()
        match = next(
            (
                s
                for s in chosen.sections
                if s.title.casefold() == wanted or str(s.ordinal) == wanted
            ),
            None,
        ) or next((s for s in chosen.sections if wanted in s.title.casefold()), None)
        if match is None:
            raise NotFound(
                f"version {chosen.number} of {document.slug!r} has no section {section!r}",
                hint=f"see its sections with `claimdb doc show {document.slug}`",
            )
        start, end, title = match.start_offset, match.end_offset, match.title
    return DocumentText(
        slug=document.slug,
        version=chosen.number,
        section=title,
        start=start,
        end=end,
        text=chosen.text[start:end],
    )
