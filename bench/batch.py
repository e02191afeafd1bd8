"""Throughput of `begroting batch`, written to a JSON file (the batch part of `make bench`).

    python bench/batch.py ../shared/corpus/pdf --out bench/batch_results.json --repeat 3

Measured through the CLI (process start included) on the given inputs, runs alternating so that a
shared machine's load falls on every configuration alike; best and median seconds are kept:
  * `--jobs 1` and `--jobs 2` (local executor);
  * `--executor dask --jobs 2` (a LocalCluster of the same worker count);
  * 1x, 2x and 4x copies of the inputs with `--jobs 2` (each copy gets other bytes, a trailing
    newline per copy, so content hashing does not fold them into one);
  * `--resume` right after a full run, against that run.
Documents/s and pages/s come from the manifest (pages of PDFs) and the best time.

Read the figures with the load beside them (recorded per run): on a shared machine whose kernel groups
processes by session (sched_autogroup), a saturated machine gives a batch the same CPU share whatever
its --jobs, so a speed-up shows only while the cores are not all taken.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BEGROTING = [sys.executable, "-m", "begroting_cli"]
SUFFIXES = {".txt", ".text", ".pdf", ".html", ".htm"}


def _copies(inputs: list[Path], root: Path, n: int) -> Path:
    """n copies of the inputs under root, each file with i trailing newlines (other sha256)."""
    for i in range(n):
        for p in inputs:
            target = root / f"copy{i}" / p.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(p.read_bytes() + b"\n" * i)
    return root


LOADS: list[float] = []  # the 1-minute load average before each run


def _run(args: list[str], out: Path, resume: bool = False) -> tuple[float, dict[str, int]]:
    LOADS.append(os.getloadavg()[0])
    if not resume:
        shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run([*BEGROTING, "batch", *args, "-o", str(out), "-q", *(["--resume"] if resume else [])],
                          check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"begroting batch {' '.join(args)}: exit {done.returncode}")
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return seconds, {"documents": len(rows), "pages": sum(r["pages"] or 0 for r in rows)}


def _figures(times: list[float], counts: dict[str, int]) -> dict[str, Any]:
    best = min(times)
    return {"best_s": round(best, 3), "median_s": round(statistics.median(times), 3), "runs": len(times),
            **counts, "documents_per_s": round(counts["documents"] / best, 2),
            "pages_per_s": round(counts["pages"] / best, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", type=Path, help="files or directories of documents")
    ap.add_argument("--out", type=Path, default=Path("bench/batch_results.json"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    files = sorted(p for d in a.inputs for p in ([d] if d.is_file() else d.rglob("*"))
                   if p.is_file() and p.suffix.lower() in SUFFIXES)
    results: dict[str, Any] = {"inputs": [str(p) for p in a.inputs], "documents": len(files), "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="begroting-bench-") as tmp:
        root = Path(tmp)
        sets = {n: _copies(files, root / f"x{n}", n) for n in (1, 2, 4)}
        configs = {"jobs1": [str(sets[1]), "--jobs", "1"], "jobs2": [str(sets[1]), "--jobs", "2"],
                   "dask_jobs2": [str(sets[1]), "--jobs", "2", "--executor", "dask"]}
        times: dict[str, list[float]] = {k: [] for k in configs}
        counts: dict[str, dict[str, int]] = {}
        for _ in range(a.repeat):  # alternating
            for name, args in configs.items():
                seconds, counts[name] = _run(args, root / f"out-{name}")
                times[name].append(seconds)
        for name in configs:
            results[name] = _figures(times[name], counts[name])
        resume_times = [_run(configs["jobs2"], root / "out-jobs2", resume=True)[0] for _ in range(a.repeat)]
        results["resume_after_jobs2"] = {"best_s": round(min(resume_times), 3),
                                         "share_of_first_run": round(min(resume_times) / results["jobs2"]["best_s"], 3)}
        for n in (2, 4):
            seconds, c = _run([str(sets[n]), "--jobs", "2"], root / f"out-x{n}")
            results[f"copies{n}_jobs2"] = {**_figures([seconds], c),
                                           "times_of_1x": round(seconds / results["jobs2"]["best_s"], 2)}
    results["jobs2_speedup"] = round(results["jobs1"]["best_s"] / results["jobs2"]["best_s"], 2)
    results["dask_over_local"] = round(results["dask_jobs2"]["best_s"] / results["jobs2"]["best_s"], 2)
    results["load_average"] = {"min": round(min(LOADS), 2), "median": round(statistics.median(LOADS), 2),
                               "max": round(max(LOADS), 2), "at_end": round(os.getloadavg()[0], 2)}
    a.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
