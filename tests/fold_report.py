"""The pages corpus scored in two fixed halves by municipality (the fold report of `make eval`).

A rule fitted to the documents of one municipality shows up as a gap between the halves. The
halves are fixed by a hash of the municipality's name (from the page's meta file), so they never
change with the corpus order and a municipality's pages always stay together.

    python -m tests.fold_report
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import yaml

from tests.corpus_scores import CORPORA, gold_documents, score_document, summary


def municipality(path: Path) -> str:
    meta = path.with_name(path.stem + ".meta.yaml")
    if meta.exists():
        name = (yaml.safe_load(meta.read_text(encoding="utf-8")) or {}).get("gemeente")
        if name:
            return str(name).strip().lower()
    parts = path.stem.split("_")
    return parts[1] if len(parts) > 1 else path.stem


def half(name: str) -> str:
    return "A" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def main() -> int:
    folds: dict[str, dict[str, dict[str, int]]] = {"A": {}, "B": {}}
    towns: dict[str, set[str]] = {"A": set(), "B": set()}
    for key, path, gold in gold_documents():
        if not key.startswith("pages/") or not path.is_relative_to(CORPORA["pages"]):
            continue
        town = municipality(path)
        fold = half(town)
        towns[fold].add(town)
        folds[fold][key] = score_document(path, gold)
    for fold in ("A", "B"):
        s = summary(folds[fold])
        print(f"fold {fold} ({len(towns[fold])} municipalities, {len(folds[fold])} gold pages): "
              + json.dumps(s, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
