"""events: a hash chain (seq, prev_hash, hash) and its head (event_chain); no TRUNCATE

Revision ID: hc01
Revises: p002
Create Date: 2026-12-02 11:30:00

Columns are added with ALTER TABLE ADD COLUMN (no table rebuild on SQLite,
so the append-only triggers stay). Events written before this revision keep
NULL links: the chain starts with the first event after the upgrade, and
`claimdb db check` says how many events precede it. On PostgreSQL a
statement trigger refuses TRUNCATE of events and of the chain's head.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "hc01"
down_revision: str | None = "p002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64

PG_UP = (
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION claimdb_events_append_only()",
    "CREATE TRIGGER event_chain_no_truncate BEFORE TRUNCATE ON event_chain "
    "FOR EACH STATEMENT EXECUTE FUNCTION claimdb_events_append_only()",
)
PG_DOWN = (
    "DROP TRIGGER IF EXISTS event_chain_no_truncate ON event_chain",
    "DROP TRIGGER IF EXISTS events_no_truncate ON events",
)


def upgrade() -> None:
    op.add_column("events", sa.Column("seq", sa.BigInteger(), nullable=True))
    op.add_column("events", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("events", sa.Column("hash", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_events_seq"), "events", ["seq"], unique=True)
    chain = op.create_table(
        "event_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("head", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_chain")),
    )
    op.bulk_insert(chain, [{"id": 1, "length": 0, "head": GENESIS}])
    if op.get_bind().dialect.name == "postgresql":
        for sql in PG_UP:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in PG_DOWN:
            op.execute(sql)
    op.drop_table("event_chain")
    op.drop_index(op.f("ix_events_seq"), table_name="events")
    op.drop_column("events", "hash")
    op.drop_column("events", "prev_hash")
    op.drop_column("events", "seq")
