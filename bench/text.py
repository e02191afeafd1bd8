"""Text throughput: MB/s on a large text built from the page corpus, linearity and peak memory.

Each size is parsed in a fresh child process (so peak RSS is that parse's own), `--repeat` times,
keeping the best and the median. The text is the corpus pages concatenated in a fixed order, each
under its own heading line, until the size is reached: real layouts, many tables, no file fitted.

    .venv/bin/python bench/text.py ../shared/corpus/pages --sizes 1 10 --out bench/text_results.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import resource, sys, time
from pathlib import Path
from begroting_cli import parse
from begroting_cli.limits import Limits
t0, c0 = time.perf_counter(), time.process_time()
doc = parse(Path(sys.argv[1]), limits=Limits(max_lines=0))  # the text is larger than any real budget book
secs, cpu = time.perf_counter() - t0, time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(secs, cpu, rss, len(doc.elements))
"""


def build_text(pages: Path, megabytes: float) -> str:
    """The corpus pages, each under a heading naming its position, repeated up to the size."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(pages.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt pages in {pages}")
    target = int(megabytes * 1_000_000)
    parts, size, i = [], 0, 0
    while size < target:
        part = f"\n\nHoofdstuk {i + 1}\n\n{texts[i % len(texts)]}\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
        i += 1
    return "".join(parts)


def run_once(path: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MiB) of one parse in a fresh process."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    secs, cpu, rss, _ = out.stdout.split()
    return float(secs), float(cpu), float(rss)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", type=Path, help="the page corpus (a folder of .txt pages)")
    ap.add_argument("--sizes", type=float, nargs="+", default=[1.0, 10.0], help="text sizes in MB (10^6 bytes)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path("bench/text_results.json"))
    a = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in a.sizes:
            path = Path(tmp) / f"corpus-{mb:g}MB.txt"
            path.write_text(build_text(a.pages, mb), encoding="utf-8")
            real_mb = path.stat().st_size / 1_000_000
            runs = [run_once(path) for _ in range(a.repeat)]
            secs = [s for s, _, _ in runs]
            cpu = min(c for _, c, _ in runs)  # on a shared machine the wall time counts the neighbours' work too
            row = {"megabytes": round(real_mb, 2), "best_s": round(min(secs), 3),
                   "median_s": round(statistics.median(secs), 3),
                   "mb_per_s_best": round(real_mb / min(secs), 2),
                   "best_cpu_s": round(cpu, 3), "mb_per_cpu_s": round(real_mb / cpu, 2),
                   "peak_rss_mib": round(max(r for _, _, r in runs), 1)}
            results.append(row)
            print(json.dumps(row))
    report: dict[str, object] = {"sizes": results}
    if len(results) >= 2:
        small, large = results[0], results[-1]
        report["time_ratio"] = round(large["best_s"] / small["best_s"], 2)
        report["cpu_ratio"] = round(large["best_cpu_s"] / small["best_cpu_s"], 2)
        report["size_ratio"] = round(large["megabytes"] / small["megabytes"], 2)
        print(json.dumps({"size_ratio": report["size_ratio"], "time_ratio": report["time_ratio"],
                          "cpu_ratio": report["cpu_ratio"]}))
    a.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
