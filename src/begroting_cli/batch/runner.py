"""A batch: plan the inputs, skip what --resume finds done, run the rest, write the outputs."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .atomic import sweep_temporaries
from .executors import DASK_MISSING, EXECUTORS, dask_available, run_dask, run_local, start_local_cluster
from .isolation import prestart
from .outputs import BatchDirError, load_done, prepare_outdir, save_result, write_outputs
from .plan import BatchLimits, Task, expand_inputs, file_sha256, longest_first
from .values import load_writer, write_values
from .worker import document_path, failure

DEFAULT_PARSER = "begroting_cli.api:parse"


@dataclass(frozen=True)
class DocumentResult:
    """One input's outcome, as the batch yields it when that document finishes."""

    path: str
    sha256: str
    status: str          # success | partial | failure
    stage: str           # where it failed: read, parse, limits, timeout, memory, crash ("" on success)
    message: str
    pages: int | None
    seconds: float
    peak_memory_mb: float
    skipped: bool        # done by an earlier run (--resume): not parsed again
    record: dict[str, Any] = field(repr=False, compare=False)


@dataclass
class Summary:
    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    pages: int = 0
    elapsed: float = 0.0

    @property
    def exit_code(self) -> int:
        return 0 if self.counts["success"] == self.total else 1


class BatchRun:
    """Iterate to run: yields a DocumentResult per input as it finishes, then writes the outputs.

    The manifest, Parquet dataset and CSV are written when the iteration completes; stopping early
    leaves the per-document JSON and the --resume state, so the next `resume=True` run goes on.
    """

    def __init__(self, paths: Iterable[str | Path], outdir: str | Path, *, jobs: int | None = None,
                 executor: str = "local", scheduler: str | None = None, resume: bool = False,
                 limits: BatchLimits | None = None, unit: int | None = None, parser: str = DEFAULT_PARSER,
                 dask_processes: bool = False) -> None:
        if executor not in EXECUTORS:
            raise UsageError(f"unknown executor {executor!r}; choose one of {', '.join(EXECUTORS)}")
        if executor == "dask" and not dask_available():
            raise UsageError(DASK_MISSING)
        if scheduler and executor != "dask":
            raise UsageError("--scheduler needs --executor dask")
        self.outdir = Path(outdir)
        self.inputs = expand_inputs(list(paths), exclude=self.outdir)
        self.jobs = jobs or os.cpu_count() or 1
        self.executor, self.scheduler, self.resume = executor, scheduler, resume
        self.limits = limits or BatchLimits()
        self.unit, self.parser, self.dask_processes = unit, parser, dask_processes
        try:
            prepare_outdir(self.outdir, resume=resume)
        except BatchDirError as exc:
            raise UsageError(str(exc)) from None
        self.summary = Summary(total=len(self.inputs))

    def _result(self, path: str, res: dict[str, Any], skipped: bool) -> DocumentResult:
        rec = res["record"]
        out = DocumentResult(path=path, sha256=rec["sha256"], status=rec["status"], stage=rec["stage"],
                             message=rec["message"], pages=rec.get("pages"), seconds=res["seconds"],
                             peak_memory_mb=res["peak_memory_mb"], skipped=skipped, record=rec)
        self.summary.counts[out.status] += 1
        self.summary.skipped += skipped
        self.summary.pages += out.pages or 0
        return out

    def _warm_up(self) -> None:
        """In a thread, once there is a document to parse: the Dask LocalCluster (when one is to be
        used), then the Parquet writer, while the rest is hashed and the servers load the parser
        (a core is mostly idle then); the first result need not wait for them."""
        if self.executor == "dask" and self.scheduler is None:
            start_local_cluster(self.jobs, self.dask_processes)
        load_writer()

    def __iter__(self) -> Iterator[DocumentResult]:
        started = time.monotonic()
        sweep_temporaries(self.outdir)
        shas: list[str] = []
        paths_of: dict[str, list[str]] = {}
        done: dict[str, dict[str, Any]] = {}
        tasks: list[dict[str, Any]] = []
        warm_up: threading.Thread | None = None
        for p in self.inputs:
            path = str(p)
            try:
                sha = file_sha256(p)
            except OSError as exc:
                sha = ""
                done.setdefault(f"!{path}", {"record": failure("", "read", f"{p.name}: cannot read file "
                                                                 f"({exc.strerror})"),
                                             "seconds": 0.0, "cpu_seconds": 0.0, "peak_memory_mb": 0.0})
                shas.append(f"!{path}")
                yield self._result(path, done[f"!{path}"], skipped=False)
                continue
            shas.append(sha)
            if sha in paths_of:
                paths_of[sha].append(path)
                if sha in done:
                    yield self._result(path, done[sha], skipped=True)
                continue
            paths_of[sha] = [path]
            previous = load_done(self.outdir, sha) if self.resume else None
            if previous is not None:
                done[sha] = previous
                yield self._result(path, previous, skipped=True)
            else:
                if warm_up is None:  # the first document to parse (none when --resume finds all done)
                    if self.scheduler is None and not (self.executor == "dask" and self.dask_processes):
                        # the servers run in this process's children: they load the parser while the
                        # rest of the plan is made
                        prestart(min(self.jobs, len(self.inputs)))
                    warm_up = threading.Thread(target=self._warm_up, name="begroting-batch-warm-up", daemon=True)
                    warm_up.start()
                # absolute: a Dask worker runs elsewhere, in another directory (the manifest keeps `path`)
                tasks.append(Task(path=os.path.abspath(p), sha256=sha, outdir=os.path.abspath(self.outdir),
                                  limits=self.limits, unit=self.unit, parser=self.parser).to_dict())
        if tasks:
            tasks = longest_first(tasks)
            stream = (run_dask(tasks, self.jobs, self.scheduler, self.dask_processes) if self.executor == "dask"
                      else run_local(tasks, self.jobs))
            for res in stream:
                sha = res["record"]["sha256"]
                save_result(self.outdir, res)
                if res["record"]["status"] in ("success", "partial"):
                    _write_values_now(self.outdir, sha, res["record"])
                done[sha] = res
                for i, path in enumerate(paths_of[sha]):
                    yield self._result(path, res, skipped=i > 0)
        if warm_up is not None:
            warm_up.join()  # long done as a rule; never left importing while the interpreter exits
        entries = [(str(p), done[sha]) for p, sha in zip(self.inputs, shas)]
        write_outputs(self.outdir, entries)
        self.summary.elapsed = time.monotonic() - started


def _write_values_now(outdir: Path, sha256: str, record: dict[str, Any]) -> None:
    """A finished document's Parquet file and CSV rows, while the others are still being parsed, so
    that the end of the batch only concatenates. What fails here is left to the end, which writes
    them itself and reports it."""
    try:
        write_values(outdir, sha256, record["body"], record["year"], document_path(outdir, sha256))
    except (OSError, ValueError):  # ValueError: pyarrow refusing a value (ArrowInvalid), bad JSON
        return


def batch(paths: Iterable[str | Path], outdir: str | Path, **options: Any) -> BatchRun:
    """Parse many documents into OUTDIR; iterate the result to run it (see BatchRun)."""
    return BatchRun(paths, outdir, **options)
