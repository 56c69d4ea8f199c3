"""Lint: the claims that would make an export invalid or misleading.

Checks (docs/import-export.md explains each):

- ``verdict-without-rationale``: a verdict that does not say why;
- ``rating-outside-scale``: a rating value outside its scale, or a scale whose
  worst value is below 1 (ClaimReview's ``worstRating`` must be at least 1);
- ``claimreview-no-author`` / ``-no-claim-date`` / ``-no-appearance`` /
  ``-no-url``: what a ClaimReview of the verdict would lack;
- ``verified-without-evidence``: status verified without a supporting citation;
- ``verdict-without-evidence``: a verdict the evidence on record no longer
  allows (a citation removed after the verdict);
- ``verdict-unmapped``: a publisher's label claimdb cannot place on its scale yet
  (`claimdb scale map` sets it);
- ``forced-verdict``: a verdict recorded over the evidence rule (listed so an
  editor sees each override before publishing);
- ``dead-source-no-archive``: a cited source whose link is dead, with no archived copy;
- ``quote-not-found``: a cited passage `source check --quotes` no longer finds in its
  source (an open quote-not-found flag).
"""

from __future__ import annotations

import os

from claimdb.db import lint_queries
from claimdb.db.uow import UnitOfWork
from claimdb.formats.claimreview import ENV_REVIEW_BASE
from claimdb.schemas.common import OutSchema
from claimdb.schemas.filters import ClaimFilter

CHECKS = (
    "verdict-without-rationale",
    "rating-outside-scale",
    "claimreview-no-author",
    "claimreview-no-claim-date",
    "claimreview-no-appearance",
    "claimreview-no-url",
    "verified-without-evidence",
    "verdict-without-evidence",
    "verdict-unmapped",
    "forced-verdict",
    "dead-source-no-archive",
    "quote-not-found",
)


class Finding(OutSchema):
    claim_id: int
    external_id: str | None
    check: str
    message: str


def lint(
    uow: UnitOfWork, *, where: ClaimFilter, review_base_url: str | None = None
) -> list[Finding]:
    """Every finding for the claims ``where`` selects, by claim id, then check order."""
    base = review_base_url or os.environ.get(ENV_REVIEW_BASE) or None
    dialect = uow.session.get_bind().dialect.name
    order = {name: i for i, name in enumerate(CHECKS)}
    found = sorted(
        set(lint_queries.findings(uow.session, where, dialect, base_url=base is not None)),
        key=lambda f: (f[0], order[f[2]], f[3]),
    )
    return [Finding(claim_id=c, external_id=e, check=k, message=m) for c, e, k, m in found]
