"""Seeds: a document and its curated claims, checked line by line and loaded like an import.

:func:`read_seed` reads a ``claimdb-seed/1`` file (see :mod:`claimdb.schemas.seed`)
keeping the line of every key, validates each entry, then checks the file
against its document: the text's sha256, each section's heading line, each
quote at its offsets, the names of the sources the report cites. Every problem
found is reported at once, as ``claims.yaml:LINE: claims[c042].field: message``.

:func:`load_seed` then stores the document and its version through
:mod:`claimdb.services.documents` and every claim through
:func:`claimdb.services.ingest.ingest`, the path of every import: loading the
same seed twice changes nothing. Seeded claims start unreviewed, with no verdict.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from claimdb.analysis import anchors
from claimdb.db import repo
from claimdb.db.models import Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind
from claimdb.errors import InvalidInput, NotFound, PermissionDenied, Problem
from claimdb.schemas.claims import ClaimIn, QuantityIn
from claimdb.schemas.documents import DocumentVersionIn, SectionIn
from claimdb.schemas.imports import ImportRequest
from claimdb.schemas.records import CitationRecord, ClaimRecord, FlagRecord, NoteRecord, Position
from claimdb.schemas.seed import (
    SeedClaim,
    SeedDocument,
    SeedFile,
    SeedFlag,
    SeedQuantity,
    SeedReport,
    SeedReportSource,
)
from claimdb.schemas.sources import SourceIn
from claimdb.services import documents
from claimdb.services.ingest import ingest
from claimdb.services.people import resolve_actor, system_actor
from claimdb.services.permissions import Permission

SEED_FILE = "claims.yaml"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent

M = TypeVar("M", bound=BaseModel)

Path_ = tuple[str | int, ...]
"""Where a value sits in the file: keys and list indexes from the top."""


def seeds_dir() -> Path:
    """The seeds folder: inside the installed package, else the checkout's."""
    candidates = (_PACKAGE_DIR / "seeds", _PACKAGE_DIR.parent.parent / "seeds")
    for candidate in candidates:
        if (candidate / SEED_FILE).is_file():
            return candidate
    raise NotFound(
        f"claimdb's seed files are missing (looked in {candidates[0]} and {candidates[1]})",
        hint="reinstall claimdb, or pass the claims file with --file",
    )


def default_seed_file() -> Path:
    """The claims file shipped with claimdb."""
    return seeds_dir() / SEED_FILE


# --- reading YAML with its lines -------------------------------------------------------------


@dataclass
class _Lines:
    """The 1-based line of every key and list item in a YAML file, by path."""

    at: dict[Path_, int]
    duplicates: list[tuple[Path_, int, int]]  # (path, line, line of the first occurrence)

    def of(self, path: Path_) -> int | None:
        """The line of ``path``, else of its nearest enclosing key or item."""
        for cut in range(len(path), -1, -1):
            line = self.at.get(tuple(path[:cut]))
            if line is not None:
                return line
        return None


def _walk(node: yaml.Node, path: Path_, lines: _Lines) -> None:
    if isinstance(node, yaml.MappingNode):
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            here = (*path, key)
            line = key_node.start_mark.line + 1
            if key in first:
                lines.duplicates.append((here, line, first[key]))
            else:
                first[key] = line
                lines.at[here] = line
            _walk(value_node, here, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, index)
            lines.at[here] = item.start_mark.line + 1
            _walk(item, here, lines)


def _parse(source: str, name: str) -> tuple[Any, _Lines]:
    """The YAML's data and the lines of its keys; a syntax error is an InvalidInput."""
    # libyaml's loader when PyYAML was built with it (ten times faster); the same nodes and marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InvalidInput(
            f"{name} is not valid YAML",
            problems=[
                Problem(
                    f"{exc.problem or exc.context}",
                    file=name,
                    line=mark.line + 1 if mark else None,
                )
            ],
            hint="check the indentation and the quoting around that line",
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{name} is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    lines = _Lines({(): 1}, [])
    if node is not None:
        _walk(node, (), lines)
    return data, lines


