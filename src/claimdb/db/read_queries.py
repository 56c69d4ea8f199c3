"""The read commands' queries as SQL text, for a :class:`~claimdb.db.light.Reader`.

No SQLAlchemy here: `status`, `search`, `log` and `match` run these over the
driver (stdlib sqlite3, or psycopg), so they start without importing the ORM.
Placeholders are ``?`` on both engines (:func:`~claimdb.db.light.adapt`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from claimdb.analysis import search_query
from claimdb.db.light import Reader, Row, first, marks, timestamp
from claimdb.enums import FINAL_STATUSES, LinkKind
from claimdb.schemas.plain import EventQuery


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
    for doc, metric, bucket, count in reader.rows(
        f"SELECT document_id, metric, bucket, n FROM claim_counts WHERE n != 0{scope}", args
    ):
        key = int(doc) if doc else None
        if key not in out:
            out[key] = DocumentCounts(None, None, None, by_status={}, by_verdict={})
        e = out[key]
        assert e.by_status is not None
        assert e.by_verdict is not None
        n = int(count)
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


# Full-text search ---------------------------------------------------------------

MARK_START, MARK_END = "\x02", "\x03"
"""What :func:`search_hits` puts around the matched words in a snippet."""

SNIPPET_WORDS = 20


def pg_searched_text(table: str = "claims") -> str:
    """The words a search looks in on PostgreSQL: the claim's text and quote."""
    return f"coalesce({table}.text, '') || ' ' || coalesce({table}.quote_exact, '')"


def pg_search_document(table: str = "claims") -> str:
    """The expression of the ix_claims_text_search GIN index (migration fs01), written the same."""
    return f"to_tsvector('simple', {pg_searched_text(table)})"


def pg_speaker_document(table: str = "claims") -> str:
    """The expression of the ix_claims_speaker_search GIN index (migration 0015 fs01)."""
    return f"to_tsvector('simple', coalesce({table}.speaker, ''))"


FTS5_TEXT = "{text quote_exact}"
"""The FTS5 columns a word without a field is looked for in (not the speaker)."""

FTS5_TEXT_TABLE = "claims_fts"
"""SQLite's full-text table of the claims' text and quote (migration sp01)."""

FTS5_FIELD_TABLES = {"speaker": "claims_speaker_fts"}
"""The full-text table of each field a query can name (``speaker:``), apart from the text's."""


def fts5_table(node: search_query.Node) -> str | None:
    """The one FTS5 table every word of ``node`` is looked for in; None when it mixes fields.

    Words without a field are in :data:`FTS5_TEXT_TABLE`, ``speaker:`` words in the
    speaker's table; FTS5 keeps one list of rows per word for all the columns of a
    table, so the speaker is a table apart and a common name costs a text search nothing.
    """
    if isinstance(node, search_query.Field):
        return FTS5_FIELD_TABLES[node.name]
    if isinstance(node, search_query.Term):
        return FTS5_TEXT_TABLE
    if isinstance(node, search_query.Or):
        children = node.options
    else:
        children = (*node.required, *node.excluded)
    tables = {fts5_table(n) for n in children}
    return tables.pop() if len(tables) == 1 else None


def fts5_query(node: search_query.Node) -> str:
    """A parsed search as an FTS5 MATCH expression, for the table :func:`fts5_table` names.

    Every word is quoted, so punctuation and FTS5's own syntax in the user's text
    (NEAR, column filters, ^) are searched for as words, never parsed. Each phrase
    carries its column filter: the text and quote, or ``speaker`` for ``speaker:``.
    A query that mixes fields (``fts5_table`` None) spans two tables: use
    :func:`fts5_condition` or :func:`fts5_rowids` for it.
    """
    if isinstance(node, search_query.Field):
        return f"({node.name} : {_fts5_phrase(node.term)})"
    if isinstance(node, search_query.Term):
        return f"({FTS5_TEXT} : {_fts5_phrase(node)})"
    if isinstance(node, search_query.Or):
        return "(" + " OR ".join(fts5_query(n) for n in node.options) + ")"
    expr = "(" + " AND ".join(fts5_query(n) for n in node.required) + ")"
    for n in node.excluded:
        expr = f"({expr} NOT {fts5_query(n)})"
    return expr


def _fts5_phrase(term: search_query.Term) -> str:
    phrase = '"' + " ".join(term.words) + '"'
    return phrase + "*" if term.prefix else phrase


