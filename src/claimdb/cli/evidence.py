"""Evidence and verdicts: ``claimdb cite``, ``uncite``, ``verify`` and ``scale list/show/add``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from claimdb.cli.common import ActorOption, ClaimArg, Typer, uow
from claimdb.cli.output import (
    Format,
    FormatOption,
    report_created,
    report_move,
    success,
    write_one,
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
                "verdict_class": lab.verdict_class.value if lab.verdict_class else None,
                "maps_to": lab.maps_to,
            }
            for s in scales(u)
            for lab in s.labels
        ]
    write_rows(rows, fmt, empty="no rating scales")


def _crosswalk(scale: Any) -> list[dict[str, Any]]:
    """A scale's labels, worst to best, with what each means on claimdb's scale."""
    return [
        {
            "position": i,
            "label": lab.label,
            "title": lab.title,
            "value": lab.value,
            "maps_to": lab.maps_to or (lab.label if scale.is_default else None),
            "verdict_class": lab.verdict_class.value if lab.verdict_class else None,
        }
        for i, lab in enumerate(scale.labels, 1)
    ]


def _render_scale(scale: Any) -> None:
    from rich.text import Text

    from claimdb.cli.output import console, write_table

    out = console()
    head = Text(f"{scale.name}: {scale.title}", style="bold")
    if scale.is_default:
        head.append("  (claimdb's default scale)", style="dim")
    out.print(head)
    if scale.description:
        out.print(Text(scale.description))
    if scale.worst_value is not None:
        out.print(Text(f"ratingValue {scale.worst_value} (worst) to {scale.best_value} (best)"))
    write_table(
        _crosswalk(scale),
        [
            ("#", lambda r: r["position"]),
            ("label", lambda r: r["label"]),
            ("title", lambda r: r["title"]),
            ("value", lambda r: "-" if r["value"] is None else r["value"]),
            ("claimdb label", lambda r: r["maps_to"] or "unmapped"),
            ("class", lambda r: r["verdict_class"] or "-"),
        ],
        empty="no labels",
    )


@scale_app.command("show")
def show_scale(
    name: Annotated[str, typer.Argument(metavar="SCALE", help="The scale's name.")],
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Show a rating scale's crosswalk: each label, its value, and what it means on claimdb's scale.

    Example: claimdb scale show liar --format csv
    """
    from claimdb.services.verdicts import show_scale as find

    with uow(write=False) as u:
        scale = find(u, name=name)
    if fmt in (Format.CSV, Format.JSONL):
        write_rows([{"scale": scale.name, **row} for row in _crosswalk(scale)], fmt)
    else:
        write_one(scale, fmt, render_table=_render_scale)


@scale_app.command("add")
def add_scale(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="The new scale's name, e.g. politifact.")
    ],
    *,
    labels: Annotated[
        list[str] | None,
        typer.Option(
            "--label",
            metavar="LABEL=CLAIMDB_LABEL",
            help="A label and the claimdb label it means, worst to best (repeatable), "
            "e.g. pants-on-fire=false.",
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from-file",
            help="A YAML or JSON file: title, description, labels (worst to best) of "
            "label, maps_to, title, description.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="What the scale is called.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="Where it comes from, how it is used.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    actor: ActorOption = None,
) -> None:
    """Add a desk's own rating scale: labels worst to best, each mapped onto claimdb's (editors).

    Each label names the label of claimdb's scale it means (false,
    mostly-false, misleading, mixed, mostly-true, true, unverifiable), so the
    evidence rules and `claim list --verdict` work across scales. Labels get
    ClaimReview's ratingValue 1, 2, ... in the order given; one mapped to
    unverifiable stays off the scale.

    Example: claimdb scale add lights --label red=false --label amber=mixed --label green=true
    """
    from claimdb.schemas.evidence import RatingScaleIn
    from claimdb.services.verdicts import add_scale as add

    if (labels is None) == (from_file is None):
        raise typer.BadParameter("give --label (repeatable) or --from-file, not both")
    data: dict[str, Any] = {}
    if from_file is not None:
        data.update(_scale_file(from_file))
        data["name"] = name
    else:
        data["name"] = name
        data["labels"] = [_label(spec) for spec in labels or []]
    if title is not None:
        data["title"] = title
    if description is not None:
        data["description"] = description
    scale = RatingScaleIn.model_validate(data)
    with uow() as u:
        out = add(u, actor=actor, data=scale)
    success(f"added rating scale {out.name} with {len(out.labels)} labels")
    if fmt is not Format.TABLE:
        write_one(out, fmt)


@scale_app.command("map")
def map_label(
    scale: Annotated[str, typer.Argument(metavar="SCALE", help="The scale, e.g. a publisher's.")],
    label: Annotated[str, typer.Argument(metavar="LABEL", help="Its label (key or title).")],
    target: Annotated[
        str, typer.Argument(metavar="CLAIMDB_LABEL", help="The claimdb label it means.")
    ],
    *,
    fmt: FormatOption = Format.TABLE,
    actor: ActorOption = None,
) -> None:
    """Map a scale's label onto claimdb's scale (editors); its verdicts then count under it.

    A publisher's labels are kept as published; those claimdb cannot place
    are unmapped (`claimdb claim list --verdict-unmapped`, `claimdb lint`)
    until mapped here. The change is logged.

    Example: claimdb scale map example-fact-check missing-context misleading
    """
    from claimdb.services.ratings import map_label as map_one

    with uow() as u:
        out = map_one(u, actor=actor, scale=scale, label=label, target=target)
    success(f"{out.scale}:{out.label} ({out.title}) now means {out.maps_to}")
    if fmt is not Format.TABLE:
        write_one(out, fmt)


def _label(spec: str) -> dict[str, str]:
    label, eq, maps_to = spec.rpartition("=")
    if not eq or not label.strip():
        raise typer.BadParameter(
            f"{spec!r}: give LABEL=CLAIMDB_LABEL, e.g. pants-on-fire=false", param_hint="--label"
        )
    return {"label": label.strip(), "maps_to": maps_to.strip()}


def _scale_file(path: Path) -> dict[str, Any]:
    import yaml

    from claimdb.errors import InvalidInput

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InvalidInput(f"{path}: cannot read the scale: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: a scale file is a mapping with title, description and labels")
    return data
