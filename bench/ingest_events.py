"""Import through the Python API with one event per batch, or one per claim (the choice).

Usage: python bench/ingest_events.py CLAIMS.csv DB-URL per-batch|per-claim
"""

from __future__ import annotations

import sys

from claimdb.config import normalise_url
from claimdb.db.uow import UnitOfWork
from claimdb.services import people
from claimdb.services.importers import ImportFormat, ImportSettings, records
from claimdb.services.ingest import IngestOptions, ingest

src, url, mode = sys.argv[1], normalise_url(sys.argv[2]), sys.argv[3]
with UnitOfWork(url) as uow, open(src, "rb") as stream:
    by = people.resolve_actor(uow, "bench", people.Permission.IMPORT)
    report = ingest(
        uow,
        by=by,
        records=records(stream, ImportSettings(fmt=ImportFormat.CSV, origin=src)),
        origin=src,
        options=IngestOptions(per_claim_events=mode == "per-claim"),
    )
print(report.created)
