"""Use cases: one function per operation, the same for the CLI and for Python.

Every function takes a :class:`~claimdb.db.uow.UnitOfWork` first and
keyword-only arguments after it, returns pydantic schema objects, and raises
:mod:`claimdb.errors` exceptions. None of them prints or commits::

    from claimdb.services import open_uow
    from claimdb.services.claims import add_claim
    from claimdb.schemas.claims import ClaimIn

    with open_uow("claims.sqlite3") as uow:
        claim = add_claim(uow, actor="maria", data=ClaimIn(text="..."))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Re-exported for type annotations only: the CLI names the type without importing the db layer.
    from claimdb.db.uow import UnitOfWork as UnitOfWork


def open_uow(
    db: str | None = None,
    *,
    write: bool = True,
    optimistic: bool = False,
    bulk_load: bool = False,
) -> UnitOfWork:
    """A unit of work on the database named by ``db``, ``CLAIMDB_URL`` or the default file.

    Pass ``write=False`` when the operation only reads, ``optimistic=True``
    for a version-checked edit, and ``bulk_load=True`` for a large import (see
    :class:`~claimdb.db.uow.UnitOfWork`).
    """
    from claimdb.config import resolve_settings
    from claimdb.db.uow import UnitOfWork

    return UnitOfWork(
        resolve_settings(db).db_url, write=write, optimistic=optimistic, bulk_load=bulk_load
    )


__all__ = ["UnitOfWork", "open_uow"]
