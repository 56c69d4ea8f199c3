"""Migrations: one head, a stairway, models == migrations, upgrades that keep data."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from claimdb.db import migrate
from claimdb.db.engine import get_engine
from claimdb.db.schema_version import SCHEMA_HEAD


def test_single_head() -> None:
    """The migration graph has exactly one head."""
    assert len(migrate.heads()) == 1


def test_schema_head_constant_matches_alembic() -> None:
    """SCHEMA_HEAD (checked by every command without importing Alembic) is the real head."""
    assert migrate.head() == SCHEMA_HEAD


def test_history_is_linear() -> None:
    """Each revision follows the previous one: no branches, no orphans."""
    revisions = migrate.history()
    assert revisions[0].down_revision is None
    for previous, current in itertools.pairwise(revisions):
        assert current.down_revision == previous.revision


def test_stairway(empty_db_url: str) -> None:
    """Every revision upgrades, downgrades and upgrades again."""
    for rev in migrate.history():
        migrate.upgrade(empty_db_url, rev.revision, backup=False)
        assert migrate.current(empty_db_url) == rev.revision
        migrate.downgrade(empty_db_url, rev.down_revision or "base")
        assert migrate.current(empty_db_url) == rev.down_revision
        migrate.upgrade(empty_db_url, rev.revision, backup=False)
    assert migrate.current(empty_db_url) == SCHEMA_HEAD
    migrate.downgrade(empty_db_url, "base")
    assert migrate.table_names(empty_db_url) == ["alembic_version"]


def test_models_match_migrations(db_url: str) -> None:
    """`alembic check`: the models and the migrated schema agree."""
    assert migrate.schema_drift(db_url) == []


def _execute(url: str, *statements: str) -> None:
    """Run SQL through claimdb's own engine: on SQLite, with foreign keys on."""
    with get_engine(url).begin() as conn:
        for sql in statements:
            conn.execute(text(sql))


ROWS_AT_0001 = (
    "INSERT INTO people (name, role, active, created_at) VALUES ('ada', 'admin', TRUE, CURRENT_TIMESTAMP)",
    "INSERT INTO documents (slug, title, language, created_at) VALUES ('r', 'Report', 'en', CURRENT_TIMESTAMP)",
    "INSERT INTO document_versions (document_id, number, text, content_hash, created_at) "
    "VALUES (1, 1, 'Heading\nRussia diverted 3.2 trillion rubles.', 'h', CURRENT_TIMESTAMP)",
    "INSERT INTO sections (version_id, ordinal, level, title, start_offset, end_offset) "
    "VALUES (1, 1, 1, 'Heading', 0, 45)",
    "INSERT INTO claims (text, claim_type, checkable, version_id, section_id, quote_exact, start_offset, "
    "end_offset, priority, status, created_by_id, created_at, updated_at, version) VALUES "
    "('Russia diverted 3.2 trillion rubles to debt servicing', 'statistic', TRUE, 1, 1, "
    "'3.2 trillion rubles', 24, 43, 1, 'unreviewed', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
    "INSERT INTO claim_tags (claim_id, tag) VALUES (1, 'sanctions')",
    "INSERT INTO quantities (claim_id, ordinal, value, unit, measure, qualifier) "
    "VALUES (1, 1, 3200000000000, 'RUB', 'debt servicing', 'exact')",
    "INSERT INTO sources (csl_type, title, authors, reliability, link_status, created_by_id, created_at) "
    "VALUES ('report', 'Budget data', '[]', 'high', 'live', 1, CURRENT_TIMESTAMP)",
    "INSERT INTO citations (claim_id, source_id, kind, stance, added_by_id, added_at) "
    "VALUES (1, 1, 'evidence', 'supports', 1, CURRENT_TIMESTAMP)",
    "INSERT INTO rating_scales (name, title, is_default) VALUES ('desk', 'Desk scale', FALSE)",
    "INSERT INTO rating_labels (scale_id, label, title, position, verdict_class) "
    "VALUES (1, 'ok', 'OK', 1, 'true')",
    "INSERT INTO verdicts (claim_id, label_id, rationale, reviewer_id, created_at, forced) "
    "VALUES (1, 1, 'matches the budget', 1, CURRENT_TIMESTAMP, FALSE)",
    "UPDATE claims SET current_verdict_id = 1",
    "INSERT INTO notes (claim_id, kind, body, author_id, created_at) "
    "VALUES (1, 'comment', 'check the year', 1, CURRENT_TIMESTAMP)",
    "INSERT INTO flags (claim_id, reason, raised_by_id, raised_at) "
    "VALUES (1, 'needs-source', 1, CURRENT_TIMESTAMP)",
    "INSERT INTO events (occurred_at, actor_id, entity, entity_id, claim_id, action) "
    "VALUES (CURRENT_TIMESTAMP, 1, 'claim', 1, 1, 'created')",
)
TABLES = [
    "people",
    "documents",
    "document_versions",
    "sections",
    "claims",
    "claim_tags",
    "quantities",
    "sources",
    "citations",
    "rating_scales",
    "rating_labels",
    "verdicts",
    "notes",
    "flags",
    "events",
]


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
    finally:
        engine.dispose()


def test_upgrade_keeps_rows_with_foreign_keys_on(empty_db_url: str) -> None:
    """A database holding rows at the first revision upgrades to head intact."""
    first = migrate.history()[0].revision
    migrate.upgrade(empty_db_url, first, backup=False)
    _execute(empty_db_url, *ROWS_AT_0001)
    before = _counts(empty_db_url)

    migrate.upgrade(empty_db_url, backup=False)

    after = _counts(empty_db_url)
    added_by_migrations = {"rating_scales", "rating_labels"}
    assert {t: n for t, n in after.items() if t not in added_by_migrations} == {
        t: n for t, n in before.items() if t not in added_by_migrations
    }
    assert after["rating_scales"] > before["rating_scales"]
    with get_engine(empty_db_url).connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            hits = conn.exec_driver_sql(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'trillion'"
            ).fetchall()
            assert hits == [(1,)], "rows present before the FTS migration are indexed"


