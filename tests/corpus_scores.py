"""Per-document corpus scores, computed in-process with the shared scorer's own `score` function.

The scorer (`../shared/tools/eval_corpus.py`, what `make eval` runs) reads the tidy CSV of
`begroting export`; here the same CSV is produced in memory, so the numbers agree with `make eval`
document for document. `tests/ratchet.json` records them; `test_ratchet.py` fails when a document
falls below its record.

Raise the records after an improvement (never by hand):

    .venv/bin/python -m tests.corpus_scores --update

`--update` refuses to lower any record; `--allow-lower` exists for a reviewed gold change only.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import sys
from pathlib import Path
from functools import cache
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# `html`: hand-built HTML renderings of gold pages, with copies of their gold (tests/html/README.md).
CORPORA = {"pages": SHARED / "corpus" / "pages", "pdf": SHARED / "corpus" / "pdf",
           "html": ROOT / "tests" / "html" / "pages"}
SCORER = SHARED / "tools" / "eval_corpus.py"
RECORD = Path(__file__).resolve().parent / "ratchet.json"

# Counts that may only rise, and counts that may only fall.
HIGHER_IS_BETTER = ("fin_hit", "fin_strict_hit", "ind_hit", "list_hit", "list_count_hit")
LOWER_IS_BETTER = ("wrong_scale", "wrong_sign", "crashed", "invented")
TOTALS = ("fin_total", "ind_total", "list_total", "list_count_total")


@cache
def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_corpus", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_documents() -> list[tuple[str, Path, dict[str, Any]]]:
    """(key, document path, gold) for every document with gold in the shared corpora (none without them)."""
    if not SCORER.exists():
        return []
    scorer = load_scorer()
    out = []
    for name, corpus in CORPORA.items():
        if not corpus.exists():
            continue
        golds = scorer.gold_for(corpus)
        for path in sorted(p for p in corpus.rglob("*") if p.suffix.lower() in scorer.DOC_SUFFIXES):
            if path.stem in golds:
                out.append((f"{name}/{path.name}", path, golds[path.stem]))
    return out


def tidy_csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows `begroting export PATH --format csv` prints, read back the way the scorer reads them."""
    from begroting_cli import parse
    from begroting_cli.emit import to_csv, tidy_rows

    return list(csv.DictReader(io.StringIO(to_csv(tidy_rows(parse(path))))))


def invented(gold: dict[str, Any], rows: list[dict[str, str]]) -> int:
    """Precision: figures in financial tables whose (label, euros) is in no gold table of a gold page.

    Only for page gold, which covers whole pages; PDF gold covers a few tables of a long document.
    """
    scorer = load_scorer()
    mult = gold.get("unit_multiplier") or 1
    # euros -> the label sets of the gold cells with that amount (a grouped row answers to its label
    # and to "group / label", as in the scorer)
    allowed: dict[float, list[set[str]]] = {}
    for table in gold.get("financial_tables") or []:
        for row in table["rows"]:
            labels = {scorer.canon(row["label"])}
            if row.get("group"):
                labels.add(scorer.canon(f"{row['group']} / {row['label']}"))
            for eur in row.get("values_eur") or []:
                if eur is not None:
                    allowed.setdefault(float(eur), []).append(labels)
    extra = 0
    for r in rows:
        value = scorer.num(r.get("value"))
        if r.get("element") not in ("financial_table", "budget_comparison") or value is None \
                or (r.get("unit") or "").strip() == "%":
            continue  # gold keeps a percentage cell of a money table with values_eur null
        euros = value if r.get("unit") else value * mult
        ours = set(scorer.labels_of(r))
        for amount in dict.fromkeys((float(euros), float(value))):
            cells = allowed.get(amount, [])
            hit = next((i for i, labels in enumerate(cells) if labels & ours), None)
            if hit is not None:
                cells.pop(hit)
                break
        else:
            extra += 1
    return extra


def score_document(path: Path, gold: dict[str, Any]) -> dict[str, int]:
    scorer = load_scorer()
    try:
        rows = tidy_csv_rows(path)
        crashed = 0
    except Exception:  # a crash scores nothing and is counted, as in the scorer
        rows, crashed = [], 1
    result = {k: 0 for k in (*HIGHER_IS_BETTER, *LOWER_IS_BETTER, *TOTALS)}
    result.update(scorer.score(gold, rows))
    result["crashed"] = crashed
    if "_unit_printed" in gold or path.suffix.lower() == ".txt":
        result["invented"] = invented(gold, rows)
    return result


def score_all() -> dict[str, dict[str, int]]:
    return {key: score_document(path, gold) for key, path, gold in gold_documents()}


def shortfalls(record: dict[str, int], now: dict[str, int]) -> list[str]:
    """What got worse than the record, in words."""
    worse = [f"{k} {now.get(k, 0)} < {record[k]}" for k in HIGHER_IS_BETTER if now.get(k, 0) < record.get(k, 0)]
    worse += [f"{k} {now.get(k, 0)} > {record[k]}" for k in LOWER_IS_BETTER
              if k in record and now.get(k, 0) > record[k]]
    return worse


def summary(scores: dict[str, dict[str, int]]) -> dict[str, str]:
    tot: dict[str, int] = {}
    for s in scores.values():
        for k, v in s.items():
            tot[k] = tot.get(k, 0) + v

    def pct(hit: str, total: str) -> str:
        return f"{100.0 * tot[hit] / tot[total]:.1f}% ({tot[hit]}/{tot[total]})" if tot.get(total) else "n/a"

    return {"financial_cell_strict": pct("fin_strict_hit", "fin_total"),
            "financial_cell_recall": pct("fin_hit", "fin_total"),
            "indicator_value_recall": pct("ind_hit", "ind_total"),
            "list_item_recall": pct("list_hit", "list_total"),
            "wrong_scale": str(tot.get("wrong_scale", 0)), "wrong_sign": str(tot.get("wrong_sign", 0)),
            "invented": str(tot.get("invented", 0))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score the corpus per document and compare with tests/ratchet.json")
    ap.add_argument("--update", action="store_true", help="raise the records to today's scores")
    ap.add_argument("--allow-lower", action="store_true", help="with --update: also lower records (gold changed)")
    a = ap.parse_args(argv)
    scores = score_all()
    record = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    worse = {k: shortfalls(record[k], v) for k, v in scores.items() if k in record and shortfalls(record[k], v)}
    better = sorted(k for k, v in scores.items()
                    if k not in record or any(v[m] > record[k].get(m, 0) for m in HIGHER_IS_BETTER))
    for key, why in worse.items():
        print(f"below record: {key}: {'; '.join(why)}")
    for key in better:
        print(f"above record: {key}")
    print(json.dumps(summary(scores), ensure_ascii=False))
    if a.update:
        if worse and not a.allow_lower:
            print("not updated: some documents fell below their record", file=sys.stderr)
            return 1
        RECORD.write_text(json.dumps(scores, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {RECORD.relative_to(ROOT)}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
