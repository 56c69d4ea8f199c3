"""``claimdb claim``: add, list, show, edit, tag, archive and reopen claims."""

from __future__ import annotations

import json
import os
import shlex
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimdb.cli.common import ActorOption, ClaimArg, Typer, db_option_value, reader, uow
from claimdb.cli.filters import with_claim_query
from claimdb.cli.output import (
    Format,
    FormatOption,
    info,
    report_created,
    shorten,
    success,
    write_one,
    write_rows,
)
from claimdb.enums import UNCHECKABLE_TYPES, ClaimType

if TYPE_CHECKING:
    from claimdb.errors import EditConflict
    from claimdb.schemas.dossier import ClaimDossier

app = Typer(help="Claims: add, list, show (the full dossier), edit, tag, archive, reopen.")

CLAIM_COLUMNS = [
    ("id", lambda c: c.id),
    ("pri", lambda c: c.priority),
    ("status", lambda c: c.status.value),
    ("type", lambda c: c.claim_type.value),
    (
        "verdict",
        lambda c: (
            c.verdict or (f"= {c.same_as}: {c.same_as_verdict or 'none'}" if c.same_as else None)
        ),
    ),
    ("text", lambda c: shorten(c.text, 400)),  # one line; a table shows what fits in two
    ("speaker", lambda c: shorten(c.speaker, 30)),
]

_DATE = ["%Y-%m-%d"]

QuantityOption = Annotated[
    list[str] | None,
    typer.Option(
        "--quantity",
        metavar="KEY=VALUE;...",
        help=(
            "A number the claim states (repeatable): value and unit and measure, optionally "
            "period, place, qualifier (exact, approximately, more-than, at-least, less-than, "
            "at-most), as_written; e.g. 'value=40;unit=%;measure=firms that left;period=2025'."
        ),
        show_default=False,
    ),
]
_QUANTITY_KEYS = ("value", "unit", "measure", "period", "place", "qualifier", "as_written")


def _quantities(specs: list[str]) -> list[Any]:
    """``--quantity`` values as QuantityIn; an error names the option, its number and the field."""
    from pydantic import ValidationError

    from claimdb.cli.common import validation_error
    from claimdb.errors import InvalidInput, Problem
    from claimdb.schemas.claims import QuantityIn

    found: list[Any] = []
    problems: list[Problem] = []
    for n, spec in enumerate(specs, 1):
        where = f"--quantity {n}" if len(specs) > 1 else "--quantity"
        fields: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in spec.split(";"))):
            key, eq, value = part.partition("=")
            key = key.strip().lower().replace("-", "_")
            if not eq or key not in _QUANTITY_KEYS:
                problems.append(
                    Problem(
                        f"{part!r} is not KEY=VALUE with a key among {', '.join(_QUANTITY_KEYS)}",
                        field=where,
                    )
                )
                continue
            if key in fields:
                problems.append(Problem(f"{key} is given twice", field=where))
            fields[key] = value.strip()
        try:
            found.append(QuantityIn.model_validate(fields))
        except ValidationError as exc:
            problems += [
                Problem(p.message, field=f"{where}: {p.field}" if p.field else where)
                for p in validation_error(exc).problems
            ]
    if problems:
        raise InvalidInput(
            "invalid --quantity",
            problems=problems,
            hint="e.g. --quantity 'value=1000;unit=companies;measure=Western firms that left "
            "Russia;period=2022-2025;qualifier=more-than'",
        )
    return found


def _blank_is_none(value: str | None) -> str | None:
    """An empty option value clears the field (``--speaker ""``)."""
    return None if value is not None and not value.strip() else value


