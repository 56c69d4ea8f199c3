"""A tamper-evident log: `claimdb db check` finds a changed, deleted, inserted or reordered
event, and a row changed without an event.

Each case tampers the way someone with the database's credentials could,
bypassing the append-only triggers (dropped and put back on SQLite;
``session_replication_role = replica`` on PostgreSQL), or editing claims,
verdicts, notes, citations, tags and flags in SQL, and then runs the real
`db check`, which must fail (exit 8) naming the first broken link, or the
claim, the field and the event the row contradicts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text

from conftest import CLI
from support import add_claim, add_source, cite

SQLITE_TRIGGERS = (
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
    "SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
    "SELECT RAISE(ABORT, 'events are append-only'); END",
)


@contextmanager
def unguarded(url: str) -> Iterator[Connection]:
    """A connection on which the append-only triggers do not fire; they are back afterwards."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("DROP TRIGGER events_no_update")
                conn.exec_driver_sql("DROP TRIGGER events_no_delete")
            else:
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            yield conn
            if conn.dialect.name == "sqlite":
                for sql in SQLITE_TRIGGERS:
                    conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def _activity(cli: CLI, fixtures: Path) -> None:
    claim = add_claim(cli, "Gas exports fell.")
    cli.ok("flag", str(claim), "--reason", "outdated", "--note", "n", actor="fiona")
    cli.ok("claim", "tag", str(claim), "energy", actor="fiona")
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")


def _check(cli: CLI) -> tuple[int, str]:
    result = cli("db", "check")
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout + result.stderr


def test_an_untouched_log_checks_out(cli: CLI, desk: dict[str, str], fixtures: Path) -> None:
    """Per-record and bulk (import) events form one unbroken chain; db check prints its head."""
    _activity(cli, fixtures)
    code, out = _check(cli)
    assert code == 0, out
    log = json.loads(cli.ok("log", "--limit", "0", "-f", "json").stdout)
    assert f"event log intact: {len(log)} links" in out
    assert "chain head " in out


def _alter(conn: Connection) -> None:
    conn.execute(text("UPDATE events SET reason = 'nothing happened' WHERE id = 3"))


def _delete(conn: Connection) -> None:
    conn.execute(text("DELETE FROM events WHERE id = 3"))


def _reorder(conn: Connection) -> None:
    conn.execute(text("UPDATE events SET seq = -seq WHERE seq IN (3, 4)"))
    conn.execute(text("UPDATE events SET seq = 7 - (-seq) WHERE seq IN (-3, -4)"))


def _truncate(conn: Connection) -> None:
    conn.execute(text("DELETE FROM events"))


def _drop_the_last(conn: Connection) -> None:
    conn.execute(text("DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)"))


def _insert_unchained(conn: Connection) -> None:
    conn.execute(
        text(
            "INSERT INTO events (occurred_at, actor_id, entity, entity_id, claim_id, action) "
            "VALUES ('2020-01-01 00:00:00', 1, 'claim', 1, 1, 'verified')"
        )
    )


def _insert_forged_link(conn: Connection) -> None:
    last = conn.execute(text("SELECT max(seq), max(id) FROM events")).one()
    conn.execute(
        text(
            "INSERT INTO events (occurred_at, actor_id, entity, entity_id, claim_id, action, "
            "seq, prev_hash, hash) VALUES ('2020-01-01 00:00:00', 1, 'claim', 1, 1, 'verified', "
            ":seq, (SELECT hash FROM events WHERE seq = :last), :forged)"
        ),
        {"seq": last[0] + 1, "last": last[0], "forged": "f" * 64},
    )


