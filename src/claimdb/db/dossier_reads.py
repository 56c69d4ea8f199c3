"""SQL text of a claim's dossier (`claimdb claim show`), over a light :class:`Reader`.

One query per part of the dossier, each by an index on the claim's id, so
the dossier costs the same at a thousand claims as at a million. Rows come
back as the plain records of :mod:`claimdb.schemas.dossier`, in the order the
ORM relationships gave them (tags by name, quantities by ordinal, the rest
oldest first).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from claimdb.db.light import Reader, Row, first, timestamp
from claimdb.enums import (
    CitationKind,
    ClaimStatus,
    ClaimType,
    FlagReason,
    LinkKind,
    NoteKind,
    Qualifier,
    Stance,
    VerdictClass,
)
from claimdb.schemas.dossier import (
    AnchorRecord,
    CitationRecord,
    ClaimRecord,
    DocumentCitationRecord,
    FlagRecord,
    LinkRecord,
    NoteThread,
    QuantityRecord,
    VerdictRecord,
)
from claimdb.schemas.plain import Plain


def _date(value: Any) -> date | None:
    """A stored date (SQLite keeps ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _maybe(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


R = TypeVar("R", bound=Plain)


def _record(cls: type[R], row: Row, **convert: Callable[[Any], Any]) -> R:
    """A record of ``row``'s columns, in the order of its fields; ``convert``: by field name."""
    fields = dataclasses.fields(cls)
    return cls(*(convert.get(f.name, _same)(v) for f, v in zip(fields, row, strict=False)))


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Anchored:
    """What the anchor context needs of a claim's document: its version's text and language."""

    document: str
    document_title: str
    language: str
    version: int
    section: str | None
    start: int
    end: int


def claim(reader: Reader, claim_id: int) -> tuple[ClaimRecord, int | None, Anchored | None] | None:
    """The claim as listed, its current verdict's id and its anchor's document; None if unknown."""
    row = first(
        reader,
        "SELECT c.id, c.text, c.claim_type, c.checkable, c.speaker, c.speaker_description, "
        "c.claimed_on, c.appearance_url, c.context, c.priority, c.status, l.label, s.name, "
        "c.archived_at, c.external_id, c.created_at, c.updated_at, c.version, "
        "c.version_id, c.start_offset, c.end_offset, c.quote_exact, c.quote_prefix, "
        "c.quote_suffix, c.current_verdict_id, d.slug, d.title, d.language, dv.number, sec.title "
        "FROM claims c "
        "LEFT JOIN verdicts v ON v.id = c.current_verdict_id "
        "LEFT JOIN rating_labels l ON l.id = v.label_id "
        "LEFT JOIN rating_scales s ON s.id = l.scale_id "
        "LEFT JOIN document_versions dv ON dv.id = c.version_id "
        "LEFT JOIN documents d ON d.id = dv.document_id "
        "LEFT JOIN sections sec ON sec.id = c.section_id "
        "WHERE c.id = ?",
        (claim_id,),
    )
    if row is None:
        return None
    (version_id, start, end, exact, prefix, suffix, verdict_id) = row[18:25]
    (slug, title, language, number, section) = row[25:30]
    anchor = None
    if version_id is not None and start is not None:
        anchor = AnchorRecord(
            version_id=version_id,
            document_slug=slug,
            section=section,
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=end if end is not None else start,
        )
    anchored = None
    if version_id is not None and start is not None and end is not None:
        anchored = Anchored(slug, title, language, number, section, start, end)
    record = ClaimRecord(
        id=row[0],
        text=row[1],
        claim_type=ClaimType(row[2]),
        checkable=bool(row[3]),
        speaker=row[4],
        speaker_description=row[5],
        claimed_on=_date(row[6]),
        appearance_url=row[7],
        context=row[8],
        priority=row[9],
        status=ClaimStatus(row[10]),
        verdict=row[11],
        verdict_scale=row[12],
        tags=[r[0] for r in reader.rows(TAGS, (claim_id,))],
        quantities=quantities(reader, claim_id),
        anchor=anchor,
        archived_at=timestamp(row[13]),
        external_id=row[14],
        created_at=timestamp(row[15]),  # type: ignore[arg-type]
        updated_at=timestamp(row[16]),  # type: ignore[arg-type]
        version=row[17],
    )
    return record, verdict_id, anchored


TAGS = "SELECT tag FROM claim_tags WHERE claim_id = ? ORDER BY tag"


def quantities(reader: Reader, claim_id: int) -> list[QuantityRecord]:
    """The numbers the claim states, in the order given."""
    rows = reader.rows(
        "SELECT value, unit, measure, period, place, qualifier, as_written FROM quantities "
        "WHERE claim_id = ? ORDER BY ordinal",
        (claim_id,),
    )
    return [_record(QuantityRecord, r, value=float, qualifier=Qualifier) for r in rows]


def version_text(reader: Reader, claim_id: int) -> str:
    """The text of the document version the claim is anchored in."""
    row = first(
        reader,
        "SELECT dv.text FROM claims c JOIN document_versions dv ON dv.id = c.version_id "
        "WHERE c.id = ?",
        (claim_id,),
    )
    return str(row[0]) if row else ""


def citations(reader: Reader, claim_id: int) -> list[CitationRecord]:
    """The claim's citations, evidence and attributions, oldest first."""
    rows = reader.rows(
        "SELECT ct.id, ct.claim_id, ct.source_id, s.title, s.url, s.archive_url, s.link_status, "
        "ct.kind, ct.stance, ct.quote, ct.locator, p.name, ct.added_at FROM citations ct "
        "JOIN sources s ON s.id = ct.source_id JOIN people p ON p.id = ct.added_by_id "
        "WHERE ct.claim_id = ? ORDER BY ct.id",
        (claim_id,),
    )
    return [
        _record(CitationRecord, r, kind=CitationKind, stance=_maybe(Stance), added_at=timestamp)
        for r in rows
    ]


def document_citations(
    reader: Reader, version_id: int, start: int, end: int
) -> list[DocumentCitationRecord]:
    """The document's own citations whose sentence holds ``start:end``, by ordinal."""
    rows = reader.rows(
        "SELECT dc.ordinal, dc.marker, dc.marker_start, dc.marker_end, dc.sentence_start, "
        "dc.sentence_end, dc.note, dc.url, dc.source_id, s.title FROM document_citations dc "
        "LEFT JOIN sources s ON s.id = dc.source_id "
        "WHERE dc.version_id = ? AND dc.sentence_start <= ? AND dc.sentence_end >= ? "
        "ORDER BY dc.ordinal",
        (version_id, start, end),
    )
    return [DocumentCitationRecord(*r) for r in rows]


def verdicts(reader: Reader, claim_id: int) -> list[VerdictRecord]:
    """Every verdict on the claim, oldest first, with its label, scale and class.

    A label's class is its own, or that of the default-scale label it maps to
    (None: an unmapped publisher's label).
    """
    rows = reader.rows(
        "SELECT v.id, v.claim_id, s.name, l.label, l.title, l.value, s.worst_value, "
        "s.best_value, COALESCE(l.verdict_class, m.verdict_class), v.rationale, p.name, "
        "v.created_at, v.forced, v.force_reason, v.review_url, v.publisher FROM verdicts v "
        "JOIN rating_labels l ON l.id = v.label_id "
        "JOIN rating_scales s ON s.id = l.scale_id "
        "LEFT JOIN rating_labels m ON m.id = l.maps_to_id "
        "JOIN people p ON p.id = v.reviewer_id "
        "WHERE v.claim_id = ? ORDER BY v.id",
        (claim_id,),
    )
    return [
        _record(
            VerdictRecord,
            r,
            verdict_class=_maybe(VerdictClass),
            created_at=timestamp,
            forced=bool,
        )
        for r in rows
    ]


def note_threads(reader: Reader, claim_id: int) -> list[NoteThread]:
    """The claim's notes as threads: each top-level note with its replies, oldest first."""
    rows = reader.rows(
        "SELECT n.id, n.claim_id, n.parent_id, n.kind, n.body, p.name, n.created_at "
        "FROM notes n JOIN people p ON p.id = n.author_id WHERE n.claim_id = ? ORDER BY n.id",
        (claim_id,),
    )
    children: dict[int | None, list[Any]] = {}
    for r in rows:
        children.setdefault(r[2], []).append(r)

    def build(r: Any) -> NoteThread:
        return dataclasses.replace(
            _record(NoteThread, r, kind=NoteKind, created_at=timestamp),
            replies=[build(child) for child in children.get(r[0], [])],
        )

    return [build(r) for r in children.get(None, [])]


def flags(reader: Reader, claim_id: int) -> list[FlagRecord]:
    """The claim's flags, open and resolved, oldest first."""
    rows = reader.rows(
        "SELECT f.id, f.claim_id, f.reason, f.note, r.name, f.raised_at, x.name, "
        "f.resolved_at, f.resolution FROM flags f JOIN people r ON r.id = f.raised_by_id "
        "LEFT JOIN people x ON x.id = f.resolved_by_id WHERE f.claim_id = ? ORDER BY f.id",
        (claim_id,),
    )
    return [
        _record(FlagRecord, r, reason=FlagReason, raised_at=timestamp, resolved_at=timestamp)
        for r in rows
    ]


def links(reader: Reader, claim_id: int) -> list[LinkRecord]:
    """Every link from or to the claim, oldest first."""
    rows = reader.rows(
        "SELECT k.id, k.claim_id, k.other_id, k.kind, k.note, p.name, k.created_at "
        "FROM claim_links k JOIN people p ON p.id = k.created_by_id "
        "WHERE k.claim_id = ? OR k.other_id = ? ORDER BY k.id",
        (claim_id, claim_id),
    )
    return [_record(LinkRecord, r, kind=LinkKind, created_at=timestamp) for r in rows]
