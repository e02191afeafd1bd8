"""Each document in a child process with a wall-clock timeout and a memory limit.

A small server process (`serve`, started with the same interpreter) loads the parser once and forks
one child per document: the fork is cheap (no second start-up), the server is single-threaded (so
forking is safe), and a child that crashes, hangs or allocates without bound takes only itself
down. The child sets RLIMIT_AS on itself before parsing; the server kills it at the deadline and
reads its peak memory from wait4. The server exits when its client goes away (EOF on stdin), so
a batch killed with SIGKILL leaves no process behind.

The servers themselves are forked from one process that loaded the parser (`zygote`), so that N
servers cost one start-up, not N; where that is not possible (no pidfd), each starts on its own.

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


def _preload() -> None:
    """Load the parser, without the cyclic collector walking the new modules again and again (~10 %
    of the loading); they stay for the life of the process, so they are frozen for good: the forked
    children's collections never walk them."""
    import gc  # noqa: PLC0415
    import importlib  # noqa: PLC0415

    from ..gcpause import gc_paused  # noqa: PLC0415

    with gc_paused():
        for module in _PRELOAD:
            importlib.import_module(module)
    gc.freeze()


def _serve_loop() -> None:
    """One JSON task per line on stdin, one JSON result per line on stdout, until EOF; then exit at
    once (nothing to flush or clean up: a batch's end does not wait for an interpreter's teardown)."""
    stdin_fd = sys.stdin.fileno()
    out = sys.stdout.buffer
    buf = b""
    while True:
        while b"\n" not in buf:
            chunk = os.read(stdin_fd, 1 << 16)
            if not chunk:
                os._exit(0)
            buf += chunk
        line, _, buf = buf.partition(b"\n")
        result = run_in_child(Task.from_dict(json.loads(line)), watch_fd=stdin_fd)
        if result["client_gone"]:
            os._exit(0)
        out.write(json.dumps(result).encode() + b"\n")
        out.flush()


