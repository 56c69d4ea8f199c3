"""The dashboard's counters: ``claim_counts``, kept equal to a recount by triggers.

`claimdb status` must not scan a million claims, so the numbers it shows are
kept per document in ``claim_counts`` (document id 0: claims outside any
document), one row per (document, metric, bucket):

==============  ==========  ===================================================
metric          bucket      n counts the unarchived claims ...
==============  ==========  ===================================================
``status``      a status    with this status
``checkable``   a status    checkable, with this status
``verdict``     a label     whose current verdict has this label
``supported``   ``''``      checkable, with an evidence citation that supports
``flags``       ``''``      (sum of) their open flags
==============  ==========  ===================================================

Triggers written in SQL keep it in the same transaction as every write,
whichever path makes it (the ORM, ``db.bulk``, a migration, hand-written
SQL): on SQLite row triggers on ``claims``, ``citations`` and ``flags``; on
PostgreSQL statement triggers with transition tables, so that a COPY of a
batch of 2,000 claims updates the counters once, not 2,000 times. Each
trigger adds what the changed rows contribute now and subtracts what they
contributed before, grouped, with one upsert. A SQLite bulk import drops the
claims insert trigger inside its transaction and counts each batch with
:func:`count_claims_sql` (one grouped statement) right after inserting it,
before its citations and verdicts, whose own triggers then apply.

Migration p002 creates the triggers from this module and fills the table with
:data:`RECOUNT`; changing a trigger here needs a migration that drops and
re-creates it on existing databases. A later batch
migration of ``claims``, ``citations`` or ``flags`` on SQLite drops the
triggers and must create them again (:func:`sqlite_triggers`).
"""

from __future__ import annotations

METRICS = (
    "(SELECT 'status' AS metric UNION ALL SELECT 'checkable' UNION ALL SELECT 'verdict' "
    "UNION ALL SELECT 'supported' UNION ALL SELECT 'flags')"
)
CLAIM_FIELDS = ("id", "version_id", "status", "checkable", "current_verdict_id", "archived_at")
_DOC = "LEFT JOIN document_versions dv ON dv.id = x.version_id"


def apply(deltas: str) -> str:
    """An upsert adding the (d, m, k, n) rows of ``deltas`` into claim_counts, grouped.

    In key order, so that two PostgreSQL transactions touching the same counters in
    one statement take their row locks in the same order.
    """
    return (
        "INSERT INTO claim_counts (document_id, metric, bucket, n) "
        f"SELECT d, m, k, sum(n) FROM ({deltas}) AS t GROUP BY d, m, k HAVING sum(n) <> 0 "
        "ORDER BY d, m, k "
        "ON CONFLICT (document_id, metric, bucket) DO UPDATE SET n = claim_counts.n + excluded.n"
    )


def claim_deltas(source: str, sign: int, where: str = "") -> str:
    """What the claims of ``source`` (aliased x) contribute, times ``sign``, as (d, m, k, n)."""
    return (
        "SELECT b.d AS d, m.metric AS m, "
        "CASE WHEN m.metric IN ('status', 'checkable') THEN b.st "
        "WHEN m.metric = 'verdict' THEN coalesce(b.lab, '') ELSE '' END AS k, "
        f"CASE m.metric WHEN 'status' THEN {sign} "
        f"WHEN 'checkable' THEN CASE WHEN b.ck THEN {sign} ELSE 0 END "
        f"WHEN 'verdict' THEN CASE WHEN b.vid IS NOT NULL THEN {sign} ELSE 0 END "
        f"WHEN 'supported' THEN CASE WHEN b.ck AND b.sup THEN {sign} ELSE 0 END "
        f"ELSE {sign} * b.fl END AS n "
        "FROM (SELECT coalesce(dv.document_id, 0) AS d, x.status AS st, x.checkable AS ck, "
        "x.current_verdict_id AS vid, "
        "(SELECT rl.label FROM verdicts v JOIN rating_labels rl ON rl.id = v.label_id "
        "WHERE v.id = x.current_verdict_id) AS lab, "
        "EXISTS (SELECT 1 FROM citations c WHERE c.claim_id = x.id "
        "AND c.kind = 'evidence' AND c.stance = 'supports') AS sup, "
        "(SELECT count(*) FROM flags f WHERE f.claim_id = x.id AND f.resolved_at IS NULL) AS fl "
        f"FROM {source} {_DOC} WHERE x.archived_at IS NULL {where}) AS b "
        f"CROSS JOIN {METRICS} AS m"
    )


