"""events may be about a rating scale (`claimdb scale add` is logged)

Revision ID: s001
Revises: p001
Create Date: 2026-12-02 10:20:00

A desk adds its own rating scales (`claimdb scale add`), and the event log records
who added which scale, as for every other change: the ``entity_kind`` CHECK on
``events.entity`` gains the value ``scale``.

On SQLite a CHECK constraint changes only by rebuilding the table; the rebuild
drops the append-only triggers of ``events`` (migration 0003), so they are
created again. Downgrading is refused while any event is about a scale: the log
cannot be rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s001"
down_revision: str | None = "p001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("claim", "citation", "verdict", "flag", "note", "source", "document", "person")
NEW = (*OLD, "scale")

SQLITE_TRIGGERS = (
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
    "SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
    "SELECT RAISE(ABORT, 'events are append-only'); END",
)


def _kinds(values: tuple[str, ...]) -> str:
    return "entity IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _allow(values: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("events", recreate="always") as batch:
            batch.drop_constraint(op.f("ck_events_entity_kind"), type_="check")
            batch.create_check_constraint("entity_kind", _kinds(values))
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)
    else:
        op.drop_constraint(op.f("ck_events_entity_kind"), "events", type_="check")
        op.create_check_constraint("entity_kind", "events", _kinds(values))


def upgrade() -> None:
    _allow(NEW)


def downgrade() -> None:
    about_scales = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM events WHERE entity = 'scale'")
    )
    if about_scales:
        raise RuntimeError(
            f"{about_scales} events are about rating scales, and the log cannot be rewritten: "
            "downgrading past s001 would lose them"
        )
    _allow(OLD)
