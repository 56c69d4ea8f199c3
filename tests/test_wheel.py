"""The wheel: built from the repository, installed in a new environment, it creates databases anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Building and installing the wheel takes about 30 s in all (pip installs the dependencies
# into a new environment, once for the module). Deselect with -m "not wheel".
# One worker builds the wheel and its venv once (pytest-xdist --dist loadgroup).
pytestmark = [pytest.mark.wheel, pytest.mark.xdist_group("wheel")]


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


def test_wheel_ships_the_seeds(wheel: Path) -> None:
    """The seed report, its claims and their README are inside the package, byte for byte."""
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            n.removeprefix("claimdb/seeds/"): archive.read(n)
            for n in archive.namelist()
            if n.startswith("claimdb/seeds/")
        }
    in_repo = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir() if p.is_file()}
    assert sorted(shipped) == ["README.md", "claims.yaml", "seed-report.txt"]
    assert shipped == in_repo


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel (and its dependencies) installed: its bin/."""
    env_dir = tmp_path_factory.mktemp("venv")
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
    return bin_dir


def test_installed_wheel_inits_a_database_from_an_empty_directory(
    installed: Path, tmp_path: Path
) -> None:
    """In a fresh virtual environment, in an empty directory: init, then db current shows head."""
    workdir = tmp_path / "empty"
    workdir.mkdir()
    claimdb = str(installed / "claimdb")
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


def test_installed_wheel_seeds_from_an_empty_directory(installed: Path, tmp_path: Path) -> None:
    """Installed, claimdb finds its own seeds: init --with-seed, then seed again, anywhere."""
    workdir = tmp_path / "empty"
    workdir.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*args], cwd=workdir, capture_output=True, text=True, check=False)

    where = run(
        str(installed / "python"),
        "-c",
        "from claimdb.services import seed; print(seed.seeds_dir())",
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed.parent)
    claimdb = str(installed / "claimdb")
    init = run(claimdb, "--db", "desk.sqlite3", "init", "--with-seed")
    assert init.returncode == 0, init.stderr
    assert "seed: document created (version 1, 18 sections); 163 claims added" in init.stderr
    people = run(claimdb, "--db", "desk.sqlite3", "user", "list", "--format", "json")
    assert people.returncode == 0, people.stderr
    assert people.stdout.strip() == "[]"
    again = run(claimdb, "--db", "desk.sqlite3", "seed", "--format", "json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert (report["claims_added"], report["claims_present"]) == (0, 163)
    assert sorted(p.name for p in workdir.iterdir()) == ["desk.sqlite3"]
