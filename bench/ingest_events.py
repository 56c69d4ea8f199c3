"""Import through the Python API with one event per batch, or one per claim (the choice).

Usage: python bench/ingest_events.py CLAIMS.csv DB-URL per-batch|per-claim
"""

from __future__ import annotations

import sys

from claimdb.config import normalise_url
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ImportFormat
from claimdb.formats.reading import records
from claimdb.schemas.imports import ImportRequest
from claimdb.services import people
from claimdb.services.ingest import ingest
from claimdb.services.permissions import Permission

src, url, mode = sys.argv[1], normalise_url(sys.argv[2]), sys.argv[3]
with UnitOfWork(url) as uow, open(src, "rb") as stream:
    by = people.resolve_actor(uow, "bench", Permission.IMPORT)
    request = ImportRequest(fmt=ImportFormat.CSV, origin=src, per_claim_events=mode == "per-claim")
    report = ingest(uow, by=by, records=records(stream, request), request=request)
print(report.created)
