"""The claim filter options, defined once for every command that selects claims.

``@with_claim_filter`` adds the options below to a command and hands it a
built :class:`~claimdb.schemas.filters.ClaimFilter` as its ``where``
argument, so `claim list`, `export` and any future command filter the same
way, with the same option names and help. ``@with_claim_query`` adds the
same options and hands a plain :class:`~claimdb.schemas.listing.ClaimQuery`
(`claim list`, on the light read path): pydantic's filter is built only
when a value needs its checks, and then its messages are the ones given.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import typer

from claimdb.cli.common import limit_option, no_limit
from claimdb.enums import ClaimStatus, ClaimType

F = TypeVar("F", bound=Callable[..., Any])

_DATE = ["%Y-%m-%d"]
_PANEL = "Filters"


def _opt(*decls: str, help: str, **kw: Any) -> Any:
    return typer.Option(*decls, help=help, rich_help_panel=_PANEL, show_default=False, **kw)


_OPTIONS: list[tuple[str, Any, Any]] = [
    ("doc", Annotated[str | None, _opt("--doc", help="Document slug or id.")], None),
    (
        "section",
        Annotated[
            str | None, _opt("--section", help="Section title (substring; subsections included).")
        ],
        None,
    ),
    (
        "claim_type",
        Annotated[list[ClaimType] | None, _opt("--type", help="Claim type (repeatable).")],
        None,
    ),
    (
        "status",
        Annotated[list[ClaimStatus] | None, _opt("--status", help="Workflow status (repeatable).")],
        None,
    ),
    (
        "verdict",
        Annotated[
            list[str] | None,
            _opt("--verdict", help="Current verdict label, e.g. false, mostly-true (repeatable)."),
        ],
        None,
    ),
    (
        "verdict_unmapped",
        Annotated[
            bool,
            _opt(
                "--verdict-unmapped",
                help="Current verdict is a publisher's label not yet mapped (`scale map`).",
            ),
        ],
        False,
    ),
    (
        "flagged",
        Annotated[
            bool | None, _opt("--flagged/--not-flagged", help="With (or without) open flags.")
        ],
        None,
    ),
    (
        "unsupported",
        Annotated[
            bool | None,
            _opt(
                "--unsupported/--supported",
                help="Checkable claims without supporting evidence (or with it).",
            ),
        ],
        None,
    ),
    ("speaker", Annotated[str | None, _opt("--speaker", help="Speaker (substring).")], None),
    ("tag", Annotated[list[str] | None, _opt("--tag", help="Has this tag (repeatable).")], None),
    (
        "checkable",
        Annotated[
            bool | None,
            _opt("--checkable/--not-checkable", help="Only checkable (or uncheckable) claims."),
        ],
        None,
    ),
    (
        "priority",
        Annotated[
            int | None, _opt("--priority", help="Exactly this priority (1-5).", min=1, max=5)
        ],
        None,
    ),
    (
        "max_priority",
        Annotated[
            int | None,
            _opt("--max-priority", help="Priority this urgent or more (1 = most).", min=1, max=5),
        ],
        None,
    ),
    (
        "search",
        Annotated[
            str | None,
            _opt(
                "--search",
                "-q",
                help='Full-text search in text, speaker and quote: gas OR oil, "a phrase", '
                "export* (docs/search.md).",
            ),
        ],
        None,
    ),
    (
        "has_number",
        Annotated[
            bool | None,
            _opt(
                "--has-number/--no-number",
                help="With (or without) structured numbers (quantities).",
            ),
        ],
        None,
    ),
    (
        "unit",
        Annotated[
            list[str] | None,
            _opt("--unit", help="With a number in this unit, e.g. USD, % (repeatable)."),
        ],
        None,
    ),
    (
        "year",
        Annotated[
            int | None,
            _opt(
                "--year", help="With a number whose period mentions this year.", min=1000, max=9999
            ),
        ],
        None,
    ),
    (
        "created_from",
        Annotated[
            datetime | None,
            _opt("--created-from", help="Created on or after (YYYY-MM-DD).", formats=_DATE),
        ],
        None,
    ),
    (
        "created_to",
        Annotated[
            datetime | None,
            _opt("--created-to", help="Created on or before (YYYY-MM-DD).", formats=_DATE),
        ],
        None,
    ),
    (
        "updated_from",
        Annotated[
            datetime | None,
            _opt("--updated-from", help="Changed on or after (YYYY-MM-DD).", formats=_DATE),
        ],
        None,
    ),
    (
        "updated_to",
        Annotated[
            datetime | None,
            _opt("--updated-to", help="Changed on or before (YYYY-MM-DD).", formats=_DATE),
        ],
        None,
    ),
    (
        "archived",
        Annotated[bool, _opt("--archived", help="Include archived claims.")],
        False,
    ),
    (
        "sort",
        Annotated[
            str,
            _opt("--sort", help="priority, id, position, created, updated, status or type."),
        ],
        "priority",
    ),
    ("desc", Annotated[bool, _opt("--desc", help="Reverse the order.")], False),
    (
        "limit",
        Annotated[int, limit_option(rich_help_panel=_PANEL, show_default=False)],
        0,
    ),
    ("offset", Annotated[int, _opt("--offset", help="Skip this many claims first.", min=0)], 0),
]
FILTER_NAMES = [name for name, _, _ in _OPTIONS]


_LISTS = ("claim_types", "statuses", "verdicts", "tags", "units")
"""Fields given as a list: ClaimFilter takes an empty one where no option was given."""


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    """The option values under the filter's field names (the same for ClaimFilter and
    ClaimQuery), dates as dates, a limit of 0 as none."""

    def day(v: datetime | None) -> Any:
        return v.date() if v else None

    return {
        "document": values["doc"],
        "section": values["section"],
        "claim_types": values["claim_type"],
        "statuses": values["status"],
        "verdicts": values["verdict"],
        "verdict_unmapped": values["verdict_unmapped"],
        "flagged": values["flagged"],
        "unsupported": values["unsupported"],
        "speaker": values["speaker"],
        "tags": values["tag"],
        "checkable": values["checkable"],
        "priority": values["priority"],
        "max_priority": values["max_priority"],
        "text": values["search"],
        "has_number": values["has_number"],
        "units": values["unit"],
        "year": values["year"],
        "created_from": day(values["created_from"]),
        "created_to": day(values["created_to"]),
        "updated_from": day(values["updated_from"]),
        "updated_to": day(values["updated_to"]),
        "include_archived": values["archived"],
        "sort": values["sort"],
        "descending": values["desc"],
        "limit": no_limit(values["limit"]),
        "offset": values["offset"],
    }


def build_filter(**values: Any) -> Any:
    """A ClaimFilter from the option values (pydantic is imported only here)."""
    from claimdb.schemas.filters import ClaimFilter

    fields = _fields(values)
    return ClaimFilter(**{**fields, **{name: fields[name] or [] for name in _LISTS}})


def build_query(**values: Any) -> Any:
    """A plain ClaimQuery from the option values, checked as :func:`build_filter` checks them."""
    from claimdb.schemas.listing import claim_query

    return claim_query(lambda: build_filter(**values), **_fields(values))


def with_claim_filter(fn: F) -> F:
    """Add the filter options to a command; it receives ``where: ClaimFilter``."""
    return _with_filter(fn, build_filter)


def with_claim_query(fn: F) -> F:
    """Add the filter options to a command; it receives ``where: ClaimQuery`` (no pydantic)."""
    return _with_filter(fn, build_query)


def _with_filter(fn: F, build: Callable[..., Any]) -> F:
    sig = inspect.signature(fn)
    own = [p for p in sig.parameters.values() if p.name != "where"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, hint, default in _OPTIONS
    ]
    annotations = {
        k: v for k, v in inspect.get_annotations(fn, eval_str=True).items() if k != "where"
    }
    annotations.update({name: hint for name, hint, _ in _OPTIONS})

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in FILTER_NAMES}
        return fn(*args, where=build(**values), **kwargs)

    # The command's own parameters get their evaluated annotations: under
    # `from __future__ import annotations` the signature holds strings, and
    # Typer would lose an Annotated option alias such as FormatOption.
    wrapper.__signature__ = sig.replace(  # type: ignore[attr-defined]
        parameters=[
            *(
                p.replace(
                    kind=inspect.Parameter.KEYWORD_ONLY
                    if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
                    else p.kind,
                    annotation=annotations.get(p.name, p.annotation),
                )
                for p in own
            ),
            *added,
        ]
    )
    wrapper.__annotations__ = annotations
    return wrapper  # type: ignore[return-value]
