"""claims.content_key (a 64-bit integer) replaces claims.content_hash (64 hex characters)

Revision ID: p001
Revises: io01
Create Date: 2026-11-28 04:05:00

An import without external ids recognises a claim it already holds by a hash of
its normalised text, speaker and anchor. As 64 hex characters the hash made an
index of about 75 bytes an entry, which at a million claims outgrew SQLite's page
cache, so that every insert became a random read and write (bench/README.md); the
first 64 bits of the same sha256, as a signed integer, make entries of about 15
bytes. Both directions recompute the value from the row, so nothing is lost.

Plain ADD/DROP COLUMN, not a batch rebuild (see io01): a rebuild of ``claims``
would drop its full-text triggers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "p001"
down_revision: str | None = "io01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def _digest(text: str, speaker: str | None, version_id: int | None, start: int | None) -> bytes:
    # The same normalisation as claimdb.services.claims.claim_content_key (a
    # migration keeps its own copy: it must not change when the code does).
    key = "\x1f".join(
        [
            " ".join(text.split()).casefold(),
            (speaker or "").casefold(),
            str(version_id or ""),
            str(start or ""),
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).digest()


def _rows() -> Iterator[list[Any]]:
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, text, speaker, version_id, start_offset FROM claims "
                "WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        yield list(rows)


def upgrade() -> None:
    op.add_column("claims", sa.Column("content_key", sa.BigInteger(), nullable=True))
    bind = op.get_bind()
    for rows in _rows():
        bind.execute(
            sa.text("UPDATE claims SET content_key = :k WHERE id = :id"),
            [
                {"id": r[0], "k": int.from_bytes(_digest(*r[1:])[:8], "big", signed=True)}
                for r in rows
            ],
        )
    op.drop_index("ix_claims_content_hash", table_name="claims")
    op.drop_column("claims", "content_hash")
    op.create_index("ix_claims_content_key", "claims", ["content_key"])


def downgrade() -> None:
    op.add_column("claims", sa.Column("content_hash", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    for rows in _rows():
        bind.execute(
            sa.text("UPDATE claims SET content_hash = :h WHERE id = :id"),
            [{"id": r[0], "h": _digest(*r[1:]).hex()} for r in rows],
        )
    op.drop_index("ix_claims_content_key", table_name="claims")
    op.drop_column("claims", "content_key")
    op.create_index("ix_claims_content_hash", "claims", ["content_hash"])
