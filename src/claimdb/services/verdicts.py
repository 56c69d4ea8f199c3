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
from datetime import datetime
from typing import Any

from claimdb.db import repo
from claimdb.db.models import Claim, Person, RatingLabel, RatingScale, Verdict
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind, EntityKind, Stance, VerdictClass
from claimdb.errors import AlreadyExists, InvalidInput, NotFound, Problem, WorkflowRefused
from claimdb.schemas.evidence import (
    RatingLabelOut,
    RatingScaleIn,
    RatingScaleOut,
    VerdictIn,
    VerdictOut,
)
from claimdb.schemas.workflow import VerdictResult
from claimdb.services import events, workflow
from claimdb.services.lookup import get_claim
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission
from claimdb.services.rules import rule_message, rule_problem, unmapped_label


def normalise_label(value: str) -> str:
    """'Pants on Fire!' -> 'pants-on-fire'; 'NOT ENOUGH INFO' -> 'not-enough-info'; 'مضلل' kept."""
    return re.sub(r"[\W_]+", "-", value.strip().casefold()).strip("-")


def label_class_or_none(label: RatingLabel) -> VerdictClass | None:
    """The default-scale class a label means; None for an unmapped publisher's label."""
    if label.verdict_class is not None:
        return label.verdict_class
    target = label.maps_to
    if target is None:
        return None
    return target.verdict_class


def label_class(label: RatingLabel) -> VerdictClass:
    """The default-scale class a label means; an unmapped label is refused."""
    klass = label_class_or_none(label)
    if klass is None:
        raise unmapped_label(label.scale.name, label.label, label.title)
    return klass


def resolve_label(uow: UnitOfWork, label: str, scale: str | None = None) -> RatingLabel:
    """The stored label meant by ``label`` (its name or title, any case), on ``scale``.

    Without a scale the default scale is tried first, then a label that only
    one other scale has.
    """
    wanted = normalise_label(label)
    if not wanted:
        raise InvalidInput(f"unknown verdict label {label!r}: it has no letter or digit")
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
        verdict_class=label_class_or_none(label),
        rationale=verdict.rationale,
        reviewer=verdict.reviewer.name,
        created_at=verdict.created_at,
        forced=verdict.forced,
        force_reason=verdict.force_reason,
        review_url=verdict.review_url,
        publisher=verdict.publisher,
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


def evidence_problem(claim: Claim, klass: VerdictClass) -> str | None:
    """Why the evidence on record does not allow a verdict of ``klass`` (None if it does)."""
    stances = [c.stance for c in claim.citations if c.kind is CitationKind.EVIDENCE]
    problem = rule_problem(klass, stances)
    return None if problem is None else rule_message(claim.id, klass, problem)


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
    publisher: str | None = None,
) -> Verdict:
    """Record a verdict after checking the evidence rules (``force_reason`` overrides them).

    An unmapped publisher's label has no class, so no rule applies to it (it
    comes only with an import, with the published review as its evidence).
    """
    klass = label_class_or_none(label)
    problem = evidence_problem(claim, klass) if klass is not None else None
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
        publisher=publisher,
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


def _scale_out(s: RatingScale) -> RatingScaleOut:
    return RatingScaleOut(
        name=s.name,
        title=s.title,
        description=s.description,
        is_default=s.is_default,
        worst_value=s.worst_value,
        best_value=s.best_value,
        publisher=s.publisher,
        labels=[
            RatingLabelOut(
                scale=s.name,
                label=lab.label,
                title=lab.title,
                value=lab.value,
                verdict_class=label_class_or_none(lab),
                maps_to=lab.maps_to.label if lab.maps_to else None,
            )
            for lab in s.labels
        ],
    )


def list_scales(uow: UnitOfWork) -> list[RatingScaleOut]:
    return [_scale_out(s) for s in repo.list_scales(uow.session)]


def show_scale(uow: UnitOfWork, *, name: str) -> RatingScaleOut:
    """One scale and its crosswalk onto the default scale."""
    scales = repo.list_scales(uow.session)
    for s in scales:
        if s.name == name.strip().lower():
            return _scale_out(s)
    raise NotFound(f"no rating scale {name!r}", hint="scales: " + ", ".join(s.name for s in scales))


def add_scale(uow: UnitOfWork, *, actor: str | None, data: RatingScaleIn) -> RatingScaleOut:
    """Add a desk's own rating scale (editors and admins); logged as an event.

    The labels come worst to best and get ClaimReview's ratingValue 1, 2, ...
    in that order, except a label that means the default scale's off-scale
    ``unverifiable``, which gets none (as on the default scale). Each label
    must name the default-scale label it means, so that the evidence rules
    and ``--verdict false`` work on it.
    """
    by = resolve_actor(uow, actor, Permission.MANAGE_SCALES)
    scales = repo.list_scales(uow.session)
    if any(s.name == data.name for s in scales):
        raise AlreadyExists(
            f"a rating scale {data.name!r} already exists",
            hint=f"see it with `claimdb scale show {data.name}`",
        )
    default = next(s for s in scales if s.is_default)
    targets = {lab.label: lab for lab in default.labels}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, lab in enumerate(data.labels):
        name = normalise_label(lab.label)
        if not name:
            problems.append(Problem("a label needs a letter or a digit", f"labels.{i}.label"))
        elif name in seen:
            problems.append(
                Problem(f"{name!r} is given twice (labels {seen[name]} and {i})", f"labels.{i}")
            )
        seen.setdefault(name, i)
        if normalise_label(lab.maps_to) not in targets:
            problems.append(
                Problem(
                    f"{lab.maps_to!r} is not a label of the default scale ({', '.join(targets)})",
                    f"labels.{i}.maps_to",
                )
            )
    if problems:
        raise InvalidInput(f"rating scale {data.name!r} not added", problems=problems)
    scale = RatingScale(
        name=data.name,
        title=data.title or data.name,
        description=data.description,
        is_default=False,
    )
    value = 0
    for position, lab in enumerate(data.labels, 1):
        target = targets[normalise_label(lab.maps_to)]
        on_scale = target.value is not None
        value += on_scale
        scale.labels.append(
            RatingLabel(
                label=normalise_label(lab.label),
                title=lab.title or lab.label,
                description=lab.description,
                position=position,
                value=value if on_scale else None,
                maps_to=target,
            )
        )
    scale.worst_value, scale.best_value = (1, value) if value else (None, None)
    uow.session.add(scale)
    uow.flush()
    out = _scale_out(scale)
    events.record(
        uow,
        actor=by,
        entity=EntityKind.SCALE,
        entity_id=scale.id,
        action="created",
        after={
            "name": out.name,
            "title": out.title,
            "labels": [
                {"label": x.label, "value": x.value, "maps_to": x.maps_to} for x in out.labels
            ],
        },
    )
    return out
