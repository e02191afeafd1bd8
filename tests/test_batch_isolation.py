"""Isolation and resume: a hang, a memory blow-up and a crash become failure rows; a batch killed
with SIGKILL half-way and resumed ends byte-identical to an uninterrupted run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import begroting_cli
from begroting_cli.batch import BatchLimits

from .batch_helpers import tree
from .conftest import ROOT, SAMPLES
from .pdfgen import build_pdf, text_page

MISBEHAVING = "tests.batch_parsers:misbehaving"
SLOW_AND_HELD = "tests.batch_parsers:slow_and_held"


def _samples_into(src: Path, copies: int = 1) -> list[str]:
    src.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(copies):
        for p in sorted(SAMPLES.glob("*.txt")):
            # a trailing blank line per copy: other bytes (another sha256), the same tables
            target = src / f"{i:02d}-{p.name}"
            target.write_bytes(p.read_bytes() + b"\n" * i)
            names.append(target.name)
    return names


def test_hang_blowup_and_crash_become_failure_rows_and_the_rest_completes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    good = _samples_into(src)
    text = (SAMPLES / good[0][3:]).read_text(encoding="utf-8")
    for name in ("hang.txt", "bloat.txt", "crash.txt"):
        (src / name).write_text(f"{text}\n{name}\n", encoding="utf-8")  # three different documents
    started = time.monotonic()
    run = begroting_cli.batch([src], tmp_path / "out", jobs=2, parser=MISBEHAVING,
                              limits=BatchLimits(timeout=8, max_memory_mb=512))
    results = {Path(r.path).name: r for r in run}
    elapsed = time.monotonic() - started
    assert results["hang.txt"].status == "failure" and results["hang.txt"].stage == "timeout"
    # 8 s: long enough for the bloat child to reach its memory limit on a loaded machine
    assert "no result after 8 s" in results["hang.txt"].message
    assert 8 <= results["hang.txt"].seconds < 20 and elapsed < 60
    assert results["bloat.txt"].status == "failure" and results["bloat.txt"].stage in ("memory", "crash")
    assert "512 MB" in results["bloat.txt"].message
    assert results["bloat.txt"].peak_memory_mb < 600
    assert results["crash.txt"].status == "failure" and results["crash.txt"].stage == "crash"
    assert "SIGSEGV" in results["crash.txt"].message
    assert all(results[name].status == "success" for name in good)
    rows = [json.loads(line) for line in (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()]
    assert len(rows) == len(good) + 3 and run.summary.exit_code == 1


def test_max_pages_refuses_a_longer_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "in" / "three.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(build_pdf([text_page(["Lasten 1.000"]), text_page(["Baten 2.000"]), text_page(["Saldo 1.000"])]))
    (result,) = list(begroting_cli.batch([pdf], tmp_path / "out", jobs=1, limits=BatchLimits(max_pages=2)))
    assert (result.status, result.stage) == ("failure", "limits")
    assert "3 pages, more than --max-pages 2" in result.message


_DRIVER = """
import sys
from begroting_cli.batch import batch
for r in batch([sys.argv[1]], sys.argv[2], jobs=2, parser=sys.argv[3]):
    print(r.path, flush=True)
"""


def test_a_batch_killed_with_sigkill_and_resumed_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    total = len(_samples_into(src, copies=3))
    held = sorted(SAMPLES.glob("*.txt"))[0].read_bytes() + b"\nheld\n"  # never done before the kill
    (src / "held.txt").write_bytes(held)
    total += 1
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    list(begroting_cli.batch([src], whole, jobs=2))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", _DRIVER, str(src), str(killed), SLOW_AND_HELD],
                            stdout=subprocess.PIPE, env=env, cwd=ROOT, start_new_session=True)
    assert proc.stdout is not None
    done = [proc.stdout.readline() for _ in range(total // 2)]
    assert all(done)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its children, as a kill -9 of the batch's tree
    proc.wait()
    proc.stdout.close()
    assert not (killed / "manifest.jsonl").exists()  # killed before the end: no tables yet
    parsed_before = len(list((killed / "documents").iterdir()))
    assert total // 2 <= parsed_before < total
    resumed = list(begroting_cli.batch([src], killed, jobs=2, resume=True))
    assert sum(r.skipped for r in resumed) >= total // 2
    assert sum(not r.skipped for r in resumed) >= 1
    assert tree(killed) == tree(whole)
    assert not [p for p in killed.rglob("*") if p.name.endswith(".tmp")]
    shutil.rmtree(killed)


def test_stopping_a_batch_stops_its_documents_and_keeps_no_result_of_them(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _samples_into(src)
    for name in ("0-hang-1.txt", "0-hang-2.txt"):  # the largest: started first, both in flight when it stops
        (src / name).write_text(f"Lasten 1.000\n{name}\n" + "Toelichting.\n" * 50_000, encoding="utf-8")
    run = begroting_cli.batch([src], tmp_path / "out", jobs=3, parser=MISBEHAVING,
                              limits=BatchLimits(timeout=300))
    started = time.monotonic()
    it = iter(run)
    first = next(it)
    assert "hang" not in first.path
    it.close()  # what Ctrl-C or SIGTERM does to the loop that drives the batch
    assert time.monotonic() - started < 60  # not the hangs' 300 s
    kept = [json.loads(p.read_text()) for p in (tmp_path / "out" / ".state" / "records").iterdir()]
    assert kept and all(k["record"]["status"] == "success" for k in kept)
    assert not (tmp_path / "out" / "manifest.jsonl").exists()
    resumed = {Path(r.path).name: r for r in begroting_cli.batch([src], tmp_path / "out", jobs=2, resume=True)}
    assert len(resumed) == 7 and not resumed["0-hang-1.txt"].skipped and not resumed["0-hang-2.txt"].skipped
    assert sum(r.skipped for r in resumed.values()) == len(kept)
