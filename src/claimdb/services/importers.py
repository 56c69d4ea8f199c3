"""Import formats: each turns a file into ClaimRecord objects (or located rejections).

docs/import-export.md documents every format's fields. Parsing needs no
database: labels, documents and the evidence rules are checked by
:func:`claimdb.services.ingest.ingest`, which every format feeds.

- ``csv`` (RFC 4180, quoted fields) and ``tsv`` (tab-separated, no quoting,
  as LIAR is): a header row names the columns, or ``header=False`` and
  ``--map N=FIELD`` names them by position.
- ``json`` (an array of claim records, as ``claimdb export --format json``
  writes them) and ``jsonl`` (one record per line).
- ``claimreview``: schema.org ClaimReview JSON-LD: one object, an array, or
  an ``@graph``.
- ``factcheck-api``: what Google's Fact Check Tools ``claims:search`` returns.
- ``csl-json`` imports sources, not claims (:func:`csl_sources`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import IO, Any

from pydantic import ValidationError

from claimdb.enums import ImportFormat
from claimdb.errors import Problem
from claimdb.schemas.claims import CLAIM_FIELDS, ClaimIn
from claimdb.schemas.records import ClaimRecord, Rejected
from claimdb.schemas.sources import SourceIn
from claimdb.services.readers import (
    MAX_FIELD_CHARS,
    FileProblem,
    find_array,
    iter_lines,
    json_elements,
    json_error,
    read_text,
)

FIELDS: dict[str, str] = {
    "external_id": "a stable id from the file; re-importing it changes nothing",
    "text": "the claim (required)",
    "claim_type": "statistic, quote, event, causal, prediction, opinion or other",
    "checkable": "true/false, yes/no, 1/0",
    "speaker": "who made the claim",
    "speaker_description": "the speaker's role (job title, party)",
    "claimed_on": "when the claim was made (YYYY-MM-DD)",
    "appearance_url": "where the claim appeared (http/https URL)",
    "context": "where or how the claim was made, in words (a mailer, a speech)",
    "priority": "1 (check first) to 5",
    "tags": "topics, separated by ';' or ','",
    "quantities": "JSON array of {value, unit, measure, period, place, qualifier}",
    "document": "slug of a stored document the claim belongs to",
    "verdict": "a rating label on --scale (or on verdict_scale)",
    "verdict_scale": "the label's scale: claimdb, fever, liar, google-1-5...",
    "verdict_rationale": "why the verdict",
    "verdict_date": "when the verdict was published (YYYY-MM-DD)",
    "review_url": "the published fact-check",
    "force_reason": "why the verdict is recorded without the evidence its rule asks for",
    "citations": "JSON array of citations as `claimdb export` writes them",
    "source_url": "one piece of evidence: its URL",
    "source_title": "... its title (default: the URL)",
    "stance": "... how it bears on the claim: supports, refutes, context, insufficient",
    "source_quote": "... the quoted passage",
}
"""The fields a CSV/TSV column can map to, with what each means."""

INFORMATIONAL = frozenset(
    {
        "status",
        "reviewer",
        "verdict_title",
        "verdict_value",
        "verdict_worst",
        "verdict_best",
        "verdict_class",
        "verdict_forced",
    }
)
"""Columns `claimdb export` writes that an import reads past (they are derived)."""

ALIASES = {
    "id": "external_id",
    "statement": "text",
    "claim": "text",
    "type": "claim_type",
    "label": "verdict",
    "rating": "verdict",
    "scale": "verdict_scale",
    "rationale": "verdict_rationale",
    "subjects": "tags",
    "subject": "tags",
    "url": "appearance_url",
}
IGNORE = "-"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(cell: str) -> str:
    """Undo the export's formula guard: one leading quote before =, +, -, @, tab or CR."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


