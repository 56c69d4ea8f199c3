"""``claimdb review``: the editors' queue of unsupported statements, and their decisions."""

from __future__ import annotations

from typing import Annotated

import typer

from claimdb.cli.common import ActorOption, ClaimArg, Typer, default_command_group, uow
from claimdb.cli.output import Format, FormatOption, report_move, shorten, success, write_rows
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
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1)] = None,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List checkable claims that need an editor's eye, most urgent first, each with why.

    Reasons: no-support (no supporting citation), only-refuting (all evidence
    refutes or is insufficient), dead-sources (every cited source is dead with
    no archive copy), single-source (evidence from one source only),
    open-flags, stale-verdict (older than --stale-days). A decided claim stays
    only for open flags, a stale verdict or dead sources. Ordered by priority,
    then position in the document.

    Example: claimdb review --doc trump-russia-rapprochement --reason open-flags --limit 10
    """
    from claimdb.schemas.workflow import ReviewQuery
    from claimdb.services.review import review_queue

    query = ReviewQuery(
        document=doc, reasons=reasons or [], stale_days=stale_days, limit=limit, offset=offset
    )
    with uow(write=False) as u:
        rows = review_queue(u, query=query)
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
    reject: Annotated[
        bool, typer.Option("--reject", help="The statement cannot stand: unsupported.")
    ] = False,
    request_changes: Annotated[
        bool, typer.Option("--request-changes", help="Back to the fact-checker: in_progress.")
    ] = False,
    actor: ActorOption = None,
) -> None:
    """Decide on a claim awaiting review: approve, reject or request changes (editors).

    Approving needs a current verdict: a true verdict makes the claim
    verified; false, misleading or mixed make it disputed; unverifiable makes
    it unsupported. The note and the status change are saved together.

    Example: claimdb review decide 71 --approve --note "Agreed: no such survey" --as eddie
    """
    from claimdb.enums import Decision
    from claimdb.schemas.workflow import DecisionIn
    from claimdb.services.review import decide as record

    chosen = [
        d
        for d, on in (
            (Decision.APPROVE, approve),
            (Decision.REJECT, reject),
            (Decision.REQUEST_CHANGES, request_changes),
        )
        if on
    ]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --approve, --reject, --request-changes")
    with uow() as u:
        out = record(
            u, actor=actor, data=DecisionIn(claim_id=claim_id, decision=chosen[0], note=note)
        )
    success(f"claim {out.claim_id}: {out.decision.value} (decision note {out.note.id})")
    report_move(out.transition)
