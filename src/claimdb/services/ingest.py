"""Ingest: the one path by which claims come in from files (imports and seeds).

Idempotent: a record whose external id, or else whose content hash (text,
speaker, anchor), is already stored is left alone and counted as unchanged.
Sources are shared: a record's source is matched to a stored one by external
id, DOI or normalised URL, and, for a source with none of those (a report's
"2025 Yale survey"), by identical type, title and issued date.

Verdicts that come with a record (a ClaimReview rating, a LIAR label) are
resolved on a stored scale and recorded under the evidence rules of
:mod:`claimdb.services.verdicts`: the record's own evidence, or the
publisher of the verdict cited as evidence, must allow it, or a recorded
``force_reason`` overrides the rule. A claim imported with a verdict gets
the final status of its class (true -> verified; false, misleading, mixed ->
disputed; unverifiable -> unsupported), recorded as an event; without one it
stays unreviewed.

Two write paths, one behaviour:

- per record, through the ORM services (claims, citations, verdicts...):
  for records with anchors, notes or flags;
- in batches, through SQLAlchemy Core (:mod:`claimdb.db.bulk`): for plain
  records (text, tags, quantities, citations, a verdict), which is what large
  files hold. It writes the same rows; its event log records one ``imported``
  event per batch, naming the claim ids, instead of one event per row (the
  per-row events double the cost of a large import: bench/README.md).

Every record is checked before anything is written for it (labels, the
evidence rules, the document): all problems are collected with their line,
and unless ``skip_invalid`` is set, any problem raises
:class:`~claimdb.errors.InvalidInput` at the end, so the caller's unit of
work rolls everything back.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from claimdb.db import bulk, event_queries, repo
from claimdb.db.models import Person, RatingLabel, Source
from claimdb.db.types import utcnow
from claimdb.db.uow import UnitOfWork
from claimdb.enums import (
    CitationKind,
    ClaimStatus,
    ClaimType,
    EntityKind,
    LinkKind,
    OnMatch,
    Stance,
    VerdictClass,
)
from claimdb.errors import (
    AlreadyExists,
    ClaimDBError,
    InvalidInput,
    NotFound,
    Problem,
)
from claimdb.formats import identity
from claimdb.formats.records import Finding, FlatClaim
from claimdb.schemas.claims import AnchorIn, ClaimIn
from claimdb.schemas.common import normalise_url
from claimdb.schemas.evidence import CitationIn
from claimdb.schemas.imports import ImportRequest
from claimdb.schemas.matching import LinkIn, MatchQuery
from claimdb.schemas.records import CitationRecord, ClaimRecord, Rejected, VerdictRecord
from claimdb.schemas.review import FlagIn, NoteIn
from claimdb.schemas.sources import SourceIn
from claimdb.services import (
    chain,
    citations,
    claims,
    documents,
    events,
    flags,
    matching,
    notes,
    ratings,
    rules,
    sources,
    verdicts,
    workflow,
)

FINAL_STATUS: dict[VerdictClass, ClaimStatus] = workflow.APPROVED_STATUS
"""The status an imported claim takes from its verdict's class.

An imported verdict is a decision already published elsewhere, so the claim
arrives decided, with the status an editor's approval would give it
(:data:`claimdb.services.workflow.APPROVED_STATUS`); the move is logged as a
``status_changed`` event like any other.
"""

TAG_EXAMPLES = 3
"""How many normalised tags the import report shows as examples."""
INDEX_SUSPEND_ROWS = 50_000
"""A bulk import this large (and at least a quarter of the table) rebuilds indexes at the end."""
INDEX_SUSPEND_EMPTY_ROWS = 1_000
"""Into an empty table, a file of at least this many rows (by its size) does so from the start."""
BYTES_PER_ROW = 1000
"""A generous size of one input row: a file of N bytes holds at least about N / 1000 rows
(a spreadsheet row is 150-300 bytes, a ClaimReview item 1-2 KB)."""
ANALYZE_ROWS = 10_000
"""A bulk import this large (and at least a tenth of the table) refreshes PostgreSQL's
statistics before commit: planned without them, a review queue query right after a
200,000-claim import took 13 s (issue 16)."""


@dataclass
class Merge:
    """A row not written because an earlier row of the import is the same claim.

    The identity: the external id when the row has one, else the content key
    (text with white space collapsed and case folded, speaker, document
    version, anchor offset). ``conflicts`` names the fields that disagree
    (verdict, checkable, speaker); ``text_differs``: the texts differ in case or
    white space only (the content key ignores both).
    """

    line: int | None
    into_line: int | None
    identity: str
    conflicts: list[str]
    text_differs: bool

    def message(self) -> str:
        what = f"line {self.line} is the claim of line {self.into_line} (same {self.identity})"
        if self.conflicts:
            what += "; conflicting " + ", ".join(self.conflicts) + ": the later row was dropped"
        if self.text_differs:
            what += "; its text differs in case or white space"
        return what


_Facts = tuple[int | None, int, str | None, bool, str | None]
"""A row's line, then the hash of its text, its verdict, checkable and speaker."""
_FACT_NAMES = ("text", "verdict", "checkable", "speaker")


