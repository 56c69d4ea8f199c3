"""Turning one parsed record into a checked claim record, or into a located rejection.

Shared by every import format in :mod:`claimdb.formats`: a reader shapes each
record as a ClaimRecord-like dict and :func:`build` validates it, so that
every format reports problems the same way (``file:line: field: message``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from pydantic import ValidationError

from claimdb.errors import Problem, validation_problems
from claimdb.formats.identity import claim_content_key
from claimdb.formats.lines import FileProblem, find_array, json_elements, json_error
from claimdb.schemas.claims import ClaimIn
from claimdb.schemas.records import ClaimRecord, Rejected


class RecordError(Exception):
    """A record's field that cannot be read as claimdb reads it (named, with why).

    ``more``: further (field, message) pairs of the same record, reported with it
    (every unknown key of a JSON record at once).
    """

    def __init__(self, name: str, message: str, more: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.message = message
        self.more = more or []


def field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts[:1] == ["claim"]:
        parts = parts[1:]
    if parts[:1] == ["verdict"] and len(parts) > 1:
        parts = ["verdict" if parts[1] == "label" else f"verdict_{parts[1]}"]
    return ".".join(parts) or "record"


def build(
    shaped: Callable[[], dict[str, Any]],
    line: int | None,
    origin: str,
    raw: Any,
    *,
    cells: list[str] | None = None,
    columns: list[str] | None = None,
    sep: str = ",",
    unguard: Callable[[str], str] | None = None,
    where: str | None = None,
) -> ClaimRecord | Rejected:
    """Validate a record dict; a failure becomes a Rejected with one problem per field.

    ``raw``: the record as the file gave it (a JSON object), kept with a record
    that may still be refused after reading and given to a rejection.
    ``cells``: instead, the row a delimited file gave, made into ``raw`` only when
    needed: an object keyed by ``columns`` (the file's column names), or the
    cells joined by ``sep`` where the names do not tell the cells apart; each cell
    through ``unguard`` (the CSV export's formula guard removed, as reading does).
    ``where``: which record of the file this is ("record 3, id 'x'"), named in each
    problem, for formats whose line alone does not say (minified JSON).
    """
    try:
        data = shaped()
        if data.keys() <= {"claim", "citations"} and not data.get("citations"):
            # Only the claim itself (most spreadsheet rows): validate just that.
            # Nothing can refuse such a record after reading: it keeps no raw row.
            claim = ClaimIn.model_validate(data["claim"])
            record = ClaimRecord(claim=claim, line=line)  # an instance is not validated again
        else:
            data["line"] = line
            record = ClaimRecord.model_validate(data)
            record.with_raw(_raw(raw, cells, columns, sep, unguard))
        given = data["claim"].get("tags")
        if given and isinstance(given, list):
            record.with_renamed_tags(_renamed(given, record.claim.tags))
        return record
    except RecordError as exc:
        pairs = [(exc.name, exc.message), *exc.more]
        problems = [Problem(message, name, origin, line) for name, message in pairs]
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), file=origin, line=line, name=field_name)
    if where is not None:
        problems = [
            Problem(p.message, f"{where}: {p.field}" if p.field else where, p.file, p.line)
            for p in problems
        ]
    return Rejected(line, problems, _raw(raw, cells, columns, sep, unguard))


def _renamed(given: list[Any], stored: list[str]) -> list[tuple[str, str]]:
    """The tags normalisation changed, as (given, stored) (see ``slug_tag``)."""
    return [
        (g, t) for g, t in zip(given, stored, strict=True) if isinstance(g, str) and g.strip() != t
    ]


def _raw(
    raw: Any,
    cells: list[str] | None,
    columns: list[str] | None,
    sep: str,
    unguard: Callable[[str], str] | None,
) -> Any:
    if raw is not None or cells is None:
        return raw
    if unguard is not None:
        cells = [unguard(c) for c in cells]
    if columns is not None and len(columns) == len(cells) and len(set(columns)) == len(columns):
        return dict(zip(columns, cells, strict=True))
    return sep.join(cells)


def record_name(index: int, node: Any, *id_keys: str) -> str:
    """'record 3' or "record 3 (id 'x')": which element of a JSON file a problem is in."""
    ident = None
    if isinstance(node, dict):
        ident = next((node[k] for k in id_keys if isinstance(node.get(k), str | int)), None)
    return f"record {index}" + (f" (id {str(ident)!r})" if ident is not None else "")


def elements(text: str, keys: tuple[str, ...]) -> Iterator[tuple[int, Any]]:
    """Top-level array elements, or those of the first of ``keys``, or a single object."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from json_elements(text)
        return
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise json_error(exc) from None
        yield from _json_lines(text)  # one value a line: JSON Lines (a rejects file)
        return
    if isinstance(whole, dict):
        for key in keys:
            if isinstance(whole.get(key), list):
                at = find_array(text, key)
                if at is not None:
                    yield from json_elements(text, at)
                else:  # pragma: no cover - the key was found by json.loads
                    yield from ((1, v) for v in whole[key])
                return
        if whole and all(isinstance(v, dict) for v in whole.values()):
            first = next(iter(whole))
            raise FileProblem(
                1,
                f"expected an array of records (or an object with a {keys[0]!r} array), not "
                f"an object whose {len(whole)} values are all objects (records keyed by "
                f"{first!r}...?): put the records in an array",
            )
        yield 1, whole  # one record on its own (docs/import-export.md, JSON and JSONL)
        return
    raise FileProblem(1, f"expected a JSON object or array, got {type(whole).__name__}")


def _json_lines(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise FileProblem(
                    number, f"invalid JSON at column {exc.colno}: {exc.msg}"
                ) from None


class FlatClaim(NamedTuple):
    """A plain claim, checked, as the import's reading process sends it to the writer.

    Plain: no document, anchor, citations, verdict, quantities, notes or
    flags (most spreadsheet rows). The worker sends it as a bare tuple and the
    writer remakes it (``FlatClaim._make``): 1.7x the cost of bare tuples, where
    pickling the named tuple itself costs 3x (``bench/flat_pickle.py``), and
    either is several times cheaper than a pydantic model.
    """

    line: int | None
    external_id: str | None
    text: str
    claim_type: str
    checkable: bool
    speaker: str | None
    speaker_description: str | None
    claimed_on: str | None
    """An ISO date, or None."""
    appearance_url: str | None
    context: str | None
    priority: int
    tags: tuple[str, ...]
    """Duplicates removed, in order."""
    content_key: int
    renamed_tags: tuple[tuple[str, str], ...] = ()
    """The tags normalisation changed, as (given, stored), for the import to report."""


Finding = ClaimRecord | Rejected | FlatClaim
"""What a reader's record becomes on its way to the writer."""


def flatten(item: ClaimRecord | Rejected, version_id: int | None) -> Finding:
    """A plain claim as a :data:`FlatClaim`; anything else unchanged.

    ``version_id`` is the document version the import files claims under
    (``--doc``), which the content key includes.
    """
    if not isinstance(item, ClaimRecord):
        return item
    r = item
    c = r.claim
    if (
        r.document
        or r.position is not None
        or r.notes
        or r.flags
        or r.citations
        or r.verdict is not None
        or c.quantities
    ):
        return item
    return FlatClaim(
        r.line,
        c.external_id,
        c.text,
        c.claim_type.value,
        c.checkable,
        c.speaker,
        c.speaker_description,
        c.claimed_on.isoformat() if c.claimed_on else None,
        c.appearance_url,
        c.context,
        c.priority,
        tuple(dict.fromkeys(c.tags)),
        claim_content_key(c.text, c.speaker, version_id, None),
        tuple(r.renamed_tags),
    )
