"""Messages on stderr are printed as written: square brackets are text, not Rich markup."""

from __future__ import annotations

from conftest import CLI


def test_error_and_success_messages_keep_brackets(cli: CLI) -> None:
    """A name with [brackets] appears verbatim in the success line and in the error naming it."""
    added = cli.ok("user", "add", "[bold]x", "--role", "admin")
    assert "added [bold]x (admin)" in added.stderr
    again = cli("user", "add", "[bold]x", "--role", "admin", actor="[bold]x")
    assert again.exit_code == 9
    assert again.stdout == ""
    assert "a person named '[bold]x' already exists" in again.stderr
