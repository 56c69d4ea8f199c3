"""What Google's Fact Check Tools API ``claims:search`` returns: ``{"claims": [...]}``.

Read only: claimdb writes ClaimReview for that API's publishers' side.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import IO, Any

from claimdb.formats import rejects
from claimdb.formats.dates import day
from claimdb.formats.lines import read_text
from claimdb.formats.records import RecordError, build, elements, record_name
from claimdb.schemas.imports import ImportRequest
from claimdb.schemas.records import ClaimRecord, Rejected


def factcheck_record(claim: Any) -> dict[str, Any]:
    """A ClaimRecord-shaped dict from one claim of the Fact Check Tools API."""
    if not isinstance(claim, dict):
        raise RecordError("claims", f"expected a claim object, got {type(claim).__name__}")
    data: dict[str, Any] = {"text": claim.get("text")}
    if claim.get("claimant"):
        data["speaker"] = claim["claimant"]
    if claim.get("claimDate"):
        data["claimed_on"] = day(claim["claimDate"])
    record: dict[str, Any] = {"claim": data}
    reviews = claim.get("claimReview") or []
    if not isinstance(reviews, list):
        raise RecordError("claimReview", "expected an array")
    if reviews:
        review = reviews[0]
        if not isinstance(review, dict):
            raise RecordError("claimReview", "expected review objects")
        publisher = review.get("publisher") or {}
        name = (
            publisher.get("name") or publisher.get("site") if isinstance(publisher, dict) else None
        )
        url = review.get("url")
        record["verdict"] = {
            # The publisher's own words: kept verbatim on its scale (services.ratings).
            "label": review.get("textualRating"),
            "publisher": name,
            "published": day(review.get("reviewDate")),
            "review_url": url,
            "source": {
                "title": review.get("title") or f"Fact check by {name or 'unknown publisher'}",
                "url": url,
                "publisher": name,
                "issued": day(review.get("reviewDate")),
            }
            if url
            else None,
        }
    return record


def factcheck_records(
    stream: IO[bytes], request: ImportRequest
) -> Iterator[ClaimRecord | Rejected]:
    text = read_text(stream)
    for index, (line, item) in enumerate(elements(text, ("claims",)), 1):
        node, refused = rejects.unwrap(item, line, request.origin)
        if refused is not None:
            yield refused
            continue
        yield build(
            partial(factcheck_record, node),
            line,
            request.origin,
            node,
            where=record_name(index, node),
        )
