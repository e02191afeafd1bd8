"""What must hold for every input, however mangled.

- No exception but the tool's own (`BegrotingError`: a one-line refusal).
- Every non-blank input line belongs to exactly one element (text input).
- The JSON output is valid against the published JSON Schema (checked with jsonschema up to
  SCHEMA_CHECK_BYTES of JSON, which it validates at ~1 MB/s; larger outputs are checked by loading
  them into the pydantic models the schema is generated from).
- parse -> emit -> load gives the same document (and the same JSON again).
- `validate` runs on the document without an exception.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from begroting_cli.api import parse, parse_text
from begroting_cli.api import validate
from begroting_cli.emit import to_json
from begroting_cli.errors import BegrotingError
from begroting_cli.models import Document
from begroting_cli.schema import document_schema
from begroting_cli.sources.text import decode_text, split_lines

REFUSED, DOCUMENT = "refused", "document"
SCHEMA_CHECK_BYTES = 200_000


class InvariantBroken(AssertionError):
    """An input broke an invariant (not an exception of the tool: a wrong result)."""


@lru_cache(maxsize=1)
def _validator():  # noqa: ANN202 - jsonschema's validator type
    import jsonschema

    return jsonschema.Draft202012Validator(document_schema())


def check_document(doc: Document) -> None:
    text = to_json(doc)
    data = json.loads(text)
    error = next(iter(_validator().iter_errors(data)), None) if len(text) <= SCHEMA_CHECK_BYTES else None
    if error is not None:
        raise InvariantBroken(f"output not valid against the schema at {error.json_path}: {error.message[:200]}")
    again = Document.model_validate_json(text)
    if to_json(again) != text:
        raise InvariantBroken("parse -> emit -> load -> emit differs")
    validate(doc)


def check_lines(doc: Document, text: str) -> None:
    owner: dict[int, int] = {}
    for i, el in enumerate(doc.elements):
        for n in el.lines:
            if n in owner:
                raise InvariantBroken(f"line {n} is in elements {owner[n]} and {i}")
            owner[n] = i
    decoded, _ = decode_text(text.encode("utf-8"), "<fuzz>")
    nonblank = {n for n, line in enumerate(split_lines(decoded), start=1) if line.strip() or "\u00a0" in line}
    if nonblank != owner.keys():
        lost, extra = sorted(nonblank - owner.keys())[:5], sorted(owner.keys() - nonblank)[:5]
        raise InvariantBroken(f"lines not accounted for: lost {lost}, unknown {extra}")


def check_text(text: str, name: str = "fuzz.txt") -> str:
    """REFUSED or DOCUMENT; raises InvariantBroken, or any exception of a bug."""
    try:
        doc = parse_text(text, name=name)
    except BegrotingError as exc:
        if "\n" in exc.one_line():
            raise InvariantBroken("a refusal of more than one line") from None
        return REFUSED
    check_lines(doc, text)
    check_document(doc)
    return DOCUMENT


def check_pdf(path: Path) -> str:
    try:
        doc = parse(path, jobs=1)
    except BegrotingError as exc:
        if "\n" in exc.one_line():
            raise InvariantBroken("a refusal of more than one line") from None
        return REFUSED
    check_document(doc)
    return DOCUMENT
