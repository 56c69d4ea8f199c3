"""Hostile input (issue 17): bad ports, NUL, lone surrogates, look-alike and script URLs, formulas.

Each is refused with a located message and exit 5, and changes nothing, or
is written out so that it cannot act (a spreadsheet formula, a live link).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from conftest import CLI
from support import add_claim, add_source, database_state, parse

BAD_PORTS = ["https://example.com:99999/", "https://example.com:-1/", "https://example.com:abc/"]


def _refused(result: object, code: int = 5) -> str:
    stderr = str(result.stderr)  # type: ignore[attr-defined]
    assert result.exit_code == code, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    return stderr


@pytest.mark.parametrize("url", BAD_PORTS)
def test_a_bad_port_is_refused_everywhere(
    cli: CLI, desk: dict[str, str], tmp_path: Path, url: str
) -> None:
    """source add, cite by URL, claim add --appearance-url and an import's source_url refuse it."""
    claim = add_claim(cli, "Gas exports fell.")
    before = database_state(cli)
    stderr = _refused(cli("source", "add", "--title", "T", "--url", url, actor="fiona"))
    assert "invalid port" in stderr
    _refused(cli("cite", str(claim), url, "--stance", "supports", actor="fiona"))
    stderr = _refused(cli("claim", "add", "Oil rose.", "--appearance-url", url, actor="fiona"))
    assert "appearance_url" in stderr
    rows = tmp_path / "claims.csv"
    rows.write_text(f"text,source_url,source_title,stance\nOil rose.,{url},T,supports\n")
    stderr = _refused(cli("import", str(rows), actor="fiona"))
    assert "claims.csv:2: citations.0.source.url: " in stderr, stderr
    assert "invalid port" in stderr
    assert database_state(cli) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "Gas\x00 fell.", "NUL character"),
        ("speaker", "Ana\x00", "NUL character"),
        ("text", "Gas \ud800 fell.", "unicode string"),
    ],
)
def test_nul_and_lone_surrogates_in_an_import_are_refused(
    cli: CLI, desk: dict[str, str], tmp_path: Path, *, field: str, value: str, message: str
) -> None:
    """A JSON import with NUL or a lone surrogate names the line and field, the same on both databases."""
    record = {"text": "Gas exports fell.", "speaker": "Ana", field: value}
    rows = tmp_path / "claims.jsonl"
    ok = json.dumps({"text": "Oil rose.", "external_id": "x:1"})
    rows.write_text(ok + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    before = database_state(cli)
    stderr = _refused(cli("import", str(rows), actor="fiona"))
    assert f"claims.jsonl:2: {field}: " in stderr
    assert message in stderr
    assert database_state(cli) == before


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/><script>alert(3)</script>",
        'https://example.com/"onmouseover="x',
        "https://example.com/a b",
        "https://exa\u200bmple.com/",
        "https://example.com/\u202egpj.exe",
        "https://example.com/\x07",
        "https://example.com/{x}|^`\\",
    ],
)
def test_unsafe_url_characters_are_refused(cli: CLI, desk: dict[str, str], url: str) -> None:
    """Characters a URL cannot hold unescaped, controls, zero-width and bidi controls: refused."""
    before = database_state(cli)
    stderr = _refused(cli("source", "add", "--title", "T", "--url", url, actor="fiona"))
    assert "is not a usable URL" in stderr
    assert database_state(cli) == before


def test_a_look_alike_host_is_shown_in_punycode(cli: CLI, desk: dict[str, str]) -> None:
    """An IDN host is stored as given, and shown in its punycode form next to it."""
    result = cli.ok(
        "source", "add", "--title", "T", "--url", "https://\u0435xample.com/", actor="fiona"
    )
    assert "https://xn--xample-2of.com/" in result.stderr
    assert "internationalised host" in result.stderr