def _facts(p: _Prepared | _Flat) -> _Facts:
    if isinstance(p, _Flat):
        r = p.row
        return (r.line, hash(r.text), None, r.checkable, r.speaker)
    c = p.record.claim
    verdict = f"{p.label.scale.name}:{p.label.label}" if p.label is not None else None
    return (p.record.line, hash(c.text), verdict, c.checkable, c.speaker)


@dataclass
class IngestReport:
    created: int = 0
    unchanged: int = 0
    rejected: int = 0
    sources_created: int = 0
    verdicts: int = 0
    matched_same: int = 0
    """Rows a stored claim already states (the matcher's tier "same"), with --on-match."""
    matched_similar: int = 0
    """Rows like a stored claim (tier "similar" or "different-number"), with --on-match."""
    skipped_same: int = 0
    linked: int = 0
    merged: int = 0
    """Rows that are the same claim as an earlier row of the file (see :class:`Merge`)."""
    conflicts: int = 0
    """Merged rows whose verdict, checkable or speaker disagree with the row they merged into."""
    merges: list[Merge] = field(default_factory=list)
    """The first merges (up to max_problems); all go to ``on_merge``."""
    tags_normalised: int = 0
    """Tags stored in their normalised form, not as given ("editor's-picks" -> "editors-picks")."""
    tag_examples: dict[str, str] = field(default_factory=dict)
    """The first few of them, given -> stored."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.unchanged


def find_source(uow: UnitOfWork, data: SourceIn) -> Source | None:
    """The stored source a record's source refers to, if any (see the module doc)."""
    if data.external_id:
        found = repo.source_by_external_id(uow.session, data.external_id)
        if found is not None:
            return found
    if data.url or data.doi:
        return sources.find_duplicate(uow, url=data.url, doi=data.doi)
    return repo.unlinked_source(
        uow.session, csl_type=data.csl_type, title=data.title, issued=data.issued
    )


def source_key(data: SourceIn) -> tuple[str, ...]:
    """What identifies a source within one import (the same rules as :func:`find_source`)."""
    if data.external_id:
        return ("ext", data.external_id)
    if data.doi:
        return ("doi", data.doi)
    if data.url:
        return ("url", normalise_url(data.url))
    return ("title", data.csl_type, data.title, data.issued or "")


@dataclass
class _Prepared:
    """A checked record: everything resolved that writing it needs."""

    record: ClaimRecord
    version_id: int | None
    key: int
    citations: list[CitationRecord]
    label: RatingLabel | None = None
    klass: VerdictClass | None = None
    rationale: str = ""
    force_reason: str | None = None
    rule_overridden: str | None = None
    publisher: str | None = None

    @property
    def plain(self) -> bool:
        r = self.record
        return r.position is None and not r.notes and not r.flags

    @property
    def external_id(self) -> str | None:
        return self.record.claim.external_id


class _Flat:
    """A plain claim as the import's reading process sends it (:class:`FlatClaim`).

    Written by the batched path straight from its tuple; turned back into a
    :class:`ClaimRecord` only in the rare batch that must go row by row.
    """

    __slots__ = ("row", "version_id")
    plain = True
    label: RatingLabel | None = None
    klass: VerdictClass | None = None

    def __init__(self, row: FlatClaim, version_id: int | None) -> None:
        self.row = row
        self.version_id = version_id

    @property
    def external_id(self) -> str | None:
        return self.row.external_id

    @property
    def key(self) -> int:
        return self.row.content_key

    def record(self) -> ClaimRecord:
        r = self.row
        claim = ClaimIn(
            external_id=r.external_id,
            text=r.text,
            claim_type=ClaimType(r.claim_type),
            checkable=r.checkable,
            speaker=r.speaker,
            speaker_description=r.speaker_description,
            claimed_on=date.fromisoformat(r.claimed_on) if r.claimed_on else None,
            appearance_url=r.appearance_url,
            context=r.context,
            priority=r.priority,
            tags=list(r.tags),
        )
        return ClaimRecord(claim=claim, line=r.line)


def _located(exc: ClaimDBError, origin: str | None, line: int | None) -> list[Problem]:
    problems = getattr(exc, "problems", None) or [Problem(exc.message)]
    return [Problem(p.message, field=p.field, file=origin, line=line) for p in problems]