def test_content_key_migration_recomputes_the_identity_both_ways(empty_db_url: str) -> None:
    """p001 turns each claim's hex content hash into the key the code computes, and back."""
    import hashlib

    from claimdb.formats.identity import claim_content_key

    migrate.upgrade(empty_db_url, "0001", backup=False)
    _execute(empty_db_url, *ROWS_AT_0001)
    _execute(
        empty_db_url,
        "INSERT INTO claims (text, claim_type, checkable, speaker, priority, status, "
        "created_by_id, created_at, updated_at, version) VALUES ('Unemployment  FELL by half', "
        "'statistic', TRUE, 'The Mayor', 3, 'unreviewed', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
    )
    migrate.upgrade(empty_db_url, "p001", backup=False)
    expected = {
        1: claim_content_key("Russia diverted 3.2 trillion rubles to debt servicing", None, 1, 24),
        2: claim_content_key("unemployment fell by half", "the mayor", None, None),
    }
    with get_engine(empty_db_url).connect() as conn:
        keys: dict[int, int] = dict(conn.execute(text("SELECT id, content_key FROM claims")).all())
    assert keys == expected
    assert len(set(keys.values())) == 2

    migrate.downgrade(empty_db_url, "io01")
    with get_engine(empty_db_url).connect() as conn:
        hashes: dict[int, str] = dict(
            conn.execute(text("SELECT id, content_hash FROM claims")).all()
        )
    key = "unemployment fell by half\x1fthe mayor\x1f\x1f"
    assert hashes[2] == hashlib.sha256(key.encode()).hexdigest()
    assert int.from_bytes(bytes.fromhex(hashes[1])[:8], "big", signed=True) == expected[1]


def test_failed_upgrade_leaves_database_unchanged(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that fails half-way is rolled back to the revision before it."""
    migrate.upgrade(empty_db_url, "0002", backup=False)
    before = _counts(empty_db_url)
    # Make 0003 fail after its first statements: a row that breaks its last step.
    import importlib.util

    path = migrate.script_location() / "versions" / "0003_search_and_append_only_log.py"
    spec = importlib.util.spec_from_file_location("m0003", path)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from alembic import op as alembic_op

    real_execute = alembic_op.execute
    calls = {"n": 0}

    def failing_execute(sql: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("simulated failure in the middle of a migration")
        return real_execute(sql, *args, **kwargs)

    monkeypatch.setattr(alembic_op, "execute", failing_execute)
    with pytest.raises(RuntimeError, match="simulated failure"):
        migrate.upgrade(empty_db_url, backup=False)
    monkeypatch.undo()
    assert migrate.current(empty_db_url) == "0002"
    assert _counts(empty_db_url) == before
    assert not any(t.startswith("claims_fts") for t in migrate.table_names(empty_db_url))


def test_events_are_append_only(db_url: str) -> None:
    """The database itself refuses to change or delete an event."""
    _execute(
        db_url,
        "INSERT INTO people (name, role, active, created_at) VALUES ('ada', 'admin', TRUE, CURRENT_TIMESTAMP)",
        "INSERT INTO events (occurred_at, actor_id, entity, entity_id, action) "
        "VALUES (CURRENT_TIMESTAMP, 1, 'person', 1, 'created')",
    )
    with pytest.raises(Exception, match="append-only"):
        _execute(db_url, "UPDATE events SET action = 'forged'")
    with pytest.raises(Exception, match="append-only"):
        _execute(db_url, "DELETE FROM events")


def test_sqlite_upgrade_writes_a_backup(tmp_path: Path) -> None:
    """Upgrading an existing SQLite file first copies it aside, readable and complete."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    migrate.upgrade(url, "0002", backup=False)
    backup = migrate.upgrade(url)
    assert backup is not None
    assert backup.exists()
    assert backup.name.startswith("desk.sqlite3.0002.")
    assert migrate.current(f"sqlite:///{backup}") == "0002"
    assert migrate.current(url) == SCHEMA_HEAD
    assert migrate.upgrade(url) is None, "no backup when there is nothing to upgrade"


def test_migration_files_sort_in_revision_order() -> None:
    """The files of migrations/versions/ listed by name are the history from base to head."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    history = [Path(r.path).name for r in reversed(list(script.walk_revisions()))]
    assert history == sorted(history)


def test_alembic_command_line_checks_foreign_keys_like_claimdb(tmp_path: Path) -> None:
    """`alembic upgrade` (env.py) and `claimdb db upgrade` share one connection policy.

    On SQLite: enforcement off while batch migrations rebuild tables, and a
    foreign-key check before commit, which rolls back a migration that broke one.
    """
    import subprocess
    import sys

    db = tmp_path / "cli.sqlite3"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"url=sqlite:///{db}", "upgrade", "head"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert migrate.current(f"sqlite:///{db}") == SCHEMA_HEAD
    engine = create_engine(f"sqlite:///{db}")
    enforced: list[object] = []

    def orphan() -> None:
        with migrate.migration_transaction(engine) as c:
            enforced.append(c.exec_driver_sql("PRAGMA foreign_keys").scalar())
            c.exec_driver_sql("INSERT INTO claim_tags (claim_id, tag) VALUES (999, 'orphan')")

    with pytest.raises(migrate.MigrationIntegrityError):
        orphan()
    assert enforced == [0]
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM claim_tags").scalar() == 0
    engine.dispose()
