"""Batch scheduling: longest documents first, values written as documents finish, servers started ahead.

None of it may change a byte of the output tree: the order documents start in, who writes a
document's Parquet file and CSV rows, and when the isolation servers start are all invisible in
OUTDIR (but for the measured timings and .state/).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import begroting_cli
from begroting_cli.batch import BatchLimits, isolation
from begroting_cli.batch.plan import PDF_BYTES_PER_PAGE, TEXT_BYTES_PER_PAGE, estimated_pages, longest_first
from begroting_cli.batch.values import fragment_path

from .batch_helpers import mixed_corpus, tree
from .conftest import SAMPLES, require_shared

SUFFIXES = st.sampled_from([".pdf", ".txt", ".html", ".PDF"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5_000_000), SUFFIXES), min_size=1, max_size=12))
def test_longest_first_is_a_stable_permutation_by_estimated_pages(tmp_path_factory, files) -> None:
    root = tmp_path_factory.mktemp("sizes")
    tasks = []
    for i, (size, suffix) in enumerate(files):
        path = root / f"{i:02d}{suffix}"
        with path.open("wb") as fh:
            fh.truncate(size)  # sparse: the size is all that is read
        tasks.append({"path": str(path), "sha256": f"{i:064x}"})
    order = longest_first(tasks)
    assert sorted(t["sha256"] for t in order) == sorted(t["sha256"] for t in tasks)
    work = [estimated_pages(t["path"]) for t in order]
    assert work == sorted(work, reverse=True)
    for a, b in zip(order, order[1:]):  # ties keep the plan order
        if estimated_pages(a["path"]) == estimated_pages(b["path"]):
            assert tasks.index(a) < tasks.index(b)


def test_pages_are_estimated_per_format(tmp_path: Path) -> None:
    pdf, txt = tmp_path / "a.pdf", tmp_path / "a.txt"
    pdf.write_bytes(b"x" * PDF_BYTES_PER_PAGE * 4)
    txt.write_bytes(b"x" * TEXT_BYTES_PER_PAGE * 4)
    assert estimated_pages(pdf) == estimated_pages(txt) == 4
    assert estimated_pages(tmp_path / "gone.pdf") == 0


def test_values_written_as_documents_finish_equal_the_batch_writing_them_at_the_end(tmp_path: Path) -> None:
    """The fast path (each document's Parquet file and CSV rows written as its result comes in) and the
    slow one (the batch reads every document back at the end) give the same bytes."""
    require_shared()
    src = mixed_corpus(tmp_path, pages=4)
    fast = tmp_path / "fast"
    results = list(begroting_cli.batch([src], fast, jobs=2))
    parsed = {r.sha256 for r in results if r.status in ("success", "partial")}
    assert parsed and all(fragment_path(fast, sha).is_file() for sha in parsed)
    assert not (fast / ".state" / "staged").exists()  # every staged row was taken up
    slow = tmp_path / "slow"
    shutil.copytree(fast, slow)
    shutil.rmtree(slow / ".state" / "values")
    shutil.rmtree(slow / "values")
    (slow / "values.csv").unlink()
    (slow / ".state" / "outputs.sha256").unlink()
    again = list(begroting_cli.batch([src], slow, jobs=1, resume=True))
    assert all(r.skipped for r in again)  # nothing parsed: the batch rebuilt the values itself
    assert tree(slow) == tree(fast)


def test_the_tree_does_not_depend_on_the_memory_limit_or_the_jobs(tmp_path: Path) -> None:
    require_shared()
    src = mixed_corpus(tmp_path, pages=2)
    roomy, tight = tmp_path / "roomy", tmp_path / "tight"
    list(begroting_cli.batch([src], roomy, jobs=2))
    list(begroting_cli.batch([src], tight, jobs=1, limits=BatchLimits(max_memory_mb=600)))
    assert tree(tight) == tree(roomy)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].startswith("Z")


def test_servers_started_ahead_are_used_and_stopped() -> None:
    isolation.abort_all()  # none left from other tests
    isolation.prestart(2)
    pids = isolation.server_pids()
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    isolation.prestart(2)  # idle ones count: none more
    assert isolation.server_pids() == pids
    isolation.abort_all()
    assert not any(_alive(p) for p in pids)


def test_a_second_dask_batch_in_one_process_reuses_the_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from begroting_cli.batch import executors

    executors.close_clusters()
    first = list(begroting_cli.batch([SAMPLES], tmp_path / "a", jobs=2, executor="dask"))
    (cluster,) = executors.kept_clusters()
    second = list(begroting_cli.batch([SAMPLES], tmp_path / "b", jobs=2, executor="dask"))
    assert executors.kept_clusters() == [cluster] and cluster.status.name == "running"
    assert [r.status for r in second] == [r.status for r in first] and all(r.status == "success" for r in first)
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    executors.close_clusters()
    assert executors.kept_clusters() == [] and cluster.status.name == "closed"


def test_the_batch_process_loads_neither_the_document_model_nor_pandas(tmp_path: Path) -> None:
    """The children parse and stage their rows; the batch only turns them into Parquet (pyarrow's JSON
    reader): it does not validate documents again, nor load pandas, on the cores the parses need."""
    import subprocess
    import sys

    pytest.importorskip("pandas")  # only a question when it is installed
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(SAMPLES.glob("*.txt"))[:3]:
        shutil.copy(p, src / p.name)
    code = ("import sys, begroting_cli\n"
            f"results = list(begroting_cli.batch([{str(src)!r}], {str(tmp_path / 'out')!r}, jobs=2))\n"
            "assert results and all(r.status == 'success' for r in results), results\n"
            "print(sorted(m for m in ('pandas', 'begroting_cli.models', 'pyarrow') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['pyarrow']"
    assert any((tmp_path / "out" / "values").rglob("*.parquet"))


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].split()[1])


def test_servers_are_forked_from_one_loaded_process_and_one_that_died_idle_is_replaced(tmp_path: Path) -> None:
    """N servers cost one start-up: they are forked from the process that loaded the parser (where the
    platform allows; else each starts on its own). A server killed while it waits for a document
    costs that document nothing: the batch forks another."""
    import signal
    import time

    isolation.abort_all()
    isolation.prestart(2)
    pids = isolation.server_pids()
    assert len(pids) == 2
    parents = {_parent(p) for p in pids}
    if isolation.forking_possible():
        assert len(parents) == 1 and parents != {os.getpid()}
    else:
        assert parents == {os.getpid()}
    os.kill(pids[0], signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _alive(pids[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    results = list(begroting_cli.batch([SAMPLES], tmp_path / "out", jobs=2))
    assert results and all(r.status == "success" for r in results)
    now = isolation.server_pids()
    assert pids[0] not in now and len(now) == 2
    isolation.close_all()
    assert not any(_alive(p) for p in now)
