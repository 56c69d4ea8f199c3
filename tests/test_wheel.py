"""The wheel: built from the repository, installed in a new environment, it creates databases anywhere."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("claimdb-*.whl")
    return built


def test_wheel_ships_migrations(wheel: Path) -> None:
    """The migrations are inside the package, with every revision, and no caches."""
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.startswith("claimdb/migrations/versions/"))
    in_repo = sorted(
        f"claimdb/migrations/versions/{p.name}"
        for p in (ROOT / "migrations" / "versions").glob("*.py")
    )
    assert shipped == in_repo
    assert "claimdb/migrations/env.py" in names
    assert not [n for n in names if "__pycache__" in n]


def test_installed_wheel_inits_a_database_from_an_empty_directory(
    wheel: Path, tmp_path: Path
) -> None:
    """In a fresh virtual environment, in an empty directory: init, then db current shows head."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    workdir = tmp_path / "empty"
    workdir.mkdir()
    claimdb = str(bin_dir / "claimdb")
    init = subprocess.run(
        [claimdb, "--db", "desk.sqlite3", "init"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    current = subprocess.run(
        [claimdb, "--db", "desk.sqlite3", "db", "current"],
        cwd=workdir,
        check=False,
        capture_output=True,
        text=True,
    )
    assert current.returncode == 0, current.stderr
    from claimdb.db.schema_version import SCHEMA_HEAD

    assert current.stdout.strip() == f"{SCHEMA_HEAD} (head)"
