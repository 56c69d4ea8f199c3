"""Exports: the claims a filter selects, streamed in bounded batches, byte-for-byte stable.

Formats (docs/import-export.md has every field):

- ``json`` / ``jsonl``: one claim record each, in a fixed key order, the
  shape ``claimdb import --format json|jsonl`` reads back;
- ``csv``: the same fields flattened (tags joined with "; ", quantities and
  citations as JSON), safe to open in a spreadsheet;
- ``claimreview``: schema.org ClaimReview JSON-LD for each claim with a verdict;
- ``csl-json``: the sources the selected claims cite;
- ``markdown``: a verification appendix with numbered sources.

Deterministic: the filter's order always ends with the claim id, keys have a
fixed order, and nothing about the export run (time, user) is written, so
the same database gives the same bytes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import chain, repeat
from operator import itemgetter
from typing import IO, Any

import orjson

from claimdb.db import export_queries
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ExportFormat
from claimdb.errors import InvalidInput
from claimdb.schemas.claims import CLAIM_FIELDS
from claimdb.schemas.filters import ClaimFilter

ENV_REVIEW_BASE = "CLAIMDB_REVIEW_BASE_URL"
ENV_PUBLISHER = "CLAIMDB_PUBLISHER"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSL_ID_PREFIX = "claimdb-source-"


@dataclass
class ExportOptions:
    review_base_url: str | None = None
    publisher: str | None = None
    batch: int = 1000


@dataclass
class ExportReport:
    claims: int = 0
    skipped: int = 0
    sources: int = 0


CSV_COLUMNS = (
    "external_id",
    *CLAIM_FIELDS,
    "status",
    "tags",
    "document",
    "verdict_scale",
    "verdict",
    "verdict_title",
    "verdict_class",
    "verdict_rationale",
    "verdict_date",
    "review_url",
    "reviewer",
    "verdict_forced",
    "force_reason",
    "quantities",
    "citations",
)


# Positions in export_queries.CLAIM_COLUMNS.
_at = export_queries.CLAIM_COLUMNS.index
_EXTERNAL_ID = _at("external_id")
_TEXT = _at("text")
_CLAIM_TYPE = _at("claim_type")
_CHECKABLE = _at("checkable")
_SPEAKER = _at("speaker")
_SPEAKER_DESCRIPTION = _at("speaker_description")
_CLAIMED_ON = _at("claimed_on")
_APPEARANCE_URL = _at("appearance_url")
_CONTEXT = _at("context")
_PRIORITY = _at("priority")
_STATUS = _at("status")
_VERSION_ID = _at("version_id")
_VERDICT_ID = _at("current_verdict_id")


def neutralise(cell: str) -> str:
    """Guard a spreadsheet cell against formula injection (OWASP): prefix a quote.

    A cell that starts with =, +, -, @, tab or CR (after any leading quotes)
    gets one more leading quote; ``claimdb import`` removes exactly one, so
    the text round-trips.
    """
    if cell.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def _day(value: Any) -> str | None:
    """A date column as YYYY-MM-DD, whether the driver gave text or a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return (
            value.astimezone(UTC).date().isoformat() if value.tzinfo else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _verdict_class(row: dict[str, Any]) -> str | None:
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
        "accessed": _day(row[f"{prefix}accessed"]),
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
            "class": _verdict_class(row),
            "rationale": row["verdict_rationale"],
            "published": _day(row["verdict_at"]),
            "review_url": row["review_url"],
            "reviewer": row["reviewer"],
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
        "claimed_on": _day(row["claimed_on"]),
        "appearance_url": row["appearance_url"],
        "context": row["context"],
        "priority": row["priority"],
        "status": row["status"],
        "tags": row["tags"],
        "quantities": row["quantities"],
        "document": row["document"],
        "anchor": anchor,
        "verdict": verdict,
        "citations": _citations(row["citations"]),
    }


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _guard(value: str | None) -> str:
    """A text cell: empty for None, formula-guarded otherwise."""
    if not value:
        return ""
    return "'" + value if value.lstrip("'").startswith(FORMULA_TRIGGERS) else value


_GUARD_STARTS = frozenset(("'", *FORMULA_TRIGGERS))  # a cell starting so may need the guard
_first_char = itemgetter(0)
_NO_VERDICT_CELLS = "," * 9  # the ten verdict cells, empty


