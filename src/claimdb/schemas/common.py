"""Shared field types and validators for the boundary schemas."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any, ClassVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, field_validator

from claimdb.schemas.plain import check_text
from claimdb.schemas.tags import slug_tag

CLAIM_TEXT_MAX_CHARS = 10_000
"""The longest claim text, in characters: a claim is a sentence or a paragraph, not a
document (file it under a document, with ``--doc``, and anchor it there)."""
FIELD_MAX_CHARS = 10_000
"""The longest value of any other text field of a claim record, in characters: the
claim's speaker, context, ids, its verdict's label, title, rationale and publisher,
a citation's quote and locator, a source's fields, a quantity's words, a note."""
LIMITS_DOC = "docs/import-export.md#limits"


def check_length(value: str, limit: int, what: str = "it") -> str:
    """``value`` if it is at most ``limit`` characters; else a ValueError saying what to do."""
    if len(value) > limit:
        raise ValueError(
            f"too long ({len(value):,} characters); the limit is {limit:,} ({LIMITS_DOC}): "
            f"shorten {what}"
        )
    return value


class Schema(BaseModel):
    """Base for input schemas: unknown fields are errors, strings are stripped.

    No string anywhere in an input may hold NUL or a lone surrogate
    (:func:`check_text`), nor, where ``max_chars`` is set, be longer than that.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    max_chars: ClassVar[int | None] = None

    @field_validator("*", mode="after")
    @classmethod
    def _only_text(cls, value: Any) -> Any:
        limit = cls.max_chars
        if isinstance(value, str):
            check_text(value)
            if limit is not None and len(value) > limit:
                check_length(value, limit)
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str):
                    check_text(item)
                    if limit is not None:
                        check_length(item, limit)
        return value


class Bounded(Schema):
    """An input schema of a claim record (the claim, its verdict, citations, sources...):
    every text value in it is at most :data:`FIELD_MAX_CHARS` characters.

    The one place the limit is applied, so every way a claim comes in (each
    import format, ``claim add``, ``claim edit``, the seed) refuses the same
    value with the same message.
    """

    max_chars = FIELD_MAX_CHARS


def _claim_text(value: str) -> str:
    return check_length(value, CLAIM_TEXT_MAX_CHARS, "it, or split it into several claims")


ClaimText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_claim_text)
]
"""A claim's text: not empty, at most :data:`CLAIM_TEXT_MAX_CHARS`.

Checked before the field limit every :class:`Bounded` value has, so its own message
is the one given: it must not be the larger of the two (a test says so)."""


class OutSchema(BaseModel):
    """Base for output schemas, built from ORM objects."""

    model_config = ConfigDict(from_attributes=True, frozen=True)


NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ExactStr = Annotated[str, StringConstraints(strip_whitespace=False)]
"""Text kept exactly as given (a document's text, a quote): offsets and hashes depend on it."""


def renamed_tags(values: Iterable[str]) -> list[tuple[str, str]]:
    """The tags that :func:`slug_tag` changes (beyond white space around them), as (given, stored).

    Tags it refuses are left out: validation reports them.
    """
    renamed = []
    for value in values:
        try:
            slug = slug_tag(value)
        except ValueError:
            continue
        if slug != value.strip():
            renamed.append((value, slug))
    return renamed


Tag = Annotated[str, AfterValidator(slug_tag)]
"""A tag, normalised to a slug (:func:`slug_tag`)."""

_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src)$", re.I)


# Characters that cannot appear unescaped in a URL (RFC 3986 and the WHATWG URL
# standard agree): they must be percent-encoded, and in an export they could
# end a Markdown link or an HTML attribute.
_URL_UNSAFE = frozenset('<>"`{}|\\^')
# Invisible characters that make one address look like another: zero-width
# spaces and joiners, bidi embeddings, overrides and isolates, the BOM.
_INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def _url_problem(value: str) -> str | None:
    """What makes ``value`` unfit to store as a link, or None."""
    for i, c in enumerate(value):
        if c.isspace():
            return f"contains white space at {i}; percent-encode it (%20)"
        if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
            return f"contains a control character (U+{ord(c):04X}) at {i}"
        if c in _INVISIBLE:
            return (
                f"contains an invisible character (U+{ord(c):04X}) at {i}, "
                "which can make one address look like another"
            )
        if c in _URL_UNSAFE:
            return f"contains {c!r} at {i}, which a URL must percent-encode ({quote(c)})"
    return None


def check_http_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a valid host and port; say what is wrong otherwise.

    The URL is kept as given; an internationalised host is shown in its
    punycode form next to it by :func:`url_display`.
    """
    value = value.strip()
    problem = _url_problem(value)
    if problem is not None:
        raise ValueError(f"{value!r} is not a usable URL: it {problem}")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise ValueError(
            f"{value!r} is not an http or https URL ({shown}); "
            "give the full address, e.g. https://example.org/page"
        )
    if not parts.hostname:
        raise ValueError(f"{value!r} has no host name")
    try:
        parts.port  # noqa: B018 (urllib checks the port when it is read)
    except ValueError:
        port = parts.netloc.rpartition(":")[2]
        raise ValueError(f"{value!r} has an invalid port {port!r} (expected 0-65535)") from None
    if ascii_host(parts.hostname) is None:
        raise ValueError(f"{value!r} has an invalid host name {parts.hostname!r}")
    return value


def ascii_host(host: str) -> str | None:
    """A host name in ASCII (IDNA punycode for an internationalised one), or None if invalid."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def url_display(url: str) -> str:
    """The URL with an internationalised host in punycode, so look-alike hosts show as such.

    ``https://еxample.com`` (a Cyrillic е) shows as ``https://xn--xample-2of.com``.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return url
    if not host or host.isascii():
        return url
    shown = ascii_host(host) or host
    netloc = parts.netloc.replace(host, shown) if host in parts.netloc else parts.netloc
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


HttpUrl = Annotated[str, AfterValidator(check_http_url)]


def normalise_url(url: str) -> str:
    """The identity of a URL for duplicate detection.

    Scheme, ``www.``, default ports, fragments, tracking parameters, the
    order of query parameters and a trailing slash do not make a different
    source: ``http://www.Example.org/a/?utm_source=x&b=2#top`` and
    ``https://example.org/a?b=2`` are the same page.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.")
    try:
        port = parts.port
    except ValueError:  # stored before ports were checked: compare it as written
        port = None
        host = parts.netloc.lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        )
    )
    return urlunsplit(("", host, path, query, "")).removeprefix("//")


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(value: str) -> str:
    """A DOI in canonical form (lower case, no resolver prefix), or ValueError."""
    doi = value.strip()
    for prefix in (
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
            break
    doi = doi.lower()
    if not _DOI.match(doi):
        raise ValueError(f"{value!r} is not a DOI (expected 10.NNNN/suffix)")
    return doi


Doi = Annotated[str, AfterValidator(normalise_doi)]

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def check_partial_date(value: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD (CSL's date-parts), checked for a real date."""
    value = value.strip()
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"invalid date {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    if len(value) == 10:
        from datetime import date

        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"invalid date {value!r}: no such day") from None
    return value


PartialDate = Annotated[str, AfterValidator(check_partial_date)]
