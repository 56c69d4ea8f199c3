"""publishers' own ratings: unmapped labels allowed; a verdict names its publisher

Revision ID: f001
Revises: lc01
Create Date: 2026-12-03 09:00:00

A fact-check imported from a publisher (the Fact Check API, a ClaimReview feed,
ClaimsKG) keeps the publisher's rating verbatim, as a label of that publisher's
own scale. A label claimdb cannot yet place on its default scale is *unmapped*:
no ``verdict_class`` and no ``maps_to_id``, until `claimdb scale map` sets the
crosswalk. The ``is_mapped`` CHECK on ``rating_labels`` is dropped to allow it.

``rating_scales.publisher`` marks a publisher's scale (labels are added to it on
first sight); ``verdicts.publisher`` names who published a verdict (the fact-checker, as the
ClaimReview ``author``), as distinct from ``reviewer_id``, who recorded or
imported it.

Downgrading is refused while an unmapped label exists (the old CHECK cannot
hold); the publisher column is dropped with what it holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f001"
down_revision: str | None = "lc01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IS_MAPPED = "verdict_class IS NOT NULL OR maps_to_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("rating_labels") as batch:
        batch.drop_constraint(op.f("ck_rating_labels_is_mapped"), type_="check")
    with op.batch_alter_table("verdicts") as batch:
        batch.add_column(sa.Column("publisher", sa.Text(), nullable=True))
    with op.batch_alter_table("rating_scales") as batch:
        batch.add_column(sa.Column("publisher", sa.Text(), nullable=True))


def downgrade() -> None:
    unmapped = op.get_bind().execute(
        sa.text(f"SELECT count(*) FROM rating_labels WHERE NOT ({IS_MAPPED})")
    )
    if unmapped.scalar_one():
        raise RuntimeError(
            "cannot downgrade: some rating labels are unmapped; map them first "
            "(claimdb scale map SCALE LABEL CLAIMDB_LABEL)"
        )
    with op.batch_alter_table("rating_scales") as batch:
        batch.drop_column("publisher")
    with op.batch_alter_table("verdicts") as batch:
        batch.drop_column("publisher")
    with op.batch_alter_table("rating_labels") as batch:
        batch.create_check_constraint("is_mapped", IS_MAPPED)
