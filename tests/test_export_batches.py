"""`claimdb export` in batches: the bytes do not depend on the batch size, and CSV is csv.writer's."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from claimdb.db.uow import UnitOfWork
from claimdb.enums import ExportFormat
from claimdb.schemas.filters import ClaimFilter, ClaimSort
from claimdb.services.exporting import ExportOptions, export
from conftest import CLI

BASE = "https://desk.example/checks"


@pytest.fixture
def loaded(cli: CLI, desk: dict[str, str], fixtures: Path) -> CLI:
    """The seed report (document, tags, quantities, citations) and the hostile round-trip claims (verdicts)."""
    cli.ok("seed")
    cli.ok("import", str(fixtures / "roundtrip.jsonl"), actor="fiona")
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    return cli


def _export(
    uow_factory: Callable[[], UnitOfWork], fmt: ExportFormat, where: ClaimFilter, batch: int
) -> str:
    out = io.StringIO(newline="")
    with uow_factory() as uow:
        export(
            uow,
            where=where,
            fmt=fmt,
            out=out,
            options=ExportOptions(review_base_url=BASE, batch=batch),
        )
    return out.getvalue()


# html is one document's page, not a batched export of the filter (tests/test_report.py).
@pytest.mark.parametrize("fmt", [f for f in ExportFormat if f is not ExportFormat.HTML])
@pytest.mark.parametrize(
    "where",
    [
        ClaimFilter(sort=ClaimSort.ID),
        ClaimFilter(sort=ClaimSort.PRIORITY, descending=True),
        ClaimFilter(sort=ClaimSort.POSITION, offset=3),
        ClaimFilter(sort=ClaimSort.ID, tags=["energy", "budget", "culture"]),
    ],
    ids=["by-id", "by-priority", "by-position", "tagged"],
)
def test_batch_size_changes_no_byte(
    loaded: CLI, uow_factory: Callable[[], UnitOfWork], fmt: ExportFormat, where: ClaimFilter
) -> None:
    """Batches of 1, 2 and 7 claims (ranges and id lists, documents met twice) write what one batch writes."""
    whole = _export(uow_factory, fmt, where, 10_000)
    assert whole.count("\n") > 3, "enough to batch"
    for batch in (1, 2, 7):
        assert _export(uow_factory, fmt, where, batch) == whole, (fmt, batch)


def test_csv_is_exactly_what_csv_writer_writes(loaded: CLI) -> None:
    """Every line is what csv.writer writes for its cells: quotes, commas, newlines and CRs included."""
    text = loaded.ok("export", "--format", "csv", "--sort", "id").stdout_bytes.decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    again = io.StringIO(newline="")
    csv.writer(again, lineterminator="\r\n").writerows(rows)
    assert again.getvalue() == text
    assert len(rows) > 150
    cells = [cell for row in rows for cell in row]
    assert any("\r\n" in c for c in cells), "a cell with a line break"
    assert any('"' in c for c in cells), "a cell with a quote"
    assert any("," in c for c in cells), "a cell with a comma"
    assert any(c.startswith("'=") for c in cells), "a guarded formula"
    tagged = [r for r in rows[1:] if r[11]]
    assert tagged, "claims with tags"
    assert any(r[12] for r in rows[1:]), "claims with a document"
    assert any(r[23] for r in rows[1:]), "claims with quantities"
    assert any(r[24] for r in rows[1:]), "claims with citations"
