"""search: the speaker in a full-text table of its own on SQLite

Revision ID: sp01
Revises: fs01
Create Date: 2026-12-02 15:45:00

FTS5 keeps one list of rows per word for all the columns of a table, so a word
that is in every speaker's name (``speaker-1``, ``speaker-2``...) made a search
for it in the text walk a million speaker entries to find none (``Speaker``:
~134 ms at 1M claims, bench/README.md). The SQLite table ``claims_fts(text,
speaker, quote_exact)`` becomes two, both with ``claims`` as external content
and kept in step by their own triggers: ``claims_fts(text, quote_exact)`` for
the words of a search and ``claims_speaker_fts(speaker)`` for ``speaker:``
(claimdb.db.read_queries combines them). Each is filled from the claims and
merged into one segment, as a large import leaves it. PostgreSQL already keeps
the speaker in its own GIN index (migration fs01): nothing changes there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "sp01"
down_revision: str | None = "fs01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"


def _fts_table(table: str, columns: Sequence[str]) -> tuple[str, ...]:
    """An FTS5 table over ``columns`` of claims, its three triggers, filled and merged."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return (
        f"CREATE VIRTUAL TABLE {table} USING fts5("
        f"{cols}, content='claims', content_rowid='id', {TOKENIZE})",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON claims BEGIN "
        f"INSERT INTO {table}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON claims BEGIN "
        f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF {cols} ON claims BEGIN "
        f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {table}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
        f"INSERT INTO {table}({table}) VALUES ('optimize')",
    )


def _drop(table: str) -> tuple[str, ...]:
    return (
        f"DROP TRIGGER IF EXISTS {table}_au",
        f"DROP TRIGGER IF EXISTS {table}_ad",
        f"DROP TRIGGER IF EXISTS {table}_ai",
        f"DROP TABLE IF EXISTS {table}",
    )


SQLITE_UP = (
    *_drop("claims_fts"),
    *_fts_table("claims_fts", ("text", "quote_exact")),
    *_fts_table("claims_speaker_fts", ("speaker",)),
)
SQLITE_DOWN = (
    *_drop("claims_speaker_fts"),
    *_drop("claims_fts"),
    *_fts_table("claims_fts", ("text", "speaker", "quote_exact")),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in SQLITE_UP:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in SQLITE_DOWN:
            op.execute(sql)
