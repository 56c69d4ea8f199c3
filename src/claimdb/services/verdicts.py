"""Verdicts: a rating on a stored scale, with its rationale, under the evidence rules.

The rules, applied to the label's class on the default scale:

- a ``true`` verdict (true, mostly true...) needs a supporting citation;
- every other rated verdict (false, misleading, mixed) needs at least one citation;
- ``unverifiable`` needs none: it says the evidence is not there.

Only a checker's evidence counts, never the report's own attribution.
``force=True`` with a reason overrides a rule, and the override is stored
with the verdict and in the event log. Verdicts are never updated: a new
verdict is a new row, and the claim points at the latest.

:func:`verify`, the use case behind `claimdb verify`, also puts the claim
before an editor (``needs_review``); a decided claim must be reopened first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from claimdb.db import repo
from claimdb.db.models import Claim, Person, RatingLabel, Verdict
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind, EntityKind, Stance, VerdictClass
from claimdb.errors import InvalidInput, NotFound, WorkflowRefused
from claimdb.schemas.evidence import RatingLabelOut, RatingScaleOut, VerdictIn, VerdictOut
from claimdb.schemas.workflow import VerdictResult
from claimdb.services import events, workflow
from claimdb.services.claims import get_claim
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission


def normalise_label(value: str) -> str:
    """'Pants on Fire!' -> 'pants-on-fire'; 'NOT ENOUGH INFO' -> 'not-enough-info'."""
    return re.sub(r"[^a-z0-9]+", "-", value.strip().lower()).strip("-")


def label_class(label: RatingLabel) -> VerdictClass:
    """The default-scale class a label means."""
    if label.verdict_class is not None:
        return label.verdict_class
    target = label.maps_to
    if target is None or target.verdict_class is None:
        raise InvalidInput(f"rating label {label.label!r} is not mapped onto the default scale")
    return target.verdict_class


def resolve_label(uow: UnitOfWork, label: str, scale: str | None = None) -> RatingLabel:
    """The stored label meant by ``label`` (its name or title, any case), on ``scale``.

    Without a scale the default scale is tried first, then a label that only
    one other scale has.
    """
    wanted = normalise_label(label)
    scales = repo.list_scales(uow.session)
    if scale is not None:
        chosen = [s for s in scales if s.name == scale]
        if not chosen:
            raise NotFound(
                f"no rating scale {scale!r}",
                hint="scales: " + ", ".join(s.name for s in scales),
            )
        scales = chosen
    matches = [
        lab
        for s in scales
        for lab in s.labels
        if wanted in (normalise_label(lab.label), normalise_label(lab.title))
    ]
    default = [m for m in matches if m.scale.is_default]
    if default:
        return default[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        listed = "; ".join(f"{s.name}: " + ", ".join(lab.label for lab in s.labels) for s in scales)
        raise InvalidInput(f"unknown verdict label {label!r}", hint=f"labels are {listed}")
    names = ", ".join(f"{m.scale.name}:{m.label}" for m in matches)
    raise InvalidInput(
        f"verdict label {label!r} is on several scales ({names})", hint="choose one with --scale"
    )


def to_out(verdict: Verdict) -> VerdictOut:
    label = verdict.label
    return VerdictOut(
        id=verdict.id,
        claim_id=verdict.claim_id,
        scale=label.scale.name,
        label=label.label,
        label_title=label.title,
        value=label.value,
        worst_value=label.scale.worst_value,
        best_value=label.scale.best_value,
        verdict_class=label_class(label),
        rationale=verdict.rationale,
        reviewer=verdict.reviewer.name,
        created_at=verdict.created_at,
        forced=verdict.forced,
        force_reason=verdict.force_reason,
        review_url=verdict.review_url,
    )


def verify(uow: UnitOfWork, *, actor: str | None, data: VerdictIn) -> VerdictResult:
    """Record a verdict under the evidence rules and send the claim to an editor.

    Refused (WorkflowRefused) when the claim is already decided: reopen it
    first. ``data.force`` with ``data.force_reason`` overrides an evidence
    rule, and the override is recorded.
    """
    by = resolve_actor(uow, actor, Permission.VERIFY)
    claim = get_claim(uow, data.claim_id)
    label = resolve_label(uow, data.label, data.scale)
    workflow.check_undecided(claim, "a new verdict")
    verdict = create_verdict(
        uow,
        by=by,
        claim=claim,
        label=label,
        rationale=data.rationale,
        force_reason=data.force_reason if data.force else None,
        review_url=data.review_url,
    )
    moved = workflow.submit_for_review(
        uow,
        by=by,
        claim=claim,
        reason=f"verdict {verdict.id}: {label.scale.name}:{label.label}",
    )
    uow.flush()
    return VerdictResult(**to_out(verdict).model_dump(), transition=moved)


def rule_problem(klass: VerdictClass, stances: Iterable[Stance | None]) -> str | None:
    """Why evidence citations with these stances do not allow a ``klass`` verdict (or None)."""
    evidence = list(stances)
    if klass is VerdictClass.TRUE and Stance.SUPPORTS not in evidence:
        return "a verdict that rates it true needs evidence that supports it"
    if klass in (VerdictClass.FALSE, VerdictClass.MISLEADING, VerdictClass.MIXED) and not evidence:
        return f"a {klass.value} verdict needs at least one citation"
    return None


def evidence_problem(claim: Claim, klass: VerdictClass) -> str | None:
    """Why the evidence on record does not allow a verdict of ``klass`` (None if it does)."""
    stances = [c.stance for c in claim.citations if c.kind is CitationKind.EVIDENCE]
    problem = rule_problem(klass, stances)
    return None if problem is None else rule_message(claim.id, klass, problem)


def rule_message(claim_id: int, klass: VerdictClass, problem: str) -> str:
    """The evidence rule's refusal as the log records it, for one claim."""
    what = "supporting citation" if klass is VerdictClass.TRUE else "evidence"
    return f"claim {claim_id} has no {what}: {problem}"


