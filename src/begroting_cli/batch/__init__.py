"""Batch: a whole corpus of budget documents into one dataset, on one machine or a Dask cluster.

    >>> from begroting_cli import batch
    >>> for result in batch(["samples/"], "out/batch"):   # doctest: +SKIP
    ...     print(result.path, result.status)

`begroting_cli.batch(...)` is this package called as a function (the module is callable), so the
package name and the API name stay one. See runner.BatchRun for what iterating does.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .plan import BatchLimits
from .runner import BatchRun, DocumentResult, Summary, batch


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> BatchRun:
        return batch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["BatchRun", "DocumentResult", "BatchLimits", "Summary", "batch"]
