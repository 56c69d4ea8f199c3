"""Numbers from the command line: `claim add/edit --quantity`, and `claim list` filtering on them."""

from __future__ import annotations

import json
from typing import Any

from conftest import CLI

REVENUE = "value=24;unit=%;measure=fall in oil revenue;period=2024;qualifier=approximately"
EXITS = "value=1000;unit=companies;measure=Western firms that left;period=2022-2025;place=Russia"


def _claim(cli: CLI, claim_id: int) -> Any:
    return json.loads(cli.ok("claim", "show", str(claim_id), "-f", "json").stdout)


def _ids(cli: CLI, *filters: str) -> list[int]:
    out = cli.ok("claim", "list", *filters, "--sort", "id", "-f", "json").stdout
    return [c["id"] for c in json.loads(out)]


def test_add_records_each_quantity(cli: CLI, desk: dict[str, str]) -> None:
    """Each --quantity is one structured number, its fields as given."""
    cli.ok(
        "claim", "add", "Oil revenue fell by about a quarter in 2024, as 1,000 firms left.",
        "--quantity", REVENUE, "--quantity", f"{EXITS};as-written=1,000",
        actor="fiona",
    )  # fmt: skip
    quantities = _claim(cli, 1)["claim"]["quantities"]
    assert quantities == [
        {
            "value": 24.0,
            "unit": "%",
            "measure": "fall in oil revenue",
            "period": "2024",
            "place": None,
            "qualifier": "approximately",
            "as_written": None,
        },
        {
            "value": 1000.0,
            "unit": "companies",
            "measure": "Western firms that left",
            "period": "2022-2025",
            "place": "Russia",
            "qualifier": "exact",
            "as_written": "1,000",
        },
    ]
    assert "approximately 24%: fall in oil revenue (2024)" in cli.ok("claim", "show", "1").stdout


def test_a_bad_quantity_names_the_option_and_the_field(cli: CLI, desk: dict[str, str]) -> None:
    """Validation errors say which --quantity and which field, and nothing is added (exit 5)."""
    result = cli(
        "claim", "add", "Oil revenue fell.",
        "--quantity", REVENUE,
        "--quantity", "value=many;unit=%;qualifier=about;colour=red",
        actor="fiona",
    )  # fmt: skip
    assert result.exit_code == 5
    assert "--quantity 2: value: Input should be a valid number" in result.stderr
    assert "--quantity 2: measure: Field required" in result.stderr
    assert "--quantity 2: qualifier: Input should be 'exact'" in result.stderr
    assert "--quantity 2: 'colour=red' is not KEY=VALUE with a key among" in result.stderr
    assert "--quantity 1" not in result.stderr
    assert _ids(cli) == []


def test_edit_replaces_or_removes_the_numbers_and_logs_them(cli: CLI, desk: dict[str, str]) -> None:
    """--quantity replaces all the claim's numbers (a new version, logged); --no-quantities clears."""
    cli.ok("claim", "add", "Oil revenue fell.", "--quantity", REVENUE, actor="fiona")
    cli.ok("claim", "edit", "1", "--quantity", EXITS, "--if-version", "1", actor="fiona")
    data = _claim(cli, 1)
    assert [q["measure"] for q in data["claim"]["quantities"]] == ["Western firms that left"]
    assert data["claim"]["version"] == 2
    (edited,) = [e for e in data["history"] if e["action"] == "edited"]
    assert [q["measure"] for q in edited["before"]["quantities"]] == ["fall in oil revenue"]
    assert [q["measure"] for q in edited["after"]["quantities"]] == ["Western firms that left"]
    cli.ok("claim", "edit", "1", "--no-quantities", actor="fiona")
    data = _claim(cli, 1)
    assert (data["claim"]["quantities"], data["claim"]["version"]) == ([], 3)
    bad = cli("claim", "edit", "1", "--quantity", "value=1;unit=%", actor="fiona")
    assert bad.exit_code == 5
    assert "--quantity: measure: Field required" in bad.stderr


def test_list_filters_on_numbers(cli: CLI, desk: dict[str, str]) -> None:
    """--has-number/--no-number, --unit and --year; unit and year must hold for the same number."""
    cli.ok("claim", "add", "Oil revenue fell.", "--quantity", REVENUE, actor="fiona")
    cli.ok("claim", "add", "Firms left.", "--quantity", EXITS, actor="fiona")
    cli.ok("claim", "add", "Russia is isolated.", actor="fiona")
    cli.ok(
        "claim", "add", "Both.", "--quantity", "value=3;unit=USD;measure=m;period=2024",
        "--quantity", "value=5;unit=%;measure=n;period=2019", actor="fiona",
    )  # fmt: skip
    assert _ids(cli, "--has-number") == [1, 2, 4]
    assert _ids(cli, "--no-number") == [3]
    assert _ids(cli, "--unit", "%") == [1, 4]
    assert _ids(cli, "--unit", "COMPANIES", "--unit", "usd") == [2, 4]
    assert _ids(cli, "--year", "2024") == [1, 4]
    assert _ids(cli, "--year", "2022") == [2]
    assert _ids(cli, "--unit", "%", "--year", "2024") == [1]  # claim 4's % is for 2019
    both = cli("claim", "list", "--no-number", "--unit", "%")
    assert both.exit_code == 5
    assert "claims without numbers have no unit or year" in both.stderr
