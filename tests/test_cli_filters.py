"""The shared claim-filter options: parsed once, the same for every command that uses them."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from claimdb.cli.common import Typer
from claimdb.cli.filters import with_claim_filter

captured: dict[str, Any] = {}
app = Typer()


@app.command("probe")
@with_claim_filter
def probe(where: Any, name: str = "x") -> None:
    """Record the filter it was given."""
    captured["where"] = where
    captured["name"] = name


@app.command("other")
def other() -> None:
    """A second command, so `probe` is a sub-command."""


def test_options_become_a_claim_filter() -> None:
    """Every option lands in the ClaimFilter, with repeatable options as lists."""
    result = CliRunner().invoke(
        app,
        [
            "probe",
            "--doc",
            "r",
            "--type",
            "statistic",
            "--type",
            "quote",
            "--status",
            "verified",
            "--verdict",
            "false",
            "--flagged",
            "--supported",
            "--tag",
            "a",
            "--not-checkable",
            "--max-priority",
            "2",
            "-q",
            "rubles",
            "--created-from",
            "2025-01-01",
            "--sort",
            "position",
            "--desc",
            "-n",
            "5",
            "--offset",
            "2",
            "--name",
            "y",
        ],
    )
    assert result.exit_code == 0, result.stderr
    f = captured["where"]
    assert (f.document, [t.value for t in f.claim_types], [s.value for s in f.statuses]) == (
        "r",
        ["statistic", "quote"],
        ["verified"],
    )
    assert (f.verdicts, f.flagged, f.unsupported, f.tags, f.checkable) == (
        ["false"],
        True,
        False,
        ["a"],
        False,
    )
    assert (f.max_priority, f.text, str(f.created_from)) == (2, "rubles", "2025-01-01")
    assert (f.sort.value, f.descending, f.limit, f.offset) == ("position", True, 5, 2)
    assert captured["name"] == "y"


def test_defaults_select_everything_unarchived() -> None:
    """No options: no conditions, archived claims left out, priority order."""
    assert CliRunner().invoke(app, ["probe"]).exit_code == 0
    f = captured["where"]
    assert f.model_dump(exclude_defaults=True) == {}
    assert f.include_archived is False


def test_bad_values_are_reported_per_field() -> None:
    """An unknown sort or an inverted date range is a clear error with exit code 5."""
    bad_sort = CliRunner().invoke(app, ["probe", "--sort", "colour"])
    assert bad_sort.exit_code == 5
    assert "sort:" in bad_sort.stderr
    inverted = CliRunner().invoke(
        app, ["probe", "--created-from", "2025-02-01", "--created-to", "2025-01-01"]
    )
    assert inverted.exit_code == 5
    assert "created_from 2025-02-01 is after created_to 2025-01-01" in inverted.stderr
    bad_type = CliRunner().invoke(app, ["probe", "--type", "rumour"])
    assert bad_type.exit_code == 2
    assert "rumour" in bad_type.stderr
