"""Drafts: edits refused by a conflict, kept on disk so that nobody's input is lost.

When `claimdb claim edit` is refused because the claim changed since it was
read, the attempted change is written as JSON to a new file in
:func:`claimdb.config.drafts_dir`; the error names the file and the command
that applies it (``claimdb claim edit ID --from-draft PATH --if-version N``).
A draft is deleted once it has been applied.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from claimdb.config import drafts_dir
from claimdb.errors import InvalidInput, NotFound, validation_problems
from claimdb.schemas.claims import ClaimEditDraft, ClaimPatch


def new_draft_path(claim_id: int) -> Path:
    """A fresh file name for a draft of an edit to ``claim_id`` (the folder is created)."""
    folder = drafts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return folder / f"claim-{claim_id}-{stamp}-{uuid.uuid4().hex[:6]}.json"


def write_draft(path: Path, draft: ClaimEditDraft) -> Path:
    """Write ``draft`` to ``path`` atomically (a reader never sees half a file)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(draft.model_dump_json(indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_draft(path: Path, *, claim_id: int) -> tuple[ClaimEditDraft, ClaimPatch]:
    """The draft in ``path`` and its changes as a patch, checked to be for ``claim_id``."""
    if not path.is_file():
        raise NotFound(f"no draft file {path}", hint=f"drafts are kept in {drafts_dir()}")
    try:
        draft = ClaimEditDraft.model_validate_json(path.read_text(encoding="utf-8"))
        patch = ClaimPatch.model_validate(draft.changes)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), file=str(path))
        raise InvalidInput(f"{path} is not a claimdb edit draft", problems=problems) from None
    if draft.claim_id != claim_id:
        raise InvalidInput(
            f"{path} is a draft for claim {draft.claim_id}, not claim {claim_id}",
            hint=f"run `claimdb claim edit {draft.claim_id} --from-draft {path}`",
        )
    return draft, patch


def discard_draft(path: Path) -> None:
    """Delete a draft that has been applied."""
    path.unlink(missing_ok=True)
