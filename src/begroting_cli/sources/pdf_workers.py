"""The PDF worker processes' lifetime: they never outlive the parent, never hang it, never eat all memory.

- A worker dies with its parent, also when the parent is killed with SIGKILL: on Linux the kernel
  sends it SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere a thread in the worker watches the parent.
- Ctrl-C goes to the whole process group: workers ignore SIGINT and leave the one message to the parent.
- Each worker's address space is bounded (RLIMIT_AS), so a page that would exhaust the machine's
  memory fails in the worker, which the parent reports as a one-line error.
- The parent polls its workers while it waits: a stopped worker (SIGSTOP) is an error, not a hang;
  a dead one breaks the pool, which `pdf._describe` reports.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import signal
import sys
import threading
import time
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from ..errors import SourceError

POLL_SECONDS = 0.25  # how often the parent looks at its workers while it waits for pages
_PR_SET_PDEATHSIG = 1


def start_worker(parent: int, memory_bytes: int) -> None:
    """Pool initializer, run in each worker before any page."""
    _die_with_parent(parent)
    faulthandler.disable()  # a library abort (out of memory) is reported by the parent, in one line
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory_bytes:
        _limit_memory(memory_bytes)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)


def _limit_memory(memory_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    memory_bytes += _mapped_bytes()  # a forked worker starts with its parent's mappings (pandas/pyarrow: GBs)
    new = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    if soft == resource.RLIM_INFINITY or new < soft:
        resource.setrlimit(resource.RLIMIT_AS, (new, hard))


def _mapped_bytes() -> int:
    """This process's address space now (Linux /proc/self/statm; 0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class Watch:
    """The workers a pool started from this process (multiprocessing's own record of children)."""

    def __init__(self, context: BaseContext, workers: int) -> None:
        self._context = context
        self._before = {p.pid for p in context.active_children()}
        self.workers = workers

    def initargs(self, memory_bytes: int) -> tuple[int, int]:
        return os.getpid(), memory_bytes

    def processes(self) -> list[BaseProcess]:
        return [p for p in self._context.active_children() if p.pid not in self._before]

    def check(self) -> None:
        """Raise SourceError when a worker is stopped: the pages it holds would never come."""
        for p in self.processes():
            if p.pid is not None and _stopped(p.pid):
                raise SourceError(f"a PDF reader worker process ({p.pid}) was stopped (SIGSTOP?); not waiting for it")

    def kill(self) -> None:
        """End every worker now (SIGKILL also ends a stopped one); the pool then shuts down at once."""
        for p in self.processes():
            if p.pid is not None:
                try:
                    os.kill(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def _stopped(pid: int) -> bool:
    """Whether a process is stopped (state T or t in /proc; False where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rpartition(b")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state in (b"T", b"t")


__all__ = ["POLL_SECONDS", "Watch", "start_worker"]
