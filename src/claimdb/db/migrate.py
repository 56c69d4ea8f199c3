"""Schema migrations: Alembic, driven from code so they work from any directory.

The migration scripts live in the repository's top-level ``migrations/`` and
are shipped inside the wheel as ``claimdb/migrations``; :func:`script_location`
finds whichever is present. Alembic is imported here only, and this module
only by the database commands, so other commands start fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from claimdb.db.engine import get_engine, sqlite_file
from claimdb.db.models import Base

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


# Objects created by raw SQL in migrations, invisible to the models: the SQLite
# FTS5 tables (and their shadow tables) and PostgreSQL's full-text GIN indexes.
UNMODELLED_PREFIXES = ("claims_fts", "claims_speaker_fts")
UNMODELLED_INDEXES = frozenset(
    {"ix_claims_search", "ix_claims_text_search", "ix_claims_speaker_search"}
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's filter: leave out what the models do not describe."""
    if type_ == "table" and name and name.startswith(UNMODELLED_PREFIXES):
        return False
    return not (type_ == "index" and name in UNMODELLED_INDEXES)


def script_location() -> Path:
    """The migrations directory: inside the installed package, else the checkout's."""
    for candidate in (_PACKAGE_DIR / "migrations", _PACKAGE_DIR.parent.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError(
        f"claimdb's migrations are missing (looked in {_PACKAGE_DIR / 'migrations'}); "
        "reinstall claimdb"
    )


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location()))
    if url is not None:
        # ConfigParser interpolates %; a password may contain one.
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def heads() -> list[str]:
    return list(script_directory().get_heads())


def head() -> str:
    found = heads()
    if len(found) != 1:
        raise RuntimeError(f"expected one migration head, found {found}")
    return found[0]


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    message: str
    is_head: bool


def history() -> list[Revision]:
    """Every revision, oldest first."""
    revs = list(script_directory().walk_revisions())
    revs.reverse()
    return [
        Revision(
            revision=r.revision,
            down_revision=r.down_revision if isinstance(r.down_revision, str) else None,
            message=(r.doc or "").strip(),
            is_head=r.is_head,
        )
        for r in revs
    ]


@contextmanager
def _connection(url: str) -> Iterator[Connection]:
    with get_engine(url).begin() as conn:
        yield conn


def current(url: str) -> str | None:
    """The database's revision, or None for an empty database."""
    with _connection(url) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(url: str, fn: Any, *args: Any) -> None:
    """Run an Alembic command in one transaction on one connection."""
    cfg = alembic_config(url)
    with migration_transaction(get_engine(url)) as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, *args)


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside one transaction, for migrations (claimdb's and the alembic CLI's).

    On SQLite, batch migrations rebuild tables (create, copy, drop, rename),
    which foreign-key enforcement would refuse half-way. So enforcement is
    switched off for the migration (a PRAGMA that only takes effect outside a
    transaction), and ``PRAGMA foreign_key_check`` must come back empty
    before the transaction commits: integrity is verified, not assumed.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # On the driver connection, before SQLAlchemy begins a transaction.
            _driver(conn).execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise MigrationIntegrityError(broken)
        finally:
            if sqlite:
                _driver(conn).execute("PRAGMA foreign_keys = ON")


def _driver(conn: Connection) -> Any:
    return conn.connection.driver_connection


class MigrationIntegrityError(RuntimeError):
    """A migration left rows whose foreign keys point nowhere; it was rolled back."""

    def __init__(self, rows: Sequence[Any]) -> None:
        sample = ", ".join(f"{r[0]} row {r[1]} -> {r[2]}" for r in rows[:5])
        super().__init__(f"migration rolled back: {len(rows)} foreign-key violations ({sample})")


def backup_sqlite(url: str, revision: str | None) -> Path | None:
    """Copy a SQLite file aside before it is migrated; returns the copy's path."""
    path = sqlite_file(url)
    if path is None or not path.exists() or path.stat().st_size == 0:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{revision or 'empty'}.{stamp}.bak")
    # Through SQLite's backup API, so a WAL file's committed pages are included.
    import sqlite3

    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def upgrade(url: str, revision: str = "head", *, backup: bool = True) -> Path | None:
    """Upgrade the database; a SQLite file is first copied to a backup."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    before = current(url)
    target = head() if revision == "head" else revision
    saved = backup_sqlite(url, before) if backup and before not in (None, target) else None
    _run(url, command.upgrade, revision)
    return saved


def downgrade(url: str, revision: str) -> None:
    _run(url, command.downgrade, revision)


def schema_drift(url: str) -> list[Any]:
    """Differences between the models and the database (``alembic check``)."""
    with _connection(url) as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": include_object,
                "render_as_batch": True,
            },
        )
        return list(compare_metadata(ctx, Base.metadata))


def table_names(url: str) -> list[str]:
    with _connection(url) as conn:
        return sorted(inspect(conn).get_table_names())
