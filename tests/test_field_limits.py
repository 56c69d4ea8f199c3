"""One limit for a claim's text and for every other field, the same through every way in."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimdb.schemas.common import CLAIM_TEXT_MAX_CHARS, FIELD_MAX_CHARS
from conftest import CLI, Databases
from support import add_claim, database_state

TOO_LONG = "x" * (CLAIM_TEXT_MAX_CHARS + 1)
TEXT_REFUSED = (
    f"text: too long ({CLAIM_TEXT_MAX_CHARS + 1:,} characters); the limit is "
    f"{CLAIM_TEXT_MAX_CHARS:,} (docs/import-export.md#limits): shorten it, or split it into "
    "several claims"
)
SPEAKER_REFUSED = (
    f"speaker: too long ({FIELD_MAX_CHARS + 1:,} characters); the limit is "
    f"{FIELD_MAX_CHARS:,} (docs/import-export.md#limits): shorten it"
)


def test_the_claim_text_limit_is_within_the_field_limit() -> None:
    """ClaimText's own check runs first and gives its message only if it is not the larger."""
    assert CLAIM_TEXT_MAX_CHARS <= FIELD_MAX_CHARS


def _claimreview(fixtures: Path, text: str) -> str:
    review = json.loads((fixtures / "claimreview_single.json").read_text(encoding="utf-8"))
    review["claimReviewed"] = text
    return json.dumps(review)


def _factcheck(fixtures: Path, text: str) -> str:
    data = json.loads((fixtures / "factcheck_api.json").read_text(encoding="utf-8"))
    first = data["claims"][0]
    first["text"] = text
    return json.dumps({"claims": [first]})


FILES: dict[str, tuple[str, Callable[[Path, str], str]]] = {
    "csv": ("claims.csv", lambda _, t: f"text,speaker\n{t},A speaker\n"),
    "tsv": ("claims.tsv", lambda _, t: f"text\tspeaker\n{t}\tA speaker\n"),
    "json": ("claims.json", lambda _, t: json.dumps([{"text": t, "speaker": "A speaker"}])),
    "jsonl": ("claims.jsonl", lambda _, t: json.dumps({"text": t}) + "\n"),
    "claimreview": ("review.json", _claimreview),
    "factcheck-api": ("api.json", _factcheck),
}


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_over_limit_text_is_refused_by_every_import_format(
    cli: CLI, desk: dict[str, str], tmp_path: Path, fixtures: Path, fmt: str
) -> None:
    """A claim text one character over the limit: exit 5, file and line, the limit, nothing written."""
    name, content = FILES[fmt]
    path = tmp_path / name
    path.write_text(content(fixtures, TOO_LONG), encoding="utf-8")
    before = database_state(cli)
    result = cli("import", str(path), "--format", fmt, actor="fiona")
    assert result.exit_code == 5, result.stderr
    assert f"{path}:" in result.stderr
    assert TEXT_REFUSED in result.stderr
    assert "Traceback" not in result.stderr
    assert database_state(cli) == before


def test_claim_add_and_edit_refuse_what_imports_refuse(cli: CLI, desk: dict[str, str]) -> None:
    """`claim add` and `claim edit` give the import's message for the same over-long text or speaker."""
    claim = add_claim(cli, "A short claim.")
    before = database_state(cli)
    for args in (
        ("claim", "add", "--anyway", "--as", "fiona", "--", TOO_LONG),
        ("claim", "add", "--anyway", "--speaker", "s" * (FIELD_MAX_CHARS + 1), "Fine text."),
        ("claim", "edit", str(claim), "--text", TOO_LONG),
        ("claim", "edit", str(claim), "--speaker", "s" * (FIELD_MAX_CHARS + 1)),
    ):
        result = cli(*args, actor=None if "--as" in args else "fiona")
        assert result.exit_code == 5, (args[:2], result.stderr[:500])
        assert (TEXT_REFUSED if TOO_LONG in args else SPEAKER_REFUSED) in result.stderr
        assert database_state(cli) == before