def _fts5_match(table: str, node: search_query.Node, param: Callable[[str], str]) -> str:
    return f"{table} MATCH {param(fts5_query(node))}"


def _fts5_and_parts(
    node: search_query.And,
) -> tuple[dict[str, search_query.Node], list[search_query.Node], list[search_query.Node]]:
    """A mixed AND as one node per table (its words and exclusions in one MATCH), and the
    required and excluded parts that mix tables themselves."""
    required: dict[str, list[search_query.Node]] = {}
    mixed: list[search_query.Node] = []
    for n in node.required:
        table = fts5_table(n)
        if table is None:
            mixed.append(n)
        else:
            required.setdefault(table, []).append(n)
    excluded: dict[str, list[search_query.Node]] = {}
    mixed_out: list[search_query.Node] = []
    for n in node.excluded:
        table = fts5_table(n)
        if table is not None and table in required:
            excluded.setdefault(table, []).append(n)
        else:
            mixed_out.append(n)
    per_table: dict[str, search_query.Node] = {}
    for table, nodes in required.items():
        out = excluded.get(table, [])
        per_table[table] = (
            nodes[0] if len(nodes) == 1 and not out else search_query.And(tuple(nodes), tuple(out))
        )
    return per_table, mixed, mixed_out


def _fts5_driven(node: search_query.Node, param: Callable[[str], str]) -> tuple[str, str] | None:
    """(FTS5 table, its WHERE) for a search that one table can run and rank, the other
    table's words as conditions on its rowid; None for one that cannot (``a OR speaker:b``).

    An AND is run by the text's table when it has words without a field, and ranked by
    them; by the speaker's otherwise.
    """
    table = fts5_table(node)
    if table is not None:
        return table, _fts5_match(table, node, param)
    if not isinstance(node, search_query.And):
        return None
    per_table, mixed, mixed_out = _fts5_and_parts(node)
    order = [t for t in (FTS5_TEXT_TABLE, *FTS5_FIELD_TABLES.values()) if t in per_table]
    if not order:
        return None
    driver = order[0]
    where = [_fts5_match(driver, per_table[driver], param)]
    # `+rowid`: the other table's ids are read once into a temporary index, and the
    # driver's matches checked against it. A plain `rowid IN` would be handed to FTS5
    # as one query per id (60 µs each: 14 ms for a speaker's 333 claims at 1M).
    for other in order[1:]:
        match = _fts5_match(other, per_table[other], param)
        where.append(f"+rowid IN (SELECT rowid FROM {other} WHERE {match})")
    where += [f"+rowid IN ({fts5_rowids(n, param)})" for n in mixed]
    where += [f"+rowid NOT IN ({fts5_rowids(n, param)})" for n in mixed_out]
    return driver, " AND ".join(where)


def fts5_rowids(node: search_query.Node, param: Callable[[str], str]) -> str:
    """A SELECT of the ids (one column, ``id``) of the claims ``node`` matches, on SQLite.

    ``param(value)`` binds a value and returns its placeholder, as for :func:`pg_condition`.
    """
    driven = _fts5_driven(node, param)
    if driven is not None:
        return f"SELECT rowid AS id FROM {driven[0]} WHERE {driven[1]}"
    if isinstance(node, search_query.Or):
        groups: dict[str, list[search_query.Node]] = {}
        mixed: list[search_query.Node] = []
        for n in node.options:
            table = fts5_table(n)
            if table is None:
                mixed.append(n)
            else:
                groups.setdefault(table, []).append(n)
        parts = [
            f"SELECT rowid AS id FROM {t} WHERE "
            + _fts5_match(t, ns[0] if len(ns) == 1 else search_query.Or(tuple(ns)), param)
            for t, ns in groups.items()
        ]
        parts += [f"SELECT id FROM ({fts5_rowids(n, param)})" for n in mixed]
        return " UNION ".join(parts)
    assert isinstance(node, search_query.And)
    first_part, *rest = node.required  # every part mixes tables (else it would be driven)
    # Built in the order of the SQL text: the placeholders are positional.
    sql = f"SELECT id FROM ({fts5_rowids(first_part, param)})"
    conditions = [f"id IN ({fts5_rowids(n, param)})" for n in rest]
    conditions += [f"id NOT IN ({fts5_rowids(n, param)})" for n in node.excluded]
    return sql + (" WHERE " + " AND ".join(conditions) if conditions else "")


