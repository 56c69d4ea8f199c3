"""``claimdb lint``: what would make an export invalid or misleading; exit 1 on any finding."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from claimdb.cli.common import uow
from claimdb.cli.filters import with_claim_filter
from claimdb.cli.output import Format, FormatOption, success, write_rows
from claimdb.wording import counted


@with_claim_filter
def lint_command(
    where: Any,
    *,
    fmt: FormatOption = Format.TABLE,
    review_base_url: Annotated[
        str | None,
        typer.Option(
            "--review-base-url",
            envvar="CLAIMDB_REVIEW_BASE_URL",
            help="As for `export --format claimreview`: verdicts without a review URL get "
            "BASE/CLAIM-ID, so they are not reported. Env: CLAIMDB_REVIEW_BASE_URL.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the selected claims for what would make an export invalid or misleading.

    Exits 1 when there are findings (a verdict without rationale, a rating outside
    its scale, what ClaimReview would lack, verified claims without evidence,
    forced verdicts, dead sources without an archived copy, quoted passages no
    longer found in their sources).

    Example: claimdb lint --doc annual-report --format json
    """
    from claimdb.errors import ClaimDBError
    from claimdb.services.lint import Finding, lint

    with uow(write=False) as u:
        found = lint(u, where=where, review_base_url=review_base_url)
    if not found:
        if fmt is not Format.TABLE:
            # No findings is an answer too: `[]`, no JSONL line, a CSV header of the fields.
            write_rows([], fmt, [(name, str) for name in Finding.model_fields])
        success("no findings")
        return
    write_rows(
        found,
        fmt,
        [
            ("claim", lambda f: f.claim_id),
            ("external id", lambda f: f.external_id),
            ("check", lambda f: f.check),
            ("finding", lambda f: f.message),
        ],
        title="lint findings",
    )
    claims = len({f.claim_id for f in found})
    raise ClaimDBError(
        f"{counted(len(found), 'finding')} in {counted(claims, 'claim')}",
        hint="fix them, or export anyway knowing what the export will say",
    )


def register(app: typer.Typer) -> None:
    app.command("lint")(lint_command)
