"""The unit of work: one session and one transaction around one use case.

Services receive a :class:`UnitOfWork`; they add and change ORM objects and
call the query helpers in :mod:`claimdb.db.repo`, but never commit. The
unit of work commits once when the block ends without an exception, and
rolls everything back otherwise, so a failed command leaves the database
exactly as it was.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claimdb.config import redact_url
from claimdb.db.engine import get_engine, sqlite_file
from claimdb.db.schema_version import SCHEMA_HEAD
from claimdb.errors import ClaimDBError, DatabaseError, EditConflict

_CHECKED: set[str] = set()

# SQLite's result codes for "another connection is writing" (SQLITE_BUSY) and
# "another connection wrote since this transaction read" (SQLITE_BUSY_SNAPSHOT,
# WAL mode): in an optimistic unit of work both mean a concurrent edit.
_SQLITE_BUSY_CODES = frozenset({5, 517})

CONFLICT_HINT = (
    "someone else changed this claim after you read it; nothing of yours was saved. "
    "Run `claimdb claim show ID` to see the current version, then run your command again"
)


def _not_initialised(url: str) -> DatabaseError:
    return DatabaseError(
        f"no claimdb database at {redact_url(url)}",
        hint="create one with `claimdb init` (or pass --db / set CLAIMDB_URL)",
    )


def check_schema(session: Session, url: str) -> None:
    """Refuse a database that is missing, empty or not at :data:`SCHEMA_HEAD`."""
    if url in _CHECKED:
        return
    try:
        row = session.execute(text("SELECT version_num FROM alembic_version")).first()
    except (OperationalError, DBAPIError) as exc:
        session.rollback()
        message = str(getattr(exc, "orig", exc)).lower()
        if "alembic_version" in message or "no such table" in message:
            raise _not_initialised(url) from None
        raise DatabaseError(
            f"cannot use the database at {redact_url(url)}: {getattr(exc, 'orig', exc)}",
            hint="check the URL, that the server is running, and your permissions",
        ) from None
    revision = row[0] if row else None
    if revision is None:
        raise _not_initialised(url)
    if revision != SCHEMA_HEAD:
        raise DatabaseError(
            f"the database is at schema revision {revision}; this claimdb needs {SCHEMA_HEAD}",
            hint="run `claimdb db upgrade` (a SQLite file is backed up first)",
        )
    _CHECKED.add(url)


def _sqlite_write_race(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlite_errorcode", None) in _SQLITE_BUSY_CODES


class UnitOfWork:
    """``with UnitOfWork(url) as uow:`` — one transaction, committed once at the end.

    ``write=False`` for commands that only read: on SQLite they then never
    wait for a writer.

    ``optimistic=True`` is for edits guarded by a version counter: on SQLite
    the transaction does not take the write lock at BEGIN, so another writer
    can commit between this one's reads and its write, and that write then
    fails as an :class:`~claimdb.errors.EditConflict` (as the version check
    makes it fail on PostgreSQL) instead of silently overwriting what the
    other person saved. SQLite cannot tell which rows the other writer
    touched, so any write committed (or in progress) since this transaction
    read fails it the same way; that is why only short, version-checked edits
    whose input is kept for a retry (`claim edit`) use it. Everything else
    uses the default, pessimistic mode.
    """

    session: Session

    def __init__(
        self,
        url: str,
        *,
        write: bool = True,
        verify_schema: bool = True,
        optimistic: bool = False,
    ) -> None:
        self.url = url
        self.write = write
        self.optimistic = optimistic
        self._verify_schema = verify_schema
        self._discard = False

    def __enter__(self) -> Self:
        path = sqlite_file(self.url)
        if path is not None and not path.exists():
            raise _not_initialised(self.url)
        try:
            engine = get_engine(self.url)
            if self.write and not self.optimistic and engine.dialect.name == "sqlite":
                # Take SQLite's write lock at BEGIN: a concurrent writer waits
                # (busy timeout), then sees the other's commit, instead of
                # failing with "database is locked" half-way through.
                engine = engine.execution_options(claimdb_begin="IMMEDIATE")
            self.session = Session(engine, expire_on_commit=False)
        except OperationalError as exc:
            raise DatabaseError(f"cannot connect to {redact_url(self.url)}: {exc.orig}") from None
        if self._verify_schema:
            try:
                check_schema(self.session, self.url)
            except BaseException:
                self.session.close()
                raise
        return self

    def discard(self) -> None:
        """Roll back at the end instead of committing (a dry run)."""
        self._discard = True

    def flush(self) -> None:
        """Send pending changes now (to get ids, or to surface a conflict early)."""
        try:
            self.session.flush()
        except StaleDataError:
            raise EditConflict("edit conflict", hint=CONFLICT_HINT) from None
        except OperationalError as exc:
            if self.optimistic and _sqlite_write_race(exc):
                raise EditConflict("edit conflict", hint=CONFLICT_HINT) from None
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc is None and not self._discard:
                self.session.commit()
            else:
                self.session.rollback()
        except StaleDataError:
            self.session.rollback()
            raise EditConflict("edit conflict", hint=CONFLICT_HINT) from None
        except IntegrityError as err:
            self.session.rollback()
            raise ClaimDBError(
                f"the database refused the change: {err.orig}",
                hint="this is a bug in claimdb's checks; please report it with the command you ran",
            ) from None
        except OperationalError as err:
            self.session.rollback()
            if self.optimistic and _sqlite_write_race(err):
                raise EditConflict("edit conflict", hint=CONFLICT_HINT) from None
            raise DatabaseError(f"the database could not save the change: {err.orig}") from None
        finally:
            self.session.close()
