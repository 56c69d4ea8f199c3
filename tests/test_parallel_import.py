"""A large file is read and checked in a worker process: the same rows, errors and events."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from claimdb.db.uow import UnitOfWork
from claimdb.enums import ImportFormat
from claimdb.errors import InvalidInput
from claimdb.formats import records as parsed
from claimdb.formats import worker as parallel
from claimdb.schemas.documents import DocumentIn, DocumentVersionIn
from claimdb.schemas.imports import ImportRequest
from claimdb.services import documents, people
from claimdb.services.importing import import_file
from claimdb.services.permissions import Permission
from conftest import CLI
from test_ingest_paths import _events, _snapshot

HEADER = [
    "external_id",
    "text",
    "claim_type",
    "checkable",
    "speaker",
    "claimed_on",
    "tags",
    "priority",
    "quantities",
    "verdict",
    "verdict_rationale",
    "source_url",
    "stance",
]


def _rows() -> list[list[str]]:
    rows = []
    for i in range(1, 41):
        rows.append(
            [
                f"w:{i}" if i % 3 else "",  # every third row: identified by its content
                f"Claim number {i} says   the budget grew by {i}%.",
                ["statistic", "event", "quote", "other"][i % 4],
                "no" if i % 7 == 0 else "yes",
                f"Speaker {i % 5}" if i % 2 else "",
                f"2024-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}" if i % 4 else "",
                ("Budget;City Hall;budget" if i % 6 == 1 else "budget;city;budget")
                if i % 2
                else "",
                str((i % 5) + 1),
                '[{"value": 12, "unit": "%", "measure": "growth"}]' if i % 10 == 0 else "",
                "mostly-true" if i % 8 == 0 else "",
                "The accounts agree." if i % 8 == 0 else "",
                f"https://example.org/accounts/{i}" if i % 8 == 0 else "",
                "supports" if i % 8 == 0 else "",
            ]
        )
    rows.append(list(rows[2]))  # the same claim again, by content
    rows.append(list(rows[3]))  # and by external id
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADER)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def _import(url: str, data: bytes, **options: Any) -> Any:
    with UnitOfWork(url) as uow:
        return import_file(
            uow,
            actor="fiona",
            stream=io.BytesIO(data),
            request=ImportRequest(
                fmt=ImportFormat.CSV, origin="claims.csv", batch_size=7, **options
            ),
        )


def _add_report(url: str) -> None:
    with UnitOfWork(url) as uow:
        by = people.resolve_actor(uow, "ada", Permission.WRITE_CLAIMS)
        doc = documents.create_document(uow, by=by, data=DocumentIn(slug="r", title="R"))
        documents.add_version(uow, by=by, document=doc, data=DocumentVersionIn(text="Text."))


@pytest.fixture
def desks(two_desks: list[str]) -> list[str]:
    """Two desks with the same people and the same one-line document ``r``."""
    for url in two_desks:
        _add_report(url)
    return two_desks


@pytest.mark.parametrize("document", [None, "r"])
def test_worker_writes_the_same_rows_and_events(desks: list[str], document: str | None) -> None:
    """Plain rows (sent flat), rows with verdicts and quantities (sent as records), duplicates."""
    single, worker = desks
    data = _csv(_rows())
    one = _import(single, data, parallel=False, scale="liar", document=document)
    two = _import(worker, data, parallel=True, scale="liar", document=document)

    assert (two.created, two.unchanged, two.merged, two.verdicts) == (
        one.created,
        one.unchanged,
        one.merged,
        one.verdicts,
    )
    assert (two.tags_normalised, two.tag_examples) == (one.tags_normalised, one.tag_examples)
    assert one.tags_normalised == 14, "Budget and City Hall, on 7 rows, however they are sent"
    # The file's duplicate rows merge into their first occurrence (reported, not "already there").
    assert (one.created, one.unchanged, one.merged, one.verdicts) == (40, 0, 2, 5)
    assert _snapshot(worker) == _snapshot(single)
    assert _events(worker) == _events(single)
    with UnitOfWork(worker) as uow:
        keys = uow.session.execute(text("SELECT count(DISTINCT content_key) FROM claims")).scalar()
        versions = uow.session.execute(text("SELECT DISTINCT version_id FROM claims")).all()
    assert keys == 40
    assert len(versions) == 1
    assert (versions[0][0] is None) == (document is None)

    again = _import(worker, data, parallel=True, scale="liar", document=document)
    assert (again.created, again.unchanged) == (0, 42), "idempotent through the worker too"
    single_again = _import(single, data, parallel=True, scale="liar", document=document)
    assert single_again.created == 0, "the worker's content keys match the single process's"


def test_worker_reports_invalid_rows_like_a_single_process(desks: list[str]) -> None:
    single, worker = desks
    rows = _rows()
    rows[4][2] = "rumour"
    rows[30][5] = "2024-13-45"
    data = _csv(rows)
    with pytest.raises(InvalidInput) as a:
        _import(single, data, parallel=False, scale="liar")
    with pytest.raises(InvalidInput) as b:
        _import(worker, data, parallel=True, scale="liar")
    assert b.value.message == a.value.message
    assert [(p.line, p.field, p.message) for p in b.value.problems] == [
        (p.line, p.field, p.message) for p in a.value.problems
    ]
    assert {p.line for p in b.value.problems} == {6, 32}
    assert _snapshot(worker)["claims"] == [], "nothing written"


def test_worker_skip_invalid_hands_over_the_rejects(desks: list[str]) -> None:
    _, worker = desks
    rows = _rows()
    rows[10][7] = "9"
    rows[15][9] = "sort-of-true"  # refused after reading: the writer checks labels
    rejected: list[Any] = []
    with UnitOfWork(worker) as uow:
        report = import_file(
            uow,
            actor="fiona",
            stream=io.BytesIO(_csv(rows)),
            request=ImportRequest(
                fmt=ImportFormat.CSV,
                origin="claims.csv",
                parallel=True,
                scale="liar",
                skip_invalid=True,
            ),
            on_reject=rejected.append,
        )
    assert report.created == 38
    assert [r.line for r in rejected] == [12, 17]
    assert rejected[0].problems[0].field == "priority"
    assert rejected[1].problems[0].field == "verdict"
    assert [r.raw["text"] for r in rejected] == [rows[10][1], rows[15][1]], (
        "each reject carries its row across the process boundary"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'text,speaker\n"Unterminated,x\nnext,y\n', "unterminated quoted field"),
        (b"body,speaker\nx,y\n", "unknown column 'body'"),
    ],
)
def test_worker_file_problems_stop_the_import(desks: list[str], data: bytes, message: str) -> None:
    single, worker = desks
    with pytest.raises(InvalidInput) as a:
        _import(single, data, parallel=False)
    with pytest.raises(InvalidInput) as b:
        _import(worker, data, parallel=True)
    assert message in b.value.problems[-1].message
    assert [(p.line, p.message) for p in b.value.problems] == [
        (p.line, p.message) for p in a.value.problems
    ]
    assert _snapshot(worker)["claims"] == []


def test_a_failed_import_stops_the_worker(
    desks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error while writing (here: the second batch) rolls back and leaves no process behind."""
    import multiprocessing

    from claimdb.services import ingest

    _, worker = desks
    real = ingest._Ingest.write
    calls: list[int] = []

    def failing(self: Any, batch: Any) -> None:
        calls.append(len(batch))
        if len(calls) == 2:
            raise InvalidInput("disk full (simulated)")
        real(self, batch)

    monkeypatch.setattr(ingest._Ingest, "write", failing)
    rows = _rows() * 700  # 29,400 rows: more than the queues hold, so the worker still runs
    for i, row in enumerate(rows):
        row[0] = f"many:{i}"
    try:
        _import(worker, _csv(rows), parallel=True, scale="liar")
    except InvalidInput as exc:
        # While the traceback (and with it the import's frames) is still alive:
        assert "simulated" in exc.message  # noqa: PT017 (pytest.raises would drop the frames first)
        assert multiprocessing.active_children() == []
    else:
        pytest.fail("the import should have failed")
    assert _snapshot(worker)["claims"] == [], "the first batch was rolled back too"


