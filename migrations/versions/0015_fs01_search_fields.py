"""search: the speaker apart from the text (PostgreSQL's GIN indexes); SQLite unchanged

Revision ID: fs01
Revises: hc01
Create Date: 2026-12-02 13:45:00

A search word without a field is looked for in a claim's text and quote, and
``speaker:NAME`` in its speaker (docs/search.md), so a common speaker name no
longer matches every claim it said. PostgreSQL's one GIN index over text,
speaker and quote together (ix_claims_search, migration 0003) becomes two:
text and quote (ix_claims_text_search) and the speaker (ix_claims_speaker_search),
built from the claims. SQLite's FTS5 table already keeps the three columns
apart and the queries name the columns, so nothing changes there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "fs01"
down_revision: str | None = "ai01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT_DOCUMENT = "to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(quote_exact, ''))"
SPEAKER_DOCUMENT = "to_tsvector('simple', coalesce(speaker, ''))"
OLD_DOCUMENT = (
    "to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(speaker, '') "
    "|| ' ' || coalesce(quote_exact, ''))"
)

PG_UP = (
    f"CREATE INDEX ix_claims_text_search ON claims USING gin ({TEXT_DOCUMENT})",
    f"CREATE INDEX ix_claims_speaker_search ON claims USING gin ({SPEAKER_DOCUMENT})",
    "DROP INDEX IF EXISTS ix_claims_search",
)
PG_DOWN = (
    f"CREATE INDEX ix_claims_search ON claims USING gin ({OLD_DOCUMENT})",
    "DROP INDEX IF EXISTS ix_claims_speaker_search",
    "DROP INDEX IF EXISTS ix_claims_text_search",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in PG_UP:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in PG_DOWN:
            op.execute(sql)
