"""Each document in a child process with a wall-clock timeout and a memory limit.

A small server process (`serve`, started with the same interpreter) loads the parser once and forks
one child per document: the fork is cheap (no second start-up), the server is single-threaded (so
forking is safe), and a child that crashes, hangs or allocates without bound takes only itself
down. The child sets RLIMIT_AS on itself before parsing; the server kills it at the deadline and
reads its peak memory from wait4. The server exits when its client goes away (EOF on stdin), so
a batch killed with SIGKILL leaves no process behind.

Used through `run_isolated(task)`: a server per task running at once, started on first use and
kept for the next; the local executor's threads and Dask's worker threads both call it.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import select
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from .plan import Task
from .worker import failure, process_document

_SERVER_MAIN = "from begroting_cli.batch.isolation import serve; serve()"
_PRELOAD = ("begroting_cli.api", "begroting_cli.pipeline", "begroting_cli.emit", "begroting_cli.sources.pdf",
            "pypdfium2")


def _child(task: Task, w: int) -> None:
    """In the forked child: limit memory, parse, send the record, exit without cleanup."""
    fallback = json.dumps(failure(task.sha256, "memory", f"{os.path.basename(task.path)}: memory limit of "
                                  f"{task.limits.max_memory_mb} MB reached")).encode()
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        limit = task.limits.max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            data = json.dumps(process_document(task)).encode()
        except MemoryError:
            data = fallback
        view = memoryview(data)
        while view:
            view = view[os.write(w, view):]
    finally:
        os._exit(0)


def _describe_exit(status: int, name: str, peak_mb: float, limit_mb: int) -> tuple[str, str]:
    """A child that died without a result: of a signal (near the memory limit: of that), or an exit."""
    near_limit = peak_mb >= 0.9 * limit_mb
    if os.WIFSIGNALED(status):
        sig = signal.Signals(os.WTERMSIG(status)).name
        if near_limit:
            return "memory", f"{name}: the parse died of {sig} at the memory limit of {limit_mb} MB"
        return "crash", f"{name}: the parse died of {sig}"
    return "crash", f"{name}: the parse exited with code {os.waitstatus_to_exitcode(status)} without a result"


def run_in_child(task: Task, watch_fd: int | None = None) -> dict[str, Any]:
    """Fork, wait at most task.limits.timeout seconds, and return record + seconds + peak memory."""
    name = os.path.basename(task.path)
    r, w = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(r)
        _child(task, w)
    os.close(w)
    chunks: list[bytes] = []
    outcome = "done"
    deadline = started + task.limits.timeout
    watched = [r] if watch_fd is None else [r, watch_fd]
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            outcome = "timeout"
            break
        ready, _, _ = select.select(watched, [], [], remaining)
        if watch_fd is not None and watch_fd in ready:
            outcome = "client-gone"
            break
        if r in ready:
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    if outcome != "done":
        os.kill(pid, signal.SIGKILL)
    os.close(r)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - started
    peak_mb = usage.ru_maxrss / 1024
    died = (status, name, peak_mb, task.limits.max_memory_mb)
    record: dict[str, Any]
    if outcome == "timeout":
        record = failure(task.sha256, "timeout", f"{name}: no result after {task.limits.timeout:g} s (--timeout)")
    elif chunks:
        try:
            record = json.loads(b"".join(chunks))
        except ValueError:
            record = failure(task.sha256, *_describe_exit(*died))
    else:
        record = failure(task.sha256, *_describe_exit(*died))
    return {"path": task.path, "record": record, "seconds": round(seconds, 3),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_memory_mb": round(peak_mb, 1), "client_gone": outcome == "client-gone"}


def serve() -> None:
    """The server loop: one JSON task per line in, one JSON result per line out."""
    import importlib  # noqa: PLC0415

    for module in _PRELOAD:
        importlib.import_module(module)
    stdin_fd = sys.stdin.fileno()
    out = sys.stdout.buffer
    buf = b""
    while True:
        while b"\n" not in buf:
            chunk = os.read(stdin_fd, 1 << 16)
            if not chunk:
                return
            buf += chunk
        line, _, buf = buf.partition(b"\n")
        result = run_in_child(Task.from_dict(json.loads(line)), watch_fd=stdin_fd)
        if result["client_gone"]:
            return
        out.write(json.dumps(result).encode() + b"\n")
        out.flush()


class Isolator:
    """The client side: a server process, started lazily and again if it ever dies."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None

    def _server(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            env = dict(os.environ)
            # A Dask nanny sets a tiny malloc trim threshold for its worker; the parser allocates many
            # small objects and runs ~2x slower under it, so the server goes back to glibc's default.
            env.pop("MALLOC_TRIM_THRESHOLD_", None)
            env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
            self._proc = subprocess.Popen([sys.executable, "-c", _SERVER_MAIN],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        return self._proc

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def start(self) -> None:
        self._server()

    def run(self, task: Task) -> dict[str, Any]:
        proc = self._server()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps(task.to_dict()).encode() + b"\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
        except (BrokenPipeError, ValueError):  # ValueError: aborted from another thread meanwhile
            line = b""
        if not line:
            self.close()
            return {"path": task.path, "seconds": 0.0, "cpu_seconds": 0.0, "peak_memory_mb": 0.0, "client_gone": False,
                    "record": failure(task.sha256, "crash", f"{os.path.basename(task.path)}: the isolation process died")}
        return json.loads(line)  # type: ignore[no-any-return]

    def abort(self) -> None:
        """From another thread: the server sees EOF, kills its child and exits; `run` then returns."""
        proc = self._proc
        if proc is not None and proc.stdin is not None:
            try:
                proc.stdin.close()
            except (OSError, ValueError):
                pass

    def kill(self) -> None:
        """An idle server: it holds no document, so it is stopped without waiting for it to finish loading."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    pipe.close()
            self._proc = None

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None


_idle: list[Isolator] = []
_all: list[Isolator] = []
_lock = threading.Lock()


def prestart(count: int) -> None:
    """Start servers now, so that they load the parser while the batch is still being planned (and a
    Dask cluster started): `count` ready for tasks, counting idle ones."""
    with _lock:
        for _ in range(count - len(_idle)):
            isolator = Isolator()
            _all.append(isolator)
            _idle.append(isolator)
            isolator.start()


def run_isolated(task: dict[str, Any]) -> dict[str, Any]:
    """The executor-facing task: a plain dict in, a plain dict out (what Dask ships).

    Servers are kept between tasks (and between batches in one process): one per task running
    at once, so a thread pool of N keeps N servers busy.
    """
    with _lock:
        if _idle:
            isolator = _idle.pop()
        else:
            isolator = Isolator()
            _all.append(isolator)
    try:
        return isolator.run(Task.from_dict(task))
    finally:
        with _lock:
            _idle.append(isolator)


def server_pids() -> list[int]:
    """The process ids of the running servers (for tests and for a look from outside)."""
    with _lock:
        return [i.pid for i in _all if i.pid is not None]


def abort_all() -> None:
    """Stop the documents in flight now (an interrupted batch): their results are not kept. Idle
    servers (started ahead, or between documents) are stopped and waited for here."""
    with _lock:
        idle = list(_idle)
        busy = [i for i in _all if i not in idle]
        _all.clear()
        _idle.clear()
    for isolator in busy:
        isolator.abort()
    for isolator in idle:
        isolator.kill()


@atexit.register
def close_all() -> None:
    """Stop every server this process started (at exit, or when a caller wants them gone)."""
    with _lock:
        isolators = list(_all)
        _all.clear()
        _idle.clear()
    for isolator in isolators:
        isolator.close()