TAMPERING: dict[str, tuple[Callable[[Connection], None], str]] = {
    "altered": (_alter, "was altered"),
    "deleted": (_delete, "link 3 is missing"),
    "reordered": (_reorder, "does not follow"),
    "truncated": (_truncate, "the log ends at link 0"),
    "last-removed": (_drop_the_last, "the log ends at link"),
    "inserted-unchained": (_insert_unchained, "has no place in the chain"),
    "inserted-forged-link": (_insert_forged_link, "does not match its hash"),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_is_found(cli: CLI, desk: dict[str, str], fixtures: Path, case: str) -> None:
    """Each way of changing the log outside claimdb fails db check (exit 8), naming the break."""
    _activity(cli, fixtures)
    tamper, message = TAMPERING[case]
    with unguarded(cli.db_url) as conn:
        tamper(conn)
    code, out = _check(cli)
    assert code == 8, out
    assert "the event log was tampered with" in out
    assert message in out, out


def test_a_dropped_trigger_is_found(cli: CLI, desk: dict[str, str]) -> None:
    """db check fails when the append-only triggers are gone (or disabled)."""
    add_claim(cli, "Gas exports fell.")
    engine = create_engine(cli.db_url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("DROP TRIGGER events_no_update")
            else:
                conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER events_append_only")
    finally:
        engine.dispose()
    code, out = _check(cli)
    assert code == 8, out
    assert "the event log is not protected" in out


def test_truncate_is_refused_on_postgresql(cli: CLI, desk: dict[str, str]) -> None:
    """TRUNCATE events is refused by a trigger on PostgreSQL (SQLite has no TRUNCATE)."""
    from sqlalchemy.exc import DBAPIError

    add_claim(cli, "Gas exports fell.")
    engine = create_engine(cli.db_url)
    try:
        if engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE; DELETE is refused by events_no_delete")
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE events CASCADE")
    finally:
        engine.dispose()
    assert _check(cli)[0] == 0


# Rows changed behind claimdb's back, the log left alone: `db check` replays the claim's events.


def _checked_claim(cli: CLI) -> dict[str, int]:
    """One claim with a cited source, a verdict, a note and an open flag; the ids."""
    claim = add_claim(cli, "Gas exports fell by 4 percent.", "--priority", "2")
    source = add_source(cli, "Trade data", "https://example.org/trade")
    citation = cite(cli, claim, source, "supports")
    cli.ok(
        "verify", str(claim), "--verdict", "true", "--rationale", "the table says so", actor="fiona"
    )
    note = cli.ok("note", str(claim), "Which table?", "-f", "json", actor="fiona")
    flag = cli.ok(
        "flag", str(claim), "--reason", "outdated", "--note", "n", "-f", "json", actor="fiona"
    )
    cli.ok("claim", "tag", str(claim), "energy", actor="fiona")
    return {
        "claim": claim,
        "source": source,
        "citation": citation,
        "note": int(json.loads(note.stdout)["id"]),
        "flag": int(json.loads(flag.stdout)["id"]),
    }


ROW_TAMPERING: dict[str, tuple[str, str]] = {
    "claim text": ("UPDATE claims SET text = 'Gas exports rose.' WHERE id = {claim}", "text is"),
    "claim status": ("UPDATE claims SET status = 'unreviewed' WHERE id = {claim}", "status is"),
    "claim priority": ("UPDATE claims SET priority = 5 WHERE id = {claim}", "priority is"),
    "claim archived": (
        "UPDATE claims SET archived_at = CURRENT_TIMESTAMP WHERE id = {claim}",
        "archived is True",
    ),
    "tag added": ("INSERT INTO claim_tags (claim_id, tag) VALUES ({claim}, 'x')", "tags is"),
    "current verdict": (
        "UPDATE claims SET current_verdict_id = NULL WHERE id = {claim}",
        "the current verdict is none",
    ),
    "verdict rationale": (
        "UPDATE verdicts SET rationale = 'no reason' WHERE claim_id = {claim}",
        "rationale is 'no reason', but event",
    ),
    "note body": (
        "UPDATE notes SET body = 'Never mind.' WHERE id = {note}",
        "note {note} body is 'Never mind.'",
    ),
    "note deleted": ("DELETE FROM notes WHERE id = {note}", "note {note} is gone"),
    "citation stance": (
        "UPDATE citations SET stance = 'refutes' WHERE id = {citation}",
        "citation {citation} stance is 'refutes'",
    ),
    "citation added": (
        "INSERT INTO citations (claim_id, source_id, kind, stance, added_by_id, added_at) "
        "VALUES ({claim}, {source}, 'evidence', 'supports', 1, CURRENT_TIMESTAMP)",
        "was added by no event",
    ),
    "flag resolved": (
        "UPDATE flags SET resolved_at = CURRENT_TIMESTAMP, resolved_by_id = 1, "
        "resolution = 'done' WHERE id = {flag}",
        "flag {flag} resolved is True",
    ),
}


def _sql(url: str, sql: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", sorted(ROW_TAMPERING))
def test_a_row_changed_without_an_event_is_found(
    cli: CLI, desk: dict[str, str], fixtures: Path, case: str
) -> None:
    """A claim, verdict, note, citation, tag or flag changed in SQL fails db check (exit 8),
    naming the claim, the field and the event it contradicts; the untouched desk passed."""
    ids = _checked_claim(cli)
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    code, out = _check(cli)
    assert code == 0, out
    assert "claims agree with their events" in out
    sql, message = ROW_TAMPERING[case]
    _sql(cli.db_url, sql.format(**ids))

    code, out = _check(cli)

    assert code == 8, out
    assert "rows were changed without an event" in out
    assert f"claim {ids['claim']}: " in out
    assert message.format(**ids) in out, out


def test_db_check_samples_claims_and_always_the_ones_changed_last(
    cli: CLI, desk: dict[str, str]
) -> None:
    """--sample 0 still compares the claims changed last; an older one needs a sample."""
    old = add_claim(cli, "Gas exports fell by 4 percent.")
    for n in range(60):
        add_claim(cli, f"Claim number {n} is newer.")
    for n in range(60):
        cli.ok("claim", "edit", str(old + 1 + n), "--priority", "1", actor="fiona")
    _sql(cli.db_url, f"UPDATE claims SET text = 'Gas exports rose.' WHERE id = {old}")
    newest = old + 60
    _sql(cli.db_url, f"UPDATE claims SET speaker = 'Nobody' WHERE id = {newest}")

    code, out = _check_sampled(cli, "0")
    assert code == 8, out
    assert f"claim {newest}: speaker is 'Nobody'" in out
    assert f"claim {old}:" not in out, "outside the sample and not changed lately"

    code, out = _check_sampled(cli, "100")
    assert code == 8, out
    assert f"claim {old}: text is 'Gas exports rose.'" in out
    assert "2 found in 61 claims checked" in out


def _check_sampled(cli: CLI, sample: str) -> tuple[int, str]:
    result = cli("db", "check", "--sample", sample)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout + result.stderr
