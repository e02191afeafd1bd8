"""Speed and memory of the PDF reader, in one run, written to a JSON file.

    python bench/run.py --pdf ../shared/corpus/pdf/wassenaar_begroting_2025.pdf --out bench/results.json

Measured on the given PDF (all pages unless --pages):
  * the floor: pypdfium2 raw character extraction (text + a box per char, 1 process);
  * pdfplumber `extract_words` on the same pages (what a pure-Python stack costs);
  * `read_pdf` with each engine, and with jobs=2;
  * `begroting parse PDF -o FILE` through the CLI per engine and --jobs 1/2, whole file, process
    start included ("unavailable" if the CLI does not take those options);
  * peak RSS of a child process after importing, after reading 10 pages and after all pages;
  * the serial parts of a parse (process start to the command, model building after the pages
    are in) and from them the best --jobs 2 speed-up Amdahl's law allows.
Fast measurements are repeated (--repeat, best time kept; CLI runs with --jobs 1 and 2 alternate
and their medians are kept too); the slow pdfplumber ones run once.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

UNAVAILABLE = "unavailable"
CLI_OK = (0, 1)  # 1 = parsed with findings, still a full run

# Child process for peak memory: read N pages (0 = imports only, -1 = all) and report the peak.
_RSS_CHILD = r"""
import json, resource, sys
from begroting_cli.sources.pdf import read_pdf
path, n, engine, stage = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
meanwhile = None
if stage == "parse":  # what a `begroting parse` process holds when its pages are in
    from begroting_cli.api import _load_pipeline as meanwhile
lines = 0
if n:
    doc = read_pdf(path, engine=engine, pages=range(1, n + 1) if n > 0 else None, meanwhile=meanwhile)
    lines = len(doc.lines)
peak_kib = None
try:
    with open("/proc/self/status") as fh:
        peak_kib = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:"))
except OSError:
    pass
if peak_kib is None:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_kib = rss // 1024 if sys.platform == "darwin" else rss
print(json.dumps({"peak_kib": peak_kib, "lines": lines}))
"""


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of `repeat` runs (the least disturbed by other load) and the last result."""
    best, result = float("inf"), None
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def raw_pdfium_chars(path: Path, pages: int) -> int:
    """The floor: PDFium text plus one loose box per character, every page, nothing else."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    box = pdfium_c.FS_RECTF()
    ref = ctypes.byref(box)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    total = 0
    doc = pdfium.PdfDocument(str(path))
    try:
        for i in range(pages):
            page = doc[i]
            textpage = page.get_textpage()
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count > 0 else ""
            raw = textpage.raw
            chars = []
            for k in range(count):
                get_box(raw, k, ref)
                chars.append((text[k] if k < len(text) else "", box.left, box.top, box.right, box.bottom))
            total += len(chars)
            textpage.close()
            page.close()
    finally:
        doc.close()
    return total


def plumber_words(path: Path, pages: int) -> int:
    import pdfplumber

    total = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages[:pages]:
            total += len(page.extract_words(extra_attrs=["size", "fontname"]))
            page.close()
    return total


def read_pdf_run(path: Path, pages: int, engine: str, jobs: int) -> int:
    from begroting_cli.sources.pdf import read_pdf

    return len(read_pdf(path, engine=engine, jobs=jobs, pages=range(1, pages + 1)).lines)


def cli_available() -> bool:
    """The CLI exists and takes --pdf-engine and --jobs (it is written in parallel)."""
    proc = subprocess.run([sys.executable, "-m", "begroting_cli", "parse", "--help"],
                          capture_output=True, text=True, check=False)
    return proc.returncode == 0 and "--pdf-engine" in proc.stdout and "--jobs" in proc.stdout


def cli_start(out_dir: Path) -> float:
    """Process start to the first line of `parse` (Python, typer and its pydantic adapters):
    timed as `begroting parse` of a missing PDF, which fails right there with exit 2."""
    cmd = [sys.executable, "-m", "begroting_cli", "parse", str(out_dir / "missing.pdf")]
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=False)
    return time.perf_counter() - start


def build_and_json(path: Path, pages: int) -> float:
    """The part of a parse after the pages are in: segment, extract, check, write JSON.
    The segmenter's caches are warm, as `parse` warms them while pages are read."""
    from begroting_cli import segment
    from begroting_cli.emit import to_json
    from begroting_cli.pipeline import build_document
    from begroting_cli.sources.pdf import read_pdf

    src = read_pdf(path, pages=range(1, pages + 1), jobs=1)
    segment.warm(ln.text for ln in src.lines)
    start = time.perf_counter()
    to_json(build_document(src))
    return time.perf_counter() - start