def fts5_condition(
    node: search_query.Node, param: Callable[[str], str], table: str = "claims"
) -> str:
    """A parsed search as a SQLite condition on ``table.id`` (as :func:`pg_condition`)."""
    return f"{table}.id IN ({fts5_rowids(node, param)})"


def _fts5_positives(node: search_query.Node, table: str) -> list[search_query.Node]:
    """The words of ``node`` looked for in ``table`` and not excluded: what a snippet marks."""
    if fts5_table(node) == table:
        return [node]
    if isinstance(node, search_query.Or):
        return [p for n in node.options for p in _fts5_positives(n, table)]
    if isinstance(node, search_query.And):
        return [p for n in node.required for p in _fts5_positives(n, table)]
    return []


def ts_query(node: search_query.Node, param: Callable[[str], str]) -> str:
    """A parsed search as one PostgreSQL tsquery (fields too), for ranking and headlines.

    ``param(value)`` binds a value and returns its placeholder (``?`` here, a
    named one for SQLAlchemy's ``text()``): the user's words are never SQL.
    Which claims match is :func:`pg_condition`'s, which keeps fields apart.
    """
    if isinstance(node, search_query.Field):
        return ts_query(node.term, param)
    if isinstance(node, search_query.Term):
        if not node.prefix:
            return f"phraseto_tsquery('simple', {param(node.raw)})"
        # \w+ words hold no tsquery syntax.
        return f"to_tsquery('simple', {param(' <-> '.join(node.words) + ':*')})"
    if isinstance(node, search_query.Or):
        parts = [ts_query(n, param) for n in node.options]
        combined = parts[0]
        for p in parts[1:]:
            combined = f"tsquery_or({combined}, {p})"
        return combined
    combined = ts_query(node.required[0], param)
    for n in node.required[1:]:
        combined = f"tsquery_and({combined}, {ts_query(n, param)})"
    for n in node.excluded:
        combined = f"tsquery_and({combined}, tsquery_not({ts_query(n, param)}))"
    return combined


def pg_condition(
    node: search_query.Node, param: Callable[[str], str], table: str = "claims"
) -> str:
    """A parsed search as a PostgreSQL condition: words in the text and quote (their GIN
    index), ``speaker:`` words in the speaker (its own GIN index)."""
    if isinstance(node, search_query.Field):
        return f"{pg_speaker_document(table)} @@ {ts_query(node.term, param)}"
    if isinstance(node, search_query.Term):
        return f"{pg_search_document(table)} @@ {ts_query(node, param)}"
    if isinstance(node, search_query.Or):
        return "(" + " OR ".join(pg_condition(n, param, table) for n in node.options) + ")"
    parts = [pg_condition(n, param, table) for n in node.required]
    parts += [f"NOT {pg_condition(n, param, table)}" for n in node.excluded]
    return "(" + " AND ".join(parts) + ")"


def _positional(params: list[Any]) -> Callable[[str], str]:
    def param(value: str) -> str:
        params.append(value)
        return "?"

    return param


def search_hits(
    reader: Reader, node: search_query.Node, *, limit: int, include_archived: bool = False
) -> list[tuple[int, str | None]]:
    """(claim id, snippet) of the best ``limit`` matches, best first.

    The ranking and the limit run inside the full-text index (FTS5's ``rank``;
    PostgreSQL's ``ts_rank`` over the GIN index), and snippets are made only for
    the rows kept. In a snippet, :data:`MARK_START` and :data:`MARK_END` surround
    each matched word.
    """
    if reader.dialect == "sqlite":
        return _fts5_hits(reader, node, limit, include_archived)
    return _ts_hits(reader, node, limit, include_archived)


RANK_WINDOW = 1000
"""A search ranks the newest this many of its matches (all of them when there are fewer)."""

COMMON_MATCHES = 20_000
"""A search matching at least this many claims lists the newest first, unranked."""


