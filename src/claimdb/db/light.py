"""The light read path: SQL text over the DB-API driver, without SQLAlchemy.

Read commands (`status`, `search`, `log`, `match`) start in a fraction of the
time the ORM takes to import: stdlib :mod:`sqlite3` for a SQLite file,
psycopg (imported only then) for a PostgreSQL URL. Their queries are SQL text
written with ``?`` placeholders, adapted to psycopg's ``%s``. A
:class:`Reader` is one read-only transaction; :func:`open_reader` checks the
schema revision as :class:`~claimdb.db.uow.UnitOfWork` does, with the same
messages. Inside a unit of work, ``uow.reader()`` gives a :class:`Reader` over
the unit of work's own connection, so a service has one read path for both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from claimdb.config import sqlite_path
from claimdb.db.schema_version import check_revision, not_initialised, unusable
from claimdb.errors import ClaimDBError

Row = tuple[Any, ...]

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite connection waits for a lock before failing (every connection)."""

_CHECKED: set[str] = set()


def adapt(sql: str, dialect: str) -> str:
    """``sql`` written with ``?`` placeholders in the driver's own paramstyle."""
    if dialect == "sqlite":
        return sql
    return sql.replace("%", "%%").replace("?", "%s")


def marks(n: int) -> str:
    """``?, ?, ?`` for an ``IN (...)`` of ``n`` values."""
    return ", ".join("?" * n)


def timestamp(value: Any) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite keeps naive UTC text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
    return value.astimezone(UTC)  # type: ignore[no-any-return]


class Reader(Protocol):
    """A read-only connection: SQL text with ``?`` placeholders, rows as tuples."""

    dialect: str

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...


def first(reader: Reader, sql: str, params: Sequence[Any] = ()) -> Row | None:
    found = reader.rows(sql, params)
    return found[0] if found else None


class DriverReader:
    """A :class:`Reader` on a DB-API connection of its own, one read-only transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
        self._conn: Any = None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self._conn.execute(adapt(sql, self.dialect), tuple(params))
        return list(cur.fetchall())

    def _connect_sqlite(self) -> Any:
        import sqlite3

        path = sqlite_path(self.url)
        if path is not None and not path.exists():
            raise not_initialised(self.url)
        conn = sqlite3.connect(
            str(path) if path is not None else ":memory:",
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        return conn

    def _connect_postgresql(self) -> Any:
        import psycopg

        rest = self.url.partition("://")[2]
        conn = psycopg.connect(f"postgresql://{rest}", autocommit=False)
        conn.read_only = True
        return conn

    def __enter__(self) -> Self:
        connect: Callable[[], Any] = (
            self._connect_sqlite if self.dialect == "sqlite" else self._connect_postgresql
        )
        try:
            try:
                self._conn = connect()
                row = None
                if self.url not in _CHECKED:
                    row = first(self, "SELECT version_num FROM alembic_version")
            except ClaimDBError:
                raise
            except Exception as exc:
                raise unusable(self.url, exc) from None
            if self.url not in _CHECKED:
                check_revision(str(row[0]) if row else None, self.url)
                _CHECKED.add(self.url)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.rollback()
            finally:
                conn.close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_reader(url: str) -> DriverReader:
    """A read-only :class:`Reader` on the database at ``url`` (use it in a ``with`` block)."""
    return DriverReader(url)