def amdahl_bound(jobs1: Any, startup: Any, serial_tail: Any, page_speedup: Any = 2.0) -> float | None:
    """The best --jobs 2 speed-up of a whole parse when start-up and the work after the pages are
    in stay serial and the rest of a jobs=1 run speeds up by `page_speedup` (2.0: perfectly)."""
    if not all(isinstance(x, float) for x in (jobs1, startup, serial_tail, page_speedup)):
        return None
    serial = startup + serial_tail
    return round(jobs1 / (serial + (jobs1 - serial) / page_speedup), 2)


def cli_parse(path: Path, engine: str, jobs: int, out_dir: Path) -> float | str:
    """Wall seconds of `begroting parse PDF --pdf-engine E --jobs N -o FILE`, process start included."""
    out = out_dir / f"parse-{engine}-{jobs}.json"
    cmd = [sys.executable, "-m", "begroting_cli", "parse", str(path), "--pdf-engine", engine,
           "--jobs", str(jobs), "-o", str(out)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in CLI_OK:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        return f"{UNAVAILABLE} (exit {proc.returncode}: {tail[0][:120]})"
    return seconds


def peak_rss_mib(path: Path, pages: int, engine: str, stage: str = "reader") -> float | str:
    """Peak RSS of a fresh process that reads `pages` (0: none, -1: all) with the reader alone
    (stage "reader") or as `begroting parse` does, loading the model meanwhile (stage "parse")."""
    proc = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(path), str(pages), engine, stage],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return f"{UNAVAILABLE} ({(proc.stderr.strip().splitlines() or ['?'])[-1][:120]})"
    return round(json.loads(proc.stdout)["peak_kib"] / 1024, 1)


def page_count(path: Path) -> int:
    from begroting_cli.sources.pdf import page_count as count

    return count(path)


def ratio(a: Any, b: Any) -> float | None:
    return round(a / b, 2) if isinstance(a, float) and isinstance(b, float) and b > 0 else None


