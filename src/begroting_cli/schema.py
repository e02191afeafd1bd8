"""The published JSON Schemas, generated from the models (serialization mode: what we emit)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from .models import Document

BASE_ID = "https://github.com/begroting/begroting-cli/schemas/"


def model_schema(model: type[BaseModel], name: str) -> dict:
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = BASE_ID + name
    return schema


def schema_json(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def document_schema() -> dict:
    return model_schema(Document, "document.schema.json")


def document_schema_json() -> str:
    return schema_json(document_schema())
