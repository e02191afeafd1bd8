"""`make fuzz`: mutate real documents and PDFs, check the invariants, count crashes and hangs.

    python -m tests.fuzz.run --inputs 10000 --seed 1 [--pdf-share 0.05] [--hang-seconds 20]

Crashing inputs are written to out/fuzz/ (one file each, with the traceback beside it) so that each
becomes a regression test. Exit status: 0 when there was no crash and no hang, else 1.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from tests.fuzz.invariants import check_pdf, check_text
from tests.fuzz.mutate import Mutator, window

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


class Hang(Exception):
    pass


_armed = False  # the alarm only interrupts a check, never the bookkeeping around it


def seeds_text() -> list[tuple[str, list[str]]]:
    paths = sorted((ROOT / "samples").glob("*.txt")) + sorted((SHARED / "corpus" / "pages").glob("*.txt"))
    return [(p.name, p.read_text(encoding="utf-8").splitlines()) for p in paths]


def seeds_pdf() -> list[tuple[str, bytes]]:
    from tests import hostile

    lines = ["Overzicht baten en lasten (bedragen x € 1.000)", "Omschrijving Begroting 2025 Realisatie 2024",
             "Lasten 1.000 2.000", "Baten 500 600", "Saldo -500 -1.400"]
    out = [("generated.pdf", hostile.pdf([hostile.text_ops(lines)] * 2)),
           ("generated-flate.pdf", hostile.pdf([hostile.text_ops(lines)] * 2, flate=True))]
    out += [(p.name, p.read_bytes()) for p in sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))
            if p.stat().st_size < 100_000]
    return out


def _alarm(_signum: int, _frame: object) -> None:
    if _armed:
        raise Hang


def run(inputs: int, seed: int, pdf_share: float, hang_seconds: float, crashes: Path | None,
        quiet: bool = False) -> Counter:
    global _armed  # noqa: PLW0603 - the alarm handler's switch
    rng = random.Random(seed)
    texts, pdfs = seeds_text(), seeds_pdf()
    tally: Counter = Counter()
    slowest = (0.0, "")
    previous = signal.signal(signal.SIGALRM, _alarm)
    began = time.monotonic()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(inputs):
                mutator = Mutator(rng.getrandbits(64))
                is_pdf = rng.random() < pdf_share
                if is_pdf:
                    name, data = rng.choice(pdfs)
                    payload: bytes | str = mutator.pdf(data)
                    path = Path(tmp) / f"fuzz-{n}.pdf"
                    path.write_bytes(payload)
                else:
                    name, lines = rng.choice(texts)
                    payload = "\n".join(mutator.lines(window(lines, rng))) + "\n"
                start = time.monotonic()
                _armed = True
                signal.setitimer(signal.ITIMER_REAL, hang_seconds)
                try:
                    outcome = check_pdf(path) if is_pdf else check_text(payload, name)
                    _armed = False
                    tally[outcome] += 1
                except Hang:
                    _armed = False
                    tally["hang"] += 1
                    _keep(crashes, n, name, payload, "hang")
                except Exception:  # noqa: BLE001 - what the fuzzer is looking for
                    _armed = False
                    tally["crash"] += 1
                    _keep(crashes, n, name, payload, traceback.format_exc())
                finally:
                    _armed = False
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    if is_pdf:
                        path.unlink(missing_ok=True)
                took = time.monotonic() - start
                if took > slowest[0]:
                    slowest = (took, f"input {n} from {name}")
                tally["pdf" if is_pdf else "text"] += 1
                if not quiet and (n + 1) % 500 == 0:
                    print(f"{n + 1} inputs, {tally['crash']} crashes, {tally['hang']} hangs, "
                          f"{time.monotonic() - began:.0f} s", file=sys.stderr)
    finally:
        signal.signal(signal.SIGALRM, previous)
    tally["seconds"] = round(time.monotonic() - began)
    tally["slowest_ms"] = round(slowest[0] * 1000)
    if not quiet:
        print(f"slowest input: {slowest[0]:.2f} s ({slowest[1]})", file=sys.stderr)
    return tally


def _keep(crashes: Path | None, n: int, name: str, payload: bytes | str, why: str) -> None:
    if crashes is None:
        return
    crashes.mkdir(parents=True, exist_ok=True)
    stem = crashes / f"{n:06d}-{Path(name).stem[:40]}"
    if isinstance(payload, bytes):
        stem.with_suffix(".pdf").write_bytes(payload)
    else:
        stem.with_suffix(".txt").write_text(payload, encoding="utf-8", errors="surrogatepass")
    stem.with_suffix(".why").write_text(why, encoding="utf-8")
    print(f"CRASH {stem}: {why.strip().splitlines()[-1]}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pdf-share", type=float, default=0.05)
    ap.add_argument("--hang-seconds", type=float, default=20.0)
    ap.add_argument("--crashes", type=Path, default=ROOT / "out" / "fuzz")
    args = ap.parse_args()
    tally = run(args.inputs, args.seed, args.pdf_share, args.hang_seconds, args.crashes)
    print(f"fuzz: {args.inputs} inputs (seed {args.seed}): {tally['text']} text, {tally['pdf']} PDF; "
          f"{tally['document']} documents, {tally['refused']} one-line refusals, {tally['crash']} crashes, "
          f"{tally['hang']} hangs; {tally['seconds']} s, slowest {tally['slowest_ms']} ms")
    sys.exit(1 if tally["crash"] or tally["hang"] else 0)


if __name__ == "__main__":
    main()
