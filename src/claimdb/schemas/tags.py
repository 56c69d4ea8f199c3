"""Tags as claimdb stores them: plain Python, so a read command normalises ``--tag``
without importing the pydantic schemas (:mod:`claimdb.schemas.common` re-exports them)."""

from __future__ import annotations

import re
import unicodedata

TAG_MAX_CHARS = 64
_APOSTROPHES = frozenset("'\u2018\u2019\u02bc`\u00b4")
_DASHES = re.compile(r"-{2,}")
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._]|-(?=[a-z0-9._]))*")
"""What :func:`slug_tag` leaves as it is (ASCII only: the general case is checked char by char)."""


def slug_tag(value: str) -> str:
    """A tag as claimdb stores it: "Editor's Picks" -> "editors-picks", "@AFP" -> "afp".

    Lower case (after Unicode NFKC normalisation); apostrophes dropped; letters
    and digits of any script kept, with their accents and vowel marks (an Arabic
    tag stays Arabic), and '.' and '_'; anything else becomes '-', runs of '-'
    collapse to one, and a tag starts with a letter or digit and does not end
    with '-'. ValueError when nothing is left, or more than :data:`TAG_MAX_CHARS`.
    """
    if _SLUG.fullmatch(value) and len(value) <= TAG_MAX_CHARS:
        return value  # already a slug: most tags, most of the time
    text = unicodedata.normalize("NFKC", value).lower()
    kept = [
        c if c.isalnum() or c in "._" or unicodedata.category(c).startswith("M") else "-"
        for c in text
        if c not in _APOSTROPHES
    ]
    slug = _DASHES.sub("-", "".join(kept)).strip("-").lstrip("._-")
    if not slug:
        raise ValueError(
            f"tag {value!r} has no letters or digits to make a tag of: give a word, e.g. 'budget'"
        )
    if len(slug) > TAG_MAX_CHARS:
        raise ValueError(
            f"tag {slug[:20] + '...'!r} is {len(slug)} characters long; "
            f"a tag has at most {TAG_MAX_CHARS}"
        )
    return slug


__all__ = ["TAG_MAX_CHARS", "slug_tag"]
