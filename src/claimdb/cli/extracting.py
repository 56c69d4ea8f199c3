"""``claimdb extract`` and ``claimdb score``: proposed claims from a document, and scores."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimdb.cli.common import ActorOption, Typer, default_command_group, uow
from claimdb.cli.output import (
    Format,
    FormatOption,
    err_console,
    info,
    shorten,
    success,
    write_one,
    write_rows,
)
from claimdb.enums import CandidateStatus
from claimdb.wording import counted

if TYPE_CHECKING:
    from claimdb.schemas.extraction import CandidateOut, ExtractReport

extract_app = Typer(
    cls=default_command_group("run"),
    help=(
        "Proposed claims: every check-worthy assertion of a document, anchored and scored, "
        "for a person to accept or dismiss. `claimdb extract DOC` is short for "
        "`claimdb extract run DOC`."
    ),
)

DocArg = Annotated[str, typer.Argument(metavar="DOC", help="The document's slug or id.")]
VersionOption = Annotated[
    int | None, typer.Option("--version", help="Which version (default: the latest).")
]
IdsArg = Annotated[list[int], typer.Argument(metavar="IDS...", help="Candidate ids.")]

PROGRESS_FROM = 1_000_000
"""A text of this many characters or more shows a progress bar on stderr."""


def register(app: typer.Typer) -> None:
    app.add_typer(extract_app, name="extract")
    app.command("score")(score)


@extract_app.command("run")
def run(
    doc: DocArg,
    *,
    version: VersionOption = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Propose assertions scoring at least this (default: the scorer's threshold).",
        ),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    actor: ActorOption = None,
) -> None:
    """Propose the check-worthy assertions of a document version as candidates.

    The text is split into sentences inside its sections (headings are skipped), each
    sentence into atomic assertions; each is anchored, typed, given its numbers, speaker
    and the document's own citation there, scored by the shipped scorer and checked
    against the stored claims. Running it again changes nothing; on a new version, passages
    an earlier version already had are not proposed again. Text that is not English is
    proposed with a null score.

    Example: claimdb extract bulletin --as maria
    """
    from claimdb.services.extraction import extract

    with uow() as u:
        size = _text_size(u, doc, version)
        if size >= PROGRESS_FROM:
            report = _with_progress(u, doc, version, min_score, actor)
        else:
            report = extract(u, actor=actor, ref=doc, version=version, min_score=min_score)
    _announce(report)
    if fmt is not Format.TABLE:
        write_one(report, fmt)


def _text_size(u: Any, doc: str, version: int | None) -> int:
    from claimdb.services.extraction import text_size

    return text_size(u, ref=doc, version=version)


def _with_progress(
    u: Any, doc: str, version: int | None, min_score: float | None, actor: str | None
) -> ExtractReport:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from claimdb.services.extraction import extract

    with Progress(
        TextColumn("extract"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=err_console(),
    ) as bar:
        task = bar.add_task("extract", total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return extract(u, actor=actor, ref=doc, version=version, min_score=min_score, progress=step)


def _announce(report: ExtractReport) -> None:
    scorer = f"{report.scorer.name}/{report.scorer.version}"
    success(
        f"extract: {report.document} version {report.version}: "
        f"{counted(report.sentences, 'sentence')}, "
        f"{counted(report.assertions, 'assertion')}; "
        f"{report.proposed} proposed (score ≥ {report.min_score:g}, {scorer})"
    )
    extra = []
    if report.already:
        extra.append(f"{report.already} already proposed")
    if report.unchanged:
        extra.append(f"{report.unchanged} unchanged since an earlier version")
    if report.repeats:
        extra.append(f"{report.repeats} repeat a stored claim")
    if extra:
        info("  " + "; ".join(extra))
    for message in report.messages:
        info(f"  {message}")
    if report.proposed:
        info(f"  review them: claimdb extract list {report.document}")


def _match(c: CandidateOut) -> str:
    if c.repeats is not None:
        return f"repeats claim {c.repeats}"
    if c.similar_to is not None:
        return f"similar to {c.similar_to}"
    return ""


def _decision(c: CandidateOut) -> str:
    if c.status is CandidateStatus.ACCEPTED:
        return f"claim {c.claim_id}"
    if c.status is CandidateStatus.DISMISSED:
        return f"dismissed: {shorten(c.dismissal_reason, 30)}"
    return "proposed"


CANDIDATE_COLUMNS = [
    ("id", lambda c: c.id),
    ("score", lambda c: "-" if c.score is None else f"{c.score:.2f}"),
    ("type", lambda c: c.claim_type.value),
    ("words", lambda c: c.exact),
    ("speaker", lambda c: c.speaker or ""),
    ("checked before", _match),
    ("status", _decision),
]


@extract_app.command("list")
def list_(
    doc: DocArg,
    *,
    version: VersionOption = None,
    by: Annotated[
        str,
        typer.Option("--by", metavar="position|score", help="Document order, or best first."),
    ] = "position",
    status: Annotated[
        list[CandidateStatus] | None,
        typer.Option("--status", help="Only these (repeat the option for several)."),
    ] = None,
    min_score: Annotated[
        float | None, typer.Option("--min-score", min=0.0, max=1.0, help="Only these scores.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List a document version's candidates: score, type, words, checked before, status.

    "repeats claim N": a stored claim already says this; "similar to N": one says
    something alike (claimdb match). Without a score: not English.

    Example: claimdb extract list bulletin --by score --status proposed
    """
    from claimdb.errors import InvalidInput
    from claimdb.services.extraction import list_candidates

    if by not in ("position", "score"):
        raise InvalidInput(f"--by {by!r}: use position or score")
    with uow(write=False) as u:
        rows = list_candidates(
            u,
            ref=doc,
            version=version,
            statuses=status or [],
            min_score=min_score,
            by_score=by == "score",
        )
    write_rows(rows, fmt, CANDIDATE_COLUMNS, empty=f"no candidates: run `claimdb extract {doc}`")


