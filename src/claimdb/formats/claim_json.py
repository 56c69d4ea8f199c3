"""claimdb's own claim records as JSON: an array (``json``) or one per line (``jsonl``).

The write side is the canonical record of a claim (fixed key order, what
``claimdb export --format json|jsonl`` writes); the read side takes the same
records back (``claimdb import``), and the other formats reuse both halves:
the CSV cells hold citations and quantities as these records write them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import partial
from typing import IO, Any

import orjson

from claimdb.errors import Problem
from claimdb.formats import rejects
from claimdb.formats.dates import day
from claimdb.formats.lines import iter_lines, read_text
from claimdb.formats.records import RecordError, build, elements, record_name
from claimdb.schemas.claims import CLAIM_FIELDS
from claimdb.schemas.exports import (
    CLAIM_COLUMNS,
    DOCUMENT_COLUMNS,
    VERDICT_COLUMNS,
    ExportBatch,
    ExportReport,
)
from claimdb.schemas.imports import ALIASES, FIELDS, IGNORE, INFORMATIONAL, ImportRequest
from claimdb.schemas.records import ClaimRecord, Rejected

_VERSION_ID = CLAIM_COLUMNS.index("version_id")
_VERDICT_ID = CLAIM_COLUMNS.index("current_verdict_id")

# -- reading ----------------------------------------------------------------------


def citation_from_export(c: Any) -> Any:
    """An exported citation (with its source's custody fields) as a CitationRecord dict."""
    if not isinstance(c, dict):
        return c
    out = {k: c[k] for k in ("kind", "stance", "quote", "locator") if c.get(k) is not None}
    source = c.get("source")
    out["source"] = (
        {k: val for k, val in source.items() if val not in (None, [])}
        if isinstance(source, dict)
        else source
    )
    return out


_EXPORT_CLAIM_KEYS = ("external_id", *CLAIM_FIELDS, "tags", "quantities")


def record_from_export(obj: Any, id_prefix: str | None = None) -> dict[str, Any]:
    """A ClaimRecord-shaped dict from one `claimdb export --format json` record."""
    if not isinstance(obj, dict):
        raise RecordError("record", f"expected a JSON object, got {type(obj).__name__}")
    unknown = sorted(
        set(obj)
        - set(_EXPORT_CLAIM_KEYS)
        - {"status", "document", "anchor", "verdict", "citations", "same_as"}
    )
    if unknown:
        raise RecordError(unknown[0], "unknown field (see docs/import-export.md)")
    claim = {k: obj[k] for k in _EXPORT_CLAIM_KEYS if obj.get(k) is not None}
    if id_prefix and claim.get("external_id"):
        claim["external_id"] = f"{id_prefix}{claim['external_id']}"
    record: dict[str, Any] = {"claim": claim}
    if obj.get("document") is not None:
        record["document"] = obj["document"]
    anchor = obj.get("anchor")
    if anchor is not None:
        record["position"] = anchor
    citations = obj.get("citations") or []
    if not isinstance(citations, list):
        raise RecordError("citations", "expected an array")
    record["citations"] = [citation_from_export(c) for c in citations]
    verdict = obj.get("verdict")
    if verdict is not None:
        if not isinstance(verdict, dict):
            raise RecordError("verdict", "expected an object")
        record["verdict"] = {
            "label": verdict.get("label"),
            "scale": verdict.get("scale"),
            "title": verdict.get("title"),
            "publisher": verdict.get("publisher"),
            "rationale": verdict.get("rationale"),
            "published": verdict.get("published"),
            "review_url": verdict.get("review_url"),
            "force_reason": verdict.get("force_reason") if verdict.get("forced") else None,
        }
    return record


_EXPORT_KEYS = frozenset(
    (*_EXPORT_CLAIM_KEYS, "status", "document", "anchor", "verdict", "citations", "same_as")
)
_FLAT_ONLY = frozenset(FIELDS) - _EXPORT_KEYS
"""Fields only a flat record has (a CSV row's verdict_scale, review_url...)."""


def _cell(value: Any) -> str | None:
    """A JSON value as the CSV cell that means the same (lists of tags joined)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def record_from_json(obj: Any, request: ImportRequest) -> dict[str, Any]:
    """A ClaimRecord-shaped dict from one JSON record: claimdb's own, or another dataset's.

    Keys are read as ``--map`` says (``-`` drops one), else as claimdb's record
    keys, else as the CSV field names and their aliases (``claim``, ``label``,
    ``id``...). Every unknown key is reported at once. A record whose keys are
    CSV fields (a FEVER line: ``claim``, ``label``) is read as a CSV row is.
    """
    if not isinstance(obj, dict):
        raise RecordError("record", f"expected a JSON object, got {type(obj).__name__}")
    data: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in obj.items():
        target = request.mapping.get(key)
        if target is None and key not in _EXPORT_KEYS:
            name = key.strip().lower().replace(" ", "_")
            target = ALIASES.get(name, name)
            if target in INFORMATIONAL:
                continue
            if target not in FIELDS:
                unknown.append(key)
                continue
        if target == IGNORE:
            continue
        data[target or key] = value
    if unknown:
        pairs = [
            (k, f"unknown field; read it with --map '{k}=FIELD' or ignore it with --map '{k}=-'")
            for k in unknown
        ]
        raise RecordError(*pairs[0], more=pairs[1:])
    if (
        isinstance(data.get("verdict"), str)
        or not _FLAT_ONLY.isdisjoint(data)
        or all(isinstance(v, str) for v in data.values())
    ):
        from claimdb.formats.delimited import record_from_cells  # it imports this module

        cells = {k: c for k, v in data.items() if (c := _cell(v)) is not None}
        return record_from_cells(cells, request.id_prefix)
    return record_from_export(data, request.id_prefix)


def jsonl_records(stream: IO[bytes], request: ImportRequest) -> Iterator[ClaimRecord | Rejected]:
    origin = request.origin
    for ln in iter_lines(stream):
        text = ln.text.strip()
        if ln.problem:
            problem = [Problem(ln.problem, None, origin, ln.number)]
            if ln.length is not None:
                yield Rejected(ln.number, problem, ln.prefix, truncated=ln.length)
            else:
                yield Rejected(ln.number, problem, text)
            continue
        if not text:
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Rejected(
                ln.number,
                [
                    Problem(
                        f"invalid JSON at column {exc.colno}: {exc.msg}", None, origin, ln.number
                    )
                ],
                text,
            )
            continue
        yield _record(obj, request, ln.number)


def json_records(stream: IO[bytes], request: ImportRequest) -> Iterator[ClaimRecord | Rejected]:
    text = read_text(stream)
    for index, (line, obj) in enumerate(elements(text, ("claims",)), 1):
        yield _record(obj, request, line, where=record_name(index, obj, "external_id", "id"))


def _record(
    obj: Any, request: ImportRequest, line: int, where: str | None = None
) -> ClaimRecord | Rejected:
    """One JSON record; a line of a rejects file stands for the row it holds."""
    obj, refused = rejects.unwrap(obj, line, request.origin)
    if refused is not None:
        return refused
    return build(partial(record_from_json, obj, request), line, request.origin, obj, where=where)


# -- writing ----------------------------------------------------------------------


def verdict_class(row: dict[str, Any]) -> str | None:
    klass = row["verdict_class"] or row["mapped_class"]
    return str(klass) if klass else None


def _source(row: dict[str, Any], prefix: str = "source_") -> dict[str, Any]:
    return {
        "title": row[f"{prefix}title"],
        "csl_type": row[f"{prefix}csl_type"],
        "authors": row[f"{prefix}authors"] or [],
        "container_title": row[f"{prefix}container_title"],
        "publisher": row[f"{prefix}publisher"],
        "issued": row[f"{prefix}issued"],
        "url": row[f"{prefix}url"],
        "doi": row[f"{prefix}doi"],
        "accessed": day(row[f"{prefix}accessed"]),
        "archive_url": row[f"{prefix}archive_url"],
        "archive_hash": row[f"{prefix}archive_hash"],
        "reliability": row[f"{prefix}reliability"],
        "link_status": row[f"{prefix}link_status"],
    }


def claim_record(row: dict[str, Any]) -> dict[str, Any]:
    """One claim as the JSON export writes it (fixed key order)."""
    verdict = None
    if row["verdict"] is not None:
        verdict = {
            "scale": row["verdict_scale"],
            "label": row["verdict"],
            "title": row["verdict_title"],
            "value": row["verdict_value"],
            "worst": row["verdict_worst"] if row["verdict_value"] is not None else None,
            "best": row["verdict_best"] if row["verdict_value"] is not None else None,
            "class": verdict_class(row),
            "rationale": row["verdict_rationale"],
            "published": day(row["verdict_at"]),
            "review_url": row["review_url"],
            "reviewer": row["reviewer"],
            "publisher": row["verdict_publisher"],
            "forced": bool(row["verdict_forced"]),
            "force_reason": row["force_reason"],
        }
    anchor = None
    if row["start_offset"] is not None:
        anchor = {
            "start": row["start_offset"],
            "end": row["end_offset"],
            "quote": row["quote_exact"],
        }
    return {
        "external_id": row["external_id"],
        "text": row["text"],
        "claim_type": row["claim_type"],
        "checkable": bool(row["checkable"]),
        "speaker": row["speaker"],
        "speaker_description": row["speaker_description"],
        "claimed_on": day(row["claimed_on"]),
        "appearance_url": row["appearance_url"],
        "context": row["context"],
        "priority": row["priority"],
        "status": row["status"],
        "tags": row["tags"],
        "quantities": row["quantities"],
        "document": row["document"],
        "anchor": anchor,
        "verdict": verdict,
        "same_as": same_as(row),
        "citations": citation_records(row["citations"]),
    }


def same_as(row: dict[str, Any]) -> dict[str, Any] | None:
    """The claim a repeat repeats, with that claim's verdict (shown, not copied)."""
    original = row["same_as"]
    if original is None:
        return None
    oid, scale, label, title = original
    return {"claim": oid, "verdict": f"{scale}:{label}" if label else None, "title": title}


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def citation_records(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A claim's citations as the JSON export writes them."""
    return [
        {
            "kind": c["kind"],
            "stance": c["stance"],
            "quote": c["quote"],
            "locator": c["locator"],
            "source": _source(c),
        }
        for c in citations
    ]


def export_rows(batches: Iterable[ExportBatch]) -> Iterator[dict[str, Any]]:
    """Each exported claim as a dict: its columns, verdict, document, tags and the rest."""
    no_verdict = dict.fromkeys(VERDICT_COLUMNS)
    no_document = dict.fromkeys(DOCUMENT_COLUMNS)
    for b in batches:
        for r in b.rows:
            row = dict(zip(CLAIM_COLUMNS, r, strict=True))
            cid = r[0]
            verdict = b.verdicts.get(r[_VERDICT_ID])
            if verdict is None:
                row.update(no_verdict)
            else:
                row.update(zip(VERDICT_COLUMNS, verdict, strict=True))
            document = b.documents.get(r[_VERSION_ID])
            if document is None:
                row.update(no_document)
            else:
                row.update(zip(DOCUMENT_COLUMNS, document, strict=True))
            row["tags"] = b.tags.get(cid, [])
            row["quantities"] = b.quantities.get(cid, [])
            row["citations"] = b.citations.get(cid, [])
            row["same_as"] = b.originals.get(cid)
            yield row


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str], report: ExportReport) -> None:
    """One claim record per line."""
    for row in rows:
        out.write(dumps(claim_record(row)) + "\n")
        report.claims += 1


def write_json(rows: Iterable[dict[str, Any]], out: IO[str], report: ExportReport) -> None:
    """An array of claim records, one per line."""
    report.claims += write_array(map(claim_record, rows), out)


def write_array(items: Iterable[Any], out: IO[str], start: str = "[", end: str = "]") -> int:
    """A JSON array with one item per line, between ``start`` and ``end``; how many items.

    Every JSON export is written so: claims, ClaimReviews (inside a JSON-LD
    ``@graph``) and CSL-JSON sources.
    """
    n = 0
    out.write(start)
    for item in items:
        out.write(("\n" if n == 0 else ",\n") + dumps(item))
        n += 1
    out.write(f"\n{end}\n" if n else f"{end}\n")
    return n