def test_speaker_over_the_field_limit_is_refused_in_csv(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """Every other field has its limit too, with the same words as `claim add`."""
    path = tmp_path / "claims.csv"
    path.write_text(f"text,speaker\nFine.,{'s' * (FIELD_MAX_CHARS + 1)}\n", encoding="utf-8")
    result = cli("import", str(path), actor="fiona")
    assert result.exit_code == 5
    assert f"{path}:2: {SPEAKER_REFUSED}" in result.stderr


def _limit_text(fill: str) -> str:
    """Exactly the limit: quotes, commas, a line break and non-ASCII letters, as CSV must carry."""
    head = '=Fares "doubled", she said;\nété '
    return head + fill * (CLAIM_TEXT_MAX_CHARS - len(head))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_claim_at_every_limit_round_trips_through_export_and_import(
    cli: CLI, desk: dict[str, str], databases: Databases, tmp_path: Path, fmt: str
) -> None:
    """Add a claim whose text and other fields are at their limits, export it, import it afresh."""
    text = _limit_text("é")
    speaker = "S" * FIELD_MAX_CHARS
    role = "r, " * (FIELD_MAX_CHARS // 3)
    cli.ok(
        *("claim", "add", "--anyway", "--speaker", speaker, "--speaker-description", role),
        *("--tag", "limits", "--as", "fiona", "--", text),
    )
    exported = tmp_path / f"claims.{fmt}"
    exported.write_text(cli.ok("export", "--format", fmt).stdout, encoding="utf-8")

    backend = "postgresql" if cli.db_url.startswith("postgresql") else "sqlite"
    fresh = CLI(databases.at_head(backend), cli.runner)
    fresh.ok("user", "add", "ada", "--role", "admin")
    fresh.ok("user", "add", "fiona", "--role", "fact-checker", actor="ada")
    result = fresh.ok("import", str(exported), actor="fiona")
    assert "1 claim imported" in result.stderr

    def fields(c: CLI) -> list[Any]:
        (row,) = json.loads(c.ok("export", "--format", "json").stdout)
        return [row["text"], row["speaker"], row["speaker_description"], row["tags"]]

    assert fields(fresh) == fields(cli) == [text, speaker, role.strip(), ["limits"]], (
        "the claim at its limits came back as it was"
    )
    databases.drop(fresh.db_url)


def test_the_largest_row_the_limits_allow_fits_the_line_limit() -> None:
    """Every text cell of an exported row at its limit, in 4-byte characters: one line, within."""
    import io

    from claimdb.formats.delimited import write_csv
    from claimdb.formats.lines import LARGEST_CLAIM_ROW_BYTES, MAX_LINE_BYTES
    from claimdb.schemas.exports import CLAIM_COLUMNS, VERDICT_COLUMNS, ExportBatch, ExportReport

    wide = "\U0001f600" * FIELD_MAX_CHARS  # 4 bytes each in UTF-8
    claim: dict[str, Any] = dict.fromkeys(CLAIM_COLUMNS, wide)
    claim.update(
        id=1, text="\U0001f600" * CLAIM_TEXT_MAX_CHARS, claim_type="other", checkable=True,
        claimed_on="2024-01-01", priority=3, status="verified", version_id=None,
        current_verdict_id=7, start_offset=None, end_offset=None, quote_exact=None,
    )  # fmt: skip
    verdict: dict[str, Any] = dict.fromkeys(VERDICT_COLUMNS, wide)
    verdict.update(
        verdict_value=1, verdict_worst=1, verdict_best=6, verdict_class="false",
        mapped_class=None, verdict_at="2024-01-02", verdict_forced=True,
    )  # fmt: skip
    batch = ExportBatch(
        rows=[tuple(claim[c] for c in CLAIM_COLUMNS)],
        verdicts={7: tuple(verdict[c] for c in VERDICT_COLUMNS)},
        tags={1: [f"{i:02d}" + "t" * 62 for i in range(30)]},
    )
    out = io.StringIO()
    write_csv([batch], out, ExportReport())
    row = out.getvalue().split("\r\n")[1]
    assert len(row.encode("utf-8")) <= LARGEST_CLAIM_ROW_BYTES < MAX_LINE_BYTES
