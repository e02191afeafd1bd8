"""PDF reader: a PDF file -> the common line stream, from character positions.

    read_pdf(path, engine="pypdfium2", jobs=1) -> SourceDocument

Pipeline: an engine (`pdf_engines`) reads character boxes and groups them into words
(`pdf_words`); each page's words become lines with cells (`pdf_layout`, in the worker); after all
pages are in, running headers/footers are removed and their page numbers kept as labels
(`pdf_running`), and blank lines are put between paragraphs and at page breaks.

Every failure of the PDF libraries is turned into a `SourceError` here, at one boundary
(`_library_errors`); nothing else in the package catches broad exceptions.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..errors import BegrotingError, NoTextLayerError, SourceError, UsageError
from ..gcpause import gc_paused
from ..limits import DEFAULT_LIMITS, Limits, size_text
from ..stream import Format, SourceDocument
from .pdf_engines import ENGINES
from .pdf_layout import PageResult, assemble, layout_page
from .pdf_streams import check_streams
from .pdf_workers import POLL_SECONDS, Watch, start_worker

DEFAULT_ENGINE = "pypdfium2"
HEAD_BYTES = 1024   # a PDF header may follow a little junk; readers accept it in the first 1 KiB
TAIL_BYTES = 2048   # where a complete file has its %%EOF marker
MIN_PAGES_PER_JOB = 8  # below this a worker process costs more than it saves

# PDFium's FPDF_GetLastError codes (fpdfview.h), as carried by PdfiumError.err_code. A document
# PDFium refuses with "success" or "unknown" (e.g. no page tree) is as damaged as a format error.
_PDFIUM_ERR_FILE, _PDFIUM_ERR_PASSWORD, _PDFIUM_ERR_SECURITY = 2, 4, 5
_PDFIUM_ERR_DAMAGED = (0, 1, 3)  # FPDF_ERR_SUCCESS, FPDF_ERR_UNKNOWN, FPDF_ERR_FORMAT

MSG_ENCRYPTED = "encrypted PDF: a password is needed to open it; save an unprotected copy"
MSG_SECURITY = "encrypted PDF with an unsupported security handler; save an unprotected copy"
MSG_TRUNCATED = "truncated PDF: the file ends before its end-of-file marker (incomplete download?)"
MSG_DAMAGED = "damaged PDF: the file structure cannot be parsed"


def read_pdf(path: Path | str, *, engine: str = DEFAULT_ENGINE, jobs: int = 1,
             pages: range | None = None, meanwhile: Callable[[], None] | None = None,
             on_text: Callable[[list[str]], None] | None = None,
             limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """Read a PDF into lines with page, printed page label, box, cells and font.

    `pages` (1-based, contiguous) limits the pages read, for tests and quick looks; `jobs` > 1
    reads contiguous page ranges in worker processes, with a result identical to jobs=1.
    `meanwhile` runs in this process once the workers have started (before reading when there
    are none); `on_text` gets the line texts of each batch of pages as it comes in (in no set
    order; running headers not yet removed), e.g. to warm caches while workers still read.
    Their exceptions are their own, not reported as PDF errors. `limits` bounds pages, inflated
    streams, reading time and each worker's memory.
    """
    path = Path(path)
    if engine not in ENGINES:
        raise UsageError(f"unknown PDF engine {engine!r} (choose from: {', '.join(ENGINES)})")
    if jobs < 1:
        raise UsageError(f"jobs must be 1 or more, not {jobs}")
    name = path.name
    sha256, head, tail = _fingerprint(path)
    if b"%PDF-" not in head:
        raise SourceError("not a PDF file (no %PDF- header)", source=name)
    check_streams(path, limits.max_stream_bytes, name)
    deadline = time.monotonic() + limits.pdf_seconds if limits.pdf_seconds else None
    with _library_errors(name, tail, limits):
        count = page_count(path)
        if count == 0:
            raise SourceError("empty PDF: the document has no pages", source=name)
        first, last = _page_span(pages, count, name)
        if Limits.exceeded(last - first + 1, limits.max_pages):
            raise SourceError(f"{last - first + 1} pages, over the limit of {limits.max_pages} (--max-pages; "
                              "or read part of it with --pages)", source=name)
        reading = _PageReading(path, engine, first, last, jobs, limits, deadline)
    with reading:
        if meanwhile is not None:
            meanwhile()
        results = reading.results(on_text or _ignore, lambda: _library_errors(name, tail, limits))
    unreadable = [(r.page, r.reason) for r in results if r.reason]
    if not any(r.lines for r in results):
        raise NoTextLayerError(
            f"no usable text layer on any of the {len(results)} pages "
            "(scanned or fonts without ToUnicode)", source=name)
    lines, labels = assemble(results)
    return SourceDocument(name=name, sha256=sha256, format=Format.PDF, lines=lines, pages=count,
                          page_labels=labels, unreadable_pages=unreadable)


def extract_range(path: str, engine: str, first: int, last: int, deadline: float | None = None,
                  seconds: float = 0.0) -> list[PageResult]:
    """Pages first..last (1-based, inclusive) to per-page lines; the unit of work of a worker.

    `deadline` (time.monotonic(); the same clock in forked and spawned workers on one machine) stops
    a reading that has run past the time limit of `seconds`, between pages."""
    out = []
    with gc_paused():
        for page in ENGINES[engine](Path(path), first, last):
            if deadline is not None and time.monotonic() > deadline:
                raise SourceError(f"reading the PDF took longer than the limit of {seconds:g} s (--max-seconds)",
                                  page=page.page)
            out.append(layout_page(page))
    return out


def _fingerprint(path: Path) -> tuple[str, bytes, bytes]:
    """sha256 of the file, its head and its tail, streamed so memory stays flat."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
            fh.seek(0)
            digest = hashlib.file_digest(fh, "sha256").hexdigest()  # type: ignore[arg-type]
            size = fh.seek(0, 2)
            fh.seek(max(size - TAIL_BYTES, 0))
            tail = fh.read()
    except OSError as exc:
        raise SourceError(f"cannot read file ({exc.strerror})", source=path.name) from None
    return digest, head, tail