# --- problems -------------------------------------------------------------------------------


class _Problems:
    """Collects located problems for one seed file."""

    _MODELS: dict[tuple[str, ...], type[BaseModel]] = {  # noqa: RUF012
        (): SeedFile,
        ("document",): SeedDocument,
        ("sections",): SectionIn,
        ("claims",): SeedClaim,
        ("claims", "quantities"): SeedQuantity,
        ("claims", "report_source"): SeedReportSource,
        ("claims", "flags"): SeedFlag,
    }

    def __init__(self, name: str, data: Any, lines: _Lines) -> None:
        self.name = name
        self.data = data
        self.lines = lines
        self.found: list[Problem] = []

    def add(self, path: Path_, message: str, *, line: int | None = None) -> None:
        line = line if line is not None else self.lines.of(path)
        self.found.append(Problem(message, field=self.field(path), file=self.name, line=line))

    def claim_label(self, index: int) -> str:
        """``c042``, or ``#42`` (its position, from 1) when the entry has no usable id."""
        claims = self.data.get("claims") if isinstance(self.data, dict) else None
        entry = claims[index] if isinstance(claims, list) and index < len(claims) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str) and ident.strip():
            return ident
        return f"#{index + 1}"

    def field(self, path: Path_) -> str | None:
        """``claims[c042].quantities[0].unit`` for a path."""
        out = ""
        for i, part in enumerate(path):
            if isinstance(part, int):
                label = self.claim_label(part) if path[:i] == ("claims",) else str(part)
                out += f"[{label}]"
            else:
                out += f".{part}" if out else part
        return out or None

    def from_validation(self, exc: ValidationError, prefix: Path_ = ()) -> None:
        for error in exc.errors():
            loc = (*prefix, *error["loc"])
            kind = error["type"]
            message = str(error["msg"]).removeprefix("Value error, ")
            if kind == "extra_forbidden":
                known = ", ".join(self._known_keys(loc[:-1]))
                message = f"unknown key {loc[-1]!r}; the keys are: {known}"
            elif kind == "missing":
                message = f"missing required key {loc[-1]!r}"
            elif kind in ("enum", "literal_error") or kind.endswith(("_type", "_parsing")):
                message = f"{message} (got {error['input']!r})"
            self.add(loc, message)

    def _known_keys(self, parent: Path_) -> list[str]:
        model = self._MODELS.get(tuple(p for p in parent if isinstance(p, str)))
        return list(model.model_fields) if model else []

    def error(self, path: Path) -> InvalidInput:
        self.found.sort(key=lambda p: p.line or 0)
        count = len(self.found)
        return InvalidInput(
            f"{path} is not a valid seed file: {count} problem{'s' if count != 1 else ''}; "
            "nothing was loaded",
            problems=self.found,
            hint="fix each entry named above; seeds/README.md explains the rules",
        )


# --- checking a seed against its document ---------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """A seed file that passed every check, with its document's text."""

    path: Path
    name: str
    seed: SeedFile
    text: str
    lines: _Lines

    @property
    def document(self) -> SeedDocument:
        return self.seed.document


def read_seed(path: Path | None = None) -> Seed:
    """Read and check a seed file (default: the one shipped); InvalidInput lists every problem."""
    path = path or default_seed_file()
    name = path.name
    try:
        source = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read the seed file {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path} is not UTF-8 text (byte {exc.start})") from None
    data, lines = _parse(source, name)
    problems = _Problems(name, data, lines)
    for where, line, first in lines.duplicates:
        problems.add(where, f"key given twice (first at line {first}); keep one", line=line)
    if not isinstance(data, dict):
        problems.add((), "the file must be a mapping with format, document, sections and claims")
        raise problems.error(path)

    parsed = _validate(data, problems)
    text = None
    if parsed.document is not None:
        text = _document_text(path, parsed.document, problems)
    if text is not None:
        _check_sections(text, parsed.sections, problems)
    _check_claims(text, parsed.claims, problems)

    if problems.found:
        raise problems.error(path)
    # No problems means every part validated and the text was read.
    assert parsed.whole is not None
    assert text is not None
    return Seed(
        path=path,
        name=name,
        seed=parsed.whole,
        text=text,
        lines=lines,
    )


