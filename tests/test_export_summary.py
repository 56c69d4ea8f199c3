"""`claimdb export`'s summary on stderr: counts in the singular and the plural."""

from __future__ import annotations

import json

from conftest import CLI


def test_summary_counts_in_the_singular_and_plural(cli: CLI, desk: dict[str, str]) -> None:
    """'exported 1 claim', 'exported 2 claims', '1 source cited by N claims', '0 sources cited by 0 claims'."""
    cli.ok("seed")
    claims = len(json.loads(cli.ok("claim", "list", "--format", "json").stdout))
    cited = json.loads(cli.ok("export", "--format", "csl-json").stdout)
    assert len(cited) == 1, "the seed report names one source"
    for args, summary in [
        (("--limit", "1"), "exported 1 claim\n"),
        (("--limit", "2"), "exported 2 claims\n"),
        (("--format", "csl-json"), f"exported 1 source cited by {claims} claims\n"),
        (
            ("--format", "csl-json", "--tag", "no-such-tag"),
            "exported 0 sources cited by 0 claims\n",
        ),
    ]:
        result = cli.ok("export", *args)
        assert result.stderr.endswith(summary), (args, result.stderr)
