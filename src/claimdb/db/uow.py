"""The unit of work: one session and one transaction around one use case.

Services receive a :class:`UnitOfWork`; they add and change ORM objects and
call the query helpers in :mod:`claimdb.db.repo`, but never commit. The
unit of work commits once when the block ends without an exception, and
rolls everything back otherwise, so a failed command leaves the database
exactly as it was.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claimdb.config import redact_url
from claimdb.db.engine import end_bulk_load, get_engine, sqlite_file, take_for_bulk_load
from claimdb.db.light import Reader, Row, adapt
from claimdb.db.schema_version import check_revision, not_initialised, unusable
from claimdb.errors import AlreadyExists, ClaimDBError, DatabaseError, EditConflict

T = TypeVar("T")

_CHECKED: set[str] = set()

# SQLite's result codes for "another connection is writing" (SQLITE_BUSY) and
# "another connection wrote since this transaction read" (SQLITE_BUSY_SNAPSHOT,
# WAL mode): in an optimistic unit of work both mean a concurrent edit.
_SQLITE_BUSY_CODES = frozenset({5, 517})

CONFLICT_HINT = (
    "someone else changed this claim after you read it; nothing of yours was saved. "
    "Run `claimdb claim show ID` to see the current version, then run your command again"
)


def check_schema(session: Session, url: str) -> None:
    """Refuse a database that is missing, empty or not at :data:`SCHEMA_HEAD`."""
    if url in _CHECKED:
        return
    try:
        row = session.execute(text("SELECT version_num FROM alembic_version")).first()
    except (OperationalError, DBAPIError) as exc:
        session.rollback()
        raise unusable(url, getattr(exc, "orig", exc)) from None
    check_revision(row[0] if row else None, url)
    _CHECKED.add(url)


def _sqlite_write_race(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlite_errorcode", None) in _SQLITE_BUSY_CODES


def _unique_violation(exc: IntegrityError) -> bool:
    """A duplicate key (PostgreSQL's SQLSTATE 23505, SQLite's "UNIQUE constraint failed")."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "23505":
        return True
    message = str(orig)
    return "UNIQUE constraint failed" in message or "duplicate key value" in message


def _already_exists() -> AlreadyExists:
    return AlreadyExists(
        "a record with the same identity was saved by someone else at the same time; "
        "nothing of yours was saved",
        hint="look at what is stored now and run your command again if it is still needed",
    )


def _changing(session: Session) -> list[int]:
    """The ids of the claims (the versioned records) the session is about to write."""
    from claimdb.db.models import Claim

    return sorted(o.id for o in session.dirty if isinstance(o, Claim) and o.id is not None)


