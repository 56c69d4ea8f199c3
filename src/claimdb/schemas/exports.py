"""The shape of exported rows: what the database layer hands the export writers.

Plain tuples and dicts in a fixed column order, so that an export of a million
claims builds no pydantic model or ORM object per row; the writers in
:mod:`claimdb.formats` read them by these names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimdb.schemas.claims import CLAIM_FIELDS

CLAIM_COLUMNS = (
    "id",
    "external_id",
    *CLAIM_FIELDS,
    "status",
    "version_id",
    "current_verdict_id",
    "start_offset",
    "end_offset",
    "quote_exact",
)
"""The columns of each tuple in ``ExportBatch.rows``, in order."""


VERDICT_COLUMNS = (
    "verdict_scale",
    "verdict",
    "verdict_title",
    "verdict_value",
    "verdict_worst",
    "verdict_best",
    "verdict_class",
    "mapped_class",
    "verdict_rationale",
    "verdict_at",
    "review_url",
    "verdict_forced",
    "force_reason",
    "reviewer",
    "verdict_publisher",
)
"""The columns of each tuple in ``ExportBatch.verdicts``, in order."""


DOCUMENT_COLUMNS = (
    "document",
    "document_title",
    "document_author",
    "document_publisher",
    "document_published",
    "document_url",
)
"""The columns of each tuple in ``ExportBatch.documents``, in order."""


SOURCE_COLUMNS = (
    "id",
    "csl_type",
    "title",
    "authors",
    "container_title",
    "publisher",
    "issued",
    "url",
    "doi",
    "accessed",
    "archive_url",
    "archive_hash",
    "reliability",
    "link_status",
    "note",
    "external_id",
)


@dataclass
class ExportBatch:
    """At most ``batch`` claims, and what they refer to, keyed by id.

    ``rows`` are tuples in ``CLAIM_COLUMNS`` order; ``verdicts`` maps a
    ``current_verdict_id`` to a tuple in ``VERDICT_COLUMNS`` order;
    ``documents`` maps a ``version_id`` to a tuple in ``DOCUMENT_COLUMNS``
    order (it may hold versions of earlier batches too); ``tags`` (sorted),
    ``quantities`` (in ordinal order) and ``citations`` (in citation order,
    each with its source's ``source_*`` fields) are keyed by claim id and hold
    only claims that have any.
    """

    rows: Sequence[Sequence[Any]]
    verdicts: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    documents: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)
    quantities: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    citations: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    originals: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    """For a claim that repeats another (a ``same`` link): (original id, its verdict's
    scale, label and title), the verdict shown without a copy."""


@dataclass
class ExportReport:
    """What an export wrote: claims, claims skipped (no verdict, for ClaimReview), sources."""

    claims: int = 0
    skipped: int = 0
    sources: int = 0
