"""The search language of `claimdb search` and `claim list -q`, parsed once for both engines.

::

    gas oil            both words (AND is implied; `gas AND oil` says the same)
    gas OR oil         either word
    "oil exports"      the words next to each other, in this order
    export*            a word starting with "export" (exports, exporters...)
    gas -oil           gas but not oil (also `gas NOT oil`)
    (gas OR oil) russia  parentheses group
    speaker:obama      the speaker's name has the word (speaker:"barack obama": the words)

Words are looked for in the claim's text and quote; the speaker only through
``speaker:``, so a common name does not match every claim it said. Operators are
upper case; `or`, `and` and `not` are searched for as words. A word
is matched whole: `gas` does not find "gasoline" (`gas*` does). Punctuation inside
a word makes it a phrase of its parts (`1,000` is "1 000", `Russia-Ukraine` is
"Russia Ukraine"), the way both engines split the text they index.

:func:`parse` gives a small tree that ``claimdb.db.read_queries`` turns into SQLite
FTS5 MATCH expressions (on the text's table, and on the speaker's for ``speaker:``)
or PostgreSQL tsqueries, so both engines agree on what a query means. A query that
cannot mean anything (an unclosed quote, `AND` with nothing on one side, only excluded
words) is an :class:`~claimdb.errors.InvalidInput` saying why, never a search that
silently finds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdb.errors import InvalidInput

_WORD = re.compile(r"\w+", re.UNICODE)
HINT = 'e.g. gas OR oil, "oil exports", export*, gas -oil (see docs/search.md)'


@dataclass(frozen=True)
class Term:
    """Words that must occur together, in order: one word, a phrase, or a word with punctuation.

    ``raw`` is the text as the user wrote it (PostgreSQL splits it itself); ``words`` its
    parts as FTS5 splits them. ``prefix``: the last word may continue (``export*``).
    """

    raw: str
    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class And:
    """Every one of ``required`` occurs, and none of ``excluded``."""

    required: tuple[Node, ...]
    excluded: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Or:
    """At least one of ``options`` occurs."""

    options: tuple[Node, ...]


@dataclass(frozen=True)
class Field:
    """``speaker:WORD`` or ``speaker:"WORDS"``: ``term`` in the named field, not in the text."""

    name: str
    term: Term


Node = Term | And | Or | Field

FIELDS = ("speaker",)
"""The fields a query can name (``speaker:obama``); other words with a colon are words."""

_OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class _Token:
    kind: str  # "term", "op", "(", ")", "-"
    value: str = ""
    term: Term | None = None
    field: str | None = None


def _refuse(query: str, why: str) -> InvalidInput:
    return InvalidInput(f"search {query!r}: {why}", hint=HINT)


def _term(query: str, raw: str, *, prefix: bool) -> Term | None:
    if "*" in raw:
        raise _refuse(query, f"a * goes only at the end of a word ({raw!r})")
    words = tuple(_WORD.findall(raw))
    return Term(raw=raw, words=words, prefix=prefix) if words else None


def _field_at(query: str, i: int) -> str | None:
    """The field named at ``query[i:]`` (``speaker:``, any case), or None."""
    for name in FIELDS:
        end = i + len(name)
        if query[i:end].lower() == name and query[end : end + 1] == ":":
            return name
    return None


def _tokens(query: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        field = _field_at(query, i)
        if field is not None:
            i += len(field) + 1
            if i >= n or query[i].isspace() or query[i] in "()":
                raise _refuse(query, f"{field}: needs a word or a quoted name right after it")
            ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Token(ch))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise _refuse(query, 'a phrase opened with " is not closed')
            inner = query[i + 1 : end]
            i = end + 1
            prefix = i < n and query[i] == "*"
            i += prefix
            term = _term(query, inner, prefix=prefix)
            if term is None:
                raise _refuse(query, f'the phrase "{inner}" has no words in it')
            out.append(_Token("term", term=term, field=field))
        elif ch == "-" and field is None and i + 1 < n and not query[i + 1].isspace():
            out.append(_Token("-"))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            raw = query[i:j]
            i = j
            if raw in _OPERATORS and field is None:
                out.append(_Token("op", raw))
                continue
            prefix = raw.endswith("*")
            word = _term(query, raw[:-1] if prefix else raw, prefix=prefix)
            if word is None and prefix:
                raise _refuse(query, "a * goes at the end of a word, as in export*")
            if word is None and field is not None:
                raise _refuse(query, f"{field}: needs a word or a quoted name right after it")
            if word is not None:
                out.append(_Token("term", term=word, field=field))
    return out


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def refuse(self, why: str) -> InvalidInput:
        return _refuse(self.query, why)

    def parse(self) -> Node:
        if not self.tokens:
            raise self.refuse("there are no words to search for")
        node = self.any_of()
        if self.peek() is not None:
            raise self.refuse("a ) has no ( before it")
        return node

    def any_of(self) -> Node:
        options = [self.all_of(None)]
        while (t := self.peek()) is not None and t.kind == "op" and t.value == "OR":
            self.take()
            options.append(self.all_of("OR"))
        return options[0] if len(options) == 1 else Or(tuple(options))

    def all_of(self, after: str | None) -> Node:
        required: list[Node] = []
        excluded: list[Node] = []
        pending_and = after
        while (t := self.peek()) is not None and t.kind != ")":
            if t.kind == "op" and t.value == "OR":
                if not (required or excluded):
                    pending_and = "OR"
                break
            if t.kind == "op" and t.value == "AND":
                if pending_and is not None or not (required or excluded):
                    raise self.refuse("AND needs words on both sides")
                self.take()
                pending_and = "AND"
                continue
            negate = t.kind == "-" or (t.kind == "op" and t.value == "NOT")
            if negate:
                self.take()
            required_or_excluded = excluded if negate else required
            required_or_excluded.append(self.atom())
            pending_and = None
        if pending_and is not None:
            raise self.refuse(f"{pending_and} needs words on both sides")
        if not required:
            if excluded:
                raise self.refuse("give at least one word to find, not only words to leave out")
            raise self.refuse("there are no words to search for here")
        if len(required) == 1 and not excluded:
            return required[0]
        return And(tuple(required), tuple(excluded))

    def atom(self) -> Node:
        t = self.peek()
        if t is None:
            raise self.refuse("a word is missing at the end")
        if t.kind == "term":
            self.take()
            assert t.term is not None
            return t.term if t.field is None else Field(t.field, t.term)
        if t.kind == "(":
            self.take()
            node = self.any_of()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.refuse("a ( is not closed")
            self.take()
            return node
        raise self.refuse(f"{t.value or t.kind} cannot stand here: it needs a word after it")


def parse(query: str) -> Node:
    """The search ``query`` as a tree; :class:`InvalidInput` when it cannot mean anything."""
    return _Parser(query).parse()
