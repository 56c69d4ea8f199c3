"""`claimdb source check --all` as a whole process on 1,000 sources, against raw httpx.

Usage (from the checkout):

    .venv/bin/python bench/link_check.py [--sources 1000] [--delay-ms 20] [--runs 3]

Starts a loopback web server (127.0.0.1, threads; each answer waits
``--delay-ms`` to stand in for a real server's latency), creates a database of
``--sources`` sources each with its own page, then times, alternately,
`claimdb source check --all -j 16` (start-up, imports, the fetches, the soft-404
reading, one write transaction with every check and status) and, as the
baseline in the same run, a bare httpx AsyncClient fetching the same URLs with
16 in flight. Target: under 20 s for 1,000 sources with 16 requests in flight.
No traffic leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import CLAIMDB, setup_db  # noqa: E402

TARGET_S = 20.0
IN_FLIGHT = 16
PAGE = (
    "<!doctype html><html><head><title>Bulletin {n}</title></head><body><h1>Bulletin {n}</h1>"
    + "<p>Exports of crude oil fell by a fifth in the second quarter of the year.</p>" * 20
    + "</body></html>"
)


def _server(delay: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(delay)
            body = PAGE.format(n=self.path.rsplit("/", 1)[-1]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _add_sources(db: str, urls: list[str]) -> None:
    from claimdb.schemas.sources import SourceIn
    from claimdb.services import open_uow
    from claimdb.services.people import resolve_actor
    from claimdb.services.permissions import Permission
    from claimdb.services.sources import create_source

    with open_uow(db) as uow:
        by = resolve_actor(uow, "bench", Permission.WRITE_SOURCES)
        for n, url in enumerate(urls):
            create_source(uow, by=by, data=SourceIn(title=f"Bulletin {n}", url=url))


async def _raw(urls: list[str]) -> None:
    import httpx

    gate = asyncio.Semaphore(IN_FLIGHT)
    limits = httpx.Limits(max_connections=IN_FLIGHT)
    async with httpx.AsyncClient(limits=limits) as client:

        async def one(url: str) -> None:
            async with gate:
                (await client.get(url)).raise_for_status()

        await asyncio.gather(*(one(u) for u in urls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    server = _server(args.delay_ms / 1000)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [f"{base}/bulletin/{n}" for n in range(args.sources)]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "links.sqlite3")
        setup_db(db)
        _add_sources(db, urls)
        check = [CLAIMDB, "--db", db, "source", "check", "--all", "-j", str(IN_FLIGHT)]
        check += ["--per-host", str(IN_FLIGHT), "--as", "bench", "-f", "json"]
        claimdb_s, raw_s = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(check, capture_output=True, check=False)
            claimdb_s.append(time.perf_counter() - start)
            assert done.returncode == 0, done.stderr.decode()
            start = time.perf_counter()
            asyncio.run(_raw(urls))
            raw_s.append(time.perf_counter() - start)
    server.shutdown()
    ours, theirs = statistics.median(claimdb_s), statistics.median(raw_s)
    print(
        "| sources | in flight | server delay | `claimdb source check --all` | raw httpx | ratio |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {args.sources:,} | {IN_FLIGHT} | {args.delay_ms:g} ms | {ours:.2f} s | {theirs:.2f} s "
        f"| {ours / theirs:.1f}x |"
    )
    verdict = "meets" if ours < TARGET_S else "MISSES"
    print(f"claimdb {verdict} the target of {TARGET_S:g} s (median of {args.runs} runs)")


if __name__ == "__main__":
    main()
