"""schema.org ClaimReview JSON-LD: one object, an array, or an ``@graph``.

Reading takes each ClaimReview's claim, its rating (as a label on a scale)
and the published review as the verdict's source; writing describes each
claim that has a verdict (docs/import-export.md has the mapping).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import IO, Any

from claimdb.errors import InvalidInput
from claimdb.formats import rejects
from claimdb.formats.claim_json import write_array
from claimdb.formats.dates import day
from claimdb.formats.lines import find_array, read_text
from claimdb.formats.records import RecordError, build, elements, record_name
from claimdb.schemas.exports import ExportReport
from claimdb.schemas.imports import ImportRequest
from claimdb.schemas.records import ClaimRecord, Rejected

# -- reading ----------------------------------------------------------------------


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


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("@type", [])
    return [str(x) for x in (t if isinstance(t, list) else [t])]


def claimreview_record(node: Any, id_prefix: str | None = None) -> dict[str, Any]:
    """A ClaimRecord-shaped dict from one schema.org ClaimReview."""
    if not isinstance(node, dict):
        raise RecordError("record", f"expected a ClaimReview object, got {type(node).__name__}")
    if "ClaimReview" not in _types(node):
        raise RecordError("@type", f"expected ClaimReview, got {node.get('@type')!r}")
    item = node.get("itemReviewed") or {}
    if not isinstance(item, dict):
        raise RecordError("itemReviewed", "expected a Claim object")
    author = _first(item.get("author"))
    claim: dict[str, Any] = {"text": node.get("claimReviewed")}
    if isinstance(author, dict):
        claim["speaker"] = author.get("name")
        if author.get("jobTitle"):
            claim["speaker_description"] = author["jobTitle"]
    elif author:
        claim["speaker"] = str(author)
    if item.get("datePublished"):
        claim["claimed_on"] = day(item["datePublished"])
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
        raise RecordError("reviewRating", "expected a Rating object")
    label, scale = _rating_label(rating)
    publisher = _name(node.get("author")) or _name(node.get("publisher"))
    url = node.get("url")
    source = None
    if url:
        source = {
            "title": node.get("headline") or node.get("name") or f"Fact check: {claim['text']}",
            "url": url,
            "publisher": publisher,
            "issued": day(node.get("datePublished")),
            "csl_type": "webpage",
        }
    record["verdict"] = {
        "label": label,
        "scale": scale,
        "publisher": publisher,
        **_numbers(rating),
        "rationale": node.get("reviewBody") or rating.get("ratingExplanation"),
        "published": day(node.get("datePublished")),
        "review_url": url,
        "source": {k: v for k, v in source.items() if v is not None} if source else None,
    }
    return record


def _numbers(rating: dict[str, Any]) -> dict[str, float]:
    """ratingValue, bestRating and worstRating, where all three are numbers."""
    try:
        v, b, w = (float(rating[k]) for k in ("ratingValue", "bestRating", "worstRating"))
    except (KeyError, TypeError, ValueError):
        return {}
    return {"rating_value": v, "best_rating": b, "worst_rating": w}


def _rating_label(rating: dict[str, Any]) -> tuple[str, str | None]:
    """The label (and scale, when the rating names one) a Rating means."""
    value, best, worst = (rating.get(k) for k in ("ratingValue", "bestRating", "worstRating"))
    if value is not None and best is not None and worst is not None:
        try:
            v, b, w = float(value), float(best), float(worst)
        except (TypeError, ValueError):
            raise RecordError(
                "reviewRating", "ratingValue, bestRating and worstRating must be numbers"
            ) from None
        if not w <= v <= b:
            raise RecordError(
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
    raise RecordError("reviewRating.alternateName", "missing: the rating needs a textual label")


def claimreview_records(
    stream: IO[bytes], request: ImportRequest
) -> Iterator[ClaimRecord | Rejected]:
    text = read_text(stream)
    graph = not text.lstrip().startswith("[") and find_array(text, "@graph") is not None
    for index, (line, item) in enumerate(elements(text, ("@graph",)), 1):
        if graph and isinstance(item, dict) and "ClaimReview" not in _types(item):
            continue  # an @graph also holds the publisher, the page...: not reviews
        node, refused = rejects.unwrap(item, line, request.origin)
        if refused is not None:
            yield refused
            continue
        yield build(
            partial(claimreview_record, node, request.id_prefix),
            line,
            request.origin,
            node,
            where=record_name(index, node, "url"),
        )


# -- writing ----------------------------------------------------------------------


ENV_REVIEW_BASE = "CLAIMDB_REVIEW_BASE_URL"


ENV_PUBLISHER = "CLAIMDB_PUBLISHER"


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
        work["datePublished"] = day(row["document_published"])
    return work


def _author(row: dict[str, Any], publisher: str | None) -> dict[str, Any]:
    """Who published the verdict: the fact-checker it was imported from, else the desk
    (``--publisher``), else the reviewer."""
    own = row["verdict_publisher"] or publisher
    if own:
        return {"@type": "Organization", "name": own}
    return {"@type": "Person", "name": row["reviewer"]}


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
        item["datePublished"] = day(claimed_on)
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
        "datePublished": day(row["verdict_at"]),
        "author": _author(row, publisher),
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if row["verdict_rationale"]:
        review["reviewBody"] = row["verdict_rationale"]
    return review


def write_claimreview(
    rows: Iterable[dict[str, Any]],
    out: IO[str],
    report: ExportReport,
    *,
    base: str | None,
    publisher: str | None,
) -> None:
    """A JSON-LD ``@graph`` of ClaimReviews; a claim without a verdict is skipped (and counted)."""

    def reviews() -> Iterator[dict[str, Any]]:
        for row in rows:
            if row["verdict"] is None:
                report.skipped += 1
                continue
            yield claimreview(row, base=base, publisher=publisher)

    graph = '{"@context":"https://schema.org","@graph":['
    report.claims += write_array(reviews(), out, graph, "]}")
