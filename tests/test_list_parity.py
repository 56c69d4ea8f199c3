"""`claim list` on the light path selects what the ORM query selects, and writes the same bytes.

The ORM query (:mod:`claimdb.db.claim_queries`, still behind `export`, `lint`
and the Python API's ``find_claims``) and the SQL text of
:mod:`claimdb.db.list_reads` (behind `claim list`) are two writings of one
filter: these tests are the guard against their drifting apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimdb.cli.claims import CLAIM_COLUMNS
from claimdb.cli.common import Typer, uow
from claimdb.cli.filters import with_claim_filter, with_claim_query
from claimdb.cli.output import Format, FormatOption, reset_consoles, write_rows
from claimdb.db import list_reads
from claimdb.db.uow import UnitOfWork
from claimdb.schemas.filters import ClaimFilter
from claimdb.schemas.listing import ClaimQuery, ClaimSort
from claimdb.services.queries import find_claims, list_claims
from claimdb.services.reading import open_reader
from conftest import CLI
from support import FORMATS, add_claim, new_id
from test_factdata import FACTCHECK_API

reference = Typer()


@reference.command("list")
@with_claim_filter
def old_list(where: Any, fmt: FormatOption = Format.TABLE) -> None:
    """`claim list` as it was: the ORM query, pydantic output records."""
    with uow(write=False) as u:
        rows = find_claims(u, where=where)
    write_rows(rows, fmt, CLAIM_COLUMNS, empty="no claims match")


captured: dict[str, Any] = {}


@reference.command("probe")
@with_claim_query
def probe(where: Any) -> None:
    """Record the plain query it was given."""
    captured["query"] = where


@reference.command("probe-filter")
@with_claim_filter
def probe_filter(where: Any) -> None:
    """Record the pydantic filter it was given."""
    captured["filter"] = where


@pytest.fixture
def populated(cli: CLI, desk: dict[str, str], fixtures: Path, tmp_path: Path) -> CLI:
    """Every kind of thing a filter looks at: a document with sections and anchored claims,
    tags, numbers, verdicts on several scales (mapped and not), supporting and refuting
    evidence, open and resolved flags, a repeat of a checked claim, an archived claim."""
    cli.ok("seed")
    cli.ok("import", str(fixtures / "roundtrip.jsonl"), actor="fiona")
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    factcheck = tmp_path / "factcheck.json"
    factcheck.write_text(json.dumps(FACTCHECK_API, ensure_ascii=False), encoding="utf-8")
    cli.ok("import", str(factcheck), "--format", "factcheck-api", actor="fiona")
    listed = json.loads(cli.ok("claim", "list", "--sort", "id", "-f", "json").stdout)
    ids = [c["id"] for c in listed]
    flag = new_id(cli.ok("flag", str(ids[3]), "--reason", "outdated", actor="fiona"), r"flag (\d+)")
    cli.ok("flag", str(ids[5]), "--reason", "other", actor="fiona")
    cli.ok("flag", "resolve", str(flag), "--resolution", "fixed", actor="eddie")
    checked = next(c["id"] for c in listed if c["verdict"])
    repeat = add_claim(cli, "The same claim again, said elsewhere", "--tag", "Budget")
    cli.ok("claim", "link", str(repeat), str(checked), "--same", actor="fiona")
    cli.ok("claim", "archive", str(ids[7]), "--reason", "duplicate", actor="ada")
    return cli


TODAY = datetime.now(UTC).date()

MATRIX: list[dict[str, Any]] = [
    {},
    {"limit": 5},
    {"limit": 3, "offset": 4},
    {"offset": 10},
    {"descending": True},
    *({"sort": s} for s in ClaimSort),
    *({"sort": s, "descending": True, "limit": 7, "offset": 2} for s in ClaimSort),
    {"include_archived": True},
    {"include_archived": True, "sort": ClaimSort.ID, "descending": True},
    {"document": "trump-russia-rapprochement"},
    {"document": "1"},
    {"document": "no-such-document"},
    {"section": "sanction"},
    {"section": "ENERGY"},
    {"claim_types": ["statistic"]},
    {"claim_types": ["statistic", "quote"], "sort": ClaimSort.TYPE},
    {"statuses": ["unreviewed"]},
    {"statuses": ["disputed", "verified"], "sort": ClaimSort.STATUS, "descending": True},
    {"verdicts": ["false"]},
    {"verdicts": ["mostly-true", "Pants-Fire"]},
    {"verdicts": ["misleading"]},
    {"verdict_unmapped": True},
    {"flagged": True},
    {"flagged": False},
    {"unsupported": True},
    {"unsupported": False},
    {"speaker": "trump"},
    {"speaker": "PUTIN"},
    {"tags": ["energy"]},
    {"tags": ["budget", "sanctions"], "limit": 5},
    {"checkable": True},
    {"checkable": False},
    {"priority": 1},
    {"max_priority": 2},
    {"text": "russia"},
    {"text": "gas OR oil"},
    {"text": '"economic sanctions"'},
    {"text": "speaker:trump"},
    {"text": "russia -sanctions", "sort": ClaimSort.ID},
    {"text": "export*"},
    {"has_number": True},
    {"has_number": False},
    {"units": ["%", "eur"]},
    {"year": 2025},
    {"units": ["USD"], "year": 2025},
    {"has_number": True, "units": ["%"], "limit": 2},
    {"tags": ["energy"], "limit": 2, "offset": 1},
    {"created_from": TODAY},
    {"created_to": TODAY - timedelta(days=1)},
    {"updated_from": TODAY - timedelta(days=1), "updated_to": TODAY},
    {"updated_from": TODAY + timedelta(days=1)},
    {"statuses": ["unreviewed"], "claim_types": ["statistic"], "tags": ["energy"]},
    {"document": "trump-russia-rapprochement", "unsupported": True, "sort": ClaimSort.POSITION},
    {"text": "russia", "max_priority": 3, "checkable": True, "limit": 4},
    {"flagged": False, "unsupported": False, "include_archived": True, "limit": 6},
]


def test_light_query_selects_what_the_orm_selects(
    populated: CLI, uow_factory: Callable[[], UnitOfWork], monkeypatch: pytest.MonkeyPatch
) -> None:
    """For every filter of the matrix, the same claims in the same order, dumped alike; tags
    and numbers tested either way (from the matching rows, or claim by claim)."""
    differ = []
    found = {}
    with uow_factory() as uow, open_reader(populated.db_url) as reader:
        for kw in MATRIX:
            where = ClaimFilter(**kw)
            orm = [c.model_dump(mode="json") for c in find_claims(uow, where=where)]
            light = [
                c.model_dump(mode="json") for c in list_claims(reader, where=ClaimQuery.of(where))
            ]
            in_uow = [c.id for c in list_claims(uow, where=ClaimQuery.of(where))]
            ways = []
            for dense in (frozenset(), frozenset({"tags", "numbers"})):
                monkeypatch.setattr(list_reads, "_dense", lambda *_, d=dense: d)
                ways.append([c.id for c in list_claims(reader, where=ClaimQuery.of(where))])
            monkeypatch.undo()
            found[repr(kw)] = len(orm)
            ids = [c["id"] for c in orm]
            if light != orm or in_uow != ids or ways != [ids, ids]:
                differ.append((kw, ids, [c["id"] for c in light], in_uow, ways))
    assert differ == []
    # The matrix means something: most filters select some claims, and not all of them.
    everything = found[repr({})]
    assert everything > 150
    selective = [k for k, n in found.items() if 0 < n < everything]
    assert len(selective) >= len(MATRIX) * 2 // 3, found
    for kw in ({"flagged": True}, {"verdict_unmapped": True}, {"has_number": True}):
        assert found[repr(kw)] > 0, kw


def test_what_a_listing_shows_is_all_there(populated: CLI) -> None:
    """Numbers, anchors, sections, verdicts and the original of a repeat reach the output."""
    listed = json.loads(populated.ok("claim", "list", "-f", "json").stdout)
    assert any(c["quantities"] for c in listed)
    assert any(c["anchor"] and c["anchor"]["section"] for c in listed)
    assert any(c["verdict_scale"] for c in listed)
    assert any(c["same_as"] and c["same_as_verdict"] for c in listed)
    assert any(not c["checkable"] for c in listed)


ARGVS = [
    [],
    ["--limit", "5"],
    ["--sort", "position", "--desc", "-n", "8"],
    ["--doc", "trump-russia-rapprochement", "--section", "sanctions"],
    ["--type", "statistic", "--type", "quote", "--sort", "type"],
    ["--status", "disputed", "--verdict", "false"],
    ["--flagged"],
    ["--unsupported", "--max-priority", "2"],
    ["--tag", " Budget ", "--tag", "Editor's Picks"],
    ["-q", "russia", "--limit", "3"],
    ["--has-number", "--unit", "%"],
    ["--archived", "--sort", "id", "--desc"],
    ["--speaker", " Trump "],
    ["--verdict", " FALSE "],
    # Refused, with the same words and exit code.
    ["--created-from", "2025-02-01", "--created-to", "2025-01-01"],
    ["--no-number", "--unit", "USD"],
    ["--sort", "colour"],
    ["--tag", "!!!"],
    ["-q", '"unclosed'],
    ["-q", "AND"],
    ["--speaker", "nul\x00"],
    # Nothing matches.
    ["--doc", "no-such-document"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_claim_list_writes_what_it_wrote(populated: CLI, fmt: str) -> None:
    """Every format, every kind of option (errors too): the bytes of the ORM command."""
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200", "CLAIMDB_URL": populated.db_url})
    for argv in ARGVS:
        new = populated("claim", "list", *argv, "-f", fmt)
        reset_consoles()
        old = runner.invoke(reference, ["list", *argv, "-f", fmt])
        assert (new.exit_code, new.stdout, new.stderr) == (old.exit_code, old.stdout, old.stderr), (
            argv
        )


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--doc", "r", "--section", "Energy", "--type", "statistic", "--status", "verified"],
        ["--verdict", "false", "--verdict", "mostly-true", "--verdict-unmapped", "--flagged"],
        ["--supported", "--speaker", "putin", "--tag", "a", "--tag", "B-c", "--not-checkable"],
        ["--priority", "2", "--max-priority", "3", "-q", "gas OR oil", "--has-number"],
        ["--unit", "USD", "--year", "2025", "--created-from", "2025-01-01"],
        [
            "--created-to",
            "2025-02-01",
            "--updated-from",
            "2024-01-01",
            "--updated-to",
            "2024-02-01",
        ],
        ["--archived", "--sort", "updated", "--desc", "-n", "5", "--offset", "2"],
        # Values the pydantic filter changes: it is the one that changes them.
        ["--tag", " Editor's Picks ", "--tag", "@AFP", "--speaker", " x ", "--doc", " r"],
        ["-q", " russia ", "--verdict", "\tfalse", "--unit", " usd "],
    ],
    ids=" ".join,
)
def test_options_become_the_same_query(argv: list[str]) -> None:
    """The plain query holds what the pydantic filter holds, for the same options."""
    for name in ("probe", "probe-filter"):
        result = CliRunner().invoke(reference, [name, *argv])
        assert result.exit_code == 0, result.stderr
    assert captured["query"] == ClaimQuery.of(captured["filter"])


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # SQLite's query plan
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", list(ClaimSort))
def test_every_sort_reads_a_page_from_an_index(
    cli: CLI, report: str, sort: ClaimSort, descending: bool
) -> None:
    """No order of `claim list` sorts the whole table (SQLite's plan): each has its index."""
    sql, args = list_reads.page_sql(
        ClaimQuery(sort=sort, descending=descending, limit=50), "sqlite"
    )
    with open_reader(cli.db_url) as reader:
        plan = " | ".join(str(row[-1]) for row in reader.rows(f"EXPLAIN QUERY PLAN {sql}", args))
    assert "TEMP B-TREE" not in plan, plan
    assert "USING INDEX" in plan or "USING INTEGER PRIMARY KEY" in plan or plan == "SCAN c", plan
