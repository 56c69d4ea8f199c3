"""Creating, inspecting and upgrading the database (Alembic, imported lazily)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimdb.config import Settings, redact_url
from claimdb.errors import DatabaseError


@dataclass(frozen=True)
class DatabaseState:
    url: str
    url_source: str
    backend: str
    path: Path | None
    exists: bool
    current: str | None
    head: str

    @property
    def at_head(self) -> bool:
        return self.current == self.head


@dataclass(frozen=True)
class CheckResult:
    state: DatabaseState
    drift: list[str]

    @property
    def ok(self) -> bool:
        return self.state.at_head and not self.drift


def _connect_error(settings: Settings, exc: Exception) -> DatabaseError:
    orig = getattr(exc, "orig", None) or exc
    return DatabaseError(
        f"cannot reach the database at {redact_url(settings.db_url)}: {str(orig).strip()}",
        hint="check the URL and that the server is running; for PostgreSQL the database must exist",
    )


def state(settings: Settings) -> DatabaseState:
    from claimdb.db import migrate

    path = settings.sqlite_path
    exists = path.exists() if path is not None else True
    current = None
    if exists:
        try:
            current = migrate.current(settings.db_url)
        except Exception as exc:  # the driver's error types vary; all mean "cannot reach"
            raise _connect_error(settings, exc) from None
    return DatabaseState(
        url=redact_url(settings.db_url),
        url_source=settings.db_url_source,
        backend="sqlite" if settings.is_sqlite else "postgresql",
        path=path,
        exists=exists,
        current=current,
        head=migrate.head(),
    )


def upgrade(settings: Settings, revision: str = "head") -> tuple[DatabaseState, Path | None]:
    """Upgrade (or create) the database; returns the new state and the backup made."""
    from claimdb.db import migrate

    try:
        backup = migrate.upgrade(settings.db_url, revision)
    except DatabaseError:
        raise
    except Exception as exc:
        raise _connect_error(settings, exc) from None
    return state(settings), backup


def init(settings: Settings) -> tuple[DatabaseState, bool]:
    """Create the database at head; returns (state, created). Idempotent."""
    before = state(settings)
    if before.at_head:
        return before, False
    if before.current is not None:
        raise DatabaseError(
            f"the database already exists at revision {before.current}",
            hint="upgrade it with `claimdb db upgrade`",
        )
    after, _ = upgrade(settings)
    return after, True


def check(settings: Settings) -> CheckResult:
    from claimdb.db import migrate

    st = state(settings)
    drift: list[str] = []
    if st.current is not None:
        drift = [str(d) for d in migrate.schema_drift(settings.db_url)]
    return CheckResult(st, drift)


def history() -> list[tuple[str, str | None, str, bool]]:
    """Every migration, oldest first: (revision, down revision, message, is head)."""
    from claimdb.db import migrate

    return [(r.revision, r.down_revision, r.message, r.is_head) for r in migrate.history()]
