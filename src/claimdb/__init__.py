"""claimdb: a claim-and-citation fact-checking database.

The command-line tool is ``claimdb``; the same operations are functions in
:mod:`claimdb.services`, taking a unit of work from
:func:`claimdb.services.open_uow` and pydantic schemas from
:mod:`claimdb.schemas`.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