def measure(path: Path, pages: int, repeat: int, with_cli: bool) -> dict[str, Any]:
    seconds: dict[str, Any] = {}
    counts: dict[str, int] = {}
    read_pdf_run(path, 1, "pdfplumber", 1)  # warm-up: imports and first-use costs are not timed
    runs = [  # (name, count name, repeats, function)
        ("pypdfium2_raw_chars", "chars", repeat, lambda: raw_pdfium_chars(path, pages)),
        ("pdfplumber_extract_words", "pdfplumber_words", 1, lambda: plumber_words(path, pages)),
        ("read_pdf_pypdfium2", "lines", repeat, lambda: read_pdf_run(path, pages, "pypdfium2", 1)),
        ("read_pdf_pypdfium2_jobs2", "lines_jobs2", repeat,
         lambda: read_pdf_run(path, pages, "pypdfium2", 2)),
        ("read_pdf_pdfplumber", "lines_pdfplumber", 1,
         lambda: read_pdf_run(path, pages, "pdfplumber", 1)),
    ]
    for name, count_name, times, fn in runs:
        seconds[name], counts[count_name] = best_of(times, fn)
    cli: dict[str, Any] = {}
    spread: dict[str, Any] = {}
    available = with_cli and cli_available()
    with tempfile.TemporaryDirectory() as tmp:
        if available:
            # jobs 1 and 2 alternate, so a slow spell of a shared machine hits both alike
            runs1: list[Any] = []
            runs2: list[Any] = []
            for _ in range(max(repeat, 1)):
                runs1.append(cli_parse(path, "pypdfium2", 1, Path(tmp)))
                runs2.append(cli_parse(path, "pypdfium2", 2, Path(tmp)))
            for key, runs in (("pypdfium2_jobs1", runs1), ("pypdfium2_jobs2", runs2)):
                times = [t for t in runs if isinstance(t, float)]
                cli[key] = min(times) if len(times) == len(runs) else next(t for t in runs if not isinstance(t, float))
                spread[key] = {"min": min(times, default=None), "median": statistics.median(times) if times else None,
                               "runs": [round(t, 3) for t in times]}
            for jobs in (1, 2):
                cli[f"pdfplumber_jobs{jobs}"] = cli_parse(path, "pdfplumber", jobs, Path(tmp))
            seconds["cli_startup"] = best_of(repeat, lambda: cli_start(Path(tmp)))[0]
        else:
            cli = {f"{e}_jobs{j}": UNAVAILABLE for e in ("pypdfium2", "pdfplumber") for j in (1, 2)}
    seconds["cli_parse"] = cli
    seconds["cli_parse_spread"] = spread
    seconds["build_and_json"] = min(build_and_json(path, pages) for _ in range(max(repeat, 1)))
    every = -1 if pages == page_count(path) else pages
    rss = {"imports_only": peak_rss_mib(path, 0, "pypdfium2"),
           "pages_1_10": peak_rss_mib(path, min(10, pages), "pypdfium2"),
           "all_pages": peak_rss_mib(path, every, "pypdfium2"),
           "parse_stage_pages_1_10": peak_rss_mib(path, min(10, pages), "pypdfium2", "parse"),
           "parse_stage_all_pages": peak_rss_mib(path, every, "pypdfium2", "parse")}
    raw = seconds["pypdfium2_raw_chars"]
    ratios = {
        "read_pdf_pypdfium2_vs_raw": ratio(seconds["read_pdf_pypdfium2"], raw),
        "read_pdf_pdfplumber_vs_raw": ratio(seconds["read_pdf_pdfplumber"], raw),
        "pdfplumber_extract_words_vs_raw": ratio(seconds["pdfplumber_extract_words"], raw),
        "cli_parse_pypdfium2_jobs1_vs_raw": ratio(cli["pypdfium2_jobs1"], raw),
        "cli_parse_pypdfium2_jobs2_vs_raw": ratio(cli["pypdfium2_jobs2"], raw),
        "rss_all_vs_10_pages_reader": ratio(rss["all_pages"], rss["pages_1_10"]),
        "rss_all_vs_10_pages_parse_stage": ratio(rss["parse_stage_all_pages"], rss["parse_stage_pages_1_10"]),
        "jobs2_speedup_read_pdf": ratio(seconds["read_pdf_pypdfium2"], seconds["read_pdf_pypdfium2_jobs2"]),
        "jobs2_speedup_cli_pypdfium2": ratio(cli["pypdfium2_jobs1"], cli["pypdfium2_jobs2"]),
        "jobs2_speedup_cli_pdfplumber": ratio(cli["pdfplumber_jobs1"], cli["pdfplumber_jobs2"]),
        "jobs2_speedup_cli_pypdfium2_median": ratio(spread.get("pypdfium2_jobs1", {}).get("median"),
                                                    spread.get("pypdfium2_jobs2", {}).get("median")),
        "jobs2_speedup_cli_pypdfium2_bound": amdahl_bound(cli["pypdfium2_jobs1"],
                                                          seconds.get("cli_startup"), seconds["build_and_json"]),
        "jobs2_speedup_cli_pypdfium2_bound_at_read_speedup": amdahl_bound(
            cli["pypdfium2_jobs1"], seconds.get("cli_startup"), seconds["build_and_json"],
            ratio(seconds["read_pdf_pypdfium2"], seconds["read_pdf_pypdfium2_jobs2"])),
    }
    return {"seconds": seconds, "ratios": ratios, "peak_rss_mib": rss, "counts": counts}


