"""The two write paths of ingest (per record through the ORM, batched through Core) agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from claimdb.db.uow import UnitOfWork
from claimdb.enums import ImportFormat
from claimdb.formats.reading import records
from claimdb.schemas.imports import ImportRequest
from claimdb.services import people
from claimdb.services.ingest import ingest
from claimdb.services.permissions import Permission

TABLES = {
    "claims": "text, claim_type, checkable, speaker, speaker_description, claimed_on, "
    "appearance_url, context, priority, status, external_id, content_key, version, "
    "current_verdict_id IS NOT NULL",
    "claim_tags": "claim_id, tag",
    "quantities": "claim_id, ordinal, value, unit, measure, qualifier",
    "citations": "claim_id, source_id, kind, stance, quote, locator",
    "verdicts": "claim_id, label_id, rationale, forced, force_reason, review_url",
    "sources": "title, url, url_normalized, csl_type, doi, publisher, issued, container_title, "
    "accessed, reliability, link_status, note, external_id, created_by_id, CAST(authors AS TEXT)",
}


def _ingest(url: str, fixtures: Path, **options: Any) -> None:
    with UnitOfWork(url) as uow, (fixtures / "roundtrip.jsonl").open("rb") as stream:
        by = people.resolve_actor(uow, "fiona", Permission.IMPORT)
        request = ImportRequest(
            fmt=ImportFormat.JSONL, origin="roundtrip.jsonl", batch_size=2, **options
        )
        ingest(uow, by=by, records=records(stream, request), request=request)


def _snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    with UnitOfWork(url) as uow:
        return {
            table: [
                tuple(r)
                for r in uow.session.execute(text(f"SELECT {cols} FROM {table} ORDER BY {cols}"))
            ]
            for table, cols in TABLES.items()
        }


def _events(url: str) -> list[tuple[Any, ...]]:
    with UnitOfWork(url) as uow:
        rows = uow.session.execute(
            text(
                'SELECT entity, entity_id, claim_id, action, "before", "after", reason '
                "FROM events WHERE action <> 'created' OR entity <> 'person' ORDER BY id"
            )
        )
        return [
            (
                e,
                i,
                c,
                a,
                json.loads(b) if isinstance(b, str) else b,
                json.loads(f) if isinstance(f, str) else f,
                r,
            )
            for e, i, c, a, b, f, r in rows
        ]


def test_bulk_and_per_record_paths_write_the_same_rows(
    two_desks: list[str], fixtures: Path
) -> None:
    """Claims, tags, quantities, citations, verdicts, sources and versions: identical from both paths."""
    orm, core = two_desks
    _ingest(orm, fixtures, bulk=False)
    _ingest(core, fixtures, bulk=True)
    assert _snapshot(orm) == _snapshot(core)
    assert len(_snapshot(core)["claims"]) == 5


def test_bulk_per_claim_events_match_the_per_record_events(
    two_desks: list[str], fixtures: Path
) -> None:
    """With per-claim events, the batched path logs the same events (sources first within a batch)."""
    orm, core = two_desks
    _ingest(orm, fixtures, bulk=False)
    _ingest(core, fixtures, bulk=True, per_claim_events=True)

    def key(e: tuple[Any, ...]) -> str:
        return json.dumps(e, sort_keys=True)

    assert sorted(_events(orm), key=key) == sorted(_events(core), key=key)
    assert len(_events(core)) == 5 + 3 + 3 + 4 + 4  # claims, sources, citations, verdicts, statuses


def test_bulk_default_logs_one_event_per_batch(two_desks: list[str], fixtures: Path) -> None:
    """By default the batched path logs one `imported` event per batch, naming its claim ids."""
    _, core = two_desks
    _ingest(core, fixtures, bulk=True)
    imported = [e for e in _events(core) if e[3] == "imported"]
    assert [e[5]["claim_ids"] for e in imported] == [[[1, 2]], [[3, 4]], [[5, 5]]]
    assert [e[5]["count"] for e in imported] == [2, 2, 1]
    assert imported[0][5]["statuses"] == {"disputed": 1, "verified": 1}
