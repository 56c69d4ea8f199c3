"""rating scales as data: claimdb's default scale, FEVER, LIAR/PolitiFact, Google's 1-5

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 00:45:00

The scales are rows, not code, so a desk can add its own. Every label of a
non-default scale names the default-scale label it means; the evidence rules
(a "true" verdict needs a supporting citation...) read the default label's
verdict class.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

scales = sa.table(
    "rating_scales",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("title", sa.Text),
    sa.column("description", sa.Text),
    sa.column("is_default", sa.Boolean),
    sa.column("worst_value", sa.Integer),
    sa.column("best_value", sa.Integer),
)
labels = sa.table(
    "rating_labels",
    sa.column("id", sa.Integer),
    sa.column("scale_id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("title", sa.Text),
    sa.column("description", sa.Text),
    sa.column("position", sa.Integer),
    sa.column("value", sa.Integer),
    sa.column("verdict_class", sa.String),
    sa.column("maps_to_id", sa.Integer),
)

# (label, title, value, verdict class, description)
DEFAULT = (
    ("false", "False", 1, "false", "The claim is inaccurate."),
    (
        "mostly-false",
        "Mostly false",
        2,
        "false",
        "An element of truth, but it ignores facts that would give a different impression.",
    ),
    (
        "misleading",
        "Misleading",
        3,
        "misleading",
        "Accurate in part, but presented so as to leave a false impression.",
    ),
    ("mixed", "Mixed", 4, "mixed", "Partly accurate, partly not; leaves out important details."),
    (
        "mostly-true",
        "Mostly true",
        5,
        "true",
        "Accurate but needs clarification or additional information.",
    ),
    ("true", "True", 6, "true", "Accurate, and nothing significant is missing."),
    (
        "unverifiable",
        "Unverifiable",
        None,
        "unverifiable",
        "The available evidence can neither confirm nor refute it.",
    ),
)

# name, title, description, worst, best, ((label, title, value, default label), ...)
OTHER_SCALES = (
    (
        "fever",
        "FEVER",
        "The FEVER shared task's three classes (Thorne et al., 2018).",
        1,
        2,
        (
            ("refutes", "REFUTES", 1, "false"),
            ("supports", "SUPPORTS", 2, "true"),
            ("not-enough-info", "NOT ENOUGH INFO", None, "unverifiable"),
        ),
    ),
    (
        "liar",
        "LIAR / PolitiFact Truth-O-Meter",
        "The six labels of PolitiFact's Truth-O-Meter as used by the LIAR dataset (Wang, 2017).",
        1,
        6,
        (
            ("pants-fire", "Pants on Fire!", 1, "false"),
            ("false", "False", 2, "false"),
            ("barely-true", "Mostly False (barely-true)", 3, "mostly-false"),
            ("half-true", "Half True", 4, "mixed"),
            ("mostly-true", "Mostly True", 5, "mostly-true"),
            ("true", "True", 6, "true"),
        ),
    ),
    (
        "google-1-5",
        "Google ClaimReview 1-5",
        "The numeric scale Google's ClaimReview guidance describes: 1 = False ... 5 = True.",
        1,
        5,
        (
            ("1", "False", 1, "false"),
            ("2", "Mostly false", 2, "mostly-false"),
            ("3", "Half true", 3, "mixed"),
            ("4", "Mostly true", 4, "mostly-true"),
            ("5", "True", 5, "true"),
        ),
    ),
)


def _scale_id(bind: sa.Connection, name: str) -> int:
    return int(bind.execute(sa.select(scales.c.id).where(scales.c.name == name)).scalar_one())


def upgrade() -> None:
    bind = op.get_bind()
    op.bulk_insert(
        scales,
        [
            {
                "name": "claimdb",
                "title": "claimdb default",
                "description": "The desk's own scale; every other scale maps onto it.",
                "is_default": True,
                "worst_value": 1,
                "best_value": 6,
            }
        ],
    )
    default_id = _scale_id(bind, "claimdb")
    op.bulk_insert(
        labels,
        [
            {
                "scale_id": default_id,
                "label": label,
                "title": title,
                "description": description,
                "position": position,
                "value": value,
                "verdict_class": verdict_class,
                "maps_to_id": None,
            }
            for position, (label, title, value, verdict_class, description) in enumerate(DEFAULT, 1)
        ],
    )
    default_ids = dict(
        bind.execute(
            sa.select(labels.c.label, labels.c.id).where(labels.c.scale_id == default_id)
        ).all()
    )
    for name, title, description, worst, best, rows in OTHER_SCALES:
        op.bulk_insert(
            scales,
            [
                {
                    "name": name,
                    "title": title,
                    "description": description,
                    "is_default": False,
                    "worst_value": worst,
                    "best_value": best,
                }
            ],
        )
        scale_id = _scale_id(bind, name)
        op.bulk_insert(
            labels,
            [
                {
                    "scale_id": scale_id,
                    "label": label,
                    "title": label_title,
                    "description": None,
                    "position": position,
                    "value": value,
                    "verdict_class": None,
                    "maps_to_id": default_ids[maps_to],
                }
                for position, (label, label_title, value, maps_to) in enumerate(rows, 1)
            ],
        )


def downgrade() -> None:
    bind = op.get_bind()
    names = ["claimdb", *(s[0] for s in OTHER_SCALES)]
    ids = [_scale_id(bind, n) for n in names]
    # Labels of other scales point at default labels: delete those first.
    op.execute(labels.delete().where(labels.c.maps_to_id.is_not(None)))
    op.execute(labels.delete().where(labels.c.scale_id.in_(ids)))
    op.execute(scales.delete().where(scales.c.id.in_(ids)))
