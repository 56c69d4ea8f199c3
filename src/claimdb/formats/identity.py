"""What makes two claims the same claim, computed without the database.

Kept apart from :mod:`claimdb.services.claims` so that the process that reads
and checks a large import file (:mod:`claimdb.formats.worker`) can compute
it without loading the ORM.
"""

from __future__ import annotations

import hashlib


def claim_content_key(
    text: str, speaker: str | None, version_id: int | None, start: int | None
) -> int:
    """What makes two imported claims the same claim: text, speaker and anchor.

    The first 64 bits of the sha256 of the normalised text (whitespace collapsed,
    case folded), speaker, document version and start offset, as a signed
    integer. Two different claims share a key with odds of about n**2 / 2**65
    (1 in 37 million at a million claims).
    """
    key = "\x1f".join(
        [
            " ".join(text.split()).casefold(),
            (speaker or "").casefold(),
            str(version_id or ""),
            str(start or ""),
        ]
    )
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)
