"""A PostgreSQL import into an empty table: which indexes and keys it drops, and what it locks."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine

from claimdb.db import bulk
from claimdb.db.uow import UnitOfWork

_UNOWNED = (
    "SELECT indexname FROM pg_indexes i WHERE schemaname = current_schema() "
    "AND tablename IN ('claims', 'claim_tags') AND NOT EXISTS "
    "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY 1"
)
_KEYS = (
    "SELECT conname FROM pg_constraint WHERE contype = 'f' "
    "AND conrelid::regclass::text IN ('claims', 'claim_tags') ORDER BY 1"
)


def _names(conn: Any, sql: str) -> list[str]:
    return [str(n) for n in conn.exec_driver_sql(sql).scalars()]


def test_empty_table_drops_every_unowned_index_and_only_its_own_keys(db_url: str) -> None:
    """Every index no constraint owns goes (both full-text GIN indexes of fs01 included),
    the tags' key to the claims too, but not the claims' key to people: dropping that one
    would lock people, which every command reads, until the import ends. All come back."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name != "postgresql":
                pytest.skip("PostgreSQL's bulk path")
            indexes_before = _names(conn, _UNOWNED)
            keys_before = _names(conn, _KEYS)
        assert {"ix_claims_text_search", "ix_claims_speaker_search"} <= set(indexes_before)
        with UnitOfWork(db_url) as uow:
            uow.discard()
            conn = uow.session.connection()
            statements = bulk.suspend_indexes(uow.session, empty=True)
            assert _names(conn, _UNOWNED) == []
            keys_during = _names(conn, _KEYS)
            assert "fk_claim_tags_claim_id_claims" not in keys_during
            assert "fk_claims_created_by_id_people" in keys_during
            with engine.connect() as other:
                other.exec_driver_sql("SET lock_timeout = '2s'")
                assert other.exec_driver_sql("SELECT count(*) FROM people").scalar_one() >= 0
            bulk.restore_indexes(uow.session, statements)
            assert _names(conn, _UNOWNED) == indexes_before
            assert _names(conn, _KEYS) == keys_before
    finally:
        engine.dispose()
