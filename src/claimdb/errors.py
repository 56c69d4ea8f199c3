"""Domain exceptions, each carrying the process exit code the CLI uses.

The hierarchy::

    ClaimDBError                  1  anything claimdb refuses, and the base class
    ├── NotFound                  3  no claim, source, person... with that id or name
    ├── EditConflict              4  someone else changed the record since you read it
    ├── InvalidInput              5  a value, a file or a row does not validate
    ├── PermissionDenied          6  the acting person's role may not do this
    ├── WorkflowRefused           7  a rule of the workflow refuses it (evidence, transition)
    ├── DatabaseError             8  the database is unreachable, missing or not at head
    └── AlreadyExists             9  a record with the same identity already exists

Exit code 2 is reserved for command-line usage errors (unknown option, missing
argument), which Typer reports before claimdb runs. These codes are part of
the public interface and are listed in docs/cli.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One located problem: ``file:line: field: message`` when all are known."""

    message: str
    field: str | None = None
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        elif self.line is not None:
            where = f"line {self.line}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


def validation_problems(
    errors: Iterable[Mapping[str, Any]],
    *,
    file: str | None = None,
    line: int | None = None,
    name: Callable[[tuple[Any, ...]], str | None] | None = None,
) -> list[Problem]:
    """Pydantic's ``ValidationError.errors()`` as located problems, one per field.

    The one place where a validation error becomes words: the message without
    pydantic's "Value error, " prefix; the field is the error's location joined
    with dots, or what ``name`` makes of it. Takes the plain list, so this module
    needs no pydantic.
    """
    problems = []
    for e in errors:
        loc = tuple(p for p in e.get("loc", ()) if p != "__root__")
        field = name(loc) if name is not None else ".".join(str(p) for p in loc) or None
        message = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(Problem(message, field, file, line))
    return problems


class ClaimDBError(Exception):
    """Base class: something claimdb refuses to do, with a message for people."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class NotFound(ClaimDBError):
    """No record with the given id or name."""

    exit_code = 3


def no_claim(claim_id: int) -> NotFound:
    """The error for a claim id that names no claim (every command's same words)."""
    return NotFound(f"no claim {claim_id}", hint="find claims with `claimdb claim list`")


class EditConflict(ClaimDBError):
    """The record changed since it was read (optimistic locking).

    ``record_id`` and ``read_version`` say which record and which version the
    refused change was made against, when known, so that the caller can keep
    the change and offer a retry.
    """

    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        record_id: int | None = None,
        read_version: int | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.record_id = record_id
        self.read_version = read_version


class InvalidInput(ClaimDBError):
    """Input that does not validate; ``problems`` lists each located problem."""

    exit_code = 5

    def __init__(
        self,
        message: str,
        *,
        problems: Sequence[Problem] = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.problems = list(problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join([self.message, *(str(p) for p in self.problems)])


class PermissionDenied(ClaimDBError):
    """The acting person's role does not allow the action."""

    exit_code = 6


class WorkflowRefused(ClaimDBError):
    """A workflow rule refuses the action (missing evidence, invalid transition)."""

    exit_code = 7


class DatabaseError(ClaimDBError):
    """The database cannot be reached, does not exist, or is not at the head revision."""

    exit_code = 8


class AlreadyExists(ClaimDBError):
    """A record with the same identity exists; ``existing_id`` names it."""

    exit_code = 9

    def __init__(self, message: str, *, existing_id: int | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.existing_id = existing_id


EXIT_CODES: dict[str, int] = {
    "ok": 0,
    "error": ClaimDBError.exit_code,
    "usage": 2,
    "not-found": NotFound.exit_code,
    "conflict": EditConflict.exit_code,
    "invalid-input": InvalidInput.exit_code,
    "permission-denied": PermissionDenied.exit_code,
    "workflow-refused": WorkflowRefused.exit_code,
    "database": DatabaseError.exit_code,
    "already-exists": AlreadyExists.exit_code,
}
