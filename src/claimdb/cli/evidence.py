"""Evidence and verdicts: ``claimdb cite``, ``uncite``, ``verify`` and ``scale list``."""

from __future__ import annotations

from typing import Annotated

import typer

from claimdb.cli.common import ActorOption, ClaimArg, Typer, uow
from claimdb.cli.output import (
    Format,
    FormatOption,
    report_created,
    report_move,
    success,
    write_rows,
)
from claimdb.enums import CitationKind, Stance

scale_app = Typer(help="Rating scales: the labels a verdict may use.")


def register(app: typer.Typer) -> None:
    app.command("cite")(cite)
    app.command("uncite")(uncite)
    app.command("verify")(verify)
    app.add_typer(scale_app, name="scale")


def cite(
    claim_id: ClaimArg,
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="The source's id, URL or DOI.")],
    *,
    stance: Annotated[
        Stance | None,
        typer.Option("--stance", help="How the passage bears on the claim.", show_default=False),
    ] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", help="The passage of the source, word for word.")
    ] = None,
    locator: Annotated[
        str | None, typer.Option("--locator", help="Where in the source: page, table, paragraph.")
    ] = None,
    kind: Annotated[
        CitationKind,
        typer.Option(
            "--kind",
            help="evidence (you found it) or report (the document's own attribution).",
        ),
    ] = CitationKind.EVIDENCE,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Link a source to a claim as evidence, with its stance and the quoted passage.

    The first citation starts the work on an unreviewed claim (in_progress);
    refuting evidence reopens a decided claim.

    SOURCE is a source's id, or the URL or DOI it was added with. With --format
    json (jsonl, csv) the new citation, and the move it caused, is printed on stdout.

    Example: claimdb cite 71 4 --stance refutes --quote "no such survey" --locator "p. 2" --as maria
    """
    from claimdb.schemas.evidence import CitationIn
    from claimdb.services.citations import cite as cite_source
    from claimdb.services.sources import source_id

    with uow() as u:
        data = CitationIn(
            claim_id=claim_id,
            source_id=source_id(u, ref=source),
            kind=kind,
            stance=stance,
            quote=quote,
            locator=locator,
        )
        out = cite_source(u, actor=actor, data=data)
    what = out.stance.value if out.stance else out.kind.value
    report_created(
        out, fmt, f"citation {out.id}: claim {out.claim_id} ← source {out.source_id} ({what})"
    )
    report_move(out.transition)


def uncite(
    citation_id: Annotated[int, typer.Argument(metavar="CITATION", help="The citation's id.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is removed (logged).")] = (
        None
    ),
    actor: ActorOption = None,
) -> None:
    """Remove a citation (the event log keeps what it was).

    Example: claimdb uncite 31 --reason "wrong table" --as maria
    """
    from claimdb.services.citations import uncite as remove

    with uow() as u:
        out = remove(u, actor=actor, citation_id=citation_id, reason=reason)
    success(f"removed citation {out.id} (claim {out.claim_id} ← source {out.source_id})")
    report_move(out.transition)


def verify(
    claim_id: ClaimArg,
    *,
    verdict: Annotated[
        str,
        typer.Option("--verdict", help="A label, e.g. false, mostly-true (`claimdb scale list`)."),
    ],
    rationale: Annotated[str, typer.Option("--rationale", help="Why, in a sentence or two.")],
    scale: Annotated[
        str | None, typer.Option("--scale", help="The scale of the label (default: claimdb's).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Override an evidence rule (needs --reason).")
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why the evidence rule is overridden.")
    ] = None,
    review_url: Annotated[
        str | None, typer.Option("--review-url", help="Where the published fact-check lives.")
    ] = None,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Record a verdict under the evidence rules and send the claim to an editor.

    A true or mostly-true verdict needs a supporting citation; false,
    misleading and mixed need at least one citation; unverifiable needs
    none. --force --reason TEXT overrides a rule, and the override is
    recorded. The claim moves to needs_review. With --format json (jsonl, csv)
    the new verdict, and the move it caused, is printed on stdout.

    Example: claimdb verify 71 --verdict unverifiable --rationale "No such survey found" --as maria
    """
    from claimdb.schemas.evidence import VerdictIn
    from claimdb.services.verdicts import verify as record

    if reason is not None and not force:
        raise typer.BadParameter("--reason explains an override: use it with --force")
    data = VerdictIn(
        claim_id=claim_id,
        label=verdict,
        scale=scale,
        rationale=rationale,
        force=force,
        force_reason=reason,
        review_url=review_url,
    )
    with uow() as u:
        out = record(u, actor=actor, data=data)
    forced = " (evidence rule overridden, recorded)" if out.forced else ""
    report_created(
        out, fmt, f"verdict {out.id} on claim {out.claim_id}: {out.scale}:{out.label}{forced}"
    )
    report_move(out.transition)


@scale_app.command("list")
def list_scales(fmt: FormatOption = Format.TABLE) -> None:
    """List the rating scales and their labels, with what each label means on claimdb's scale.

    Example: claimdb scale list --format csv
    """
    from claimdb.services.verdicts import list_scales as scales

    with uow(write=False) as u:
        rows = [
            {
                "scale": s.name,
                "default": s.is_default,
                "label": lab.label,
                "title": lab.title,
                "value": lab.value,
                "verdict_class": lab.verdict_class.value,
                "maps_to": lab.maps_to,
            }
            for s in scales(u)
            for lab in s.labels
        ]
    write_rows(rows, fmt, empty="no rating scales")
