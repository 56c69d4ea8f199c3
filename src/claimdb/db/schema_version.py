"""The migration revision this code expects, without importing Alembic.

Every command checks the database's ``alembic_version`` against this before
touching data, so an out-of-date database gets a clear "run claimdb db
upgrade" instead of an SQL error. tests/test_migrations.py asserts it equals
Alembic's head, so a new migration cannot forget to bump it.
"""

from __future__ import annotations

from claimdb.config import redact_url
from claimdb.errors import DatabaseError

SCHEMA_HEAD = "ls01"


def not_initialised(url: str) -> DatabaseError:
    return DatabaseError(
        f"no claimdb database at {redact_url(url)}",
        hint="create one with `claimdb init` (or pass --db / set CLAIMDB_URL)",
    )


def unusable(url: str, exc: BaseException) -> DatabaseError:
    """The error for a database that cannot be read at all (``exc``: the driver's error).

    A missing ``alembic_version`` table means no claimdb database there.
    """
    message = str(exc).lower()
    if "alembic_version" in message or "no such table" in message:
        return not_initialised(url)
    return DatabaseError(
        f"cannot use the database at {redact_url(url)}: {exc}",
        hint="check the URL, that the server is running, and your permissions",
    )


def check_revision(revision: str | None, url: str) -> None:
    """Refuse a database that is empty or not at :data:`SCHEMA_HEAD` (``revision``: its own)."""
    if revision is None:
        raise not_initialised(url)
    if revision != SCHEMA_HEAD:
        raise DatabaseError(
            f"the database is at schema revision {revision}; this claimdb needs {SCHEMA_HEAD}",
            hint="run `claimdb db upgrade` (a SQLite file is backed up first)",
        )