def _conflict(session: Session, ids: list[int] | None = None) -> EditConflict:
    """An EditConflict naming the versioned records the refused write was changing."""
    ids = _changing(session) if ids is None else ids
    if not ids:
        return EditConflict("edit conflict", hint=CONFLICT_HINT)
    which = ", ".join(str(i) for i in ids)
    return EditConflict(
        f"edit conflict: claim {which} changed after you read it",
        hint=CONFLICT_HINT.replace("claimdb claim show ID", f"claimdb claim show {ids[0]}"),
        record_id=ids[0],
    )


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

    ``bulk_load=True`` is for a large import into a SQLite file: when no other
    connection has the file open, the unit of work holds it for itself in
    rollback-journal mode until it ends (see :func:`~claimdb.db.engine.take_for_bulk_load`),
    and :attr:`bulk_loading` says so; otherwise it is an ordinary writing unit of work.
    """

    session: Session
    _own: Connection | None = None

    def __init__(
        self,
        url: str,
        *,
        write: bool = True,
        verify_schema: bool = True,
        optimistic: bool = False,
        bulk_load: bool = False,
    ) -> None:
        self.url = url
        self.bulk_load = bulk_load
        self.write = write
        self.optimistic = optimistic
        self._verify_schema = verify_schema
        self._discard = False

    def __enter__(self) -> Self:
        path = sqlite_file(self.url)
        if path is not None and not path.exists():
            raise not_initialised(self.url)
        try:
            engine = get_engine(self.url)
            if self.write and not self.optimistic and engine.dialect.name == "sqlite":
                # Take SQLite's write lock at BEGIN: a concurrent writer waits
                # (busy timeout), then sees the other's commit, instead of
                # failing with "database is locked" half-way through.
                engine = engine.execution_options(claimdb_begin="IMMEDIATE")
            if self.bulk_load and path is not None and self.write and not self.optimistic:
                self._own = take_for_bulk_load(engine)
            bind = engine if self._own is None else self._own
            self.session = Session(bind, expire_on_commit=False)
        except OperationalError as exc:
            raise DatabaseError(f"cannot connect to {redact_url(self.url)}: {exc.orig}") from None
        if self._verify_schema:
            try:
                check_schema(self.session, self.url)
            except BaseException:
                self.session.close()
                self._end_bulk_load()
                raise
        return self

    @property
    def bulk_loading(self) -> bool:
        """Whether this unit of work holds its SQLite file alone, in rollback-journal mode."""
        return self._own is not None

    def _end_bulk_load(self) -> None:
        if self._own is not None:
            end_bulk_load(self._own)
            self._own = None

    @property
    def locks_rows(self) -> bool:
        """Whether reads meant for a write take row locks (``SELECT ... FOR UPDATE``).

        A pessimistic write on PostgreSQL locks every row it reads to change:
        a second writer waits at its read and then sees the first one's
        commit, so it refuses (already resolved, no such citation...) instead
        of overwriting it. SQLite needs no row locks: the write lock taken at
        BEGIN IMMEDIATE already makes writers run one after the other.
        """
        return (
            self.write
            and not self.optimistic
            and self.session.get_bind().dialect.name == "postgresql"
        )

    def get_for_update(self, model: type[T], ident: int) -> T | None:
        """``session.get``, locking the row until commit when :attr:`locks_rows`."""
        return self.session.get(model, ident, with_for_update=True if self.locks_rows else None)

    def lock_key(self, namespace: str, value: str) -> None:
        """Serialise writers that create the same key (PostgreSQL: an advisory lock).

        Two ``source add`` of one URL: the second waits for the first to
        commit, and its duplicate check then finds the stored source and says
        so, as it does when the two run one after the other.
        """
        if not self.locks_rows:
            return
        key = zlib.crc32(f"{namespace}\x00{value}".encode()) - 2**31
        self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})

    def reader(self) -> Reader:
        """This unit of work's connection as a :class:`~claimdb.db.light.Reader`.

        The read services take a Reader: from a command, one of its own
        (:func:`~claimdb.db.light.open_reader`, no ORM); from Python code that
        holds a unit of work, this one, inside its transaction.
        """
        return _SessionReader(self.session)

    def discard(self) -> None:
        """Roll back at the end instead of committing (a dry run)."""
        self._discard = True

    def flush(self) -> None:
        """Send pending changes now (to get ids, or to surface a conflict early)."""
        try:
            self.session.flush()
        except StaleDataError:
            raise _conflict(self.session) from None
        except IntegrityError as exc:
            if _unique_violation(exc):
                raise _already_exists() from None
            raise
        except OperationalError as exc:
            if self.optimistic and _sqlite_write_race(exc):
                raise _conflict(self.session) from None
            raise

    def _domain_error(self, exc: BaseException | None) -> ClaimDBError | None:
        """A database error that escaped the block (an autoflush) as the domain error it means."""
        if isinstance(exc, StaleDataError):
            return _conflict(self.session)
        if isinstance(exc, IntegrityError) and _unique_violation(exc):
            return _already_exists()
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        changing = _changing(self.session)
        try:
            if exc is None and not self._discard:
                self.session.commit()
            else:
                mapped = self._domain_error(exc)
                self.session.rollback()
                if mapped is not None:
                    raise mapped from None
        except StaleDataError:
            self.session.rollback()
            raise _conflict(self.session, changing) from None
        except IntegrityError as err:
            self.session.rollback()
            if _unique_violation(err):
                raise _already_exists() from None
            raise ClaimDBError(
                f"the database refused the change: {err.orig}",
                hint="this is a bug in claimdb's checks; please report it with the command you ran",
            ) from None
        except OperationalError as err:
            self.session.rollback()
            if self.optimistic and _sqlite_write_race(err):
                raise _conflict(self.session, changing) from None
            raise DatabaseError(f"the database could not save the change: {err.orig}") from None
        finally:
            self.session.close()
            self._end_bulk_load()


class _SessionReader:
    """A :class:`~claimdb.db.light.Reader` over a session's connection (its transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        result = self.session.connection().exec_driver_sql(adapt(sql, self.dialect), tuple(params))
        return [tuple(r) for r in result]