@app.command("add")
def add(
    text: Annotated[str, typer.Argument(help="The assertion, restated so it stands alone.")],
    *,
    claim_type: Annotated[
        ClaimType, typer.Option("--type", help="What kind of assertion it is.")
    ] = ClaimType.OTHER,
    speaker: Annotated[str | None, typer.Option(help="Who made it (default: the document).")] = (
        None
    ),
    speaker_description: Annotated[
        str | None, typer.Option("--speaker-description", help="How the document describes them.")
    ] = None,
    priority: Annotated[
        int, typer.Option("--priority", "-p", min=1, max=5, help="1 = check first ... 5 = last.")
    ] = 3,
    tags: Annotated[list[str] | None, typer.Option("--tag", help="A topic tag (repeatable).")] = (
        None
    ),
    checkable: Annotated[
        bool | None,
        typer.Option(
            "--checkable/--not-checkable",
            help="Whether evidence can settle it (default: not for opinions and predictions).",
            show_default=False,
        ),
    ] = None,
    claimed_on: Annotated[
        datetime | None, typer.Option("--claimed-on", formats=_DATE, help="When it was said.")
    ] = None,
    appearance_url: Annotated[
        str | None, typer.Option("--appearance-url", help="Where it appeared (http/https).")
    ] = None,
    doc: Annotated[
        str | None, typer.Option("--doc", help="Anchor it in this document (slug or id).")
    ] = None,
    start: Annotated[
        int | None, typer.Option(min=0, help="First character of the anchor (with --doc).")
    ] = None,
    end: Annotated[
        int | None, typer.Option(min=0, help="Character after the anchor (with --doc).")
    ] = None,
    quote: Annotated[
        str | None,
        typer.Option(help="The exact words in the document (with --doc); must occur once."),
    ] = None,
    quantity: QuantityOption = None,
    anyway: Annotated[
        bool,
        typer.Option("--anyway", help="Add it even if a stored claim says the same."),
    ] = False,
    same_as: Annotated[
        int | None,
        typer.Option(
            "--same-as", metavar="CLAIM", help="Add it as a repeat of CLAIM, linked (same claim)."
        ),
    ] = None,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Add a claim, anchored to the words of a document when --doc is given.

    Checked before: when a stored claim says the same, nothing is added and
    that claim is shown; add it anyway with --anyway, or as a repeat of it with
    --same-as N. Similar claims are listed after the claim is added.

    Each --quantity records a number the claim states, as KEY=VALUE pairs
    separated by ";" (value, unit and measure required); `claim list
    --has-number`, `--unit` and `--year` find claims by them.

    With --format json (jsonl, csv) the new claim is printed on stdout.

    Example: claimdb claim add "Russia makes 1.7% of world GDP" --doc my-report --quote "1.7%"

    Example: claimdb claim add "GDP grew 4%" --quantity 'value=4;unit=%;measure=GDP growth'
    """
    from claimdb.schemas.claims import ClaimIn, PlacementIn
    from claimdb.services.claims import add_claim

    if doc is None and (start is not None or end is not None or quote is not None):
        raise typer.BadParameter("--start, --end and --quote need --doc", param_hint="--doc")
    data = ClaimIn(
        text=text,
        claim_type=claim_type,
        checkable=claim_type not in UNCHECKABLE_TYPES if checkable is None else checkable,
        speaker=_blank_is_none(speaker),
        speaker_description=_blank_is_none(speaker_description),
        claimed_on=claimed_on.date() if claimed_on else None,
        appearance_url=appearance_url,
        priority=priority,
        tags=tags or [],
        quantities=_quantities(quantity or []),
    )
    placement = (
        PlacementIn(document=doc, start=start, end=end, quote=quote) if doc is not None else None
    )
    with uow() as u:
        out = add_claim(
            u, actor=actor, data=data, placement=placement, anyway=anyway, same_as=same_as
        )
    where = (
        f" at {out.anchor.document_slug} {out.anchor.start}-{out.anchor.end}" if out.anchor else ""
    )
    report_created(out, fmt, f"added claim {out.id}{where}: {shorten(out.text, 60)}")
    _note_renamed_tags(tags or [])
    if out.same_as is not None:
        info(f"claim {out.id} is linked as a repeat of claim {out.same_as}")
    from claimdb.cli.matching import TIER_WORDS

    for m in out.similar:
        if m.claim_id != out.same_as:
            info(
                f"  {TIER_WORDS[m.tier]}: claim {m.claim_id} ({m.score:.2f}) {shorten(m.text, 70)}"
            )


@app.command("similar")
def similar(
    claim_id: ClaimArg,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="At most N.")] = 10,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Rank the stored claims by how surely they state the same as claim CLAIM (checked before?).

    Example: claimdb claim similar 65
    """
    from claimdb.cli.matching import render_matches
    from claimdb.services.matching import similar_claims

    with uow(write=False) as u:
        found = similar_claims(u, claim_id=claim_id, limit=limit)
    render_matches(found, fmt, empty=f"no stored claim shares a word with claim {claim_id}")


@app.command("link")
def link(
    claim_id: ClaimArg,
    other: Annotated[
        int, typer.Argument(metavar="OTHER", help="The claim it repeats or relates to.")
    ],
    *,
    same: Annotated[
        bool,
        typer.Option("--same", help="CLAIM repeats OTHER: it shows OTHER's verdict."),
    ] = False,
    related: Annotated[bool, typer.Option("--related", help="Worth reading together.")] = False,
    note: Annotated[str | None, typer.Option("--note", help="Why (kept with the link).")] = None,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Link two claims: CLAIM repeats OTHER (--same), or they are --related; on the record.

    A repeat shows its original's verdict in `claim show`, `claim list` and exports,
    without a copy. Nothing is ever merged.

    Example: claimdb claim link 167 65 --same --note "same survey, reworded" --as maria
    """
    from claimdb.enums import LinkKind
    from claimdb.schemas.matching import LinkIn
    from claimdb.services.matching import link_claims

    if same == related:
        raise typer.BadParameter("give exactly one of --same and --related", param_hint="--same")
    kind = LinkKind.SAME if same else LinkKind.RELATED
    data = LinkIn(claim_id=claim_id, other_id=other, kind=kind, note=note)
    with uow() as u:
        out = link_claims(u, actor=actor, data=data)
    what = "repeats" if kind is LinkKind.SAME else "is related to"
    report_created(out, fmt, f"claim {out.claim_id} {what} claim {out.other_id}")


@app.command("unlink")
def unlink(
    claim_id: ClaimArg,
    other: Annotated[int, typer.Argument(metavar="OTHER", help="The claim it is linked to.")],
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Remove the link between two claims (in either direction); on the record.

    Example: claimdb claim unlink 167 65 --as maria
    """
    from claimdb.services.matching import unlink_claims

    with uow() as u:
        out = unlink_claims(u, actor=actor, claim_id=claim_id, other_id=other)
    report_created(
        out, fmt, f"claims {out.claim_id} and {out.other_id} are no longer linked ({out.kind})"
    )


@app.command("list")
@with_claim_query
def list_(where: Any, fmt: FormatOption = Format.TABLE) -> None:
    """List claims, filtered, sorted and paged (archived claims only with --archived).

    Example: claimdb claim list --doc trump-russia-rapprochement --type statistic --unsupported
    """
    from claimdb.services.queries import list_claims

    with reader() as r:
        rows = list_claims(r, where=where)
    write_rows(rows, fmt, CLAIM_COLUMNS, empty="no claims match")


@app.command("show")
def show(claim_id: ClaimArg, fmt: FormatOption = Format.TABLE) -> None:
    """Show a claim's dossier: its sentence, evidence, verdicts, notes, flags and history.

    Example: claimdb claim show 71 --format json
    """
    from claimdb.cli.common import reader
    from claimdb.services.dossier import claim_dossier

    with reader() as r:
        dossier = claim_dossier(r, claim_id=claim_id)
    write_one(dossier, fmt, render_table=_render_dossier)


def _render_dossier(d: ClaimDossier) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    from claimdb.cli.output import console

    c = d.claim
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    verdict = f"{c.verdict} ({c.verdict_scale})" if c.verdict else "none yet"
    rows: list[tuple[str, str]] = [
        ("status", f"{c.status.value}  (next: {', '.join(s.value for s in d.allowed_next)})"),
        ("type", f"{c.claim_type.value}{'' if c.checkable else ', not checkable'}"),
        ("priority", str(c.priority)),
        ("speaker", c.speaker or "the document itself"),
        ("verdict", verdict),
        ("tags", ", ".join(c.tags) or "none"),
        ("version", str(c.version)),
    ]
    if c.speaker_description:
        rows.insert(4, ("described as", c.speaker_description))
    if d.same_as is not None:
        o = d.same_as
        shown = o.verdict_title or o.verdict or "no verdict yet"
        rows.append(("same claim as", f"claim {o.claim_id}: {shown} ({o.status.value})"))
    for link in d.links:
        other = link.other_id if link.claim_id == c.id else link.claim_id
        if link.kind.value == "same" and link.claim_id == c.id:
            continue  # shown as "same claim as"
        what = "repeated by" if link.kind.value == "same" else "related to"
        note = f" ({link.note})" if link.note else ""
        rows.append((what, f"claim {other}{note}, linked by {link.created_by}"))
    if c.archived_at:
        rows.append(("archived", f"{c.archived_at:%Y-%m-%d}"))
    for q in c.quantities:
        rows.append(("quantity", _quantity(q)))
    for key, value in rows:
        facts.add_row(key, Text(value))
    parts: list[Any] = [Text(c.text, style="bold"), facts]
    if d.context is not None:
        ctx = d.context
        sentence = Text(ctx.before)
        sentence.append(ctx.exact, style="bold underline")
        sentence.append(ctx.after)
        where = f"{ctx.document} v{ctx.version}"
        where += f" · {ctx.section}" if ctx.section else ""
        where += f" · characters {ctx.start}-{ctx.end}"
        parts += [Text(""), Text(where, style="dim"), sentence]
    out = console()
    out.print(Panel(Group(*parts), title=f"claim {c.id}", title_align="left"))

    def table(title: str, columns: list[str], data: list[list[str]]) -> None:
        if not data:
            out.print(Text(f"{title}: none", style="dim"))
            return
        t = Table(title=title, title_justify="left", header_style="bold")
        for col in columns:
            t.add_column(col, overflow="fold")
        for row in data:
            t.add_row(*(Text(x) for x in row))
        out.print(t)

    def cited(rows: list[Any]) -> list[list[str]]:
        return [
            [
                str(x.id),
                x.stance.value if x.stance else "-",
                f"{x.source_id}: {shorten(x.source_title, 40)}"
                + (f" ({x.link_status})" if x.link_status != "unknown" else ""),
                x.quote or "",
                x.locator or "",
            ]
            for x in rows
        ]

    table(
        "Evidence", ["citation", "stance", "source", "quoted passage", "where"], cited(d.evidence)
    )
    table(
        "Attributed by the document (not evidence)",
        ["citation", "stance", "source", "quoted passage", "where"],
        cited(d.attributions),
    )
    table(
        "Verdicts",
        ["id", "verdict", "by", "when", "rationale"],
        [
            [
                f"{v.id}{' (current)' if v.id == d.current_verdict_id else ''}",
                f"{v.scale}:{v.label}" + (" [forced]" if v.forced else ""),
                v.reviewer,
                f"{v.created_at:%Y-%m-%d}",
                v.rationale + (f" (override: {v.force_reason})" if v.forced else ""),
            ]
            for v in d.verdicts
        ],
    )
    if d.notes:
        tree = Tree(Text("Notes", style="bold"))

        def grow(node: Any, notes: list[Any]) -> None:
            for n in notes:
                label = Text(f"#{n.id} {n.kind.value} · {n.author} · {n.created_at:%Y-%m-%d}: ")
                label.append(n.body)
                grow(node.add(label), n.replies)

        grow(tree, d.notes)
        out.print(tree)
    else:
        out.print(Text("Notes: none", style="dim"))
    table(
        "Flags",
        ["id", "reason", "raised", "note", "resolved"],
        [
            [
                str(f.id),
                f.reason.value,
                f"{f.raised_by} {f.raised_at:%Y-%m-%d}",
                f.note or "",
                f"{f.resolved_by} {f.resolved_at:%Y-%m-%d}: {f.resolution}"
                if f.resolved_at
                else "open",
            ]
            for f in d.flags
        ],
    )
    from claimdb.cli.log import event_row

    table(
        "History",
        ["id", "when", "who", "what", "change", "reason"],
        [event_row(e) for e in d.history],
    )


@app.command("edit")
def edit(
    claim_id: ClaimArg,
    *,
    text: Annotated[str | None, typer.Option(help="New wording of the assertion.")] = None,
    claim_type: Annotated[ClaimType | None, typer.Option("--type", help="New type.")] = None,
    checkable: Annotated[
        bool | None,
        typer.Option("--checkable/--not-checkable", help="Checkable or not.", show_default=False),
    ] = None,
    speaker: Annotated[str | None, typer.Option(help='Speaker ("" clears it).')] = None,
    speaker_description: Annotated[
        str | None, typer.Option("--speaker-description", help='("" clears it).')
    ] = None,
    claimed_on: Annotated[
        datetime | None, typer.Option("--claimed-on", formats=_DATE, help="When it was said.")
    ] = None,
    appearance_url: Annotated[
        str | None, typer.Option("--appearance-url", help='Where it appeared ("" clears it).')
    ] = None,
    priority: Annotated[int | None, typer.Option("--priority", "-p", min=1, max=5)] = None,
    quantity: QuantityOption = None,
    no_quantities: Annotated[
        bool, typer.Option("--no-quantities", help="Remove the claim's numbers.")
    ] = False,
    if_version: Annotated[
        int | None,
        typer.Option(
            "--if-version",
            help="Refuse the edit unless the claim is still at this version (see `claim show`).",
        ),
    ] = None,
    from_draft: Annotated[
        Path | None,
        typer.Option(
            "--from-draft",
            help="Apply a draft saved by an edit that hit a conflict (options given override it).",
        ),
    ] = None,
    actor: ActorOption = None,
) -> None:
    """Edit a claim's fields; an edit that conflicts with someone else's is kept as a draft.

    --quantity (repeatable, as in `claim add`) replaces all the claim's
    numbers with the ones given; --no-quantities removes them.

    Changing the text of a decided claim reopens it. When the claim changed
    after you read it (a stale --if-version, or someone saving at the same
    moment), nothing is changed: your edit is saved to a draft file, and the
    error names the file and the command that retries it (exit code 4).

    Example: claimdb claim edit 12 --priority 1 --if-version 3 --as maria
    """
    from claimdb.errors import EditConflict, InvalidInput
    from claimdb.schemas.claims import ClaimPatch
    from claimdb.services import claims, drafts

    given: dict[str, Any] = {
        "text": text,
        "claim_type": claim_type,
        "checkable": checkable,
        "priority": priority,
        "claimed_on": claimed_on.date() if claimed_on else None,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    for name, value in (
        ("speaker", speaker),
        ("speaker_description", speaker_description),
        ("appearance_url", appearance_url),
    ):
        if value is not None:
            changes[name] = _blank_is_none(value)
    if quantity and no_quantities:
        raise typer.BadParameter("give --quantity or --no-quantities, not both")
    if quantity or no_quantities:
        changes["quantities"] = _quantities(quantity or [])
    if from_draft is not None:
        _, drafted = drafts.read_draft(from_draft, claim_id=claim_id)
        changes = {**drafted.model_dump(exclude_unset=True), **changes}
    if not changes:
        raise InvalidInput(
            "nothing to change",
            hint="give at least one of --text, --type, --priority, --quantity, ...",
        )
    patch = ClaimPatch(**changes, expected_version=if_version)
    try:
        with uow(optimistic=True) as u:
            out = claims.edit_claim(u, actor=actor, claim_id=claim_id, patch=patch)
    except EditConflict as exc:
        raise _keep_draft(exc, claim_id=claim_id, patch=patch, actor=actor) from None
    if from_draft is not None:
        drafts.discard_draft(from_draft)
        info(f"applied and removed the draft {from_draft}")
    success(f"claim {out.id} is now at version {out.version} ({out.status.value})")


def _retry_command(claim_id: int, path: Path, version: int | None, actor: str | None) -> str:
    words = ["claimdb"]
    if db_option_value():
        words += ["--db", db_option_value() or ""]
    words += ["claim", "edit", str(claim_id), "--from-draft", str(path)]
    if version is not None:
        words += ["--if-version", str(version)]
    if actor and os.environ.get("CLAIMDB_USER") != actor:
        words += ["--as", actor]
    return shlex.join(words)


def _keep_draft(exc: EditConflict, *, claim_id: int, patch: Any, actor: str | None) -> EditConflict:
    """Save the refused edit to a draft file; the error that says where and how to retry."""
    from datetime import UTC

    from claimdb.errors import ClaimDBError, EditConflict
    from claimdb.schemas.claims import ClaimEditDraft
    from claimdb.services import claims, drafts

    current: int | None
    try:
        with uow(write=False) as u:
            current = claims.claim_version(u, claim_id=claim_id)
    except ClaimDBError:
        current = None
    changes = patch.model_dump(mode="json", exclude_unset=True, exclude={"expected_version"})
    try:
        path = drafts.new_draft_path(claim_id)
        retry = _retry_command(claim_id, path, current, actor)
        drafts.write_draft(
            path,
            ClaimEditDraft(
                claim_id=claim_id,
                changes=changes,
                base_version=exc.read_version,
                current_version=current,
                actor=actor,
                saved_at=datetime.now(UTC),
                conflict=exc.message,
                retry=retry,
            ),
        )
    except OSError as err:
        # No draft file: the change goes into the message instead, so it is still not lost.
        return EditConflict(
            f"{exc.message}. Nothing was changed, and your edit could not be saved as a draft "
            f"({err}); it was: {json.dumps(changes, ensure_ascii=False)}",
            hint=f"see what changed with `claimdb history {claim_id}`, then run your edit again"
            + (f" with --if-version {current}" if current is not None else ""),
            record_id=claim_id,
            read_version=exc.read_version,
        )
    return EditConflict(
        f"{exc.message}. Nothing was changed; your edit is saved in {path}",
        hint=f"see what changed with `claimdb history {claim_id}`, then retry with: {retry}",
        record_id=claim_id,
        read_version=exc.read_version,
    )


@app.command("tag")
def tag(
    claim_id: ClaimArg,
    tags: Annotated[list[str], typer.Argument(metavar="TAG...", help="Tags to add or remove.")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove these tags instead.")] = False,
    actor: ActorOption = None,
) -> None:
    """Add tags to a claim, or remove them with --remove.

    Example: claimdb claim tag 71 surveys corporate-exit --as maria
    """
    from claimdb.schemas.claims import TagsIn
    from claimdb.services.claims import tag_claim

    with uow() as u:
        out = tag_claim(u, actor=actor, claim_id=claim_id, tags=TagsIn(tags=tags), remove=remove)
    success(f"claim {out.id} tags: {', '.join(out.tags) or 'none'}")
    _note_renamed_tags(tags)


def _note_renamed_tags(given: list[str]) -> None:
    """Say which tags were stored other than as typed (a tag is a slug: see slug_tag)."""
    from claimdb.schemas.common import renamed_tags

    for typed, stored in renamed_tags(given):
        info(
            f"note: tag {typed!r} is stored as {stored!r} (tags are lower-case words joined by '-')"
        )


@app.command("archive")
def archive(
    claim_id: ClaimArg,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Why (logged); needed to archive, optional with --restore.",
            show_default=False,
        ),
    ] = None,
    restore: Annotated[
        bool, typer.Option("--restore", help="Bring an archived claim back instead.")
    ] = False,
    actor: ActorOption = None,
) -> None:
    """Archive a claim: hidden from lists, the review queue and the dashboard, never deleted.

    `--restore` brings it back (a --reason is then optional, and logged when given).

    Example: claimdb claim archive 12 --reason "duplicate of claim 11" --as maria
    """
    from claimdb.services.claims import archive_claim

    with uow() as u:
        out = archive_claim(u, actor=actor, claim_id=claim_id, reason=reason, restore=restore)
    success(f"claim {out.id} {'restored' if restore else 'archived'}")


@app.command("reopen")
def reopen(
    claim_id: ClaimArg,
    reason: Annotated[str, typer.Option("--reason", help="Why it needs more work (logged).")],
    actor: ActorOption = None,
) -> None:
    """Reopen a decided claim (verified, disputed, unsupported) for more work (editors).

    Example: claimdb claim reopen 71 --reason "the survey has been published" --as eddie
    """
    from claimdb.services.review import reopen as reopen_claim

    with uow() as u:
        moved = reopen_claim(u, actor=actor, claim_id=claim_id, reason=reason)
    success(f"claim {claim_id}: {moved.before.value} → {moved.after.value}")


def _quantity(q: Any) -> str:
    """A number as written and as data: '“Over 1,000” = more-than 1,000 firms: ... (after 2022)'."""
    value = f"{q.value:g}" if q.unit == "%" else f"{q.value:,.15g}"
    amount = f"{value}%" if q.unit == "%" else f"{value} {q.unit}"
    if q.qualifier.value != "exact":
        amount = f"{q.qualifier.value} {amount}"
    where = ", ".join(x for x in (q.period, q.place) if x)
    written = f"“{q.as_written}” = " if q.as_written else ""
    return f"{written}{amount}: {q.measure}" + (f" ({where})" if where else "")
