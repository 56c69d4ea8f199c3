"""Fetching many URLs concurrently, each ending in a :class:`FetchResult`, never an exception.

The requests run on one asyncio loop with at most ``concurrency`` in flight
and ``per_host`` per host. Redirects are followed one hop at a time so that
each is recorded with its status (301 and 308 permanent, 302, 303 and 307
temporary) and a loop is caught. A body is read up to ``max_bytes`` (its
sha256 is of the bytes read, ``truncated`` says there was more). Timeouts,
connection failures, resets and 502/503/504 answers are retried with
exponential backoff; what cannot work (a malformed URL, a TLS failure, a
redirect loop) is not.

Error kinds (``FetchResult.error_kind``): ``malformed-url``, ``timeout``,
``connect`` (refused), ``dns``, ``tls``, ``reset`` (closed mid-answer),
``redirect-loop``, ``too-many-redirects``, ``protocol`` (not HTTP), ``error``.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""The most of a body read and hashed (5 MiB); ``truncated`` marks a longer one."""

PERMANENT = frozenset({301, 308})
RETRIED_CODES = frozenset({502, 503, 504})
_RETRIED_ERRORS = frozenset({"timeout", "connect", "reset"})
# A host name (IDNA-encoded by httpx), an IPv4 or a bracketless IPv6 address: no spaces
# (which httpx keeps, percent-encoded) or other characters no host name has.
_HOST = re.compile(r"[A-Za-z0-9._:-]+")


def user_agent() -> str:
    """The User-Agent every request sends: claimdb, its version, and why it calls."""
    from claimdb import __version__

    return f"claimdb/{__version__} (link check; +https://github.com/claimdb/claimdb)"


@dataclass(frozen=True)
class FetchOptions:
    concurrency: int = 16
    per_host: int = 4
    timeout: float = 10.0  # seconds: to connect, between reads, and for a whole attempt
    retries: int = 2
    backoff: float = 0.5  # seconds before the first retry, doubled for each next one
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 10
    keep_body: bool = False  # hand the bytes read to ``on_result`` (quote checks)


@dataclass(frozen=True)
class Hop:
    """One redirect followed: the URL that answered with it, and its status."""

    url: str
    status: int

    @property
    def permanent(self) -> bool:
        return self.status in PERMANENT


@dataclass
class FetchResult:
    key: int
    url: str
    status_code: int | None = None
    final_url: str | None = None
    redirects: list[Hop] = field(default_factory=list)
    content_type: str | None = None
    content_length: int | None = None
    bytes_read: int = 0
    truncated: bool = False
    sha256: str | None = None
    body: bytes | None = None
    error_kind: str | None = None
    error: str | None = None
    attempts: int = 0
    elapsed_ms: int = 0

    @property
    def permanent_redirect(self) -> bool:
        """Redirected, and every hop was permanent: the source has moved for good."""
        return bool(self.redirects) and all(h.permanent for h in self.redirects)

    @property
    def media_type(self) -> str | None:
        """The content type without its parameters, lower case."""
        if not self.content_type:
            return None
        return self.content_type.split(";", 1)[0].strip().lower() or None