@dataclass
class ImportSettings:
    """What the command line says about the file."""

    fmt: ImportFormat
    origin: str
    header: bool = True
    mapping: Mapping[str, str] = field(default_factory=dict)
    id_prefix: str | None = None


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """``["3=text", "Label=verdict"]`` -> {"3": "text", "Label": "verdict"}, checked."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column or not target:
            raise ValueError(f"--map {pair!r}: expected COLUMN=FIELD, e.g. --map statement=text")
        target = ALIASES.get(target, target)
        if target != IGNORE and target not in FIELDS:
            raise ValueError(
                f"--map {pair!r}: unknown field {target!r}; fields are: " + ", ".join(FIELDS)
            )
        mapping[column] = target
    return mapping


# -- from flat cells (CSV, TSV) and from export-shaped JSON to a ClaimRecord --------


def _split_tags(value: str) -> list[str]:
    parts = value.replace(";", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


def _bool(value: str) -> bool | str:
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "y", "1"):
        return True
    if lowered in ("false", "no", "n", "0"):
        return False
    return value  # pydantic reports it


def _json_cell(name: str, value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise _CellError(name, f"invalid JSON at column {exc.colno}: {exc.msg}") from None


class _CellError(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


_CELL_CLAIM_KEYS = ("external_id", *CLAIM_FIELDS)
"""Claim fields copied from their cells as text (checkable and tags are parsed below)."""


def record_from_cells(cells: Mapping[str, str], id_prefix: str | None = None) -> dict[str, Any]:
    """A ClaimRecord-shaped dict from field -> cell text (blank cells are absent)."""
    v = {k: c for k, c in cells.items() if c and not c.isspace()}
    claim: dict[str, Any] = {}
    for name in _CELL_CLAIM_KEYS:
        if name in v:
            claim[name] = v[name]
    if "claim_type" in claim:
        claim["claim_type"] = claim["claim_type"].strip().lower()
    if id_prefix and "external_id" in claim:
        claim["external_id"] = f"{id_prefix}{claim['external_id'].strip()}"
    if "checkable" in v:
        claim["checkable"] = _bool(v["checkable"])
    if "tags" in v:
        claim["tags"] = _split_tags(v["tags"])
    if "quantities" in v:
        claim["quantities"] = _json_cell("quantities", v["quantities"])
    record: dict[str, Any] = {"claim": claim}
    if "document" in v:
        record["document"] = v["document"]
    citations = _json_cell("citations", v["citations"]) if "citations" in v else []
    if not isinstance(citations, list):
        raise _CellError("citations", "expected a JSON array of citations")
    record["citations"] = [citation_from_export(c) for c in citations]
    if "source_url" in v or "source_title" in v:
        record["citations"].append(
            {
                "source": {
                    "title": v.get("source_title") or v.get("source_url"),
                    "url": v.get("source_url"),
                },
                "stance": v.get("stance"),
                "quote": v.get("source_quote"),
            }
        )
    if "verdict" in v:
        record["verdict"] = {
            "label": v["verdict"],
            "scale": v.get("verdict_scale"),
            "rationale": v.get("verdict_rationale"),
            "published": v.get("verdict_date"),
            "review_url": v.get("review_url"),
            "force_reason": v.get("force_reason"),
        }
    else:
        for name in ("verdict_scale", "verdict_rationale", "verdict_date", "review_url"):
            if name in v:
                raise _CellError(name, "given without a verdict")
    return record


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
        raise _CellError("record", f"expected a JSON object, got {type(obj).__name__}")
    unknown = sorted(
        set(obj)
        - set(_EXPORT_CLAIM_KEYS)
        - {"status", "document", "anchor", "verdict", "citations"}
    )
    if unknown:
        raise _CellError(unknown[0], "unknown field (see docs/import-export.md)")
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
        raise _CellError("citations", "expected an array")
    record["citations"] = [citation_from_export(c) for c in citations]
    verdict = obj.get("verdict")
    if verdict is not None:
        if not isinstance(verdict, dict):
            raise _CellError("verdict", "expected an object")
        record["verdict"] = {
            "label": verdict.get("label"),
            "scale": verdict.get("scale"),
            "rationale": verdict.get("rationale"),
            "published": verdict.get("published"),
            "review_url": verdict.get("review_url"),
            "force_reason": verdict.get("force_reason") if verdict.get("forced") else None,
        }
    return record


def _field_name(loc: tuple[Any, ...]) -> str:
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
    raw: str | None,
    *,
    cells: list[str] | None = None,
    sep: str = ",",
) -> ClaimRecord | Rejected:
    """Validate a record dict; a failure becomes a Rejected with one problem per field.

    ``cells``: the row a delimited file gave, joined into ``raw`` only if rejected.
    """
    try:
        data = shaped()
        if data.keys() <= {"claim", "citations"} and not data.get("citations"):
            # Only the claim itself (most spreadsheet rows): validate just that.
            claim = ClaimIn.model_validate(data["claim"])
            return ClaimRecord(claim=claim, line=line)  # an instance is not validated again
        data["line"] = line
        return ClaimRecord.model_validate(data)
    except _CellError as exc:
        problems = [Problem(exc.message, exc.name, origin, line)]
    except ValidationError as exc:
        problems = [
            Problem(
                str(e["msg"]).removeprefix("Value error, "),
                _field_name(tuple(e["loc"])),
                origin,
                line,
            )
            for e in exc.errors()
        ]
    if raw is None and cells is not None:
        raw = sep.join(cells)
    return Rejected(line, problems, raw)


# -- delimited text ---------------------------------------------------------------


def _columns(
    first: list[str], settings: ImportSettings, line: int
) -> tuple[list[str | None], bool]:
    """Field name (or None: ignored) for each column; whether the first row is data."""
    mapping = dict(settings.mapping)
    if not settings.header:
        names: list[str | None] = []
        for i in range(len(first)):
            names.append(_mapped(mapping.pop(str(i + 1), None)))
        if mapping:
            raise FileProblem(
                line,
                f"--map names column {', '.join(mapping)}, but the rows have {len(first)} columns",
            )
        if "text" not in names:
            raise FileProblem(line, "no column is mapped to text (e.g. --map 3=text)")
        return names, True
    names = []
    problems = []
    for i, raw in enumerate(first):
        header = unneutralise(raw.strip())
        target = mapping.pop(header, None) or mapping.pop(str(i + 1), None)
        if target is None:
            key = header.lower().replace(" ", "_")
            target = ALIASES.get(key, key)
            if target not in FIELDS and target not in INFORMATIONAL:
                problems.append(header)
                names.append(None)
                continue
            if target in INFORMATIONAL:
                target = IGNORE
        names.append(_mapped(target))
    if problems:
        raise FileProblem(
            line,
            f"unknown column {problems[0]!r}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
            + f"; map it with --map '{problems[0]}=FIELD' or ignore it with "
            f"--map '{problems[0]}=-'. Fields: " + ", ".join(FIELDS),
        )
    if mapping:
        raise FileProblem(line, f"--map names column {', '.join(mapping)}, not in the header")
    if "text" not in names:
        raise FileProblem(line, "no text column (name one with --map COLUMN=text)")
    return names, False


def _mapped(target: str | None) -> str | None:
    return None if target in (None, IGNORE) else target


def delimited_records(
    stream: IO[bytes], settings: ImportSettings
) -> Iterator[ClaimRecord | Rejected]:
    """CSV (quoted, RFC 4180) or TSV (no quoting) rows as records."""
    tsv = settings.fmt is ImportFormat.TSV
    origin = settings.origin
    bad_lines: dict[int, str] = {}
    lines_read = [0]

    def lines() -> Iterator[str]:
        for ln in iter_lines(stream):
            lines_read[0] = ln.number
            if ln.problem:
                bad_lines[ln.number] = ln.problem
            yield ln.text

    csv.field_size_limit(MAX_FIELD_CHARS)
    if tsv:
        reader = csv.reader(lines(), delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    else:
        reader = csv.reader(lines(), strict=True)
    names: list[str | None] | None = None
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message or "EOF" in message:
                message = "unterminated quoted field: the quote opened in this row is never closed"
            elif "field larger than field limit" in message:
                message = f"field longer than {MAX_FIELD_CHARS} characters (an unterminated quote?)"
            raise FileProblem(start, message) from None
        end = reader.line_num
        line, start = start, end + 1
        problems = [bad_lines.pop(n) for n in range(line, end + 1) if n in bad_lines]
        if not row or (len(row) == 1 and not row[0].strip()):
            if problems:
                yield Rejected(line, [Problem(p, None, origin, line) for p in problems], None)
            continue
        raw = None
        if problems:
            raw = ("\t" if tsv else ",").join(row)
            yield Rejected(line, [Problem(p, None, origin, line) for p in problems], raw)
            continue
        if names is None:
            names, first_is_data = _columns(row, settings, line)
            if not first_is_data:
                continue
        if len(row) != len(names):
            raw = ("\t" if tsv else ",").join(row)
            yield Rejected(
                line,
                [
                    Problem(
                        f"row has {len(row)} columns, the file has {len(names)} "
                        "(a stray delimiter, or a missing one?)",
                        None,
                        origin,
                        line,
                    )
                ],
                raw,
            )
            continue
        if tsv:
            cells = {name: cell for name, cell in zip(names, row, strict=True) if name}
        else:
            cells = {
                name: unneutralise(cell) if cell[:1] == "'" else cell
                for name, cell in zip(names, row, strict=True)
                if name
            }
        yield build(
            partial(record_from_cells, cells, settings.id_prefix),
            line,
            origin,
            None,
            cells=row,
            sep="\t" if tsv else ",",
        )


# -- JSON formats -----------------------------------------------------------------


def jsonl_records(stream: IO[bytes], settings: ImportSettings) -> Iterator[ClaimRecord | Rejected]:
    origin = settings.origin
    for ln in iter_lines(stream):
        text = ln.text.strip()
        if ln.problem:
            yield Rejected(ln.number, [Problem(ln.problem, None, origin, ln.number)], text)
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
        yield build(
            partial(record_from_export, obj, settings.id_prefix),
            ln.number,
            origin,
            text,
        )


def _elements(text: str, keys: tuple[str, ...]) -> Iterator[tuple[int, Any]]:
    """Top-level array elements, or those of the first of ``keys``, or a single object."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from json_elements(text)
        return
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        raise json_error(exc) from None
    if isinstance(whole, dict):
        for key in keys:
            if isinstance(whole.get(key), list):
                at = find_array(text, key)
                if at is not None:
                    yield from json_elements(text, at)
                else:  # pragma: no cover - the key was found by json.loads
                    yield from ((1, v) for v in whole[key])
                return
        yield 1, whole
        return
    raise FileProblem(1, f"expected a JSON object or array, got {type(whole).__name__}")


