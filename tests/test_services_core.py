"""Core write services: people and roles, documents, anchored claims, sources, evidence, events."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from claimdb.db.models import Event
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind, FlagReason, NoteKind, Role, Stance
from claimdb.errors import AlreadyExists, InvalidInput, NotFound, PermissionDenied
from claimdb.schemas.claims import AnchorIn, ClaimIn, QuantityIn
from claimdb.schemas.documents import DocumentIn, DocumentVersionIn, SectionIn
from claimdb.schemas.evidence import CitationIn
from claimdb.schemas.people import PersonIn
from claimdb.schemas.review import FlagIn, NoteIn
from claimdb.schemas.sources import SourceIn
from claimdb.services import citations, claims, documents, flags, notes, people, sources
from claimdb.services.permissions import Permission

UowFactory = Callable[[], UnitOfWork]

TEXT = "Report title\nIntro\nBy 2025, Russia spent 3.2 trillion rubles ($37 billion) on debt.\nPart two\nMore text here."


def _document(uow: UnitOfWork) -> int:
    by = people.resolve_actor(uow, "fiona", Permission.WRITE_CLAIMS)
    doc = documents.create_document(uow, by=by, data=DocumentIn(slug="r", title="Report title"))
    version, created = documents.add_version(
        uow,
        by=by,
        document=doc,
        data=DocumentVersionIn(
            text=TEXT,
            sections=[
                SectionIn(title="Intro", level=1, start=13),
                SectionIn(title="Part two", level=1, start=TEXT.index("Part two")),
            ],
        ),
    )
    assert created
    return version.id


def test_first_person_bootstraps_as_admin(uow_factory: UowFactory) -> None:
    """An empty desk accepts its first admin without an actor, and only an admin."""
    with pytest.raises(PermissionDenied, match="must be an admin"), uow_factory() as uow:
        people.add_person(uow, actor=None, data=PersonIn(name="x", role=Role.EDITOR))
    with uow_factory() as uow:
        people.add_person(uow, actor=None, data=PersonIn(name="root", role=Role.ADMIN))
    with pytest.raises(Exception, match="who is acting"), uow_factory() as uow:
        people.add_person(uow, actor=None, data=PersonIn(name="y", role=Role.EDITOR))


@pytest.mark.parametrize(
    ("actor", "error", "message"),
    [
        (None, InvalidInput, "who is acting"),
        ("nobody", NotFound, "unknown person 'nobody'"),
        ("anna", PermissionDenied, "anna is an analyst"),
        ("claimdb", NotFound, "unknown person"),
    ],
)
def test_writes_need_a_known_permitted_actor(
    uow_factory: UowFactory,
    desk: dict[str, str],
    actor: str | None,
    error: type[Exception],
    message: str,
) -> None:
    """Missing, unknown, reserved and read-only actors are refused, and nothing is written."""
    with pytest.raises(error, match=message), uow_factory() as uow:
        claims.add_claim(uow, actor=actor, data=ClaimIn(text="A claim"))
    with uow_factory() as uow:
        assert uow.session.scalars(select(Event).where(Event.entity == "claim")).all() == []


def test_anchored_claim_keeps_quote_context_and_section(
    uow_factory: UowFactory, desk: dict[str, str]
) -> None:
    """An anchor is verified against the text and stores prefix, suffix and section."""
    with uow_factory() as uow:
        version_id = _document(uow)
        start = TEXT.index("3.2 trillion rubles")
        out = claims.add_claim(
            uow,
            actor="fiona",
            data=ClaimIn(
                text="Russia spent 3.2 trillion rubles on debt servicing in 2025.",
                claim_type="statistic",
                tags=["Sanctions", "sanctions"],
                quantities=[
                    QuantityIn(value=3.2e12, unit="RUB", measure="debt servicing", period="2025")
                ],
                anchor=AnchorIn(
                    version_id=version_id, start=start, end=start + 19, quote="3.2 trillion rubles"
                ),
            ),
        )
    assert out.anchor is not None
    assert out.anchor.exact == "3.2 trillion rubles"
    assert out.anchor.section == "Intro"
    assert out.anchor.prefix == TEXT[start - 32 : start]
    assert out.anchor.suffix == TEXT[start + 19 : start + 51]
    assert out.tags == ["sanctions"]
    assert out.quantities[0].value == 3.2e12


def test_misplaced_quote_is_refused_with_its_real_offsets(
    uow_factory: UowFactory, desk: dict[str, str]
) -> None:
    """A quote not at its offsets names where it does occur."""
    with uow_factory() as uow:
        version_id = _document(uow)
    real = TEXT.index("$37 billion")
    with pytest.raises(InvalidInput) as err, uow_factory() as uow:
        claims.add_claim(
            uow,
            actor="fiona",
            data=ClaimIn(
                text="t",
                anchor=AnchorIn(version_id=version_id, start=0, end=11, quote="$37 billion"),
            ),
        )
    assert f"occurs at {real}-{real + 11}" in str(err.value)


def test_same_text_is_not_a_new_version(uow_factory: UowFactory, desk: dict[str, str]) -> None:
    """Adding identical text to a document returns the existing version."""
    with uow_factory() as uow:
        _document(uow)
        by = people.resolve_actor(uow, "fiona", Permission.WRITE_CLAIMS)
        doc = documents.get_document(uow, "r")
        version, created = documents.add_version(
            uow, by=by, document=doc, data=DocumentVersionIn(text=TEXT)
        )
        assert (version.number, created) == (1, False)
        version2, created2 = documents.add_version(
            uow, by=by, document=doc, data=DocumentVersionIn(text=TEXT + "!")
        )
        assert (version2.number, created2) == (2, True)
        assert [v.number for v in doc.versions] == [1, 2]


def test_sections_nest_by_level() -> None:
    """Headings out of place are refused before anything is stored."""
    with pytest.raises(ValidationError, match="not at offset 3"):
        DocumentVersionIn(text="abc Intro", sections=[SectionIn(title="Intro", level=1, start=3)])


@pytest.mark.parametrize(
    "url", ["ftp://example.org/file", "example.org/page", "javascript:alert(1)", "https:///nohost"]
)
def test_sources_accept_only_http_urls(url: str) -> None:
    """Anything but an absolute http(s) URL is reported clearly."""
    with pytest.raises(ValidationError, match="http"):
        SourceIn(title="t", url=url)


def test_duplicate_sources_are_detected_by_normalised_url_and_doi(
    uow_factory: UowFactory, desk: dict[str, str]
) -> None:
    """The same page under another spelling, or the same DOI, offers the existing source."""
    with uow_factory() as uow:
        first = sources.add_source(
            uow,
            actor="fiona",
            data=SourceIn(
                title="Yale CELI list", url="https://www.yale.edu/list/?utm_source=x&b=2#top"
            ),
        )
        paper = sources.add_source(
            uow, actor="fiona", data=SourceIn(title="Paper", doi="https://doi.org/10.1000/ABC")
        )
    with pytest.raises(AlreadyExists) as err, uow_factory() as uow:
        sources.add_source(
            uow, actor="fiona", data=SourceIn(title="again", url="http://yale.edu/list?b=2")
        )
    assert err.value.existing_id == first.id
    with pytest.raises(AlreadyExists) as err, uow_factory() as uow:
        sources.add_source(uow, actor="fiona", data=SourceIn(title="again", doi="doi:10.1000/abc"))
    assert err.value.existing_id == paper.id


def test_citation_note_flag_and_their_events(uow_factory: UowFactory, desk: dict[str, str]) -> None:
    """Evidence, notes and flags are recorded with who did it, and each change is logged."""
    with uow_factory() as uow:
        claim = claims.add_claim(uow, actor="fiona", data=ClaimIn(text="A claim"))
        src = sources.add_source(
            uow, actor="fiona", data=SourceIn(title="Budget", url="https://minfin.example/b")
        )
        cit = citations.cite(
            uow,
            actor="fiona",
            data=CitationIn(
                claim_id=claim.id,
                source_id=src.id,
                stance=Stance.SUPPORTS,
                quote="3.2 trn",
                locator="p. 4",
            ),
        )
        q = notes.add_note(
            uow,
            actor="fiona",
            data=NoteIn(claim_id=claim.id, body="Which year?", kind=NoteKind.QUERY),
        )
        notes.add_note(
            uow,
            actor="eddie",
            data=NoteIn(claim_id=claim.id, body="2025", kind=NoteKind.ANSWER, reply_to=q.id),
        )
        flag = flags.raise_flag(
            uow, actor="fiona", data=FlagIn(claim_id=claim.id, reason=FlagReason.NEEDS_SOURCE)
        )
        citations.uncite(uow, actor="eddie", citation_id=cit.id, reason="wrong table")
    assert cit.added_by == "fiona"
    assert cit.kind is CitationKind.EVIDENCE
    assert flag.raised_by == "fiona"
    assert flag.resolved_at is None
    with uow_factory() as uow:
        log = [
            (e.actor.name, e.entity.value, e.action)
            for e in uow.session.scalars(
                select(Event).where(Event.claim_id == claim.id).order_by(Event.id)
            )
        ]
        deleted = uow.session.scalars(select(Event).where(Event.action == "deleted")).one()
        assert deleted.before is not None
        assert deleted.before["quote"] == "3.2 trn"
        assert deleted.reason == "wrong table"
    assert log == [
        ("fiona", "claim", "created"),
        ("fiona", "citation", "created"),
        ("fiona", "claim", "status_changed"),  # the first citation starts the work
        ("fiona", "note", "created"),
        ("eddie", "note", "created"),
        ("fiona", "flag", "raised"),
        ("eddie", "citation", "deleted"),
    ]


def test_evidence_needs_a_stance() -> None:
    """A checker's citation without a stance is refused; the report's own may omit it."""
    with pytest.raises(ValidationError, match="stance"):
        CitationIn(claim_id=1, source_id=1)
    assert CitationIn(claim_id=1, source_id=1, kind=CitationKind.REPORT).stance is None


def test_reply_must_belong_to_the_same_claim(uow_factory: UowFactory, desk: dict[str, str]) -> None:
    """A reply to a note on another claim is refused."""
    with uow_factory() as uow:
        a = claims.add_claim(uow, actor="fiona", data=ClaimIn(text="A"))
        b = claims.add_claim(uow, actor="fiona", data=ClaimIn(text="B"))
        note = notes.add_note(uow, actor="fiona", data=NoteIn(claim_id=a.id, body="hi"))
    with pytest.raises(InvalidInput, match="belongs to claim"), uow_factory() as uow:
        notes.add_note(uow, actor="fiona", data=NoteIn(claim_id=b.id, body="re", reply_to=note.id))
