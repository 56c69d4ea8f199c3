"""Publishers' own ratings: kept verbatim on the publisher's scale, mapped where it can be.

A fact-check imported from its publisher (the Fact Check API, a ClaimReview
feed, a ClaimsKG row) carries the publisher's rating as the publisher wrote
it: "Pants on Fire!", "Missing context", "مضلل", or a sentence. claimdb keeps
it, verbatim, as a label of that publisher's own scale (made on first sight:
name = the publisher's slug, title = the publisher's name) and maps the label
onto claimdb's default scale where it can, in this order:

1. the crosswalk the desk keeps: a label already mapped (`claimdb scale map`)
   stays so;
2. :data:`CROSSWALK`, the built-in table of common labels (documented in
   docs/data-model.md);
3. a numeric rating: 1..5 as Google's ClaimReview guidance reads it; on any
   other worst..best range, the worst value is false, the best true and the
   exact middle mixed.

Where none applies the label is *unmapped*: stored, queryable
(`claim list --verdict-unmapped`, `scale show`), listed by `claimdb lint`, never
refused and never guessed. Mapping it later (:func:`map_label`) makes every
verdict with that label count under its class.
"""

from __future__ import annotations

import hashlib
import re

from claimdb.db import repo
from claimdb.db.models import Person, RatingLabel, RatingScale
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind
from claimdb.errors import InvalidInput, NotFound
from claimdb.schemas.evidence import RatingLabelOut
from claimdb.services import events
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission
from claimdb.services.verdicts import label_class_or_none, normalise_label

KEY_LENGTH = 40
"""rating_labels.label and rating_scales.name are at most this long."""

_CROSSWALK_LABELS: dict[str, tuple[str, ...]] = {
    "false": (
        "false",
        "fake",
        "fake news",
        "pants on fire",
        "incorrect",
        "wrong",
        "not true",
        "untrue",
        "hoax",
        "fabricated",
        "falso",
        "falsa",
        "faux",
        "falsch",
        "خطأ",
        "زائف",
        "كاذب",
    ),
    "mostly-false": ("mostly false", "barely true", "largely false", "mostly fake"),
    "misleading": (
        "misleading",
        "missing context",
        "lacks context",
        "needs context",
        "decontextualized",
        "decontextualised",
        "out of context",
        "miscaptioned",
        "manipulated",
        "altered",
        "distorted",
        "engañoso",
        "trompeur",
        "مضلل",
    ),
    "mixed": (
        "mixture",
        "mixed",
        "half true",
        "partly true",
        "partly false",
        "partially true",
        "partially false",
        "half truth",
    ),
    "mostly-true": ("mostly true", "largely true", "mostly correct", "largely accurate"),
    "true": ("true", "correct", "accurate", "verdadero", "vrai", "صحيح"),
    "unverifiable": (
        "unproven",
        "unverified",
        "unverifiable",
        "not enough info",
        "no evidence",
        "unsupported",
        "غير مؤكد",
    ),
}

CROSSWALK: dict[str, str] = {
    text: target for target, texts in _CROSSWALK_LABELS.items() for text in texts
}
"""Common publishers' labels (compared case-folded, punctuation ignored) -> claimdb label.

Deliberately absent, so they stay unmapped: satire, opinion, other, legend,
outdated, scam, "research in progress" and every label not written here.
"""


def _plain(text: str) -> str:
    """Case-folded words, punctuation dropped: 'Pants on Fire!' -> 'pants on fire'."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def rating_key(text: str) -> str:
    """A label's key: its slug, at most 40 characters ('Missing context' -> 'missing-context').

    A longer or letterless rating (a paragraph used as a rating) keeps a
    prefix of its slug and 8 hex digits of its hash, so distinct texts get
    distinct keys; the verbatim text is the label's title.
    """
    slug = re.sub(r"[\W_]+", "-", text.strip().casefold()).strip("-")
    if slug and len(slug) <= KEY_LENGTH:
        return slug
    digest = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:8]
    return f"{slug[: KEY_LENGTH - 9].rstrip('-')}-{digest}".lstrip("-")


def builtin_target(
    text: str, value: float | None = None, best: float | None = None, worst: float | None = None
) -> str | None:
    """The default-scale label a publisher's rating means by the built-in rules, or None."""
    found = CROSSWALK.get(_plain(text))
    if found is not None:
        return found
    if value is None or best is None or worst is None or best <= worst:
        return None
    if (worst, best) == (1, 5) and value == int(value):
        return ("false", "mostly-false", "mixed", "mostly-true", "true")[int(value) - 1]
    if value == worst:
        return "false"
    if value == best:
        return "true"
    if value * 2 == worst + best:
        return "mixed"
    return None


