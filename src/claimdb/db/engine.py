"""Engines: one per URL per process, with SQLite set up for a desk tool.

SQLite connections run with foreign keys on (SQLite's default is off), WAL
(readers never block the writer) and a busy timeout (a second writer waits
instead of failing at once).

Python's sqlite3 module (before 3.12) only opens a transaction before DML,
so DDL ran outside any transaction and a failed migration left half its
tables behind. We take transactions over: the driver runs in autocommit
mode and SQLAlchemy's "begin" emits ``BEGIN`` itself (the recipe in
SQLAlchemy's SQLite dialect documentation), so DDL is transactional too.
A connection with the execution option ``claimdb_begin="IMMEDIATE"`` takes
the write lock at BEGIN: a writer then waits for another writer instead of
failing later with "database is locked" when it upgrades a read lock.

A bulk load (:func:`take_for_bulk_load`) runs on a connection that holds the
file for itself, in rollback-journal mode: pages added to the file are not
journalled, so a large import writes each new page once instead of to the WAL
and again at the checkpoint. Leaving WAL mode fails while any other connection
has the file open, which is how "nobody else has it open" is detected; the
exclusive locking mode then keeps everyone else out until the load ends. A
crash in between leaves a hot journal, which the next connection rolls back
before it switches the file back to WAL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from claimdb.db.light import SQLITE_BUSY_TIMEOUT_MS


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # autocommit at the driver; BEGIN is ours
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("claimdb_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


_ENGINES: dict[str, Engine] = {}


def get_engine(url: str) -> Engine:
    """The process-wide engine for ``url``."""
    engine = _ENGINES.get(url)
    if engine is None:
        if make_url(url).get_backend_name() == "sqlite":
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_on_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _ENGINES[url] = engine
    return engine


def take_for_bulk_load(engine: Engine) -> Connection | None:
    """A connection holding the SQLite file for itself in rollback-journal mode, or None.

    None when another connection has the file open (or the switch fails for any
    other reason): the caller then writes in WAL mode as usual. Give the
    connection back with :func:`end_bulk_load`.
    """
    conn = engine.connect()
    raw = conn.connection.dbapi_connection
    assert raw is not None
    try:
        # Not waiting: an open reader would keep the switch failing anyway.
        raw.execute("PRAGMA busy_timeout = 0")
        raw.execute("PRAGMA locking_mode = EXCLUSIVE")
        mode = raw.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.Error:
        mode = None
    if mode == "delete":
        raw.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        return conn
    conn.invalidate()  # its locking mode and time-out are not the pool's
    conn.close()
    return None


def end_bulk_load(conn: Connection) -> None:
    """After the bulk load's commit or rollback: back to WAL, the file open to others."""
    raw = conn.connection.dbapi_connection
    try:
        assert raw is not None
        raw.execute("PRAGMA locking_mode = NORMAL")
        raw.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error:
        pass  # the next connection switches the file back to WAL (_sqlite_on_connect)
    finally:
        conn.invalidate()
        conn.close()


def dispose_engines() -> None:
    """Close every pooled connection (tests drop their databases afterwards)."""
    while _ENGINES:
        _, engine = _ENGINES.popitem()
        engine.dispose()


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for memory or another backend."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)
