"""Alembic environment for claimdb.

Used by ``claimdb db ...`` (which passes an open connection) and by
developers running ``alembic`` from the checkout (which reads the URL from
``-x url=...``, ``CLAIMDB_URL`` or alembic.ini).
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from claimdb.db.migrate import include_object
from claimdb.db.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
        include_object=include_object,
    )


def _url() -> str:
    x = context.get_x_argument(as_dictionary=True)
    url = x.get("url") or os.environ.get("CLAIMDB_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("no database URL: pass -x url=... or set CLAIMDB_URL")
    return url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # The alembic command line: the same connection handling as `claimdb db upgrade`
    # (on SQLite, foreign keys off during the batch rebuilds, checked before commit).
    from claimdb.db.migrate import migration_transaction

    engine = create_engine(_url())
    with migration_transaction(engine) as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
