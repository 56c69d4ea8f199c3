"""How long `db check` spends comparing claims with their events, next to walking the chain.

Usage: python bench/check_speed.py [--rows 100000] [--sample 500] [--db URL]

Imports ``--rows`` generated claims (bench/generate.py) with one event per
claim, so that every claim has a ``created`` event to compare with, into a
fresh SQLite file (or the initialised, empty database ``--db`` names), then
times, in this process: the hash chain's walk (the baseline: what `db check`
already did), comparing a sample of ``--sample`` claims (plus the ones changed
last), and comparing every claim. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from generate import default_liar_path, write_claims_csv


def _timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--db", help="an initialised, empty database (default: a new SQLite file)")
    args = parser.parse_args()

    from claimdb.config import normalise_url
    from claimdb.db import migrate
    from claimdb.db.uow import UnitOfWork
    from claimdb.enums import ImportFormat, Role
    from claimdb.formats.reading import records
    from claimdb.schemas.imports import ImportRequest
    from claimdb.schemas.people import PersonIn
    from claimdb.services import agreement, chain, people
    from claimdb.services.ingest import ingest
    from claimdb.services.permissions import Permission

    with tempfile.TemporaryDirectory() as tmp:
        url = normalise_url(args.db) if args.db else f"sqlite:///{Path(tmp) / 'check.sqlite3'}"
        if not args.db:
            migrate.upgrade(url, backup=False)
        src = Path(tmp) / "claims.csv"
        write_claims_csv(src, args.rows, liar=default_liar_path())
        with UnitOfWork(url) as uow:
            people.add_person(uow, actor=None, data=PersonIn(name="bench", role=Role.ADMIN))
        with UnitOfWork(url) as uow, open(src, "rb") as stream:
            by = people.resolve_actor(uow, "bench", Permission.IMPORT)
            request = ImportRequest(fmt=ImportFormat.CSV, origin=str(src), per_claim_events=True)
            ingest(uow, by=by, records=records(stream, request), request=request)
        with UnitOfWork(url, write=False) as uow:
            walk, log = _timed(lambda: chain.verify(uow))
            rng = random.Random(17)
            sampled, report = _timed(
                lambda: agreement.check_claims(uow, sample=args.sample, rng=rng)
            )
            every, full = _timed(lambda: agreement.check_claims(uow, sample=args.rows))
        if not (log.ok and report.ok and full.ok):
            raise SystemExit(f"the desk does not check out: {log.problem} {full.problems[:3]}")
        print(
            json.dumps(
                {
                    "backend": url.split(":", 1)[0],
                    "claims": report.total,
                    "events": log.length,
                    "chain_walk_s": round(walk, 3),
                    "sample": report.checked,
                    "sample_s": round(sampled, 3),
                    "sample_vs_walk": round(sampled / walk, 4),
                    "all_claims_s": round(every, 3),
                    "all_vs_walk": round(every / walk, 3),
                }
            )
        )


if __name__ == "__main__":
    main()
