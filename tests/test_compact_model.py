"""Models share their fields-set record (memory) yet answer `model_fields_set` and `exclude_unset` exactly
as pydantic's own per-instance sets would."""

from __future__ import annotations

import random

import pytest
from decimal import Decimal

from begroting_cli.models import Column, FinancialRow, Scenario, Value
from begroting_cli.normalise.numbers import Status
from begroting_cli.provenance import Provenance

OPTIONAL = {"value": Decimal("12.5"), "unit": "%", "marker": "*", "note": "n", "part": "Jeugd"}


def _kwargs(rng: random.Random) -> dict:
    kw = {"raw": "1,5", "status": Status.OK, "provenance": Provenance(line=rng.randint(1, 9))}
    kw.update({k: v for k, v in OPTIONAL.items() if rng.random() < 0.5})
    return kw


def test_fields_set_is_shared_and_exact() -> None:
    rng = random.Random(7)
    for _ in range(300):
        kw = _kwargs(rng)
        a, b = Value(**kw), Value(**kw)
        assert a.model_fields_set == set(kw)
        assert a.model_fields_set is b.model_fields_set  # one record for all alike
        assert set(a.model_dump(exclude_unset=True)) == set(kw)


def test_assignment_copies_the_shared_record() -> None:
    rng = random.Random(11)
    for _ in range(300):
        kw = _kwargs(rng)
        a, b = Value(**kw), Value(**kw)
        name = rng.choice(sorted(OPTIONAL))
        setattr(a, name, OPTIONAL[name])
        assert a.model_fields_set == set(kw) | {name}
        assert b.model_fields_set == set(kw)  # the neighbour's record is untouched


def test_nested_validation_and_copies_keep_their_fields() -> None:
    row = FinancialRow.model_validate({"label": "Totaal", "values": [{"raw": "", "status": "empty",
                                                                      "provenance": {"line": 3}}],
                                       "provenance": {"line": 3}})
    assert row.values[0].model_fields_set == {"raw", "status", "provenance"}
    col = Column(label="2024", year=2024)
    copy = col.model_copy(update={"scenario": Scenario.BEGROTING})
    copy.inferred = True
    assert col.model_fields_set == {"label", "year"}
    assert "inferred" in copy.model_fields_set


def test_trusted_builds_what_validation_builds() -> None:
    """For the parser's own values, `trusted` gives the model validation gives: equal, the same JSON (fields in
    the model's order), the same fields set; a missing required field or an unknown name is refused."""
    rng = random.Random(5)
    for _ in range(300):
        kw = _kwargs(rng)
        names = list(kw)
        rng.shuffle(names)
        kw = {k: kw[k] for k in names}  # any keyword order
        a, b = Value.trusted(**kw), Value(**kw)
        assert a == b and a.model_dump_json() == b.model_dump_json()
        assert a.model_fields_set == b.model_fields_set and list(a.__dict__) == list(b.__dict__)
    row = FinancialRow.trusted(label="Totaal", values=[], provenance=Provenance.trusted(line=2))
    other = FinancialRow.trusted(label="Totaal", values=[], provenance=Provenance.trusted(line=2))
    assert row == FinancialRow(label="Totaal", values=[], provenance=Provenance(line=2))
    assert row.sum_of is not other.sum_of  # a default factory gives each its own list
    with pytest.raises(TypeError):
        Value.trusted(raw="1")
    with pytest.raises(TypeError):
        Value.trusted(raw="1", status=Status.OK, provenance=Provenance(line=1), colour="red")
