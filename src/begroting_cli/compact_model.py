"""A pydantic base whose instances share their record of which fields were set.

Pydantic keeps, per instance, the set of field names the caller passed (`model_fields_set`, read by
`exclude_unset`). A Python set costs 216 bytes however few names it holds, and a parsed document holds
~90,000 models per MB of text (a Value per cell): a sixth of its memory went to these sets, nearly all
alike. Here every instance holds the one set of its kind (interned by content); assigning a field that
was not yet set moves that instance to the shared set that also holds the field's name (pydantic's own
`add` of the name is then a no-op, so no shared set is ever changed), so `model_fields_set` answers
exactly as before. (A private copy per assignment cost 216 bytes, and more once pydantic added the name:
the subtotal structure is assigned to every row of every table.)

`trusted` builds a model from fields the parser already holds in their model types (its own figures and
locations, not input), without validating them again: a third of the cost of a Value. The output is
still checked against the JSON Schema by the tests.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

_SETS: dict[frozenset[str], set[str]] = {}
_SETS_BY_NAMES: dict[tuple[type, tuple[str, ...]], set[str]] = {}
_TEMPLATES: dict[type, tuple[dict[str, Any], list[tuple[str, Any]]]] = {}
M = TypeVar("M", bound="CompactModel")


def shared_fields_set(names: set[str]) -> set[str]:
    """The one set object holding `names` (never mutated in place: see `CompactModel.__setattr__`)."""
    key = frozenset(names)
    return _SETS.get(key) or _SETS.setdefault(key, set(key))


class CompactModel(BaseModel):
    def __init__(self, /, **data: Any) -> None:
        # BaseModel.__init__'s own call, without its frame: ~90,000 models per MB of text are built here.
        self.__pydantic_validator__.validate_python(data, self_instance=self)
        object.__setattr__(self, "__pydantic_fields_set__", shared_fields_set(self.__pydantic_fields_set__))

    def __setattr__(self, name: str, value: Any) -> None:
        fields_set = self.__pydantic_fields_set__
        if name not in fields_set and name in type(self).model_fields:
            object.__setattr__(self, "__pydantic_fields_set__", shared_fields_set(fields_set | {name}))
        super().__setattr__(name, value)

    @classmethod
    def trusted(cls: type[M], **data: Any) -> M:
        """The model holding `data` as given, unvalidated: for values already of the fields' own types (a
        Decimal, a Status, a Provenance...), never for input. A missing required field or an unknown name is
        a TypeError; fields not passed take their defaults, and count as not set, as with validation."""
        key = (cls, tuple(data))
        template, factories, fields_set = _PLANS.get(key) or _plan(key)
        values = {**template, **data}  # every field, in the model's order (the JSON's order)
        for name, factory in factories:  # the fields with a default factory that were not passed
            values[name] = factory()
        model = _new(cls)
        _set(model, "__dict__", values)
        _set(model, "__pydantic_fields_set__", fields_set)
        _set(model, "__pydantic_extra__", None)
        _set(model, "__pydantic_private__", None)
        return model


_REQUIRED = object()  # a required field's place in a template, filled by every call (checked per signature)
_new = object.__new__  # what `cls.__new__` is for a model (BaseModel defines none)
_set = object.__setattr__
# Per model class and names passed to `trusted`: the template, the factories of the fields not passed and the
# shared fields set, worked out once (a document makes ~60,000 trusted models per MB of text).
_PLANS: dict[tuple[type, tuple[str, ...]], tuple[dict[str, Any], list[tuple[str, Any]], set[str]]] = {}


def _plan(key: tuple[type, tuple[str, ...]]) -> tuple[dict[str, Any], list[tuple[str, Any]], set[str]]:
    cls, names = key
    template, factories = _TEMPLATES.get(cls) or _template(cls)  # type: ignore[arg-type]
    fields_set = _SETS_BY_NAMES.get(key) or _fields_set_of(cls, names)  # type: ignore[arg-type]
    plan = _PLANS[key] = (template, [(n, f) for n, f in factories if n not in names], fields_set)
    return plan


def _template(cls: type[CompactModel]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Per model class: every field in order with its plain default, and the fields with a default factory."""
    if cls.__pydantic_post_init__ is not None or cls.__private_attributes__:
        raise TypeError(f"{cls.__name__}.trusted: a model with a post-init or private attributes needs validation")
    template: dict[str, Any] = {}
    factories: list[tuple[str, Any]] = []
    for name, info in cls.model_fields.items():
        template[name] = _REQUIRED if info.is_required() else None if info.default_factory else info.default
        if info.default_factory is not None:
            factories.append((name, info.default_factory))
    _TEMPLATES[cls] = (template, factories)
    return _TEMPLATES[cls]


def _fields_set_of(cls: type[CompactModel], names: tuple[str, ...]) -> set[str]:
    """The shared fields set of one way of calling `trusted`, checked once: every required field, no other name."""
    fields = cls.model_fields
    unknown = [n for n in names if n not in fields]
    missing = [n for n, info in fields.items() if info.is_required() and n not in names]
    if unknown or missing:
        raise TypeError(f"{cls.__name__}.trusted: unknown {unknown}, missing {missing}")
    shared = _SETS_BY_NAMES[cls, names] = shared_fields_set(set(names))
    return shared
