"""Which reader reads which import format (docs/import-export.md documents each)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

from claimdb.enums import ImportFormat
from claimdb.formats import claim_json, claimreview, delimited, factcheck
from claimdb.schemas.imports import ImportRequest
from claimdb.schemas.records import ClaimRecord, Rejected

Reader = Callable[[IO[bytes], ImportRequest], Iterator[ClaimRecord | Rejected]]

READERS: dict[ImportFormat, Reader] = {
    ImportFormat.CSV: delimited.delimited_records,
    ImportFormat.TSV: delimited.delimited_records,
    ImportFormat.JSON: claim_json.json_records,
    ImportFormat.JSONL: claim_json.jsonl_records,
    ImportFormat.CLAIMREVIEW: claimreview.claimreview_records,
    ImportFormat.FACTCHECK_API: factcheck.factcheck_records,
}
"""The claim formats; CSL-JSON holds sources (:func:`claimdb.formats.csl.csl_sources`)."""


def records(stream: IO[bytes], request: ImportRequest) -> Iterator[ClaimRecord | Rejected]:
    """The file's records; a defect that stops reading raises FileProblem."""
    if request.fmt is None or request.fmt not in READERS:
        raise ValueError(f"no claim reader for the format {request.fmt}")
    return READERS[request.fmt](stream, request)
