"""The published JSON Schema validates what we emit, and emit -> load gives an equal model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from begroting_cli import parse
from begroting_cli.emit import to_json, to_yaml
from begroting_cli.models import Document

from .conftest import PAGES, ROOT, SAMPLES

SCHEMA = json.loads((ROOT / "schemas" / "document.schema.json").read_text(encoding="utf-8"))
DOCS = sorted(SAMPLES.glob("*.txt")) + (sorted(PAGES.glob("*.txt"))[:6] if PAGES.exists() else [])


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem[:24])
def test_output_validates_and_round_trips(path: Path) -> None:
    doc = parse(path)
    data = json.loads(to_json(doc))
    jsonschema.validate(data, SCHEMA)
    again = Document.model_validate_json(to_json(doc))
    assert to_json(again) == to_json(doc)
    import yaml

    assert yaml.safe_load(to_yaml(doc)) == data


def test_money_is_never_a_float() -> None:
    text = to_json(parse(SAMPLES / "venlo-jaarverslag-2017-sociaal-domein.txt"))
    data = json.loads(text)
    floats = []

    def walk(x: object) -> None:
        if isinstance(x, float):
            floats.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    assert floats == []