class _Failed(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def fetch_all(
    targets: Sequence[tuple[int, str]],
    options: FetchOptions = FetchOptions(),
    *,
    on_result: Callable[[FetchResult], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[FetchResult]:
    """Fetch each (key, url) of ``targets``; the results in the order given.

    ``on_result`` is called with each result as it completes: a progress bar,
    or reading the body while it is at hand (``keep_body``). The body is
    dropped when ``on_result`` returns, so at most ``concurrency`` bodies are
    held at once, whatever the number of targets.
    """
    return asyncio.run(_fetch_all(targets, options, on_result, transport))


async def _fetch_all(
    targets: Sequence[tuple[int, str]],
    options: FetchOptions,
    on_result: Callable[[FetchResult], None] | None,
    transport: httpx.AsyncBaseTransport | None,
) -> list[FetchResult]:
    limits = httpx.Limits(
        max_connections=options.concurrency, max_keepalive_connections=options.concurrency
    )
    timeout = httpx.Timeout(options.timeout)
    in_flight = asyncio.Semaphore(options.concurrency)
    hosts: dict[str, asyncio.Semaphore] = {}

    async with httpx.AsyncClient(
        headers={"User-Agent": user_agent(), "Accept": "*/*"},
        follow_redirects=False,
        timeout=timeout,
        limits=limits,
        transport=transport,
    ) as client:

        async def one(key: int, url: str) -> FetchResult:
            host = _host(url)
            gate = hosts.setdefault(host, asyncio.Semaphore(options.per_host))
            # The host's turn first: waiting for a busy host must not hold one of the
            # ``concurrency`` slots that another host's requests could use.
            async with gate, in_flight:
                result = await _fetch(client, key, url, options)
            if on_result is not None:
                on_result(result)
            result.body = None
            return result

        return list(await asyncio.gather(*(one(key, url) for key, url in targets)))


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host or ""
    except Exception:
        return ""


def _check_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except Exception as exc:
        raise _Failed("malformed-url", f"not a valid URL: {exc}") from None
    if parsed.scheme not in ("http", "https"):
        raise _Failed("malformed-url", f"not an http(s) URL: {url!r}")
    if not parsed.host:
        raise _Failed("malformed-url", f"no host in {url!r}")
    if not _HOST.fullmatch(parsed.host):
        raise _Failed("malformed-url", f"not a host name: {parsed.host!r}")
    return parsed


async def _fetch(
    client: httpx.AsyncClient, key: int, url: str, options: FetchOptions
) -> FetchResult:
    started = time.perf_counter()
    result = FetchResult(key=key, url=url)
    for attempt in range(options.retries + 1):
        result = FetchResult(key=key, url=url, attempts=attempt + 1)
        try:
            _check_url(url)
            async with asyncio.timeout(options.timeout * 3):
                await _attempt(client, result, options)
        except _Failed as exc:
            result.error_kind, result.error = exc.kind, str(exc)
        except (TimeoutError, httpx.TimeoutException):
            result.error_kind, result.error = "timeout", f"no answer within {options.timeout:g} s"
        except httpx.HTTPError as exc:
            result.error_kind, result.error = _classify(exc)
        except Exception as exc:  # nothing one server does may stop the others' checks
            result.error_kind, result.error = "error", f"{type(exc).__name__}: {exc}"
        retry = result.error_kind in _RETRIED_ERRORS or (
            result.error_kind is None and result.status_code in RETRIED_CODES
        )
        if not retry or attempt == options.retries:
            break
        await asyncio.sleep(options.backoff * 2**attempt)
    result.elapsed_ms = round((time.perf_counter() - started) * 1000)
    return result


def _classify(exc: httpx.HTTPError) -> tuple[str, str]:
    """An httpx error as (kind, words)."""
    words = str(exc) or type(exc).__name__
    lower = words.lower()
    if isinstance(exc, httpx.ConnectError):
        if "ssl" in lower or "certificate" in lower or "tls" in lower:
            return "tls", f"TLS failed: {words}"
        if "name or service" in lower or "nodename" in lower or "getaddrinfo" in lower:
            return "dns", f"the host name does not resolve: {words}"
        return "connect", f"cannot connect: {words}"
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError):
        return "reset", f"the connection was reset or closed mid-answer: {words}"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "malformed-url", words
    if isinstance(exc, httpx.ProtocolError):
        return "protocol", f"not a valid HTTP answer: {words}"
    return "error", words


async def _attempt(client: httpx.AsyncClient, result: FetchResult, options: FetchOptions) -> None:
    """One try: follow redirects hop by hop, then read the body up to the cap."""
    current = result.url
    seen = {current}
    for _ in range(options.max_redirects + 1):
        response = await client.send(client.build_request("GET", current), stream=True)
        try:
            if response.is_redirect and response.next_request is not None:
                result.redirects.append(Hop(current, response.status_code))
                current = str(response.next_request.url)
                if current in seen:
                    raise _Failed("redirect-loop", f"redirect loop back to {current}")
                seen.add(current)
                continue
            result.status_code = response.status_code
            result.final_url = current
            result.content_type = response.headers.get("content-type")
            length = response.headers.get("content-length", "")
            result.content_length = int(length) if length.isdigit() else None
            await _read(response, result, options)
            return
        finally:
            await response.aclose()
    raise _Failed("too-many-redirects", f"more than {options.max_redirects} redirects")


async def _read(response: httpx.Response, result: FetchResult, options: FetchOptions) -> None:
    digest = hashlib.sha256()
    kept: list[bytes] = []
    room = options.max_bytes
    async for received in response.aiter_bytes():
        chunk = received
        if len(chunk) > room:
            chunk = chunk[:room]
            result.truncated = True
        digest.update(chunk)
        room -= len(chunk)
        result.bytes_read += len(chunk)
        if options.keep_body:
            kept.append(chunk)
        if result.truncated or room == 0:
            result.truncated = result.truncated or result.content_length != result.bytes_read
            break
    result.sha256 = digest.hexdigest()
    if options.keep_body:
        result.body = b"".join(kept)