def supported_deltas(claims: str, new_ids: str, old_rows: str) -> str:
    """The change in ``supported`` of the claims ``claims`` (a SELECT of ids) after citations
    changed: supported now, minus supported before (the citations other than ``new_ids``,
    or one of ``old_rows``, the citations as they were)."""
    return (
        "SELECT coalesce(dv.document_id, 0) AS d, 'supported' AS m, '' AS k, "
        "(CASE WHEN EXISTS (SELECT 1 FROM citations c WHERE c.claim_id = x.id "
        "AND c.kind = 'evidence' AND c.stance = 'supports') THEN 1 ELSE 0 END) - "
        "(CASE WHEN EXISTS (SELECT 1 FROM citations c WHERE c.claim_id = x.id "
        f"AND c.kind = 'evidence' AND c.stance = 'supports' AND c.id NOT IN ({new_ids})) "
        f"OR EXISTS (SELECT 1 FROM {old_rows} WHERE o.claim_id = x.id "
        "AND o.kind = 'evidence' AND o.stance = 'supports') THEN 1 ELSE 0 END) AS n "
        f"FROM claims x {_DOC} "
        f"WHERE x.id IN ({claims}) AND x.archived_at IS NULL AND x.checkable"
    )


def flag_deltas(rows: str, sign: int) -> str:
    """The open flags among ``rows`` (aliased f), times ``sign``, per document."""
    return (
        f"SELECT coalesce(dv.document_id, 0) AS d, 'flags' AS m, '' AS k, {sign} AS n "
        f"FROM {rows} JOIN claims x ON x.id = f.claim_id {_DOC} "
        "WHERE f.resolved_at IS NULL AND x.archived_at IS NULL"
    )


def _row(ref: str, fields: tuple[str, ...], alias: str) -> str:
    """A one-row derived table of a SQLite trigger's NEW or OLD row."""
    return "(SELECT " + ", ".join(f"{ref}.{f} AS {f}" for f in fields) + f") AS {alias}"


_CITATION_FIELDS = ("id", "claim_id", "kind", "stance")
_FLAG_FIELDS = ("claim_id", "resolved_at")
_NO_CITATIONS = "(SELECT NULL AS claim_id, NULL AS kind, NULL AS stance WHERE 1 = 0) AS o"

CLAIMS_INSERT_TRIGGER = (
    "CREATE TRIGGER claim_counts_ai AFTER INSERT ON claims BEGIN "
    + apply(claim_deltas(_row("new", CLAIM_FIELDS, "x"), 1))
    + "; END"
)


def sqlite_triggers() -> list[str]:
    """The SQLite triggers that keep claim_counts (CREATE statements)."""
    new_claim, old_claim = _row("new", CLAIM_FIELDS, "x"), _row("old", CLAIM_FIELDS, "x")
    return [
        CLAIMS_INSERT_TRIGGER,
        "CREATE TRIGGER claim_counts_au AFTER UPDATE OF "
        "status, checkable, archived_at, current_verdict_id, version_id ON claims BEGIN "
        + apply(claim_deltas(old_claim, -1) + " UNION ALL " + claim_deltas(new_claim, 1))
        + "; END",
        "CREATE TRIGGER claim_counts_ad AFTER DELETE ON claims BEGIN "
        + apply(claim_deltas(old_claim, -1))
        + "; END",
        "CREATE TRIGGER claim_counts_cite_ai AFTER INSERT ON citations "
        "WHEN new.kind = 'evidence' AND new.stance = 'supports' BEGIN "
        + apply(supported_deltas("SELECT new.claim_id", "SELECT new.id", _NO_CITATIONS))
        + "; END",
        "CREATE TRIGGER claim_counts_cite_au AFTER UPDATE OF claim_id, kind, stance "
        "ON citations BEGIN "
        + apply(
            supported_deltas(
                "SELECT old.claim_id UNION SELECT new.claim_id",
                "SELECT new.id",
                _row("old", _CITATION_FIELDS, "o"),
            )
        )
        + "; END",
        "CREATE TRIGGER claim_counts_cite_ad AFTER DELETE ON citations "
        "WHEN old.kind = 'evidence' AND old.stance = 'supports' BEGIN "
        + apply(
            supported_deltas("SELECT old.claim_id", "SELECT -1", _row("old", _CITATION_FIELDS, "o"))
        )
        + "; END",
        "CREATE TRIGGER claim_counts_flag_ai AFTER INSERT ON flags BEGIN "
        + apply(flag_deltas(_row("new", _FLAG_FIELDS, "f"), 1))
        + "; END",
        "CREATE TRIGGER claim_counts_flag_au AFTER UPDATE OF claim_id, resolved_at ON flags BEGIN "
        + apply(
            flag_deltas(_row("old", _FLAG_FIELDS, "f"), -1)
            + " UNION ALL "
            + flag_deltas(_row("new", _FLAG_FIELDS, "f"), 1)
        )
        + "; END",
        "CREATE TRIGGER claim_counts_flag_ad AFTER DELETE ON flags BEGIN "
        + apply(flag_deltas(_row("old", _FLAG_FIELDS, "f"), -1))
        + "; END",
    ]


