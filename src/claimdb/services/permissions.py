"""Who may do what: the role model, in one table.

Fact-checkers add claims and sources, cite, verify, note and raise flags.
Editors may also decide in review, resolve flags and reopen claims.
Analysts read, query and export, and cannot write. Admins manage people,
and may do everything else too (a desk's admin is also who loads data).
"""

from __future__ import annotations

from enum import StrEnum

from claimdb.enums import Role


class Permission(StrEnum):
    WRITE_CLAIMS = "add and edit claims"
    WRITE_SOURCES = "add and edit sources"
    CITE = "cite evidence"
    VERIFY = "record verdicts"
    NOTE = "write notes"
    RAISE_FLAG = "raise flags"
    IMPORT = "import files"
    DECIDE = "decide in review"
    RESOLVE_FLAG = "resolve flags"
    REOPEN = "reopen claims"
    MANAGE_PEOPLE = "manage people"
    MANAGE_SCALES = "add rating scales"


_CHECKER = frozenset(
    {
        Permission.WRITE_CLAIMS,
        Permission.WRITE_SOURCES,
        Permission.CITE,
        Permission.VERIFY,
        Permission.NOTE,
        Permission.RAISE_FLAG,
        Permission.IMPORT,
    }
)
_EDITOR = _CHECKER | {
    Permission.DECIDE,
    Permission.RESOLVE_FLAG,
    Permission.REOPEN,
    Permission.MANAGE_SCALES,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FACT_CHECKER: _CHECKER,
    Role.EDITOR: _EDITOR,
    Role.ANALYST: frozenset(),
    Role.ADMIN: frozenset(Permission),
}


def roles_with(permission: Permission) -> list[Role]:
    """The roles that hold ``permission``, in a stable order for messages."""
    return [role for role in Role if permission in ROLE_PERMISSIONS[role]]


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