def page_count(path: Path) -> int:
    """Open once in this process: wrong password, damage and truncation show up here."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def _page_span(pages: range | None, count: int, name: str) -> tuple[int, int]:
    if pages is None:
        return 1, count
    if pages.step != 1 or len(pages) == 0 or pages.start < 1 or pages.stop - 1 > count:
        raise UsageError(f"page range {pages.start}-{pages.stop - 1} is not within 1-{count}",
                         source=name)
    return pages.start, pages.stop - 1


class _PageReading:
    """The pages, read by worker processes that start at once (and by this one, without a memory limit).

    With a memory limit (the default) every page is read in a worker, where the limit applies and a
    library abort takes only the worker down: `jobs` workers (one for jobs=1). Without one, this
    process reads too, beside jobs-1 workers. The range is cut into more chunks than processes (pages
    differ a lot in density). Each worker holds one chunk at a time and gets the next one from the
    front as it finishes; once the caller's `meanwhile` work is done, this process (when it reads)
    takes chunks from the back. Results come back in page order.
    """

    def __init__(self, path: Path, engine: str, first: int, last: int, jobs: int,
                 limits: Limits = DEFAULT_LIMITS, deadline: float | None = None) -> None:
        self._path, self._engine = str(path), engine
        self._deadline, self._seconds = deadline, limits.pdf_seconds
        self._local = not limits.pdf_memory_bytes  # this process reads pages too
        many = jobs > 1 or not self._local
        self._spans = _split(first, last, jobs * CHUNKS_PER_JOB) if many else [(first, last)]
        self._todo = collections.deque(range(len(self._spans)))  # chunks nobody has taken yet
        self._lock = threading.Lock()  # _todo and _futures: worker hand-outs run on the pool's thread
        self._futures: dict[int, Future[list[PageResult]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._workers: Watch | None = None
        workers = min(jobs - 1, len(self._spans) - 1) if self._local else min(jobs, len(self._spans))
        if workers > 0:
            context = _mp_context()
            self._workers = Watch(context, workers)
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                             initializer=start_worker,
                                             initargs=self._workers.initargs(limits.pdf_memory_bytes))
            for _ in range(workers):
                self._hand_out()

    def _hand_out(self, _finished: object = None) -> None:
        """Give a worker the next chunk from the front (also the done-callback of each chunk)."""
        if isinstance(_finished, Future) and (_finished.cancelled() or _finished.exception() is not None):
            return  # a failed chunk ends the reading: `results` reports it
        with self._lock:
            if not self._todo or self._pool is None:
                return
            i = self._todo[0]
            a, b = self._spans[i]
            try:
                future = self._pool.submit(extract_range, self._path, self._engine, a, b, self._deadline,
                                           self._seconds)
            except (BrokenProcessPool, RuntimeError):  # a worker died (or shutdown began): `results` reports it
                return
            self._todo.popleft()
            self._futures[i] = future
        future.add_done_callback(self._hand_out)

    def _take_last(self) -> int | None:
        if not self._local:
            return None
        with self._lock:
            return self._todo.pop() if self._todo else None

    def results(self, on_text: Callable[[list[str]], None],
                errors: Callable[[], contextlib.AbstractContextManager[None]]) -> list[PageResult]:
        """Read chunks here from the back while workers read from the front; pass each to `on_text`."""
        chunks: dict[int, list[PageResult]] = {}
        while len(chunks) < len(self._spans):
            with self._lock:
                running = {i: f for i, f in self._futures.items() if i not in chunks}
            done = [i for i, f in running.items() if f.done()]
            with errors():
                if done:
                    for i in done:
                        chunks[i] = running[i].result()
                elif (mine := self._take_last()) is not None:
                    done = [mine]
                    chunks[mine] = extract_range(self._path, self._engine, *self._spans[mine], self._deadline,
                                                 self._seconds)
                elif not running:
                    # A chunk finished and was collected before its done-callback handed out the next
                    # one: hand it out here. Only when nothing can be handed out have the workers stopped.
                    self._hand_out()
                    with self._lock:
                        handed = any(i not in chunks for i in self._futures)
                    if not handed:
                        raise SourceError("the PDF reader worker processes stopped taking pages")
                else:
                    wait(list(running.values()), timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                    if self._workers is not None:
                        self._workers.check()
                    if self._deadline is not None and time.monotonic() > self._deadline:
                        raise SourceError(f"reading the PDF took longer than the limit of {self._seconds:g} s "
                                          "(--max-seconds)")
            for i in done:
                on_text([ln.text for page in chunks[i] for ln in page.lines])
        return [page for i in range(len(self._spans)) for page in chunks[i]]

    def __enter__(self) -> _PageReading:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        with self._lock:
            pool, self._pool = self._pool, None  # no more hand-outs
        if pool is None:
            return
        if exc_type is not None and self._workers is not None:
            self._workers.kill()  # interrupted or failed: the workers' pages are not wanted any more
        pool.shutdown(wait=True, cancel_futures=True)


CHUNKS_PER_JOB = 8


def _ignore(_texts: list[str]) -> None:
    return None


def _split(first: int, last: int, jobs: int) -> list[tuple[int, int]]:
    """At most `jobs` contiguous, nearly equal page ranges covering first..last."""
    n = last - first + 1
    parts = max(1, min(jobs, n // MIN_PAGES_PER_JOB))
    bounds = [first + (n * i) // parts for i in range(parts + 1)]
    return [(bounds[i], bounds[i + 1] - 1) for i in range(parts)]


def _mp_context() -> multiprocessing.context.BaseContext:
    """fork is fastest, but only safe from a single-threaded process on Linux; else spawn."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def _library_errors(name: str, tail: bytes, limits: Limits = DEFAULT_LIMITS) -> Iterator[None]:
    """The one boundary where pypdfium2/pdfminer/worker failures become a SourceError."""
    try:
        yield
    except BegrotingError as exc:
        if exc.source is None:
            exc.source = name
        raise
    except Exception as exc:  # noqa: BLE001 - the documented library boundary
        raise SourceError(_describe(exc, tail, limits), source=name) from None


