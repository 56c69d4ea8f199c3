"""Tags are normalised to slugs wherever they come in, and the normalisation is reported."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CLI
from support import add_claim, database_state


def _tags(cli: CLI, *filters: str) -> list[list[str]]:
    rows = json.loads(cli.ok("export", "--format", "json", "--sort", "id", *filters).stdout)
    return [r["tags"] for r in rows]


def test_import_normalises_tags_and_says_so(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """Apostrophes, '@', capitals and spaces no longer refuse a row; Arabic tags stay Arabic."""
    sheet = tmp_path / "desk.csv"
    sheet.write_text(
        "text,tags\n"
        '"First claim.","editor\'s-picks; @afp; Économie"\n'
        "Second claim.,أخبار عاجلة; budget\n",
        encoding="utf-8",
    )
    result = cli.ok("import", str(sheet), actor="fiona")
    assert "2 claims imported" in result.stderr
    assert "4 tags normalised, e.g. \"editor's-picks\" -> 'editors-picks', '@afp' -> 'afp'" in (
        result.stderr
    )
    assert _tags(cli) == [["afp", "editors-picks", "économie"], ["budget", "أخبار-عاجلة"]]
    assert len(_tags(cli, "--tag", "Editor's Picks")) == 1, "filters normalise the same way"


def test_json_import_normalises_tags(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """A JSON record's tag list is normalised as a CSV cell's tags are."""
    path = tmp_path / "claims.json"
    path.write_text(json.dumps([{"text": "A claim.", "tags": ["Editor’s Picks", "@AFP"]}]))
    result = cli.ok("import", str(path), actor="fiona")
    assert "2 tags normalised" in result.stderr
    assert _tags(cli) == [["afp", "editors-picks"]]


def test_claim_tag_and_add_note_the_normalised_tags(cli: CLI, desk: dict[str, str]) -> None:
    """`claim tag` and `claim add --tag` store the slug and print a note on stderr."""
    claim = add_claim(cli, "A claim.", "--tag", "@AFP")
    tagged = cli.ok("claim", "tag", str(claim), "editor's-picks", "plain", actor="fiona")
    assert tagged.stdout == ""
    assert "note: tag \"editor's-picks\" is stored as 'editors-picks'" in tagged.stderr
    assert "'plain'" not in tagged.stderr, "only tags that changed are noted"
    assert _tags(cli) == [["afp", "editors-picks", "plain"]]
    cli.ok("claim", "tag", str(claim), "--remove", "Editor's Picks", actor="fiona")
    assert _tags(cli) == [["afp", "plain"]]


def test_a_tag_with_nothing_left_is_refused_naming_the_field(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A tag of punctuation only: exit 5, the field named, the database unchanged."""
    claim = add_claim(cli, "A claim.")
    before = database_state(cli)
    result = cli("claim", "tag", str(claim), "!!!", actor="fiona")
    assert result.exit_code == 5
    assert "tags" in result.stderr
    assert "tag '!!!' has no letters or digits" in result.stderr
    sheet = tmp_path / "desk.csv"
    sheet.write_text("text,tags\nAnother claim.,@@; fine\n", encoding="utf-8")
    imported = cli("import", str(sheet), actor="fiona")
    assert imported.exit_code == 5
    assert f"{sheet}:2: tags.0: tag '@@' has no letters or digits" in imported.stderr
    assert database_state(cli) == before