SQLITE_TRIGGER_NAMES = (
    "claim_counts_ai",
    "claim_counts_au",
    "claim_counts_ad",
    "claim_counts_cite_ai",
    "claim_counts_cite_au",
    "claim_counts_cite_ad",
    "claim_counts_flag_ai",
    "claim_counts_flag_au",
    "claim_counts_flag_ad",
)


def _pg_function(name: str, body: str) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body}; RETURN NULL; END $$"
    )


def _pg_trigger(name: str, table: str, event: str, transitions: str) -> str:
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transitions} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )


_PG_NO_CITATIONS = (
    "(SELECT NULL::integer AS claim_id, NULL AS kind, NULL AS stance WHERE false) AS o"
)

PG_TRIGGERS: tuple[tuple[str, str, str, str, str], ...] = (
    # (name, table, event, transition tables, the function's statement)
    (
        "claim_counts_ai",
        "claims",
        "INSERT",
        "NEW TABLE AS new_rows",
        apply(claim_deltas("new_rows AS x", 1)),
    ),
    (
        "claim_counts_au",
        "claims",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        apply(claim_deltas("old_rows AS x", -1) + " UNION ALL " + claim_deltas("new_rows AS x", 1)),
    ),
    (
        "claim_counts_ad",
        "claims",
        "DELETE",
        "OLD TABLE AS old_rows",
        apply(claim_deltas("old_rows AS x", -1)),
    ),
    (
        "claim_counts_cite_ai",
        "citations",
        "INSERT",
        "NEW TABLE AS new_rows",
        apply(
            supported_deltas(
                "SELECT claim_id FROM new_rows", "SELECT id FROM new_rows", _PG_NO_CITATIONS
            )
        ),
    ),
    (
        "claim_counts_cite_au",
        "citations",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        apply(
            supported_deltas(
                "SELECT claim_id FROM old_rows UNION SELECT claim_id FROM new_rows",
                "SELECT id FROM new_rows",
                "old_rows AS o",
            )
        ),
    ),
    (
        "claim_counts_cite_ad",
        "citations",
        "DELETE",
        "OLD TABLE AS old_rows",
        apply(supported_deltas("SELECT claim_id FROM old_rows", "SELECT -1", "old_rows AS o")),
    ),
    (
        "claim_counts_flag_ai",
        "flags",
        "INSERT",
        "NEW TABLE AS new_rows",
        apply(flag_deltas("new_rows AS f", 1)),
    ),
    (
        "claim_counts_flag_au",
        "flags",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        apply(flag_deltas("old_rows AS f", -1) + " UNION ALL " + flag_deltas("new_rows AS f", 1)),
    ),
    (
        "claim_counts_flag_ad",
        "flags",
        "DELETE",
        "OLD TABLE AS old_rows",
        apply(flag_deltas("old_rows AS f", -1)),
    ),
)


def postgresql_triggers() -> list[str]:
    """The PostgreSQL functions and statement triggers that keep claim_counts."""
    out: list[str] = []
    for name, table, event, transitions, statement in PG_TRIGGERS:
        out.append(_pg_function(name, statement))
        out.append(_pg_trigger(name, table, event, transitions))
    return out


def postgresql_drop() -> list[str]:
    out: list[str] = []
    for name, table, *_ in PG_TRIGGERS:
        out.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        out.append(f"DROP FUNCTION IF EXISTS {name}()")
    return out


RECOUNT = apply(claim_deltas("claims AS x", 1))
"""Every claim's contribution: fills an empty claim_counts (the migration; tests compare)."""


def count_claims_sql(first_id: int, last_id: int) -> str:
    """Add the claims with ids in [first_id, last_id] to claim_counts, for a bulk import
    that has just inserted them with their trigger dropped.

    Only their status and checkable count: a claim the bulk path has just inserted
    has no verdict, citation or flag yet (those come after, and their triggers
    count them), so the lookups :func:`claim_deltas` makes per claim would all
    find nothing.
    """
    rows = (
        "FROM claims x LEFT JOIN document_versions dv ON dv.id = x.version_id "
        f"WHERE x.id BETWEEN {int(first_id)} AND {int(last_id)} AND x.archived_at IS NULL"
    )
    return apply(
        f"SELECT coalesce(dv.document_id, 0) AS d, 'status' AS m, x.status AS k, 1 AS n {rows} "
        "UNION ALL "
        f"SELECT coalesce(dv.document_id, 0), 'checkable', x.status, 1 {rows} AND x.checkable"
    )
