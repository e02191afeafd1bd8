"""Where the per-document tasks run: threads here (`local`) or a dask.distributed cluster (`dask`).

Both run the same task, `isolation.run_isolated`, on plain-dict tasks that name paths (workers
read the files themselves), and yield results as they finish, in completion order.
"""

from __future__ import annotations

import atexit
import importlib.util
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from ..errors import UsageError
from .isolation import abort_all, run_isolated

EXECUTORS = ("local", "dask")
DASK_MISSING = ("--executor dask needs dask.distributed, which is not installed: "
                "pip install 'begroting-cli[dask]' (or: pip install 'dask[distributed]')")


def run_local(tasks: list[dict[str, Any]], jobs: int) -> Iterator[dict[str, Any]]:
    """N threads, each driving its own isolation server: N documents parse at once."""
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="begroting-batch")
    completed = False
    try:
        futures = [pool.submit(run_isolated, t) for t in tasks]
        for fut in as_completed(futures):
            yield fut.result()
        completed = True
    finally:
        if not completed:  # interrupted (Ctrl-C, SIGTERM, the caller stopped iterating)
            abort_all()
        pool.shutdown(wait=True, cancel_futures=True)


def dask_available() -> bool:
    """Whether dask.distributed is installed, without importing it (~0.5 s): the import waits for
    `run_dask`, where it overlaps with the isolation servers loading the parser."""
    return importlib.util.find_spec("distributed") is not None


_clusters: dict[tuple[int, bool], Any] = {}
_clusters_lock = threading.Lock()


def _local_cluster(jobs: int, processes: bool) -> Any:
    """A LocalCluster of `jobs` single-threaded workers, kept for the next batch in this process."""
    from distributed import LocalCluster  # noqa: PLC0415

    with _clusters_lock:
        cluster = _clusters.get((jobs, processes))
        if cluster is not None and cluster.status.name == "running":
            return cluster
        import dask  # noqa: PLC0415

        # the workers only hand documents to their isolated children: no profiler sampling
        # their threads every 10 ms on the cores the parses need
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=processes,
                                   dashboard_address=":0")  # any free port: 8787 may be taken
        _clusters[(jobs, processes)] = cluster
        return cluster


def start_local_cluster(jobs: int, processes: bool = False) -> None:
    """Start the LocalCluster of `run_dask` now (importing dask.distributed is most of it), so that it
    comes up while the batch is still hashing and its servers load the parser. `run_dask` takes it
    when it is there; what fails here, it meets again and reports."""
    if not dask_available():
        return
    try:
        _local_cluster(jobs, processes)
    except Exception:  # noqa: BLE001, S110 - run_dask starts it itself and reports the error
        pass


def _drop_cluster(cluster: Any) -> None:
    with _clusters_lock:
        for key in [k for k, c in _clusters.items() if c is cluster]:
            del _clusters[key]
    cluster.close()


def kept_clusters() -> list[Any]:
    """The LocalClusters kept for the next batch of this process."""
    with _clusters_lock:
        return list(_clusters.values())


@atexit.register
def close_clusters() -> None:
    """Close the LocalClusters kept for reuse (at exit, or when a caller wants them gone)."""
    with _clusters_lock:
        clusters = list(_clusters.values())
        _clusters.clear()
    for cluster in clusters:
        cluster.close()


def run_dask(tasks: list[dict[str, Any]], jobs: int, scheduler: str | None = None,
             processes: bool = False) -> Iterator[dict[str, Any]]:
    """On the cluster at `scheduler`, or on a LocalCluster of `jobs` single-threaded workers.

    The LocalCluster's workers are threads of this process unless `processes`: a worker only hands
    its document to an isolated child (isolation.py) and waits, so worker processes would add their
    start-up (seconds) and nothing else. The LocalCluster is kept for the next batch of this process
    (the library API run in a loop) and closed at exit.

    Every worker needs begroting installed and the input paths (and OUTDIR) at the same place:
    a shared file system or a mounted object store.
    """
    if not dask_available():
        raise UsageError(DASK_MISSING)
    from distributed import Client, as_completed as dask_completed  # noqa: PLC0415

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = _local_cluster(jobs, processes)
            client = Client(cluster)
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    completed = False
    try:
        futures = client.map(run_isolated, tasks, pure=False)
        for fut in dask_completed(futures):
            result = fut.result()
            fut.release()
            yield result
        completed = True
    finally:
        if not completed and cluster is not None:
            abort_all()  # the LocalCluster's workers are threads of this process
        client.close()
        if cluster is not None and not completed:
            _drop_cluster(cluster)  # interrupted: its state is unknown, the next batch starts a new one