@extract_app.command("accept")
def accept(
    ids: Annotated[
        list[int] | None, typer.Argument(metavar="[IDS...]", help="Candidate ids.")
    ] = None,
    *,
    doc: Annotated[
        str | None,
        typer.Option("--doc", help="With --min-score: every proposed candidate of this document."),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option("--min-score", min=0.0, max=1.0, help="Accept those scoring at least this."),
    ] = None,
    anyway: Annotated[
        bool, typer.Option("--anyway", help="Accept even when a stored claim says the same.")
    ] = False,
    same_as: Annotated[
        int | None,
        typer.Option("--same-as", metavar="CLAIM", help="Accept it as a repeat of this claim."),
    ] = None,
    fmt: FormatOption = Format.TABLE,
    actor: ActorOption = None,
) -> None:
    """Turn candidates into claims, anchored, with a priority from their score.

    Each is checked against the stored claims first, as `claim add` does: one that a stored
    claim already states is refused (exit 9) unless --anyway, or --same-as CLAIM accepts it
    as a repeat of that claim. The claim's `created` event records the candidate and scorer.

    Example: claimdb extract accept 3 4 --as maria
    """
    from claimdb.errors import AlreadyExists
    from claimdb.services.extraction import accept_candidates

    with uow() as u:
        done = accept_candidates(
            u,
            actor=actor,
            ids=ids or [],
            ref=doc,
            min_score=min_score,
            anyway=anyway,
            same_as=same_as,
        )
    if fmt is not Format.TABLE:
        write_rows(done, fmt)
    for d in done:
        if d.refused:
            info(f"candidate {d.candidate_id}: not accepted: {d.refused}")
        else:
            link = f", a repeat of claim {d.same_as}" if d.same_as else ""
            success(
                f"candidate {d.candidate_id} → claim {d.claim_id} (priority {d.priority}{link})"
            )
    if not done:
        info("nothing to accept")
    if any(d.refused for d in done):
        raise typer.Exit(AlreadyExists.exit_code)


@extract_app.command("dismiss")
def dismiss(
    ids: IdsArg,
    *,
    reason: Annotated[str, typer.Option("--reason", help="Why it is set aside (required).")],
    actor: ActorOption = None,
) -> None:
    """Set candidates aside, with a reason; they stay listed as dismissed.

    Example: claimdb extract dismiss 5 --reason "a heading, not an assertion" --as maria
    """
    from claimdb.services.extraction import dismiss_candidates

    with uow() as u:
        done = dismiss_candidates(u, actor=actor, ids=ids, reason=reason)
    success(f"dismissed {counted(len(done), 'candidate')}: {reason}")


def score(
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT|FILE|-",
            help="A sentence, a file of sentences (one a line), or - for standard input.",
        ),
    ],
    *,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Score sentences for check-worthiness: score, label at the default threshold, scorer.

    One sentence a line from a file or standard input, or the TEXT itself. A line that is
    not English gets no score (null) and a note. docs/scoring.md says what scores mean.

    Example: claimdb score "Exports fell by 40 percent in 2024."
    """
    from claimdb.errors import InvalidInput
    from claimdb.services.extraction import score_sentences, scorer_info

    if text == "-":
        lines: list[str] = sys.stdin.read().splitlines()
    elif "\n" not in text and len(text) < 4096 and Path(text).is_file():
        try:
            lines = Path(text).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read {text}: {exc}") from None
    else:
        lines = text.splitlines()
    rows = score_sentences(lines)
    if not rows:
        raise InvalidInput("nothing to score: no sentence given")
    columns = [
        ("score", lambda r: "-" if r.score is None else f"{r.score:.3f}"),
        ("label", lambda r: r.label),
        ("sentence", lambda r: r.sentence),
        ("note", lambda r: r.note or ""),
    ]
    scorer = scorer_info()
    write_rows(
        rows,
        fmt,
        columns,
        title=f"{scorer.name} version {scorer.version}, threshold {scorer.threshold:g}",
    )