def environment() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for pkg in ("begroting-cli", "pypdfium2", "pdfplumber", "pdfminer.six"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "packages": versions,
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def fmt(value: Any, unit: str = "") -> str:
    if isinstance(value, float):
        return f"{value:.2f}{unit}"
    return "-" if value is None else str(value)


def show(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    s, r, m = report["seconds"], report["ratios"], report["peak_rss_mib"]
    table = Table(title=f"PDF reader benchmark: {report['pdf']['name']} "
                        f"({report['pdf']['pages']} pages, {report['counts']['chars']} chars)")
    table.add_column("measurement")
    table.add_column("value", justify="right")
    table.add_column("x raw chars", justify="right")
    raw = s["pypdfium2_raw_chars"]
    rows = [("pypdfium2 raw chars (floor)", s["pypdfium2_raw_chars"]),
            ("pdfplumber extract_words", s["pdfplumber_extract_words"]),
            ("read_pdf pypdfium2", s["read_pdf_pypdfium2"]),
            ("read_pdf pypdfium2, jobs=2", s["read_pdf_pypdfium2_jobs2"]),
            ("read_pdf pdfplumber", s["read_pdf_pdfplumber"])]
    rows += [(f"CLI parse {k.replace('_jobs', ' --jobs ')}", v) for k, v in s["cli_parse"].items()]
    for name, value in rows:
        table.add_row(name, fmt(value, " s"), fmt(ratio(value, raw)))
    table.add_section()
    table.add_row("--jobs 2 speed-up, read_pdf", fmt(r["jobs2_speedup_read_pdf"], "x"), "")
    table.add_row("--jobs 2 speed-up, CLI pypdfium2", fmt(r["jobs2_speedup_cli_pypdfium2"], "x"), "")
    table.add_row("--jobs 2 speed-up, CLI pypdfium2 (medians)",
                  fmt(r["jobs2_speedup_cli_pypdfium2_median"], "x"), "")
    table.add_row("--jobs 2 speed-up, CLI pypdfium2, bound: pages 2x faster",
                  fmt(r["jobs2_speedup_cli_pypdfium2_bound"], "x"), "")
    table.add_row("--jobs 2 speed-up, CLI pypdfium2, bound: pages as read_pdf",
                  fmt(r["jobs2_speedup_cli_pypdfium2_bound_at_read_speedup"], "x"), "")
    table.add_row("--jobs 2 speed-up, CLI pdfplumber", fmt(r["jobs2_speedup_cli_pdfplumber"], "x"), "")
    table.add_section()
    table.add_row("serial: CLI start-up to parse", fmt(s.get("cli_startup"), " s"), "")
    table.add_row("serial: build model + JSON (pages in)", fmt(s["build_and_json"], " s"), "")
    table.add_section()
    for key, label in (("imports_only", "reader, imports only"), ("pages_1_10", "reader, 10 pages"),
                       ("all_pages", "reader, all pages"), ("parse_stage_pages_1_10", "parse stage, 10 pages"),
                       ("parse_stage_all_pages", "parse stage, all pages")):
        table.add_row(f"peak RSS, {label}", fmt(m[key], " MiB"), "")
    table.add_row("peak RSS all / 10 pages: reader, parse stage",
                  f"{fmt(r['rss_all_vs_10_pages_reader'])}, {fmt(r['rss_all_vs_10_pages_parse_stage'])}", "")
    Console().print(table)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pdf", type=Path, required=True, help="the PDF to measure on")
    ap.add_argument("--out", type=Path, default=Path("bench/results.json"))
    ap.add_argument("--repeat", type=int, default=3, help="runs per fast measurement (best kept)")
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI measurements")
    args = ap.parse_args(argv)
    if not args.pdf.is_file():
        ap.error(f"no such PDF: {args.pdf}")
    import hashlib

    total = page_count(args.pdf)
    pages = min(args.pages or total, total)
    report = {"pdf": {"path": str(args.pdf), "name": args.pdf.name, "pages": pages,
                      "pages_in_file": total,
                      "sha256": hashlib.sha256(args.pdf.read_bytes()).hexdigest()},
              "environment": environment(), "repeat": args.repeat}
    report.update(measure(args.pdf, pages, args.repeat, not args.no_cli))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    show(report)
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