def _describe(exc: Exception, tail: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """A short, user-facing reason for a library exception."""
    code = getattr(exc, "err_code", None)
    kinds = {type(e).__name__ for e in _causes(exc)}
    if code == _PDFIUM_ERR_PASSWORD or kinds & {"PDFPasswordIncorrect", "PDFEncryptionError"}:
        return MSG_ENCRYPTED
    if code == _PDFIUM_ERR_SECURITY:
        return MSG_SECURITY
    if code == _PDFIUM_ERR_FILE:
        return "cannot open file"
    if b"%%EOF" not in tail:
        return MSG_TRUNCATED
    if code in _PDFIUM_ERR_DAMAGED or kinds & {"PDFSyntaxError", "PSEOF", "PDFNoValidXRef"}:
        return MSG_DAMAGED
    if isinstance(exc, MemoryError):
        memory = size_text(limits.pdf_memory_bytes) if limits.pdf_memory_bytes else "no limit"
        return f"out of memory reading the PDF (--max-memory {memory})"
    if type(exc).__name__ == "BrokenProcessPool":
        memory = size_text(limits.pdf_memory_bytes) if limits.pdf_memory_bytes else "no limit"
        return (f"a PDF reader worker process died (killed, or out of memory at --max-memory {memory}; "
                "damaged PDF?)")
    detail = " ".join(str(exc).split())[:200]
    return f"cannot read PDF ({type(exc).__name__}{': ' + detail if detail else ''})"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps (pdfplumber wraps pdfminer's errors in its own)."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 8:
        yield current
        yield from (a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        current = current.__cause__ or current.__context__
        seen += 1