def test_markdown_export_escapes_a_stored_script_url(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A URL stored before validation (written into the table) is percent-encoded in Markdown."""
    from sqlalchemy import update

    from claimdb.db.models import Source
    from claimdb.db.uow import UnitOfWork

    claim = add_claim(cli, "Gas exports fell.")
    source = add_source(cli, "S", "https://example.com/ok")
    cli.ok("cite", str(claim), str(source), "--stance", "supports", actor="fiona")
    evil = "https://example.com/><script>alert(3)</script>"
    with UnitOfWork(cli.db_url) as uow:
        uow.session.execute(update(Source).where(Source.id == source).values(url=evil))
    out = cli.ok("export", "-f", "markdown").stdout
    assert "<script>" not in out
    assert "<https://example.com/%3E%3Cscript%3Ealert(3)%3C/script%3E>" in out


FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_list_csv_guards_formulas(cli: CLI, desk: dict[str, str], formula: str) -> None:
    """claim list, source list and review in CSV: a cell starting with = + - @ gets a quote."""
    cli.ok("claim", "add", "--anyway", "--as", "fiona", "--", formula)
    cli.ok("source", "add", "--title", formula, "--url", "https://example.org/f", actor="fiona")
    for argv in (["claim", "list"], ["source", "list"], ["review"]):
        rows = parse("csv", cli.ok(*argv, "-f", "csv").stdout)
        cells = [v for row in rows for v in row.values()]
        assert "'" + formula in cells, (argv, cells)
        assert formula not in cells


def test_export_to_a_fifo_writes_into_it(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """`export -o FIFO` writes into the pipe and leaves it a pipe (not a 0600 regular file)."""
    add_claim(cli, "Gas exports fell.")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    cli.ok("export", "-f", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"Gas exports fell." in got[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_export_to_a_device_leaves_the_device(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """`export -o DEVICE` (as root, e.g. /dev/null) writes into it and never renames over it.

    A private node for /dev/null's device (1, 3): a failing run must not replace the real one.
    """
    add_claim(cli, "Gas exports fell.")
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    before = null.stat()
    cli.ok("export", "-f", "json", "-o", str(null))
    after = null.stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_new_export_file_gets_the_umask(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """A new file is created with the user's umask (not mkstemp's 0600); a replaced one keeps its mode."""
    add_claim(cli, "Gas exports fell.")
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.json"
        cli.ok("export", "-f", "json", "-o", str(new))
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.json"
        kept.write_text("", encoding="utf-8")
        kept.chmod(0o640)
        cli.ok("export", "-f", "json", "-o", str(kept))
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
        assert "Gas exports fell." in kept.read_text(encoding="utf-8")
    finally:
        os.umask(old)


def test_text_starting_with_a_dash_after_double_dash(cli: CLI, desk: dict[str, str]) -> None:
    """`--` ends the options: a claim text such as '-2% is the real figure' is taken as text."""
    result = cli.ok("claim", "add", "--anyway", "--as", "fiona", "--", "-2% is the real figure")
    claims = json.loads(cli.ok("claim", "list", "-f", "json").stdout)
    assert [c["text"] for c in claims] == ["-2% is the real figure"], result.stderr


@pytest.mark.parametrize("query", ["0\x00", "gas \x00 exports"])
def test_a_search_with_nul_is_refused(cli: CLI, desk: dict[str, str], query: str) -> None:
    """A search for NUL is refused (exit 5); on PostgreSQL it was a psycopg DataError traceback."""
    add_claim(cli, "Gas exports fell.")
    stderr = _refused(cli("search", query))
    assert "NUL character" in stderr


def test_list_csv_with_a_bare_carriage_return_parses(cli: CLI, desk: dict[str, str]) -> None:
    """A text holding a bare CR is quoted in list CSV (Python 3.11's writer left it bare)."""
    add_claim(cli, "Gas\rexports fell.")
    rows = parse("csv", cli.ok("claim", "list", "-f", "csv").stdout)
    assert [r["text"] for r in rows] == ["Gas\rexports fell."]
