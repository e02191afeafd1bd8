"""Checks on an input path before anything opens it: only regular files of bounded size are read.

Opening a FIFO blocks until a writer comes; reading /dev/zero or /dev/urandom never ends. Both are
refused up front, from `stat` alone, as is a file over the size limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import SourceError
from ..limits import DEFAULT_LIMITS, Limits, size_text

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def check_input(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """The size of the regular file at `path`; SourceError for anything else or anything too large."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise SourceError("no such file", source=str(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot read file ({exc.strerror})", source=str(path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError("is a directory, not a document", source=str(path))
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise SourceError(f"is {kind}, not a document file; save it to a file first", source=str(path))
    if Limits.exceeded(st.st_size, limits.max_file_bytes):
        raise SourceError(f"file is {size_text(st.st_size)}, over the limit of {size_text(limits.max_file_bytes)} "
                          "(--max-file-size)", source=str(path))
    return st.st_size


__all__ = ["check_input"]
