"""Verdicts: labels on any stored scale, and the evidence rules with their recorded override."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from claimdb.db.models import Claim, Event
from claimdb.db.uow import UnitOfWork
from claimdb.enums import Stance, VerdictClass
from claimdb.errors import InvalidInput, NotFound, WorkflowRefused
from claimdb.schemas.claims import ClaimIn
from claimdb.schemas.evidence import CitationIn
from claimdb.schemas.sources import SourceIn
from claimdb.services import citations, claims, people, sources, verdicts
from claimdb.services.permissions import Permission

UowFactory = Callable[[], UnitOfWork]


@pytest.mark.parametrize(
    ("label", "scale", "expected"),
    [
        ("mostly-true", None, ("claimdb", "mostly-true")),
        ("Pants on Fire!", None, ("liar", "pants-fire")),
        ("barely_true", "liar", ("liar", "barely-true")),
        ("NOT ENOUGH INFO", None, ("fever", "not-enough-info")),
        ("false", "liar", ("liar", "false")),
        ("3", "google-1-5", ("google-1-5", "3")),
    ],
)
def test_labels_resolve_by_name_or_title(
    uow_factory: UowFactory, label: str, scale: str | None, expected: tuple[str, str]
) -> None:
    """Labels match their name or title in any case and spelling of separators."""
    with uow_factory() as uow:
        found = verdicts.resolve_label(uow, label, scale)
        assert (found.scale.name, found.label) == expected


def test_unknown_label_and_scale_are_explained(uow_factory: UowFactory) -> None:
    """An unknown label lists the labels; an unknown scale lists the scales."""
    with (
        pytest.raises(InvalidInput, match="unknown verdict label 'bogus'") as err,
        uow_factory() as uow,
    ):
        verdicts.resolve_label(uow, "bogus")
    assert err.value.hint is not None
    assert "pants-fire" in err.value.hint
    with pytest.raises(NotFound, match="no rating scale 'snopes'"), uow_factory() as uow:
        verdicts.resolve_label(uow, "false", "snopes")


def _verdict(
    uow: UnitOfWork, claim_id: int, label: str, force: str | None = None
) -> VerdictClass | None:
    by = people.resolve_actor(uow, "fiona", Permission.VERIFY)
    claim = uow.session.get(Claim, claim_id)
    assert claim is not None
    v = verdicts.create_verdict(
        uow,
        by=by,
        claim=claim,
        label=verdicts.resolve_label(uow, label),
        rationale="because",
        force_reason=force,
    )
    return verdicts.to_out(v).verdict_class


def test_evidence_rules(uow_factory: UowFactory, desk: dict[str, str]) -> None:
    """True needs support, false needs a citation, unverifiable needs none; --force is recorded."""
    with uow_factory() as uow:
        claim = claims.add_claim(uow, actor="fiona", data=ClaimIn(text="A claim"))
        src = sources.add_source(
            uow, actor="fiona", data=SourceIn(title="S", url="https://s.example/a")
        )
    with pytest.raises(WorkflowRefused, match="no supporting citation"), uow_factory() as uow:
        _verdict(uow, claim.id, "true")
    with pytest.raises(WorkflowRefused, match="needs at least one citation"), uow_factory() as uow:
        _verdict(uow, claim.id, "pants-fire")
    with uow_factory() as uow:
        assert _verdict(uow, claim.id, "unverifiable") is VerdictClass.UNVERIFIABLE
        citations.cite(
            uow,
            actor="fiona",
            data=CitationIn(claim_id=claim.id, source_id=src.id, stance=Stance.REFUTES),
        )
    with pytest.raises(WorkflowRefused, match="no supporting citation"), uow_factory() as uow:
        _verdict(uow, claim.id, "mostly-true")
    with uow_factory() as uow:
        assert _verdict(uow, claim.id, "false") is VerdictClass.FALSE
        assert (
            _verdict(uow, claim.id, "true", force="minister confirmed on the record")
            is VerdictClass.TRUE
        )
    with uow_factory() as uow:
        stored = uow.session.get(Claim, claim.id)
        assert stored is not None
        history = [(v.label.label, v.forced) for v in stored.verdicts]
        assert history == [("unverifiable", False), ("false", False), ("true", True)]
        assert stored.current_verdict is not None
        assert stored.current_verdict.label.label == "true"
        forced = uow.session.scalars(
            select(Event).where(Event.entity == "verdict").order_by(Event.id.desc())
        ).first()
        assert forced is not None
        assert forced.reason == "minister confirmed on the record"
        assert forced.after is not None
        assert "no supporting citation" in forced.after["rule_overridden"]
