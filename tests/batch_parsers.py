"""Parse callables that misbehave on purpose, for the batch isolation tests.

The batch names its parse callable as "module:function" so that it can travel to an isolation
server or a Dask worker; these stand in for the real parser on documents whose name asks for it.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from begroting_cli.api import parse as real_parse


def misbehaving(path: Path, **options: Any) -> Any:
    """Hang on *hang*, allocate without bound on *bloat*, die of SIGSEGV on *crash*; else parse."""
    name = Path(path).name
    if "hang" in name:
        time.sleep(3600)
    if "bloat" in name:
        hoard = []
        while True:
            hoard.append(bytearray(32 * 1024 * 1024))
    if "crash" in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    return real_parse(path, **options)


def slow_and_held(path: Path, **options: Any) -> Any:
    """The real parse, a little later, and never on *held*: a batch that is surely still running when
    it is killed half-way, however loaded the machine."""
    if "held" in Path(path).name:
        time.sleep(3600)
    time.sleep(0.25)
    return real_parse(path, **options)