@dataclass
class _Parsed:
    whole: SeedFile | None
    document: SeedDocument | None
    sections: list[tuple[int, SectionIn]]
    claims: list[tuple[int, SeedClaim]]


def _validate(data: dict[str, Any], problems: _Problems) -> _Parsed:
    """Validate the whole file; when it fails, keep every part that validates on its own."""
    try:
        whole = SeedFile.model_validate(data)
    except ValidationError as exc:
        problems.from_validation(exc)
    else:
        return _Parsed(
            whole, whole.document, list(enumerate(whole.sections)), list(enumerate(whole.claims))
        )
    return _Parsed(
        None,
        _part(SeedDocument, data.get("document")),
        list(_parts(SectionIn, data.get("sections"))),
        list(_parts(SeedClaim, data.get("claims"))),
    )


def _part(model: type[M], value: Any) -> M | None:
    try:
        return model.model_validate(value)
    except ValidationError:  # already reported by the whole file's validation
        return None


def _parts(model: type[M], values: Any) -> Iterator[tuple[int, M]]:
    if not isinstance(values, list):
        return
    for index, value in enumerate(values):
        item = _part(model, value)
        if item is not None:
            yield index, item


def _document_text(path: Path, document: SeedDocument, problems: _Problems) -> str | None:
    """The document's text, checked against its sha256; None when it cannot be read."""
    file = path.parent / document.file
    try:
        raw = file.read_bytes()
    except OSError as exc:
        problems.add(("document", "file"), f"cannot read {file}: {exc.strerror}")
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != document.sha256:
        problems.add(
            ("document", "sha256"),
            f"{document.file} has sha256 {digest}, not {document.sha256}: the text has changed. "
            "Restore it; a revised text is a new document with its own slug and offsets",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(("document", "file"), f"{document.file} is not UTF-8 (byte {exc.start})")
        return None


def _line_at(text: str, start: int) -> str | None:
    """The whole line beginning at ``start``, or None when no line begins there."""
    if start > len(text) or (start > 0 and text[start - 1] != "\n"):
        return None
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


def _line_starts(text: str, line: str) -> list[int]:
    starts, at = [], 0
    for current in text.split("\n"):
        if current == line:
            starts.append(at)
        at += len(current) + 1
    return starts


def _check_sections(
    text: str, sections: Sequence[tuple[int, SectionIn]], problems: _Problems
) -> None:
    previous: SectionIn | None = None
    for index, section in sections:
        here: Path_ = ("sections", index)
        line = _line_at(text, section.start)
        if line != section.title:
            elsewhere = _line_starts(text, section.title)
            there = (
                f"no line begins at {section.start}"
                if line is None
                else f"the line at {section.start} is {_clip(line)}"
            )
            fix = (
                f"; the heading is the line at {_offsets(elsewhere)}"
                if elsewhere
                else "; no line of the text is exactly this title"
            )
            problems.add((*here, "title"), f"{section.title!r} is not a whole line: {there}{fix}")
        if previous is not None:
            if section.start <= previous.start:
                problems.add(
                    (*here, "start"),
                    f"sections must be in document order: {section.start} is not after "
                    f"{previous.start} ({previous.title!r})",
                )
            if section.level > previous.level + 1:
                problems.add(
                    (*here, "level"),
                    f"level {section.level} under a level-{previous.level} heading skips a level",
                )
        elif section.level != 1:
            problems.add(
                (*here, "level"), f"the first section must be level 1, not {section.level}"
            )
        previous = section


def _check_claims(
    text: str | None, claims: Sequence[tuple[int, SeedClaim]], problems: _Problems
) -> None:
    first_line: dict[str, int | None] = {}
    previous: SeedClaim | None = None
    for index, claim in claims:
        here: Path_ = ("claims", index)
        if claim.id in first_line:
            problems.add(
                (*here, "id"),
                f"duplicate id {claim.id} (first at line {first_line[claim.id]}); "
                "give this claim the next unused id",
            )
        else:
            first_line[claim.id] = problems.lines.of((*here, "id"))
        if previous is not None and (claim.start, claim.end) <= (previous.start, previous.end):
            problems.add(
                (*here, "start"),
                f"claims must be in document order: {claim.start}-{claim.end} is not after "
                f"{previous.id}'s {previous.start}-{previous.end}",
            )
        previous = claim
        for q, quantity in enumerate(claim.quantities):
            if quantity.as_written not in claim.quote:
                problems.add(
                    (*here, "quantities", q, "as_written"),
                    f"{quantity.as_written!r} does not occur in the quote",
                )
        if text is None:
            continue
        _check_anchor(text, here, claim, problems)
        if claim.report_source is not None and claim.report_source.quote not in text:
            problems.add(
                (*here, "report_source", "quote"),
                f"{claim.report_source.quote!r} does not occur in the report: quote the "
                "report's own words naming the source",
            )


def _check_anchor(text: str, here: Path_, claim: SeedClaim, problems: _Problems) -> None:
    if claim.end > len(text):
        problems.add(
            (*here, "end"), f"{claim.end} is past the end of the text ({len(text)} characters)"
        )
        return
    actual = text[claim.start : claim.end]
    if actual == claim.quote:
        return
    found = _occurrences(text, claim.quote)
    there = f"the text at {claim.start}-{claim.end} is {_clip(actual)}"
    if len(found) == 1:
        start = found[0]
        message = (
            f"not at {claim.start}-{claim.end} ({there}); it occurs at "
            f"{start}-{start + len(claim.quote)}: set start: {start} and end: "
            f"{start + len(claim.quote)}"
        )
    elif found:
        spans = ", ".join(f"{s}-{s + len(claim.quote)}" for s in found[:5])
        message = f"not at {claim.start}-{claim.end} ({there}); it occurs at {spans}: pick one"
    else:
        message = f"{anchors.describe_miss(text, claim.quote)} ({there})"
    problems.add((*here, "quote"), message)


def _occurrences(text: str, quote: str) -> list[int]:
    return [start for start, _ in anchors.spans(text, quote)]


def _offsets(starts: list[int]) -> str:
    return ", ".join(str(s) for s in starts)


_clip = anchors.clip


# --- loading ------------------------------------------------------------------------------


def external_id(slug: str, claim_id: str) -> str:
    """A seeded claim's import identity: ``seed:<document slug>:<claim id>``."""
    return f"seed:{slug}:{claim_id}"


def _locator(text: str, claim: SeedClaim, words: str) -> str:
    """Where the report names the source: the mention nearest the claim."""
    found = _occurrences(text, words)
    start = min(found, key=lambda s: (abs(s - claim.start), s))
    return f"characters {start}-{start + len(words)}"


def to_records(seed: Seed) -> list[ClaimRecord]:
    """Each seeded claim as an import record for :func:`claimdb.services.ingest.ingest`."""
    slug = seed.document.slug
    records = []
    for index, claim in enumerate(seed.seed.claims):
        citations = []
        if claim.report_source is not None:
            named = claim.report_source
            citations.append(
                CitationRecord(
                    source=SourceIn(csl_type=named.type, title=named.title),
                    kind=CitationKind.REPORT,
                    quote=named.quote,
                    locator=_locator(seed.text, claim, named.quote),
                )
            )
        records.append(
            ClaimRecord(
                claim=ClaimIn(
                    text=claim.text,
                    claim_type=claim.type,
                    checkable=claim.checkable,
                    speaker=claim.speaker,
                    speaker_description=claim.speaker_description,
                    priority=claim.priority,
                    tags=claim.tags,
                    quantities=[
                        QuantityIn.model_validate(q.model_dump()) for q in claim.quantities
                    ],
                    external_id=external_id(slug, claim.id),
                ),
                document=slug,
                position=Position(start=claim.start, end=claim.end, quote=claim.quote),
                citations=citations,
                notes=[NoteRecord(body=note) for note in claim.notes],
                flags=[FlagRecord(reason=f.reason, note=f.note) for f in claim.flags],
                line=seed.lines.of(("claims", index)),
            )
        )
    return records


def _builtin(uow: UnitOfWork, path: Path | None) -> Person:
    """The built-in ``claimdb`` person, who may only load the shipped seed into an empty desk.

    Every other write needs a person whose role allows it: a file of one's
    own, or the shipped seed into a desk people have written to, is loaded
    ``--as`` someone allowed to import.
    """
    hint = "load it as someone allowed to import: --as NAME (or set CLAIMDB_USER)"
    if path is not None and path.resolve() != default_seed_file().resolve():
        raise PermissionDenied(
            "only the shipped seed is loaded without a person; a seed file needs --as", hint=hint
        )
    by = system_actor(uow)
    if repo.written_by_others(uow.session, by.id):
        raise PermissionDenied(
            "the built-in claimdb person loads the shipped seed only into an empty desk; "
            "this one already holds claims or sources people added",
            hint=hint,
        )
    return by


def load_seed(uow: UnitOfWork, *, path: Path | None = None, actor: str | None = None) -> SeedReport:
    """Load a seed (default: the one shipped) as ``actor``, else as the built-in ``claimdb``.

    Idempotent: a document whose text is stored and claims whose external ids
    are stored are left alone, and the report says so.
    """
    seed = read_seed(path)
    by = resolve_actor(uow, actor, Permission.IMPORT) if actor else _builtin(uow, path)
    info = seed.document
    document = repo.document_by_slug(uow.session, info.slug)
    status = "unchanged"
    if document is None:
        document = documents.create_document(uow, by=by, data=info.document_in())
        status = "created"
    else:
        latest = repo.latest_version(uow.session, document.id)
        if latest is not None and latest.content_hash != info.sha256:
            raise InvalidInput(
                f"document {info.slug!r} already exists, and its latest text (version "
                f"{latest.number}) is not {info.file}",
                problems=[
                    Problem(
                        "a revised text is a new document: give it a new slug and offsets",
                        field="document.slug",
                        file=seed.name,
                        line=seed.lines.of(("document", "slug")),
                    )
                ],
            )
    version, created = documents.add_version(
        uow,
        by=by,
        document=document,
        data=DocumentVersionIn(
            text=seed.text,
            provenance=documents.file_provenance(
                file=info.file, fmt="txt", sha256=info.sha256, via="claimdb seed"
            ),
            sections=list(seed.seed.sections),
        ),
    )
    if created and status == "unchanged":
        status = "version added"
    if version.content_hash != info.sha256:  # the text must be stored byte for byte
        raise InvalidInput(f"{info.file} was not stored exactly; nothing was loaded")
    result = ingest(uow, by=by, records=to_records(seed), request=ImportRequest(origin=seed.name))
    claims = seed.seed.claims
    named = {(c.report_source.type, c.report_source.title) for c in claims if c.report_source}
    return SeedReport(
        file=str(seed.path),
        document=info.slug,
        document_id=document.id,
        version=version.number,
        document_status=status,
        sections=len(seed.seed.sections),
        claims=len(claims),
        claims_added=result.created,
        claims_present=result.unchanged,
        by_type=dict(Counter(c.type.value for c in claims).most_common()),
        checkable=sum(c.checkable for c in claims),
        not_checkable=sum(not c.checkable for c in claims),
        quantities=sum(len(c.quantities) for c in claims),
        notes=sum(len(c.notes) for c in claims),
        flags=sum(len(c.flags) for c in claims),
        report_citations=sum(c.report_source is not None for c in claims),
        sources=len(named),
        sources_added=result.sources_created,
        loaded_as=by.name,
    )
