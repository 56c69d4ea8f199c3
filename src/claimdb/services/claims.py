"""Claims: creating them anchored to their document, reading, editing, tagging, archiving."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from claimdb.db import repo
from claimdb.db.models import Claim, ClaimTag, DocumentVersion, Person, Quantity
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ClaimStatus, LinkKind
from claimdb.errors import (
    AlreadyExists,
    EditConflict,
    InvalidInput,
    NotFound,
    Problem,
    WorkflowRefused,
)
from claimdb.formats import identity
from claimdb.schemas.claims import (
    CLAIM_FIELDS,
    AnchorIn,
    AnchorOut,
    ClaimAdded,
    ClaimIn,
    ClaimOut,
    ClaimPatch,
    PlacementIn,
    QuantityOut,
    TagsIn,
)
from claimdb.schemas.matching import LinkIn, MatchQuery
from claimdb.services import events, matching, workflow
from claimdb.services.lookup import get_claim
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission

CONTEXT_CHARS = 32
"""Characters of prefix and suffix kept with an anchor (W3C TextQuoteSelector)."""

EDITABLE = CLAIM_FIELDS


def to_out(claim: Claim) -> ClaimOut:
    """The listing view of a claim."""
    verdict = claim.current_verdict
    anchor = None
    if claim.version_id is not None and claim.start_offset is not None:
        version = claim.document_version
        anchor = AnchorOut(
            version_id=claim.version_id,
            document_slug=version.document.slug if version else None,
            section=claim.section.title if claim.section else None,
            exact=claim.quote_exact,
            prefix=claim.quote_prefix,
            suffix=claim.quote_suffix,
            start=claim.start_offset,
            end=claim.end_offset if claim.end_offset is not None else claim.start_offset,
        )
    return ClaimOut(
        id=claim.id,
        text=claim.text,
        claim_type=claim.claim_type,
        checkable=claim.checkable,
        speaker=claim.speaker,
        speaker_description=claim.speaker_description,
        claimed_on=claim.claimed_on,
        appearance_url=claim.appearance_url,
        context=claim.context,
        priority=claim.priority,
        status=claim.status,
        verdict=verdict.label.label if verdict else None,
        verdict_scale=verdict.label.scale.name if verdict else None,
        tags=[t.tag for t in claim.tags],
        quantities=[QuantityOut.model_validate(q) for q in claim.quantities],
        anchor=anchor,
        archived_at=claim.archived_at,
        external_id=claim.external_id,
        created_at=claim.created_at,
        updated_at=claim.updated_at,
        version=claim.version,
    )


def resolve_anchor(uow: UnitOfWork, anchor: AnchorIn) -> tuple[DocumentVersion, dict[str, object]]:
    """Check an anchor against its version's text; the claim columns it sets.

    A quote that is not at its offsets is refused with where it does occur,
    so the caller can fix the offsets.
    """
    from claimdb.analysis import anchors  # not at start-up: a read never anchors

    version = uow.session.get(DocumentVersion, anchor.version_id)
    if version is None:
        raise NotFound(f"no document version {anchor.version_id}")
    text = version.text
    if anchor.end > len(text):
        raise InvalidInput(
            "anchor outside the document",
            problems=[
                Problem(f"end {anchor.end} is past the end of the text ({len(text)})", "anchor.end")
            ],
        )
    exact = text[anchor.start : anchor.end]
    if anchor.quote is not None and exact != anchor.quote:
        found = anchors.spans(text, anchor.quote)
        where = (
            f"it occurs at {found[0][0]}-{found[0][1]}"
            if found
            else anchors.describe_miss(text, anchor.quote)
        )
        raise InvalidInput(
            "quote not found at its offsets",
            problems=[
                Problem(
                    f"{anchor.quote!r} is not at {anchor.start}-{anchor.end} "
                    f"(the text there is {exact!r}); {where}",
                    "anchor.quote",
                )
            ],
        )
    sections = repo.sections_containing(uow.session, version.id, anchor.start)
    return version, {
        "version_id": version.id,
        "section_id": sections[-1].id if sections else None,
        "quote_exact": exact,
        "quote_prefix": text[max(0, anchor.start - CONTEXT_CHARS) : anchor.start],
        "quote_suffix": text[anchor.end : anchor.end + CONTEXT_CHARS],
        "start_offset": anchor.start,
        "end_offset": anchor.end,
    }


def add_claim(
    uow: UnitOfWork,
    *,
    actor: str | None,
    data: ClaimIn,
    placement: PlacementIn | None = None,
    anyway: bool = False,
    same_as: int | None = None,
) -> ClaimAdded:
    """Add a claim, anchored by ``data.anchor`` or by ``placement`` in a document's latest text.

    Checked before? A stored claim that states the same (the matcher's tier
    "same") stops the add with AlreadyExists naming it, unless ``anyway``, or
    ``same_as`` names the claim this one repeats (it is added and linked). The
    claims it resembles come back in ``similar``.
    """
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    if placement is not None:
        if data.anchor is not None:
            raise InvalidInput("give an anchor or a placement, not both")
        anchor = locate_anchor(
            uow,
            document=placement.document,
            start=placement.start,
            end=placement.end,
            quote=placement.quote,
        )
        data = data.model_copy(update={"anchor": anchor})
    found = matching.find_matches(uow, query=MatchQuery(text=data.text, limit=5))
    same = next((m for m in found if m.tier == "same"), None)
    if same is not None and same_as is None and not anyway:
        verdict = same.verdict_title or same.verdict or "no verdict yet"
        raise AlreadyExists(
            f"claim {same.claim_id} already says this (score {same.score:.2f}; "
            f"{same.status.value}, {verdict}): {same.text}",
            existing_id=same.claim_id,
            hint=f"add it as a repeat of claim {same.claim_id} with --same-as {same.claim_id}, "
            "or as a claim of its own with --anyway",
        )
    claim = create_claim(uow, by=by, data=data)
    if same_as is not None:
        matching.create_link(
            uow, by=by, data=LinkIn(claim_id=claim.id, other_id=same_as, kind=LinkKind.SAME)
        )
    similar = [m for m in found if m.tier != "none"]
    out = to_out(claim).model_dump()
    if same_as is not None:
        original = matching.original_of(uow, claim.id)
        out["same_as"] = same_as
        out["same_as_verdict"] = original.verdict if original else None
    return ClaimAdded(**out, similar=similar)


def create_claim(
    uow: UnitOfWork,
    *,
    by: Person,
    data: ClaimIn,
    version_id: int | None = None,
    origin: dict[str, Any] | None = None,
) -> Claim:
    """Create a claim as ``by`` (already checked); the shared path of add, import and seed.

    ``version_id`` files an unanchored claim under a document version (an
    import's ``--doc``); an anchor sets its own. ``origin``: where the claim came
    from when a program proposed it (`extract accept`: the candidate and its
    scorer), kept in the ``created`` event.
    """
    if data.external_id and repo.claim_by_external_id(uow.session, data.external_id):
        existing = repo.claim_by_external_id(uow.session, data.external_id)
        raise AlreadyExists(
            f"a claim with external id {data.external_id!r} already exists",
            existing_id=existing.id if existing else None,
        )
    anchor_columns: dict[str, object] = {"version_id": version_id} if version_id else {}
    if data.anchor is not None:
        _, anchor_columns = resolve_anchor(uow, data.anchor)
    claim = Claim(
        text=data.text,
        claim_type=data.claim_type,
        checkable=data.checkable,
        speaker=data.speaker,
        speaker_description=data.speaker_description,
        claimed_on=data.claimed_on,
        appearance_url=data.appearance_url,
        context=data.context,
        priority=data.priority,
        external_id=data.external_id,
        created_by_id=by.id,
        **anchor_columns,
    )
    claim.content_key = identity.claim_content_key(
        data.text, data.speaker, claim.version_id, claim.start_offset
    )
    claim.tags = [ClaimTag(tag=t) for t in dict.fromkeys(data.tags)]
    claim.quantities = [
        Quantity(ordinal=i, **q.model_dump()) for i, q in enumerate(data.quantities, 1)
    ]
    uow.session.add(claim)
    uow.flush()
    anchor = None
    if claim.start_offset is not None:
        anchor = {
            "version_id": claim.version_id,
            "start": claim.start_offset,
            "end": claim.end_offset,
        }
    after = created_payload(
        data, status=claim.status, tags=[t.tag for t in claim.tags], anchor=anchor
    )
    if origin is not None:
        after["origin"] = origin
    events.record_on_claim(uow, actor=by, claim=claim, action="created", after=after)
    return claim


def created_payload(
    data: ClaimIn, *, status: ClaimStatus, tags: list[str], anchor: dict[str, Any] | None
) -> dict[str, Any]:
    """The ``after`` of a claim's ``created`` event (the per-record and bulk paths alike)."""
    after = {f: events.jsonable(getattr(data, f)) for f in ("text", *EDITABLE[1:])}
    after["status"] = status.value
    after["external_id"] = data.external_id
    after["tags"] = tags
    if anchor is not None:
        after["anchor"] = anchor
    return after


def check_version(claim: Claim, expected: int | None) -> None:
    """Refuse an edit made against an older version of the claim."""
    if expected is not None and expected != claim.version:
        raise EditConflict(
            f"claim {claim.id} is at version {claim.version}, but your edit was made "
            f"against version {expected}",
            hint=f"see what changed with `claimdb history {claim.id}`, then run your "
            f"command again with --if-version {claim.version}",
            record_id=claim.id,
            read_version=expected,
        )


def claim_version(uow: UnitOfWork, *, claim_id: int) -> int:
    """The claim's current version counter (what ``--if-version`` compares with)."""
    return get_claim(uow, claim_id).version


def edit_claim(uow: UnitOfWork, *, actor: str | None, claim_id: int, patch: ClaimPatch) -> ClaimOut:
    """Change a claim's fields, guarded by its version counter (optimistic locking).

    ``patch.expected_version`` refuses the edit when the claim has moved on
    since the caller read it; a concurrent edit committed between this
    function's read and its write is refused too (run it in an optimistic
    unit of work for that to hold on SQLite). Both raise EditConflict with
    the claim id and the version the edit was made against. Changing the text
    of a decided claim reopens it.
    """
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    claim = get_claim(uow, claim_id)
    read_version = claim.version
    check_version(claim, patch.expected_version)
    changes = patch.model_dump(exclude_unset=True, exclude={"expected_version", "quantities"})
    quantities = patch.quantities if "quantities" in patch.model_fields_set else None
    if not changes and quantities is None:
        raise InvalidInput("nothing to change", hint="give at least one field to edit")
    numbers_before = _quantities_json(claim)
    numbers_after = [q.model_dump(mode="json") for q in quantities or []]
    renumbered = quantities is not None and numbers_after != numbers_before
    if renumbered:
        claim.quantities = []
        uow.flush()  # the old rows go first: (claim_id, ordinal) is unique
    before = events.snapshot(claim, changes)
    for name, value in changes.items():
        setattr(claim, name, value)
    before, after = events.changed(before, events.snapshot(claim, changes))
    if renumbered:
        claim.quantities = [
            Quantity(ordinal=i, **q.model_dump()) for i, q in enumerate(quantities or [], 1)
        ]
        claim.updated_at = datetime.now(UTC)  # a new version of the claim, as for its own fields
        before["quantities"], after["quantities"] = numbers_before, numbers_after
    if not after:
        return to_out(claim)
    try:
        # The UPDATE checks the version counter: a concurrent edit fails here, before
        # anything else is written (recording the event reads the log's chain head, and
        # that query's autoflush would otherwise meet the conflict first, unnamed).
        uow.flush()
    except EditConflict:
        raise EditConflict(
            f"claim {claim_id} was changed by someone else while your edit was being saved "
            f"(your edit was made against version {read_version})",
            hint=f"see what changed with `claimdb history {claim_id}`, then run your command again",
            record_id=claim_id,
            read_version=read_version,
        ) from None
    events.record_on_claim(
        uow,
        actor=by,
        claim=claim,
        action="edited",
        before=before,
        after=after,
    )
    if "text" in after:
        workflow.reopen_if_decided(uow, by=by, claim=claim, reason="text changed")
    return to_out(claim)


def _quantities_json(claim: Claim) -> list[dict[str, object]]:
    return [QuantityOut.model_validate(q).model_dump(mode="json") for q in claim.quantities]


def tag_claim(
    uow: UnitOfWork, *, actor: str | None, claim_id: int, tags: TagsIn, remove: bool = False
) -> ClaimOut:
    """Add tags to a claim, or remove them (``remove=True``); unchanged tags are left alone.

    Removing a tag the claim does not have is refused, naming the tags it has.
    """
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    claim = get_claim(uow, claim_id)
    current = [t.tag for t in claim.tags]
    wanted = list(dict.fromkeys(tags.tags))
    if remove:
        missing = [t for t in wanted if t not in current]
        if missing:
            raise InvalidInput(
                f"claim {claim_id} has no tag {', '.join(missing)} "
                f"(its tags: {', '.join(current) or 'none'})"
            )
        claim.tags = [t for t in claim.tags if t.tag not in wanted]
    else:
        claim.tags.extend(ClaimTag(tag=t) for t in wanted if t not in current)
    after = sorted(t.tag for t in claim.tags)
    if after != sorted(current):
        events.record_on_claim(
            uow,
            actor=by,
            claim=claim,
            action="untagged" if remove else "tagged",
            before={"tags": sorted(current)},
            after={"tags": after},
        )
        uow.flush()
        uow.session.refresh(claim, ["tags"])  # reloaded in tag order
    return to_out(claim)


def archive_claim(
    uow: UnitOfWork,
    *,
    actor: str | None,
    claim_id: int,
    reason: str | None,
    restore: bool = False,
) -> ClaimOut:
    """Hide a claim from lists, the review queue and the dashboard, without deleting it.

    ``restore=True`` brings an archived claim back. Both are logged, archiving
    with its (required) reason, restoring with the reason when one is given.
    """
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    reason = reason.strip() if reason and reason.strip() else None
    if reason is None and not restore:
        raise InvalidInput("archiving needs a reason", hint="pass --reason TEXT")
    claim = get_claim(uow, claim_id)
    archived = claim.archived_at is not None
    if archived != restore:
        state = "archived" if archived else "not archived"
        raise WorkflowRefused(
            f"claim {claim_id} is {state}"
            + (f" (since {claim.archived_at:%Y-%m-%d})" if claim.archived_at else ""),
            hint=f"`claimdb claim archive {claim_id} --restore` brings it back"
            if archived
            else None,
        )
    before = events.snapshot(claim, ("archived_at",))
    claim.archived_at = None if restore else datetime.now(UTC)
    events.record_on_claim(
        uow,
        actor=by,
        claim=claim,
        action="restored" if restore else "archived",
        before=before,
        after=events.snapshot(claim, ("archived_at",)),
        reason=reason,
    )
    uow.flush()
    return to_out(claim)


def locate_anchor(
    uow: UnitOfWork,
    *,
    document: str,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
) -> AnchorIn:
    """An anchor in the latest version of ``document``, from offsets or a quote.

    A quote alone must occur exactly once; typographic and straight quotation
    marks, and runs of white space, count as the same. A quote that occurs
    several times, or nowhere, is refused with where it occurs (or does not).
    """
    from claimdb.analysis import anchors
    from claimdb.services.documents import get_document

    doc = get_document(uow, document)
    version = repo.latest_version(uow.session, doc.id)
    if version is None:
        raise InvalidInput(f"document {doc.slug!r} has no text to anchor a claim in")
    if (start is None) != (end is None):
        raise InvalidInput("give both --start and --end, or --quote alone")
    if start is not None and end is not None and end > len(version.text):
        raise InvalidInput(
            f"--end {end} is past the end of {doc.slug} ({len(version.text)} characters)"
        )
    if start is not None and end is not None:
        return AnchorIn(version_id=version.id, start=start, end=end, quote=quote)
    if not quote or not quote.strip():
        raise InvalidInput(
            "a claim in a document needs its position",
            hint='pass --quote "the exact words" or --start N --end M',
        )
    text = version.text
    spans = anchors.spans(text, quote) or anchors.loose_spans(text, quote)
    if not spans:
        raise InvalidInput(
            f"{quote!r} does not occur in {doc.slug} (version {version.number})",
            problems=[Problem(anchors.describe_miss(text, quote), field="quote")],
            hint="copy the words from the document, or give --start N --end M",
        )
    if len(spans) > 1:
        where = ", ".join(f"{a}-{b}" for a, b in spans[:10])
        raise InvalidInput(
            f"{quote!r} occurs {len(spans)} times in {doc.slug} (at {where})",
            hint="quote more words so that they occur once, or give --start N --end M",
        )
    a, b = spans[0]
    return AnchorIn(version_id=version.id, start=a, end=b)
