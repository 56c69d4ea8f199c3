"""The read commands' queries as SQL text, for a :class:`~claimdb.db.light.Reader`.

No SQLAlchemy here: `status`, `search`, `log` and `match` run these over the
driver (stdlib sqlite3, or psycopg), so they start without importing the ORM.
Placeholders are ``?`` on both engines (:func:`~claimdb.db.light.adapt`).
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdb.db.light import Reader, first
from claimdb.enums import FINAL_STATUSES


@dataclass
class DocumentCounts:
    """The dashboard's numbers for one document (``document_id`` None: claims outside any)."""

    document_id: int | None
    slug: str | None
    title: str | None
    claims: int = 0
    checkable: int = 0
    by_status: dict[str, int] | None = None
    by_verdict: dict[str, int] | None = None
    supported: int = 0
    open_flags: int = 0
    decided: int = 0


def document_ref(reader: Reader, ref: str) -> int | None:
    """The id of the document named by ``ref`` (its id or its slug), or None."""
    if ref.isdigit():
        row = first(reader, "SELECT id FROM documents WHERE id = ?", (int(ref),))
    else:
        row = first(reader, "SELECT id FROM documents WHERE slug = ?", (ref,))
    return int(row[0]) if row else None


def dashboard(reader: Reader, *, document_id: int | None = None) -> list[DocumentCounts]:
    """Counts per document over unarchived claims, read from ``claim_counts``.

    Every document is listed (with zeros when it has no claims yet); claims
    outside any document come last, as one row, when there are any. The
    counters are kept by triggers (:mod:`claimdb.db.counts`), so this reads a
    few rows per document whatever the number of claims;
    :func:`claimdb.db.review_queries.dashboard_recount` computes the same from
    the claims themselves.
    """
    scope = "" if document_id is None else " WHERE id = ?"
    args = () if document_id is None else (document_id,)
    out: dict[int | None, DocumentCounts] = {
        int(i): DocumentCounts(int(i), slug, title, by_status={}, by_verdict={})
        for i, slug, title in reader.rows(
            f"SELECT id, slug, title FROM documents{scope} ORDER BY id", args
        )
    }
    scope = "" if document_id is None else " AND document_id = ?"
    final = {s.value for s in FINAL_STATUSES}
    for doc, metric, bucket, n in reader.rows(
        f"SELECT document_id, metric, bucket, n FROM claim_counts WHERE n != 0{scope}", args
    ):
        key = int(doc) if doc else None
        if key not in out:
            out[key] = DocumentCounts(None, None, None, by_status={}, by_verdict={})
        e = out[key]
        assert e.by_status is not None
        assert e.by_verdict is not None
        n = int(n)
        if metric == "status":
            e.by_status[bucket] = n
            e.claims += n
        elif metric == "checkable":
            e.checkable += n
            if bucket in final:
                e.decided += n
        elif metric == "verdict":
            e.by_verdict[bucket] = n
        elif metric == "supported":
            e.supported += n
        elif metric == "flags":
            e.open_flags += n
    return sorted(out.values(), key=lambda c: (c.document_id is None, c.document_id or 0))
