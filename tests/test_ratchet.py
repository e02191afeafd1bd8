"""The corpus ratchet: no gold document may score below its record in tests/ratchet.json.

Per-page perfection was the old test; on a corpus of 61 municipalities it only says "not yet".
The ratchet keeps every gain: a change that loses one cell anywhere fails here, with the document
and the count named. Raise the records with `python -m tests.corpus_scores --update`.
"""

from __future__ import annotations

import json

import pytest

from .corpus_scores import RECORD, gold_documents, score_document, shortfalls

DOCS = gold_documents() if RECORD.exists() else []
RECORDS = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}


def test_corpus_is_beside_the_repository() -> None:
    if not DOCS:
        pytest.skip("../shared/corpus is not beside the repository")


def test_every_gold_document_has_a_record() -> None:
    if not DOCS:
        pytest.skip("../shared/corpus is not beside the repository")
    missing = [key for key, _, _ in DOCS if key not in RECORDS]
    assert missing == [], "record them with: python -m tests.corpus_scores --update"


@pytest.mark.parametrize(("key", "path", "gold"), DOCS, ids=[d[0] for d in DOCS])
def test_document_keeps_its_record(key: str, path, gold) -> None:
    if key not in RECORDS:
        pytest.skip("no record yet")
    assert shortfalls(RECORDS[key], score_document(path, gold)) == []
