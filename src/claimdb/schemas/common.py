"""Shared field types and validators for the boundary schemas."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints


class Schema(BaseModel):
    """Base for input schemas: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class OutSchema(BaseModel):
    """Base for output schemas, built from ORM objects."""

    model_config = ConfigDict(from_attributes=True, frozen=True)


NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ExactStr = Annotated[str, StringConstraints(strip_whitespace=False)]
"""Text kept exactly as given (a document's text, a quote): offsets and hashes depend on it."""

_TAG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def _tag(value: str) -> str:
    value = value.strip().lower().replace(" ", "-")
    if not _TAG.match(value):
        raise ValueError(
            f"invalid tag {value!r}: use 1-64 lowercase letters, digits, '.', '_' or '-'"
        )
    return value


Tag = Annotated[str, AfterValidator(_tag)]

_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src)$", re.I)


def check_http_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host; say what is wrong otherwise."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise ValueError(
            f"{value!r} is not an http or https URL ({shown}); "
            "give the full address, e.g. https://example.org/page"
        )
    if not parts.hostname:
        raise ValueError(f"{value!r} has no host name")
    if any(c.isspace() for c in value):
        raise ValueError(f"{value!r} contains white space; percent-encode it (%20)")
    return value


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
    port = parts.port
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
