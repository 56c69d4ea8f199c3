"""CSL-JSON: sources as reference managers (Zotero, pandoc) read and write them.

claimdb's custody fields (archive URL and hash, reliability, link status)
travel in each item's ``custom`` object. An item's ``id`` is the source's
external id, or ``claimdb-source-N`` for a source that has none (which an
import does not take as an external id).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from pydantic import ValidationError

from claimdb.errors import Problem, validation_problems
from claimdb.formats.claim_json import write_array
from claimdb.formats.dates import day
from claimdb.formats.lines import read_text
from claimdb.formats.records import RecordError, elements
from claimdb.schemas.exports import ExportReport
from claimdb.schemas.records import Rejected
from claimdb.schemas.sources import SourceIn

CSL_ID_PREFIX = "claimdb-source-"


# -- reading ----------------------------------------------------------------------


def date_from_csl(value: Any) -> str | None:
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
        raise RecordError("item", f"expected a CSL-JSON object, got {type(item).__name__}")
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
        "issued": date_from_csl(item.get("issued")),
        "url": item.get("URL"),
        "doi": item.get("DOI"),
        "accessed": date_from_csl(item.get("accessed")),
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
    for line, item in elements(text, ("items",)):
        try:
            yield line, SourceIn.model_validate(csl_source(item))
        except RecordError as exc:
            yield Rejected(line, [Problem(exc.message, exc.name, origin, line)])
        except ValidationError as exc:
            yield Rejected(
                line,
                validation_problems(exc.errors(), file=origin, line=line),
                json.dumps(item, ensure_ascii=False),
            )


# -- writing ----------------------------------------------------------------------


def csl_date(value: Any) -> dict[str, Any] | None:
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
        "issued": csl_date(source["issued"]),
        "URL": source["url"],
        "DOI": source["doi"],
        "accessed": csl_date(day(source["accessed"])),
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


def write_csl(sources: Iterable[dict[str, Any]], out: IO[str], report: ExportReport) -> None:
    """A CSL-JSON array of the sources (each a dict of ``SOURCE_COLUMNS``)."""
    report.sources += write_array(map(csl_item, sources), out)
