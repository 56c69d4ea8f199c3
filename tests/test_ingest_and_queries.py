"""The shared ingest path (idempotent, all-or-nothing, located errors) and the claim filter."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from claimdb.db.models import Claim, Source
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind, ClaimStatus, FlagReason, Stance
from claimdb.errors import InvalidInput
from claimdb.schemas.claims import ClaimIn
from claimdb.schemas.documents import DocumentIn, DocumentVersionIn, SectionIn
from claimdb.schemas.filters import ClaimFilter, ClaimSort
from claimdb.schemas.imports import ImportRequest
from claimdb.schemas.records import CitationRecord, ClaimRecord, FlagRecord, NoteRecord, Position
from claimdb.schemas.sources import SourceIn
from claimdb.services import documents, people
from claimdb.services.ingest import ingest
from claimdb.services.permissions import Permission
from claimdb.services.queries import count_claims, find_claims

UowFactory = Callable[[], UnitOfWork]

TEXT = "Title\nMoney\nRussia diverts 3.2 trillion rubles to debt.\nTrade\nCanada and Mexico account for 40% of U.S. trade."


def _records() -> list[ClaimRecord]:
    yale = SourceIn(csl_type="report", title="2025 Yale survey")
    return [
        ClaimRecord(
            claim=ClaimIn(
                text="Russia diverts 3.2 trillion rubles to debt servicing.",
                claim_type="statistic",
                tags=["sanctions"],
                priority=1,
                external_id="t:1",
            ),
            document="r",
            position=Position(
                start=TEXT.index("3.2"), end=TEXT.index("3.2") + 19, quote="3.2 trillion rubles"
            ),
            citations=[CitationRecord(source=yale, kind=CitationKind.REPORT, quote="a survey")],
            notes=[NoteRecord(body="Which year?")],
            flags=[FlagRecord(reason=FlagReason.NEEDS_SOURCE)],
            line=3,
        ),
        ClaimRecord(
            claim=ClaimIn(
                text="Canada and Mexico account for 40% of U.S. trade.",
                claim_type="statistic",
                speaker="Trade office",
                external_id="t:2",
            ),
            document="r",
            position=Position(start=TEXT.index("Canada"), end=len(TEXT) - 1),
            citations=[
                CitationRecord(source=yale, kind=CitationKind.REPORT),
                CitationRecord(
                    source=SourceIn(title="Census", url="https://census.gov/trade"),
                    stance=Stance.SUPPORTS,
                    quote="40.3%",
                ),
            ],
            line=9,
        ),
        ClaimRecord(
            claim=ClaimIn(
                text="Opinion without a document.", claim_type="opinion", checkable=False
            ),
            line=15,
        ),
    ]


def _setup(uow: UnitOfWork) -> None:
    by = people.resolve_actor(uow, "fiona", Permission.WRITE_CLAIMS)
    doc = documents.create_document(uow, by=by, data=DocumentIn(slug="r", title="Title"))
    documents.add_version(
        uow,
        by=by,
        document=doc,
        data=DocumentVersionIn(
            text=TEXT,
            sections=[
                SectionIn(title="Money", level=1, start=6),
                SectionIn(title="Trade", level=1, start=TEXT.index("Trade")),
            ],
        ),
    )


def _ingest(uow: UnitOfWork, records: list[ClaimRecord]) -> tuple[int, int]:
    by = people.resolve_actor(uow, "fiona", Permission.IMPORT)
    report = ingest(uow, by=by, records=records, request=ImportRequest(origin="claims.yaml"))
    return report.created, report.unchanged


def test_ingest_is_idempotent_and_shares_sources(
    uow_factory: UowFactory, desk: dict[str, str]
) -> None:
    """Loading twice changes nothing; a URL-less source named twice is stored once."""
    with uow_factory() as uow:
        _setup(uow)
        assert _ingest(uow, _records()) == (3, 0)
    with uow_factory() as uow:
        assert _ingest(uow, _records()) == (0, 3)
        assert uow.session.scalar(select(func.count()).select_from(Claim)) == 3
        assert uow.session.scalar(select(func.count()).select_from(Source)) == 2


def test_ingest_error_names_file_line_and_field_and_writes_nothing(
    uow_factory: UowFactory, desk: dict[str, str]
) -> None:
    """A bad quote in the second record: nothing is stored, the error says where."""
    with uow_factory() as uow:
        _setup(uow)
    records = _records()
    bad = records[1].model_copy(update={"position": Position(start=0, end=5, quote="Canada")})
    with pytest.raises(InvalidInput) as err, uow_factory() as uow:
        _ingest(uow, [records[0], bad])
    assert "claims.yaml:9: anchor.quote: 'Canada' is not at 0-5" in str(err.value)
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Claim)) == 0


def test_claim_filter(uow_factory: UowFactory, desk: dict[str, str]) -> None:
    """Each filter narrows the list as documented, on both backends."""
    with uow_factory() as uow:
        _setup(uow)
        _ingest(uow, _records())

    def ids(**kw: object) -> list[str | None]:
        with uow_factory() as uow:
            return [c.external_id for c in find_claims(uow, where=ClaimFilter(**kw))]

    assert ids() == ["t:1", "t:2", None], "by priority, then id"
    assert ids(sort=ClaimSort.ID) == ["t:1", "t:2", None]
    assert ids(sort=ClaimSort.ID, descending=True) == [None, "t:2", "t:1"]
    assert ids(document="r", sort=ClaimSort.POSITION) == ["t:1", "t:2"]
    assert ids(section="trade") == ["t:2"]
    assert ids(text="rubles") == ["t:1"]
    assert ids(text="mexic*") == ["t:2"], "a word ending in * matches as a prefix"
    assert ids(text="mexic") == [], "a complete word is matched whole (docs/search.md)"
    with pytest.raises(InvalidInput, match='a phrase opened with " is not closed'):
        ids(text='AND "OR')  # a query that cannot mean anything is refused, not searched
    assert ids(unsupported=True, sort=ClaimSort.ID) == ["t:1"]
    assert ids(unsupported=False, sort=ClaimSort.ID) == ["t:2", None]
    assert ids(flagged=True) == ["t:1"]
    assert ids(tags=["sanctions"]) == ["t:1"]
    assert ids(speaker="trade") == ["t:2"]
    assert ids(checkable=False) == [None]
    assert ids(claim_types=["statistic"], max_priority=1) == ["t:1"]
    assert ids(statuses=[ClaimStatus.VERIFIED]) == []
    assert ids(sort=ClaimSort.ID, limit=1, offset=1) == ["t:2"]
    with uow_factory() as uow:
        assert count_claims(uow, where=ClaimFilter(limit=1)) == 3
