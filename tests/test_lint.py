"""`claimdb lint`: what would make an export invalid or misleading, and its exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from conftest import CLI

RECORDS = [
    {
        "external_id": "ok",
        "text": "A well documented claim.",
        "speaker": "Minister",
        "claimed_on": "2024-01-02",
        "appearance_url": "https://news.example/a",
        "verdict": {
            "scale": "claimdb",
            "label": "true",
            "rationale": "The ledger shows it.",
            "review_url": "https://f.example/ok",
        },
        "citations": [
            {"stance": "supports", "source": {"title": "Ledger", "url": "https://l.example/"}}
        ],
    },
    {
        "external_id": "bare",
        "text": "An unverifiable claim with no rationale and no context.",
        "verdict": {"scale": "claimdb", "label": "unverifiable"},
    },
    {
        "external_id": "forced",
        "text": "Rated true over the evidence rule.",
        "speaker": "Mayor",
        "claimed_on": "2024-02-03",
        "context": "a council meeting",
        "verdict": {
            "scale": "claimdb",
            "label": "true",
            "rationale": "Editor's call.",
            "review_url": "https://f.example/forced",
            "forced": True,
            "force_reason": "the ledger is confidential",
        },
    },
    {
        "external_id": "dead",
        "text": "Cites a page that is gone.",
        "citations": [
            {
                "kind": "report",
                "source": {
                    "title": "Vanished page",
                    "url": "https://gone.example/page",
                    "link_status": "dead",
                },
            }
        ],
    },
]


def _load(cli: CLI) -> None:
    lines = "".join(json.dumps(r) + "\n" for r in RECORDS)
    cli.ok("import", "-", "--format", "jsonl", actor="fiona", input=lines)


def _findings(cli: CLI, *args: str) -> list[tuple[str, str]]:
    result = cli("lint", "--format", "json", *args)
    assert result.exit_code == 1, result.stderr
    assert "findings in" in result.stderr
    return [(f["external_id"], f["check"]) for f in json.loads(result.stdout)]


def test_lint_reports_each_problem(cli: CLI, desk: dict[str, str]) -> None:
    """Each kind of problem is found on the claim that has it, and nowhere else; exit 1."""
    _load(cli)
    assert _findings(cli) == [
        ("bare", "verdict-without-rationale"),
        ("bare", "claimreview-no-author"),
        ("bare", "claimreview-no-claim-date"),
        ("bare", "claimreview-no-appearance"),
        ("bare", "claimreview-no-url"),
        ("forced", "verified-without-evidence"),
        ("forced", "forced-verdict"),
        ("dead", "dead-source-no-archive"),
    ]
    with_base = _findings(cli, "--review-base-url", "https://desk.example/c")
    assert ("bare", "claimreview-no-url") not in with_base


def test_lint_rating_outside_its_scale(
    cli: CLI, desk: dict[str, str], uow_factory: Callable[[], Any]
) -> None:
    """A label whose value lies outside its scale (a desk's own scale gone wrong) is reported."""
    _load(cli)
    with uow_factory() as uow:
        uow.session.execute(
            text(
                "UPDATE rating_labels SET value = 9 WHERE label = 'true' AND scale_id = "
                "(SELECT id FROM rating_scales WHERE name = 'claimdb')"
            )
        )
    found = _findings(cli, "--review-base-url", "https://desk.example/c")
    assert ("ok", "rating-outside-scale") in found
    assert ("forced", "rating-outside-scale") in found


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_lint_formats(cli: CLI, desk: dict[str, str], fmt: str) -> None:
    """Every output format carries the findings on stdout; the summary goes to stderr."""
    _load(cli)
    result = cli("lint", "--format", fmt, "--tag", "none", "--speaker", "Mayor")
    assert result.exit_code == 0, "no claim matches both: nothing to report"
    assert "no findings" in result.stderr
    result = cli("lint", "--format", fmt, "--speaker", "Mayor")
    assert result.exit_code == 1
    assert "2 findings in 1 claim" in result.stderr
    if fmt == "json":
        assert [f["check"] for f in json.loads(result.stdout)] == [
            "verified-without-evidence",
            "forced-verdict",
        ]
    elif fmt == "jsonl":
        assert len(result.stdout.splitlines()) == 2
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows[1]["message"] == "the evidence rule was overridden: the ledger is confidential"
    else:
        assert "forced-verdict" in result.stdout


def test_clean_database_exits_zero(cli: CLI, desk: dict[str, str]) -> None:
    """No claims, or only sound ones: no findings, exit 0."""
    assert cli.ok("lint").stdout == ""
    _load(cli)
    result = cli.ok("lint", "--search", "documented")
    assert "no findings" in result.stderr


def test_lint_counts_what_the_export_takes_from_the_document(
    cli: CLI, report: str, uow_factory: Callable[[], Any]
) -> None:
    """A claim filed under a document lacks no appearance; author and date come from the
    document once it has them, as in the ClaimReview export."""
    bare = {
        "external_id": "in-doc",
        "text": "A claim the report makes.",
        "verdict": {"scale": "claimdb", "label": "unverifiable", "rationale": "No data."},
    }
    cli.ok(
        "import", "-", "--format", "jsonl", "--doc", "report", actor="fiona", input=json.dumps(bare)
    )
    checks = {c for _, c in _findings(cli, "--review-base-url", "https://desk.example/c")}
    assert checks == {"claimreview-no-author", "claimreview-no-claim-date"}

    with uow_factory() as uow:
        uow.session.execute(
            text("UPDATE documents SET publisher = 'Desk Weekly', published = '2025-03-01'")
        )
    result = cli("lint", "--review-base-url", "https://desk.example/c")
    assert result.exit_code == 0, result.stdout
    exported = json.loads(
        cli.ok(
            "export", "--format", "claimreview", "--review-base-url", "https://desk.example/c"
        ).stdout
    )
    item = exported["@graph"][0]["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Desk Weekly"}
    assert item["datePublished"] == "2025-03-01"
    assert item["appearance"]["name"] == "Sanctions and Trade"
