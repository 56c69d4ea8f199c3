"""``claimdb review``: the editors' queue of unsupported statements, and their decisions."""

from __future__ import annotations

from typing import Annotated

import typer

from claimdb.cli.common import (
    ActorOption,
    ClaimArg,
    LimitOption,
    Typer,
    default_command_group,
    no_limit,
    reader,
    uow,
)
from claimdb.cli.output import (
    Format,
    FormatOption,
    info,
    report_created,
    report_move,
    shorten,
    success,
    write_rows,
)
from claimdb.enums import ReviewReason

app = Typer(
    cls=default_command_group("queue", when_empty=True),
    help=(
        "The review queue and editors' decisions. `claimdb review [OPTIONS]` is short for "
        "`claimdb review queue [OPTIONS]`."
    ),
)

QUEUE_COLUMNS = [
    ("claim", lambda e: e.claim_id),
    ("pri", lambda e: e.priority),
    ("status", lambda e: e.status.value),
    ("type", lambda e: e.claim_type.value),
    ("text", lambda e: shorten(e.text, 400)),  # one line; a table shows what fits in two
    ("why", lambda e: "; ".join(e.why)),
    ("actions", lambda e: ", ".join(a.value for a in e.actions)),
]


@app.command("queue")
def queue(
    *,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document (slug or id).")] = (
        None
    ),
    reasons: Annotated[
        list[ReviewReason] | None,
        typer.Option("--reason", help="Only claims with this reason (repeatable)."),
    ] = None,
    stale_days: Annotated[
        int, typer.Option("--stale-days", min=1, help="A verdict older than this is stale.")
    ] = 180,
    limit: LimitOption = 0,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List checkable claims that need an editor's eye, most urgent first, each with why.

    Reasons: no-support (no supporting citation), only-refuting (all evidence
    refutes or is insufficient), dead-sources (every cited source is dead with
    no archive copy), single-source (evidence from one source only),
    open-flags, stale-verdict (older than --stale-days), quote-not-found (a cited
    passage is gone from its source: `source check --quotes`). A decided claim stays
    only for open flags, a stale verdict or dead sources. Ordered by priority,
    then position in the document.

    Each entry lists its actions, what an editor can do with it now: approve,
    unsupported, request-changes (`review decide CLAIM --approve`, ...),
    request (`review request CLAIM --note TEXT`), resolve-flags (`flag
    resolve FLAG`), reopen (`claim reopen CLAIM`).

    Example: claimdb review --doc trump-russia-rapprochement --reason open-flags --limit 10
    """
    from claimdb.schemas.queue import ReviewQuery
    from claimdb.services.queue import review_queue

    query = ReviewQuery(
        document=doc,
        reasons=reasons or [],
        stale_days=stale_days,
        limit=no_limit(limit),
        offset=offset,
    )
    with reader() as r:
        rows = review_queue(r, query=query)
    write_rows(rows, fmt, QUEUE_COLUMNS, empty="the review queue is empty")


@app.command("decide")
def decide(
    claim_id: ClaimArg,
    *,
    note: Annotated[str, typer.Option("--note", help="The decision's reasons (a decision note).")],
    approve: Annotated[
        bool,
        typer.Option("--approve", help="The verdict stands: verified, disputed or unsupported."),
    ] = False,
    unsupported: Annotated[
        bool,
        typer.Option(
            "--unsupported",
            "--reject",
            help="The statement cannot stand: unsupported (also before anyone checked it).",
        ),
    ] = False,
    request_changes: Annotated[
        bool, typer.Option("--request-changes", help="Back to the fact-checker: in_progress.")
    ] = False,
    actor: ActorOption = None,
) -> None:
    """Decide on a claim: approve its verdict, find it unsupported, or request changes (editors).

    Approving needs a current verdict awaiting review (needs_review): a true
    verdict makes the claim verified; false, misleading or mixed make it
    disputed; unverifiable makes it unsupported. --request-changes sends a
    claim awaiting review back to the fact-checker. --unsupported (or
    --reject) finds the statement unsupported, from needs_review and also
    before anyone has checked it (unreviewed, in_progress). The note and the
    status change are saved together.

    Example: claimdb review decide 71 --approve --note "Agreed: no such survey" --as eddie
    """
    from claimdb.enums import Decision
    from claimdb.schemas.workflow import DecisionIn
    from claimdb.services.review import decide as record

    chosen = [
        d
        for d, on in (
            (Decision.APPROVE, approve),
            (Decision.REJECT, unsupported),
            (Decision.REQUEST_CHANGES, request_changes),
        )
        if on
    ]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --approve, --unsupported, --request-changes")
    with uow() as u:
        out = record(
            u, actor=actor, data=DecisionIn(claim_id=claim_id, decision=chosen[0], note=note)
        )
    success(f"claim {out.claim_id}: {out.decision.value} (decision note {out.note.id})")
    report_move(out.transition)
    for warning in out.warnings:
        info(f"warning: {warning} (recorded in the decision's event)")


@app.command("request")
def request(
    claim_id: ClaimArg,
    *,
    note: Annotated[str, typer.Option("--note", help="What you ask for (a query note).")],
    assign: Annotated[
        str | None,
        typer.Option("--assign", help="The person asked (a fact-checker, editor or admin)."),
    ] = None,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Send a claim to a fact-checker with a request, optionally to one person (editors).

    The request is a query note on the claim, and the log records who was
    asked. An unreviewed claim or one awaiting review goes to in_progress, a
    decided claim is reopened; one already in progress stays there. Works on
    every claim the review queue lists. With --format json (jsonl, csv) the
    request is printed on stdout.

    Example: claimdb review request 12 --note "Find a source" --assign maria --as eddie
    """
    from claimdb.schemas.workflow import ReviewRequestIn
    from claimdb.services.review import request as send

    with uow() as u:
        out = send(
            u, actor=actor, data=ReviewRequestIn(claim_id=claim_id, note=note, assign=assign)
        )
    to = f" to {out.assigned_to}" if out.assigned_to else ""
    report_created(out, fmt, f"claim {out.claim_id}: request{to} (note {out.note.id})")
    report_move(out.transition)
