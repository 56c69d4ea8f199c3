"""The controlled vocabularies of claimdb.

Plain standard-library enums, so that the CLI can offer them as choices
without importing pydantic or SQLAlchemy. The database stores each as a
named enum (a CHECK constraint on SQLite, a type on PostgreSQL), and the
values here are what users type and what exports contain.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a person on the desk may do (see ``services.permissions``)."""

    FACT_CHECKER = "fact-checker"
    EDITOR = "editor"
    ANALYST = "analyst"
    ADMIN = "admin"


class ClaimType(StrEnum):
    """The kind of assertion a claim makes."""

    STATISTIC = "statistic"
    QUOTE = "quote"
    EVENT = "event"
    CAUSAL = "causal"
    PREDICTION = "prediction"
    OPINION = "opinion"
    OTHER = "other"


class ClaimStatus(StrEnum):
    """Where a claim stands in the verification workflow."""

    UNREVIEWED = "unreviewed"
    IN_PROGRESS = "in_progress"
    NEEDS_REVIEW = "needs_review"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    UNSUPPORTED = "unsupported"


class Stance(StrEnum):
    """How a cited passage bears on a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"
    INSUFFICIENT = "insufficient"


class CitationKind(StrEnum):
    """Who made the link between a claim and a source.

    ``report``: the document itself attributes the claim ("a 2025 Yale survey
    found..."); this is not evidence. ``evidence``: a checker found the source
    and quoted it.
    """

    REPORT = "report"
    EVIDENCE = "evidence"


class NoteKind(StrEnum):
    """What a reviewer note is for."""

    QUERY = "query"
    ANSWER = "answer"
    COMMENT = "comment"
    DECISION = "decision"


class FlagReason(StrEnum):
    """Why a claim was flagged."""

    UNSUPPORTED = "unsupported"
    NEEDS_SOURCE = "needs-source"
    OUTDATED = "outdated"
    MISQUOTED = "misquoted"
    DISPUTED = "disputed"
    TRANSCRIPTION = "transcription"
    OTHER = "other"
    # Raised by `doc add --new-version-of` (services/documents.py): the claim's words changed
    # in the new text, or could not be found in it.
    ANCHOR_CHANGED = "anchor-changed"
    ANCHOR_ORPHANED = "anchor-orphaned"
    # Raised by `source check --quotes` (services/links.py): a citation's quoted passage no
    # longer occurs in the page it cites (migration lc01).
    QUOTE_NOT_FOUND = "quote-not-found"


class LinkStatus(StrEnum):
    """Whether a source's URL still answers (derived from its link checks, docs/data-model.md).

    ``redirected``: it answers, at another address it was moved to for good (301, 308);
    ``blocked``: the server refuses automated readers (401, 403, 429, 451); ``unknown``:
    never checked, or the checks could not tell (timeouts, resets, server errors).
    """

    LIVE = "live"
    REDIRECTED = "redirected"
    DEAD = "dead"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"


class Reliability(StrEnum):
    """A desk's rating of a source's reliability."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    UNKNOWN = "unknown"


class Qualifier(StrEnum):
    """How a reported number relates to its value ("over 1,000", "about 40%")."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    MORE_THAN = "more-than"
    AT_LEAST = "at-least"
    LESS_THAN = "less-than"
    AT_MOST = "at-most"


class VerdictClass(StrEnum):
    """The family a rating label belongs to, through its default-scale mapping.

    The evidence rules key on this: a ``true`` verdict needs a supporting
    citation, a ``false`` or ``misleading`` one needs at least one citation.
    """

    TRUE = "true"
    MIXED = "mixed"
    MISLEADING = "misleading"
    FALSE = "false"
    UNVERIFIABLE = "unverifiable"


class LinkKind(StrEnum):
    """How a person says two claims relate (``claimdb claim link``).

    ``same``: the claim repeats another (its original), whose verdict it shows
    without a copy; ``related``: worth reading together, nothing more.
    """

    SAME = "same"
    RELATED = "related"


class OnMatch(StrEnum):
    """``import --on-match``: check new rows against the stored claims, and what to do
    with a row a stored claim already states (add it anyway, skip it, link it)."""

    OFF = "off"
    ADD = "add"
    SKIP = "skip"
    LINK = "link"


class EntityKind(StrEnum):
    """What an event in the log is about."""

    CLAIM = "claim"
    CITATION = "citation"
    VERDICT = "verdict"
    FLAG = "flag"
    NOTE = "note"
    SOURCE = "source"
    DOCUMENT = "document"
    PERSON = "person"
    SCALE = "scale"  # a rating scale (migration s001)


UNCHECKABLE_TYPES = frozenset({ClaimType.OPINION, ClaimType.PREDICTION})
"""Claim types that are not checkable unless said otherwise: value judgements and forecasts."""

FINAL_STATUSES = frozenset({ClaimStatus.VERIFIED, ClaimStatus.DISPUTED, ClaimStatus.UNSUPPORTED})
"""The decided states: an editor has ruled, and only a reopen moves the claim again."""

TRANSITIONS: dict[ClaimStatus, tuple[ClaimStatus, ...]] = {
    ClaimStatus.UNREVIEWED: (
        ClaimStatus.IN_PROGRESS,
        ClaimStatus.NEEDS_REVIEW,
        ClaimStatus.UNSUPPORTED,
    ),
    ClaimStatus.IN_PROGRESS: (ClaimStatus.NEEDS_REVIEW, ClaimStatus.UNSUPPORTED),
    ClaimStatus.NEEDS_REVIEW: (
        ClaimStatus.IN_PROGRESS,
        ClaimStatus.VERIFIED,
        ClaimStatus.DISPUTED,
        ClaimStatus.UNSUPPORTED,
    ),
    ClaimStatus.VERIFIED: (ClaimStatus.IN_PROGRESS,),
    ClaimStatus.DISPUTED: (ClaimStatus.IN_PROGRESS,),
    ClaimStatus.UNSUPPORTED: (ClaimStatus.IN_PROGRESS,),
}
"""Every allowed move, from each status to the statuses it may go to next."""


class Decision(StrEnum):
    """An editor's ruling on a claim awaiting review."""

    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "request-changes"


class ReviewReason(StrEnum):
    """Why a claim is in the review queue (``claimdb review``)."""

    NO_SUPPORT = "no-support"
    ONLY_REFUTING = "only-refuting"
    DEAD_SOURCES = "dead-sources"
    SINGLE_SOURCE = "single-source"
    OPEN_FLAGS = "open-flags"
    STALE_VERDICT = "stale-verdict"
    QUOTE_NOT_FOUND = "quote-not-found"


class ReviewAction(StrEnum):
    """What an editor can do with a claim in the review queue, each one command.

    approve, unsupported, request-changes: `claimdb review decide CLAIM --approve`
    (or --unsupported, --request-changes); request: `claimdb review request CLAIM
    --note TEXT`; resolve-flags: `claimdb flag resolve FLAG`; reopen: `claimdb
    claim reopen CLAIM`.
    """

    APPROVE = "approve"
    UNSUPPORTED = "unsupported"
    REQUEST_CHANGES = "request-changes"
    REQUEST = "request"
    RESOLVE_FLAGS = "resolve-flags"
    REOPEN = "reopen"


class ImportFormat(StrEnum):
    """The file formats ``claimdb import`` reads (docs/import-export.md)."""

    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    CLAIMREVIEW = "claimreview"
    FACTCHECK_API = "factcheck-api"
    CSL_JSON = "csl-json"


class ExportFormat(StrEnum):
    """The formats ``claimdb export`` writes (docs/import-export.md)."""

    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"
    CLAIMREVIEW = "claimreview"
    CSL_JSON = "csl-json"
    MARKDOWN = "markdown"
    HTML = "html"  # the annotated report of one document (--doc): formats/html_report.py


class CandidateStatus(StrEnum):
    """Where a proposed claim (``claimdb extract``) stands: a person accepts or dismisses it."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"