STANCE_FOR_CLASS = {
    VerdictClass.TRUE: Stance.SUPPORTS,
    VerdictClass.FALSE: Stance.REFUTES,
    VerdictClass.MISLEADING: Stance.REFUTES,
    VerdictClass.MIXED: Stance.CONTEXT,
    VerdictClass.UNVERIFIABLE: Stance.INSUFFICIENT,
}
"""The stance of a published review cited as the evidence for its own verdict."""


def create_verdict(
    uow: UnitOfWork,
    *,
    by: Person,
    claim: Claim,
    label: RatingLabel,
    rationale: str,
    force_reason: str | None = None,
    review_url: str | None = None,
    created_at: datetime | None = None,
) -> Verdict:
    """Record a verdict after checking the evidence rules (``force_reason`` overrides them)."""
    klass = label_class(label)
    problem = evidence_problem(claim, klass)
    if problem and force_reason is None:
        raise WorkflowRefused(
            problem,
            hint=f"cite evidence first (`claimdb cite {claim.id} SOURCE --stance ...`), or "
            "override with --force --reason TEXT (the override is recorded)",
        )
    verdict = Verdict(
        claim_id=claim.id,
        label=label,
        rationale=rationale,
        reviewer=by,
        forced=force_reason is not None,
        force_reason=force_reason,
        review_url=review_url,
    )
    if created_at is not None:
        verdict.created_at = created_at
    uow.session.add(verdict)
    uow.flush()
    previous = claim.current_verdict
    claim.current_verdict = verdict
    events.record(
        uow,
        actor=by,
        entity=EntityKind.VERDICT,
        entity_id=verdict.id,
        claim_id=claim.id,
        action="recorded",
        before={"verdict": f"{previous.label.scale.name}:{previous.label.label}"}
        if previous
        else None,
        after=recorded_payload(
            label,
            rationale=rationale,
            rule_overridden=problem if verdict.forced else None,
            forced=verdict.forced,
        ),
        reason=force_reason,
    )
    return verdict


def recorded_payload(
    label: RatingLabel, *, rationale: str, forced: bool, rule_overridden: str | None
) -> dict[str, Any]:
    """The ``after`` of a verdict's ``recorded`` event (the per-record and bulk paths alike)."""
    return {
        "verdict": f"{label.scale.name}:{label.label}",
        "rationale": rationale,
        "forced": forced,
        "rule_overridden": rule_overridden,
    }


def list_scales(uow: UnitOfWork) -> list[RatingScaleOut]:
    return [
        RatingScaleOut(
            name=s.name,
            title=s.title,
            description=s.description,
            is_default=s.is_default,
            worst_value=s.worst_value,
            best_value=s.best_value,
            labels=[
                RatingLabelOut(
                    scale=s.name,
                    label=lab.label,
                    title=lab.title,
                    value=lab.value,
                    verdict_class=label_class(lab),
                    maps_to=lab.maps_to.label if lab.maps_to else None,
                )
                for lab in s.labels
            ],
        )
        for s in repo.list_scales(uow.session)
    ]
