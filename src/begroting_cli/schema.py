"""The published JSON Schema, generated from the models (serialization mode: what we emit)."""

from __future__ import annotations

import json

from .models import Document


def document_schema() -> dict:
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/begroting/begroting-cli/schemas/document.schema.json"
    return schema


def document_schema_json() -> str:
    return json.dumps(document_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
