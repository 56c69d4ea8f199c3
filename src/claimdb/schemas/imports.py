"""One import, as it is asked for: the file's format and shape, and what to do with its rows.

:class:`ImportRequest` is the one object that carries an import from the command
line (or a Python caller) through :func:`claimdb.services.importing.import_file`
to the readers in :mod:`claimdb.formats` and the writer
(:mod:`claimdb.services.ingest`); it is also what the import's worker process
receives. The column vocabulary (:data:`FIELDS`, :data:`ALIASES`) lives here
because ``--map`` is checked as part of the request.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from claimdb.enums import ImportFormat, OnMatch
from claimdb.schemas.common import Schema
from claimdb.schemas.sources import SourceIn

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
    "verdict_title": "the label as the publisher wrote it (kept verbatim on its scale)",
    "verdict_rationale": "why the verdict",
    "verdict_date": "when the verdict was published (YYYY-MM-DD)",
    "verdict_publisher": "who published the verdict (the fact-checker): its label is kept "
    "verbatim on that publisher's own scale unless verdict_scale or --scale names one",
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
        "verdict_value",
        "verdict_worst",
        "verdict_best",
        "verdict_class",
        "verdict_forced",
        "same_as",
        "same_as_verdict",
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


def parse_verdict_source(value: str) -> SourceIn:
    """``"PolitiFact=https://www.politifact.com/"`` -> a webpage source (the URL is optional)."""
    title, sep, url = value.partition("=")
    try:
        return SourceIn(title=title, url=url.strip() if sep and url.strip() else None)
    except ValueError as exc:
        raise ValueError(
            f"--verdict-source {value!r}: {exc}; give TITLE or TITLE=URL, e.g. "
            "--verdict-source 'PolitiFact=https://www.politifact.com/'"
        ) from None


class ImportRequest(Schema):
    """An import: the file, how to read it, what its rows mean, and how to write them."""

    fmt: ImportFormat | None = Field(
        None, description="the file's format; None for records that come from no file (the seed)"
    )
    origin: str = Field("<input>", description="the file's name, for messages")
    # How to read the file.
    header: bool = True
    mapping: dict[str, str] = Field(
        default_factory=dict, description="column (name or 1-based position) -> field"
    )
    id_prefix: str | None = None
    # What the rows mean.
    scale: str | None = None
    document: str | None = None
    verdict_source: SourceIn | None = None
    force_reason: str | None = None
    on_match: OnMatch = Field(
        OnMatch.OFF,
        description="check each new row against the stored claims (claim matching): add it "
        "anyway, skip it, or add it linked as a repeat when a stored claim states the same; "
        "off: no check (the check costs a full-text query per row)",
    )
    # How to write them.
    strict: bool = Field(
        False,
        description="refuse the import when rows that are the same claim disagree on their "
        "verdict, checkable or speaker (otherwise the first row is kept, and the merge reported)",
    )
    skip_invalid: bool = False
    dry_run: bool = False
    batch_size: int = Field(2000, ge=1)
    bulk: bool | None = Field(
        None, description="the batched path for plain records; None: ingest chooses"
    )
    parallel: bool | None = Field(
        None,
        description="read and check the file in a worker process (claimdb.formats.worker); "
        "None: when size_hint is at least PARALLEL_MIN_BYTES and there are two cores",
    )
    size_hint: int | None = Field(None, description="the input's size in bytes, where known")
    per_claim_events: bool = Field(
        False,
        description="the batched path logs every row's events instead of one per batch "
        "(kept for the benchmark that justifies the choice)",
    )
    max_problems: int = Field(50, ge=1)

    @field_validator("mapping", mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return parse_mapping(list(value))
        return value

    @field_validator("verdict_source", mode="before")
    @classmethod
    def _verdict_source(cls, value: Any) -> Any:
        return parse_verdict_source(value) if isinstance(value, str) else value
