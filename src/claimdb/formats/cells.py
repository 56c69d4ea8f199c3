"""Spreadsheet-safe cells: the formula guard every CSV that claimdb writes applies.

A module of its own, with no imports, so that a read command's ``-f csv``
(:mod:`claimdb.cli.output`) guards its cells without loading the import and
export machinery of :mod:`claimdb.formats.delimited`.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Guard a spreadsheet cell against formula injection (OWASP): prefix a quote.

    A cell that starts with =, +, -, @, tab or CR (after any leading quotes)
    gets one more leading quote; ``claimdb import`` removes exactly one, so
    the text round-trips.
    """
    if cell.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """Undo the export's formula guard: one leading quote before =, +, -, @, tab or CR."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell
