"""Test fixtures: a fresh database per test, on SQLite and on PostgreSQL.

Every test that takes ``db_url`` (directly or through ``cli``/``uow``) runs
twice: on SQLite, and on PostgreSQL when ``CLAIMDB_TEST_POSTGRES_URL`` names a
server (a URL to any database there, e.g. the ``postgres`` one; each test run
creates its own databases and drops them afterwards).

Without that variable the PostgreSQL runs are skipped, and the summary says
so. Under ``CI=true`` a skipped PostgreSQL run is a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

PG_ENV = "CLAIMDB_TEST_POSTGRES_URL"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_SKIP_REASON = (
    f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)"
)

# Keep tests away from the user's real database and identity.
for _var in ("CLAIMDB_URL", "CLAIMDB_USER", "CLAIMDB_FORMAT", "CLAIMDB_HOME"):
    os.environ.pop(_var, None)


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        return None
    from claimdb.config import normalise_url

    return normalise_url(url)


def _pg_url(admin_url: str, dbname: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(admin_url).set(database=dbname).render_as_string(hide_password=False)


def _pg_exec(admin_url: str, *statements: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for sql in statements:
                conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def _forget(url: str) -> None:
    from claimdb.db import engine, uow

    e = engine._ENGINES.pop(url, None)
    if e is not None:
        e.dispose()
    uow._CHECKED.discard(url)


class Databases:
    """Makes fresh databases at head by copying a template migrated once per run."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.run_id = uuid.uuid4().hex[:8]
        self._sqlite_template: Path | None = None
        self._pg_template: str | None = None
        self._pg_created: list[str] = []

    def empty(self, backend: str) -> str:
        """A URL to a new empty database (no schema)."""
        if backend == "sqlite":
            return f"sqlite:///{self.tmp / f'empty-{uuid.uuid4().hex[:8]}.sqlite3'}"
        admin = _pg_admin_url()
        assert admin is not None
        name = f"claimdb_test_{self.run_id}_{uuid.uuid4().hex[:8]}"
        _pg_exec(admin, f'CREATE DATABASE "{name}"')
        self._pg_created.append(name)
        return _pg_url(admin, name)

    def at_head(self, backend: str) -> str:
        from claimdb.db import migrate

        if backend == "sqlite":
            if self._sqlite_template is None:
                url = self.empty("sqlite")
                migrate.upgrade(url, backup=False)
                _forget(url)
                self._sqlite_template = Path(url.removeprefix("sqlite:///"))
            target = self.tmp / f"db-{uuid.uuid4().hex[:8]}.sqlite3"
            shutil.copyfile(self._sqlite_template, target)
            return f"sqlite:///{target}"
        admin = _pg_admin_url()
        assert admin is not None
        if self._pg_template is None:
            url = self.empty("postgresql")
            migrate.upgrade(url, backup=False)
            _forget(url)
            self._pg_template = url.rsplit("/", 1)[1]
        name = f"claimdb_test_{self.run_id}_{uuid.uuid4().hex[:8]}"
        _pg_exec(admin, f'CREATE DATABASE "{name}" TEMPLATE "{self._pg_template}"')
        self._pg_created.append(name)
        return _pg_url(admin, name)

    def drop(self, url: str) -> None:
        _forget(url)
        if url.startswith("postgresql"):
            admin = _pg_admin_url()
            name = url.rsplit("/", 1)[1]
            if admin and name in self._pg_created:
                _pg_exec(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                self._pg_created.remove(name)

    def drop_all(self) -> None:
        admin = _pg_admin_url()
        if admin:
            for name in list(self._pg_created):
                _pg_exec(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._pg_created.clear()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("databases"))
    yield dbs
    from claimdb.db.engine import dispose_engines

    dispose_engines()
    dbs.drop_all()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend under test."""
    if request.param == "postgresql" and _pg_admin_url() is None:
        if IN_CI:
            pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL tests must run in CI")
        pytest.skip(PG_SKIP_REASON)
    return str(request.param)


@pytest.fixture
def db_url(databases: Databases, backend: str) -> Iterator[str]:
    """A fresh database at the head revision, dropped after the test."""
    url = databases.at_head(backend)
    yield url
    databases.drop(url)


@pytest.fixture
def empty_db_url(databases: Databases, backend: str) -> Iterator[str]:
    """A fresh database with no schema at all."""
    url = databases.empty(backend)
    yield url
    databases.drop(url)


@dataclass
class CLI:
    """Runs the real ``claimdb`` command against one database."""

    db_url: str
    runner: CliRunner

    def __call__(
        self,
        *args: str,
        actor: str | None = None,
        input: str | None = None,
        env: dict[str, str] | None = None,
        db: bool = True,
    ) -> Result:
        from claimdb.cli.main import app
        from claimdb.cli.output import reset_consoles

        reset_consoles()
        argv: list[str] = ["--db", self.db_url] if db else []
        argv += list(args)
        if actor is not None:
            argv += ["--as", actor]
        return self.runner.invoke(app, argv, input=input, env=env or {}, catch_exceptions=False)

    def ok(self, *args: str, **kwargs: Any) -> Result:
        """Run and assert exit code 0, showing stderr when it is not."""
        result = self(*args, **kwargs)
        assert result.exit_code == 0, (
            f"claimdb {' '.join(args)} exited {result.exit_code}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
        return result


@pytest.fixture
def cli(db_url: str) -> CLI:
    return CLI(db_url, CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}))


PEOPLE: Sequence[tuple[str, str]] = (
    ("ada", "admin"),
    ("fiona", "fact-checker"),
    ("eddie", "editor"),
    ("anna", "analyst"),
)


@pytest.fixture
def desk(db_url: str) -> dict[str, str]:
    """The database with one person per role: ada (admin), fiona, eddie, anna."""
    from claimdb.db.uow import UnitOfWork
    from claimdb.enums import Role
    from claimdb.schemas.people import PersonIn
    from claimdb.services.people import add_person

    with UnitOfWork(db_url) as uow:
        for name, role in PEOPLE:
            add_person(
                uow,
                actor=None if name == "ada" else "ada",
                data=PersonIn(name=name, role=Role(role)),
            )
    return dict(PEOPLE)


@pytest.fixture
def uow_factory(db_url: str) -> Any:
    """``with uow_factory() as uow:`` opens a unit of work on the test database."""
    from claimdb.db.uow import UnitOfWork

    return lambda: UnitOfWork(db_url)


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Under CI=true, a skipped PostgreSQL test fails instead."""
    if not IN_CI or call.when != "setup" or call.excinfo is None:
        return None
    if call.excinfo.errisinstance(pytest.skip.Exception) and "postgres" in item.keywords:
        from _pytest.reports import TestReport

        report = TestReport.from_item_and_call(item, call)
        report.outcome = "failed"
        report.longrepr = f"PostgreSQL test skipped under CI=true: {call.excinfo.value}"
        return report
    return None


def pytest_terminal_summary(terminalreporter: Any) -> None:
    # By node id, not keywords: under pytest-xdist the controller's reports lack keywords.
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if "[postgresql" in getattr(r, "nodeid", "")
        # a test that is another engine's alone skips for its own reason, not for want of a URL
        and PG_ENV in str(getattr(r, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_sep(
            "=",
            f"{len(skipped)} PostgreSQL tests were SKIPPED: set {PG_ENV} to run them",
            yellow=True,
            bold=True,
        )
    elif _pg_admin_url():
        terminalreporter.write_line(f"PostgreSQL tests ran against {PG_ENV}.")


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def report(db_url: str, desk: dict[str, str]) -> str:
    """The desk plus document ``report`` (tests/fixtures/report.txt, three sections); its text."""
    from claimdb.db.uow import UnitOfWork
    from claimdb.schemas.documents import DocumentIn, DocumentVersionIn, SectionIn
    from claimdb.services import documents, people
    from claimdb.services.permissions import Permission

    text = (FIXTURES / "report.txt").read_bytes().decode("utf-8")
    with UnitOfWork(db_url) as uow:
        by = people.resolve_actor(uow, "ada", Permission.WRITE_CLAIMS)
        doc = documents.create_document(
            uow, by=by, data=DocumentIn(slug="report", title="Sanctions and Trade")
        )
        documents.add_version(
            uow,
            by=by,
            document=doc,
            data=DocumentVersionIn(
                text=text,
                sections=[
                    SectionIn(title=title, level=1, start=text.index(title))
                    for title in ("Introduction", "Energy", "Conclusion")
                ],
            ),
        )
    return text


@pytest.fixture
def drafts_home(tmp_path: Path) -> dict[str, str]:
    """An environment whose CLAIMDB_HOME is a fresh folder (drafts go to its drafts/)."""
    return {"CLAIMDB_HOME": str(tmp_path / "home")}


@pytest.fixture(autouse=True, scope="session")
def _build_each_cli_once() -> Iterator[None]:
    """Build the click command tree of a Typer app once per run, not on every CliRunner call.

    typer.testing.CliRunner rebuilds it for each invocation (about 60 ms for
    claimdb); the installed `claimdb` builds it once per process, as this does.
    """
    import typer.testing

    built: dict[int, Any] = {}
    original = typer.testing._get_command  # type: ignore[attr-defined]  # private, on purpose

    def cached(app: Any) -> Any:
        key = id(app)
        if key not in built:
            built[key] = (app, original(app))
        return built[key][1]

    typer.testing._get_command = cached  # type: ignore[attr-defined,assignment]
    yield
    typer.testing._get_command = original  # type: ignore[attr-defined]


@pytest.fixture
def two_desks(databases: Databases, backend: str) -> Iterator[list[str]]:
    """Two fresh databases with the same people (ada, admin; fiona, fact-checker)."""
    urls = [databases.at_head(backend) for _ in range(2)]
    for url in urls:
        cli = CLI(url, CliRunner())
        cli.ok("user", "add", "ada", "--role", "admin")
        cli.ok("user", "add", "fiona", "--role", "fact-checker", actor="ada")
    yield urls
    for url in urls:
        databases.drop(url)


@pytest.fixture
def fixtures() -> Path:
    """tests/fixtures: small hand-written import files."""
    return FIXTURES


@pytest.fixture
def other_cli(databases: Databases, backend: str) -> Iterator[CLI]:
    """The real CLI on a second fresh database (same backend), with ada and fiona on its desk."""
    url = databases.at_head(backend)
    other = CLI(url, CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}))
    other.ok("user", "add", "ada", "--role", "admin")
    other.ok("user", "add", "fiona", "--role", "fact-checker", actor="ada")
    yield other
    databases.drop(url)
