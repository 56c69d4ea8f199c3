"""SQLite never hands out an id twice: AUTOINCREMENT on every table with a surrogate id

Revision ID: ai01
Revises: hc01
Create Date: 2026-12-02 13:30:00

Without AUTOINCREMENT, SQLite gives a new row the largest id in the table plus
one, so deleting the newest citation (`claimdb uncite`) and citing again hands
out the same id: the log's "citation 7 removed" and "citation 7 added" would
then name two different links. With it, SQLite remembers the largest id ever
used (``sqlite_sequence``). PostgreSQL's identity sequences never go back, so
this revision changes nothing there.

SQLite cannot add AUTOINCREMENT to a table, so each table is rebuilt (batch,
``recreate="always"``: create, copy, drop, rename), keeping rows, keys,
indexes and named CHECK constraints. A rebuild drops the table's triggers, and
renaming a table fails while another table's trigger names a table that is
gone, so every trigger (full-text search, the dashboard's counters, the
append-only log) is saved, dropped first and created again, verbatim, last.

Each table's sequence starts at its largest id, or at the largest id the event
log names for that kind of row when that is larger: a row deleted before this
upgrade (an uncited link) keeps its id out of reach too. The downgrade
rebuilds the tables without AUTOINCREMENT.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ai01"
down_revision: str | None = "hc01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table whose rows have a surrogate integer id, and the event kind naming it, if any.
TABLES: dict[str, str | None] = {
    "people": "person",
    "documents": "document",
    "document_versions": None,
    "sections": None,
    "document_citations": None,
    "sources": "source",
    "link_checks": None,
    "rating_scales": "scale",
    "rating_labels": None,
    "claims": "claim",
    "claim_links": None,
    "quantities": None,
    "citations": "citation",
    "verdicts": "verdict",
    "notes": "note",
    "flags": "flag",
    "claim_candidates": None,
    "events": None,
    "event_chain": None,
}


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    triggers = bind.execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    ).all()
    for name, _ in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    for _, sql in triggers:
        op.execute(sql)
    if autoincrement:
        _start_sequences(bind)


def _start_sequences(bind: sa.Connection) -> None:
    """Each table's sequence at its largest id, or the largest id the log names, if larger."""
    for table, entity in TABLES.items():
        largest = bind.scalar(sa.text(f"SELECT max(id) FROM {table}")) or 0
        if entity is not None:
            named = bind.scalar(
                sa.text("SELECT max(entity_id) FROM events WHERE entity = :entity"),
                {"entity": entity},
            )
            largest = max(largest, named or 0)
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})
        if largest:
            bind.execute(
                sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :seq)"),
                {"t": table, "seq": largest},
            )


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
