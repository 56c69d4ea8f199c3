"""A desk's own rating scale: `scale add` (editors), `scale show` (its crosswalk), and using it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CLI

POLITIFACT = [
    "--label", "Pants on Fire=false",
    "--label", "false=false",
    "--label", "half-true=mixed",
    "--label", "mostly-true=mostly-true",
    "--label", "true=true",
    "--label", "Full Flop=unverifiable",
]  # fmt: skip


def test_an_editor_adds_a_scale_and_it_rates_claims(cli: CLI, desk: dict[str, str]) -> None:
    """Labels worst to best get values 1..n (unverifiable none), map onto claimdb's, and rate."""
    added = cli.ok(
        "scale", "add", "politifact", *POLITIFACT, "--title", "PolitiFact",
        "--description", "The Truth-O-Meter", actor="eddie",
    )  # fmt: skip
    assert "added rating scale politifact with 6 labels" in added.stderr
    scale = json.loads(cli.ok("scale", "show", "politifact", "-f", "json").stdout)
    assert (scale["title"], scale["description"]) == ("PolitiFact", "The Truth-O-Meter")
    assert (scale["worst_value"], scale["best_value"], scale["is_default"]) == (1, 5, False)
    assert [(x["label"], x["title"], x["value"], x["maps_to"], x["verdict_class"]) for x in scale["labels"]] == [
        ("pants-on-fire", "Pants on Fire", 1, "false", "false"),
        ("false", "false", 2, "false", "false"),
        ("half-true", "half-true", 3, "mixed", "mixed"),
        ("mostly-true", "mostly-true", 4, "mostly-true", "true"),
        ("true", "true", 5, "true", "true"),
        ("full-flop", "Full Flop", None, "unverifiable", "unverifiable"),
    ]  # fmt: skip
    table = cli.ok("scale", "show", "politifact").stdout
    assert "ratingValue 1 (worst) to 5 (best)" in table
    assert "pants-on-fire" in table
    assert "Pants on Fire" in table
    rows = cli.ok("scale", "show", "politifact", "-f", "csv").stdout.splitlines()
    assert rows[0] == "scale,position,label,title,value,maps_to,verdict_class"
    assert rows[1] == "politifact,1,pants-on-fire,Pants on Fire,1,false,false"
    assert "politifact" in [
        r["scale"] for r in json.loads(cli.ok("scale", "list", "-f", "json").stdout)
    ]

    cli.ok("claim", "add", "The moon is cheese.", actor="fiona")
    cli.ok(
        "verify", "1", "--verdict", "pants-on-fire", "--scale", "politifact",
        "--rationale", "It is rock.", "--force", "--reason", "astronomy", actor="fiona",
    )  # fmt: skip
    found = json.loads(cli.ok("claim", "list", "--verdict", "false", "-f", "json").stdout)
    assert [(c["id"], c["verdict"], c["verdict_scale"]) for c in found] == [
        (1, "pants-on-fire", "politifact")
    ]
    events = json.loads(cli.ok("log", "-f", "json").stdout)
    (created,) = [e for e in events if e["entity"] == "scale"]
    assert (created["actor"], created["action"]) == ("eddie", "created")


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_scale_from_a_file(cli: CLI, desk: dict[str, str], tmp_path: Path, suffix: str) -> None:
    """--from-file reads title, description and labels (with titles) from YAML or JSON."""
    spec = {
        "title": "Traffic lights",
        "labels": [
            {"label": "red", "maps_to": "false", "title": "Red: wrong"},
            {"label": "amber", "maps_to": "mixed"},
            {"label": "green", "maps_to": "true", "description": "holds up"},
        ],
    }
    path = tmp_path / f"lights.{suffix}"
    if suffix == "json":
        path.write_text(json.dumps(spec), encoding="utf-8")
    else:
        import yaml

        path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    cli.ok("scale", "add", "lights", "--from-file", str(path), actor="ada")
    scale = json.loads(cli.ok("scale", "show", "lights", "-f", "json").stdout)
    assert scale["title"] == "Traffic lights"
    assert [(x["label"], x["title"], x["value"]) for x in scale["labels"]] == [
        ("red", "Red: wrong", 1),
        ("amber", "amber", 2),
        ("green", "green", 3),
    ]


def test_scale_add_refusals(cli: CLI, desk: dict[str, str]) -> None:
    """Only editors and admins; a taken name, an unknown mapping, a repeated label are refused."""
    denied = cli("scale", "add", "mine", "--label", "no=false", actor="fiona")
    assert denied.exit_code == 6
    assert cli("scale", "add", "mine", "--label", "no=false", actor="anna").exit_code == 6
    taken = cli("scale", "add", "liar", "--label", "no=false", actor="eddie")
    assert taken.exit_code == 9
    assert "a rating scale 'liar' already exists" in taken.stderr
    bad = cli("scale", "add", "mine", "--label", "a=wrong", "--label", "A=true", actor="eddie")
    assert bad.exit_code == 5
    assert "labels.0.maps_to: 'wrong' is not a label of the default scale" in bad.stderr
    assert "labels.1: 'a' is given twice" in bad.stderr
    assert cli("scale", "add", "Bad Name", "--label", "a=true", actor="eddie").exit_code == 5
    assert cli("scale", "add", "mine", actor="eddie").exit_code == 2
    assert cli("scale", "add", "mine", "--label", "nomapping", actor="eddie").exit_code == 2
    unknown = cli("scale", "show", "mine")
    assert unknown.exit_code == 3
    assert "no rating scale 'mine'" in unknown.stderr
