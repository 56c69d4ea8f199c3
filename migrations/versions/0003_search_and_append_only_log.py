"""full-text search on claims; the event log made append-only by triggers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 00:50:00

SQLite: an FTS5 table over claims (external content, kept in step by
triggers). PostgreSQL: a GIN index on a tsvector expression. On both, triggers
refuse UPDATE and DELETE on events.

A later migration that batch-alters ``claims`` or ``events`` on SQLite
rebuilds the table and loses its triggers: call ``create_sqlite_triggers``'s
SQL again (tests/test_migrations.py checks search and the append-only rule
at head).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS_COLUMNS = "text, speaker, quote_exact"

SQLITE_UP = (
    "CREATE VIRTUAL TABLE claims_fts USING fts5("
    f"{FTS_COLUMNS}, content='claims', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
    f"INSERT INTO claims_fts(rowid, {FTS_COLUMNS}) "
    "VALUES (new.id, new.text, new.speaker, new.quote_exact); END",
    "CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN "
    f"INSERT INTO claims_fts(claims_fts, rowid, {FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.text, old.speaker, old.quote_exact); END",
    f"CREATE TRIGGER claims_fts_au AFTER UPDATE OF {FTS_COLUMNS} ON claims BEGIN "
    f"INSERT INTO claims_fts(claims_fts, rowid, {FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.text, old.speaker, old.quote_exact); "
    f"INSERT INTO claims_fts(rowid, {FTS_COLUMNS}) "
    "VALUES (new.id, new.text, new.speaker, new.quote_exact); END",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
    "SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
    "SELECT RAISE(ABORT, 'events are append-only'); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS events_no_delete",
    "DROP TRIGGER IF EXISTS events_no_update",
    "DROP TRIGGER IF EXISTS claims_fts_au",
    "DROP TRIGGER IF EXISTS claims_fts_ad",
    "DROP TRIGGER IF EXISTS claims_fts_ai",
    "DROP TABLE IF EXISTS claims_fts",
)

PG_SEARCH_EXPR = (
    "to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(speaker, '') "
    "|| ' ' || coalesce(quote_exact, ''))"
)
PG_UP = (
    f"CREATE INDEX ix_claims_search ON claims USING gin ({PG_SEARCH_EXPR})",
    "CREATE FUNCTION claimdb_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'events are append-only'; END $$",
    "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION claimdb_events_append_only()",
)
PG_DOWN = (
    "DROP TRIGGER IF EXISTS events_append_only ON events",
    "DROP FUNCTION IF EXISTS claimdb_events_append_only()",
    "DROP INDEX IF EXISTS ix_claims_search",
)


def _statements(up: bool) -> Sequence[str]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    if dialect == "postgresql":
        return PG_UP if up else PG_DOWN
    raise RuntimeError(f"claimdb supports SQLite and PostgreSQL, not {dialect}")


def upgrade() -> None:
    for sql in _statements(up=True):
        op.execute(sql)


def downgrade() -> None:
    for sql in _statements(up=False):
        op.execute(sql)