def _fts5_hits(
    reader: Reader, node: search_query.Node, limit: int, include_archived: bool
) -> list[tuple[int, str | None]]:
    """SQLite: the best ids from FTS5 alone, then the unarchived among them, then snippets.

    Ranking costs FTS5 a bm25 score for every match it ranks (and, for the
    statistics, a walk over every match of each word), so a search ranks the
    newest :data:`RANK_WINDOW` of its matches: all of them, exactly, when there
    are fewer; and one matching :data:`COMMON_MATCHES` claims or more is not
    ranked at all: its newest matches come first (docs/search.md). The limit
    runs inside FTS5 and there is no join, nor ``snippet()``, before it.
    Archived claims are dropped after the limit, so it asks for more than
    ``limit`` and asks again, four times as many, in the rare case that too
    many of those were archived.

    The text and the speaker are two FTS5 tables (:func:`fts5_table`): a search
    runs in one of them, the other's words as a condition on its rowid
    (:func:`_fts5_driven`), and is ranked by that table's words; one whose
    alternatives mix the two (``gas OR speaker:obama``) is not ranked: newest first.
    """
    params: list[Any] = []
    driven = _fts5_driven(node, _positional(params))
    if driven is None:
        params.clear()
        matches = f"SELECT id FROM ({fts5_rowids(node, _positional(params))})"
        ranked = False
    else:
        table, where = driven
        matches = f"SELECT rowid AS id FROM {table} WHERE {where}"
        ranked = True
    common = not ranked
    if ranked:
        probe = first(
            reader, f"SELECT count(*) FROM ({matches} LIMIT ?)", (*params, COMMON_MATCHES)
        )
        common = probe is not None and int(probe[0]) >= COMMON_MATCHES
    want = limit if include_archived else limit * 2 + 10
    while True:
        if common:
            sql = f"{matches} ORDER BY {'rowid' if ranked else 'id'} DESC LIMIT ?"
            args: tuple[Any, ...] = (*params, want)
        else:
            sql = (
                f"SELECT rowid FROM (SELECT rowid, rank FROM {table} WHERE {where} "
                "ORDER BY rowid DESC LIMIT ?) ORDER BY rank, rowid LIMIT ?"
            )
            args = (*params, max(RANK_WINDOW, want), want)
        ids = [int(r[0]) for r in reader.rows(sql, args)]
        kept = ids
        if not include_archived and ids:
            live = {
                r[0]
                for r in reader.rows(
                    f"SELECT id FROM claims WHERE id IN ({marks(len(ids))}) "
                    "AND archived_at IS NULL",
                    ids,
                )
            }
            kept = [i for i in ids if i in live]
        if len(kept) >= limit or len(ids) < want:
            break
        want *= 4
    kept = kept[:limit]
    if not kept:
        return []
    snippets: dict[int, str | None] = {}
    for fts in (FTS5_TEXT_TABLE, *FTS5_FIELD_TABLES.values()):
        words = [node] if fts5_table(node) == fts else _fts5_positives(node, fts)
        rest = [i for i in kept if i not in snippets]
        if not words or not rest:
            continue
        match = fts5_query(words[0] if len(words) == 1 else search_query.Or(tuple(words)))
        snippets.update(
            (int(i), s)
            for i, s in reader.rows(
                f"SELECT rowid, snippet({fts}, -1, ?, ?, '…', {SNIPPET_WORDS}) FROM {fts} "
                f"WHERE {fts} MATCH ? AND rowid IN ({marks(len(rest))})",
                (MARK_START, MARK_END, match, *rest),
            )
        )
    return [(i, snippets.get(i)) for i in kept]


def _ts_hits(
    reader: Reader, node: search_query.Node, limit: int, include_archived: bool
) -> list[tuple[int, str | None]]:
    """PostgreSQL: as :func:`_fts5_hits`, by ts_rank over the newest matches, with headlines.

    The GIN indexes find the matches; the newest :data:`RANK_WINDOW` of them are
    ranked (none when there are :data:`COMMON_MATCHES` or more: newest first).
    """
    params: list[Any] = []
    param = _positional(params)
    live = "" if include_archived else " AND archived_at IS NULL"
    probe = first(
        reader,
        f"SELECT count(*) FROM (SELECT 1 FROM claims WHERE {pg_condition(node, param)}{live} "
        "LIMIT ?) AS m",
        (*params, COMMON_MATCHES),
    )
    common = probe is not None and int(probe[0]) >= COMMON_MATCHES
    params.clear()

    def q() -> str:
        """The query, its words bound again where it appears (in the order of the SQL)."""
        return ts_query(node, param)

    def headline(value: str) -> str:
        query = q()
        params.append(options)
        return f"ts_headline('simple', {value}, {query}, ?)"

    def matches(value: str) -> str:
        return f"to_tsvector('simple', coalesce({value}, '')) @@ {q()}"

    options = (
        f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, '
        f'MinWords={SNIPPET_WORDS // 2}, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "'
    )
    # The passage from the text when the words match there, as SQLite's snippet() picks
    # the best column; the quote or the speaker otherwise.
    everything = f"{pg_searched_text('c')} || ' ' || coalesce(c.speaker, '')"
    passage = (
        f"CASE WHEN {matches('c.text')} THEN {headline('c.text')} "
        f"WHEN {matches('c.quote_exact')} THEN {headline('c.quote_exact')} "
        f"ELSE {headline(everything)} END"
    )
    score = "0" if common else f"ts_rank(to_tsvector('simple', {everything}), {q()})"
    newest = (
        f"SELECT id FROM claims WHERE {pg_condition(node, param)}{live} ORDER BY id DESC LIMIT ?"
    )
    params.append(limit if common else RANK_WINDOW)
    ties = "c.id DESC" if common else "c.id"  # as FTS5: newest first, or by rowid among equals
    best = (
        f"SELECT c.id, {score} AS score FROM claims c JOIN ({newest}) AS w ON w.id = c.id "
        f"ORDER BY score DESC, {ties} LIMIT ?"
    )
    params.append(limit)
    rows = reader.rows(
        f"SELECT c.id, {passage} FROM claims c JOIN ({best}) AS best ON best.id = c.id "
        f"ORDER BY best.score DESC, {ties}",
        params,
    )
    return [(int(r[0]), r[1]) for r in rows]


