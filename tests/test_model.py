"""The data model: constraints the database enforces, seed scales, optimistic locking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from claimdb.db.models import Claim, Flag, RatingLabel, RatingScale
from claimdb.db.uow import UnitOfWork
from claimdb.enums import FlagReason, VerdictClass
from claimdb.errors import EditConflict
from claimdb.schemas.claims import ClaimIn, ClaimPatch
from claimdb.services.claims import add_claim, edit_claim

UowFactory = Callable[[], UnitOfWork]


def test_rating_scales_are_seeded_and_mapped(uow_factory: UowFactory) -> None:
    """Four scales ship as data, and every label resolves to a default-scale class."""
    with uow_factory() as uow:
        scales = {s.name: s for s in uow.session.scalars(select(RatingScale))}
        assert set(scales) == {"claimdb", "fever", "liar", "google-1-5"}
        assert [s.name for s in scales.values() if s.is_default] == ["claimdb"]
        liar = [
            (lab.label, lab.maps_to.label if lab.maps_to else None) for lab in scales["liar"].labels
        ]
        assert liar == [
            ("pants-fire", "false"),
            ("false", "false"),
            ("barely-true", "mostly-false"),
            ("half-true", "mixed"),
            ("mostly-true", "mostly-true"),
            ("true", "true"),
        ]
        for label in uow.session.scalars(select(RatingLabel)):
            klass = label.verdict_class or (label.maps_to.verdict_class if label.maps_to else None)
            assert isinstance(klass, VerdictClass), label.label
            scale = label.scale
            if label.value is not None:
                assert scale.worst_value is not None
                assert scale.best_value is not None
                assert scale.worst_value <= label.value <= scale.best_value, label.label
            assert scale.worst_value is None or scale.worst_value >= 1


def _raw_insert(uow: UnitOfWork, **values: Any) -> None:
    base = {
        "text": "x",
        "claim_type": "statistic",
        "checkable": True,
        "priority": 3,
        "status": "unreviewed",
        "created_by_id": 1,
        "version": 1,
    }
    base.update(values)
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    uow.session.execute(insert(Claim).values(created_at=now, updated_at=now, **base))
    uow.session.flush()


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"priority": 9}, "priority"),
        ({"start_offset": 5, "end_offset": None}, "anchor"),
        ({"start_offset": 9, "end_offset": 2, "version_id": None}, "anchor"),
        ({"claim_type": "rumour"}, "claim_type"),
    ],
)
def test_database_refuses_invalid_claims(
    uow_factory: UowFactory, desk: dict[str, str], values: dict[str, Any], constraint: str
) -> None:
    """CHECK constraints hold even for writes that bypass the services."""
    with pytest.raises((IntegrityError, StatementError)), uow_factory() as uow:
        _raw_insert(uow, **values)


def _add_and_flush(uow: UnitOfWork, obj: object) -> None:
    uow.session.add(obj)
    uow.session.flush()


def test_flag_resolution_is_all_or_nothing(uow_factory: UowFactory, desk: dict[str, str]) -> None:
    """A flag cannot be half-resolved (a resolution without who and when)."""
    with uow_factory() as uow:
        claim = add_claim(uow, actor="fiona", data=ClaimIn(text="A claim"))
    half_resolved = Flag(
        claim_id=claim.id, reason=FlagReason.OTHER, raised_by_id=2, resolution="done"
    )
    with pytest.raises(IntegrityError), uow_factory() as uow:
        _add_and_flush(uow, half_resolved)


def test_concurrent_edits_conflict(uow_factory: UowFactory, desk: dict[str, str]) -> None:
    """Two sessions edit the same claim: the second write is refused, not lost silently."""
    with uow_factory() as uow:
        claim = add_claim(uow, actor="fiona", data=ClaimIn(text="Original wording"))

    first = uow_factory().__enter__()
    first_claim = first.session.get(Claim, claim.id)
    assert first_claim is not None
    # Someone else saves an edit while `first` holds its copy.
    first.session.commit()  # release SQLite's write lock; the ORM copy stays in memory
    with uow_factory() as other:
        edit_claim(other, actor="eddie", claim_id=claim.id, patch=ClaimPatch(text="Their wording"))
    first_claim.text = "My wording"
    with pytest.raises(EditConflict):
        first.flush()
    first.__exit__(EditConflict, EditConflict("x"), None)

    with uow_factory() as uow:
        saved = uow.session.get(Claim, claim.id)
        assert saved is not None
        assert saved.text == "Their wording"
        assert saved.version == 2


def test_stale_expected_version_is_refused(uow_factory: UowFactory, desk: dict[str, str]) -> None:
    """An edit made against an old version (--if-version) names the current one."""
    with uow_factory() as uow:
        claim = add_claim(uow, actor="fiona", data=ClaimIn(text="v1"))
    with uow_factory() as uow:
        edit_claim(
            uow, actor="fiona", claim_id=claim.id, patch=ClaimPatch(text="v2", expected_version=1)
        )
    with pytest.raises(EditConflict, match="at version 2"), uow_factory() as uow:
        edit_claim(
            uow, actor="eddie", claim_id=claim.id, patch=ClaimPatch(text="v3", expected_version=1)
        )
    with uow_factory() as uow:
        assert uow.session.get(Claim, claim.id).text == "v2"  # type: ignore[union-attr]