class _Ingest:
    def __init__(
        self,
        uow: UnitOfWork,
        by: Person,
        request: ImportRequest,
        on_reject: Callable[[Rejected], None] | None,
    ) -> None:
        self.uow = uow
        self.by = by
        self.request = request
        self.origin = request.origin
        self.on_reject = on_reject
        self.report = IngestReport()
        self.versions: dict[str, int] = {}
        self.labels: dict[tuple[str, str | None], RatingLabel] = {}
        self.seen: dict[str | int, _Facts] = {}
        """Each claim identity this import has written, with the facts of its first row."""
        self.on_merge: Callable[[Merge], None] | None = None
        self.publisher_labels: dict[tuple[Any, ...], RatingLabel] = {}
        self.source_ids: dict[tuple[str, ...], int] = {}
        self.fts_from: int | None = None
        self.fts_suspended = False
        self.counts_suspended = False
        self.existing_claims = 0
        self.suspended_indexes: list[str] | None = None
        self.empty_at_start = False
        self.recount = False
        """claim_counts' triggers are off (PostgreSQL): count every claim at the end."""
        """No claim was stored when the import began: no row of it can be there already."""
        self.expected_rows = (request.size_hint or 0) // BYTES_PER_ROW
        """A low estimate of the rows to come, from the file's size."""
        self.cache_before: int | None = None
        self.now = utcnow()

    # -- checking -----------------------------------------------------------

    def reject(self, item: Rejected) -> None:
        self.report.rejected += 1
        room = self.request.max_problems - len(self.report.problems)
        if room > 0:
            self.report.problems.extend(item.problems[:room])
        if self.on_reject is not None:
            self.on_reject(item)

    def tags_renamed(self, renamed: Sequence[tuple[str, str]]) -> None:
        report = self.report
        report.tags_normalised += len(renamed)
        for given, stored in renamed:
            if len(report.tag_examples) < TAG_EXAMPLES:
                report.tag_examples.setdefault(given, stored)

    def _version_id(self, slug: str) -> int:
        if slug not in self.versions:
            document = documents.get_document(self.uow, slug)
            latest = repo.latest_version(self.uow.session, document.id)
            if latest is None:
                raise InvalidInput(
                    "no text to file claims under",
                    problems=[Problem(f"document {slug!r} has no text yet", "document")],
                )
            self.versions[slug] = latest.id
        return self.versions[slug]

    def default_version(self) -> int | None:
        """The version claims without a document of their own are filed under."""
        slug = self.request.document
        if slug is None:
            return None
        return self.versions[slug] if slug in self.versions else self._version_id(slug)

    def _label(self, label: str, scale: str | None) -> RatingLabel:
        key = (label, scale)
        if key not in self.labels:
            try:
                self.labels[key] = verdicts.resolve_label(self.uow, label, scale)
            except (InvalidInput, NotFound) as exc:
                raise InvalidInput(
                    exc.message, problems=[Problem(exc.message, "verdict")], hint=exc.hint
                ) from None
        return self.labels[key]

    def prepare(self, record: ClaimRecord) -> _Prepared:
        slug = record.document or self.request.document
        version_id = self._version_id(slug) if slug else None
        start = record.position.start if record.position else None
        data = record.claim
        key = identity.claim_content_key(data.text, data.speaker, version_id, start)
        prepared = _Prepared(record, version_id, key, list(record.citations))
        v = record.verdict
        if v is None:
            return prepared
        label = self._verdict_label(v)
        klass = verdicts.label_class_or_none(label)
        stances = [c.stance for c in prepared.citations if c.kind is CitationKind.EVIDENCE]
        publisher = v.source or _review_source(v, stances) or self.request.verdict_source
        if publisher is not None:
            # An unmapped label's class is unknown: its review is context, not a stance.
            stance = verdicts.STANCE_FOR_CLASS[klass] if klass else Stance.CONTEXT
            prepared.citations.append(CitationRecord(source=publisher, stance=stance))
            stances.append(stance)
        problem = rules.rule_problem(klass, stances) if klass else None
        force = v.force_reason or self.request.force_reason
        if problem and force is None:
            message = (
                f"cannot record the {label.scale.name}:{label.label} verdict: {problem} "
                "(give the evidence in the file, name who published the verdict with "
                "--verdict-source TITLE=URL, or override with --force-reason TEXT)"
            )
            raise InvalidInput(message, problems=[Problem(message, "verdict")])
        prepared.label = label
        prepared.klass = klass
        prepared.force_reason = force
        prepared.rule_overridden = problem if force else None
        source = self.request.verdict_source
        prepared.publisher = v.publisher or (source.title if source else None)
        prepared.rationale = v.rationale or _default_rationale(prepared.publisher, publisher)
        return prepared

    def _verdict_label(self, v: VerdictRecord) -> RatingLabel:
        """The label a record's verdict is: on its scale, or on its publisher's own scale.

        A publisher's scale (made on first sight) takes every label verbatim;
        a curated scale (claimdb's, LIAR's, a desk's) refuses a label it lacks.
        """
        scale_name = v.scale or self.request.scale
        if scale_name is None and v.publisher is None:
            try:
                return self._label(v.label, None)
            except InvalidInput:
                source = self.request.verdict_source
                if source is None:
                    raise
                return self._publisher_label(v, source.title, None)
        return self._publisher_label(v, v.publisher, scale_name)

    def _publisher_label(
        self, v: VerdictRecord, publisher: str | None, scale_name: str | None
    ) -> RatingLabel:
        text = v.title or v.label
        numbers = (v.rating_value, v.best_rating, v.worst_rating)
        key = ("publisher", scale_name, publisher, text, numbers)
        cached = self.publisher_labels.get(key)
        if cached is not None:
            return cached
        scale = repo.scale_by_name(self.uow.session, scale_name) if scale_name else None
        if scale is None and publisher is not None:
            scale = ratings.publisher_scale(
                self.uow, by=self.by, publisher=publisher, name=scale_name
            )
        if scale is None or scale.publisher is None:
            return self._label(v.label, scale.name if scale else scale_name)
        label = ratings.publisher_label(
            self.uow,
            by=self.by,
            scale=scale,
            text=text,
            value=v.rating_value,
            best=v.best_rating,
            worst=v.worst_rating,
        )
        self.publisher_labels[key] = label
        return label

    # -- writing ------------------------------------------------------------

    def write(self, batch: Sequence[_Prepared | _Flat]) -> None:
        fresh = self._new_only(batch)
        originals: dict[int, int] = {}
        if self.request.on_match is not OnMatch.OFF:
            fresh, originals = self._matched(fresh)
        if not fresh:
            return
        use_bulk = self.request.bulk is not False and not originals and all(p.plain for p in fresh)
        if use_bulk:
            self._write_bulk(fresh)
            return
        for item in fresh:
            p = self.prepare(item.record()) if isinstance(item, _Flat) else item
            savepoint = self.uow.session.begin_nested()
            try:
                claim_id = self._write_one(p)
                if id(item) in originals:
                    link = LinkIn(
                        claim_id=claim_id, other_id=originals[id(item)], kind=LinkKind.SAME
                    )
                    matching.create_link(self.uow, by=self.by, data=link)
                    self.report.linked += 1
            except (InvalidInput, NotFound, AlreadyExists) as exc:
                # Checked, but refused on write (an anchor's quote not at its offsets).
                savepoint.rollback()
                line = p.record.line
                self.reject(Rejected(line, _located(exc, self.origin, line), p.record.raw))
            else:
                savepoint.commit()

    def _matched(
        self, batch: list[_Prepared | _Flat]
    ) -> tuple[list[_Prepared | _Flat], dict[int, int]]:
        """Count the rows a stored claim states or resembles (--on-match); skip or pair them.

        Returns the rows to write and, for ``link``, each repeat's original (by
        ``id()`` of the row).
        """
        keep: list[_Prepared | _Flat] = []
        originals: dict[int, int] = {}
        for item in batch:
            text = item.row.text if isinstance(item, _Flat) else item.record.claim.text
            found = matching.find_matches(self.uow, query=MatchQuery(text=text, limit=3))
            best = found[0] if found else None
            if best is not None and best.tier == "same":
                self.report.matched_same += 1
                if self.request.on_match is OnMatch.SKIP:
                    self.report.skipped_same += 1
                    continue
                if self.request.on_match is OnMatch.LINK:
                    original = best.same_as.claim_id if best.same_as else best.claim_id
                    originals[id(item)] = original
            elif best is not None and best.tier != "none":
                self.report.matched_similar += 1
            keep.append(item)
        return keep, originals

    def _new_only(self, batch: Sequence[_Prepared | _Flat]) -> list[_Prepared | _Flat]:
        """The records not stored yet (nor earlier in this batch); count the others."""
        session = self.uow.session
        exts = [p.external_id for p in batch]
        by_ext: dict[str, int] = {}
        by_key: dict[int, int] = {}
        if not self.empty_at_start:
            by_ext = bulk.ids_by_external_id(session, [e for e in exts if e])
            by_key = bulk.ids_by_content_key(session, [p.key for p in batch if not p.external_id])
        fresh: list[_Prepared | _Flat] = []
        seen = self.seen
        for p, ext in zip(batch, exts, strict=True):
            seen_key: str | int = ext if ext else p.key
            facts = _facts(p)
            first = seen.get(seen_key)
            if first is not None:
                self._merged(first, facts, ext)
                continue
            if (by_ext.get(ext) if ext else by_key.get(p.key)) is not None:
                self.report.unchanged += 1
                continue
            seen[seen_key] = facts
            fresh.append(p)
        return fresh

    def _merged(self, first: _Facts, row: _Facts, ext: str | None) -> None:
        """A row that is the same claim as an earlier row of this import: count and report it."""
        self.report.merged += 1
        fields = [
            name
            for name, a, b in zip(_FACT_NAMES, first[1:], row[1:], strict=True)
            if a != b and name != "text"
        ]
        merge = Merge(
            line=row[0],
            into_line=first[0],
            identity="external_id" if ext else "content",
            conflicts=fields,
            text_differs=first[1] != row[1],
        )
        if fields:
            self.report.conflicts += 1
        if len(self.report.merges) < self.request.max_problems:
            self.report.merges.append(merge)
        if self.on_merge is not None:
            self.on_merge(merge)

    def _source_id(self, data: SourceIn) -> int:
        key = source_key(data)
        found = self.source_ids.get(key)
        if found is None:
            stored = find_source(self.uow, data)
            if stored is None:
                stored = sources.create_source(self.uow, by=self.by, data=data)
                self.report.sources_created += 1
            found = self.source_ids[key] = stored.id
        return found

    def _large(self) -> bool:
        """Whether the import is large relative to the table (so far, or by the file's size)."""
        if self.empty_at_start and self.expected_rows >= INDEX_SUSPEND_EMPTY_ROWS:
            return True
        return self.report.created + self.expected_rows >= max(
            INDEX_SUSPEND_ROWS, self.existing_claims // 4
        )

    def _resolve_sources(self, cited: Sequence[SourceIn]) -> None:
        """Find or create a batch's sources identified by URL or DOI alone, all at once.

        What :meth:`_source_id` does one by one, with a query per kind of key and
        one flush for the new ones: on PostgreSQL, four round trips per new
        source made a verdict's row 20 times slower than a plain one (issue 16).
        Sources with an external id, or with neither URL nor DOI, are left to
        :meth:`_source_id`.
        """
        todo: dict[tuple[str, ...], SourceIn] = {}
        for data in cited:
            key = source_key(data)
            if key[0] in ("url", "doi") and key not in self.source_ids and key not in todo:
                todo[key] = data
        if not todo:
            return
        urls = {key: normalise_url(d.url) for key, d in todo.items() if d.url}
        by_url, by_doi = repo.source_ids_by_identity(
            self.uow.session,
            urls_normalized=list(set(urls.values())),
            dois=list({d.doi for d in todo.values() if d.doi}),
        )
        Key = tuple[str, ...]
        new: dict[Key, SourceIn] = {}
        new_by_doi: dict[str, Key] = {}
        new_by_url: dict[str, Key] = {}
        same_as: dict[Key, Key] = {}
        for key, data in todo.items():
            # find_source's order: the DOI, then the URL; stored, or new in this batch.
            url = urls.get(key)
            stored = (by_doi.get(data.doi) if data.doi else None) or (
                by_url.get(url) if url else None
            )
            if stored is not None:
                self.source_ids[key] = stored
                continue
            earlier = (new_by_doi.get(data.doi) if data.doi else None) or (
                new_by_url.get(url) if url else None
            )
            if earlier is not None:
                same_as[key] = earlier
                continue
            new[key] = data
            if data.doi:
                new_by_doi[data.doi] = key
            if url:
                new_by_url[url] = key
        if new:
            made = self._store_sources(list(new.values()))
            for key, source_id in zip(new, made, strict=True):
                self.source_ids[key] = source_id
            self.report.sources_created += len(made)
        for key, earlier in same_as.items():
            self.source_ids[key] = self.source_ids[earlier]

    def _store_sources(self, data: list[SourceIn]) -> list[int]:
        """New sources, none of them stored yet nor sharing a key, each with its ``created``
        event: what :func:`claimdb.services.sources.create_sources` writes, in one COPY
        (PostgreSQL) or executemany (SQLite) for the sources and one for their events,
        where the ORM's flush cost 3.2 s of a 200,000-claim import's client CPU."""
        session = self.uow.session
        ids = bulk.reserve_ids(session, bulk.SOURCES, len(data))
        by_id = self.by.id
        now = bulk.db_datetime(session, self.now)
        rows = []
        logged: list[dict[str, Any]] = []
        for sid, d in zip(ids, data, strict=True):
            authors = [a.model_dump(exclude_none=True) for a in d.authors]
            rows.append(
                (
                    *(sid, d.csl_type, d.title, json.dumps(authors), d.container_title),
                    *(d.publisher, d.issued, d.url, normalise_url(d.url) if d.url else None),
                    *(d.doi, bulk.db_date(session, d.accessed), d.archive_url, d.archive_hash),
                    *(d.reliability.value, d.link_status.value, d.note, d.external_id),
                    *(by_id, now),
                )
            )
            logged.append(
                chain.link(
                    self.uow,
                    {
                        "actor_id": by_id,
                        "entity": EntityKind.SOURCE,
                        "entity_id": sid,
                        "claim_id": None,
                        "action": "created",
                        "before": None,
                        "after": events.snapshot(d, sources.CREATED_FIELDS),
                        "reason": None,
                    },
                )
            )
        bulk.insert_tuples(session, bulk.SOURCES, bulk.SOURCE_COLUMNS, rows)
        bulk.insert_events(session, logged)
        return ids

    def _write_one(self, p: _Prepared) -> int:
        uow, by, record = self.uow, self.by, p.record
        data = record.claim
        if record.position is not None and p.version_id is not None:
            data = data.model_copy(
                update={
                    "anchor": AnchorIn(
                        version_id=p.version_id,
                        start=record.position.start,
                        end=record.position.end,
                        quote=record.position.quote,
                    )
                }
            )
        claim = claims.create_claim(uow, by=by, data=data, version_id=p.version_id)
        for cited in p.citations:
            citations.create_citation(
                uow,
                by=by,
                data=CitationIn(
                    claim_id=claim.id,
                    source_id=self._source_id(cited.source),
                    kind=cited.kind,
                    stance=cited.stance,
                    quote=cited.quote,
                    locator=cited.locator,
                ),
            )
        for note in record.notes:
            notes.create_note(
                uow, by=by, data=NoteIn(claim_id=claim.id, body=note.body, kind=note.kind)
            )
        for flag in record.flags:
            flags.create_flag(
                uow, by=by, data=FlagIn(claim_id=claim.id, reason=flag.reason, note=flag.note)
            )
        if p.label is not None and record.verdict is not None:
            verdicts.create_verdict(
                uow,
                by=by,
                claim=claim,
                label=p.label,
                rationale=p.rationale,
                force_reason=p.force_reason,
                review_url=record.verdict.review_url,
                created_at=_published_at(record.verdict.published),
                publisher=p.publisher,
            )
            self.report.verdicts += 1
            if p.klass is not None:  # an unmapped label leaves the claim unreviewed
                workflow.move(
                    uow,
                    by=by,
                    claim=claim,
                    to=FINAL_STATUS[p.klass],
                    reason="imported with a published verdict",
                )
            uow.flush()
        self.report.created += 1
        return claim.id

    def _write_bulk(self, batch: Sequence[_Prepared | _Flat]) -> None:
        session = self.uow.session
        if self.fts_from is None:
            self.cache_before = bulk.set_sqlite_cache(session, bulk.IMPORT_CACHE_KIB)
            self.fts_suspended = bulk.suspend_search_trigger(session)
            self.counts_suspended = bulk.suspend_count_trigger(session)
            self.existing_claims = bulk.claim_count_estimate(session)
            self.empty_at_start = self.existing_claims == 0 and self.report.created == 0
        if self.suspended_indexes is None and self._large():
            # Large relative to the table: rebuilding the secondary indexes once
            # at the end beats updating them row by row.
            self.suspended_indexes = bulk.suspend_indexes(session, empty=self.empty_at_start)
            if self.empty_at_start:
                self.recount = bulk.suspend_pg_counters(session)
        # Dropping indexes on PostgreSQL locked claims against every other writer.
        ids = bulk.reserve_ids(session, bulk.CLAIMS, len(batch), locked=self.recount)
        if self.fts_from is None:
            self.fts_from = ids[0]
        by_id = self.by.id
        now = bulk.db_datetime(session, self.now)
        day = functools.partial(bulk.db_date, session)
        flat_day = bulk.db_iso_date(session)
        unreviewed = ClaimStatus.UNREVIEWED.value
        claim_rows: list[tuple[Any, ...]] = []
        tag_rows: list[tuple[int, str]] = []
        quantity_rows: list[tuple[Any, ...]] = []
        cited: list[tuple[int, CitationRecord]] = []
        judged: list[tuple[int, _Prepared]] = []
        for cid, p in zip(ids, batch, strict=True):
            if type(p) is _Flat:
                r = p.row
                claim_rows.append(
                    (
                        *(cid, r.text, r.claim_type, r.checkable, r.speaker),
                        *(r.speaker_description, flat_day(r.claimed_on), r.appearance_url),
                        *(r.context, r.priority, p.version_id, unreviewed, r.external_id),
                        *(r.content_key, by_id, now, now, 1),
                    )
                )
                if r.tags:
                    tag_rows += [(cid, t) for t in r.tags]
                continue
            assert isinstance(p, _Prepared)
            d = p.record.claim
            claim_rows.append(
                (
                    cid,
                    d.text,
                    d.claim_type.value,
                    d.checkable,
                    d.speaker,
                    d.speaker_description,
                    day(d.claimed_on),
                    d.appearance_url,
                    d.context,
                    d.priority,
                    p.version_id,
                    FINAL_STATUS[p.klass].value if p.klass else unreviewed,
                    d.external_id,
                    p.key,
                    by_id,
                    now,
                    now,
                    1,
                )
            )
            if d.tags:
                tag_rows.extend((cid, t) for t in dict.fromkeys(d.tags))
            if d.quantities:
                quantity_rows.extend(
                    (
                        cid,
                        i,
                        q.value,
                        q.unit,
                        q.measure,
                        q.period,
                        q.place,
                        q.qualifier.value,
                        q.as_written,
                    )
                    for i, q in enumerate(d.quantities, 1)
                )
            if p.citations:
                cited.extend((cid, c) for c in p.citations)
            if p.label is not None:
                judged.append((cid, p))
        bulk.insert_tuples(session, bulk.CLAIMS, bulk.CLAIM_COLUMNS, claim_rows)
        if self.counts_suspended:
            bulk.count_new_claims(session, ids[0], ids[-1])
        bulk.insert_tuples(session, bulk.TAGS, ("claim_id", "tag"), tag_rows)
        bulk.insert_tuples(session, bulk.QUANTITIES, bulk.QUANTITY_COLUMNS, quantity_rows)
        self._resolve_sources([c.source for _, c in cited])
        citation_ids = bulk.reserve_ids(session, bulk.CITATIONS, len(cited))
        citation_rows = [
            (
                cit_id,
                cid,
                self._source_id(c.source),
                c.kind.value,
                c.stance.value if c.stance else None,
                c.quote,
                c.locator,
                by_id,
                now,
            )
            for cit_id, (cid, c) in zip(citation_ids, cited, strict=True)
        ]
        bulk.insert_tuples(session, bulk.CITATIONS, bulk.CITATION_COLUMNS, citation_rows)
        verdict_ids = bulk.reserve_ids(session, bulk.VERDICTS, len(judged))
        verdict_rows = []
        for vid, (cid, p) in zip(verdict_ids, judged, strict=True):
            v = p.record.verdict
            assert p.label is not None
            assert v is not None
            published = _published_at(v.published)
            verdict_rows.append(
                (
                    vid,
                    cid,
                    p.label.id,
                    p.rationale,
                    by_id,
                    bulk.db_datetime(session, published) if published else now,
                    p.force_reason is not None,
                    p.force_reason,
                    v.review_url,
                    p.publisher,
                )
            )
        bulk.insert_tuples(session, bulk.VERDICTS, bulk.VERDICT_COLUMNS, verdict_rows)
        # The per-record path bumps the version counter twice for a judged claim:
        # once pointing it at its verdict, once setting its status.
        bulk.point_claims_at_verdicts(
            session,
            [
                (cid, vid, 3 if p.klass else 2)
                for vid, (cid, p) in zip(verdict_ids, judged, strict=True)
            ],
        )
        if self.request.per_claim_events:
            self._per_claim_events(ids, batch, citation_rows, verdict_ids, judged)
        else:
            self._batch_event(ids, batch, len(citation_rows))
        self.report.created += len(batch)
        self.report.verdicts += len(verdict_rows)

    def _batch_event(
        self, ids: list[int], batch: Sequence[_Prepared | _Flat], citation_count: int
    ) -> None:
        statuses = Counter(FINAL_STATUS[p.klass].value for p in batch if p.klass)
        if len(batch) > statuses.total():
            statuses[ClaimStatus.UNREVIEWED.value] = len(batch) - statuses.total()
        events.record(
            self.uow,
            actor=self.by,
            entity=EntityKind.CLAIM,
            entity_id=ids[0],
            action=event_queries.IMPORTED,
            after={
                "origin": self.origin,
                "count": len(ids),
                "claim_ids": id_ranges(ids),
                "statuses": dict(sorted(statuses.items())),
                "citations": citation_count,
            },
        )

    def _per_claim_events(
        self,
        ids: list[int],
        batch: Sequence[_Prepared | _Flat],
        citation_rows: list[tuple[Any, ...]],
        verdict_ids: list[int],
        judged: list[tuple[int, _Prepared]],
    ) -> None:
        """The events the per-record path writes, in one executemany (per_claim_events)."""
        rows: list[dict[str, Any]] = []
        by_claim: dict[int, list[tuple[Any, ...]]] = {}
        for c in citation_rows:
            by_claim.setdefault(c[1], []).append(c)
        verdict_of = {cid: (vid, p) for vid, (cid, p) in zip(verdict_ids, judged, strict=True)}

        def event(entity: EntityKind, entity_id: int, cid: int, action: str, **kw: Any) -> None:
            rows.append(
                {
                    "occurred_at": self.now,
                    "actor_id": self.by.id,
                    "entity": entity,
                    "entity_id": entity_id,
                    "claim_id": cid,
                    "action": action,
                    "before": kw.get("before"),
                    "after": kw.get("after"),
                    "reason": kw.get("reason"),
                }
            )

        for cid, p in zip(ids, batch, strict=True):
            assert isinstance(p, _Prepared), "ingest turns flat claims into records for these"
            d = p.record.claim
            after = claims.created_payload(
                d, status=ClaimStatus.UNREVIEWED, tags=list(dict.fromkeys(d.tags)), anchor=None
            )
            event(EntityKind.CLAIM, cid, cid, "created", after=after)
            for c in by_claim.get(cid, []):
                logged = citations.created_payload(
                    claim_id=c[1],
                    source_id=c[2],
                    kind=CitationKind(c[3]),
                    stance=Stance(c[4]) if c[4] else None,
                    quote=c[5],
                    locator=c[6],
                )
                event(EntityKind.CITATION, c[0], cid, "created", after=logged)
            if cid in verdict_of:
                vid, jp = verdict_of[cid]
                assert jp.label is not None
                recorded = verdicts.recorded_payload(
                    jp.label,
                    rationale=jp.rationale,
                    forced=jp.force_reason is not None,
                    rule_overridden=rules.rule_message(cid, jp.klass, jp.rule_overridden)
                    if jp.rule_overridden and jp.klass
                    else None,
                )
                event(
                    EntityKind.VERDICT, vid, cid, "recorded", after=recorded, reason=jp.force_reason
                )
                if jp.klass is None:
                    continue
                event(
                    EntityKind.CLAIM,
                    cid,
                    cid,
                    workflow.STATUS_CHANGED,
                    **workflow.status_payload(ClaimStatus.UNREVIEWED, FINAL_STATUS[jp.klass]),
                    reason="imported with a published verdict",
                )
        for row in rows:
            chain.link(self.uow, row)
        bulk.insert_events(self.uow.session, rows)

    def finish(self) -> None:
        session = self.uow.session
        if self.fts_from is not None:
            if self.fts_suspended:
                bulk.resume_search_trigger(session, self.fts_from)
            if self.counts_suspended:
                bulk.resume_count_trigger(session)
            if self.suspended_indexes:
                bulk.restore_indexes(session, self.suspended_indexes)
            if self.recount:
                bulk.recount(session)
            bulk.restore_sqlite_cache(session, self.cache_before)
            if self.report.created >= max(ANALYZE_ROWS, self.existing_claims // 10):
                bulk.analyze(session)


def _default_rationale(publisher: str | None, source: SourceIn | None) -> str:
    """ "As published by PUBLISHER (URL)." (the fact-checker, not its review's title)."""
    if publisher is None and source is None:
        return ""
    who = publisher or (source.publisher if source else None) or (source.title if source else "")
    where = f" ({source.url})" if source is not None and source.url else ""
    return f"As published by {who}{where}."


def _review_source(v: VerdictRecord, stances: list[Stance | None]) -> SourceIn | None:
    """A publisher's review, as a source to cite, for a row that has no evidence of its own.

    The review page (a ClaimsKG row's URL, a CSV's review_url with a
    verdict_publisher) is the fact-checker's evidence for its own verdict.
    """
    if v.review_url is None or v.publisher is None or stances:
        return None  # without a publisher, the review may be the desk's own: not evidence
    who = v.publisher
    return SourceIn(
        title=f"Fact check by {who}",
        url=v.review_url,
        publisher=who,
        issued=v.published.isoformat() if v.published else None,
    )


def _published_at(day: Any) -> datetime | None:
    return datetime.combine(day, time(12, 0), tzinfo=UTC) if day is not None else None


def id_ranges(ids: Sequence[int]) -> list[list[int]]:
    """[1, 2, 3, 7] -> [[1, 3], [7, 7]]: claim ids as inclusive ranges."""
    ranges: list[list[int]] = []
    for i in sorted(ids):
        if ranges and ranges[-1][1] == i - 1:
            ranges[-1][1] = i
        else:
            ranges.append([i, i])
    return ranges


def ingest(
    uow: UnitOfWork,
    *,
    by: Person,
    records: Iterable[Finding],
    request: ImportRequest | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    on_merge: Callable[[Merge], None] | None = None,
) -> IngestReport:
    """Store each valid record not already present; check and report every invalid one.

    Rows that are the same claim as an earlier row of the import are merged
    into it: counted, reported to ``on_merge`` (:class:`Merge`), and with
    ``request.strict`` a merge whose fields conflict refuses the import.

    ``records`` may include :class:`Rejected` rows (a parser's findings) and
    plain claims as :class:`~claimdb.formats.records.FlatClaim` tuples, whose
    content key was computed for ``request.document``'s latest version. With
    ``request.skip_invalid`` the valid records are written and each invalid
    one goes to ``on_reject``; otherwise any problem raises InvalidInput
    listing them all (up to ``max_problems``) and the caller's unit of work
    rolls everything back.
    """
    opts = request or ImportRequest()
    origin = opts.origin
    job = _Ingest(uow, by, opts, on_reject)
    job.on_merge = on_merge
    pending: list[_Prepared | _Flat] = []
    flat_ok = not opts.per_claim_events
    for item in records:
        prepared: _Prepared | _Flat
        if type(item) is FlatClaim and flat_ok:
            prepared = _Flat(item, job.default_version())
            if item.renamed_tags:
                job.tags_renamed(item.renamed_tags)
        elif isinstance(item, Rejected):
            job.reject(item)
            continue
        else:
            record = _Flat(item, None).record() if type(item) is FlatClaim else item
            assert isinstance(record, ClaimRecord)
            try:
                prepared = job.prepare(record)
            except (InvalidInput, NotFound, AlreadyExists) as exc:
                job.reject(Rejected(record.line, _located(exc, origin, record.line), record.raw))
                continue
            if item.renamed_tags:
                job.tags_renamed(item.renamed_tags)
        if job.report.rejected and not opts.skip_invalid:
            continue  # nothing will be written: keep checking, stop writing
        pending.append(prepared)
        if len(pending) >= opts.batch_size:
            job.write(pending)
            pending.clear()
    if not (job.report.rejected and not opts.skip_invalid):
        job.write(pending)
    if job.report.rejected and not opts.skip_invalid:
        raise _all_problems(job.report, origin)
    if opts.strict and job.report.conflicts:
        raise _conflicts(job.report, origin)
    job.finish()
    return job.report


def _conflicts(report: IngestReport, origin: str | None) -> InvalidInput:
    rows = "row" if report.conflicts == 1 else "rows"
    return InvalidInput(
        f"{report.conflicts} {rows} in {origin or 'the input'} merge into an earlier row whose "
        "verdict, checkable or speaker differ; nothing was imported (--strict)",
        problems=[
            Problem(m.message(), file=origin, line=m.line) for m in report.merges if m.conflicts
        ],
        hint="fix the rows, or import without --strict: the first row is kept, and "
        "--merges FILE lists every merge",
    )


def _all_problems(report: IngestReport, origin: str | None) -> InvalidInput:
    shown = list(report.problems)
    rows = "row" if report.rejected == 1 else "rows"
    hidden = report.rejected - len({(p.file, p.line) for p in shown})
    if hidden > 0:
        shown.append(Problem(f"... and {hidden} more invalid {rows} not shown"))
    return InvalidInput(
        f"{report.rejected} invalid {rows} in {origin or 'the input'}; nothing was imported",
        problems=shown,
        hint="fix them and run the import again, or pass --skip-invalid --rejects FILE "
        "to import the valid rows and write the others to FILE",
    )
