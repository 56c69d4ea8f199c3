"""``claimdb history`` and ``claimdb log``: the event log, for one claim or everything."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from claimdb.cli.common import ClaimArg, LimitOption, no_limit, reader, uow
from claimdb.cli.output import Format, FormatOption, shorten, write_rows
from claimdb.enums import EntityKind

_DATE = ["%Y-%m-%d"]


def register(app: typer.Typer) -> None:
    app.command("history")(history)
    app.command("log")(log)


def _value(v: Any) -> str:
    if isinstance(v, str):
        return v
    from claimdb.cli.output import dumps

    return dumps(v)


def change_summary(
    before: dict[str, Any] | None, after: dict[str, Any] | None, width: int = 90
) -> str:
    """``key: old → new`` for each changed key (``key=value`` for new records), in one line."""
    before, after = before or {}, after or {}
    parts = []
    for key in dict.fromkeys([*before, *after]):
        if key in before and key in after:
            old, new = shorten(_value(before[key]), 30), shorten(_value(after[key]), 30)
            parts.append(f"{key}: {old} → {new}")
        elif key in after:
            if after[key] in (None, [], {}):
                continue
            parts.append(f"{key}={shorten(_value(after[key]), 40)}")
        else:
            parts.append(f"{key} was {shorten(_value(before[key]), 40)}")
    return shorten("; ".join(parts), width)


def event_row(e: Any) -> list[str]:
    """An event as table cells: id, when, who, what, change, reason."""
    what = f"{e.entity.value} {e.entity_id} {e.action}"
    return [
        str(e.id),
        f"{e.occurred_at:%Y-%m-%d %H:%M}",
        e.actor,
        what,
        change_summary(e.before, e.after),
        e.reason or "",
    ]


EVENT_COLUMNS = [
    ("id", lambda e: e.id),
    ("when", lambda e: f"{e.occurred_at:%Y-%m-%d %H:%M}"),
    ("who", lambda e: e.actor),
    ("claim", lambda e: e.claim_id),
    ("what", lambda e: f"{e.entity.value} {e.entity_id} {e.action}"),
    ("change", lambda e: change_summary(e.before, e.after)),
    ("reason", lambda e: shorten(e.reason, 60)),
]


def history(
    claim_id: ClaimArg,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Show everything that happened to a claim, oldest first: who, when, what, why.

    Example: claimdb history 71
    """
    from claimdb.services.event_log import claim_history

    with uow(write=False) as u:
        rows = claim_history(u, claim_id=claim_id)
    write_rows(rows, fmt, EVENT_COLUMNS, empty=f"nothing recorded for claim {claim_id}")


def log(
    *,
    actor: Annotated[str | None, typer.Option("--actor", help="Only this person's events.")] = None,
    kind: Annotated[
        EntityKind | None, typer.Option("--kind", help="Only events about this kind of record.")
    ] = None,
    action: Annotated[
        str | None,
        typer.Option("--action", help="Only this action: created, edited, status_changed, ..."),
    ] = None,
    since: Annotated[
        datetime | None, typer.Option("--since", formats=_DATE, help="On or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option("--until", formats=_DATE, help="On or before (YYYY-MM-DD).")
    ] = None,
    limit: LimitOption = 100,
    oldest_first: Annotated[
        bool, typer.Option("--oldest-first", help="Oldest first (default: newest first).")
    ] = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Show the event log, newest first, filtered by who, what kind, which action and when.

    Example: claimdb log --actor maria --kind verdict --since 2025-03-01
    """
    from claimdb.schemas.plain import EventQuery
    from claimdb.services.event_log import find_events

    query = EventQuery(
        actor=actor,
        entity=kind,
        action=action,
        since=since.date() if since else None,
        until=until.date() if until else None,
        limit=no_limit(limit),
        newest_first=not oldest_first,
    )
    with reader() as r:
        rows = find_events(r, query=query)
    write_rows(rows, fmt, EVENT_COLUMNS, empty="no events match")