def json_records(stream: IO[bytes], settings: ImportSettings) -> Iterator[ClaimRecord | Rejected]:
    text = read_text(stream)
    for line, obj in _elements(text, ("claims",)):
        yield build(
            partial(record_from_export, obj, settings.id_prefix),
            line,
            settings.origin,
            json.dumps(obj, ensure_ascii=False),
        )


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _name(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        name = value.get("name")
        return str(name) if name else None
    return str(value) if value else None


def _day(value: Any) -> str | None:
    """The date part of an ISO date or date-time ("2024-03-01T10:00:00Z" -> "2024-03-01")."""
    if not value:
        return None
    return str(value)[:10]


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("@type", [])
    return [str(x) for x in (t if isinstance(t, list) else [t])]


def claimreview_record(node: Any, id_prefix: str | None = None) -> dict[str, Any]:
    """A ClaimRecord-shaped dict from one schema.org ClaimReview."""
    if not isinstance(node, dict):
        raise _CellError("record", f"expected a ClaimReview object, got {type(node).__name__}")
    if "ClaimReview" not in _types(node):
        raise _CellError("@type", f"expected ClaimReview, got {node.get('@type')!r}")
    item = node.get("itemReviewed") or {}
    if not isinstance(item, dict):
        raise _CellError("itemReviewed", "expected a Claim object")
    author = _first(item.get("author"))
    claim: dict[str, Any] = {"text": node.get("claimReviewed")}
    if isinstance(author, dict):
        claim["speaker"] = author.get("name")
        if author.get("jobTitle"):
            claim["speaker_description"] = author["jobTitle"]
    elif author:
        claim["speaker"] = str(author)
    if item.get("datePublished"):
        claim["claimed_on"] = _day(item["datePublished"])
    appearance = _first(item.get("firstAppearance") or item.get("appearance"))
    if isinstance(appearance, dict):
        if appearance.get("url"):
            claim["appearance_url"] = appearance["url"]
        if appearance.get("name"):
            claim["context"] = appearance["name"]
    elif isinstance(appearance, str):
        claim["appearance_url"] = appearance
    if item.get("identifier"):
        ident = str(item["identifier"])
        claim["external_id"] = f"{id_prefix}{ident}" if id_prefix else ident
    record: dict[str, Any] = {"claim": {k: v for k, v in claim.items() if v is not None}}
    rating = node.get("reviewRating")
    if rating is None:
        return record
    if not isinstance(rating, dict):
        raise _CellError("reviewRating", "expected a Rating object")
    label, scale = _rating_label(rating)
    publisher = _name(node.get("author"))
    url = node.get("url")
    source = None
    if url:
        source = {
            "title": node.get("headline") or node.get("name") or f"Fact check: {claim['text']}",
            "url": url,
            "publisher": publisher,
            "issued": _day(node.get("datePublished")),
            "csl_type": "webpage",
        }
    record["verdict"] = {
        "label": label,
        "scale": scale,
        "rationale": node.get("reviewBody") or rating.get("ratingExplanation"),
        "published": _day(node.get("datePublished")),
        "review_url": url,
        "source": {k: v for k, v in source.items() if v is not None} if source else None,
    }
    return record


def _rating_label(rating: dict[str, Any]) -> tuple[str, str | None]:
    """The label (and scale, when the rating names one) a Rating means."""
    value, best, worst = (rating.get(k) for k in ("ratingValue", "bestRating", "worstRating"))
    if value is not None and best is not None and worst is not None:
        try:
            v, b, w = float(value), float(best), float(worst)
        except (TypeError, ValueError):
            raise _CellError(
                "reviewRating", "ratingValue, bestRating and worstRating must be numbers"
            ) from None
        if not w <= v <= b:
            raise _CellError(
                "reviewRating.ratingValue",
                f"{value} is outside worstRating {worst}..bestRating {best}",
            )
    ident = rating.get("identifier")
    if isinstance(ident, str) and ":" in ident:
        scale, _, label = ident.partition(":")
        return label, scale
    if rating.get("alternateName"):
        return str(rating["alternateName"]), None
    if value is not None and str(best) == "5" and str(worst) == "1":
        return str(value), "google-1-5"
    raise _CellError("reviewRating.alternateName", "missing: the rating needs a textual label")


def claimreview_records(
    stream: IO[bytes], settings: ImportSettings
) -> Iterator[ClaimRecord | Rejected]:
    text = read_text(stream)
    graph = not text.lstrip().startswith("[") and find_array(text, "@graph") is not None
    for line, node in _elements(text, ("@graph",)):
        if graph and isinstance(node, dict) and "ClaimReview" not in _types(node):
            continue  # an @graph also holds the publisher, the page...: not reviews
        yield build(
            partial(claimreview_record, node, settings.id_prefix),
            line,
            settings.origin,
            json.dumps(node, ensure_ascii=False),
        )


def factcheck_record(claim: Any) -> dict[str, Any]:
    """A ClaimRecord-shaped dict from one claim of the Fact Check Tools API."""
    if not isinstance(claim, dict):
        raise _CellError("claims", f"expected a claim object, got {type(claim).__name__}")
    data: dict[str, Any] = {"text": claim.get("text")}
    if claim.get("claimant"):
        data["speaker"] = claim["claimant"]
    if claim.get("claimDate"):
        data["claimed_on"] = _day(claim["claimDate"])
    record: dict[str, Any] = {"claim": data}
    reviews = claim.get("claimReview") or []
    if not isinstance(reviews, list):
        raise _CellError("claimReview", "expected an array")
    if reviews:
        review = reviews[0]
        if not isinstance(review, dict):
            raise _CellError("claimReview", "expected review objects")
        publisher = review.get("publisher") or {}
        name = (
            publisher.get("name") or publisher.get("site") if isinstance(publisher, dict) else None
        )
        url = review.get("url")
        record["verdict"] = {
            "label": review.get("textualRating"),
            "published": _day(review.get("reviewDate")),
            "review_url": url,
            "source": {
                "title": review.get("title") or f"Fact check by {name or 'unknown publisher'}",
                "url": url,
                "publisher": name,
                "issued": _day(review.get("reviewDate")),
            }
            if url
            else None,
        }
    return record


def factcheck_records(
    stream: IO[bytes], settings: ImportSettings
) -> Iterator[ClaimRecord | Rejected]:
    text = read_text(stream)
    for line, node in _elements(text, ("claims",)):
        yield build(
            partial(factcheck_record, node),
            line,
            settings.origin,
            json.dumps(node),
        )


READERS: dict[
    ImportFormat, Callable[[IO[bytes], ImportSettings], Iterator[ClaimRecord | Rejected]]
] = {
    ImportFormat.CSV: delimited_records,
    ImportFormat.TSV: delimited_records,
    ImportFormat.JSON: json_records,
    ImportFormat.JSONL: jsonl_records,
    ImportFormat.CLAIMREVIEW: claimreview_records,
    ImportFormat.FACTCHECK_API: factcheck_records,
}


def records(stream: IO[bytes], settings: ImportSettings) -> Iterator[ClaimRecord | Rejected]:
    """The file's records; a defect that stops reading raises FileProblem."""
    return READERS[settings.fmt](stream, settings)


# -- CSL-JSON ---------------------------------------------------------------------

CSL_ID_PREFIX = "claimdb-source-"


def _csl_date(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0]
        return "-".join(
            f"{int(p):04d}" if i == 0 else f"{int(p):02d}" for i, p in enumerate(first[:3])
        )
    raw = value.get("raw") or value.get("literal")
    return str(raw) if raw else None


def csl_source(item: Any) -> dict[str, Any]:
    """A SourceIn-shaped dict from one CSL-JSON item."""
    if not isinstance(item, dict):
        raise _CellError("item", f"expected a CSL-JSON object, got {type(item).__name__}")
    custom: dict[str, Any] = item["custom"] if isinstance(item.get("custom"), dict) else {}
    out: dict[str, Any] = {
        "csl_type": item.get("type") or "webpage",
        "title": item.get("title"),
        "authors": [
            {k: a[k] for k in ("family", "given", "literal") if a.get(k)}
            for a in item.get("author") or []
            if isinstance(a, dict)
        ],
        "container_title": item.get("container-title"),
        "publisher": item.get("publisher"),
        "issued": _csl_date(item.get("issued")),
        "url": item.get("URL"),
        "doi": item.get("DOI"),
        "accessed": _csl_date(item.get("accessed")),
        "note": item.get("note"),
        "archive_url": custom.get("archive_url"),
        "archive_hash": custom.get("archive_hash"),
        "reliability": custom.get("reliability"),
        "link_status": custom.get("link_status"),
    }
    ident = item.get("id")
    if ident is not None and not str(ident).startswith(CSL_ID_PREFIX):
        out["external_id"] = str(ident)
    return {k: v for k, v in out.items() if v not in (None, [])}


def csl_sources(stream: IO[bytes], origin: str) -> Iterator[tuple[int, SourceIn] | Rejected]:
    """CSL-JSON items (an array, or one object) as sources, each with its line."""
    text = read_text(stream)
    for line, item in _elements(text, ("items",)):
        try:
            yield line, SourceIn.model_validate(csl_source(item))
        except _CellError as exc:
            yield Rejected(line, [Problem(exc.message, exc.name, origin, line)])
        except ValidationError as exc:
            yield Rejected(
                line,
                [
                    Problem(
                        str(e["msg"]).removeprefix("Value error, "),
                        ".".join(str(p) for p in e["loc"]),
                        origin,
                        line,
                    )
                    for e in exc.errors()
                ],
                json.dumps(item, ensure_ascii=False),
            )
