"""Two people editing one claim: the second write is refused (exit 4) and its input kept as a draft."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from claimdb.db.uow import UnitOfWork
from claimdb.schemas.claims import ClaimPatch
from claimdb.services import claims
from conftest import CLI
from support import add_claim, database_state


def _retry(result: Any) -> list[str]:
    """The retry command named in the error, as argv without the program name."""
    match = re.search(r"retry with: (claimdb .+)$", result.stderr, re.MULTILINE)
    assert match, result.stderr
    argv = shlex.split(match.group(1))
    assert argv[0] == "claimdb"
    return argv[1:]


def _draft_path(result: Any) -> Path:
    match = re.search(r"your edit is saved in (\S+\.json)", result.stderr)
    assert match, result.stderr
    return Path(match.group(1))


def _text(cli: CLI, claim: int) -> dict[str, Any]:
    return dict(json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)["claim"])


def test_stale_version_keeps_the_draft_and_retries(
    cli: CLI, desk: dict[str, str], drafts_home: dict[str, str]
) -> None:
    """An edit against an old version changes nothing, saves a draft, and the retry applies it."""
    claim = add_claim(cli, "Gas exports fell.")
    cli.ok("claim", "edit", str(claim), "--priority", "1", actor="eddie", env=drafts_home)
    before = database_state(cli)
    refused = cli(
        "claim",
        "edit",
        str(claim),
        "--text",
        "Gas exports fell by half.",
        "--if-version",
        "1",
        actor="fiona",
        env=drafts_home,
    )
    assert refused.exit_code == 4
    assert (
        f"claim {claim} is at version 2, but your edit was made against version 1" in refused.stderr
    )
    assert database_state(cli) == before
    path = _draft_path(refused)
    assert path.parent == Path(drafts_home["CLAIMDB_HOME"]) / "drafts"
    draft = json.loads(path.read_text(encoding="utf-8"))
    assert (draft["claim_id"], draft["base_version"], draft["current_version"]) == (claim, 1, 2)
    assert draft["changes"] == {"text": "Gas exports fell by half."}
    argv = _retry(refused)
    assert argv == [
        "--db",
        cli.db_url,
        "claim",
        "edit",
        str(claim),
        "--from-draft",
        str(path),
        "--if-version",
        "2",
        "--as",
        "fiona",
    ]
    assert draft["retry"] == shlex.join(["claimdb", *argv])
    applied = cli(*argv, db=False, env=drafts_home)
    assert applied.exit_code == 0, applied.stderr
    after = _text(cli, claim)
    assert (after["text"], after["priority"], after["version"]) == (
        "Gas exports fell by half.",
        1,
        3,
    )
    assert not path.exists()


def test_concurrent_write_between_read_and_write(
    cli: CLI, desk: dict[str, str], drafts_home: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone commits between this command's read and its write: refused, nothing lost."""
    claim = add_claim(cli, "Gas exports fell.")
    original = claims.check_version
    interleaved: list[int] = []

    def commit_someone_elses_edit(row: Any, expected: int | None) -> None:
        original(row, expected)
        if interleaved:
            return  # the other person's own edit, inside the hook
        interleaved.append(row.version)
        with UnitOfWork(cli.db_url) as other:
            claims.edit_claim(other, actor="eddie", claim_id=claim, patch=ClaimPatch(priority=1))

    monkeypatch.setattr(claims, "check_version", commit_someone_elses_edit)
    refused = cli(
        "claim", "edit", str(claim), "--text", "Gas exports halved.", actor="fiona", env=drafts_home
    )
    monkeypatch.setattr(claims, "check_version", original)
    assert interleaved == [1]
    assert refused.exit_code == 4, refused.stderr
    assert "changed by someone else while your edit was being saved" in refused.stderr
    now = _text(cli, claim)
    assert (now["text"], now["priority"], now["version"]) == ("Gas exports fell.", 1, 2)
    draft = json.loads(_draft_path(refused).read_text(encoding="utf-8"))
    assert (draft["changes"], draft["base_version"], draft["current_version"]) == (
        {"text": "Gas exports halved."},
        1,
        2,
    )
    history = json.loads(cli.ok("history", str(claim), "-f", "json").stdout)
    assert [(e["actor"], e["action"]) for e in history] == [
        ("fiona", "created"),
        ("eddie", "edited"),
    ]
    argv = _retry(refused)
    assert argv[-4:] == ["--if-version", "2", "--as", "fiona"]
    cli.ok(*argv, db=False, env=drafts_home)
    now = _text(cli, claim)
    assert (now["text"], now["priority"]) == ("Gas exports halved.", 1)


def test_options_override_the_draft(
    cli: CLI, desk: dict[str, str], drafts_home: dict[str, str]
) -> None:
    """An option given with --from-draft wins over the draft's value for that field."""
    claim = add_claim(cli, "Gas exports fell.")
    cli.ok("claim", "edit", str(claim), "--priority", "2", actor="eddie")
    refused = cli(
        "claim",
        "edit",
        str(claim),
        "--priority",
        "4",
        "--speaker",
        "minister",
        "--if-version",
        "1",
        actor="fiona",
        env=drafts_home,
    )
    path = _draft_path(refused)
    cli.ok("claim", "edit", str(claim), "--from-draft", str(path), "--priority", "5", actor="fiona")
    now = _text(cli, claim)
    assert (now["priority"], now["speaker"]) == (5, "minister")


def test_bad_drafts_are_refused(
    cli: CLI, desk: dict[str, str], drafts_home: dict[str, str], tmp_path: Path
) -> None:
    """A draft for another claim, a missing file or a file that is not a draft are clear errors."""
    a = add_claim(cli, "A.")
    b = add_claim(cli, "B.")
    cli.ok("claim", "edit", str(a), "--priority", "2", actor="eddie")
    refused = cli(
        "claim",
        "edit",
        str(a),
        "--priority",
        "4",
        "--if-version",
        "1",
        actor="fiona",
        env=drafts_home,
    )
    path = _draft_path(refused)
    other = cli("claim", "edit", str(b), "--from-draft", str(path), actor="fiona")
    assert other.exit_code == 5
    assert f"is a draft for claim {a}, not claim {b}" in other.stderr
    missing = cli(
        "claim", "edit", str(a), "--from-draft", str(tmp_path / "nope.json"), actor="fiona"
    )
    assert missing.exit_code == 3
    junk = tmp_path / "junk.json"
    junk.write_text('{"claim_id": "x"}', encoding="utf-8")
    bad = cli("claim", "edit", str(a), "--from-draft", str(junk), actor="fiona")
    assert bad.exit_code == 5
    assert f"{junk}: claim_id:" in bad.stderr
    assert path.exists()


def test_unwritable_drafts_folder_still_keeps_the_input(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """When no draft can be written, the refused change is printed in the error instead."""
    claim = add_claim(cli, "A.")
    cli.ok("claim", "edit", str(claim), "--priority", "2", actor="eddie")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    refused = cli(
        "claim",
        "edit",
        str(claim),
        "--text",
        "Ä new text.",
        "--if-version",
        "1",
        actor="fiona",
        env={"CLAIMDB_HOME": str(blocker)},
    )
    assert refused.exit_code == 4
    assert "could not be saved as a draft" in refused.stderr
    assert '{"text": "Ä new text."}' in refused.stderr
    assert "--if-version 2" in refused.stderr
