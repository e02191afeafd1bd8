#!/usr/bin/env python3
"""The peer line of `make eval`: pdfplumber's `extract_tables` and ours on the same PDF gold.

Usage: peer_pdf.py CORPUS_DIR [--begroting CMD] [--json OUT]

Both are scored by the peers' criterion, the *string* one: a gold cell counts when a row of
the gold table's page(s) carries the gold label and the value as printed (`values_raw`). For
pdfplumber a row is a row of any table `extract_tables()` finds (default "lines" strategy), its
label any text cell or all text cells joined; for `begroting` a row is the tidy export's
`row` (or `row / subrow`) with its `raw` strings. Empty cells and nil dashes are not counted,
as in the strict scorer. Ours by the strict typed criterion comes from the shared scorer and is
printed beside it, so one line per gold file reads: strict, string, pdfplumber string.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

NIL = ("-", "–")
_NUMBERISH = re.compile(r"^[\s(+\-–−€]*\d[\d.,\s]*%?\)?$")


def load_scorer(corpus: Path) -> ModuleType:
    """The shared scorer (its label canonicalisation and gold reader), beside the corpus."""
    path = corpus.resolve().parent.parent / "tools" / "eval_corpus.py"
    spec = importlib.util.spec_from_file_location("eval_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def squash(text: object) -> str:
    """A printed value compared as a string: whitespace and minus variants normalised."""
    t = re.sub(r"\s+", "", str(text or ""))
    return t.replace("\u2212", "-").replace("\u2013", "-")


def gold_cells(scorer: ModuleType, table: dict) -> list[tuple[set[str], list[str], str]]:
    """(pages, label candidates, printed value) per counted gold cell of one table."""
    out = []
    pages = scorer.pages_of(table) or {"*"}
    for row in table.get("rows") or []:
        labs = [scorer.canon(row.get("label"))]
        if row.get("group"):
            labs.insert(0, scorer.canon(f"{row['group']} / {row.get('label')}"))
        raws = row.get("values_raw") or []
        for i, v in enumerate(row.get("values_eur") or []):
            raw = str(raws[i]).strip() if i < len(raws) else ""
            if v is None or raw in NIL or not raw:
                continue
            pg = {str(row["page"])} if row.get("page") is not None else pages
            out.append((pg, labs, squash(raw)))
    return out


def plumber_rows(pdf: Path, pages: set[str], scorer: ModuleType) -> dict[str, list[tuple[set[str], Counter]]]:
    """Per page: (label candidates, printed strings) of every row of every table pdfplumber finds."""
    import pdfplumber

    out: dict[str, list[tuple[set[str], Counter]]] = defaultdict(list)
    with pdfplumber.open(pdf) as doc:
        for p in sorted(int(x) for x in pages if x != "*"):
            for table in doc.pages[p - 1].extract_tables():
                for row in table:
                    cells = [c for c in row if c is not None and str(c).strip()]
                    texts = [c for c in cells if not _NUMBERISH.match(str(c))]
                    labels = {scorer.canon(c) for c in texts} | {scorer.canon(" ".join(texts))}
                    # a cell may hold several printed values stacked on lines of its own
                    values = Counter(squash(part) for c in cells for part in str(c).split("\n"))
                    out[str(p)].append((labels - {""}, values))
    return out


def our_rows(cmd: list[str], pdf: Path, scorer: ModuleType) -> tuple[dict[str, list[tuple[set[str], Counter]]], list[dict]]:
    """Per page: (label candidates, printed strings) of every tidy row of `begroting export`."""
    proc = subprocess.run(cmd + ["export", str(pdf), "--format", "csv"], capture_output=True, text=True)
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    grouped: dict[tuple[str, str, str, str], Counter] = defaultdict(Counter)
    for r in rows:
        if r.get("element") not in ("financial_table", "budget_comparison"):
            continue
        key = (str(r.get("page") or "").split(".")[0], r.get("title") or "", r.get("row") or "",
               r.get("subrow") or "")
        grouped[key][squash(r.get("raw"))] += 1
    out: dict[str, list[tuple[set[str], Counter]]] = defaultdict(list)
    for (page, _title, row, sub), values in grouped.items():
        out[page].append((set(scorer.labels_of({"row": row, "subrow": sub})), values))
    return out, rows


def string_score(cells: list[tuple[set[str], list[str], str]],
                 rows: dict[str, list[tuple[set[str], Counter]]]) -> int:
    """Gold cells found as printed in a row with their label; each printed string used once."""
    left = {pg: [(labels, values.copy()) for labels, values in rs] for pg, rs in rows.items()}
    hits = 0
    for pages, labs, raw in cells:
        found = False
        for pg in sorted(pages):
            for labels, values in left.get(pg, []):
                if values[raw] > 0 and labels & set(labs):
                    values[raw] -= 1
                    found = True
                    break
            if found:
                break
        hits += found
    return hits


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--begroting", default="begroting", help="command that runs the CLI")
    ap.add_argument("--json", type=Path, help="write the per-file lines here")
    a = ap.parse_args()
    scorer = load_scorer(a.corpus)
    golds = scorer.gold_for(a.corpus)
    lines: list[dict[str, Any]] = []
    total: Counter = Counter()
    for pdf in sorted(a.corpus.glob("*.pdf")):
        gold = golds.get(pdf.stem)
        if not gold or not gold.get("financial_tables"):
            continue
        cells = [c for t in gold["financial_tables"] for c in gold_cells(scorer, t)]
        pages = {p for c in cells for p in c[0]}
        ours, tidy = our_rows(a.begroting.split(), pdf, scorer)
        strict = scorer.score(gold, tidy)
        line = {"file": pdf.name, "cells": len(cells),
                "ours_strict": strict.get("fin_strict_hit", 0),
                "ours_string": string_score(cells, ours),
                "pdfplumber_string": string_score(cells, plumber_rows(pdf, pages, scorer))}
        line["ours_ge_peer"] = line["ours_string"] >= line["pdfplumber_string"]
        lines.append(line)
        total.update({k: v for k, v in line.items() if isinstance(v, int) and not isinstance(v, bool)})
        print(json.dumps(line, ensure_ascii=False))
    n = total["cells"] or 1
    summary = {"peer_pdf": "string criterion: printed value in the row with the gold label",
               "cells": total["cells"],
               "ours_strict": f"{100 * total['ours_strict'] / n:.1f}%",
               "ours_string": f"{100 * total['ours_string'] / n:.1f}%",
               "pdfplumber_string": f"{100 * total['pdfplumber_string'] / n:.1f}%",
               "ours_ge_peer_on_every_file": all(x["ours_ge_peer"] for x in lines)}
    print(json.dumps(summary, ensure_ascii=False))
    if a.json:
        a.json.write_text(json.dumps({"summary": summary, "files": lines}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