def _quote(cell: str) -> str:
    """A cell as ``csv.writer`` writes it (QUOTE_MINIMAL, CRLF line ends)."""
    if "," in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _cell(value: str | None) -> str:
    """A text cell, formula-guarded, as ``csv.writer`` writes it."""
    if not value:
        return ""
    if value[0] in _GUARD_STARTS:
        value = _guard(value)
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _column(values: Sequence[str | None], *, guard: bool) -> str | Sequence[str]:
    """One column's cells for a batch of rows (None is an empty cell); "" if all are empty.

    Checked batch-wide first (scans of the joined values and of the first
    characters, in C): a column none of whose values needs quoting or the
    formula guard, such as ids, names, tags and dates, costs no Python per cell.
    """
    present = "\0".join(filter(None, values))
    if not present:
        return ""
    if (
        "," in present
        or '"' in present
        or "\n" in present
        or "\r" in present
        or (guard and not _GUARD_STARTS.isdisjoint(map(_first_char, filter(None, values))))
    ):
        if not guard:
            return [_quote(v or "") for v in values]
        return [  # _cell(v), inlined for the common case: this runs for most texts
            (
                '"' + v.replace('"', '""') + '"'
                if "," in v or '"' in v or "\n" in v or "\r" in v
                else v
            )
            if v and v[0] not in _GUARD_STARTS
            else _cell(v)
            for v in values
        ]
    if None in values:
        return [v or "" for v in values]
    return values  # type: ignore[return-value]  # no None in it


def _lines(columns: list[str | Iterable[str]], rows: int) -> str:
    """CSV lines from columns of cells; a str column has the same cell in every row.

    Joined in one go, cells and separators interleaved (a join per line costs
    more than the rest of the formatting); the constant columns are folded
    into the separators around them.
    """
    parts: list[Iterable[str]] = []
    pending = ""  # constant text before the next column that varies
    for i, column in enumerate(columns):
        if i:
            pending += ","
        if isinstance(column, str):
            pending += column
        else:
            if pending:
                parts.append(repeat(pending, rows))
            parts.append(column)
            pending = ""
    parts.append(repeat(pending + "\r\n", rows))
    return "".join(chain.from_iterable(zip(*parts, strict=True)))


def _verdict_cells(row: dict[str, Any]) -> str:
    """The ten verdict cells of a CSV row (verdict_scale ... force_reason), joined."""
    judged = row["verdict"] is not None
    cells = [
        row["verdict_scale"] or "",
        _guard(row["verdict"]),
        _guard(row["verdict_title"]),
        (_verdict_class(row) or "") if judged else "",
        _guard(row["verdict_rationale"]),
        (_day(row["verdict_at"]) or "") if judged else "",
        _guard(row["review_url"]),
        _guard(row["reviewer"]),
        ("true" if row["verdict_forced"] else "false") if judged else "",
        _guard(row["force_reason"]),
    ]
    return ",".join(map(_quote, cells))


