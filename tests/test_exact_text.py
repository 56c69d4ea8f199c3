"""Document texts and quotes are stored exactly as given: anchors and hashes depend on it."""

from __future__ import annotations

from collections.abc import Callable

from claimdb.db.uow import UnitOfWork
from claimdb.schemas.claims import AnchorIn
from claimdb.schemas.documents import DocumentIn, DocumentVersionIn
from claimdb.schemas.records import Position
from claimdb.services import documents, people

TEXT = "  Indented title\nBody line.\n"


def test_schemas_keep_surrounding_white_space() -> None:
    """A text or a quote keeps its leading and trailing white space (no silent strip)."""
    assert DocumentVersionIn(text=TEXT).text == TEXT
    assert AnchorIn(version_id=1, start=0, end=3, quote=" a\n").quote == " a\n"
    assert Position(start=0, end=3, quote=" a\n").quote == " a\n"


def test_stored_version_is_byte_identical(uow_factory: Callable[[], UnitOfWork]) -> None:
    """The stored version's text and content hash are those of the text given, final newline included."""
    with uow_factory() as uow:
        by = people.system_actor(uow)
        doc = documents.create_document(uow, by=by, data=DocumentIn(slug="exact", title="T"))
        version, created = documents.add_version(
            uow, by=by, document=doc, data=DocumentVersionIn(text=TEXT)
        )
        assert created
        version_id = version.id
    with uow_factory() as uow:
        stored = documents.get_document(uow, "exact").versions[0]
        assert stored.id == version_id
        assert stored.text == TEXT
        assert stored.content_hash == documents.content_hash(TEXT)
