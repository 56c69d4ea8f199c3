"""Settings: which database, and who is acting.

The database URL comes from, in order: the ``--db`` option, the
``CLAIMDB_URL`` environment variable, then the default file
:func:`default_db_path` (``claimdb info`` prints it). ``--db`` and
``CLAIMDB_URL`` take either a SQLAlchemy URL (``sqlite:///x.db``,
``postgresql+psycopg://user@host/db``) or a plain file path, which means
an embedded SQLite database at that path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from claimdb.errors import InvalidInput

ENV_URL = "CLAIMDB_URL"
ENV_USER = "CLAIMDB_USER"
ENV_HOME = "CLAIMDB_HOME"
DEFAULT_FILENAME = "claimdb.sqlite3"

_URL_SCHEMES = ("sqlite", "postgresql", "postgres")


def default_db_path() -> Path:
    """Where the embedded database lives when nothing else is given.

    ``$CLAIMDB_HOME/claimdb.sqlite3`` when ``CLAIMDB_HOME`` is set, otherwise
    the platform's user data directory (``~/.local/share/claimdb`` on Linux).
    """
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home).expanduser() / DEFAULT_FILENAME
    from platformdirs import user_data_path

    return user_data_path("claimdb", appauthor=False) / DEFAULT_FILENAME


def drafts_dir() -> Path:
    """Where edits refused by a conflict are kept so that they can be retried.

    ``$CLAIMDB_HOME/drafts`` when ``CLAIMDB_HOME`` is set, otherwise a
    ``drafts`` folder in the platform's user cache directory
    (``~/.cache/claimdb/drafts`` on Linux).
    """
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home).expanduser() / "drafts"
    from platformdirs import user_cache_path

    return user_cache_path("claimdb", appauthor=False) / "drafts"


def normalise_url(value: str) -> str:
    """Turn a ``--db`` value into a SQLAlchemy URL.

    >>> normalise_url("postgres://u@h/db")
    'postgresql+psycopg://u@h/db'
    """
    value = value.strip()
    if not value:
        raise InvalidInput("empty database URL", hint="pass --db PATH or set CLAIMDB_URL")
    scheme, sep, rest = value.partition("://")
    if not sep:
        path = Path(value).expanduser().resolve()
        return f"sqlite:///{path}"
    base = scheme.split("+", 1)[0]
    if base not in _URL_SCHEMES:
        raise InvalidInput(
            f"unsupported database URL scheme {scheme!r}",
            hint="use a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DB",
        )
    if base in ("postgresql", "postgres") and "+" not in scheme:
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        return f"postgresql+psycopg://{rest}"
    return value


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one command."""

    db_url: str
    db_url_source: str  # "--db", "CLAIMDB_URL" or "default"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, for a file-backed SQLite URL."""
        return sqlite_path(self.db_url)


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///PATH`` URL (None for memory or another backend).

    Plain string work, so that the light read path need not import SQLAlchemy's URL.
    """
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    rest = rest.split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def resolve_settings(db: str | None = None) -> Settings:
    """Resolve the database URL from the option, the environment, then the default."""
    if db:
        return Settings(normalise_url(db), "--db")
    env = os.environ.get(ENV_URL)
    if env:
        return Settings(normalise_url(env), ENV_URL)
    return Settings(f"sqlite:///{default_db_path()}", "default")


def redact_url(url: str) -> str:
    """The URL with any password replaced, for printing."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user, colon, _ = creds.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"


ENV_MAX_DOCUMENT_BYTES = "CLAIMDB_MAX_DOCUMENT_BYTES"


def max_document_bytes() -> int:
    """The largest file `claimdb doc add` reads: ``CLAIMDB_MAX_DOCUMENT_BYTES``, else 50 MiB."""
    value = os.environ.get(ENV_MAX_DOCUMENT_BYTES, "").strip()
    if not value:
        return 50 * 1024 * 1024
    if not value.isdigit() or int(value) <= 0:
        raise InvalidInput(
            f"{ENV_MAX_DOCUMENT_BYTES}={value!r} is not a positive whole number of bytes"
        )
    return int(value)


ENV_MATCH_SAME = "CLAIMDB_MATCH_SAME"
ENV_MATCH_SIMILAR = "CLAIMDB_MATCH_SIMILAR"


def match_thresholds() -> tuple[float, float]:
    """Claim matching's (same, similar) thresholds: the environment's, else the benchmark's.

    ``CLAIMDB_MATCH_SAME`` and ``CLAIMDB_MATCH_SIMILAR`` are scores from 0 to 1
    (docs/matching.md); the defaults are
    :data:`claimdb.analysis.matching.SAME_THRESHOLD` and ``SIMILAR_THRESHOLD``.
    """
    from claimdb.analysis.matching import SAME_THRESHOLD, SIMILAR_THRESHOLD

    found = []
    for name, default in ((ENV_MATCH_SAME, SAME_THRESHOLD), (ENV_MATCH_SIMILAR, SIMILAR_THRESHOLD)):
        value = os.environ.get(name, "").strip()
        if not value:
            found.append(default)
            continue
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if not 0.0 <= number <= 1.0:
            raise InvalidInput(f"{name}={value!r} is not a score from 0 to 1")
        found.append(number)
    same, similar = found
    if similar > same:
        raise InvalidInput(
            f"{ENV_MATCH_SIMILAR} ({similar}) is above {ENV_MATCH_SAME} ({same})",
            hint="the similar threshold must not be above the same one",
        )
    return same, similar