def _citations(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def _csv_lines(batch: export_queries.ExportBatch) -> str:
    """The CSV lines of one batch, built a column at a time (the hot path).

    Byte for byte what ``csv.writer(lineterminator="\\r\\n")`` writes for the
    cells ``CSV_COLUMNS`` describes: the per-cell work that costs is done only
    for the columns and rows that need it.
    """
    rows = batch.rows
    cols = list(zip(*rows, strict=True))
    ids = cols[0]
    tags = {cid: "; ".join(t) for cid, t in batch.tags.items()}
    slugs = {vid: d[0] for vid, d in batch.documents.items()}
    verdicts = {
        vid: _verdict_cells(dict(zip(export_queries.VERDICT_COLUMNS, v, strict=True)))
        for vid, v in batch.verdicts.items()
    }
    quantities = {cid: _cell(_dumps(q)) for cid, q in batch.quantities.items() if q}
    citations = {cid: _cell(_dumps(_citations(c))) for cid, c in batch.citations.items() if c}
    columns: list[str | Iterable[str]] = [
        _column(cols[_EXTERNAL_ID], guard=True),
        _column(cols[_TEXT], guard=True),
        _column(cols[_CLAIM_TYPE], guard=False),
        ["true" if c else "false" for c in cols[_CHECKABLE]],
        _column(cols[_SPEAKER], guard=True),
        _column(cols[_SPEAKER_DESCRIPTION], guard=True),
        _column(cols[_CLAIMED_ON], guard=False),
        _column(cols[_APPEARANCE_URL], guard=True),
        _column(cols[_CONTEXT], guard=True),
        list(map(str, cols[_PRIORITY])),
        _column(cols[_STATUS], guard=False),
        _column([tags.get(i) for i in ids], guard=True) if tags else "",
        _column([slugs.get(v) for v in cols[_VERSION_ID]], guard=True) if slugs else "",
        list(map(verdicts.get, cols[_VERDICT_ID], repeat(_NO_VERDICT_CELLS)))
        if verdicts
        else _NO_VERDICT_CELLS,
        list(map(quantities.get, ids, repeat(""))) if quantities else "",
        list(map(citations.get, ids, repeat(""))) if citations else "",
    ]
    return _lines(columns, len(rows))


def _rows(batches: Iterable[export_queries.ExportBatch]) -> Iterator[dict[str, Any]]:
    """Each exported claim as a dict: its columns, verdict, document, tags and the rest."""
    no_verdict = dict.fromkeys(export_queries.VERDICT_COLUMNS)
    no_document = dict.fromkeys(export_queries.DOCUMENT_COLUMNS)
    for b in batches:
        for r in b.rows:
            row = dict(zip(export_queries.CLAIM_COLUMNS, r, strict=True))
            cid = r[0]
            verdict = b.verdicts.get(r[_VERDICT_ID])
            if verdict is None:
                row.update(no_verdict)
            else:
                row.update(zip(export_queries.VERDICT_COLUMNS, verdict, strict=True))
            document = b.documents.get(r[_VERSION_ID])
            if document is None:
                row.update(no_document)
            else:
                row.update(zip(export_queries.DOCUMENT_COLUMNS, document, strict=True))
            row["tags"] = b.tags.get(cid, [])
            row["quantities"] = b.quantities.get(cid, [])
            row["citations"] = b.citations.get(cid, [])
            yield row


def review_url(row: dict[str, Any], base: str | None) -> str | None:
    """A verdict's ClaimReview ``url``: its own review URL, else base + claim id."""
    own: str | None = row["review_url"]
    if own:
        return own
    if base:
        return f"{base.rstrip('/')}/{row['id']}"
    return None


def _document_by(row: dict[str, Any]) -> dict[str, Any] | None:
    """The claim's document's author (a Person), else its publisher (an Organization)."""
    if row["document_author"]:
        return {"@type": "Person", "name": row["document_author"]}
    if row["document_publisher"]:
        return {"@type": "Organization", "name": row["document_publisher"]}
    return None


def _document_work(row: dict[str, Any]) -> dict[str, Any]:
    """The claim's document as a schema.org CreativeWork, with what is known of it."""
    work: dict[str, Any] = {"@type": "CreativeWork", "name": row["document_title"]}
    if row["document_url"]:
        work["url"] = row["document_url"]
    if row["document_author"]:
        work["author"] = {"@type": "Person", "name": row["document_author"]}
    if row["document_publisher"]:
        work["publisher"] = {"@type": "Organization", "name": row["document_publisher"]}
    if row["document_published"]:
        work["datePublished"] = _day(row["document_published"])
    return work


def claimreview(row: dict[str, Any], *, base: str | None, publisher: str | None) -> dict[str, Any]:
    """One schema.org ClaimReview for a claim with a verdict (see docs/import-export.md)."""
    url = review_url(row, base)
    if url is None:
        raise InvalidInput(
            f"claim {row['id']}'s verdict has no review URL, and ClaimReview needs one",
            hint=f"pass --review-base-url https://your.site/fact-checks (or set {ENV_REVIEW_BASE})"
            ": the url becomes BASE/CLAIM-ID",
        )
    item: dict[str, Any] = {"@type": "Claim"}
    if row["speaker"]:
        author: dict[str, Any] = {"@type": "Person", "name": row["speaker"]}
        if row["speaker_description"]:
            author["jobTitle"] = row["speaker_description"]
        item["author"] = author
    elif (by := _document_by(row)) is not None:
        item["author"] = by  # the document speaks in its own voice
    claimed_on = row["claimed_on"] or row["document_published"]
    if claimed_on:
        item["datePublished"] = _day(claimed_on)
    if row["appearance_url"] or (row["context"] and row["document"] is None):
        appearance: dict[str, Any] = {"@type": "CreativeWork"}
        if row["appearance_url"]:
            appearance["url"] = row["appearance_url"]
        if row["context"]:
            appearance["name"] = row["context"]
        item["appearance"] = appearance
    elif row["document"] is not None:
        item["appearance"] = _document_work(row)
    if row["external_id"]:
        item["identifier"] = row["external_id"]
    rating: dict[str, Any] = {"@type": "Rating"}
    if row["verdict_value"] is not None:
        rating["ratingValue"] = row["verdict_value"]
        rating["bestRating"] = row["verdict_best"]
        rating["worstRating"] = row["verdict_worst"]
    rating["alternateName"] = row["verdict_title"]
    rating["identifier"] = f"{row['verdict_scale']}:{row['verdict']}"
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": row["text"],
        "datePublished": _day(row["verdict_at"]),
        "author": {"@type": "Organization", "name": publisher}
        if publisher
        else {"@type": "Person", "name": row["reviewer"]},
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if row["verdict_rationale"]:
        review["reviewBody"] = row["verdict_rationale"]
    return review


def _csl_date(value: Any) -> dict[str, Any] | None:
    if not value:
        return None
    parts = [int(p) for p in str(value)[:10].split("-")]
    return {"date-parts": [parts]}


def csl_item(source: dict[str, Any]) -> dict[str, Any]:
    """A source as a CSL-JSON item; claimdb's custody fields go in ``custom``."""
    item: dict[str, Any] = {
        "id": source["external_id"] or f"{CSL_ID_PREFIX}{source['id']}",
        "type": source["csl_type"],
        "title": source["title"],
        "author": source["authors"] or None,
        "container-title": source["container_title"],
        "publisher": source["publisher"],
        "issued": _csl_date(source["issued"]),
        "URL": source["url"],
        "DOI": source["doi"],
        "accessed": _csl_date(_day(source["accessed"])),
        "note": source["note"],
    }
    custom = {
        "archive_url": source["archive_url"],
        "archive_hash": source["archive_hash"],
        "reliability": source["reliability"],
        "link_status": source["link_status"],
    }
    item["custom"] = {k: v for k, v in custom.items() if v is not None}
    return {k: v for k, v in item.items() if v is not None}


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def md(text: Any) -> str:
    """Text made literal in Markdown: special characters escaped, lines joined."""
    return " ".join(str(text).split()).translate(_MD_SPECIAL)


def export(
    uow: UnitOfWork,
    *,
    where: ClaimFilter,
    fmt: ExportFormat,
    out: IO[str],
    options: ExportOptions | None = None,
) -> ExportReport:
    """Write the claims ``where`` selects to ``out`` in ``fmt``."""
    opts = options or ExportOptions()
    dialect = uow.session.get_bind().dialect.name
    batches = export_queries.iter_export_batches(
        uow.session, where, dialect, opts.batch, anchors=fmt is not ExportFormat.CSV
    )
    # closing(): a failure half-way (a claim ClaimReview cannot describe) closes
    # the cursors now, while the connection is still open.
    with _collector_paused(), closing(batches):
        return _export(uow, batches, where=where, fmt=fmt, out=out, options=opts)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the block runs, as it was after.

    An export allocates tuples and dicts by the million and no reference
    cycles; reference counting frees them either way, and the collector's
    passes over them cost about a tenth of a CSV export.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _export(
    uow: UnitOfWork,
    batches: Iterable[export_queries.ExportBatch],
    *,
    where: ClaimFilter,
    fmt: ExportFormat,
    out: IO[str],
    options: ExportOptions,
) -> ExportReport:
    opts = options
    report = ExportReport()
    rows = _rows(batches)  # lazy: CSV reads the batches themselves
    if fmt is ExportFormat.JSONL:
        for row in rows:
            out.write(_dumps(claim_record(row)) + "\n")
            report.claims += 1
    elif fmt is ExportFormat.JSON:
        out.write("[")
        for row in rows:
            out.write(("\n" if report.claims == 0 else ",\n") + _dumps(claim_record(row)))
            report.claims += 1
        out.write("\n]\n" if report.claims else "]\n")
    elif fmt is ExportFormat.CSV:
        out.write(",".join(CSV_COLUMNS) + "\r\n")
        for b in batches:
            out.write(_csv_lines(b))
            report.claims += len(b.rows)
    elif fmt is ExportFormat.CLAIMREVIEW:
        base = opts.review_base_url or os.environ.get(ENV_REVIEW_BASE) or None
        publisher = opts.publisher or os.environ.get(ENV_PUBLISHER) or None
        out.write('{"@context":"https://schema.org","@graph":[')
        for row in rows:
            if row["verdict"] is None:
                report.skipped += 1
                continue
            review = claimreview(row, base=base, publisher=publisher)
            out.write(("\n" if report.claims == 0 else ",\n") + _dumps(review))
            report.claims += 1
        out.write("\n]}\n" if report.claims else "]}\n")
    elif fmt is ExportFormat.CSL_JSON:
        cited: set[int] = set()
        for row in rows:
            report.claims += 1
            cited.update(c["source_id"] for c in row["citations"])
        ordered = sorted(cited)
        out.write("[")
        for start in range(0, len(ordered), opts.batch):
            for source in export_queries.sources_by_id(
                uow.session, ordered[start : start + opts.batch]
            ):
                out.write(("\n" if report.sources == 0 else ",\n") + _dumps(csl_item(source)))
                report.sources += 1
        out.write("\n]\n" if report.sources else "]\n")
    else:
        _markdown(rows, out, report, where)
    return report


def _markdown(
    rows: Iterator[dict[str, Any]], out: IO[str], report: ExportReport, where: ClaimFilter
) -> None:
    numbers: dict[int, int] = {}
    listed: list[dict[str, Any]] = []
    title_written = False
    for row in rows:
        if not title_written:
            heading = (
                f": {md(row['document_title'])}" if where.document and row["document_title"] else ""
            )
            out.write(f"# Verification appendix{heading}\n")
            title_written = True
        report.claims += 1
        out.write(f"\n## {report.claims}. {md(row['text'])}\n\n")
        if row["speaker"]:
            out.write(f"- Claimed by: {md(row['speaker'])}\n")
        if row["verdict"] is not None:
            out.write(
                f"- Verdict: **{md(row['verdict_title'])}** ({md(row['verdict_scale'])} scale), "
                f"{md(row['reviewer'])}, {_day(row['verdict_at'])}\n"
            )
            rationale = row["verdict_rationale"] or "(no rationale recorded)"
            out.write(f"- Rationale: {md(rationale)}\n")
            if row["verdict_forced"]:
                out.write(f"- Evidence rule overridden: {md(row['force_reason'])}\n")
        else:
            out.write(f"- Verdict: none yet (status: {row['status']})\n")
        refs = []
        for c in row["citations"]:
            sid = c["source_id"]
            if sid not in numbers:
                numbers[sid] = len(numbers) + 1
                listed.append(c)
            what = c["stance"] or "reported by the document"
            quote = f': "{md(c["quote"])}"' if c["quote"] else ""
            refs.append(f"[{numbers[sid]}] {what}{quote}")
        if refs:
            out.write("- Sources: " + "; ".join(refs) + "\n")
        else:
            out.write("- Sources: none\n")
    if not title_written:
        out.write("# Verification appendix\n\nNo claims match.\n")
        return
    if listed:
        out.write("\n## Sources\n\n")
        for n, c in enumerate(listed, 1):
            parts = [md(c["source_title"])]
            if c["source_publisher"]:
                parts.append(md(c["source_publisher"]))
            if c["source_issued"]:
                parts.append(str(c["source_issued"]))
            line = ". ".join(parts) + "."
            if c["source_url"]:
                line += f" <{c['source_url']}>"
            if c["source_archive_url"]:
                line += f" (archived: <{c['source_archive_url']}>)"
            elif c["source_link_status"] == "dead":
                line += " (link dead, no archived copy)"
            out.write(f"{n}. {line}\n")
        report.sources = len(listed)