def serve() -> None:
    """A server started on its own: load the parser, then serve."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the batch answers it
    _preload()
    _serve_loop()


def zygote(fd: int) -> None:
    """Load the parser once, then fork a server per request on the socket `fd` (the request carries
    the server's stdin and stdout); answer with its pid. Exits when the batch closes the socket."""
    import socket  # noqa: PLC0415

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the batch answers it
    _preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the servers are reaped by the kernel
    sock = socket.socket(fileno=fd)
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(sock, 1, 2)
        except OSError:
            msg, fds = b"", []
        if not msg or len(fds) != 2:
            os._exit(0)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the server never returns
            sock.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # it waits for its document children
            os.dup2(fds[0], 0)
            os.dup2(fds[1], 1)
            for f in fds:
                os.close(f)
            _serve_loop()
        for f in fds:
            os.close(f)
        sock.sendall(pid.to_bytes(8, "little"))


def _server_env() -> dict[str, str]:
    env = dict(os.environ)
    # A Dask nanny sets a tiny malloc trim threshold for its worker; the parser allocates many
    # small objects and runs ~2x slower under it, so the server goes back to glibc's default.
    env.pop("MALLOC_TRIM_THRESHOLD_", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


class _Zygote:
    """The client side of `zygote`: servers forked from one process that loaded the parser, instead
    of each starting an interpreter and loading it again (~0.5 s CPU a server, beside the parses).
    Forks are asked for at once and their pids read when first needed, so starting servers ahead
    never waits for the parser to load. Linux (pidfd, fd passing), else servers start on their own."""

    def __init__(self) -> None:
        import socket  # noqa: PLC0415

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock = ours
        self._lock = threading.Lock()
        self._pending: list[_Forked] = []  # asked for, pid not read yet (the zygote answers in order)
        try:
            self._proc = subprocess.Popen([sys.executable, "-c", _ZYGOTE_MAIN, str(theirs.fileno())],
                                          pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, env=_server_env())
        finally:
            theirs.close()

    def alive(self) -> bool:
        return self._proc.poll() is None

    def fork(self) -> _Forked:
        import socket  # noqa: PLC0415

        r_in, w_in = os.pipe()
        r_out, w_out = os.pipe()
        server = _Forked(self, os.fdopen(w_in, "wb"), os.fdopen(r_out, "rb"))
        try:
            with self._lock:
                socket.send_fds(self._sock, [b"f"], [r_in, w_out])
                self._pending.append(server)
        except OSError:
            server.dead = True  # the zygote is gone: the first task on it fails and the next gets a new one
        finally:
            os.close(r_in)
            os.close(w_out)
        return server

    def resolve(self, server: _Forked) -> None:
        """Read pids in order until `server` has its own (or the zygote is gone)."""
        with self._lock:
            while server in self._pending:
                data = b""
                while len(data) < 8:
                    try:
                        chunk = self._sock.recv(8 - len(data))
                    except OSError:
                        chunk = b""
                    if not chunk:
                        for s in self._pending:
                            s.dead = True
                        self._pending.clear()
                        return
                    data += chunk
                self._pending.pop(0).set_pid(int.from_bytes(data, "little"))

    def close(self, kill: bool = False) -> None:
        """Closing its socket ends it (at once when idle); `kill` ends it even while it loads."""
        if kill:
            self._proc.kill()
        self._sock.close()
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


_ZYGOTE_MAIN = "import sys; from begroting_cli.batch.isolation import zygote; zygote(int(sys.argv[1]))"
_zygote: _Zygote | None = None
_zygote_lock = threading.Lock()


_can_fork: bool | None = None


def forking_possible() -> bool:
    """pidfds (Linux 5.3) and fd passing over a Unix socket (Python 3.9), asked once."""
    global _can_fork
    if _can_fork is None:
        import socket  # noqa: PLC0415

        try:
            os.close(os.pidfd_open(os.getpid()))
            _can_fork = hasattr(socket, "send_fds") and hasattr(signal, "pidfd_send_signal")
        except (AttributeError, OSError):
            _can_fork = False
    return _can_fork


def _forked_server() -> _Forked | None:
    """A server forked from the zygote (started on first use, again if it died); None where the
    platform cannot: the caller starts one on its own then."""
    global _zygote
    if not forking_possible():
        return None
    with _zygote_lock:
        if _zygote is None or not _zygote.alive():
            _zygote = _Zygote()
        return _zygote.fork()


def close_zygote(kill: bool = False) -> None:
    """The servers already forked go on; the next one asked for starts a new zygote."""
    global _zygote
    with _zygote_lock:
        zygote_, _zygote = _zygote, None
    if zygote_ is not None:
        zygote_.close(kill=kill)


class _Forked:
    """A server forked by the zygote: not this process's child, so watched through a pidfd."""

    def __init__(self, zygote_: _Zygote, stdin: Any, stdout: Any) -> None:
        self._zygote = zygote_
        self.stdin, self.stdout = stdin, stdout
        self._pid: int | None = None
        self._pidfd: int | None = None
        self.dead = False

    def set_pid(self, pid: int) -> None:
        self._pid = pid
        try:
            self._pidfd = os.pidfd_open(pid)
        except OSError:  # gone already
            self.dead = True

    @property
    def pid(self) -> int | None:
        self._zygote.resolve(self)
        return None if self.dead else self._pid

    def alive(self) -> bool:
        return self.wait(0)

    def known_dead(self) -> bool:
        """Whether it is known to have ended, without waiting for the zygote to answer."""
        if self._pidfd is not None and not self.dead:
            self.dead = bool(select.select([self._pidfd], [], [], 0)[0])
        return self.dead

    def wait(self, timeout: float) -> bool:
        """Whether it is still running after at most `timeout` seconds."""
        if self.pid is None or self._pidfd is None:
            return False
        running = not select.select([self._pidfd], [], [], timeout)[0]
        self.dead = not running
        return running

    def kill(self) -> None:
        if self.pid is not None and self._pidfd is not None:
            signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)  # type: ignore[attr-defined]

    def release(self) -> None:
        for pipe in (self.stdin, self.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None


class _Spawned:
    """A server started on its own interpreter (where forking from the zygote is not possible)."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-c", _SERVER_MAIN], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=_server_env())
        self.stdin, self.stdout = self._proc.stdin, self._proc.stdout

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc.poll() is None else None

    def alive(self) -> bool:
        return self._proc.poll() is None

    def wait(self, timeout: float) -> bool:
        try:
            self._proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return True
        return False

    def kill(self) -> None:
        self._proc.kill()

    def release(self) -> None:
        for pipe in (self.stdin, self.stdout):
            if pipe is not None:
                pipe.close()


class Isolator:
    """The client side: a server process, started lazily and again if it ever dies."""

    def __init__(self) -> None:
        self._proc: _Forked | _Spawned | None = None

    def _server(self) -> _Forked | _Spawned:
        if self._proc is None or (isinstance(self._proc, _Spawned) and not self._proc.alive()) \
                or (isinstance(self._proc, _Forked) and self._proc.known_dead()):
            if self._proc is not None:
                self._proc.release()
            self._proc = _forked_server() or _Spawned()
        return self._proc

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

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
            self._proc.wait(5)
            self._proc.release()
            self._proc = None

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.stdin is not None:
                try:
                    self._proc.stdin.close()
                except OSError:
                    pass
            if self._proc.wait(5):
                self._proc.kill()
                self._proc.wait(5)
            self._proc.release()
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
    close_zygote(kill=True)  # servers it has not forked yet will not be
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
    close_zygote()