@dataclass(frozen=True)
class ClaimBrief:
    """What a search hit or a match shows of a claim."""

    id: int
    status: str
    claim_type: str
    verdict: str | None
    speaker: str | None
    text: str


def claim_briefs(reader: Reader, ids: Sequence[int]) -> dict[int, ClaimBrief]:
    """These claims' status, type, verdict label, speaker and text, by id."""
    if not ids:
        return {}
    rows = reader.rows(
        "SELECT c.id, c.status, c.claim_type, rl.label, c.speaker, c.text FROM claims c "
        "LEFT JOIN verdicts v ON v.id = c.current_verdict_id "
        "LEFT JOIN rating_labels rl ON rl.id = v.label_id "
        f"WHERE c.id IN ({marks(len(ids))})",
        list(ids),
    )
    return {int(r[0]): ClaimBrief(int(r[0]), *r[1:]) for r in rows}


# The event log ------------------------------------------------------------------

EventRow = tuple[int, datetime, str, str, int, int | None, str, Any, Any, str | None]
"""id, occurred_at, actor's name, entity, entity_id, claim_id, action, before, after, reason."""


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)


def _stored_time(reader: Reader, value: datetime) -> Any:
    """A UTC timestamp as the column holds it (SQLite: naive text, as SQLAlchemy writes it)."""
    if reader.dialect == "sqlite":
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    return value


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def person_exists(reader: Reader, name: str) -> bool:
    return first(reader, "SELECT 1 FROM people WHERE name = ?", (name,)) is not None


def claim_exists(reader: Reader, claim_id: int) -> bool:
    return first(reader, "SELECT 1 FROM claims WHERE id = ?", (claim_id,)) is not None


def events(reader: Reader, q: EventQuery) -> list[EventRow]:
    """Events matching ``q``, newest or oldest first, with the actor's name."""
    where: list[str] = []
    args: list[Any] = []
    if q.actor is not None:
        where.append("e.actor_id IN (SELECT id FROM people WHERE name = ?)")
        args.append(q.actor)
    if q.entity is not None:
        where.append("e.entity = ?")
        args.append(q.entity.value)
    if q.action is not None:
        where.append("e.action = ?")
        args.append(q.action)
    if q.claim_id is not None:
        where.append("e.claim_id = ?")
        args.append(q.claim_id)
    if q.since is not None:
        where.append("e.occurred_at >= ?")
        args.append(_stored_time(reader, _day_start(q.since)))
    if q.until is not None:
        where.append("e.occurred_at < ?")
        args.append(_stored_time(reader, _day_start(q.until + timedelta(days=1))))
    sql = EVENTS
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY e.id {'DESC' if q.newest_first else 'ASC'}"
    if q.limit is not None:
        sql += " LIMIT ?"
        args.append(q.limit)
    return event_rows(reader.rows(sql, args))


EVENTS = (
    "SELECT e.id, e.occurred_at, p.name, e.entity, e.entity_id, e.claim_id, e.action, "
    "e.before, e.after, e.reason FROM events e JOIN people p ON p.id = e.actor_id"
)
"""The columns of an :data:`EventRow`, to which a WHERE clause is added."""


