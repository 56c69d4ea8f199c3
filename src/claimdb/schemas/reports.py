"""What the annotated report is made of: plain data the HTML writer reads.

The service (:mod:`claimdb.services.reports`) gathers these from the
database; :mod:`claimdb.formats.html_report` turns them into a page without
knowing where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportSection:
    """A heading of the version: ``start`` is the heading's offset, ``end`` the end of its span."""

    ordinal: int
    level: int
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class ReportVerdict:
    """A claim's current verdict: its label on its scale, why, who decided and when."""

    scale: str
    label: str
    title: str
    verdict_class: str | None  # the label's class, through its default-scale mapping
    rationale: str | None
    reviewer: str | None
    decided_on: str | None  # YYYY-MM-DD
    forced: bool = False
    force_reason: str | None = None
    review_url: str | None = None


@dataclass(frozen=True)
class ReportCitation:
    """One citation of a claim: ``kind`` evidence (with a stance) or report (the document's own)."""

    kind: str
    stance: str | None
    quote: str | None
    locator: str | None
    source_title: str
    source_url: str | None = None
    source_archive_url: str | None = None
    source_publisher: str | None = None
    source_issued: str | None = None
    source_link_status: str | None = None


@dataclass(frozen=True)
class ReportFlag:
    """An open flag on a claim."""

    reason: str
    note: str | None = None


@dataclass(frozen=True)
class ReportClaim:
    """A claim anchored in the version (``start``/``end`` None when it has no offsets)."""

    id: int
    text: str
    claim_type: str
    status: str
    checkable: bool
    start: int | None
    end: int | None
    speaker: str | None = None
    verdict: ReportVerdict | None = None
    citations: tuple[ReportCitation, ...] = ()
    flags: tuple[ReportFlag, ...] = ()
    notes: int = 0

    @property
    def supported(self) -> bool:
        """Has an evidence citation that supports it (the rule `--unsupported` reads)."""
        return any(c.kind == "evidence" and c.stance == "supports" for c in self.citations)


@dataclass(frozen=True)
class ReportInput:
    """A document version's text, its sections and the claims anchored in it."""

    slug: str
    title: str
    version: int
    text: str
    sections: tuple[ReportSection, ...] = ()
    claims: tuple[ReportClaim, ...] = ()
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    language: str = "en"


@dataclass
class ReportOutcome:
    """What a report wrote: claims, how many of them highlighted in the text, sections."""

    claims: int = 0
    highlighted: int = 0
    sections: int = 0
    version: int = 0
    document: str = ""
    statuses: dict[str, int] = field(default_factory=dict)
