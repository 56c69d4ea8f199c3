"""ClaimReview of claims taken from a document: itemReviewed falls back to the document's author, date and appearance."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from conftest import CLI

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BASE = "https://desk.example/checks"


def _seed(cli: CLI, tmp_path: Path, **document: str | None) -> dict[str, Any]:
    """Load the seed report with these document fields set; the document as the seed file has it."""
    target = tmp_path / "seed"
    shutil.copytree(SEEDS, target)
    claims = target / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    for field, value in document.items():
        null = f"\n  {field}: null"
        assert null in text, field
        text = text.replace(null, f"\n  {field}: {json.dumps(value)}", 1)
    claims.write_text(text, encoding="utf-8")
    if "ada" not in cli.ok("user", "list", "--format", "json").stdout:
        cli.ok("user", "add", "ada", "--role", "admin")
    cli.ok("seed", "--file", str(claims), actor="ada")
    return dict(yaml.safe_load(text)["document"])


def _reviewed(cli: CLI) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Verdicts on the first claims without and with a speaker: their itemReviewed, and the second claim."""
    listed = json.loads(cli.ok("claim", "list", "--format", "json", "--sort", "id").stdout)
    silent = next(c["id"] for c in listed if not c["speaker"])
    spoken = next(c["id"] for c in listed if c["speaker"])
    for claim in (silent, spoken):
        cli.ok(
            "verify", str(claim), "--verdict", "unverifiable", "--rationale", "No record found.",
            actor="fiona",
        )  # fmt: skip
    out = cli.ok("export", "--format", "claimreview", "--review-base-url", BASE).stdout
    reviews = json.loads(out)["@graph"]
    items = {int(r["url"].rsplit("/", 1)[1]): r["itemReviewed"] for r in reviews}
    assert sorted(items) == sorted((silent, spoken))
    return items[silent], items[spoken], next(c for c in listed if c["id"] == spoken)


def test_claim_in_a_described_document_gets_its_author_date_and_appearance(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """No speaker, date or appearance URL of its own: the document's author, publication date and the document itself."""
    doc = _seed(
        cli,
        tmp_path,
        author="Jane Doe",
        publisher="Policy Review Institute",
        published="2025-03-04",
        url="https://policy.example/rapprochement",
    )
    silent, spoken, spoken_claim = _reviewed(cli)
    work = {
        "@type": "CreativeWork",
        "name": doc["title"],
        "url": doc["url"],
        "author": {"@type": "Person", "name": doc["author"]},
        "publisher": {"@type": "Organization", "name": doc["publisher"]},
        "datePublished": doc["published"],
    }
    assert silent["@type"] == "Claim"
    assert silent["author"] == {"@type": "Person", "name": doc["author"]}
    assert silent["datePublished"] == doc["published"]
    assert silent["appearance"] == work
    assert spoken["author"] == {"@type": "Person", "name": spoken_claim["speaker"]}, "own first"
    assert spoken["datePublished"] == doc["published"]
    assert spoken["appearance"] == work


def test_document_publisher_stands_in_when_it_has_no_author(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A document with a publisher and no author: the claim's author is that Organization."""
    doc = _seed(cli, tmp_path, publisher="Policy Review Institute")
    silent, _, _ = _reviewed(cli)
    assert silent["author"] == {"@type": "Organization", "name": doc["publisher"]}
    assert silent["appearance"] == {
        "@type": "CreativeWork",
        "name": doc["title"],
        "publisher": {"@type": "Organization", "name": doc["publisher"]},
    }
    assert "datePublished" not in silent, "no date is made up"


def test_seed_report_claims_appear_in_the_report(cli: CLI, desk: dict[str, str]) -> None:
    """The seed as shipped (a title, nothing else known): the report by its title, no author, no date."""
    cli.ok("seed")
    title = yaml.safe_load((SEEDS / "claims.yaml").read_text(encoding="utf-8"))["document"]["title"]
    silent, _, _ = _reviewed(cli)
    assert silent == {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "name": title},
        "identifier": silent["identifier"],
    }
    assert silent["identifier"].startswith("seed:")


def test_claims_own_fields_come_before_the_documents(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A claim's own date and appearance URL are kept; the document fills only what is missing."""
    _seed(cli, tmp_path, author="Jane Doe", published="2025-03-04")
    listed = json.loads(cli.ok("claim", "list", "--format", "json", "--sort", "id").stdout)
    claim = next(c["id"] for c in listed if not c["speaker"])
    cli.ok(
        "claim", "edit", str(claim), "--claimed-on", "2024-11-30",
        "--appearance-url", "https://video.example/interview", actor="fiona",
    )  # fmt: skip
    silent, _, _ = _reviewed(cli)
    assert silent["datePublished"] == "2024-11-30"
    assert silent["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://video.example/interview",
    }
    assert silent["author"] == {"@type": "Person", "name": "Jane Doe"}
