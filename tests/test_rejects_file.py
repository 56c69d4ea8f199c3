"""The rejects file: every rejected row carries what the file gave, and the file imports again."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

from claimdb.formats.lines import MAX_LINE_BYTES, PREFIX_BYTES
from conftest import CLI


def _texts(cli: CLI) -> list[str]:
    rows = json.loads(cli.ok("export", "--format", "json", "--sort", "id").stdout)
    return [r["text"] for r in rows]


def _rejects(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _recipe(sheet: Path, rejects: Path) -> tuple[list[str], list[str]]:
    """The two commands of the rejects recipe in docs/import-export.md, on these files."""
    doc = (Path(__file__).parents[1] / "docs" / "import-export.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(claimdb import desk\.csv .*?)```", doc, re.S)
    assert block is not None, "docs/import-export.md lost its rejects recipe"
    names = {"desk.csv": str(sheet), "rejects.jsonl": str(rejects)}
    first, again = (
        [names.get(w, w) for w in shlex.split(line)]
        for line in block.group(1).splitlines()
        if line.startswith("claimdb ")
    )
    assert first[-2:] == again[-2:] == ["--as", "fiona"]
    return first[1:-2], again[1:-2]


def test_label_rejects_and_overlong_lines_keep_their_row_and_import_again(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A refused label keeps its cells, an over-long line its start; fixed, they import (docs recipe)."""
    long_line = "Too long, " + "x" * MAX_LINE_BYTES
    sheet = tmp_path / "desk.csv"
    sheet.write_text(
        "Ref,Statement,Rating\n"
        "k-1,Kept as it is.,unverifiable\n"
        'r-1,"\'=Fares rose, the union says.",sort-of-true\n'
        f"{long_line}\n"
        "k-2,Also kept.,\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.jsonl"
    first, again_args = _recipe(sheet, rejects)
    result = cli.ok(*first, actor="fiona")
    assert "2 claims imported" in result.stderr
    assert "2 rejected" in result.stderr
    label, overlong = _rejects(rejects)
    assert label["line"] == 3
    assert label["row"] == {
        "Ref": "r-1",
        "Statement": "=Fares rose, the union says.",
        "Rating": "sort-of-true",
    }, "the cells as read (the export's formula guard off), keyed by the file's column names"
    assert "unknown verdict label 'sort-of-true'" in label["errors"][0]
    assert overlong["line"] == 4
    assert overlong["truncated"] is True
    assert overlong["bytes"] == len(long_line) + 1
    assert long_line.startswith(overlong["row"])
    assert 0 < len(overlong["row"].encode()) <= PREFIX_BYTES

    before = _texts(cli)
    again = cli(*again_args, actor="fiona")
    assert again.exit_code == 5, "unfixed, the rejects are refused again: nothing is truncated in"
    assert f"{rejects}:2: row: only the start of line 4 of the original file is kept" in (
        again.stderr
    )
    assert _texts(cli) == before

    label["row"]["Rating"] = "unverifiable"
    fixed = {"line": 4, "errors": [], "row": {"Ref": "r-2", "Statement": "Shortened."}}
    rejects.write_text(
        json.dumps(label) + "\n" + json.dumps(fixed) + "\n", encoding="utf-8", newline="\n"
    )
    cli.ok(*again_args, actor="fiona")
    assert _texts(cli) == [*before, "=Fares rose, the union says.", "Shortened."]
    rows = json.loads(cli.ok("export", "--format", "json", "--sort", "id").stdout)
    assert (rows[2]["external_id"], rows[2]["verdict"]["label"]) == ("r-1", "unverifiable")


def test_json_records_refused_after_reading_keep_their_object(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A JSON Lines record refused for its label is written back as the object it was, not null."""
    path = tmp_path / "claims.jsonl"
    record = {"text": "Bus fares doubled.", "verdict": {"label": "kinda", "scale": "claimdb"}}
    path.write_text(json.dumps({"text": "Fine."}) + "\n" + json.dumps(record) + "\n")
    rejects = tmp_path / "rejects.jsonl"
    cli.ok("import", str(path), "--skip-invalid", "--rejects", str(rejects), actor="fiona")
    (reject,) = _rejects(rejects)
    assert (reject["line"], reject["row"]) == (2, record)
    reject["row"]["verdict"]["label"] = "unverifiable"
    rejects.write_text(json.dumps(reject) + "\n", encoding="utf-8")
    cli.ok("import", str(rejects), actor="fiona")
    assert _texts(cli) == ["Fine.", "Bus fares doubled."]


def test_factcheck_api_rejects_import_again_with_their_format(
    cli: CLI, desk: dict[str, str], tmp_path: Path, fixtures: Path
) -> None:
    """A Fact Check API record's reject is the API's own object; fixed, it imports with --format."""
    data = json.loads((fixtures / "factcheck_api.json").read_text(encoding="utf-8"))
    data["claims"][0]["text"] = "x" * 10_001
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    opts = ("--format", "factcheck-api")
    cli.ok("import", str(path), *opts, "--skip-invalid", "--rejects", str(rejects), actor="fiona")
    (reject,) = _rejects(rejects)
    assert reject["row"]["claimReview"] == data["claims"][0]["claimReview"]
    reject["row"]["text"] = "Wind turbines cause more bird deaths than cats."
    rejects.write_text(json.dumps(reject, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli.ok("import", str(rejects), *opts, actor="fiona")
    assert "1 claim imported" in result.stderr
    rows = json.loads(cli.ok("export", "--format", "json", "--sort", "id").stdout)
    assert rows[-1]["text"] == "Wind turbines cause more bird deaths than cats."
    assert rows[-1]["verdict"]["publisher"] == "Example Fact Check"


def test_a_row_that_could_not_be_split_is_refused_again_saying_so(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A ragged row is kept as its text; imported back as it is, it is refused with what to do."""
    sheet = tmp_path / "desk.csv"
    sheet.write_text("text,speaker\nFine.,A\nOne,two,three\n", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    cli.ok("import", str(sheet), "--skip-invalid", "--rejects", str(rejects), actor="fiona")
    (reject,) = _rejects(rejects)
    assert reject["row"] == "One,two,three"
    again = cli("import", str(rejects), actor="fiona")
    assert again.exit_code == 5
    assert f"{rejects}:1: row: the text of line 3 of the original file" in again.stderr
    assert _texts(cli) == ["Fine."]
