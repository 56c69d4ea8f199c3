"""Where the read services get their connection: a light reader, or a unit of work's.

A command opens a :func:`open_reader` (the DB-API driver, no ORM: it starts
fast); Python code that already holds a unit of work passes it, and the
service reads inside that unit of work's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from claimdb.db.light import DriverReader, Reader

if TYPE_CHECKING:
    from claimdb.db.uow import UnitOfWork

ReadSource = Union["UnitOfWork", Reader]
"""What a read service takes: a reader, or a unit of work to read in."""


def reader_of(source: ReadSource) -> Reader:
    """``source`` as a :class:`~claimdb.db.light.Reader`."""
    reader = getattr(source, "reader", None)
    return reader() if callable(reader) else source  # type: ignore[return-value]


def open_reader(db: str | None = None) -> DriverReader:
    """A read-only connection to the database named by ``db``, ``CLAIMDB_URL`` or the default.

    Use it as ``with open_reader(db) as reader:``; it checks the schema revision
    as :func:`~claimdb.services.open_uow` does, and never writes.
    """
    from claimdb.config import resolve_settings
    from claimdb.db.light import open_reader as open_driver

    return open_driver(resolve_settings(db).db_url)


__all__ = ["DriverReader", "ReadSource", "open_reader", "reader_of"]
