"""Reading and checking a large import file in a second process, beside the writes.

An import does two kinds of work: parsing and validating rows (Python, one
core) and writing them (SQLite or PostgreSQL, another). For a large file,
:func:`records_in_worker` runs the first in a worker process while the caller
writes, so the two overlap:

- a thread of the calling process reads the input stream (a file, standard
  input, or a progress-bar wrapper) in 1 MiB chunks and passes them on;
- the worker runs the very same reader and validation as the one-process path
  (:func:`claimdb.formats.reading.records`) and sends back, in file order,
  batches of its findings: a :class:`~claimdb.schemas.records.Rejected` row, a
  :class:`~claimdb.schemas.records.ClaimRecord`, or, for a plain claim (no
  document, anchor, citations, verdict, quantities, notes or flags: most
  spreadsheet rows), a :class:`~claimdb.formats.records.FlatClaim`, which crosses the process
  boundary several times cheaper than a pydantic model.

A file defect that stops reading (:class:`~claimdb.formats.lines.FileProblem`)
is raised in the caller as if it had been read there. The worker imports no
database code, and is stopped when the caller stops reading, whatever the
reason.
"""

from __future__ import annotations

import io
import multiprocessing
import queue
import threading
import traceback
from collections.abc import Generator
from typing import IO, Any

from claimdb.formats.lines import FileProblem
from claimdb.formats.reading import records
from claimdb.formats.records import Finding, FlatClaim, flatten
from claimdb.schemas.imports import ImportRequest

PARALLEL_MIN_BYTES = 16 * 1024 * 1024
"""Files at least this large (16 MiB, about 75,000 rows) are read in a worker process.

Below it, starting a process (about half a second) costs more than it saves."""
CHUNK_BYTES = 1024 * 1024
BATCH = 2000
"""Findings per message from the worker; with the queue bounds below, at most
about 10 batches (20,000 rows, some 4 MiB of CSV) and 4 MiB of input are in flight
at once, so the progress bar (which counts bytes read) runs only that far ahead."""
_QUEUE_IN = 4
_QUEUE_OUT = 8
_POLL_SECONDS = 0.5
_remake = FlatClaim._make


class _ChunkReader(io.RawIOBase):
    """A readable stream over the byte chunks arriving on a queue (None ends it)."""

    def __init__(self, chunks: Any) -> None:
        self._chunks = chunks
        self._buffer = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buffer and not self._done:
            chunk = self._chunks.get()
            if chunk is None:
                self._done = True
            else:
                self._buffer = chunk
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _work(chunks: Any, out: Any, request: ImportRequest, version_id: int | None) -> None:
    """The worker process: read, check, flatten, send in batches; then ("done", None)."""
    try:
        stream = io.BufferedReader(_ChunkReader(chunks), buffer_size=CHUNK_BYTES)
        batch: list[Finding | tuple[Any, ...]] = []
        for item in records(stream, request):
            found = flatten(item, version_id)
            # A FlatClaim crosses as a bare tuple and is remade on arrival: pickled
            # as it is, 3x the cost of a bare tuple; sent so, 1.7x (bench/flat_pickle.py).
            batch.append(tuple(found) if type(found) is FlatClaim else found)
            if len(batch) >= BATCH:
                out.put(("items", batch))
                batch = []
        out.put(("items", batch))
        out.put(("done", None))
    except FileProblem as exc:
        out.put(("problem", (exc.line, exc.message, exc.field)))
    except BaseException:  # anything else: a bug; the caller reports it
        out.put(("error", traceback.format_exc()))


def _put(chunks: Any, item: bytes | None, stop: threading.Event) -> None:
    """Put ``item`` on the bounded queue, giving up once ``stop`` is set."""
    while not stop.is_set():
        try:
            chunks.put(item, timeout=_POLL_SECONDS)
            return
        except queue.Full:
            continue


def _feed(
    stream: IO[bytes], chunks: Any, stop: threading.Event, failure: list[BaseException]
) -> None:
    """The reading thread: the stream's bytes to the worker, then None."""
    try:
        while not stop.is_set():
            data = stream.read(CHUNK_BYTES)
            if not data:
                break
            _put(chunks, data, stop)
    except OSError as exc:
        failure.append(exc)
    finally:
        _put(chunks, None, stop)


def records_in_worker(
    stream: IO[bytes], request: ImportRequest, version_id: int | None = None
) -> Generator[Finding, None, None]:
    """The findings :func:`~claimdb.formats.reading.records` gives, read in a worker process."""
    ctx = multiprocessing.get_context("spawn")
    chunks = ctx.Queue(maxsize=_QUEUE_IN)
    out = ctx.Queue(maxsize=_QUEUE_OUT)
    worker = ctx.Process(
        target=_work, args=(chunks, out, request, version_id), name="claimdb-import-reader"
    )
    worker.daemon = True
    worker.start()
    stop = threading.Event()
    failure: list[BaseException] = []
    feeder = threading.Thread(
        target=_feed, args=(stream, chunks, stop, failure), name="claimdb-import-feed", daemon=True
    )
    feeder.start()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if not worker.is_alive():
                    raise RuntimeError(
                        f"the import's reading process stopped (exit code {worker.exitcode})"
                    ) from None
                continue
            if kind == "items":
                for found in payload:
                    yield _remake(found) if type(found) is tuple else found
            elif kind == "done":
                break
            elif kind == "problem":
                line, message, field = payload
                raise FileProblem(line, message, field)
            else:
                raise RuntimeError(f"the import's reading process failed:\n{payload}")
        feeder.join()
        if failure:
            raise failure[0]
    finally:
        stop.set()
        if worker.is_alive():
            worker.terminate()
        worker.join()
        for q in (chunks, out):
            q.cancel_join_thread()
            q.close()
