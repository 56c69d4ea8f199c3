"""A loopback web server for the link tests: every kind of answer a source's URL can give.

Started on 127.0.0.1, port 0 (the system picks a free one), in a thread;
nothing in the link tests reaches any other address. It also plays the
Wayback Machine (``/wayback/available``, ``/save/URL``).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PASSAGE = "Exports of crude oil fell by a fifth in the second quarter of the year."
PDF_PASSAGE = "Reserves held abroad were frozen in March 2022."
FILLER = (
    "This page reports on trade, budgets and the energy sector in considerable detail, "
    "with figures drawn from the ministry's own releases and the central bank. "
) * 6


def article(words: str, title: str = "Trade bulletin") -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>{FILLER}</p><p>{words}</p><p>{FILLER}</p></body></html>"
    ).encode()


def make_pdf(words: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creator("claimdb tests")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, f"Quarterly reserves note. {words} Further details follow.")
    return bytes(pdf.output())


class Site:
    """What the server answers; tests change ``pages`` to make a passage disappear."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes]] = {
            "/": (200, "text/html", article("Welcome to the ministry.", "Home")),
            "/ok": (200, "text/html; charset=utf-8", article(PASSAGE)),
            "/report.pdf": (200, "application/pdf", make_pdf(PDF_PASSAGE)),
            "/missing": (404, "text/html", b"<title>Not Found</title>"),
            "/gone": (410, "text/html", b"gone"),
            "/error": (500, "text/plain", b"boom"),
            "/forbidden": (403, "text/html", b"no robots"),
            "/soft404": (200, "text/html", article("Sorry.", "Page not found")),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
            "/big": (200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>"),
        }
        self.redirects: dict[str, tuple[int, str]] = {
            "/moved": (301, "/ok"),
            "/temp": (302, "/ok"),
            "/loop-a": (302, "/loop-b"),
            "/loop-b": (302, "/loop-a"),
            "/old-article": (302, "/"),
        }
        self.snapshots: dict[str, tuple[str, str]] = {}  # url -> (archived url, timestamp)
        self.saved: list[str] = []
        self.user_agents: list[str] = []
        self.stop = threading.Event()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, code: int, ctype: str, body: bytes, **headers: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            site.user_agents.append(self.headers.get("User-Agent", ""))
            parts = urlsplit(self.path)
            path = parts.path
            if path == "/slow":
                site.stop.wait(5)
                self._send(200, "text/html", article(PASSAGE))
                return
            if path == "/reset":
                # RST instead of FIN: SO_LINGER on, zero seconds.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
                self.close_connection = True
                return
            if path == "/wayback/available":
                url = parse_qs(parts.query).get("url", [""])[0]
                snap = site.snapshots.get(url)
                closest = (
                    {
                        "closest": {
                            "available": True,
                            "url": snap[0],
                            "timestamp": snap[1],
                            "status": "200",
                        }
                    }
                    if snap
                    else {}
                )
                self._send(
                    200,
                    "application/json",
                    json.dumps({"url": url, "archived_snapshots": closest}).encode(),
                )
                return
            if path.startswith("/save/"):
                url = self.path[len("/save/") :]
                site.saved.append(url)
                stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
                where = f"/web/{stamp}/{url}"
                site.snapshots[url] = (f"http://{self.headers['Host']}{where}", stamp)
                self._send(200, "text/html", b"saved", Content_Location=where)
                return
            if path in site.redirects:
                code, to = site.redirects[path]
                self._send(code, "text/html", b"", Location=to)
                return
            code, ctype, body = site.pages.get(path, (404, "text/html", b"<title>404</title>"))
            self._send(code, ctype, body)

    return Handler


@contextmanager
def serve() -> Iterator[tuple[str, Site]]:
    """(base URL, site) of a server on 127.0.0.1 for the duration of the block."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]  # resets are the point
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()
