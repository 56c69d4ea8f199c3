"""The rejects file (``import --skip-invalid --rejects FILE``): written, and read back.

One JSON object per rejected row: ``line`` (where it was), ``errors`` (each
``file:line: field: message``) and ``row``, the record as the file gave it
(:class:`~claimdb.schemas.records.Rejected`). A line too long to read keeps
only its start: ``"truncated": true`` and ``bytes``, its full size.

The file is made to be fixed and imported again, with the options of the
first import (as JSONL; a ClaimReview or Fact Check API one with its
``--format``): the import reads each line's ``row`` in place of the line. A
row that is only a line's text (it could not be read as fields) or only its
start is refused again, saying why.
"""

from __future__ import annotations

import json
from typing import Any

from claimdb.errors import Problem
from claimdb.schemas.records import Rejected

KEYS = frozenset(("line", "errors", "row", "truncated", "bytes"))


def dumps(item: Rejected) -> str:
    """One line of the rejects file (without its line end)."""
    entry: dict[str, Any] = {
        "line": item.line,
        "errors": [str(p) for p in item.problems],
        "row": item.raw,
    }
    if item.truncated is not None:
        entry["truncated"] = True
        entry["bytes"] = item.truncated
    return json.dumps(entry, ensure_ascii=False)


def is_reject(obj: Any) -> bool:
    """Whether a JSON record is a line of a rejects file (no claim record has these keys)."""
    return isinstance(obj, dict) and "row" in obj and "errors" in obj and obj.keys() <= KEYS


def unwrap(obj: Any, line: int, origin: str) -> tuple[Any, Rejected | None]:
    """A record, or the row a rejects line holds; or why that row cannot be imported."""
    if not is_reject(obj):
        return obj, None
    try:
        return row_of(obj), None
    except ValueError as exc:
        size = obj.get("bytes") if obj.get("truncated") else None
        problem = Problem(str(exc), "row", origin, line)
        return None, Rejected(line, [problem], obj["row"], truncated=size)


def row_of(entry: dict[str, Any]) -> Any:
    """The record a rejects line holds; ValueError says why it cannot be imported as it is."""
    row = entry["row"]
    where = f"line {entry['line']} of the original file" if entry.get("line") else "the row"
    if entry.get("truncated"):
        raise ValueError(
            f"only the start of {where} is kept (it was {entry.get('bytes')} bytes long): "
            "replace row with the whole record, or delete this line"
        )
    if isinstance(row, str):
        try:
            row = json.loads(row)
        except json.JSONDecodeError:
            row = None
        if not isinstance(row, dict):
            raise ValueError(
                f"the text of {where}, which could not be read as fields: write it as "
                'an object of column: value ({"text": "...", ...})'
            )
    if not isinstance(row, dict):
        raise ValueError(f"nothing kept of {where}: write the record here, or delete this line")
    return row
