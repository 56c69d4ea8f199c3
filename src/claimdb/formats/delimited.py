"""Delimited text: CSV (RFC 4180, quoted fields) and TSV (tab-separated, no quoting, as LIAR is).

Reading: a header row names the columns (:data:`claimdb.schemas.imports.FIELDS`
and their aliases), or ``header=False`` and ``--map N=FIELD`` names them by
position. Writing: the claim's fields flattened, one row per claim (tags
joined with "; ", quantities and citations as JSON), safe to open in a
spreadsheet: a cell that a spreadsheet would run as a formula is guarded with
a leading quote (:func:`neutralise`), which reading removes again
(:func:`unneutralise`), so the text round-trips.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import chain, repeat
from operator import itemgetter
from typing import IO, Any

from claimdb.enums import ImportFormat
from claimdb.errors import Problem
from claimdb.formats.cells import FORMULA_TRIGGERS, neutralise, unneutralise
from claimdb.formats.claim_json import citation_from_export, citation_records, dumps, verdict_class
from claimdb.formats.dates import day
from claimdb.formats.lines import MAX_FIELD_CHARS, FileProblem, iter_lines
from claimdb.formats.records import RecordError, build
from claimdb.schemas.claims import CLAIM_FIELDS
from claimdb.schemas.exports import CLAIM_COLUMNS, VERDICT_COLUMNS, ExportBatch, ExportReport
from claimdb.schemas.imports import ALIASES, FIELDS, IGNORE, INFORMATIONAL, ImportRequest
from claimdb.schemas.records import ClaimRecord, Rejected

# -- reading ----------------------------------------------------------------------


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
        raise RecordError(name, f"invalid JSON at column {exc.colno}: {exc.msg}") from None


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
        raise RecordError("citations", "expected a JSON array of citations")
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
            "title": v.get("verdict_title"),
            "publisher": v.get("verdict_publisher"),
            "rationale": v.get("verdict_rationale"),
            "published": v.get("verdict_date"),
            "review_url": v.get("review_url"),
            "force_reason": v.get("force_reason"),
        }
    else:
        for name in (
            "verdict_scale",
            "verdict_rationale",
            "verdict_date",
            "review_url",
            "verdict_publisher",
        ):
            if name in v:
                raise RecordError(name, "given without a verdict")
    return record


def _columns(first: list[str], request: ImportRequest, line: int) -> tuple[list[str | None], bool]:
    """Field name (or None: ignored) for each column; whether the first row is data."""
    mapping = dict(request.mapping)
    if not request.header:
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
    stream: IO[bytes], request: ImportRequest
) -> Iterator[ClaimRecord | Rejected]:
    """CSV (quoted, RFC 4180) or TSV (no quoting) rows as records."""
    tsv = request.fmt is ImportFormat.TSV
    origin = request.origin
    bad_lines: dict[int, str] = {}
    long_lines: dict[int, tuple[str | None, int | None]] = {}
    lines_read = [0]

    def lines() -> Iterator[str]:
        for ln in iter_lines(stream):
            lines_read[0] = ln.number
            if ln.problem:
                bad_lines[ln.number] = ln.problem
            if ln.length is not None:
                long_lines[ln.number] = (ln.prefix, ln.length)
            yield ln.text

    csv.field_size_limit(MAX_FIELD_CHARS)
    if tsv:
        reader = csv.reader(lines(), delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    else:
        reader = csv.reader(lines(), strict=True)
    names: list[str | None] | None = None
    headers: list[str] = []  # the file's column names, which key a rejected row's cells
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
                prefix, length = long_lines.pop(line, (None, None))
                found = [Problem(p, None, origin, line) for p in problems]
                yield Rejected(line, found, prefix, truncated=length)
            continue
        raw = None
        if problems:
            raw = ("\t" if tsv else ",").join(row)
            yield Rejected(line, [Problem(p, None, origin, line) for p in problems], raw)
            continue
        if names is None:
            names, first_is_data = _columns(row, request, line)
            headers = (
                [str(i) for i in range(1, len(row) + 1)]
                if first_is_data
                else [unneutralise(c.strip()) for c in row]
            )
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
            partial(record_from_cells, cells, request.id_prefix),
            line,
            origin,
            None,
            cells=row,
            columns=headers,
            sep="\t" if tsv else ",",
            unguard=None if tsv else unneutralise,
        )


# -- writing ----------------------------------------------------------------------


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
    "verdict_publisher",
    "verdict_forced",
    "force_reason",
    "quantities",
    "citations",
    "same_as",
    "same_as_verdict",
)


# Positions in CLAIM_COLUMNS.
_at = CLAIM_COLUMNS.index
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


def _guard(value: str | None) -> str:
    """A text cell: empty for None, formula-guarded otherwise."""
    return neutralise(value) if value else ""


_GUARD_STARTS = frozenset(("'", *FORMULA_TRIGGERS))  # a cell starting so may need the guard


_first_char = itemgetter(0)


_NO_VERDICT_CELLS = "," * 10  # the eleven verdict cells, empty


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
    """The eleven verdict cells of a CSV row (verdict_scale ... force_reason), joined."""
    judged = row["verdict"] is not None
    cells = [
        row["verdict_scale"] or "",
        _guard(row["verdict"]),
        _guard(row["verdict_title"]),
        (verdict_class(row) or "") if judged else "",
        _guard(row["verdict_rationale"]),
        (day(row["verdict_at"]) or "") if judged else "",
        _guard(row["review_url"]),
        _guard(row["reviewer"]),
        _guard(row["verdict_publisher"]),
        ("true" if row["verdict_forced"] else "false") if judged else "",
        _guard(row["force_reason"]),
    ]
    return ",".join(map(_quote, cells))


def _csv_lines(batch: ExportBatch) -> str:
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
        vid: _verdict_cells(dict(zip(VERDICT_COLUMNS, v, strict=True)))
        for vid, v in batch.verdicts.items()
    }
    quantities = {cid: _cell(dumps(q)) for cid, q in batch.quantities.items() if q}
    citations = {cid: _cell(dumps(citation_records(c))) for cid, c in batch.citations.items() if c}
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
        [_same_as_cells(batch.originals.get(i)) for i in ids] if batch.originals else ",",
    ]
    return _lines(columns, len(rows))


def _same_as_cells(original: tuple[Any, ...] | None) -> str:
    """The same_as and same_as_verdict cells: the original's id and its verdict, joined."""
    if original is None:
        return ","
    oid, scale, label, _ = original
    return f"{oid}," + (_quote(_guard(f"{scale}:{label}")) if label else "")


def write_csv(batches: Iterable[ExportBatch], out: IO[str], report: ExportReport) -> None:
    """The header, then each batch's lines."""
    out.write(",".join(CSV_COLUMNS) + "\r\n")
    for b in batches:
        out.write(_csv_lines(b))
        report.claims += len(b.rows)