def publisher_scale(
    uow: UnitOfWork, *, by: Person, publisher: str, name: str | None = None
) -> RatingScale:
    """The scale of ``publisher``'s own ratings (``name``, default its slug); made if missing."""
    name = name or rating_key(publisher)
    scale = repo.scale_by_name(uow.session, name)
    if scale is not None:
        return scale
    scale = RatingScale(
        name=name,
        title=publisher,
        description=f"Ratings as {publisher} publishes them, kept verbatim.",
        is_default=False,
        publisher=publisher,
    )
    uow.session.add(scale)
    uow.flush()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.SCALE,
        entity_id=scale.id,
        action="created",
        after={"name": name, "title": publisher, "publisher": publisher, "labels": []},
        reason="a publisher's ratings, first seen on import",
    )
    return scale


def publisher_label(
    uow: UnitOfWork,
    *,
    by: Person,
    scale: RatingScale,
    text: str,
    value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
) -> RatingLabel:
    """The label ``text`` on a publisher's scale; added (and mapped if it can be) on first sight."""
    verbatim = text.strip()
    key = rating_key(verbatim)
    found = repo.label_on_scale(uow.session, scale.id, key)
    if found is not None:
        return found
    target_name = builtin_target(verbatim, value, best, worst)
    target = None
    if target_name is not None:
        target = repo.label_on_scale(uow.session, _default_scale(uow).id, target_name)
    label = RatingLabel(
        scale=scale,
        label=key,
        title=verbatim,
        position=len(scale.labels) + 1,
        value=None,
        maps_to=target,
    )
    uow.session.add(label)
    uow.flush()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.SCALE,
        entity_id=scale.id,
        action="label_added",
        after={"label": key, "title": verbatim, "maps_to": target_name},
    )
    return label


def _default_scale(uow: UnitOfWork) -> RatingScale:
    return next(s for s in repo.list_scales(uow.session) if s.is_default)


def map_label(
    uow: UnitOfWork, *, actor: str | None, scale: str, label: str, target: str
) -> RatingLabelOut:
    """Set the crosswalk of a scale's label onto claimdb's scale (editors, admins); logged.

    Every verdict with that label then counts under the target's class.
    """
    by = resolve_actor(uow, actor, Permission.MANAGE_SCALES)
    found = repo.scale_by_name(uow.session, scale.strip())
    if found is None:
        names = ", ".join(s.name for s in repo.list_scales(uow.session))
        raise NotFound(f"no rating scale {scale!r}", hint=f"scales: {names}")
    if found.is_default:
        raise InvalidInput("the default scale's labels are claimdb's own: there is nothing to map")
    wanted = normalise_label(label)
    lab = next(
        (
            x
            for x in found.labels
            if wanted in (x.label, normalise_label(x.title)) or x.title == label.strip()
        ),
        None,
    )
    if lab is None:
        raise NotFound(
            f"no label {label!r} on the scale {found.name!r}",
            hint=f"see them with `claimdb scale show {found.name}`",
        )
    default = _default_scale(uow)
    goal = next((x for x in default.labels if x.label == normalise_label(target)), None)
    if goal is None:
        raise InvalidInput(
            f"{target!r} is not a label of the default scale",
            hint="labels: " + ", ".join(x.label for x in default.labels),
        )
    before = lab.maps_to.label if lab.maps_to else None
    lab.maps_to = goal
    uow.flush()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.SCALE,
        entity_id=found.id,
        action="label_mapped",
        before={"label": lab.label, "maps_to": before},
        after={"label": lab.label, "maps_to": goal.label},
    )
    klass = label_class_or_none(lab)
    return RatingLabelOut(
        scale=found.name,
        label=lab.label,
        title=lab.title,
        value=lab.value,
        verdict_class=klass,
        maps_to=goal.label,
    )