def test_flatten_keeps_records_that_need_more_than_the_claim() -> None:
    from claimdb.schemas.claims import ClaimIn
    from claimdb.schemas.records import ClaimRecord, Rejected

    plain = ClaimRecord(claim=ClaimIn(text="A  claim", tags=["x", "y", "x"]), line=3)
    flat = parsed.flatten(plain, 7)
    assert isinstance(flat, parsed.FlatClaim)
    assert flat.line == 3
    assert flat.tags == ("x", "y")
    filed = ClaimRecord(claim=ClaimIn(text="A claim"), line=4, document="r")
    assert parsed.flatten(filed, 7) is filed
    rejected = Rejected(5, [])
    assert parsed.flatten(rejected, None) is rejected


def test_cli_reads_a_large_file_in_a_worker(
    cli: CLI, desk: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`claimdb import` switches to the worker by file size (threshold lowered for the test)."""
    started: list[int] = []
    real = parallel.records_in_worker

    def spy(*args: Any, **kwargs: Any) -> Any:
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 100)
    monkeypatch.setattr(parallel, "records_in_worker", spy)
    path = tmp_path / "claims.csv"
    path.write_bytes(_csv(_rows()))
    result = cli.ok("import", str(path), "--scale", "liar", actor="fiona")
    assert "40 claims imported" in result.output
    assert started == [1]
    small = tmp_path / "small.csv"
    small.write_bytes(b"text\nOne claim.\n")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 10_000)
    cli.ok("import", str(small), actor="fiona")
    assert started == [1], "a small file is read in the same process"
