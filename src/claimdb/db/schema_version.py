"""The migration revision this code expects, without importing Alembic.

Every command checks the database's ``alembic_version`` against this before
touching data, so an out-of-date database gets a clear "run claimdb db
upgrade" instead of an SQL error. tests/test_migrations.py asserts it equals
Alembic's head, so a new migration cannot forget to bump it.
"""

SCHEMA_HEAD = "ai01"