def event_rows(rows: Sequence[Row]) -> list[EventRow]:
    """Rows of :data:`EVENTS` as :data:`EventRow` (timestamps aware, JSON decoded)."""
    return [
        (
            int(r[0]),
            timestamp(r[1]),
            r[2],
            r[3],
            int(r[4]),
            r[5],
            r[6],
            _json(r[7]),
            _json(r[8]),
            r[9],
        )  # type: ignore[misc]
        for r in rows
    ]


# Claim matching: the first stage and what a match shows ----------------------------


def match_candidates(
    reader: Reader, terms: Sequence[str], limit: int, exclude: Collection[int] = ()
) -> list[tuple[int, str, float]]:
    """(id, text, index score: higher is better) of the best ``limit`` claims for ``terms``.

    The words are OR-ed into one query on the database's own index (SQLite
    FTS5 over the claim's text and quoted words, ranked by bm25; PostgreSQL's
    GIN tsvector index, ranked by ts_rank); the index applies the ranking and
    the limit. Archived claims and the ids in ``exclude`` are left out.
    ``terms`` are plain words (letters and digits), as
    :func:`claimdb.analysis.matching.fts_query` gives them.
    """
    if not terms:
        return []
    # A little more than asked, so that excluded ids do not shorten the list.
    fetch = limit + len(exclude)
    if reader.dialect == "sqlite":
        match = "{text quote_exact} : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
        rows = reader.rows(
            "SELECT c.id, c.text, -bm25(claims_fts) AS score FROM claims_fts "
            "JOIN claims c ON c.id = claims_fts.rowid "
            "WHERE claims_fts MATCH ? AND c.archived_at IS NULL "
            "ORDER BY rank LIMIT ?",
            (match, fetch),
        )
    else:
        query = "to_tsquery('simple', ?)"
        words = " | ".join(f"'{t}'" for t in terms)
        document = pg_search_document()
        rows = reader.rows(
            f"SELECT id, text, ts_rank({document}, {query}) AS score FROM claims "
            f"WHERE {document} @@ {query} AND archived_at IS NULL "
            "ORDER BY score DESC, id LIMIT ?",
            (words, words, fetch),
        )
    out = [(int(r[0]), str(r[1]), float(r[2])) for r in rows if r[0] not in exclude]
    return out[:limit]


def _verdict(scale: str | None, label: str | None) -> str | None:
    return f"{scale}:{label}" if label else None


def match_briefs(reader: Reader, ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """For each claim id: its status, its verdict (and its original's, for a repeat)."""
    if not ids:
        return {}
    rows = reader.rows(
        "SELECT c.id, c.status, c.text, s.name, l.label, l.title FROM claims c "
        "LEFT JOIN verdicts v ON v.id = c.current_verdict_id "
        "LEFT JOIN rating_labels l ON l.id = v.label_id "
        "LEFT JOIN rating_scales s ON s.id = l.scale_id "
        f"WHERE c.id IN ({marks(len(ids))})",
        list(ids),
    )
    out: dict[int, dict[str, Any]] = {
        int(cid): {
            "status": status,
            "text": claim_text,
            "verdict": _verdict(scale_name, label_name),
            "verdict_title": title,
            "same_as": None,
        }
        for cid, status, claim_text, scale_name, label_name, title in rows
    }
    for cid, original in originals_of(reader, ids).items():
        if cid in out:
            out[cid]["same_as"] = original
    return out


def originals_of(reader: Reader, ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """For each repeat among ``ids``: its original's id, status and verdict."""
    if not ids:
        return {}
    rows = reader.rows(
        "SELECT k.claim_id, o.id, o.status, s.name, l.label, l.title FROM claim_links k "
        "JOIN claims o ON o.id = k.other_id "
        "LEFT JOIN verdicts v ON v.id = o.current_verdict_id "
        "LEFT JOIN rating_labels l ON l.id = v.label_id "
        "LEFT JOIN rating_scales s ON s.id = l.scale_id "
        f"WHERE k.kind = ? AND k.claim_id IN ({marks(len(ids))})",
        [LinkKind.SAME.value, *ids],
    )
    return {
        int(cid): {
            "claim_id": int(oid),
            "status": status,
            "verdict": _verdict(scale_name, label_name),
            "verdict_title": title,
        }
        for cid, oid, status, scale_name, label_name, title in rows
    }
