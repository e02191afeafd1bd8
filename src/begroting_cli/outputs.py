"""Where output goes: stdout, one file, or one file per input in a directory, written safely.

- A regular file (or a new one) is written to a temporary name beside it and renamed: a failed or
  interrupted run never leaves a half-written file, and the temporary file is removed.
- Anything else already at the path is written through, never replaced: a symlink writes its
  target (atomically when that is a regular file), a FIFO or device (`/dev/stdout`) is opened as is.
- New files get the mode the umask allows (as a shell's `>` would); an existing file keeps its mode.
- Output names come from the input file names only, never from document content, and two inputs
  that would write the same name are refused before anything is parsed.
Every failure is an `OutputError`: one line naming the path (exit 2).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import OutputError, UsageError

STDOUT = "<stdout>"


def is_directory_target(output: str) -> bool:
    """`-o DIR/` or an existing directory: one file per input."""
    return output.endswith(("/", os.sep)) or os.path.isdir(output)


def plan_targets(stems: Sequence[str], output: str | None, suffix: str) -> list[Path | None]:
    """The output path of each input, named by its stem (None: stdout); UsageError when two would collide
    or the target is unclear.

    `output` is the option as typed: a trailing slash (which `Path` drops) asks for a directory."""
    if output is None:
        if len(stems) > 1:
            raise UsageError("several inputs need -o DIR/ (one output file per input)")
        return [None]
    if not is_directory_target(output):
        if len(stems) > 1:
            raise UsageError(f"several inputs need a directory: -o {output}/ (ending in /) or an existing "
                             "directory, one output file per input")
        return [Path(output)]
    targets: list[Path | None] = []
    seen: set[str] = set()
    for stem in stems:
        target = Path(output) / f"{stem}.{suffix}"
        key = os.path.normcase(target.name)
        if key in seen:
            raise UsageError(f"two inputs named {stem!r} would both write {target}; parse them into separate "
                             "directories")
        seen.add(key)
        targets.append(target)
    return targets


def write_text(path: Path | None, text: str) -> None:
    """Write `text` (UTF-8) to `path`, or to stdout for None; OutputError on any failure."""
    if path is None:
        write_stdout(text)
        return
    try:
        st = os.stat(path)  # follows symlinks: what is really there
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _error(path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: cannot write: is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(path, text)  # FIFO, device, socket: never replace the node
        return
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    _write_atomic(real, text, st.st_mode & 0o7777 if st is not None else None, shown=path)


def write_stdout(text: str) -> None:
    """Write and flush stdout now, so that a full disk or closed pipe is an error here, not at exit."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        _silence_stdout()
        if exc.errno == errno.EPIPE:
            raise OutputError(f"{STDOUT}: cannot write: the reader closed the pipe", exit_code=EXIT_PIPE) from None
        raise _error(Path(STDOUT), exc) from None


EXIT_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command killed by a closed pipe


def _silence_stdout() -> None:
    """Point stdout at /dev/null: the interpreter's own flush at exit must not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (tests)
        pass


def _write_through(path: Path, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise _error(path, exc) from None


def _write_atomic(path: Path, text: str, mode: int | None, *, shown: Path) -> None:
    """Temporary file beside the target, renamed over it; removed on any failure or interruption."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            os.fchmod(fh.fileno(), _umask_mode() if mode is None else mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise _error(shown, exc) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _umask_mode() -> int:
    """0o666 less the process umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {exc.strerror or exc}")


__all__ = ["EXIT_PIPE", "STDOUT", "is_directory_target", "plan_targets", "write_stdout", "write_text"]
